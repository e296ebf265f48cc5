//! Dates as briefings write them: the EDTF subset of format 1.
//!
//! News reporting is full of partial and uncertain dates ("in the early 1990s",
//! "since December"), so a date here is not a timestamp but a [`When`] that
//! knows its precision, its qualifier and whether it is a span.

use std::cmp::Ordering;
use std::fmt;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, TimeZone};

mod display;

/// A date in one of the forms of format 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum When {
    Point(Point),
    /// `start/end`, either side possibly open (`..`) but not both.
    Interval {
        start: Option<Point>,
        end: Option<Point>,
    },
}

/// One date with its precision and qualifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Point {
    pub value: Value,
    pub qualifier: Qualifier,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// `199X`: the decade starting at `10 * n`.
    Decade(i32),
    Year(i32),
    Month(i32, u32),
    Day(NaiveDate),
    /// A time always carries its offset; `seconds` keeps whether the author wrote them.
    Time {
        at: DateTime<FixedOffset>,
        seconds: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Qualifier {
    #[default]
    None,
    /// `~`: approximate.
    Approximate,
    /// `?`: uncertain.
    Uncertain,
    /// `%`: both.
    Both,
}

/// How fine a date is; coarser sorts first when two dates start together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precision {
    Open,
    Decade,
    Year,
    Month,
    Day,
    Time,
}

/// Why a date string was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DateError {}

