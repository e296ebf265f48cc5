//! The library pipeline and its index database: every file found and
//! checked, unchanged files taken from the index, a damaged or foreign
//! database rebuilt, full-text search, and the library kept current while
//! the reader is open.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use brief::library::db::Db;
use brief::library::index::FileIndex;
use brief::library::scan::{Report, scan};
use brief::library::watch::Live;
use brief::tui::Input;
use brief::tui::loader::Loader;

const KARABAKH: &str = include_str!("../briefings/2023-09-19-karabakh-offensive.toml");

/// A small valid briefing with its own id and date.
fn briefing(id: &str, date: &str) -> String {
    format!(
        "format = 1\nid = \"{id}\"\ntitle = \"Briefing {id}\"\ndate = \"{date}\"\n[summary]\nheadline = \"Something happened.\"\n"
    )
}

fn library(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..n {
        let sub = dir.path().join(format!("{}", i % 7));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(
            sub.join(format!("b{i}.toml")),
            briefing(&format!("b{i}"), &format!("20{:02}", 10 + i % 15)),
        )
        .unwrap();
    }
    dir
}

/// Every file reported, and the (done, total) of each report.
type Scanned = (Vec<(PathBuf, FileIndex)>, Vec<(usize, usize)>);

fn scan_all(root: &Path, db: &mut Db) -> Scanned {
    let mut files = Vec::new();
    let mut progress = Vec::new();
    scan(&[root.to_owned()], db, Report::Everything, |b| {
        progress.push((b.done, b.total));
        files.extend(b.files);
    });
    (files, progress)
}

#[test]
fn every_file_is_indexed_with_progress_that_only_grows() {
    let dir = library(1200);
    let (files, progress) = scan_all(dir.path(), &mut Db::memory());
    assert_eq!(files.len(), 1200);
    assert!(
        files
            .iter()
            .all(|(_, f)| f.listing.is_some() && f.diagnostics.is_empty())
    );
    assert_eq!(progress.last(), Some(&(1200, 1200)));
    assert!(
        progress.windows(2).all(|w| w[0].0 < w[1].0),
        "progress only grows"
    );
}

#[test]
fn a_warm_index_gives_the_same_listings_and_notices_a_changed_file() {
    let dir = library(50);
    let db_path = dir.path().join(".cache/index.sqlite");
    let (mut cold, _) = scan_all(dir.path(), &mut Db::open(&db_path));
    assert!(db_path.exists(), "the index is written");
    let (mut warm, _) = scan_all(dir.path(), &mut Db::open(&db_path));
    cold.sort_by(|a, b| a.0.cmp(&b.0));
    warm.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(cold, warm, "the index gives back exactly what parsing gave");

    // Only what changed is reported when asked for changes.
    let changed = dir.path().join("0/b0.toml");
    std::fs::write(
        &changed,
        briefing("b0", "2024").replace("Briefing b0", "Briefing b0, revised"),
    )
    .unwrap();
    let mut changes = Vec::new();
    scan(
        &[dir.path().to_owned()],
        &mut Db::open(&db_path),
        Report::Changes,
        |b| changes.extend(b.files),
    );
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0].0, changed);
    assert_eq!(
        changes[0].1.listing.as_ref().unwrap().title(),
        "Briefing b0, revised"
    );
}

#[test]
fn a_damaged_or_newer_index_is_rebuilt_with_a_message() {
    let dir = library(20);
    let db_path = dir.path().join(".cache/index.sqlite");
    std::fs::create_dir_all(db_path.parent().unwrap()).unwrap();
    for garbage in [&b"not a database at all, just text"[..], &[0u8; 4096][..]] {
        std::fs::write(&db_path, garbage).unwrap();
        let mut db = Db::open(&db_path);
        assert!(
            db.messages.iter().any(|m| m.contains("rebuilt")),
            "{:?}",
            db.messages
        );
        let (files, _) = scan_all(dir.path(), &mut db);
        assert_eq!(files.len(), 20);
        assert!(files.iter().all(|(_, f)| f.listing.is_some()));
    }
    // Made by a newer brief: not trusted either.
    drop(Db::open(&db_path));
    rusqlite_user_version(&db_path, 99);
    let db = Db::open(&db_path);
    assert!(
        db.messages.iter().any(|m| m.contains("newer brief")),
        "{:?}",
        db.messages
    );
}

