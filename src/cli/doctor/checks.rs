//! The checks, each a pure function of the [`Env`] snapshot.

use std::path::Path;

use super::{COMFORTABLE, Check, Env};
use crate::limits::{MIN_HEIGHT, MIN_WIDTH, WIDE_HEIGHT, WIDE_WIDTH};

pub(super) fn term(env: &Env) -> Check {
    const NAME: &str = "terminal";
    match env.var("TERM") {
        None => Check::warn(
            NAME,
            "TERM is not set",
            "set it to your terminal's type, e.g. `export TERM=xterm-256color`",
        ),
        Some("dumb") => Check::warn(
            NAME,
            "TERM=dumb cannot move the cursor",
            "run the reader in a real terminal; `brief show FILE` prints plain text anywhere",
        ),
        Some(t)
            if env.var("TMUX").is_some() && !(t.starts_with("tmux") || t.starts_with("screen")) =>
        {
            Check::warn(
                NAME,
                format!("TERM={t} inside tmux, which expects tmux-256color or screen-256color"),
                "let tmux set TERM: `set -g default-terminal tmux-256color` in ~/.tmux.conf, and do not set TERM in your shell's profile",
            )
        }
        Some(t) => Check::ok(NAME, format!("TERM={t}")),
    }
}

/// Terminal types that show no colour at all.
const MONOCHROME: &[&str] = &["vt52", "vt100", "vt102", "vt220", "xterm-mono", "ansi-mono"];

pub(super) fn colour(env: &Env) -> Check {
    const NAME: &str = "colour";
    let term = env.var("TERM").unwrap_or("");
    if env.var("NO_COLOR").is_some() {
        return Check::ok(
            NAME,
            "off: NO_COLOR is set (focus and selection stay visible)",
        );
    }
    let depth = match env.var("COLORTERM") {
        Some(c @ ("truecolor" | "24bit")) => format!("24-bit (COLORTERM={c})"),
        _ if term.contains("256color") => "256 colours (TERM)".to_owned(),
        _ if term.is_empty() || term == "dumb" || MONOCHROME.contains(&term) => {
            return Check::warn(
                NAME,
                format!(
                    "none: TERM={} shows no colour",
                    if term.is_empty() { "(unset)" } else { term }
                ),
                "set NO_COLOR=1 or pass --no-color, so nothing relies on colour",
            );
        }
        _ => "16 colours (TERM)".to_owned(),
    };
    Check::ok(NAME, format!("{depth}; the default theme needs 16"))
}

pub(super) fn locale(env: &Env) -> Check {
    const NAME: &str = "locale";
    // The first of these that is set decides the character set.
    let decided = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|&name| env.var(name).map(|v| (name, v)));
    let advice = "set a UTF-8 locale, e.g. `export LANG=C.UTF-8`; meanwhile `--ascii` draws borders in plain ASCII";
    match decided {
        None => Check::warn(
            NAME,
            "not set (LC_ALL, LC_CTYPE and LANG are empty): the C locale is not UTF-8",
            advice,
        ),
        Some((name, value)) => {
            let lower = value.to_ascii_lowercase();
            if lower.contains("utf-8") || lower.contains("utf8") {
                Check::ok(NAME, format!("UTF-8 ({name}={value})"))
            } else {
                Check::warn(NAME, format!("{name}={value} is not UTF-8"), advice)
            }
        }
    }
}

fn under_ssh(env: &Env) -> bool {
    ["SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"]
        .iter()
        .any(|v| env.var(v).is_some())
}

pub(super) fn ssh(env: &Env) -> Check {
    let term = env.var("TERM").unwrap_or("");
    let multiplexed = term.starts_with("tmux") || term.starts_with("screen");
    // TERM=tmux-256color over SSH with no tmux here: the tmux (or screen)
    // is on the user's own machine, between this session and the terminal.
    if under_ssh(env) && multiplexed && env.var("TMUX").is_none() {
        return Check::warn(
            "ssh",
            format!(
                "yes, from inside tmux or screen on your own machine (TERM={term}): \
                 copy (y, Y) reaches your clipboard only if that tmux passes OSC 52"
            ),
            "on your own machine run `tmux show -gv set-clipboard`; unless it says on, \
             run `tmux set -g set-clipboard on` and add it to ~/.tmux.conf (screen does not pass OSC 52)",
        );
    }
    if under_ssh(env) {
        Check::ok(
            "ssh",
            "yes: copying (y, Y) reaches your own clipboard by OSC 52",
        )
    } else {
        Check::ok("ssh", "no")
    }
}

