//! The versions of briefings as they were read, kept beside the state file
//! so that the reader can show what changed since (see
//! [`crate::briefing::redline`]).
//!
//! **Layout.** `<state folder>/versions/<id>.<digest>.json`, where `digest`
//! is the fingerprint the state [`Record`] keeps for the version read
//! ([`super::state::digest`]). The id is part of the name because that
//! digest covers the parts of a briefing, not its id: two briefings never
//! share a blob. A blob is one line of header, JSON
//! `{"brief_versions":1,"id":…,"digest":…,"texts":{source id: fingerprint}}`,
//! then the briefing as JSON in format 1 ([`to_raw`], defaults left out),
//! read back through the loader's own checks ([`validate`]). Source texts are not kept, only their
//! fingerprints, so a changed text is still noticed and the store stays
//! smaller than the library.
//!
//! **Writing.** A blob is written to a temporary file in the same folder,
//! synced, renamed into place, and the folder synced: a crash leaves the
//! whole blob or none, never part of one. The same version read twice is
//! written once (its file's time is refreshed instead). Blobs need no lock:
//! two writers of one name write the same version, and a rename is atomic.
//! A version of the same digest whose header fields differ (the digest does
//! not cover the title) is replaced the same way.
//!
//! **Pruning** ([`prune`]): the version a state record points at (the last
//! one read) is kept; it is dropped only when its briefing is in none of the
//! libraries the caller knows of and the blob is older than
//! [`Policy::grace`] (30 days). Any other blob (a version read before the
//! last, or of a briefing marked unread) and any temporary file a crash left
//! is dropped once older than [`Policy::settle`] (one hour, so that a
//! version whose mark another process is still writing is not lost). If what
//! remains exceeds [`Policy::max_bytes`] (256 MiB), the oldest blobs go
//! first until it fits. A version dropped only means the redline says "the
//! version you read was not kept".

use std::collections::{BTreeMap, HashMap};
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use super::state::{State, digest};
use crate::briefing::raw::{EntryKind, Priority, RawBriefing};
use crate::briefing::redline::{Version, text_print};
use crate::briefing::validate::{to_raw, validate};
use crate::briefing::{Briefing, Severity};

/// The folder beside the state file that holds the versions.
pub const FOLDER: &str = "versions";

/// The largest blob read back: a briefing, whose own limit is 16 MiB, as JSON.
pub const MAX_BLOB_BYTES: u64 = 2 * crate::fs::MAX_FILE_BYTES;

const BLOB_VERSION: u32 = 1;

/// Where the versions of the state file in `state_dir` are kept.
pub fn folder(state_dir: &Path) -> PathBuf {
    state_dir.join(FOLDER)
}

/// The folder of a state file: where [`keep`] and [`get`] look.
pub fn state_dir(state_file: &Path) -> &Path {
    state_file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn blob_name(id: &str, digest: &str) -> String {
    format!("{id}.{digest}.json")
}

/// `(id, digest)` from a blob's file name; `None` for anything else.
fn parse_name(name: &str) -> Option<(&str, &str)> {
    let (id, digest) = name.strip_suffix(".json")?.rsplit_once('.')?;
    let hex = digest.len() == 16 && digest.bytes().all(|b| b.is_ascii_hexdigit());
    (hex && !id.is_empty() && !id.starts_with('.')).then_some((id, digest))
}

#[derive(Debug, Serialize, Deserialize)]
struct Header {
    brief_versions: u32,
    id: String,
    digest: String,
    #[serde(default)]
    texts: BTreeMap<String, String>,
}

/// A version ready to be kept: its name and bytes, made when the mark is
/// made, written when the mark is applied. Cheap to clone.
#[derive(Clone, PartialEq, Eq)]
pub struct Kept {
    pub id: String,
    pub digest: String,
    bytes: Arc<[u8]>,
}

impl std::fmt::Debug for Kept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Kept({} {}, {} bytes)",
            self.id,
            self.digest,
            self.bytes.len()
        )
    }
}

impl Kept {
    pub fn of(b: &Briefing) -> Kept {
        Kept::new(b, digest(b))
    }

