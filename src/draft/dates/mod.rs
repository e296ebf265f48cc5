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

mod lexicon;
mod relative;
mod time;
mod years;

use lexicon::*;
use relative::*;
use time::*;
use years::*;

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
    if weekday(tokens.get(j)?).is_some() {
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
    if weekday(tokens.get(j)?).is_some() {
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
    let m = month(tokens.get(i)?)?;
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
    fn a_span_cut_off_at_the_end_of_the_text_is_no_panic() {
        // Found by tests/draft_properties.rs: "de décembre à" with nothing after.
        for s in [
            "de décembre à",
            "de décembre à ",
            "à 14h",
            "mardi",
            "( 10h00",
            "en",
        ] {
            dates(s, TUE);
            dates(s, None);
        }
    }

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
