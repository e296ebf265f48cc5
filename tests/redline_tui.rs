//! The redline in the reader, as a person sees it: the Karabakh briefing
//! read, then edited (a figure revised from 11 to 32 killed, a timeline
//! entry reworded, the headline reworded, an actor removed, a key point
//! added), opened again. Snapshots at 120×40 and 80×24 with `--ascii`, and
//! of the styles as a map (`-` deleted, `+` inserted) with and without
//! colour; `c` / `C` stepping; `d` toggling; the version not kept.

use std::path::{Path, PathBuf};

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use tempfile::TempDir;

use brief::library::state::{Mark, Part, Store};
use brief::library::{self, versions};
use brief::tui::app::{App, Options, Pane};

mod common;
use common::{buffer, copy_dir, find, press, text};

const FILE: &str = "2023-09-19-karabakh-offensive.toml";

/// The edits made after reading, each a visible change.
const EDITS: [(&str, &str); 5] = [
    ("value = 11\n", "value = 32\n"),
    (
        "what = \"A ceasefire is signed after the war.\"",
        "what = \"A Russian-brokered ceasefire is signed after the war.\"",
    ),
    (
        "calls \\\"antiterrorist\\\" operations in",
        "calls \\\"antiterrorist\\\" measures in",
    ),
    (
        "key_points = [\n",
        "key_points = [\n  \"Aid convoys wait at the Lachin corridor.\",\n",
    ),
    (
        "  \"An estimated 120,000 ethnic Armenians live in the enclave.\",\n",
        "",
    ),
];

struct Setup {
    _dir: TempDir,
    lib: PathBuf,
    state: PathBuf,
}

/// The shipped briefings copied, the Karabakh one marked read (its version
/// kept beside a state file), then edited.
fn setup(edit: bool) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    copy_dir(Path::new("briefings"), &lib);
    let state = dir.path().join("state").join("state.json");
    std::fs::create_dir_all(state.parent().unwrap()).unwrap();
    let loaded = library::load(std::slice::from_ref(&lib));
    let b = loaded.entries[0].briefing.clone();
    let mut store = Store::open(state.clone(), false).unwrap();
    store.apply(Mark::read(&b)).unwrap();
    if edit {
        let path = lib.join(FILE);
        let mut text = std::fs::read_to_string(&path).unwrap();
        for (from, to) in EDITS {
            assert!(text.contains(from), "{from}");
            text = text.replacen(from, to, 1);
        }
        std::fs::write(&path, text).unwrap();
    }
    Setup {
        _dir: dir,
        lib,
        state,
    }
}

fn app(s: &Setup, w: u16, h: u16, color: bool, ascii: bool) -> App {
    let lib = library::load(std::slice::from_ref(&s.lib));
    assert!(lib.diagnostics.is_empty(), "{:?}", lib.diagnostics);
    let store = Store::open(s.state.clone(), false).unwrap();
    let mut app = App::with_store(
        lib.listings(),
        lib.diagnostics,
        store,
        Options {
            color,
            ascii,
            ..Options::default()
        },
        Rect::new(0, 0, w, h),
    );
    app.resize(w, h);
    app
}

/// The screen with the time of reading, which changes from run to run,
/// and the rest of its line (which it shifts), as `<when…>`.
fn snapshot_text(buf: &Buffer) -> String {
    let s = text(buf);
    let marker = " since you read it on ";
    match s.find(marker) {
        Some(i) => {
            let from = i + marker.len();
            let end = s[from..].find('\n').map_or(s.len(), |j| from + j);
            format!("{}<when…>{}", &s[..from], &s[end..])
        }
        None => s,
    }
}

/// The screen as a map of the redline's styles: `-` a deleted cell
/// (crossed out and dim), `+` an inserted one (underlined and bold), `.`
/// any other text, a space a blank.
fn style_map(buf: &Buffer) -> String {
    let mut s = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            let m = c.modifier;
            s.push(if m.contains(Modifier::CROSSED_OUT | Modifier::DIM) {
                '-'
            } else if m.contains(Modifier::UNDERLINED | Modifier::BOLD) {
                '+'
            } else if c.symbol().trim().is_empty() {
                ' '
            } else {
                '.'
            });
        }
        s.push('\n');
    }
    s
}

