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

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;

use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::model::{
    Actor, Attribution, Briefing, Credibility, Figure, Reliability, Source, TimelineEntry,
};

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

/// The two briefings and what is known of the old one's source texts.
struct Cx<'a> {
    o: &'a Briefing,
    n: &'a Briefing,
    texts: &'a HashMap<String, String>,
}

/// A kind of part the redline compares field by field.
trait Part {
    const SECTION: Section;
    fn label(&self, b: &Briefing) -> String;
    /// Fields of the part on each side; a side is `None` for an added or removed part.
    fn fields(cx: &Cx, o: Option<&Self>, n: Option<&Self>) -> Vec<Field>;
}

/// Old → new pairs, made in passes: each pass pairs the still unpaired
/// items that share a key, in order, with one hash map.
struct Pairing {
    old_to_new: Vec<Option<usize>>,
    new_paired: Vec<bool>,
}

impl Pairing {
    fn new(old: usize, new: usize) -> Pairing {
        Pairing {
            old_to_new: vec![None; old],
            new_paired: vec![false; new],
        }
    }

    fn pass<T>(
        &mut self,
        old: &[T],
        new: &[T],
        key: impl Fn(&Briefing, &T) -> Option<u64>,
        cx: &Cx,
    ) {
        let mut waiting: HashMap<u64, VecDeque<usize>> = HashMap::new();
        for (i, item) in old.iter().enumerate() {
            if self.old_to_new[i].is_none()
                && let Some(k) = key(cx.o, item)
            {
                waiting.entry(k).or_default().push_back(i);
            }
        }
        if waiting.is_empty() {
            return;
        }
        for (j, item) in new.iter().enumerate() {
            if self.new_paired[j] {
                continue;
            }
            if let Some(i) = key(cx.n, item).and_then(|k| waiting.get_mut(&k)?.pop_front()) {
                self.old_to_new[i] = Some(j);
                self.new_paired[j] = true;
            }
        }
    }
}

/// A key for pairing. Two different items that share a hash pair up only
/// to be compared field by field, so a collision costs nothing but a
/// slightly odd pairing.
fn hash(v: impl Hash) -> u64 {
    use std::hash::Hasher;
    let mut h = std::hash::DefaultHasher::new();
    v.hash(&mut h);
    h.finish()
}

/// A date for pairing: where it sorts (a collision only pairs loosely).
fn when_key(w: &super::When) -> (i64, u8) {
    (w.earliest(), w.precision() as u8)
}

/// Everything about an entry's or figure's attribution, by id (indices
/// shift when actors or sources are added).
fn attribution_key(b: &Briefing, a: &Attribution) -> u64 {
    let actors = |v: &[usize]| hash(v.iter().map(|&i| &b.actors[i].id).collect::<Vec<_>>());
    let sources: Vec<&String> = a.sources.iter().map(|&i| &b.sources[i].id).collect();
    hash((
        actors(&a.actors),
        sources,
        &a.quote,
        a.credibility,
        actors(&a.disputed_by),
    ))
}

/// The changes of one section, removed parts placed before the current part
/// that followed their nearest kept predecessor.
fn section<T: Part>(cx: &Cx, old: &[T], new: &[T], pairing: &Pairing, out: &mut Vec<PartChange>) {
    let s = T::SECTION;
    let old_to_new = &pairing.old_to_new;
    let mut new_to_old = vec![None; new.len()];
    let mut removed_at: Vec<Vec<usize>> = vec![Vec::new(); new.len() + 1];
    let mut anchor = 0;
    for (i, paired) in old_to_new.iter().enumerate() {
        match paired {
            Some(j) => {
                new_to_old[*j] = Some(i);
                anchor = j + 1;
            }
            None => removed_at[anchor].push(i),
        }
    }
    for (at, removed) in removed_at.iter().enumerate() {
        for &i in removed {
            out.push(PartChange {
                section: s,
                status: Status::Removed,
                old: Some(i),
                new: None,
                at,
                label: old[i].label(cx.o),
                fields: T::fields(cx, Some(&old[i]), None),
            });
        }
        let Some(n) = new.get(at) else { continue };
        let o = new_to_old[at].map(|i| &old[i]);
        let fields = T::fields(cx, o, Some(n));
        if o.is_none() || !fields.is_empty() {
            out.push(PartChange {
                section: s,
                status: if o.is_some() {
                    Status::Changed
                } else {
                    Status::Added
                },
                old: new_to_old[at],
                new: Some(at),
                at,
                label: n.label(cx.n),
                fields,
            });
        }
    }
}

