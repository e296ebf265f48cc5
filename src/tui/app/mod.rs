//! The reader's state and the one function that changes it. The library's
//! actions live in `library`, clicks and the wheel in `pointer`.

mod library;
mod pointer;

use ratatui::layout::Rect;

use super::action::Action;
use super::layout;
use super::view;
use chrono::{DateTime, Utc};

use crate::briefing::{Briefing, Diagnostic, Priority};
use crate::library::index::{Listing, sort_newest_first};
use crate::library::state::{Mark, Part, ReadState, Store, changed_parts};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Summary,
    Actors,
    Timeline,
    Figures,
    Sources,
}

impl Pane {
    pub const ALL: [Pane; 5] = [
        Pane::Summary,
        Pane::Actors,
        Pane::Timeline,
        Pane::Figures,
        Pane::Sources,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn title(self) -> &'static str {
        match self {
            Pane::Summary => "Summary",
            Pane::Actors => "Actors",
            Pane::Timeline => "Timeline",
            Pane::Figures => "Figures",
            Pane::Sources => "Sources",
        }
    }

    fn step(self, by: isize) -> Pane {
        Pane::ALL[(self.index() as isize + by).rem_euclid(5) as usize]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Library,
    Briefing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Errors,
    Actor(usize),
    Entry(usize),
    Figure(usize),
    Source(usize),
}

/// A selection and the first line shown, for one scrolling list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListState {
    pub selected: usize,
    pub offset: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    pub query: String,
    /// Still typing; the keys go to the prompt.
    pub editing: bool,
    /// Which match `n`/`N` last went to.
    pub current: usize,
}

/// A place a search matched: a pane and an item in it (for Summary, a block).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub pane: Pane,
    pub item: usize,
}

/// The library's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Newest first.
    #[default]
    Date,
    /// Critical first, then newest.
    Priority,
    Title,
}

impl Sort {
    pub fn label(self) -> &'static str {
        match self {
            Sort::Date => "date",
            Sort::Priority => "priority",
            Sort::Title => "title",
        }
    }

    fn next(self) -> Sort {
        match self {
            Sort::Date => Sort::Priority,
            Sort::Priority => Sort::Title,
            Sort::Title => Sort::Date,
        }
    }
}

/// The library's quick filters; the status line always says which are on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Filters {
    pub unread: bool,
    pub flagged: bool,
    pub high: bool,
    pub archived: bool,
}

