//! What the redline costs: opening a briefing with its redline (load, the
//! version read loaded back, the diff) against loading it alone, and the
//! bytes the versions of a library's briefings take against the briefings.
//!
//! ```text
//! cargo run --release --example gen_library -- /tmp/lib10k 10000
//! cargo run --release --example bench_redline -- /tmp/lib10k
//! ```
//!
//! Targets (issue 13): opening with the redline at most 1.2× opening
//! without; stored versions at most 1.5× the briefings' own bytes. The large
//! briefing is timed at N and 8N to show the cost grows linearly. Without a
//! library argument the store measurement is left out.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use brief::briefing::redline::{self, Redline};
use brief::briefing::{Briefing, load_file};
use brief::library::state::digest;
use brief::library::versions;

/// The median of `runs` timings of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn load(path: &Path) -> Briefing {
    let root = path.parent().unwrap();
    let report = load_file(path, root);
    report
        .briefing
        .unwrap_or_else(|| panic!("{}: {:?}", path.display(), report.diagnostics))
}

/// Times opening `path` without and with its redline against the version
/// `read`, kept in `state_dir`. Returns (alone, with, changes).
fn opening(
    path: &Path,
    read: &Briefing,
    state_dir: &Path,
    runs: usize,
) -> (Duration, Duration, usize) {
    versions::keep(state_dir, read).unwrap();
    let d = digest(read);
    let alone = median(runs, || {
        std::hint::black_box(load(path));
    });
    let mut changes = 0;
    let with = median(runs, || {
        let b = load(path);
        let old = versions::get(state_dir, &read.id, &d).unwrap().unwrap();
        let red: Redline = redline::diff(&old, &b);
        changes = red.parts.len();
        std::hint::black_box(red);
    });
    let b = load(path);
    let get = median(runs, || {
        std::hint::black_box(versions::get(state_dir, &read.id, &d).unwrap().unwrap());
    });
    let old = versions::get(state_dir, &read.id, &d).unwrap().unwrap();
    let diff = median(runs, || {
        std::hint::black_box(redline::diff(&old, &b));
    });
    eprintln!("  (of which: version loaded back {get:.2?}, diff {diff:.2?})");
    (alone, with, changes)
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

fn row(name: &str, bytes: usize, (alone, with, changes): (Duration, Duration, usize)) {
    println!(
        "{name:<28} {:>9} {:>10.2?} {:>10.2?} {:>6.2}x {:>8}",
        bytes,
        alone,
        with,
        with.as_secs_f64() / alone.as_secs_f64(),
        changes
    );
}

fn main() {
    let library = std::env::args().nth(1).map(PathBuf::from);
    let work = tempfile::tempdir().unwrap();
    let state_dir = work.path().join("state");

    println!("Opening a briefing: load alone vs load + version read + redline (median)");
    println!(
        "{:<28} {:>9} {:>10} {:>10} {:>7} {:>8}",
        "briefing", "bytes", "alone", "redline", "ratio", "changes"
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings");
    let karabakh = root.join("2023-09-19-karabakh-offensive.toml");
    let current = load(&karabakh);
    let mut read = current.clone();
    read.figures[0].value = 11.0 + 1.0;
    read.timeline[2].what = read.timeline[2].what.replacen(' ', "  old ", 1);
    read.actors[0].role = Some("An earlier description of the role.".into());
    let size = std::fs::metadata(&karabakh).unwrap().len() as usize;
    row("karabakh", size, opening(&karabakh, &read, &state_dir, 41));

    for n in [250, 500, 1000, 2000] {
        let dir = work.path().join(format!("big{n}"));
        std::fs::create_dir_all(&dir).unwrap();
        let old_path = dir.join("old.toml");
        std::fs::write(&old_path, big(n, 0)).unwrap();
        let read = load(&old_path);
        let path = dir.join("big.toml");
        let text = big(n, 1);
        std::fs::write(&path, &text).unwrap();
        let runs = if n > 1000 { 5 } else { 11 };
        row(
            &format!("generated, n = {n}"),
            text.len(),
            opening(&path, &read, &state_dir, runs),
        );
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
