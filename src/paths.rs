//! Where brief keeps its files by default, after the XDG Base Directory
//! specification: the one place that reads `XDG_*_HOME` and `HOME`.
//!
//! | kind   | variable          | when unset or empty | file                       |
//! |--------|-------------------|---------------------|----------------------------|
//! | state  | `XDG_STATE_HOME`  | `~/.local/state`    | `brief/state.json`         |
//! | cache  | `XDG_CACHE_HOME`  | `~/.cache`          | `brief/<name>`             |
//! | config | `XDG_CONFIG_HOME` | `~/.config`         | `brief/config.toml`        |
//!
//! Each returns `None` when neither the variable nor `HOME` is set: there is
//! then no default place, and the caller says so.

use std::ffi::OsString;
use std::path::PathBuf;

/// One of the three XDG base folders brief uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    State,
    Cache,
    Config,
}

impl Base {
    /// The environment variable naming the folder.
    pub fn variable(self) -> &'static str {
        match self {
            Base::State => "XDG_STATE_HOME",
            Base::Cache => "XDG_CACHE_HOME",
            Base::Config => "XDG_CONFIG_HOME",
        }
    }

    /// The folder under `HOME` when the variable is unset or empty.
    pub fn under_home(self) -> &'static str {
        match self {
            Base::State => ".local/state",
            Base::Cache => ".cache",
            Base::Config => ".config",
        }
    }
}

/// `<base>/brief/<file>` from the process environment.
pub fn brief_file(base: Base, file: &str) -> Option<PathBuf> {
    brief_file_in(base, file, |name| std::env::var_os(name))
}

/// [`brief_file`] with the environment given, for callers (such as
/// `brief doctor`) that look at an environment other than their own.
pub fn brief_file_in(
    base: Base,
    file: &str,
    var: impl Fn(&str) -> Option<OsString>,
) -> Option<PathBuf> {
    let dir = var(base.variable())
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| var("HOME").map(|h| PathBuf::from(h).join(base.under_home())))?;
    Some(dir.join("brief").join(file))
}

/// The triage state: `$XDG_STATE_HOME/brief/state.json`.
pub fn state_file() -> Option<PathBuf> {
    brief_file(Base::State, "state.json")
}

/// The configuration: `$XDG_CONFIG_HOME/brief/config.toml`.
pub fn config_file() -> Option<PathBuf> {
    brief_file(Base::Config, "config.toml")
}

/// A cache file: `$XDG_CACHE_HOME/brief/<name>`.
pub fn cache_file(name: &str) -> Option<PathBuf> {
    brief_file(Base::Cache, name)
}

/// `$XDG_RUNTIME_DIR` (the user's own folder for sockets, kept while they
/// are logged in), when set to an absolute path; no fallback, by the
/// specification's rule that a program without one makes no socket.
pub fn runtime_dir() -> Option<PathBuf> {
    std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| OsString::from(v))
        }
    }

    #[test]
    fn the_variable_wins_then_home_then_nothing() {
        let both = env(&[("XDG_STATE_HOME", "/x/state"), ("HOME", "/home/ana")]);
        assert_eq!(
            brief_file_in(Base::State, "state.json", &both),
            Some(PathBuf::from("/x/state/brief/state.json"))
        );
        let empty = env(&[("XDG_CACHE_HOME", ""), ("HOME", "/home/ana")]);
        assert_eq!(
            brief_file_in(Base::Cache, "index-v1.json", &empty),
            Some(PathBuf::from("/home/ana/.cache/brief/index-v1.json"))
        );
        let home = env(&[("HOME", "/home/ana")]);
        assert_eq!(
            brief_file_in(Base::Config, "config.toml", &home),
            Some(PathBuf::from("/home/ana/.config/brief/config.toml"))
        );
        assert_eq!(brief_file_in(Base::State, "state.json", env(&[])), None);
    }
}