    /// For a caller that has the digest already, as a read mark does.
    pub fn new(b: &Briefing, digest: String) -> Kept {
        Kept {
            bytes: encode(b, &digest).into(),
            id: b.id.clone(),
            digest,
        }
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Writes it into the versions of the state in `state_dir`, once.
    pub fn keep(&self, state_dir: &Path) -> Result<(), String> {
        write_blob(
            &folder(state_dir),
            &blob_name(&self.id, &self.digest),
            &self.bytes,
        )
    }
}

/// Keeps `b` as the version read, under the state in `state_dir`.
pub fn keep(state_dir: &Path, b: &Briefing) -> Result<(), String> {
    Kept::of(b).keep(state_dir)
}

/// The header line and the briefing as JSON, texts and defaults left out.
fn encode(b: &Briefing, digest: &str) -> Vec<u8> {
    let mut raw = to_raw(b);
    let mut texts = BTreeMap::new();
    for (s, r) in b.sources.iter().zip(&mut raw.sources) {
        if let Some(t) = &s.text {
            texts.insert(s.id.clone(), text_print(&t.content));
        }
        r.text = None;
        r.text_file = None;
    }
    // What the loader assumes need not be stored.
    raw.language = raw.language.filter(|l| l != "en");
    raw.priority = raw.priority.filter(|p| *p != Priority::Normal);
    for t in &mut raw.timeline {
        t.kind = t.kind.filter(|k| *k != EntryKind::Event);
    }
    for f in &mut raw.figures {
        f.approximate = f.approximate.filter(|a| *a);
    }
    let header = Header {
        brief_versions: BLOB_VERSION,
        id: b.id.clone(),
        digest: digest.to_owned(),
        texts,
    };
    let mut out = serde_json::to_vec(&header).expect("headers serialize");
    out.push(b'\n');
    serde_json::to_writer(&mut out, &raw).expect("briefings serialize");
    out.push(b'\n');
    out
}

/// The version of briefing `id` with fingerprint `digest`, if it was kept.
/// A blob that cannot be read back is an error naming it.
pub fn get(state_dir: &Path, id: &str, digest: &str) -> Result<Option<Version>, String> {
    let path = folder(state_dir).join(blob_name(id, digest));
    match fs::symlink_metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        _ => {}
    }
    let bytes = crate::fs::read_regular(&path, MAX_BLOB_BYTES)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    decode(&path, &bytes, id, digest).map(Some)
}

fn decode(path: &Path, bytes: &[u8], id: &str, digest: &str) -> Result<Version, String> {
    let bad = |why: String| {
        format!(
            "{}: the version kept cannot be read back: {why}",
            path.display()
        )
    };
    let text = std::str::from_utf8(bytes).map_err(|e| bad(e.to_string()))?;
    let (head, body) = text
        .split_once('\n')
        .ok_or_else(|| bad("no header line".into()))?;
    let header: Header = serde_json::from_str(head).map_err(|e| bad(e.to_string()))?;
    if header.brief_versions != BLOB_VERSION {
        return Err(bad(format!(
            "blob format {} is not {BLOB_VERSION}",
            header.brief_versions
        )));
    }
    if header.id != id || header.digest != digest {
        return Err(bad(format!("it holds {} {}", header.id, header.digest)));
    }
    // Straight to the checks: the blob was written by brief from a valid
    // briefing, so the loader's unknown-key and line:column work is not needed.
    let raw: RawBriefing = serde_json::from_str(body).map_err(|e| bad(e.to_string()))?;
    let (briefing, findings) = validate(&raw, &mut |_| {
        Err("source texts are not kept with versions".to_owned())
    });
    let briefing = briefing.ok_or_else(|| {
        let first = findings.iter().find(|f| f.severity == Severity::Error);
        bad(first.map_or_else(
            || "not a valid briefing".into(),
            |f| format!("{}: {}", f.path, f.message),
        ))
    })?;
    Ok(Version {
        briefing,
        texts: header.texts.into_iter().collect::<HashMap<_, _>>(),
    })
}

/// Writes `bytes` as `dir/name` unless it holds them already: temporary
/// file, sync, rename, sync the folder.
fn write_blob(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), String> {
    let path = dir.join(name);
    let fail = |what: &str, e: std::io::Error| format!("cannot {what} {}: {e}", path.display());
    if let Ok(existing) = crate::fs::read_regular(&path, MAX_BLOB_BYTES)
        && existing == bytes
    {
        // Read again: the version stays as fresh as the last reading.
        let touched = OpenOptions::new()
            .write(true)
            .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW)
            .open(&path)
            .and_then(|f| f.set_modified(SystemTime::now()));
        return touched.map_err(|e| fail("refresh", e));
    }
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".tmp-")
        .tempfile_in(dir)
        .map_err(|e| fail("write beside", e))?;
    tmp.write_all(bytes).map_err(|e| fail("write", e))?;
    tmp.as_file().sync_all().map_err(|e| fail("sync", e))?;
    tmp.persist(&path).map_err(|e| fail("replace", e.error))?;
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| fail("sync the folder of", e))
}

