//! The versions of briefings as they were read, kept beside the state file
//! so that the reader can show what changed since (see
//! [`crate::briefing::redline`]).
//!
//! **Layout.** `<state folder>/versions/`, holding packs ([`pack`]): each
//! one file of many versions, as `R` (mark all read) or `brief mark` makes
//! them in one batch. A version is the briefing file's bytes as they were
//! parsed and the bytes of each `text_file` as read, never parsed again to
//! be kept; a source text behind many briefings is stored once per pack. A
//! briefing with no file of its own (built in) is kept as JSON in format 1
//! ([`blob`]). Versions are known by briefing id and the fingerprint the
//! state [`Record`](super::state::Record) keeps for the version read
//! ([`super::state::digest`]); the same version read twice is kept once.
//! Files of the first layout, one per version (`<id>.<digest>.json`), are
//! still read and pruned.
//!
//! **Writing** ([`keep_all`]): a batch is one pack, written to a temporary
//! file, synced once, renamed into place under a name of its own, and the
//! folder synced once: a crash leaves the whole pack or none. Packs need no
//! lock: no two writers share a name, and a rename is atomic. Versions are
//! kept before the marks that point at them are written.
//!
//! **Pruning** ([`prune`]): the version a state record points at (the last
//! one read) is kept; it is dropped only when its briefing is in none of the
//! libraries the caller knows of and it is older than [`Policy::grace`] (30
//! days; its age is from when it was last read or kept, whichever is later).
//! Any other version (read before the last, or of a briefing marked unread)
//! and any temporary file a crash left is dropped once older than
//! [`Policy::settle`] (one hour, so that a version whose mark another
//! process is still writing is not lost). If what remains exceeds
//! [`Policy::max_bytes`] (256 MiB), the oldest versions go first until it
//! fits. A pack that loses versions is written again without them (and
//! when there are many packs, all but the largest are merged into one),
//! then the old one removed. A version dropped only means the redline says "the version you
//! read was not kept".

mod blob;
pub mod pack;
mod prune;
mod unparsed;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::briefing::raw::RawBriefing;
use crate::briefing::redline::Version;
use crate::briefing::validate::{Checks, validate_as};
use crate::briefing::{Briefing, Diagnostic, Syntax, load_file_bytes};

pub use pack::WriteTimes;
pub use prune::{Policy, Pruned, prune};
pub use unparsed::{Texts, read_unparsed, text_files};

/// The folder beside the state file that holds the versions.
pub const FOLDER: &str = "versions";

/// The largest blob read back: a briefing, whose own limit is 16 MiB, as JSON.
pub const MAX_BLOB_BYTES: u64 = 2 * crate::fs::MAX_FILE_BYTES;

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

/// What a version is kept from.
#[derive(Clone, PartialEq, Eq)]
pub enum Origin {
    /// The briefing file's bytes, exactly as they were parsed.
    File(Syntax, Arc<[u8]>),
    /// No file: the briefing itself is encoded (built in, made in memory).
    Model,
}

/// Reads and checks the briefing listed at `path` under `root`, as the
/// library does (a built-in one included), with what keeping the version
/// takes: the bytes parsed, so that nothing is read or encoded again.
pub fn load(path: &Path, root: &Path) -> Result<(Briefing, Origin), Vec<Diagnostic>> {
    if let Some((b, d)) = super::embedded::load(path) {
        return b.map(|b| (b, Origin::Model)).ok_or(d);
    }
    let (report, bytes) = load_file_bytes(path, root);
    let b = report.briefing.ok_or(report.diagnostics)?;
    let origin = match (Syntax::of(path), bytes) {
        (Some(syntax), Some(bytes)) => Origin::File(syntax, bytes.into()),
        _ => Origin::Model,
    };
    Ok((b, origin))
}

/// A version ready to be kept, made when the mark is made, written when the
/// mark is applied. Cheap to clone: its bytes are shared.
#[derive(Clone, PartialEq, Eq)]
pub struct Kept {
    pub id: String,
    pub digest: String,
    body: Body,
}

