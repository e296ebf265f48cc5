//! Actor candidates: capitalised names, demonyms and institutions, grouped
//! and counted.

use std::collections::HashMap;
use std::ops::Range;

use super::Lang;
use super::words::{Token, fold, is_apostrophe, join, touching};

mod group;
mod institutions;
mod lexicon;

use group::*;
use institutions::*;
use lexicon::*;

/// Whether a word is a title or one of its little words (`le préfet`, `Prime Minister`).
pub fn is_title_word(t: &Token<'_>) -> bool {
    t.is(TITLES)
}

/// A title word that says the person holds an office.
fn is_title(t: &Token<'_>) -> bool {
    t.is(TITLES) && !t.is(TITLE_FILLERS) && !t.is(HONORIFICS)
}

/// One actor candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub name: String,
    /// A format-1 actor kind: `state`, `government`, `military`, `official`,
    /// `organization`, or `other` when no rule is sure.
    pub kind: &'static str,
    /// Why the kind is not `other`, for a comment.
    pub kind_reason: Option<&'static str>,
    /// The country it belongs to, as a name, when a demonym or title says so.
    pub affiliation: Option<String>,
    /// Every form met, with how often, in order of first appearance.
    pub forms: Vec<(String, usize)>,
    pub mentions: usize,
}

/// Where an actor is named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub actor: usize,
    pub sentence: usize,
    pub tokens: Range<usize>,
    /// False for a demonym inside a person's title (`le Premier ministre
    /// arménien Nikol Pashinyan`): it counts, but it is not the speaker.
    pub speaker: bool,
}

#[derive(Debug, Clone)]
struct Raw {
    key: String,
    name: String,
    form: String,
    kind: &'static str,
    kind_reason: Option<&'static str>,
    affiliation: Option<usize>,
    sentence: usize,
    tokens: Range<usize>,
    speaker: bool,
    /// A single capitalised word at the start of a sentence: a name only if
    /// it is capitalised somewhere else too.
    initial: bool,
}

/// The countries' names and demonym stems, folded once.
struct Folded {
    names: Vec<(usize, String)>,
    demonyms: Vec<(usize, String)>,
}

static FOLDED: std::sync::LazyLock<Folded> = std::sync::LazyLock::new(|| Folded {
    names: COUNTRIES
        .iter()
        .enumerate()
        .flat_map(|(i, c)| [(i, fold(c.fr)), (i, fold(c.en))])
        .collect(),
    demonyms: COUNTRIES
        .iter()
        .enumerate()
        .flat_map(|(i, c)| c.demonyms.iter().map(move |d| (i, fold(d))))
        .collect(),
});

fn country_named(words: &str) -> Option<usize> {
    let f = fold(words);
    FOLDED.names.iter().find(|(_, n)| *n == f).map(|&(i, _)| i)
}

fn country_of_demonym(t: &Token<'_>) -> Option<usize> {
    if !t.is_word() {
        return None;
    }
    let f = fold(t.text);
    FOLDED
        .demonyms
        .iter()
        .find(|(_, d)| {
            f.strip_prefix(d.as_str())
                .is_some_and(|rest| DEMONYM_ENDINGS.contains(&rest))
        })
        .map(|&(i, _)| i)
}

fn country_name(i: usize, lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => COUNTRIES[i].fr,
        Lang::En => COUNTRIES[i].en,
    }
}

