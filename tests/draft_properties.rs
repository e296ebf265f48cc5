//! Whatever text an article holds, `brief draft` returns, and what it writes
//! loads without errors: every quote is found in the article, every date parses.

use std::path::Path;

use brief::briefing::{Syntax, load_str};
use brief::draft::{self, Lang, Options};
use chrono::NaiveDate;
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 128,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Pieces of news text that the rules react to, to be shuffled into articles.
const PIECES: &[&str] = &[
    "Le",
    "ministère",
    "arménien",
    "de",
    "la",
    "Défense",
    "a",
    "déclaré",
    "«",
    "»",
    "“",
    "”",
    "\"",
    "14h00",
    "(10h00 GMT)",
    "à",
    "120 000",
    "3\u{202f}000",
    "1\u{a0}200",
    "quelque",
    "Onze",
    "depuis",
    "décembre",
    "1994",
    "2020",
    ".",
    ",",
    ";",
    "\n",
    "\n\n",
    "’",
    "l’",
    "vingt-deux",
    "Mardi",
    "lundi",
    "said",
    "about",
    "$40",
    "45 %",
    "Nikol",
    "Pashinyan",
    "the",
    "early",
    "1990s",
    "années",
    "between",
    "and",
    "auraient",
    "reportedly",
    "since",
    "December",
    "2:30",
    "p.m.",
    "local time",
    "(04:00 GMT)",
    "UTC+4",
    "Armenia’s",
    "defence",
    "ministry",
    "M.",
    "U.S.",
    "…",
    "é",
    "🙂",
    "\t",
    "\r\n",
    "\u{7}",
    "\\",
    "\"\"\"",
    "#",
    "[[actors]]",
    "='x'",
    "1,5",
    "million",
    "2.3",
    "deux",
    "cents",
    "les",
    "F-16",
    "1er",
];

fn article() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 1..80).prop_map(|pieces| {
        let mut text = String::from("Un titre\n");
        for p in pieces {
            text.push_str(p);
            text.push(' ');
        }
        text
    })
}

/// Drafts `text` and loads the TOML with the article as its only source text.
fn drafts_and_loads(text: &str, lang: Lang, date: Option<NaiveDate>) -> Result<(), TestCaseError> {
    let options = Options {
        lang: Some(lang),
        id: None,
        date,
        text_file: "sources/article.txt".into(),
    };
    let d = draft::draft(text, &options);
    let toml = draft::write::toml(&d);
    let mut read = |file: &str| {
        if file == "sources/article.txt" {
            Ok(text.to_owned())
        } else {
            Err(format!("no {file}"))
        }
    };
    let (briefing, diagnostics) = load_str(Path::new("draft.toml"), &toml, Syntax::Toml, &mut read);
    let errors: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.render())
        .collect();
    prop_assert!(errors.is_empty(), "{}\n{toml}", errors.join(""));
    prop_assert!(briefing.is_some());
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn news_like_text_drafts_to_a_valid_briefing(text in article(), english in any::<bool>(), dated in any::<bool>()) {
        let lang = if english { Lang::En } else { Lang::Fr };
        let date = dated.then(|| NaiveDate::from_ymd_opt(2023, 9, 19).unwrap());
        drafts_and_loads(&text, lang, date)?;
    }

    #[test]
    fn arbitrary_text_drafts_to_a_valid_briefing(text in "\\PC{1,300}", dated in any::<bool>()) {
        prop_assume!(draft::decode(text.as_bytes()).is_ok());
        let date = dated.then(|| NaiveDate::from_ymd_opt(2024, 2, 29).unwrap());
        drafts_and_loads(&text, Lang::detect(&text), date)?;
    }
}
