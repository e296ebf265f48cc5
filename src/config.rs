//! The user's configuration: `$XDG_CONFIG_HOME/brief/config.toml`.
//!
//! ```toml
//! theme = "dark"          # default, mono, light or dark
//! ascii = false
//! mouse = false
//! sort = "priority"       # date, priority or title
//! filter = ["unread"]     # unread, flagged, high, archived
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
    /// Action name → key names, as written.
    #[serde(default)]
    pub keys: BTreeMap<String, Vec<String>>,
    /// Style name → ANSI colour name, as written.
    #[serde(default)]
    pub colors: BTreeMap<String, String>,
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

impl Config {
    /// The reader's options: flags win over the file, and `--no-color` or
    /// `NO_COLOR` (given as `no_color`) over any theme.
    pub fn options(&self, no_color: bool, ascii: bool, mouse: bool) -> crate::tui::app::Options {
        use crate::tui::ui::theme::Palette;
        let theme = self.theme.unwrap_or_default();
        let mut palette = match theme {
            ThemeName::Dark => Palette::dark(),
            ThemeName::Light => Palette::light(),
            ThemeName::Default | ThemeName::Mono => Palette::default(),
        };
        for (style, color) in &self.colors {
            palette.set(style, color);
        }
        crate::tui::app::Options {
            color: !no_color && theme != ThemeName::Mono,
            ascii: ascii || self.ascii.unwrap_or(false),
            mouse: mouse || self.mouse.unwrap_or(false),
            palette,
        }
    }

    pub fn sort(&self) -> crate::tui::app::Sort {
        use crate::tui::app::Sort;
        match self.sort {
            Some(SortName::Priority) => Sort::Priority,
            Some(SortName::Title) => Sort::Title,
            Some(SortName::Date) | None => Sort::Date,
        }
    }

    pub fn filters(&self) -> crate::tui::app::Filters {
        let mut f = crate::tui::app::Filters::default();
        for name in &self.filter {
            match name {
                FilterName::Unread => f.unread = true,
                FilterName::Flagged => f.flagged = true,
                FilterName::High => f.high = true,
                FilterName::Archived => f.archived = true,
            }
        }
        f
    }

    pub fn keymap(&self) -> crate::tui::keymap::Keymap {
        crate::tui::keymap::Keymap::with_overrides(&self.keys)
    }
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
    let config: Config = toml::from_str(text).map_err(|e| {
        vec![Diagnostic {
            location: e.span().map(|s| Location::from_span(text, s)),
            ..Diagnostic::error(path, e.message().trim().replace('\n', "; "))
        }]
    })?;
    let mut errors = Vec::new();
    let at = |key_path: KeyPath, message: String, hint: Option<String>| Diagnostic {
        location: toml_span(text, &key_path, true).map(|s| Location::from_span(text, s)),
        key_path: Some(key_path.to_string()),
        hint,
        ..Diagnostic::error(path, message)
    };
    for (action, keys) in &config.keys {
        let place = KeyPath::root().key("keys").key(action);
        if crate::tui::action::Action::from_name(action).is_none() {
            let names = crate::tui::action::Action::names();
            let hint = crate::briefing::validate::nearest(action, names.iter().map(String::as_str))
                .map(|n| format!("did you mean `{n}`?"));
            errors.push(at(place, format!("unknown action `{action}`"), hint));
            continue;
        }
        for (i, key) in keys.iter().enumerate() {
            if crate::tui::keymap::Key::parse(key).is_none() {
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
