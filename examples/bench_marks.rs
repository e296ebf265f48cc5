//! Marking many briefings at once: `brief mark --read` with N and 8N ids
//! through the release binary, one `StateFile::apply_all` batch of N and 8N
//! marks in process, and `R` (mark all read) over 1,250 and 10,000
//! briefings through the code the reader's worker runs for it
//! (`worker::prepare`, then `worker::write_marks`), with where its time goes.
//!
//! ```text
//! cargo build --release --bin brief --example bench_marks
//! target/release/examples/bench_marks            # all three tables
//! target/release/examples/bench_marks --only-r   # only R
//! ```
//!
//! The library is copies of the shipped briefing (its parts, its source
//! text), each under its own id, in a temporary folder on the same disk as
//! `$TMPDIR`; the state file is written there too, with its fsyncs. The
//! targets (issue 10): 4,000 ids cost at most 10× what 500 do, and 10,000
//! marks are applied in at most 1 s.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use std::sync::atomic::AtomicBool;

use brief::briefing::{load_file, load_file_bytes};
use brief::library::state::{Mark, Stamped, StateFile, Store, digest};
use brief::library::versions;
use brief::tui::msg::Marked;
use brief::tui::worker;
use rayon::prelude::*;

const SHIPPED: &str = "2023-09-19-karabakh-offensive";

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if std::env::args().any(|a| a == "--only-r") {
        let tmp = tempfile::tempdir().expect("a temporary folder");
        println!("R (mark all read), {}", describe_machine());
        mark_all_read(tmp.path());
        return ExitCode::SUCCESS;
    }
    let brief = std::env::var_os("BRIEF_BIN")
        .map(PathBuf::from)
        .or_else(|| {
            let exe = std::env::current_exe().ok()?;
            Some(exe.parent()?.parent()?.join("brief"))
        })
        .filter(|p| p.is_file());
    let Some(brief) = brief else {
        eprintln!(
            "bench_marks: no brief binary beside this example; run `cargo build --release --bin brief` first (or set BRIEF_BIN)"
        );
        return ExitCode::from(2);
    };
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let shipped = fs::read_to_string(root.join("briefings").join(format!("{SHIPPED}.toml")))
        .expect("the shipped briefing");

    println!(
        "brief mark --read and StateFile::apply_all, {}",
        describe_machine()
    );
    println!("binary: {}", brief.display());
    println!();
    println!("| measure | n | cold | warm (best of 3) | per item (warm) |");
    println!("|---|---:|---:|---:|---:|");
    let mut warm = Vec::new();
    for n in [500, 4000] {
        let dir = tmp.path().join(format!("run-{n}"));
        let ids = library(&dir.join("lib"), root, &shipped, n);
        let cold = mark(&brief, &dir, &ids);
        // The machine may be shared: the best of three warm runs.
        let again = (0..3).map(|_| mark(&brief, &dir, &ids)).min().unwrap();
        println!(
            "| `brief mark --read` | {n} | {} | {} | {} |",
            secs(cold),
            secs(again),
            micros(again / n as u32)
        );
        warm.push(again);
    }
    let ratio = warm[1].as_secs_f64() / warm[0].as_secs_f64();

    // In process: one briefing's real fingerprints under n different ids.
    let lib = tmp.path().join("run-500").join("lib");
    let b = load_file(&lib.join("b-00001.toml"), &lib)
        .briefing
        .expect("a copy of the shipped briefing loads");
    let Mark::Read { parts, digest, .. } = Mark::read(&b) else {
        unreachable!()
    };
    let mut batch = Vec::new();
    for n in [1250usize, 10_000] {
        let marks: Vec<Stamped> = (0..n)
            .map(|i| {
                Stamped::now(Mark::Read {
                    id: format!("b-{i:05}"),
                    parts: parts.clone(),
                    digest: digest.clone(),
                    version: None,
                })
            })
            .collect();
        let path = tmp.path().join(format!("apply-{n}")).join("state.json");
        let file = StateFile::new(path.clone()).expect("a fresh state file");
        let started = Instant::now();
        let applied = file.apply_all(&marks).expect("the batch is written");
        let first = started.elapsed();
        assert_eq!(applied.changed, n);
        // Again over the full file (best of three): read, merge, write all of it.
        let second = (0..3)
            .map(|_| {
                let marks: Vec<Stamped> =
                    marks.iter().map(|s| Stamped::now(s.mark.clone())).collect();
                let started = Instant::now();
                file.apply_all(&marks).expect("the batch is written");
                started.elapsed()
            })
            .min()
            .unwrap();
        let size = fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        println!(
            "| `apply_all` (new file / over a full one of {} KiB) | {n} | {} | {} | {} |",
            size / 1024,
            secs(first),
            secs(second),
            micros(second / n as u32)
        );
        batch.push(second);
    }
    let apply_ratio = batch[1].as_secs_f64() / batch[0].as_secs_f64();
    println!();
    println!(
        "4,000 / 500 ids: {ratio:.1}x (target <= 10x); 10,000 / 1,250 marks: {apply_ratio:.1}x; \
         10,000 marks in {} (target <= 1 s)",
        secs(batch[1])
    );
    println!();
    mark_all_read(tmp.path());
    ExitCode::SUCCESS
}

