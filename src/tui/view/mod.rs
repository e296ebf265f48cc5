//! What each part of the screen says, as styled, pre-wrapped lines.
//!
//! Text is wrapped here, once, to the width it will be drawn at, so that
//! scrolling counts real rows. Every string from a briefing passes through
//! [`sanitize_line`] on its way into a line; nothing else reaches the screen.

mod cite;
mod overlay;

pub use cite::{citation, source_url};
pub use overlay::overlay_body;
use overlay::source_facts;

use std::ops::Range;

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::app::{App, Hit, Overlay, Pane};
use super::keymap::{Group, Keymap};
use super::ui::theme::Theme;
use crate::briefing::{Attribution, Briefing, EntryKind, Figure, Source, TimelineEntry};
use crate::library::state::Part;
use crate::text::{sanitize_line, truncate, width as text_width};

/// Lines to draw and, for lists, which lines each item covers.
#[derive(Debug, Default)]
pub struct Body {
    pub lines: Vec<Line<'static>>,
    pub items: Vec<Range<usize>>,
}

impl Body {
    fn start_item(&mut self) {
        let n = self.lines.len();
        self.items.push(n..n);
    }

    /// Closes the item begun last; an item always covers at least one line.
    fn end_item(&mut self) {
        if self
            .items
            .last()
            .is_some_and(|r| r.start == self.lines.len())
        {
            self.lines.push(Line::default());
        }
        let n = self.lines.len();
        if let Some(last) = self.items.last_mut() {
            last.end = n;
        }
    }

    fn blank(&mut self) {
        self.lines.push(Line::default());
    }

    /// A blank line between list items, outside both.
    fn gap(&mut self) {
        if !self.items.is_empty() {
            self.blank();
        }
    }
}

/// Wrapping and highlighting for one pane or overlay.
pub struct Writer<'a> {
    pub theme: Theme,
    pub width: usize,
    pub query: &'a str,
}

impl Writer<'_> {
    /// Appends `text` wrapped to the width, with indents, in one style, and
    /// search matches highlighted.
    pub fn wrap(&self, body: &mut Body, text: &str, style: Style, first: &str, rest: &str) {
        let clean = sanitize_line(text);
        let avail = self
            .width
            .saturating_sub(text_width(first).max(text_width(rest)))
            .max(1);
        let opts = crate::wrap::options(avail).break_words(true);
        for (i, piece) in textwrap::wrap(&clean, opts).iter().enumerate() {
            let indent = if i == 0 { first } else { rest };
            let mut spans = vec![Span::raw(indent.to_owned())];
            spans.extend(highlight(piece, style, self.query, self.theme.hit()));
            body.lines.push(Line::from(spans));
        }
        if clean.is_empty() {
            body.lines.push(Line::from(first.to_owned()));
        }
    }

    /// Differently styled parts wrapped together as one text, each part
    /// keeping its style across line breaks, search matches highlighted.
    pub fn parts(&self, body: &mut Body, parts: Vec<(String, Style)>, first: &str, rest: &str) {
        let mut full = String::new();
        let mut styles: Vec<(Range<usize>, Style)> = Vec::new();
        for (text, style) in parts {
            let clean = sanitize_line(&text);
            let start = full.len();
            full.push_str(&clean);
            styles.push((start..full.len(), style));
        }
        let avail = self
            .width
            .saturating_sub(text_width(first).max(text_width(rest)))
            .max(1);
        let opts = crate::wrap::options(avail).break_words(true);
        let mut from = 0;
        for (i, piece) in textwrap::wrap(&full, opts).iter().enumerate() {
            // Each wrapped line is a slice of `full`; find where, to know its styles.
            let start = full[from..]
                .find(piece.as_ref())
                .map_or(from, |at| from + at);
            let end = start + piece.len();
            from = end;
            let indent = if i == 0 { first } else { rest };
            let mut spans = vec![Span::raw(indent.to_owned())];
            for (range, style) in &styles {
                let (a, z) = (range.start.max(start), range.end.min(end));
                if a < z {
                    spans.extend(highlight(&full[a..z], *style, self.query, self.theme.hit()));
                }
            }
            body.lines.push(Line::from(spans));
        }
        if full.is_empty() {
            body.lines.push(Line::from(first.to_owned()));
        }
    }
}

/// Splits `text` into spans, matches of `query` (ignoring case) in `hit` style.
pub fn highlight(text: &str, style: Style, query: &str, hit: Style) -> Vec<Span<'static>> {
    let ranges = find_ignoring_case(text, query);
    if ranges.is_empty() {
        return vec![Span::styled(text.to_owned(), style)];
    }
    let mut spans = Vec::new();
    let mut at = 0;
    for r in ranges {
        if r.start > at {
            spans.push(Span::styled(text[at..r.start].to_owned(), style));
        }
        spans.push(Span::styled(text[r.clone()].to_owned(), style.patch(hit)));
        at = r.end;
    }
    if at < text.len() {
        spans.push(Span::styled(text[at..].to_owned(), style));
    }
    spans
}

