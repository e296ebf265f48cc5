//! Reading one briefing file: size limits, encoding, syntax, shape, then
//! validation, each failure turned into a [`Diagnostic`] that names the place.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::diagnostic::{Diagnostic, KeyPath, Location, Segment, Severity};
use super::locate::{toml_span, toml_span_in};
use super::model::Briefing;
use super::raw::RawBriefing;
use super::validate::{Finding, TextFileReader, nearest, validate};

pub use super::source_text::read_source_text;
/// Briefing files and source texts larger than this are refused unread.
pub use crate::fs::{MAX_FILE_BYTES, read_limited};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Toml,
    Json,
}

impl Syntax {
    /// The syntax a file name promises, if it is a briefing file at all.
    pub fn of(path: &Path) -> Option<Syntax> {
        let ext = path.extension()?.to_str()?;
        if ext.eq_ignore_ascii_case("toml") {
            Some(Syntax::Toml)
        } else if ext.eq_ignore_ascii_case("json") {
            Some(Syntax::Json)
        } else {
            None
        }
    }
}

/// What loading one file gave: the briefing if it is valid, and every
/// diagnostic (warnings accompany valid briefings too).
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: PathBuf,
    pub briefing: Option<Briefing>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads the briefing at `path`. Source texts may be read only from inside
/// `library_root`.
pub fn load_file(path: &Path, library_root: &Path) -> FileReport {
    load_file_bytes(path, library_root).0
}

/// [`load_file`], with the bytes it parsed (`None` when none were read):
/// what keeping the version read stores, so that it is never read twice.
pub fn load_file_bytes(path: &Path, library_root: &Path) -> (FileReport, Option<Vec<u8>>) {
    let report = |briefing, diagnostics| FileReport {
        path: path.to_owned(),
        briefing,
        diagnostics,
    };
    let Some(syntax) = Syntax::of(path) else {
        // Only a path named by the user gets here (a walk takes briefing
        // files only): a usage error, exit 2, as a path that cannot be read.
        let why = if path.is_dir() {
            "is a directory"
        } else {
            "not a briefing file: the name must end in .toml or .json"
        };
        let d = Diagnostic {
            io_failure: true,
            ..Diagnostic::error(path, why)
        };
        return (report(None, vec![d]), None);
    };
    let bytes = match read_briefing_bytes(path, library_root) {
        Ok(b) => b,
        Err(d) => return (report(None, vec![d]), None),
    };
    let text = match decode(path, &bytes) {
        Ok(t) => t,
        Err(d) => return (report(None, vec![d]), None),
    };
    let base = path.parent().unwrap_or(Path::new("."));
    let mut reader = |file: &str| read_source_text(base, library_root, file);
    let (briefing, diagnostics) = load_str(path, text, syntax, &mut reader);
    (report(briefing, diagnostics), Some(bytes))
}

/// The bytes of the briefing file at `path`, read as [`load_file`] reads
/// them (bounded; a link only if it leads inside `library_root`), unparsed.
pub fn read_briefing_bytes(path: &Path, library_root: &Path) -> Result<Vec<u8>, Diagnostic> {
    // A link to a file is read only if it leads inside the library: one
    // error naming the link, never a line of what it points at
    // (`~/.aws/credentials`). A link to a device or FIFO is refused below.
    let link_to_file = path
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
        && std::fs::metadata(path).is_ok_and(|m| m.is_file());
    if link_to_file && let Err(why) = crate::fs::within_root(path, library_root) {
        return Err(Diagnostic::error(path, why));
    }
    read_limited(path).map_err(|why| Diagnostic {
        io_failure: true,
        ..Diagnostic::error(path, why)
    })
}

/// UTF-8 or a diagnostic pointing at the first bad byte.
fn decode<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, Diagnostic> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.strip_prefix('\u{feff}').unwrap_or(s)),
        Err(e) => {
            // The lossy text is the valid prefix unchanged, then `�` for the bad byte.
            let lossy = String::from_utf8_lossy(bytes);
            let at = e.valid_up_to();
            Err(Diagnostic {
                location: Some(Location::from_span(&lossy, at..at + 1)),
                ..Diagnostic::error(path, "the file is not valid UTF-8")
            })
        }
    }
}

