//! Dates, times and spans in a sentence, written in the format's EDTF subset.
//!
//! Every rule returns the token range it read, so the figures rule can skip
//! `14h00` and `2020`, and an EDTF string that [`When::parse`] accepts.
//!
//! [`When::parse`]: crate::briefing::When::parse

use std::ops::Range;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use super::words::{Token, touching};
use crate::briefing::when::Precision;

/// One date found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    /// Token indices in the sentence.
    pub tokens: Range<usize>,
    /// Byte range in the article.
    pub range: Range<usize>,
    pub edtf: String,
    /// How fine it is (never `Open`: an open span keeps its known end's precision).
    pub grain: Precision,
    /// Whether it is a span (`2022-12/..`, `1994/2020`).
    pub span: bool,
    /// What the drafter could not settle, for a `# TODO` comment.
    pub note: Option<String>,
}

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_EN: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
/// English abbreviations, read only when capitalised (`Sept. 19`).
const MONTHS_EN_SHORT: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sept", "oct", "nov", "dec",
];
const WEEKDAYS_FR: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];
const WEEKDAYS_EN: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// Zone names and their offsets in minutes east of UTC.
const ZONES: &[(&str, i32)] = &[
    ("gmt", 0),
    ("utc", 0),
    ("z", 0),
    ("wet", 0),
    ("bst", 60),
    ("cet", 60),
    ("cest", 120),
    ("eet", 120),
    ("eest", 180),
    ("msk", 180),
    ("est", -300),
    ("edt", -240),
    ("cst", -360),
    ("cdt", -300),
    ("mst", -420),
    ("mdt", -360),
    ("pst", -480),
    ("pdt", -420),
    ("jst", 540),
];

/// Words before a date that make it the start of an open span.
const SINCE: &[&str] = &["depuis", "since"];
/// Words before a date that make it the end of a span with no known start.
const UNTIL: &[&str] = &["until", "till", "jusqu", "through"];
/// Words that open a closed span, and the words that join its two ends.
const FROM: &[&str] = &["de", "du", "from", "entre", "between"];
const TO: &[&str] = &["à", "au", "to", "et", "and", "-", "–", "until"];
/// After a weekday, month or day: the next one, not the last one.
const NEXT: &[&str] = &["prochain", "prochaine", "next", "suivant"];

/// Month number (1–12) of a month name; English ones must be capitalised
/// (`may` and `march` are words too).
fn month(t: &Token<'_>) -> Option<u32> {
    if !t.is_word() {
        return None;
    }
    let w = t.lower();
    let w = w.trim_end_matches('.');
    // Written without their accents too.
    let plain = match w {
        "fevrier" => "février",
        "aout" => "août",
        "decembre" => "décembre",
        w => w,
    };
    if let Some(i) = MONTHS_FR.iter().position(|m| *m == plain) {
        return Some(i as u32 + 1);
    }
    if t.is_capitalised() {
        if let Some(i) = MONTHS_EN.iter().position(|m| *m == w) {
            return Some(i as u32 + 1);
        }
        if let Some(i) = MONTHS_EN_SHORT.iter().position(|m| *m == w) {
            return Some(i as u32 + 1);
        }
    }
    None
}

fn weekday(t: &Token<'_>) -> Option<Weekday> {
    if !t.is_word() {
        return None;
    }
    let w = t.lower();
    WEEKDAYS_FR
        .iter()
        .position(|d| *d == w)
        .or_else(|| {
            WEEKDAYS_EN
                .iter()
                .position(|d| *d == w)
                .filter(|_| t.is_capitalised())
        })
        .map(|i| WEEKDAYS[i])
}

fn day_of_month(t: &Token<'_>) -> Option<u32> {
    t.number()
        .filter(|d| (1..=31).contains(d))
        .map(|d| d as u32)
}

fn four_digit_year(t: &Token<'_>) -> Option<i32> {
    (t.is_digits() && t.text.len() == 4)
        .then(|| t.number())
        .flatten()
        .filter(|y| (1800..=2100).contains(y))
        .map(|y| y as i32)
}

