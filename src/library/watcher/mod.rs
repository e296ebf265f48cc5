//! A watcher that vouches that nothing changed under a library folder, so
//! that `brief search` need not stat every file to answer from what is on
//! disk now (git's `core.fsmonitor`, for briefings).
//!
//! `brief watch` ([`serve`]) is a small process of the user's that watches
//! each folder it is asked about with inotify ([`tree`]) and keeps, for
//! each, an *epoch*: a number, unique within the process, that changes on
//! every event under the folder (any file or folder created, deleted,
//! written, its attributes changed, moved in or out), on a lost event (the
//! kernel's queue overflowed), and that is withdrawn while a folder is not
//! fully watched. A search asks for its folders' epochs before it looks at
//! anything; the index keeps the *token* (the process's random instance and
//! the epoch) with the manifest of a folder found current by the look, and
//! a later search that is given the same token uses that manifest without
//! looking. Any change after the question makes the next token differ.
//!
//! The process starts only when the user asks for it (`brief watch`, or
//! `watch = true` in the configuration, or `brief search --watch`, which
//! start it detached): never a surprise on a shared machine. Its socket is
//! `$XDG_RUNTIME_DIR/brief/watch.sock`, in a folder of mode 0700 that must
//! be the user's own and not a link; both ends check the other's user
//! (`SO_PEERCRED`). Every read is bounded ([`LINE`]), every question has a
//! deadline ([`DEADLINE`]): a watcher that is slow, silent or says anything
//! unexpected means the ordinary look, never a wrong answer or a wait.
//!
//! The protocol is one line each way:
//!
//! ```text
//! brief-watch 1 ask <root as hex>...      → brief-watch 1 <instance> <epoch or ->...
//! brief-watch 1 status                    → brief-watch 1 <instance> <pid> <folders> <root as hex>=<epoch or ->...
//! ```

use std::io::{Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirBuilderExt, MetadataExt};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

mod folders;
pub mod serve;
pub mod tree;

/// The longest line either end reads.
pub const LINE: usize = 64 * 1024;

/// How long a search waits for the watcher's answer, all told.
pub const DEADLINE: Duration = Duration::from_millis(100);

/// At most this many folders are asked about in one question.
pub const MOST_ROOTS: usize = 16;

const HELLO: &str = "brief-watch 1";

/// Where the socket lives: `$XDG_RUNTIME_DIR/brief`, made (mode 0700) if
/// `create`, and checked to be a folder (not a link) of this user's, that
/// no one else may enter. The error says why not, for the user.
pub fn socket_dir(create: bool) -> Result<PathBuf, String> {
    let Some(runtime) = crate::paths::runtime_dir() else {
        return Err("XDG_RUNTIME_DIR is not set (or not an absolute path): \
                    no watcher, every search looks at every file"
            .into());
    };
    let dir = runtime.join("brief");
    if create {
        match std::fs::DirBuilder::new().mode(0o700).create(&dir) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(format!("cannot make {}: {e}", crate::text::path(&dir))),
        }
    }
    check_dir(&dir)?;
    Ok(dir)
}

/// The socket folder's checks: a folder, not a link, this user's, mode 0700.
fn check_dir(dir: &Path) -> Result<(), String> {
    let shown = crate::text::path(dir);
    let meta = std::fs::symlink_metadata(dir).map_err(|e| format!("{shown}: {e}"))?;
    if meta.file_type().is_symlink() {
        return Err(format!("{shown} is a link: no watcher is used through it"));
    }
    if !meta.is_dir() {
        return Err(format!("{shown} is not a folder: no watcher"));
    }
    if meta.uid() != rustix::process::geteuid().as_raw() {
        return Err(format!(
            "{shown} belongs to another user (uid {}): no watcher is used through it",
            meta.uid()
        ));
    }
    if meta.mode() & 0o077 != 0 {
        return Err(format!(
            "{shown} may be entered by others (mode {:o}; it must be 700): no watcher is used through it",
            meta.mode() & 0o7777
        ));
    }
    Ok(())
}

/// The socket in the folder [`socket_dir`] gives.
pub fn socket_path(dir: &Path) -> PathBuf {
    dir.join("watch.sock")
}

/// A token: the watcher's instance and a folder's epoch, as the index keeps it.
pub fn token(instance: &str, epoch: u64) -> String {
    format!("{instance}-{epoch}")
}

/// What a search learns from asking.
#[derive(Debug, PartialEq)]
pub enum Asked {
    /// Each folder's token, `None` where the watcher does not vouch for it.
    Tokens(Vec<Option<String>>),
    /// No watcher listens (no socket, or no one at it): one may be started.
    Nobody,
    /// The socket's folder is refused, or there is no `XDG_RUNTIME_DIR`:
    /// why, to be said if the user asked for a watcher.
    Refused(String),
    /// A watcher that did not answer in time, or said something unexpected,
    /// or is another user's: look, as without one.
    Failed,
}

