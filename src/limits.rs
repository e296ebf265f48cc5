//! Sizes both faces need: the reader lays itself out by them and `brief
//! doctor` reports a terminal against them. Below `tui` and `cli`, so
//! neither reaches into the other.

/// Below this the reader shows a short notice instead of a broken screen.
pub const MIN_WIDTH: u16 = 30;
pub const MIN_HEIGHT: u16 = 8;
/// From this size up, all five panes are shown at once.
pub const WIDE_WIDTH: u16 = 120;
pub const WIDE_HEIGHT: u16 = 32;
