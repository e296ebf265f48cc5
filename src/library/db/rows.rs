//! The rows of the index: read (whole, only what tells a file's version,
//! or the first of the library's order) and written in one transaction.

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::{Db, Known, given_path, rel_key, root_key};
use crate::briefing::Priority;
use crate::library::index::{FileIndex, Indexed, Listing, Stamp};

impl Db {
    /// Every row under `root` (as given), by path as the scan names files
    /// (its bytes: cheaper to hash and compare than a `Path`).
    pub fn known(&self, root: &Path) -> HashMap<OsString, Known> {
        let mut out = HashMap::new();
        let _ = self.visit(root, true, "", |path, known| {
            out.insert(path.into_os_string(), known);
        });
        out
    }

    /// Every row under `root`, only what tells a file's version (no
    /// listing): to check files against a list already shown.
    pub fn stamps(&self, root: &Path) -> HashMap<OsString, Known> {
        let mut out = HashMap::new();
        let _ = self.visit(root, false, "", |path, known| {
            out.insert(path.into_os_string(), known);
        });
        out
    }

    /// Every file under `root` as the index knows it (its listing and its
    /// warnings), in no order, straight from the rows.
    pub fn files(&self, root: &Path) -> Vec<(PathBuf, FileIndex)> {
        let mut out = Vec::new();
        let _ = self.visit(root, true, "", |path, known| {
            out.push((
                path,
                FileIndex {
                    listing: known.listing,
                    diagnostics: known.diagnostics,
                },
            ))
        });
        out
    }

    /// The first `limit` rows under `root` in the library's order (newest
    /// first): what a reader's first frame shows, read without the rest.
    pub fn first(&self, root: &Path, limit: usize) -> Vec<Listing> {
        let order = format!("ORDER BY order_at DESC, order_prec DESC, title, rel LIMIT {limit}");
        let mut v = Vec::new();
        let _ = self.visit(root, true, &order, |_, known| v.extend(known.listing));
        v.sort_by(crate::library::index::newest_first);
        v
    }

    /// Calls `each` with every row under `root` (its path as the scan of
    /// `root` names it), with its listing when `listing` is asked for.
    fn visit(
        &self,
        root: &Path,
        listing: bool,
        tail: &str,
        mut each: impl FnMut(PathBuf, Known),
    ) -> rusqlite::Result<()> {
        let key = root_key(root);
        let library_root = crate::library::walk::library_root(root);
        let columns = if listing {
            ", id, title, date, shown_date, order_at, order_prec, priority, tags, region, search, digest"
        } else {
            ""
        };
        let mut stmt = self.conn.prepare(&format!(
            "SELECT rel, size, mtime, hash, reusable, deps, diagnostics{columns} FROM files WHERE root = ?1 {tail}"
        ))?;
        let mut rows = stmt.query([&key])?;
        while let Some(r) = rows.next()? {
            let rel = r.get_ref(0)?.as_blob()?;
            let path = given_path(root, rel);
            let deps = r.get_ref(5)?.as_str()?;
            let listing = if listing {
                let tags = r.get_ref(14)?.as_str()?;
                let priority = r.get_ref(13)?.as_str()?;
                Some(Listing {
                    path: path.clone(),
                    root: library_root.clone(),
                    id: r.get(7)?,
                    title: r.get(8)?,
                    date: r.get(9)?,
                    shown_date: r.get(10)?,
                    order: (r.get(11)?, r.get(12)?),
                    priority: priority_of(priority),
                    tags: tags
                        .split('\u{1f}')
                        .filter(|t| !t.is_empty())
                        .map(str::to_owned)
                        .collect(),
                    region: r.get(15)?,
                    search: r.get(16)?,
                    digest: r.get(17)?,
                    duplicate: false,
                })
            } else {
                None
            };
            let known = Known {
                stamp: Stamp {
                    size: r.get::<_, i64>(1)? as u64,
                    modified_ns: r.get(2)?,
                },
                hash: r.get::<_, i64>(3)? as u64,
                reusable: r.get(4)?,
                deps: if deps == "[]" {
                    Vec::new()
                } else {
                    decode_deps(deps)
                },
                // Only a listing shows them; a check of versions does not.
                diagnostics: if listing.is_some() {
                    super::diagnostics::decode(r.get_ref(6)?.as_str()?, &path)
                } else {
                    Vec::new()
                },
                listing,
            };
            each(path, known);
        }
        Ok(())
    }

