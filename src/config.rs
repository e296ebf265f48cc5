//! The user's configuration: `$XDG_CONFIG_HOME/brief/config.toml`.
//!
//! ```toml
//! theme = "dark"          # default, mono, light or dark
//! ascii = false
//! mouse = false
//! sort = "priority"       # date, priority or title
//! filter = ["unread"]     # unread, flagged, high, archived
//! watch = false           # true: `brief search` starts `brief watch` when needed
//!
//! [keys]                  # action = keys; replaces that action's keys
//! next_pane = ["tab", "ctrl-n"]
//! quit = ["q"]
//!
//! [colors]                # any of the 16 ANSI colour names
//! number = "magenta"
//! ```
//!
//! Mistakes are reported like `brief check` reports them: file, line, column.
//!
//! Plain data only: names of actions, keys, styles and colours as the file
//! writes them. The reader turns them into its key map and palette
//! (`tui::settings`); `brief doctor` only reports on them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::briefing::diagnostic::{Diagnostic, KeyPath, Location};
use crate::briefing::locate::toml_span;

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub theme: Option<ThemeName>,
    pub ascii: Option<bool>,
    pub mouse: Option<bool>,
    pub sort: Option<SortName>,
    #[serde(default)]
    pub filter: Vec<FilterName>,
    /// Whether `brief search` may start a watcher (`brief watch`) in the
    /// background when none runs: never unless asked, as git's fsmonitor.
    pub watch: Option<bool>,
    /// Action name → key names, as written.
    #[serde(default)]
    pub keys: BTreeMap<String, Vec<String>>,
    /// Style name → ANSI colour name, as written.
    #[serde(default)]
    pub colors: BTreeMap<String, String>,
    /// The file and its text, to place errors found later (key conflicts,
    /// which need the reader's default keys) at their line.
    #[serde(skip)]
    pub origin: Origin,
}

/// Where a configuration was read from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Origin {
    pub path: PathBuf,
    pub text: String,
}

/// The keys a configuration file may not leave without a key: without
/// them a user cannot leave the reader, a box, or learn the keys.
pub const ESSENTIAL_ACTIONS: &[&str] = &["quit", "back", "help"];

