//! Full-text search over the index: one FTS5 query per library root with
//! `snippet()`, `bm25()` (titles weighted highest) and a `LIMIT`, so a
//! search costs the index's lookup and the hits returned, not a pass over
//! the files. [`typed`] turns what a person types into a query.

use std::path::{Path, PathBuf};

use rusqlite::params;

use super::db::{Db, given_path, root_key};

/// Where a hit starts and ends inside the passage FTS5 returns: control
/// characters, which every way out drops from text, so that a `[` in the
/// text is never taken for a hit.
const OPEN: char = '\u{1}';
const CLOSE: char = '\u{2}';

/// A full-text hit.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub path: PathBuf,
    pub id: String,
    pub title: String,
    /// The best matching passage, each match between `[` and `]`.
    pub snippet: String,
    /// The same passage in pieces: its text, and whether it is a match.
    pub passage: Vec<(String, bool)>,
    /// Lower is better (FTS5's bm25, titles weighted highest).
    pub score: f64,
}

impl Hit {
    /// The first matched words, as written in the briefing: what the reader
    /// looks for to open the briefing at the hit.
    pub fn first_match(&self) -> Option<&str> {
        self.passage
            .iter()
            .find(|(_, hit)| *hit)
            .map(|(t, _)| t.as_str())
    }
}

/// Why a search could not be run.
#[derive(Debug, Clone, PartialEq)]
pub enum SearchError {
    /// The query is not FTS5 syntax; the message says where.
    Query(String),
    Database(String),
}

/// The passage in pieces, and as one line with `[`/`]` around each match.
fn pieces(raw: &str) -> (Vec<(String, bool)>, String) {
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut marked = String::with_capacity(raw.len());
    let mut hit = false;
    let mut cur = String::new();
    for c in raw.chars() {
        match c {
            OPEN | CLOSE => {
                if !cur.is_empty() {
                    out.push((std::mem::take(&mut cur), hit));
                }
                hit = c == OPEN;
                marked.push(if hit { '[' } else { ']' });
            }
            c => {
                cur.push(c);
                marked.push(c);
            }
        }
    }
    if !cur.is_empty() {
        out.push((cur, hit));
    }
    (out, marked)
}

impl Db {
    /// The briefings under `root` whose text matches `query` (FTS5 syntax),
    /// best first, at most `limit`.
    pub fn search(&self, root: &Path, query: &str, limit: usize) -> Result<Vec<Hit>, SearchError> {
        let key = root_key(root);
        let run = || -> rusqlite::Result<Vec<Hit>> {
            let mut stmt = self.conn.prepare(
                "SELECT f.rel, f.id, f.title,
                        snippet(text, -1, char(1), char(2), '…', 12),
                        bm25(text, 10.0, 4.0, 3.0, 2.0, 2.0, 2.0, 1.0) AS score
                 FROM text JOIN files f ON f.n = text.rowid
                 WHERE text MATCH ?1 AND f.root = ?2
                 ORDER BY score LIMIT ?3",
            )?;
            let rows = stmt.query_map(params![query, key, limit as i64], |r| {
                let rel: Vec<u8> = r.get(0)?;
                let raw: String = r.get(3)?;
                let (passage, snippet) = pieces(&raw);
                Ok(Hit {
                    path: given_path(root, &rel),
                    id: r.get(1)?,
                    title: r.get(2)?,
                    snippet,
                    passage,
                    score: r.get(4)?,
                })
            })?;
            rows.collect()
        };
        // A plain SQLITE_ERROR from MATCH is the query's fault (a syntax
        // error, an unterminated string, a column that does not exist);
        // anything else (busy, damaged, I/O) is the database's.
        run().map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::Unknown) => SearchError::Query(e.to_string()),
            _ => SearchError::Database(e.to_string()),
        })
    }

    /// [`Db::search`] over several roots as one list: best first, then by
    /// path, at most `limit`.
    pub fn search_all(
        &self,
        roots: &[PathBuf],
        query: &str,
        limit: usize,
    ) -> Result<Vec<Hit>, SearchError> {
        let mut hits = Vec::new();
        for root in roots {
            hits.extend(self.search(root, query, limit)?);
        }
        hits.sort_by(|a, b| {
            a.score
                .total_cmp(&b.score)
                .then_with(|| a.path.cmp(&b.path))
        });
        hits.truncate(limit);
        Ok(hits)
    }
}

