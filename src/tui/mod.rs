//! The keyboard reader. `action` and `keymap` turn keys into named actions,
//! `app` applies them, `view` and `ui` draw the state, and this module runs
//! the loop, against a real terminal or, in tests, any backend and input.

pub mod action;
pub mod app;
pub mod clipboard;
pub mod keymap;
pub mod layout;
pub mod loader;
pub mod terminal;
pub mod ui;
pub mod view;

use std::io;

use crossterm::event::KeyEvent;
use ratatui::Terminal;
use ratatui::backend::Backend;

use app::App;

/// What the loop waits for: the only things that cause a redraw.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// Files indexed, at start-up or because they changed on disk.
    Indexed(crate::library::index::Batch),
    Key(KeyEvent),
    /// A click or the wheel, when the mouse is on.
    Mouse(crossterm::event::MouseEventKind, u16, u16),
    Resize(u16, u16),
    /// SIGTERM, SIGHUP or SIGINT arrived: clean up and leave.
    Signal(i32),
    /// The terminal went away (read error or end of input).
    Closed,
}

/// Why the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Quit,
    Signal(i32),
    Closed,
}

/// Turns an input into the action it asks for: the keymap, or the keys of
/// a yes/no question or of the prompt while the user is typing.
pub fn action_for(app: &App, key: &KeyEvent) -> Option<action::Action> {
    if !keymap::is_press(key) {
        return None;
    }
    if app.confirming.is_some() {
        keymap::confirm_action(key)
    } else if app.typing() {
        keymap::prompt_action(key)
    } else {
        app.keymap.lookup(key)
    }
}

/// Draws, then blocks on input and redraws after each event, until quit.
/// `suspend` is called for Ctrl-Z with the terminal to hand back and
/// retake; `copy` to put text on the user's clipboard.
pub fn run_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    input: impl IntoIterator<Item = Input>,
    mut suspend: impl FnMut(&mut Terminal<B>) -> io::Result<()>,
    mut copy: impl FnMut(&str) -> io::Result<()>,
) -> io::Result<Exit>
where
    B::Error: std::error::Error + Send + Sync + 'static,
{
    let draw = |terminal: &mut Terminal<B>, app: &App| {
        terminal
            .draw(|f| f.render_widget(app, f.area()))
            .map(|_| ())
            .map_err(io::Error::other)
    };
    draw(terminal, app)?;
    for event in input {
        match event {
            Input::Key(key) => {
                if let Some(action) = action_for(app, &key) {
                    app.update(action);
                }
            }
            Input::Mouse(kind, column, row) => {
                if app.options.mouse {
                    app.mouse(kind, column, row);
                }
            }
            Input::Resize(w, h) => app.resize(w, h),
            Input::Indexed(batch) => app.apply_batch(batch),
            Input::Signal(sig) => return Ok(Exit::Signal(sig)),
            Input::Closed => return Ok(Exit::Closed),
        }
        if app.should_quit {
            return Ok(Exit::Quit);
        }
        if let Some(text) = app.clipboard.take() {
            copy(&text)?;
        }
        if app.suspend {
            app.suspend = false;
            suspend(terminal)?;
            // Repaint everything after `fg`. Not `Terminal::clear`: it asks
            // the terminal where the cursor is, and the answer would race the
            // input thread for stdin.
            let size = terminal.size().map_err(io::Error::other)?;
            terminal
                .resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
                .map_err(io::Error::other)?;
        }
        draw(terminal, app)?;
    }
    Ok(Exit::Closed)
}
