//! `brief draft`: what it finds in three articles, measured against tables of
//! the answers a careful reader gives, and the command as a user meets it.
//!
//! The seed article is the shipped copy under briefings/sources/; the others
//! are written for these tests (tests/fixtures/draft/), each with its table
//! of expected figures and dates below. Two of them (`HELD_OUT`) were written
//! after the rules were frozen, and their misses are left as they are: a
//! number noun (`une trentaine`), a figure with no noun after it (`at
//! 18,000;`), an age taken for a count (`52 ans`), a time whose day is in the
//! sentence before, a future told only by the verb's tense (`tiendra`), and a
//! four-digit time (`0630 GMT`).

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use brief::briefing::validate::find_folded;
use brief::briefing::{When, load_file};
use brief::draft::{self, Draft, EntryKind, Lang, Options};
use chrono::NaiveDate;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// One article and the answers it must give.
struct Case {
    file: &'static str,
    lang: Lang,
    date: &'static str,
    /// Every figure a careful reader would draft: value and `approximate`.
    figures: &'static [(f64, bool)],
    /// Every date the article gives, in the format's EDTF.
    dates: &'static [&'static str],
}

const SEED: &str = "briefings/sources/2023-09-19-karabakh-offensive.fr.txt";

const CASES: &[Case] = &[
    Case {
        file: SEED,
        lang: Lang::Fr,
        date: "2023-09-19",
        figures: &[
            (11.0, false),    // Onze policiers et civils … auraient été tués
            (2.0, false),     // à deux reprises
            (120000.0, true), // On estime que 120 000 Arméniens
            (6.0, false),     // ce conflit de six semaines
            (3000.0, true),   // quelque 3 000 soldats
            (2.0, false),     // sur deux routes
        ],
        dates: &[
            "199X",                   // au début des années 1990
            "2020",                   // de nouveau en 2020
            "2022-12/..",             // Depuis décembre
            "2023-09-19",             // Mardi, le ministère …
            "2023-09-19",             // entendu mardi depuis Khankendi
            "2023-09-19T14:00+04:00", // 14h00 (10h00 GMT)
            "2020",                   // après la guerre en 2020
            "1994/..",                // détenus par l’Arménie depuis 1994
            "2023-09-18",             // a autorisé lundi
        ],
    },
    Case {
        file: "tests/fixtures/draft/2024-08-14-sorne-fires.fr.txt",
        lang: Lang::Fr,
        date: "2024-08-14",
        figures: &[
            (2300.0, true),  // près de 2 300 hectares
            (1200.0, true),  // Quelque 1 200 pompiers (no-break space)
            (9.0, false),    // neuf bombardiers d’eau
            (70.0, false),   // rafales de 70 km/h
            (3.0, false),    // Trois pompiers
            (2.0, false),    // deux habitations
            (4500.0, true),  // Environ 4 500 personnes (narrow no-break space)
            (850.0, false),  // dont 850 résidents
            (60.0, true),    // Plus de 60 routes
            (7000.0, false), // 7 000 hectares
            (38.0, false),   // 38 %
            (15.0, false),   // 15 hectares de vignes
            (2.0, false),    // deux avions supplémentaires
        ],
        dates: &[
            "2024-08-14",             // mercredi
            "2024-08-14T18:30+02:00", // 18h30 (16h30 GMT)
            "2024-08-11/..",          // depuis dimanche
            "2024-08-13",             // mardi soir
            "2003",                   // l’été 2003
            "2023-12/..",             // depuis décembre
            "199X",                   // au début des années 1990
            "2024-08-15",             // doit se rendre sur place jeudi
        ],
    },
    Case {
        file: "tests/fixtures/draft/2024-03-07-darsa-convoy.en.txt",
        lang: Lang::En,
        date: "2024-03-07",
        figures: &[
            (42.0, false),    // 42 trucks
            (1300.0, true),   // an estimated 1,300 tonnes
            (60000.0, true),  // about 60,000 people
            (2.0, false),     // two weeks
            (250000.0, true), // Some 250,000 people
            (11.0, false),    // Eleven civilians were reportedly killed
            (3400.0, true),   // More than 3,400 people
            (40.0, false),    // $40
            (10.0, false),    // ten times its pre-war price
            (400000.0, true), // nearly 400,000 people
            (12500.0, false), // 12 500 refugees (narrow no-break space)
            (30.0, false),    // 30 trucks
            (2.0, false),     // two more crossings
        ],
        dates: &[
            "2024-03-07",             // on Thursday
            "2023-12/..",             // since December
            "2023-10",                // in October
            "2024-03-05",             // on Tuesday
            "2024-03-04T06:00+02:00", // 06:00 local time (04:00 GMT) on Monday
            "2022",                   // in 2022
            "199X",                   // the early 1990s
            "1994/1998",              // Between 1994 and 1998
            "2024-03-12",             // on March 12
        ],
    },
];

