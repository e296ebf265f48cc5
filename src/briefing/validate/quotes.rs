//! A briefing's quotes checked against its sources' texts, in one pass.

use std::collections::HashMap;
use std::ops::Range;

use super::super::model::{Passage, Source};
use super::super::quote::{FoldedText, first_occurrences, fold_for_quote};
use super::super::raw::RawBriefing;

/// Every quote of a briefing looked for in the texts of the sources it
/// cites, all at once: items are numbered timeline first, then figures.
pub(super) struct QuotesFound {
    /// Per item, where its quote occurs: each cited source with a text in
    /// which it was found, in citation order, and the range in that text.
    found: Vec<Vec<(usize, Range<usize>)>>,
    /// Per item, whether its quote is checked at all: it has one, it folds
    /// to something, and a cited source has a text.
    checked: Vec<bool>,
}

impl QuotesFound {
    pub(super) fn new(
        raw: &RawBriefing,
        source_ids: &HashMap<&str, usize>,
        sources: &[Source],
    ) -> Self {
        let items: Vec<(&Option<String>, &[String])> = raw
            .timeline
            .iter()
            .map(|t| (&t.quote, t.sources.as_slice()))
            .chain(raw.figures.iter().map(|f| (&f.quote, f.sources.as_slice())))
            .collect();
        // Per item, the distinct cited sources that have a text.
        // `last[s]` is the last item that listed source `s`, plus one.
        let mut last = vec![0; sources.len()];
        let cited: Vec<Vec<usize>> = items
            .iter()
            .enumerate()
            .map(|(item, (quote, ids))| {
                let mut out: Vec<usize> = Vec::new();
                if quote.is_some() {
                    for id in *ids {
                        if let Some(&s) = source_ids.get(id.as_str())
                            && sources[s].text.is_some()
                            && last[s] != item + 1
                        {
                            last[s] = item + 1;
                            out.push(s);
                        }
                    }
                }
                out
            })
            .collect();
        let needles: Vec<String> = items
            .iter()
            .map(|(q, _)| q.as_deref().map(fold_for_quote).unwrap_or_default())
            .collect();
        let checked: Vec<bool> = needles
            .iter()
            .zip(&cited)
            .map(|(n, c)| !n.is_empty() && !c.is_empty())
            .collect();
        // Only the texts something quotes are folded and read.
        let mut slot: Vec<Option<usize>> = vec![None; sources.len()];
        let mut texts: Vec<FoldedText<'_>> = Vec::new();
        for &s in cited
            .iter()
            .zip(&checked)
            .filter(|&(_, &ok)| ok)
            .flat_map(|(c, _)| c)
        {
            if slot[s].is_none()
                && let Some(t) = &sources[s].text
            {
                slot[s] = Some(texts.len());
                texts.push(FoldedText::new(&t.content));
            }
        }
        let hays: Vec<&str> = texts.iter().map(FoldedText::folded).collect();
        let all: Vec<&str> = needles.iter().map(String::as_str).collect();
        let hits = first_occurrences(&all, &hays);
        let found = cited
            .iter()
            .enumerate()
            .map(|(item, c)| {
                c.iter()
                    .filter_map(|&s| {
                        let t = slot[s]?;
                        let r = hits[t].get(&item)?;
                        Some((s, texts[t].original_range(r.clone())))
                    })
                    .collect()
            })
            .collect();
        QuotesFound { found, checked }
    }

    /// The quote is checked and occurs in none of the cited texts.
    pub(super) fn missing(&self, item: usize) -> bool {
        self.checked[item] && self.found[item].is_empty()
    }

    pub(super) fn passage(&self, item: usize) -> Option<Passage> {
        self.found[item].first().map(|(source, range)| Passage {
            source: *source,
            range: range.clone(),
        })
    }

    /// Gives each source text the passages quoted from it, in text order.
    pub(super) fn mark_passages(&self, sources: &mut [Source]) {
        for (s, range) in self.found.iter().flatten() {
            if let Some(t) = &mut sources[*s].text {
                t.passages.push(range.clone());
            }
        }
        for s in sources {
            if let Some(t) = &mut s.text {
                t.passages.sort_by_key(|r| (r.start, r.end));
                t.passages.dedup();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::briefing::{Syntax, load_str};

    #[test]
    fn passages_point_at_each_quote_in_the_original_text() {
        let toml = r#"
format = 1
id = "x"
title = "X"
date = "2023-09-19"
[summary]
headline = "X."
[[sources]]
id = "a"
title = "A"
text = "Il a dit « des  activités »\nhier. Puis l’armée a parlé."
[[sources]]
id = "b"
title = "B"
[[timeline]]
when = "2023-09-19"
what = "Said."
sources = ["b", "a", "a"]
quote = "l'armée a parlé"
[[figures]]
value = 1
unit = "x"
what = "x"
sources = ["a"]
quote = "« des activités » hier."
"#;
        let mut no_file = |_: &str| Err("no files".to_owned());
        let (b, diagnostics) = load_str(Path::new("x.toml"), toml, Syntax::Toml, &mut no_file);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let b = b.expect("valid");
        let text = b.sources[0].text.as_ref().expect("a text");
        let quoted: Vec<&str> = text
            .passages
            .iter()
            .map(|r| &text.content[r.clone()])
            .collect();
        assert_eq!(quoted, ["« des  activités »\nhier.", "l’armée a parlé"]);
        let p = b.timeline[0].attribution.passage.clone().expect("found");
        assert_eq!((p.source, &text.content[p.range]), (0, "l’armée a parlé"));
        assert_eq!(
            b.figures[0].attribution.passage.as_ref().map(|p| p.source),
            Some(0)
        );
    }
}
