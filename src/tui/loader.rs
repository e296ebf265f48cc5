//! The library behind the reader: the session's [`Live`] library checked
//! against the disk on a thread of its own, then followed, every batch sent
//! to the reader's loop through its input channel; and its full-text
//! search ([`Searcher`]) on another.

use std::path::PathBuf;
use std::sync::mpsc::{self, Sender};

use super::Input;
use super::msg::{Ask, Found};
use crate::library::db::Db;
use crate::library::search::SearchError;
use crate::library::watch::Live;

/// The library of this session, its first list already shown.
pub struct Loader {
    pub live: Live,
    /// Already checked before the first frame (a single file, the built-in
    /// briefings): only followed.
    pub checked: bool,
}

impl Loader {
    /// Checks the library on a thread of its own, then follows it. The
    /// receiver hears once the first check is done and the index written,
    /// so that quitting can wait for it rather than cut it short.
    pub fn spawn(self, tx: Sender<Input>) -> mpsc::Receiver<()> {
        let (saved_tx, saved) = mpsc::channel();
        std::thread::spawn(move || {
            // A listed file's warnings travel in its listing, encoded and
            // shared: decoded only when `e` shows them.
            let mut interner = crate::library::db::Interner::default();
            let mut send = |mut batch: crate::library::index::Batch| {
                for (_, file) in &mut batch.files {
                    interner.keep(file);
                }
                tx.send(Input::Indexed(batch)).is_ok()
            };
            let mut live = self.live;
            // The whole list first: watching a large library takes a while,
            // and the check after it finds what changed meanwhile.
            if !self.checked && !live.list(&mut send) {
                return;
            }
            live.follow(
                !self.checked,
                move || {
                    let _ = saved_tx.send(());
                },
                &mut send,
            );
        });
        saved
    }
}

/// How many hits one full-text search lists, best first.
pub const HITS: usize = 200;

/// The library's full-text search on a thread of its own: asks queue up
/// while one runs, and only the latest of them is run.
pub struct Searcher {
    asks: Sender<Ask>,
}

impl Searcher {
    pub fn ask(&self, ask: Ask) {
        let _ = self.asks.send(ask);
    }
}

impl Loader {
    /// Starts the search thread over a second, read-only connection to
    /// the index; answers go to `tx`. `None` when the index is in memory.
    pub fn searcher(&self, tx: Sender<Input>) -> Option<Searcher> {
        let reader = self.live.search_reader()?;
        let (given, later) = mpsc::channel();
        let _ = given.send(Some(reader));
        Some(Searcher::later(later, tx))
    }
}

impl Searcher {
    /// Starts the search thread before its connection to the index exists
    /// (a first start makes the index after the first frame): it arrives
    /// on `reader`, and asks wait for it. Without one (`None`, or `reader`
    /// dropped), each ask is answered with why not.
    pub fn later(
        reader: mpsc::Receiver<Option<(Db, Vec<PathBuf>)>>,
        tx: Sender<Input>,
    ) -> Searcher {
        let (asks, rx) = mpsc::channel::<Ask>();
        std::thread::spawn(move || {
            let index = reader.recv().ok().flatten();
            while let Ok(first) = rx.recv() {
                // Typed faster than searched: the asks waiting are stale.
                let ask = rx.try_iter().last().unwrap_or(first);
                let found = match &index {
                    Some((db, roots)) => search(db, roots, &ask),
                    None => no_index(ask.seq),
                };
                if tx.send(Input::Found(found)).is_err() {
                    return;
                }
            }
        });
        Searcher { asks }
    }
}

/// One search of the index, as the reader asked it.
pub fn search(db: &Db, roots: &[PathBuf], ask: &Ask) -> Found {
    let query = crate::library::search::typed(&ask.query, true);
    let result = if query.is_empty() {
        Ok(Vec::new())
    } else {
        db.search_all(roots, &query, HITS)
    };
    Found {
        seq: ask.seq,
        result,
    }
}

/// The answer where no index is kept to search.
pub fn no_index(seq: u64) -> Found {
    Found {
        seq,
        result: Err(SearchError::Database(
            "full-text search needs the index, which is not kept with --read-only".to_owned(),
        )),
    }
}
