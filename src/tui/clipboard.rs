//! Copying to the user's own clipboard with OSC 52: an escape sequence the
//! terminal emulator acts on, so it works over SSH and through tmux (with
//! `set-clipboard on`) and needs no display on the remote machine.
//!
//! What is copied gets pasted into shells, so it passes through
//! [`crate::text::clipboard`] here, at the way out: no ESC (which could end
//! a bracketed paste early), no CR, no bidi or invisible character. A
//! citation keeps its line breaks and tabs; a single line (a URL) keeps none.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use base64::Engine;

/// How long tmux has to say what `set-clipboard` is, on the probe's thread.
const TMUX_TIMEOUT: Duration = Duration::from_secs(2);

/// What is known of the way from the reader to the user's clipboard. The
/// reader cannot see whether a copy arrived: OSC 52 has no answer. It can
/// know when tmux is in between, and whether tmux passes the sequence on.
#[derive(Debug, Clone, Default)]
pub struct Route {
    /// Inside tmux: its `set-clipboard`, once asked (or why it was not).
    tmux: Option<Arc<OnceLock<Result<String, String>>>>,
}

impl Route {
    /// Looks at `$TMUX`, once, at start; inside tmux, asks tmux for
    /// `set-clipboard` on a thread of its own, with a deadline, so that no
    /// key ever waits for it.
    pub fn probe() -> Route {
        if std::env::var_os("TMUX").is_none_or(|v| v.is_empty()) {
            return Route::default();
        }
        let answer = Arc::new(OnceLock::new());
        let slot = Arc::clone(&answer);
        let spawned = std::thread::Builder::new()
            .name("tmux-clipboard".into())
            .spawn(move || {
                let _ = slot.set(crate::child::run_with_deadline(
                    std::ffi::OsStr::new("tmux"),
                    &["show-options", "-gv", "set-clipboard"],
                    TMUX_TIMEOUT,
                ));
            });
        if spawned.is_err() {
            let _ = answer.set(Err("could not ask tmux".into()));
        }
        Route { tmux: Some(answer) }
    }

    /// A route known in advance: `None` outside tmux, else tmux's answer.
    pub fn known(tmux: Option<&str>) -> Route {
        Route {
            tmux: tmux.map(|answer| Arc::new(OnceLock::from(Ok(answer.to_owned())))),
        }
    }

    /// What to add to "sent to the terminal" when something in between may
    /// drop the copy: inside tmux, unless tmux said `set-clipboard on`.
    pub fn caveat(&self) -> Option<String> {
        let answer = self.tmux.as_ref()?.get();
        match answer {
            Some(Ok(on)) if on == "on" => None,
            Some(Ok(other)) => Some(format!(
                "tmux set-clipboard is {}: see brief doctor",
                crate::text::truncate(&crate::text::sanitize_line(other), 12)
            )),
            _ => Some("inside tmux it may not arrive: see brief doctor".to_owned()),
        }
    }

    /// The status line after a copy: what was sent, honestly, and what may
    /// stop it. `what` is "citation" or "URL".
    pub fn note(&self, what: &str, text: &str) -> String {
        let said = format!(
            "{what} sent to the terminal (OSC 52): {}",
            crate::text::plural(text.chars().count(), "character")
        );
        match self.caveat() {
            Some(caveat) => format!("{said}; {caveat}"),
            None => said,
        }
    }
}

/// The sequence that asks the terminal to put `text` on the clipboard.
pub fn osc52(text: &str) -> String {
    let multiline = text.contains('\n');
    let clean = crate::text::clipboard(text, multiline);
    let encoded = base64::engine::general_purpose::STANDARD.encode(clean.as_bytes());
    format!("\x1b]52;c;{encoded}\x07")
}

/// The text an OSC 52 sequence carries, decoded: what a paste would insert.
pub fn payload(sequence: &str) -> Option<String> {
    let b64 = sequence.strip_prefix("\x1b]52;c;")?.strip_suffix('\x07')?;
    let bytes = base64::engine::general_purpose::STANDARD.decode(b64).ok()?;
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_note_says_sent_not_copied_and_names_tmux_when_it_may_drop_it() {
        let plain = Route::known(None).note("citation", "héllo");
        assert_eq!(
            plain,
            "citation sent to the terminal (OSC 52): 5 characters"
        );
        assert_eq!(
            Route::known(Some("on")).note("URL", "x"),
            "URL sent to the terminal (OSC 52): 1 character"
        );
        let external = Route::known(Some("external")).note("citation", "abc");
        assert!(
            external.ends_with("; tmux set-clipboard is external: see brief doctor"),
            "{external}"
        );
        let unasked = Route {
            tmux: Some(Arc::new(OnceLock::new())),
        };
        assert_eq!(
            unasked.caveat().as_deref(),
            Some("inside tmux it may not arrive: see brief doctor")
        );
    }

    #[test]
    fn the_text_travels_as_base64() {
        assert_eq!(osc52("hi"), "\x1b]52;c;aGk=\x07");
        assert_eq!(osc52("été"), "\x1b]52;c;w6l0w6k=\x07");
    }

    #[test]
    fn a_paste_jacking_citation_arrives_inert() {
        let hostile = "harmless\x1b[201~\ntouch /tmp/x\r\n\u{202e}— Title, 2024";
        let pasted = payload(&osc52(hostile)).unwrap();
        assert_eq!(pasted, "harmless[201~\ntouch /tmp/x\n— Title, 2024");
        let url = payload(&osc52("https://a.org/\tx\x07")).unwrap();
        assert_eq!(url, "https://a.org/x");
    }
}
