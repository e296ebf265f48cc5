//! The briefing: format 1, its model, dates, loading and diagnostics.
//! Nothing here knows about terminals or ratatui, and nothing here imports
//! the library, the reader or the command line.
//!
//! A file goes [`load`] (size, encoding, syntax: into [`raw`]) then
//! [`validate`] (every rule: into [`model`]), each failure a [`Diagnostic`]
//! placed by [`locate`]. Quotes are checked by [`quote`] (each source text
//! folded once, all quotes found in one pass; the places found stay in the
//! model as passages); "did you mean" is [`suggest`]; dates are [`when`].

mod chunked;
pub mod diagnostic;
pub mod format;
pub mod grading;
pub mod load;
pub mod locate;
pub mod model;
pub mod quote;
pub mod raw;
pub mod redline;
mod source_text;
pub mod suggest;
pub mod urls;
pub mod validate;
pub mod when;

pub use diagnostic::{Diagnostic, Severity};
pub use load::{FileReport, Syntax, load_file, load_file_bytes, load_str};
pub use model::*;
pub use when::When;
