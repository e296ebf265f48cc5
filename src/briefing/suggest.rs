//! "Did you mean": the known name nearest to a misspelt one.

/// The known name closest to `wanted`, if any is close enough to be a typo.
/// Compares with every name: for a few names, such as the keys of a table.
pub fn nearest<'a>(wanted: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let chars = wanted.chars().count();
    candidates(chars, known)
        .map(|(k, _)| (strsim::damerau_levenshtein(wanted, k), k))
        .filter(|&(d, k)| d <= slack(k) && d < k.len().max(wanted.len()))
        .min()
        .map(|(_, k)| k)
}

/// How far a name may be from what was typed and still be suggested.
fn slack(k: &str) -> usize {
    3.max(k.len() / 3)
}

/// The names that could be close enough, with their length in characters:
/// the distance is at least the difference in length, so skipping what
/// cannot be close keeps a huge name from costing a huge distance table.
fn candidates<'a>(
    chars: usize,
    known: impl Iterator<Item = &'a str>,
) -> impl Iterator<Item = (&'a str, usize)> {
    known
        .map(|k| (k, k.chars().count()))
        .filter(move |&(k, n)| n.abs_diff(chars) <= slack(k))
}

/// Hints for many unknown names against one possibly large set, within a
/// bound on the whole work: a file full of unknown ids gets hints for the
/// first few only, and none once the comparisons would cost too much.
#[derive(Debug, Clone)]
pub struct Hints {
    /// Hints still to give.
    left: usize,
    /// Character pairs the distance tables may still compare.
    cells: usize,
}

impl Default for Hints {
    fn default() -> Self {
        Hints {
            left: 100,
            cells: 20_000_000,
        }
    }
}

impl Hints {
    /// [`nearest`], if the budget allows comparing with every candidate;
    /// otherwise no hint, so a hint never depends on the order of `known`.
    pub fn nearest<'a, I>(&mut self, wanted: &str, known: I) -> Option<&'a str>
    where
        I: Iterator<Item = &'a str> + Clone,
    {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let chars = wanted.chars().count();
        let cost = candidates(chars, known.clone()).fold(0usize, |sum, (_, n)| {
            sum.saturating_add(n.saturating_mul(chars))
        });
        if cost > self.cells {
            return None;
        }
        self.cells -= cost;
        nearest(wanted, known)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_suggests_only_plausible_typos() {
        let known = ["azerbaijan", "armenia", "russia"];
        assert_eq!(
            nearest("azerbaidjan", known.iter().copied()),
            Some("azerbaijan")
        );
        assert_eq!(nearest("zzzzzzzzzzzzzz", known.iter().copied()), None);
    }

    #[test]
    fn hints_stop_when_the_work_would_be_too_much() {
        let known = ["azerbaijan", "armenia", "russia"];
        let mut hints = Hints::default();
        assert_eq!(
            hints.nearest("armenie", known.iter().copied()),
            Some("armenia")
        );
        let mut poor = Hints {
            left: 100,
            cells: 10,
        };
        assert_eq!(poor.nearest("armenie", known.iter().copied()), None);
        assert_eq!(poor.nearest("a", known.iter().copied()), None);
        let mut few = Hints {
            left: 1,
            cells: usize::MAX,
        };
        assert!(few.nearest("armenie", known.iter().copied()).is_some());
        assert_eq!(few.nearest("armenie", known.iter().copied()), None);
    }
}
