//! What the list needs of a TOML briefing, read from the top of its file
//! alone: in TOML every top-level key comes before the first table header,
//! so the id, title, date, priority, region and tags are all above the first
//! line that starts with `[`. A cold start lists a library from these, and
//! checks every file in full afterwards.

use std::cell::RefCell;
use std::io::Read;
use std::path::Path;

use serde::Deserialize;
use serde::de::IntoDeserializer;

use super::index::{Listing, Parts, join_tags};
use crate::briefing::{Priority, Syntax, When};

mod keys;

/// At most this much of a file is read for its top-level keys.
const HEAD_BYTES: usize = 64 * 1024;

/// The first read: a head is rarely longer, and a smaller file is read whole.
const FIRST_READ: usize = 4 * 1024;

thread_local! {
    /// Each thread's buffer for heads, kept from one file to the next.
    static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

#[derive(Deserialize)]
struct Head {
    id: String,
    title: String,
    date: String,
    #[serde(default)]
    priority: Option<Priority>,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
}

/// The listing from the top of `path`, or `None` where it cannot be had
/// that way (JSON, no table header in reach, anything that does not parse):
/// the full read then decides. Its digest is empty until the full read.
pub fn listing(path: &Path, root: &Path) -> Option<Listing> {
    if Syntax::of(path)? != Syntax::Toml {
        return None;
    }
    let file = crate::fs::open_regular(path).ok()?;
    let head = BUFFER.with(|buffer| {
        let buffer = &mut *buffer.borrow_mut();
        let text = read_head(file, buffer)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        parse(text)
    })?;
    let date = When::parse(&head.date).ok()?;
    let mut search = format!("{} {}", head.title, head.tags.join(" "));
    if let Some(r) = &head.region {
        search.push(' ');
        search.push_str(r);
    }
    Some(Listing::new(
        path.to_owned(),
        root,
        Parts {
            id: &head.id,
            title: &head.title,
            date: &date.to_edtf(),
            shown_date: &date.to_string(),
            order: (date.earliest(), date.precision() as u8),
            priority: head.priority.unwrap_or(Priority::Normal),
            tags: &join_tags(&head.tags),
            region: head.region.as_deref(),
            search: &search.to_lowercase(),
            digest: "",
        },
    ))
}

/// The text of `file` above its first table header, read a little at a
/// time: most heads are in the first read, and nothing past the header's
/// line is needed. `None` if no header is in the first [`HEAD_BYTES`], or
/// the head is not UTF-8.
fn read_head(mut file: std::fs::File, buffer: &mut Vec<u8>) -> Option<&str> {
    buffer.clear();
    buffer.resize(FIRST_READ, 0);
    let mut len = 0;
    loop {
        let n = match file.read(&mut buffer[len..]) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return None,
        };
        len += n;
        // Whole lines only, unless the file has ended: a header is known
        // by its line's start and by what the rest of the line holds.
        let whole = if n == 0 {
            len
        } else {
            buffer[..len]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1)
        };
        if let Some(end) = header_at(&buffer[..whole]) {
            return std::str::from_utf8(&buffer[..end]).ok();
        }
        if n == 0 || len == HEAD_BYTES {
            return None;
        }
        if len == buffer.len() {
            buffer.resize((len * 4).min(HEAD_BYTES), 0);
        }
    }
}

/// The top-level keys: as most heads are written, read directly; any
/// other way, by the TOML parser.
fn parse(text: &str) -> Option<Head> {
    keys::parse(text)
        .and_then(from_keys)
        .or_else(|| toml::from_str(text).ok())
}

/// The head from the keys read directly; `None` where a value is not of
/// the type asked (the parser then says so, the same way).
fn from_keys(keys: Vec<(&str, keys::Value)>) -> Option<Head> {
    use keys::Value;
    let (mut id, mut title, mut date) = (None, None, None);
    let mut head = Head {
        id: String::new(),
        title: String::new(),
        date: String::new(),
        priority: None,
        region: None,
        tags: Vec::new(),
    };
    for (key, value) in keys {
        match (key, value) {
            ("id", Value::Str(s)) => id = Some(s),
            ("title", Value::Str(s)) => title = Some(s),
            ("date", Value::Str(s)) => date = Some(s),
            ("priority", Value::Str(s)) => {
                let de: serde::de::value::StringDeserializer<serde::de::value::Error> =
                    s.into_deserializer();
                head.priority = Some(Priority::deserialize(de).ok()?);
            }
            ("region", Value::Str(s)) => head.region = Some(s),
            ("tags", Value::Strs(v)) => head.tags = v,
            ("id" | "title" | "date" | "priority" | "region" | "tags", _) => return None,
            _ => {}
        }
    }
    head.id = id?;
    head.title = title?;
    head.date = date?;
    Some(head)
}

