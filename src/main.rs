use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

use brief::cli::{self, Cli, Command, Outcome};
use brief::library;

fn main() -> ExitCode {
    let args = Cli::parse();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut err = io::stderr();
    let result = match &args.command {
        Some(Command::Check(a)) => cli::check::run(a, &mut out),
        Some(Command::Show(a)) => cli::show::run(a, &mut out, &mut err),
        None => print_library(&args, &mut out),
    };
    let result = result.and_then(|o| out.flush().map(|()| o));
    match result {
        Ok(outcome) => ExitCode::from(outcome.code()),
        // The reader of our output went away (`brief show x | head -1`): not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(err, "brief: {e}");
            ExitCode::from(Outcome::Failure.code())
        }
    }
}

/// Without a terminal to draw on: one briefing printed whole, or one line per briefing.
fn print_library(args: &Cli, out: &mut dyn Write) -> io::Result<Outcome> {
    let paths = if args.paths.is_empty() {
        cli::default_paths()
    } else {
        args.paths.clone()
    };
    if let [one] = paths.as_slice()
        && one.is_file()
    {
        let show = cli::ShowArgs {
            file: one.clone(),
            section: None,
            format: cli::ShowFormat::Text,
            width: None,
        };
        return cli::show::run(&show, out, &mut io::stderr());
    }
    let lib = library::load(&paths);
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
