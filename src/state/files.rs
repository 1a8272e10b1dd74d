//! Writing and setting aside the files folio keeps between runs, so that none is
//! ever half written, overwritten while unreadable, or readable by other users.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically: a temporary file beside it (mode 0600),
/// synced, then renamed over the old one, and the directory synced, so a crash or
/// `kill -9` at any moment leaves either the old file or the new one. A temporary
/// file that could not be renamed is removed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = path.file_name().map_or_else(
        || "state".into(),
        |name| name.to_string_lossy().into_owned(),
    );
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = private_options().open(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temporary, path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    written?;
    // The rename is durable once the directory is synced (not possible everywhere;
    // the file itself is already safe).
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Options that create a file only its owner can read.
fn private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

/// Renames a file folio could not read out of the way, to `NAME.corrupt`, or
/// `NAME.corrupt.2`, `.3`… when earlier copies exist, so no copy is overwritten.
/// Returns where it went.
pub fn set_aside(path: &Path) -> io::Result<PathBuf> {
    let name = path.file_name().map_or_else(
        || "state".into(),
        |name| name.to_string_lossy().into_owned(),
    );
    for n in 1..1000u32 {
        let aside = path.with_file_name(if n == 1 {
            format!("{name}.corrupt")
        } else {
            format!("{name}.corrupt.{n}")
        });
        // hard_link fails when the target exists, so two processes never pick the
        // same name; the original is removed once the copy is in place.
        match fs::hard_link(path, &aside) {
            Ok(()) => {
                fs::remove_file(path)?;
                return Ok(aside);
            }
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {}
            Err(error) => return Err(error),
        }
    }
    Err(io::Error::other("too many earlier copies set aside"))
}

/// Holds an exclusive lock on `DIR/NAME.lock` while it lives: what keeps two folio
/// processes from interleaving a read-merge-write of the same state file.
pub struct Lock {
    _file: File,
}

impl Lock {
    /// Waits for the lock.
    pub fn acquire(path: &Path) -> io::Result<Lock> {
        let mut lock_path = path.as_os_str().to_owned();
        lock_path.push(".lock");
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        let file = private_options()
            .truncate(false)
            .open(PathBuf::from(lock_path))?;
        file.lock()?;
        Ok(Lock { _file: file })
    }
}

/// Reads a state file: `Ok(None)` when it does not exist.
pub fn read_if_exists(path: &Path) -> io::Result<Option<Vec<u8>>> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replace_and_leave_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        write_atomically(&path, b"one").unwrap();
        write_atomically(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "{names:?}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_failed_write_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        // The target is a directory: the rename fails.
        let path = dir.path().join("state.json");
        fs::create_dir(&path).unwrap();
        fs::write(path.join("inside"), b"x").unwrap();
        assert!(write_atomically(&path, b"data").is_err());
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn setting_aside_never_overwrites_an_earlier_copy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.json");
        fs::write(&path, b"first").unwrap();
        let first = set_aside(&path).unwrap();
        fs::write(&path, b"second").unwrap();
        let second = set_aside(&path).unwrap();
        assert_ne!(first, second);
        assert_eq!(fs::read(first).unwrap(), b"first");
        assert_eq!(fs::read(second).unwrap(), b"second");
        assert!(!path.exists());
    }
}
