//! End to end: the real `brief` binary in a pseudo-terminal, its output read
//! back through a terminal emulator (vt100), driven by key presses.
//!
//! Every step waits for what the screen shows rather than sleeping: the
//! timeouts only guard against a hang and are generous for slow CI machines.
#![cfg(unix)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

const BRIEFING: &str = "briefings/2023-09-19-karabakh-offensive.toml";
const COLS: u16 = 120;
const ROWS: u16 = 40;
/// A hang guard, not a speed requirement.
const TIMEOUT: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(20);

fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a terminal size is never zero")
}

fn pty_size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

/// What the child has drawn, as two emulated terminals fed the same bytes.
struct Emulated {
    /// Follows the pty's size, like the user's terminal would.
    screen: vt100::Parser,
    /// Stays at the starting 120×40, so that anything drawn outside a
    /// smaller size after a resize is still there to be seen.
    canvas: vt100::Parser,
    /// Every byte, for sequences that change no cell (OSC 52).
    raw: Vec<u8>,
}

/// Local-mode flags of the pty, by name (`ICANON`, `ECHO`, ...).
///
/// `nix` is not a dependency of ours, so the flags are read by name through
/// the bitflags API of the type `get_termios` returns.
fn local_flags(master: &dyn MasterPty) -> Vec<&'static str> {
    let termios = master
        .get_termios()
        .expect("portable-pty cannot read the termios of this pty");
    termios
        .local_flags
        .iter_names()
        .map(|(name, _)| name)
        .collect()
}

fn is_cooked(flags: &[&str]) -> bool {
    flags.contains(&"ICANON") && flags.contains(&"ECHO")
}

fn is_raw(flags: &[&str]) -> bool {
    !flags.contains(&"ICANON") && !flags.contains(&"ECHO")
}

/// The reader running in a pseudo-terminal.
struct Session {
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    term: Arc<Mutex<Emulated>>,
    /// Says when the reader thread has seen the end of the child's output.
    output_done: mpsc::Receiver<()>,
    /// The local flags before the child started.
    initial_flags: Vec<&'static str>,
    /// Where the reader keeps its triage state: never the user's own.
    state: tempfile::TempDir,
}

impl Session {
    fn start() -> Session {
        Session::start_with(|_| {})
    }

    /// Starts the reader after `setup` has seen its state folder (the
    /// `XDG_STATE_HOME` it runs with).
    fn start_with(setup: impl FnOnce(&std::path::Path)) -> Session {
        Session::start_in(setup, &[])
    }

    /// As [`Session::start_with`], with these environment variables set
    /// (`PATH` relative to the state folder when it starts with `./`).
    fn start_in(setup: impl FnOnce(&std::path::Path), vars: &[(&str, &str)]) -> Session {
        Session::start_on(&[BRIEFING], setup, vars)
    }

