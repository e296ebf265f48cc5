//! Fewer bytes when a list or a text scrolls: a backend between ratatui and
//! the terminal that, when the new frame is the old one moved up or down by
//! some rows, first has the terminal move them itself (a scroll region:
//! DECSTBM with SU/SD, what ncurses does for newsboat) and then writes only
//! the cells that still differ.
//!
//! ratatui diffs each frame against the last and hands the backend only the
//! changed cells, so a list that scrolls by one row rewrites every row of it:
//! 3.5–5 KB for one `j` in a full library. Here the backend keeps a copy of
//! what the terminal shows, rebuilds the new frame from the changed cells,
//! and looks for the shift (up to half the screen, either way) and the band
//! of rows where scrolling saves the most cells, counted cell by cell, so a
//! list that is not full width (an overlay over the panes) still gains when
//! what scrolls is most of each row. When no shift saves at least a row's
//! worth, or the copy cannot be trusted (a partial clear), the changed cells
//! go through as ratatui gave them. Costs rows × width × shifts tried per
//! frame, all in memory: at 120×40, 40 shifts × 40 rows × 120 cells.

use std::ops::Range;

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Rect, Size};

/// A backend that scrolls with the terminal's scroll regions where that
/// writes less.
#[derive(Debug)]
pub struct Scrolling<B> {
    inner: B,
    /// What the terminal shows, as far as this backend knows; `None` after
    /// anything that leaves it unknown, until the next full clear.
    screen: Option<Buffer>,
}

impl<B: Backend> Scrolling<B> {
    /// Over a blank screen (the alternate screen, just entered), as
    /// ratatui's first frame assumes too.
    pub fn new(inner: B) -> Scrolling<B> {
        let mut s = Scrolling {
            inner,
            screen: None,
        };
        s.blank_screen();
        s
    }

    pub fn inner(&self) -> &B {
        &self.inner
    }

    pub fn inner_mut(&mut self) -> &mut B {
        &mut self.inner
    }

    fn blank_screen(&mut self) {
        self.screen = self
            .inner
            .size()
            .ok()
            .map(|s| Buffer::empty(Rect::new(0, 0, s.width, s.height)));
    }
}

/// A shift of the rows in `rows` by `by` (positive: content moves up).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shift {
    pub rows: Range<u16>,
    pub by: i32,
}

/// The shift of `old` that leaves the fewest cells to write to reach `new`,
/// if it saves at least one row's worth of cells over no shift.
pub fn best_shift(old: &Buffer, new: &Buffer) -> Option<Shift> {
    if old.area != new.area || new.area.height < 3 {
        return None;
    }
    // A blank screen (the first frame, or the next after a clear): every
    // row shifted is the blank row already there, so no shift saves a cell,
    // and trying each would cost the first frame milliseconds.
    if old.content.iter().all(|c| *c == Cell::default()) {
        return None;
    }
    let (w, h) = (new.area.width, new.area.height as i32);
    fn row(b: &Buffer, y: i32) -> &[Cell] {
        let w = usize::from(b.area.width);
        &b.content[y as usize * w..(y as usize + 1) * w]
    }
    let differ = |a: &[Cell], b: &[Cell]| a.iter().zip(b).filter(|(x, y)| x != y).count() as i64;
    let blank = Cell::default();
    let non_blank = |r: &[Cell]| r.iter().filter(|c| **c != blank).count() as i64;
    // What each row costs as things are.
    let stay: Vec<i64> = (0..h).map(|y| differ(row(old, y), row(new, y))).collect();
    if stay.iter().sum::<i64>() < i64::from(w) {
        return None;
    }
    // Prefix sums of what a row scrolled in blank costs over no scroll.
    let mut fill_before = vec![0i64; h as usize + 1];
    for y in 0..h as usize {
        fill_before[y + 1] = fill_before[y] + non_blank(row(new, y as i32)) - stay[y];
    }
    let mut best: Option<(i64, Shift)> = None;
    for by in (1..=h / 2).flat_map(|k| [k, -k]) {
        // Saving per row if the rows moved by `by`: a row then shows old row
        // y + by; rows scrolled in at the band's edge come in blank, which
        // the band search below charges for.
        let gain: Vec<i64> = (0..h)
            .map(|y| {
                let from = y + by;
                if (0..h).contains(&from) {
                    stay[y as usize] - differ(row(old, from), row(new, y))
                } else {
                    i64::MIN / 4
                }
            })
            .collect();
        // The band with the largest total gain (Kadane), then the rows the
        // scroll brings in blank at its edge, which must be written.
        let (mut run, mut start) = (0i64, 0i32);
        for y in 0..h {
            if run <= 0 {
                run = 0;
                start = y;
            }
            run += gain[y as usize];
            let top = start;
            let bottom = y + 1; // the band of rows that show moved content
            let region = if by > 0 {
                top..(bottom + by).min(h)
            } else {
                (top + by).max(0)..bottom
            };
            if region.end - region.start <= by.abs() {
                continue;
            }
            let fresh: Range<i32> = if by > 0 {
                bottom..region.end
            } else {
                region.start..top
            };
            let fill = fill_before[fresh.end as usize] - fill_before[fresh.start as usize];
            let saving = run - fill;
            if saving >= i64::from(w) && best.as_ref().is_none_or(|(s, _)| saving > *s) {
                let rows = region.start as u16..region.end as u16;
                best = Some((saving, Shift { rows, by }));
            }
        }
    }
    best.map(|(_, s)| s)
}

