//! `y` and `Y`: what is copied to the clipboard (through the terminal, OSC 52). In
//! the list, the article's title and path; in the reader, the quotation just jumped
//! to, else the current search match, else the paragraph at the top of the screen;
//! with `Y`, the whole article as text (title, meta line, body). Everything copied
//! is the article's own sanitised text, never wrapped rows.

use super::{App, Effect, Focus};
use crate::wording::count;

impl App {
    /// `y`: the title and path in the list; a quotation, match or paragraph in
    /// the reader.
    pub(crate) fn copy_part(&mut self) {
        let copied = if self.focus == Focus::Reader {
            self.reader_part()
        } else {
            self.library
                .id_at(self.selected)
                .and_then(|id| self.library.entry(id))
                .map(|entry| {
                    (
                        format!("{}\n{}", entry.meta.title, entry.list_path()),
                        "title and path".to_owned(),
                    )
                })
        };
        match copied {
            Some((text, what)) => self.copy(text, &what),
            None => self.notice("nothing to copy here"),
        }
    }

    /// `Y`: the whole article.
    pub(crate) fn copy_article(&mut self) {
        let Some(document) = self.reader.as_ref().and_then(|r| r.document()) else {
            self.notice("open an article to copy it");
            return;
        };
        let text = format!(
            "{}\n{}\n\n{}\n",
            document.article.meta.title, document.meta_line, document.article.body
        );
        self.copy(text, "the article");
    }

    /// The quotation, match or paragraph the reader is on, with what it is.
    fn reader_part(&self) -> Option<(String, String)> {
        let reader = self.reader.as_ref()?;
        let document = reader.document()?;
        let body = &document.article.body;
        if let Some(focus) = reader.focus() {
            let what = if document.outer_quotes.contains(&focus) {
                "the quotation"
            } else {
                "the name"
            };
            return Some((body.get(focus)?.to_owned(), what.to_owned()));
        }
        if let Some(search) = reader.search()
            && let Some(current) = search.current
            && let Some(hit) = search.body_hits.get(current)
        {
            return Some((body.get(hit.clone())?.to_owned(), "the match".to_owned()));
        }
        let at = reader.top_body_offset().unwrap_or(0);
        let block = document
            .article
            .blocks
            .iter()
            .find(|b| b.range.end >= at)
            .or_else(|| document.article.blocks.last())?;
        Some((
            document.article.block_text(block).to_owned(),
            "the paragraph".to_owned(),
        ))
    }

    /// Asks the runtime to copy `text`, and says what was copied.
    fn copy(&mut self, text: String, what: &str) {
        let chars = text.chars().count();
        self.notice(format!(
            "copied {what} ({})",
            count(chars, "character", "characters")
        ));
        self.effects.push(Effect::Copy(text));
    }
}
