//! The draft as format-1 TOML, with a `# TODO` wherever a person must decide.

use std::fmt::Write as _;

use super::{Draft, EntryKind, Figure, words};
use crate::text;

/// The source id every entry cites.
pub const SOURCE_ID: &str = "article";

/// A TOML basic string: quotes, backslashes, control characters and the
/// bidirectional and invisible ones ([`text::is_hidden`]) escaped, so the
/// draft shows each where it stands and its value is still the article's.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            // `\u` takes four digits exactly, `\U` eight.
            c if (c.is_control() || text::is_hidden(c)) && c <= '\u{ffff}' => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c if text::is_hidden(c) => {
                let _ = write!(out, "\\U{:08X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A comment's text on one line, whatever the article put in it: a control,
/// bidirectional or invisible character (a comment has no escapes) as a space.
fn comment(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() || text::is_hidden(c) {
                ' '
            } else {
                c
            }
        })
        .collect()
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| string(s)).collect();
    format!("[{}]", quoted.join(", "))
}

/// A few words of the article for a comment: one line, at most 80 characters.
pub fn comment_excerpt(s: &str) -> String {
    let line = comment(s);
    match line.char_indices().nth(80) {
        Some((at, _)) => format!("“{}…”", line[..at].trim_end()),
        None => format!("“{line}”"),
    }
}

