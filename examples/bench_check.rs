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
        "{:>8} {:>8} {:>10} {:>11} {:>11} {:>10} {:>10}",
        "entries", "figures", "source B", "briefing B", "quotes", "median ms", "min ms"
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
        let mut quotes = 0;
        for _ in 0..runs {
            let start = Instant::now();
            let report = load_file(&file, Path::new(&out));
            times.push(start.elapsed());
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
        let min = *times.iter().min().expect("at least one run");
        let med = median(times);
        medians.push(med);
        println!(
            "{entries:>8} {figures:>8} {text:>10} {toml:>11} {quotes:>11} {:>10.1} {:>10.1}",
            med.as_secs_f64() * 1e3,
            min.as_secs_f64() * 1e3,
        );
    }
    println!(
        "8x the input costs {:.1}x the time (median of {runs} runs; linear is about 8, the target at most 10)",
        medians[1].as_secs_f64() / medians[0].as_secs_f64()
    );
}
