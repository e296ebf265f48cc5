//! Fingerprints of a briefing's parts, so that the reader can say what
//! changed since a briefing was read without keeping the old text.
//!
//! **Two generations.** The first fingerprinted the parts (summary, actors,
//! entries, figures, sources) and left out the top-level fields (title,
//! date, priority, region, language, tags, updated) and the content of a
//! `text_file`: a title-only change did not mark a briefing updated. The
//! second adds a `header` print and a `text:<source id>` print per source
//! text, beside the first generation's prints, which are unchanged; so a
//! record written before still matches part for part, and the new prints
//! are compared only against records that have them ([`changed_parts`]).
//!
//! The digest ([`digest`], 16 hex digits as before) is versioned by its
//! halves: the first 8 digits hash every print, the last 8 are the first
//! 8 of the first generation's digest. [`same_digest`] compares a digest of
//! either generation with one of the other by those 8 digits, so an old
//! state file (or an old library index) does not make every briefing look
//! updated; two second-generation digests compare whole.

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

/// One fingerprint for the whole briefing: any change to any part or to a
/// top-level field changes it.
pub fn digest(b: &Briefing) -> String {
    digest_of(&fingerprints(b))
}

/// The prints the second generation added (see the module's documentation).
const HEADER: &str = "header:";
const TEXT: &str = "text:";

fn second_generation(print: &str) -> bool {
    print.starts_with(HEADER) || print.starts_with(TEXT)
}

fn joined_hash<'a>(parts: impl Iterator<Item = &'a String>) -> u64 {
    let joined: Vec<&str> = parts.map(String::as_str).collect();
    fnv1a(joined.join("\n").as_bytes())
}

pub(super) fn digest_of(parts: &BTreeSet<String>) -> String {
    let all = joined_hash(parts.iter());
    let first = joined_hash(parts.iter().filter(|p| !second_generation(p)));
    let folded = (all ^ (all >> 32)) as u32;
    format!("{folded:08x}{:08x}", (first >> 32) as u32)
}

fn halves(d: &str) -> Option<(&str, &str)> {
    (d.len() == 16 && d.is_ascii()).then(|| d.split_at(8))
}

/// Whether a digest recorded when read and one listed now say the same
/// briefing: equal, or, where one of them is of the first generation, the
/// same first-generation half (see the module's documentation).
pub fn same_digest(recorded: &str, listed: &str) -> bool {
    if recorded == listed {
        return true;
    }
    match (halves(recorded), halves(listed)) {
        // Read before (a first-generation digest), listed now; or read
        // now and listed by an index made before.
        (Some((r_head, r_tail)), Some((l_head, l_tail))) => r_head == l_tail || r_tail == l_head,
        _ => false,
    }
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

/// Every part with its fingerprint, in the briefing's model order; the
/// header's print stands with the summary, a source text's with its source.
pub fn part_names(b: &Briefing) -> Vec<(Part, String)> {
    let raw = to_raw(b);
    let mut out = vec![(Part::Summary, print("summary", "", &raw.summary))];
    let header = (
        &raw.title,
        &raw.date,
        &raw.updated,
        &raw.language,
        &raw.priority,
        &raw.region,
        &raw.tags,
    );
    out.push((Part::Summary, print("header", "", &header)));
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
        // A text_file's content, which the source's print leaves out.
        if let Some(t) = &b.sources[i].text {
            let hash = format!("{:016x}", fnv1a(t.content.as_bytes()));
            out.push((Part::Source(i), print("text", &s.id, &hash)));
        }
    }
    out
}

/// Every part with its fingerprint, each named as scripts see it:
/// `summary`, `actor:<id>`, `timeline:<n>`, `figure:<n>`, `source:<id>`
/// (`n` counted from 1, in the order the reader shows them).
pub fn labelled_parts(b: &Briefing) -> Vec<(String, String)> {
    part_names(b)
        .into_iter()
        .map(|(part, print)| {
            let label = match part {
                Part::Summary => "summary".to_owned(),
                Part::Actor(i) => format!("actor:{}", b.actors[i].id),
                Part::Timeline(i) => format!("timeline:{}", i + 1),
                Part::Figure(i) => format!("figure:{}", i + 1),
                Part::Source(i) => format!("source:{}", b.sources[i].id),
            };
            (label, print)
        })
        .collect()
}

/// The digest of a briefing from its labelled parts: the same as [`digest`].
pub fn digest_of_labelled(parts: &[(String, String)]) -> String {
    digest_of(&parts.iter().map(|(_, print)| print.clone()).collect())
}

