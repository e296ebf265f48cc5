//! The phrases of a full-text query, and where they are in a text, for the
//! passages of texts too large for FTS5's `highlight()`: it builds its
//! answer by copying all it has written at every mark, so a 1 MB source
//! text where a word occurs 63,000 times cost it 4.6 s. Here the marks are
//! found in one pass over the text's words.
//!
//! Only where the passage is drawn from depends on this: which briefings
//! match, and their rank, stay FTS5's. The query is read as docs/search.md
//! describes it: words, `"phrases"`, `prefix*`; `AND`, `OR`, `NEAR(…)`,
//! parentheses and `column:` filters are kept to their words, and what
//! follows `NOT` is not marked. Words are cut and folded as the index
//! cuts and folds them ([`super::unicode61`]).

use super::unicode61::{continues_token, fold, starts_token, tokenize};

/// One word of a phrase, folded; `prefix`: it ends in `*`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Term {
    word: String,
    prefix: bool,
}

/// At most this many phrases of a query are marked, so that marking stays
/// linear in the text whatever the query (FTS5 still matches them all).
const MARKED: usize = 64;

/// The phrases of `query` that a match may show (not those after `NOT`),
/// each once, at most [`MARKED`] of them.
pub fn phrases(query: &str) -> Vec<Vec<Term>> {
    let mut all = every_phrase(query);
    let mut seen = std::collections::HashSet::new();
    all.retain(|p| seen.insert(p.clone()));
    all.truncate(MARKED);
    all
}

fn every_phrase(query: &str) -> Vec<Vec<Term>> {
    let mut out: Vec<Vec<Term>> = Vec::new();
    let mut not = false;
    let mut rest = query;
    while let Some(c) = rest.chars().next() {
        if c == '"' {
            let inner = &rest[1..];
            let end = inner.find('"').unwrap_or(inner.len());
            let words: Vec<Term> = tokenize(&inner[..end])
                .into_iter()
                .map(|(a, b)| Term {
                    word: fold(&inner[a..b]),
                    prefix: false,
                })
                .collect();
            rest = inner.get(end + 1..).unwrap_or("");
            let prefix = rest.starts_with('*');
            if !words.is_empty() && !std::mem::take(&mut not) {
                let mut words = words;
                if prefix && let Some(last) = words.last_mut() {
                    last.prefix = true;
                }
                out.push(words);
            }
            continue;
        }
        // The next word, unless a phrase comes first; nothing beyond it is
        // looked at (a long query is read once).
        let next = first_token(rest);
        let before = next.map_or(rest, |(a, _)| &rest[..a]);
        if let Some(q) = before.find('"') {
            rest = &rest[q..];
            continue;
        }
        let Some((a, b)) = next else {
            break;
        };
        let word = &rest[a..b];
        let after = &rest[b..];
        rest = after;
        match word {
            "AND" | "OR" | "NEAR" => continue,
            "NOT" => {
                not = true;
                continue;
            }
            _ => {}
        }
        if after.trim_start().starts_with(':') {
            // A column's name.
            continue;
        }
        if std::mem::take(&mut not) {
            continue;
        }
        out.push(vec![Term {
            word: fold(word),
            prefix: after.starts_with('*'),
        }]);
    }
    out
}

/// Where the first word of `s` starts and ends.
fn first_token(s: &str) -> Option<(usize, usize)> {
    let start = s.char_indices().find(|&(_, c)| starts_token(c))?.0;
    let end = s[start..]
        .char_indices()
        .find(|&(_, c)| !continues_token(c))
        .map_or(s.len(), |(i, _)| start + i);
    Some((start, end))
}

/// `text` with `open` and `close` around each run of words matching one of
/// `phrases` (overlapping runs joined), as `highlight()` marks it.
pub fn mark(text: &str, phrases: &[Vec<Term>], open: &str, close: &str) -> String {
    let tokens = tokenize(text);
    let folded: Vec<String> = tokens.iter().map(|&(a, b)| fold(&text[a..b])).collect();
    let matches = |at: usize, phrase: &[Term]| {
        phrase.iter().enumerate().all(|(k, t)| {
            folded.get(at + k).is_some_and(|w| {
                if t.prefix {
                    w.starts_with(t.word.as_str())
                } else {
                    *w == t.word
                }
            })
        })
    };
    // Runs of tokens `[first, last]`, in order, overlapping ones joined.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for at in 0..tokens.len() {
        let Some(len) = phrases
            .iter()
            .filter(|p| !p.is_empty() && matches(at, p))
            .map(Vec::len)
            .max()
        else {
            continue;
        };
        let last = at + len - 1;
        match runs.last_mut() {
            Some((_, end)) if at <= *end => *end = (*end).max(last),
            _ => runs.push((at, last)),
        }
    }
    let mut out = String::with_capacity(text.len() + runs.len() * (open.len() + close.len()));
    let mut off = 0;
    for (first, last) in runs {
        let (start, end) = (tokens[first].0, tokens[last].1);
        out.push_str(&text[off..start]);
        out.push_str(open);
        out.push_str(&text[start..end]);
        out.push_str(close);
        off = end;
    }
    out.push_str(&text[off..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(query: &str) -> Vec<Vec<(String, bool)>> {
        phrases(query)
            .into_iter()
            .map(|p| p.into_iter().map(|t| (t.word, t.prefix)).collect())
            .collect()
    }

    #[test]
    fn a_query_is_read_as_docs_search_describes_it() {
        let w = |s: &str| (s.to_owned(), false);
        assert_eq!(words("Lachin"), vec![vec![w("lachin")]]);
        assert_eq!(words("lach*"), vec![vec![("lach".to_owned(), true)]]);
        assert_eq!(
            words("\"couloir de Lachin\" OR Azerbaïdjan"),
            vec![
                vec![w("couloir"), w("de"), w("lachin")],
                vec![w("azerbaidjan")]
            ]
        );
        assert_eq!(words("title:baku NOT moscow"), vec![vec![w("baku")]]);
        assert_eq!(
            words("NEAR(baku yerevan, 5)"),
            vec![vec![w("baku")], vec![w("yerevan")], vec![w("5")]]
        );
        assert_eq!(words("(a AND b)"), vec![vec![w("a")], vec![w("b")]]);
        assert!(words("\"\" NOT").is_empty());
    }

    #[test]
    fn marks_go_around_each_match_as_highlight_puts_them() {
        let p = phrases("\"couloir de Lachin\" OR azerbaidjan OR bak*");
        assert_eq!(
            mark(
                "Le couloir de Lachin, l'Azerbaïdjan et Bakou.",
                &p,
                "[",
                "]"
            ),
            "Le [couloir de Lachin], l'[Azerbaïdjan] et [Bakou]."
        );
        // Overlapping matches are one run.
        let p = phrases("\"a b\" \"b c\"");
        assert_eq!(mark("x a b c y", &p, "[", "]"), "x [a b c] y");
    }

    #[test]
    fn a_long_query_is_read_once_and_marked_for_its_first_phrases() {
        let query = "word ".repeat(200_000);
        assert_eq!(every_phrase(&query).len(), 200_000);
        assert_eq!(phrases(&query).len(), 1, "each phrase once");
        let query: String = (0..1000).map(|i| format!("w{i} ")).collect();
        assert_eq!(phrases(&query).len(), MARKED);
    }

    #[test]
    fn a_word_sixty_thousand_times_is_marked_in_one_pass() {
        let text = "the word ".repeat(60_000);
        let marked = mark(&text, &phrases("the"), "<", ">");
        assert_eq!(marked.matches("<the>").count(), 60_000);
    }
}
