//! The briefing files under some library folders, and their stamps, found
//! as cheaply as the kernel allows: each folder's entries read with
//! `getdents64` into one buffer (rustix's `RawDir`), their names kept in one
//! allocation per folder, each file stat'ed by its name relative to the
//! folder already open (no path built, nothing allocated per file),
//! subfolders and the stats of large folders shared across the cores by
//! work stealing (rayon), so that uneven folders still split evenly.
//!
//! The rules are the walk's ([`crate::library::walk`]): hidden names are
//! not the library's, a link is a file only to a file inside the root, and
//! every place that cannot be read is one error naming it with its cause,
//! worded as the walk words it. Anything this look cannot judge as the walk
//! would (a root that is not a folder, a file gone while it looked) makes
//! it return `None`, and the caller runs the full scan instead.

use std::ffi::CStr;
use std::mem::MaybeUninit;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::path::Path;

use rustix::fs::{AtFlags, FileType, Mode, OFlags, RawDir, Stat};

use rayon::prelude::*;

use crate::briefing::Diagnostic;
use crate::library::db::given_path;
use crate::library::index::{Stamp, stamp};

/// A briefing file found: its path inside the root (a range of
/// [`Disk::bytes`]) and its stamp (`None`: one the index never matches, as
/// for a file dated before 1970, which the scan never keeps either).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    rel: (u32, u32),
    pub stamp: Option<Stamp>,
}

/// What the look found under each root, each root's files by path inside
/// it, with every place it could not read.
#[derive(Debug, Default)]
pub struct Disk {
    pub roots: Vec<Vec<Seen>>,
    bytes: Vec<u8>,
    pub problems: Vec<Diagnostic>,
    /// For each root, whether it holds nothing but folders and files: no
    /// place that could not be read and no link followed (a link's target
    /// may change where no watcher of the root sees it).
    pub clean: Vec<bool>,
}

impl Disk {
    pub fn rel(&self, seen: &Seen) -> &[u8] {
        &self.bytes[seen.rel.0 as usize..seen.rel.1 as usize]
    }
}

/// The files of one root (a folder), or `None` where the look does not judge.
pub fn root(root: &Path, out: &mut Disk) -> Option<()> {
    if !std::fs::metadata(root).ok()?.is_dir() {
        return None;
    }
    // The root itself is followed if it is a link, as the walk does.
    let fd = rustix::fs::open(root, FLAGS, Mode::empty()).ok()?;
    let top = folder(root, fd, Vec::new(), 0)?;
    let mut seen = Vec::with_capacity(top.count());
    let mut rel = Vec::new();
    let (problems, mut linked) = (out.problems.len(), false);
    flatten(top, &mut rel, &mut seen, out, &mut linked);
    out.roots.push(seen);
    out.clean.push(!linked && out.problems.len() == problems);
    Some(())
}

const FLAGS: OFlags = OFlags::RDONLY
    .union(OFlags::DIRECTORY)
    .union(OFlags::CLOEXEC);

/// Above this many files in one folder, their stats are shared out.
const SHARE: usize = 64;

struct Folder {
    /// The folder's entries as the kernel gave them; names are ranges of it.
    buf: Vec<u8>,
    /// In the order of their paths (a folder's name counts with its `/`).
    entries: Vec<Entry>,
    problems: Vec<Diagnostic>,
    /// Whether a link was taken for a file here.
    linked: bool,
}

enum Entry {
    File {
        name: (u32, u32),
        stamp: Option<Stamp>,
    },
    Dir {
        name: (u32, u32),
        inside: Option<Box<Folder>>,
    },
}

impl Entry {
    fn name(&self) -> (u32, u32) {
        match self {
            Entry::File { name, .. } | Entry::Dir { name, .. } => *name,
        }
    }
}

impl Folder {
    fn count(&self) -> usize {
        self.entries
            .iter()
            .map(|e| match e {
                Entry::File { .. } => 1,
                Entry::Dir { inside, .. } => inside.as_ref().map_or(0, |f| f.count()),
            })
            .sum()
    }
}

/// The entries of the folder open as `fd`, all of them read at once: their
/// names one after another, each followed by a NUL, and for each its range
/// (without the NUL) and its type as the folder gives it.
type Listed = (Vec<u8>, Vec<((u32, u32), FileType)>);

fn entries(fd: BorrowedFd<'_>) -> std::io::Result<Listed> {
    let mut space = vec![MaybeUninit::<u8>::uninit(); 32 * 1024];
    let mut dir = RawDir::new(fd, &mut space);
    let mut names = Vec::new();
    let mut out = Vec::new();
    while let Some(entry) = dir.next() {
        let entry = entry?;
        let name = entry.file_name().to_bytes();
        let a = names.len() as u32;
        names.extend_from_slice(name);
        out.push(((a, names.len() as u32), entry.file_type()));
        names.push(0);
    }
    Ok((names, out))
}

