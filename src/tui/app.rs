//! The reader's state and the one function that changes it.

use ratatui::layout::Rect;

use super::action::Action;
use super::layout;
use super::view;
use chrono::{DateTime, Utc};

use crate::briefing::{Briefing, Diagnostic, Priority};
use crate::library::index::{Batch, Listing, sort_newest_first};
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

    fn update_library(&mut self, action: Action) {
        let n = self.visible.len();
        let page = (layout::library(self.size).list.height as usize / 2).max(1);
        let sel = &mut self.library.selected;
        match action {
            Action::Down => *sel = (*sel + 1).min(n.saturating_sub(1)),
            Action::Up => *sel = sel.saturating_sub(1),
            Action::HalfPageDown => *sel = (*sel + page).min(n.saturating_sub(1)),
            Action::HalfPageUp => *sel = sel.saturating_sub(page),
            Action::Top => *sel = 0,
            Action::Bottom => *sel = n.saturating_sub(1),
            Action::Open => {
                if self.filter.editing {
                    self.filter.editing = false;
                } else if let Some(&i) = self.visible.get(*sel) {
                    self.open_entry(i);
                }
            }
            Action::Search => self.filter.editing = true,
            Action::ShowErrors => {
                if self.diagnostics.is_empty() {
                    self.message = Some("every file loaded without a problem".into());
                } else {
                    self.overlay = Some(Overlay::Errors);
                    self.overlay_scroll = 0;
                }
            }
            Action::NextMatch => *sel = (*sel + 1).min(n.saturating_sub(1)),
            Action::PrevMatch => *sel = sel.saturating_sub(1),
            Action::ToggleRead | Action::ToggleFlag | Action::ToggleArchive => self.toggle(action),
            Action::MarkAllRead => {
                if self.visible.is_empty() {
                    self.message = Some("no briefing is listed".into());
                } else {
                    self.confirming = Some(Confirm::MarkAllRead(self.visible.len()));
                }
            }
            Action::FilterUnread => self.set_filter(|f| f.unread = !f.unread),
            Action::FilterFlagged => self.set_filter(|f| f.flagged = !f.flagged),
            Action::FilterPriority => self.set_filter(|f| f.high = !f.high),
            Action::ShowArchived => self.set_filter(|f| f.archived = !f.archived),
            Action::CycleSort => {
                let current = self.visible.get(self.library.selected).copied();
                self.sort = self.sort.next();
                self.refilter();
                self.select_entry(current);
            }
            _ => {}
        }
    }

    fn set_filter(&mut self, change: impl FnOnce(&mut Filters)) {
        let current = self.visible.get(self.library.selected).copied();
        change(&mut self.filters);
        self.refilter();
        self.select_entry(current);
    }

    /// Keeps the same briefing selected when the list changes around it.
    fn select_entry(&mut self, entry: Option<usize>) {
        if let Some(row) = entry.and_then(|e| self.visible.iter().position(|&v| v == e)) {
            self.library.selected = row;
        }
    }

    /// Applies a mark, saying so in the status line, or why it failed.
    fn mark(&mut self, mark: Mark) -> bool {
        match self.store.apply(mark) {
            Ok(()) => {
                if !self.store.warnings.is_empty() {
                    self.message = Some(self.store.warnings.join("; "));
                    self.store.warnings.clear();
                }
                true
            }
            Err(e) => {
                self.message = Some(format!("not saved: {e}"));
                false
            }
        }
    }

    fn toggle(&mut self, action: Action) {
        let Some(&i) = self.visible.get(self.library.selected) else {
            return;
        };
        let listing = &self.entries[i];
        let id = listing.id.clone();
        let unread = self.store.state.read_state_of(&id, &listing.digest) == ReadState::New;
        let (mark, said) = match action {
            Action::ToggleRead if unread => match self.load(i) {
                Some(b) => (Mark::read(&b), "read"),
                None => return,
            },
            Action::ToggleRead => (Mark::Unread { id: id.clone() }, "unread"),
            Action::ToggleFlag => {
                let on = !self.store.state.flagged(&id);
                (
                    Mark::Flag { id: id.clone(), on },
                    if on { "flagged" } else { "unflagged" },
                )
            }
            _ => {
                let on = !self.store.state.archived(&id);
                (
                    Mark::Archive { id: id.clone(), on },
                    if on { "archived" } else { "restored" },
                )
            }
        };
        if self.mark(mark) {
            self.message.get_or_insert_with(|| format!("{id}: {said}"));
        }
        let keep = self.library.selected;
        self.refilter();
        self.library.selected = keep.min(self.visible.len().saturating_sub(1));
    }

    fn confirm(&mut self) {
        let Some(Confirm::MarkAllRead(_)) = self.confirming.take() else {
            return;
        };
        let rows = self.visible.clone();
        let marks: Vec<Mark> = rows
            .into_iter()
            .filter_map(|i| self.load(i).map(|b| Mark::read(&b)))
            .collect();
        let n = marks.len();
        let mut done = 0;
        for m in marks {
            if !self.mark(m) {
                break;
            }
            done += 1;
        }
        if done == n {
            self.message = Some(format!(
                "{} marked read",
                crate::cli::check::plural(n, "briefing")
            ));
        }
        self.refilter();
    }

    /// The whole briefing behind a listing, read again from its file; a
    /// file that went bad since it was listed says why in the status line.
    fn load(&mut self, i: usize) -> Option<Briefing> {
        match self.entries[i].load() {
            Ok(b) => Some(b),
            Err(diagnostics) => {
                let why = diagnostics
                    .first()
                    .map_or_else(|| "it cannot be read".to_owned(), |d| d.headline());
                self.message = Some(format!("cannot open: {why}"));
                None
            }
        }
    }

    fn open_entry(&mut self, i: usize) {
        let Some(b) = self.load(i) else { return };
        self.open = i;
        let record = self.store.state.record(&b.id).cloned();
        self.changes = record
            .as_ref()
            .map(|r| changed_parts(&b, r))
            .unwrap_or_default();
        self.changes_since = record.and_then(|r| r.read_at);
        self.change_cursor = 0;
        let mark = Mark::read(&b);
        self.mark(mark);
        self.opened = Some(b);
        self.entries[i].digest =
            crate::library::state::digest(self.opened.as_ref().expect("just set"));
        self.screen = Screen::Briefing;
        self.panes = [ListState::default(); 5];
        self.search = Search::default();
        self.overlay = None;
        if let Some(row) = self.visible.iter().position(|&v| v == i) {
            self.library.selected = row;
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

    /// Takes in files as the loader indexes them (at start-up, or again when
    /// they change on disk): each file's listing and diagnostics replace
    /// what was known of it; a file that is gone leaves the list.
    pub fn apply_batch(&mut self, batch: Batch) {
        // A file changed on disk keeps the user's selection on the same
        // briefing; while the library first loads, the list simply grows.
        let reload = batch.total == 0;
        let current = self
            .visible
            .get(self.library.selected)
            .filter(|_| reload)
            .map(|&i| self.entries[i].path.clone());
        let open = (self.screen == Screen::Briefing)
            .then(|| self.entries.get(self.open).map(|l| l.path.clone()))
            .flatten();
        // One pass over what is known, whatever the batch's size: a large
        // library arrives in many batches.
        let paths: std::collections::HashSet<&std::path::Path> =
            batch.files.iter().map(|(p, _)| p.as_path()).collect();
        self.entries.retain(|l| !paths.contains(l.path.as_path()));
        self.diagnostics
            .retain(|d| !paths.contains(d.file.as_path()));
        let mut ids: std::collections::HashMap<String, std::path::PathBuf> = self
            .entries
            .iter()
            .map(|l| (l.id.clone(), l.path.clone()))
            .collect();
        for (path, idx) in batch.files {
            self.diagnostics.extend(idx.diagnostics);
            let Some(listing) = idx.listing else { continue };
            if let Some(other) = ids.get(&listing.id) {
                self.diagnostics.push(crate::briefing::Diagnostic {
                    key_path: Some("id".into()),
                    ..crate::briefing::Diagnostic::error(
                        &path,
                        format!(
                            "duplicate briefing id {:?}: {} uses it too; this file was not loaded",
                            listing.id,
                            other.display()
                        ),
                    )
                });
            } else {
                ids.insert(listing.id.clone(), path);
                self.entries.push(listing);
            }
        }
        sort_newest_first(&mut self.entries);
        self.failed = crate::library::failed_files(&self.diagnostics);
        self.loading =
            (batch.total > 0 && batch.done < batch.total).then_some((batch.done, batch.total));
        if let Some(path) = open {
            match self.entries.iter().position(|l| l.path == path) {
                Some(i) => self.open = i,
                None => {
                    self.screen = Screen::Library;
                    self.opened = None;
                    self.overlay = None;
                    self.message =
                        Some(format!("{} was removed or no longer loads", path.display()));
                }
            }
        }
        self.refilter();
        if let Some(path) = current
            && let Some(row) = self
                .visible
                .iter()
                .position(|&i| self.entries[i].path == path)
        {
            self.library.selected = row;
        }
        self.sync_scroll();
    }

    /// Applies a configuration's default sort and filters.
    pub fn set_view(&mut self, sort: Sort, filters: Filters) {
        self.sort = sort;
        self.filters = filters;
        self.refilter();
    }

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
        if self.overlay.is_some() {
            if scroll != 0 {
                self.overlay_scroll = (self.overlay_scroll as isize + scroll).max(0) as usize;
            }
        } else if self.screen == Screen::Library {
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
                    let list = view::split(self, b, pane, inner).0;
                    if list.contains(at) {
                        let line = self.panes[pane.index()].offset + usize::from(row - list.y);
                        let body = view::pane_body(self, b, pane, list.width);
                        if let Some(item) = body.items.iter().position(|r| r.contains(&line)) {
                            self.panes[pane.index()].selected = item;
                        }
                    }
                }
            }
        }
        self.sync_scroll();
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

    /// The list as the filter, quick filters and sort make it.
    fn refilter(&mut self) {
        let q = self.filter.query.to_lowercase();
        let state = &self.store.state;
        let f = self.filters;
        let mut visible: Vec<usize> = (0..self.entries.len())
            .filter(|&i| {
                let l = &self.entries[i];
                (f.archived || !state.archived(&l.id))
                    && (!f.unread || state.read_state_of(&l.id, &l.digest) != ReadState::Read)
                    && (!f.flagged || state.flagged(&l.id))
                    && (!f.high || l.priority >= Priority::High)
                    && (q.is_empty() || l.search.contains(&q))
            })
            .collect();
        let entries = &self.entries;
        match self.sort {
            // Entries are kept newest first; a stable sort keeps that within ties.
            Sort::Date => {}
            Sort::Priority => visible.sort_by_key(|&i| std::cmp::Reverse(entries[i].priority)),
            Sort::Title => visible.sort_by_cached_key(|&i| entries[i].title.to_lowercase()),
        }
        self.visible = visible;
        self.library.selected = self
            .library
            .selected
            .min(self.visible.len().saturating_sub(1));
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
