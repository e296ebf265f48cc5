//! The redline drawn in the panes (docs/redline.md): the pane's clean
//! lines, each behind a two-column gutter, with what changed laid in.
//!
//! An added part gets `+` in the gutter; a changed one `✱` and, under its
//! lines, each field that differs: prose as a word diff (deleted words
//! crossed out and dim, inserted ones underlined and bold, red and green
//! with colour, `[-old-]{+new+}` under `--ascii`), values as `11 → 32
//! killed`. A removed part is drawn where it was, before the part that
//! followed it, struck through behind a `-`. In the summary the headline,
//! paragraphs and key points are rewritten in place as word diffs, and the
//! header's changes (title, date, tags…) come first.
//!
//! The items of the clean body are kept as they are, so selection,
//! scrolling and search count the same items; removed parts sit between
//! items. Everything passes through [`Writer`], which sanitizes.

use ratatui::style::{Color, Modifier, Style};

use super::*;
use crate::briefing::Briefing;
use crate::briefing::redline::{Field, PartChange, Redline, Section, SpanKind, Status};
use crate::tui::model::Pane;
use crate::tui::theme::Theme;

const GUTTER: u16 = 2;

/// How the redline writes deletions, insertions and its gutter.
#[derive(Clone, Copy)]
struct Marks {
    theme: Theme,
    old: Style,
    new: Style,
}

impl Marks {
    fn new(theme: Theme) -> Marks {
        let mut old = Style::new().add_modifier(Modifier::CROSSED_OUT | Modifier::DIM);
        let mut new = Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD);
        if theme.color {
            old = old.fg(Color::Red);
            new = new.fg(Color::Green);
        }
        Marks { theme, old, new }
    }

    fn arrow(&self) -> &'static str {
        self.theme.glyph("→", "->")
    }

    /// A word diff as styled parts; `[-old-]` and `{+new+}` under `--ascii`.
    fn words(&self, f: &Field, same: Style) -> Vec<(String, Style)> {
        let ascii = self.theme.ascii;
        if f.words.is_empty() {
            // A whole item added or removed: one side only.
            return match (&f.old, &f.new) {
                (Some(o), None) => vec![(self.wrap_old(o, ascii), self.old)],
                (None, Some(n)) => vec![(self.wrap_new(n, ascii), self.new)],
                (Some(o), Some(n)) => vec![
                    (self.wrap_old(o, ascii), self.old),
                    (self.wrap_new(n, ascii), self.new),
                ],
                (None, None) => Vec::new(),
            };
        }
        f.words
            .iter()
            .map(|s| match s.kind {
                SpanKind::Same => (s.text.clone(), same),
                SpanKind::Old => (self.wrap_old(&s.text, ascii), self.old),
                SpanKind::New => (self.wrap_new(&s.text, ascii), self.new),
            })
            .collect()
    }

    fn wrap_old(&self, s: &str, ascii: bool) -> String {
        if ascii {
            format!("[-{s}-]")
        } else {
            s.to_owned()
        }
    }

    fn wrap_new(&self, s: &str, ascii: bool) -> String {
        if ascii {
            format!("{{+{s}+}}")
        } else {
            s.to_owned()
        }
    }

    /// One field that differs: `what: ` and its diff, or `value: 11 → 32 killed`.
    fn field(&self, f: &Field) -> Vec<(String, Style)> {
        let mut parts = vec![(format!("{}: ", f.name), self.theme.muted())];
        if f.words.is_empty() && f.old.is_some() && f.new.is_some() {
            parts.push((f.arrow(self.arrow()), self.theme.number()));
        } else {
            parts.extend(self.words(f, Style::new()));
        }
        parts
    }

    fn gutter(&self, status: Status) -> Span<'static> {
        match status {
            Status::Added => Span::styled("+ ", self.new),
            Status::Removed => Span::styled("- ", self.old),
            Status::Changed => Span::styled(
                format!("{} ", self.theme.glyph("✱", "~")),
                self.theme.statement(),
            ),
        }
    }
}

