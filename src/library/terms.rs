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
//! only as a column's first word, and a NEAR group's phrases only where
//! they make the group, found by FTS5's own steps; `AND`, `OR` and brackets
//! are kept to their words, and what follows `NOT` is not marked. Words are
//! cut and folded as the index cuts and folds them ([`super::unicode61`]).
//! Tests hold the marks to `highlight()`'s on random texts and queries.

use super::unicode61::{continues_token, fold, fold_token, tokenize};

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
    /// Of a NEAR group: the group's number in the query, and its distance.
    pub near: Option<(usize, usize)>,
}

/// The index's full-text columns, in order: what a column filter names.
pub const COLUMNS: [&str; 7] = [
    "title", "summary", "actors", "timeline", "figures", "quotes", "sources",
];

const ALL: u8 = (1 << COLUMNS.len()) - 1;

/// A NEAR group's distance when none is given.
const NEAR_DISTANCE: usize = 10;

/// At most this many phrases of a query are marked, so that marking stays
/// linear in the text whatever the query (FTS5 still matches them all).
const MARKED: usize = 64;

/// The phrases of `query` that a match may show (not those after `NOT`),
/// each once, at most [`MARKED`] of them.
pub fn phrases(query: &str) -> Vec<Phrase> {
    let mut all = every_phrase(query);
    let mut seen = std::collections::HashSet::new();
    // A NEAR group's phrases are all kept: `NEAR(a a)` wants two.
    all.retain(|p| p.near.is_some() || seen.insert(p.clone()));
    all.truncate(MARKED);
    all
}

