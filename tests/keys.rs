//! Keys as a person uses them: each one acts, or the status line says why
//! not; a search can be abandoned without losing one's place; the source
//! texts are searched too; triage works where one reads; the queue.
//! Driven by key events through `App::update`, drawn on a test backend.

use std::path::PathBuf;

use ratatui::style::Color;

use brief::library::{self, state::ReadState};
use brief::tui::Effect;
use brief::tui::app::{App, Options, Overlay, Pane};
use brief::tui::model::Mode;

mod common;
use common::{app_with, buffer, find, press, status, text};

const ARTICLE: &str = "briefings/sources/2023-09-19-karabakh-offensive.fr.txt";

fn app_of(lib: library::Library) -> App {
    app_with(lib, 120, 40, Options::default())
}

fn shipped() -> App {
    app_of(library::load(&[PathBuf::from("briefings")]))
}

const TITLE: &str = "Azerbaijan launches \"antiterrorist\" operation in Nagorno-Karabakh";

#[test]
fn esc_puts_focus_selection_and_scroll_back_where_the_search_started() {
    let mut app = shipped();
    press(&mut app, "⏎3jjj");
    let before = (app.pane, app.panes);
    assert_eq!(app.panes[Pane::Timeline.index()].selected, 3);

    // The issue's own keys: `3 / z z Esc` left the focus on Actors.
    press(&mut app, "/zz");
    assert!(status(&app).contains("no match"), "{}", status(&app));
    press(&mut app, "⎋");
    assert_eq!((app.pane, app.panes), before, "no match: nothing moved");

    // A match moves the focus while typing; Esc still goes back.
    press(&mut app, "/peacekeepers");
    assert_ne!(
        (app.pane, app.panes),
        before,
        "typing went to the first match"
    );
    press(&mut app, "⎋");
    assert_eq!((app.pane, app.panes), before);
    assert!(app.search.query.is_empty());

    // Backspacing the query away goes back too.
    press(&mut app, "/pea⌫⌫⌫");
    assert_eq!((app.pane, app.panes), before);
    press(&mut app, "⎋");

    // Enter keeps the match.
    press(&mut app, "/peacekeepers⏎");
    let kept = (app.pane, app.panes);
    assert_ne!(kept, before);
    assert_eq!(app.mode, Mode::Briefing);
    assert_eq!(app.search.query, "peacekeepers");
}

#[test]
fn an_empty_search_prompt_does_not_say_no_match() {
    let mut app = shipped();
    press(&mut app, "⏎/");
    let line = status(&app);
    assert!(line.contains("search:"), "{line}");
    assert!(!line.contains("no match"), "{line}");
}

#[test]
fn f_r_a_act_on_the_open_briefing_and_name_it_by_title() {
    let mut app = shipped();
    press(&mut app, "⏎");
    let id = app.entries[app.open].id().to_owned();
    let state = |app: &App| app.store.state.clone();

    press(&mut app, "f");
    assert!(state(&app).flagged(&id));
    let line = status(&app);
    assert!(line.contains("flagged “Azerbaijan launches"), "{line}");
    assert!(!line.contains(&id), "named by title, not id: {line}");
    press(&mut app, "f");
    assert!(!state(&app).flagged(&id));
    assert!(status(&app).contains("unflagged “"));

    let digest = app.entries[app.open].digest().to_owned();
    assert_eq!(state(&app).read_state_of(&id, &digest), ReadState::Read);
    press(&mut app, "r");
    assert_eq!(state(&app).read_state_of(&id, &digest), ReadState::New);
    assert!(
        status(&app).contains("marked “Azerbaijan"),
        "{}",
        status(&app)
    );
    press(&mut app, "r");
    assert_eq!(state(&app).read_state_of(&id, &digest), ReadState::Read);
    assert!(status(&app).contains("read"), "{}", status(&app));

    press(&mut app, "a");
    assert!(state(&app).archived(&id));
    let line = status(&app);
    assert!(
        line.contains("archived “Azerbaijan") && line.contains("(A shows archived)"),
        "after archiving, the way back is named: {line}"
    );
    assert_eq!(app.mode, Mode::Briefing, "still reading it");
    press(&mut app, "a");
    assert!(!state(&app).archived(&id));
    assert!(status(&app).contains("restored “"));
}

