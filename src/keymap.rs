//! Keys to actions, per context. The map is data: the defaults are the embedded
//! `assets/keymap.toml`, and key notation (`j`, `<C-d>`, `<S-Tab>`) parses and prints
//! both ways so the help overlay shows exactly what is bound.

use std::fmt;
use std::str::FromStr;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;

use crate::action::Action;

/// Contexts in the order the help overlay shows them.
pub const HELP_SECTIONS: [Context; 5] = [
    Context::List,
    Context::Reader,
    Context::Global,
    Context::Overlay,
    Context::Prompt,
];

/// The default bindings, embedded in the binary.
pub const DEFAULT_KEYMAP: &str = include_str!("../assets/keymap.toml");

/// Where a key is pressed; decides which bindings apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    List,
    Reader,
    Overlay,
    Prompt,
    Global,
}

impl Context {
    pub fn from_name(name: &str) -> Option<Context> {
        Some(match name {
            "list" => Context::List,
            "reader" => Context::Reader,
            "overlay" => Context::Overlay,
            "prompt" => Context::Prompt,
            "global" => Context::Global,
            _ => return None,
        })
    }

    /// The context's name in the key map and config.
    pub fn name(self) -> &'static str {
        match self {
            Context::List => "list",
            Context::Reader => "reader",
            Context::Overlay => "overlay",
            Context::Prompt => "prompt",
            Context::Global => "global",
        }
    }

    /// Heading for the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Context::List => "List",
            Context::Reader => "Reader",
            Context::Overlay => "Help, problems and people views",
            Context::Prompt => "Typing a search",
            Context::Global => "Everywhere",
        }
    }
}

/// A key with its modifiers, normalised so that `G` is `G` whether or not the
/// terminal also reports Shift.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Key {
    /// A key without modifiers.
    pub fn plain(code: KeyCode) -> Key {
        Key {
            code,
            modifiers: KeyModifiers::NONE,
        }
    }

    /// Builds a key in its normal form: Shift is folded into the character (`G`),
    /// `BackTab` carries no Shift, and Ctrl-letters are lower case.
    pub fn new(code: KeyCode, modifiers: KeyModifiers) -> Key {
        let modifiers =
            modifiers & (KeyModifiers::SHIFT | KeyModifiers::CONTROL | KeyModifiers::ALT);
        match code {
            KeyCode::Char(c) => {
                let c = if modifiers.contains(KeyModifiers::CONTROL) {
                    c.to_ascii_lowercase()
                } else {
                    c
                };
                Key {
                    code: KeyCode::Char(c),
                    modifiers: modifiers - KeyModifiers::SHIFT,
                }
            }
            KeyCode::BackTab => Key {
                code,
                modifiers: modifiers - KeyModifiers::SHIFT,
            },
            _ => Key { code, modifiers },
        }
    }

    /// The form shown in the help overlay: arrows as symbols, the rest as notation.
    pub fn pretty(self) -> String {
        if self.modifiers.is_empty() {
            match self.code {
                KeyCode::Up => return "↑".into(),
                KeyCode::Down => return "↓".into(),
                KeyCode::Left => return "←".into(),
                KeyCode::Right => return "→".into(),
                _ => {}
            }
        }
        self.to_string()
    }
}

impl From<KeyEvent> for Key {
    fn from(event: KeyEvent) -> Key {
        Key::new(event.code, event.modifiers)
    }
}

