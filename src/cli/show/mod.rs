//! `brief show`: a briefing as plain text, Markdown, JSON or HTML on standard output.
//! Never touches the terminal mode, so it is safe in pipes and scripts.

use std::io::{self, IsTerminal, Write};

use super::{Outcome, Section, ShowArgs, ShowFormat};
use crate::briefing::Briefing;
use crate::briefing::validate::to_raw;
use crate::text;

mod markdown;
mod plain;

pub use markdown::markdown;
pub use plain::{attribution_facts, header_facts, text};

pub fn run(args: &ShowArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Outcome> {
    // The same reading as every command: the built-in briefings by name,
    // a file with its folder as the library its source texts stay inside.
    let (briefing, diagnostics) = crate::library::load_one(&args.file);
    let Some(briefing) = briefing else {
        for d in &diagnostics {
            write!(err, "{}", d.render())?;
        }
        let io = diagnostics.iter().any(|d| d.io_failure);
        return Ok(if io {
            Outcome::Failure
        } else {
            Outcome::Problems
        });
    };
    let width = args.width.map_or_else(terminal_width, usize::from).max(20);
    let text = match args.format {
        ShowFormat::Text => text(&briefing, args.section, width),
        ShowFormat::Markdown => markdown(&briefing, args.section),
        ShowFormat::Json => json(&briefing, args.section),
        ShowFormat::Html => super::html::html(&briefing, args.section),
    };
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(Outcome::Ok)
}

/// The width to wrap at: the terminal's when stdout is one, else 80.
fn terminal_width() -> usize {
    if io::stdout().is_terminal() {
        crossterm::terminal::size().map_or(80, |(w, _)| usize::from(w))
    } else {
        80
    }
}

pub(crate) fn sections(only: Option<Section>) -> Vec<Section> {
    match only {
        Some(s) => vec![s],
        None => vec![
            Section::Summary,
            Section::Actors,
            Section::Timeline,
            Section::Figures,
            Section::Sources,
        ],
    }
}

/// The briefing as format-1 JSON (the whole file, or one section's value).
pub fn json(b: &Briefing, only: Option<Section>) -> String {
    let value = serde_json::to_value(to_raw(b)).expect("briefings serialize");
    let value = match only {
        None => value,
        Some(s) => {
            let key = match s {
                Section::Summary => "summary",
                Section::Actors => "actors",
                Section::Timeline => "timeline",
                Section::Figures => "figures",
                Section::Sources => "sources",
            };
            value
                .get(key)
                .cloned()
                .unwrap_or(serde_json::Value::Array(Vec::new()))
        }
    };
    // C1 controls, DEL, bidi and line separators as `\u` escapes: the same
    // value, but inert when the JSON is printed on a terminal.
    text::to_json_pretty(&value).expect("JSON values serialize")
}
