//! Running the binary as the unprivileged user `nobody`, for what only an
//! ordinary user meets (a folder of mode 000 is readable to root).

use std::path::Path;
use std::process::{Command, Output};

/// The words that run a command as `nobody` (the command follows them).
pub const SETPRIV: [&str; 4] = [
    "setpriv",
    "--reuid=nobody",
    "--regid=nogroup",
    "--clear-groups",
];

/// Who the tests can run the binary as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// The tests do not run as root: the binary runs as this user.
    Unprivileged,
    /// The tests run as root and `setpriv` can become `nobody`.
    Nobody,
    /// The tests run as root and cannot become anyone else.
    RootOnly,
}

pub fn who() -> Who {
    if unsafe { libc::geteuid() } != 0 {
        return Who::Unprivileged;
    }
    let probe = Command::new(SETPRIV[0])
        .args(&SETPRIV[1..])
        .arg("true")
        .status();
    if probe.is_ok_and(|s| s.success()) {
        Who::Nobody
    } else {
        Who::RootOnly
    }
}

/// `cmd` run in `dir`, with `dir` as its home and the cache, state and
/// config folders `cache`, `state` and `config` under it (no `BRIEF_STATE`).
pub fn in_dir(mut cmd: Command, dir: &Path) -> Command {
    cmd.current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .env("XDG_STATE_HOME", dir.join("state"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env_remove("BRIEF_STATE");
    cmd
}

/// `brief ARGS` as this user, [`in_dir`] `dir`.
pub fn brief_in(dir: &Path, args: &[&str]) -> Output {
    let bin = assert_cmd::cargo::cargo_bin("brief");
    in_dir(Command::new(bin), dir).args(args).output().unwrap()
}

/// Runs `brief ARGS` in `dir` as `nobody` where the tests run as root, as
/// this user otherwise, with `dir` as its home and cache, state and config
/// folders of its own under it that it can write (so the index is warm from
/// the second run). `None`, the reason printed, where it cannot: root with
/// no `setpriv`, or a binary `nobody` cannot reach.
pub fn as_nobody(dir: &Path, args: &[&str]) -> Option<Output> {
    use std::os::unix::fs::PermissionsExt;
    let bin = assert_cmd::cargo::cargo_bin("brief");
    let cmd = match who() {
        Who::Unprivileged => Command::new(&bin),
        Who::RootOnly => {
            println!("skipped: running as root and no setpriv to become nobody");
            return None;
        }
        Who::Nobody => {
            for sub in ["cache", "state", "config"] {
                std::fs::create_dir_all(dir.join(sub)).unwrap();
                std::fs::set_permissions(dir.join(sub), std::fs::Permissions::from_mode(0o777))
                    .unwrap();
            }
            let mut c = Command::new(SETPRIV[0]);
            c.args(&SETPRIV[1..]).arg(&bin);
            c
        }
    };
    let out = in_dir(cmd, dir).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The binary itself may sit where nobody cannot reach it.
    if out.stdout.is_empty() && stderr.contains("Permission denied") && !stderr.contains("lib") {
        println!("skipped: nobody cannot run {}", bin.display());
        return None;
    }
    Some(out)
}
