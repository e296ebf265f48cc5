//! What a key costs in the reader, over one large briefing, at 1/8 size and
//! full size: `cargo run --release --example bench_reader [-- SCALE]`.
//!
//! Writes a valid briefing of N timeline entries, M figures and a source
//! text of S bytes whose quotes are verbatim sentences of it (full size:
//! 5,000 / 2,000 / 2 MB; SCALE multiplies), then drives the real `App`
//! with key messages and draws every frame on ratatui's `TestBackend` at
//! 120×40, as the terminal would. Then "mark all read" over a library of
//! small briefings, with the real worker threads, timing the keys answered
//! while the batch runs. Prints a table with the ratio of the two sizes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

use brief::library::state::Store;
use brief::tui::app::{App, Options};
use brief::tui::msg::Marked;
use brief::tui::worker::{Workers, settle};
use brief::tui::{Effect, Msg};

mod common;
use common::{key, step};

const W: u16 = 120;
const H: u16 = 40;

/// One sentence of the source text; every quote is one of these, verbatim.
fn sentence(i: usize) -> String {
    const WHAT: &[&str] = &[
        "shelling was reported near the river crossing",
        "the convoy reached the northern checkpoint",
        "officials denied any movement of troops",
        "aid agencies counted new arrivals at the camp",
        "the ministry announced a curfew in the district",
    ];
    format!(
        "Report {i} says that {} on day {}.",
        WHAT[i % WHAT.len()],
        i % 28 + 1
    )
}

/// Writes the briefing and its source; returns the folder.
fn write_briefing(
    dir: &Path,
    actors: usize,
    entries: usize,
    figures: usize,
    source_bytes: usize,
) -> PathBuf {
    std::fs::create_dir_all(dir.join("sources")).unwrap();
    let mut text = String::new();
    let mut sentences = 0;
    while text.len() < source_bytes {
        for _ in 0..5 {
            text.push_str(&sentence(sentences));
            text.push(' ');
            sentences += 1;
        }
        text.push_str("\n\n");
    }
    std::fs::write(dir.join("sources/big.txt"), &text).unwrap();
    let mut t = String::new();
    t.push_str(
        "format = 1\nid = \"big\"\ntitle = \"A very large briefing\"\ndate = \"2023-09-19\"\n\
         language = \"en\"\npriority = \"high\"\nregion = \"Nowhere\"\ntags = [\"bench\"]\n\n\
         [summary]\nheadline = \"A briefing large enough to measure the reader.\"\n\
         body = \"\"\"\nIt has many entries, many figures and one long source text.\n\"\"\"\n\
         key_points = [\"Every quote is a sentence of the source.\"]\n\n\
         [[sources]]\nid = \"src\"\ntitle = \"The long source\"\npublished = \"2023-09-19\"\n\
         language = \"en\"\nreliability = \"B\"\ntext_file = \"sources/big.txt\"\n\n",
    );
    let actors = actors.max(1);
    for a in 0..actors {
        let _ = write!(
            t,
            "[[actors]]\nid = \"a{a}\"\nname = \"Actor {a}\"\nkind = \"official\"\n\
             role = \"Says things for the purpose of measurement.\"\n\n"
        );
    }
    for i in 0..entries {
        let _ = write!(
            t,
            "[[timeline]]\nwhen = \"2023-09-{:02}\"\nwhat = \"Entry {i}: something happened \
             that takes a line or two to describe in the timeline pane.\"\n\
             actors = [\"a{}\"]\nsources = [\"src\"]\nquote = \"{}\"\ncredibility = 2\n\n",
            i % 28 + 1,
            i % actors,
            sentence(i % sentences)
        );
    }
    for i in 0..figures {
        let _ = write!(
            t,
            "[[figures]]\nvalue = {}\nunit = \"people\"\nwhat = \"Figure {i}, counted somewhere\"\n\
             as_of = \"2023-09-19\"\nactors = [\"a{}\"]\nsources = [\"src\"]\nquote = \"{}\"\n\
             credibility = 2\n\n",
            1000 + i,
            i % actors,
            sentence((i * 7 + 3) % sentences)
        );
    }
    std::fs::write(dir.join("big.toml"), t).unwrap();
    dir.to_owned()
}

fn average(app: &mut App, term: &mut Terminal<TestBackend>, keys: &str, times: usize) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..times {
        for c in keys.chars() {
            total += step(app, term, key(c));
        }
    }
    total / (times * keys.chars().count()) as u32
}

struct Row {
    name: &'static str,
    small: Duration,
    large: Duration,
    target: &'static str,
}

