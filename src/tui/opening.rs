//! A long source text laid out off the key path: Enter on a source whose
//! text is [`FROM`] bytes or more shows "opening…" at once, and a worker
//! wraps the text as far as the view needs (one paragraph of 10 MB is
//! wrapped whole, which takes a second); keys are answered meanwhile, and
//! the text replaces the notice when it comes back ([`Msg::SourceWrapped`]).
//! Shorter texts are wrapped in line, a screenful at a time, as before.
//!
//! [`Msg::SourceWrapped`]: super::Msg::SourceWrapped

use super::model::Overlay;
use super::theme::Theme;
use super::view::{Body, SourceView};
use crate::briefing::Briefing;

/// Texts this long or longer are wrapped on a worker.
pub const FROM: usize = 256 << 10;

/// Whether source `i`'s text is long enough to be wrapped on a worker.
pub fn long(b: &Briefing, i: usize) -> bool {
    b.sources
        .get(i)
        .and_then(|s| s.text.as_ref())
        .is_some_and(|t| t.content.len() >= FROM)
}

/// What the text view shows while the worker wraps source `i`'s text.
pub fn notice(theme: Theme, width: u16, b: &Briefing, i: usize) -> Body {
    let w = super::view::Writer::new(theme, width);
    let mut body = Body::default();
    let s = &b.sources[i];
    let bytes = s.text.as_ref().map_or(0, |t| t.content.len());
    w.wrap(
        &mut body,
        &format!(
            "opening{} the text of \u{201c}{}\u{201d} ({:.1} MB) is being laid out; keys still work",
            theme.ellipsis(),
            s.title,
            bytes as f64 / 1e6
        ),
        theme.muted(),
        "",
        "",
    );
    body
}

/// What a source's text view is for: the same key as the cache's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct For {
    pub overlay: Overlay,
    pub width: u16,
    pub version: u64,
    pub theme: Theme,
}

/// A source's text view to wrap `need` lines of, and, once [`run`], the
/// lines wrapped and the view that wraps the rest (`None` when all is).
///
/// [`run`]: SourceJob::run
#[derive(Clone)]
pub struct SourceJob {
    pub what: For,
    pub body: Body,
    pub view: Option<SourceView>,
    pub need: usize,
}

impl SourceJob {
    /// Wraps the text as far as asked (on a worker: it may take a second).
    pub fn run(mut self) -> SourceJob {
        if let Some(view) = &mut self.view {
            view.extend(&mut self.body, self.need);
            if view.done() {
                self.view = None;
            }
        }
        self
    }
}

impl std::fmt::Debug for SourceJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SourceJob")
            .field("what", &self.what)
            .field("lines", &self.body.lines.len())
            .field("more", &self.view.is_some())
            .field("need", &self.need)
            .finish()
    }
}

impl PartialEq for SourceJob {
    fn eq(&self, other: &SourceJob) -> bool {
        self.what == other.what
            && self.need == other.need
            && self.body.lines == other.body.lines
            && self.view.is_some() == other.view.is_some()
    }
}

/// Files this large or larger get a line saying they are being opened,
/// before the reader's first frame: reading and checking 8 MB takes a
/// second.
pub const SAY_FROM: u64 = 1 << 20;

/// Before a large briefing file is read for the first frame: a line on the
/// terminal naming it (on standard error, which is the terminal here),
/// so the screen is not blank meanwhile. Whether one was written.
pub fn starting(path: &std::path::Path) -> bool {
    use std::io::Write as _;
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    if size < SAY_FROM {
        return false;
    }
    let mut err = std::io::stderr().lock();
    write!(
        err,
        "brief: opening {} ({:.1} MB)\u{2026}",
        crate::text::path(path),
        size as f64 / 1e6
    )
    .and_then(|()| err.flush())
    .is_ok()
}

/// The line [`starting`] wrote, erased once the file is read.
pub fn started(written: bool) {
    use std::io::Write as _;
    if written {
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K").and_then(|()| err.flush());
    }
}
