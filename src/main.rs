use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use brief::cli::{self, Cli, Command, Outcome};
use brief::library::{self, Library};
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
        Some(Command::Check(a)) => cli::check::run(a, &mut out),
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
        Some(Command::Doctor) => cli::doctor::run(&args, &mut out),
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
    let single_file = matches!(paths.as_slice(), [one] if one.is_file());
    // A broken configuration is reported even when printing, so it is found early.
    let config = match &args.config {
        Some(path) => brief::config::load(path, true),
        None => brief::config::default_path()
            .map_or(Ok(Default::default()), |p| brief::config::load(&p, false)),
    };
    let config = match config {
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
        let result =
            print(&paths, single_file, explicit, &mut out).and_then(|o| out.flush().map(|()| o));
        return finish(result);
    }
    if let Some(missing) = paths.iter().find(|p| explicit && !p.exists()) {
        eprintln!(
            "brief: {}: no such file or folder",
            brief::text::path(missing)
        );
        return ExitCode::from(Outcome::Failure.code());
    }
    // The built-in briefings and a single file are there at once; a library
    // is indexed while the first frame is already on screen.
    // The built-in briefings and a single file are there at once, and so is
    // a small library, indexed before the first frame; a large one is
    // indexed while the first frame is already on screen.
    use brief::library::index;
    let cache = index::Cache::default_path().filter(|_| !args.read_only);
    let (listings, diagnostics, loader) = if !explicit && !paths[0].exists() || single_file {
        let lib = load(&paths, explicit);
        (lib.listings(), lib.diagnostics, None)
    } else if index::at_most(&paths, index::SMALL) {
        // A few files parse faster than a cache is read and written.
        let (listings, diagnostics) = index::listings(&paths, &mut index::Cache::none());
        let watch = tui::loader::Loader {
            roots: paths.clone(),
            cache: None,
            index_first: false,
        };
        (listings, diagnostics, Some(watch))
    } else {
        let load = tui::loader::Loader {
            roots: paths.clone(),
            cache,
            index_first: true,
        };
        (Vec::new(), Vec::new(), Some(load))
    };
    let no_color = args.no_color || std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let options = tui::settings::options(&config, no_color, args.ascii, args.mouse);
    let store = match args.store() {
        Ok(store) => store,
        Err(e) => return ExitCode::from(cli::mark::refused(&e).code()),
    };
    let mut app = App::with_store(
        listings,
        diagnostics,
        store,
        options,
        ratatui::layout::Rect::new(0, 0, 80, 24),
    );
    if loader.as_ref().is_some_and(|l| l.index_first) {
        app.loading = Some((0, 0));
    }
    app.keymap = tui::settings::keymap(&config);
    app.set_view(
        tui::settings::sort(&config),
        tui::settings::filters(&config),
    );
    if single_file {
        app.open_first();
    }
    match tui::terminal::run(app, loader) {
        Ok(Exit::Quit) | Ok(Exit::Closed) => ExitCode::SUCCESS,
        Ok(Exit::Signal(sig)) => ExitCode::from(128u8.saturating_add(sig as u8)),
        Err(e) => {
            eprintln!("brief: {}", brief::text::for_stderr(&e.to_string()));
            ExitCode::from(Outcome::Failure.code())
        }
    }
}

/// The named paths; with none, `./briefings`, or the built-in briefings where there is none.
fn load(paths: &[PathBuf], explicit: bool) -> Library {
    if !explicit && !paths[0].exists() {
        library::embedded::load()
    } else {
        library::load(paths)
    }
}

/// Without a terminal to draw on: one briefing printed whole, or one line per briefing.
fn print(
    paths: &[PathBuf],
    single_file: bool,
    explicit: bool,
    out: &mut dyn Write,
) -> io::Result<Outcome> {
    if single_file {
        let show = cli::ShowArgs {
            file: paths[0].clone(),
            section: None,
            format: cli::ShowFormat::Text,
            width: None,
        };
        return cli::show::run(&show, out, &mut io::stderr());
    }
    let lib = load(paths, explicit);
    for e in &lib.entries {
        let b = &e.briefing;
        writeln!(
            out,
            "{}\t{}\t{}\t{}",
            b.date.to_edtf(),
            b.priority.label(),
            b.id,
            brief::text::sanitize_line(&b.title)
        )?;
    }
    if lib.failed_files() > 0 {
        eprintln!(
            "brief: {} could not be loaded; `brief check` says why",
            cli::check::plural(lib.failed_files(), "file")
        );
    }
    Ok(if lib.io_failures() > 0 {
        Outcome::Failure
    } else {
        Outcome::Ok
    })
}
