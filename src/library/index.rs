//! The library as the list shows it: one small [`Listing`] per briefing,
//! built in parallel and remembered between runs, so that a desk's years of
//! briefings open quickly and fit in little memory. A briefing is parsed in
//! full only when it is opened.
//!
//! The cache (`$XDG_CACHE_HOME/brief/index-v1.json`) is keyed by each file's
//! path, size and modification time; anything else about it (a damaged or
//! foreign cache) means it is rebuilt, never trusted.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::state::digest;
use crate::briefing::{Briefing, Diagnostic, Priority, load_file};

/// What the library list needs of a briefing, and where to find the rest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Listing {
    pub path: PathBuf,
    /// The library folder its source texts must stay inside.
    pub root: PathBuf,
    pub id: String,
    pub title: String,
    /// The date as written (EDTF), for scripts.
    pub date: String,
    /// The date as the list shows it.
    pub shown_date: String,
    /// Where the date sorts: earliest instant, then precision.
    pub order: (i64, u8),
    pub priority: Priority,
    pub tags: Vec<String>,
    pub region: Option<String>,
    /// Lower-case title, tags, region and actor names, for the filter.
    pub search: String,
    /// Fingerprint of the whole briefing, for "updated since read".
    pub digest: String,
    /// The briefing itself, when it was checked just before (one file
    /// opened, the built-in ones), so that opening it checks nothing again.
    #[serde(skip)]
    pub checked: Option<std::sync::Arc<Briefing>>,
}

impl Listing {
    pub fn of(path: &Path, root: &Path, b: &Briefing) -> Listing {
        Listing {
            path: path.to_owned(),
            root: root.to_owned(),
            id: b.id.clone(),
            title: b.title.clone(),
            date: b.date.to_edtf(),
            shown_date: b.date.to_string(),
            order: (b.date.earliest(), b.date.precision() as u8),
            priority: b.priority,
            tags: b.tags.clone(),
            region: b.region.clone(),
            search: search_text(b),
            digest: digest(b),
            checked: None,
        }
    }

    /// The whole briefing, read and checked again from its file.
    pub fn load(&self) -> Result<Briefing, Vec<Diagnostic>> {
        if let Some(b) = &self.checked {
            return Ok(Briefing::clone(b));
        }
        if let Some(b) = super::embedded::find(&self.path) {
            return Ok(b);
        }
        let report = load_file(&self.path, &self.root);
        report.briefing.ok_or(report.diagnostics)
    }
}

/// Newest first, then by title: the library's own order.
pub fn sort_newest_first(listings: &mut [Listing]) {
    listings.sort_by(|a, b| b.order.cmp(&a.order).then_with(|| a.title.cmp(&b.title)));
}

/// The lower-case text the library filter searches: title, tags, region, actors.
pub fn search_text(b: &Briefing) -> String {
    let mut s = format!(
        "{} {} {}",
        b.title,
        b.tags.join(" "),
        b.region.as_deref().unwrap_or("")
    );
    for a in &b.actors {
        s.push(' ');
        s.push_str(&a.name);
        for alias in &a.aliases {
            s.push(' ');
            s.push_str(alias);
        }
    }
    s.to_lowercase()
}

/// What one file gave.
#[derive(Debug, Clone, PartialEq)]
pub struct FileIndex {
    pub listing: Option<Listing>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A file as found on disk, with what identifies its version.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Stamp {
    pub size: u64,
    pub modified_ns: u128,
}

pub fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    let modified_ns = meta
        .modified()
        .ok()?
        .duration_since(UNIX_EPOCH)
        .ok()?
        .as_nanos();
    Some(Stamp {
        size: meta.len(),
        modified_ns,
    })
}

