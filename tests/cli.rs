//! The command line as a user meets it: `brief check` and `brief show`, their
//! output and exit statuses, and files that try to break them.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;

const KARABAKH: &str = "briefings/2023-09-19-karabakh-offensive.toml";

/// The three figures the issue requires, each with its French quote.
const FIGURES: [(&str, &str); 3] = [
    (
        "11 killed",
        "Onze policiers et civils azerbaïdjanais auraient été tués dans l’explosion d’une mine et dans un autre incident",
    ),
    (
        "~120,000 residents",
        "On estime que 120 000 Arméniens de souche vivent dans cette enclave montagneuse",
    ),
    (
        "~3,000 peacekeepers",
        "quelque 3 000 soldats de maintien de la paix russes",
    ),
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn brief() -> Command {
    let mut cmd = Command::cargo_bin("brief").expect("the brief binary is built");
    // Never the user's cache or state.
    cmd.env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .env("XDG_STATE_HOME", env!("CARGO_TARGET_TMPDIR"));
    cmd.current_dir(root())
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(60));
    cmd
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 on stdout")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("UTF-8 on stderr")
}

/// Text with every run of whitespace made one space, so that wrapped
/// paragraphs can be searched for phrases.
fn unwrapped(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn show(args: &[&str]) -> String {
    let out = brief().arg("show").args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    stdout(&out)
}

// ------------------------------------------------------------------ check

#[test]
fn check_passes_the_shipped_briefings_without_a_warning() {
    brief()
        .args(["check", "briefings/"])
        .assert()
        .code(0)
        .stdout("checked 1 file: 1 valid, 0 errors, 0 warnings\n")
        .stderr("");
}

#[test]
fn check_without_a_path_checks_the_briefings_folder() {
    brief()
        .args(["check", "--strict"])
        .assert()
        .code(0)
        .stdout(predicate::str::ends_with("1 valid, 0 errors, 0 warnings\n"));
}

#[test]
fn check_strict_fails_on_a_warning_and_plain_check_does_not() {
    let file = "tests/fixtures/warnings/unknown-key.toml";
    brief()
        .args(["check", file])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("warning: summary.key_point"));
    brief()
        .args(["check", "--strict", file])
        .assert()
        .code(1)
        .stdout(predicate::str::ends_with(
            "checked 1 file: 1 valid, 0 errors, 1 warning\n",
        ));
}

#[test]
fn check_a_missing_path_is_an_io_failure() {
    brief()
        .args(["check", "no/such/folder"])
        .assert()
        .code(2)
        .stdout(predicate::str::starts_with(
            "no/such/folder: error: cannot open: No such file or directory",
        ));
}

#[test]
fn one_bad_file_does_not_hide_the_good_ones() {
    let tmp = tempfile::tempdir().unwrap();
    copy_library(tmp.path());
    std::fs::write(tmp.path().join("broken.toml"), "format = \n").unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "not a briefing").unwrap();
    brief()
        .arg("check")
        .arg(tmp.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("broken.toml:1:10: error:"))
        .stdout(predicate::str::ends_with(
            "checked 2 files: 1 valid, 1 error, 0 warnings\n",
        ));
}

