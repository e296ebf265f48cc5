//! Finding the line of a key path in a TOML document.
//!
//! Semantic errors are found on the deserialized structs, which have no
//! positions; only when one needs showing is the document parsed once more
//! into toml's spanned tree and walked to the place.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::diagnostic::{KeyPath, Segment};

/// The byte range of the value at `path`, or of the key itself with
/// `at_key` (for unknown keys, where the key is what is wrong). Falls back to
/// the nearest ancestor that exists.
pub fn toml_span(source: &str, path: &KeyPath, at_key: bool) -> Option<Range<usize>> {
    let root = DeTable::parse(source).ok()?;
    toml_span_in(root.get_ref(), path, at_key)
}

/// [`toml_span`] in a document parsed already, for locating many paths.
pub fn toml_span_in(root: &DeTable<'_>, path: &KeyPath, at_key: bool) -> Option<Range<usize>> {
    let mut best = None;
    let mut table: Option<&DeTable> = Some(root);
    let mut value: Option<&DeValue> = None;
    let segments = path.segments();
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        let next = match (seg, table, value) {
            (Segment::Key(k), Some(t), _) => t.get_key_value(k.as_str()).map(|(key, v)| {
                if last && at_key {
                    best = Some(key.span());
                }
                v
            }),
            (Segment::Index(n), _, Some(DeValue::Array(a))) => a.get(*n),
            _ => None,
        };
        let Some(next) = next else { break };
        if !(last && at_key) {
            best = Some(next.span());
        }
        value = Some(next.get_ref());
        table = next.get_ref().as_table();
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line_of(src: &str, span: Range<usize>) -> usize {
        src[..span.start].matches('\n').count() + 1
    }

    #[test]
    fn finds_values_in_arrays_of_tables() {
        let src =
            "format = 1\n[[timeline]]\nwhat = 'a'\n[[timeline]]\nwhat = 'b'\nactors = ['x', 'y']\n";
        let p = KeyPath::root()
            .key("timeline")
            .index(1)
            .key("actors")
            .index(1);
        let span = toml_span(src, &p, false).unwrap();
        assert_eq!(&src[span.clone()], "'y'");
        assert_eq!(line_of(src, span), 6);
    }

    #[test]
    fn finds_keys_and_falls_back_to_ancestors() {
        let src = "[summary]\nheadlin = 'x'\n";
        let p = KeyPath::root().key("summary").key("headlin");
        assert_eq!(&src[toml_span(src, &p, true).unwrap()], "headlin");
        let missing = KeyPath::root().key("summary").key("nothing");
        let span = toml_span(src, &missing, false).unwrap();
        assert_eq!(line_of(src, span), 1);
    }
}
