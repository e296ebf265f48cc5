//! What changed in a briefing since the version a reader read: the redline.
//!
//! Parts are paired old to new, then compared field by field. Actors and
//! sources carry ids, so they pair by id. Timeline entries and figures have
//! none: they pair first by identical content, then by the same quote, then
//! by the same text (`what`; for figures unit and `what`, then `what`), then
//! by the same date (entries) or unit (figures), each pass taking unpaired
//! items in order. What stays unpaired was added or removed. Every pass is
//! one hash map over the items, so pairing is linear.
//!
//! Prose (headline, paragraphs, key points, roles, `what`, quotes, titles)
//! gets a word-level diff; values (figures, grades, dates, kinds) are shown
//! as old → new. A removed part keeps its place: it sits before the current
//! part it preceded, so a reader can show it struck through where it was.
//!
//! Nothing here does I/O or knows about screens: the reader and `brief diff`
//! only render a [`Redline`].

use std::collections::HashMap;

use super::model::{Briefing, Figure, TimelineEntry};

mod fields;
mod pair;
mod words;

use fields::{header, summary};
use pair::{Cx, Pairing, attribution_key, hash, section, when_key};
pub use words::words;

/// The sections of a briefing, in the order the reader shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// Title, date, priority, region, language, tags.
    Header,
    Summary,
    Actors,
    Timeline,
    Figures,
    Sources,
}

impl Section {
    /// The name of one part of the section, as messages and JSON use it.
    pub fn part_name(self) -> &'static str {
        match self {
            Section::Header => "header",
            Section::Summary => "summary",
            Section::Actors => "actor",
            Section::Timeline => "timeline",
            Section::Figures => "figure",
            Section::Sources => "source",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Added,
    Removed,
    Changed,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Added => "added",
            Status::Removed => "removed",
            Status::Changed => "changed",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanKind {
    /// In both versions.
    Same,
    /// Only in the version read: deleted.
    Old,
    /// Only in the current version: inserted.
    New,
}

/// A run of text in a word-level diff. `Same` and `Old` spans in order give
/// the old text back exactly; `Same` and `New` spans give the new text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub kind: SpanKind,
    pub text: String,
}

/// One field of a part that differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The format's key: `what`, `quote`, `value`, `grade`, `body`…
    pub name: &'static str,
    /// As read; `None` where the part or the field did not exist.
    pub old: Option<String>,
    /// As now; `None` where the part or the field no longer exists.
    pub new: Option<String>,
    /// For prose, the word-level diff; empty for values, shown as old → new.
    pub words: Vec<Span>,
    /// For an item of a list (a body paragraph, a key point): its index in
    /// the current list; a removed item sits before the item at this index.
    pub at: Option<usize>,
}

/// A part that was added, removed or changed.
#[derive(Debug, Clone, PartialEq)]
pub struct PartChange {
    pub section: Section,
    pub status: Status,
    /// Index in the version read (`actors`, `timeline`… of that briefing).
    pub old: Option<usize>,
    /// Index in the current briefing; `None` for a removed part.
    pub new: Option<usize>,
    /// Where the reader shows it: the current index, or for a removed part
    /// the index of the current part it comes before (the section's length
    /// when it was last).
    pub at: usize,
    /// One line naming the part: a name, a date and what, a figure, a title.
    pub label: String,
    /// The fields that differ; for an added or removed part, all of its fields.
    pub fields: Vec<Field>,
}

/// What changed, part by part, in the order the reader shows the parts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Redline {
    pub parts: Vec<PartChange>,
}

/// A version as read. Source texts are not kept with it, only their
/// fingerprints, so that a changed text is still noticed.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    pub briefing: Briefing,
    /// Source id → [`text_print`] of its text when read.
    pub texts: HashMap<String, String>,
}

impl Version {
    pub fn of(b: &Briefing) -> Version {
        let texts = b
            .sources
            .iter()
            .filter_map(|s| Some((s.id.clone(), text_print(&s.text.as_ref()?.content))))
            .collect();
        Version {
            briefing: b.clone(),
            texts,
        }
    }
}

