//! The index database: one SQLite file under `$XDG_CACHE_HOME/brief/`
//! (WAL, so several readers share it), one row per briefing file keyed by
//! its library root and its path inside it, with what tells its version
//! (size, modification time, content hash, the source texts it reads), the
//! listing columns, and an FTS5 table over its text.
//!
//! The database is a cache and disposable: a damaged one, or one made by a
//! newer brief, is rebuilt with a message, never trusted; one that is not a
//! regular file (a FIFO, a device, a link) is not opened at all.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension};

use super::index::{Listing, Stamp};
pub use super::search::{Hit, SearchError};

mod diagnostics;
mod manifest;
mod parts;
mod rows;
mod stamps;

pub use stamps::{StampRow, Stamps};

/// A file's warnings as the index keeps them (empty text for none): what a
/// [`Listing`] carries until they are shown.
pub fn encode_warnings(diagnostics: &[crate::briefing::Diagnostic], path: &Path) -> String {
    diagnostics::encode(diagnostics, path)
}

/// Warnings kept by [`encode_warnings`] for the file at `path`.
pub fn decode_warnings(text: &str, path: &Path) -> Vec<crate::briefing::Diagnostic> {
    diagnostics::decode(text, path)
}

/// One shared copy of each kept warnings text: the rows of a library
/// often carry the same warnings (the same key, line and message).
#[derive(Debug, Default)]
pub struct Interner {
    texts: foldhash::HashSet<std::sync::Arc<str>>,
}

impl Interner {
    pub fn get(&mut self, text: &str) -> Option<std::sync::Arc<str>> {
        if text.is_empty() {
            return None;
        }
        if let Some(t) = self.texts.get(text) {
            return Some(t.clone());
        }
        // Texts no row holds any more are let go now and then.
        if self.texts.len() >= 4096 {
            self.texts.retain(|t| std::sync::Arc::strong_count(t) > 1);
        }
        let t: std::sync::Arc<str> = text.into();
        self.texts.insert(t.clone());
        Some(t)
    }

    /// A listed file's warnings moved into its listing, encoded and shared
    /// (errors stay as they are: they are counted and shown apart).
    pub fn keep(&mut self, file: &mut crate::library::index::FileIndex) {
        let Some(l) = file.listing.as_mut() else {
            return;
        };
        if file.diagnostics.is_empty()
            || l.has_warnings()
            || file.diagnostics.iter().any(|d| d.is_error())
        {
            return;
        }
        let kept = self.get(&encode_warnings(&file.diagnostics, &l.path));
        l.keep_warnings(kept);
        file.diagnostics = Vec::new();
    }
}

pub use manifest::Manifest;

const BUSY: &str = "is busy in another brief";

/// The layout this brief writes; a database with a larger one is rebuilt.
const SCHEMA: i64 = 4;

const CREATE: &str = "
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files(
  n INTEGER PRIMARY KEY,
  root BLOB NOT NULL,
  rel BLOB NOT NULL,
  size INTEGER NOT NULL,
  mtime INTEGER NOT NULL,
  hash INTEGER NOT NULL,
  reusable INTEGER NOT NULL,
  deps TEXT NOT NULL,
  diagnostics TEXT NOT NULL,
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
CREATE INDEX IF NOT EXISTS files_id ON files(id);
-- What `brief search` reads of every row to check the index is current
-- (library/fresh.rs), without reading the rows themselves.
CREATE INDEX IF NOT EXISTS files_stamps ON files(root, rel, size, mtime, reusable, deps, id);
-- Each part's fingerprint (`label TAB print` lines), apart from the rows
-- the list reads so that listing does not read them.
CREATE TABLE IF NOT EXISTS parts(n INTEGER PRIMARY KEY, prints TEXT NOT NULL);
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
    /// Read from disk (not built in): reused while it and its source texts
    /// are unchanged, diagnostics included.
    pub reusable: bool,
    pub deps: Vec<(String, Option<Stamp>)>,
    /// Its warnings when it was read (a file with errors is not kept).
    pub diagnostics: Vec<crate::briefing::Diagnostic>,
    /// Absent when only the stamps were asked for ([`Db::stamps`]); boxed,
    /// so that a map of stamps only is not the size of listings.
    pub listing: Option<Box<Listing>>,
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
        if version != 0 && version < SCHEMA {
            // An older layout: its tables are dropped and made again.
            conn.execute_batch(
                "DROP TABLE IF EXISTS files; DROP TABLE IF EXISTS text; DROP TABLE IF EXISTS meta;
                 DROP TABLE IF EXISTS parts;",
            )
            .map_err(damaged)?;
        }
        // NORMAL in WAL: a crash may lose the last writes, never the
        // database, and this one is a cache. The WAL is trimmed after use.
        // (No memory map: its pages count as the process's memory.)
        conn.execute_batch(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
             PRAGMA journal_size_limit=67108864;",
        )
        .map_err(damaged)?;
        // Only a new or older database is written to here: opening one
        // as it should be writes nothing (no WAL frame, no sync).
        if version != SCHEMA {
            conn.execute_batch(CREATE).map_err(damaged)?;
            conn.execute_batch(&format!("PRAGMA user_version = {SCHEMA}"))
                .map_err(damaged)?;
        }
        // Another version of brief may check files by other rules: its rows
        // are not reused.
        let made_by: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'brief'", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(damaged)?;
        if made_by.as_deref() != Some(env!("CARGO_PKG_VERSION")) {
            conn.execute_batch("DELETE FROM files; DELETE FROM text; DELETE FROM parts;")
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

pub(super) fn rel_key(root: &Path, path: &Path) -> Vec<u8> {
    path.strip_prefix(root)
        .unwrap_or(Path::new(""))
        .as_os_str()
        .as_bytes()
        .to_vec()
}

/// The path of a row as the scan of `root` names it.
/// Made at its length (one allocation; a library keeps one per file).
pub(super) fn given_path(root: &Path, rel: &[u8]) -> PathBuf {
    if rel.is_empty() {
        return root.to_owned();
    }
    let root_bytes = root.as_os_str().as_bytes();
    let slash = usize::from(!root_bytes.is_empty() && !root_bytes.ends_with(b"/"));
    let mut path = PathBuf::with_capacity(root_bytes.len() + slash + rel.len());
    path.push(root);
    path.push(OsStr::from_bytes(rel));
    path
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_path_is_the_root_joined_to_it_at_its_length() {
        for root in ["lib", "lib/", "/abs/lib", ".", "./lib//"] {
            let root = Path::new(root);
            for rel in ["a.toml", "2019/03/b.toml"] {
                let path = given_path(root, rel.as_bytes());
                assert_eq!(path, root.join(rel));
                assert_eq!(path.as_os_str(), root.join(rel).as_os_str());
                assert_eq!(path.capacity(), path.as_os_str().len(), "{path:?}");
            }
            assert_eq!(given_path(root, b""), root);
        }
    }
}
