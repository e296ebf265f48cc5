//! A large TOML briefing read a piece at a time, so that the memory it
//! takes is a small multiple of the file's, not of its parsed tree.
//!
//! The TOML parser builds the whole document as a tree with spans before
//! serde sees it: about 40 bytes of tree per byte of a file of many short
//! entries (a 13.8 MB file took 648 MB). Here the file is cut before lines
//! that open an array of tables at the top (`[[timeline]]`, `[[figures]]`,
//! `[[actors]]`, `[[sources]]`), into pieces of about [`PIECE`] bytes; each
//! piece is parsed as a document of its own and turned into its entries at
//! once, and its tree dropped before the next.
//!
//! The result is the whole document's, or nothing: the caller then parses
//! the file whole, for its exact errors. A cut inside a string, an array or
//! an inline table leaves that construct open at the end of the piece
//! before, which does not parse, so a piece that parses was cut between
//! statements. Pieces after the first may only add entries to those four
//! arrays (anything else, or an array the first piece set without `[[...]]`,
//! gives up), and an error of any kind in any piece gives up too.

use serde::Deserialize;

use super::diagnostic::{KeyPath, Segment};
use super::raw::{RawActor, RawBriefing, RawFigure, RawSource, RawTimelineEntry};

/// Files smaller than this are parsed whole.
pub const FROM: usize = 1 << 20;

/// About how many bytes each piece has.
pub const PIECE: usize = 256 << 10;

/// The arrays of tables a piece after the first may add to.
const ARRAYS: [&str; 4] = ["actors", "timeline", "figures", "sources"];

/// What a piece after the first holds: entries of the four arrays.
#[derive(Deserialize, Default)]
struct Tail {
    #[serde(default)]
    actors: Vec<RawActor>,
    #[serde(default)]
    timeline: Vec<RawTimelineEntry>,
    #[serde(default)]
    figures: Vec<RawFigure>,
    #[serde(default)]
    sources: Vec<RawSource>,
}

/// `text` read piece by piece: the briefing and the keys serde ignored,
/// as parsing it whole would give them; `None` where that cannot be
/// vouched for (see the module's comment), or for small files.
/// `accept_format` says whether the first piece's `format` may be read
/// (a newer format is left to the whole parse and its message).
pub fn parse(
    text: &str,
    accept_format: impl Fn(Option<&toml::de::DeValue<'_>>) -> bool,
) -> Option<(RawBriefing, Vec<KeyPath>, Pieces)> {
    if text.len() < FROM {
        return None;
    }
    let heads = headers(text);
    let cuts = cuts(text.len(), &heads);
    if cuts.is_empty() {
        return None;
    }
    let mut ignored = Vec::new();
    let mut pieces = Pieces {
        starts: vec![0],
        before: vec![[0; 4]],
    };
    // The first piece: everything that is not an added entry is here.
    let first = &text[..cuts[0]];
    let doc = toml::de::DeTable::parse(first).ok()?;
    if !accept_format(doc.get_ref().get("format").map(|v| v.get_ref())) {
        return None;
    }
    // An array the first piece set with `x = [...]` cannot be added to.
    let inline: Vec<&str> = ARRAYS
        .into_iter()
        .filter(|name| {
            doc.get_ref().get(*name).is_some()
                && !heads.iter().any(|(at, n)| *at < cuts[0] && n == name)
        })
        .collect();
    let de = toml::de::Deserializer::from(doc);
    let mut raw: RawBriefing = serde_ignored::deserialize(de, |p| {
        ignored.push(super::load::key_path(&p));
    })
    .ok()?;
    for (i, &from) in cuts.iter().enumerate() {
        let to = cuts.get(i + 1).copied().unwrap_or(text.len());
        let doc = toml::de::DeTable::parse(&text[from..to]).ok()?;
        if doc.get_ref().iter().any(|(k, v)| {
            let k = k.get_ref().as_ref();
            !ARRAYS.contains(&k) || inline.contains(&k) || !v.get_ref().is_array()
        }) {
            return None;
        }
        let before = [
            raw.actors.len(),
            raw.timeline.len(),
            raw.figures.len(),
            raw.sources.len(),
        ];
        pieces.starts.push(from);
        pieces.before.push(before);
        let mut paths = Vec::new();
        let de = toml::de::Deserializer::from(doc);
        let tail: Tail =
            serde_ignored::deserialize(de, |p| paths.push(super::load::key_path(&p))).ok()?;
        for p in paths {
            ignored.push(shifted(p, &before)?);
        }
        raw.actors.extend(tail.actors);
        raw.timeline.extend(tail.timeline);
        raw.figures.extend(tail.figures);
        raw.sources.extend(tail.sources);
    }
    Some((raw, ignored, pieces))
}

/// Where the pieces of a file read by [`parse`] start, and how many
/// entries of each of [`ARRAYS`] came before each: what places a finding
/// in its piece, so that one piece is parsed again to locate it, not the
/// whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pieces {
    starts: Vec<usize>,
    before: Vec<[usize; 4]>,
}

