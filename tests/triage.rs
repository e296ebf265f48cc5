//! Triage state as a user meets it: read, updated, flagged and archived
//! marks made through the library and through `brief mark`, kept through two
//! writers at once, a kill -9 in the middle of writing, a damaged file and a
//! read-only account, and stored where the user expects.
//!
//! Every command runs with HOME and the XDG state, config and cache folders
//! inside a temporary folder and without BRIEF_STATE, so no test can reach
//! the real home, even one that forgets `--state`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use serde_json::Value;
use tempfile::TempDir;

use brief::briefing::{Briefing, load_file};
use brief::library::state::{Mark, Part, ReadState, State, Store, changed_parts};

const KARABAKH: &str = "2023-09-19-karabakh-offensive";
const KARABAKH_FILE: &str = "2023-09-19-karabakh-offensive.toml";
/// The figure the edit tests change, as the shipped file writes it.
const FIGURE_TEXT: &str = "value = 11\nunit = \"killed\"";
const FIGURE_EDITED: &str = "value = 12\nunit = \"killed\"";

/// A temporary home for one test: a copy of the shipped briefings, the
/// state file's folder, and the folders standing in for HOME and XDG.
struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        Sandbox::in_dir(tempfile::tempdir().expect("a temporary folder"))
    }

    /// For the tests that write the file hundreds of times: in memory
    /// (`/dev/shm`) where there is one, so that each write's fsync costs
    /// nothing. Locks, merges and renames, which those tests are about,
    /// behave the same there; what the fsyncs add, surviving a power cut,
    /// no test can show.
    fn on_tmpfs() -> Sandbox {
        let shm = Path::new("/dev/shm");
        let dir = shm
            .is_dir()
            .then(|| tempfile::Builder::new().tempdir_in(shm).ok())
            .flatten();
        Sandbox::in_dir(dir.unwrap_or_else(|| tempfile::tempdir().expect("a temporary folder")))
    }

    fn in_dir(dir: TempDir) -> Sandbox {
        let s = Sandbox { dir };
        fs::create_dir(s.home()).unwrap();
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings"),
            &s.library(),
        );
        s
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Stands in for HOME; created empty.
    fn home(&self) -> PathBuf {
        self.path().join("home")
    }

    /// Stands in for XDG_STATE_HOME; not created.
    fn xdg_state(&self) -> PathBuf {
        self.path().join("xdg-state")
    }

    /// A copy of the shipped `briefings/` folder, sources included.
    fn library(&self) -> PathBuf {
        self.path().join("briefings")
    }

    fn karabakh_file(&self) -> PathBuf {
        self.library().join(KARABAKH_FILE)
    }

    /// The state file named with `--state`; its folder is not created.
    fn state(&self) -> PathBuf {
        self.path().join("state").join("state.json")
    }

    /// `brief` in the sandbox: its own HOME and XDG folders, no BRIEF_STATE.
    fn brief(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_brief"));
        cmd.current_dir(self.path())
            .env_remove("BRIEF_STATE")
            .env("HOME", self.home())
            .env("XDG_STATE_HOME", self.xdg_state())
            .env("XDG_CONFIG_HOME", self.path().join("xdg-config"))
            .env("XDG_CACHE_HOME", self.path().join("xdg-cache"))
            .env("NO_COLOR", "1")
            .stdin(Stdio::null());
        cmd
    }

    /// `brief ARGS... --state STATE` run to the end.
    fn run(&self, args: &[&str]) -> Output {
        let state = self.state();
        let mut cmd = self.brief();
        cmd.args(args).arg("--state").arg(&state);
        output(cmd)
    }

    /// `brief mark IDS... CHANGE --library LIBRARY --state STATE`.
    fn mark(&self, ids: &[&str], change: &str) -> Output {
        let lib = self.library();
        let mut args: Vec<&str> = vec!["mark"];
        args.extend(ids);
        args.extend([change, "--library", lib.to_str().unwrap()]);
        self.run(&args)
    }

    /// `brief list LIBRARY [ARGS]... --state STATE`.
    fn list(&self, args: &[&str]) -> Output {
        let lib = self.library();
        let mut all = vec!["list", lib.to_str().unwrap()];
        all.extend(args);
        self.run(&all)
    }

    /// Edits the copied briefing's text, which must contain `from` once.
    fn edit_karabakh(&self, from: &str, to: &str) {
        let path = self.karabakh_file();
        let text = fs::read_to_string(&path).unwrap();
        assert_eq!(
            text.matches(from).count(),
            1,
            "{from:?} once in the briefing"
        );
        fs::write(&path, text.replace(from, to)).unwrap();
    }

    fn load_karabakh(&self) -> Briefing {
        let report = load_file(&self.karabakh_file(), &self.library());
        report
            .briefing
            .unwrap_or_else(|| panic!("the copied briefing loads: {:?}", report.diagnostics))
    }
}

