//! A source's full text, wrapped once when opened, with every passage the
//! briefing quotes from it underlined.

use super::overlay::source_facts;
use super::*;
use crate::briefing::Briefing;

/// A source's full text with every passage the briefing quotes from it
/// marked, wrapped as far as it is read: opening a 2 MB text costs the
/// screenful shown, and each further screenful is wrapped once, when it is
/// first scrolled to (or all of it, for a jump to the end).
pub struct SourceView {
    writer: Writer,
    text: String,
    /// Byte offset in `text` of the first line not yet wrapped.
    at: usize,
    index: QuoteIndex,
}

impl SourceView {
    /// Writes the source's facts and the header into `body`; the view that
    /// writes its text on demand, or `None` when it has no text (the body
    /// is then complete).
    pub fn start(w: Writer, body: &mut Body, b: &Briefing, i: usize) -> Option<SourceView> {
        let t = w.theme;
        let s = &b.sources[i];
        let quotes: Vec<&str> = b
            .timeline
            .iter()
            .map(|e| &e.attribution)
            .chain(b.figures.iter().map(|f| &f.attribution))
            .filter(|a| a.sources.contains(&i))
            .filter_map(|a| a.quote.as_deref())
            .collect();
        source_facts(&w, body, s, "");
        let Some(text) = &s.text else {
            body.blank();
            w.wrap(
                body,
                "This source has no text in the briefing.",
                t.muted(),
                "",
                "",
            );
            return None;
        };
        w.wrap(
            body,
            &format!("{} quoted passages are underlined.", quotes.len()),
            t.muted(),
            "",
            "",
        );
        body.blank();
        Some(SourceView {
            writer: w,
            text: text.content.clone(),
            at: 0,
            index: QuoteIndex::new(&quotes),
        })
    }

    /// Whether every line of the text is in the body.
    pub fn done(&self) -> bool {
        self.at >= self.text.len()
    }

    /// Wraps more of the text into `body`, until it has `lines` lines or
    /// the text ends.
    pub fn extend(&mut self, body: &mut Body, lines: usize) {
        while body.lines.len() < lines && !self.done() {
            let rest = &self.text[self.at..];
            let (line, used) = match rest.find('\n') {
                Some(n) => (&rest[..n], n + 1),
                None => (rest, rest.len()),
            };
            self.at += used;
            let line = line.strip_suffix('\r').unwrap_or(line);
            self.paragraph(body, line);
        }
    }

    /// One line of the text, wrapped, its quoted passages underlined.
    fn paragraph(&self, body: &mut Body, para: &str) {
        let t = self.writer.theme;
        let clean = sanitize_line(para);
        if clean.trim().is_empty() {
            body.blank();
            return;
        }
        let marked = self.index.find_in(&clean);
        let opts = crate::wrap::options(self.writer.width.max(1)).break_words(true);
        let mut from = 0;
        for piece in textwrap::wrap(&clean, opts) {
            let start = clean[from..]
                .find(piece.as_ref())
                .map_or(from, |i| from + i);
            let end = start + piece.len();
            from = end;
            let mut spans = Vec::new();
            let mut at = start;
            let mut cuts: Vec<(usize, usize)> = marked
                .iter()
                .filter(|r| r.start < end && r.end > start)
                .map(|r| (r.start.max(start), r.end.min(end)))
                .collect();
            cuts.sort();
            for (a, z) in cuts {
                if a > at {
                    spans.push(Span::raw(clean[at..a].to_owned()));
                }
                if z > a.max(at) {
                    spans.push(Span::styled(
                        clean[a.max(at)..z].to_owned(),
                        t.quoted_passage(),
                    ));
                }
                at = at.max(z);
            }
            if at < end {
                spans.push(Span::raw(clean[at..end].to_owned()));
            }
            body.lines.push(Line::from(spans));
        }
    }
}

/// A source's full text, all of it wrapped at once.
pub(super) fn source_text(w: &Writer, body: &mut Body, b: &Briefing, i: usize) {
    let w = Writer::new(w.theme, w.width.min(usize::from(u16::MAX)) as u16);
    if let Some(mut view) = SourceView::start(w, body, b, i) {
        view.extend(body, usize::MAX);
    }
}

/// The quotes of one source, folded once, found in a line of its text in
/// one pass over the line: each position is looked up by the bytes that
/// start there, so the cost grows with the text, not text × quotes.
///
/// The one place the source view learns where quotes are; it gives way to
/// the quote spans the briefing model computes once they exist.
struct QuoteIndex {
    /// Folded quotes at least `KEY` bytes long, by their first `KEY` bytes.
    long: std::collections::HashMap<Vec<u8>, Vec<usize>>,
    /// Shorter ones, looked for one by one.
    short: Vec<usize>,
    folded: Vec<String>,
}

const KEY: usize = 12;

impl QuoteIndex {
    fn new(quotes: &[&str]) -> QuoteIndex {
        let folded: Vec<String> = quotes
            .iter()
            .map(|q| crate::briefing::validate::fold_for_quote(q))
            .collect();
        let mut long: std::collections::HashMap<Vec<u8>, Vec<usize>> = Default::default();
        let mut short = Vec::new();
        for (i, q) in folded.iter().enumerate() {
            if q.is_empty() {
                continue;
            }
            if q.len() >= KEY {
                long.entry(q.as_bytes()[..KEY].to_vec())
                    .or_default()
                    .push(i);
            } else {
                short.push(i);
            }
        }
        QuoteIndex {
            long,
            short,
            folded,
        }
    }

    /// Where each quote first occurs in `line` (byte ranges of `line`),
    /// folding as the quote check does.
    fn find_in(&self, line: &str) -> Vec<Range<usize>> {
        if self.folded.is_empty() {
            return Vec::new();
        }
        let text = crate::briefing::quote::FoldedText::new(line);
        let folded = text.folded();
        let hay = folded.as_bytes();
        let mut first: std::collections::HashMap<usize, usize> = Default::default();
        for &q in &self.short {
            if let Some(at) = folded.find(self.folded[q].as_str()) {
                first.insert(q, at);
            }
        }
        if !self.long.is_empty() && hay.len() >= KEY {
            for at in 0..=hay.len() - KEY {
                let Some(candidates) = self.long.get(&hay[at..at + KEY]) else {
                    continue;
                };
                for &q in candidates {
                    if !first.contains_key(&q) && hay[at..].starts_with(self.folded[q].as_bytes()) {
                        first.insert(q, at);
                    }
                }
            }
        }
        let mut out: Vec<(usize, Range<usize>)> = first
            .into_iter()
            .map(|(q, at)| (q, text.original_range(at..at + self.folded[q].len())))
            .collect();
        out.sort_by_key(|(q, _)| *q);
        out.into_iter().map(|(_, r)| r).collect()
    }
}