#[test]
fn titles_in_messages_are_cleaned_and_shortened() {
    let tmp = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("briefings/2023-09-19-karabakh-offensive.toml").unwrap();
    let hostile =
        "A \\u001b[31mvery long title that goes on and on past any status line \\u202e width";
    let text = text.replacen(
        &format!("title = {TITLE:?}"),
        &format!("title = \"{hostile}\""),
        1,
    );
    let dir = tmp.path().join("lib");
    std::fs::create_dir_all(dir.join("sources")).unwrap();
    std::fs::copy(
        ARTICLE,
        dir.join("sources/2023-09-19-karabakh-offensive.fr.txt"),
    )
    .unwrap();
    std::fs::write(dir.join("b.toml"), text).unwrap();
    let mut app = app_of(library::load(&[dir]));
    press(&mut app, "f");
    let said = app.message.clone().unwrap();
    assert!(said.starts_with("flagged “A "), "{said}");
    assert!(
        !said.contains('\u{1b}') && !said.contains('\u{202e}'),
        "{said:?}"
    );
    assert!(said.contains('…') && said.chars().count() < 60, "{said}");
}

#[test]
fn in_the_library_briefing_keys_say_why_they_do_nothing() {
    let mut app = shipped();
    press(&mut app, "y");
    assert_eq!(
        app.message.as_deref(),
        Some("y copies a citation: open a briefing first")
    );
    assert!(status(&app).contains("y copies a citation: open a briefing first"));
    for keys in ["Y", "c", "n", "N", "[", "]", "1", "2", "3", "4", "5", "⇥"] {
        press(&mut app, keys);
        let said = app.message.clone().unwrap_or_default();
        assert!(!said.is_empty(), "{keys:?} said nothing");
        assert_eq!(app.mode, Mode::Library, "{keys:?}");
    }
    press(&mut app, "n");
    assert_eq!(
        app.message.as_deref(),
        Some("n steps through matches: / to search first")
    );
    press(&mut app, "x");
    assert_eq!(
        app.message.as_deref(),
        Some("x does nothing here: ? lists the keys")
    );
    // And library keys inside a briefing.
    press(&mut app, "⏎u");
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.contains("works in the library: Esc goes back")),
        "{:?}",
        app.message
    );
}

#[test]
fn c_on_a_first_reading_does_not_claim_nothing_changed() {
    let mut app = shipped();
    press(&mut app, "⏎c");
    let said = app.message.clone().unwrap();
    assert!(!said.contains("nothing changed"), "{said}");
    assert!(said.contains("first reading"), "{said}");
}

#[test]
fn slash_in_the_source_text_searches_it_highlights_and_steps() {
    let article = std::fs::read_to_string(ARTICLE).unwrap();
    let expected = article.to_lowercase().matches("lachin").count();
    assert!(expected >= 2);
    let mut app = shipped();
    // At 80×24 the article is several screens long, so the end of the text
    // and its first match are different places (at 120×40 it nearly fits).
    app.resize(80, 24);
    press(&mut app, "⏎5⏎");
    assert!(matches!(app.overlay(), Some(Overlay::Source(0))));
    let top = app.overlay_scroll;
    press(&mut app, "/lachin");
    assert!(matches!(app.mode, Mode::Find(..)));
    assert_eq!(app.text_total(), expected);
    assert!(status(&app).contains("search the text: lachin▏  match 1/"));
    press(&mut app, "⏎");
    assert!(matches!(app.mode, Mode::Overlay(_, Overlay::Source(0))));
    let buf = buffer(&app);
    let (x, y) = find(&buf, "Lachin").expect("the match is on screen");
    assert_eq!(buf[(x, y)].bg, Color::Yellow, "highlighted");
    assert!(text(&buf).contains(&format!("match 1/{expected}")));
    let (_, first) = app.text_line(0).unwrap();
    press(&mut app, "n");
    assert_eq!(app.text_search.current, 1);
    press(&mut app, "N");
    assert_eq!(app.text_search.current, 0);
    assert!(app.overlay_scroll <= first);
    let at_first = app.overlay_scroll;

    // Esc clears the search, then closes.
    press(&mut app, "⎋");
    assert!(
        app.text_search.query.is_empty(),
        "Esc clears the search first"
    );
    assert!(matches!(app.overlay(), Some(Overlay::Source(0))));

    // Esc while typing goes back to where the text was before `/`.
    press(&mut app, "G");
    let end = app.overlay_scroll;
    assert_ne!(end, at_first, "the end of the text is elsewhere");
    press(&mut app, "/lachin");
    assert_eq!(
        app.overlay_scroll, at_first,
        "typing went to the first match"
    );
    press(&mut app, "⎋");
    assert_eq!(app.overlay_scroll, end);
    press(&mut app, "/zzz");
    assert!(status(&app).contains("no match"));
    assert_eq!(app.overlay_scroll, end);
    press(&mut app, "⎋⎋");
    assert_eq!(app.mode, Mode::Briefing, "then Esc closes");
    let _ = top;
}

