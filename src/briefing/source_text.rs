//! A source's `text_file`, read only from inside the library.

use std::path::{Component, Path, PathBuf};

use crate::fs::read_limited;

/// Reads a source's `text_file`, refusing any path that leaves the library:
/// first by its words alone (so `../../etc/passwd` is never opened), then,
/// after resolving links, by where it really is.
pub fn read_source_text(base: &Path, library_root: &Path, file: &str) -> Result<String, String> {
    let outside =
        || format!("text_file {file:?} lies outside the library directory; it was not read");
    let rel = Path::new(file);
    if file.is_empty() || rel.is_absolute() || rel.has_root() {
        return Err(format!(
            "text_file {file:?} must be a path relative to the briefing file"
        ));
    }
    // A bare file name's parent is the empty path, which `absolute` refuses: it means ".".
    let here = |p: &Path| {
        if p.as_os_str().is_empty() {
            std::path::absolute(".")
        } else {
            std::path::absolute(p)
        }
    };
    let (Ok(base), Ok(root)) = (here(base), here(library_root)) else {
        return Err(format!(
            "text_file {file:?}: cannot resolve the library directory"
        ));
    };
    let wanted = normalize(&base.join(rel)).ok_or_else(outside)?;
    let root = normalize(&root).ok_or_else(outside)?;
    if !wanted.starts_with(&root) {
        return Err(outside());
    }
    let real = wanted
        .canonicalize()
        .map_err(|e| format!("text_file {file:?} cannot be read: {e}"))?;
    let real_root = root.canonicalize().unwrap_or(root);
    if !real.starts_with(&real_root) {
        return Err(outside());
    }
    let bytes = read_limited(&real).map_err(|e| format!("text_file {file:?}: {e}"))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "text_file {file:?} is not valid UTF-8 (first bad byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Resolves `.` and `..` by the words of the path alone; `None` if `..`
/// climbs above the root.
fn normalize(p: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                if !out.pop() || out.as_os_str().is_empty() {
                    return None;
                }
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Some(out)
}
