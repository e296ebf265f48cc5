//! What a briefing file holds, exactly as serde reads it.
//!
//! These structs accept anything of the right shape; [`super::validate`] turns
//! them into the checked model. Keeping the two apart lets one file report
//! every semantic error at once instead of stopping at the first.

//!
//! They are also the one description of format 1 that `brief schema` turns
//! into a JSON Schema: the `schemars` attributes say what validation checks
//! (id and language shapes, grade ranges, date forms), so editors can flag
//! mistakes as authors type. Doc comments become the schema's descriptions.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

mod from_model;
pub use from_model::to_raw;

/// Ids of briefings, actors and sources, as [`super::validate::is_valid_id`] checks them.
pub const ID_PATTERN: &str = "^[a-z0-9][a-z0-9._-]{0,127}$";

/// Text that is not empty or all spaces.
const NOT_BLANK: &str = r"\S";

/// The shape of a BCP 47 language tag, as validation checks it.
pub const LANGUAGE_PATTERN: &str = "^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$";

/// A situation briefing in format 1.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, JsonSchema)]
#[schemars(
    title = "brief briefing, format 1",
    deny_unknown_fields,
    transform = allow_schema_key
)]
pub struct RawBriefing {
    /// Always 1 for now.
    #[schemars(extend("const" = 1))]
    pub format: u64,
    /// The briefing's permanent name, unique in the library: lower-case letters, digits, `.`, `_` and `-`, starting with a letter or digit, at most 128 characters.
    #[schemars(regex(pattern = ID_PATTERN))]
    pub id: String,
    /// One line, 1 to 200 characters.
    #[schemars(length(min = 1, max = 200), regex(pattern = r"^[^\r\n]*\S[^\r\n]*$"))]
    pub title: String,
    /// When the reported events happened.
    pub date: DateText,
    /// When the briefing was last revised: an RFC 3339 timestamp with seconds and a UTC offset, e.g. 2023-09-19T18:30:00+02:00.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "timestamp_schema")]
    pub updated: Option<DateText>,
    /// The language of the briefing's own text, a BCP 47 tag such as `en` or `pt-BR`; `en` when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = LANGUAGE_PATTERN))]
    pub language: Option<String>,
    /// `normal` when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// Free text, e.g. `South Caucasus`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(inner(regex(pattern = NOT_BLANK)))]
    pub tags: Vec<String>,
    pub summary: RawSummary,
    /// Who is involved; timeline entries and figures refer to actors by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<RawActor>,
    /// What happened, and who said what.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub timeline: Vec<RawTimelineEntry>,
    /// The numbers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<RawFigure>,
    /// Where it comes from. Every source id cited anywhere must be defined here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<RawSource>,
}

/// What happened, in a sentence and a few paragraphs.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawSummary {
    /// One sentence saying what happened.
    #[schemars(regex(pattern = NOT_BLANK))]
    pub headline: String,
    /// The story in a few paragraphs, separated by blank lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The few things a reader must not miss.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub key_points: Vec<String>,
}

/// One party to the situation.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawActor {
    /// Unique within this briefing; same spelling rules as the briefing id.
    #[schemars(regex(pattern = ID_PATTERN))]
    pub id: String,
    /// The name shown to the reader.
    #[schemars(regex(pattern = NOT_BLANK))]
    pub name: String,
    pub kind: ActorKind,
    /// The side or country the actor belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<String>,
    /// What this actor did or said in this situation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Other names, in particular the other side's name for the same thing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

/// An event, or a statement by its actors.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawTimelineEntry {
    pub when: DateText,
    /// The event, or the gist of the statement, in your own words.
    #[schemars(regex(pattern = NOT_BLANK))]
    pub what: String,
    /// `event` when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<EntryKind>,
    /// Actor ids: who acted, or who spoke.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<String>,
    /// Source ids this entry rests on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// The source's own words, verbatim, in the source's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = NOT_BLANK))]
    pub quote: Option<String>,
    /// How credible the information is: 1 confirmed, 2 probably true, 3 possibly true, 4 doubtful, 5 improbable, 6 cannot be judged (when left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 6))]
    pub credibility: Option<i64>,
    /// Actor ids of those who deny or contest the entry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disputed_by: Vec<String>,
}