fn err<T>(input: &str, why: &str) -> Result<T, DateError> {
    Err(DateError(format!("bad date {input:?}: {why}")))
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A date without a time can mean any instant of that day anywhere on Earth;
/// the earliest zone is UTC+14, so that is where its earliest instant lies.
const EARLIEST_OFFSET_SECS: i64 = 14 * 3600;

impl When {
    pub fn parse(input: &str) -> Result<When, DateError> {
        if input.is_empty() {
            return err(input, "empty");
        }
        if input.trim() != input {
            return err(input, "leading or trailing spaces");
        }
        match input.split_once('/') {
            None => Ok(When::Point(Point::parse(input, input)?)),
            Some((a, b)) => {
                let side = |s: &str| -> Result<Option<Point>, DateError> {
                    if s == ".." {
                        Ok(None)
                    } else {
                        Point::parse(s, input).map(Some)
                    }
                };
                let (start, end) = (side(a)?, side(b)?);
                match (&start, &end) {
                    (None, None) => return err(input, "an interval needs at least one end"),
                    (Some(s), Some(e)) if e.ends_before(s) => {
                        return err(input, "the interval ends before it starts");
                    }
                    _ => {}
                }
                Ok(When::Interval { start, end })
            }
        }
    }

    /// The earliest instant this date can mean, in seconds since the Unix epoch.
    pub fn earliest(&self) -> i64 {
        match self {
            When::Point(p) => p.earliest(),
            When::Interval { start: Some(p), .. } => p.earliest(),
            When::Interval { start: None, .. } => i64::MIN,
        }
    }

    pub fn precision(&self) -> Precision {
        match self {
            When::Point(p) => p.precision(),
            When::Interval { start: Some(p), .. } => p.precision(),
            When::Interval { start: None, .. } => Precision::Open,
        }
    }

    /// Timeline order: earliest instant, then coarser first. File order breaks
    /// the remaining ties, which a stable sort keeps.
    pub fn timeline_cmp(&self, other: &When) -> Ordering {
        (self.earliest(), self.precision()).cmp(&(other.earliest(), other.precision()))
    }

    /// The canonical EDTF text; `When::parse` of it gives back an equal value.
    pub fn to_edtf(&self) -> String {
        match self {
            When::Point(p) => p.to_edtf(),
            When::Interval { start, end } => {
                let side = |p: &Option<Point>| p.as_ref().map_or("..".to_owned(), Point::to_edtf);
                format!("{}/{}", side(start), side(end))
            }
        }
    }

    /// The year this date starts in, if it has a start.
    pub fn year(&self) -> Option<i32> {
        match self {
            When::Point(p) | When::Interval { start: Some(p), .. } => Some(p.year()),
            When::Interval { start: None, end } => end.as_ref().map(Point::year),
        }
    }
}

impl Point {
    fn parse(s: &str, whole: &str) -> Result<Point, DateError> {
        let (body, qualifier) = match s.as_bytes().last() {
            Some(b'~') => (&s[..s.len() - 1], Qualifier::Approximate),
            Some(b'?') => (&s[..s.len() - 1], Qualifier::Uncertain),
            Some(b'%') => (&s[..s.len() - 1], Qualifier::Both),
            _ => (s, Qualifier::None),
        };
        let value = parse_value(body, whole)?;
        if qualifier != Qualifier::None && matches!(value, Value::Time { .. }) {
            return err(whole, "a time cannot carry ~, ? or %");
        }
        Ok(Point { value, qualifier })
    }

    pub fn precision(&self) -> Precision {
        match self.value {
            Value::Decade(_) => Precision::Decade,
            Value::Year(_) => Precision::Year,
            Value::Month(..) => Precision::Month,
            Value::Day(_) => Precision::Day,
            Value::Time { .. } => Precision::Time,
        }
    }

    fn year(&self) -> i32 {
        match &self.value {
            Value::Decade(d) => d * 10,
            Value::Year(y) | Value::Month(y, _) => *y,
            Value::Day(d) => d.year(),
            Value::Time { at, .. } => at.year(),
        }
    }

    fn first_day(&self) -> NaiveDate {
        let ymd = |y, m| NaiveDate::from_ymd_opt(y, m, 1).expect("validated at parse");
        match &self.value {
            Value::Decade(d) => ymd(d * 10, 1),
            Value::Year(y) => ymd(*y, 1),
            Value::Month(y, m) => ymd(*y, *m),
            Value::Day(d) => *d,
            Value::Time { at, .. } => at.date_naive(),
        }
    }

    /// The day after the last day this date covers.
    fn day_after(&self) -> NaiveDate {
        let ymd = |y, m| NaiveDate::from_ymd_opt(y, m, 1).expect("validated at parse");
        match &self.value {
            Value::Decade(d) => ymd(d * 10 + 10, 1),
            Value::Year(y) => ymd(y + 1, 1),
            Value::Month(y, 12) => ymd(y + 1, 1),
            Value::Month(y, m) => ymd(*y, m + 1),
            Value::Day(d) => d.succ_opt().unwrap_or(*d),
            Value::Time { at, .. } => at.date_naive().succ_opt().unwrap_or(at.date_naive()),
        }
    }

    fn earliest(&self) -> i64 {
        match &self.value {
            Value::Time { at, .. } => at.timestamp(),
            _ => midnight_utc(self.first_day()) - EARLIEST_OFFSET_SECS,
        }
    }

    /// Whether this date, as an interval's end, lies wholly before `start`.
    /// Two times compare as instants; otherwise by calendar days as written,
    /// so that `2020-09-27/2020-09-26` is refused whatever the zones.
    fn ends_before(&self, start: &Point) -> bool {
        match (&self.value, &start.value) {
            (Value::Time { at: end, .. }, Value::Time { at: begin, .. }) => end < begin,
            _ => self.day_after() <= start.first_day(),
        }
    }

    fn to_edtf(&self) -> String {
        let body = match &self.value {
            Value::Decade(d) => format!("{d:03}X"),
            Value::Year(y) => format!("{y:04}"),
            Value::Month(y, m) => format!("{y:04}-{m:02}"),
            Value::Day(d) => d.format("%Y-%m-%d").to_string(),
            Value::Time { at, seconds } => {
                let time = if *seconds { "%H:%M:%S" } else { "%H:%M" };
                let offset = if at.offset().local_minus_utc() == 0 {
                    "Z".to_owned()
                } else {
                    at.format("%:z").to_string()
                };
                format!("{}{}", at.format(&format!("%Y-%m-%dT{time}")), offset)
            }
        };
        let q = match self.qualifier {
            Qualifier::None => "",
            Qualifier::Approximate => "~",
            Qualifier::Uncertain => "?",
            Qualifier::Both => "%",
        };
        format!("{body}{q}")
    }
}

fn midnight_utc(day: NaiveDate) -> i64 {
    day.and_time(NaiveTime::MIN).and_utc().timestamp()
}

fn parse_year(s: &str, whole: &str) -> Result<i32, DateError> {
    if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return err(whole, "a year has four digits");
    }
    Ok(s.parse().expect("four ASCII digits"))
}

fn parse_two(s: &str, whole: &str, what: &str) -> Result<u32, DateError> {
    if s.len() != 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return err(whole, &format!("{what} needs two digits"));
    }
    Ok(s.parse().expect("two ASCII digits"))
}

