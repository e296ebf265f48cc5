//! How sure the article is: hedges that make a figure approximate, and the
//! reporting verbs and conditionals that lower a claim's credibility.

use std::ops::Range;

use super::words::{Token, join};

/// Words right before a number that make it approximate. Apostrophes are
/// dropped before comparing, so `jusqu’à` is `jusqu à`.
const BEFORE: &[&[&str]] = &[
    &["quelque"],
    &["environ"],
    &["près", "de"],
    &["près", "d"],
    &["plus", "de"],
    &["plus", "d"],
    &["moins", "de"],
    &["moins", "d"],
    &["au", "moins"],
    &["presque"],
    &["quasiment"],
    &["approximativement"],
    &["autour", "de"],
    &["jusqu", "à"],
    &["some"],
    &["about"],
    &["around"],
    &["nearly"],
    &["almost"],
    &["roughly"],
    &["approximately"],
    &["more", "than"],
    &["over"],
    &["at", "least"],
    &["up", "to"],
    &["estimated"],
    &["less", "than"],
    &["fewer", "than"],
    &["close", "to"],
    &["upwards", "of"],
];

/// Words right after a number or its unit that make it approximate.
const AFTER: &[&[&str]] = &[&["environ"], &["or", "so"], &["approximately"]];

/// An estimate anywhere in the figure's clause makes it approximate:
/// `On estime que 120 000 …`, `… are estimated to live …`.
const ESTIMATE: &[&str] = &[
    "estime",
    "estimé",
    "estimés",
    "estimée",
    "estimées",
    "estimation",
    "estimations",
    "estimated",
    "estimate",
    "estimates",
    "estimating",
];

/// Conditional and hearsay: the article does not vouch for what follows.
const HEARSAY: &[&[&str]] = &[
    &["aurait"],
    &["auraient"],
    &["serait"],
    &["seraient"],
    &["pourrait"],
    &["pourraient"],
    &["reportedly"],
    &["allegedly"],
    &["purportedly"],
    &["supposedly"],
    &["unconfirmed"],
    &["non", "confirmé"],
    &["non", "confirmés"],
    &["non", "confirmées"],
    &["was", "said", "to"],
    &["were", "said", "to"],
    &["is", "said", "to"],
    &["are", "said", "to"],
    &["was", "reported", "to"],
    &["were", "reported", "to"],
    &["is", "believed", "to"],
    &["are", "believed", "to"],
    &["was", "believed", "to"],
    &["were", "believed", "to"],
    &["would", "have"],
];

/// Verbs and prepositions that attribute a claim to someone.
#[rustfmt::skip]
pub const REPORTING: &[&str] = &[
    // French
    "selon", "déclaré", "déclare", "déclarent", "dit", "affirme", "affirmé", "affirment",
    "ajouté", "ajoute", "annoncé", "annonce", "indiqué", "indique", "précisé", "souligné",
    "expliqué", "accusé", "accuse", "nié", "nie", "démenti", "dément", "assuré", "assure",
    "insisté", "parlé", "répondu", "averti", "prévenu", "dénoncé", "exhorté", "appelé",
    "demandé", "confirmé", "rapporté", "signalé", "estimé", "jugé", "qualifié", "réclamé",
    "écrit", "martelé", "témoigne", "raconte", "confie", "explique", "souligne", "reconnaît",
    "poursuit", "conclut",
    // English
    "according", "said", "says", "say", "told", "tells", "added", "adds", "stated", "declared",
    "announced", "claimed", "claims", "accused", "denied", "denies", "insisted", "warned",
    "urged", "wrote", "tweeted", "confirmed", "reported", "described", "argued", "noted",
    "explained", "asserted", "maintained", "admitted",
];

/// The words of `tokens` without apostrophes and other punctuation, with
/// each word's token index.
fn words<'a>(tokens: &'a [Token<'a>]) -> Vec<(usize, String)> {
    tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| t.is_word())
        .map(|(i, t)| (i, t.lower()))
        .collect()
}

fn ends_with(words: &[(usize, String)], phrase: &[&str]) -> bool {
    words.len() >= phrase.len()
        && words[words.len() - phrase.len()..]
            .iter()
            .zip(phrase)
            .all(|((_, w), p)| w == p)
}

