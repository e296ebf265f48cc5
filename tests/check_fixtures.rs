//! `brief check` on one small fixture per kind of problem the contract's
//! "What `check` reports" names, asserting what the author sees: the place
//! (`file:line:column`), the message, the offending line with a caret under
//! it, and the exit status.
//!
//! Every fixture lives in `tests/fixtures/{invalid,warnings}/` and has exactly
//! one row in the tables below; a test checks that no fixture goes unlisted.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// One fixture and what `brief check` must say about it.
struct Expect {
    file: &'static str,
    /// Where the problem is; `None` where the contract asks only for a key path
    /// (semantic errors in JSON).
    at: Option<(usize, usize)>,
    /// A fragment of the message, key path included where there is one.
    says: &'static str,
    /// The `= help:` line, if the message comes with one.
    hint: Option<&'static str>,
}

const fn at(file: &'static str, line: usize, column: usize, says: &'static str) -> Expect {
    Expect {
        file,
        at: Some((line, column)),
        says,
        hint: None,
    }
}

/// `tests/fixtures/invalid/`: each is an error, exit status 1.
const INVALID: &[Expect] = &[
    // syntax errors
    at(
        "syntax-error.toml",
        3,
        28,
        "error: invalid basic string, expected `\"`",
    ),
    at("syntax-error.json", 6, 3, "error: expected `,` or `}`"),
    // a missing required key
    at("missing-key.toml", 6, 1, "error: missing field `headline`"),
    at(
        "missing-key-timeline.toml",
        14,
        1,
        "error: missing field `what`",
    ),
    // a value of the wrong type
    at(
        "wrong-type.toml",
        20,
        15,
        "error: invalid type: string \"high\"",
    ),
    at(
        "wrong-type.json",
        7,
        33,
        "error: invalid type: string \"eleven\"",
    ),
    // a value outside its set
    at(
        "priority-urgent.toml",
        5,
        12,
        "error: unknown variant `urgent`, expected one of `low`, `normal`, `high`, `critical`",
    ),
    at(
        "kind-bogus.toml",
        12,
        8,
        "error: unknown variant `bogus`, expected one of `state`",
    ),
    at(
        "credibility-7.toml",
        20,
        15,
        "error: timeline[0].credibility: credibility 7 is outside 1–6",
    ),
    at(
        "reliability-g.toml",
        24,
        15,
        "error: sources[0].reliability: reliability \"G\" is not one of A, B, C, D, E, F",
    ),
    // bad dates
    at(
        "date-no-such-day.toml",
        15,
        8,
        "error: timeline[0].when: bad date \"2023-02-30\": Feb has no day 30",
    ),
    at(
        "date-no-such-month.toml",
        4,
        8,
        "error: date: bad date \"2023-13\": there is no month 13",
    ),
    at(
        "date-no-offset.toml",
        15,
        8,
        "error: timeline[0].when: bad date \"2023-09-19T14:00\": a time needs its offset",
    ),
    at(
        "date-interval-backwards.toml",
        15,
        8,
        "error: timeline[0].when: bad date \"2020-11-10/2020-09-27\": the interval ends before it starts",
    ),
    // duplicate ids within a briefing (across files: see below)
    at(
        "duplicate-actor-id.toml",
        15,
        6,
        "error: actors[1].id: duplicate actor id \"army\": already used by actors[0]",
    ),
    at(
        "duplicate-source-id.toml",
        27,
        6,
        "error: sources[1].id: duplicate source id \"wire\": already used by sources[0]",
    ),
    // references to ids the briefing does not define
    Expect {
        hint: Some("did you mean \"ministry\"?"),
        ..at(
            "unknown-actor-id.toml",
            43,
            11,
            "error: timeline[3].actors[0]: unknown actor id \"minstry\": the briefing defines no such actor",
        )
    },
    at(
        "unknown-source-id.toml",
        18,
        20,
        "error: timeline[0].sources[1]: unknown source id \"radio\": the briefing defines no such source",
    ),
    Expect {
        file: "unknown-actor-id.json",
        at: None,
        says: "error: timeline[0].actors[0]: unknown actor id \"navy\"",
        hint: Some("did you mean \"army\"?"),
    },
    // quotes and source texts
    at(
        "quote-not-in-source.toml",
        19,
        9,
        "error: timeline[0].quote: the quote does not occur in the text of source wire",
    ),
    at(
        "text-file-missing.toml",
        24,
        13,
        "error: sources[0].text_file: text_file \"sources/no-such-file.txt\" cannot be read",
    ),
    at(
        "text-file-outside.toml",
        24,
        13,
        "error: sources[0].text_file: text_file \"../../etc/passwd\" lies outside the library directory; it was not read",
    ),
    at(
        "text-and-text-file.toml",
        25,
        13,
        "error: sources[0].text_file: a source has `text` or `text_file`, not both",
    ),
    // the briefing itself
    at(
        "format-2.toml",
        1,
        10,
        "error: format 2 is newer than this reader (1)",
    ),
    at(
        "title-too-long.toml",
        3,
        9,
        "error: title: `title` must be one line of 1–200 characters",
    ),
    at(
        "title-multi-line.toml",
        3,
        9,
        "error: title: `title` must be one line of 1–200 characters",
    ),
    at(
        "bad-id.toml",
        2,
        6,
        "error: id: briefing id \"Bad ID!\" must be 1–128 characters of a-z, 0-9",
    ),
];

