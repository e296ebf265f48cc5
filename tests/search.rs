//! `brief search` as a person meets it through the binary, over an index
//! already written (a warm index, where the search checks the files with a
//! quick look instead of the full scan): every change on disk since the
//! index was written is found, the duplicate-id policy holds, the count of
//! hits beyond the limit is honest; and the quick look agrees with the scan
//! on what is current.

use std::path::Path;
use std::process::{Command, Output};

use assert_cmd::cargo::CommandCargoExt;

mod common;
use common::nobody::as_nobody;

use brief::library::db::Db;
use brief::library::{fresh, scan};

fn briefing(id: &str, headline: &str) -> String {
    format!(
        "format = 1\nid = \"{id}\"\ntitle = \"Briefing {id}\"\ndate = \"2024-01-01\"\n[summary]\nheadline = \"{headline}\"\n"
    )
}

/// A briefing whose one source's text is the file `texts/{id}.txt`.
fn with_text(id: &str) -> String {
    format!(
        "{}\n[[sources]]\nid = \"s\"\ntitle = \"A source\"\ntext_file = \"texts/{id}.txt\"\n",
        briefing(id, "Something with a source.")
    )
}

/// brief with its own cache, state and config folders under `home`.
fn run(home: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("brief")
        .unwrap()
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env_remove("BRIEF_STATE")
        .current_dir(home)
        .args(args)
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The paths `brief search WORD lib` prints, and its exit code.
fn found(home: &Path, word: &str) -> (Vec<String>, Option<i32>) {
    let out = run(home, &["search", "--format", "json", word, "lib"]);
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", text(&out.stderr)));
    let paths = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["path"].as_str().unwrap().to_owned())
        .collect();
    (paths, out.status.code())
}

fn write(path: &Path, s: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, s).unwrap();
}

#[test]
fn every_change_on_disk_since_the_index_was_written_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lib = d.join("lib");
    write(&lib.join("a.toml"), &briefing("a", "Alpha happened."));
    write(&lib.join("sub/b.toml"), &briefing("b", "Bravo happened."));
    write(&lib.join("c.toml"), &with_text("c"));
    write(&lib.join("texts/c.txt"), "The source speaks of kilo.");
    // The index written, then searched warm: the same answer.
    for _ in 0..2 {
        assert_eq!(found(d, "alpha"), (vec!["lib/a.toml".into()], Some(0)));
    }
    assert_eq!(found(d, "kilo"), (vec!["lib/c.toml".into()], Some(0)));

    // Changed in place (its folder untouched).
    write(&lib.join("a.toml"), &briefing("a", "Zulu took its place."));
    assert_eq!(found(d, "zulu"), (vec!["lib/a.toml".into()], Some(0)));
    assert_eq!(found(d, "alpha"), (vec![], Some(1)));

    // Added, in a new folder.
    write(&lib.join("new/d.toml"), &briefing("d", "Delta happened."));
    assert_eq!(found(d, "delta"), (vec!["lib/new/d.toml".into()], Some(0)));

    // Removed.
    std::fs::remove_file(lib.join("sub/b.toml")).unwrap();
    assert_eq!(found(d, "bravo"), (vec![], Some(1)));

    // Renamed.
    std::fs::rename(lib.join("new/d.toml"), lib.join("e.toml")).unwrap();
    assert_eq!(found(d, "delta"), (vec!["lib/e.toml".into()], Some(0)));

    // A source text changed behind an unchanged briefing.
    write(&lib.join("texts/c.txt"), "The source now speaks of quebec.");
    assert_eq!(found(d, "quebec"), (vec!["lib/c.toml".into()], Some(0)));
    assert_eq!(found(d, "kilo"), (vec![], Some(1)));

    // What is not the library's changes nothing, and is not searched.
    write(
        &lib.join(".hidden/f.toml"),
        &briefing("f", "Foxtrot happened."),
    );
    write(&lib.join("notes.txt"), "foxtrot");
    assert_eq!(found(d, "foxtrot"), (vec![], Some(1)));
    let (all, code) = found(d, "happened");
    assert_eq!(all, vec!["lib/e.toml".to_owned()], "{all:?}");
    assert_eq!(code, Some(0));
}

