//! `brief search` with a watcher (`brief watch`) running: after any edit a
//! person can make, it finds exactly what a search without a watcher finds
//! (its own index, no watcher: the truth); a watcher that misbehaves, or a
//! socket folder that cannot be trusted, means the ordinary look, never a
//! wrong answer or a wait. Every watcher a test starts ends with it (killed
//! by the guard, and idle after a few seconds in any case); every XDG
//! folder is the test's own.

use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;

use brief::library::watcher::{Asked, ask_at};

fn briefing(id: &str, headline: &str) -> String {
    format!(
        "format = 1\nid = \"{id}\"\ntitle = \"Briefing {id}\"\ndate = \"2024-01-01\"\n[summary]\nheadline = \"{headline}\"\n"
    )
}

fn with_text(id: &str, text: &str) -> String {
    format!(
        "{}\n[[sources]]\nid = \"s\"\ntitle = \"A source\"\ntext_file = \"{text}\"\n",
        briefing(id, "Something with a source.")
    )
}

fn write(path: &Path, s: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, s).unwrap();
}

/// A test's folders: `run` (its XDG_RUNTIME_DIR), `none` (a runtime folder
/// no watcher uses, for the truth), `lib`, and the caches of both.
struct Home {
    dir: tempfile::TempDir,
    watchers: Vec<Child>,
    pids: Vec<u32>,
}

impl Home {
    fn new() -> Home {
        let dir = tempfile::tempdir().unwrap();
        for d in ["run", "none", "lib", "config"] {
            std::fs::create_dir(dir.path().join(d)).unwrap();
            std::fs::set_permissions(dir.path().join(d), std::fs::Permissions::from_mode(0o700))
                .unwrap();
        }
        Home {
            dir,
            watchers: Vec::new(),
            pids: Vec::new(),
        }
    }

    fn path(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }

    fn lib(&self) -> PathBuf {
        self.path("lib").canonicalize().unwrap()
    }

    fn socket(&self) -> PathBuf {
        self.path("run/brief/watch.sock")
    }

    /// brief with the test's folders; `runtime` its XDG_RUNTIME_DIR.
    fn brief(&self, runtime: Option<&str>, cache: &str) -> Command {
        let mut c = Command::cargo_bin("brief").unwrap();
        // The truth's configuration never asks for a watcher.
        let config = if runtime == Some("none") {
            "none-config"
        } else {
            "config"
        };
        c.env("XDG_CACHE_HOME", self.path(cache))
            .env("XDG_STATE_HOME", self.path("state"))
            .env("XDG_CONFIG_HOME", self.path(config))
            .env("BRIEF_WATCH_IDLE", "3s")
            .env_remove("BRIEF_STATE")
            .env_remove("XDG_RUNTIME_DIR")
            .current_dir(self.dir.path())
            .stdin(Stdio::null());
        if let Some(r) = runtime {
            c.env("XDG_RUNTIME_DIR", self.path(r));
        }
        c
    }

    fn search(&self, runtime: Option<&str>, cache: &str, args: &[&str]) -> Output {
        self.brief(runtime, cache)
            .arg("search")
            .args(["--format", "json", "--limit", "1000"])
            .args(args)
            .output()
            .unwrap()
    }

    /// The search with the watcher's runtime folder, and the truth.
    fn both(&self, args: &[&str]) -> (Seen, Seen) {
        (
            Seen::of(self.search(Some("run"), "cache", args)),
            Seen::of(self.search(Some("none"), "truth", args)),
        )
    }

    /// `brief watch` in the foreground, as a person starts it; ready
    /// when it answers.
    fn start_watcher(&mut self) {
        let child = self
            .brief(Some("run"), "cache")
            .arg("watch")
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        self.watchers.push(child);
        self.wait_for_watcher();
    }