/// Collects the fields that differ.
#[derive(Default)]
struct Fields(Vec<Field>);

impl Fields {
    fn value(&mut self, name: &'static str, old: Option<String>, new: Option<String>) {
        if old != new {
            self.0.push(Field {
                name,
                old,
                new,
                words: Vec::new(),
                at: None,
            });
        }
    }

    fn value_str(&mut self, name: &'static str, old: Option<&str>, new: Option<&str>) {
        if old != new {
            self.value(name, old.map(str::to_owned), new.map(str::to_owned));
        }
    }

    /// A value compared by `same`, formatted by `show` only where it differs.
    fn lazy<T>(
        &mut self,
        name: &'static str,
        cx: &Cx,
        (o, n): (Option<&T>, Option<&T>),
        same: impl Fn(&T, &T) -> bool,
        show: impl Fn(&Briefing, &T) -> Option<String>,
    ) {
        if let (Some(a), Some(b)) = (o, n)
            && same(a, b)
        {
            return;
        }
        self.value(
            name,
            o.and_then(|a| show(cx.o, a)),
            n.and_then(|b| show(cx.n, b)),
        );
    }

    fn prose(&mut self, name: &'static str, old: Option<&str>, new: Option<&str>) {
        if old != new {
            let words = words(old.unwrap_or(""), new.unwrap_or(""));
            let (old, new) = (old.map(str::to_owned), new.map(str::to_owned));
            self.0.push(Field {
                name,
                old,
                new,
                words,
                at: None,
            });
        }
    }

    /// A list of prose items: paired by a list diff, replaced items diffed by word.
    fn list(&mut self, name: &'static str, old: &[String], new: &[String]) {
        let item = |f: &mut Fields, o: Option<&String>, n: Option<&String>, at| {
            f.prose(name, o.map(String::as_str), n.map(String::as_str));
            if let Some(last) = f.0.last_mut() {
                last.at = Some(at);
            }
        };
        for op in ops(old, new) {
            let (o, ol, n, nl) = match op {
                DiffOp::Equal { .. } => continue,
                DiffOp::Delete {
                    old_index,
                    old_len,
                    new_index,
                } => (old_index, old_len, new_index, 0),
                DiffOp::Insert {
                    old_index,
                    new_index,
                    new_len,
                } => (old_index, 0, new_index, new_len),
                DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } => (old_index, old_len, new_index, new_len),
            };
            for k in 0..ol.max(nl) {
                let at = if k < nl { n + k } else { n + nl };
                item(
                    self,
                    old.get(o + k).filter(|_| k < ol),
                    new.get(n + k).filter(|_| k < nl),
                    at,
                );
            }
        }
    }
}

fn pair<'a, T, R>(
    o: Option<&'a T>,
    n: Option<&'a T>,
    get: impl Fn(&'a T) -> Option<R>,
) -> (Option<R>, Option<R>) {
    (o.and_then(&get), n.and_then(&get))
}

fn join(v: &[String]) -> Option<String> {
    (!v.is_empty()).then(|| v.join(", "))
}

fn header(o: &Briefing, n: &Briefing) -> Option<PartChange> {
    let mut f = Fields::default();
    f.prose("title", Some(&o.title), Some(&n.title));
    f.value("date", Some(o.date.to_string()), Some(n.date.to_string()));
    f.value(
        "priority",
        Some(o.priority.label().into()),
        Some(n.priority.label().into()),
    );
    f.value("region", o.region.clone(), n.region.clone());
    f.value(
        "language",
        Some(o.language.clone()),
        Some(n.language.clone()),
    );
    f.value("tags", join(&o.tags), join(&n.tags));
    change(Section::Header, n.title.clone(), f)
}

fn summary(o: &Briefing, n: &Briefing) -> Option<PartChange> {
    let (os, ns) = (&o.summary, &n.summary);
    let mut f = Fields::default();
    f.prose("headline", Some(&os.headline), Some(&ns.headline));
    f.list("body", &os.body, &ns.body);
    f.list("key_points", &os.key_points, &ns.key_points);
    change(Section::Summary, ns.headline.clone(), f)
}

