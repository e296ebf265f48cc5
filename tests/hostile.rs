//! Issue 12, tried as an attacker would, end to end: each numbered case of
//! the issue (but 3 and 9, the state and lock files: tests/triage.rs) is a
//! test here that fails if the case comes back. A briefing is untrusted;
//! nothing in it may reach the clipboard, the terminal, a Markdown reader or
//! a JSON consumer as anything but inert text, and no input may make brief
//! slow, crash or write a draft that `brief check` refuses.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use assert_cmd::Command;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use brief::library;
use brief::tui::app::{App, Options};
use brief::tui::msg::Effect;
use brief::tui::worker::settle;
use brief::tui::{action_for, clipboard};

mod common;

/// ESC, CSI, BEL, DEL, C1 CSI, a bidi override and a line separator.
const CONTROLS: [char; 7] = [
    '\x1b', '\r', '\x07', '\x7f', '\u{9b}', '\u{202e}', '\u{2028}',
];

fn has_control(s: &str) -> bool {
    s.chars().any(|c| CONTROLS.contains(&c))
}

/// A temporary home, so that no test reads or writes the user's state.
struct Home(tempfile::TempDir);

impl Home {
    fn new() -> Home {
        Home(tempfile::tempdir().unwrap())
    }

    fn path(&self) -> &Path {
        self.0.path()
    }

