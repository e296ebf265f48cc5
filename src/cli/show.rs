//! `brief show`: a briefing as plain text, Markdown, JSON or HTML on standard output.
//! Never touches the terminal mode, so it is safe in pipes and scripts.

use std::io::{self, IsTerminal, Write};

use super::{Outcome, Section, ShowArgs, ShowFormat};
use crate::briefing::validate::to_raw;
use crate::briefing::{Attribution, Briefing, EntryKind, load_file};
use crate::text::{self, sanitize_line};

pub fn run(args: &ShowArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Outcome> {
    let root = args
        .file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let report = load_file(&args.file, root);
    let Some(briefing) = report.briefing else {
        for d in &report.diagnostics {
            write!(err, "{}", d.render())?;
        }
        let io = report.diagnostics.iter().any(|d| d.io_failure);
        return Ok(if io {
            Outcome::Failure
        } else {
            Outcome::Problems
        });
    };
    let width = args.width.map_or_else(terminal_width, usize::from).max(20);
    let text = match args.format {
        ShowFormat::Text => text(&briefing, args.section, width),
        ShowFormat::Markdown => markdown(&briefing, args.section),
        ShowFormat::Json => json(&briefing, args.section),
        ShowFormat::Html => super::html::html(&briefing, args.section),
    };
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(Outcome::Ok)
}

/// The width to wrap at: the terminal's when stdout is one, else 80.
fn terminal_width() -> usize {
    if io::stdout().is_terminal() {
        crossterm::terminal::size().map_or(80, |(w, _)| usize::from(w))
    } else {
        80
    }
}

pub(crate) fn sections(only: Option<Section>) -> Vec<Section> {
    match only {
        Some(s) => vec![s],
        None => vec![
            Section::Summary,
            Section::Actors,
            Section::Timeline,
            Section::Figures,
            Section::Sources,
        ],
    }
}

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
fn facts(parts: &[String]) -> String {
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

/// Markdown for pasting into notes and tickets. Briefing text is escaped
/// ([`text::markdown`]): raw HTML shows as text, and a source's URL becomes a
/// link only when it is `http` or `https` ([`text::markdown_link`]).
pub fn markdown(b: &Briefing, only: Option<Section>) -> String {
    let mut o = String::new();
    let clean = text::markdown;
    if only.is_none() {
        o.push_str(&format!("# {}\n\n", clean(&b.title)));
        o.push_str(&format!("*{}*\n\n", clean(&header_facts(b))));
        if !b.tags.is_empty() {
            o.push_str(&format!("Tags: {}\n\n", clean(&b.tags.join(", "))));
        }
    }
    for section in sections(only) {
        match section {
            Section::Summary => {
                o.push_str(&format!(
                    "## Summary\n\n**{}**\n\n",
                    clean(&b.summary.headline)
                ));
                for p in &b.summary.body {
                    o.push_str(&format!("{}\n\n", clean(&p.replace('\n', " "))));
                }
                for k in &b.summary.key_points {
                    o.push_str(&format!("- {}\n", clean(k)));
                }
                if !b.summary.key_points.is_empty() {
                    o.push('\n');
                }
            }
            Section::Actors => {
                o.push_str("## Actors\n\n");
                for a in &b.actors {
                    let kind = facts(&[
                        a.kind.label().to_owned(),
                        a.affiliation.clone().unwrap_or_default(),
                    ]);
                    o.push_str(&format!("- **{}** ({})", clean(&a.name), clean(&kind)));
                    if let Some(role) = &a.role {
                        o.push_str(&format!(": {}", clean(role)));
                    }
                    if !a.aliases.is_empty() {
                        o.push_str(&format!(
                            " Also known as: {}.",
                            clean(&a.aliases.join(", "))
                        ));
                    }
                    o.push('\n');
                }
                o.push('\n');
            }
            Section::Timeline => {
                o.push_str("## Timeline\n\n");
                for t in &b.timeline {
                    let kind = if t.kind == EntryKind::Statement {
                        " *(statement)*"
                    } else {
                        ""
                    };
                    o.push_str(&format!("- **{}**{kind}: {}\n", t.when, clean(&t.what)));
                    md_attribution(&mut o, b, &t.attribution);
                }
                o.push('\n');
            }
            Section::Figures => {
                o.push_str("## Figures\n\n");
                for f in &b.figures {
                    let as_of = f
                        .as_of
                        .as_ref()
                        .map(|w| format!(" (as of {w})"))
                        .unwrap_or_default();
                    o.push_str(&format!(
                        "- **{} {}**: {}{as_of}\n",
                        f.display_value(),
                        clean(&f.unit),
                        clean(&f.what)
                    ));
                    md_attribution(&mut o, b, &f.attribution);
                }
                o.push('\n');
            }
            Section::Sources => {
                o.push_str("## Sources\n\n");
                for s in &b.sources {
                    let title = match &s.url {
                        Some(url) => text::markdown_link(&s.title, url),
                        None => clean(&s.title),
                    };
                    let reliability = s
                        .reliability
                        .map(|r| format!("reliability {}", r.letter()))
                        .unwrap_or_default();
                    let line = facts(&[
                        s.publisher.clone().unwrap_or_default(),
                        s.published
                            .as_ref()
                            .map(ToString::to_string)
                            .unwrap_or_default(),
                        reliability,
                    ]);
                    o.push_str(&format!("- `{}` {title}", s.id));
                    if !line.is_empty() {
                        o.push_str(&format!(" — {}", clean(&line)));
                    }
                    o.push('\n');
                }
                o.push('\n');
            }
        }
    }
    o
}

fn md_attribution(o: &mut String, b: &Briefing, a: &Attribution) {
    if let Some(q) = &a.quote {
        o.push_str(&format!("  > {}\n", text::markdown(q)));
    }
    let f = attribution_facts(b, a);
    if !f.is_empty() {
        o.push_str(&format!("  <br>*{}*\n", text::markdown(&f)));
    }
}

/// The briefing as format-1 JSON (the whole file, or one section's value).
pub fn json(b: &Briefing, only: Option<Section>) -> String {
    let value = serde_json::to_value(to_raw(b)).expect("briefings serialize");
    let value = match only {
        None => value,
        Some(s) => {
            let key = match s {
                Section::Summary => "summary",
                Section::Actors => "actors",
                Section::Timeline => "timeline",
                Section::Figures => "figures",
                Section::Sources => "sources",
            };
            value
                .get(key)
                .cloned()
                .unwrap_or(serde_json::Value::Array(Vec::new()))
        }
    };
    // C1 controls, DEL, bidi and line separators as `\u` escapes: the same
    // value, but inert when the JSON is printed on a terminal.
    text::to_json_pretty(&value).expect("JSON values serialize")
}
