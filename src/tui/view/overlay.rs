//! The text of overlays: help, load errors, and the details of an actor,
//! entry, figure or source.

use super::*;

/// The text of an overlay at a width.
pub fn overlay_body(app: &App, overlay: Overlay, width: u16) -> Body {
    let w = Writer {
        query: "",
        ..writer(app, width)
    };
    let t = w.theme;
    let mut body = Body::default();
    let Some(b) = app.briefing() else {
        match overlay {
            Overlay::Help => help(&w, &mut body, &app.keymap),
            Overlay::Errors => errors(app, &w, &mut body),
            _ => {}
        }
        return body;
    };
    match overlay {
        Overlay::Help => help(&w, &mut body, &app.keymap),
        Overlay::Errors => errors(app, &w, &mut body),
        Overlay::Actor(i) => {
            let a = &b.actors[i];
            let kind = match &a.affiliation {
                Some(aff) => format!("{} · {aff}", a.kind.label()),
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
                w.parts(body, vec![(e.when.to_string(), t.date())], "  ", "    ");
                w.wrap(body, &e.what, Style::new(), "    ", "    ");
                if let Some(q) = &e.attribution.quote {
                    w.wrap(body, &format!("“{q}”"), t.quote(), "    ", "     ");
                }
            };
            let figure = |f: &Figure, body: &mut Body| {
                w.parts(
                    body,
                    vec![
                        (f.display_value(), t.number()),
                        (format!(" {} — {}", f.unit, f.what), Style::new()),
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
                    (format!(" · {}", e.when), t.date()),
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
                w.wrap(&mut body, &format!("as of {as_of}"), t.muted(), "", "");
            }
            item_detail(&w, &mut body, b, &f.attribution);
        }
        Overlay::Source(i) => source_text(&w, &mut body, b, i),
    }
    body
}

pub(super) fn item_detail(w: &Writer<'_>, body: &mut Body, b: &Briefing, a: &Attribution) {
    let t = w.theme;
    let label = |body: &mut Body, s: &str| {
        body.blank();
        w.wrap(body, s, t.pane_title(false), "", "");
    };
    if let Some(q) = &a.quote {
        label(body, "Quote");
        w.wrap(body, &format!("“{q}”"), t.quote(), "  ", "   ");
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
            &format!("credibility {} — {}", c.get(), c.label()),
            Style::new(),
            "  ",
            "  ",
        ),
        None => w.wrap(
            body,
            "credibility not graded (6 — cannot be judged)",
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
pub(super) fn source_facts(w: &Writer<'_>, body: &mut Body, s: &Source, indent: &str) {
    let mut facts: Vec<String> = Vec::new();
    facts.extend(s.publisher.clone());
    facts.extend(s.published.as_ref().map(ToString::to_string));
    facts.extend(s.language.clone());
    if let Some(r) = s.reliability {
        facts.push(format!("reliability {} — {}", r.letter(), r.label()));
    }
    if !facts.is_empty() {
        w.wrap(body, &facts.join(" · "), w.theme.muted(), indent, indent);
    }
    if let Some(url) = &s.url {
        w.wrap(body, url, Style::new(), indent, indent);
    }
}

/// A source's full text with every passage the briefing quotes from it marked.
pub(super) fn source_text(w: &Writer<'_>, body: &mut Body, b: &Briefing, i: usize) {
    let t = w.theme;
    let s = &b.sources[i];
    let quotes: Vec<&str> = b
        .timeline
        .iter()
        .map(|e| &e.attribution)
        .chain(b.figures.iter().map(|f| &f.attribution))
        .filter(|a| a.sources.contains(&i))
        .filter_map(|a| a.quote.as_deref())
        .collect();
    source_facts(w, body, s, "");
    let Some(text) = &s.text else {
        body.blank();
        w.wrap(
            body,
            "This source has no text in the briefing.",
            t.muted(),
            "",
            "",
        );
        return;
    };
    w.wrap(
        body,
        &format!("{} quoted passages are underlined.", quotes.len()),
        t.muted(),
        "",
        "",
    );
    body.blank();
    for para in text.content.lines() {
        let clean = sanitize_line(para);
        let marked: Vec<Range<usize>> = quotes
            .iter()
            .filter_map(|q| crate::briefing::validate::find_folded(&clean, q))
            .collect();
        if clean.trim().is_empty() {
            body.blank();
            continue;
        }
        let opts = crate::wrap::options(w.width.max(1)).break_words(true);
        let mut from = 0;
        for piece in textwrap::wrap(&clean, opts) {
            let start = clean[from..]
                .find(piece.as_ref())
                .map_or(from, |i| from + i);
            let end = start + piece.len();
            from = end;
            let mut spans = Vec::new();
            let mut at = start;
            let mut cuts: Vec<(usize, usize)> = marked
                .iter()
                .filter(|r| r.start < end && r.end > start)
                .map(|r| (r.start.max(start), r.end.min(end)))
                .collect();
            cuts.sort();
            for (a, z) in cuts {
                if a > at {
                    spans.push(Span::raw(clean[at..a].to_owned()));
                }
                if z > a.max(at) {
                    spans.push(Span::styled(
                        clean[a.max(at)..z].to_owned(),
                        t.quoted_passage(),
                    ));
                }
                at = at.max(z);
            }
            if at < end {
                spans.push(Span::raw(clean[at..end].to_owned()));
            }
            body.lines.push(Line::from(spans));
        }
    }
}

pub(super) fn help(w: &Writer<'_>, body: &mut Body, keymap: &Keymap) {
    let t = w.theme;
    for group in [
        Group::General,
        Group::Moving,
        Group::Briefing,
        Group::Library,
    ] {
        if !body.lines.is_empty() {
            body.blank();
        }
        w.wrap(body, group.title(), t.pane_title(false), "", "");
        for b in keymap
            .bindings()
            .iter()
            .filter(|b| b.group == group && !b.keys.is_empty())
        {
            let keys: Vec<String> = b.keys.iter().map(|k| k.label()).collect();
            let keys = format!("{:<18}", keys.join(" "));
            w.parts(
                body,
                vec![
                    (keys, t.title()),
                    (b.action.describe().to_owned(), Style::new()),
                ],
                "  ",
                "                    ",
            );
        }
    }
}

pub(super) fn errors(app: &App, w: &Writer<'_>, body: &mut Body) {
    let t = w.theme;
    for d in &app.diagnostics {
        for (i, line) in d.render().lines().enumerate() {
            let style = if i == 0 && d.is_error() {
                t.error()
            } else if i == 0 {
                t.title()
            } else {
                Style::new()
            };
            w.wrap(body, line, style, "", "    ");
        }
    }
}
