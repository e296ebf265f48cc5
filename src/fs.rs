//! Files brief opens: only regular files, read with a bound, and never a
//! device, a FIFO or a link that leads out of the folder it belongs to.
//!
//! The lowest layer that touches the file system; `briefing`, `library`,
//! `config` and both faces read through it, so one rule holds everywhere.

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// The largest file brief reads: a briefing, a source text, a configuration.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Opens `path` for reading only if it is a regular file. The open itself
/// never blocks (a FIFO with no writer would hang a plain `open`), and the
/// kind is checked on the opened handle, so a file swapped for a device
/// between a check and the open is still refused.
pub fn open_regular(path: &Path) -> Result<File, String> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
        .map_err(|e| match std::fs::metadata(path) {
            // A socket cannot be opened at all (ENXIO): it is refused for
            // what it is, as a FIFO or a device is below.
            Ok(m) if !m.is_file() && !m.is_dir() => NOT_REGULAR.to_owned(),
            _ => format!("cannot open: {e}"),
        })?;
    let meta = file.metadata().map_err(|e| format!("cannot read: {e}"))?;
    if meta.is_dir() {
        return Err("is a directory".to_owned());
    }
    if !meta.is_file() {
        return Err(NOT_REGULAR.to_owned());
    }
    Ok(file)
}

const NOT_REGULAR: &str = "not a regular file; it was not read";

/// Reads a whole regular file of at most `limit` bytes, refusing a larger
/// one before reading it and stopping at the limit should it grow meanwhile.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    let file = open_regular(path)?;
    let len = file
        .metadata()
        .map_err(|e| format!("cannot read: {e}"))?
        .len();
    if len > limit {
        return Err(too_large(len, limit));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64, limit));
    }
    Ok(bytes)
}

/// [`read_regular`] for a file brief itself keeps (state, index cache):
/// `None` when nothing is there, the bytes of a regular file within
/// `limit` (a link is followed, to a regular file only), an error for
/// anything else (a folder, a device, a FIFO: never read, never waited on).
pub fn read_regular_or_absent(path: &Path, limit: u64) -> Result<Option<Vec<u8>>, String> {
    match found(path)? {
        Found::Absent => Ok(None),
        Found::Other(kind) => Err(format!("is {kind}, not a regular file; it was not read")),
        Found::Regular | Found::Link => match read_regular(path, limit) {
            // A dangling link, or a file removed since it was seen.
            Err(_) if found(path)? == Found::Absent || !path.exists() => Ok(None),
            other => other.map(Some),
        },
    }
}

/// [`read_regular`] with the limit every briefing, source text and
/// configuration shares, [`MAX_FILE_BYTES`].
pub fn read_limited(path: &Path) -> Result<Vec<u8>, String> {
    read_regular(path, MAX_FILE_BYTES)
}

fn too_large(len: u64, limit: u64) -> String {
    // The file's own size keeps a decimal (`40.0 MiB`), so that it never
    // reads as equal to a round limit it exceeds.
    let len = if len >= 1024 * 1024 {
        format!("{:.1} MiB", len as f64 / (1024.0 * 1024.0))
    } else {
        size(len)
    };
    format!(
        "file is {len}, over the {} limit; it was not read",
        size(limit)
    )
}

