//! What the redline costs: opening a briefing as the reader does with its
//! redline (`tui::redline::read_in_line`: the load, the version read back
//! on a second thread meanwhile, the diff) against the reader's load alone
//! (`tui::worker::read`), and the bytes the versions of a library's
//! briefings take against the briefings.
//!
//! ```text
//! cargo run --release --example gen_library -- /tmp/lib10k 10000
//! cargo run --release --example gen_big -- --out /tmp/big
//! cargo run --release --example bench_redline -- --library /tmp/lib10k --big /tmp/big/big.toml
//! ```
//!
//! Targets (issue 13): opening with the redline at most 1.2× opening
//! without; stored versions at most 1.5× the briefings' own bytes. The large
//! briefing generated here is timed at n, 2n, 4n and 8n to show the cost
//! grows linearly; `--big` adds the large briefing of `gen_big` (issue 8),
//! its version read made by changing every 20th figure, rewording every
//! 50th entry and dropping every 97th. Without `--library` the store
//! measurement is left out.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use brief::briefing::redline;
use brief::briefing::{Briefing, load_file};
use brief::library::state::{Mark, Store, digest};
use brief::library::versions;
use brief::tui::Msg;
use brief::tui::msg::{Load, Purpose};
use brief::tui::redline::{Outcome, forget_versions, read_in_line};
use brief::tui::worker;

/// The best of `runs` timings of `f`: on a machine shared with other work
/// the fastest run is the one least disturbed.
fn best(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[0]
}

fn load(path: &Path) -> Briefing {
    let root = path.parent().unwrap();
    let report = load_file(path, root);
    report
        .briefing
        .unwrap_or_else(|| panic!("{}: {:?}", path.display(), report.diagnostics))
}

/// Times opening `path` as the reader does, without and with its redline
/// against the version `read`, kept in `state_dir`: `worker::read` alone,
/// against `tui::redline::read_in_line` (the briefing, then its redline:
/// the version kept read back on a second thread while the briefing
/// loads, then the diff), cold; and warm, as when the library row's
/// summary has read the version back already. Returns (alone, cold, warm, changes).
fn opening(
    path: &Path,
    read: &Briefing,
    state_dir: &Path,
    runs: usize,
) -> (Duration, Duration, Duration, usize) {
    let lib = brief::library::load(&[path.parent().unwrap().to_path_buf()]);
    let listing = lib
        .listings()
        .into_iter()
        .find(|l| l.path.file_name() == path.file_name())
        .expect("the briefing is listed");
    std::fs::create_dir_all(state_dir).unwrap();
    let mut store = Store::open(state_dir.join("state.json"), false).unwrap();
    store.apply(Mark::read(read)).unwrap();
    let request = Load {
        listing,
        purpose: Purpose::Open { pane: None },
        record: store.state.record(&read.id).cloned(),
    };
    // Alone and with, one after the other in each round, so that a burst
    // of load from elsewhere falls on both alike.
    let (mut alone, mut with, mut warm) = (Duration::MAX, Duration::MAX, Duration::MAX);
    let mut changes = 0;
    for _ in 0..runs {
        let t = Instant::now();
        std::hint::black_box(worker::read(&request));
        alone = alone.min(t.elapsed());
        forget_versions();
        let t = Instant::now();
        let msgs = read_in_line(&request, Some(state_dir));
        with = with.min(t.elapsed());
        let t = Instant::now();
        std::hint::black_box(read_in_line(&request, Some(state_dir)));
        warm = warm.min(t.elapsed());
        for m in msgs {
            if let Msg::Redline(r) = m {
                match r.outcome {
                    Outcome::Ready(red) => changes = red.parts.len(),
                    other => panic!("no redline: {other:?}"),
                }
            }
        }
    }
    let d = digest(read);
    let b = load(path);
    let get = best(runs, || {
        std::hint::black_box(versions::get(state_dir, &read.id, &d).unwrap().unwrap());
    });
    let old = versions::get(state_dir, &read.id, &d).unwrap().unwrap();
    let diff = best(runs, || {
        std::hint::black_box(redline::diff(&old, &b));
    });
    let clone = best(runs, || {
        std::hint::black_box(b.clone());
    });
    eprintln!(
        "  (of which: version read back {get:.2?} beside the load, diff {diff:.2?}, briefing cloned {clone:.2?})"
    );
    (alone, with, warm, changes)
}

/// A large valid briefing: `n` actors and sources, `4n` entries, `n` figures.
fn big(n: usize, revision: usize) -> String {
    let mut t = String::from(
        "format = 1\nid = \"big\"\ntitle = \"A large briefing\"\ndate = \"2023-09-19\"\n\n[summary]\nheadline = \"Many things happened.\"\n",
    );
    let _ = writeln!(t, "body = \"\"\"");
    for p in 0..n / 10 + 1 {
        let _ = writeln!(
            t,
            "Paragraph {p} says what officials said about the crossing.\n"
        );
    }
    let _ = writeln!(t, "\"\"\"");
    for a in 0..n {
        let _ = writeln!(
            t,
            "\n[[actors]]\nid = \"a{a}\"\nname = \"Actor {a}\"\nkind = \"official\"\nrole = \"Spoke about the shelling near the river crossing, day {a}.\""
        );
    }
    for e in 0..4 * n {
        // Every 50th entry is reworded in the revision, every 97th dropped.
        if revision > 0 && e % 97 == 3 {
            continue;
        }
        let verb = if revision > 0 && e % 50 == 0 {
            "reported"
        } else {
            "said"
        };
        let day = 1 + e % 28;
        let _ = writeln!(
            t,
            "\n[[timeline]]\nwhen = \"2023-09-{day:02}\"\nwhat = \"Officials {verb} the situation remained tense after event {e}.\"\nactors = [\"a{}\"]\nsources = [\"s{}\"]\nquote = \"words of source {}\"\ncredibility = 3",
            e % n,
            e % n,
            e % n
        );
    }
    for f in 0..n {
        let value = if revision > 0 && f % 20 == 0 {
            1000 + f
        } else {
            100 + f
        };
        let _ = writeln!(
            t,
            "\n[[figures]]\nvalue = {value}\nunit = \"killed\"\nwhat = \"People killed in district {f}\"\nsources = [\"s{f}\"]\ncredibility = 2"
        );
    }
    for s in 0..n {
        let _ = writeln!(
            t,
            "\n[[sources]]\nid = \"s{s}\"\ntitle = \"Report {s}\"\npublisher = \"Wire {}\"\nreliability = \"B\"\ntext = \"The report quotes the words of source {s} at length.\"",
            s % 7
        );
    }
    if revision > 0 {
        t.push_str("\n[[sources]]\nid = \"extra\"\ntitle = \"A new source\"\n");
    }
    t
}

