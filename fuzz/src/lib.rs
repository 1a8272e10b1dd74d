//! What every fuzz target checks: a file read as a given name never panics,
//! and every article it gives is clean text whose analysis and layout hold
//! together (the properties `tests/integration/properties.rs` samples, here
//! for as long as the fuzzer runs).

#[path = "../../tests/integration/rows.rs"]
mod rows;

use folio::article::{Article, BlockKind};
use folio::document::Document;
use folio::layout::Layout;

/// The size cap the targets read with: big enough for any input the fuzzer
/// makes, small enough that a compressed bomb stops quickly.
const CAP: u64 = 1 << 22;

/// Widths each article is laid out at.
const WIDTHS: [usize; 4] = [1, 7, 40, 100];

/// Reads `bytes` as a file called `name`, then checks what came out.
pub fn read_as(name: &str, bytes: &[u8]) {
    let Ok(parsed) = folio::article::parse_file(bytes.to_vec(), name, CAP) else {
        return;
    };
    for article in parsed.articles {
        check_clean(&article);
        let document = Document::new(article);
        for width in WIDTHS {
            check_layout(&document.article, &document.layout(width), width);
        }
    }
}

/// Wraps `text` as one paragraph at the width its first byte gives.
pub fn wrap(bytes: &[u8]) {
    let Some((&width, text)) = bytes.split_first() else {
        return;
    };
    let width = usize::from(width % 120) + 1;
    let text = folio::sanitize::sanitize_text(&String::from_utf8_lossy(text)).text;
    let mut body = folio::article::BodyBuilder::default();
    body.push(BlockKind::Paragraph, text.trim());
    let article = Article::new(
        folio::article::Format::Text,
        folio::article::Meta::default(),
        body,
    );
    check_layout(&article, &Layout::new(&article, "", width), width);
}

fn is_clean(text: &str) -> bool {
    !text
        .chars()
        .any(|c| (c.is_control() && c != '\n') || folio::sanitize::is_bidi_control(c))
}

fn check_clean(article: &Article) {
    assert!(is_clean(&article.body), "{:?}", article.body);
    assert!(is_clean(&article.meta.title), "{:?}", article.meta.title);
    assert!(!article.meta.title.contains('\n'));
    for range in article
        .blocks
        .iter()
        .map(|b| &b.range)
        .chain(article.inlines.iter().map(|(r, _)| r))
    {
        assert!(range.start <= range.end && range.end <= article.body.len());
        assert!(article.body.is_char_boundary(range.start));
        assert!(article.body.is_char_boundary(range.end));
    }
}

/// The layout's promise, shared with the property tests.
fn check_layout(article: &Article, layout: &Layout, width: usize) {
    assert!(layout.complete);
    if let Err(broken) = rows::rows_cover_the_body(article, layout, width) {
        panic!("{broken}");
    }
}
