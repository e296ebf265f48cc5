//! The library list: filters, sort, triage marks, and files arriving from the loader.

use super::*;
use crate::library::index::{Batch, Listing, newest_first};

impl App {
    pub(super) fn update_library(&mut self, action: Action) {
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

    pub(super) fn set_filter(&mut self, change: impl FnOnce(&mut Filters)) {
        let current = self.visible.get(self.library.selected).copied();
        change(&mut self.filters);
        self.refilter();
        self.select_entry(current);
    }

    /// Keeps the same briefing selected when the list changes around it.
    pub(super) fn select_entry(&mut self, entry: Option<usize>) {
        if let Some(row) = entry.and_then(|e| self.visible.iter().position(|&v| v == e)) {
            self.library.selected = row;
        }
    }

    /// Applies a mark, saying so in the status line, or why it failed.
    pub(super) fn mark(&mut self, mark: Mark) -> bool {
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

    pub(super) fn toggle(&mut self, action: Action) {
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

    pub(super) fn confirm(&mut self) {
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
    pub(super) fn load(&mut self, i: usize) -> Option<Briefing> {
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

    pub(super) fn open_entry(&mut self, i: usize) {
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
        // The loader has applied the duplicate-id policy: each file's
        // listing and diagnostics simply replace what was known of it. One
        // pass over what is listed, then the batch merged in order: no sort
        // of the whole list per batch.
        let paths: std::collections::HashSet<&std::path::Path> =
            batch.files.iter().map(|(p, _)| p.as_path()).collect();
        let changed_open = open.as_deref().is_some_and(|p| paths.contains(p));
        self.entries.retain(|l| !paths.contains(l.path.as_path()));
        self.diagnostics
            .retain(|d| !paths.contains(d.file.as_path()));
        let mut fresh = Vec::new();
        for (_, idx) in batch.files {
            self.diagnostics.extend(idx.diagnostics);
            fresh.extend(idx.listing);
        }
        if !fresh.is_empty() {
            fresh.sort_by(newest_first);
            let old = std::mem::take(&mut self.entries);
            self.entries = merge_newest_first(old, fresh);
        }
        self.failed = crate::library::failed_files(&self.diagnostics);
        self.loading =
            (batch.total > 0 && batch.done < batch.total).then_some((batch.done, batch.total));
        if let Some(path) = open {
            match self.entries.iter().position(|l| l.path == path) {
                Some(i) if changed_open => {
                    // The open briefing changed on disk: show the new text,
                    // keeping the place in each pane as far as it still exists.
                    self.open = i;
                    if let Ok(b) = self.entries[i].load() {
                        self.opened = Some(b);
                        self.overlay = None;
                        self.message =
                            Some("this briefing changed on disk and was reloaded".into());
                    }
                }
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

    /// The list as the filter, quick filters and sort make it.
    pub(super) fn refilter(&mut self) {
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
        self.date_width = visible
            .iter()
            .map(|&i| crate::text::width(&self.entries[i].shown_date))
            .max()
            .unwrap_or(0);
        self.visible = visible;
        self.library.selected = self
            .library
            .selected
            .min(self.visible.len().saturating_sub(1));
    }
}

/// Two lists in the library's order as one, in O(both).
fn merge_newest_first(a: Vec<Listing>, b: Vec<Listing>) -> Vec<Listing> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let take_a = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => newest_first(x, y) != std::cmp::Ordering::Greater,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return out,
        };
        out.extend(if take_a { a.next() } else { b.next() });
    }
}