#[derive(Clone, PartialEq, Eq)]
enum Body {
    File {
        syntax: Syntax,
        bytes: Arc<[u8]>,
        /// `text_file` as written, and the text as read.
        texts: Arc<[(String, Arc<str>)]>,
    },
    /// [`blob::encode`]d.
    Model(Arc<[u8]>),
}

impl std::fmt::Debug for Kept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Kept({} {}, {} bytes)", self.id, self.digest, self.len())
    }
}

impl Kept {
    pub fn of(b: &Briefing) -> Kept {
        Kept::new(b, super::state::digest(b))
    }

    /// For a caller that has the digest already and no file: the briefing
    /// encoded as JSON.
    pub fn new(b: &Briefing, digest: String) -> Kept {
        Kept::with_origin(b, digest, Origin::Model)
    }

    /// The version of `b`, whose fingerprint is `digest`, from `origin`.
    pub fn with_origin(b: &Briefing, digest: String, origin: Origin) -> Kept {
        let body = match origin {
            Origin::File(syntax, bytes) => Body::File {
                syntax,
                bytes,
                texts: b
                    .sources
                    .iter()
                    .filter_map(|s| {
                        let t = s.text.as_ref()?;
                        Some((t.file.clone()?, Arc::from(t.content.as_str())))
                    })
                    .collect(),
            },
            Origin::Model => Body::Model(blob::encode(b, &digest).into()),
        };
        Kept {
            id: b.id.clone(),
            digest,
            body,
        }
    }

    /// A version from bytes not parsed here (see [`read_unparsed`]).
    fn unparsed(
        id: &str,
        digest: &str,
        syntax: Syntax,
        bytes: Vec<u8>,
        texts: Vec<(String, Arc<str>)>,
    ) -> Kept {
        Kept {
            id: id.to_owned(),
            digest: digest.to_owned(),
            body: Body::File {
                syntax,
                bytes: bytes.into(),
                texts: texts.into(),
            },
        }
    }

    /// The bytes it will take (texts counted in full).
    pub fn len(&self) -> usize {
        match &self.body {
            Body::File { bytes, texts, .. } => {
                bytes.len() + texts.iter().map(|(_, t)| t.len()).sum::<usize>()
            }
            Body::Model(bytes) => bytes.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes it into the versions of the state in `state_dir`, once.
    pub fn keep(&self, state_dir: &Path) -> Result<(), String> {
        keep_all(state_dir, [self]).map(drop)
    }

    fn to_pack(&self) -> pack::ToPack<'_> {
        let (kind, body, texts) = match &self.body {
            Body::File {
                syntax,
                bytes,
                texts,
            } => (
                match syntax {
                    Syntax::Toml => pack::Kind::Toml,
                    Syntax::Json => pack::Kind::Json,
                },
                &**bytes,
                texts
                    .iter()
                    .map(|(f, t)| (f.as_str(), t.as_bytes()))
                    .collect(),
            ),
            Body::Model(bytes) => (pack::Kind::Model, &**bytes, Vec::new()),
        };
        pack::ToPack {
            at: None,
            id: &self.id,
            digest: &self.digest,
            kind,
            body,
            texts,
        }
    }
}

/// Keeps `b` as the version read, under the state in `state_dir`.
pub fn keep(state_dir: &Path, b: &Briefing) -> Result<(), String> {
    Kept::of(b).keep(state_dir)
}

/// What [`keep_all`] did.
#[derive(Debug, Clone, Copy, Default)]
pub struct Written {
    /// Versions written (in one pack).
    pub versions: usize,
    /// Versions asked for that were kept already (or twice in the batch).
    pub already: usize,
    /// Time spent finding what is kept already (pack headers, names).
    pub known: std::time::Duration,
    pub times: WriteTimes,
}

/// Keeps every version not kept already as one pack: one write, one
/// `sync_all`, one sync of the folder, however many there are.
pub fn keep_all<'a>(
    state_dir: &Path,
    kept: impl IntoIterator<Item = &'a Kept>,
) -> Result<Written, String> {
    let dir = folder(state_dir);
    let started = std::time::Instant::now();
    let known = known(&dir)?;
    let mut done = Written {
        known: started.elapsed(),
        ..Written::default()
    };
    let mut seen: HashSet<(&str, &str)> = HashSet::new();
    let mut batch = Vec::new();
    for k in kept {
        let key = (k.id.as_str(), k.digest.as_str());
        if known.contains(&(k.id.clone(), k.digest.clone())) || !seen.insert(key) {
            done.already += 1;
        } else {
            batch.push(k.to_pack());
        }
    }
    if batch.is_empty() {
        return Ok(done);
    }
    done.versions = batch.len();
    done.times = pack::write(&dir, &batch)?.1;
    Ok(done)
}

