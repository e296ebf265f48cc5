//! Characters whose width unicode-width (ratatui's measure of a cell, and
//! [`super::width`]) and terminals (glibc's `wcwidth`, which tmux and most
//! Linux terminals follow) disagree on. ratatui lays a line out by the first,
//! the terminal advances its cursor by the second: one column apart, a border
//! moves and cells of the previous screen stay. [`super::sanitize_line`]
//! drops the invisible ones and shows the printed ones as `�`.
//!
//! The lists come from comparing both over all of Unicode (the test below
//! does it again); the spacing vowel signs of living scripts that still
//! differ (Tamil `ா`, Bengali `া`: 0 columns to unicode-width, 1 to glibc)
//! are words, not tricks, and stay: see `SCRIPT_MARKS` in the tests.

/// Drawn as nothing by intent, but counted differently or not at all: they
/// vanish (a soft hyphen, variation selectors, skin-tone modifiers, tags,
/// Hangul fillers, the other default-ignorable and format characters).
pub(super) fn vanishes(c: char) -> bool {
    matches!(c,
        '\u{ad}'
        | '\u{34f}'
        | '\u{fe00}'..='\u{fe0f}'
        | '\u{1f3fb}'..='\u{1f3ff}'
        | '\u{e0000}'..='\u{e0fff}'
        // Hangul fillers: blank, 0 columns to unicode-width, 2 and 1 to glibc.
        | '\u{3164}' | '\u{ffa0}'
        // Default ignorables: invisible operators, deprecated format
        // characters, Mongolian and Khmer selectors, shorthand and musical
        // format controls, reserved ones (unknown to glibc).
        | '\u{2061}'..='\u{2065}' | '\u{206a}'..='\u{206f}'
        | '\u{180b}'..='\u{180f}' | '\u{17b4}' | '\u{17b5}'
        | '\u{1bca0}'..='\u{1bca3}' | '\u{1d173}'..='\u{1d17a}'
        | '\u{fff0}'..='\u{fff8}'
        // Format controls with a column to unicode-width and none to glibc:
        // interlinear annotation, Egyptian hieroglyph format controls.
        | '\u{fff9}'..='\u{fffb}' | '\u{13430}'..='\u{1345f}' | '\u{2d7f}')
}

/// Printed, but one width to unicode-width and another to glibc: shown as
/// `�` (one column to both), so that something visibly stood there.
pub(super) fn replaced(c: char) -> bool {
    matches!(c,
        // Prepended concatenation marks: 0 columns to unicode-width, 1 to glibc.
        '\u{605}' | '\u{70f}' | '\u{890}' | '\u{891}' | '\u{8e2}'
        // Tone and reading marks drawn 2 columns wide by glibc.
        | '\u{302e}' | '\u{302f}' | '\u{16ff0}' | '\u{16ff1}'
        // Musical stems and flags that glibc draws apart.
        | '\u{1d165}' | '\u{1d166}' | '\u{1d16d}'..='\u{1d172}'
        // Symbols made wide by Unicode 16, narrow to glibc, and back.
        | '\u{2630}'..='\u{2637}' | '\u{268a}'..='\u{268f}'
        | '\u{1d300}'..='\u{1d356}' | '\u{1d360}'..='\u{1d378}'
        | '\u{3248}'..='\u{324f}'
        // Discouraged Khmer signs (2 and 3 columns to unicode-width) and an
        // Ahom sign (1 column to unicode-width, 0 to glibc).
        | '\u{17a4}' | '\u{17d8}' | '\u{1171e}')
}

#[cfg(test)]
mod tests {
    use super::super::{needs_care, sanitize_line, width};

    unsafe extern "C" {
        fn wcwidth(c: libc::wchar_t) -> libc::c_int;
    }

    /// The columns glibc gives `c` under a UTF-8 locale; -1 for what it does
    /// not know (unassigned in its Unicode, or a control).
    fn glibc(c: char) -> i32 {
        static LOCALE: std::sync::Once = std::sync::Once::new();
        LOCALE.call_once(|| {
            // SAFETY: a valid C string; no other test reads the C locale.
            let set = unsafe { libc::setlocale(libc::LC_CTYPE, c"C.UTF-8".as_ptr()) };
            assert!(!set.is_null(), "the C.UTF-8 locale is missing");
        });
        // SAFETY: wcwidth reads its argument and the locale's tables only.
        unsafe { wcwidth(c as libc::wchar_t) }
    }

    /// The columns a terminal following glibc advances for `s`, or None when
    /// it holds a character glibc does not know.
    fn occupies(s: &str) -> Option<usize> {
        s.chars()
            .map(|c| usize::try_from(glibc(c)).ok())
            .sum::<Option<usize>>()
    }