/// What places a date that the text gives only in part.
#[derive(Debug, Clone, Copy)]
struct Ctx<'a> {
    /// The article's date (`--date`).
    article: Option<NaiveDate>,
    /// The sentence speaks of the future (`doit`, `will`, `is expected`):
    /// a weekday or a day without a year is the next one, not the last.
    future: bool,
    /// Every token where a day starts in the sentence, with that day, in
    /// order: what places a clock time, found once per sentence rather than
    /// once per time (a sentence of n times cost n² steps).
    days: &'a [(usize, Option<NaiveDate>)],
}

/// Words that put a sentence in the future.
#[rustfmt::skip]
const FUTURE: &[&str] = &[
    "doit", "doivent", "devrait", "devraient", "va", "vont", "sera", "seront", "aura", "auront",
    "prévu", "prévue", "prévus", "prévues", "will", "shall", "expected", "scheduled", "due",
    "planned", "plans", "upcoming",
];

/// A point in time before spans are built: its EDTF and how fine it is.
#[derive(Debug, Clone)]
struct Found {
    end: usize,
    edtf: String,
    grain: Precision,
    date: Option<NaiveDate>,
    note: Option<String>,
}

/// Finds every date in one sentence's tokens. `article` is the article's own
/// date (`--date`): without it, months, weekdays, days without a year, times
/// and words like "yesterday" cannot be placed and are left out.
pub fn find(tokens: &[Token<'_>], article: Option<NaiveDate>) -> Vec<DateMention> {
    let mut ctx = Ctx {
        article,
        future: tokens.iter().any(|t| t.is(FUTURE)),
        days: &[],
    };
    let days = days(tokens, ctx);
    ctx.days = &days;
    let mut out: Vec<DateMention> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let Some(found) = point(tokens, i, ctx) else {
            i += 1;
            continue;
        };
        let mut start = i;
        let mut end = found.end;
        let mut edtf = found.edtf.clone();
        let mut span = false;
        let before = i.checked_sub(1).map(|b| &tokens[b]);
        // `jusqu’en 1994`, `jusqu’à mardi`: skip the little word after the elision.
        let before_until = if before.is_some_and(|b| b.is(&["en", "à", "au"])) && i >= 3 {
            Some(&tokens[i - 3])
        } else {
            before
        };
        if before.is_some_and(|b| b.is(SINCE)) {
            edtf = format!("{edtf}/..");
            start = i - 1;
            span = true;
        } else if before_until.is_some_and(|b| b.is(UNTIL)) {
            edtf = format!("../{edtf}");
            start = i - if before_until == before { 1 } else { 3 };
            span = true;
        } else if before.is_some_and(|b| b.is(FROM))
            && let Some(join) = tokens.get(end)
            && (join.is(TO) || join.is_punct("-–"))
            && let Some(second) = point(tokens, end + 1, ctx)
        {
            let interval = format!("{}/{}", found.edtf, second.edtf);
            if crate::briefing::When::parse(&interval).is_ok() {
                edtf = interval;
                start = i - 1;
                end = second.end;
                span = true;
            }
        }
        out.push(DateMention {
            tokens: start..end,
            range: tokens[start].start..tokens[end - 1].end,
            edtf,
            grain: found.grain,
            span,
            note: found.note,
        });
        i = end;
    }
    // A time carries its day: the day it was placed on is not said twice.
    let times: std::collections::HashSet<String> = out
        .iter()
        .filter(|d| d.grain == Precision::Time)
        .map(|d| d.edtf[..10].to_owned())
        .collect();
    out.retain(|d| {
        d.span || d.grain != Precision::Day || d.note.is_some() || !times.contains(&d.edtf)
    });
    out
}