/// Where the first line starting with `[` begins (a table header).
fn header_at(bytes: &[u8]) -> Option<usize> {
    let mut at = 0;
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        let header = match line.trim_ascii_start().first() {
            Some(b'[') => !line.contains(&b'='),
            // Other spaces before a `[` (TOML allows none; a vertical tab,
            // Unicode's): as text, as the head was always looked at.
            Some(&b) if !b.is_ascii() || b == 0x0b => {
                let text = String::from_utf8_lossy(line);
                text.trim_start().starts_with('[') && !text.contains('=')
            }
            _ => false,
        };
        if header {
            return Some(at);
        }
        at += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_top_level_keys_are_read_from_the_head() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        let text = include_str!("../../briefings/2023-09-19-karabakh-offensive.toml");
        std::fs::write(&path, text).unwrap();
        std::fs::create_dir(dir.path().join("sources")).unwrap();
        std::fs::copy(
            "briefings/sources/2023-09-19-karabakh-offensive.fr.txt",
            dir.path()
                .join("sources/2023-09-19-karabakh-offensive.fr.txt"),
        )
        .unwrap();
        let head = listing(&path, dir.path()).unwrap();
        let full = crate::library::index::index_file(&path, dir.path())
            .listing
            .unwrap();
        assert_eq!(
            (
                head.id(),
                head.title(),
                head.date(),
                head.order,
                head.priority
            ),
            (
                full.id(),
                full.title(),
                full.date(),
                full.order,
                full.priority
            )
        );
        assert_eq!(
            (head.joined_tags(), head.region()),
            (full.joined_tags(), full.region())
        );
    }

    #[test]
    fn anything_unusual_is_left_to_the_full_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        std::fs::write(
            &path,
            "id = \"x\"\ntitle = \"\"\"\n[not a header]\n\"\"\"\n",
        )
        .unwrap();
        assert!(listing(&path, dir.path()).is_none());
        std::fs::write(&path, "id = \"x\"\n").unwrap();
        assert!(listing(&path, dir.path()).is_none(), "no header in reach");
    }

    #[test]
    fn a_long_head_is_read_on_past_the_first_read_and_up_to_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        let keys = "id = \"x\"\r\ntitle = 'T'\r\ndate = \"2024-05\"\r\ntags = [\"a\", \"b\"]\r\n";
        // The header's line falls across the end of the first read.
        let comment = format!("# é{}\r\n", "x".repeat(FIRST_READ - 4 - keys.len() - 6));
        let text = format!("{keys}{comment}[summary]\r\nheadline = \"h\"\r\n");
        assert_eq!(text.find("[summary]"), Some(FIRST_READ - 4));
        std::fs::write(&path, &text).unwrap();
        let head = listing(&path, dir.path()).unwrap();
        assert_eq!((head.id(), head.title()), ("x", "T"));
        assert_eq!((head.date(), head.tags().count()), ("2024-05", 2));
        // A head as long as the limit: not listed from its head.
        let comment = format!("# {}\n", "x".repeat(HEAD_BYTES));
        std::fs::write(&path, format!("{keys}{comment}[summary]\n")).unwrap();
        assert!(listing(&path, dir.path()).is_none());
        // Neither one that is not UTF-8.
        std::fs::write(&path, b"id = \"\xff\"\n[summary]\n").unwrap();
        assert!(listing(&path, dir.path()).is_none());
    }

    #[test]
    fn a_head_the_subset_does_not_read_is_read_by_the_parser() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        std::fs::write(
            &path,
            "\u{feff}\"id\" = \"x\"\ntitle = \"\"\"T\"\"\"\ndate = \"2024\"\ntags.x = 1\n[s]\n",
        )
        .unwrap();
        assert!(listing(&path, dir.path()).is_none(), "tags is not a list");
        std::fs::write(
            &path,
            "\u{feff}\"id\" = \"x\"\ntitle = \"\"\"T\"\"\"\ndate = \"2024\"\n[s]\n",
        )
        .unwrap();
        let head = listing(&path, dir.path()).unwrap();
        assert_eq!((head.id(), head.title()), ("x", "T"));
    }
}
