//! What the benchmarks share: long articles made from the built-in samples.

use folio::library::Bytes;

/// Paragraphs of the built-in samples, repeated until the text reaches `size` bytes,
/// under a date line and a title.
pub fn article_of_size(size: usize) -> String {
    let mut paragraphs = Vec::new();
    for (_, bytes) in folio::samples::articles() {
        let Bytes::Static(bytes) = bytes else {
            continue;
        };
        let text = String::from_utf8_lossy(bytes);
        paragraphs.extend(text.split("\n\n").skip(3).map(str::to_owned));
    }
    let mut article = String::from("3 Mar 2017\n\nA long read for the benchmark\n\n");
    for paragraph in paragraphs.iter().cycle() {
        if article.len() >= size {
            break;
        }
        article.push_str(paragraph);
        article.push_str("\n\n");
    }
    article
}
