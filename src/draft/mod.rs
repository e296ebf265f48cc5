//! Drafting a briefing from a news article: candidate figures, dates,
//! statements and actors, each with the article's own words, for a person to
//! check and complete. No UI here; `brief draft` is a thin command over it.
//!
//! The rules are plain word lists and token patterns, documented in
//! docs/draft.md: no network, no model.

pub mod actors;
pub mod clause;
pub mod dates;
pub mod hedges;
pub mod numbers;
pub mod quotes;
pub mod sentences;
pub mod speaker;
pub mod words;
pub mod write;

use std::ops::Range;

use chrono::NaiveDate;

use crate::briefing::when::Precision;
use clause::{Clauses, bounded, verbatim};
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
    /// Candidates left out because the format cannot hold them (a number
    /// too large for a float), each said in a note.
    pub dropped: Vec<String>,
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

    let token_lists: Vec<&[Token<'_>]> = sentences.iter().map(|s| s.tokens.as_slice()).collect();
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
    let mut dropped = Vec::new();
    for (n, s) in sentences.iter().enumerate() {
        if !body(s) {
            continue;
        }
        let here: Vec<&actors::Mention> = by_sentence[n].iter().map(|&i| &mentions[i]).collect();
        let quotes = quotes::quotations(&s.tokens);
        let in_quote = quotes::mask(s.tokens.len(), &quotes);
        let named: Vec<usize> = dedup(
            here.iter()
                .filter(|m| !in_quote[m.tokens.start])
                .map(|m| m.actor),
        );
        let speaker = speaker::speaker(&s.tokens, &quotes, &in_quote, &here);
        // Actors named outside quotations, by position: what a window of a
        // long sentence names is found without reading the whole sentence.
        let mut by_start: Vec<(usize, usize)> = here
            .iter()
            .filter(|m| !in_quote[m.tokens.start])
            .map(|m| (m.tokens.start, m.actor))
            .collect();
        by_start.sort_unstable();
        let grade = hedges::grade(&s.tokens, &quotes);
        let all = 0..s.tokens.len();
        let quote_of =
            |r: Range<usize>| verbatim(&article[s.tokens[r.start].start..s.tokens[r.end - 1].end]);
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
            // A long sentence is quoted around the date, with the actors
            // named there, not once whole per date.
            let (quote, actors) = if sentence_quote.len() <= clause::LONG {
                (sentence_quote.clone(), named.clone())
            } else {
                let w = bounded(&s.tokens, all.clone(), &d.tokens);
                let from = by_start.partition_point(|&(k, _)| k < w.start);
                let to = by_start.partition_point(|&(k, _)| k < w.end);
                let near = dedup(by_start[from..to].iter().map(|&(_, a)| a));
                (quote_of(w), near)
            };
            timeline.push(Entry {
                when: d.edtf.clone(),
                kind: EntryKind::Event,
                quote,
                actors,
                grade: grade.clone(),
                notes: d.note.iter().cloned().collect(),
            });
        }
        let taken: Vec<Range<usize>> = mentions_here.iter().map(|d| d.tokens.clone()).collect();
        let clauses = Clauses::new(&s.tokens);
        for number in numbers::find(article, &s.tokens, &taken, lang) {
            let clause = bounded(&s.tokens, clauses.around(&number.tokens), &number.tokens);
            let hedge = hedges::approximate(&s.tokens, &number.tokens, &clause);
            let quote = quote_of(clause);
            if !number.value.is_finite() {
                dropped.push(format!(
                    "a number too large to write was left out: {}",
                    write::comment_excerpt(&quote)
                ));
                continue;
            }
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
        dropped,
        dates: found_dates.into_iter().flatten().collect(),
    }
}

/// The items in order of first appearance, each once.
fn dedup(it: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut seen = std::collections::HashSet::new();
    it.filter(|x| seen.insert(*x)).collect()
}

/// At most `max` characters, on a character boundary; whether it was cut.
fn cut(s: &str, max: usize) -> (String, bool) {
    match s.char_indices().nth(max) {
        Some((at, _)) => (s[..at].trim_end().to_owned(), true),
        None => (s.to_owned(), false),
    }
}
