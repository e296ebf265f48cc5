//! Pairing old parts with new ones, and laying out a section's changes.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;

use super::{Field, PartChange, Section, Status};
use crate::briefing::model::{Attribution, Briefing};

/// The two briefings and what is known of the old one's source texts.
pub(super) struct Cx<'a> {
    pub(super) o: &'a Briefing,
    pub(super) n: &'a Briefing,
    pub(super) texts: &'a HashMap<String, String>,
}

/// A kind of part the redline compares field by field.
pub(super) trait Part {
    const SECTION: Section;
    fn label(&self, b: &Briefing) -> String;
    /// Fields of the part on each side; a side is `None` for an added or removed part.
    fn fields(cx: &Cx, o: Option<&Self>, n: Option<&Self>) -> Vec<Field>;
}

/// Old → new pairs, made in passes: each pass pairs the still unpaired
/// items that share a key, in order, with one hash map.
pub(super) struct Pairing {
    pub(super) old_to_new: Vec<Option<usize>>,
    new_paired: Vec<bool>,
}

impl Pairing {
    pub(super) fn new(old: usize, new: usize) -> Pairing {
        Pairing {
            old_to_new: vec![None; old],
            new_paired: vec![false; new],
        }
    }

    pub(super) fn pass<T>(
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
pub(super) fn hash(v: impl Hash) -> u64 {
    use std::hash::Hasher;
    let mut h = std::hash::DefaultHasher::new();
    v.hash(&mut h);
    h.finish()
}

/// A date for pairing: where it sorts (a collision only pairs loosely).
pub(super) fn when_key(w: &crate::briefing::When) -> (i64, u8) {
    (w.earliest(), w.precision() as u8)
}

/// Everything about an entry's or figure's attribution, by id (indices
/// shift when actors or sources are added).
pub(super) fn attribution_key(b: &Briefing, a: &Attribution) -> u64 {
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
pub(super) fn section<T: Part>(
    cx: &Cx,
    old: &[T],
    new: &[T],
    pairing: &Pairing,
    out: &mut Vec<PartChange>,
) {
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
