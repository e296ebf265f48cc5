//! FTS5's `unicode61` tokenizer as the index is made with it
//! (`remove_diacritics 2`, the default categories `L* N* Co`): which
//! characters make a token, and how a token is folded (lower case, the
//! diacritics removed). A port of SQLite's own code and tables
//! ([`tables`]), so that the words marked in a column too large for
//! `highlight()` are the words FTS5 matched there: `Řeka`, `Țară` and `ș`
//! fold as FTS5 folds them, and `K` (the Kelvin sign) is `k`.
//!
//! The tests ask SQLite itself, for every code point, what token it makes.

mod tables;

use tables::{BLOCK, DATA, DIACRITIC_BASE, DIACRITIC_KEY, DIACRITIC_MASKS, FOLD, FOLD_OFFSET, MAP};

/// The general categories that make a token: `L*` (5 to 9, 30), `N*` (13
/// to 15) and `Co` (31); 0 is a code point the table does not name, which
/// `sqlite3Fts5UnicodeCatParse` counts as a token character too.
const TOKEN_CATEGORIES: u32 = 1
    | 1 << 5
    | 1 << 6
    | 1 << 7
    | 1 << 8
    | 1 << 9
    | 1 << 13
    | 1 << 14
    | 1 << 15
    | 1 << 30
    | 1 << 31;

/// The code point FTS5 reads for `c`: its UTF-8 reader takes U+FFFE and
/// U+FFFF for U+FFFD.
fn read(c: char) -> u32 {
    match c as u32 {
        0xFFFE | 0xFFFF => 0xFFFD,
        c => c,
    }
}

/// `sqlite3Fts5UnicodeCategory`.
fn category(c: u32) -> u32 {
    if c >= 1 << 20 {
        return 0;
    }
    let (mut lo, mut hi) = (
        BLOCK[(c >> 16) as usize] as usize,
        BLOCK[1 + (c >> 16) as usize] as usize,
    );
    let key = (c & 0xFFFF) as u16;
    let mut found = None;
    while hi > lo {
        let test = (hi + lo) / 2;
        if key >= MAP[test] {
            found = Some(test);
            lo = test + 1;
        } else {
            hi = test;
        }
    }
    let Some(i) = found else {
        return 0;
    };
    if u32::from(key) >= u32::from(MAP[i]) + u32::from(DATA[i] >> 5) {
        return 0;
    }
    match u32::from(DATA[i] & 0x1F) {
        30 if (key - MAP[i]) & 1 == 1 => 5,
        30 => 9,
        cat => cat,
    }
}

/// A character that starts a token (and continues one).
fn is_alnum(c: u32) -> bool {
    c != 0 && TOKEN_CATEGORIES & (1 << category(c)) != 0
}

/// `sqlite3Fts5UnicodeIsdiacritic`: a diacritic continues a token, never
/// starts one.
fn is_diacritic(c: u32) -> bool {
    match c {
        768..800 => DIACRITIC_MASKS[0] & (1 << (c - 768)) != 0,
        800..=817 => DIACRITIC_MASKS[1] & (1 << (c - 800)) != 0,
        _ => false,
    }
}

/// `fts5_remove_diacritic(c, 1)` (the complex removal): the letter
/// without its diacritic, 0 for a diacritic itself, or `c`.
fn remove_diacritic(c: u32) -> u32 {
    let key = (c << 3) | 7;
    // The last entry at or below the key (the first is 0).
    let i = DIACRITIC_KEY.partition_point(|&k| u32::from(k) <= key) - 1;
    let entry = u32::from(DIACRITIC_KEY[i]);
    if c > (entry >> 3) + (entry & 7) {
        c
    } else {
        u32::from(DIACRITIC_BASE[i] & 0x7F)
    }
}

/// `sqlite3Fts5UnicodeFold(c, 2)`: lower case, without diacritics; 0 for a
/// character the token leaves out.
fn fold_code(c: u32) -> u32 {
    if c < 128 {
        return if (65..=90).contains(&c) { c + 32 } else { c };
    }
    if c < 65536 {
        let i = FOLD.partition_point(|&(first, _, _)| u32::from(first) <= c) - 1;
        let (first, flags, n) = FOLD[i];
        let (first, flags) = (u32::from(first), u32::from(flags));
        let mut ret = c;
        if c < first + u32::from(n) && (1 & flags & (first ^ c)) == 0 {
            ret = (c + u32::from(FOLD_OFFSET[(flags >> 1) as usize])) & 0xFFFF;
        }
        return remove_diacritic(ret);
    }
    if (66560..66600).contains(&c) {
        return c + 40;
    }
    c
}