/// The value as TOML: an integer when it is whole and fits one exactly,
/// else a float, in exponent form when large (`1e20`; written out in full,
/// a whole number of 20 digits would read as an integer too large for TOML).
/// The drafter never passes a value that is not finite.
fn number(v: f64) -> String {
    debug_assert!(
        v.is_finite(),
        "non-finite figures are dropped before writing"
    );
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        format!("{}", v as i64)
    } else if v.abs() >= 9.0e15 {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

const RULE: &str = "# ----------------------------------------------------------------";

/// The whole draft.
pub fn toml(d: &Draft) -> String {
    let ids = actor_ids(d);
    let mut o = String::new();
    let w = &mut o;
    let _ = writeln!(
        w,
        "# Drafted by `brief draft` from {}: every entry below is a candidate.",
        comment(&d.text_file)
    );
    let _ = writeln!(
        w,
        "# Read each one against the article, settle each TODO, delete what does not"
    );
    let _ = writeln!(
        w,
        "# belong, then run `brief check`. The rules: docs/draft.md."
    );
    let _ = writeln!(w, "format = 1");
    let _ = writeln!(w, "id = {}", string(&d.id));
    if d.title_cut {
        let _ = writeln!(w, "# TODO: the article's title was cut to 200 characters");
    }
    let _ = writeln!(w, "title = {}", string(&d.title));
    let _ = writeln!(
        w,
        "date = {}  # from {}",
        string(&d.date),
        comment(d.date_from)
    );
    let _ = writeln!(
        w,
        "language = {}  # TODO: the language you write `what` and the summary in",
        string(d.lang.tag())
    );
    let _ = writeln!(
        w,
        "# TODO: priority (low, normal, high, critical), region, tags"
    );
    let _ = writeln!(w);
    let _ = writeln!(w, "[summary]");
    let _ = writeln!(
        w,
        "# TODO: one sentence saying what happened; then body and key_points"
    );
    let _ = writeln!(w, "headline = \"TODO: what happened, in one sentence\"");
    let _ = writeln!(w);

    let _ = writeln!(w, "{RULE} sources");
    let _ = writeln!(w);
    let _ = writeln!(w, "[[sources]]");
    let _ = writeln!(w, "id = {}", string(SOURCE_ID));
    let _ = writeln!(w, "title = {}", string(&d.title));
    if let Some(p) = &d.published {
        let _ = writeln!(
            w,
            "published = {}  # TODO: check: this is --date",
            string(p)
        );
    }
    let _ = writeln!(w, "language = {}", string(d.lang.tag()));
    let _ = writeln!(
        w,
        "# TODO: publisher and url if known; reliability A–F (F: cannot be judged)"
    );
    let _ = writeln!(w, "reliability = \"F\"");
    let _ = writeln!(w, "text_file = {}", string(&d.text_file));
    let _ = writeln!(w);

    let _ = writeln!(w, "{RULE} actors");
    let _ = writeln!(
        w,
        "# Names, demonyms and institutions in the article, most mentioned first."
    );
    for (a, id) in d.actors.iter().zip(&ids) {
        let _ = writeln!(w);
        let _ = writeln!(w, "[[actors]]");
        let forms: Vec<String> = a.forms.iter().map(|(f, n)| format!("{f} ×{n}")).collect();
        let _ = writeln!(
            w,
            "# {} mention{}: {}",
            a.mentions,
            if a.mentions == 1 { "" } else { "s" },
            comment(&forms.join(", "))
        );
        let _ = writeln!(w, "id = {}", string(id));
        let _ = writeln!(w, "name = {}", string(&a.name));
        match a.kind_reason {
            Some(why) => {
                let _ = writeln!(w, "kind = {}  # {why}", string(a.kind));
            }
            None => {
                let _ = writeln!(
                    w,
                    "kind = {}  # TODO: state, government, military, armed_group, official, organization, population or other",
                    string(a.kind)
                );
            }
        }
        if let Some(aff) = &a.affiliation {
            let _ = writeln!(w, "affiliation = {}", string(aff));
        }
        let _ = writeln!(
            w,
            "# TODO: role: what it did or said, in one or two sentences"
        );
    }
    let _ = writeln!(w);

    let _ = writeln!(w, "{RULE} timeline");
    let _ = writeln!(
        w,
        "# One entry per date found in a sentence, and one statement per sentence that"
    );
    let _ = writeln!(
        w,
        "# quotes someone. `what` is the article's sentence: say it in your words."
    );
    for e in &d.timeline {
        let _ = writeln!(w);
        let _ = writeln!(w, "[[timeline]]");
        for n in &e.notes {
            let _ = writeln!(w, "# TODO: {}", comment(n));
        }
        let _ = writeln!(w, "when = {}", string(&e.when));
        if e.kind == EntryKind::Statement {
            let _ = writeln!(w, "kind = \"statement\"");
        }
        let _ = writeln!(w, "what = {}  # TODO: in your words", string(&e.quote));
        let names: Vec<String> = e.actors.iter().map(|&i| ids[i].clone()).collect();
        match e.kind {
            EntryKind::Statement if !names.is_empty() => {
                let _ = writeln!(w, "actors = {}  # the speaker: check", list(&names));
            }
            EntryKind::Event if !names.is_empty() => {
                let _ = writeln!(
                    w,
                    "actors = {}  # TODO: named in the sentence; keep who acted",
                    list(&names)
                );
            }
            _ => {}
        }
        let _ = writeln!(w, "sources = {}", list(&[SOURCE_ID.to_owned()]));
        let _ = writeln!(w, "quote = {}", string(&e.quote));
        credibility(w, e.grade.as_ref());
    }
    let _ = writeln!(w);

    let _ = writeln!(w, "{RULE} figures");
    let _ = writeln!(
        w,
        "# Numbers in digits or words, with the noun after them as the unit."
    );
    for note in &d.dropped {
        let _ = writeln!(w, "# NOTE: {}", comment(note));
    }
    for f in &d.figures {
        let _ = writeln!(w);
        figure(w, f, &ids);
    }
    o
}

fn figure(w: &mut String, f: &Figure, ids: &[String]) {
    let _ = writeln!(w, "[[figures]]");
    let _ = writeln!(w, "value = {}", number(f.value));
    let _ = writeln!(w, "unit = {}  # TODO: check the unit", string(&f.unit));
    let _ = writeln!(
        w,
        "what = {}  # TODO: what exactly is counted",
        string(&f.quote)
    );
    match &f.hedge {
        Some(h) => {
            let _ = writeln!(w, "approximate = true  # {}", comment(&format!("\"{h}\"")));
        }
        None => {
            let _ = writeln!(w, "approximate = false");
        }
    }
    if let Some(as_of) = &f.as_of {
        let _ = writeln!(
            w,
            "as_of = {}  # TODO: when the figure was true",
            string(as_of)
        );
    }
    if !f.actors.is_empty() {
        let names: Vec<String> = f.actors.iter().map(|&i| ids[i].clone()).collect();
        let _ = writeln!(w, "actors = {}  # who reports it: check", list(&names));
    }
    let _ = writeln!(w, "sources = {}", list(&[SOURCE_ID.to_owned()]));
    let _ = writeln!(w, "quote = {}", string(&f.quote));
    credibility(w, f.grade.as_ref());
}

fn credibility(w: &mut String, grade: Option<&super::Grade>) {
    match grade {
        Some(g) => {
            let _ = writeln!(
                w,
                "credibility = {}  # {}; TODO: 2–3 if attributed, 3–4 if conditional",
                g.credibility,
                comment(&g.why)
            );
        }
        None => {
            let _ = writeln!(
                w,
                "credibility = 6  # TODO: 1 confirmed, 2 probably true, 3 possibly true, 4 doubtful, 5 improbable, 6 cannot be judged"
            );
        }
    }
}

/// Unique, valid ids for the actors: their names as slugs, numbered on a clash.
pub fn actor_ids(d: &Draft) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    let mut taken = std::collections::HashSet::new();
    // The next number to try for each base: a thousand actors named alike
    // cost a thousand tries, not half a million.
    let mut next: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for a in &d.actors {
        let mut base = words::slug(&a.name, 60);
        if base.is_empty() {
            base = "actor".to_owned();
        }
        let mut id = base.clone();
        let n = next.entry(base.clone()).or_insert(2);
        while taken.contains(&id) {
            id = format!("{base}-{n}");
            *n += 1;
        }
        taken.insert(id.clone());
        ids.push(id);
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped() {
        assert_eq!(
            string("a \"b\" \\ c\n\u{7}"),
            "\"a \\\"b\\\" \\\\ c\\n\\u0007\""
        );
        assert_eq!(
            string("\u{202e}\u{e0041}"),
            "\"\\u202E\\U000E0041\"",
            "\\u takes four digits, \\U eight"
        );
        assert_eq!(number(120000.0), "120000");
        assert_eq!(number(1.5), "1.5");
        assert_eq!(number(1e20), "1e20");
        assert_eq!(number(-2.5e300), "-2.5e300");
        for v in [1e20, 123456789012345680000.0, 9.5e15, 1.7e308] {
            let doc: toml::Table = toml::from_str(&format!("v = {}", number(v))).unwrap();
            assert_eq!(doc["v"].as_float(), Some(v), "{v}");
        }
    }
}