#[test]
fn opening_the_updated_karabakh_briefing_shows_11_to_32_killed() {
    let s = setup(true);
    let mut app = app(&s, 120, 40, true, false);
    press(&mut app, "⏎");
    let buf = buffer(&app);
    let screen = text(&buf);
    assert!(screen.contains("value: 11 → 32 killed"), "{screen}");
    // The reworded entry: the words inserted in green, underlined and bold.
    let (x, y) = find(&buf, "what: A Russian-brokered").expect("the reworded entry's diff");
    let cell = &buf[(x + "what: A ".len() as u16, y)];
    assert_eq!(cell.fg, Color::Green);
    assert!(
        cell.modifier
            .contains(Modifier::UNDERLINED | Modifier::BOLD)
    );
    // The headline's deleted word, in red, crossed out and dim.
    let (x, y) = find(&buf, "operationsmeasures").expect("the headline's diff");
    let old = &buf[(x, y)];
    assert_eq!(old.fg, Color::Red);
    assert!(old.modifier.contains(Modifier::CROSSED_OUT | Modifier::DIM));
    let new = &buf[(x + "operations".len() as u16, y)];
    assert_eq!(new.fg, Color::Green);
    // The changed parts carry ✱ in the gutter, the added key point +.
    let row = screen.lines().find(|l| l.contains("32 killed")).unwrap();
    assert!(row.contains('✱'), "{row}");
    // The key point added has + in the gutter; the one removed is struck
    // through where it was, behind a -.
    let mut scroll_to = |needle: &str| {
        for _ in 0..100 {
            if text(&buffer(&app)).contains(needle) {
                return buffer(&app);
            }
            press(&mut app, "j");
        }
        panic!("{needle} never came into view");
    };
    let buf = scroll_to("Aid convoys");
    let screen = text(&buf);
    let added = screen.lines().find(|l| l.contains("Aid convoys")).unwrap();
    assert!(added.contains("┃+ • Aid convoys"), "{added}");
    let buf = scroll_to("- • An estimated 120,000");
    let (x, y) = find(&buf, "┃- • An estimated 120,000").expect("the removed point");
    let x = x + "┃- • ".chars().count() as u16;
    assert!(buf[(x, y)].modifier.contains(Modifier::CROSSED_OUT));
    assert_eq!(buf[(x, y)].fg, Color::Red);
}

#[test]
fn the_redline_at_two_sizes_with_ascii_markers() {
    for (w, h) in [(120, 40), (80, 24)] {
        let s = setup(true);
        let mut app = app(&s, w, h, false, true);
        press(&mut app, "⏎");
        let buf = buffer(&app);
        let screen = text(&buf);
        insta::assert_snapshot!(format!("redline_ascii_{w}x{h}"), snapshot_text(&buf));
        assert!(
            screen.contains("{+Russian-brokered +}") || w < 100,
            "{screen}"
        );
    }
}

#[test]
fn the_redline_styles_with_and_without_colour() {
    for (w, h) in [(120, 40), (80, 24)] {
        for color in [true, false] {
            let s = setup(true);
            let mut app = app(&s, w, h, color, false);
            press(&mut app, "⏎");
            let buf = buffer(&app);
            if color {
                insta::assert_snapshot!(format!("redline_{w}x{h}"), snapshot_text(&buf));
            }
            // The same cells are marked with colour or without: the
            // modifiers alone keep deletions and insertions apart.
            // Less the facts line, whose length changes with the time of reading.
            let map = style_map(&buf);
            let map: Vec<&str> = map.lines().collect();
            let map = [&map[..1], &["<facts>"], &map[2..]].concat().join("\n");
            insta::assert_snapshot!(format!("redline_styles_{w}x{h}"), map);
            let (x, y) = find(&buf, "measures").expect("the headline's diff");
            let fg = buf[(x, y)].fg;
            assert_eq!(fg, if color { Color::Green } else { Color::Reset });
        }
    }
}

