//! `brief watch`: the watcher `brief search` asks, in the foreground (or,
//! started by a search, in a session of its own). See
//! [`crate::library::watcher`].

use std::io;
use std::time::Duration;

use clap::Args;

use super::Outcome;
use crate::library::watcher::serve::{Ended, serve};

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// End after this long without a search: 30s, 10m, 2h (a number alone is minutes)
    #[arg(long, default_value = "10m", value_name = "TIME", value_parser = parse_idle, env = "BRIEF_WATCH_IDLE")]
    pub idle: Duration,

    /// Started by a search: in a session of its own, nothing said
    #[arg(long, hide = true)]
    pub detached: bool,
}

/// `30s`, `10m`, `2h`, or a number of minutes; at most a day.
pub fn parse_idle(s: &str) -> Result<Duration, String> {
    let (n, unit) = match s.char_indices().last() {
        Some((i, 's')) => (&s[..i], 1),
        Some((i, 'm')) => (&s[..i], 60),
        Some((i, 'h')) => (&s[..i], 3600),
        _ => (s, 60),
    };
    match n.parse::<u64>() {
        Ok(n) if n > 0 && n * unit <= 86_400 => Ok(Duration::from_secs(n * unit)),
        _ => Err("a time such as 30s, 10m or 2h, at most a day".into()),
    }
}

fn shown(d: Duration) -> String {
    match d.as_secs() {
        s if s % 3600 == 0 => format!("{} h", s / 3600),
        s if s % 60 == 0 => format!("{} min", s / 60),
        s => format!("{s} s"),
    }
}

pub fn run(args: &WatchArgs) -> io::Result<Outcome> {
    if args.detached {
        // Out of the terminal's session and folder: a search started it and
        // does not wait for it.
        let _ = rustix::process::setsid();
        let _ = std::env::set_current_dir("/");
    }
    let say = !args.detached;
    let ended = serve(args.idle, |l| {
        if say {
            eprintln!(
                "brief: watching library folders for searches at {}; ends after {} without a search, or on Ctrl-C",
                crate::text::path(&l.socket),
                shown(args.idle)
            );
        }
    });
    match ended {
        Ok(Ended::Running) => {
            if say {
                eprintln!("brief: a watcher of this user's is already running");
            }
            Ok(Outcome::Ok)
        }
        Ok(Ended::Idle) => {
            if say {
                eprintln!(
                    "brief: no search for {}: the watcher ends",
                    shown(args.idle)
                );
            }
            Ok(Outcome::Ok)
        }
        Ok(Ended::Signal) => Ok(Outcome::Ok),
        Err(why) => {
            if say {
                eprintln!("brief: no watcher: {}", crate::text::for_stderr(&why));
            }
            Ok(Outcome::Failure)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_idle_time_is_read_as_written() {
        assert_eq!(parse_idle("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_idle("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_idle("2h"), Ok(Duration::from_secs(7200)));
        assert_eq!(parse_idle("5"), Ok(Duration::from_secs(300)));
        for bad in ["", "0", "0s", "-1m", "1d", "25h", "m", "1.5m"] {
            assert!(parse_idle(bad).is_err(), "{bad:?}");
        }
    }
}
