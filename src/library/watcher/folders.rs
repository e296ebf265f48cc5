//! What the watcher asks of the file system besides inotify: a folder's
//! subfolders, and whether its file system is one whose every change
//! inotify sees.

use std::mem::MaybeUninit;
use std::path::Path;

use rustix::fs::{FileType, Mode, OFlags, RawDir};

/// The names of the folders in `dir` (not links to folders: the library
/// does not follow them), `.` and `..` left out.
pub fn subfolders(dir: &Path) -> std::io::Result<Vec<Vec<u8>>> {
    let fd = rustix::fs::open(
        dir,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
        Mode::empty(),
    )?;
    let mut space = vec![MaybeUninit::<u8>::uninit(); 32 * 1024];
    let mut raw = RawDir::new(&fd, &mut space);
    let mut out = Vec::new();
    while let Some(entry) = raw.next() {
        let entry = entry?;
        let name = entry.file_name().to_bytes();
        if name == b"." || name == b".." {
            continue;
        }
        let is_dir = match entry.file_type() {
            FileType::Directory => true,
            FileType::Unknown => rustix::fs::statat(
                &fd,
                entry.file_name(),
                rustix::fs::AtFlags::SYMLINK_NOFOLLOW,
            )
            .is_ok_and(|st| FileType::from_raw_mode(st.st_mode as _) == FileType::Directory),
            _ => false,
        };
        if is_dir {
            out.push(name.to_vec());
        }
    }
    Ok(out)
}

/// The file systems whose every change inotify sees: local ones. On a
/// network file system (NFS, SMB, 9p, FUSE...) another machine's changes
/// make no event, so a folder there is never vouched for.
pub fn local(dir: &Path) -> Result<(), String> {
    const LOCAL: [u64; 13] = [
        0xEF53,      // ext2, ext3, ext4
        0x5846_5342, // xfs
        0x9123_683E, // btrfs
        0x0102_1994, // tmpfs
        0x8584_58F6, // ramfs
        0xF2F5_2010, // f2fs
        0x2FC1_2FC1, // zfs
        0x794C_7630, // overlayfs
        0xCA45_1A4E, // bcachefs
        0x5265_4973, // reiserfs
        0x3153_464A, // jfs
        0x3434,      // nilfs
        0x4d44,      // vfat
    ];
    let st = rustix::fs::statfs(dir).map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
    // The field's type differs between C libraries.
    #[allow(clippy::unnecessary_cast)]
    let kind = st.f_type as u64 & 0xFFFF_FFFF;
    if LOCAL.contains(&kind) {
        Ok(())
    } else {
        Err(format!(
            "{} is on a file system whose changes may come from elsewhere (type {kind:#x}): not watched",
            dir.display()
        ))
    }
}