/// The hedge that makes the number at `number` (its tokens, unit included)
/// approximate, as the article writes it; `clause` bounds the search for an
/// estimate. Only words (not commas) may stand between a hedge and the number.
pub fn approximate(
    tokens: &[Token<'_>],
    number: &Range<usize>,
    clause: &Range<usize>,
) -> Option<String> {
    let start = number.start;
    // The words right before, up to a punctuation mark other than an apostrophe.
    let mut from = start;
    while from > clause.start
        && (tokens[from - 1].is_word() || tokens[from - 1].is_punct("'’$€£"))
        && start - from < 4
    {
        from -= 1;
    }
    let before = words(&tokens[from..start]);
    for phrase in BEFORE {
        if ends_with(&before, phrase) {
            let first = before[before.len() - phrase.len()].0 + from;
            return Some(join(&tokens[first..start]));
        }
    }
    let after = words(&tokens[number.end..clause.end.min(number.end + 3).max(number.end)]);
    for phrase in AFTER {
        if after.len() >= phrase.len() && after.iter().zip(phrase.iter()).all(|((_, w), p)| w == p)
        {
            let last = after[phrase.len() - 1].0 + number.end;
            return Some(join(&tokens[number.end..last + 1]));
        }
    }
    tokens[clause.clone()]
        .iter()
        .find(|t| t.is(ESTIMATE))
        .map(|t| t.text.to_owned())
}

/// How a sentence lowers the credibility of what it states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grade {
    /// 4 (doubtful) for the conditional and hearsay, 3 (possibly true) for a
    /// claim attributed to someone: the cautious end of the ranges that
    /// docs/format.md gives for each.
    pub credibility: u8,
    pub why: String,
}

/// The grade the words of a sentence (outside quotations, `skip`) call for, if any.
pub fn grade(tokens: &[Token<'_>], skip: &[Range<usize>]) -> Option<Grade> {
    let inside = super::quotes::mask(tokens.len(), skip);
    let outside: Vec<Token<'_>> = tokens
        .iter()
        .zip(&inside)
        .filter(|(_, inside)| !**inside)
        .map(|(t, _)| *t)
        .collect();
    let ws = words(&outside);
    for end in 1..=ws.len() {
        for phrase in HEARSAY {
            if ends_with(&ws[..end], phrase) {
                let words: Vec<&str> = ws[end - phrase.len()..end]
                    .iter()
                    .map(|&(k, _)| outside[k].text)
                    .collect();
                return Some(Grade {
                    credibility: 4,
                    why: format!("conditional or hearsay: \"{}\"", words.join(" ")),
                });
            }
        }
    }
    ws.iter()
        .find(|(_, w)| REPORTING.contains(&w.as_str()))
        .map(|&(k, _)| Grade {
            credibility: 3,
            why: format!("attributed: \"{}\"", outside[k].text),
        })
}

/// The index of the first reporting verb in `tokens` outside `skip`.
pub fn first_reporting(tokens: &[Token<'_>], skip: &[Range<usize>]) -> Option<usize> {
    let inside = super::quotes::mask(tokens.len(), skip);
    tokens
        .iter()
        .enumerate()
        .find(|&(k, t)| !inside[k] && t.is(REPORTING))
        .map(|(k, _)| k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::words::tokenize;

    fn hedge(s: &str, number: &str) -> Option<String> {
        let t = tokenize(s, 0..s.len());
        let at = t.iter().position(|t| t.text == number).unwrap();
        approximate(&t, &(at..at + 2), &(0..t.len()))
    }

    #[test]
    fn hedges_before_after_and_estimates() {
        assert_eq!(
            hedge("maintenu par quelque 3 000 soldats", "3").as_deref(),
            Some("quelque")
        );
        assert_eq!(hedge("près de 40 morts", "40").as_deref(), Some("près de"));
        assert_eq!(
            hedge("plus d’une centaine, jusqu’à 30 blessés", "30").as_deref(),
            Some("jusqu’à")
        );
        assert_eq!(
            hedge("On estime que 120 000 Arméniens", "120").as_deref(),
            Some("estime")
        );
        assert_eq!(
            hedge("an estimated 120,000 people", "120").as_deref(),
            Some("estimated")
        );
        assert_eq!(
            hedge("more than 300 people", "300").as_deref(),
            Some("more than")
        );
        assert_eq!(hedge("300 people or so", "300").as_deref(), Some("or so"));
        assert_eq!(hedge("Onze policiers auraient été tués", "Onze"), None);
        assert_eq!(hedge("some, 40 people", "40"), None);
    }

    fn graded(s: &str) -> Option<u8> {
        grade(&tokenize(s, 0..s.len()), &[]).map(|g| g.credibility)
    }

    #[test]
    fn conditionals_and_reporting_verbs_lower_credibility() {
        assert_eq!(graded("Onze policiers auraient été tués."), Some(4));
        assert_eq!(graded("Eleven officers were said to have died."), Some(4));
        assert_eq!(graded("Eleven officers were reportedly killed."), Some(4));
        assert_eq!(graded("Selon l’armée, 40 soldats sont morts."), Some(3));
        assert_eq!(graded("The ministry said 40 soldiers died."), Some(3));
        assert_eq!(graded("40 soldiers died."), None);
    }
}
