//! The state a command or the reader works with: read once, changed by
//! marks, written in batches, and never blocking the person at the keys.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::Utc;

use super::file::{Applied, OnDisk, StateError, StateFile, shown};
use super::{Mark, Pending, Stamped, State};

/// The triage state and where it is kept.
///
/// Two ways to write marks:
/// - [`apply_all`](Store::apply_all): now, on this thread (what `brief mark`
///   does). Waits at most [`LOCK_WAIT`](super::LOCK_WAIT) for the lock.
/// - [`queue`](Store::queue), then [`take_batch`](Store::take_batch) →
///   [`Batch::write`] on a worker thread → [`finish`](Store::finish) back on
///   the reader's thread: what the reader does, so no key ever waits on the
///   disk or on a lock. A batch that fails (another brief holds the lock)
///   stays queued and is retried; nothing marked is lost.
#[derive(Debug)]
pub struct Store {
    /// `None` keeps state in memory only (tests, or no home directory).
    file: Option<StateFile>,
    read_only: bool,
    /// The state as the screen should show it: the file as last read or
    /// written, with every queued mark applied.
    pub state: State,
    /// Something the user should know, such as a damaged file moved aside.
    pub warnings: Vec<String>,
    pending: Pending,
    /// A batch is out with a worker; the next waits for it.
    writing: bool,
    /// Why nothing may be written to this state file (a newer brief's file):
    /// it is then read-only, and `brief mark` says this and exits 2.
    refusal: Option<StateError>,
    /// Marks kept beside the state file by a brief that could not write
    /// them, shown until a write takes them in.
    kept: Vec<super::Stamped>,
}

/// Queued marks on their way to the file, for a worker thread.
#[derive(Debug)]
pub struct Batch {
    file: StateFile,
    marks: Vec<Stamped>,
}

impl Batch {
    /// Writes the batch (one lock with a deadline, one merge, one write).
    /// Blocks for at most [`LOCK_WAIT`](super::LOCK_WAIT) plus the write:
    /// run it on a worker thread and hand what it returns to [`Store::finish`].
    pub fn write(self) -> Written {
        let result = self.file.apply_all(&self.marks);
        Written {
            marks: self.marks,
            result,
        }
    }

    pub fn len(&self) -> usize {
        self.marks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.marks.is_empty()
    }
}

/// What a worker's [`Batch::write`] came to; give it to [`Store::finish`].
#[derive(Debug)]
pub struct Written {
    marks: Vec<Stamped>,
    result: Result<Applied, StateError>,
}

/// What [`Store::finish`] has to say to the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finished {
    /// Briefings the write changed on disk (0 when it failed).
    pub changed: usize,
    /// For the status line: a failure and that the marks are kept, or a
    /// warning such as a damaged file moved aside. Paths in it are sanitized.
    pub message: Option<String>,
    /// Call [`Store::take_batch`] again after this long: marks are still
    /// queued (the write failed, or more were made meanwhile).
    pub retry_in: Option<Duration>,
}

impl Store {
    pub fn in_memory() -> Store {
        Store {
            file: None,
            read_only: false,
            state: State::default(),
            warnings: Vec::new(),
            pending: Pending::default(),
            writing: false,
            refusal: None,
            kept: Vec::new(),
        }
    }

    /// Opens the state at `path`: refuses a path that is not a regular file
    /// (or absent, or a link to one) and, unless read-only, a lock path that
    /// is not, before reading anything. Unless read-only, removes temporary
    /// files killed writers left, and moves a damaged file aside (with a
    /// warning). Read-only never creates, moves or writes anything.
    pub fn open(path: PathBuf, read_only: bool) -> Result<Store, StateError> {
        let file = StateFile::new(path)?;
        if !read_only {
            file.check_lock()?;
            file.remove_leftovers();
        }
        let mut store = Store {
            file: Some(file),
            read_only,
            ..Store::in_memory()
        };
        store.reload()?;
        // Marks an earlier brief kept because it could not write them are
        // written now if the lock is free this very moment (never waited
        // for); otherwise they stay shown, and the next write takes them in.
        if !store.read_only
            && let Some(file) = store.file.clone()
            && !store.kept.is_empty()
            && let Ok(applied) = file.apply_all_within(&[], Duration::ZERO)
        {
            store.kept.clear();
            store.accept(applied);
        }
        Ok(store)
    }