    /// Writes what was indexed under `root` and forgets `gone` files, in one
    /// transaction. A failure (another brief holding the database for long)
    /// only means the next start reads those files again.
    pub fn update(&mut self, root: &Path, indexed: &[Indexed], gone: &[PathBuf]) {
        if indexed.is_empty() && gone.is_empty() {
            return;
        }
        if let Err(e) = self.try_update(root, indexed, gone) {
            let m = format!("the index could not be updated: {e}");
            if !self.messages.contains(&m) {
                self.messages.push(m);
            }
        }
    }

    fn try_update(
        &mut self,
        root: &Path,
        indexed: &[Indexed],
        gone: &[PathBuf],
    ) -> rusqlite::Result<()> {
        let key = root_key(root);
        // IMMEDIATE takes the write lock at BEGIN, where the busy timeout
        // applies: a deferred transaction that reads first and then writes
        // fails at once with "database is locked" when another brief wrote
        // meanwhile (two `brief check` runs at the same moment did).
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut find = tx.prepare("SELECT n FROM files WHERE root = ?1 AND rel = ?2")?;
            let mut drop_text = tx.prepare("DELETE FROM text WHERE rowid = ?1")?;
            let mut drop_file = tx.prepare("DELETE FROM files WHERE n = ?1")?;
            let mut drop_parts = tx.prepare("DELETE FROM parts WHERE n = ?1")?;
            let mut forget = |rel: &[u8]| -> rusqlite::Result<()> {
                let n: Option<i64> = find.query_row(params![key, rel], |r| r.get(0)).optional()?;
                if let Some(n) = n {
                    drop_text.execute([n])?;
                    drop_file.execute([n])?;
                    drop_parts.execute([n])?;
                }
                Ok(())
            };
            for path in gone {
                forget(&rel_key(root, path))?;
            }
            let mut put_file = tx.prepare(
                "INSERT INTO files(root, rel, size, mtime, hash, reusable, deps, diagnostics, id, title, date,
                   shown_date, order_at, order_prec, priority, tags, region, search, digest)
                 VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
            )?;
            let mut put_text = tx.prepare(
                "INSERT INTO text(rowid, title, summary, actors, timeline, figures, quotes, sources)
                 VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            let mut put_parts = tx.prepare("INSERT INTO parts(n, prints) VALUES(?1, ?2)")?;
            for i in indexed {
                let rel = rel_key(root, &i.path);
                forget(&rel)?;
                let (Some(record), Some(l)) = (&i.record, &i.file.listing) else {
                    continue;
                };
                put_file.execute(params![
                    key,
                    rel,
                    record.stamp.size as i64,
                    record.stamp.modified_ns,
                    record.hash as i64,
                    record.reusable,
                    encode_deps(&record.deps),
                    super::diagnostics::encode(&i.file.diagnostics, &i.path),
                    l.id,
                    l.title,
                    l.date,
                    l.shown_date,
                    l.order.0,
                    l.order.1,
                    l.priority.label(),
                    l.tags.join("\u{1f}"),
                    l.region,
                    l.search,
                    l.digest,
                ])?;
                let n = tx.last_insert_rowid();
                let d = &record.document;
                put_text.execute(params![
                    n, d.title, d.summary, d.actors, d.timeline, d.figures, d.quotes, d.sources
                ])?;
                put_parts.execute(params![n, super::parts::encode(&record.parts)])?;
            }
        }
        tx.commit()
    }
}
fn encode_deps(deps: &[(String, Option<Stamp>)]) -> String {
    let rows: Vec<(&str, Option<(u64, i64)>)> = deps
        .iter()
        .map(|(f, s)| (f.as_str(), s.map(|s| (s.size, s.modified_ns))))
        .collect();
    serde_json::to_string(&rows).unwrap_or_default()
}

fn decode_deps(text: &str) -> Vec<(String, Option<Stamp>)> {
    let rows: Vec<(String, Option<(u64, i64)>)> = serde_json::from_str(text).unwrap_or_default();
    rows.into_iter()
        .map(|(f, s)| (f, s.map(|(size, modified_ns)| Stamp { size, modified_ns })))
        .collect()
}

fn priority_of(label: &str) -> Priority {
    match label {
        "low" => Priority::Low,
        "high" => Priority::High,
        "critical" => Priority::Critical,
        _ => Priority::Normal,
    }
}
