//! The library pipeline as a person meets it through the binary: duplicate
//! ids in every command, an unreadable folder hiding nothing, full-text
//! search, and a damaged index database.

use std::path::Path;
use std::process::{Command, Output};

use assert_cmd::cargo::CommandCargoExt;

mod common;
use common::nobody::as_nobody;

const KARABAKH: &str = include_str!("../briefings/2023-09-19-karabakh-offensive.toml");

fn briefing(id: &str, date: &str) -> String {
    format!(
        "format = 1\nid = \"{id}\"\ntitle = \"Briefing {id}\"\ndate = \"{date}\"\n[summary]\nheadline = \"Something happened.\"\n"
    )
}

/// brief with its own cache and state folders under `home`.
fn brief(home: &Path) -> Command {
    let mut c = Command::cargo_bin("brief").unwrap();
    c.env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env_remove("BRIEF_STATE");
    c
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A library with b1 and b2, and b1's id used again by `z/dup.toml`.
fn duplicated() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    std::fs::create_dir_all(lib.join("z")).unwrap();
    std::fs::write(lib.join("b1.toml"), briefing("b1", "2024-01-01")).unwrap();
    std::fs::write(lib.join("b2.toml"), briefing("b2", "2024-01-02")).unwrap();
    std::fs::write(lib.join("z/dup.toml"), briefing("b1", "2024-01-03")).unwrap();
    dir
}

fn run(dir: &Path, args: &[&str]) -> Output {
    brief(dir).current_dir(dir).args(args).output().unwrap()
}

#[test]
fn duplicate_ids_in_check_list_mark_search_and_the_print_mode() {
    let dir = duplicated();
    let d = dir.path();

    let check = run(d, &["check", "lib"]);
    assert_eq!(check.status.code(), Some(1));
    let out = text(&check.stdout);
    assert!(
        out.contains("lib/b1.toml: error: id: duplicate briefing id \"b1\": lib/z/dup.toml uses it too; this file, the first by path, is listed"),
        "{out}"
    );
    assert!(
        out.contains("lib/z/dup.toml: error: id: duplicate briefing id \"b1\": lib/b1.toml uses it too and is listed; this file is not"),
        "{out}"
    );
    assert!(
        out.ends_with("checked 3 files: 2 valid, 2 errors, 0 warnings\n"),
        "{out}"
    );

    // Twice: cold, then from the index; the same each time.
    for _ in 0..2 {
        let list = run(d, &["list", "lib"]);
        assert_eq!(list.status.code(), Some(1), "{}", text(&list.stderr));
        let rows = text(&list.stdout);
        assert_eq!(rows.matches("\tBriefing b1").count(), 1, "{rows}");
        assert_eq!(rows.lines().count(), 2, "{rows}");
        let err = text(&list.stderr);
        assert_eq!(
            err.matches("duplicate briefing id").count(),
            2,
            "each file said once: {err}"
        );
    }

    let print = run(d, &["lib"]);
    assert_eq!(text(&print.stdout).matches("\tb1\t").count(), 1);
    assert!(
        text(&print.stderr).contains("2 files could not be loaded"),
        "{}",
        text(&print.stderr)
    );

    let mark = run(d, &["mark", "--flag", "--library", "lib", "b1"]);
    assert_eq!(mark.status.code(), Some(0), "{}", text(&mark.stderr));

    let search = run(d, &["search", "--format", "json", "happened", "lib"]);
    let hits: serde_json::Value = serde_json::from_slice(&search.stdout).unwrap();
    let paths: Vec<&str> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 2, "one row per id: {paths:?}");
    assert!(!paths.contains(&"lib/z/dup.toml"), "{paths:?}");
}

