//! Finding briefing files: one rule for what is a briefing file, one for
//! links, one for folders that cannot be read. Nothing found is hidden by
//! anything that could not be read: each such place is one error, named with
//! its cause, and the walk goes on.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use super::embedded;
use crate::briefing::{Diagnostic, Syntax};

/// A briefing file and the library folder its source texts must stay inside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub path: PathBuf,
    /// Shared by every file of one root given.
    pub root: Arc<Path>,
    /// Which of the roots given it was found under.
    pub from: usize,
}

/// Whether the library under `root` holds `path` as a briefing: a `.toml`
/// or `.json` file (not a `.schema.json` kept for editors) with no hidden
/// (dot) folder or file between the root and it.
pub fn is_briefing(root: &Path, path: &Path) -> bool {
    let inside = path.strip_prefix(root).unwrap_or(path);
    Syntax::of(path).is_some()
        && !is_schema(path)
        && !inside
            .components()
            .any(|c| matches!(c, Component::Normal(n) if n.to_string_lossy().starts_with('.')))
}

/// The briefing rule for a file's name alone (no folder between).
fn briefing_name(name: &std::ffi::OsStr) -> bool {
    let path = Path::new(name);
    Syntax::of(path).is_some() && !is_schema(path) && !name.as_encoded_bytes().starts_with(b".")
}

fn is_schema(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().ends_with(".schema.json"))
}

/// The folder source texts must stay inside: a directory given is its own
/// library root; a file given alone belongs to the library enclosing it
/// ([`enclosing_library`]), or has its own folder as root.
pub fn library_root(root: &Path) -> PathBuf {
    if root.is_dir() || root == Path::new(embedded::ROOT) {
        root.to_owned()
    } else {
        let folder = root
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        enclosing_library(folder).unwrap_or_else(|| folder.to_owned())
    }
}

/// For a file named alone, in `folder`: the library that holds its source
/// texts, the nearest folder at most two levels above its own holding a
/// `sources` folder (`lib/2023/k.toml`, `lib/2023/09/k.toml` with
/// `lib/sources/`), so that naming the file judges `text_file =
/// "../sources/x.txt"` as naming `lib` does. A function of where the file is
/// (never of the working directory: the index keys a lone file's verdict by
/// its path), and never the home folder, a folder above it, or `/`, so a
/// downloaded file is never given the home folder as its library. `None`:
/// its own folder is its library, as before.
fn enclosing_library(folder: &Path) -> Option<PathBuf> {
    let lexical = |p: &Path| -> Option<PathBuf> {
        let mut out = PathBuf::new();
        for c in std::path::absolute(p).ok()?.components() {
            match c {
                Component::ParentDir => {
                    out.pop();
                }
                Component::CurDir => {}
                other => out.push(other),
            }
        }
        Some(out)
    };
    let home = std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .and_then(|h| lexical(Path::new(&h)));
    let here = lexical(folder)?;
    for above in here.ancestors().skip(1).take(2) {
        if above.parent().is_none() || home.as_deref().is_some_and(|h| h.starts_with(above)) {
            return None;
        }
        if above.join("sources").is_dir() {
            return Some(above.to_owned());
        }
    }
    None
}

/// Every briefing file under every root, each root's files in path order,
/// and one error for each place that could not be read.
pub fn find(roots: &[PathBuf]) -> (Vec<Found>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let problems = find_each(roots, &mut |f| found.push(f));
    (found, problems)
}

/// [`find`], each file given to `each` as soon as it is found (in the same
/// order), so that reading can begin before the walk ends.
pub fn find_each(roots: &[PathBuf], each: &mut dyn FnMut(Found)) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    // A file under two of the roots given is read once. (With one root
    // there is nothing to compare: hashing a `Path` walks its components,
    // which cost more than the rest of the walk.)
    let mut seen = std::collections::HashSet::new();
    for (from, root) in roots.iter().enumerate() {
        let library_root: Arc<Path> = library_root(root).into();
        let errors = find_in_each(root, &mut |path| {
            if roots.len() == 1 || seen.insert(path.clone()) {
                each(Found {
                    path,
                    root: library_root.clone(),
                    from,
                });
            }
        });
        problems.extend(errors);
    }
    problems
}

/// The briefing files under one root (the root itself if it is a file),
/// sorted by path, with an error for each folder or link that was refused.
pub fn find_in(root: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let problems = find_in_each(root, &mut |path| files.push(path));
    (files, problems)
}

