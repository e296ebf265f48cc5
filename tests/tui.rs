//! The reader as a person sees it: screens at three sizes (snapshots ignore
//! colour, so styles are asserted explicitly), the whole loop driven by key
//! events, and random sizes and keys that must never panic.

use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};

use brief::briefing::{Syntax, load_str};
use brief::library::{self, Entry};
use brief::tui::app::{App, Options, Pane};
use brief::tui::worker::settle;
use brief::tui::{Effect, Exit, Input, Msg, run_loop};

mod common;
use common::{find, key, press, terminal, text as screen_text};

const SIZES: [(u16, u16); 5] = [(120, 40), (120, 32), (80, 24), (60, 20), (40, 12)];

fn shipped() -> library::Library {
    let lib = library::load(&[PathBuf::from("briefings")]);
    assert!(lib.diagnostics.is_empty(), "{:?}", lib.diagnostics);
    lib
}

fn app_with(lib: library::Library, w: u16, h: u16, color: bool) -> App {
    common::app_with(
        lib,
        w,
        h,
        Options {
            color,
            ..Options::default()
        },
    )
}

fn app(w: u16, h: u16) -> App {
    app_with(shipped(), w, h, true)
}

#[test]
fn snapshots_of_every_screen_at_five_sizes() {
    let screens: &[(&str, &str)] = &[
        ("library", ""),
        ("summary", "⏎"),
        ("actors", "⏎2"),
        ("timeline", "⏎3"),
        ("figures", "⏎4"),
        ("sources", "⏎5"),
        ("help", "⏎?"),
        ("actor_detail", "⏎2⏎"),
        ("entry_detail", "⏎3jj⏎"),
        ("figure_detail", "⏎4⏎"),
        ("source_text", "⏎5⏎"),
    ];
    for (w, h) in SIZES {
        for (name, keys) in screens {
            let mut app = app(w, h);
            press(&mut app, keys);
            let term = terminal(&app);
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), term.backend());
        }
    }
}

#[test]
fn all_five_panes_show_at_120x32_and_one_with_tabs_below() {
    let mut wide = app(120, 32);
    press(&mut wide, "⏎");
    let text = screen_text(terminal(&wide).backend().buffer());
    for pane in [
        "1 Summary",
        "2 Actors",
        "3 Timeline",
        "4 Figures",
        "5 Sources",
    ] {
        assert!(text.contains(pane), "{pane} missing at 120x32:\n{text}");
    }
    assert!(text.contains("11 killed") && text.contains("~120,000") && text.contains("~3,000"));

    let mut narrow = app(119, 32);
    press(&mut narrow, "⏎4");
    let buf = terminal(&narrow).backend().buffer().clone();
    let tabs = find(&buf, "1 Summary").expect("a tab bar");
    assert_eq!(
        find(&buf, "5 Sources").unwrap().1,
        tabs.1,
        "tabs share one row"
    );
    let text = screen_text(&buf);
    assert!(
        text.contains("11 killed")
            && text.contains("~120,000 residents")
            && text.contains("~3,000 peacekeepers")
    );
    assert!(
        !text.contains("Onze policiers"),
        "only the Figures pane is drawn"
    );
}

#[test]
fn the_focused_pane_and_selected_row_are_marked_by_style() {
    for color in [true, false] {
        let mut app = app_with(shipped(), 120, 40, color);
        press(&mut app, "⏎4");
        let buf = terminal(&app).backend().buffer().clone();

        // The focused pane's title is reversed and bold; its border is heavy.
        let (x, y) = find(&buf, " 4 Figures ").unwrap();
        let title = &buf[(x + 1, y)];
        assert!(
            title.modifier.contains(Modifier::REVERSED | Modifier::BOLD),
            "{title:?}"
        );
        assert_eq!(
            buf[(x - 1, y)].symbol(),
            "┏",
            "heavy corner on the focused pane"
        );
        let (ux, uy) = find(&buf, " 1 Summary ").unwrap();
        assert!(!buf[(ux + 1, uy)].modifier.contains(Modifier::REVERSED));
        assert_eq!(buf[(ux - 1, uy)].symbol(), "┌", "plain corner elsewhere");

        // The selected figure is reversed; the next one is not.
        let (nx, ny) = find(&buf, "11 killed").unwrap();
        assert!(
            buf[(nx, ny)].modifier.contains(Modifier::REVERSED),
            "selected row"
        );
        let (mx, my) = find(&buf, "~120,000").unwrap();
        assert!(
            !buf[(mx, my)].modifier.contains(Modifier::REVERSED),
            "unselected row"
        );

        // An unfocused pane keeps its selection visible, underlined not reversed.
        let (tx, ty) = find(&buf, "1990s").unwrap();
        let cell = &buf[(tx, ty)];
        assert!(
            cell.modifier.contains(Modifier::UNDERLINED)
                && !cell.modifier.contains(Modifier::REVERSED)
        );

        let coloured = (0..buf.area.height)
            .flat_map(|y| (0..buf.area.width).map(move |x| (x, y)))
            .any(|p| buf[p].fg != Color::Reset || buf[p].bg != Color::Reset);
        assert_eq!(coloured, color, "no colour at all with --no-color");
    }
}

#[test]
fn keys_move_between_panes_and_briefings_like_the_help_says() {
    let mut app = app(80, 24);
    press(&mut app, "⏎");
    assert_eq!(app.pane, Pane::Summary);
    press(&mut app, "l");
    assert_eq!(app.pane, Pane::Actors);
    press(&mut app, "⇥⇥");
    assert_eq!(app.pane, Pane::Figures);
    press(&mut app, "h");
    assert_eq!(app.pane, Pane::Timeline);
    press(&mut app, "G");
    let last = app.briefing().unwrap().timeline.len() - 1;
    assert_eq!(app.panes[Pane::Timeline.index()].selected, last);
    press(&mut app, "g");
    assert_eq!(app.panes[Pane::Timeline.index()].selected, 0);
    app.update(brief::tui::action::Action::HalfPageDown);
    assert!(app.panes[Pane::Timeline.index()].selected > 0);
    press(&mut app, "⎋");
    assert!(app.briefing().is_none(), "Esc goes back to the library");
}

