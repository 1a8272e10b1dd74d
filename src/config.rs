//! Settings, passed by value into the app: the built-in defaults (the key map from
//! `assets/keymap.toml`), with the user's config file layered over them. The file
//! is TOML (`--config FILE`, `$FOLIO_CONFIG`, or `$XDG_CONFIG_HOME/folio/config.toml`);
//! `assets/default-config.toml` documents every key. Unknown keys, bad colours and
//! bad key notation are errors naming the file, the line and the key.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use ratatui::style::{Color, Modifier};
use serde::Deserialize;
use toml::Spanned;

use crate::action::Action;
use crate::keymap::{Context, Key, Keymap, KeymapError};
use crate::source::DEFAULT_SIZE_CAP;
use crate::theme::{MODIFIERS, StyleOverride, Theme};

/// Widest reading column, in display columns.
pub const DEFAULT_MAX_WIDTH: usize = 80;

/// Narrowest reading column the config may ask for.
const MIN_MAX_WIDTH: usize = 20;

/// How long an article is open before it counts as read.
pub const DEFAULT_MARK_READ_AFTER: Duration = Duration::from_secs(3);

/// The commented default config, printed by `folio --default-config`.
pub const DEFAULT_CONFIG: &str = include_str!("../assets/default-config.toml");

/// Everything that can be configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Widest reading column.
    pub max_width: usize,
    /// Files larger than this many bytes are not read.
    pub size_cap: u64,
    pub keymap: Keymap,
    /// An article open this long counts as read (zero: as soon as it shows).
    pub mark_read_after: Duration,
    /// Draw with ASCII only (no box-drawing characters or bullets).
    pub ascii: bool,
    /// Take mouse input (wheel, clicks); off keeps the terminal's own selection.
    pub mouse: bool,
    /// Keep the terminal's cursor on the selected row or the current match, for
    /// screen readers and magnifiers that follow it.
    pub cursor: bool,
    /// Paths opened when none are given.
    pub library: Vec<PathBuf>,
    /// The user's styles, by name, over the default theme.
    pub styles: Vec<(String, StyleOverride)>,
}

/// A config file that could not be used: where and why.
#[derive(Debug, thiserror::Error)]
#[error("{}{}: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
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
            mouse: false,
            cursor: false,
            library: Vec::new(),
            styles: Vec::new(),
        })
    }

    /// The defaults with the config file over them: `explicit` (`--config`), else
    /// `$FOLIO_CONFIG`, else the user's config directory. A missing file is an
    /// error only when it was named.
    pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
        let named = explicit
            .map(Path::to_path_buf)
            .or_else(|| std::env::var_os("FOLIO_CONFIG").map(PathBuf::from));
        let (path, required) = match named {
            Some(path) => (path, true),
            None => match default_path() {
                Some(path) => (path, false),
                None => return Config::built_in(),
            },
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if !required && error.kind() == std::io::ErrorKind::NotFound => {
                return Config::built_in();
            }
            Err(error) => {
                return Err(ConfigError {
                    path,
                    line: None,
                    message: crate::source::io_reason(&error),
                });
            }
        };
        Config::from_toml(&text, &path)
    }

    fn built_in() -> Result<Config, ConfigError> {
        Config::defaults().map_err(|error| ConfigError {
            path: PathBuf::from("(built-in key map)"),
            line: None,
            message: error.to_string(),
        })
    }

    /// The defaults with the config `text` (read from `path`) over them.
    pub fn from_toml(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let error_at = |span: Option<std::ops::Range<usize>>, message: String| ConfigError {
            path: path.to_path_buf(),
            line: span.map(|s| line_of(text, s.start)),
            message,
        };
        let file: ConfigFile = toml::from_str(text)
            .map_err(|e| error_at(e.span(), e.message().trim_end().to_owned()))?;
        let mut config = Config::built_in()?;
        if let Some(width) = file.max_width {
            if *width.get_ref() < MIN_MAX_WIDTH {
                return Err(error_at(
                    Some(width.span()),
                    format!("max_width must be at least {MIN_MAX_WIDTH}"),
                ));
            }
            config.max_width = width.into_inner();
        }
        if let Some(seconds) = file.mark_read_after {
            let value = *seconds.get_ref();
            if !(0.0..=86_400.0).contains(&value) {
                return Err(error_at(
                    Some(seconds.span()),
                    "mark_read_after is a number of seconds from 0 to 86400".into(),
                ));
            }
            config.mark_read_after = Duration::from_secs_f64(value);
        }
        config.ascii = file.ascii.unwrap_or(config.ascii);
        config.mouse = file.mouse.unwrap_or(config.mouse);
        config.cursor = file.cursor.unwrap_or(config.cursor);
        config.library = file
            .library
            .unwrap_or_default()
            .iter()
            .map(|p| expand_home(p))
            .collect();
        for (name, spec) in file.theme {
            if !Theme::has_style(name.get_ref()) {
                return Err(error_at(
                    Some(name.span()),
                    format!("unknown style `{}` in [theme]", name.get_ref()),
                ));
            }
            let change = spec
                .resolve()
                .map_err(|(span, m)| error_at(Some(span), m))?;
            config.styles.push((name.into_inner(), change));
        }
        for (context_name, bindings) in file.keys {
            let context = Context::from_name(context_name.get_ref()).ok_or_else(|| {
                error_at(
                    Some(context_name.span()),
                    format!(
                        "unknown key context `[keys.{}]` (expected list, reader, overlay, prompt or global)",
                        context_name.get_ref()
                    ),
                )
            })?;
            layer_keys(&mut config.keymap, context, bindings, &error_at)?;
        }
        if let Some((context, key, first, second)) = config.keymap.duplicates().first() {
            return Err(error_at(
                None,
                format!(
                    "in [keys.{}], {key} is bound to both {} and {}; bind it to one (noop = [\"{key}\"] frees a key)",
                    context.name(),
                    first.name(),
                    second.name()
                ),
            ));
        }
        Ok(config)
    }
}