fn change(section: Section, label: String, f: Fields) -> Option<PartChange> {
    (!f.0.is_empty()).then_some(PartChange {
        section,
        status: Status::Changed,
        old: Some(0),
        new: Some(0),
        at: 0,
        label,
        fields: f.0,
    })
}

impl Part for Actor {
    const SECTION: Section = Section::Actors;

    fn label(&self, _: &Briefing) -> String {
        self.name.clone()
    }

    fn fields(cx: &Cx, o: Option<&Actor>, n: Option<&Actor>) -> Vec<Field> {
        let mut f = Fields::default();
        let (a, b) = pair(o, n, |a| Some(a.name.as_str()));
        f.prose("name", a, b);
        let (a, b) = pair(o, n, |a| Some(a.kind.label()));
        f.value_str("kind", a, b);
        let (a, b) = pair(o, n, |a| a.affiliation.as_deref());
        f.value_str("affiliation", a, b);
        let (a, b) = pair(o, n, |a| a.role.as_deref());
        f.prose("role", a, b);
        let same = |a: &Actor, b: &Actor| a.aliases == b.aliases;
        f.lazy("aliases", cx, (o, n), same, |_, a| join(&a.aliases));
        f.0
    }
}

/// Who, from where, the quote and the grade, compared by what a person reads.
fn attribution_fields(f: &mut Fields, cx: &Cx, o: Option<&Attribution>, n: Option<&Attribution>) {
    let names = |b: &Briefing, v: &[usize]| {
        let names: Vec<String> = b.actor_names(v).into_iter().map(str::to_owned).collect();
        join(&names)
    };
    let same_names = |a: &[usize], b: &[usize]| {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(&i, &j)| cx.o.actors[i].name == cx.n.actors[j].name)
    };
    let same = |a: &Attribution, b: &Attribution| same_names(&a.actors, &b.actors);
    f.lazy("actors", cx, (o, n), same, |b, a| names(b, &a.actors));
    let titles = |b: &Briefing, v: &[usize]| {
        let titles: Vec<String> = b.source_titles(v).into_iter().map(str::to_owned).collect();
        join(&titles)
    };
    let same = |a: &Attribution, b: &Attribution| {
        a.sources.len() == b.sources.len()
            && a.sources
                .iter()
                .zip(&b.sources)
                .all(|(&i, &j)| cx.o.sources[i].title == cx.n.sources[j].title)
    };
    f.lazy("sources", cx, (o, n), same, |b, a| titles(b, &a.sources));
    let (a, b) = pair(o, n, |a| a.quote.as_deref());
    f.prose("quote", a, b);
    let same = |a: &Attribution, b: &Attribution| grade_key(cx.o, a) == grade_key(cx.n, b);
    f.lazy("grade", cx, (o, n), same, grade);
    let same = |a: &Attribution, b: &Attribution| same_names(&a.disputed_by, &b.disputed_by);
    f.lazy("disputed_by", cx, (o, n), same, |b, a| {
        names(b, &a.disputed_by)
    });
}

/// What a grade is made of: the best reliability among the sources, the credibility.
fn grade_key(b: &Briefing, a: &Attribution) -> (Option<Reliability>, Option<Credibility>) {
    let best = a
        .sources
        .iter()
        .filter_map(|&s| b.sources[s].reliability)
        .min();
    (best, a.credibility)
}

/// The Admiralty code where both halves are known (`B3`), else the credibility alone.
fn grade(b: &Briefing, a: &Attribution) -> Option<String> {
    b.grade(a)
        .or_else(|| a.credibility.map(|c| c.get().to_string()))
}

impl Part for TimelineEntry {
    const SECTION: Section = Section::Timeline;

    fn label(&self, _: &Briefing) -> String {
        format!("{} — {}", self.when, self.what)
    }

    fn fields(cx: &Cx, o: Option<&Self>, n: Option<&Self>) -> Vec<Field> {
        let mut f = Fields::default();
        let same = |a: &Self, b: &Self| a.when == b.when;
        f.lazy("when", cx, (o, n), same, |_, t| Some(t.when.to_string()));
        let (a, b) = pair(o, n, |t| Some(t.what.as_str()));
        f.prose("what", a, b);
        let same = |a: &Self, b: &Self| a.kind == b.kind;
        f.lazy("kind", cx, (o, n), same, |_, t| {
            Some(format!("{:?}", t.kind).to_lowercase())
        });
        attribution_fields(
            &mut f,
            cx,
            o.map(|t| &t.attribution),
            n.map(|t| &t.attribution),
        );
        f.0
    }
}

