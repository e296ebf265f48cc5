//! A root's rows as the search's check needs them, kept in one row of the
//! index ([`crate::library::db::Manifest`]) so that a search of an index
//! that is current reads a few pages instead of every row: the paths and
//! stamps of the rows in path order (compared byte for byte with what the
//! look found on disk: exact, not a digest), the rows the library lists
//! with where their path lies, and the duplicated ids and source texts.
//! Made only from rows that matched the disk exactly; dropped by the
//! index's triggers on any change to the root's rows.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Disk, Rows, deps_unchanged};
use crate::briefing::Diagnostic;
use crate::library::db::{Db, Manifest, given_path};
use crate::library::index::Stamp;
use crate::library::search::Listed;

/// What is kept beside the paths and the listed rows.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Extra {
    /// Each duplicated id and the paths of its files, first by path first.
    dups: Vec<(String, Vec<Vec<u8>>)>,
    /// Each row that reads source texts: its path, and them (as the index
    /// keeps them).
    deps: Vec<(Vec<u8>, String)>,
    /// The watcher's token for the root, given before the look that found
    /// these rows current ([`crate::library::watcher`]): while the watcher
    /// gives the same, nothing under the root changed since.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    watch: Option<String>,
}

/// The manifests of every root, read (in the search's read transaction).
pub struct Kept {
    manifests: Vec<Manifest>,
    extras: Vec<Extra>,
}

const ENTRY: usize = 8 + 4 + 4;

impl Kept {
    /// Every root's manifest, or `None` if one has none.
    pub fn read(db: &Db, roots: &[PathBuf]) -> Option<Kept> {
        let mut manifests = Vec::with_capacity(roots.len());
        let mut extras = Vec::with_capacity(roots.len());
        for root in roots {
            let m = db.manifest(root)?;
            if m.listed.len() % ENTRY != 0 {
                return None;
            }
            extras.push(serde_json::from_str(&m.extra).ok()?);
            manifests.push(m);
        }
        Some(Kept { manifests, extras })
    }

    /// The rows the library lists under the roots, by row number.
    pub fn listed(&self) -> Vec<Listed<'_>> {
        let mut out = Vec::new();
        for (root, m) in self.manifests.iter().enumerate() {
            for e in m.listed.chunks_exact(ENTRY) {
                let n = i64::from_le_bytes(e[0..8].try_into().unwrap_or_default());
                let at = u32::from_le_bytes(e[8..12].try_into().unwrap_or_default()) as usize;
                let len = u32::from_le_bytes(e[12..16].try_into().unwrap_or_default()) as usize;
                let rel = m.files.get(at..at + len).unwrap_or(b"");
                out.push(Listed { n, root, rel });
            }
        }
        if self.manifests.len() > 1 {
            out.sort_unstable_by_key(|l| l.n);
        }
        out
    }

    /// The error of each file of a duplicated id, as the library gives it.
    pub fn duplicates(&self, roots: &[PathBuf]) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let mut members: Vec<(String, Vec<PathBuf>)> = Vec::new();
        for (root, extra) in roots.iter().zip(&self.extras) {
            for (id, rels) in &extra.dups {
                let paths = rels.iter().map(|r| given_path(root, r));
                match members.iter_mut().find(|(i, _)| i == id) {
                    Some((_, m)) => m.extend(paths),
                    None => members.push((id.clone(), paths.collect())),
                }
            }
        }
        for (id, mut paths) in members {
            paths.sort();
            let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
            out.extend(crate::library::catalog::duplicate_errors(&id, &refs));
        }
        out
    }

    /// Whether the watcher vouches that nothing changed under any root
    /// since its manifest was found current: each root's token kept, and
    /// the same given now.
    pub fn vouched(&self, tokens: &[Option<String>]) -> bool {
        tokens.len() == self.extras.len()
            && self
                .extras
                .iter()
                .zip(tokens)
                .all(|(e, t)| t.is_some() && e.watch == *t)
    }

    /// Whether every source text the rows read is as it was (they may lie
    /// outside what the watcher watches: they are stat'ed every time).
    pub fn deps_unchanged(&self, roots: &[PathBuf]) -> bool {
        roots.iter().zip(&self.extras).all(|(root, extra)| {
            extra
                .deps
                .iter()
                .all(|(rel, deps)| deps_unchanged(root, rel, Some(deps)))
        })
    }

    /// Keeps each token given before a look that found the manifests
    /// current (read at `version`), for each root that look found clean.
    pub fn keep_tokens(
        &mut self,
        db: &mut Db,
        roots: &[PathBuf],
        tokens: &[Option<String>],
        clean: &[bool],
        version: i64,
    ) {
        for (r, root) in roots.iter().enumerate() {
            let (Some(token), Some(true), Some(extra)) = (
                tokens.get(r).cloned().flatten(),
                clean.get(r).copied(),
                self.extras.get_mut(r),
            ) else {
                continue;
            };
            if extra.watch.as_ref() == Some(&token) {
                continue;
            }
            extra.watch = Some(token);
            let Ok(json) = serde_json::to_string(extra) else {
                return;
            };
            if !db.keep_extra(root, &json, version) {
                return;
            }
        }
    }

    /// Whether the files on disk are exactly the rows kept, with the same
    /// stamps, and every source text they read is unchanged.
    pub fn matches(&self, roots: &[PathBuf], disk: &Disk) -> bool {
        roots.len() == disk.roots.len()
            && self
                .manifests
                .iter()
                .zip(&disk.roots)
                .all(|(m, seen)| same_files(&m.files, seen.iter().map(|s| (disk.rel(s), s.stamp))))
            && self.deps_unchanged(roots)
    }
}

