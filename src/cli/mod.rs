//! The command line: argument definitions and thin commands over the domain.
//!
//! Exit codes mean the same everywhere: 0 success, 1 the input has problems
//! (or nothing matched), 2 a usage or I/O failure. A closed pipe is success.

pub mod check;
pub mod completions;
pub mod diff;
pub mod doctor;
pub mod draft;
pub mod html;
pub mod list;
pub mod mark;
pub mod schema;
pub mod search;
pub mod show;
pub mod watch;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "brief",
    version,
    about = "Read situation briefings in the terminal",
    long_about = "Read situation briefings in the terminal.\n\n\
        With no command, opens the reader on the given files or folders \
        (default: ./briefings, else the briefings built into brief)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Briefing files or folders to open
    pub paths: Vec<PathBuf>,

    /// Draw without colour (also when NO_COLOR is set); focus and selection stay visible
    #[arg(long, global = true)]
    pub no_color: bool,

    /// Draw borders and markers in plain ASCII
    #[arg(long, global = true)]
    pub ascii: bool,

    /// The triage state file [default: $XDG_STATE_HOME/brief/state.json]
    #[arg(long, global = true, env = "BRIEF_STATE", value_name = "FILE")]
    pub state: Option<PathBuf>,

    /// Never write anything: no state, no lock file (for shared accounts)
    #[arg(long, global = true)]
    pub read_only: bool,

    /// The configuration file [default: $XDG_CONFIG_HOME/brief/config.toml]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Click to focus and select, wheel to scroll (takes text selection from the terminal)
    #[arg(long, global = true)]
    pub mouse: bool,
}

impl Cli {
    /// The triage store the options ask for; an error when the state file
    /// or its lock cannot be used (the caller prints it and exits 2).
    pub fn store(&self) -> Result<crate::library::state::Store, crate::library::state::StateError> {
        use crate::library::state::{Store, default_path};
        match self.state.clone().or_else(default_path) {
            Some(path) => Store::open(path, self.read_only),
            None => {
                let mut s = Store::in_memory();
                s.warnings
                    .push("no HOME or XDG_STATE_HOME: marks last only this session".into());
                Ok(s)
            }
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check briefing files against format 1 and report every problem
    Check(CheckArgs),
    /// Print a briefing, or one section of it, to standard output
    Show(ShowArgs),
    /// List the library with each briefing's triage state
    List(ListArgs),
    /// Find briefings by any word of their text (FTS5 syntax: docs/search.md)
    Search(SearchArgs),
    /// Watch library folders so that `brief search` need not look at every file
    ///
    /// A search must answer from what is on disk now, so without a watcher it
    /// stats every briefing file. This process watches each folder a search
    /// asks about (inotify) and vouches for it while nothing under it changed;
    /// a search then answers from the index alone. It runs in the foreground,
    /// for this user only (socket in $XDG_RUNTIME_DIR/brief), until no search
    /// has asked for --idle, or a signal. `watch = true` in the configuration
    /// (or `brief search --watch`) starts it in the background when needed.
    /// See docs/search.md.
    Watch(watch::WatchArgs),
    /// Mark briefings read, unread, flagged or archived, by id
    Mark(MarkArgs),
    /// What changed in a briefing since you read it, as a redline
    Diff(diff::DiffArgs),
    /// Draft a briefing from a news article, every candidate with its quote
    Draft(DraftArgs),
    /// Check the terminal, locale, SSH and tmux for the reader, with advice
    Doctor,
    /// Print a JSON Schema of the briefing format, for editors
    Schema,
    /// Print a shell completion script
    ///
    /// bash: brief completions bash > ~/.local/share/bash-completion/completions/brief
    ///
    /// zsh: brief completions zsh > ~/.zfunc/_brief (with fpath+=~/.zfunc before compinit)
    ///
    /// fish: brief completions fish > ~/.config/fish/completions/brief.fish
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): brief man | man -l -
    Man,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Files or folders [default: ./briefings, else the briefings built into brief]
    pub paths: Vec<PathBuf>,

    /// Only briefings never read, or changed since they were read
    #[arg(long)]
    pub unread: bool,

    /// Only flagged briefings
    #[arg(long)]
    pub flagged: bool,

    /// Output format
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to find: `lachin`, `"phrase here"`, `lach*`, `a AND b`, `a NOT b`, `title:word`
    pub query: String,

    /// Files or folders [default: ./briefings, else the briefings built into brief]
    pub paths: Vec<PathBuf>,

    /// At most this many briefings
    #[arg(long, default_value_t = 50)]
    pub limit: usize,

    /// Start `brief watch` in the background if it is not running (as `watch = true` in the configuration)
    #[arg(long)]
    pub watch: bool,

    /// Output format
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("change").required(true).args(["read", "unread", "flag", "unflag", "archive", "restore"])))]
pub struct MarkArgs {
    /// Briefing ids
    #[arg(required = true)]
    pub ids: Vec<String>,