#[test]
fn the_briefing_search_finds_the_source_texts_and_enter_opens_them_at_the_hit() {
    let mut app = shipped();
    press(&mut app, "⏎/lachin");
    let hits = app.hits();
    let in_text: Vec<_> = hits.iter().filter(|h| h.text.is_some()).collect();
    assert_eq!(in_text.len(), 2, "both of the article's mentions: {hits:?}");
    assert!(
        in_text
            .iter()
            .all(|h| h.pane == Pane::Sources && h.item == 0)
    );
    // Up from the first goes round to the last: the article's second mention.
    press(&mut app, "↑");
    assert_eq!(hits[app.search.current].text, Some(1));
    press(&mut app, "⏎");
    assert!(matches!(app.overlay(), Some(Overlay::Source(0))));
    assert_eq!(app.text_search.query, "lachin");
    assert_eq!(app.text_search.current, 1);
    let (_, line) = app.text_line(1).unwrap();
    let shown = app.overlay_scroll..app.overlay_scroll + app.overlay_height();
    assert!(shown.contains(&line), "{line} in {shown:?}");

    // From the panes: n to a text hit says where it is; Enter opens it there.
    press(&mut app, "⎋⎋");
    assert_eq!(app.mode, Mode::Briefing);
    let first_text = hits.iter().position(|h| h.text == Some(0)).unwrap();
    while app.search.current != first_text {
        press(&mut app, "n");
    }
    assert!(
        status(&app).contains("is in the text of “L’Azerbaïdjan"),
        "{}",
        status(&app)
    );
    press(&mut app, "⏎");
    assert_eq!(app.text_search.current, 0);
    assert!(matches!(app.overlay(), Some(Overlay::Source(0))));
}

/// `n` copies of the shipped briefing, each its own id, oldest last.
fn copies(n: usize) -> (tempfile::TempDir, App) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("lib");
    std::fs::create_dir_all(dir.join("sources")).unwrap();
    std::fs::copy(
        ARTICLE,
        dir.join("sources/2023-09-19-karabakh-offensive.fr.txt"),
    )
    .unwrap();
    let text = std::fs::read_to_string("briefings/2023-09-19-karabakh-offensive.toml").unwrap();
    for i in 0..n {
        let t = text
            .replacen(
                "id = \"2023-09-19-karabakh-offensive\"",
                &format!("id = \"copy-{i}\""),
                1,
            )
            .replacen(
                &format!("title = {TITLE:?}"),
                &format!("title = \"Copy {i}\""),
                1,
            );
        std::fs::write(dir.join(format!("copy-{i}.toml")), t).unwrap();
    }
    let lib = library::load(&[dir]);
    assert!(lib.diagnostics.is_empty(), "{:?}", lib.diagnostics);
    let mut app = app_of(lib);
    app.set_view(brief::tui::model::Sort::Title, Default::default());
    (tmp, app)
}

