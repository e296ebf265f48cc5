//! Clicks and the wheel, when the mouse is on.

use super::*;
use crate::tui::layout;

impl App {
    /// A click or the wheel at a screen cell (only when the mouse is on).
    pub fn mouse(&mut self, kind: crossterm::event::MouseEventKind, column: u16, row: u16) {
        use crossterm::event::{MouseButton, MouseEventKind as K};
        let at = ratatui::layout::Position::new(column, row);
        let scroll = match kind {
            K::ScrollDown => 3,
            K::ScrollUp => -3,
            K::Down(MouseButton::Left) => 0,
            _ => return,
        };
        self.message = None;
        if self.overlay().is_some() {
            if scroll != 0 {
                self.overlay_scroll = (self.overlay_scroll as isize + scroll).max(0) as usize;
            }
        } else if self.screen() == Screen::Library {
            let list = layout::library(self.size).list;
            if scroll != 0 {
                let n = self.visible.len().saturating_sub(1) as isize;
                self.library.selected =
                    (self.library.selected as isize + scroll).clamp(0, n) as usize;
            } else if list.contains(at) {
                let row = self.library.offset + usize::from(row - list.y);
                if row < self.visible.len() {
                    self.library.selected = row;
                }
            }
        } else {
            let lay = layout::briefing(self.size, self.pane);
            if let Some(tabs) = lay.tabs.filter(|t| t.contains(at)) {
                // Tabs are drawn left to right in pane order, each as wide as its label.
                let mut x = tabs.x;
                for (n, pane) in Pane::ALL.iter().enumerate() {
                    let w = view::tab_label(n, *pane, *pane == self.pane, tabs.width)
                        .chars()
                        .count() as u16;
                    if column >= x && column < x + w {
                        self.pane = *pane;
                    }
                    x += w;
                }
            } else if let Some(pane) = Pane::ALL
                .into_iter()
                .find(|p| lay.panes[p.index()].is_some_and(|r| r.contains(at)))
            {
                self.pane = pane;
                if scroll != 0 {
                    self.move_by(scroll);
                } else if let Some(b) = self.briefing() {
                    let inner = layout::inner(lay.panes[pane.index()].expect("found above"));
                    let list = view::split(&self.context(), b, pane, inner).0;
                    if list.contains(at) {
                        let line = self.panes[pane.index()].offset + usize::from(row - list.y);
                        let body = self.pane_body(pane, list.width);
                        if let Some(item) = body.items.iter().position(|r| r.contains(&line)) {
                            self.panes[pane.index()].selected = item;
                        }
                    }
                }
            }
        }
        self.sync_scroll();
    }
}