impl Part for Figure {
    const SECTION: Section = Section::Figures;

    fn label(&self, _: &Briefing) -> String {
        format!("{} {} — {}", self.display_value(), self.unit, self.what)
    }

    fn fields(cx: &Cx, o: Option<&Self>, n: Option<&Self>) -> Vec<Field> {
        let mut f = Fields::default();
        let same = |a: &Self, b: &Self| {
            (a.value, a.approximate, &a.unit) == (b.value, b.approximate, &b.unit)
        };
        let show = |_: &Briefing, x: &Self| Some(format!("{} {}", x.display_value(), x.unit));
        f.lazy("value", cx, (o, n), same, show);
        let (a, b) = pair(o, n, |x| Some(x.what.as_str()));
        f.prose("what", a, b);
        let same = |a: &Self, b: &Self| a.as_of == b.as_of;
        f.lazy("as_of", cx, (o, n), same, |_, x| {
            x.as_of.as_ref().map(|w| w.to_string())
        });
        attribution_fields(
            &mut f,
            cx,
            o.map(|x| &x.attribution),
            n.map(|x| &x.attribution),
        );
        f.0
    }
}

impl Part for Source {
    const SECTION: Section = Section::Sources;

    fn label(&self, _: &Briefing) -> String {
        self.title.clone()
    }

    fn fields(cx: &Cx, o: Option<&Self>, n: Option<&Self>) -> Vec<Field> {
        let mut f = Fields::default();
        let (a, b) = pair(o, n, |s| Some(s.title.as_str()));
        f.prose("title", a, b);
        let (a, b) = pair(o, n, |s| s.publisher.as_deref());
        f.value_str("publisher", a, b);
        let (a, b) = pair(o, n, |s| s.url.as_deref());
        f.value_str("url", a, b);
        let same = |a: &Self, b: &Self| a.published == b.published;
        let show = |_: &Briefing, s: &Self| s.published.as_ref().map(|w| w.to_string());
        f.lazy("published", cx, (o, n), same, show);
        let (a, b) = pair(o, n, |s| s.language.as_deref());
        f.value_str("language", a, b);
        let same = |a: &Self, b: &Self| a.reliability == b.reliability;
        let show = |_: &Briefing, s: &Self| {
            s.reliability
                .map(|r| format!("{} ({})", r.letter(), r.label()))
        };
        f.lazy("reliability", cx, (o, n), same, show);
        // The version read keeps its texts' fingerprints, not the texts.
        let old_text = o.and_then(|s| {
            cx.texts
                .get(&s.id)
                .cloned()
                .or_else(|| s.text.as_ref().map(|t| text_print(&t.content)))
        });
        let new_text = n.and_then(|s| s.text.as_ref().map(|t| text_print(&t.content)));
        f.value("text", old_text, new_text);
        f.0
    }
}

