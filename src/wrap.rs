//! Where a line of prose may break, for every place that wraps text (the
//! reader's panes and overlays, `brief show`).
//!
//! textwrap's own Unicode line breaking costs 23 ICU crates, so lines break at
//! ASCII spaces, as textwrap's `AsciiSpace` does, except next to the marks that
//! French and other typographies set off by a space: an opening guillemet stays
//! with the word after it and a closing mark (`»`, `?`, `!`, `:`, `;`) with the
//! word before it, so no line starts with a lone `»` or `?`. Hyphenated words
//! still break after their hyphens (textwrap's `HyphenSplitter`), and a word
//! wider than the line is cut where it must be.

use textwrap::WordSeparator;
use textwrap::core::Word;

/// `textwrap::Options` for `width` columns with this module's break rules.
pub fn options<'a>(width: usize) -> textwrap::Options<'a> {
    textwrap::Options::new(width).word_separator(WordSeparator::Custom(words))
}

/// The words of `line`, each with the spaces after it; one pass, linear.
fn words(line: &str) -> Box<dyn Iterator<Item = Word<'_>> + '_> {
    let mut pieces = pieces(line).peekable();
    Box::new(std::iter::from_fn(move || {
        let (start, mut end) = pieces.next()?;
        let mut last = token(line, start, end);
        while let Some(&(s, e)) = pieces.peek() {
            let next = token(line, s, e);
            if !(opens(last) || closes(next)) {
                break;
            }
            pieces.next();
            end = e;
            last = next;
        }
        Some(Word::from(&line[start..end]))
    }))
}

/// Byte ranges of `line`, each a run of non-spaces and the spaces after it.
fn pieces(line: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        let rest = line.get(start..).filter(|r| !r.is_empty())?;
        let word = rest.find(' ').unwrap_or(rest.len());
        let spaces = rest[word..].len() - rest[word..].trim_start_matches(' ').len();
        let piece = (start, start + word + spaces);
        start = piece.1;
        Some(piece)
    })
}

fn token(line: &str, start: usize, end: usize) -> &str {
    line[start..end].trim_end_matches(' ')
}

/// A word made only of opening guillemets: it belongs to the next word.
fn opens(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| matches!(c, '«' | '‹'))
}

/// Punctuation that starts with a closing mark (`»`, `».`, `?`, `!?`, `:`):
/// it belongs to the word before.
fn closes(word: &str) -> bool {
    word.starts_with(['»', '›', '?', '!', ':', ';']) && !word.chars().any(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn wrapped(text: &str, width: usize) -> Vec<String> {
        textwrap::wrap(text, options(width))
            .into_iter()
            .map(|l| l.into_owned())
            .collect()
    }

    #[test]
    fn guillemets_stay_with_their_word() {
        let text = "avoir lancé des opérations « antiterroristes » dans sa région";
        for width in 20..text.len() {
            for line in wrapped(text, width) {
                assert!(!line.starts_with('»'), "width {width}: {line:?}");
                assert!(!line.ends_with('«'), "width {width}: {line:?}");
            }
        }
        assert_eq!(
            wrapped(text, 45),
            [
                "avoir lancé des opérations",
                "« antiterroristes » dans sa région"
            ]
        );
    }

    #[test]
    fn a_mark_set_off_by_a_space_stays_on_its_line() {
        let text = "Qui a tiré ? Personne ne sait ! Trois morts : deux soldats ; un civil";
        // From the width of the widest word with its mark, "soldats ;".
        for width in 9..text.len() {
            for line in wrapped(text, width) {
                assert!(!line.starts_with(['?', '!', ':', ';']), "{width}: {line:?}");
            }
        }
    }

    #[test]
    fn plain_prose_breaks_at_spaces_and_hyphens_as_before() {
        let text = "Ethnic Armenians estimated to live in the Haut-Karabagh enclave";
        assert_eq!(
            wrapped(text, 20),
            textwrap::wrap(
                text,
                textwrap::Options::new(20).word_separator(WordSeparator::AsciiSpace)
            )
        );
        assert_eq!(
            wrapped("contre le Haut-Karabagh", 15),
            ["contre le Haut-", "Karabagh"]
        );
    }

    #[test]
    fn a_word_wider_than_the_line_is_cut() {
        for line in wrapped("« abcdefghijkl » mn", 6) {
            assert!(textwrap::core::display_width(&line) <= 6, "{line:?}");
        }
    }

    proptest! {
        #[test]
        fn the_words_are_the_line_in_order(line in "[a-z«»?! ]{0,40}") {
            let joined: String = words(&line).map(|w| format!("{}{}", w.word, w.whitespace)).collect();
            prop_assert_eq!(joined, line);
        }
    }
}
