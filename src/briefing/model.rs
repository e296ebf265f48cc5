//! The checked briefing: what the rest of the program reads.
//!
//! Everything here has passed validation: dates are parsed, every reference
//! resolves (so references are indices, not ids), grades are in range and the
//! timeline is in the contract's order.

use std::ops::Range;

use chrono::{DateTime, FixedOffset};

pub use super::raw::{ActorKind, EntryKind, Priority};
use super::when::When;
use crate::text::group_thousands;

#[derive(Debug, Clone, PartialEq)]
pub struct Briefing {
    pub id: String,
    pub title: String,
    pub date: When,
    pub updated: Option<DateTime<FixedOffset>>,
    /// The language of the briefing's own text, `en` unless the file says.
    pub language: String,
    pub priority: Priority,
    pub region: Option<String>,
    pub tags: Vec<String>,
    pub summary: Summary,
    pub actors: Vec<Actor>,
    /// In timeline order: earliest instant, coarser first, then file order.
    pub timeline: Vec<TimelineEntry>,
    pub figures: Vec<Figure>,
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub headline: String,
    /// Paragraphs, as split at blank lines.
    pub body: Vec<String>,
    pub key_points: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub kind: ActorKind,
    pub affiliation: Option<String>,
    pub role: Option<String>,
    pub aliases: Vec<String>,
}

/// What timeline entries and figures share: who, from where, how credible.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Attribution {
    /// Indices into [`Briefing::actors`]: who acted, spoke, or claims it.
    pub actors: Vec<usize>,
    /// Indices into [`Briefing::sources`].
    pub sources: Vec<usize>,
    pub quote: Option<String>,
    /// Where the quote occurs in the text of a source it cites, if one has a
    /// text and the quote was found there (the first such source).
    pub passage: Option<Passage>,
    pub credibility: Option<Credibility>,
    /// Indices into [`Briefing::actors`]: who denies or contests it.
    pub disputed_by: Vec<usize>,
}

/// A quoted passage: a source, by index into [`Briefing::sources`], and the
/// byte range of the quote in that source's [`SourceText::content`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    pub source: usize,
    pub range: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TimelineEntry {
    pub when: When,
    pub what: String,
    pub kind: EntryKind,
    pub attribution: Attribution,
    /// Position in the file, for messages and stable order.
    pub file_index: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub value: f64,
    pub unit: String,
    pub what: String,
    pub approximate: bool,
    pub as_of: Option<When>,
    pub attribution: Attribution,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub published: Option<When>,
    pub language: Option<String>,
    pub reliability: Option<Reliability>,
    pub text: Option<SourceText>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SourceText {
    pub content: String,
    /// The `text_file` path as written, relative to the briefing; `None` for inline text.
    pub file: Option<String>,
    /// Byte ranges in `content` of every passage the briefing quotes from
    /// this source, in text order (each quote where it first occurs).
    pub passages: Vec<Range<usize>>,
}

/// Admiralty information credibility, 1 (confirmed) to 6 (cannot be judged).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Credibility(u8);

impl Credibility {
    pub const CANNOT_BE_JUDGED: Credibility = Credibility(6);

    pub fn new(n: i64) -> Option<Credibility> {
        (1..=6).contains(&n).then_some(Credibility(n as u8))
    }

    pub fn get(self) -> u8 {
        self.0
    }

    pub fn label(self) -> &'static str {
        match self.0 {
            1 => "confirmed",
            2 => "probably true",
            3 => "possibly true",
            4 => "doubtful",
            5 => "improbable",
            _ => "cannot be judged",
        }
    }
}

/// Admiralty source reliability, A (completely reliable) to F (cannot be judged).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reliability {
    A,
    B,
    C,
    D,
    E,
    F,
}

impl Reliability {
    pub fn parse(s: &str) -> Option<Reliability> {
        Some(match s {
            "A" => Reliability::A,
            "B" => Reliability::B,
            "C" => Reliability::C,
            "D" => Reliability::D,
            "E" => Reliability::E,
            "F" => Reliability::F,
            _ => return None,
        })
    }

    pub fn letter(self) -> char {
        (b'A' + self as u8) as char
    }

    pub fn label(self) -> &'static str {
        match self {
            Reliability::A => "completely reliable",
            Reliability::B => "usually reliable",
            Reliability::C => "fairly reliable",
            Reliability::D => "not usually reliable",
            Reliability::E => "unreliable",
            Reliability::F => "cannot be judged",
        }
    }
}