#[test]
fn space_works_the_queue_skipping_read_briefings_to_its_end() {
    let (_tmp, mut app) = copies(4);
    let title = |app: &App| app.entries[app.open].title().to_owned();
    // Copy 1 is read already, from the library.
    press(&mut app, "jrg");
    assert_eq!(app.mode, Mode::Library);

    press(&mut app, "␣");
    assert_eq!(app.mode, Mode::Briefing);
    assert_eq!(title(&app), "Copy 0");
    press(&mut app, "␣");
    assert_eq!(title(&app), "Copy 2", "Copy 1 was read: skipped");
    assert!(
        status(&app).contains("next unread: “Copy 2”"),
        "{}",
        status(&app)
    );
    press(&mut app, "␣");
    assert_eq!(title(&app), "Copy 3");
    // The ones left behind are read.
    for i in 0..3 {
        let l = &app
            .entries
            .iter()
            .find(|l| l.title() == format!("Copy {i}"))
            .unwrap();
        assert_eq!(
            app.store.state.read_state_of(l.id(), l.digest()),
            ReadState::Read,
            "Copy {i}"
        );
    }
    press(&mut app, "␣");
    assert_eq!(title(&app), "Copy 3", "nowhere to go");
    assert!(
        status(&app).contains("the end of the queue: every listed briefing is read"),
        "{}",
        status(&app)
    );

    // Marked unread on the way, one above is still waiting: said so.
    press(&mut app, "[[r]]");
    assert_eq!(title(&app), "Copy 3");
    press(&mut app, "␣");
    assert!(
        status(&app).contains("none unread below, some above"),
        "{}",
        status(&app)
    );
    assert!(
        !app.message.as_deref().unwrap_or("").contains("g goes"),
        "only the library's g"
    );
}

#[test]
fn keys_in_a_box_either_act_or_say_to_close_it() {
    let mut app = shipped();
    press(&mut app, "⏎4⏎");
    assert!(matches!(app.overlay(), Some(Overlay::Figure(0))));
    press(&mut app, "1");
    assert_eq!(app.message.as_deref(), Some("1: Esc closes this box first"));
    let effects = press(&mut app, "y");
    assert!(
        matches!(effects.as_slice(), [Effect::Copy(text)] if text.contains("11 killed")),
        "y in a figure's box copies that figure: {effects:?}"
    );
    press(&mut app, "/");
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.contains("searches a source's full text")),
        "{:?}",
        app.message
    );
    assert!(
        matches!(app.mode, Mode::Overlay(_, Overlay::Figure(0))),
        "no prompt opened over a box without a text"
    );
}

#[test]
fn after_archiving_the_library_says_how_to_show_archived_ones() {
    let mut app = shipped();
    press(&mut app, "⏎a⎋");
    assert_eq!(app.mode, Mode::Library);
    let screen = text(&buffer(&app));
    let header = screen.lines().next().unwrap();
    assert!(header.contains("· 1 archived: A shows"), "{header}");
    assert!(
        screen.contains("Every briefing here is archived."),
        "{screen}"
    );
    for keys in ["␣", "f", "⏎"] {
        press(&mut app, keys);
        assert_eq!(
            app.message.as_deref(),
            Some("no briefing is listed"),
            "{keys:?}"
        );
    }
    press(&mut app, "A");
    let header = text(&buffer(&app)).lines().next().unwrap().to_owned();
    assert!(!header.contains("archived: A shows"), "{header}");
    assert!(header.contains("with archived"), "{header}");
}

#[test]
fn the_position_among_briefings_does_not_read_like_a_checkbox() {
    let (_tmp, mut app) = copies(3);
    press(&mut app, "j⏎");
    let line = status(&app);
    assert!(line.contains("briefing 2/3 ([ ])"), "{line}");
    assert!(!line.contains("[ ] briefings"), "{line}");
}

#[test]
fn enter_on_the_summary_says_there_is_nothing_to_open() {
    let mut app = shipped();
    press(&mut app, "⏎⏎");
    assert_eq!(
        app.message.as_deref(),
        Some("Enter opens an item: the Summary has none (Tab goes to the next pane)")
    );
}

#[test]
fn triage_messages_are_ascii_under_ascii() {
    let mut app = shipped();
    app.options.ascii = true;
    for keys in ["f", "Ry"] {
        press(&mut app, keys);
        let line = status(&app);
        assert!(
            app.message.as_deref().is_some_and(|m| m.is_ascii()),
            "{keys}: {:?} / {line}",
            app.message
        );
        assert!(line.is_ascii(), "{keys}: {line}");
    }
}

