//! A cold start's list: every file found, each listed from its head (its
//! top-level keys), read on every core. It can be begun before the index
//! is opened ([`Live::start_heads`]): on a first start, making the index
//! file waits on the disk, and the list does not need it.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::{Live, refetch};
use crate::briefing::Diagnostic;
use crate::library::head;
use crate::library::index::{Batch, FileIndex, read_file};
use crate::library::walk;

/// Heads being read on threads of their own, for the roots given.
pub struct Heads {
    roots: Vec<PathBuf>,
    reading: std::thread::JoinHandle<Read>,
}

/// Every file found under some roots, with what its head gave.
struct Read {
    files: Vec<(PathBuf, FileIndex)>,
    /// Places that could not be read.
    problems: Vec<Diagnostic>,
    /// How many briefing files were found.
    found: usize,
}

impl Live {
    /// Begins a cold list of `roots` before there is a session to send it:
    /// for a start with no index to list from (no index file yet, or none
    /// kept). What it reads is the list [`Live::list`] sends, if the index
    /// turns out empty; it is dropped otherwise.
    pub fn start_heads(roots: &[PathBuf]) -> Heads {
        let roots = roots.to_vec();
        let given = roots.clone();
        Heads {
            roots,
            reading: std::thread::spawn(move || read(&given)),
        }
    }

    /// Heads begun before this session, for its cold list.
    pub fn with_heads(&mut self, heads: Heads) {
        self.heads = Some(heads);
    }

    /// A cold start: the list from the top of each file (its top-level
    /// keys), at once and whole; the full read and check follow, replacing
    /// each row (or moving a file that fails them to the errors). A file
    /// whose top does not give its row (JSON, an unusual head) is read in
    /// full here, and each place that could not be read is its error, so
    /// that what is sent is the whole library.
    pub(super) fn list_heads(
        &mut self,
        roots: &[PathBuf],
        send: &mut dyn FnMut(Batch) -> bool,
    ) -> bool {
        let early = self
            .heads
            .take()
            .filter(|h| h.roots == roots)
            .and_then(|h| h.reading.join().ok());
        let Read {
            files,
            problems,
            found,
        } = early.unwrap_or_else(|| read(roots));
        self.warm = true;
        self.from_heads = true;
        let all = self.roots.clone();
        let mut files = self.catalog.apply(files, |p| refetch(&all, p));
        self.problem_rows(super::by_place(problems), &mut files);
        if files.is_empty() {
            return true;
        }
        send(Batch {
            files,
            done: found,
            total: found,
            ..Batch::default()
        })
    }
}

impl Live {
    /// Files listed before the library was watched (a cold list) that the
    /// first check's walk did not find: removed meanwhile, so now from the
    /// list too. (A warm list's rows are the index's, which the check
    /// already reports when their files are gone.)
    pub(super) fn unfound(
        &mut self,
        roots: &[PathBuf],
        found: &FoundSet,
    ) -> Vec<(PathBuf, FileIndex)> {
        let gone: BTreeSet<PathBuf> = roots
            .iter()
            .flat_map(|r| self.catalog.paths_under(r))
            .filter(|p| !found.contains(p))
            .collect();
        if gone.is_empty() {
            return Vec::new();
        }
        let gone = gone
            .into_iter()
            .map(|p| (p, FileIndex::default()))
            .collect();
        let all = self.roots.clone();
        self.catalog.apply(gone, |p| refetch(&all, p))
    }
}

/// The files a walk found, by a hash of each path (8 bytes a file, where
/// the paths themselves took about 100): whether a file listed from its
/// head is still there. Two paths of one hash would take a gone file for
/// found, one chance in 2^64 for each pair.
#[derive(Default)]
pub(super) struct FoundSet {
    hashes: foldhash::HashSet<u64>,
    hasher: foldhash::quality::RandomState,
}

impl FoundSet {
    pub(super) fn insert(&mut self, path: &std::path::Path) {
        let h = self.hash(path);
        self.hashes.insert(h);
    }

