//! Actor candidates: capitalised names, demonyms and institutions, grouped
//! and counted.

use std::collections::HashMap;
use std::ops::Range;

use super::Lang;
use super::words::{Token, fold, is_apostrophe, join, touching};

/// A country, its names and the stems of its demonyms (French masculine
/// singular, English), which take the endings in [`DEMONYM_ENDINGS`].
struct Country {
    fr: &'static str,
    en: &'static str,
    demonyms: &'static [&'static str],
}

const fn c(fr: &'static str, en: &'static str, demonyms: &'static [&'static str]) -> Country {
    Country { fr, en, demonyms }
}

/// The countries the drafter knows by name; any other name is grouped with
/// its demonym only by the shared-stem rule.
const COUNTRIES: &[Country] = &[
    c(
        "Azerbaïdjan",
        "Azerbaijan",
        &["azerbaïdjanais", "azéri", "azerbaijani", "azeri"],
    ),
    c("Arménie", "Armenia", &["arménien", "armenian"]),
    c("Russie", "Russia", &["russe", "russian"]),
    c("Ukraine", "Ukraine", &["ukrainien", "ukrainian"]),
    c("Géorgie", "Georgia", &["géorgien", "georgian"]),
    c("Turquie", "Turkey", &["turc", "turque", "turkish"]),
    c("Iran", "Iran", &["iranien", "iranian"]),
    c("Irak", "Iraq", &["irakien", "iraqi"]),
    c("Syrie", "Syria", &["syrien", "syrian"]),
    c("Liban", "Lebanon", &["libanais", "lebanese"]),
    c("Israël", "Israel", &["israélien", "israeli"]),
    c("Palestine", "Palestine", &["palestinien", "palestinian"]),
    c("Égypte", "Egypt", &["égyptien", "egyptian"]),
    c("Libye", "Libya", &["libyen", "libyan"]),
    c("Tunisie", "Tunisia", &["tunisien", "tunisian"]),
    c("Algérie", "Algeria", &["algérien", "algerian"]),
    c("Maroc", "Morocco", &["marocain", "moroccan"]),
    c("Soudan", "Sudan", &["soudanais", "sudanese"]),
    c("Éthiopie", "Ethiopia", &["éthiopien", "ethiopian"]),
    c("Somalie", "Somalia", &["somalien", "somali"]),
    c("Mali", "Mali", &["malien", "malian"]),
    c("Niger", "Niger", &["nigérien", "nigerien"]),
    c("Nigeria", "Nigeria", &["nigérian", "nigerian"]),
    c("Tchad", "Chad", &["tchadien", "chadian"]),
    c("Yémen", "Yemen", &["yéménite", "yemeni"]),
    c("Qatar", "Qatar", &["qatari", "qatarien"]),
    c("Jordanie", "Jordan", &["jordanien", "jordanian"]),
    c("Arabie saoudite", "Saudi Arabia", &["saoudien", "saudi"]),
    c("Afghanistan", "Afghanistan", &["afghan"]),
    c("Pakistan", "Pakistan", &["pakistanais", "pakistani"]),
    c("Inde", "India", &["indien", "indian"]),
    c("Chine", "China", &["chinois", "chinese"]),
    c("Japon", "Japan", &["japonais", "japanese"]),
    c("États-Unis", "United States", &["américain", "american"]),
    c("Canada", "Canada", &["canadien", "canadian"]),
    c("Mexique", "Mexico", &["mexicain", "mexican"]),
    c("Brésil", "Brazil", &["brésilien", "brazilian"]),
    c("Venezuela", "Venezuela", &["vénézuélien", "venezuelan"]),
    c("Colombie", "Colombia", &["colombien", "colombian"]),
    c("Haïti", "Haiti", &["haïtien", "haitian"]),
    c("France", "France", &["français", "french"]),
    c("Allemagne", "Germany", &["allemand", "german"]),
    c("Royaume-Uni", "United Kingdom", &["britannique", "british"]),
    c("Italie", "Italy", &["italien", "italian"]),
    c("Espagne", "Spain", &["espagnol", "spanish"]),
    c("Pologne", "Poland", &["polonais", "polish"]),
    c("Biélorussie", "Belarus", &["biélorusse", "belarusian"]),
    c("Moldavie", "Moldova", &["moldave", "moldovan"]),
    c("Roumanie", "Romania", &["roumain", "romanian"]),
    c("Serbie", "Serbia", &["serbe", "serbian"]),
    c("Kosovo", "Kosovo", &["kosovar"]),
    c("Grèce", "Greece", &["grec", "grecque", "greek"]),
    c("Kazakhstan", "Kazakhstan", &["kazakh"]),
    c("Belgique", "Belgium", &["belge", "belgian"]),
    c("Suisse", "Switzerland", &["suisse", "swiss"]),
    c("Pays-Bas", "Netherlands", &["néerlandais", "dutch"]),
];

