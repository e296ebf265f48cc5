//! The state file on disk: what brief accepts as one, how it is read, and
//! how a batch of marks is written to it (one lock, one merge, one write).

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::Utc;

use super::{Stamped, State, VERSION};
use crate::fs::{self, Found};
use crate::library::versions;

mod error;
mod lock;

pub use error::StateError;
pub(super) use error::shown;
pub use lock::LOCK_WAIT;

/// The largest state file brief reads or writes: 64 MiB. A read briefing's
/// record holds one fingerprint per part (about 40 bytes each, as written),
/// so this is room for some 30,000 read briefings of 50 parts each; a larger
/// file is refused, never read, and a write that would pass it is refused.
pub const MAX_STATE_BYTES: u64 = 64 * 1024 * 1024;

/// What a batch came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The whole state as written (with other readers' marks merged in).
    pub state: State,
    /// How many briefings' records the batch actually changed; nothing is
    /// written when it is 0.
    pub changed: usize,
    /// Things the user should hear of, such as a damaged file moved aside.
    pub warnings: Vec<String>,
}

/// The file as last read, without the lock.
#[derive(Debug)]
pub(super) enum OnDisk {
    Absent,
    Parsed(State),
    /// A file of a newer version this brief cannot parse: left as it is.
    Newer(u32),
    /// Bytes that do not parse as a state, and why.
    Damaged(String),
}

/// A state file brief may use, checked when made: absent, a regular file,
/// or a link to a regular file (which is then written through: the file it
/// leads to is the state file, and its folder the state folder). Cheap to
/// clone and `Send`, so a worker thread can own one and write batches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateFile {
    /// As the user named it.
    named: PathBuf,
    /// Where it is read and written: `named`, or the file it links to.
    real: PathBuf,
}

impl StateFile {
    /// Checks `path` without creating, reading or changing anything.
    pub fn new(path: PathBuf) -> Result<StateFile, StateError> {
        let refuse = |why: String| StateError::Unusable {
            what: "the state file",
            path: path.clone(),
            why,
        };
        if path.file_name().is_none() {
            return Err(refuse(
                "names a folder, not a file; pass --state FILE, such as state.json in it".into(),
            ));
        }
        let real = match fs::found(&path).map_err(refuse)? {
            Found::Absent | Found::Regular => path.clone(),
            Found::Other("a folder") => {
                return Err(refuse(
                    "is a folder; pass --state FILE, such as state.json in it".into(),
                ));
            }
            Found::Other(kind) => {
                return Err(refuse(format!(
                    "is {kind}, not a regular file; brief keeps state only in a regular file, \
                     and left this one as it is (pass --state FILE)"
                )));
            }
            Found::Link => match std::fs::metadata(&path) {
                Ok(m) if m.is_file() => path
                    .canonicalize()
                    .map_err(|e| refuse(format!("cannot follow the link: {e}")))?,
                Ok(m) => {
                    return Err(refuse(format!(
                        "is a link to {}, not to a regular file; it was not followed",
                        fs::kind(m.file_type())
                    )));
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    return Err(refuse(
                        "is a link to nothing; brief does not create the file it names \
                         (remove the link, or make it point at a file)"
                            .into(),
                    ));
                }
                Err(e) => return Err(refuse(format!("cannot follow the link: {e}"))),
            },
        };
        Ok(StateFile { named: path, real })
    }

    /// The path as the user named it.
    pub fn path(&self) -> &Path {
        &self.named
    }

    /// The file read and written: the path itself, or the file it links to.
    pub fn target(&self) -> &Path {
        &self.real
    }

