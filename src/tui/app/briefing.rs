//! Keys inside an open briefing: panes, moving, search, changes, copying.

use super::*;
use crate::tui::action::Action;

impl App {
    pub(super) fn update_briefing(&mut self, action: Action) {
        match action {
            Action::NextPane => self.pane = self.pane.step(1),
            Action::PrevPane => self.pane = self.pane.step(-1),
            Action::FocusSummary => self.pane = Pane::Summary,
            Action::FocusActors => self.pane = Pane::Actors,
            Action::FocusTimeline => self.pane = Pane::Timeline,
            Action::FocusFigures => self.pane = Pane::Figures,
            Action::FocusSources => self.pane = Pane::Sources,
            Action::Down => self.move_by(1),
            Action::Up => self.move_by(-1),
            Action::HalfPageDown => self.half_page(true),
            Action::HalfPageUp => self.half_page(false),
            Action::Top => self.move_by(isize::MIN / 2),
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::Open => self.open_item(),
            Action::PrevBriefing => self.step_briefing(-1),
            Action::NextBriefing => self.step_briefing(1),
            Action::Search => {
                self.search = Search::default();
                self.mode = Mode::Prompt(Screen::Briefing);
            }
            Action::NextMatch => self.step_match(1),
            Action::PrevMatch => self.step_match(-1),
            Action::NextChange => self.next_change(),
            Action::Copy => self.copy(false),
            Action::CopyUrl => self.copy(true),
            _ => {}
        }
    }

    /// Puts the selected item on the clipboard: as a citation, or its URL.
    fn copy(&mut self, url_only: bool) {
        let Some(b) = self.briefing() else { return };
        let sel = self.panes[self.pane.index()].selected;
        let (what, text) = if url_only {
            ("URL", view::source_url(b, self.pane, sel))
        } else {
            ("citation", Some(view::citation(b, self.pane, sel)))
        };
        match text {
            Some(text) => {
                self.message = Some(format!(
                    "copied the {what} ({} characters)",
                    text.chars().count()
                ));
                self.effects.push(Effect::Copy(text));
            }
            None => self.message = Some("no source URL to copy here".into()),
        }
    }

    fn next_change(&mut self) {
        if self.changes.is_empty() {
            self.message = Some("nothing changed since you last read it".into());
            return;
        }
        let part = self.changes[self.change_cursor % self.changes.len()];
        self.change_cursor = (self.change_cursor + 1) % self.changes.len();
        let (pane, item) = match part {
            Part::Summary => (Pane::Summary, 0),
            Part::Actor(i) => (Pane::Actors, i),
            Part::Timeline(i) => (Pane::Timeline, i),
            Part::Figure(i) => (Pane::Figures, i),
            Part::Source(i) => (Pane::Sources, i),
        };
        self.pane = pane;
        if pane == Pane::Summary {
            self.panes[0].offset = 0;
        } else {
            self.panes[pane.index()].selected = item;
        }
        self.message = Some(format!(
            "change {} of {}",
            (self.change_cursor + self.changes.len() - 1) % self.changes.len() + 1,
            self.changes.len()
        ));
    }

    /// Half a page of rows in any pane, as Summary scrolls; the selection
    /// follows into the new view (see [`crate::tui::layout::page`]).
    fn half_page(&mut self, down: bool) {
        let pane = self.pane;
        let h = self.pane_height(pane);
        if pane == Pane::Summary {
            let by = (h as isize / 2).max(1);
            return self.move_by(if down { by } else { -by });
        }
        let body = self.pane_body(pane, self.pane_width(pane));
        let st = &mut self.panes[pane.index()];
        let to = (st.offset, st.selected);
        (st.offset, st.selected) =
            crate::tui::layout::page(&body.items, body.lines.len(), h, to, down);
    }

    fn item_count(&self, pane: Pane) -> usize {
        let Some(b) = self.briefing() else { return 0 };
        match pane {
            Pane::Summary => 0,
            Pane::Actors => b.actors.len(),
            Pane::Timeline => b.timeline.len(),
            Pane::Figures => b.figures.len(),
            Pane::Sources => b.sources.len(),
        }
    }

    /// Moves the selection, or for Summary the view, by `by` rows.
    pub(super) fn move_by(&mut self, by: isize) {
        let pane = self.pane;
        let n = self.item_count(pane);
        let state = &mut self.panes[pane.index()];
        if pane == Pane::Summary {
            state.offset = (state.offset as isize).saturating_add(by).max(0) as usize;
        } else {
            let target = (state.selected as isize).saturating_add(by);
            state.selected = target.clamp(0, n.saturating_sub(1) as isize) as usize;
        }
    }

    fn open_item(&mut self) {
        let Some(b) = self.briefing() else { return };
        let sel = self.panes[self.pane.index()].selected;
        let overlay = match self.pane {
            Pane::Summary => None,
            Pane::Actors => (sel < b.actors.len()).then_some(Overlay::Actor(sel)),
            Pane::Timeline => (sel < b.timeline.len()).then_some(Overlay::Entry(sel)),
            Pane::Figures => (sel < b.figures.len()).then_some(Overlay::Figure(sel)),
            Pane::Sources => (sel < b.sources.len()).then_some(Overlay::Source(sel)),
        };
        if let Some(overlay) = overlay {
            self.show(overlay);
        }
    }

    fn step_briefing(&mut self, by: isize) {
        let Some(row) = self.visible.iter().position(|&v| v == self.open) else {
            return;
        };
        let target = row as isize + by;
        if target < 0 || target as usize >= self.visible.len() {
            self.message = Some(
                if by < 0 {
                    "this is the first briefing"
                } else {
                    "this is the last briefing"
                }
                .into(),
            );
            return;
        }
        self.open_entry(self.visible[target as usize], Some(self.pane));
    }

    pub(super) fn step_match(&mut self, by: isize) {
        let hits = self.hits();
        if hits.is_empty() {
            if !self.search.query.is_empty() {
                self.message = Some(format!("no match for {:?}", self.search.query));
            }
            return;
        }
        let next = (self.search.current as isize + by).rem_euclid(hits.len() as isize) as usize;
        self.go_to_match(next);
    }

    pub(super) fn go_to_match(&mut self, n: usize) {
        let hits = self.hits();
        let Some(&hit) = hits.get(n) else { return };
        self.search.current = n;
        self.pane = hit.pane;
        if hit.pane == Pane::Summary {
            let width = self.pane_width(Pane::Summary);
            let body = self.pane_body(Pane::Summary, width);
            self.panes[0].offset = body.items.get(hit.item).map_or(0, |r| r.start);
        } else {
            self.panes[hit.pane.index()].selected = hit.item;
        }
    }
}
