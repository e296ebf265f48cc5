//! Drafting a briefing from a news article: candidate figures, dates,
//! statements and actors, each with the article's own words, for a person to
//! check and complete. No UI here; `brief draft` is a thin command over it.
//!
//! The rules are plain word lists and token patterns, documented in
//! docs/draft.md: no network, no model.

pub mod actors;
pub mod dates;
pub mod hedges;
pub mod numbers;
pub mod quotes;
pub mod sentences;
pub mod words;
pub mod write;

use std::ops::Range;

use chrono::NaiveDate;

use crate::briefing::when::Precision;
use dates::DateMention;
use hedges::Grade;
use words::Token;

/// The languages the rules know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    /// The BCP 47 tag.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// French or English, by counting each language's commonest little
    /// words; a tie is English.
    pub fn detect(text: &str) -> Lang {
        const FR: &[&str] = &[
            "le", "la", "les", "des", "du", "est", "et", "une", "que", "qui", "dans", "pour",
            "sur", "au", "aux", "a", "ont", "été", "avec", "par",
        ];
        const EN: &[&str] = &[
            "the", "and", "of", "to", "is", "was", "in", "that", "said", "with", "for", "on",
            "are", "were", "has", "have", "by", "from", "it", "its",
        ];
        let (mut fr, mut en) = (0, 0);
        for t in words::tokenize(text, 0..text.len()) {
            if t.is_word() {
                fr += usize::from(t.is(FR));
                en += usize::from(t.is(EN));
            }
        }
        if fr > en { Lang::Fr } else { Lang::En }
    }
}

/// What the command line decides.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `None`: detect it.
    pub lang: Option<Lang>,
    /// `None`: the date and the title's first words.
    pub id: Option<String>,
    /// The article's date: places weekdays, months without a year, times.
    pub date: Option<NaiveDate>,
    /// The path the draft's source gives in `text_file`.
    pub text_file: String,
}

/// Why an article cannot be drafted from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unusable {
    Empty,
    NotUtf8 { offset: usize },
}

impl std::fmt::Display for Unusable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unusable::Empty => f.write_str("the article is empty: nothing to draft from"),
            Unusable::NotUtf8 { offset } => write!(
                f,
                "the article is not UTF-8 text (first bad byte at offset {offset}); convert it, e.g. with iconv"
            ),
        }
    }
}

/// The article's text from its bytes: UTF-8 (a byte-order mark is dropped),
/// not empty.
pub fn decode(bytes: &[u8]) -> Result<&str, Unusable> {
    let text = std::str::from_utf8(bytes).map_err(|e| Unusable::NotUtf8 {
        offset: e.valid_up_to(),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Unusable::Empty);
    }
    Ok(text)
}

/// A candidate figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub value: f64,
    pub unit: String,
    /// The hedge that makes it approximate, as written (`quelque`).
    pub hedge: Option<String>,
    pub grade: Option<Grade>,
    /// The clause around the number, verbatim.
    pub quote: String,
    pub as_of: Option<String>,
    /// Who reports it: the speaker of an attributed sentence.
    pub actors: Vec<usize>,
}

impl Figure {
    pub fn approximate(&self) -> bool {
        self.hedge.is_some()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Event,
    Statement,
}

/// A candidate timeline entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub when: String,
    pub kind: EntryKind,
    /// The sentence, verbatim.
    pub quote: String,
    /// Statements: the speaker. Events: the actors named in the sentence.
    pub actors: Vec<usize>,
    pub grade: Option<Grade>,
    /// What a person must settle, one `# TODO` each.
    pub notes: Vec<String>,
}

/// Everything drafted from one article.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub id: String,
    pub title: String,
    /// The title had to be cut to the format's 200 characters.
    pub title_cut: bool,
    pub lang: Lang,
    /// The briefing's date, and where it comes from (`--date`, the article, today).
    pub date: String,
    pub date_from: &'static str,
    pub published: Option<String>,
    pub text_file: String,
    pub actors: Vec<actors::Actor>,
    pub timeline: Vec<Entry>,
    pub figures: Vec<Figure>,
    /// Every date found in the body, in order: what the timeline was made from.
    pub dates: Vec<DateMention>,
}