/// Written after the rules were frozen and never tuned against: how the
/// rules fare on text they have not seen.
const HELD_OUT: &[Case] = &[
    Case {
        file: "tests/fixtures/draft/2025-02-03-atlas-quake.fr.txt",
        lang: Lang::Fr,
        date: "2025-02-03",
        figures: &[
            (6.1, false),    // magnitude 6,1
            (47.0, false),   // 47 morts
            (300.0, true),   // Plus de 300 personnes
            (30.0, true),    // une trentaine
            (10.0, true),    // environ dix kilomètres
            (2500.0, true),  // quelque 2 500 logements
            (18.0, false),   // 18 écoles
            (4.0, false),    // quatre hôpitaux
            (1200.0, false), // 1 200 tentes
            (6.8, false),    // magnitude 6,8
            (3000.0, true),  // près de 3 000 morts
            (2.0, false),    // deux équipes
            (5.0, true),     // au moins cinq séismes
        ],
        dates: &[
            "2025-02-02",             // dimanche
            "2025-02-03",             // lundi matin
            "2025-02-02T23:47+01:00", // 23h47 heure locale (22h47 GMT), on Sunday
            "2023-09",                // septembre 2023
            "2025-02-02/..",          // depuis dimanche soir
            "200X",                   // le début des années 2000
            "2025-02-04T10:00+01:00", // tiendra … mardi à 10h00 (9h00 GMT)
        ],
    },
    Case {
        file: "tests/fixtures/draft/2024-11-20-port-strike.en.txt",
        lang: Lang::En,
        date: "2024-11-20",
        figures: &[
            (18000.0, false),   // Police put the crowd at 18,000
            (50000.0, true),    // more than 50,000
            (2400.0, true),     // About 2,400 workers
            (3.0, false),       // three container terminals
            (70.0, true),       // roughly 70 per cent
            (25.0, true),       // at least 25 vessels
            (12000000.0, true), // estimated at $12 million a day
            (6.0, false),       // a 6% rise
            (4.0, false),       // 4% in October
            (11.0, false),      // 11 per cent
            (9.0, false),       // nine weeks
        ],
        dates: &[
            "2024-11-19",             // on Tuesday
            "2024-11-04",             // on November 4
            "2024-11-18",             // on Monday
            "2024-10",                // in October
            "1998",                   // in 1998
            "201X",                   // the early 2010s
            "2024-11-22T09:30+03:00", // 9:30 a.m. (0630 GMT) on Friday
            "2024-09/..",             // Since September
        ],
    },
];

