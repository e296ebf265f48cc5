//! What the reader's benchmarks share: a key as a message, and one message
//! carried out and drawn, timed. Included with `mod common;`.

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use brief::tui::app::App;
use brief::tui::worker::settle;
use brief::tui::{Effect, Msg};

/// The key a character stands for: `⏎` Enter, `⎋` Esc, any other itself.
pub fn key(c: char) -> Msg {
    let code = match c {
        '⏎' => KeyCode::Enter,
        '⎋' => KeyCode::Esc,
        c => KeyCode::Char(c),
    };
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// One message handled in line (the workers' effects carried out) and a
/// frame drawn; how long that took.
pub fn step(app: &mut App, term: &mut Terminal<TestBackend>, msg: Msg) -> Duration {
    let t = Instant::now();
    let effects = app.update(msg);
    let left = settle(app, effects);
    assert!(!left.contains(&Effect::Quit), "a benchmark's key quit");
    term.draw(|f| f.render_widget(&*app, f.area())).unwrap();
    t.elapsed()
}
