//! The phrases of a full-text query, and where they are in a text, for the
//! passages of texts too large for FTS5's `highlight()`: it builds its
//! answer by copying all it has written at every mark, so a 1 MB source
//! text where a word occurs 63,000 times cost it 4.6 s. Here the marks are
//! found in one pass over the text's words.
//!
//! Only where the passage is drawn from depends on this: which briefings
//! match, and their rank, stay FTS5's. The query is read as docs/search.md
//! describes it: words, `"phrases"`, `prefix*`; a phrase under a column
//! filter (`title:`, `{title summary}:`, `-sources:`, on a phrase or a
//! bracket) is marked only in the columns it leaves, and one after `^`
//! only as a column's first word; `AND`, `OR` and brackets are kept to
//! their words, what follows `NOT` is not marked, and NEAR's distance is
//! not a word. A NEAR group's phrases are marked wherever they are in the
//! column, near each other or not (docs/search.md says so). Words are cut and folded as the index
//! cuts and folds them ([`super::unicode61`]).

use super::unicode61::{continues_token, fold, fold_token, starts_token, tokenize};

/// One word of a phrase, folded; `prefix`: it ends in `*`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Term {
    word: String,
    prefix: bool,
}

/// A phrase of the query: its words, and the columns it may match in (a
/// bit for each of [`COLUMNS`], as its column filters leave them).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phrase {
    pub words: Vec<Term>,
    pub columns: u8,
    /// `^`: only at the start of a column.
    pub initial: bool,
}

/// The index's full-text columns, in order: what a column filter names.
pub const COLUMNS: [&str; 7] = [
    "title", "summary", "actors", "timeline", "figures", "quotes", "sources",
];

const ALL: u8 = (1 << COLUMNS.len()) - 1;

/// At most this many phrases of a query are marked, so that marking stays
/// linear in the text whatever the query (FTS5 still matches them all).
const MARKED: usize = 64;

/// The phrases of `query` that a match may show (not those after `NOT`),
/// each once, at most [`MARKED`] of them.
pub fn phrases(query: &str) -> Vec<Phrase> {
    let mut all = every_phrase(query);
    let mut seen = std::collections::HashSet::new();
    all.retain(|p| seen.insert(p.clone()));
    all.truncate(MARKED);
    all
}

/// The columns a column filter's names leave: `-` leaves the others.
fn columns_named<'a>(names: impl Iterator<Item = &'a str>, minus: bool) -> u8 {
    let mut bits = 0;
    for name in names {
        if let Some(i) = COLUMNS.iter().position(|c| c.eq_ignore_ascii_case(name)) {
            bits |= 1 << i;
        }
    }
    if minus { ALL & !bits } else { bits }
}

fn every_phrase(query: &str) -> Vec<Phrase> {
    let mut out: Vec<Phrase> = Vec::new();
    let mut not = false;
    // The columns each open bracket allows, and whether it is NEAR's.
    let mut groups: Vec<(u8, bool)> = Vec::new();
    let inherited = |groups: &[(u8, bool)]| groups.last().map_or(ALL, |g| g.0);
    // A column filter read, for what follows it.
    let mut filter: Option<u8> = None;
    let mut minus = false;
    let mut caret = false;
    let mut near_next = false;
    let mut distance_next = false;
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
            let columns = inherited(&groups) & filter.take().unwrap_or(ALL);
            let initial = std::mem::take(&mut caret);
            if !words.is_empty() && !std::mem::take(&mut not) {
                let mut words = words;
                if prefix && let Some(last) = words.last_mut() {
                    last.prefix = true;
                }
                out.push(Phrase {
                    words,
                    columns,
                    initial,
                });
            }
            continue;
        }
        if !starts_token(c) {
            rest = &rest[c.len_utf8()..];
            match c {
                '(' => {
                    let columns = inherited(&groups) & filter.take().unwrap_or(ALL);
                    groups.push((columns, std::mem::take(&mut near_next)));
                }
                ')' => {
                    groups.pop();
                }
                ',' if groups.last().is_some_and(|g| g.1) => distance_next = true,
                '-' => minus = true,
                '^' => caret = true,
                '{' => {
                    // `{title summary}:`, the names up to `}`.
                    let end = rest.find('}').unwrap_or(rest.len());
                    let names = rest[..end].split(|c: char| !continues_token(c));
                    let bits = columns_named(names.filter(|n| !n.is_empty()), minus);
                    filter = Some(filter.unwrap_or(ALL) & bits);
                    minus = false;
                    rest = rest.get(end + 1..).unwrap_or("");
                }
                _ => {}
            }
            continue;
        }
        // A word: up to the first character that does not go on with it.
        let end = rest
            .char_indices()
            .find(|&(_, c)| !continues_token(c))
            .map_or(rest.len(), |(i, _)| i);
        let word = &rest[..end];
        let after = &rest[end..];
        rest = after;
        if std::mem::take(&mut distance_next) {
            // NEAR's distance, not a word.
            continue;
        }
        match word {
            "AND" | "OR" => continue,
            "NEAR" if after.starts_with('(') => {
                near_next = true;
                continue;
            }
            "NOT" => {
                not = true;
                continue;
            }
            _ => {}
        }
        if after.trim_start().starts_with(':') {
            // A column's name.
            let bits = columns_named(std::iter::once(word), std::mem::take(&mut minus));
            filter = Some(filter.unwrap_or(ALL) & bits);
            continue;
        }
        let columns = inherited(&groups) & filter.take().unwrap_or(ALL);
        let initial = std::mem::take(&mut caret);
        if std::mem::take(&mut not) {
            continue;
        }
        out.push(Phrase {
            words: vec![Term {
                word: fold(word),
                prefix: after.starts_with('*'),
            }],
            columns,
            initial,
        });
    }
    out
}