fn read(file: &str) -> String {
    std::fs::read_to_string(root().join(file)).expect("the article is readable")
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn drafted(case: &Case) -> (String, Draft) {
    let text = read(case.file);
    let options = Options {
        lang: Some(case.lang),
        id: None,
        date: Some(day(case.date)),
        text_file: "sources/article.txt".into(),
    };
    let d = draft::draft(&text, &options);
    (text, d)
}

/// Precision and recall of `found` against `expected`, each answer counted
/// as often as it occurs.
fn score<T: PartialEq + Clone>(expected: &[T], found: &[T]) -> (usize, usize, usize) {
    let mut left: Vec<T> = expected.to_vec();
    let mut hits = 0;
    for f in found {
        if let Some(at) = left.iter().position(|e| e == f) {
            left.remove(at);
            hits += 1;
        }
    }
    (hits, found.len(), expected.len())
}

#[test]
fn seed_article_gives_the_figures_dates_statements_and_actors_the_issue_names() {
    let (text, d) = drafted(&CASES[0]);
    let figure = |v: f64| {
        d.figures
            .iter()
            .find(|f| f.value == v)
            .unwrap_or_else(|| panic!("no figure {v}: {:#?}", d.figures))
    };
    let eleven = figure(11.0);
    assert!(!eleven.approximate());
    assert!(
        eleven
            .quote
            .starts_with("Onze policiers et civils azerbaïdjanais auraient été tués")
    );
    let grade = eleven
        .grade
        .as_ref()
        .expect("the conditional lowers credibility");
    assert_eq!(grade.credibility, 4, "{grade:?}");
    assert!(grade.why.contains("auraient"), "{grade:?}");

    let estimate = figure(120000.0);
    assert!(estimate.approximate());
    assert_eq!(
        estimate.quote,
        "On estime que 120 000 Arméniens de souche vivent dans cette enclave montagneuse"
    );
    let peacekeepers = figure(3000.0);
    assert_eq!(peacekeepers.hedge.as_deref(), Some("quelque"));
    assert!(
        peacekeepers
            .quote
            .contains("quelque 3 000 soldats de maintien de la paix russes")
    );
    for f in [eleven, estimate, peacekeepers] {
        assert!(text.contains(&f.quote), "{} is not verbatim", f.quote);
    }

    let years: Vec<i32> = d
        .timeline
        .iter()
        .filter_map(|e| When::parse(&e.when).unwrap().year())
        .collect();
    assert!(years.contains(&1994) && years.contains(&2020), "{years:?}");
    let at_two = d
        .timeline
        .iter()
        .find(|e| e.when == "2023-09-19T14:00+04:00")
        .expect("the 14:00 entry with its offset");
    assert!(at_two.quote.contains("14h00 (10h00 GMT)"));

    let statements = d
        .timeline
        .iter()
        .filter(|e| e.kind == EntryKind::Statement)
        .count();
    assert!(statements >= 5, "{statements} statements");

    let names: Vec<&str> = d.actors.iter().map(|a| a.name.as_str()).collect();
    for name in ["Azerbaïdjan", "Arménie", "Russie", "Nikol Pashinyan"] {
        assert!(names.contains(&name), "no {name} in {names:?}");
    }
    let azerbaijan = d.actors.iter().find(|a| a.name == "Azerbaïdjan").unwrap();
    assert!(
        azerbaijan.forms.iter().any(|(f, _)| f == "azerbaïdjanais"),
        "the demonym is grouped with the country: {azerbaijan:?}"
    );
    let pashinyan = d
        .actors
        .iter()
        .find(|a| a.name == "Nikol Pashinyan")
        .unwrap();
    assert_eq!(pashinyan.kind, "official");
    let speaker = d
        .timeline
        .iter()
        .find(|e| e.quote.contains("Nikol Pashinyan"))
        .unwrap();
    assert_eq!(d.actors[speaker.actors[0]].name, "Nikol Pashinyan");
}

#[test]
fn every_draft_loads_every_quote_is_verbatim_and_every_date_parses() {
    for case in CASES {
        let (text, d) = drafted(case);
        for e in &d.timeline {
            When::parse(&e.when).unwrap_or_else(|err| panic!("{}: {err}", case.file));
            assert!(text.contains(&e.quote), "{}: {:?}", case.file, e.quote);
        }
        for f in &d.figures {
            assert!(text.contains(&f.quote), "{}: {:?}", case.file, f.quote);
            if let Some(as_of) = &f.as_of {
                When::parse(as_of).unwrap();
            }
        }
        for m in &d.dates {
            When::parse(&m.edtf).unwrap();
        }

        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sources")).unwrap();
        std::fs::write(dir.path().join("sources/article.txt"), &text).unwrap();
        let file = dir.path().join("draft.toml");
        std::fs::write(&file, draft::write::toml(&d)).unwrap();
        let report = load_file(&file, dir.path());
        let errors: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.render())
            .collect();
        assert!(errors.is_empty(), "{}:\n{}", case.file, errors.join(""));
        let b = report.briefing.expect("the draft is a valid briefing");
        assert_eq!(b.figures.len(), d.figures.len());
        assert_eq!(b.timeline.len(), d.timeline.len());
        // The loader checked every quote against the copy, as `brief check` does.
        for q in b
            .timeline
            .iter()
            .filter_map(|e| e.attribution.quote.as_ref())
        {
            assert!(find_folded(&text, q).is_some());
        }
    }
}

