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
use crate::text::{sanitize_line, truncate, width as text_width};

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if layout::too_small(area) {
            too_small(area, buf);
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

fn too_small(area: Rect, buf: &mut Buffer) {
    let text = format!(
        "Terminal too small: {}×{}, need {}×{}",
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

/// Draws `lines[offset..]` into `area`, styling the rows in `selected`.
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
        let line = highlight_line(line, body.plain_spans(row), query.0, query.1);
        line.as_ref().render(line_area, buf);
    }
}

fn status_line(app: &App, area: Rect, buf: &mut Buffer, left: String, right: String) {
    let t = app.theme();
    buf.set_style(area, t.status());
    // The key hints give way when what the left says needs the room.
    let right = if text_width(&left) + text_width(&right) + 1 > usize::from(area.width) {
        String::new()
    } else {
        right
    };
    let right_w = text_width(&right).min(usize::from(area.width));
    let left = truncate(&left, usize::from(area.width).saturating_sub(right_w + 1)).into_owned();
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
        _ => return None,
    };
    Some(format!("{what}: {}▏", sanitize_line(&search.query)))
}
