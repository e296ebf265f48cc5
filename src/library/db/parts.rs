//! Each briefing's part fingerprints in the index, labelled as scripts see
//! them ([`crate::library::state::labelled_parts`]): what changed since a
//! briefing was read is known from the index, without reading the file.

use std::path::Path;

use rusqlite::OptionalExtension;

use super::{Db, rel_key, root_key};

/// One `label TAB print` line per part. Labels and prints are made by
/// brief (ids are checked to hold no tab or line break), never typed in.
pub(super) fn encode(parts: &[(String, String)]) -> String {
    let mut out = String::new();
    for (label, print) in parts {
        out.push_str(label);
        out.push('\t');
        out.push_str(print);
        out.push('\n');
    }
    out
}

fn decode(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(label, print)| (label.to_owned(), print.to_owned()))
        .collect()
}

impl Db {
    /// The labelled part fingerprints of the file at `path`, found under
    /// `root` (as the scan was given it), as last indexed; `None` when the
    /// index has no row for it.
    pub fn parts(&self, root: &Path, path: &Path) -> Option<Vec<(String, String)>> {
        let text: String = self
            .conn
            .query_row(
                "SELECT p.prints FROM parts p JOIN files f ON f.n = p.n
                 WHERE f.root = ?1 AND f.rel = ?2",
                rusqlite::params![root_key(root), rel_key(root, path)],
                |r| r.get(0),
            )
            .optional()
            .ok()??;
        Some(decode(&text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_prints_come_back_as_written() {
        let parts = vec![
            ("summary".to_owned(), "summary::00ff".to_owned()),
            ("actor:az-gov".to_owned(), "actor:az-gov:12ab".to_owned()),
            ("figure:1".to_owned(), "figure::34cd".to_owned()),
        ];
        assert_eq!(decode(&encode(&parts)), parts);
        assert!(decode("").is_empty());
    }

    fn count(db: &Db, table: &str) -> i64 {
        db.conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn parts_follow_the_file_and_go_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let lib = dir.path().to_owned();
        let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings");
        let name = "2023-09-19-karabakh-offensive.toml";
        std::fs::create_dir(lib.join("sources")).unwrap();
        let text_name = "sources/2023-09-19-karabakh-offensive.fr.txt";
        std::fs::copy(shipped.join(text_name), lib.join(text_name)).unwrap();
        let file = lib.join(name);
        let text = std::fs::read_to_string(shipped.join(name)).unwrap();
        std::fs::write(&file, &text).unwrap();
        let mut db = Db::memory();
        crate::library::list(std::slice::from_ref(&lib), &mut db);
        let before = db.parts(&lib, &file).expect("indexed with its parts");
        let labels: Vec<&str> = before.iter().map(|(l, _)| l.as_str()).collect();
        assert!(
            labels.contains(&"summary") && labels.contains(&"figure:1"),
            "{labels:?}"
        );
        assert!(labels.iter().any(|l| l.starts_with("actor:")), "{labels:?}");

        // Changed on disk: its parts are those of the new text.
        std::fs::write(&file, text.replace("value = 11\n", "value = 32\n")).unwrap();
        crate::library::list(std::slice::from_ref(&lib), &mut db);
        let after = db.parts(&lib, &file).unwrap();
        let print = |parts: &[(String, String)], label: &str| {
            parts.iter().find(|(l, _)| l == label).unwrap().1.clone()
        };
        assert_ne!(print(&before, "figure:1"), print(&after, "figure:1"));
        assert_eq!(print(&before, "summary"), print(&after, "summary"));
        assert_eq!((count(&db, "files"), count(&db, "parts")), (1, 1));

        // Gone: no row left behind.
        std::fs::remove_file(&file).unwrap();
        crate::library::list(std::slice::from_ref(&lib), &mut db);
        assert_eq!(db.parts(&lib, &file), None);
        assert_eq!((count(&db, "files"), count(&db, "parts")), (0, 0));
    }
}
