//! Triage state: what each analyst has read, flagged and archived, kept in
//! one JSON file per user and never lost.
//!
//! - [`State`], [`Record`] and [`Mark`]: the data and the changes keys and
//!   `brief mark` ask for; [`fingerprint`]s tell what changed since reading.
//! - [`StateFile`]: the file itself. Marks are applied in batches, each under
//!   one exclusive lock taken with a deadline, to the file as it is on disk
//!   (read, merge, one atomic write), so two readers open at once never undo
//!   each other's marks and a held lock is an error, never a wait.
//! - [`Store`]: the state a command or the reader works with, and its queue
//!   of marks not yet written ([`Pending`]).
//!
//! What brief will and will not touch: the state file must be a regular file
//! (or absent, or a link to a regular file, which is written through); its
//! lock `<file>.lock` a regular file (never a link); both no larger than
//! [`MAX_STATE_BYTES`]. Anything else is refused before it is read, and
//! nothing is created, moved or replaced outside the folder of the state
//! file.

mod file;
pub mod fingerprint;
mod pending;
mod store;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::briefing::Briefing;

pub use file::{Applied, LOCK_WAIT, MAX_STATE_BYTES, StateError, StateFile};
pub use fingerprint::{Part, changed_parts, digest, fingerprints, part_names};
pub use pending::{Pending, Stamped};
pub use store::{Batch, Finished, Store, Written};

/// What the reader shows for a briefing's reading state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReadState {
    /// Never opened (or marked unread).
    New,
    Read,
    /// Read, but its content has changed since.
    Updated,
}

/// One briefing's record, keyed by briefing id in the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// When it was last read; `None` when never read or marked unread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_at: Option<DateTime<Utc>>,
    /// A fingerprint of every part as it was when read.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub parts: BTreeSet<String>,
    /// A fingerprint of the whole briefing when read, so that the library
    /// can tell "updated" without parsing every briefing in full.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub flagged: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub archived: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    pub version: u32,
    #[serde(default)]
    pub briefings: BTreeMap<String, Record>,
}

/// One change to the state, as keys and `brief mark` ask for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// Read now, remembering every part's fingerprint.
    Read {
        id: String,
        parts: BTreeSet<String>,
        digest: String,
    },
    /// Read, as `R` (mark all read) makes it: a briefing already read as it
    /// is now keeps its earlier read time and is left unchanged; one never
    /// read, or updated since, is read now.
    CatchUp {
        id: String,
        parts: BTreeSet<String>,
        digest: String,
    },
    Unread {
        id: String,
    },
    Flag {
        id: String,
        on: bool,
    },
    Archive {
        id: String,
        on: bool,
    },
}

impl Mark {
    /// Read now, as opening a briefing or `brief mark --read` makes it.
    pub fn read(b: &Briefing) -> Mark {
        let parts = fingerprints(b);
        Mark::Read {
            id: b.id.clone(),
            digest: fingerprint::digest_of(&parts),
            parts,
        }
    }

    /// Read unless already read as it is now: what `R` makes (see [`Mark::CatchUp`]).
    pub fn catch_up(b: &Briefing) -> Mark {
        match Mark::read(b) {
            Mark::Read { id, parts, digest } => Mark::CatchUp { id, parts, digest },
            _ => unreachable!("Mark::read makes a Read"),
        }
    }

    /// The briefing the mark is for.
    pub fn id(&self) -> &str {
        match self {
            Mark::Read { id, .. }
            | Mark::CatchUp { id, .. }
            | Mark::Unread { id }
            | Mark::Flag { id, .. }
            | Mark::Archive { id, .. } => id,
        }
    }

    /// Changes the one record the mark is for: O(log n) in the state's size.
    fn apply(&self, state: &mut State, at: DateTime<Utc>) {
        let id = self.id();
        let r = state.briefings.entry(id.to_owned()).or_default();
        match self {
            Mark::Read { parts, digest, .. } => {
                r.read_at = Some(at);
                r.parts = parts.clone();
                r.digest = Some(digest.clone());
            }
            Mark::CatchUp { parts, digest, .. } => {
                let same = r.digest.as_ref().is_none_or(|d| d == digest);
                r.read_at = Some(r.read_at.filter(|_| same).unwrap_or(at));
                r.parts = parts.clone();
                r.digest = Some(digest.clone());
            }
            Mark::Unread { .. } => {
                r.read_at = None;
                r.parts.clear();
                r.digest = None;
            }
            Mark::Flag { on, .. } => r.flagged = *on,
            Mark::Archive { on, .. } => r.archived = *on,
        }
        if *r == Record::default() {
            state.briefings.remove(id);
        }
    }
}

impl State {
    pub fn record(&self, id: &str) -> Option<&Record> {
        self.briefings.get(id)
    }

    pub fn read_state(&self, b: &Briefing) -> ReadState {
        self.read_state_of(&b.id, &digest(b))
    }

    /// The reading state from the briefing's id and whole fingerprint alone,
    /// as the library list knows them.
    pub fn read_state_of(&self, id: &str, digest: &str) -> ReadState {
        match self.record(id) {
            Some(r) if r.read_at.is_some() => match &r.digest {
                Some(d) if d != digest => ReadState::Updated,
                _ => ReadState::Read,
            },
            _ => ReadState::New,
        }
    }

    pub fn flagged(&self, id: &str) -> bool {
        self.record(id).is_some_and(|r| r.flagged)
    }

    pub fn archived(&self, id: &str) -> bool {
        self.record(id).is_some_and(|r| r.archived)
    }

    /// Applies marks in order, each at its own time, and returns how many
    /// briefings' records differ afterwards from before (a briefing marked
    /// twice counts once; a mark that changes nothing counts not at all).
    /// O(m log n) for m marks over n records.
    pub fn merge(&mut self, marks: &[Stamped]) -> usize {
        let mut before: HashMap<&str, Option<Record>> = HashMap::with_capacity(marks.len());
        for s in marks {
            let id = s.mark.id();
            if !before.contains_key(id) {
                before.insert(id, self.briefings.get(id).cloned());
            }
            s.mark.apply(self, s.at);
        }
        before
            .into_iter()
            .filter(|(id, old)| self.briefings.get(*id) != old.as_ref())
            .count()
    }
}

/// Where state lives unless told otherwise: `$XDG_STATE_HOME/brief/state.json`,
/// by default `~/.local/state/brief/state.json` (see [`crate::paths`]).
pub fn default_path() -> Option<std::path::PathBuf> {
    crate::paths::state_file()
}
