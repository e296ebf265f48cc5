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

/// Scrolls as little as possible to show `lines` (see [`layout::keep_visible`]).
fn keep_visible(st: &mut ListState, lines: std::ops::Range<usize>, height: usize) {
    st.offset = layout::keep_visible(st.offset, lines, height);
}
