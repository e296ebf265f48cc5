//! Grading honesty: the warnings of the contract's "What `check` reports" that
//! ask whether a grade says no more than the briefing supports.
//!
//! - credibility 1 ("confirmed") needs two independent sources among those the
//!   item cites: sources with different `publisher`s, a source without one
//!   counting as its own publisher;
//! - an actor who makes a statement or claims a figure cannot also dispute it;
//! - a figure and a timeline entry that quote the same words carry the same grade.
//!
//! A `disputed_by` id that names no actor is not checked here: validation
//! reports it already, as an error, like every unknown actor id.
//!
//! Everything here reads the raw model, so the warnings appear even when the
//! file has errors too, and every pass is linear in the size of the briefing.

use std::collections::{HashMap, HashSet};

use super::diagnostic::{KeyPath, Severity};
use super::model::Credibility;
use super::raw::{EntryKind, RawBriefing, RawFigure, RawTimelineEntry};
use super::validate::{Finding, fold_for_quote};
use crate::text::truncate;

/// How much of an id or a publisher's name a message repeats.
const SHOWN: usize = 80;

/// Every grading warning about `raw`: those about each timeline entry and
/// figure in file order, then the figures graded unlike an entry with their quote.
pub fn check(raw: &RawBriefing) -> Vec<Finding> {
    let publishers = Publishers::of(raw);
    let actor_ids: HashSet<&str> = raw.actors.iter().map(|a| a.id.as_str()).collect();
    let items = items(raw);
    let mut findings = Vec::new();
    for item in &items {
        if let Some(f) = confirmed_without_independent_sources(item, &publishers) {
            findings.push(f);
        }
        findings.extend(disputed_by_a_claimant(item, &actor_ids));
    }
    findings.extend(same_quote_other_grade(&items));
    findings
}

/// What a timeline entry and a figure share, seen from grading.
#[derive(Debug)]
struct Item<'a> {
    path: KeyPath,
    /// Its `actors` claim it: the speakers of a statement, the reporters of a
    /// figure. The actors of an event did it, and may well deny having done it.
    claimed_by_actors: bool,
    is_figure: bool,
    actors: &'a [String],
    sources: &'a [String],
    quote: Option<&'a str>,
    credibility: Option<i64>,
    disputed_by: &'a [String],
}

fn items(raw: &RawBriefing) -> Vec<Item<'_>> {
    let mut out: Vec<Item<'_>> = raw.timeline.iter().enumerate().map(entry).collect();
    out.extend(raw.figures.iter().enumerate().map(figure));
    out
}

fn entry((i, t): (usize, &RawTimelineEntry)) -> Item<'_> {
    Item {
        path: KeyPath::root().key("timeline").index(i),
        claimed_by_actors: t.kind == Some(EntryKind::Statement),
        is_figure: false,
        actors: &t.actors,
        sources: &t.sources,
        quote: t.quote.as_deref(),
        credibility: t.credibility,
        disputed_by: &t.disputed_by,
    }
}

fn figure((i, f): (usize, &RawFigure)) -> Item<'_> {
    Item {
        path: KeyPath::root().key("figures").index(i),
        claimed_by_actors: true,
        is_figure: true,
        actors: &f.actors,
        sources: &f.sources,
        quote: f.quote.as_deref(),
        credibility: f.credibility,
        disputed_by: &f.disputed_by,
    }
}

fn warning(path: KeyPath, message: String, hint: &str) -> Finding {
    Finding {
        severity: Severity::Warning,
        path,
        message,
        hint: Some(hint.to_owned()),
    }
}

/// Who stands behind each source, for telling independent sources apart.
struct Publishers<'a> {
    /// Each source id's publisher, and its name as the first source wrote it.
    by_source: HashMap<&'a str, (Publisher<'a>, Option<&'a str>)>,
}

/// Sources are independent when their publishers differ. A source that names
/// no publisher is its own: nothing says it repeats another.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Publisher<'a> {
    /// Compared without regard to case or runs of whitespace.
    Named(String),
    Unnamed(&'a str),
}

