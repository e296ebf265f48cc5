//! From what the file says to what the reader can trust: every rule of the
//! contract's "What `check` reports" that is not a matter of syntax.

use chrono::DateTime;

use super::diagnostic::{KeyPath, Severity};
use super::format::too_new;
use super::model::*;
use super::raw::*;

pub use super::quote::{find_folded, fold_for_quote};
use super::suggest::Hints;

mod checker;
mod quotes;
mod sources;

use checker::Checker;
pub use checker::is_valid_id;
use quotes::QuotesFound;
use sources::{source, unique_ids};

/// The model back as raw structs: now `RawBriefing::from(&briefing)`.
pub use super::raw::to_raw;
pub use super::suggest::nearest;

/// The newest format this reader understands.
pub use super::format::FORMAT;

/// A finding about one place in the document, before it is given a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub path: KeyPath,
    pub message: String,
    pub hint: Option<String>,
}

/// Reads a source's `text_file`, given as written; the loader decides what is allowed.
pub type TextFileReader<'a> = dyn FnMut(&str) -> Result<String, String> + 'a;

/// How much [`validate_as`] checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checks {
    /// Every rule `check` reports.
    Full,
    /// A version kept when it was read (see `library::versions`): it was
    /// valid then, and it is known by its fingerprint. The model is built,
    /// and anything that would make it unusable or unsafe (a date, an id or
    /// a reference, a `url`, a text missing) is still an error; but quotes
    /// are not looked for in the source texts (no passages are marked) and
    /// the grading's advice is not given: the costly part of a check.
    Kept,
}

pub fn validate(
    raw: &RawBriefing,
    read_text_file: &mut TextFileReader<'_>,
) -> (Option<Briefing>, Vec<Finding>) {
    validate_as(raw, read_text_file, Checks::Full)
}