    /// Spacing vowel signs and prepended letters of living scripts: 0
    /// columns to unicode-width (they extend a grapheme cluster), 1 to glibc.
    /// They are text, not tricks; a terminal that joins the cluster draws
    /// them as unicode-width counts. They stay, and so move borders on
    /// glibc terminals by a column each.
    const SCRIPT_MARKS: &[char] = &[
        '\u{9be}',
        '\u{9d7}',
        '\u{b3e}',
        '\u{b57}',
        '\u{bbe}',
        '\u{bd7}',
        '\u{cc0}',
        '\u{cc2}',
        '\u{cc7}',
        '\u{cc8}',
        '\u{cca}',
        '\u{ccb}',
        '\u{cd5}',
        '\u{cd6}',
        '\u{d3e}',
        '\u{d4e}',
        '\u{d57}',
        '\u{dcf}',
        '\u{ddf}',
        '\u{1715}',
        '\u{1734}',
        '\u{1b35}',
        '\u{1b3b}',
        '\u{1b3d}',
        '\u{1b43}',
        '\u{1b44}',
        '\u{1baa}',
        '\u{1bf2}',
        '\u{1bf3}',
        '\u{a8fa}',
        '\u{a953}',
        '\u{a9c0}',
        '\u{111c0}',
        '\u{111c2}',
        '\u{111c3}',
        '\u{11235}',
        '\u{1133e}',
        '\u{1134d}',
        '\u{11357}',
        '\u{114b0}',
        '\u{114bd}',
        '\u{115af}',
        '\u{116b6}',
        '\u{11930}',
        '\u{1193d}',
        '\u{1193f}',
        '\u{11941}',
        '\u{11a84}',
        '\u{11a85}',
        '\u{11a86}',
        '\u{11a87}',
        '\u{11a88}',
        '\u{11a89}',
        '\u{11d46}',
    ];

    #[test]
    fn every_character_glibc_knows_occupies_what_unicode_width_counts() {
        let mut differ = Vec::new();
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            if glibc(c) < 0 && !needs_care(c) {
                continue; // newer than this glibc: no terminal table to agree with
            }
            let line = sanitize_line(c.encode_utf8(&mut [0; 4])).into_owned();
            if occupies(&line) != Some(width(&line)) && !SCRIPT_MARKS.contains(&c) {
                differ.push(format!("U+{:04X} {line:?}", c as u32));
            }
        }
        assert!(differ.is_empty(), "{} differ: {differ:?}", differ.len());
    }

    #[test]
    fn the_script_marks_left_are_the_only_ones_that_still_differ() {
        for &c in SCRIPT_MARKS {
            assert_eq!(
                (glibc(c), width(&c.to_string())),
                (1, 0),
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn hangul_fillers_vanish_and_disputed_symbols_show_as_replacement() {
        assert_eq!(
            sanitize_line("[x\u{3164}] [y] 30\u{ffa0} wounded"),
            "[x] [y] 30 wounded"
        );
        assert_eq!(sanitize_line("a\u{2063}b\u{fff9}c"), "abc");
        assert_eq!(sanitize_line("☰ \u{605}1"), "� �1");
    }

    /// Characters that make a line interesting: ASCII, accents, CJK, emoji
    /// with their joiners, selectors and modifiers, flags, Hangul jamo,
    /// controls, bidi and every disputed character.
    fn tricky() -> impl proptest::strategy::Strategy<Value = char> {
        use proptest::prelude::*;
        let named: Vec<char> = "a é\u{301}東ㅤﾠ\u{3164}\u{ffa0}\u{ad}\u{200b}\u{200d}\u{fe0f}\u{fe0e}\
            👍🏽👩🔬🇫🇷❤1\u{20e3}ᄀ\u{1161}\u{11a8}\u{115f}\u{1160}\t\x1b\u{9b}\u{202e}\u{2028}\
            \u{605}\u{70f}\u{2630}\u{268a}\u{3248}\u{302e}\u{16ff0}\u{1d165}\u{1d300}\u{17d8}\
            \u{2061}\u{180e}\u{fff9}\u{13430}\u{2d7f}\u{e0041}\u{e0100}\u{1f3fb}"
            .chars()
            .collect();
        prop_oneof![
            3 => proptest::sample::select(named),
            1 => any::<char>().prop_filter("known to glibc, not a script mark", |&c| {
                (glibc(c) >= 0 || needs_care(c)) && !SCRIPT_MARKS.contains(&c)
            }),
        ]
    }

    proptest::proptest! {
        #[test]
        fn a_sanitized_line_occupies_the_columns_unicode_width_counts(
            chars in proptest::collection::vec(tricky(), 0..40)
        ) {
            let s: String = chars.into_iter().collect();
            let line = sanitize_line(&s);
            proptest::prop_assert_eq!(occupies(&line), Some(width(&line)), "{:?} -> {:?}", s, line);
        }
    }
}
