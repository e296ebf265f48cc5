//! What `y` and `Y` copy: the selected item as a citation, or its URL.

use super::panes::grade_text;
use crate::briefing::{Briefing, Source};
use crate::tui::model::Pane;

/// The selected item as a citation to paste into a report: its words, the
/// source's own words, where they come from and how far to trust them.
pub fn citation(b: &Briefing, pane: Pane, sel: usize) -> String {
    let mut out = Vec::new();
    let attribution = match pane {
        Pane::Summary => {
            out.push(b.summary.headline.clone());
            None
        }
        Pane::Actors => {
            let a = &b.actors[sel.min(b.actors.len().saturating_sub(1))];
            out.push(format!("{} ({})", a.name, a.kind.label()));
            out.extend(a.role.clone());
            None
        }
        Pane::Timeline => b.timeline.get(sel).map(|e| {
            out.push(format!("{}: {}", e.when, e.what));
            &e.attribution
        }),
        Pane::Figures => b.figures.get(sel).map(|f| {
            let as_of = f
                .as_of
                .as_ref()
                .map(|w| format!(" (as of {w})"))
                .unwrap_or_default();
            out.push(format!(
                "{} {}: {}{as_of}",
                f.display_value(),
                f.unit,
                f.what
            ));
            &f.attribution
        }),
        Pane::Sources => {
            if let Some(s) = b.sources.get(sel) {
                out.push(source_reference(s));
            }
            None
        }
    };
    if let Some(a) = attribution {
        if let Some(q) = &a.quote {
            out.push(format!("“{q}”"));
        }
        let who = b.actor_names(&a.actors).join(", ");
        if !who.is_empty() {
            out.push(format!("According to: {who}"));
        }
        if !a.disputed_by.is_empty() {
            out.push(format!(
                "Disputed by: {}",
                b.actor_names(&a.disputed_by).join(", ")
            ));
        }
        let grade = grade_text(b, a);
        if !grade.is_empty() {
            out.push(format!("Grade: {grade}"));
        }
        for &s in &a.sources {
            out.push(format!("Source: {}", source_reference(&b.sources[s])));
        }
    }
    out.push(format!("— {}, {}", b.title, b.date));
    out.join("\n")
}

pub(super) fn source_reference(s: &Source) -> String {
    let mut parts = vec![s.title.clone()];
    parts.extend(s.publisher.clone());
    parts.extend(s.published.as_ref().map(ToString::to_string));
    if let Some(r) = s.reliability {
        parts.push(format!("reliability {}", r.letter()));
    }
    parts.extend(s.url.clone());
    parts.join(", ")
}

/// The URL of the selected item's source, or of the selected source.
pub fn source_url(b: &Briefing, pane: Pane, sel: usize) -> Option<String> {
    let sources: Vec<usize> = match pane {
        Pane::Timeline => b.timeline.get(sel)?.attribution.sources.clone(),
        Pane::Figures => b.figures.get(sel)?.attribution.sources.clone(),
        Pane::Sources => vec![sel],
        Pane::Summary | Pane::Actors => (0..b.sources.len()).collect(),
    };
    sources.iter().find_map(|&s| b.sources.get(s)?.url.clone())
}