    /// As [`Session::start_in`], on these arguments rather than the briefing.
    fn start_on(
        args: &[&str],
        setup: impl FnOnce(&std::path::Path),
        vars: &[(&str, &str)],
    ) -> Session {
        let pty = native_pty_system()
            .openpty(pty_size(COLS, ROWS))
            .expect("open a pseudo-terminal");
        let initial_flags = local_flags(&*pty.master);
        assert!(
            is_cooked(&initial_flags),
            "a fresh pty should start in canonical mode with echo: {initial_flags:?}"
        );

        let mut cmd = CommandBuilder::new(assert_cmd::cargo::cargo_bin("brief"));
        cmd.args(args);
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env("TERM", "xterm-256color");
        let state = tempfile::tempdir().expect("a state folder");
        setup(state.path());
        cmd.env("XDG_STATE_HOME", state.path());
        cmd.env("XDG_CACHE_HOME", state.path());
        // Nor the user's configuration.
        cmd.env("XDG_CONFIG_HOME", state.path());
        cmd.env_remove("BRIEF_STATE");
        // Not inside the tmux the tests may run in, unless a test says so.
        cmd.env_remove("TMUX");
        for (k, v) in vars {
            match v.strip_prefix("./") {
                Some(rest) if *k == "PATH" => {
                    let path = format!("{}/{rest}", state.path().display());
                    cmd.env(k, path)
                }
                // Not a variable: the folder to start in (the state folder
                // for "."), where it is not the repository.
                _ if *k == "CWD" && *v == "." => cmd.cwd(state.path()),
                _ => cmd.env(k, v),
            }
        }
        let child = pty
            .slave
            .spawn_command(cmd)
            .expect("start brief in the pty");
        // Only the child holds the slave side now, so reads on the master
        // end when it exits.
        drop(pty.slave);

        let term = Arc::new(Mutex::new(Emulated {
            screen: vt100::Parser::new(nz(ROWS), nz(COLS), 0),
            canvas: vt100::Parser::new(nz(ROWS), nz(COLS), 0),
            raw: Vec::new(),
        }));
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let (done_tx, output_done) = mpsc::channel();
        let sink = Arc::clone(&term);
        // Reads block, so they get a thread of their own.
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let mut t = sink.lock().unwrap_or_else(|e| e.into_inner());
                        t.screen.process(&buf[..n]);
                        t.canvas.process(&buf[..n]);
                        t.raw.extend_from_slice(&buf[..n]);
                    }
                }
            }
            let _ = done_tx.send(());
        });
        let writer = pty.master.take_writer().expect("pty writer");

        Session {
            master: pty.master,
            state,
            child,
            writer,
            term,
            output_done,
            initial_flags,
        }
    }

    fn with_term<T>(&self, f: impl FnOnce(&Emulated) -> T) -> T {
        let t = self.term.lock().unwrap_or_else(|e| e.into_inner());
        f(&t)
    }

    fn contents(&self) -> String {
        self.with_term(|t| t.screen.screen().contents())
    }

    /// Polls the emulated screen until `cond` holds on its text; fails with
    /// the screen as it was if the time runs out or the child exits first.
    fn wait_for(&mut self, what: &str, cond: impl Fn(&str) -> bool, timeout: Duration) -> String {
        let start = Instant::now();
        loop {
            let text = self.contents();
            if cond(&text) {
                return text;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                // Give the last output a chance before judging.
                let _ = self.output_done.recv_timeout(Duration::from_secs(2));
                let text = self.contents();
                if cond(&text) {
                    return text;
                }
                panic!("brief exited ({status:?}) while waiting for {what}; screen:\n{text}");
            }
            if start.elapsed() > timeout {
                panic!("timed out after {timeout:?} waiting for {what}; screen:\n{text}");
            }
            thread::sleep(POLL);
        }
    }

    fn press(&mut self, keys: &str) {
        self.writer
            .write_all(keys.as_bytes())
            .expect("write to pty");
        self.writer.flush().expect("flush pty");
    }

    /// Waits for the child to exit and for its last output to be parsed;
    /// kills it and fails if it does not exit in time.
    fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        let start = Instant::now();
        let status = loop {
            match self.child.try_wait().expect("poll the child") {
                Some(status) => break status,
                None if start.elapsed() > timeout => {
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    panic!(
                        "brief did not exit within {timeout:?}; screen:\n{}",
                        self.contents()
                    );
                }
                None => thread::sleep(POLL),
            }
        };
        self.output_done
            .recv_timeout(timeout)
            .expect("the pty's output should end once brief has exited");
        status
    }

    fn local_flags(&self) -> Vec<&'static str> {
        local_flags(&*self.master)
    }

    /// Waits until the child has a handler for signal `number`, where the
    /// system says so (Linux: `SigCgt` in `/proc/<pid>/status`); elsewhere
    /// returns at once.
    ///
    /// A signal sent before its handler is installed is lost (SIGWINCH is
    /// ignored by default), so this is the synchronisation point before a
    /// resize or a SIGTERM, rather than a sleep.
    fn wait_until_catches(&mut self, name: &str, number: u32) {
        let pid = self.child.process_id().expect("the child's pid");
        let caught = move || -> Option<bool> {
            let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
            let mask = status.lines().find_map(|l| l.strip_prefix("SigCgt:"))?;
            let mask = u64::from_str_radix(mask.trim(), 16).ok()?;
            Some(mask & (1 << (number - 1)) != 0)
        };
        let start = Instant::now();
        while caught() == Some(false) {
            assert!(
                start.elapsed() < TIMEOUT,
                "brief never installed a handler for {name}"
            );
            assert!(
                !matches!(self.child.try_wait(), Ok(Some(_))),
                "brief exited before catching {name}"
            );
            thread::sleep(POLL);
        }
    }

    /// The terminal state a user would be left with.
    fn assert_terminal_given_back(&self) {
        let (alternate, hidden) = self.with_term(|t| {
            let s = t.screen.screen();
            (s.alternate_screen(), s.hide_cursor())
        });
        assert!(!alternate, "the alternate screen should have been left");
        assert!(!hidden, "the cursor should be visible again");
        let flags = self.local_flags();
        assert!(
            is_cooked(&flags),
            "canonical mode and echo should be back after exit: {flags:?}"
        );
        assert_eq!(
            flags, self.initial_flags,
            "the local flags should be exactly as before"
        );
    }

    /// Waits for the first frame of the Karabakh briefing.
    fn wait_for_briefing(&mut self) -> String {
        self.wait_for(
            "the briefing's first frame",
            |screen| {
                screen.contains("Nagorno-Karabakh")
                    && screen.contains("Summary")
                    && screen.contains("Figures")
            },
            TIMEOUT,
        )
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // A failed assertion must not leave the reader running.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The rows of `text` that contain every one of `needles`.
fn rows_with<'a>(text: &'a str, needles: &[&str]) -> Vec<&'a str> {
    text.lines()
        .filter(|row| needles.iter().all(|n| row.contains(n)))
        .collect()
}

