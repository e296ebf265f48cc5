//! `brief watch`: the watcher's process. One thread: it waits (poll) on
//! the inotify queue and the socket, takes events as they come (so the
//! kernel's queue does not overflow while nobody asks), and answers each
//! question in turn, the queue drained first. It ends after a time without
//! a question, or on SIGTERM, SIGINT or SIGHUP, removing its socket.
//!
//! One watcher per user: the first to lock `watch.lock` beside the socket
//! serves; another started meanwhile sees the lock and leaves.

use std::fs::OpenOptions;
use std::hash::BuildHasher;
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags, Timespec, poll};

use super::tree::{State, Tree};
use super::{HELLO, MOST_ROOTS, hex, read_line, same_user, socket_dir, socket_path, unhex};

/// How a watcher's run ended.
#[derive(Debug, PartialEq)]
pub enum Ended {
    /// No question for the idle time given.
    Idle,
    /// A signal asked it to end.
    Signal,
    /// Another watcher of this user's is running: this one never began.
    Running,
}

/// Where a watcher listens, once it does.
pub struct Listening {
    pub socket: PathBuf,
}

/// Serves until `idle` passes without a question or a signal comes;
/// `started` is told where it listens once it does. An error says why it
/// could not begin.
pub fn serve(idle: Duration, started: impl FnOnce(&Listening)) -> Result<Ended, String> {
    let dir = socket_dir(true)?;
    let lock_path = dir.join("watch.lock");
    let lock = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(0o600)
        .open(&lock_path)
        .map_err(|e| format!("cannot open {}: {e}", crate::text::path(&lock_path)))?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => return Ok(Ended::Running),
        Err(std::fs::TryLockError::Error(e)) => {
            return Err(format!(
                "cannot lock {}: {e}",
                crate::text::path(&lock_path)
            ));
        }
    }
    let socket = socket_path(&dir);
    // Whatever is there is a watcher's that is gone: the lock is ours.
    let _ = std::fs::remove_file(&socket);
    let listener = UnixListener::bind(&socket)
        .map_err(|e| format!("cannot listen at {}: {e}", crate::text::path(&socket)))?;
    let _ = std::fs::set_permissions(&socket, std::fs::Permissions::from_mode(0o600));
    listener
        .set_nonblocking(true)
        .map_err(|e| format!("cannot listen: {e}"))?;
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGHUP,
    ] {
        signal_hook::flag::register(sig, stop.clone()).map_err(|e| e.to_string())?;
    }
    let mut tree = Tree::new().map_err(|e| format!("cannot use inotify: {e}"))?;
    let instance = instance();
    started(&Listening {
        socket: socket.clone(),
    });
    let mut deadline = Instant::now() + idle;
    let ended = loop {
        if stop.load(Ordering::Relaxed) {
            break Ok(Ended::Signal);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break Ok(Ended::Idle);
        }
        let left = left.min(Duration::from_secs(60));
        let timeout = Timespec {
            tv_sec: left.as_secs() as _,
            tv_nsec: left.subsec_nanos() as _,
        };
        let (events, asked) = {
            let mut fds = [
                PollFd::new(tree.fd(), PollFlags::IN),
                PollFd::new(&listener, PollFlags::IN),
            ];
            match poll(&mut fds, Some(&timeout)) {
                Ok(_) => (!fds[0].revents().is_empty(), !fds[1].revents().is_empty()),
                Err(rustix::io::Errno::INTR) => continue,
                Err(e) => break Err(format!("cannot wait: {e}")),
            }
        };
        if events {
            tree.drain();
        }
        if asked {
            while let Ok((stream, _)) = listener.accept() {
                if answer(stream, &mut tree, &instance) {
                    deadline = Instant::now() + idle;
                }
            }
        }
    };
    let _ = std::fs::remove_file(&socket);
    drop(lock);
    ended
}

/// This process's instance: 64 random bits (the standard library's hash
/// keys come from the system's random source), as 16 hex digits.
fn instance() -> String {
    let seed = (
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    format!(
        "{:016x}",
        std::collections::hash_map::RandomState::new().hash_one(seed)
    )
}

/// Answers one connection; whether it was a question (which keeps the
/// watcher from ending idle). Another user's connection, or one that says
/// nothing understood in time, is closed unanswered.
fn answer(mut s: UnixStream, tree: &mut Tree, instance: &str) -> bool {
    if !same_user(&s)
        || s.set_nonblocking(false).is_err()
        || s.set_read_timeout(Some(super::DEADLINE)).is_err()
        || s.set_write_timeout(Some(super::DEADLINE)).is_err()
    {
        return false;
    }
    let Some(line) = read_line(&mut s) else {
        return false;
    };
    let Some(rest) = line
        .strip_suffix('\n')
        .and_then(|l| l.strip_prefix(HELLO))
        .and_then(|l| l.strip_prefix(' '))
    else {
        return false;
    };
    let reply = if rest == "status" {
        tree.drain();
        let mut r = format!(
            "{HELLO} {instance} {} {}",
            std::process::id(),
            tree.folders()
        );
        for (path, state) in tree.roots() {
            r.push(' ');
            r.push_str(&hex(path));
            match state {
                State::Vouched(e) => r.push_str(&format!("={e}")),
                _ => r.push_str("=-"),
            }
        }
        r
    } else if let Some(words) = rest.strip_prefix("ask ") {
        let roots: Option<Vec<PathBuf>> = words.split(' ').map(unhex).collect();
        let Some(roots) = roots.filter(|r| r.len() <= MOST_ROOTS) else {
            return false;
        };
        let mut r = format!("{HELLO} {instance}");
        for epoch in tree.answer(&roots) {
            match epoch {
                Some(e) => r.push_str(&format!(" {e}")),
                None => r.push_str(" -"),
            }
        }
        r
    } else {
        return false;
    };
    let _ = s.write_all(format!("{reply}\n").as_bytes());
    true
}