fn name_of(buf: &[u8], (a, b): (u32, u32)) -> &[u8] {
    &buf[a as usize..b as usize]
}

/// The name at `(a, b)` of a folder's names, with the NUL that follows it.
fn c_name(buf: &[u8], (a, b): (u32, u32)) -> Option<&CStr> {
    CStr::from_bytes_with_nul(buf.get(a as usize..=b as usize)?).ok()
}

/// The stat of `name` in the folder `fd`, not following a link.
fn stat_at(fd: BorrowedFd<'_>, buf: &[u8], name: (u32, u32)) -> Option<Stat> {
    rustix::fs::statat(fd, c_name(buf, name)?, AtFlags::SYMLINK_NOFOLLOW).ok()
}

/// [`Stamp::of`] from a raw stat: the same size and nanoseconds, `None`
/// before 1970 (which `SystemTime::duration_since` refuses).
fn stamp_of(st: &Stat) -> Option<Stamp> {
    // The field types differ between rustix's back ends.
    #[allow(clippy::unnecessary_cast)]
    let (secs, nanos) = (st.st_mtime as i64, st.st_mtime_nsec as i64);
    if secs < 0 || nanos < 0 {
        return None;
    }
    let ns = u128::from(secs as u64) * 1_000_000_000 + nanos as u128;
    Some(Stamp {
        size: st.st_size as u64,
        modified_ns: i64::try_from(ns).unwrap_or(i64::MAX),
    })
}

enum Kind {
    Dir,
    Link,
    Other,
}

fn kind_of(t: FileType) -> Kind {
    match t {
        FileType::Directory => Kind::Dir,
        FileType::Symlink => Kind::Link,
        _ => Kind::Other,
    }
}

/// Folders deeper than this are left to the full scan's walk, which keeps
/// neither a stack frame nor an open folder per level: the look goes down
/// by recursion, holding each folder open, so 1,500 nested folders
/// overflowed its stack.
const DEEPEST: usize = 64;

/// The briefing files in the folder open as `fd` (`prefix`: its path inside
/// the root, with a trailing `/`, `depth` folders down) and below it;
/// `None` where a file went while it looked, or where it goes too deep.
fn folder(root: &Path, fd: OwnedFd, prefix: Vec<u8>, depth: usize) -> Option<Folder> {
    if depth > DEEPEST {
        return None;
    }
    let raw = fd.as_fd();
    let mut out = Folder {
        buf: Vec::new(),
        entries: Vec::new(),
        problems: Vec::new(),
        linked: false,
    };
    let (buf, listed) = match entries(raw) {
        Ok(listed) => listed,
        Err(e) => {
            out.problems.push(cannot_list(root, &prefix, &e));
            return Some(out);
        }
    };
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for (name, t) in listed {
        let n = name_of(&buf, name);
        // Hidden files and folders are not the library's (the walk's rule).
        if n.first().is_none_or(|&c| c == b'.') {
            continue;
        }
        let kind = match t {
            FileType::Unknown => kind_of(FileType::from_raw_mode(
                stat_at(raw, &buf, name)?.st_mode as _,
            )),
            t => kind_of(t),
        };
        match kind {
            Kind::Dir => dirs.push(name),
            _ if !briefing_name(n) => {}
            Kind::Link => {
                // As the walk: a link is a file only to a file inside the root.
                let mut rel = prefix.clone();
                rel.extend_from_slice(n);
                let path = given_path(root, &rel);
                match crate::fs::within_root(&path, root) {
                    Ok(real) if real.is_dir() => {}
                    Ok(_) => {
                        out.linked = true;
                        out.entries.push(Entry::File {
                            name,
                            stamp: Some(stamp(&path)?),
                        })
                    }
                    Err(why) => out.problems.push(Diagnostic::error(path, why)),
                }
            }
            // A FIFO or a device with a briefing's name is found, as the
            // walk finds it: reading it refuses it with a message.
            _ => files.push(name),
        }
    }
    let stats = |names: &[(u32, u32)]| -> Option<Vec<Entry>> {
        names
            .iter()
            .map(|&name| {
                let st = stat_at(raw, &buf, name)?;
                Some(Entry::File {
                    name,
                    stamp: stamp_of(&st),
                })
            })
            .collect()
    };
    let below = |dirs: Vec<(u32, u32)>| -> Option<Vec<Entry>> {
        dirs.into_par_iter()
            .map(|name| {
                let mut rel = prefix.clone();
                rel.extend_from_slice(name_of(&buf, name));
                rel.push(b'/');
                let inside = match open_at(raw, &buf, name) {
                    Ok(fd) => folder(root, fd, rel, depth + 1)?,
                    Err(e) => Folder {
                        buf: Vec::new(),
                        entries: Vec::new(),
                        problems: vec![cannot_list(root, &rel, &e)],
                        linked: false,
                    },
                };
                Some(Entry::Dir {
                    name,
                    inside: Some(Box::new(inside)),
                })
            })
            .collect()
    };
    let (stated, inside) = if files.len() > SHARE {
        rayon::join(
            || {
                let parts: Option<Vec<Vec<Entry>>> = files.par_chunks(SHARE).map(&stats).collect();
                Some(parts?.into_iter().flatten().collect::<Vec<_>>())
            },
            || below(dirs),
        )
    } else if dirs.is_empty() {
        (stats(&files), Some(Vec::new()))
    } else {
        rayon::join(|| stats(&files), || below(dirs))
    };
    out.entries.extend(stated?);
    out.entries.extend(inside?);
    out.entries.sort_unstable_by(|a, b| path_order(&buf, a, b));
    out.buf = buf;
    Some(out)
}

