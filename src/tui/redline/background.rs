//! The redline's own thread, beside the loader's: the summaries of the
//! library's updated rows ("3 changes: figure 1 …"), and pruning the
//! versions kept once the library is indexed. Jobs come from the app as
//! effects; answers go back on the loop's channel.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::time::SystemTime;

use super::{state_dir_of, version};
use crate::briefing::redline;
use crate::library::index::Listing;
use crate::library::state::{State, Store};
use crate::library::versions;
use crate::tui::msg::Msg;

/// Work for the redline's own thread: the library rows' summaries, and
/// pruning the versions kept once the library is indexed.
#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    /// Summaries of these updated rows (the listing, the digest read);
    /// `ascii` writes `->`.
    Summaries {
        rows: Vec<(Listing, String)>,
        ascii: bool,
    },
    /// Drop the versions the documented rule lets go (`versions::prune`);
    /// the ids are those of every briefing listed.
    Prune(Arc<Listed>),
}

/// The ids of every briefing listed, one text with a line break after
/// each (ids have none): made on the key path in one pass over the list
/// and without an allocation per id; made a set on the redline's thread.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listed(String);

impl<'a> FromIterator<&'a str> for Listed {
    fn from_iter<I: IntoIterator<Item = &'a str>>(ids: I) -> Listed {
        let mut s = String::new();
        for id in ids {
            s.push_str(id);
            s.push('\n');
        }
        Listed(s)
    }
}

impl Listed {
    fn ids(&self) -> HashSet<&str> {
        self.0.lines().collect()
    }
}

/// What a row's summary is cached by: id, digest read, digest now.
pub type SummaryKey = (String, String, String);

/// A summary for each row asked for; `None` where there is none to give
/// (the version was not kept, or the briefing no longer loads).
#[derive(Debug, Clone, PartialEq)]
pub struct Summaries(pub Vec<(SummaryKey, Option<String>)>);

/// The thread that does [`Job`]s, answering on the loop's channel.
pub struct Background {
    jobs: Option<Sender<Job>>,
}

impl Background {
    /// Starts the thread, if the state has a file (else there are no versions).
    pub fn spawn(store: &Store, tx: Sender<Msg>) -> Background {
        let Some(dir) = state_dir_of(store) else {
            return Background { jobs: None };
        };
        let file = store.path().map(Path::to_path_buf);
        let (jobs, rx) = std::sync::mpsc::channel::<Job>();
        std::thread::spawn(move || {
            while let Ok(job) = rx.recv() {
                let msg = run(&dir, file.as_deref(), None, job);
                if let Some(msg) = msg
                    && tx.send(msg).is_err()
                {
                    return;
                }
            }
        });
        Background { jobs: Some(jobs) }
    }

    pub fn send(&self, job: Job) {
        if let Some(jobs) = &self.jobs {
            let _ = jobs.send(job);
        }
    }
}

/// Does one job; `state` is the state as known in line (tests), else it is
/// read from `file`.
pub fn run(dir: &Path, file: Option<&Path>, state: Option<&State>, job: Job) -> Option<Msg> {
    match job {
        Job::Summaries { rows, ascii } => {
            let out = rows
                .into_iter()
                .map(|(listing, read)| {
                    let key = (
                        listing.id().to_owned(),
                        read.clone(),
                        listing.digest().to_owned(),
                    );
                    let summary = listing.load().ok().and_then(|new| {
                        let old = version(dir, listing.id(), &read).ok()??;
                        Some(redline::diff(&old, &new).summary(ascii))
                    });
                    (key, summary)
                })
                .collect();
            Some(Msg::Summaries(Summaries(out)))
        }
        Job::Prune(listed) => {
            let read;
            let state = match state {
                Some(s) => s,
                None => {
                    read = Store::open(file?.to_path_buf(), true).ok()?;
                    &read.state
                }
            };
            let listed = listed.ids();
            let in_library = |id: &str| listed.contains(id);
            let policy = versions::Policy::default();
            // A version dropped only costs a redline; nothing to tell.
            let _ = versions::prune(dir, state, &in_library, SystemTime::now(), &policy);
            None
        }
    }
}
