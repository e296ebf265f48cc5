//! The five panes of an open briefing and the details under a list.

use ratatui::layout::Rect;

use super::overlay::source_facts;
use super::*;
use crate::briefing::{Attribution, Briefing, EntryKind};
use crate::text::{fit, fit_field_parts};
use crate::tui::model::Pane;

/// A tab's label: the full name where all fit, else only the focused one.
pub fn tab_label(n: usize, pane: Pane, focused: bool, width: u16) -> String {
    let full: usize = Pane::ALL.iter().map(|p| p.title().len() + 4).sum();
    if focused || full <= usize::from(width) {
        format!(" {} {} ", n + 1, pane.title())
    } else {
        format!(" {} ", n + 1)
    }
}

/// The grade of an item in words: `F2 probably true`, or the credibility alone.
pub fn grade_text(b: &Briefing, a: &Attribution) -> String {
    match (b.grade(a), a.credibility) {
        (Some(code), Some(c)) => format!("{code} {}", c.label()),
        (None, Some(c)) => format!("credibility {} {}", c.get(), c.label()),
        _ => String::new(),
    }
}

/// The marker column: whether the selected actor takes part in an item.
/// The two marker columns of an entry or figure: whether the selected actor
/// takes part in it (▶) or disputes it (✗), and whether it changed since the
/// briefing was last read (✱).
fn item_marker(ctx: &Context<'_>, a: &Attribution, part: Part, t: &Theme) -> Vec<(String, Style)> {
    vec![
        actor_marker(ctx.marked_actor, a, t),
        change_marker(ctx, part, t),
    ]
}

/// `▶` where actor `marked` takes part in an item, `✗` where it disputes
/// it, else a space.
fn actor_marker(marked: Option<usize>, a: &Attribution, t: &Theme) -> (String, Style) {
    match marked {
        Some(m) if a.disputed_by.contains(&m) => (t.sym("✗").to_owned(), t.dispute()),
        Some(m) if a.actors.contains(&m) => (t.sym("▶").to_owned(), t.marker()),
        _ => (" ".to_owned(), Style::new()),
    }
}

/// Line `line` of a Timeline or Figures body written with no actor
/// selected ([`pane_body`] with `marked_actor` `None`), with the selected
/// actor's marker laid on, if it is the first line of item `item` and the
/// actor takes part in it or disputes it. The bodies are kept whatever the
/// actor, so moving through Actors rebuilds nothing: the marks cost the
/// rows drawn. A redline's bodies (`super::redline`) are the clean ones
/// with a gutter span before every line, and the same items.
pub fn with_actor_marker(
    ctx: &Context<'_>,
    b: &Briefing,
    pane: Pane,
    item: usize,
    line: &Line<'static>,
) -> Option<Line<'static>> {
    let marked = ctx.marked_actor?;
    // Where the marker column is: after the (empty) indent span of
    // `Writer::parts` in Timeline, first in Figures; one further right
    // behind a redline's gutter.
    let gutter = usize::from(ctx.redline.is_some());
    let (a, at) = match pane {
        Pane::Timeline => (&b.timeline.get(item)?.attribution, 1 + gutter),
        Pane::Figures => (&b.figures.get(item)?.attribution, gutter),
        _ => return None,
    };
    let (mark, style) = actor_marker(Some(marked), a, &ctx.theme);
    if mark == " " {
        return None;
    }
    let mut line = line.clone();
    *line.spans.get_mut(at)? = Span::styled(mark, style);
    Some(line)
}

/// `✱` where a part is new or changed since the last reading, else a space.
pub fn change_marker(ctx: &Context<'_>, part: Part, t: &Theme) -> (String, Style) {
    if ctx.changed(part) {
        (t.sym("✱").to_owned(), t.statement())
    } else {
        (" ".to_owned(), Style::new())
    }
}

