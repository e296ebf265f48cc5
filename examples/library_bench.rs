//! The library pipeline at scale, printed as one markdown table: listing
//! cold and warm at N and 8N (linear?), the first list of a session from
//! the index at 8N, `brief search` against `grep -rli` on the same files,
//! and how soon a new file is seen while another is written every 50 ms.
//!
//! ```sh
//! cargo build --release --examples
//! target/release/examples/library_bench [--size N] [--runs R] [--search]
//! ```
//!
//! `--search` generates only the library of N and measures only `brief
//! search` against `grep -rli`; with `--also PATH`, another brief (an older
//! build) in the same runs. The first brief is also measured with a
//! watcher (`brief watch`, its own XDG_RUNTIME_DIR) in the same runs, and
//! what the watcher costs (memory, CPU, inotify watches) is printed.
//!
//! The libraries are written by `gen_library` (beside this example) into
//! a temporary folder; `brief` is `target/release/brief`. Each program runs
//! with `XDG_CACHE_HOME` in that folder; the files are in the page cache for
//! every program, so "cold" means brief's index, not the disk. Pair it with
//! `pty_bench --size N` for the reader against newsboat.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use brief::library::db::Db;
use brief::library::watch::Live;

/// The heap this process holds now and at most: what the listing costs
/// in memory, apart from what the allocator keeps (VmHWM has both).
mod counting {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::{AtomicUsize, Ordering};

    pub struct Counting;
    static NOW: AtomicUsize = AtomicUsize::new(0);
    static PEAK: AtomicUsize = AtomicUsize::new(0);

    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            let now = NOW.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
            unsafe { System.alloc(layout) }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            NOW.fetch_sub(layout.size(), Ordering::Relaxed);
            unsafe { System.dealloc(ptr, layout) }
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new: usize) -> *mut u8 {
            if new > layout.size() {
                let now =
                    NOW.fetch_add(new - layout.size(), Ordering::Relaxed) + new - layout.size();
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                NOW.fetch_sub(layout.size() - new, Ordering::Relaxed);
            }
            unsafe { System.realloc(ptr, layout, new) }
        }
    }

    /// Heap held now and at most since the last call, in MiB.
    pub fn take() -> (f64, f64) {
        let now = NOW.load(Ordering::Relaxed);
        let peak = PEAK.swap(now, Ordering::Relaxed);
        let mib = |b: usize| b as f64 / (1024.0 * 1024.0);
        (mib(now), mib(peak))
    }
}

#[global_allocator]
static HEAP: counting::Counting = counting::Counting;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Runs a command to its end, its output thrown away; how long it took.
fn time(cmd: &mut Command) -> Duration {
    let start = Instant::now();
    let status = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("the program runs");
    let took = start.elapsed();
    assert!(status.code().is_some_and(|c| c <= 1), "{cmd:?}: {status}");
    took
}

