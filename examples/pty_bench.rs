//! The pseudo-terminal benchmark: brief against `less` and newsboat, in the
//! same run and the same way, at 120×40, printed as one markdown table.
//!
//! ```sh
//! cargo build --release && cargo run --release --example pty_bench
//! ```
//!
//! Options: `--runs N` (first-frame runs, default 10), `--library-runs N`
//! (10,000-library runs, default 5), `--size N` (briefings in the generated
//! library, default 10000), `--brief PATH` (default `target/release/brief`,
//! under `$CARGO_TARGET_DIR` when that is set).
//! With `PTY_BENCH_DUMP=DIR`, the bytes written for each measured key are
//! saved in DIR, to see what they are.
//!
//! What is measured, all from the pseudo-terminal's master side, each
//! program started with a clean environment (`TERM=xterm-256color`,
//! `LANG=C.UTF-8`, and `HOME` and every `XDG_*` directory in a temporary
//! folder, so nothing of the user's is read or written):
//!
//! - **first frame**: from spawning `brief` in the repository root (the
//!   library view of `briefings/`) until the screen shows the briefing's row,
//!   against `less` on `brief show` of that briefing, until its first line
//!   shows. Median of `--runs`, brief and less alternating.
//! - **fully listed**: from spawning `brief DIR` until the status line shows
//!   the full count and nothing says "loading"; cold is a fresh
//!   `XDG_CACHE_HOME`, warm the second start on the cache the cold start
//!   wrote (the bench waits for that file before quitting). newsboat's cache
//!   is filled first (`newsboat -x reload` on `file://DIR/items.rss`); then
//!   its time is from spawning it until the feed list shows, Enter, until its
//!   item list shows ten items. Median of `--library-runs`, interleaved. The
//!   files are in the page cache for every program: "cold" is brief's index
//!   cache, not the disk's.
//! - **bytes**: written to the terminal after one key, counted until 150 ms
//!   of quiet, the screen settled before the key: `j` and PgDn in the list
//!   (brief's library, newsboat's item list), Tab in an opened briefing.
//! - **peak memory**: `VmHWM` from `/proc/PID/status` just before quitting,
//!   with the whole library listed.
//! - **idle CPU**: `utime + stime` from `/proc/PID/stat`, in clock ticks,
//!   over 3 s of no input once everything is listed and settled.
//!
//! With `--reader DIR` (a library gen_library wrote, of `--size N`
//! briefings), only the reader: cold then warm, fully listed, each key's
//! latency while the check runs behind the list, and the peak memory once
//! it is done.
//!
//! This is not part of `cargo test`: it takes a minute or two, and its
//! figures depend on the machine.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty};

#[path = "common/pty.rs"]
mod pty;

const ROWS: u16 = 40;
const COLS: u16 = 120;
/// Output is over when the terminal has been quiet this long.
const QUIET: Duration = Duration::from_millis(150);
/// The longest any single wait may take before the bench gives up.
const TIMEOUT: Duration = Duration::from_secs(60);
/// How long a program is left alone to measure its idle CPU.
const IDLE: Duration = Duration::from_secs(3);
const KARABAKH: &str = "briefings/2023-09-19-karabakh-offensive.toml";

type Result<T> = std::result::Result<T, String>;

/// Set by SIGINT or SIGTERM: every wait gives up, children are killed and
/// the temporary folder removed on the way out.
static INTERRUPTED: LazyLock<Arc<AtomicBool>> = LazyLock::new(Arc::default);

fn check_interrupted() -> Result<()> {
    if INTERRUPTED.load(Ordering::Relaxed) {
        Err("interrupted".into())
    } else {
        Ok(())
    }
}

/// One program running in a pseudo-terminal of 120×40, its output parsed as
/// a terminal would and timestamped as it arrives.
struct Session {
    name: String,
    child: Box<dyn Child + Send + Sync>,
    writer: Option<Box<dyn Write + Send>>,
    _master: Box<dyn MasterPty + Send>,
    output: Receiver<(Instant, Vec<u8>)>,
    parser: vt100::Parser,
    started: Instant,
    /// The program's side of the terminal closed (it exited).
    closed: bool,
    /// Bytes the program has written to the terminal so far.
    written: usize,
}

impl Session {
    fn spawn(name: &str, cmd: CommandBuilder) -> Result<Session> {
        let pty::Pty {
            child,
            writer,
            master,
            output,
            started,
        } = pty::spawn(cmd, ROWS, COLS).map_err(|e| format!("{name}: {e}"))?;
        Ok(Session {
            name: name.to_owned(),
            child,
            writer: Some(writer),
            _master: master,
            output,
            parser: vt100::Parser::new(nonzero(ROWS), nonzero(COLS), 0),
            started,
            closed: false,
            written: 0,
        })
    }

    /// Output to the screen, counted.
    fn feed(&mut self, bytes: &[u8]) {
        self.written += bytes.len();
        self.parser.process(bytes);
    }

    fn pid(&self) -> Result<u32> {
        self.child
            .process_id()
            .ok_or_else(|| format!("{}: no process id", self.name))
    }

    fn screen(&self) -> String {
        self.parser
            .screen()
            .rows(0, COLS)
            .map(|r| r.trim_end().to_owned())
            .collect::<Vec<_>>()
            .join("\n")
            .trim_end()
            .to_owned()
    }