/// The order of two entries' paths: a folder's name sorts as if a `/`
/// followed it (`a.toml` before `a/`), and no name holds a `/`.
fn path_order(buf: &[u8], a: &Entry, b: &Entry) -> std::cmp::Ordering {
    let (an, bn) = (name_of(buf, a.name()), name_of(buf, b.name()));
    let n = an.len().min(bn.len());
    an[..n].cmp(&bn[..n]).then_with(|| {
        let next = |name: &[u8], e: &Entry| {
            name.get(n)
                .copied()
                .or(matches!(e, Entry::Dir { .. }).then_some(b'/'))
        };
        next(an, a).cmp(&next(bn, b))
    })
}

fn open_at(dir: BorrowedFd<'_>, buf: &[u8], name: (u32, u32)) -> std::io::Result<OwnedFd> {
    let name = c_name(buf, name).ok_or(std::io::ErrorKind::InvalidData)?;
    // Not through a link: the entry said it is a folder.
    Ok(rustix::fs::openat(
        dir,
        name,
        FLAGS.union(OFlags::NOFOLLOW),
        Mode::empty(),
    )?)
}

/// The walk's error for a folder it cannot list, word for word.
fn cannot_list(root: &Path, rel: &[u8], e: &std::io::Error) -> Diagnostic {
    let rel = rel.strip_suffix(b"/").unwrap_or(rel);
    Diagnostic {
        io_failure: true,
        ..Diagnostic::error(
            given_path(root, rel),
            format!("cannot list this folder: {e}"),
        )
    }
}

/// The walk's rule for a name ([`crate::library::walk::is_briefing`]):
/// `.toml` or `.json` in any case, not a `.schema.json`.
/// (Its bytes looked at as `Path::extension` would: what follows the last
/// dot, a dot that does not start the name; a unit test holds it to the
/// walk's rule.)
pub fn briefing_name(name: &[u8]) -> bool {
    let ext = match name.iter().rposition(|&b| b == b'.') {
        Some(dot) if dot > 0 => &name[dot + 1..],
        _ => return false,
    };
    (ext.eq_ignore_ascii_case(b"toml") || ext.eq_ignore_ascii_case(b"json"))
        && !name.ends_with(b".schema.json")
}

/// The tree made a list in path order, each path inside the root written
/// once into `out`'s bytes.
fn flatten(f: Folder, rel: &mut Vec<u8>, seen: &mut Vec<Seen>, out: &mut Disk, linked: &mut bool) {
    out.problems.extend(f.problems);
    *linked |= f.linked;
    for e in f.entries {
        let keep = rel.len();
        match e {
            Entry::File { name, stamp } => {
                let start = out.bytes.len() as u32;
                out.bytes.extend_from_slice(rel);
                out.bytes.extend_from_slice(name_of(&f.buf, name));
                seen.push(Seen {
                    rel: (start, out.bytes.len() as u32),
                    stamp,
                });
            }
            Entry::Dir { name, inside } => {
                rel.extend_from_slice(name_of(&f.buf, name));
                rel.push(b'/');
                if let Some(inside) = inside {
                    flatten(*inside, rel, seen, out, linked);
                }
            }
        }
        rel.truncate(keep);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The look's rule for a name (hidden names first passed over, as the
    /// look does) is the walk's.
    #[test]
    fn a_name_is_a_briefings_as_the_walk_says() {
        let root = Path::new("lib");
        for name in [
            "a.toml",
            "A.TOML",
            "b.Json",
            "x.schema.json",
            "x.Schema.Json",
            "toml",
            ".toml",
            "a.",
            "a.tom",
            "a.tomls",
            "a.b.toml",
            "a.toml.txt",
            "..toml",
            "é.json",
            "a.json ",
        ] {
            let walk = crate::library::walk::is_briefing(root, &root.join(name));
            let look = !name.starts_with('.') && briefing_name(name.as_bytes());
            assert_eq!(look, walk, "{name:?}");
        }
    }
}
