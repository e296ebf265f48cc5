//! Whether the index is current for some library folders, found cheaply:
//! the briefing files under each folder, listed and stat'ed by [`look`]
//! (started before the index is even opened), against the index's rows
//! read with only the columns that tell a file's version, while the index
//! is searched. The rules are the walk's and the scan's ([`super::walk`],
//! [`super::scan`]): the same files, the same stamps, the same errors for
//! places that cannot be read. Where they differ, the files that differ are
//! read and the index updated as the scan would. Anything this look does
//! not judge as they would (a root that is a file, roots inside one
//! another, a file gone while it looked) gets the full scan: the look only
//! ever saves work, it never decides what is found.

use std::cmp::Ordering;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::db::{Db, given_path, root_key};
use super::embedded;
use super::index::{Stamp, stamp};
use super::search::{Found, SearchError};
use crate::briefing::Diagnostic;

pub mod look;
pub mod manifest;

pub use look::{Disk, Seen};

/// A row of the index under one root, as a search and this check need it.
#[derive(Debug, Clone)]
pub struct Row {
    /// The row's number, shared with its full text.
    pub n: i64,
    /// Its path inside the root, and its id: ranges of [`Rows`]' bytes.
    rel: (usize, usize),
    id: (usize, usize),
    pub stamp: Stamp,
    pub reusable: bool,
    /// The source texts it reads and their stamps, as the index keeps them.
    deps: Option<Box<str>>,
}

/// The rows under each root given (none for a root given twice, which is
/// searched once), each root's by path inside it; their paths and ids in
/// one buffer (10,000 rows are read for every search).
pub struct Rows {
    pub roots: Vec<Vec<Row>>,
    bytes: Vec<u8>,
}

impl Rows {
    /// The row's path inside its root, as bytes.
    pub fn rel(&self, row: &Row) -> &[u8] {
        &self.bytes[row.rel.0..row.rel.1]
    }

    pub fn id(&self, row: &Row) -> &str {
        // Copied from a str in `Db::rows`.
        std::str::from_utf8(&self.bytes[row.id.0..row.id.1]).unwrap_or("")
    }
}

impl Db {
    /// The rows under each of `roots`, by path inside it.
    pub fn rows(&self, roots: &[PathBuf]) -> rusqlite::Result<Rows> {
        let mut stmt = self
            .conn
            .prepare("SELECT n, rel, size, mtime, reusable, deps, id FROM files WHERE root = ?1 ORDER BY rel")?;
        let mut keys = Vec::new();
        let mut out = Rows {
            roots: Vec::new(),
            bytes: Vec::new(),
        };
        let put = |bytes: &mut Vec<u8>, b: &[u8]| -> (usize, usize) {
            let start = bytes.len();
            bytes.extend_from_slice(b);
            (start, bytes.len())
        };
        for root in roots {
            let key = root_key(root);
            let mut rows = Vec::new();
            if !keys.contains(&key) {
                let mut q = stmt.query([&key])?;
                while let Some(r) = q.next()? {
                    let deps = r.get_ref(5)?.as_str()?;
                    rows.push(Row {
                        n: r.get(0)?,
                        rel: put(&mut out.bytes, r.get_ref(1)?.as_blob()?),
                        id: put(&mut out.bytes, r.get_ref(6)?.as_str()?.as_bytes()),
                        stamp: Stamp {
                            size: r.get::<_, i64>(2)? as u64,
                            modified_ns: r.get(3)?,
                        },
                        reusable: r.get(4)?,
                        deps: (deps != "[]").then(|| deps.into()),
                    });
                }
                keys.push(key);
            }
            // In the index's order already (a BLOB sorts as its bytes).
            let bytes = &out.bytes;
            let rel = |r: &Row| &bytes[r.rel.0..r.rel.1];
            if !rows.is_sorted_by(|a, b| rel(a) <= rel(b)) {
                rows.sort_unstable_by(|a, b| rel(a).cmp(rel(b)));
            }
            out.roots.push(rows);
        }
        Ok(out)
    }
}