    /// Feeds output to the screen until `done` holds, and returns the time
    /// since spawning at which it first held: the arrival of the output that
    /// made it hold, or the moment a condition outside the screen became
    /// true. `done` is asked after every chunk of output and every 20 ms.
    fn wait_for(
        &mut self,
        what: &str,
        timeout: Duration,
        mut done: impl FnMut(&vt100::Screen) -> bool,
    ) -> Result<Duration> {
        let deadline = Instant::now() + timeout;
        if done(self.parser.screen()) {
            return Ok(self.started.elapsed());
        }
        loop {
            check_interrupted()?;
            let now = Instant::now();
            if now >= deadline {
                return Err(
                    self.failure(&format!("timed out after {timeout:?} waiting for {what}"))
                );
            }
            let wait = (deadline - now).min(Duration::from_millis(20));
            match self.output.recv_timeout(wait) {
                Ok((at, bytes)) => {
                    self.feed(&bytes);
                    if done(self.parser.screen()) {
                        return Ok(at - self.started);
                    }
                }
                Err(RecvTimeoutError::Timeout) => {
                    if done(self.parser.screen()) {
                        return Ok(self.started.elapsed());
                    }
                }
                Err(RecvTimeoutError::Disconnected) => {
                    self.closed = true;
                    return Err(self.failure(&format!("exited while waiting for {what}")));
                }
            }
        }
    }

    /// Reads output until the terminal has been quiet for [`QUIET`], and
    /// returns how many bytes arrived.
    fn settle(&mut self) -> Result<usize> {
        let deadline = Instant::now() + TIMEOUT;
        let mut bytes = 0;
        loop {
            check_interrupted()?;
            if Instant::now() >= deadline {
                return Err(self.failure("its output never went quiet"));
            }
            match self.output.recv_timeout(QUIET) {
                Ok((_, chunk)) => {
                    bytes += chunk.len();
                    self.feed(&chunk);
                }
                Err(RecvTimeoutError::Timeout) => return Ok(bytes),
                Err(RecvTimeoutError::Disconnected) => {
                    self.closed = true;
                    return Ok(bytes);
                }
            }
        }
    }

    /// Reads whatever arrives for `span`, and returns how many bytes did.
    fn idle(&mut self, span: Duration) -> Result<usize> {
        let end = Instant::now() + span;
        let mut bytes = 0;
        loop {
            check_interrupted()?;
            let now = Instant::now();
            if now >= end {
                return Ok(bytes);
            }
            match self.output.recv_timeout(end - now) {
                Ok((_, chunk)) => {
                    bytes += chunk.len();
                    self.feed(&chunk);
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    self.closed = true;
                    return Err(self.failure("exited while idle"));
                }
            }
        }
    }

    fn send(&mut self, keys: &[u8]) -> Result<()> {
        let name = &self.name;
        let writer = self
            .writer
            .as_mut()
            .ok_or_else(|| format!("{name}: terminal closed"))?;
        writer
            .write_all(keys)
            .and_then(|()| writer.flush())
            .map_err(|e| format!("{name}: cannot type: {e}"))
    }

    /// The bytes written for one key, from a settled screen. With
    /// `PTY_BENCH_DUMP=DIR` they are also saved there, to see what they are.
    fn key_bytes(&mut self, key: &[u8]) -> Result<usize> {
        self.settle()?;
        self.send(key)?;
        let deadline = Instant::now() + TIMEOUT;
        let mut written = Vec::new();
        loop {
            check_interrupted()?;
            if Instant::now() >= deadline {
                return Err(self.failure("its output never went quiet after a key"));
            }
            match self.output.recv_timeout(QUIET) {
                Ok((_, chunk)) => {
                    self.feed(&chunk);
                    written.extend_from_slice(&chunk);
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => {
                    self.closed = true;
                    return Err(self.failure("exited after a key"));
                }
            }
        }
        if let Some(dir) = std::env::var_os("PTY_BENCH_DUMP") {
            let name: String = format!("{}-{}", self.name, String::from_utf8_lossy(key))
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect();
            let _ = std::fs::write(Path::new(&dir).join(name), &written);
        }
        Ok(written.len())
    }

    /// Peak resident memory, in KiB.
    fn peak_kib(&self) -> Result<u64> {
        let pid = self.pid()?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
            .map_err(|e| format!("{}: /proc/{pid}/status: {e}", self.name))?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .ok_or_else(|| format!("{}: no VmHWM in /proc/{pid}/status", self.name))
    }

    /// User and system CPU so far, in clock ticks, all threads.
    fn cpu_ticks(&self) -> Result<u64> {
        let pid = self.pid()?;
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .map_err(|e| format!("{}: /proc/{pid}/stat: {e}", self.name))?;
        // Fields after the command name, which may hold spaces and parentheses:
        // state is field 3, utime 14 and stime 15.
        let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let field = |n: usize| fields.get(n - 3).and_then(|v| v.parse::<u64>().ok());
        match (field(14), field(15)) {
            (Some(u), Some(s)) => Ok(u + s),
            _ => Err(format!("{}: cannot read /proc/{pid}/stat", self.name)),
        }
    }

    /// Ticks of CPU used over [`IDLE`] with no input; any output then is a
    /// failure too, as a redraw nobody asked for.
    fn idle_ticks(&mut self) -> Result<(u64, usize)> {
        self.settle()?;
        let before = self.cpu_ticks()?;
        let bytes = self.idle(IDLE)?;
        let after = self.cpu_ticks()?;
        Ok((after.saturating_sub(before), bytes))
    }

    /// Types `keys` and waits for the program to exit; kills it if it does not.
    fn quit(mut self, keys: &[u8]) -> Result<()> {
        self.send(keys)?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            // Keep reading, so that a program writing its last frame never blocks.
            while self.output.try_recv().is_ok() {}
            if let Ok(Some(_)) = self.child.try_wait() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        Err(self.failure("did not exit when asked to quit; killed"))
    }

    fn failure(&self, what: &str) -> String {
        format!(
            "{}: {what}. Its screen was:\n{}\n{}\n{}",
            self.name,
            "-".repeat(usize::from(COLS)),
            self.screen(),
            "-".repeat(usize::from(COLS))
        )
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        // Only now: dropping the writer types an end-of-file.
        self.writer = None;
    }
}

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).unwrap_or(std::num::NonZeroU16::MIN)
}

