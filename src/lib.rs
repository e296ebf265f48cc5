//! brief: a terminal reader for situation briefings.
//!
//! Layers, bottom to top: [`briefing`] (format 1, no UI), [`library`]
//! (finding and loading many files), [`cli`] (commands over the domain).

// A Diagnostic is the error value of loading, and its size (a path, a line of
// context) is the point of it; loading errors are not a hot path worth boxing for.
#![allow(clippy::result_large_err)]

pub mod briefing;
pub mod cli;
pub mod config;
pub mod draft;
pub mod fs;
pub mod library;
pub mod text;
pub mod tui;
pub mod wrap;
