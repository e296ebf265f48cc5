//! The watcher's knowledge: the library folders it was asked about, each
//! watched with inotify in every folder below it (hidden ones too: a link
//! the library follows may lead into them), and each one's epoch.
//!
//! The rules that make a token trustworthy:
//! - a folder's watch is added before it is listed, so a folder made inside
//!   it at any time is either listed or reported;
//! - every event under a root gives it a new epoch, from one clock shared
//!   by all roots, so an epoch is never given twice in one process;
//! - a folder above a root moved or replaced makes no event under it, so
//!   at every question the root's path must still name the folder watched;
//! - before any answer, every event queued is taken ([`Tree::drain`]): the
//!   kernel queues an event as the change is made, so a change finished
//!   before the question counts;
//! - a root is vouched for only while every folder under it is watched: a
//!   lost event (the queue overflowed), a folder moved (its known path is
//!   then wrong), the root itself gone or moved, or a watch that could not
//!   be added withdraws the vouching until the root is watched afresh.

use std::ffi::OsStr;
use std::mem::MaybeUninit;
use std::os::fd::OwnedFd;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rustix::fs::inotify::{self, CreateFlags, ReadFlags, WatchFlags};
use rustix::io::Errno;

use super::folders::{local, subfolders};

/// A root with more folders than this is not vouched for.
pub const MOST_FOLDERS: usize = 100_000;

/// At most this many folders are watched, all roots together (each costs
/// the kernel about 1 KiB and this process a path).
pub const MOST_WATCHED: usize = 2 * MOST_FOLDERS;

/// At most this many roots are watched; the one asked about least
/// recently is dropped for a new one.
pub const MOST_ROOTS: usize = 16;

/// A root that could not be watched is tried again after this long.
const RETRY: Duration = Duration::from_secs(30);

/// What is watched in each folder: every change to what it holds.
const FLAGS: WatchFlags = WatchFlags::CREATE
    .union(WatchFlags::DELETE)
    .union(WatchFlags::MODIFY)
    .union(WatchFlags::ATTRIB)
    .union(WatchFlags::CLOSE_WRITE)
    .union(WatchFlags::MOVED_FROM)
    .union(WatchFlags::MOVED_TO)
    .union(WatchFlags::DELETE_SELF)
    .union(WatchFlags::MOVE_SELF)
    .union(WatchFlags::ONLYDIR)
    .union(WatchFlags::DONT_FOLLOW)
    .union(WatchFlags::EXCL_UNLINK);

/// A root's state.
#[derive(Debug, Clone, PartialEq)]
pub enum State {
    /// Every folder under it is watched; nothing happened since this epoch.
    Vouched(u64),
    /// To be watched afresh before the next answer.
    Stale,
    /// Could not be watched (why), tried again [`RETRY`] after.
    Failed(Instant, String),
}

struct Root {
    path: PathBuf,
    state: State,
    asked: Instant,
    /// The watch of the root folder itself.
    wd: Option<i32>,
    /// The folder its path named when it was watched (device, inode): a
    /// folder above it moved or replaced makes no event under it, so the
    /// path is looked up again at every question.
    inode: Option<(u64, u64)>,
    folders: usize,
}

