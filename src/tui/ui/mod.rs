//! Drawing: a pure function of [`App`]. Nothing here changes state; scroll
//! offsets were settled by [`App::sync_scroll`] before the frame.

pub mod theme;

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use super::app::{App, Confirm, Overlay, Pane, Screen};
use super::layout;
use super::view::{self, Body, theme};
use crate::briefing::Briefing;
use crate::library::state::ReadState;
use crate::text::{sanitize_line, truncate, width as text_width};

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if layout::too_small(area) {
            too_small(area, buf);
            return;
        }
        match self.briefing() {
            Some(b) => briefing(self, b, area, buf),
            None => library(self, area, buf),
        }
        if let Some(overlay) = self.overlay {
            draw_overlay(self, overlay, area, buf);
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
    let lines: Vec<Line> = textwrap::wrap(&text, usize::from(area.width).max(1))
        .into_iter()
        .map(|l| Line::from(l.into_owned()))
        .collect();
    Paragraph::new(lines).render(area, buf);
}

/// Draws `lines[offset..]` into `area`, styling the rows in `selected`.
fn draw_lines(
    body: &Body,
    offset: usize,
    area: Rect,
    buf: &mut Buffer,
    selected: Option<(std::ops::Range<usize>, Style)>,
) {
    for (row, line) in body
        .lines
        .iter()
        .skip(offset)
        .take(usize::from(area.height))
        .enumerate()
    {
        let y = area.y + row as u16;
        let line_area = Rect {
            y,
            height: 1,
            ..area
        };
        if let Some((range, style)) = &selected
            && range.contains(&(offset + row))
        {
            buf.set_style(line_area, *style);
        }
        line.render(line_area, buf);
    }
}

