//! `brief diff`: what changed in a briefing since the version read, for
//! scripts and for mailing: text with `git diff --word-diff` markers,
//! Markdown with `~~old~~` and `**new**`, or JSON with each part's old and
//! new values.
//!
//! Exit 0 when it printed changes, 1 when nothing changed since the version
//! read, 2 when the briefing is unknown, was never read, or the version read
//! was not kept.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::{Cli, Outcome, check::plural, default_paths};
use crate::briefing::redline::{self, Field, PartChange, Redline, Section, SpanKind, Status};
use crate::briefing::{Briefing, Syntax, load_file};
use crate::library::{self, versions};
use crate::text::{self, sanitize_line};

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// A briefing id, or a briefing file
    #[arg(value_name = "ID|FILE")]
    pub briefing: String,

    /// Where the briefings are, for an id [default: ./briefings, else the briefings built into brief]
    #[arg(long = "library", value_name = "DIR")]
    pub library: Vec<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// `[-old-]{+new+}`, as `git diff --word-diff` writes it
    Text,
    /// `~~old~~` and `**new**`
    Markdown,
    /// Each changed part with its old and new values
    Json,
}

pub fn run(args: &DiffArgs, cli: &Cli, out: &mut dyn Write) -> io::Result<Outcome> {
    let fail = |message: String| {
        eprintln!("brief: {}", text::for_stderr(&message));
        Ok(Outcome::Failure)
    };
    let current = match current(args, cli.read_only) {
        Ok(b) => b,
        // No briefing with that id: nothing found (exit 1), as for `brief mark`.
        Err(Missing::Id(message)) => {
            eprintln!("brief: {}", text::for_stderr(&message));
            return Ok(Outcome::Problems);
        }
        Err(Missing::Unreadable(message)) => return fail(message),
    };
    let id = current.id.as_str();
    let store = match cli.store() {
        Ok(store) => store,
        Err(e) => return Ok(super::mark::refused(&e)),
    };
    let Some(record) = store.state.record(id).filter(|r| r.read_at.is_some()) else {
        return fail(format!(
            "{id} has not been read: there is no version to compare it with"
        ));
    };
    let read_at = record
        .read_at
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default();
    let not_kept = || {
        fail(format!(
            "{id}: the version you read on {read_at} was not kept \
             (read before brief kept versions, or pruned); the reader still stars its changed parts"
        ))
    };
    let (Some(digest), Some(state_file)) = (record.digest.as_deref(), store.path()) else {
        return not_kept();
    };
    let old = match versions::get(versions::state_dir(state_file), id, digest) {
        Ok(Some(v)) => v,
        Ok(None) => return not_kept(),
        Err(e) => return fail(e),
    };
    let red = redline::diff(&old, &current);
    if red.is_empty() {
        eprintln!("brief: {id}: nothing changed since you read it on {read_at}");
        return Ok(Outcome::Problems);
    }
    let arrow = if cli.ascii { "->" } else { "→" };
    match args.format {
        DiffFormat::Text => text(&red, &current, &read_at, arrow, out)?,
        DiffFormat::Markdown => markdown(&red, &current, &read_at, arrow, out)?,
        DiffFormat::Json => json(&red, &current, &read_at, cli.ascii, out)?,
    }
    Ok(Outcome::Ok)
}

/// Why there is no briefing to compare.
enum Missing {
    /// No briefing in the library has the id asked for.
    Id(String),
    /// The file named, or the briefing with that id, does not load.
    Unreadable(String),
}

/// The briefing as it is now: from its file, or found by id in the library.
fn current(args: &DiffArgs, read_only: bool) -> Result<Briefing, Missing> {
    let path = Path::new(&args.briefing);
    let loaded = if Syntax::of(path).is_some() || path.is_file() {
        load_file(path, &library::library_root(path))
    } else {
        let paths = if args.library.is_empty() {
            default_paths()
        } else {
            args.library.clone()
        };
        let listings = library::list(&paths, &mut library::db::for_session(read_only)).listings;
        let Some(listing) = listings.iter().find(|l| l.id() == args.briefing) else {
            let places: Vec<String> = paths.iter().map(|p| crate::text::path(p)).collect();
            return Err(Missing::Id(format!(
                "no briefing with id {:?} in {}",
                args.briefing,
                places.join(", ")
            )));
        };
        return listing.load().map_err(|d| Missing::Unreadable(render(&d)));
    };
    loaded
        .briefing
        .ok_or_else(|| Missing::Unreadable(render(&loaded.diagnostics)))
}

fn render(diagnostics: &[crate::briefing::Diagnostic]) -> String {
    let errors: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.render().trim_end().to_owned())
        .collect();
    format!("the briefing cannot be loaded:\n{}", errors.join("\n"))
}

/// The section's heading and the name of one of its parts.
fn heading(s: Section) -> &'static str {
    match s {
        Section::Header => "Briefing",
        Section::Summary => "Summary",
        Section::Actors => "Actors",
        Section::Timeline => "Timeline",
        Section::Figures => "Figures",
        Section::Sources => "Sources",
    }
}

/// How a changed field reads in text or Markdown: prose by word, values as
/// old → new, and a whole added or removed value marked as such.
struct Marks {
    old: (&'static str, &'static str),
    new: (&'static str, &'static str),
    escape: fn(&str) -> String,
}

