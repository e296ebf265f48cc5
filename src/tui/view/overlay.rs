//! The text of overlays: help, load errors, and the details of an actor,
//! entry, figure or source.

use super::help::{errors, help};
use super::source::source_text;
use super::*;
use crate::briefing::{Attribution, Briefing, EntryKind, Figure, Source, TimelineEntry};
use crate::tui::model::Overlay;

/// The text of an overlay at a width.
pub fn overlay_body(ctx: &Context<'_>, b: Option<&Briefing>, overlay: Overlay, width: u16) -> Body {
    let w = Writer::new(ctx.theme, width);
    let t = w.theme;
    let mut body = Body::default();
    let Some(b) = b else {
        match overlay {
            Overlay::Help => help(&w, &mut body, ctx.keymap),
            Overlay::Errors => errors(ctx.diagnostics, &w, &mut body),
            _ => {}
        }
        return body;
    };
    match overlay {
        Overlay::Help => help(&w, &mut body, ctx.keymap),
        Overlay::Errors => errors(ctx.diagnostics, &w, &mut body),
        Overlay::Actor(i) => {
            let a = &b.actors[i];
            let kind = match &a.affiliation {
                Some(aff) => format!("{}{}{aff}", a.kind.label(), t.sep()),
                None => a.kind.label().to_owned(),
            };
            w.wrap(&mut body, &kind, t.muted(), "", "");
            if let Some(role) = &a.role {
                w.wrap(&mut body, role, Style::new(), "", "");
            }
            if !a.aliases.is_empty() {
                w.wrap(
                    &mut body,
                    &format!("Also known as: {}", a.aliases.join(", ")),
                    Style::new(),
                    "",
                    "  ",
                );
            }
            let did: Vec<&TimelineEntry> = b
                .timeline
                .iter()
                .filter(|e| e.kind == EntryKind::Event && e.attribution.actors.contains(&i))
                .collect();
            let said: Vec<&TimelineEntry> = b
                .timeline
                .iter()
                .filter(|e| e.kind == EntryKind::Statement && e.attribution.actors.contains(&i))
                .collect();
            let claims: Vec<&Figure> = b
                .figures
                .iter()
                .filter(|f| f.attribution.actors.contains(&i))
                .collect();
            let disputes_entries: Vec<&TimelineEntry> = b
                .timeline
                .iter()
                .filter(|e| e.attribution.disputed_by.contains(&i))
                .collect();
            let disputes_figures: Vec<&Figure> = b
                .figures
                .iter()
                .filter(|f| f.attribution.disputed_by.contains(&i))
                .collect();
            let section = |title: &str, count: usize, body: &mut Body| {
                body.blank();
                w.wrap(
                    body,
                    &format!("{title} ({count})"),
                    t.pane_title(false),
                    "",
                    "",
                );
            };
            let entry = |e: &TimelineEntry, body: &mut Body| {
                let when = t.chrome(&e.when.to_string()).into_owned();
                w.parts(body, vec![(when, t.date())], "  ", "    ");
                w.wrap(body, &e.what, Style::new(), "    ", "    ");
                if let Some(q) = &e.attribution.quote {
                    let q = format!("{}{q}{}", t.sym("“"), t.sym("”"));
                    w.wrap(body, &q, t.quote(), "    ", "     ");
                }
            };
            let figure = |f: &Figure, body: &mut Body| {
                w.parts(
                    body,
                    vec![
                        (f.display_value(), t.number()),
                        (
                            format!(" {} {} {}", f.unit, t.sym("—"), f.what),
                            Style::new(),
                        ),
                    ],
                    "  ",
                    "    ",
                );
            };
            section("Did", did.len(), &mut body);
            did.iter().for_each(|e| entry(e, &mut body));
            section("Said", said.len(), &mut body);
            said.iter().for_each(|e| entry(e, &mut body));
            section("Claims", claims.len(), &mut body);
            claims.iter().for_each(|f| figure(f, &mut body));
            section(
                "Disputes",
                disputes_entries.len() + disputes_figures.len(),
                &mut body,
            );
            disputes_entries.iter().for_each(|e| entry(e, &mut body));
            disputes_figures.iter().for_each(|f| figure(f, &mut body));
        }
        Overlay::Entry(i) => {
            let e = &b.timeline[i];
            let kind = if e.kind == EntryKind::Statement {
                "Statement"
            } else {
                "Event"
            };
            w.parts(
                &mut body,
                vec![
                    (kind.to_owned(), t.statement()),
                    (
                        format!("{}{}", t.sep(), t.chrome(&e.when.to_string())),
                        t.date(),
                    ),
                ],
                "",
                "  ",
            );
            body.blank();
            w.wrap(&mut body, &e.what, t.title(), "", "");
            item_detail(&w, &mut body, b, &e.attribution);
        }
        Overlay::Figure(i) => {
            let f = &b.figures[i];
            w.parts(
                &mut body,
                vec![
                    (f.display_value(), t.number()),
                    (format!(" {}", f.unit), t.title()),
                ],
                "",
                "  ",
            );
            w.wrap(&mut body, &f.what, Style::new(), "", "");
            if f.approximate {
                w.wrap(&mut body, "approximate figure", t.muted(), "", "");
            }
            if let Some(as_of) = &f.as_of {
                let as_of = t.chrome(&as_of.to_string()).into_owned();
                w.wrap(&mut body, &format!("as of {as_of}"), t.muted(), "", "");
            }
            item_detail(&w, &mut body, b, &f.attribution);
        }
        Overlay::Source(i) => source_text(&w, &mut body, b, i),
    }
    body
}