/// Runs a command to the end, never longer than a minute.
fn output(cmd: Command) -> Output {
    assert_cmd::Command::from_std(cmd)
        .timeout(Duration::from_secs(60))
        .output()
        .expect("run brief")
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
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

/// Exit 0 and nothing on stderr.
#[track_caller]
fn assert_quiet_success(out: &Output) {
    assert_status(out, 0);
    assert!(out.stderr.is_empty(), "stderr:\n{}", stderr(out));
}

/// The state file as JSON, after checking its shape:
/// `{"version": 1, "briefings": {ID: {read_at?, parts?, flagged?, archived?, ...}}}`
/// with no empty records, and that brief itself can read it.
#[track_caller]
fn state_json(path: &Path) -> Value {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let v: Value = serde_json::from_slice(&bytes).unwrap_or_else(|e| {
        panic!(
            "{} is not JSON ({e}):\n{}",
            path.display(),
            String::from_utf8_lossy(&bytes)
        )
    });
    assert_eq!(v["version"], 1, "{v}");
    let obj = v.as_object().unwrap();
    assert!(
        obj.keys().all(|k| k == "version" || k == "briefings"),
        "{v}"
    );
    for (id, r) in v["briefings"].as_object().expect("briefings is an object") {
        let r = r.as_object().unwrap_or_else(|| panic!("{id}: {r}"));
        assert!(!r.is_empty(), "{id}: an empty record is kept");
        for (k, field) in r {
            match k.as_str() {
                "read_at" => {
                    let t = field.as_str().unwrap_or_else(|| panic!("{id}: {field}"));
                    chrono::DateTime::parse_from_rfc3339(t)
                        .unwrap_or_else(|e| panic!("{id}: read_at {t:?}: {e}"));
                }
                "parts" => assert!(
                    field
                        .as_array()
                        .is_some_and(|a| a.iter().all(Value::is_string)),
                    "{id}: {field}"
                ),
                "flagged" | "archived" => assert_eq!(field, &Value::Bool(true), "{id}.{k}"),
                // Fields added later only have to be readable by brief, below.
                _ => {}
            }
        }
    }
    serde_json::from_value::<State>(v.clone()).expect("brief reads the file back");
    v
}

/// The ids whose record has `field` set.
fn with(v: &Value, field: &str) -> BTreeSet<String> {
    v["briefings"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r[field] == Value::Bool(true))
        .map(|(id, _)| id.clone())
        .collect()
}

/// The state column and the flag column of `brief list`'s line for `id`.
#[track_caller]
fn list_row(out: &Output, id: &str) -> (String, String) {
    let text = stdout(out);
    let line = text
        .lines()
        .find(|l| l.split('\t').next().is_some_and(|s| s.ends_with(id)))
        .unwrap_or_else(|| panic!("no line for {id} in:\n{text}"));
    let mut words = line.split_whitespace();
    (
        words.next().unwrap().to_string(),
        words.next().unwrap().to_string(),
    )
}

/// Every file and folder under `dir`, relative to it.
fn tree(dir: &Path) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return out;
    };
    for e in entries {
        let e = e.unwrap();
        out.insert(PathBuf::from(e.file_name()));
        if e.file_type().unwrap().is_dir() {
            for sub in tree(&e.path()) {
                out.insert(PathBuf::from(e.file_name()).join(sub));
            }
        }
    }
    out
}

/// Files in `dir` whose names start with `prefix`.
fn named(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .collect();
    found.sort();
    found
}

/// `n` small valid briefings, `t-001.toml`..., in `dir`; their ids in order.
fn tiny_library(dir: &Path, n: usize) -> Vec<String> {
    fs::create_dir_all(dir).unwrap();
    (1..=n)
        .map(|i| {
            let id = format!("t-{i:03}");
            let toml = format!(
                "format = 1\nid = \"{id}\"\ntitle = \"Tiny briefing {i}\"\ndate = \"2024-01-01\"\n\n\
                 [summary]\nheadline = \"Tiny briefing number {i}.\"\n"
            );
            fs::write(dir.join(format!("{id}.toml")), toml).unwrap();
            id
        })
        .collect()
}

// ------------------------------------------------------------ transitions

