//! The briefings compiled into the binary, so `brief` shows something useful
//! on any machine, even where no `briefings/` folder exists. They are one
//! more source of the library pipeline: their root is [`ROOT`].

use std::path::{Path, PathBuf};

use crate::briefing::{Briefing, Diagnostic, Syntax, load_str};

/// The root the built-in briefings are listed under.
pub const ROOT: &str = "(built in)";

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

/// The library every command reads when none is named: `./briefings` if
/// it exists, else the built-in briefings (one more source of the same
/// pipeline, so `list`, `mark`, `diff`, `search`, `check` and the reader
/// see the same briefings wherever they run).
pub fn default_roots() -> Vec<PathBuf> {
    let here = PathBuf::from("briefings");
    if here.exists() {
        vec![here]
    } else {
        vec![PathBuf::from(ROOT)]
    }
}

/// Where each built-in briefing is listed.
pub fn paths() -> Vec<PathBuf> {
    SHIPPED
        .iter()
        .map(|s| Path::new(ROOT).join(s.name))
        .collect()
}

/// The built-in briefing listed at `path`, loaded; `None` if `path` names none.
pub fn load(path: &Path) -> Option<(Option<Briefing>, Vec<Diagnostic>)> {
    let shipped = SHIPPED
        .iter()
        .find(|s| path.starts_with(ROOT) && path.file_name() == Some(s.name.as_ref()))?;
    let mut read = |file: &str| {
        shipped
            .sources
            .iter()
            .find(|(p, _)| *p == file)
            .map(|(_, t)| (*t).to_owned())
            .ok_or_else(|| format!("text_file {file:?} is not built in"))
    };
    Some(load_str(path, shipped.text, Syntax::Toml, &mut read))
}

/// The built-in briefing shown at `path`, in full.
pub fn find(path: &Path) -> Option<Briefing> {
    load(path)?.0
}