/// A source text's fingerprint, as a person can compare it: its size and a
/// stable 64-bit FNV-1a hash, `4,210 bytes #1a2b3c4d5e6f7a8b`.
pub fn text_print(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let size = crate::text::group_thousands(&text.len().to_string());
    format!("{size} bytes #{hash:016x}")
}

/// The redline of `new` against the version read.
pub fn diff(old: &Version, new: &Briefing) -> Redline {
    let o = &old.briefing;
    let mut parts = Vec::new();
    parts.extend(header(o, new));
    parts.extend(summary(o, new));
    let cx = Cx {
        o,
        n: new,
        texts: &old.texts,
    };
    let mut actors = Pairing::new(o.actors.len(), new.actors.len());
    actors.pass(&o.actors, &new.actors, |_, a| Some(hash(&a.id)), &cx);
    section(&cx, &o.actors, &new.actors, &actors, &mut parts);

    let (ot, nt) = (&o.timeline, &new.timeline);
    let mut timeline = Pairing::new(ot.len(), nt.len());
    let whole = |b: &Briefing, t: &TimelineEntry| {
        Some(hash((
            when_key(&t.when),
            &t.what,
            t.kind as u8,
            attribution_key(b, &t.attribution),
        )))
    };
    timeline.pass(ot, nt, whole, &cx);
    timeline.pass(ot, nt, |_, t| t.attribution.quote.as_ref().map(hash), &cx);
    timeline.pass(ot, nt, |_, t| Some(hash(&t.what)), &cx);
    timeline.pass(ot, nt, |_, t| Some(hash(when_key(&t.when))), &cx);
    section(&cx, ot, nt, &timeline, &mut parts);

    let (of, nf) = (&o.figures, &new.figures);
    let mut figures = Pairing::new(of.len(), nf.len());
    let whole = |b: &Briefing, f: &Figure| {
        let a = attribution_key(b, &f.attribution);
        Some(hash((
            f.value.to_bits(),
            &f.unit,
            &f.what,
            f.as_of.as_ref().map(when_key),
            a,
        )))
    };
    figures.pass(of, nf, whole, &cx);
    figures.pass(of, nf, |_, f| f.attribution.quote.as_ref().map(hash), &cx);
    figures.pass(of, nf, |_, f| Some(hash((&f.unit, &f.what))), &cx);
    figures.pass(of, nf, |_, f| Some(hash(&f.what)), &cx);
    figures.pass(of, nf, |_, f| Some(hash(&f.unit)), &cx);
    section(&cx, of, nf, &figures, &mut parts);

    let mut sources = Pairing::new(o.sources.len(), new.sources.len());
    sources.pass(&o.sources, &new.sources, |_, s| Some(hash(&s.id)), &cx);
    section(&cx, &o.sources, &new.sources, &sources, &mut parts);
    Redline { parts }
}

impl Redline {
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The changes in one section, in order.
    pub fn in_section(&self, section: Section) -> impl Iterator<Item = &PartChange> {
        self.parts.iter().filter(move |p| p.section == section)
    }

    /// One line for the library row: figure changes first (`killed 11→32`),
    /// then counts per section (`summary, +2 timeline, -1 actor, 1 source`):
    /// `+` added, `-` removed, a bare number changed. `ascii` writes `->`.
    pub fn summary(&self, ascii: bool) -> String {
        let arrow = if ascii { "->" } else { "→" };
        let mut out: Vec<String> = Vec::new();
        let value_changed = |p: &PartChange| {
            p.section == Section::Figures
                && p.status == Status::Changed
                && p.field("value").is_some()
        };
        for p in self.parts.iter().filter(|p| value_changed(p)) {
            let f = p.field("value").expect("checked above");
            let (old, new) = (
                f.old.as_deref().unwrap_or(""),
                f.new.as_deref().unwrap_or(""),
            );
            out.push(match (old.split_once(' '), new.split_once(' ')) {
                (Some((a, unit)), Some((b, unit2))) if unit == unit2 => {
                    format!("{unit} {a}{arrow}{b}")
                }
                _ => format!("{old}{arrow}{new}"),
            });
        }
        let sections = [
            Section::Header,
            Section::Summary,
            Section::Actors,
            Section::Timeline,
            Section::Figures,
            Section::Sources,
        ];
        for s in sections {
            let count = |st: Status| {
                self.in_section(s)
                    .filter(|p| p.status == st && !value_changed(p))
                    .count()
            };
            let noun = |n: usize| match (s, n) {
                (Section::Header, _) => "title".to_owned(),
                (Section::Summary, _) => "summary".to_owned(),
                (Section::Timeline, n) => format!("{n} timeline"),
                (s, 1) => format!("1 {}", s.part_name()),
                (s, n) => format!("{n} {}s", s.part_name()),
            };
            let (added, removed, changed) = (
                count(Status::Added),
                count(Status::Removed),
                count(Status::Changed),
            );
            if added > 0 {
                out.push(format!("+{}", noun(added)));
            }
            if removed > 0 {
                out.push(format!("-{}", noun(removed)));
            }
            if changed > 0 {
                out.push(noun(changed));
            }
        }
        out.join(", ")
    }
}