/// The commented default config with the default key bindings after it, also
/// commented: what `folio --default-config` prints.
pub fn default_config_text() -> Result<String, KeymapError> {
    let keymap = Keymap::default_map()?;
    let mut text = DEFAULT_CONFIG.to_owned();
    text.push_str("\n# The default bindings, context by context:\n");
    for context in [
        Context::List,
        Context::Reader,
        Context::Overlay,
        Context::Prompt,
        Context::Global,
    ] {
        let _ = write!(text, "#\n# [keys.{}]\n", context.name());
        for binding in keymap.bindings(context) {
            let keys: Vec<String> = binding
                .keys
                .iter()
                .map(|k| toml::Value::String(k.to_string()).to_string())
                .collect();
            let _ = writeln!(text, "# {} = [{}]", binding.action.name(), keys.join(", "));
        }
    }
    Ok(text)
}

/// Applies one `[keys.CONTEXT]` table: `noop` first (it frees keys), then each
/// action's keys replace its default keys.
fn layer_keys(
    keymap: &mut Keymap,
    context: Context,
    bindings: KeyTable,
    error_at: &dyn Fn(Option<std::ops::Range<usize>>, String) -> ConfigError,
) -> Result<(), ConfigError> {
    let parse_keys = |keys: &[Spanned<String>]| {
        keys.iter()
            .map(|k| {
                k.get_ref()
                    .parse::<Key>()
                    .map_err(|e| error_at(Some(k.span()), e.to_string()))
            })
            .collect::<Result<Vec<Key>, ConfigError>>()
    };
    let (noop, actions): (Vec<_>, Vec<_>) = bindings
        .into_iter()
        .partition(|(name, _)| name.get_ref() == "noop");
    for (_, keys) in noop {
        for key in parse_keys(&keys)? {
            keymap.unbind(context, key);
        }
    }
    for (name, keys) in actions {
        let action =
            Action::deserialize(toml::Value::String(name.get_ref().clone())).map_err(|_| {
                error_at(
                    Some(name.span()),
                    format!("unknown action `{}`", name.get_ref()),
                )
            })?;
        keymap.bind(context, action, parse_keys(&keys)?);
    }
    Ok(())
}

