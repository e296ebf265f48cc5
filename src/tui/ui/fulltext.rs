//! The library's full-text hits on screen: the passage under each row
//! that has one, and why a query found nothing.

use ratatui::style::Modifier;

use super::*;

/// The passage of entry `i`'s hit, on `area` (the line under its row),
/// from the title's column: one line, sanitized, cut with `…`, the
/// matched words in the hit style, bold and underlined so they stand out
/// without colour too.
pub(super) fn passage(app: &App, i: usize, area: Rect, buf: &mut Buffer) {
    let Some(hit) = app.full_text_hit(i) else {
        return;
    };
    let t = app.theme();
    let indent = (3 + 9 + app.date_width + 2).min(usize::from(area.width) / 2);
    let mut room = usize::from(area.width).saturating_sub(indent);
    let mut spans = vec![Span::raw(" ".repeat(indent))];
    let pieces = in_view(
        hit.passage
            .iter()
            .map(|(text, matched)| (one_line(text), *matched))
            .collect(),
        room,
        t.ellipsis(),
    );
    let n = pieces.len();
    for (k, (clean, matched)) in pieces.iter().enumerate() {
        if room == 0 {
            break;
        }
        // A piece that fills the line while more follow ends in `…` too.
        let piece = if k + 1 < n && text_width(clean) >= room {
            fit(&format!("{clean}{}", t.ellipsis()), room, t.ellipsis()).into_owned()
        } else {
            fit(clean, room, t.ellipsis()).into_owned()
        };
        room = room.saturating_sub(text_width(&piece));
        let style = if *matched {
            t.hit().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        } else {
            t.muted()
        };
        spans.push(Span::styled(piece, style));
    }
    Line::from(spans).render(area, buf);
}

/// The pieces with the first match in view: when the text before it would
/// push it past `room`, that text keeps only its last third of the room,
/// cut on the left with `…`.
fn in_view(mut pieces: Vec<(String, bool)>, room: usize, ell: &str) -> Vec<(String, bool)> {
    let Some(first) = pieces.iter().position(|(_, m)| *m) else {
        return pieces;
    };
    let before: String = pieces[..first].iter().map(|(t, _)| t.as_str()).collect();
    let lead = room / 3;
    if text_width(&before) + text_width(&pieces[first].0) <= room || text_width(&before) <= lead {
        return pieces;
    }
    let mut kept = Vec::new();
    let mut w = text_width(ell);
    let mut buf = [0u8; 4];
    for c in before.chars().rev() {
        let cw = text_width(c.encode_utf8(&mut buf));
        if w + cw > lead {
            break;
        }
        w += cw;
        kept.push(c);
    }
    let cut: String = ell.chars().chain(kept.into_iter().rev()).collect();
    pieces.splice(..first, [(cut, false)]);
    pieces
}

/// Text of any length and lines as one line: each run of white space one
/// space, and nothing the terminal would act on.
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    if space {
        out.push(' ');
    }
    sanitize_line(&out).into_owned()
}

/// Why the full text found nothing (a query the index does not
/// understand, no index), on the list's last line.
pub(super) fn notice(app: &App, list: Rect, buf: &mut Buffer) {
    let Some(why) = app.full_text_error() else {
        return;
    };
    if list.height == 0 {
        return;
    }
    let t = app.theme();
    let text = format!(" full text: {}", sanitize_line(why));
    let line = fit(&text, usize::from(list.width), t.ellipsis()).into_owned();
    let area = Rect {
        y: list.y + list.height - 1,
        height: 1,
        ..list
    };
    buf.set_style(area, Style::default());
    Line::from(Span::styled(line, t.error())).render(area, buf);
}
