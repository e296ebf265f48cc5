//! Copying to the user's own clipboard with OSC 52: an escape sequence the
//! terminal emulator acts on, so it works over SSH and through tmux (with
//! `set-clipboard on`) and needs no display on the remote machine.
//!
//! What is copied gets pasted into shells, so it passes through
//! [`crate::text::clipboard`] here, at the way out: no ESC (which could end
//! a bracketed paste early), no CR, no bidi or invisible character. A
//! citation keeps its line breaks and tabs; a single line (a URL) keeps none.

use base64::Engine;

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
