//! Asking for a long source's text to be wrapped on a worker, and taking
//! the lines back (`tui::opening`).

use super::*;
use crate::tui::layout;
use crate::tui::opening::SourceJob;

impl App {
    /// After each message: while a long source's text view shows its
    /// "opening…" notice, the worker is asked (once) for the lines the
    /// view needs.
    pub(super) fn source_jobs(&mut self) {
        let Some(overlay @ Overlay::Source(_)) = self.overlay() else {
            return;
        };
        let r = layout::inner(layout::overlay(self.size));
        let need = self.overlay_scroll.saturating_add(usize::from(r.height));
        // Makes sure the cache holds this view (or its notice).
        drop(self.overlay_body(overlay, r.width, need));
        if let Some(job) = self.cache.source_job(self, need) {
            self.effects.push(Effect::WrapSource(Box::new(job)));
        }
    }

    /// The lines back: shown in place of the notice (if it is still
    /// shown), at the text search's match if one was being gone to.
    pub(super) fn source_wrapped(&mut self, job: SourceJob) {
        if !self.cache.source_wrapped(job) {
            return;
        }
        if !self.text_search.query.is_empty() && self.text_total() > 0 {
            self.go_to_text(self.text_search.current);
        }
        self.sync_scroll();
    }

    /// Whether the source's text shown is still being wrapped.
    pub fn opening(&self) -> bool {
        let Some(overlay @ Overlay::Source(_)) = self.overlay() else {
            return false;
        };
        let r = layout::inner(layout::overlay(self.size));
        self.cache.is_opening(self, overlay, r.width)
    }
}
