//! Styles for everything folio draws. The default theme uses the terminal's 16 ANSI
//! colours so it follows light and dark palettes; without colour (`NO_COLOR`,
//! `--color never`) every distinction is kept by bold, italic, underline and reverse.

use ratatui::style::{Color, Modifier, Style};

use crate::analysis::NameKind;
use crate::article::Inline;
use crate::highlight::Layer;

/// A style from the config: colours and modifiers that replace the default's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StyleOverride {
    pub fg: Option<Color>,
    pub bg: Option<Color>,
    /// When given, these replace the default's modifiers.
    pub modifiers: Option<Modifier>,
}

impl StyleOverride {
    fn apply(&self, style: &mut Style, color: bool) {
        if color {
            if let Some(fg) = self.fg {
                *style = style.fg(fg);
            }
            if let Some(bg) = self.bg {
                *style = style.bg(bg);
            }
        }
        if let Some(modifiers) = self.modifiers {
            *style = style
                .remove_modifier(Modifier::all())
                .add_modifier(modifiers);
        }
    }
}

/// Modifier names in the config.
pub const MODIFIERS: &[(&str, Modifier)] = &[
    ("bold", Modifier::BOLD),
    ("dim", Modifier::DIM),
    ("italic", Modifier::ITALIC),
    ("underlined", Modifier::UNDERLINED),
    ("reversed", Modifier::REVERSED),
    ("crossed_out", Modifier::CROSSED_OUT),
];

/// The resolved styles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    /// Selected list row while the list has the focus.
    pub selected: Style,
    /// Selected list row while the reader has the focus.
    pub selected_unfocused: Style,
    pub list_date: Style,
    /// The list's unread mark and star.
    pub unread: Style,
    pub star: Style,
    pub list_source: Style,
    pub title: Style,
    pub meta: Style,
    pub heading: Style,
    pub caption: Style,
    pub blockquote: Style,
    pub marker: Style,
    pub separator: Style,
    pub status: Style,
    pub status_accent: Style,
    pub status_error: Style,
    pub overlay: Style,
    pub overlay_title: Style,
    pub overlay_key: Style,
    pub empty_title: Style,
    /// Quotations: italic, never dimmed.
    pub quote: Style,
    /// People.
    pub person: Style,
    /// Organisations, places, and other names.
    pub organization: Style,
    pub place: Style,
    pub other_name: Style,
    /// Mentions of the entity chosen in the people panel.
    pub entity: Style,
    /// Search matches, and the one the reader is on.
    pub search_match: Style,
    pub search_current: Style,
    /// The quotation or name just jumped to.
    pub focus: Style,
    /// Inline styles from the source: emphasis, strong, code, link text and the
    /// link's `[N]`.
    pub emphasis: Style,
    pub strong: Style,
    pub code: Style,
    pub link: Style,
    pub link_number: Style,
}

