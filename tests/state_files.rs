//! The state file and its lock as a hostile or unlucky machine presents
//! them: a lock another brief holds, a device, a FIFO or a folder named as
//! the state, links (dangling, to a device, to a real file), leftovers of
//! killed writers, a file over the size limit, and a batch of 4,000 marks.
//!
//! Every case goes through the binary, as a person meets it: the exit code,
//! what stderr says, and what is (and is not) on disk afterwards. Every
//! command runs with HOME and the XDG folders inside a temporary folder.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::os::unix::fs::{FileTypeExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;
use tempfile::TempDir;

mod common;

use brief::briefing::load_file;
use brief::library::state::{Mark, ReadState, StateError, Store};

/// A temporary home with a small library of valid briefings.
struct Sandbox {
    dir: TempDir,
    ids: Vec<String>,
}

impl Sandbox {
    fn new(n: usize) -> Sandbox {
        let dir = tempfile::tempdir().expect("a temporary folder");
        fs::create_dir(dir.path().join("home")).unwrap();
        let lib = dir.path().join("lib");
        fs::create_dir(&lib).unwrap();
        let ids = (1..=n)
            .map(|i| {
                let id = format!("t-{i:04}");
                let toml = format!(
                    "format = 1\nid = \"{id}\"\ntitle = \"Tiny briefing {i}\"\ndate = \"2024-01-01\"\n\n\
                     [summary]\nheadline = \"Tiny briefing number {i}.\"\n"
                );
                fs::write(lib.join(format!("{id}.toml")), toml).unwrap();
                id
            })
            .collect();
        Sandbox { dir, ids }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn lib(&self) -> PathBuf {
        self.path().join("lib")
    }

    /// Where the state file goes unless a test says otherwise.
    fn state(&self) -> PathBuf {
        self.path().join("state").join("state.json")
    }

    fn brief(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_brief"));
        cmd.current_dir(self.path())
            .env_remove("BRIEF_STATE")
            .env("HOME", self.path().join("home"))
            .env("XDG_STATE_HOME", self.path().join("xdg-state"))
            .env("XDG_CONFIG_HOME", self.path().join("xdg-config"))
            .env("XDG_CACHE_HOME", self.path().join("xdg-cache"))
            .env("NO_COLOR", "1")
            .stdin(Stdio::null());
        cmd
    }

    /// `brief mark IDS... CHANGE --library LIB --state STATE`, to the end.
    fn mark(&self, ids: &[String], change: &str, state: &Path) -> Output {
        let mut cmd = self.brief();
        cmd.arg("mark")
            .args(ids)
            .arg(change)
            .arg("--library")
            .arg(self.lib())
            .arg("--state")
            .arg(state);
        output(cmd)
    }

    /// `brief list LIB --state STATE`, to the end.
    fn list(&self, state: &Path) -> Output {
        let mut cmd = self.brief();
        cmd.arg("list").arg(self.lib()).arg("--state").arg(state);
        output(cmd)
    }

    fn load(&self, id: &str) -> brief::briefing::Briefing {
        let lib = self.lib();
        load_file(&lib.join(format!("{id}.toml")), &lib)
            .briefing
            .expect("a valid tiny briefing")
    }

    fn one(&self) -> Vec<String> {
        self.ids[..1].to_vec()
    }
}

/// Runs a command to the end, never longer than a minute: a hang fails.
fn output(cmd: Command) -> Output {
    assert_cmd::Command::from_std(cmd)
        .timeout(Duration::from_secs(60))
        .output()
        .expect("run brief")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 on stdout")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("UTF-8 on stderr")
}

#[track_caller]
fn assert_status(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        stdout(out),
        stderr(out)
    );
}

/// Exit 2, nothing on stdout, and one line on stderr holding every `needle`.
#[track_caller]
fn assert_refused(out: &Output, needles: &[&str]) {
    assert_status(out, 2);
    assert_eq!(stdout(out), "");
    let err = stderr(out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("brief: "), "{err}");
    for n in needles {
        assert!(err.contains(n), "{n:?} not in:\n{err}");
    }
}

fn state_json(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).unwrap()).expect("the state file parses")
}