/// Where every program run here keeps its files: never the user's.
struct Sandbox {
    home: PathBuf,
    path: std::ffi::OsString,
}

impl Sandbox {
    /// A command with a clean environment and `XDG_CACHE_HOME` at `cache`.
    fn command(&self, program: &Path, cache: &Path) -> CommandBuilder {
        let mut cmd = CommandBuilder::new(program);
        cmd.env_clear();
        cmd.env("PATH", &self.path);
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        cmd.env("LC_ALL", "C.UTF-8");
        cmd.env("HOME", &self.home);
        cmd.env("XDG_CONFIG_HOME", self.home.join("config"));
        cmd.env("XDG_STATE_HOME", self.home.join("state"));
        cmd.env("XDG_DATA_HOME", self.home.join("data"));
        cmd.env("XDG_CACHE_HOME", cache);
        cmd.env("LESSHISTFILE", "-");
        cmd
    }

    fn std_command(&self, program: &Path) -> Command {
        let mut cmd = Command::new(program);
        cmd.env_clear()
            .env("PATH", &self.path)
            .env("LANG", "C.UTF-8")
            .env("LC_ALL", "C.UTF-8")
            .env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", self.home.join("config"))
            .env("XDG_STATE_HOME", self.home.join("state"))
            .env("XDG_DATA_HOME", self.home.join("data"))
            .env("XDG_CACHE_HOME", self.home.join("cache"));
        cmd
    }
}

/// A program found on `PATH`, if installed.
fn which(program: &str, path: &std::ffi::OsStr) -> Option<PathBuf> {
    std::env::split_paths(path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

#[derive(Debug, Default, Clone)]
struct Samples(Vec<Duration>);

impl Samples {
    fn median(&self) -> Option<Duration> {
        let mut v = self.0.clone();
        v.sort();
        match v.len() {
            0 => None,
            n if n % 2 == 1 => Some(v[n / 2]),
            n => Some((v[n / 2 - 1] + v[n / 2]) / 2),
        }
    }

    fn cell(&self) -> String {
        let (Some(median), Some(min), Some(max)) =
            (self.median(), self.0.iter().min(), self.0.iter().max())
        else {
            return "—".into();
        };
        format!("{} ms ({}–{})", num(median), num(*min), num(*max))
    }
}

/// Milliseconds, to a tenth below 100.
fn num(d: Duration) -> String {
    let v = d.as_secs_f64() * 1000.0;
    if v < 100.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.0}")
    }
}

fn ms(d: Duration) -> String {
    format!("{} ms", num(d))
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

/// Thousands grouped with commas, as the README writes them.
fn grouped(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

struct Options {
    runs: usize,
    library_runs: usize,
    size: usize,
    brief: Option<PathBuf>,
    /// `--reader DIR`: only the reader, on a library already written.
    reader: Option<PathBuf>,
}

fn options() -> Result<Options> {
    let mut o = Options {
        runs: 10,
        library_runs: 5,
        size: 10_000,
        brief: None,
        reader: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        let count = |v: String, name: &str| {
            v.parse::<usize>()
                .ok()
                .filter(|&n| n > 0)
                .ok_or_else(|| format!("{name}: not a positive number: {v}"))
        };
        match a.as_str() {
            "--runs" => o.runs = count(value("--runs")?, "--runs")?,
            "--library-runs" => o.library_runs = count(value("--library-runs")?, "--library-runs")?,
            "--size" => o.size = count(value("--size")?, "--size")?,
            "--brief" => o.brief = Some(PathBuf::from(value("--brief")?)),
            "--reader" => o.reader = Some(PathBuf::from(value("--reader")?)),
            "-h" | "--help" => {
                return Err(
                    "usage: pty_bench [--runs N] [--library-runs N] [--size N] [--brief PATH] [--reader DIR]"
                        .into(),
                );
            }
            other => return Err(format!("unknown argument {other:?}; try --help")),
        }
    }
    Ok(o)
}

/// What one row of the table says.
struct Row {
    what: String,
    brief: String,
    peer: String,
    ratio: String,
    target: String,
    result: String,
}

/// A row comparing brief's figure with a peer's by ratio.
fn ratio_row(
    what: &str,
    brief: (f64, String),
    peer: Option<(f64, String)>,
    target: Option<f64>,
    peer_missing: &str,
) -> Row {
    let (b, brief_cell) = brief;
    let (peer_cell, ratio, result) = match peer {
        Some((p, cell)) if p > 0.0 => {
            let r = b / p;
            let result = match target {
                Some(t) if r <= t => "met".to_owned(),
                Some(_) => "**missed**".to_owned(),
                None => "—".to_owned(),
            };
            (cell, format!("{r:.2}×"), result)
        }
        Some((_, cell)) => (cell, "—".into(), "—".into()),
        None => (
            peer_missing.to_owned(),
            "—".into(),
            if target.is_some() {
                "no peer".into()
            } else {
                "—".into()
            },
        ),
    };
    Row {
        what: what.to_owned(),
        brief: brief_cell,
        peer: peer_cell,
        ratio,
        target: target.map_or("—".into(), |t| format!("≤ {t}× peer")),
        result,
    }
}

fn print_table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| measurement (120×40) | brief | peer | brief / peer | target | result |\n|---|---|---|---|---|---|\n",
    );
    for r in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            r.what, r.brief, r.peer, r.ratio, r.target, r.result
        );
    }
    out
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| {
            let f: Vec<&str> = l.split_whitespace().take(3).collect();
            (f.len() == 3).then(|| f.join(" "))
        })
        .unwrap_or_else(|| "unknown".into())
}

