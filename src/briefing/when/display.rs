//! Dates as people read them: `19 September 2023`, `c. 1990s?`,
//! `18 – 19 September 2023`, times with their offset and UTC.

use std::fmt;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike, Utc};

use super::{MONTHS, Point, Qualifier, Value, When};

impl Point {
    /// Shown without its year when an interval's other end already says it.
    fn display_without_year(&self) -> Option<String> {
        if self.qualifier != Qualifier::None {
            return None;
        }
        match &self.value {
            Value::Month(_, m) => Some(MONTHS[*m as usize - 1].to_owned()),
            Value::Day(d) => Some(format!("{} {}", d.day(), MONTHS[d.month0() as usize])),
            _ => None,
        }
    }
}

impl fmt::Display for Point {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (pre, post) = match self.qualifier {
            Qualifier::None => ("", ""),
            Qualifier::Approximate => ("c. ", ""),
            Qualifier::Uncertain => ("", "?"),
            Qualifier::Both => ("c. ", "?"),
        };
        f.write_str(pre)?;
        match &self.value {
            Value::Decade(d) => write!(f, "{}s", d * 10)?,
            Value::Year(y) => write!(f, "{y}")?,
            Value::Month(y, m) => write!(f, "{} {y}", MONTHS[*m as usize - 1])?,
            Value::Day(d) => write!(
                f,
                "{} {} {}",
                d.day(),
                MONTHS[d.month0() as usize],
                d.year()
            )?,
            Value::Time { at, seconds } => write_time(f, at, *seconds)?,
        }
        f.write_str(post)
    }
}

fn write_time(
    f: &mut fmt::Formatter<'_>,
    at: &DateTime<FixedOffset>,
    seconds: bool,
) -> fmt::Result {
    let clock = |h: u32, m: u32, s: u32| {
        if seconds {
            format!("{h:02}:{m:02}:{s:02}")
        } else {
            format!("{h:02}:{m:02}")
        }
    };
    let day = |d: NaiveDate| format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year());
    write!(
        f,
        "{} {}",
        day(at.date_naive()),
        clock(at.hour(), at.minute(), at.second())
    )?;
    if at.offset().local_minus_utc() == 0 {
        return f.write_str(" UTC");
    }
    let utc = at.with_timezone(&Utc);
    write!(f, " {}", at.format("%:z"))?;
    let utc_clock = clock(utc.hour(), utc.minute(), utc.second());
    if utc.date_naive() == at.date_naive() {
        write!(f, " ({utc_clock} UTC)")
    } else {
        let d = utc.date_naive();
        write!(
            f,
            " ({} {} {utc_clock} UTC)",
            d.day(),
            MONTHS[d.month0() as usize]
        )
    }
}

impl fmt::Display for When {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            When::Point(p) => write!(f, "{p}"),
            When::Interval {
                start: Some(s),
                end: Some(e),
            } => {
                let same_year = s.year() == e.year() && s.precision() == e.precision();
                match (same_year, s.display_without_year()) {
                    (true, Some(short)) => write!(f, "{short} – {e}"),
                    _ => write!(f, "{s} – {e}"),
                }
            }
            When::Interval {
                start: Some(s),
                end: None,
            } => write!(f, "since {s}"),
            When::Interval {
                start: None,
                end: Some(e),
            } => write!(f, "until {e}"),
            When::Interval {
                start: None,
                end: None,
            } => f.write_str("any time"),
        }
    }
}