/// The tokens of `text`, as byte ranges, as FTS5 cuts them: a token starts
/// at a letter, digit or private-use character, and goes on over those and
/// over diacritics.
pub fn tokenize(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let c = read(c);
        match start {
            None if is_alnum(c) => start = Some(i),
            Some(s) if !is_alnum(c) && !is_diacritic(c) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// Whether `c` goes on with a token begun.
pub fn continues_token(c: char) -> bool {
    let c = read(c);
    is_alnum(c) || is_diacritic(c)
}

/// A token as FTS5 keeps it: each character folded, diacritics left out.
pub fn fold_token(token: &str) -> String {
    token
        .chars()
        .filter_map(|c| char::from_u32(fold_code(read(c))).filter(|&f| f != '\0'))
        .collect()
}

/// The tokens of `s`, folded, one after another: what a run of matched
/// words is compared by.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (a, b) in tokenize(s) {
        out.push_str(&fold_token(&s[a..b]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    /// Every code point but the surrogates.
    fn every_char() -> impl Iterator<Item = char> {
        (0..=0x10FFFFu32).filter_map(char::from_u32)
    }

    /// Each row's tokens as FTS5 keeps them, in order, read back with
    /// fts5vocab; the rows as given.
    fn fts5_tokens(rows: &[String]) -> Vec<Vec<String>> {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'unicode61 remove_diacritics 2');
             CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance');",
        )
        .unwrap();
        {
            let mut insert = conn
                .prepare("INSERT INTO t(rowid, x) VALUES (?1, ?2)")
                .unwrap();
            for (i, r) in rows.iter().enumerate() {
                insert.execute(rusqlite::params![i as i64, r]).unwrap();
            }
        }
        let mut out = vec![Vec::new(); rows.len()];
        let mut q = conn
            .prepare("SELECT doc, term FROM v ORDER BY doc, offset")
            .unwrap();
        let mut r = q.query([]).unwrap();
        while let Some(row) = r.next().unwrap() {
            let doc: i64 = row.get(0).unwrap();
            // A term is bytes: a folded token may hold what is not UTF-8
            // only if the fold were wrong, which the comparison then says.
            let term = String::from_utf8_lossy(row.get_ref(1).unwrap().as_bytes().unwrap());
            out[doc as usize].push(term.into_owned());
        }
        out
    }

    fn ours(row: &str) -> Vec<String> {
        tokenize(row)
            .into_iter()
            .map(|(a, b)| fold_token(&row[a..b]))
            .collect()
    }

    /// Every code point, inside a token (`a·a`) and at a token's start
    /// (`·a`), tokenized and folded by FTS5 and by this module: the same
    /// tokens, one row of 2,048 code points at a time.
    #[test]
    fn every_code_point_is_cut_and_folded_as_fts5_does() {
        let chars: Vec<char> = every_char().collect();
        let rows: Vec<String> = chars
            .chunks(2048)
            .map(|chunk| {
                let mut s = String::new();
                for &c in chunk {
                    for piece in ['a', c, 'a', ' ', c, 'a', ' '] {
                        s.push(piece);
                    }
                }
                s
            })
            .collect();
        let theirs = fts5_tokens(&rows);
        for ((row, chunk), theirs) in rows.iter().zip(chars.chunks(2048)).zip(theirs) {
            if ours(row) != theirs {
                // Name the first code point that differs.
                for &c in chunk {
                    let one = format!("a{c}a {c}a ");
                    let (o, t) = (ours(&one), fts5_tokens(std::slice::from_ref(&one)));
                    assert_eq!(o, t[0], "U+{:04X}", c as u32);
                }
                panic!("a row differs, but no code point alone");
            }
        }
    }

    #[test]
    fn letters_fts5_folds_that_a_latin_table_missed() {
        assert_eq!(fold("Řeka Țară ș"), "rekataras");
        assert_eq!(fold("Azerbaïdjan"), "azerbaidjan");
        assert_eq!(fold("\u{212A}elvin"), "kelvin");
        // A diacritic continues a token, never starts one.
        assert_eq!(tokenize("e\u{301}t\u{301}"), vec![(0, 6)]);
        assert_eq!(tokenize("\u{301}e"), vec![(2, 3)]);
        assert_eq!(fold("e\u{301}te\u{301}"), "ete");
    }
}