/// An item's Admiralty grade: see [`Briefing::grade_of`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grade {
    pub reliability: Option<Reliability>,
    pub credibility: Credibility,
}

impl Grade {
    /// `B3`, where the reliability is known.
    pub fn code(&self) -> Option<String> {
        let r = self.reliability?;
        Some(format!("{}{}", r.letter(), self.credibility.get()))
    }

    /// `B3 possibly true`, or `credibility 3 possibly true`.
    pub fn label(&self) -> String {
        let c = self.credibility;
        match self.code() {
            Some(code) => format!("{code} {}", c.label()),
            None => format!("credibility {} {}", c.get(), c.label()),
        }
    }
}

impl Priority {
    pub fn label(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Normal => "normal",
            Priority::High => "high",
            Priority::Critical => "critical",
        }
    }
}

impl ActorKind {
    pub fn label(self) -> &'static str {
        match self {
            ActorKind::State => "state",
            ActorKind::Government => "government",
            ActorKind::Military => "military",
            ActorKind::ArmedGroup => "armed group",
            ActorKind::Official => "official",
            ActorKind::Organization => "organization",
            ActorKind::Population => "population",
            ActorKind::Other => "other",
        }
    }
}

impl Figure {
    /// The number as people read it: `11`, `~120,000`, `2.5`.
    pub fn display_value(&self) -> String {
        let tilde = if self.approximate { "~" } else { "" };
        format!("{tilde}{}", format_number(self.value))
    }
}

/// A non-negative number with thousands grouped and no needless decimals.
pub fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return group_thousands(&format!("{v:.0}"));
    }
    let text = format!("{v}");
    match text.split_once('.') {
        Some((int, frac)) if int.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{}.{frac}", group_thousands(int))
        }
        _ => text,
    }
}

impl Briefing {
    /// The Admiralty grade of an item, if it has a credibility: the best
    /// reliability among its sources (if any is graded) and its credibility.
    pub fn grade_of(&self, a: &Attribution) -> Option<Grade> {
        Some(Grade {
            reliability: a
                .sources
                .iter()
                .filter_map(|&s| self.sources[s].reliability)
                .min(),
            credibility: a.credibility?,
        })
    }

    /// The Admiralty grade of an item as one code, `B3`, where both halves
    /// are known: the best reliability among its sources and its credibility.
    pub fn grade(&self, a: &Attribution) -> Option<String> {
        self.grade_of(a)?.code()
    }

    /// The grade in words, as every view shows it: `F2 probably true`, or
    /// `credibility 2 probably true` with no graded source; empty with no
    /// credibility.
    pub fn grade_text(&self, a: &Attribution) -> String {
        self.grade_of(a).map(|g| g.label()).unwrap_or_default()
    }

    pub fn actor_names(&self, indices: &[usize]) -> Vec<&str> {
        indices
            .iter()
            .map(|&i| self.actors[i].name.as_str())
            .collect()
    }

    pub fn source_titles(&self, indices: &[usize]) -> Vec<&str> {
        indices
            .iter()
            .map(|&i| self.sources[i].title.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_and_approximations_marked() {
        let fig = |value, approximate| Figure {
            value,
            unit: "x".into(),
            what: "x".into(),
            approximate,
            as_of: None,
            attribution: Attribution::default(),
        };
        assert_eq!(fig(11.0, false).display_value(), "11");
        assert_eq!(fig(120000.0, true).display_value(), "~120,000");
        assert_eq!(fig(3000.0, true).display_value(), "~3,000");
        assert_eq!(fig(2.5, false).display_value(), "2.5");
        assert_eq!(fig(1234.75, false).display_value(), "1,234.75");
        assert_eq!(fig(0.0, false).display_value(), "0");
    }

    #[test]
    fn grades_read_as_admiralty_codes() {
        assert_eq!(Reliability::B.letter(), 'B');
        assert_eq!(Credibility::new(3).unwrap().label(), "possibly true");
        assert!(Credibility::new(0).is_none());
        assert!(Credibility::new(7).is_none());
        let c = Credibility::new(2).unwrap();
        let graded = Grade {
            reliability: Some(Reliability::F),
            credibility: c,
        };
        assert_eq!(graded.label(), "F2 probably true");
        let alone = Grade {
            reliability: None,
            credibility: c,
        };
        assert_eq!(alone.label(), "credibility 2 probably true");
    }
}
