//! The reader's effects that touch files, off the thread that answers
//! keys: a loader thread reads briefings, a writer thread writes marks in
//! batches and keeps them queued while another process holds the lock.
//! Each answers with a [`Msg`] on the loop's channel. [`Inline`] does the
//! same work in line, for tests and scripts.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::app::App;
use super::msg::{Effect, Load, Loaded, Marked, Msg, Opened};
use crate::briefing::Briefing;
use crate::briefing::redline::Version;
use crate::library::index::Listing;
use crate::library::state::{Mark, Part, Record, Store, changed_parts, digest, fingerprints};
use crate::library::versions;

mod marks;
pub mod quit;
use marks::saved_or_not;
pub use marks::{WriteError, prepare, write_marks};
pub use quit::{QUIT_RETRY, Unsaved, describe};

/// How long a write waits for another process's lock before saying so:
/// the state layer's one deadline.
pub use crate::library::state::LOCK_WAIT;
/// How often queued marks are tried again while the lock is held.
pub const RETRY: Duration = Duration::from_secs(1);

/// A briefing read and checked before the loop started (one file opened,
/// listed from that same reading), for the first [`read`] of its path: the
/// file is read and checked once before the first frame, not twice.
static FIRST: Mutex<Option<(PathBuf, Briefing, versions::Origin)>> = Mutex::new(None);

/// Reads and checks the briefing file at `path` (under library `root`) for
/// the first frame: returns it to be listed, with its warnings, and keeps it
/// for the first [`read`] of that path. On failure, the diagnostics; nothing
/// is kept.
pub fn preload(
    path: &Path,
    root: &Path,
) -> Result<(Briefing, Vec<crate::briefing::Diagnostic>), Vec<crate::briefing::Diagnostic>> {
    let (report, bytes) = crate::briefing::load_file_bytes(path, root);
    let b = report.briefing.ok_or_else(|| report.diagnostics.clone())?;
    let origin = match (crate::briefing::Syntax::of(path), bytes) {
        (Some(syntax), Some(bytes)) => versions::Origin::File(syntax, bytes.into()),
        _ => versions::Origin::Model,
    };
    if let Ok(mut first) = FIRST.lock() {
        *first = Some((path.to_owned(), b.clone(), origin));
    }
    Ok((b, report.diagnostics))
}

fn preloaded(path: &Path) -> Option<(Briefing, versions::Origin)> {
    let mut first = FIRST.lock().ok()?;
    if first.as_ref().is_some_and(|(p, ..)| p == path) {
        first.take().map(|(_, b, o)| (b, o))
    } else {
        None
    }
}

/// Reads a briefing in full, with what marking it read takes.
pub fn read(load: &Load) -> Loaded {
    read_with(load, None)
}

/// [`read`], with the folder of the state file, where the versions read are
/// kept: a briefing `R` marked read has no parts recorded, and the version
/// kept says what changed since (taken from the versions read back lately
/// when it is among them, see [`super::redline`]).
pub fn read_with(load: &Load, state_dir: Option<&Path>) -> Loaded {
    read_using(load, &mut |id, digest| {
        super::redline::version(state_dir?, id, digest)
            .ok()
            .flatten()
    })
}

/// [`read_with`], with `old(id, digest)` giving the version read when the
/// record has no parts: the redline's own read of it, so that an opening
/// reads the version back once.
pub(super) fn read_using(load: &Load, old: OldVersion<'_>) -> Loaded {
    let path = &load.listing.path;
    let loaded = match preloaded(path) {
        Some(first) => Ok(first),
        None => versions::load(path, load.listing.root()),
    };
    let result = match loaded {
        Ok((briefing, origin)) => {
            let mark = Mark::read_from(&briefing, origin);
            let changes = load
                .record
                .as_ref()
                .map(|r| changes_since(&briefing, r, old))
                .unwrap_or_default();
            Ok(Opened {
                read_at: load.record.as_ref().and_then(|r| r.read_at),
                briefing,
                mark,
                changes,
            })
        }
        Err(diagnostics) => Err(diagnostics
            .first()
            .map_or_else(|| "it cannot be read".to_owned(), |d| d.headline())),
    };
    Loaded {
        path: load.listing.path.clone(),
        purpose: load.purpose,
        result,
    }
}

/// Where [`read_using`] finds the version read: by briefing id and digest.
pub(super) type OldVersion<'a> = &'a mut dyn FnMut(&str, &str) -> Option<Arc<Version>>;

