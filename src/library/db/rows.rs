//! The rows of the index: read (whole, only what tells a file's version,
//! or the first of the library's order) and written in one transaction.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use foldhash::{HashMap, HashMapExt};
use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::{Db, Known, given_path, rel_key, root_key};
use crate::briefing::{Diagnostic, Priority};
use crate::library::index::{FileIndex, Indexed, Listing, Parts, Stamp};

impl Db {
    /// Every row under `root` (as given), by path as the scan names files
    /// (its bytes: cheaper to hash and compare than a `Path`; foldhash, as
    /// for the catalog), room made once.
    pub fn known(&self, root: &Path) -> HashMap<OsString, Known> {
        let mut out = HashMap::with_capacity(self.count(root));
        let _ = self.visit(root, true, |path, known| {
            out.insert(path.into_os_string(), known);
        });
        out
    }

    /// Every file under `root` as the index knows it, its warnings carried
    /// by its listing as the index keeps them (not decoded), in no order:
    /// read as the rows lie (in the library's order each row would be a
    /// page fetched at random).
    pub fn files(&self, root: &Path) -> Vec<(PathBuf, FileIndex)> {
        let mut out = Vec::with_capacity(self.count(root));
        let mut interner = super::Interner::default();
        let _ = self.listings(root, "", Kept::Carry(&mut interner), |listing, _| {
            out.push((
                listing.path.clone(),
                FileIndex {
                    listing: Some(listing),
                    diagnostics: Vec::new(),
                },
            ))
        });
        out
    }

    /// The warnings kept for the file at `path` under `root`.
    pub fn warnings(&self, root: &Path, path: &Path) -> Vec<Diagnostic> {
        self.conn
            .query_row(
                "SELECT diagnostics FROM files WHERE root = ?1 AND rel = ?2",
                params![root_key(root), rel_key(root, path)],
                |r| Ok(super::diagnostics::decode(r.get_ref(0)?.as_str()?, path)),
            )
            .unwrap_or_default()
    }

    /// How many rows there are under `root`: room for them, made once.
    pub fn count(&self, root: &Path) -> usize {
        self.conn
            .query_row(
                "SELECT count(*) FROM files WHERE root = ?1",
                [root_key(root)],
                |r| r.get::<_, i64>(0),
            )
            .map_or(0, |n| usize::try_from(n).unwrap_or(0))
    }

    /// Calls `each` with the path, the id and the kept warnings of every
    /// row under `root` (warnings decoded only where `want` says so): what
    /// the duplicate-id catalog keeps of files listed from the index, and
    /// what the reader adds to them after the list.
    pub fn ids_and_warnings(
        &self,
        root: &Path,
        want: impl Fn(&str) -> bool,
        mut each: impl FnMut(&Path, &str, Vec<Diagnostic>),
    ) {
        let key = root_key(root);
        let mut run = || -> rusqlite::Result<()> {
            let mut stmt = self
                .conn
                .prepare("SELECT rel, id, diagnostics FROM files WHERE root = ?1")?;
            let mut rows = stmt.query([&key])?;
            while let Some(r) = rows.next()? {
                let path = given_path(root, r.get_ref(0)?.as_blob()?);
                let id = r.get_ref(1)?.as_str()?;
                let warnings = if want(id) {
                    super::diagnostics::decode(r.get_ref(2)?.as_str()?, &path)
                } else {
                    Vec::new()
                };
                each(&path, id, warnings);
            }
            Ok(())
        };
        let _ = run();
    }

    /// The first `limit` rows under `root` in the library's order (newest
    /// first): what a reader's first frame shows, read without the rest.
    pub fn first(&self, root: &Path, limit: usize) -> Vec<Listing> {
        let mut v = Vec::new();
        let order = format!("ORDER BY order_at DESC, order_prec DESC, title, rel LIMIT {limit}");
        let _ = self.listings(root, &order, Kept::Skip, |l, _| v.push(l));
        v.sort_by(crate::library::index::newest_first);
        v
    }

    /// Calls `each` with the listing of every row under `root`, and its
    /// warnings if `warnings` says so, `tail` (an order, a limit) applied.
    fn listings(
        &self,
        root: &Path,
        tail: &str,
        mut warnings: Kept<'_>,
        mut each: impl FnMut(Listing, Vec<Diagnostic>),
    ) -> rusqlite::Result<()> {
        let key = root_key(root);
        let library_root = crate::library::walk::library_root(root);
        let mut stmt = self.conn.prepare(&format!(
            "SELECT rel, {LISTING} FROM files WHERE root = ?1 {tail}"
        ))?;
        let mut rows = stmt.query([&key])?;
        while let Some(r) = rows.next()? {
            let path = given_path(root, r.get_ref(0)?.as_blob()?);
            let (listing, diagnostics) = listing_of(r, 1, path, &library_root, &mut warnings)?;
            each(listing, diagnostics);
        }
        Ok(())
    }