#[test]
fn figures_detail_and_quit_give_the_terminal_back() {
    let started = Instant::now();
    let mut s = Session::start();

    // 1. Straight into the briefing.
    s.wait_for_briefing();

    // 2. Alternate screen and raw mode while running.
    let (alternate, hidden) = s.with_term(|t| {
        let screen = t.screen.screen();
        (screen.alternate_screen(), screen.hide_cursor())
    });
    assert!(alternate, "the reader should draw on the alternate screen");
    assert!(hidden, "the reader should hide the cursor while it runs");
    let flags = s.local_flags();
    assert!(
        is_raw(&flags),
        "canonical mode and echo should be off while the reader runs: {flags:?}"
    );

    // 3. Figures: focus it and find the numbers. The focused pane is drawn
    //    with a heavy border, so its corner says when the key was handled.
    s.press("4");
    let focused = s.wait_for(
        "the Figures pane to take focus",
        |screen| screen.contains("┏ 4 Figures"),
        TIMEOUT,
    );
    let mut text = focused.clone();
    if !text.contains("~3,000 peacekeepers") {
        // Below the pane's fold in this layout: move the selection to it.
        s.press("jj");
        text = s.wait_for(
            "the third figure to scroll into view",
            |screen| screen.contains("~3,000 peacekeepers"),
            TIMEOUT,
        );
    }
    // Looked for on the focused pane's rows (heavy border): the timeline
    // also speaks of "3,000 Russian peacekeepers", without the figure's `~`.
    let in_figures = |text: &str, figure: &str| !rows_with(text, &[figure, "┃"]).is_empty();
    for figure in ["11 killed", "~120,000 residents"] {
        assert!(
            in_figures(&focused, figure),
            "{figure} should be in the focused Figures pane; screen:\n{focused}"
        );
    }
    assert!(
        in_figures(&text, "~3,000 peacekeepers"),
        "~3,000 should be in the focused Figures pane; screen:\n{text}"
    );

    // 4. Enter on the first figure (`g`: back to the top, keys are handled in
    //    order): its detail with the French quote; Esc closes it.
    s.press("g");
    s.press("\r");
    let text = s.wait_for(
        "the figure's detail overlay",
        |screen| screen.contains("auraient été tués"),
        TIMEOUT,
    );
    assert!(text.contains("Onze policiers"), "screen:\n{text}");
    s.press("\x1b");
    s.wait_for(
        "the overlay to close",
        |screen| !screen.contains("Onze policiers") && screen.contains("┏ 4 Figures"),
        TIMEOUT,
    );

    // 5. q quits, successfully.
    s.press("q");
    let status = s.wait_exit(TIMEOUT);
    assert!(status.success(), "brief should exit 0 on q: {status:?}");

    // 6. The terminal is given back.
    s.assert_terminal_given_back();

    // 7. Opening the briefing marked it read, on disk, in the state folder given.
    let state =
        std::fs::read_to_string(s.state.path().join("brief/state.json")).expect("a state file");
    let state: serde_json::Value = serde_json::from_str(&state).expect("valid JSON");
    assert!(
        state["briefings"]["2023-09-19-karabakh-offensive"]["read_at"].is_string(),
        "{state:#}"
    );
    eprintln!("figures test took {:?}", started.elapsed());
}