/// The briefing files under each root, by path inside it, found by the
/// walk's rules, with every place that could not be read; `None` where
/// this look does not judge (see the module).
pub fn look(roots: &[PathBuf]) -> Option<Disk> {
    if !apart(roots) {
        return None;
    }
    let mut disk = Disk::default();
    for root in roots {
        if root == Path::new(embedded::ROOT) {
            return None;
        }
        look::root(root, &mut disk)?;
    }
    Some(disk)
}

/// Whether no root is given twice or inside another, as given or once
/// every link is resolved (else the look does not judge).
fn apart(roots: &[PathBuf]) -> bool {
    let keys: Vec<Vec<u8>> = roots.iter().map(|r| root_key(r)).collect();
    for (i, a) in roots.iter().enumerate() {
        for (j, b) in roots.iter().enumerate().skip(i + 1) {
            let (ka, kb) = (
                Path::new(OsStr::from_bytes(&keys[i])),
                Path::new(OsStr::from_bytes(&keys[j])),
            );
            if a.starts_with(b) || b.starts_with(a) || ka.starts_with(kb) || kb.starts_with(ka) {
                return false;
            }
        }
    }
    true
}

/// What the scan of one root would change in the index: the files to read
/// again (new, changed, or whose source texts changed; `known` of them have
/// a row) and those gone.
#[derive(Debug, Default, PartialEq)]
pub struct Changes {
    pub read: Vec<PathBuf>,
    pub gone: Vec<PathBuf>,
    pub known: usize,
}

/// What differs between the files on disk and the rows under each root
/// (the scan's rule: a row is kept while it is reusable and it and its
/// source texts are unchanged).
pub fn changes(roots: &[PathBuf], disk: &Disk, all: &Rows) -> Vec<Changes> {
    roots
        .iter()
        .zip(&disk.roots)
        .zip(&all.roots)
        .map(|((root, seen), rows)| {
            let mut out = Changes::default();
            let (mut s, mut r) = (seen.iter().peekable(), rows.iter().peekable());
            loop {
                let order = match (s.peek(), r.peek()) {
                    (None, None) => break,
                    (Some(_), None) => Ordering::Less,
                    (None, Some(_)) => Ordering::Greater,
                    (Some(f), Some(row)) => disk.rel(f).cmp(all.rel(row)),
                };
                match order {
                    Ordering::Equal => {
                        let (Some(f), Some(row)) = (s.next(), r.next()) else {
                            break;
                        };
                        if !(row.reusable
                            && f.stamp == Some(row.stamp)
                            && deps_unchanged(root, all.rel(row), row.deps.as_deref()))
                        {
                            out.read.push(given_path(root, disk.rel(f)));
                            out.known += 1;
                        }
                    }
                    Ordering::Less => {
                        if let Some(f) = s.next() {
                            out.read.push(given_path(root, disk.rel(f)));
                        }
                    }
                    Ordering::Greater => {
                        if let Some(row) = r.next() {
                            out.gone.push(given_path(root, all.rel(row)));
                        }
                    }
                }
            }
            out
        })
        .collect()
}

/// Whether the scan of `roots` would find nothing to change in the index.
pub fn current(roots: &[PathBuf], disk: &Disk, all: &Rows) -> bool {
    changes(roots, disk, all)
        .iter()
        .all(|c| c.read.is_empty() && c.gone.is_empty())
}

fn deps_unchanged(root: &Path, rel: &[u8], deps: Option<&str>) -> bool {
    let Some(deps) = deps else {
        return true;
    };
    let Ok(deps) = serde_json::from_str::<Vec<(String, Option<(u64, i64)>)>>(deps) else {
        return false;
    };
    let path = given_path(root, rel);
    let base = path.parent().unwrap_or(Path::new("."));
    deps.iter().all(|(dep, was)| {
        stamp(&base.join(dep)) == was.map(|(size, modified_ns)| Stamp { size, modified_ns })
    })
}

