//! Marks as the writer thread makes and writes them: `R`'s marks made on
//! every core without parsing what the library already read, and a batch
//! written with one lock, one merge and one atomic write.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::library::index::Listing;
use crate::library::state::{Mark, StateError, Store};
use crate::library::versions;
use crate::tui::msg::Marked;

/// Makes the "read" mark of each briefing, as `R` asks: one already read as
/// it is now keeps its earlier read time ([`Mark::CatchUp`]). A briefing the
/// library has read in full (its fingerprint known) is not parsed again:
/// its bytes are read and kept as the version read
/// ([`versions::read_unparsed`]); any other is read and checked in full.
/// On every core; stops early when `cancel` is set.
pub fn prepare(listings: &[Listing], cancel: &AtomicBool) -> Marked {
    use rayon::prelude::*;
    let texts = versions::Texts::default();
    let marks: Vec<Option<Mark>> = listings
        .par_iter()
        .map(|l| {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            if !l.digest().is_empty()
                && let Ok(kept) =
                    versions::read_unparsed(&l.path, l.root(), l.id(), l.digest(), &texts)
            {
                return Some(Mark::catch_up_to(l.id(), l.digest(), Some(kept)));
            }
            let (b, origin) = versions::load(&l.path, l.root()).ok()?;
            Some(Mark::read_from(&b, origin).into_catch_up())
        })
        .collect();
    let failed = marks.iter().filter(|m| m.is_none()).count();
    Marked::Prepared {
        marks: marks.into_iter().flatten().collect(),
        failed,
    }
}

/// Why marks were not written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteError {
    /// Another process held this lock file past [`LOCK_WAIT`](super::LOCK_WAIT).
    LockHeld(PathBuf),
    Other(String),
}

/// The one place marks reach the state file: [`Store::apply_all`], one
/// lock waited for at most [`LOCK_WAIT`](super::LOCK_WAIT), one merge, one atomic write.
/// Returns how many briefings the batch changed. The writer thread keeps
/// its own queue of unsaved marks and sends it again, so on failure the
/// store's copy of the batch is dropped rather than kept twice.
pub fn write_marks(store: &mut Store, marks: &[Mark]) -> Result<usize, WriteError> {
    match store.apply_all(marks.iter().cloned()) {
        Ok(changed) => Ok(changed),
        Err(e) => {
            drop(store.take_batch());
            Err(match e {
                StateError::LockHeld { lock_path } => WriteError::LockHeld(lock_path),
                other => WriteError::Other(other.to_string()),
            })
        }
    }
}

/// The outcome of writing a batch, as the reader hears it.
pub(super) fn saved_or_not(store: &mut Store, marks: &[Mark]) -> Marked {
    match write_marks(store, marks) {
        Ok(_) => Marked::Saved {
            count: marks.len(),
            state: store.state.clone(),
            warnings: std::mem::take(&mut store.warnings),
        },
        Err(WriteError::LockHeld(lock)) => Marked::LockHeld {
            lock,
            queued: marks.len(),
        },
        Err(WriteError::Other(why)) => Marked::Failed(why),
    }
}