#[test]
fn c_and_shift_c_step_through_the_redline_and_d_toggles_the_clean_text() {
    let s = setup(true);
    let mut app = app(&s, 120, 40, true, false);
    press(&mut app, "⏎");
    press(&mut app, "4");
    // Forward: the summary, the timeline entry, the figure; then round again.
    press(&mut app, "c");
    assert_eq!(app.pane, Pane::Summary);
    press(&mut app, "c");
    assert_eq!(app.pane, Pane::Timeline);
    let entry = app.panes[Pane::Timeline.index()].selected;
    assert!(
        app.briefing().unwrap().timeline[entry]
            .what
            .contains("Russian-brokered")
    );
    press(&mut app, "c");
    assert_eq!(app.pane, Pane::Figures);
    let fig = app.panes[Pane::Figures.index()].selected;
    assert_eq!(app.briefing().unwrap().figures[fig].value, 32.0);
    assert!(text(&buffer(&app)).contains("change 3 of 3: changed figure"));
    press(&mut app, "c");
    assert_eq!(app.pane, Pane::Summary);
    // Back: from the summary round to the figure, then the entry.
    press(&mut app, "C");
    assert_eq!(app.pane, Pane::Figures);
    press(&mut app, "C");
    assert_eq!(app.pane, Pane::Timeline);

    // d: the clean current text, with the ✱ markers; d again: the redline.
    // The header names the key and what it shows next.
    assert!(text(&buffer(&app)).contains("(c: next · d: clean text)"));
    press(&mut app, "d");
    let clean = text(&buffer(&app));
    assert!(clean.contains("(c: next · d: redline)"), "{clean}");
    assert!(!clean.contains("value: 11 → 32"), "{clean}");
    assert!(!clean.contains("operationsmeasures"), "{clean}");
    assert!(clean.contains("✱ the summary changed"), "{clean}");
    press(&mut app, "d");
    assert!(text(&buffer(&app)).contains("value: 11 → 32 killed"));
    // The key is in the help, from the one key table.
    press(&mut app, "?");
    let help = text(&buffer(&app));
    assert!(help.contains("what changed (redline)"), "{help}");
}

#[test]
fn without_the_version_read_the_status_says_so_and_the_stars_stay() {
    let s = setup(true);
    let folder = versions::folder(s.state.parent().unwrap());
    std::fs::remove_dir_all(&folder).unwrap();
    let mut app = app(&s, 120, 40, true, false);
    press(&mut app, "⏎");
    let screen = text(&buffer(&app));
    assert!(
        screen.contains("the version you read was not kept"),
        "{screen}"
    );
    assert!(!screen.contains("value: 11 → 32"), "{screen}");
    let row = screen.lines().find(|l| l.contains("32 killed")).unwrap();
    assert!(row.contains('✱'), "{row}");
    // c keeps stepping through the starred parts.
    press(&mut app, "c");
    assert!(text(&buffer(&app)).contains("change 1 of"));
}

#[test]
fn a_briefing_unchanged_since_read_has_no_redline() {
    let s = setup(false);
    let mut app = app(&s, 120, 40, true, false);
    press(&mut app, "⏎");
    assert!(app.redline.of(app.version).is_none());
    press(&mut app, "d");
    assert!(text(&buffer(&app)).contains("no redline"));
}

fn library_row(app: &App, buf: &Buffer) -> String {
    let _ = app;
    text(buf).lines().nth(1).unwrap_or_default().to_owned()
}

#[test]
fn an_updated_row_in_the_library_says_what_changed_figures_first() {
    for (w, ascii, expected) in [
        (120, false, "killed 11→32, summary, 1 timeline"),
        (80, true, "killed 11->32..."),
    ] {
        let s = setup(true);
        let mut app = app(&s, w, 24, true, ascii);
        // Asked for after the first message, computed on the redline's thread.
        press(&mut app, "j");
        let buf = buffer(&app);
        let row = library_row(&app, &buf);
        assert!(
            row.trim_end().ends_with(&format!("  {expected}")),
            "{row:?}"
        );
        assert!(text(&buf).chars().filter(|&c| c == '\n').count() == 24);
        let (x, y) = find(&buf, "killed 11").unwrap();
        assert_eq!(y, 1);
        // The selected row is drawn in one style; the summary is its text.
        assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
    }
    // A row read as it is has none.
    let s = setup(false);
    let mut app = app(&s, 120, 24, true, false);
    press(&mut app, "j");
    let row = library_row(&app, &buffer(&app));
    assert!(!row.contains("killed"), "{row}");
}