const TEXT: Marks = Marks {
    old: ("[-", "-]"),
    new: ("{+", "+}"),
    escape: plain,
};

const MARKDOWN: Marks = Marks {
    old: ("~~", "~~"),
    new: ("**", "**"),
    escape: md_escape,
};

fn plain(s: &str) -> String {
    sanitize_line(s).into_owned()
}

/// Briefing text made inert in Markdown ([`text::markdown_inline`]): `~`
/// escaped too, so that text of its own cannot pass for a deletion, and a
/// leading `-` or `+`, which would start a list where the text heads a line.
fn md_escape(s: &str) -> String {
    text::markdown_inline(s)
}

impl Marks {
    fn deleted(&self, s: &str) -> String {
        self.wrap(self.old, s)
    }

    fn inserted(&self, s: &str) -> String {
        self.wrap(self.new, s)
    }

    /// Marks around the words, the spaces at either end left outside, as
    /// Markdown needs (`** x**` is not bold).
    fn wrap(&self, (open, close): (&str, &str), s: &str) -> String {
        let core = s.trim();
        if core.is_empty() {
            return (self.escape)(s);
        }
        let start = s.len() - s.trim_start().len();
        let end = start + core.len();
        format!(
            "{}{open}{}{close}{}",
            (self.escape)(&s[..start]),
            (self.escape)(core),
            (self.escape)(&s[end..])
        )
    }

    fn field(&self, f: &Field, arrow: &str) -> String {
        if !f.words.is_empty() {
            return f
                .words
                .iter()
                .map(|w| match w.kind {
                    SpanKind::Same => (self.escape)(&w.text),
                    SpanKind::Old => self.deleted(&w.text),
                    SpanKind::New => self.inserted(&w.text),
                })
                .collect();
        }
        match (&f.old, &f.new) {
            (Some(o), None) => self.deleted(o),
            (None, Some(n)) => self.inserted(n),
            _ => (self.escape)(&f.arrow(arrow)),
        }
    }
}

/// `body[1]`, `key_points[0]`: a list item by its place in the current list.
fn field_name(f: &Field) -> String {
    match f.at {
        Some(i) => format!("{}[{i}]", f.name),
        None => f.name.to_owned(),
    }
}

fn title_line(red: &Redline, b: &Briefing, read_at: &str, ascii: bool) -> String {
    format!(
        "{}: {} since you read it on {read_at}: {}",
        b.id,
        plural(red.parts.len(), "change"),
        sanitize_line(&red.summary(ascii))
    )
}

fn text(
    red: &Redline,
    b: &Briefing,
    read_at: &str,
    arrow: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(out, "{}", title_line(red, b, read_at, arrow == "->"))?;
    let mut last = None;
    for p in &red.parts {
        if last != Some(p.section) {
            writeln!(out, "\n{}", heading(p.section))?;
            last = Some(p.section);
        }
        // The header's and the summary's fields say it all; other parts are named.
        let label = match (p.section, p.status) {
            (Section::Header | Section::Summary, _) => String::new(),
            (_, Status::Removed) => format!(" {}", TEXT.deleted(&p.label)),
            _ => format!(" {}", plain(&p.label)),
        };
        writeln!(out, "  {}{label}", p.status.label())?;
        for f in &p.fields {
            writeln!(out, "    {}: {}", field_name(f), TEXT.field(f, arrow))?;
        }
    }
    Ok(())
}

fn markdown(
    red: &Redline,
    b: &Briefing,
    read_at: &str,
    arrow: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(
        out,
        "# Changes to {} since you read it on {read_at}\n\n{}",
        md_escape(&b.title),
        md_escape(&red.summary(arrow == "->"))
    )?;
    let mut last = None;
    for p in &red.parts {
        if last != Some(p.section) {
            writeln!(out, "\n## {}\n", heading(p.section))?;
            last = Some(p.section);
        }
        let label = match (p.section, p.status) {
            (Section::Header | Section::Summary, _) => String::new(),
            (_, Status::Removed) => format!(": {}", MARKDOWN.deleted(&p.label)),
            _ => format!(": {}", md_escape(&p.label)),
        };
        writeln!(out, "- *{}*{label}", p.status.label())?;
        for f in &p.fields {
            writeln!(
                out,
                "  - {}: {}",
                md_escape(&field_name(f)),
                MARKDOWN.field(f, arrow)
            )?;
        }
    }
    Ok(())
}

fn json(
    red: &Redline,
    b: &Briefing,
    read_at: &str,
    ascii: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    // Values as they are; `text::to_json_pretty` escapes what a terminal
    // would act on, so the JSON is safe to print and still the same values.
    let part = |p: &PartChange| {
        serde_json::json!({
            "section": p.section.part_name(),
            "status": p.status.label(),
            "old_index": p.old,
            "new_index": p.new,
            "at": p.at,
            "label": p.label,
            "fields": p.fields.iter().map(|f| serde_json::json!({
                "field": f.name,
                "item": f.at,
                "old": f.old,
                "new": f.new,
            })).collect::<Vec<_>>(),
        })
    };
    let doc = serde_json::json!({
        "id": b.id,
        "read_at": read_at,
        "summary": red.summary(ascii),
        "changes": red.parts.iter().map(part).collect::<Vec<_>>(),
    });
    out.write_all(text::to_json_pretty(&doc)?.as_bytes())
}