/// Byte ranges where `needle` occurs in `hay`, compared character by
/// character in lower case, without overlaps.
pub fn find_ignoring_case(hay: &str, needle: &str) -> Vec<Range<usize>> {
    let wanted: Vec<char> = needle.chars().flat_map(char::to_lowercase).collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = hay.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    'outer: while i < chars.len() {
        let mut j = i;
        let mut w = 0;
        while w < wanted.len() {
            let Some(&(_, c)) = chars.get(j) else {
                break 'outer;
            };
            let mut lower = c.to_lowercase();
            if lower.len() != 1 || lower.next() != Some(wanted[w]) {
                i += 1;
                continue 'outer;
            }
            j += 1;
            w += 1;
        }
        let end = chars.get(j).map_or(hay.len(), |&(b, _)| b);
        out.push(chars[i].0..end);
        i = j;
    }
    out
}

fn matches(text: &str, query: &str) -> bool {
    !find_ignoring_case(&sanitize_line(text), query).is_empty()
}

fn summary_blocks(b: &Briefing) -> Vec<&str> {
    let mut v = vec![b.summary.headline.as_str()];
    v.extend(b.summary.body.iter().map(String::as_str));
    v.extend(b.summary.key_points.iter().map(String::as_str));
    v
}

fn entry_text(b: &Briefing, t: &TimelineEntry) -> String {
    format!(
        "{} {} {} {}",
        t.when,
        t.what,
        t.attribution.quote.as_deref().unwrap_or(""),
        attribution_names(b, &t.attribution)
    )
}

fn figure_text(b: &Briefing, f: &Figure) -> String {
    format!(
        "{} {} {} {} {}",
        f.display_value(),
        f.unit,
        f.what,
        f.attribution.quote.as_deref().unwrap_or(""),
        attribution_names(b, &f.attribution)
    )
}

fn attribution_names(b: &Briefing, a: &Attribution) -> String {
    let mut names = b.actor_names(&a.actors);
    names.extend(b.actor_names(&a.disputed_by));
    names.join(" ")
}

/// Every item of every pane that contains the query, in pane order.
pub fn search_hits(b: &Briefing, query: &str) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut push = |pane, item, text: &str| {
        if matches(text, query) {
            hits.push(Hit { pane, item });
        }
    };
    for (i, block) in summary_blocks(b).iter().enumerate() {
        push(Pane::Summary, i, block);
    }
    for (i, a) in b.actors.iter().enumerate() {
        let text = format!(
            "{} {} {} {} {}",
            a.name,
            a.kind.label(),
            a.affiliation.as_deref().unwrap_or(""),
            a.role.as_deref().unwrap_or(""),
            a.aliases.join(" ")
        );
        push(Pane::Actors, i, &text);
    }
    for (i, t) in b.timeline.iter().enumerate() {
        push(Pane::Timeline, i, &entry_text(b, t));
    }
    for (i, f) in b.figures.iter().enumerate() {
        push(Pane::Figures, i, &figure_text(b, f));
    }
    for (i, s) in b.sources.iter().enumerate() {
        let text = format!(
            "{} {} {} {}",
            s.id,
            s.title,
            s.publisher.as_deref().unwrap_or(""),
            s.url.as_deref().unwrap_or("")
        );
        push(Pane::Sources, i, &text);
    }
    hits
}

fn writer(app: &App, width: u16) -> Writer<'_> {
    Writer {
        theme: theme(app),
        width: usize::from(width),
        query: if app.screen == super::app::Screen::Briefing {
            &app.search.query
        } else {
            ""
        },
    }
}

pub fn theme(app: &App) -> Theme {
    Theme {
        color: app.options.color,
        ascii: app.options.ascii,
        palette: app.options.palette,
    }
}

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
fn item_marker(app: &App, a: &Attribution, part: Part, t: &Theme) -> Vec<(String, Style)> {
    let actor = match app.marked_actor() {
        Some(m) if a.disputed_by.contains(&m) => (t.glyph("✗", "x").to_owned(), t.dispute()),
        Some(m) if a.actors.contains(&m) => (t.glyph("▶", ">").to_owned(), t.marker()),
        _ => (" ".to_owned(), Style::new()),
    };
    vec![actor, change_marker(app, part, t)]
}

/// `✱` where a part is new or changed since the last reading, else a space.
pub fn change_marker(app: &App, part: Part, t: &Theme) -> (String, Style) {
    if app.changed(part) {
        (t.glyph("✱", "+").to_owned(), t.statement())
    } else {
        (" ".to_owned(), Style::new())
    }
}

