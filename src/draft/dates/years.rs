//! Years and decades: `2020`, `les années 1990`, `the early 1990s`.

use super::*;

/// `les années 1990`, `au début des années 1990`, `the 1990s`, `the early 1990s`.
pub(super) fn decade(tokens: &[Token<'_>], i: usize) -> Option<Found> {
    let t = tokens.get(i)?;
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

/// `2020`, `1994`: a four-digit number from 1800 to 2100 that is not part of
/// a grouped number (`2 020`) and is not followed by the noun it counts.
pub(super) fn year(tokens: &[Token<'_>], i: usize) -> Option<Found> {
    let t = tokens.get(i)?;
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