    /// Where the briefings are [default: ./briefings, else the briefings built into brief]
    #[arg(long = "library", value_name = "PATH")]
    pub library: Vec<PathBuf>,

    /// Mark them read, every part as it is now
    #[arg(long)]
    pub read: bool,
    /// Mark them unread
    #[arg(long)]
    pub unread: bool,
    /// Flag them
    #[arg(long)]
    pub flag: bool,
    /// Take their flag off
    #[arg(long)]
    pub unflag: bool,
    /// Archive them (the reader hides them until `A`; `list` marks them A)
    #[arg(long)]
    pub archive: bool,
    /// Bring them back from the archive
    #[arg(long)]
    pub restore: bool,
}

#[derive(Debug, Args)]
pub struct DraftArgs {
    /// The article: UTF-8 plain text, its first line the title
    pub article: PathBuf,

    /// The article's language
    #[arg(long, value_enum, default_value_t = DraftLang::Auto)]
    pub lang: DraftLang,

    /// The briefing id [default: the date and the title's first words]
    #[arg(long, value_parser = draft::parse_id)]
    pub id: Option<String>,

    /// The article's date: places weekdays, months without a year and clock times
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = draft::parse_date)]
    pub date: Option<chrono::NaiveDate>,

    /// Write the draft here and copy the article to sources/ beside it [default: standard output]
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Replace an existing --out file and its copy of the article
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DraftLang {
    Fr,
    En,
    /// French or English, by their commonest words
    Auto,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to check [default: ./briefings, else the briefings built into brief]
    pub paths: Vec<PathBuf>,

    /// Fail (exit 1) on warnings too
    #[arg(long)]
    pub strict: bool,

    /// Output format
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The briefing file
    pub file: PathBuf,

    /// Print only this section
    #[arg(long, value_enum)]
    pub section: Option<Section>,

    /// Output format
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,

    /// Wrap text at this many columns [default: the terminal's width, or 80]
    #[arg(long)]
    pub width: Option<u16>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Section {
    Summary,
    Actors,
    Timeline,
    Figures,
    Sources,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Text,
    Markdown,
    Json,
    /// One self-contained page (inline style, no scripts), to mail or open in a browser
    Html,
}

/// How a command ended; maps onto the process exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    Problems,
    Failure,
}

impl Outcome {
    pub fn code(self) -> u8 {
        match self {
            Outcome::Ok => 0,
            Outcome::Problems => 1,
            Outcome::Failure => 2,
        }
    }
}

/// Reports what the argument parser refused and gives the exit status: help
/// and version on standard output with 0, as clap prints them; an error on
/// standard error with 2, every line sanitized, because clap echoes the
/// offending value (`--id $'\e]0;x\a'`) as it was typed.
pub fn parse_error(e: &clap::Error) -> std::process::ExitCode {
    use std::io::Write;
    let code = std::process::ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
    if !e.use_stderr() {
        let _ = e.print();
        return code;
    }
    // clap is built without colours: its rendering holds no styling of its
    // own and keeps what the user typed (`--format $'\e[2J'`), which
    // sanitizing then shows as ␛[2J.
    let rendered = e.render().to_string();
    let mut err = std::io::stderr().lock();
    for line in rendered.lines() {
        let _ = writeln!(err, "{}", crate::text::for_stderr(line));
    }
    code
}

/// The default library when none is named: `./briefings` if it exists,
/// else the built-in briefings (see [`crate::library::embedded::default_roots`]).
pub fn default_paths() -> Vec<PathBuf> {
    crate::library::embedded::default_roots()
}