/// Names for keys written as `<Name>`, and the name each prints as (the first).
const NAMED_KEYS: &[(&str, KeyCode)] = &[
    ("Enter", KeyCode::Enter),
    ("CR", KeyCode::Enter),
    ("Return", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Tab", KeyCode::Tab),
    ("BackTab", KeyCode::BackTab),
    ("BS", KeyCode::Backspace),
    ("Backspace", KeyCode::Backspace),
    ("Space", KeyCode::Char(' ')),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("PageUp", KeyCode::PageUp),
    ("PgUp", KeyCode::PageUp),
    ("PageDown", KeyCode::PageDown),
    ("PgDn", KeyCode::PageDown),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("Del", KeyCode::Delete),
    ("Delete", KeyCode::Delete),
    ("Insert", KeyCode::Insert),
    ("lt", KeyCode::Char('<')),
];

/// A key written in folio's notation that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown key `{0}` (write keys like `j`, `G`, `<C-d>`, `<Enter>`, `<S-Tab>`)")]
pub struct KeyParseError(pub String);

impl FromStr for Key {
    type Err = KeyParseError;

    fn from_str(text: &str) -> Result<Key, KeyParseError> {
        let error = || KeyParseError(text.to_owned());
        let mut chars = text.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return Ok(Key::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        let inner = text
            .strip_prefix('<')
            .and_then(|t| t.strip_suffix('>'))
            .ok_or_else(error)?;
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = inner;
        while let Some((prefix, tail)) = rest
            .split_once('-')
            .filter(|(p, t)| p.len() == 1 && !t.is_empty())
        {
            modifiers |= match prefix {
                "C" | "c" => KeyModifiers::CONTROL,
                "A" | "a" | "M" | "m" => KeyModifiers::ALT,
                "S" | "s" => KeyModifiers::SHIFT,
                _ => return Err(error()),
            };
            rest = tail;
        }
        let mut chars = rest.chars();
        let code = if let (Some(c), None) = (chars.next(), chars.next()) {
            KeyCode::Char(c)
        } else if let Some(n) = rest.strip_prefix('F').and_then(|n| n.parse::<u8>().ok()) {
            KeyCode::F(n)
        } else {
            NAMED_KEYS
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(rest))
                .map(|(_, code)| *code)
                .ok_or_else(error)?
        };
        // `<S-Tab>` is how people write BackTab.
        if code == KeyCode::Tab && modifiers.contains(KeyModifiers::SHIFT) {
            return Ok(Key::new(KeyCode::BackTab, modifiers));
        }
        Ok(Key::new(code, modifiers))
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self.code {
            KeyCode::Char(' ') => Some("Space".to_owned()),
            KeyCode::Char('<') => Some("lt".to_owned()),
            KeyCode::Char(c) if self.modifiers.is_empty() => return write!(f, "{c}"),
            KeyCode::Char(c) => Some(c.to_string()),
            KeyCode::F(n) => Some(format!("F{n}")),
            KeyCode::BackTab => return write!(f, "<S-Tab>"),
            code => NAMED_KEYS
                .iter()
                .find(|(_, c)| *c == code)
                .map(|(name, _)| (*name).to_owned()),
        };
        let name = name.unwrap_or_else(|| format!("{:?}", self.code));
        write!(f, "<")?;
        for (flag, letter) in [
            (KeyModifiers::CONTROL, "C-"),
            (KeyModifiers::ALT, "A-"),
            (KeyModifiers::SHIFT, "S-"),
        ] {
            if self.modifiers.contains(flag) {
                write!(f, "{letter}")?;
            }
        }
        write!(f, "{name}>")
    }
}

/// A key map that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum KeymapError {
    #[error("invalid TOML: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("unknown context `[{0}]` (expected list, reader, overlay, prompt or global)")]
    UnknownContext(String),
    #[error("[{context}] {action}: {message}")]
    Binding {
        context: String,
        action: String,
        message: String,
    },
}

/// One action and the keys bound to it in a context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub context: Context,
    pub action: Action,
    pub keys: Vec<Key>,
}

