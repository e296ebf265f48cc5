//! The real terminal: raw mode and the alternate screen, always given back
//! on quit, error, panic, SIGTERM, SIGHUP and Ctrl-Z.
//!
//! Input arrives on a channel from two threads, one reading the terminal and
//! one waiting for signals, so the loop blocks with no timeout (an idle
//! reader uses no CPU) and still hears a SIGTERM at once. Signal handlers only
//! forward; the cleanup happens in the loop.

use std::io::{self, Stdout, Write};
use std::sync::mpsc;

use crossterm::event::{self, Event};
use crossterm::{cursor, execute, terminal};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGTSTP};
use signal_hook::iterator::Signals;

use super::app::App;
use super::clipboard::Route;
use super::loader::{Loader, Searcher};
use super::scrolling::Scrolling;
use super::worker::Workers;
use super::{Exit, Input, run_loop_with};
use crate::library::db::Db;

/// How long the loop has to end by itself after SIGTERM, SIGHUP or Ctrl-C
/// before the signal thread gives the terminal back and exits for it.
const SIGNAL_GRACE: std::time::Duration = std::time::Duration::from_millis(80);

/// Puts the terminal into the state the reader draws in.
fn enter(mouse: bool) -> io::Result<()> {
    terminal::enable_raw_mode()?;
    execute!(io::stdout(), terminal::EnterAlternateScreen, cursor::Hide)?;
    if mouse {
        execute!(io::stdout(), event::EnableMouseCapture)?;
    }
    Ok(())
}

/// Gives the terminal back as it was. Safe to call twice, and when the
/// terminal is already gone (a dropped SSH connection).
pub fn restore() {
    let _ = execute!(io::stdout(), event::DisableMouseCapture);
    let _ = execute!(io::stdout(), terminal::LeaveAlternateScreen, cursor::Show);
    let _ = terminal::disable_raw_mode();
    let _ = io::stdout().flush();
}

/// The library behind the reader, as the start left it.
pub enum Library {
    /// Opened before the first frame, whose rows came from its index.
    Open(Box<Loader>),
    /// A first start: no index to show rows from, and making its file
    /// costs several fsyncs (15-25 ms, measured). After the first frame,
    /// the session is opened (`open`, over an index in memory) and sends
    /// the list from the files' heads while the index file is made
    /// (`index`) on a thread of its own; the check then writes to it.
    Later {
        open: Box<dyn FnOnce() -> Loader + Send>,
        index: Box<dyn FnOnce() -> Db + Send>,
    },
}

/// Runs the reader until the user quits or a signal says to stop.
pub fn run(mut app: App, library: Option<Library>) -> io::Result<Exit> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));

    // Start crossterm's event source here, before the first frame: it
    // installs its SIGWINCH handler on first use, and a resize that came
    // before that would be lost. Polling reads nothing from the terminal.
    let _ = event::poll(std::time::Duration::ZERO);
    // The handlers now, so that a signal during the first frame is kept;
    // the thread that forwards them comes after it.
    let signals = Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    let handle = signals.handle();

    // A briefing asked for at start (a single file) is read before the
    // first frame, as nothing else could be shown meanwhile; the marks it
    // makes go to the writer like any other, once it is started.
    let mut first = Vec::new();
    for effect in app.take_effects() {
        match effect {
            super::Effect::Load(load) => {
                let loaded = super::worker::read(&load);
                first.extend(app.update(super::Msg::Loaded(Box::new(loaded))));
            }
            other => first.push(other),
        }
    }

    let mouse = app.options.mouse;
    // The first frame before any thread is started: on a machine of two
    // cores they would take turns with it.
    let mut term = match enter(mouse).and_then(|()| first_frame(&mut app)) {
        Ok(term) => term,
        Err(e) => {
            restore();
            return Err(e);
        }
    };

    let (tx, rx) = mpsc::channel();
    let (search, saved) = match library {
        Some(Library::Open(loader)) => {
            (loader.searcher(tx.clone()), Some(loader.spawn(tx.clone())))
        }
        Some(Library::Later { open, index }) => {
            let (search, saved) = open_later(open, index, tx.clone());
            (Some(search), Some(saved))
        }
        None => (None, None),
    };
    let store = app
        .writer
        .take()
        .unwrap_or_else(crate::library::state::Store::in_memory);
    let workers = Workers::spawn(store, tx.clone()).with_search(search);
    forward_signals(signals, tx.clone());
    std::thread::spawn(move || {
        loop {
            let input = match event::read() {
                Ok(Event::Key(k)) => Input::Key(k),
                Ok(Event::Mouse(m)) => Input::Mouse(m.kind, m.column, m.row),
                Ok(Event::Resize(w, h)) => Input::Resize(w, h),
                Ok(_) => continue,
                Err(_) => Input::Closed,
            };
            let closed = input == Input::Closed;
            if tx.send(input).is_err() || closed {
                break;
            }
        }
    });
    // Inside tmux, tmux is asked about its clipboard (a process of its
    // own), after the first frame too.
    app.clipboard = Route::probe();
    for effect in first {
        workers.execute(effect);
    }

    let result = run_loop_with(
        &mut term,
        &mut app,
        rx.iter(),
        |effect| workers.execute(effect),
        |_| suspend(mouse),
        |text| {
            execute!(
                io::stdout(),
                crossterm::style::Print(super::clipboard::osc52(text))
            )
        },
    );
    restore();
    handle.close();
    // Marks still queued are written now; a quit waits a little for them
    // (a signal does not: it must end the program at once). What cannot be
    // written is named on stderr, and the exit status says so.
    let mut result = result;
    if matches!(result, Ok(Exit::Quit | Exit::Closed))
        && !super::worker::quit::report(workers, &app.unsaved)
    {
        result = Ok(Exit::Unsaved);
    }
    // A cold start's cache is written just after the list is complete; a
    // quick quit waits a moment for it, so the next start is warm.
    if let Some(saved) = saved {
        let _ = saved.recv_timeout(std::time::Duration::from_millis(500));
    }
    result
}

