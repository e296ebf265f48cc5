//! An open briefing: header, tabs or all five panes, the status line.

use ratatui::widgets::{Block, Borders};

use super::*;
use crate::briefing::Briefing;
use crate::tui::action::Action;
use crate::tui::model::Pane;
use crate::tui::view;

pub(super) fn draw(app: &App, b: &Briefing, area: Rect, buf: &mut Buffer) {
    let t = app.theme();
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
    let width = usize::from(title_row.width);
    let priority = format!("{} ", b.priority.label().to_uppercase());
    let title = fit(
        &sanitize_line(&b.title),
        width.saturating_sub(text_width(&priority)),
        t.ellipsis(),
    )
    .into_owned();
    Line::from(vec![
        Span::styled(priority, t.priority(b.priority)),
        Span::styled(title, t.title()),
    ])
    .render(title_row, buf);
    // The facts, most important first; whole fields go before one is cut.
    let mut facts = vec![t.chrome(&b.date.to_string()).into_owned()];
    facts.extend(b.region.iter().map(|r| sanitize_line(r).into_owned()));
    if let Some(u) = b.updated {
        facts.push(format!("updated {}", u.format("%-d %b %Y %H:%M %:z")));
    }
    if !b.tags.is_empty() {
        facts.push(sanitize_line(&format!("#{}", b.tags.join(" #"))).into_owned());
    }
    let mut row = Vec::new();
    let mut room = width;
    if let Some(since) = app.changes_since.filter(|_| !app.changes.is_empty()) {
        let local = since.with_timezone(&chrono::Local);
        let next = app
            .keymap
            .key_label(Action::NextChange)
            .map(|k| format!(" ({k}: next)"))
            .unwrap_or_default();
        // With a redline, its toggle too (tui::redline).
        let next = match (
            app.redline.of(app.version),
            app.keymap.key_label(Action::ToggleRedline),
        ) {
            (Some(_), Some(k)) if !next.is_empty() => {
                let what = if app.redline.hidden {
                    "redline"
                } else {
                    "clean text"
                };
                format!("{} · {k}: {what})", next.trim_end_matches(')'))
            }
            _ => next,
        };
        let changes = t
            .chrome(&format!(
                "{} {} since you read it on {}{next}{}",
                t.sym("✱"),
                crate::tui::plural(app.changes.len(), "change"),
                local.format("%-d %b %H:%M"),
                t.sep(),
            ))
            .into_owned();
        let changes = fit(&changes, width, t.ellipsis()).into_owned();
        room = room.saturating_sub(text_width(&changes));
        row.push(Span::styled(changes, t.statement()));
    }
    let facts: Vec<&str> = facts.iter().map(String::as_str).collect();
    if room > 0 {
        row.push(Span::styled(
            fit_fields(&facts, t.sep(), room, t.ellipsis(), 10),
            t.muted(),
        ));
    }
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

    let left = prompt(app)
        .map(|p| format!("{p}  {}", app.match_status()))
        .or_else(|| {
            app.message
                .as_ref()
                .map(|m| format!(" {}", crate::text::sanitize_line(m)))
        })
        .unwrap_or_else(|| {
            if app.search.query.is_empty() {
                format!(" {}", t.chrome(&hint_for(app, app.pane)))
            } else {
                let keys = t
                    .chrome(&app.keymap.hints(&[
                        (&[Action::NextMatch, Action::PrevMatch], "/", "step"),
                        (&[Action::Back], "", "clears"),
                    ]))
                    .into_owned();
                format!(
                    " /{}  {}{}{keys}",
                    sanitize_line(&app.search.query),
                    app.briefing_match_status(),
                    t.sep(),
                )
            }
        });
    // "briefing 2/7 ([ ])": the keys in parentheses, so that `[ ]`
    // does not read as a checkbox.
    let km = &app.keymap;
    let keys = km
        .hint(&[Action::PrevBriefing, Action::NextBriefing], " ", "")
        .map(|h| format!(" ({})", h.trim_end()))
        .unwrap_or_default();
    let position = app.visible.iter().position(|&v| v == app.open).map(|p| {
        (
            format!("briefing {}/{}{keys}", p + 1, app.visible.len()),
            false,
        )
    });
    let hints = [
        position,
        km.hint(&[Action::Help], "", "help").map(|h| (h, true)),
    ];
    status_line(app, lay.status, buf, left, &hints);
}