#[test]
fn selecting_an_actor_marks_its_entries_and_enter_lists_what_it_did() {
    let mut app = app(120, 40);
    press(&mut app, "⏎2j"); // the second actor
    let b = app.briefing().unwrap();
    let actor = app.marked_actor().unwrap();
    let name = b.actors[actor].name.clone();
    let involved = b
        .timeline
        .iter()
        .filter(|e| e.attribution.actors.contains(&actor))
        .count();
    assert!(involved > 0, "{name} takes part in the timeline");
    let text = screen_text(terminal(&app).backend().buffer());
    let short: String = name.chars().take(12).collect();
    assert!(
        text.contains(&format!("▶ {short}")),
        "panes name the marked actor:\n{text}"
    );
    press(&mut app, "⏎");
    let text = screen_text(terminal(&app).backend().buffer());
    for section in ["Did (", "Said (", "Claims (", "Disputes ("] {
        assert!(text.contains(section), "{section} missing:\n{text}");
    }
}

#[test]
fn the_azerbaijani_accusation_shows_who_disputes_it() {
    let mut app = app(120, 40);
    press(&mut app, "⏎/bombardements⏎");
    assert_eq!(app.pane, Pane::Timeline);
    press(&mut app, "⏎");
    let text = screen_text(terminal(&app).backend().buffer());
    assert!(text.contains("disputed by"), "{text}");
    assert!(text.contains("« bombardements"), "{text}");
}

#[test]
fn search_highlights_matches_and_n_steps_through_them() {
    for color in [true, false] {
        let mut app = app_with(shipped(), 120, 40, color);
        press(&mut app, "⏎/peacekeepers⏎");
        let hits = app.hits().len();
        assert!(hits >= 2, "several places mention peacekeepers");
        let first = (app.pane, app.search.current);
        press(&mut app, "n");
        assert_eq!(app.search.current, 1);
        press(&mut app, "N");
        assert_eq!((app.pane, app.search.current), first);
        let buf = terminal(&app).backend().buffer().clone();
        assert!(screen_text(&buf).contains(&format!("match 1/{hits}")));
        let (x, y) = find(&buf, "peacekeepers").unwrap();
        let cell = &buf[(x, y)];
        if color {
            assert_eq!(cell.bg, Color::Yellow);
        } else {
            assert!(cell.modifier.contains(Modifier::REVERSED));
        }
    }
}

#[test]
fn the_source_text_marks_every_quoted_passage() {
    let mut app = app(120, 40);
    press(&mut app, "⏎5⏎");
    let buf = terminal(&app).backend().buffer().clone();
    let (x, y) = find(&buf, "Onze policiers").expect("the article's words");
    assert!(
        buf[(x, y)].modifier.contains(Modifier::UNDERLINED),
        "quoted passages are underlined"
    );
    let (x, y) = find(&buf, "Les tensions sont vives").expect("unquoted text");
    assert!(!buf[(x, y)].modifier.contains(Modifier::UNDERLINED));
}

#[test]
fn the_whole_loop_runs_on_a_fake_terminal_from_key_events() {
    let mut app = app(80, 24);
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let keys = ["\n", "4", "\n"].map(|k| {
        Input::Key(key(if k == "\n" {
            KeyCode::Enter
        } else {
            KeyCode::Char(k.chars().next().unwrap())
        }))
    });
    let mut inputs: Vec<Input> = keys.to_vec();
    inputs.push(Input::Resize(100, 30));
    let exit = run_loop(&mut term, &mut app, inputs.clone(), |_| Ok(()), |_| Ok(())).unwrap();
    assert_eq!(exit, Exit::Closed, "input ran out");
    // The resize reaches the app, whose next frame fills the new size.
    assert_eq!(app.size, Rect::new(0, 0, 100, 30));
    let text = screen_text(term.backend().buffer());
    assert!(
        text.contains("Onze policiers"),
        "the figure's quote is open:\n{text}"
    );

    inputs.push(Input::Key(key(KeyCode::Char('q'))));
    inputs.push(Input::Key(key(KeyCode::Char('j'))));
    let mut app = self::app(80, 24);
    assert_eq!(
        run_loop(&mut term, &mut app, inputs, |_| Ok(()), |_| Ok(())).unwrap(),
        Exit::Quit
    );
    let mut app = self::app(80, 24);
    let sig = vec![Input::Signal(15), Input::Key(key(KeyCode::Char('j')))];
    assert_eq!(
        run_loop(&mut term, &mut app, sig, |_| Ok(()), |_| Ok(())).unwrap(),
        Exit::Signal(15)
    );
}

#[test]
fn ctrl_z_suspends_then_redraws() {
    let mut app = app(80, 24);
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut suspended = 0;
    let z = Input::Key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL));
    run_loop(
        &mut term,
        &mut app,
        vec![z],
        |_| {
            suspended += 1;
            Ok(())
        },
        |_| Ok(()),
    )
    .unwrap();
    assert_eq!(suspended, 1);
    assert!(
        screen_text(term.backend().buffer()).contains("brief"),
        "redrawn after fg"
    );
}

#[test]
fn a_tiny_terminal_gets_a_notice() {
    let app = app(20, 5);
    let text = screen_text(terminal(&app).backend().buffer());
    assert!(text.contains("Terminal"), "{text}");
    assert!(text.contains("small"), "{text}");
}