/// One sentence and its tokens.
struct Sentence<'a> {
    range: Range<usize>,
    tokens: Vec<Token<'a>>,
}

/// Drafts a briefing from an article's text (its first line the title).
pub fn draft(article: &str, options: &Options) -> Draft {
    let lang = options.lang.unwrap_or_else(|| Lang::detect(article));
    let sentences: Vec<Sentence<'_>> = sentences::split(article)
        .into_iter()
        .map(|range| Sentence {
            tokens: words::tokenize(article, range.clone()),
            range,
        })
        .collect();
    // The title: the first line; the other rules read only the body.
    let title_line = article.trim_start().lines().next().unwrap_or("").trim();
    let (title, title_cut) = cut(title_line, 200);
    let title_end = article.find(title_line).map_or(0, |s| s + title_line.len());
    let body = |s: &Sentence<'_>| s.range.start >= title_end;

    let token_lists: Vec<Vec<Token<'_>>> = sentences.iter().map(|s| s.tokens.clone()).collect();
    let (actors, mentions) = actors::find(&token_lists, lang);

    let found_dates: Vec<Vec<DateMention>> = sentences
        .iter()
        .map(|s| {
            if body(s) {
                dates::find(&s.tokens, options.date)
            } else {
                Vec::new()
            }
        })
        .collect();
    let (date, date_from) = match options.date {
        Some(d) => (d.format("%Y-%m-%d").to_string(), "--date"),
        None => match found_dates
            .iter()
            .flatten()
            .find(|d| !d.span && d.grain >= Precision::Day)
        {
            Some(d) => (
                d.edtf[..10].to_owned(),
                "the first full date in the article",
            ),
            None => (
                chrono::Utc::now().format("%Y-%m-%d").to_string(),
                "today: the article gives no date and --date was not given",
            ),
        },
    };
    let id = options.id.clone().unwrap_or_else(|| {
        let words = title
            .split_whitespace()
            .take(6)
            .collect::<Vec<_>>()
            .join(" ");
        let slug = words::slug(&words, 80);
        if slug.is_empty() {
            date.clone()
        } else {
            format!("{date}-{slug}")
        }
    });

    let mut by_sentence: Vec<Vec<usize>> = vec![Vec::new(); sentences.len()];
    for (i, m) in mentions.iter().enumerate() {
        by_sentence[m.sentence].push(i);
    }
    let mut timeline = Vec::new();
    let mut figures = Vec::new();
    for (n, s) in sentences.iter().enumerate() {
        if !body(s) {
            continue;
        }
        let here: Vec<&actors::Mention> = by_sentence[n].iter().map(|&i| &mentions[i]).collect();
        let quotes = quotes::quotations(&s.tokens);
        let named: Vec<usize> = dedup(
            here.iter()
                .filter(|m| !quotes.iter().any(|q| q.contains(&m.tokens.start)))
                .map(|m| m.actor),
        );
        let speaker = speaker(&s.tokens, &quotes, &here);
        let grade = hedges::grade(&s.tokens, &quotes);
        let sentence_quote = verbatim(&article[s.range.clone()]);
        let mentions_here = &found_dates[n];
        // The finest point date of the sentence: when a statement was made,
        // and when a figure was true.
        let point = mentions_here
            .iter()
            .filter(|d| !d.span && d.grain >= Precision::Month)
            .max_by_key(|d| d.grain);
        let statement = quotes::is_statement(&s.tokens, &quotes);
        if statement {
            let mut notes = Vec::new();
            let when = match point {
                Some(d) => {
                    notes.extend(d.note.clone());
                    d.edtf.clone()
                }
                None => {
                    notes.push(
                        "when it was said: the article gives no date, this is the briefing's"
                            .into(),
                    );
                    date.clone()
                }
            };
            if speaker.is_none() {
                notes.push("who said it: no name found before the reporting verb".into());
            }
            timeline.push(Entry {
                when,
                kind: EntryKind::Statement,
                quote: sentence_quote.clone(),
                actors: speaker.into_iter().collect(),
                grade: grade.clone().filter(|g| g.credibility == 4),
                notes,
            });
        }
        for d in mentions_here {
            if statement && Some(d) == point {
                continue;
            }
            timeline.push(Entry {
                when: d.edtf.clone(),
                kind: EntryKind::Event,
                quote: sentence_quote.clone(),
                actors: named.clone(),
                grade: grade.clone(),
                notes: d.note.iter().cloned().collect(),
            });
        }
        let taken: Vec<Range<usize>> = mentions_here.iter().map(|d| d.tokens.clone()).collect();
        for number in numbers::find(article, &s.tokens, &taken, lang) {
            let clause = clause(&s.tokens, &number.tokens);
            let hedge = hedges::approximate(&s.tokens, &number.tokens, &clause);
            let quote =
                verbatim(&article[s.tokens[clause.start].start..s.tokens[clause.end - 1].end]);
            figures.push(Figure {
                value: number.value,
                unit: number.unit,
                hedge,
                grade: grade.clone(),
                quote,
                as_of: Some(point.map_or_else(|| date.clone(), |d| d.edtf.clone()))
                    .filter(|_| point.is_some() || options.date.is_some()),
                actors: grade
                    .as_ref()
                    .filter(|g| g.credibility == 3)
                    .and(speaker)
                    .into_iter()
                    .collect(),
            });
        }
    }
    Draft {
        id,
        title,
        title_cut,
        lang,
        published: options.date.map(|d| d.format("%Y-%m-%d").to_string()),
        date,
        date_from,
        text_file: options.text_file.clone(),
        actors,
        timeline,
        figures,
        dates: found_dates.into_iter().flatten().collect(),
    }
}