/// Hits, answers found and answers expected, figures then dates, over `cases`.
fn measure(cases: &[Case]) -> [(usize, usize, usize); 2] {
    let mut totals = [(0, 0, 0); 2];
    for case in cases {
        let (_, d) = drafted(case);
        let found: Vec<(f64, bool)> = d
            .figures
            .iter()
            .map(|f| (f.value, f.approximate()))
            .collect();
        let dates: Vec<&str> = d.dates.iter().map(|m| m.edtf.as_str()).collect();
        let scores = [score(case.figures, &found), score(case.dates, &dates)];
        println!(
            "  {:<40} figures {:>2}/{:>2}/{:>2}   dates {:>2}/{:>2}/{:>2}",
            Path::new(case.file).file_name().unwrap().to_string_lossy(),
            scores[0].0,
            scores[0].1,
            scores[0].2,
            scores[1].0,
            scores[1].1,
            scores[1].2,
        );
        for (total, one) in totals.iter_mut().zip(scores) {
            total.0 += one.0;
            total.1 += one.1;
            total.2 += one.2;
        }
    }
    totals
}

/// Precision and recall from hits, found and expected.
fn rates((hits, found, expected): (usize, usize, usize)) -> (f64, f64) {
    (hits as f64 / found as f64, hits as f64 / expected as f64)
}

#[test]
fn precision_and_recall_of_figures_and_dates() {
    println!("hits/found/expected, matching figures on value and approximate, dates on EDTF:");
    println!("the seed article and the two written for the tests");
    let [figures, dates] = measure(CASES);
    let ((fp, fr), (dp, dr)) = (rates(figures), rates(dates));
    println!("  figures: precision {fp:.2}, recall {fr:.2}");
    println!("  dates:   precision {dp:.2}, recall {dr:.2}");
    println!("held out (written after the rules were frozen)");
    let [held_figures, held_dates] = measure(HELD_OUT);
    let ((hfp, hfr), (hdp, hdr)) = (rates(held_figures), rates(held_dates));
    println!("  figures: precision {hfp:.2}, recall {hfr:.2}");
    println!("  dates:   precision {hdp:.2}, recall {hdr:.2}");
    // What the rules achieve today; a change that loses ground fails here.
    assert!(
        fp >= 0.9 && fr >= 0.95,
        "figures: precision {fp:.2}, recall {fr:.2}"
    );
    assert!(
        dp >= 0.95 && dr >= 0.95,
        "dates: precision {dp:.2}, recall {dr:.2}"
    );
    assert!(
        hfp >= 0.9 && hfr >= 0.9,
        "held-out figures: {hfp:.2}, {hfr:.2}"
    );
    assert!(
        hdp >= 0.75 && hdr >= 0.8,
        "held-out dates: {hdp:.2}, {hdr:.2}"
    );
}

// ---------------------------------------------------------------- the command