impl Pieces {
    /// The piece that holds what `path` names (the first piece holds all
    /// but the entries added after it), and the path within that piece.
    pub fn place(&self, path: &KeyPath) -> (usize, KeyPath) {
        if let [Segment::Key(name), Segment::Index(i), rest @ ..] = path.segments()
            && let Some(n) = ARRAYS.iter().position(|a| a == name)
        {
            let p = self
                .before
                .partition_point(|b| b[n] <= *i)
                .saturating_sub(1);
            let mut out = KeyPath::root().key(name).index(i - self.before[p][n]);
            for s in rest {
                out = match s {
                    Segment::Key(k) => out.key(k),
                    Segment::Index(i) => out.index(*i),
                };
            }
            return (p, out);
        }
        (0, path.clone())
    }

    /// Piece `p`: where it starts and ends in the file.
    pub fn range(&self, p: usize, len: usize) -> std::ops::Range<usize> {
        self.starts[p]..self.starts.get(p + 1).copied().unwrap_or(len)
    }
}

/// A key path in a piece as it is in the whole file: the entry's index
/// moved past the entries of the pieces before. `None` for a key at the
/// top, which a piece after the first may not have.
fn shifted(p: KeyPath, before: &[usize; 4]) -> Option<KeyPath> {
    let [Segment::Key(name), Segment::Index(i), rest @ ..] = p.segments() else {
        return None;
    };
    let n = ARRAYS.iter().position(|a| a == name)?;
    let mut out = KeyPath::root().key(name).index(before[n] + i);
    for s in rest {
        out = match s {
            Segment::Key(k) => out.key(k),
            Segment::Index(i) => out.index(*i),
        };
    }
    Some(out)
}

/// Where lines that open an array of tables of [`ARRAYS`] start, and which.
/// Lines inside a string may be among them; see the module's comment.
fn headers(text: &str) -> Vec<(usize, &'static str)> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start_matches([' ', '\t']);
        if let Some(rest) = trimmed.strip_prefix("[[") {
            for name in ARRAYS {
                let tail = rest.strip_prefix(name).and_then(|r| r.strip_prefix("]]"));
                let ends = tail.is_some_and(|t| {
                    let t = t.trim_start_matches([' ', '\t']);
                    t.is_empty() || t.starts_with(['\n', '\r', '#'])
                });
                if ends {
                    out.push((at, name));
                }
            }
        }
        at += line.len();
    }
    out
}

