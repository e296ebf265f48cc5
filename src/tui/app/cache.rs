//! Wrapped text, built when its inputs change and shared by scrolling and
//! drawing: a key press costs the rows on screen, not the briefing.
//!
//! Each pane's body is keyed by (width, briefing version, theme, and for
//! Timeline and Figures the selected actor, whose items they mark); an
//! overlay's by (overlay, width, version, theme); the search's hits by
//! (query, version). Search highlighting is laid on at drawing time, over
//! the visible rows only, so typing a query rebuilds nothing.

use std::cell::RefCell;

use super::*;
use crate::tui::model::Hit;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PaneKey {
    width: u16,
    version: u64,
    theme: Theme,
    actor: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct OverlayKey {
    overlay: Overlay,
    width: u16,
    version: u64,
    theme: Theme,
}

/// A value and the key it was built for.
type Slot<K, V> = Option<(K, Rc<V>)>;

#[derive(Default)]
pub(super) struct Cache {
    panes: RefCell<[Slot<PaneKey, Body>; 5]>,
    overlay: RefCell<Slot<OverlayKey, Body>>,
    hits: RefCell<Slot<(String, u64), Vec<Hit>>>,
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
            actor: matches!(pane, Pane::Timeline | Pane::Figures)
                .then(|| app.marked_actor())
                .flatten(),
        };
        if let Some((k, body)) = &self.panes.borrow()[pane.index()]
            && *k == key
        {
            return Rc::clone(body);
        }
        let body = Rc::new(view::pane_body(&app.context(), b, pane, width));
        self.panes.borrow_mut()[pane.index()] = Some((key, Rc::clone(&body)));
        body
    }

    pub(super) fn overlay(&self, app: &App, overlay: Overlay, width: u16) -> Rc<Body> {
        let build = || {
            Rc::new(view::overlay_body(
                &app.context(),
                app.briefing(),
                overlay,
                width,
            ))
        };
        if overlay == Overlay::Help {
            // Small, and the keymap may be replaced at any time.
            return build();
        }
        let key = OverlayKey {
            overlay,
            width,
            version: app.version,
            theme: app.theme(),
        };
        if let Some((k, body)) = &*self.overlay.borrow()
            && *k == key
        {
            return Rc::clone(body);
        }
        let body = build();
        *self.overlay.borrow_mut() = Some((key, Rc::clone(&body)));
        body
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
        let hits = Rc::new(view::search_hits(b, query));
        *self.hits.borrow_mut() = Some(((query.clone(), app.version), Rc::clone(&hits)));
        hits
    }
}