type Screen = Terminal<Scrolling<CrosstermBackend<Stdout>>>;

/// The terminal to draw on, and the first frame drawn on it.
fn first_frame(app: &mut App) -> io::Result<Screen> {
    // Lists and texts that scroll are moved by the terminal itself.
    let mut term = Terminal::new(Scrolling::new(CrosstermBackend::new(io::stdout())))?;
    let size = term.size()?;
    app.resize(size.width, size.height);
    term.draw(|f| f.render_widget(&*app, f.area()))?;
    Ok(term)
}

/// A first start's library, after the first frame, on a thread of its own:
/// the list first (from the files' heads) while the index file is made on
/// another, then the check and the following as [`Loader::spawn`] does, on
/// that file. Returns the full-text search, whose asks wait for the index,
/// and the receiver that hears once the first check is written. What
/// making the index had to say (rebuilt, not used) reaches the status line.
fn open_later(
    open: Box<dyn FnOnce() -> Loader + Send>,
    index: Box<dyn FnOnce() -> Db + Send>,
    tx: mpsc::Sender<Input>,
) -> (Searcher, mpsc::Receiver<()>) {
    let (reader_tx, reader) = mpsc::channel();
    let search = Searcher::later(reader, tx.clone());
    let (saved_tx, saved) = mpsc::channel();
    std::thread::spawn(move || {
        let making = std::thread::spawn(index);
        let mut loader = open();
        let mut send = |batch| tx.send(Input::Indexed(batch)).is_ok();
        if !loader.checked && !loader.live.list(&mut send) {
            return;
        }
        let db = making.join().unwrap_or_else(|_| Db::memory());
        loader.live.use_db(db);
        let _ = reader_tx.send(loader.live.search_reader());
        let messages = loader.live.messages();
        if !messages.is_empty() && tx.send(Input::Notice(messages.join("; "))).is_err() {
            return;
        }
        if loader.spawn(tx).recv().is_ok() {
            let _ = saved_tx.send(());
        }
    });
    (search, saved)
}

/// Forwards SIGTERM, SIGHUP and SIGINT to the loop, on a thread of its own.
fn forward_signals(mut signals: Signals, tx: mpsc::Sender<Input>) {
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            if tx.send(Input::Signal(sig)).is_err() {
                return;
            }
            // The loop answers between two messages; should it be inside a
            // long frame, the signal still ends the program on time.
            std::thread::sleep(SIGNAL_GRACE);
            restore();
            std::process::exit(128 + sig);
        }
    });
}

/// Ctrl-Z: hand the terminal back, stop like any job, and retake it on `fg`.
fn suspend(mouse: bool) -> io::Result<()> {
    restore();
    signal_hook::low_level::raise(SIGTSTP)?;
    enter(mouse)
}