/// Every version kept in `dir`, as (id, digest). Packs that cannot be read
/// are passed over here (writing a version again is harmless).
fn known(dir: &Path) -> Result<HashSet<(String, String)>, String> {
    let mut known = HashSet::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(known),
        Err(e) => return Err(format!("cannot list {}: {e}", dir.display())),
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if let Some((id, digest)) = blob::parse_name(&name) {
            known.insert((id.to_owned(), digest.to_owned()));
        } else if pack::is_pack(&name)
            && let Ok(Some(p)) = pack::Pack::open(&entry.path())
        {
            known.extend(p.header.entries.into_iter().map(|e| (e.id, e.digest)));
        }
    }
    Ok(known)
}

/// Every version kept under the state in `state_dir`, as (id, digest),
/// each once: for tools and tests.
pub fn list(state_dir: &Path) -> Result<Vec<(String, String)>, String> {
    let mut all: Vec<_> = known(&folder(state_dir))?.into_iter().collect();
    all.sort();
    Ok(all)
}

/// The version of briefing `id` with fingerprint `digest`, if it was kept.
/// A version that cannot be read back is an error naming where it is; so is
/// a pack that cannot be read when the version is in no other.
pub fn get(state_dir: &Path, id: &str, digest: &str) -> Result<Option<Version>, String> {
    let dir = folder(state_dir);
    if let Some(v) = blob::get(&dir.join(blob::name(id, digest)), id, digest)? {
        return Ok(Some(v));
    }
    // A pack pruned away meanwhile has been written again under a new name:
    // look once more.
    for _ in 0..2 {
        let mut damaged = None;
        let mut vanished = false;
        for path in pack::list(&dir)? {
            let p = match pack::Pack::open(&path) {
                Ok(Some(p)) => p,
                Ok(None) => {
                    vanished = true;
                    continue;
                }
                Err(e) => {
                    damaged.get_or_insert(e);
                    continue;
                }
            };
            let found = p
                .header
                .entries
                .iter()
                .filter(|e| e.id == id && e.digest == digest);
            for e in found {
                if let Some(v) = read_entry(&p, e)? {
                    return Ok(Some(v));
                }
            }
        }
        if let Some(e) = damaged {
            return Err(e);
        }
        if !vanished {
            break;
        }
    }
    Ok(None)
}

