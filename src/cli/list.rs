//! `brief list`: the library and each briefing's triage state, for scripts.

use std::io::{self, Write};

use serde::Serialize;

use super::{CheckFormat, ListArgs, Outcome, default_paths};
use crate::library::index::Listing;
use crate::library::state::{State, changed_of};
use crate::library::{db, state::ReadState, state::Store};
use crate::text::sanitize_line;

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    title: &'a str,
    date: String,
    priority: &'a str,
    state: ReadState,
    flagged: bool,
    archived: bool,
    path: String,
    /// For an updated briefing: the parts changed since it was read
    /// (`summary`, `actor:<id>`, `timeline:<n>`, `figure:<n>`,
    /// `source:<id>`), from the index; absent where that is not known (it
    /// was marked read without being opened, or is not updated).
    #[serde(skip_serializing_if = "Option::is_none")]
    changed: Option<Vec<String>>,
}

pub fn run(args: &ListArgs, store: &Store, out: &mut dyn Write) -> io::Result<Outcome> {
    let paths = if args.paths.is_empty() {
        default_paths()
    } else {
        args.paths.clone()
    };
    let mut db = db::for_session(store.read_only());
    let lib = crate::library::list(&paths, &mut db);
    for m in &db.messages {
        eprintln!("brief: {m}");
    }
    let rows: Vec<Row> = lib
        .listings
        .iter()
        .map(|l| {
            let state = store.state.read_state_of(&l.id, &l.digest);
            let changed = (state == ReadState::Updated && args.format == CheckFormat::Json)
                .then(|| changed_since_read(&db, &paths, &store.state, l))
                .flatten();
            Row {
                id: &l.id,
                title: &l.title,
                date: l.date.clone(),
                priority: l.priority.label(),
                state,
                flagged: store.state.flagged(&l.id),
                archived: store.state.archived(&l.id),
                path: l.path.display().to_string(),
                changed,
            }
        })
        .filter(|r| !args.unread || r.state != ReadState::Read)
        .filter(|r| !args.flagged || r.flagged)
        .collect();
    match args.format {
        CheckFormat::Json => {
            // C1, DEL, bidi and line separators escaped (issue 12).
            out.write_all(crate::text::to_json_pretty(&rows)?.as_bytes())?;
        }
        CheckFormat::Text => {
            for r in &rows {
                let state = match r.state {
                    ReadState::New => "new",
                    ReadState::Read => "read",
                    ReadState::Updated => "updated",
                };
                let flags = format!(
                    "{}{}",
                    if r.flagged { "F" } else { "-" },
                    if r.archived { "A" } else { "-" }
                );
                writeln!(
                    out,
                    "{state:<8} {flags} {:<10} {:<8} {}\t{}",
                    r.date,
                    r.priority,
                    r.id,
                    sanitize_line(r.title)
                )?;
            }
        }
    }
    for w in &store.warnings {
        eprintln!("brief: {}", crate::text::for_stderr(w));
    }
    // Nothing hidden: every error (a duplicated id, a file that does not
    // load, a folder that cannot be read) is said, one line each.
    for d in lib.diagnostics.iter().filter(|d| d.is_error()) {
        eprintln!("{}", d.headline());
    }
    Ok(if lib.io_failures() > 0 {
        Outcome::Failure
    } else if lib.errors() > 0 || (rows.is_empty() && (args.unread || args.flagged)) {
        Outcome::Problems
    } else {
        Outcome::Ok
    })
}

/// The parts of a listed briefing changed since it was read, from the
/// parts the index keeps and those its read record has.
fn changed_since_read(
    db: &db::Db,
    roots: &[std::path::PathBuf],
    state: &State,
    l: &Listing,
) -> Option<Vec<String>> {
    let record = state.record(&l.id).filter(|r| !r.parts.is_empty())?;
    let root = roots.iter().find(|r| l.path.starts_with(r))?;
    let parts = db.parts(root, &l.path)?;
    Some(changed_of(parts, record))
}
