//! Which keys act where, and triage: read, flag and archive on the
//! library's selection or the open briefing, and the queue of unread ones.
//!
//! [`App::why_not`] is the one place that decides whether an action makes
//! sense on the screen the user is on; when it does not, the status line
//! says why instead of the key doing nothing. It reads the key table's
//! groups (an action of the "In a briefing" group needs one open, one of
//! "In the library" the list) and the few states that matter.

use super::*;
use crate::library::state::ReadState;
use crate::tui::action::Action;
use crate::tui::keymap::Group;
use crate::tui::msg::Purpose;

/// How long a title may be in a status-line message.
const TITLE_WIDTH: usize = 40;

impl App {
    /// Why `action` cannot act on the screen shown, as the status line
    /// says it; `None` when it can.
    pub(super) fn why_not(&self, action: Action) -> Option<String> {
        let key = self.keymap.key_label(action).unwrap_or_default();
        let search = self.keymap.key_label(Action::Search).unwrap_or_default();
        let screen = self.screen();
        let query = match screen {
            Screen::Library => &self.filter.query,
            Screen::Briefing => &self.search.query,
        };
        let why = match (screen, action) {
            (_, Action::NextMatch | Action::PrevMatch) if query.is_empty() => {
                format!("{key} steps through matches: {search} to search first")
            }
            (Screen::Library, Action::Copy) => {
                format!("{key} copies a citation: open a briefing first")
            }
            (Screen::Library, Action::CopyUrl) => {
                format!("{key} copies a source's URL: open a briefing first")
            }
            (
                Screen::Library,
                Action::Open
                | Action::ToggleRead
                | Action::ToggleFlag
                | Action::ToggleArchive
                | Action::NextUnread,
            ) if self.visible.is_empty() => "no briefing is listed".to_owned(),
            (Screen::Briefing, Action::PrevBriefing | Action::NextBriefing)
                if !self.visible.contains(&self.open) =>
            {
                let back = self.keymap.key_label(Action::Back).unwrap_or_default();
                format!(
                    "this briefing is no longer listed (archived or filtered out): {back} goes back"
                )
            }
            (Screen::Briefing, Action::Open) if self.pane == Pane::Summary => {
                let next = self.keymap.key_label(Action::NextPane).unwrap_or_default();
                format!("{key} opens an item: the Summary has none ({next} goes to the next pane)")
            }
            (Screen::Briefing, Action::NextChange | Action::PrevChange)
                if self.changes_since.is_none()
                    && self.changes.is_empty()
                    && self.redline.of(self.version).is_none() =>
            {
                format!(
                    "{key} steps through what changed since you last read a briefing: \
                     this is your first reading of this one"
                )
            }
            (Screen::Library, _) if self.keymap.group(action) == Some(Group::Briefing) => {
                format!(
                    "{key} ({}) works inside a briefing: open one first",
                    action.describe()
                )
            }
            (Screen::Briefing, _) if self.keymap.group(action) == Some(Group::Library) => {
                let back = self.keymap.key_label(Action::Back).unwrap_or_default();
                format!(
                    "{key} ({}) works in the library: {back} goes back to it",
                    action.describe()
                )
            }
            _ => return None,
        };
        Some(why)
    }

    /// A briefing as messages name it: its title, cleaned and shortened, in quotes.
    pub(super) fn named(&self, entry: usize) -> String {
        let title = self.entries.get(entry).map_or("", |l| l.title());
        let clean = crate::text::sanitize_line(title);
        // The quotes and the cut mark are brief's own: ASCII under --ascii.
        let (open, close) = if self.options.ascii {
            ('"', '"')
        } else {
            ('\u{201c}', '\u{201d}')
        };
        let cut = crate::text::fit(clean.trim(), TITLE_WIDTH, self.theme().ellipsis());
        format!("{open}{cut}{close}")
    }

