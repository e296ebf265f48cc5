//! Figures: numbers written in digits or in words, with the noun they count.

use std::ops::Range;

use super::Lang;
use super::words::{Token, touching};

/// A number found in a sentence, before it becomes a figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    /// Token indices in the sentence, the unit included.
    pub tokens: Range<usize>,
    pub value: f64,
    /// The noun after the number: `policiers`, `peacekeepers`, `%`.
    pub unit: String,
    /// Written in words (`onze`), not digits.
    pub in_words: bool,
}

/// Number words and their values. `un`, `une` and `one` are left out: they
/// are far more often articles and pronouns than counts.
const WORDS: &[(&str, u64)] = &[
    ("deux", 2),
    ("trois", 3),
    ("quatre", 4),
    ("cinq", 5),
    ("six", 6),
    ("sept", 7),
    ("huit", 8),
    ("neuf", 9),
    ("dix", 10),
    ("onze", 11),
    ("douze", 12),
    ("treize", 13),
    ("quatorze", 14),
    ("quinze", 15),
    ("seize", 16),
    ("vingt", 20),
    ("vingts", 20),
    ("trente", 30),
    ("quarante", 40),
    ("cinquante", 50),
    ("soixante", 60),
    ("cent", 100),
    ("cents", 100),
    ("mille", 1000),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
    ("hundred", 100),
    ("thousand", 1000),
];

/// Words that multiply what comes before: `1,5 million`, `three billion`.
const SCALES: &[(&str, f64)] = &[
    ("million", 1e6),
    ("millions", 1e6),
    ("milliard", 1e9),
    ("milliards", 1e9),
    ("billion", 1e9),
    ("billions", 1e9),
    ("thousand", 1e3),
    ("mille", 1e3),
];

/// Inside a compound number word: `un` only after a ten (`vingt et un`).
const INNER: &[(&str, u64)] = &[("un", 1), ("une", 1), ("one", 1)];

/// A number word preceded by one of these names things already known (`les
/// deux pays`, `the two countries`), and is not a count worth a figure.
const DEFINITE: &[&str] = &[
    "les", "ces", "des", "nos", "vos", "leurs", "the", "these", "those", "both", "their", "our",
    "its", "his", "her",
];

/// A number after one of these is a name or a reference, not a count.
#[rustfmt::skip]
const REFERENCE: &[&str] = &[
    "article", "articles", "résolution", "resolution", "numéro", "number", "no", "n", "route",
    "page", "chapitre", "chapter", "section", "vol", "flight", "level", "niveau", "phase",
    "tome", "annexe", "annex", "point", "paragraphe", "paragraph", "code",
];

/// Between a number and its noun: `millions de personnes`, `dozens of`.
const OF: &[&str] = &["de", "d", "of"];

/// Adjectives that come before the noun they qualify. English puts most
/// adjectives there, and demonyms (`3,000 Russian peacekeepers`) are skipped
/// too; French puts few there.
#[rustfmt::skip]
const ADJECTIVES_EN: &[&str] = &[
    "more", "other", "additional", "new", "further", "armed", "ethnic", "local", "foreign",
    "military", "civilian", "young", "small", "large", "separate", "different", "injured",
    "wounded", "displaced", "former", "senior", "elderly", "unarmed",
];
#[rustfmt::skip]
const ADJECTIVES_FR: &[&str] = &[
    "autres", "nouveaux", "nouvelles", "nouveau", "nouvelle", "premiers", "premières",
    "derniers", "dernières", "jeunes", "petits", "petites", "grands", "grandes", "anciens",
    "anciennes", "principaux", "principales", "seuls", "seules",
];

/// Currency signs before a number stand for its unit.
const CURRENCIES: &[(&str, &str)] = &[("$", "dollars"), ("€", "euros"), ("£", "pounds")];

/// Whether a word is a number word (`onze`, `twenty-five`), so not a name.
pub fn is_number_word(t: &Token<'_>) -> bool {
    t.is_word() && compound(&t.text.split(['-', '‑']).collect::<Vec<_>>()).is_some()
}

fn scale(t: &Token<'_>) -> Option<f64> {
    if !t.is_word() {
        return None;
    }
    let w = t.lower();
    SCALES.iter().find(|(n, _)| *n == w).map(|&(_, v)| v)
}