#[test]
fn transitions_through_the_library_api() {
    let sb = Sandbox::new();
    let path = sb.state();
    let reopened = || Store::open(path.clone(), true).unwrap().state;
    let b = sb.load_karabakh();
    let mut store = Store::open(path.clone(), false).unwrap();
    assert!(store.warnings.is_empty(), "{:?}", store.warnings);

    // New: never opened.
    assert_eq!(store.state.read_state(&b), ReadState::New);
    assert!(!store.state.flagged(KARABAKH) && !store.state.archived(KARABAKH));

    // Read: every part remembered, on disk at once.
    store.apply(Mark::read(&b)).unwrap();
    assert_eq!(store.state.read_state(&b), ReadState::Read);
    assert_eq!(reopened().read_state(&b), ReadState::Read);
    let record = store.state.record(KARABAKH).unwrap().clone();
    assert!(record.read_at.is_some());
    assert!(changed_parts(&b, &record).is_empty());
    assert_eq!(with(&state_json(&path), "flagged").len(), 0);

    // One figure's value edited in the file: updated, and only that figure changed.
    let figure = b
        .figures
        .iter()
        .position(|f| f.value == 11.0 && f.unit == "killed")
        .expect("the shipped briefing has the 11 killed figure");
    sb.edit_karabakh(FIGURE_TEXT, FIGURE_EDITED);
    let edited = sb.load_karabakh();
    assert_eq!(edited.figures[figure].value, 12.0);
    store.reload().unwrap();
    assert_eq!(store.state.read_state(&edited), ReadState::Updated);
    let record = store.state.record(KARABAKH).unwrap();
    assert_eq!(changed_parts(&edited, record), vec![Part::Figure(figure)]);
    // What another reader sees from the file.
    let other = reopened();
    assert_eq!(other.read_state(&edited), ReadState::Updated);
    assert_eq!(
        changed_parts(&edited, other.record(KARABAKH).unwrap()),
        vec![Part::Figure(figure)]
    );
    // The old text still matches what was read.
    assert_eq!(store.state.read_state(&b), ReadState::Read);

    // Marking it read again clears "updated".
    store.apply(Mark::read(&edited)).unwrap();
    assert_eq!(store.state.read_state(&edited), ReadState::Read);
    assert_eq!(reopened().read_state(&edited), ReadState::Read);
    assert!(changed_parts(&edited, store.state.record(KARABAKH).unwrap()).is_empty());

    // Flag and unflag, independent of reading.
    store
        .apply(Mark::Flag {
            id: KARABAKH.into(),
            on: true,
        })
        .unwrap();
    assert!(store.state.flagged(KARABAKH) && reopened().flagged(KARABAKH));
    assert_eq!(reopened().read_state(&edited), ReadState::Read);

    // Unread: new again, still flagged, no changes to show.
    store
        .apply(Mark::Unread {
            id: KARABAKH.into(),
        })
        .unwrap();
    let s = reopened();
    assert_eq!(s.read_state(&edited), ReadState::New);
    assert!(s.flagged(KARABAKH));
    assert!(changed_parts(&edited, s.record(KARABAKH).unwrap()).is_empty());

    store
        .apply(Mark::Flag {
            id: KARABAKH.into(),
            on: false,
        })
        .unwrap();
    assert!(!store.state.flagged(KARABAKH) && !reopened().flagged(KARABAKH));

    // Archive and restore.
    store
        .apply(Mark::Archive {
            id: KARABAKH.into(),
            on: true,
        })
        .unwrap();
    assert!(store.state.archived(KARABAKH) && reopened().archived(KARABAKH));
    assert_eq!(with(&state_json(&path), "archived").len(), 1);
    store
        .apply(Mark::Archive {
            id: KARABAKH.into(),
            on: false,
        })
        .unwrap();
    assert!(!reopened().archived(KARABAKH));

    // Back to new and nothing else: nothing is left in the file.
    let v = state_json(&path);
    assert_eq!(v["briefings"], serde_json::json!({}), "{v}");
    assert!(store.warnings.is_empty(), "{:?}", store.warnings);
}

#[test]
fn a_second_store_sees_marks_made_by_the_first_after_reload() {
    let sb = Sandbox::new();
    let b = sb.load_karabakh();
    let mut one = Store::open(sb.state(), false).unwrap();
    let mut two = Store::open(sb.state(), false).unwrap();
    one.apply(Mark::read(&b)).unwrap();
    two.apply(Mark::Flag {
        id: KARABAKH.into(),
        on: true,
    })
    .unwrap();
    // The second applied its flag to the file as it was: the read is kept.
    assert_eq!(two.state.read_state(&b), ReadState::Read);
    assert!(two.state.flagged(KARABAKH));
    one.reload().unwrap();
    assert!(one.state.flagged(KARABAKH));
    assert_eq!(one.state.read_state(&b), ReadState::Read);
}

#[test]
fn the_command_line_shows_read_then_updated_after_a_figure_edit() {
    let sb = Sandbox::new();
    let out = sb.list(&[]);
    assert_quiet_success(&out);
    assert_eq!(list_row(&out, KARABAKH), ("new".into(), "--".into()));

    let out = sb.mark(&[KARABAKH], "--read");
    assert_quiet_success(&out);
    assert_eq!(stdout(&out), format!("{KARABAKH}: read\n"));
    assert_eq!(list_row(&sb.list(&[]), KARABAKH).0, "read");

    sb.edit_karabakh(FIGURE_TEXT, FIGURE_EDITED);
    let out = sb.list(&[]);
    assert_quiet_success(&out);
    assert_eq!(list_row(&out, KARABAKH).0, "updated");
    // Updated counts as unread.
    let out = sb.list(&["--unread"]);
    assert_status(&out, 0);
    assert_eq!(list_row(&out, KARABAKH).0, "updated");

    // Read again: no longer updated, and nothing is unread.
    assert_quiet_success(&sb.mark(&[KARABAKH], "--read"));
    assert_eq!(list_row(&sb.list(&[]), KARABAKH).0, "read");
    let out = sb.list(&["--unread"]);
    assert_status(&out, 1);
    assert_eq!(stdout(&out), "");

    // Flags and archive show in the second column; unread makes it new again.
    assert_quiet_success(&sb.mark(&[KARABAKH], "--flag"));
    assert_eq!(
        list_row(&sb.list(&[]), KARABAKH),
        ("read".into(), "F-".into())
    );
    assert_quiet_success(&sb.mark(&[KARABAKH], "--archive"));
    assert_quiet_success(&sb.mark(&[KARABAKH], "--unread"));
    assert_eq!(
        list_row(&sb.list(&[]), KARABAKH),
        ("new".into(), "FA".into())
    );
    assert_quiet_success(&sb.mark(&[KARABAKH], "--unflag"));
    let out = sb.mark(&[KARABAKH], "--restore");
    assert_quiet_success(&out);
    assert_eq!(stdout(&out), format!("{KARABAKH}: restored\n"));
    assert_eq!(
        list_row(&sb.list(&[]), KARABAKH),
        ("new".into(), "--".into())
    );
    assert_eq!(state_json(&sb.state())["briefings"], serde_json::json!({}));
}