    /// Calls `each` with every row under `root` (its path as the scan of
    /// `root` names it), with its listing and warnings when `listing` is
    /// asked for.
    fn visit(
        &self,
        root: &Path,
        listing: bool,
        mut each: impl FnMut(PathBuf, Known),
    ) -> rusqlite::Result<()> {
        let key = root_key(root);
        let library_root = crate::library::walk::library_root(root);
        let columns = if listing {
            format!(", {LISTING}")
        } else {
            String::new()
        };
        let mut stmt = self.conn.prepare(&format!(
            "SELECT rel, size, mtime, hash, reusable, deps{columns} FROM files WHERE root = ?1"
        ))?;
        let mut rows = stmt.query([&key])?;
        while let Some(r) = rows.next()? {
            let path = given_path(root, r.get_ref(0)?.as_blob()?);
            let deps = r.get_ref(5)?.as_str()?;
            let (listing, diagnostics) = if listing {
                let (l, d) = listing_of(r, 6, path.clone(), &library_root, &mut Kept::Decode)?;
                (Some(Box::new(l)), d)
            } else {
                (None, Vec::new())
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
                diagnostics,
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
                    l.id(),
                    l.title(),
                    l.date(),
                    l.shown_date(),
                    l.order.0,
                    l.order.1,
                    l.priority.label(),
                    l.joined_tags(),
                    l.region(),
                    l.search(),
                    l.digest(),
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
/// What becomes of the warnings a row keeps when its listing is read.
enum Kept<'a> {
    /// Decoded, beside the listing.
    Decode,
    /// Carried by the listing as the index keeps them, one copy of each text.
    Carry(&'a mut super::Interner),
    Skip,
}

/// The columns a listing is read from, in the order [`listing_of`] takes them.
const LISTING: &str = "id, title, date, shown_date, order_at, order_prec, priority, tags, region,
  search, digest, diagnostics";

/// A row's listing and warnings, from its [`LISTING`] columns starting at `at`.
fn listing_of(
    r: &rusqlite::Row<'_>,
    at: usize,
    path: PathBuf,
    library_root: &Path,
    warnings: &mut Kept<'_>,
) -> rusqlite::Result<(Listing, Vec<Diagnostic>)> {
    let text = |i: usize| -> rusqlite::Result<&str> { Ok(r.get_ref(at + i)?.as_str()?) };
    // Most files have no warnings: their empty text is not decoded.
    let diagnostics = match warnings {
        Kept::Decode => super::diagnostics::decode(text(11)?, &path),
        Kept::Carry(_) | Kept::Skip => Vec::new(),
    };
    let mut listing = Listing::new(
        path,
        library_root,
        Parts {
            id: text(0)?,
            title: text(1)?,
            date: text(2)?,
            shown_date: text(3)?,
            order: (r.get(at + 4)?, r.get(at + 5)?),
            priority: priority_of(text(6)?),
            tags: text(7)?,
            region: r.get_ref(at + 8)?.as_str_or_null()?,
            search: text(9)?,
            digest: text(10)?,
        },
    );
    if let Kept::Carry(interner) = warnings {
        listing.keep_warnings(interner.get(text(11)?));
    }
    Ok((listing, diagnostics))
}

fn encode_deps(deps: &[(String, Option<Stamp>)]) -> String {
    let rows: Vec<(&str, Option<(u64, i64)>)> = deps
        .iter()
        .map(|(f, s)| (f.as_str(), s.map(|s| (s.size, s.modified_ns))))
        .collect();
    serde_json::to_string(&rows).unwrap_or_default()
}

pub(super) fn decode_deps(text: &str) -> Vec<(String, Option<Stamp>)> {
    let rows: Vec<(String, Option<(u64, i64)>)> = serde_json::from_str(text).unwrap_or_default();
    let mut out = Vec::with_capacity(rows.len());
    out.extend(
        rows.into_iter()
            .map(|(f, s)| (f, s.map(|(size, modified_ns)| Stamp { size, modified_ns }))),
    );
    out
}

fn priority_of(label: &str) -> Priority {
    match label {
        "low" => Priority::Low,
        "high" => Priority::High,
        "critical" => Priority::Critical,
        _ => Priority::Normal,
    }
}
