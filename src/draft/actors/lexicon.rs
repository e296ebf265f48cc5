//! The actor rules' word lists: countries with their demonyms, titles,
//! words that are not names, the words of institutions and organisations.

/// A country, its names and the stems of its demonyms (French masculine
/// singular, English), which take the endings in [`DEMONYM_ENDINGS`].
pub(super) struct Country {
    pub(super) fr: &'static str,
    pub(super) en: &'static str,
    pub(super) demonyms: &'static [&'static str],
}

pub(super) const fn c(
    fr: &'static str,
    en: &'static str,
    demonyms: &'static [&'static str],
) -> Country {
    Country { fr, en, demonyms }
}

/// The countries the drafter knows by name; any other name is grouped with
/// its demonym only by the shared-stem rule.
pub(super) const COUNTRIES: &[Country] = &[
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
pub(super) const DEMONYM_ENDINGS: &[&str] = &["", "e", "s", "es", "ne", "nes"];

/// Endings that make a word look like a demonym for the shared-stem rule.
pub(super) const DEMONYM_SHAPES: &[&str] = &[
    "ais", "aise", "aises", "ien", "ienne", "iens", "iennes", "ain", "aine", "ains", "aines",
    "ois", "oise", "oises", "an", "ans", "ese", "i", "is", "ian", "ians",
];

/// Words before a name that say it is a person in office.
#[rustfmt::skip]
pub(super) const TITLES: &[&str] = &[
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
pub(super) const TITLE_FILLERS: &[&str] = &[
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

/// Courtesy titles: skipped before a name, but they say nothing of an office.
pub(super) const HONORIFICS: &[&str] = &["m", "mr", "mrs", "ms", "mme", "dr", "sir"];

/// Title words that a portfolio follows: `ministre de l’Intérieur`, `Minister of Defence`.
pub(super) const PORTFOLIO_TITLES: &[&str] = &["ministre", "minister", "secrétaire", "secretary"];

/// Capitalised words that are not names: sentence starts, months, days,
/// zones, titles.
#[rustfmt::skip]
pub(super) const NOT_NAMES: &[&str] = &[
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
pub(super) const CONNECTORS: &[&str] = &[
    "de", "du", "des", "la", "d", "of", "the", "for", "pour", "l",
];

/// Endings of French adjectives that stay inside an institution's name
/// (`Union soviétique`, `Comité international`, `Assemblée nationale`).
pub(super) const NAME_ADJECTIVE_ENDINGS: &[&str] = &[
    "ique", "iques", "ale", "ales", "al", "aux", "enne", "ennes", "aire", "aires", "el", "elle",
    "ères", "ère",
];

/// Words in a name that make it an organisation.
#[rustfmt::skip]
pub(super) const ORGANISATION_WORDS: &[&str] = &[
    "comité", "committee", "organisation", "organization", "nations", "agence", "agency",
    "fonds", "fund", "croix-rouge", "red", "croissant-rouge", "crescent", "ong", "ngo",
    "programme", "program", "conseil", "council", "banque", "bank", "office", "bureau",
    "haut-commissariat", "commission", "médecins", "amnesty", "watch", "otan", "nato", "onu",
    "un", "unicef", "unhcr", "hcr", "cicr", "icrc", "osce", "ue", "eu",
];

/// Heads of an institution's name and the kind they give.
pub(super) const INSTITUTIONS: &[(&str, &str)] = &[
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
pub(super) const PORTFOLIOS: &[&str] = &[
    "defence", "defense", "foreign", "interior", "health", "justice", "finance", "economy",
    "emergency", "emergencies", "armed", "federal", "national", "central", "state",
];

/// Time zones and the like, which look like acronyms.
pub(super) const NOT_ACRONYMS: &[&str] = &[
    "gmt", "utc", "cet", "cest", "est", "edt", "pst", "pdt", "bst", "msk", "am", "pm", "ok",
];