pub(super) fn item_detail(w: &Writer, body: &mut Body, b: &Briefing, a: &Attribution) {
    let t = w.theme;
    let label = |body: &mut Body, s: &str| {
        body.blank();
        w.wrap(body, s, t.pane_title(false), "", "");
    };
    if let Some(q) = &a.quote {
        label(body, "Quote");
        let q = format!("{}{q}{}", t.sym("“"), t.sym("”"));
        w.wrap(body, &q, t.quote(), "  ", "   ");
    }
    label(body, "Who");
    let who = b.actor_names(&a.actors).join(", ");
    w.wrap(
        body,
        if who.is_empty() {
            "not attributed"
        } else {
            &who
        },
        Style::new(),
        "  ",
        "  ",
    );
    if !a.disputed_by.is_empty() {
        w.wrap(
            body,
            &format!("disputed by {}", b.actor_names(&a.disputed_by).join(", ")),
            t.dispute(),
            "  ",
            "  ",
        );
    }
    label(body, "Grades");
    match a.credibility {
        Some(c) => w.wrap(
            body,
            &format!("credibility {} {} {}", c.get(), t.sym("—"), c.label()),
            Style::new(),
            "  ",
            "  ",
        ),
        None => w.wrap(
            body,
            &format!("credibility not graded (6 {} cannot be judged)", t.sym("—")),
            Style::new(),
            "  ",
            "  ",
        ),
    }
    if let Some(code) = b.grade(a) {
        w.wrap(
            body,
            &format!("Admiralty code {code}"),
            t.title(),
            "  ",
            "  ",
        );
    }
    label(
        body,
        if a.sources.len() == 1 {
            "Source"
        } else {
            "Sources"
        },
    );
    if a.sources.is_empty() {
        w.wrap(body, "none cited", t.dispute(), "  ", "  ");
    }
    for &s in &a.sources {
        let s = &b.sources[s];
        w.wrap(body, &s.title, t.title(), "  ", "  ");
        source_facts(w, body, s, "  ");
    }
}

/// A source's publisher, date, language and reliability, then its URL.
pub(super) fn source_facts(w: &Writer, body: &mut Body, s: &Source, indent: &str) {
    let mut facts: Vec<String> = Vec::new();
    facts.extend(s.publisher.clone());
    let t = w.theme;
    facts.extend(
        s.published
            .as_ref()
            .map(|p| t.chrome(&p.to_string()).into_owned()),
    );
    facts.extend(s.language.clone());
    if let Some(r) = s.reliability {
        facts.push(format!(
            "reliability {} {} {}",
            r.letter(),
            t.sym("—"),
            r.label()
        ));
    }
    if !facts.is_empty() {
        w.wrap(body, &facts.join(t.sep()), w.theme.muted(), indent, indent);
    }
    if let Some(url) = &s.url {
        w.wrap(body, url, Style::new(), indent, indent);
    }
}
