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
        .map_err(|e| format!("cannot open: {e}"))?;
    let meta = file.metadata().map_err(|e| format!("cannot read: {e}"))?;
    if meta.is_dir() {
        return Err("is a directory".to_owned());
    }
    if !meta.is_file() {
        return Err("not a regular file; it was not read".to_owned());
    }
    Ok(file)
}

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
}
