//! Statements: quoted words in a sentence, and whether the sentence reports them.

use std::ops::Range;

use super::hedges;
use super::words::Token;

/// The quotations in a sentence, as token ranges that include their marks:
/// « … », “ … ”, „ … “ and pairs of straight double quotes. A closing mark
/// with no opening one (a stray ”) is ignored.
pub fn quotations(tokens: &[Token<'_>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<(usize, &str)> = None;
    for (k, t) in tokens.iter().enumerate() {
        match (open, t.text) {
            (None, "«" | "“" | "„") => open = Some((k, t.text)),
            (None, "\"") => open = Some((k, "\"")),
            (Some((s, "«")), "»") | (Some((s, "“" | "„")), "”" | "“") | (Some((s, "\"")), "\"") =>
            {
                out.push(s..k + 1);
                open = None;
            }
            _ => {}
        }
    }
    out
}

/// For each token, whether it lies inside one of `ranges` (quotations, which
/// do not overlap): built once per sentence, so that asking costs nothing.
pub fn mask(len: usize, ranges: &[Range<usize>]) -> Vec<bool> {
    let mut inside = vec![false; len];
    for r in ranges {
        for slot in &mut inside[r.start.min(len)..r.end.min(len)] {
            *slot = true;
        }
    }
    inside
}

/// Whether a sentence with quotations is a statement: a reporting verb
/// stands outside the quotations, or a quotation holds three words or more
/// (shorter ones without a verb are usually scare quotes: an “operation”).
pub fn is_statement(tokens: &[Token<'_>], quotes: &[Range<usize>]) -> bool {
    if quotes.is_empty() {
        return false;
    }
    hedges::first_reporting(tokens, quotes).is_some()
        || quotes
            .iter()
            .any(|q| tokens[q.clone()].iter().filter(|t| t.is_word()).count() >= 3)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::words::tokenize;

    fn quoted(s: &str) -> Vec<String> {
        let t = tokenize(s, 0..s.len());
        quotations(&t)
            .into_iter()
            .map(|r| s[t[r.start].start..t[r.end - 1].end].to_owned())
            .collect()
    }

    #[test]
    fn guillemets_curly_and_straight_quotes() {
        assert_eq!(
            quoted("a lancé « des activités… locales » et “seules les cibles” puis \"ok go\"."),
            [
                "« des activités… locales »",
                "“seules les cibles”",
                "\"ok go\""
            ]
        );
        assert_eq!(quoted("territoire ». territoires”."), Vec::<String>::new());
    }

    #[test]
    fn scare_quotes_alone_are_not_statements() {
        let s = "Azerbaijan launched an “antiterrorist” operation.";
        let t = tokenize(s, 0..s.len());
        assert!(!is_statement(&t, &quotations(&t)));
        let s = "Le ministère affirme avoir lancé des opérations « antiterroristes ».";
        let t = tokenize(s, 0..s.len());
        assert!(is_statement(&t, &quotations(&t)));
    }
}
