//! Where the search of a source's text view finds its query, without
//! wrapping more of a long text than is needed.
//!
//! A match is a place in the source's text, folded once per opening
//! ([`view::text_lowered`]): finding them all is one pass over the text per
//! character typed, and gives both the count and each match's place, in
//! characters. The wrapped view records which characters each line shows
//! ([`view::TextLine`]), so a match's line is found by a binary search over
//! the lines wrapped so far, the view wrapped only as far as the match
//! asked for. Wrapping does not change what matches: the spaces a line
//! break swallows are still the text's spaces, so a phrase that wraps is
//! counted, stepped to and highlighted on each line it covers like any
//! other. Typing into a 2 MB text costs one pass over it, not a wrap of
//! all of it; drawing costs the lines on screen.

use std::cell::RefCell;
use std::ops::Range;

use ratatui::style::{Modifier, Style};

use super::*;
use crate::tui::layout;

/// Wrapped lines added to the view at a time while looking for a match.
const CHUNK: usize = 256;

/// What a source's text view showed before a resize ([`App::text_place`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextPlace {
    overlay: Overlay,
    /// The character at the top of the view, when a line of the text is.
    top: Option<usize>,
    /// The same for the line that `Esc` in the search goes back to.
    back: Option<usize>,
}

#[derive(Default)]
pub(super) struct TextHits {
    slot: RefCell<Option<TextCache>>,
    /// The character a resize kept at the top, and the line it put there:
    /// while the view stays on that line, the next resize keeps the same
    /// character, so that going to a size and back returns to the same
    /// place (the line at the top of a narrower view may begin earlier).
    kept: std::cell::Cell<Option<(Overlay, usize, usize)>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TextKey {
    overlay: Overlay,
    version: u64,
}

struct TextCache {
    key: TextKey,
    /// The whole text, folded, lines joined by newlines.
    folded: String,
    /// The folded query the fields below are for.
    query: String,
    /// Its length in characters, which is every match's.
    len: usize,
    /// Where each match starts, in characters of `folded`, in order.
    starts: Vec<usize>,
}

impl TextCache {
    fn find(&mut self, query: String) {
        self.len = query.chars().count();
        self.starts.clear();
        let mut bytes = 0;
        let mut chars = 0;
        let ascii = self.folded.is_ascii();
        for at in view::text_matches(&self.folded, &query) {
            chars += if ascii {
                at - bytes
            } else {
                self.folded[bytes..at].chars().count()
            };
            bytes = at;
            self.starts.push(chars);
        }
        self.query = query;
    }

    /// The matches that reach into the characters `within`, with their
    /// styles: `current` for match `current`, else `hit`.
    fn on(
        &self,
        within: Range<usize>,
        current: usize,
        hit: Style,
        now: Style,
    ) -> Vec<(Range<usize>, Style)> {
        let first = self
            .starts
            .partition_point(|&s| s + self.len <= within.start);
        self.starts[first..]
            .iter()
            .take_while(|&&s| s < within.end)
            .enumerate()
            .map(|(k, &s)| {
                let style = if first + k == current { now } else { hit };
                (s..s + self.len, style)
            })
            .collect()
    }
}

impl App {
    /// Runs `f` on the text search's state for the source shown and the
    /// query typed, built or brought up to date first; `None` when no
    /// source's text is shown.
    fn with_text<R>(&self, f: impl FnOnce(&mut TextCache) -> R) -> Option<R> {
        let (Some(overlay @ Overlay::Source(i)), Some(b)) = (self.overlay(), self.briefing())
        else {
            return None;
        };
        let key = TextKey {
            overlay,
            version: self.version,
        };
        let mut slot = self.text_hits.slot.borrow_mut();
        if slot.as_ref().is_none_or(|c| c.key != key) {
            let folded = b.sources[i]
                .text
                .as_ref()
                .map_or_else(String::new, |t| view::text_lowered(&t.content));
            *slot = Some(TextCache {
                key,
                folded,
                query: String::new(),
                len: 0,
                starts: Vec::new(),
            });
        }
        let cache = slot.as_mut().expect("set just above");
        let query = view::folded_query(&self.text_search.query);
        if query != cache.query {
            cache.find(query);
        }
        Some(f(cache))
    }

    /// How many matches of the text search the source's text holds.
    pub fn text_total(&self) -> usize {
        self.with_text(|c| c.starts.len()).unwrap_or(0)
    }

    /// The body line of match `n` of the text search (the line its first
    /// character is on, or the line whose swallowed spaces it starts in),
    /// wrapping the text as far as needed. Returns which match that is,
    /// and its line; `None` past the matches.
    pub fn text_line(&self, n: usize) -> Option<(usize, usize)> {
        let (overlay, at) = self.with_text(|c| (c.key.overlay, c.starts.get(n).copied()))?;
        Some((n, self.line_of_char(overlay, at?)?))
    }

