//! Where things go, as a pure function of the terminal size. Drawing and
//! scrolling both ask here, so what scrolls is exactly what is shown.

use ratatui::layout::{Constraint, Layout, Rect};

use super::model::Pane;
pub use crate::limits::{MIN_HEIGHT, MIN_WIDTH, WIDE_HEIGHT, WIDE_WIDTH};

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

pub fn is_wide(area: Rect) -> bool {
    area.width >= WIDE_WIDTH && area.height >= WIDE_HEIGHT
}

pub struct BriefingLayout {
    pub header: Rect,
    /// The tab bar, when only one pane fits.
    pub tabs: Option<Rect>,
    /// Each pane's outer rectangle, in [`Pane::ALL`] order; `None` when hidden.
    pub panes: [Option<Rect>; 5],
    pub status: Rect,
}

pub fn briefing(area: Rect, focused: Pane) -> BriefingLayout {
    let mut panes = [None; 5];
    if is_wide(area) {
        let [header, body, status] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)])
                .areas(body);
        let [summary, timeline] =
            Layout::vertical([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(left);
        let [figures, actors, sources] = Layout::vertical([
            Constraint::Percentage(36),
            Constraint::Percentage(36),
            Constraint::Percentage(28),
        ])
        .areas(right);
        panes[Pane::Summary.index()] = Some(summary);
        panes[Pane::Actors.index()] = Some(actors);
        panes[Pane::Timeline.index()] = Some(timeline);
        panes[Pane::Figures.index()] = Some(figures);
        panes[Pane::Sources.index()] = Some(sources);
        BriefingLayout {
            header,
            tabs: None,
            panes,
            status,
        }
    } else {
        let [header, tabs, body, status] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        panes[focused.index()] = Some(body);
        BriefingLayout {
            header,
            tabs: Some(tabs),
            panes,
            status,
        }
    }
}

pub struct LibraryLayout {
    pub header: Rect,
    pub list: Rect,
    pub status: Rect,
}

pub fn library(area: Rect) -> LibraryLayout {
    let [header, list, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    LibraryLayout {
        header,
        list,
        status,
    }
}

/// A box over the middle of the screen for details and help.
pub fn overlay(area: Rect) -> Rect {
    let width = if area.width > 100 {
        area.width * 4 / 5
    } else {
        area.width.saturating_sub(2)
    };
    let height = area.height.saturating_sub(2).max(1);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// Inside a bordered block.
pub fn inner(r: Rect) -> Rect {
    Rect {
        x: r.x + 1,
        y: r.y + 1,
        width: r.width.saturating_sub(2),
        height: r.height.saturating_sub(2),
    }
}
