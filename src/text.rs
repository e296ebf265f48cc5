//! Untrusted text on its way out of brief.
//!
//! Briefings come from anywhere. A title holding `ESC [ 2 J` must not clear
//! the analyst's screen, a right-to-left override must not make a figure read
//! backwards, and a `what` holding `ESC [ 201 ~` must not end a bracketed
//! paste early. Each way out has one sanitizer, applied where text leaves:
//!
//! | way out | function | what happens to controls and bidi |
//! |---|---|---|
//! | screen, plain-text output | [`sanitize_line`] | visible (`␛`) or `�` |
//! | standard error (paths, values) | [`for_stderr`], [`path`] | as on the screen |
//! | clipboard (OSC 52) | [`clipboard`] | dropped; `\n` and `\t` kept only in multi-line text |
//! | Markdown | [`markdown`], [`markdown_inline`], [`markdown_link`] | as on the screen, HTML and block syntax escaped, links only http(s) |
//! | JSON | [`json`], [`to_json_pretty`] | escaped as `\u` sequences |

use std::borrow::Cow;
use std::path::Path;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

mod disputed;

/// What a tab becomes: a fixed run of spaces, so width never depends on the column.
const TAB: &str = "    ";

/// Makes one line of untrusted text safe to draw: C0 and C1 controls (ESC
/// included) become visible Control Pictures or `�`, bidirectional controls and
/// invisible zero-width characters become `�` or vanish, tabs become spaces and
/// line breaks become spaces. Characters that terminals disagree on the width
/// of ([`disputed`]) vanish when invisible (a soft hyphen, variation selectors,
/// emoji skin-tone modifiers, tag characters, Hangul fillers) and become `�`
/// when printed, so that no border moves. Text with nothing to change is
/// borrowed as is.
pub fn sanitize_line(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| needs_care(c) || width_disputed(c)) {
        return Cow::Borrowed(s);
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
            c if needs_care(c) || disputed::replaced(c) => out.push('�'),
            c if disputed::vanishes(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Characters whose width terminals and unicode-width disagree on
/// ([`disputed`]): a terminal that draws a soft hyphen or a Hangul filler, or
/// ignores a variation selector, would move a border by what ratatui counted.
fn width_disputed(c: char) -> bool {
    disputed::vanishes(c) || disputed::replaced(c)
}

/// Whether `c` is a control, a bidirectional control, or a character drawn
/// as nothing (zero-width, a soft hyphen, a Hangul filler): what a file brief
/// writes spells as an escape (`\u202E`) rather than raw, so that an editor
/// shows where it is and cannot be made to reorder or hide the text.
pub fn is_hidden(c: char) -> bool {
    needs_care(c) || disputed::vanishes(c)
}

/// A value or path quoted in a message on standard error: as on the screen,
/// so that a folder named `\e]0;pwned\a` cannot retitle the terminal.
pub fn for_stderr(s: &str) -> Cow<'_, str> {
    sanitize_line(s)
}

/// A path quoted in a message, made safe for a terminal as [`for_stderr`] does.
pub fn path(p: &Path) -> String {
    sanitize_line(&p.to_string_lossy()).into_owned()
}

/// Text for the user's clipboard: every control, bidirectional and invisible
/// character is dropped (a pasted ESC could end bracketed paste, a CR run a
/// command). `\n` and `\t` stay when `multiline` (a citation), `\r\n` becomes
/// `\n`; otherwise (a URL, one value) they are dropped too.
pub fn clipboard(s: &str, multiline: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\t' if multiline => out.push(c),
            '\u{2028}' | '\u{2029}' if multiline => out.push('\n'),
            c if needs_care(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// A URL fit to copy or to link: no control, no white space, no bidi or
/// invisible character anywhere (a Hangul filler or a soft hyphen vanishes
/// from the screen, so `exa\u{3164}mple.org` would show as `example.org`).
/// `brief check` refuses any other as an error.
pub fn is_clean_url(url: &str) -> bool {
    !url.is_empty()
        && !url
            .chars()
            .any(|c| c.is_whitespace() || needs_care(c) || width_disputed(c))
}

/// Untrusted text that begins a line of a Markdown document (a paragraph, a
/// list item, a heading, a quote): [`markdown_inline`] of the text without
/// its spaces at either end, which would make an indented code block or
/// undo the `**` around it. What a Markdown reader shows is the text.
pub fn markdown(s: &str) -> String {
    markdown_escaped(sanitize_line(s).trim())
}

/// Untrusted text for anywhere in a line of Markdown: sanitized as on the
/// screen, then HTML, entities and the characters of links, images, code,
/// emphasis, strikethrough, tables and math escaped everywhere, a `#` that
/// starts a word (a heading, its closing run, a tag) escaped, and what would
/// begin a block where the text heads a line (`-`, `+`, `=`, `1.`, `1)`)
/// escaped too, so that a Markdown reader shows it and runs nothing.
pub fn markdown_inline(s: &str) -> String {
    markdown_escaped(&sanitize_line(s))
}

fn markdown_escaped(clean: &str) -> String {
    let mut out = String::with_capacity(clean.len() + 8);
    // Still within the spaces and the digits that open the text.
    let mut lead = true;
    let mut prev = ' ';
    for c in clean.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '[' | ']' | '`' | '*' | '_' | '~' | '|' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '#' if prev.is_whitespace() => out.push_str("\\#"),
            '-' | '+' | '=' | '.' | ')' if lead => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
        // `1.` opens a list only after nothing but digits, `-` after nothing.
        lead = lead && (c == ' ' || c.is_ascii_digit());
        prev = c;
    }
    out
}

/// `[title](<url>)` when the URL is a clean `http` or `https` one; otherwise
/// the title and the URL as inert text, so `javascript:` never becomes a link.
pub fn markdown_link(title: &str, url: &str) -> String {
    let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
    let web = matches!(scheme.as_deref(), Some("http" | "https"));
    if web && is_clean_url(url) && !url.contains(['<', '>', '\\']) {
        format!("[{}](<{url}>)", markdown(title))
    } else {
        format!("{} ({})", markdown(title), markdown(url))
    }
}

/// JSON text (serde_json's output) with every C1 control, DEL, bidi,
/// invisible and line-separator character written as a `\u` escape: still the
/// same JSON value, but nothing a terminal acts on when the JSON is printed.
pub fn json(s: &str) -> Cow<'_, str> {
    if !s.chars().any(json_escaped) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if json_escaped(c) {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// serde_json escapes C0 controls itself; a raw `\n` is its own layout.
fn json_escaped(c: char) -> bool {
    c > '\x1f' && needs_care(c)
}

/// A value as pretty JSON, made safe by [`json`], with a final newline.
pub fn to_json_pretty<T: serde::Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let s = serde_json::to_string_pretty(value)?;
    let mut s = json(&s).into_owned();
    s.push('\n');
    Ok(s)
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

/// Columns the text takes on a terminal: the sum over its grapheme clusters
/// (`👍🏽`, `e\u{301}`, `🇫🇷`), as ratatui lays cells out and as terminals draw.
pub fn width(s: &str) -> usize {
    s.graphemes(true).map(UnicodeWidthStr::width).sum()
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

/// Text cut to at most `max` columns, ending in `…` when cut: [`fit`] with
/// the Unicode ellipsis, for text outside the reader's theme.
pub fn truncate(s: &str, max: usize) -> Cow<'_, str> {
    fit(s, max, "…")
}

/// The one way brief shortens text to a width: at most `max` columns,
/// unchanged when it fits, else cut and ending in `ellipsis` (`…`, or `...`
/// under `--ascii`). The cut falls after a whole word when one ends in the
/// second half of the room, else at the last grapheme cluster that fits
/// (never inside one: `👍🏽`, `e\u{301}`); separators and spaces left
/// dangling before the ellipsis go. Linear in the text.
pub fn fit<'a>(s: &'a str, max: usize, ellipsis: &str) -> Cow<'a, str> {
    if width(s) <= max {
        return Cow::Borrowed(s);
    }
    let ell_w = width(ellipsis);
    if max <= ell_w {
        // No room for any text: as much of the ellipsis as fits says "cut".
        return Cow::Owned(ellipsis.chars().take(max).collect());
    }
    let room = max - ell_w;
    let mut used = 0;
    // Byte end of the text that fits, and of the last whole word in it.
    let (mut end, mut word_end) = (0, None);
    let mut prev_space = false;
    for (at, g) in s.grapheme_indices(true) {
        let space = g.chars().all(char::is_whitespace);
        if space && !prev_space && at > 0 {
            word_end = Some((at, used));
        }
        prev_space = space;
        let w = UnicodeWidthStr::width(g);
        if used + w > room {
            break;
        }
        used += w;
        end = at + g.len();
    }
    let cut = match word_end {
        Some((at, cols)) if cols * 2 >= room => at,
        _ => end,
    };
    let kept = s[..cut].trim_end_matches(|c: char| c.is_whitespace() || DANGLING.contains(&c));
    let kept = if kept.is_empty() { &s[..end] } else { kept };
    Cow::Owned(format!("{kept}{ellipsis}"))
}

/// Separators that mean nothing at the end of a cut text.
const DANGLING: &[char] = &['·', '|', ',', ';', ':', '-', '–', '—', '/', '#', '('];

/// Fields joined by `sep`, as many as fit in `max` columns, most important
/// first: a field that does not fit whole is cut at a word ([`fit`]) when at
/// least `min_cut` columns are left for it, else it and all after it are
/// dropped and `ellipsis` says so. The first field is always shown, cut if
/// it must be. Never wider than `max`.
pub fn fit_fields(
    fields: &[&str],
    sep: &str,
    max: usize,
    ellipsis: &str,
    min_cut: usize,
) -> String {
    fit_field_parts(fields, sep, max, ellipsis, min_cut).concat()
}

/// [`fit_fields`] as the pieces it joins, for styling each field apart:
/// one per field kept (all but the first start with `sep`), then ` …` when
/// fields were dropped.
pub fn fit_field_parts(
    fields: &[&str],
    sep: &str,
    max: usize,
    ellipsis: &str,
    min_cut: usize,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut used = 0;
    for (i, field) in fields.iter().enumerate() {
        let joint = if i == 0 { "" } else { sep };
        let joint_w = width(joint);
        if used + joint_w + width(field) <= max {
            out.push(format!("{joint}{field}"));
            used += joint_w + width(field);
            continue;
        }
        if i == 0 {
            return vec![fit(field, max, ellipsis).into_owned()];
        }
        let room = max.saturating_sub(used + joint_w);
        if room >= min_cut.max(width(ellipsis) + 1) {
            out.push(format!("{joint}{}", fit(field, room, ellipsis)));
        } else if used + 1 + width(ellipsis) <= max {
            out.push(format!(" {ellipsis}"));
        } else {
            // Not even the mark fits after the kept fields: cut the last one.
            let last = out.pop().unwrap_or_default();
            let lead = width(&last);
            out.push(fit(&format!("{last} x"), lead, ellipsis).into_owned());
        }
        break;
    }
    out
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
            Cow::Borrowed(_)
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
    fn widths_follow_grapheme_clusters() {
        assert_eq!(width("👍🏽"), 2);
        assert_eq!(width("👨\u{200d}👩"), 2);
        assert_eq!(width("🇫🇷"), 2);
        assert_eq!(truncate("ab👍🏽cd", 4), "ab…");
        assert_eq!(truncate("e\u{301}e\u{301}e\u{301}", 2), "e\u{301}…");
    }

    #[test]
    fn text_is_cut_after_a_word_with_a_mark() {
        assert_eq!(fit("updated 19 Sep 2023 08:50", 16, "…"), "updated 19 Sep…");
        assert_eq!(
            fit("#azerbaijan #armenia #nagorno", 23, "…"),
            "#azerbaijan #armenia…"
        );
        assert_eq!(fit("government · Azerbaijan", 13, "..."), "government...");
        // A long word is cut inside rather than leaving almost nothing.
        assert_eq!(fit("a Nagorno-Karabakh", 10, "…"), "a Nagorno…");
        assert_eq!(fit("abc", 2, "..."), "..");
        assert_eq!(fit("abc", 0, "…"), "");
        assert_eq!(fit("abc", 3, "…"), "abc");
    }

    #[test]
    fn whole_fields_go_before_the_first_is_cut() {
        let f = [
            "19 Sep 2023?",
            "South Caucasus",
            "updated 3 Dec 2026",
            "#azerbaijan #armenia",
        ];
        assert_eq!(
            fit_fields(&f, " · ", 80, "…", 8),
            "19 Sep 2023? · South Caucasus · updated 3 Dec 2026 · #azerbaijan #armenia"
        );
        assert_eq!(
            fit_fields(&f, " · ", 66, "…", 8),
            "19 Sep 2023? · South Caucasus · updated 3 Dec 2026 · #azerbaijan…"
        );
        assert_eq!(
            fit_fields(&f, " · ", 60, "…", 8),
            "19 Sep 2023? · South Caucasus · updated 3 Dec 2026 …"
        );
        assert_eq!(
            fit_fields(&f, " · ", 35, "…", 12),
            "19 Sep 2023? · South Caucasus …"
        );
        assert_eq!(fit_fields(&f, " · ", 8, "…", 8), "19 Sep…");
        for max in 0..90 {
            assert!(width(&fit_fields(&f, " · ", max, "...", 6)) <= max, "{max}");
        }
    }

    proptest::proptest! {
        #[test]
        fn fit_is_never_wider_than_asked_and_keeps_a_prefix(
            s in "[a-zé東 ·👍🏽]{0,40}",
            max in 0usize..50,
        ) {
            let out = fit(&s, max, "…");
            proptest::prop_assert!(width(&out) <= max);
            if width(&s) <= max {
                proptest::prop_assert_eq!(out.as_ref(), s.as_str());
            } else if max > 1 {
                proptest::prop_assert!(out.ends_with('…'));
                let kept = out.trim_end_matches('…');
                proptest::prop_assert!(s.starts_with(kept));
            }
        }
    }

    #[test]
    fn characters_of_disputed_width_vanish_from_the_screen() {
        assert_eq!(sanitize_line("co\u{ad}operate"), "cooperate");
        assert_eq!(sanitize_line("👍🏽 ok"), "👍 ok");
        assert_eq!(sanitize_line("❤\u{fe0f}"), "❤");
        assert_eq!(width(&sanitize_line("a\u{ad}b👍🏽❤\u{fe0f}")), 5);
    }

    #[test]
    fn the_clipboard_gets_no_control_and_keeps_lines_only_when_asked() {
        let hostile = "harmless\x1b[201~\ntouch /tmp/x\r\n\u{9b}1m\u{202e}\x07\x7f\tend";
        assert_eq!(
            clipboard(hostile, true),
            "harmless[201~\ntouch /tmp/x\n1m\tend"
        );
        assert_eq!(clipboard(hostile, false), "harmless[201~touch /tmp/x1mend");
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        let clean = clipboard(&all, true);
        assert!(
            clean
                .chars()
                .all(|c| c == '\n' || c == '\t' || !needs_care(c)),
            "{clean:?}"
        );
    }

    #[test]
    fn urls_with_controls_or_spaces_are_not_clean() {
        assert!(is_clean_url("https://example.org/a?b=c#d"));
        for bad in [
            "https://a.org/\x1b]52;c;x\x07",
            "https://a.org/ x",
            "https://a.org/\n",
            "https://a.org/\u{202e}",
            "https://a.org/\u{85}",
            "https://exa\u{3164}mple.org/",
            "https://exa\u{ad}mple.org/",
            "https://a.org/\u{2063}",
            "",
        ] {
            assert!(!is_clean_url(bad), "{bad:?}");
        }
    }

    #[test]
    fn markdown_is_inert() {
        assert_eq!(
            markdown("<script>alert(1)</script> & [x](javascript:y)"),
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; \\[x\\](javascript:y)"
        );
        assert_eq!(
            markdown_link("Report", "https://example.org/r"),
            "[Report](<https://example.org/r>)"
        );
        let js = markdown_link("Click", "javascript:alert(1)");
        assert!(!js.contains("]("), "{js}");
        assert!(!markdown_link("x", "https://a.org/>y").contains("]("));
        assert!(!markdown("\x1b]0;t\x07").contains('\x1b'));
    }

    /// What a CommonMark reader shows for `md` when it is inert text: each
    /// backslash escape and entity undone. Panics on a character that would
    /// be syntax unescaped.
    fn shown(md: &str) -> String {
        let mut out = String::new();
        let mut chars = md.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    let next = chars.next().expect("a backslash escapes something");
                    assert!(next.is_ascii_punctuation(), "{md:?}");
                    out.push(next);
                }
                '&' => {
                    let rest = chars.as_str();
                    let (entity, len) = [("&", "amp;"), ("<", "lt;"), (">", "gt;")]
                        .into_iter()
                        .find(|(_, e)| rest.starts_with(e))
                        .map(|(c, e)| (c, e.len()))
                        .expect("& starts an entity");
                    out.push_str(entity);
                    chars = rest[len..].chars();
                }
                c => {
                    assert!(!"*_~|[]`$<>".contains(c), "unescaped {c:?} in {md:?}");
                    out.push(c);
                }
            }
        }
        out
    }

    /// Whether `md` at the start of a line opens a block: a heading, list,
    /// quote, fence, table, thematic break, setext underline, HTML or code.
    fn opens_a_block(md: &str) -> bool {
        let digits = md.len() - md.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        md.starts_with(|c: char| c.is_whitespace() || "#-+=*_>~`|<".contains(c))
            || (digits > 0 && md[digits..].starts_with(['.', ')']))
    }

    #[test]
    fn markdown_block_syntax_at_the_start_of_a_line_is_escaped() {
        for (hostile, inert) in [
            ("# Heading injection", r"\# Heading injection"),
            ("- list", r"\- list"),
            ("+ list", r"\+ list"),
            ("* list", r"\* list"),
            ("> quote", "&gt; quote"),
            ("1. num", r"1\. num"),
            ("2023) num", r"2023\) num"),
            ("```", r"\`\`\`"),
            ("~~~ fence", r"\~\~\~ fence"),
            ("| a | b |", r"\| a \| b \|"),
            ("===", r"\==="),
            ("---", r"\---"),
            ("    indented code", "indented code"),
            ("~~strike~~ $x$ ok", r"\~\~strike\~\~ \$x\$ ok"),
            ("Title ##", r"Title \##"),
            ("Karabakh-1 2.5 #tag", r"Karabakh-1 2.5 \#tag"),
        ] {
            assert_eq!(markdown(hostile), inert, "{hostile:?}");
            assert!(!opens_a_block(&markdown(hostile)), "{hostile:?}");
        }
        assert_eq!(markdown_inline(" - a "), r" \- a ");
    }

    proptest::proptest! {
        #[test]
        fn markdown_shows_the_text_and_opens_no_block(
            s in r"[ \t#\-+=*_>~`|<&\\\[\]!$()1.a:\n\u{3164}\u{202e}]{0,24}"
        ) {
            let md = markdown(&s);
            let clean = sanitize_line(&s);
            proptest::prop_assert_eq!(shown(&md), clean.trim());
            proptest::prop_assert!(!opens_a_block(&md), "{:?} -> {:?}", s, md);
            proptest::prop_assert!(!md.contains(" #") && !md.contains('\n'), "{:?}", md);
            let inline = markdown_inline(&s);
            proptest::prop_assert_eq!(shown(&inline), clean.as_ref());
            proptest::prop_assert!(!opens_a_block(inline.trim_start()), "{:?}", inline);
        }
    }

    #[test]
    fn json_escapes_what_a_terminal_would_act_on() {
        let v = serde_json::json!({"t": "a\u{9b}b\u{7f}\u{202e}\u{2028}\u{2029}\x1b"});
        let s = to_json_pretty(&v).unwrap();
        assert!(s.contains(r"a\u009bb\u007f\u202e\u2028\u2029\u001b"), "{s}");
        assert!(!s.chars().any(json_escaped), "{s:?}");
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
        assert!(matches!(json("{\"a\": \"été\"}"), Cow::Borrowed(_)));
    }

    #[test]
    fn paths_on_stderr_show_their_escapes() {
        assert_eq!(
            path(Path::new("/tmp/\x1b]0;pwned\x07/b.toml")),
            "/tmp/␛]0;pwned␇/b.toml"
        );
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(group_thousands("11"), "11");
        assert_eq!(group_thousands("3000"), "3,000");
        assert_eq!(group_thousands("120000"), "120,000");
        assert_eq!(group_thousands("1234567"), "1,234,567");
    }
}