    /// Reads the file as it is, without the lock (writes are whole-file
    /// renames, so a plain read sees the old file or the new one): bounded
    /// by [`MAX_STATE_BYTES`], never blocking on a FIFO, refusing a device.
    pub(super) fn read(&self) -> Result<OnDisk, StateError> {
        let refuse = |why: String| StateError::Unusable {
            what: "the state file",
            path: self.named.clone(),
            why,
        };
        let Some(bytes) =
            fs::read_regular_or_absent(&self.real, MAX_STATE_BYTES).map_err(refuse)?
        else {
            return Ok(OnDisk::Absent);
        };
        Ok(match serde_json::from_slice::<State>(&bytes) {
            Ok(s) => OnDisk::Parsed(s),
            Err(e) => {
                // A newer brief's file is not damaged: it is never moved aside.
                #[derive(serde::Deserialize)]
                struct Head {
                    version: u32,
                }
                match serde_json::from_slice::<Head>(&bytes) {
                    Ok(h) if h.version > VERSION => OnDisk::Newer(h.version),
                    _ => OnDisk::Damaged(e.to_string()),
                }
            }
        })
    }

    /// The file's state; a file that cannot be parsed is moved aside beside
    /// itself (never deleted, never when it is reached through a link), and
    /// reading goes on from an empty state. Call holding [`lock`](Self::lock).
    pub(super) fn read_or_set_aside(
        &self,
        warnings: &mut Vec<String>,
    ) -> Result<State, StateError> {
        let unusable = |why: String| StateError::Unusable {
            what: "the state file",
            path: self.named.clone(),
            why,
        };
        let why = match self.read()? {
            OnDisk::Absent => return Ok(State::default()),
            OnDisk::Parsed(s) => return Ok(s),
            OnDisk::Newer(v) => return Err(unusable(newer(v))),
            OnDisk::Damaged(why) => why,
        };
        if self.real != self.named {
            return Err(unusable(format!(
                "links to {}, which could not be parsed ({why}); brief leaves a linked file \
                 as it is: fix it, or remove the link",
                shown(&self.real)
            )));
        }
        // Unique to the nanosecond and the process: no damaged copy overwrites another.
        let stamp = Utc::now().format("%Y%m%dT%H%M%S%.9fZ");
        let aside = beside(
            &self.real,
            &format!(".damaged-{stamp}-{}", std::process::id()),
        );
        // Only a regular file is renamed, and only within its own folder.
        if fs::found(&self.real).map_err(unusable)? != Found::Regular {
            return Err(unusable(
                "is no longer a regular file; it was left as it is".into(),
            ));
        }
        std::fs::rename(&self.real, &aside).map_err(|r| {
            unusable(format!(
                "cannot be parsed ({why}) and cannot be moved aside: {r}"
            ))
        })?;
        warnings.push(format!(
            "the state file {} could not be parsed ({why}); it was moved to {} and a new one started",
            shown(&self.named),
            shown(&aside)
        ));
        Ok(State::default())
    }

    /// Applies a batch of marks: one lock (waiting at most [`LOCK_WAIT`]),
    /// one read of the file as it is now, one merge, and one atomic write
    /// (temporary file, sync, rename, folder sync), none at all when the
    /// batch changes nothing. Takes no `&mut` and owns nothing shared: call
    /// it from any thread. Temporary files a killed writer left are removed
    /// first, under the lock.
    ///
    /// Marks an earlier brief kept beside the state file because it could
    /// not write them ([`pending::save`]) are merged first, in the same
    /// write, and their files removed once it is done. A state this brief
    /// must not write ([`State::unwritable`]: a newer version, unknown keys)
    /// is refused with nothing written.
    pub fn apply_all(&self, marks: &[Stamped]) -> Result<Applied, StateError> {
        self.apply_all_within(marks, LOCK_WAIT)
    }