/// A small valid briefing (20 actors, 10 entries, 5 figures, one 2,000-byte
/// source text shared by all): the one the reader's benchmark marks.
fn tiny(id: &str) -> String {
    let mut t = format!(
        "format = 1\nid = \"{id}\"\ntitle = \"A small briefing\"\ndate = \"2023-09-19\"\n\
         language = \"en\"\npriority = \"high\"\nregion = \"Nowhere\"\ntags = [\"bench\"]\n\n\
         [summary]\nheadline = \"A briefing to mark.\"\nbody = \"\"\"\nIt has entries and figures.\n\"\"\"\n\
         key_points = [\"Every quote is a sentence of the source.\"]\n\n\
         [[sources]]\nid = \"src\"\ntitle = \"The source\"\npublished = \"2023-09-19\"\n\
         language = \"en\"\nreliability = \"B\"\ntext_file = \"sources/small.txt\"\n\n"
    );
    for a in 0..20 {
        t.push_str(&format!(
            "[[actors]]\nid = \"a{a}\"\nname = \"Actor {a}\"\nkind = \"official\"\n\
             role = \"Says things for the purpose of measurement.\"\n\n"
        ));
    }
    for i in 0..10 {
        t.push_str(&format!(
            "[[timeline]]\nwhen = \"2023-09-{:02}\"\nwhat = \"Entry {i}: something happened \
             that takes a line or two to describe.\"\nactors = [\"a{i}\"]\nsources = [\"src\"]\n\
             quote = \"{}\"\ncredibility = 2\n\n",
            i + 1,
            sentence(i)
        ));
    }
    for i in 0..5 {
        t.push_str(&format!(
            "[[figures]]\nvalue = {}\nunit = \"people\"\nwhat = \"Figure {i}\"\n\
             as_of = \"2023-09-19\"\nactors = [\"a{i}\"]\nsources = [\"src\"]\nquote = \"{}\"\n\
             credibility = 2\n\n",
            1000 + i,
            sentence(i + 10)
        ));
    }
    t
}

fn sentence(i: usize) -> String {
    format!(
        "Report {i} says that the convoy reached the northern checkpoint on day {}.",
        i + 1
    )
}

