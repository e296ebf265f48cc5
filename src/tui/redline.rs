//! The redline of an opened briefing, on the worker that loads briefings
//! (see docs/redline.md): the version read is read back on a thread of its
//! own while the briefing loads, the briefing is sent at once, and the
//! redline follows as a message of its own. The app keeps what comes back
//! for the rest of the visit ([`Shown`]); the view draws it. The library
//! rows' summaries and the pruning of versions run on a thread of their own
//! ([`background`]).

mod background;

pub use background::{Background, Job, Listed, Summaries, SummaryKey, run};

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender};

use super::msg::{Load, Msg, Purpose};
use crate::briefing::redline::{self, Redline, Version};
use crate::library::versions;

/// What became of the redline of a briefing opened.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Ready(Arc<Redline>),
    /// The briefing was read before, but that version was not kept.
    NotKept,
    /// The version kept could not be read back (one line).
    Failed(String),
}

/// The redline of the briefing read from `path`, whose digest is now `digest`.
#[derive(Debug, Clone, PartialEq)]
pub struct RedlineLoaded {
    pub path: PathBuf,
    pub digest: String,
    pub outcome: Outcome,
}

/// The version read to diff against: `(id, digest)` when the briefing was
/// read and (as far as the listing says) has changed since.
fn wanted(load: &Load) -> Option<(&str, &str)> {
    if !matches!(load.purpose, Purpose::Open { .. }) {
        return None;
    }
    let r = load.record.as_ref()?;
    r.read_at?;
    let read = r.digest.as_deref()?;
    let listed = load.listing.digest();
    let same = crate::library::state::same_digest(read, listed);
    (listed.is_empty() || !same).then_some((load.listing.id(), read))
}

/// Versions read back lately, shared by the redline's thread (row
/// summaries) and the loader (openings): opening a row whose summary was
/// shown does not read its version again. A version is content-addressed
/// by (folder, id, digest), so what is kept never goes stale. At most
/// [`KEPT_MAX`] versions of at most [`KEPT_PARTS`] parts in all (a screen
/// of ordinary briefings, or a few very large ones), the oldest dropped first.
type KeptKey = (PathBuf, String, String);
static KEPT: Mutex<VecDeque<(KeptKey, Arc<Version>)>> = Mutex::new(VecDeque::new());
const KEPT_MAX: usize = 64;
const KEPT_PARTS: usize = 200_000;

/// A version's weight against [`KEPT_PARTS`]: its parts and paragraphs.
fn parts(v: &Version) -> usize {
    let b = &v.briefing;
    1 + b.summary.body.len()
        + b.summary.key_points.len()
        + b.actors.len()
        + b.timeline.len()
        + b.figures.len()
        + b.sources.len()
}

fn kept_lookup(key: &KeptKey) -> Option<Arc<Version>> {
    let kept = KEPT.lock().ok()?;
    kept.iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| Arc::clone(v))
}

/// Forgets the versions read back lately (for measuring a cold opening).
pub fn forget_versions() {
    if let Ok(mut kept) = KEPT.lock() {
        kept.clear();
    }
}

/// The version read of `id`, from those read back lately or from the store.
pub(super) fn version(dir: &Path, id: &str, digest: &str) -> Result<Option<Arc<Version>>, String> {
    let key = (dir.to_path_buf(), id.to_owned(), digest.to_owned());
    if let Some(v) = kept_lookup(&key) {
        return Ok(Some(v));
    }
    let Some(v) = versions::get(dir, id, digest)? else {
        return Ok(None);
    };
    let v = Arc::new(v);
    if let Ok(mut kept) = KEPT.lock() {
        kept.push_back((key, Arc::clone(&v)));
        let mut total: usize = kept.iter().map(|(_, v)| parts(v)).sum();
        while kept.len() > 1 && (kept.len() > KEPT_MAX || total > KEPT_PARTS) {
            if let Some((_, gone)) = kept.pop_front() {
                total -= parts(&gone);
            }
        }
    }
    Ok(Some(v))
}

type VersionRead = Result<Option<Arc<Version>>, String>;
type ReadBack = (KeptKey, Sender<VersionRead>);

/// The thread that reads versions back beside a load: started once, not
/// per opening, since starting a thread costs about what a small
/// briefing's version costs to read back.
static READER: Mutex<Option<Sender<ReadBack>>> = Mutex::new(None);

/// [`version`] on the reader's thread; the answer comes on the receiver
/// (none if the thread is gone: the receiver says so).
fn read_back(dir: &Path, id: &str, digest: &str) -> Receiver<VersionRead> {
    let (tx, rx) = std::sync::mpsc::channel();
    let mut job = Some(((dir.to_path_buf(), id.to_owned(), digest.to_owned()), tx));
    if let Ok(mut reader) = READER.lock() {
        if let Some(r) = reader.as_ref()
            && let Err(back) = r.send(job.take().expect("not sent yet"))
        {
            job = Some(back.0);
        }
        if let Some(j) = job.take() {
            let (jobs, queue) = std::sync::mpsc::channel::<ReadBack>();
            let spawned = std::thread::Builder::new()
                .name("brief-versions".into())
                .spawn(move || {
                    while let Ok(((dir, id, digest), answer)) = queue.recv() {
                        let _ = answer.send(version(&dir, &id, &digest));
                    }
                });
            if spawned.is_ok() && jobs.send(j).is_ok() {
                *reader = Some(jobs);
            }
        }
    }
    rx
}

