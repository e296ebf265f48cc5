//! The library kept current while it is shown: the first list straight from
//! the index, then the files checked in the background and changes sent as
//! batches; then every change on disk, applied within [`MAX_DELAY`] however
//! busy the folder is.
//!
//! A hand-written loop over `notify` rather than `notify-debouncer-full`:
//! the rule needed is a hard maximum delay (a file written every 50 ms must
//! not hold back the others), which is one `recv_timeout` with a deadline,
//! and the loop also has to re-watch a library folder that went away and
//! came back, which a debouncer does not do.

use std::collections::{HashMap, HashSet};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

mod follow;
mod heads;

use heads::FoundSet;
pub use heads::{Heads, starts_cold};

use super::catalog::Catalog;
use super::db::Db;
use super::index::{Batch, FileIndex, read_file};
use super::scan::{self, Report};
use super::{Listed, walk};

/// Changes are applied at most this long after the first of them.
pub const MAX_DELAY: Duration = Duration::from_millis(250);

/// Changes closer together than this are taken as one (an editor's save).
const QUIET: Duration = Duration::from_millis(50);

/// How often the library folders are looked at when nothing happens, to
/// notice one that went away or came back.
const TICK: Duration = Duration::from_millis(500);

/// The library of a reader's session.
pub struct Live {
    roots: Vec<PathBuf>,
    db: Db,
    catalog: Catalog,
    /// Places reported as problems last time (to clear them when they heal).
    problems: HashSet<PathBuf>,
    /// Source text → the briefings that read it.
    deps: HashMap<PathBuf, Vec<PathBuf>>,
    /// Each root's identity when last seen (device, inode), or `None` if gone.
    seen: Vec<Option<(u64, u64)>>,
    /// The first list came from the index: checking it is a reload (the
    /// list is whole and shown; changes replace rows in place), not a load.
    warm: bool,
    /// The whole list has been sent once ([`Live::list`]).
    listed: bool,
    /// Every file has been checked once: what follows are changes.
    checked: bool,
    /// The first list came from the files' heads (a cold start).
    from_heads: bool,
    /// The heads of the files, begun before the index was opened.
    heads: Option<Heads>,
}

/// How many rows of the index the first frame is drawn from.
pub const FIRST_ROWS: usize = 200;

impl Live {
    /// The top of the library as the index last saw it (enough rows for a
    /// first frame, read without the rest), with the session that will list
    /// the rest, check every file and follow the library.
    pub fn open(roots: Vec<PathBuf>, db: Db) -> (Live, Listed) {
        let mut listed = Listed::default();
        for root in &roots {
            listed.listings.extend(db.first(root, FIRST_ROWS));
        }
        listed.listings.sort_by(super::index::newest_first);
        listed.listings.truncate(FIRST_ROWS);
        let seen = roots.iter().map(|r| identity(r)).collect();
        let live = Live {
            warm: !listed.listings.is_empty(),
            listed: false,
            checked: false,
            from_heads: false,
            heads: None,
            roots,
            db,
            catalog: Catalog::default(),
            problems: HashSet::new(),
            deps: HashMap::new(),
            seen,
        };
        (live, listed)
    }

    /// A connection that only reads the index, with the roots to search:
    /// for full-text search on a thread of its own. `None` when the index
    /// is kept in memory (`--read-only`, no cache folder).
    pub fn search_reader(&self) -> Option<(Db, Vec<PathBuf>)> {
        Some((self.db.reader()?, self.roots.clone()))
    }

    /// Moves the session onto `db`: a first start sends its list (from the
    /// files' heads, which need no index) over an index kept in memory
    /// while the index file is made, then goes on with that file. Nothing
    /// is written to the index before the check that follows the list.
    pub fn use_db(&mut self, db: Db) {
        self.db = db;
    }

    /// Messages about the index database (rebuilt, refused).
    pub fn messages(&mut self) -> Vec<String> {
        std::mem::take(&mut self.db.messages)
    }

    /// Sends the whole list once, before anything else: from the index on
    /// a warm start, from the top of each file on a cold one. Nothing is
    /// watched yet, and nothing need be: the check that follows (after
    /// watching) finds what changed meanwhile. `send` returns false once
    /// nobody listens.
    pub fn list(&mut self, send: &mut dyn FnMut(Batch) -> bool) -> bool {
        if self.listed {
            return true;
        }
        self.listed = true;
        let roots = self.roots.clone();
        if self.warm {
            self.list_index(&roots, send)
        } else {
            self.list_heads(&roots, send)
        }
    }

    /// Checks every file against the index and sends what changed, in
    /// batches with progress (the whole list first, if not sent yet).
    /// `send` returns false once nobody listens.
    pub fn refresh(&mut self, send: &mut dyn FnMut(Batch) -> bool) -> bool {
        let roots = self.roots.clone();
        self.refresh_roots(&roots, send)
    }

