//! The library list: filters, sort, triage marks, and files arriving from the loader.

use super::*;
use crate::briefing::Priority;
use crate::library::index::{Batch, Listing, newest_first};
use crate::library::state::ReadState;
use crate::tui::action::Action;
use crate::tui::msg::{Load, Purpose};

impl App {
    pub(super) fn update_library(&mut self, action: Action) {
        let n = self.visible.len();
        let page = (self.library_rows() / 2).max(1);
        let sel = &mut self.library.selected;
        match action {
            Action::Down => *sel = (*sel + 1).min(n.saturating_sub(1)),
            Action::Up => *sel = sel.saturating_sub(1),
            Action::HalfPageDown => *sel = (*sel + page).min(n.saturating_sub(1)),
            Action::HalfPageUp => *sel = sel.saturating_sub(page),
            Action::Top => *sel = 0,
            Action::Bottom => *sel = n.saturating_sub(1),
            Action::Open => {
                if let Some(&i) = self.visible.get(*sel) {
                    self.open_listed(i);
                }
            }
            Action::Search => self.mode = Mode::Prompt(Screen::Library),
            Action::ShowErrors => {
                if self.diagnostics.is_empty() {
                    self.message = Some("every file loaded without a problem".into());
                } else {
                    self.show(Overlay::Errors);
                }
            }
            Action::NextMatch => *sel = (*sel + 1).min(n.saturating_sub(1)),
            Action::PrevMatch => *sel = sel.saturating_sub(1),
            Action::ToggleRead | Action::ToggleFlag | Action::ToggleArchive => self.toggle(action),
            Action::MarkAllRead => {
                if self.visible.is_empty() {
                    self.message = Some("no briefing is listed".into());
                } else {
                    self.mode = Mode::Confirm(Confirm::MarkAllRead(self.visible.len()));
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

    /// Marks at once on screen, and hands them to the state writer.
    pub(super) fn mark(&mut self, marks: Vec<Mark>) {
        if marks.is_empty() {
            return;
        }
        apply_in_memory(&mut self.store, &marks);
        self.unsaved.extend(marks.iter().cloned());
        self.effects.push(Effect::Mark(marks));
    }

    /// Refilters after a mark, keeping the cursor on the same row.
    pub(super) fn refilter_keeping_row(&mut self) {
        let keep = self.library.selected;
        self.refilter();
        self.library.selected = keep.min(self.visible.len().saturating_sub(1));
    }

    /// `y` to "mark every listed briefing read": the writer reads them and
    /// marks them in one batch, while the screen keeps answering.
    pub(super) fn confirm(&mut self) {
        self.mode = Mode::Library;
        let listings: Vec<Listing> = self
            .visible
            .iter()
            .map(|&i| self.entries[i].clone())
            .collect();
        self.message = Some(format!(
            "marking {} read{}",
            crate::tui::plural(listings.len(), "briefing"),
            self.theme().ellipsis()
        ));
        self.effects.push(Effect::MarkAllRead(listings));
    }

    /// What to ask the loader for to read entry `i` in full.
    pub(super) fn load_request(&self, i: usize, purpose: Purpose) -> Load {
        let listing = self.entries[i].clone();
        let record = self.store.state.record(listing.id()).cloned();
        Load {
            listing,
            purpose,
            record,
        }
    }

    /// Asks for entry `i` to be opened; the screen changes when it arrives.
    pub(super) fn open_entry(&mut self, i: usize, pane: Option<Pane>) {
        self.effects
            .push(Effect::Load(self.load_request(i, Purpose::Open { pane })));
    }

    /// Takes in files as the loader indexes them (at start-up, or again when
    /// they change on disk): each file's listing and diagnostics replace
    /// what was known of it; a file that is gone leaves the list.
    pub fn apply_batch(&mut self, mut batch: Batch) {
        // Warnings of files listed already: added, nothing else changes.
        let warnings = std::mem::take(&mut batch.warnings);
        if !warnings.is_empty() {
            self.diagnostics.extend(warnings);
            if batch.files.is_empty() && batch.total == 0 {
                self.failed = crate::library::failed_files(&self.diagnostics);
                return;
            }
        }
        // A file changed on disk keeps the user's selection on the same
        // briefing; while the library first loads, the list simply grows.
        let reload = batch.total == 0;
        let current = self
            .visible
            .get(self.library.selected)
            .filter(|_| reload)
            .map(|&i| self.entries[i].path.clone());
        let open = (self.screen() == Screen::Briefing)
            .then(|| self.entries.get(self.open).map(|l| l.path.clone()))
            .flatten();
        // The loader has applied the duplicate-id policy: each file's
        // listing and diagnostics simply replace what was known of it. One
        // pass over what is listed, then the batch merged in order: no sort
        // of the whole list per batch. Paths are compared by their bytes, as
        // the loader names every file the same way (hashing a `Path` walks
        // its components).
        let paths = replaced(&batch, &self.entries, &self.diagnostics);
        let changed_open = open
            .as_deref()
            .is_some_and(|p| paths.contains(p.as_os_str()));
        if !paths.is_empty() {
            self.entries.retain(|l| !paths.contains(l.path.as_os_str()));
            self.diagnostics
                .retain(|d| !paths.contains(d.file.as_os_str()));
        }
        drop(paths);
        let mut fresh = Vec::with_capacity(batch.files.len());
        self.diagnostics
            .reserve(batch.files.iter().map(|(_, f)| f.diagnostics.len()).sum());
        for (_, idx) in batch.files {
            self.diagnostics.extend(idx.diagnostics);
            fresh.extend(idx.listing);
        }
        if !fresh.is_empty() {
            // Nearly always in order already (the index sorts its rows):
            // then one pass.
            fresh.sort_by(newest_first);
            self.entries = if self.entries.is_empty() {
                fresh
            } else {
                merge_newest_first(std::mem::take(&mut self.entries), fresh)
            };
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
                    let reload = self.load_request(i, Purpose::Reload);
                    self.effects.push(Effect::Reload(reload));
                }
                Some(i) => self.open = i,
                None => {
                    self.mode = Mode::Library;
                    self.opened = None;
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
        self.ask_full_text();
        let q = self.filter.query.to_lowercase();
        let state = &self.store.state;
        let f = self.filters;
        // With no triage state at all (a new reader), nothing is archived,
        // flagged or read: no row's id need be looked up.
        let marked = !state.briefings.is_empty();
        let quick = |i: usize| {
            let l = &self.entries[i];
            (!f.high || l.priority >= Priority::High)
                && if marked {
                    (f.archived || !state.archived(l.id()))
                        && (!f.unread || state.read_state_of(l.id(), l.digest()) != ReadState::Read)
                        && (!f.flagged || state.flagged(l.id()))
                } else {
                    !f.flagged
                }
        };
        let mut visible: Vec<usize> = (0..self.entries.len())
            .filter(|&i| quick(i) && (q.is_empty() || self.entries[i].search().contains(&q)))
            .collect();
        let entries = &self.entries;
        match self.sort {
            // Entries are kept newest first; a stable sort keeps that within ties.
            Sort::Date => {}
            Sort::Priority => visible.sort_by_key(|&i| std::cmp::Reverse(entries[i].priority)),
            Sort::Title => visible.sort_by_cached_key(|&i| entries[i].title().to_lowercase()),
        }
        // Title, tags, region and actors first; then the full text's hits.
        let more = self.full_text_rows(&visible, quick);
        visible.extend(more);
        self.date_width = visible
            .iter()
            .map(|&i| self.entries[i].shown_date_width())
            .max()
            .unwrap_or(0);
        self.visible = visible;
        self.count_archived_hidden();
        self.library.selected = self
            .library
            .selected
            .min(self.visible.len().saturating_sub(1));
    }
}

/// The paths of `batch` that the list or the diagnostics hold now: what the
/// batch replaces. The set is made of the smaller side (a first list of
/// 100,000 files replaces the 200 rows of the first frame), by the paths'
/// bytes (hashing a `Path` walks its components).
fn replaced<'a>(
    batch: &'a Batch,
    entries: &[Listing],
    diagnostics: &[crate::briefing::Diagnostic],
) -> foldhash::HashSet<&'a std::ffi::OsStr> {
    use std::ffi::OsStr;
    let new = batch.files.iter().map(|(p, _)| p.as_os_str());
    if batch.files.len() <= entries.len() + diagnostics.len() {
        return new.collect();
    }
    let held: foldhash::HashSet<&OsStr> = entries
        .iter()
        .map(|l| l.path.as_os_str())
        .chain(diagnostics.iter().map(|d| d.file.as_os_str()))
        .collect();
    if held.is_empty() {
        return foldhash::HashSet::default();
    }
    new.filter(|p| held.contains(p)).collect()
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

/// Lays marks over the state shown, in memory (`store` has no file), in
/// O(marks): each chunk of marks is applied to a small store holding only
/// the records it touches, which then go back. (`Store::apply` looks over
/// every record to drop empty ones, which made "mark all read" on 10,000
/// briefings quadratic.)
pub(super) fn apply_in_memory(store: &mut Store, marks: &[Mark]) {
    for chunk in marks.chunks(64) {
        let mut part = Store::in_memory();
        for m in chunk {
            if let Some((k, r)) = store.state.briefings.remove_entry(m.id()) {
                part.state.briefings.insert(k, r);
            }
        }
        for m in chunk {
            let _ = part.apply(m.clone());
        }
        store.state.briefings.append(&mut part.state.briefings);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Warnings sent after a warm list are added to what `e` shows; the
    /// list, the selection and the loading state stay as they are.
    #[test]
    fn warnings_after_the_list_are_added_and_change_nothing_else() {
        use crate::library::index::Parts;
        let row = |name: &str| {
            Listing::new(
                name.into(),
                std::path::Path::new("."),
                Parts {
                    id: name,
                    title: name,
                    date: "2024",
                    shown_date: "2024",
                    order: (0, 0),
                    priority: Priority::Normal,
                    tags: "",
                    region: None,
                    search: name,
                    digest: "",
                },
            )
        };
        let mut app = App::new(
            vec![row("a.toml"), row("b.toml")],
            Vec::new(),
            Options::default(),
            Rect::new(0, 0, 80, 24),
        );
        app.library.selected = 1;
        let warning = crate::briefing::Diagnostic {
            severity: crate::briefing::diagnostic::Severity::Warning,
            ..crate::briefing::Diagnostic::error("b.toml", "a warning")
        };
        app.apply_batch(Batch {
            warnings: vec![warning.clone()],
            ..Batch::default()
        });
        assert_eq!(app.diagnostics, [warning]);
        assert_eq!((app.entries.len(), app.visible.len()), (2, 2));
        assert_eq!(
            (app.library.selected, app.failed, app.loading),
            (1, 0, None)
        );
    }

    /// In chunks or one by one, the same marks leave the same state.
    #[test]
    fn marks_in_memory_agree_with_the_store_one_by_one() {
        let read = |id: &str| Mark::Read {
            id: id.to_owned(),
            parts: BTreeSet::from(["summary:x".to_owned()]),
            digest: "d".to_owned(),
            version: None,
        };
        let mut marks = Vec::new();
        for i in 0..200 {
            let id = format!("b{}", i % 70);
            marks.push(match i % 5 {
                0 => read(&id),
                1 => Mark::Flag { id, on: i % 3 == 0 },
                2 => Mark::Archive { id, on: i % 2 == 0 },
                3 => Mark::Unread { id },
                _ => Mark::Flag { id, on: false },
            });
        }
        let mut one_by_one = Store::in_memory();
        for m in &marks {
            one_by_one.apply(m.clone()).unwrap();
        }
        let mut chunked = Store::in_memory();
        apply_in_memory(&mut chunked, &marks);
        let shape = |s: &Store| {
            s.state
                .briefings
                .iter()
                .map(|(id, r)| {
                    (
                        id.clone(),
                        r.read_at.is_some(),
                        r.flagged,
                        r.archived,
                        r.parts.clone(),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(shape(&one_by_one), shape(&chunked));
    }
}