/// `R` over n briefings, as the reader's worker runs it: every briefing
/// read, checked and fingerprinted on every core (`worker::prepare`), then
/// one batch written (`worker::write_marks`: the versions as one pack, the
/// state file), each with its syncs. Then each step again on its own, for
/// where the time goes.
fn mark_all_read(tmp: &Path) {
    println!();
    println!("| R over n briefings | 1,250 | 10,000 | ratio |");
    println!("|---|---:|---:|---:|");
    let mut rows: Vec<(String, Vec<Duration>)> = Vec::new();
    let put = |rows: &mut Vec<(String, Vec<Duration>)>, name: &str, d: Duration| match rows
        .iter_mut()
        .find(|(n, _)| n == name)
    {
        Some((_, v)) => v.push(d),
        None => rows.push((name.to_owned(), vec![d])),
    };
    let mut sizes = Vec::new();
    for n in [1250usize, 10_000] {
        let dir = tmp.join(format!("r-{n}"));
        let lib = dir.join("lib");
        fs::create_dir_all(lib.join("sources")).unwrap();
        let mut text = String::new();
        for i in 0..30 {
            text.push_str(&sentence(i));
            text.push_str(if i % 5 == 4 { "\n\n" } else { " " });
        }
        fs::write(lib.join("sources/small.txt"), &text).unwrap();
        for i in 0..n {
            fs::write(lib.join(format!("b{i:05}.toml")), tiny(&format!("b{i:05}"))).unwrap();
        }
        let listings = brief::library::load(std::slice::from_ref(&lib)).listings();
        assert_eq!(listings.len(), n, "every briefing listed");
        let state = dir.join("state").join("state.json");

        // End to end, as the worker does it (its two steps, one after the other).
        let started = Instant::now();
        let Marked::Prepared { marks, failed } =
            worker::prepare(&listings, &AtomicBool::new(false))
        else {
            unreachable!()
        };
        let prepared = started.elapsed();
        assert_eq!((marks.len(), failed), (n, 0));
        let mut store = Store::open(state.clone(), false).expect("a usable state file");
        let wrote = Instant::now();
        worker::write_marks(&mut store, &marks).expect("written");
        let written = wrote.elapsed();
        put(
            &mut rows,
            "**R end to end** (read and mark, then write)",
            started.elapsed(),
        );
        put(
            &mut rows,
            "  read every briefing, marks made (prepare)",
            prepared,
        );
        put(
            &mut rows,
            "  write the batch (versions pack, state file)",
            written,
        );
        // R again: nothing changed, every version kept already.
        let again = Instant::now();
        let Marked::Prepared { marks, .. } = worker::prepare(&listings, &AtomicBool::new(false))
        else {
            unreachable!()
        };
        worker::write_marks(&mut store, &marks).expect("written");
        put(
            &mut rows,
            "R again, nothing new (end to end)",
            again.elapsed(),
        );
        let vdir = versions::folder(versions::state_dir(&state));
        let pack_bytes: u64 = fs::read_dir(&vdir)
            .unwrap()
            .flatten()
            .filter_map(|e| e.metadata().ok())
            .map(|m| m.len())
            .sum();
        sizes.push((
            pack_bytes,
            fs::read_dir(&vdir).unwrap().count(),
            fs::metadata(&state).map_or(0, |m| m.len()),
        ));

        // Where the time goes: each step alone, on every core as above.
        let paths: Vec<PathBuf> = listings.iter().map(|l| l.path.clone()).collect();
        let t = Instant::now();
        let bytes: usize = paths
            .par_iter()
            .map(|p| {
                fs::read(p).unwrap().len() + fs::read(lib.join("sources/small.txt")).unwrap().len()
            })
            .sum();
        assert!(bytes > 0);
        put(
            &mut rows,
            "  breakdown: read the files' bytes only",
            t.elapsed(),
        );
        let t = Instant::now();
        let texts = versions::Texts::default();
        let unparsed: usize = listings
            .par_iter()
            .map(|l| {
                versions::read_unparsed(&l.path, l.root(), l.id(), l.digest(), &texts)
                    .unwrap()
                    .len()
            })
            .sum();
        assert!(unparsed > 0);
        put(
            &mut rows,
            "  breakdown: versions kept unparsed (bytes, text_file scan, texts)",
            t.elapsed(),
        );
        let t = Instant::now();
        let loaded: Vec<_> = paths
            .par_iter()
            .map(|p| load_file_bytes(p, &lib).0.briefing.unwrap())
            .collect();
        put(
            &mut rows,
            "  breakdown: (not done by R) read, parse and check",
            t.elapsed(),
        );
        let t = Instant::now();
        let digests: Vec<String> = loaded.par_iter().map(digest).collect();
        put(
            &mut rows,
            "  breakdown: (not done by R) fingerprints",
            t.elapsed(),
        );
        drop((loaded, digests));
        // The versions: a fresh folder, so that all are written.
        let fresh = dir.join("fresh");
        let kept: Vec<_> = marks.iter().filter_map(Mark::version).collect();
        let w = versions::keep_all(&fresh, kept).expect("kept");
        assert_eq!(w.versions, n);
        put(
            &mut rows,
            "  breakdown: versions, lay out the pack",
            w.times.layout,
        );
        put(
            &mut rows,
            "  breakdown: versions, write the pack",
            w.times.write,
        );
        put(
            &mut rows,
            "  breakdown: versions, sync_all + folder sync",
            w.times.sync,
        );
        let w = versions::keep_all(&fresh, marks.iter().filter_map(Mark::version)).expect("kept");
        put(
            &mut rows,
            "  breakdown: versions, all kept already (headers read)",
            w.known,
        );
        let file = StateFile::new(dir.join("fresh").join("state.json")).unwrap();
        let plain: Vec<Stamped> = marks
            .iter()
            .map(|m| match m.clone() {
                Mark::CatchUp {
                    id, parts, digest, ..
                } => Stamped::now(Mark::CatchUp {
                    id,
                    parts,
                    digest,
                    version: None,
                }),
                other => Stamped::now(other),
            })
            .collect();
        let t = Instant::now();
        file.apply_all(&plain).expect("written");
        put(
            &mut rows,
            "  breakdown: state file (lock, merge, write, sync)",
            t.elapsed(),
        );
    }
    for (name, d) in &rows {
        println!(
            "| {name} | {} | {} | {:.1}x |",
            millis(d[0]),
            millis(d[1]),
            d[1].as_secs_f64() / d[0].as_secs_f64().max(1e-9)
        );
    }
    println!();
    for (n, (bytes, files, state)) in [1250, 10_000].iter().zip(&sizes) {
        println!(
            "{n}: versions {} KiB in {files} file(s), state file {} KiB",
            bytes / 1024,
            state / 1024
        );
    }
}