/// Parses and validates briefing text. `read_text_file` fetches a source's
/// `text_file`; `path` only names the file in messages.
pub fn load_str(
    path: &Path,
    text: &str,
    syntax: Syntax,
    read_text_file: &mut TextFileReader<'_>,
) -> (Option<Briefing>, Vec<Diagnostic>) {
    let mut ignored: Vec<KeyPath> = Vec::new();
    let mut pieces = None;
    let parsed = match syntax {
        Syntax::Toml => parse_toml(path, text, &mut ignored, &mut pieces),
        Syntax::Json => parse_json(path, text, &mut ignored),
    };
    // `"$schema"` points an editor at `brief schema`'s output; it is not content.
    let schema_key = KeyPath::root().key("$schema");
    ignored.retain(|p| *p != schema_key);
    let raw = match parsed {
        Ok(raw) => raw,
        Err(d) => {
            // Keys ignored before the failure often explain it: `headlin`
            // for a missing `headline`.
            let mut diagnostics = vec![d];
            let findings = ignored.into_iter().map(unknown_key).collect();
            diagnostics.extend(diagnostics_of(path, text, syntax, findings, None));
            return (None, diagnostics);
        }
    };
    let mut findings: Vec<Finding> = ignored.into_iter().map(unknown_key).collect();
    let (briefing, more) = validate(&raw, read_text_file);
    findings.extend(more);
    (
        briefing,
        diagnostics_of(path, text, syntax, findings, pieces.as_ref()),
    )
}

/// Findings as diagnostics, each given its line and column in TOML. The
/// document is parsed once and read once, however many findings there are.
fn diagnostics_of(
    path: &Path,
    text: &str,
    syntax: Syntax,
    findings: Vec<Finding>,
    pieces: Option<&super::chunked::Pieces>,
) -> Vec<Diagnostic> {
    if let (Syntax::Toml, Some(pieces)) = (syntax, pieces) {
        let spans = spans_by_piece(text, &findings, pieces);
        return placed(path, text, findings, spans);
    }
    let doc = match syntax {
        Syntax::Toml if !findings.is_empty() => toml::de::DeTable::parse(text).ok(),
        _ => None,
    };
    let spans: Vec<Option<std::ops::Range<usize>>> = findings
        .iter()
        .map(|f| {
            let at_key = f.message.starts_with("unknown key");
            doc.as_ref()
                .and_then(|d| toml_span_in(d.get_ref(), &f.path, at_key))
        })
        .collect();
    placed(path, text, findings, spans)
}

/// The findings of a file read in pieces, each located by parsing again
/// only the piece that holds it, one piece at a time.
fn spans_by_piece(
    text: &str,
    findings: &[Finding],
    pieces: &super::chunked::Pieces,
) -> Vec<Option<std::ops::Range<usize>>> {
    let placed: Vec<(usize, KeyPath)> = findings.iter().map(|f| pieces.place(&f.path)).collect();
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by_key(|&i| placed[i].0);
    let mut spans = vec![None; findings.len()];
    let mut current: Option<(usize, Option<toml::Spanned<toml::de::DeTable<'_>>>)> = None;
    for i in order {
        let (piece, local) = &placed[i];
        let range = pieces.range(*piece, text.len());
        if current.as_ref().is_none_or(|(p, _)| p != piece) {
            current = Some((*piece, toml::de::DeTable::parse(&text[range.clone()]).ok()));
        }
        let at_key = findings[i].message.starts_with("unknown key");
        spans[i] = current
            .as_ref()
            .and_then(|(_, doc)| doc.as_ref())
            .and_then(|d| toml_span_in(d.get_ref(), local, at_key))
            .map(|s| range.start + s.start..range.start + s.end);
    }
    spans
}

/// Findings and their spans (in `text`) as diagnostics.
fn placed(
    path: &Path,
    text: &str,
    findings: Vec<Finding>,
    spans: Vec<Option<std::ops::Range<usize>>>,
) -> Vec<Diagnostic> {
    let found: Vec<std::ops::Range<usize>> = spans.iter().flatten().cloned().collect();
    let mut locations = Location::from_spans(text, &found).into_iter();
    findings
        .into_iter()
        .zip(spans)
        .map(|(f, span)| Diagnostic {
            severity: f.severity,
            file: path.to_owned(),
            location: span.and_then(|_| locations.next()),
            key_path: (!f.path.is_root()).then(|| f.path.to_string()),
            message: f.message,
            hint: f.hint,
            io_failure: false,
        })
        .collect()
}

/// Only `format`, read first: a newer format may have any shape at all, and
/// deserves "too new" rather than a list of mismatches.
#[derive(Deserialize)]
struct FormatProbe {
    format: Option<serde_json::Value>,
}

fn newer_format(path: &Path, format: Option<serde_json::Value>) -> Option<Diagnostic> {
    let n = format?.as_u64()?;
    super::format::too_new(n).map(|message| Diagnostic::error(path, message))
}

fn parse_toml(
    path: &Path,
    text: &str,
    ignored: &mut Vec<KeyPath>,
    pieces: &mut Option<super::chunked::Pieces>,
) -> Result<RawBriefing, Diagnostic> {
    let format_of = |v: Option<&toml::de::DeValue<'_>>| {
        v.and_then(|v| {
            v.as_integer()
                .and_then(|i| i.as_str().parse::<u64>().ok())
                .map(serde_json::Value::from)
        })
    };
    // A large file a piece at a time, when that gives what the whole would.
    let known = |v: Option<&toml::de::DeValue<'_>>| newer_format(path, format_of(v)).is_none();
    if let Some((raw, keys, cut)) = super::chunked::parse(text, known) {
        ignored.extend(keys);
        *pieces = Some(cut);
        return Ok(raw);
    }
    let doc = toml::de::DeTable::parse(text)
        .map_err(|e| syntax_error(path, text, e.span(), e.message()))?;
    let format = format_of(doc.get_ref().get("format").map(|v| v.get_ref()));
    if let Some(mut d) = newer_format(path, format) {
        let span = toml_span(text, &KeyPath::root().key("format"), false);
        d.location = span.map(|s| Location::from_span(text, s));
        return Err(d);
    }
    let de = toml::de::Deserializer::from(doc);
    serde_ignored::deserialize(de, |p| ignored.push(key_path(&p)))
        .map_err(|e: toml::de::Error| syntax_error(path, text, e.span(), e.message()))
}

