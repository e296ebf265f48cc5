//! Untrusted text on its way to a terminal.
//!
//! Briefings come from anywhere. A title holding `ESC [ 2 J` must not clear
//! the analyst's screen, and a right-to-left override must not make a figure
//! read backwards, so every string is passed through [`sanitize_line`] once,
//! where it leaves the domain for a screen or a terminal-bound stream.

use unicode_width::UnicodeWidthStr;

/// What a tab becomes: a fixed run of spaces, so width never depends on the column.
const TAB: &str = "    ";

/// Makes one line of untrusted text safe to draw: C0 and C1 controls (ESC
/// included) become visible Control Pictures or `�`, bidirectional controls and
/// invisible zero-width characters become `�` or vanish, tabs become spaces and
/// line breaks become spaces. Text with nothing to change is borrowed as is.
pub fn sanitize_line(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(needs_care) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\t' => out.push_str(TAB),
            '\n' => out.push(' '),
            // C0 controls map onto the Control Pictures block: ESC shows as ␛.
            '\0'..='\x1f' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('�')),
            '\x7f' => out.push('␡'),
            // Zero-width joiners and non-joiners render differently from one
            // terminal to the next; dropping them keeps columns predictable.
            '\u{200c}' | '\u{200d}' => {}
            c if needs_care(c) => out.push('�'),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

fn needs_care(c: char) -> bool {
    matches!(c,
        '\0'..='\x1f' | '\x7f'..='\u{9f}'
        // Bidirectional embeddings, overrides, isolates and marks.
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        | '\u{200e}' | '\u{200f}' | '\u{061c}'
        // Zero-width characters that hide text or break matching.
        | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}'
        // Line and paragraph separators would move the cursor on some terminals.
        | '\u{2028}' | '\u{2029}')
}

/// Splits multi-line text into lines (any of `\n`, `\r\n`) and sanitizes each.
pub fn sanitize_lines(s: &str) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
    s.lines().map(sanitize_line)
}

/// Columns the text takes on a terminal.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Groups the digits of a whole number by thousands: 120000 → "120,000".
pub fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Text cut to at most `max` columns, ending in `…` when cut.
pub fn truncate(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if width(s) <= max {
        return std::borrow::Cow::Borrowed(s);
    }
    if max == 0 {
        return std::borrow::Cow::Borrowed("");
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    std::borrow::Cow::Owned(out)
}

/// `1 file`, `2 files`: a count with its noun, plural by an `s`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_controls_become_visible() {
        assert_eq!(sanitize_line("a\x1b[2Jb"), "a␛[2Jb");
        assert_eq!(sanitize_line("bell\x07"), "bell␇");
        assert_eq!(sanitize_line("c1\u{9b}31m"), "c1�31m");
        assert_eq!(sanitize_line("del\x7f"), "del␡");
        assert_eq!(sanitize_line("cr\rlf"), "cr␍lf");
    }

    #[test]
    fn bidi_overrides_and_zero_width_characters_cannot_hide_text() {
        assert_eq!(sanitize_line("11\u{202e}000"), "11�000");
        assert_eq!(sanitize_line("a\u{2067}b\u{2069}"), "a�b�");
        assert_eq!(sanitize_line("zero\u{200b}width"), "zero�width");
        assert_eq!(sanitize_line("👨\u{200d}👩"), "👨👩");
        assert_eq!(sanitize_line("\u{feff}bom"), "�bom");
    }

    #[test]
    fn tabs_become_spaces_and_clean_text_is_borrowed() {
        assert_eq!(sanitize_line("a\tb"), "a    b");
        assert!(matches!(
            sanitize_line("Stepanakert — «ok»"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn sanitized_text_has_no_control_characters() {
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        let clean = sanitize_line(&all);
        assert!(!clean.chars().any(needs_care), "{clean:?}");
    }

    #[test]
    fn widths_count_columns_not_bytes() {
        assert_eq!(width("été"), 3);
        assert_eq!(width("東京"), 4);
        assert_eq!(width("e\u{301}"), 1);
        assert_eq!(truncate("東京都庁", 5), "東京…");
        assert_eq!(truncate("short", 10), "short");
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(group_thousands("11"), "11");
        assert_eq!(group_thousands("3000"), "3,000");
        assert_eq!(group_thousands("120000"), "120,000");
        assert_eq!(group_thousands("1234567"), "1,234,567");
    }
}