#[test]
fn pruning_after_indexing_drops_superseded_versions_and_keeps_the_last_read() {
    use brief::tui::redline::{Job, run};
    use std::collections::HashSet;
    use std::sync::Arc;
    use std::time::{Duration, SystemTime};
    let s = setup(true);
    let dir = s.state.parent().unwrap();
    let lib = library::load(std::slice::from_ref(&s.lib));
    let id = lib.entries[0].briefing.id.clone();
    let mut store = Store::open(s.state.clone(), false).unwrap();
    let first = store.state.record(&id).unwrap().digest.clone().unwrap();
    // Read again as it is now: the first version is superseded.
    store.apply(Mark::read(&lib.entries[0].briefing)).unwrap();
    let last = store.state.record(&id).unwrap().digest.clone().unwrap();
    assert_ne!(first, last);
    assert!(versions::get(dir, &id, &first).unwrap().is_some());
    // Both written over two hours ago: past the hour another writer gets.
    let folder = versions::folder(dir);
    let long_ago = SystemTime::now() - Duration::from_secs(2 * 3600);
    for e in std::fs::read_dir(&folder).unwrap() {
        std::fs::File::options()
            .write(true)
            .open(e.unwrap().path())
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
    }
    let listed: HashSet<String> = lib.entries.iter().map(|e| e.briefing.id.clone()).collect();
    let msg = run(dir, Some(&s.state), None, Job::Prune(Arc::new(listed)));
    assert!(msg.is_none());
    assert!(
        versions::get(dir, &id, &first).unwrap().is_none(),
        "superseded: dropped"
    );
    assert!(
        versions::get(dir, &id, &last).unwrap().is_some(),
        "last read: kept"
    );
}

