//! The one duplicate-id policy, applied as files arrive: every file whose id
//! another file uses too gets an error; of them, the first by path is listed
//! (marked as a duplicate) and the others are not. The same whatever order
//! the files arrive in, and whichever command reads the library.

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::index::FileIndex;
use crate::briefing::Diagnostic;

/// What is known of every file: its id, and which files share each id.
/// Files of a shared id are kept whole (as they came, before the policy),
/// so that one leaving the group can give the listing back to another.
#[derive(Debug, Default)]
pub struct Catalog {
    /// Keyed by the path's bytes: hashing and comparing a `Path` walks its
    /// components, which cost more than the rest of listing 100,000 files.
    ids: HashMap<OsString, String>,
    /// The files of each id, sorted by path: a `Vec` (one allocation of one
    /// path for the usual single file) rather than a tree per id.
    groups: HashMap<String, Vec<PathBuf>>,
    held: HashMap<OsString, FileIndex>,
}

impl Catalog {
    /// Files already listed (by an earlier run, from the index) whose
    /// FileIndex can be fetched again if their id turns out to be shared.
    pub fn know(&mut self, path: PathBuf, id: String) {
        let group = self.groups.entry(id.clone()).or_default();
        if group.is_empty() {
            // Exactly one path's room: most ids have one file.
            *group = vec![path.clone()];
        } else if let Err(at) = group.binary_search(&path) {
            group.insert(at, path.clone());
        }
        self.ids.insert(path.into_os_string(), id);
    }

    /// Every file known under `prefix` (a folder that went away), in no order.
    pub fn paths_under(&self, prefix: &Path) -> Vec<PathBuf> {
        self.ids
            .keys()
            .map(Path::new)
            .filter(|p| p.starts_with(prefix))
            .map(Path::to_owned)
            .collect()
    }

    /// Takes in files as they were indexed and gives back what each file
    /// affected shows now, the policy applied. `fetch` gives a known file's
    /// index again (only needed when its id becomes shared).
    /// Costs O(batch) plus the size of the groups of shared ids it touches.
    pub fn apply(
        &mut self,
        files: Vec<(PathBuf, FileIndex)>,
        mut fetch: impl FnMut(&Path) -> FileIndex,
    ) -> Vec<(PathBuf, FileIndex)> {
        let mut out = Vec::with_capacity(files.len());
        let mut touched: HashSet<String> = HashSet::new();
        let mut fresh: HashMap<OsString, FileIndex> = HashMap::new();
        let mut listed = Vec::with_capacity(files.len());
        for (path, idx) in files {
            if let Some(old) = self.ids.remove(path.as_os_str()) {
                if let Some(g) = self.groups.get_mut(&old) {
                    if let Ok(at) = g.binary_search(&path) {
                        g.remove(at);
                    }
                    if g.is_empty() {
                        self.groups.remove(&old);
                    } else {
                        // The others of its old id may be listed differently now.
                        touched.insert(old);
                    }
                }
                self.held.remove(path.as_os_str());
            }
            match idx.listing.as_ref().map(|l| l.id.clone()) {
                Some(id) => {
                    self.know(path.clone(), id);
                    listed.push((path, idx));
                }
                None => out.push((path, idx)),
            }
        }
        // The usual case, an id of one file, goes straight out; a shared id
        // is decided once for the whole group below.
        for (path, idx) in listed {
            let id = &idx.listing.as_ref().expect("listed").id;
            if self.groups.get(id).is_some_and(|g| g.len() == 1) {
                out.push((path, idx));
            } else {
                touched.insert(id.clone());
                fresh.insert(path.into_os_string(), idx);
            }
        }
        for id in touched {
            let Some(group) = self.groups.get(&id) else {
                continue;
            };
            let members: Vec<PathBuf> = group.clone();
            if members.len() == 1 {
                let path = &members[0];
                let idx = fresh
                    .remove(path.as_os_str())
                    .or_else(|| self.held.remove(path.as_os_str()))
                    .unwrap_or_else(|| fetch(path));
                self.held.remove(path.as_os_str());
                out.push((path.clone(), idx));
                continue;
            }
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
    use crate::library::index::Listing;

    fn file(path: &str, id: &str) -> (PathBuf, FileIndex) {
        let listing = Listing {
            path: path.into(),
            root: ".".into(),
            id: id.into(),
            title: path.into(),
            date: "2024".into(),
            shown_date: "2024".into(),
            order: (0, 0),
            priority: crate::briefing::Priority::Normal,
            tags: Vec::new(),
            region: None,
            search: String::new(),
            digest: String::new(),
            duplicate: false,
        };
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
        let mut gone = file("0.toml", "y");
        gone.1.listing.as_mut().unwrap().id = "y".into();
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
    fn a_known_file_is_fetched_when_its_id_becomes_shared() {
        let mut c = Catalog::default();
        c.know("a.toml".into(), "x".into());
        let out = c.apply(vec![file("b.toml", "x")], |p| {
            file(p.to_str().unwrap(), "x").1
        });
        assert_eq!(
            shown(&out),
            [("a.toml".into(), true, 1), ("b.toml".into(), false, 1)]
        );
    }
}
