//! Wrapped text, built when its inputs change and shared by scrolling and
//! drawing: a key press costs the rows on screen, not the briefing.
//!
//! Each pane's body is keyed by (width, briefing version, theme); the
//! selected actor's marks in Timeline and Figures are laid on when the rows
//! are drawn (`view::with_actor_marker`), so moving through Actors rebuilds
//! nothing. An
//! overlay's by (overlay, width, version, theme, and for the load errors
//! the loader's batches); the search's hits by (query, version). Search highlighting is laid on at drawing time, over
//! the visible rows only, so typing a query rebuilds nothing.

use std::cell::RefCell;

use super::*;
use crate::tui::model::Hit;
use crate::tui::opening::{self, SourceJob};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PaneKey {
    width: u16,
    version: u64,
    theme: Theme,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct OverlayKey {
    overlay: Overlay,
    width: u16,
    version: u64,
    /// For the load errors: the loader's batches taken so far.
    batches: u64,
    theme: Theme,
}

/// An overlay's lines: all of them, or a source's text as far as it has
/// been read, with the means to wrap more.
struct OverlayBody {
    body: Rc<Body>,
    more: Option<view::SourceView>,
    /// A long source's text being wrapped on a worker (`tui::opening`):
    /// whether it was asked for yet. The body says "opening…" meanwhile.
    opening: Option<bool>,
}

/// A value and the key it was built for.
type Slot<K, V> = Option<(K, Rc<V>)>;

#[derive(Default)]
pub(super) struct Cache {
    panes: RefCell<[Slot<PaneKey, Body>; 5]>,
    overlay: RefCell<Option<(OverlayKey, OverlayBody)>>,
    hits: RefCell<Slot<(String, u64), Vec<Hit>>>,
    search: RefCell<Slot<u64, view::SearchIndex>>,
}

impl Cache {
    pub(super) fn pane(&self, app: &App, pane: Pane, width: u16) -> Rc<Body> {
        let Some(b) = app.briefing() else {
            return Rc::default();
        };
        let key = PaneKey {
            width,
            version: app.version,
            theme: app.theme(),
        };
        if let Some((k, body)) = &self.panes.borrow()[pane.index()]
            && *k == key
        {
            return Rc::clone(body);
        }
        // Written for no actor: the marks are laid on as rows are drawn.
        let ctx = view::Context {
            marked_actor: None,
            ..app.context()
        };
        let body = Rc::new(view::pane_body(&ctx, b, pane, width));
        self.panes.borrow_mut()[pane.index()] = Some((key, Rc::clone(&body)));
        body
    }

    /// An overlay's body with at least `need` lines, or all it has; and
    /// whether that is all. A source's text is wrapped only as far as asked.
    pub(super) fn overlay(
        &self,
        app: &App,
        overlay: Overlay,
        width: u16,
        need: usize,
    ) -> (Rc<Body>, bool) {
        let ctx = app.context();
        if overlay == Overlay::Help {
            // Small, and the keymap may be replaced at any time.
            let body = view::overlay_body(&ctx, app.briefing(), overlay, width);
            return (Rc::new(body), true);
        }
        let key = OverlayKey {
            overlay,
            width,
            version: app.version,
            batches: if overlay == Overlay::Errors {
                app.batches
            } else {
                0
            },
            theme: app.theme(),
        };
        let mut slot = self.overlay.borrow_mut();
        if slot.as_ref().is_none_or(|(k, _)| *k != key) {
            let built = match (overlay, app.briefing()) {
                (Overlay::Source(i), Some(b)) if opening::long(b, i) => OverlayBody {
                    body: Rc::new(opening::notice(ctx.theme, width, b, i)),
                    more: None,
                    opening: Some(false),
                },
                (Overlay::Source(i), Some(b)) => {
                    let mut body = Body::default();
                    let more = view::SourceView::start(
                        view::Writer::new(ctx.theme, width),
                        &mut body,
                        b,
                        i,
                    );
                    OverlayBody {
                        body: Rc::new(body),
                        more,
                        opening: None,
                    }
                }
                _ => OverlayBody {
                    body: Rc::new(view::overlay_body(&ctx, app.briefing(), overlay, width)),
                    more: None,
                    opening: None,
                },
            };
            *slot = Some((key, built));
        }
        let (_, built) = slot.as_mut().expect("set just above");
        // The notice is all there is until the worker's lines come.
        if built.opening.is_some() {
            return (Rc::clone(&built.body), true);
        }
        if let Some(more) = &mut built.more {
            if built.body.lines.len() < need {
                more.extend(Rc::make_mut(&mut built.body), need);
            }
            if more.done() {
                built.more = None;
            }
        }
        (Rc::clone(&built.body), built.more.is_none())
    }

    /// The job that wraps the long source's text whose notice is shown,
    /// if not asked for yet: `need` lines of it.
    pub(super) fn source_job(&self, app: &App, need: usize) -> Option<SourceJob> {
        let mut slot = self.overlay.borrow_mut();
        let (key, built) = slot.as_mut()?;
        let (Overlay::Source(i), Some(b)) = (key.overlay, app.briefing()) else {
            return None;
        };
        if built.opening != Some(false) || key.version != app.version {
            return None;
        }
        built.opening = Some(true);
        let mut body = Body::default();
        let view =
            view::SourceView::start(view::Writer::new(key.theme, key.width), &mut body, b, i);
        Some(SourceJob {
            what: opening::For {
                overlay: key.overlay,
                width: key.width,
                version: key.version,
                theme: key.theme,
            },
            body,
            view,
            need,
        })
    }

    /// Whether the overlay at this width shows a long source's notice.
    pub(super) fn is_opening(&self, app: &App, overlay: Overlay, width: u16) -> bool {
        self.overlay.borrow().as_ref().is_some_and(|(k, built)| {
            k.overlay == overlay
                && k.width == width
                && k.version == app.version
                && built.opening.is_some()
        })
    }

    /// A long source's text back from the worker: shown if its notice still is.
    pub(super) fn source_wrapped(&self, job: SourceJob) -> bool {
        let mut slot = self.overlay.borrow_mut();
        let Some((key, built)) = slot.as_mut() else {
            return false;
        };
        let same = key.overlay == job.what.overlay
            && key.width == job.what.width
            && key.version == job.what.version
            && key.theme == job.what.theme;
        if !same || built.opening.is_none() {
            return false;
        }
        *built = OverlayBody {
            body: Rc::new(job.body),
            more: job.view,
            opening: None,
        };
        true
    }

    pub(super) fn hits(&self, app: &App) -> Rc<Vec<Hit>> {
        let query = &app.search.query;
        let Some(b) = app.briefing().filter(|_| !query.is_empty()) else {
            return Rc::default();
        };
        if let Some(((q, v), hits)) = &*self.hits.borrow()
            && q == query
            && *v == app.version
        {
            return Rc::clone(hits);
        }
        let index = {
            let mut slot = self.search.borrow_mut();
            match &*slot {
                Some((v, index)) if *v == app.version => Rc::clone(index),
                _ => {
                    let index = Rc::new(view::SearchIndex::new(b));
                    *slot = Some((app.version, Rc::clone(&index)));
                    index
                }
            }
        };
        let hits = Rc::new(index.hits(query));
        *self.hits.borrow_mut() = Some(((query.clone(), app.version), Rc::clone(&hits)));
        hits
    }
}