/// Up to how many files that differ are read here (all at once) rather
/// than by the full scan.
const FEW: usize = 256;

/// What a search of what is on disk now gives: the hits, and every error
/// that says what could not be searched (a place that could not be read, a
/// file that does not load, a duplicated id), in path order.
pub struct Searched {
    pub found: Result<Found, SearchError>,
    pub problems: Vec<Diagnostic>,
}

/// The look at the files under some roots, begun on threads of its own
/// before anything else (the index opened, its rows read, the search run),
/// so that it overlaps with all of it; or, where a watcher gave tokens for
/// the roots, put off until the index says whether it is needed.
pub struct Looking {
    roots: Vec<PathBuf>,
    look: Look,
    /// The watcher's token for each root, asked before any look.
    tokens: Option<Vec<Option<String>>>,
}

enum Look {
    Begun(std::thread::JoinHandle<Option<Disk>>),
    Later,
}

impl Look {
    fn take(self, roots: &[PathBuf]) -> Option<Disk> {
        match self {
            Look::Begun(handle) => handle.join().ok().flatten(),
            Look::Later => look(roots),
        }
    }
}

/// Begins the look at `roots` ([`look`]) on a thread of its own.
pub fn begin(roots: &[PathBuf]) -> Looking {
    let given = roots.to_vec();
    Looking {
        roots: roots.to_vec(),
        look: Look::Begun(std::thread::spawn(move || look(&given))),
        tokens: None,
    }
}

/// [`begin`], with the tokens a watcher gave for `roots` just before: the
/// look waits until the index's manifests are read, and is skipped if they
/// were found current under the same tokens (nothing changed since). If the
/// watcher vouches for none of them, the look begins at once.
pub fn begin_with(roots: &[PathBuf], tokens: Vec<Option<String>>) -> Looking {
    if tokens.len() != roots.len() || tokens.iter().all(Option::is_none) || !apart(roots) {
        return begin(roots);
    }
    Looking {
        roots: roots.to_vec(),
        look: Look::Later,
        tokens: Some(tokens),
    }
}

impl Looking {
    /// A search of what is on disk now. The index is read and searched (in
    /// one read transaction, so that the rows checked and the hits are of
    /// one version of the index) while the look goes on; if it finds the
    /// index not current, the files that differ are read and the index
    /// updated (or, where the look does not judge, the full scan runs), and
    /// the search runs again. Where the watcher vouches that nothing changed
    /// since a look found the index current, there is no look.
    pub fn search(self, db: &mut Db, query: &str, limit: usize) -> Searched {
        let roots = &self.roots[..];
        let tokens = self.tokens.as_deref();
        // An index found current by an earlier search, and unchanged since,
        // keeps a manifest of each root: a few pages read instead of every
        // row, compared byte for byte with what the look finds.
        let read = db.conn.unchecked_transaction();
        if let Some(mut kept) = manifest::Kept::read(db, roots) {
            let version = db.data_version();
            let listed = kept.listed();
            let found = db.search_listed(roots, &listed, kept.duplicates(roots), query, limit);
            drop(read);
            if tokens.is_some_and(|t| kept.vouched(t)) && kept.deps_unchanged(roots) {
                // Nothing under the roots changed since a look found the
                // index current, and the roots were clean (no problem to
                // say again).
                return done(roots, found, Vec::new());
            }
            let disk = self.look.take(roots);
            match disk {
                Some(disk) if kept.matches(roots, &disk) => {
                    if let (Some(tokens), Some(version)) = (tokens, version) {
                        kept.keep_tokens(db, roots, tokens, &disk.clean, version);
                    }
                    return done(roots, found, disk.problems);
                }
                disk => return checked(db, roots, disk, query, limit, tokens),
            }
        }
        drop(read);
        let disk = self.look.take(roots);
        checked(db, roots, disk, query, limit, tokens)
    }
}