impl PartChange {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

impl Field {
    /// A value's change in one phrase: `11 → 32 killed` when only the number
    /// changed, `B3 → B2`, `— → B2` where there was none.
    pub fn arrow(&self, arrow: &str) -> String {
        let (old, new) = (
            self.old.as_deref().unwrap_or("—"),
            self.new.as_deref().unwrap_or("—"),
        );
        match (old.split_once(' '), new.split_once(' ')) {
            (Some((a, unit)), Some((b, unit2))) if unit == unit2 && self.name == "value" => {
                format!("{a} {arrow} {b} {unit}")
            }
            _ => format!("{old} {arrow} {new}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::{Syntax, load_str};

    const BASE: &str = r#"
format = 1
id = "x"
title = "Offensive in the north"
date = "2023-09-19"
[summary]
headline = "Forces launched an offensive on the town."
body = "First paragraph stays.\n\nSecond paragraph about the town."
key_points = ["One", "Two"]
[[actors]]
id = "a"
name = "Army"
kind = "military"
role = "Attacked the town."
[[actors]]
id = "b"
name = "Ministry"
kind = "government"
[[timeline]]
when = "2023-09-19"
what = "The offensive begins at dawn."
sources = ["s"]
credibility = 3
[[figures]]
value = 11
unit = "killed"
what = "Civilians killed"
sources = ["s"]
credibility = 3
[[sources]]
id = "s"
title = "Agency report"
reliability = "B"
"#;

    fn load(text: &str) -> Briefing {
        let (b, d) = load_str(
            std::path::Path::new("x.toml"),
            text,
            Syntax::Toml,
            &mut |_| Err("no".into()),
        );
        b.unwrap_or_else(|| panic!("{d:?}"))
    }

    fn redline(old: &str, new: &str) -> Redline {
        diff(&Version::of(&load(old)), &load(new))
    }

    fn marked(spans: &[Span]) -> String {
        spans
            .iter()
            .map(|s| match s.kind {
                SpanKind::Same => s.text.clone(),
                SpanKind::Old => format!("[-{}-]", s.text),
                SpanKind::New => format!("{{+{}+}}", s.text),
            })
            .collect()
    }

    #[test]
    fn nothing_changed_is_empty() {
        assert!(redline(BASE, BASE).is_empty());
    }

    #[test]
    fn words_read_as_git_word_diff_and_give_both_texts_back() {
        let cases = [
            (
                "the offensive begins at dawn",
                "the offensive began before dawn",
            ),
            ("a b c", "x y z"),
            ("", "all new"),
            ("all gone", ""),
            ("  spaced   out ", "spaced in"),
            ("same", "same"),
        ];
        for (old, new) in cases {
            let spans = words(old, new);
            let side = |k: SpanKind| -> String {
                spans
                    .iter()
                    .filter(|s| s.kind == SpanKind::Same || s.kind == k)
                    .map(|s| s.text.as_str())
                    .collect()
            };
            assert_eq!(side(SpanKind::Old), old);
            assert_eq!(side(SpanKind::New), new);
        }
        assert_eq!(
            marked(&words(
                "the offensive begins at dawn",
                "the offensive began before dawn"
            )),
            "the offensive [-begins at-]{+began before+} dawn"
        );
    }

    #[test]
    fn a_huge_rewrite_is_one_replacement_not_a_quadratic_diff() {
        let old: String = (0..20_000).map(|i| format!("w{i} ")).collect();
        let new: String = (0..20_000).map(|i| format!("v{i} ")).collect();
        let spans = words(&old, &new);
        assert_eq!(
            spans.len(),
            3,
            "{:?}",
            &spans.iter().map(|s| s.kind).collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_figure_shows_old_and_new_value_and_grade() {
        let new = BASE
            .replace("value = 11", "value = 32")
            .replace("reliability = \"B\"", "reliability = \"A\"");
        let r = redline(BASE, &new);
        let fig = r.in_section(Section::Figures).next().unwrap();
        assert_eq!(fig.status, Status::Changed);
        assert_eq!(fig.field("value").unwrap().arrow("→"), "11 → 32 killed");
        assert_eq!(fig.field("grade").unwrap().arrow("→"), "B3 → A3");
        assert!(
            r.summary(false)
                .starts_with("killed 11→32, 1 timeline, 1 source"),
            "{}",
            r.summary(false)
        );
        assert!(r.summary(true).starts_with("killed 11->32"));
    }

    #[test]
    fn a_removed_actor_keeps_its_place_and_an_added_entry_is_listed() {
        let new = BASE.replace(
            "[[actors]]\nid = \"a\"\nname = \"Army\"\nkind = \"military\"\nrole = \"Attacked the town.\"\n",
            "",
        ) + "[[timeline]]\nwhen = \"2023-09-20\"\nwhat = \"A ceasefire is agreed.\"\n";
        let r = redline(BASE, &new);
        let actor = r.in_section(Section::Actors).next().unwrap();
        assert_eq!(
            (actor.status, actor.at, actor.old),
            (Status::Removed, 0, Some(0))
        );
        assert_eq!(actor.field("name").unwrap().old.as_deref(), Some("Army"));
        let entry = r.in_section(Section::Timeline).next().unwrap();
        assert_eq!((entry.status, entry.new), (Status::Added, Some(1)));
        assert_eq!(r.summary(false), "-1 actor, +1 timeline");
    }

    #[test]
    fn an_edited_entry_pairs_with_its_old_self_and_diffs_by_word() {
        let new = BASE.replace("begins at dawn", "began before dawn");
        let r = redline(BASE, &new);
        let entry = r.in_section(Section::Timeline).next().unwrap();
        assert_eq!(entry.status, Status::Changed);
        assert_eq!(
            marked(&entry.field("what").unwrap().words),
            "The offensive [-begins at-]{+began before+} dawn."
        );
    }

    #[test]
    fn paragraphs_and_key_points_are_items_placed_in_the_current_list() {
        let new = BASE
            .replace(
                "Second paragraph about the town.",
                "Second paragraph about the city.",
            )
            .replace("[\"One\", \"Two\"]", "[\"Two\", \"Three\"]");
        let r = redline(BASE, &new);
        let s = r.in_section(Section::Summary).next().unwrap();
        let body: Vec<_> = s.fields.iter().filter(|f| f.name == "body").collect();
        assert_eq!(body.len(), 1);
        assert_eq!(body[0].at, Some(1));
        assert_eq!(
            marked(&body[0].words),
            "Second paragraph about the [-town.-]{+city.+}"
        );
        let points: Vec<_> = s
            .fields
            .iter()
            .filter(|f| f.name == "key_points")
            .map(|f| (f.old.as_deref(), f.new.as_deref(), f.at))
            .collect();
        assert_eq!(
            points,
            [(Some("One"), None, Some(0)), (None, Some("Three"), Some(1))]
        );
    }

    #[test]
    fn a_changed_source_text_is_noticed_from_its_fingerprint() {
        let old = BASE.replace(
            "reliability = \"B\"",
            "reliability = \"B\"\ntext = \"Eleven killed.\"",
        );
        let new = BASE.replace(
            "reliability = \"B\"",
            "reliability = \"B\"\ntext = \"Thirty-two killed.\"",
        );
        let mut version = Version::of(&load(&old));
        for s in &mut version.briefing.sources {
            s.text = None;
        }
        let r = diff(&version, &load(&new));
        let src = r.in_section(Section::Sources).next().unwrap();
        assert_eq!(
            src.field("text").unwrap().old.as_deref(),
            Some("14 bytes #3e7781d3b5705a9d")
        );
    }
}