/// CPU time this thread has used: a figure the other programs on a loaded
/// machine change less than the wall clock.
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes the timespec it is given.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opt = |name: &str, default: usize| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1)?.parse().ok())
            .unwrap_or(default)
    };
    // `--warm DIR CACHE`: only the reader's warm start over an index
    // already in CACHE (built first if it is not), in this process: for a
    // profiler (`perf record`), without generating libraries.
    if let Some(i) = args.iter().position(|a| a == "--warm") {
        let (Some(dir), Some(cache)) = (args.get(i + 1), args.get(i + 2)) else {
            eprintln!("--warm DIR CACHE");
            return ExitCode::from(2);
        };
        warm_only(Path::new(dir), Path::new(cache));
        return ExitCode::SUCCESS;
    }
    let n = opt("--size", 10_000);
    let runs = opt("--runs", 5);
    let exe = std::env::current_exe().expect("own path");
    let examples = exe.parent().expect("examples folder");
    let brief = examples.parent().expect("release folder").join("brief");
    let gen_library = examples.join("gen_library");
    if !brief.is_file() || !gen_library.is_file() {
        eprintln!("build first: cargo build --release --examples");
        return ExitCode::from(2);
    }
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let mut rows: Vec<(String, String, String)> = Vec::new();
    let mut libs = Vec::new();
    // `--search`: only the library of N and the search rows.
    let search_only = args.iter().any(|a| a == "--search");
    let sizes = if search_only { vec![n] } else { vec![n, 8 * n] };
    for size in sizes {
        let dir = tmp.path().join(format!("lib-{size}"));
        let ok = Command::new(&gen_library)
            .arg(&dir)
            .arg(size.to_string())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("gen_library failed");
            return ExitCode::from(2);
        }
        libs.push((size, dir));
    }
    if search_only {
        let (size, dir) = &libs[0];
        let state = tmp.path().join("state");
        // `--also PATH`: another brief (an older build, say) measured in
        // the same runs, each with its own index.
        let mut briefs = vec![(
            brief.display().to_string(),
            tmp.path().join(format!("warm-{size}")),
        )];
        if let Some(i) = args.iter().position(|a| a == "--also")
            && let Some(other) = args.get(i + 1)
        {
            briefs.push((other.clone(), tmp.path().join(format!("also-{size}"))));
        }
        for (b, cache) in &briefs {
            // The index written once: every search after it is warm.
            let mut c = Command::new(b);
            c.env("XDG_CACHE_HOME", cache)
                .env("XDG_STATE_HOME", &state)
                .arg("list")
                .arg(dir);
            time(&mut c);
        }
        rows.extend(search_rows(&briefs, &state, dir, *size, runs));
        print_table(rows);
        return ExitCode::SUCCESS;
    }
    let run = |cache: &Path, args: &[&str], dir: &Path| {
        let mut c = Command::new(&brief);
        c.env("XDG_CACHE_HOME", cache)
            .env("XDG_STATE_HOME", tmp.path().join("state"))
            .args(args)
            .arg(dir);
        c
    };

    // `brief list`: cold (a fresh index each run) and warm.
    let mut listed = Vec::new();
    for (size, dir) in &libs {
        let mut cold = Vec::new();
        for r in 0..runs.min(3) {
            let cache = tmp.path().join(format!("cold-{size}-{r}"));
            cold.push(time(&mut run(&cache, &["list"], dir)));
        }
        let cache = tmp.path().join(format!("warm-{size}"));
        time(&mut run(&cache, &["list"], dir));
        let warm: Vec<Duration> = (0..runs)
            .map(|_| time(&mut run(&cache, &["list"], dir)))
            .collect();
        let (cold, warm) = (median(cold), median(warm));
        listed.push((cold, warm));
        rows.push((
            format!("`brief list`, {size} briefings, cold index"),
            ms(cold),
            String::new(),
        ));
        rows.push((
            format!("`brief list`, {size} briefings, warm"),
            ms(warm),
            String::new(),
        ));
    }
    let ratio = |a: Duration, b: Duration| format!("{:.1}×", a.as_secs_f64() / b.as_secs_f64());
    rows.push((
        "8× the briefings: cold / warm".to_owned(),
        format!(
            "{} / {}",
            ratio(listed[1].0, listed[0].0),
            ratio(listed[1].1, listed[0].1)
        ),
        "≤ 10× (linear)".into(),
    ));

    // `brief search WORD` warm against `grep -rli WORD` on the same files.
    let (size, dir) = &libs[0];
    let cache = tmp.path().join(format!("warm-{size}"));
    rows.extend(search_rows(
        &[(brief.display().to_string(), cache)],
        &tmp.path().join("state"),
        dir,
        *size,
        runs,
    ));

    // The reader's `/` at N: each character typed (the key path: the title
    // filter and the ask), and the full-text search the worker then runs.
    {
        let mut db = Db::open(&tmp.path().join(format!("warm-{size}/brief/index.sqlite")));
        let roots = vec![dir.clone()];
        let listed = brief::library::list(&roots, &mut db);
        let mut app = brief::tui::app::App::new(
            listed.listings,
            Vec::new(),
            brief::tui::app::Options::default(),
            ratatui::layout::Rect::new(0, 0, 120, 40),
        );
        let mut keys = Vec::new();
        let mut searches = Vec::new();
        for c in "/kasenga".chars() {
            let key = crossterm::event::KeyEvent::new(
                crossterm::event::KeyCode::Char(c),
                crossterm::event::KeyModifiers::NONE,
            );
            let t = Instant::now();
            let effects = app.update(brief::tui::Msg::Key(key));
            keys.push(t.elapsed());
            for e in effects {
                if let brief::tui::Effect::FullText(ask) = e {
                    let t = Instant::now();
                    let found = brief::tui::loader::search(&db, &roots, &ask);
                    searches.push(t.elapsed());
                    let t = Instant::now();
                    app.update(brief::tui::Msg::Found(found));
                    keys.push(t.elapsed());
                }
            }
        }
        let worst = |v: &[Duration]| v.iter().max().copied().unwrap_or_default();
        rows.push((
            format!(
                "reader `/kasenga`, {size}: key (filter, ask, answer taken in), median / worst"
            ),
            format!("{} / {}", ms(median(keys.clone())), ms(worst(&keys))),
            "≤ 16 ms".into(),
        ));
        rows.push((
            format!("reader `/kasenga`, {size}: worst full-text search on the worker"),
            ms(worst(&searches)),
            "off the key path".into(),
        ));
    }

    // The first list of a reader's session from the index, at 8N, in this
    // process (what the first frame waits for), with its peak memory.
    let (big, big_dir) = &libs[1];
    let db_path = tmp.path().join(format!("warm-{big}/brief/index.sqlite"));
    let before = peak_rss_kib();
    let start = Instant::now();
    let (live, first) = Live::open(vec![big_dir.clone()], Db::open(&db_path));
    let first_list = start.elapsed();
    rows.push((
        format!(
            "reader's first frame rows ({}) from the index, {big} briefings",
            first.listings.len()
        ),
        ms(first_list),
        "first frame ≤ 20 ms".into(),
    ));
    // Then the whole list from the index, and the check (stat) of every file.
    let mut live = live;
    let mut listed = 0;
    let mut whole = None;
    live.refresh(&mut |b| {
        listed += b.files.iter().filter(|(_, f)| f.listing.is_some()).count();
        if b.total > 0 && b.done == b.total && whole.is_none() {
            whole = Some(start.elapsed());
        }
        true
    });
    let checked = start.elapsed();
    assert!(listed >= *big, "{listed}");
    rows.push((
        format!("fully listed from the index (warm), {big}"),
        whole.map_or_else(|| "never".into(), ms),
        "≤ 300 ms".into(),
    ));
    rows.push((
        format!("then every file checked (stat) against it, {big}"),
        ms(checked),
        String::new(),
    ));
    rows.push((
        format!("peak memory of this process with {big} listed"),
        format!(
            "{} MiB (was {} MiB before)",
            peak_rss_kib() / 1024,
            before / 1024
        ),
        "≤ 100 MiB".into(),
    ));
    drop(first);
    drop(live);

    // A new file while another is written every 50 ms.
    let lib = tmp.path().join("live");
    std::fs::create_dir_all(&lib).unwrap();
    let (live, _) = Live::open(vec![lib.clone()], Db::memory());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        live.follow(true, || {}, &mut |b| tx.send(b).is_ok());
    });
    std::thread::sleep(Duration::from_millis(300));
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let busy = {
        let stop = stop.clone();
        let notes = lib.join("busy.toml");
        std::thread::spawn(move || {
            let mut i = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let _ = std::fs::write(&notes, format!("# {i}\n"));
                i += 1;
                std::thread::sleep(Duration::from_millis(50));
            }
        })
    };
    let mut seen = Vec::new();
    for i in 0..runs {
        std::thread::sleep(Duration::from_millis(120));
        let name = format!("new-{i}.toml");
        let start = Instant::now();
        std::fs::write(
            lib.join(&name),
            format!(
                "format = 1\nid = \"n{i}\"\ntitle = \"New {i}\"\ndate = \"2025\"\n[summary]\nheadline = \"x\"\n"
            ),
        )
        .unwrap();
        let deadline = start + Duration::from_secs(10);
        'wait: while Instant::now() < deadline {
            if let Ok(b) = rx.recv_timeout(Duration::from_millis(20))
                && b.files
                    .iter()
                    .any(|(p, f)| p.ends_with(&name) && f.listing.is_some())
            {
                seen.push(start.elapsed());
                break 'wait;
            }
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let _ = busy.join();
    let worst = seen.iter().max().copied().unwrap_or(Duration::MAX);
    rows.push((
        "a new file listed while another changes every 50 ms (worst of runs)".into(),
        if seen.len() == runs {
            ms(worst)
        } else {
            format!("{} of {runs} never seen", runs - seen.len())
        },
        "≤ 1 s".into(),
    ));

    print_table(rows);
    ExitCode::SUCCESS
}