/// The search of a source's text on screen, row by row: the characters in
/// the current match's style (highlighted and underlined) and those of the
/// other matches (highlighted only), each without the row's other cells.
fn marked_rows(buf: &ratatui::buffer::Buffer) -> Vec<(String, String)> {
    use ratatui::style::Modifier;
    (0..buf.area.height)
        .map(|y| {
            let (mut now, mut other) = (String::new(), String::new());
            for x in 0..buf.area.width {
                let cell = &buf[(x, y)];
                if cell.bg != Color::Yellow {
                    continue;
                }
                if cell.modifier.contains(Modifier::UNDERLINED) {
                    now.push_str(cell.symbol());
                } else {
                    other.push_str(cell.symbol());
                }
            }
            (now, other)
        })
        .collect()
}

/// A query without its spaces, lower case: what the cells of a match say
/// once the spaces a wrap swallowed (drawn as blanks at the line's end,
/// when there is room) are left out.
fn squeezed(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The source's text searched for `query` at `w`×`h`, then `n` pressed
/// round the cycle: for each match visited, which it is, and how many
/// rows its highlight covers (asserting that it is on screen, whole, in
/// the current match's style, and that the status line counts it).
fn step_round(w: u16, h: u16, query: &str) -> (usize, Vec<(usize, usize)>) {
    let mut app = shipped();
    app.resize(w, h);
    press(&mut app, "⏎5⏎/");
    press(&mut app, query);
    press(&mut app, "⏎");
    let total = app.text_total();
    let mut visits = Vec::new();
    for _ in 0..total {
        let buf = buffer(&app);
        let rows: Vec<String> = marked_rows(&buf)
            .into_iter()
            .map(|(now, _)| now)
            .filter(|now| !now.is_empty())
            .collect();
        let k = app.text_search.current;
        assert_eq!(
            squeezed(&rows.concat()),
            squeezed(query),
            "{w}×{h} {query:?}: match {k} is shown whole: {rows:?}\n{}",
            text(&buf)
        );
        let line = status(&app);
        assert!(
            text(&buf).contains(&format!("match {}/{total}", k + 1)),
            "{line}"
        );
        visits.push((k, rows.len()));
        press(&mut app, "n");
    }
    // Round the cycle: back to the first.
    assert_eq!(app.text_search.current, visits.first().map_or(0, |v| v.0));
    (total, visits)
}

#[test]
fn a_phrase_the_wrap_splits_is_counted_highlighted_on_both_lines_and_stepped_to() {
    let article = std::fs::read_to_string(ARTICLE).unwrap().to_lowercase();
    // Each query has a match that the wrap splits at that size (and other
    // matches that it does not): "premier ministre" once, at both sizes.
    for (w, h, query) in [
        (80, 24, "à grande"),
        (80, 24, "premier ministre"),
        (120, 40, "de la"),
        (120, 40, "premier ministre"),
    ] {
        let (total, visits) = step_round(w, h, query);
        assert_eq!(total, article.matches(query).count(), "{query}");
        let seen: std::collections::BTreeSet<usize> = visits.iter().map(|v| v.0).collect();
        assert_eq!(
            seen,
            (0..total).collect(),
            "{w}×{h} {query}: n visits each match once: {visits:?}"
        );
        let order: Vec<usize> = visits.iter().map(|v| v.0).collect();
        assert_eq!(order, (0..total).collect::<Vec<_>>(), "in order");
        assert!(
            visits.iter().any(|v| v.1 == 2),
            "{w}×{h} {query}: a match is split by the wrap: {visits:?}"
        );
    }
}

/// The screen with, under each row that has a match, where the current
/// match (`#`) and the others (`=`) are drawn.
fn with_matches(buf: &ratatui::buffer::Buffer) -> String {
    use ratatui::style::Modifier;
    let screen = text(buf);
    let mut out = String::new();
    for (y, row) in screen.lines().enumerate() {
        out.push_str(row);
        out.push('\n');
        let marks: String = (0..buf.area.width)
            .map(|x| {
                let cell = &buf[(x, y as u16)];
                match (
                    cell.bg == Color::Yellow,
                    cell.modifier.contains(Modifier::UNDERLINED),
                ) {
                    (true, true) => '#',
                    (true, false) => '=',
                    _ => ' ',
                }
            })
            .collect();
        if marks.trim().is_empty() {
            continue;
        }
        out.push_str(marks.trim_end());
        out.push('\n');
    }
    out
}

#[test]
fn the_match_split_by_the_wrap_is_drawn_on_both_lines_in_the_current_style() {
    use ratatui::style::Modifier;
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = shipped();
        app.resize(w, h);
        press(&mut app, "⏎5⏎/premier ministre⏎");
        assert_eq!(app.text_total(), 1);
        let buf = buffer(&app);
        insta::assert_snapshot!(format!("source_search_wrapped_{w}x{h}"), with_matches(&buf));
        // "Premier" ends a line, "ministre" starts the next, both in the
        // current match's style; the space between, swallowed by the wrap,
        // is a highlighted blank after "Premier".
        let (x, y) = find(&buf, "Premier").expect("the first half on screen");
        let now = |x: u16, y: u16| {
            let cell = &buf[(x, y)];
            cell.bg == Color::Yellow && cell.modifier.contains(Modifier::UNDERLINED)
        };
        assert!(
            (x..x + 8).all(|x| now(x, y)),
            "Premier and the blank after it"
        );
        let row: String = (x + 8..buf.area.width - 1)
            .map(|x| buf[(x, y)].symbol())
            .collect();
        assert!(row.trim().is_empty(), "Premier ends its line: {row:?}");
        let (x2, y2) = find(&buf, "ministre").expect("the second half on screen");
        assert_eq!(y2, y + 1);
        assert_eq!(x2, 1, "ministre starts the next line");
        assert!((x2..x2 + 8).all(|x| now(x, y2)));
        assert!(!now(x2 + 8, y2), "and the match ends there");
        assert!(status(&app).contains("match 1/1") || text(&buf).contains("match 1/1"));
    }
}