/// Indexes one file: parse and check it, keep its listing.
pub fn index_file(path: &Path, root: &Path) -> FileIndex {
    let report = load_file(path, root);
    FileIndex {
        listing: report.briefing.as_ref().map(|b| Listing::of(path, root, b)),
        diagnostics: report.diagnostics,
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    files: HashMap<PathBuf, (Stamp, Listing)>,
}

const CACHE_VERSION: u32 = 2;

/// Temporary files of an unfinished save start with this; a save cut short
/// by the reader quitting leaves one, which the next start removes.
const TMP_PREFIX: &str = ".index-";

/// The remembered index; empty when there is none or it cannot be trusted.
#[derive(Debug, Default)]
pub struct Cache {
    path: Option<PathBuf>,
    /// Only files that loaded without a single diagnostic are remembered:
    /// the others are parsed every time, so their messages are never stale.
    files: HashMap<PathBuf, (Stamp, Listing)>,
    /// Whether anything changed that is worth writing back.
    dirty: bool,
}

impl Cache {
    pub fn none() -> Cache {
        Cache::default()
    }

    /// Reads the cache at `path`. Anything unreadable or of another version
    /// is dropped: the index is then built afresh.
    pub fn open(path: PathBuf) -> Cache {
        remove_stale_saves(&path);
        let files = std::fs::read(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<CacheFile>(&bytes).ok())
            .filter(|c| c.version == CACHE_VERSION)
            .map(|c| c.files)
            .unwrap_or_default();
        Cache {
            path: Some(path),
            files,
            dirty: false,
        }
    }

    /// `$XDG_CACHE_HOME/brief/index-v1.json`, by default under `~/.cache`.
    pub fn default_path() -> Option<PathBuf> {
        crate::paths::cache_file("index-v1.json")
    }

    fn get(&self, path: &Path, stamp: &Stamp) -> Option<FileIndex> {
        let (s, listing) = self.files.get(path)?;
        (s == stamp).then(|| FileIndex {
            listing: Some(listing.clone()),
            diagnostics: Vec::new(),
        })
    }

    fn put(&mut self, path: PathBuf, stamp: Stamp, idx: &FileIndex) {
        if let (Some(listing), true) = (&idx.listing, idx.diagnostics.is_empty()) {
            self.files.insert(path, (stamp, listing.clone()));
            self.dirty = true;
        }
    }

    /// Writes the cache back if anything changed: a temporary file renamed
    /// into place, so a crash leaves the old cache or the new one.
    pub fn save(&mut self, keep: impl Fn(&Path) -> bool) {
        let Some(path) = &self.path else { return };
        let before = self.files.len();
        self.files.retain(|p, _| keep(p));
        if !self.dirty && self.files.len() == before {
            return;
        }
        let Some(dir) = path.parent() else { return };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        let file = CacheFile {
            version: CACHE_VERSION,
            files: std::mem::take(&mut self.files),
        };
        if let Ok(mut tmp) = tempfile::Builder::new().prefix(TMP_PREFIX).tempfile_in(dir) {
            use std::io::Write;
            let ok = serde_json::to_writer(std::io::BufWriter::new(&mut tmp), &file).is_ok()
                && tmp.flush().is_ok();
            if ok {
                let _ = tmp.persist(path);
            }
        }
        self.files = file.files;
        self.dirty = false;
    }
}

/// Removes temporary files of saves that never finished, once they are
/// old enough that no running reader can still be writing them.
fn remove_stale_saves(cache: &Path) {
    let Some(dir) = cache.parent() else { return };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let stale = e.file_name().to_string_lossy().starts_with(TMP_PREFIX)
            && e.metadata().and_then(|m| m.modified()).is_ok_and(|t| {
                t.elapsed()
                    .is_ok_and(|age| age > std::time::Duration::from_secs(60))
            });
        if stale {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// A batch of indexed files, as they become ready.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Batch {
    pub files: Vec<(PathBuf, FileIndex)>,
    /// Files done so far and in all.
    pub done: usize,
    pub total: usize,
}

/// How many files are parsed in parallel between two looks at the clock.
const BATCH: usize = 256;

/// Up to this many files, indexing stays on the calling thread.
pub const SMALL: usize = 32;

/// How often progress reaches the reader while indexing.
const REPORT_EVERY: std::time::Duration = std::time::Duration::from_millis(60);

/// The whole library as listings, newest first, with every diagnostic:
/// what `brief list` and `brief mark` need, without keeping any briefing
/// in full.
pub fn listings(roots: &[PathBuf], cache: &mut Cache) -> (Vec<Listing>, Vec<Diagnostic>) {
    let mut listings = Vec::new();
    let mut diagnostics = Vec::new();
    let problems = build(roots, cache, |batch| {
        for (_, idx) in batch.files {
            listings.extend(idx.listing);
            diagnostics.extend(idx.diagnostics);
        }
    });
    diagnostics.extend(problems);
    sort_newest_first(&mut listings);
    (listings, diagnostics)
}

/// Whether the briefing files under `roots` number at most `limit`; stops
/// counting past it, so asking about a large library costs little.
pub fn at_most(roots: &[PathBuf], limit: usize) -> bool {
    let mut n = 0;
    for root in roots {
        if root.is_file() {
            n += 1;
            continue;
        }
        let walk = walkdir::WalkDir::new(root)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for e in walk.flatten() {
            if e.file_type().is_file() && super::briefing_file(root, e.path()) {
                n += 1;
                if n > limit {
                    return false;
                }
            }
        }
    }
    true
}

/// Indexes every briefing file under `roots`, in parallel on all cores,
/// reusing the cache for unchanged files, and reports each batch as it is
/// ready. Listing problems (a missing root) come first, as diagnostics.
pub fn build(
    roots: &[PathBuf],
    cache: &mut Cache,
    mut report: impl FnMut(Batch),
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut files: Vec<(PathBuf, PathBuf)> = Vec::new();
    for root in roots {
        match super::find_files(root) {
            Ok(found) => {
                let library_root = super::library_root(root);
                files.extend(found.into_iter().map(|f| (f, library_root.clone())));
            }
            Err(d) => problems.push(d),
        }
    }
    let total = files.len();
    let mut done = 0;
    // Batches go out at most every REPORT_EVERY (and at the end), so a warm
    // start answered by the cache arrives in one or two, not forty.
    let mut pending = Batch::default();
    let mut last_report = std::time::Instant::now();
    for chunk in files.chunks(BATCH) {
        let one = |(path, root): &(PathBuf, PathBuf)| {
            let stamp = stamp(path);
            match stamp.as_ref().and_then(|s| cache.get(path, s)) {
                Some(idx) => (path.clone(), stamp, idx, false),
                None => (path.clone(), stamp, index_file(path, root), true),
            }
        };
        // A few files are quicker done here than by starting the thread pool.
        let results: Vec<(PathBuf, Option<Stamp>, FileIndex, bool)> = if total <= SMALL {
            chunk.iter().map(one).collect()
        } else {
            chunk.par_iter().map(one).collect()
        };
        done += results.len();
        for (path, stamp, idx, fresh) in results {
            if fresh && let Some(stamp) = stamp {
                cache.put(path.clone(), stamp, &idx);
            }
            pending.files.push((path, idx));
        }
        if done == total || last_report.elapsed() >= REPORT_EVERY {
            pending.done = done;
            pending.total = total;
            report(std::mem::take(&mut pending));
            last_report = std::time::Instant::now();
        }
    }
    if total == 0 {
        // Nothing to index is news too: the reader stops saying "loading".
        report(Batch::default());
    }
    if !roots.is_empty() {
        let present: std::collections::HashSet<PathBuf> =
            files.into_iter().map(|(p, _)| p).collect();
        cache.save(|p| present.contains(p));
    }
    problems
}
