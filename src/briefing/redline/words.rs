//! Word-level diffs as `git diff --word-diff` shows them, bounded so that
//! hostile text cannot make them quadratic.

use std::hash::Hash;

use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::{Span, SpanKind};

/// Runs of whitespace and of everything else: the words `git diff
/// --word-diff` compares, with the spaces between them kept.
pub(super) fn tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut space = None;
    for (i, c) in s.char_indices() {
        let is = c.is_whitespace();
        if space.is_some_and(|w| w != is) {
            out.push(&s[start..i]);
            start = i;
        }
        space = Some(is);
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// The longest stretch, after the common beginning and end are set aside,
/// that gets a real diff; a longer one is replaced whole. Myers' diff costs
/// up to the product of the lengths, so this keeps hostile input cheap.
pub(super) const DIFF_LIMIT: usize = 2048;

/// An edit script from `old` to `new`: linear on the common prefix and
/// suffix, Myers' diff on a middle of at most [`DIFF_LIMIT`] items a side.
pub(super) fn ops<T: Eq + Hash + Ord>(old: &[T], new: &[T]) -> Vec<DiffOp> {
    let pre = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suf = old[pre..]
        .iter()
        .rev()
        .zip(new[pre..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (om, nm) = (&old[pre..old.len() - suf], &new[pre..new.len() - suf]);
    let mut out = Vec::new();
    if pre > 0 {
        out.push(DiffOp::Equal {
            old_index: 0,
            new_index: 0,
            len: pre,
        });
    }
    let (ol, nl) = (om.len(), nm.len());
    if ol > DIFF_LIMIT || nl > DIFF_LIMIT || ol == 0 || nl == 0 {
        match (ol, nl) {
            (0, 0) => {}
            (0, new_len) => out.push(DiffOp::Insert {
                old_index: pre,
                new_index: pre,
                new_len,
            }),
            (old_len, 0) => out.push(DiffOp::Delete {
                old_index: pre,
                old_len,
                new_index: pre,
            }),
            (old_len, new_len) => out.push(DiffOp::Replace {
                old_index: pre,
                old_len,
                new_index: pre,
                new_len,
            }),
        }
    } else {
        out.extend(
            capture_diff_slices(Algorithm::Myers, om, nm)
                .into_iter()
                .map(|op| shift(op, pre)),
        );
    }
    if suf > 0 {
        out.push(DiffOp::Equal {
            old_index: old.len() - suf,
            new_index: new.len() - suf,
            len: suf,
        });
    }
    out
}

pub(super) fn shift(op: DiffOp, by: usize) -> DiffOp {
    match op {
        DiffOp::Equal {
            old_index,
            new_index,
            len,
        } => DiffOp::Equal {
            old_index: old_index + by,
            new_index: new_index + by,
            len,
        },
        DiffOp::Delete {
            old_index,
            old_len,
            new_index,
        } => DiffOp::Delete {
            old_index: old_index + by,
            old_len,
            new_index: new_index + by,
        },
        DiffOp::Insert {
            old_index,
            new_index,
            new_len,
        } => DiffOp::Insert {
            old_index: old_index + by,
            new_index: new_index + by,
            new_len,
        },
        DiffOp::Replace {
            old_index,
            old_len,
            new_index,
            new_len,
        } => DiffOp::Replace {
            old_index: old_index + by,
            old_len,
            new_index: new_index + by,
            new_len,
        },
    }
}

/// A word-level diff as spans, a change's deletions before its insertions,
/// and the spaces inside a change drawn into it (`[-a b-]{+c d+}` rather
/// than `[-a-]{+c+} [-b-]{+d+}`), as `git diff --word-diff` shows it.
pub fn words(old: &str, new: &str) -> Vec<Span> {
    let (a, b) = (tokens(old), tokens(new));
    let mut w = Words::default();
    for op in ops(&a, &b) {
        let (oi, ol, ni, nl, same) = match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => (old_index, len, new_index, 0, true),
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => (old_index, old_len, new_index, 0, false),
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => (old_index, 0, new_index, new_len, false),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (old_index, old_len, new_index, new_len, false),
        };
        for t in &a[oi..oi + ol] {
            w.token(if same { SpanKind::Same } else { SpanKind::Old }, t);
        }
        for t in &b[ni..ni + nl] {
            w.token(SpanKind::New, t);
        }
    }
    w.flush();
    w.out
}

#[derive(Default)]
pub(super) struct Words {
    out: Vec<Span>,
    del: String,
    ins: String,
    /// Spaces in both versions after a change, not yet placed.
    held: String,
}

impl Words {
    fn token(&mut self, kind: SpanKind, t: &str) {
        let in_change = !self.del.is_empty() || !self.ins.is_empty();
        match kind {
            SpanKind::Same if in_change && t.trim().is_empty() => self.held.push_str(t),
            SpanKind::Same => {
                self.flush();
                self.push(SpanKind::Same, t);
            }
            SpanKind::Old | SpanKind::New => {
                if !self.held.is_empty() {
                    if !self.del.is_empty() && !self.ins.is_empty() {
                        let held = std::mem::take(&mut self.held);
                        self.del.push_str(&held);
                        self.ins.push_str(&held);
                    } else {
                        self.flush();
                    }
                }
                let side = if kind == SpanKind::Old {
                    &mut self.del
                } else {
                    &mut self.ins
                };
                side.push_str(t);
            }
        }
    }

    fn flush(&mut self) {
        let (del, ins, held) = (
            std::mem::take(&mut self.del),
            std::mem::take(&mut self.ins),
            std::mem::take(&mut self.held),
        );
        self.push(SpanKind::Old, &del);
        self.push(SpanKind::New, &ins);
        self.push(SpanKind::Same, &held);
    }

    fn push(&mut self, kind: SpanKind, text: &str) {
        if text.is_empty() {
            return;
        }
        match self.out.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(text),
            _ => self.out.push(Span {
                kind,
                text: text.to_owned(),
            }),
        }
    }
}
