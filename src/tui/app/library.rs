//! The library list: filters, sort, triage marks, and files arriving from the loader.

use super::*;
use crate::briefing::Priority;
use crate::library::index::Listing;
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
                if self.diagnostics.is_empty() && !self.entries.iter().any(|l| l.has_warnings()) {
                    self.message = Some("every file loaded without a problem".into());
                } else {
                    self.shown_problems = self.all_problems();
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
    use crate::library::index::{Batch, Parts};
    use std::collections::BTreeSet;

    /// A row of the list named `name` (its path, id, title and filter text),
    /// ordered by `date`, of the digest given.
    fn row(name: &str, date: i64, digest: &str) -> Listing {
        Listing::new(
            name.into(),
            std::path::Path::new("."),
            Parts {
                id: name,
                title: name,
                date: "2024",
                shown_date: "2024",
                order: (date, 0),
                priority: Priority::Normal,
                tags: "",
                region: None,
                search: name,
                digest,
            },
        )
    }

    /// Warnings sent after a warm list are added to what `e` shows; the
    /// list, the selection and the loading state stay as they are.
    #[test]
    fn warnings_after_the_list_are_added_and_change_nothing_else() {
        let mut app = App::new(
            vec![row("a.toml", 0, ""), row("b.toml", 0, "")],
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

    /// A listed file's warnings travel in its row, encoded: `e` shows
    /// them (decoded while it is open, let go when it closes), they arrive
    /// with the row and leave with it.
    #[test]
    fn warnings_carried_by_rows_are_shown_by_e_and_leave_with_their_row() {
        use crate::briefing::diagnostic::Severity;
        use crate::library::db::Interner;
        use crate::library::index::FileIndex;
        use crate::tui::msg::Msg;
        let warning = |file: &str, m: &str| crate::briefing::Diagnostic {
            severity: Severity::Warning,
            ..crate::briefing::Diagnostic::error(file, m)
        };
        let mut app = App::new(
            Vec::new(),
            Vec::new(),
            Options::default(),
            Rect::new(0, 0, 80, 24),
        );
        app.update(Msg::Action(Action::ShowErrors));
        assert_eq!(
            app.message.as_deref(),
            Some("every file loaded without a problem")
        );
        // As the loader sends them: b's warning in its row, c's error apart.
        let mut interner = Interner::default();
        let mut files = vec![
            (
                "a.toml".into(),
                FileIndex {
                    listing: Some(row("a.toml", 0, "")),
                    diagnostics: Vec::new(),
                },
            ),
            (
                "b.toml".into(),
                FileIndex {
                    listing: Some(row("b.toml", 0, "")),
                    diagnostics: vec![warning("b.toml", "b is odd")],
                },
            ),
            (
                "c.toml".into(),
                FileIndex {
                    listing: None,
                    diagnostics: vec![crate::briefing::Diagnostic::error("c.toml", "c is broken")],
                },
            ),
        ];
        for (_, f) in &mut files {
            interner.keep(f);
        }
        assert!(files[1].1.diagnostics.is_empty(), "carried by the row");
        assert_eq!(files[2].1.diagnostics.len(), 1, "an error stays apart");
        app.apply_batch(Batch {
            files,
            done: 3,
            total: 3,
            ..Batch::default()
        });
        assert_eq!(app.failed, 1);
        app.update(Msg::Action(Action::ShowErrors));
        assert_eq!(app.mode.overlay(), Some(Overlay::Errors));
        let shown: Vec<_> = app
            .context()
            .diagnostics
            .iter()
            .map(|d| (d.file.display().to_string(), d.message.clone()))
            .collect();
        assert_eq!(
            shown,
            [
                ("c.toml".to_owned(), "c is broken".to_owned()),
                ("b.toml".to_owned(), "b is odd".to_owned())
            ]
        );
        // Closed: let go of.
        app.update(Msg::Action(Action::Back));
        assert!(app.shown_problems.is_empty());
        // b is gone: its warning with it, while `e` is open.
        app.update(Msg::Action(Action::ShowErrors));
        app.apply_batch(Batch {
            files: vec![("b.toml".into(), FileIndex::default())],
            ..Batch::default()
        });
        assert_eq!(app.context().diagnostics.len(), 1);
        assert_eq!(app.context().diagnostics[0].message, "c is broken");
    }

    /// A check's batch of rows already listed replaces them where they
    /// stand (the selection stays), as the whole merge would; a row that
    /// sorts elsewhere now, or a new file, goes the whole way.
    #[test]
    fn rows_checked_behind_the_list_are_replaced_in_place_as_a_merge_would() {
        use crate::library::index::FileIndex;
        let file = |l: Listing| {
            (
                l.path.clone(),
                FileIndex {
                    listing: Some(l),
                    diagnostics: Vec::new(),
                },
            )
        };
        let first = vec![row("c", 3, ""), row("b", 2, ""), row("a", 1, "")];
        let mut app = App::new(
            first.clone(),
            Vec::new(),
            Options::default(),
            Rect::new(0, 0, 80, 24),
        );
        app.library.selected = 1;
        // The same rows read in full: their digests now.
        let checked = vec![file(row("b", 2, "d2")), file(row("a", 1, "d1"))];
        let mut merged = App::new(
            first,
            Vec::new(),
            Options::default(),
            Rect::new(0, 0, 80, 24),
        );
        // With a new file too, the batch goes the whole way (merged).
        let mut with_new = checked.clone();
        with_new.push(file(row("y", 0, "")));
        merged.apply_batch(Batch {
            files: with_new,
            ..Batch::default()
        });
        assert_eq!(merged.entries.len(), 4);
        merged.entries.retain(|l| l.id() != "y");
        let mut batch = Batch {
            files: checked,
            ..Batch::default()
        };
        assert!(app.replace_in_place(&mut batch));
        assert_eq!(app.entries, merged.entries);
        assert_eq!(app.entries[1].digest(), "d2");
        assert_eq!((app.visible.len(), app.library.selected), (3, 1));
        // A row whose date changed sorts elsewhere: not in place.
        let mut moved = Batch {
            files: vec![file(row("a", 9, "d1"))],
            ..Batch::default()
        };
        assert!(!app.replace_in_place(&mut moved));
        app.apply_batch(moved);
        let order: Vec<_> = app.entries.iter().map(|l| l.id().to_owned()).collect();
        assert_eq!(order, ["a", "c", "b"]);
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
