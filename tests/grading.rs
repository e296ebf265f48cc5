//! `brief check` guards grading honesty: one fixture per rule in
//! `tests/fixtures/grading/`, with everything `check` prints for it, exactly,
//! and its exit status with and without `--strict`. And the briefings the
//! repository ships pass `check --strict`, these rules included.

use std::path::Path;

use assert_cmd::Command;

const DIR: &str = "tests/fixtures/grading";

/// One fixture, everything `brief check` prints for it, and whether that is
/// an error (status 1 always) or warnings (status 1 only under `--strict`).
struct Case {
    file: &'static str,
    stdout: &'static str,
    error: bool,
}

const CASES: &[Case] = &[
    Case {
        file: "confirmed-by-one-source.toml",
        stdout: "\
tests/fixtures/grading/confirmed-by-one-source.toml:14:15: warning: timeline[0].credibility: credibility 1 (confirmed) needs two independent sources, but it cites only source \"wire\"
 14 | credibility = 1
    |               ^
  = help: grade it 2 (probably true), or cite a source from another publisher that confirms it
checked 1 file: 1 valid, 0 errors, 1 warning
",
        error: false,
    },
    Case {
        // Publishers compare without regard to case or runs of spaces.
        file: "confirmed-by-one-publisher.toml",
        stdout: "\
tests/fixtures/grading/confirmed-by-one-publisher.toml:14:15: warning: timeline[0].credibility: credibility 1 (confirmed) needs two independent sources, but its 2 sources all come from one publisher, \"Wire Agency\"
 14 | credibility = 1
    |               ^
  = help: grade it 2 (probably true), or cite a source from another publisher that confirms it
checked 1 file: 1 valid, 0 errors, 1 warning
",
        error: false,
    },
    Case {
        // Two publishers, one of them unnamed; and an event disputed by the
        // actor who did it, which is a denial, not a contradiction.
        file: "confirmed-by-two-publishers.toml",
        stdout: "checked 1 file: 1 valid, 0 errors, 0 warnings\n",
        error: false,
    },
    Case {
        file: "disputed-by-its-speaker.toml",
        stdout: "\
tests/fixtures/grading/disputed-by-its-speaker.toml:27:24: warning: timeline[0].disputed_by[1]: actor \"ministry\" both makes this statement and disputes it
 27 | disputed_by = [\"army\", \"ministry\"]
    |                        ^^^^^^^^^^
  = help: if it later took this back, give the denial an entry of its own
checked 1 file: 1 valid, 0 errors, 1 warning
",
        error: false,
    },
    Case {
        // Already an error, as every unknown actor id is; reported once.
        file: "disputed-by-unknown-actor.toml",
        stdout: "\
tests/fixtures/grading/disputed-by-unknown-actor.toml:22:16: error: timeline[0].disputed_by[0]: unknown actor id \"minstry\": the briefing defines no such actor
 22 | disputed_by = [\"minstry\"]
    |                ^^^^^^^^^
  = help: did you mean \"ministry\"?
checked 1 file: 0 valid, 1 error, 0 warnings
",
        error: true,
    },
    Case {
        // The entry's quote has its full stop, the figure's not: the same words.
        file: "same-quote-other-grade.toml",
        stdout: "\
tests/fixtures/grading/same-quote-other-grade.toml:22:15: warning: figures[0].credibility: graded 2 (probably true), but timeline[0] quotes the same words graded 3 (possibly true)
 22 | credibility = 2
    |               ^
  = help: grade the figure and the entry alike: the same words are as credible in both
checked 1 file: 1 valid, 0 errors, 1 warning
",
        error: false,
    },
    Case {
        // JSON semantic findings carry the key path only.
        file: "same-quote-other-grade.json",
        stdout: "\
tests/fixtures/grading/same-quote-other-grade.json: warning: figures[0].credibility: graded 6 (cannot be judged) by default, but timeline[0] quotes the same words graded 3 (possibly true)
  = help: grade the figure and the entry alike: the same words are as credible in both
checked 1 file: 1 valid, 0 errors, 1 warning
",
        error: false,
    },
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn check(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::cargo_bin("brief")
        .expect("the brief binary is built")
        .env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .env("XDG_STATE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .current_dir(root())
        .env("NO_COLOR", "1")
        .arg("check")
        .args(args)
        .output()
        .expect("brief runs");
    (
        out.status.code(),
        String::from_utf8(out.stdout).expect("UTF-8"),
        String::from_utf8(out.stderr).expect("UTF-8"),
    )
}

fn run_cases(strict: bool) {
    let mut failures = Vec::new();
    for case in CASES {
        let path = format!("{DIR}/{}", case.file);
        let mut args = vec![path.as_str()];
        if strict {
            args.push("--strict");
        }
        let warns = !case.error && !case.stdout.ends_with(" 0 warnings\n");
        let status = i32::from(case.error || (strict && warns));
        let (code, stdout, stderr) = check(&args);
        if code != Some(status) || stdout != case.stdout || !stderr.is_empty() {
            failures.push(format!(
                "brief check {}: status {code:?}, expected {status}\n--- got ---\n{stdout}{stderr}--- expected ---\n{}",
                args.join(" "),
                case.stdout
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn each_rule_is_a_warning_at_its_line() {
    run_cases(false);
}

#[test]
fn strict_makes_each_warning_fail_and_prints_the_same() {
    run_cases(true);
}

#[test]
fn every_grading_fixture_has_a_case() {
    let mut files: Vec<String> = std::fs::read_dir(root().join(DIR))
        .expect("fixture folder")
        .map(|e| e.expect("entry").file_name().into_string().expect("name"))
        .collect();
    files.sort();
    let mut listed: Vec<String> = CASES.iter().map(|c| c.file.to_owned()).collect();
    listed.sort();
    assert_eq!(files, listed, "{DIR}/ and CASES differ");
}

#[test]
fn the_shipped_briefings_pass_check_strict() {
    let shipped = std::fs::read_dir(root().join("briefings"))
        .expect("briefings/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml" || x == "json"))
        .count();
    assert!(shipped > 0, "the repository ships briefings");
    let (code, stdout, stderr) = check(&["--strict", "briefings"]);
    assert_eq!(
        stdout,
        format!(
            "checked {shipped} file{}: {shipped} valid, 0 errors, 0 warnings\n",
            if shipped == 1 { "" } else { "s" }
        ),
    );
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
}

/// The examples under docs/format.md's "Grading rules" heading, in order.
fn documented_examples() -> Vec<String> {
    let doc = std::fs::read_to_string(root().join("docs/format.md")).expect("docs/format.md");
    let section = doc
        .split_once("\n### Grading rules that `brief check` enforces\n")
        .expect("the grading rules are documented")
        .1;
    let section = section.split("\n## ").next().unwrap_or(section);
    section
        .split("```toml\n")
        .skip(1)
        .map(|b| {
            b.split_once("```")
                .expect("the block is closed")
                .0
                .to_owned()
        })
        .collect()
}

#[test]
fn each_documented_example_earns_its_one_warning() {
    let examples = documented_examples();
    let expected = [
        "warning: timeline[0].credibility: credibility 1 (confirmed) needs two independent sources",
        "warning: timeline[0].disputed_by[0]: actor \"ministry\" both makes this statement and disputes it",
        "warning: figures[0].credibility: graded 2 (probably true), but timeline[0] quotes the same words graded 3",
    ];
    assert_eq!(examples.len(), expected.len(), "{examples:?}");
    let tmp = tempfile::tempdir().unwrap();
    for (example, says) in examples.iter().zip(expected) {
        // A briefing around the example, defining what it refers to.
        let briefing = format!(
            "format = 1\nid = \"example\"\ntitle = \"Example\"\ndate = \"2023-09-19\"\n\
             summary = {{ headline = \"Example.\" }}\n\
             actors = [{{ id = \"ministry\", name = \"The ministry\", kind = \"government\" }}]\n\
             sources = [{{ id = \"wire\", title = \"Wire report\" }}]\n{example}"
        );
        let file = tmp.path().join("example.toml");
        std::fs::write(&file, briefing).unwrap();
        let (code, stdout, _) = check(&[file.to_str().unwrap()]);
        assert_eq!(code, Some(0), "{stdout}");
        assert!(stdout.contains(says), "{example}\n{stdout}");
        assert!(
            stdout.ends_with("checked 1 file: 1 valid, 0 errors, 1 warning\n"),
            "{example}\n{stdout}"
        );
    }
}