#[test]
fn one_row_per_id_and_an_honest_count_beyond_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lib = d.join("lib");
    write(&lib.join("b1.toml"), &briefing("b1", "Something happened."));
    write(&lib.join("b2.toml"), &briefing("b2", "Something happened."));
    write(
        &lib.join("z/dup.toml"),
        &briefing("b1", "Something happened."),
    );
    for _ in 0..2 {
        let (paths, code) = found(d, "happened");
        assert_eq!(code, Some(0));
        assert_eq!(paths, vec!["lib/b1.toml", "lib/b2.toml"], "{paths:?}");

        let one = run(d, &["search", "--limit", "1", "happened", "lib"]);
        assert_eq!(one.status.code(), Some(0));
        assert_eq!(text(&one.stdout).lines().count(), 2, "one hit, its passage");
        let err = text(&one.stderr);
        assert!(
            err.contains("the best 1 of 2 matching briefings; --limit 2 shows them all"),
            "the second file of b1 is not counted: {err}"
        );

        let all = run(d, &["search", "happened", "lib"]);
        assert!(
            !text(&all.stderr).contains("the best"),
            "{}",
            text(&all.stderr)
        );

        let none = run(d, &["search", "--limit", "0", "happened", "lib"]);
        assert_eq!(none.status.code(), Some(1));
        assert!(none.stdout.is_empty());
        assert!(
            text(&none.stderr).contains("2 matching briefings, none shown with --limit 0"),
            "{}",
            text(&none.stderr)
        );
    }
    // The first by path goes: the other file is listed, and found.
    std::fs::remove_file(lib.join("b1.toml")).unwrap();
    let (paths, _) = found(d, "happened");
    assert_eq!(paths, vec!["lib/b2.toml", "lib/z/dup.toml"], "{paths:?}");
}

#[test]
fn json_keeps_its_fields_and_a_broken_file_or_a_bad_query_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lib = d.join("lib");
    write(&lib.join("a.toml"), &briefing("a", "Alpha happened."));
    write(
        &lib.join("broken.toml"),
        "format = 1\nid = \"broken\"\ntitle = \"alpha",
    );
    for _ in 0..2 {
        let out = run(d, &["search", "--format", "json", "alpha", "lib"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        // The fields, in their order, as scripts read them.
        let raw = text(&out.stdout);
        assert!(
            raw.starts_with(
                "[\n  {\n    \"id\": \"a\",\n    \"title\": \"Briefing a\",\n    \"path\": \"lib/a.toml\",\n    \"snippet\": \"[Alpha] happened.\\n\",\n    \"score\": -"
            ),
            "{raw}"
        );
        assert!(raw.ends_with("\n  }\n]\n"), "one hit: {raw}");

        let bad = run(d, &["search", "\"unclosed", "lib"]);
        assert_eq!(bad.status.code(), Some(2));
        assert!(text(&bad.stderr).contains("is not a search brief understands"));
    }
}

#[test]
fn two_libraries_are_searched_as_one_best_first() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        &d.join("one/a.toml"),
        &briefing("a", "Lima, lima and lima."),
    );
    write(
        &d.join("two/b.toml"),
        &briefing("b", "Lima once, among many other words here."),
    );
    for _ in 0..3 {
        let out = run(d, &["search", "--format", "json", "lima", "two", "one"]);
        let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let paths: Vec<&str> = hits
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["path"].as_str().unwrap())
            .collect();
        assert_eq!(paths, ["one/a.toml", "two/b.toml"]);
    }
}

#[test]
fn where_the_quick_look_does_not_judge_the_full_scan_finds_the_change() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lib = d.join("lib");
    write(&lib.join("a.toml"), &briefing("a", "Alpha happened."));
    write(&lib.join("sub/b.toml"), &briefing("b", "Bravo happened."));
    let search = |word: &str| {
        let out = run(d, &["search", word, "lib", "lib/sub"]);
        (text(&out.stdout), out.status.code())
    };
    assert_eq!(search("bravo").1, Some(0));
    write(
        &lib.join("sub/b.toml"),
        &briefing("b", "Charlie took its place."),
    );
    let (out, code) = search("charlie");
    assert_eq!(code, Some(0));
    assert_eq!(out.lines().count(), 2, "found once: {out}");
    assert_eq!(search("bravo").1, Some(1));
}

