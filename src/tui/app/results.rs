//! What comes back from the workers: a briefing read, marks written or
//! kept waiting for a lock.

use super::*;
use crate::tui::msg::{Loaded, Marked, Opened, Purpose};

impl App {
    pub(super) fn loaded(&mut self, loaded: Loaded) {
        let Some(i) = self.entries.iter().position(|l| l.path == loaded.path) else {
            return;
        };
        let opened = match loaded.result {
            Ok(opened) => opened,
            Err(why) => {
                self.message = Some(format!("cannot open: {why}"));
                return;
            }
        };
        match loaded.purpose {
            // Opened only if the user is still where they asked from, not
            // typing or reading an overlay since.
            Purpose::Open { pane } if matches!(self.mode, Mode::Library | Mode::Briefing) => {
                self.show_opened(i, opened, pane);
                self.opened_at_hit(&loaded.path);
            }
            Purpose::Open { .. } => {}
            Purpose::Reload => {
                // Only if it is still the one on screen.
                if self.screen() == Screen::Briefing && self.open == i {
                    self.opened = Some(opened.briefing);
                    self.mode = Mode::Briefing;
                    self.version += 1;
                    self.message = Some("this briefing changed on disk and was reloaded".into());
                }
            }
            Purpose::MarkRead => {
                self.mark(vec![opened.mark]);
                self.message = Some(format!("marked {} read", self.named(i)));
                self.refilter_keeping_row();
            }
        }
        self.sync_scroll();
    }

    /// Puts a briefing just read on screen and marks it read.
    fn show_opened(&mut self, i: usize, opened: Opened, pane: Option<Pane>) {
        let Opened {
            briefing,
            mark,
            changes,
            read_at,
        } = opened;
        self.open = i;
        self.changes = changes;
        self.changes_since = read_at;
        self.change_cursor = 0;
        if let crate::library::state::Mark::Read { digest, .. } = &mark {
            self.entries[i].set_digest(digest);
        }
        self.mark(vec![mark]);
        self.opened = Some(briefing);
        self.version += 1;
        self.mode = Mode::Briefing;
        self.panes = [ListState::default(); 5];
        self.pane = pane.unwrap_or(Pane::Summary);
        self.search = Search::default();
        if let Some(row) = self.visible.iter().position(|&v| v == i) {
            self.library.selected = row;
        }
    }

    pub(super) fn marked(&mut self, marked: Marked) {
        match marked {
            Marked::Saved {
                count,
                state,
                warnings,
            } => {
                // The file as written, with whatever is still unsaved laid over it.
                self.unsaved.drain(..count.min(self.unsaved.len()));
                self.store.state = state;
                let unsaved = std::mem::take(&mut self.unsaved);
                super::library::apply_in_memory(&mut self.store, &unsaved);
                self.unsaved = unsaved;
                if !warnings.is_empty() {
                    self.message = Some(warnings.join("; "));
                } else if self.message.as_deref().is_some_and(is_pending_note) {
                    self.message = Some(if self.unsaved.is_empty() {
                        "marks saved".to_owned()
                    } else {
                        format!("{} still waiting", self.unsaved.len())
                    });
                }
            }
            Marked::Prepared { marks, failed } => {
                let n = marks.len();
                self.mark(marks);
                let mut said = format!("{} marked read", crate::tui::plural(n, "briefing"));
                if failed > 0 {
                    said.push_str(&format!(
                        "; {} could not be read",
                        crate::tui::plural(failed, "file")
                    ));
                }
                self.message = Some(said);
            }
            Marked::LockHeld { lock, queued } => {
                self.message = Some(format!(
                    "another brief holds {}; your {} kept and retried",
                    lock.display(),
                    if queued == 1 {
                        "mark is".to_owned()
                    } else {
                        format!("{queued} marks are")
                    }
                ));
            }
            Marked::Failed(why) => {
                self.message = Some(format!(
                    "not saved: {why}; {} kept and retried",
                    crate::tui::plural(self.unsaved.len(), "mark")
                ));
            }
        }
        self.refilter_keeping_row();
    }
}

/// Whether the status line is telling of marks waiting, to be replaced once they are saved.
fn is_pending_note(message: &str) -> bool {
    message.starts_with("another brief holds") || message.starts_with("not saved:")
}
