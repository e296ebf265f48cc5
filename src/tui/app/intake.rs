//! The reader's intake of the loader's batches: each file's row and
//! problems replace what was known of it, rows checked behind the list
//! replaced where they stand, and the problems `e` shows (a listed file's
//! warnings carried by its row, decoded only while shown).

use super::*;
use crate::library::index::{Batch, Listing, newest_first};
use crate::tui::msg::Purpose;

impl App {
    /// Every problem known, as `e` shows them: errors and what was not
    /// listed first, then the warnings the rows carry, in the list's
    /// order. Decoded now, for as long as they are shown: a library of
    /// 100,000 with a warning in every other file keeps them encoded.
    pub(super) fn all_problems(&self) -> Vec<Diagnostic> {
        let mut all = self.diagnostics.clone();
        for l in self.entries.iter().filter(|l| l.has_warnings()) {
            all.extend(l.warnings());
        }
        all
    }

    /// Lets go of the problems decoded for `e` once it is closed.
    pub(super) fn forget_shown_problems(&mut self) {
        if !self.shown_problems.is_empty() && self.mode.overlay() != Some(Overlay::Errors) {
            self.shown_problems = Vec::new();
        }
    }

    /// Takes in files as the loader indexes them (at start-up, or again when
    /// they change on disk): each file's listing and diagnostics replace
    /// what was known of it; a file that is gone leaves the list.
    pub fn apply_batch(&mut self, mut batch: Batch) {
        if let Some(checking) = batch.checking {
            self.checking = checking;
            if batch.files.is_empty() && batch.warnings.is_empty() && batch.total == 0 {
                return;
            }
        }
        // Warnings of files listed already: added, nothing else changes.
        let warnings = std::mem::take(&mut batch.warnings);
        if !warnings.is_empty() {
            self.diagnostics.extend(warnings);
            if batch.files.is_empty() && batch.total == 0 {
                self.failed = crate::library::failed_files(&self.diagnostics);
                if self.mode.overlay() == Some(Overlay::Errors) {
                    self.shown_problems = self.all_problems();
                }
                return;
            }
        }
        if batch.total == 0 && self.replace_in_place(&mut batch) {
            return;
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
        if self.mode.overlay() == Some(Overlay::Errors) {
            // Shown: what `e` shows follows what arrives.
            self.shown_problems = self.all_problems();
        }
        self.sync_scroll();
    }

    /// The usual batch of a check behind a list shown (a cold start's rows
    /// read in full, a file edited): each row replaced where it stands, in
    /// O(batch · log rows), not the whole list merged and filtered again on
    /// the thread that answers keys. Only when every file of the batch is
    /// listed already at the place its new row sorts to, with no problem
    /// apart and not open; else nothing is done and false returned.
    pub(super) fn replace_in_place(&mut self, batch: &mut Batch) -> bool {
        let mut at = Vec::with_capacity(batch.files.len());
        for (path, idx) in &batch.files {
            let Some(new) = idx.listing.as_ref() else {
                return false;
            };
            if !idx.diagnostics.is_empty() || new.path != *path {
                return false;
            }
            match self.entries.binary_search_by(|e| newest_first(e, new)) {
                Ok(i) if self.entries[i].path == *path => at.push(i),
                _ => return false,
            }
        }
        let open = self.screen() == Screen::Briefing;
        if at.is_empty() || (open && at.contains(&self.open)) {
            return false;
        }
        if !self.diagnostics.is_empty() {
            let paths: foldhash::HashSet<&std::ffi::OsStr> =
                batch.files.iter().map(|(p, _)| p.as_os_str()).collect();
            if self
                .diagnostics
                .iter()
                .any(|d| paths.contains(d.file.as_os_str()))
            {
                return false;
            }
        }
        let mut same_ids = true;
        for ((_, idx), i) in std::mem::take(&mut batch.files).into_iter().zip(at) {
            let new = idx.listing.expect("checked above");
            same_ids &= new.id() == self.entries[i].id();
            self.entries[i] = new;
        }
        self.loading = None;
        // The rows shown are the same rows unless a filter, a sort or a
        // mark (by id) could see them differently.
        if !(same_ids
            && self.filter.query.is_empty()
            && self.filters == Filters::default()
            && self.sort == Sort::Date)
        {
            let current = self.visible.get(self.library.selected).copied();
            self.refilter();
            self.select_entry(current);
        }
        if self.mode.overlay() == Some(Overlay::Errors) {
            self.shown_problems = self.all_problems();
        }
        self.sync_scroll();
        true
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
