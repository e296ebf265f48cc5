//! Marks made but not yet written: kept in order, in memory, until a write
//! succeeds, so that a held lock or a full disk never loses one.

use std::collections::VecDeque;
use std::time::Duration;

use chrono::{DateTime, Utc};

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
    fn retries_slow_down_then_hold_steady() {
        let mut p = Pending::default();
        let waits: Vec<u128> = (0..5).map(|_| p.failed().as_millis()).collect();
        assert_eq!(waits, [500, 1000, 2000, 5000, 5000]);
        p.succeeded();
        assert_eq!(p.failed(), Duration::from_millis(500));
    }
}