#[test]
fn list_filters_exit_statuses_and_json() {
    let sb = Sandbox::new();
    // Nothing flagged: exit 1, nothing printed.
    let out = sb.list(&["--flagged"]);
    assert_status(&out, 1);
    assert_eq!(stdout(&out), "");
    // Everything is new, so unread lists it.
    assert_status(&sb.list(&["--unread"]), 0);

    assert_quiet_success(&sb.mark(&[KARABAKH], "--flag"));
    assert_quiet_success(&sb.mark(&[KARABAKH], "--read"));
    let out = sb.list(&["--flagged", "--format", "json"]);
    assert_quiet_success(&out);
    let rows: Value = serde_json::from_slice(&out.stdout).expect("list --format json is JSON");
    let rows = rows.as_array().expect("an array of briefings");
    assert_eq!(rows.len(), 1, "{rows:?}");
    let row = &rows[0];
    assert_eq!(row["id"], KARABAKH);
    assert_eq!(row["state"], "read");
    assert_eq!(row["flagged"], true);
    assert_eq!(row["archived"], false);
    assert_eq!(row["date"], "2023-09-19?");
    assert_eq!(row["priority"], "critical");
    assert!(row["title"].as_str().unwrap().contains("Nagorno-Karabakh"));
    assert!(row["path"].as_str().unwrap().ends_with(KARABAKH_FILE));
    let fields: BTreeSet<&str> = row
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    assert_eq!(
        fields,
        BTreeSet::from([
            "archived", "date", "flagged", "id", "path", "priority", "state", "title"
        ])
    );

    // Read and not updated: unread matches nothing, in JSON too.
    let out = sb.list(&["--unread", "--format", "json"]);
    assert_status(&out, 1);
    let rows: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows, serde_json::json!([]));

    sb.edit_karabakh(FIGURE_TEXT, FIGURE_EDITED);
    let out = sb.list(&["--unread", "--flagged", "--format", "json"]);
    assert_quiet_success(&out);
    let rows: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows[0]["state"], "updated");
    // What changed since it was read, from the index's part fingerprints:
    // the figure 11 killed, the first one, and nothing else.
    assert_eq!(rows[0]["changed"], serde_json::json!(["figure:1"]));
    // Text output keeps its columns.
    assert!(!stdout(&sb.list(&[])).contains("figure:1"));
}

#[test]
fn an_unknown_id_is_named_and_the_others_are_still_marked() {
    let sb = Sandbox::new();
    let out = sb.mark(&["no-such-briefing", KARABAKH], "--flag");
    assert_status(&out, 1);
    let err = stderr(&out);
    assert!(err.contains("no-such-briefing"), "{err}");
    assert!(err.contains("no briefing with id"), "{err}");
    assert_eq!(stdout(&out), format!("{KARABAKH}: flagged\n"));
    let v = state_json(&sb.state());
    assert_eq!(with(&v, "flagged"), BTreeSet::from([KARABAKH.to_string()]));
    assert_eq!(v["briefings"].as_object().unwrap().len(), 1, "{v}");

    // Only unknown ids: exit 1, the state unchanged.
    let before = fs::read(sb.state()).unwrap();
    let out = sb.mark(&["nope"], "--archive");
    assert_status(&out, 1);
    assert!(stderr(&out).contains("\"nope\""), "{}", stderr(&out));
    assert_eq!(fs::read(sb.state()).unwrap(), before);
}

#[test]
fn brief_state_in_the_environment_chooses_the_file_and_state_overrides_it() {
    let sb = Sandbox::new();
    let from_env = sb.path().join("env").join("state.json");
    let mut cmd = sb.brief();
    cmd.env("BRIEF_STATE", &from_env)
        .args(["mark", KARABAKH, "--flag", "--library"])
        .arg(sb.library());
    assert_quiet_success(&output(cmd));
    assert_eq!(
        with(&state_json(&from_env), "flagged"),
        BTreeSet::from([KARABAKH.to_string()])
    );

    // --state wins over BRIEF_STATE.
    let mut cmd = sb.brief();
    cmd.env("BRIEF_STATE", &from_env)
        .args(["mark", KARABAKH, "--archive", "--library"])
        .arg(sb.library())
        .arg("--state")
        .arg(sb.state());
    assert_quiet_success(&output(cmd));
    assert_eq!(with(&state_json(&from_env), "archived").len(), 0);
    assert_eq!(with(&state_json(&sb.state()), "archived").len(), 1);
    assert!(!sb.xdg_state().exists());
    assert!(tree(&sb.home()).is_empty());
}

