//! Ids that must be unique, and sources with their texts.

use std::collections::HashMap;

use super::super::diagnostic::KeyPath;
use super::super::model::{Reliability, Source, SourceText};
use super::super::raw::RawSource;
use super::{Checker, TextFileReader};

pub(super) fn unique_ids<'a>(
    c: &mut Checker,
    path: &KeyPath,
    ids: impl Iterator<Item = &'a str>,
    what: &str,
) -> HashMap<&'a str, usize> {
    let mut seen = HashMap::new();
    for (i, id) in ids.enumerate() {
        let at = path.index(i).key("id");
        c.id(at.clone(), id, what);
        if let Some(first) = seen.insert(id, i) {
            seen.insert(id, first);
            c.error(
                at,
                format!("duplicate {what} id {id:?}: already used by {path}[{first}]"),
            );
        }
    }
    seen
}

pub(super) fn source(
    c: &mut Checker,
    path: KeyPath,
    s: &RawSource,
    read_text_file: &mut TextFileReader<'_>,
) -> Source {
    c.non_empty(path.key("title"), &s.title);
    let reliability = s.reliability.as_deref().and_then(|r| {
        let parsed = Reliability::parse(r);
        if parsed.is_none() {
            c.error(
                path.key("reliability"),
                format!("reliability {r:?} is not one of A, B, C, D, E, F"),
            );
        }
        parsed
    });
    if let Some(lang) = &s.language {
        c.language(path.key("language"), lang);
    }
    let published = s
        .published
        .as_ref()
        .and_then(|d| c.date(path.key("published"), d));
    let text = match (&s.text, &s.text_file) {
        (Some(_), Some(_)) => {
            c.error(
                path.key("text_file"),
                "a source has `text` or `text_file`, not both",
            );
            None
        }
        (Some(t), None) => Some(SourceText {
            content: t.clone(),
            file: None,
            passages: Vec::new(),
        }),
        (None, Some(f)) => match read_text_file(f) {
            Ok(content) => Some(SourceText {
                content,
                file: Some(f.clone()),
                passages: Vec::new(),
            }),
            Err(why) => {
                c.error(path.key("text_file"), why);
                None
            }
        },
        (None, None) => None,
    };
    Source {
        id: s.id.clone(),
        title: s.title.clone(),
        publisher: s.publisher.clone(),
        url: s.url.clone(),
        published,
        language: s.language.clone(),
        reliability,
        text,
    }
}
