//! The library's `/` over the full text: as the filter changes, a search of
//! the index is asked for (on a worker; the answer to any but the latest
//! ask is dropped), and its hits join the list after the rows the filter
//! lets through by title, tags, region and actors, each with its passage.
//! Enter opens a briefing at its hit.

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::*;
use crate::library::search::{Hit, SearchError};
use crate::tui::layout;
use crate::tui::msg::{Ask, Found};

/// What the full-text search last answered, and what is waiting.
#[derive(Debug, Clone, Default)]
pub struct FullText {
    /// The number of the latest ask.
    pub seq: u64,
    /// The number of the latest ask answered: while it is behind `seq`,
    /// the list says the full text is still being searched.
    pub answered: u64,
    /// The query last asked for (to ask again only when it changes).
    pub asked: String,
    /// The hits of the latest answer, by file (its path's bytes: hashing a
    /// `Path` walks its components, 10,000 times a key), each with its rank.
    pub hits: HashMap<OsString, (usize, Hit)>,
    /// Why the latest query found nothing (not a query the index
    /// understands, or no index), one line.
    pub error: Option<String>,
    /// A briefing asked to open at its hit: its path and the words matched.
    pub opening: Option<(PathBuf, String)>,
}

impl App {
    /// Asks for the full text to be searched when the filter has changed
    /// since the last ask; an empty filter forgets the hits at once.
    pub(super) fn ask_full_text(&mut self) {
        let ft = &mut self.fulltext;
        if ft.asked == self.filter.query {
            return;
        }
        ft.asked = self.filter.query.clone();
        ft.seq += 1;
        if ft.asked.trim().is_empty() {
            ft.hits.clear();
            ft.error = None;
            ft.answered = ft.seq;
            return;
        }
        self.effects.push(Effect::FullText(Ask {
            seq: ft.seq,
            query: ft.asked.clone(),
        }));
    }

    /// Asks again for the filter that is on, its hits kept until the answer:
    /// the index has changed since they were found (a first start's check
    /// filled it, or a file changed).
    pub(super) fn search_full_text_again(&mut self) {
        if self.filter.query.trim().is_empty() {
            return;
        }
        self.fulltext.asked.clear();
        self.ask_full_text();
    }

    /// Takes in the answer to an ask, if it is the latest.
    pub(super) fn found(&mut self, found: Found) {
        if found.seq != self.fulltext.seq {
            return;
        }
        let current = self.visible.get(self.library.selected).copied();
        let ft = &mut self.fulltext;
        ft.answered = found.seq;
        ft.hits.clear();
        ft.error = None;
        match found.result {
            Ok(hits) => {
                ft.hits = hits
                    .into_iter()
                    .enumerate()
                    .map(|(rank, h)| (h.path.clone().into_os_string(), (rank, h)))
                    .collect();
            }
            Err(SearchError::Query(why)) => {
                ft.error = Some(format!("not a search brief understands: {why}"));
            }
            Err(SearchError::Database(why)) => ft.error = Some(why),
        }
        self.refilter();
        self.select_entry(current);
        self.sync_scroll();
    }

    /// The full-text hit of entry `i`, while the filter is on.
    pub fn full_text_hit(&self, i: usize) -> Option<&Hit> {
        if self.filter.query.is_empty() {
            return None;
        }
        self.fulltext
            .hits
            .get(self.entries[i].path.as_os_str())
            .map(|(_, h)| h)
    }

    /// Whether the full text is still being searched for the filter: its
    /// hits are not in the list yet, so "no briefing matches" would be
    /// untrue.
    pub fn full_text_pending(&self) -> bool {
        !self.filter.query.trim().is_empty() && self.fulltext.answered != self.fulltext.seq
    }

    /// Why the full-text search found nothing, while the filter is on.
    pub fn full_text_error(&self) -> Option<&str> {
        self.fulltext
            .error
            .as_deref()
            .filter(|_| !self.filter.query.is_empty())
    }

    /// Screen lines per library row: two while full-text hits are listed
    /// (the row, then its passage), else one.
    pub fn library_row_height(&self) -> u16 {
        if self.filter.query.is_empty() || self.fulltext.hits.is_empty() {
            1
        } else {
            2
        }
    }

    /// How many library rows the screen shows.
    pub fn library_rows(&self) -> usize {
        let h = layout::library(self.size).list.height;
        usize::from(h / self.library_row_height())
    }

    /// The rows the full text adds after `visible` (the filter's), best
    /// first: entries with a hit that `keep` lets through. O(entries).
    pub(super) fn full_text_rows(
        &self,
        visible: &[usize],
        keep: impl Fn(usize) -> bool,
    ) -> Vec<usize> {
        let hits = &self.fulltext.hits;
        if hits.is_empty() || self.filter.query.is_empty() {
            return Vec::new();
        }
        let mut shown = vec![false; self.entries.len()];
        for &i in visible {
            shown[i] = true;
        }
        let mut more: Vec<(usize, usize)> = self
            .entries
            .iter()
            .enumerate()
            .filter(|(i, _)| !shown[*i])
            .filter_map(|(i, l)| hits.get(l.path.as_os_str()).map(|(rank, _)| (*rank, i)))
            .filter(|&(_, i)| keep(i))
            .collect();
        more.sort_unstable();
        more.into_iter().map(|(_, i)| i).collect()
    }

    /// Opening entry `i` from the list: at its full-text hit if it has one.
    pub(super) fn open_listed(&mut self, i: usize) {
        self.fulltext.opening = self.full_text_hit(i).and_then(|h| {
            let words = h.first_match()?;
            Some((self.entries[i].path.clone(), words.to_owned()))
        });
        self.open_entry(i, None);
    }

    /// A briefing opened from a full-text hit: the search inside it is set
    /// to the words matched and goes to the first place they are, so the
    /// pane and item holding the hit are selected and shown.
    pub(super) fn opened_at_hit(&mut self, path: &Path) {
        let Some((p, words)) = self.fulltext.opening.take() else {
            return;
        };
        if p != path {
            return;
        }
        self.search.query = words;
        self.search.current = 0;
        if self.hits().is_empty() {
            self.message = Some(format!(
                "{:?} is in a source's text",
                crate::text::sanitize_line(&self.search.query)
            ));
        } else {
            self.go_to_match(0);
        }
    }
}