/// A size as people read it: `1.4 MiB`, `16 MiB`, `512 KiB`, `300 bytes`.
pub fn size(bytes: u64) -> String {
    const KIB: f64 = 1024.0;
    let b = bytes as f64;
    if bytes.is_multiple_of(1024 * 1024) && bytes > 0 {
        format!("{} MiB", bytes / (1024 * 1024))
    } else if b >= KIB * KIB {
        format!("{:.1} MiB", b / (KIB * KIB))
    } else if b >= KIB {
        format!("{:.0} KiB", b / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// Where `path` really is, if that is inside `root` once every link is
/// resolved; an error naming `path` (never the target) otherwise.
pub fn within_root(path: &Path, root: &Path) -> Result<PathBuf, String> {
    let real = path
        .canonicalize()
        .map_err(|e| format!("cannot open: {e}"))?;
    let real_root = root
        .canonicalize()
        .map_err(|e| format!("cannot open the folder {}: {e}", root.display()))?;
    if real.starts_with(&real_root) {
        Ok(real)
    } else {
        Err("is a link to a file outside the library; it was not read".to_owned())
    }
}

// ------------------------------------------------------------ write side

/// What is at a path, the final symbolic link not followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    Absent,
    Regular,
    /// A symbolic link, dangling or not.
    Link,
    /// Anything else, as people name it: `a folder`, `a FIFO`, `a character device`...
    Other(&'static str),
}

/// What is at `path`, without following a final link and without opening it.
pub fn found(path: &Path) -> Result<Found, String> {
    match std::fs::symlink_metadata(path) {
        Ok(m) => Ok(match m.file_type() {
            t if t.is_file() => Found::Regular,
            t if t.is_symlink() => Found::Link,
            t => Found::Other(kind(t)),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Found::Absent),
        Err(e) => Err(format!("cannot look at it: {e}")),
    }
}

/// A file type as people name it, with its article: `a FIFO`.
pub fn kind(t: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_file() {
        "a regular file"
    } else if t.is_dir() {
        "a folder"
    } else if t.is_symlink() {
        "a symbolic link"
    } else if t.is_fifo() {
        "a FIFO"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    }
}

/// Opens (creating it if absent) a lock file: only a regular file, never
/// through a symbolic link (a dangling one would have its target created),
/// never blocking on a FIFO. The file is empty and stays so: only its lock
/// matters. Lock it with [`lock_within`].
pub fn open_lock(path: &Path) -> Result<File, String> {
    match found(path)? {
        Found::Absent | Found::Regular => {}
        Found::Link => {
            return Err(
                "is a symbolic link; a lock file is never followed (remove the link)".to_owned(),
            );
        }
        Found::Other(kind) => return Err(format!("is {kind}, not a regular file")),
    }
    let file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
        .map_err(|e| format!("cannot open: {e}"))?;
    let meta = file.metadata().map_err(|e| format!("cannot open: {e}"))?;
    if !meta.is_file() {
        return Err(format!("is {}, not a regular file", kind(meta.file_type())));
    }
    Ok(file)
}

/// Why [`lock_within`] gave up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LockFailed {
    /// Someone else held it until the deadline.
    Held,
    /// The system refused the lock itself.
    Error(String),
}

/// Takes an exclusive lock on `file`, trying again and again (1 ms, then
/// twice as long each time, at most 50 ms apart) until `wait` has passed.
/// Never blocks longer than `wait`; released when the file is closed.
pub fn lock_within(file: &File, wait: std::time::Duration) -> Result<(), LockFailed> {
    use std::time::{Duration, Instant};
    let deadline = Instant::now() + wait;
    let mut pause = Duration::from_millis(1);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(()),
            Err(std::fs::TryLockError::WouldBlock) => {}
            Err(std::fs::TryLockError::Error(e)) => return Err(LockFailed::Error(e.to_string())),
        }
        let now = Instant::now();
        if now >= deadline {
            return Err(LockFailed::Held);
        }
        std::thread::sleep(pause.min(deadline - now));
        pause = (pause * 2).min(Duration::from_millis(50));
    }
}

/// The folder a file lives in (`.` for a bare name).
pub fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Replaces `path` with `bytes` so that a crash at any moment leaves the old
/// file or the new one: a temporary file `<tmp_prefix>XXXXXX.tmp` beside it,
/// written, synced, renamed over it, and the folder synced so the rename
/// itself survives. Refuses to replace anything but a regular file (a
/// device, a FIFO, a folder, a symbolic link: resolve links first if they
/// are to be written through). Hold a lock while calling it if others write
/// the same file; [`remove_leftovers`] under that lock clears what a killed
/// writer left.
pub fn write_atomically(path: &Path, bytes: &[u8], tmp_prefix: &str) -> Result<(), String> {
    use std::io::Write;
    match found(path)? {
        Found::Absent | Found::Regular => {}
        Found::Link => return Err("is a symbolic link; it was not replaced".to_owned()),
        Found::Other(kind) => {
            return Err(format!(
                "is {kind}, not a regular file; it was not replaced"
            ));
        }
    }
    let dir = folder_of(path);
    let mut tmp = tempfile::Builder::new()
        .prefix(tmp_prefix)
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| format!("cannot write beside it: {e}"))?;
    tmp.write_all(bytes)
        .map_err(|e| format!("cannot write: {e}"))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| format!("cannot sync: {e}"))?;
    tmp.persist(path)
        .map_err(|e| format!("cannot replace: {}", e.error))?;
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| format!("cannot sync its folder: {e}"))?;
    Ok(())
}