fn measure(dir: &Path) -> Vec<Duration> {
    let mut out = Vec::new();
    // As `brief FILE` starts: the file read and checked once, for its row
    // and its first frame (`worker::preload`), then laid out and drawn.
    let t = Instant::now();
    let path = dir.join("big.toml");
    let root = brief::library::walk::library_root(&path);
    let (b, _) = brief::tui::worker::preload(&path, &root).expect("the briefing loads");
    let listing = brief::library::index::Listing::of(&path, &root, &b);
    let mut app = App::new(
        vec![listing],
        Vec::new(),
        Options::default(),
        Rect::new(0, 0, W, H),
    );
    let mut term = Terminal::new(TestBackend::new(W, H)).unwrap();
    let read = t.elapsed();
    let t = Instant::now();
    app.open_first();
    let Some(Effect::Load(load)) = app.take_effects().pop() else {
        panic!("opening asks for the briefing to be read");
    };
    // Takes the briefing preloaded: nothing is read or checked again.
    let loaded = brief::tui::worker::read(&load);
    let effects = app.update(Msg::Loaded(Box::new(loaded)));
    settle(&mut app, effects);
    term.draw(|f| f.render_widget(&app, f.area())).unwrap();
    let drawn = t.elapsed();
    // The library pipeline's own check of the file, for comparison (the
    // reader runs it only in the background, once the file changes).
    let t = Instant::now();
    let lib = brief::library::load(&[dir.to_owned()]);
    assert!(lib.diagnostics.is_empty(), "{:#?}", &lib.diagnostics[..1]);
    out.push(t.elapsed());
    out.push(read);
    out.push(drawn);
    out.push(read + drawn);
    step(&mut app, &mut term, key('3'));
    out.push(average(&mut app, &mut term, "j", 50));
    step(&mut app, &mut term, key('/'));
    out.push(average(&mut app, &mut term, "report", 1));
    step(&mut app, &mut term, key('⏎'));
    step(&mut app, &mut term, key('⎋'));
    step(&mut app, &mut term, key('5'));
    out.push(step(&mut app, &mut term, key('⏎')));
    out.push(average(&mut app, &mut term, "j", 50));
    // The search of the source's text: a phrase typed (each character one
    // pass over the text), then stepped through with n.
    step(&mut app, &mut term, key('/'));
    out.push(average(&mut app, &mut term, "the convoy reached", 1));
    step(&mut app, &mut term, key('⏎'));
    out.push(average(&mut app, &mut term, "n", 50));
    // Out of the text's search, then out of the text.
    step(&mut app, &mut term, key('⎋'));
    step(&mut app, &mut term, key('⎋'));
    assert!(app.overlay().is_none(), "the source's text is closed");
    // Actors with Timeline and Figures on screen, which mark the items of
    // the actor selected: each j selects another actor.
    step(&mut app, &mut term, key('2'));
    assert_eq!(app.pane, brief::tui::app::Pane::Actors);
    out.push(average(&mut app, &mut term, "j", 50));
    // The briefing's search stepped through with n: "actor" matches the
    // actors first (each n selects another), then the entries naming them.
    step(&mut app, &mut term, key('/'));
    average(&mut app, &mut term, "actor", 1);
    step(&mut app, &mut term, key('⏎'));
    out.push(average(&mut app, &mut term, "n", 50));
    out
}

/// A briefing whose one source is `bytes` of text in one paragraph: Enter
/// on it as the loop handles it (the text handed to a worker, the
/// "opening…" notice drawn), then the worker's wrapping, timed apart.
fn long_paragraph(dir: &Path, bytes: usize) -> (Duration, Duration) {
    std::fs::create_dir_all(dir.join("sources")).unwrap();
    let mut text = String::with_capacity(bytes + 64);
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(&sentence(i));
        text.push(' ');
        i += 1;
    }
    std::fs::write(dir.join("sources/long.txt"), &text).unwrap();
    std::fs::write(
        dir.join("long.toml"),
        format!(
            "format = 1\nid = \"long\"\ntitle = \"One long paragraph\"\ndate = \"2023-09-19\"\n\
             [summary]\nheadline = \"h\"\n[[actors]]\nid = \"a\"\nname = \"A\"\nkind = \"official\"\n\
             [[sources]]\nid = \"src\"\ntitle = \"s\"\ntext_file = \"sources/long.txt\"\n\
             [[timeline]]\nwhen = \"2023-09-19\"\nwhat = \"w\"\nactors = [\"a\"]\nsources = [\"src\"]\n\
             quote = \"{}\"\n",
            sentence(0)
        ),
    )
    .unwrap();
    let path = dir.join("long.toml");
    let root = brief::library::walk::library_root(&path);
    let (b, _) = brief::tui::worker::preload(&path, &root).expect("the briefing loads");
    let listing = brief::library::index::Listing::of(&path, &root, &b);
    let mut app = App::new(
        vec![listing],
        Vec::new(),
        Options::default(),
        Rect::new(0, 0, W, H),
    );
    let mut term = Terminal::new(TestBackend::new(W, H)).unwrap();
    app.open_first();
    let effects = app.take_effects();
    settle(&mut app, effects);
    step(&mut app, &mut term, key('5'));
    let t = Instant::now();
    let effects = app.update(key('⏎'));
    term.draw(|f| f.render_widget(&app, f.area())).unwrap();
    let enter = t.elapsed();
    assert!(app.opening(), "the notice is shown");
    let job = effects
        .into_iter()
        .find_map(|e| match e {
            Effect::WrapSource(job) => Some(job),
            _ => None,
        })
        .expect("the text goes to a worker");
    let t = Instant::now();
    let done = job.run();
    let worker = t.elapsed();
    let effects = app.update(Msg::SourceWrapped(Box::new(done)));
    settle(&mut app, effects);
    assert!(!app.opening());
    (enter, worker)
}