/// The search, the index's rows compared with what the look found on disk
/// (`None`: it did not judge) and brought up to date where they differ.
fn checked(
    db: &mut Db,
    roots: &[PathBuf],
    disk: Option<Disk>,
    query: &str,
    limit: usize,
    tokens: Option<&[Option<String>]>,
) -> Searched {
    let read = db.conn.unchecked_transaction();
    let rows = db.rows(roots);
    // Of the version the rows were read from (the read began with them).
    let version = db.data_version();
    let found = rows
        .as_ref()
        .ok()
        .map(|rows| db.search_rows(roots, rows, query, limit));
    drop(read);
    let changes = match (&disk, &rows) {
        (Some(disk), Ok(rows)) => changes(roots, disk, rows),
        _ => Vec::new(),
    };
    let clean = disk.as_ref().map(|d| d.clean.clone()).unwrap_or_default();
    let mut problems = disk.map(|d| d.problems).unwrap_or_default();
    let unchanged = |c: &Changes| c.read.is_empty() && c.gone.is_empty();
    let to_read: usize = changes.iter().map(|c| c.read.len()).sum();
    if changes.is_empty() || to_read > FEW {
        // Not judged here, or many files to read (a new index): the full
        // scan, which reads in bounded chunks while it writes, and says
        // what it could not read.
        let mut problems = Vec::new();
        let scanned = super::scan::scan(roots, db, super::scan::Report::Changes, |b| {
            for (_, file) in b.files {
                problems.extend(file.diagnostics.into_iter().filter(|d| d.is_error()));
            }
        });
        problems.extend(scanned.problems);
        return searched_again(db, roots, query, limit, problems);
    }
    if changes.iter().all(unchanged)
        && let Some(found) = found
    {
        // The disk is the rows exactly: the next search need not read them.
        if let (Ok(rows), Some(version)) = (&rows, version) {
            let (listed, _) = super::search::listed(roots, rows);
            for (r, root) in roots.iter().enumerate() {
                // The watcher's token, kept for a root with nothing to say
                // again (no problem) and no link followed.
                let token = tokens
                    .and_then(|t| t.get(r).cloned().flatten())
                    .filter(|_| clean.get(r) == Some(&true));
                match manifest::make(rows, r, &listed, token) {
                    Some(m) if db.keep_manifest(root, &m, version) => {}
                    _ => break,
                }
            }
        }
        return done(roots, found, problems);
    }
    // What the scan would do, without listing and checking the files
    // again: the files that differ read (in parallel), the index updated.
    let mut writes = false;
    let mut fresh_all = Vec::new();
    for (root, c) in roots.iter().zip(&changes) {
        let library_root = super::walk::library_root(root);
        let fresh: Vec<_> = c
            .read
            .par_iter()
            .map(|p| super::index::read_file(p, &library_root))
            .collect();
        for i in &fresh {
            problems.extend(i.file.diagnostics.iter().filter(|d| d.is_error()).cloned());
        }
        writes |= c.known > 0 || !c.gone.is_empty() || fresh.iter().any(|i| i.record.is_some());
        fresh_all.push(fresh);
    }
    if !writes && let Some(found) = found {
        // Only files the index never keeps (they do not load: a FIFO, a
        // broken file) were new: the index is as it was, and so are the hits.
        return done(roots, found, problems);
    }
    for ((root, c), fresh) in roots.iter().zip(&changes).zip(&fresh_all) {
        db.update(root, fresh, &c.gone);
    }
    searched_again(db, roots, query, limit, problems)
}

/// [`Looking::search`] in one call: begun and searched at once.
pub fn search(db: &mut Db, roots: &[PathBuf], query: &str, limit: usize) -> Searched {
    begin(roots).search(db, query, limit)
}

fn searched_again(
    db: &mut Db,
    roots: &[PathBuf],
    query: &str,
    limit: usize,
    problems: Vec<Diagnostic>,
) -> Searched {
    let found = db
        .rows(roots)
        .map_err(|e| SearchError::Database(e.to_string()))
        .and_then(|rows| db.search_rows(roots, &rows, query, limit));
    done(roots, found, problems)
}

