//! Whether the index is current for some library folders, found cheaply:
//! the briefing files under each folder, listed in parallel and each
//! stat'ed relative to its folder, against the index's rows read with only
//! the columns that tell a file's version. The rules are the walk's and the
//! scan's ([`super::walk`], [`super::scan`]): the same files, the same
//! stamps. Where they differ, the files that differ are read and the index
//! updated as the scan would. Anything this look does not judge as they
//! would (a root that is a file, roots inside one another, a folder it
//! cannot list, a file gone while it looked) gets the full scan: the look
//! only ever saves work, it never decides what is found.

use std::cmp::Ordering;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::db::{Db, given_path, root_key};
use super::embedded;
use super::index::{Stamp, stamp};
use super::search::{Found, SearchError};

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
            .prepare("SELECT n, rel, size, mtime, reusable, deps, id FROM files WHERE root = ?1")?;
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
            let bytes = &out.bytes;
            let rel = |r: &Row| &bytes[r.rel.0..r.rel.1];
            rows.sort_unstable_by(|a, b| rel(a).cmp(rel(b)));
            out.roots.push(rows);
        }
        Ok(out)
    }

    /// The titles of the rows numbered `ns`.
    pub fn titles(&self, ns: impl Iterator<Item = i64>) -> rusqlite::Result<Vec<String>> {
        let mut stmt = self.conn.prepare("SELECT title FROM files WHERE n = ?1")?;
        ns.map(|n| stmt.query_row([n], |r| r.get(0))).collect()
    }
}

/// A briefing file found on disk: its path inside its root, its stamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    rel: Vec<u8>,
    stamp: Stamp,
}

/// The briefing files under each root, by path inside it, found by the
/// walk's rules; `None` where this look does not judge (see the module).
pub fn look(roots: &[PathBuf]) -> Option<Vec<Vec<Seen>>> {
    let keys: Vec<Vec<u8>> = roots.iter().map(|r| root_key(r)).collect();
    for (i, a) in roots.iter().enumerate() {
        for (j, b) in roots.iter().enumerate().skip(i + 1) {
            let (ka, kb) = (
                Path::new(OsStr::from_bytes(&keys[i])),
                Path::new(OsStr::from_bytes(&keys[j])),
            );
            if a.starts_with(b) || b.starts_with(a) || ka.starts_with(kb) || kb.starts_with(ka) {
                return None;
            }
        }
    }
    roots.par_iter().map(|r| look_root(r)).collect()
}

fn look_root(root: &Path) -> Option<Vec<Seen>> {
    if root == Path::new(embedded::ROOT) || !std::fs::metadata(root).ok()?.is_dir() {
        return None;
    }
    let mut seen = folder(root, root, Vec::new())?;
    seen.sort_unstable_by(|a, b| a.rel.cmp(&b.rel));
    Some(seen)
}

/// The briefing files in `dir` and below it (`prefix`: `dir` inside the
/// root, with a trailing `/`), its subfolders looked at in parallel.
fn folder(root: &Path, dir: &Path, prefix: Vec<u8>) -> Option<Vec<Seen>> {
    let mut seen = Vec::new();
    let mut below = Vec::new();
    for entry in std::fs::read_dir(dir).ok()? {
        let entry = entry.ok()?;
        let name = entry.file_name();
        let name = name.as_bytes();
        // Hidden files and folders are not the library's (walk's rule).
        if name.first() == Some(&b'.') {
            continue;
        }
        let kind = entry.file_type().ok()?;
        let mut rel = prefix.clone();
        rel.extend_from_slice(name);
        if kind.is_dir() {
            rel.push(b'/');
            below.push((entry.path(), rel));
            continue;
        }
        if !briefing_name(name) {
            continue;
        }
        let stamp = if kind.is_symlink() {
            // As the walk: a link is a file only to a file inside the root.
            let path = entry.path();
            match crate::fs::within_root(&path, root) {
                Ok(real) if real.is_dir() => continue,
                Ok(_) => stamp(&path)?,
                Err(_) => continue,
            }
        } else {
            // Relative to the folder already open: no path to look up again.
            Stamp::of(&entry.metadata().ok()?)?
        };
        seen.push(Seen { rel, stamp });
    }
    let deeper: Option<Vec<Vec<Seen>>> = below
        .into_par_iter()
        .map(|(path, rel)| folder(root, &path, rel))
        .collect();
    for mut d in deeper? {
        seen.append(&mut d);
    }
    Some(seen)
}

/// The walk's rule for a name ([`super::walk::is_briefing`]): `.toml` or
/// `.json` in any case, not a `.schema.json`.
fn briefing_name(name: &[u8]) -> bool {
    let path = Path::new(OsStr::from_bytes(name));
    crate::briefing::Syntax::of(path).is_some() && !name.ends_with(b".schema.json")
}

/// What the scan of one root would change in the index: the files to read
/// again (new, changed, or whose source texts changed) and those gone.
#[derive(Debug, Default, PartialEq)]
pub struct Changes {
    pub read: Vec<PathBuf>,
    pub gone: Vec<PathBuf>,
}

