//! The library's `/` over the full text, as a person sees it: the hits
//! listed after the rows whose titles match, each with its passage under
//! it (the matched words styled so that they show without colour), Enter
//! opening the briefing at the hit, a malformed query named on screen,
//! and an answer to an earlier query never replacing the latest.
//!
//! The search worker is played here by `loader::search` over an index in
//! memory: every ask the reader makes is answered at once, in order.

use std::path::{Path, PathBuf};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;

use brief::library::{self, db::Db};
use brief::tui::app::{App, Options, Pane};
use brief::tui::loader;
use brief::tui::msg::Ask;
use brief::tui::worker::settle;
use brief::tui::{Effect, Msg};

const KARABAKH: &str = "2023-09-19-karabakh-offensive";

/// A small valid briefing.
fn briefing(id: &str, title: &str, date: &str, headline: &str) -> String {
    format!(
        "format = 1\nid = \"{id}\"\ntitle = \"{title}\"\ndate = \"{date}\"\n[summary]\nheadline = \"{headline}\"\n"
    )
}

/// The shipped briefing (with its source text), one whose title names the
/// Lachin corridor, and two that mention neither.
fn library_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("sources")).unwrap();
    std::fs::copy(
        format!("briefings/{KARABAKH}.toml"),
        d.join(format!("{KARABAKH}.toml")),
    )
    .unwrap();
    std::fs::copy(
        format!("briefings/sources/{KARABAKH}.fr.txt"),
        d.join(format!("sources/{KARABAKH}.fr.txt")),
    )
    .unwrap();
    let files = [
        (
            "talks",
            "Lachin corridor talks resume",
            "2024-03-01",
            "Negotiators meet again.",
        ),
        (
            "floods",
            "Floods in the Mekong delta",
            "2024-05-02",
            "Water rises across the delta.",
        ),
        (
            "grain",
            "Grain exports resume",
            "2024-02-03",
            "Ships leave the port.",
        ),
    ];
    for (id, title, date, headline) in files {
        std::fs::write(
            d.join(format!("{id}.toml")),
            briefing(id, title, date, headline),
        )
        .unwrap();
    }
    dir
}

/// The library indexed in memory, and a reader over it at `w`×`h`.
fn reader(root: &Path, w: u16, h: u16, color: bool) -> (App, Db) {
    let mut db = Db::memory();
    let listed = library::list(&[root.to_owned()], &mut db);
    assert!(listed.diagnostics.is_empty(), "{:?}", listed.diagnostics);
    let mut app = App::new(
        listed.listings,
        Vec::new(),
        Options {
            color,
            ..Options::default()
        },
        Rect::new(0, 0, w, h),
    );
    app.resize(w, h);
    (app, db)
}

/// Carries out effects: full-text asks answered from `db` at once, the
/// rest in line; returns the asks made.
fn run(app: &mut App, db: &Db, roots: &[PathBuf], effects: Vec<Effect>) -> Vec<Ask> {
    let mut asks = Vec::new();
    let mut todo = effects;
    while !todo.is_empty() {
        let mut next = Vec::new();
        for effect in std::mem::take(&mut todo) {
            match effect {
                Effect::FullText(ask) => {
                    let found = loader::search(db, roots, &ask);
                    asks.push(ask);
                    next.extend(app.update(Msg::Found(found)));
                }
                other => next.extend(settle(app, vec![other])),
            }
        }
        todo = next;
    }
    asks
}

/// Presses keys written as a string; `⏎` is Enter, `⎋` Esc.
fn press(app: &mut App, db: &Db, roots: &[PathBuf], keys: &str) -> Vec<Ask> {
    let mut asks = Vec::new();
    for c in keys.chars() {
        let code = match c {
            '⏎' => KeyCode::Enter,
            '⎋' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        let effects = app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        asks.extend(run(app, db, roots, effects));
    }
    asks
}

fn draw(app: &App) -> Terminal<TestBackend> {
    let mut term = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    term.draw(|f| f.render_widget(app, f.area())).unwrap();
    term
}

fn row_text(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect()
}

/// Where `needle` starts on screen.
fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    for y in 0..buf.area.height {
        let row = row_text(buf, y);
        if let Some(byte) = row.find(needle) {
            return Some((row[..byte].chars().count() as u16, y));
        }
    }
    None
}