/// The ids whose record has `field` set.
fn with(v: &Value, field: &str) -> BTreeSet<String> {
    v["briefings"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| !r[field].is_null() && r[field] != Value::Bool(false))
        .map(|(id, _)| id.clone())
        .collect()
}

/// Names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    n.sort();
    n
}

/// Another process holding the lock, as `flock FILE sleep 300` does,
/// until dropped.
struct Holder(Child);

impl Holder {
    fn new(lock: &Path) -> Holder {
        // `-o`: the sleep does not keep the lock; killing flock frees it.
        let child = Command::new("flock")
            .arg("-o")
            .arg(lock)
            .args(["sleep", "300"])
            .stdin(Stdio::null())
            .spawn()
            .expect("flock from util-linux");
        let deadline = Instant::now() + Duration::from_secs(30);
        // Held once a lock of our own would block.
        loop {
            if let Ok(f) = File::open(lock) {
                match f.try_lock() {
                    Err(std::fs::TryLockError::WouldBlock) => break,
                    Ok(()) => drop(f),
                    Err(e) => panic!("{e}"),
                }
            }
            assert!(Instant::now() < deadline, "flock never took the lock");
            thread::sleep(Duration::from_millis(5));
        }
        Holder(child)
    }
}

impl Drop for Holder {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

// ------------------------------------------------------------ a held lock

/// `flock state.json.lock sleep 300`: `brief mark` gives up after its
/// deadline with exit 2, names the lock and says nothing was marked; the
/// file is untouched. `brief list` reads without the lock and answers at
/// once. Once the holder is gone, the same mark goes through.
#[test]
fn a_held_lock_is_reported_not_waited_for() {
    let sb = Sandbox::new(3);
    let state = sb.state();
    assert_status(&sb.mark(&sb.ids[..1], "--flag", &state), 0);
    let before = fs::read(&state).unwrap();
    let lock = sb.path().join("state").join("state.json.lock");

    let holder = Holder::new(&lock);
    let out = sb.mark(&sb.ids, "--archive", &state);
    assert_refused(
        &out,
        &[
            &format!("another brief holds {}", lock.display()),
            "nothing was written: run the command again",
        ],
    );
    assert_eq!(fs::read(&state).unwrap(), before);

    let out = sb.list(&state);
    assert_status(&out, 0);
    assert_eq!(stderr(&out), "");
    assert_eq!(stdout(&out).lines().count(), 3);
    assert!(stdout(&out).lines().next().unwrap().contains(" F- "));

    drop(holder);
    let out = sb.mark(&sb.ids, "--archive", &state);
    assert_status(&out, 0);
    assert_eq!(stdout(&out).lines().count(), 3);
    let v = state_json(&state);
    assert_eq!(with(&v, "archived").len(), 3);
    assert_eq!(with(&v, "flagged").len(), 1);
}

/// The reader's way: marks shown at once and queued; a batch written while
/// another brief holds the lock comes back with a message naming the lock,
/// stays queued (nothing lost, order kept, still shown), and is written on
/// the next try once the lock is free.
#[test]
fn queued_marks_survive_a_held_lock_and_are_written_later() {
    let sb = Sandbox::new(4);
    let state = sb.state();
    let briefings: Vec<_> = sb.ids.iter().map(|id| sb.load(id)).collect();
    let mut store = Store::open(state.clone(), false).unwrap();
    // Something on disk first, so the folder and the lock file exist.
    store
        .apply(Mark::Flag {
            id: sb.ids[0].clone(),
            on: true,
        })
        .unwrap();
    let lock = sb.path().join("state").join("state.json.lock");

    let holder = Holder::new(&lock);
    assert_eq!(store.queue(briefings.iter().map(Mark::catch_up)), 4);
    assert!(
        briefings
            .iter()
            .all(|b| store.state.read_state(b) == ReadState::Read)
    );
    let batch = store.take_batch().expect("a batch");
    assert_eq!(batch.len(), 4);
    // One batch at a time.
    assert!(store.take_batch().is_none());
    // The worker's side: blocks at most the lock deadline, then says why.
    let worker = thread::spawn(move || batch.write());
    let finished = store.finish(worker.join().unwrap());
    assert_eq!(finished.changed, 0);
    let message = finished.message.unwrap();
    assert_eq!(
        message,
        format!(
            "another brief holds {} (waited 2 s for it); your marks are kept and retried",
            lock.display()
        )
    );
    assert_eq!(finished.retry_in, Some(Duration::from_millis(500)));
    assert_eq!(store.pending(), 4);
    // Still shown as read, though the file does not have it yet.
    assert!(store.state.read_state(&briefings[3]) == ReadState::Read);
    assert_eq!(with(&state_json(&state), "read_at").len(), 0);
    // A synchronous mark meanwhile fails the same way and loses nothing.
    let err = store
        .apply(Mark::Archive {
            id: sb.ids[1].clone(),
            on: true,
        })
        .unwrap_err();
    assert!(matches!(err, StateError::LockHeld { ref lock_path } if *lock_path == lock));
    assert_eq!(store.pending(), 4);

    drop(holder);
    let batch = store.take_batch().expect("the same batch again");
    let finished = store.finish(thread::spawn(move || batch.write()).join().unwrap());
    assert_eq!(
        (finished.changed, finished.message, finished.retry_in),
        (4, None, None)
    );
    assert_eq!(store.pending(), 0);
    let v = state_json(&state);
    assert_eq!(with(&v, "read_at"), sb.ids.iter().cloned().collect());
    assert_eq!(with(&v, "flagged").len(), 1);
}

/// `R` over briefings of which some are read: those keep their read time
/// and are not counted; only the others change, and only they are written.
#[test]
fn mark_all_read_keeps_earlier_read_times_and_counts_what_changed() {
    let sb = Sandbox::new(5);
    let state = sb.state();
    let briefings: Vec<_> = sb.ids.iter().map(|id| sb.load(id)).collect();
    let mut store = Store::open(state.clone(), false).unwrap();
    assert_eq!(
        store
            .apply_all(briefings[..2].iter().map(Mark::read))
            .unwrap(),
        2
    );
    let earlier = state_json(&state);
    thread::sleep(Duration::from_millis(5));
    let changed = store
        .apply_all(briefings.iter().map(Mark::catch_up))
        .unwrap();
    assert_eq!(changed, 3);
    let v = state_json(&state);
    for id in &sb.ids[..2] {
        assert_eq!(
            v["briefings"][id]["read_at"],
            earlier["briefings"][id]["read_at"]
        );
    }
    assert_eq!(with(&v, "read_at").len(), 5);
    // Nothing left to change: nothing is written at all.
    let modified = fs::metadata(&state).unwrap().modified().unwrap();
    assert_eq!(
        store
            .apply_all(briefings.iter().map(Mark::catch_up))
            .unwrap(),
        0
    );
    assert_eq!(fs::metadata(&state).unwrap().modified().unwrap(), modified);
}

// ------------------------------------------------------------ not a regular file

/// `--state /dev/null`, as root or not: refused before anything is read,
/// and /dev/null is neither renamed nor replaced, and no /dev/null.lock.
#[test]
fn dev_null_as_the_state_is_refused_and_left_alone() {
    let sb = Sandbox::new(1);
    let null = Path::new("/dev/null");
    let had_lock = Path::new("/dev/null.lock").exists();
    for out in [sb.list(null), sb.mark(&sb.one(), "--flag", null)] {
        assert_refused(
            &out,
            &[
                "the state file /dev/null: is a character device, not a regular file",
                "--state FILE",
            ],
        );
    }
    assert!(
        fs::symlink_metadata(null)
            .unwrap()
            .file_type()
            .is_char_device()
    );
    assert_eq!(Path::new("/dev/null.lock").exists(), had_lock);
    assert!(
        names(Path::new("/dev"))
            .iter()
            .all(|n| !n.starts_with("null.damaged"))
    );
}

/// `--state /` names a folder: refused, and no `/.lock` is created.
#[test]
fn a_folder_as_the_state_is_refused_and_nothing_created() {
    let sb = Sandbox::new(1);
    let had_lock = Path::new("/.lock").exists();
    for state in [Path::new("/"), sb.path()] {
        for out in [sb.list(state), sb.mark(&sb.one(), "--flag", state)] {
            assert_refused(&out, &["pass --state FILE"]);
        }
    }
    assert_eq!(Path::new("/.lock").exists(), had_lock);
    assert!(!sb.path().join("lib.lock").exists());
}

/// A FIFO as the state never hangs (no writer would ever come), and a link
/// to /dev/zero is never read (it would grow without end).
#[test]
fn a_fifo_or_a_link_to_dev_zero_is_refused_at_once() {
    let sb = Sandbox::new(1);
    let fifo = sb.path().join("fifo.json");
    let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    for out in [sb.list(&fifo), sb.mark(&sb.one(), "--read", &fifo)] {
        assert_refused(&out, &["fifo.json: is a FIFO, not a regular file"]);
    }
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());