fn status_line(app: &App, area: Rect, buf: &mut Buffer, left: String, right: String) {
    let t = theme(app);
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

fn prompt(app: &App) -> Option<String> {
    let (search, what) = match app.screen {
        Screen::Library => (&app.filter, "filter"),
        Screen::Briefing => (&app.search, "search"),
    };
    if search.editing {
        Some(format!("{what}: {}▏", sanitize_line(&search.query)))
    } else {
        None
    }
}

fn library(app: &App, area: Rect, buf: &mut Buffer) {
    let t = theme(app);
    let lay = layout::library(area);
    // The header always says what the list is: how many, what order, which filters.
    let mut header = vec![Span::styled(
        format!(
            " brief · {} of {} · sort: {}",
            app.visible.len(),
            crate::cli::check::plural(app.entries.len(), "briefing"),
            app.sort.label()
        ),
        t.title(),
    )];
    let f = app.filters;
    let mut on: Vec<String> = Vec::new();
    if f.unread {
        on.push("unread".into());
    }
    if f.flagged {
        on.push("flagged".into());
    }
    if f.high {
        on.push("high+".into());
    }
    if f.archived {
        on.push("with archived".into());
    }
    if !app.filter.query.is_empty() {
        on.push(format!("/{}", sanitize_line(&app.filter.query)));
    }
    if !on.is_empty() {
        header.push(Span::styled(
            format!(" · showing: {}", on.join(", ")),
            t.marker(),
        ));
    }
    Line::from(header).render(lay.header, buf);

    let width = usize::from(lay.list.width);
    let rows = &app.visible;
    if rows.is_empty() {
        let msg = if app.loading.is_some() {
            "Loading…"
        } else if app.entries.is_empty() {
            "No briefings here. `brief check` tells why files were not loaded."
        } else {
            "No briefing matches the filter. Esc clears it."
        };
        // Styled text only: dimming the whole area would rewrite every blank cell.
        Line::from(Span::styled(msg, t.muted())).render(
            Rect {
                height: 1,
                ..lay.list
            },
            buf,
        );
    }
    let date_w = app.date_width;
    let offset = app.library.offset;
    for (row, &i) in rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(usize::from(lay.list.height))
    {
        let b = &app.entries[i];
        let y = lay.list.y + (row - offset) as u16;
        let line_area = Rect {
            y,
            height: 1,
            ..lay.list
        };
        let state = &app.store.state;
        let marker = match state.read_state_of(&b.id, &b.digest) {
            ReadState::New => t.glyph("●", "*"),
            ReadState::Updated => t.glyph("◆", "+"),
            ReadState::Read => " ",
        };
        let flag = if state.flagged(&b.id) {
            t.glyph("⚑", "!")
        } else {
            " "
        };
        let archived = state.archived(&b.id);
        let tags = if b.tags.is_empty() {
            String::new()
        } else {
            format!("  #{}", b.tags.join(" #"))
        };
        let fixed = 3 + 9 + date_w + 2;
        let title =
            truncate(&sanitize_line(&b.title), width.saturating_sub(fixed + 2)).into_owned();
        let tags = truncate(
            &sanitize_line(&tags),
            width.saturating_sub(fixed + text_width(&title)),
        )
        .into_owned();
        let mut spans = vec![
            Span::styled(marker, t.marker()),
            Span::styled(format!("{flag} "), t.dispute()),
            Span::styled(
                format!(
                    "{:<9}",
                    if archived {
                        "archived"
                    } else {
                        b.priority.label()
                    }
                ),
                if archived {
                    t.muted()
                } else {
                    t.priority(b.priority)
                },
            ),
            Span::styled(format!("{:<date_w$}  ", b.shown_date), t.date()),
        ];
        spans.extend(view::highlight(
            &title,
            t.title(),
            &app.filter.query,
            t.hit(),
        ));
        spans.extend(view::highlight(
            &tags,
            t.muted(),
            &app.filter.query,
            t.hit(),
        ));
        if row == app.library.selected {
            // The selected row in one style over its text only: moving the
            // selection then rewrites two rows with few style changes and
            // leaves the blanks after them alone, which matters over SSH.
            let text: String = spans.iter().map(|s| s.content.as_ref()).collect();
            let bold = t
                .selected(true)
                .add_modifier(ratatui::style::Modifier::BOLD);
            Line::from(Span::styled(text, bold)).render(line_area, buf);
        } else {
            Line::from(spans).render(line_area, buf);
        }
    }

    let question = app.confirming.map(|Confirm::MarkAllRead(n)| {
        format!(
            " Mark {} read? y/n",
            crate::cli::check::plural(n, "listed briefing")
        )
    });
    let left = question.or_else(|| prompt(app)).unwrap_or_else(|| {
        let mut s = format!(
            " {}",
            crate::cli::check::plural(app.entries.len(), "briefing")
        );
        if !app.filter.query.is_empty() {
            s.push_str(&format!(
                " · {} shown · filter {:?} (Esc clears)",
                rows.len(),
                app.filter.query
            ));
        }
        if let Some((_, 0)) = app.loading {
            s.push_str(" · loading…");
        } else if let Some((done, total)) = app.loading {
            s.push_str(&format!(
                " · loading {} / {}",
                crate::text::group_thousands(&done.to_string()),
                crate::text::group_thousands(&total.to_string())
            ));
        }
        if app.failed > 0 {
            let files = if app.failed == 1 { "file" } else { "files" };
            s.push_str(&format!(
                " · {} {files} could not be loaded: press e",
                app.failed
            ));
        }
        if let Some(m) = &app.message {
            s = format!(" {m}");
        }
        s
    });
    status_line(
        app,
        lay.status,
        buf,
        left,
        "Enter open · / filter · ? help · q quit ".into(),
    );
}

fn briefing(app: &App, b: &Briefing, area: Rect, buf: &mut Buffer) {
    let t = theme(app);
    let lay = layout::briefing(area, app.pane);
    // Header: title, then the facts line.
    let [title_row, facts_row] = [
        Rect {
            height: 1,
            ..lay.header
        },
        Rect {
            y: lay.header.y + 1,
            height: 1,
            ..lay.header
        },
    ];
    Line::from(vec![
        Span::styled(
            format!("{} ", b.priority.label().to_uppercase()),
            t.priority(b.priority),
        ),
        Span::styled(sanitize_line(&b.title).into_owned(), t.title()),
    ])
    .render(title_row, buf);
    let mut facts = vec![b.date.to_string()];
    facts.extend(b.region.clone());
    if let Some(u) = b.updated {
        facts.push(format!("updated {}", u.format("%-d %b %Y %H:%M %:z")));
    }
    if !b.tags.is_empty() {
        facts.push(format!("#{}", b.tags.join(" #")));
    }
    let mut row = Vec::new();
    if let Some(since) = app.changes_since.filter(|_| !app.changes.is_empty()) {
        let local = since.with_timezone(&chrono::Local);
        row.push(Span::styled(
            format!(
                "{} {} since you read it on {} (c: next) · ",
                t.glyph("✱", "+"),
                crate::cli::check::plural(app.changes.len(), "change"),
                local.format("%-d %b %H:%M")
            ),
            t.statement(),
        ));
    }
    row.push(Span::styled(
        sanitize_line(&facts.join(" · ")).into_owned(),
        t.muted(),
    ));
    Line::from(row).render(facts_row, buf);

    if let Some(tabs) = lay.tabs {
        let spans: Vec<Span> = Pane::ALL
            .iter()
            .enumerate()
            .map(|(n, pane)| {
                let label = view::tab_label(n, *pane, *pane == app.pane, tabs.width);
                let style = if *pane == app.pane {
                    t.pane_title(true)
                } else {
                    t.muted()
                };
                Span::styled(label, style)
            })
            .collect();
        Line::from(spans).render(tabs, buf);
    }

    for pane in Pane::ALL {
        if let Some(r) = lay.panes[pane.index()] {
            draw_pane(app, b, pane, r, buf);
        }
    }

    let hits = app.hits();
    let left = prompt(app)
        .map(|p| format!("{p}  {}", match_count(&hits, app)))
        .or_else(|| app.message.as_ref().map(|m| format!(" {m}")))
        .unwrap_or_else(|| {
            if app.search.query.is_empty() {
                format!(" {}", hint_for(app.pane))
            } else {
                format!(
                    " /{}  {} · n/N step · Esc clears",
                    sanitize_line(&app.search.query),
                    match_count(&hits, app)
                )
            }
        });
    let position = app
        .visible
        .iter()
        .position(|&v| v == app.open)
        .map(|p| format!("{}/{} ", p + 1, app.visible.len()))
        .unwrap_or_default();
    status_line(
        app,
        lay.status,
        buf,
        left,
        format!("[ ] briefings {position}· ? help "),
    );
}

fn match_count(hits: &[super::app::Hit], app: &App) -> String {
    match hits.len() {
        0 => "no match".to_owned(),
        n => format!("match {}/{n}", app.search.current.min(n - 1) + 1),
    }
}

fn hint_for(pane: Pane) -> &'static str {
    match pane {
        Pane::Summary => "j/k scroll · Tab next pane · / search",
        Pane::Actors => "Enter: everything this actor did, said and claims",
        Pane::Timeline | Pane::Figures => "Enter: quote, source and grades",
        Pane::Sources => "Enter: full text with quoted passages",
    }
}

