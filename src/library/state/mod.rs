//! Triage state: what each analyst has read, flagged and archived, kept in
//! one JSON file per user and never lost.
//!
//! Every change is one [`Mark`] applied under an exclusive lock to the file
//! as it is on disk (read, merge, write), so two readers open at once never
//! undo each other's marks. Writes go to a temporary file that is synced and
//! renamed over the old one, and the directory is synced too, so a crash at
//! any moment leaves the old file or the new one. The lock lives on a separate
//! `.lock` file, because the rename replaces the state file's inode.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::briefing::Briefing;
use crate::briefing::validate::to_raw;

/// What the reader shows for a briefing's reading state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReadState {
    /// Never opened (or marked unread).
    New,
    Read,
    /// Read, but its content has changed since.
    Updated,
}

/// One briefing's record, keyed by briefing id in the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// When it was last read; `None` when never read or marked unread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_at: Option<DateTime<Utc>>,
    /// A fingerprint of every part as it was when read.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub parts: BTreeSet<String>,
    /// A fingerprint of the whole briefing when read, so that the library
    /// can tell "updated" without parsing every briefing in full.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub flagged: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub archived: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    pub version: u32,
    #[serde(default)]
    pub briefings: BTreeMap<String, Record>,
}

/// One change to the state, as keys and `brief mark` ask for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// Read now, remembering every part's fingerprint.
    Read {
        id: String,
        parts: BTreeSet<String>,
        digest: String,
    },
    Unread {
        id: String,
    },
    Flag {
        id: String,
        on: bool,
    },
    Archive {
        id: String,
        on: bool,
    },
}

impl Mark {
    pub fn read(b: &Briefing) -> Mark {
        let parts = fingerprints(b);
        Mark::Read {
            id: b.id.clone(),
            digest: digest_of(&parts),
            parts,
        }
    }

    fn apply(&self, state: &mut State, now: DateTime<Utc>) {
        match self {
            Mark::Read { id, parts, digest } => {
                let r = state.briefings.entry(id.clone()).or_default();
                r.read_at = Some(now);
                r.parts = parts.clone();
                r.digest = Some(digest.clone());
            }
            Mark::Unread { id } => {
                let r = state.briefings.entry(id.clone()).or_default();
                r.read_at = None;
                r.parts.clear();
                r.digest = None;
            }
            Mark::Flag { id, on } => state.briefings.entry(id.clone()).or_default().flagged = *on,
            Mark::Archive { id, on } => {
                state.briefings.entry(id.clone()).or_default().archived = *on
            }
        }
        state.briefings.retain(|_, r| *r != Record::default());
    }
}

impl State {
    pub fn record(&self, id: &str) -> Option<&Record> {
        self.briefings.get(id)
    }

    pub fn read_state(&self, b: &Briefing) -> ReadState {
        self.read_state_of(&b.id, &digest(b))
    }

    /// The reading state from the briefing's id and whole fingerprint alone,
    /// as the library list knows them.
    pub fn read_state_of(&self, id: &str, digest: &str) -> ReadState {
        match self.record(id) {
            Some(r) if r.read_at.is_some() => match &r.digest {
                Some(d) if d != digest => ReadState::Updated,
                _ => ReadState::Read,
            },
            _ => ReadState::New,
        }
    }

    pub fn flagged(&self, id: &str) -> bool {
        self.record(id).is_some_and(|r| r.flagged)
    }

    pub fn archived(&self, id: &str) -> bool {
        self.record(id).is_some_and(|r| r.archived)
    }
}

/// A stable 64-bit FNV-1a hash: fingerprints must not change between builds,
/// which std's hasher does not promise.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn print<T: Serialize>(kind: &str, key: &str, part: &T) -> String {
    let json = serde_json::to_string(part).expect("briefing parts serialize");
    format!("{kind}:{key}:{:016x}", fnv1a(json.as_bytes()))
}

/// The fingerprint of a part, by the same names [`part_names`] gives.
/// Actors and sources are known by id; entries and figures by content.
pub fn fingerprints(b: &Briefing) -> BTreeSet<String> {
    part_names(b).into_iter().map(|(_, fp)| fp).collect()
}

/// One fingerprint for the whole briefing: any change to any part changes it.
pub fn digest(b: &Briefing) -> String {
    digest_of(&fingerprints(b))
}

fn digest_of(parts: &BTreeSet<String>) -> String {
    let joined: Vec<&str> = parts.iter().map(String::as_str).collect();
    format!("{:016x}", fnv1a(joined.join("\n").as_bytes()))
}

/// Where a part is in the briefing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    Summary,
    Actor(usize),
    Timeline(usize),
    Figure(usize),
    Source(usize),
}

/// Every part with its fingerprint, in the briefing's model order.
pub fn part_names(b: &Briefing) -> Vec<(Part, String)> {
    let raw = to_raw(b);
    let mut out = vec![(Part::Summary, print("summary", "", &raw.summary))];
    for (i, a) in raw.actors.iter().enumerate() {
        out.push((Part::Actor(i), print("actor", &a.id, a)));
    }
    // The model's timeline is sorted; raw keeps file order.
    for (i, t) in b.timeline.iter().enumerate() {
        out.push((
            Part::Timeline(i),
            print("timeline", "", &raw.timeline[t.file_index]),
        ));
    }
    for (i, f) in raw.figures.iter().enumerate() {
        out.push((Part::Figure(i), print("figure", "", f)));
    }
    for (i, s) in raw.sources.iter().enumerate() {
        // A source's text can be large; its file name and size stand for it.
        let mut s = s.clone();
        s.text = s.text.map(|t| format!("{:016x}", fnv1a(t.as_bytes())));
        out.push((Part::Source(i), print("source", &s.id, &s)));
    }
    out
}

