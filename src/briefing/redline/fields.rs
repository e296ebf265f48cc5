//! The fields of each kind of part, compared as a person reads them.

use similar::DiffOp;

use super::pair::{Cx, Part};
use super::words::{ops, words};
use super::{Field, PartChange, Section, Status, text_print};
use crate::briefing::model::{
    Actor, Attribution, Briefing, Credibility, Figure, Reliability, Source, TimelineEntry,
};

/// Collects the fields that differ.
#[derive(Default)]
pub(super) struct Fields(Vec<Field>);

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

pub(super) fn pair<'a, T, R>(
    o: Option<&'a T>,
    n: Option<&'a T>,
    get: impl Fn(&'a T) -> Option<R>,
) -> (Option<R>, Option<R>) {
    (o.and_then(&get), n.and_then(&get))
}

pub(super) fn join(v: &[String]) -> Option<String> {
    (!v.is_empty()).then(|| v.join(", "))
}

pub(super) fn header(o: &Briefing, n: &Briefing) -> Option<PartChange> {
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

pub(super) fn summary(o: &Briefing, n: &Briefing) -> Option<PartChange> {
    let (os, ns) = (&o.summary, &n.summary);
    let mut f = Fields::default();
    f.prose("headline", Some(&os.headline), Some(&ns.headline));
    f.list("body", &os.body, &ns.body);
    f.list("key_points", &os.key_points, &ns.key_points);
    change(Section::Summary, ns.headline.clone(), f)
}

pub(super) fn change(section: Section, label: String, f: Fields) -> Option<PartChange> {
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
pub(super) fn attribution_fields(
    f: &mut Fields,
    cx: &Cx,
    o: Option<&Attribution>,
    n: Option<&Attribution>,
) {
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
pub(super) fn grade_key(
    b: &Briefing,
    a: &Attribution,
) -> (Option<Reliability>, Option<Credibility>) {
    let best = a
        .sources
        .iter()
        .filter_map(|&s| b.sources[s].reliability)
        .min();
    (best, a.credibility)
}

/// The Admiralty code where both halves are known (`B3`), else the credibility alone.
pub(super) fn grade(b: &Briefing, a: &Attribution) -> Option<String> {
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