/// The headers to cut before: the first at or past each [`PIECE`] bytes
/// from the last cut (never the first header of the file, which stays in
/// the first piece with everything before it).
fn cuts(len: usize, heads: &[(usize, &str)]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut last = 0;
    for &(at, _) in heads {
        if at >= last + PIECE && at < len {
            out.push(at);
            last = at;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(text: &str) -> (RawBriefing, Vec<KeyPath>) {
        let mut ignored = Vec::new();
        let doc = toml::de::DeTable::parse(text).unwrap();
        let raw = serde_ignored::deserialize(toml::de::Deserializer::from(doc), |p| {
            ignored.push(super::super::load::key_path(&p))
        })
        .unwrap();
        (raw, ignored)
    }

    fn big(entries: usize, extra: &str) -> String {
        let mut t = String::from(
            "format = 1\nid = \"big\"\ntitle = \"t\"\ndate = \"2024-01-01\"\n\
             [summary]\nheadline = \"h\"\n[[actors]]\nid = \"a\"\nname = \"A\"\nkind = \"state\"\n\
             [[sources]]\nid = \"s\"\ntitle = \"s\"\n",
        );
        for i in 0..entries {
            t.push_str(&format!(
                "[[timeline]]\nwhen = \"2024\"\nwhat = \"entry {i} {}\"\nactors = [\"a\"]\nsources = [\"s\"]\n",
                "x".repeat(40)
            ));
            if i % 997 == 5 {
                t.push_str("colour = \"red\"\n");
            }
            if i == entries / 2 {
                t.push_str(extra);
            }
        }
        t
    }

    #[test]
    fn pieces_give_what_the_whole_gives_with_the_ignored_keys_in_place() {
        let text = big(
            30_000,
            "[[figures]]\nvalue = 3\nunit = \"u\"\nwhat = \"w\"\n",
        );
        assert!(text.len() > 3 * FROM);
        let (raw, ignored, pieces) = parse(&text, |_| true).expect("read in pieces");
        assert_eq!((raw, ignored.clone()), whole(&text));
        assert!(ignored.len() > 20, "{ignored:?}");
        let far = KeyPath::root().key("timeline").index(29_915).key("colour");
        assert!(ignored.contains(&far));
        // Each ignored key is found again in its piece, at its own line.
        for p in &ignored {
            let (piece, local) = pieces.place(p);
            let range = pieces.range(piece, text.len());
            let doc = toml::de::DeTable::parse(&text[range.clone()]).unwrap();
            let at = super::super::locate::toml_span_in(doc.get_ref(), &local, true).unwrap();
            assert_eq!(
                &text[range.start + at.start..range.start + at.end],
                "colour"
            );
        }
        let (piece, _) = pieces.place(&far);
        assert!(piece > 0);
    }

    #[test]
    fn anything_but_added_entries_after_the_first_piece_is_left_to_the_whole_parse() {
        // A table after the cuts; a cut inside a multi-line string; an
        // array set inline and then added to; an error in a late piece.
        let long_string = format!(
            "[[timeline]]\nwhen = \"2024\"\nwhat = \"\"\"\n{}\"\"\"\n",
            "[[timeline]]\n".repeat(2 * PIECE / 13)
        );
        let cases = [
            big(30_000, "[region]\nx = 1\n"),
            big(30_000, &long_string),
            big(30_000, "[[timeline]]\nwhen = 2024-01-01x\n"),
            big(
                30_000,
                "[[actors]]\nid = \"b\"\nname = \"B\"\nkind = \"state\"\n",
            )
            .replacen(
                "[[actors]]\nid = \"a\"\nname = \"A\"\nkind = \"state\"\n",
                "",
                1,
            )
            .replacen(
                "[summary]",
                "actors = [{ id = \"a\", name = \"A\", kind = \"state\" }]\n[summary]",
                1,
            ),
        ];
        for (i, text) in cases.iter().enumerate() {
            assert!(parse(text, |_| true).is_none(), "case {i}");
        }
        // Small files, and a format the caller refuses, too.
        assert!(parse(&big(10, ""), |_| true).is_none());
        assert!(parse(&big(30_000, ""), |_| false).is_none());
        // A string with a header line inside, not cut: read as the whole.
        let quoted = big(
            30_000,
            "[[timeline]]\nwhen = \"2024\"\nwhat = \"\"\"\n[[figures]]\n\"\"\"\n",
        );
        if let Some((raw, ignored, _)) = parse(&quoted, |_| true) {
            assert_eq!((raw, ignored), whole(&quoted));
        }
    }
}