    /// Waits (at most 20 s: a bound, not a measure) until a watcher
    /// answers at the test's socket, and keeps its pid to end it.
    fn wait_for_watcher(&mut self) {
        let start = Instant::now();
        loop {
            if let Some(pid) = status(&self.socket()).map(|s| s.0) {
                self.pids.push(pid);
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "no watcher answers"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        // Only the watcher that answers now, and only if this test started
        // it: a watcher gone idle may have left its pid to another process.
        if let Some((pid, _)) = status(&self.socket())
            && self.pids.contains(&pid)
        {
            // SAFETY: a signal to a live process this test started.
            unsafe { libc::kill(pid as i32, libc::SIGTERM) };
        }
        for mut c in self.watchers.drain(..) {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// The watcher's pid and status words, asked at `sock`.
fn status(sock: &Path) -> Option<(u32, String)> {
    let mut s = UnixStream::connect(sock).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    s.write_all(b"brief-watch 1 status\n").ok()?;
    let mut line = String::new();
    s.read_to_string(&mut line).ok()?;
    let pid = line.split(' ').nth(3)?.parse().ok()?;
    Some((pid, line))
}

/// What a search shows a person, in an order of its own: each hit's path
/// and passage, each line of stderr, the exit code.
#[derive(Debug, PartialEq)]
struct Seen {
    hits: Vec<(String, String)>,
    said: Vec<String>,
    code: Option<i32>,
}

impl Seen {
    fn of(out: Output) -> Seen {
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let hits: serde_json::Value =
            serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
        let mut hits: Vec<(String, String)> = hits
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h["path"].as_str().unwrap().to_owned(),
                    h["snippet"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        hits.sort();
        let mut said: Vec<String> = stderr.lines().map(str::to_owned).collect();
        said.sort();
        Seen {
            hits,
            said,
            code: out.status.code(),
        }
    }
}

fn agree(home: &Home, words: &[&str], what: &str) {
    for word in words {
        // Twice: once to find the change, once vouched for.
        for time in 0..2 {
            let (watched, truth) = home.both(&[word, "lib"]);
            assert_eq!(watched, truth, "after {what}, {word:?}, search {time}");
        }
    }
}

/// A small generator, so that the edits are the same on every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// An edit of the library folder.
type Edit = Box<dyn Fn(&Path)>;

#[test]
fn after_every_kind_of_edit_the_watched_search_finds_what_the_look_finds() {
    let mut home = Home::new();
    let lib = home.path("lib");
    write(&lib.join("a.toml"), &briefing("a", "Alpha happened."));
    write(&lib.join("sub/b.toml"), &briefing("b", "Bravo happened."));
    write(&lib.join("c.toml"), &with_text("c", "texts/c.txt"));
    write(&lib.join("texts/c.txt"), "The source speaks of kilo.");
    home.start_watcher();
    let words = ["alpha", "bravo", "kilo", "zulu", "happened"];
    agree(&home, &words, "the start");
    let edits: Vec<(&str, Edit)> = vec![
        (
            "a change",
            Box::new(|l| write(&l.join("a.toml"), &briefing("a", "Zulu now."))),
        ),
        (
            "a new file",
            Box::new(|l| write(&l.join("d.toml"), &briefing("d", "Alpha again."))),
        ),
        (
            "a file removed",
            Box::new(|l| std::fs::remove_file(l.join("d.toml")).unwrap()),
        ),
        (
            "a file renamed",
            Box::new(|l| std::fs::rename(l.join("sub/b.toml"), l.join("sub/b2.toml")).unwrap()),
        ),
        (
            "a folder made with a file in it",
            Box::new(|l| write(&l.join("new/deeper/e.toml"), &briefing("e", "Kilo deep."))),
        ),
        (
            "a source text changed",
            Box::new(|l| write(&l.join("texts/c.txt"), "Now of zulu.")),
        ),
        (
            "a folder renamed",
            Box::new(|l| std::fs::rename(l.join("new"), l.join("old")).unwrap()),
        ),
        (
            "only a date changed",
            Box::new(|l| {
                let f = std::fs::File::options()
                    .write(true)
                    .open(l.join("a.toml"))
                    .unwrap();
                f.set_modified(std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(86_400))
                    .unwrap();
            }),
        ),
        (
            "a broken file",
            Box::new(|l| write(&l.join("broken.toml"), "format = [")),
        ),
        (
            "a duplicated id",
            Box::new(|l| write(&l.join("old/a.toml"), &briefing("a", "Alpha twice."))),
        ),
        (
            "a folder removed",
            Box::new(|l| std::fs::remove_dir_all(l.join("old")).unwrap()),
        ),
        (
            "a link to a file inside",
            Box::new(|l| {
                std::os::unix::fs::symlink(l.join("c.toml"), l.join("link.toml")).unwrap()
            }),
        ),
    ];
    for (what, edit) in &edits {
        edit(&lib);
        agree(&home, &words, what);
    }
    // Then edits at random: files written, removed, moved, folders made.
    let mut rng = Lcg(11);
    for step in 0..24 {
        let (dir, n) = (["", "sub/", "x/y/"][rng.below(3)], rng.below(6));
        let path = lib.join(format!("{dir}r{n}.toml"));
        let what = match rng.below(4) {
            0 | 1 => {
                let word = ["alpha", "bravo", "zulu"][rng.below(3)];
                write(
                    &path,
                    &briefing(&format!("r{n}{}", dir.len()), &format!("{word} {step}")),
                );
                format!("step {step}: {path:?} written")
            }
            2 => {
                let _ = std::fs::remove_file(&path);
                format!("step {step}: {path:?} removed")
            }
            _ => {
                let to = lib.join(format!("moved{step}.toml"));
                let _ = std::fs::rename(&path, &to);
                format!("step {step}: {path:?} moved")
            }
        };
        agree(&home, &["alpha", "zulu"], &what);
    }
}

/// The look is skipped while the watcher vouches: a change inotify cannot
/// see (the file written through a hard link from outside the library, a
/// documented limit) is not found until anything under the library moves.
#[test]
fn the_look_is_skipped_only_while_the_watcher_vouches() {
    let mut home = Home::new();
    let lib = home.path("lib");
    write(&lib.join("a.toml"), &briefing("a", "Alpha happened."));
    std::fs::hard_link(lib.join("a.toml"), home.path("outside.toml")).unwrap();
    home.start_watcher();
    agree(&home, &["alpha"], "the start");
    // The same length, so the size alone says nothing.
    let outside = home.path("outside.toml");
    std::fs::write(&outside, briefing("a", "Zulu happened.")).unwrap();
    let (watched, truth) = home.both(&["zulu", "lib"]);
    if watched == truth {
        // The file system told the library's folder after all: nothing to
        // show here.
        println!("skipped: a write through a hard link was seen");
        return;
    }
    assert!(
        watched.hits.is_empty() && truth.hits.len() == 1,
        "{watched:?} {truth:?}"
    );
    write(&lib.join("notes.txt"), "anything");
    agree(&home, &["zulu", "alpha"], "a change under the library");
}

/// A listener of the test's own at the socket, that misbehaves in `way`.
fn hostile(sock: &Path, way: &'static str) -> std::thread::JoinHandle<()> {
    std::fs::create_dir_all(sock.parent().unwrap()).unwrap();
    std::fs::set_permissions(
        sock.parent().unwrap(),
        std::fs::Permissions::from_mode(0o700),
    )
    .unwrap();
    let _ = std::fs::remove_file(sock);
    let listener = UnixListener::bind(sock).unwrap();
    // Lives as long as the test's process: the socket always has it.
    std::thread::spawn(move || {
        let mut held = Vec::new();
        if way == "never accepts" {
            loop {
                std::thread::park();
                let _ = &listener;
            }
        }
        for s in listener.incoming() {
            let Ok(mut s) = s else { return };
            let mut buf = [0u8; 1024];
            let _ = s.read(&mut buf);
            let answer: Vec<u8> = match way {
                "junk" => b"\x1b[2J hello there\n".to_vec(),
                // Well formed, but for two folders when one was asked.
                "too many tokens" => b"brief-watch 1 0123456789abcdef 1 2\n".to_vec(),
                "too long" => vec![b'7'; 200_000],
                "closes" => Vec::new(),
                _ => {
                    // Never answers, never closes.
                    held.push(s);
                    continue;
                }
            };
            let _ = s.write_all(&answer);
        }
    })
}

#[test]
fn a_misbehaving_socket_peer_means_the_look_never_a_wrong_answer_or_a_wait() {
    for way in [
        "junk",
        "too many tokens",
        "too long",
        "closes",
        "silent",
        "never accepts",
    ] {
        let home = Home::new();
        let lib = home.path("lib");
        write(&lib.join("a.toml"), &briefing("a", "Alpha happened."));
        let server = hostile(&home.socket(), way);
        agree(&home, &["alpha"], way);
        write(&lib.join("a.toml"), &briefing("a", "Zulu happened."));
        agree(&home, &["alpha", "zulu"], way);
        // Asked for one, a search starts none where one seems to listen.
        let out = home.search(Some("run"), "cache", &["--watch", "zulu", "lib"]);
        assert_eq!(out.status.code(), Some(0), "{way}");
        assert!(
            out.stderr.is_empty(),
            "{way}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        drop(server);
    }
}

#[test]
fn without_xdg_runtime_dir_there_is_no_watcher_and_it_is_said_once_when_asked_for() {
    let home = Home::new();
    write(&home.path("lib/a.toml"), &briefing("a", "Alpha happened."));
    let plain = home.search(None, "cache", &["alpha", "lib"]);
    assert!(
        plain.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&plain.stderr)
    );
    let asked = home.search(None, "cache", &["--watch", "alpha", "lib"]);
    let said = String::from_utf8_lossy(&asked.stderr).into_owned();
    assert_eq!(
        said.matches("XDG_RUNTIME_DIR is not set").count(),
        1,
        "{said}"
    );
    assert_eq!(Seen::of(asked).hits, Seen::of(plain).hits);
    let out = home.brief(None, "cache").arg("watch").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no watcher: XDG_RUNTIME_DIR"));
}

#[test]
fn a_socket_folder_that_is_a_link_or_open_to_others_is_refused() {
    let home = Home::new();
    write(&home.path("lib/a.toml"), &briefing("a", "Alpha happened."));
    let elsewhere = home.path("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::fs::set_permissions(&elsewhere, std::fs::Permissions::from_mode(0o700)).unwrap();
    std::os::unix::fs::symlink(&elsewhere, home.path("run/brief")).unwrap();
    let refused = |why: &str| {
        let out = home.search(Some("run"), "cache", &["--watch", "alpha", "lib"]);
        let said = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(said.lines().count(), 1, "{said}");
        assert!(said.contains(why), "{said}");
        assert_eq!(Seen::of(out).hits.len(), 1);
        let out = home
            .brief(Some("run"), "cache")
            .arg("watch")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains(why));
    };
    refused("is a link");
    assert_eq!(
        std::fs::read_dir(&elsewhere).unwrap().count(),
        0,
        "nothing made through it"
    );
    std::fs::remove_file(home.path("run/brief")).unwrap();
    std::fs::create_dir(home.path("run/brief")).unwrap();
    std::fs::set_permissions(
        home.path("run/brief"),
        std::fs::Permissions::from_mode(0o777),
    )
    .unwrap();
    refused("mode 777");
    assert_eq!(
        std::fs::read_dir(home.path("run/brief")).unwrap().count(),
        0
    );
}

#[test]
fn asked_for_a_search_starts_one_watcher_that_the_next_searches_use() {
    let mut home = Home::new();
    write(&home.path("lib/a.toml"), &briefing("a", "Alpha happened."));
    // Not asked for: none started.
    let out = home.search(Some("run"), "cache", &["alpha", "lib"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!home.path("run/brief").exists());
    // `watch = true` in the configuration.
    write(&home.path("config/brief/config.toml"), "watch = true\n");
    let out = home.search(Some("run"), "cache", &["alpha", "lib"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    home.wait_for_watcher();
    let real = home.lib();
    let sock = home.socket();
    assert!(
        matches!(ask_at(&sock, &[real], Duration::from_secs(2)), Asked::Tokens(t) if t[0].is_some())
    );
    agree(&home, &["alpha"], "the watcher started");
    let (_, status) = status(&sock).unwrap();
    assert!(
        status.contains(&brief::library::watcher::hex(&home.lib())),
        "{status}"
    );
    // A second `brief watch` sees it and leaves.
    let out = home
        .brief(Some("run"), "cache")
        .arg("watch")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already running"));
    // A configuration that does not load is said, and read as without it.
    write(&home.path("config/brief/config.toml"), "wach = true\n");
    let out = home
        .brief(Some("none"), "cache")
        .env("XDG_CONFIG_HOME", home.path("config"))
        .args(["search", "alpha", "lib"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("the configuration has errors"), "{said}");
    assert!(!home.path("none/brief").exists());
}

#[test]
fn doctor_says_whether_a_watcher_runs_and_for_which_folders() {
    let mut home = Home::new();
    write(&home.path("lib/a.toml"), &briefing("a", "Alpha happened."));
    let doctor = |home: &Home| {
        let out = home
            .brief(Some("run"), "cache")
            .arg("doctor")
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let before = doctor(&home);
    assert!(
        before.contains("watcher") && before.contains("not running"),
        "{before}"
    );
    home.start_watcher();
    home.search(Some("run"), "cache", &["alpha", "lib"]);
    let after = doctor(&home);
    let line = after
        .lines()
        .find(|l| l.contains("watcher"))
        .unwrap_or_default();
    assert!(
        line.contains("running") && line.contains("1 library folder"),
        "{after}"
    );
    assert!(after.contains(&home.lib().display().to_string()), "{after}");
}

#[test]
fn two_folders_one_given_twice_or_one_inside_the_other_agree_with_the_look() {
    let mut home = Home::new();
    write(&home.path("lib/a.toml"), &briefing("a", "Alpha happened."));
    write(&home.path("lib/sub/b.toml"), &briefing("b", "Alpha again."));
    write(
        &home.path("lib2/c.toml"),
        &briefing("c", "Alpha elsewhere."),
    );
    home.start_watcher();
    let sets: [&[&str]; 4] = [
        &["alpha", "lib", "lib2"],
        &["alpha", "lib", "lib"],
        &["alpha", "lib", "lib/sub"],
        &["alpha", "lib/sub", "lib"],
    ];
    for round in 0..2 {
        for args in sets {
            for time in 0..2 {
                let (watched, truth) = home.both(args);
                assert_eq!(watched, truth, "{args:?}, round {round}, search {time}");
            }
        }
        write(&home.path("lib2/c.toml"), &briefing("c", "Zulu now."));
        write(&home.path("lib/sub/d.toml"), &briefing("d", "Alpha too."));
    }
}
