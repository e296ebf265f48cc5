//! Everything the reader can be asked to do, by name. Keys map to actions
//! (see [`super::keymap`]); only [`super::app::App::update`] gives them effect.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    /// Close the overlay or prompt, or go back to the library.
    Back,
    Help,
    NextPane,
    PrevPane,
    FocusSummary,
    FocusActors,
    FocusTimeline,
    FocusFigures,
    FocusSources,
    Down,
    Up,
    HalfPageDown,
    HalfPageUp,
    Top,
    Bottom,
    /// Open the selected briefing or item.
    Open,
    PrevBriefing,
    NextBriefing,
    Search,
    NextMatch,
    PrevMatch,
    ShowErrors,
    Suspend,
    ToggleRead,
    ToggleFlag,
    ToggleArchive,
    /// Mark every briefing in the list read, after a yes/no prompt.
    MarkAllRead,
    FilterUnread,
    FilterFlagged,
    FilterPriority,
    ShowArchived,
    CycleSort,
    NextChange,
    /// Yes, to a yes/no prompt.
    Confirm,
    /// Text typed into the search prompt.
    #[serde(skip)]
    Type(char),
    #[serde(skip)]
    DeleteChar,
}

impl Action {
    /// What the help overlay says the action does.
    pub fn describe(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::Back => "close, or back to the library",
            Action::Help => "show or hide this help",
            Action::NextPane => "next pane",
            Action::PrevPane => "previous pane",
            Action::FocusSummary => "Summary pane",
            Action::FocusActors => "Actors pane",
            Action::FocusTimeline => "Timeline pane",
            Action::FocusFigures => "Figures pane",
            Action::FocusSources => "Sources pane",
            Action::Down => "move down",
            Action::Up => "move up",
            Action::HalfPageDown => "half a page down",
            Action::HalfPageUp => "half a page up",
            Action::Top => "first item",
            Action::Bottom => "last item",
            Action::Open => "open the selected briefing or item",
            Action::PrevBriefing => "previous briefing",
            Action::NextBriefing => "next briefing",
            Action::Search => "search (filter in the library)",
            Action::NextMatch => "next match",
            Action::PrevMatch => "previous match",
            Action::ShowErrors => "files that could not be loaded",
            Action::Suspend => "suspend (fg to return)",
            Action::ToggleRead => "mark read / unread",
            Action::ToggleFlag => "flag / unflag",
            Action::ToggleArchive => "archive / restore",
            Action::MarkAllRead => "mark every listed briefing read (asks first)",
            Action::FilterUnread => "only unread and updated",
            Action::FilterFlagged => "only flagged",
            Action::FilterPriority => "only priority high and critical",
            Action::ShowArchived => "show archived briefings too",
            Action::CycleSort => "sort by date, priority, title",
            Action::NextChange => "next change since you last read it",
            Action::Confirm => "yes",
            Action::Type(_) | Action::DeleteChar => "",
        }
    }
}
