//! Finding the query: which items of an open briefing match, and the
//! highlighting laid over the rows on screen when they are drawn.

use super::*;
use crate::briefing::{Attribution, Briefing, Figure, TimelineEntry};
use crate::tui::model::{Hit, Pane};

use super::source::TextLine;

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

/// A line of a body with the query's matches highlighted, past its first
/// `plain` spans; the line itself when there is no query.
pub fn highlight_line<'a>(
    line: &'a Line<'static>,
    plain: usize,
    query: &str,
    hit: Style,
) -> std::borrow::Cow<'a, Line<'static>> {
    if query.is_empty() {
        return std::borrow::Cow::Borrowed(line);
    }
    let mut spans: Vec<Span<'static>> = line.spans[..plain.min(line.spans.len())].to_vec();
    for span in line.spans.iter().skip(plain) {
        spans.extend(highlight(&span.content, span.style, query, hit));
    }
    std::borrow::Cow::Owned(Line {
        spans,
        ..line.clone()
    })
}

/// A line of a source's text showing the characters `at` says
/// ([`TextLine`]), with `matches` (ranges of those characters, in order,
/// not overlapping, each with its style) laid over it: the part of each
/// match on this line in its style (in place of the span's), and the part
/// in the spaces the wrap swallowed after the line as that many blanks in
/// its style, so a match that goes on to the next line shows where it
/// does. Costs the line.
pub fn highlight_chars(
    line: &Line<'static>,
    at: &TextLine,
    matches: &[(Range<usize>, Style)],
) -> Line<'static> {
    let mut matches = matches
        .iter()
        .filter(|(r, _)| r.start < at.gap.max(at.end) && r.end > at.start)
        .peekable();
    if matches.peek().is_none() {
        return line.clone();
    }
    let mut spans: Vec<Span<'static>> = Vec::with_capacity(line.spans.len() + 4);
    // The style of character `c`, and the character at which it changes.
    let mut style_at = |c: usize| -> (Option<Style>, usize) {
        while matches.next_if(|(r, _)| r.end <= c).is_some() {}
        match matches.peek() {
            Some((r, s)) if r.start <= c => (Some(*s), r.end),
            Some((r, _)) => (None, r.start),
            None => (None, usize::MAX),
        }
    };
    let mut c = at.start;
    for span in &line.spans {
        let text = span.content.as_ref();
        let mut piece = 0;
        let (mut style, mut until) = style_at(c);
        for (b, _) in text.char_indices() {
            if c >= until {
                if b > piece {
                    spans.push(styled(&text[piece..b], span.style, style));
                }
                piece = b;
                (style, until) = style_at(c);
            }
            c += 1;
        }
        if piece < text.len() {
            spans.push(styled(&text[piece..], span.style, style));
        }
    }
    // The swallowed spaces, as far as a match covers them.
    let mut c = at.end;
    while c < at.gap {
        let (style, until) = style_at(c);
        let upto = until.min(at.gap);
        if let Some(hit) = style {
            spans.push(Span::styled(" ".repeat(upto - c), hit));
        } else if upto < at.gap {
            spans.push(Span::raw(" ".repeat(upto - c)));
        }
        c = upto;
    }
    Line {
        spans,
        style: line.style,
        alignment: line.alignment,
    }
}

/// A piece of a span, in the span's style or, in a match, the match's
/// style alone: a match in a quoted passage is not underlined as the
/// passage is, so the current match's underline tells it from the rest.
fn styled(text: &str, base: Style, hit: Option<Style>) -> Span<'static> {
    Span::styled(text.to_owned(), hit.unwrap_or(base))
}

/// Where `query` (folded, [`folded_query`]) occurs in a source's text as
/// [`text_lowered`] folds it, as byte offsets, without overlaps: the one
/// definition of a match in a source's text, for the count the briefing's
/// search gives and the matches the text view steps through. A query with
/// a newline matches nothing (it would span the text's lines).
pub fn text_matches<'a>(folded: &'a str, query: &'a str) -> impl Iterator<Item = usize> + 'a {
    searchable(query)
        .then(|| folded.match_indices(query).map(|(at, _)| at))
        .into_iter()
        .flatten()
}

/// How many [`text_matches`] there are: the same search, counted.
fn text_match_count(folded: &str, query: &str) -> usize {
    if searchable(query) {
        folded.matches(query).count()
    } else {
        0
    }
}

fn searchable(query: &str) -> bool {
    !query.is_empty() && !query.contains('\n')
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
    SearchIndex::new(b).hits(query)
}

/// The searchable text of every item of a briefing, sanitized and lower-cased
/// once, so that each character typed into the search costs one substring
/// search per item rather than rebuilding and folding every text.
#[derive(Debug, Default)]
pub struct SearchIndex {
    items: Vec<(Hit, String)>,
    /// Each source's full text, by the index of the item that names the
    /// source: every match in it is a hit of its own, after the item.
    texts: Vec<(usize, String)>,
}