/// `R` then `y` over `n` small briefings with the real threads; returns the
/// time until every mark is on disk and the slowest key answered meanwhile.
/// Also returns when the briefings were read and their marks made (and shown);
/// with `write` false it stops there.
fn mark_all(
    root: &Path,
    template: &Path,
    n: usize,
    write: bool,
) -> (Duration, Duration, usize, Duration) {
    let lib_dir = root.join(format!("lib{n}"));
    let state = root.join(format!("state{n}.json"));
    std::fs::create_dir_all(lib_dir.join("sources")).unwrap();
    let one = std::fs::read_to_string(template.join("big.toml")).unwrap();
    std::fs::copy(
        template.join("sources/big.txt"),
        lib_dir.join("sources/big.txt"),
    )
    .unwrap();
    for i in 0..n {
        let text = one.replacen("id = \"big\"", &format!("id = \"b{i}\""), 1);
        std::fs::write(lib_dir.join(format!("b{i}.toml")), text).unwrap();
    }
    let lib = brief::library::load(&[lib_dir]);
    let store = Store::open(state, false).expect("a usable state file");
    let mut app = App::with_store(
        lib.listings(),
        lib.diagnostics,
        Store::in_memory(),
        Options::default(),
        Rect::new(0, 0, W, H),
    );
    let (tx, rx) = mpsc::channel();
    let workers = Workers::spawn(store, tx);
    let mut term = Terminal::new(TestBackend::new(W, H)).unwrap();
    let send = |app: &mut App, msg: Msg| {
        for e in app.update(msg) {
            let skip = !write && matches!(e, Effect::Mark(_));
            if !skip && !matches!(e, Effect::Quit | Effect::Suspend | Effect::Copy(_)) {
                workers.execute(e);
            }
        }
    };
    let t = Instant::now();
    send(&mut app, key('R'));
    send(&mut app, key('y'));
    let mut slowest = Duration::ZERO;
    let mut keys = 0;
    let mut prepared = Duration::ZERO;
    loop {
        // A key every 5 ms while the batch runs, answered and drawn.
        match rx.recv_timeout(Duration::from_millis(5)) {
            Ok(msg) => {
                let saved = matches!(msg, Msg::Marked(Marked::Saved { .. }));
                let ready = matches!(msg, Msg::Marked(Marked::Prepared { .. }));
                send(&mut app, msg);
                if ready {
                    prepared = t.elapsed();
                    if !write {
                        break;
                    }
                }
                if saved && app.pending_marks() == 0 {
                    break;
                }
            }
            Err(_) => {
                let k = Instant::now();
                send(&mut app, key(if keys % 2 == 0 { 'j' } else { 'k' }));
                term.draw(|f| f.render_widget(&app, f.area())).unwrap();
                slowest = slowest.max(k.elapsed());
                keys += 1;
            }
        }
        assert!(t.elapsed() < Duration::from_secs(1200), "gave up waiting");
    }
    (t.elapsed(), slowest, keys, prepared)
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let scale: f64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0);
    let root = tempfile::tempdir().unwrap();
    let full = |n: usize| ((n as f64) * scale) as usize;
    let small = write_briefing(
        &root.path().join("small"),
        full(40),
        full(625),
        full(250),
        full(262_144),
    );
    let large = write_briefing(
        &root.path().join("large"),
        full(320),
        full(5_000),
        full(2_000),
        full(2_097_152),
    );
    let mut s = measure(&small);
    let mut l = measure(&large);
    // One paragraph of 1.25 MB and of 10 MB.
    for (out, bytes, name) in [(&mut s, 1_310_720, "p1"), (&mut l, 10_485_760, "p8")] {
        let (enter, worker) = long_paragraph(&root.path().join(name), full(bytes));
        out.extend([enter, worker]);
    }
    let names = [
        ("(library pipeline's check, not on the path)", "—"),
        ("open: read and validate, once", "—"),
        ("open: lay out and draw (key thread)", "—"),
        ("first frame of the briefing, in all", "≤ 500 ms"),
        ("j in Timeline", "≤ 5 ms"),
        ("search, one character", "—"),
        ("source view open", "≤ 200 ms"),
        ("source view, one line of scroll", "≤ 5 ms"),
        ("source text search, one character", "—"),
        ("source text search, n", "≤ 5 ms"),
        ("j in Actors (all panes shown)", "≤ 5 ms"),
        ("briefing search, n (actors, entries)", "≤ 5 ms"),
        ("Enter on one long paragraph (key)", "≤ 5 ms"),
        ("  its wrapping, on a worker", "—"),
    ];
    let rows: Vec<Row> = names
        .iter()
        .zip(s.iter().zip(&l))
        .map(|((name, target), (a, b))| Row {
            name,
            small: *a,
            large: *b,
            target,
        })
        .collect();
    println!(
        "One briefing, {W}×{H}: 1/8 size ({} actors, {} entries, {} figures, {} KiB source) and full size ({} / {} / {} / {} KiB)\n",
        full(40),
        full(625),
        full(250),
        full(262_144) / 1024,
        full(320),
        full(5_000),
        full(2_000),
        full(2_097_152) / 1024
    );
    println!(
        "| {:<36} | {:>11} | {:>11} | {:>6} | {:<9} |",
        "measure", "1/8 size", "full size", "ratio", "target"
    );
    println!(
        "|{:-<38}|{:->13}|{:->13}|{:->8}|{:-<11}|",
        "", "", "", "", ""
    );
    for r in rows {
        println!(
            "| {:<36} | {:>11} | {:>11} | {:>5.1}× | {:<9} |",
            r.name,
            ms(r.small),
            ms(r.large),
            r.large.as_secs_f64() / r.small.as_secs_f64().max(1e-9),
            r.target
        );
    }
    let n_small = std::env::var("MARK_SMALL")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_250);
    let n_large = std::env::var("MARK_LARGE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    // Mark-all runs over a library of copies of a tiny briefing.
    let tiny = write_briefing(&root.path().join("tiny"), 20, 10, 5, 2_000);
    let (a_total, a_key, a_keys, _) = mark_all(root.path(), &tiny, n_small, true);
    let (b_total, b_key, b_keys, _) = mark_all(root.path(), &tiny, n_large, true);
    println!("\nMark all read (R, y) with the worker threads, state file on disk:\n");
    println!(
        "| {:<36} | {:>11} | {:>11} | {:>6} |",
        "measure",
        format!("{n_small}"),
        format!("{n_large}"),
        "ratio"
    );
    println!("|{:-<38}|{:->13}|{:->13}|{:->8}|", "", "", "", "");
    println!(
        "| {:<36} | {:>11} | {:>11} | {:>5.1}× |",
        "until every mark is on disk",
        ms(a_total),
        ms(b_total),
        b_total.as_secs_f64() / a_total.as_secs_f64().max(1e-9)
    );
    println!(
        "| {:<36} | {:>11} | {:>11} | {:>6} |",
        "slowest key answered meanwhile",
        ms(a_key),
        ms(b_key),
        ""
    );
    println!(
        "| {:<36} | {:>11} | {:>11} | {:>6} |",
        "keys answered meanwhile", a_keys, b_keys, ""
    );
    // Reading 10,000 briefings and making their marks, without the write
    // (which is the state layer's batch).
    let (_, c_key, _, c_ready) = mark_all(root.path(), &tiny, 1_250, false);
    let (_, d_key, _, d_ready) = mark_all(root.path(), &tiny, 10_000, false);
    println!("\nMark all read, up to the marks shown on screen (before the write):\n");
    println!(
        "| {:<36} | {:>11} | {:>11} | {:>6} |",
        "measure", "1250", "10000", "ratio"
    );
    println!("|{:-<38}|{:->13}|{:->13}|{:->8}|", "", "", "", "");
    println!(
        "| {:<36} | {:>11} | {:>11} | {:>5.1}× |",
        "read every briefing, marks shown",
        ms(c_ready),
        ms(d_ready),
        d_ready.as_secs_f64() / c_ready.as_secs_f64().max(1e-9)
    );
    println!(
        "| {:<36} | {:>11} | {:>11} | {:>6} |",
        "slowest key answered meanwhile",
        ms(c_key),
        ms(d_key),
        ""
    );
}
