//! The words a candidate quotes: a number's clause, a date's sentence, kept
//! verbatim and of bounded length.
//!
//! A sentence has no length limit (an attacker's article may be one sentence
//! of a megabyte); quoting all of it once per number or date in it made both
//! the time and the draft grow with the square of the input. The clause
//! boundaries are found once per sentence, and a quote longer than
//! [`LONG`] bytes is cut to a window around what it quotes.

use std::ops::Range;

use super::words::{self, Token};

/// A quote up to this many bytes is kept whole; a longer one becomes a
/// window of about [`WINDOW`] bytes either side of what it is about.
pub const LONG: usize = 600;
pub const WINDOW: usize = 150;

/// One sentence's clause boundaries, found once.
pub struct Clauses {
    /// For each token, the first token of its clause (after the last boundary before it).
    starts: Vec<usize>,
    /// For each token, the first boundary at or after it (or the sentence's length).
    ends: Vec<usize>,
    /// Words before each token: `words[b] - words[a]` counts those in `a..b`.
    words: Vec<usize>,
    /// The sentence without its final punctuation.
    sentence_end: usize,
}

impl Clauses {
    /// Boundaries are `,` `;` `:` brackets and dashes, not a comma inside a
    /// number (`120,000`).
    pub fn new(tokens: &[Token<'_>]) -> Clauses {
        let boundary = |k: usize| {
            let t = &tokens[k];
            let inside_number = t.is_punct(",.")
                && k > 0
                && tokens[k - 1].is_digits()
                && words::touching(&tokens[k - 1], t)
                && tokens
                    .get(k + 1)
                    .is_some_and(|n| n.is_digits() && words::touching(t, n));
            t.is_punct(",;:()[]—–") && !inside_number
        };
        let n = tokens.len();
        let is_boundary: Vec<bool> = (0..n).map(boundary).collect();
        let mut starts = vec![0; n + 1];
        for k in 1..=n {
            starts[k] = if is_boundary[k - 1] { k } else { starts[k - 1] };
        }
        let mut ends = vec![n; n + 1];
        for k in (0..n).rev() {
            ends[k] = if is_boundary[k] { k } else { ends[k + 1] };
        }
        let mut words = vec![0; n + 1];
        for k in 0..n {
            words[k + 1] = words[k] + usize::from(tokens[k].is_word());
        }
        let mut sentence_end = n;
        while sentence_end > 0 && tokens[sentence_end - 1].is_punct(".!?…") {
            sentence_end -= 1;
        }
        Clauses {
            starts,
            ends,
            words,
            sentence_end,
        }
    }

    /// The clause around a number's tokens: cut at boundaries and at the
    /// sentence's final punctuation; the whole sentence when the clause has
    /// fewer than five words.
    pub fn around(&self, number: &Range<usize>) -> Range<usize> {
        let n = self.ends.len() - 1;
        let start = self.starts[number.start.min(n)];
        let end = self.ends[number.end.min(n)];
        let end = end.min(self.sentence_end).max(number.end.min(n));
        if self.words[end] - self.words[start] < 5 {
            return 0..self.sentence_end.max(number.end);
        }
        start..end
    }
}

/// `range` (tokens), cut to a window around `about` when its text is longer
/// than [`LONG`] bytes; `about` itself is always kept.
pub fn bounded(tokens: &[Token<'_>], range: Range<usize>, about: &Range<usize>) -> Range<usize> {
    if range.is_empty() || tokens[range.end - 1].end - tokens[range.start].start <= LONG {
        return range;
    }
    let from = tokens[about.start].start.saturating_sub(WINDOW);
    let to = tokens[about.end - 1].end + WINDOW;
    // Tokens are in order: the first starting at `from` or after, the last ending by `to`.
    let start = range.start + tokens[range.clone()].partition_point(|t| t.start < from);
    let end = range.start + tokens[range.clone()].partition_point(|t| t.end <= to);
    start.min(about.start)..end.max(about.end)
}

/// A quote as the article writes it; line breaks and tabs inside become
/// single spaces, which the quote check treats alike.
pub fn verbatim(s: &str) -> String {
    if s.chars()
        .any(|c| c.is_whitespace() && c != ' ' && c != '\u{a0}' && c != '\u{202f}')
    {
        let mut out = String::with_capacity(s.len());
        let mut space = false;
        for c in s.chars() {
            if c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}' {
                space = true;
            } else {
                if space {
                    out.push(' ');
                }
                space = false;
                out.push(c);
            }
        }
        out
    } else {
        s.to_owned()
    }
}