/// The opening of the briefing's title, as its row in the library shows it.
fn title_prefix(toml: &str) -> Option<String> {
    let line = toml.lines().find(|l| l.starts_with("title = \""))?;
    let rest = &line["title = \"".len()..];
    let end = rest.find(['"', '\\']).unwrap_or(rest.len());
    let prefix = rest[..end].trim();
    (!prefix.is_empty()).then(|| prefix.to_owned())
}

/// The full count and no "loading": the whole library is listed.
fn fully_listed(screen: &vt100::Screen, n: usize) -> bool {
    let text = screen.contents();
    (text.contains(&format!("{n} briefings"))
        || text.contains(&format!("{} briefings", grouped(n))))
        && !text.to_lowercase().contains("loading")
}

/// newsboat's item list: at least ten generated items on screen.
fn items_shown(screen: &vt100::Screen) -> bool {
    screen
        .rows(0, COLS)
        .filter(|r| r.contains(": day "))
        .count()
        >= 10
}

/// newsboat's feed list, with the generated feed in it.
fn feed_shown(screen: &vt100::Screen) -> bool {
    screen
        .rows(0, COLS)
        .any(|r| r.contains("Generated briefings") && r.contains('('))
}

const PGDN: &[u8] = b"\x1b[6~";

/// What the 10,000-library runs found.
#[derive(Default)]
struct Library {
    cold: Samples,
    /// Until anything of the library shows ("loading…" or the list).
    cold_first: Samples,
    newsboat_first: Samples,
    warm: Samples,
    newsboat: Samples,
    /// After "fully listed" on a cold start, until the cache file existed.
    cache_written: Samples,
    cold_peak: u64,
    warm_peak: u64,
    newsboat_peak: u64,
    brief_idle: (u64, usize),
    newsboat_idle: (u64, usize),
    /// Bytes written until fully listed (the most of the runs).
    cold_bytes: usize,
    warm_bytes: usize,
    newsboat_bytes: usize,
    brief_j: usize,
    brief_pgdn: usize,
    brief_tab: usize,
    newsboat_j: usize,
    newsboat_pgdn: usize,
    /// `j` once the list scrolls with each move (newsboat: Down).
    brief_j_scrolled: usize,
    newsboat_j_scrolled: usize,
    /// One line down in a source's full text (brief), in `less`.
    brief_text_j: usize,
    less_j: usize,
}

