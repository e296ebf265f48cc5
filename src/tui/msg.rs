//! What reaches the reader ([`Msg`]) and what it asks for in return
//! ([`Effect`]). `App::update` turns one into the other without touching
//! the file system; `worker` carries out the effects that need it and
//! answers with messages.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use crossterm::event::{KeyEvent, MouseEventKind};

use super::action::Action;
use super::model::Pane;
use crate::briefing::Briefing;
use crate::library::index::{Batch, Listing};
use crate::library::state::{Mark, Part, Record, State};

/// Everything that can change the reader's state.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    /// Files indexed, at start-up or because they changed on disk. The
    /// batch is the library's; `App::apply_batch` alone looks inside.
    Indexed(Batch),
    Key(KeyEvent),
    /// An action already chosen (scripts, tests, a keymap of one's own).
    Action(Action),
    /// A click or the wheel, when the mouse is on.
    Mouse(MouseEventKind, u16, u16),
    Resize(u16, u16),
    /// SIGTERM, SIGHUP or SIGINT arrived: clean up and leave.
    Signal(i32),
    /// The terminal went away (read error or end of input).
    Closed,
    /// A briefing read in full, for the reason it was asked.
    Loaded(Box<Loaded>),
    /// What became of marks handed to the state writer.
    Marked(Marked),
    /// The redline of a briefing just opened, after it (see `tui::redline`).
    Redline(Box<super::redline::RedlineLoaded>),
    /// Summaries of updated library rows (`tui::redline`).
    Summaries(super::redline::Summaries),
    /// The library's full text searched, for the ask numbered `seq`.
    Found(Found),
    /// Something to tell on the status line that became known after the
    /// first frame (the index of a first start rebuilt, or not used).
    Notice(String),
    /// A long source's text wrapped on a worker (`tui::opening`).
    SourceWrapped(Box<super::opening::SourceJob>),
}

/// The loop's input is the message type; the name the loader knows.
pub type Input = Msg;

impl From<Action> for Msg {
    fn from(action: Action) -> Msg {
        Msg::Action(action)
    }
}

/// Work the reader asks for; none of it happens inside `update`.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Quit,
    /// Ctrl-Z: give the terminal back and stop.
    Suspend,
    /// Put this text on the user's clipboard.
    Copy(String),
    /// Read a briefing in full.
    Load(Load),
    /// Read the open briefing again: its file changed on disk.
    Reload(Load),
    /// Write these marks to the state file, as one batch.
    Mark(Vec<Mark>),
    /// Read each briefing and mark it read, as one batch.
    MarkAllRead(Vec<Listing>),
    /// Row summaries or pruning, on the redline's thread (`tui::redline`).
    Redline(super::redline::Job),
    /// Search the library's full text (the library's `/`): only the
    /// latest ask is answered, the others are dropped unrun.
    FullText(Ask),
    /// Wrap a long source's text, off the key path (`tui::opening`).
    WrapSource(Box<super::opening::SourceJob>),
}

/// A full-text search asked for as the user types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    /// Numbered in order: an answer to any but the latest is stale.
    pub seq: u64,
    /// As typed ([`crate::library::search::typed`] makes it a query).
    pub query: String,
}

/// The answer to an [`Ask`]: the best hits, or why there are none.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub seq: u64,
    pub result: Result<Vec<crate::library::search::Hit>, crate::library::search::SearchError>,
}

/// A briefing to read, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Load {
    pub listing: Listing,
    pub purpose: Purpose,
    /// What the state file knew of it, to tell what changed since.
    pub record: Option<Record>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Show it; `pane` keeps the focus when stepping between briefings.
    Open { pane: Option<Pane> },
    /// Show its new text, keeping the place.
    Reload,
    /// Only to mark it read (`r` on an unread briefing).
    MarkRead,
}

/// A briefing read for a [`Load`].
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub path: PathBuf,
    pub purpose: Purpose,
    /// The briefing, or why it cannot be read (one line).
    pub result: Result<Opened, String>,
}

/// A briefing and what reading it means for the state.
#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    pub briefing: Briefing,
    /// Marking it read now.
    pub mark: Mark,
    /// Parts new or changed since it was last read.
    pub changes: Vec<Part>,
    pub read_at: Option<DateTime<Utc>>,
}

/// What the state writer says.
#[derive(Debug, Clone, PartialEq)]
pub enum Marked {
    /// The first `count` marks sent are on disk; `state` is the file as
    /// written (with other readers' marks merged in).
    Saved {
        count: usize,
        state: State,
        warnings: Vec<String>,
    },
    /// Briefings read for "mark all read", ready to mark: `marks` are
    /// now part of the unsaved queue, in this order.
    Prepared { marks: Vec<Mark>, failed: usize },
    /// Another process holds the lock; the marks stay queued and are retried.
    LockHeld { lock: PathBuf, queued: usize },
    /// Writing failed for another reason; the marks stay queued.
    Failed(String),
}

/// Why the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Quit,
    /// Quit, but marks could not be saved (named on stderr): exit 2.
    Unsaved,
    Signal(i32),
    Closed,
}
