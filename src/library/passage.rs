//! A hit's passage, chosen the way FTS5's `snippet()` chooses it, in time
//! linear in the briefing.
//!
//! `snippet()` scores a window of tokens starting at every phrase instance
//! by going through every instance again, so a briefing where a word occurs
//! 60,000 times cost it 3.6 billion steps (43 s for one search). Here FTS5
//! still says where the matches are (`highlight()`, which is linear), and
//! the same choice is made with two sliding windows: the best column and
//! start (1,000 for each phrase seen in the window, 1 for each repeat, a
//! bonus for a window that starts a sentence), then the same passage of
//! `tokens` tokens with the matches marked and `…` where text is left out.
//!
//! One thing FTS5 knows and `highlight()` does not say is approximated:
//! which phrase of the query a match is (two matches are the same phrase
//! when their words fold to the same text, so `lach*` matching both
//! `Lachin` and `lachine` counts as two phrases here, one for FTS5). Tokens
//! are cut and folded as FTS5 cuts and folds them ([`super::unicode61`]).
//! A unit test holds the result to `snippet()`'s on ordinary text.

use foldhash::{HashMap, HashMapExt};

use super::unicode61::{fold, tokenize};

/// A matched run of tokens in one column: `[first, last]` token numbers.
#[derive(Debug, Clone, Copy)]
struct Span {
    first: usize,
    last: usize,
    /// Which phrase of the query it is taken to be (see the module's note).
    phrase: usize,
}

/// One column: its text, its tokens' byte ranges, where its sentences
/// start (token numbers), and its matches in order.
struct Column {
    text: String,
    tokens: Vec<(usize, usize)>,
    sentences: Vec<usize>,
    spans: Vec<Span>,
}

/// A column as `highlight(text, col, open, close)` gives it: the text with
/// `open` and `close` around each match. `open` and `close` must not occur
/// in the text (the caller makes them so).
pub struct Marked<'a> {
    pub text: &'a str,
    pub open: &'a str,
    pub close: &'a str,
}

