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
    /// Open the next unread or updated briefing, skipping read ones.
    NextUnread,
    /// Back through the changes (the redline's parts).
    PrevChange,
    /// Between the redline and the clean current text.
    ToggleRedline,
    /// Yes, to a yes/no prompt.
    Confirm,
    /// Copy the selected item as a citation to the user's clipboard (OSC 52).
    Copy,
    /// Copy the selected item's source URL.
    CopyUrl,
    /// Text typed into the search prompt.
    #[serde(skip)]
    Type(char),
    #[serde(skip)]
    DeleteChar,
}

impl Action {
    /// Every action a key can be bound to, in help order.
    pub const ALL: &[Action] = &[
        Action::Quit,
        Action::Back,
        Action::Help,
        Action::Suspend,
        Action::Down,
        Action::Up,
        Action::HalfPageDown,
        Action::HalfPageUp,
        Action::Top,
        Action::Bottom,
        Action::Open,
        Action::Search,
        Action::NextPane,
        Action::PrevPane,
        Action::FocusSummary,
        Action::FocusActors,
        Action::FocusTimeline,
        Action::FocusFigures,
        Action::FocusSources,
        Action::NextMatch,
        Action::PrevMatch,
        Action::PrevBriefing,
        Action::NextBriefing,
        Action::NextChange,
        Action::NextUnread,
        Action::PrevChange,
        Action::ToggleRedline,
        Action::Copy,
        Action::CopyUrl,
        Action::ToggleRead,
        Action::ToggleFlag,
        Action::ToggleArchive,
        Action::MarkAllRead,
        Action::FilterUnread,
        Action::FilterFlagged,
        Action::FilterPriority,
        Action::ShowArchived,
        Action::CycleSort,
        Action::ShowErrors,
    ];

    /// The name a configuration file uses: `half_page_down`.
    pub fn name(self) -> String {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(s)) => s,
            _ => String::new(),
        }
    }

    pub fn from_name(name: &str) -> Option<Action> {
        serde_json::from_value(serde_json::Value::String(name.to_owned())).ok()
    }

    pub fn names() -> Vec<String> {
        Action::ALL.iter().map(|a| a.name()).collect()
    }

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
            Action::NextUnread => "next unread or updated briefing (the queue)",
            Action::PrevChange => "previous change since you last read it",
            Action::ToggleRedline => "what changed (redline) / the clean text",
            Action::Confirm => "yes",
            Action::Copy => "copy the selected item as a citation (works over SSH)",
            Action::CopyUrl => "copy the source's URL",
            Action::Type(_) | Action::DeleteChar => "",
        }
    }
}