/// How long versions are kept and how much room they may take.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// A last-read version of a briefing in no known library is dropped after this.
    pub grace: Duration,
    /// Any other blob, and a crash's temporary file, is dropped after this.
    pub settle: Duration,
    /// The most the folder may hold; the oldest blobs go first beyond it.
    pub max_bytes: u64,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            grace: Duration::from_secs(30 * 24 * 3600),
            settle: Duration::from_secs(3600),
            max_bytes: 256 * 1024 * 1024,
        }
    }
}

/// What [`prune`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pruned {
    pub removed: usize,
    pub kept: usize,
    /// Bytes of the blobs kept.
    pub bytes: u64,
}

/// Drops what the rule in this module's documentation says may go.
/// `in_library` says whether a briefing id is in a library the caller has
/// indexed; `now` is passed in so the rule can be tested. O(n log n) in the
/// number of blobs; it reads no blob, only names and metadata.
pub fn prune(
    state_dir: &Path,
    state: &State,
    in_library: &dyn Fn(&str) -> bool,
    now: SystemTime,
    policy: &Policy,
) -> Result<Pruned, String> {
    let dir = folder(state_dir);
    let entries = match fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Pruned::default()),
        Err(e) => return Err(format!("cannot list {}: {e}", dir.display())),
    };
    let mut done = Pruned::default();
    let mut kept: Vec<(SystemTime, u64, PathBuf)> = Vec::new();
    for entry in entries.flatten() {
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let mtime = meta.modified().unwrap_or(now);
        let age = now.duration_since(mtime).unwrap_or_default();
        let last_read = parse_name(&name).filter(|(id, digest)| {
            state
                .record(id)
                .is_some_and(|r| r.read_at.is_some() && r.digest.as_deref() == Some(*digest))
        });
        let drop = match (parse_name(&name), last_read) {
            (_, Some((id, _))) => !in_library(id) && age > policy.grace,
            (Some(_), None) => age > policy.settle,
            (None, None) if name.starts_with(".tmp-") => age > policy.settle,
            // Not ours: left alone.
            (None, None) => continue,
        };
        if drop {
            remove(&entry.path(), &mut done)?;
        } else {
            kept.push((mtime, meta.len(), entry.path()));
        }
    }
    kept.sort();
    let mut total: u64 = kept.iter().map(|k| k.1).sum();
    let mut oldest = kept.into_iter();
    while total > policy.max_bytes {
        let Some((_, len, path)) = oldest.next() else {
            break;
        };
        remove(&path, &mut done)?;
        total -= len;
    }
    done.kept = oldest.len();
    done.bytes = total;
    Ok(done)
}