/// Reads `load` with [`super::worker::read_with`] and hands the result to
/// `send`; then, for an updated briefing whose state lives in `state_dir`,
/// its redline. The version kept is read back on a thread of its own
/// ([`READER`], started once) while the briefing loads. Returns false once `send` does (the reader has gone).
pub fn read_then_redline(
    load: &Load,
    state_dir: Option<&Path>,
    send: &mut dyn FnMut(Msg) -> bool,
) -> bool {
    let want = state_dir.zip(wanted(load));
    let known = want.and_then(|(dir, (id, digest))| {
        kept_lookup(&(dir.to_path_buf(), id.to_owned(), digest.to_owned()))
    });
    let (loaded, version) = match (want, known) {
        (None, _) => (super::worker::read_with(load, state_dir), None),
        (Some((_, (_, digest))), Some(v)) => (
            super::worker::read_with(load, state_dir),
            Some((digest, Ok(Some(v)))),
        ),
        (Some((dir, (id, digest))), None) => {
            let mut reading = Some(read_back(dir, id, digest));
            let mut read = None;
            let join = |rx: Receiver<VersionRead>| {
                rx.recv()
                    .unwrap_or_else(|_| Err("reading the version kept failed".into()))
            };
            // The stars of a briefing `R` marked read come from the same
            // version as its redline: it is read back once.
            let loaded = super::worker::read_using(load, &mut |i, d| {
                if (i, d) != (id, digest) {
                    return version(dir, i, d).ok().flatten();
                }
                let kept: &Result<Option<Arc<Version>>, String> =
                    read.get_or_insert_with(|| reading.take().map_or(Ok(None), join));
                kept.as_ref().ok().and_then(Option::clone)
            });
            let kept = match (read, reading) {
                (Some(kept), _) => kept,
                (None, Some(h)) => join(h),
                (None, None) => Ok(None),
            };
            (loaded, Some((digest, kept)))
        }
    };
    let later = match (&loaded.result, version) {
        (Ok(opened), Some((read_digest, kept))) => {
            let digest = match &opened.mark {
                crate::library::state::Mark::Read { digest, .. } => digest.clone(),
                _ => String::new(),
            };
            (digest != read_digest).then(|| {
                let new = kept
                    .as_ref()
                    .ok()
                    .and_then(Option::as_ref)
                    .map(|_| opened.briefing.clone());
                (digest, kept, new)
            })
        }
        _ => None,
    };
    let path = loaded.path.clone();
    if !send(Msg::Loaded(Box::new(loaded))) {
        return false;
    }
    let Some((digest, kept, new)) = later else {
        return true;
    };
    let outcome = match (kept, new) {
        (Ok(Some(old)), Some(new)) => Outcome::Ready(Arc::new(redline::diff(&old, &new))),
        (Ok(_), _) => Outcome::NotKept,
        (Err(e), _) => Outcome::Failed(e),
    };
    send(Msg::Redline(Box::new(RedlineLoaded {
        path,
        digest,
        outcome,
    })))
}

/// The same in line, for tests and scripts: every message at once.
pub fn read_in_line(load: &Load, state_dir: Option<&Path>) -> Vec<Msg> {
    let mut out = Vec::new();
    read_then_redline(load, state_dir, &mut |m| {
        out.push(m);
        true
    });
    out
}

/// Where the versions of a store's state are kept, if it has a file.
pub fn state_dir_of(store: &crate::library::state::Store) -> Option<PathBuf> {
    store.path().map(|p| versions::state_dir(p).to_path_buf())
}

/// The redline of the open briefing as the reader keeps it for the visit.
#[derive(Debug, Clone, Default)]
pub struct Shown {
    /// The redline, for the opening (`App::version`) it belongs to.
    pub redline: Option<(u64, Arc<Redline>)>,
    /// `d` pressed: the clean current text instead.
    pub hidden: bool,
    /// The part `c` / `C` went to last, if any.
    pub cursor: Option<usize>,
}

/// What the library keeps of redlines: each updated row's summary, and
/// whether the versions were pruned this session.
#[derive(Debug, Clone, Default)]
pub struct Rows {
    /// By id: the digest read, the digest now, and the summary (`None`
    /// while asked for, or when there is none).
    pub summaries: std::collections::HashMap<String, (String, String, Option<String>)>,
    pub pruned: bool,
}

impl Shown {
    /// The redline of opening `version`, whether shown or not.
    pub fn of(&self, version: u64) -> Option<&Arc<Redline>> {
        self.redline
            .as_ref()
            .filter(|(v, _)| *v == version)
            .map(|(_, r)| r)
    }

    /// Moves the redline to opening `version` (a toggle bumps it).
    pub fn keep_for(&mut self, version: u64) {
        if let Some((v, _)) = &mut self.redline {
            *v = version;
        }
    }

    /// The redline to draw for opening `version`: none once `d` hid it.
    pub fn drawn(&self, version: u64) -> Option<&Redline> {
        self.of(version)
            .filter(|_| !self.hidden)
            .map(|r| r.as_ref())
    }
}