/// A briefing whose text tries to take over the terminal or shift columns.
/// A briefing whose text tries to take over the terminal or shift columns,
/// written to a file of its own (the reader parses briefings when opened).
fn hostile() -> Entry {
    let toml = "format = 1\nid = \"hostile\"\ntitle = \"Evil \\u001b[2J\\u001b]0;pwned\\u0007 \\u202e321 title\"\n\
        date = \"2024\"\n[summary]\nheadline = \"Wide 東京都庁 and emoji 👨\\u200d👩\\u200d👧 and e\\u0301\\ttab\"\n\
        [[actors]]\nid = \"a\"\nname = \"\\u009b31m Red 東京\"\nkind = \"other\"\n";
    // In cargo's own scratch directory for tests (target/tmp), written once per
    // run and replaced whole: a TempDir kept in a static is never dropped, so
    // it left a /tmp/.tmpXXXX behind on every run.
    static DIR: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("tui-hostile");
        std::fs::create_dir_all(&dir).unwrap();
        let file = tempfile::NamedTempFile::new_in(&dir).unwrap();
        std::fs::write(file.path(), toml).unwrap();
        file.persist(dir.join("hostile.toml")).unwrap();
        dir
    });
    let path = dir.join("hostile.toml");
    let mut no_files = |_: &str| Err(String::new());
    let (b, d) = load_str(&path, toml, Syntax::Toml, &mut no_files);
    let b = b.unwrap_or_else(|| panic!("{d:?}"));
    Entry {
        path,
        root: dir.clone(),
        briefing: b,
    }
}

#[test]
fn hostile_text_is_shown_harmless_and_keeps_the_borders_straight() {
    for (w, h) in SIZES {
        let lib = library::Library {
            entries: vec![hostile()],
            ..Default::default()
        };
        let mut app = app_with(lib, w, h, true);
        for keys in ["", "⏎", "⏎2", "⏎2⏎"] {
            press(&mut app, "⎋⎋");
            press(&mut app, keys);
            let buf = terminal(&app).backend().buffer().clone();
            for y in 0..buf.area.height {
                for x in 0..buf.area.width {
                    let sym = buf[(x, y)].symbol();
                    assert!(
                        !sym.chars()
                            .any(|c| c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)),
                        "control character at {x},{y}: {sym:?}"
                    );
                }
            }
            let text = screen_text(&buf);
            if keys.is_empty() {
                assert!(
                    text.contains("␛[2J"),
                    "escapes shown as visible placeholders:\n{text}"
                );
            }
            // Every row that starts a border ends it in the last column.
            if keys == "⏎" && w >= 40 {
                for y in 3..buf.area.height - 1 {
                    let left = buf[(0, y)].symbol();
                    if left == "┃" || left == "│" {
                        let right = buf[(w - 1, y)].symbol();
                        assert!(
                            "┃│┐┘┓┛┤".contains(right),
                            "row {y} border broken at {w}x{h}:\n{text}"
                        );
                    }
                }
            }
        }
    }
}

