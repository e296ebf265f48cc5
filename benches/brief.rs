//! Criterion benchmarks: parsing the Karabakh briefing, indexing a library
//! of 1,000 files cold and warm, and drawing every view at 200×60.
//!
//! `cargo bench -p brief-bench` (a package of its own, so that `cargo test`
//! never builds criterion). Timings are for comparison between runs on
//! one machine, not assertions.

use std::path::{Path, PathBuf};
use std::process::Command;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

use brief::briefing::{Syntax, load_file, load_str};
use brief::library;
use brief::tui::action::Action;
use brief::tui::app::{App, Options};

const KARABAKH: &str = "briefings/2023-09-19-karabakh-offensive.toml";

/// Cargo runs a bench in its package's directory; the paths here are the
/// repository's.
fn at_repo_root() {
    std::env::set_current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).unwrap();
}

fn parse(c: &mut Criterion) {
    at_repo_root();
    let text = std::fs::read_to_string(KARABAKH).unwrap();
    let source =
        std::fs::read_to_string("briefings/sources/2023-09-19-karabakh-offensive.fr.txt").unwrap();
    c.bench_function("parse and validate the Karabakh briefing", |b| {
        b.iter(|| {
            let mut read = |_: &str| Ok(source.clone());
            let (briefing, _) = load_str(Path::new(KARABAKH), &text, Syntax::Toml, &mut read);
            briefing.expect("valid")
        })
    });
    c.bench_function("load the Karabakh briefing from disk", |b| {
        b.iter(|| {
            load_file(Path::new(KARABAKH), Path::new("briefings"))
                .briefing
                .expect("valid")
        })
    });
}

/// A generated library of `n` briefings, made once per run.
fn generated(n: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("brief-bench-{n}"));
    if !dir.join("items.rss").exists() {
        let status = Command::new(env!("CARGO"))
            .args([
                "run",
                "--release",
                "-p",
                "brief",
                "--example",
                "gen_library",
                "--",
            ])
            .arg(&dir)
            .arg(n.to_string())
            .status()
            .expect("run gen_library");
        assert!(status.success());
    }
    dir
}

fn indexing(c: &mut Criterion) {
    at_repo_root();
    let dir = generated(1000);
    let roots = vec![dir.clone()];
    let mut group = c.benchmark_group("index 1,000 files");
    group.sample_size(10);
    group.bench_function("cold (no cache)", |b| {
        b.iter(|| {
            let n = library::list(&roots, &mut library::db::Db::memory()).files;
            assert_eq!(n, 1000);
        })
    });
    let cache_path = std::env::temp_dir().join("brief-bench-index.sqlite");
    let _ = std::fs::remove_file(&cache_path);
    library::list(&roots, &mut library::db::Db::open(&cache_path));
    group.bench_function("warm (cache)", |b| {
        b.iter(|| {
            let n = library::list(&roots, &mut library::db::Db::open(&cache_path)).files;
            assert_eq!(n, 1000);
        })
    });
    group.finish();
}

fn render(c: &mut Criterion) {
    at_repo_root();
    let lib = library::load(&[PathBuf::from("briefings")]);
    let views: &[(&str, &[Action])] = &[
        ("library", &[]),
        ("briefing, all panes", &[Action::Open]),
        (
            "figures detail",
            &[Action::Open, Action::FocusFigures, Action::Open],
        ),
        (
            "source text",
            &[Action::Open, Action::FocusSources, Action::Open],
        ),
        ("help", &[Action::Help]),
    ];
    let mut group = c.benchmark_group("render at 200x60");
    for (name, actions) in views {
        let mut app = App::new(
            lib.listings(),
            Vec::new(),
            Options::default(),
            Rect::new(0, 0, 200, 60),
        );
        app.resize(200, 60);
        for a in *actions {
            app.update(*a);
        }
        let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
        group.bench_function(*name, |b| {
            b.iter(|| {
                term.draw(|f| f.render_widget(&app, f.area())).unwrap();
            })
        });
    }
    group.finish();
}

criterion_group!(benches, parse, indexing, render);
criterion_main!(benches);
