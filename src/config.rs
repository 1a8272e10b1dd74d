//! Settings, passed by value into the app. For now these are the built-in defaults
//! (the key map from `assets/keymap.toml`); a user config file layers on top later.

use crate::keymap::{Keymap, KeymapError};
use crate::source::DEFAULT_SIZE_CAP;

/// Widest reading column, in display columns.
pub const DEFAULT_MAX_WIDTH: usize = 80;

/// How long an article is open before it counts as read.
pub const DEFAULT_MARK_READ_AFTER: std::time::Duration = std::time::Duration::from_secs(3);

/// Everything that can be configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Widest reading column.
    pub max_width: usize,
    /// Files larger than this many bytes are not read.
    pub size_cap: u64,
    pub keymap: Keymap,
    /// An article open this long counts as read (zero: as soon as it shows).
    pub mark_read_after: std::time::Duration,
    /// Draw with ASCII only (no box-drawing characters or bullets).
    pub ascii: bool,
}

impl Config {
    /// The built-in defaults.
    pub fn defaults() -> Result<Config, KeymapError> {
        Ok(Config {
            max_width: DEFAULT_MAX_WIDTH,
            size_cap: DEFAULT_SIZE_CAP,
            keymap: Keymap::default_map()?,
            mark_read_after: DEFAULT_MARK_READ_AFTER,
            ascii: false,
        })
    }
}