fn any_key() -> impl Strategy<Value = KeyEvent> {
    let codes = prop_oneof![
        prop::sample::select(vec![
            'j', 'k', 'h', 'l', 'g', 'G', '1', '2', '3', '4', '5', '[', ']', '/', 'n', 'N', '?',
            'e', 'x', 'é',
        ])
        .prop_map(KeyCode::Char),
        prop::sample::select(vec![
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::Backspace,
        ]),
    ];
    (codes, any::<bool>()).prop_map(|(code, ctrl)| {
        // Ctrl-c would end the run early; Ctrl-z would ask to suspend.
        let ctrl = ctrl && !matches!(code, KeyCode::Char('c' | 'z'));
        KeyEvent::new(
            code,
            if ctrl {
                KeyModifiers::CONTROL
            } else {
                KeyModifiers::NONE
            },
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_size_and_any_keys_render_without_panic(
        w in 1u16..=250,
        h in 1u16..=80,
        keys in prop::collection::vec(any_key(), 0..40),
        resize_to in (1u16..=250, 1u16..=80),
    ) {
        let lib = library::Library {
            entries: vec![hostile(), shipped().entries.remove(0)],
            ..Default::default()
        };
        let mut app = app_with(lib, w, h, true);
        for (i, k) in keys.iter().enumerate() {
            let effects = app.update(Msg::Key(*k));
            if settle(&mut app, effects).contains(&Effect::Quit) {
                break;
            }
            if i == keys.len() / 2 {
                app.resize(resize_to.0, resize_to.1);
            }
            terminal(&app);
        }
        terminal(&app);
    }
}

mod triage {
    use super::*;
    use brief::library::state::{Mark, Part, ReadState, Store, part_names};

    fn row(app: &App) -> String {
        let text = screen_text(terminal(app).backend().buffer());
        text.lines().nth(1).unwrap_or_default().to_owned()
    }

    #[test]
    fn opening_marks_read_and_r_f_a_toggle_the_marks_on_the_row() {
        let mut app = app(120, 40);
        assert!(
            row(&app).starts_with('●'),
            "new briefings are marked: {}",
            row(&app)
        );
        press(&mut app, "⏎⎋");
        assert!(
            row(&app).starts_with(' '),
            "read after opening: {}",
            row(&app)
        );
        press(&mut app, "r");
        assert!(row(&app).starts_with('●'), "r marks it unread again");
        press(&mut app, "f");
        assert!(row(&app).contains('⚑'), "f flags: {}", row(&app));
        assert!(app.store.state.flagged("2023-09-19-karabakh-offensive"));
        press(&mut app, "a");
        let text = screen_text(terminal(&app).backend().buffer());
        assert!(
            text.contains("0 of 1 briefing"),
            "archived briefings leave the list:\n{text}"
        );
        press(&mut app, "A");
        let text = screen_text(terminal(&app).backend().buffer());
        assert!(
            text.contains("showing: with archived") && text.contains("archived "),
            "{text}"
        );
        press(&mut app, "a");
        assert!(
            !app.store.state.archived("2023-09-19-karabakh-offensive"),
            "a restores"
        );
    }

    #[test]
    fn quick_filters_and_sort_are_always_named_in_the_header() {
        let mut app = app(120, 40);
        press(&mut app, "⏎⎋u");
        let text = screen_text(terminal(&app).backend().buffer());
        assert!(
            text.contains("0 of 1 briefing") && text.contains("showing: unread"),
            "{text}"
        );
        press(&mut app, "uF!");
        let text = screen_text(terminal(&app).backend().buffer());
        assert!(text.contains("showing: flagged, high+"), "{text}");
        press(&mut app, "F!s");
        let text = screen_text(terminal(&app).backend().buffer());
        assert!(
            text.contains("sort: priority") && !text.contains("showing:"),
            "{text}"
        );
        press(&mut app, "ss");
        assert!(screen_text(terminal(&app).backend().buffer()).contains("sort: date"));
    }

    #[test]
    fn mark_all_read_asks_first() {
        let mut app = app(120, 40);
        press(&mut app, "R");
        let text = screen_text(terminal(&app).backend().buffer());
        assert!(text.contains("Mark 1 listed briefing read? y/n"), "{text}");
        press(&mut app, "n");
        let text = screen_text(terminal(&app).backend().buffer());
        assert!(text.contains("nothing was marked"), "{text}");
        assert_eq!(
            app.store
                .state
                .read_state_of(app.entries[0].id(), app.entries[0].digest()),
            ReadState::New
        );
        press(&mut app, "Ry");
        assert_eq!(
            app.store
                .state
                .read_state_of(app.entries[0].id(), app.entries[0].digest()),
            ReadState::Read
        );
        assert!(screen_text(terminal(&app).backend().buffer()).contains("1 briefing marked read"));
    }

    #[test]
    fn an_updated_briefing_marks_and_counts_its_changes_and_c_steps_to_them() {
        let lib = shipped();
        let b = lib.entries[0].briefing.clone();
        let mut store = Store::in_memory();
        store.apply(Mark::read(&b)).unwrap();
        // As if the second figure had been edited since it was read.
        let (_, old) = part_names(&b)
            .into_iter()
            .find(|(p, _)| *p == Part::Figure(1))
            .unwrap();
        store
            .state
            .briefings
            .get_mut(&b.id)
            .unwrap()
            .parts
            .remove(&old);
        // And the whole briefing then had another fingerprint.
        store.state.briefings.get_mut(&b.id).unwrap().digest = Some("0000000000000000".into());
        assert_eq!(store.state.read_state(&b), ReadState::Updated);

        let mut app = App::with_store(
            lib.listings(),
            lib.diagnostics,
            store,
            Options::default(),
            Rect::new(0, 0, 120, 40),
        );
        app.resize(120, 40);
        assert!(
            row(&app).starts_with('◆'),
            "updated briefings have their own marker: {}",
            row(&app)
        );
        press(&mut app, "⏎");
        let text = screen_text(terminal(&app).backend().buffer());
        assert!(text.contains("✱ 1 change since you read it on"), "{text}");
        press(&mut app, "c");
        assert_eq!(app.pane, Pane::Figures);
        assert_eq!(app.panes[Pane::Figures.index()].selected, 1);
        let text = screen_text(terminal(&app).backend().buffer());
        let marked = text.lines().find(|l| l.contains("~120,000")).unwrap();
        assert!(
            marked.contains('✱'),
            "the changed figure is marked: {marked}"
        );
        let unmarked = text.lines().find(|l| l.contains("11 killed")).unwrap();
        assert!(!unmarked.contains('✱'), "{unmarked}");
        // Reading it again means nothing has changed any more.
        assert_eq!(
            app.store.state.read_state(app.briefing().unwrap()),
            ReadState::Read
        );
    }
}

#[test]
fn the_open_briefing_is_reloaded_when_its_file_changes() {
    let dir = tempfile::tempdir().unwrap();
    let lib_dir = dir.path().join("lib");
    std::fs::create_dir_all(lib_dir.join("sources")).unwrap();
    let file = lib_dir.join("k.toml");
    let text = std::fs::read_to_string("briefings/2023-09-19-karabakh-offensive.toml").unwrap();
    std::fs::write(&file, &text).unwrap();
    std::fs::copy(
        "briefings/sources/2023-09-19-karabakh-offensive.fr.txt",
        lib_dir.join("sources/2023-09-19-karabakh-offensive.fr.txt"),
    )
    .unwrap();
    let lib = library::load(std::slice::from_ref(&lib_dir));
    let mut app = app_with(lib, 120, 40, true);
    press(&mut app, "⏎4");
    assert_eq!(app.briefing().unwrap().figures[0].value, 11.0);

    std::fs::write(&file, text.replacen("value = 11", "value = 12", 1)).unwrap();
    let idx = brief::library::index::index_file(&file, &lib_dir);
    let effects = app.update(Msg::Indexed(brief::library::index::Batch {
        files: vec![(file.clone(), idx)],
        ..Default::default()
    }));
    settle(&mut app, effects);
    assert_eq!(
        app.briefing().unwrap().figures[0].value,
        12.0,
        "the new text is shown"
    );
    assert_eq!(app.pane, Pane::Figures, "the reader stays where it was");
    let screen = screen_text(terminal(&app).backend().buffer());
    assert!(
        screen.contains("12 killed") && screen.contains("reloaded"),
        "{screen}"
    );
}

/// A library of `n` copies of the shipped briefing, each with its own id.
fn copies(dir: &std::path::Path, n: usize) -> library::Library {
    let lib_dir = dir.join("lib");
    std::fs::create_dir_all(lib_dir.join("sources")).unwrap();
    let text = std::fs::read_to_string("briefings/2023-09-19-karabakh-offensive.toml").unwrap();
    std::fs::copy(
        "briefings/sources/2023-09-19-karabakh-offensive.fr.txt",
        lib_dir.join("sources/2023-09-19-karabakh-offensive.fr.txt"),
    )
    .unwrap();
    for i in 0..n {
        let id = format!("id = \"copy-{i}\"");
        let t = text.replacen("id = \"2023-09-19-karabakh-offensive\"", &id, 1);
        std::fs::write(lib_dir.join(format!("copy-{i}.toml")), t).unwrap();
    }
    let lib = library::load(&[lib_dir]);
    assert!(lib.diagnostics.is_empty(), "{:?}", lib.diagnostics);
    lib
}

mod marks_in_the_background {
    use super::*;
    use brief::library::state::{ReadState, State, Store};
    use brief::tui::msg::Marked;
    use brief::tui::worker::Workers;
    use std::sync::mpsc;

    /// Hands what only files can do to the workers, returns nothing else.
    fn send(app: &mut App, workers: &Workers, msg: Msg) {
        for e in app.update(msg) {
            workers.execute(e);
        }
    }

    /// Feeds the workers' answers to the app until one matches `until`.
    fn wait_for(
        app: &mut App,
        workers: &Workers,
        rx: &mpsc::Receiver<Msg>,
        until: impl Fn(&Msg) -> bool,
    ) {
        loop {
            let msg = rx.recv().expect("the workers are running");
            let done = until(&msg);
            send(app, workers, msg);
            if done {
                return;
            }
        }
    }

    /// The reader at 120×40 over `lib`, its marks written by workers to
    /// the state file `state`, their answers on the receiver.
    fn with_workers(
        lib: library::Library,
        state: &std::path::Path,
    ) -> (App, Workers, mpsc::Receiver<Msg>) {
        let mut app = App::with_store(
            lib.listings(),
            lib.diagnostics,
            Store::in_memory(),
            Options::default(),
            Rect::new(0, 0, 120, 40),
        );
        app.resize(120, 40);
        let (tx, rx) = mpsc::channel();
        let workers = Workers::spawn(Store::open(state.to_owned(), false).unwrap(), tx);
        (app, workers, rx)
    }

    fn on_disk(path: &std::path::Path) -> State {
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
    }

    #[test]
    fn keys_answer_while_another_brief_holds_the_lock_and_the_marks_are_kept_then_written() {
        let dir = tempfile::tempdir().unwrap();
        let lib = copies(dir.path(), 3);
        let state = dir.path().join("state").join("state.json");
        std::fs::create_dir_all(state.parent().unwrap()).unwrap();
        // Another brief holds the state file's lock.
        let holder = std::fs::File::create(dir.path().join("state/state.json.lock")).unwrap();
        holder.lock().unwrap();

        let (mut app, workers, rx) = with_workers(lib, &state);

        // Flag the first briefing: on screen at once, waiting for the lock.
        send(&mut app, &workers, Msg::Key(key(KeyCode::Char('f'))));
        let id = app.entries[app.visible[0]].id().to_owned();
        assert!(app.store.state.flagged(&id), "shown flagged at once");
        assert_eq!(app.pending_marks(), 1);
        // The screen keeps answering: move, open the help, close it.
        for k in [
            KeyCode::Char('j'),
            KeyCode::Char('?'),
            KeyCode::Esc,
            KeyCode::Char('k'),
        ] {
            send(&mut app, &workers, Msg::Key(key(k)));
            terminal(&app);
        }
        assert_eq!(app.library.selected, 0);
        assert!(
            !rx.try_iter()
                .any(|m| matches!(m, Msg::Marked(Marked::Saved { .. }))),
            "nothing can be saved while the lock is held"
        );

        // The writer gives up waiting and says so; the mark stays queued.
        wait_for(&mut app, &workers, &rx, |m| {
            matches!(m, Msg::Marked(Marked::LockHeld { .. }))
        });
        let text = screen_text(terminal(&app).backend().buffer());
        let status = text.lines().last().unwrap();
        assert!(
            status.contains("another brief holds") && status.contains("state.json.lock"),
            "{status}"
        );
        assert!(status.contains("kept and retried"), "{status}");
        assert_eq!(app.pending_marks(), 1);
        assert!(
            !state.exists(),
            "nothing was written under the other's lock"
        );

        // The other brief lets go: the queued mark is written on the next try.
        drop(holder);
        wait_for(&mut app, &workers, &rx, |m| {
            matches!(m, Msg::Marked(Marked::Saved { .. }))
        });
        assert_eq!(app.pending_marks(), 0);
        assert!(on_disk(&state).flagged(&id), "the mark reached the file");
        assert!(app.store.state.flagged(&id));
    }

    #[test]
    fn mark_all_read_is_one_batch_and_the_state_file_has_every_briefing_read() {
        let dir = tempfile::tempdir().unwrap();
        let lib = copies(dir.path(), 4);
        let state = dir.path().join("state.json");
        let (mut app, workers, rx) = with_workers(lib, &state);
        send(&mut app, &workers, Msg::Key(key(KeyCode::Char('R'))));
        send(&mut app, &workers, Msg::Key(key(KeyCode::Char('y'))));
        let text = screen_text(terminal(&app).backend().buffer());
        assert!(text.contains("marking 4 briefings read"), "{text}");
        wait_for(&mut app, &workers, &rx, |m| {
            matches!(m, Msg::Marked(Marked::Saved { .. }))
        });
        // Saved may come in more than one write if the marks arrived apart;
        // either way, nothing is left.
        while app.pending_marks() > 0 {
            wait_for(&mut app, &workers, &rx, |m| {
                matches!(m, Msg::Marked(Marked::Saved { .. }))
            });
        }
        let written = on_disk(&state);
        for l in &app.entries {
            assert_eq!(
                written.read_state_of(l.id(), l.digest()),
                ReadState::Read,
                "{} is read in the file",
                l.id()
            );
            // `R` parses nothing: the version read is kept (its parts are
            // taken from it when the briefing is opened after a change).
            let kept = brief::library::versions::get(dir.path(), l.id(), l.digest()).unwrap();
            assert!(kept.is_some(), "{}: the version read is kept", l.id());
        }
        let text = screen_text(terminal(&app).backend().buffer());
        assert!(text.contains("4 briefings marked read"), "{text}");
        assert!(!text.contains('●'), "no row is marked new:\n{text}");
    }
}

#[test]
fn the_source_text_is_wrapped_as_far_as_it_is_read_and_g_reaches_its_end() {
    // Small enough that the text runs past the screen.
    let mut app = app(40, 12);
    press(&mut app, "⏎5⏎");
    let first = screen_text(terminal(&app).backend().buffer());
    assert!(!first.contains("d’Aghdam"), "{first}");
    press(&mut app, "G");
    let last = screen_text(terminal(&app).backend().buffer());
    assert!(
        last.contains("Azerbaïdjan."),
        "the end of the text:\n{last}"
    );
    // Past the end is the end.
    press(&mut app, "jjj");
    assert_eq!(screen_text(terminal(&app).backend().buffer()), last);
    press(&mut app, "g");
    assert_eq!(screen_text(terminal(&app).backend().buffer()), first);
}

/// The four sizes issue 14 names, from all five panes to a narrow tab bar.
const REAL_SIZES: [(u16, u16); 4] = [(120, 40), (120, 32), (80, 24), (60, 20)];

/// The text of one screen row.
fn row_text(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect()
}

#[test]
fn at_120x32_the_figure_caveat_and_the_actor_role_are_whole_or_marked_as_cut() {
    let mut app = app(120, 32);
    press(&mut app, "⏎4");
    let text = screen_text(terminal(&app).backend().buffer());
    assert!(
        text.contains("as of 19 Sep 2023? · F3 possibly true"),
        "the first figure's caveat is on screen:\n{text}"
    );
    for (w, h) in REAL_SIZES {
        let mut app = self::app(w, h);
        press(&mut app, "⏎2");
        let text = screen_text(terminal(&app).backend().buffer());
        // The role ends "Denied having deployed troops in the region.".
        assert!(
            text.contains("region.") || text.contains("… more: Enter"),
            "Azerbaijan's role at {w}x{h} ends whole or says it goes on:\n{text}"
        );
    }
    // Where the pane is too short for the whole role, the cut says so.
    let mut small = self::app(40, 12);
    press(&mut small, "⏎2");
    let text = screen_text(terminal(&small).backend().buffer());
    assert!(text.contains("… more: Enter"), "{text}");
}

/// The position a pane shows in its bottom border: `first–last/total`.
fn position(app: &App, pane: Pane) -> Option<(usize, usize, usize)> {
    let r = brief::tui::layout::briefing(app.size, app.pane).panes[pane.index()]?;
    let buf = terminal(app).backend().buffer().clone();
    let row = row_text(&buf, r.y + r.height - 1);
    let row: String = row
        .chars()
        .skip(usize::from(r.x))
        .take(usize::from(r.width))
        .collect();
    let re = regex::Regex::new(r"(\d+)–(\d+)/(\d+)").unwrap();
    let c = re.captures(&row)?;
    let n = |i: usize| c[i].parse::<usize>().unwrap();
    Some((n(1), n(2), n(3)))
}

#[test]
fn half_a_page_down_and_up_never_skips_a_line_in_any_pane() {
    for (w, h) in REAL_SIZES.into_iter().chain([(40, 12)]) {
        for pane in ["1", "2", "3", "4", "5"] {
            let mut app = app(w, h);
            press(&mut app, &format!("⏎{pane}g"));
            let p = app.pane;
            let Some(mut seen) = position(&app, p) else {
                continue; // it all fits
            };
            let mut windows = vec![seen];
            for key in ["⇟", "⇞"] {
                for _ in 0..seen.2 {
                    press(&mut app, key);
                    // No position: all of it is in view (the Actors list
                    // grows when the selected actor's details are shorter).
                    let now = position(&app, p).unwrap_or((1, seen.2, seen.2));
                    windows.push(now);
                    let (a, b) = if now.0 >= seen.0 {
                        (seen, now)
                    } else {
                        (now, seen)
                    };
                    // Views overlap or touch; a view too short to hold the
                    // next entry whole may step over the blank line before it.
                    let body = app.pane_body(p, app.pane_width(p));
                    let blank = |line: usize| body.lines[line - 1].width() == 0;
                    assert!(
                        b.0 <= a.1 + 1 || (b.0 == a.1 + 2 && blank(a.1 + 1)),
                        "{pane} at {w}x{h}: {:?} then {:?} skips lines",
                        seen,
                        now
                    );
                    seen = now;
                }
                let end = if key == "⇟" { seen.2 } else { 1 };
                let reached = if key == "⇟" { seen.1 } else { seen.0 };
                assert_eq!(reached, end, "{pane} at {w}x{h}: {key} reaches the end");
            }
            if pane == "3" && (w, h) == (120, 32) {
                // The issue's case: 1–20/116 then 41–60/116.
                assert!(
                    windows[1].0 > 1 && windows[1].0 <= windows[0].1 + 1,
                    "{windows:?}"
                );
            }
        }
    }
}

/// A library of the shipped briefing and two files that do not load.
fn with_failures() -> library::Library {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("tui-failures");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let f = "2023-09-19-karabakh-offensive.toml";
    std::fs::copy(PathBuf::from("briefings").join(f), dir.join(f)).unwrap();
    std::fs::create_dir_all(dir.join("sources")).unwrap();
    for f in std::fs::read_dir("briefings/sources").unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, dir.join("sources").join(f.file_name().unwrap())).unwrap();
    }
    std::fs::write(dir.join("bad1.toml"), "garbage = \n").unwrap();
    std::fs::write(dir.join("bad2.toml"), "x\n").unwrap();
    let lib = library::load(&[dir]);
    assert_eq!(lib.diagnostics.len(), 2, "{:?}", lib.diagnostics);
    lib
}

#[test]
fn question_mark_help_is_always_on_the_status_line() {
    for (w, h) in REAL_SIZES {
        let mut app = common::app_with(with_failures(), w, h, Options::default());
        for keys in ["", "⏎", "⏎2", "⏎3/karabakh"] {
            press(&mut app, "⎋⎋⎋");
            press(&mut app, keys);
            let buf = terminal(&app).backend().buffer().clone();
            let status = row_text(&buf, h - 1);
            assert!(status.contains("? help"), "{keys:?} at {w}x{h}: {status:?}");
            if keys.is_empty() {
                assert!(status.contains("2 files could not be loaded"), "{status:?}");
            }
        }
        // A long message is cut with a mark, and the hint stays.
        let mut app = common::app_with(with_failures(), w, h, Options::default());
        press(&mut app, "⏎4");
        app.message = Some("a message much too long to fit on any status line ".repeat(4));
        let status = row_text(terminal(&app).backend().buffer(), h - 1);
        assert!(
            status.contains('…') && status.contains("? help"),
            "{status:?}"
        );
    }
}

#[test]
fn hints_name_the_keys_the_user_bound() {
    let mut app = app(120, 40);
    // `c` is "next change" by default: give that another key first, as a
    // config without a conflict must.
    let config = brief::config::parse(
        std::path::Path::new("config.toml"),
        "[keys]\ncopy = [\"c\"]\nnext_change = [\"x\"]\n",
    )
    .expect("a config without conflicts");
    app.keymap = brief::tui::keymap::Keymap::from_config(&config).expect("no conflicting keys");
    press(&mut app, "⏎4");
    let status = row_text(terminal(&app).backend().buffer(), 39);
    assert!(status.contains("c copy"), "{status:?}");
    assert!(!status.contains("y copy"), "{status:?}");
}

#[test]
fn cut_text_ends_after_a_word_or_field_with_a_mark() {
    let mut app = app(120, 40);
    press(&mut app, "⏎");
    let buf = terminal(&app).backend().buffer().clone();
    let facts = row_text(&buf, 1);
    assert!(facts.trim_end().ends_with("#armenia…"), "{facts:?}");
    let mut app = self::app(120, 32);
    press(&mut app, "⏎2");
    let text = screen_text(terminal(&app).backend().buffer());
    assert!(
        text.contains("Azerbaijani Ministry of Defence  government …"),
        "{text}"
    );
    assert!(!text.contains("· Az┃"), "{text}");
    for (w, h) in [(60, 20), (40, 12)] {
        let app = self::app(w, h);
        let row = row_text(terminal(&app).backend().buffer(), 1);
        assert!(!row.contains("… …"), "{row:?}");
        assert!(row.trim_end().ends_with('…'), "{row:?}");
    }
}

#[test]
fn ascii_draws_nothing_but_ascii_around_the_briefing_text() {
    // What the briefing itself holds may show as written.
    let mut written: std::collections::HashSet<char> =
        std::fs::read_to_string("briefings/2023-09-19-karabakh-offensive.toml")
            .unwrap()
            .chars()
            .collect();
    let source: std::collections::HashSet<char> = std::fs::read_dir("briefings/sources")
        .unwrap()
        .flat_map(|f| {
            std::fs::read_to_string(f.unwrap().path())
                .unwrap()
                .chars()
                .collect::<Vec<_>>()
        })
        .collect();
    // `…` is in the article, and only there; elsewhere it is brief's own.
    written.remove(&'…');
    let screens: &[(&str, &str)] = &[
        ("library", ""),
        ("errors", "e"),
        ("filter", "/kar"),
        ("full text", "/lachin"),
        ("summary", "⏎"),
        ("actors", "⏎2"),
        ("timeline", "⏎3"),
        ("figures", "⏎4"),
        ("sources", "⏎5"),
        ("search", "⏎/karabakh"),
        ("searched", "⏎/karabakh⏎"),
        ("help", "⏎?"),
        ("actor", "⏎2⏎"),
        ("entry", "⏎3jj⏎"),
        ("figure", "⏎4⏎"),
        ("source text", "⏎5⏎"),
        ("paged", "⏎3⇟⇟"),
    ];
    let options = Options {
        ascii: true,
        ..Options::default()
    };
    for (w, h) in REAL_SIZES.into_iter().chain([(40, 12), (20, 5)]) {
        for (name, keys) in screens {
            let mut app = common::app_with(with_failures(), w, h, options);
            press(&mut app, keys);
            let text = screen_text(terminal(&app).backend().buffer());
            let allowed = |c: char| {
                c.is_ascii()
                    || written.contains(&c)
                    || (matches!(*name, "source text" | "full text") && source.contains(&c))
            };
            let bad: String = text.chars().filter(|c| !allowed(*c)).collect();
            assert!(bad.is_empty(), "{name} at {w}x{h} draws {bad:?}:\n{text}");
        }
    }
}

/// A library of one briefing whose one source has a text of `bytes` bytes
/// in one paragraph, starting "First words of the long text."
fn long_source(dir: &std::path::Path, bytes: usize) -> library::Library {
    let mut text = String::from("First words of the long text. ");
    while text.len() < bytes {
        text.push_str("filler words again ");
    }
    std::fs::create_dir_all(dir.join("sources")).unwrap();
    std::fs::write(dir.join("sources/long.txt"), &text).unwrap();
    std::fs::write(
        dir.join("long.toml"),
        "format = 1\nid = \"long\"\ntitle = \"A long source\"\ndate = \"2023-09-19\"\n\
         language = \"en\"\n\n[summary]\nheadline = \"One source with a long text.\"\n\n\
         [[sources]]\nid = \"src\"\ntitle = \"The long source\"\npublished = \"2023-09-19\"\n\
         language = \"en\"\nreliability = \"B\"\ntext_file = \"sources/long.txt\"\n\n\
         [[actors]]\nid = \"a\"\nname = \"An actor\"\nkind = \"official\"\n\n\
         [[timeline]]\nwhen = \"2023-09-19\"\nwhat = \"It was written.\"\nactors = [\"a\"]\n\
         sources = [\"src\"]\nquote = \"First words of the long text.\"\ncredibility = 2\n",
    )
    .unwrap();
    let lib = library::load(&[dir.to_owned()]);
    assert!(lib.diagnostics.is_empty(), "{:?}", lib.diagnostics);
    lib
}

#[test]
fn a_long_source_text_says_opening_at_once_and_keys_are_answered_until_its_lines_come() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_with(
        long_source(dir.path(), brief::tui::opening::FROM + 1000),
        80,
        24,
        false,
    );
    press(&mut app, "⏎5");
    // Enter as the loop handles it: the wrapping is handed to a worker
    // (an effect), and the box says so at once.
    let effects = app.update(Msg::Key(key(KeyCode::Enter)));
    let job = effects
        .iter()
        .find_map(|e| match e {
            Effect::WrapSource(job) => Some(job.clone()),
            _ => None,
        })
        .expect("the text is wrapped on a worker");
    assert!(app.opening());
    let shown = screen_text(terminal(&app).backend().buffer());
    assert!(shown.contains("opening…"), "{shown}");
    assert!(shown.contains("The long source"), "{shown}");
    assert!(!shown.contains("First words"), "{shown}");
    // Keys are answered meanwhile, and the worker is asked once.
    for c in ['j', 'G', 'g'] {
        let effects = app.update(Msg::Key(key(KeyCode::Char(c))));
        assert!(
            !effects.iter().any(|e| matches!(e, Effect::WrapSource(_))),
            "asked again on {c}"
        );
    }
    assert_eq!(screen_text(terminal(&app).backend().buffer()), shown);
    // The lines come back: the text replaces the notice.
    let effects = app.update(Msg::SourceWrapped(Box::new((*job).run())));
    settle(&mut app, effects);
    assert!(!app.opening());
    let text = screen_text(terminal(&app).backend().buffer());
    assert!(text.contains("First words of the long text."), "{text}");
    assert!(!text.contains("opening…"), "{text}");
    // Opened again: the lines wrapped are kept, nothing is asked.
    press(&mut app, "⎋");
    let effects = app.update(Msg::Key(key(KeyCode::Enter)));
    assert!(!effects.iter().any(|e| matches!(e, Effect::WrapSource(_))));
    assert_eq!(screen_text(terminal(&app).backend().buffer()), text);
    // Closed before its lines come (another reader, as wide): the late
    // answer changes nothing.
    let mut app = app_with(
        long_source(dir.path(), brief::tui::opening::FROM + 1000),
        80,
        24,
        false,
    );
    press(&mut app, "⏎5");
    let effects = app.update(Msg::Key(key(KeyCode::Enter)));
    let Some(Effect::WrapSource(job)) = effects.into_iter().next() else {
        panic!("the text is wrapped on a worker");
    };
    press(&mut app, "⎋");
    let before = screen_text(terminal(&app).backend().buffer());
    let effects = app.update(Msg::SourceWrapped(Box::new((*job).run())));
    settle(&mut app, effects);
    assert_eq!(screen_text(terminal(&app).backend().buffer()), before);
    assert!(!before.contains("First words"), "{before}");
}

