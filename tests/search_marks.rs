//! The passage `brief search` prints from a part too large for FTS5's
//! `highlight()` (over 16 KiB: a long source text), whose words brief marks
//! itself: folded as the index folds them, column filters, `^` and NEAR
//! honoured.

use std::path::Path;

mod common;
use common::nobody::brief_in;

/// A library of one briefing, `b`, titled "The Lachin road", whose summary
/// holds "Lachin corridor" and whose one source is a text of about 38 KB:
/// "Lachin alone here.", filler, "Țară Românească. The Lachin one two
/// three four five corridor.", filler.
fn library(dir: &Path) {
    let lib = dir.join("lib");
    std::fs::create_dir_all(lib.join("texts")).unwrap();
    let filler = "Plain words about the region and its roads. ".repeat(420);
    std::fs::write(
        lib.join("texts/long.txt"),
        format!(
            "Lachin alone here. {filler} Țară Românească. The Lachin one two three four five corridor. {filler}"
        ),
    )
    .unwrap();
    std::fs::write(
        lib.join("b.toml"),
        "format = 1\nid = \"b\"\ntitle = \"The Lachin road\"\ndate = \"2024-01-01\"\n\
         [summary]\nheadline = \"The Lachin corridor is shut.\"\n\
         [[sources]]\nid = \"s\"\ntitle = \"A long source\"\ntext_file = \"texts/long.txt\"\n",
    )
    .unwrap();
}

/// The passage line `brief search -- QUERY lib` prints for `b`, and its exit
/// code.
fn passage(dir: &Path, query: &str) -> (String, Option<i32>) {
    let out = brief_in(dir, &["search", "--", query, "lib"]);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut lines = stdout.lines();
    assert_eq!(
        lines.next(),
        Some("b\tThe Lachin road\tlib/b.toml"),
        "{query}: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (lines.next().unwrap_or("").to_owned(), out.status.code())
}

#[test]
fn letters_the_index_folds_are_marked_in_a_long_source_text() {
    let dir = tempfile::tempdir().unwrap();
    library(dir.path());
    for query in ["tara", "TARA", "Țară", "ţara"] {
        let (line, code) = passage(dir.path(), query);
        assert_eq!(
            line, "    …the region and its roads. [Țară] Românească. The Lachin one two three…",
            "{query}"
        );
        assert_eq!(code, Some(0));
    }
}

#[test]
fn a_column_filter_and_a_caret_are_honoured_in_a_long_source_text() {
    let dir = tempfile::tempdir().unwrap();
    library(dir.path());
    // Without a filter the source text's sentence is the best passage.
    assert_eq!(
        passage(dir.path(), "lachin").0,
        "    A long source [Lachin] alone here. Plain words about the region and…"
    );
    // Titles only: the title, though the source holds the word too.
    assert_eq!(
        passage(dir.path(), "title: lachin").0,
        "    The [Lachin] road"
    );
    assert_eq!(
        passage(dir.path(), "{title summary}: lachin").0,
        "    The [Lachin] road"
    );
    assert_eq!(
        passage(dir.path(), "- sources : lachin").0,
        "    The [Lachin] road"
    );
    assert_eq!(
        passage(dir.path(), "sources: lachin").0,
        "    A long source [Lachin] alone here. Plain words about the region and…"
    );
    // `^`: a part's first word; the source begins "A long source".
    assert_eq!(passage(dir.path(), "^the").0, "    [The] Lachin road");
}

#[test]
fn a_near_groups_words_are_marked_only_where_they_are_near_in_a_long_source_text() {
    let dir = tempfile::tempdir().unwrap();
    library(dir.path());
    // In the source text the words stand 5 apart: not within 2, so the
    // passage is the summary's, where they are next to each other.
    let (line, code) = passage(dir.path(), "NEAR(lachin corridor, 2)");
    assert_eq!(line, "    The [Lachin] [corridor] is shut.");
    assert_eq!(code, Some(0));
    // Within 5 they are, there too; and the distance is not a word.
    assert_eq!(
        passage(dir.path(), "NEAR(lachin corridor, 5)").0,
        "    …The [Lachin] one two three four five [corridor]. Plain words about the…"
    );
}