/// The duplicated ids the search found join the problems, all in path order.
fn done(
    roots: &[PathBuf],
    mut found: Result<Found, SearchError>,
    mut problems: Vec<Diagnostic>,
) -> Searched {
    if let Ok(f) = &mut found {
        problems.append(&mut f.duplicates);
    }
    super::sort_by_file(roots, &mut problems);
    Searched { found, problems }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    /// The look finds what the walk finds, by the walk's rules, with the
    /// same errors for what it refuses, and each file's stamp as the scan
    /// takes it.
    #[test]
    fn the_look_finds_the_walks_files_and_errors() {
        let dir = tempfile::tempdir().unwrap();
        let lib = dir.path().join("lib");
        for d in ["a/b", ".hidden", "c/.git", "d.toml", "big"] {
            std::fs::create_dir_all(lib.join(d)).unwrap();
        }
        for f in [
            "one.toml",
            "two.JSON",
            "Three.Toml",
            "x.schema.json",
            "notes.txt",
            ".dot.toml",
            "a/four.toml",
            "a/b/five.json",
            ".hidden/six.toml",
            "c/.git/seven.toml",
            "d.toml/eight.toml",
            "toml",
            "a.toml",
        ] {
            std::fs::write(lib.join(f), f).unwrap();
        }
        // A folder large enough for its stats to be shared out.
        for i in 0..200 {
            std::fs::write(lib.join(format!("big/{i}.toml")), "x".repeat(i)).unwrap();
        }
        std::fs::write(dir.path().join("outside.toml"), "x").unwrap();
        symlink(lib.join("one.toml"), lib.join("a/link.toml")).unwrap();
        symlink(dir.path().join("outside.toml"), lib.join("out.toml")).unwrap();
        symlink(lib.join("a"), lib.join("dirlink.toml")).unwrap();
        symlink(lib.join("nowhere.toml"), lib.join("dangling.toml")).unwrap();
        let fifo = std::ffi::CString::new(lib.join("fifo.toml").as_os_str().as_bytes()).unwrap();
        // SAFETY: a valid path.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
        let (walked, walk_errors) = super::super::walk::find_in(&lib);
        let mut walked: Vec<Vec<u8>> = walked
            .iter()
            .map(|p| {
                p.strip_prefix(&lib)
                    .unwrap()
                    .as_os_str()
                    .as_bytes()
                    .to_vec()
            })
            .collect();
        let disk = look(std::slice::from_ref(&lib)).expect("judged");
        let looked: Vec<Vec<u8>> = disk.roots[0].iter().map(|s| disk.rel(s).to_vec()).collect();
        assert!(looked.is_sorted(), "in path order: {looked:?}");
        walked.sort();
        assert_eq!(looked, walked);
        assert!(walked.contains(&b"a/link.toml".to_vec()), "{walked:?}");
        assert!(walked.contains(&b"fifo.toml".to_vec()), "{walked:?}");
        assert_eq!(walked.len(), 209, "{walked:?}");
        for s in &disk.roots[0] {
            let path = lib.join(OsStr::from_bytes(disk.rel(s)));
            assert_eq!(s.stamp, stamp(&path), "{path:?}");
        }
        let mut errors = disk.problems.clone();
        errors.sort_by(|a, b| a.file.cmp(&b.file));
        assert_eq!(errors, walk_errors);
        assert_eq!(
            errors.len(),
            2,
            "the link out and the dangling one: {errors:?}"
        );
    }

    /// A folder that cannot be listed is one error, worded as the walk's,
    /// and everything else is still found. (As root every folder can be
    /// listed: skipped there.)
    #[test]
    fn a_folder_that_cannot_be_listed_is_an_error_as_the_walk_says_it() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let lib = dir.path().join("lib");
        std::fs::create_dir_all(lib.join("shut")).unwrap();
        std::fs::write(lib.join("a.toml"), "a").unwrap();
        std::fs::write(lib.join("shut/b.toml"), "b").unwrap();
        let mode =
            |m| std::fs::set_permissions(lib.join("shut"), std::fs::Permissions::from_mode(m));
        mode(0o000).unwrap();
        if std::fs::read_dir(lib.join("shut")).is_ok() {
            mode(0o755).unwrap();
            println!("skipped: this user can list a folder of mode 000");
            return;
        }
        let disk = look(std::slice::from_ref(&lib)).expect("judged");
        let (walked, walk_errors) = super::super::walk::find_in(&lib);
        mode(0o755).unwrap();
        assert_eq!(disk.roots[0].len(), 1);
        assert_eq!(walked, [lib.join("a.toml")]);
        assert_eq!(disk.problems, walk_errors);
        assert!(disk.problems[0].io_failure);
    }

    #[test]
    fn what_the_look_does_not_judge() {
        let dir = tempfile::tempdir().unwrap();
        let lib = dir.path().join("lib");
        std::fs::create_dir_all(lib.join("sub")).unwrap();
        std::fs::write(lib.join("a.toml"), "").unwrap();
        // A root that is a file, roots inside one another or given twice.
        assert!(look(&[lib.join("a.toml")]).is_none());
        assert!(look(&[lib.clone(), lib.join("sub")]).is_none());
        assert!(look(&[lib.clone(), lib.clone()]).is_none());
        assert!(look(&[dir.path().join("absent")]).is_none());
        assert!(look(&[PathBuf::from(embedded::ROOT)]).is_none());
        assert!(look(std::slice::from_ref(&lib)).is_some());
    }

    /// The token a watcher gave is kept with the manifest only by a look
    /// that found the index current and the root clean, and vouches only
    /// for itself.
    #[test]
    fn a_token_is_kept_only_from_a_look_that_found_a_clean_root_current() {
        let dir = tempfile::tempdir().unwrap();
        let lib = dir.path().join("lib");
        std::fs::create_dir_all(&lib).unwrap();
        std::fs::write(
            lib.join("a.toml"),
            "format = 1\nid = \"a\"\ntitle = \"A\"\ndate = \"2024-01-01\"\n[summary]\nheadline = \"Alpha.\"\n",
        )
        .unwrap();
        let mut db = Db::open(&dir.path().join("index.sqlite"));
        let roots = vec![lib.clone()];
        let token = |e: u32| vec![Some(format!("0123456789abcdef-{e}"))];
        let search = |db: &mut Db, t: Vec<Option<String>>| {
            let s = begin_with(&roots, t).search(db, "alpha", 10);
            s.found.unwrap().hits.len()
        };
        // Made by the first search, found current by the second.
        assert_eq!(search(&mut db, token(1)), 1);
        assert!(manifest::Kept::read(&db, &roots).is_none_or(|k| !k.vouched(&token(1))));
        assert_eq!(search(&mut db, token(1)), 1);
        let kept = manifest::Kept::read(&db, &roots).unwrap();
        assert!(kept.vouched(&token(1)));
        for other in [
            token(2),
            vec![None],
            vec![],
            vec![token(1)[0].clone(), None],
        ] {
            assert!(!kept.vouched(&other), "{other:?}");
        }
        // Another token, and a look that finds the index current: kept.
        assert_eq!(search(&mut db, token(3)), 1);
        let kept = manifest::Kept::read(&db, &roots).unwrap();
        assert!(kept.vouched(&token(3)) && !kept.vouched(&token(1)));
        // A link taken for a briefing: no token kept, whatever is given.
        symlink(lib.join("a.toml"), lib.join("l.toml")).unwrap();
        for _ in 0..3 {
            search(&mut db, token(4));
        }
        assert!(manifest::Kept::read(&db, &roots).is_some_and(|k| !k.vouched(&token(4))));
    }

    #[test]
    fn a_stamp_is_the_scans_stamp() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.toml");
        std::fs::write(&f, "abc").unwrap();
        assert_eq!(
            Stamp::of(&std::fs::symlink_metadata(&f).unwrap()),
            stamp(&f)
        );
    }
}
