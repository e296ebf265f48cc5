//! `brief mark`: the same changes the reader's keys make, for scripts.
//!
//! Every id is looked up and its mark made first; then all of them are
//! written in one batch (one lock, one merge, one write), so 4,000 ids cost
//! one write, not 4,000. A lock held by another brief is not waited for
//! past a deadline: nothing is written and the command exits 2 saying so.

use std::collections::HashMap;
use std::io::{self, Write};

use super::{MarkArgs, Outcome, default_paths};
use crate::library::db;
use crate::library::index::Listing;
use crate::library::state::{Mark, StateError, Store};

pub fn run(args: &MarkArgs, store: &mut Store, out: &mut dyn Write) -> io::Result<Outcome> {
    // Marking is writing: read-only or with no state file, the command
    // cannot do what it is for, which is an error (exit 2), said before
    // anything is looked up. A state file this brief must not write (a
    // newer brief's) is named as the reason, not the read-only it causes.
    if let Some(e) = store.refusal() {
        return Ok(refused(e));
    }
    if store.read_only() {
        eprintln!("brief: --read-only: cannot mark, nothing was written");
        return Ok(Outcome::Failure);
    }
    if store.path().is_none() {
        eprintln!(
            "brief: no state file (no HOME or XDG_STATE_HOME; --state FILE names one): \
             cannot mark, nothing was written"
        );
        return Ok(Outcome::Failure);
    }
    let paths = if args.library.is_empty() {
        default_paths()
    } else {
        args.library.clone()
    };
    let listings = crate::library::list(&paths, &mut db::for_session(store.read_only())).listings;
    // The first listing of an id is the one marked, as the reader shows it.
    let mut by_id: HashMap<&str, &Listing> = HashMap::with_capacity(listings.len());
    for l in &listings {
        by_id.entry(l.id()).or_insert(l);
    }
    let mut outcome = Outcome::Ok;
    let mut marks = Vec::with_capacity(args.ids.len());
    let mut marked = Vec::with_capacity(args.ids.len());
    for id in &args.ids {
        let Some(listing) = by_id.get(id.as_str()) else {
            let places: Vec<String> = paths.iter().map(|p| crate::text::path(p)).collect();
            eprintln!(
                "brief: no briefing with id \"{}\" in {}",
                crate::text::for_stderr(id),
                places.join(", ")
            );
            outcome = Outcome::Problems;
            continue;
        };
        let mark = if args.read {
            // Reading remembers every part, so the briefing is read in full.
            match listing.load() {
                Ok(b) => Mark::read(&b),
                Err(diagnostics) => {
                    for d in &diagnostics {
                        eprint!("{}", d.render());
                    }
                    outcome = Outcome::Problems;
                    continue;
                }
            }
        } else if args.unread {
            Mark::Unread { id: id.clone() }
        } else if args.flag || args.unflag {
            Mark::Flag {
                id: id.clone(),
                on: args.flag,
            }
        } else {
            Mark::Archive {
                id: id.clone(),
                on: args.archive,
            }
        };
        marks.push(mark);
        marked.push(id);
    }
    if !marks.is_empty()
        && let Err(e) = store.apply_all(marks)
    {
        for w in &store.warnings {
            eprintln!("brief: {}", crate::text::for_stderr(w));
        }
        return Ok(refused(&e));
    }
    for id in marked {
        writeln!(out, "{id}: {}", describe(args))?;
    }
    for w in &store.warnings {
        eprintln!("brief: {}", crate::text::for_stderr(w));
    }
    Ok(outcome)
}

/// Says on stderr why the state could not be used, and what to do; the
/// command then exits 2. Used by every command that opens the state.
pub fn refused(e: &StateError) -> Outcome {
    match e {
        StateError::LockHeld { .. } => eprintln!(
            "brief: {}; nothing was written: run the command again once the other brief \
             is done (`fuser -v` on the lock file shows which process holds it)",
            crate::text::for_stderr(&e.to_string())
        ),
        _ => eprintln!("brief: {}", crate::text::for_stderr(&e.to_string())),
    }
    Outcome::Failure
}

fn describe(args: &MarkArgs) -> &'static str {
    match (args.read, args.unread, args.flag, args.unflag, args.archive) {
        (true, ..) => "read",
        (_, true, ..) => "unread",
        (_, _, true, ..) => "flagged",
        (_, _, _, true, _) => "unflagged",
        (.., true) => "archived",
        _ => "restored",
    }
}
