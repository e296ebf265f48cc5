//! The state file's lock: a separate `.lock` file beside it, taken with a
//! deadline, refused when it is anything but a regular file.

use std::fs::File;
use std::path::PathBuf;
use std::time::Duration;

use super::{StateError, StateFile, beside};
use crate::fs::{self, Found};

/// How long a write waits for another brief to release the lock before it
/// gives up with [`StateError::LockHeld`]. Nobody waits longer than this.
pub const LOCK_WAIT: Duration = Duration::from_secs(2);

impl StateFile {
    /// `<state file>.lock`, beside the file written.
    pub fn lock_path(&self) -> PathBuf {
        beside(&self.real, ".lock")
    }

    /// Refuses a lock path that is anything but absent or a regular file
    /// (a link, even dangling, a FIFO, a folder), before anything is written.
    pub fn check_lock(&self) -> Result<(), StateError> {
        let lock_path = self.lock_path();
        let why = match fs::found(&lock_path) {
            Ok(Found::Absent | Found::Regular) => return Ok(()),
            Ok(Found::Link) => {
                "is a symbolic link; brief never follows a lock link (remove it)".to_owned()
            }
            Ok(Found::Other(kind)) => format!("is {kind}, not a regular file (remove it)"),
            Err(why) => why,
        };
        Err(StateError::Unusable {
            what: "the lock file",
            path: lock_path,
            why,
        })
    }

    /// Creates the state folder if need be and takes the lock, waiting at
    /// most [`LOCK_WAIT`]. The lock is released when the file is dropped.
    pub(in crate::library::state) fn lock(&self) -> Result<File, StateError> {
        self.lock_within(LOCK_WAIT)
    }

    /// [`lock`](Self::lock), waiting at most `wait` (zero: only if free now).
    pub(super) fn lock_within(&self, wait: Duration) -> Result<File, StateError> {
        let dir = fs::folder_of(&self.real);
        std::fs::create_dir_all(dir).map_err(|e| StateError::Unusable {
            what: "the state folder",
            path: dir.to_owned(),
            why: format!("cannot be created: {e}"),
        })?;
        self.check_lock()?;
        let lock_path = self.lock_path();
        let file = fs::open_lock(&lock_path).map_err(|why| StateError::Unusable {
            what: "the lock file",
            path: lock_path.clone(),
            why,
        })?;
        fs::lock_within(&file, wait).map_err(|failed| match failed {
            fs::LockFailed::Held => StateError::LockHeld {
                lock_path: lock_path.clone(),
            },
            fs::LockFailed::Error(why) => StateError::Unusable {
                what: "the lock file",
                path: lock_path.clone(),
                why: format!("cannot be locked: {why}"),
            },
        })?;
        Ok(file)
    }
}
