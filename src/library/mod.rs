//! A library: every briefing file under some paths, found, read, checked
//! and indexed by one pipeline ([`scan`]), so that one bad file or folder
//! never hides the others and every command sees the same briefings.
//!
//! walk (what is a briefing file; links; unreadable folders) → scan (the
//! index database, bounded reads, parse and check in parallel) → catalog
//! (the one duplicate-id policy) → the library's one order, newest first.

use std::path::{Path, PathBuf};

pub mod catalog;
pub mod db;
pub mod embedded;
pub mod fresh;
pub mod head;
pub mod index;
pub mod listing;
pub mod passage;
pub mod scan;
pub mod search;
pub mod state;
pub mod terms;
pub mod unicode61;
pub mod versions;
pub mod walk;
pub mod watch;
pub mod watcher;

pub use walk::{is_briefing, library_root};

use crate::briefing::{Briefing, Diagnostic};
use catalog::Catalog;
use db::Db;
use index::{FileIndex, Listing, newest_first};

/// The library as every command sees it: what the list shows, newest
/// first, and every diagnostic in path order.
#[derive(Debug, Clone, Default)]
pub struct Listed {
    pub listings: Vec<Listing>,
    pub diagnostics: Vec<Diagnostic>,
    /// How many briefing files were found.
    pub files: usize,
}

impl Listed {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    pub fn io_failures(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.io_failure).count()
    }

    pub fn failed_files(&self) -> usize {
        failed_files(&self.diagnostics)
    }
}

/// Reads the library under `roots` through the index `db`: unchanged files
/// come from it, the others are read and checked and written back.
pub fn list(roots: &[PathBuf], db: &mut Db) -> Listed {
    let mut files = Vec::new();
    let scanned = scan::scan(roots, db, scan::Report::Everything, |b| {
        files.extend(b.files)
    });
    let found = scanned.found;
    let mut out = resolve(files);
    out.diagnostics.extend(scanned.problems);
    sort_by_file(roots, &mut out.diagnostics);
    out.files = found;
    out
}

/// The duplicate-id policy and the library's order over files indexed at once.
fn resolve(files: Vec<(PathBuf, FileIndex)>) -> Listed {
    let mut out = Listed::default();
    let mut catalog = Catalog::default();
    catalog.reserve(files.len());
    for (_, idx) in catalog.apply(files, |_| FileIndex::default()) {
        out.diagnostics.extend(idx.diagnostics);
        out.listings.extend(idx.listing);
    }
    out.listings.sort_by(newest_first);
    out
}

/// Diagnostics grouped by file: the roots in the order given, each root's
/// files in path order, each file's diagnostics in their order.
pub fn sort_by_file(roots: &[PathBuf], diagnostics: &mut [Diagnostic]) {
    let root_of = |p: &Path| roots.iter().position(|r| p.starts_with(r));
    diagnostics.sort_by_cached_key(|d| (root_of(&d.file), d.file.clone()));
}

/// How many files the diagnostics report an error for.
pub fn failed_files(diagnostics: &[Diagnostic]) -> usize {
    let failed: std::collections::HashSet<&Path> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.file.as_path())
        .collect();
    failed.len()
}

/// One briefing file read and checked as every command reads it: a
/// built-in briefing by its name, any other file with its folder as the
/// library its source texts must stay inside.
pub fn load_one(path: &Path) -> (Option<Briefing>, Vec<Diagnostic>) {
    if let Some(loaded) = embedded::load(path) {
        return loaded;
    }
    let r = crate::briefing::load_file(path, &walk::library_root(path));
    (r.briefing, r.diagnostics)
}

/// A valid briefing, in full, and the file it came from.
#[derive(Debug, Clone)]
pub struct Entry {
    pub path: PathBuf,
    /// The library folder its source texts come from.
    pub root: PathBuf,
    pub briefing: Briefing,
}

impl Entry {
    pub fn listing(&self) -> Listing {
        Listing::of(&self.path, &self.root, &self.briefing)
    }
}

/// A library with every briefing kept in full (tests, small tools): the same
/// walk, checks, duplicate-id policy and order as [`list`], no index.
#[derive(Debug, Clone, Default)]
pub struct Library {
    /// Valid briefings, newest first.
    pub entries: Vec<Entry>,
    /// Every diagnostic of every file, errors and warnings, in path order.
    pub diagnostics: Vec<Diagnostic>,
    /// How many files were found.
    pub files: usize,
}

impl Library {
    pub fn listings(&self) -> Vec<Listing> {
        self.entries.iter().map(Entry::listing).collect()
    }

    pub fn failed_files(&self) -> usize {
        failed_files(&self.diagnostics)
    }
}

/// Loads every briefing under `paths` in full.
pub fn load(paths: &[PathBuf]) -> Library {
    let (found, problems) = walk::find(paths);
    let mut briefings = std::collections::HashMap::new();
    let files: Vec<(PathBuf, FileIndex)> = found
        .iter()
        .map(|f| {
            let (briefing, diagnostics) = match embedded::load(&f.path) {
                Some(loaded) => loaded,
                None => {
                    let r = crate::briefing::load_file(&f.path, &f.root);
                    (r.briefing, r.diagnostics)
                }
            };
            let listing = briefing.as_ref().map(|b| Listing::of(&f.path, &f.root, b));
            if let Some(b) = briefing {
                briefings.insert(f.path.clone(), (f.root.to_path_buf(), b));
            }
            (
                f.path.clone(),
                FileIndex {
                    listing,
                    diagnostics,
                },
            )
        })
        .collect();
    let listed = resolve(files);
    let mut diagnostics = listed.diagnostics;
    diagnostics.extend(problems);
    sort_by_file(paths, &mut diagnostics);
    Library {
        entries: listed
            .listings
            .into_iter()
            .filter_map(|l| {
                let (root, briefing) = briefings.remove(&l.path)?;
                Some(Entry {
                    path: l.path,
                    root,
                    briefing,
                })
            })
            .collect(),
        diagnostics,
        files: found.len(),
    }
}
