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

use super::versions::{Kept, Origin};
use crate::briefing::Briefing;

pub use file::{Applied, LOCK_WAIT, MAX_STATE_BYTES, StateError, StateFile};
pub use fingerprint::{
    Part, changed_of, changed_parts, digest, digest_of_labelled, fingerprints, labelled_parts,
    part_names, same_digest,
};
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
    /// Keys this brief does not know (a newer brief's, or a hand edit): a
    /// state holding any is never written (see [`State::unwritable`]).
    #[serde(flatten)]
    pub unknown: Unknown,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    pub version: u32,
    #[serde(default)]
    pub briefings: BTreeMap<String, Record>,
    #[serde(flatten)]
    pub unknown: Unknown,
}

/// The state file version this brief reads and writes.
pub const VERSION: u32 = 1;

/// The names of keys a state file holds that this brief does not know, for
/// [`State::unwritable`]; their values are skipped unread, and nothing of
/// them is ever written (it serializes as no keys at all).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unknown(pub BTreeSet<String>);

impl<'de> Deserialize<'de> for Unknown {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Unknown, D::Error> {
        struct Keys;
        impl<'de> serde::de::Visitor<'de> for Keys {
            type Value = Unknown;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<Unknown, A::Error> {
                let mut keys = BTreeSet::new();
                while let Some(k) = m.next_key::<String>()? {
                    m.next_value::<serde::de::IgnoredAny>()?;
                    keys.insert(k);
                }
                Ok(Unknown(keys))
            }
        }
        d.deserialize_map(Keys)
    }
}

impl Serialize for Unknown {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        s.serialize_map(Some(0))?.end()
    }
}