    let zero = sb.path().join("zero.json");
    symlink("/dev/zero", &zero).unwrap();
    for out in [sb.list(&zero), sb.mark(&sb.one(), "--flag", &zero)] {
        assert_refused(
            &out,
            &["zero.json: is a link to a character device, not to a regular file"],
        );
    }
    assert_eq!(fs::read_link(&zero).unwrap(), Path::new("/dev/zero"));
    assert_eq!(names(sb.path()), ["fifo.json", "home", "lib", "zero.json"]);
}

/// A state file over the 64 MiB limit is refused, not read and not moved.
#[test]
fn a_state_file_over_the_limit_is_refused_unread() {
    let sb = Sandbox::new(1);
    let state = sb.state();
    fs::create_dir_all(state.parent().unwrap()).unwrap();
    // Sparse: 65 MiB on paper, nothing on disk.
    File::create(&state)
        .unwrap()
        .set_len(65 * 1024 * 1024)
        .unwrap();
    for out in [sb.list(&state), sb.mark(&sb.one(), "--flag", &state)] {
        assert_refused(&out, &["over the 64 MiB limit; it was not read"]);
    }
    assert_eq!(names(state.parent().unwrap()), ["state.json"]);
}

// ------------------------------------------------------------ links

/// A dangling `state.json.lock` link: refused, and its target never created.
#[test]
fn a_dangling_lock_link_is_refused_and_its_target_not_created() {
    let sb = Sandbox::new(1);
    let state = sb.state();
    let dir = state.parent().unwrap();
    fs::create_dir_all(dir).unwrap();
    let target = sb.path().join("elsewhere").join("made-by-brief");
    fs::create_dir_all(target.parent().unwrap()).unwrap();
    symlink(&target, dir.join("state.json.lock")).unwrap();
    for out in [sb.list(&state), sb.mark(&sb.one(), "--flag", &state)] {
        assert_refused(
            &out,
            &["state.json.lock: is a symbolic link; brief never follows a lock link"],
        );
    }
    assert!(!target.exists());
    assert_eq!(names(dir), ["state.json.lock"]);
    // Read-only never locks, so it goes on.
    let mut cmd = sb.brief();
    cmd.arg("list")
        .arg(sb.lib())
        .arg("--read-only")
        .arg("--state")
        .arg(&state);
    assert_status(&output(cmd), 0);
}