#[test]
fn hits_are_listed_after_title_matches_with_their_passage_at_two_sizes() {
    let dir = library_dir();
    let roots = [dir.path().to_owned()];
    for (w, h) in [(120, 40), (80, 24)] {
        let (mut app, db) = reader(dir.path(), w, h, true);
        press(&mut app, &db, &roots, "/lachin");
        let term = draw(&app);
        insta::assert_snapshot!(format!("fulltext_lachin_{w}x{h}"), term.backend());
        let buf = term.backend().buffer();
        // The title match first, then the briefing that only mentions it.
        let talks = find(buf, "Lachin corridor talks").expect("the title match is listed");
        let karabakh = find(buf, "Azerbaijan launches").expect("the full-text hit is listed");
        assert!(talks.1 < karabakh.1, "titles rank first");
        assert!(find(buf, "Floods").is_none(), "no hit, not listed");
        // The passage under the hit, its match styled to show without colour.
        let passage_row = row_text(buf, karabakh.1 + 1);
        assert!(passage_row.contains("Lachin"), "{passage_row}");
        let (x, y) = find(buf, "Lachin corridor, the only").expect("the passage");
        let style = buf[(x, y)].style();
        assert!(
            style
                .add_modifier
                .contains(Modifier::BOLD | Modifier::UNDERLINED),
            "{style:?}"
        );
        assert!(
            !buf[(x + 7, y)]
                .style()
                .add_modifier
                .contains(Modifier::UNDERLINED),
            "only the match is marked"
        );
    }
}

#[test]
fn without_colour_the_match_in_the_passage_is_reversed_bold_and_underlined() {
    let dir = library_dir();
    let roots = [dir.path().to_owned()];
    let (mut app, db) = reader(dir.path(), 120, 40, false);
    press(&mut app, &db, &roots, "/retakes");
    let term = draw(&app);
    let buf = term.backend().buffer();
    let (x, y) = find(buf, "retakes them").expect("the passage shows the match");
    let m = buf[(x, y)].style().add_modifier;
    assert!(
        m.contains(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED),
        "{m:?} at {x},{y}:\n{}",
        (0..buf.area.height)
            .map(|y| row_text(buf, y) + "\n")
            .collect::<String>()
    );
}

#[test]
fn enter_opens_the_briefing_at_its_hit() {
    let dir = library_dir();
    let roots = [dir.path().to_owned()];
    let (mut app, db) = reader(dir.path(), 120, 40, true);
    // "retakes" is only in the timeline: entries 2 and 3.
    press(&mut app, &db, &roots, "/retakes⏎⏎");
    assert!(app.briefing().is_some(), "opened");
    assert_eq!(app.pane, Pane::Timeline);
    assert_eq!(app.panes[Pane::Timeline.index()].selected, 1);
    assert_eq!(app.search.query, "retakes");
    let term = draw(&app);
    let buf = term.backend().buffer();
    let (x, y) = find(buf, "retakes").expect("the hit is on screen");
    assert!(
        buf[(x, y)].style().bg.is_some(),
        "the hit is highlighted in the pane"
    );
    // A title match opens as always, at the top.
    let (mut app, db) = reader(dir.path(), 120, 40, true);
    press(&mut app, &db, &roots, "/grain⏎⏎");
    assert_eq!(app.briefing().map(|b| b.id.as_str()), Some("grain"));
}

