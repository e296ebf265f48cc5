//! The reader's vocabulary: where the user is ([`Mode`]), which pane, which
//! list position. Plain data, below `app`, `layout` and `view`, so that
//! none of them needs another to name these.

/// The panes of an open briefing, in tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    Summary,
    Actors,
    Timeline,
    Figures,
    Sources,
}

impl Pane {
    pub const ALL: [Pane; 5] = [
        Pane::Summary,
        Pane::Actors,
        Pane::Timeline,
        Pane::Figures,
        Pane::Sources,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn title(self) -> &'static str {
        match self {
            Pane::Summary => "Summary",
            Pane::Actors => "Actors",
            Pane::Timeline => "Timeline",
            Pane::Figures => "Figures",
            Pane::Sources => "Sources",
        }
    }

    pub fn step(self, by: isize) -> Pane {
        Pane::ALL[(self.index() as isize + by).rem_euclid(5) as usize]
    }
}

/// The two screens: the list of briefings, or one briefing open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    Library,
    Briefing,
}

/// A box over the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Overlay {
    Help,
    Errors,
    Actor(usize),
    Entry(usize),
    Figure(usize),
    Source(usize),
}

/// A question waiting for `y`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    /// Mark this many listed briefings read.
    MarkAllRead(usize),
}

/// Where the user is, and so where keys go: one value instead of flags
/// that would have to agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Library,
    Briefing,
    /// Typing: into the library's filter, or the open briefing's search.
    Prompt(Screen),
    /// A box over a screen; keys scroll it.
    Overlay(Screen, Overlay),
    /// Typing a search into the text of a box over a screen (a source's
    /// full text), which stays shown.
    Find(Screen, Overlay),
    /// A yes/no question over the library.
    Confirm(Confirm),
}

impl Mode {
    /// The screen under whatever is on top of it.
    pub fn screen(self) -> Screen {
        match self {
            Mode::Library | Mode::Confirm(_) => Screen::Library,
            Mode::Briefing => Screen::Briefing,
            Mode::Prompt(s) | Mode::Overlay(s, _) | Mode::Find(s, _) => s,
        }
    }

    pub fn overlay(self) -> Option<Overlay> {
        match self {
            Mode::Overlay(_, o) | Mode::Find(_, o) => Some(o),
            _ => None,
        }
    }

    /// The screen itself, with nothing over it.
    pub fn base(screen: Screen) -> Mode {
        match screen {
            Screen::Library => Mode::Library,
            Screen::Briefing => Mode::Briefing,
        }
    }
}

/// A selection and the first line shown, for one scrolling list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListState {
    pub selected: usize,
    pub offset: usize,
}

/// A query: the library's filter or the briefing's search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    pub query: String,
    /// Which match `n`/`N` last went to.
    pub current: usize,
}

/// A place a search matched: a pane and an item in it (for Summary, a block).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub pane: Pane,
    pub item: usize,
    /// For a source, a match in its full text rather than its title or
    /// publisher: the how-manyth in that text.
    pub text: Option<usize>,
}

/// The library's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Newest first.
    #[default]
    Date,
    /// Critical first, then newest.
    Priority,
    Title,
}

impl Sort {
    pub fn label(self) -> &'static str {
        match self {
            Sort::Date => "date",
            Sort::Priority => "priority",
            Sort::Title => "title",
        }
    }

    pub fn next(self) -> Sort {
        match self {
            Sort::Date => Sort::Priority,
            Sort::Priority => Sort::Title,
            Sort::Title => Sort::Date,
        }
    }
}

/// The library's quick filters; the status line always says which are on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Filters {
    pub unread: bool,
    pub flagged: bool,
    pub high: bool,
    pub archived: bool,
}