/// A `state.json` that links to a regular file is written through: the link
/// stays a link, the file it names holds the marks. A link to nothing is
/// refused (nothing created); a link to a file that does not parse is
/// refused, and that file is neither moved nor changed.
#[test]
fn a_linked_state_file_is_written_through_or_refused() {
    let sb = Sandbox::new(2);
    let state = sb.state();
    let dir = state.parent().unwrap();
    fs::create_dir_all(dir).unwrap();
    let real_dir = sb.path().join("dotfiles");
    fs::create_dir(&real_dir).unwrap();
    let real = real_dir.join("brief-state.json");
    fs::write(&real, "{\"version\": 1, \"briefings\": {}}\n").unwrap();
    symlink(&real, &state).unwrap();

    let out = sb.mark(&sb.ids, "--flag", &state);
    assert_status(&out, 0);
    assert_eq!(stderr(&out), "");
    assert!(fs::symlink_metadata(&state).unwrap().is_symlink());
    assert_eq!(fs::read_link(&state).unwrap(), real);
    assert_eq!(with(&state_json(&real), "flagged").len(), 2);
    let out = sb.list(&state);
    assert_status(&out, 0);
    assert!(stdout(&out).lines().all(|l| l.contains(" F- ")));

    // The file it leads to is damaged: refused, left as it is.
    fs::write(&real, "not json").unwrap();
    for out in [sb.list(&state), sb.mark(&sb.one(), "--archive", &state)] {
        assert_refused(
            &out,
            &[
                "which could not be parsed",
                "brief leaves a linked file as it is",
            ],
        );
    }
    assert_eq!(fs::read_to_string(&real).unwrap(), "not json");
    assert_eq!(
        names(&real_dir),
        ["brief-state.json", "brief-state.json.lock"]
    );

    // A link to nothing: refused, and nothing is created where it points.
    let nowhere = sb.path().join("nowhere.json");
    fs::remove_file(&state).unwrap();
    symlink(&nowhere, &state).unwrap();
    for out in [sb.list(&state), sb.mark(&sb.one(), "--flag", &state)] {
        assert_refused(
            &out,
            &["is a link to nothing; brief does not create the file"],
        );
    }
    assert!(!nowhere.exists());
}