fn parse_json(
    path: &Path,
    text: &str,
    ignored: &mut Vec<KeyPath>,
) -> Result<RawBriefing, Diagnostic> {
    let json_error = |e: serde_json::Error| Diagnostic {
        location: Some(Location::from_line_column(text, e.line(), e.column())),
        ..Diagnostic::error(path, strip_position(&e.to_string()))
    };
    let probe: FormatProbe = serde_json::from_str(text).map_err(json_error)?;
    if let Some(d) = newer_format(path, probe.format) {
        return Err(d);
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let raw =
        serde_ignored::deserialize(&mut de, |p| ignored.push(key_path(&p))).map_err(json_error)?;
    de.end().map_err(json_error)?;
    Ok(raw)
}

/// serde_json appends " at line L column C"; the location is shown already.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

fn syntax_error(
    path: &Path,
    text: &str,
    span: Option<std::ops::Range<usize>>,
    message: &str,
) -> Diagnostic {
    let message = message.trim_end().replace('\n', "; ");
    Diagnostic {
        location: span.map(|s| Location::from_span(text, s)),
        ..Diagnostic::error(path, message)
    }
}

pub(super) fn key_path(p: &serde_ignored::Path<'_>) -> KeyPath {
    use serde_ignored::Path as P;
    match p {
        P::Root => KeyPath::root(),
        P::Seq { parent, index } => key_path(parent).index(*index),
        P::Map { parent, key } => key_path(parent).key(key),
        P::Some { parent } | P::NewtypeStruct { parent } | P::NewtypeVariant { parent } => {
            key_path(parent)
        }
    }
}

fn unknown_key(path: KeyPath) -> Finding {
    let key = path.last_key().unwrap_or_default().to_owned();
    let hint = nearest(&key, known_keys(&path.parent()).iter().copied())
        .map(|k| format!("did you mean `{k}`?"));
    Finding {
        severity: Severity::Warning,
        path,
        message: format!("unknown key `{key}` is ignored"),
        hint,
    }
}

/// The keys format 1 defines for the table at `path`.
fn known_keys(path: &KeyPath) -> &'static [&'static str] {
    use super::raw::keys;
    match path.segments() {
        [] => keys::BRIEFING,
        [Segment::Key(k)] if k == "summary" => keys::SUMMARY,
        [Segment::Key(k), Segment::Index(_)] => match k.as_str() {
            "actors" => keys::ACTOR,
            "timeline" => keys::TIMELINE,
            "figures" => keys::FIGURE,
            "sources" => keys::SOURCE,
            _ => &[],
        },
        _ => &[],
    }
}