#[test]
fn a_title_only_change_marks_the_briefing_updated_and_shows_in_the_redline() {
    let s = setup(false);
    let path = s.lib.join(FILE);
    let source = std::fs::read_to_string(&path).unwrap();
    let from = "title = \"Azerbaijan launches";
    assert!(source.contains(from));
    std::fs::write(
        &path,
        source.replacen(from, "title = \"Azerbaijan begins", 1),
    )
    .unwrap();
    let mut app = app(&s, 120, 40, true, false);
    press(&mut app, "j");
    let buf = buffer(&app);
    let row = library_row(&app, &buf);
    assert!(row.starts_with('◆'), "updated: {row}");
    assert!(row.trim_end().ends_with("  title"), "{row}");
    press(&mut app, "⏎");
    let buf = buffer(&app);
    let screen = text(&buf);
    let line = screen
        .lines()
        .find(|l| l.contains("title: Azerbaijan"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(
        line.contains("┃✱ title: Azerbaijan launchesbegins"),
        "{line}"
    );
    let (x, y) = find(&buf, "launchesbegins").unwrap();
    assert_eq!(buf[(x, y)].fg, Color::Red);
    assert_eq!(buf[(x + 8, y)].fg, Color::Green);
    assert!(screen.contains("✱ 1 change since you read it"), "{screen}");
}

#[test]
fn opening_a_row_whose_summary_was_shown_does_not_read_its_version_again() {
    let s = setup(true);
    let mut app = app(&s, 120, 24, true, false);
    press(&mut app, "j");
    assert!(library_row(&app, &buffer(&app)).contains("killed 11→32"));
    // The version read back for the summary is the one the opening uses:
    // with the store gone, the redline still comes.
    std::fs::remove_dir_all(versions::folder(s.state.parent().unwrap())).unwrap();
    press(&mut app, "⏎");
    let screen = text(&buffer(&app));
    assert!(screen.contains("operationsmeasures"), "{screen}");
    assert!(!screen.contains("not kept"), "{screen}");
}

#[test]
fn hostile_text_in_a_change_reaches_neither_the_row_nor_the_panes_raw() {
    let s = setup(false);
    let path = s.lib.join(FILE);
    let source = std::fs::read_to_string(&path).unwrap();
    let hostile = source.replacen(
        "value = 11\nunit = \"killed\"",
        "value = 32\nunit = \"killed\\u001b]52;c;aGk=\\u0007\\u001b[2J\"",
        1,
    );
    assert_ne!(hostile, source);
    std::fs::write(&path, hostile).unwrap();
    let lib = library::load(std::slice::from_ref(&s.lib));
    assert_eq!(lib.entries.len(), 1, "it loads: {:?}", lib.diagnostics);
    let mut app = app(&s, 120, 40, true, false);
    press(&mut app, "j");
    let row = text(&buffer(&app));
    assert!(!row.contains('\u{1b}') && !row.contains('\u{7}'), "{row:?}");
    assert!(row.contains("11 killed→32 killed␛]52"), "{row}");
    press(&mut app, "⏎");
    let screen = text(&buffer(&app));
    assert!(!screen.contains('\u{1b}') && !screen.contains('\u{7}'));
    assert!(screen.contains("value: 11 killed → 32"), "{screen}");
    assert!(screen.contains("killed␛]52;c;aGk=␇␛[2J"), "{screen}");
}

/// The shipped briefings copied, marked read with `R` (each version kept
/// unparsed from the file's bytes, no parts recorded), then one figure
/// changed in the file: 11 killed become 32.
fn setup_mark_all() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    copy_dir(Path::new("briefings"), &lib);
    let state = dir.path().join("state").join("state.json");
    std::fs::create_dir_all(state.parent().unwrap()).unwrap();
    let s = Setup {
        _dir: dir,
        lib,
        state,
    };
    let mut before = app(&s, 120, 40, true, false);
    press(&mut before, "Ry");
    drop(before);
    let store = Store::open(s.state.clone(), true).unwrap();
    let record = store.state.briefings.values().next().expect("marked read");
    assert!(
        record.read_at.is_some() && record.parts.is_empty(),
        "{record:?}"
    );
    let path = s.lib.join(FILE);
    let file = std::fs::read_to_string(&path).unwrap();
    assert!(file.contains("value = 11\n"));
    std::fs::write(&path, file.replacen("value = 11\n", "value = 32\n", 1)).unwrap();
    s
}

/// Exactly the changed figure is starred (no source, though one has a
/// text), and the redline shows it.
fn only_the_figure_changed(app: &App) {
    let b = app.briefing().expect("opened");
    let figure = b
        .figures
        .iter()
        .position(|f| f.value == 32.0)
        .expect("the figure changed");
    assert!(b.sources.iter().any(|s| s.text.is_some()));
    assert_eq!(app.changes, vec![Part::Figure(figure)]);
    let screen = text(&buffer(app));
    assert!(screen.contains("value: 11 → 32 killed"), "{screen}");
    assert!(!screen.contains("not kept"), "{screen}");
}

#[test]
fn after_mark_all_read_only_the_changed_figure_is_starred_and_its_redline_shows() {
    let s = setup_mark_all();
    let mut app = app(&s, 120, 40, true, false);
    press(&mut app, "⏎");
    only_the_figure_changed(&app);
}

#[test]
fn after_mark_all_read_the_stars_come_from_the_version_read_back_for_the_row() {
    let s = setup_mark_all();
    let mut app = app(&s, 120, 40, true, false);
    press(&mut app, "j");
    assert!(library_row(&app, &buffer(&app)).contains("killed 11→32"));
    // The version read back for the row's summary serves the opening, both
    // its redline and its stars: it is not read again.
    std::fs::remove_dir_all(versions::folder(s.state.parent().unwrap())).unwrap();
    press(&mut app, "⏎");
    only_the_figure_changed(&app);
}