// ------------------------------------------------------------ leftovers

/// Temporary files of killed writers (`.state.json-*.tmp`, and the older
/// `.state-*.tmp`) are removed when brief next starts; a link of that name
/// and what it points to are left alone.
#[test]
fn temporary_files_of_killed_writers_are_cleaned_on_the_next_start() {
    let sb = Sandbox::new(1);
    let state = sb.state();
    let dir = state.parent().unwrap();
    assert_status(&sb.mark(&sb.one(), "--flag", &state), 0);
    for name in [
        ".state.json-a1b2c3.tmp",
        ".state-Xy12Zq.tmp",
        ".state-9.tmp",
    ] {
        fs::write(dir.join(name), "{\"half\": ").unwrap();
    }
    let outside = sb.path().join("precious");
    fs::write(&outside, "keep me").unwrap();
    symlink(&outside, dir.join(".state-link.tmp")).unwrap();
    fs::write(dir.join("notes.tmp"), "not ours").unwrap();

    let out = sb.list(&state);
    assert_status(&out, 0);
    assert_eq!(stderr(&out), "");
    assert_eq!(
        names(dir),
        [
            ".state-link.tmp",
            "notes.tmp",
            "state.json",
            "state.json.lock"
        ]
    );
    assert_eq!(fs::read_to_string(&outside).unwrap(), "keep me");
}

/// A damaged regular state file is still moved aside, beside itself, with
/// a warning, and the mark goes on.
#[test]
fn a_damaged_state_file_is_still_moved_aside() {
    let sb = Sandbox::new(1);
    let state = sb.state();
    let dir = state.parent().unwrap();
    fs::create_dir_all(dir).unwrap();
    fs::write(&state, "{ garbage").unwrap();
    let out = sb.mark(&sb.one(), "--flag", &state);
    assert_status(&out, 0);
    let err = stderr(&out);
    assert!(
        err.contains("could not be parsed") && err.contains("moved to"),
        "{err}"
    );
    let aside: Vec<String> = names(dir)
        .into_iter()
        .filter(|n| n.starts_with("state.json.damaged-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(
        fs::read_to_string(dir.join(&aside[0])).unwrap(),
        "{ garbage"
    );
    assert_eq!(with(&state_json(&state), "flagged").len(), 1);
}

// ------------------------------------------------------------ batches

/// `brief mark --read` with 4,000 ids: one line each on stdout, and one
/// state file holding all 4,000 records, each with its read time, its
/// parts and its digest, in the shape brief itself reads back.
#[test]
fn a_batch_of_4000_marks_is_one_whole_file() {
    let sb = Sandbox::new(4000);
    let state = sb.state();
    let out = sb.mark(&sb.ids, "--read", &state);
    assert_status(&out, 0);
    assert_eq!(stderr(&out), "");
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4000);
    assert_eq!(lines[0], "t-0001: read");
    assert_eq!(lines[3999], "t-4000: read");

    let v = state_json(&state);
    assert_eq!(v["version"], 1);
    let records = v["briefings"].as_object().unwrap();
    assert_eq!(records.len(), 4000);
    for (id, r) in records {
        assert!(r["read_at"].is_string(), "{id}: {r}");
        assert!(r["digest"].is_string(), "{id}: {r}");
        assert!(!r["parts"].as_array().unwrap().is_empty(), "{id}: {r}");
    }
    // The state file, its lock and the versions read, all 4,000 in one
    // pack: no temporary file left behind, here or among the versions.
    assert_eq!(
        names(state.parent().unwrap()),
        ["state.json", "state.json.lock", "versions"]
    );
    let packs = names(&state.parent().unwrap().join("versions"));
    assert!(packs.len() == 1 && packs[0].ends_with(".pack"), "{packs:?}");
    let kept = brief::library::versions::list(state.parent().unwrap()).unwrap();
    assert_eq!(kept.len(), 4000);
    let out = sb.list(&state);
    assert_status(&out, 0);
    assert!(stdout(&out).lines().all(|l| l.starts_with("read ")));
}

