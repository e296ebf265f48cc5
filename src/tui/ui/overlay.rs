//! A box over the screen: help, load errors, or an item's details.

use ratatui::layout::Alignment;
use ratatui::widgets::{Block, Borders, Clear};

use super::*;
use crate::tui::action::Action;
use crate::tui::model::Overlay;

pub(super) fn draw(app: &App, overlay: Overlay, area: Rect, buf: &mut Buffer) {
    let t = app.theme();
    let r = layout::overlay(area);
    let title = match (overlay, app.briefing()) {
        (Overlay::Help, _) => "Keys".to_owned(),
        // Only warnings (no file failed, so every problem shown is one):
        // "0 files could not be loaded" over a list of them misread. The
        // problems shown are those decoded for `e` (a listed file's
        // warnings travel in its row).
        (Overlay::Errors, _) => {
            let so_far = if app.checking {
                " so far: files are still being checked, more may come"
            } else {
                ""
            };
            if app.failed == 0 && !app.shown_problems.is_empty() {
                format!(
                    "every file loaded · {}{so_far}",
                    crate::tui::plural(app.shown_problems.len(), "warning")
                )
            } else {
                format!(
                    "{} could not be loaded{so_far}",
                    crate::tui::plural(app.failed, "file")
                )
            }
        }
        (Overlay::Actor(i), Some(b)) => b.actors[i].name.clone(),
        (Overlay::Entry(_), _) => "Timeline entry".to_owned(),
        (Overlay::Figure(_), _) => "Figure".to_owned(),
        (Overlay::Source(i), Some(b)) => b.sources[i].title.clone(),
        _ => String::new(),
    };
    let title = fit(
        &sanitize_line(&title),
        usize::from(r.width.saturating_sub(4)),
        t.ellipsis(),
    )
    .into_owned();
    let mut hints = app.keymap.hints(&[
        (&[Action::Back], "", "close"),
        (&[Action::Down, Action::Up], "/", "scroll"),
    ]);
    // A search of a source's text: what it found, and how to step.
    if !app.text_query().is_empty() {
        let keys = app.keymap.hints(&[
            (&[Action::NextMatch, Action::PrevMatch], "/", "step"),
            (&[Action::Back], "", "clears"),
        ]);
        hints = format!(
            "/{}  {}{}{keys}",
            fit(&sanitize_line(app.text_query()), 20, t.ellipsis()),
            app.match_status(),
            t.sep(),
        );
    }
    let hints = t.chrome(&hints).into_owned();
    Clear.render(r, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(t.border_set(true))
        .border_style(t.border(true))
        .title(Line::from(Span::styled(
            format!(" {title} "),
            t.pane_title(true),
        )))
        .title_bottom(Line::from(format!(" {} ", hints)).alignment(Alignment::Right));
    let inner = block.inner(r);
    block.render(r, buf);
    let need = app.overlay_scroll.saturating_add(usize::from(inner.height));
    let (body, _) = app.overlay_body(overlay, inner.width, need);
    // A source's text searched: its matches, also those a wrap splits.
    if let Some(shown) = app.text_shown(&body, app.overlay_scroll, usize::from(inner.height)) {
        draw_lines(&shown, 0, inner, buf, None, ("", t.hit()));
        return;
    }
    draw_lines(
        &body,
        app.overlay_scroll,
        inner,
        buf,
        None,
        (app.text_query(), t.hit()),
    );
}