/// The folder `path` names now, links followed.
fn inode(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// The watcher's roots and watches.
pub struct Tree {
    fd: OwnedFd,
    clock: u64,
    roots: Vec<Root>,
    /// Each watch: the root it belongs to (by path) and its folder's path.
    wds: foldhash::HashMap<i32, (PathBuf, PathBuf)>,
    /// [`MOST_FOLDERS`], but for tests.
    most: usize,
    /// `/proc/self/mounts`, which the kernel marks at every mount or
    /// unmount: a file system mounted inside a root makes no event there.
    mounts: Option<std::fs::File>,
}

impl Tree {
    pub fn new() -> std::io::Result<Tree> {
        Ok(Tree {
            fd: inotify::init(CreateFlags::NONBLOCK | CreateFlags::CLOEXEC)?,
            clock: 0,
            roots: Vec::new(),
            wds: Default::default(),
            most: MOST_FOLDERS,
            mounts: std::fs::File::open("/proc/self/mounts").ok(),
        })
    }

    /// A tree that vouches for no root of more than `most` folders.
    pub fn with_limit(most: usize) -> std::io::Result<Tree> {
        Ok(Tree {
            most,
            ..Tree::new()?
        })
    }

    /// The inotify descriptor, to wait on.
    pub fn fd(&self) -> &OwnedFd {
        &self.fd
    }

    /// How many folders are watched, all roots together.
    pub fn folders(&self) -> usize {
        self.wds.len()
    }

    /// Each root and its state.
    pub fn roots(&self) -> impl Iterator<Item = (&Path, &State)> {
        self.roots.iter().map(|r| (r.path.as_path(), &r.state))
    }

    fn tick(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }

    /// The epoch of each of `roots` (absolute, links resolved), `None`
    /// where it is not vouched for; a root not known yet is watched first.
    pub fn answer(&mut self, roots: &[PathBuf]) -> Vec<Option<u64>> {
        self.drain();
        let now = Instant::now();
        let mut out = Vec::with_capacity(roots.len());
        for path in roots {
            let Some(i) = self.find_or_add(path) else {
                out.push(None);
                continue;
            };
            self.roots[i].asked = now;
            let redo = match &self.roots[i].state {
                State::Stale => true,
                State::Failed(since, _) => now.duration_since(*since) >= RETRY,
                // Still the folder watched?
                State::Vouched(_) => inode(path) != self.roots[i].inode,
            };
            if redo {
                self.watch(i);
            }
            // What happened while it was being watched.
            self.drain();
            if matches!(self.roots[i].state, State::Stale) {
                self.watch(i);
                self.drain();
            }
            out.push(match self.roots[i].state {
                State::Vouched(e) => Some(e),
                _ => None,
            });
        }
        out
    }

    /// The root `path`'s place, added (Stale) if new; `None` for a path
    /// that is not absolute, or one inside or around a root already
    /// watched (their folders would share watches).
    fn find_or_add(&mut self, path: &Path) -> Option<usize> {
        if let Some(i) = self.roots.iter().position(|r| r.path == path) {
            return Some(i);
        }
        if !path.is_absolute()
            || self
                .roots
                .iter()
                .any(|r| r.path.starts_with(path) || path.starts_with(&r.path))
        {
            return None;
        }
        if self.roots.len() >= MOST_ROOTS {
            let oldest = (0..self.roots.len()).min_by_key(|&i| self.roots[i].asked)?;
            self.forget(oldest);
            self.roots.remove(oldest);
        }
        self.roots.push(Root {
            path: path.to_owned(),
            state: State::Stale,
            asked: Instant::now(),
            wd: None,
            inode: None,
            folders: 0,
        });
        Some(self.roots.len() - 1)
    }

    /// Removes every watch of root `i`.
    fn forget(&mut self, i: usize) {
        let root = &self.roots[i].path;
        let mine: Vec<i32> = self
            .wds
            .iter()
            .filter(|(_, (r, _))| r == root)
            .map(|(wd, _)| *wd)
            .collect();
        for wd in mine {
            let _ = inotify::remove_watch(&self.fd, wd);
            self.wds.remove(&wd);
        }
        self.roots[i].wd = None;
        self.roots[i].folders = 0;
    }

    /// Watches root `i` afresh: every folder's watch added before it is
    /// listed; vouched for, with a new epoch, once all are.
    fn watch(&mut self, i: usize) {
        self.forget(i);
        let path = self.roots[i].path.clone();
        let before = inode(&path);
        let watched = self.watch_below(i, &path);
        let after = inode(&path);
        self.roots[i].inode = after;
        let state = match watched {
            // Another folder by that name since it was first looked up:
            // watched afresh at the next question.
            Ok(()) if before != after => State::Stale,
            Ok(()) => State::Vouched(self.tick()),
            // Not there (yet, or again): asked about again at each question.
            Err(_) if std::fs::symlink_metadata(&path).is_err() => State::Stale,
            Err(why) => State::Failed(Instant::now(), why),
        };
        self.roots[i].state = state;
    }

    /// Watches `dir` and every folder below it for root `i`.
    fn watch_below(&mut self, i: usize, dir: &Path) -> Result<(), String> {
        let mut stack = vec![dir.to_owned()];
        while let Some(dir) = stack.pop() {
            if self.roots[i].folders >= self.most {
                return Err(format!("more than {} folders", self.most));
            }
            if self.wds.len() >= MOST_WATCHED {
                return Err(format!("{MOST_WATCHED} folders are watched already"));
            }
            let wd = match inotify::add_watch(&self.fd, &dir, FLAGS) {
                Ok(wd) => wd,
                // Gone (or replaced by a file) since it was listed: the
                // change was reported by its folder.
                Err(Errno::NOENT | Errno::NOTDIR) if dir != self.roots[i].path => {
                    continue;
                }
                Err(Errno::NOSPC) => {
                    return Err("the system's limit of inotify watches is reached \
                                (fs.inotify.max_user_watches)"
                        .into());
                }
                Err(e) => return Err(format!("cannot watch {}: {e}", dir.display())),
            };
            if let Some((other, _)) = self.wds.get(&wd)
                && *other != self.roots[i].path
            {
                return Err(format!(
                    "{} is also under {}",
                    dir.display(),
                    other.display()
                ));
            }
            if dir == self.roots[i].path {
                self.roots[i].wd = Some(wd);
            }
            if self
                .wds
                .insert(wd, (self.roots[i].path.clone(), dir.clone()))
                .is_none()
            {
                self.roots[i].folders += 1;
            }
            local(&dir)?;
            for name in
                subfolders(&dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?
            {
                stack.push(dir.join(OsStr::from_bytes(&name)));
            }
        }
        Ok(())
    }

    /// Takes every event queued, without waiting.
    pub fn drain(&mut self) {
        if self.mounted() {
            for r in &mut self.roots {
                r.state = State::Stale;
            }
        }
        let mut buf = [MaybeUninit::<u8>::uninit(); 64 * 1024];
        loop {
            let mut events = Vec::new();
            {
                let mut reader = inotify::Reader::new(&self.fd, &mut buf);
                loop {
                    match reader.next() {
                        Ok(e) => events.push((
                            e.wd(),
                            e.events(),
                            e.file_name().map(|n| n.to_bytes().to_vec()),
                        )),
                        Err(Errno::INTR) => continue,
                        Err(_) => break,
                    }
                    if reader.is_buffer_empty() {
                        break;
                    }
                }
            }
            if events.is_empty() {
                return;
            }
            for (wd, mask, name) in events {
                self.apply(wd, mask, name.as_deref());
            }
        }
    }

    /// Whether anything was mounted or unmounted since the last call (the
    /// kernel's mark on `/proc/self/mounts`, read without waiting). Without
    /// that file, always: nothing is vouched for.
    fn mounted(&self) -> bool {
        use rustix::event::{PollFd, PollFlags, Timespec, poll};
        let Some(m) = &self.mounts else {
            return true;
        };
        let mut fds = [PollFd::new(m, PollFlags::PRI)];
        let now = Timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        poll(&mut fds, Some(&now)).map_or(true, |_| {
            fds[0].revents().intersects(PollFlags::PRI | PollFlags::ERR)
        })
    }

    /// One event: the root it is under gets a new epoch; what it says of
    /// the watches is taken into account.
    pub fn apply(&mut self, wd: i32, mask: ReadFlags, name: Option<&[u8]>) {
        if mask.contains(ReadFlags::QUEUE_OVERFLOW) {
            // Events were lost: nothing watched can be vouched for.
            for r in &mut self.roots {
                r.state = State::Stale;
            }
            return;
        }
        let Some((root, dir)) = self.wds.get(&wd).cloned() else {
            return;
        };
        let Some(i) = self.roots.iter().position(|r| r.path == root) else {
            return;
        };
        let epoch = self.tick();
        if let State::Vouched(e) = &mut self.roots[i].state {
            *e = epoch;
        }
        let is_root = self.roots[i].wd == Some(wd);
        if mask.contains(ReadFlags::IGNORED) {
            self.wds.remove(&wd);
            self.roots[i].folders = self.roots[i].folders.saturating_sub(1);
        }
        let gone =
            ReadFlags::IGNORED | ReadFlags::DELETE_SELF | ReadFlags::MOVE_SELF | ReadFlags::UNMOUNT;
        if is_root && mask.intersects(gone) {
            self.roots[i].state = State::Stale;
        }
        if mask.contains(ReadFlags::ISDIR) {
            if mask.intersects(ReadFlags::MOVED_FROM | ReadFlags::MOVED_TO) {
                // The folders below it are now elsewhere: watched afresh.
                self.roots[i].state = State::Stale;
            } else if mask.contains(ReadFlags::CREATE)
                && let Some(name) = name
                && matches!(self.roots[i].state, State::Vouched(_))
                && let Err(why) = self.watch_below(i, &dir.join(OsStr::from_bytes(name)))
            {
                self.roots[i].state = State::Failed(Instant::now(), why);
            }
        }
    }
}

#[cfg(test)]
#[path = "tree_tests.rs"]
mod tests;
