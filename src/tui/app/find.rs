//! Searching an open briefing: its panes and its sources' full texts as
//! one list of matches, the search inside a source's text view, and the
//! place to go back to when a search is abandoned.
//!
//! Typing moves to the first match as it is typed (as `less` and vim's
//! incsearch do); Esc puts the focus, selections and scroll back where
//! they were before `/`; Enter keeps the match.

use super::*;
use crate::tui::action::Action;

/// Where the user was when a search started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pane: Pane,
    panes: [ListState; 5],
}

impl App {
    /// `/` in a briefing: an empty prompt, remembering where the user is.
    pub(super) fn start_search(&mut self) {
        self.search_from = Some(Place {
            pane: self.pane,
            panes: self.panes,
        });
        self.search = Search::default();
        self.mode = Mode::Prompt(Screen::Briefing);
    }

    /// Back where the search started (the place is kept while typing).
    fn back_to_start(&mut self) {
        if let Some(place) = self.search_from {
            self.pane = place.pane;
            self.panes = place.panes;
        }
    }

    /// Keys while typing into the briefing's search.
    pub(super) fn search_prompt(&mut self, action: Action) {
        match action {
            Action::Open => {
                self.mode = Mode::Briefing;
                self.search_from = None;
                if self.search.query.is_empty() {
                    return;
                }
                match self.hits().get(self.search.current) {
                    Some(hit) if hit.text.is_some() => self.open_source_at(*hit),
                    Some(_) => {}
                    None => self.search = Search::default(),
                }
            }
            Action::Back => {
                self.search = Search::default();
                self.back_to_start();
                self.search_from = None;
                self.mode = Mode::Briefing;
            }
            Action::Type(c) if self.type_into(Typed::Search, c) => self.first_match(),
            Action::DeleteChar => {
                self.search.query.pop();
                self.first_match();
            }
            Action::NextMatch => self.step_match(1),
            Action::PrevMatch => self.step_match(-1),
            _ => {}
        }
    }

    /// The first match of the query as typed so far; where the search
    /// started when there is none (or no query).
    fn first_match(&mut self) {
        self.search.current = 0;
        if self.hits().is_empty() {
            self.back_to_start();
        } else {
            self.go_to_match(0);
        }
    }

    pub(super) fn step_match(&mut self, by: isize) {
        let hits = self.hits();
        if hits.is_empty() {
            if !self.search.query.is_empty() {
                self.message = Some(format!(
                    "no match for \u{201c}{}\u{201d}",
                    crate::text::sanitize_line(&self.search.query)
                ));
            }
            return;
        }
        let next = (self.search.current as isize + by).rem_euclid(hits.len() as isize) as usize;
        self.go_to_match(next);
        if self.mode == Mode::Briefing
            && let Some(hit) = hits.get(next).filter(|h| h.text.is_some())
        {
            let open = self.keymap.key_label(Action::Open).unwrap_or_default();
            self.message = Some(format!(
                "match {}/{} is in the text of {}: {open} opens it there",
                next + 1,
                hits.len(),
                self.source_name(hit.item),
            ));
        }
    }

    pub(super) fn go_to_match(&mut self, n: usize) {
        let hits = self.hits();
        let Some(&hit) = hits.get(n) else { return };
        self.search.current = n;
        self.pane = hit.pane;
        if hit.pane == Pane::Summary {
            let width = self.pane_width(Pane::Summary);
            let body = self.pane_body(Pane::Summary, width);
            self.panes[0].offset = body.items.get(hit.item).map_or(0, |r| r.start);
        } else {
            self.panes[hit.pane.index()].selected = hit.item;
        }
    }

    fn source_name(&self, i: usize) -> String {
        let title = self
            .briefing()
            .and_then(|b| b.sources.get(i))
            .map_or("", |s| s.title.as_str());
        let clean = crate::text::sanitize_line(title);
        format!(
            "\u{201c}{}\u{201d}",
            crate::text::truncate(clean.trim(), 40)
        )
    }

    /// Enter on a source while the briefing's search is on: its text,
    /// at the current match if that is in this text, else at its first.
    pub(super) fn open_source_searched(&mut self) -> bool {
        let sel = self.panes[Pane::Sources.index()].selected;
        if self.pane != Pane::Sources || self.search.query.is_empty() {
            return false;
        }
        let hits = self.hits();
        let hit = hits
            .get(self.search.current)
            .filter(|h| h.pane == Pane::Sources && h.item == sel && h.text.is_some())
            .or_else(|| {
                hits.iter()
                    .find(|h| h.pane == Pane::Sources && h.item == sel && h.text.is_some())
            });
        match hit {
            Some(&hit) => {
                self.open_source_at(hit);
                true
            }
            None => false,
        }
    }

    /// Opens a source's text view at a match of the briefing's search.
    fn open_source_at(&mut self, hit: Hit) {
        self.pane = Pane::Sources;
        self.panes[Pane::Sources.index()].selected = hit.item;
        self.show(Overlay::Source(hit.item));
        self.text_search = Search {
            query: self.search.query.clone(),
            current: 0,
        };
        let total = self.text_total();
        if total == 0 {
            return;
        }
        let n = hit.text.unwrap_or(0).min(total - 1);
        self.go_to_text(n);
        self.message = Some(format!(
            "match {}/{total} in this text",
            self.text_search.current + 1
        ));
    }

