//! Format speed: extracting the article from a 200 KB saved page (target under
//! 20 ms), and reading a 10,000-item feed into list entries (target under 1 s)
//! after which each item opens without parsing the feed again.

use std::fmt::Write as _;
use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use folio::article::parse_file;
use folio::library::{Bytes, Origin, load, read_entries};

/// A saved page of about `size` bytes: navigation, banners and comments around an
/// article of many paragraphs.
fn page_of_size(size: usize) -> String {
    let mut page = String::from(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Harbour vote | Gazette</title>\
         <meta property='og:site_name' content='The Gazette'>\
         <script>var analytics = {};</script><style>body{}</style></head><body>\
         <nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li></ul></nav>\
         <div class='cookie-banner'>We use cookies <button>Accept</button></div><article><h1>Harbour vote</h1>",
    );
    let paragraph = "<p>The harbour board voted on Tuesday to approve the dredging plan, \
        which the chairman, <a href='/people/okafor'>Ines Okafor</a>, said was \
        &ldquo;overdue by a decade&rdquo;. Residents of Kestrel Bay had argued that \
        the work would disturb the seal colony on <em>Seal Holm</em>.</p>\n";
    while page.len() < size * 3 / 4 {
        page.push_str(paragraph);
    }
    page.push_str("</article><section class='comments'>");
    while page.len() < size {
        page.push_str("<div class='comment'><p>I have lived here all my life and never seen the like.</p></div>");
    }
    page.push_str("</section><footer>Copyright</footer></body></html>");
    page
}

fn feed_of_items(items: usize) -> String {
    let mut feed = String::from(
        "<?xml version='1.0' encoding='UTF-8'?><rss version='2.0' \
         xmlns:content='http://purl.org/rss/1.0/modules/content/'><channel><title>Gazette</title>",
    );
    for i in 0..items {
        let _ = write!(
            feed,
            "<item><title>Item {i}: harbour board meets</title><link>https://gazette.example/{i}</link>\
             <pubDate>Thu, 07 Apr 2022 09:30:00 +0000</pubDate>\
             <content:encoded><![CDATA[<p>The board met for the {i}th time, said Ines Okafor.</p>\
             <p>\"It went well,\" she said.</p>]]></content:encoded></item>"
        );
    }
    feed.push_str("</channel></rss>");
    feed
}

fn html_extraction(c: &mut Criterion) {
    let page = page_of_size(200 * 1024);
    c.bench_function("html: extract a 200 KB page", |b| {
        b.iter(|| {
            let parsed = parse_file(black_box(page.as_bytes().to_vec()), "page.html", 1 << 26)
                .expect("parses");
            black_box(parsed.articles.len())
        });
    });
}

fn feed_list_and_open(c: &mut Criterion) {
    let feed = feed_of_items(10_000);
    let origin = Origin::memory(
        Arc::from("big.rss"),
        Bytes::Shared(Arc::from(feed.as_bytes())),
    );
    let mut group = c.benchmark_group("feed");
    group.sample_size(10);
    group.bench_function("feed: list a 10,000-item feed", |b| {
        b.iter(|| black_box(read_entries(&origin, 1 << 26).expect("reads").len()));
    });
    let entries = read_entries(&origin, 1 << 26).expect("reads");
    // The first open parses the feed; the rest reuse it.
    let _ = load(&entries[0], 1 << 26);
    let mut next = 0;
    group.bench_function("feed: open the next item of a 10,000-item feed", |b| {
        b.iter(|| {
            next = (next + 1) % entries.len();
            black_box(load(&entries[next], 1 << 26).expect("loads").body.len())
        });
    });
    group.finish();
}

criterion_group!(benches, html_extraction, feed_list_and_open);
criterion_main!(benches);
