//! The configuration file: mistakes named by line like `brief check` does,
//! and settings that really change the reader.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::style::Color;

use brief::config;
use brief::tui::app::{App, Pane};
use brief::tui::settings;
use brief::tui::worker::settle;
use brief::tui::{Effect, Msg};

fn write(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs `brief --config FILE briefings` without a terminal, as a script would.
fn run(config: &Path) -> (Option<i32>, String) {
    let out = Command::cargo_bin("brief")
        .unwrap()
        .env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .env("XDG_STATE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .arg("--config")
        .arg(config)
        .arg("briefings")
        .env("XDG_STATE_HOME", config.parent().unwrap())
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_mistake_is_named_at_its_line_with_a_hint() {
    let tmp = tempfile::tempdir().unwrap();
    let cases: &[(&str, &str)] = &[
        (
            "tehme = \"dark\"\n",
            "config.toml:1:1: error: unknown field `tehme`",
        ),
        (
            "theme = \"neon\"\n",
            "config.toml:1:9: error: unknown variant `neon`",
        ),
        ("mouse = \"yes\"\n", "config.toml:1:9: error:"),
        (
            "[keys]\nnext_pain = [\"x\"]\n",
            "config.toml:2:1: error: keys.next_pain: unknown action `next_pain`",
        ),
        (
            "[keys]\nquit = [\"q\", \"hyper-q\"]\n",
            "config.toml:2:14: error: keys.quit[1]: unknown key \"hyper-q\"",
        ),
        (
            "[colors]\nnumber = \"orange\"\n",
            "config.toml:2:10: error: colors.number: unknown colour \"orange\"",
        ),
        (
            "[colors]\nnumbr = \"red\"\n",
            "config.toml:2:1: error: colors.numbr: unknown style `numbr`",
        ),
    ];
    for (text, expected) in cases {
        let (code, stderr) = run(&write(tmp.path(), text));
        assert_eq!(code, Some(2), "{text:?}: {stderr}");
        assert!(
            stderr.contains(expected),
            "{text:?}: wanted {expected:?} in:\n{stderr}"
        );
        assert!(stderr.contains(" | "), "the line itself is shown: {stderr}");
    }
    let (_, stderr) = run(&write(tmp.path(), "[keys]\nnext_pain = [\"x\"]\n"));
    assert!(stderr.contains("did you mean `next_pane`?"), "{stderr}");
}

#[test]
fn a_missing_file_named_with_config_is_an_error_but_no_default_file_is_fine() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, stderr) = run(&tmp.path().join("nope.toml"));
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("nope.toml") && stderr.contains("cannot read"),
        "{stderr}"
    );
    let ok = Command::cargo_bin("brief")
        .unwrap()
        .env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .env("XDG_STATE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .arg("briefings")
        .env("XDG_CONFIG_HOME", tmp.path())
        .env("XDG_STATE_HOME", tmp.path())
        .output()
        .unwrap();
    assert_eq!(ok.status.code(), Some(0));
}

fn app_from(text: &str) -> App {
    let cfg = config::parse(Path::new("config.toml"), text).unwrap();
    let lib = brief::library::load(&[PathBuf::from("briefings")]);
    let mut app = App::new(
        lib.listings(),
        lib.diagnostics,
        settings::options(&cfg, false, false, false),
        Rect::new(0, 0, 120, 40),
    );
    app.keymap = settings::keymap(&cfg);
    app.set_view(settings::sort(&cfg), settings::filters(&cfg));
    app.resize(120, 40);
    app
}

/// Presses a key and carries out what it asks, in line; returns what only
/// a loop could do (quit, suspend, copy).
fn press(app: &mut App, code: KeyCode, modifiers: KeyModifiers) -> Vec<Effect> {
    let effects = app.update(Msg::Key(KeyEvent::new(code, modifiers)));
    settle(app, effects)
}

fn screen(app: &App) -> (String, ratatui::buffer::Buffer) {
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    term.draw(|f| f.render_widget(app, f.area())).unwrap();
    let buf = term.backend().buffer().clone();
    let text = (0..40)
        .map(|y| (0..120).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n")
        .collect();
    (text, buf)
}

#[test]
fn a_remapped_key_works_and_the_help_shows_it() {
    let mut app = app_from("[keys]\nnext_pane = [\"ctrl-n\"]\nquit = [\"Q\"]\n");
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(app.pane, Pane::Summary);
    press(&mut app, KeyCode::Char('n'), KeyModifiers::CONTROL);
    assert_eq!(app.pane, Pane::Actors, "ctrl-n now moves to the next pane");
    press(&mut app, KeyCode::Tab, KeyModifiers::NONE);
    assert_eq!(app.pane, Pane::Actors, "Tab was replaced");
    let effects = press(&mut app, KeyCode::Char('q'), KeyModifiers::NONE);
    assert!(!effects.contains(&Effect::Quit), "q no longer quits");
    press(&mut app, KeyCode::Char('?'), KeyModifiers::NONE);
    let (text, _) = screen(&app);
    let line = text
        .lines()
        .find(|l| l.contains("next pane"))
        .expect("the help lists next pane");
    assert!(line.contains("Ctrl-n") && !line.contains("Tab"), "{line}");
    let line = text
        .lines()
        .find(|l| l.contains(" quit "))
        .expect("the help lists quit");
    assert!(line.contains('Q'), "{line}");
    let effects = press(&mut app, KeyCode::Char('Q'), KeyModifiers::SHIFT);
    assert!(effects.contains(&Effect::Quit));
}

#[test]
fn themes_sort_and_filters_take_effect() {
    let colours = |app: &App| {
        let (_, buf) = screen(app);
        (0..40)
            .flat_map(|y| (0..120).map(move |x| (x, y)))
            .map(|p| buf[p].fg)
            .filter(|c| *c != Color::Reset)
            .collect::<Vec<_>>()
    };
    let mut mono = app_from("theme = \"mono\"\n");
    press(&mut mono, KeyCode::Enter, KeyModifiers::NONE);
    assert!(colours(&mono).is_empty(), "mono draws without colour");

    let mut custom = app_from("theme = \"light\"\n[colors]\nnumber = \"red\"\n");
    press(&mut custom, KeyCode::Enter, KeyModifiers::NONE);
    let (_, buf) = screen(&custom);
    let (text, _) = screen(&custom);
    let y = text.lines().position(|l| l.contains("11 killed")).unwrap() as u16;
    let line = text.lines().nth(y as usize).unwrap();
    let x = line[..line.find("11 killed").unwrap()].chars().count() as u16;
    assert_eq!(buf[(x, y)].fg, Color::Red, "the configured number colour");

    let app = app_from("sort = \"title\"\nfilter = [\"flagged\"]\n");
    let (text, _) = screen(&app);
    assert!(
        text.contains("sort: title") && text.contains("showing: flagged"),
        "{text}"
    );
}

#[test]
fn the_mouse_focuses_and_selects_where_clicked_and_the_wheel_scrolls() {
    use crossterm::event::{MouseButton, MouseEventKind};
    let mut app = app_from("mouse = true\n");
    assert!(app.options.mouse);
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    let (text, _) = screen(&app);
    let y = text.lines().position(|l| l.contains("~120,000")).unwrap() as u16;
    let x = text
        .lines()
        .nth(y as usize)
        .unwrap()
        .chars()
        .position(|c| c == '~')
        .unwrap() as u16;
    app.mouse(MouseEventKind::Down(MouseButton::Left), x, y);
    assert_eq!(app.pane, Pane::Figures, "a click focuses the pane");
    assert_eq!(
        app.panes[Pane::Figures.index()].selected,
        1,
        "and selects the row"
    );
    let (text, _) = screen(&app);
    let ty = text.lines().position(|l| l.contains("3 Timeline")).unwrap() as u16;
    app.mouse(MouseEventKind::ScrollDown, 5, ty + 3);
    assert_eq!(app.pane, Pane::Timeline);
    assert_eq!(
        app.panes[Pane::Timeline.index()].selected,
        3,
        "the wheel moves three rows"
    );
}

#[test]
fn the_status_line_hints_follow_the_keymap() {
    let app = app_from("[keys]\nopen = [\"o\"]\nhelp = [\"F\"]\nfilter_flagged = [\"x\"]\n");
    let (text, _) = screen(&app);
    let status = text.lines().nth(39).unwrap();
    assert!(
        status.contains("o open") && status.contains("F help"),
        "{status}"
    );
    assert!(!status.contains("Enter open"), "{status}");
    let mut app = app;
    press(&mut app, KeyCode::Char('o'), KeyModifiers::NONE);
    let (text, _) = screen(&app);
    let status = text.lines().nth(39).unwrap();
    assert!(status.contains("F help"), "{status}");
}
