//! Marks made but not yet written: kept in order, in memory, until a write
//! succeeds, so that a held lock or a full disk never loses one; and, when
//! the reader quits before the lock is free, kept on disk beside the state
//! file ([`save`]) until the next write under the lock takes them in.

use std::collections::{BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Mark, State};

/// A mark and the moment it was made: a mark written late (after a held
/// lock was released) still says when the briefing was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamped {
    pub mark: Mark,
    pub at: DateTime<Utc>,
}

impl Stamped {
    /// The mark, made now.
    pub fn now(mark: Mark) -> Stamped {
        Stamped {
            mark,
            at: Utc::now(),
        }
    }
}

/// A queue of marks waiting to be written, oldest first.
///
/// [`take`](Pending::take) hands the whole queue to a writer; should the
/// write fail, [`put_back`](Pending::put_back) returns it to the front, in
/// order, ahead of anything marked meanwhile. [`overlay`](Pending::overlay)
/// shows queued marks on a state read from disk, so the screen never forgets
/// a mark that is still waiting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pending {
    queue: VecDeque<Stamped>,
    /// Writes that failed in a row, for the pause before the next try.
    failures: u32,
}

impl Pending {
    pub fn push(&mut self, mark: Stamped) {
        self.queue.push_back(mark);
    }

    pub fn extend(&mut self, marks: impl IntoIterator<Item = Stamped>) {
        self.queue.extend(marks);
    }

    /// Everything queued, oldest first; the queue is left empty.
    pub fn take(&mut self) -> Vec<Stamped> {
        self.queue.drain(..).collect()
    }

    /// A batch that could not be written goes back to the front, so the
    /// order marks were made in is the order they are written in.
    pub fn put_back(&mut self, batch: Vec<Stamped>) {
        let later = std::mem::take(&mut self.queue);
        self.queue = batch.into();
        self.queue.extend(later);
    }

    pub fn len(&self) -> usize {
        self.queue.len()
    }

    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }

    /// Applies every queued mark to `state` in memory.
    pub fn overlay(&self, state: &mut State) {
        let (a, b) = self.queue.as_slices();
        state.merge(a);
        state.merge(b);
    }

    /// Notes a failed write and says how long to wait before the next:
    /// 0.5 s, 1 s, 2 s, then every 5 s.
    pub fn failed(&mut self) -> Duration {
        self.failures = self.failures.saturating_add(1);
        match self.failures {
            1 => Duration::from_millis(500),
            2 => Duration::from_secs(1),
            3 => Duration::from_secs(2),
            _ => Duration::from_secs(5),
        }
    }

    /// Notes a write that succeeded.
    pub fn succeeded(&mut self) {
        self.failures = 0;
    }
}

/// `<state file>.pending-`: the start of the name of every file of marks
/// kept beside the state file `state.json` (`state.json.pending-<time>-<pid>`).
fn prefix(state: &Path) -> String {
    let name = state.file_name().unwrap_or_default().to_string_lossy();
    format!("{name}.pending-")
}

/// A mark as a pending file keeps it. The version read is not kept here: it
/// was kept beside the state before the write was tried.
#[derive(Serialize, Deserialize)]
#[serde(tag = "mark", rename_all = "snake_case")]
enum Saved {
    Read {
        id: String,
        at: DateTime<Utc>,
        parts: BTreeSet<String>,
        digest: String,
    },
    CatchUp {
        id: String,
        at: DateTime<Utc>,
        parts: BTreeSet<String>,
        digest: String,
    },
    Unread {
        id: String,
        at: DateTime<Utc>,
    },
    Flag {
        id: String,
        at: DateTime<Utc>,
        on: bool,
    },
    Archive {
        id: String,
        at: DateTime<Utc>,
        on: bool,
    },
}

impl Saved {
    fn of(s: &Stamped) -> Saved {
        let at = s.at;
        match s.mark.clone() {
            Mark::Read {
                id, parts, digest, ..
            } => Saved::Read {
                id,
                at,
                parts,
                digest,
            },
            Mark::CatchUp {
                id, parts, digest, ..
            } => Saved::CatchUp {
                id,
                at,
                parts,
                digest,
            },
            Mark::Unread { id } => Saved::Unread { id, at },
            Mark::Flag { id, on } => Saved::Flag { id, at, on },
            Mark::Archive { id, on } => Saved::Archive { id, at, on },
        }
    }

    fn stamped(self) -> Stamped {
        let (mark, at) = match self {
            Saved::Read {
                id,
                at,
                parts,
                digest,
            } => (
                Mark::Read {
                    id,
                    parts,
                    digest,
                    version: None,
                },
                at,
            ),
            Saved::CatchUp {
                id,
                at,
                parts,
                digest,
            } => (
                Mark::CatchUp {
                    id,
                    parts,
                    digest,
                    version: None,
                },
                at,
            ),
            Saved::Unread { id, at } => (Mark::Unread { id }, at),
            Saved::Flag { id, at, on } => (Mark::Flag { id, on }, at),
            Saved::Archive { id, at, on } => (Mark::Archive { id, on }, at),
        };
        Stamped { mark, at }
    }
}