#[test]
fn the_briefing_search_opens_each_of_its_text_hits_including_one_the_wrap_splits() {
    for (w, h, query) in [(120, 40, "de la"), (80, 24, "à grande")] {
        let mut app = shipped();
        app.resize(w, h);
        press(&mut app, "⏎/");
        press(&mut app, query);
        let hits = app.hits();
        let in_text: Vec<usize> = hits.iter().filter_map(|h| h.text).collect();
        let total = in_text.len();
        assert!(total >= 2, "{query}: {hits:?}");
        assert_eq!(in_text, (0..total).collect::<Vec<_>>());
        press(&mut app, "⎋⎋");
        for k in 0..total {
            let mut app = shipped();
            app.resize(w, h);
            press(&mut app, "⏎/");
            press(&mut app, query);
            // Down steps through the hits while the query is typed.
            while app.hits()[app.search.current].text != Some(k) {
                press(&mut app, "↓");
            }
            press(&mut app, "⏎");
            assert!(matches!(app.overlay(), Some(Overlay::Source(0))));
            assert_eq!(
                app.text_total(),
                total,
                "the view counts as the briefing did"
            );
            assert_eq!(
                app.text_search.current, k,
                "{w}×{h} {query}: opened at hit {k}"
            );
            let now: String = marked_rows(&buffer(&app))
                .into_iter()
                .map(|(now, _)| now)
                .collect();
            assert_eq!(squeezed(&now), squeezed(query), "hit {k} shown");
        }
    }
}

mod text_search_properties {
    use super::*;
    use proptest::prelude::*;

    /// The article's lines that have text, as characters.
    fn lines() -> Vec<Vec<char>> {
        std::fs::read_to_string(ARTICLE)
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.chars().collect())
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 48,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// Whatever the width and whatever part of the text is searched
        /// for, n visits as many matches as the count says, each once, in
        /// order, each drawn whole in the current match's style.
        #[test]
        fn n_visits_exactly_the_matches_counted(
            w in 40u16..200,
            h in 12u16..50,
            line in any::<prop::sample::Index>(),
            start in any::<prop::sample::Index>(),
            len in 1usize..24,
        ) {
            let lines = lines();
            let line = &lines[line.index(lines.len())];
            let start = start.index(line.len());
            let query: String = line[start..(start + len).min(line.len())].iter().collect();
            let lower = query.to_lowercase();
            let counted: usize = std::fs::read_to_string(ARTICLE)
                .unwrap()
                .lines()
                .map(|l| l.to_lowercase().matches(lower.as_str()).count())
                .sum();
            let (total, visits) = step_round(w, h, &query);
            prop_assert_eq!(total, counted, "{:?}", query);
            let order: Vec<usize> = visits.iter().map(|v| v.0).collect();
            prop_assert_eq!(order, (0..total).collect::<Vec<_>>());
        }
    }
}