impl<'a> Publishers<'a> {
    fn of(raw: &'a RawBriefing) -> Publishers<'a> {
        let by_source = raw
            .sources
            .iter()
            .map(|s| {
                let written = s
                    .publisher
                    .as_deref()
                    .map(str::trim)
                    .filter(|p| !p.is_empty());
                let publisher = written.map_or(Publisher::Unnamed(&s.id), |p| {
                    Publisher::Named(
                        p.split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" ")
                            .to_lowercase(),
                    )
                });
                (s.id.as_str(), (publisher, written))
            })
            .collect();
        Publishers { by_source }
    }
}

fn confirmed_without_independent_sources(
    item: &Item<'_>,
    publishers: &Publishers<'_>,
) -> Option<Finding> {
    if item.credibility != Some(1) {
        return None;
    }
    // Unknown source ids are errors of their own; they confirm nothing.
    let mut cited: Vec<&str> = item
        .sources
        .iter()
        .map(String::as_str)
        .filter(|s| publishers.by_source.contains_key(s))
        .collect();
    let mut seen = HashSet::new();
    cited.retain(|s| seen.insert(*s));
    let independent: HashSet<&Publisher<'_>> =
        cited.iter().map(|s| &publishers.by_source[s].0).collect();
    if independent.len() >= 2 {
        return None;
    }
    let but = match cited.as_slice() {
        [] => "but it cites none".to_owned(),
        [one] => format!("but it cites only source {:?}", truncate(one, SHOWN)),
        // Several sources, one publisher: only a named one can be shared.
        many => {
            let name = publishers.by_source[many[0]]
                .1
                .map(|p| format!(", {:?}", truncate(p, SHOWN)))
                .unwrap_or_default();
            format!(
                "but its {} sources all come from one publisher{name}",
                many.len()
            )
        }
    };
    Some(warning(
        item.path.key("credibility"),
        format!("credibility 1 (confirmed) needs two independent sources, {but}"),
        "grade it 2 (probably true), or cite a source from another publisher that confirms it",
    ))
}

fn disputed_by_a_claimant(item: &Item<'_>, actor_ids: &HashSet<&str>) -> Vec<Finding> {
    if !item.claimed_by_actors || item.disputed_by.is_empty() {
        return Vec::new();
    }
    let claimants: HashSet<&str> = item.actors.iter().map(String::as_str).collect();
    let (claims, what) = if item.is_figure {
        ("claims", "figure")
    } else {
        ("makes", "statement")
    };
    item.disputed_by
        .iter()
        .enumerate()
        // An unknown id is already an error; one report of it is enough.
        .filter(|(_, id)| claimants.contains(id.as_str()) && actor_ids.contains(id.as_str()))
        .map(|(j, id)| {
            warning(
                item.path.key("disputed_by").index(j),
                format!(
                    "actor {:?} both {claims} this {what} and disputes it",
                    truncate(id, SHOWN)
                ),
                "if it later took this back, give the denial an entry of its own",
            )
        })
        .collect()
}

/// The words of a quote as grading compares them: folded as the quote check
/// folds them, without the punctuation and spaces at either end, so that a
/// figure quoting a sentence without its full stop quotes the same words.
fn quote_key(quote: &str) -> String {
    fold_for_quote(quote)
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_owned()
}

/// The grade of an item: its `credibility`, or 6 ("cannot be judged") when it
/// has none. A value outside 1–6 is an error already and is compared as nothing.
fn grade(item: &Item<'_>) -> Option<Credibility> {
    match item.credibility {
        None => Some(Credibility::CANNOT_BE_JUDGED),
        Some(n) => Credibility::new(n),
    }
}

fn describe(item: &Item<'_>, c: Credibility) -> String {
    match item.credibility {
        None => format!("graded {} ({}) by default", c.get(), c.label()),
        Some(_) => format!("graded {} ({})", c.get(), c.label()),
    }
}