#[test]
fn a_new_index_of_many_files_is_written_by_the_full_scan_and_searched() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lib = d.join("lib");
    for i in 0..300 {
        write(
            &lib.join(format!("{}/{i}.toml", i % 7)),
            &briefing(&format!("b{i}"), &format!("Number n{i} happened.")),
        );
    }
    let out = run(d, &["search", "--limit", "1000", "happened", "lib"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).lines().count(), 600, "every file, once");
    assert_eq!(found(d, "n299"), (vec!["lib/5/299.toml".into()], Some(0)));
    write(
        &lib.join("5/299.toml"),
        &briefing("b299", "Now it says n1000."),
    );
    assert_eq!(found(d, "n1000"), (vec!["lib/5/299.toml".into()], Some(0)));
}

/// The quick look says "current" exactly when the scan would change
/// nothing in the index.
#[test]
fn the_quick_look_agrees_with_the_scan() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    write(&lib.join("a.toml"), &briefing("a", "Alpha."));
    write(&lib.join("sub/b.toml"), &briefing("b", "Bravo."));
    write(&lib.join("c.toml"), &with_text("c"));
    write(&lib.join("texts/c.txt"), "Kilo.");
    let roots = vec![lib.clone()];
    let mut db = Db::memory();
    let current = |db: &Db| {
        let disk = fresh::look(&roots).expect("a plain folder is judged");
        fresh::current(&roots, &disk, &db.rows(&roots).unwrap())
    };
    let changes = |db: &Db| {
        let disk = fresh::look(&roots).unwrap();
        let mut c = fresh::changes(&roots, &disk, &db.rows(&roots).unwrap());
        c.pop().unwrap()
    };
    assert!(!current(&db), "an empty index is not current");
    scan::scan(&roots, &mut db, scan::Report::Changes, |_| {});
    assert!(current(&db));

    // What differs, named as the scan names the files.
    write(&lib.join("a.toml"), &briefing("a", "Alpha, changed."));
    write(&lib.join("texts/c.txt"), "Kilo, changed.");
    write(&lib.join("sub/new.toml"), &briefing("new", "New."));
    std::fs::remove_file(lib.join("sub/b.toml")).unwrap();
    let c = changes(&db);
    assert_eq!(
        c.read,
        [
            lib.join("a.toml"),
            lib.join("c.toml"),
            lib.join("sub/new.toml")
        ]
    );
    assert_eq!(c.gone, [lib.join("sub/b.toml")]);
    scan::scan(&roots, &mut db, scan::Report::Changes, |_| {});
    assert_eq!(changes(&db), fresh::Changes::default());

    type Change = Box<dyn Fn(&Path)>;
    let changes: Vec<(&str, Change)> = vec![
        (
            "changed",
            Box::new(|l| write(&l.join("a.toml"), &briefing("a", "Alpha, longer."))),
        ),
        (
            "added",
            Box::new(|l| write(&l.join("sub/d.toml"), &briefing("d", "Delta."))),
        ),
        (
            "removed",
            Box::new(|l| std::fs::remove_file(l.join("sub/new.toml")).unwrap()),
        ),
        (
            "its text changed",
            Box::new(|l| write(&l.join("texts/c.txt"), "Kilo, longer.")),
        ),
        (
            "broken",
            Box::new(|l| write(&l.join("e.toml"), "not a briefing [")),
        ),
    ];
    for (what, change) in changes {
        change(&lib);
        assert!(!current(&db), "{what}: not current");
        scan::scan(&roots, &mut db, scan::Report::Changes, |_| {});
        if what == "broken" {
            // A file with errors has no row: the index is never current
            // while it is there, and the full scan reports it every time.
            assert!(!current(&db));
            std::fs::remove_file(lib.join("e.toml")).unwrap();
            scan::scan(&roots, &mut db, scan::Report::Changes, |_| {});
        }
        assert!(current(&db), "{what}: current after the scan");
    }
    // Not the library's: still current.
    write(&lib.join(".git/x.toml"), "x");
    write(&lib.join("notes.txt"), "x");
    write(&lib.join("x.schema.json"), "{}");
    assert!(current(&db));
}