// ------------------------------------------- quitting the reader with marks unsaved

/// The reader in a pseudo-terminal: started as `argv` (the binary first, or
/// `setpriv ... brief`), in `dir`, with the sandbox's environment; each
/// `(text, key)` step waits for `text` in the output, then types `key`. Runs
/// to the end (a hang guard of two minutes, no speed asserted) and returns
/// the exit code and everything written to the terminal, stderr included.
fn reader_in_pty(
    sb: &Sandbox,
    argv: &[&std::ffi::OsStr],
    state: &Path,
    steps: &[(&str, &str)],
) -> (u32, String) {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::{Read, Write};
    use std::sync::{Arc, Mutex};
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 30,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(argv[0]);
    cmd.args(&argv[1..]);
    cmd.cwd(sb.path());
    cmd.env("TERM", "xterm-256color");
    cmd.env("HOME", sb.path().join("home"));
    cmd.env("XDG_STATE_HOME", sb.path().join("xdg-state"));
    cmd.env("XDG_CONFIG_HOME", sb.path().join("xdg-config"));
    cmd.env("XDG_CACHE_HOME", sb.path().join("xdg-cache"));
    cmd.env("BRIEF_STATE", state);
    cmd.env_remove("TMUX");
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let out = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&out);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let done = thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().extend_from_slice(&buf[..n]);
        }
    });
    let mut writer = pty.master.take_writer().unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    let seen = |needle: &str| String::from_utf8_lossy(&out.lock().unwrap()).contains(needle);
    for (text, key) in steps {
        while !seen(text) {
            assert!(
                Instant::now() < deadline && child.try_wait().unwrap().is_none(),
                "never saw {text:?}:\n{}",
                String::from_utf8_lossy(&out.lock().unwrap())
            );
            thread::sleep(Duration::from_millis(20));
        }
        writer.write_all(key.as_bytes()).unwrap();
        writer.flush().unwrap();
    }
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "the reader did not quit");
        thread::sleep(Duration::from_millis(20));
    };
    drop(pty.master);
    let _ = done.join();
    let text = String::from_utf8_lossy(&out.lock().unwrap()).into_owned();
    (status.exit_code(), text)
}

/// The lines the reader printed after giving the terminal back.
fn after_the_screen(raw: &str) -> String {
    let tail = raw.rsplit("\x1b[?1049l").next().unwrap_or(raw);
    tail.replace("\r\n", "\n")
        .lines()
        .filter_map(|l| l.find("brief: ").map(|at| &l[at..]))
        .collect::<Vec<_>>()
        .join("\n")
}

