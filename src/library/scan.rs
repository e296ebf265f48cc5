//! The pipeline every command and the reader go through: find the files →
//! compare each with the index → read, parse and check the changed ones (in
//! parallel, bounded reads of regular files only) → write the index →
//! report. The duplicate-id policy is applied to what is reported, by
//! [`super::catalog`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::db::{Db, Known};
use super::index::{Batch, FileIndex, Indexed, read_file, stamp};
use super::walk;
use crate::briefing::Diagnostic;

/// How many files are parsed in parallel between two looks at the clock.
const CHUNK: usize = 512;

/// How often progress is reported while indexing.
const REPORT_EVERY: Duration = Duration::from_millis(100);

/// How much lower than the reader's the priority of a check behind a list
/// already shown is (a nice value, added).
const BEHIND: i32 = 10;

thread_local! {
    /// This thread's scans check a list already shown: they yield to the
    /// reader (see [`yield_to_reader`]).
    static BEHIND_THE_READER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// From now on, this thread, the scans it runs and the threads they read
/// files on run at a lower priority than the rest of the process: on a
/// busy machine the reader draws the list it was sent before the check of
/// every file behind it goes on. (Linux only: elsewhere a thread's nice
/// value is the whole process's.) A thread's priority, once lowered, is
/// not raised again.
pub fn yield_to_reader() {
    if BEHIND_THE_READER.replace(true) {
        return;
    }
    lower_this_thread();
}

#[cfg(target_os = "linux")]
fn lower_this_thread() {
    // SAFETY: nice() only changes the calling thread's nice value (a
    // per-thread attribute on Linux); failure leaves it as it was.
    unsafe {
        libc::nice(BEHIND);
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_this_thread() {}

/// Runs `work` on every core: on the threads of lower priority when this
/// thread yields to the reader, on rayon's own otherwise.
fn on_every_core<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    static BEHIND_POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    if !BEHIND_THE_READER.get() {
        return work();
    }
    // Made from this thread, whose lower priority its threads inherit.
    let pool = BEHIND_POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("brief-check-{i}"))
            .build()
            .ok()
    });
    match pool {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// What a scan found besides the files it reported.
#[derive(Debug, Default)]
pub struct Scanned {
    /// Places that could not be read (a folder, a link leading out), one
    /// error each, as pseudo-files: the path and its diagnostic.
    pub problems: Vec<Diagnostic>,
    /// Every briefing file found, with its library root.
    pub files: Vec<walk::Found>,
    /// The source texts each briefing reads: source text → briefings.
    pub deps: HashMap<PathBuf, Vec<PathBuf>>,
}

/// Whether a scan reports every file, or only what differs from the index
/// (the reader already shows the index's rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    Everything,
    Changes,
}

/// Scans `roots` against the index `db`, reporting files in batches as
/// they are ready (raw: before the duplicate-id policy). Files gone from
/// disk since the index saw them are reported with nothing.
pub fn scan(
    roots: &[PathBuf],
    db: &mut Db,
    what: Report,
    mut report: impl FnMut(Batch),
) -> Scanned {
    let (files, problems) = walk::find(roots);
    let total = files.len();
    let mut scanned = Scanned {
        problems,
        files: Vec::new(),
        deps: HashMap::new(),
    };
    let mut done = 0;
    let mut pending = Batch::default();
    let mut last_report = Instant::now();
    let mut reported = usize::MAX;
    // Files come grouped by the root they were found under.
    let mut start = 0;
    for (from, root) in roots.iter().enumerate() {
        let end = start + files[start..].iter().take_while(|f| f.from == from).count();
        let group = &files[start..end];
        start = end;
        // Checking a list already shown needs only what tells each file's
        // version; listing everything needs the rows whole.
        let mut known = match what {
            Report::Everything => db.known(root),
            Report::Changes => db.stamps(root),
        };
        // The index is written on a thread of its own while the next files
        // are read, so that the list is never held back by the database.
        std::thread::scope(|scope| {
            let (to_db, chunks) = std::sync::mpsc::sync_channel::<Vec<Indexed>>(4);
            let db = &mut *db;
            let writer = scope.spawn(move || {
                for chunk in chunks {
                    db.update(root, &chunk, &[]);
                }
            });
            for chunk in group.chunks(CHUNK) {
                // In parallel: which files changed, and those read again.
                let one = |f: &walk::Found| -> Option<Indexed> {
                    match known
                        .get(f.path.as_os_str())
                        .filter(|k| unchanged(&f.path, k))
                    {
                        Some(_) => None,
                        None => Some(read_file(&f.path, &f.root)),
                    }
                };
                let results: Vec<Option<Indexed>> = if chunk.len() <= 8 {
                    chunk.iter().map(one).collect()
                } else {
                    on_every_core(|| chunk.par_iter().map(one).collect())
                };
                let mut fresh = Vec::new();
                for (f, new) in chunk.iter().zip(results) {
                    // An unchanged file's row is moved out of the index's, not copied.
                    let old = known.remove(f.path.as_os_str());
                    let deps: &[(String, _)] = match (&new, &old) {
                        (Some(i), _) => i.record.as_ref().map_or(&[], |r| &r.deps),
                        (None, Some(k)) => &k.deps,
                        _ => &[],
                    };
                    let base = f.path.parent().unwrap_or(Path::new("."));
                    for (dep, _) in deps {
                        scanned
                            .deps
                            .entry(base.join(dep))
                            .or_default()
                            .push(f.path.clone());
                    }
                    match (new, old) {
                        (Some(i), _) => {
                            pending.files.push((i.path.clone(), i.file.clone()));
                            fresh.push(i);
                        }
                        (None, Some(k)) if what == Report::Everything => pending.files.push((
                            f.path.clone(),
                            FileIndex {
                                listing: k.listing.map(|l| *l),
                                diagnostics: k.diagnostics,
                            },
                        )),
                        _ => {}
                    }
                }
                done += chunk.len();
                if done < total && last_report.elapsed() >= REPORT_EVERY {
                    pending.done = done;
                    pending.total = total;
                    report(std::mem::take(&mut pending));
                    reported = done;
                    last_report = Instant::now();
                }
                let _ = to_db.send(fresh);
            }
            // What was read goes out before the index is written to the end.
            if !pending.files.is_empty() {
                pending.done = done;
                pending.total = total;
                report(std::mem::take(&mut pending));
                reported = done;
            }
            drop(to_db);
            let _ = writer.join();
        });
        // Rows of files no longer there.
        let gone: Vec<PathBuf> = known.into_keys().map(PathBuf::from).collect();
        db.update(root, &[], &gone);
        // Reported as gone either way: a reader may be showing them.
        pending
            .files
            .extend(gone.into_iter().map(|p| (p, FileIndex::default())));
    }
    if !pending.files.is_empty() || reported != total {
        pending.done = total;
        pending.total = total;
        report(pending);
    }
    scanned.files = files;
    scanned
}

/// Whether a file and the source texts it reads are as the index saw them
/// (a built-in briefing is read again each time).
fn unchanged(path: &Path, known: &Known) -> bool {
    if !known.reusable || stamp(path) != Some(known.stamp) {
        return false;
    }
    let base = path.parent().unwrap_or(Path::new("."));
    known
        .deps
        .iter()
        .all(|(dep, was)| stamp(&base.join(dep)) == *was)
}