/// The passage: its pieces of text, each a match or not, as `snippet(text,
/// -1, open, close, ellipsis, tokens)` would give them.
pub fn passage(columns: &[Marked<'_>], tokens: usize, ellipsis: &str) -> Vec<(String, bool)> {
    let mut phrases: HashMap<String, usize> = HashMap::new();
    let cols: Vec<Column> = columns.iter().map(|m| column(m, &mut phrases)).collect();
    let (mut best, mut best_col, mut best_start) = (0u64, 0usize, 0usize);
    for (c, col) in cols.iter().enumerate() {
        let size = col.tokens.len();
        let mut at = Window::default();
        let mut sentence = Window::default();
        let mut jj = 0;
        for s in &col.spans {
            // A window starting at this match, moved so the matches in it
            // sit in its middle.
            let score = at.slide(&col.spans, s.first, tokens);
            let (first, last) = (s.first, at.last_end(&col.spans));
            let adjusted = adjust(first, last, tokens, size);
            if score > best {
                (best, best_col, best_start) = (score, c, adjusted);
            }
            // A window starting at the sentence this match is in.
            if !col.sentences.is_empty() && size > tokens {
                while jj + 1 < col.sentences.len() && col.sentences[jj + 1] <= s.first {
                    jj += 1;
                }
                let start = col.sentences[jj];
                if start < s.first {
                    let bonus = if start == 0 { 120 } else { 100 };
                    let score = sentence.slide(&col.spans, start, tokens) + bonus;
                    if score > best {
                        (best, best_col, best_start) = (score, c, start);
                    }
                }
            }
        }
    }
    match cols.get(best_col) {
        Some(col) => cut(col, best_start, tokens, ellipsis),
        None => Vec::new(),
    }
}

/// The spans `[from, to)` whose first token lies in a window; how many of
/// each phrase it holds is kept in a count per phrase, shared by the
/// windows of one column in turn.
#[derive(Default)]
struct Window {
    from: usize,
    to: usize,
    distinct: u64,
    repeats: u64,
    counts: HashMap<usize, u32>,
}

impl Window {
    /// Moves the window to `[start, start + tokens)` (`start` never goes
    /// back) and gives its score.
    fn slide(&mut self, spans: &[Span], start: usize, tokens: usize) -> u64 {
        let end = start.saturating_add(tokens);
        while self.to < spans.len() && spans[self.to].first < end {
            let n = self.counts.entry(spans[self.to].phrase).or_insert(0);
            *n += 1;
            if *n == 1 {
                self.distinct += 1;
            } else {
                self.repeats += 1;
            }
            self.to += 1;
        }
        while self.from < self.to && spans[self.from].first < start {
            let n = self
                .counts
                .get_mut(&spans[self.from].phrase)
                .expect("counted");
            *n -= 1;
            if *n == 0 {
                self.distinct -= 1;
            } else {
                self.repeats -= 1;
            }
            self.from += 1;
        }
        if self.to < self.from {
            self.to = self.from;
        }
        self.distinct * 1000 + self.repeats
    }

    /// One past the last token of the last match in the window.
    fn last_end(&self, spans: &[Span]) -> usize {
        spans[self.to - 1].last + 1
    }
}

/// `snippet()`'s move of a window starting at a match: the matches from
/// `first` to `last` centred in `tokens`, kept inside the column.
fn adjust(first: usize, last: usize, tokens: usize, size: usize) -> usize {
    let (first, last, tokens, size) = (first as i64, last as i64, tokens as i64, size as i64);
    let mut at = first - (tokens - (last - first)) / 2;
    if at + tokens > size {
        at = size - tokens;
    }
    at.max(0) as usize
}

/// A column read from its marked text.
fn column(m: &Marked<'_>, phrases: &mut HashMap<String, usize>) -> Column {
    let mut text = String::with_capacity(m.text.len());
    // Matches as byte ranges of the text without the marks.
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let mut rest = m.text;
    let mut open: Option<usize> = None;
    loop {
        let next_open = (!m.open.is_empty()).then(|| rest.find(m.open)).flatten();
        let next_close = (!m.close.is_empty()).then(|| rest.find(m.close)).flatten();
        let (at, is_open) = match (next_open, next_close) {
            (Some(o), Some(c)) if o < c => (o, true),
            (_, Some(c)) => (c, false),
            (Some(o), None) => (o, true),
            (None, None) => break,
        };
        text.push_str(&rest[..at]);
        if is_open {
            open = Some(text.len());
            rest = &rest[at + m.open.len()..];
        } else {
            if let Some(o) = open.take() {
                ranges.push((o, text.len()));
            }
            rest = &rest[at + m.close.len()..];
        }
    }
    text.push_str(rest);
    let tokens = tokenize(&text);
    let sentences = sentence_starts(&text, &tokens);
    // Each match's tokens: a walk of both lists in order.
    let mut spans = Vec::with_capacity(ranges.len());
    let mut t = 0;
    for (a, b) in ranges {
        while t < tokens.len() && tokens[t].1 <= a {
            t += 1;
        }
        let first = t;
        let mut last = t;
        while last + 1 < tokens.len() && tokens[last + 1].0 < b {
            last += 1;
        }
        if first >= tokens.len() {
            break;
        }
        // The phrase is its words, whatever lies between them.
        let key = (first..=last)
            .map(|t| fold(&text[tokens[t].0..tokens[t].1]))
            .collect::<Vec<_>>()
            .join(" ");
        let next = phrases.len();
        let phrase = *phrases.entry(key).or_insert(next);
        spans.push(Span {
            first,
            last,
            phrase,
        });
        t = last;
    }
    Column {
        text,
        tokens,
        sentences,
        spans,
    }
}

/// `snippet()`'s sentence starts: the first token, and every token with
/// whitespace before it and a `.` or `:` before that.
fn sentence_starts(text: &str, tokens: &[(usize, usize)]) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for (n, &(start, _)) in tokens.iter().enumerate() {
        if n == 0 {
            out.push(0);
            continue;
        }
        let mut i = start;
        while i > 0 && matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'\r') {
            i -= 1;
        }
        if i != start && i > 0 && matches!(bytes[i - 1], b'.' | b':') {
            out.push(n);
        }
    }
    out
}

