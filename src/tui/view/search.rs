//! Finding the query: which items of an open briefing match, and the
//! highlighting laid over the rows on screen when they are drawn.

use super::*;
use crate::briefing::{Attribution, Briefing, Figure, TimelineEntry};
use crate::tui::model::{Hit, Pane};

/// Splits `text` into spans, matches of `query` (ignoring case) in `hit` style.
pub fn highlight(text: &str, style: Style, query: &str, hit: Style) -> Vec<Span<'static>> {
    let ranges = find_ignoring_case(text, query);
    if ranges.is_empty() {
        return vec![Span::styled(text.to_owned(), style)];
    }
    let mut spans = Vec::new();
    let mut at = 0;
    for r in ranges {
        if r.start > at {
            spans.push(Span::styled(text[at..r.start].to_owned(), style));
        }
        spans.push(Span::styled(text[r.clone()].to_owned(), style.patch(hit)));
        at = r.end;
    }
    if at < text.len() {
        spans.push(Span::styled(text[at..].to_owned(), style));
    }
    spans
}

/// A line of a body with the query's matches highlighted, past its first
/// `plain` spans; the line itself when there is no query.
pub fn highlight_line<'a>(
    line: &'a Line<'static>,
    plain: usize,
    query: &str,
    hit: Style,
) -> std::borrow::Cow<'a, Line<'static>> {
    if query.is_empty() {
        return std::borrow::Cow::Borrowed(line);
    }
    let mut spans: Vec<Span<'static>> = line.spans[..plain.min(line.spans.len())].to_vec();
    for span in line.spans.iter().skip(plain) {
        spans.extend(highlight(&span.content, span.style, query, hit));
    }
    std::borrow::Cow::Owned(Line {
        spans,
        ..line.clone()
    })
}

/// Byte ranges where `needle` occurs in `hay`, compared character by
/// character in lower case, without overlaps.
pub fn find_ignoring_case(hay: &str, needle: &str) -> Vec<Range<usize>> {
    let wanted: Vec<char> = needle.chars().flat_map(char::to_lowercase).collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = hay.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    'outer: while i < chars.len() {
        let mut j = i;
        let mut w = 0;
        while w < wanted.len() {
            let Some(&(_, c)) = chars.get(j) else {
                break 'outer;
            };
            let mut lower = c.to_lowercase();
            if lower.len() != 1 || lower.next() != Some(wanted[w]) {
                i += 1;
                continue 'outer;
            }
            j += 1;
            w += 1;
        }
        let end = chars.get(j).map_or(hay.len(), |&(b, _)| b);
        out.push(chars[i].0..end);
        i = j;
    }
    out
}

fn matches(text: &str, query: &str) -> bool {
    !find_ignoring_case(&sanitize_line(text), query).is_empty()
}

fn summary_blocks(b: &Briefing) -> Vec<&str> {
    let mut v = vec![b.summary.headline.as_str()];
    v.extend(b.summary.body.iter().map(String::as_str));
    v.extend(b.summary.key_points.iter().map(String::as_str));
    v
}

fn entry_text(b: &Briefing, t: &TimelineEntry) -> String {
    format!(
        "{} {} {} {}",
        t.when,
        t.what,
        t.attribution.quote.as_deref().unwrap_or(""),
        attribution_names(b, &t.attribution)
    )
}

fn figure_text(b: &Briefing, f: &Figure) -> String {
    format!(
        "{} {} {} {} {}",
        f.display_value(),
        f.unit,
        f.what,
        f.attribution.quote.as_deref().unwrap_or(""),
        attribution_names(b, &f.attribution)
    )
}

fn attribution_names(b: &Briefing, a: &Attribution) -> String {
    let mut names = b.actor_names(&a.actors);
    names.extend(b.actor_names(&a.disputed_by));
    names.join(" ")
}

/// Every item of every pane that contains the query, in pane order.
pub fn search_hits(b: &Briefing, query: &str) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut push = |pane, item, text: &str| {
        if matches(text, query) {
            hits.push(Hit { pane, item });
        }
    };
    for (i, block) in summary_blocks(b).iter().enumerate() {
        push(Pane::Summary, i, block);
    }
    for (i, a) in b.actors.iter().enumerate() {
        let text = format!(
            "{} {} {} {} {}",
            a.name,
            a.kind.label(),
            a.affiliation.as_deref().unwrap_or(""),
            a.role.as_deref().unwrap_or(""),
            a.aliases.join(" ")
        );
        push(Pane::Actors, i, &text);
    }
    for (i, t) in b.timeline.iter().enumerate() {
        push(Pane::Timeline, i, &entry_text(b, t));
    }
    for (i, f) in b.figures.iter().enumerate() {
        push(Pane::Figures, i, &figure_text(b, f));
    }
    for (i, s) in b.sources.iter().enumerate() {
        let text = format!(
            "{} {} {} {}",
            s.id,
            s.title,
            s.publisher.as_deref().unwrap_or(""),
            s.url.as_deref().unwrap_or("")
        );
        push(Pane::Sources, i, &text);
    }
    hits
}
