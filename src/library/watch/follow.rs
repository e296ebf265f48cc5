//! Following the library on disk: every change applied within
//! [`MAX_DELAY`] however busy the folder is, a library folder that went
//! away emptied with a message and watched for its return, a created
//! folder watched before it is read.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Instant;

use notify::{RecursiveMode, Watcher};

use super::{Live, MAX_DELAY, QUIET, TICK, identity, refetch};
use crate::library::index::{Batch, FileIndex, Indexed, read_file};
use crate::library::{embedded, walk};

impl Live {
    /// Makes the first list (with `check`), then watches the library, then
    /// checks it against the index (with `check`) and calls `checked`, then
    /// follows changes on disk until `send` says nobody listens. Watching
    /// comes before the check, so nothing written while the library is
    /// read is missed; the first list does not need it (the check that
    /// completes it walks the library again), and is not slowed by the
    /// watch's events for its own reads.
    pub fn follow(
        mut self,
        check: bool,
        checked: impl FnOnce(),
        send: &mut dyn FnMut(Batch) -> bool,
    ) {
        let mut open = !check || self.list(send);
        // Behind the list, this thread and the threads it starts (the
        // watch's, the check's) yield to the reader.
        crate::library::scan::yield_to_reader();
        let (tx, events) = mpsc::channel::<PathBuf>();
        let watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            // Only what changes content: our own reads (access events) must
            // not wake the loop, or reading would feed itself.
            if let Ok(event) = res
                && (event.kind.is_create() || event.kind.is_modify() || event.kind.is_remove())
            {
                for path in event.paths {
                    let _ = tx.send(path);
                }
            }
        });
        let mut watcher = watcher.ok();
        if let Some(watcher) = &mut watcher {
            for root in &self.roots {
                watch(watcher, root);
            }
        }
        if open && check {
            open = send(Batch {
                checking: Some(true),
                ..Batch::default()
            }) && self.refresh(send)
                && send(Batch {
                    checking: Some(false),
                    ..Batch::default()
                });
        }
        checked();
        let (Some(mut watcher), true) = (watcher, open) else {
            return;
        };
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
