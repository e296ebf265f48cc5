//! Packs: many versions in one file, written with one sync.
//!
//! A pack is `<versions>/<nanoseconds>-<pid>-<n>.pack`:
//!
//! ```text
//! brief-versions-pack 1 <header bytes>\n
//! <header: JSON {"blobs":[[offset,len],…],"entries":[{id,digest,kind,body,texts}]}>
//! <blobs, back to back>
//! ```
//!
//! Blob offsets count from the end of the header. A blob is stored once per
//! pack however many versions use it (the same source text behind many
//! briefings), found by a hash of its bytes and compared in full before it
//! is shared. An entry's `body` is the blob of the briefing file as parsed
//! (`kind` "toml" or "json") or of a briefing with no file as JSON
//! (`kind` "model", see [`super::blob`]); `texts` maps each `text_file` as
//! written to the blob of the text as read.
//!
//! A pack is written to a temporary file (`.tmp-…`), synced once, renamed
//! into place under a name no other writer uses, and the folder synced once:
//! a crash leaves the whole pack or none. Reading is bounded: the header by
//! [`MAX_HEADER_BYTES`], each blob by the file's length and
//! [`super::MAX_BLOB_BYTES`], read where it lies (`pread`), never the whole pack.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use super::MAX_BLOB_BYTES;

const MAGIC: &str = "brief-versions-pack";
const PACK_VERSION: u32 = 1;
/// The file name's ending.
pub const SUFFIX: &str = ".pack";
/// The largest header read: room for some 200,000 versions.
pub const MAX_HEADER_BYTES: u64 = 32 * 1024 * 1024;

/// What a version's body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Toml,
    Json,
    Model,
}

/// One version in a pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    pub digest: String,
    pub kind: Kind,
    /// Index into the pack's blobs.
    pub body: usize,
    /// `text_file` as written → index into the pack's blobs.
    #[serde(default)]
    pub texts: BTreeMap<String, usize>,
    /// When it was first kept (Unix seconds), once a pruning has written it
    /// into another pack; before that, the pack's modification time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<i64>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Header {
    /// `[offset, len]` of each blob, from the end of the header.
    pub blobs: Vec<[u64; 2]>,
    pub entries: Vec<Entry>,
}

/// A version to be packed: its entry fields and its bytes.
pub struct ToPack<'a> {
    pub at: Option<i64>,
    pub id: &'a str,
    pub digest: &'a str,
    pub kind: Kind,
    pub body: &'a [u8],
    pub texts: Vec<(&'a str, &'a [u8])>,
}

/// The blobs of a pack being written, each text stored once.
#[derive(Default)]
struct Blobs<'a> {
    bytes: Vec<&'a [u8]>,
    spans: Vec<[u64; 2]>,
    by_hash: HashMap<u64, Vec<usize>>,
    end: u64,
}

impl<'a> Blobs<'a> {
    fn push(&mut self, bytes: &'a [u8]) -> usize {
        self.bytes.push(bytes);
        self.spans.push([self.end, bytes.len() as u64]);
        self.end += bytes.len() as u64;
        self.bytes.len() - 1
    }

    /// The blob already holding these bytes, or a new one: the hash finds
    /// candidates, equal bytes decide.
    fn share(&mut self, bytes: &'a [u8]) -> usize {
        let hash = std::hash::BuildHasher::hash_one(&self.hasher(), bytes);
        if let Some(&i) = self
            .by_hash
            .get(&hash)
            .and_then(|c| c.iter().find(|&&i| self.bytes[i] == bytes))
        {
            return i;
        }
        let i = self.push(bytes);
        self.by_hash.entry(hash).or_default().push(i);
        i
    }

    fn hasher(&self) -> std::hash::BuildHasherDefault<std::collections::hash_map::DefaultHasher> {
        std::hash::BuildHasherDefault::default()
    }
}

/// Whether a file name is a pack's.
pub fn is_pack(name: &str) -> bool {
    name.ends_with(SUFFIX) && !name.starts_with('.')
}

/// How long each step of the last [`write`] took, for benchmarks.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteTimes {
    /// Hashing and sharing blobs, and the header.
    pub layout: std::time::Duration,
    /// Writing the bytes (to the page cache).
    pub write: std::time::Duration,
    /// The one `sync_all` of the pack and the one of its folder.
    pub sync: std::time::Duration,
}

/// Writes `versions` as one new pack in `dir`; returns its path. The same
/// blob is stored once. Nothing is written for an empty batch.
pub fn write(dir: &Path, versions: &[ToPack<'_>]) -> Result<(PathBuf, WriteTimes), String> {
    let mut times = WriteTimes::default();
    let started = std::time::Instant::now();
    let mut blobs = Blobs::default();
    let mut entries = Vec::with_capacity(versions.len());
    for v in versions {
        // Bodies differ (each names its own id); texts are often shared.
        let body = blobs.push(v.body);
        let texts = v
            .texts
            .iter()
            .map(|(file, bytes)| ((*file).to_owned(), blobs.share(bytes)))
            .collect();
        entries.push(Entry {
            at: v.at,
            id: v.id.to_owned(),
            digest: v.digest.to_owned(),
            kind: v.kind,
            body,
            texts,
        });
    }
    let header = Header {
        blobs: blobs.spans,
        entries,
    };
    let order = blobs.bytes;
    let json = serde_json::to_vec(&header).expect("pack headers serialize");
    times.layout = started.elapsed();

    let name = unique_name();
    let path = dir.join(&name);
    let fail = |what: &str, e: std::io::Error| format!("cannot {what} {}: {e}", path.display());
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let started = std::time::Instant::now();
    let tmp = tempfile::Builder::new()
        .prefix(".tmp-")
        .tempfile_in(dir)
        .map_err(|e| fail("write beside", e))?;
    {
        let mut out = BufWriter::with_capacity(1 << 20, tmp.as_file());
        writeln!(out, "{MAGIC} {PACK_VERSION} {}", json.len()).map_err(|e| fail("write", e))?;
        out.write_all(&json).map_err(|e| fail("write", e))?;
        for bytes in &order {
            out.write_all(bytes).map_err(|e| fail("write", e))?;
        }
        out.flush().map_err(|e| fail("write", e))?;
    }
    times.write = started.elapsed();
    let started = std::time::Instant::now();
    tmp.as_file().sync_all().map_err(|e| fail("sync", e))?;
    tmp.persist_noclobber(&path)
        .map_err(|e| fail("rename into", e.error))?;
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| fail("sync the folder of", e))?;
    times.sync = started.elapsed();
    Ok((path, times))
}