fn remove(path: &Path, done: &mut Pruned) -> Result<(), String> {
    match fs::remove_file(path) {
        Ok(()) => {
            done.removed += 1;
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("cannot remove {}: {e}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::state::{Mark, Store};

    fn karabakh() -> Briefing {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings");
        let report =
            crate::briefing::load_file(&root.join("2023-09-19-karabakh-offensive.toml"), &root);
        report.briefing.expect("the bundled briefing loads")
    }

    #[test]
    fn a_version_kept_loads_back_equal_but_for_its_texts() {
        let dir = tempfile::tempdir().unwrap();
        let b = karabakh();
        keep(dir.path(), &b).unwrap();
        let v = get(dir.path(), &b.id, &digest(&b)).unwrap().expect("kept");
        let mut without_texts = b.clone();
        for s in &mut without_texts.sources {
            s.text = None;
        }
        // Without its source texts, no quote has a passage to point at.
        for t in &mut without_texts.timeline {
            t.attribution.passage = None;
        }
        for f in &mut without_texts.figures {
            f.attribution.passage = None;
        }
        assert_eq!(v.briefing, without_texts);
        assert!(crate::briefing::redline::diff(&v, &b).is_empty());
        assert_eq!(get(dir.path(), &b.id, "0000000000000000").unwrap(), None);
        // Once only, and smaller than the file it came from.
        keep(dir.path(), &b).unwrap();
        let files: Vec<_> = fs::read_dir(folder(dir.path())).unwrap().collect();
        assert_eq!(files.len(), 1);
    }

    #[test]
    fn a_damaged_blob_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let b = karabakh();
        let path = folder(dir.path()).join(blob_name(&b.id, &digest(&b)));
        fs::create_dir_all(folder(dir.path())).unwrap();
        fs::write(&path, "{\"brief_versions\":1").unwrap();
        let err = get(dir.path(), &b.id, &digest(&b)).unwrap_err();
        assert!(
            err.contains(&*path.to_string_lossy()) && err.contains("cannot be read back"),
            "{err}"
        );
    }

    #[test]
    fn marking_read_keeps_the_version_beside_the_state() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("state.json"), false).unwrap();
        let b = karabakh();
        store.apply(Mark::read(&b)).unwrap();
        let digest = store.state.record(&b.id).unwrap().digest.clone().unwrap();
        assert!(get(dir.path(), &b.id, &digest).unwrap().is_some());
    }

    #[test]
    fn pruning_keeps_the_last_read_and_drops_the_rest_in_their_time() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("state.json"), false).unwrap();
        let old = karabakh();
        let mut new = old.clone();
        new.figures[0].value += 1.0;
        store.apply(Mark::read(&old)).unwrap();
        store.apply(Mark::read(&new)).unwrap();
        fs::write(folder(dir.path()).join(".tmp-crashed"), "half").unwrap();
        fs::write(folder(dir.path()).join("README"), "not ours").unwrap();
        let policy = Policy::default();
        let everywhere = |_: &str| true;
        let nowhere = |_: &str| false;
        let now = SystemTime::now();
        // Within the hour nothing goes: another writer may be mid-mark.
        let p = prune(dir.path(), &store.state, &everywhere, now, &policy).unwrap();
        assert_eq!((p.removed, p.kept), (0, 3));
        // After it, the superseded version and the crash's leftover go.
        let later = now + Duration::from_secs(2 * 3600);
        let p = prune(dir.path(), &store.state, &everywhere, later, &policy).unwrap();
        assert_eq!((p.removed, p.kept), (2, 1));
        assert!(get(dir.path(), &new.id, &digest(&new)).unwrap().is_some());
        // The last read stays while its briefing is in a library, or for 30 days.
        let month = now + Duration::from_secs(31 * 24 * 3600);
        let p = prune(dir.path(), &store.state, &everywhere, month, &policy).unwrap();
        assert_eq!(p.removed, 0);
        let p = prune(dir.path(), &store.state, &nowhere, later, &policy).unwrap();
        assert_eq!(p.removed, 0);
        let p = prune(dir.path(), &store.state, &nowhere, month, &policy).unwrap();
        assert_eq!(p.removed, 1);
        assert!(folder(dir.path()).join("README").exists());
    }

    #[test]
    fn pruning_holds_the_size_bound_oldest_first() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("state.json"), false).unwrap();
        let mut b = karabakh();
        let mut sizes = Vec::new();
        for i in 0..3 {
            b.id = format!("b{i}");
            store.apply(Mark::read(&b)).unwrap();
            sizes.push(Kept::of(&b).bytes().len() as u64);
            let path = folder(dir.path()).join(blob_name(&b.id, &digest(&b)));
            let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000 + i);
            File::options()
                .write(true)
                .open(path)
                .unwrap()
                .set_modified(t)
                .unwrap();
        }
        let policy = Policy {
            max_bytes: sizes[1] + sizes[2],
            ..Policy::default()
        };
        let p = prune(
            dir.path(),
            &store.state,
            &|_| true,
            SystemTime::now(),
            &policy,
        )
        .unwrap();
        assert_eq!((p.removed, p.kept), (1, 2));
        assert!(get(dir.path(), "b0", &digest(&b)).unwrap().is_none());
        assert!(get(dir.path(), "b2", &digest(&b)).unwrap().is_some());
    }

    #[test]
    fn names_parse_back_and_nothing_else_does() {
        assert_eq!(
            parse_name("a.b-c.0123456789abcdef.json"),
            Some(("a.b-c", "0123456789abcdef"))
        );
        assert_eq!(parse_name(".tmp-xyz"), None);
        assert_eq!(parse_name("x.json"), None);
    }
}
