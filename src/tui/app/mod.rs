//! The reader's state and the one function that changes it,
//! [`App::update`]: a message in, effects out, no file system touched.
//!
//! `update` dispatches keys by [`Mode`]; `briefing`, `library` and
//! `pointer` hold the actions of each place, `results` what comes back
//! from the workers, `scroll` the rules that keep selections on screen,
//! and `cache` the wrapped text that drawing and scrolling share.

mod briefing;
mod cache;
mod find;
mod fulltext;
mod intake;
mod library;
mod opening;
mod pointer;
mod results;
mod scroll;
mod textfind;
mod triage;
mod update;

use std::rc::Rc;

use chrono::{DateTime, Utc};
use ratatui::layout::Rect;

pub use super::model::{
    Confirm, Filters, Hit, ListState, Mode, Overlay, Pane, Screen, Search, Sort,
};
use super::msg::Effect;
use super::theme::{Palette, Theme};
use super::view::{self, Body};
use crate::briefing::{Briefing, Diagnostic};
use crate::library::index::{Listing, sort_newest_first};
use crate::library::state::{Mark, Part, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub color: bool,
    pub ascii: bool,
    /// Clicks and the wheel; off by default, as it takes text selection
    /// away from the terminal.
    pub mouse: bool,
    pub palette: Palette,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            color: true,
            ascii: false,
            mouse: false,
            palette: Palette::default(),
        }
    }
}

pub struct App {
    /// One listing per valid briefing, newest first; briefings are parsed
    /// in full only when opened.
    pub entries: Vec<Listing>,
    /// The open briefing, in full.
    pub opened: Option<Briefing>,
    /// Files indexed so far and in all, while the library is still loading.
    pub loading: Option<(usize, usize)>,
    /// The widest date in the list, measured when the list changes, not per frame.
    pub date_width: usize,
    /// Errors, and the warnings of files not listed; a listed file's
    /// warnings are carried by its listing ([`Listing::warnings`]).
    pub diagnostics: Vec<Diagnostic>,
    /// Every problem, decoded while `e` shows them ([`App::all_problems`]).
    pub shown_problems: Vec<Diagnostic>,
    /// Files that could not be loaded.
    pub failed: usize,
    /// Every file of the list shown is being checked behind it: more
    /// problems may come ([`Batch::checking`](crate::library::index::Batch)).
    pub checking: bool,
    /// Where the user is: the one value that says where keys go.
    pub mode: Mode,
    /// Rows of the library, over the filtered list.
    pub library: ListState,
    /// Library filter, typed after `/` in the library.
    pub filter: Search,
    /// The library's full-text search, following the filter.
    pub fulltext: fulltext::FullText,
    /// Indices into `entries` that the filter lets through, in list order.
    pub visible: Vec<usize>,
    /// Briefings left out of the list only because they are archived.
    pub archived_hidden: usize,
    /// Triage state as shown: what the file held when last written, with
    /// the marks not yet saved laid over it. Kept in memory only; the
    /// state writer owns the file.
    pub store: Store,
    /// The store backed by the state file, until a worker takes it.
    pub writer: Option<Store>,
    /// Marks handed to the writer and not yet confirmed saved, in order.
    pub unsaved: Vec<Mark>,
    pub filters: Filters,
    pub sort: Sort,
    /// Parts of the open briefing that are new or changed since it was last read.
    pub changes: Vec<Part>,
    /// When the open briefing was last read before this opening.
    pub changes_since: Option<DateTime<Utc>>,
    pub change_cursor: usize,
    /// The open briefing's redline, for this visit (`tui::redline`).
    pub redline: super::redline::Shown,
    /// Updated rows' summaries; whether versions were pruned.
    pub rows: super::redline::Rows,
    /// Index into `entries` of the open briefing.
    pub open: usize,
    pub pane: Pane,
    pub panes: [ListState; 5],
    pub overlay_scroll: usize,
    /// Search inside the open briefing.
    pub search: Search,
    /// Where the search started, to go back to with Esc.
    search_from: Option<find::Place>,
    /// Search inside the text of the box shown (a source's full text).
    pub text_search: Search,
    /// The box's scroll when its text search started.
    text_from: usize,
    text_hits: textfind::TextHits,
    pub size: Rect,
    pub options: Options,
    pub message: Option<String>,
    pub keymap: super::keymap::Keymap,
    /// What is known of the way to the user's clipboard (tmux in between).
    pub clipboard: super::clipboard::Route,
    /// Bumped whenever the open briefing changes (another one, a reload):
    /// the caches' key.
    pub version: u64,
    /// Batches taken from the loader: the load-errors overlay's key, so
    /// that files indexed elsewhere leave the panes' caches alone.
    pub batches: u64,
    /// Effects asked for by the message being handled.
    effects: Vec<Effect>,
    cache: cache::Cache,
}