/// Global options belong before the command too, as `brief --help` shows them:
/// `brief --state FILE mark ...`, `brief --read-only list`.
#[test]
fn global_options_before_the_command() {
    let sb = Sandbox::new();
    let state = sb.state();
    let mut cmd = sb.brief();
    cmd.arg("--state")
        .arg(&state)
        .args(["mark", KARABAKH, "--read", "--library"])
        .arg(sb.library());
    assert_quiet_success(&output(cmd));
    let mut cmd = sb.brief();
    cmd.arg("--state").arg(&state).arg("list").arg(sb.library());
    let out = output(cmd);
    assert_quiet_success(&out);
    assert_eq!(list_row(&out, KARABAKH).0, "read");

    let before = fs::read(&state).unwrap();
    let mut cmd = sb.brief();
    cmd.arg("--read-only")
        .arg("--state")
        .arg(&state)
        .args(["mark", KARABAKH, "--flag", "--library"])
        .arg(sb.library());
    let out = output(cmd);
    // Read-only cannot mark: it says so and exits 2, and writes nothing.
    assert_status(&out, 2);
    assert_eq!(fs::read(&state).unwrap(), before);
}

// ------------------------------------------------------------ concurrency

/// Starts `brief mark IDS... CHANGE --library LIB --state STATE` without waiting.
fn spawn_mark(
    sb: &Sandbox,
    ids: &[String],
    change: &str,
    lib: &Path,
    state: &Path,
) -> std::process::Child {
    let mut cmd = sb.brief();
    cmd.arg("mark")
        .args(ids)
        .arg(change)
        .arg("--library")
        .arg(lib)
        .arg("--state")
        .arg(state)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd.spawn().expect("start brief mark")
}

#[track_caller]
fn wait_ok(child: std::process::Child) {
    let out = child.wait_with_output().unwrap();
    assert_quiet_success(&out);
}

/// Two processes, each making 200 marks (one batch each: one locked
/// read-merge-write) on different briefings at the same time: all 400 are kept. Then
/// the same 200 flagged by one and archived by the other: every record has both.
#[test]
fn two_processes_marking_at_once_lose_nothing() {
    let sb = Sandbox::on_tmpfs();
    let lib = sb.path().join("tiny");
    let ids = tiny_library(&lib, 400);
    let all: BTreeSet<String> = ids.iter().cloned().collect();
    // The first round on disk, where every write waits for its fsyncs.
    let disk = tempfile::tempdir().unwrap();
    for round in 0..3 {
        let state = if round == 0 { disk.path() } else { sb.path() }
            .join(format!("round-{round}"))
            .join("state.json");
        let started = Instant::now();
        let a = spawn_mark(&sb, &ids[..200], "--flag", &lib, &state);
        let b = spawn_mark(&sb, &ids[200..], "--flag", &lib, &state);
        wait_ok(a);
        wait_ok(b);
        let elapsed = started.elapsed();
        let v = state_json(&state);
        assert_eq!(with(&v, "flagged"), all, "round {round}: a mark was lost");
        assert_eq!(v["briefings"].as_object().unwrap().len(), 400);
        eprintln!("round {round}: 2 x 200 marks in {elapsed:?}");
    }

    // The same 200 briefings, different fields: a record is merged, not replaced.
    let state = sb.path().join("same").join("state.json");
    let same = &ids[..200];
    let a = spawn_mark(&sb, same, "--flag", &lib, &state);
    let b = spawn_mark(&sb, same, "--archive", &lib, &state);
    wait_ok(a);
    wait_ok(b);
    let v = state_json(&state);
    let same: BTreeSet<String> = same.iter().cloned().collect();
    assert_eq!(with(&v, "flagged"), same);
    assert_eq!(with(&v, "archived"), same);
}

/// Two loops started together, each running 200 separate `brief mark`
/// processes: 400 processes in all, every mark kept.
#[test]
fn two_loops_of_single_marks_lose_nothing() {
    let sb = Arc::new(Sandbox::on_tmpfs());
    let lib = sb.path().join("tiny");
    let ids = tiny_library(&lib, 400);
    let state = sb.state();
    let start = Arc::new(Barrier::new(2));
    let started = Instant::now();
    let loops: Vec<_> = [ids[..200].to_vec(), ids[200..].to_vec()]
        .into_iter()
        .map(|half| {
            let (sb, start, lib, state) = (sb.clone(), start.clone(), lib.clone(), state.clone());
            thread::spawn(move || {
                start.wait();
                for id in half {
                    // The one file is the library, so each process loads one briefing.
                    let file = lib.join(format!("{id}.toml"));
                    let child = spawn_mark(&sb, std::slice::from_ref(&id), "--flag", &file, &state);
                    wait_ok(child);
                }
            })
        })
        .collect();
    for l in loops {
        l.join().expect("a loop of marks");
    }
    eprintln!(
        "2 loops x 200 brief mark processes in {:?}",
        started.elapsed()
    );
    let v = state_json(&state);
    assert_eq!(with(&v, "flagged"), ids.iter().cloned().collect());
}

// ------------------------------------------------------------ kill -9

