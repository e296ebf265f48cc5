//! The date rules' words: months, weekdays, time zones and the little
//! words that make a date a span, with the lookups that read them.

use super::*;

pub(super) const MONTHS_FR: [&str; 12] = [
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

pub(super) const MONTHS_EN: [&str; 12] = [
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
pub(super) const MONTHS_EN_SHORT: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sept", "oct", "nov", "dec",
];

pub(super) const WEEKDAYS_FR: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

pub(super) const WEEKDAYS_EN: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

pub(super) const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// Zone names and their offsets in minutes east of UTC.
pub(super) const ZONES: &[(&str, i32)] = &[
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
pub(super) const SINCE: &[&str] = &["depuis", "since"];

/// Words before a date that make it the end of a span with no known start.
pub(super) const UNTIL: &[&str] = &["until", "till", "jusqu", "through"];

/// Words that open a closed span, and the words that join its two ends.
pub(super) const FROM: &[&str] = &["de", "du", "from", "entre", "between"];

pub(super) const TO: &[&str] = &["à", "au", "to", "et", "and", "-", "–", "until"];

/// After a weekday, month or day: the next one, not the last one.
pub(super) const NEXT: &[&str] = &["prochain", "prochaine", "next", "suivant"];

/// Month number (1–12) of a month name; English ones must be capitalised
/// (`may` and `march` are words too).
pub(super) fn month(t: &Token<'_>) -> Option<u32> {
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

pub(super) fn weekday(t: &Token<'_>) -> Option<Weekday> {
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

pub(super) fn day_of_month(t: &Token<'_>) -> Option<u32> {
    t.number()
        .filter(|d| (1..=31).contains(d))
        .map(|d| d as u32)
}

pub(super) fn four_digit_year(t: &Token<'_>) -> Option<i32> {
    (t.is_digits() && t.text.len() == 4)
        .then(|| t.number())
        .flatten()
        .filter(|y| (1800..=2100).contains(y))
        .map(|y| y as i32)
}

/// Words that put a sentence in the future.
#[rustfmt::skip]
pub(super) const FUTURE: &[&str] = &[
    "doit", "doivent", "devrait", "devraient", "va", "vont", "sera", "seront", "aura", "auront",
    "prévu", "prévue", "prévus", "prévues", "will", "shall", "expected", "scheduled", "due",
    "planned", "plans", "upcoming",
];

/// Little words that may follow a year; any other lower-case word makes the
/// number a count (`2000 soldats`, `1500 people`), not a year.
pub(super) const AFTER_YEAR: &[&str] = &[
    "et", "à", "au", "après", "avant", "lors", "quand", "où", "le", "la", "les", "l", "ont", "a",
    "est", "sont", "était", "avait", "de", "des", "du", "puis", "par", "pour", "dans", "contre",
    "and", "to", "after", "before", "when", "the", "was", "were", "had", "has", "have", "is",
    "are", "in", "by", "for", "against", "with", "avec", "then", "but", "mais", "until", "jusqu",
    "which", "that", "qui", "que", "ou", "or", "elle", "il", "ils", "elles", "on", "it", "they",
    "he", "she", "we", "nous", "se", "s", "en", "as", "an", "un", "une",
];
