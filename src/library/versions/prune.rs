//! Dropping versions no longer needed (see the rule in [`super`]).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::{blob, folder, pack};
use crate::library::state::State;

/// How long versions are kept and how much room they may take.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// A last-read version of a briefing in no known library is dropped after this.
    pub grace: Duration,
    /// Any other version, and a crash's temporary file, is dropped after this.
    pub settle: Duration,
    /// The most the folder may hold; the oldest versions go first beyond it.
    pub max_bytes: u64,
    /// More packs than this are merged into one, so that finding a version
    /// reads few headers.
    pub max_packs: usize,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            grace: Duration::from_secs(30 * 24 * 3600),
            settle: Duration::from_secs(3600),
            max_bytes: 256 * 1024 * 1024,
            max_packs: 8,
        }
    }
}

/// What [`prune`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pruned {
    /// Versions dropped, and leftover files removed.
    pub removed: usize,
    /// Versions kept.
    pub kept: usize,
    /// Bytes of the versions kept (a text shared in a pack counted once).
    pub bytes: u64,
}

/// Where a version is.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Place {
    /// A file of the first layout, by index into `files`.
    File(usize),
    /// Entry `.1` of pack `.0`.
    Pack(usize, usize),
}

struct Found {
    place: Place,
    id: String,
    digest: String,
    bytes: u64,
    /// When kept, or last read if later.
    fresh: SystemTime,
}

/// Drops what the rule in [`super`]'s documentation says may go.
/// `in_library` says whether a briefing id is in a library the caller has
/// indexed; `now` is passed in so the rule can be tested. Reads pack headers
/// and file metadata, O(n log n) in the number of versions; only a pack that
/// loses versions (or packs being merged) is read in full and written again.
pub fn prune(
    state_dir: &Path,
    state: &State,
    in_library: &dyn Fn(&str) -> bool,
    now: SystemTime,
    policy: &Policy,
) -> Result<Pruned, String> {
    let dir = folder(state_dir);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Pruned::default()),
        Err(e) => return Err(format!("cannot list {}: {e}", dir.display())),
    };
    let mut done = Pruned::default();
    let mut files: Vec<PathBuf> = Vec::new();
    let mut packs: Vec<pack::Pack> = Vec::new();
    let mut found: Vec<Found> = Vec::new();
    let age = |t: SystemTime| now.duration_since(t).unwrap_or_default();
    let last_read = |id: &str, digest: &str| {
        state
            .record(id)
            .filter(|r| r.digest.as_deref() == Some(digest))
            .and_then(|r| r.read_at)
            .map(|t| UNIX_EPOCH + Duration::from_secs(t.timestamp().max(0) as u64))
    };
    for entry in entries.flatten() {
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let mtime = meta.modified().unwrap_or(now);
        if let Some((id, digest)) = blob::parse_name(&name) {
            files.push(entry.path());
            found.push(Found {
                place: Place::File(files.len() - 1),
                id: id.to_owned(),
                digest: digest.to_owned(),
                bytes: meta.len(),
                fresh: mtime,
            });
        } else if pack::is_pack(&name) {
            match pack::Pack::open(&entry.path()) {
                Ok(Some(p)) => {
                    let shares = p.shares();
                    for (i, (e, bytes)) in p.header.entries.iter().zip(shares).enumerate() {
                        let at = e
                            .at
                            .map_or(mtime, |s| UNIX_EPOCH + Duration::from_secs(s.max(0) as u64));
                        found.push(Found {
                            place: Place::Pack(packs.len(), i),
                            id: e.id.clone(),
                            digest: e.digest.clone(),
                            bytes,
                            fresh: at,
                        });
                    }
                    packs.push(p);
                }
                Ok(None) => {}
                // Damaged: of no use to anyone once settled.
                Err(_) if age(mtime) > policy.settle => remove(&entry.path(), &mut done)?,
                Err(_) => {}
            }
        } else if name.starts_with(".tmp-") && age(mtime) > policy.settle {
            remove(&entry.path(), &mut done)?;
        }
        // Anything else is not ours: left alone.
    }

    // Newest first: a version kept twice (a pruning killed between writing
    // a pack and removing the old one) keeps its newest copy.
    found.sort_by_key(|f| std::cmp::Reverse(f.fresh));
    let mut seen: HashSet<(&str, &str)> = HashSet::new();
    let mut keep: Vec<bool> = Vec::with_capacity(found.len());
    for f in &mut found {
        let read = last_read(&f.id, &f.digest);
        if let Some(r) = read {
            f.fresh = f.fresh.max(r);
        }
        let old = age(f.fresh);
        let drop = match read {
            Some(_) => !in_library(&f.id) && old > policy.grace,
            None => old > policy.settle,
        };
        keep.push(!drop);
    }
    for (f, k) in found.iter().zip(&mut keep) {
        if *k && !seen.insert((&f.id, &f.digest)) {
            *k = false;
        }
    }
    // The size bound, oldest first.
    let mut total: u64 = found
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(f, _)| f.bytes)
        .sum();
    let mut oldest: Vec<usize> = (0..found.len()).filter(|&i| keep[i]).collect();
    oldest.sort_by_key(|&i| found[i].fresh);
    for i in oldest {
        if total <= policy.max_bytes {
            break;
        }
        keep[i] = false;
        total -= found[i].bytes;
    }

    // Carry it out: files of the first layout one by one; packs that lose
    // versions (all of them, when there are too many) written again.
    let mut kept_in: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut losing: HashSet<usize> = HashSet::new();
    for (f, &k) in found.iter().zip(&keep) {
        match (f.place, k) {
            (Place::File(i), false) => remove(&files[i], &mut done)?,
            (Place::File(_), true) => done.kept += 1,
            (Place::Pack(p, e), true) => kept_in.entry(p).or_default().push(e),
            (Place::Pack(p, _), false) => {
                losing.insert(p);
                done.removed += 1;
            }
        }
    }
    // Too many packs: all but the largest are merged (the largest, often
    // one `R`, is not written again each time a few small ones pile up).
    let largest = (0..packs.len()).max_by_key(|&p| packs[p].size());
    let merge = packs.len() > policy.max_packs;
    let rewrite: Vec<usize> = (0..packs.len())
        .filter(|&p| losing.contains(&p) || (merge && Some(p) != largest))
        .collect();
    let mut carried: Vec<Carried> = Vec::new();
    for &p in &rewrite {
        let mut entries = kept_in.remove(&p).unwrap_or_default();
        entries.sort_unstable();
        for e in entries {
            carried.push(Carried::read(&packs[p], e)?);
        }
    }
    done.kept += kept_in.values().map(Vec::len).sum::<usize>() + carried.len();
    if !carried.is_empty() {
        let batch: Vec<pack::ToPack<'_>> = carried.iter().map(Carried::to_pack).collect();
        pack::write(&dir, &batch)?;
    }
    // Only once the new pack is in place are the old ones removed.
    for &p in &rewrite {
        match std::fs::remove_file(&packs[p].path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("cannot remove {}: {e}", packs[p].path.display())),
        }
    }
    done.bytes = total;
    Ok(done)
}

