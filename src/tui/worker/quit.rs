//! Quitting with marks not yet written: they are tried again while another
//! brief holds the lock, for a bounded time; what still cannot be written
//! is kept beside the state file for the next brief to write, and the
//! person is told exactly which marks and why, on stderr, once the terminal
//! is theirs again.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::marks::{WriteError, write_marks};
use crate::library::state::{Mark, Stamped, Store};
use crate::text::{for_stderr, path as shown};

/// How long a quit keeps trying to write marks while another brief holds
/// the lock (one try every second, each waiting at most `LOCK_WAIT`).
pub const QUIT_RETRY: Duration = Duration::from_secs(5);

/// What a quit could not write, and why.
#[derive(Debug)]
pub struct Unsaved {
    /// The marks not written to the state file, in the order made.
    pub marks: Vec<Mark>,
    /// Why the last try failed.
    pub why: Option<WriteError>,
    /// Where they were kept instead, or why they could not be.
    pub kept: Option<Result<PathBuf, String>>,
    /// The state file.
    pub state: Option<PathBuf>,
    /// How long the quit tried.
    pub tried: Duration,
}

impl Unsaved {
    /// The lines to print on stderr (nothing when every mark was written).
    pub fn report(&self) -> Vec<String> {
        if self.marks.is_empty() {
            return Vec::new();
        }
        let state = self
            .state
            .as_deref()
            .map_or_else(|| "the state file".to_owned(), shown);
        let why = match &self.why {
            Some(WriteError::LockHeld(lock)) => format!(
                "another brief holds its lock {} (tried for {} s); `fuser -v` on it shows which process",
                shown(lock),
                self.tried.as_secs()
            ),
            Some(WriteError::Other(why)) => for_stderr(why).into_owned(),
            None => "the writer did not finish in time".to_owned(),
        };
        let mut lines = vec![format!(
            "{} could not be saved to {state}: {why}",
            crate::text::plural(self.marks.len(), "mark")
        )];
        lines.extend(self.marks.iter().map(|m| format!("  {}", describe(m))));
        lines.push(match &self.kept {
            Some(Ok(file)) => format!(
                "they are kept in {}; the next brief that writes {state} adds them to it \
                 (or run `brief mark` with them again)",
                shown(file)
            ),
            Some(Err(why)) => format!(
                "they could not be kept beside it either ({}); make them again with `brief mark`",
                for_stderr(why)
            ),
            None => "make them again with `brief mark`".to_owned(),
        });
        lines
    }
}

/// One mark as a person would make it again: `ID: flagged (brief mark ID --flag)`.
pub fn describe(m: &Mark) -> String {
    let (said, flag) = match m {
        Mark::Read { .. } | Mark::CatchUp { .. } => ("read", "--read"),
        Mark::Unread { .. } => ("unread", "--unread"),
        Mark::Flag { on: true, .. } => ("flagged", "--flag"),
        Mark::Flag { on: false, .. } => ("unflagged", "--unflag"),
        Mark::Archive { on: true, .. } => ("archived", "--archive"),
        Mark::Archive { on: false, .. } => ("restored", "--restore"),
    };
    let id = for_stderr(m.id());
    format!("{id}: {said} (brief mark {id} {flag})")
}

/// The writer's last act, asked for at `asked`: writes `queue`, trying again
/// every second while another brief holds the lock and `until` has not
/// passed; then keeps what is left beside the state file.
pub(super) fn flush(
    store: &mut Store,
    queue: &mut Vec<Mark>,
    asked: Instant,
    until: Instant,
) -> Unsaved {
    let mut told = false;
    let why = loop {
        if queue.is_empty() {
            break None;
        }
        match write_marks(store, queue) {
            Ok(_) => queue.clear(),
            Err(WriteError::LockHeld(lock)) if Instant::now() + super::RETRY < until => {
                if !told {
                    eprintln!(
                        "brief: another brief holds {}; trying to save {} for up to {} s more",
                        shown(&lock),
                        crate::text::plural(queue.len(), "mark"),
                        until.saturating_duration_since(Instant::now()).as_secs() + 1
                    );
                    told = true;
                }
                std::thread::sleep(super::RETRY);
            }
            Err(e) => break Some(e),
        }
    };
    let marks = std::mem::take(queue);
    let kept = (!marks.is_empty())
        .then(|| store.file())
        .flatten()
        .map(|f| f.keep_pending(&marks.iter().cloned().map(Stamped::now).collect::<Vec<_>>()));
    Unsaved {
        marks,
        why,
        kept,
        state: store.path().map(ToOwned::to_owned),
        tried: asked.elapsed(),
    }
}

/// At quitting: writes what the writer holds (see [`super::Workers::finish`])
/// and prints on stderr what could not be saved. `unsaved` is what the
/// reader had not yet heard was saved, named should the writer not answer.
/// Returns whether every mark was saved.
pub fn report(workers: super::Workers, unsaved: &[Mark]) -> bool {
    let said = workers.finish(QUIT_RETRY).unwrap_or_else(|| Unsaved {
        marks: unsaved.to_vec(),
        why: None,
        kept: None,
        state: None,
        tried: QUIT_RETRY,
    });
    for line in said.report() {
        eprintln!("brief: {line}");
    }
    said.marks.is_empty()
}
