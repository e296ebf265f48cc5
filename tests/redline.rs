//! What changed since you read it, as `brief diff` shows it: each kind of
//! change in each format, the exit codes, an old state file that kept no
//! versions, and the versions store under kill -9, two writers and pruning.
//!
//! Every command runs with HOME and the XDG folders inside a temporary
//! folder and without BRIEF_STATE, so no test reaches the real home.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, SystemTime};

use tempfile::TempDir;

use brief::library::state::State;
use brief::library::versions;

const ID: &str = "north";

/// A briefing with one of every part, each a target for one edit below.
const BASE: &str = r#"format = 1
id = "north"
title = "Offensive in the north"
date = "2023-09-19"

[summary]
headline = "Forces launched an offensive on the town at dawn."
key_points = ["Roads are closed."]

[[actors]]
id = "army"
name = "Northern Army"
kind = "military"
role = "Attacked the town."

[[actors]]
id = "ministry"
name = "Ministry of Defence"
kind = "government"

[[timeline]]
when = "2023-09-19"
what = "The offensive begins at dawn."
actors = ["army"]
sources = ["wire"]
credibility = 3

[[figures]]
value = 11
unit = "killed"
what = "Civilians killed in the town"
sources = ["wire"]
credibility = 3

[[sources]]
id = "wire"
title = "Agency wire report"
publisher = "Agency"
reliability = "B"
"#;

const ACTOR: &str = r#"
[[actors]]
id = "ministry"
name = "Ministry of Defence"
kind = "government"
"#;

struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        let s = Sandbox {
            dir: tempfile::tempdir().expect("a temporary folder"),
        };
        fs::create_dir_all(s.library()).unwrap();
        fs::create_dir_all(s.dir.path().join("home")).unwrap();
        s
    }

    fn library(&self) -> PathBuf {
        self.dir.path().join("lib")
    }

    fn state_dir(&self) -> PathBuf {
        self.dir.path().join("home/state/brief")
    }

    fn write(&self, name: &str, text: &str) {
        fs::write(self.library().join(name), text).unwrap();
    }

    fn brief(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("brief"));
        let home = self.dir.path().join("home");
        cmd.args(args)
            .env_remove("BRIEF_STATE")
            .env_remove("NO_COLOR")
            .env("HOME", &home)
            .env("XDG_STATE_HOME", home.join("state"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("XDG_CONFIG_HOME", home.join("config"));
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.brief(args).output().expect("brief runs")
    }

    fn mark_read(&self, ids: &[&str]) {
        let lib = self.library();
        let mut args = vec!["mark", "--read", "--library", lib.to_str().unwrap()];
        args.extend(ids);
        let out = self.run(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn diff(&self, extra: &[&str]) -> (i32, String, String) {
        let lib = self.library();
        let mut args = vec!["diff", ID, "--library", lib.to_str().unwrap()];
        args.extend(extra);
        let out = self.run(&args);
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Reads BASE, then finds `edited` in its place: the redline between them.
    fn after_edit(&self, edited: &str, extra: &[&str]) -> String {
        self.write("north.toml", BASE);
        self.mark_read(&[ID]);
        self.write("north.toml", edited);
        let (code, out, err) = self.diff(extra);
        assert_eq!(code, 0, "{err}");
        // The date of reading changes from run to run.
        let first = out.find(" since you read it on ").map(|i| i + 22);
        match first {
            Some(i) => format!("{}<when>{}", &out[..i], &out[i + 20..]),
            None => out,
        }
    }
}

fn edit(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "{from}");
    BASE.replacen(from, to, 1)
}

#[test]
fn a_figure_shows_its_old_and_new_value() {
    let out = Sandbox::new().after_edit(&edit("value = 11", "value = 32"), &[]);
    insta::assert_snapshot!(out, @r"
    north: 1 change since you read it on <when>: killed 11→32

    Figures
      changed 32 killed — Civilians killed in the town
        value: 11 → 32 killed
    ");
}

#[test]
fn a_grade_change_is_shown_on_every_item_it_touches() {
    let out = Sandbox::new().after_edit(&edit("reliability = \"B\"", "reliability = \"A\""), &[]);
    insta::assert_snapshot!(out, @r"
    north: 3 changes since you read it on <when>: 1 timeline, 1 figure, 1 source

    Timeline
      changed 19 Sep 2023 — The offensive begins at dawn.
        grade: B3 → A3

    Figures
      changed 11 killed — Civilians killed in the town
        grade: B3 → A3

    Sources
      changed Agency wire report
        reliability: B (usually reliable) → A (completely reliable)
    ");
}

#[test]
fn changed_words_are_marked_as_git_word_diff_does() {
    let edited = edit("begins at dawn", "began before dawn").replacen(
        "launched an offensive",
        "launched a major offensive",
        1,
    );
    let out = Sandbox::new().after_edit(&edited, &[]);
    insta::assert_snapshot!(out, @r"
    north: 2 changes since you read it on <when>: summary, 1 timeline

    Summary
      changed
        headline: Forces launched [-an-]{+a major+} offensive on the town at dawn.

    Timeline
      changed 19 Sep 2023 — The offensive began before dawn.
        what: The offensive [-begins at-]{+began before+} dawn.
    ");
}

#[test]
fn added_and_removed_parts_are_listed_where_they_are() {
    let edited = edit(ACTOR, "")
        .replacen(
            "[[figures]]",
            "[[timeline]]\nwhen = \"2023-09-20\"\nwhat = \"A ceasefire is agreed.\"\nsources = [\"un\"]\n\n[[figures]]\nvalue = 3000\nunit = \"displaced\"\nwhat = \"People who fled\"\napproximate = true\nsources = [\"un\"]\n\n[[figures]]",
            1,
        )
        + "\n[[sources]]\nid = \"un\"\ntitle = \"UN statement\"\n";
    let out = Sandbox::new().after_edit(&edited, &[]);
    insta::assert_snapshot!(out, @r"
    north: 4 changes since you read it on <when>: -1 actor, +1 timeline, +1 figure, +1 source

    Actors
      removed [-Ministry of Defence-]
        name: [-Ministry of Defence-]
        kind: [-government-]

    Timeline
      added 20 Sep 2023 — A ceasefire is agreed.
        when: {+20 Sep 2023+}
        what: {+A ceasefire is agreed.+}
        kind: {+event+}
        sources: {+UN statement+}

    Figures
      added ~3,000 displaced — People who fled
        value: {+~3,000 displaced+}
        what: {+People who fled+}
        sources: {+UN statement+}

    Sources
      added UN statement
        title: {+UN statement+}
    ");
}

#[test]
fn removed_entries_figures_and_sources_are_struck_through() {
    let read = BASE.to_owned() + "\n[[sources]]\nid = \"old\"\ntitle = \"Old report\"\n";
    let s = Sandbox::new();
    s.write("north.toml", &read);
    s.mark_read(&[ID]);
    let edited = BASE
        .replacen(
            "[[timeline]]\nwhen = \"2023-09-19\"\nwhat = \"The offensive begins at dawn.\"\nactors = [\"army\"]\nsources = [\"wire\"]\ncredibility = 3\n",
            "",
            1,
        )
        .replacen(
            "[[figures]]\nvalue = 11\nunit = \"killed\"\nwhat = \"Civilians killed in the town\"\nsources = [\"wire\"]\ncredibility = 3\n",
            "",
            1,
        );
    s.write("north.toml", &edited);
    let (code, out, err) = s.diff(&["--format", "markdown"]);
    assert_eq!(code, 0, "{err}");
    let out = out.replace(
        &out[out.find(" on ").unwrap() + 4..out.find('\n').unwrap()],
        "<when>",
    );
    insta::assert_snapshot!(out, @r"
    # Changes to Offensive in the north since you read it on <when>

    \-1 timeline, -1 figure, -1 source

    ## Timeline

    - *removed*: ~~19 Sep 2023 — The offensive begins at dawn.~~
      - when: ~~19 Sep 2023~~
      - what: ~~The offensive begins at dawn.~~
      - kind: ~~event~~
      - actors: ~~Northern Army~~
      - sources: ~~Agency wire report~~
      - grade: ~~B3~~

    ## Figures

    - *removed*: ~~11 killed — Civilians killed in the town~~
      - value: ~~11 killed~~
      - what: ~~Civilians killed in the town~~
      - sources: ~~Agency wire report~~
      - grade: ~~B3~~

    ## Sources

    - *removed*: ~~Old report~~
      - title: ~~Old report~~
    ");
}

#[test]
fn markdown_marks_words_and_escapes_the_briefing_text() {
    let edited = edit("begins at dawn.", "begins at *dawn* [link](x).");
    let out = Sandbox::new().after_edit(&edited, &["--format", "markdown"]);
    insta::assert_snapshot!(out, @r"
    # Changes to Offensive in the north since you read it on <when>

    1 timeline

    ## Timeline

    - *changed*: 19 Sep 2023 — The offensive begins at \*dawn\* \[link\](x).
      - what: The offensive begins at ~~dawn.~~**\*dawn\* \[link\](x).**
    ");
}

#[test]
fn json_gives_each_part_old_and_new_values_sanitized() {
    let edited = edit("value = 11", "value = 32").replacen(
        "begins at dawn.",
        "begins \\u001b[2J at dawn.",
        1,
    );
    let s = Sandbox::new();
    let out = s.after_edit(&edited, &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["id"], "north");
    assert_eq!(v["summary"], "killed 11→32, 1 timeline");
    let changes = v["changes"].as_array().unwrap();
    let figure = changes.iter().find(|c| c["section"] == "figure").unwrap();
    assert_eq!(figure["status"], "changed");
    assert_eq!(figure["fields"][0]["field"], "value");
    assert_eq!(figure["fields"][0]["old"], "11 killed");
    assert_eq!(figure["fields"][0]["new"], "32 killed");
    // The value as it is, its ESC escaped in the JSON text, never printed raw.
    let entry = changes.iter().find(|c| c["section"] == "timeline").unwrap();
    assert_eq!(
        entry["fields"][0]["new"],
        "The offensive begins \u{1b}[2J at dawn."
    );
    assert!(!out.contains('\u{1b}'));
}

#[test]
fn ascii_writes_plain_arrows() {
    let out = Sandbox::new().after_edit(&edit("value = 11", "value = 32"), &["--ascii"]);
    assert!(
        out.contains("killed 11->32") && out.contains("value: 11 -> 32 killed"),
        "{out}"
    );
    assert!(!out.contains('→'), "{out}");
}

#[test]
fn exit_codes_say_changed_unchanged_or_nothing_to_compare() {
    let s = Sandbox::new();
    s.write("north.toml", BASE);
    let (code, out, err) = s.diff(&[]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "brief: north has not been read: there is no version to compare it with\n"
    );

    s.mark_read(&[ID]);
    let (code, out, err) = s.diff(&[]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(
        err.starts_with("brief: north: nothing changed since you read it on "),
        "{err}"
    );

    s.write("north.toml", &edit("value = 11", "value = 12"));
    assert_eq!(s.diff(&[]).0, 0);

    // By file as well as by id.
    let file = s.library().join("north.toml");
    let out = s.run(&["diff", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));

    let lib = s.library();
    // Nothing found, exit 1, as `brief mark` says of an unknown id.
    let out = s.run(&["diff", "nowhere", "--library", lib.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("brief: no briefing with id \"nowhere\" in "),
        "{err}"
    );
}

#[test]
fn an_old_state_file_without_versions_still_works_and_says_so() {
    let s = Sandbox::new();
    s.write("north.toml", BASE);
    s.mark_read(&[ID]);
    // As a state file written before versions were kept: marks, no folder.
    fs::remove_dir_all(versions::folder(&s.state_dir())).unwrap();
    s.write("north.toml", &edit("value = 11", "value = 12"));
    let (code, out, err) = s.diff(&[]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.starts_with("brief: north: the version you read on ") && err.contains("was not kept"),
        "{err}"
    );
    // The list still knows it changed.
    let lib = s.library();
    let out = s.run(&["list", lib.to_str().unwrap(), "--unread"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("north"));
}

/// Many briefings, each with `n` as its figure: every round is new content.
fn write_many(s: &Sandbox, count: usize, n: usize) -> Vec<String> {
    (0..count)
        .map(|i| {
            let id = format!("b{i:03}");
            let text = BASE
                .replacen("id = \"north\"", &format!("id = \"{id}\""), 1)
                .replacen("value = 11", &format!("value = {n}"), 1);
            s.write(&format!("{id}.toml"), &text);
            id
        })
        .collect()
}

/// Every version in the store is whole and loads as the briefing it names.
fn every_blob_loads(state_dir: &Path) -> usize {
    let mut count = 0;
    for (id, digest) in versions::list(state_dir).unwrap() {
        let v = versions::get(state_dir, &id, &digest)
            .unwrap_or_else(|e| panic!("{e}"))
            .expect("listed, so present");
        assert_eq!(v.briefing.id, id);
        count += 1;
    }
    count
}

#[test]
fn kill_9_while_keeping_versions_leaves_only_whole_blobs() {
    let s = Sandbox::new();
    let lib = s.library();
    let mut interrupted = 0;
    for round in 0..25 {
        let ids = write_many(&s, 30, 100 + round);
        let mut args = vec!["mark", "--read", "--library", lib.to_str().unwrap()];
        args.extend(ids.iter().map(String::as_str));
        let mut child = s
            .brief(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // A different moment each round, from before the first write to after the last.
        std::thread::sleep(Duration::from_millis(5 + 7 * round as u64));
        if child.try_wait().unwrap().is_none() {
            interrupted += 1;
        }
        let _ = child.kill();
        let _ = child.wait();
    }
    assert!(interrupted > 0, "no round was killed while writing");
    assert!(every_blob_loads(&s.state_dir()) > 0);
}

#[test]
fn two_writers_at_once_keep_every_version_whole() {
    let s = Sandbox::new();
    let lib = s.library();
    let ids = write_many(&s, 20, 7);
    let mut args = vec!["mark", "--read", "--library", lib.to_str().unwrap()];
    args.extend(ids.iter().map(String::as_str));
    let children: Vec<_> = (0..2).map(|_| s.brief(&args).output_async()).collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(every_blob_loads(&s.state_dir()), ids.len());
    for id in &ids {
        let out = s.run(&["diff", id, "--library", lib.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{id}: nothing changed since");
    }
}

trait Spawn {
    fn output_async(&mut self) -> std::process::Child;
}

impl Spawn for Command {
    fn output_async(&mut self) -> std::process::Child {
        self.stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }
}

#[test]
fn pruning_keeps_what_was_read_last_and_drops_what_was_read_before() {
    let s = Sandbox::new();
    write_many(&s, 1, 1);
    s.mark_read(&["b000"]);
    write_many(&s, 1, 2);
    s.mark_read(&["b000"]);
    let state: State =
        serde_json::from_slice(&fs::read(s.state_dir().join("state.json")).unwrap()).unwrap();
    let dir = s.state_dir();
    let policy = versions::Policy::default();
    let later = SystemTime::now() + Duration::from_secs(2 * 3600);
    let p = versions::prune(&dir, &state, &|_| true, later, &policy).unwrap();
    assert_eq!((p.removed, p.kept), (1, 1));
    let lib = s.library();
    let out = s.run(&["diff", "b000", "--library", lib.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the last version read is still there"
    );
}
