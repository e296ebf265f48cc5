//! brief: a terminal reader for situation briefings.
//!
//! Layers, bottom to top; each imports only from below it:
//!
//! - [`text`] (sanitizing, width), [`fs`] (bounded reads of regular files)
//!   and [`limits`] (sizes both faces need): used by every layer above;
//! - [`briefing`] (format 1: model, dates, load, validate, diagnostics) and
//!   [`draft`] (drafting a briefing from an article): the domain, no UI;
//! - [`library`]: finding, indexing and loading many briefings, and the
//!   triage state file;
//! - [`config`]: the user's configuration as plain data (names of keys,
//!   actions, styles and colours), checked but not interpreted;
//! - the two faces, which never import each other: [`cli`] (one module per
//!   command) and [`tui`] (the reader: a state machine whose file work runs
//!   on worker threads, and which turns the configuration into its own key
//!   map and palette).
//!
//! `main.rs` parses arguments, picks a face and maps results to exit codes.

// A Diagnostic is the error value of loading, and its size (a path, a line of
// context) is the point of it; loading errors are not a hot path worth boxing for.
#![allow(clippy::result_large_err)]

pub mod briefing;
pub mod child;
pub mod cli;
pub mod config;
pub mod draft;
pub mod fs;
pub mod library;
pub mod limits;
pub mod paths;
pub mod text;
pub mod tui;
pub mod wrap;
