//! `brief doctor`: is this terminal, shell and session fit for the reader?
//!
//! Everything it looks at is taken once into an [`Env`]; the checks are a
//! pure function of that snapshot, so they are tested without touching the
//! real environment. Nothing is asked of the terminal itself (no escape
//! sequence that waits for an answer, which could hang over a slow or broken
//! link); the only outside question, tmux's `set-clipboard`, is a child
//! process with a deadline.

mod checks;

pub use crate::child::run_with_deadline;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{Cli, Outcome};

/// The environment variables doctor reads.
pub const VARS: &[&str] = &[
    "TERM",
    "COLORTERM",
    "NO_COLOR",
    "LC_ALL",
    "LC_CTYPE",
    "LANG",
    "SSH_CONNECTION",
    "SSH_CLIENT",
    "SSH_TTY",
    "TMUX",
    "HOME",
];

/// How long tmux has to say what `set-clipboard` is.
pub const TMUX_TIMEOUT: Duration = Duration::from_secs(2);

/// The size below which the reader is cramped, though it still works.
const COMFORTABLE: (u16, u16) = (80, 24);

/// A file brief reads or writes, and what is known about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileState {
    /// `None` when there is no place for it (no HOME, no XDG directory).
    pub path: Option<PathBuf>,
    pub exists: bool,
    /// Named on the command line or in the environment, not the default.
    pub chosen: bool,
    /// Why the file cannot be used, if it cannot (a configuration error).
    pub error: Option<String>,
}

/// Everything doctor looks at, taken at once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Env {
    /// The variables of [`VARS`] that are set and not empty.
    pub vars: BTreeMap<String, String>,
    /// tmux's answer for `set-clipboard`, or why there is none; `None` when
    /// not inside tmux (tmux is then not asked).
    pub tmux_clipboard: Option<Result<String, String>>,
    pub stdout_terminal: bool,
    /// Columns and rows, when standard output is a terminal.
    pub size: Option<(u16, u16)>,
    pub state: FileState,
    pub read_only: bool,
    pub config: FileState,
    /// What a running `brief watch` says of itself; `None`: none answers.
    pub watcher: Option<crate::library::watcher::Status>,
}

impl Env {
    /// A variable's value; an empty one counts as unset, as for `NO_COLOR`
    /// and the locale variables.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// The real environment, as `args` and the process see it.
    pub fn capture(args: &Cli, reader_check: ConfigCheck) -> Env {
        let vars: BTreeMap<String, String> = VARS
            .iter()
            .filter_map(|&name| {
                let value = std::env::var_os(name)?;
                Some((name.to_owned(), value.to_string_lossy().into_owned()))
            })
            .filter(|(_, v)| !v.is_empty())
            .collect();
        let tmux_clipboard = vars.contains_key("TMUX").then(|| {
            run_with_deadline(
                OsStr::new("tmux"),
                &["show-options", "-gv", "set-clipboard"],
                TMUX_TIMEOUT,
            )
        });
        let stdout_terminal = io::stdout().is_terminal();
        // An ioctl on the terminal device: the kernel answers, not the terminal.
        let size = stdout_terminal
            .then(|| crossterm::terminal::size().ok())
            .flatten();
        let state_path = args
            .state
            .clone()
            .or_else(crate::library::state::default_path);
        let state = FileState {
            exists: state_path.as_deref().is_some_and(Path::exists),
            path: state_path,
            chosen: args.state.is_some(),
            error: None,
        };
        let config_path = args.config.clone().or_else(crate::config::default_path);
        let config_error = config_path.as_deref().and_then(|p| {
            // Reading a FIFO would wait for a writer: only regular files are read.
            if std::fs::metadata(p).is_ok_and(|m| !m.is_file()) {
                return Some(format!("{}: not a regular file; not read", p.display()));
            }
            crate::config::load(p, args.config.is_some())
                .and_then(|c| reader_check(&c))
                .err()
                .map(|ds| match ds.as_slice() {
                    [one] => one.headline(),
                    [first, ..] => format!("{} (and {} more)", first.headline(), ds.len() - 1),
                    [] => "cannot be used".to_owned(),
                })
        });
        let config = FileState {
            exists: config_path.as_deref().is_some_and(Path::exists),
            path: config_path,
            chosen: args.config.is_some(),
            error: config_error,
        };
        Env {
            vars,
            tmux_clipboard,
            stdout_terminal,
            size,
            state,
            read_only: args.read_only,
            config,
            watcher: crate::library::watcher::status(),
        }
    }
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub name: &'static str,
    /// What was found, in a few words.
    pub found: String,
    /// For a problem: one line saying what to do. `None` when all is well.
    pub advice: Option<String>,
}