    /// Why this state file is only read, when it is not to be written: a
    /// newer brief's file. `brief mark` reports it and exits 2.
    pub fn refusal(&self) -> Option<&StateError> {
        self.refusal.as_ref()
    }

    /// The state file as the user named it.
    pub fn path(&self) -> Option<&Path> {
        self.file.as_ref().map(StateFile::path)
    }

    pub fn read_only(&self) -> bool {
        self.read_only
    }

    /// The file marks are written to, for a worker of one's own; `None` when
    /// nothing is written (in memory, or read-only).
    pub fn file(&self) -> Option<&StateFile> {
        self.file.as_ref().filter(|_| !self.read_only)
    }

    /// Marks queued and not yet written.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// Reads the file again (another reader may have marked something);
    /// queued marks stay applied on top.
    pub fn reload(&mut self) -> Result<(), StateError> {
        let Some(file) = self.file.clone() else {
            return Ok(());
        };
        let refuse = |why: String| StateError::Unusable {
            what: "the state file",
            path: file.path().to_owned(),
            why,
        };
        self.state = match file.read()? {
            OnDisk::Absent => State::default(),
            OnDisk::Parsed(s) => {
                if let Some(why) = s.unwritable() {
                    self.refuse(refuse(why));
                }
                s
            }
            OnDisk::Newer(v) => {
                self.refuse(refuse(super::file::newer(v)));
                State::default()
            }
            // Nothing may be moved aside here, but the user must still hear of it.
            OnDisk::Damaged(why) if self.read_only => {
                self.warnings.push(format!(
                    "the state file {} could not be parsed ({why}); --read-only leaves it as it is",
                    shown(file.path())
                ));
                State::default()
            }
            OnDisk::Damaged(_) => {
                let _lock = file.lock()?;
                file.read_or_set_aside(&mut self.warnings)?
            }
        };
        // Marks kept beside the file by a brief that could not write them.
        self.kept = file.pending_marks();
        self.state.merge(&self.kept);
        self.pending.overlay(&mut self.state);
        Ok(())
    }

    /// Makes the store read-only for a file it must not write, saying so.
    fn refuse(&mut self, e: StateError) {
        if !self.read_only {
            self.warnings
                .push(format!("marks are shown but not saved: {e}"));
        }
        self.read_only = true;
        self.refusal = Some(e);
    }

    /// Applies one change now; see [`apply_all`](Store::apply_all).
    pub fn apply(&mut self, mark: Mark) -> Result<(), StateError> {
        self.apply_all([mark]).map(drop)
    }

    /// Applies marks now, as one batch: one lock (waiting at most
    /// [`LOCK_WAIT`](super::LOCK_WAIT), then [`StateError::LockHeld`]), one
    /// merge into the file as it is on disk, one atomic write. Marks still
    /// queued go first, in the same write. Returns how many briefings
    /// changed. In memory or read-only, only the state here changes.
    pub fn apply_all(
        &mut self,
        marks: impl IntoIterator<Item = Mark>,
    ) -> Result<usize, StateError> {
        let at = Utc::now();
        let marks: Vec<Stamped> = marks.into_iter().map(|mark| Stamped { mark, at }).collect();
        let Some(file) = self.file().cloned() else {
            return Ok(self.state.merge(&marks));
        };
        let queued = self.pending.len();
        let mut batch = self.pending.take();
        batch.extend(marks);
        match file.apply_all(&batch) {
            Ok(applied) => {
                self.pending.succeeded();
                let changed = applied.changed;
                self.accept(applied);
                Ok(changed)
            }
            Err(e) => {
                batch.truncate(queued);
                self.pending.put_back(batch);
                Err(e)
            }
        }
    }