/// Endings a demonym stem takes: `arménien(ne)(s)`, `azerbaïdjanais(e)(s)`, `Armenians`.
const DEMONYM_ENDINGS: &[&str] = &["", "e", "s", "es", "ne", "nes"];

/// Endings that make a word look like a demonym for the shared-stem rule.
const DEMONYM_SHAPES: &[&str] = &[
    "ais", "aise", "aises", "ien", "ienne", "iens", "iennes", "ain", "aine", "ains", "aines",
    "ois", "oise", "oises", "an", "ans", "ese", "i", "is", "ian", "ians",
];

/// Words before a name that say it is a person in office.
#[rustfmt::skip]
const TITLES: &[&str] = &[
    "président", "présidente", "president", "premier", "première", "prime", "ministre",
    "minister", "secrétaire", "secretary", "général", "générale", "general", "chancelier",
    "chancellor", "roi", "king", "reine", "queen", "pape", "pope", "colonel", "capitaine",
    "captain", "commandant", "commander", "m", "mr", "mrs", "ms", "mme", "dr", "sir", "cheikh",
    "sheikh", "émir", "emir", "sénateur", "senator", "gouverneur", "governor", "maire", "mayor",
    "préfet", "préfète", "prefect", "commissaire", "commissioner",
    "ambassadeur", "ambassador", "porte-parole", "spokesman", "spokeswoman", "spokesperson",
    "chef", "chief", "leader", "dirigeant", "envoyé", "envoy", "vice-président",
    "vice-president", "foreign", "defence", "defense", "affaires", "étrangères", "de", "la",
    "des", "du", "of", "the",
];

/// The little words and portfolio words of [`TITLES`]: they continue a
/// title (`ministre des Affaires étrangères`) but do not make one.
const TITLE_FILLERS: &[&str] = &[
    "de",
    "la",
    "des",
    "du",
    "of",
    "the",
    "foreign",
    "defence",
    "defense",
    "affaires",
    "étrangères",
];

/// Whether a word is a title or one of its little words (`le préfet`, `Prime Minister`).
pub fn is_title_word(t: &Token<'_>) -> bool {
    t.is(TITLES)
}

/// Courtesy titles: skipped before a name, but they say nothing of an office.
const HONORIFICS: &[&str] = &["m", "mr", "mrs", "ms", "mme", "dr", "sir"];

/// A title word that says the person holds an office.
fn is_title(t: &Token<'_>) -> bool {
    t.is(TITLES) && !t.is(TITLE_FILLERS) && !t.is(HONORIFICS)
}

/// Title words that a portfolio follows: `ministre de l’Intérieur`, `Minister of Defence`.
const PORTFOLIO_TITLES: &[&str] = &["ministre", "minister", "secrétaire", "secretary"];

/// Capitalised words that are not names: sentence starts, months, days,
/// zones, titles.
#[rustfmt::skip]
const NOT_NAMES: &[&str] = &[
    // French
    "le", "la", "les", "l", "un", "une", "des", "de", "du", "d", "au", "aux", "ce", "cet",
    "cette", "ces", "il", "elle", "ils", "elles", "on", "nous", "vous", "je", "tu", "dans",
    "depuis", "pour", "par", "sur", "sous", "avec", "sans", "selon", "mais", "et", "ou", "donc",
    "car", "ni", "son", "sa", "ses", "leur", "leurs", "tout", "tous", "toutes", "toute", "plus",
    "moins", "très", "après", "avant", "lors", "pendant", "alors", "ainsi", "cependant",
    "pourtant", "toutefois", "enfin", "aussi", "si", "quand", "lorsque", "comme", "puis", "en",
    "y", "à", "qui", "que", "quoi", "dont", "où", "outre", "entre", "vers", "chez", "contre",
    "malgré", "parmi", "autres", "autre", "certains", "certaines", "plusieurs", "aucun",
    "aucune", "chaque", "même", "selon", "néanmoins", "désormais", "hier", "aujourd", "demain",
    "mardi", "lundi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "janvier",
    "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
    "novembre", "décembre", "monsieur", "madame", "c", "qu", "s", "n", "j", "m", "t",
    // English
    "the", "a", "an", "in", "on", "at", "of", "for", "from", "by", "with", "without", "after",
    "before", "since", "during", "but", "and", "or", "so", "this", "that", "these", "those",
    "his", "her", "its", "their", "our", "my", "your", "he", "she", "they", "we", "it", "i",
    "you", "there", "here", "as", "while", "when", "where", "what", "who", "which", "why",
    "how", "according", "however", "meanwhile", "also", "yet", "some", "many", "most", "both",
    "all", "each", "other", "another", "one", "if", "then", "than", "though", "although",
    "because", "until", "about", "over", "under", "into", "more", "less", "several", "few",
    "no", "not", "nor", "such", "only", "even", "still", "now", "earlier", "later", "last",
    "next", "today", "yesterday", "tomorrow", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december", "gmt", "utc", "cet",
    "cest", "est", "edt", "pst", "pdt", "bst", "msk", "am", "pm", "ok", "us",
];

