//! TOML → model → JSON → model: what a program writes is what an author wrote.

use std::path::{Path, PathBuf};

use brief::briefing::validate::to_raw;
use brief::briefing::{Briefing, FileReport, load_file};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn karabakh() -> PathBuf {
    root().join("briefings/2023-09-19-karabakh-offensive.toml")
}

/// Loads a file that must be valid and free of warnings.
fn load_clean(path: &Path, library: &Path) -> Briefing {
    let FileReport {
        briefing,
        diagnostics,
        ..
    } = load_file(path, library);
    assert!(
        diagnostics.is_empty(),
        "{}: {}",
        path.display(),
        diagnostics.iter().map(|d| d.render()).collect::<String>()
    );
    briefing.expect("a valid briefing")
}

/// A library in a temporary folder holding the shipped source texts, so that
/// `text_file = "sources/…"` resolves beside a briefing written there.
fn library_with_sources() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let sources = tmp.path().join("sources");
    std::fs::create_dir(&sources).unwrap();
    for entry in std::fs::read_dir(root().join("briefings/sources")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), sources.join(entry.file_name())).unwrap();
    }
    tmp
}

#[test]
fn karabakh_toml_to_json_and_back_is_the_same_briefing() {
    let original = load_clean(&karabakh(), &root().join("briefings"));

    let json = serde_json::to_string_pretty(&to_raw(&original)).unwrap();
    let tmp = library_with_sources();
    let file = tmp.path().join("2023-09-19-karabakh-offensive.json");
    std::fs::write(&file, &json).unwrap();
    let again = load_clean(&file, tmp.path());

    assert_eq!(again, original);
    // Not trivially: the source text was read from the copy, the timeline
    // re-sorted, and dates, grades and references resolved again.
    assert_eq!(again.timeline.len(), original.timeline.len());
    assert!(again.timeline.len() >= 12);
    assert!(again.sources[0].text.as_ref().unwrap().content.len() > 1000);

    // And once more: the JSON written from the reloaded model is byte for byte
    // what was written the first time.
    let json_again = serde_json::to_string_pretty(&to_raw(&again)).unwrap();
    assert_eq!(json_again, json);
}

#[test]
fn the_json_keeps_the_file_order_of_the_timeline_and_relative_text_file() {
    let original = load_clean(&karabakh(), &root().join("briefings"));
    let value = serde_json::to_value(to_raw(&original)).unwrap();
    let toml_text = std::fs::read_to_string(karabakh()).unwrap();
    let raw: toml::Value = toml::from_str(&toml_text).unwrap();

    // Entries come out in the order the author wrote them, not display order.
    let whens = |v: &serde_json::Value| -> Vec<String> {
        v["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["when"].as_str().unwrap().to_owned())
            .collect()
    };
    let written: Vec<String> = raw["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["when"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(whens(&value), written);
    assert_eq!(
        value["sources"][0]["text_file"],
        "sources/2023-09-19-karabakh-offensive.fr.txt"
    );
    assert!(value["sources"][0].get("text").is_none());
}

#[test]
fn a_model_changed_before_writing_reads_back_changed() {
    // Guards the comparison above against comparing a thing with itself.
    let original = load_clean(&karabakh(), &root().join("briefings"));
    let mut changed = original.clone();
    changed.figures[0].value = 12.0;
    let tmp = library_with_sources();
    let file = tmp.path().join("changed.json");
    std::fs::write(&file, serde_json::to_string(&to_raw(&changed)).unwrap()).unwrap();
    let again = load_clean(&file, tmp.path());
    assert_eq!(again, changed);
    assert_ne!(again, original);
}