/// A writer of one batch of 200 read marks killed with SIGKILL at moments
/// from its start to past its end (0 ms, 2 ms, 5 ms... 640 ms): every time
/// the file parses and holds either the whole batch or none of it (one
/// write, nothing half-made), and the flags made before are all there.
/// While it writes, the file read without the lock, as `--read-only` reads
/// it, always parses too. Temporary files a killed writer leaves are removed
/// by the next writer.
#[test]
fn a_writer_killed_at_any_moment_leaves_a_file_that_parses() {
    use std::os::unix::process::ExitStatusExt;

    let sb = Sandbox::on_tmpfs();
    let lib = sb.path().join("tiny");
    let ids = tiny_library(&lib, 200);
    let state = sb.state();
    let dir = state.parent().unwrap().to_path_buf();
    // Some flags that no read mark may touch.
    let flagged: BTreeSet<String> = ids.iter().step_by(3).cloned().collect();
    let flag: Vec<String> = flagged.iter().cloned().collect();
    wait_ok(spawn_mark(&sb, &flag, "--flag", &lib, &state));

    let read_at = |v: &Value, id: &str| v["briefings"][id]["read_at"].clone();
    let (mut killed, mut landed) = (0, 0);
    let started = Instant::now();
    for (k, wait_ms) in [0, 2, 5, 10, 20, 40, 80, 160, 320, 640]
        .into_iter()
        .enumerate()
    {
        let before = state_json(&state);
        let mut child = spawn_mark(&sb, &ids, "--read", &lib, &state);
        let until = Instant::now() + Duration::from_millis(wait_ms);
        while Instant::now() < until && child.try_wait().unwrap().is_none() {
            // Parsed (and checked) mid-write: never a broken file.
            state_json(&state);
            thread::sleep(Duration::from_millis(1));
        }
        child.kill().expect("SIGKILL");
        let status = child.wait().unwrap();
        if status.signal() == Some(9) {
            killed += 1;
        }

        let after = state_json(&state);
        let changed = ids
            .iter()
            .filter(|id| read_at(&after, id) != read_at(&before, id))
            .count();
        assert!(
            changed == 0 || changed == ids.len(),
            "kill {k} at {wait_ms} ms: {changed} of {} marks written",
            ids.len()
        );
        if changed > 0 {
            landed += 1;
        }
        assert!(!status.success() || changed > 0, "kill {k}");
        assert_eq!(with(&after, "flagged"), flagged, "kill {k}");
        assert!(
            named(&dir, "state.json.damaged-").is_empty(),
            "kill {k}: the file was taken for damaged"
        );
        // The lock died with the process: the next reader and writer go on.
        let out = sb.run(&["list", lib.to_str().unwrap(), "--flagged"]);
        assert_quiet_success(&out);
        assert_eq!(stdout(&out).lines().count(), flagged.len());
    }
    let leftovers = named(&dir, ".state.json-");
    eprintln!(
        "10 writers killed in {:?}: {killed} by SIGKILL, {landed} batches landed; {} temporary files left over",
        started.elapsed(),
        leftovers.len()
    );
    assert!(killed >= 1, "no writer was killed before it ended");
    assert!(
        leftovers
            .iter()
            .all(|p| p.extension().is_some_and(|e| e == "tmp")),
        "{leftovers:?}"
    );

    // A last whole run over the leftovers: every mark lands, the leftovers go.
    wait_ok(spawn_mark(&sb, &ids, "--archive", &lib, &state));
    let v = state_json(&state);
    assert_eq!(with(&v, "archived"), ids.iter().cloned().collect());
    assert_eq!(with(&v, "flagged"), flagged);
    assert_eq!(named(&dir, ".state.json-"), Vec::<PathBuf>::new());
}

// ------------------------------------------------------------ damaged file

#[test]
fn a_damaged_state_file_is_moved_aside_with_a_warning() {
    let truncated = br#"{"version": 1, "briefings": {"2023-09-19-karabakh-offensive": {"flagg"#;
    let cases: [(&str, &[u8]); 5] = [
        (
            "binary garbage",
            b"\x00\xff\xfegarbage {{{ not json at all\n",
        ),
        ("truncated JSON", truncated),
        ("the wrong shape", b"[1, 2, 3]\n"),
        ("no version", b"{\"briefings\": {}}\n"),
        ("empty", b""),
    ];
    for (what, garbage) in cases {
        let sb = Sandbox::new();
        let state = sb.state();
        let dir = state.parent().unwrap();
        fs::create_dir_all(dir).unwrap();
        fs::write(&state, garbage).unwrap();

        let out = sb.mark(&[KARABAKH], "--flag");
        assert_status(&out, 0);
        assert_eq!(stdout(&out), format!("{KARABAKH}: flagged\n"), "{what}");
        let aside = named(dir, "state.json.damaged-");
        assert_eq!(aside.len(), 1, "{what}: {:?}", tree(dir));
        let err = stderr(&out);
        assert!(
            err.contains("could not be parsed")
                && err.contains(&format!("moved to {}", aside[0].display())),
            "{what}: the warning names where the file went:\n{err}"
        );
        assert_eq!(err.lines().count(), 1, "{what}: {err}");
        // Never deleted: the damaged bytes are all there.
        assert_eq!(fs::read(&aside[0]).unwrap(), garbage, "{what}");
        // The new file holds the new mark, and only it.
        let v = state_json(&state);
        assert_eq!(
            with(&v, "flagged"),
            BTreeSet::from([KARABAKH.to_string()]),
            "{what}"
        );
        assert_eq!(v["briefings"].as_object().unwrap().len(), 1, "{what}");

        // Once moved, the warning is not repeated and nothing more is moved.
        let out = sb.mark(&[KARABAKH], "--archive");
        assert_quiet_success(&out);
        assert_eq!(named(dir, "state.json.damaged-"), aside, "{what}");
    }
}

