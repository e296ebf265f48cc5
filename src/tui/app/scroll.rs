//! Keeping every selection in range and on screen for the current size.
//! Drawing then only reads the offsets.

use super::*;
use crate::tui::layout;

impl App {
    fn pane_rect(&self, pane: Pane) -> Option<Rect> {
        layout::briefing(self.size, self.pane).panes[pane.index()].map(layout::inner)
    }

    pub fn pane_width(&self, pane: Pane) -> u16 {
        self.pane_rect(pane).map_or(self.size.width, |r| r.width)
    }

    /// Rows the pane's list gets (for Actors, above the selected actor's details).
    pub fn pane_height(&self, pane: Pane) -> usize {
        let Some(r) = self.pane_rect(pane) else {
            return 0;
        };
        match self.briefing() {
            Some(b) => view::split(&self.context(), b, pane, r).0.height as usize,
            None => r.height as usize,
        }
    }

    pub fn overlay_height(&self) -> usize {
        layout::inner(layout::overlay(self.size)).height as usize
    }

    /// Keeps every selection in range and on screen, and every scroll within
    /// its text. Costs what is on screen: the bodies come from the cache.
    pub fn sync_scroll(&mut self) {
        if let Some(overlay) = self.overlay() {
            let r = layout::inner(layout::overlay(self.size));
            let h = r.height as usize;
            let (body, all) =
                self.overlay_body(overlay, r.width, self.overlay_scroll.saturating_add(h));
            // Text not yet wrapped lies below what is shown: only a
            // complete body limits the scroll.
            if all {
                self.overlay_scroll = self.overlay_scroll.min(body.lines.len().saturating_sub(h));
            }
        }
        match self.screen() {
            Screen::Library => {
                let h = self.library_rows();
                let st = &mut self.library;
                st.selected = st.selected.min(self.visible.len().saturating_sub(1));
                keep_visible(st, st.selected..st.selected + 1, h);
            }
            Screen::Briefing => {
                if self.briefing().is_none() {
                    return;
                }
                for pane in Pane::ALL {
                    if self.pane_rect(pane).is_none() {
                        continue;
                    }
                    let body = self.pane_body(pane, self.pane_width(pane));
                    let h = self.pane_height(pane);
                    let st = &mut self.panes[pane.index()];
                    if pane != Pane::Summary {
                        st.selected = st.selected.min(body.items.len().saturating_sub(1));
                        if let Some(range) = body.items.get(st.selected) {
                            keep_visible(st, range.clone(), h);
                        }
                    }
                    st.offset = st.offset.min(body.lines.len().saturating_sub(h));
                }
            }
        }
    }
}

/// Where the Summary pane is, by paragraph rather than by line, so that a
/// resize (which wraps it anew) keeps it: the paragraph at its top, and
/// how far into it, as a share of its lines.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SummaryPlace {
    item: usize,
    into: f64,
}

impl App {
    /// The Summary pane's place, before a resize; `None` where it is not shown.
    pub fn summary_place(&self) -> Option<SummaryPlace> {
        if self.screen() != Screen::Briefing || self.briefing().is_none() {
            return None;
        }
        self.pane_rect(Pane::Summary)?;
        let body = self.pane_body(Pane::Summary, self.pane_width(Pane::Summary));
        let offset = self.panes[Pane::Summary.index()].offset;
        let item = body.items.partition_point(|r| r.end <= offset);
        let r = body.items.get(item)?;
        let len = r.end.saturating_sub(r.start).max(1);
        Some(SummaryPlace {
            item,
            into: offset.saturating_sub(r.start) as f64 / len as f64,
        })
    }

    /// After a resize: the Summary pane back at the paragraph it showed at
    /// its top; and when the briefing search's current match is in the
    /// Summary and that leaves it off screen, at the match's paragraph, as
    /// `n` puts it.
    pub fn keep_summary_place(&mut self, place: Option<SummaryPlace>) {
        let Some(place) = place else {
            return;
        };
        if self.pane_rect(Pane::Summary).is_none() {
            return;
        }
        let body = self.pane_body(Pane::Summary, self.pane_width(Pane::Summary));
        let h = self.pane_height(Pane::Summary);
        let mut offset = self.panes[Pane::Summary.index()].offset;
        if let Some(r) = body.items.get(place.item) {
            let len = r.end.saturating_sub(r.start);
            offset = r.start + ((place.into * len as f64) as usize).min(len.saturating_sub(1));
        }
        let hit = (!self.search.query.is_empty())
            .then(|| self.hits().get(self.search.current).copied())
            .flatten()
            .filter(|hit| hit.pane == Pane::Summary);
        if let Some(r) = hit.and_then(|hit| body.items.get(hit.item))
            && (r.start < offset || r.start >= offset + h)
        {
            offset = r.start;
        }
        self.panes[Pane::Summary.index()].offset = offset;
    }
}

/// Scrolls as little as possible to show `lines` (see [`layout::keep_visible`]).
fn keep_visible(st: &mut ListState, lines: std::ops::Range<usize>, height: usize) {
    st.offset = layout::keep_visible(st.offset, lines, height);
}