impl Check {
    pub(super) fn ok(name: &'static str, found: impl Into<String>) -> Check {
        Check {
            name,
            found: found.into(),
            advice: None,
        }
    }

    pub(super) fn warn(
        name: &'static str,
        found: impl Into<String>,
        advice: impl Into<String>,
    ) -> Check {
        Check {
            name,
            found: found.into(),
            advice: Some(advice.into()),
        }
    }

    pub fn is_problem(&self) -> bool {
        self.advice.is_some()
    }
}

/// Every check, in the order they are shown.
pub fn checks(env: &Env) -> Vec<Check> {
    use checks::*;
    vec![
        term(env),
        colour(env),
        locale(env),
        ssh(env),
        tmux(env),
        output(env),
        state(env),
        config(env),
        watcher(env),
    ]
}

/// The report: one aligned line per check, advice under each problem, and a total.
pub fn render(checks: &[Check]) -> String {
    let name_width = checks.iter().map(|c| c.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for c in checks {
        let marker = if c.is_problem() { "warn" } else { "ok" };
        let found = crate::text::sanitize_line(&c.found);
        out.push_str(&format!("{marker:<4}  {:<name_width$}  {found}\n", c.name));
        if let Some(advice) = &c.advice {
            let indent = 4 + 2 + name_width + 2;
            out.push_str(&format!(
                "{:indent$}→ {}\n",
                "",
                crate::text::sanitize_line(advice)
            ));
        }
    }
    let problems = checks.iter().filter(|c| c.is_problem()).count();
    match problems {
        0 => out.push_str("no problems found\n"),
        1 => out.push_str("1 problem found\n"),
        n => out.push_str(&format!("{n} problems found\n")),
    }
    out
}

/// What the reader checks of a configuration beyond the file itself (its
/// key map: a key on two actions), given by the caller: `cli` does not
/// know the reader.
pub type ConfigCheck = fn(&crate::config::Config) -> Result<(), Vec<crate::briefing::Diagnostic>>;

pub fn run(args: &Cli, reader_check: ConfigCheck, out: &mut dyn Write) -> io::Result<Outcome> {
    let checks = checks(&Env::capture(args, reader_check));
    out.write_all(render(&checks).as_bytes())?;
    Ok(if checks.iter().any(Check::is_problem) {
        Outcome::Problems
    } else {
        Outcome::Ok
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    /// A healthy desktop session: UTF-8, 256 colours, a big terminal.
    fn healthy() -> Env {
        let mut env = Env {
            stdout_terminal: true,
            size: Some((160, 48)),
            state: FileState {
                path: Some("/home/ana/.local/state/brief/state.json".into()),
                exists: true,
                ..FileState::default()
            },
            config: FileState {
                path: Some("/home/ana/.config/brief/config.toml".into()),
                ..FileState::default()
            },
            ..Env::default()
        };
        for (k, v) in [
            ("TERM", "xterm-256color"),
            ("LANG", "en_GB.UTF-8"),
            ("HOME", "/home/ana"),
        ] {
            env.vars.insert(k.into(), v.into());
        }
        env
    }

    fn with(mut env: Env, vars: &[(&str, &str)]) -> Env {
        for (k, v) in vars {
            env.vars.insert((*k).into(), (*v).into());
        }
        env
    }

    fn find<'a>(checks: &'a [Check], name: &str) -> &'a Check {
        checks.iter().find(|c| c.name == name).unwrap()
    }

    fn problems(env: &Env) -> Vec<&'static str> {
        checks(env)
            .into_iter()
            .filter(Check::is_problem)
            .map(|c| c.name)
            .collect()
    }

    #[test]
    fn a_healthy_session_has_no_problems() {
        let env = healthy();
        assert_eq!(problems(&env), Vec::<&str>::new());
        let c = checks(&env);
        assert_eq!(find(&c, "terminal").found, "TERM=xterm-256color");
        assert!(find(&c, "colour").found.starts_with("256 colours"));
        assert_eq!(find(&c, "locale").found, "UTF-8 (LANG=en_GB.UTF-8)");
        assert_eq!(find(&c, "ssh").found, "no");
        assert_eq!(find(&c, "tmux").found, "no");
        assert!(find(&c, "output").found.contains("160×48: all five panes"));
        assert_eq!(find(&c, "state").found, "~/.local/state/brief/state.json");
        assert!(find(&c, "config").found.contains("the defaults apply"));
    }

    #[test]
    fn term_unset_dumb_or_wrong_inside_tmux_is_a_problem() {
        let mut env = healthy();
        env.vars.remove("TERM");
        assert_eq!(problems(&env), ["terminal", "colour"]);
        let env = with(healthy(), &[("TERM", "dumb")]);
        assert_eq!(problems(&env), ["terminal", "colour"]);
        let mut env = with(healthy(), &[("TMUX", "/tmp/tmux-1000/default,1,0")]);
        env.tmux_clipboard = Some(Ok("on".into()));
        assert_eq!(problems(&env), ["terminal"]);
        assert!(
            find(&checks(&env), "terminal")
                .advice
                .as_ref()
                .unwrap()
                .contains("default-terminal")
        );
        let env = with(env, &[("TERM", "tmux-256color")]);
        assert!(problems(&env).is_empty());
    }

    #[test]
    fn colour_depth_comes_from_no_color_colorterm_and_term() {
        let depth = |vars: &[(&str, &str)]| find(&checks(&with(healthy(), vars)), "colour").clone();
        assert!(
            depth(&[("COLORTERM", "truecolor")])
                .found
                .starts_with("24-bit")
        );
        assert!(depth(&[("COLORTERM", "24bit")]).found.starts_with("24-bit"));
        assert!(depth(&[("TERM", "xterm")]).found.starts_with("16 colours"));
        assert!(depth(&[("TERM", "linux")]).found.starts_with("16 colours"));
        let off = depth(&[("NO_COLOR", "1")]);
        assert!(off.found.starts_with("off: NO_COLOR"));
        assert!(!off.is_problem());
        // An empty NO_COLOR does not count, as everywhere in brief.
        assert!(depth(&[("NO_COLOR", "")]).found.starts_with("256"));
        let mono = depth(&[("TERM", "vt220")]);
        assert!(mono.is_problem());
        assert!(mono.advice.unwrap().contains("NO_COLOR"));
    }

    #[test]
    fn the_locale_is_decided_by_lc_all_then_lc_ctype_then_lang() {
        let locale =
            |vars: &[(&str, &str)]| find(&checks(&with(healthy(), vars)), "locale").clone();
        assert!(!locale(&[("LANG", "de_DE.utf8")]).is_problem());
        let c = locale(&[("LC_ALL", "C")]);
        assert_eq!(c.found, "LC_ALL=C is not UTF-8");
        assert!(c.advice.unwrap().contains("LANG=C.UTF-8"));
        let c = locale(&[("LANG", "C"), ("LC_CTYPE", "C.UTF-8")]);
        assert_eq!(c.found, "UTF-8 (LC_CTYPE=C.UTF-8)");
        // Empty variables are skipped, as the C library skips them.
        let c = locale(&[("LC_ALL", ""), ("LANG", "POSIX")]);
        assert_eq!(c.found, "LANG=POSIX is not UTF-8");
        let mut env = healthy();
        env.vars.remove("LANG");
        assert!(find(&checks(&env), "locale").found.starts_with("not set"));
    }

    #[test]
    fn ssh_is_seen_in_any_of_its_variables_and_is_no_problem() {
        for var in ["SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"] {
            let env = with(healthy(), &[(var, "10.0.0.1 5000 10.0.0.2 22")]);
            let c = checks(&env);
            assert!(find(&c, "ssh").found.starts_with("yes"), "{var}");
            assert!(problems(&env).is_empty());
        }
    }

    #[test]
    fn over_ssh_from_a_tmux_on_the_users_machine_its_set_clipboard_is_named() {
        let env = with(
            healthy(),
            &[
                ("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22"),
                ("TERM", "tmux-256color"),
            ],
        );
        let c = checks(&env);
        let ssh = find(&c, "ssh");
        assert!(ssh.is_problem(), "{ssh:?}");
        assert!(ssh.found.contains("TERM=tmux-256color"), "{ssh:?}");
        assert!(
            ssh.advice
                .as_deref()
                .unwrap()
                .contains("tmux set -g set-clipboard on"),
            "{ssh:?}"
        );
        let screen = with(env.clone(), &[("TERM", "screen.xterm-256color")]);
        assert!(find(&checks(&screen), "ssh").is_problem());
        // Inside a tmux on this machine, that tmux is the one doctor asks about.
        let mut here = with(env, &[("TMUX", "/tmp/tmux-1000/default,1,0")]);
        here.tmux_clipboard = Some(Ok("on".into()));
        assert!(!find(&checks(&here), "ssh").is_problem());
    }

    #[test]
    fn tmux_passes_osc_52_only_with_set_clipboard_on() {
        let in_tmux = |answer: Result<&str, &str>| {
            let mut env = with(
                healthy(),
                &[
                    ("TMUX", "/tmp/tmux-1000/default,1,0"),
                    ("TERM", "tmux-256color"),
                ],
            );
            env.tmux_clipboard = Some(answer.map(str::to_owned).map_err(str::to_owned));
            find(&checks(&env), "tmux").clone()
        };
        let on = in_tmux(Ok("on"));
        assert!(!on.is_problem());
        assert!(on.found.contains("set-clipboard on: OSC 52 copy passes"));
        for answer in ["external", "off"] {
            let c = in_tmux(Ok(answer));
            assert!(
                c.found.contains(&format!("set-clipboard {answer}")),
                "{c:?}"
            );
            assert!(c.advice.unwrap().contains("set -g set-clipboard on"));
        }
        let c = in_tmux(Err("tmux did not answer within 2 s"));
        assert!(c.is_problem());
        assert!(c.found.contains("did not answer"));
    }

    #[test]
    fn output_reports_pipes_and_sizes() {
        let size = |size| {
            let env = Env { size, ..healthy() };
            find(&checks(&env), "output").clone()
        };
        assert!(size(Some((100, 30))).found.contains("one pane at a time"));
        assert!(!size(Some((80, 24))).is_problem());
        assert!(size(Some((79, 24))).is_problem());
        assert!(size(Some((20, 5))).found.contains("too small"));
        assert!(size(None).is_problem());
        let piped = Env {
            stdout_terminal: false,
            size: None,
            ..healthy()
        };
        let c = find(&checks(&piped), "output").clone();
        assert!(!c.is_problem());
        assert!(c.found.starts_with("not a terminal"));
    }

    #[test]
    fn state_and_config_places_are_reported() {
        let mut env = healthy();
        env.state.exists = false;
        env.read_only = true;
        let c = checks(&env);
        assert_eq!(
            find(&c, "state").found,
            "~/.local/state/brief/state.json (not created yet), read-only: nothing is written"
        );
        env.state.path = None;
        env.config.path = None;
        assert_eq!(problems(&env), ["state"]);
        let mut env = healthy();
        env.config.exists = true;
        env.config.error = Some("config.toml:3:1: error: unknown action `quitt`".into());
        let c = find(&checks(&env), "config").clone();
        assert!(c.found.contains("unknown action"));
        assert!(c.is_problem());
    }

    #[test]
    fn the_report_is_aligned_with_advice_under_each_problem() {
        let mut env = with(healthy(), &[("LANG", "C")]);
        env.size = Some((200, 60));
        let text = render(&checks(&env));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "ok    terminal  TERM=xterm-256color");
        assert!(
            lines.contains(&"warn  locale    LANG=C is not UTF-8"),
            "{text}"
        );
        let advice = lines
            .iter()
            .position(|l| l.starts_with("warn  locale"))
            .unwrap()
            + 1;
        assert!(
            lines[advice].starts_with("                → set a UTF-8 locale"),
            "{text}"
        );
        assert_eq!(*lines.last().unwrap(), "1 problem found");
        // Every check line has its text in the same column.
        for l in lines
            .iter()
            .filter(|l| l.starts_with("ok") || l.starts_with("warn"))
        {
            assert_eq!(l.chars().nth(15), Some(' '), "{l:?}");
            assert_ne!(l.chars().nth(16), Some(' '), "{l:?}");
        }
    }

    #[test]
    fn a_hung_child_is_killed_at_the_deadline() {
        let start = Instant::now();
        let r = run_with_deadline(OsStr::new("sleep"), &["10"], Duration::from_millis(200));
        assert!(r.unwrap_err().contains("did not answer"));
        assert!(start.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn a_child_that_answers_is_heard_and_one_that_fails_is_reported() {
        let r = run_with_deadline(
            OsStr::new("sh"),
            &["-c", "echo ' on '"],
            Duration::from_secs(5),
        );
        assert_eq!(r, Ok("on".to_owned()));
        let r = run_with_deadline(OsStr::new("sh"), &["-c", "exit 1"], Duration::from_secs(5));
        assert!(r.unwrap_err().contains("failed"));
        let r = run_with_deadline(
            OsStr::new("brief-no-such-program"),
            &[],
            Duration::from_secs(5),
        );
        assert!(r.unwrap_err().starts_with("cannot run"));
    }

    #[test]
    fn a_child_whose_grandchild_keeps_the_pipe_open_does_not_hang_us() {
        let start = Instant::now();
        // The shell answers and exits; the background sleep keeps stdout open.
        let r = run_with_deadline(
            OsStr::new("sh"),
            &["-c", "echo on; sleep 2 &"],
            Duration::from_millis(300),
        );
        assert!(start.elapsed() < Duration::from_secs(5), "{r:?}");
    }
}