fn brief() -> Command {
    let mut cmd = Command::cargo_bin("brief").expect("the brief binary is built");
    // Never the user's cache or state.
    cmd.env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .env("XDG_STATE_HOME", env!("CARGO_TARGET_TMPDIR"));
    cmd.current_dir(root())
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(60));
    cmd
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn draft_out_then_check_passes() {
    let tmp = tempfile::tempdir().unwrap();
    let out_file = tmp.path().join("draft.toml");
    let run = brief()
        .args([
            "draft",
            SEED,
            "--lang",
            "fr",
            "--date",
            "2023-09-19",
            "--out",
        ])
        .arg(&out_file)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    assert!(run.stdout.is_empty());
    let copy = tmp.path().join("sources/draft.fr.txt");
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        std::fs::read(root().join(SEED)).unwrap()
    );
    let toml = std::fs::read_to_string(&out_file).unwrap();
    assert!(toml.contains("text_file = \"sources/draft.fr.txt\""));
    assert!(toml.contains("when = \"2023-09-19T14:00+04:00\""));
    assert!(toml.contains("# TODO"));

    let check = brief().arg("check").arg(tmp.path()).output().unwrap();
    let report = text(&check.stdout);
    assert_eq!(check.status.code(), Some(0), "{report}");
    assert!(report.contains("1 valid, 0 errors"), "{report}");

    // A second run does not overwrite the draft without --force.
    let again = brief()
        .args(["draft", SEED, "--out"])
        .arg(&out_file)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again.stderr).contains("--force"));
    let forced = brief()
        .args(["draft", SEED, "--date", "2023-09-19", "--force", "--out"])
        .arg(&out_file)
        .output()
        .unwrap();
    assert_eq!(forced.status.code(), Some(0), "{}", text(&forced.stderr));
}

#[test]
fn the_readme_excerpt_is_what_draft_writes() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let command = "brief draft briefings/sources/2023-09-19-karabakh-offensive.fr.txt \
        --lang fr --date 2023-09-19 --out drafts/karabakh.toml";
    let command = command.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        readme.contains(&format!("$ {command}\n")),
        "README.md shows no `{command}`"
    );
    let tmp = tempfile::tempdir().unwrap();
    let run = brief()
        .args(command.split(' ').skip(1).take(6))
        .arg("--out")
        .arg(tmp.path().join("drafts/karabakh.toml"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let wrote = text(&run.stderr).replace(&format!("{}/", tmp.path().display()), "");
    assert!(
        readme.contains(&wrote),
        "README.md's `brief draft` message is out of date: {wrote}"
    );
    let draft = std::fs::read_to_string(tmp.path().join("drafts/karabakh.toml")).unwrap();
    let start = readme
        .find("An excerpt of that draft")
        .expect("the excerpt");
    let block = &readme[start..];
    let block = &block[block.find("```toml\n").unwrap() + 8..];
    let block = &block[..block.find("```\n").unwrap()];
    for part in block.split("# …\n").flat_map(|p| p.split("\n\n")) {
        let part = part.trim();
        assert!(
            draft.contains(part),
            "README.md's excerpt is out of date:\n{part}"
        );
    }
}

#[test]
fn every_article_drafts_to_a_library_that_checks() {
    let tmp = tempfile::tempdir().unwrap();
    for (n, case) in CASES.iter().enumerate() {
        let out_file = tmp.path().join(format!("draft-{n}.toml"));
        let run = brief()
            .args(["draft", case.file, "--date", case.date, "--out"])
            .arg(&out_file)
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    }
    // Drafts of different articles get different ids (the title's words).
    let check = brief().arg("check").arg(tmp.path()).output().unwrap();
    let report = text(&check.stdout);
    assert_eq!(check.status.code(), Some(0), "{report}");
    assert!(report.contains("3 valid, 0 errors"), "{report}");
}

#[test]
fn without_out_the_draft_goes_to_stdout_with_a_note() {
    let run = brief()
        .args([
            "draft",
            "tests/fixtures/draft/2024-03-07-darsa-convoy.en.txt",
            "--id",
            "darsa",
        ])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0));
    let toml = text(&run.stdout);
    assert!(toml.starts_with("# Drafted by `brief draft`"));
    assert!(toml.contains("id = \"darsa\""));
    assert!(toml.contains("language = \"en\""), "detected as English");
    assert!(toml.contains("text_file = \"sources/darsa.en.txt\""));
    let note = text(&run.stderr);
    assert!(
        note.contains("sources/darsa.en.txt") && note.contains("copy"),
        "{note}"
    );
    // Without --date, the first full date in the article would be used; this one
    // has none, so the briefing's date is today's and says so.
    assert!(toml.contains("# from today"), "{toml}");
}