    /// The body line of a source's text view at the current width that
    /// shows character `at` of the text (or whose swallowed spaces hold
    /// it), wrapping the text as far as needed; `None` for an empty text.
    fn line_of_char(&self, overlay: Overlay, at: usize) -> Option<usize> {
        let width = layout::inner(layout::overlay(self.size)).width;
        let mut need = 0;
        loop {
            // The body is dropped before the next call wraps more of it, so
            // that the cache's copy is the only one and grows in place.
            let (body, all) = self.overlay_body(overlay, width, need);
            let i = body.text.partition_point(|l| l.gap.max(l.end) <= at);
            if i < body.text.len() {
                return Some(body.text_from + i);
            }
            if all {
                // Not reached: the lines cover every character of the text.
                return body.text.len().checked_sub(1).map(|i| body.text_from + i);
            }
            need = body.lines.len() + CHUNK;
        }
    }

    /// What a source's text view shows, in characters of the text rather
    /// than wrapped lines, so that a resize (which wraps anew) can keep it:
    /// taken before the size changes, given to [`App::keep_text_place`].
    pub fn text_place(&self) -> Option<TextPlace> {
        let overlay @ Overlay::Source(_) = self.overlay()? else {
            return None;
        };
        let width = layout::inner(layout::overlay(self.size)).width;
        let (body, _) =
            self.overlay_body(overlay, width, self.overlay_scroll.max(self.text_from) + 1);
        // A line of the text, or `None` for the heading above it (which is
        // kept by its line: it is short, and wraps alike at every width).
        let char_at = |line: usize| {
            line.checked_sub(body.text_from)
                .and_then(|i| body.text.get(i))
                .map(|l| l.start)
        };
        let top = match self.text_hits.kept.get() {
            Some((o, line, at)) if o == overlay && line == self.overlay_scroll => Some(at),
            _ => char_at(self.overlay_scroll),
        };
        Some(TextPlace {
            overlay,
            top,
            back: char_at(self.text_from),
        })
    }

    /// After a resize: the view scrolled to the line that now shows the
    /// character that was at its top, then, if the search has a current
    /// match that this leaves off screen, to that match (placed as `n`
    /// places it). The line `Esc` goes back to follows the same way.
    pub fn keep_text_place(&mut self, place: Option<TextPlace>) {
        self.text_hits.kept.set(None);
        let Some(place) = place else {
            return;
        };
        if self.overlay() != Some(place.overlay) {
            return;
        }
        if let Some(line) = place
            .top
            .and_then(|at| self.line_of_char(place.overlay, at))
        {
            self.overlay_scroll = line;
        }
        if let Some(line) = place
            .back
            .and_then(|at| self.line_of_char(place.overlay, at))
        {
            self.text_from = line;
        }
        if !self.show_current_match(place.overlay) {
            self.sync_scroll();
            if let Some(top) = place.top {
                let kept = (place.overlay, self.overlay_scroll, top);
                self.text_hits.kept.set(Some(kept));
            }
        }
    }

    /// Scrolls to the text search's current match, placed as `n` places
    /// it, if it is not already on screen whole; says whether it scrolled.
    fn show_current_match(&mut self, overlay: Overlay) -> bool {
        if self.text_query().is_empty() {
            return false;
        }
        let current = self.text_search.current;
        let Some((first, last)) = self
            .with_text(|c| c.starts.get(current).map(|&s| (s, s + c.len.max(1) - 1)))
            .flatten()
        else {
            return false;
        };
        let (Some(top), Some(bottom)) = (
            self.line_of_char(overlay, first),
            self.line_of_char(overlay, last),
        ) else {
            return false;
        };
        let h = self.overlay_height();
        if top >= self.overlay_scroll && bottom < self.overlay_scroll + h {
            return false;
        }
        self.overlay_scroll = top.saturating_sub(h / 3);
        true
    }

    /// `rows` lines of `body` (a source's text view) from line `from`, the
    /// text search's matches highlighted on every line they cover, the
    /// current match in a style of its own; `None` when no text is searched.
    pub fn text_shown(&self, body: &view::Body, from: usize, rows: usize) -> Option<view::Body> {
        if self.text_query().is_empty() {
            return None;
        }
        let t = self.theme();
        let hit = t.hit();
        let now = hit.add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
        let current = self.text_search.current;
        self.with_text(|c| {
            let mut shown = view::Body::default();
            for (row, line) in body.lines.iter().enumerate().skip(from).take(rows) {
                let at = row
                    .checked_sub(body.text_from)
                    .and_then(|i| body.text.get(i));
                shown.lines.push(match at {
                    Some(at) => {
                        let on = c.on(at.start..at.gap.max(at.end), current, hit, now);
                        view::highlight_chars(line, at, &on)
                    }
                    None => line.clone(),
                });
            }
            shown
        })
    }
}