#[test]
fn listing_over_a_damaged_state_file_moves_it_aside_and_goes_on() {
    let sb = Sandbox::new();
    let state = sb.state();
    let dir = state.parent().unwrap();
    fs::create_dir_all(dir).unwrap();
    fs::write(&state, "not json\n").unwrap();
    let out = sb.list(&[]);
    assert_status(&out, 0);
    assert_eq!(list_row(&out, KARABAKH), ("new".into(), "--".into()));
    let aside = named(dir, "state.json.damaged-");
    assert_eq!(aside.len(), 1, "{:?}", tree(dir));
    assert!(
        stderr(&out).contains(&aside[0].display().to_string()),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read_to_string(&aside[0]).unwrap(), "not json\n");
}

// ------------------------------------------------------------ read-only

/// `--read-only` with no state anywhere: marks are reported, nothing is
/// created, not the folder, not the file, not the lock.
#[test]
fn read_only_creates_nothing() {
    let sb = Sandbox::new();
    let state = sb.state();
    let lib = sb.library();
    let lib = lib.to_str().unwrap();

    // Marking is writing: read-only, mark says it cannot and exits 2.
    for change in ["--read", "--flag", "--archive"] {
        let out = sb.run(&["mark", KARABAKH, change, "--library", lib, "--read-only"]);
        assert_status(&out, 2);
        assert_eq!(stdout(&out), "");
        assert!(
            stderr(&out).contains("--read-only: cannot mark, nothing was written"),
            "{}",
            stderr(&out)
        );
    }
    let out = sb.run(&["list", lib, "--read-only"]);
    assert_quiet_success(&out);
    assert_eq!(list_row(&out, KARABAKH), ("new".into(), "--".into()));
    assert!(!state.parent().unwrap().exists(), "{:?}", tree(sb.path()));

    // The same through the default path and through BRIEF_STATE.
    let env_state = sb.path().join("env").join("state.json");
    for env in [None, Some(&env_state)] {
        for args in [
            vec!["mark", KARABAKH, "--flag", "--library", lib, "--read-only"],
            vec!["list", lib, "--read-only"],
        ] {
            let mut cmd = sb.brief();
            if let Some(p) = env {
                cmd.env("BRIEF_STATE", p);
            }
            cmd.args(&args);
            assert_status(&output(cmd), if args[0] == "mark" { 2 } else { 0 });
        }
    }
    assert!(!sb.xdg_state().exists());
    assert!(!env_state.parent().unwrap().exists());
    assert!(tree(&sb.home()).is_empty());
    // All there is: the library, HOME, and nothing else.
    let top: BTreeSet<PathBuf> = fs::read_dir(sb.path())
        .unwrap()
        .map(|e| PathBuf::from(e.unwrap().file_name()))
        .collect();
    assert_eq!(
        top,
        BTreeSet::from([PathBuf::from("briefings"), PathBuf::from("home")])
    );
}

/// `--read-only` over an existing state file: the file is read (the
/// listing shows its marks) and left byte for byte, time for time, as it was,
/// and nothing appears beside it.
#[test]
fn read_only_leaves_an_existing_state_file_untouched() {
    let sb = Sandbox::new();
    let state = sb.state();
    let dir = state.parent().unwrap();
    fs::create_dir_all(dir).unwrap();
    let content =
        format!("{{\"version\": 1, \"briefings\": {{\"{KARABAKH}\": {{\"flagged\": true}}}}}}\n");
    fs::write(&state, &content).unwrap();
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_600_000_000);
    fs::File::options()
        .write(true)
        .open(&state)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let dir_mtime = fs::metadata(dir).unwrap().modified().unwrap();
    let lib = sb.library();
    let lib = lib.to_str().unwrap();

    for change in ["--unflag", "--read", "--archive", "--unread", "--restore"] {
        let out = sb.run(&["mark", KARABAKH, change, "--library", lib, "--read-only"]);
        assert_status(&out, 2);
    }
    let out = sb.run(&["list", lib, "--read-only"]);
    assert_quiet_success(&out);
    assert_eq!(list_row(&out, KARABAKH), ("new".into(), "F-".into()));

    assert_eq!(fs::read_to_string(&state).unwrap(), content);
    assert_eq!(fs::metadata(&state).unwrap().modified().unwrap(), old);
    assert_eq!(tree(dir), BTreeSet::from([PathBuf::from("state.json")]));
    assert_eq!(fs::metadata(dir).unwrap().modified().unwrap(), dir_mtime);

    // A damaged file is not moved aside either, but the user hears of it.
    fs::write(&state, "garbage").unwrap();
    let out = sb.run(&["mark", KARABAKH, "--flag", "--library", lib, "--read-only"]);
    assert_status(&out, 2);
    let out = sb.run(&["list", lib, "--read-only"]);
    assert_status(&out, 0);
    assert_eq!(list_row(&out, KARABAKH), ("new".into(), "--".into()));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{} could not be parsed", state.display()))
            && err.contains("--read-only leaves it as it is"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&state).unwrap(), "garbage");
    assert_eq!(tree(dir), BTreeSet::from([PathBuf::from("state.json")]));
}

