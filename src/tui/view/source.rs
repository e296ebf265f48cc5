//! A source's full text, wrapped once when opened, with every passage the
//! briefing quotes from it underlined.

use super::overlay::source_facts;
use super::*;
use crate::briefing::Briefing;

/// Which characters of a source's text one wrapped line shows, counted in
/// characters from the start of the text as the search folds it
/// ([`super::text_lowered`]: one character per character of the text as
/// drawn, a newline after each of its lines). The line shows `start..end`;
/// `end..gap` are the spaces the wrap swallowed after it (up to the next
/// line, or the end of the paragraph), which a match may span: the text has
/// a space there, so a query's space matches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextLine {
    pub start: usize,
    pub end: usize,
    pub gap: usize,
}

/// A source's full text with every passage the briefing quotes from it
/// marked, wrapped as far as it is read: opening a 2 MB text costs the
/// screenful shown, and each further screenful is wrapped once, when it is
/// first scrolled to (or all of it, for a jump to the end).
#[derive(Clone)]
pub struct SourceView {
    writer: Writer,
    text: String,
    /// Byte offset in `text` of the first line not yet wrapped.
    at: usize,
    /// Where the briefing's quotes are in `text`, in text order, as the
    /// check found them ([`crate::briefing::SourceText::passages`]).
    passages: Vec<Range<usize>>,
    /// The first passage that may reach the line at `at`.
    next: usize,
    /// Where the line at `at` starts, in characters of the folded text.
    chars: usize,
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
        body.text_from = body.lines.len();
        Some(SourceView {
            writer: w,
            text: text.content.clone(),
            at: 0,
            passages: text.passages.clone(),
            next: 0,
            chars: 0,
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
            let start = self.at;
            let rest = &self.text[start..];
            let (mut len, used) = match rest.find('\n') {
                Some(n) => (n, n + 1),
                None => (rest.len(), rest.len()),
            };
            if rest[..len].ends_with('\r') {
                len -= 1;
            }
            self.at += used;
            let marked = self.marked(start..start + len);
            let chars = self.paragraph(body, &self.text[start..start + len], &marked);
            // The newline the folded text has after each line.
            self.chars += chars + 1;
        }
    }

    /// The parts of the line at `line` (byte offsets in the text) that are
    /// quoted, relative to the line. Lines come in text order, so the
    /// passages are walked once over the whole text.
    fn marked(&mut self, line: Range<usize>) -> Vec<Range<usize>> {
        while self
            .passages
            .get(self.next)
            .is_some_and(|p| p.end <= line.start)
        {
            self.next += 1;
        }
        self.passages[self.next..]
            .iter()
            .take_while(|p| p.start < line.end)
            .filter(|p| p.end > line.start)
            .map(|p| p.start.max(line.start) - line.start..p.end.min(line.end) - line.start)
            .collect()
    }