/// Sets the schema version of the database at `path` as a newer brief would.
fn rusqlite_user_version(path: &Path, v: i64) {
    let status = std::process::Command::new("sqlite3")
        .arg(path)
        .arg(format!("PRAGMA user_version = {v};"))
        .status();
    if !status.is_ok_and(|s| s.success()) {
        // No sqlite3 command: write the header field by hand (offset 60, big-endian).
        use std::io::{Seek, SeekFrom, Write};
        let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
        f.seek(SeekFrom::Start(60)).unwrap();
        f.write_all(&(v as u32).to_be_bytes()).unwrap();
    }
}

#[test]
fn an_index_that_is_not_a_regular_file_is_refused_without_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("index.sqlite");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let db = Db::open(&fifo);
    assert!(
        db.messages[0].contains("not a regular file"),
        "{:?}",
        db.messages
    );
    let link = dir.path().join("link.sqlite");
    std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
    let db = Db::open(&link);
    assert!(
        db.messages[0].contains("not a regular file"),
        "{:?}",
        db.messages
    );
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "left as it was"
    );
}

#[test]
fn files_with_problems_are_read_every_time_so_their_messages_stay_current() {
    let dir = library(3);
    std::fs::write(dir.path().join("bad.toml"), "format = 1\nid = \"bad\"\n").unwrap();
    let db_path = dir.path().join(".cache/index.sqlite");
    scan_all(dir.path(), &mut Db::open(&db_path));
    let (files, _) = scan_all(dir.path(), &mut Db::open(&db_path));
    let bad = files.iter().find(|(p, _)| p.ends_with("bad.toml")).unwrap();
    assert!(bad.1.listing.is_none() && !bad.1.diagnostics.is_empty());
}

#[test]
fn a_changed_source_text_reindexes_its_briefing() {
    let dir = tempfile::tempdir().unwrap();
    copy_karabakh(dir.path());
    let db_path = dir.path().join(".cache/index.sqlite");
    let mut db = Db::open(&db_path);
    scan_all(dir.path(), &mut db);
    let source = dir
        .path()
        .join("sources/2023-09-19-karabakh-offensive.fr.txt");
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(
        &source,
        format!("{text}\nUn paragraphe ajouté sur Zanguelan.\n"),
    )
    .unwrap();
    let mut changes = Vec::new();
    scan(&[dir.path().to_owned()], &mut db, Report::Changes, |b| {
        changes.extend(b.files)
    });
    assert_eq!(changes.len(), 1, "the briefing behind it: {changes:?}");
    let hits = db.search(dir.path(), "zanguelan", 10).unwrap();
    assert_eq!(hits.len(), 1, "the new text is searched");
}

fn copy_karabakh(dir: &Path) {
    std::fs::create_dir_all(dir.join("sources")).unwrap();
    std::fs::write(dir.join("karabakh.toml"), KARABAKH).unwrap();
    std::fs::copy(
        "briefings/sources/2023-09-19-karabakh-offensive.fr.txt",
        dir.join("sources/2023-09-19-karabakh-offensive.fr.txt"),
    )
    .unwrap();
}