/// The parts that are new or changed since the record was made. A record
/// of the first generation is compared by the prints it has.
pub fn changed_parts(b: &Briefing, r: &Record) -> Vec<Part> {
    changed_of(part_names(b), r)
}

/// [`changed_parts`] over parts already fingerprinted, each known by
/// whatever names it (a [`Part`], or a label kept in the library's index).
pub fn changed_of<P: PartialEq>(parts: Vec<(P, String)>, r: &Record) -> Vec<P> {
    if r.read_at.is_none() {
        return Vec::new();
    }
    // Each kind of print is compared only where the record has that kind: a
    // first-generation record has neither, and a version kept without its
    // source texts (whose prints a record may be rebuilt from) has no text
    // print; a text added or removed changes its source's own print anyway.
    let header = r.parts.iter().any(|p| p.starts_with(HEADER));
    let texts = r.parts.iter().any(|p| p.starts_with(TEXT));
    let compared = |fp: &str| {
        if fp.starts_with(HEADER) {
            header
        } else if fp.starts_with(TEXT) {
            texts
        } else {
            true
        }
    };
    let mut out: Vec<P> = parts
        .into_iter()
        .filter(|(_, fp)| compared(fp) && !r.parts.contains(fp))
        .map(|(p, _)| p)
        .collect();
    // A part's prints are side by side: one entry per part.
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::state::{Mark, ReadState, State};

    fn karabakh() -> Briefing {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings");
        let report =
            crate::briefing::load_file(&root.join("2023-09-19-karabakh-offensive.toml"), &root);
        report.briefing.expect("the bundled briefing loads")
    }

    fn read(b: &Briefing) -> State {
        let mut state = State::default();
        Mark::read(b).apply(&mut state, chrono::Utc::now());
        state
    }

    /// A record as the first generation wrote it: its prints, its digest.
    fn read_long_ago(b: &Briefing) -> State {
        let mut state = read(b);
        let r = state.briefings.get_mut(&b.id).unwrap();
        r.parts.retain(|p| !second_generation(p));
        r.digest = Some(format!("{:016x}", joined_hash(r.parts.iter())));
        state
    }

    #[test]
    fn a_title_or_a_source_texts_content_alone_marks_the_briefing_updated() {
        let b = karabakh();
        let state = read(&b);
        assert_eq!(state.read_state(&b), ReadState::Read);
        let mut retitled = b.clone();
        retitled.title.push_str(" (revised)");
        assert_ne!(digest(&retitled), digest(&b));
        assert_eq!(state.read_state(&retitled), ReadState::Updated);
        let r = state.record(&b.id).unwrap();
        assert_eq!(changed_parts(&retitled, r), [Part::Summary]);

        let mut retexted = b.clone();
        let i = retexted
            .sources
            .iter()
            .position(|s| s.text.is_some())
            .unwrap();
        retexted.sources[i]
            .text
            .as_mut()
            .unwrap()
            .content
            .push_str(" More.");
        assert_eq!(state.read_state(&retexted), ReadState::Updated);
        assert_eq!(changed_parts(&retexted, r), [Part::Source(i)]);
    }

    #[test]
    fn a_record_of_the_first_generation_still_reads_as_read_until_the_parts_change() {
        let b = karabakh();
        let old = read_long_ago(&b);
        let r = old.record(&b.id).unwrap();
        // Not every briefing updated because the digest grew a generation.
        assert_eq!(old.read_state(&b), ReadState::Read);
        assert!(changed_parts(&b, r).is_empty());
        // A change the first generation saw is still seen.
        let mut revised = b.clone();
        revised.figures[0].value += 21.0;
        assert_eq!(old.read_state(&revised), ReadState::Updated);
        assert_eq!(changed_parts(&revised, r), [Part::Figure(0)]);
        // And a listing indexed the old way against a record made now.
        let first_gen = old.record(&b.id).unwrap().digest.clone().unwrap();
        assert_eq!(read(&b).read_state_of(&b.id, &first_gen), ReadState::Read);
        let revised_first_gen = read_long_ago(&revised);
        let listed = revised_first_gen
            .record(&b.id)
            .unwrap()
            .digest
            .clone()
            .unwrap();
        assert_eq!(read(&b).read_state_of(&b.id, &listed), ReadState::Updated);
    }

    #[test]
    fn digests_stay_16_hex_digits_and_compare_whole_within_a_generation() {
        let b = karabakh();
        let d = digest(&b);
        assert_eq!(d.len(), 16);
        assert!(d.bytes().all(|c| c.is_ascii_hexdigit()));
        assert!(same_digest(&d, &d));
        assert!(!same_digest(&d, ""));
        assert!(!same_digest(&d, "0000000000000000"));
    }
}