#[test]
fn sigterm_gives_the_terminal_back() {
    let started = Instant::now();
    let mut s = Session::start();
    s.wait_for_briefing();
    assert!(is_raw(&s.local_flags()));

    s.wait_until_catches("SIGTERM", 15);
    let pid = s.child.process_id().expect("the child's pid");
    let kill = std::process::Command::new("kill")
        .arg("-TERM")
        .arg(pid.to_string())
        .status()
        .expect("run kill");
    assert!(kill.success(), "kill -TERM {pid} failed: {kill:?}");

    let status = s.wait_exit(TIMEOUT);
    // Handled, not killed by the signal: 128 + SIGTERM (15).
    assert_eq!(
        (status.exit_code(), status.signal()),
        (143, None),
        "brief should catch SIGTERM, clean up and exit 143: {status:?}"
    );
    s.assert_terminal_given_back();
    eprintln!("sigterm test took {:?}", started.elapsed());
}

#[test]
fn resize_to_80x24_redraws_with_a_tab_bar() {
    const SMALL_COLS: u16 = 80;
    const SMALL_ROWS: u16 = 24;
    let started = Instant::now();
    let mut s = Session::start();
    let text = s.wait_for_briefing();
    assert!(
        rows_with(&text, &["1 Summary", "2 Actors"]).is_empty(),
        "at 120×40 there is no tab bar, the panes are side by side:\n{text}"
    );

    s.wait_until_catches("SIGWINCH", 28);
    // The emulated terminal shrinks first, so the redraw is parsed at the
    // new size; the canvas keeps 120×40 to catch anything drawn outside.
    s.term
        .lock()
        .unwrap()
        .screen
        .set_size(nz(SMALL_ROWS), nz(SMALL_COLS));
    s.master
        .resize(pty_size(SMALL_COLS, SMALL_ROWS))
        .expect("resize the pty");

    let text = s.wait_for(
        "the 80×24 layout with a tab bar",
        |screen| {
            screen.lines().any(|row| {
                [
                    "1 Summary",
                    "2 Actors",
                    "3 Timeline",
                    "4 Figures",
                    "5 Sources",
                ]
                .iter()
                .all(|tab| row.contains(tab))
            })
        },
        TIMEOUT,
    );
    // The status line, the last row of the new size, is drawn too.
    s.wait_for(
        "the status line on row 24",
        |screen| {
            screen
                .lines()
                .nth(usize::from(SMALL_ROWS) - 1)
                .is_some_and(|r| r.contains("? help"))
        },
        TIMEOUT,
    );

    // Nothing outside 80×24: the old frame was cleared and the new one fits.
    let (right, below) = s.with_term(|t| {
        let c = t.canvas.screen();
        let right: Vec<String> = c
            .rows(SMALL_COLS, COLS - SMALL_COLS)
            .take(usize::from(SMALL_ROWS))
            .collect();
        let below: Vec<String> = c.rows(0, COLS).skip(usize::from(SMALL_ROWS)).collect();
        (right, below)
    });
    assert!(
        right.iter().all(|r| r.trim().is_empty()),
        "nothing should be drawn beyond column 80: {right:#?}\nscreen:\n{text}"
    );
    assert!(
        below.iter().all(|r| r.trim().is_empty()),
        "nothing should be drawn below row 24: {below:#?}\nscreen:\n{text}"
    );

    s.press("q");
    let status = s.wait_exit(TIMEOUT);
    assert!(status.success(), "brief should exit 0 on q: {status:?}");
    s.assert_terminal_given_back();
    eprintln!("resize test took {:?}", started.elapsed());
}