fn millis(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

/// `n` copies of the shipped briefing, `b-00001.toml`..., with its sources.
fn library(dir: &Path, root: &Path, shipped: &str, n: usize) -> Vec<String> {
    fs::create_dir_all(dir.join("sources")).unwrap();
    for e in fs::read_dir(root.join("briefings").join("sources")).unwrap() {
        let e = e.unwrap();
        fs::copy(e.path(), dir.join("sources").join(e.file_name())).unwrap();
    }
    (1..=n)
        .map(|i| {
            let id = format!("b-{i:05}");
            let text =
                shipped.replacen(&format!("id = \"{SHIPPED}\""), &format!("id = \"{id}\""), 1);
            fs::write(dir.join(format!("{id}.toml")), text).unwrap();
            id
        })
        .collect()
}

/// One `brief mark --read IDS...` run, timed from start to exit.
fn mark(brief: &Path, dir: &Path, ids: &[String]) -> Duration {
    let started = Instant::now();
    let out = Command::new(brief)
        .arg("mark")
        .args(ids)
        .arg("--read")
        .arg("--library")
        .arg(dir.join("lib"))
        .arg("--state")
        .arg(dir.join("state").join("state.json"))
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .env("HOME", dir)
        .stdin(Stdio::null())
        .output()
        .expect("run brief");
    let elapsed = started.elapsed();
    assert!(
        out.status.success(),
        "brief mark failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    elapsed
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

fn micros(d: Duration) -> String {
    format!("{} µs", d.as_micros())
}

fn describe_machine() -> String {
    let cpu = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    format!("{cpu}, {cores} cores available")
}
