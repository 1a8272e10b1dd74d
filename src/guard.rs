//! Keeping one bad file from taking folio down: work on a file's content runs
//! inside `contain`, which turns a panic into an error for that file. The terminal's
//! panic hook leaves contained panics alone, so the screen stays intact.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

thread_local! {
    /// Set while this thread runs contained work.
    static CONTAINING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `work`; a panic inside it becomes `Err` with its message.
pub fn contain<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    let outer = CONTAINING.with(|c| c.replace(true));
    let result = catch_unwind(AssertUnwindSafe(work));
    CONTAINING.with(|c| c.set(outer));
    result.map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown error".to_owned());
        format!("internal error while reading this file ({message})")
    })
}

/// True while the current thread runs contained work (the panic hook's test).
pub fn containing() -> bool {
    CONTAINING.with(Cell::get)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panics_become_errors() {
        let result: Result<(), String> = contain(|| panic!("boom"));
        assert_eq!(
            result.unwrap_err(),
            "internal error while reading this file (boom)"
        );
        assert!(!containing());
        assert_eq!(contain(|| 7), Ok(7));
    }
}
