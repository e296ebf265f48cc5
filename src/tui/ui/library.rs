//! The library screen: the header, one row per briefing, the status line.

use super::*;
use crate::library::state::ReadState;
use crate::tui::action::Action;
use crate::tui::model::Confirm;
use crate::tui::view;

pub(super) fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let t = app.theme();
    let lay = layout::library(area);
    // The header always says what the list is: how many, what order, which filters.
    let sep = t.sep();
    // While the library loads, the count is of what has come so far.
    let so_far = if app.loading.is_some() { " so far" } else { "" };
    let mut header = vec![Span::styled(
        format!(
            " brief{sep}{} of {}{so_far}{sep}sort: {}",
            app.visible.len(),
            crate::tui::plural(app.entries.len(), "briefing"),
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
            format!("{sep}showing: {}", on.join(", ")),
            t.marker(),
        ));
    }
    if app.full_text_pending() && !app.visible.is_empty() {
        header.push(Span::styled(
            format!("{sep}searching the full text{}", t.ellipsis()),
            t.muted(),
        ));
    }
    // Archived ones are out of the list: say so, and how to see them.
    if app.archived_hidden > 0
        && let Some(k) = app.keymap.key_label(Action::ShowArchived)
    {
        header.push(Span::styled(
            format!(" · {} archived: {k} shows", app.archived_hidden),
            t.muted(),
        ));
    }
    Line::from(header).render(lay.header, buf);

    let width = usize::from(lay.list.width);
    let rows = &app.visible;
    if rows.is_empty() {
        let msg = if app.loading.is_some() {
            format!("Loading{}", t.ellipsis())
        } else if app.entries.is_empty() {
            "No briefings here. `brief check` tells why files were not loaded.".to_owned()
        } else if app.full_text_pending() {
            format!("Searching the full text{}", t.ellipsis())
        } else if app.archived_hidden == app.entries.len() {
            // The header says how to show them, with the key as bound.
            "Every briefing here is archived.".to_owned()
        } else {
            "No briefing matches the filter. Esc clears it.".to_owned()
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
    // Two lines a row while full-text hits are listed: the row, its passage.
    let row_h = app.library_row_height();
    for (row, &i) in rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(usize::from(lay.list.height / row_h))
    {
        let b = &app.entries[i];
        let y = lay.list.y + (row - offset) as u16 * row_h;
        if row_h > 1 {
            let below = Rect {
                y: y + 1,
                height: 1,
                ..lay.list
            };
            super::fulltext::passage(app, i, below, buf);
        }
        let line_area = Rect {
            y,
            height: 1,
            ..lay.list
        };
        let state = &app.store.state;
        let marker = match state.read_state_of(b.id(), b.digest()) {
            ReadState::New => t.sym("●"),
            ReadState::Updated => t.sym("◆"),
            ReadState::Read => " ",
        };
        let flag = if state.flagged(b.id()) {
            t.sym("⚑")
        } else {
            " "
        };
        let archived = state.archived(b.id());
        let tags: Vec<&str> = b.tags().collect();
        let tags = if tags.is_empty() {
            String::new()
        } else {
            sanitize_line(&format!("#{}", tags.join(" #"))).into_owned()
        };
        let fixed = 3 + 9 + date_w + 2;
        // An updated row's summary of its redline takes up to a third of the row.
        let (changes, reserve) = redline_summary(app, b, width, t.ellipsis());
        // The title before the tags: the tags go whole, then the title is cut.
        let title = sanitize_line(b.title());
        let parts = fit_field_parts(
            &[&title, &tags],
            "  ",
            width.saturating_sub(fixed + reserve),
            t.ellipsis(),
            12,
        );
        let (title, tags) = match parts.as_slice() {
            [title, rest @ ..] => (title.clone(), rest.concat()),
            [] => (String::new(), String::new()),
        };
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
            Span::styled(format!("{:<date_w$}  ", b.shown_date()), t.date()),
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
        if let Some(changes) = changes {
            spans.push(Span::styled(changes, t.statement()));
        }
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

    super::fulltext::notice(app, lay.list, buf);

    let question = app.confirming().map(|Confirm::MarkAllRead(n)| {
        format!(
            " Mark {} read? y/n",
            crate::tui::plural(n, "listed briefing")
        )
    });
    let left = question.or_else(|| prompt(app)).unwrap_or_else(|| {
        let mut s = format!(" {}", crate::tui::plural(app.entries.len(), "briefing"));
        if !app.filter.query.is_empty() {
            let clears = app
                .keymap
                .key_label(Action::Back)
                .map(|k| format!(" ({k} clears)"))
                .unwrap_or_default();
            s.push_str(&format!(
                "{sep}{} shown{sep}filter {:?}{clears}",
                rows.len(),
                app.filter.query
            ));
        }
        if let Some((_, 0)) = app.loading {
            s.push_str(&format!("{sep}loading{}", t.ellipsis()));
        } else if let Some((done, total)) = app.loading {
            s.push_str(&format!(
                "{sep}loading {} / {}",
                crate::text::group_thousands(&done.to_string()),
                crate::text::group_thousands(&total.to_string())
            ));
        } else if app.checking {
            // The list is shown; every file behind it is being checked,
            // and what `e` shows may still grow.
            s.push_str(&format!("{sep}checking files{}", t.ellipsis()));
        }
        if app.failed > 0 {
            let files = if app.failed == 1 { "file" } else { "files" };
            let press = app
                .keymap
                .key_label(Action::ShowErrors)
                .map(|k| format!(": press {k}"))
                .unwrap_or_default();
            s.push_str(&format!(
                "{sep}{} {files} could not be loaded{press}",
                app.failed
            ));
        }
        if let Some(m) = &app.message {
            // Messages quote paths and titles: untrusted text.
            s = format!(" {}", crate::text::sanitize_line(m));
        }
        s
    });
    let km = &app.keymap;
    let hints = [
        km.hint(&[Action::Open], "", "open").map(|h| (h, false)),
        km.hint(&[Action::Search], "", "filter").map(|h| (h, false)),
        km.hint(&[Action::Help], "", "help").map(|h| (h, true)),
        km.hint(&[Action::Quit], "", "quit").map(|h| (h, false)),
    ];
    status_line(app, lay.status, buf, left, &hints);
}

/// An updated row's redline summary (`  killed 11→32, +2 timeline`),
/// sanitized and truncated to at most a third of the row, and the columns
/// it takes.
fn redline_summary(
    app: &App,
    b: &crate::library::index::Listing,
    width: usize,
    ellipsis: &str,
) -> (Option<String>, usize) {
    let Some(summary) = app.row_summary(b) else {
        return (None, 0);
    };
    let text = format!("  {}", sanitize_line(summary));
    let shown = fit(&text, width / 3, ellipsis).into_owned();
    let w = text_width(&shown);
    (Some(shown), w)
}