fn print_table(rows: Vec<(String, String, String)>) {
    println!("| measure | brief | target |\n|---|---|---|");
    for (what, got, target) in rows {
        println!("| {what} | {got} | {target} |");
    }
}

/// The median of `v` with its range: `12.3 ms (11.0–15.2)`.
fn spread(v: &[Duration]) -> String {
    let (lo, hi) = (v.iter().min().unwrap(), v.iter().max().unwrap());
    let f = |d: &Duration| format!("{:.1}", d.as_secs_f64() * 1000.0);
    format!("{} ({}–{})", ms(median(v.to_vec())), f(lo), f(hi))
}

/// CPU time (user and system) used by this process's children so far.
fn children_cpu() -> Duration {
    let mut u = std::mem::MaybeUninit::<libc::rusage>::uninit();
    // SAFETY: getrusage fills the struct it is given.
    let u = unsafe {
        libc::getrusage(libc::RUSAGE_CHILDREN, u.as_mut_ptr());
        u.assume_init()
    };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(u.ru_utime) + tv(u.ru_stime)
}

/// CPU time this process has used, all its threads.
fn process_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes the timespec it is given.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// [`time`], and the CPU time the command used.
fn time_cpu(cmd: &mut Command) -> (Duration, Duration) {
    let before = children_cpu();
    let wall = time(cmd);
    (wall, children_cpu() - before)
}

