//! What folio keeps between runs, as JSON under `$XDG_STATE_HOME/folio/` (the
//! platform's data directory where there is no state directory): the reading state
//! (`reading`) and the search history. Files are written atomically with mode 0600;
//! one that cannot be read is set aside, never overwritten, and never fatal.

mod files;
pub mod reading;

use std::io;
use std::path::{Path, PathBuf};

use etcetera::BaseStrategy;

pub use self::reading::{ArchiveMemory, Changes, Mark, MarkKey, ReadingState};

/// The directory folio keeps its state in, if the platform has one.
pub fn state_dir() -> Option<PathBuf> {
    let strategy = etcetera::choose_base_strategy().ok()?;
    let base = strategy.state_dir().unwrap_or_else(|| strategy.data_dir());
    Some(base.join("folio"))
}

/// Reads the search history (oldest first). A missing file is an empty history;
/// one that cannot be read is set aside (never overwritten) and the reason
/// returned alongside.
pub fn load_history(dir: &Path) -> (Vec<String>, Option<String>) {
    let path = dir.join("history.json");
    let bytes = match files::read_if_exists(&path) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return (Vec::new(), None),
        Err(error) => {
            return (
                Vec::new(),
                Some(format!("search history not read: {error}")),
            );
        }
    };
    match serde_json::from_slice::<Vec<String>>(&bytes) {
        Ok(history) => (history, None),
        Err(error) => {
            let warning = match files::set_aside(&path) {
                Ok(aside) => format!(
                    "search history was corrupt ({error}); kept as {}",
                    aside.display()
                ),
                Err(aside_error) => format!(
                    "search history was corrupt ({error}) and could not be set aside: {aside_error}"
                ),
            };
            (Vec::new(), Some(warning))
        }
    }
}

/// Writes the search history atomically.
pub fn save_history(dir: &Path, history: &[String]) -> io::Result<()> {
    let json = serde_json::to_string_pretty(history).map_err(io::Error::other)?;
    files::write_atomically(&dir.join("history.json"), json.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let history = vec!["harbour".to_owned(), "Okafor".to_owned()];
        save_history(dir.path(), &history).unwrap();
        assert_eq!(load_history(dir.path()), (history, None));
    }

    #[test]
    fn missing_history_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load_history(dir.path()), (Vec::new(), None));
    }

    #[test]
    fn corrupt_history_is_set_aside() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("history.json"), b"[\"\xff\"]").unwrap();
        let (history, warning) = load_history(dir.path());
        assert!(history.is_empty());
        assert!(warning.unwrap().contains("corrupt"));
        assert!(dir.path().join("history.json.corrupt").exists());
    }
}