impl Db {
    /// The hits the library lists: of several files with one id under
    /// `roots`, only the first by path is listed (the duplicate-id policy),
    /// found through the index, without listing the whole library.
    pub fn listed(&self, roots: &[PathBuf], hits: Vec<Hit>) -> Vec<Hit> {
        let keys: Vec<(Vec<u8>, &PathBuf)> = roots.iter().map(|r| (root_key(r), r)).collect();
        let Ok(mut stmt) = self
            .conn
            .prepare("SELECT root, rel FROM files WHERE id = ?1")
        else {
            return hits;
        };
        let mut first: std::collections::HashMap<String, Option<PathBuf>> =
            std::collections::HashMap::new();
        hits.into_iter()
            .filter(|h| {
                let listed = first.entry(h.id.clone()).or_insert_with(|| {
                    let rows = stmt.query_map([&h.id], |r| {
                        Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, Vec<u8>>(1)?))
                    });
                    rows.ok()?
                        .flatten()
                        .filter_map(|(root, rel)| {
                            let (_, given) = keys.iter().find(|(k, _)| *k == root)?;
                            Some(given_path(given, &rel))
                        })
                        .min()
                });
                listed.as_deref().is_none_or(|p| p == h.path)
            })
            .collect()
    }
}

/// What a person typed, as an FTS5 query. Text that uses the query syntax
/// (a quote, parentheses, `*`, `:`, `^`, `+`, or `AND`/`OR`/`NOT`/`NEAR`)
/// is taken as it is; plain words are each quoted, so punctuation inside a
/// word (`al-Assad`, `U.S.`) is not a syntax error. With `prefix`, the
/// last word, while it is still being typed, also matches longer words
/// (`lach` finds `Lachin`).
pub fn typed(input: &str, prefix: bool) -> String {
    let words: Vec<&str> = input.split_whitespace().collect();
    let syntax = input.contains(['"', '(', ')', '*', ':', '^', '+'])
        || words
            .iter()
            .any(|w| matches!(*w, "AND" | "OR" | "NOT" | "NEAR"));
    if syntax {
        return input.trim().to_owned();
    }
    let typing = prefix && !input.ends_with(char::is_whitespace);
    let n = words.len();
    let quoted: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if typing && i + 1 == n {
                format!("\"{w}\"*")
            } else {
                format!("\"{w}\"")
            }
        })
        .collect();
    quoted.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_are_quoted_and_the_last_one_typed_is_a_prefix() {
        assert_eq!(typed("lach", true), "\"lach\"*");
        assert_eq!(typed("al-Assad corr", true), "\"al-Assad\" \"corr\"*");
        assert_eq!(typed("lachin ", true), "\"lachin\"");
        assert_eq!(typed("U.S. aid", false), "\"U.S.\" \"aid\"");
        assert_eq!(typed("   ", true), "");
    }

    #[test]
    fn query_syntax_is_kept_as_written() {
        assert_eq!(typed("lachin AND corridor", true), "lachin AND corridor");
        assert_eq!(typed("\"lachin corr", true), "\"lachin corr");
        assert_eq!(typed("title:baku", true), "title:baku");
        assert_eq!(typed("lach*", false), "lach*");
    }

    #[test]
    fn a_passage_splits_at_its_marks() {
        let (p, s) = pieces("…the \u{1}Lachin\u{2} road [sic]…");
        assert_eq!(s, "…the [Lachin] road [sic]…");
        assert_eq!(
            p,
            vec![
                ("…the ".to_owned(), false),
                ("Lachin".to_owned(), true),
                (" road [sic]…".to_owned(), false)
            ]
        );
    }
}
