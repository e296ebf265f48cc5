//! What `--help` says is what brief does: the library used when no path is
//! named is `./briefings` where it exists, else the built-in briefings.

mod common;
use common::nobody::brief_in as run;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const DEFAULT: &str = "[default: ./briefings, else the briefings built into brief]";

#[test]
fn the_default_library_in_the_help_is_the_one_used() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for cmd in ["check", "list", "search", "mark", "diff"] {
        let help = text(&run(d, &[cmd, "--help"]).stdout);
        // clap wraps long lines: compare the words.
        let words = help.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(words.contains(DEFAULT), "brief {cmd} --help:\n{help}");
        assert!(!words.contains("[default: briefings]"), "{help}");
    }
    let built_in = "2023-09-19-karabakh-offensive";
    // No ./briefings here: the built-in ones.
    let list = run(d, &["list", "--format", "json"]);
    assert!(
        text(&list.stdout).contains(built_in),
        "{}",
        text(&list.stderr)
    );
    let check = run(d, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));
    let search = run(d, &["search", "lachin"]);
    assert!(
        text(&search.stdout).contains(&format!("(built in)/{built_in}.toml")),
        "{}",
        text(&search.stdout)
    );
    let mark = run(d, &["mark", "--flag", built_in]);
    assert_eq!(mark.status.code(), Some(0), "{}", text(&mark.stderr));
    // With ./briefings: that folder, and not the built-in ones.
    std::fs::create_dir(d.join("briefings")).unwrap();
    std::fs::write(
        d.join("briefings/mine.toml"),
        "format = 1\nid = \"mine\"\ntitle = \"Mine about Lachin\"\ndate = \"2024-01-01\"\n[summary]\nheadline = \"Lachin.\"\n",
    )
    .unwrap();
    let list = text(&run(d, &["list", "--format", "json"]).stdout);
    assert!(
        list.contains("\"mine\"") && !list.contains(built_in),
        "{list}"
    );
    let search = text(&run(d, &["search", "lachin"]).stdout);
    assert!(
        search.contains("briefings/mine.toml") && !search.contains(built_in),
        "{search}"
    );
    let mark = run(d, &["mark", "--flag", built_in]);
    assert_ne!(mark.status.code(), Some(0), "not in ./briefings");
}
