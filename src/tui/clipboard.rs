//! Copying to the user's own clipboard with OSC 52: an escape sequence the
//! terminal emulator acts on, so it works over SSH and through tmux (with
//! `set-clipboard on`) and needs no display on the remote machine.

use base64::Engine;

/// The sequence that asks the terminal to put `text` on the clipboard.
pub fn osc52(text: &str) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    format!("\x1b]52;c;{encoded}\x07")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_travels_as_base64() {
        assert_eq!(osc52("hi"), "\x1b]52;c;aGk=\x07");
        assert_eq!(osc52("été"), "\x1b]52;c;w6l0w6k=\x07");
    }
}