fn meta_line(
    w: &Writer<'_>,
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
        parts.push((format!("as of {as_of}"), t.muted()));
    }
    let grade = grade_text(b, a);
    if !grade.is_empty() {
        parts.push((format!("{}{grade}", sep(&parts)), t.muted()));
    }
    if !who.is_empty() {
        parts.push((format!("{}by {who}", sep(&parts)), t.muted()));
    }
    if !disputed.is_empty() {
        parts.push((
            format!(
                "{}{}disputed by {disputed}",
                sep(&parts),
                t.glyph("✗ ", "x ")
            ),
            t.dispute(),
        ));
    }
    if !parts.is_empty() {
        w.parts(body, parts, indent, indent);
    }
}

fn sep(parts: &[(String, Style)]) -> &'static str {
    if parts.is_empty() { "" } else { " · " }
}

pub fn pane_body(app: &App, b: &Briefing, pane: Pane, width: u16) -> Body {
    let w = writer(app, width);
    let t = w.theme;
    let mut body = Body::default();
    match pane {
        Pane::Summary => {
            if app.changed(Part::Summary) {
                let (m, st) = change_marker(app, Part::Summary, &t);
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
                w.wrap(&mut body, k, Style::new(), t.glyph("• ", "* "), "  ");
                body.end_item();
            }
        }
        Pane::Actors => {
            for (index, a) in b.actors.iter().enumerate() {
                body.start_item();
                let kind = match &a.affiliation {
                    Some(aff) => format!("  {} · {aff}", a.kind.label()),
                    None => format!("  {}", a.kind.label()),
                };
                // Only changed actors get the marker, so an unchanged list keeps its shape.
                let changed = if app.changed(Part::Actor(index)) {
                    let (m, st) = change_marker(app, Part::Actor(index), &t);
                    vec![Span::styled(format!("{m} "), st)]
                } else {
                    Vec::new()
                };
                let line = Line::from(
                    [
                        changed,
                        highlight(&sanitize_line(&a.name), t.title(), w.query, t.hit()),
                        highlight(&sanitize_line(&kind), t.muted(), w.query, t.hit()),
                    ]
                    .concat(),
                );
                body.lines.push(line);
                body.end_item();
            }
        }
        Pane::Timeline => {
            for (index, e) in b.timeline.iter().enumerate() {
                body.gap();
                body.start_item();
                let mut first = item_marker(app, &e.attribution, Part::Timeline(index), &t);
                let kind = match e.kind {
                    EntryKind::Statement => (
                        format!("  {}statement", t.glyph("❝ ", "\" ")),
                        t.statement(),
                    ),
                    EntryKind::Event => (String::new(), Style::new()),
                };
                w.parts(
                    &mut body,
                    {
                        first.extend([(e.when.to_string(), t.date()), kind]);
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
                let marks = item_marker(app, &f.attribution, Part::Figure(index), &t);
                let unit = sanitize_line(&f.unit);
                let pad = " ".repeat(unit_width.saturating_sub(text_width(&unit)));
                let lead = format!("{:>num_width$}", f.display_value());
                let used = 2 + num_width + 1 + unit_width + 2;
                let what =
                    truncate(&sanitize_line(&f.what), w.width.saturating_sub(used)).into_owned();
                let mut spans: Vec<Span> = marks
                    .into_iter()
                    .map(|(m, st)| Span::styled(m, st))
                    .collect();
                spans.extend(highlight(&lead, t.number(), w.query, t.hit()));
                spans.extend(highlight(
                    &format!(" {unit}{pad}  "),
                    t.title(),
                    w.query,
                    t.hit(),
                ));
                spans.extend(highlight(&what, Style::new(), w.query, t.hit()));
                body.lines.push(Line::from(spans));
                body.end_item();
            }
        }
        Pane::Sources => {
            for (index, s) in b.sources.iter().enumerate() {
                body.gap();
                body.start_item();
                let mut first = Vec::new();
                if app.changed(Part::Source(index)) {
                    let (m, st) = change_marker(app, Part::Source(index), &t);
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
pub fn detail(app: &App, b: &Briefing, pane: Pane, width: u16) -> Body {
    let w = writer(app, width);
    let t = w.theme;
    let mut body = Body::default();
    match pane {
        Pane::Actors => {
            let Some(i) = app.marked_actor() else {
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
            let sel = app.panes[Pane::Figures.index()].selected;
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

/// A pane's list area and, below it, the area for [`detail`].
pub fn split(app: &App, b: &Briefing, pane: Pane, inner: Rect) -> (Rect, Rect) {
    let detail = detail(app, b, pane, inner.width).lines.len() as u16;
    // A rule above the details; at most half the pane goes to them.
    let detail_h = if detail == 0 {
        0
    } else {
        (detail + 1).min(inner.height / 2)
    };
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
