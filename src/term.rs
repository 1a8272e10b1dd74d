//! The terminal: entering and leaving full-screen mode, and making sure it is left
//! whatever happens (normal exit, error, panic, SIGTERM, SIGHUP) so the user's shell
//! is never left in raw mode. Also suspending to the shell on Ctrl-z.

use std::io::{self, BufWriter, Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;

use ratatui::crossterm::{cursor, event, execute, terminal};
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};

use crate::app::Event;

mod screen;

pub use screen::Screen;

/// The terminal folio draws on. Output is buffered so a frame goes out in one
/// write, which matters over SSH.
pub type Term = Screen<BufWriter<Stdout>>;

/// Set while the terminal is in full-screen mode, so `restore` runs its steps once.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Set while mouse reporting is on (opt-in), so `restore` turns it off.
static MOUSE: AtomicBool = AtomicBool::new(false);

/// Switches to raw mode and the alternate screen, with mouse reporting when asked
/// for (off, the terminal's own text selection keeps working).
pub fn enter(mouse: bool) -> io::Result<Term> {
    terminal::enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    MOUSE.store(mouse, Ordering::SeqCst);
    let mut stdout = io::stdout();
    // Bracketed paste: a paste arrives as one event, not as thousands of keys.
    if let Err(error) = execute!(
        stdout,
        terminal::EnterAlternateScreen,
        cursor::Hide,
        event::EnableBracketedPaste
    ) {
        restore();
        return Err(error);
    }
    if mouse && let Err(error) = execute!(stdout, ratatui::crossterm::event::EnableMouseCapture) {
        restore();
        return Err(error);
    }
    // The size is asked once; after that it comes from the resize events (see
    // `runtime`), as asking opens /dev/tty each time.
    let (width, height) = terminal::size()?;
    Ok(Screen::new(
        BufWriter::new(io::stdout()),
        ratatui::layout::Rect::new(0, 0, width, height),
    ))
}

/// Leaves raw mode and the alternate screen and shows the cursor. Safe to call any
/// number of times, from any thread.
pub fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let mut stdout = io::stdout();
        if MOUSE.load(Ordering::SeqCst) {
            let _ = execute!(stdout, ratatui::crossterm::event::DisableMouseCapture);
        }
        let _ = execute!(
            stdout,
            event::DisableBracketedPaste,
            terminal::LeaveAlternateScreen,
            cursor::Show
        );
        let _ = terminal::disable_raw_mode();
        let _ = stdout.flush();
    }
}

/// Restores the terminal before the default panic message is printed, so the message
/// is readable and the shell works afterwards.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // A panic contained to one file is reported as that file's error; the
        // screen carries on.
        if crate::guard::containing() {
            return;
        }
        restore();
        previous(info);
    }));
}

/// Turns SIGTERM, SIGHUP, SIGINT and SIGQUIT into `Event::Terminate` so the app leaves through
/// its normal path. A second signal while the app is busy restores the terminal and
/// exits at once.
pub fn forward_signals(events: Sender<Event>) -> io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            let mut seen = false;
            for signal in signals.forever() {
                if seen || events.send(Event::Terminate(signal)).is_err() {
                    restore();
                    std::process::exit(128 + signal);
                }
                seen = true;
            }
        })?;
    Ok(())
}

/// Gives the terminal back to the shell and stops the process (as Ctrl-z does in a
/// normal program); when the shell resumes it, full-screen mode comes back.
pub fn suspend(term: &mut Term) -> io::Result<()> {
    restore();
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    terminal::enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(
        io::stdout(),
        terminal::EnterAlternateScreen,
        cursor::Hide,
        event::EnableBracketedPaste
    )?;
    if MOUSE.load(Ordering::SeqCst) {
        execute!(io::stdout(), ratatui::crossterm::event::EnableMouseCapture)?;
    }
    // The shell drew on the screen meanwhile, and the window may have changed
    // size: clear it and draw the next frame whole.
    let (width, height) = terminal::size()?;
    term.resize(ratatui::layout::Rect::new(0, 0, width, height))
}

/// Most text one copy carries: terminals refuse longer OSC 52 sequences (xterm's
/// default limit is about 100,000 bytes of base64).
pub const COPY_CAP: usize = 74 * 1024;

/// The OSC 52 sequence that puts `text` on the clipboard, with whether the text
/// was cut to `COPY_CAP` bytes. Control characters are dropped so the payload
/// can only ever be text, whatever it came from.
pub fn osc52(text: &str) -> (String, bool) {
    use base64::Engine;
    let clean: String = text
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect();
    let capped = clean.len() > COPY_CAP;
    let mut end = clean.len().min(COPY_CAP);
    while !clean.is_char_boundary(end) {
        end -= 1;
    }
    let payload = base64::engine::general_purpose::STANDARD.encode(&clean.as_bytes()[..end]);
    (format!("\x1b]52;c;{payload}\x07"), capped)
}

/// Copies text through the terminal; true when it had to be cut.
pub fn copy(term: &mut Term, text: &str) -> io::Result<bool> {
    let (sequence, capped) = osc52(text);
    let out = term.out();
    out.write_all(sequence.as_bytes())?;
    out.flush()?;
    Ok(capped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_carries_clean_utf8() {
        let (seq, capped) = osc52("café\x1b]0;x\x07");
        assert!(!capped);
        // "café]0;x" without the escape and bell.
        assert_eq!(seq, "\x1b]52;c;Y2Fmw6ldMDt4\x07");
        let (seq, capped) = osc52(&"é".repeat(COPY_CAP));
        assert!(capped);
        assert!(seq.len() < COPY_CAP * 2);
    }
}