fn same_quote_other_grade(items: &[Item<'_>]) -> Vec<Finding> {
    // For each quote, the first timeline entry at each grade: at most six,
    // so a figure is compared with at most six entries however many share it.
    let mut entries: HashMap<String, [Option<usize>; 6]> = HashMap::new();
    for (n, item) in items.iter().enumerate().filter(|(_, i)| !i.is_figure) {
        let (Some(quote), Some(g)) = (item.quote, grade(item)) else {
            continue;
        };
        let key = quote_key(quote);
        if key.is_empty() {
            continue;
        }
        entries.entry(key).or_default()[usize::from(g.get()) - 1].get_or_insert(n);
    }
    let mut findings = Vec::new();
    for figure in items.iter().filter(|i| i.is_figure) {
        let (Some(quote), Some(g)) = (figure.quote, grade(figure)) else {
            continue;
        };
        let Some(by_grade) = entries.get(&quote_key(quote)) else {
            continue;
        };
        let other = by_grade
            .iter()
            .enumerate()
            .filter(|&(k, _)| k + 1 != usize::from(g.get()))
            .filter_map(|(_, n)| *n)
            .min();
        if let Some(n) = other {
            let entry = &items[n];
            let their = grade(entry).expect("only graded entries are kept");
            findings.push(warning(
                figure.path.key("credibility"),
                format!(
                    "{}, but {} quotes the same words {}",
                    describe(figure, g),
                    entry.path,
                    describe(entry, their)
                ),
                "grade the figure and the entry alike: the same words are as credible in both",
            ));
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(toml: &str) -> RawBriefing {
        let head =
            "format = 1\nid = \"t\"\ntitle = \"T\"\ndate = \"2023\"\n[summary]\nheadline = \"h\"\n";
        toml::from_str(&format!("{head}{toml}")).expect("a raw briefing")
    }

    fn said(toml: &str) -> Vec<String> {
        check(&raw(toml))
            .into_iter()
            .map(|f| format!("{}: {}", f.path, f.message))
            .collect()
    }

    const SOURCES: &str = "[[sources]]\nid = \"a\"\ntitle = \"A\"\npublisher = \"Wire\"\n\
        [[sources]]\nid = \"b\"\ntitle = \"B\"\npublisher = \" wire \"\n\
        [[sources]]\nid = \"c\"\ntitle = \"C\"\n[[sources]]\nid = \"d\"\ntitle = \"D\"\n";

    fn confirmed_citing(sources: &str) -> Vec<String> {
        said(&format!(
            "[[timeline]]\nwhen = \"2023\"\nwhat = \"x\"\nsources = {sources}\ncredibility = 1\n{SOURCES}"
        ))
    }

    #[test]
    fn confirmed_needs_two_publishers() {
        let warned = |s: &str| !confirmed_citing(s).is_empty();
        assert!(warned("[]"));
        assert!(warned("[\"a\"]"));
        assert!(warned("[\"a\", \"a\"]"), "one source cited twice is one");
        assert!(warned("[\"a\", \"b\"]"), "publishers compare folded");
        assert!(
            warned("[\"c\", \"nowhere\"]"),
            "an unknown id confirms nothing"
        );
        assert!(!warned("[\"a\", \"c\"]"));
        assert!(
            !warned("[\"c\", \"d\"]"),
            "each unnamed publisher is its own"
        );
    }

    #[test]
    fn confirmed_messages_say_what_is_missing() {
        assert_eq!(
            confirmed_citing("[\"a\"]"),
            [
                "timeline[0].credibility: credibility 1 (confirmed) needs two independent sources, but it cites only source \"a\""
            ]
        );
        assert_eq!(
            confirmed_citing("[\"a\", \"b\"]"),
            [
                "timeline[0].credibility: credibility 1 (confirmed) needs two independent sources, but its 2 sources all come from one publisher, \"Wire\""
            ]
        );
        assert_eq!(
            confirmed_citing("[]"),
            [
                "timeline[0].credibility: credibility 1 (confirmed) needs two independent sources, but it cites none"
            ]
        );
    }

    #[test]
    fn a_huge_publisher_name_is_cut_in_the_message() {
        let long = "P".repeat(100_000);
        let said = said(&format!(
            "[[timeline]]\nwhen = \"2023\"\nwhat = \"x\"\nsources = [\"a\", \"b\"]\ncredibility = 1\n\
             [[sources]]\nid = \"a\"\ntitle = \"A\"\npublisher = \"{long}\"\n\
             [[sources]]\nid = \"b\"\ntitle = \"B\"\npublisher = \"{long}\"\n"
        ));
        assert_eq!(said.len(), 1);
        assert!(
            said[0].len() < 300 && said[0].ends_with("P…\""),
            "{}",
            said[0]
        );
    }

    const ACTORS: &str = "[[actors]]\nid = \"x\"\nname = \"X\"\nkind = \"state\"\n\
        [[actors]]\nid = \"y\"\nname = \"Y\"\nkind = \"state\"\n";

    #[test]
    fn a_speaker_or_claimant_who_disputes_is_warned_but_not_an_actor_of_an_event() {
        let entry = |kind: &str| {
            said(&format!(
                "{ACTORS}[[timeline]]\nwhen = \"2023\"\nwhat = \"w\"\nkind = \"{kind}\"\n\
                 actors = [\"x\", \"y\"]\ndisputed_by = [\"nobody\", \"y\"]\n"
            ))
        };
        assert_eq!(
            entry("statement"),
            ["timeline[0].disputed_by[1]: actor \"y\" both makes this statement and disputes it"]
        );
        assert!(entry("event").is_empty(), "who did it may deny it");
        let figure = said(&format!(
            "{ACTORS}[[figures]]\nvalue = 1\nunit = \"u\"\nwhat = \"w\"\nactors = [\"x\"]\ndisputed_by = [\"y\", \"x\"]\n"
        ));
        assert_eq!(
            figure,
            ["figures[0].disputed_by[1]: actor \"x\" both claims this figure and disputes it"]
        );
    }

    fn figure_and_entry(entry_quote: &str, entry_grade: &str, figure_grade: &str) -> Vec<String> {
        said(&format!(
            "[[timeline]]\nwhen = \"2023\"\nwhat = \"w\"\nquote = {entry_quote:?}\n{entry_grade}\n\
             [[timeline]]\nwhen = \"2023\"\nwhat = \"w\"\nquote = \"other words\"\ncredibility = 4\n\
             [[figures]]\nvalue = 1\nunit = \"u\"\nwhat = \"w\"\nquote = \"«\u{a0}Onze tués\u{a0}»\"\n{figure_grade}\n"
        ))
        .into_iter()
        // Leave out the warning about the entry's credibility 1.
        .filter(|l| l.starts_with("figures"))
        .collect()
    }

    #[test]
    fn the_same_words_carry_the_same_grade() {
        assert!(
            figure_and_entry("« Onze  tués ».", "credibility = 2", "credibility = 2").is_empty()
        );
        assert!(
            figure_and_entry("Onze tués ailleurs", "credibility = 1", "credibility = 2").is_empty()
        );
        assert_eq!(
            figure_and_entry("\"Onze tués\".", "credibility = 1", "credibility = 2"),
            [
                "figures[0].credibility: graded 2 (probably true), but timeline[0] quotes the same words graded 1 (confirmed)"
            ]
        );
        assert_eq!(
            figure_and_entry("Onze tués", "credibility = 3", ""),
            [
                "figures[0].credibility: graded 6 (cannot be judged) by default, but timeline[0] quotes the same words graded 3 (possibly true)"
            ]
        );
        assert!(figure_and_entry("Onze tués", "", "credibility = 6").is_empty());
        assert!(figure_and_entry("Onze tués", "credibility = 9", "").is_empty());
    }

    #[test]
    fn many_entries_sharing_a_quote_name_the_first_that_differs() {
        let mut toml = String::new();
        for g in [2, 2, 3, 4, 3] {
            toml.push_str(&format!(
                "[[timeline]]\nwhen = \"2023\"\nwhat = \"w\"\nquote = \"q\"\ncredibility = {g}\n"
            ));
        }
        toml.push_str(
            "[[figures]]\nvalue = 1\nunit = \"u\"\nwhat = \"w\"\nquote = \"q\"\ncredibility = 2\n",
        );
        assert_eq!(
            said(&toml),
            [
                "figures[0].credibility: graded 2 (probably true), but timeline[2] quotes the same words graded 3 (possibly true)"
            ]
        );
    }
}