/// Where a day (not a time) starts in the sentence, and which.
fn days(tokens: &[Token<'_>], ctx: Ctx) -> Vec<(usize, Option<NaiveDate>)> {
    (0..tokens.len())
        .filter_map(|k| {
            day_month(tokens, k, ctx)
                .or_else(|| month_day(tokens, k, ctx))
                .or_else(|| iso_day(tokens, k))
                .or_else(|| lone_weekday(tokens, k, ctx))
                .or_else(|| relative_day(tokens, k, ctx))
                .map(|f| (k, f.date))
        })
        .collect()
}

/// The date starting at token `i`, if any.
fn point(tokens: &[Token<'_>], i: usize, ctx: Ctx) -> Option<Found> {
    iso_day(tokens, i)
        .or_else(|| time(tokens, i, ctx))
        .or_else(|| day_month(tokens, i, ctx))
        .or_else(|| month_day(tokens, i, ctx))
        .or_else(|| month_year(tokens, i))
        .or_else(|| decade(tokens, i))
        .or_else(|| year(tokens, i))
        .or_else(|| lone_month(tokens, i, ctx))
        .or_else(|| lone_weekday(tokens, i, ctx))
        .or_else(|| relative_day(tokens, i, ctx))
}

fn day_found(end: usize, date: NaiveDate, note: Option<String>) -> Found {
    Found {
        end,
        edtf: date.format("%Y-%m-%d").to_string(),
        grain: Precision::Day,
        date: Some(date),
        note,
    }
}

/// `2023-09-19`.
fn iso_day(tokens: &[Token<'_>], i: usize) -> Option<Found> {
    let t = tokens.get(i..i + 5)?;
    let glued = t.windows(2).all(|w| touching(&w[0], &w[1]));
    if !glued || !t[1].is_punct("-") || !t[3].is_punct("-") {
        return None;
    }
    let y = four_digit_year(&t[0])?;
    if t[2].text.len() != 2 || t[4].text.len() != 2 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(y, t[2].number()? as u32, t[4].number()? as u32)?;
    Some(day_found(i + 5, date, None))
}

/// Whether the word after `end` asks for the next occurrence rather than the last.
fn wants_next(tokens: &[Token<'_>], end: usize, ctx: Ctx) -> bool {
    ctx.future
        || tokens.get(end).is_some_and(|t| t.is(NEXT))
        || tokens
            .get(end.wrapping_sub(2))
            .is_some_and(|t| t.is(&["next"]))
}

/// A month and day without a year, placed near the article's date: in the
/// article's year, unless that is more than two months after the article, in
/// which case the year before (or the year after, when "prochain"/"next" says so).
fn place_day(article: NaiveDate, m: u32, d: u32, next: bool) -> Option<NaiveDate> {
    let this = NaiveDate::from_ymd_opt(article.year(), m, d);
    if next {
        return match this {
            Some(t) if t > article => Some(t),
            _ => NaiveDate::from_ymd_opt(article.year() + 1, m, d),
        };
    }
    match this {
        Some(t) if t <= article.checked_add_months(Months::new(2))? => Some(t),
        _ => NaiveDate::from_ymd_opt(article.year() - 1, m, d),
    }
}

/// `19 septembre 2023`, `le 1er mars`, `mardi 19 septembre`, `19 September 2023`.
fn day_month(tokens: &[Token<'_>], i: usize, ctx: Ctx) -> Option<Found> {
    let mut j = i;
    if weekday(&tokens[j]).is_some() {
        j += 1;
        if tokens.get(j).is_some_and(|t| t.is_punct(",")) {
            j += 1;
        }
    }
    let d = day_of_month(tokens.get(j)?)?;
    j += 1;
    // `1er`, `2nd`, `19th`
    if tokens
        .get(j)
        .is_some_and(|t| t.is(&["er", "st", "nd", "rd", "th"]) && touching(&tokens[j - 1], t))
    {
        j += 1;
    }
    let m = month(tokens.get(j)?)?;
    j += 1;
    if tokens.get(j).is_some_and(|t| t.is_punct(".")) && tokens[j - 1].text.len() <= 4 {
        j += 1;
    }
    if let Some(y) = tokens.get(j).and_then(four_digit_year) {
        let date = NaiveDate::from_ymd_opt(y, m, d)?;
        return Some(day_found(j + 1, date, None));
    }
    let date = place_day(ctx.article?, m, d, wants_next(tokens, j, ctx))?;
    Some(day_found(j, date, None))
}

/// `September 19, 2023`, `Sept. 19`, `Tuesday, September 19`.
fn month_day(tokens: &[Token<'_>], i: usize, ctx: Ctx) -> Option<Found> {
    let mut j = i;
    if weekday(&tokens[j]).is_some() {
        j += 1;
        if tokens.get(j).is_some_and(|t| t.is_punct(",")) {
            j += 1;
        }
    }
    let m = month(tokens.get(j)?)?;
    if !tokens[j].is_capitalised() {
        return None;
    }
    j += 1;
    if tokens.get(j).is_some_and(|t| t.is_punct(".")) {
        j += 1;
    }
    let day = tokens.get(j)?;
    let d = day_of_month(day)?;
    // `December 2022` is a month; `May 3,000` is not a date.
    if tokens
        .get(j + 1)
        .is_some_and(|t| t.is_digits() && t.text.len() == 3 && !t.is_punct(","))
    {
        return None;
    }
    j += 1;
    if tokens
        .get(j)
        .is_some_and(|t| t.is(&["st", "nd", "rd", "th"]) && touching(&tokens[j - 1], t))
    {
        j += 1;
    }
    let comma = usize::from(tokens.get(j).is_some_and(|t| t.is_punct(",")));
    if let Some(y) = tokens.get(j + comma).and_then(four_digit_year) {
        let date = NaiveDate::from_ymd_opt(y, m, d)?;
        return Some(day_found(j + comma + 1, date, None));
    }
    let date = place_day(ctx.article?, m, d, wants_next(tokens, j, ctx))?;
    Some(day_found(j, date, None))
}

/// `décembre 2022`, `December 2022`.
fn month_year(tokens: &[Token<'_>], i: usize) -> Option<Found> {
    let m = month(&tokens[i])?;
    let mut j = i + 1;
    if tokens.get(j).is_some_and(|t| t.is_punct(".")) {
        j += 1;
    }
    let y = tokens.get(j).and_then(four_digit_year)?;
    Some(Found {
        end: j + 1,
        edtf: format!("{y:04}-{m:02}"),
        grain: Precision::Month,
        date: NaiveDate::from_ymd_opt(y, m, 1),
        note: None,
    })
}

/// A month alone (`en décembre`, `since December`), placed by the article's
/// date: after "depuis"/"since" the last such month on or before it,
/// otherwise as [`place_day`] places a day.
fn lone_month(tokens: &[Token<'_>], i: usize, ctx: Ctx) -> Option<Found> {
    let m = month(&tokens[i])?;
    // `mai` and `mars` are names too; a month alone follows a preposition.
    let before = i.checked_sub(1).map(|b| &tokens[b])?;
    if !before.is(&[
        "en", "in", "depuis", "since", "de", "from", "until", "of", "début", "fin", "mi", "early",
        "late", "mid", "dès", "by", "after", "before", "après", "avant", "last", "this", "ce",
        "jusqu", "entre", "between",
    ]) && !before.is_punct("-")
    {
        return None;
    }
    let article = ctx.article?;
    let y = if before.is(SINCE) {
        if m <= article.month() {
            article.year()
        } else {
            article.year() - 1
        }
    } else {
        place_day(article, m, 1, wants_next(tokens, i + 1, ctx))?.year()
    };
    Some(Found {
        end: i + 1,
        edtf: format!("{y:04}-{m:02}"),
        grain: Precision::Month,
        date: NaiveDate::from_ymd_opt(y, m, 1),
        note: None,
    })
}

/// `mardi`, `lundi dernier`, `on Monday`, `next Friday`: the last such day on
/// or before the article's date, or the first after it with "prochain"/"next".
fn lone_weekday(tokens: &[Token<'_>], i: usize, ctx: Ctx) -> Option<Found> {
    let wd = weekday(&tokens[i])?;
    let article = ctx.article?;
    let mut end = i + 1;
    if tokens
        .get(end)
        .is_some_and(|t| t.is(&["dernier", "prochain"]))
    {
        end += 1;
    }
    let since = i > 0 && tokens[i - 1].is(SINCE);
    let next = !since && (wants_next(tokens, i + 1, ctx) || i > 0 && tokens[i - 1].is(&["next"]));
    let last = i > 0 && tokens[i - 1].is(&["last"])
        || tokens.get(i + 1).is_some_and(|t| t.is(&["dernier"]));
    let mut day = article;
    if next {
        day = day.checked_add_days(Days::new(1))?;
        while day.weekday() != wd {
            day = day.checked_add_days(Days::new(1))?;
        }
    } else {
        if last {
            day = day.checked_sub_days(Days::new(1))?;
        }
        while day.weekday() != wd {
            day = day.checked_sub_days(Days::new(1))?;
        }
    }
    Some(day_found(end, day, None))
}

/// `hier`, `aujourd’hui`, `demain`, `yesterday`, `today`, `tomorrow`.
fn relative_day(tokens: &[Token<'_>], i: usize, ctx: Ctx) -> Option<Found> {
    let t = &tokens[i];
    let (shift, end): (i64, usize) = if t.is(&["hier", "yesterday"]) {
        (-1, i + 1)
    } else if t.is(&["demain", "tomorrow"]) {
        (1, i + 1)
    } else if t.is(&["today"]) {
        (0, i + 1)
    } else if t.is(&["aujourd"])
        && tokens.get(i + 2).is_some_and(|h| h.is(&["hui"]))
        && touching(t, &tokens[i + 1])
    {
        (0, i + 3)
    } else {
        return None;
    };
    let article = ctx.article?;
    let day = if shift < 0 {
        article.checked_sub_days(Days::new(1))?
    } else {
        article.checked_add_days(Days::new(shift as u64))?
    };
    Some(day_found(end, day, None))
}

/// `les années 1990`, `au début des années 1990`, `the 1990s`, `the early 1990s`.
fn decade(tokens: &[Token<'_>], i: usize) -> Option<Found> {
    let t = &tokens[i];
    let (y, end) = if t.is(&["années", "annees"]) {
        let y = tokens.get(i + 1).and_then(four_digit_year)?;
        (y, i + 2)
    } else {
        let y = four_digit_year(t)?;
        let s = tokens.get(i + 1)?;
        if !(s.is(&["s"]) && touching(t, s)) {
            return None;
        }
        // `1990’s` is written too.
        (y, i + 2)
    };
    if y % 10 != 0 {
        return None;
    }
    let before: Vec<String> = tokens[i.saturating_sub(3)..i]
        .iter()
        .map(|t| t.lower())
        .collect();
    let part = |words: &[&str]| before.iter().any(|b| words.contains(&b.as_str()));
    let note = if part(&["début", "early"]) {
        Some(format!("the early {y}s"))
    } else if part(&["fin", "late"]) {
        Some(format!("the late {y}s"))
    } else if part(&["milieu", "mid"]) {
        Some(format!("the mid {y}s"))
    } else {
        None
    };
    Some(Found {
        end,
        edtf: format!("{}X", y / 10),
        grain: Precision::Decade,
        date: NaiveDate::from_ymd_opt(y, 1, 1),
        note,
    })
}

/// Little words that may follow a year; any other lower-case word makes the
/// number a count (`2000 soldats`, `1500 people`), not a year.
const AFTER_YEAR: &[&str] = &[
    "et", "à", "au", "après", "avant", "lors", "quand", "où", "le", "la", "les", "l", "ont", "a",
    "est", "sont", "était", "avait", "de", "des", "du", "puis", "par", "pour", "dans", "contre",
    "and", "to", "after", "before", "when", "the", "was", "were", "had", "has", "have", "is",
    "are", "in", "by", "for", "against", "with", "avec", "then", "but", "mais", "until", "jusqu",
    "which", "that", "qui", "que", "ou", "or", "elle", "il", "ils", "elles", "on", "it", "they",
    "he", "she", "we", "nous", "se", "s", "en", "as", "an", "un", "une",
];

/// `2020`, `1994`: a four-digit number from 1800 to 2100 that is not part of
/// a grouped number (`2 020`) and is not followed by the noun it counts.
fn year(tokens: &[Token<'_>], i: usize) -> Option<Found> {
    let t = &tokens[i];
    let y = four_digit_year(t)?;
    let grouped = |a: &Token<'_>, b: &Token<'_>| {
        a.is_digits() && b.is_digits() && a.end < b.start && a.end + 4 > b.start
    };
    if i > 0 && grouped(&tokens[i - 1], t) {
        return None;
    }
    if let Some(n) = tokens.get(i + 1) {
        if grouped(t, n) && n.text.len() == 3 {
            return None;
        }
        if n.is_word() && !n.is_capitalised() && !n.is(AFTER_YEAR) {
            return None;
        }
        // `2020,5` and `2020.5` are not years; `2020, 300` may be.
        if n.is_punct(",.")
            && touching(t, n)
            && tokens
                .get(i + 2)
                .is_some_and(|d| d.is_digits() && touching(n, d))
        {
            return None;
        }
    }
    Some(Found {
        end: i + 1,
        edtf: format!("{y:04}"),
        grain: Precision::Year,
        date: NaiveDate::from_ymd_opt(y, 1, 1),
        note: None,
    })
}

/// A clock time: `14h00`, `14 h 30`, `14h`, `14:00`, `2pm`, `2:30 p.m.`, and
/// its zone when the text gives one: `GMT`, `UTC+4`, `CET`, or a second time
/// in brackets with its zone, `14h00 (10h00 GMT)`, which gives the offset.
/// The day is a day or weekday in the same sentence, else the article's date.
fn time(tokens: &[Token<'_>], i: usize, ctx: Ctx) -> Option<Found> {
    let (h, m, mut end) = clock(tokens, i)?;
    // `14h00 heure locale (10h00 GMT)`, `06:00 local time (04:00 GMT)`
    if tokens.get(end).is_some_and(|t| t.is(&["local"]))
        && tokens.get(end + 1).is_some_and(|t| t.is(&["time"]))
        || tokens.get(end).is_some_and(|t| t.is(&["heure", "heures"]))
            && tokens
                .get(end + 1)
                .is_some_and(|t| t.is(&["locale", "locales"]))
    {
        end += 2;
    }
    let (offset, end) = match zone(tokens, end) {
        Some((z, e)) => (Some(z), e),
        None => match bracketed_utc(tokens, end) {
            Some((uh, um, e)) => {
                let mut diff = (h * 60 + m) as i32 - (uh * 60 + um) as i32;
                if diff > 14 * 60 {
                    diff -= 24 * 60;
                } else if diff <= -12 * 60 {
                    diff += 24 * 60;
                }
                (Some(diff), e)
            }
            None => (None, end),
        },
    };
    // The day: the sentence's own (the first outside the time), else the article's.
    let own_day = match ctx.days.first() {
        Some(&(k, date)) if k < i || k >= end => date,
        Some(_) => {
            let after = ctx.days.partition_point(|&(k, _)| k < end);
            ctx.days.get(after).and_then(|&(_, date)| date)
        }
        None => None,
    };
    let day = own_day.or(ctx.article)?;
    let local = format!("{h:02}:{m:02}");
    match offset {
        Some(off) => {
            let zone = if off == 0 {
                "Z".to_owned()
            } else {
                let sign = if off < 0 { '-' } else { '+' };
                format!("{sign}{:02}:{:02}", off.abs() / 60, off.abs() % 60)
            };
            Some(Found {
                end,
                edtf: format!("{}T{local}{zone}", day.format("%Y-%m-%d")),
                grain: Precision::Time,
                date: Some(day),
                note: None,
            })
        }
        None => Some(day_found(
            end,
            day,
            Some(format!(
                "{local} local time: add the time with its UTC offset if you know it"
            )),
        )),
    }
}

/// Hours and minutes at token `i`, and the token after them.
fn clock(tokens: &[Token<'_>], i: usize) -> Option<(u32, u32, usize)> {
    let t = &tokens[i];
    let h = t.number().filter(|h| *h <= 24 && t.text.len() <= 2)? as u32;
    let next = tokens.get(i + 1)?;
    let minutes = |k: usize| {
        tokens
            .get(k)
            .filter(|m| m.is_digits() && m.text.len() == 2)
            .and_then(Token::number)
            .filter(|m| *m < 60)
            .map(|m| m as u32)
    };
    let close = |a: &Token<'_>, b: &Token<'_>| b.start - a.end <= 1;
    let (mut m, mut end) = (0, i + 1);
    if next.is(&["h"]) && close(t, next) {
        if let Some(mm) = tokens
            .get(i + 2)
            .filter(|d| close(next, d))
            .and_then(|_| minutes(i + 2))
        {
            m = mm;
            end = i + 3;
        } else {
            end = i + 2;
        }
    } else if next.is_punct(":") && touching(t, next) && minutes(i + 2).is_some() {
        m = minutes(i + 2)?;
        end = i + 3;
    }
    // am / pm
    let mut pm: Option<bool> = None;
    if let Some(a) = tokens.get(end) {
        if a.is(&["am", "pm"]) {
            pm = Some(a.is(&["pm"]));
            end += 1;
        } else if a.is(&["a", "p"])
            && tokens.get(end + 1).is_some_and(|d| d.is_punct("."))
            && tokens.get(end + 2).is_some_and(|x| x.is(&["m"]))
        {
            pm = Some(a.is(&["p"]));
            end += 3;
            if tokens.get(end).is_some_and(|d| d.is_punct(".")) {
                end += 1;
            }
        }
    }
    if end == i + 1 {
        return None;
    }
    let h = match pm {
        Some(_) if h == 0 || h > 12 => return None,
        Some(true) if h < 12 => h + 12,
        Some(false) if h == 12 => 0,
        _ => h,
    };
    if h > 23 {
        return None;
    }
    Some((h, m, end))
}

/// A zone after a time: `GMT`, `UTC+4`, `UTC+04:00`, `CET`; `heure de Paris` is not read.
fn zone(tokens: &[Token<'_>], i: usize) -> Option<(i32, usize)> {
    let mut j = i;
    if tokens.get(j).is_some_and(|t| t.is(&["heure", "heures"])) {
        j += 1;
    }
    let t = tokens.get(j)?;
    if !t.is_word() || t.text.chars().any(char::is_lowercase) && t.text.len() > 1 {
        return None;
    }
    let (_, base) = ZONES.iter().find(|(z, _)| t.is(&[z]))?;
    let mut end = j + 1;
    let mut offset = *base;
    if let (Some(sign), Some(h)) = (tokens.get(end), tokens.get(end + 1))
        && sign.is_punct("+-−")
        && touching(t, sign)
        && let Some(hours) = h.number().filter(|n| *n <= 14)
    {
        let mut minutes = 0;
        end += 2;
        if tokens.get(end).is_some_and(|c| c.is_punct(":"))
            && let Some(mm) = tokens.get(end + 1).and_then(Token::number)
        {
            minutes = mm;
            end += 2;
        }
        let total = (hours * 60 + minutes) as i32;
        offset += if sign.is_punct("+") { total } else { -total };
    }
    Some((offset, end))
}

/// `(10h00 GMT)`, `(10:00 UTC)`: the same moment in UTC, in brackets.
fn bracketed_utc(tokens: &[Token<'_>], i: usize) -> Option<(u32, u32, usize)> {
    if !tokens.get(i)?.is_punct("(") {
        return None;
    }
    let (h, m, end) = clock(tokens, i + 1)?;
    let (off, end) = zone(tokens, end)?;
    if off != 0 || !tokens.get(end)?.is_punct(")") {
        return None;
    }
    Some((h, m, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::When;
    use crate::draft::words::tokenize;

    fn dates(s: &str, article: Option<&str>) -> Vec<String> {
        let article = article.map(|a| NaiveDate::parse_from_str(a, "%Y-%m-%d").unwrap());
        let found = find(&tokenize(s, 0..s.len()), article);
        for d in &found {
            When::parse(&d.edtf).unwrap_or_else(|e| panic!("{s}: {e}"));
        }
        found.into_iter().map(|d| d.edtf).collect()
    }

    const TUE: Option<&str> = Some("2023-09-19");

    #[test]
    fn years_decades_and_spans() {
        assert_eq!(dates("de nouveau en 2020.", None), ["2020"]);
        assert_eq!(
            dates("détenus par l’Arménie depuis 1994.", None),
            ["1994/.."]
        );
        assert_eq!(dates("au début des années 1990 après", None), ["199X"]);
        assert_eq!(dates("in the early 1990s and", None), ["199X"]);
        assert_eq!(dates("de 1994 à 2020", None), ["1994/2020"]);
        assert_eq!(dates("between 1994 and 2020", None), ["1994/2020"]);
        assert_eq!(
            dates("Between 1994 and 1998 an earlier war", None),
            ["1994/1998"]
        );
        assert_eq!(dates("jusqu’en 1994", None), ["../1994"]);
        assert_eq!(
            dates("2000 soldats, 1500 people", None),
            Vec::<String>::new()
        );
        assert_eq!(dates("120 000 et 2 020 euros", None), Vec::<String>::new());
    }

    #[test]
    fn months_and_weekdays_need_the_article_date() {
        assert_eq!(dates("Depuis décembre, l’Azerbaïdjan", TUE), ["2022-12/.."]);
        assert_eq!(dates("since December the road", TUE), ["2022-12/.."]);
        assert_eq!(dates("Depuis décembre", None), Vec::<String>::new());
        assert_eq!(dates("Mardi, le ministère", TUE), ["2023-09-19"]);
        assert_eq!(dates("a autorisé lundi l’aide", TUE), ["2023-09-18"]);
        assert_eq!(dates("on Friday", TUE), ["2023-09-15"]);
        assert_eq!(dates("next Friday", TUE), ["2023-09-22"]);
        assert_eq!(
            dates("Le ministre doit se rendre sur place jeudi.", TUE),
            ["2023-09-21"]
        );
        assert_eq!(
            dates("Talks will resume on Friday, paused since Monday", TUE),
            ["2023-09-22", "2023-09-18/.."]
        );
        assert_eq!(dates("Il sera là, depuis lundi", TUE), ["2023-09-18/.."]);
        assert_eq!(
            dates("hier soir et aujourd’hui", TUE),
            ["2023-09-18", "2023-09-19"]
        );
        assert_eq!(dates("en mars", TUE), ["2023-03"]);
        assert_eq!(dates("en novembre", TUE), ["2023-11"]);
        assert_eq!(dates("en décembre", TUE), ["2022-12"]);
    }

    #[test]
    fn days_with_and_without_years() {
        assert_eq!(dates("le 19 septembre 2023", None), ["2023-09-19"]);
        assert_eq!(dates("le 1er mars", TUE), ["2023-03-01"]);
        assert_eq!(dates("on September 19, 2023,", None), ["2023-09-19"]);
        assert_eq!(dates("on Sept. 19 the", TUE), ["2023-09-19"]);
        assert_eq!(dates("le 28 décembre", TUE), ["2022-12-28"]);
        assert_eq!(dates("décembre 2022", None), ["2022-12"]);
        assert_eq!(
            dates("from 27 September 2020 to 10 November 2020", None),
            ["2020-09-27/2020-11-10"]
        );
        assert_eq!(dates("published 2023-09-19", None), ["2023-09-19"]);
    }

    #[test]
    fn times_take_their_zone() {
        assert_eq!(
            dates("qu’à 14h00 (10h00 GMT), la", TUE),
            ["2023-09-19T14:00+04:00"]
        );
        assert_eq!(
            dates("at 2:30 p.m. GMT on Monday", TUE),
            ["2023-09-18T14:30Z"]
        );
        assert_eq!(dates("à 9 h 15 UTC+2", TUE), ["2023-09-19T09:15+02:00"]);
        assert_eq!(
            dates("at 06:30 (05:30 GMT)", TUE),
            ["2023-09-19T06:30+01:00"]
        );
        assert_eq!(
            dates("at 01:00 (22:00 GMT)", TUE),
            ["2023-09-19T01:00+03:00"]
        );
        assert_eq!(dates("at 9pm EDT", TUE), ["2023-09-19T21:00-04:00"]);
        assert_eq!(
            dates("at 06:00 local time (04:00 GMT) on Monday", TUE),
            ["2023-09-18T06:00+02:00"]
        );
        // No zone: the day, and a note.
        let s = "à 14h00 heure locale";
        let found = find(
            &tokenize(s, 0..s.len()),
            NaiveDate::from_ymd_opt(2023, 9, 19),
        );
        assert_eq!(found[0].edtf, "2023-09-19");
        assert!(found[0].note.as_deref().unwrap().contains("14:00"));
        assert_eq!(dates("à 14h00", None), Vec::<String>::new());
    }
}