impl Config {
    /// An error at `[keys] action` (or at its `index`th key), as the
    /// file's line shows it.
    pub fn key_error(
        &self,
        action: &str,
        index: Option<usize>,
        message: String,
        hint: Option<String>,
    ) -> Diagnostic {
        let text = &self.origin.text;
        let place = KeyPath::root().key("keys").key(action);
        let (place, at_key) = match index {
            Some(i) => (place.index(i), false),
            None => (place, true),
        };
        Diagnostic {
            location: toml_span(text, &place, at_key).map(|s| Location::from_span(text, s)),
            key_path: Some(place.to_string()),
            hint,
            ..Diagnostic::error(&self.origin.path, message)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ThemeName {
    #[default]
    Default,
    Mono,
    Light,
    Dark,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortName {
    Date,
    Priority,
    Title,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FilterName {
    Unread,
    Flagged,
    High,
    Archived,
}

/// The colour names a configuration may use: the 16 ANSI colours.
pub const COLOR_NAMES: &[&str] = &[
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "gray",
    "darkgray",
    "lightred",
    "lightgreen",
    "lightyellow",
    "lightblue",
    "lightmagenta",
    "lightcyan",
    "white",
];

/// The styles whose colour a configuration may set.
pub const STYLE_NAMES: &[&str] = &[
    "accent",
    "date",
    "number",
    "statement",
    "marker",
    "dispute",
    "quote",
    "hit",
];

/// Every action a configuration may bind, by the name it uses. The reader
/// maps each to its own action (and a test there keeps the two lists equal).
pub const ACTION_NAMES: &[&str] = &[
    "quit",
    "back",
    "help",
    "suspend",
    "down",
    "up",
    "half_page_down",
    "half_page_up",
    "top",
    "bottom",
    "open",
    "search",
    "next_pane",
    "prev_pane",
    "focus_summary",
    "focus_actors",
    "focus_timeline",
    "focus_figures",
    "focus_sources",
    "next_match",
    "prev_match",
    "prev_briefing",
    "next_briefing",
    "next_change",
    "next_unread",
    "prev_change",
    "toggle_redline",
    "copy",
    "copy_url",
    "toggle_read",
    "toggle_flag",
    "toggle_archive",
    "mark_all_read",
    "filter_unread",
    "filter_flagged",
    "filter_priority",
    "show_archived",
    "cycle_sort",
    "show_errors",
    "confirm",
];

/// A key as a configuration file names it, as plain data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyName {
    pub key: NamedKey,
    pub ctrl: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamedKey {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    Backspace,
}

/// A key as a configuration file writes it: `j`, `G`, `ctrl-d`,
/// `shift-tab`, `pgdn`, `enter`, `space`.
pub fn parse_key(name: &str) -> Option<KeyName> {
    use NamedKey::*;
    let lower = name.to_ascii_lowercase();
    let (ctrl, rest) = match lower
        .strip_prefix("ctrl-")
        .or_else(|| lower.strip_prefix("c-"))
    {
        Some(rest) if !rest.is_empty() => (true, rest),
        _ => (false, lower.as_str()),
    };
    let key = match rest {
        "enter" | "return" => Enter,
        "esc" | "escape" => Esc,
        "tab" => Tab,
        "shift-tab" | "backtab" => BackTab,
        "up" => Up,
        "down" => Down,
        "left" => Left,
        "right" => Right,
        "pgup" | "pageup" => PageUp,
        "pgdn" | "pagedown" => PageDown,
        "home" => Home,
        "end" => End,
        "space" => Char(' '),
        "backspace" => Backspace,
        _ => {
            // One character, as written (so "G" stays upper case).
            let original = if ctrl {
                &name[name.len() - rest.len()..]
            } else {
                name
            };
            let mut chars = original.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if !c.is_control() => {
                    Char(if ctrl { c.to_ascii_lowercase() } else { c })
                }
                _ => return None,
            }
        }
    };
    Some(KeyName { key, ctrl })
}

/// Where the configuration lives unless `--config` says otherwise.
pub fn default_path() -> Option<PathBuf> {
    crate::paths::config_file()
}

/// Reads a configuration file. A missing file at the default place is an
/// empty configuration; one named with `--config` must exist.
pub fn load(path: &Path, must_exist: bool) -> Result<Config, Vec<Diagnostic>> {
    if !must_exist && !path.exists() {
        return Ok(Config::default());
    }
    // Through the same door as briefings: a regular file of sane size only,
    // so a FIFO or a device named by mistake can never hang the reader.
    let bytes = crate::briefing::load::read_limited(path).map_err(|why| {
        vec![Diagnostic::error(
            path,
            format!("cannot read the configuration: {why}"),
        )]
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        vec![Diagnostic::error(
            path,
            "the configuration is not valid UTF-8",
        )]
    })?;
    parse(path, &text)
}

/// Parses configuration text; `validate_keys` checks what serde cannot
/// (action and key names), each error at its line.
pub fn parse(path: &Path, text: &str) -> Result<Config, Vec<Diagnostic>> {
    let mut config: Config = toml::from_str(text).map_err(|e| {
        vec![Diagnostic {
            location: e.span().map(|s| Location::from_span(text, s)),
            ..Diagnostic::error(path, e.message().trim().replace('\n', "; "))
        }]
    })?;
    config.origin = Origin {
        path: path.to_owned(),
        text: text.to_owned(),
    };
    let mut errors = Vec::new();
    let at = |key_path: KeyPath, message: String, hint: Option<String>| Diagnostic {
        location: toml_span(text, &key_path, true).map(|s| Location::from_span(text, s)),
        key_path: Some(key_path.to_string()),
        hint,
        ..Diagnostic::error(path, message)
    };
    for (action, keys) in &config.keys {
        let place = KeyPath::root().key("keys").key(action);
        if !ACTION_NAMES.contains(&action.as_str()) {
            let hint = crate::briefing::validate::nearest(action, ACTION_NAMES.iter().copied())
                .map(|n| format!("did you mean `{n}`?"));
            errors.push(at(place, format!("unknown action `{action}`"), hint));
            continue;
        }
        if keys.is_empty() && ESSENTIAL_ACTIONS.contains(&action.as_str()) {
            errors.push(at(
                place,
                format!("`{action}` needs at least one key"),
                Some(
                    match action.as_str() {
                        "quit" => "Ctrl-C always quits, but quit needs a key of its own; remove the line to keep q",
                        "back" => "without one no box could be closed and no search cleared; remove the line to keep Esc",
                        _ => "without one the keys could not be looked up; remove the line to keep ?",
                    }
                    .to_owned(),
                ),
            ));
            continue;
        }
        for (i, key) in keys.iter().enumerate() {
            if parse_key(key).is_none() {
                let mut d = at(
                    place.index(i),
                    format!("unknown key {key:?}"),
                    Some("keys are written like \"j\", \"ctrl-d\", \"shift-tab\", \"pgdn\", \"enter\"".into()),
                );
                d.location =
                    toml_span(text, &place.index(i), false).map(|s| Location::from_span(text, s));
                errors.push(d);
            }
        }
    }
    for (style, color) in &config.colors {
        let place = KeyPath::root().key("colors").key(style);
        if !STYLE_NAMES.contains(&style.as_str()) {
            let hint = crate::briefing::validate::nearest(style, STYLE_NAMES.iter().copied())
                .map(|n| format!("did you mean `{n}`?"));
            errors.push(at(place, format!("unknown style `{style}`"), hint));
        } else if !COLOR_NAMES.contains(&color.to_lowercase().as_str()) {
            let mut d = at(
                place.clone(),
                format!("unknown colour {color:?}"),
                Some(format!("one of: {}", COLOR_NAMES.join(", "))),
            );
            d.location = toml_span(text, &place, false).map(|s| Location::from_span(text, s));
            errors.push(d);
        }
    }
    if errors.is_empty() {
        Ok(config)
    } else {
        Err(errors)
    }
}