    /// The briefing triage keys act on: the open one, or the library's selection.
    fn triage_target(&self) -> Option<usize> {
        match self.screen() {
            Screen::Briefing => Some(self.open),
            Screen::Library => self.visible.get(self.library.selected).copied(),
        }
    }

    /// `r`, `f`, `a`: read/unread, flag, archive, on the library's selection
    /// or the open briefing.
    pub(super) fn toggle(&mut self, action: Action) {
        let Some(i) = self.triage_target().filter(|&i| i < self.entries.len()) else {
            return;
        };
        let listing = &self.entries[i];
        let id = listing.id().to_owned();
        let unread = self.store.state.read_state_of(&id, listing.digest()) != ReadState::Read;
        let name = self.named(i);
        let (mark, said) = match action {
            Action::ToggleRead if unread => {
                // Marking read remembers every part, so the briefing is read first.
                self.effects
                    .push(Effect::Load(self.load_request(i, Purpose::MarkRead)));
                self.message = Some(format!("marking {name} read{}", self.theme().ellipsis()));
                return;
            }
            Action::ToggleRead => (Mark::Unread { id }, format!("marked {name} unread")),
            Action::ToggleFlag => {
                let on = !self.store.state.flagged(&id);
                let said = if on { "flagged" } else { "unflagged" };
                (Mark::Flag { id, on }, format!("{said} {name}"))
            }
            _ => {
                let on = !self.store.state.archived(&id);
                let said = if on && !self.filters.archived {
                    // It leaves the list: say how to see it again.
                    match self.keymap.key_label(Action::ShowArchived) {
                        Some(k) => format!("archived {name} ({k} shows archived)"),
                        None => format!("archived {name}"),
                    }
                } else if on {
                    format!("archived {name}")
                } else {
                    format!("restored {name}")
                };
                (Mark::Archive { id, on }, said)
            }
        };
        self.mark(vec![mark]);
        self.message = Some(said);
        self.refilter_keeping_row();
    }

    /// Counts the briefings hidden because archived, for the header's
    /// hint; once per change of the list, never per frame.
    pub(super) fn count_archived_hidden(&mut self) {
        let state = &self.store.state;
        self.archived_hidden = if self.filters.archived || state.briefings.is_empty() {
            0
        } else {
            self.entries
                .iter()
                .filter(|l| state.archived(l.id()))
                .count()
        };
    }

    /// Whether entry `i` is in the queue: never read, marked unread, or
    /// changed since it was read.
    fn queued(&self, i: usize) -> bool {
        let l = &self.entries[i];
        self.store.state.read_state_of(l.id(), l.digest()) != ReadState::Read
    }

    /// Space: the next unread or updated briefing in the list's order,
    /// from the library's selection, or after the open one. Opening it
    /// marks it read; the one left was marked read when it was opened
    /// (unless `r` made it unread since, which is kept). Looks only as far
    /// as the next one in the queue.
    pub(super) fn next_unread(&mut self) {
        let from = match self.screen() {
            Screen::Library => self.library.selected,
            Screen::Briefing => match self.visible.iter().position(|&v| v == self.open) {
                Some(row) => row + 1,
                None => self.library.selected,
            },
        };
        let open = (self.screen() == Screen::Briefing).then_some(self.open);
        let next = self
            .visible
            .iter()
            .skip(from)
            .copied()
            .find(|&i| Some(i) != open && self.queued(i));
        match next {
            Some(i) => {
                self.message = Some(format!("next unread: {}", self.named(i)));
                self.open_entry(i, None);
            }
            None => {
                let above = self.visible[..from.min(self.visible.len())]
                    .iter()
                    .any(|&i| Some(i) != open && self.queued(i));
                self.message = Some(if above {
                    let top = match (self.screen(), self.keymap.key_label(Action::Top)) {
                        (Screen::Library, Some(k)) => format!(" ({k} goes to the top)"),
                        _ => String::new(),
                    };
                    format!("the end of the queue: none unread below, some above{top}")
                } else {
                    "the end of the queue: every listed briefing is read".to_owned()
                });
            }
        }
    }
}
