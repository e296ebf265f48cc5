//! The index database: one SQLite file under `$XDG_CACHE_HOME/brief/`
//! (WAL, so several readers share it), one row per briefing file keyed by
//! its library root and its path inside it, with what tells its version
//! (size, modification time, content hash, the source texts it reads), the
//! listing columns, and an FTS5 table over its text.
//!
//! The database is a cache and disposable: a damaged one, or one made by a
//! newer brief, is rebuilt with a message, never trusted; one that is not a
//! regular file (a FIFO, a device, a link) is not opened at all.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::index::{Indexed, Listing, Stamp};
pub use super::search::{Hit, SearchError};
use crate::briefing::Priority;

const BUSY: &str = "is busy in another brief";

/// The layout this brief writes; a database with a larger one is rebuilt.
const SCHEMA: i64 = 1;

const CREATE: &str = "
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files(
  n INTEGER PRIMARY KEY,
  root BLOB NOT NULL,
  rel BLOB NOT NULL,
  size INTEGER NOT NULL,
  mtime INTEGER NOT NULL,
  hash INTEGER NOT NULL,
  clean INTEGER NOT NULL,
  deps TEXT NOT NULL,
  id TEXT NOT NULL,
  title TEXT NOT NULL,
  date TEXT NOT NULL,
  shown_date TEXT NOT NULL,
  order_at INTEGER NOT NULL,
  order_prec INTEGER NOT NULL,
  priority TEXT NOT NULL,
  tags TEXT NOT NULL,
  region TEXT,
  search TEXT NOT NULL,
  digest TEXT NOT NULL,
  UNIQUE(root, rel)
);
CREATE INDEX IF NOT EXISTS files_order ON files(root, order_at DESC, order_prec DESC, title, rel);
CREATE VIRTUAL TABLE IF NOT EXISTS text USING fts5(
  title, summary, actors, timeline, figures, quotes, sources,
  tokenize = 'unicode61 remove_diacritics 2'
);
";

/// The index database, or an in-memory one where none can be kept.
pub struct Db {
    pub(super) conn: Connection,
    /// The file, for a second connection that only reads ([`Db::reader`]).
    path: Option<PathBuf>,
    /// Something the user should know about the database (rebuilt, refused).
    pub messages: Vec<String>,
}

/// A row as the scan compares it with the file on disk.
#[derive(Debug, Clone)]
pub struct Known {
    pub stamp: Stamp,
    pub hash: u64,
    pub clean: bool,
    pub deps: Vec<(String, Option<Stamp>)>,
    pub listing: Listing,
}

/// `$XDG_CACHE_HOME/brief/index.sqlite`, by default under `~/.cache`.
pub fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("brief").join("index.sqlite"))
}

/// Whether `path` may be opened as the database: absent, or a regular file
/// (not a link, a FIFO or a device); the same for its WAL companions.
fn usable(path: &Path) -> Result<(), String> {
    for p in [
        path.to_owned(),
        companion(path, "-wal"),
        companion(path, "-shm"),
    ] {
        match std::fs::symlink_metadata(&p) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("{}: {e}", p.display())),
            Ok(m) if m.file_type().is_file() => {}
            Ok(_) => {
                return Err(format!(
                    "{} is not a regular file; the index is not used",
                    p.display()
                ));
            }
        }
    }
    Ok(())
}

