//! What a briefing file holds, exactly as serde reads it.
//!
//! These structs accept anything of the right shape; [`super::validate`] turns
//! them into the checked model. Keeping the two apart lets one file report
//! every semantic error at once instead of stopping at the first.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct RawBriefing {
    pub format: u64,
    pub id: String,
    pub title: String,
    pub date: DateText,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<DateText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    pub summary: RawSummary,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<RawActor>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub timeline: Vec<RawTimelineEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<RawFigure>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<RawSource>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct RawSummary {
    pub headline: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub key_points: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct RawActor {
    pub id: String,
    pub name: String,
    pub kind: ActorKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct RawTimelineEntry {
    pub when: DateText,
    pub what: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<EntryKind>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credibility: Option<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disputed_by: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct RawFigure {
    pub value: f64,
    pub unit: String,
    pub what: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approximate: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<DateText>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credibility: Option<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disputed_by: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct RawSource {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<DateText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reliability: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_file: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Low,
    Normal,
    High,
    Critical,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    State,
    Government,
    Military,
    ArmedGroup,
    Official,
    Organization,
    Population,
    Other,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Hash, Default)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    #[default]
    Event,
    Statement,
}

/// A date as written. TOML has native dates, and an author who writes
/// `date = 2023-09-19` unquoted deserves to be told to quote it rather than a
/// serde message about maps.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct DateText(pub String);

impl<'de> Deserialize<'de> for DateText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = DateText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a date in quotes, such as \"2023-09-19\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<DateText, E> {
                Ok(DateText(v.to_owned()))
            }
        }
        d.deserialize_str(Visitor)
    }
}

/// The keys each table of format 1 defines, for "did you mean" hints.
/// A test checks them against the structs above.
pub mod keys {
    pub const BRIEFING: &[&str] = &[
        "format", "id", "title", "date", "updated", "language", "priority", "region", "tags",
        "summary", "actors", "timeline", "figures", "sources",
    ];
    pub const SUMMARY: &[&str] = &["headline", "body", "key_points"];
    pub const ACTOR: &[&str] = &["id", "name", "kind", "affiliation", "role", "aliases"];
    pub const TIMELINE: &[&str] = &[
        "when",
        "what",
        "kind",
        "actors",
        "sources",
        "quote",
        "credibility",
        "disputed_by",
    ];
    pub const FIGURE: &[&str] = &[
        "value",
        "unit",
        "what",
        "approximate",
        "as_of",
        "actors",
        "sources",
        "quote",
        "credibility",
        "disputed_by",
    ];
    pub const SOURCE: &[&str] = &[
        "id",
        "title",
        "publisher",
        "url",
        "published",
        "language",
        "reliability",
        "text",
        "text_file",
    ];
}