/// [`validate`], checking as much as `checks` says.
pub fn validate_as(
    raw: &RawBriefing,
    read_text_file: &mut TextFileReader<'_>,
    checks: Checks,
) -> (Option<Briefing>, Vec<Finding>) {
    let mut c = Checker {
        findings: Vec::new(),
        hints: Hints::default(),
    };
    let root = KeyPath::root();

    if let Some(message) = too_new(raw.format) {
        c.error(root.key("format"), message);
        return (None, c.findings);
    }
    if raw.format != FORMAT {
        c.error(
            root.key("format"),
            format!(
                "format {} is not a briefing format; this reader reads format {FORMAT}",
                raw.format
            ),
        );
    }
    c.id(root.key("id"), &raw.id, "briefing");
    if raw.title.trim().is_empty()
        || raw.title.chars().count() > 200
        || raw.title.contains(['\n', '\r'])
    {
        c.error(
            root.key("title"),
            "`title` must be one line of 1–200 characters",
        );
    }
    let date = c.date(root.key("date"), &raw.date);
    let updated = raw.updated.as_ref().and_then(|u| {
        DateTime::parse_from_rfc3339(&u.0)
            .map_err(|e| {
                c.error(
                    root.key("updated"),
                    format!("{:?} is not an RFC 3339 date-time with offset, such as \"2023-09-19T18:30:00+02:00\" ({e})", u.0),
                )
            })
            .ok()
    });
    if let Some(lang) = &raw.language {
        c.language(root.key("language"), lang);
    }
    for (i, tag) in raw.tags.iter().enumerate() {
        c.non_empty(root.key("tags").index(i), tag);
    }
    c.non_empty(root.key("summary").key("headline"), &raw.summary.headline);

    let actor_ids = unique_ids(
        &mut c,
        &root.key("actors"),
        raw.actors.iter().map(|a| a.id.as_str()),
        "actor",
    );
    let source_ids = unique_ids(
        &mut c,
        &root.key("sources"),
        raw.sources.iter().map(|s| s.id.as_str()),
        "source",
    );

    let actors: Vec<Actor> = raw
        .actors
        .iter()
        .enumerate()
        .map(|(i, a)| {
            c.non_empty(root.key("actors").index(i).key("name"), &a.name);
            Actor {
                id: a.id.clone(),
                name: a.name.clone(),
                kind: a.kind,
                affiliation: a.affiliation.clone(),
                role: a.role.clone(),
                aliases: a.aliases.clone(),
            }
        })
        .collect();

    let mut sources: Vec<Source> = raw
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| source(&mut c, root.key("sources").index(i), s, read_text_file))
        .collect();
    c.findings.extend(super::urls::findings(&raw.sources));
    let quotes = (checks == Checks::Full).then(|| QuotesFound::new(raw, &source_ids, &sources));
    let mut cited = vec![false; sources.len()];

    let mut attribution =
        |c: &mut Checker, path: KeyPath, item: usize, a: AttributionFields<'_>| -> Attribution {
            let actors = c.refs(path.key("actors"), a.actors, &actor_ids, "actor");
            let srcs = c.refs(path.key("sources"), a.sources, &source_ids, "source");
            let disputed_by = c.refs(path.key("disputed_by"), a.disputed_by, &actor_ids, "actor");
            for &s in &srcs {
                cited[s] = true;
            }
            if a.sources.is_empty() {
                c.warn(
                    path.clone(),
                    "cites no source: add `sources` so readers can trace it",
                );
            }
            let credibility = a.credibility.and_then(|n| {
                let cred = Credibility::new(n);
                if cred.is_none() {
                    c.error(
                        path.key("credibility"),
                        format!("credibility {n} is outside 1–6"),
                    );
                }
                cred
            });
            if let Some(quote) = a.quote {
                c.non_empty(path.key("quote"), quote);
                if quotes.as_ref().is_some_and(|q| q.missing(item)) {
                    let names: Vec<&str> = srcs
                        .iter()
                        .filter(|&&s| sources[s].text.is_some())
                        .map(|&s| sources[s].id.as_str())
                        .collect();
                    c.error(
                        path.key("quote"),
                        format!(
                            "the quote does not occur in the text of source {}",
                            names.join(", ")
                        ),
                    );
                }
            }
            Attribution {
                actors,
                sources: srcs,
                quote: a.quote.cloned(),
                passage: quotes.as_ref().and_then(|q| q.passage(item)),
                credibility,
                disputed_by,
            }
        };

    let mut timeline: Vec<TimelineEntry> = Vec::with_capacity(raw.timeline.len());
    let mut timeline_ok = true;
    for (i, t) in raw.timeline.iter().enumerate() {
        let path = root.key("timeline").index(i);
        let when = c.date(path.key("when"), &t.when);
        c.non_empty(path.key("what"), &t.what);
        let attribution = attribution(&mut c, path, i, AttributionFields::of_entry(t));
        match when {
            Some(when) => timeline.push(TimelineEntry {
                when,
                what: t.what.clone(),
                kind: t.kind.unwrap_or_default(),
                attribution,
                file_index: i,
            }),
            None => timeline_ok = false,
        }
    }
    timeline.sort_by(|a, b| a.when.timeline_cmp(&b.when));

    let mut figures = Vec::with_capacity(raw.figures.len());
    for (i, f) in raw.figures.iter().enumerate() {
        let path = root.key("figures").index(i);
        if !f.value.is_finite() || f.value < 0.0 {
            c.error(
                path.key("value"),
                format!("value {} must be a number ≥ 0", f.value),
            );
        }
        c.non_empty(path.key("unit"), &f.unit);
        c.non_empty(path.key("what"), &f.what);
        let as_of = f.as_of.as_ref().and_then(|d| c.date(path.key("as_of"), d));
        let attribution = attribution(
            &mut c,
            path,
            raw.timeline.len() + i,
            AttributionFields::of_figure(f),
        );
        figures.push(Figure {
            value: f.value,
            unit: f.unit.clone(),
            what: f.what.clone(),
            approximate: f.approximate.unwrap_or(false),
            as_of,
            attribution,
        });
    }

    for (i, was_cited) in cited.iter().enumerate() {
        if !was_cited {
            c.warn(
                root.key("sources").index(i),
                format!(
                    "source {:?} is cited by no figure or timeline entry",
                    sources[i].id
                ),
            );
        }
    }

    if let Some(quotes) = &quotes {
        quotes.mark_passages(&mut sources);
    }

    if checks == Checks::Full {
        c.findings.extend(super::grading::check(raw));
    }
    let has_errors = c.findings.iter().any(|f| f.severity == Severity::Error);
    let briefing = match (date, has_errors || !timeline_ok) {
        (Some(date), false) => Some(Briefing {
            id: raw.id.clone(),
            title: raw.title.clone(),
            date,
            updated,
            language: raw.language.clone().unwrap_or_else(|| "en".to_owned()),
            priority: raw.priority.unwrap_or(Priority::Normal),
            region: raw.region.clone(),
            tags: raw.tags.clone(),
            summary: Summary {
                headline: raw.summary.headline.clone(),
                body: paragraphs(raw.summary.body.as_deref().unwrap_or("")),
                key_points: raw.summary.key_points.clone(),
            },
            actors,
            timeline,
            figures,
            sources,
        }),
        _ => None,
    };
    (briefing, c.findings)
}

/// The fields timeline entries and figures share, borrowed from either.
struct AttributionFields<'a> {
    actors: &'a [String],
    sources: &'a [String],
    quote: Option<&'a String>,
    credibility: Option<i64>,
    disputed_by: &'a [String],
}

impl<'a> AttributionFields<'a> {
    fn of_entry(t: &'a RawTimelineEntry) -> Self {
        AttributionFields {
            actors: &t.actors,
            sources: &t.sources,
            quote: t.quote.as_ref(),
            credibility: t.credibility,
            disputed_by: &t.disputed_by,
        }
    }

    fn of_figure(f: &'a RawFigure) -> Self {
        AttributionFields {
            actors: &f.actors,
            sources: &f.sources,
            quote: f.quote.as_ref(),
            credibility: f.credibility,
            disputed_by: &f.disputed_by,
        }
    }
}

/// Paragraphs are separated by blank lines; each keeps its own line breaks.
pub fn paragraphs(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in body.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(line.trim_end());
        }
    }
    if !current.is_empty() {
        out.push(current.join("\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_pattern() {
        assert!(is_valid_id("2023-09-19-karabakh"));
        assert!(is_valid_id("a.b_c-d"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("-a"));
        assert!(!is_valid_id("Upper"));
        assert!(!is_valid_id(&"a".repeat(129)));
        assert!(is_valid_id(&"a".repeat(128)));
    }

    #[test]
    fn body_splits_at_blank_lines() {
        assert_eq!(paragraphs("a\nb\n\n\n c \n"), vec!["a\nb", " c"]);
        assert!(paragraphs("").is_empty());
    }
}
