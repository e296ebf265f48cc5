//! Keeping a version without parsing it: what `R` (mark all read) does for
//! every briefing the library has read in full already, so that marking
//! 10,000 costs reading their bytes, not checking them again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::Kept;
use crate::briefing::Syntax;
use crate::briefing::load::{read_briefing_bytes, read_source_text};

/// Source texts read during one batch, by the folder of the briefing and
/// the `text_file` as written: a text behind many briefings is read once.
#[derive(Default)]
pub struct Texts(Mutex<HashMap<TextKey, Option<Arc<str>>>>);

/// The folder of the briefing, and its `text_file` as written.
type TextKey = (PathBuf, String);

impl Texts {
    fn read(&self, base: &Path, root: &Path, file: &str) -> Option<Arc<str>> {
        let key = (base.to_owned(), file.to_owned());
        if let Some(t) = self.0.lock().ok()?.get(&key) {
            return t.clone();
        }
        let text: Option<Arc<str>> = read_source_text(base, root, file).ok().map(Arc::from);
        self.0.lock().ok()?.insert(key, text.clone());
        text
    }
}

/// The version of the briefing at `path` (under library `root`) whose
/// fingerprint the library knows to be `digest` from its last full read,
/// kept from the file's bytes as they are now, unparsed, with the
/// `text_file`s it names ([`text_files`]), read as the loader reads them.
/// Whether the bytes still have that fingerprint is checked when the version
/// is read back ([`super::get`]): bytes changed meanwhile, or a text missed,
/// read back as "not kept", never as another version.
pub fn read_unparsed(
    path: &Path,
    root: &Path,
    id: &str,
    digest: &str,
    texts: &Texts,
) -> Result<Kept, String> {
    let syntax =
        Syntax::of(path).ok_or_else(|| format!("{}: not a briefing file", path.display()))?;
    let bytes = read_briefing_bytes(path, root).map_err(|d| d.headline())?;
    let text = String::from_utf8_lossy(&bytes);
    let base = path.parent().unwrap_or(Path::new("."));
    let read = text_files(syntax, &text)
        .into_iter()
        .filter_map(|file| {
            let content = texts.read(base, root, &file)?;
            Some((file, content))
        })
        .collect();
    Ok(Kept::unparsed(id, digest, syntax, bytes, read))
}

/// The `text_file` values a briefing names, found by a scan of its text
/// rather than a parse: `text_file = "…"` (or `'…'`) at the start of a TOML
/// line, `"text_file": "…"` in JSON. A value with escapes is passed over.
/// Linear in the text.
pub fn text_files(syntax: Syntax, text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |v: Option<&str>| {
        if let Some(v) = v
            && !out.iter().any(|o| o == v)
        {
            out.push(v.to_owned());
        }
    };
    match syntax {
        Syntax::Toml => {
            for line in text.lines() {
                let Some(rest) = line.trim_start().strip_prefix("text_file") else {
                    continue;
                };
                let Some(value) = rest.trim_start().strip_prefix('=') else {
                    continue;
                };
                push(string(value.trim_start()));
            }
        }
        Syntax::Json => {
            for (at, _) in text.match_indices("\"text_file\"") {
                let rest = text[at + "\"text_file\"".len()..].trim_start();
                if let Some(value) = rest.strip_prefix(':') {
                    push(
                        string(value.trim_start()).filter(|_| value.trim_start().starts_with('"')),
                    );
                }
            }
        }
    }
    out
}

/// The string at the start of `s`, quoted with `"` or `'`, without escapes.
fn string(s: &str) -> Option<&str> {
    let quote = s.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = &s[1..];
    let end = rest.find(quote)?;
    let value = &rest[..end];
    let escaped = quote == '"' && value.contains('\\');
    (!value.is_empty() && !escaped).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_files_are_found_without_a_parse() {
        let toml = "[[sources]]\nid = \"a\"\ntext_file = \"sources/a.txt\"\n  text_file='b.txt'\n\
                    text_file = \"a\\\\b\"\nnote = \"text_file = 'c.txt'\"\ntext_file = \"sources/a.txt\"\n";
        assert_eq!(text_files(Syntax::Toml, toml), ["sources/a.txt", "b.txt"]);
        let json = r#"{"sources":[{"text_file" : "x.txt"},{"text_file":3},{"text_file":"y.txt"}]}"#;
        assert_eq!(text_files(Syntax::Json, json), ["x.txt", "y.txt"]);
    }
}
