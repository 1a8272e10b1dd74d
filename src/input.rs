//! Where the articles come from: paths on the command line, standard input (`-` or a
//! pipe), or, with neither, the built-in sample archive.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;

use crate::library::Bytes;
use crate::samples;
use crate::source::{self, SourceError};

/// The name standard input is listed under.
pub const STDIN_NAME: &str = "-";

/// Resolved inputs.
#[derive(Debug, Clone, Default)]
pub struct Input {
    /// Files and directories to scan.
    pub paths: Vec<PathBuf>,
    /// Articles already in memory (samples, standard input).
    pub memory: Vec<(Arc<str>, Bytes)>,
    /// Shown in the status bar until the first key.
    pub hint: Option<String>,
    /// What was opened, for the empty state.
    pub roots: Vec<String>,
}

impl Input {
    /// The name the archive's selection and sort order are remembered under: its
    /// paths made absolute (so `folio .` and `folio ~/news` from elsewhere are the
    /// same archive), one per line, with what came from memory by name.
    pub fn archive_name(&self) -> String {
        let mut names: Vec<String> = self
            .paths
            .iter()
            .map(|path| {
                std::fs::canonicalize(path)
                    .unwrap_or_else(|_| path.clone())
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        if names.is_empty() {
            names.clone_from(&self.roots);
        }
        names.sort();
        names.join("\n")
    }
}

/// Works out the inputs. Standard input is read here, before the terminal is set up,
/// so the keyboard can then be read from the terminal device. With no paths and
/// nothing piped in, `library` (from the config) opens, else the built-in samples.
pub fn resolve(paths: &[PathBuf], library: &[PathBuf], cap: u64) -> Result<Input, SourceError> {
    let mut input = Input::default();
    let named_stdin = paths.iter().any(|p| p.as_os_str() == STDIN_NAME);
    let mut read_stdin = false;
    if named_stdin || (paths.is_empty() && stdin_is_piped()) {
        let bytes = source::read_stream_capped(std::io::stdin().lock(), cap)?;
        // An empty pipe or file on standard input is an empty article (`true |
        // folio --print` says so), not a reason to show the samples. A stdin
        // that is neither (the null device a test runner or scheduler gives)
        // is not read at all.
        input
            .memory
            .push((Arc::from(STDIN_NAME), Bytes::Shared(bytes.into())));
        input.roots.push("standard input".into());
        read_stdin = true;
    }
    input.paths = paths
        .iter()
        .filter(|p| p.as_os_str() != STDIN_NAME)
        .cloned()
        .collect();
    input.roots.extend(
        input
            .paths
            .iter()
            .map(|p| crate::sanitize::sanitize_line(&p.to_string_lossy())),
    );
    if paths.is_empty() && !read_stdin && !library.is_empty() {
        input.paths = library.to_vec();
        input.roots = library
            .iter()
            .map(|p| crate::sanitize::sanitize_line(&p.to_string_lossy()))
            .collect();
    } else if paths.is_empty() && !read_stdin {
        input.memory = samples::articles();
        input.roots.push("the built-in samples".into());
        input.hint =
            Some("Showing the built-in sample archive. Open your own with: folio PATH…".into());
    }
    Ok(input)
}

/// True when standard input is a pipe or a file rather than a terminal or nothing
/// (`/dev/null` in CI or cron), so `cat story.txt | folio` reads it.
fn stdin_is_piped() -> bool {
    if std::io::stdin().is_terminal() {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        std::fs::metadata("/dev/stdin")
            .is_ok_and(|m| m.file_type().is_fifo() || m.file_type().is_file())
    }
    #[cfg(not(unix))]
    {
        true
    }
}
