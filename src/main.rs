//! The `folio` binary: parse the command line, pick the mode, run it, and turn the
//! outcome into an exit status (0 fine, 1 an input failed, 2 usage).

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Context as _;
use folio::app::Startup;
use folio::cli::{ColorChoice, Mode, Options};
use folio::config::Config;
use folio::search::Query;
use folio::{input, output, runtime};

fn main() -> ExitCode {
    let options = Options::from_args();
    match run(&options) {
        Ok(code) => code,
        // A closed pipe (`folio --json | head`) is how the reader said it had
        // enough: a normal end, without a message.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("folio: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Whether writing the output failed because nobody reads it any more.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
                == Some(io::ErrorKind::BrokenPipe)
    })
}

/// The modes that print something built in and read no articles; false for the
/// others.
fn print_built_in(mode: &Mode) -> anyhow::Result<bool> {
    let mut stdout = io::stdout();
    match mode {
        Mode::DefaultConfig => {
            let text = folio::config::default_config_text().context("built-in key map")?;
            stdout.write_all(text.as_bytes())?;
        }
        Mode::Completions(shell) => folio::cli::write_completions(*shell, &mut stdout),
        Mode::Man => folio::cli::write_man(&mut stdout)?,
        _ => return Ok(false),
    }
    Ok(true)
}

fn run(options: &Options) -> anyhow::Result<ExitCode> {
    if print_built_in(&options.mode)? {
        return Ok(ExitCode::SUCCESS);
    }
    let mut config = match Config::load(options.config.as_deref()) {
        Ok(config) => config,
        Err(error) => {
            eprintln!(
                "folio: {}",
                folio::sanitize::sanitize_line(&error.to_string())
            );
            return Ok(ExitCode::from(2));
        }
    };
    config.ascii |= options.ascii;
    config.mouse |= options.mouse;
    config.cursor |= options.cursor;
    if let Mode::Search { query, .. } = &options.mode
        && query.trim().is_empty()
    {
        eprintln!("folio: --search needs a word or phrase to look for");
        return Ok(ExitCode::from(2));
    }
    let input = match input::resolve(&options.paths, &config.library, config.size_cap) {
        Ok(input) => input,
        Err(error) => {
            eprintln!("folio: {}: {error}", input::STDIN_NAME);
            return Ok(ExitCode::FAILURE);
        }
    };
    let stdout_is_terminal = io::stdout().is_terminal();
    // Piped into another program, the reader would have no screen: print instead.
    let mode = match options.mode {
        Mode::Interactive if !stdout_is_terminal => Mode::Print,
        ref mode => mode.clone(),
    };
    let color = match options.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && stdout_is_terminal
        }
    };
    if mode == Mode::Interactive {
        return run_interactive(config, input, color);
    }

    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut errors = io::stderr();
    let (library, mut failed) = output::collect(&input, &config, &mut errors)?;
    let written = match mode {
        Mode::List => output::write_list(&library, &mut out).map(|()| false),
        Mode::Json => {
            let reading = folio::state::state_dir()
                .map(|dir| folio::state::ReadingState::peek(&dir))
                .unwrap_or_default();
            output::write_json(&library, &config, &reading, &mut out, &mut errors)
        }
        Mode::Print => {
            let width = options.width.map_or_else(
                || {
                    let terminal = ratatui::crossterm::terminal::size()
                        .ok()
                        .filter(|_| stdout_is_terminal);
                    terminal.map_or(config.max_width, |(w, _)| {
                        usize::from(w).min(config.max_width)
                    })
                },
                usize::from,
            );
            output::write_print(&library, &config, width, color, &mut out, &mut errors)
        }
        Mode::Index => output::write_index(&library, &input.paths, config.size_cap, &mut errors),
        Mode::Search { query, regex } => output::write_search(
            &library,
            &input.paths,
            &config,
            &Query::new(query.clone(), regex),
            &mut out,
            &mut errors,
        ),
        Mode::Interactive | Mode::DefaultConfig | Mode::Completions(_) | Mode::Man => {
            unreachable!("handled above")
        }
    };
    // The process ends here: handing the library back to the allocator entry by
    // entry would only delay the exit (15 ms at 100,000 articles).
    std::mem::forget(library);
    match written.and_then(|f| out.flush().map(|()| f)) {
        Ok(f) => failed |= f,
        // A closed pipe (`folio --list | head`) is the reader's choice, not an error.
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => {}
        Err(error) => return Err(error.into()),
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn run_interactive(
    config: Config,
    mut input: input::Input,
    color: bool,
) -> anyhow::Result<ExitCode> {
    // Paths that do not exist are reported up front, like other Unix tools do; if
    // none is left there is nothing to show.
    let mut missing = false;
    input.paths.retain(|path| match std::fs::metadata(path) {
        Ok(_) => true,
        Err(error) => {
            eprintln!(
                "folio: {}: {}",
                folio::sanitize::sanitize_line(&path.to_string_lossy()),
                folio::source::io_reason(&error)
            );
            missing = true;
            false
        }
    });
    if missing && input.paths.is_empty() && input.memory.is_empty() {
        return Ok(ExitCode::FAILURE);
    }
    let startup = Startup {
        hint: input.hint.clone(),
        color,
        archive: input.archive_name(),
        ..Startup::default()
    };
    // Ended by a signal: 128 + its number, as shells report it, so a script can
    // tell folio was interrupted.
    if let Some(signal) = runtime::run(startup, config, &input)? {
        return Ok(ExitCode::from(128u8.saturating_add(signal as u8)));
    }
    Ok(if missing {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
