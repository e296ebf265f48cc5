//! Whatever bytes arrive, the loader returns, and every place it names exists.

use std::path::Path;

use brief::briefing::{Diagnostic, Syntax, When, load_str};
use proptest::prelude::*;

const KARABAKH: &str = include_str!("../briefings/2023-09-19-karabakh-offensive.toml");
const SOURCE_FILE: &str = "sources/2023-09-19-karabakh-offensive.fr.txt";
const SOURCE: &str = include_str!("../briefings/sources/2023-09-19-karabakh-offensive.fr.txt");

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        // A failure is shrunk and reported; its regressions are not written
        // beside the tests.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Loads `text` the way a file would be, with the shipped source text as the
/// only readable `text_file`, and checks what came back.
fn load_and_check(text: &str, syntax: Syntax) -> Result<(), TestCaseError> {
    let mut read = |file: &str| {
        if file == SOURCE_FILE {
            Ok(SOURCE.to_owned())
        } else {
            Err(format!("text_file {file:?} cannot be read"))
        }
    };
    let (briefing, diagnostics) = load_str(Path::new("fuzz"), text, syntax, &mut read);
    let lines = text.split('\n').count();
    for d in &diagnostics {
        check_place(d, lines)?;
    }
    let errors = diagnostics.iter().any(Diagnostic::is_error);
    prop_assert_eq!(
        briefing.is_some(),
        !errors,
        "a briefing is returned exactly when there is no error"
    );
    Ok(())
}

fn check_place(d: &Diagnostic, lines: usize) -> Result<(), TestCaseError> {
    prop_assert!(!d.message.is_empty());
    if let Some(loc) = &d.location {
        prop_assert!(loc.line >= 1, "line 0 in {:?}", d);
        prop_assert!(loc.column >= 1, "column 0 in {:?}", d);
        prop_assert!(
            loc.line <= lines,
            "line {} of {} in {:?}",
            loc.line,
            lines,
            d
        );
        // Rendering must not panic either, and shows the line it names.
        let shown = d.render();
        let place = format!("fuzz:{}:{}: ", loc.line, loc.column);
        prop_assert!(
            shown.starts_with(&place),
            "{} does not start with {}",
            shown,
            place
        );
    }
    Ok(())
}

#[derive(Debug, Clone)]
enum Mutation {
    FlipBit { at: usize, bit: u8 },
    Delete { at: usize, len: usize },
    Insert { at: usize, bytes: Vec<u8> },
    Truncate { at: usize },
    DuplicateLine { at: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    // Bytes that matter to TOML, so insertions make interesting documents.
    let syntax_bytes = prop::sample::select(b"[]{}=\"'\n#.,:-0123456789aZ \\\xc3\xa9\xff".to_vec());
    prop_oneof![
        (any::<usize>(), 0u8..8).prop_map(|(at, bit)| Mutation::FlipBit { at, bit }),
        (any::<usize>(), 1usize..64).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), prop::collection::vec(syntax_bytes, 1..8))
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
        any::<usize>().prop_map(|at| Mutation::DuplicateLine { at }),
    ]
}

fn apply(text: &mut Vec<u8>, m: &Mutation) {
    let at = |i: usize, len: usize| if len == 0 { 0 } else { i % (len + 1) };
    match m {
        Mutation::FlipBit { at: i, bit } => {
            if !text.is_empty() {
                let i = i % text.len();
                text[i] ^= 1 << bit;
            }
        }
        Mutation::Delete { at: i, len } => {
            let start = at(*i, text.len());
            let end = (start + len).min(text.len());
            text.drain(start..end);
        }
        Mutation::Insert { at: i, bytes } => {
            let start = at(*i, text.len());
            text.splice(start..start, bytes.iter().copied());
        }
        Mutation::Truncate { at: i } => {
            let end = at(*i, text.len());
            text.truncate(end);
        }
        Mutation::DuplicateLine { at: i } => {
            let lines: Vec<&[u8]> = text.split_inclusive(|&b| b == b'\n').collect();
            if lines.is_empty() {
                return;
            }
            let n = i % lines.len();
            let mut out = Vec::with_capacity(text.len() + lines[n].len());
            for (k, line) in lines.iter().enumerate() {
                out.extend_from_slice(line);
                if k == n {
                    out.extend_from_slice(line);
                }
            }
            *text = out;
        }
    }
}

