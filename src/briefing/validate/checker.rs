//! The checker's tools: collecting findings, and the shapes of ids,
//! languages, dates and references.

use std::collections::HashMap;

use super::super::diagnostic::{KeyPath, Severity};
use super::super::raw::DateText;
use super::super::suggest::Hints;
use super::super::when::When;
use super::Finding;

pub(super) struct Checker {
    pub(super) findings: Vec<Finding>,
    /// "Did you mean" costs a comparison with every known id: bounded.
    pub(super) hints: Hints,
}

impl Checker {
    pub(super) fn error(&mut self, path: KeyPath, message: impl Into<String>) {
        self.push(Severity::Error, path, message.into(), None);
    }

    pub(super) fn warn(&mut self, path: KeyPath, message: impl Into<String>) {
        self.push(Severity::Warning, path, message.into(), None);
    }

    pub(super) fn push(
        &mut self,
        severity: Severity,
        path: KeyPath,
        message: String,
        hint: Option<String>,
    ) {
        self.findings.push(Finding {
            severity,
            path,
            message,
            hint,
        });
    }

    pub(super) fn date(&mut self, path: KeyPath, text: &DateText) -> Option<When> {
        When::parse(&text.0)
            .map_err(|e| self.error(path, e.to_string()))
            .ok()
    }

    pub(super) fn id(&mut self, path: KeyPath, id: &str, what: &str) {
        if !is_valid_id(id) {
            self.error(
                path,
                format!(
                    "{what} id {id:?} must be 1–128 characters of a-z, 0-9, '.', '_' or '-', \
                     starting with a letter or digit"
                ),
            );
        }
    }

    pub(super) fn non_empty(&mut self, path: KeyPath, s: &str) {
        if s.trim().is_empty() {
            let key = path.last_key().unwrap_or("value").to_owned();
            self.error(path, format!("`{key}` must not be empty"));
        }
    }

    pub(super) fn language(&mut self, path: KeyPath, tag: &str) {
        if !is_bcp47_shaped(tag) {
            self.error(
                path,
                format!("{tag:?} is not a BCP 47 language tag, such as \"en\" or \"fr-FR\""),
            );
        }
    }

    /// Resolves ids against a table of known ones, reporting each unknown one
    /// with the nearest known id as a hint.
    pub(super) fn refs(
        &mut self,
        path: KeyPath,
        ids: &[String],
        known: &HashMap<&str, usize>,
        what: &str,
    ) -> Vec<usize> {
        let mut out = Vec::with_capacity(ids.len());
        for (i, id) in ids.iter().enumerate() {
            match known.get(id.as_str()) {
                Some(&n) => out.push(n),
                None => {
                    let hint = self
                        .hints
                        .nearest(id, known.keys().copied())
                        .map(|k| format!("did you mean {k:?}?"));
                    self.push(
                        Severity::Error,
                        path.index(i),
                        format!("unknown {what} id {id:?}: the briefing defines no such {what}"),
                        hint,
                    );
                }
            }
        }
        out
    }
}

pub fn is_valid_id(id: &str) -> bool {
    let b = id.as_bytes();
    !b.is_empty()
        && b.len() <= 128
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter().all(|&c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'.' | b'_' | b'-')
        })
}

/// The shape of a BCP 47 tag: a 2–3 (or 4–8) letter language and
/// alphanumeric subtags of 1–8. Registry lookups are out of scope.
fn is_bcp47_shaped(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let lang = parts.next().unwrap_or("");
    (2..=8).contains(&lang.len())
        && lang.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}
