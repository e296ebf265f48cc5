//! Quotes compared with their sources as the contract says: after folding
//! runs of whitespace, typographic quotes and apostrophes.
//!
//! A source text is folded once ([`FoldedText`]), keeping the way back from
//! folded offsets to the original ones, and all of a briefing's quotes are
//! looked for in it in one pass ([`first_occurrences`]): the work grows with
//! the texts plus the quotes, not with their product.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};

/// Folds what the contract says a quote check ignores: runs of whitespace,
/// typographic quotes and apostrophes.
pub fn fold_for_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold(s, &mut out, |_, _| {});
    out
}

/// Folds `s` into `out`, calling `at(folded, original)` with the offsets of
/// each character written: a run of whitespace becomes one space at the
/// run's first offset, and none at the ends.
fn fold(s: &str, out: &mut String, mut at: impl FnMut(usize, usize)) {
    let mut space: Option<usize> = None;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            space.get_or_insert(i);
            continue;
        }
        if let Some(run) = space.take()
            && !out.is_empty()
        {
            at(out.len(), run);
            out.push(' ');
        }
        at(out.len(), i);
        out.push(folded_char(c));
    }
}

fn folded_char(c: char) -> char {
    match c {
        '‘' | '’' | '‚' | '‛' | '′' | '‹' | '›' | '`' | 'ʼ' => '\'',
        '“' | '”' | '„' | '‟' | '″' | '«' | '»' => '"',
        c => c,
    }
}

/// A text folded once, with the way back to the original's byte offsets.
#[derive(Debug, Clone)]
pub struct FoldedText<'a> {
    original: &'a str,
    folded: String,
    /// `(folded, original)` offsets wherever the distance between the two
    /// changes, in order; between two of them both advance together.
    breaks: Vec<(usize, usize)>,
}

impl<'a> FoldedText<'a> {
    pub fn new(original: &'a str) -> Self {
        let mut folded = String::with_capacity(original.len());
        let mut breaks: Vec<(usize, usize)> = Vec::new();
        let mut shift: Option<isize> = None;
        fold(original, &mut folded, |f, o| {
            let d = o as isize - f as isize;
            if shift != Some(d) {
                shift = Some(d);
                breaks.push((f, o));
            }
        });
        FoldedText {
            original,
            folded,
            breaks,
        }
    }

    pub fn original(&self) -> &'a str {
        self.original
    }

    pub fn folded(&self) -> &str {
        &self.folded
    }

    /// The original offset of the character folded at `f`.
    fn original_at(&self, f: usize) -> usize {
        let i = self.breaks.partition_point(|&(bf, _)| bf <= f);
        let (bf, bo) = self.breaks[i.saturating_sub(1)];
        bo + (f - bf)
    }

    /// The original byte range of a non-empty folded range that starts and
    /// ends on characters other than the folded space: from its first
    /// character to the end of its last.
    pub fn original_range(&self, folded: Range<usize>) -> Range<usize> {
        let last = self.folded[..folded.end]
            .char_indices()
            .next_back()
            .map_or(folded.start, |(i, _)| i);
        let start = self.original_at(folded.start);
        let last = self.original_at(last);
        let width = self.original[last..]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
        start..last + width
    }

    /// Where `quote` first occurs, compared folded: the original range.
    pub fn find(&self, quote: &str) -> Option<Range<usize>> {
        let needle = fold_for_quote(quote);
        if needle.is_empty() {
            return None;
        }
        let at = self.folded.find(&needle)?;
        Some(self.original_range(at..at + needle.len()))
    }
}

/// Where a quote occurs in a text, compared as [`fold_for_quote`] folds them:
/// the byte range in `hay` from the quote's first to its last character.
/// Folds `hay` on every call: to look for many quotes, fold it once with
/// [`FoldedText`] or use [`first_occurrences`].
pub fn find_folded(hay: &str, quote: &str) -> Option<Range<usize>> {
    FoldedText::new(hay).find(quote)
}

/// For each text, the first place each needle occurs in it, as a map from
/// the needle's index to its range in the text: one automaton of all the
/// needles, each text read once. Empty needles are never found.
///
/// A text's automaton states are each looked at once, so a text costs its
/// length plus what it finds, however many needles share a passage.
pub fn first_occurrences(needles: &[&str], texts: &[&str]) -> Vec<HashMap<usize, Range<usize>>> {
    let mut found = vec![HashMap::new(); texts.len()];
    // Equal needles are one pattern; `owners[p]` lists the needles it stands for.
    let mut patterns: Vec<&str> = Vec::new();
    let mut owners: Vec<Vec<usize>> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (n, &needle) in needles.iter().enumerate() {
        if needle.is_empty() {
            continue;
        }
        let p = *index.entry(needle).or_insert_with(|| {
            patterns.push(needle);
            owners.push(Vec::new());
            patterns.len() - 1
        });
        owners[p].push(n);
    }
    if patterns.is_empty() {
        return found;
    }
    let nfa = match NFA::builder()
        .match_kind(MatchKind::Standard)
        .build(&patterns)
    {
        Ok(nfa) => nfa,
        // Beyond the automaton's limits: search needle by needle instead.
        Err(_) => return one_by_one(needles, texts),
    };
    let Ok(start) = nfa.start_state(Anchored::No) else {
        return one_by_one(needles, texts);
    };
    for (text, found) in texts.iter().zip(&mut found) {
        let mut seen = HashSet::new();
        let mut sid = start;
        for (i, &byte) in text.as_bytes().iter().enumerate() {
            sid = nfa.next_state(Anchored::No, sid, byte);
            // A state reached before found its patterns then, earlier.
            if !nfa.is_match(sid) || !seen.insert(sid) {
                continue;
            }
            for m in 0..nfa.match_len(sid) {
                let p = nfa.match_pattern(sid, m).as_usize();
                let end = i + 1;
                let range = end - patterns[p].len()..end;
                for &n in &owners[p] {
                    found.entry(n).or_insert_with(|| range.clone());
                }
            }
        }
    }
    found
}