/// All bindings, in the order they were written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Keymap {
    /// The built-in key map.
    pub fn default_map() -> Result<Keymap, KeymapError> {
        Keymap::parse(DEFAULT_KEYMAP)
    }

    /// Reads a key map from TOML: tables per context, `action = ["key", …]`.
    pub fn parse(text: &str) -> Result<Keymap, KeymapError> {
        let table: toml::Table = toml::from_str(text)?;
        let mut bindings = Vec::new();
        for (context_name, actions) in table {
            let context = Context::from_name(&context_name)
                .ok_or_else(|| KeymapError::UnknownContext(context_name.clone()))?;
            let actions = actions.as_table().ok_or_else(|| KeymapError::Binding {
                context: context_name.clone(),
                action: String::new(),
                message: "expected a table of `action = [keys]`".into(),
            })?;
            for (action_name, keys) in actions {
                let binding_error = |message: String| KeymapError::Binding {
                    context: context_name.clone(),
                    action: action_name.clone(),
                    message,
                };
                let action = Action::deserialize(toml::Value::String(action_name.clone()))
                    .map_err(|_| binding_error(format!("unknown action `{action_name}`")))?;
                let keys: Vec<String> = keys
                    .clone()
                    .try_into()
                    .map_err(|_| binding_error("expected a list of keys".into()))?;
                let keys = keys
                    .iter()
                    .map(|k| k.parse::<Key>())
                    .collect::<Result<Vec<Key>, _>>()
                    .map_err(|e| binding_error(e.to_string()))?;
                bindings.push(Binding {
                    context,
                    action,
                    keys,
                });
            }
        }
        Ok(Keymap { bindings })
    }

    /// Binds `action` in `context` to exactly `keys`, replacing its bindings there
    /// (the user's config over the defaults).
    pub fn bind(&mut self, context: Context, action: Action, keys: Vec<Key>) {
        match self
            .bindings
            .iter_mut()
            .find(|b| b.context == context && b.action == action)
        {
            Some(binding) => binding.keys = keys,
            None => self.bindings.push(Binding {
                context,
                action,
                keys,
            }),
        }
    }

    /// Takes `key` away from every action in `context` (`noop` in the config).
    pub fn unbind(&mut self, context: Context, key: Key) {
        for binding in self.bindings.iter_mut().filter(|b| b.context == context) {
            binding.keys.retain(|k| *k != key);
        }
    }

    /// Keys bound to two actions in one context, as (context, key, first action,
    /// second action).
    pub fn duplicates(&self) -> Vec<(Context, Key, Action, Action)> {
        let mut seen: std::collections::HashMap<(Context, Key), Action> =
            std::collections::HashMap::new();
        let mut duplicates = Vec::new();
        for binding in &self.bindings {
            for key in &binding.keys {
                match seen.get(&(binding.context, *key)) {
                    Some(&first) if first != binding.action => {
                        duplicates.push((binding.context, *key, first, binding.action));
                    }
                    Some(_) => {}
                    None => {
                        seen.insert((binding.context, *key), binding.action);
                    }
                }
            }
        }
        duplicates
    }

    /// The action bound to `key` in `context`, falling back to the global bindings
    /// (except in the prompt, where every other key types).
    pub fn lookup(&self, context: Context, key: Key) -> Option<Action> {
        let find = |ctx: Context| {
            self.bindings
                .iter()
                .find(|b| b.context == ctx && b.keys.contains(&key))
                .map(|b| b.action)
        };
        match context {
            Context::Prompt => find(context),
            _ => find(context).or_else(|| find(Context::Global)),
        }
    }

    /// Lines of the help overlay: a heading and a line per binding for each of
    /// `HELP_SECTIONS`, with a blank line between sections.
    pub fn help_line_count(&self) -> usize {
        HELP_SECTIONS
            .iter()
            .map(|&context| self.bindings(context).count() + 2)
            .sum::<usize>()
            .saturating_sub(1)
    }

    /// Bindings of one context, in order.
    pub fn bindings(&self, context: Context) -> impl Iterator<Item = &Binding> {
        self.bindings.iter().filter(move |b| b.context == context)
    }

    /// The first key bound to `action` in `context` (or globally), for hints.
    pub fn first_key(&self, context: Context, action: Action) -> Option<Key> {
        [context, Context::Global].into_iter().find_map(|ctx| {
            self.bindings
                .iter()
                .find(|b| b.context == ctx && b.action == action)
                .and_then(|b| b.keys.first().copied())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> Key {
        text.parse().unwrap()
    }

    #[test]
    fn notation_round_trips() {
        for text in [
            "j",
            "G",
            "?",
            "<C-d>",
            "<Enter>",
            "<S-Tab>",
            "<Space>",
            "<F1>",
            "<A-x>",
            "<lt>",
            "<PageDown>",
            "<C-S-Up>",
        ] {
            assert_eq!(key(text).to_string(), text, "{text}");
        }
        assert_eq!(key("<CR>"), key("<Enter>"));
        assert_eq!(key("<c-D>"), key("<C-d>"));
    }

    #[test]
    fn bad_notation_is_an_error() {
        assert!("<Nope>".parse::<Key>().is_err());
        assert!("jj".parse::<Key>().is_err());
        assert!("<X-j>".parse::<Key>().is_err());
    }

    #[test]
    fn events_normalise_shift() {
        let shifted = Key::from(KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT));
        assert_eq!(shifted, key("G"));
        let back = Key::from(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
        assert_eq!(back, key("<S-Tab>"));
    }

    #[test]
    fn default_map_loads_and_falls_back_to_global() {
        let map = Keymap::default_map().unwrap();
        assert_eq!(map.lookup(Context::List, key("j")), Some(Action::MoveDown));
        assert_eq!(map.lookup(Context::Reader, key("q")), Some(Action::Quit));
        assert_eq!(map.lookup(Context::Overlay, key("q")), Some(Action::Back));
        assert_eq!(map.lookup(Context::List, key("J")), None);
        assert_eq!(map.first_key(Context::Reader, Action::Quit), Some(key("q")));
    }

    #[test]
    fn the_defaults_bind_no_key_twice_in_a_context() {
        assert_eq!(Keymap::default_map().unwrap().duplicates(), []);
    }

    #[test]
    fn binding_replaces_and_unbinding_frees_a_key() {
        let mut map = Keymap::default_map().unwrap();
        map.unbind(Context::List, key("j"));
        assert_eq!(map.lookup(Context::List, key("j")), None);
        assert_eq!(
            map.lookup(Context::List, key("<Down>")),
            Some(Action::MoveDown)
        );
        map.bind(Context::List, Action::Quit, vec![key("j")]);
        assert_eq!(map.lookup(Context::List, key("j")), Some(Action::Quit));
        map.bind(Context::List, Action::ToggleStar, vec![key("<Down>")]);
        let duplicates = map.duplicates();
        assert_eq!(
            duplicates,
            [(
                Context::List,
                key("<Down>"),
                Action::MoveDown,
                Action::ToggleStar
            )]
        );
    }

    #[test]
    fn parse_errors_name_the_problem() {
        let err = Keymap::parse("[list]\nfly = [\"x\"]\n").unwrap_err();
        assert_eq!(err.to_string(), "[list] fly: unknown action `fly`");
        let err = Keymap::parse("[nowhere]\n").unwrap_err();
        assert!(err.to_string().contains("unknown context `[nowhere]`"));
        let err = Keymap::parse("[list]\nquit = [\"<Bad>\"]\n").unwrap_err();
        assert!(err.to_string().contains("unknown key `<Bad>`"));
    }
}