fn parse_value(s: &str, whole: &str) -> Result<Value, DateError> {
    if let Some((date, time)) = s.split_once('T') {
        return parse_time(date, time, whole);
    }
    let parts: Vec<&str> = s.split('-').collect();
    match parts.as_slice() {
        [y] if y.len() == 4 && y.ends_with('X') => {
            let digits = &y[..3];
            if !digits.bytes().all(|b| b.is_ascii_digit()) {
                return err(whole, "a decade is written like 199X");
            }
            Ok(Value::Decade(digits.parse().expect("three ASCII digits")))
        }
        [y] => Ok(Value::Year(parse_year(y, whole)?)),
        [y, m] => {
            let (y, m) = (parse_year(y, whole)?, parse_two(m, whole, "a month")?);
            if !(1..=12).contains(&m) {
                return err(whole, &format!("there is no month {m}"));
            }
            Ok(Value::Month(y, m))
        }
        [y, m, d] => Ok(Value::Day(parse_day(y, m, d, whole)?)),
        _ => err(
            whole,
            "expected a form like 2023, 2023-09, 2023-09-19, 2023-09-19T14:00+04:00 or 199X",
        ),
    }
}

fn parse_day(y: &str, m: &str, d: &str, whole: &str) -> Result<NaiveDate, DateError> {
    let y = parse_year(y, whole)?;
    let m = parse_two(m, whole, "a month")?;
    let d = parse_two(d, whole, "a day")?;
    if !(1..=12).contains(&m) {
        return err(whole, &format!("there is no month {m}"));
    }
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) => Ok(date),
        None => err(whole, &format!("{} has no day {d}", MONTHS[m as usize - 1])),
    }
}

fn parse_time(date: &str, time: &str, whole: &str) -> Result<Value, DateError> {
    let parts: Vec<&str> = date.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return err(whole, "a time needs a full date before the T");
    };
    let day = parse_day(y, m, d, whole)?;
    let split = time.find(['Z', '+', '-']);
    let Some(at) = split else {
        return err(whole, "a time needs its offset, like +04:00 or Z");
    };
    let (clock, offset) = time.split_at(at);
    let fields: Vec<&str> = clock.split(':').collect();
    let (h, min, sec, seconds) = match fields.as_slice() {
        [h, m] => (*h, *m, "00", false),
        [h, m, s] => (*h, *m, *s, true),
        _ => return err(whole, "a time is HH:MM or HH:MM:SS"),
    };
    let h = parse_two(h, whole, "an hour")?;
    let min = parse_two(min, whole, "a minute")?;
    let sec = parse_two(sec, whole, "a second")?;
    let Some(clock) = NaiveTime::from_hms_opt(h, min, sec) else {
        return err(whole, "no such time of day");
    };
    let offset = parse_offset(offset, whole)?;
    let Some(at) = offset.from_local_datetime(&day.and_time(clock)).single() else {
        return err(whole, "no such time");
    };
    Ok(Value::Time { at, seconds })
}

