//! Keys inside an open briefing: panes, moving, search, changes, copying.

use super::*;
use crate::briefing::redline::{Redline, Section};
use crate::library::state::same_digest;
use crate::tui::action::Action;
use crate::tui::redline::{Job, Outcome, RedlineLoaded, Summaries};

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
            Action::Search => self.start_search(),
            Action::NextMatch => self.step_match(1),
            Action::PrevMatch => self.step_match(-1),
            Action::NextChange => self.step_change(1),
            Action::PrevChange => self.step_change(-1),
            Action::ToggleRedline => self.toggle_redline(),
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
                self.message = Some(self.clipboard.note(what, &text));
                self.effects.push(Effect::Copy(text));
            }
            None => self.message = Some("no source URL to copy here".into()),
        }
    }

    /// `c` / `C`: through the redline's parts where there is one, else
    /// through the parts marked changed.
    fn step_change(&mut self, by: isize) {
        if let Some(r) = self.redline.of(self.version).cloned() {
            return self.step_redline(&r, by);
        }
        if self.changes.is_empty() {
            self.message = Some("nothing changed since you last read it".into());
            return;
        }
        let n = self.changes.len();
        // `change_cursor` is the next one forward; back is two before it.
        let at = if by > 0 {
            self.change_cursor % n
        } else {
            (self.change_cursor + 2 * n - 2) % n
        };
        self.change_cursor = (at + 1) % n;
        let (pane, item) = match self.changes[at] {
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
        self.message = Some(format!("change {} of {n}", at + 1));
    }

    fn step_redline(&mut self, r: &Redline, by: isize) {
        let n = r.parts.len();
        if n == 0 {
            self.message = Some("nothing changed since you last read it".into());
            return;
        }
        let at = match self.redline.cursor {
            None if by > 0 => 0,
            None => n - 1,
            Some(c) => (c as isize + by).rem_euclid(n as isize) as usize,
        };
        self.redline.cursor = Some(at);
        // Stepping shows the redline, if `d` had hidden it.
        if self.redline.hidden {
            self.redline.hidden = false;
            self.version += 1;
            self.redline.keep_for(self.version);
        }
        let part = &r.parts[at];
        let pane = match part.section {
            Section::Header | Section::Summary => Pane::Summary,
            Section::Actors => Pane::Actors,
            Section::Timeline => Pane::Timeline,
            Section::Figures => Pane::Figures,
            Section::Sources => Pane::Sources,
        };
        self.pane = pane;
        if pane == Pane::Summary {
            let width = self.pane_width(Pane::Summary);
            let body = self.pane_body(Pane::Summary, width);
            let offset = match (part.section, self.briefing()) {
                (Section::Summary, Some(b)) => view::redline_summary_line(&body, b, part),
                _ => 0,
            };
            self.panes[0].offset = offset;
        } else {
            let len = self.item_count(pane);
            self.panes[pane.index()].selected =
                part.new.unwrap_or(part.at).min(len.saturating_sub(1));
        }
        self.message = Some(format!(
            "change {} of {n}: {} {}",
            at + 1,
            part.status.label(),
            part.section.part_name()
        ));
        self.sync_scroll();
    }

    /// `d`: the redline or the clean current text.
    fn toggle_redline(&mut self) {
        if self.redline.of(self.version).is_none() {
            self.message = Some("no redline: nothing changed since a version you read".into());
            return;
        }
        self.redline.hidden = !self.redline.hidden;
        self.version += 1;
        self.redline.keep_for(self.version);
        self.message = Some(
            if self.redline.hidden {
                "the current text (d: what changed)"
            } else {
                "what changed since you read it (d: the current text)"
            }
            .into(),
        );
    }

    /// A redline from the loader: kept for this visit if it belongs to the
    /// briefing on screen as it is now.
    pub(super) fn redline_loaded(&mut self, r: RedlineLoaded) {
        let on_screen = self.screen() == Screen::Briefing
            && self
                .entries
                .get(self.open)
                .is_some_and(|l| l.path == r.path && l.digest() == r.digest);
        if !on_screen {
            return;
        }
        match r.outcome {
            Outcome::Ready(red) => {
                self.version += 1;
                self.redline = crate::tui::redline::Shown {
                    redline: Some((self.version, red)),
                    hidden: false,
                    cursor: None,
                };
            }
            Outcome::NotKept => {
                self.message = Some("the version you read was not kept".into());
            }
            Outcome::Failed(why) => self.message = Some(why),
        }
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

    /// After each message: the summaries of updated rows on screen not yet
    /// asked for (a message costs the rows on screen), and once the library
    /// is indexed, pruning the versions kept.
    pub(super) fn redline_jobs(&mut self) {
        if !self.rows.pruned && self.batches > 0 && self.loading.is_none() {
            self.rows.pruned = true;
            let listed = self.entries.iter().map(|l| l.id()).collect();
            self.effects
                .push(Effect::Redline(Job::Prune(std::sync::Arc::new(listed))));
        }
        if self.screen() != Screen::Library {
            return;
        }
        let height = usize::from(crate::tui::layout::library(self.size).list.height);
        let mut ask = Vec::new();
        for &i in self.visible.iter().skip(self.library.offset).take(height) {
            let l = &self.entries[i];
            let Some(read) = self
                .store
                .state
                .record(l.id())
                .filter(|r| r.read_at.is_some())
                .and_then(|r| r.digest.as_deref())
            else {
                continue;
            };
            if same_digest(read, l.digest()) {
                continue;
            }
            let known = self
                .rows
                .summaries
                .get(l.id())
                .is_some_and(|(r, n, _)| r == read && *n == l.digest());
            if !known {
                self.rows.summaries.insert(
                    l.id().to_owned(),
                    (read.to_owned(), l.digest().to_owned(), None),
                );
                ask.push((l.clone(), read.to_owned()));
            }
        }
        if !ask.is_empty() {
            self.effects.push(Effect::Redline(Job::Summaries {
                rows: ask,
                ascii: self.options.ascii,
            }));
        }
    }

    /// Summaries back from the redline's thread, kept where still current.
    pub(super) fn summaries(&mut self, s: Summaries) {
        for ((id, read, now), summary) in s.0 {
            if let Some(slot) = self.rows.summaries.get_mut(&id)
                && slot.0 == read
                && slot.1 == now
            {
                slot.2 = summary;
            }
        }
    }

    /// The summary of an updated row, once known: `killed 11→32, +2 timeline`.
    pub fn row_summary(&self, l: &crate::library::index::Listing) -> Option<&str> {
        let (read, now, summary) = self.rows.summaries.get(l.id())?;
        let record = self.store.state.record(l.id())?.digest.as_deref()?;
        (read == record && *now == l.digest())
            .then_some(summary.as_deref())
            .flatten()
            .filter(|s| !s.is_empty())
    }
}
