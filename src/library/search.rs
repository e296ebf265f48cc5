//! Full-text search over the index: every match ranked by FTS5's `bm25()`
//! (titles weighted highest), and only the hits returned given a passage
//! (chosen in [`super::passage`] from `highlight()`'s marks, or from
//! [`super::terms`] for a large column), so a search costs the index's
//! lookup and the hits returned, not a pass over the files. [`typed`]
//! turns what a person types into a query.

use std::path::{Path, PathBuf};

use rusqlite::params;

use super::db::{Db, given_path};
use super::fresh::Rows;
use super::passage::Marked;

mod listed;
mod typed;

pub use listed::{Listed, listed};
pub use typed::typed;

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

/// The passage as one line, `[`/`]` around each match.
fn marked_line(passage: &[(String, bool)]) -> String {
    let mut line = String::new();
    for (text, hit) in passage {
        if *hit {
            line.push('[');
            line.push_str(text);
            line.push(']');
        } else {
            line.push_str(text);
        }
    }
    line
}

/// What a search found: the best hits, and how many briefings matched in
/// all (the hits may be fewer: at most the limit asked for).
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub hits: Vec<Hit>,
    pub matched: usize,
    /// Each file of a duplicated id under the roots, with the error the
    /// library gives it: of those, only the one listed is found.
    pub duplicates: Vec<crate::briefing::Diagnostic>,
}

/// The ranking: titles weigh most, then the summary, actors, timeline,
/// figures, quotes, and source texts.
const BM25: &str = "bm25(text, 10.0, 4.0, 3.0, 2.0, 2.0, 2.0, 1.0)";

/// A plain SQLITE_ERROR from MATCH is the query's fault (a syntax error,
/// an unterminated string, a column that does not exist); anything else
/// (busy, damaged, I/O) is the database's.
fn query_error(e: rusqlite::Error) -> SearchError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::Unknown) => SearchError::Query(in_our_words(&e.to_string())),
        _ => SearchError::Database(e.to_string()),
    }
}

/// FTS5's complaint about a query, said in the terms docs/search.md uses
/// (FTS5's own words name its internals: "unknown special query").
fn in_our_words(fts5: &str) -> String {
    if fts5.starts_with("unknown special query") {
        return "`*` goes at the end of a word (lach*), not alone or before one".to_owned();
    }
    if fts5 == "unterminated string" {
        return "a phrase's closing `\"` is missing".to_owned();
    }
    if let Some(col) = fts5.strip_prefix("no such column: ") {
        return format!(
            "`{col}:` is not a part brief searches: title, summary, actors, timeline, figures, quotes or sources"
        );
    }
    if fts5.contains("parser stack overflow") {
        return "too many brackets, one inside another".to_owned();
    }
    match fts5.strip_prefix("fts5: syntax error near ") {
        Some("\"\"") => "the query stops short: a word is missing at its end".to_owned(),
        Some(near) => format!("unexpected {near}"),
        None => fts5.to_owned(),
    }
}

impl Db {
    /// [`Db::search_all`] under one root.
    pub fn search(&self, root: &Path, query: &str, limit: usize) -> Result<Vec<Hit>, SearchError> {
        self.search_all(&[root.to_owned()], query, limit)
    }

    /// The briefings under `roots` whose text matches `query` (FTS5
    /// syntax), best first, then by path, at most `limit`; of several files
    /// with one id, only the one the library lists (the first by path).
    pub fn search_all(
        &self,
        roots: &[PathBuf],
        query: &str,
        limit: usize,
    ) -> Result<Vec<Hit>, SearchError> {
        let rows = self
            .rows(roots)
            .map_err(|e| SearchError::Database(e.to_string()))?;
        Ok(self.search_rows(roots, &rows, query, limit)?.hits)
    }

    /// [`Db::search_all`] over rows already read (in the same transaction).
    pub fn search_rows(
        &self,
        roots: &[PathBuf],
        rows: &Rows,
        query: &str,
        limit: usize,
    ) -> Result<Found, SearchError> {
        let (listed, duplicates) = listed(roots, rows);
        self.search_listed(roots, &listed, duplicates, query, limit)
    }