#[test]
fn without_colour_the_current_match_is_underlined_and_the_others_are_not() {
    use ratatui::style::Modifier;
    let lib = library::load(&[PathBuf::from("briefings")]);
    let options = Options {
        color: false,
        ..Options::default()
    };
    let mut app = app_with(lib, 120, 40, options);
    press(&mut app, "⏎5⏎/de la⏎n");
    let buf = buffer(&app);
    let (mut now, mut other) = (String::new(), String::new());
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            if !cell.modifier.contains(Modifier::REVERSED) || y + 1 == buf.area.height {
                continue;
            }
            if cell.modifier.contains(Modifier::UNDERLINED) {
                now.push_str(cell.symbol());
            } else {
                other.push_str(cell.symbol());
            }
        }
    }
    assert_eq!(squeezed(&now), "dela", "the current match alone");
    assert!(squeezed(&other).matches("dela").count() >= 2, "{other:?}");
    assert_eq!(app.text_search.current, 1);
}

/// The current match of a source's text search, as drawn: its cells in
/// the current match's style, squeezed ([`squeezed`]).
fn current_drawn(app: &App) -> String {
    let rows: Vec<String> = marked_rows(&buffer(app))
        .into_iter()
        .map(|(now, _)| now)
        .collect();
    squeezed(&rows.concat())
}

/// A resize wraps the source's text anew; what the reader was looking at
/// stays on screen: the current match, found with `n` at 120×40, at 80×24
/// (where the text is twice as long, so the same line number is elsewhere)
/// and back at 120×40.
#[test]
fn a_resize_keeps_the_current_match_of_the_source_text_on_screen() {
    let mut app = shipped();
    press(&mut app, "⏎5⏎/de la⏎");
    let total = app.text_total();
    assert!(total >= 4, "{total}");
    // The last match but one: far down the text at both sizes.
    while app.text_search.current != total - 2 {
        press(&mut app, "n");
    }
    let k = app.text_search.current;
    for (step, (w, h)) in [(120, 40), (80, 24), (120, 40)].into_iter().enumerate() {
        app.resize(w, h);
        let buf = buffer(&app);
        insta::assert_snapshot!(
            format!("source_search_resized_{}_{w}x{h}", step + 1),
            with_matches(&buf)
        );
        assert_eq!(current_drawn(&app), "dela", "{w}×{h}:\n{}", text(&buf));
        assert_eq!(app.text_search.current, k);
        assert!(text(&buf).contains(&format!("match {}/{total}", k + 1)));
    }
}

/// Without a search, the first character that was at the top of the view
/// stays on its top row: at 60×20 the top row is the line that holds the
/// word that began the top line at 80×24, and going back to 80×24 shows
/// that line at the top again. (At 120×40 the whole text fits.)
#[test]
fn a_resize_keeps_the_top_of_the_source_text_in_view() {
    let mut app = shipped();
    app.resize(80, 24);
    press(&mut app, "⏎5⏎");
    press(&mut app, &"j".repeat(12));
    // The overlay's first row of text, under its top border.
    let top_row = |app: &App| -> String {
        let screen = text(&buffer(app));
        let mut rows = screen.lines().skip_while(|r| !r.starts_with('┏'));
        rows.nth(1)
            .unwrap_or_default()
            .trim_matches(|c: char| c == '┃' || c.is_whitespace())
            .to_owned()
    };
    let before = top_row(&app);
    let word = before
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned();
    assert!(
        word.chars().count() >= 3,
        "a line of the text at the top: {before:?}\n{}",
        text(&buffer(&app))
    );
    assert!(
        text(&buffer(&app)).matches(word.as_str()).count() == 1,
        "{word:?} is only on the top row at 80×24"
    );
    for (step, (w, h)) in [(60, 20), (80, 24)].into_iter().enumerate() {
        app.resize(w, h);
        let buf = buffer(&app);
        insta::assert_snapshot!(
            format!("source_top_resized_{}_{w}x{h}", step + 1),
            text(&buf)
        );
        let now = top_row(&app);
        assert!(
            now.contains(&word),
            "{w}×{h}: the top row {now:?} shows {word:?}\n{}",
            text(&buf)
        );
    }
    assert_eq!(top_row(&app), before, "back at 80×24, the same top line");
}