impl Theme {
    /// The default theme, in colour or in attributes only.
    pub fn new(color: bool) -> Theme {
        let plain = Style::default();
        let fg = |c: Color| if color { plain.fg(c) } else { plain };
        Theme {
            color,
            selected: plain.add_modifier(Modifier::REVERSED),
            selected_unfocused: fg(Color::Blue).add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            list_date: fg(Color::DarkGray),
            unread: fg(Color::Blue).add_modifier(Modifier::BOLD),
            star: fg(Color::Yellow).add_modifier(Modifier::BOLD),
            list_source: fg(Color::DarkGray).add_modifier(Modifier::ITALIC),
            title: fg(Color::Blue).add_modifier(Modifier::BOLD),
            meta: fg(Color::DarkGray),
            heading: plain.add_modifier(Modifier::BOLD),
            caption: fg(Color::DarkGray).add_modifier(Modifier::ITALIC),
            blockquote: plain.add_modifier(Modifier::ITALIC),
            marker: fg(Color::DarkGray),
            separator: fg(Color::DarkGray),
            status: plain.add_modifier(Modifier::REVERSED),
            status_accent: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            status_error: fg(Color::Red).add_modifier(Modifier::REVERSED | Modifier::BOLD),
            overlay: plain,
            overlay_title: plain.add_modifier(Modifier::BOLD),
            overlay_key: fg(Color::Cyan).add_modifier(Modifier::BOLD),
            empty_title: plain.add_modifier(Modifier::BOLD),
            quote: fg(Color::Green).add_modifier(Modifier::ITALIC),
            person: fg(Color::Cyan).add_modifier(Modifier::BOLD),
            organization: if color {
                plain.fg(Color::Magenta)
            } else {
                plain.add_modifier(Modifier::UNDERLINED)
            },
            place: if color {
                plain.fg(Color::Magenta)
            } else {
                plain.add_modifier(Modifier::UNDERLINED)
            },
            other_name: plain,
            entity: fg(Color::Yellow).add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            search_match: if color {
                plain.bg(Color::Yellow).fg(Color::Black)
            } else {
                plain.add_modifier(Modifier::REVERSED)
            },
            search_current: if color {
                plain
                    .bg(Color::LightRed)
                    .fg(Color::Black)
                    .add_modifier(Modifier::BOLD)
            } else {
                plain.add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED)
            },
            focus: plain.add_modifier(Modifier::REVERSED),
            emphasis: plain.add_modifier(Modifier::ITALIC),
            strong: plain.add_modifier(Modifier::BOLD),
            code: fg(Color::Yellow),
            link: plain.add_modifier(Modifier::UNDERLINED),
            link_number: fg(Color::DarkGray),
        }
    }

    /// The theme with the user's styles over it. Without colour only their
    /// modifiers apply.
    #[must_use]
    pub fn with(mut self, overrides: &[(String, StyleOverride)]) -> Theme {
        for (name, change) in overrides {
            let color = self.color;
            if let Some(style) = self.style_mut(name) {
                change.apply(style, color);
            }
        }
        self
    }

    /// The style called `name` in the config.
    fn style_mut(&mut self, name: &str) -> Option<&mut Style> {
        Some(match name {
            "selected" => &mut self.selected,
            "selected_unfocused" => &mut self.selected_unfocused,
            "list_date" => &mut self.list_date,
            "list_source" => &mut self.list_source,
            "unread" => &mut self.unread,
            "star" => &mut self.star,
            "title" => &mut self.title,
            "meta" => &mut self.meta,
            "heading" => &mut self.heading,
            "caption" => &mut self.caption,
            "blockquote" => &mut self.blockquote,
            "marker" => &mut self.marker,
            "separator" => &mut self.separator,
            "status" => &mut self.status,
            "status_accent" => &mut self.status_accent,
            "status_error" => &mut self.status_error,
            "overlay" => &mut self.overlay,
            "overlay_title" => &mut self.overlay_title,
            "overlay_key" => &mut self.overlay_key,
            "empty_title" => &mut self.empty_title,
            "quote" => &mut self.quote,
            "person" => &mut self.person,
            "organization" => &mut self.organization,
            "place" => &mut self.place,
            "other_name" => &mut self.other_name,
            "entity" => &mut self.entity,
            "search_match" => &mut self.search_match,
            "search_current" => &mut self.search_current,
            "focus" => &mut self.focus,
            "emphasis" => &mut self.emphasis,
            "strong" => &mut self.strong,
            "code" => &mut self.code,
            "link" => &mut self.link,
            "link_number" => &mut self.link_number,
            _ => return None,
        })
    }

    /// True when `name` is a style the config may set.
    pub fn has_style(name: &str) -> bool {
        Theme::new(false).style_mut(name).is_some()
    }

    /// The style a highlight layer adds to the text under it.
    pub fn layer(&self, layer: Layer) -> Style {
        match layer {
            Layer::Inline(Inline::Emphasis) => self.emphasis,
            Layer::Inline(Inline::Strong) => self.strong,
            Layer::Inline(Inline::Code) => self.code,
            Layer::Inline(Inline::Link) => self.link,
            Layer::Inline(Inline::LinkNumber) => self.link_number,
            Layer::Quote => self.quote,
            Layer::Name(NameKind::Person) => self.person,
            Layer::Name(NameKind::Organization) => self.organization,
            Layer::Name(NameKind::Place) => self.place,
            Layer::Name(NameKind::Other) => self.other_name,
            Layer::Entity => self.entity,
            Layer::Match => self.search_match,
            Layer::CurrentMatch => self.search_current,
            Layer::Focus => self.focus,
        }
    }
}
