//! The library index: parallel, cached by path, size and modification time,
//! never trusting a damaged cache, and kept current while the reader is open.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use brief::library::index::{self, Cache, FileIndex};
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

/// Every file indexed, and the (done, total) of each progress report.
type Built = (Vec<(PathBuf, FileIndex)>, Vec<(usize, usize)>);

fn build(root: &Path, cache: &mut Cache) -> Built {
    let mut files = Vec::new();
    let mut progress = Vec::new();
    index::build(&[root.to_owned()], cache, |b| {
        progress.push((b.done, b.total));
        files.extend(b.files);
    });
    (files, progress)
}

#[test]
fn every_file_is_indexed_with_progress_that_only_grows() {
    let dir = library(600);
    let (files, progress) = build(dir.path(), &mut Cache::none());
    assert_eq!(files.len(), 600);
    assert!(
        files
            .iter()
            .all(|(_, f)| f.listing.is_some() && f.diagnostics.is_empty())
    );
    // Reports are timed (every 60 ms), so a fast machine may send just one.
    assert!(!progress.is_empty());
    assert_eq!(progress.last(), Some(&(600, 600)));
    assert!(
        progress.windows(2).all(|w| w[0].0 < w[1].0),
        "progress only grows"
    );
}

#[test]
fn a_warm_cache_gives_the_same_listings_and_notices_a_changed_file() {
    let dir = library(50);
    let cache_path = dir.path().join(".cache/index.json");
    let (cold, _) = build(dir.path(), &mut Cache::open(cache_path.clone()));
    assert!(cache_path.exists(), "the cache is written");
    let (warm, _) = build(dir.path(), &mut Cache::open(cache_path.clone()));
    assert_eq!(cold, warm, "the cache gives back exactly what parsing gave");

    // A different size is a different version: the file is parsed again.
    let changed = dir.path().join("0/b0.toml");
    std::fs::write(
        &changed,
        briefing("b0", "2024").replace("Briefing b0", "Briefing b0, revised"),
    )
    .unwrap();
    let (again, _) = build(dir.path(), &mut Cache::open(cache_path.clone()));
    let listing = again
        .iter()
        .find(|(p, _)| *p == changed)
        .unwrap()
        .1
        .listing
        .clone()
        .unwrap();
    assert_eq!(listing.title, "Briefing b0, revised");
}

#[test]
fn a_damaged_cache_is_rebuilt_not_trusted() {
    let dir = library(20);
    let cache_path = dir.path().join(".cache/index.json");
    std::fs::create_dir_all(cache_path.parent().unwrap()).unwrap();
    for garbage in ["{not json", "{\"version\": 99, \"files\": {}}", ""] {
        std::fs::write(&cache_path, garbage).unwrap();
        let (files, _) = build(dir.path(), &mut Cache::open(cache_path.clone()));
        assert_eq!(files.len(), 20, "{garbage:?}");
        assert!(files.iter().all(|(_, f)| f.listing.is_some()));
        let text = std::fs::read_to_string(&cache_path).unwrap();
        assert!(
            serde_json::from_str::<serde_json::Value>(&text).is_ok(),
            "rewritten whole"
        );
    }
}

#[test]
fn files_with_problems_are_never_cached_so_their_messages_stay_current() {
    let dir = library(3);
    std::fs::write(dir.path().join("bad.toml"), "format = 1\nid = \"bad\"\n").unwrap();
    let cache_path = dir.path().join(".cache/index.json");
    build(dir.path(), &mut Cache::open(cache_path.clone()));
    let text = std::fs::read_to_string(&cache_path).unwrap();
    assert!(!text.contains("bad.toml"), "{text}");
    let (files, _) = build(dir.path(), &mut Cache::open(cache_path));
    let bad = files.iter().find(|(p, _)| p.ends_with("bad.toml")).unwrap();
    assert!(bad.1.listing.is_none() && !bad.1.diagnostics.is_empty());
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

/// A loader on `root`, once its first indexing of `files` files is done.
fn watching(root: &Path, files: usize) -> mpsc::Receiver<Input> {
    let (tx, rx) = mpsc::channel();
    Loader {
        roots: vec![root.to_owned()],
        cache: None,
        index_first: true,
    }
    .spawn(tx);
    let mut seen = 0;
    while seen < files {
        match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(Input::Indexed(b)) => seen += b.files.len(),
            _ => panic!("the first indexing did not finish"),
        }
    }
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
    assert_eq!(done.listing.unwrap().id, "new-one");
    // Removed: reported as gone.
    std::fs::remove_file(&new).unwrap();
    let gone = wait_for(&rx, "new.toml", |i| {
        i.listing.is_none() && i.diagnostics.is_empty()
    });
    assert!(gone.diagnostics.is_empty());
}

#[test]
fn a_schema_kept_beside_the_briefings_is_not_a_briefing() {
    let dir = library(2);
    std::fs::write(
        dir.path().join("format-1.schema.json"),
        "{\"type\": \"object\"}",
    )
    .unwrap();
    let (files, _) = build(dir.path(), &mut Cache::none());
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(!brief::library::briefing_file(
        dir.path(),
        &dir.path().join("format-1.schema.json")
    ));
    assert!(brief::library::briefing_file(
        dir.path(),
        &dir.path().join("0/b0.toml")
    ));
    assert!(!brief::library::briefing_file(
        dir.path(),
        &dir.path().join(".git/x.toml")
    ));
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
fn an_empty_library_says_so_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let (files, progress) = build(dir.path(), &mut Cache::none());
    assert!(files.is_empty());
    assert_eq!(progress, vec![(0, 0)], "one empty report ends the loading");
}

#[test]
fn small_and_large_libraries_are_told_apart_without_counting_everything() {
    let dir = library(40);
    assert!(index::at_most(&[dir.path().to_owned()], 40));
    assert!(!index::at_most(&[dir.path().to_owned()], 39));
    assert!(index::at_most(&[PathBuf::from("briefings")], index::SMALL));
}