#[test]
fn unusable_articles_exit_1_and_name_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("empty.txt");
    std::fs::write(&empty, " \n\n").unwrap();
    let latin1 = tmp.path().join("latin1.txt");
    std::fs::write(&latin1, b"Titre\nL'arm\xe9e a tir\xe9.\n").unwrap();
    for (file, words) in [(&empty, "empty"), (&latin1, "not UTF-8")] {
        let run = brief().arg("draft").arg(file).output().unwrap();
        assert_eq!(run.status.code(), Some(1));
        let err = text(&run.stderr);
        assert!(
            err.contains(&file.display().to_string()) && err.contains(words),
            "{err}"
        );
        assert!(run.stdout.is_empty());
    }
}

#[test]
fn usage_and_io_failures_exit_2() {
    let missing = brief()
        .args(["draft", "no/such/article.txt"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("no/such/article.txt"));
    let bad_date = brief()
        .args(["draft", SEED, "--date", "19/09/2023"])
        .output()
        .unwrap();
    assert_eq!(bad_date.status.code(), Some(2));
    let bad_id = brief()
        .args(["draft", SEED, "--id", "Not An Id"])
        .output()
        .unwrap();
    assert_eq!(bad_id.status.code(), Some(2));
    let bad_lang = brief()
        .args(["draft", SEED, "--lang", "de"])
        .output()
        .unwrap();
    assert_eq!(bad_lang.status.code(), Some(2));
    let tmp = tempfile::tempdir().unwrap();
    let blocked = tmp.path().join("file");
    std::fs::write(&blocked, "").unwrap();
    let unwritable = brief()
        .args(["draft", SEED, "--out"])
        .arg(blocked.join("draft.toml"))
        .output()
        .unwrap();
    assert_eq!(unwritable.status.code(), Some(2));
}

/// ATTACK.md 11: bidi controls and zero-width characters of an article are
/// written into the draft as `\u` escapes, never raw (an editor would reorder
/// or hide the text around them), and the quotes still read verbatim.
#[test]
fn hidden_characters_are_written_as_escapes_and_quotes_stay_verbatim() {
    let tmp = tempfile::tempdir().unwrap();
    let hostile = "abc\u{202e}txt.exe\u{202c} \u{2066}iso\u{2069} \u{200f}mark\u{200b}\u{3164}";
    let article = format!(
        "Hostile article\u{202e} title\n\
         The ministry said on Monday that 12 soldiers\u{200b} were killed in the town. \
         Officials of Armenia said \"{hostile}\" on 19 September 2023.\n"
    );
    let art = tmp.path().join("art.txt");
    std::fs::write(&art, &article).unwrap();
    let out_file = tmp.path().join("lib/draft.toml");
    std::fs::create_dir_all(out_file.parent().unwrap()).unwrap();
    let run = brief()
        .args(["draft", "--lang", "en", "--date", "2023-09-19", "--out"])
        .arg(&out_file)
        .arg(&art)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let written = std::fs::read_to_string(&out_file).unwrap();
    for c in [
        '\u{202e}', '\u{202c}', '\u{2066}', '\u{2069}', '\u{200f}', '\u{200b}', '\u{3164}',
    ] {
        assert!(!written.contains(c), "raw U+{:04X} in\n{written}", c as u32);
    }
    assert!(
        written.contains(r"abc\u202Etxt.exe\u202C \u2066iso\u2069 \u200Fmark\u200B\u3164"),
        "{written}"
    );
    // Parsed, the quote is the article's text, escapes and all.
    let doc: toml::Table = toml::from_str(&written).unwrap();
    let quotes: Vec<&str> = doc["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t.get("quote").and_then(|q| q.as_str()))
        .collect();
    assert!(quotes.iter().any(|q| q.contains(hostile)), "{quotes:?}");
    let check = brief()
        .arg("check")
        .arg(tmp.path().join("lib"))
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));
}
