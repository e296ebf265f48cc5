//! Fingerprints of a briefing's parts, so that the reader can say what
//! changed since a briefing was read without keeping the old text.

use std::collections::BTreeSet;

use serde::Serialize;

use super::Record;
use crate::briefing::Briefing;
use crate::briefing::validate::to_raw;

/// A stable 64-bit FNV-1a hash: fingerprints must not change between builds,
/// which std's hasher does not promise.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn print<T: Serialize>(kind: &str, key: &str, part: &T) -> String {
    let json = serde_json::to_string(part).expect("briefing parts serialize");
    format!("{kind}:{key}:{:016x}", fnv1a(json.as_bytes()))
}

/// The fingerprint of a part, by the same names [`part_names`] gives.
/// Actors and sources are known by id; entries and figures by content.
pub fn fingerprints(b: &Briefing) -> BTreeSet<String> {
    part_names(b).into_iter().map(|(_, fp)| fp).collect()
}

/// One fingerprint for the whole briefing: any change to any part changes it.
pub fn digest(b: &Briefing) -> String {
    digest_of(&fingerprints(b))
}

pub(super) fn digest_of(parts: &BTreeSet<String>) -> String {
    let joined: Vec<&str> = parts.iter().map(String::as_str).collect();
    format!("{:016x}", fnv1a(joined.join("\n").as_bytes()))
}

/// Where a part is in the briefing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    Summary,
    Actor(usize),
    Timeline(usize),
    Figure(usize),
    Source(usize),
}

/// Every part with its fingerprint, in the briefing's model order.
pub fn part_names(b: &Briefing) -> Vec<(Part, String)> {
    let raw = to_raw(b);
    let mut out = vec![(Part::Summary, print("summary", "", &raw.summary))];
    for (i, a) in raw.actors.iter().enumerate() {
        out.push((Part::Actor(i), print("actor", &a.id, a)));
    }
    // The model's timeline is sorted; raw keeps file order.
    for (i, t) in b.timeline.iter().enumerate() {
        out.push((
            Part::Timeline(i),
            print("timeline", "", &raw.timeline[t.file_index]),
        ));
    }
    for (i, f) in raw.figures.iter().enumerate() {
        out.push((Part::Figure(i), print("figure", "", f)));
    }
    for (i, s) in raw.sources.iter().enumerate() {
        // A source's text can be large; its file name and size stand for it.
        let mut s = s.clone();
        s.text = s.text.map(|t| format!("{:016x}", fnv1a(t.as_bytes())));
        out.push((Part::Source(i), print("source", &s.id, &s)));
    }
    out
}

/// The parts that are new or changed since the record was made.
pub fn changed_parts(b: &Briefing, r: &Record) -> Vec<Part> {
    if r.read_at.is_none() {
        return Vec::new();
    }
    part_names(b)
        .into_iter()
        .filter(|(_, fp)| !r.parts.contains(fp))
        .map(|(p, _)| p)
        .collect()
}
