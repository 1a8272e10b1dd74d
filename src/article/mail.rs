//! Mail: a message (`.eml`) or an mbox of them, as newsletters are kept. Each
//! message is an article titled by its subject, dated by its `Date:`, from its
//! sender; its HTML part is preferred and read like a web page, else its text.
//! mail-parser decodes the MIME structure, transfer encodings and charsets.

use mail_parser::{MessageParser, PartType};

use super::html::{self, Envelope};
use super::markup::{clean_line, text_blocks};
use super::{Article, BodyBuilder, Depth, Format, Meta, date_from_name, title_from_name};
use crate::date::parse_date;
use crate::source::SourceError;

/// Parses a message or an mbox.
pub fn parse(bytes: &[u8], name: &str, depth: Depth) -> Result<Vec<Article>, SourceError> {
    let mut articles = Vec::new();
    let mut notes = Vec::new();
    if bytes.starts_with(b"From ") {
        let reader = mail_parser::mailbox::mbox::MessageIterator::new(bytes);
        for (number, message) in reader.enumerate() {
            match message {
                Ok(message) => match message_article(message.contents(), name, depth) {
                    Some(article) => articles.push(article),
                    None => notes.push(format!("message {}: not a readable message", number + 1)),
                },
                Err(_) => notes.push(format!(
                    "message {}: damaged; the messages before it are kept",
                    number + 1
                )),
            }
        }
    } else if let Some(article) = message_article(bytes, name, depth) {
        articles.push(article);
    }
    match articles.first_mut() {
        Some(first) => {
            first.problems.extend(notes);
            Ok(articles)
        }
        None => Err(SourceError::NoArticles(
            "not a readable mail message".to_owned(),
        )),
    }
}

/// One message as an article.
fn message_article(bytes: &[u8], name: &str, depth: Depth) -> Option<Article> {
    let message = MessageParser::default().parse(bytes)?;
    let sender = message
        .from()
        .and_then(|from| from.first())
        .and_then(|addr| {
            addr.name()
                .or(addr.address())
                .map(clean_line)
                .filter(|s| !s.is_empty())
        });
    let date = message
        .date()
        .and_then(|d| parse_date(&d.to_rfc3339()))
        .or_else(|| date_from_name(name));
    let title = message
        .subject()
        .map(clean_line)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| title_from_name(name));
    let html_part = message.html_part(0).and_then(|part| match &part.body {
        PartType::Html(html) => Some(html.as_ref()),
        _ => None,
    });
    let mut article = if depth == Depth::Meta {
        Article::new(Format::Mail, Meta::default(), BodyBuilder::default())
    } else if let Some(html) = html_part {
        let mut page = html::parse_text(
            html,
            name,
            &Envelope {
                date,
                ..Envelope::default()
            },
        );
        // A newsletter's layout is not an article page; its visible text is
        // what it says, and that is no problem worth a note.
        page.problems.clear();
        page.format = Format::Mail;
        page
    } else {
        let text = message.body_text(0).unwrap_or_default();
        Article::new(Format::Mail, Meta::default(), text_blocks(&text))
    };
    article.meta.title = title;
    article.meta.date = date;
    article.meta.source = sender;
    article.meta.byline = None;
    Some(article)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MESSAGE: &str = "From: \"Holme Cross Parish Council\" <news@holme.example>\r\n\
Subject: =?UTF-8?Q?Caf=C3=A9_opens?=\r\nDate: Mon, 7 Oct 2019 08:00:00 +0100\r\n\
MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b\"\r\n\r\n\
--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlain version.\r\n\
--b\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\
<html><body><p>The caf=C3=A9 opens on Saturday.</p></body></html>\r\n--b--\r\n";

    #[test]
    fn a_message_prefers_its_html_part() {
        let articles = parse(MESSAGE.as_bytes(), "n.eml", Depth::Whole).unwrap();
        let article = &articles[0];
        assert_eq!(article.meta.title, "Café opens");
        assert_eq!(
            article.meta.source.as_deref(),
            Some("Holme Cross Parish Council")
        );
        assert_eq!(
            article
                .meta
                .date
                .map(crate::date::NewsDate::to_iso)
                .as_deref(),
            Some("2019-10-07T08:00:00")
        );
        assert_eq!(article.body, "The café opens on Saturday.");
        assert_eq!(article.format, Format::Mail);
    }

    #[test]
    fn an_mbox_holds_several() {
        let mbox = format!(
            "From a@b Mon Oct  7 08:00:00 2019\n{MESSAGE}\nFrom a@b Tue Oct  8 08:00:00 2019\nFrom: x@y\nSubject: Second\n\nText two.\n"
        );
        let articles = parse(mbox.as_bytes(), "n.mbox", Depth::Whole).unwrap();
        let titles: Vec<&str> = articles.iter().map(|a| a.meta.title.as_str()).collect();
        assert_eq!(titles, ["Café opens", "Second"]);
    }
}
