//! What each part of the screen says, as styled, pre-wrapped lines.
//!
//! Text is wrapped here, once, to the width it will be drawn at, so that
//! scrolling counts real rows; `app`'s cache keeps the result until the
//! width or the briefing changes. Every string from a briefing passes
//! through [`sanitize_line`] on its way into a line; nothing else reaches
//! the screen. The view knows nothing of the app: what it needs of the
//! state comes in a [`Context`].

mod cite;
mod help;
mod overlay;
mod panes;
mod redline;
mod search;
pub mod source;

pub use cite::{citation, source_url};
pub use overlay::overlay_body;
pub use panes::{
    change_marker, detail, grade_text, pane_body, split, tab_label, with_actor_marker,
};
pub use redline::summary_line as redline_summary_line;
pub use search::{
    SearchIndex, find_ignoring_case, folded_line, folded_query, highlight, highlight_chars,
    highlight_line, search_hits, text_lowered, text_matches,
};
pub use source::{SourceView, TextLine};

use std::ops::Range;

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::keymap::Keymap;
use super::theme::Theme;
use crate::briefing::Diagnostic;
use crate::library::state::Part;
use crate::text::{sanitize_line, width as text_width};

/// What the view needs to know of the reader's state.
pub struct Context<'a> {
    pub theme: Theme,
    /// Parts of the open briefing changed since it was last read.
    pub changes: &'a [Part],
    /// What changed since the version read, drawn in place of the clean text.
    pub redline: Option<&'a crate::briefing::redline::Redline>,
    /// The actor selected in the Actors pane.
    pub marked_actor: Option<usize>,
    /// The figure selected in the Figures pane, for its details.
    pub selected_figure: usize,
    pub keymap: &'a Keymap,
    pub diagnostics: &'a [Diagnostic],
}

impl Context<'_> {
    pub fn changed(&self, part: Part) -> bool {
        self.changes.contains(&part)
    }
}

/// Lines to draw and, for lists, which lines each item covers.
#[derive(Debug, Clone, Default)]
pub struct Body {
    pub lines: Vec<Line<'static>>,
    pub items: Vec<Range<usize>>,
    /// For each line, how many leading spans (indents, markers) a search
    /// never highlights; lines past the end have none.
    pub plain: Vec<u8>,
    /// A source's text view: the line its text starts at, and which of the
    /// text's characters each line from there shows ([`TextLine`]).
    pub text_from: usize,
    pub text: Vec<TextLine>,
}

impl Body {
    /// Adds a line whose first `plain` spans are never highlighted.
    pub fn push(&mut self, line: Line<'static>, plain: u8) {
        if plain > 0 {
            self.plain.resize(self.lines.len(), 0);
            self.plain.push(plain);
        }
        self.lines.push(line);
    }

    /// The spans of line `i` a search leaves alone.
    pub fn plain_spans(&self, i: usize) -> usize {
        usize::from(self.plain.get(i).copied().unwrap_or(0))
    }

    fn start_item(&mut self) {
        let n = self.lines.len();
        self.items.push(n..n);
    }

    /// Closes the item begun last; an item always covers at least one line.
    fn end_item(&mut self) {
        if self
            .items
            .last()
            .is_some_and(|r| r.start == self.lines.len())
        {
            self.lines.push(Line::default());
        }
        let n = self.lines.len();
        if let Some(last) = self.items.last_mut() {
            last.end = n;
        }
    }

    fn blank(&mut self) {
        self.lines.push(Line::default());
    }

    /// A blank line between list items, outside both.
    fn gap(&mut self) {
        if !self.items.is_empty() {
            self.blank();
        }
    }
}

/// Wrapping for one pane or overlay.
#[derive(Debug, Clone, Copy)]
pub struct Writer {
    pub theme: Theme,
    pub width: usize,
}

impl Writer {
    pub fn new(theme: Theme, width: u16) -> Writer {
        Writer {
            theme,
            width: usize::from(width),
        }
    }

    /// Appends `text` wrapped to the width, with indents, in one style.
    pub fn wrap(&self, body: &mut Body, text: &str, style: Style, first: &str, rest: &str) {
        let clean = sanitize_line(text);
        let avail = self
            .width
            .saturating_sub(text_width(first).max(text_width(rest)))
            .max(1);
        let opts = crate::wrap::options(avail).break_words(true);
        for (i, piece) in textwrap::wrap(&clean, opts).iter().enumerate() {
            let indent = if i == 0 { first } else { rest };
            let spans = vec![
                Span::raw(indent.to_owned()),
                Span::styled(piece.to_string(), style),
            ];
            body.push(Line::from(spans), 1);
        }
        if clean.is_empty() {
            body.lines.push(Line::from(first.to_owned()));
        }
    }

    /// Differently styled parts wrapped together as one text, each part
    /// keeping its style across line breaks.
    pub fn parts(&self, body: &mut Body, parts: Vec<(String, Style)>, first: &str, rest: &str) {
        let mut full = String::new();
        let mut styles: Vec<(Range<usize>, Style)> = Vec::new();
        for (text, style) in parts {
            let clean = sanitize_line(&text);
            let start = full.len();
            full.push_str(&clean);
            styles.push((start..full.len(), style));
        }
        let avail = self
            .width
            .saturating_sub(text_width(first).max(text_width(rest)))
            .max(1);
        let opts = crate::wrap::options(avail).break_words(true);
        let mut from = 0;
        for (i, piece) in textwrap::wrap(&full, opts).iter().enumerate() {
            // Each wrapped line is a slice of `full`; find where, to know its styles.
            let start = full[from..]
                .find(piece.as_ref())
                .map_or(from, |at| from + at);
            let end = start + piece.len();
            from = end;
            let indent = if i == 0 { first } else { rest };
            let mut spans = vec![Span::raw(indent.to_owned())];
            for (range, style) in &styles {
                let (a, z) = (range.start.max(start), range.end.min(end));
                if a < z {
                    spans.push(Span::styled(full[a..z].to_owned(), *style));
                }
            }
            body.push(Line::from(spans), 1);
        }
        if full.is_empty() {
            body.lines.push(Line::from(first.to_owned()));
        }
    }
}
