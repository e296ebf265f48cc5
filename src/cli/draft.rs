//! `brief draft`: a briefing skeleton from a news article, for a person to finish.
//!
//! With `--out FILE` the draft is written there and the article copied to
//! `sources/<FILE's stem>.<lang>.txt` beside it, which the draft's
//! `text_file` names. Without it the draft goes to standard output, its
//! `text_file` naming `sources/<id>.<lang>.txt`, and a note on standard error
//! says to put the article there.

use std::io::{self, Write};
use std::path::Path;

use chrono::NaiveDate;

use super::check::plural;
use super::{DraftArgs, DraftLang, Outcome};
use crate::briefing::load::{MAX_FILE_BYTES, read_limited};
use crate::briefing::validate::is_valid_id;
use crate::draft::{self, Lang, Options};
use crate::text;

/// `--date`: a calendar day.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("{s:?} is not a day written YYYY-MM-DD"))
}

/// `--id`: the format's id alphabet.
pub fn parse_id(s: &str) -> Result<String, String> {
    if is_valid_id(s) {
        Ok(s.to_owned())
    } else {
        Err(format!(
            "{s:?} is not a briefing id: lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, at most 128 characters"
        ))
    }
}

pub fn run(args: &DraftArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Outcome> {
    // Paths and values reach the terminal only through `text::path`.
    let shown = text::path(&args.article);
    let bytes = match read_limited(&args.article) {
        Ok(b) => b,
        Err(why) => {
            writeln!(err, "brief: {shown}: {why}")?;
            return Ok(Outcome::Failure);
        }
    };
    let text = match draft::decode(&bytes) {
        Ok(t) => t,
        Err(why) => {
            writeln!(err, "brief: {shown}: {why}")?;
            return Ok(Outcome::Problems);
        }
    };
    let lang = match args.lang {
        DraftLang::Fr => Some(Lang::Fr),
        DraftLang::En => Some(Lang::En),
        DraftLang::Auto => None,
    };
    let mut options = Options {
        lang,
        id: args.id.clone(),
        date: args.date,
        text_file: String::new(),
    };
    let lang = lang.unwrap_or_else(|| Lang::detect(text));
    options.lang = Some(lang);
    let Some(path) = &args.out else {
        // The id is only known after drafting; name the copy after it.
        let mut d = draft::draft(text, &options);
        d.text_file = format!("sources/{}.{}.txt", d.id, lang.tag());
        let toml = draft::write::toml(&d);
        if let Some(outcome) = too_large(&toml, &shown, err)? {
            return Ok(outcome);
        }
        out.write_all(toml.as_bytes())?;
        writeln!(
            err,
            "brief: note: the draft's text_file is \"{}\": copy {shown} there, beside the draft, \
             or `brief check` cannot verify its quotes (--out FILE does it for you)",
            text::for_stderr(&d.text_file)
        )?;
        return Ok(Outcome::Ok);
    };
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "draft".to_owned());
    options.text_file = format!("sources/{stem}.{}.txt", lang.tag());
    let d = draft::draft(text, &options);
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let copy = dir.join(&options.text_file);
    let toml = draft::write::toml(&d);
    if let Some(outcome) = too_large(&toml, &shown, err)? {
        return Ok(outcome);
    }
    if let Err(why) = save(path, &copy, &toml, &bytes, args.force) {
        writeln!(err, "brief: {}", text::for_stderr(&why))?;
        return Ok(Outcome::Failure);
    }
    writeln!(
        err,
        "brief: wrote {} ({}, {}, {}) and {}",
        text::path(path),
        plural(d.actors.len(), "actor"),
        match d.timeline.len() {
            1 => "1 timeline entry".to_owned(),
            n => format!("{n} timeline entries"),
        },
        plural(d.figures.len(), "figure"),
        text::path(&copy)
    )?;
    Ok(Outcome::Ok)
}

/// A draft `brief check` would refuse to read is not written: says so and
/// gives the outcome, or `None` when the draft fits.
fn too_large(toml: &str, shown: &str, err: &mut dyn Write) -> io::Result<Option<Outcome>> {
    if toml.len() as u64 <= MAX_FILE_BYTES {
        return Ok(None);
    }
    writeln!(
        err,
        "brief: {shown}: the draft would be {}, over the {} a briefing may be; \
         nothing was written: draft from a part of the article",
        crate::fs::size(toml.len() as u64),
        crate::fs::size(MAX_FILE_BYTES)
    )?;
    Ok(Some(Outcome::Problems))
}

/// Writes the draft and the article's copy; refuses to replace a different
/// file unless `force`. The copy is left alone when it already holds the article.
fn save(path: &Path, copy: &Path, toml: &str, article: &[u8], force: bool) -> Result<(), String> {
    if !force && path.exists() {
        return Err(format!(
            "{} exists; pass --force to replace it",
            path.display()
        ));
    }
    let same = std::fs::read(copy).is_ok_and(|b| b == article);
    if !same && !force && copy.exists() {
        return Err(format!(
            "{} exists and holds another text; pass --force to replace it",
            copy.display()
        ));
    }
    let fail = |p: &Path, e: io::Error| format!("{}: {e}", p.display());
    if let Some(d) = copy.parent() {
        std::fs::create_dir_all(d).map_err(|e| fail(d, e))?;
    }
    if !same {
        std::fs::write(copy, article).map_err(|e| fail(copy, e))?;
    }
    std::fs::write(path, toml).map_err(|e| fail(path, e))
}