fn run() -> Result<String> {
    let opts = options()?;
    if let Some(dir) = &opts.reader {
        return reader_only(&opts, dir);
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let brief = opts
        .brief
        .clone()
        .unwrap_or_else(|| target_dir(&root).join("release/brief"));
    if !brief.is_file() {
        return Err(format!(
            "{} not found: run `cargo build --release` first",
            brief.display()
        ));
    }
    let brief = brief
        .canonicalize()
        .map_err(|e| format!("{}: {e}", brief.display()))?;
    let path = std::env::var_os("PATH").unwrap_or_else(|| "/usr/bin:/bin".into());
    let less = which("less", &path);
    let newsboat = which("newsboat", &path);

    let tmp = tempfile::Builder::new()
        .prefix("brief-pty-bench-")
        .tempdir()
        .map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    let dir = tmp.path().to_owned();
    let sandbox = Sandbox {
        home: dir.join("home"),
        path: path.clone(),
    };
    for d in ["home/config", "home/state", "home/data", "home/cache"] {
        std::fs::create_dir_all(dir.join(d)).map_err(|e| format!("{d}: {e}"))?;
    }
    let load_before = loadavg();

    // --- First frame: brief on the shipped briefings, less on the text. ---
    let toml =
        std::fs::read_to_string(root.join(KARABAKH)).map_err(|e| format!("{KARABAKH}: {e}"))?;
    let title = title_prefix(&toml).ok_or_else(|| format!("{KARABAKH}: no title line"))?;
    let text_file = dir.join("tmp.txt");
    let shown = sandbox
        .std_command(&brief)
        .current_dir(&root)
        .args(["show", KARABAKH])
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("brief show: {e}"))?;
    if !shown.status.success() {
        return Err(format!("brief show {KARABAKH} failed: {}", shown.status));
    }
    std::fs::write(&text_file, &shown.stdout).map_err(|e| format!("tmp.txt: {e}"))?;
    let first_line: String = String::from_utf8_lossy(&shown.stdout)
        .lines()
        .next()
        .unwrap_or("")
        .trim_end()
        .chars()
        .take(40)
        .collect();
    if first_line.is_empty() {
        return Err("brief show printed nothing".into());
    }
    let frame_cache = dir.join("home/cache");
    let mut brief_first = Samples::default();
    let mut less_first = Samples::default();
    eprintln!(
        "first frame: {} runs each of brief and less (load {load_before})",
        opts.runs
    );
    let (mut brief_text_j, mut less_j) = (0, 0);
    for run in 0..opts.runs {
        let mut cmd = sandbox.command(&brief, &frame_cache);
        cmd.cwd(&root);
        let mut s = Session::spawn("brief (shipped briefings)", cmd)?;
        brief_first
            .0
            .push(s.wait_for("the briefing's row", TIMEOUT, |scr| {
                scr.contents().contains(&title)
            })?);
        s.settle()?;
        if run == 0 {
            // One line down in the source's full text (Enter 5 Enter).
            s.send(b"\r")?;
            s.settle()?;
            s.send(b"5")?;
            s.settle()?;
            s.send(b"\r")?;
            s.settle()?;
            brief_text_j = s.key_bytes(b"j")?;
        }
        s.quit(b"q")?;
        if let Some(less) = &less {
            let mut cmd = sandbox.command(less, &frame_cache);
            cmd.cwd(&dir);
            cmd.arg("tmp.txt");
            let mut s = Session::spawn("less", cmd)?;
            less_first
                .0
                .push(s.wait_for("the first line", TIMEOUT, |scr| {
                    scr.rows(0, COLS)
                        .next()
                        .is_some_and(|r| r.starts_with(&first_line))
                })?);
            s.settle()?;
            if run == 0 {
                less_j = s.key_bytes(b"j")?;
            }
            s.quit(b"q")?;
        }
    }

    // --- The generated library. ---
    let n = opts.size;
    let lib = dir.join("library");
    eprintln!("generating {} briefings in {}", grouped(n), lib.display());
    generate(&root, &lib, n)?;
    let rss = lib.join("items.rss");
    let nb = match &newsboat {
        Some(program) => Some(prepare_newsboat(&sandbox, program, &dir, &rss, n)?),
        None => None,
    };

    let mut found = Library {
        brief_text_j,
        less_j,
        ..Library::default()
    };
    for round in 0..opts.library_runs {
        eprintln!(
            "library round {} of {} (load {})",
            round + 1,
            opts.library_runs,
            loadavg()
        );
        let cache = dir.join(format!("cache-{round}"));
        std::fs::create_dir_all(&cache).map_err(|e| format!("{}: {e}", cache.display()))?;
        let cache_file = cache.join("brief").join("index.sqlite");

        // Cold: an empty cache folder.
        let mut cmd = sandbox.command(&brief, &cache);
        cmd.arg(&lib);
        let mut s = Session::spawn("brief (cold cache)", cmd)?;
        found
            .cold_first
            .0
            .push(s.wait_for("a first frame", TIMEOUT, |scr| {
                scr.contents().to_lowercase().contains("loading") || fully_listed(scr, n)
            })?);
        let listed = s.wait_for("the full count, not loading", TIMEOUT, |scr| {
            fully_listed(scr, n)
        })?;
        found.cold.0.push(listed);
        found.cold_bytes = found.cold_bytes.max(s.written);
        let written = s.wait_for("the index cache file", TIMEOUT, |_| cache_file.is_file())?;
        found.cache_written.0.push(written.saturating_sub(listed));
        s.settle()?;
        found.cold_peak = found.cold_peak.max(s.peak_kib()?);
        s.quit(b"q")?;
        // The reader lists a cold library from the files' heads and indexes
        // them in full in the background; quitting early leaves that
        // unfinished, so `brief list` completes the index before the warm start.
        let completed = sandbox
            .std_command(&brief)
            .env("XDG_CACHE_HOME", &cache)
            .arg("list")
            .arg(&lib)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| format!("brief list: {e}"))?;
        if completed.code().is_none_or(|c| c > 1) {
            return Err(format!("brief list {}: {completed}", lib.display()));
        }

        // Warm: the second start, on the cache the first one wrote.
        let mut cmd = sandbox.command(&brief, &cache);
        cmd.arg(&lib);
        let mut s = Session::spawn("brief (warm cache)", cmd)?;
        let listed = s.wait_for("the full count, not loading", TIMEOUT, |scr| {
            fully_listed(scr, n)
        })?;
        found.warm.0.push(listed);
        found.warm_bytes = found.warm_bytes.max(s.written);
        let (ticks, bytes) = s.idle_ticks()?;
        found.brief_idle = (found.brief_idle.0.max(ticks), found.brief_idle.1.max(bytes));
        if round == 0 {
            found.brief_j = s.key_bytes(b"j")?;
            found.brief_pgdn = s.key_bytes(PGDN)?;
            // Past the bottom of the page: from here each `j` scrolls the list.
            s.send(&[b'j'; 30])?;
            s.settle()?;
            found.brief_j_scrolled = s.key_bytes(b"j")?;
            s.key_bytes(b"\r")?;
            if !s.screen().contains("Summary") {
                return Err(s.failure("Enter did not open a briefing"));
            }
            found.brief_tab = s.key_bytes(b"\t")?;
        }
        found.warm_peak = found.warm_peak.max(s.peak_kib()?);
        s.quit(b"q")?;

        // newsboat on the same items, its cache filled.
        if let (Some(program), Some(nb)) = (&newsboat, &nb) {
            let mut cmd = sandbox.command(program, &dir.join("home/cache"));
            cmd.cwd(&dir);
            cmd.args(nb.args());
            let mut s = Session::spawn("newsboat", cmd)?;
            found
                .newsboat_first
                .0
                .push(s.wait_for("the feed list", TIMEOUT, feed_shown)?);
            s.send(b"\r")?;
            found
                .newsboat
                .0
                .push(s.wait_for("the item list", TIMEOUT, items_shown)?);
            found.newsboat_bytes = found.newsboat_bytes.max(s.written);
            let (ticks, bytes) = s.idle_ticks()?;
            found.newsboat_idle = (
                found.newsboat_idle.0.max(ticks),
                found.newsboat_idle.1.max(bytes),
            );
            if round == 0 {
                // newsboat binds `j` to "next feed" in its item list: Down
                // is its one-row move, sent as its terminal mode expects.
                let down: &[u8] = if s.parser.screen().application_cursor() {
                    b"\x1bOB"
                } else {
                    b"\x1b[B"
                };
                found.newsboat_j = s.key_bytes(down)?;
                found.newsboat_pgdn = s.key_bytes(PGDN)?;
                s.send(&down.repeat(30))?;
                s.settle()?;
                found.newsboat_j_scrolled = s.key_bytes(down)?;
            }
            found.newsboat_peak = found.newsboat_peak.max(s.peak_kib()?);
            s.quit(b"Q")?;
        }
    }
    let load_after = loadavg();

    // --- The table. ---
    let f = |s: &Samples| s.median().map(|d| d.as_secs_f64());
    let has_nb = newsboat.is_some();
    let nb_time = f(&found.newsboat).map(|v| (v, found.newsboat.cell()));
    let missing = |p: &str| format!("{p}: not installed");
    let count = |b: usize| (b as f64, format!("{} B", grouped(b)));
    let nb_count = |b: usize| has_nb.then(|| count(b));
    let mut rows = vec![
        ratio_row(
            &format!(
                "first frame, shipped briefings; less on the text (median of {})",
                opts.runs
            ),
            (f(&brief_first).unwrap_or(0.0), brief_first.cell()),
            less.as_ref()
                .and_then(|_| f(&less_first).map(|v| (v, less_first.cell()))),
            Some(1.5),
            &missing("less"),
        ),
        ratio_row(
            &format!(
                "{} briefings, first frame (\"loading\"), cold cache; newsboat feed list (median of {})",
                grouped(n),
                opts.library_runs
            ),
            (f(&found.cold_first).unwrap_or(0.0), found.cold_first.cell()),
            f(&found.newsboat_first).map(|v| (v, found.newsboat_first.cell())),
            None,
            &missing("newsboat"),
        ),
        ratio_row(
            &format!(
                "{} briefings fully listed, cold cache; newsboat item list (median of {})",
                grouped(n),
                opts.library_runs
            ),
            (f(&found.cold).unwrap_or(0.0), found.cold.cell()),
            nb_time.clone(),
            Some(0.5),
            &missing("newsboat"),
        ),
        ratio_row(
            &format!(
                "{} briefings fully listed, warm cache; newsboat item list (median of {})",
                grouped(n),
                opts.library_runs
            ),
            (f(&found.warm).unwrap_or(0.0), found.warm.cell()),
            nb_time,
            Some(0.25),
            &missing("newsboat"),
        ),
        ratio_row(
            &format!(
                "bytes written until {} listed, cold cache; newsboat until its item list",
                grouped(n)
            ),
            count(found.cold_bytes),
            nb_count(found.newsboat_bytes),
            None,
            &missing("newsboat"),
        ),
        ratio_row(
            &format!(
                "bytes written until {} listed, warm cache; newsboat until its item list",
                grouped(n)
            ),
            count(found.warm_bytes),
            nb_count(found.newsboat_bytes),
            None,
            &missing("newsboat"),
        ),
        ratio_row(
            "bytes written for `j` in the list (newsboat: Down)",
            count(found.brief_j),
            nb_count(found.newsboat_j),
            Some(2.0),
            &missing("newsboat"),
        ),
        ratio_row(
            "bytes written for `j` once the list scrolls (newsboat: Down)",
            count(found.brief_j_scrolled),
            nb_count(found.newsboat_j_scrolled),
            Some(2.0),
            &missing("newsboat"),
        ),
        ratio_row(
            "bytes written for `j` in a source's full text; less: `j`",
            count(found.brief_text_j),
            less.as_ref().map(|_| count(found.less_j)),
            Some(3.0),
            &missing("less"),
        ),
        ratio_row(
            "bytes written for PgDn in the list",
            count(found.brief_pgdn),
            nb_count(found.newsboat_pgdn),
            None,
            &missing("newsboat"),
        ),
        ratio_row(
            "bytes written for Tab in a briefing",
            count(found.brief_tab),
            None,
            None,
            "— (no such pane)",
        ),
    ];
    for (what, kib) in [
        ("cold start", found.cold_peak),
        ("warm start", found.warm_peak),
    ] {
        let mut row = ratio_row(
            &format!("peak memory (VmHWM), {} listed, {what}", grouped(n)),
            (kib as f64, mib(kib)),
            has_nb.then(|| (found.newsboat_peak as f64, mib(found.newsboat_peak))),
            None,
            &missing("newsboat"),
        );
        row.target = "< 64 MiB".into();
        row.result = if kib < 64 * 1024 { "met" } else { "**missed**" }.into();
        rows.push(row);
    }
    let idle = |(ticks, bytes): (u64, usize)| format!("{ticks} ticks, {bytes} B written");
    rows.push(Row {
        what: format!(
            "CPU over {} s idle, {} listed (worst of {})",
            IDLE.as_secs(),
            grouped(n),
            opts.library_runs
        ),
        brief: idle(found.brief_idle),
        peer: if has_nb {
            idle(found.newsboat_idle)
        } else {
            missing("newsboat")
        },
        ratio: "—".into(),
        target: "0 ticks".into(),
        result: if found.brief_idle.0 == 0 {
            "met"
        } else {
            "**missed**"
        }
        .into(),
    });

    let mut out = print_table(&rows);
    let _ = write!(
        out,
        "\nTimes are median (min–max) from spawning the program in a {COLS}×{ROWS} pseudo-terminal. \
         brief's index cache was written {} after the cold start's full listing (median). \
         Load average {load_before} before, {load_after} after.\n",
        found.cache_written.median().map_or("—".into(), ms)
    );
    drop(tmp);
    Ok(out)
}

