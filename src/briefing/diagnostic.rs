//! Messages about a briefing file, in the `path:line:column: error: message`
//! form that editors and `grep -n` users already know, with the offending line
//! and a caret underneath.

use std::fmt::{self, Write as _};
use std::path::PathBuf;

use serde::Serialize;

use crate::text::{sanitize_line, width};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// A place inside a document, by keys and indices: `timeline[3].actors[0]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeyPath(Vec<Segment>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Key(String),
    Index(usize),
}

impl KeyPath {
    pub fn root() -> KeyPath {
        KeyPath(Vec::new())
    }

    pub fn key(&self, k: &str) -> KeyPath {
        let mut p = self.clone();
        p.0.push(Segment::Key(k.to_owned()));
        p
    }

    pub fn index(&self, i: usize) -> KeyPath {
        let mut p = self.clone();
        p.0.push(Segment::Index(i));
        p
    }

    pub fn segments(&self) -> &[Segment] {
        &self.0
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The path without its last segment.
    pub fn parent(&self) -> KeyPath {
        KeyPath(self.0[..self.0.len().saturating_sub(1)].to_vec())
    }

    pub fn last_key(&self) -> Option<&str> {
        match self.0.last() {
            Some(Segment::Key(k)) => Some(k),
            _ => None,
        }
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Segment::Key(k) if i == 0 => f.write_str(k)?,
                Segment::Key(k) => write!(f, ".{k}")?,
                Segment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// A line and column (both from 1; the column counts characters) with the
/// text of that line and how many characters to underline.
///
/// A very long line (minified JSON, a briefing on one line) is kept only
/// around the place, with `…` where it was cut, so that neither memory nor
/// the output grows with the length of the line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    #[serde(skip)]
    pub line_text: String,
    #[serde(skip)]
    pub span_chars: usize,
    /// The column of the first character of `line_text`: 1 unless the line was cut.
    #[serde(skip)]
    pub text_column: usize,
}

/// How much of a long line is kept before and after the place.
const CONTEXT_BEFORE: usize = 60;
const CONTEXT_AFTER: usize = 120;

impl Location {
    /// Where a byte range starts in `source`, for showing it.
    pub fn from_span(source: &str, span: std::ops::Range<usize>) -> Location {
        Location::from_spans(source, std::slice::from_ref(&span))
            .pop()
            .expect("one span, one location")
    }

    /// The locations of many byte ranges, in their order, found in one pass
    /// over `source` (a file with many findings must not be read once per finding).
    pub fn from_spans(source: &str, spans: &[std::ops::Range<usize>]) -> Vec<Location> {
        let mut order: Vec<usize> = (0..spans.len()).collect();
        order.sort_by_key(|&i| spans[i].start);
        let mut out: Vec<Option<Location>> = vec![None; spans.len()];
        // A cursor: byte offset, its line and column, and where its line starts.
        let (mut at, mut line, mut column, mut line_start) = (0, 1, 1, 0);
        for i in order {
            let start = floor_char_boundary(source, spans[i].start.min(source.len()));
            for (offset, c) in source[at..start].char_indices() {
                if c == '\n' {
                    line += 1;
                    column = 1;
                    line_start = at + offset + 1;
                } else {
                    column += 1;
                }
            }
            at = start;
            let end = floor_char_boundary(source, spans[i].end.clamp(start, source.len()));
            out[i] = Some(Location::cut(source, line, column, line_start, start..end));
        }
        out.into_iter()
            .map(|l| l.expect("every span located"))
            .collect()
    }

    /// A line and column from a parser that counts them itself: serde_json,
    /// whose column counts bytes. The column shown counts characters, as for TOML.
    pub fn from_line_column(source: &str, line: usize, column: usize) -> Location {
        let line_start = if line <= 1 {
            0
        } else {
            source
                .match_indices('\n')
                .nth(line - 2)
                .map_or(source.len(), |(i, _)| i + 1)
        };
        let line_end = source[line_start..]
            .find('\n')
            .map_or(source.len(), |i| line_start + i);
        let start = floor_char_boundary(
            source,
            (line_start + column.saturating_sub(1)).min(line_end),
        );
        let chars = source[line_start..start].chars().count();
        Location::cut(source, line, chars + 1, line_start, start..start)
    }

    /// The location of `span`, whose start is at `line`:`column` on the line
    /// starting at byte `line_start`, keeping at most a window of that line.
    fn cut(
        source: &str,
        line: usize,
        column: usize,
        line_start: usize,
        span: std::ops::Range<usize>,
    ) -> Location {
        let before = &source[line_start..span.start];
        let (from, skipped) = match before.char_indices().rev().nth(CONTEXT_BEFORE - 1) {
            Some((i, _)) if i > 0 => (line_start + i, column - 1 - CONTEXT_BEFORE),
            _ => (line_start, 0),
        };
        let after = &source[span.start..];
        let (to, cut_end) = match after
            .char_indices()
            .take_while(|&(_, c)| c != '\n')
            .nth(CONTEXT_AFTER)
        {
            Some((i, _)) => (span.start + i, true),
            None => (span.start + after.find('\n').unwrap_or(after.len()), false),
        };
        let mut line_text = String::new();
        if skipped > 0 {
            line_text.push('…');
        }
        line_text.push_str(source[from..to].trim_end_matches('\r'));
        if cut_end {
            line_text.push('…');
        }
        let end = span.end.clamp(span.start, to);
        Location {
            line,
            column,
            line_text,
            span_chars: source[span.start..end].chars().count().max(1),
            // The `…` stands in the column just before the kept text.
            text_column: if skipped > 0 { skipped } else { 1 },
        }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_path: Option<String>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The file itself could not be read (exit status 2 rather than 1).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub io_failure: bool,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            location: None,
            key_path: None,
            message: message.into(),
            hint: None,
            io_failure: false,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The one-line header: `path:line:column: error: key.path: message`.
    pub fn headline(&self) -> String {
        let mut out = self.file.display().to_string();
        if let Some(loc) = &self.location {
            let _ = write!(out, ":{}:{}", loc.line, loc.column);
        }
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = write!(out, ": {severity}: ");
        if let Some(path) = &self.key_path {
            let _ = write!(out, "{path}: ");
        }
        out.push_str(&self.message);
        sanitize_line(&out).into_owned()
    }

    /// The full text: header, the source line with a caret, and any hint.
    pub fn render(&self) -> String {
        let mut out = self.headline();
        out.push('\n');
        if let Some(loc) = &self.location
            && !loc.line_text.is_empty()
        {
            let number = loc.line.to_string();
            let gutter = " ".repeat(number.len());
            let line = sanitize_line(&loc.line_text);
            // The caret goes under the column as the terminal draws it.
            let into = loc.column.saturating_sub(loc.text_column.max(1));
            let before: String = loc.line_text.chars().take(into).collect();
            let under: String = loc
                .line_text
                .chars()
                .skip(into)
                .take(loc.span_chars)
                .collect();
            let pad = width(&sanitize_line(&before));
            let carets = width(&sanitize_line(&under)).max(1);
            let _ = writeln!(out, " {number} | {line}");
            let _ = writeln!(out, " {gutter} | {}{}", " ".repeat(pad), "^".repeat(carets));
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  = help: {}", sanitize_line(hint));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_paths_read_like_the_contract() {
        let p = KeyPath::root()
            .key("timeline")
            .index(3)
            .key("actors")
            .index(0);
        assert_eq!(p.to_string(), "timeline[3].actors[0]");
        assert_eq!(p.parent().to_string(), "timeline[3].actors");
    }

    #[test]
    fn a_span_becomes_line_column_and_caret() {
        let src = "a = 1\nactors = [\"été\", \"x\"]\n";
        let at = src.find("\"x\"").unwrap();
        let loc = Location::from_span(src, at..at + 3);
        assert_eq!((loc.line, loc.column, loc.span_chars), (2, 18, 3));
        let d = Diagnostic {
            location: Some(loc),
            key_path: Some("actors[1]".into()),
            hint: Some("did you mean \"y\"?".into()),
            ..Diagnostic::error("b.toml", "unknown actor \"x\"")
        };
        assert_eq!(
            d.render(),
            "b.toml:2:18: error: actors[1]: unknown actor \"x\"\n \
             2 | actors = [\"été\", \"x\"]\n   \
             |                  ^^^\n  \
             = help: did you mean \"y\"?\n"
        );
    }

    #[test]
    fn a_span_past_the_end_or_inside_a_character_does_not_panic() {
        let src = "été";
        for i in 0..10 {
            let loc = Location::from_span(src, i..i + 3);
            assert_eq!(loc.line, 1);
        }
        let empty = Location::from_span("", 0..0);
        assert_eq!((empty.line, empty.column), (1, 1));
    }

    #[test]
    fn many_spans_are_located_as_one_would_be() {
        let src = "a = 1\nb = [\"x\", \"y\"]\n\nc = \"é\"\n";
        let spans: Vec<_> = ["\"y\"", "a", "\"é\"", "\"x\""]
            .iter()
            .map(|w| {
                let at = src.find(w).unwrap();
                at..at + w.len()
            })
            .collect();
        let each: Vec<Location> = spans
            .iter()
            .map(|s| Location::from_span(src, s.clone()))
            .collect();
        assert_eq!(Location::from_spans(src, &spans), each);
        let places: Vec<(usize, usize)> = each.iter().map(|l| (l.line, l.column)).collect();
        assert_eq!(places, vec![(2, 11), (1, 1), (4, 5), (2, 6)]);
    }

    #[test]
    fn a_long_line_is_cut_around_the_place_and_the_caret_still_points_at_it() {
        let src = format!("x = [{}\"here\"{}]", "1, ".repeat(1000), ", 2".repeat(1000));
        let at = src.find("\"here\"").unwrap();
        let loc = Location::from_span(&src, at..at + 6);
        assert_eq!((loc.line, loc.column), (1, at + 1));
        assert!(loc.line_text.starts_with('…') && loc.line_text.ends_with('…'));
        assert!(loc.line_text.chars().count() <= CONTEXT_BEFORE + CONTEXT_AFTER + 2);
        let d = Diagnostic {
            location: Some(loc),
            ..Diagnostic::error("b.toml", "here")
        };
        let shown = d.render();
        let lines: Vec<&str> = shown.lines().collect();
        let caret = lines[2].find('^').unwrap();
        let text: String = lines[1].chars().skip(caret).take(6).collect();
        assert_eq!(text, "\"here\"", "{shown}");
        assert_eq!(lines[2].matches('^').count(), 6);
    }

    #[test]
    fn a_byte_column_from_serde_json_becomes_a_character_column() {
        let src = "{\n  \"é\": x\n}";
        // serde_json counts bytes: the `x` is byte 9 of line 2, character 8.
        let loc = Location::from_line_column(src, 2, 9);
        assert_eq!((loc.line, loc.column), (2, 8));
        assert_eq!(loc.line_text, "  \"é\": x");
        let past_the_end = Location::from_line_column(src, 9, 99);
        assert_eq!(past_the_end.line, 9);
    }
}