/// A character of a bare word in FTS5's query syntax (`sqlite3Fts5IsBareword`):
/// ASCII letters, digits and `_`, `\x1a`, and everything beyond ASCII.
fn is_bareword(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '\x1a' || !c.is_ascii()
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
    // The columns each open bracket allows, and the NEAR group it opens.
    let mut groups: Vec<(u8, Option<usize>)> = Vec::new();
    let inherited = |groups: &[(u8, Option<usize>)]| groups.last().map_or(ALL, |g| g.0);
    let near_of = |groups: &[(u8, Option<usize>)]| {
        groups.last().and_then(|g| g.1).map(|n| (n, NEAR_DISTANCE))
    };
    let mut near_groups = 0;
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
                    near: near_of(&groups),
                });
            }
            continue;
        }
        if !is_bareword(c) {
            rest = &rest[c.len_utf8()..];
            match c {
                '(' => {
                    let columns = inherited(&groups) & filter.take().unwrap_or(ALL);
                    let near = std::mem::take(&mut near_next).then(|| {
                        near_groups += 1;
                        near_groups - 1
                    });
                    groups.push((columns, near));
                }
                ')' => {
                    groups.pop();
                }
                ',' if groups.last().is_some_and(|g| g.1.is_some()) => distance_next = true,
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
        // A bare word, as FTS5 reads one: a phrase of the tokens in it.
        let end = rest
            .char_indices()
            .find(|&(_, c)| !is_bareword(c))
            .map_or(rest.len(), |(i, _)| i);
        let word = &rest[..end];
        let after = &rest[end..];
        rest = after;
        if std::mem::take(&mut distance_next) {
            // NEAR's distance, not a word: its group's phrases are told.
            if let (Some(n), Ok(d)) = (groups.last().and_then(|g| g.1), word.parse()) {
                for p in out
                    .iter_mut()
                    .rev()
                    .take_while(|p| p.near.is_some_and(|(g, _)| g == n))
                {
                    p.near = Some((n, d));
                }
            }
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
        let mut words: Vec<Term> = tokenize(word)
            .into_iter()
            .map(|(a, b)| Term {
                word: fold_token(&word[a..b]),
                prefix: false,
            })
            .collect();
        if std::mem::take(&mut not) || words.is_empty() {
            continue;
        }
        if let Some(last) = words.last_mut() {
            last.prefix = after.starts_with('*');
        }
        out.push(Phrase {
            words,
            columns,
            initial,
            near: near_of(&groups),
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
    // Where each phrase starts in this column.
    let mut starts: Vec<Vec<usize>> = phrases
        .iter()
        .map(|p| match (p.words.is_empty(), p.initial) {
            (true, _) => Vec::new(),
            (false, true) => (matches(0, &p.words)).then_some(0).into_iter().collect(),
            (false, false) => (0..tokens.len())
                .filter(|&at| matches(at, &p.words))
                .collect(),
        })
        .collect();
    // A NEAR group's phrases only where FTS5 finds the group.
    let mut groups: Vec<(usize, usize)> = phrases.iter().filter_map(|p| p.near).collect();
    groups.sort_unstable();
    groups.dedup();
    for (g, distance) in groups {
        let members: Vec<usize> = (0..phrases.len())
            .filter(|&i| phrases[i].near == Some((g, distance)))
            .collect();
        if members.len() < 2 {
            continue;
        }
        let lists: Vec<Vec<usize>> = members
            .iter()
            .map(|&i| std::mem::take(&mut starts[i]))
            .collect();
        let lens: Vec<usize> = members.iter().map(|&i| phrases[i].words.len()).collect();
        for (i, kept) in members.into_iter().zip(near(&lists, &lens, distance)) {
            starts[i] = kept;
        }
    }
    // Runs of tokens `[first, last]`, in order, overlapping ones joined.
    let mut every: Vec<(usize, usize)> = starts
        .iter()
        .zip(&phrases)
        .flat_map(|(s, p)| s.iter().map(|&at| (at, at + p.words.len() - 1)))
        .collect();
    every.sort_unstable();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (at, last) in every {
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

/// The starts kept of a NEAR group's phrases (`lists`, each in order, of
/// phrases `lens` words long): those FTS5 keeps, by its own steps
/// (`fts5ExprNearIsMatch`): readers moved along until they make a set
/// within the distance, each set's starts kept, then the reader whose next
/// start comes first moved on. Linear in the starts.
fn near(lists: &[Vec<usize>], lens: &[usize], distance: usize) -> Vec<Vec<usize>> {
    const END: i64 = i64::MAX;
    struct Reader<'a> {
        list: &'a [usize],
        next: usize,
        pos: i64,
        ahead: i64,
    }
    impl Reader<'_> {
        /// `fts5LookaheadReaderNext`: whether the list has ended.
        fn advance(&mut self) -> bool {
            self.pos = self.ahead;
            self.ahead = self.list.get(self.next).map_or(END, |&p| p as i64);
            self.next += 1;
            self.pos == END
        }
    }
    let mut out = vec![Vec::new(); lists.len()];
    if lists.iter().any(Vec::is_empty) {
        return out;
    }
    let mut r: Vec<Reader<'_>> = lists
        .iter()
        .map(|list| {
            let mut r = Reader {
                list,
                next: 0,
                pos: 0,
                ahead: 0,
            };
            r.advance();
            r.advance();
            r
        })
        .collect();
    loop {
        let mut max = r[0].pos;
        loop {
            let mut matched = true;
            for (i, reader) in r.iter_mut().enumerate() {
                let min = max - lens[i] as i64 - distance as i64;
                if reader.pos < min || reader.pos > max {
                    matched = false;
                    while reader.pos < min {
                        if reader.advance() {
                            return out;
                        }
                    }
                    max = max.max(reader.pos);
                }
            }
            if matched {
                break;
            }
        }
        for (o, reader) in out.iter_mut().zip(&r) {
            let pos = reader.pos as usize;
            if o.last() != Some(&pos) {
                o.push(pos);
            }
        }
        let mut first = 0;
        for (i, reader) in r.iter().enumerate() {
            if reader.ahead < r[first].ahead {
                first = i;
            }
        }
        if r[first].advance() {
            return out;
        }
    }
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
        // A NEAR group's phrases are its own: the "5" after it is another.
        assert_eq!(
            words("NEAR(5 near, 5) 5"),
            vec![vec![w("5")], vec![w("near")], vec![w("5")]]
        );
        assert_eq!(
            phrases("NEAR(a b, 3) NEAR(c d)")
                .iter()
                .map(|p| p.near)
                .collect::<Vec<_>>(),
            [Some((0, 3)), Some((0, 3)), Some((1, 10)), Some((1, 10))]
        );
        assert_eq!(words("(a AND b)"), vec![vec![w("a")], vec![w("b")]]);
        // A bare word is one phrase of its tokens, as FTS5 reads it.
        assert_eq!(
            words("al_Assad a—b «c»"),
            vec![
                vec![w("al"), w("assad")],
                vec![w("a"), w("b")],
                vec![w("c")]
            ]
        );
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

    /// FTS5's highlight() of both columns of each row matching `query`,
    /// beside this module's marks, over a table whose columns are named as
    /// the index's first two.
    fn both(rows: &[[String; 2]], query: &str) -> Vec<([String; 2], [String; 2])> {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE VIRTUAL TABLE t USING fts5(title, summary, tokenize = 'unicode61 remove_diacritics 2')",
        )
        .unwrap();
        for r in rows {
            conn.execute("INSERT INTO t VALUES (?1, ?2)", [&r[0], &r[1]])
                .unwrap();
        }
        let mut q = conn
            .prepare("SELECT title, summary, highlight(t, 0, '[', ']'), highlight(t, 1, '[', ']') FROM t WHERE t MATCH ?1 ORDER BY rowid")
            .unwrap();
        let p = phrases(query);
        q.query_map([query], |r| {
            let (a, b): (String, String) = (r.get(0)?, r.get(1)?);
            Ok((
                [r.get(2)?, r.get(3)?],
                [mark(&a, &p, 0, "[", "]"), mark(&b, &p, 1, "[", "]")],
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    }

    #[test]
    fn near_groups_are_marked_where_fts5_finds_them() {
        let rows = [[
            "a x x x b a b x x x x x x a".to_owned(),
            "b x a x x x x x x x x x x x x b".to_owned(),
        ]];
        for query in [
            "NEAR(a b, 0)",
            "NEAR(a b, 2)",
            "NEAR(a b)",
            "NEAR(b a, 3) OR x",
            "title: NEAR(a b, 1)",
        ] {
            for (theirs, ours) in both(&rows, query) {
                assert_eq!(ours, theirs, "{query}");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]
        #[test]
        fn marks_agree_with_highlight_on_random_queries(
            cols in proptest::collection::vec(proptest::collection::vec(0..5usize, 0..30), 2),
            words in proptest::collection::vec(0..5usize, 2..4),
            distance in 0..5usize,
            how in 0..6u8,
        ) {
            const VOCAB: [&str; 5] = ["a", "b", "c", "d", "e"];
            let text = |c: &[usize]| c.iter().map(|&w| VOCAB[w]).collect::<Vec<_>>().join(" ");
            let rows = [[text(&cols[0]), text(&cols[1])]];
            let w: Vec<&str> = words.iter().map(|&i| VOCAB[i]).collect();
            let query = match how {
                0 => format!("NEAR({}, {distance})", w.join(" ")),
                1 => format!("NEAR(\"{} {}\" {}, {distance})", w[0], w[1], w[w.len() - 1]),
                2 => format!("title: {} OR summary: ^{}", w[0], w[1]),
                3 => format!("NEAR({} {}, {distance}) OR {}", w[0], w[1], w[w.len() - 1]),
                4 => format!("{{summary}}: (NEAR({}, {distance}) {})", w.join(" "), w[0]),
                // A bare word of two tokens: one phrase.
                _ => format!("{}_{} OR {}—{}*", w[0], w[1], w[1], w[0]),
            };
            for (theirs, ours) in both(&rows, &query) {
                proptest::prop_assert_eq!(ours, theirs, "{}", query);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn any_query_and_text_are_read_and_marked_without_a_panic(
            query in "[a-cA-C_\\-^*:,(){}\" 0-9éΣ—]{0,40}",
            text in "[a-cé ̀—,.]{0,60}",
        ) {
            let p = phrases(&query);
            for column in 0..COLUMNS.len() {
                let marked = mark(&text, &p, column, "[", "]");
                proptest::prop_assert_eq!(marked.replace(['[', ']'], ""), text.clone());
            }
        }
    }
}