/// `tests/fixtures/warnings/`: valid briefings with one warning each; exit
/// status 0, or 1 with `--strict`.
const WARNINGS: &[Expect] = &[
    Expect {
        hint: Some("did you mean `key_points`?"),
        ..at(
            "unknown-key.toml",
            8,
            1,
            "warning: summary.key_point: unknown key `key_point` is ignored",
        )
    },
    at(
        "figure-without-source.toml",
        26,
        1,
        "warning: figures[0]: cites no source",
    ),
    at(
        "timeline-without-source.toml",
        14,
        1,
        "warning: timeline[0]: cites no source",
    ),
    at(
        "uncited-source.toml",
        26,
        1,
        "warning: sources[1]: source \"radio\" is cited by no figure or timeline entry",
    ),
];

/// A valid briefing with no warnings, the base every fixture varies.
const VALID: &str = r#"format = 1
id = "fixture"
title = "A fixture briefing"
date = "2023-09-19"

[summary]
headline = "Something happened."

[[actors]]
id = "army"
name = "The army"
kind = "military"

[[timeline]]
when = "2023-09-19"
what = "It happened."
actors = ["army"]
sources = ["wire"]
quote = "it happened"

[[sources]]
id = "wire"
title = "Wire report"
text = "Reports say it happened today."
"#;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn brief() -> Command {
    let mut cmd = Command::cargo_bin("brief").expect("the brief binary is built");
    // Never the user's cache or state.
    cmd.env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .env("XDG_STATE_HOME", env!("CARGO_TARGET_TMPDIR"));
    cmd.current_dir(root()).env("NO_COLOR", "1");
    cmd
}

struct Run {
    status: Option<i32>,
    stdout: String,
    stderr: String,
}

