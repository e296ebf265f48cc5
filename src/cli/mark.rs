//! `brief mark`: the same changes the reader's keys make, for scripts.

use std::io::{self, Write};

use super::{MarkArgs, Outcome, default_paths};
use crate::library::{db, state::Mark, state::Store};

pub fn run(args: &MarkArgs, store: &mut Store, out: &mut dyn Write) -> io::Result<Outcome> {
    let paths = if args.library.is_empty() {
        default_paths()
    } else {
        args.library.clone()
    };
    let listings = crate::library::list(&paths, &mut db::for_session(store.read_only())).listings;
    let mut outcome = Outcome::Ok;
    for id in &args.ids {
        let Some(listing) = listings.iter().find(|l| &l.id == id) else {
            let places: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            eprintln!("brief: no briefing with id {id:?} in {}", places.join(", "));
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
