//! Dates the text gives only by name (`en décembre`, `mardi`, `hier`),
//! placed by the article's date.

use super::*;

/// A month alone (`en décembre`, `since December`), placed by the article's
/// date: after "depuis"/"since" the last such month on or before it,
/// otherwise as [`place_day`] places a day.
pub(super) fn lone_month(tokens: &[Token<'_>], i: usize, ctx: Ctx) -> Option<Found> {
    let m = month(tokens.get(i)?)?;
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
pub(super) fn lone_weekday(tokens: &[Token<'_>], i: usize, ctx: Ctx) -> Option<Found> {
    let wd = weekday(tokens.get(i)?)?;
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
pub(super) fn relative_day(tokens: &[Token<'_>], i: usize, ctx: Ctx) -> Option<Found> {
    let t = tokens.get(i)?;
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