fn meta_line(
    w: &Writer,
    body: &mut Body,
    b: &Briefing,
    a: &Attribution,
    indent: &str,
    as_of: Option<String>,
) {
    let t = &w.theme;
    let who = b.actor_names(&a.actors).join(", ");
    let disputed = b.actor_names(&a.disputed_by).join(", ");
    let mut parts = Vec::new();
    if let Some(as_of) = as_of {
        parts.push((format!("as of {}", t.chrome(&as_of)), t.muted()));
    }
    let grade = grade_text(b, a);
    if !grade.is_empty() {
        parts.push((format!("{}{grade}", sep(t, &parts)), t.muted()));
    }
    if !who.is_empty() {
        parts.push((format!("{}by {who}", sep(t, &parts)), t.muted()));
    }
    if !disputed.is_empty() {
        parts.push((
            format!("{}{} disputed by {disputed}", sep(t, &parts), t.sym("✗")),
            t.dispute(),
        ));
    }
    if !parts.is_empty() {
        w.parts(body, parts, indent, indent);
    }
}

fn sep(t: &Theme, parts: &[(String, Style)]) -> &'static str {
    if parts.is_empty() { "" } else { t.sep() }
}

pub fn pane_body(ctx: &Context<'_>, b: &Briefing, pane: Pane, width: u16) -> Body {
    if let Some(r) = ctx.redline {
        return super::redline::pane_body(ctx, r, b, pane, width);
    }
    let w = Writer::new(ctx.theme, width);
    let t = w.theme;
    let mut body = Body::default();
    match pane {
        Pane::Summary => {
            if ctx.changed(Part::Summary) {
                let (m, st) = change_marker(ctx, Part::Summary, &t);
                w.wrap(
                    &mut body,
                    &format!("{m} the summary changed since you last read it"),
                    st,
                    "",
                    "  ",
                );
            }
            body.start_item();
            w.wrap(&mut body, &b.summary.headline, t.title(), "", "");
            body.end_item();
            for p in &b.summary.body {
                body.blank();
                body.start_item();
                w.wrap(&mut body, &p.replace('\n', " "), Style::new(), "", "");
                body.end_item();
            }
            if !b.summary.key_points.is_empty() {
                body.blank();
            }
            for k in &b.summary.key_points {
                body.start_item();
                w.wrap(
                    &mut body,
                    k,
                    Style::new(),
                    &format!("{} ", t.sym("•")),
                    "  ",
                );
                body.end_item();
            }
        }
        Pane::Actors => {
            for (index, a) in b.actors.iter().enumerate() {
                body.start_item();
                // Only changed actors get the marker, so an unchanged list keeps its shape.
                let changed = if ctx.changed(Part::Actor(index)) {
                    let (m, st) = change_marker(ctx, Part::Actor(index), &t);
                    vec![Span::styled(format!("{m} "), st)]
                } else {
                    Vec::new()
                };
                let plain = changed.len() as u8;
                let lead = if changed.is_empty() { 0 } else { 2 };
                // The name, then the kind, then the affiliation: the
                // affiliation goes whole before the kind is cut, and the
                // kind before the name.
                let name = sanitize_line(&a.name);
                let kind = format!(" {}", a.kind.label());
                let aff = a
                    .affiliation
                    .as_deref()
                    .map(|aff| format!("{}{}", t.sep().trim_start(), sanitize_line(aff)));
                let mut fields: Vec<&str> = vec![&name, &kind];
                fields.extend(aff.as_deref());
                let parts =
                    fit_field_parts(&fields, " ", w.width.saturating_sub(lead), t.ellipsis(), 8);
                let mut spans = changed;
                for (i, part) in parts.into_iter().enumerate() {
                    let style = if i == 0 { t.title() } else { t.muted() };
                    spans.push(Span::styled(part, style));
                }
                let line = Line::from(spans);
                body.push(line, plain);
                body.end_item();
            }
        }
        Pane::Timeline => {
            for (index, e) in b.timeline.iter().enumerate() {
                body.gap();
                body.start_item();
                let mut first = item_marker(ctx, &e.attribution, Part::Timeline(index), &t);
                let kind = match e.kind {
                    EntryKind::Statement => (format!("  {} statement", t.sym("❝")), t.statement()),
                    EntryKind::Event => (String::new(), Style::new()),
                };
                w.parts(
                    &mut body,
                    {
                        first
                            .extend([(t.chrome(&e.when.to_string()).into_owned(), t.date()), kind]);
                        first
                    },
                    "",
                    "  ",
                );
                w.wrap(&mut body, &e.what, Style::new(), "  ", "  ");
                meta_line(&w, &mut body, b, &e.attribution, "  ", None);
                body.end_item();
            }
        }
        Pane::Figures => {
            let num_width = b
                .figures
                .iter()
                .map(|f| text_width(&f.display_value()))
                .max()
                .unwrap_or(0);
            let unit_width = b
                .figures
                .iter()
                .map(|f| text_width(&sanitize_line(&f.unit)))
                .max()
                .unwrap_or(0);
            for (index, f) in b.figures.iter().enumerate() {
                body.start_item();
                let marks = item_marker(ctx, &f.attribution, Part::Figure(index), &t);
                let unit = sanitize_line(&f.unit);
                let pad = " ".repeat(unit_width.saturating_sub(text_width(&unit)));
                let lead = format!("{:>num_width$}", f.display_value());
                let used = 2 + num_width + 1 + unit_width + 2;
                let what = fit(
                    &sanitize_line(&f.what),
                    w.width.saturating_sub(used),
                    t.ellipsis(),
                )
                .into_owned();
                let mut spans: Vec<Span> = marks
                    .into_iter()
                    .map(|(m, st)| Span::styled(m, st))
                    .collect();
                let plain = spans.len() as u8;
                spans.push(Span::styled(lead, t.number()));
                spans.push(Span::styled(format!(" {unit}{pad}  "), t.title()));
                spans.push(Span::styled(what, Style::new()));
                body.push(Line::from(spans), plain);
                body.end_item();
            }
        }
        Pane::Sources => {
            for (index, s) in b.sources.iter().enumerate() {
                body.gap();
                body.start_item();
                let mut first = Vec::new();
                if ctx.changed(Part::Source(index)) {
                    let (m, st) = change_marker(ctx, Part::Source(index), &t);
                    first.push((format!("{m} "), st));
                }
                first.extend([
                    (format!("[{}] ", s.id), t.muted()),
                    (s.title.clone(), t.title()),
                ]);
                w.parts(&mut body, first, "", "    ");
                source_facts(&w, &mut body, s, "    ");
                body.end_item();
            }
        }
    }
    body
}