/// Little words inside a name: `Comité international de la Croix-Rouge`,
/// `Ministry of Defence`, `International Committee of the Red Cross`.
const CONNECTORS: &[&str] = &[
    "de", "du", "des", "la", "d", "of", "the", "for", "pour", "l",
];

/// Endings of French adjectives that stay inside an institution's name
/// (`Union soviétique`, `Comité international`, `Assemblée nationale`).
const NAME_ADJECTIVE_ENDINGS: &[&str] = &[
    "ique", "iques", "ale", "ales", "al", "aux", "enne", "ennes", "aire", "aires", "el", "elle",
    "ères", "ère",
];

/// Words in a name that make it an organisation.
#[rustfmt::skip]
const ORGANISATION_WORDS: &[&str] = &[
    "comité", "committee", "organisation", "organization", "nations", "agence", "agency",
    "fonds", "fund", "croix-rouge", "red", "croissant-rouge", "crescent", "ong", "ngo",
    "programme", "program", "conseil", "council", "banque", "bank", "office", "bureau",
    "haut-commissariat", "commission", "médecins", "amnesty", "watch", "otan", "nato", "onu",
    "un", "unicef", "unhcr", "hcr", "cicr", "icrc", "osce", "ue", "eu",
];

/// Heads of an institution's name and the kind they give.
const INSTITUTIONS: &[(&str, &str)] = &[
    ("ministère", "government"),
    ("ministry", "government"),
    ("gouvernement", "government"),
    ("government", "government"),
    ("présidence", "government"),
    ("presidency", "government"),
    ("armée", "military"),
    ("army", "military"),
    ("forces", "military"),
];

/// Words between a country or demonym and an English institution's head:
/// `Armenia’s defence ministry`, `the Russian foreign ministry`.
#[rustfmt::skip]
const PORTFOLIOS: &[&str] = &[
    "defence", "defense", "foreign", "interior", "health", "justice", "finance", "economy",
    "emergency", "emergencies", "armed", "federal", "national", "central", "state",
];

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

/// Time zones and the like, which look like acronyms.
const NOT_ACRONYMS: &[&str] = &[
    "gmt", "utc", "cet", "cest", "est", "edt", "pst", "pdt", "bst", "msk", "am", "pm", "ok",
];

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