/// The payload of the first OSC 52 clipboard sequence in `raw`, decoded.
fn osc52_payload(raw: &[u8]) -> Option<String> {
    use base64::Engine;
    let raw = String::from_utf8_lossy(raw);
    let start = raw.find("\x1b]52;c;")? + "\x1b]52;c;".len();
    let end = start + raw[start..].find('\x07')?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(&raw[start..end])
        .expect("valid base64");
    Some(String::from_utf8(bytes).expect("UTF-8 text"))
}

#[test]
fn y_copies_the_selected_figure_as_a_citation_over_osc52() {
    let mut s = Session::start();
    s.wait_for_briefing();
    s.press("4");
    s.wait_for(
        "Figures to take focus",
        |screen| screen.contains("┏ 4 Figures"),
        TIMEOUT,
    );
    s.press("y");
    s.wait_for(
        "the copy to be confirmed",
        |screen| screen.contains("citation sent to the terminal (OSC 52): "),
        TIMEOUT,
    );
    let raw = s.with_term(|t| t.raw.clone());
    let copied = osc52_payload(&raw).expect("an OSC 52 sequence was written");

    // Exactly the citation of the first figure, as the reader composes it.
    let lib =
        brief::library::load(&[std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(BRIEFING)]);
    let b = &lib.entries[0].briefing;
    let expected = brief::tui::view::citation(b, brief::tui::app::Pane::Figures, 0);
    assert_eq!(copied, expected);
    assert!(copied.contains("11 killed"), "{copied}");
    assert!(
        copied.contains("Onze policiers"),
        "the source's own words: {copied}"
    );
    assert!(copied.contains("Grade: F3"), "{copied}");

    // The shipped source has no URL: Y says so instead of copying nothing.
    s.press("Y");
    s.wait_for(
        "the missing URL to be reported",
        |screen| screen.contains("no source URL"),
        TIMEOUT,
    );
    s.press("q");
    assert!(s.wait_exit(TIMEOUT).success());
}

#[test]
fn a_held_state_lock_is_reported_and_keys_answer_until_the_mark_is_written() {
    // Another brief holds the state file's lock before the reader starts.
    let holder = std::sync::Mutex::new(None);
    let mut s = Session::start_with(|dir| {
        std::fs::create_dir_all(dir.join("brief")).unwrap();
        let lock = std::fs::File::create(dir.join("brief/state.json.lock")).unwrap();
        lock.lock().unwrap();
        *holder.lock().unwrap() = Some(lock);
    });
    // Opening marks the briefing read; the mark waits for the lock while
    // the screen answers keys.
    s.wait_for_briefing();
    s.press("?");
    s.wait_for(
        "the help",
        |t| t.contains("Keys") && t.contains("next pane"),
        TIMEOUT,
    );
    s.press("\x1b");
    s.wait_for("the help closed", |t| !t.contains(" Keys "), TIMEOUT);
    s.press("4");
    s.wait_for(
        "the held lock named in the status line",
        |t| {
            t.lines()
                .any(|l| l.contains("another brief holds") && l.contains("state.json.lock"))
        },
        TIMEOUT,
    );
    let state = s.state.path().join("brief/state.json");
    assert!(!state.exists(), "nothing written under the other's lock");
    // The other brief lets go: the kept mark is written on a retry.
    drop(holder.lock().unwrap().take());
    s.wait_for("the marks saved", |t| t.contains("marks saved"), TIMEOUT);
    let text = std::fs::read_to_string(&state).expect("the state file was written");
    assert!(
        text.contains("2023-09-19-karabakh-offensive") && text.contains("read_at"),
        "{text}"
    );
    s.press("q");
    let status = s.wait_exit(TIMEOUT);
    assert_eq!(status.exit_code(), 0, "{status:?}");
    s.assert_terminal_given_back();
}

