use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use brief::cli::{self, Cli, Command, Outcome};
use brief::library;
use brief::tui::{self, Exit, app::App};

fn main() -> ExitCode {
    let args = match Cli::try_parse() {
        Ok(args) => args,
        Err(e) => return cli::parse_error(&e),
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut err = io::stderr();
    let result = match &args.command {
        Some(Command::Check(a)) => cli::check::run(a, args.read_only, &mut out),
        Some(Command::Search(a)) => {
            cli::search::run(a, args.read_only, args.config.as_deref(), &mut out)
        }
        Some(Command::Watch(a)) => cli::watch::run(a),
        Some(Command::Show(a)) => cli::show::run(a, &mut out, &mut err),
        Some(Command::List(a)) => match args.store() {
            Ok(store) => cli::list::run(a, &store, &mut out),
            Err(e) => Ok(cli::mark::refused(&e)),
        },
        Some(Command::Mark(a)) => match args.store() {
            Ok(mut store) => cli::mark::run(a, &mut store, &mut out),
            Err(e) => Ok(cli::mark::refused(&e)),
        },
        Some(Command::Diff(a)) => cli::diff::run(a, &args, &mut out),
        Some(Command::Draft(a)) => cli::draft::run(a, &mut out, &mut err),
        Some(Command::Doctor) => cli::doctor::run(&args, reader_config_check, &mut out),
        Some(Command::Schema) => cli::schema::run(&mut out),
        Some(Command::Completions { shell }) => cli::completions::run_completions(*shell, &mut out),
        Some(Command::Man) => cli::completions::run_man(&mut out),
        None => {
            drop(out);
            return reader(&args);
        }
    };
    let result = result.and_then(|o| out.flush().map(|()| o));
    finish(result)
}

fn finish(result: io::Result<Outcome>) -> ExitCode {
    match result {
        Ok(outcome) => ExitCode::from(outcome.code()),
        // The reader of our output went away (`brief show x | head -1`): not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(io::stderr(), "brief: {e}");
            ExitCode::from(Outcome::Failure.code())
        }
    }
}