/// ATTACK 3: the lock is held all through the quit. The reader tries again
/// for a bounded time, then names every unsaved mark and the real cause (the
/// lock, by path) on stderr and exits 2; the marks are kept beside the state
/// file, and the next brief to write it (here `brief list`, once the lock is
/// free) writes them and removes the kept file. Before: exit 0, nothing said,
/// the flag and the read mark lost.
#[test]
fn quitting_while_another_brief_holds_the_lock_keeps_and_names_the_marks() {
    let sb = Sandbox::new(2);
    let state = sb.state();
    assert_status(&sb.mark(&sb.ids[1..], "--flag", &state), 0);
    let lock = sb.path().join("state").join("state.json.lock");
    let holder = Holder::new(&lock);
    let file = sb.lib().join("t-0001.toml");
    let bin = std::ffi::OsString::from(env!("CARGO_BIN_EXE_brief"));
    let (code, raw) = reader_in_pty(
        &sb,
        &[&bin, file.as_os_str()],
        &state,
        &[("Tiny briefing number 1.", "f"), ("flagged", "q")],
    );
    let said = after_the_screen(&raw);
    assert_eq!(code, 2, "{said}");
    assert!(
        said.contains(&format!(
            "brief: 2 marks could not be saved to {}: another brief holds its lock {}",
            state.display(),
            lock.display()
        )),
        "{said}"
    );
    assert!(
        said.contains("brief:   t-0001: read (brief mark t-0001 --read)"),
        "{said}"
    );
    assert!(
        said.contains("brief:   t-0001: flagged (brief mark t-0001 --flag)"),
        "{said}"
    );
    let kept: Vec<String> = names(state.parent().unwrap())
        .into_iter()
        .filter(|n| n.starts_with("state.json.pending-"))
        .collect();
    assert_eq!(kept.len(), 1, "{said}");
    assert!(said.contains(&format!(
        "they are kept in {}",
        state.with_file_name(&kept[0]).display()
    )));
    // Nothing of them in the state file yet.
    assert_eq!(
        with(&state_json(&state), "flagged"),
        BTreeSet::from(["t-0002".to_owned()])
    );

    drop(holder);
    let out = sb.list(&state);
    assert_status(&out, 0);
    let v = state_json(&state);
    assert_eq!(with(&v, "flagged").len(), 2);
    assert_eq!(with(&v, "read_at"), BTreeSet::from(["t-0001".to_owned()]));
    assert!(
        !names(state.parent().unwrap())
            .iter()
            .any(|n| n.contains("pending")),
        "the kept file is removed once written"
    );
    assert!(
        stdout(&out)
            .lines()
            .any(|l| l.starts_with("read ") && l.contains("t-0001"))
    );
}

/// ATTACK 3: a state folder the user may not write (run as `nobody` over a
/// folder root owns). The quit names the real cause, permission denied on
/// the lock file, not a held lock, says the marks could not be kept either
/// and how to make them again, and exits 2. Skipped, saying why, where no
/// unprivileged user can be become.
#[test]
fn quitting_over_a_state_folder_one_may_not_write_names_the_permission_error() {
    if common::nobody::who() != common::nobody::Who::Nobody {
        println!("skipped: needs root and setpriv to run the reader as nobody");
        return;
    }
    let sb = Sandbox::new(1);
    use std::os::unix::fs::PermissionsExt;
    let open = |p: &Path, mode| fs::set_permissions(p, fs::Permissions::from_mode(mode)).unwrap();
    open(sb.path(), 0o755);
    for d in ["home", "xdg-cache", "xdg-config"] {
        fs::create_dir_all(sb.path().join(d)).unwrap();
        open(&sb.path().join(d), 0o777);
    }
    let state = sb.state();
    fs::create_dir_all(state.parent().unwrap()).unwrap();
    fs::write(&state, "{\"version\": 1, \"briefings\": {}}\n").unwrap();
    let bin = std::ffi::OsString::from(env!("CARGO_BIN_EXE_brief"));
    let file = sb.lib().join("t-0001.toml");
    let args: Vec<std::ffi::OsString> = common::nobody::SETPRIV
        .iter()
        .map(Into::into)
        .chain([bin, file.into_os_string()])
        .collect();
    let argv: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    let (code, raw) = reader_in_pty(
        &sb,
        &argv,
        &state,
        &[("Tiny briefing number 1.", "f"), ("flagged", "q")],
    );
    let said = after_the_screen(&raw);
    if said.contains("cannot open") && !said.contains("lock") {
        println!("skipped: nobody cannot reach the binary or the library: {said}");
        return;
    }
    assert_eq!(code, 2, "{said}");
    assert!(
        said.contains(&format!(
            "brief: 2 marks could not be saved to {}: the lock file {}.lock: cannot open: Permission denied",
            state.display(),
            state.display()
        )),
        "{said}"
    );
    assert!(!said.contains("another brief holds"), "{said}");
    assert!(
        said.contains("brief:   t-0001: flagged (brief mark t-0001 --flag)"),
        "{said}"
    );
    assert!(
        said.contains("they could not be kept beside it either"),
        "{said}"
    );
    assert_eq!(
        fs::read_to_string(&state).unwrap(),
        "{\"version\": 1, \"briefings\": {}}\n"
    );
}

