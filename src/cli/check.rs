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

pub fn run(args: &CheckArgs, read_only: bool, out: &mut dyn Write) -> io::Result<Outcome> {
    let paths = if args.paths.is_empty() {
        default_paths()
    } else {
        args.paths.clone()
    };
    // Files with any diagnostic are read again every time, so the index
    // only spares re-reading files that were clean and have not changed.
    let mut db = library::db::for_session(read_only);
    let lib = library::list(&paths, &mut db);
    for m in &db.messages {
        eprintln!("brief: {m}");
    }
    match args.format {
        CheckFormat::Json => {
            let report = Report {
                files: lib.files,
                valid: lib.listings.len(),
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
                lib.listings.len(),
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
