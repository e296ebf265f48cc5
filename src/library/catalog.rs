//! The one duplicate-id policy, applied as files arrive: every file whose id
//! another file uses too gets an error; of them, the first by path is listed
//! (marked as a duplicate) and the others are not. The same whatever order
//! the files arrive in, and whichever command reads the library.

use std::ffi::{OsStr, OsString};
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use super::index::FileIndex;
use crate::briefing::Diagnostic;

/// What is known of every file: its id, and which files share each id.
/// Files of a shared id are kept whole (as they came, before the policy),
/// so that one leaving the group can give the listing back to another.
///
/// Compact, as it knows every file of a library of 100,000: each path and
/// id once (the path by its bytes: hashing a `Path` walks its components),
/// and for the usual id of one file only how many files have an id of its
/// hash. Which files share an id is kept only for shared ids; when an id
/// becomes shared, its files are found by one pass over every file (rare:
/// a duplicate appearing), and a hash shared by two ids only costs that pass.
#[derive(Debug, Default)]
pub struct Catalog {
    ids: HashMap<Box<OsStr>, Box<str>>,
    /// How many files have an id of each hash.
    counts: HashMap<u64, u32>,
    /// The files of each id more than one file has, sorted by path.
    groups: HashMap<Box<str>, Vec<PathBuf>>,
    held: HashMap<OsString, FileIndex>,
    hasher: foldhash::fast::RandomState,
}

impl Catalog {
    /// Room for `n` more files.
    pub fn reserve(&mut self, n: usize) {
        self.ids.reserve(n);
        self.counts.reserve(n);
    }

    /// Files already listed (by an earlier run, from the index) whose
    /// FileIndex can be fetched again if their id turns out to be shared.
    pub fn know(&mut self, path: &Path, id: &str) {
        match self.ids.get(path.as_os_str()) {
            Some(known) if **known == *id => return,
            Some(_) => {
                self.forget(path);
            }
            None => {}
        }
        self.ids.insert(path.as_os_str().into(), id.into());
        *self.counts.entry(self.hasher.hash_one(id)).or_default() += 1;
        if let Some(group) = self.groups.get_mut(id)
            && let Err(at) = group.binary_search_by(|p| p.as_path().cmp(path))
        {
            group.insert(at, path.to_owned());
        }
    }

    /// Forgets a file; the id it had, if it had one.
    fn forget(&mut self, path: &Path) -> Option<Box<str>> {
        let old = self.ids.remove(path.as_os_str())?;
        let h = self.hasher.hash_one(&*old);
        if let Some(n) = self.counts.get_mut(&h) {
            *n -= 1;
            if *n == 0 {
                self.counts.remove(&h);
            }
        }
        if let Some(g) = self.groups.get_mut(&old)
            && let Ok(at) = g.binary_search_by(|p| p.as_path().cmp(path))
        {
            g.remove(at);
        }
        self.held.remove(path.as_os_str());
        Some(old)
    }

    /// How many files it knows.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Every file known under `prefix` (a folder that went away), in no order.
    pub fn paths_under(&self, prefix: &Path) -> Vec<PathBuf> {
        self.ids
            .keys()
            .map(|k| Path::new(&**k))
            .filter(|p| p.starts_with(prefix))
            .map(Path::to_owned)
            .collect()
    }

    /// Takes in files as they were indexed and gives back what each file
    /// affected shows now, the policy applied. `fetch` gives a known file's
    /// index again (only needed when its id becomes shared).
    /// Costs O(batch) plus the size of the groups of shared ids it touches,
    /// plus one pass over every file known when an id becomes shared.
    pub fn apply(
        &mut self,
        files: Vec<(PathBuf, FileIndex)>,
        mut fetch: impl FnMut(&Path) -> FileIndex,
    ) -> Vec<(PathBuf, FileIndex)> {
        let mut out = Vec::with_capacity(files.len());
        let mut touched: HashSet<Box<str>> = HashSet::new();
        let mut fresh: HashMap<OsString, FileIndex> = HashMap::new();
        let mut listed = Vec::with_capacity(files.len());
        for (path, idx) in files {
            // The others of its old id may be listed differently now.
            if let Some(old) = self.forget(&path)
                && self.groups.contains_key(&old)
            {
                touched.insert(old);
            }
            match idx.listing.as_ref() {
                Some(l) => {
                    self.know(&path, l.id());
                    listed.push((path, idx));
                }
                None => out.push((path, idx)),
            }
        }
        // The usual case, an id of one file, goes straight out; a shared id
        // is decided once for the whole group below.
        let mut newly: HashSet<Box<str>> = HashSet::new();
        for (path, idx) in listed {
            let id = idx.listing.as_ref().expect("listed").id();
            let shared = self.groups.contains_key(id);
            if !shared && self.counts.get(&self.hasher.hash_one(id)) == Some(&1) {
                out.push((path, idx));
                continue;
            }
            if !shared {
                newly.insert(id.into());
            }
            touched.insert(id.into());
            fresh.insert(path.into_os_string(), idx);
        }
        if !newly.is_empty() {
            // Ids that became shared (or share a hash only): their files.
            for (path, id) in &self.ids {
                if newly.contains(id) {
                    self.groups
                        .entry(id.clone())
                        .or_default()
                        .push(PathBuf::from(&**path));
                }
            }
            for id in &newly {
                if let Some(g) = self.groups.get_mut(id) {
                    g.sort();
                }
            }
        }
        for id in touched {
            let members = match self.groups.get(&id) {
                Some(g) if g.len() > 1 => g.clone(),
                Some(_) | None => {
                    // One file left with this id (or none): listed as it is.
                    let one = self.groups.remove(&id).unwrap_or_default();
                    for path in one {
                        let idx = fresh
                            .remove(path.as_os_str())
                            .or_else(|| self.held.remove(path.as_os_str()))
                            .unwrap_or_else(|| fetch(&path));
                        out.push((path, idx));
                    }
                    continue;
                }
            };
            let paths: Vec<&Path> = members.iter().map(PathBuf::as_path).collect();
            let errors = duplicate_errors(&id, &paths);
            for (i, (path, error)) in members.iter().zip(errors).enumerate() {
                let idx = match fresh.remove(path.as_os_str()) {
                    Some(idx) => idx,
                    None => match self.held.get(path.as_os_str()) {
                        Some(idx) => idx.clone(),
                        None => fetch(path),
                    },
                };
                self.held.insert(path.clone().into_os_string(), idx.clone());
                let mut shown = idx;
                shown.diagnostics.push(error);
                if i == 0 {
                    if let Some(l) = shown.listing.as_mut() {
                        l.duplicate = true;
                    }
                } else {
                    shown.listing = None;
                }
                out.push((path.clone(), shown));
            }
        }
        // Anything taken in and not yet given back (an id of one file that
        // only shared its hash) goes out as it came.
        out.extend(fresh.into_iter().map(|(p, idx)| (PathBuf::from(p), idx)));
        out
    }
}

