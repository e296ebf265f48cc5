//! Where the search of a source's text view finds its query, without
//! wrapping more of a long text than is needed.
//!
//! How many matches there are comes from the source's text itself, folded
//! once per opening (one pass over the text per character typed). Where
//! they are on screen needs the wrapped lines: the view is wrapped only as
//! far as the match asked for, each wrapped line folded once and scanned
//! once per query. Typing into a 2 MB text costs one pass over it, not a
//! wrap of all of it.

use std::cell::RefCell;

use super::*;
use crate::tui::layout;

/// Wrapped lines added to the view at a time while looking for a match.
const CHUNK: usize = 256;

#[derive(Default)]
pub(super) struct TextHits {
    slot: RefCell<Option<TextCache>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TextKey {
    overlay: Overlay,
    width: u16,
    version: u64,
}

struct TextCache {
    key: TextKey,
    /// The first line of the body that is the text (after the facts).
    head: usize,
    /// The whole text, folded, lines joined by newlines.
    folded: String,
    /// The body's text lines folded, as far as the body is wrapped.
    lines: Vec<String>,
    /// The folded query the fields below are for.
    query: String,
    /// Matches in the whole text.
    total: usize,
    /// The body line of each match found so far, in order (a line once
    /// per match in it).
    found: Vec<usize>,
    /// How many of `lines` have been scanned for `query`.
    scanned: usize,
}

impl TextCache {
    fn scan(&mut self) {
        if self.query.is_empty() {
            self.scanned = self.lines.len();
            return;
        }
        for (i, line) in self.lines.iter().enumerate().skip(self.scanned) {
            let n = line.matches(self.query.as_str()).count();
            self.found.extend(std::iter::repeat_n(self.head + i, n));
        }
        self.scanned = self.lines.len();
    }
}

impl App {
    /// Runs `f` on the text search's state for the source shown and the
    /// query typed, built or brought up to date first; `None` when no
    /// source's text is shown.
    fn with_text<R>(&self, f: impl FnOnce(&App, &mut TextCache) -> R) -> Option<R> {
        let (Some(overlay @ Overlay::Source(i)), Some(b)) = (self.overlay(), self.briefing())
        else {
            return None;
        };
        let width = layout::inner(layout::overlay(self.size)).width;
        let key = TextKey {
            overlay,
            width,
            version: self.version,
        };
        let mut slot = self.text_hits.slot.borrow_mut();
        if slot.as_ref().is_none_or(|c| c.key != key) {
            // Where the text starts: after the facts the view writes first.
            let mut head = view::Body::default();
            let _ =
                view::SourceView::start(view::Writer::new(self.theme(), width), &mut head, b, i);
            let folded = b.sources[i]
                .text
                .as_ref()
                .map_or_else(String::new, |t| view::text_lowered(&t.content));
            *slot = Some(TextCache {
                key,
                head: head.lines.len(),
                folded,
                lines: Vec::new(),
                query: String::new(),
                total: 0,
                found: Vec::new(),
                scanned: 0,
            });
        }
        let cache = slot.as_mut().expect("set just above");
        let query = view::folded_query(&self.text_search.query);
        if query != cache.query {
            cache.total = if query.is_empty() {
                0
            } else {
                cache.folded.matches(query.as_str()).count()
            };
            cache.query = query;
            cache.found.clear();
            cache.scanned = 0;
        }
        Some(f(self, cache))
    }

    /// How many matches of the text search the source's text holds.
    pub fn text_total(&self) -> usize {
        self.with_text(|_, c| c.total).unwrap_or(0)
    }

    /// The body line of match `n` of the text search, wrapping the text as
    /// far as needed; past the matches the view holds, the last of them.
    /// Returns which match that is, and its line.
    pub fn text_line(&self, n: usize) -> Option<(usize, usize)> {
        self.with_text(|app, c| {
            if c.total == 0 {
                return None;
            }
            let overlay = c.key.overlay;
            loop {
                c.scan();
                if let Some(&line) = c.found.get(n) {
                    return Some((n, line));
                }
                let have = c.head + c.lines.len();
                let (body, all) = app.overlay_body(overlay, c.key.width, have + CHUNK);
                c.lines.extend(body.lines.iter().skip(have).map(|l| {
                    let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
                    view::folded_line(&text)
                }));
                if all && c.head + c.lines.len() >= body.lines.len() {
                    c.scan();
                    return c.found.last().map(|&line| (c.found.len() - 1, line));
                }
            }
        })
        .flatten()
    }
}
