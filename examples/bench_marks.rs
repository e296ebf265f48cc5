//! Marking many briefings at once: `brief mark --read` with N and 8N ids
//! through the release binary, and one `StateFile::apply_all` batch of
//! N and 8N marks in process, each printed as a table row.
//!
//! ```text
//! cargo build --release --bin brief --example bench_marks
//! target/release/examples/bench_marks            # 500/4,000 ids; 1,250/10,000 marks
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

use brief::briefing::load_file;
use brief::library::state::{Mark, Stamped, StateFile};

const SHIPPED: &str = "2023-09-19-karabakh-offensive";

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
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
    ExitCode::SUCCESS
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