    fn contains(&self, path: &std::path::Path) -> bool {
        self.hashes.contains(&self.hash(path))
    }

    fn hash(&self, path: &std::path::Path) -> u64 {
        use std::hash::BuildHasher;
        self.hasher.hash_one(path.as_os_str().as_encoded_bytes())
    }
}

/// How many files one task reads the heads of.
const CHUNK: usize = 128;

/// Finds the files under `roots` and reads each one's head, on every core:
/// the reading begins with the first files found, while the walk goes on.
fn read(roots: &[PathBuf]) -> Read {
    let one = |f: walk::Found| {
        let file = match head::listing(&f.path, &f.root) {
            Some(listing) => FileIndex {
                listing: Some(listing),
                diagnostics: Vec::new(),
            },
            None => read_file(&f.path, &f.root).file,
        };
        (f.path, file)
    };
    let read = std::sync::Mutex::new(Vec::new());
    let mut found = 0;
    let problems = rayon::in_place_scope(|scope| {
        let mut chunk = Vec::with_capacity(CHUNK);
        let give = |chunk: Vec<walk::Found>, at: usize| {
            let read = &read;
            scope.spawn(move |_| {
                let files: Vec<_> = chunk.into_iter().map(one).collect();
                read.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((at, files));
            });
        };
        let problems = walk::find_each(roots, &mut |f| {
            chunk.push(f);
            found += 1;
            if chunk.len() == CHUNK {
                give(
                    std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK)),
                    found,
                );
            }
        });
        give(chunk, found);
        problems
    });
    // In the walk's order again.
    let mut chunks = read.into_inner().unwrap_or_else(|e| e.into_inner());
    chunks.sort_unstable_by_key(|(at, _)| *at);
    Read {
        files: chunks.into_iter().flat_map(|(_, files)| files).collect(),
        problems,
        found,
    }
}

