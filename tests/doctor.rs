//! `brief doctor` as a user runs it: a clean environment built by hand, a
//! fake `tmux` on the PATH, and the exit status.

use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use assert_cmd::Command;

/// brief doctor with only the given variables, and a PATH holding `bin` first.
fn doctor(vars: &[(&str, &str)], bin: &Path, home: &Path) -> Output {
    let path = format!("{}:/usr/bin:/bin", bin.display());
    Command::cargo_bin("brief")
        .unwrap()
        .arg("doctor")
        .env_clear()
        .env("PATH", path)
        .env("HOME", home)
        .envs(vars.iter().copied())
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// A `tmux` that runs `script` instead of the real one.
fn fake_tmux(dir: &Path, script: &str) {
    use std::os::unix::fs::PermissionsExt;
    let file = dir.join("tmux");
    std::fs::write(&file, format!("#!/bin/sh\n{script}\n")).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o755)).unwrap();
}

const GOOD: &[(&str, &str)] = &[("TERM", "xterm-256color"), ("LANG", "C.UTF-8")];

#[test]
fn a_good_environment_passes_with_status_0() {
    let tmp = tempfile::tempdir().unwrap();
    let out = doctor(GOOD, tmp.path(), tmp.path());
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("ok    terminal  TERM=xterm-256color\n"),
        "{text}"
    );
    assert!(
        text.contains("ok    locale    UTF-8 (LANG=C.UTF-8)\n"),
        "{text}"
    );
    assert!(text.contains("ok    output    not a terminal"), "{text}");
    assert!(
        text.contains("ok    state     ~/.local/state/brief/state.json (not created yet)"),
        "{text}"
    );
    assert!(text.ends_with("no problems found\n"), "{text}");
}

#[test]
fn each_problem_has_a_line_of_advice_and_status_1() {
    let tmp = tempfile::tempdir().unwrap();
    let out = doctor(&[("TERM", "dumb"), ("LANG", "C")], tmp.path(), tmp.path());
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    let warns = text.lines().filter(|l| l.starts_with("warn")).count();
    let advice = text
        .lines()
        .filter(|l| l.trim_start().starts_with("→ "))
        .count();
    assert_eq!(warns, 3, "{text}"); // terminal, colour, locale
    assert_eq!(advice, warns, "{text}");
    assert!(text.ends_with("3 problems found\n"), "{text}");
}

#[test]
fn tmux_set_clipboard_decides_whether_copy_passes() {
    let tmp = tempfile::tempdir().unwrap();
    let in_tmux = [
        ("TERM", "tmux-256color"),
        ("LANG", "C.UTF-8"),
        ("TMUX", "/tmp/tmux-1000/default,1234,0"),
    ];
    fake_tmux(tmp.path(), "echo external");
    let out = doctor(&in_tmux, tmp.path(), tmp.path());
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("warn  tmux      yes; set-clipboard external"),
        "{text}"
    );
    assert!(text.contains("set -g set-clipboard on"), "{text}");

    fake_tmux(
        tmp.path(),
        r#"[ "$*" = "show-options -gv set-clipboard" ] && echo on"#,
    );
    let out = doctor(&in_tmux, tmp.path(), tmp.path());
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("ok    tmux      yes; set-clipboard on: OSC 52 copy passes"),
        "{text}"
    );
}

#[test]
fn a_tmux_that_never_answers_cannot_hang_doctor() {
    let tmp = tempfile::tempdir().unwrap();
    fake_tmux(tmp.path(), "exec sleep 60");
    let start = Instant::now();
    let out = doctor(
        &[
            ("TERM", "tmux-256color"),
            ("LANG", "C.UTF-8"),
            ("TMUX", "/x,1,0"),
        ],
        tmp.path(),
        tmp.path(),
    );
    assert!(
        start.elapsed() < Duration::from_secs(15),
        "{:?}",
        start.elapsed()
    );
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("did not answer within 2 s"), "{text}");
}

#[test]
fn a_broken_configuration_is_reported_at_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("config.toml");
    std::fs::write(&config, "theme = \"dark\"\nnot_a_setting = 1\n").unwrap();
    let out = Command::cargo_bin("brief")
        .unwrap()
        .args(["doctor", "--config"])
        .arg(&config)
        .env_clear()
        .env("HOME", tmp.path())
        .envs(GOOD.iter().copied())
        .output()
        .unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("warn  config    "), "{text}");
    assert!(text.contains("config.toml:2:"), "{text}");
}

/// The reader refuses a key bound to two actions before it starts; doctor
/// says so too, rather than passing a file the reader will not take.
#[test]
fn a_key_on_two_actions_is_a_configuration_problem_for_doctor_too() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("config.toml");
    std::fs::write(&config, "[keys]\ncopy = [\"j\"]\n").unwrap();
    let run = |args: &[&str]| {
        Command::cargo_bin("brief")
            .unwrap()
            .args(args)
            .arg("--config")
            .arg(&config)
            .env_clear()
            .env("HOME", tmp.path())
            .envs(GOOD.iter().copied())
            .output()
            .unwrap()
    };
    let out = run(&["doctor"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("warn  config    "), "{text}");
    assert!(
        text.contains("config.toml:2:") && text.contains("bound to both `copy` and `down`"),
        "{text}"
    );
    // The same words the reader gives when it refuses to start (exit 2).
    let reader = run(&[]);
    assert_eq!(reader.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&reader.stderr).contains("bound to both `copy` and `down`"));
}

#[test]
fn a_configuration_that_is_a_fifo_is_not_read() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("config.toml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo here: nothing to test
    }
    let start = Instant::now();
    let out = Command::cargo_bin("brief")
        .unwrap()
        .args(["doctor", "--config"])
        .arg(&fifo)
        .env_clear()
        .env("HOME", tmp.path())
        .envs(GOOD.iter().copied())
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    assert!(start.elapsed() < Duration::from_secs(10));
    let text = stdout(&out);
    assert!(text.contains("not a regular file"), "{text}");
    assert_eq!(out.status.code(), Some(1), "{text}");
}

#[test]
fn over_ssh_from_inside_tmux_on_the_users_machine_doctor_warns_about_that_tmux() {
    let tmp = tempfile::tempdir().unwrap();
    let vars = [
        ("TERM", "tmux-256color"),
        ("LANG", "C.UTF-8"),
        ("SSH_CONNECTION", "192.0.2.1 50000 192.0.2.2 22"),
    ];
    let out = doctor(&vars, tmp.path(), tmp.path());
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("ssh       yes, from inside tmux or screen on your own machine"),
        "{text}"
    );
    assert!(
        text.contains("tmux show -gv set-clipboard") && text.contains("set -g set-clipboard on"),
        "{text}"
    );
    // The same session without SSH: nothing to say about a tmux elsewhere.
    let local = doctor(&vars[..2], tmp.path(), tmp.path());
    assert!(
        !stdout(&local).contains("your own machine"),
        "{}",
        stdout(&local)
    );
}