    /// Takes in what a write of one's own returned: the state as written,
    /// with queued marks on top, and its warnings.
    pub fn accept(&mut self, applied: Applied) {
        self.state = applied.state;
        // A write takes in every kept mark.
        self.kept.clear();
        self.pending.overlay(&mut self.state);
        self.warnings.extend(applied.warnings);
    }

    /// Shows marks at once (in `state`) and queues them for the file.
    /// Returns how many briefings they changed on screen: `R` over 10
    /// briefings of which 4 were read says 6.
    pub fn queue(&mut self, marks: impl IntoIterator<Item = Mark>) -> usize {
        let marks: Vec<Stamped> = marks.into_iter().map(Stamped::now).collect();
        let changed = self.state.merge(&marks);
        if self.file().is_some() {
            self.pending.extend(marks);
        }
        changed
    }

    /// Everything queued, with the file to write it to, for a worker thread
    /// ([`Batch::write`]); `None` when nothing is queued, nothing is ever
    /// written (in memory, read-only), or a batch is already out (one at a
    /// time keeps marks in the order they were made).
    pub fn take_batch(&mut self) -> Option<Batch> {
        if self.writing || self.pending.is_empty() {
            return None;
        }
        let file = self.file()?.clone();
        self.writing = true;
        Some(Batch {
            file,
            marks: self.pending.take(),
        })
    }

    /// Takes back a worker's batch. Written: the state is the file's, with
    /// marks made meanwhile on top. Failed: the marks go back to the front
    /// of the queue and `retry_in` says when to try again (0.5 s, 1 s, 2 s,
    /// then every 5 s); the message says so, naming the lock file when
    /// another brief holds it.
    pub fn finish(&mut self, written: Written) -> Finished {
        self.writing = false;
        match written.result {
            Ok(applied) => {
                self.pending.succeeded();
                let changed = applied.changed;
                self.accept(applied);
                let message = (!self.warnings.is_empty()).then(|| self.warnings.join("; "));
                self.warnings.clear();
                Finished {
                    changed,
                    message,
                    retry_in: (!self.pending.is_empty()).then_some(Duration::ZERO),
                }
            }
            Err(e) => {
                let n = written.marks.len();
                self.pending.put_back(written.marks);
                let what = if n == 1 {
                    "your mark is"
                } else {
                    "your marks are"
                };
                let message = if e.is_lock_held() {
                    format!("{e}; {what} kept and retried")
                } else {
                    format!("not saved: {e}; {what} kept and retried")
                };
                Finished {
                    changed: 0,
                    message: Some(message),
                    retry_in: Some(self.pending.failed()),
                }
            }
        }
    }

    /// Writes whatever is queued now, on this thread (at quitting): as
    /// [`apply_all`](Store::apply_all) with no marks of its own.
    pub fn flush(&mut self) -> Result<usize, StateError> {
        if self.pending.is_empty() || self.file().is_none() {
            return Ok(0);
        }
        self.apply_all([])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sendable<T: Send + 'static>() {}

    #[test]
    fn what_a_worker_holds_can_cross_threads() {
        sendable::<Batch>();
        sendable::<Written>();
        sendable::<StateFile>();
        sendable::<Result<Applied, StateError>>();
    }

    #[test]
    fn in_memory_marks_count_only_what_changed() {
        let mut s = Store::in_memory();
        let flag = |id: &str| Mark::Flag {
            id: id.into(),
            on: true,
        };
        assert_eq!(s.apply_all([flag("a"), flag("b"), flag("a")]).unwrap(), 2);
        assert_eq!(s.queue([flag("a"), flag("c")]), 1);
        // Nothing is ever written in memory, so nothing waits.
        assert!(s.take_batch().is_none());
    }
}