/// Whether a reader's start lists from the files' heads for certain, as
/// can be known before the index is opened: there is no index file yet,
/// or none is kept (`--read-only`, no cache folder).
pub fn starts_cold(read_only: bool) -> bool {
    read_only || crate::library::db::default_path().is_none_or(|p| !p.exists())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::db::Db;

    fn briefing(id: &str, date: &str) -> String {
        format!(
            "format = 1\nid = \"{id}\"\ntitle = \"Briefing {id}\"\ndate = \"{date}\"\n[summary]\nheadline = \"Something happened.\"\n"
        )
    }

    /// A library with one of each kind of file a cold list must show.
    fn library() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let lib = dir.path().join("lib");
        std::fs::create_dir_all(lib.join("sub")).unwrap();
        std::fs::write(lib.join("a.toml"), briefing("a", "2024-01-01")).unwrap();
        std::fs::write(lib.join("sub/a-again.toml"), briefing("a", "2024-01-02")).unwrap();
        std::fs::write(
            lib.join("b.json"),
            r#"{"format": 1, "id": "b", "title": "Briefing b", "date": "2024-01-03",
                "summary": {"headline": "Something happened."}}"#,
        )
        .unwrap();
        std::fs::write(lib.join("c.toml"), "id = \"c\"\n").unwrap();
        std::fs::write(dir.path().join("secret.toml"), briefing("s", "2024-01-04")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.toml"), lib.join("out.toml")).unwrap();
        (dir, lib)
    }

    /// The one batch a session's first list sends.
    fn first_list(live: &mut Live) -> Batch {
        let mut batches = Vec::new();
        assert!(live.list(&mut |b| {
            batches.push(b);
            true
        }));
        assert!(live.list(&mut |_| panic!("listed twice")));
        assert_eq!(batches.len(), 1);
        batches.pop().unwrap()
    }

    fn title(batch: &Batch, path: &std::path::Path) -> Option<String> {
        let (_, f) = batch.files.iter().find(|(p, _)| p == path)?;
        f.listing.as_ref().map(|l| l.title().to_owned())
    }

    /// What a cold start sends first is the whole library: rows from the
    /// heads, a JSON briefing read in full, a file whose head says nothing
    /// with its errors, an id used twice listed once, a link leading out
    /// as its error; and nothing else before the check.
    #[test]
    fn a_cold_list_is_the_whole_library_at_once() {
        let (_dir, lib) = library();
        let (mut live, _) = Live::open(vec![lib.clone()], Db::memory());
        let batch = first_list(&mut live);
        assert_eq!((batch.done, batch.total), (4, 4));
        let of = |name: &str| {
            let path = lib.join(name);
            let (_, f) = batch.files.iter().find(|(p, _)| *p == path).unwrap();
            f.clone()
        };
        let listed = |name: &str| {
            of(name)
                .listing
                .map(|l| (l.title().to_owned(), l.duplicate))
        };
        assert_eq!(listed("a.toml"), Some(("Briefing a".into(), true)));
        assert_eq!(listed("sub/a-again.toml"), None);
        assert!(!of("sub/a-again.toml").diagnostics.is_empty());
        assert_eq!(listed("b.json"), Some(("Briefing b".into(), false)));
        assert_eq!(listed("c.toml"), None);
        assert!(of("c.toml").diagnostics.iter().any(|d| d.is_error()));
        let out = of("out.toml");
        assert!(
            out.listing.is_none() && out.diagnostics.len() == 1,
            "{out:?}"
        );
        assert_eq!(batch.files.len(), 5);
    }

    /// Heads begun before the session are what it lists, for the same
    /// roots only; the list is otherwise the same.
    #[test]
    fn heads_begun_early_are_the_list_of_the_same_roots() {
        let (_dir, lib) = library();
        let early = |roots: &[PathBuf]| {
            let heads = Live::start_heads(roots);
            while !heads.reading.is_finished() {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            heads
        };
        let same = early(std::slice::from_ref(&lib));
        let other = early(&[lib.clone(), lib.join("sub")]);
        // Changed after the early read: only a list read now sees it.
        std::fs::write(lib.join("b.json"), briefing("b", "2024-01-03")).unwrap();
        std::fs::rename(lib.join("b.json"), lib.join("b2.toml")).unwrap();

        let (mut live, _) = Live::open(vec![lib.clone()], Db::memory());
        live.with_heads(same);
        let batch = first_list(&mut live);
        assert_eq!(
            title(&batch, &lib.join("b.json")).as_deref(),
            Some("Briefing b")
        );
        assert_eq!(title(&batch, &lib.join("b2.toml")), None);
        assert_eq!((batch.done, batch.total, batch.files.len()), (4, 4, 5));

        let (mut live, _) = Live::open(vec![lib.clone()], Db::memory());
        live.with_heads(other);
        let batch = first_list(&mut live);
        assert_eq!(title(&batch, &lib.join("b.json")), None);
        assert_eq!(
            title(&batch, &lib.join("b2.toml")).as_deref(),
            Some("Briefing b")
        );
    }

    /// A file listed from its head and removed before the check (the
    /// library is watched only after the list) leaves the list with the
    /// check; the others stay.
    #[test]
    fn a_file_removed_between_the_list_and_the_check_leaves_the_list() {
        let (_dir, lib) = library();
        let (mut live, _) = Live::open(vec![lib.clone()], Db::memory());
        let listed = first_list(&mut live);
        assert!(title(&listed, &lib.join("b.json")).is_some());
        std::fs::remove_file(lib.join("b.json")).unwrap();
        let mut batches = Vec::new();
        assert!(live.refresh(&mut |b| {
            batches.push(b);
            true
        }));
        let last = |name: &str| {
            let path = lib.join(name);
            batches
                .iter()
                .flat_map(|b| &b.files)
                .rfind(|(p, _)| *p == path)
                .map(|(_, f)| f.clone())
        };
        let gone = last("b.json").expect("b.json reported");
        assert!(gone.listing.is_none() && gone.diagnostics.is_empty());
        assert!(last("a.toml").is_some_and(|f| f.listing.is_some()));
    }
}