/// The passage of `tokens` tokens from `start`, as `snippet()` writes it:
/// its highlight callback, step by step, over this column's tokens.
fn cut(col: &Column, start: usize, tokens: usize, ellipsis: &str) -> Vec<(String, bool)> {
    let mut out = Pieces::default();
    let end = start + tokens.max(1) - 1;
    if start > 0 {
        out.text(ellipsis);
    }
    let text = &col.text;
    // Matches in order, those starting before the window skipped.
    let mut spans = col.spans.iter().filter(|s| s.first >= start).peekable();
    let mut off = 0usize;
    for pos in start..col.tokens.len().min(end + 1) {
        let (ts, te) = col.tokens[pos];
        if start > 0 && pos == start {
            off = ts;
        }
        let span = spans.peek().copied();
        if out.open && span.is_none_or(|s| pos <= s.first) && ts > off {
            out.close();
        }
        if let Some(s) = span {
            if pos == s.first && !out.open {
                out.text(&text[off..ts]);
                out.open();
                off = ts;
            }
            if pos == s.last {
                out.open();
                out.text(&text[off..te]);
                off = te;
                spans.next();
            }
        }
        if pos == end {
            if out.open {
                if spans.peek().is_some_and(|s| pos >= s.first) {
                    out.text(&text[off..te]);
                    off = te;
                }
                out.close();
            }
            out.text(&text[off..te]);
            off = te;
        }
    }
    out.close();
    if end + 1 >= col.tokens.len() {
        out.text(&text[off..]);
    } else {
        out.text(ellipsis);
    }
    out.pieces
}

/// A passage written as `snippet()` writes it, a match opened and closed
/// around its text; pieces of one kind next to each other joined.
#[derive(Default)]
struct Pieces {
    pieces: Vec<(String, bool)>,
    open: bool,
}

impl Pieces {
    fn open(&mut self) {
        self.open = true;
    }

    fn close(&mut self) {
        self.open = false;
    }