/// The parts of `b` new or changed since the reading `r` records. A record
/// without parts (made by `R`, which parses nothing) takes them from the
/// version kept, `old`; with none kept, no part is singled out.
fn changes_since(b: &Briefing, r: &Record, old: OldVersion<'_>) -> Vec<Part> {
    if r.read_at.is_none() || !r.parts.is_empty() {
        return changed_parts(b, r);
    }
    let Some(read) = r.digest.as_deref().filter(|d| *d != digest(b)) else {
        return Vec::new();
    };
    match old(&b.id, read) {
        Some(v) => {
            let then = Record {
                parts: fingerprints(&v.briefing),
                ..r.clone()
            };
            changed_parts(b, &then)
        }
        None => Vec::new(),
    }
}

/// Effects carried out in line: the answer comes back at once.
pub struct Inline {
    store: Store,
}

impl Inline {
    /// Takes the app's state file store (an empty one if it has none).
    pub fn new(app: &mut App) -> Inline {
        Inline {
            store: app.writer.take().unwrap_or_else(Store::in_memory),
        }
    }

    /// Gives the store back, so that a later `Inline` writes to it too.
    pub fn finish(self, app: &mut App) {
        app.writer = Some(self.store);
    }

    pub fn run(&mut self, effect: Effect) -> Vec<Msg> {
        match effect {
            Effect::Load(load) | Effect::Reload(load) => {
                let dir = self.store.path().map(versions::state_dir);
                super::redline::read_in_line(&load, dir)
            }
            Effect::Mark(marks) => vec![Msg::Marked(saved_or_not(&mut self.store, &marks))],
            Effect::MarkAllRead(listings) => {
                vec![Msg::Marked(prepare(&listings, &AtomicBool::new(false)))]
            }
            Effect::Redline(job) => super::redline::state_dir_of(&self.store)
                .and_then(|dir| super::redline::run(&dir, None, Some(&self.store.state), job))
                .into_iter()
                .collect(),
            // No index in line: tests hand the reader its answers.
            Effect::FullText(_) => Vec::new(),
            Effect::WrapSource(job) => vec![Msg::SourceWrapped(Box::new(job.run()))],
            Effect::Quit | Effect::Suspend | Effect::Copy(_) => Vec::new(),
        }
    }
}

/// Runs `effects` and everything they lead to, in line, until nothing is
/// left but what only a loop can do (quit, suspend, copy), which is returned.
pub fn settle(app: &mut App, effects: Vec<Effect>) -> Vec<Effect> {
    let mut inline = Inline::new(app);
    let mut left = Vec::new();
    let mut todo: std::collections::VecDeque<Effect> = effects.into();
    while let Some(effect) = todo.pop_front() {
        match effect {
            Effect::Quit | Effect::Suspend | Effect::Copy(_) => left.push(effect),
            other => {
                for msg in inline.run(other) {
                    todo.extend(app.update(msg));
                }
            }
        }
    }
    inline.finish(app);
    left
}

enum Job {
    Marks(Vec<Mark>),
    MarkAll(Vec<Listing>),
    /// Write what is queued now, trying again while the lock is held until
    /// the deadline, then say what is left unsaved and why.
    Flush(Sender<Unsaved>, Instant, Instant),
}

/// The threads, and the way to reach them.
pub struct Workers {
    loads: Sender<Load>,
    marks: Sender<Job>,
    cancel: Arc<AtomicBool>,
    redline: super::redline::Background,
    /// The library's full-text search, on a thread of its own.
    search: Option<super::loader::Searcher>,
    /// Where a thread of its own answers, for a long source's text.
    tx: Sender<Msg>,
}

impl Workers {
    /// Starts the loader and the writer; their answers go to `tx`.
    pub fn spawn(store: Store, tx: Sender<Msg>) -> Workers {
        let (loads, load_rx) = mpsc::channel::<Load>();
        let (marks, mark_rx) = mpsc::channel::<Job>();
        let cancel = Arc::new(AtomicBool::new(false));
        let load_tx = tx.clone();
        let redline = super::redline::Background::spawn(&store, tx.clone());
        let state_dir = store.path().map(|p| versions::state_dir(p).to_owned());
        std::thread::spawn(move || loader(&load_rx, &load_tx, state_dir.as_deref()));
        let c = Arc::clone(&cancel);
        let text_tx = tx.clone();
        std::thread::spawn(move || writer(store, &mark_rx, &tx, &c));
        Workers {
            loads,
            marks,
            cancel,
            redline,
            search: None,
            tx: text_tx,
        }
    }