    fn refresh_roots(&mut self, roots: &[PathBuf], send: &mut dyn FnMut(Batch) -> bool) -> bool {
        // A cold start lists every file from its head first; a warm one
        // has shown the index's first rows. The first check then reports
        // every file (from the index where unchanged) with progress; later
        // ones only what changed, as in-place updates.
        if !self.checked && !self.list(send) {
            return false;
        }
        // Then every file is checked against the index; what changed
        // replaces its row in place, with no progress to show.
        let first = !self.checked;
        // A list from the files' heads is checked against what the walk
        // finds: a file listed and gone since leaves the list. (A list from
        // the index needs nothing of the sort: its rows are the index's,
        // and a row whose file is gone is reported as such.)
        let mut found = (first && self.from_heads).then(FoundSet::default);
        let mut open = true;
        let catalog = &mut self.catalog;
        let all = self.roots.clone();
        let scanned = scan::scan_each(
            roots,
            &mut self.db,
            Report::Changes,
            |b| {
                let files = catalog.apply(b.files, |p| refetch(&all, p));
                if open && !files.is_empty() {
                    open = send(Batch {
                        files,
                        ..Batch::default()
                    });
                }
            },
            &mut |path| {
                if let Some(found) = &mut found {
                    found.insert(path);
                }
            },
        );
        self.checked = true;
        self.warm = true;
        for (dep, briefings) in scanned.deps {
            self.deps.entry(dep).or_default().extend(briefings);
        }
        let mut files = match found {
            Some(found) => self.unfound(roots, &found),
            None => Vec::new(),
        };
        let now = by_place(scanned.problems);
        let under = |p: &Path| roots.iter().any(|r| p.starts_with(r));
        for old in self
            .problems
            .iter()
            .filter(|p| under(p) && !now.contains_key(*p))
        {
            files.push((old.clone(), FileIndex::default()));
        }
        self.problems.retain(|p| !under(p));
        self.problem_rows(now, &mut files);
        if open && !files.is_empty() {
            open = send(Batch {
                files,
                ..Batch::default()
            });
        }
        open
    }

    /// A warm start: the whole list from the index at once, before any
    /// file is looked at; the check (stat) of every file follows.
    ///
    /// The rows go out first, in the library's order: the duplicate-id
    /// policy applied to the files of a shared id only (found by counting
    /// ids), each row carrying the warnings the index kept, undecoded
    /// (decoding them was a third of reading the rows, and they took a
    /// fifth of the reader's memory): all of them with the list, none
    /// after it. The catalog then learns every file.
    fn list_index(&mut self, roots: &[PathBuf], send: &mut dyn FnMut(Batch) -> bool) -> bool {
        let mut files = Vec::new();
        for root in roots {
            files.extend(self.db.files(root));
        }
        let n = files.len();
        // In the library's order here, not on the reader's key path (its
        // merge then finds the batch in order).
        files.sort_unstable_by(|(_, a), (_, b)| match (&a.listing, &b.listing) {
            (Some(a), Some(b)) => super::index::newest_first(a, b),
            (a, b) => b.is_some().cmp(&a.is_some()),
        });
        let shared = shared_ids(&files);
        let files = if shared.is_empty() {
            files
        } else {
            let (mut dup, mut rest): (Vec<_>, Vec<_>) = files
                .into_iter()
                .partition(|(_, f)| f.listing.as_ref().is_some_and(|l| shared.contains(l.id())));
            // Their warnings go with the duplicate-id error, where errors are.
            for (_, f) in &mut dup {
                if let Some(l) = f.listing.as_mut() {
                    f.diagnostics = l.take_warnings();
                }
            }
            let all = self.roots.clone();
            rest.extend(self.catalog.apply(dup, |p| refetch(&all, p)));
            rest
        };
        if !send(Batch {
            files,
            done: n,
            total: n,
            ..Batch::default()
        }) {
            return false;
        }
        self.catalog.reserve(n);
        for root in roots {
            let catalog = &mut self.catalog;
            self.db.ids_and_warnings(
                root,
                |_| false,
                |path, id, _| {
                    catalog.know(path, id);
                },
            );
        }
        true
    }
}

/// The ids more than one of `files` has.
fn shared_ids(files: &[(PathBuf, FileIndex)]) -> foldhash::HashSet<Box<str>> {
    use foldhash::HashMapExt;
    let mut count: foldhash::HashMap<&str, u32> = foldhash::HashMap::with_capacity(files.len());
    for l in files.iter().filter_map(|(_, f)| f.listing.as_ref()) {
        *count.entry(l.id()).or_default() += 1;
    }
    count
        .into_iter()
        .filter(|&(_, n)| n > 1)
        .map(|(id, _)| id.into())
        .collect()
}

/// Places that could not be read, each with its errors.
fn by_place(
    problems: Vec<crate::briefing::Diagnostic>,
) -> HashMap<PathBuf, Vec<crate::briefing::Diagnostic>> {
    let mut places: HashMap<PathBuf, Vec<_>> = HashMap::new();
    for d in problems {
        places.entry(d.file.clone()).or_default().push(d);
    }
    places
}

impl Live {
    /// One row per place that could not be read, its errors as its
    /// diagnostics, remembered so that the row is cleared once it heals.
    fn problem_rows(
        &mut self,
        places: HashMap<PathBuf, Vec<crate::briefing::Diagnostic>>,
        files: &mut Vec<(PathBuf, FileIndex)>,
    ) {
        for (path, diagnostics) in places {
            self.problems.insert(path.clone());
            files.push((
                path,
                FileIndex {
                    listing: None,
                    diagnostics,
                },
            ));
        }
    }
}

/// A known file's index again, when its id becomes shared.
pub(super) fn refetch(roots: &[PathBuf], path: &Path) -> FileIndex {
    let root = roots
        .iter()
        .find(|r| path.starts_with(r))
        .map_or_else(|| path.to_owned(), |r| r.clone());
    read_file(path, &walk::library_root(&root)).file
}

pub(super) fn identity(root: &Path) -> Option<(u64, u64)> {
    std::fs::metadata(root).ok().map(|m| (m.dev(), m.ino()))
}