/// The config file's place when none is named.
fn default_path() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    let strategy = etcetera::choose_base_strategy().ok()?;
    Some(strategy.config_dir().join("folio").join("config.toml"))
}

/// `~/news` as the user's home directory.
fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(path),
    }
}

/// The 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    memchr::memchr_iter(b'\n', &text.as_bytes()[..offset.min(text.len())]).count() + 1
}

/// The config file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    library: Option<Vec<String>>,
    max_width: Option<Spanned<usize>>,
    mouse: Option<bool>,
    cursor: Option<bool>,
    ascii: Option<bool>,
    mark_read_after: Option<Spanned<f64>>,
    #[serde(default)]
    theme: BTreeMap<Spanned<String>, StyleSpec>,
    #[serde(default)]
    keys: BTreeMap<Spanned<String>, KeyTable>,
}

/// One `[keys.CONTEXT]` table: action name to keys, every part with its place in
/// the file for error messages.
type KeyTable = BTreeMap<Spanned<String>, Vec<Spanned<String>>>;

/// One style in `[theme]`: `quote = { fg = "green", modifiers = ["italic"] }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StyleSpec {
    fg: Option<Spanned<String>>,
    bg: Option<Spanned<String>>,
    modifiers: Option<Vec<Spanned<String>>>,
}

impl StyleSpec {
    fn resolve(&self) -> Result<StyleOverride, (std::ops::Range<usize>, String)> {
        let colour = |value: &Option<Spanned<String>>| {
            value
                .as_ref()
                .map(|c| {
                    parse_colour(c.get_ref()).ok_or_else(|| (c.span(), bad_colour(c.get_ref())))
                })
                .transpose()
        };
        let modifiers = match &self.modifiers {
            None => None,
            Some(names) => {
                let mut all = Modifier::empty();
                for name in names {
                    let modifier = MODIFIERS
                        .iter()
                        .find(|(n, _)| *n == name.get_ref())
                        .map(|(_, m)| *m)
                        .ok_or_else(|| {
                            (
                                name.span(),
                                format!(
                                    "unknown modifier `{}` (expected {})",
                                    name.get_ref(),
                                    MODIFIERS
                                        .iter()
                                        .map(|(n, _)| *n)
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                ),
                            )
                        })?;
                    all |= modifier;
                }
                Some(all)
            }
        };
        Ok(StyleOverride {
            fg: colour(&self.fg)?,
            bg: colour(&self.bg)?,
            modifiers,
        })
    }
}

fn bad_colour(text: &str) -> String {
    format!(
        "unknown colour `{text}` (write a name such as `blue` or `light_red`, a number 0-255, or `#rrggbb`)"
    )
}