/// The lines of stderr that name a place (`path: error: why`).
fn named(stderr: &[u8]) -> Vec<String> {
    text(stderr)
        .lines()
        .filter(|l| l.starts_with("lib/"))
        .map(str::to_owned)
        .collect()
}

/// Nothing hidden: a FIFO, a device node, a link leading out of the library
/// and a folder that cannot be listed, each with a briefing's name, are
/// named on stderr with their cause as `brief list` names them, the hits
/// are still printed, and the exit status is 2 (a place could not be read)
/// — cold, warm, and warm again (the index's manifest in use).
#[test]
fn places_that_cannot_be_read_are_named_and_the_hits_still_printed() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lib = d.join("lib");
    write(&lib.join("good.toml"), &briefing("good", "Alpha happened."));
    write(
        &lib.join("sub/other.toml"),
        &briefing("other", "Alpha again."),
    );
    write(
        &lib.join("shut.toml/in.toml"),
        &briefing("in", "Alpha inside."),
    );
    write(&d.join("outside.toml"), &briefing("out", "Alpha outside."));
    std::os::unix::fs::symlink(d.join("outside.toml"), lib.join("out.toml")).unwrap();
    let c = |p: &Path| std::ffi::CString::new(p.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: valid paths.
    assert_eq!(
        unsafe { libc::mkfifo(c(&lib.join("fifo.toml")).as_ptr(), 0o644) },
        0
    );
    // A device node needs root; as another user the test goes on without.
    let device = unsafe {
        libc::mknod(
            c(&lib.join("dev.toml")).as_ptr(),
            libc::S_IFCHR | 0o644,
            libc::makedev(1, 3),
        )
    } == 0;
    if !device {
        println!("no device node: only root can make one");
    }
    let mode =
        |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    for p in [d, &lib, &lib.join("sub")] {
        mode(p, 0o755);
    }
    mode(&lib.join("shut.toml"), 0o000);

    let Some(list) = as_nobody(d, &["list", "lib"]) else {
        mode(&lib.join("shut.toml"), 0o755);
        return;
    };
    if text(&list.stdout).contains("Briefing in") {
        mode(&lib.join("shut.toml"), 0o755);
        println!("skipped: this user can list a folder of mode 000");
        return;
    }
    assert_eq!(list.status.code(), Some(2), "{}", text(&list.stderr));
    let mut expected = vec![
        "lib/fifo.toml: error: not a regular file; it was not read".to_owned(),
        "lib/out.toml: error: is a link to a file outside the library; it was not read".to_owned(),
        "lib/shut.toml: error: cannot list this folder: Permission denied (os error 13)".to_owned(),
    ];
    if device {
        expected.insert(
            0,
            "lib/dev.toml: error: not a regular file; it was not read".to_owned(),
        );
    }
    assert_eq!(named(&list.stderr), expected, "brief list names each place");
    for run in ["cold", "warm", "warm again"] {
        let out = as_nobody(d, &["search", "alpha", "lib"]).unwrap();
        let stdout = text(&out.stdout);
        assert!(
            stdout.contains("good\tBriefing good\tlib/good.toml\n"),
            "{run}: {stdout}"
        );
        assert!(
            stdout.contains("other\tBriefing other\tlib/sub/other.toml\n"),
            "{run}: {stdout}"
        );
        assert!(
            !stdout.contains("outside") && !stdout.contains("inside"),
            "{run}: {stdout}"
        );
        assert_eq!(
            named(&out.stderr),
            expected,
            "{run}: as brief list names them"
        );
        assert_eq!(
            out.status.code(),
            Some(2),
            "{run}: a place could not be read"
        );
        // The same in JSON: stdout is the hits alone.
        let json = as_nobody(d, &["search", "--format", "json", "alpha", "lib"]).unwrap();
        let hits: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
        assert_eq!(hits.as_array().unwrap().len(), 2, "{run}");
        assert_eq!(named(&json.stderr), expected, "{run}");
        assert_eq!(json.status.code(), Some(2), "{run}");
    }
    // Nothing readable matches: still the places, still 2 (not 1).
    let none = as_nobody(d, &["search", "zulu", "lib"]).unwrap();
    assert_eq!(named(&none.stderr), expected);
    assert_eq!(none.status.code(), Some(2));
    // Without the FIFO and the device every file found has its row: the
    // search keeps a manifest of them, then answers from it, and still
    // names the folder and the link.
    std::fs::remove_file(lib.join("fifo.toml")).unwrap();
    let _ = std::fs::remove_file(lib.join("dev.toml"));
    let expected = &expected[expected.len() - 2..];
    for run in ["the manifest kept", "the manifest read"] {
        let out = as_nobody(d, &["search", "alpha", "lib"]).unwrap();
        assert_eq!(text(&out.stdout).lines().count(), 4, "{run}: two hits");
        assert_eq!(named(&out.stderr), expected, "{run}");
        assert_eq!(out.status.code(), Some(2), "{run}");
    }
    let kept: i64 = rusqlite::Connection::open(d.join("cache/brief/index.sqlite"))
        .unwrap()
        .query_row("SELECT count(*) FROM manifest", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, 1);
    mode(&lib.join("shut.toml"), 0o755);
}