fn check(args: &[&str]) -> Run {
    let out = brief()
        .arg("check")
        .args(args)
        .output()
        .expect("brief runs");
    Run {
        status: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("check prints UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("check prints UTF-8"),
    }
}

/// Checks one fixture's output against its row; returns what is wrong.
fn verify(dir: &str, e: &Expect, run: &Run) -> Vec<String> {
    let mut wrong = Vec::new();
    let shown = format!("tests/fixtures/{dir}/{}", e.file);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let header = match e.at {
        Some((line, column)) => format!("{shown}:{line}:{column}: {}", e.says),
        None => format!("{shown}: {}", e.says),
    };
    let Some(i) = lines.iter().position(|l| l.starts_with(&header)) else {
        wrong.push(format!("no line starting {header:?}"));
        return wrong;
    };
    let mut next = i + 1;
    if let Some((line, column)) = e.at {
        let source = std::fs::read_to_string(root().join(&shown)).expect("fixture reads");
        let text = source.lines().nth(line - 1).expect("the line exists");
        let gutter = format!(" {line} | ");
        match lines.get(next) {
            // Long lines are cut after the place and end in `…`.
            Some(l)
                if l.starts_with(&gutter)
                    && text.starts_with(l[gutter.len()..].trim_end_matches('…')) => {}
            other => wrong.push(format!(
                "expected the source line {gutter:?}{text:?}, got {other:?}"
            )),
        }
        let caret = format!(
            " {} | {}^",
            " ".repeat(line.to_string().len()),
            " ".repeat(column - 1)
        );
        match lines.get(next + 1) {
            Some(l) if l.starts_with(&caret) && l.trim_end().ends_with('^') => {}
            other => wrong.push(format!("expected a caret line {caret:?}, got {other:?}")),
        }
        next += 2;
    }
    if let Some(hint) = e.hint {
        let want = format!("  = help: {hint}");
        if lines.get(next) != Some(&want.as_str()) {
            wrong.push(format!(
                "expected {want:?} after the message, got {:?}",
                lines.get(next)
            ));
        }
    }
    wrong
}

fn run_table(dir: &str, table: &[Expect], strict: bool, status: i32) {
    let mut failures = Vec::new();
    for e in table {
        let path = format!("tests/fixtures/{dir}/{}", e.file);
        let mut args = vec![path.as_str()];
        if strict {
            args.push("--strict");
        }
        let run = check(&args);
        let mut wrong = verify(dir, e, &run);
        if run.status != Some(status) {
            wrong.push(format!("exit status {:?}, expected {status}", run.status));
        }
        if !run.stderr.is_empty() {
            wrong.push(format!("unexpected stderr {:?}", run.stderr));
        }
        if !wrong.is_empty() {
            failures.push(format!(
                "{path}:\n  {}\n--- output ---\n{}",
                wrong.join("\n  "),
                run.stdout
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn every_invalid_fixture_is_an_error_at_its_line() {
    run_table("invalid", INVALID, false, 1);
}

#[test]
fn every_warning_fixture_is_valid_with_its_warning() {
    run_table("warnings", WARNINGS, false, 0);
    for e in WARNINGS {
        let run = check(&[&format!("tests/fixtures/warnings/{}", e.file)]);
        assert!(
            run.stdout
                .ends_with("checked 1 file: 1 valid, 0 errors, 1 warning\n"),
            "{}: {}",
            e.file,
            run.stdout
        );
    }
}

#[test]
fn strict_makes_every_warning_fixture_fail() {
    run_table("warnings", WARNINGS, true, 1);
}

#[test]
fn every_fixture_has_a_row_in_the_tables() {
    for (dir, table) in [("invalid", INVALID), ("warnings", WARNINGS)] {
        let mut files: Vec<String> = std::fs::read_dir(root().join("tests/fixtures").join(dir))
            .expect("fixture folder")
            .map(|e| e.expect("entry").file_name().into_string().expect("name"))
            .filter(|n| n.ends_with(".toml") || n.ends_with(".json"))
            .collect();
        files.sort();
        let mut listed: Vec<String> = table.iter().map(|e| e.file.to_owned()).collect();
        listed.sort();
        assert_eq!(files, listed, "tests/fixtures/{dir}/ and its table differ");
    }
}

#[test]
fn the_invalid_folder_as_a_library_loads_nothing_and_reports_every_file() {
    let run = check(&["tests/fixtures/invalid"]);
    assert_eq!(run.status, Some(1), "{}", run.stdout);
    let summary = format!("checked {} files: 0 valid, ", INVALID.len());
    assert!(
        run.stdout.lines().last().unwrap().starts_with(&summary),
        "{}",
        run.stdout
    );
    for e in INVALID {
        assert!(
            run.stdout
                .contains(&format!("tests/fixtures/invalid/{}:", e.file)),
            "{} is not reported:\n{}",
            e.file,
            run.stdout
        );
    }
}

#[test]
fn the_path_outside_the_library_is_refused_even_when_the_file_exists() {
    // The quote is in the outside file, so reading it would make the briefing
    // valid: the error proves the file was refused, not merely missing.
    let tmp = tempfile::tempdir().unwrap();
    let library = tmp.path().join("library");
    std::fs::create_dir(&library).unwrap();
    std::fs::write(
        tmp.path().join("secret.txt"),
        "Reports say it happened today.",
    )
    .unwrap();
    let fixture =
        std::fs::read_to_string(root().join("tests/fixtures/invalid/text-file-outside.toml"))
            .unwrap()
            .replace("../../etc/passwd", "../secret.txt");
    let briefing = library.join("b.toml");
    std::fs::write(&briefing, fixture).unwrap();

    let run = check(&[library.to_str().unwrap()]);
    assert_eq!(run.status, Some(1), "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "error: sources[0].text_file: text_file \"../secret.txt\" lies outside the library directory; it was not read"
        ),
        "{}",
        run.stdout
    );

    // The same file inside the library is read, and the briefing is valid.
    std::fs::rename(tmp.path().join("secret.txt"), library.join("secret.txt")).unwrap();
    let text = std::fs::read_to_string(&briefing)
        .unwrap()
        .replace("../secret.txt", "secret.txt");
    std::fs::write(&briefing, text).unwrap();
    let run = check(&[library.to_str().unwrap()]);
    assert_eq!(run.status, Some(0), "{}", run.stdout);
}

#[cfg(unix)]
#[test]
fn a_link_inside_the_library_to_a_file_outside_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let library = tmp.path().join("library");
    std::fs::create_dir(&library).unwrap();
    std::fs::write(
        tmp.path().join("secret.txt"),
        "Reports say it happened today.",
    )
    .unwrap();
    std::os::unix::fs::symlink(tmp.path().join("secret.txt"), library.join("link.txt")).unwrap();
    let fixture =
        std::fs::read_to_string(root().join("tests/fixtures/invalid/text-file-outside.toml"))
            .unwrap()
            .replace("../../etc/passwd", "link.txt");
    std::fs::write(library.join("b.toml"), fixture).unwrap();

    let run = check(&[library.to_str().unwrap()]);
    assert_eq!(run.status, Some(1), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("text_file \"link.txt\" lies outside the library directory; it was not read"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_briefing_id_used_by_two_files_is_an_error_naming_both() {
    let tmp = tempfile::tempdir().unwrap();
    let base = VALID;
    std::fs::create_dir(tmp.path().join("a")).unwrap();
    std::fs::create_dir(tmp.path().join("b")).unwrap();
    let first = tmp.path().join("a/first.toml");
    let second = tmp.path().join("b/second.toml");
    std::fs::write(&first, base).unwrap();
    std::fs::write(&second, base).unwrap();

    let run = check(&[tmp.path().to_str().unwrap()]);
    assert_eq!(run.status, Some(1), "{}", run.stdout);
    // Every file of the id has an error; the first by path is the one listed.
    let expected = [
        format!(
            "{}: error: id: duplicate briefing id \"fixture\": {} uses it too; this file, the first by path, is listed",
            first.display(),
            second.display()
        ),
        format!(
            "{}: error: id: duplicate briefing id \"fixture\": {} uses it too and is listed; this file is not",
            second.display(),
            first.display()
        ),
    ];
    for e in &expected {
        assert!(run.stdout.contains(e), "{}", run.stdout);
    }
    assert!(
        run.stdout
            .ends_with("checked 2 files: 1 valid, 2 errors, 0 warnings\n"),
        "{}",
        run.stdout
    );

    // Each file alone is valid: the duplicate is a matter of the library.
    for f in [&first, &second] {
        assert_eq!(check(&[f.to_str().unwrap()]).status, Some(0));
    }
}

#[test]
fn a_typo_for_a_required_key_is_named_beside_the_missing_key() {
    let tmp = tempfile::tempdir().unwrap();
    let file: PathBuf = tmp.path().join("typo.toml");
    let text = VALID.replace("headline =", "headlin =");
    std::fs::write(&file, text).unwrap();
    let run = check(&[file.to_str().unwrap()]);
    assert_eq!(run.status, Some(1), "{}", run.stdout);
    let shown = file.display();
    assert!(
        run.stdout
            .contains(&format!("{shown}:6:1: error: missing field `headline`")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!(
            "{shown}:7:1: warning: summary.headlin: unknown key `headlin` is ignored\n \
             7 | headlin = \"Something happened.\"\n   \
             | ^^^^^^^\n  \
             = help: did you mean `headline`?\n"
        )),
        "{}",
        run.stdout
    );
}