fn companion(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

impl Db {
    /// An index kept in memory only: nothing is written anywhere.
    pub fn memory() -> Db {
        let conn = Connection::open_in_memory().expect("SQLite opens in memory");
        conn.execute_batch(CREATE).expect("the schema is valid");
        Db {
            conn,
            path: None,
            messages: Vec::new(),
        }
    }

    /// A second connection to the same file that only reads, for a thread
    /// of its own (full-text search while the scan writes: WAL lets both
    /// go on at once). `None` for an index kept in memory.
    pub fn reader(&self) -> Option<Db> {
        use rusqlite::OpenFlags;
        let path = self.path.as_deref()?;
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).ok()?;
        conn.busy_timeout(Duration::from_secs(2)).ok()?;
        Some(Db {
            conn,
            path: Some(path.to_owned()),
            messages: Vec::new(),
        })
    }

    /// Opens (or creates) the index at `path`. A damaged database, or one
    /// of a newer layout, is removed and built afresh with a message; one
    /// that cannot be used at all gives an in-memory index and a message.
    pub fn open(path: &Path) -> Db {
        if let Err(why) = usable(path) {
            let mut db = Db::memory();
            db.messages
                .push(crate::text::sanitize_line(&why).into_owned());
            return db;
        }
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        match Db::try_open(path) {
            Ok(db) => db,
            Err(why) if why.starts_with(BUSY) => {
                let mut db = Db::memory();
                db.messages.push(format!(
                    "the index {} {why}; it is not used this time",
                    crate::text::sanitize_line(&path.display().to_string())
                ));
                db
            }
            Err(why) => {
                for p in [
                    path.to_owned(),
                    companion(path, "-wal"),
                    companion(path, "-shm"),
                ] {
                    let _ = std::fs::remove_file(p);
                }
                let message = format!(
                    "the index {} {why}; it was rebuilt",
                    crate::text::sanitize_line(&path.display().to_string())
                );
                let mut db = Db::try_open(path).unwrap_or_else(|_| Db::memory());
                db.messages.push(message);
                db
            }
        }
    }

    fn try_open(path: &Path) -> Result<Db, String> {
        let damaged = |e: rusqlite::Error| match e.sqlite_error_code() {
            // Another brief holds it for longer than the busy timeout:
            // not damage, so not removed (see `open`).
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                format!("{BUSY} ({e})")
            }
            _ => format!("could not be read ({e})"),
        };
        let conn = Connection::open(path).map_err(damaged)?;
        conn.busy_timeout(Duration::from_secs(2)).map_err(damaged)?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(damaged)?;
        if version > SCHEMA {
            return Err("was made by a newer brief".to_owned());
        }
        conn.execute_batch("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
            .map_err(damaged)?;
        conn.execute_batch(CREATE).map_err(damaged)?;
        conn.execute_batch(&format!("PRAGMA user_version = {SCHEMA}"))
            .map_err(damaged)?;
        // Another version of brief may check files by other rules: its rows
        // are not reused.
        let made_by: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'brief'", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(damaged)?;
        if made_by.as_deref() != Some(env!("CARGO_PKG_VERSION")) {
            conn.execute_batch("DELETE FROM files; DELETE FROM text;")
                .map_err(damaged)?;
            conn.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES('brief', ?1)",
                [env!("CARGO_PKG_VERSION")],
            )
            .map_err(damaged)?;
        }
        Ok(Db {
            conn,
            path: Some(path.to_owned()),
            messages: Vec::new(),
        })
    }

    /// Every row under `root` (as given), by path as the scan names files.
    pub fn known(&self, root: &Path) -> HashMap<PathBuf, Known> {
        self.rows(root).unwrap_or_default()
    }

    fn rows(&self, root: &Path) -> rusqlite::Result<HashMap<PathBuf, Known>> {
        self.select(root, "", |k| k)
    }

    /// The first `limit` rows under `root` in the library's order (newest
    /// first): what a reader's first frame shows, read without the rest.
    pub fn first(&self, root: &Path, limit: usize) -> Vec<Listing> {
        let order = format!("ORDER BY order_at DESC, order_prec DESC, title, rel LIMIT {limit}");
        let rows = self.select(root, &order, |k| k.listing);
        let mut v: Vec<Listing> = rows.map(|m| m.into_values().collect()).unwrap_or_default();
        v.sort_by(super::index::newest_first);
        v
    }

    fn select<T>(
        &self,
        root: &Path,
        tail: &str,
        mut each: impl FnMut(Known) -> T,
    ) -> rusqlite::Result<HashMap<PathBuf, T>> {
        let key = root_key(root);
        let library_root = super::walk::library_root(root);
        let mut stmt = self.conn.prepare(&format!(
            "SELECT rel, size, mtime, hash, clean, deps, id, title, date, shown_date,
                    order_at, order_prec, priority, tags, region, search, digest
             FROM files WHERE root = ?1 {tail}"
        ))?;
        let mut rows = stmt.query([&key])?;
        let mut out = HashMap::new();
        while let Some(r) = rows.next()? {
            let rel = r.get_ref(0)?.as_blob()?;
            let path = given_path(root, rel);
            let deps = r.get_ref(5)?.as_str()?;
            let tags = r.get_ref(13)?.as_str()?;
            let priority = r.get_ref(12)?.as_str()?;
            let known = Known {
                stamp: Stamp {
                    size: r.get::<_, i64>(1)? as u64,
                    modified_ns: r.get(2)?,
                },
                hash: r.get::<_, i64>(3)? as u64,
                clean: r.get(4)?,
                deps: if deps == "[]" {
                    Vec::new()
                } else {
                    decode_deps(deps)
                },
                listing: Listing {
                    path: path.clone(),
                    root: library_root.clone(),
                    id: r.get(6)?,
                    title: r.get(7)?,
                    date: r.get(8)?,
                    shown_date: r.get(9)?,
                    order: (r.get(10)?, r.get(11)?),
                    priority: priority_of(priority),
                    tags: tags
                        .split('\u{1f}')
                        .filter(|t| !t.is_empty())
                        .map(str::to_owned)
                        .collect(),
                    region: r.get(14)?,
                    search: r.get(15)?,
                    digest: r.get(16)?,
                    duplicate: false,
                },
            };
            out.insert(path, each(known));
        }
        Ok(out)
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
            let mut forget = |rel: &[u8]| -> rusqlite::Result<()> {
                let n: Option<i64> = find.query_row(params![key, rel], |r| r.get(0)).optional()?;
                if let Some(n) = n {
                    drop_text.execute([n])?;
                    drop_file.execute([n])?;
                }
                Ok(())
            };
            for path in gone {
                forget(&rel_key(root, path))?;
            }
            let mut put_file = tx.prepare(
                "INSERT INTO files(root, rel, size, mtime, hash, clean, deps, id, title, date,
                   shown_date, order_at, order_prec, priority, tags, region, search, digest)
                 VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
            )?;
            let mut put_text = tx.prepare(
                "INSERT INTO text(rowid, title, summary, actors, timeline, figures, quotes, sources)
                 VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
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
                    record.clean,
                    encode_deps(&record.deps),
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
            }
        }
        tx.commit()
    }
}

/// A root as the database knows it: its absolute path, so that the same
/// library reached from another folder is the same rows.
pub(super) fn root_key(root: &Path) -> Vec<u8> {
    let abs = root
        .canonicalize()
        .or_else(|_| std::path::absolute(root))
        .unwrap_or_else(|_| root.to_owned());
    abs.as_os_str().as_bytes().to_vec()
}

fn rel_key(root: &Path, path: &Path) -> Vec<u8> {
    path.strip_prefix(root)
        .unwrap_or(Path::new(""))
        .as_os_str()
        .as_bytes()
        .to_vec()
}

/// The path of a row as the scan of `root` names it.
pub(super) fn given_path(root: &Path, rel: &[u8]) -> PathBuf {
    if rel.is_empty() {
        root.to_owned()
    } else {
        root.join(OsStr::from_bytes(rel))
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

/// The index a command uses: the database under the cache folder, or one
/// in memory with `--read-only` (nothing written) or where there is no
/// cache folder.
pub fn for_session(read_only: bool) -> Db {
    match default_path() {
        Some(path) if !read_only => Db::open(&path),
        _ => Db::memory(),
    }
}
