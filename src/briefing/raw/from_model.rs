//! The checked model back as raw structs, for writing a briefing out
//! (JSON export, the state file's copies): ids for indices, text for dates.

use super::*;
use crate::briefing::format::FORMAT;
use crate::briefing::model::{Briefing, SourceText, TimelineEntry};

/// [`RawBriefing::from`], by its old name.
pub fn to_raw(b: &Briefing) -> RawBriefing {
    RawBriefing::from(b)
}

impl From<&Briefing> for RawBriefing {
    fn from(b: &Briefing) -> RawBriefing {
        let actor_ids = |v: &[usize]| {
            v.iter()
                .map(|&i| b.actors[i].id.clone())
                .collect::<Vec<_>>()
        };
        let source_ids = |v: &[usize]| {
            v.iter()
                .map(|&i| b.sources[i].id.clone())
                .collect::<Vec<_>>()
        };
        let mut entries: Vec<&TimelineEntry> = b.timeline.iter().collect();
        entries.sort_by_key(|t| t.file_index);
        RawBriefing {
            format: FORMAT,
            id: b.id.clone(),
            title: b.title.clone(),
            date: DateText(b.date.to_edtf()),
            updated: b.updated.map(|u| DateText(u.to_rfc3339())),
            language: Some(b.language.clone()),
            priority: Some(b.priority),
            region: b.region.clone(),
            tags: b.tags.clone(),
            summary: RawSummary {
                headline: b.summary.headline.clone(),
                body: (!b.summary.body.is_empty()).then(|| b.summary.body.join("\n\n")),
                key_points: b.summary.key_points.clone(),
            },
            actors: b
                .actors
                .iter()
                .map(|a| RawActor {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    kind: a.kind,
                    affiliation: a.affiliation.clone(),
                    role: a.role.clone(),
                    aliases: a.aliases.clone(),
                })
                .collect(),
            timeline: entries
                .iter()
                .map(|t| RawTimelineEntry {
                    when: DateText(t.when.to_edtf()),
                    what: t.what.clone(),
                    kind: Some(t.kind),
                    actors: actor_ids(&t.attribution.actors),
                    sources: source_ids(&t.attribution.sources),
                    quote: t.attribution.quote.clone(),
                    credibility: t.attribution.credibility.map(|c| c.get() as i64),
                    disputed_by: actor_ids(&t.attribution.disputed_by),
                })
                .collect(),
            figures: b
                .figures
                .iter()
                .map(|f| RawFigure {
                    value: f.value,
                    unit: f.unit.clone(),
                    what: f.what.clone(),
                    approximate: Some(f.approximate),
                    as_of: f.as_of.as_ref().map(|w| DateText(w.to_edtf())),
                    actors: actor_ids(&f.attribution.actors),
                    sources: source_ids(&f.attribution.sources),
                    quote: f.attribution.quote.clone(),
                    credibility: f.attribution.credibility.map(|c| c.get() as i64),
                    disputed_by: actor_ids(&f.attribution.disputed_by),
                })
                .collect(),
            sources: b
                .sources
                .iter()
                .map(|s| RawSource {
                    id: s.id.clone(),
                    title: s.title.clone(),
                    publisher: s.publisher.clone(),
                    url: s.url.clone(),
                    published: s.published.as_ref().map(|w| DateText(w.to_edtf())),
                    language: s.language.clone(),
                    reliability: s.reliability.map(|r| r.letter().to_string()),
                    text: match &s.text {
                        Some(SourceText {
                            content,
                            file: None,
                            ..
                        }) => Some(content.clone()),
                        _ => None,
                    },
                    text_file: s.text.as_ref().and_then(|t| t.file.clone()),
                })
                .collect(),
        }
    }
}