    fn brief(&self) -> Command {
        let mut cmd = Command::cargo_bin("brief").expect("the brief binary is built");
        let home = self.path();
        cmd.current_dir(home)
            .env("HOME", home)
            .env("XDG_STATE_HOME", home.join("state"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env_remove("BRIEF_STATE")
            .env("NO_COLOR", "1")
            .timeout(Duration::from_secs(300));
        cmd
    }

    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// A valid briefing whose text fields hold `hostile` (a TOML string body,
/// escapes allowed) and whose source's url is `url`.
fn briefing(id: &str, hostile: &str, url: &str) -> String {
    // A title is one line; the other fields take anything.
    let one_line = hostile.replace(r"\n", " ").replace(r"\r", " ");
    format!(
        r#"format = 1
id = "{id}"
title = "T {one_line}"
date = "2024-03-05"

[summary]
headline = "H {hostile}"
key_points = ["K {hostile}"]

[[actors]]
id = "army"
name = "A {hostile}"
kind = "military"

[[timeline]]
when = "2024-03-05"
what = "W {hostile}"
actors = ["army"]
sources = ["wire"]
quote = "it happened"

[[figures]]
value = 3
unit = "killed"
what = "F {hostile}"
sources = ["wire"]

[[sources]]
id = "wire"
title = "S {hostile}"
url = "{url}"
text = "Reports say it happened today."
"#
    )
}

fn app_on(dir: &Path, w: u16, h: u16) -> App {
    let lib = library::load(&[dir.to_owned()]);
    assert!(lib.failed_files() == 0, "{:?}", lib.diagnostics);
    let options = Options {
        color: false,
        ..Options::default()
    };
    common::app_with(lib, w, h, options)
}

/// Presses keys, runs what they ask of the workers inline, and returns the
/// text of every copy they sent to the terminal.
fn press(app: &mut App, keys: &str) -> Vec<String> {
    let mut copied = Vec::new();
    for c in keys.chars() {
        if let Some(action) = action_for(app, &common::key(common::key_code(c))) {
            let effects = app.update(action);
            for effect in settle(app, effects) {
                if let Effect::Copy(text) = effect {
                    copied.push(text);
                }
            }
        }
    }
    copied
}

/// Opens the first briefing of the list, reading it as the worker would.
fn open_first(app: &mut App) {
    app.open_first();
    let effects = app.take_effects();
    settle(app, effects);
}

// ---- 1. Paste-jacking through copy -------------------------------------

#[test]
fn case_1_a_copied_citation_cannot_end_bracketed_paste() {
    let home = Home::new();
    let attack = r"harmless\u001b[201~\ntouch /tmp/x\r\n\u0007\u007f\u009b\u202e";
    home.write(
        "lib/a.toml",
        &briefing("a", attack, "https://example.org/a"),
    );
    let mut app = app_on(&home.path().join("lib"), 100, 30);
    open_first(&mut app);
    // The timeline pane, then `y`: the citation goes out as OSC 52.
    let copied = press(&mut app, "3y")
        .pop()
        .expect("y copies the selected entry");
    assert!(copied.contains("harmless"), "{copied:?}");
    let pasted = clipboard::payload(&clipboard::osc52(&copied)).unwrap();
    assert!(pasted.contains("harmless[201~"), "{pasted:?}");
    assert!(!has_control(&pasted), "{pasted:?}");
    assert!(pasted.lines().count() > 1, "a citation keeps its lines");
}

#[test]
fn case_1_a_url_with_controls_is_an_error_and_never_loaded() {
    let home = Home::new();
    home.write(
        "lib/a.toml",
        &briefing("a", "ok", r"https://example.org/\u001b[201~"),
    );
    home.write(
        "lib/b.toml",
        &briefing("b", "ok", "https://example.org/a b"),
    );
    let o = home.brief().args(["check", "lib"]).output().unwrap();
    let (out, _) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert_eq!(out.matches("`url` holds white space").count(), 2, "{out}");
    assert!(!out.contains('\x1b'), "{out:?}");
    // A URL copied alone (Y) is one line: no tab, no break.
    let url = clipboard::payload(&clipboard::osc52("https://a.org/\tx")).unwrap();
    assert_eq!(url, "https://a.org/x");
}

// ---- 2. Secrets printed through symlinks --------------------------------

#[test]
fn case_2_a_link_out_of_the_library_is_refused_without_its_content() {
    let home = Home::new();
    home.write("secret.toml", "token = \"SECRET-TOKEN-1234\" [\n");
    std::fs::create_dir_all(home.path().join("lib")).unwrap();
    std::os::unix::fs::symlink(
        home.path().join("secret.toml"),
        home.path().join("lib/leak.toml"),
    )
    .unwrap();
    home.write("lib/a.toml", &briefing("a", "ok", "https://example.org/a"));
    for args in [
        &["check", "lib"][..],
        &["check", "lib/leak.toml"],
        &["check", "--format", "json", "lib"],
        &["list", "--read-only", "lib"],
        &["show", "lib/leak.toml"],
    ] {
        let o = home.brief().args(args).output().unwrap();
        let (out, err) = text(&o);
        assert!(
            !out.contains("SECRET") && !err.contains("SECRET"),
            "{args:?}: {out}{err}"
        );
        assert_ne!(o.status.code(), None, "{args:?}");
    }
    let o = home.brief().args(["check", "lib"]).output().unwrap();
    let (out, _) = text(&o);
    assert!(
        out.contains("leak.toml: error: is a link to a file outside the library"),
        "{out}"
    );
    assert_eq!(o.status.code(), Some(1));
}

// ---- 4. Escapes to stderr -------------------------------------------------

#[test]
fn case_4_paths_and_values_reach_stderr_with_visible_escapes() {
    let home = Home::new();
    let evil = "x\x1b]0;pwned\x07\u{9b}2J";
    // A folder named with an OSC title sequence, holding a broken briefing.
    home.write(&format!("{evil}/b.toml"), "format = 1\n[x\n");
    home.write(
        "article.txt",
        "Title\n\nOn 5 March 2024, 12 soldiers died.\n",
    );
    home.write("taken.toml", "# already here\n");
    let runs: Vec<Vec<String>> = [
        vec!["check", evil],
        vec!["check", "--format", "json", evil],
        vec!["list", "--read-only", evil],
        vec!["show", &format!("{evil}/b.toml")],
        vec!["draft", &format!("{evil}/missing.txt")],
        vec!["draft", "--out", "taken.toml", "article.txt"],
        vec!["draft", "--out", &format!("{evil}.toml"), "article.txt"],
        vec!["draft", "--id", evil, "article.txt"],
        vec!["draft", "--date", evil, "article.txt"],
        vec!["mark", "--library", evil, "--read", evil],
        vec![evil],
    ]
    .iter()
    .map(|v| v.iter().map(|s| s.to_string()).collect())
    .collect();
    for args in runs {
        let o = home.brief().args(&args).output().unwrap();
        let (out, err) = text(&o);
        assert!(!has_control(&err), "{args:?} wrote to stderr: {err:?}");
        assert!(!has_control(&out), "{args:?} wrote to stdout: {out:?}");
        assert!(matches!(o.status.code(), Some(0..=2)), "{args:?}");
    }
    // What clap refuses keeps its status and shows the value, escaped.
    let o = home
        .brief()
        .args(["draft", "--id", evil, "article.txt"])
        .output()
        .unwrap();
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(err.contains("x␛]0;pwned␇"), "{err}");
    let help = home.brief().arg("--help").output().unwrap();
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("Usage"));
}

// ---- 5. Markdown export ------------------------------------------------------

#[test]
fn case_5_markdown_export_is_inert() {
    let home = Home::new();
    let attack =
        r#"<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3))"#;
    let toml = briefing("a", &attack.replace('"', "\\\""), "javascript:alert(4)");
    home.write("lib/a.toml", &toml);
    let o = home
        .brief()
        .args(["show", "--format", "markdown", "lib/a.toml"])
        .output()
        .unwrap();
    let (md, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(md.contains("&lt;script&gt;"), "{md}");
    for raw in ["<script", "<img", "(<javascript"] {
        assert!(!md.contains(raw), "{raw} in {md}");
    }
    // `](` forms a link only when its `]` is not escaped.
    for (at, _) in md.match_indices("](") {
        assert!(md[..at].ends_with('\\'), "a link at {at} in {md}");
    }
    // A web URL is still a link.
    home.write("lib/b.toml", &briefing("b", "ok", "https://example.org/r"));
    let o = home
        .brief()
        .args([
            "show",
            "--format",
            "markdown",
            "--section",
            "sources",
            "lib/b.toml",
        ])
        .output()
        .unwrap();
    assert!(text(&o).0.contains("](<https://example.org/r>)"));
}

// ---- 6. Machine output -------------------------------------------------------

#[test]
fn case_6_json_output_escapes_what_a_terminal_acts_on() {
    let home = Home::new();
    let attack = r"c1 \u009b31m del \u007f bidi \u202e ls \u2028 ps \u2029";
    home.write(
        "lib/a.toml",
        &briefing("a", attack, "https://example.org/a"),
    );
    // A broken file in a folder whose name holds a C1 control: its path is in the diagnostics.
    home.write("lib/x\u{9b}\u{202e}/b.toml", "format = 1\n[x\n");
    for args in [
        &["show", "--format", "json", "lib/a.toml"][..],
        &["list", "--read-only", "--format", "json", "lib"],
        &["check", "--format", "json", "lib"],
    ] {
        let o = home.brief().args(args).output().unwrap();
        let (out, _) = text(&o);
        assert!(!has_control(&out), "{args:?}: {out:?}");
        assert!(out.contains(r"\u009b"), "{args:?}: {out}");
        assert!(out.contains(r"\u202e"), "{args:?}: {out}");
        serde_json::from_str::<serde_json::Value>(&out).expect("still JSON");
    }
}

// ---- 7 and 10. Hostile sizes, and drafts that must pass check ----------------

/// Drafts `article` with `--out`, then checks the draft: both must finish,
/// and the draft must pass. Returns the draft.
fn draft_and_check(home: &Home, name: &str, article: &str) -> String {
    home.write(&format!("{name}.txt"), article);
    let out = format!("drafts/{name}.toml");
    let o = home
        .brief()
        .args([
            "draft",
            "--lang",
            "fr",
            "--date",
            "2024-03-05",
            "--out",
            &out,
        ])
        .arg(format!("{name}.txt"))
        .output()
        .unwrap();
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{name}: {err}");
    let o = home.brief().args(["check", &out]).output().unwrap();
    let (report, _) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{name}: {report}");
    std::fs::read_to_string(home.path().join(out)).unwrap()
}

#[test]
fn case_7_hostile_articles_are_drafted_and_checked() {
    let home = Home::new();
    let title = "Titre de l’article\n\n";
    let families = [
        ("quotes", "\"".repeat(200_000)),
        ("stops", ".".repeat(200_000)),
        ("times", "Le 5 mars à 14h00 ".repeat(2_000)),
        ("dates", "le 3 mars 2024, ".repeat(3_000)),
        ("names", {
            let mut s = String::new();
            for i in 0..3_000 {
                s.push_str(&format!("Qz{i:x}ab Qzorland{i:x}ian, "));
            }
            s
        }),
        ("centcent", "cent ".repeat(8_000)),
        ("names-and-dates", {
            let mut s = String::new();
            for i in 0..3_000 {
                s.push_str(&format!("Qz{i:x}ab le 5 mars 2024, "));
            }
            s
        }),
    ];
    for (name, body) in families {
        let draft = draft_and_check(&home, name, &format!("{title}{body}\n"));
        assert!(draft.contains("format = 1"), "{name}");
    }
}

#[test]
fn case_10_huge_numbers_are_dropped_with_a_note_and_large_ones_stay_valid() {
    let home = Home::new();
    let nines = "9".repeat(400);
    let article = format!(
        "Titre\n\nIl y a {nines} morts selon le ministère. \
         On compte 100000000000000000000000000000 soldats et 3,5 milliards de personnes.\n"
    );
    let draft = draft_and_check(&home, "huge", &article);
    assert!(!draft.contains("inf"), "{draft}");
    assert!(
        draft.contains("# NOTE: a number too large to write was left out"),
        "{draft}"
    );
    assert!(draft.contains("value = 1e29"), "{draft}");
}

#[test]
fn case_10_a_draft_over_the_limit_is_refused_with_a_message() {
    let home = Home::new();
    home.write(
        "numbers.txt",
        &format!("Titre\n\n{}\n", "12 soldats ".repeat(24_000)),
    );
    let o = home
        .brief()
        .args(["draft", "--lang", "fr", "--out", "n.toml", "numbers.txt"])
        .output()
        .unwrap();
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("over the 16 MiB a briefing may be"), "{err}");
    assert!(!home.path().join("n.toml").exists());
}

// ---- 8. Layout -----------------------------------------------------------------

#[test]
fn case_8_soft_hyphens_and_emoji_modifiers_never_move_a_border() {
    let home = Home::new();
    let attack = r"co\u00adop\u00adera\u00adtion 👍🏽 ❤\ufe0f✌🏿 e\u0301 🇫🇷 \u00ad\u00ad\u00ad\u00ad\u00ad\u00ad\u00ad\u00ad end";
    home.write(
        "lib/a.toml",
        &briefing("a", attack, "https://example.org/a"),
    );
    let (w, h) = (80, 20);
    let mut app = app_on(&home.path().join("lib"), w, h);
    open_first(&mut app);
    let _ = press(&mut app, "2");
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| f.render_widget(&app, f.area())).unwrap();
    let buf = term.backend().buffer();
    let mut screen = String::new();
    for y in 0..h {
        // What a terminal that draws a soft hyphen and does not join a
        // modifier to its emoji would advance: the row must still be w wide.
        let mut advance = 0;
        let mut x = 0;
        while x < w {
            let symbol = buf[(x, y)].symbol();
            assert!(
                !symbol.contains(['\u{ad}', '\u{fe0f}', '\u{1f3fd}', '\u{1f3ff}']),
                "row {y} col {x}: {symbol:?}"
            );
            let cells = brief::text::width(symbol).max(1) as u16;
            advance += symbol
                .chars()
                .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
                .sum::<usize>()
                .max(1);
            screen.push_str(symbol);
            x += cells;
        }
        assert_eq!(advance, usize::from(w), "row {y} would move a border");
        screen.push('\n');
    }
    insta::assert_snapshot!(screen);
}

// ---- ATTACK.md 2: characters of disputed width -------------------------------

unsafe extern "C" {
    fn wcwidth(c: libc::wchar_t) -> libc::c_int;
}

/// Columns a terminal following glibc (tmux, most Linux terminals) advances
/// for `s` under a UTF-8 locale; a character it does not know counts 1.
fn glibc_columns(s: &str) -> usize {
    static LOCALE: std::sync::Once = std::sync::Once::new();
    LOCALE.call_once(|| {
        // SAFETY: a valid C string; nothing else in this test reads the locale.
        let set = unsafe { libc::setlocale(libc::LC_CTYPE, c"C.UTF-8".as_ptr()) };
        assert!(!set.is_null(), "the C.UTF-8 locale is missing");
    });
    s.chars()
        // SAFETY: wcwidth reads its argument and the locale's tables only.
        .map(|c| usize::try_from(unsafe { wcwidth(c as libc::wchar_t) }).unwrap_or(1))
        .sum()
}

#[test]
fn attack_2_hangul_fillers_never_move_a_border_or_leave_a_cell() {
    let home = Home::new();
    // The attacker's file (repro/02): U+3164 is 0 columns to unicode-width
    // and 2 to glibc, so "no shots we┃fired" showed at 80x14.
    home.write(
        "hide/b.toml",
        r#"format = 1
id = "hide"
title = "Hide test"
date = "2024-01-01"
[summary]
headline = "Officials\u3164\u3164 say the army withdrew from the town after talks, and no shots were fired at all."
key_points=["[x\u3164] [y] [z] of 12 killed, 30\u3164 wounded.", "half\uffa0width \u2630 trigram, \u0605 sign, in\u2063visible"]
"#,
    );
    let (w, h) = (80, 14);
    let mut app = app_on(&home.path().join("hide"), w, h);
    open_first(&mut app);
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| f.render_widget(&app, f.area())).unwrap();
    let buf = term.backend().buffer();
    let mut screen = String::new();
    for y in 0..h {
        let (mut x, mut advance) = (0, 0);
        while x < w {
            let symbol = buf[(x, y)].symbol();
            // ratatui skips the cells a wide symbol covers; the terminal
            // advances by what glibc says the symbol takes.
            x += brief::text::width(symbol).max(1) as u16;
            advance += glibc_columns(symbol).max(1);
            screen.push_str(symbol);
        }
        assert_eq!(
            advance,
            usize::from(w),
            "row {y} would move a border: {screen}"
        );
        screen.push('\n');
    }
    insta::assert_snapshot!(screen);
}

