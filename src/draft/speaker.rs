//! Who said it: the speaker of a sentence that reports someone's words.

use std::ops::Range;

use super::words::{self, Token};
use super::{actors, hedges};

/// Words that may stand between a speaker and the reporting verb: `a`,
/// `ont`, `has`, `had`, `récemment`, `also`.
#[rustfmt::skip]
const AUXILIARIES: &[&str] = &[
    "a", "ont", "avait", "avaient", "aurait", "auraient", "has", "have", "had", "also", "aussi",
    "récemment", "recently", "then", "alors", "encore", "still", "déjà", "already", "would",
    "ne", "n", "pas", "not",
];

/// Words between a reporting verb and the speaker after it: `selon la
/// préfecture`, `said the minister`, `affirme leur porte-parole, Jean Roux`.
#[rustfmt::skip]
const BEFORE_SPEAKER: &[&str] = &[
    "le", "la", "les", "l", "the", "by", "par", "to", "à", "leur", "son", "sa", "ses", "his",
    "her", "its", "their", "porte-parole", "spokesman", "spokeswoman", "spokesperson",
];

/// The speaker of a sentence, from its first reporting verb outside quotations:
/// 1. an actor named right before the verb (`le ministère … affirme`,
///    `the United Nations said`), unless it follows `à`/`in`, a place
///    (`le ministère de la Défense à Bakou a accusé`);
/// 2. after `selon`, `according to`, `d’après`: the actor named after it;
/// 3. when the verb follows a quotation or a comma, an actor named right
///    after it (`”, said Amira Haddad`, `», témoigne Claire Fontaine`,
///    `», affirme leur porte-parole, Jean Roux`);
/// 4. the first actor named before the verb; else none.
pub fn speaker(
    tokens: &[Token<'_>],
    quotes: &[Range<usize>],
    in_quote: &[bool],
    here: &[&actors::Mention],
) -> Option<usize> {
    let verb = hedges::first_reporting(tokens, quotes)?;
    let candidates: Vec<&actors::Mention> = here
        .iter()
        .copied()
        .filter(|m| m.speaker && !in_quote[m.tokens.start])
        .collect();
    let skip = |mut k: usize, words: &[&str]| {
        while tokens.get(k).is_some_and(|t| {
            t.is(words) || t.text.chars().all(words::is_apostrophe) || t.is_punct(",")
        }) {
            k += 1;
        }
        k
    };
    let at_verb = |m: &&actors::Mention| {
        skip(m.tokens.end, AUXILIARIES) == verb
            && !(m.tokens.start > 0
                && tokens[m.tokens.start - 1].is(&["à", "in", "en", "au", "at"]))
    };
    let after = |k: usize| {
        candidates
            .iter()
            .find(|m| m.tokens.start == k)
            .map(|m| m.actor)
    };
    let by_source = tokens[verb].is(&["selon", "according"])
        || tokens[verb].is(&["après"]) && verb > 1 && tokens[verb - 2].is(&["d"]);
    if by_source {
        let k = skip(verb + 1, &["to", "le", "la", "les", "l", "the"]);
        return after(k);
    }
    if let Some(m) = candidates.iter().find(|m| at_verb(m)) {
        return Some(m.actor);
    }
    // Only an inverted verb, right after a quotation or a comma, has its
    // speaker after it; otherwise what follows is its object (`accusé les forces`).
    let mut v = verb;
    while v > 0 && tokens[v - 1].is(AUXILIARIES) {
        v -= 1;
    }
    let inverted = v > 0 && tokens[v - 1].is_punct(",»”\"");
    let mut k = verb + 1;
    while tokens
        .get(k)
        .is_some_and(|t| t.is(BEFORE_SPEAKER) || actors::is_title_word(t) || t.is_punct(","))
    {
        k += 1;
    }
    if inverted && let Some(a) = after(k) {
        return Some(a);
    }
    candidates
        .iter()
        .find(|m| m.tokens.start < verb)
        .map(|m| m.actor)
}
