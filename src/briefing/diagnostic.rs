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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    #[serde(skip)]
    pub line_text: String,
    #[serde(skip)]
    pub span_chars: usize,
}

impl Location {
    /// Where a byte range starts in `source`, for showing it.
    pub fn from_span(source: &str, span: std::ops::Range<usize>) -> Location {
        let start = floor_char_boundary(source, span.start.min(source.len()));
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let line = source[..start].bytes().filter(|&b| b == b'\n').count() + 1;
        let column = source[line_start..start].chars().count() + 1;
        let end = floor_char_boundary(source, span.end.clamp(start, line_end));
        let line_text = source[line_start..line_end]
            .trim_end_matches('\r')
            .to_owned();
        Location {
            line,
            column,
            line_text,
            span_chars: source[start..end].chars().count().max(1),
        }
    }

    /// A line and column from a parser that counts them itself (serde_json).
    pub fn from_line_column(source: &str, line: usize, column: usize) -> Location {
        let line_text = source
            .split('\n')
            .nth(line.saturating_sub(1))
            .unwrap_or("")
            .trim_end_matches('\r')
            .to_owned();
        Location {
            line,
            column: column.max(1),
            line_text,
            span_chars: 1,
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
            let before: String = loc.line_text.chars().take(loc.column - 1).collect();
            let under: String = loc
                .line_text
                .chars()
                .skip(loc.column - 1)
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
}
