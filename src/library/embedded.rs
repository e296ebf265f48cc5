//! The briefings compiled into the binary, so `brief` shows something useful
//! on any machine, even where no `briefings/` folder exists.

use std::path::{Path, PathBuf};

use super::{Entry, Library, sort_newest_first};
use crate::briefing::{Syntax, load_str};

struct Shipped {
    name: &'static str,
    text: &'static str,
    /// Source texts by the relative path the briefing's `text_file` gives.
    sources: &'static [(&'static str, &'static str)],
}

const SHIPPED: &[Shipped] = &[Shipped {
    name: "2023-09-19-karabakh-offensive.toml",
    text: include_str!("../../briefings/2023-09-19-karabakh-offensive.toml"),
    sources: &[(
        "sources/2023-09-19-karabakh-offensive.fr.txt",
        include_str!("../../briefings/sources/2023-09-19-karabakh-offensive.fr.txt"),
    )],
}];

/// The built-in briefing shown at `path` (as [`load`] names them), in full.
pub fn find(path: &Path) -> Option<crate::briefing::Briefing> {
    if !path.starts_with("(built in)") {
        return None;
    }
    load()
        .entries
        .into_iter()
        .find(|e| e.path == path)
        .map(|e| e.briefing)
}

pub fn load() -> Library {
    let mut lib = Library::default();
    for Shipped {
        name,
        text,
        sources,
    } in SHIPPED
    {
        lib.files += 1;
        let path = PathBuf::from(format!("(built in)/{name}"));
        let mut read = |file: &str| {
            sources
                .iter()
                .find(|(p, _)| *p == file)
                .map(|(_, t)| (*t).to_owned())
                .ok_or_else(|| format!("text_file {file:?} is not built in"))
        };
        let (briefing, diagnostics) = load_str(Path::new(&path), text, Syntax::Toml, &mut read);
        lib.diagnostics.extend(diagnostics);
        if let Some(briefing) = briefing {
            lib.entries.push(Entry {
                root: PathBuf::from("(built in)"),
                path,
                briefing,
            });
        }
    }
    sort_newest_first(&mut lib.entries);
    lib
}