/// The hex of a path's bytes: any path, one word.
pub fn hex(path: &Path) -> String {
    path.as_os_str()
        .as_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A path from [`hex`]; `None` for anything else.
pub fn unhex(s: &str) -> Option<PathBuf> {
    if !s.len().is_multiple_of(2) || s.is_empty() {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect();
    let os: std::ffi::OsString = std::os::unix::ffi::OsStringExt::from_vec(bytes?);
    Some(PathBuf::from(os))
}

/// The question for `roots` (absolute, every link resolved).
pub fn question(roots: &[PathBuf]) -> String {
    let mut q = format!("{HELLO} ask");
    for r in roots {
        q.push(' ');
        q.push_str(&hex(r));
    }
    q.push('\n');
    q
}

/// The tokens an answer gives for `n` folders, or `None` if it is not an
/// answer to that question: exactly `n` epochs after the instance, which is
/// 16 hex digits, each epoch decimal digits or `-`.
pub fn parse_answer(line: &str, n: usize) -> Option<Vec<Option<String>>> {
    let rest = line
        .strip_suffix('\n')?
        .strip_prefix(HELLO)?
        .strip_prefix(' ')?;
    let mut words = rest.split(' ');
    let instance = words.next()?;
    if instance.len() != 16 || !instance.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let mut out = Vec::with_capacity(n);
    for w in words {
        out.push(match w {
            "-" => None,
            w if !w.is_empty() && w.len() <= 20 && w.bytes().all(|b| b.is_ascii_digit()) => {
                Some(token(instance, w.parse().ok()?))
            }
            _ => return None,
        });
    }
    (out.len() == n).then_some(out)
}

/// Asks the watcher, if one answers, for the tokens of `roots` as given
/// (each made absolute with every link resolved, as the index keys them).
pub fn ask(roots: &[PathBuf]) -> Asked {
    // No folder yet: no watcher has run (one may make it).
    if let Some(r) = crate::paths::runtime_dir()
        && std::fs::symlink_metadata(r.join("brief")).is_err()
    {
        return Asked::Nobody;
    }
    let dir = match socket_dir(false) {
        Ok(dir) => dir,
        Err(why) => return Asked::Refused(why),
    };
    let sock = socket_path(&dir);
    if !sock.exists() {
        return Asked::Nobody;
    }
    let Some(real) = roots
        .iter()
        .map(|r| r.canonicalize().ok())
        .collect::<Option<Vec<_>>>()
    else {
        return Asked::Failed;
    };
    if real.is_empty() || real.len() > MOST_ROOTS {
        return Asked::Failed;
    }
    ask_at(&sock, &real, DEADLINE)
}

/// [`ask`] at the socket `sock`, for folders already resolved: on a thread
/// of its own, given up (and left to end with the process) past `deadline`,
/// whatever the other end does.
pub fn ask_at(sock: &Path, real: &[PathBuf], deadline: Duration) -> Asked {
    let (tx, rx) = std::sync::mpsc::channel();
    let sock = sock.to_owned();
    let q = question(real);
    let n = real.len();
    let spawned = std::thread::Builder::new()
        .name("watcher".into())
        .spawn(move || {
            let _ = tx.send(exchange(&sock, &q, n, deadline));
        });
    if spawned.is_err() {
        return Asked::Failed;
    }
    rx.recv_timeout(deadline).unwrap_or(Asked::Failed)
}

fn exchange(sock: &Path, q: &str, n: usize, deadline: Duration) -> Asked {
    let mut s = match UnixStream::connect(sock) {
        Ok(s) => s,
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::ConnectionRefused | std::io::ErrorKind::NotFound
            ) =>
        {
            return Asked::Nobody;
        }
        Err(_) => return Asked::Failed,
    };
    if !same_user(&s) {
        return Asked::Failed;
    }
    let _ = s.set_read_timeout(Some(deadline));
    let _ = s.set_write_timeout(Some(deadline));
    if s.write_all(q.as_bytes()).is_err() {
        return Asked::Failed;
    }
    match read_line(&mut s) {
        Some(line) => parse_answer(&line, n).map_or(Asked::Failed, Asked::Tokens),
        None => Asked::Failed,
    }
}

/// The other end of `s` runs as this user (`SO_PEERCRED`).
pub fn same_user(s: &UnixStream) -> bool {
    rustix::net::sockopt::socket_peercred(s).is_ok_and(|c| c.uid == rustix::process::geteuid())
}

/// One line of at most [`LINE`] bytes, with its `\n`, read from `r`;
/// `None` if longer, not UTF-8, cut short or too slow (the stream's own
/// timeouts).
pub fn read_line(r: &mut impl Read) -> Option<String> {
    let mut buf = Vec::with_capacity(256);
    let mut chunk = [0u8; 4096];
    loop {
        let got = r.read(&mut chunk).ok()?;
        if got == 0 {
            return None;
        }
        let part = &chunk[..got];
        if let Some(end) = part.iter().position(|&b| b == b'\n') {
            buf.extend_from_slice(&part[..=end]);
            return (buf.len() <= LINE).then(|| String::from_utf8(buf).ok())?;
        }
        buf.extend_from_slice(part);
        if buf.len() > LINE {
            return None;
        }
    }
}

/// What a running watcher says of itself, for `brief doctor`: its process
/// id, how many folders it watches, and each library folder with whether it
/// vouches for it now; `None` when none answers.
pub fn status() -> Option<Status> {
    let dir = socket_dir(false).ok()?;
    let sock = socket_path(&dir);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let ask = || -> Option<Status> {
            let mut s = UnixStream::connect(&sock).ok()?;
            if !same_user(&s) {
                return None;
            }
            s.set_read_timeout(Some(Duration::from_secs(1))).ok()?;
            s.write_all(format!("{HELLO} status\n").as_bytes()).ok()?;
            parse_status(&read_line(&mut s)?)
        };
        let _ = tx.send(ask());
    });
    rx.recv_timeout(Duration::from_secs(1)).ok().flatten()
}