#[test]
fn the_shipped_briefing_itself_loads_clean() {
    // The base of the mutations: without mutations, no diagnostic at all.
    let mut read = |_: &str| Ok(SOURCE.to_owned());
    let (briefing, diagnostics) = load_str(Path::new("k"), KARABAKH, Syntax::Toml, &mut read);
    assert!(briefing.is_some());
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_as_toml_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        load_and_check(&String::from_utf8_lossy(&bytes), Syntax::Toml)?;
    }

    #[test]
    fn arbitrary_bytes_as_json_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        load_and_check(&String::from_utf8_lossy(&bytes), Syntax::Json)?;
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,300}") {
        load_and_check(&text, Syntax::Toml)?;
        load_and_check(&text, Syntax::Json)?;
    }

    #[test]
    fn mutations_of_the_shipped_briefing_never_panic(
        mutations in prop::collection::vec(mutation(), 1..6)
    ) {
        let mut bytes = KARABAKH.as_bytes().to_vec();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        load_and_check(&String::from_utf8_lossy(&bytes), Syntax::Toml)?;
    }

    #[test]
    fn mutations_of_the_briefing_as_json_never_panic(
        mutations in prop::collection::vec(mutation(), 1..4)
    ) {
        let mut read = |_: &str| Ok(SOURCE.to_owned());
        let (briefing, _) = load_str(Path::new("k"), KARABAKH, Syntax::Toml, &mut read);
        let json = serde_json::to_string_pretty(
            &brief::briefing::validate::to_raw(&briefing.expect("valid")),
        )
        .unwrap();
        let mut bytes = json.into_bytes();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        load_and_check(&String::from_utf8_lossy(&bytes), Syntax::Json)?;
    }

    #[test]
    fn when_parse_never_panics(s in "\\PC{0,40}") {
        if let Ok(w) = When::parse(&s) {
            let _ = w.to_string();
        }
    }

    #[test]
    fn every_date_parsed_reads_back_from_its_canonical_text(s in date_like()) {
        if let Ok(w) = When::parse(&s) {
            let canonical = w.to_edtf();
            prop_assert_eq!(When::parse(&canonical), Ok(w.clone()), "{} → {}", s, canonical);
            prop_assert_eq!(w.timeline_cmp(&w), std::cmp::Ordering::Equal);
            let shown = w.to_string();
            prop_assert!(!shown.is_empty());
        }
    }
}

/// Strings shaped like the contract's dates, valid or nearly so: the
/// canonical-text property has something to bite on.
fn date_like() -> impl Strategy<Value = String> {
    let point = concat!(
        "[0-9]{3}[0-9X]",
        "(-(0[0-9]|1[0-3])",
        "(-([0-2][0-9]|3[01])",
        "(T([01][0-9]|2[0-4]):[0-5][0-9](:[0-6][0-9])?(Z|[+-](0[0-9]|1[0-5]):[0-5][0-9]))?",
        ")?)?",
        "[~?%]?"
    );
    let side = format!("({point}|\\.\\.)");
    prop::string::string_regex(&format!("{point}|{side}/{side}")).unwrap()
}

#[test]
fn the_date_strategy_produces_valid_dates_of_every_shape() {
    // The property above would pass vacuously if nothing parsed.
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = date_like();
    let mut valid = Vec::new();
    for _ in 0..2000 {
        let s = strategy.new_tree(&mut runner).unwrap().current();
        if let Ok(w) = When::parse(&s) {
            valid.push(w);
        }
    }
    assert!(valid.len() > 200, "only {} valid dates", valid.len());
    let shapes: std::collections::BTreeSet<String> = valid
        .iter()
        .map(|w| format!("{:?}", w.precision()))
        .collect();
    assert!(shapes.len() >= 5, "{shapes:?}");
    assert!(valid.iter().any(|w| matches!(w, When::Interval { .. })));
}