impl App {
    pub fn new(
        entries: Vec<Listing>,
        diagnostics: Vec<Diagnostic>,
        options: Options,
        size: Rect,
    ) -> App {
        App::with_store(entries, diagnostics, Store::in_memory(), options, size)
    }

    pub fn with_store(
        mut entries: Vec<Listing>,
        diagnostics: Vec<Diagnostic>,
        mut writer: Store,
        options: Options,
        size: Rect,
    ) -> App {
        let failed = crate::library::failed_files(&diagnostics);
        let message = (!writer.warnings.is_empty()).then(|| writer.warnings.join("; "));
        writer.warnings.clear();
        let mut store = Store::in_memory();
        store.state = writer.state.clone();
        sort_newest_first(&mut entries);
        let mut app = App {
            entries,
            opened: None,
            loading: None,
            date_width: 0,
            diagnostics,
            shown_problems: Vec::new(),
            failed,
            checking: false,
            mode: Mode::Library,
            library: ListState::default(),
            filter: Search::default(),
            fulltext: Default::default(),
            visible: Vec::new(),
            archived_hidden: 0,
            store,
            writer: Some(writer),
            unsaved: Vec::new(),
            filters: Filters::default(),
            sort: Sort::default(),
            changes: Vec::new(),
            changes_since: None,
            change_cursor: 0,
            redline: Default::default(),
            rows: Default::default(),
            open: 0,
            pane: Pane::Summary,
            panes: [ListState::default(); 5],
            overlay_scroll: 0,
            search: Search::default(),
            search_from: None,
            text_search: Search::default(),
            text_from: 0,
            text_hits: Default::default(),
            size,
            options,
            message,
            keymap: super::keymap::Keymap::default(),
            clipboard: Default::default(),
            version: 0,
            batches: 0,
            effects: Vec::new(),
            cache: cache::Cache::default(),
        };
        app.refilter();
        app
    }

    /// Starts inside the only briefing, as when one file is opened: asks
    /// for it to be read, which the loop does before its first frame.
    pub fn open_first(&mut self) {
        if let Some(&i) = self.visible.first() {
            self.open_entry(i, None);
        }
    }

    /// Effects asked for outside `update` (by `open_first`), for the loop
    /// to carry out before it waits for input.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// The screen under any overlay, prompt or question.
    pub fn screen(&self) -> Screen {
        self.mode.screen()
    }

    pub fn overlay(&self) -> Option<Overlay> {
        self.mode.overlay()
    }

    pub fn confirming(&self) -> Option<Confirm> {
        match self.mode {
            Mode::Confirm(c) => Some(c),
            _ => None,
        }
    }

    pub fn briefing(&self) -> Option<&Briefing> {
        match self.screen() {
            Screen::Briefing => self.opened.as_ref(),
            Screen::Library => None,
        }
    }

    /// Whether keys go to a text prompt rather than the keymap.
    pub fn typing(&self) -> bool {
        matches!(self.mode, Mode::Prompt(_) | Mode::Find(..))
    }

    /// The actor selected in the Actors pane, whose items other panes mark.
    pub fn marked_actor(&self) -> Option<usize> {
        let b = self.briefing()?;
        (!b.actors.is_empty()).then(|| {
            self.panes[Pane::Actors.index()]
                .selected
                .min(b.actors.len() - 1)
        })
    }

    /// Whether a part of the open briefing changed since it was last read.
    pub fn changed(&self, part: Part) -> bool {
        self.changes.contains(&part)
    }

    pub fn theme(&self) -> Theme {
        Theme {
            color: self.options.color,
            ascii: self.options.ascii,
            palette: self.options.palette,
        }
    }

    /// What the view needs to know of the state to write a pane.
    pub fn context(&self) -> view::Context<'_> {
        view::Context {
            theme: self.theme(),
            changes: &self.changes,
            redline: self.redline.drawn(self.version),
            marked_actor: self.marked_actor(),
            selected_figure: self.panes[Pane::Figures.index()].selected,
            keymap: &self.keymap,
            diagnostics: &self.shown_problems,
        }
    }

    /// A pane's wrapped lines at a width, built once per briefing, width
    /// and selected actor.
    pub fn pane_body(&self, pane: Pane, width: u16) -> Rc<Body> {
        self.cache.pane(self, pane, width)
    }

    /// An overlay's wrapped lines at a width, built once per opening and
    /// at least `need` of them (a source's text is wrapped as far as it is
    /// read); and whether that is all of them.
    pub fn overlay_body(&self, overlay: Overlay, width: u16, need: usize) -> (Rc<Body>, bool) {
        self.cache.overlay(self, overlay, width, need)
    }

    /// Every place the briefing search matches, in reading order.
    pub fn hits(&self) -> Rc<Vec<Hit>> {
        self.cache.hits(self)
    }

    /// Marks waiting for the state file (unsaved, or the lock was held).
    pub fn pending_marks(&self) -> usize {
        self.unsaved.len()
    }
}
