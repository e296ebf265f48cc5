//! `brief schema`: the JSON Schema an editor is pointed at accepts what
//! `brief check` accepts, and rejects what it rejects for its shape.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{Value, json};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The schema as `brief schema` prints it.
fn printed_schema() -> Value {
    let out = Command::cargo_bin("brief")
        .unwrap()
        .arg("schema")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty());
    serde_json::from_slice(&out.stdout).expect("brief schema prints JSON")
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&printed_schema()).expect("the schema compiles")
}

/// A briefing file as the JSON value an editor would check: TOML converted.
fn as_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    if path.extension().is_some_and(|e| e == "toml") {
        toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    } else {
        serde_json::from_str(&text).unwrap()
    }
}

fn errors(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn assert_valid(v: &jsonschema::Validator, instance: &Value, what: &str) {
    let errors = errors(v, instance);
    assert!(errors.is_empty(), "{what} should be valid: {errors:#?}");
}

/// The fenced block of `lang` under the docs' complete example.
fn docs_example(lang: &str) -> String {
    let doc = std::fs::read_to_string(root().join("docs/format.md")).unwrap();
    let after = doc.split_once("\n## A complete small example\n").unwrap().1;
    let fence = format!("\n```{lang}\n");
    let start = after.find(&fence).unwrap() + fence.len();
    let len = after[start..].find("\n```\n").unwrap();
    after[start..start + len].to_owned()
}

/// A small valid briefing to break one key at a time.
fn minimal() -> Value {
    json!({
        "format": 1,
        "id": "2023-09-19-test",
        "title": "Something happened",
        "date": "2023-09-19",
        "summary": {"headline": "Something happened."},
        "timeline": [{"when": "2023-09-19", "what": "It happened.", "credibility": 2}],
        "sources": [{"id": "wire", "title": "Wire", "reliability": "B"}]
    })
}

#[test]
fn the_schema_is_a_valid_draft_7_schema() {
    let schema = printed_schema();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    jsonschema::meta::validate(&schema).expect("valid against its meta-schema");
}

#[test]
fn the_schema_accepts_every_shipped_briefing() {
    let v = validator();
    let mut seen = 0;
    for entry in std::fs::read_dir(root().join("briefings")).unwrap() {
        let path: PathBuf = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml" || e == "json") {
            assert_valid(&v, &as_json(&path), &path.display().to_string());
            seen += 1;
        }
    }
    assert!(seen > 0, "no briefings found");
}

#[test]
fn the_schema_accepts_the_docs_example_in_both_forms() {
    let v = validator();
    let toml: Value = toml::from_str(&docs_example("toml")).unwrap();
    let json: Value = serde_json::from_str(&docs_example("json")).unwrap();
    assert_valid(&v, &toml, "the TOML example");
    assert_valid(&v, &json, "the JSON example");
    assert!(
        json.get("$schema").is_some(),
        "the JSON example shows `$schema`"
    );
}

#[test]
fn the_schema_accepts_what_show_writes_as_json() {
    let out = Command::cargo_bin("brief")
        .unwrap()
        .current_dir(root())
        .args([
            "show",
            "briefings/2023-09-19-karabakh-offensive.toml",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let written: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid(&validator(), &written, "show --format json");
}

#[test]
fn the_schema_accepts_every_date_form_of_the_format() {
    let v = validator();
    for date in [
        "2020",
        "2022-12",
        "2023-09-19",
        "2023-09-19T14:00+04:00",
        "2023-09-19T14:00:30Z",
        "2023-09-19T14:00-03:30",
        "199X",
        "199X~",
        "1991~",
        "1991?",
        "1991%",
        "2023-09?",
        "2023-09-19~",
        "2020-09-27/2020-11-10",
        "2022-12/..",
        "../1994",
        "1991~/1994?",
    ] {
        let mut b = minimal();
        b["date"] = json!(date);
        assert_valid(&v, &b, date);
    }
}

#[test]
fn the_schema_rejects_what_check_rejects_for_its_shape() {
    let v = validator();
    type Break = fn(&mut Value);
    let cases: [(&str, Break); 14] = [
        ("credibility 9", |b| {
            b["timeline"][0]["credibility"] = json!(9)
        }),
        ("credibility 0", |b| {
            b["timeline"][0]["credibility"] = json!(0)
        }),
        ("missing title", |b| {
            b.as_object_mut().unwrap().remove("title");
        }),
        ("missing summary", |b| {
            b.as_object_mut().unwrap().remove("summary");
        }),
        ("format 2", |b| b["format"] = json!(2)),
        ("upper-case id", |b| b["id"] = json!("Karabakh")),
        ("reliability G", |b| {
            b["sources"][0]["reliability"] = json!("G")
        }),
        ("priority urgent", |b| b["priority"] = json!("urgent")),
        ("two-line title", |b| b["title"] = json!("one\ntwo")),
        ("blank headline", |b| b["summary"]["headline"] = json!("  ")),
        ("month 13", |b| b["date"] = json!("2023-13")),
        ("time without offset", |b| {
            b["date"] = json!("2023-09-19T14:00")
        }),
        ("text and text_file", |b| {
            b["sources"][0]["text"] = json!("x");
            b["sources"][0]["text_file"] = json!("x.txt");
        }),
        ("an unknown key", |b| {
            b["summary"]["headlin"] = json!("typo")
        }),
    ];
    assert_valid(&v, &minimal(), "the minimal briefing");
    for (what, break_it) in cases {
        let mut b = minimal();
        break_it(&mut b);
        assert!(!v.is_valid(&b), "the schema accepts {what}: {b}");
    }
}

#[test]
fn the_schema_rejects_the_checker_fixtures_that_are_wrong_in_shape() {
    // Fixtures whose error the schema can see in the file alone; the others
    // (unknown ids, quotes, text files, 30 February) need `brief check`.
    let v = validator();
    for name in [
        "bad-id.toml",
        "credibility-7.toml",
        "date-no-such-month.toml",
        "date-no-offset.toml",
        "format-2.toml",
        "kind-bogus.toml",
        "missing-key.toml",
        "missing-key-timeline.toml",
        "priority-urgent.toml",
        "reliability-g.toml",
        "text-and-text-file.toml",
        "title-multi-line.toml",
        "title-too-long.toml",
        "wrong-type.toml",
        "wrong-type.json",
    ] {
        let path = root().join("tests/fixtures/invalid").join(name);
        assert!(!v.is_valid(&as_json(&path)), "the schema accepts {name}");
    }
}

#[test]
fn a_json_briefing_may_name_its_schema_without_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("b.json");
    let mut b = minimal();
    b["$schema"] = json!("./format-1.schema.json");
    b["timeline"][0]["sources"] = json!(["wire"]);
    std::fs::write(&file, b.to_string()).unwrap();
    Command::cargo_bin("brief")
        .unwrap()
        .args(["check", "--strict"])
        .arg(&file)
        .assert()
        .code(0)
        .stdout("checked 1 file: 1 valid, 0 errors, 0 warnings\n");
    assert_valid(&validator(), &b, "a briefing with $schema");
}