/// What happens to one item of the clean body.
#[derive(Default)]
struct Item {
    /// Lines drawn before it: removed parts.
    before: Vec<Body>,
    gutter: Option<Status>,
    /// Replaces the item's lines (summary prose rewritten as a diff).
    replace: Option<Body>,
    /// Drawn under the item's lines, inside it (a changed part's fields).
    after: Option<Body>,
}

fn section_of(pane: Pane) -> Section {
    match pane {
        Pane::Summary => Section::Summary,
        Pane::Actors => Section::Actors,
        Pane::Timeline => Section::Timeline,
        Pane::Figures => Section::Figures,
        Pane::Sources => Section::Sources,
    }
}

/// A removed part: its label struck through, then the old value of each field.
fn removed(w: &Writer, m: &Marks, p: &PartChange) -> Body {
    let mut body = Body::default();
    w.parts(&mut body, vec![(p.label.clone(), m.old)], "", "  ");
    for f in &p.fields {
        if let Some(old) = &f.old
            && !p.label.contains(old.as_str())
        {
            let parts = vec![
                (format!("{}: ", f.name), m.theme.muted()),
                (old.clone(), m.old),
            ];
            w.parts(&mut body, parts, "  ", "    ");
        }
    }
    body
}

/// The pane `pane` of `b` with the redline `r` laid in.
pub fn pane_body(ctx: &Context<'_>, r: &Redline, b: &Briefing, pane: Pane, width: u16) -> Body {
    let inner = width.saturating_sub(GUTTER).max(1);
    let clean_ctx = Context {
        redline: None,
        changes: &[],
        ..*ctx
    };
    let clean = super::pane_body(&clean_ctx, b, pane, inner);
    let w = Writer::new(ctx.theme, inner);
    let m = Marks::new(ctx.theme);
    let mut items: Vec<Item> = (0..=clean.items.len()).map(|_| Item::default()).collect();
    let mut top = Body::default();
    if pane == Pane::Summary {
        summary_items(&w, &m, r, b, &mut items, &mut top);
    } else {
        for p in r.in_section(section_of(pane)) {
            match p.status {
                Status::Removed => {
                    let at = p.at.min(items.len() - 1);
                    items[at].before.push(removed(&w, &m, p));
                }
                Status::Added | Status::Changed => {
                    let Some(item) = p.new.and_then(|i| items.get_mut(i)) else {
                        continue;
                    };
                    item.gutter = Some(p.status);
                    if p.status == Status::Changed {
                        let mut after = Body::default();
                        for f in &p.fields {
                            w.parts(&mut after, m.field(f), "    ", "      ");
                        }
                        item.after = Some(after);
                    }
                }
            }
        }
    }
    assemble(&m, clean, items, top)
}

/// The header's and the summary's changes: the header first, then the
/// headline, paragraphs and key points rewritten in place.
fn summary_items(
    w: &Writer,
    m: &Marks,
    r: &Redline,
    b: &Briefing,
    items: &mut [Item],
    top: &mut Body,
) {
    for p in r.in_section(Section::Header) {
        for f in &p.fields {
            let mut body = Body::default();
            w.parts(&mut body, m.field(f), "", "  ");
            append(top, body, Some(m.gutter(Status::Changed)));
        }
        top.blank();
    }
    let nb = b.summary.body.len();
    let last = items.len() - 1;
    for p in r.in_section(Section::Summary) {
        for f in &p.fields {
            let (index, style, first, rest) = match f.name {
                "headline" => (0, w.theme.title(), "", ""),
                "body" => (1 + f.at.unwrap_or(0), Style::new(), "", ""),
                _ => (
                    1 + nb + f.at.unwrap_or(0),
                    Style::new(),
                    w.theme.glyph("• ", "* "),
                    "  ",
                ),
            };
            let index = index.min(last);
            match (&f.old, &f.new) {
                (Some(_), None) => {
                    let mut body = Body::default();
                    let text = f.old.clone().unwrap_or_default().replace('\n', " ");
                    w.parts(&mut body, vec![(text, m.old)], first, rest);
                    items[index].before.push(body);
                }
                (None, Some(_)) => items[index].gutter = Some(Status::Added),
                _ => {
                    let mut body = Body::default();
                    let parts = m
                        .words(f, style)
                        .into_iter()
                        .map(|(t, s)| (t.replace('\n', " "), s))
                        .collect();
                    w.parts(&mut body, parts, first, rest);
                    items[index].gutter = Some(Status::Changed);
                    items[index].replace = Some(body);
                }
            }
        }
    }
}

