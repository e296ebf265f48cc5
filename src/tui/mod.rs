//! The keyboard reader, as a state machine with its effects carried out
//! elsewhere:
//!
//! - `model` names where the user is ([`model::Mode`]) and what they look at;
//! - `action` and `keymap` turn keys into named actions;
//! - [`app::App::update`] takes a [`Msg`] (a key, the mouse, a resize, a
//!   signal, files indexed, a worker's answer) and returns [`Effect`]s,
//!   touching no file;
//! - `worker` reads briefings and writes marks on threads of its own and
//!   answers with messages; `loader` indexes the library the same way;
//! - `view` writes wrapped, styled lines (cached by the app per pane,
//!   width and briefing), and `ui` draws them, one file per screen;
//! - `settings` turns the configuration's plain data into key maps and
//!   palettes; `terminal` owns the real terminal and the signals.
//!
//! Inside: `model` ← `layout`, `theme` ← `view` ← `app` ← `ui`; nothing
//! points back up, and nothing here imports `cli`.

pub mod action;
pub mod app;
pub mod clipboard;
pub mod keymap;
pub mod layout;
pub mod loader;
pub mod model;
pub mod msg;
pub mod opening;
pub mod redline;
pub mod scrolling;
pub mod settings;
pub mod terminal;
pub mod theme;
pub mod ui;
pub mod view;
pub mod worker;

use std::collections::VecDeque;
use std::io;

use crossterm::event::KeyEvent;
use ratatui::Terminal;
use ratatui::backend::Backend;

use app::App;
use model::Mode;
pub use msg::{Effect, Exit, Input, Msg};

/// The reader's one remaining import of `cli`: `plural` moves to
/// `crate::text` (the briefing layer's change), and then this line points there.
pub(crate) use crate::text::plural;

/// Turns a key into the action it asks for: the keymap, or the keys of
/// a yes/no question or of the prompt while the user is typing.
pub fn action_for(app: &App, key: &KeyEvent) -> Option<action::Action> {
    if !keymap::is_press(key) {
        return None;
    }
    match app.mode {
        Mode::Confirm(_) => keymap::confirm_action(key),
        Mode::Prompt(_) | Mode::Find(..) => keymap::prompt_action(key),
        _ => app.keymap.lookup(key),
    }
}

/// Draws, then blocks on input and redraws after each message, until quit.
/// Reading briefings and writing marks happen here, in line, before the
/// next message: for tests and scripts. The real terminal uses
/// [`run_loop_with`] and the threads of [`worker`].
pub fn run_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    input: impl IntoIterator<Item = Msg>,
    suspend: impl FnMut(&mut Terminal<B>) -> io::Result<()>,
    copy: impl FnMut(&str) -> io::Result<()>,
) -> io::Result<Exit>
where
    B::Error: std::error::Error + Send + Sync + 'static,
{
    let mut inline = worker::Inline::new(app);
    run_loop_with(
        terminal,
        app,
        input,
        |effect| inline.run(effect),
        suspend,
        copy,
    )
}

/// The loop, with `execute` carrying out the effects that read or write
/// files: it returns the messages it can answer at once (in line), or
/// none and answers later through the input (on a thread).
/// `suspend` is called for Ctrl-Z with the terminal to hand back and
/// retake; `copy` to put text on the user's clipboard.
pub fn run_loop_with<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    input: impl IntoIterator<Item = Msg>,
    mut execute: impl FnMut(Effect) -> Vec<Msg>,
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
    let mut queue: VecDeque<Msg> = VecDeque::new();
    let mut effects: VecDeque<Effect> = app.take_effects().into();
    let mut input = input.into_iter();
    loop {
        // Effects first, then the messages they answered in line; then a frame.
        loop {
            if let Some(effect) = effects.pop_front() {
                match effect {
                    Effect::Quit => return Ok(Exit::Quit),
                    Effect::Copy(text) => copy(&text)?,
                    Effect::Suspend => {
                        suspend(terminal)?;
                        // Repaint everything after `fg`. Not `Terminal::clear`: it
                        // asks the terminal where the cursor is, and the answer
                        // would race the input thread for stdin.
                        let size = terminal.size().map_err(io::Error::other)?;
                        terminal
                            .resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
                            .map_err(io::Error::other)?;
                    }
                    other => queue.extend(execute(other)),
                }
            } else if let Some(msg) = queue.pop_front() {
                effects.extend(app.update(msg));
            } else {
                break;
            }
        }
        draw(terminal, app)?;
        let Some(msg) = input.next() else {
            return Ok(Exit::Closed);
        };
        match msg {
            Msg::Signal(sig) => return Ok(Exit::Signal(sig)),
            Msg::Closed => return Ok(Exit::Closed),
            msg => effects.extend(app.update(msg)),
        }
    }
}