/// What the keys do in a pane, written from the keymap.
fn hint_for(app: &App, pane: Pane) -> String {
    let km = &app.keymap;
    // What Enter opens, then the copy key as the user bound it.
    let open = |what: &str| {
        let copy = km.hint(&[Action::Copy], "", "copy");
        km.key_label(Action::Open)
            .map(|k| format!("{k}: {what}"))
            .into_iter()
            .chain(copy)
            .collect::<Vec<_>>()
            .join(" · ")
    };
    match pane {
        Pane::Summary => km.hints(&[
            (&[Action::Down, Action::Up], "/", "scroll"),
            (&[Action::NextPane], "", "next pane"),
            (&[Action::Search], "", "search"),
        ]),
        Pane::Actors => open("everything this actor did, said and claims"),
        Pane::Timeline | Pane::Figures => open("quote, source and grades"),
        Pane::Sources => open("full text with quoted passages"),
    }
}

fn draw_pane(app: &App, b: &Briefing, pane: Pane, r: Rect, buf: &mut Buffer) {
    let t = app.theme();
    let focused = app.pane == pane;
    let n = pane.index() + 1;
    let mut title = vec![Span::styled(
        format!(" {n} {} ", pane.title()),
        t.pane_title(focused),
    )];
    if matches!(pane, Pane::Timeline | Pane::Figures)
        && let Some(a) = app.marked_actor()
    {
        let name = fit(&sanitize_line(&b.actors[a].name), 30, t.ellipsis()).into_owned();
        title.push(Span::styled(format!(" {} {name} ", t.sym("▶")), t.marker()));
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
    let body = app.pane_body(pane, inner.width);
    let ctx = app.context();
    let (list_area, detail_area) = view::split(&ctx, b, pane, inner);
    let query = (app.search.query.as_str(), t.hit());
    let selected = (pane != Pane::Summary)
        .then(|| {
            body.items
                .get(st.selected)
                .map(|r| (r.clone(), t.selected(focused)))
        })
        .flatten();
    let marks =
        |item: usize, line: &Line<'static>| view::with_actor_marker(&ctx, b, pane, item, line);
    draw_lines_patched(&body, st.offset, list_area, buf, selected, query, &marks);
    // A scroll position, so the reader knows there is more.
    if body.lines.len() > usize::from(list_area.height) {
        let pos = format!(
            " {}{}{}/{} ",
            st.offset + 1,
            t.sym("–"),
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
        let rule = t.sym("─").repeat(usize::from(detail_area.width));
        Line::from(Span::styled(rule, t.muted())).render(
            Rect {
                height: 1,
                ..detail_area
            },
            buf,
        );
        let detail = view::detail(&ctx, b, pane, detail_area.width);
        let rest = Rect {
            y: detail_area.y + 1,
            height: detail_area.height - 1,
            ..detail_area
        };
        let cut = detail.lines.len() > usize::from(rest.height);
        let shown = Rect {
            height: rest.height - u16::from(cut),
            ..rest
        };
        draw_lines(&detail, 0, shown, buf, None, query);
        if cut && rest.height > 0 {
            let last = Rect {
                y: rest.y + rest.height - 1,
                height: 1,
                ..rest
            };
            more_mark(app, &detail.lines[usize::from(shown.height)], last, buf);
        }
    }
}

/// The last row of a text that goes on below, cut after a word and marked
/// `… more: Enter`, so a cut text never looks whole.
fn more_mark(app: &App, line: &Line, area: Rect, buf: &mut Buffer) {
    let t = app.theme();
    let key = app
        .keymap
        .key_label(Action::Open)
        .map(|k| format!(": {k}"))
        .unwrap_or_default();
    let tail = t.chrome(&format!(" more{key}")).into_owned();
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let room = usize::from(area.width).saturating_sub(text_width(&tail));
    // Always cut: the text goes on past this row even when the row fits.
    let cut = fit(&format!("{text} \u{a0}"), room, t.ellipsis()).into_owned();
    Line::from(vec![Span::raw(cut), Span::styled(tail, t.muted())]).render(area, buf);
}