/// `buf` with the rows in `shift.rows` moved as the terminal moves them.
fn apply(buf: &mut Buffer, shift: &Shift) {
    let w = usize::from(buf.area.width);
    let (a, b) = (usize::from(shift.rows.start), usize::from(shift.rows.end));
    let k = shift.by.unsigned_abs() as usize;
    let rows = &mut buf.content[a * w..b * w];
    if shift.by > 0 {
        rows.rotate_left(k * w);
        let n = rows.len();
        rows[n - k * w..].fill(Cell::default());
    } else {
        rows.rotate_right(k * w);
        rows[..k * w].fill(Cell::default());
    }
}

impl<B: Backend> Backend for Scrolling<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let updates: Vec<(u16, u16, &Cell)> = content.collect();
        let Some(screen) = &mut self.screen else {
            return self.inner.draw(updates.into_iter());
        };
        if updates
            .iter()
            .any(|&(x, y, _)| !screen.area.contains(Position { x, y }))
        {
            self.screen = None;
            return self.inner.draw(updates.into_iter());
        }
        let mut new = screen.clone();
        for &(x, y, cell) in &updates {
            new[(x, y)] = cell.clone();
        }
        if let Some(shift) = best_shift(screen, &new) {
            let amount = shift.by.unsigned_abs() as u16;
            if shift.by > 0 {
                self.inner.scroll_region_up(shift.rows.clone(), amount)?;
            } else {
                self.inner.scroll_region_down(shift.rows.clone(), amount)?;
            }
            apply(screen, &shift);
        }
        let updates = screen.diff(&new);
        let result = self.inner.draw(updates.into_iter());
        *screen = new;
        result
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.screen = None;
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()?;
        self.blank_screen();
        Ok(())
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(clear_type)?;
        match clear_type {
            ClearType::All => self.blank_screen(),
            _ => self.screen = None,
        }
        Ok(())
    }

    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }

    fn scroll_region_up(&mut self, region: Range<u16>, amount: u16) -> Result<(), Self::Error> {
        self.screen = None;
        self.inner.scroll_region_up(region, amount)
    }

    fn scroll_region_down(&mut self, region: Range<u16>, amount: u16) -> Result<(), Self::Error> {
        self.screen = None;
        self.inner.scroll_region_down(region, amount)
    }
}

#[cfg(test)]
mod tests {
    use std::io;

    use super::*;
    use proptest::prelude::*;
    use ratatui::Terminal;
    use ratatui::backend::{CrosstermBackend, TestBackend};
    use ratatui::text::Line;
    use ratatui::widgets::Widget;

    /// A screen of numbered lines from `top`, with a status line and a
    /// header that do not scroll, and the row `sel` reversed.
    fn frame(area: Rect, top: usize, sel: usize, indent: u16) -> impl Fn(&mut Buffer) {
        move |buf: &mut Buffer| {
            Line::from("header").render(Rect { height: 1, ..area }, buf);
            for y in 1..area.height - 1 {
                let n = top + usize::from(y);
                let r = Rect {
                    x: indent,
                    y,
                    width: area.width - indent,
                    height: 1,
                };
                let style = if n == sel {
                    ratatui::style::Style::new().reversed()
                } else {
                    ratatui::style::Style::new()
                };
                // Neighbouring lines differ in most columns, as real rows do.
                let words = "Azerbaijan launches an operation in Nagorno-Karabakh; figures, actors";
                let at = (n * 7) % words.len();
                let text = format!("{n:>3} {}{}", &words[at..], &words[..at]);
                Line::styled(text, style).render(r, buf);
            }
            let last = Rect {
                y: area.height - 1,
                height: 1,
                ..area
            };
            Line::from(format!("status {top}")).render(last, buf);
        }
    }

    fn bytes_for(scrolling: bool, moves: &[(usize, usize)], indent: u16) -> (usize, Buffer) {
        let area = Rect::new(0, 0, 80, 24);
        let mut out = Vec::new();
        let mut expected = Buffer::empty(area);
        {
            let backend = CrosstermBackend::new(&mut out);
            let draw = |buf: &mut Buffer, top, sel| frame(area, top, sel, indent)(buf);
            if scrolling {
                let mut t = Terminal::new(Scrolling::new(TestBackendSized(backend, area))).unwrap();
                t.clear().unwrap();
                for &(top, sel) in moves {
                    t.draw(|f| draw(f.buffer_mut(), top, sel)).unwrap();
                }
            } else {
                let mut t = Terminal::new(TestBackendSized(backend, area)).unwrap();
                t.clear().unwrap();
                for &(top, sel) in moves {
                    t.draw(|f| draw(f.buffer_mut(), top, sel)).unwrap();
                }
            }
            if let Some(&(top, sel)) = moves.last() {
                draw(&mut expected, top, sel);
            }
        }
        (out.len(), expected)
    }