#[derive(Serialize, Deserialize)]
struct PendingFile {
    version: u32,
    marks: Vec<Saved>,
}

/// Keeps `marks` in a new file beside the state file `state` (the file
/// written, links resolved), atomically, without the lock: each file is
/// new and named by the time and the process, so no two writers share one.
/// Returns the file's path.
pub fn save(state: &Path, marks: &[Stamped]) -> Result<PathBuf, String> {
    let stamp = Utc::now().format("%Y%m%dT%H%M%S%.9fZ");
    let path = state.with_file_name(format!("{}{stamp}-{}", prefix(state), std::process::id()));
    let file = PendingFile {
        version: super::VERSION,
        marks: marks.iter().map(Saved::of).collect(),
    };
    let mut json = serde_json::to_vec_pretty(&file).expect("marks serialize");
    json.push(b'\n');
    let name = state.file_name().unwrap_or_default().to_string_lossy();
    crate::fs::write_atomically(&path, &json, &format!(".{name}-"))
        .map(|()| path)
        .map_err(|why| format!("{}: {why}", super::file::shown(state)))
}

/// The pending files beside the state file `state`, oldest first.
pub fn files(state: &Path) -> Vec<PathBuf> {
    let prefix = prefix(state);
    let dir = crate::fs::folder_of(state);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

/// The marks a pending file keeps, in the order they were made: a regular
/// file only, bounded like the state file.
pub fn read(path: &Path) -> Result<Vec<Stamped>, String> {
    let bytes =
        crate::fs::read_regular_or_absent(path, super::MAX_STATE_BYTES)?.unwrap_or_default();
    let file: PendingFile = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
    if file.version > super::VERSION {
        return Err(format!(
            "is version {}, written by a newer brief",
            file.version
        ));
    }
    Ok(file.marks.into_iter().map(Saved::stamped).collect())
}

impl super::StateFile {
    /// Marks kept beside the state file by briefs that could not write them,
    /// oldest first, and the files they came from (those that could be
    /// read; any other is named in a warning and left as it is).
    pub(super) fn pending_locked(
        &self,
        warnings: &mut Vec<String>,
    ) -> (Vec<Stamped>, Vec<PathBuf>) {
        let mut marks = Vec::new();
        let mut taken = Vec::new();
        for f in files(self.target()) {
            match read(&f) {
                Ok(m) => {
                    marks.extend(m);
                    taken.push(f);
                }
                Err(why) => warnings.push(format!(
                    "marks kept in {} could not be read ({why}); the file was left as it is",
                    super::file::shown(&f)
                )),
            }
        }
        (marks, taken)
    }

    /// Marks kept beside the state file and not yet written, oldest first,
    /// read without the lock: for showing them until they are written.
    pub(super) fn pending_marks(&self) -> Vec<Stamped> {
        files(self.target())
            .iter()
            .filter_map(|f| read(f).ok())
            .flatten()
            .collect()
    }

    /// Keeps marks that could not be written in a new file beside the state
    /// file, for the next write to take in ([`save`]).
    pub fn keep_pending(&self, marks: &[Stamped]) -> Result<PathBuf, String> {
        save(self.target(), marks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag(id: &str) -> Stamped {
        Stamped::now(Mark::Flag {
            id: id.into(),
            on: true,
        })
    }

    #[test]
    fn a_batch_put_back_goes_before_marks_made_meanwhile() {
        let mut p = Pending::default();
        p.push(flag("a"));
        p.push(flag("b"));
        let batch = p.take();
        assert!(p.is_empty());
        p.push(flag("c"));
        p.put_back(batch);
        let ids: Vec<String> = p.take().iter().map(|s| s.mark.id().to_owned()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
    }

    #[test]
    fn a_pending_file_keeps_every_kind_of_mark_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state.json");
        let at = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let marks: Vec<Stamped> = [
            Mark::Read {
                id: "a".into(),
                parts: BTreeSet::from(["summary::1".to_owned()]),
                digest: "d".into(),
                version: None,
            },
            Mark::Unread { id: "b".into() },
            Mark::Flag {
                id: "c".into(),
                on: true,
            },
            Mark::Archive {
                id: "d".into(),
                on: false,
            },
        ]
        .into_iter()
        .map(|mark| Stamped { mark, at })
        .collect();
        let path = save(&state, &marks).unwrap();
        assert_eq!(files(&state), std::slice::from_ref(&path));
        assert!(files(&dir.path().join("other.json")).is_empty());
        assert_eq!(read(&path).unwrap(), marks);
    }

    #[test]
    fn retries_slow_down_then_hold_steady() {
        let mut p = Pending::default();
        let waits: Vec<u128> = (0..5).map(|_| p.failed().as_millis()).collect();
        assert_eq!(waits, [500, 1000, 2000, 5000, 5000]);
        p.succeeded();
        assert_eq!(p.failed(), Duration::from_millis(500));
    }
}