    /// `/` in a box: a source's text is searched; other boxes say so.
    pub(super) fn start_text_search(&mut self, screen: Screen, overlay: Overlay) {
        if !matches!(overlay, Overlay::Source(_)) {
            let key = self.keymap.key_label(Action::Search).unwrap_or_default();
            self.message = Some(format!("{key} searches a source's full text; not this box"));
            return;
        }
        self.text_from = self.overlay_scroll;
        self.text_search = Search::default();
        self.mode = Mode::Find(screen, overlay);
    }

    /// Keys while typing into the search of a source's text.
    pub(super) fn text_prompt(&mut self, screen: Screen, overlay: Overlay, action: Action) {
        match action {
            Action::Open => {
                self.mode = Mode::Overlay(screen, overlay);
                if self.text_total() == 0 {
                    self.text_search = Search::default();
                }
            }
            Action::Back => {
                self.text_search = Search::default();
                self.overlay_scroll = self.text_from;
                self.mode = Mode::Overlay(screen, overlay);
            }
            Action::Type(c) if self.type_into(Typed::TextSearch, c) => self.first_text_match(),
            Action::DeleteChar => {
                self.text_search.query.pop();
                self.first_text_match();
            }
            Action::NextMatch => self.step_text(1),
            Action::PrevMatch => self.step_text(-1),
            _ => {}
        }
    }

    fn first_text_match(&mut self) {
        self.text_search.current = 0;
        if self.text_total() == 0 {
            self.overlay_scroll = self.text_from;
        } else {
            self.go_to_text(0);
        }
    }

    /// `n` / `N` in a source's text.
    pub(super) fn step_text(&mut self, by: isize) {
        let total = self.text_total();
        if total == 0 {
            let key = self.keymap.key_label(Action::Search).unwrap_or_default();
            self.message = Some(if self.text_search.query.is_empty() {
                format!("n and N step through matches: {key} to search this text first")
            } else {
                format!(
                    "no match for \u{201c}{}\u{201d} in this text",
                    crate::text::sanitize_line(&self.text_search.query)
                )
            });
            return;
        }
        let n = (self.text_search.current as isize + by).rem_euclid(total as isize) as usize;
        self.go_to_text(n);
    }

    /// Scrolls the text view to show match `n` a third of the way down
    /// (a match that wraps onto the next line shows whole).
    pub(super) fn go_to_text(&mut self, n: usize) {
        let Some((n, line)) = self.text_line(n) else {
            return;
        };
        self.text_search.current = n;
        let h = self.overlay_height();
        self.overlay_scroll = line.saturating_sub(h / 3);
    }

    /// The text search's query while a source's text is shown, for drawing.
    pub fn text_query(&self) -> &str {
        match self.overlay() {
            Some(Overlay::Source(_)) => &self.text_search.query,
            _ => "",
        }
    }

    /// What the status line says of the search being typed or stepped
    /// through: `match 2/5`, `no match`, or nothing for an empty query.
    pub fn match_status(&self) -> String {
        let text = match self.mode {
            Mode::Find(..) => true,
            Mode::Overlay(_, Overlay::Source(_)) => !self.text_search.query.is_empty(),
            _ => false,
        };
        if text {
            counted(
                &self.text_search.query,
                self.text_search.current,
                self.text_total(),
            )
        } else {
            self.briefing_match_status()
        }
    }

    /// The same of the briefing's search alone, whatever box is shown
    /// over it (a source's text has a search of its own).
    pub fn briefing_match_status(&self) -> String {
        counted(&self.search.query, self.search.current, self.hits().len())
    }
}

/// `match 2/5` for match `current` of `n`, `no match`, or nothing for an
/// empty query.
fn counted(query: &str, current: usize, n: usize) -> String {
    match n {
        _ if query.is_empty() => String::new(),
        0 => "no match".to_owned(),
        n => format!("match {}/{n}", current.min(n - 1) + 1),
    }
}

/// The longest query a prompt takes, in characters: what is typed or pasted
/// beyond it is refused with a message, so that a key never costs more
/// than a query this long (a pasted 7 KB once froze the reader for
/// seconds, each character searching with all the ones before it).
pub const QUERY_MAX: usize = 256;

/// Which prompt a character is typed into.
#[derive(Debug, Clone, Copy)]
pub(super) enum Typed {
    Filter,
    Search,
    TextSearch,
}

impl App {
    /// Adds `c` to the prompt's query if it is not full; says so if it is.
    pub(super) fn type_into(&mut self, which: Typed, c: char) -> bool {
        let query = match which {
            Typed::Filter => &mut self.filter.query,
            Typed::Search => &mut self.search.query,
            Typed::TextSearch => &mut self.text_search.query,
        };
        if query.chars().count() >= QUERY_MAX {
            self.message = Some(format!("a search is at most {QUERY_MAX} characters"));
            return false;
        }
        query.push(c);
        true
    }
}