#[test]
fn an_unreadable_folder_is_one_error_and_everything_readable_is_listed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lib = d.join("lib");
    std::fs::create_dir_all(lib.join("sub")).unwrap();
    std::fs::create_dir_all(lib.join("lost+found")).unwrap();
    std::fs::write(lib.join("good.toml"), briefing("good", "2024")).unwrap();
    std::fs::write(lib.join("sub/hidden.toml"), briefing("hidden", "2024")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m));
    mode(d, 0o755).unwrap();
    mode(&lib, 0o755).unwrap();
    mode(&lib.join("good.toml"), 0o644).unwrap();
    mode(&lib.join("sub"), 0o000).unwrap();
    mode(&lib.join("lost+found"), 0o700).unwrap();

    let Some(check) = as_nobody(d, &["--read-only", "check", "lib"]) else {
        return;
    };
    let out = text(&check.stdout);
    assert!(
        out.contains("lib/sub: error: cannot list this folder: Permission denied"),
        "{out}"
    );
    assert!(
        out.contains("lib/lost+found: error: cannot list this folder"),
        "{out}"
    );
    assert!(
        out.ends_with("checked 1 file: 1 valid, 2 errors, 0 warnings\n"),
        "{out}"
    );
    assert_eq!(check.status.code(), Some(2), "a folder that cannot be read");

    let list = as_nobody(d, &["--read-only", "list", "lib"]).unwrap();
    assert!(
        text(&list.stdout).contains("\tBriefing good"),
        "{}",
        text(&list.stdout)
    );
    assert!(
        text(&list.stderr).contains("lib/sub: error: cannot list this folder"),
        "{}",
        text(&list.stderr)
    );
    assert_eq!(list.status.code(), Some(2));

    let print = as_nobody(d, &["--read-only", "lib"]).unwrap();
    assert!(
        text(&print.stdout).contains("\tgood\t"),
        "{}",
        text(&print.stdout)
    );
    mode(&lib.join("sub"), 0o755).unwrap();
}

#[test]
fn search_prints_snippets_folds_accents_and_says_when_nothing_matches() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("lib/sources")).unwrap();
    std::fs::write(d.join("lib/karabakh.toml"), KARABAKH).unwrap();
    std::fs::copy(
        "briefings/sources/2023-09-19-karabakh-offensive.fr.txt",
        d.join("lib/sources/2023-09-19-karabakh-offensive.fr.txt"),
    )
    .unwrap();
    std::fs::write(d.join("lib/other.toml"), briefing("other", "2024")).unwrap();

    let found = run(d, &["search", "azerbaidjan", "lib"]);
    assert_eq!(found.status.code(), Some(0), "{}", text(&found.stderr));
    let out = text(&found.stdout);
    assert!(out.starts_with("2023-09-19-karabakh-offensive\t"), "{out}");
    assert!(
        out.contains("[Azerbaïdjan]"),
        "the snippet marks the hit: {out}"
    );

    let none = run(d, &["search", "zzzqqq", "lib"]);
    assert_eq!(none.status.code(), Some(1));
    assert!(none.stdout.is_empty());
    assert!(text(&none.stderr).contains("no briefing matches"));

    for bad in ["\"unclosed", "AND", "lachin)"] {
        let out = run(d, &["search", bad, "lib"]);
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", text(&out.stderr));
        let err = text(&out.stderr);
        assert!(err.contains("docs/search.md"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }

    let json = run(d, &["search", "--format", "json", "lach*", "lib"]);
    let hits: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(hits[0]["id"], "2023-09-19-karabakh-offensive");
    assert!(
        hits[0]["snippet"].as_str().unwrap().contains("[Lachin"),
        "{hits}"
    );
}

#[test]
fn a_damaged_index_database_is_rebuilt_with_a_message() {
    let dir = duplicated();
    let d = dir.path();
    std::fs::create_dir_all(d.join("cache/brief")).unwrap();
    std::fs::write(d.join("cache/brief/index.sqlite"), "garbage, not SQLite").unwrap();
    let list = run(d, &["list", "lib"]);
    assert!(
        text(&list.stderr).contains("index.sqlite could not be read"),
        "{}",
        text(&list.stderr)
    );
    assert!(text(&list.stderr).contains("it was rebuilt"));
    assert_eq!(text(&list.stdout).lines().count(), 2);
    // Rebuilt: no message the second time.
    let again = run(d, &["list", "lib"]);
    assert!(!text(&again.stderr).contains("rebuilt"));
}

#[test]
fn show_reads_a_file_as_every_command_does_the_built_in_briefings_included() {
    let dir = tempfile::tempdir().unwrap();
    // A built-in briefing by the name `brief list` gives it, where no
    // library folder is: the text and its source text come from brief.
    let out = run(
        dir.path(),
        &["show", "(built in)/2023-09-19-karabakh-offensive.toml"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("Nagorno-Karabakh"),
        "{}",
        text(&out.stdout)
    );
    // A file is read with its folder as its library.
    std::fs::write(dir.path().join("b1.toml"), briefing("b1", "2024-01-01")).unwrap();
    let out = run(dir.path(), &["show", "b1.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Briefing b1"));
    // A missing file is an error naming it, exit 2.
    let out = run(dir.path(), &["show", "nothing.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("nothing.toml"));
}