fn one_by_one(needles: &[&str], texts: &[&str]) -> Vec<HashMap<usize, Range<usize>>> {
    texts
        .iter()
        .map(|t| {
            needles
                .iter()
                .enumerate()
                .filter(|(_, n)| !n.is_empty())
                .filter_map(|(i, n)| t.find(n).map(|at| (i, at..at + n.len())))
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The search as it was before texts were folded once: the reference.
    fn find_folded_reference(hay: &str, quote: &str) -> Option<Range<usize>> {
        let needle = fold_for_quote(quote);
        if needle.is_empty() {
            return None;
        }
        let at = fold_for_quote(hay).find(&needle)?;
        let mut map: Vec<(usize, usize)> = Vec::with_capacity(hay.len());
        let mut space: Option<(usize, usize)> = None;
        for (i, c) in hay.char_indices() {
            let range = (i, i + c.len_utf8());
            if c.is_whitespace() {
                space = Some(space.map_or(range, |(s, _)| (s, range.1)));
                continue;
            }
            if let Some(sp) = space.take()
                && !map.is_empty()
            {
                map.push(sp);
            }
            for _ in 0..folded_char(c).len_utf8() {
                map.push(range);
            }
        }
        let start = map.get(at)?.0;
        let end = map.get(at + needle.len() - 1)?.1;
        Some(start..end)
    }

    #[test]
    fn quotes_fold_whitespace_and_typographic_marks() {
        assert_eq!(
            fold_for_quote("l’armée  «\u{a0}violé\u{a0}»"),
            "l'armée \" violé \""
        );
        assert_eq!(fold_for_quote("  a\n\tb  "), "a b");
    }

    #[test]
    fn folded_quotes_are_found_at_their_original_place() {
        let hay = "Il a dit « des  activités »\u{a0}hier.";
        let r = find_folded(hay, "« des activités »").unwrap();
        assert_eq!(&hay[r], "« des  activités »");
        assert_eq!(find_folded(hay, "absent"), None);
        let r = find_folded(hay, "hier.").unwrap();
        assert_eq!(&hay[r], "hier.");
    }

    #[test]
    fn every_quote_is_found_in_one_pass_at_its_first_place() {
        let texts = ["l’armée a dit « oui »\n et l’armée a dit non", "rien ici"];
        let folded: Vec<FoldedText<'_>> = texts.iter().map(|t| FoldedText::new(t)).collect();
        let quotes = [
            "l'armée a dit",
            "",
            "dit \" oui \" et",
            "absent",
            "l’armée a dit",
        ];
        let needles: Vec<String> = quotes.iter().map(|q| fold_for_quote(q)).collect();
        let needles: Vec<&str> = needles.iter().map(String::as_str).collect();
        let hays: Vec<&str> = folded.iter().map(FoldedText::folded).collect();
        let found = first_occurrences(&needles, &hays);
        let original = |t: usize, q: usize| {
            found[t]
                .get(&q)
                .map(|r| &texts[t][folded[t].original_range(r.clone())])
        };
        assert_eq!(original(0, 0), Some("l’armée a dit"));
        assert_eq!(original(0, 4), Some("l’armée a dit"));
        assert_eq!(original(0, 1), None);
        assert_eq!(original(0, 2), Some("dit « oui »\n et"));
        assert_eq!(original(0, 3), None);
        assert!(found[1].is_empty());
    }

    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop::sample::select(vec![
                "a", "b", "é", " ", "  ", "\n", "\u{a0}", "\u{202f}", "’", "'", "«", "\"", "»",
                "ab", "ba",
            ]),
            0..40,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn folding_once_finds_what_folding_each_time_found(hay in text(), quote in text()) {
            let once = FoldedText::new(&hay);
            prop_assert_eq!(once.folded(), fold_for_quote(&hay));
            prop_assert_eq!(find_folded(&hay, &quote), find_folded_reference(&hay, &quote));
        }

        #[test]
        fn one_pass_finds_what_one_search_each_finds(
            hay in text(),
            quotes in proptest::collection::vec(text(), 0..6),
        ) {
            let folded = FoldedText::new(&hay);
            let needles: Vec<String> = quotes.iter().map(|q| fold_for_quote(q)).collect();
            let needles: Vec<&str> = needles.iter().map(String::as_str).collect();
            let found = first_occurrences(&needles, &[folded.folded()]);
            for (i, q) in quotes.iter().enumerate() {
                let got = found[0].get(&i).map(|r| folded.original_range(r.clone()));
                prop_assert_eq!(got, find_folded_reference(&hay, q));
            }
        }
    }
}