    /// [`apply_all`](Self::apply_all), waiting at most `wait` for the lock.
    pub fn apply_all_within(
        &self,
        marks: &[Stamped],
        wait: Duration,
    ) -> Result<Applied, StateError> {
        // The versions read are kept before the marks that point at them, and
        // outside the lock: failing to keep one is a warning, never a lost mark.
        // One pack for the whole batch: one write, one sync.
        let mut warnings = Vec::new();
        let dir = versions::state_dir(&self.real);
        let kept = marks.iter().filter_map(|s| s.mark.version());
        if let Err(e) = versions::keep_all(dir, kept) {
            warnings.push(e);
        }
        let _lock = self.lock_within(wait)?;
        self.remove_leftovers_locked();
        let mut state = self.read_or_set_aside(&mut warnings)?;
        if let Some(why) = state.unwritable() {
            return Err(StateError::Unusable {
                what: "the state file",
                path: self.named.clone(),
                why,
            });
        }
        let (kept, files) = self.pending_locked(&mut warnings);
        let earlier = state.merge(&kept);
        let changed = state.merge(marks);
        if changed + earlier > 0 {
            state.version = VERSION;
            self.write(&state)?;
        }
        if !files.is_empty() {
            for f in &files {
                let _ = std::fs::remove_file(f);
            }
            warnings.push(format!(
                "{} an earlier brief could not save (kept in {}) {} now written",
                crate::text::plural(kept.len(), "mark"),
                files
                    .iter()
                    .map(|f| shown(f))
                    .collect::<Vec<_>>()
                    .join(", "),
                if kept.len() == 1 { "is" } else { "are" }
            ));
        }
        Ok(Applied {
            state,
            changed,
            warnings,
        })
    }

    fn write(&self, state: &State) -> Result<(), StateError> {
        let unusable = |why: String| StateError::Unusable {
            what: "the state file",
            path: self.named.clone(),
            why,
        };
        let mut json = serde_json::to_vec_pretty(state).expect("state serializes");
        json.push(b'\n');
        if json.len() as u64 > MAX_STATE_BYTES {
            return Err(unusable(format!(
                "would grow to {}, over the {} limit; nothing was written",
                fs::size(json.len() as u64),
                fs::size(MAX_STATE_BYTES)
            )));
        }
        fs::write_atomically(&self.real, &json, &self.tmp_prefix()).map_err(unusable)
    }

    /// `.state.json-` for `state.json`: each state file's temporary files
    /// are its own, so cleaning under one lock never takes another's.
    fn tmp_prefix(&self) -> String {
        let name = self.real.file_name().unwrap_or_default().to_string_lossy();
        format!(".{name}-")
    }

    /// Removes temporary files of killed writers. Call holding the lock.
    fn remove_leftovers_locked(&self) -> usize {
        let dir = fs::folder_of(&self.real);
        let mut removed = fs::remove_leftovers(dir, &self.tmp_prefix());
        // Earlier versions named them `.state-XXXXXX.tmp`, whatever the file.
        if self.real.file_name().is_some_and(|n| n == "state.json") {
            removed += fs::remove_leftovers(dir, LEGACY_TMP);
        }
        removed
    }

    /// At start-up: removes temporary files killed writers left, if there
    /// are any and the lock is free this very moment (never waits, and
    /// creates no lock file when there is nothing to clean).
    pub fn remove_leftovers(&self) -> usize {
        let dir = fs::folder_of(&self.real);
        let legacy = self.real.file_name().is_some_and(|n| n == "state.json")
            && fs::has_leftovers(dir, LEGACY_TMP);
        if !legacy && !fs::has_leftovers(dir, &self.tmp_prefix()) {
            return 0;
        }
        let Ok(lock) = fs::open_lock(&self.lock_path()) else {
            return 0;
        };
        if lock.try_lock().is_err() {
            return 0;
        }
        self.remove_leftovers_locked()
    }
}

const LEGACY_TMP: &str = ".state-";

/// Why a state file of version `v` is left alone.
pub(super) fn newer(v: u32) -> String {
    format!(
        "is version {v}, written by a newer brief; this brief knows version {VERSION} only, \
         so it neither reads nor writes it and leaves it as it is (update brief, or pass \
         --state FILE for another file)"
    )
}

/// `path` with `suffix` added to its file name: `state.json.lock`, whatever
/// the state file is called.
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(suffix);
    path.with_file_name(name)
}