#[test]
fn a_short_source_text_opens_in_line_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_with(long_source(dir.path(), 20_000), 80, 24, false);
    press(&mut app, "⏎5");
    let effects = app.update(Msg::Key(key(KeyCode::Enter)));
    assert!(!effects.iter().any(|e| matches!(e, Effect::WrapSource(_))));
    assert!(!app.opening());
    let text = screen_text(terminal(&app).backend().buffer());
    assert!(text.contains("First words of the long text."), "{text}");
}

#[test]
fn the_actor_marks_follow_the_selection_with_every_pane_shown_and_none_is_left_behind() {
    // Each screen after moving through Actors is the screen of a reader
    // that went straight there: marks are laid on as rows are drawn, and
    // a mark of an actor selected before never stays.
    for (w, h) in [(120, 40), (120, 32)] {
        let mut moved = app(w, h);
        press(&mut moved, "⏎2");
        for (keys, at) in [("j", "⏎2j"), ("jj", "⏎2jjj"), ("k", "⏎2jj"), ("g", "⏎2")] {
            press(&mut moved, keys);
            let mut straight = app(w, h);
            press(&mut straight, at);
            assert_eq!(
                terminal(&moved).backend().buffer(),
                terminal(&straight).backend().buffer(),
                "{w}x{h} after {at}"
            );
        }
        let shown = screen_text(terminal(&moved).backend().buffer());
        assert!(
            shown.contains('▶'),
            "the first actor's items are marked:\n{shown}"
        );
    }
}

