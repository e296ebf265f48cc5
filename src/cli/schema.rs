//! `brief schema`: a JSON Schema of format 1, for editors.
//!
//! Generated from [`RawBriefing`], the structs the loader reads, so the schema
//! cannot drift from the format. It describes what validation checks without
//! a library at hand (shapes, ranges, enumerations, date forms); what needs
//! the whole file (ids that resolve, quotes found in their source) remains
//! `brief check`'s.

use std::io::{self, Write};

use schemars::Schema;
use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use serde_json::Value;

use super::Outcome;
use crate::briefing::raw::RawBriefing;

/// The schema as a JSON value. Draft 7, the draft that TOML and JSON editors
/// (taplo, VS Code, JetBrains) all understand.
pub fn schema() -> Value {
    let mut settings = SchemaSettings::draft07();
    // First, so that draft 7's own clean-ups see the result.
    settings
        .transforms
        .insert(0, Box::new(RecursiveTransform(without_null)));
    let generator = settings.into_generator();
    generator.into_root_schema_for::<RawBriefing>().to_value()
}

/// An optional key is left out, never `null`: TOML has no null, and offering
/// it in a JSON editor's completions would only mislead. (The JSON loader
/// happens to read `null` as absent; the schema describes the format.)
fn without_null(schema: &mut Schema) {
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    if let Some(Value::Array(types)) = obj.get_mut("type") {
        types.retain(|t| t != "null");
        if let [only] = types.as_slice() {
            let only = only.clone();
            obj.insert("type".into(), only);
        }
    }
    let is_null = |v: &Value| {
        v.get("type").is_some_and(|t| t == "null") && v.as_object().is_some_and(|o| o.len() == 1)
    };
    if let Some(Value::Array(any)) = obj.get("anyOf")
        && any.len() == 2
        && let Some(keep) = any.iter().find(|v| !is_null(v)).cloned()
        && any.iter().any(is_null)
        && let Value::Object(keep) = keep
    {
        obj.remove("anyOf");
        for (k, v) in keep {
            obj.entry(k).or_insert(v);
        }
    }
}

pub fn run(out: &mut dyn Write) -> io::Result<Outcome> {
    let mut text = serde_json::to_string_pretty(&schema()).expect("a schema serializes");
    text.push('\n');
    out.write_all(text.as_bytes())?;
    Ok(Outcome::Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_names_its_draft_and_its_rules() {
        let s = schema();
        assert_eq!(s["$schema"], "http://json-schema.org/draft-07/schema#");
        assert_eq!(s["properties"]["format"]["const"], 1);
        assert_eq!(
            s["properties"]["id"]["pattern"],
            crate::briefing::raw::ID_PATTERN
        );
        assert_eq!(s["additionalProperties"], false);
        assert!(s["properties"]["$schema"].is_object());
        let required: Vec<&str> = s["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        for key in ["format", "id", "title", "date", "summary"] {
            assert!(required.contains(&key), "{key} is required: {required:?}");
        }
    }

    #[test]
    fn every_key_of_the_format_is_in_the_schema() {
        use crate::briefing::raw::keys;
        let s = schema();
        let defs = &s["definitions"];
        let tables = [
            (&s["properties"], keys::BRIEFING),
            (&defs["RawSummary"]["properties"], keys::SUMMARY),
            (&defs["RawActor"]["properties"], keys::ACTOR),
            (&defs["RawTimelineEntry"]["properties"], keys::TIMELINE),
            (&defs["RawFigure"]["properties"], keys::FIGURE),
            (&defs["RawSource"]["properties"], keys::SOURCE),
        ];
        for (props, keys) in tables {
            for key in keys {
                assert!(props.get(key).is_some(), "{key} missing from {props}");
            }
        }
    }
}