/// A question waiting for `y`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    /// Mark this many listed briefings read.
    MarkAllRead(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub color: bool,
    pub ascii: bool,
    /// Clicks and the wheel; off by default, as it takes text selection
    /// away from the terminal.
    pub mouse: bool,
    pub palette: super::ui::theme::Palette,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            color: true,
            ascii: false,
            mouse: false,
            palette: super::ui::theme::Palette::default(),
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
    pub diagnostics: Vec<Diagnostic>,
    /// Files that could not be loaded.
    pub failed: usize,
    pub screen: Screen,
    /// Rows of the library, over the filtered list.
    pub library: ListState,
    /// Library filter, typed after `/` in the library.
    pub filter: Search,
    /// Indices into `entries` that the filter lets through, in list order.
    pub visible: Vec<usize>,
    /// Triage state: read, flagged, archived, and what each looked like when read.
    pub store: Store,
    pub filters: Filters,
    pub sort: Sort,
    pub confirming: Option<Confirm>,
    /// Parts of the open briefing that are new or changed since it was last read.
    pub changes: Vec<Part>,
    /// When the open briefing was last read before this opening.
    pub changes_since: Option<DateTime<Utc>>,
    pub change_cursor: usize,
    /// Index into `entries` of the open briefing.
    pub open: usize,
    pub pane: Pane,
    pub panes: [ListState; 5],
    pub overlay: Option<Overlay>,
    pub overlay_scroll: usize,
    /// Search inside the open briefing.
    pub search: Search,
    pub size: Rect,
    pub options: Options,
    pub should_quit: bool,
    pub suspend: bool,
    pub message: Option<String>,
    pub keymap: super::keymap::Keymap,
    /// Text to put on the user's clipboard; the loop sends it and clears it.
    pub clipboard: Option<String>,
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
        store: Store,
        options: Options,
        size: Rect,
    ) -> App {
        let failed = crate::library::failed_files(&diagnostics);
        let message = (!store.warnings.is_empty()).then(|| store.warnings.join("; "));
        sort_newest_first(&mut entries);
        let mut app = App {
            entries,
            opened: None,
            loading: None,
            date_width: 0,
            diagnostics,
            failed,
            screen: Screen::Library,
            library: ListState::default(),
            filter: Search::default(),
            visible: Vec::new(),
            store,
            filters: Filters::default(),
            sort: Sort::default(),
            confirming: None,
            changes: Vec::new(),
            changes_since: None,
            change_cursor: 0,
            open: 0,
            pane: Pane::Summary,
            panes: [ListState::default(); 5],
            overlay: None,
            overlay_scroll: 0,
            search: Search::default(),
            size,
            options,
            should_quit: false,
            suspend: false,
            message,
            keymap: super::keymap::Keymap::default(),
            clipboard: None,
        };
        app.refilter();
        app
    }

    /// Starts inside the only briefing, as when one file is opened.
    pub fn open_first(&mut self) {
        if !self.visible.is_empty() {
            self.open_entry(self.visible[0]);
        }
    }

    pub fn briefing(&self) -> Option<&Briefing> {
        match self.screen {
            Screen::Briefing => self.opened.as_ref(),
            Screen::Library => None,
        }
    }

    /// Whether keys go to a text prompt rather than the keymap.
    pub fn typing(&self) -> bool {
        match self.screen {
            Screen::Library => self.filter.editing,
            Screen::Briefing => self.search.editing,
        }
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

    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = Rect::new(0, 0, width, height);
        self.sync_scroll();
    }

    pub fn update(&mut self, action: Action) {
        self.message = None;
        match action {
            Action::Quit => self.should_quit = true,
            Action::Suspend => self.suspend = true,
            Action::Help => {
                self.overlay = if self.overlay == Some(Overlay::Help) {
                    None
                } else {
                    Some(Overlay::Help)
                };
                self.overlay_scroll = 0;
            }
            Action::Back if self.confirming.is_some() => {
                self.confirming = None;
                self.message = Some("nothing was marked".into());
            }
            Action::Confirm => self.confirm(),
            Action::Back => self.back(),
            Action::Type(c) => self.type_char(c),
            Action::DeleteChar => self.delete_char(),
            _ if self.overlay.is_some() => self.update_overlay(action),
            _ => match self.screen {
                Screen::Library => self.update_library(action),
                Screen::Briefing => self.update_briefing(action),
            },
        }
        self.sync_scroll();
    }

    fn back(&mut self) {
        if self.typing() {
            match self.screen {
                Screen::Library => {
                    self.filter = Search::default();
                    self.refilter();
                }
                Screen::Briefing => self.search = Search::default(),
            }
        } else if self.overlay.is_some() {
            self.overlay = None;
        } else if self.screen == Screen::Briefing && !self.search.query.is_empty() {
            self.search = Search::default();
        } else if self.screen == Screen::Briefing {
            self.screen = Screen::Library;
            self.search = Search::default();
        } else if !self.filter.query.is_empty() {
            self.filter = Search::default();
            self.refilter();
        }
    }

    fn type_char(&mut self, c: char) {
        match self.screen {
            Screen::Library => {
                self.filter.query.push(c);
                self.refilter();
            }
            Screen::Briefing => {
                self.search.query.push(c);
                self.search.current = 0;
                self.go_to_match(0);
            }
        }
    }

    fn delete_char(&mut self) {
        match self.screen {
            Screen::Library => {
                self.filter.query.pop();
                self.refilter();
            }
            Screen::Briefing => {
                self.search.query.pop();
                self.search.current = 0;
            }
        }
    }

    fn update_overlay(&mut self, action: Action) {
        let page = self.overlay_height().max(2) / 2;
        let s = &mut self.overlay_scroll;
        match action {
            Action::Down => *s += 1,
            Action::Up => *s = s.saturating_sub(1),
            Action::HalfPageDown => *s += page,
            Action::HalfPageUp => *s = s.saturating_sub(page),
            Action::Top => *s = 0,
            Action::Bottom => *s = usize::MAX,
            Action::Open => self.overlay = None,
            Action::ShowErrors if self.screen == Screen::Library => self.overlay = None,
            _ => {}
        }
    }

    fn update_briefing(&mut self, action: Action) {
        let focus = |app: &mut App, p: Pane| app.pane = p;
        match action {
            Action::NextPane => self.pane = self.pane.step(1),
            Action::PrevPane => self.pane = self.pane.step(-1),
            Action::FocusSummary => focus(self, Pane::Summary),
            Action::FocusActors => focus(self, Pane::Actors),
            Action::FocusTimeline => focus(self, Pane::Timeline),
            Action::FocusFigures => focus(self, Pane::Figures),
            Action::FocusSources => focus(self, Pane::Sources),
            Action::Down => self.move_by(1),
            Action::Up => self.move_by(-1),
            Action::HalfPageDown => {
                let h = self.pane_height(self.pane) as isize / 2;
                self.move_by(h.max(1));
            }
            Action::HalfPageUp => {
                let h = self.pane_height(self.pane) as isize / 2;
                self.move_by(-h.max(1));
            }
            Action::Top => self.move_by(isize::MIN / 2),
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::Open => {
                if self.search.editing {
                    self.search.editing = false;
                } else {
                    self.open_item();
                }
            }
            Action::PrevBriefing => self.step_briefing(-1),
            Action::NextBriefing => self.step_briefing(1),
            Action::Search => {
                self.search = Search {
                    editing: true,
                    ..Search::default()
                }
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
                self.clipboard = Some(text);
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

    /// Whether a part of the open briefing changed since it was last read.
    pub fn changed(&self, part: Part) -> bool {
        self.changes.contains(&part)
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
    fn move_by(&mut self, by: isize) {
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
        if overlay.is_some() {
            self.overlay = overlay;
            self.overlay_scroll = 0;
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
        let pane = self.pane;
        self.open_entry(self.visible[target as usize]);
        self.pane = pane;
    }

    /// Every place the briefing search matches, in reading order.
    pub fn hits(&self) -> Vec<Hit> {
        match self.briefing() {
            Some(b) if !self.search.query.is_empty() => view::search_hits(b, &self.search.query),
            _ => Vec::new(),
        }
    }

    fn step_match(&mut self, by: isize) {
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

    fn go_to_match(&mut self, n: usize) {
        let hits = self.hits();
        let Some(hit) = hits.get(n) else { return };
        self.search.current = n;
        self.pane = hit.pane;
        if hit.pane == Pane::Summary {
            if let Some(b) = self.briefing() {
                let width = self.pane_width(Pane::Summary);
                let body = view::pane_body(self, b, Pane::Summary, width);
                let line = body.items.get(hit.item).map_or(0, |r| r.start);
                self.panes[0].offset = line;
            }
        } else {
            self.panes[hit.pane.index()].selected = hit.item;
        }
    }

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
        if let Some(b) = self.briefing() {
            return view::split(self, b, pane, r).0.height as usize;
        }
        r.height as usize
    }

    pub fn overlay_height(&self) -> usize {
        layout::inner(layout::overlay(self.size)).height as usize
    }

    /// Keeps every selection in range and on screen, and every scroll within
    /// its text, for the current size. Drawing then only reads the offsets.
    pub fn sync_scroll(&mut self) {
        if let Some(overlay) = self.overlay {
            let r = layout::inner(layout::overlay(self.size));
            let lines = view::overlay_body(self, overlay, r.width).lines.len();
            self.overlay_scroll = self
                .overlay_scroll
                .min(lines.saturating_sub(r.height as usize));
        }
        match self.screen {
            Screen::Library => {
                let h = layout::library(self.size).list.height as usize;
                let st = &mut self.library;
                st.selected = st.selected.min(self.visible.len().saturating_sub(1));
                keep_visible(st, st.selected..st.selected + 1, h);
            }
            Screen::Briefing => {
                let Some(b) = self.briefing() else { return };
                let mut updates = Vec::new();
                for pane in Pane::ALL {
                    if self.pane_rect(pane).is_none() {
                        continue;
                    }
                    let body = view::pane_body(self, b, pane, self.pane_width(pane));
                    let h = self.pane_height(pane);
                    let mut st = self.panes[pane.index()];
                    if pane == Pane::Summary {
                        st.offset = st.offset.min(body.lines.len().saturating_sub(h));
                    } else {
                        st.selected = st.selected.min(body.items.len().saturating_sub(1));
                        if let Some(range) = body.items.get(st.selected) {
                            keep_visible(&mut st, range.clone(), h);
                        }
                        st.offset = st.offset.min(body.lines.len().saturating_sub(h));
                    }
                    updates.push((pane, st));
                }
                for (pane, st) in updates {
                    self.panes[pane.index()] = st;
                }
            }
        }
    }
}

/// Scrolls as little as possible to show `lines` (the top of it if it is
/// taller than the view).
fn keep_visible(st: &mut ListState, lines: std::ops::Range<usize>, height: usize) {
    if height == 0 {
        return;
    }
    if lines.end > st.offset + height {
        st.offset = lines.end - height;
    }
    if lines.start < st.offset {
        st.offset = lines.start;
    }
}