/// `brief search WORD` over the warm index of `dir` against `grep -rli
/// WORD` on the same files, runs interleaved so that both see the same
/// load: every hit printed (`--limit 100000`), and as typed (the first 50);
/// wall time, and CPU time beside it (what the other programs on a shared
/// machine change least). Last, the floor: the look at the files alone
/// (every folder listed, every file stat'ed, on every core), in this
/// process, which a search that checks every file cannot go below.
fn search_rows(
    briefs: &[(String, PathBuf)],
    state: &Path,
    dir: &Path,
    size: usize,
    runs: usize,
) -> Vec<(String, String, String)> {
    let mut rows = Vec::new();
    let cpu_of = |v: &[(Duration, Duration)]| median(v.iter().map(|p| p.1).collect());
    let walls = |v: &[(Duration, Duration)]| v.iter().map(|p| p.0).collect::<Vec<_>>();
    let mut grep_cpu = Vec::new();
    let mut grep_wall = Vec::new();
    // The first brief again, with a watcher (`brief watch`) running: its
    // own XDG_RUNTIME_DIR; the others have none.
    let run_dir = dir.with_file_name("run");
    let _ = std::fs::create_dir(&run_dir);
    std::fs::set_permissions(
        &run_dir,
        std::os::unix::fs::PermissionsExt::from_mode(0o700),
    )
    .expect("a runtime folder");
    let watcher = Watcher::start(&briefs[0].0, &run_dir);
    let mut watched_cpu = Duration::ZERO;
    // `kasenga` is in an eighth of the files, `shortages` in nearly all.
    for word in ["kasenga", "shortages"] {
        let search = |(brief, cache): &(String, PathBuf), extra: &[&str]| {
            let mut c = Command::new(brief);
            c.env("XDG_CACHE_HOME", cache)
                .env("XDG_STATE_HOME", state)
                .env_remove("XDG_RUNTIME_DIR")
                .arg("search")
                .args(extra)
                .arg(word)
                .arg(dir);
            c
        };
        let with_watcher = |extra: &[&str]| {
            let mut c = search(&briefs[0], extra);
            c.env("XDG_RUNTIME_DIR", &run_dir);
            c
        };
        // The watcher asked about the folder, and the token kept with the
        // index's manifest: what every search after finds.
        for _ in 0..2 {
            time(&mut with_watcher(&[]));
        }
        let mut every = vec![Vec::new(); briefs.len() + 1];
        let mut first = vec![Vec::new(); briefs.len() + 1];
        let mut grep = Vec::new();
        for _ in 0..runs {
            for (i, b) in briefs.iter().enumerate() {
                every[i].push(time_cpu(&mut search(b, &["--limit", "100000"])));
                first[i].push(time_cpu(&mut search(b, &[])));
            }
            let cpu = watcher.cpu();
            every[briefs.len()].push(time_cpu(&mut with_watcher(&["--limit", "100000"])));
            first[briefs.len()].push(time_cpu(&mut with_watcher(&[])));
            watched_cpu += watcher.cpu() - cpu;
            grep.push(time_cpu(
                Command::new("grep")
                    .args(["-rli", "--include=*.toml", word])
                    .arg(dir),
            ));
        }
        let g = median(walls(&grep));
        let gc = cpu_of(&grep);
        grep_wall.push(g);
        grep_cpu.push(gc);
        let ratio = |v: &[(Duration, Duration)]| {
            format!(
                "{:.2}× grep; CPU {} = {:.2}×",
                median(walls(v)).as_secs_f64() / g.as_secs_f64(),
                ms(cpu_of(v)),
                cpu_of(v).as_secs_f64() / gc.as_secs_f64()
            )
        };
        rows.push((
            format!("`grep -rli {word}`, {size}"),
            format!("{}; CPU {}", spread(&walls(&grep)), ms(gc)),
            String::new(),
        ));
        let names = briefs
            .iter()
            .map(|(b, _)| b.clone())
            .chain([format!("{}, with the watcher", briefs[0].0)]);
        for (i, brief) in names.enumerate() {
            let which = if i > 0 {
                format!(" ({brief})")
            } else {
                String::new()
            };
            rows.push((
                format!("`brief search --limit 100000 {word}` (every hit) warm, {size}{which}"),
                format!("{} = {}", spread(&walls(&every[i])), ratio(&every[i])),
                "≤ 0.25×".into(),
            ));
            rows.push((
                format!("`brief search {word}` (the best 50) warm, {size}{which}"),
                format!("{} = {}", spread(&walls(&first[i])), ratio(&first[i])),
                "≤ 0.25×".into(),
            ));
        }
    }
    // What the watcher costs: its memory, its CPU while searched and idle,
    // its inotify watches.
    let idle = watcher.cpu();
    std::thread::sleep(Duration::from_secs(5));
    let idle = watcher.cpu() - idle;
    rows.push((
        format!("the watcher at {size}: resident / peak memory, inotify watches"),
        format!(
            "{:.1} / {:.1} MiB, {} watches",
            watcher.kib("VmRSS:") as f64 / 1024.0,
            watcher.kib("VmHWM:") as f64 / 1024.0,
            watcher.watches()
        ),
        String::new(),
    ));
    rows.push((
        format!(
            "the watcher's CPU over the {} watched searches / idle over 5 s, {size} (counted in the kernel's ticks, 10 ms)",
            4 * runs
        ),
        format!("{} / {}", ms(watched_cpu), ms(idle)),
        String::new(),
    ));
    watcher.stop();
    // The floor: the look alone, as `brief search` runs it.
    let roots = [dir.to_owned()];
    let mut look = Vec::new();
    for _ in 0..runs {
        let (t, c) = (Instant::now(), process_cpu());
        let disk = brief::library::fresh::look(&roots).expect("a folder is judged");
        look.push((t.elapsed(), process_cpu() - c));
        assert_eq!(disk.roots[0].len(), size);
    }
    let (lw, lc) = (median(walls(&look)), cpu_of(&look));
    rows.push((
        format!("floor: the look alone (list and stat every file, every core), in process, {size}"),
        format!(
            "{}; CPU {} = {:.2}× / {:.2}× grep's CPU (kasenga / shortages)",
            spread(&walls(&look)),
            ms(lc),
            lc.as_secs_f64() / grep_cpu[0].as_secs_f64(),
            lc.as_secs_f64() / grep_cpu[1].as_secs_f64()
        ),
        format!(
            "wall {:.2}× / {:.2}× grep",
            lw.as_secs_f64() / grep_wall[0].as_secs_f64(),
            lw.as_secs_f64() / grep_wall[1].as_secs_f64()
        ),
    ));
    rows
}

