//! A program started in a pseudo-terminal, its output read on a thread of
//! its own and timestamped as it arrives: what the benchmarks that time a
//! real terminal share. Included with `#[path = "common/pty.rs"] mod pty;`
//! (apart from `common`, which the in-process benchmarks include).

use std::io::{Read, Write};
use std::sync::mpsc::{self, Receiver};
use std::time::Instant;

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// A program running in a pseudo-terminal.
pub struct Pty {
    pub child: Box<dyn Child + Send + Sync>,
    /// Keys typed go here.
    pub writer: Box<dyn Write + Send>,
    /// The terminal's side kept open for as long as the program runs.
    pub master: Box<dyn MasterPty + Send>,
    /// Each read of the program's output, with when it arrived; the channel
    /// ends when the program's side of the terminal closes (it exited).
    pub output: Receiver<(Instant, Vec<u8>)>,
    /// When the program was spawned (after the reading thread started).
    pub started: Instant,
}

/// Spawns `cmd` in a fresh pseudo-terminal of `rows`×`cols`.
pub fn spawn(cmd: CommandBuilder, rows: u16, cols: u16) -> Result<Pty, String> {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .map_err(|e| format!("cannot open a pseudo-terminal: {e}"))?;
    let mut reader = pair.master.try_clone_reader().map_err(|e| e.to_string())?;
    let writer = pair.master.take_writer().map_err(|e| e.to_string())?;
    let (tx, output) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 1 << 16];
        while let Ok(n @ 1..) = reader.read(&mut buf) {
            if tx.send((Instant::now(), buf[..n].to_vec())).is_err() {
                break;
            }
        }
    });
    let started = Instant::now();
    let child = pair
        .slave
        .spawn_command(cmd)
        .map_err(|e| format!("cannot start: {e}"))?;
    // Only the child holds the terminal's other side now, so its exit ends
    // the output.
    drop(pair.slave);
    Ok(Pty {
        child,
        writer,
        master: pair.master,
        output,
        started,
    })
}