#[test]
fn inside_tmux_without_set_clipboard_on_y_says_sent_and_points_to_doctor() {
    let mut s = Session::start_in(
        |dir| {
            use std::os::unix::fs::PermissionsExt;
            let bin = dir.join("bin");
            std::fs::create_dir_all(&bin).unwrap();
            let tmux = bin.join("tmux");
            std::fs::write(&tmux, "#!/bin/sh\necho external\n").unwrap();
            std::fs::set_permissions(&tmux, std::fs::Permissions::from_mode(0o755)).unwrap();
        },
        &[
            ("TMUX", "/tmp/tmux-1000/default,1,0"),
            ("PATH", "./bin:/usr/bin:/bin"),
        ],
    );
    s.wait_for_briefing();
    s.press("4");
    s.wait_for("Figures", |screen| screen.contains("┏ 4 Figures"), TIMEOUT);
    s.press("y");
    let screen = s.wait_for(
        "the copy to be reported",
        |screen| screen.contains("see brief doctor"),
        TIMEOUT,
    );
    let line = rows_with(&screen, &["sent to the terminal"]).join("\n");
    assert!(
        line.contains("citation sent to the terminal (OSC 52): ")
            && line.contains("tmux set-clipboard is external"),
        "{line}"
    );
    assert!(!screen.contains("copied"), "{screen}");
    s.press("q");
    assert!(s.wait_exit(TIMEOUT).success());
}

#[test]
fn a_configuration_that_traps_the_user_exits_2_before_the_terminal_is_touched() {
    for (config, expected) in [
        (
            "[keys]\nquit = []\n",
            "keys.quit: `quit` needs at least one key",
        ),
        (
            "[keys]\ncopy = [\"y\", \"c\"]\n",
            "\"c\" is bound to both `copy` and `next_change`",
        ),
    ] {
        let mut s = Session::start_with(|dir| {
            std::fs::create_dir_all(dir.join("brief")).unwrap();
            std::fs::write(dir.join("brief/config.toml"), config).unwrap();
        });
        let status = s.wait_exit(TIMEOUT);
        assert_eq!(status.exit_code(), 2, "{config}");
        let raw = s.with_term(|t| String::from_utf8_lossy(&t.raw).into_owned());
        assert!(raw.contains(expected), "{config}: {raw}");
        assert!(raw.contains("config.toml:2:"), "{raw}");
        assert!(
            !raw.contains("\x1b[?1049h"),
            "the alternate screen was never entered: {raw:?}"
        );
        assert!(is_cooked(&s.local_flags()), "the terminal is as it was");
    }
}

#[test]
fn f_and_space_answer_inside_a_briefing_by_real_keys() {
    let mut s = Session::start();
    s.wait_for_briefing();
    s.press("f");
    s.wait_for(
        "the flag to be confirmed by title",
        |screen| screen.contains("flagged “Azerbaijan launches"),
        TIMEOUT,
    );
    s.press(" ");
    s.wait_for(
        "the queue to say it is done",
        |screen| screen.contains("the end of the queue: every listed briefing is read"),
        TIMEOUT,
    );
    s.press("y");
    s.wait_for(
        "the copy to be reported as sent",
        |screen| screen.contains("citation sent to the terminal (OSC 52)"),
        TIMEOUT,
    );
    s.press("q");
    assert!(s.wait_exit(TIMEOUT).success());
}

