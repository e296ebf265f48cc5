//! Institutions: a head word (`ministère`, `ministry`, `army`) with the
//! country, demonym or name that makes it one.

use super::*;

/// Institutions: `le ministère azerbaïdjanais de la Défense`, `l’armée
/// azerbaïdjanaise`, `Armenia’s defence ministry`, `the Ministry of Defence`.
/// A head word alone (`le ministère`) is not one: it needs a country, a
/// demonym or a capitalised name.
pub(super) fn institutions(tokens: &[Token<'_>], lang: Lang, s: usize) -> Vec<Raw> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < tokens.len() {
        let Some(&(_, kind)) = INSTITUTIONS.iter().find(|(h, _)| tokens[k].is(&[h])) else {
            k += 1;
            continue;
        };
        let mut start = k;
        let mut end = k + 1;
        let mut country: Option<usize> = None;
        let mut named = false;
        // English: the country or demonym and portfolio words before the head.
        let mut b = k;
        while b > 0 && k - b < 4 {
            let p = &tokens[b - 1];
            if p.is(PORTFOLIOS) {
                b -= 1;
            } else if let Some(c) = country_of_demonym(p) {
                country = Some(c);
                b -= 1;
                start = b;
                break;
            } else if p.is_capitalised() && demonym_shaped(&fold(p.text)) {
                // `the Velorian defence ministry`: a demonym the table does not know.
                named = true;
                b -= 1;
                start = b;
                break;
            } else if p.is(&["s"]) && b >= 3 && tokens[b - 2].text.chars().all(is_apostrophe) {
                if let Some(c) = country_named(tokens[b - 3].text) {
                    country = Some(c);
                    start = b - 3;
                }
                break;
            } else {
                break;
            }
        }
        // `forces armées`, then a demonym, then `de la Défense` / `of Defence`.
        if tokens.get(end).is_some_and(|t| t.is(&["armées", "armed"])) {
            end += 1;
        }
        if country.is_none()
            && let Some(c) = tokens.get(end).and_then(country_of_demonym)
        {
            country = Some(c);
            end += 1;
        }
        let mut j = end;
        while tokens
            .get(j)
            .is_some_and(|t| t.is(CONNECTORS) || t.text.chars().all(is_apostrophe))
        {
            j += 1;
        }
        if j > end
            && tokens
                .get(j)
                .is_some_and(|t| t.is_capitalised() && !t.is(NOT_NAMES))
        {
            end = j + 1;
            named = true;
            // `des Affaires étrangères`
            while tokens
                .get(end)
                .is_some_and(|t| t.is_capitalised() && !t.is(NOT_NAMES) || name_adjective(t, lang))
            {
                end += 1;
            }
        }
        if tokens[k].is(&["forces"]) && country.is_none() {
            k += 1;
            continue;
        }
        if country.is_none() && !named {
            k += 1;
            continue;
        }
        let words = &tokens[start..end];
        let text = join(words);
        let mut display = text.clone();
        if let Some(first) = display.chars().next() {
            display = first
                .to_uppercase()
                .chain(display.chars().skip(1))
                .collect();
        }
        out.push(Raw {
            key: format!("institution:{}", fold(&text)),
            name: display,
            form: text,
            kind,
            kind_reason: Some(if kind == "government" {
                "a ministry or government"
            } else {
                "an army or armed forces"
            }),
            affiliation: country,
            sentence: s,
            tokens: start..end,
            speaker: true,
            initial: false,
        });
        k = end;
    }
    out
}