/// A colour: one of the 16 ANSI names (`light_blue`, `dark_gray`…; `reset` for
/// the terminal's own), an index `0`–`255`, or `#rrggbb`.
fn parse_colour(text: &str) -> Option<Color> {
    let name = text.to_ascii_lowercase().replace(['-', ' '], "_");
    if let Some(hex) = name.strip_prefix('#') {
        if hex.len() != 6 {
            return None;
        }
        let value = u32::from_str_radix(hex, 16).ok()?;
        let [_, r, g, b] = value.to_be_bytes();
        return Some(Color::Rgb(r, g, b));
    }
    if let Ok(index) = name.parse::<u8>() {
        return Some(Color::Indexed(index));
    }
    Some(match name.as_str() {
        "reset" | "default" => Color::Reset,
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" | "grey" => Color::Gray,
        "dark_gray" | "dark_grey" => Color::DarkGray,
        "light_red" => Color::LightRed,
        "light_green" => Color::LightGreen,
        "light_yellow" => Color::LightYellow,
        "light_blue" => Color::LightBlue,
        "light_magenta" => Color::LightMagenta,
        "light_cyan" => Color::LightCyan,
        "white" => Color::White,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::from_toml(text, Path::new("config.toml"))
    }

    fn error(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn the_default_config_file_is_the_defaults() {
        assert_eq!(parse(DEFAULT_CONFIG).unwrap(), Config::defaults().unwrap());
    }

    #[test]
    fn the_printed_default_config_is_the_defaults_and_uncommented_keys_parse() {
        let text = default_config_text().unwrap();
        assert_eq!(parse(&text).unwrap(), Config::defaults().unwrap());
        // Uncommenting the bindings gives the same key map.
        let bindings = text.split("# The default bindings").nth(1).unwrap();
        let uncommented = bindings
            .lines()
            .filter_map(|l| l.strip_prefix("# "))
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(parse(&uncommented).unwrap(), Config::defaults().unwrap());
    }

    #[test]
    fn values_layer_over_the_defaults() {
        let config = parse(
            "max_width = 100\nascii = true\nmark_read_after = 0.5\nlibrary = [\"/news\"]\n\
             [theme]\ntitle = { fg = \"#102030\", modifiers = [\"underlined\"] }\n\
             [keys.list]\nnoop = [\"j\"]\nquit = [\"j\"]\n",
        )
        .unwrap();
        assert_eq!(config.max_width, 100);
        assert!(config.ascii);
        assert_eq!(config.mark_read_after, Duration::from_millis(500));
        assert_eq!(config.library, [PathBuf::from("/news")]);
        let key = |k: &str| k.parse::<Key>().unwrap();
        assert_eq!(
            config.keymap.lookup(Context::List, key("j")),
            Some(Action::Quit)
        );
        // Other contexts keep their defaults.
        assert_eq!(
            config.keymap.lookup(Context::Reader, key("j")),
            Some(Action::MoveDown)
        );
        let theme = Theme::new(true).with(&config.styles);
        assert_eq!(theme.title.fg, Some(Color::Rgb(0x10, 0x20, 0x30)));
        assert!(theme.title.add_modifier.contains(Modifier::UNDERLINED));
        assert!(!theme.title.add_modifier.contains(Modifier::BOLD));
        // Without colour, only the modifiers apply.
        let plain = Theme::new(false).with(&config.styles);
        assert_eq!(plain.title.fg, None);
    }

    #[test]
    fn mistakes_name_the_file_line_and_key() {
        assert_eq!(
            error("max_width = 90\nmax_widht = 80\n"),
            "config.toml:2: unknown field `max_widht`, expected one of `library`, `max_width`, `mouse`, `cursor`, `ascii`, `mark_read_after`, `theme`, `keys`"
        );
        assert_eq!(
            error("[theme]\n\nquote = { fg = \"purple\" }\n"),
            "config.toml:3: unknown colour `purple` (write a name such as `blue` or `light_red`, a number 0-255, or `#rrggbb`)"
        );
        assert!(
            error("[theme]\nquotes = { fg = \"red\" }\n")
                .starts_with("config.toml:2: unknown style `quotes`")
        );
        assert!(
            error("[theme]\nquote = { fg = \"red\", bold = true }\n")
                .starts_with("config.toml:2: unknown field `bold`")
        );
        assert!(
            error("[keys.reader]\n\nnext_quote = [\"<Ctl-x>\"]\n")
                .starts_with("config.toml:3: unknown key `<Ctl-x>`")
        );
        assert!(
            error("[keys.reader]\nfly = [\"x\"]\n")
                .starts_with("config.toml:2: unknown action `fly`")
        );
        assert!(
            error("[keys.lists]\nquit = [\"x\"]\n")
                .starts_with("config.toml:1: unknown key context")
        );
        assert!(error("max_width = 5\n").starts_with("config.toml:1: max_width must be at least"));
    }

    #[test]
    fn a_duplicate_binding_is_reported() {
        let message = error("[keys.list]\ntoggle_star = [\"j\"]\n");
        assert!(
            message.contains("j is bound to both move_down and toggle_star"),
            "{message}"
        );
    }

    #[test]
    fn colours_in_every_notation() {
        assert_eq!(parse_colour("Light-Blue"), Some(Color::LightBlue));
        assert_eq!(parse_colour("dark_grey"), Some(Color::DarkGray));
        assert_eq!(parse_colour("208"), Some(Color::Indexed(208)));
        assert_eq!(parse_colour("#FFa500"), Some(Color::Rgb(255, 165, 0)));
        assert_eq!(parse_colour("#fff"), None);
        assert_eq!(parse_colour("256"), None);
    }
}