// ------------------------------------------------------------ where state lives

#[test]
fn the_default_state_file_follows_xdg_state_home_then_home() {
    let sb = Sandbox::new();
    let lib = sb.library();
    let mark = |cmd: &mut Command, change: &str| {
        cmd.args(["mark", KARABAKH, change, "--library"]).arg(&lib);
    };

    // $XDG_STATE_HOME/brief/state.json.
    let mut cmd = sb.brief();
    mark(&mut cmd, "--flag");
    assert_quiet_success(&output(cmd));
    let xdg = sb.xdg_state().join("brief").join("state.json");
    assert_eq!(
        with(&state_json(&xdg), "flagged"),
        BTreeSet::from([KARABAKH.to_string()])
    );
    assert!(tree(&sb.home()).is_empty(), "{:?}", tree(&sb.home()));
    // And it is what list reads by default.
    let mut cmd = sb.brief();
    cmd.arg("list").arg(&lib);
    assert_eq!(list_row(&output(cmd), KARABAKH).1, "F-");

    // No XDG_STATE_HOME (or an empty one): ~/.local/state/brief/state.json.
    let home_state = sb
        .home()
        .join(".local")
        .join("state")
        .join("brief")
        .join("state.json");
    let mut cmd = sb.brief();
    cmd.env_remove("XDG_STATE_HOME");
    mark(&mut cmd, "--archive");
    assert_quiet_success(&output(cmd));
    assert_eq!(
        with(&state_json(&home_state), "archived"),
        BTreeSet::from([KARABAKH.to_string()])
    );
    let mut cmd = sb.brief();
    cmd.env("XDG_STATE_HOME", "");
    mark(&mut cmd, "--flag");
    assert_quiet_success(&output(cmd));
    let v = state_json(&home_state);
    assert_eq!(with(&v, "archived").len(), 1);
    assert_eq!(with(&v, "flagged").len(), 1);
    // The XDG file was left alone.
    assert_eq!(with(&state_json(&xdg), "archived").len(), 0);
}

// ------------------------------------------------------------ mark all read

/// `R` as the reader's worker runs it: no briefing parsed again, every
/// version kept in one pack, each read back as the version read; a file that
/// changed after it was listed is "not kept", never another version; and
/// opening one updated since says what changed, from the version kept.
#[test]
fn mark_all_read_keeps_the_versions_read_in_one_pack() {
    use brief::library::versions;
    use brief::tui::msg::{Load, Marked, Purpose};
    use brief::tui::worker;
    use std::sync::atomic::AtomicBool;

    let sb = Sandbox::new();
    let lib = sb.library();
    let shipped = fs::read_to_string(sb.karabakh_file()).unwrap();
    let copy = |id: &str, text: &str| {
        let text = text.replacen(
            &format!("id = \"{KARABAKH}\""),
            &format!("id = \"{id}\""),
            1,
        );
        fs::write(lib.join(format!("{id}.toml")), text).unwrap();
    };
    for i in 0..12 {
        copy(&format!("k-{i:02}"), &shipped);
    }
    let listings = brief::library::load(std::slice::from_ref(&lib)).listings();
    assert_eq!(listings.len(), 13);
    // Edited after it was listed, before `R` reads it.
    copy("k-05", &shipped.replacen(FIGURE_TEXT, FIGURE_EDITED, 1));

    let Marked::Prepared { marks, failed } = worker::prepare(&listings, &AtomicBool::new(false))
    else {
        panic!("prepare makes marks")
    };
    assert_eq!((marks.len(), failed), (13, 0));
    let mut store = Store::open(sb.state(), false).unwrap();
    assert_eq!(worker::write_marks(&mut store, &marks), Ok(13));

    let dir = versions::state_dir(&sb.state()).to_owned();
    let packs: Vec<_> = fs::read_dir(versions::folder(&dir))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".pack"))
        .collect();
    assert_eq!(packs.len(), 1, "one pack for the batch");
    let on_disk: State = serde_json::from_slice(&fs::read(sb.state()).unwrap()).unwrap();
    for l in &listings {
        let r = on_disk.record(l.id()).expect("marked");
        assert_eq!(r.digest.as_deref(), Some(l.digest()), "{}", l.id());
        assert!(r.read_at.is_some());
        let v = versions::get(&dir, l.id(), l.digest()).unwrap();
        if l.id() == "k-05" {
            assert_eq!(v, None, "bytes changed since listed: not kept");
        } else {
            assert_eq!(v.expect("kept").briefing.id, l.id());
        }
    }

    // k-03 changes after `R`: opening it singles out the figure edited.
    copy("k-03", &shipped.replacen(FIGURE_TEXT, FIGURE_EDITED, 1));
    let l3 = listings.iter().find(|l| l.id() == "k-03").unwrap().clone();
    let load = Load {
        listing: l3,
        purpose: Purpose::Open { pane: None },
        record: store.state.record("k-03").cloned(),
    };
    let opened = worker::read_with(&load, Some(&dir)).result.unwrap();
    assert!(
        matches!(opened.changes.as_slice(), [Part::Figure(_)]),
        "{:?}",
        opened.changes
    );
    // Without the versions, nothing is singled out rather than everything.
    let opened = worker::read(&load).result.unwrap();
    assert_eq!(opened.changes, []);
}