/// The parts that are new or changed since the record was made.
pub fn changed_parts(b: &Briefing, r: &Record) -> Vec<Part> {
    if r.read_at.is_none() {
        return Vec::new();
    }
    part_names(b)
        .into_iter()
        .filter(|(_, fp)| !r.parts.contains(fp))
        .map(|(p, _)| p)
        .collect()
}

/// Where state lives unless told otherwise: `$XDG_STATE_HOME/brief/state.json`,
/// by default `~/.local/state/brief/state.json`.
pub fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))?;
    Some(base.join("brief").join("state.json"))
}

/// The state file and how it may be used.
#[derive(Debug)]
pub struct Store {
    /// `None` keeps state in memory only (tests, or no home directory).
    path: Option<PathBuf>,
    read_only: bool,
    pub state: State,
    /// Something the user should know, such as a damaged file moved aside.
    pub warnings: Vec<String>,
}

impl Store {
    pub fn in_memory() -> Store {
        Store {
            path: None,
            read_only: false,
            state: State::default(),
            warnings: Vec::new(),
        }
    }

    /// Opens the state at `path`. Read-only never creates, moves or writes anything.
    pub fn open(path: PathBuf, read_only: bool) -> Store {
        let mut store = Store {
            path: Some(path),
            read_only,
            state: State::default(),
            warnings: Vec::new(),
        };
        if let Err(e) = store.reload() {
            store.warnings.push(e);
        }
        store
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn read_only(&self) -> bool {
        self.read_only
    }

    /// Reads the file again (another reader may have marked something).
    pub fn reload(&mut self) -> Result<(), String> {
        let Some(path) = self.path.clone() else {
            return Ok(());
        };
        if self.read_only {
            // Nothing may be moved aside here, but the user must still hear of it.
            self.state = match fs::read(&path) {
                Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
                    self.warnings.push(format!(
                        "the state file {} could not be parsed ({e}); --read-only leaves it as it is",
                        path.display()
                    ));
                    State::default()
                }),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => State::default(),
                Err(e) => {
                    self.state = State::default();
                    return Err(format!("cannot read {}: {e}", path.display()));
                }
            };
            return Ok(());
        }
        // Writes are whole-file renames, so a plain read sees the old file or
        // the new one: no lock is needed unless the file must be set aside.
        match fs::read(&path) {
            Ok(bytes) if serde_json::from_slice::<State>(&bytes).is_ok() => {
                self.state = serde_json::from_slice(&bytes).expect("parsed just above");
                return Ok(());
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                self.state = State::default();
                return Ok(());
            }
            _ => {}
        }
        let _lock = lock(&path)?;
        self.state = self.read_or_set_aside(&path)?;
        Ok(())
    }

    /// Applies a change: at once, under the lock, to the file as it is now.
    pub fn apply(&mut self, mark: Mark) -> Result<(), String> {
        let now = Utc::now();
        let Some(path) = self.path.clone() else {
            mark.apply(&mut self.state, now);
            return Ok(());
        };
        if self.read_only {
            mark.apply(&mut self.state, now);
            return Ok(());
        }
        let _lock = lock(&path)?;
        let mut state = self.read_or_set_aside(&path)?;
        mark.apply(&mut state, now);
        state.version = 1;
        write_atomically(&path, &state)?;
        self.state = state;
        Ok(())
    }

    /// The file's state; a file that cannot be parsed is moved aside, never
    /// deleted, and reading goes on from an empty state. Call under the lock.
    fn read_or_set_aside(&mut self, path: &Path) -> Result<State, String> {
        let bytes = match fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(State::default()),
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        };
        match serde_json::from_slice::<State>(&bytes) {
            Ok(s) => Ok(s),
            Err(e) => {
                // Unique to the nanosecond and the process: no damaged copy overwrites another.
                let stamp = Utc::now().format("%Y%m%dT%H%M%S%.9fZ");
                let aside = beside(path, &format!(".damaged-{stamp}-{}", std::process::id()));
                fs::rename(path, &aside).map_err(|r| {
                    format!(
                        "{} cannot be parsed ({e}) and cannot be moved aside: {r}",
                        path.display()
                    )
                })?;
                self.warnings.push(format!(
                    "the state file {} could not be parsed ({e}); it was moved to {} and a new one started",
                    path.display(),
                    aside.display()
                ));
                Ok(State::default())
            }
        }
    }
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

/// An exclusive lock on `<path>.lock`, released when dropped.
fn lock(path: &Path) -> Result<File, String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let lock_path = beside(path, ".lock");
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| format!("cannot open {}: {e}", lock_path.display()))?;
    file.lock()
        .map_err(|e| format!("cannot lock {}: {e}", lock_path.display()))?;
    Ok(file)
}

/// Temporary file beside the target, synced, renamed over it, then the
/// directory synced so the rename itself survives a crash.
fn write_atomically(path: &Path, state: &State) -> Result<(), String> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let fail = |what: &str, e: std::io::Error| format!("cannot {what} {}: {e}", path.display());
    let mut tmp = tempfile::Builder::new()
        .prefix(".state-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| fail("write beside", e))?;
    let mut json = serde_json::to_vec_pretty(state).expect("state serializes");
    json.push(b'\n');
    tmp.write_all(&json).map_err(|e| fail("write", e))?;
    tmp.as_file().sync_all().map_err(|e| fail("sync", e))?;
    tmp.persist(path).map_err(|e| fail("replace", e.error))?;
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| fail("sync the folder of", e))?;
    Ok(())
}