pub(super) fn tmux(env: &Env) -> Check {
    const NAME: &str = "tmux";
    let advice = "run `tmux set -g set-clipboard on` (and add that setting to ~/.tmux.conf)";
    match &env.tmux_clipboard {
        None if env.var("TMUX").is_none() => Check::ok(NAME, "no"),
        // TMUX is set, yet tmux was not asked: only a hand-built snapshot.
        None => Check::ok(NAME, "yes; set-clipboard not asked"),
        Some(Ok(answer)) => match answer.as_str() {
            "on" => Check::ok(
                NAME,
                "yes; set-clipboard on: OSC 52 copy passes to your terminal",
            ),
            "external" => Check::warn(
                NAME,
                "yes; set-clipboard external: tmux drops OSC 52 copy from programs",
                advice,
            ),
            "off" => Check::warn(
                NAME,
                "yes; set-clipboard off: tmux drops OSC 52 copy",
                advice,
            ),
            other => Check::warn(
                NAME,
                format!("yes; set-clipboard is {other:?}, so OSC 52 copy may not pass"),
                advice,
            ),
        },
        Some(Err(why)) => Check::warn(
            NAME,
            format!("yes; set-clipboard unknown: {why}"),
            "ask tmux yourself with `tmux show -gv set-clipboard`: copy passes only when it says on",
        ),
    }
}

pub(super) fn output(env: &Env) -> Check {
    const NAME: &str = "output";
    if !env.stdout_terminal {
        return Check::ok(
            NAME,
            "not a terminal (piped or redirected): here `brief` prints plain lines instead of the reader",
        );
    }
    let Some((w, h)) = env.size else {
        return Check::warn(
            NAME,
            "a terminal of unknown size",
            "check that `stty size` answers; over SSH, connect with `ssh -t` so there is a terminal",
        );
    };
    let (cw, ch) = COMFORTABLE;
    if w < MIN_WIDTH || h < MIN_HEIGHT {
        Check::warn(
            NAME,
            format!(
                "a terminal of {w}×{h}, too small for the reader ({MIN_WIDTH}×{MIN_HEIGHT} at least)"
            ),
            format!("enlarge the window to {cw}×{ch} or more"),
        )
    } else if w < cw || h < ch {
        Check::warn(
            NAME,
            format!("a terminal of {w}×{h}, smaller than {cw}×{ch}: cramped"),
            format!(
                "enlarge the window to {cw}×{ch} or more ({WIDE_WIDTH}×{WIDE_HEIGHT} shows all five panes)"
            ),
        )
    } else if w < WIDE_WIDTH || h < WIDE_HEIGHT {
        Check::ok(
            NAME,
            format!(
                "a terminal of {w}×{h}: one pane at a time ({WIDE_WIDTH}×{WIDE_HEIGHT} shows all five)"
            ),
        )
    } else {
        Check::ok(
            NAME,
            format!("a terminal of {w}×{h}: all five panes at once"),
        )
    }
}

/// A path as the user would type it: the home directory as `~`.
fn shown(env: &Env, path: &Path) -> String {
    if let Some(home) = env.var("HOME")
        && let Ok(rest) = path.strip_prefix(home)
    {
        return Path::new("~").join(rest).display().to_string();
    }
    path.display().to_string()
}

pub(super) fn state(env: &Env) -> Check {
    const NAME: &str = "state";
    let Some(path) = &env.state.path else {
        return Check::warn(
            NAME,
            "nowhere to keep marks: HOME and XDG_STATE_HOME are not set",
            "set HOME, or pass --state FILE (or set BRIEF_STATE)",
        );
    };
    let mut found = shown(env, path);
    found.push_str(if env.state.exists {
        ""
    } else {
        " (not created yet)"
    });
    if env.read_only {
        found.push_str(", read-only: nothing is written");
    }
    Check::ok(NAME, found)
}

pub(super) fn config(env: &Env) -> Check {
    const NAME: &str = "config";
    let Some(path) = &env.config.path else {
        return Check::ok(
            NAME,
            "none: HOME and XDG_CONFIG_HOME are not set, so the defaults apply",
        );
    };
    if let Some(error) = &env.config.error {
        return Check::warn(
            NAME,
            error.clone(),
            "fix the file: the reader does not start with a broken configuration",
        );
    }
    let place = shown(env, path);
    if env.config.exists {
        Check::ok(NAME, place)
    } else {
        Check::ok(NAME, format!("{place} (none: the defaults apply)"))
    }
}

/// Whether a watcher runs for `brief search`, and for which folders: never
/// a problem (it is optional).
pub(super) fn watcher(env: &Env) -> Check {
    const NAME: &str = "watcher";
    let Some(w) = &env.watcher else {
        return Check::ok(
            NAME,
            "not running (optional: `brief watch`, or watch = true in the configuration)",
        );
    };
    let roots: Vec<String> = w
        .roots
        .iter()
        .map(|(p, vouched)| {
            let p = crate::text::path(p);
            if *vouched {
                p
            } else {
                format!("{p} (not vouched for)")
            }
        })
        .collect();
    if roots.is_empty() {
        return Check::ok(
            NAME,
            format!("running (pid {}), no library asked about yet", w.pid),
        );
    }
    Check::ok(
        NAME,
        format!(
            "running (pid {}) for {}: {}; {} watched",
            w.pid,
            crate::text::plural(w.roots.len(), "library folder"),
            roots.join(", "),
            crate::text::plural(w.folders, "folder"),
        ),
    )
}