/// A number that matters, with where it comes from.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawFigure {
    /// A number, integer or decimal, not negative.
    #[schemars(range(min = 0))]
    pub value: f64,
    /// A short noun shown after the number: `killed`, `residents`.
    #[schemars(regex(pattern = NOT_BLANK))]
    pub unit: String,
    /// One line saying what exactly is counted.
    #[schemars(regex(pattern = NOT_BLANK))]
    pub what: String,
    /// Set when the source says "about", "some", "an estimated"; shown as ~120,000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approximate: Option<bool>,
    /// When the figure was true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<DateText>,
    /// Actor ids of those who report or claim the figure.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<String>,
    /// Source ids this figure rests on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// The source's own words, verbatim, in the source's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = NOT_BLANK))]
    pub quote: Option<String>,
    /// How credible the information is: 1 confirmed, 2 probably true, 3 possibly true, 4 doubtful, 5 improbable, 6 cannot be judged (when left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 6))]
    pub credibility: Option<i64>,
    /// Actor ids of those who deny or contest the figure.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disputed_by: Vec<String>,
}

/// A report, statement or document the briefing rests on. Give at most one of `text` and `text_file`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields, extend("not" = {"required": ["text", "text_file"]}))]
pub struct RawSource {
    /// Unique within this briefing; same spelling rules as the briefing id.
    #[schemars(regex(pattern = ID_PATTERN))]
    pub id: String,
    /// The source's own title, in its own language.
    #[schemars(regex(pattern = NOT_BLANK))]
    pub title: String,
    /// Who published it. Leave it out rather than guess.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Shown, and can be copied; brief never fetches it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<DateText>,
    /// The source's language, a BCP 47 tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = LANGUAGE_PATTERN))]
    pub language: Option<String>,
    /// How reliable the source is: A completely reliable, B usually reliable, C fairly reliable, D not usually reliable, E unreliable, F cannot be judged (when left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("enum" = ["A", "B", "C", "D", "E", "F"]))]
    pub reliability: Option<String>,
    /// The source's full text, inline; quotes are checked against it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Path to a UTF-8 file holding the full text, relative to the briefing file and inside the library.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_file: Option<String>,
}

#[derive(
    Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Low,
    Normal,
    High,
    Critical,
}

/// `government` is a ministry or an administration; `official` a named person or group of officials acting in office.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Hash, JsonSchema)]
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

/// For a `statement`, the entry's actors are the speakers.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Hash, Default, JsonSchema)]
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

/// The date forms of format 1 (see [`super::when`]) as one regular expression:
/// a decade, year, month or day with an optional qualifier, a time of day
/// with its offset, or an interval of them with `..` for an open end.
fn date_pattern() -> String {
    let day = r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])";
    let time = r"T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?(Z|[+-](0[0-9]|1[0-4]):[0-5][0-9])";
    let point = format!(
        r"([0-9]{{3}}X|[0-9]{{4}}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?)[~?%]?|{day}{time}"
    );
    format!(r"^(({point})(/(({point})|\.\.))?|\.\./({point}))$")
}

impl JsonSchema for DateText {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "A date, as exactly as it is known: a year `2020`, a month \
                `2022-12`, a day `2023-09-19`, a time with its UTC offset \
                `2023-09-19T14:00+04:00`, a decade `199X`; a year, month or day may end \
                in `~` (approximate), `?` (uncertain) or `%` (both); an interval \
                `2020-09-27/2020-11-10`, open-ended `2022-12/..` or `../1994`.",
            "pattern": date_pattern(),
            "examples": ["2023-09-19", "2023-09?", "199X", "2020-09-27/2020-11-10"]
        })
    }
}

/// `updated` is a full timestamp, not an EDTF date.
fn timestamp_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "string",
        "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$",
        "examples": ["2023-09-19T18:30:00+02:00"]
    })
}

/// A JSON briefing may name its schema with `"$schema"`, which the loader ignores.
fn allow_schema_key(schema: &mut Schema) {
    if let Some(props) = schema
        .get_mut("properties")
        .and_then(serde_json::Value::as_object_mut)
    {
        props.insert(
            "$schema".into(),
            serde_json::json!({
                "type": "string",
                "description": "The schema this file follows, for editors; brief ignores it."
            }),
        );
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