/// Removes the temporary files a killed [`write_atomically`] left in `dir`:
/// regular files named `<tmp_prefix>*.tmp`, nothing else (a link or a folder
/// of that name stays). Call it holding the lock the writers hold, so that
/// no live writer's file is taken. Returns how many were removed.
pub fn remove_leftovers(dir: &Path, tmp_prefix: &str) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        let ours = name.starts_with(tmp_prefix) && name.ends_with(".tmp");
        // `file_type` does not follow links: a link named like ours stays.
        if ours
            && e.file_type().is_ok_and(|t| t.is_file())
            && std::fs::remove_file(e.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// Whether `dir` holds any file [`remove_leftovers`] would remove.
pub fn has_leftovers(dir: &Path, tmp_prefix: &str) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with(tmp_prefix)
                && name.ends_with(".tmp")
                && e.file_type().is_ok_and(|t| t.is_file())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("f.toml");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let err = read_limited(&fifo).unwrap_err();
        assert!(err.contains("not a regular file"), "{err}");
    }

    #[test]
    fn a_socket_is_refused_as_a_fifo_is() {
        let dir = tempfile::tempdir().unwrap();
        let sock = dir.path().join("s.toml");
        let _listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
        assert_eq!(
            read_limited(&sock).unwrap_err(),
            "not a regular file; it was not read"
        );
        let missing = dir.path().join("missing.toml");
        assert!(
            read_limited(&missing)
                .unwrap_err()
                .starts_with("cannot open: ")
        );
    }

    #[test]
    fn a_device_and_a_folder_are_refused() {
        assert!(
            read_limited(Path::new("/dev/zero"))
                .unwrap_err()
                .contains("not a regular file")
        );
        assert_eq!(read_limited(Path::new("/")).unwrap_err(), "is a directory");
    }

    #[test]
    fn the_limit_holds() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("big");
        std::fs::write(&f, vec![b'x'; 2048]).unwrap();
        assert_eq!(read_regular(&f, 4096).unwrap().len(), 2048);
        let err = read_regular(&f, 1024).unwrap_err();
        assert_eq!(err, "file is 2 KiB, over the 1 KiB limit; it was not read");
    }

    #[test]
    fn a_link_out_of_the_root_is_refused_and_its_target_not_named() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("lib");
        std::fs::create_dir(&root).unwrap();
        std::fs::write(dir.path().join("secret"), "key").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret"), root.join("x.toml")).unwrap();
        let err = within_root(&root.join("x.toml"), &root).unwrap_err();
        assert!(!err.contains("secret"), "{err}");
        std::fs::write(root.join("ok.toml"), "").unwrap();
        assert!(within_root(&root.join("ok.toml"), &root).is_ok());
    }

    #[test]
    fn absent_is_none_and_only_regular_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("cache.json");
        assert_eq!(read_regular_or_absent(&f, 10), Ok(None));
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &f).unwrap();
        assert_eq!(read_regular_or_absent(&f, 10), Ok(None));
        std::fs::remove_file(&f).unwrap();
        std::os::unix::fs::symlink("/dev/zero", &f).unwrap();
        assert!(
            read_regular_or_absent(&f, 10)
                .unwrap_err()
                .contains("not a regular file")
        );
        assert_eq!(
            read_regular_or_absent(dir.path(), 10).unwrap_err(),
            "is a folder, not a regular file; it was not read"
        );
    }

    #[test]
    fn a_lock_is_never_opened_through_a_link_and_nothing_is_replaced_but_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let lock = dir.path().join("s.lock");
        let target = dir.path().join("target");
        std::os::unix::fs::symlink(&target, &lock).unwrap();
        assert!(open_lock(&lock).unwrap_err().contains("symbolic link"));
        assert!(!target.exists());
        std::fs::remove_file(&lock).unwrap();
        let held = open_lock(&lock).unwrap();
        held.lock().unwrap();
        let other = open_lock(&lock).unwrap();
        let wait = std::time::Duration::from_millis(20);
        assert_eq!(lock_within(&other, wait), Err(LockFailed::Held));
        drop(held);
        assert_eq!(lock_within(&other, wait), Ok(()));

        assert!(
            write_atomically(Path::new("/dev/null"), b"x", ".t-")
                .unwrap_err()
                .contains("a character device")
        );
        let f = dir.path().join("f.json");
        write_atomically(&f, b"one", ".f.json-").unwrap();
        write_atomically(&f, b"two", ".f.json-").unwrap();
        assert_eq!(std::fs::read(&f).unwrap(), b"two");
        std::fs::write(dir.path().join(".f.json-abc.tmp"), "half").unwrap();
        assert!(has_leftovers(dir.path(), ".f.json-"));
        assert_eq!(remove_leftovers(dir.path(), ".f.json-"), 1);
        assert!(!has_leftovers(dir.path(), ".f.json-"));
    }
}
