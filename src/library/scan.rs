//! The pipeline every command and the reader go through: find the files →
//! compare each with the index → read, parse and check the changed ones (in
//! parallel, bounded reads of regular files only) → write the index →
//! report. The duplicate-id policy is applied to what is reported, by
//! [`super::catalog`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::db::{Db, Known, Stamps};
use super::index::{Batch, FileIndex, Indexed, Stamp, read_file, stamp};
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
    /// How many briefing files were found.
    pub found: usize,
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

/// The index's rows under one root, as a scan compares files with them:
/// whole (to report every file), or only their stamps (compact: a check
/// behind a list already shown holds them for the whole library).
enum Rows {
    Whole(foldhash::HashMap<std::ffi::OsString, Known>),
    Stamps(Stamps),
}

/// What a scan keeps of a row whose file was found.
enum Taken {
    Whole(Known),
    Deps(Vec<(String, Option<Stamp>)>),
    None,
}

impl Rows {
    fn of(db: &Db, root: &Path, what: Report) -> Rows {
        match what {
            Report::Everything => Rows::Whole(db.known(root)),
            Report::Changes => Rows::Stamps(db.stamps(root)),
        }
    }

    /// Whether the file at `path` and the source texts it reads are as
    /// its row says.
    fn unchanged(&self, path: &Path) -> bool {
        match self {
            Rows::Whole(known) => known
                .get(path.as_os_str())
                .is_some_and(|k| unchanged(path, k.reusable, k.stamp, &k.deps)),
            Rows::Stamps(stamps) => stamps.find(path).is_some_and(|i| {
                let row = stamps.get(i);
                unchanged(path, row.reusable, row.stamp, row.deps)
            }),
        }
    }

    /// The row of a file found (moved out of the index's, not copied).
    fn take(&mut self, path: &Path) -> Taken {
        match self {
            Rows::Whole(known) => known
                .remove(path.as_os_str())
                .map_or(Taken::None, Taken::Whole),
            Rows::Stamps(stamps) => match stamps.find(path) {
                Some(i) => {
                    stamps.see(i);
                    Taken::Deps(stamps.get(i).deps.to_vec())
                }
                None => Taken::None,
            },
        }
    }

    /// The files of the rows whose file was not found.
    fn gone(self) -> Vec<PathBuf> {
        match self {
            Rows::Whole(known) => known.into_keys().map(PathBuf::from).collect(),
            Rows::Stamps(stamps) => stamps.unseen(),
        }
    }
}

/// Scans `roots` against the index `db`, reporting files in batches as
/// they are ready (raw: before the duplicate-id policy). Files gone from
/// disk since the index saw them are reported with nothing.
pub fn scan(roots: &[PathBuf], db: &mut Db, what: Report, report: impl FnMut(Batch)) -> Scanned {
    scan_each(roots, db, what, report, &mut |_| {})
}

/// [`scan`], with `found` told of every briefing file found. The files are
/// checked as the walk finds them, a chunk at a time, so that the list of
/// every file is never held: with the index's rows, that was the library
/// twice over.
pub fn scan_each(
    roots: &[PathBuf],
    db: &mut Db,
    what: Report,
    mut report: impl FnMut(Batch),
    found: &mut dyn FnMut(&Path),
) -> Scanned {
    let mut rows: Vec<Rows> = roots.iter().map(|r| Rows::of(db, r, what)).collect();
    let mut scanned = Scanned::default();
    let mut pending = Batch::default();
    let mut last_report = Instant::now();
    // A batch saying every file found is done was sent.
    let mut whole = false;
    // The index is written on a thread of its own while the next files
    // are read, so that the list is never held back by the database.
    std::thread::scope(|scope| {
        let (to_db, chunks) = std::sync::mpsc::sync_channel::<(usize, Vec<Indexed>)>(4);
        let db = &mut *db;
        let writer = scope.spawn(move || {
            for (from, chunk) in chunks {
                db.update(&roots[from], &chunk, &[]);
            }
        });
        let mut check = |chunk: &[walk::Found], scanned: &mut Scanned| {
            let Some(from) = chunk.first().map(|f| f.from) else {
                return;
            };
            if last_report.elapsed() >= REPORT_EVERY && !pending.files.is_empty() {
                // Progress, before a chunk (so that the last report says
                // more): how many found so far, the whole not known while
                // the walk goes on.
                pending.done = scanned.found;
                report(std::mem::take(&mut pending));
                last_report = Instant::now();
            }
            let known = &mut rows[from];
            // In parallel: which files changed, and those read again.
            let one = |f: &walk::Found| -> Option<Indexed> {
                (!known.unchanged(&f.path)).then(|| read_file(&f.path, &f.root))
            };
            let results: Vec<Option<Indexed>> = if chunk.len() <= 8 {
                chunk.iter().map(one).collect()
            } else {
                on_every_core(|| chunk.par_iter().map(one).collect())
            };
            let mut fresh = Vec::new();
            for (f, new) in chunk.iter().zip(results) {
                found(&f.path);
                let old = known.take(&f.path);
                let deps: &[(String, _)] = match (&new, &old) {
                    (Some(i), _) => i.record.as_ref().map_or(&[], |r| &r.deps),
                    (None, Taken::Whole(k)) => &k.deps,
                    (None, Taken::Deps(d)) => d,
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
                    (None, Taken::Whole(k)) => pending.files.push((
                        f.path.clone(),
                        FileIndex {
                            listing: k.listing.map(|l| *l),
                            diagnostics: k.diagnostics,
                        },
                    )),
                    _ => {}
                }
            }
            scanned.found += chunk.len();
            let _ = to_db.send((from, fresh));
        };
        let mut chunk: Vec<walk::Found> = Vec::with_capacity(CHUNK);
        let problems = walk::find_each(roots, &mut |f| {
            if chunk.len() == CHUNK || chunk.first().is_some_and(|c| c.from != f.from) {
                check(&chunk, &mut scanned);
                chunk.clear();
            }
            chunk.push(f);
        });
        check(&chunk, &mut scanned);
        drop(chunk);
        scanned.problems = problems;
        // What was read goes out before the index is written to the end
        // (the walk is over: the whole is known).
        if !pending.files.is_empty() {
            pending.done = scanned.found;
            pending.total = scanned.found;
            report(std::mem::take(&mut pending));
            whole = true;
        }
        drop(to_db);
        let _ = writer.join();
    });
    for (root, rows) in roots.iter().zip(rows) {
        // Rows of files no longer there: reported as gone either way (a
        // reader may be showing them).
        let gone = rows.gone();
        db.update(root, &[], &gone);
        pending
            .files
            .extend(gone.into_iter().map(|p| (p, FileIndex::default())));
    }
    // The last batch says the whole is done (it may hold nothing).
    if !pending.files.is_empty() || !whole {
        pending.done = scanned.found;
        pending.total = scanned.found;
        report(pending);
    }
    scanned
}

/// Whether a file and the source texts it reads are as the index saw them
/// (a built-in briefing is read again each time).
fn unchanged(path: &Path, reusable: bool, was: Stamp, deps: &[(String, Option<Stamp>)]) -> bool {
    if !reusable || stamp(path) != Some(was) {
        return false;
    }
    let base = path.parent().unwrap_or(Path::new("."));
    deps.iter().all(|(dep, was)| stamp(&base.join(dep)) == *was)
}
