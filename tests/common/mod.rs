//! What the reader's tests share: keys written as a string, the screen
//! drawn on a test backend and read back as text, where a text is on it,
//! a library folder copied, and the binary run as `nobody` ([`nobody`]).
//!
//! Each test program includes this with `mod common;` and uses a part of
//! it, hence the `dead_code` allowance.
#![allow(dead_code)]

use std::path::Path;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use brief::library;
use brief::tui::app::{App, Options};
use brief::tui::worker::settle;
use brief::tui::{Effect, Msg};

pub mod nobody;

/// The key a character stands for in a key string: `⏎` Enter, `⎋` Esc,
/// `⇥` Tab, `␣` Space, `⌫` Backspace, `↑` `↓` arrows, `⇟` PgDn, `⇞` PgUp;
/// any other character is itself.
pub fn key_code(c: char) -> KeyCode {
    match c {
        '⏎' => KeyCode::Enter,
        '⎋' => KeyCode::Esc,
        '⇥' => KeyCode::Tab,
        '␣' => KeyCode::Char(' '),
        '⌫' => KeyCode::Backspace,
        '↑' => KeyCode::Up,
        '↓' => KeyCode::Down,
        '⇟' => KeyCode::PageDown,
        '⇞' => KeyCode::PageUp,
        c => KeyCode::Char(c),
    }
}

pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// Presses the keys of a key string ([`key_code`]), carrying out the work
/// a loop's workers would; returns the effects only a loop carries out.
pub fn press(app: &mut App, keys: &str) -> Vec<Effect> {
    let mut left = Vec::new();
    for c in keys.chars() {
        let effects = app.update(Msg::Key(key(key_code(c))));
        left.extend(settle(app, effects));
    }
    left
}

/// A reader over `lib` at `w`×`h`.
pub fn app_with(lib: library::Library, w: u16, h: u16, options: Options) -> App {
    let mut app = App::new(
        lib.listings(),
        lib.diagnostics,
        options,
        Rect::new(0, 0, w, h),
    );
    app.resize(w, h);
    app
}

/// The screen drawn on a test backend of the app's size (to snapshot).
pub fn terminal(app: &App) -> Terminal<TestBackend> {
    let mut term = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    term.draw(|f| f.render_widget(app, f.area())).unwrap();
    term
}

/// The screen drawn, cell by cell.
pub fn buffer(app: &App) -> Buffer {
    terminal(app).backend().buffer().clone()
}

/// The screen's text, a line per row.
pub fn text(buf: &Buffer) -> String {
    let mut s = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            s.push_str(buf[(x, y)].symbol());
        }
        s.push('\n');
    }
    s
}

/// The status line (the screen's last row), without trailing blanks.
pub fn status(app: &App) -> String {
    text(&buffer(app))
        .lines()
        .last()
        .unwrap()
        .trim_end()
        .to_owned()
}

/// The first cell of `needle` on screen.
pub fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    for y in 0..buf.area.height {
        let row: Vec<&str> = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        if let Some(byte) = row.concat().find(needle) {
            // Cells are one symbol each; count the symbols before the match.
            let mut seen = 0;
            for (x, sym) in row.iter().enumerate() {
                if seen == byte {
                    return Some((x as u16, y));
                }
                seen += sym.len();
            }
        }
    }
    None
}

/// Copies a folder and everything in it.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}
