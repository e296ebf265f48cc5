//! How `brief check`'s work grows with one briefing's size: loading and
//! validating a generated briefing (see `gen_big`) at 1/8 of the full size
//! and at full size (5,000 timeline entries, 2,000 figures, a 2 MB source
//! text), in the same run. Linear work gives a ratio near 8.
//!
//! `cargo run --release --example bench_check [-- RUNS]` prints a table.

#[path = "gen_big.rs"]
mod gen_big;

use std::path::Path;
use std::time::{Duration, Instant};

use brief::briefing::load_file;

/// CPU time of this thread: on a shared machine, wall time also counts
/// waiting for a core, which a longer run does more of.
fn cpu_time() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec for the call to fill.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(7)
        .max(1);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let sizes = [(625, 250, 250_000), (5_000, 2_000, 2_000_000)];
    println!(
        "{:>8} {:>8} {:>10} {:>11} {:>7} {:>12} {:>13}",
        "entries", "figures", "source B", "briefing B", "quotes", "CPU ms (med)", "wall ms (med)"
    );
    let mut medians = Vec::new();
    for (entries, figures, source_bytes) in sizes {
        let out = dir.path().join(format!("{entries}"));
        let (toml, text) = gen_big::write(&gen_big::Args {
            entries,
            figures,
            source_bytes,
            out: out.clone(),
        })
        .expect("the briefing is written");
        let file = out.join("big.toml");
        let mut times = Vec::new();
        let mut walls = Vec::new();
        let mut quotes = 0;
        for _ in 0..runs {
            let (cpu, start) = (cpu_time(), Instant::now());
            let report = load_file(&file, Path::new(&out));
            walls.push(start.elapsed());
            times.push(cpu_time() - cpu);
            let b = report.briefing.expect("the generated briefing is valid");
            assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
            quotes = b
                .timeline
                .iter()
                .map(|t| &t.attribution)
                .chain(b.figures.iter().map(|f| &f.attribution))
                .filter(|a| a.passage.is_some())
                .count();
        }
        let med = median(times);
        let wall = median(walls);
        medians.push((med, wall));
        println!(
            "{entries:>8} {figures:>8} {text:>10} {toml:>11} {quotes:>7} {:>12.1} {:>13.1}",
            med.as_secs_f64() * 1e3,
            wall.as_secs_f64() * 1e3,
        );
    }
    println!(
        "8x the input costs {:.1}x the CPU time ({:.1}x the wall time); median of {runs} runs; \
         linear is about 8, the target at most 10",
        medians[1].0.as_secs_f64() / medians[0].0.as_secs_f64(),
        medians[1].1.as_secs_f64() / medians[0].1.as_secs_f64()
    );
}