/// `text` with `open` and `close` around each run of words matching one of
/// `phrases` that may match in the column numbered `column` of
/// [`COLUMNS`] (overlapping runs joined), as `highlight()` marks it.
pub fn mark(text: &str, phrases: &[Phrase], column: usize, open: &str, close: &str) -> String {
    let phrases: Vec<&Phrase> = phrases
        .iter()
        .filter(|p| p.columns & (1 << column) != 0)
        .collect();
    let tokens = tokenize(text);
    let folded: Vec<String> = tokens
        .iter()
        .map(|&(a, b)| fold_token(&text[a..b]))
        .collect();
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
            .filter(|p| !p.words.is_empty() && (at == 0 || !p.initial) && matches(at, &p.words))
            .map(|p| p.words.len())
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
            .map(|p| p.words.into_iter().map(|t| (t.word, t.prefix)).collect())
            .collect()
    }

    /// Each phrase's first word and the columns it may be marked in.
    fn filtered(query: &str) -> Vec<(String, Vec<&'static str>)> {
        phrases(query)
            .into_iter()
            .map(|p| {
                let cols = (0..COLUMNS.len())
                    .filter(|i| p.columns & (1 << i) != 0)
                    .map(|i| COLUMNS[i])
                    .collect();
                (p.words[0].word.clone(), cols)
            })
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
            vec![vec![w("baku")], vec![w("yerevan")]],
            "the distance is not a word"
        );
        assert_eq!(
            words("NEAR(5 near, 5) 5"),
            vec![vec![w("5")], vec![w("near")]]
        );
        assert_eq!(words("(a AND b)"), vec![vec![w("a")], vec![w("b")]]);
        assert!(words("\"\" NOT").is_empty());
    }

    #[test]
    fn a_column_filter_keeps_its_phrases_to_its_columns() {
        let all = COLUMNS.to_vec();
        let s = |w: &str, cols: &[&'static str]| (w.to_owned(), cols.to_vec());
        assert_eq!(
            filtered("title: lachin corridor"),
            vec![s("lachin", &["title"]), s("corridor", &all)]
        );
        assert_eq!(
            filtered("{title summary}: \"lachin\" OR Sources:baku"),
            vec![s("lachin", &["title", "summary"]), s("baku", &["sources"])]
        );
        let not_sources = &all[..6];
        assert_eq!(
            filtered("- sources : lachin"),
            vec![s("lachin", not_sources)]
        );
        assert_eq!(
            filtered("title: (lachin OR NEAR(baku yerevan, 3)) shusha"),
            vec![
                s("lachin", &["title"]),
                s("baku", &["title"]),
                s("yerevan", &["title"]),
                s("shusha", &all)
            ]
        );
        assert!(phrases("^lachin corridor")[0].initial);
        assert!(!phrases("^lachin corridor")[1].initial);
        // Filters within filters: what both leave.
        assert_eq!(
            filtered("{title sources}: (sources: lachin)"),
            vec![s("lachin", &["sources"])]
        );
    }

    #[test]
    fn marks_go_around_each_match_as_highlight_puts_them() {
        let p = phrases("\"couloir de Lachin\" OR azerbaidjan OR bak*");
        assert_eq!(
            mark(
                "Le couloir de Lachin, l'Azerbaïdjan et Bakou.",
                &p,
                6,
                "[",
                "]"
            ),
            "Le [couloir de Lachin], l'[Azerbaïdjan] et [Bakou]."
        );
        // Overlapping matches are one run.
        let p = phrases("\"a b\" \"b c\"");
        assert_eq!(mark("x a b c y", &p, 6, "[", "]"), "x [a b c] y");
        // Only in the columns a filter leaves.
        let p = phrases("title: lachin OR baku");
        assert_eq!(mark("Lachin, Baku", &p, 0, "[", "]"), "[Lachin], [Baku]");
        assert_eq!(mark("Lachin, Baku", &p, 6, "[", "]"), "Lachin, [Baku]");
        // `^`: only the column's first word.
        let p = phrases("^lachin");
        assert_eq!(mark("Lachin, Lachin", &p, 6, "[", "]"), "[Lachin], Lachin");
        assert_eq!(mark("The Lachin", &p, 6, "[", "]"), "The Lachin");
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
        let marked = mark(&text, &phrases("the"), 6, "<", ">");
        assert_eq!(marked.matches("<the>").count(), 60_000);
    }
}
