//! `brief draft` on hostile articles of N and 8N bytes: the time of each and
//! their ratio, which is about 8 when drafting is linear (64 if quadratic).
//!
//!     cargo run --release --example draft_sizes [N [FAMILY]]
//!
//! Each family is one shape an attacker can repeat: one endless sentence of
//! straight quotes, of full stops, of numbers, of dates and clock times, of
//! distinct names, of number words; and a real article repeated.

use std::time::Instant;

use brief::draft::{self, Lang, Options};

/// `n` distinct capitalised words: `Qab`, `Qac`, … (never a known word).
fn name(i: usize) -> String {
    let mut s = String::from("Qz");
    let mut i = i;
    loop {
        s.push((b'a' + (i % 26) as u8) as char);
        i /= 26;
        if i == 0 {
            break;
        }
    }
    s
}

fn repeat_to(unit: &dyn Fn(usize) -> String, bytes: usize) -> String {
    let mut s = String::from("Titre de l’article\n\n");
    let mut i = 0;
    while s.len() < bytes {
        s.push_str(&unit(i));
        i += 1;
    }
    s
}

/// A family's name, its language and the text of its i-th repetition.
type Family = (&'static str, Lang, Box<dyn Fn(usize) -> String>);

fn families() -> Vec<Family> {
    let article = include_str!("../tests/fixtures/draft/2024-08-14-sorne-fires.fr.txt");
    vec![
        ("straight quotes", Lang::En, Box::new(|_| "\"".into())),
        ("full stops", Lang::En, Box::new(|_| ".".into())),
        ("ellipses and quotes", Lang::En, Box::new(|_| "…\" ".into())),
        ("numbers", Lang::Fr, Box::new(|_| "12 soldats ".into())),
        ("number words", Lang::Fr, Box::new(|_| "cent ".into())),
        ("dates", Lang::Fr, Box::new(|_| "le 3 mars 2024 ".into())),
        ("clock times", Lang::Fr, Box::new(|_| "à 14h00 ".into())),
        (
            "distinct names",
            Lang::Fr,
            Box::new(|i| format!("{} {}, ", name(i), name(i + 7))),
        ),
        (
            "names and demonyms",
            Lang::En,
            Box::new(|i| format!("Qzorland{} Qzorlandian{} ", name(i), name(i))),
        ),
        (
            "quoted statements",
            Lang::Fr,
            Box::new(|i| format!("« un deux trois », dit {} Roux, ", name(i))),
        ),
        (
            "institutions",
            Lang::Fr,
            Box::new(|_| "le ministère arménien de la Défense ".into()),
        ),
        (
            "a real article",
            Lang::Fr,
            Box::new(move |_| article.into()),
        ),
    ]
}

fn time(text: &str, lang: Lang) -> (f64, usize) {
    let options = Options {
        lang: Some(lang),
        date: chrono::NaiveDate::from_ymd_opt(2024, 3, 5),
        text_file: "sources/a.txt".into(),
        ..Options::default()
    };
    let t = Instant::now();
    let d = draft::draft(text, &options);
    let toml = draft::write::toml(&d);
    (t.elapsed().as_secs_f64(), toml.len())
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20_000);
    println!(
        "{:<22} {:>10} {:>10} {:>10} {:>10} {:>7} {:>12}",
        "family", "N bytes", "N s", "8N bytes", "8N s", "ratio", "8N draft"
    );
    let only = std::env::args().nth(2).unwrap_or_default();
    for (label, lang, unit) in families() {
        if !label.contains(&only) {
            continue;
        }
        let small = repeat_to(&unit, n);
        let large = repeat_to(&unit, 8 * n);
        let (a, _) = time(&small, lang);
        let (b, out) = time(&large, lang);
        println!(
            "{label:<22} {:>10} {a:>10.3} {:>10} {b:>10.3} {:>7.1} {:>12}",
            small.len(),
            large.len(),
            b / a.max(1e-6),
            out
        );
    }
}
