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
use super::scrolling::Scrolling;
use super::worker::Workers;
use super::{Exit, Input, run_loop_with};

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

/// Runs the reader until the user quits or a signal says to stop.
pub fn run(mut app: App, loader: Option<super::loader::Loader>) -> io::Result<Exit> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));

    // Start crossterm's event source here, before the first frame: it
    // installs its SIGWINCH handler on first use, and a resize that came
    // before that would be lost. Polling reads nothing from the terminal.
    let _ = event::poll(std::time::Duration::ZERO);

    let (tx, rx) = mpsc::channel();
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    let handle = signals.handle();
    let search = loader.as_ref().and_then(|l| l.searcher(tx.clone()));
    let saved = loader.map(|l| l.spawn(tx.clone()));
    let store = app
        .writer
        .take()
        .unwrap_or_else(crate::library::state::Store::in_memory);
    let workers = Workers::spawn(store, tx.clone()).with_search(search);
    let sig_tx = tx.clone();
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            if sig_tx.send(Input::Signal(sig)).is_err() {
                return;
            }
            // The loop answers between two messages; should it be inside a
            // long frame, the signal still ends the program on time.
            std::thread::sleep(SIGNAL_GRACE);
            restore();
            std::process::exit(128 + sig);
        }
    });
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

    // A briefing asked for at start (a single file) is read before the
    // first frame, as nothing else could be shown meanwhile; the marks it
    // makes go to the writer like any other.
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
    for effect in first {
        workers.execute(effect);
    }

    let mouse = app.options.mouse;
    if let Err(e) = enter(mouse) {
        restore();
        return Err(e);
    }
    let result = (|| {
        // Lists and texts that scroll are moved by the terminal itself.
        let mut term: Terminal<Scrolling<CrosstermBackend<Stdout>>> =
            Terminal::new(Scrolling::new(CrosstermBackend::new(io::stdout())))?;
        let size = term.size()?;
        app.resize(size.width, size.height);
        run_loop_with(
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
        )
    })();
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

/// Ctrl-Z: hand the terminal back, stop like any job, and retake it on `fg`.
fn suspend(mouse: bool) -> io::Result<()> {
    restore();
    signal_hook::low_level::raise(SIGTSTP)?;
    enter(mouse)
}