/// Reads the number words of one compound (`vingt-deux`, `quatre-vingts`,
/// `two hundred and fifty`, `trois mille`), or `None` if a part is not one or
/// the parts do not make a number (`deux trois`).
fn compound(parts: &[&str]) -> Option<u64> {
    let (mut total, mut current, mut last) = (0u64, 0u64, u64::MAX);
    for (k, part) in parts.iter().enumerate() {
        let p = part.to_lowercase();
        let value = WORDS
            .iter()
            .chain(INNER)
            .find(|(n, _)| *n == p)
            .map(|&(_, v)| v);
        match (p.as_str(), value) {
            ("et" | "and", _) if k > 0 && k + 1 < parts.len() => {}
            // `cent cent cent…` would overflow: no number is written so.
            (_, Some(100)) => {
                current = current.max(1).checked_mul(100)?;
                last = 100;
            }
            (_, Some(1000)) => {
                total = total.checked_add(current.max(1).checked_mul(1000)?)?;
                current = 0;
                last = 1000;
            }
            // `quatre-vingt(s)` is four twenties.
            (_, Some(20)) if current % 100 == 4 && last == 4 => {
                current = current - 4 + 80;
                last = 20;
            }
            (_, Some(1)) if k == 0 => return None,
            (_, Some(v)) if v < last => {
                current = current.checked_add(v)?;
                last = v;
            }
            _ => return None,
        }
    }
    total.checked_add(current)
}

