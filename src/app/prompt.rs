//! The one-line prompt in the status bar for searching and filtering: the text,
//! the cursor, the regex toggle and the walk through earlier queries.

/// What the prompt is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// `/` in the reader: incremental search in the article.
    InArticle,
    /// `/` in the list: fuzzy filter of titles, sources and dates.
    Filter,
    /// `F`: full-text search of the whole archive.
    Archive,
}

impl PromptKind {
    /// What the prompt shows before the text.
    pub fn label(self) -> &'static str {
        match self {
            PromptKind::InArticle => "/",
            PromptKind::Filter => "filter: ",
            PromptKind::Archive => "search all: ",
        }
    }

    /// Whether the regex toggle applies.
    pub fn takes_regex(self) -> bool {
        !matches!(self, PromptKind::Filter)
    }
}

/// The prompt's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub text: String,
    /// Byte offset of the cursor in `text` (always on a character boundary).
    pub cursor: usize,
    pub regex: bool,
    /// Which earlier query is shown (`Up`/`Down`), counted back from the newest.
    history_at: Option<usize>,
    /// What was typed before walking the history, restored by walking past its end.
    draft: String,
}

impl Prompt {
    /// An empty prompt.
    pub fn new(kind: PromptKind, regex: bool) -> Prompt {
        Prompt {
            kind,
            text: String::new(),
            cursor: 0,
            regex,
            history_at: None,
            draft: String::new(),
        }
    }

    /// Inserts a character at the cursor.
    pub fn insert(&mut self, c: char) {
        self.text.insert(self.cursor, c);
        self.cursor += c.len_utf8();
        self.history_at = None;
    }

    /// Deletes the character before the cursor; false when there was none.
    pub fn delete_back(&mut self) -> bool {
        let Some(c) = self.text[..self.cursor].chars().next_back() else {
            return false;
        };
        self.cursor -= c.len_utf8();
        self.text.remove(self.cursor);
        true
    }

    /// Deletes the character under the cursor.
    pub fn delete_forward(&mut self) {
        if self.cursor < self.text.len() {
            self.text.remove(self.cursor);
        }
    }

    /// Deletes the word before the cursor (`Ctrl-w`).
    pub fn delete_word(&mut self) {
        let head = self.text[..self.cursor].trim_end();
        let start = head
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
    }

    /// Clears the text (`Ctrl-u`).
    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    pub fn left(&mut self) {
        if let Some(c) = self.text[..self.cursor].chars().next_back() {
            self.cursor -= c.len_utf8();
        }
    }

    pub fn right(&mut self) {
        if let Some(c) = self.text[self.cursor..].chars().next() {
            self.cursor += c.len_utf8();
        }
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.text.len();
    }

    /// Shows the previous (`older`) or next query from `history` (oldest first).
    pub fn walk_history(&mut self, history: &[String], older: bool) {
        let at = match (self.history_at, older) {
            (None, true) if !history.is_empty() => {
                self.draft = self.text.clone();
                Some(0)
            }
            (Some(at), true) => Some((at + 1).min(history.len().saturating_sub(1))),
            (Some(0), false) => None,
            (Some(at), false) => Some(at - 1),
            (None, _) => return,
        };
        self.history_at = at;
        self.text = match at {
            Some(at) => history[history.len() - 1 - at].clone(),
            None => std::mem::take(&mut self.draft),
        };
        self.cursor = self.text.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editing_moves_by_characters() {
        let mut p = Prompt::new(PromptKind::InArticle, false);
        for c in "héllo".chars() {
            p.insert(c);
        }
        p.left();
        p.left();
        p.left();
        p.left();
        p.delete_back();
        assert_eq!(p.text, "éllo");
        p.end();
        p.insert(' ');
        p.insert('x');
        p.delete_word();
        assert_eq!(p.text, "éllo ");
    }

    #[test]
    fn delete_word_after_a_wide_space() {
        let mut p = Prompt::new(PromptKind::InArticle, false);
        for c in "a\u{3000}b".chars() {
            p.insert(c);
        }
        p.delete_word();
        assert_eq!(p.text, "a\u{3000}");
        assert!(p.text.is_char_boundary(p.cursor));
    }

    #[test]
    fn history_walks_back_and_restores_the_draft() {
        let history = vec!["first".to_owned(), "second".to_owned()];
        let mut p = Prompt::new(PromptKind::InArticle, false);
        p.insert('d');
        p.walk_history(&history, true);
        assert_eq!(p.text, "second");
        p.walk_history(&history, true);
        p.walk_history(&history, true);
        assert_eq!(p.text, "first");
        p.walk_history(&history, false);
        assert_eq!(p.text, "second");
        p.walk_history(&history, false);
        assert_eq!(p.text, "d");
    }
}