/// Where cargo builds: `$CARGO_TARGET_DIR`, or `target/` in the repository.
fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .filter(|d| !d.is_empty())
        .map_or_else(|| root.join("target"), |d| root.join(d))
}

/// Writes the library with the gen_library example, built if need be.
fn generate(root: &Path, lib: &Path, n: usize) -> Result<()> {
    let program = target_dir(root).join("release/examples/gen_library");
    let source = root.join("examples/gen_library.rs");
    let stale = match (
        std::fs::metadata(&program).and_then(|m| m.modified()),
        std::fs::metadata(&source).and_then(|m| m.modified()),
    ) {
        (Ok(built), Ok(written)) => built < written,
        _ => true,
    };
    if stale {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let status = Command::new(cargo)
            .current_dir(root)
            .args(["build", "--release", "--example", "gen_library"])
            .status()
            .map_err(|e| format!("cannot build gen_library: {e}"))?;
        if !status.success() {
            return Err("cargo build --release --example gen_library failed".into());
        }
    }
    let out = Command::new(&program)
        .arg(lib)
        .arg(n.to_string())
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{}: {e}", program.display()))?;
    if !out.status.success() {
        return Err(format!(
            "gen_library failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(())
}

/// newsboat's files for the run: its feed list, configuration and cache.
struct Newsboat {
    urls: PathBuf,
    config: PathBuf,
    cache: PathBuf,
}

impl Newsboat {
    fn args(&self) -> Vec<std::ffi::OsString> {
        vec![
            "-u".into(),
            self.urls.clone().into(),
            "-c".into(),
            self.cache.clone().into(),
            "-C".into(),
            self.config.clone().into(),
        ]
    }
}

/// Fills newsboat's cache from `file://…/items.rss` and checks every item
/// made it in, so that its start is measured on a full cache.
fn prepare_newsboat(
    sandbox: &Sandbox,
    program: &Path,
    dir: &Path,
    rss: &Path,
    n: usize,
) -> Result<Newsboat> {
    let nb = Newsboat {
        urls: dir.join("newsboat-urls"),
        config: dir.join("newsboat-config"),
        cache: dir.join("newsboat-cache.db"),
    };
    std::fs::write(&nb.urls, format!("file://{}\n", rss.display()))
        .map_err(|e| format!("newsboat urls: {e}"))?;
    // No reload at start or on a timer, nothing asked on quit, and no
    // clean-up of the cache then: only the start is measured.
    std::fs::write(
        &nb.config,
        "auto-reload no\nconfirm-exit no\ncleanup-on-quit no\nshow-read-feeds yes\n",
    )
    .map_err(|e| format!("newsboat config: {e}"))?;
    eprintln!("filling newsboat's cache from {}", rss.display());
    let out = sandbox
        .std_command(program)
        .current_dir(dir)
        .args(nb.args())
        .args(["-x", "reload"])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("newsboat -x reload: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "newsboat -x reload failed ({}): {}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    // `-x print-unread` counts what the cache holds, all unread.
    let out = sandbox
        .std_command(program)
        .current_dir(dir)
        .args(nb.args())
        .args(["-x", "print-unread"])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("newsboat -x print-unread: {e}"))?;
    let said = String::from_utf8_lossy(&out.stdout);
    let unread: Option<usize> = said.split_whitespace().next().and_then(|v| v.parse().ok());
    if unread != Some(n) {
        return Err(format!(
            "newsboat's cache holds {} of {n} items after reload: {said}",
            unread.map_or("an unknown number".into(), |u| u.to_string())
        ));
    }
    Ok(nb)
}

fn main() -> ExitCode {
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        let _ = signal_hook::flag::register(signal, Arc::clone(&INTERRUPTED));
    }
    match run() {
        Ok(table) => {
            print!("{table}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("pty_bench: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The screen row the selection is drawn on (reversed text), above the
/// status line.
fn selected_row(screen: &vt100::Screen) -> Option<u16> {
    (0..ROWS.saturating_sub(1)).find(|&r| {
        (0..COLS).any(|c| {
            screen
                .cell(r, c)
                .is_some_and(|cell| cell.inverse() && !cell.contents().trim().is_empty())
        })
    })
}

/// What one start of the reader alone (`--reader DIR`) gave.
#[derive(Default)]
struct ReaderRun {
    listed: Samples,
    /// From a key (`j` or `k`) to the frame that moved the selection, while
    /// the background check ran.
    keys: Samples,
    /// How long the background check ran after the list.
    check: Samples,
    peak: u64,
}

impl Session {
    /// CPU used so far by every thread but the one that answers keys (the
    /// loader, the check, the watch), in clock ticks.
    fn background_ticks(&self) -> Result<u64> {
        let pid = self.pid()?;
        let tasks = std::fs::read_dir(format!("/proc/{pid}/task"))
            .map_err(|e| format!("{}: /proc/{pid}/task: {e}", self.name))?;
        let mut ticks = 0;
        for task in tasks.flatten() {
            if task.file_name().to_str() == Some(&pid.to_string()) {
                continue;
            }
            let Ok(stat) = std::fs::read_to_string(task.path().join("stat")) else {
                continue;
            };
            let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
            let fields: Vec<&str> = rest.split_whitespace().collect();
            let field = |n: usize| fields.get(n - 3).and_then(|v| v.parse::<u64>().ok());
            ticks += field(14).unwrap_or(0) + field(15).unwrap_or(0);
        }
        Ok(ticks)
    }

    /// Presses `j` and `k` in turn until the program's threads other than
    /// the one answering keys have been idle for a whole second (the check
    /// behind the list is done), each key once the selection shows the last
    /// one; the time from each key to the frame showing it, and how long
    /// the check went on.
    fn keys_until_idle(&mut self, keys: &mut Samples) -> Result<Duration> {
        let start = Instant::now();
        let mut window = (Instant::now(), self.background_ticks()?);
        let mut down = true;
        loop {
            check_interrupted()?;
            if start.elapsed() > Duration::from_secs(600) {
                return Err(self.failure("still busy after 10 minutes"));
            }
            let before = selected_row(self.parser.screen());
            self.send(if down { b"j" } else { b"k" })?;
            let sent = Instant::now();
            let moved = self.wait_for("the selection to move", TIMEOUT, |scr| {
                selected_row(scr) != before
            })?;
            keys.0
                .push((self.started + moved).saturating_duration_since(sent));
            down = !down;
            self.idle(Duration::from_millis(40))?;
            if window.0.elapsed() >= Duration::from_secs(1) {
                let ticks = self.background_ticks()?;
                if ticks == window.1 {
                    return Ok(window.0 - start);
                }
                window = (Instant::now(), ticks);
            }
        }
    }
}

/// `--reader DIR`: the reader alone on a library already written (of
/// `--size` briefings), cold (an empty cache) then warm, `--library-runs`
/// times: how soon it is fully listed, each key's latency while the check
/// runs behind the list, and its peak memory once the check is done.
fn reader_only(opts: &Options, lib: &Path) -> Result<String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let brief = opts
        .brief
        .clone()
        .unwrap_or_else(|| target_dir(&root).join("release/brief"));
    let path = std::env::var_os("PATH").unwrap_or_else(|| "/usr/bin:/bin".into());
    let tmp = tempfile::Builder::new()
        .prefix("brief-pty-reader-")
        .tempdir()
        .map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    let dir = tmp.path().to_owned();
    let sandbox = Sandbox {
        home: dir.join("home"),
        path,
    };
    for d in ["home/config", "home/state", "home/data"] {
        std::fs::create_dir_all(dir.join(d)).map_err(|e| format!("{d}: {e}"))?;
    }
    let n = opts.size;
    let load_before = loadavg();
    let (mut cold, mut warm) = (ReaderRun::default(), ReaderRun::default());
    for round in 0..opts.library_runs {
        eprintln!(
            "reader round {} of {} (load {})",
            round + 1,
            opts.library_runs,
            loadavg()
        );
        let cache = dir.join(format!("cache-{round}"));
        std::fs::create_dir_all(&cache).map_err(|e| format!("{}: {e}", cache.display()))?;
        for run in [&mut cold, &mut warm] {
            let mut cmd = sandbox.command(&brief, &cache);
            cmd.arg(lib);
            let mut s = Session::spawn("brief", cmd)?;
            run.listed
                .0
                .push(s.wait_for("the full count", TIMEOUT * 5, |scr| fully_listed(scr, n))?);
            run.check.0.push(s.keys_until_idle(&mut run.keys)?);
            run.peak = run.peak.max(s.peak_kib()?);
            s.quit(b"q")?;
        }
    }
    let worst = |s: &Samples| s.0.iter().max().map_or("—".into(), |d| ms(*d));
    let mut out = String::from(
        "| the reader alone (120×40) | fully listed | check behind it | keys during the check: median (min–max), count | worst key | peak memory (VmHWM) after the check |\n|---|---|---|---|---|---|\n",
    );
    for (what, r) in [("cold cache", &cold), ("warm cache", &warm)] {
        let _ = writeln!(
            out,
            "| {}, {what} | {} | {} | {}, {} | {} | {} |",
            grouped(n),
            r.listed.cell(),
            r.check.cell(),
            r.keys.cell(),
            r.keys.0.len(),
            worst(&r.keys),
            mib(r.peak)
        );
    }
    let _ = writeln!(
        out,
        "\nLoad average {load_before} before, {} after.",
        loadavg()
    );
    drop(tmp);
    Ok(out)
}