// ------------------------------------------- a newer brief's state file

/// ATTACK 8: a state file of version 2, with keys and records this brief
/// does not know. `brief mark` refuses to write it (exit 2, naming the file
/// and its version) and leaves every byte as it was; so does a version-1
/// file holding an unknown key; the reader opens it read-only, saying so on
/// its status line, and writes nothing at quit. Before: the mark went
/// through, the file was rewritten as version 1, the unknown keys dropped.
#[test]
fn a_newer_state_file_is_never_written() {
    let sb = Sandbox::new(2);
    let state = sb.state();
    fs::create_dir_all(state.parent().unwrap()).unwrap();
    let newer = format!(
        "{{\"version\": 2, \"briefings\": {{\"{}\": {{\"flagged\": true, \"snoozed_until\": \"2027-01-01\"}}, \
         \"other\": {{\"labels\": [\"x\"]}}}}, \"saved_searches\": [\"lachin\"]}}\n",
        sb.ids[0]
    );
    fs::write(&state, &newer).unwrap();
    let out = sb.mark(&sb.ids[..1], "--unflag", &state);
    assert_refused(
        &out,
        &[
            &format!(
                "the state file {}: is version 2, written by a newer brief",
                state.display()
            ),
            "writes nothing to it",
        ],
    );
    assert_eq!(stdout(&out), "");
    assert_eq!(fs::read_to_string(&state).unwrap(), newer);
    // Listing still reads it.
    let out = sb.list(&state);
    assert_status(&out, 0);
    assert!(stdout(&out).contains(" F- "), "{}", stdout(&out));

    // Version 1 with a key it does not know: the same refusal, naming the key.
    let unknown = format!(
        "{{\"version\": 1, \"briefings\": {{\"{}\": {{\"flagged\": true, \"snoozed_until\": \"2027-01-01\"}}}}}}\n",
        sb.ids[0]
    );
    fs::write(&state, &unknown).unwrap();
    let out = sb.mark(&sb.ids[..1], "--archive", &state);
    assert_refused(
        &out,
        &["holds a key this brief does not know (\"snoozed_until\" in \"t-0001\")"],
    );
    assert_eq!(fs::read_to_string(&state).unwrap(), unknown);

    // A version 2 this brief cannot even parse is not "damaged": never moved aside.
    let strange = "{\"version\": 2, \"briefings\": [\"a new shape\"]}\n";
    fs::write(&state, strange).unwrap();
    let out = sb.mark(&sb.ids[..1], "--flag", &state);
    assert_refused(&out, &["is version 2, written by a newer brief"]);
    assert_eq!(names(state.parent().unwrap()), ["state.json"]);
    assert_eq!(fs::read_to_string(&state).unwrap(), strange);

    // The reader: read-only, said on the status line; the flag made is not written.
    fs::write(&state, &newer).unwrap();
    let bin = std::ffi::OsString::from(env!("CARGO_BIN_EXE_brief"));
    let file = sb.lib().join("t-0002.toml");
    let (code, raw) = reader_in_pty(
        &sb,
        &[&bin, file.as_os_str()],
        &state,
        &[
            ("marks are shown but not saved: the state file", "f"),
            ("flagged", "q"),
        ],
    );
    assert_eq!(code, 0, "{}", after_the_screen(&raw));
    assert_eq!(fs::read_to_string(&state).unwrap(), newer);
    assert!(
        !names(state.parent().unwrap())
            .iter()
            .any(|n| n.contains("pending"))
    );
}
