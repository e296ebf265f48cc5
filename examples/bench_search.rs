//! What searching costs now that it covers the sources' full texts:
//! `cargo run --release --example bench_search`.
//!
//! Takes the shipped briefing and makes its source text N and 8N bytes
//! long (the article repeated, so every quote still holds and "Lachin"
//! occurs twice per copy), then drives the real `App` with key messages,
//! drawing every frame at 120×40 on ratatui's `TestBackend`:
//!
//! - the first character typed into the briefing's `/` (which indexes the
//!   texts once per opening), and each further one;
//! - `/` in the source's text view: the first character (which folds the
//!   text once per opening, and wraps it only as far as the first match),
//!   and each further one;
//! - `n` in the text view.
//!
//! Prints a table with the ratio of the two sizes: linear work shows about 8×.

use std::path::{Path, PathBuf};
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

use brief::tui::app::{App, Options};

mod common;
use common::{key, step};

const SHIPPED: &str = "briefings/2023-09-19-karabakh-offensive.toml";
const ARTICLE: &str = "briefings/sources/2023-09-19-karabakh-offensive.fr.txt";

fn write_library(dir: &Path, bytes: usize) -> PathBuf {
    std::fs::create_dir_all(dir.join("sources")).unwrap();
    let article = std::fs::read_to_string(ARTICLE).unwrap();
    let mut text = String::with_capacity(bytes + article.len());
    while text.len() < bytes {
        text.push_str(&article);
        text.push('\n');
    }
    std::fs::write(
        dir.join("sources/2023-09-19-karabakh-offensive.fr.txt"),
        text,
    )
    .unwrap();
    std::fs::copy(SHIPPED, dir.join("b.toml")).unwrap();
    dir.to_owned()
}

fn run(dir: &Path, bytes: usize) -> Vec<Duration> {
    let lib = brief::library::load(&[write_library(dir, bytes)]);
    assert!(lib.diagnostics.is_empty(), "{:?}", lib.diagnostics);
    let mut app = App::new(
        lib.listings(),
        lib.diagnostics,
        Options::default(),
        Rect::new(0, 0, 120, 40),
    );
    app.resize(120, 40);
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut out = Vec::new();
    step(&mut app, &mut term, key('⏎'));
    step(&mut app, &mut term, key('/'));
    out.push(step(&mut app, &mut term, key('l')));
    let rest: Duration = "achin"
        .chars()
        .map(|c| step(&mut app, &mut term, key(c)))
        .sum();
    out.push(rest / 5);
    let hits = app.hits().len();
    for c in "⎋5⏎/".chars() {
        step(&mut app, &mut term, key(c));
    }
    out.push(step(&mut app, &mut term, key('l')));
    let rest: Duration = "achin"
        .chars()
        .map(|c| step(&mut app, &mut term, key(c)))
        .sum();
    out.push(rest / 5);
    step(&mut app, &mut term, key('⏎'));
    let n: Duration = (0..20).map(|_| step(&mut app, &mut term, key('n'))).sum();
    out.push(n / 20);
    assert!(app.text_total() * 2 >= hits, "the text view finds them too");
    out
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let small = 256 * 1024;
    let tmp = tempfile::tempdir().unwrap();
    let a = run(&tmp.path().join("small"), small);
    let b = run(&tmp.path().join("large"), small * 8);
    let rows = [
        "briefing /: first character (indexes the texts)",
        "briefing /: each further character",
        "source view /: first character (folds the text)",
        "source view /: each further character",
        "source view: n",
    ];
    println!(
        "Search over a briefing whose source text is {} KiB and {} KiB, 120×40\n",
        small / 1024,
        small * 8 / 1024
    );
    println!("| measure | 256 KiB | 2 MiB | ratio |");
    println!("|---|---|---|---|");
    for (i, row) in rows.iter().enumerate() {
        println!(
            "| {row} | {} | {} | {:.1}× |",
            ms(a[i]),
            ms(b[i]),
            b[i].as_secs_f64() / a[i].as_secs_f64().max(1e-9)
        );
    }
}