/// `brief watch` in the background for the search rows, with its own
/// XDG_RUNTIME_DIR, and what it costs, from /proc.
struct Watcher {
    child: std::process::Child,
}

impl Watcher {
    fn start(brief: &str, run: &Path) -> Watcher {
        let child = Command::new(brief)
            .env("XDG_RUNTIME_DIR", run)
            .args(["watch", "--idle", "1h"])
            .stderr(Stdio::null())
            .spawn()
            .expect("brief watch");
        let sock = run.join("brief/watch.sock");
        let start = Instant::now();
        while !sock.exists() && start.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(10));
        }
        Watcher { child }
    }

    fn proc(&self, what: &str) -> String {
        std::fs::read_to_string(format!("/proc/{}/{what}", self.child.id())).unwrap_or_default()
    }

    /// Its CPU time so far (user and system).
    fn cpu(&self) -> Duration {
        let stat = self.proc("stat");
        // After the command's name in parentheses: fields 14 and 15.
        let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
        let f: Vec<u64> = rest
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        // SAFETY: sysconf has no preconditions.
        let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64;
        let ticks = f.get(10).copied().unwrap_or(0) + f.get(11).copied().unwrap_or(0);
        Duration::from_millis(ticks * 1000 / hz)
    }

    fn kib(&self, field: &str) -> u64 {
        self.proc("status")
            .lines()
            .find_map(|l| {
                l.strip_prefix(field)?
                    .trim()
                    .strip_suffix("kB")?
                    .trim()
                    .parse()
                    .ok()
            })
            .unwrap_or(0)
    }

    /// Its inotify watches, as the kernel lists them.
    fn watches(&self) -> usize {
        let Ok(fds) = std::fs::read_dir(format!("/proc/{}/fdinfo", self.child.id())) else {
            return 0;
        };
        fds.flatten()
            .map(|f| {
                std::fs::read_to_string(f.path())
                    .unwrap_or_default()
                    .lines()
                    .filter(|l| l.starts_with("inotify wd:"))
                    .count()
            })
            .sum()
    }

    fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The reader's warm start over `dir`, the index in `cache`: the first
