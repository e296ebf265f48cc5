//! `update`: one message in, the state changed, effects out.

use super::*;
use crate::tui::action::Action;
use crate::tui::msg::Msg;

impl App {
    /// The one function that changes the reader. Pure: no file system, no
    /// waiting; what needs either comes back as an [`Effect`].
    pub fn update(&mut self, msg: impl Into<Msg>) -> Vec<Effect> {
        match msg.into() {
            Msg::Key(key) => {
                if let Some(action) = crate::tui::action_for(self, &key) {
                    self.act(action);
                }
            }
            Msg::Action(action) => self.act(action),
            Msg::Mouse(kind, column, row) => {
                if self.options.mouse {
                    self.mouse(kind, column, row);
                }
            }
            Msg::Resize(w, h) => self.resize(w, h),
            Msg::Indexed(batch) => {
                self.apply_batch(batch);
                self.batches += 1;
            }
            Msg::Signal(_) | Msg::Closed => self.effects.push(Effect::Quit),
            Msg::Loaded(loaded) => self.loaded(*loaded),
            Msg::Marked(marked) => self.marked(marked),
            Msg::Found(found) => self.found(found),
        }
        std::mem::take(&mut self.effects)
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = Rect::new(0, 0, width, height);
        self.sync_scroll();
    }

    fn act(&mut self, action: Action) {
        self.message = None;
        match (self.mode, action) {
            (_, Action::Quit) => self.effects.push(Effect::Quit),
            (_, Action::Suspend) => self.effects.push(Effect::Suspend),
            (Mode::Confirm(_), Action::Confirm) => self.confirm(),
            (Mode::Confirm(_), _) => {
                self.mode = Mode::Library;
                self.message = Some("nothing was marked".into());
            }
            (Mode::Prompt(screen), _) => self.prompt(screen, action),
            (Mode::Overlay(screen, Overlay::Help), Action::Help) => self.mode = Mode::base(screen),
            (mode, Action::Help) => {
                self.mode = Mode::Overlay(mode.screen(), Overlay::Help);
                self.overlay_scroll = 0;
            }
            (Mode::Overlay(screen, _), _) => self.update_overlay(screen, action),
            (Mode::Library, Action::Back) => {
                if !self.filter.query.is_empty() {
                    self.filter = Search::default();
                    self.refilter();
                }
            }
            (Mode::Briefing, Action::Back) => {
                if self.search.query.is_empty() {
                    self.mode = Mode::Library;
                }
                self.search = Search::default();
            }
            (Mode::Library, _) => self.update_library(action),
            (Mode::Briefing, _) => self.update_briefing(action),
        }
        self.sync_scroll();
    }

    /// Keys while typing into the filter or the search.
    fn prompt(&mut self, screen: Screen, action: Action) {
        match (screen, action) {
            (_, Action::Open) => self.mode = Mode::base(screen),
            (Screen::Library, Action::Back) => {
                self.filter = Search::default();
                self.refilter();
                self.mode = Mode::Library;
            }
            (Screen::Briefing, Action::Back) => {
                self.search = Search::default();
                self.mode = Mode::Briefing;
            }
            (Screen::Library, Action::Type(c)) => {
                self.filter.query.push(c);
                self.refilter();
            }
            (Screen::Library, Action::DeleteChar) => {
                self.filter.query.pop();
                self.refilter();
            }
            (Screen::Briefing, Action::Type(c)) => {
                self.search.query.push(c);
                self.search.current = 0;
                self.go_to_match(0);
            }
            (Screen::Briefing, Action::DeleteChar) => {
                self.search.query.pop();
                self.search.current = 0;
            }
            (Screen::Library, Action::NextMatch) => self.update_library(action),
            (Screen::Library, Action::PrevMatch) => self.update_library(action),
            (Screen::Briefing, Action::NextMatch) => self.step_match(1),
            (Screen::Briefing, Action::PrevMatch) => self.step_match(-1),
            _ => {}
        }
    }

    fn update_overlay(&mut self, screen: Screen, action: Action) {
        let page = self.overlay_height().max(2) / 2;
        let s = &mut self.overlay_scroll;
        match action {
            Action::Down => *s += 1,
            Action::Up => *s = s.saturating_sub(1),
            Action::HalfPageDown => *s += page,
            Action::HalfPageUp => *s = s.saturating_sub(page),
            Action::Top => *s = 0,
            Action::Bottom => *s = usize::MAX,
            Action::Open | Action::Back => self.mode = Mode::base(screen),
            Action::ShowErrors if screen == Screen::Library => self.mode = Mode::base(screen),
            _ => {}
        }
    }

    /// Shows an overlay over the current screen, from its top.
    pub(super) fn show(&mut self, overlay: Overlay) {
        self.mode = Mode::Overlay(self.screen(), overlay);
        self.overlay_scroll = 0;
    }
}
