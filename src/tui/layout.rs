//! Where things go, as a pure function of the terminal size. Drawing and
//! scrolling both ask here, so what scrolls is exactly what is shown.

use std::ops::Range;

use ratatui::layout::{Constraint, Layout, Rect};

use super::model::Pane;
pub use crate::limits::{MIN_HEIGHT, MIN_WIDTH, WIDE_HEIGHT, WIDE_WIDTH};

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

pub fn is_wide(area: Rect) -> bool {
    area.width >= WIDE_WIDTH && area.height >= WIDE_HEIGHT
}

pub struct BriefingLayout {
    pub header: Rect,
    /// The tab bar, when only one pane fits.
    pub tabs: Option<Rect>,
    /// Each pane's outer rectangle, in [`Pane::ALL`] order; `None` when hidden.
    pub panes: [Option<Rect>; 5],
    pub status: Rect,
}

pub fn briefing(area: Rect, focused: Pane) -> BriefingLayout {
    let mut panes = [None; 5];
    if is_wide(area) {
        let [header, body, status] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)])
                .areas(body);
        let [summary, timeline] =
            Layout::vertical([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(left);
        // Actors get the most: an actor's role is the longest detail.
        let [figures, actors, sources] = Layout::vertical([
            Constraint::Percentage(36),
            Constraint::Percentage(40),
            Constraint::Percentage(24),
        ])
        .areas(right);
        panes[Pane::Summary.index()] = Some(summary);
        panes[Pane::Actors.index()] = Some(actors);
        panes[Pane::Timeline.index()] = Some(timeline);
        panes[Pane::Figures.index()] = Some(figures);
        panes[Pane::Sources.index()] = Some(sources);
        BriefingLayout {
            header,
            tabs: None,
            panes,
            status,
        }
    } else {
        let [header, tabs, body, status] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        panes[focused.index()] = Some(body);
        BriefingLayout {
            header,
            tabs: Some(tabs),
            panes,
            status,
        }
    }
}

pub struct LibraryLayout {
    pub header: Rect,
    pub list: Rect,
    pub status: Rect,
}

