//! Cutting an article into sentences, each a byte range of the article, so
//! that a sentence is always a verbatim quote.

use std::ops::Range;

/// Words that end in a full stop without ending the sentence.
const ABBREVIATIONS: &[&str] = &[
    "m", "mm", "mr", "mrs", "ms", "dr", "st", "ste", "gen", "gén", "col", "lt", "sgt", "capt",
    "prof", "mme", "mgr", "no", "n°", "vol", "jan", "feb", "fév", "mar", "apr", "avr", "jun",
    "jul", "juil", "aug", "sep", "sept", "oct", "nov", "dec", "déc", "etc", "vs", "env", "cf",
];

fn opens(c: char) -> bool {
    matches!(c, '«' | '“' | '„')
}

fn closes(c: char) -> bool {
    matches!(c, '»' | '”')
}

fn terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// The sentences of `text`, in order, without their surrounding white space.
///
/// A sentence ends at `.`, `!`, `?` or `…` (after any closing quotes or
/// brackets) followed by white space and an upper-case letter, a digit or an
/// opening quote or dash, unless the word before the full stop is an
/// abbreviation or an initial, or the point lies inside « » or “ ” (or
/// straight double quotes) opened in the same line. A line break ends a
/// sentence unless the next line goes on in lower case (a wrapped line); a
/// blank line always does.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut offset = 0;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    for (n, line) in lines.iter().enumerate() {
        let chars: Vec<(usize, char)> = line.char_indices().map(|(i, c)| (offset + i, c)).collect();
        let mut depth = 0i32;
        let mut straight = false;
        let mut k = 0;
        while k < chars.len() {
            let (at, c) = chars[k];
            if !c.is_whitespace() && start.is_none() {
                start = Some(at);
            }
            if opens(c) {
                depth += 1;
            } else if closes(c) {
                depth = (depth - 1).max(0);
            } else if c == '"' {
                straight = !straight;
            }
            if terminal(c) {
                // Take the rest of the punctuation: `?!`, `».`, `.”`, `…)`.
                let mut j = k + 1;
                let (mut d, mut s) = (depth, straight);
                while let Some(&(_, e)) = chars.get(j) {
                    if terminal(e) {
                    } else if closes(e) {
                        d = (d - 1).max(0);
                    } else if e == '"' {
                        s = !s;
                    } else if !matches!(e, ')' | ']' | '’' | '\'') {
                        break;
                    }
                    j += 1;
                }
                let end = chars.get(j - 1).map_or(at, |&(i, e)| i + e.len_utf8());
                let after = chars[j..].iter().find(|(_, e)| !e.is_whitespace());
                let spaced = chars.get(j).is_some_and(|(_, e)| e.is_whitespace());
                let next_starts = after.is_some_and(|&(_, e)| {
                    e.is_uppercase()
                        || e.is_ascii_digit()
                        || opens(e)
                        || matches!(e, '"' | '(' | '—' | '–' | '-')
                });
                let outside = d == 0 && !s;
                // Within one run of punctuation only the first mark can follow
                // an abbreviation: a later terminal mark (`Mr.!`) ends the
                // sentence where the run ends, as it would on its own.
                let later_terminal = chars[k + 1..j].iter().any(|&(_, e)| terminal(e));
                let abbreviated = c == '.' && abbreviation(text, at) && !later_terminal;
                if spaced && next_starts && outside && !abbreviated {
                    push(&mut out, text, start.take(), end);
                }
                // The run is read once: whatever its marks do to the quote
                // depth, each of them would end at the same place (`j`), so
                // the next mark to look at is the first after the run. (Read
                // mark by mark, `....` of length n cost n² steps.)
                depth = d;
                straight = s;
                k = j;
                continue;
            }
            k += 1;
        }
        offset += line.len();
        let blank_next = lines
            .get(n + 1)
            .is_none_or(|l| l.trim().is_empty() || !l.trim_start().starts_with(char::is_lowercase));
        if blank_next {
            push(&mut out, text, start.take(), offset);
        }
    }
    push(&mut out, text, start.take(), text.len());
    out
}

fn push(out: &mut Vec<Range<usize>>, text: &str, start: Option<usize>, end: usize) {
    let Some(start) = start else { return };
    let s = &text[start..end];
    let trimmed = s.trim_end();
    if !trimmed.is_empty() {
        out.push(start..start + trimmed.len());
    }
}

/// Whether the word ending at the full stop at `dot` is an abbreviation or an initial.
fn abbreviation(text: &str, dot: usize) -> bool {
    let before = &text[..dot];
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic() || *c == '°')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if word.is_empty() {
        return false;
    }
    // `U.S.`, `J.` : a single letter is an initial.
    word.chars().count() == 1 || ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(s: &str) -> Vec<&str> {
        split(s).into_iter().map(|r| &s[r]).collect()
    }

    #[test]
    fn full_stops_end_sentences_but_not_inside_quotes() {
        assert_eq!(
            sentences("Title line\nHe said « no. Never ». Then left. 3 died."),
            [
                "Title line",
                "He said « no. Never ».",
                "Then left.",
                "3 died."
            ]
        );
        assert_eq!(
            sentences("“We stay. This is home,” he said. Next one."),
            ["“We stay. This is home,” he said.", "Next one."]
        );
    }

    #[test]
    fn abbreviations_initials_and_lower_case_do_not_end_sentences() {
        assert_eq!(
            sentences("Mr. Smith met J. Doe in the U.S. on Monday. It rained… a bit."),
            [
                "Mr. Smith met J. Doe in the U.S. on Monday.",
                "It rained… a bit."
            ]
        );
    }

    #[test]
    fn runs_of_marks_end_a_sentence_once() {
        assert_eq!(
            sentences("Wait... What?! Mr.! Yes."),
            ["Wait...", "What?!", "Mr.!", "Yes."]
        );
        assert_eq!(sentences("Mr. Smith."), ["Mr. Smith."]);
        let dots = ".".repeat(200_000);
        assert_eq!(split(&dots), vec![0..dots.len()]);
    }

    #[test]
    fn wrapped_lines_join_and_blank_lines_separate() {
        assert_eq!(
            sentences("A long sentence that\nwraps here.\n\nNew paragraph\nTitle-like line"),
            [
                "A long sentence that\nwraps here.",
                "New paragraph",
                "Title-like line"
            ]
        );
    }
}