/// Whether `files` (as [`make`] writes them) are `seen`, in the same order.
fn same_files<'a>(mut files: &[u8], seen: impl Iterator<Item = (&'a [u8], Option<Stamp>)>) -> bool {
    for (rel, stamp) in seen {
        let Some(stamp) = stamp else {
            return false;
        };
        let Some((kept, kept_stamp, rest)) = next_file(files) else {
            return false;
        };
        if kept != rel || kept_stamp != stamp {
            return false;
        }
        files = rest;
    }
    files.is_empty()
}

fn next_file(files: &[u8]) -> Option<(&[u8], Stamp, &[u8])> {
    let len = u32::from_le_bytes(files.get(0..4)?.try_into().ok()?) as usize;
    let rel = files.get(4..4 + len)?;
    let tail = files.get(4 + len..4 + len + 16)?;
    let stamp = Stamp {
        size: u64::from_le_bytes(tail[0..8].try_into().ok()?),
        modified_ns: i64::from_le_bytes(tail[8..16].try_into().ok()?),
    };
    Some((rel, stamp, &files[4 + len + 16..]))
}

/// The manifest of the rows under root number `r`, every one of them
/// current (reusable, as the disk has them): `None` if one is not reusable.
/// `token`: the watcher's, given before the look that found them so.
pub fn make(
    rows: &Rows,
    r: usize,
    listed: &[Listed<'_>],
    token: Option<String>,
) -> Option<Manifest> {
    let mut count: foldhash::HashMap<&str, u32> = Default::default();
    for row in rows.roots.iter().flatten() {
        *count.entry(rows.id(row)).or_default() += 1;
    }
    let mut files = Vec::new();
    let mut at = Vec::with_capacity(rows.roots[r].len());
    let mut extra = Extra {
        watch: token,
        ..Extra::default()
    };
    for row in &rows.roots[r] {
        if !row.reusable {
            return None;
        }
        let rel = rows.rel(row);
        files.extend_from_slice(&(rel.len() as u32).to_le_bytes());
        at.push((row.n, files.len()));
        files.extend_from_slice(rel);
        files.extend_from_slice(&row.stamp.size.to_le_bytes());
        files.extend_from_slice(&row.stamp.modified_ns.to_le_bytes());
        if let Some(deps) = &row.deps {
            extra.deps.push((rel.to_vec(), deps.to_string()));
        }
        if count.get(rows.id(row)).is_some_and(|&c| c > 1) {
            match extra.dups.iter_mut().find(|(id, _)| id == rows.id(row)) {
                Some((_, rels)) => rels.push(rel.to_vec()),
                None => extra
                    .dups
                    .push((rows.id(row).to_owned(), vec![rel.to_vec()])),
            }
        }
    }
    at.sort_unstable();
    let mut out = Vec::with_capacity(listed.len() * ENTRY);
    for l in listed.iter().filter(|l| l.root == r) {
        let i = at.binary_search_by_key(&l.n, |(n, _)| *n).ok()?;
        out.extend_from_slice(&l.n.to_le_bytes());
        out.extend_from_slice(&(at[i].1 as u32).to_le_bytes());
        out.extend_from_slice(&(l.rel.len() as u32).to_le_bytes());
    }
    Some(Manifest {
        files,
        listed: out,
        extra: serde_json::to_string(&extra).ok()?,
    })
}