/// A version read out of a pack to be written into another.
struct Carried {
    entry: pack::Entry,
    body: Vec<u8>,
    texts: Vec<(String, Vec<u8>)>,
}

impl Carried {
    fn read(p: &pack::Pack, i: usize) -> Result<Carried, String> {
        let entry = p.header.entries[i].clone();
        let at = entry.at.or_else(|| {
            let t = std::fs::metadata(&p.path).ok()?.modified().ok()?;
            Some(t.duration_since(UNIX_EPOCH).ok()?.as_secs() as i64)
        });
        let body = p.blob(entry.body)?;
        let texts = entry
            .texts
            .iter()
            .map(|(f, &b)| Ok((f.clone(), p.blob(b)?)))
            .collect::<Result<_, String>>()?;
        Ok(Carried {
            entry: pack::Entry { at, ..entry },
            body,
            texts,
        })
    }

    fn to_pack(&self) -> pack::ToPack<'_> {
        pack::ToPack {
            at: self.entry.at,
            id: &self.entry.id,
            digest: &self.entry.digest,
            kind: self.entry.kind,
            body: &self.body,
            texts: self
                .texts
                .iter()
                .map(|(f, t)| (f.as_str(), t.as_slice()))
                .collect(),
        }
    }
}

fn remove(path: &Path, done: &mut Pruned) -> Result<(), String> {
    match std::fs::remove_file(path) {
        Ok(()) => {
            done.removed += 1;
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("cannot remove {}: {e}", path.display())),
    }
}
