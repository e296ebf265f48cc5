//! Drawing: a pure function of [`App`]. Nothing here changes state; scroll
//! offsets were settled by `App::sync_scroll` before the frame, and the
//! wrapped text comes from the app's cache. One file per screen:
//! `library`, `briefing`, `overlay`.

mod briefing;
mod fulltext;
mod library;
mod overlay;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::app::App;
use super::layout;
use super::model::Screen;
use super::view::{Body, highlight_line};
use crate::text::{fit, fit_field_parts, fit_fields, sanitize_line, width as text_width};

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if layout::too_small(area) {
            too_small(self, area, buf);
            return;
        }
        match self.briefing() {
            Some(b) => briefing::draw(self, b, area, buf),
            None => library::draw(self, area, buf),
        }
        if let Some(overlay) = self.overlay() {
            overlay::draw(self, overlay, area, buf);
        }
    }
}

fn too_small(app: &App, area: Rect, buf: &mut Buffer) {
    let x = app.theme().sym("×");
    let text = format!(
        "Terminal too small: {}{x}{}, need {}{x}{}",
        area.width,
        area.height,
        layout::MIN_WIDTH,
        layout::MIN_HEIGHT
    );
    let lines: Vec<Line> =
        textwrap::wrap(&text, crate::wrap::options(usize::from(area.width).max(1)))
            .into_iter()
            .map(|l| Line::from(l.into_owned()))
            .collect();
    Paragraph::new(lines).render(area, buf);
}

/// A line in place of a body's line `row` (the first of item `item`), or
/// `None` to draw the body's own: the marks that depend on a selection,
/// laid on the rows drawn only.
type Patch<'a> = &'a dyn Fn(usize, &Line<'static>) -> Option<Line<'static>>;

/// Draws `lines[offset..]` into `area`, styling the rows in `selected`
/// and highlighting `query` in the rows drawn (and only those).
fn draw_lines(
    body: &Body,
    offset: usize,
    area: Rect,
    buf: &mut Buffer,
    selected: Option<(std::ops::Range<usize>, Style)>,
    query: (&str, Style),
) {
    draw_lines_patched(body, offset, area, buf, selected, query, &|_, _| None);
}

/// [`draw_lines`], with `patch` asked for the first line of each item drawn.
fn draw_lines_patched(
    body: &Body,
    offset: usize,
    area: Rect,
    buf: &mut Buffer,
    selected: Option<(std::ops::Range<usize>, Style)>,
    query: (&str, Style),
    patch: Patch<'_>,
) {
    for (row, line) in body
        .lines
        .iter()
        .enumerate()
        .skip(offset)
        .take(usize::from(area.height))
    {
        let y = area.y + (row - offset) as u16;
        let line_area = Rect {
            y,
            height: 1,
            ..area
        };
        if let Some((range, style)) = &selected
            && range.contains(&row)
        {
            buf.set_style(line_area, *style);
        }
        // Items start on strictly increasing lines.
        let patched = body
            .items
            .binary_search_by_key(&row, |r| r.start)
            .ok()
            .and_then(|item| patch(item, line));
        let line = patched.as_ref().unwrap_or(line);
        let line = highlight_line(line, body.plain_spans(row), query.0, query.1);
        line.as_ref().render(line_area, buf);
    }
}

/// The status line: what `left` says, and the key hints at the right.
/// Hints marked essential (`? help`) are always shown; the others give way,
/// last first, when the left needs the room, and then the left is cut with
/// a mark. Hints come from the keymap, so they name the keys the user bound.
fn status_line(
    app: &App,
    area: Rect,
    buf: &mut Buffer,
    left: String,
    hints: &[Option<(String, bool)>],
) {
    let t = app.theme();
    buf.set_style(area, t.status());
    let width = usize::from(area.width);
    let mut shown: Vec<(String, bool)> = hints
        .iter()
        .flatten()
        .map(|(h, essential)| (t.chrome(h).into_owned(), *essential))
        .collect();
    let joined = |shown: &[(String, bool)]| {
        let hs: Vec<&str> = shown.iter().map(|(h, _)| h.as_str()).collect();
        if hs.is_empty() {
            String::new()
        } else {
            format!("{} ", hs.join(t.sep()))
        }
    };
    let mut right = joined(&shown);
    while text_width(&left) + text_width(&right) + 1 > width {
        let Some(drop) = shown.iter().rposition(|(_, essential)| !essential) else {
            break;
        };
        shown.remove(drop);
        right = joined(&shown);
    }
    if text_width(&right) + 1 > width {
        right.clear();
    }
    let right_w = text_width(&right);
    let left = fit(&left, width.saturating_sub(right_w + 1), t.ellipsis()).into_owned();
    Line::from(Span::raw(left)).render(area, buf);
    if right_w > 0 {
        let r = Rect {
            x: area.x + area.width - right_w as u16,
            width: right_w as u16,
            ..area
        };
        Line::from(right).render(r, buf);
    }
    buf.set_style(area, t.status());
}

/// The prompt being typed into, as the status line shows it.
fn prompt(app: &App) -> Option<String> {
    let (search, what) = match app.mode {
        super::model::Mode::Prompt(Screen::Library) => (&app.filter, "filter"),
        super::model::Mode::Prompt(Screen::Briefing) => (&app.search, "search"),
        super::model::Mode::Find(..) => (&app.text_search, "search the text"),
        _ => return None,
    };
    let cursor = app.theme().sym("▏");
    Some(format!("{what}: {}{cursor}", sanitize_line(&search.query)))
}