fn parse_offset(s: &str, whole: &str) -> Result<FixedOffset, DateError> {
    if s == "Z" {
        return Ok(FixedOffset::east_opt(0).expect("zero offset"));
    }
    let sign = match s.as_bytes().first() {
        Some(b'+') => 1,
        Some(b'-') => -1,
        _ => return err(whole, "the offset is Z or like +04:00"),
    };
    let Some((h, m)) = s[1..].split_once(':') else {
        return err(whole, "the offset is written like +04:00");
    };
    let h = parse_two(h, whole, "the offset's hours")?;
    let m = parse_two(m, whole, "the offset's minutes")?;
    if h > 14 || m > 59 {
        return err(whole, "the offset is out of range");
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60) as i32)
        .map_or_else(|| err(whole, "the offset is out of range"), Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(s: &str) -> String {
        When::parse(s).unwrap().to_string()
    }

    #[test]
    fn every_form_of_the_contract_is_shown_as_its_table_says() {
        assert_eq!(shown("2020"), "2020");
        assert_eq!(shown("2022-12"), "Dec 2022");
        assert_eq!(shown("2023-09-19"), "19 Sep 2023");
        assert_eq!(
            shown("2023-09-19T14:00+04:00"),
            "19 Sep 2023 14:00 +04:00 (10:00 UTC)"
        );
        assert_eq!(shown("199X"), "1990s");
        assert_eq!(shown("1991~"), "c. 1991");
        assert_eq!(shown("1991?"), "1991?");
        assert_eq!(shown("1991%"), "c. 1991?");
        assert_eq!(shown("2020-09-27/2020-11-10"), "27 Sep – 10 Nov 2020");
        assert_eq!(shown("2022-12/.."), "since Dec 2022");
        assert_eq!(shown("../1994"), "until 1994");
    }

    #[test]
    fn other_valid_forms() {
        assert_eq!(shown("2023-09-19T10:00Z"), "19 Sep 2023 10:00 UTC");
        assert_eq!(shown("2023-09-19T10:00:30Z"), "19 Sep 2023 10:00:30 UTC");
        assert_eq!(
            shown("2023-09-19T02:00+04:00"),
            "19 Sep 2023 02:00 +04:00 (18 Sep 22:00 UTC)"
        );
        assert_eq!(
            shown("2023-09-19T14:00-05:30"),
            "19 Sep 2023 14:00 -05:30 (19:30 UTC)"
        );
        assert_eq!(shown("2020-09/2020-11"), "Sep – Nov 2020");
        assert_eq!(shown("2019-12-30/2020-01-02"), "30 Dec 2019 – 2 Jan 2020");
        assert_eq!(shown("1991~/1994"), "c. 1991 – 1994");
        assert_eq!(shown("2024-02-29"), "29 Feb 2024");
        assert_eq!(shown("199X~"), "c. 1990s");
        assert_eq!(shown("2023-09-19?"), "19 Sep 2023?");
    }

    #[test]
    fn invalid_dates_are_refused_with_a_reason() {
        for bad in [
            "",
            " 2023",
            "2023-02-30",
            "2023-13",
            "2023-00",
            "2023-09-19T14:00",
            "2023-09-19T25:00Z",
            "2023-09-19T14:00+15:00",
            "2023-09-19T14:00~",
            "2020-11-10/2020-09-27",
            "2020-09-27/2020-09-26",
            "2020/2019-12",
            "2023-09-19T14:00Z/2023-09-19T13:00Z",
            "../..",
            "23",
            "2023-9-19",
            "2023/",
            "19XX",
            "abcd",
            "2023-09-19-01",
            "2023-09-19T14:00+0400",
            "2021-02-29",
            "2023~~",
        ] {
            assert!(When::parse(bad).is_err(), "{bad:?} should be refused");
        }
        let e = When::parse("2023-02-30").unwrap_err();
        assert_eq!(e.to_string(), "bad date \"2023-02-30\": Feb has no day 30");
        let e = When::parse("2023-09-19T14:00").unwrap_err();
        assert!(e.to_string().contains("offset"), "{e}");
        let e = When::parse("2020-11-10/2020-09-27").unwrap_err();
        assert!(e.to_string().contains("ends before it starts"), "{e}");
    }

    #[test]
    fn canonical_text_parses_back_to_the_same_date() {
        for s in [
            "2020",
            "2022-12",
            "2023-09-19",
            "2023-09-19T14:00+04:00",
            "2023-09-19T14:00:05-03:30",
            "2023-09-19T10:00Z",
            "199X",
            "1991~",
            "1991?",
            "1991%",
            "2020-09-27/2020-11-10",
            "2022-12/..",
            "../1994",
        ] {
            let w = When::parse(s).unwrap();
            assert_eq!(w.to_edtf(), s);
            assert_eq!(When::parse(&w.to_edtf()).unwrap(), w);
        }
    }

    fn sorted(input: &[&str]) -> Vec<String> {
        let mut v: Vec<When> = input.iter().map(|s| When::parse(s).unwrap()).collect();
        v.sort_by(When::timeline_cmp);
        v.iter().map(When::to_edtf).collect()
    }

    #[test]
    fn timeline_order_is_earliest_instant_then_coarser_first() {
        assert_eq!(
            sorted(&[
                "2023-09-19T14:00+04:00",
                "2023-09-19",
                "2023-09",
                "2023",
                "2020",
                "199X",
                "1994",
                "../1994",
                "2022-12/..",
                "2023-09-18",
            ]),
            vec![
                "../1994",
                "199X",
                "1994",
                "2020",
                "2022-12/..",
                "2023",
                "2023-09",
                "2023-09-18",
                "2023-09-19",
                "2023-09-19T14:00+04:00",
            ]
        );
    }

    #[test]
    fn a_day_starts_before_every_time_written_on_it() {
        // 02:00 at +04:00 is 22:00 UTC the day before, yet still on the 19th
        // somewhere, so the day entry comes first.
        assert_eq!(
            sorted(&["2023-09-19T02:00+04:00", "2023-09-19", "2023-09-18"]),
            vec!["2023-09-18", "2023-09-19", "2023-09-19T02:00+04:00"]
        );
        assert_eq!(
            sorted(&["2023-09-19T14:00+04:00", "2023-09-19T09:00Z"]),
            vec!["2023-09-19T09:00Z", "2023-09-19T14:00+04:00"]
        );
    }

    #[test]
    fn equal_starts_keep_file_order_under_a_stable_sort() {
        let a = When::parse("2020").unwrap();
        let b = When::parse("2020~").unwrap();
        assert_eq!(a.timeline_cmp(&b), Ordering::Equal);
    }
}
