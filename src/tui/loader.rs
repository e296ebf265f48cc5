//! Indexing the library behind the first frame, and again whenever a file
//! changes on disk, feeding the reader's loop through its input channel.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Sender};
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use super::Input;
use crate::library::index::{self, Batch, Cache, FileIndex};
use crate::library::{self, library_root};

/// What to index: the folders or files given, and where the cache lives.
#[derive(Debug, Clone)]
pub struct Loader {
    pub roots: Vec<PathBuf>,
    pub cache: Option<PathBuf>,
    /// Whether to index the roots first; a small library indexed before the
    /// first frame only needs watching.
    pub index_first: bool,
}

/// How long changes must go quiet before they are indexed: an editor's
/// save is often several events in a row.
const SETTLE: Duration = Duration::from_millis(150);

impl Loader {
    /// Starts indexing on a thread of its own, then watches for changes.
    /// The receiver hears once the first indexing is done and its cache
    /// saved, so that quitting can wait for it rather than cut it short.
    pub fn spawn(self, tx: Sender<Input>) -> mpsc::Receiver<()> {
        let (saved_tx, saved) = mpsc::channel();
        std::thread::spawn(move || {
            // The watcher is set up beside the first indexing (a recursive
            // watch walks the whole tree), and the last batch waits for it,
            // so nothing written once the list is complete is missed.
            let (events_tx, events) = mpsc::channel::<PathBuf>();
            let roots = self.roots.clone();
            let setup = std::thread::spawn(move || {
                let mut watcher =
                    notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
                        // Only what changes content: our own reads (access events)
                        // must not wake the loader, or reading would feed itself.
                        if let Ok(event) = res
                            && (event.kind.is_create()
                                || event.kind.is_modify()
                                || event.kind.is_remove())
                        {
                            for path in event.paths {
                                let _ = events_tx.send(path);
                            }
                        }
                    })
                    .ok()?;
                for root in &roots {
                    let _ = watcher.watch(root, RecursiveMode::Recursive);
                }
                Some(watcher)
            });
            let mut setup = Some(setup);
            let mut watcher = None;
            let mut cache = self.cache.map(Cache::open).unwrap_or_else(Cache::none);
            let roots: &[PathBuf] = if self.index_first { &self.roots } else { &[] };
            let problems = index::build(roots, &mut cache, |batch| {
                if batch.done == batch.total
                    && let Some(setup) = setup.take()
                {
                    watcher = setup.join().ok().flatten();
                }
                let _ = tx.send(Input::Indexed(batch));
            });
            if let Some(setup) = setup.take() {
                watcher = setup.join().ok().flatten();
            }
            if !problems.is_empty() {
                let files = problems
                    .into_iter()
                    .map(|d| {
                        (
                            d.file.clone(),
                            FileIndex {
                                listing: None,
                                diagnostics: vec![d],
                            },
                        )
                    })
                    .collect();
                let _ = tx.send(Input::Indexed(Batch {
                    files,
                    done: 0,
                    total: 0,
                }));
            }
            let _ = saved_tx.send(());
            if watcher.is_some() {
                follow(&self.roots, &events, &tx);
            }
        });
        saved
    }
}

/// Re-indexes files as they are added, changed or removed, until the reader
/// goes away. A half-written file shows as a load error and is picked up
/// again once the write that completes it arrives.
fn follow(roots: &[PathBuf], events: &mpsc::Receiver<PathBuf>, tx: &Sender<Input>) {
    // The watcher reports absolute paths; the index names files as the roots
    // were given, and the two must agree for a change to replace its file.
    let absolute: Vec<(PathBuf, &PathBuf)> = roots
        .iter()
        .filter_map(|r| std::path::absolute(r).ok().map(|a| (a, r)))
        .collect();
    let as_given = |p: PathBuf| -> PathBuf {
        absolute
            .iter()
            .find_map(|(abs, given)| p.strip_prefix(abs).ok().map(|rest| given.join(rest)))
            .unwrap_or(p)
    };
    while let Ok(first) = events.recv() {
        let mut changed = BTreeSet::from([as_given(first)]);
        while let Ok(more) = events.recv_timeout(SETTLE) {
            changed.insert(as_given(more));
        }
        let files: Vec<(PathBuf, FileIndex)> = changed
            .into_iter()
            .filter(|p| roots.iter().any(|r| library::briefing_file(r, p)))
            .map(|p| {
                let idx = if p.is_file() {
                    index::index_file(&p, &root_of(roots, &p))
                } else {
                    FileIndex {
                        listing: None,
                        diagnostics: Vec::new(),
                    }
                };
                (p, idx)
            })
            .collect();
        if files.is_empty() {
            continue;
        }
        if tx
            .send(Input::Indexed(Batch {
                files,
                done: 0,
                total: 0,
            }))
            .is_err()
        {
            return;
        }
    }
}

/// The library root a changed file belongs to.
fn root_of(roots: &[PathBuf], path: &Path) -> PathBuf {
    roots
        .iter()
        .find(|r| path.starts_with(r))
        .map_or_else(|| library_root(path), |r| library_root(r))
}