/// A name no other writer, in this process or another, is using.
fn unique_name() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{nanos:024}-{}-{n}{SUFFIX}", std::process::id())
}

/// An open pack: its header, and where its blobs start.
pub struct Pack {
    pub path: PathBuf,
    file: File,
    len: u64,
    data: u64,
    pub header: Header,
}

impl Pack {
    /// Opens and checks a pack: a regular file, a header within bounds whose
    /// every blob lies inside the file and every entry names a blob.
    /// `Ok(None)` when it is gone (pruned meanwhile).
    pub fn open(path: &Path) -> Result<Option<Pack>, String> {
        let bad = |why: String| {
            format!(
                "{}: the versions pack cannot be read: {why}",
                path.display()
            )
        };
        let file = match crate::fs::open_regular(path) {
            Ok(f) => f,
            Err(_) if !path.exists() => return Ok(None),
            Err(e) => return Err(bad(e)),
        };
        let len = file.metadata().map_err(|e| bad(e.to_string()))?.len();
        let mut first = [0u8; 64];
        let n = read_at_most(&file, &mut first).map_err(|e| bad(e.to_string()))?;
        let line_end = first[..n]
            .iter()
            .position(|&b| b == b'\n')
            .ok_or_else(|| bad("no header line".into()))?;
        let line = std::str::from_utf8(&first[..line_end]).map_err(|e| bad(e.to_string()))?;
        let mut words = line.split(' ');
        if words.next() != Some(MAGIC) {
            return Err(bad("not a pack".into()));
        }
        let version: u32 = words
            .next()
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| bad("no format number".into()))?;
        if version != PACK_VERSION {
            return Err(bad(format!("pack format {version} is not {PACK_VERSION}")));
        }
        let header_len: u64 = words
            .next()
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| bad("no header length".into()))?;
        let start = line_end as u64 + 1;
        if header_len > MAX_HEADER_BYTES || start + header_len > len {
            return Err(bad(format!("a header of {header_len} bytes does not fit")));
        }
        let mut json = vec![0u8; header_len as usize];
        file.read_exact_at(&mut json, start)
            .map_err(|e| bad(e.to_string()))?;
        let header: Header = serde_json::from_slice(&json).map_err(|e| bad(e.to_string()))?;
        let data = start + header_len;
        for [offset, blob_len] in &header.blobs {
            let end = data
                .checked_add(*offset)
                .and_then(|o| o.checked_add(*blob_len));
            if end.is_none_or(|end| end > len) || *blob_len > MAX_BLOB_BYTES {
                return Err(bad(format!(
                    "a blob at {offset} of {blob_len} bytes does not fit"
                )));
            }
        }
        let blobs = header.blobs.len();
        if header
            .entries
            .iter()
            .any(|e| e.body >= blobs || e.texts.values().any(|&t| t >= blobs))
        {
            return Err(bad("an entry names a blob that is not there".into()));
        }
        Ok(Some(Pack {
            path: path.to_owned(),
            file,
            len,
            data,
            header,
        }))
    }

    /// The bytes of blob `i` (checked to lie inside the file when opened).
    pub fn blob(&self, i: usize) -> Result<Vec<u8>, String> {
        let [offset, len] = self.header.blobs[i];
        let mut bytes = vec![0u8; len as usize];
        self.file
            .read_exact_at(&mut bytes, self.data + offset)
            .map_err(|e| format!("{}: cannot read: {e}", self.path.display()))?;
        Ok(bytes)
    }

    /// The file's size.
    pub fn size(&self) -> u64 {
        self.len
    }

    /// The bytes entry `i` stands for: its body and texts, each blob counted
    /// as its share among the entries that use it.
    pub fn shares(&self) -> Vec<u64> {
        let mut users = vec![0u64; self.header.blobs.len()];
        for e in &self.header.entries {
            users[e.body] += 1;
            for &t in e.texts.values() {
                users[t] += 1;
            }
        }
        let share = |b: usize| self.header.blobs[b][1] / users[b].max(1);
        self.header
            .entries
            .iter()
            .map(|e| share(e.body) + e.texts.values().map(|&t| share(t)).sum::<u64>())
            .collect()
    }
}

fn read_at_most(file: &File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut r = file;
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// Every pack in `dir`, newest first (names begin with the time written).
pub fn list(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("cannot list {}: {e}", dir.display())),
    };
    let mut packs: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| is_pack(&e.file_name().to_string_lossy()))
        .map(|e| e.path())
        .collect();
    packs.sort();
    packs.reverse();
    Ok(packs)
}
