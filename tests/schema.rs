//! `brief schema`: the JSON Schema an editor is pointed at accepts what
//! `brief check` accepts, and rejects what it rejects for its shape.
//!
//! The schema is applied by [`Validator`] below: draft 7 for exactly the
//! keywords schemars writes, refusing a schema that uses any other, so a
//! keyword it does not know fails the test instead of passing unchecked.
//! (It replaced the `jsonschema` crate: 29 crates to build for one file.)

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use regex::Regex;
use serde_json::{Map, Value, json};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The schema as `brief schema` prints it.
fn printed_schema() -> Value {
    let out = Command::cargo_bin("brief")
        .unwrap()
        .env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .env("XDG_STATE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .arg("schema")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty());
    serde_json::from_slice(&out.stdout).expect("brief schema prints JSON")
}

fn validator() -> Validator {
    Validator::new(printed_schema()).expect("the schema compiles")
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

fn assert_valid(v: &Validator, instance: &Value, what: &str) {
    let errors = v.errors(instance);
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
    // What a meta-schema check would catch for these keywords: each one
    // known, of the right type, every `$ref` found, every pattern a regex.
    Validator::new(schema).expect("a draft 7 schema of known keywords");
}

#[test]
fn the_validator_refuses_what_it_cannot_check() {
    for schema in [
        json!({"oneOf": [{"type": "string"}]}),
        json!({"$ref": "#/definitions/Missing", "definitions": {}}),
        json!({"pattern": "(unclosed"}),
        json!({"type": "string", "minLength": "one"}),
    ] {
        assert!(Validator::new(schema.clone()).is_err(), "{schema}");
    }
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
        .env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .env("XDG_STATE_HOME", env!("CARGO_TARGET_TMPDIR"))
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
        .env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .env("XDG_STATE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .args(["check", "--strict"])
        .arg(&file)
        .assert()
        .code(0)
        .stdout("checked 1 file: 1 valid, 0 errors, 0 warnings\n");
    assert_valid(&validator(), &b, "a briefing with $schema");
}

/// JSON Schema draft 7, the keywords schemars writes: `type`, `properties`,
/// `required`, `additionalProperties`, `items`, `enum`, `const`, `allOf`,
/// `not`, `$ref` (to `#/definitions/…`), `pattern`, `minLength`, `maxLength`,
/// `minimum`, `maximum`; annotations (`title`, `description`, `examples`,
/// `format`, `$schema`) are ignored as draft 7 allows.
struct Validator {
    root: Value,
    patterns: HashMap<String, Regex>,
}

const ANNOTATIONS: [&str; 6] = [
    "$schema",
    "title",
    "description",
    "examples",
    "format",
    "definitions",
];

impl Validator {
    fn new(root: Value) -> Result<Validator, String> {
        let mut v = Validator {
            root: Value::Null,
            patterns: HashMap::new(),
        };
        v.compile(&root, &root, "#")?;
        if let Some(defs) = root.get("definitions").and_then(Value::as_object) {
            for (name, def) in defs {
                v.compile(&root, def, &format!("#/definitions/{name}"))?;
            }
        }
        v.root = root;
        Ok(v)
    }

    /// Checks one schema and those inside it; compiles its patterns.
    fn compile(&mut self, root: &Value, schema: &Value, at: &str) -> Result<(), String> {
        let Some(schema) = schema.as_object() else {
            return match schema {
                Value::Bool(_) => Ok(()),
                _ => Err(format!("{at}: a schema is an object or a boolean")),
            };
        };
        for (key, value) in schema {
            let here = format!("{at}/{key}");
            let bad = || Err(format!("{here}: not a valid `{key}`"));
            match key.as_str() {
                k if ANNOTATIONS.contains(&k) => {}
                "type" => {
                    let names = value.as_array().map_or(vec![value], |a| a.iter().collect());
                    if !names.iter().all(|n| n.as_str().is_some_and(is_type)) {
                        return bad();
                    }
                }
                "properties" => {
                    let Some(props) = value.as_object() else {
                        return bad();
                    };
                    for (name, sub) in props {
                        self.compile(root, sub, &format!("{here}/{name}"))?;
                    }
                }
                "required" | "enum" => {
                    let Some(items) = value.as_array() else {
                        return bad();
                    };
                    if key == "required" && !items.iter().all(Value::is_string) {
                        return bad();
                    }
                }
                "additionalProperties" | "items" | "not" => self.compile(root, value, &here)?,
                "allOf" => {
                    let Some(subs) = value.as_array().filter(|a| !a.is_empty()) else {
                        return bad();
                    };
                    for (i, sub) in subs.iter().enumerate() {
                        self.compile(root, sub, &format!("{here}/{i}"))?;
                    }
                }
                "const" => {}
                "$ref" => {
                    if value.as_str().and_then(|r| resolve(root, r)).is_none() {
                        return Err(format!("{here}: {value} is not in #/definitions"));
                    }
                }
                "pattern" => {
                    let Some(pattern) = value.as_str() else {
                        return bad();
                    };
                    let re = Regex::new(pattern).map_err(|e| format!("{here}: {e}"))?;
                    self.patterns.insert(pattern.to_owned(), re);
                }
                "minLength" | "maxLength" => {
                    if value.as_u64().is_none() {
                        return bad();
                    }
                }
                "minimum" | "maximum" => {
                    if !value.is_number() {
                        return bad();
                    }
                }
                _ => return Err(format!("{here}: a keyword this validator does not apply")),
            }
        }
        Ok(())
    }

    fn is_valid(&self, instance: &Value) -> bool {
        self.errors(instance).is_empty()
    }

    /// Every error, each as "instance path: what is wrong".
    fn errors(&self, instance: &Value) -> Vec<String> {
        let mut errors = Vec::new();
        self.check(&self.root, instance, "", &mut errors);
        errors
    }

    fn check(&self, schema: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
        let mut fail = |what: String| errors.push(format!("{at}: {what}"));
        let schema = match schema {
            Value::Bool(true) => return,
            Value::Bool(false) => return fail("no value is allowed here".into()),
            Value::Object(s) => s,
            _ => unreachable!("compiled"),
        };
        // Draft 7: beside `$ref`, every other keyword is ignored.
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            let target = resolve(&self.root, r).expect("compiled");
            return self.check(target, v, at, errors);
        }
        if let Some(t) = schema.get("type") {
            let names = t.as_array().map_or(vec![t], |a| a.iter().collect());
            if !names.iter().any(|n| has_type(v, n.as_str().unwrap())) {
                fail(format!("{v} is not of type {t}"));
            }
        }
        if let Some(options) = schema.get("enum").and_then(Value::as_array)
            && !options.contains(v)
        {
            fail(format!("{v} is not one of {options:?}"));
        }
        if let Some(c) = schema.get("const")
            && c != v
        {
            fail(format!("{v} is not {c}"));
        }
        if let Value::String(s) = v {
            let chars = s.chars().count() as u64;
            if let Some(min) = schema.get("minLength").and_then(Value::as_u64)
                && chars < min
            {
                fail(format!("{v} is shorter than {min}"));
            }
            if let Some(max) = schema.get("maxLength").and_then(Value::as_u64)
                && chars > max
            {
                fail(format!("{v} is longer than {max}"));
            }
            if let Some(p) = schema.get("pattern").and_then(Value::as_str)
                && !self.patterns[p].is_match(s)
            {
                fail(format!("{v} does not match {p:?}"));
            }
        }
        if let Some(n) = v.as_f64() {
            if let Some(min) = schema.get("minimum").and_then(Value::as_f64)
                && n < min
            {
                fail(format!("{v} is less than {min}"));
            }
            if let Some(max) = schema.get("maximum").and_then(Value::as_f64)
                && n > max
            {
                fail(format!("{v} is more than {max}"));
            }
        }
        if let Value::Object(obj) = v {
            self.check_object(schema, obj, at, errors);
        }
        if let (Value::Array(items), Some(item)) = (v, schema.get("items")) {
            for (i, x) in items.iter().enumerate() {
                self.check(item, x, &format!("{at}/{i}"), errors);
            }
        }
        for sub in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            self.check(sub, v, at, errors);
        }
        if let Some(not) = schema.get("not")
            && self.check_silently(not, v)
        {
            errors.push(format!("{at}: {v} matches what `not` forbids: {not}"));
        }
    }

    fn check_object(
        &self,
        schema: &Map<String, Value>,
        obj: &Map<String, Value>,
        at: &str,
        errors: &mut Vec<String>,
    ) {
        for name in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let name = name.as_str().unwrap();
            if !obj.contains_key(name) {
                errors.push(format!("{at}: `{name}` is required"));
            }
        }
        let props = schema.get("properties").and_then(Value::as_object);
        for (name, value) in obj {
            let here = format!("{at}/{name}");
            match props.and_then(|p| p.get(name)) {
                Some(sub) => self.check(sub, value, &here, errors),
                None => {
                    if let Some(extra) = schema.get("additionalProperties") {
                        self.check(extra, value, &here, errors);
                    }
                }
            }
        }
    }

    fn check_silently(&self, schema: &Value, v: &Value) -> bool {
        let mut errors = Vec::new();
        self.check(schema, v, "", &mut errors);
        errors.is_empty()
    }
}

fn resolve<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
    let name = reference.strip_prefix("#/definitions/")?;
    root.get("definitions")?.get(name)
}

fn is_type(name: &str) -> bool {
    matches!(
        name,
        "null" | "boolean" | "object" | "array" | "number" | "string" | "integer"
    )
}

fn has_type(v: &Value, name: &str) -> bool {
    match name {
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        "object" => v.is_object(),
        "array" => v.is_array(),
        "number" => v.is_number(),
        "string" => v.is_string(),
        // Draft 7: a number with no fractional part, 1.0 included.
        "integer" => v.is_i64() || v.is_u64() || v.as_f64().is_some_and(|n| n.fract() == 0.0),
        _ => false,
    }
}