/// `brief [PATH]...`: the reader on a terminal, plain lines otherwise.
fn reader(args: &Cli) -> ExitCode {
    let explicit = !args.paths.is_empty();
    let paths = if explicit {
        args.paths.clone()
    } else {
        cli::default_paths()
    };
    // With no folder named and no ./briefings, the built-in briefings: one
    // more source of the same pipeline.
    let built_in = !explicit && !paths[0].exists();
    let roots = if built_in {
        vec![PathBuf::from(library::embedded::ROOT)]
    } else {
        paths
    };
    let single_file = matches!(roots.as_slice(), [one] if one.is_file());
    // A broken configuration is reported even when printing, so it is found early.
    let config = match &args.config {
        Some(path) => brief::config::load(path, true),
        None => brief::config::default_path()
            .map_or(Ok(Default::default()), |p| brief::config::load(&p, false)),
    };
    // The key map too: a key on two actions is the file's mistake, told
    // before the terminal is touched.
    let config = config.and_then(|c| tui::settings::keymap(&c).map(|keys| (c, keys)));
    let (config, keymap) = match config {
        Ok(c) => c,
        Err(errors) => {
            for d in &errors {
                eprint!("{}", d.render());
            }
            return ExitCode::from(Outcome::Failure.code());
        }
    };
    if !io::stdout().is_terminal() {
        let mut out = io::BufWriter::new(io::stdout().lock());
        let result = print(&roots, single_file, args.read_only, &mut out)
            .and_then(|o| out.flush().map(|()| o));
        return finish(result);
    }
    if let Some(missing) = roots.iter().find(|p| explicit && !p.exists()) {
        eprintln!(
            "brief: {}: no such file or folder",
            brief::text::path(missing)
        );
        return ExitCode::from(Outcome::Failure.code());
    }
    // The first frame shows the library as the index last saw it; the files
    // are then checked in the background and the list updated in place. A
    // single file and the built-in briefings are checked before it.
    let checked = single_file || built_in;
    // One file: read and checked once, here, for both its row and its first
    // frame (the reader's first read of it takes this one); the loader only
    // follows it afterwards. One that does not load goes through the library,
    // which lists why.
    let single = single_file.then(|| roots[0].clone());
    let preloaded = single.as_ref().and_then(|path| {
        let root = library::walk::library_root(path);
        // A large file takes a while: say so at once, not a blank screen.
        let note = tui::opening::starting(path);
        let preload = tui::worker::preload(path, &root);
        tui::opening::started(note);
        let (b, warnings) = preload.ok()?;
        Some(library::index::Batch {
            files: vec![(
                path.clone(),
                library::index::FileIndex {
                    listing: Some(library::index::Listing::of(path, &root, &b)),
                    diagnostics: warnings,
                },
            )],
            ..Default::default()
        })
    });
    // With no index file yet there is no row to show from it: the files'
    // heads are read meanwhile, and the index is made (several fsyncs) on a
    // thread of its own after the first frame. The built-in briefings, or
    // a file that did not load, are checked before it, in the index.
    let cold = library::watch::starts_cold(args.read_only);
    let later = cold && !built_in && (!single_file || preloaded.is_some());
    let heads =
        (cold && !single_file && !built_in).then(|| library::watch::Live::start_heads(&roots));
    let read_only = args.read_only;
    let session = move |db| {
        let (mut live, listed) = library::watch::Live::open(roots, db);
        if let Some(heads) = heads {
            live.with_heads(heads);
        }
        (live, listed)
    };
    let (opened, listed) = if later {
        (Opened::Later(session), Default::default())
    } else {
        let (live, listed) = session(library::db::for_session(read_only));
        (Opened::Now(Box::new(live)), listed)
    };
    let no_color = args.no_color || std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let options = tui::settings::options(&config, no_color, args.ascii, args.mouse);
    let store = match args.store() {
        Ok(store) => store,
        Err(e) => return ExitCode::from(cli::mark::refused(&e).code()),
    };
    let mut app = App::with_store(
        listed.listings,
        listed.diagnostics,
        store,
        options,
        ratatui::layout::Rect::new(0, 0, 80, 24),
    );
    app.keymap = keymap;
    app.set_view(
        tui::settings::sort(&config),
        tui::settings::filters(&config),
    );
    let preloaded = match preloaded {
        Some(batch) => {
            app.apply_batch(batch);
            true
        }
        None => false,
    };
    let library = match opened {
        Opened::Now(mut live) => {
            if checked && !preloaded {
                live.refresh(&mut |batch| {
                    app.apply_batch(batch);
                    true
                });
            } else {
                // The first rows are the index's; the rest, and the check of
                // every file, arrive from the loader.
                app.loading = Some((0, 0));
            }
            let messages = live.messages();
            if !messages.is_empty() {
                app.message = Some(messages.join("; "));
            }
            tui::terminal::Library::Open(Box::new(tui::loader::Loader {
                live: *live,
                checked,
            }))
        }
        Opened::Later(session) => {
            app.loading = Some((0, 0));
            tui::terminal::Library::Later {
                open: Box::new(move || tui::loader::Loader {
                    live: session(library::db::Db::memory()).0,
                    checked,
                }),
                index: Box::new(move || library::db::for_session(read_only)),
            }
        }
    };
    if single_file {
        app.open_first();
    }
    match tui::terminal::run(app, Some(library)) {
        Ok(Exit::Quit) | Ok(Exit::Closed) => ExitCode::SUCCESS,
        Ok(Exit::Unsaved) => ExitCode::from(Outcome::Failure.code()),
        Ok(Exit::Signal(sig)) => ExitCode::from(128u8.saturating_add(sig as u8)),
        Err(e) => {
            eprintln!("brief: {}", brief::text::for_stderr(&e.to_string()));
            ExitCode::from(Outcome::Failure.code())
        }
    }
}

/// The library of a reader's start: opened before the first frame, or how
/// to open it after.
enum Opened<F> {
    Now(Box<library::watch::Live>),
    Later(F),
}

/// Without a terminal to draw on: one briefing printed whole, or one line per briefing.
fn print(
    roots: &[PathBuf],
    single_file: bool,
    read_only: bool,
    out: &mut dyn Write,
) -> io::Result<Outcome> {
    if single_file {
        let show = cli::ShowArgs {
            file: roots[0].clone(),
            section: None,
            format: cli::ShowFormat::Text,
            width: None,
        };
        return cli::show::run(&show, out, &mut io::stderr());
    }
    let mut db = library::db::for_session(read_only);
    let lib = library::list(roots, &mut db);
    for m in &db.messages {
        eprintln!("brief: {m}");
    }
    for l in &lib.listings {
        writeln!(
            out,
            "{}\t{}\t{}\t{}",
            l.date(),
            l.priority.label(),
            l.id(),
            brief::text::sanitize_line(l.title())
        )?;
    }
    if lib.failed_files() > 0 {
        eprintln!(
            "brief: {} could not be loaded; `brief check` says why",
            brief::text::plural(lib.failed_files(), "file")
        );
    }
    Ok(if lib.io_failures() > 0 {
        Outcome::Failure
    } else {
        Outcome::Ok
    })
}

/// The reader's own check of a configuration (its key map), for `brief doctor`.
fn reader_config_check(
    config: &brief::config::Config,
) -> Result<(), Vec<brief::briefing::Diagnostic>> {
    tui::settings::keymap(config).map(|_| ())
}
