//! What marking the matches of a column too large for FTS5's `highlight()`
//! costs (library/terms over library/unicode61), at N and 8N bytes:
//! `cargo run --release --example bench_marks`.
//!
//! The text is a French article's sentence repeated (accents, `Lachin`
//! twice per copy); each query is read once and marked in the whole text,
//! the median of 5 runs. Linear work shows about 8× between the sizes.

use std::time::{Duration, Instant};

use brief::library::terms::{mark, phrases};

const SENTENCE: &str = "Le couloir de Lachin, seule route entre l'Arménie et le Haut-Karabakh, \
    est bloqué depuis décembre ; l'Azerbaïdjan dit que la route de Lachin sert à la contrebande. ";

const QUERIES: [&str; 5] = [
    "lachin",
    "\"couloir de lachin\" OR azerbaidjan",
    "armen* OR karabakh",
    "NEAR(lachin contrebande, 3)",
    "title: lachin OR sources: route",
];

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time(text: &str, query: &str) -> (Duration, usize) {
    let mut runs = Vec::new();
    let mut marks = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let p = phrases(query);
        let marked = mark(text, &p, 6, "\u{1}", "\u{2}");
        runs.push(t.elapsed());
        marks = marked.matches('\u{1}').count();
    }
    (median(runs), marks)
}

fn main() {
    let small = SENTENCE.repeat(128 * 1024 / SENTENCE.len());
    let large = small.repeat(8);
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "marks in one column, {} and {} bytes (load {})\n",
        small.len(),
        large.len(),
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    println!("| query | N: time, marks | 8N: time, marks | 8N / N |\n|---|---|---|---|");
    for q in QUERIES {
        let (a, ma) = time(&small, q);
        let (b, mb) = time(&large, q);
        println!(
            "| `{q}` | {:.1} ms, {ma} | {:.1} ms, {mb} | {:.1}× |",
            a.as_secs_f64() * 1e3,
            b.as_secs_f64() * 1e3,
            b.as_secs_f64() / a.as_secs_f64()
        );
    }
}