pub fn library(area: Rect) -> LibraryLayout {
    let [header, list, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    LibraryLayout {
        header,
        list,
        status,
    }
}

/// A box over the screen for details, help and a source's text, between
/// the header and the status line. Full width, so that its rows are whole
/// terminal rows: when its text scrolls, the terminal's scroll region moves
/// them (see `scrolling`), as `less` scrolls, instead of every row being
/// rewritten around the panes left and right of a narrower box.
pub fn overlay(area: Rect) -> Rect {
    let width = area.width;
    let height = area.height.saturating_sub(2).max(1);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// Inside a bordered block.
pub fn inner(r: Rect) -> Rect {
    Rect {
        x: r.x + 1,
        y: r.y + 1,
        width: r.width.saturating_sub(2),
        height: r.height.saturating_sub(2),
    }
}

/// The offset that shows `lines` (one item's rows) in a view of `height`
/// rows, moving as little as possible from `offset`: the top of the item if
/// it is taller than the view, unless the view already lies inside it (so
/// paging can read through a tall item).
pub fn keep_visible(offset: usize, lines: Range<usize>, height: usize) -> usize {
    if height == 0 {
        return offset;
    }
    if lines.len() > height && offset >= lines.start && offset + height <= lines.end {
        return offset;
    }
    let mut offset = offset;
    if lines.end > offset + height {
        offset = lines.end - height;
    }
    if lines.start < offset {
        offset = lines.start;
    }
    offset
}

/// Half a page down or up in a list of `items` laid over `lines` rows and
/// shown `height` rows at a time, as Summary scrolls: the view moves by half
/// its height in rows (never past either end), and the selection goes to an
/// item wholly in the new view (the first after the old selection going
/// down, the last before it going up), else to the item on the view's top
/// row. Returns the new offset and selection; [`keep_visible`] then leaves
/// the offset alone, so successive views always overlap and no row is
/// skipped. Costs the items in view.
pub fn page(
    items: &[Range<usize>],
    lines: usize,
    height: usize,
    (offset, selected): (usize, usize),
    down: bool,
) -> (usize, usize) {
    if items.is_empty() || height == 0 {
        return (offset, selected);
    }
    let half = (height / 2).max(1);
    let target = if down {
        (offset + half).min(lines.saturating_sub(height))
    } else {
        offset.saturating_sub(half)
    };
    let view = target..target + height;
    let whole = |r: &Range<usize>| r.start >= view.start && r.end <= view.end;
    // Items from the old view to the new, in the direction of travel:
    // bounded by two views' worth of rows.
    let lo = items.partition_point(|r| r.end <= offset.min(target));
    // One more past them: the next item across a blank row.
    let hi = items.partition_point(|r| r.start < offset.max(target) + height);
    let (lo, hi) = (lo.saturating_sub(1), (hi + 1).min(items.len()));
    let near: Vec<usize> = if down {
        (lo..hi).collect()
    } else {
        (lo..hi).rev().collect()
    };
    let ahead = |i: &usize| if down { *i > selected } else { *i < selected };
    // First an item wholly in the new view past the selection, then any
    // item, nearest the selection first, whose showing moves the view the
    // right way without leaving a gap.
    let candidates = near
        .iter()
        .filter(|i| ahead(i) && whole(&items[**i]))
        .chain(near.iter().filter(|i| !ahead(i) || !whole(&items[**i])));
    for &i in candidates {
        let o = inside(&items[i], target, height);
        // Only blank rows between items may lie between the two views.
        let blank = |rows: Range<usize>| {
            let first = items.partition_point(|r| r.end <= rows.start);
            rows.is_empty() || items.get(first).is_none_or(|r| r.start >= rows.end)
        };
        let moves = if down {
            o > offset && blank(offset + height..o)
        } else {
            o < offset && blank(o + height..offset)
        };
        if moves {
            return (o, i);
        }
    }
    (offset, selected)
}

/// The view at `offset` moved to show `item`: inside it when it is taller
/// than the view (it is read through), else by [`keep_visible`].
fn inside(item: &Range<usize>, offset: usize, height: usize) -> usize {
    if item.len() > height {
        offset.clamp(item.start, item.end - height)
    } else {
        keep_visible(offset, item.clone(), height)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Items of the given heights with one blank row between them, as the
    /// Timeline and Sources lay them out.
    fn lay_out(heights: &[usize], gap: usize) -> (Vec<Range<usize>>, usize) {
        let mut items = Vec::new();
        let mut at = 0;
        for (i, h) in heights.iter().enumerate() {
            if i > 0 {
                at += gap;
            }
            items.push(at..at + h);
            at += h;
        }
        (items, at)
    }

    #[test]
    fn half_a_page_in_the_timeline_shows_the_rows_in_between() {
        // 3 g PgDn at 120x32: entries of 4 to 5 rows, a view of 20 rows.
        let (items, lines) = lay_out(&[4, 5, 4, 4, 5, 4, 4, 4, 5, 4, 4, 4, 5, 4, 4], 1);
        let (offset, selected) = page(&items, lines, 20, (0, 0), true);
        assert_eq!(offset, 10, "half of 20 rows");
        assert!(items[selected].start >= 10 && items[selected].end <= 30);
        assert_eq!(keep_visible(offset, items[selected].clone(), 20), offset);
    }

    proptest! {
        /// For random item heights, gaps and view heights, successive PgDn
        /// (and PgUp) views overlap or touch (a one-row view may step over
        /// the blank row between two items), once the selection is kept in
        /// view as `sync_scroll` does, and the last rows are reached.
        #[test]
        fn successive_pages_never_skip_a_row(
            heights in proptest::collection::vec(1usize..30, 1..40),
            gap in 0usize..2,
            height in 1usize..40,
            start in 0usize..40,
        ) {
            let (items, lines) = lay_out(&heights, gap);
            let sel = start % items.len();
            let mut offset = keep_visible(0, items[sel].clone(), height);
            let mut state = (offset, sel);
            for down in [true, false] {
                for _ in 0..(lines + 2) {
                    let (o, s) = page(&items, lines, height, state, down);
                    let o = keep_visible(o, items[s].clone(), height);
                    let o = o.min(lines.saturating_sub(height));
                    // Rows between the two views: only a blank row between
                    // items may be stepped over (by a one-row view).
                    let between = if o > offset { offset + height..o } else { o + height..offset };
                    for row in between {
                        prop_assert!(!items.iter().any(|r| r.contains(&row)),
                            "view {offset} then {o} (height {height}) skips row {row}");
                    }
                    prop_assert!(
                        items[s].start < o + height && items[s].end > o,
                        "selection {s} ({:?}) out of view at {o}", items[s]
                    );
                    offset = o;
                    state = (o, s);
                }
                let end = if down { lines.saturating_sub(height) } else { 0 };
                prop_assert_eq!(offset, end, "paging reaches the end");
            }
        }
    }
}
