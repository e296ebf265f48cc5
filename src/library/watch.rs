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

use std::collections::{BTreeSet, HashMap, HashSet};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use super::catalog::Catalog;
use super::db::Db;
use super::index::{Batch, FileIndex, Indexed, read_file};
use super::scan::{self, Report};
use super::{Listed, embedded, walk};

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
    /// Every file has been checked once: what follows are changes.
    checked: bool,
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
            checked: false,
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

    /// Messages about the index database (rebuilt, refused).
    pub fn messages(&mut self) -> Vec<String> {
        std::mem::take(&mut self.db.messages)
    }

    /// Checks every file against the index and sends what changed, in
    /// batches with progress. `send` returns false once nobody listens.
    pub fn refresh(&mut self, send: &mut dyn FnMut(Batch) -> bool) -> bool {
        let roots = self.roots.clone();
        self.refresh_roots(&roots, send)
    }

    fn refresh_roots(&mut self, roots: &[PathBuf], send: &mut dyn FnMut(Batch) -> bool) -> bool {
        // A cold start lists every file from its head first; a warm one
        // has shown the index's first rows. The first check then reports
        // every file (from the index where unchanged) with progress; later
        // ones only what changed, as in-place updates.
        if !self.checked {
            let listed = if self.warm {
                self.list_index(roots, send)
            } else {
                self.list_heads(roots, send)
            };
            if !listed {
                return false;
            }
        }
        // Then every file is checked against the index; what changed
        // replaces its row in place, with no progress to show.
        let mut open = true;
        let catalog = &mut self.catalog;
        let all = self.roots.clone();
        let scanned = scan::scan(roots, &mut self.db, Report::Changes, |b| {
            let files = catalog.apply(b.files, |p| refetch(&all, p));
            if open && !files.is_empty() {
                open = send(Batch {
                    files,
                    ..Batch::default()
                });
            }
        });
        self.checked = true;
        self.warm = true;
        for (dep, briefings) in scanned.deps {
            self.deps.entry(dep).or_default().extend(briefings);
        }
        let mut files = Vec::new();
        let mut now: HashMap<PathBuf, Vec<crate::briefing::Diagnostic>> = HashMap::new();
        for d in scanned.problems {
            now.entry(d.file.clone()).or_default().push(d);
        }
        let under = |p: &Path| roots.iter().any(|r| p.starts_with(r));
        for old in self
            .problems
            .iter()
            .filter(|p| under(p) && !now.contains_key(*p))
        {
            files.push((old.clone(), FileIndex::default()));
        }
        self.problems.retain(|p| !under(p));
        for (path, diagnostics) in now {
            self.problems.insert(path.clone());
            files.push((
                path,
                FileIndex {
                    listing: None,
                    diagnostics,
                },
            ));
        }
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
    fn list_index(&mut self, roots: &[PathBuf], send: &mut dyn FnMut(Batch) -> bool) -> bool {
        let mut files = Vec::new();
        for root in roots {
            files.extend(self.db.known(root).into_iter().map(|(path, k)| {
                (
                    path,
                    FileIndex {
                        listing: Some(k.listing),
                        diagnostics: Vec::new(),
                    },
                )
            }));
        }
        let n = files.len();
        let all = self.roots.clone();
        let files = self.catalog.apply(files, |p| refetch(&all, p));
        send(Batch {
            files,
            done: n,
            total: n,
        })
    }

    /// A cold start: the list from the top of each file (its top-level
    /// keys), at once and whole; the full read and check follow, replacing
    /// each row (or moving a file that fails them to the errors).
    fn list_heads(&mut self, roots: &[PathBuf], send: &mut dyn FnMut(Batch) -> bool) -> bool {
        use rayon::prelude::*;
        let (found, _) = walk::find(roots);
        let files: Vec<(PathBuf, FileIndex)> = found
            .par_iter()
            .filter_map(|f| {
                let listing = super::head::listing(&f.path, &f.root)?;
                Some((
                    f.path.clone(),
                    FileIndex {
                        listing: Some(listing),
                        diagnostics: Vec::new(),
                    },
                ))
            })
            .collect();
        self.warm = true;
        if files.is_empty() {
            return true;
        }
        let all = self.roots.clone();
        let files = self.catalog.apply(files, |p| refetch(&all, p));
        send(Batch {
            files,
            done: found.len(),
            total: found.len(),
        })
    }

    /// Watches the library, then (with `check`) checks it against the index
    /// and calls `checked`, then follows changes on disk until `send` says
    /// nobody listens. Watching comes first, so nothing written while the
    /// library is read is missed.
    pub fn follow(
        mut self,
        check: bool,
        checked: impl FnOnce(),
        send: &mut dyn FnMut(Batch) -> bool,
    ) {
        let (tx, events) = mpsc::channel::<PathBuf>();
        let Ok(mut watcher) =
            notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
                // Only what changes content: our own reads (access events) must
                // not wake the loop, or reading would feed itself.
                if let Ok(event) = res
                    && (event.kind.is_create() || event.kind.is_modify() || event.kind.is_remove())
                {
                    for path in event.paths {
                        let _ = tx.send(path);
                    }
                }
            })
        else {
            if check {
                self.refresh(send);
            }
            checked();
            return;
        };
        for root in &self.roots {
            watch(&mut watcher, root);
        }
        let open = !check || self.refresh(send);
        checked();
        if !open {
            return;
        }
        // The watcher names files by absolute path; the library as the roots were given.
        let absolute: Vec<(PathBuf, PathBuf)> = self
            .roots
            .iter()
            .filter_map(|r| std::path::absolute(r).ok().map(|a| (a, r.clone())))
            .collect();
        let as_given = |p: PathBuf| -> PathBuf {
            absolute
                .iter()
                .find_map(|(abs, given)| p.strip_prefix(abs).ok().map(|rest| given.join(rest)))
                .unwrap_or(p)
        };
        loop {
            let mut changed = BTreeSet::new();
            match events.recv_timeout(TICK) {
                Ok(first) => {
                    changed.insert(as_given(first));
                    let deadline = Instant::now() + MAX_DELAY;
                    loop {
                        let left = deadline.saturating_duration_since(Instant::now());
                        if left.is_zero() {
                            break;
                        }
                        match events.recv_timeout(left.min(QUIET)) {
                            Ok(p) => {
                                changed.insert(as_given(p));
                            }
                            Err(_) => break,
                        }
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            }
            if !self.check_roots(&mut watcher, send) || !self.apply(changed, send) {
                return;
            }
        }
    }

    /// Notices a library folder that went away (its files leave the list,
    /// with a message) or came back (watched again, then read again).
    fn check_roots(
        &mut self,
        watcher: &mut notify::RecommendedWatcher,
        send: &mut dyn FnMut(Batch) -> bool,
    ) -> bool {
        for i in 0..self.roots.len() {
            let root = self.roots[i].clone();
            if root == Path::new(embedded::ROOT) {
                continue;
            }
            let now = identity(&root);
            if now == self.seen[i] {
                continue;
            }
            let was = self.seen[i];
            self.seen[i] = now;
            let _ = watcher.unwatch(&root);
            if now.is_none() {
                let gone = self.catalog.paths_under(&root);
                self.db.update(&root, &[], &gone);
                let roots = self.roots.clone();
                let mut files = self.catalog.apply(
                    gone.into_iter()
                        .map(|p| (p, FileIndex::default()))
                        .collect(),
                    |p| refetch(&roots, p),
                );
                let d = crate::briefing::Diagnostic {
                    io_failure: true,
                    ..crate::briefing::Diagnostic::error(
                        &root,
                        "the library folder was removed or renamed; it is listed again when it is back",
                    )
                };
                self.problems.insert(root.clone());
                files.push((
                    root.clone(),
                    FileIndex {
                        listing: None,
                        diagnostics: vec![d],
                    },
                ));
                if !send(Batch {
                    files,
                    ..Batch::default()
                }) {
                    return false;
                }
            } else {
                // Watched before it is read, so nothing written meanwhile is missed.
                watch(watcher, &root);
                if was.is_none() {
                    self.problems.remove(&root);
                    let clear = vec![(root.clone(), FileIndex::default())];
                    if !send(Batch {
                        files: clear,
                        ..Batch::default()
                    }) {
                        return false;
                    }
                }
                if !self.refresh_roots(std::slice::from_ref(&root), send) {
                    return false;
                }
            }
        }
        true
    }

    /// Reads again what changed: briefing files, folders created or moved
    /// in (read whole, after they are watched), source texts (their
    /// briefings are read again), and anything gone.
    fn apply(&mut self, changed: BTreeSet<PathBuf>, send: &mut dyn FnMut(Batch) -> bool) -> bool {
        if changed.is_empty() {
            return true;
        }
        let mut files: Vec<Indexed> = Vec::new();
        let mut gone: Vec<(PathBuf, PathBuf)> = Vec::new();
        let mut refused = Vec::new();
        let mut todo: BTreeSet<PathBuf> = BTreeSet::new();
        for path in changed {
            if let Some(briefings) = self.deps.get(&path) {
                todo.extend(briefings.iter().cloned());
            }
            let Some(root) = self.root_of(&path) else {
                continue;
            };
            match std::fs::symlink_metadata(&path) {
                Ok(m) if m.is_dir() => {
                    // A folder created or moved in: every briefing in it.
                    let (found, problems) = walk::find_in(&path);
                    todo.extend(found.into_iter().filter(|f| walk::is_briefing(&root, f)));
                    refused.extend(problems);
                }
                Ok(_) => {
                    todo.insert(path);
                }
                Err(_) if walk::is_briefing(&root, &path) || root == path => {
                    gone.push((root, path));
                }
                Err(_) => {
                    // A folder removed or moved out: whatever was under it.
                    for p in self.catalog.paths_under(&path) {
                        gone.push((root.clone(), p));
                    }
                }
            }
        }
        for path in todo {
            let Some(root) = self.root_of(&path) else {
                continue;
            };
            match walk::admit(&root, &path) {
                None => {}
                Some(Err(d)) => refused.push(d),
                Some(Ok(())) if !path.exists() => gone.push((root, path)),
                Some(Ok(())) => {
                    let i = read_file(&path, &walk::library_root(&root));
                    if let Some(r) = &i.record {
                        let base = path.parent().unwrap_or(Path::new("."));
                        for (dep, _) in &r.deps {
                            let list = self.deps.entry(base.join(dep)).or_default();
                            if !list.contains(&path) {
                                list.push(path.clone());
                            }
                        }
                    }
                    files.push(i);
                }
            }
        }
        let mut batch: Vec<(PathBuf, FileIndex)> = Vec::new();
        for root in self.roots.clone() {
            let mine: Vec<Indexed> = files
                .iter()
                .filter(|i| self.root_of(&i.path).as_ref() == Some(&root))
                .cloned()
                .collect();
            let lost: Vec<PathBuf> = gone
                .iter()
                .filter(|(r, _)| *r == root)
                .map(|(_, p)| p.clone())
                .collect();
            self.db.update(&root, &mine, &lost);
        }
        batch.extend(files.into_iter().map(|i| (i.path, i.file)));
        batch.extend(gone.into_iter().map(|(_, p)| (p, FileIndex::default())));
        for d in refused {
            self.problems.insert(d.file.clone());
            batch.push((
                d.file.clone(),
                FileIndex {
                    listing: None,
                    diagnostics: vec![d],
                },
            ));
        }
        if batch.is_empty() {
            return true;
        }
        let roots = self.roots.clone();
        let files = self.catalog.apply(batch, |p| refetch(&roots, p));
        send(Batch {
            files,
            ..Batch::default()
        })
    }

    /// The root (as given) a path lies under.
    fn root_of(&self, path: &Path) -> Option<PathBuf> {
        self.roots
            .iter()
            .find(|r| path.starts_with(r) && **r != Path::new(embedded::ROOT))
            .cloned()
    }
}

/// A known file's index again, when its id becomes shared.
fn refetch(roots: &[PathBuf], path: &Path) -> FileIndex {
    let root = roots
        .iter()
        .find(|r| path.starts_with(r))
        .map_or_else(|| path.to_owned(), |r| r.clone());
    read_file(path, &walk::library_root(&root)).file
}

fn identity(root: &Path) -> Option<(u64, u64)> {
    std::fs::metadata(root).ok().map(|m| (m.dev(), m.ino()))
}

fn watch(watcher: &mut notify::RecommendedWatcher, root: &Path) {
    if root == Path::new(embedded::ROOT) {
        return;
    }
    if root.is_dir() {
        let _ = watcher.watch(root, RecursiveMode::Recursive);
    } else if let Some(parent) = root.parent() {
        // A single file is watched through its folder: an editor that saves
        // by renaming a new file into place would end a watch on the file.
        let parent = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        let _ = watcher.watch(parent, RecursiveMode::NonRecursive);
    }
}
