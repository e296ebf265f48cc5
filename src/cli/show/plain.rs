//! `brief show` as plain text, wrapped to a width: the text, and the
//! lines of facts the other formats share.

use super::{Section, sections};
use crate::briefing::{Attribution, Briefing, EntryKind};
use crate::text::sanitize_line;

/// Appends `text`, sanitized and wrapped to `width` with the given indents.
fn wrap(out: &mut String, text: &str, first: &str, rest: &str, width: usize) {
    let clean = sanitize_line(text);
    let opts = crate::wrap::options(width)
        .initial_indent(first)
        .subsequent_indent(rest);
    for line in textwrap::wrap(&clean, opts) {
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// One line of facts joined by middle dots, leaving out the empty ones.
pub(super) fn facts(parts: &[String]) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(" · ")
}

pub fn header_facts(b: &Briefing) -> String {
    facts(&[
        b.date.to_string(),
        format!("priority {}", b.priority.label()),
        b.region.clone().unwrap_or_default(),
        b.updated
            .map(|u| format!("updated {}", u.format("%-d %b %Y %H:%M %:z")))
            .unwrap_or_default(),
    ])
}

/// Who, how credible and from where, as one line.
pub fn attribution_facts(b: &Briefing, a: &Attribution) -> String {
    let who = b.actor_names(&a.actors).join(", ");
    let grade = b.grade_text(a);
    let sources = b
        .source_titles(&a.sources)
        .iter()
        .map(|t| format!("source: {t}"))
        .collect::<Vec<_>>()
        .join("; ");
    let disputed = b.actor_names(&a.disputed_by).join(", ");
    facts(&[
        if who.is_empty() {
            who
        } else {
            format!("by {who}")
        },
        grade,
        if disputed.is_empty() {
            disputed
        } else {
            format!("disputed by {disputed}")
        },
        sources,
    ])
}

pub fn text(b: &Briefing, only: Option<Section>, width: usize) -> String {
    let mut o = String::new();
    if only.is_none() {
        wrap(&mut o, &b.title, "", "", width);
        wrap(&mut o, &header_facts(b), "", "", width);
        if !b.tags.is_empty() {
            wrap(
                &mut o,
                &format!("tags: {}", b.tags.join(", ")),
                "",
                "      ",
                width,
            );
        }
    }
    for section in sections(only) {
        if !o.is_empty() {
            o.push('\n');
        }
        match section {
            Section::Summary => {
                o.push_str("SUMMARY\n");
                wrap(&mut o, &b.summary.headline, "  ", "  ", width);
                for p in &b.summary.body {
                    o.push('\n');
                    wrap(&mut o, &p.replace('\n', " "), "  ", "  ", width);
                }
                if !b.summary.key_points.is_empty() {
                    o.push('\n');
                }
                for k in &b.summary.key_points {
                    wrap(&mut o, k, "  • ", "    ", width);
                }
            }
            Section::Actors => {
                o.push_str("ACTORS\n");
                for a in &b.actors {
                    let kind = facts(&[
                        a.kind.label().to_owned(),
                        a.affiliation.clone().unwrap_or_default(),
                    ]);
                    wrap(
                        &mut o,
                        &format!("{} ({kind})", a.name),
                        "  ",
                        "      ",
                        width,
                    );
                    if let Some(role) = &a.role {
                        wrap(&mut o, role, "      ", "      ", width);
                    }
                    if !a.aliases.is_empty() {
                        wrap(
                            &mut o,
                            &format!("also known as: {}", a.aliases.join(", ")),
                            "      ",
                            "      ",
                            width,
                        );
                    }
                }
            }
            Section::Timeline => {
                o.push_str("TIMELINE\n");
                for t in &b.timeline {
                    let kind = match t.kind {
                        EntryKind::Statement => "statement",
                        EntryKind::Event => "",
                    };
                    wrap(
                        &mut o,
                        &facts(&[t.when.to_string(), kind.to_owned()]),
                        "  ",
                        "  ",
                        width,
                    );
                    wrap(&mut o, &t.what, "      ", "      ", width);
                    quote_and_facts(&mut o, b, &t.attribution, width);
                }
            }
            Section::Figures => {
                o.push_str("FIGURES\n");
                for f in &b.figures {
                    wrap(
                        &mut o,
                        &format!("{} {}", f.display_value(), f.unit),
                        "  ",
                        "      ",
                        width,
                    );
                    wrap(&mut o, &f.what, "      ", "      ", width);
                    if let Some(as_of) = &f.as_of {
                        wrap(&mut o, &format!("as of {as_of}"), "      ", "      ", width);
                    }
                    quote_and_facts(&mut o, b, &f.attribution, width);
                }
            }
            Section::Sources => {
                o.push_str("SOURCES\n");
                for s in &b.sources {
                    wrap(
                        &mut o,
                        &format!("[{}] {}", s.id, s.title),
                        "  ",
                        "      ",
                        width,
                    );
                    let reliability = s
                        .reliability
                        .map(|r| format!("reliability {} {}", r.letter(), r.label()))
                        .unwrap_or_default();
                    let line = facts(&[
                        s.publisher.clone().unwrap_or_default(),
                        s.published
                            .as_ref()
                            .map(ToString::to_string)
                            .unwrap_or_default(),
                        s.language.clone().unwrap_or_default(),
                        reliability,
                    ]);
                    if !line.is_empty() {
                        wrap(&mut o, &line, "      ", "      ", width);
                    }
                    if let Some(url) = &s.url {
                        o.push_str(&format!("      {}\n", sanitize_line(url)));
                    }
                }
            }
        }
    }
    o
}

fn quote_and_facts(o: &mut String, b: &Briefing, a: &Attribution, width: usize) {
    if let Some(q) = &a.quote {
        wrap(o, &format!("“{q}”"), "      ", "       ", width);
    }
    let f = attribution_facts(b, a);
    if !f.is_empty() {
        wrap(o, &f, "      ", "      ", width);
    }
}