#[test]
fn search_folds_accents_ranks_titles_first_and_gives_snippets() {
    let dir = tempfile::tempdir().unwrap();
    copy_karabakh(dir.path());
    // The word in a title ranks above the same word deep in a text.
    std::fs::write(
        dir.path().join("title.toml"),
        briefing("t", "2024").replace("Briefing t", "Lachin corridor talks"),
    )
    .unwrap();
    let mut db = Db::memory();
    scan_all(dir.path(), &mut db);
    let hits = db.search(dir.path(), "azerbaidjan", 10).unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert!(
        hits[0].snippet.to_lowercase().contains("[azerbaïdjan"),
        "{hits:?}"
    );
    let hits = db.search(dir.path(), "lachin", 10).unwrap();
    assert_eq!(hits.len(), 2, "{hits:?}");
    assert_eq!(hits[0].id, "t", "the title first: {hits:?}");
    assert!(db.search(dir.path(), "lachin OR latchine", 10).is_ok());
    assert!(db.search(dir.path(), "\"unclosed", 10).is_err());
    assert!(db.search(dir.path(), "AND", 10).is_err());
    assert!(
        db.search(dir.path(), "nosuchwordanywhere", 10)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_schema_kept_beside_the_briefings_is_not_a_briefing() {
    let dir = library(2);
    std::fs::write(
        dir.path().join("format-1.schema.json"),
        "{\"type\": \"object\"}",
    )
    .unwrap();
    let (files, _) = scan_all(dir.path(), &mut Db::memory());
    assert_eq!(files.len(), 2, "{files:?}");
}

#[test]
fn an_empty_library_says_so_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let (files, progress) = scan_all(dir.path(), &mut Db::memory());
    assert!(files.is_empty());
    assert_eq!(progress, vec![(0, 0)], "one empty report ends the loading");
}

#[test]
fn duplicate_ids_one_row_the_first_by_path_every_file_an_error() {
    let dir = library(3);
    std::fs::write(dir.path().join("0/z.toml"), briefing("b0", "2020")).unwrap();
    std::fs::write(dir.path().join("0/a.toml"), briefing("b0", "2021")).unwrap();
    let lib = brief::library::list(&[dir.path().to_owned()], &mut Db::memory());
    let rows: Vec<_> = lib.listings.iter().filter(|l| l.id() == "b0").collect();
    assert_eq!(rows.len(), 1);
    assert!(rows[0].path.ends_with("0/a.toml") && rows[0].duplicate);
    let errors: Vec<_> = lib
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("duplicate briefing id"))
        .map(|d| d.file.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(errors, ["a.toml", "b0.toml", "z.toml"]);
    // The full load agrees.
    let full = brief::library::load(&[dir.path().to_owned()]);
    assert_eq!(full.entries.len(), lib.listings.len());
    assert_eq!(full.diagnostics, lib.diagnostics);
}

/// A warm session: its whole list from the index (duplicates marked as a
/// full read marks them), sent before the library is watched, each row
/// carrying the warnings the index kept; what changes between that list and the check
/// (a title, a new file taking a listed id) arrives with the check, and
/// the catalog built after the list knows every file.
#[test]
fn a_warm_list_marks_duplicates_and_the_check_catches_changes_made_after_it() {
    let dir = library(30);
    let root = dir.path().to_owned();
    std::fs::write(root.join("0/a.toml"), briefing("b0", "2021")).unwrap();
    let warned =
        std::fs::read_to_string("tests/fixtures/warnings/timeline-without-source.toml").unwrap();
    std::fs::write(root.join("w.toml"), &warned).unwrap();
    let db_path = root.join(".cache/index.sqlite");
    let full = brief::library::list(std::slice::from_ref(&root), &mut Db::open(&db_path));
    let (mut live, _) = Live::open(vec![root.clone()], Db::open(&db_path));
    let mut batches = Vec::new();
    assert!(live.list(&mut |b| {
        batches.push(b);
        true
    }));
    assert_eq!(
        batches.len(),
        1,
        "the whole list, its warnings with it: none arrive later"
    );
    assert_eq!((batches[0].done, batches[0].total), (32, 32));
    let mut told: Vec<_> = batches
        .iter()
        .flat_map(|b| {
            b.files.iter().flat_map(|(_, f)| {
                f.diagnostics
                    .iter()
                    .cloned()
                    .chain(f.listing.iter().flat_map(|l| l.warnings()))
            })
        })
        .collect();
    brief::library::sort_by_file(std::slice::from_ref(&root), &mut told);
    assert!(
        told.iter()
            .any(|d| d.file.ends_with("w.toml") && !d.is_error())
    );
    assert_eq!(
        told, full.diagnostics,
        "every warning and error, as `brief list` has them"
    );
    let mut listed: Vec<_> = batches[0]
        .files
        .iter()
        .filter_map(|(_, f)| f.listing.clone())
        .collect();
    brief::library::index::sort_newest_first(&mut listed);
    assert_eq!(listed, full.listings, "as `brief list` lists them");
    let mut errors: Vec<_> = batches[0]
        .files
        .iter()
        .flat_map(|(_, f)| f.diagnostics.iter())
        .map(|d| d.file.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    errors.sort();
    assert_eq!(
        errors,
        ["a.toml", "b0.toml"],
        "both files of b0 told, in the list"
    );

    // After the list, before the check: a title changes and a new file
    // takes the id of a listed one (first by path, so it takes the row).
    let b5 = root.join("5/b5.toml");
    std::fs::write(
        &b5,
        briefing("b5", "2015").replace("Briefing b5", "Renamed"),
    )
    .unwrap();
    std::fs::write(root.join("3/a.toml"), briefing("b3", "2020")).unwrap();
    let mut changed = Vec::new();
    live.refresh(&mut |b| {
        changed.extend(b.files);
        true
    });
    let of = |name: &str| {
        changed
            .iter()
            .rev()
            .find(|(p, _)| p.ends_with(name))
            .map(|(_, f)| f.clone())
            .unwrap_or_else(|| panic!("{name} not in {changed:?}"))
    };
    assert_eq!(of("5/b5.toml").listing.unwrap().title(), "Renamed");
    let new = of("3/a.toml");
    assert!(new.listing.as_ref().is_some_and(|l| l.duplicate));
    assert_eq!(new.diagnostics.len(), 1);
    let old = of("3/b3.toml");
    assert!(old.listing.is_none(), "the first by path is listed");
    assert!(old.diagnostics[0].message.contains("duplicate briefing id"));
}

/// Waits for an indexed batch that mentions `name`, up to a generous limit.
fn wait_for(
    rx: &mpsc::Receiver<Input>,
    name: &str,
    what: impl Fn(&FileIndex) -> bool,
) -> FileIndex {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Ok(Input::Indexed(batch)) = rx.recv_timeout(Duration::from_millis(100)) {
            for (path, idx) in batch.files {
                if path.ends_with(name) && what(&idx) {
                    return idx;
                }
            }
        }
    }
    panic!("no batch for {name} arrived");
}

/// A reader's library on `root`, once its first check of `files` files is
/// done (the list from the files' heads, then the full read).
fn watching(root: &Path, files: usize) -> mpsc::Receiver<Input> {
    let (tx, rx) = mpsc::channel();
    let (live, listed) = Live::open(vec![root.to_owned()], Db::memory());
    assert!(listed.listings.is_empty(), "nothing indexed yet");
    let checked = Loader {
        live,
        checked: false,
    }
    .spawn(tx);
    checked
        .recv_timeout(Duration::from_secs(20))
        .expect("the first check finished");
    let mut listed = std::collections::HashSet::new();
    while let Ok(Input::Indexed(b)) = rx.try_recv() {
        for (p, idx) in b.files {
            if idx.listing.is_some() {
                listed.insert(p);
            }
        }
    }
    assert_eq!(listed.len(), files, "{listed:?}");
    rx
}

#[test]
fn files_added_changed_half_written_and_removed_are_picked_up_live() {
    let dir = library(5);
    let rx = watching(dir.path(), 5);
    let new = dir.path().join("new.toml");
    // Half a file first: a load error, never a crash.
    std::fs::write(&new, &KARABAKH[..KARABAKH.len() / 3]).unwrap();
    let half = wait_for(&rx, "new.toml", |i| i.listing.is_none());
    assert!(half.diagnostics.iter().any(|d| d.is_error()));
    // Then complete: picked up.
    std::fs::write(&new, briefing("new-one", "2025-01-02")).unwrap();
    let done = wait_for(&rx, "new.toml", |i| i.listing.is_some());
    assert_eq!(done.listing.unwrap().id(), "new-one");
    // Removed: reported as gone.
    std::fs::remove_file(&new).unwrap();
    wait_for(&rx, "new.toml", |i| {
        i.listing.is_none() && i.diagnostics.is_empty()
    });
}

#[test]
fn a_new_file_appears_while_another_is_written_without_pause() {
    let dir = library(3);
    let rx = watching(dir.path(), 3);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let busy = {
        let stop = stop.clone();
        let notes = dir.path().join("notes.txt");
        std::thread::spawn(move || {
            let mut i = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                std::fs::write(&notes, format!("{i}")).unwrap();
                i += 1;
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };
    std::thread::sleep(Duration::from_millis(200));
    std::fs::write(dir.path().join("fresh.toml"), briefing("fresh", "2025")).unwrap();
    let got = wait_for(&rx, "fresh.toml", |i| i.listing.is_some());
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    busy.join().unwrap();
    assert_eq!(got.listing.unwrap().id(), "fresh");
}

#[test]
fn a_new_folder_full_of_files_is_read_whole() {
    let dir = library(1);
    let rx = watching(dir.path(), 1);
    // Files written into a folder as fast as it is made: none is missed.
    let mut expected = std::collections::HashSet::new();
    for f in 0..5 {
        let sub = dir.path().join(format!("new{f}"));
        std::fs::create_dir(&sub).unwrap();
        for i in 0..20 {
            let name = format!("n{f}-{i}.toml");
            std::fs::write(sub.join(&name), briefing(&format!("n{f}-{i}"), "2025")).unwrap();
            expected.insert(name);
        }
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    while !expected.is_empty() && Instant::now() < deadline {
        if let Ok(Input::Indexed(b)) = rx.recv_timeout(Duration::from_millis(100)) {
            for (p, idx) in b.files {
                if idx.listing.is_some() {
                    expected.remove(&p.file_name().unwrap().to_string_lossy().into_owned());
                }
            }
        }
    }
    assert!(expected.is_empty(), "never seen: {expected:?}");
}

#[test]
fn a_changed_source_text_is_picked_up_live() {
    let dir = tempfile::tempdir().unwrap();
    copy_karabakh(dir.path());
    let rx = watching(dir.path(), 1);
    let source = dir
        .path()
        .join("sources/2023-09-19-karabakh-offensive.fr.txt");
    let text = std::fs::read_to_string(&source).unwrap();
    // The quotes the briefing makes are cut from the text: it no longer loads.
    std::fs::write(&source, &text[..text.len() / 10]).unwrap();
    wait_for(&rx, "karabakh.toml", |i| i.listing.is_none());
}

#[test]
fn a_removed_library_folder_empties_the_list_and_is_listed_again_when_back() {
    let top = tempfile::tempdir().unwrap();
    let root = top.path().join("lib");
    std::fs::create_dir(&root).unwrap();
    std::fs::write(root.join("a.toml"), briefing("a", "2024")).unwrap();
    let rx = watching(&root, 1);
    std::fs::rename(&root, top.path().join("lib2")).unwrap();
    let gone = wait_for(&rx, "lib", |i| !i.diagnostics.is_empty());
    assert!(
        gone.diagnostics[0].message.contains("removed or renamed"),
        "{gone:?}"
    );
    std::fs::rename(top.path().join("lib2"), &root).unwrap();
    wait_for(&rx, "a.toml", |i| i.listing.is_some());
}

#[test]
fn reading_a_file_is_not_a_change() {
    let dir = library(3);
    let rx = watching(dir.path(), 3);
    // Opening a briefing reads its file; that must not set the loader off
    // again, or every reading would be followed by another.
    let _ = std::fs::read_to_string(dir.path().join("0/b0.toml")).unwrap();
    let _ = brief::briefing::load_file(&dir.path().join("0/b0.toml"), dir.path());
    assert!(
        rx.recv_timeout(Duration::from_millis(800)).is_err(),
        "a read was taken for a change"
    );
}

#[test]
fn a_warm_session_starts_from_the_index_first_rows_then_lists_every_file() {
    let dir = library(300);
    let root = dir.path().to_owned();
    let db_path = dir.path().join(".cache/index.sqlite");
    let full = brief::library::list(std::slice::from_ref(&root), &mut Db::open(&db_path));
    let (mut live, first) = Live::open(vec![root.clone()], Db::open(&db_path));
    let n = brief::library::watch::FIRST_ROWS;
    assert_eq!(first.listings.len(), n);
    let paths = |l: &[brief::library::index::Listing]| -> Vec<PathBuf> {
        l.iter().map(|l| l.path.clone()).collect()
    };
    assert_eq!(
        paths(&first.listings),
        paths(&full.listings[..n]),
        "the first rows in the library's order"
    );
    let mut listed = std::collections::HashSet::new();
    let mut last = (0, 0);
    live.refresh(&mut |b| {
        last = (b.done, b.total);
        listed.extend(
            b.files
                .into_iter()
                .filter(|(_, f)| f.listing.is_some())
                .map(|(p, _)| p),
        );
        true
    });
    assert_eq!(listed.len(), 300);
    assert_eq!(last, (300, 300), "the loading ends");
}

#[test]
fn an_unchanged_file_with_warnings_comes_from_the_index_warnings_and_all() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.toml");
    let text =
        std::fs::read_to_string("tests/fixtures/warnings/timeline-without-source.toml").unwrap();
    std::fs::write(&file, &text).unwrap();
    let db_path = dir.path().join(".cache/index.sqlite");
    let (cold, _) = scan_all(dir.path(), &mut Db::open(&db_path));
    assert!(
        cold[0].1.diagnostics.iter().any(|d| !d.is_error()),
        "the fixture has a warning: {cold:?}"
    );
    // Same size, same time, another title: only a file read again shows it.
    let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
    std::fs::write(
        &file,
        text.replace("A fixture briefing", "A fixture briefinG"),
    )
    .unwrap();
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    let (warm, _) = scan_all(dir.path(), &mut Db::open(&db_path));
    assert_eq!(cold, warm, "taken from the index, its warnings with it");
    // A real change is read again.
    std::fs::write(
        &file,
        text.replace("A fixture briefing", "Another title here"),
    )
    .unwrap();
    let (changed, _) = scan_all(dir.path(), &mut Db::open(&db_path));
    let title = changed[0].1.listing.as_ref().unwrap().title();
    assert_eq!(title, "Another title here");
}

#[test]
fn an_index_of_an_older_layout_is_made_again() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.toml"), briefing("a", "2024")).unwrap();
    let db_path = dir.path().join("index.sqlite");
    {
        // The first layout: no diagnostics column.
        let conn = rusqlite::Connection::open(&db_path).unwrap();
        conn.execute_batch(
            "CREATE TABLE files(n INTEGER PRIMARY KEY, root BLOB, rel BLOB, clean INTEGER);
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let mut db = Db::open(&db_path);
    assert!(db.messages.is_empty(), "{:?}", db.messages);
    let (files, _) = scan_all(dir.path(), &mut db);
    assert_eq!(files.len(), 1);
    let (again, _) = scan_all(dir.path(), &mut Db::open(&db_path));
    assert_eq!(files, again);
}

mod common;

/// A cold start through the reader's loader, into a reader: while every
/// file is being checked behind the list, the status line and the `e` box
/// say more may come; once it is over they say nothing of the sort, and
/// `e` shows every warning and error (the warnings carried by their rows).
#[test]
fn while_files_are_checked_the_reader_says_so_and_then_shows_every_problem() {
    use brief::tui::app::{App, Options};
    use ratatui::layout::Rect;
    let dir = library(3);
    let root = dir.path().to_owned();
    let warned =
        std::fs::read_to_string("tests/fixtures/warnings/timeline-without-source.toml").unwrap();
    std::fs::write(root.join("w.toml"), &warned).unwrap();
    std::fs::write(root.join("x.toml"), "id = \"x\"\n").unwrap();
    let (tx, rx) = mpsc::channel();
    let (live, _) = Live::open(vec![root.clone()], Db::memory());
    let checked = Loader {
        live,
        checked: false,
    }
    .spawn(tx);
    checked
        .recv_timeout(Duration::from_secs(20))
        .expect("the first check finished");
    let mut batches = Vec::new();
    while let Ok(Input::Indexed(b)) = rx.recv_timeout(Duration::from_millis(200)) {
        batches.push(b);
    }
    let begun = batches
        .iter()
        .position(|b| b.checking == Some(true))
        .expect("the check is announced");
    let over = batches
        .iter()
        .position(|b| b.checking == Some(false))
        .expect("and its end");
    assert!(begun < over);
    let mut app = App::new(
        Vec::new(),
        Vec::new(),
        Options::default(),
        Rect::new(0, 0, 150, 30),
    );
    let mut batches = batches.into_iter();
    for b in batches.by_ref().take(begun + 1) {
        app.apply_batch(b);
    }
    assert!(
        common::status(&app).contains("checking files"),
        "{}",
        common::status(&app)
    );
    common::press(&mut app, "e");
    let screen = common::text(&common::buffer(&app));
    assert!(
        screen.contains("so far: files are still being checked"),
        "{screen}"
    );
    common::press(&mut app, "⎋");
    for b in batches {
        app.apply_batch(b);
    }
    assert!(
        !common::status(&app).contains("checking"),
        "{}",
        common::status(&app)
    );
    common::press(&mut app, "e");
    let screen = common::text(&common::buffer(&app));
    assert!(!screen.contains("so far"), "{screen}");
    let full = brief::library::list(std::slice::from_ref(&root), &mut Db::memory());
    let mut shown = app.context().diagnostics.to_vec();
    brief::library::sort_by_file(std::slice::from_ref(&root), &mut shown);
    assert!(
        shown
            .iter()
            .any(|d| d.file.ends_with("w.toml") && !d.is_error())
    );
    assert!(
        shown
            .iter()
            .any(|d| d.file.ends_with("x.toml") && d.is_error())
    );
    assert_eq!(shown, full.diagnostics, "every problem `brief list` has");
}