// ---- ATTACK.md 11: Markdown block syntax in briefing text ---------------------

/// Whether a line of Markdown opens a block of its own at its start.
fn opens_a_block(line: &str) -> bool {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    line.starts_with(|c: char| c.is_whitespace() || "#-+=*_>~`|<".contains(c))
        || (digits > 0 && line[digits..].starts_with(['.', ')']))
}

#[test]
fn attack_11_markdown_export_opens_no_block_of_the_texts_own() {
    let home = Home::new();
    // Paragraphs, key points, an event and its quote that each start like a
    // block, and inline strikethrough, tables and math (repro/12).
    home.write(
        "lib/m.toml",
        r####"format = 1
id = "md-inject"
title = "Title ##"
date = "2024-01-01"
[summary]
headline = "~~struck~~ | a | b |"
body = "# Heading injection\n\n- list\n\n+ plus\n\n1. num\n\n```\ncode fence\n```\n\n~~~\n\n| a | b |\n|---|---|\n\nPara\n===\n\n    indented code\n\n> quote $x$"
key_points = ["# heading", "- item", "1) num", "> quote", "---", "  * star"]
[[actors]]
id = "a"
name = "=== army"
kind = "military"
[[sources]]
id = "s"
title = "## wire"
[[timeline]]
when = "2024"
what = "- event ~~not~~"
quote = "# said"
actors = ["a"]
sources = ["s"]
"####,
    );
    let o = home
        .brief()
        .args(["show", "--format", "markdown", "lib/m.toml"])
        .output()
        .unwrap();
    let (md, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    for line in md.lines() {
        // Past brief's own structure, the text must open nothing.
        let mut text = line;
        while let Some(rest) = ["# ", "## ", "- ", "  > ", "**2024**: ", "`s` ", "**", "*"]
            .iter()
            .find_map(|mark| text.strip_prefix(mark))
        {
            text = rest;
        }
        if line.starts_with("## ") || line.starts_with("  <br>") || text.is_empty() {
            continue;
        }
        assert!(!opens_a_block(text), "{line:?} in\n{md}");
        assert!(!text.contains("~~") && !text.contains(" #"), "{line:?}");
    }
    insta::assert_snapshot!(md);
}

// ---- ATTACK.md 13: messages and exit codes -------------------------------------

#[test]
fn attack_13_what_is_not_a_briefing_file_is_named_for_what_it_is_and_exits_2() {
    let home = Home::new();
    let _socket = std::os::unix::net::UnixListener::bind(home.path().join("sock.toml")).unwrap();
    let fifo = std::ffi::CString::new(
        home.path()
            .join("fifo.toml")
            .into_os_string()
            .into_encoded_bytes(),
    )
    .unwrap();
    // SAFETY: a valid C string for a path in a fresh temporary folder.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    std::fs::create_dir_all(home.path().join("dir")).unwrap();
    std::fs::create_dir_all(home.path().join("dir.toml")).unwrap();
    for (args, says) in [
        (
            &["show", "sock.toml"][..],
            "sock.toml: error: not a regular file; it was not read",
        ),
        (
            &["check", "sock.toml"],
            "sock.toml: error: not a regular file; it was not read",
        ),
        (
            &["show", "fifo.toml"],
            "fifo.toml: error: not a regular file; it was not read",
        ),
        (&["show", "dir"], "dir: error: is a directory"),
        (&["show", "dir.toml/"], "dir.toml/: error: is a directory"),
        (
            &["list", "/dev/null"],
            "/dev/null: error: not a briefing file",
        ),
        (
            &["show", "/dev/null"],
            "/dev/null: error: not a briefing file",
        ),
        (
            &["check", "/dev/null"],
            "/dev/null: error: not a briefing file",
        ),
    ] {
        let o = home.brief().args(args).output().unwrap();
        let (out, err) = text(&o);
        assert!(out.is_empty() || args[0] == "check", "{args:?}: {out}");
        assert!(
            err.contains(says) || out.contains(says),
            "{args:?}: {err}{out}"
        );
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
    }
}

#[test]
fn attack_13_an_unknown_id_is_nothing_found_and_read_only_cannot_mark() {
    let home = Home::new();
    home.write("lib/a.toml", &briefing("a", "ok", "https://example.org/a"));
    for cmd in ["mark", "diff"] {
        let mut args = vec![cmd, "nope", "--library", "lib"];
        if cmd == "mark" {
            args.push("--flag");
        }
        let o = home.brief().args(&args).output().unwrap();
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(1), "{cmd}: {err}");
        assert_eq!(out, "", "{cmd}");
        assert_eq!(err, "brief: no briefing with id \"nope\" in lib\n", "{cmd}");
    }
    let o = home
        .brief()
        .args(["--read-only", "mark", "a", "--flag", "--library", "lib"])
        .output()
        .unwrap();
    let (out, err) = text(&o);
    assert_eq!(out, "", "nothing was marked, so nothing says it was");
    assert_eq!(
        err,
        "brief: --read-only: cannot mark, nothing was written\n"
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(!home.path().join("state").exists());
    // With nowhere to keep the state, the same: nothing marked, exit 2.
    let o = home
        .brief()
        .env_remove("HOME")
        .env_remove("XDG_STATE_HOME")
        .args(["mark", "a", "--flag", "--library", "lib"])
        .output()
        .unwrap();
    let (out, err) = text(&o);
    assert_eq!(out, "");
    assert!(
        err.contains("no state file") && err.contains("cannot mark"),
        "{err}"
    );
    assert_eq!(o.status.code(), Some(2));
}