fn draw_pane(app: &App, b: &Briefing, pane: Pane, r: Rect, buf: &mut Buffer) {
    let t = theme(app);
    let focused = app.pane == pane;
    let n = pane.index() + 1;
    let mut title = vec![Span::styled(
        format!(" {n} {} ", pane.title()),
        t.pane_title(focused),
    )];
    if matches!(pane, Pane::Timeline | Pane::Figures)
        && let Some(a) = app.marked_actor()
    {
        let name = truncate(&sanitize_line(&b.actors[a].name), 30).into_owned();
        title.push(Span::styled(
            format!(" {}{name} ", t.glyph("▶ ", "> ")),
            t.marker(),
        ));
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(t.border_set(focused))
        .border_style(t.border(focused))
        .title(Line::from(title));
    let inner = block.inner(r);
    block.render(r, buf);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let st = app.panes[pane.index()];
    let body = view::pane_body(app, b, pane, inner.width);
    let (list_area, detail_area) = view::split(app, b, pane, inner);
    let selected = (pane != Pane::Summary)
        .then(|| {
            body.items
                .get(st.selected)
                .map(|r| (r.clone(), t.selected(focused)))
        })
        .flatten();
    draw_lines(&body, st.offset, list_area, buf, selected);
    // A scroll position, so the reader knows there is more.
    if body.lines.len() > usize::from(list_area.height) {
        let pos = format!(
            " {}–{}/{} ",
            st.offset + 1,
            (st.offset + usize::from(list_area.height)).min(body.lines.len()),
            body.lines.len()
        );
        let w = text_width(&pos) as u16;
        if w + 4 < r.width {
            let at = Rect {
                x: r.x + r.width - w - 1,
                y: r.y + r.height - 1,
                width: w,
                height: 1,
            };
            Line::from(Span::styled(pos, t.muted())).render(at, buf);
        }
    }
    if detail_area.height > 0 {
        let rule = t.glyph("─", "-").repeat(usize::from(detail_area.width));
        Line::from(Span::styled(rule, t.muted())).render(
            Rect {
                height: 1,
                ..detail_area
            },
            buf,
        );
        let detail = view::detail(app, b, pane, detail_area.width);
        let rest = Rect {
            y: detail_area.y + 1,
            height: detail_area.height - 1,
            ..detail_area
        };
        draw_lines(&detail, 0, rest, buf, None);
    }
}

fn draw_overlay(app: &App, overlay: Overlay, area: Rect, buf: &mut Buffer) {
    let t = theme(app);
    let r = layout::overlay(area);
    let title = match (overlay, app.briefing()) {
        (Overlay::Help, _) => "Keys".to_owned(),
        (Overlay::Errors, _) => format!(
            "{} could not be loaded",
            crate::cli::check::plural(app.failed, "file")
        ),
        (Overlay::Actor(i), Some(b)) => b.actors[i].name.clone(),
        (Overlay::Entry(_), _) => "Timeline entry".to_owned(),
        (Overlay::Figure(_), _) => "Figure".to_owned(),
        (Overlay::Source(i), Some(b)) => b.sources[i].title.clone(),
        _ => String::new(),
    };
    let title = truncate(
        &sanitize_line(&title),
        usize::from(r.width.saturating_sub(4)),
    )
    .into_owned();
    Clear.render(r, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(t.border_set(true))
        .border_style(t.border(true))
        .title(Line::from(Span::styled(
            format!(" {title} "),
            t.pane_title(true),
        )))
        .title_bottom(Line::from(" Esc close · j/k scroll ").alignment(Alignment::Right));
    let inner = block.inner(r);
    block.render(r, buf);
    let body = view::overlay_body(app, overlay, inner.width);
    draw_lines(&body, app.overlay_scroll, inner, buf, None);
}
