//! The reader's first frame on the shipped briefings, a first start and a
//! warm one apart, against `less` in the same run:
//!
//! ```sh
//! cargo build --release && cargo run --release --example first_frame -- [--runs N] [--brief BIN] [--also OLD]
//! ```
//!
//! Each program runs in a pseudo-terminal of 120×40 from the repository
//! root with a clean environment (`TERM=xterm-256color`, `LANG=C.UTF-8`,
//! `HOME` and every `XDG_*` folder in a temporary folder; `TMUX` passed on
//! only with `--tmux`, so that the reader asks tmux about its clipboard as
//! it does for a user inside tmux). Timed from spawning:
//!
//! - **first byte**: the first output (brief: entering the alternate screen);
//! - **first frame**: until the screen shows the Karabakh briefing's row
//!   (brief) or the first line of its text (`less` on `brief show`'s output).
//!
//! **first start** is an empty `XDG_CACHE_HOME` every run (no index file
//! yet: the reader lists from the files' heads and makes the index);
//! **warm** is a cache a first start of the same binary wrote. Runs are
//! interleaved (brief, `--also`, less, in turn); medians with min–max.
//! Not part of `cargo test`: its figures depend on the machine.

use std::path::{Path, PathBuf};
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};

use portable_pty::CommandBuilder;

#[path = "common/pty.rs"]
mod pty;

const ROWS: u16 = 40;
const COLS: u16 = 120;
const TIMEOUT: Duration = Duration::from_secs(20);
const KARABAKH: &str = "briefings/2023-09-19-karabakh-offensive.toml";

type Result<T> = std::result::Result<T, String>;

/// What one start gave: the first byte and the first frame, since spawning.
struct Start {
    first_byte: Duration,
    frame: Duration,
}

/// Spawns `cmd` in a fresh pseudo-terminal, waits until `done` holds of its
/// screen, then types `quit` and waits (a little) for it to end.
fn start(cmd: CommandBuilder, quit: &[u8], done: impl Fn(&vt100::Screen) -> bool) -> Result<Start> {
    let pty::Pty {
        mut child,
        mut writer,
        master: _master,
        output: rx,
        started,
    } = pty::spawn(cmd, ROWS, COLS)?;
    let mut parser = vt100::Parser::new(
        std::num::NonZeroU16::new(ROWS).expect("rows"),
        std::num::NonZeroU16::new(COLS).expect("columns"),
        0,
    );
    let mut first_byte = None;
    let deadline = started + TIMEOUT;
    let frame = loop {
        match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok((at, bytes)) => {
                first_byte.get_or_insert(at - started);
                parser.process(&bytes);
                if done(parser.screen()) {
                    break at - started;
                }
            }
            Err(RecvTimeoutError::Timeout) => {
                let _ = child.kill();
                return Err(format!(
                    "no frame in {TIMEOUT:?}:\n{}",
                    parser.screen().contents()
                ));
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Err(format!("exited first:\n{}", parser.screen().contents()));
            }
        }
    };
    // Quiet, then quit: a first start writes its index meanwhile.
    while rx.recv_timeout(Duration::from_millis(150)).is_ok() {}
    let _ = writer.write_all(quit);
    let _ = writer.flush();
    let end = Instant::now() + Duration::from_secs(3);
    while Instant::now() < end {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        let _ = rx.recv_timeout(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    Ok(Start {
        first_byte: first_byte.unwrap_or(frame),
        frame,
    })
}

use std::io::Write as _;

/// A clean environment in `home`, the cache folder given apart.
fn command(program: &Path, cwd: &Path, home: &Path, cache: &Path, tmux: bool) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(program);
    cmd.env_clear();
    cmd.cwd(cwd);
    cmd.env(
        "PATH",
        std::env::var_os("PATH").unwrap_or_else(|| "/usr/bin:/bin".into()),
    );
    cmd.env("TERM", "xterm-256color");
    cmd.env("LANG", "C.UTF-8");
    cmd.env("HOME", home);
    cmd.env("XDG_CONFIG_HOME", home.join("config"));
    cmd.env("XDG_STATE_HOME", home.join("state"));
    cmd.env("XDG_DATA_HOME", home.join("data"));
    cmd.env("XDG_CACHE_HOME", cache);
    if tmux && let Some(t) = std::env::var_os("TMUX") {
        cmd.env("TMUX", t);
    }
    cmd
}

#[derive(Default)]
struct Samples(Vec<Duration>);