/// Details of the selected item, always in view under the list: an actor's
/// role and aliases, a figure's full description, date, grade and claimants.
pub fn detail(ctx: &Context<'_>, b: &Briefing, pane: Pane, width: u16) -> Body {
    let w = Writer::new(ctx.theme, width);
    let t = w.theme;
    let mut body = Body::default();
    match pane {
        Pane::Actors => {
            let Some(i) = ctx.marked_actor else {
                return body;
            };
            let a = &b.actors[i];
            if let Some(role) = &a.role {
                w.wrap(&mut body, role, Style::new(), "", "");
            }
            if !a.aliases.is_empty() {
                w.wrap(
                    &mut body,
                    &format!("also: {}", a.aliases.join(", ")),
                    t.muted(),
                    "",
                    "  ",
                );
            }
        }
        Pane::Figures => {
            let sel = ctx.selected_figure;
            let Some(f) = b.figures.get(sel) else {
                return body;
            };
            w.wrap(&mut body, &f.what, Style::new(), "", "");
            let as_of = f.as_of.as_ref().map(ToString::to_string);
            meta_line(&w, &mut body, b, &f.attribution, "", as_of);
        }
        _ => {}
    }
    body
}

/// A pane's list area and, below it, the area for [`detail`]. The details
/// get the rows they need first (a rule and their lines); the list keeps
/// [`LIST_MIN`] rows, so the selection stays in view. Details that still do
/// not fit are marked as cut where they are drawn.
pub fn split(ctx: &Context<'_>, b: &Briefing, pane: Pane, inner: Rect) -> (Rect, Rect) {
    let detail = detail(ctx, b, pane, inner.width).lines.len() as u16;
    let list_min = LIST_MIN.min(inner.height);
    let detail_h = if detail == 0 {
        0
    } else {
        (detail + 1).min(inner.height - list_min)
    };
    // A rule with nothing under it says nothing.
    let detail_h = if detail_h < 2 { 0 } else { detail_h };
    let list = Rect {
        height: inner.height - detail_h,
        ..inner
    };
    let rest = Rect {
        y: inner.y + list.height,
        height: detail_h,
        ..inner
    };
    (list, rest)
}

/// Rows a list keeps above the details of its selected item.
pub const LIST_MIN: u16 = 3;
