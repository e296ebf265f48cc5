//! `brief mark`: the same changes the reader's keys make, for scripts.

use std::io::{self, Write};

use super::{MarkArgs, Outcome, default_paths};
use crate::library::{self, state::Mark, state::Store};

pub fn run(args: &MarkArgs, store: &mut Store, out: &mut dyn Write) -> io::Result<Outcome> {
    let paths = if args.library.is_empty() {
        default_paths()
    } else {
        args.library.clone()
    };
    let lib = library::load(&paths);
    let mut outcome = Outcome::Ok;
    for id in &args.ids {
        let Some(entry) = lib.entries.iter().find(|e| &e.briefing.id == id) else {
            let places: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            eprintln!("brief: no briefing with id {id:?} in {}", places.join(", "));
            outcome = Outcome::Problems;
            continue;
        };
        let mark = if args.read {
            Mark::read(&entry.briefing)
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
        if let Err(e) = store.apply(mark) {
            eprintln!("brief: {e}");
            return Ok(Outcome::Failure);
        }
        writeln!(out, "{id}: {}", describe(args))?;
    }
    for w in &store.warnings {
        eprintln!("brief: {w}");
    }
    if store.read_only() {
        eprintln!("brief: --read-only: nothing was written");
    }
    Ok(outcome)
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
