//! One file indexed: its listing ([`Listing`], in [`super::listing`]), every
//! diagnostic, and what the index database keeps to know when to read it
//! again (its size, modification time, content hash and the source texts
//! it depends on) and to search it ([`Document`]).

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

pub use super::listing::{
    Listing, Parts, SEP, join_tags, newest_first, search_text, sort_newest_first,
};
use crate::briefing::{Briefing, Diagnostic, Syntax, load_file, load_str};

/// What one file gave.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FileIndex {
    pub listing: Option<Listing>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A file as found on disk, with what identifies its version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Stamp {
    pub size: u64,
    pub modified_ns: i64,
}

pub fn stamp(path: &Path) -> Option<Stamp> {
    Stamp::of(&std::fs::metadata(path).ok()?)
}

impl Stamp {
    /// The stamp of what a stat gave.
    pub fn of(meta: &std::fs::Metadata) -> Option<Stamp> {
        let modified_ns = meta
            .modified()
            .ok()?
            .duration_since(UNIX_EPOCH)
            .ok()?
            .as_nanos();
        Some(Stamp {
            size: meta.len(),
            modified_ns: i64::try_from(modified_ns).unwrap_or(i64::MAX),
        })
    }
}

/// The text full-text search looks in, by field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub title: String,
    pub summary: String,
    pub actors: String,
    pub timeline: String,
    pub figures: String,
    pub quotes: String,
    pub sources: String,
}

impl Document {
    pub fn of(b: &Briefing) -> Document {
        let lines = |items: &mut dyn Iterator<Item = &str>| {
            let mut s = String::new();
            for item in items {
                s.push_str(item);
                s.push('\n');
            }
            s
        };
        let summary = std::iter::once(b.summary.headline.as_str())
            .chain(b.summary.body.iter().map(String::as_str))
            .chain(b.summary.key_points.iter().map(String::as_str));
        let actors = b.actors.iter().flat_map(|a| {
            std::iter::once(a.name.as_str())
                .chain(a.aliases.iter().map(String::as_str))
                .chain(a.affiliation.as_deref())
                .chain(a.role.as_deref())
        });
        let figures: Vec<String> = b
            .figures
            .iter()
            .map(|f| format!("{} {} {}", f.display_value(), f.unit, f.what))
            .collect();
        let quotes = b
            .timeline
            .iter()
            .filter_map(|t| t.attribution.quote.as_deref())
            .chain(
                b.figures
                    .iter()
                    .filter_map(|f| f.attribution.quote.as_deref()),
            );
        let sources = b.sources.iter().flat_map(|s| {
            std::iter::once(s.title.as_str())
                .chain(s.publisher.as_deref())
                .chain(s.text.as_ref().map(|t| t.content.as_str()))
        });
        Document {
            title: b.title.clone(),
            summary: lines(&mut { summary }),
            actors: lines(&mut { actors }),
            timeline: lines(&mut b.timeline.iter().map(|t| t.what.as_str())),
            figures: lines(&mut figures.iter().map(String::as_str)),
            quotes: lines(&mut { quotes }),
            sources: lines(&mut { sources }),
        }
    }
}

/// What the index database keeps of a file that gave a briefing.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub stamp: Stamp,
    pub hash: u64,
    /// The source texts it reads (`text_file` as written, relative to the
    /// briefing's folder), with their stamps when indexed.
    pub deps: Vec<(String, Option<Stamp>)>,
    pub document: Document,
    /// Each part's fingerprint, labelled ([`super::state::labelled_parts`]):
    /// what changed since a briefing was read, known without reading it.
    pub parts: Vec<(String, String)>,
    /// Read from disk (not built in): reused while it and its source texts
    /// are unchanged, its warnings kept with it.
    pub reusable: bool,
}

/// One file read, parsed and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Indexed {
    pub path: PathBuf,
    pub file: FileIndex,
    pub record: Option<Record>,
}

/// A stable 64-bit FNV-1a hash of a file's bytes.
pub fn content_hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Indexes one file: its listing and diagnostics.
pub fn index_file(path: &Path, root: &Path) -> FileIndex {
    read_file(path, root).file
}

/// Reads one file (bounded, regular files only), parses and checks it, and
/// keeps its listing and what the index database needs.
pub fn read_file(path: &Path, root: &Path) -> Indexed {
    let stamp_of = stamp;
    if let Some((briefing, diagnostics)) = super::embedded::load(path) {
        // Built in: kept in the index to be searched, read again each time.
        let stamp = Stamp {
            size: 0,
            modified_ns: 0,
        };
        return indexed(path, root, briefing, diagnostics, |parts| Record {
            stamp,
            hash: 0,
            deps: Vec::new(),
            document: Document::default(),
            parts,
            reusable: false,
        });
    }
    let stamp = stamp(path);
    let bytes = crate::fs::read_limited(path);
    let text = bytes
        .as_ref()
        .ok()
        .and_then(|b| std::str::from_utf8(b).ok());
    let (Some(syntax), Some(text), Some(stamp)) = (Syntax::of(path), text, stamp) else {
        // Anything but a readable UTF-8 briefing file: loading says why.
        let report = load_file(path, root);
        return Indexed {
            path: path.to_owned(),
            file: FileIndex {
                listing: report.briefing.as_ref().map(|b| Listing::of(path, root, b)),
                diagnostics: report.diagnostics,
            },
            record: None,
        };
    };
    let hash = content_hash(text.as_bytes());
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let base = path.parent().unwrap_or(Path::new("."));
    let mut deps = Vec::new();
    let mut reader = |file: &str| {
        deps.push((file.to_owned(), stamp_of(&base.join(file))));
        crate::briefing::load::read_source_text(base, root, file)
    };
    let (briefing, diagnostics) = load_str(path, text, syntax, &mut reader);
    indexed(path, root, briefing, diagnostics, |parts| Record {
        stamp,
        hash,
        deps,
        document: Document::default(),
        parts,
        reusable: true,
    })
}

/// A file read: its listing and its record (`record` given the parts'
/// fingerprints), the briefing fingerprinted once for both.
fn indexed(
    path: &Path,
    root: &Path,
    briefing: Option<Briefing>,
    diagnostics: Vec<Diagnostic>,
    record: impl FnOnce(Vec<(String, String)>) -> Record,
) -> Indexed {
    let (listing, record) = match &briefing {
        Some(b) => {
            let parts = super::state::labelled_parts(b);
            let digest = super::state::digest_of_labelled(&parts);
            let listing = Listing::with_digest(path, root, b, digest);
            let record = Record {
                document: Document::of(b),
                ..record(parts)
            };
            (Some(listing), Some(record))
        }
        None => (None, None),
    };
    Indexed {
        path: path.to_owned(),
        file: FileIndex {
            listing,
            diagnostics,
        },
        record,
    }
}

/// A batch of indexed files, as they become ready: each file's listing
/// and diagnostics replace what was known of it (no listing and no
/// diagnostic: the file is gone).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Batch {
    pub files: Vec<(PathBuf, FileIndex)>,
    /// Files done so far and in all; both 0 for a change seen on disk.
    pub done: usize,
    pub total: usize,
    /// Warnings of files whose listing was sent already, added to what is
    /// known of them: a warm start sends its list first and the warnings
    /// the index kept right after.
    pub warnings: Vec<Diagnostic>,
    /// `Some(true)`: every file of a list already shown is being checked
    /// (read in full on a cold start), so more warnings and errors may
    /// come; `Some(false)`: that check is over.
    pub checking: Option<bool>,
}
