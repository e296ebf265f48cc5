//! Why the state could not be read or written, as the user is told.

use std::fmt;
use std::path::{Path, PathBuf};

use super::LOCK_WAIT;
use crate::text::sanitize_line;

/// Why the state could not be read or written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StateError {
    /// Another brief held the lock for all of [`LOCK_WAIT`]. Nothing was
    /// written; trying again later is safe.
    LockHeld { lock_path: PathBuf },
    /// The state file, its lock or its folder cannot be used: not a regular
    /// file, a dangling link, too large, damaged behind a link, or the file
    /// system refused. `what` names which ("the state file", "the lock
    /// file", "the state folder"); `why` says what is wrong and what to do.
    Unusable {
        what: &'static str,
        path: PathBuf,
        why: String,
    },
}

impl StateError {
    pub fn is_lock_held(&self) -> bool {
        matches!(self, StateError::LockHeld { .. })
    }
}

impl fmt::Display for StateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StateError::LockHeld { lock_path } => write!(
                f,
                "another brief holds {} (waited {} s for it)",
                shown(lock_path),
                LOCK_WAIT.as_secs()
            ),
            StateError::Unusable { what, path, why } => {
                write!(f, "{what} {}: {why}", shown(path))
            }
        }
    }
}

impl std::error::Error for StateError {}

/// A path as it may be printed: escapes and controls made visible.
pub(in crate::library::state) fn shown(path: &Path) -> String {
    sanitize_line(&path.display().to_string()).into_owned()
}
