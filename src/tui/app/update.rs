//! `update`: one message in, the state changed, effects out.

use super::*;
use crate::tui::action::Action;
use crate::tui::msg::Msg;

impl App {
    /// The one function that changes the reader. Pure: no file system, no
    /// waiting; what needs either comes back as an [`Effect`].
    pub fn update(&mut self, msg: impl Into<Msg>) -> Vec<Effect> {
        match msg.into() {
            Msg::Key(key) => match crate::tui::action_for(self, &key) {
                Some(action) => self.act(action),
                None => self.unbound(&key),
            },
            Msg::Action(action) => self.act(action),
            Msg::Mouse(kind, column, row) => {
                if self.options.mouse {
                    self.mouse(kind, column, row);
                }
            }
            Msg::Resize(w, h) => self.resize(w, h),
            Msg::Indexed(batch) => {
                // The index has changed under a full-text search that is
                // on: the check of a first start is over (the index is now
                // whole), or a file changed on disk.
                let index_changed = batch.checking == Some(false)
                    || (batch.total == 0 && !batch.files.is_empty() && !self.checking);
                self.apply_batch(batch);
                self.batches += 1;
                if index_changed {
                    self.search_full_text_again();
                }
            }
            Msg::Signal(_) | Msg::Closed => self.effects.push(Effect::Quit),
            Msg::Loaded(loaded) => self.loaded(*loaded),
            Msg::Marked(marked) => self.marked(marked),
            Msg::Redline(r) => self.redline_loaded(*r),
            Msg::Summaries(s) => self.summaries(s),
            Msg::Found(found) => self.found(found),
            Msg::Notice(text) => self.message = Some(text),
            Msg::SourceWrapped(job) => self.source_wrapped(*job),
        }
        self.redline_jobs();
        self.forget_shown_problems();
        self.source_jobs();
        std::mem::take(&mut self.effects)
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        let place = self.text_place();
        let summary = self.summary_place();
        self.size = Rect::new(0, 0, width, height);
        self.keep_text_place(place);
        self.keep_summary_place(summary);
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
            (Mode::Prompt(Screen::Briefing), _) => self.search_prompt(action),
            (Mode::Prompt(screen), _) => self.prompt(screen, action),
            (Mode::Find(screen, overlay), _) => self.text_prompt(screen, overlay, action),
            (Mode::Overlay(screen, Overlay::Help), Action::Help) => self.mode = Mode::base(screen),
            (_, Action::Help) => self.show(Overlay::Help),
            (Mode::Overlay(screen, overlay), _) => self.update_overlay(screen, overlay, action),
            // The one place that decides whether an action makes sense here.
            (Mode::Library | Mode::Briefing, _) if let Some(why) = self.why_not(action) => {
                self.message = Some(why);
            }
            (_, Action::ToggleRead | Action::ToggleFlag | Action::ToggleArchive) => {
                self.toggle(action)
            }
            (_, Action::NextUnread) => self.next_unread(),
            (Mode::Briefing, Action::Open) if self.open_source_searched() => {}
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

    /// Keys while typing into the library's filter.
    fn prompt(&mut self, screen: Screen, action: Action) {
        match (screen, action) {
            (_, Action::Open) => self.mode = Mode::base(screen),
            (Screen::Library, Action::Back) => {
                self.filter = Search::default();
                self.refilter();
                self.mode = Mode::Library;
            }
            (Screen::Library, Action::Type(c)) if self.type_into(super::find::Typed::Filter, c) => {
                self.refilter()
            }
            (Screen::Library, Action::DeleteChar) => {
                self.filter.query.pop();
                self.refilter();
            }
            (Screen::Library, Action::NextMatch) => self.update_library(action),
            (Screen::Library, Action::PrevMatch) => self.update_library(action),
            _ => {}
        }
    }

    fn update_overlay(&mut self, screen: Screen, overlay: Overlay, action: Action) {
        let page = self.overlay_height().max(2) / 2;
        let s = &mut self.overlay_scroll;
        match action {
            Action::Down => *s += 1,
            Action::Up => *s = s.saturating_sub(1),
            Action::HalfPageDown => *s += page,
            Action::HalfPageUp => *s = s.saturating_sub(page),
            Action::Top => *s = 0,
            Action::Bottom => *s = usize::MAX,
            // Esc first clears a search of the text, then closes.
            Action::Back if !self.text_search.query.is_empty() => {
                self.text_search = Search::default();
            }
            Action::Open | Action::Back => self.mode = Mode::base(screen),
            Action::ShowErrors if screen == Screen::Library => self.mode = Mode::base(screen),
            Action::Search => self.start_text_search(screen, overlay),
            // The item shown is the one selected under the box.
            Action::Copy | Action::CopyUrl
                if screen == Screen::Briefing
                    && !matches!(overlay, Overlay::Help | Overlay::Errors) =>
            {
                self.update_briefing(action)
            }
            Action::NextMatch if matches!(overlay, Overlay::Source(_)) => self.step_text(1),
            Action::PrevMatch if matches!(overlay, Overlay::Source(_)) => self.step_text(-1),
            _ => {
                let back = self.keymap.key_label(Action::Back).unwrap_or_default();
                let key = self.keymap.key_label(action).unwrap_or_default();
                self.message = Some(format!("{key}: {back} closes this box first"));
            }
        }
    }

    /// A key bound to nothing, on a screen (not while typing): said so,
    /// rather than nothing happening.
    fn unbound(&mut self, key: &crossterm::event::KeyEvent) {
        use crossterm::event::KeyCode;
        if !crate::tui::keymap::is_press(key) || self.typing() || self.confirming().is_some() {
            return;
        }
        if matches!(key.code, KeyCode::Char(_)) {
            let help = self.keymap.key_label(Action::Help).unwrap_or_default();
            let name = crate::tui::keymap::normalize(key).label();
            self.message = Some(format!("{name} does nothing here: {help} lists the keys"));
        }
    }

    /// Shows an overlay over the current screen, from its top.
    pub(super) fn show(&mut self, overlay: Overlay) {
        self.mode = Mode::Overlay(self.screen(), overlay);
        self.overlay_scroll = 0;
        self.text_search = Search::default();
    }
}
