//! The configuration's plain data made into the reader's own types: its
//! options and palette, key map, order and filters.

use super::app::Options;
use super::keymap::Keymap;
use super::model::{Filters, Sort};
use super::theme::Palette;
use crate::config::{Config, FilterName, SortName, ThemeName};

/// The reader's options: flags win over the file, and `--no-color` or
/// `NO_COLOR` (given as `no_color`) over any theme.
pub fn options(config: &Config, no_color: bool, ascii: bool, mouse: bool) -> Options {
    let theme = config.theme.unwrap_or_default();
    let mut palette = match theme {
        ThemeName::Dark => Palette::dark(),
        ThemeName::Light => Palette::light(),
        ThemeName::Default | ThemeName::Mono => Palette::default(),
    };
    for (style, color) in &config.colors {
        palette.set(style, color);
    }
    Options {
        color: !no_color && theme != ThemeName::Mono,
        ascii: ascii || config.ascii.unwrap_or(false),
        mouse: mouse || config.mouse.unwrap_or(false),
        palette,
    }
}

pub fn sort(config: &Config) -> Sort {
    match config.sort {
        Some(SortName::Priority) => Sort::Priority,
        Some(SortName::Title) => Sort::Title,
        Some(SortName::Date) | None => Sort::Date,
    }
}

pub fn filters(config: &Config) -> Filters {
    let mut f = Filters::default();
    for name in &config.filter {
        match name {
            FilterName::Unread => f.unread = true,
            FilterName::Flagged => f.flagged = true,
            FilterName::High => f.high = true,
            FilterName::Archived => f.archived = true,
        }
    }
    f
}

/// The key map, or why the configuration's keys cannot be used (each
/// error at its line).
pub fn keymap(config: &Config) -> Result<Keymap, Vec<crate::briefing::Diagnostic>> {
    Keymap::from_config(config)
}