/// A first start makes its index after the first frame, on a thread of its
/// own (`tui::terminal::Library::Later`): the list still comes (from the
/// files' heads), the index file is there once the reader has quit, and
/// the next start lists from it.
#[test]
fn a_first_start_lists_the_library_and_leaves_an_index_the_next_start_lists_from() {
    let cache = tempfile::tempdir().expect("a cache folder");
    let index = cache.path().join("brief/index.sqlite");
    let cache_var = cache.path().to_str().expect("a UTF-8 path").to_owned();
    for start in ["first", "warm"] {
        assert_eq!(index.exists(), start == "warm", "{start}");
        let vars = [("XDG_CACHE_HOME", cache_var.as_str())];
        let mut s = Session::start_on(&["briefings"], |_| {}, &vars);
        let screen = s.wait_for(
            "the library, whole",
            |screen| screen.contains("Azerbaijan launches") && !screen.contains("loading"),
            TIMEOUT,
        );
        assert!(screen.contains("1 of 1 briefing"), "{start}: {screen}");
        s.press("q");
        assert!(s.wait_exit(TIMEOUT).success(), "{start}");
    }
    assert!(index.is_file());
}

/// What making the index has to say reaches the status line though it is
/// known only after the first frame: here its path is a link, refused.
#[test]
fn a_first_start_whose_index_is_a_link_says_so_on_the_status_line() {
    let mut s = Session::start_on(
        &["briefings"],
        |dir| {
            std::fs::create_dir_all(dir.join("brief")).unwrap();
            std::os::unix::fs::symlink(dir.join("elsewhere"), dir.join("brief/index.sqlite"))
                .unwrap();
        },
        &[],
    );
    let screen = s.wait_for(
        "the refusal on the status line",
        |screen| screen.contains("the index is not used"),
        TIMEOUT,
    );
    assert!(screen.contains("Azerbaijan launches"), "{screen}");
    assert!(
        !s.state.path().join("elsewhere").exists(),
        "nothing is written through the link"
    );
    s.press("q");
    assert!(s.wait_exit(TIMEOUT).success());
}

/// With no folder named and no `briefings/` where it starts, the reader
/// shows the built-in briefings, checked and indexed before the first
/// frame, on a first start as on the next; the library's `/` finds a word
/// of their source text (a passage under the row) from the first session.
#[test]
fn the_built_in_briefings_list_and_search_on_a_first_start_and_the_next() {
    let cache = tempfile::tempdir().expect("a cache folder");
    let cache_var = cache.path().to_str().expect("a UTF-8 path").to_owned();
    for start in ["first", "warm"] {
        let vars = [("XDG_CACHE_HOME", cache_var.as_str()), ("CWD", ".")];
        let mut s = Session::start_on(&[], |_| {}, &vars);
        let screen = s.wait_for(
            "the built-in briefing, listed",
            |screen| screen.contains("Azerbaijan launches") && !screen.contains("loading"),
            TIMEOUT,
        );
        assert!(screen.contains("1 of 1 briefing"), "{start}: {screen}");
        s.press("/lachin");
        s.wait_for(
            "the full-text hit under the row",
            // The passage ("…the Lachin corridor…"); the query typed is
            // in lower case.
            |screen| screen.contains("1 of 1 briefing") && screen.contains("Lachin"),
            TIMEOUT,
        );
        // Esc alone (with the next key it would read as Alt), then quit.
        s.press("\x1b");
        s.wait_for(
            "the filter cleared",
            |screen| !screen.to_lowercase().contains("lachin"),
            TIMEOUT,
        );
        s.press("q");
        assert!(s.wait_exit(TIMEOUT).success(), "{start}");
    }
    assert!(cache.path().join("brief/index.sqlite").is_file());
}