mod text_resize_properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 32,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// Whatever the sizes a reader resizes through, the current match
        /// of the source's text stays on screen, drawn whole in its style.
        #[test]
        fn the_current_match_stays_on_screen_across_resizes(
            start in (40u16..200, 12u16..50),
            sizes in prop::collection::vec((40u16..200, 12u16..50), 1..5),
            pick in any::<prop::sample::Index>(),
        ) {
            let mut app = shipped();
            app.resize(start.0, start.1);
            press(&mut app, "⏎5⏎/de la⏎");
            let total = app.text_total();
            prop_assert!(total > 0);
            let k = pick.index(total);
            while app.text_search.current != k {
                press(&mut app, "n");
            }
            for (w, h) in sizes {
                app.resize(w, h);
                prop_assert_eq!(app.text_search.current, k);
                prop_assert_eq!(
                    current_drawn(&app),
                    "dela",
                    "{}×{}, match {}:\n{}",
                    w,
                    h,
                    k,
                    text(&buffer(&app))
                );
            }
        }
    }
}

/// A briefing search kept (`/karabakh` Enter), then a source's text
/// searched: the status line under the box names the briefing's search
/// with the briefing's count, not the text search's.
#[test]
fn the_status_line_counts_the_briefing_search_while_a_source_text_is_searched() {
    let mut app = shipped();
    press(&mut app, "⏎/karabakh⏎");
    let briefing_hits = app.hits().len();
    press(&mut app, "5⏎/lachin⏎");
    let text_hits = app.text_total();
    assert!(
        text_hits >= 1 && briefing_hits != text_hits,
        "{briefing_hits} {text_hits}"
    );
    let screen = text(&buffer(&app));
    let last = screen.lines().last().unwrap_or_default();
    assert!(
        last.contains(&format!("/karabakh  match 1/{briefing_hits}")),
        "{last:?}"
    );
    assert!(
        screen.contains(&format!("/lachin  match 1/{text_hits}")),
        "{screen}"
    );
}

/// The text inside the focused pane (drawn with heavy borders), a line per row.
fn focused_pane(buf: &ratatui::buffer::Buffer) -> String {
    text(buf)
        .lines()
        .filter_map(|row| {
            let inner = row.strip_prefix('┃')?;
            Some(
                inner
                    .split('┃')
                    .next()
                    .unwrap_or_default()
                    .trim_end()
                    .to_owned(),
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A briefing search's current match in the Summary stays in view across a
/// resize: at 80×24 `n` scrolls the Summary to "Russian peacekeepers", and
/// at 120×40 (where the Summary wraps to fewer lines) it is still shown;
/// so is it back at 80×24.
#[test]
fn a_resize_keeps_the_briefing_search_match_in_the_summary_in_view() {
    let mut app = shipped();
    app.resize(80, 24);
    press(&mut app, "⏎/peacekeepers⏎");
    let hits = app.hits();
    let k = (0..hits.len())
        .rev()
        .find(|&k| hits[k].pane == Pane::Summary)
        .expect("a match in the Summary");
    while app.search.current != k {
        press(&mut app, "n");
    }
    assert_eq!(app.pane, Pane::Summary);
    for (w, h) in [(80, 24), (120, 40), (80, 24)] {
        app.resize(w, h);
        let buf = buffer(&app);
        let pane = focused_pane(&buf);
        assert!(
            pane.contains("Russian peacekeepers") || pane.contains("Russian\npeacekeepers"),
            "{w}×{h}: the match is in view:\n{}",
            text(&buf)
        );
        assert_eq!(app.search.current, k);
    }
}
