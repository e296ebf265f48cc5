//! Asking another program, with a deadline it cannot outlive: `brief
//! doctor` and the reader both ask tmux what `set-clipboard` is.

use std::ffi::OsStr;
use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Runs `program` and returns its trimmed standard output, or why not. It
/// can never hang: past `timeout` the child is killed and waited for, and the
/// output is read on a thread that is abandoned if it does not finish.
pub fn run_with_deadline(
    program: &OsStr,
    args: &[&str],
    timeout: Duration,
) -> Result<String, String> {
    let name = program.to_string_lossy();
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {name}: {e}"))?;
    let deadline = Instant::now() + timeout;
    let (tx, rx) = mpsc::channel();
    if let Some(mut stdout) = child.stdout.take() {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stdout.read_to_string(&mut text);
            let _ = tx.send(text);
        });
    }
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "{name} did not answer within {} s",
                    timeout.as_secs_f32()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("waiting for {name}: {e}"));
            }
        }
    };
    if !status.success() {
        return Err(format!("{name} failed ({status})"));
    }
    // The child has exited; a grandchild holding the pipe open must not hang us either.
    let left = deadline.saturating_duration_since(Instant::now());
    let text = rx
        .recv_timeout(left.max(Duration::from_millis(100)))
        .map_err(|_| format!("{name} did not finish its answer"))?;
    Ok(text.trim().to_owned())
}