/// The number starting at token `i`, if any, with the token after it. Digits
/// take any thousands separator (space, no-break or narrow no-break space,
/// comma; in French also a full stop) when groups of exactly three digits
/// follow; a decimal part follows `,` in French and `.` in English.
fn digits_at(text: &str, tokens: &[Token<'_>], i: usize, lang: Lang) -> Option<(f64, usize)> {
    let first = &tokens[i];
    if !first.is_digits() {
        return None;
    }
    let mut int = first.text.to_owned();
    let mut j = i + 1;
    let decimal_mark = if lang == Lang::Fr { ',' } else { '.' };
    if first.text.len() <= 3 {
        let mut sep: Option<&str> = None;
        loop {
            let prev = &tokens[j - 1];
            // The separator is white space between two runs of digits, or a
            // mark touching both.
            let (gap, next_at) = match tokens.get(j) {
                Some(m) if m.is_punct(",.'’") && touching(prev, m) => (m.text, j + 1),
                Some(d) if d.is_digits() => (&text[prev.end..d.start], j),
                _ => break,
            };
            let Some(next) = tokens.get(next_at) else {
                break;
            };
            if !(next.is_digits() && next.text.len() == 3)
                || next_at > j && !touching(&tokens[j], next)
            {
                break;
            }
            let ok = match gap {
                " " | "\u{a0}" | "\u{202f}" | "\u{2009}" | "'" | "’" | "," => true,
                "." => lang == Lang::Fr,
                _ => false,
            };
            // The separator stays the same throughout; in French `1,5` is a decimal.
            if !ok || sep.is_some_and(|s| s != gap) || gap == "," && lang == Lang::Fr {
                break;
            }
            sep = Some(gap);
            int.push_str(next.text);
            j = next_at + 1;
        }
    }
    let mut value: f64 = int.parse().ok()?;
    // A decimal part: the mark between two runs of digits, touching both.
    if let (Some(mark), Some(frac)) = (tokens.get(j), tokens.get(j + 1))
        && mark.text.starts_with(decimal_mark)
        && mark.text.len() == 1
        && touching(&tokens[j - 1], mark)
        && touching(mark, frac)
        && frac.is_digits()
    {
        value += format!("0.{}", frac.text).parse::<f64>().ok()?;
        j += 2;
    }
    Some((value, j))
}

/// Every number in a sentence's tokens, skipping the tokens in `taken` (dates).
pub fn find(text: &str, tokens: &[Token<'_>], taken: &[Range<usize>], lang: Lang) -> Vec<Number> {
    let taken = super::quotes::mask(tokens.len(), taken);
    let free = |k: usize| !taken[k];
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !free(i) {
            i += 1;
            continue;
        }
        let t = &tokens[i];
        let before = i.checked_sub(1).map(|b| &tokens[b]);
        let (mut value, mut j, in_words) = if let Some((v, j)) = digits_at(text, tokens, i, lang) {
            (v, j, false)
        } else if let Some(v) = words_at(tokens, i) {
            (v.0 as f64, v.1, true)
        } else {
            i += 1;
            continue;
        };
        let start = i;
        i = j;
        // Glued to letters or a hyphen (`G7`, `F-16`, `COVID-19`, `1er`, `3rd`),
        // or after a reference word: a name, not a count.
        let glued_before =
            before.is_some_and(|b| touching(b, t) && (b.is_word() || b.is_punct("-/:")));
        let glued_after = tokens
            .get(j)
            .is_some_and(|a| touching(&tokens[j - 1], a) && (a.is_word() || a.is_punct("-/°:")));
        let reference = before.is_some_and(|b| b.is(REFERENCE) || b.is_punct("#"));
        if !in_words && (glued_before || glued_after || reference) {
            continue;
        }
        if in_words && before.is_some_and(|b| b.is(DEFINITE)) {
            continue;
        }
        if let Some(m) = tokens.get(j).and_then(scale) {
            value *= m;
            j += 1;
        }
        // The unit: a per cent sign, a currency sign before, or the noun after.
        let mut unit: Option<String> = None;
        if let Some(c) = before.and_then(|b| CURRENCIES.iter().find(|(s, _)| b.text == *s)) {
            unit = Some(c.1.to_owned());
        }
        if tokens.get(j).is_some_and(|p| p.is_punct("%")) {
            unit = Some("%".to_owned());
            j += 1;
        } else if tokens.get(j).is_some_and(|p| p.is(&["pour", "per"]))
            && tokens.get(j + 1).is_some_and(|c| c.is(&["cent", "cents"]))
        {
            unit = Some("%".to_owned());
            j += 2;
        } else if tokens.get(j).is_some_and(|p| p.is(&["percent"])) {
            unit = Some("%".to_owned());
            j += 1;
        }
        if unit.is_none() {
            if tokens.get(j).is_some_and(|o| o.is(OF)) {
                j += 1;
                if tokens.get(j).is_some_and(|p| p.is_punct("'’")) {
                    j += 1;
                }
            }
            let adjectives = if lang == Lang::En {
                ADJECTIVES_EN
            } else {
                ADJECTIVES_FR
            };
            for _ in 0..2 {
                let (Some(a), Some(b)) = (tokens.get(j), tokens.get(j + 1)) else {
                    break;
                };
                let skippable = a.is(adjectives) || lang == Lang::En && a.is_capitalised();
                if skippable && b.is_word() {
                    j += 1;
                } else {
                    break;
                }
            }
            if let Some(noun) = tokens
                .get(j)
                .filter(|n| n.is_word() && n.text.chars().count() > 1)
            {
                unit = Some(noun.text.to_owned());
                j += 1;
            }
        }
        let Some(unit) = unit else { continue };
        out.push(Number {
            tokens: start..j.max(i),
            value,
            unit,
            in_words,
        });
        i = j.max(i);
    }
    out
}

/// The most parts a number in words is read to.
const MAX_PARTS: usize = 16;

/// A number in words at token `i`: one hyphenated token or several joined by
/// spaces (`deux cents`, `three thousand`), and the token after it.
fn words_at(tokens: &[Token<'_>], i: usize) -> Option<(u64, usize)> {
    let split =
        |t: &Token<'_>| -> Vec<String> { t.text.split(['-', '‑']).map(str::to_owned).collect() };
    let first = &tokens[i];
    if !first.is_word() {
        return None;
    }
    let mut parts = split(first);
    let as_strs = |v: &[String]| compound(&v.iter().map(String::as_str).collect::<Vec<_>>());
    let mut value = as_strs(&parts)?;
    let mut j = i + 1;
    // The longest number in words is about ten parts (`quatre-vingt-dix-neuf
    // mille neuf cent quatre-vingt-dix-neuf`); a longer run is not read on,
    // so that each candidate costs a bounded amount however long the run.
    while let Some(next) = tokens.get(j).filter(|_| parts.len() < MAX_PARTS) {
        let (take, more) = if next.is(&["et", "and"]) {
            match tokens.get(j + 1) {
                Some(a) if a.is_word() => (2, [vec![next.text.to_owned()], split(a)].concat()),
                _ => break,
            }
        } else if next.is_word() {
            (1, split(next))
        } else {
            break;
        };
        let candidate = [parts.clone(), more].concat();
        let Some(v) = as_strs(&candidate) else { break };
        parts = candidate;
        value = v;
        j += take;
    }
    Some((value, j))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::words::tokenize;

    fn numbers(s: &str, lang: Lang) -> Vec<(f64, String)> {
        find(s, &tokenize(s, 0..s.len()), &[], lang)
            .into_iter()
            .map(|n| (n.value, n.unit))
            .collect()
    }

    fn one(s: &str, lang: Lang) -> (f64, String) {
        let all = numbers(s, lang);
        assert_eq!(all.len(), 1, "{s}: {all:?}");
        all[0].clone()
    }

    #[test]
    fn digits_with_any_thousands_separator() {
        assert_eq!(
            one("On estime que 120 000 Arméniens", Lang::Fr),
            (120000.0, "Arméniens".into())
        );
        assert_eq!(
            one("quelque 3\u{a0}000 soldats", Lang::Fr),
            (3000.0, "soldats".into())
        );
        assert_eq!(
            one("1\u{202f}250\u{202f}000 personnes", Lang::Fr),
            (1250000.0, "personnes".into())
        );
        assert_eq!(
            one("some 120,000 people", Lang::En),
            (120000.0, "people".into())
        );
        assert_eq!(
            one("3,000 Russian peacekeepers", Lang::En),
            (3000.0, "peacekeepers".into())
        );
        assert_eq!(
            one("1,5 million de personnes", Lang::Fr),
            (1500000.0, "personnes".into())
        );
        assert_eq!(
            one("2.3 million people", Lang::En),
            (2300000.0, "people".into())
        );
        assert_eq!(one("45 % des votes", Lang::Fr), (45.0, "%".into()));
        assert_eq!(
            one("$40 million in aid", Lang::En),
            (40e6, "dollars".into())
        );
    }

    #[test]
    fn number_words_in_french_and_english() {
        assert_eq!(
            one("Onze policiers et civils", Lang::Fr),
            (11.0, "policiers".into())
        );
        assert_eq!(one("à deux reprises", Lang::Fr), (2.0, "reprises".into()));
        assert_eq!(
            one("vingt-deux blessés", Lang::Fr),
            (22.0, "blessés".into())
        );
        assert_eq!(
            one("quatre-vingts villages", Lang::Fr),
            (80.0, "villages".into())
        );
        assert_eq!(
            one("trois mille réfugiés", Lang::Fr),
            (3000.0, "réfugiés".into())
        );
        assert_eq!(one("vingt et un morts", Lang::Fr), (21.0, "morts".into()));
        assert_eq!(one("eleven people", Lang::En), (11.0, "people".into()));
        assert_eq!(
            one("two hundred and fifty homes", Lang::En),
            (250.0, "homes".into())
        );
        assert_eq!(
            one("twenty-five other soldiers", Lang::En),
            (25.0, "soldiers".into())
        );
    }

    #[test]
    fn runs_of_number_words_neither_overflow_nor_go_on() {
        let cents = "cent ".repeat(40) + "morts";
        let found = numbers(&cents, Lang::Fr);
        assert!(!found.is_empty() && found.iter().all(|(v, _)| v.is_finite()));
        let thousands = "thousand ".repeat(10_000) + "people";
        assert!(!numbers(&thousands, Lang::En).is_empty());
        assert!(compound(&["cent"; 12]).is_none());
    }

    #[test]
    fn references_and_things_already_named_are_not_counts() {
        assert!(numbers("Les deux voisins", Lang::Fr).is_empty());
        assert!(numbers("the two countries", Lang::En).is_empty());
        assert!(numbers("un soldat, one man", Lang::En).is_empty());
        assert!(numbers("la résolution 2254 et le G7, F-16 et COVID-19", Lang::Fr).is_empty());
        assert!(numbers("le 1er ministre, the 3rd time", Lang::En).is_empty());
        assert!(numbers("it ended at 40.", Lang::En).is_empty());
    }
}