/// Appends `from`'s lines to `to`, each behind a gutter (the first line
/// behind `first`, the others blank), keeping what a search leaves alone.
fn append(to: &mut Body, from: Body, first: Option<Span<'static>>) {
    for (i, line) in from.lines.iter().enumerate() {
        let gutter = match (&first, i) {
            (Some(g), 0) => g.clone(),
            _ => Span::raw("  "),
        };
        let plain = from.plain_spans(i) as u8 + 1;
        let mut spans = vec![gutter];
        spans.extend(line.spans.iter().cloned());
        to.push(Line::from(spans), plain);
    }
}

fn assemble(m: &Marks, clean: Body, mut items: Vec<Item>, top: Body) -> Body {
    // The header's lines have their gutter already.
    let mut out = top;
    let mut line = 0;
    let removed_gutter = m.gutter(Status::Removed);
    let put_removed = |out: &mut Body, before: Vec<Body>| {
        for body in before {
            let plain: Vec<u8> = (0..body.lines.len())
                .map(|i| body.plain_spans(i) as u8)
                .collect();
            for (i, l) in body.lines.into_iter().enumerate() {
                let g = if i == 0 {
                    removed_gutter.clone()
                } else {
                    Span::raw("  ")
                };
                let mut spans = vec![g];
                spans.extend(l.spans);
                out.push(Line::from(spans), plain[i] + 1);
            }
        }
    };
    for (k, range) in clean.items.iter().enumerate() {
        // Lines between items (gaps, notes) as they are.
        let between = slice(&clean, line, range.start);
        append(&mut out, between, None);
        let item = std::mem::take(&mut items[k]);
        put_removed(&mut out, item.before);
        out.start_item();
        let lines = item
            .replace
            .unwrap_or_else(|| slice(&clean, range.start, range.end));
        append(&mut out, lines, item.gutter.map(|s| m.gutter(s)));
        if let Some(after) = item.after {
            append(&mut out, after, None);
        }
        out.end_item();
        line = range.end;
    }
    let rest = slice(&clean, line, clean.lines.len());
    append(&mut out, rest, None);
    if let Some(last) = items.pop() {
        put_removed(&mut out, last.before);
    }
    out
}

/// Lines `from..to` of a body, with what a search leaves alone.
fn slice(body: &Body, from: usize, to: usize) -> Body {
    let mut out = Body::default();
    for i in from..to {
        out.push(body.lines[i].clone(), body.plain_spans(i) as u8);
    }
    out
}

/// Where `c` puts the summary pane for a change of the summary: the first
/// paragraph or point that changed, with any removed lines just before it.
pub fn summary_line(body: &Body, b: &Briefing, part: &PartChange) -> usize {
    let nb = b.summary.body.len();
    let Some(f) = part.fields.first() else {
        return 0;
    };
    let index = match f.name {
        "headline" => 0,
        "body" => 1 + f.at.unwrap_or(0),
        _ => 1 + nb + f.at.unwrap_or(0),
    };
    let Some(range) = body.items.get(index).or(body.items.last()) else {
        return 0;
    };
    let blank = |l: &Line| l.spans.iter().all(|s| s.content.trim().is_empty());
    let in_item = |i: usize| body.items.iter().any(|r| r.contains(&i));
    let mut start = range.start;
    while start > 0 && !blank(&body.lines[start - 1]) && !in_item(start - 1) {
        start -= 1;
    }
    start
}