/// An elided article or preposition: `l’`, `d’`, `qu’`, `L’`.
fn elided(tokens: &[Token<'_>], k: usize) -> bool {
    tokens
        .get(k + 1)
        .is_some_and(|a| a.text.chars().all(is_apostrophe) && touching(&tokens[k], a))
        && tokens[k].text.chars().count() <= 7
        && tokens[k].is(&[
            "l", "d", "qu", "j", "n", "s", "c", "m", "t", "lorsqu", "jusqu", "puisqu",
        ])
}

/// An acronym: two or more letters, all upper case (`UN`, `ICRC`, `OSCE`).
fn acronym(t: &Token<'_>) -> bool {
    t.is_word() && t.text.chars().count() >= 2 && t.text.chars().all(char::is_uppercase)
}

fn can_start_name(tokens: &[Token<'_>], k: usize) -> bool {
    let t = &tokens[k];
    if acronym(t) && !t.is(NOT_ACRONYMS) {
        return true;
    }
    t.is_capitalised()
        && !t.is(NOT_NAMES)
        && !is_title(t)
        && !t.is(HONORIFICS)
        && !elided(tokens, k)
        && country_of_demonym(t).is_none()
        && !super::numbers::is_number_word(t)
}

/// A French adjective that stays in a name after a capitalised word.
fn name_adjective(t: &Token<'_>, lang: Lang) -> bool {
    lang == Lang::Fr
        && t.is_word()
        && !t.is_capitalised()
        && country_of_demonym(t).is_none()
        && NAME_ADJECTIVE_ENDINGS.iter().any(|e| t.text.ends_with(e))
}

/// Every actor candidate in the sentences (each given as its tokens), and every mention.
pub fn find(sentences: &[&[Token<'_>]], lang: Lang) -> (Vec<Actor>, Vec<Mention>) {
    let mut raws: Vec<Raw> = Vec::new();
    for (s, &tokens) in sentences.iter().enumerate() {
        let institutions = institutions(tokens, lang, s);
        let spans: Vec<Range<usize>> = institutions.iter().map(|r| r.tokens.clone()).collect();
        let in_institution = super::quotes::mask(tokens.len(), &spans);
        let taken = |k: usize| in_institution[k];
        // A name before the first word that is not a little word starts the sentence.
        let first_content = tokens
            .iter()
            .position(|p| (p.is_word() || p.is_digits()) && !p.is(NOT_NAMES))
            .unwrap_or(tokens.len());
        let mut found: Vec<Raw> = institutions.clone();
        let mut k = 0;
        while k < tokens.len() {
            if taken(k) {
                k += 1;
                continue;
            }
            let t = &tokens[k];
            if let Some(country) = country_of_demonym(t) {
                found.push(Raw {
                    key: format!("country:{country}"),
                    name: country_name(country, lang).to_owned(),
                    form: t.text.to_owned(),
                    kind: "state",
                    kind_reason: Some("a country"),
                    affiliation: None,
                    sentence: s,
                    tokens: k..k + 1,
                    speaker: true,
                    initial: false,
                });
                k += 1;
                continue;
            }
            if !can_start_name(tokens, k) {
                k += 1;
                continue;
            }
            let end = chain_end(tokens, k, lang, &taken);
            if portfolio(tokens, k) {
                k = end;
                continue;
            }
            let start_of_sentence = k <= first_content;
            found.push(name(tokens, k..end, s, lang, start_of_sentence));
            k = end;
        }
        // A demonym inside a person's title (`Velorian President Marek Dovan`)
        // is the person's affiliation: it counts, but it is not the speaker.
        let mut people: Vec<usize> = found
            .iter()
            .filter(|r| r.kind == "official")
            .map(|r| r.tokens.start)
            .collect();
        people.sort_unstable();
        for r in &mut found {
            // Only the people within eight tokens after it are asked about.
            let from = people.partition_point(|&p| p <= r.tokens.start);
            let near = people[from..]
                .iter()
                .take_while(|&&p| p <= r.tokens.start + 8);
            if r.tokens.len() == 1
                && near
                    .into_iter()
                    .any(|&p| title_between(tokens, r.tokens.end, p))
            {
                r.speaker = false;
            }
        }
        found.sort_by_key(|r| r.tokens.start);
        raws.extend(found);
    }
    shared_stems(sentences, &mut raws);
    group(raws, lang)
}

/// Whether the name at `k` is the portfolio of a title: `ministre de
/// l’Intérieur`, `Minister of Defence`, `Secretary of State`.
fn portfolio(tokens: &[Token<'_>], k: usize) -> bool {
    let mut b = k;
    while b > 0 && (tokens[b - 1].is(CONNECTORS) || tokens[b - 1].text.chars().all(is_apostrophe)) {
        b -= 1;
    }
    b < k && b > 0 && tokens[b - 1].is(PORTFOLIO_TITLES)
}

/// Whether only title words stand between two token indices.
fn title_between(tokens: &[Token<'_>], from: usize, to: usize) -> bool {
    from < to
        && tokens[from..to].iter().any(is_title)
        && tokens[from..to]
            .iter()
            .all(|t| t.is(TITLES) || country_of_demonym(t).is_some())
}

/// Where a name that starts at `k` ends: capitalised words, joined by
/// connectors (`de la`, `of the`) when a capitalised word follows them, and
/// in French one adjective after the first word (`Comité international de la Croix-Rouge`).
fn chain_end(tokens: &[Token<'_>], k: usize, lang: Lang, taken: &dyn Fn(usize) -> bool) -> usize {
    let mut end = k + 1;
    loop {
        let next = |j: usize| tokens.get(j).filter(|_| !taken(j));
        if next(end).is_some_and(|t| t.is_capitalised() && !t.is(NOT_NAMES) && !is_title(t)) {
            end += 1;
            continue;
        }
        // connectors, then a capitalised word
        let mut j = end;
        while next(j)
            .is_some_and(|t| t.is(CONNECTORS) || t.text.chars().all(is_apostrophe) && j > end)
        {
            j += 1;
        }
        if j > end
            && next(j).is_some_and(|t| t.is_capitalised() && !t.is(NOT_NAMES) && !is_title(t))
            && tokens[end..j]
                .iter()
                .all(|t| t.start - 1 <= tokens[end].end + 16)
        {
            end = j + 1;
            continue;
        }
        if next(end).is_some_and(|t| name_adjective(t, lang)) {
            // `Comité international de la Croix-Rouge`: the adjective joins when
            // more of the name follows, or ends a two-word name (`Union soviétique`).
            let mut j = end + 1;
            while next(j).is_some_and(|t| t.is(CONNECTORS) || t.text.chars().all(is_apostrophe)) {
                j += 1;
            }
            if j > end + 1 && next(j).is_some_and(Token::is_capitalised) {
                end = j + 1;
                continue;
            }
            if end == k + 1 {
                end += 1;
            }
        }
        return end;
    }
}

/// A name chain, with the title words before it when it is a person.
fn name(tokens: &[Token<'_>], range: Range<usize>, s: usize, lang: Lang, initial: bool) -> Raw {
    let words = &tokens[range.clone()];
    let text = join(words);
    let caps = words.iter().filter(|t| t.is_capitalised()).count();
    let has_connector = words.iter().any(|t| t.is(CONNECTORS));
    // Title words and a demonym just before: `le Premier ministre arménien Nikol Pashinyan`.
    let mut b = range.start;
    let mut titled = false;
    let mut affiliation = None;
    // `le ministre de l’Intérieur, Gérald Vasseur`: a comma and a portfolio may come between.
    while b > 0 && range.start - b < 8 {
        let p = &tokens[b - 1];
        if let Some(c) = country_of_demonym(p) {
            affiliation = affiliation.or(Some(c));
        } else if is_title(p) {
            titled = true;
        } else if !(p.is(TITLES)
            || p.text.chars().all(is_apostrophe)
            || p.is(CONNECTORS)
            || p.is_punct(",") && b == range.start
            || p.is_capitalised() && portfolio(tokens, b - 1))
        {
            break;
        }
        b -= 1;
    }
    if let Some(country) = country_named(&text) {
        return Raw {
            key: format!("country:{country}"),
            name: country_name(country, lang).to_owned(),
            form: text,
            kind: "state",
            kind_reason: Some("a country"),
            affiliation: None,
            sentence: s,
            tokens: range,
            speaker: true,
            initial: false,
        };
    }
    let organisation = words.iter().any(|t| t.is(ORGANISATION_WORDS));
    let person = !organisation && !has_connector && (2..=4).contains(&caps);
    let (kind, kind_reason) = if organisation {
        ("organization", Some("an organisation's name"))
    } else if person && titled {
        ("official", Some("a person with a title"))
    } else {
        ("other", None)
    };
    Raw {
        key: fold(&text),
        name: text.clone(),
        form: text,
        kind,
        kind_reason,
        affiliation: if kind == "official" {
            affiliation
        } else {
            None
        },
        sentence: s,
        tokens: range.clone(),
        speaker: true,
        initial: initial && range.len() == 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::sentences;
    use crate::draft::words::tokenize;

    fn actors(text: &str, lang: Lang) -> Vec<Actor> {
        let sentences: Vec<_> = sentences::split(text)
            .into_iter()
            .map(|r| tokenize(text, r))
            .collect();
        let refs: Vec<&[Token<'_>]> = sentences.iter().map(Vec::as_slice).collect();
        find(&refs, lang).0
    }

    fn named<'a>(all: &'a [Actor], name: &str) -> &'a Actor {
        all.iter()
            .find(|a| a.name == name)
            .unwrap_or_else(|| panic!("no {name} in {all:#?}"))
    }

    #[test]
    fn countries_and_demonyms_are_grouped() {
        let all = actors(
            "L’Azerbaïdjan attaque. Les policiers azerbaïdjanais et l’armée arménienne. Les Arméniens fuient l’Arménie.",
            Lang::Fr,
        );
        let az = named(&all, "Azerbaïdjan");
        assert_eq!((az.kind, az.mentions), ("state", 2));
        let am = named(&all, "Arménie");
        assert_eq!(am.mentions, 2, "{am:?}");
        let army = named(&all, "Armée arménienne");
        assert_eq!(
            (army.kind, army.affiliation.as_deref()),
            ("military", Some("Arménie"))
        );
    }

    #[test]
    fn institutions_people_and_organisations() {
        let all = actors(
            "Le ministère azerbaïdjanais de la Défense affirme. Le Premier ministre arménien Nikol Pashinyan a déclaré. L’aide du Comité international de la Croix-Rouge arrive.",
            Lang::Fr,
        );
        let mod_ = named(&all, "Ministère azerbaïdjanais de la Défense");
        assert_eq!(
            (mod_.kind, mod_.affiliation.as_deref()),
            ("government", Some("Azerbaïdjan"))
        );
        let p = named(&all, "Nikol Pashinyan");
        assert_eq!(
            (p.kind, p.affiliation.as_deref()),
            ("official", Some("Arménie"))
        );
        assert_eq!(
            named(&all, "Comité international de la Croix-Rouge").kind,
            "organization"
        );
        assert!(
            all.iter().all(|a| a.name != "Premier" && a.name != "Le"),
            "{all:#?}"
        );
    }

    #[test]
    fn english_names() {
        let all = actors(
            "Armenia’s defence ministry denied it. Armenian Prime Minister Nikol Pashinyan spoke to the International Committee of the Red Cross. Officials said so.",
            Lang::En,
        );
        let m = named(&all, "Armenia’s defence ministry");
        assert_eq!(
            (m.kind, m.affiliation.as_deref()),
            ("government", Some("Armenia"))
        );
        assert_eq!(named(&all, "Nikol Pashinyan").kind, "official");
        assert_eq!(
            named(&all, "International Committee of the Red Cross").kind,
            "organization"
        );
        assert!(all.iter().all(|a| a.name != "Officials"), "{all:#?}");
    }
}
