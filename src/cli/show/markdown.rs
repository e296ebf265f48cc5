//! `brief show --format markdown`.

use super::plain::{attribution_facts, facts, header_facts};
use super::{Section, sections};
use crate::briefing::{Attribution, Briefing, EntryKind};
use crate::text;

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
