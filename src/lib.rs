//! brief: a terminal reader for situation briefings.
//!
//! Layers, bottom to top: [`briefing`] (format 1, no UI), [`library`]
//! (finding and loading many files), [`cli`] (commands over the domain).

pub mod briefing;
pub mod cli;
pub mod library;
pub mod text;
pub mod tui;
