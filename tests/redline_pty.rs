//! End to end: the real `brief` binary in a pseudo-terminal shows the
//! redline through its own threads: the library row's summary from the
//! redline's thread, the redline from the loader after the briefing.
//!
//! Every step waits for what the screen shows; the timeout only guards
//! against a hang. HOME and the XDG folders are inside a temporary folder.
#![cfg(unix)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

mod common;
use common::copy_dir;

const ID: &str = "2023-09-19-karabakh-offensive";
const TIMEOUT: Duration = Duration::from_secs(20);

fn env(cmd: &mut dyn FnMut(&str, &Path), home: &Path) {
    cmd("HOME", home);
    cmd("XDG_STATE_HOME", &home.join("state"));
    cmd("XDG_CACHE_HOME", &home.join("cache"));
    cmd("XDG_CONFIG_HOME", &home.join("config"));
}

#[test]
fn the_real_reader_shows_the_row_summary_then_the_redline() {
    let dir = tempfile::tempdir().unwrap();
    let (lib, home) = (dir.path().join("lib"), dir.path().join("home"));
    copy_dir(Path::new("briefings"), &lib);
    // Read with `brief mark`, then revised: 11 killed becomes 32.
    let mut mark = Command::new(assert_cmd::cargo::cargo_bin("brief"));
    mark.args(["mark", "--read", "--library", lib.to_str().unwrap(), ID])
        .env_remove("BRIEF_STATE")
        .env_remove("NO_COLOR");
    env(
        &mut |k, v| {
            mark.env(k, v);
        },
        &home,
    );
    assert!(mark.output().unwrap().status.success());
    let file = lib.join(format!("{ID}.toml"));
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("value = 11\n", "value = 32\n", 1)).unwrap();

    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(assert_cmd::cargo::cargo_bin("brief"));
    cmd.arg(&lib);
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("BRIEF_STATE");
    env(
        &mut |k, v| {
            cmd.env(k, v);
        },
        &home,
    );
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let nz = |n| NonZeroU16::new(n).unwrap();
    let screen = Arc::new(Mutex::new(vt100::Parser::new(nz(40), nz(120), 0)));
    let mut reader = pty.master.try_clone_reader().unwrap();
    let sink = Arc::clone(&screen);
    thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().process(&buf[..n]);
        }
    });
    let mut writer = pty.master.take_writer().unwrap();
    let wait_for = |what: &str| {
        let start = Instant::now();
        loop {
            let text = screen.lock().unwrap().screen().contents();
            if text.contains(what) {
                return text;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "waiting for {what:?}; screen:\n{text}"
            );
            thread::sleep(Duration::from_millis(20));
        }
    };
    let row = wait_for("killed 11→32");
    assert!(row.contains('◆'), "{row}");
    writer.write_all(b"\r").unwrap();
    writer.flush().unwrap();
    let shown = wait_for("value: 11 → 32 killed");
    assert!(shown.contains("✱ 1 change since you read it"), "{shown}");
    writer.write_all(b"q").unwrap();
    writer.flush().unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(start.elapsed() < TIMEOUT, "brief did not quit");
        thread::sleep(Duration::from_millis(20));
    }
    assert!(child.wait().unwrap().success());
}