/// A watcher's account of itself ([`status`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub pid: u32,
    pub folders: usize,
    pub roots: Vec<(PathBuf, bool)>,
}

fn parse_status(line: &str) -> Option<Status> {
    let rest = line
        .strip_suffix('\n')?
        .strip_prefix(HELLO)?
        .strip_prefix(' ')?;
    let mut words = rest.split(' ');
    let _instance = words.next()?;
    let pid = words.next()?.parse().ok()?;
    let folders = words.next()?.parse().ok()?;
    let roots = words
        .map(|w| {
            let (root, epoch) = w.split_once('=')?;
            Some((unhex(root)?, epoch != "-"))
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Status {
        pid,
        folders,
        roots,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_goes_as_hex_and_back_whatever_its_bytes() {
        use std::os::unix::ffi::OsStringExt;
        for p in [
            PathBuf::from("/a b/c\nd"),
            PathBuf::from(std::ffi::OsString::from_vec(vec![b'/', 0xff, 0xfe])),
        ] {
            assert_eq!(unhex(&hex(&p)), Some(p));
        }
        assert_eq!(unhex("2"), None);
        assert_eq!(unhex("zz"), None);
        assert_eq!(unhex(""), None);
    }

    #[test]
    fn only_an_answer_to_the_question_gives_tokens() {
        let i = "0123456789abcdef";
        assert_eq!(
            parse_answer(&format!("brief-watch 1 {i} 7 -\n"), 2),
            Some(vec![Some(format!("{i}-7")), None])
        );
        for junk in [
            format!("brief-watch 1 {i} 7\n"),
            format!("brief-watch 1 {i} 7 - 9\n"),
            format!("brief-watch 1 {i} 7 -"),
            format!("brief-watch 1 {i} 7 x\n"),
            format!("brief-watch 1 {i} -7 -\n"),
            format!("brief-watch 1 {i} 99999999999999999999999 -\n"),
            format!("brief-watch 2 {i} 7 -\n"),
            "brief-watch 1 0123 7 -\n".to_owned(),
            format!("brief-watch 1 {i}  7 -\n"),
            "\n".to_owned(),
            String::new(),
        ] {
            assert_eq!(parse_answer(&junk, 2), None, "{junk:?}");
        }
    }

    #[test]
    fn a_line_is_read_whole_and_bounded() {
        assert_eq!(read_line(&mut &b"abc\ndef"[..]), Some("abc\n".into()));
        assert_eq!(read_line(&mut &b"abc"[..]), None, "cut short");
        let long = vec![b'a'; LINE + 10];
        assert_eq!(read_line(&mut &long[..]), None, "no end in sight");
        assert_eq!(read_line(&mut &b"\xff\n"[..]), None, "not UTF-8");
    }

    #[test]
    fn the_socket_folder_must_be_this_users_own_and_shut() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("brief");
        std::fs::DirBuilder::new().mode(0o700).create(&dir).unwrap();
        assert_eq!(check_dir(&dir), Ok(()));
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
        assert!(check_dir(&dir).unwrap_err().contains("mode 777"));
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&dir, &link).unwrap();
        assert!(check_dir(&link).unwrap_err().contains("is a link"));
        std::fs::write(tmp.path().join("file"), "").unwrap();
        assert!(
            check_dir(&tmp.path().join("file"))
                .unwrap_err()
                .contains("not a folder")
        );
    }
}
