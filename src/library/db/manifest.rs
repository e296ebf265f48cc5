//! What `brief search` keeps of a library root to check it cheaply: the
//! paths and stamps of its rows in path order, the row numbers the library
//! lists, and the little else the check needs (duplicated ids, source
//! texts), in one row of its own ([`crate::library::fresh::manifest`] makes
//! and reads it). Reading it costs a few pages where reading the rows costs
//! a walk of every one.
//!
//! It is trusted only while the triggers that drop it on any change to the
//! root's rows are in place: every writer of the rows, this brief's or
//! another's, goes through them. Where they are missing (a database made
//! again by another version), every kept manifest is dropped before they
//! are made again.

use std::path::Path;

use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::{Db, root_key};

const TRIGGERS: [&str; 3] = [
    "CREATE TRIGGER IF NOT EXISTS manifest_insert AFTER INSERT ON files
       BEGIN DELETE FROM manifest WHERE root = NEW.root; END;",
    "CREATE TRIGGER IF NOT EXISTS manifest_delete AFTER DELETE ON files
       BEGIN DELETE FROM manifest WHERE root = OLD.root; END;",
    "CREATE TRIGGER IF NOT EXISTS manifest_update AFTER UPDATE ON files
       BEGIN DELETE FROM manifest WHERE root = OLD.root OR root = NEW.root; END;",
];

/// Whether the three triggers are in place (the schema is cached: cheap).
const ARMED: &str = "(SELECT count(*) FROM sqlite_master WHERE type = 'trigger'
   AND tbl_name = 'files' AND name IN ('manifest_insert', 'manifest_delete', 'manifest_update')) = 3";

/// One root's manifest, as kept: its encoding is the search's.
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    pub files: Vec<u8>,
    pub listed: Vec<u8>,
    pub extra: String,
}

impl Db {
    /// The manifest kept for `root`, if there is one that can be trusted.
    pub fn manifest(&self, root: &Path) -> Option<Manifest> {
        let sql = format!("SELECT files, listed, extra FROM manifest WHERE root = ?1 AND {ARMED}");
        let mut stmt = self.conn.prepare(&sql).ok()?;
        stmt.query_row([root_key(root)], |r| {
            Ok(Manifest {
                files: r.get(0)?,
                listed: r.get(1)?,
                extra: r.get(2)?,
            })
        })
        .optional()
        .ok()?
    }

    /// A number that changes whenever another connection commits a change.
    pub fn data_version(&self) -> Option<i64> {
        self.conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .ok()
    }

    /// Keeps `manifest` for `root`, made from rows read while
    /// [`Db::data_version`] was `seen`: only if nothing was committed since
    /// (else it may describe rows that are no more). Never waits for
    /// another writer. Whether it was kept.
    pub fn keep_manifest(&mut self, root: &Path, manifest: &Manifest, seen: i64) -> bool {
        if self.path.is_none() {
            return false;
        }
        let _ = self.conn.busy_timeout(std::time::Duration::ZERO);
        let kept = self.try_keep(root, manifest, seen).unwrap_or(false);
        let _ = self.conn.busy_timeout(std::time::Duration::from_secs(2));
        kept
    }

    /// Replaces what is kept beside `root`'s manifest (`extra`) with
    /// `extra`, if nothing was committed since [`Db::data_version`] was
    /// `seen` (the manifest is then the one read). Never waits for another
    /// writer. Whether it was kept.
    pub fn keep_extra(&mut self, root: &Path, extra: &str, seen: i64) -> bool {
        if self.path.is_none() {
            return false;
        }
        let _ = self.conn.busy_timeout(std::time::Duration::ZERO);
        let kept = (|| -> rusqlite::Result<bool> {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let now: i64 = tx.query_row("PRAGMA data_version", [], |r| r.get(0))?;
            if now != seen {
                return Ok(false);
            }
            let n = tx.execute(
                "UPDATE manifest SET extra = ?2 WHERE root = ?1",
                params![root_key(root), extra],
            )?;
            tx.commit()?;
            Ok(n == 1)
        })()
        .unwrap_or(false);
        let _ = self.conn.busy_timeout(std::time::Duration::from_secs(2));
        kept
    }

    fn try_keep(&mut self, root: &Path, manifest: &Manifest, seen: i64) -> rusqlite::Result<bool> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let now: i64 = tx.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        if now != seen {
            return Ok(false);
        }
        tx.execute_batch(
            "CREATE TABLE IF NOT EXISTS manifest(
               root BLOB PRIMARY KEY, files BLOB NOT NULL, listed BLOB NOT NULL,
               extra TEXT NOT NULL)",
        )?;
        let armed: bool = tx.query_row(&format!("SELECT {ARMED}"), [], |r| r.get(0))?;
        if !armed {
            // Made before these triggers (or they went with their table):
            // nothing kept so far can be trusted.
            tx.execute("DELETE FROM manifest", [])?;
            for t in TRIGGERS {
                tx.execute_batch(t)?;
            }
        }
        tx.execute(
            "INSERT OR REPLACE INTO manifest(root, files, listed, extra) VALUES(?1, ?2, ?3, ?4)",
            params![
                root_key(root),
                manifest.files,
                manifest.listed,
                manifest.extra
            ],
        )?;
        tx.commit()?;
        Ok(true)
    }
}