#[test]
fn check_json_gives_scripts_every_diagnostic_with_its_place() {
    let out = brief()
        .args([
            "check",
            "--format",
            "json",
            "tests/fixtures/invalid/unknown-actor-id.toml",
            "tests/fixtures/warnings/unknown-key.toml",
            "tests/fixtures/invalid/unknown-actor-id.json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(report["files"], 3);
    assert_eq!(report["valid"], 1);
    assert_eq!(report["errors"], 2);
    assert_eq!(report["warnings"], 1);
    let d = report["diagnostics"].as_array().unwrap();
    assert_eq!(d.len(), 3, "{report:#}");

    let actor = &d[0];
    assert_eq!(actor["severity"], "error");
    assert_eq!(
        actor["file"],
        "tests/fixtures/invalid/unknown-actor-id.toml"
    );
    assert_eq!(actor["line"], 43);
    assert_eq!(actor["column"], 11);
    assert_eq!(actor["key_path"], "timeline[3].actors[0]");
    assert_eq!(
        actor["message"],
        "unknown actor id \"minstry\": the briefing defines no such actor"
    );
    assert_eq!(actor["hint"], "did you mean \"ministry\"?");

    let key = &d[1];
    assert_eq!(key["severity"], "warning");
    assert_eq!(
        (key["line"].as_u64(), key["column"].as_u64()),
        (Some(8), Some(1))
    );
    assert_eq!(key["key_path"], "summary.key_point");
    assert_eq!(key["hint"], "did you mean `key_points`?");

    // A semantic error in JSON has its key path, and no line.
    let json = &d[2];
    assert_eq!(json["severity"], "error");
    assert_eq!(json["key_path"], "timeline[0].actors[0]");
    assert!(json.get("line").is_none(), "{json}");
}

#[test]
fn check_json_of_a_clean_library_has_no_diagnostics() {
    let out = brief()
        .args(["check", "--format", "json", "briefings"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["files"], 1);
    assert_eq!(report["valid"], 1);
    assert_eq!(report["diagnostics"], serde_json::json!([]));
}

#[test]
fn bad_usage_exits_2_with_a_message_on_stderr() {
    for args in [
        &["check", "--bogus"][..],
        &["check", "--format", "yaml"],
        &["show"],
        &["show", KARABAKH, "--section", "nothing"],
        &["show", KARABAKH, "--format", "pdf"],
        &["show", KARABAKH, "--width", "wide"],
        &["frobnicate", "--now"],
    ] {
        brief()
            .args(args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::starts_with("error: "))
            .stderr(predicate::str::contains("try '--help'"));
    }
}

// ------------------------------------------------------------------ show

#[test]
fn show_prints_the_whole_briefing_with_its_figures_and_quotes() {
    let text = show(&[KARABAKH]);
    assert!(
        text.starts_with("Azerbaijan launches \"antiterrorist\" operation in Nagorno-Karabakh\n"),
        "{text}"
    );
    for heading in ["SUMMARY", "ACTORS", "TIMELINE", "FIGURES", "SOURCES"] {
        assert!(text.lines().any(|l| l == heading), "no {heading} heading");
    }
    let flat = unwrapped(&text);
    for (figure, quote) in FIGURES {
        assert!(
            text.lines().any(|l| l == format!("  {figure}")),
            "no figure line {figure:?}"
        );
        assert!(flat.contains(&format!("“{quote}”")), "no quote {quote:?}");
    }
    // Dates the article gives only as "since December" or "recently".
    assert!(flat.contains("since Dec 2022?") && flat.contains("c. Sep 2023? · statement"));
    assert!(flat.contains("also known as: Khankendi, Stepanakert"));
    assert!(flat.contains("disputed by Armenian Ministry of Defence"));
}

#[test]
fn show_one_section_prints_only_that_section() {
    let text = show(&[KARABAKH, "--section", "figures"]);
    assert!(text.starts_with("FIGURES\n  11 killed\n"), "{text}");
    for other in [
        "SUMMARY",
        "ACTORS",
        "TIMELINE",
        "SOURCES",
        "Azerbaijan launches",
    ] {
        assert!(!text.contains(other), "{other} in:\n{text}");
    }
    let flat = unwrapped(&text);
    for (figure, quote) in FIGURES {
        assert!(text.contains(&format!("\n  {figure}\n")), "{figure}");
        assert!(flat.contains(quote), "{quote}");
    }
    assert!(
        flat.contains("F3 possibly true"),
        "the 11 killed are reported, not confirmed"
    );
}

#[test]
fn show_markdown_has_headings_bold_figures_and_block_quotes() {
    let md = show(&[KARABAKH, "--format", "markdown"]);
    assert!(
        md.starts_with("# Azerbaijan launches \"antiterrorist\" operation in Nagorno-Karabakh\n\n"),
        "{md}"
    );
    for heading in [
        "## Summary",
        "## Actors",
        "## Timeline",
        "## Figures",
        "## Sources",
    ] {
        assert!(md.lines().any(|l| l == heading), "no {heading}");
    }
    for (figure, quote) in FIGURES {
        assert!(md.contains(&format!("- **{figure}**: ")), "{figure}");
        assert!(md.contains(&format!("\n  > {quote}\n")), "{quote}");
    }
    let figures = show(&[KARABAKH, "--format", "markdown", "--section", "figures"]);
    assert!(
        figures.starts_with("## Figures\n\n- **11 killed**"),
        "{figures}"
    );
    assert!(!figures.contains("## Timeline"));
}

#[test]
fn show_json_is_the_briefing_in_format_1_and_reads_back_the_same() {
    let json = show(&[KARABAKH, "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(value["format"], 1);
    assert_eq!(value["id"], "2023-09-19-karabakh-offensive");
    let figures = value["figures"].as_array().unwrap();
    assert_eq!(figures[0]["value"], 11.0);
    assert_eq!(figures[0]["unit"], "killed");
    assert_eq!(figures[1]["approximate"], true);
    assert_eq!(figures[2]["quote"], FIGURES[2].1);

    // Written beside the sources, the JSON is a valid briefing of its own,
    // and showing it gives the same JSON back.
    let tmp = tempfile::tempdir().unwrap();
    copy_sources(tmp.path());
    let file = tmp.path().join("karabakh.json");
    std::fs::write(&file, &json).unwrap();
    brief()
        .arg("check")
        .arg("--strict")
        .arg(&file)
        .assert()
        .code(0)
        .stdout("checked 1 file: 1 valid, 0 errors, 0 warnings\n");
    let again = show(&[file.to_str().unwrap(), "--format", "json"]);
    assert_eq!(again, json);

    let section = show(&[KARABAKH, "--format", "json", "--section", "figures"]);
    let section: serde_json::Value = serde_json::from_str(&section).unwrap();
    assert_eq!(section, value["figures"]);
}

#[test]
fn show_wraps_to_the_width_asked_for() {
    let unwrapped_words = unwrapped(&show(&[KARABAKH, "--width", "1000"]));
    for width in [20usize, 40, 72] {
        let w = width.to_string();
        let text = show(&[KARABAKH, "--width", &w]);
        let long: Vec<&str> = text
            .lines()
            .filter(|l| brief::text::width(l) > width)
            .collect();
        assert!(long.is_empty(), "over {width} columns: {long:#?}");
        if width >= 40 {
            // Wrapping moves words between lines and may break after a
            // hyphen; it loses no word.
            let words = unwrapped(&text).replace("- ", "-");
            assert!(
                words == unwrapped_words.replace("- ", "-"),
                "words differ at width {width}"
            );
        }
    }
}

#[test]
fn show_wraps_at_80_columns_when_stdout_is_not_a_terminal() {
    let text = show(&[KARABAKH]);
    let widest = text.lines().map(brief::text::width).max().unwrap();
    assert!((70..=80).contains(&widest), "widest line {widest}");
}

/// Runs a shell pipeline with `$BRIEF` set to the built binary; `pipefail`
/// makes the pipeline's status brief's own.
fn pipeline(script: &str) -> Output {
    std::process::Command::new("bash")
        .arg("-c")
        .arg(format!("set -o pipefail; {script}"))
        .env("BRIEF", assert_cmd::cargo::cargo_bin("brief"))
        .env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .env("XDG_STATE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .current_dir(root())
        .output()
        .expect("bash runs")
}

#[test]
fn show_into_a_closed_pipe_ends_quietly_with_status_0() {
    let out = pipeline(&format!("\"$BRIEF\" show {KARABAKH} | head -1"));
    assert_eq!(
        stdout(&out),
        "Azerbaijan launches \"antiterrorist\" operation in Nagorno-Karabakh\n"
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");

    // The reader is gone before brief writes a byte: the write must fail,
    // and brief must still end quietly.
    for format in ["text", "markdown", "json"] {
        let out = pipeline(&format!(
            "(sleep 0.3; exec \"$BRIEF\" show {KARABAKH} --format {format}) | true"
        ));
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
        assert!(!stderr(&out).contains("Broken pipe"), "{}", stderr(&out));
        assert_eq!(stderr(&out), "");
    }
}

#[test]
fn check_into_a_closed_pipe_ends_quietly() {
    let out = pipeline("(sleep 0.3; exec \"$BRIEF\" check tests/fixtures/invalid) | true");
    assert_eq!(stderr(&out), "");
    assert!(matches!(out.status.code(), Some(0 | 1)), "{:?}", out.status);
}

#[test]
fn show_an_invalid_briefing_explains_on_stderr_and_exits_1() {
    brief()
        .args(["show", "tests/fixtures/invalid/unknown-actor-id.toml"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "tests/fixtures/invalid/unknown-actor-id.toml:43:11: error: timeline[3].actors[0]",
        ));
    brief()
        .args(["show", "no-such-briefing.toml"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "no-such-briefing.toml: error: cannot open",
        ));
}

#[test]
fn show_works_from_inside_the_briefings_folder() {
    // A bare file name has an empty parent: the source text must still be found.
    let out = brief()
        .current_dir(root().join("briefings"))
        .args([
            "show",
            "2023-09-19-karabakh-offensive.toml",
            "--section",
            "sources",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    brief()
        .current_dir(root().join("briefings"))
        .args(["check", "2023-09-19-karabakh-offensive.toml"])
        .assert()
        .code(0)
        .stdout("checked 1 file: 1 valid, 0 errors, 0 warnings\n");
}

// ------------------------------------------------------------ hostile files

fn check_file(name: &str, contents: &[u8]) -> (Output, PathBuf, tempfile::TempDir) {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join(name);
    std::fs::write(&file, contents).unwrap();
    let out = brief().arg("check").arg(&file).output().unwrap();
    (out, file, tmp)
}

#[test]
fn an_empty_file_is_an_error_not_a_crash() {
    let (out, file, _tmp) = check_file("empty.toml", b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).starts_with(&format!(
            "{}:1:1: error: missing field `format`",
            file.display()
        )),
        "{}",
        stdout(&out)
    );
    let (out, file, _tmp) = check_file("empty.json", b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).starts_with(&format!(
            "{}:1:1: error: EOF while parsing a value",
            file.display()
        )),
        "{}",
        stdout(&out)
    );
}

#[test]
fn invalid_utf8_is_reported_at_its_line_and_column() {
    let (out, file, _tmp) = check_file(
        "latin1.toml",
        b"format = 1\nid = \"x\"\ntitle = \"caf\xe9 cr\xe8me\"\n",
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.starts_with(&format!(
            "{}:3:13: error: the file is not valid UTF-8\n 3 | title = \"caf\u{fffd} cr\u{fffd}me\"\n   |             ^\n",
            file.display()
        )),
        "{text}"
    );
}

#[test]
fn deeply_nested_arrays_are_an_error_not_a_stack_overflow() {
    let deep = "[".repeat(100_000);
    for (name, line, text) in [
        ("deep.toml", 1, format!("a = {deep}")),
        (
            "closed.toml",
            2,
            format!("format = 1\na = {deep}{}", "]".repeat(100_000)),
        ),
        ("tables.toml", 1, format!("a = {}", "{b = ".repeat(100_000))),
        ("deep.json", 1, deep.clone()),
        (
            "closed.json",
            1,
            format!("{{\"format\": 1, \"a\": {deep}{}}}", "]".repeat(100_000)),
        ),
    ] {
        let (out, file, _tmp) = check_file(name, text.as_bytes());
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stderr(&out));
        let shown = stdout(&out);
        assert!(
            shown.starts_with(&format!("{}:{line}:", file.display())),
            "{name}: {}",
            &shown[..shown.len().min(300)]
        );
        assert!(shown.contains(": error: "), "{name}");
        // However long the line, the excerpt shown is short.
        assert!(shown.lines().all(|l| l.chars().count() < 400), "{name}");
    }
}

#[test]
fn a_file_over_16_mib_is_refused_unread() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("huge.toml");
    let f = std::fs::File::create(&file).unwrap();
    f.set_len(40 * 1024 * 1024).unwrap();
    drop(f);
    brief()
        .arg("check")
        .arg(&file)
        .assert()
        .code(2)
        .stdout(predicate::str::starts_with(format!(
            "{}: error: file is 40.0 MiB, over the 16 MiB limit; it was not read\n",
            file.display()
        )));
    brief()
        .arg("show")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("over the 16 MiB limit"));
}

#[test]
fn a_source_text_over_16_mib_is_refused_unread() {
    let tmp = tempfile::tempdir().unwrap();
    copy_library(tmp.path());
    let text = tmp
        .path()
        .join("sources/2023-09-19-karabakh-offensive.fr.txt");
    std::fs::OpenOptions::new()
        .write(true)
        .open(&text)
        .unwrap()
        .set_len(17 * 1024 * 1024)
        .unwrap();
    brief()
        .arg("check")
        .arg(tmp.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "error: sources[0].text_file: text_file \"sources/2023-09-19-karabakh-offensive.fr.txt\": file is 17.0 MiB, over the 16 MiB limit; it was not read",
        ));
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_is_refused_without_hanging() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("fifo.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let zero = tmp.path().join("zero.json");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    for file in [&fifo, &zero] {
        brief()
            .timeout(Duration::from_secs(10))
            .arg("check")
            .arg(file)
            .assert()
            .code(2)
            .stdout(predicate::str::starts_with(format!(
                "{}: error: not a regular file; it was not read",
                file.display()
            )));
    }
}

#[test]
fn many_findings_on_one_long_line_stay_fast_and_short() {
    // 20,000 timeline entries on one line, each citing no source: every
    // warning names its column without copying the whole line.
    let entry = r#"{when = "2023-09-19", what = "x"}, "#;
    let text = format!(
        "format = 1\nid = \"x\"\ntitle = \"t\"\ndate = \"2023-09-19\"\nsummary = {{headline = \"h\"}}\ntimeline = [{}]\n",
        entry.repeat(20_000)
    );
    let (out, file, _tmp) = check_file("long.toml", text.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    let shown = stdout(&out);
    assert!(shown.ends_with("checked 1 file: 1 valid, 0 errors, 20000 warnings\n"));
    let last_column = 13 + entry.len() * 19_999;
    assert!(
        shown.contains(&format!(
            "{}:6:{last_column}: warning: timeline[19999]: cites no source",
            file.display()
        )),
        "{}",
        &shown[shown.len() - 1000..]
    );
    assert!(shown.lines().all(|l| l.chars().count() < 400));
}

// ------------------------------------------------------------------ helpers

/// The shipped briefing and its source text, copied into `dir`.
fn copy_library(dir: &Path) {
    copy_sources(dir);
    std::fs::copy(root().join(KARABAKH), dir.join("karabakh.toml")).unwrap();
}

fn copy_sources(dir: &Path) {
    let sources = dir.join("sources");
    std::fs::create_dir_all(&sources).unwrap();
    for entry in std::fs::read_dir(root().join("briefings/sources")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), sources.join(entry.file_name())).unwrap();
    }
}

// ------------------------------------------- the built-in briefings everywhere

/// ATTACK 10: outside the repository (no `briefings/` here), every command
/// sees the built-in briefings as `brief search` and the reader do: `list`
/// lists it, `mark` marks it (flag and read), the marks are listed, and
/// `diff` finds it by id. Before: list "briefings: cannot open" exit 2, mark
/// "no briefing with id" exit 1, diff exit 2.
#[test]
fn outside_the_repository_every_command_sees_the_built_in_briefings() {
    const ID: &str = "2023-09-19-karabakh-offensive";
    let home = tempfile::tempdir().unwrap();
    let away = home.path().join("elsewhere");
    std::fs::create_dir(&away).unwrap();
    let run = |args: &[&str]| {
        brief()
            .current_dir(&away)
            .env("HOME", home.path())
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .env("XDG_STATE_HOME", home.path().join("state"))
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env_remove("BRIEF_STATE")
            .args(args)
            .output()
            .unwrap()
    };
    let search = run(&["search", "lachin"]);
    assert_eq!(search.status.code(), Some(0), "{}", stderr(&search));
    assert!(stdout(&search).contains(ID));

    let list = run(&["list", "--unread"]);
    assert_eq!(list.status.code(), Some(0), "{}", stderr(&list));
    assert_eq!(stderr(&list), "");
    assert!(
        stdout(&list).starts_with("new ") && stdout(&list).contains(ID),
        "{}",
        stdout(&list)
    );

    let mark = run(&["mark", ID, "--flag"]);
    assert_eq!(mark.status.code(), Some(0), "{}", stderr(&mark));
    assert_eq!(stdout(&mark), format!("{ID}: flagged\n"));
    let mark = run(&["mark", ID, "--read"]);
    assert_eq!(mark.status.code(), Some(0), "{}", stderr(&mark));
    assert_eq!(stdout(&mark), format!("{ID}: read\n"));

    let json = run(&["list", "--format", "json"]);
    assert_eq!(json.status.code(), Some(0), "{}", stderr(&json));
    let rows: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let row = &rows.as_array().unwrap()[0];
    assert_eq!(row["id"], ID);
    assert_eq!(row["flagged"], true);
    assert_eq!(row["state"], "read");
    assert_eq!(row["path"], format!("(built in)/{ID}.toml"));
    let unread = run(&["list", "--unread"]);
    assert_eq!(stdout(&unread), "");

    // Read as it is: found by id, and nothing changed since.
    let diff = run(&["diff", ID]);
    assert_eq!(diff.status.code(), Some(1), "{}", stderr(&diff));
    assert!(
        stderr(&diff).contains("nothing changed since you read it"),
        "{}",
        stderr(&diff)
    );
}

// ------------------------------------------- a file named alone, in its library

/// ATTACK 9: `lib/2023/k.toml` with `text_file = "../sources/..."`: valid
/// under `brief check lib`, and now also when named alone, however it is
/// named (relative, absolute, from its own folder, through `..`) and by
/// `check`, `show` and the reader printing it: a file belongs to the nearest
/// folder at most two levels above its own holding `sources/`. Before: "lies
/// outside the library directory" for the file alone. Still refused: a
/// text_file leaving that library, a link out of it, and the home folder as
/// a library (a downloaded file beside `~/sources`).
#[test]
fn a_file_named_alone_is_judged_in_the_library_that_holds_its_sources() {
    let tmp = tempfile::tempdir().unwrap();
    let lib = tmp.path().join("lib");
    std::fs::create_dir_all(lib.join("2023")).unwrap();
    std::fs::create_dir_all(lib.join("sources")).unwrap();
    let name = "2023-09-19-karabakh-offensive";
    std::fs::copy(
        root().join(format!("briefings/sources/{name}.fr.txt")),
        lib.join(format!("sources/{name}.fr.txt")),
    )
    .unwrap();
    let toml = std::fs::read_to_string(root().join(format!("briefings/{name}.toml"))).unwrap();
    assert!(toml.contains("text_file = \"sources/"));
    std::fs::write(
        lib.join("2023/k.toml"),
        toml.replace("text_file = \"sources/", "text_file = \"../sources/"),
    )
    .unwrap();
    let run = |dir: &Path, args: &[&str]| {
        brief()
            .current_dir(dir)
            .env("XDG_CONFIG_HOME", tmp.path().join("config"))
            .env("XDG_CACHE_HOME", tmp.path().join("cache"))
            .env("HOME", tmp.path().join("home"))
            .args(args)
            .output()
            .unwrap()
    };
    let valid = "checked 1 file: 1 valid, 0 errors, 0 warnings\n";
    for args in [
        &["check", "lib"][..],
        &["check", "lib/2023/k.toml"],
        &["check", "./lib/2023/k.toml"],
    ] {
        let out = run(tmp.path(), args);
        assert_eq!(
            (out.status.code(), stdout(&out).as_str()),
            (Some(0), valid),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    let abs = lib.join("2023/k.toml");
    let out = run(tmp.path(), &["check", abs.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let out = run(
        tmp.path(),
        &["show", "lib/2023/k.toml", "--section", "sources"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The reader, printing as it does without a terminal.
    let out = run(tmp.path(), &["lib/2023/k.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("Lachin"));

    // Never past that library: a file beside it, or a link out of it.
    std::fs::write(tmp.path().join("secret.txt"), "secret").unwrap();
    std::fs::write(
        lib.join("2023/out.toml"),
        toml.replace(
            &format!("text_file = \"sources/{name}.fr.txt\""),
            "text_file = \"../../secret.txt\"",
        ),
    )
    .unwrap();
    std::os::unix::fs::symlink(tmp.path().join("secret.txt"), lib.join("sources/link.txt"))
        .unwrap();
    std::fs::write(
        lib.join("2023/link.toml"),
        toml.replace(
            &format!("text_file = \"sources/{name}.fr.txt\""),
            "text_file = \"../sources/link.txt\"",
        ),
    )
    .unwrap();
    for (file, says) in [
        (
            "lib/2023/out.toml",
            "text_file \"../../secret.txt\" lies outside the library directory",
        ),
        (
            "lib/2023/link.toml",
            "text_file \"../sources/link.txt\" lies outside the library directory",
        ),
    ] {
        let out = run(tmp.path(), &["check", file]);
        assert_eq!(out.status.code(), Some(1), "{file}");
        assert!(stdout(&out).contains(says), "{file}: {}", stdout(&out));
    }
    // From inside its own folder, or through `..`: the same verdict.
    let out = run(&lib.join("2023"), &["check", "k.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let out = run(&lib.join("sources"), &["check", "../2023/k.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));

    // Never the home folder: ~/Downloads/evil.toml beside ~/sources.
    let home = tmp.path().join("home");
    std::fs::create_dir_all(home.join("sources")).unwrap();
    std::fs::create_dir_all(home.join("Downloads")).unwrap();
    std::fs::write(home.join("secret.txt"), "secret").unwrap();
    std::fs::write(
        home.join("Downloads/evil.toml"),
        toml.replace(
            &format!("text_file = \"sources/{name}.fr.txt\""),
            "text_file = \"../secret.txt\"",
        ),
    )
    .unwrap();
    let out = run(tmp.path(), &["check", "home/Downloads/evil.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("text_file \"../secret.txt\" lies outside the library directory"),
        "{}",
        stdout(&out)
    );
}