    /// One line of the text, wrapped, its quoted parts (`marked`, byte
    /// ranges of `para`) underlined. Each piece between the marks'
    /// boundaries is made safe to show on its own, so the marks still fall
    /// where they should when a piece's escapes are made visible. Each line
    /// is recorded with the characters it shows ([`TextLine`]); returns how
    /// many characters the line has as drawn.
    fn paragraph(&self, body: &mut Body, para: &str, marked: &[Range<usize>]) -> usize {
        let t = self.writer.theme;
        let mut cuts: Vec<usize> = marked.iter().flat_map(|r| [r.start, r.end]).collect();
        cuts.extend([0, para.len()]);
        cuts.sort_unstable();
        cuts.dedup();
        let mut clean = String::with_capacity(para.len());
        let mut moved: Vec<(usize, usize)> = Vec::with_capacity(cuts.len());
        for pair in cuts.windows(2) {
            moved.push((pair[0], clean.len()));
            clean.push_str(&sanitize_line(&para[pair[0]..pair[1]]));
        }
        moved.push((para.len(), clean.len()));
        let first = self.chars;
        let count = clean.chars().count();
        if clean.trim().is_empty() {
            body.blank();
            body.text.push(TextLine {
                start: first,
                end: first,
                gap: first + count,
            });
            return count;
        }
        let to_clean = |at: usize| moved.iter().find(|(raw, _)| *raw == at).map_or(0, |m| m.1);
        let marked: Vec<Range<usize>> = marked
            .iter()
            .map(|r| to_clean(r.start)..to_clean(r.end))
            .collect();
        let opts = crate::wrap::options(self.writer.width.max(1)).break_words(true);
        let mut from = 0;
        // Characters of `clean` before byte `from`.
        let mut from_chars = first;
        let before = body.text.len();
        for piece in textwrap::wrap(&clean, opts) {
            let start = clean[from..]
                .find(piece.as_ref())
                .map_or(from, |i| from + i);
            let end = start + piece.len();
            let start_chars = from_chars + clean[from..start].chars().count();
            // The line before, in this paragraph, ends where this starts.
            if body.text.len() > before
                && let Some(last) = body.text.last_mut()
            {
                last.gap = start_chars;
            }
            from_chars = start_chars + clean[start..end].chars().count();
            body.text.push(TextLine {
                start: start_chars,
                end: from_chars,
                gap: first + count,
            });
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
        count
    }
}

/// A source's full text, all of it wrapped at once.
pub(super) fn source_text(w: &Writer, body: &mut Body, b: &Briefing, i: usize) {
    let w = Writer::new(w.theme, w.width.min(usize::from(u16::MAX)) as u16);
    if let Some(mut view) = SourceView::start(w, body, b, i) {
        view.extend(body, usize::MAX);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::theme::{Palette, Theme};

    /// The underlined words of each line, as a person sees them.
    fn underlined(text: &str, passages: Vec<Range<usize>>) -> Vec<Vec<String>> {
        let theme = Theme {
            color: false,
            ascii: false,
            palette: Palette::dark(),
        };
        let mut view = SourceView {
            writer: Writer::new(theme, 30),
            text: text.to_owned(),
            at: 0,
            passages,
            next: 0,
            chars: 0,
        };
        let mut body = Body::default();
        view.extend(&mut body, usize::MAX);
        body.lines
            .iter()
            .map(|l| {
                l.spans
                    .iter()
                    .filter(|s| s.style == theme.quoted_passage())
                    .map(|s| s.content.to_string())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn the_models_passages_are_underlined_across_lines_and_escapes() {
        let text = "One two three.\r\nFour \u{1b}[31mfive six.\n\nSeven eight.";
        let at = |s: &str| text.find(s).unwrap();
        // "three." to "Four" across a line end; "six" after an escape that
        // is made visible (so the line's bytes move); "eight".
        let passages = vec![
            at("three")..at("Four") + 4,
            at("six")..at("six") + 3,
            at("eight")..at("eight") + 5,
        ];
        let lines = underlined(text, passages);
        assert_eq!(lines.len(), 4, "{lines:?}");
        assert_eq!(lines[0], ["three."]);
        assert_eq!(lines[1][0], "Four");
        assert_eq!(lines[1].last().unwrap(), "six");
        assert!(lines[2].is_empty());
        assert_eq!(lines[3], ["eight"]);
        // No passages, nothing underlined.
        assert!(underlined(text, Vec::new()).iter().all(Vec::is_empty));
    }

    /// Each line of the text knows which characters of the folded text it
    /// shows: what it draws, folded, is those characters; what the wrap
    /// swallowed after it is spaces; the lines cover the text in order.
    #[test]
    fn each_line_knows_the_characters_of_the_text_it_shows() {
        let texts = [
            "One two three four five six seven eight nine ten eleven twelve.",
            "  Indented, then   three spaces, then a tab\there and more words.\r\n\n   \nLast",
            "İSTANBUL ÉTÉ straße \u{1b}[31m escaped \u{ad}soft\u{200d} Ωμέγα word word word",
            "averyveryverylongwordthatmustbebrokenacrosslines and then some",
        ];
        let theme = Theme {
            color: false,
            ascii: false,
            palette: Palette::dark(),
        };
        for text in texts {
            let folded: Vec<char> = super::super::text_lowered(text).chars().collect();
            for width in [7, 12, 30] {
                let mut view = SourceView {
                    writer: Writer::new(theme, width),
                    text: text.to_owned(),
                    at: 0,
                    passages: vec![3..9, 40..52],
                    next: 0,
                    chars: 0,
                };
                let mut body = Body::default();
                view.extend(&mut body, usize::MAX);
                assert_eq!(body.text.len(), body.lines.len(), "{text:?} at {width}");
                let mut at = 0;
                for (line, l) in body.lines.iter().zip(&body.text) {
                    let drawn: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
                    let shown: String = folded[l.start..l.end].iter().collect();
                    assert_eq!(
                        super::super::folded_line(&drawn),
                        shown,
                        "{text:?} at {width}"
                    );
                    assert!(folded[l.end..l.gap].iter().all(|c| *c == ' '), "{l:?}");
                    // Lines follow each other; a paragraph's end is a newline.
                    assert!(folded[at..l.start].iter().all(|c| *c == '\n'), "{l:?}");
                    at = l.gap;
                }
                assert!(
                    folded[at..].iter().all(|c| *c == '\n'),
                    "{text:?} at {width}"
                );
            }
        }
    }
}
