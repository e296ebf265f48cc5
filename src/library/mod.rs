//! A library: every briefing file under some paths, loaded side by side so
//! that one bad file never hides the others.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub mod embedded;
pub mod index;
pub mod state;
pub mod versions;

use crate::briefing::{Briefing, Diagnostic, Syntax, load_file};

/// A valid briefing and the file it came from.
#[derive(Debug, Clone)]
pub struct Entry {
    pub path: PathBuf,
    /// The library folder its source texts come from.
    pub root: PathBuf,
    pub briefing: Briefing,
}

impl Entry {
    pub fn listing(&self) -> index::Listing {
        index::Listing {
            checked: Some(std::sync::Arc::new(self.briefing.clone())),
            ..index::Listing::of(&self.path, &self.root, &self.briefing)
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Library {
    /// Valid briefings, newest first.
    pub entries: Vec<Entry>,
    /// Every diagnostic of every file, errors and warnings, in path order.
    pub diagnostics: Vec<Diagnostic>,
    /// How many briefing files were found.
    pub files: usize,
}

impl Library {
    /// What the library list needs of each valid briefing.
    pub fn listings(&self) -> Vec<index::Listing> {
        self.entries.iter().map(Entry::listing).collect()
    }

    /// Files that could not be loaded at all.
    pub fn failed_files(&self) -> usize {
        failed_files(&self.diagnostics)
    }

    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    pub fn io_failures(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.io_failure).count()
    }
}

/// How many files the diagnostics report an error for (they come grouped by file).
pub fn failed_files(diagnostics: &[Diagnostic]) -> usize {
    let mut failed: Vec<&Path> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.file.as_path())
        .collect();
    failed.dedup();
    failed.len()
}

/// Every `.toml` and `.json` file under `root`, sorted by path, skipping
/// hidden files and folders; `root` itself if it is a file.
pub fn find_files(root: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let meta = std::fs::metadata(root).map_err(|e| Diagnostic {
        io_failure: true,
        ..Diagnostic::error(root, format!("cannot open: {e}"))
    })?;
    if !meta.is_dir() {
        return Ok(vec![root.to_owned()]);
    }
    let mut files = Vec::new();
    let walk = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk {
        match entry {
            // A JSON Schema kept beside the briefings is for editors, not a briefing.
            // The name is checked first and the directory entry's own type
            // used where it is known, so a large library costs no extra stat.
            Ok(e)
                if Syntax::of(e.path()).is_some()
                    && !is_schema(e.path())
                    && (e.file_type().is_file()
                        || e.file_type().is_symlink() && e.path().is_file()) =>
            {
                files.push(e.into_path())
            }
            Ok(_) => {}
            Err(e) => {
                let path = e.path().unwrap_or(root).to_owned();
                return Err(Diagnostic {
                    io_failure: true,
                    ..Diagnostic::error(path, format!("cannot list: {e}"))
                });
            }
        }
    }
    Ok(files)
}

/// Loads every briefing under `paths`. A directory is its own library root
/// (source texts must lie inside it); a file given alone has its folder as root.
pub fn load(paths: &[PathBuf]) -> Library {
    let mut lib = Library::default();
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    for root in paths {
        let files = match find_files(root) {
            Ok(f) => f,
            Err(d) => {
                lib.diagnostics.push(d);
                continue;
            }
        };
        let library_root = library_root(root);
        let library_root = library_root.as_path();
        for file in files {
            lib.files += 1;
            let report = load_file(&file, library_root);
            lib.diagnostics.extend(report.diagnostics);
            let Some(briefing) = report.briefing else {
                continue;
            };
            if let Some(first) = seen.get(&briefing.id) {
                lib.diagnostics
                    .push(duplicate_id(&file, &briefing.id, first));
                continue;
            }
            seen.insert(briefing.id.clone(), file.clone());
            lib.entries.push(Entry {
                path: file,
                root: library_root.to_owned(),
                briefing,
            });
        }
    }
    sort_newest_first(&mut lib.entries);
    lib
}

fn is_schema(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().ends_with(".schema.json"))
}

/// Whether the library under `root` would index `path`: a `.toml` or
/// `.json` file with no hidden (dot) folder or file between the root and it.
pub fn briefing_file(root: &Path, path: &Path) -> bool {
    let inside = path.strip_prefix(root).unwrap_or(path);
    Syntax::of(path).is_some()
        && !is_schema(path)
        && !inside
            .components()
            .any(|c| matches!(c, std::path::Component::Normal(n) if n.to_string_lossy().starts_with('.')))
}

/// The folder source texts must stay inside: a directory given is its own
/// library root; a file given alone has its folder as root.
pub fn library_root(root: &Path) -> PathBuf {
    if root.is_dir() {
        root.to_owned()
    } else {
        root.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_owned()
    }
}

/// The error for a briefing whose id another file already uses; the file
/// loaded first keeps it, wherever the library is read.
pub fn duplicate_id(file: &Path, id: &str, first: &Path) -> Diagnostic {
    Diagnostic {
        key_path: Some("id".into()),
        ..Diagnostic::error(
            file,
            format!(
                "duplicate briefing id {id:?}: {} uses it too; this file was not loaded",
                first.display()
            ),
        )
    }
}

/// Newest first by the briefing's date, then by title.
pub fn sort_newest_first(entries: &mut [Entry]) {
    entries.sort_by(|a, b| {
        b.briefing
            .date
            .timeline_cmp(&a.briefing.date)
            .then_with(|| a.briefing.title.cmp(&b.briefing.title))
    });
}
