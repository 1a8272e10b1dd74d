//! What folio keeps between runs: for now the search history, as JSON under
//! `$XDG_STATE_HOME/folio/` (the platform's data directory where there is no state
//! directory), written atomically. A file that cannot be read is set aside, never
//! fatal.

use std::io;
use std::path::{Path, PathBuf};

use etcetera::BaseStrategy;

/// The directory folio keeps its state in, if the platform has one.
pub fn state_dir() -> Option<PathBuf> {
    let strategy = etcetera::choose_base_strategy().ok()?;
    let base = strategy.state_dir().unwrap_or_else(|| strategy.data_dir());
    Some(base.join("folio"))
}

/// Reads the search history (oldest first). A missing file is an empty history;
/// a corrupt one is renamed out of the way so it is not overwritten, and the
/// reason returned alongside.
pub fn load_history(dir: &Path) -> (Vec<String>, Option<String>) {
    let path = dir.join("history.json");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return (Vec::new(), None),
        Err(error) => {
            return (
                Vec::new(),
                Some(format!("search history not read: {error}")),
            );
        }
    };
    match serde_json::from_str::<Vec<String>>(&text) {
        Ok(history) => (history, None),
        Err(error) => {
            let aside = dir.join("history.json.corrupt");
            let _ = std::fs::rename(&path, &aside);
            (
                Vec::new(),
                Some(format!(
                    "search history was corrupt ({error}); kept as {}",
                    aside.display()
                )),
            )
        }
    }
}

/// Writes the search history: to a temporary file, then renamed over the old one,
/// so a crash never leaves half a file.
pub fn save_history(dir: &Path, history: &[String]) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let json = serde_json::to_string_pretty(history).map_err(io::Error::other)?;
    let temporary = dir.join(format!("history.json.{}.tmp", std::process::id()));
    std::fs::write(&temporary, json)?;
    std::fs::rename(&temporary, dir.join("history.json"))
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
        std::fs::write(dir.path().join("history.json"), "{not json").unwrap();
        let (history, warning) = load_history(dir.path());
        assert!(history.is_empty());
        assert!(warning.unwrap().contains("corrupt"));
        assert!(dir.path().join("history.json.corrupt").exists());
    }
}