/// `e` over a library whose files all load but warn: its title says so,
/// not "0 files could not be loaded" over a list of warnings.
#[test]
fn e_over_warnings_only_says_every_file_loaded() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("tui-warnings-only");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let karabakh = std::fs::read_to_string("briefings/2023-09-19-karabakh-offensive.toml").unwrap();
    // An unknown key is a warning, not an error.
    let warned = karabakh.replacen("format = 1\n", "format = 1\nunknown_key = 1\n", 1);
    assert_ne!(warned, karabakh);
    std::fs::write(dir.join("k.toml"), warned).unwrap();
    std::fs::create_dir_all(dir.join("sources")).unwrap();
    for f in std::fs::read_dir("briefings/sources").unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, dir.join("sources").join(f.file_name().unwrap())).unwrap();
    }
    let lib = library::load(&[dir]);
    let warnings = lib.diagnostics.len();
    assert!(
        warnings >= 1 && lib.listings().len() == 1,
        "{:?}",
        lib.diagnostics
    );
    let mut app = common::app_with(lib, 120, 40, Options::default());
    press(&mut app, "e");
    let buf = terminal(&app).backend().buffer().clone();
    let title = row_text(&buf, 1);
    let expected = if warnings == 1 {
        "1 warning".to_owned()
    } else {
        format!("{warnings} warnings")
    };
    assert!(
        title.contains(&format!("every file loaded · {expected}")),
        "{title:?}"
    );
    assert!(
        !screen_text(&buf).contains("could not be loaded"),
        "{}",
        screen_text(&buf)
    );
}