impl Samples {
    fn median(&self) -> f64 {
        let mut v: Vec<f64> = self.0.iter().map(|d| d.as_secs_f64() * 1e3).collect();
        v.sort_by(f64::total_cmp);
        match v.len() {
            0 => f64::NAN,
            n if n % 2 == 1 => v[n / 2],
            n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
        }
    }
    fn cell(&self) -> String {
        let ms = |d: &Duration| d.as_secs_f64() * 1e3;
        let min = self.0.iter().map(ms).fold(f64::INFINITY, f64::min);
        let max = self.0.iter().map(ms).fold(0.0, f64::max);
        format!("{:.1} ms ({min:.1}–{max:.1})", self.median())
    }
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(table) => {
            print!("{table}");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("first_frame: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run() -> Result<String> {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let mut brief = target.join("release/brief");
    let mut also = None;
    let mut runs = 10;
    let mut tmux = false;
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--runs" => runs = value()?.parse().map_err(|e| format!("--runs: {e}"))?,
            "--brief" => brief = PathBuf::from(value()?),
            "--also" => also = Some(PathBuf::from(value()?)),
            "--tmux" => tmux = true,
            other => return Err(format!("unknown option {other}")),
        }
    }
    let mut programs = vec![("brief".to_owned(), brief)];
    if let Some(old) = also {
        programs.push(("--also".to_owned(), old));
    }
    for (_, p) in &programs {
        if !p.is_file() {
            return Err(format!(
                "{} not found: cargo build --release first",
                p.display()
            ));
        }
    }
    let toml =
        std::fs::read_to_string(root.join(KARABAKH)).map_err(|e| format!("{KARABAKH}: {e}"))?;
    let title: String = toml
        .lines()
        .find_map(|l| l.strip_prefix("title = \""))
        .ok_or("no title line")?
        .chars()
        .take_while(|&c| c != '\\' && c != '"')
        .take(30)
        .collect();
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let home = tmp.path().join("home");
    std::fs::create_dir_all(&home).map_err(|e| e.to_string())?;
    let shown = std::process::Command::new(&programs[0].1)
        .current_dir(&root)
        .env("XDG_CACHE_HOME", tmp.path().join("show-cache"))
        .args(["show", KARABAKH])
        .output()
        .map_err(|e| format!("brief show: {e}"))?;
    let text = tmp.path().join("karabakh.txt");
    std::fs::write(&text, &shown.stdout).map_err(|e| e.to_string())?;
    let first_line: String = String::from_utf8_lossy(&shown.stdout)
        .lines()
        .next()
        .unwrap_or("")
        .trim_end()
        .chars()
        .take(40)
        .collect();
    let less = ["/usr/bin/less", "/bin/less"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.is_file());

    let load_before = loadavg();
    // Per program: first start (first byte, frame), warm (first byte, frame).
    let mut samples: Vec<[Samples; 4]> = programs.iter().map(|_| Default::default()).collect();
    let mut less_frame = Samples::default();
    let row = |s: &vt100::Screen| s.contents().contains(&title);
    for run in 0..runs {
        for (i, (_, program)) in programs.iter().enumerate() {
            let cache = tmp.path().join(format!("cache-{i}-{run}"));
            let cold = start(command(program, &root, &home, &cache, tmux), b"qq", row)?;
            let warm = start(command(program, &root, &home, &cache, tmux), b"qq", row)?;
            let s = &mut samples[i];
            s[0].0.push(cold.first_byte);
            s[1].0.push(cold.frame);
            s[2].0.push(warm.first_byte);
            s[3].0.push(warm.frame);
        }
        if let Some(less) = &less {
            let mut cmd = command(
                less,
                tmp.path(),
                &home,
                &tmp.path().join("less-cache"),
                false,
            );
            cmd.arg(&text);
            let got = start(cmd, b"q", |s| {
                s.rows(0, COLS)
                    .next()
                    .is_some_and(|r| r.starts_with(&first_line))
            })?;
            less_frame.0.push(got.frame);
        }
    }
    let load_after = loadavg();
    let peer = less_frame.median();
    let mut out = format!(
        "first frame at {COLS}×{ROWS}, shipped briefings, {runs} runs (load {load_before} before, {load_after} after){}\n\n\
         | program | start | first byte | first frame | / less |\n|---|---|---|---|---|\n",
        if tmux { ", inside tmux" } else { "" }
    );
    for ((name, path), s) in programs.iter().zip(&samples) {
        let label = format!("{name} ({})", path.display());
        for (start, byte, frame) in [("first start", &s[0], &s[1]), ("warm", &s[2], &s[3])] {
            out.push_str(&format!(
                "| {label} | {start} | {} | {} | {:.2}× |\n",
                byte.cell(),
                frame.cell(),
                frame.median() / peer
            ));
        }
    }
    if less.is_some() {
        out.push_str(&format!(
            "| less | on the text | — | {} | 1× |\n",
            less_frame.cell()
        ));
    }
    Ok(out)
}
