//! The duplicate-id policy over the index's rows: which rows the library
//! lists, and the error each file of a duplicated id is given.

use std::path::{Path, PathBuf};

use foldhash::{HashMap, HashMapExt};

use crate::library::db::given_path;
use crate::library::fresh::Rows;

/// A row the library lists under one of the roots: its number, which
/// root, and its path inside it.
#[derive(Debug, Clone, Copy)]
pub struct Listed<'a> {
    pub n: i64,
    pub root: usize,
    pub rel: &'a [u8],
}

/// The rows the library lists, by row number: of several files with one id
/// under the roots, only the first by path (the duplicate-id policy); and
/// the error the library gives each file of a duplicated id.
pub fn listed<'a>(
    roots: &[PathBuf],
    rows: &'a Rows,
) -> (Vec<Listed<'a>>, Vec<crate::briefing::Diagnostic>) {
    let all = rows;
    let total = all.roots.iter().map(Vec::len).sum();
    let mut count: HashMap<&str, u32> = HashMap::with_capacity(total);
    for row in all.roots.iter().flatten() {
        *count.entry(all.id(row)).or_default() += 1;
    }
    // Each duplicated id's paths (few: each one is an error shown).
    let mut members: HashMap<&str, Vec<PathBuf>> = HashMap::new();
    if count.len() < total {
        for (r, rows) in all.roots.iter().enumerate() {
            for row in rows.iter().filter(|row| count[all.id(row)] > 1) {
                let path = given_path(&roots[r], all.rel(row));
                members.entry(all.id(row)).or_default().push(path);
            }
        }
    }
    let mut errors = Vec::new();
    let mut first: HashMap<&str, &Path> = HashMap::with_capacity(members.len());
    for (id, paths) in &mut members {
        paths.sort();
        let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
        errors.extend(crate::library::catalog::duplicate_errors(id, &refs));
        first.insert(id, &paths[0]);
    }
    let mut out = Vec::with_capacity(total);
    for (r, rows) in all.roots.iter().enumerate() {
        for row in rows {
            let shown = first.is_empty()
                || first
                    .get(all.id(row))
                    .is_none_or(|p| *p == given_path(&roots[r], all.rel(row)));
            if shown {
                out.push(Listed {
                    n: row.n,
                    root: r,
                    rel: all.rel(row),
                });
            }
        }
    }
    out.sort_unstable_by_key(|l| l.n);
    (out, errors)
}