/// While the library is still loading, the header's count is of what has
/// come so far, not a total it cannot know yet.
#[test]
fn the_header_count_says_so_far_while_the_library_loads() {
    let mut app = app(120, 40);
    assert_eq!(app.entries.len(), 1, "the shipped briefing");
    app.loading = Some((0, 0));
    let t = terminal(&app);
    let header = screen_text(t.backend().buffer())
        .lines()
        .next()
        .unwrap()
        .to_owned();
    assert!(header.contains("1 of 1 briefing so far"), "{header}");
    app.loading = None;
    let t = terminal(&app);
    let header = screen_text(t.backend().buffer())
        .lines()
        .next()
        .unwrap()
        .to_owned();
    assert!(!header.contains("so far"), "{header}");
}

/// A paste into the library's `/` stops at 256 characters with a message
/// (each character searched with all those before it: 7 KB froze the
/// reader for seconds), and Esc still clears it.
#[test]
fn a_long_paste_into_the_filter_stops_at_its_limit_and_esc_clears_it() {
    let mut app = app(120, 40);
    press(&mut app, "/");
    let paste = "lachin ".repeat(1000);
    press(&mut app, &paste);
    assert_eq!(app.filter.query.chars().count(), 256);
    assert_eq!(
        app.filter.query,
        paste.chars().take(256).collect::<String>()
    );
    assert_eq!(
        app.message.as_deref(),
        Some("a search is at most 256 characters")
    );
    app.update(Msg::Key(key(KeyCode::Esc)));
    assert!(app.filter.query.is_empty());
}