/// [`find_in`], each file given to `each` as soon as it is found.
fn find_in_each(root: &Path, each: &mut dyn FnMut(PathBuf)) -> Vec<Diagnostic> {
    if root == Path::new(embedded::ROOT) {
        embedded::paths().into_iter().for_each(each);
        return Vec::new();
    }
    let meta = match std::fs::metadata(root) {
        Ok(m) => m,
        Err(e) => return vec![io_error(root, format!("cannot open: {e}"))],
    };
    if !meta.is_dir() {
        // A file named on its own is read whatever its name; loading it says
        // if it is not a briefing. A link is read only to a file inside the
        // folder it is in, as in a library.
        // (A link to a device or a FIFO is refused as such when read.)
        let is_link = std::fs::symlink_metadata(root).is_ok_and(|m| m.file_type().is_symlink());
        if is_link
            && meta.is_file()
            && let Err(why) = crate::fs::within_root(root, &library_root(root))
        {
            return vec![Diagnostic::error(root, why)];
        }
        each(root.to_owned());
        return Vec::new();
    }
    let mut problems = Vec::new();
    let walk = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk {
        let e = match entry {
            Ok(e) => e,
            Err(e) => {
                // An unreadable folder is one error; walkdir goes on past it.
                let path = e.path().unwrap_or(root).to_owned();
                let why = e
                    .io_error()
                    .map_or_else(|| e.to_string(), ToString::to_string);
                problems.push(io_error(&path, format!("cannot list this folder: {why}")));
                continue;
            }
        };
        let kind = e.file_type();
        // No hidden folder or file is walked into (above), so of the
        // briefing rule only the file's own name is left to look at.
        if kind.is_dir() || !briefing_name(e.file_name()) {
            continue;
        }
        if kind.is_symlink() {
            // A link is followed only to a file inside the library; the
            // target of one that leads out is never named nor read.
            match crate::fs::within_root(e.path(), root) {
                Ok(real) if real.is_dir() => continue,
                Ok(_) => each(e.into_path()),
                Err(why) => problems.push(Diagnostic::error(e.path(), why)),
            }
            continue;
        }
        // A FIFO or a device with a briefing's name is kept: reading it
        // refuses it with a message, rather than passing over it in silence.
        each(e.into_path());
    }
    problems
}

/// Whether a file seen changing under `root` is read as a briefing: the
/// walk's rules for one file (`None`: not a briefing file of this root).
pub fn admit(root: &Path, path: &Path) -> Option<Result<(), Diagnostic>> {
    if root.is_file() {
        return (path == root).then_some(Ok(()));
    }
    if !path.starts_with(root) || !is_briefing(root, path) {
        return None;
    }
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => match crate::fs::within_root(path, root) {
            Ok(real) if real.is_dir() => None,
            Ok(_) => Some(Ok(())),
            Err(why) => Some(Err(Diagnostic::error(path, why))),
        },
        Ok(m) if m.is_dir() => None,
        _ => Some(Ok(())),
    }
}

fn io_error(path: &Path, message: String) -> Diagnostic {
    Diagnostic {
        io_failure: true,
        ..Diagnostic::error(path, message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_briefing_rule() {
        let root = Path::new("lib");
        assert!(is_briefing(root, Path::new("lib/a.toml")));
        assert!(is_briefing(root, Path::new("lib/sub/a.JSON")));
        assert!(!is_briefing(root, Path::new("lib/a.schema.json")));
        assert!(!is_briefing(root, Path::new("lib/.git/a.toml")));
        assert!(!is_briefing(root, Path::new("lib/.a.toml")));
        assert!(!is_briefing(root, Path::new("lib/notes.txt")));
        // A dot in the root's own name is not hidden.
        assert!(is_briefing(Path::new(".lib"), Path::new(".lib/a.toml")));
    }

    #[test]
    fn a_link_inside_is_read_and_one_leading_out_is_an_error_naming_the_link() {
        let dir = tempfile::tempdir().unwrap();
        let lib = dir.path().join("lib");
        std::fs::create_dir(&lib).unwrap();
        std::fs::write(lib.join("a.toml"), "").unwrap();
        std::fs::write(dir.path().join("secret.toml"), "").unwrap();
        std::os::unix::fs::symlink(lib.join("a.toml"), lib.join("b.toml")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.toml"), lib.join("c.toml")).unwrap();
        let (files, problems) = find_in(&lib);
        assert_eq!(files, vec![lib.join("a.toml"), lib.join("b.toml")]);
        // Named on its own, the link out is refused the same way.
        let (alone, refused) = find_in(&lib.join("c.toml"));
        assert!(alone.is_empty() && refused.len() == 1, "{refused:?}");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].file, lib.join("c.toml"));
        assert!(!problems[0].message.contains("secret"), "{:?}", problems[0]);
    }
}