#[test]
fn a_malformed_query_is_named_on_screen_and_the_title_filter_still_works() {
    let dir = library_dir();
    let roots = [dir.path().to_owned()];
    for (w, h) in [(120, 40), (80, 24)] {
        let (mut app, db) = reader(dir.path(), w, h, true);
        press(&mut app, &db, &roots, "/grain \"ex");
        let term = draw(&app);
        insta::assert_snapshot!(format!("fulltext_malformed_{w}x{h}"), term.backend());
        let buf = term.backend().buffer();
        assert!(
            find(buf, "full text: not a search brief understands").is_some(),
            "the message is shown"
        );
        // Keys still work, and fixing the query brings the hits back.
        press(&mut app, &db, &roots, "ports\"");
        assert!(app.full_text_error().is_none());
        assert_eq!(app.visible.len(), 1);
    }
}

#[test]
fn only_the_answer_to_the_latest_ask_is_taken() {
    let dir = library_dir();
    let roots = [dir.path().to_owned()];
    let (mut app, db) = reader(dir.path(), 120, 40, true);
    let mut asks = Vec::new();
    for c in "/flood".chars() {
        let effects = app.update(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
        for e in effects {
            if let Effect::FullText(ask) = e {
                asks.push(ask);
            }
        }
    }
    assert_eq!(asks.len(), 5, "one ask per character typed");
    assert!(asks.windows(2).all(|w| w[0].seq < w[1].seq));
    // The latest answered first, then a stale one arrives: it is dropped.
    let latest = loader::search(&db, &roots, asks.last().unwrap());
    app.update(Msg::Found(latest));
    let shown = app.visible.clone();
    let stale = loader::search(
        &db,
        &roots,
        &Ask {
            seq: asks[0].seq,
            query: "lachin".to_owned(),
        },
    );
    app.update(Msg::Found(stale));
    assert_eq!(app.visible, shown, "a stale answer changes nothing");
    assert!(
        app.visible.iter().all(|&i| app.entries[i].id() == "floods"),
        "{:?}",
        app.visible
    );
    // Esc clears the filter and forgets the hits at once.
    app.update(Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)));
    assert_eq!(app.visible.len(), app.entries.len());
    assert_eq!(app.library_row_height(), 1);
}

/// While the full text is being searched the list says so instead of "No
/// briefing matches"; when a first start's check is over (the index whole
/// at last) the search is asked again, its hits kept until the answer.
#[test]
fn an_unanswered_search_says_so_and_the_end_of_the_check_asks_again() {
    let dir = library_dir();
    let roots = [dir.path().to_owned()];
    let (mut app, db) = reader(dir.path(), 120, 40, false);
    let mut asks = Vec::new();
    for c in "/azerbaidjan".chars() {
        for e in app.update(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        ))) {
            if let Effect::FullText(ask) = e {
                asks.push(ask);
            }
        }
    }
    // No title says it: only the full text can; its answer is not in yet.
    assert!(app.visible.is_empty());
    let screen = format!("{:?}", draw(&app).backend().buffer());
    assert!(screen.contains("Searching the full text"), "{screen}");
    assert!(!screen.contains("No briefing matches"), "{screen}");

    let found = loader::search(&db, &roots, asks.last().unwrap());
    app.update(Msg::Found(found));
    assert_eq!(app.visible.len(), 1, "the shipped briefing, by its text");
    let screen = format!("{:?}", draw(&app).backend().buffer());
    assert!(!screen.contains("Searching the full text"), "{screen}");

    // The check of a first start ends: the same query is asked again.
    let effects = app.update(Msg::Indexed(brief::library::index::Batch {
        checking: Some(false),
        ..Default::default()
    }));
    let again: Vec<Ask> = effects
        .into_iter()
        .filter_map(|e| match e {
            Effect::FullText(ask) => Some(ask),
            _ => None,
        })
        .collect();
    assert_eq!(again.len(), 1, "asked again once");
    assert_eq!(again[0].query, "azerbaidjan");
    assert!(again[0].seq > asks.last().unwrap().seq);
    assert_eq!(app.visible.len(), 1, "the hits stay until the answer");
    let screen = format!("{:?}", draw(&app).backend().buffer());
    assert!(screen.contains("searching the full text"), "{screen}");
}
