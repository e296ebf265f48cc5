//! Clock times, their zones, and the day they belong to.

use super::*;

/// A clock time: `14h00`, `14 h 30`, `14h`, `14:00`, `2pm`, `2:30 p.m.`, and
/// its zone when the text gives one: `GMT`, `UTC+4`, `CET`, or a second time
/// in brackets with its zone, `14h00 (10h00 GMT)`, which gives the offset.
/// The day is a day or weekday in the same sentence, else the article's date.
pub(super) fn time(tokens: &[Token<'_>], i: usize, ctx: Ctx) -> Option<Found> {
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
pub(super) fn clock(tokens: &[Token<'_>], i: usize) -> Option<(u32, u32, usize)> {
    let t = tokens.get(i)?;
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
pub(super) fn zone(tokens: &[Token<'_>], i: usize) -> Option<(i32, usize)> {
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
pub(super) fn bracketed_utc(tokens: &[Token<'_>], i: usize) -> Option<(u32, u32, usize)> {
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