fn dedup(it: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut out = Vec::new();
    for x in it {
        if !out.contains(&x) {
            out.push(x);
        }
    }
    out
}

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
fn speaker(
    tokens: &[Token<'_>],
    quotes: &[Range<usize>],
    here: &[&actors::Mention],
) -> Option<usize> {
    let verb = hedges::first_reporting(tokens, quotes)?;
    let candidates: Vec<&actors::Mention> = here
        .iter()
        .copied()
        .filter(|m| m.speaker && !quotes.iter().any(|q| q.contains(&m.tokens.start)))
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

/// The clause around a number's tokens: cut at `,` `;` `:` brackets and
/// dashes (not at a comma inside a number) and at the sentence's final
/// punctuation; the whole sentence when the clause has fewer than five words.
fn clause(tokens: &[Token<'_>], number: &Range<usize>) -> Range<usize> {
    let boundary = |k: usize| {
        let t = &tokens[k];
        let inside_number = t.is_punct(",.")
            && k > 0
            && tokens[k - 1].is_digits()
            && words::touching(&tokens[k - 1], t)
            && tokens
                .get(k + 1)
                .is_some_and(|n| n.is_digits() && words::touching(t, n));
        t.is_punct(",;:()[]—–") && !inside_number
    };
    let mut start = number.start;
    while start > 0 && !boundary(start - 1) {
        start -= 1;
    }
    let mut end = number.end.min(tokens.len());
    while end < tokens.len() && !boundary(end) {
        end += 1;
    }
    let mut sentence_end = tokens.len();
    while sentence_end > 0 && tokens[sentence_end - 1].is_punct(".!?…") {
        sentence_end -= 1;
    }
    let end = end.min(sentence_end).max(number.end.min(tokens.len()));
    let words = tokens[start..end].iter().filter(|t| t.is_word()).count();
    if words < 5 {
        return 0..sentence_end.max(number.end);
    }
    start..end
}

/// A quote as the article writes it; line breaks and tabs inside become
/// single spaces, which the quote check treats alike.
fn verbatim(s: &str) -> String {
    if s.chars()
        .any(|c| c.is_whitespace() && c != ' ' && c != '\u{a0}' && c != '\u{202f}')
    {
        let mut out = String::with_capacity(s.len());
        let mut space = false;
        for c in s.chars() {
            if c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}' {
                space = true;
            } else {
                if space {
                    out.push(' ');
                }
                space = false;
                out.push(c);
            }
        }
        out
    } else {
        s.to_owned()
    }
}

/// At most `max` characters, on a character boundary; whether it was cut.
fn cut(s: &str, max: usize) -> (String, bool) {
    match s.char_indices().nth(max) {
        Some((at, _)) => (s[..at].trim_end().to_owned(), true),
        None => (s.to_owned(), false),
    }
}