fn row(
    name: &str,
    bytes: usize,
    (alone, cold, warm, changes): (Duration, Duration, Duration, usize),
) {
    let ratio = |d: Duration| d.as_secs_f64() / alone.as_secs_f64();
    println!(
        "{name:<22} {bytes:>9} {alone:>10.2?} {cold:>10.2?} {:>6.2}x {warm:>10.2?} {:>6.2}x {changes:>8}",
        ratio(cold),
        ratio(warm),
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .map(PathBuf::from)
    };
    let (library, big_file) = (flag("--library"), flag("--big"));
    let work = tempfile::tempdir().unwrap();
    let state_dir = work.path().join("state");

    println!(
        "Opening a briefing: the load alone vs with its redline, cold and warm (best of several runs)"
    );
    println!(
        "{:<22} {:>9} {:>10} {:>10} {:>7} {:>10} {:>7} {:>8}",
        "briefing", "bytes", "alone", "cold", "ratio", "warm", "ratio", "changes"
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings");
    let karabakh = root.join("2023-09-19-karabakh-offensive.toml");
    let current = load(&karabakh);
    let mut read = current.clone();
    read.figures[0].value = 11.0 + 1.0;
    read.timeline[2].what = read.timeline[2].what.replacen(' ', "  old ", 1);
    read.actors[0].role = Some("An earlier description of the role.".into());
    let size = std::fs::metadata(&karabakh).unwrap().len() as usize;
    row("karabakh", size, opening(&karabakh, &read, &state_dir, 301));

    for n in [250, 500, 1000, 2000] {
        let dir = work.path().join(format!("big{n}"));
        std::fs::create_dir_all(&dir).unwrap();
        // The version read lives outside the library folder.
        let old_path = work.path().join(format!("old{n}.toml"));
        std::fs::write(&old_path, big(n, 0)).unwrap();
        let read = load(&old_path);
        let path = dir.join("big.toml");
        let text = big(n, 1);
        std::fs::write(&path, &text).unwrap();
        let runs = if n > 1000 { 9 } else { 25 };
        row(
            &format!("generated, n = {n}"),
            text.len(),
            opening(&path, &read, &state_dir, runs),
        );
    }

    if let Some(path) = big_file {
        let current = load(&path);
        let mut read = current.clone();
        for (i, f) in read
            .figures
            .iter_mut()
            .enumerate()
            .filter(|(i, _)| i % 20 == 0)
        {
            f.value += 1.0 + i as f64;
        }
        for t in read.timeline.iter_mut().step_by(50) {
            t.what = format!("Earlier: {}", t.what);
        }
        let mut i = 0;
        read.timeline.retain(|_| {
            i += 1;
            i % 97 != 3
        });
        // File positions stay 0..len, as a loaded briefing has them.
        let mut order: Vec<usize> = (0..read.timeline.len()).collect();
        order.sort_by_key(|&k| read.timeline[k].file_index);
        for (rank, k) in order.into_iter().enumerate() {
            read.timeline[k].file_index = rank;
        }
        let size = std::fs::metadata(&path).unwrap().len() as usize;
        row("gen_big", size, opening(&path, &read, &state_dir, 9));
    }

    let Some(library) = library else {
        println!("\n(no library given: the store's size is not measured)");
        return;
    };
    println!(
        "\nThe versions of every briefing in {}, all read",
        library.display()
    );
    let t = Instant::now();
    let lib = brief::library::load(std::slice::from_ref(&library));
    let loaded = t.elapsed();
    let own: u64 = lib
        .entries
        .iter()
        .map(|e| std::fs::metadata(&e.path).map_or(0, |m| m.len()))
        .sum();
    // In memory where there is room, so the fsyncs measure nothing but the writes.
    let shm = Path::new("/dev/shm");
    let store = if shm.is_dir() {
        tempfile::tempdir_in(shm).unwrap()
    } else {
        tempfile::tempdir().unwrap()
    };
    let t = Instant::now();
    for e in &lib.entries {
        versions::keep(store.path(), &e.briefing).unwrap();
    }
    let kept_in = t.elapsed();
    // Read again: nothing more is stored.
    for e in &lib.entries {
        versions::keep(store.path(), &e.briefing).unwrap();
    }
    let stored: u64 = std::fs::read_dir(versions::folder(store.path()))
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    println!("{:<28} {:>12}", "briefings", lib.entries.len());
    println!("{:<28} {:>12}", "their bytes", own);
    println!("{:<28} {:>12}", "stored bytes (read twice)", stored);
    println!("{:<28} {:>11.2}x", "ratio", stored as f64 / own as f64);
    println!("{:<28} {:>12.2?}", "library load", loaded);
    println!("{:<28} {:>12.2?}", "keeping every version", kept_in);
}
