//! folio: a terminal reader for archived news.
//!
//! Data flows one way: files → `source` (bytes to safe text) → `article` (parse) →
//! `analysis` → `layout` (wrap to a width) → `ui` (draw the visible part). Keys go
//! through `keymap` to an `Action` and `App::update`, the only mutator.

pub mod action;
pub mod analysis;
pub mod ansi;
pub mod app;
pub mod article;
pub mod cli;
pub mod config;
pub mod date;
pub mod document;
pub mod guard;
pub mod highlight;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod library;
pub mod output;
pub mod panes;
pub mod runtime;
pub mod samples;
pub mod sanitize;
pub mod search;
pub mod source;
pub mod state;
pub mod symbols;
pub mod term;
pub mod theme;
pub mod ui;
pub mod width;
pub mod wording;