/// Runs of whitespace and of everything else: the words `git diff
/// --word-diff` compares, with the spaces between them kept.
fn tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut space = None;
    for (i, c) in s.char_indices() {
        let is = c.is_whitespace();
        if space.is_some_and(|w| w != is) {
            out.push(&s[start..i]);
            start = i;
        }
        space = Some(is);
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// The longest stretch, after the common beginning and end are set aside,
/// that gets a real diff; a longer one is replaced whole. Myers' diff costs
/// up to the product of the lengths, so this keeps hostile input cheap.
const DIFF_LIMIT: usize = 2048;

/// An edit script from `old` to `new`: linear on the common prefix and
/// suffix, Myers' diff on a middle of at most [`DIFF_LIMIT`] items a side.
fn ops<T: Eq + Hash + Ord>(old: &[T], new: &[T]) -> Vec<DiffOp> {
    let pre = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suf = old[pre..]
        .iter()
        .rev()
        .zip(new[pre..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (om, nm) = (&old[pre..old.len() - suf], &new[pre..new.len() - suf]);
    let mut out = Vec::new();
    if pre > 0 {
        out.push(DiffOp::Equal {
            old_index: 0,
            new_index: 0,
            len: pre,
        });
    }
    let (ol, nl) = (om.len(), nm.len());
    if ol > DIFF_LIMIT || nl > DIFF_LIMIT || ol == 0 || nl == 0 {
        match (ol, nl) {
            (0, 0) => {}
            (0, new_len) => out.push(DiffOp::Insert {
                old_index: pre,
                new_index: pre,
                new_len,
            }),
            (old_len, 0) => out.push(DiffOp::Delete {
                old_index: pre,
                old_len,
                new_index: pre,
            }),
            (old_len, new_len) => out.push(DiffOp::Replace {
                old_index: pre,
                old_len,
                new_index: pre,
                new_len,
            }),
        }
    } else {
        out.extend(
            capture_diff_slices(Algorithm::Myers, om, nm)
                .into_iter()
                .map(|op| shift(op, pre)),
        );
    }
    if suf > 0 {
        out.push(DiffOp::Equal {
            old_index: old.len() - suf,
            new_index: new.len() - suf,
            len: suf,
        });
    }
    out
}

fn shift(op: DiffOp, by: usize) -> DiffOp {
    match op {
        DiffOp::Equal {
            old_index,
            new_index,
            len,
        } => DiffOp::Equal {
            old_index: old_index + by,
            new_index: new_index + by,
            len,
        },
        DiffOp::Delete {
            old_index,
            old_len,
            new_index,
        } => DiffOp::Delete {
            old_index: old_index + by,
            old_len,
            new_index: new_index + by,
        },
        DiffOp::Insert {
            old_index,
            new_index,
            new_len,
        } => DiffOp::Insert {
            old_index: old_index + by,
            new_index: new_index + by,
            new_len,
        },
        DiffOp::Replace {
            old_index,
            old_len,
            new_index,
            new_len,
        } => DiffOp::Replace {
            old_index: old_index + by,
            old_len,
            new_index: new_index + by,
            new_len,
        },
    }
}

/// A word-level diff as spans, a change's deletions before its insertions,
/// and the spaces inside a change drawn into it (`[-a b-]{+c d+}` rather
/// than `[-a-]{+c+} [-b-]{+d+}`), as `git diff --word-diff` shows it.
pub fn words(old: &str, new: &str) -> Vec<Span> {
    let (a, b) = (tokens(old), tokens(new));
    let mut w = Words::default();
    for op in ops(&a, &b) {
        let (oi, ol, ni, nl, same) = match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => (old_index, len, new_index, 0, true),
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => (old_index, old_len, new_index, 0, false),
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => (old_index, 0, new_index, new_len, false),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (old_index, old_len, new_index, new_len, false),
        };
        for t in &a[oi..oi + ol] {
            w.token(if same { SpanKind::Same } else { SpanKind::Old }, t);
        }
        for t in &b[ni..ni + nl] {
            w.token(SpanKind::New, t);
        }
    }
    w.flush();
    w.out
}

#[derive(Default)]
struct Words {
    out: Vec<Span>,
    del: String,
    ins: String,
    /// Spaces in both versions after a change, not yet placed.
    held: String,
}

impl Words {
    fn token(&mut self, kind: SpanKind, t: &str) {
        let in_change = !self.del.is_empty() || !self.ins.is_empty();
        match kind {
            SpanKind::Same if in_change && t.trim().is_empty() => self.held.push_str(t),
            SpanKind::Same => {
                self.flush();
                self.push(SpanKind::Same, t);
            }
            SpanKind::Old | SpanKind::New => {
                if !self.held.is_empty() {
                    if !self.del.is_empty() && !self.ins.is_empty() {
                        let held = std::mem::take(&mut self.held);
                        self.del.push_str(&held);
                        self.ins.push_str(&held);
                    } else {
                        self.flush();
                    }
                }
                let side = if kind == SpanKind::Old {
                    &mut self.del
                } else {
                    &mut self.ins
                };
                side.push_str(t);
            }
        }
    }

    fn flush(&mut self) {
        let (del, ins, held) = (
            std::mem::take(&mut self.del),
            std::mem::take(&mut self.ins),
            std::mem::take(&mut self.held),
        );
        self.push(SpanKind::Old, &del);
        self.push(SpanKind::New, &ins);
        self.push(SpanKind::Same, &held);
    }

    fn push(&mut self, kind: SpanKind, text: &str) {
        if text.is_empty() {
            return;
        }
        match self.out.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(text),
            _ => self.out.push(Span {
                kind,
                text: text.to_owned(),
            }),
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