/// A file that does not load and a duplicated id are named too (their
/// text is not searched, or not shown), as `brief list` names them, but
/// they are not places that could not be read: the status says what the
/// hits say.
#[test]
fn a_broken_file_and_a_duplicated_id_are_named_without_failing_the_search() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lib = d.join("lib");
    write(&lib.join("a.toml"), &briefing("a", "Alpha happened."));
    write(&lib.join("b.toml"), &briefing("b", "Alpha again."));
    write(&lib.join("z/b.toml"), &briefing("b", "Alpha hidden."));
    write(
        &lib.join("broken.toml"),
        "format = 1\nid = \"broken\"\ntitle = \"alpha",
    );
    let list = run(d, &["list", "lib"]);
    let listed = named(&list.stderr);
    assert_eq!(listed.len(), 3, "{listed:?}");
    for _ in 0..3 {
        let out = run(d, &["search", "alpha", "lib"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let err = named(&out.stderr);
        assert!(
            err[0].starts_with("lib/b.toml: error: id: duplicate briefing id \"b\""),
            "{err:?}"
        );
        assert!(
            err[1].starts_with("lib/broken.toml:3:15: error:"),
            "{err:?}"
        );
        assert!(
            err[2].starts_with("lib/z/b.toml: error: id: duplicate briefing id \"b\""),
            "{err:?}"
        );
        assert_eq!(err, listed, "one line each, as brief list says them");
    }
    // Without the broken file the index is the disk: the next search keeps
    // a manifest, the one after answers from it, the duplicate still named.
    std::fs::remove_file(lib.join("broken.toml")).unwrap();
    for _ in 0..3 {
        let out = run(d, &["search", "alpha", "lib"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert_eq!(text(&out.stdout).lines().count(), 4, "a and b, not z/b");
        let err = named(&out.stderr);
        assert_eq!(err, [listed[0].clone(), listed[2].clone()]);
    }
    let kept: i64 = rusqlite::Connection::open(d.join("cache/brief/index.sqlite"))
        .unwrap()
        .query_row("SELECT count(*) FROM manifest", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, 1, "the last searches answered from the manifest");
}

/// More than ten places: ten named, then one line for the rest.
#[test]
fn many_places_are_ten_named_and_the_rest_counted() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lib = d.join("lib");
    write(&lib.join("a.toml"), &briefing("a", "Alpha happened."));
    for i in 0..12 {
        write(&lib.join(format!("broken{i:02}.toml")), "not a briefing [");
    }
    let out = run(d, &["search", "alpha", "lib"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(named(&out.stderr).len(), 10, "{}", text(&out.stderr));
    assert!(
        text(&out.stderr)
            .contains("brief: 2 more places could not be searched; brief check names them all"),
        "{}",
        text(&out.stderr)
    );
}

/// The manifest a warm search keeps is dropped by any change to the rows
/// (here another version of brief emptying the index, then one making it
/// again from an older layout): a search never answers from rows that are
/// no more.
#[test]
fn the_kept_manifest_never_outlives_the_rows_it_describes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lib = d.join("lib");
    write(&lib.join("a.toml"), &briefing("a", "Alpha happened."));
    write(&lib.join("sub/b.toml"), &briefing("b", "Bravo happened."));
    let db = d.join("cache/brief/index.sqlite");
    let sql = |s: &str| {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(s).unwrap();
    };
    let kept = || -> i64 {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.query_row("SELECT count(*) FROM manifest", [], |r| r.get(0))
            .unwrap_or(0)
    };
    for _ in 0..2 {
        assert_eq!(found(d, "alpha"), (vec!["lib/a.toml".into()], Some(0)));
    }
    assert_eq!(kept(), 1, "a search that found the index current keeps one");
    // Another version of brief: its rows are not reused (emptied).
    sql("UPDATE meta SET value = 'another' WHERE key = 'brief'");
    assert_eq!(kept(), 1);
    assert_eq!(found(d, "bravo"), (vec!["lib/sub/b.toml".into()], Some(0)));
    for _ in 0..2 {
        assert_eq!(found(d, "alpha"), (vec!["lib/a.toml".into()], Some(0)));
    }
    assert_eq!(kept(), 1);
    // An older layout: its tables (and the triggers with them) dropped and
    // made again; the manifest left behind is not trusted.
    sql("PRAGMA user_version = 3");
    assert_eq!(found(d, "bravo"), (vec!["lib/sub/b.toml".into()], Some(0)));
    assert_eq!(found(d, "alpha"), (vec!["lib/a.toml".into()], Some(0)));
    // `brief list` rewriting a row drops the manifest of its root.
    assert!(kept() >= 1);
    write(
        &lib.join("a.toml"),
        &briefing("a", "Charlie took its place."),
    );
    assert_eq!(run(d, &["list", "lib"]).status.code(), Some(0));
    assert_eq!(kept(), 0);
    assert_eq!(found(d, "charlie"), (vec!["lib/a.toml".into()], Some(0)));
}

/// 1,500 nested folders (the look went down them by recursion and
/// overflowed its stack: exit 134) and one briefing at the top and one at
/// the bottom: both found, cold and warm.
#[test]
fn a_library_nested_1500_folders_deep_is_searched_not_crashed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lib = d.join("lib");
    write(
        &lib.join("top.toml"),
        &briefing("top", "Lachin at the top."),
    );
    let mut deep = lib.clone();
    for _ in 0..1500 {
        deep.push("a");
    }
    write(
        &deep.join("bottom.toml"),
        &briefing("bottom", "Lachin at the bottom."),
    );
    for _ in 0..2 {
        let out = run(d, &["search", "lachin", "lib"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let hits = text(&out.stdout);
        assert!(hits.contains("lib/top.toml"), "{hits}");
        assert!(hits.contains("/a/bottom.toml"), "{hits}");
    }
}

/// Hostile text comes out of `--format json` as `\u` escapes, as in every
/// other command's JSON: C1 controls, bidi overrides, zero-width characters.
#[test]
fn json_escapes_every_control_a_terminal_could_act_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lib = d.join("lib");
    write(
        &lib.join("h.toml"),
        &briefing(
            "h",
            "Lachin \u{9b}31m red \u{9d}0;x\u{9c} \u{202e}desrever\u{2066} zero\u{200b}width",
        ),
    );
    let out = run(d, &["search", "--format", "json", "lachin", "lib"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json = text(&out.stdout);
    for raw in [
        '\u{9b}', '\u{9d}', '\u{9c}', '\u{202e}', '\u{2066}', '\u{200b}',
    ] {
        assert!(!json.contains(raw), "raw {raw:?} in {json}");
    }
    assert!(json.contains("\\u009b"), "{json}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v[0]["id"], "h");
}

/// A word 20,000 times in one briefing's source text: snippet() went
/// through every match once per match (seconds; 43 s at 63,000); the passage is chosen in one
/// pass and is the first twelve words (a sentence's start counts extra),
/// as snippet() would choose it.
#[test]
fn a_word_in_one_briefing_twenty_thousand_times_is_found_with_its_passage() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lib = d.join("lib");
    write(&lib.join("w.toml"), &with_text("w"));
    write(
        &lib.join("texts/w.txt"),
        &"the word and a rest ".repeat(20_000),
    );
    let out = run(d, &["search", "rest", "lib"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let hits = text(&out.stdout);
    assert!(
        hits.contains("A source the word and a [rest] the word and a [rest]…"),
        "{hits}"
    );
}
