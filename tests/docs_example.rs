//! docs/format.md promises that its complete small example passes
//! `brief check` with no errors and no warnings, and that its JSON form is the
//! same briefing. Both promises are kept here.

use std::path::Path;

use assert_cmd::Command;

const HEADING: &str = "## A complete small example";

fn format_md() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/format.md"))
        .expect("docs/format.md reads")
}

/// The first fenced block of `lang` after the example's heading.
fn block(doc: &str, lang: &str) -> String {
    let after = doc
        .split_once(&format!("\n{HEADING}\n"))
        .unwrap_or_else(|| panic!("docs/format.md has no {HEADING:?} heading"))
        .1;
    let fence = format!("\n```{lang}\n");
    let start = after
        .find(&fence)
        .unwrap_or_else(|| panic!("no ```{lang} block under {HEADING:?}"))
        + fence.len();
    let len = after[start..].find("\n```\n").expect("the block is closed");
    format!("{}\n", &after[start..start + len])
}

fn check_strict(path: &Path) {
    Command::cargo_bin("brief")
        .unwrap()
        .env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .env("XDG_STATE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .arg("check")
        .arg("--strict")
        .arg(path)
        .assert()
        .code(0)
        .stdout("checked 1 file: 1 valid, 0 errors, 0 warnings\n");
}

#[test]
fn the_toml_example_passes_check_strict() {
    let toml = block(&format_md(), "toml");
    assert!(toml.starts_with("format = 1\n"), "{toml}");
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("example.toml");
    std::fs::write(&file, &toml).unwrap();
    check_strict(&file);
}

#[test]
fn the_json_example_passes_check_strict_and_is_the_same_briefing() {
    let doc = format_md();
    let tmp = tempfile::tempdir().unwrap();
    let toml_file = tmp.path().join("example.toml");
    let json_file = tmp.path().join("example.json");
    std::fs::write(&toml_file, block(&doc, "toml")).unwrap();
    std::fs::write(&json_file, block(&doc, "json")).unwrap();
    check_strict(&json_file);

    let load = |p: &Path| {
        brief::briefing::load_file(p, tmp.path())
            .briefing
            .expect("valid")
    };
    assert_eq!(load(&json_file), load(&toml_file));
}

#[test]
fn a_broken_example_would_be_caught() {
    // The checks above are only worth something if check --strict can fail
    // on the extracted text: break one reference and watch it fail.
    let toml =
        block(&format_md(), "toml").replace("actors = [\"council\"]", "actors = [\"counsel\"]");
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("broken.toml");
    std::fs::write(&file, toml).unwrap();
    Command::cargo_bin("brief")
        .unwrap()
        .env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .env("XDG_STATE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .arg("check")
        .arg("--strict")
        .arg(&file)
        .assert()
        .code(1)
        .stdout(predicates::str::contains(
            "unknown actor id \"counsel\": the briefing defines no such actor",
        ));
}

#[test]
fn the_readme_capture_is_what_show_prints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md reads");
    for command in [
        "brief show briefings/2023-09-19-karabakh-offensive.toml --section figures",
        "brief check tests/fixtures/invalid/unknown-actor-id.toml",
    ] {
        let prompt = format!("```console\n$ {command}\n");
        let start = readme
            .find(&prompt)
            .unwrap_or_else(|| panic!("README.md shows no `{command}`"))
            + prompt.len();
        let len = readme[start..].find("```\n").expect("the block is closed");
        let captured = &readme[start..start + len];
        let args: Vec<&str> = command.split(' ').skip(1).collect();
        let out = Command::cargo_bin("brief")
            .unwrap()
            .env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"))
            .env("XDG_STATE_HOME", env!("CARGO_TARGET_TMPDIR"))
            .current_dir(root)
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            captured,
            "README.md's capture of `{command}` is out of date"
        );
    }
}
