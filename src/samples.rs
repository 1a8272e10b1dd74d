//! The built-in sample archive: the articles in `assets/articles/`, embedded in the
//! binary so that `folio` with no path has something to show.

use std::sync::Arc;

use include_dir::{Dir, include_dir};

use crate::library::Bytes;

static ARTICLES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/assets/articles");

/// The name the samples are listed under (`--list` paths start with it).
pub const ROOT: &str = "samples";

/// Every sample article as (name, bytes), sorted by file name.
pub fn articles() -> Vec<(Arc<str>, Bytes)> {
    let mut files: Vec<_> = ARTICLES.files().collect();
    files.sort_by_key(|f| f.path());
    files
        .into_iter()
        .map(|file| {
            let name = format!("{ROOT}/{}", file.path().to_string_lossy());
            (Arc::from(name), Bytes::Static(file.contents()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn samples_are_embedded() {
        let articles = super::articles();
        assert!(articles.len() >= 15, "{}", articles.len());
        assert!(
            articles
                .iter()
                .all(|(name, _)| name.starts_with("samples/"))
        );
    }
}
