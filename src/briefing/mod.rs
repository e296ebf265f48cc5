//! The briefing: format 1, its model, dates, loading and diagnostics.
//! Nothing here knows about terminals or ratatui.

pub mod diagnostic;
pub mod format;
pub mod grading;
pub mod load;
pub mod locate;
pub mod model;
pub mod quote;
pub mod raw;
pub mod redline;
pub mod suggest;
pub mod urls;
pub mod validate;
pub mod when;

pub use diagnostic::{Diagnostic, Severity};
pub use load::{FileReport, Syntax, load_file, load_str};
pub use model::*;
pub use when::When;
