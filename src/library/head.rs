//! What the list needs of a TOML briefing, read from the top of its file
//! alone: in TOML every top-level key comes before the first table header,
//! so the id, title, date, priority, region and tags are all above the first
//! line that starts with `[`. A cold start lists a library from these, and
//! checks every file in full afterwards.

use std::io::Read;
use std::path::Path;

use serde::Deserialize;

use super::index::{Listing, Parts, join_tags};
use crate::briefing::{Priority, Syntax, When};

/// At most this much of a file is read for its top-level keys.
const HEAD_BYTES: u64 = 64 * 1024;

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
    let mut bytes = Vec::with_capacity(4096);
    file.take(HEAD_BYTES).read_to_end(&mut bytes).ok()?;
    // The read may stop inside a character: the whole characters before it.
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t,
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&bytes[..e.valid_up_to()]).ok()?,
        Err(_) => return None,
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let end = header_at(text)?;
    let head: Head = toml::from_str(&text[..end]).ok()?;
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

/// Where the first line starting with `[` begins (a table header).
fn header_at(text: &str) -> Option<usize> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with('[') && !line.contains('=') {
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
}