    /// A crossterm backend of a fixed size (a `Vec` is no terminal to ask).
    struct TestBackendSized<W: io::Write>(CrosstermBackend<W>, Rect);

    impl<W: io::Write> Backend for TestBackendSized<W> {
        type Error = io::Error;
        fn draw<'a, I: Iterator<Item = (u16, u16, &'a Cell)>>(&mut self, c: I) -> io::Result<()> {
            self.0.draw(c)
        }
        fn hide_cursor(&mut self) -> io::Result<()> {
            self.0.hide_cursor()
        }
        fn show_cursor(&mut self) -> io::Result<()> {
            self.0.show_cursor()
        }
        fn get_cursor_position(&mut self) -> io::Result<Position> {
            Ok(Position::ORIGIN)
        }
        fn set_cursor_position<P: Into<Position>>(&mut self, p: P) -> io::Result<()> {
            self.0.set_cursor_position(p)
        }
        fn clear(&mut self) -> io::Result<()> {
            self.0.clear()
        }
        fn clear_region(&mut self, t: ClearType) -> io::Result<()> {
            self.0.clear_region(t)
        }
        fn size(&self) -> io::Result<Size> {
            Ok(self.1.as_size())
        }
        fn window_size(&mut self) -> io::Result<WindowSize> {
            Ok(WindowSize {
                columns_rows: self.1.as_size(),
                pixels: Size::default(),
            })
        }
        fn flush(&mut self) -> io::Result<()> {
            Backend::flush(&mut self.0)
        }
        fn scroll_region_up(&mut self, r: Range<u16>, n: u16) -> io::Result<()> {
            self.0.scroll_region_up(r, n)
        }
        fn scroll_region_down(&mut self, r: Range<u16>, n: u16) -> io::Result<()> {
            self.0.scroll_region_down(r, n)
        }
    }

    #[test]
    fn a_list_scrolled_by_one_row_costs_a_few_rows_not_all_of_them() {
        // The selection on the last row, then one `j`: the list scrolls by one.
        let moves = [(0, 22), (1, 23)];
        let (plain, _) = bytes_for(false, &moves, 0);
        let (scrolled, _) = bytes_for(true, &moves, 0);
        let (first, _) = bytes_for(true, &moves[..1], 0);
        let (plain_first, _) = bytes_for(false, &moves[..1], 0);
        let (plain_j, scroll_j) = (plain - plain_first, scrolled - first);
        assert!(
            scroll_j * 5 < plain_j,
            "one `j`: {scroll_j} B with a scroll region, {plain_j} B without"
        );
    }

    #[test]
    fn a_shift_is_found_for_full_and_partial_rows_and_none_for_a_new_page() {
        let area = Rect::new(0, 0, 80, 24);
        let (mut a, mut b) = (Buffer::empty(area), Buffer::empty(area));
        frame(area, 0, 22, 0)(&mut a);
        frame(area, 1, 23, 0)(&mut b);
        let s = best_shift(&a, &b).unwrap();
        assert_eq!(s.by, 1);
        assert!(s.rows.start <= 1 && s.rows.end >= 22, "{s:?}");
        let mut c = Buffer::empty(area);
        frame(area, 40, 0, 0)(&mut c);
        assert_eq!(best_shift(&a, &c), None, "nothing in common");
        // Down by half a page, as PgUp does.
        let mut d = Buffer::empty(area);
        frame(area, 11, 30, 0)(&mut d);
        let mut e = Buffer::empty(area);
        frame(area, 0, 30, 0)(&mut e);
        assert_eq!(best_shift(&d, &e).map(|s| s.by), Some(-11));
    }

    proptest! {
        /// Whatever the moves, the terminal ends up showing exactly the last
        /// frame: the scroll regions and the cells written after them agree.
        #[test]
        fn the_screen_is_always_the_last_frame(
            moves in proptest::collection::vec((0usize..40, 0usize..60), 1..8),
            indent in 0u16..20,
        ) {
            let area = Rect::new(0, 0, 80, 24);
            let mut t = Terminal::new(Scrolling::new(TestBackend::new(80, 24))).unwrap();
            t.clear().unwrap();
            let mut expected = Buffer::empty(area);
            for &(top, sel) in &moves {
                t.draw(|f| frame(area, top, sel, indent)(f.buffer_mut())).unwrap();
                expected = Buffer::empty(area);
                frame(area, top, sel, indent)(&mut expected);
            }
            let shown = t.backend().inner().buffer().clone();
            prop_assert_eq!(shown, expected);
        }
    }
}