/// One change to the state, as keys and `brief mark` ask for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// Read now, remembering every part's fingerprint.
    Read {
        id: String,
        parts: BTreeSet<String>,
        digest: String,
        /// The version read, kept beside the state (see [`super::versions`])
        /// before the mark that points at it is written; `None` keeps none.
        version: Option<Kept>,
    },
    /// Read, as `R` (mark all read) makes it: a briefing already read as it
    /// is now keeps its earlier read time and is left unchanged; one never
    /// read, or updated since, is read now.
    CatchUp {
        id: String,
        parts: BTreeSet<String>,
        digest: String,
        version: Option<Kept>,
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
        Mark::read_from(b, Origin::Model)
    }

    /// Read now, keeping the version from `origin`: the file's bytes as
    /// parsed ([`crate::library::versions::load`]), never encoded again.
    pub fn read_from(b: &Briefing, origin: Origin) -> Mark {
        let parts = fingerprints(b);
        let digest = fingerprint::digest_of(&parts);
        Mark::Read {
            id: b.id.clone(),
            version: Some(Kept::with_origin(b, digest.clone(), origin)),
            digest,
            parts,
        }
    }

    /// Read unless already read as it is now: what `R` makes (see [`Mark::CatchUp`]).
    pub fn catch_up(b: &Briefing) -> Mark {
        Mark::read(b).into_catch_up()
    }

    /// What `R` makes for a briefing the library has read in full already,
    /// from the fingerprint the library knows (`digest`) and the version kept
    /// unparsed ([`crate::library::versions::read_unparsed`]): no parts, so
    /// that nothing is parsed; the reader finds them from the version kept
    /// when it needs them. Parts of the same version read before stay.
    pub fn catch_up_to(id: &str, digest: &str, version: Option<Kept>) -> Mark {
        Mark::CatchUp {
            id: id.to_owned(),
            parts: BTreeSet::new(),
            digest: digest.to_owned(),
            version,
        }
    }

    /// A `Read` as `R` makes it ([`Mark::CatchUp`]); any other mark unchanged.
    pub fn into_catch_up(self) -> Mark {
        match self {
            Mark::Read {
                id,
                parts,
                digest,
                version,
            } => Mark::CatchUp {
                id,
                parts,
                digest,
                version,
            },
            other => other,
        }
    }

    /// The version of the briefing this mark says was read, if it carries one.
    pub fn version(&self) -> Option<&Kept> {
        match self {
            Mark::Read { version, .. } | Mark::CatchUp { version, .. } => version.as_ref(),
            _ => None,
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

    /// Changes the one record the mark is for, in O(log n) of the state's
    /// size, and says whether it changed. Nothing is cloned when nothing changes.
    fn apply(&self, state: &mut State, at: DateTime<Utc>) -> bool {
        let id = self.id();
        if !state.briefings.contains_key(id) {
            state.briefings.insert(id.to_owned(), Record::default());
        }
        let r = state.briefings.get_mut(id).expect("inserted just above");
        let read =
            |r: &mut Record, read_at: DateTime<Utc>, parts: &BTreeSet<String>, digest: &str| {
                let changed = r.read_at != Some(read_at)
                    || r.digest.as_deref() != Some(digest)
                    || r.parts != *parts;
                if changed {
                    r.read_at = Some(read_at);
                    if r.parts != *parts {
                        r.parts = parts.clone();
                    }
                    r.digest = Some(digest.to_owned());
                }
                changed
            };
        let changed = match self {
            Mark::Read { parts, digest, .. } => read(r, at, parts, digest),
            Mark::CatchUp { parts, digest, .. } => {
                let same = r.digest.as_ref().is_none_or(|d| same_digest(d, digest));
                let read_at = r.read_at.filter(|_| same).unwrap_or(at);
                if parts.is_empty() && r.digest.as_deref() == Some(digest.as_str()) {
                    // Made without parts (`Mark::catch_up_to`): those of
                    // the same version, read before, stay.
                    let changed = r.read_at != Some(read_at);
                    r.read_at = Some(read_at);
                    changed
                } else {
                    read(r, read_at, parts, digest)
                }
            }
            Mark::Unread { .. } => {
                let changed = r.read_at.is_some() || r.digest.is_some() || !r.parts.is_empty();
                r.read_at = None;
                r.parts.clear();
                r.digest = None;
                changed
            }
            Mark::Flag { on, .. } => std::mem::replace(&mut r.flagged, *on) != *on,
            Mark::Archive { on, .. } => std::mem::replace(&mut r.archived, *on) != *on,
        };
        if *r == Record::default() {
            state.briefings.remove(id);
        }
        changed
    }
}

impl State {
    /// Why this state must not be written by this brief, if it must not: a
    /// newer version, or keys it does not know. Writing it would drop what
    /// it does not know (a newer brief's data), so it is refused instead;
    /// reading it is fine. Linear in the number of records.
    pub fn unwritable(&self) -> Option<String> {
        if self.version > VERSION {
            return Some(format!(
                "is version {}, written by a newer brief; this brief writes version {VERSION} \
                 and would drop what it does not know, so it writes nothing to it \
                 (update brief, or pass --state FILE for another file)",
                self.version
            ));
        }
        let unknown = self.unknown.0.iter().next().cloned().or_else(|| {
            self.briefings.iter().find_map(|(id, r)| {
                r.unknown
                    .0
                    .iter()
                    .next()
                    .map(|k| format!("{k}\" in \"{id}"))
            })
        })?;
        Some(format!(
            "holds a key this brief does not know (\"{}\"), from a newer brief or an edit; \
             writing would drop it, so this brief writes nothing to it \
             (update brief, or remove the key)",
            crate::text::sanitize_line(&unknown)
        ))
    }

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
                Some(d) if !same_digest(d, digest) => ReadState::Updated,
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
    /// twice counts once, and only if its record ends up different; a mark
    /// that changes nothing counts not at all). O(m log n) for m marks over
    /// n records; only a record marked more than once is copied first.
    pub fn merge(&mut self, marks: &[Stamped]) -> usize {
        let mut times: HashMap<&str, u32> = HashMap::with_capacity(marks.len());
        for s in marks {
            *times.entry(s.mark.id()).or_default() += 1;
        }
        let mut before: HashMap<&str, Option<Record>> = HashMap::new();
        let mut changed = 0;
        for s in marks {
            let id = s.mark.id();
            if times[id] > 1 {
                before
                    .entry(id)
                    .or_insert_with(|| self.briefings.get(id).cloned());
                s.mark.apply(self, s.at);
            } else if s.mark.apply(self, s.at) {
                changed += 1;
            }
        }
        changed
            + before
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

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(secs, 0).unwrap()
    }

    fn stamped(mark: Mark, secs: i64) -> Stamped {
        Stamped { mark, at: at(secs) }
    }

    fn read(id: &str, digest: &str) -> Mark {
        Mark::Read {
            id: id.into(),
            parts: BTreeSet::from([format!("summary::{digest}")]),
            digest: digest.into(),
            version: None,
        }
    }

    fn catch_up(id: &str, digest: &str) -> Mark {
        read(id, digest).into_catch_up()
    }

    #[test]
    fn only_records_that_end_up_different_are_counted() {
        let mut s = State::default();
        let flag = |on| Mark::Flag { id: "a".into(), on };
        // On then off: the record is as it was, and gone from the map.
        assert_eq!(
            s.merge(&[stamped(flag(true), 1), stamped(flag(false), 2)]),
            0
        );
        assert!(s.briefings.is_empty());
        assert_eq!(
            s.merge(&[stamped(Mark::Unread { id: "a".into() }, 1)]),
            0,
            "unread on a new briefing changes nothing"
        );
        assert_eq!(
            s.merge(&[stamped(read("a", "1"), 1), stamped(flag(true), 1)]),
            1
        );
        assert_eq!(s.merge(&[stamped(flag(true), 2)]), 0);
        // Read again now: the read time moves, so it changed.
        assert_eq!(s.merge(&[stamped(read("a", "1"), 3)]), 1);
        assert_eq!(s.record("a").unwrap().read_at, Some(at(3)));
    }

    #[test]
    fn catching_up_keeps_the_time_of_what_was_read_as_it_is() {
        let mut s = State::default();
        s.merge(&[stamped(read("a", "1"), 10), stamped(read("b", "1"), 10)]);
        // a unchanged since; b updated since (digest 2); c never read.
        let marks = [
            stamped(catch_up("a", "1"), 20),
            stamped(catch_up("b", "2"), 20),
            stamped(catch_up("c", "1"), 20),
        ];
        assert_eq!(s.merge(&marks), 2);
        assert_eq!(s.record("a").unwrap().read_at, Some(at(10)));
        assert_eq!(s.record("b").unwrap().read_at, Some(at(20)));
        assert_eq!(s.record("c").unwrap().read_at, Some(at(20)));
        assert_eq!(s.read_state_of("b", "2"), ReadState::Read);
        assert_eq!(s.merge(&marks), 0);
    }

    #[test]
    fn catching_up_without_parts_keeps_those_of_the_same_version() {
        let mut s = State::default();
        s.merge(&[stamped(read("a", "1"), 10), stamped(read("b", "1"), 10)]);
        let parts = s.record("a").unwrap().parts.clone();
        assert!(!parts.is_empty());
        let marks = [
            stamped(Mark::catch_up_to("a", "1", None), 20),
            stamped(Mark::catch_up_to("b", "2", None), 20),
            stamped(Mark::catch_up_to("c", "1", None), 20),
        ];
        assert_eq!(s.merge(&marks), 2);
        // a: the same version, its time and parts as they were.
        assert_eq!(s.record("a").unwrap().read_at, Some(at(10)));
        assert_eq!(s.record("a").unwrap().parts, parts);
        // b: another version, read now; its parts unknown until it is opened.
        assert_eq!(s.record("b").unwrap().read_at, Some(at(20)));
        assert!(s.record("b").unwrap().parts.is_empty());
        assert_eq!(s.read_state_of("c", "1"), ReadState::Read);
        assert_eq!(s.merge(&marks), 0);
    }
}