/// The shared-stem rule for names the country table does not know: a word
/// shaped like a demonym (`-ais`, `-ien`, `-i`, `-ian`…) whose folded form
/// starts with a one-word name less its final vowels, five letters at least
/// (`Karabakh` / `karabakhi`), is a mention of that name.
fn shared_stems(sentences: &[&[Token<'_>]], raws: &mut Vec<Raw>) {
    // Each stem with the first name that gave it, in order of first appearance.
    let mut stems: Vec<(String, Raw)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for r in raws.iter() {
        if r.tokens.len() == 1 && !r.initial && r.kind == "other" {
            let stem = r.key.trim_end_matches(['a', 'e', 'i', 'y']).to_owned();
            if stem.chars().count() >= 5 && !index.contains_key(&stem) {
                index.insert(stem.clone(), stems.len());
                stems.push((stem, r.clone()));
            }
        }
    }
    // The first stem (in order of appearance) that `f` extends by a
    // demonym's ending of at most six bytes: only the prefixes of `f` that
    // leave such an ending are looked up, not every stem.
    let owner = |f: &str| {
        (f.len().saturating_sub(6)..=f.len())
            .filter(|&cut| f.is_char_boundary(cut))
            .filter_map(|cut| index.get(&f[..cut]).map(|&i| (i, &f[cut..])))
            .filter(|&(i, rest)| f != stems[i].1.key && demonym_shaped(rest))
            .map(|(i, _)| i)
            .min()
            .map(|i| &stems[i])
    };
    // Names that are another name's demonym (`Velorian`) join it.
    for r in raws.iter_mut() {
        if r.tokens.len() == 1
            && r.kind == "other"
            && let Some((_, name)) = owner(&r.key)
        {
            r.key.clone_from(&name.key);
            r.name.clone_from(&name.name);
            r.initial = false;
        }
    }
    let covered: std::collections::HashSet<(usize, usize)> = raws
        .iter()
        .flat_map(|r| r.tokens.clone().map(move |k| (r.sentence, k)))
        .collect();
    let mut more = Vec::new();
    for (s, &tokens) in sentences.iter().enumerate() {
        for (k, t) in tokens.iter().enumerate() {
            if !t.is_word() || covered.contains(&(s, k)) {
                continue;
            }
            if let Some((_, name)) = owner(&fold(t.text)) {
                more.push(Raw {
                    form: t.text.to_owned(),
                    sentence: s,
                    tokens: k..k + 1,
                    initial: false,
                    ..name.clone()
                });
            }
        }
    }
    raws.extend(more);
}

/// Whether a (folded) word ends like a demonym: `-ais`, `-ien`, `-ian`, `-i`…
fn demonym_shaped(f: &str) -> bool {
    DEMONYM_SHAPES.iter().any(|e| f.ends_with(e))
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

/// Institutions: `le ministère azerbaïdjanais de la Défense`, `l’armée
/// azerbaïdjanaise`, `Armenia’s defence ministry`, `the Ministry of Defence`.
/// A head word alone (`le ministère`) is not one: it needs a country, a
/// demonym or a capitalised name.
fn institutions(tokens: &[Token<'_>], lang: Lang, s: usize) -> Vec<Raw> {
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

/// Groups mentions into actors: by country, by institution, by name; a
/// single capitalised word at a sentence's start only if it is capitalised
/// elsewhere too; a demonym-shaped word with a name's stem (`karabakhi`)
/// joins that name. Most mentioned first.
fn group(raws: Vec<Raw>, lang: Lang) -> (Vec<Actor>, Vec<Mention>) {
    let confirmed: std::collections::HashSet<String> = raws
        .iter()
        .filter(|r| !r.initial)
        .map(|r| r.key.clone())
        .collect();
    let raws: Vec<Raw> = raws
        .into_iter()
        .filter(|r| !r.initial || confirmed.contains(&r.key))
        .collect();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut actors: Vec<Actor> = Vec::new();
    let mut mentions = Vec::new();
    // Where each actor's form is in its `forms`: one lookup per mention.
    let mut form_at: HashMap<(usize, String), usize> = HashMap::new();
    for r in raws {
        let at = *index.entry(r.key.clone()).or_insert_with(|| {
            actors.push(Actor {
                name: r.name.clone(),
                kind: r.kind,
                kind_reason: r.kind_reason,
                affiliation: r.affiliation.map(|c| country_name(c, lang).to_owned()),
                forms: Vec::new(),
                mentions: 0,
            });
            actors.len() - 1
        });
        let a = &mut actors[at];
        a.mentions += 1;
        if a.affiliation.is_none() {
            a.affiliation = r.affiliation.map(|c| country_name(c, lang).to_owned());
        }
        match form_at.get(&(at, r.form.clone())) {
            Some(&f) => a.forms[f].1 += 1,
            None => {
                form_at.insert((at, r.form.clone()), a.forms.len());
                a.forms.push((r.form, 1));
            }
        }
        mentions.push(Mention {
            actor: at,
            sentence: r.sentence,
            tokens: r.tokens,
            speaker: r.speaker,
        });
    }
    // Most mentioned first; ties keep the order of first mention.
    let mut order: Vec<usize> = (0..actors.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(actors[i].mentions));
    let mut new_index = vec![0; actors.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let sorted = order.iter().map(|&i| actors[i].clone()).collect();
    for m in &mut mentions {
        m.actor = new_index[m.actor];
    }
    (sorted, mentions)
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
