//! `brief search`: the briefings whose text holds the words asked for, best
//! first, each with the passage that matched.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{CheckFormat, Outcome, SearchArgs, default_paths};
use crate::library::{self, db};
use crate::text::sanitize_line;

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    title: &'a str,
    path: String,
    /// The passage that matched, each match between `[` and `]`.
    snippet: &'a str,
    score: f64,
}

pub fn run(
    args: &SearchArgs,
    read_only: bool,
    config: Option<&Path>,
    out: &mut dyn Write,
) -> io::Result<Outcome> {
    let paths = if !args.paths.is_empty() {
        args.paths.clone()
    } else if default_paths()[0].exists() {
        default_paths()
    } else {
        vec![PathBuf::from(library::embedded::ROOT)]
    };
    // What is found is what is on disk now: the files are looked at (a stat
    // of each), from before the index is opened, while it is searched; if
    // it is not current it is brought up to date first (only changed files
    // are read). Only briefings the library lists are found (not a second
    // file with a duplicated id). A watcher, if one runs, may vouch that
    // nothing changed since a look found the index current: then there is
    // no look.
    let looking = looking(&paths, args.watch, read_only, config);
    let mut db = db::for_session(read_only);
    let query = library::search::typed(&args.query, false);
    let searched = looking.search(&mut db, &query, args.limit);
    for m in &db.messages {
        eprintln!("brief: {m}");
    }
    let problems = searched.problems;
    let (hits, matched) = match searched.found {
        Ok(f) => (f.hits, f.matched),
        Err(db::SearchError::Query(why)) => {
            eprintln!(
                "brief: {:?} is not a search brief understands: {}\n\
                 brief: words, \"a phrase\", prefix*, AND, OR, NOT, NEAR(a b), title:word; see docs/search.md",
                sanitize_line(&args.query),
                sanitize_line(&why)
            );
            return Ok(Outcome::Failure);
        }
        Err(db::SearchError::Database(why)) => {
            eprintln!(
                "brief: the index could not be searched: {}",
                sanitize_line(&why)
            );
            return Ok(Outcome::Failure);
        }
    };
    match args.format {
        CheckFormat::Json => {
            let rows: Vec<Row> = hits
                .iter()
                .map(|h| Row {
                    id: &h.id,
                    title: &h.title,
                    path: h.path.display().to_string(),
                    snippet: &h.snippet,
                    score: h.score,
                })
                .collect();
            // Every character a terminal could act on as `\u`, as the other
            // commands' JSON has it.
            out.write_all(crate::text::to_json_pretty(&rows)?.as_bytes())?;
        }
        CheckFormat::Text => {
            for h in &hits {
                writeln!(
                    out,
                    "{}\t{}\t{}\n    {}",
                    sanitize_line(&h.id),
                    sanitize_line(&h.title),
                    sanitize_line(&h.path.display().to_string()),
                    sanitize_line(&h.snippet.split_whitespace().collect::<Vec<_>>().join(" "))
                )?;
            }
        }
    }
    // Nothing hidden: what could not be searched is named after the hits.
    let unread = unsearched(&problems);
    if !hits.is_empty() && matched > hits.len() {
        eprintln!(
            "brief: the best {} of {matched} matching briefings; --limit {matched} shows them all",
            hits.len()
        );
    }
    if hits.is_empty() {
        if matched == 0 {
            eprintln!(
                "brief: no briefing matches {:?}",
                sanitize_line(&args.query)
            );
        } else {
            eprintln!("brief: {matched} matching briefings, none shown with --limit 0");
        }
        return Ok(if unread {
            Outcome::Failure
        } else {
            Outcome::Problems
        });
    }
    Ok(if unread {
        Outcome::Failure
    } else {
        Outcome::Ok
    })
}

/// The look at `paths`, with a watcher's tokens if one answers. Where none
/// does and the user asked for one (`--watch`, or `watch = true` in the
/// configuration), `brief watch` is started in the background for the next
/// search (this one looks, as without one); why none can be is said.
fn looking(
    paths: &[PathBuf],
    watch: bool,
    read_only: bool,
    config: Option<&Path>,
) -> library::fresh::Looking {
    use library::watcher::{Asked, ask};
    // Read-only, the index is in memory: no manifest to vouch for, and
    // nothing started.
    if read_only
        || paths
            .iter()
            .any(|p| p == Path::new(library::embedded::ROOT))
    {
        return library::fresh::begin(paths);
    }
    let asked = ask(paths);
    if let Asked::Tokens(tokens) = asked {
        return library::fresh::begin_with(paths, tokens);
    }
    let looking = library::fresh::begin(paths);
    // The configuration read only where it matters.
    let wanted = || watch || configured(config);
    match asked {
        Asked::Nobody if wanted() => start_watcher(),
        Asked::Refused(why) if wanted() => {
            eprintln!("brief: {}", crate::text::for_stderr(&why))
        }
        _ => {}
    }
    looking
}

/// Whether the configuration says `watch = true`; a configuration that
/// does not load is said to be broken (its errors are the reader's and
/// `brief doctor`'s to show) and read as without it.
fn configured(path: Option<&Path>) -> bool {
    let loaded = match path {
        Some(p) => crate::config::load(p, true),
        None => match crate::config::default_path() {
            Some(p) => crate::config::load(&p, false),
            None => return false,
        },
    };
    match loaded {
        Ok(c) => c.watch == Some(true),
        Err(errors) => {
            if let Some(d) = errors.first() {
                eprintln!(
                    "brief: {}: the configuration has errors (`brief doctor` shows them); \
                     its watch setting is not read",
                    crate::text::path(&d.file)
                );
            }
            false
        }
    }
}

/// `brief watch --detached`, in a session of its own, its output nowhere,
/// never waited for (it ends by itself when idle).
fn start_watcher() {
    use std::process::{Command, Stdio};
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let _ = Command::new(exe)
        .args(["watch", "--detached"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
}

/// At most this many places are named one by one; `brief check` names
/// them all.
const NAMED: usize = 10;

/// Says on stderr what could not be searched: each file or place once, with
/// the first error it gave (as `brief list` words it), at most [`NAMED`] of
/// them and then how many more. Whether a place could not be read (a folder,
/// a FIFO, a device: exit status 2, as `brief list` and `brief check`).
fn unsearched(problems: &[crate::briefing::Diagnostic]) -> bool {
    let mut places: Vec<&crate::briefing::Diagnostic> = Vec::new();
    for d in problems {
        if places.last().is_none_or(|p| p.file != d.file) {
            places.push(d);
        }
    }
    for d in places.iter().take(NAMED) {
        eprintln!("{}", d.headline());
    }
    if places.len() > NAMED {
        eprintln!(
            "brief: {} more places could not be searched; brief check names them all",
            places.len() - NAMED
        );
    }
    problems.iter().any(|d| d.io_failure)
}
