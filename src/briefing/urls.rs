//! A source's `url` is shown and copied, never fetched; what is copied gets
//! pasted into shells and browsers. One with a control character, white space
//! or a bidi or invisible character anywhere is an error: it could end a
//! bracketed paste (`ESC [ 201 ~`), run a command (a line break) or show one
//! address while holding another.

use super::diagnostic::{KeyPath, Severity};
use super::raw::RawSource;
use super::validate::Finding;

/// One error per source whose `url` is not a clean URL.
pub fn findings(sources: &[RawSource]) -> Vec<Finding> {
    sources
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let url = s.url.as_deref()?;
            if crate::text::is_clean_url(url) {
                return None;
            }
            Some(Finding {
                severity: Severity::Error,
                path: KeyPath::root().key("sources").index(i).key("url"),
                message: "`url` holds white space, a control, bidi or invisible character; \
                          it would not be safe to copy"
                    .to_owned(),
                hint: Some("write the address alone, with spaces as %20".to_owned()),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(url: &str) -> RawSource {
        serde_json::from_value(serde_json::json!({"id": "s", "title": "T", "url": url})).unwrap()
    }

    #[test]
    fn only_clean_urls_pass() {
        let ok = source("https://example.org/a?b=c");
        let bad = source("https://example.org/\u{1b}[201~\ntouch /tmp/x");
        let found = findings(&[ok, bad]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path.to_string(), "sources[1].url");
        assert_eq!(found[0].severity, Severity::Error);
    }
}