/// Loads an entry of a pack back into a briefing; `None` when its bytes do
/// not have the fingerprint it was kept under (a file kept unparsed that
/// had changed since the library last read it). A version was valid when it
/// was kept, and its fingerprint is checked here: it is parsed into the
/// model with [`Checks::Kept`] (no quote search, no grading advice), not
/// checked again as a file is; damage is still an error.
fn read_entry(p: &pack::Pack, e: &pack::Entry) -> Result<Option<Version>, String> {
    let place = format!("{} ({})", p.path.display(), e.id);
    let bad = |why: String| format!("{place}: the version kept cannot be read back: {why}");
    let body = p.blob(e.body)?;
    let syntax = match e.kind {
        pack::Kind::Model => return blob::decode(&place, &body, &e.id, &e.digest).map(Some),
        pack::Kind::Toml => Syntax::Toml,
        pack::Kind::Json => Syntax::Json,
    };
    let mut texts = std::collections::HashMap::new();
    for (file, &i) in &e.texts {
        let bytes = p.blob(i)?;
        let text = String::from_utf8(bytes).map_err(|err| bad(err.to_string()))?;
        texts.insert(file.as_str(), text);
    }
    let text = std::str::from_utf8(&body).map_err(|err| bad(err.to_string()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = |file: &str| {
        texts
            .get(file)
            .cloned()
            .ok_or_else(|| format!("text_file {file:?} was not kept with the version"))
    };
    let raw: RawBriefing = match syntax {
        Syntax::Toml => toml::from_str(text).map_err(|err| bad(err.message().to_owned()))?,
        Syntax::Json => serde_json::from_str(text).map_err(|err| bad(err.to_string()))?,
    };
    let (briefing, findings) = validate_as(&raw, &mut reader, Checks::Kept);
    let briefing = briefing.ok_or_else(|| bad(blob::first_error(&findings)))?;
    if briefing.id != e.id {
        return Err(bad(format!("it holds {}", briefing.id)));
    }
    if super::state::digest(&briefing) != e.digest {
        return Ok(None);
    }
    Ok(Some(Version::of(&briefing)))
}

#[cfg(test)]
mod tests {
    use std::fs::{self, File};
    use std::time::{Duration, SystemTime};

    use super::*;
    use crate::library::state::{Mark, State, Store, digest};

    fn shipped() -> (PathBuf, PathBuf) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings");
        (root.join("2023-09-19-karabakh-offensive.toml"), root)
    }

    fn karabakh() -> Briefing {
        let (path, root) = shipped();
        crate::briefing::load_file(&path, &root)
            .briefing
            .expect("the bundled briefing loads")
    }

    fn packs(state_dir: &Path) -> Vec<PathBuf> {
        pack::list(&folder(state_dir)).unwrap()
    }

    fn age(path: &Path, secs: u64) {
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(secs);
        File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(t)
            .unwrap();
    }

    #[test]
    fn a_version_kept_from_its_file_loads_back_as_it_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let (path, root) = shipped();
        let (b, origin) = load(&path, &root).unwrap();
        assert!(matches!(origin, Origin::File(Syntax::Toml, _)));
        let kept = Kept::with_origin(&b, digest(&b), origin);
        kept.keep(dir.path()).unwrap();
        let v = get(dir.path(), &b.id, &digest(&b)).unwrap().expect("kept");
        // Texts and all: the same briefing, and no change to show. Its
        // quotes are not looked for again, so no passage is marked.
        let mut unmarked = b.clone();
        for t in &mut unmarked.timeline {
            t.attribution.passage = None;
        }
        for f in &mut unmarked.figures {
            f.attribution.passage = None;
        }
        for s in &mut unmarked.sources {
            if let Some(t) = &mut s.text {
                t.passages.clear();
            }
        }
        assert_eq!(v, Version::of(&unmarked));
        assert_eq!(v.texts, Version::of(&b).texts);
        assert!(crate::briefing::redline::diff(&v, &b).is_empty());
        assert_eq!(get(dir.path(), &b.id, "0000000000000000").unwrap(), None);
        assert_eq!(get(dir.path(), "elsewhere", &digest(&b)).unwrap(), None);
        // Once only.
        let again = keep_all(dir.path(), [&kept]).unwrap();
        assert_eq!((again.versions, again.already), (0, 1));
        assert_eq!(packs(dir.path()).len(), 1);
    }

    #[test]
    fn a_version_with_no_file_loads_back_equal_but_for_its_texts() {
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
    }

    #[test]
    fn a_batch_is_one_pack_with_each_text_once() {
        let dir = tempfile::tempdir().unwrap();
        let (path, root) = shipped();
        let (b, origin) = load(&path, &root).unwrap();
        let text_bytes: usize = b
            .sources
            .iter()
            .filter_map(|s| Some(s.text.as_ref()?.content.len()))
            .sum();
        assert!(text_bytes > 0);
        let kept: Vec<Kept> = (0..50)
            .map(|i| {
                let mut copy = b.clone();
                copy.id = format!("b{i}");
                Kept::with_origin(&copy, format!("{i:016x}"), origin.clone())
            })
            .collect();
        // Twice in the batch is kept once.
        let w = keep_all(dir.path(), kept.iter().chain(&kept[..3])).unwrap();
        assert_eq!((w.versions, w.already), (50, 3));
        let p = packs(dir.path());
        assert_eq!(p.len(), 1);
        // 50 bodies, one text: the text's bytes are in the pack once.
        let opened = pack::Pack::open(&p[0]).unwrap().unwrap();
        let texts = b.sources.iter().filter(|s| s.text.is_some()).count();
        assert_eq!(opened.header.blobs.len(), 50 + texts);
        let file = fs::metadata(&path).unwrap().len() as usize;
        let size = fs::metadata(&p[0]).unwrap().len() as usize;
        assert!(size < 50 * (file + 200) + text_bytes, "{size}");
        assert_eq!(list(dir.path()).unwrap().len(), 50);
        // The id is the stored file's (b.id), so a copy under another id is
        // an error naming the pack and the entry, never another's version.
        let err = get(dir.path(), "b7", &format!("{:016x}", 7)).unwrap_err();
        assert!(err.contains(".pack (b7)") && err.contains("holds"), "{err}");
    }

    #[test]
    fn the_first_layout_is_still_read() {
        let dir = tempfile::tempdir().unwrap();
        let b = karabakh();
        let d = digest(&b);
        fs::create_dir_all(folder(dir.path())).unwrap();
        fs::write(
            folder(dir.path()).join(blob::name(&b.id, &d)),
            blob::encode(&b, &d),
        )
        .unwrap();
        let v = get(dir.path(), &b.id, &d).unwrap().expect("kept");
        assert!(crate::briefing::redline::diff(&v, &b).is_empty());
        assert_eq!(list(dir.path()).unwrap(), vec![(b.id.clone(), d.clone())]);
        // And not written again.
        assert_eq!(keep_all(dir.path(), [&Kept::of(&b)]).unwrap().versions, 0);
    }

    #[test]
    fn damage_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let b = karabakh();
        fs::create_dir_all(folder(dir.path())).unwrap();
        let path = folder(dir.path()).join(blob::name(&b.id, &digest(&b)));
        fs::write(&path, "{\"brief_versions\":1").unwrap();
        let err = get(dir.path(), &b.id, &digest(&b)).unwrap_err();
        assert!(
            err.contains(&*path.to_string_lossy()) && err.contains("cannot be read back"),
            "{err}"
        );
        fs::remove_file(&path).unwrap();
        for (name, bytes) in [
            ("1.pack", "brief-versions-pack 1 999999\n{}".to_owned()),
            ("2.pack", "brief-versions-pack 1 2\n{}".to_owned()),
            ("3.pack", {
                let h = r#"{"blobs":[[0,99]],"entries":[]}"#;
                format!("brief-versions-pack 1 {}\n{h}", h.len())
            }),
        ] {
            let pack = folder(dir.path()).join(name);
            fs::write(&pack, bytes).unwrap();
            let err = get(dir.path(), &b.id, &digest(&b)).unwrap_err();
            assert!(err.contains(&*pack.to_string_lossy()), "{err}");
            fs::remove_file(&pack).unwrap();
        }
    }

    #[test]
    fn a_damaged_entry_is_an_error_not_a_panic() {
        let (path, _) = shipped();
        let good = fs::read_to_string(&path).unwrap();
        let dangling = good.replacen("sources = [", "sources = [\"nowhere\", ", 1);
        assert_ne!(dangling, good);
        let bad_date = good.replacen("date = \"2023-09-19?\"", "date = \"2023-19-99\"", 1);
        assert_ne!(bad_date, good);
        for (i, (syntax, bytes)) in [
            (Syntax::Toml, "id = [unclosed".to_owned()),
            (Syntax::Json, "{\"id\": 3}".to_owned()),
            (Syntax::Toml, "format = 1\nid = \"x\"".to_owned()),
            (Syntax::Toml, dangling),
            (Syntax::Toml, bad_date),
            (Syntax::Toml, good.replacen("format = 1", "format = 99", 1)),
        ]
        .into_iter()
        .enumerate()
        {
            let dir = tempfile::tempdir().unwrap();
            let id = format!("damaged{i}");
            let kept = Kept::unparsed(&id, "0123456789abcdef", syntax, bytes.into(), Vec::new());
            kept.keep(dir.path()).unwrap();
            let err = get(dir.path(), &id, "0123456789abcdef").unwrap_err();
            assert!(err.contains("cannot be read back"), "{i}: {err}");
        }
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
        let mut other = old.clone();
        other.id = "other".into();
        // One pack of two, so that dropping one writes the pack again.
        store
            .apply_all([Mark::read(&old), Mark::read(&other)])
            .unwrap();
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
        assert_eq!((p.removed, p.kept), (2, 2));
        assert!(get(dir.path(), &new.id, &digest(&new)).unwrap().is_some());
        assert!(get(dir.path(), "other", &digest(&other)).unwrap().is_some());
        assert_eq!(get(dir.path(), &old.id, &digest(&old)).unwrap(), None);
        // The last read stays while its briefing is in a library, or for 30
        // days: its time survived the pack being written again.
        let month = now + Duration::from_secs(31 * 24 * 3600);
        let p = prune(dir.path(), &store.state, &everywhere, month, &policy).unwrap();
        assert_eq!(p.removed, 0);
        let p = prune(dir.path(), &store.state, &nowhere, later, &policy).unwrap();
        assert_eq!(p.removed, 0);
        let p = prune(dir.path(), &store.state, &nowhere, month, &policy).unwrap();
        assert_eq!((p.removed, p.kept), (2, 0));
        assert!(packs(dir.path()).is_empty());
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
            sizes.push(Kept::of(&b).len() as u64);
            let newest = packs(dir.path())[0].clone();
            age(&newest, 1_000_000 + i);
        }
        // Read long ago too, so only the packs' times tell them apart.
        let mut state = store.state.clone();
        for r in state.briefings.values_mut() {
            r.read_at = chrono::DateTime::from_timestamp(1, 0);
        }
        let policy = Policy {
            max_bytes: sizes[1] + sizes[2],
            ..Policy::default()
        };
        let p = prune(dir.path(), &state, &|_| true, SystemTime::now(), &policy).unwrap();
        assert_eq!((p.removed, p.kept), (1, 2));
        assert!(get(dir.path(), "b0", &digest(&b)).unwrap().is_none());
        assert!(get(dir.path(), "b2", &digest(&b)).unwrap().is_some());
    }

    #[test]
    fn many_packs_are_merged_but_the_largest() {
        let dir = tempfile::tempdir().unwrap();
        let mut b = karabakh();
        // The first pack holds two versions, so it is the largest.
        let first = b.clone();
        b.id = "b0".into();
        keep_all(dir.path(), [&Kept::of(&first), &Kept::of(&b)]).unwrap();
        for i in 1..5 {
            b.id = format!("b{i}");
            keep(dir.path(), &b).unwrap();
        }
        let largest = packs(dir.path()).last().unwrap().clone();
        assert_eq!(packs(dir.path()).len(), 5);
        let policy = Policy {
            max_packs: 4,
            ..Policy::default()
        };
        let p = prune(
            dir.path(),
            &State::default(),
            &|_| true,
            SystemTime::now(),
            &policy,
        )
        .unwrap();
        assert_eq!((p.removed, p.kept), (0, 6));
        // All but the largest, merged into one; the largest untouched.
        assert_eq!(packs(dir.path()).len(), 2);
        assert!(largest.exists());
        assert!(get(dir.path(), &first.id, &digest(&b)).unwrap().is_some());
        for i in 0..5 {
            assert!(
                get(dir.path(), &format!("b{i}"), &digest(&b))
                    .unwrap()
                    .is_some()
            );
        }
    }

    #[test]
    fn names_parse_back_and_nothing_else_does() {
        assert_eq!(
            blob::parse_name("a.b-c.0123456789abcdef.json"),
            Some(("a.b-c", "0123456789abcdef"))
        );
        assert_eq!(blob::parse_name(".tmp-xyz"), None);
        assert_eq!(blob::parse_name("x.json"), None);
        assert!(pack::is_pack("0001-2-3.pack") && !pack::is_pack(".tmp-1.pack"));
    }
}