/// What differs between the files on disk and the rows under each root
/// (the scan's rule: a row is kept while it is reusable and it and its
/// source texts are unchanged).
pub fn changes(roots: &[PathBuf], disk: &[Vec<Seen>], all: &Rows) -> Vec<Changes> {
    roots
        .iter()
        .zip(disk)
        .zip(&all.roots)
        .map(|((root, seen), rows)| {
            let mut out = Changes::default();
            let (mut s, mut r) = (seen.iter().peekable(), rows.iter().peekable());
            loop {
                let order = match (s.peek(), r.peek()) {
                    (None, None) => break,
                    (Some(_), None) => Ordering::Less,
                    (None, Some(_)) => Ordering::Greater,
                    (Some(f), Some(row)) => f.rel.as_slice().cmp(all.rel(row)),
                };
                match order {
                    Ordering::Equal => {
                        let (Some(f), Some(row)) = (s.next(), r.next()) else {
                            break;
                        };
                        if !(row.reusable
                            && f.stamp == row.stamp
                            && deps_unchanged(root, all.rel(row), row))
                        {
                            out.read.push(given_path(root, &f.rel));
                        }
                    }
                    Ordering::Less => {
                        if let Some(f) = s.next() {
                            out.read.push(given_path(root, &f.rel));
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
pub fn current(roots: &[PathBuf], disk: &[Vec<Seen>], all: &Rows) -> bool {
    changes(roots, disk, all)
        .iter()
        .all(|c| c.read.is_empty() && c.gone.is_empty())
}

fn deps_unchanged(root: &Path, rel: &[u8], row: &Row) -> bool {
    let Some(deps) = &row.deps else {
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

/// A search of what is on disk now. The look at the files runs while the
/// index is read and searched (in one read transaction, so that the rows
/// checked and the hits are of one version of the index); if the look finds
/// the index not current, the files that differ are read and the index
/// updated (or, where the look does not judge, the full scan runs), and the
/// search runs again.
pub fn search(
    db: &mut Db,
    roots: &[PathBuf],
    query: &str,
    limit: usize,
) -> Result<Found, SearchError> {
    let (disk, rows, found) = std::thread::scope(|s| {
        let disk = s.spawn(|| look(roots));
        let read = db.conn.unchecked_transaction();
        let rows = db.rows(roots);
        let found = rows
            .as_ref()
            .ok()
            .map(|rows| db.search_rows(roots, rows, query, limit));
        drop(read);
        (disk.join().ok().flatten(), rows, found)
    });
    let changes = match (disk, rows) {
        (Some(disk), Ok(rows)) => changes(roots, &disk, &rows),
        _ => Vec::new(),
    };
    let unchanged = changes
        .iter()
        .all(|c| c.read.is_empty() && c.gone.is_empty());
    if let Some(found) = found
        && unchanged
        && !changes.is_empty()
    {
        return found;
    }
    let to_read: usize = changes.iter().map(|c| c.read.len()).sum();
    if changes.is_empty() || to_read > FEW {
        // Not judged here, or many files to read (a new index): the full
        // scan, which reads in bounded chunks while it writes.
        super::scan::scan(roots, db, super::scan::Report::Changes, |_| {});
        return search_again(db, roots, query, limit);
    }
    // What the scan would do, without listing and checking the files again:
    // the files that differ read (in parallel), the index updated.
    for (root, c) in roots.iter().zip(changes) {
        let library_root = super::walk::library_root(root);
        let fresh: Vec<_> = c
            .read
            .par_iter()
            .map(|p| super::index::read_file(p, &library_root))
            .collect();
        db.update(root, &fresh, &c.gone);
    }
    search_again(db, roots, query, limit)
}

fn search_again(
    db: &mut Db,
    roots: &[PathBuf],
    query: &str,
    limit: usize,
) -> Result<Found, SearchError> {
    let rows = db
        .rows(roots)
        .map_err(|e| SearchError::Database(e.to_string()))?;
    db.search_rows(roots, &rows, query, limit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    /// The look finds what the walk finds, by the walk's rules.
    #[test]
    fn the_look_finds_the_walks_files() {
        let dir = tempfile::tempdir().unwrap();
        let lib = dir.path().join("lib");
        for d in ["a/b", ".hidden", "c/.git", "d.toml"] {
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
        ] {
            std::fs::write(lib.join(f), f).unwrap();
        }
        std::fs::write(dir.path().join("outside.toml"), "x").unwrap();
        symlink(lib.join("one.toml"), lib.join("a/link.toml")).unwrap();
        symlink(dir.path().join("outside.toml"), lib.join("out.toml")).unwrap();
        symlink(lib.join("a"), lib.join("dirlink.toml")).unwrap();
        symlink(lib.join("nowhere.toml"), lib.join("dangling.toml")).unwrap();
        let (walked, _) = super::super::walk::find_in(&lib);
        let walked: Vec<Vec<u8>> = walked
            .iter()
            .map(|p| {
                p.strip_prefix(&lib)
                    .unwrap()
                    .as_os_str()
                    .as_bytes()
                    .to_vec()
            })
            .collect();
        let looked = look(std::slice::from_ref(&lib)).expect("judged");
        let mut looked: Vec<Vec<u8>> = looked[0].iter().map(|s| s.rel.clone()).collect();
        looked.sort();
        let mut sorted = walked.clone();
        sorted.sort();
        assert_eq!(looked, sorted);
        assert!(sorted.contains(&b"a/link.toml".to_vec()), "{sorted:?}");
        assert_eq!(sorted.len(), 7, "{:?}", sorted);
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