    fn text(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        match self.pieces.last_mut() {
            Some((t, h)) if *h == self.open => t.push_str(s),
            _ => self.pieces.push((s.to_owned(), self.open)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rusqlite::Connection;

    const COLS: usize = 3;

    type Pieced = Vec<(String, bool)>;

    /// FTS5's own snippet() and this module's passage for each row that
    /// matches `query`, over `docs`.
    fn both(docs: &[[String; COLS]], query: &str) -> Vec<(Pieced, Pieced)> {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE VIRTUAL TABLE t USING fts5(a, b, c, tokenize = 'unicode61 remove_diacritics 2')",
        )
        .unwrap();
        for d in docs {
            conn.execute(
                "INSERT INTO t(a, b, c) VALUES(?1, ?2, ?3)",
                [&d[0], &d[1], &d[2]],
            )
            .unwrap();
        }
        let mut stmt = conn
            .prepare(
                "SELECT snippet(t, -1, char(1), char(2), '…', 12),
                        highlight(t, 0, char(1), char(2)),
                        highlight(t, 1, char(1), char(2)),
                        highlight(t, 2, char(1), char(2))
                 FROM t WHERE t MATCH ?1 ORDER BY rowid",
            )
            .unwrap();
        let mut rows = stmt.query([query]).unwrap();
        let mut out = Vec::new();
        while let Some(r) = rows.next().unwrap() {
            let snippet: String = r.get(0).unwrap();
            let cols: Vec<String> = (1..=COLS).map(|i| r.get(i).unwrap()).collect();
            let marked: Vec<Marked<'_>> = cols
                .iter()
                .map(|t| Marked {
                    text: t,
                    open: "\u{1}",
                    close: "\u{2}",
                })
                .collect();
            out.push((split(&snippet), passage(&marked, 12, "…")));
        }
        out
    }

    fn split(raw: &str) -> Vec<(String, bool)> {
        let mut p = Pieces::default();
        for c in raw.chars() {
            match c {
                '\u{1}' => p.open(),
                '\u{2}' => p.close(),
                c => p.text(c.encode_utf8(&mut [0; 4])),
            }
        }
        p.pieces
    }

    const WORDS: &[&str] = &[
        "the",
        "Lachin",
        "corridor",
        "Azerbaïdjan",
        "azerbaidjan",
        "forces",
        "killed",
        "11",
        "peacekeepers",
        "Stepanakert",
        "offensive",
        "de",
        "la",
        "du",
        "civils",
        "humanitarian",
    ];
    const SEPARATORS: &[&str] = &[
        " ", " ", " ", ", ", ". ", ": ", "\n", " — ", "; ", " (", ") ",
    ];

    fn text_of(seed: &[(u8, u8)]) -> String {
        let mut s = String::new();
        for (w, sep) in seed {
            s.push_str(WORDS[*w as usize % WORDS.len()]);
            s.push_str(SEPARATORS[*sep as usize % SEPARATORS.len()]);
        }
        s
    }

    #[test]
    fn the_same_passage_as_snippet_on_the_shipped_briefings_words() {
        let docs = [[
            "Azerbaïdjan : offensive au Haut-Karabakh".to_owned(),
            "L'Azerbaïdjan a lancé une offensive. Onze policiers et civils azerbaïdjanais auraient été tués. Le couloir de Lachin est fermé depuis des mois : la population manque de tout.".to_owned(),
            "Les forces de maintien de la paix russes, quelque 3 000 hommes, sont déployées depuis 2020. Environ 120 000 habitants vivent au Haut-Karabakh.".to_owned(),
        ]];
        for q in [
            "azerbaidjan",
            "lachin",
            "couloir",
            "offensive",
            "maintien paix",
            "\"de la\"",
            "forces OR civils",
            "120",
        ] {
            for (snippet, ours) in both(&docs, q) {
                assert_eq!(ours, snippet, "query {q}");
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn the_same_passage_as_snippet_on_ordinary_text(
            a in proptest::collection::vec((any::<u8>(), any::<u8>()), 0..12),
            b in proptest::collection::vec((any::<u8>(), any::<u8>()), 0..60),
            c in proptest::collection::vec((any::<u8>(), any::<u8>()), 0..200),
            q in proptest::collection::vec(0..WORDS.len(), 1..3),
            how in 0..3u8,
        ) {
            let docs = [[text_of(&a), text_of(&b), text_of(&c)]];
            // Distinct words: a word twice in a query is one phrase to FTS5's
            // score only by its position in the query, which the marks do not say.
            let mut words: Vec<&str> = q.iter().map(|&i| WORDS[i]).collect();
            words.sort_unstable();
            words.dedup_by_key(|w| fold(w));
            let quoted: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
            let query = match how {
                0 => quoted.join(" OR "),
                1 => quoted.join(" AND "),
                // One phrase of two words.
                _ => format!("\"{}\"", words.join(" ")),
            };
            for (snippet, ours) in both(&docs, &query) {
                prop_assert_eq!(ours, snippet, "query {}", query);
            }
        }
    }

    #[test]
    fn a_phrase_twice_in_a_column_of_the_same_words() {
        let docs = [[
            String::new(),
            String::new(),
            "the\nthe\nthe\nthe killed — peacekeepers the the the the the the killed; peacekeepers ".to_owned(),
        ]];
        for (snippet, ours) in both(&docs, "\"killed peacekeepers\"") {
            assert_eq!(ours, snippet);
        }
    }

    #[test]
    fn a_word_sixty_thousand_times_is_a_passage_at_once() {
        // snippet() took 43 s on this; the passage's work is linear.
        let text = "the word and a rest ".repeat(60_000);
        let marked = text.replace("the", "\u{1}the\u{2}");
        let cols = [Marked {
            text: &marked,
            open: "\u{1}",
            close: "\u{2}",
        }];
        let p = passage(&cols, 12, "…");
        let hit = |s: &str| (s.to_owned(), true);
        let plain = |s: &str| (s.to_owned(), false);
        assert_eq!(
            p,
            vec![
                hit("the"),
                plain(" word and a rest "),
                hit("the"),
                plain(" word and a rest "),
                hit("the"),
                plain(" word…"),
            ]
        );
    }
}
