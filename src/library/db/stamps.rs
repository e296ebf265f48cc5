//! What tells each file's version, for every row under a root, compact: a
//! check of a list already shown holds it for the whole library while the
//! files are walked, so it is one run of path bytes and one small record a
//! row (about 70 bytes a file, where a map of paths to rows took 200),
//! read in the order of the rows' paths (from a covering index) and looked
//! up by binary search.

use std::path::{Path, PathBuf};

use super::{Db, given_path, root_key};
use crate::library::index::Stamp;

/// The stamps of every row under one root, by path.
#[derive(Debug, Default)]
pub struct Stamps {
    root: PathBuf,
    /// Every row's path inside the root, one after the other, in order.
    rels: Vec<u8>,
    rows: Vec<Row>,
    /// The source texts of the rows that read some (few do).
    deps: Vec<Vec<(String, Option<Stamp>)>>,
}

#[derive(Debug, Clone, Copy)]
struct Row {
    /// Where its path ends in `rels` (it begins where the one before ends).
    end: u32,
    stamp: Stamp,
    /// Its source texts in `deps`, or `NONE`.
    deps: u32,
    reusable: bool,
    /// Found on disk by this check.
    seen: bool,
}

const NONE: u32 = u32::MAX;

/// A row of [`Stamps`], as the check compares it with the file.
#[derive(Debug, Clone, Copy)]
pub struct StampRow<'a> {
    pub stamp: Stamp,
    pub reusable: bool,
    pub deps: &'a [(String, Option<Stamp>)],
}

impl Stamps {
    /// The row of the file at `path` (as the walk of the root names it).
    pub fn find(&self, path: &Path) -> Option<usize> {
        let rel = path.strip_prefix(&self.root).ok()?;
        let rel = std::os::unix::ffi::OsStrExt::as_bytes(rel.as_os_str());
        // The first row whose path is not before `rel`.
        let (mut lo, mut hi) = (0, self.rows.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.rel(mid) < rel {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        (lo < self.rows.len() && self.rel(lo) == rel).then_some(lo)
    }

    /// The path inside the root of row `i`.
    fn rel(&self, i: usize) -> &[u8] {
        let start = i.checked_sub(1).map_or(0, |j| self.rows[j].end as usize);
        &self.rels[start..self.rows[i].end as usize]
    }

    pub fn get(&self, i: usize) -> StampRow<'_> {
        let r = &self.rows[i];
        StampRow {
            stamp: r.stamp,
            reusable: r.reusable,
            deps: self.deps.get(r.deps as usize).map_or(&[], Vec::as_slice),
        }
    }

    /// Notes that the file of row `i` was found.
    pub fn see(&mut self, i: usize) {
        self.rows[i].seen = true;
    }

    /// The files of the rows not found, as the walk of the root would name them.
    pub fn unseen(&self) -> Vec<PathBuf> {
        let mut start = 0;
        let mut out = Vec::new();
        for r in &self.rows {
            let end = r.end as usize;
            if !r.seen {
                out.push(given_path(&self.root, &self.rels[start..end]));
            }
            start = end;
        }
        out
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

impl Db {
    /// Every row under `root`, only what tells a file's version: to check
    /// files against a list already shown.
    pub fn stamps(&self, root: &Path) -> Stamps {
        let mut out = Stamps {
            root: root.to_owned(),
            rows: Vec::with_capacity(self.count(root)),
            ..Stamps::default()
        };
        let mut run = || -> rusqlite::Result<()> {
            // In the order of the paths' bytes, as the covering index
            // `files_stamps` holds them: no sort.
            let mut stmt = self.conn.prepare(
                "SELECT rel, size, mtime, reusable, deps FROM files WHERE root = ?1 ORDER BY rel",
            )?;
            let mut rows = stmt.query([root_key(root)])?;
            while let Some(r) = rows.next()? {
                let rel = r.get_ref(0)?.as_blob()?;
                let deps = r.get_ref(4)?.as_str()?;
                let deps = if deps == "[]" {
                    NONE
                } else {
                    out.deps.push(super::rows::decode_deps(deps));
                    u32::try_from(out.deps.len() - 1).unwrap_or(NONE)
                };
                out.rels.extend_from_slice(rel);
                let Ok(end) = u32::try_from(out.rels.len()) else {
                    // Over 4 GiB of paths: the rest is read again, as new.
                    out.rels.truncate(out.rels.len() - rel.len());
                    break;
                };
                out.rows.push(Row {
                    end,
                    stamp: Stamp {
                        size: r.get::<_, i64>(1)? as u64,
                        modified_ns: r.get(2)?,
                    },
                    deps,
                    reusable: r.get(3)?,
                    seen: false,
                });
            }
            Ok(())
        };
        if run().is_err() {
            // Unreadable rows: every file is read again, none trusted.
            return Stamps {
                root: root.to_owned(),
                ..Stamps::default()
            };
        }
        out.rels.shrink_to_fit();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamps(rels: &[&str]) -> Stamps {
        let mut s = Stamps {
            root: PathBuf::from("lib"),
            ..Stamps::default()
        };
        for (i, rel) in rels.iter().enumerate() {
            s.rels.extend_from_slice(rel.as_bytes());
            s.rows.push(Row {
                end: s.rels.len() as u32,
                stamp: Stamp {
                    size: i as u64,
                    modified_ns: 0,
                },
                deps: NONE,
                reusable: true,
                seen: false,
            });
        }
        s
    }

    #[test]
    fn a_path_finds_its_own_row_and_the_others_are_unseen() {
        // In the order of the bytes: '-' sorts before '/'.
        let mut s = stamps(&["a-c.toml", "a/b.toml", "a/c.toml", "b.toml"]);
        for (path, row) in [
            ("lib/a-c.toml", Some(0)),
            ("lib/a/b.toml", Some(1)),
            ("lib/a/c.toml", Some(2)),
            ("lib/b.toml", Some(3)),
            ("lib/a", None),
            ("lib/a/b.tom", None),
            ("lib/c.toml", None),
            ("other/b.toml", None),
        ] {
            assert_eq!(s.find(Path::new(path)), row, "{path}");
        }
        assert_eq!(s.get(2).stamp.size, 2);
        s.see(0);
        s.see(3);
        assert_eq!(
            s.unseen(),
            [PathBuf::from("lib/a/b.toml"), PathBuf::from("lib/a/c.toml")]
        );
    }
}