    /// Hands full-text searches to `search` (none: answered with why not).
    pub fn with_search(self, search: Option<super::loader::Searcher>) -> Workers {
        Workers { search, ..self }
    }

    /// Hands an effect to its thread; the answer comes later as a message.
    pub fn execute(&self, effect: Effect) -> Vec<Msg> {
        match effect {
            Effect::Load(load) | Effect::Reload(load) => {
                let _ = self.loads.send(load);
            }
            Effect::Mark(marks) => {
                let _ = self.marks.send(Job::Marks(marks));
            }
            Effect::MarkAllRead(listings) => {
                let _ = self.marks.send(Job::MarkAll(listings));
            }
            Effect::Redline(job) => self.redline.send(job),
            Effect::FullText(ask) => match &self.search {
                Some(search) => search.ask(ask),
                None => return vec![Msg::Found(super::loader::no_index(ask.seq))],
            },
            Effect::WrapSource(job) => {
                let tx = self.tx.clone();
                std::thread::spawn(move || tx.send(Msg::SourceWrapped(Box::new(job.run()))));
            }
            Effect::Quit | Effect::Suspend | Effect::Copy(_) => {}
        }
        Vec::new()
    }

    /// On the way out: stops long work and writes what is queued, trying
    /// again while another brief holds the lock, for at most `retry` (each
    /// try waits at most [`LOCK_WAIT`] more). Says what could not be saved
    /// and why; `None` if the writer did not answer even then (then nothing
    /// is known of the marks it held).
    pub fn finish(self, retry: Duration) -> Option<Unsaved> {
        self.cancel.store(true, Ordering::Relaxed);
        let (tx, rx) = mpsc::channel();
        let asked = Instant::now();
        if self
            .marks
            .send(Job::Flush(tx, asked, asked + retry))
            .is_err()
        {
            return None;
        }
        // The writer may be in a write of its own (at most LOCK_WAIT) before
        // it takes the flush, whose last try may take LOCK_WAIT too.
        rx.recv_timeout(retry + 2 * LOCK_WAIT + Duration::from_secs(1))
            .ok()
    }
}

/// Reads briefings as asked. When several openings are waiting (a held
/// `]`), only the last is read: the others would be replaced at once.
fn loader(rx: &Receiver<Load>, tx: &Sender<Msg>, state_dir: Option<&Path>) {
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        batch.extend(rx.try_iter());
        let last_open = batch
            .iter()
            .rposition(|l| matches!(l.purpose, super::msg::Purpose::Open { .. }));
        for (i, load) in batch.iter().enumerate() {
            let superseded =
                matches!(load.purpose, super::msg::Purpose::Open { .. }) && Some(i) != last_open;
            if superseded {
                continue;
            }
            // The briefing, then its redline if it has one (tui::redline).
            let mut send = |m| tx.send(m).is_ok();
            if !super::redline::read_then_redline(load, state_dir, &mut send) {
                return;
            }
        }
    }
}

/// Writes marks in batches: everything waiting is one write. While the
/// lock is held the marks stay queued and are tried again every [`RETRY`].
fn writer(mut store: Store, rx: &Receiver<Job>, tx: &Sender<Msg>, cancel: &AtomicBool) {
    let mut queue: Vec<Mark> = Vec::new();
    loop {
        let job = if queue.is_empty() {
            rx.recv().map_err(|_| RecvTimeoutError::Disconnected)
        } else {
            rx.recv_timeout(RETRY)
        };
        let mut flush = None;
        let mut jobs = Vec::new();
        match job {
            Ok(job) => jobs.push(job),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        jobs.extend(rx.try_iter());
        for job in jobs {
            match job {
                Job::Marks(marks) => queue.extend(marks),
                Job::MarkAll(listings) => {
                    let prepared = prepare(&listings, cancel);
                    if tx.send(Msg::Marked(prepared)).is_err() {
                        return;
                    }
                }
                Job::Flush(done, asked, until) => flush = Some((done, asked, until)),
            }
        }
        if let Some((done, asked, until)) = flush {
            let _ = done.send(quit::flush(&mut store, &mut queue, asked, until));
            return;
        }
        if !queue.is_empty() {
            let said = saved_or_not(&mut store, &queue);
            if matches!(said, Marked::Saved { .. }) {
                queue.clear();
            }
            let _ = tx.send(Msg::Marked(said));
        }
    }
}