/// rows, the whole list, the check of every file, and the peak memory.
fn warm_only(dir: &Path, cache: &Path) {
    let db_path = cache.join("index.sqlite");
    if !db_path.exists() {
        let start = Instant::now();
        brief::library::list(&[dir.to_owned()], &mut Db::open(&db_path));
        eprintln!("indexed in {}", ms(start.elapsed()));
    }
    if std::env::var_os("BENCH_COLD").is_some() {
        // A cold start (an empty index beside CACHE's): each batch of the
        // list and of the check behind it taken in by the reader, as its
        // loader sends them, timed on this thread (the key thread's work).
        let tmp = tempfile::tempdir().unwrap();
        let (mut live, first) =
            Live::open(vec![dir.to_owned()], Db::open(&tmp.path().join("i.sqlite")));
        let mut app = brief::tui::app::App::new(
            first.listings,
            first.diagnostics,
            brief::tui::app::Options::default(),
            ratatui::layout::Rect::new(0, 0, 120, 40),
        );
        let mut interner = brief::library::db::Interner::default();
        let mut took = Vec::new();
        let mut send = |mut b: brief::library::index::Batch| {
            for (_, f) in &mut b.files {
                interner.keep(f);
            }
            let n = b.files.len();
            let t = Instant::now();
            app.update(brief::tui::Msg::Indexed(b));
            took.push((t.elapsed(), n));
            true
        };
        live.list(&mut send);
        live.refresh(&mut send);
        let mut times: Vec<Duration> = took.iter().skip(1).map(|(d, _)| *d).collect();
        times.sort();
        let worst = took.iter().skip(1).max().copied().unwrap_or_default();
        println!(
            "cold: list taken in {} ({} rows); {} batches of the check: median {}, worst {} ({} rows)",
            ms(took[0].0),
            took[0].1,
            times.len(),
            ms(times.get(times.len() / 2).copied().unwrap_or_default()),
            ms(worst.0),
            worst.1
        );
        return;
    }
    if std::env::var_os("BENCH_ROWS").is_some() {
        let db = Db::open(&db_path);
        for _ in 0..3 {
            let t = Instant::now();
            let n = db.files(dir).len();
            println!("rows {} ({n})", ms(t.elapsed()));
        }
        return;
    }
    if std::env::var_os("BENCH_PARTS").is_some() {
        let db = Db::open(&db_path);
        counting::take();
        let t = Instant::now();
        let files = db.files(dir);
        let read = t.elapsed();
        let rows_heap = counting::take().0;
        let t = Instant::now();
        let mut catalog = brief::library::catalog::Catalog::default();
        let out = catalog.apply(files, |_| brief::library::index::FileIndex::default());
        let applied = t.elapsed();
        let catalog_heap = counting::take().0 - rows_heap;
        drop(out);
        drop(catalog);
        counting::take();
        let t = Instant::now();
        let stamps = db.stamps(dir);
        let stamped = t.elapsed();
        let stamps_heap = counting::take().0;
        drop(stamps);
        counting::take();
        let t = Instant::now();
        let (found, _) = brief::library::walk::find(&[dir.to_owned()]);
        let walked = t.elapsed();
        let walk_heap = counting::take().0;
        println!(
            "rows {} ({:.1} MiB) · catalog {} ({:.1} MiB) · stamps {} ({:.1} MiB) · walk {} ({}, {:.1} MiB)",
            ms(read),
            rows_heap,
            ms(applied),
            catalog_heap,
            ms(stamped),
            stamps_heap,
            ms(walked),
            found.len(),
            walk_heap
        );
        drop(found);
    }
    counting::take();
    let start = Instant::now();
    let cpu = thread_cpu();
    let (mut live, first) = Live::open(vec![dir.to_owned()], Db::open(&db_path));
    let first_rows = start.elapsed();
    let shown = first.listings.len();
    // The reader's state, as main.rs makes it: the first rows, then every
    // batch taken in as the reader's loop does (on this thread here).
    let mut app = brief::tui::app::App::new(
        first.listings,
        first.diagnostics,
        brief::tui::app::Options::default(),
        ratatui::layout::Rect::new(0, 0, 120, 40),
    );
    let mut listed = 0;
    let mut whole = None;
    let mut taken_in = Duration::ZERO;
    let mut cpu_listed = Duration::ZERO;
    let mut heap_listed = (0.0, 0.0);
    live.refresh(&mut |b| {
        let full = b.total > 0 && b.done == b.total && whole.is_none();
        if full {
            whole = Some(start.elapsed());
            cpu_listed = thread_cpu() - cpu;
        }
        listed += b.files.iter().filter(|(_, f)| f.listing.is_some()).count();
        let t = Instant::now();
        app.update(brief::tui::Msg::Indexed(b));
        if full {
            taken_in = t.elapsed();
            heap_listed = counting::take();
        }
        true
    });
    let checked = start.elapsed();
    let (heap_now, heap_peak) = counting::take();
    println!(
        "first {shown} rows {} · {listed} listed {} (cpu {}) · taken in by the reader {} · checked {} · heap listed {:.1} MiB (peak {:.1}), checked {heap_now:.1} MiB (peak {heap_peak:.1}) · VmHWM {} MiB",
        ms(first_rows),
        whole.map_or_else(|| "never".into(), ms),
        ms(cpu_listed),
        ms(taken_in),
        ms(checked),
        heap_listed.0,
        heap_listed.1,
        peak_rss_kib() / 1024
    );
    drop(app);
}