impl SearchIndex {
    pub fn new(b: &Briefing) -> SearchIndex {
        let mut items = Vec::new();
        let mut push = |pane, item, text: &str| {
            let hit = Hit {
                pane,
                item,
                text: None,
            };
            items.push((hit, lowered(&sanitize_line(text))));
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
        let texts = b
            .sources
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let text = s.text.as_ref()?;
                Some((
                    items.len() - b.sources.len() + i,
                    text_lowered(&text.content),
                ))
            })
            .collect();
        SearchIndex { items, texts }
    }

    /// The items containing `query`, ignoring case as [`find_ignoring_case`] does.
    pub fn hits(&self, query: &str) -> Vec<Hit> {
        let wanted = folded_query(query);
        if wanted.is_empty() {
            return Vec::new();
        }
        let mut texts = self.texts.iter().peekable();
        let mut out = Vec::new();
        for (n, (hit, text)) in self.items.iter().enumerate() {
            if text.contains(&wanted) {
                out.push(*hit);
            }
            if let Some((_, full)) = texts.next_if(|(item, _)| *item == n) {
                let found = text_match_count(full, &wanted);
                out.extend((0..found).map(|k| Hit {
                    text: Some(k),
                    ..*hit
                }));
            }
        }
        out
    }
}

/// A query as the search compares it: lower case.
pub fn folded_query(query: &str) -> String {
    query.chars().flat_map(char::to_lowercase).collect()
}

/// A line as the search compares it: cleaned as it is drawn, each
/// character lower-cased as [`find_ignoring_case`] compares it, so that
/// `folded_line(l).contains(&folded_query(q))` exactly when the
/// highlighter finds `q` in `l`.
pub fn folded_line(line: &str) -> String {
    lowered(&sanitize_line(line))
}

/// A source's text as the source view shows it, lower-cased: each line
/// cleaned as the view cleans it, lines joined by a newline (which no
/// query typed into the prompt contains), so matches never span lines.
pub fn text_lowered(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        out.push_str(&lowered(&sanitize_line(line)));
        out.push('\n');
    }
    out
}

/// Each character lower-cased where that gives one character; one that
/// lower-cases to several matches nothing, as in [`find_ignoring_case`].
fn lowered(text: &str) -> String {
    // Most text is ASCII: lowered in place, a byte at a time.
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.chars()
        .map(|c| {
            if c.is_ascii() {
                return c.to_ascii_lowercase();
            }
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                _ => '\u{FFFF}',
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index says "matches" exactly where the highlighter finds a match.
    #[test]
    fn the_index_agrees_with_the_highlighter() {
        let texts = [
            "Nagorno-Karabakh",
            "İstanbul",
            "ÉTÉ été",
            "straße STRASSE",
            "a\u{7}b",
            "",
        ];
        let queries = ["karabakh", "i", "İ", "été", "ss", "ß", "ab", "a", "x"];
        for text in texts {
            let lowered = lowered(&sanitize_line(text));
            for q in queries {
                let wanted: String = q.chars().flat_map(char::to_lowercase).collect();
                assert_eq!(
                    lowered.contains(&wanted),
                    !find_ignoring_case(&sanitize_line(text), q).is_empty(),
                    "{text:?} / {q:?}"
                );
            }
        }
    }

    /// A match is drawn on each line it reaches, across the line's spans,
    /// and through the spaces the wrap swallowed after it.
    #[test]
    fn matches_are_laid_over_characters_spans_and_the_swallowed_spaces() {
        let hit = Style::new().add_modifier(ratatui::style::Modifier::REVERSED);
        let now = Style::new().add_modifier(ratatui::style::Modifier::UNDERLINED);
        let quoted = Style::new().add_modifier(ratatui::style::Modifier::BOLD);
        // "été corridor" is characters 10..22 of the text; 2 spaces swallowed.
        let line = Line::from(vec![Span::raw("été "), Span::styled("corridor", quoted)]);
        let at = TextLine {
            start: 10,
            end: 22,
            gap: 24,
        };
        let shown = |matches: &[(Range<usize>, Style)]| -> Vec<(String, Style)> {
            highlight_chars(&line, &at, matches)
                .spans
                .into_iter()
                .map(|s| (s.content.into_owned(), s.style))
                .collect()
        };
        let owned = |v: &[(&str, Style)]| -> Vec<(String, Style)> {
            v.iter().map(|(t, s)| ((*t).to_owned(), *s)).collect()
        };
        // "té c" across the spans, then "dor" and one swallowed space (the
        // match goes on to the next line), nothing past the gap.
        assert_eq!(
            shown(&[(11..15, hit), (19..23, now), (24..30, hit)]),
            owned(&[
                ("é", Style::new()),
                ("té ", hit),
                ("c", hit),
                ("orri", quoted),
                ("dor", now),
                (" ", now),
            ])
        );
        // A match only in the swallowed spaces, after a blank.
        assert_eq!(shown(&[(23..24, hit)]).last(), Some(&(" ".to_owned(), hit)));
        assert_eq!(shown(&[(23..24, hit)]).len(), 4);
        // No match on the line: the line as it is.
        assert_eq!(
            shown(&[(0..3, hit), (30..33, hit)]),
            owned(&[("été ", Style::new()), ("corridor", quoted)])
        );
    }
}
