//! Settings, passed by value into the app. For now these are the built-in defaults
//! (the key map from `assets/keymap.toml`); a user config file layers on top later.

use crate::keymap::{Keymap, KeymapError};
use crate::source::DEFAULT_SIZE_CAP;

/// Widest reading column, in display columns.
pub const DEFAULT_MAX_WIDTH: usize = 80;

/// Everything that can be configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Widest reading column.
    pub max_width: usize,
    /// Files larger than this many bytes are not read.
    pub size_cap: u64,
    pub keymap: Keymap,
}

impl Config {
    /// The built-in defaults.
    pub fn defaults() -> Result<Config, KeymapError> {
        Ok(Config {
            max_width: DEFAULT_MAX_WIDTH,
            size_cap: DEFAULT_SIZE_CAP,
            keymap: Keymap::default_map()?,
        })
    }
}
