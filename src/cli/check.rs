//! `brief check`: every diagnostic of every file, and an exit status scripts can trust.

use std::io::{self, Write};

use serde::Serialize;

use super::{CheckArgs, CheckFormat, Outcome, default_paths};
use crate::briefing::Diagnostic;
use crate::library;

#[derive(Serialize)]
struct Report<'a> {
    files: usize,
    valid: usize,
    errors: usize,
    warnings: usize,
    diagnostics: &'a [Diagnostic],
}

pub fn run(args: &CheckArgs, out: &mut dyn Write) -> io::Result<Outcome> {
    let paths = if args.paths.is_empty() {
        default_paths()
    } else {
        args.paths.clone()
    };
    let lib = library::load(&paths);
    match args.format {
        CheckFormat::Json => {
            let report = Report {
                files: lib.files,
                valid: lib.entries.len(),
                errors: lib.errors(),
                warnings: lib.warnings(),
                diagnostics: &lib.diagnostics,
            };
            // C1, DEL, bidi and line separators escaped (issue 12).
            out.write_all(crate::text::to_json_pretty(&report)?.as_bytes())?;
        }
        CheckFormat::Text => {
            for d in &lib.diagnostics {
                write!(out, "{}", d.render())?;
            }
            writeln!(
                out,
                "checked {}: {} valid, {}, {}",
                plural(lib.files, "file"),
                lib.entries.len(),
                plural(lib.errors(), "error"),
                plural(lib.warnings(), "warning"),
            )?;
        }
    }
    Ok(if lib.io_failures() > 0 {
        Outcome::Failure
    } else if lib.errors() > 0 || (args.strict && lib.warnings() > 0) {
        Outcome::Problems
    } else {
        Outcome::Ok
    })
}

/// Moved to [`crate::text::plural`]; kept here for callers not yet switched.
pub use crate::text::plural;