/// The error each file of a shared id gets, in the order given (by path):
/// the first is the one listed.
pub fn duplicate_errors(id: &str, members: &[&Path]) -> Vec<Diagnostic> {
    let error = |file: &Path, message: String| Diagnostic {
        key_path: Some("id".into()),
        ..Diagnostic::error(file, message)
    };
    let others = members.len() - 1;
    let first = members[0];
    let mut out = Vec::with_capacity(members.len());
    let also = if others == 1 {
        format!("{} uses it too", members[1].display())
    } else {
        format!(
            "{} and {} other files use it too",
            members[1].display(),
            others - 1
        )
    };
    out.push(error(
        first,
        format!("duplicate briefing id {id:?}: {also}; this file, the first by path, is listed"),
    ));
    for m in &members[1..] {
        out.push(error(
            m,
            format!(
                "duplicate briefing id {id:?}: {} uses it too and is listed; this file is not",
                first.display()
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::index::{Listing, Parts};

    fn file(path: &str, id: &str) -> (PathBuf, FileIndex) {
        let listing = Listing::new(
            path.into(),
            Path::new("."),
            Parts {
                id,
                title: path,
                date: "2024",
                shown_date: "2024",
                order: (0, 0),
                priority: crate::briefing::Priority::Normal,
                tags: "",
                region: None,
                search: "",
                digest: "",
            },
        );
        (
            path.into(),
            FileIndex {
                listing: Some(listing),
                diagnostics: Vec::new(),
            },
        )
    }

    fn shown(out: &[(PathBuf, FileIndex)]) -> Vec<(String, bool, usize)> {
        let mut v: Vec<_> = out
            .iter()
            .map(|(p, f)| {
                (
                    p.display().to_string(),
                    f.listing.is_some(),
                    f.diagnostics.len(),
                )
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn the_first_by_path_is_listed_whatever_the_order_of_arrival() {
        let mut c = Catalog::default();
        let out = c.apply(
            vec![file("b.toml", "x"), file("a.toml", "x")],
            |_| unreachable!(),
        );
        assert_eq!(
            shown(&out),
            [("a.toml".into(), true, 1), ("b.toml".into(), false, 1)]
        );
        // A third arrives later, before both by path: it takes the row.
        let out = c.apply(vec![file("0.toml", "x")], |_| unreachable!());
        assert_eq!(
            shown(&out),
            [
                ("0.toml".into(), true, 1),
                ("a.toml".into(), false, 1),
                ("b.toml".into(), false, 1)
            ]
        );
        // One leaves the id: the others stay duplicates; then another
        // leaves, and the last is listed with no error.
        let gone = file("0.toml", "y");
        let out = c.apply(vec![gone], |_| unreachable!());
        assert_eq!(
            shown(&out),
            [
                ("0.toml".into(), true, 0),
                ("a.toml".into(), true, 1),
                ("b.toml".into(), false, 1)
            ]
        );
        let out = c.apply(
            vec![("a.toml".into(), FileIndex::default())],
            |_| unreachable!(),
        );
        assert_eq!(
            shown(&out),
            [("a.toml".into(), false, 0), ("b.toml".into(), true, 0)]
        );
    }

    #[test]
    fn an_id_that_only_shares_a_hash_with_another_is_not_a_duplicate() {
        let mut c = Catalog::default();
        c.know(Path::new("a.toml"), "x");
        // As if "x" and "y" hashed alike: a file of "y" is looked into.
        let h = c.hasher.hash_one("y");
        c.counts.insert(h, 1);
        let out = c.apply(vec![file("b.toml", "y")], |_| unreachable!());
        assert_eq!(shown(&out), [("b.toml".into(), true, 0)]);
        assert!(c.groups.is_empty());
        // A real duplicate of "x" still is one.
        let out = c.apply(vec![file("c.toml", "x")], |p| {
            file(p.to_str().unwrap(), "x").1
        });
        assert_eq!(
            shown(&out),
            [("a.toml".into(), true, 1), ("c.toml".into(), false, 1)]
        );
    }

    #[test]
    fn a_known_file_is_fetched_when_its_id_becomes_shared() {
        let mut c = Catalog::default();
        c.know(Path::new("a.toml"), "x");
        let out = c.apply(vec![file("b.toml", "x")], |p| {
            file(p.to_str().unwrap(), "x").1
        });
        assert_eq!(
            shown(&out),
            [("a.toml".into(), true, 1), ("b.toml".into(), false, 1)]
        );
    }
}