    /// The search over the rows the library lists (`listed`, by row
    /// number): every match is ranked (FTS5's bm25, a lookup of the row's
    /// column sizes), and only the hits kept are given their id, title and
    /// passage, which costs FTS5 a pass over the document's text.
    pub fn search_listed(
        &self,
        roots: &[PathBuf],
        listed: &[Listed<'_>],
        duplicates: Vec<crate::briefing::Diagnostic>,
        query: &str,
        limit: usize,
    ) -> Result<Found, SearchError> {
        if query.len() > QUERY_BYTES {
            return Err(SearchError::Query(format!(
                "a query is at most {QUERY_BYTES} bytes; this one is {}",
                query.len()
            )));
        }
        let mut ranked: Vec<(f64, usize)> = Vec::new();
        {
            let mut stmt = self
                .conn
                .prepare(&format!(
                    "SELECT rowid, {BM25} FROM text WHERE text MATCH ?1"
                ))
                .map_err(query_error)?;
            let mut q = stmt.query([query]).map_err(query_error)?;
            // The matches come by row number, as `listed` is: one walk
            // through both (a search where they do not).
            let mut at = 0;
            while let Some(r) = q.next().map_err(query_error)? {
                let n: i64 = r.get(0).map_err(query_error)?;
                if listed.get(at).is_some_and(|l| l.n > n) {
                    at = listed.partition_point(|l| l.n < n);
                }
                while listed.get(at).is_some_and(|l| l.n < n) {
                    at += 1;
                }
                if listed.get(at).is_some_and(|l| l.n == n) {
                    ranked.push((r.get(1).map_err(query_error)?, at));
                }
            }
        }
        let matched = ranked.len();
        ranked.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        // Ties at the limit are settled by path, so every one is kept
        // until the paths are known.
        if limit == 0 {
            ranked.clear();
        } else if let Some(&(cut, _)) = ranked.get(limit - 1) {
            ranked.truncate(ranked.partition_point(|(score, _)| score.total_cmp(&cut).is_le()));
        }
        let mut hits: Vec<(Hit, i64)> = ranked
            .into_iter()
            .map(|(score, i)| {
                let l = &listed[i];
                (
                    Hit {
                        path: given_path(&roots[l.root], l.rel),
                        id: String::new(),
                        title: String::new(),
                        snippet: String::new(),
                        passage: Vec::new(),
                        score,
                    },
                    l.n,
                )
            })
            .collect();
        hits.sort_by(|(a, _), (b, _)| {
            a.score
                .total_cmp(&b.score)
                .then_with(|| a.path.cmp(&b.path))
        });
        hits.truncate(limit);
        let named = self
            .names(hits.iter().map(|(_, n)| *n))
            .map_err(|e| SearchError::Database(e.to_string()))?;
        for ((hit, _), (id, title)) in hits.iter_mut().zip(named) {
            (hit.id, hit.title) = (id, title);
        }
        self.passages(query, &mut hits).map_err(query_error)?;
        Ok(Found {
            hits: hits.into_iter().map(|(h, _)| h).collect(),
            matched,
            duplicates,
        })
    }

    /// The id and title of the rows numbered `ns`.
    fn names(&self, ns: impl Iterator<Item = i64>) -> rusqlite::Result<Vec<(String, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, title FROM files WHERE n = ?1")?;
        ns.map(|n| stmt.query_row([n], |r| Ok((r.get(0)?, r.get(1)?))))
            .collect()
    }

    /// Each hit's passage, in one pass over the matches: FTS5's
    /// highlight() of the rows asked for only, the passage chosen from it in
    /// linear time ([`super::passage`]: snippet() itself goes through every
    /// match once per match).
    fn passages(&self, query: &str, hits: &mut [(Hit, i64)]) -> rusqlite::Result<()> {
        if hits.is_empty() {
            return Ok(());
        }
        let mut wanted: Vec<(i64, usize)> =
            hits.iter().enumerate().map(|(i, (_, n))| (*n, i)).collect();
        wanted.sort_unstable();
        let list = format!(
            "[{}]",
            wanted
                .iter()
                .map(|(n, _)| n.to_string())
                .collect::<Vec<_>>()
                .join(",")
        );
        // Marks no briefing can hold: random for each search.
        let nonce = std::hash::BuildHasher::hash_one(&std::hash::RandomState::new(), 0u8);
        let (open, close) = (
            format!("\u{1}{nonce:016x}\u{2}"),
            format!("\u{2}{nonce:016x}\u{1}"),
        );
        // A column larger than `HIGHLIGHTED` is marked here: highlight()
        // copies all it has written at every mark, so a text of many
        // matches cost it the square of its size.
        let columns = COLUMN_NAMES
            .iter()
            .enumerate()
            .map(|(c, name)| {
                format!(
                    "CASE WHEN {small} THEN highlight(text, {c}, ?5, ?6) END,
                     CASE WHEN NOT ({small}) THEN {name} END",
                    // Bytes, as a blob: length() of a text stops at a NUL,
                    // and highlight() drops what follows one.
                    small = format!(
                        "length(CAST({name} AS BLOB)) <= {HIGHLIGHTED}
                         AND instr(CAST({name} AS BLOB), x'00') = 0"
                    )
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        // Only the matches between the first and the last hit wanted are
        // gone through (FTS5 keeps to a rowid range in its own lists), each
        // looked up once among those wanted (`+`: a filter on the rows
        // found, not one FTS5 query per row wanted), and only those wanted
        // are given their columns.
        let mut stmt = self.conn.prepare(&format!(
            "SELECT rowid, {columns} FROM text
             WHERE text MATCH ?1 AND rowid BETWEEN ?3 AND ?4
               AND +rowid IN (SELECT value FROM json_each(?2))"
        ))?;
        let (first, last) = (wanted[0].0, wanted[wanted.len() - 1].0);
        let mut q = stmt.query(params![query, list, first, last, open, close])?;
        let phrases = super::terms::phrases(query);
        while let Some(r) = q.next()? {
            let n: i64 = r.get(0)?;
            let Ok(w) = wanted.binary_search_by_key(&n, |(n, _)| *n) else {
                continue;
            };
            let mut texts: Vec<std::borrow::Cow<'_, str>> = Vec::with_capacity(COLUMN_NAMES.len());
            for c in 0..COLUMN_NAMES.len() {
                let highlighted = r.get_ref(1 + 2 * c)?.as_str_or_null()?;
                let large = r.get_ref(2 + 2 * c)?.as_str_or_null()?;
                texts.push(match (highlighted, large) {
                    (Some(h), _) => h.into(),
                    (None, Some(text)) => super::terms::mark(text, &phrases, &open, &close).into(),
                    (None, None) => "".into(),
                });
            }
            let marked: Vec<Marked<'_>> = texts
                .iter()
                .map(|text| Marked {
                    text,
                    open: &open,
                    close: &close,
                })
                .collect();
            let hit = &mut hits[wanted[w].1].0;
            hit.passage = super::passage::passage(&marked, PASSAGE_TOKENS, "…");
            hit.snippet = marked_line(&hit.passage);
        }
        Ok(())
    }
}

/// The longest query searched, in bytes: FTS5's cost grows with the square
/// of a query's words (8,000 words took 7 s).
pub const QUERY_BYTES: usize = 4096;

/// The index's full-text columns, in order.
const COLUMN_NAMES: [&str; 7] = [
    "title", "summary", "actors", "timeline", "figures", "quotes", "sources",
];

/// The largest column, in bytes, whose matches FTS5's highlight() marks
/// (about 10 ms for one of 4,000 matches); larger ones, and any holding a
/// NUL (highlight() drops what follows it), are marked by [`super::terms`].
const HIGHLIGHTED: usize = 16 * 1024;

/// The words of a passage, as snippet() was asked for them before.
const PASSAGE_TOKENS: usize = 12;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts5s_complaints_are_said_in_the_words_of_the_docs() {
        let db = Db::memory();
        let said = |q: &str| match db.search(Path::new("/lib"), q, 10) {
            Err(SearchError::Query(why)) => why,
            other => panic!("{q}: {other:?}"),
        };
        assert_eq!(
            said("*"),
            "`*` goes at the end of a word (lach*), not alone or before one"
        );
        assert_eq!(said("*lachin"), said("*"));
        assert_eq!(said("lachin\""), "a phrase's closing `\"` is missing");
        assert!(said("nope:x").starts_with("`nope:` is not a part brief searches: title,"));
        assert_eq!(
            said("lachin AND"),
            "the query stops short: a word is missing at its end"
        );
        assert_eq!(said("NEAR("), said("lachin AND"));
        assert_eq!(said("AND"), "unexpected \"AND\"");
        assert_eq!(
            said(&"(".repeat(20_000)),
            "a query is at most 4096 bytes; this one is 20000"
        );
        assert_eq!(
            said(&format!("{}lachin", "(".repeat(3000))),
            "too many brackets, one inside another"
        );
    }

    #[test]
    fn a_passage_is_one_line_with_its_matches_in_brackets() {
        let p = vec![
            ("…the ".to_owned(), false),
            ("Lachin".to_owned(), true),
            (" road [sic]…".to_owned(), false),
        ];
        assert_eq!(marked_line(&p), "…the [Lachin] road [sic]…");
    }
}
