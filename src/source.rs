//! Reading article bytes and turning them into safe text: size cap, binary
//! detection, byte-order marks, encoding fallback and sanitising.
//!
//! This is the only place that looks at raw bytes. What leaves it is a `String` that
//! holds no control characters, plus notes about anything that was done to it.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use crate::sanitize::sanitize_owned;
use crate::wording::plural;

/// Files larger than this are not read (the default per-file cap).
pub const DEFAULT_SIZE_CAP: u64 = 64 * 1024 * 1024;

/// Why a file could not be turned into text.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The operating system refused; the message is the OS reason without its code.
    #[error("{}", io_reason(.0))]
    Io(#[from] io::Error),
    /// Bigger than the size cap.
    #[error("larger than the {} size cap ({})", human_size(*.cap), human_size(*.size))]
    TooLarge { size: u64, cap: u64 },
    /// Looks like a binary file (NUL bytes or a known binary signature).
    #[error("binary file ({0}), not text")]
    Binary(&'static str),
    /// A directory where a file was expected.
    #[error("is a directory")]
    IsDirectory,
    /// A FIFO, socket or device: reading one could block or never end.
    #[error("not a regular file ({0})")]
    NotAFile(&'static str),
    /// Nothing but white space.
    #[error("empty file")]
    Empty,
    /// Compressed data that is broken or expands past the size cap.
    #[error("gzip: {0}")]
    Gzip(String),
    /// The format was recognised but the file holds no article; the reason says why.
    #[error("{0}")]
    NoArticles(String),
}

/// Text decoded from bytes, with what was done to get it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// Sanitised text with `\n` line endings.
    pub text: String,
    /// Human-readable notes, such as an encoding fallback; shown in the problems view.
    pub notes: Vec<String>,
    /// True when the bytes were UTF-8 without a byte-order mark and sanitising only
    /// touched whitespace, so that searching the raw bytes finds what the text holds.
    pub verbatim: bool,
}

/// Reads a whole file, refusing directories and files over `cap` bytes.
pub fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, SourceError> {
    let file = match open_without_blocking(path) {
        Ok(file) => file,
        // A socket cannot be opened at all (ENXIO): say what it is instead.
        Err(error) => {
            return Err(match std::fs::metadata(path) {
                Ok(meta) if !meta.is_file() && !meta.is_dir() => {
                    SourceError::NotAFile(special_kind(&meta))
                }
                _ => SourceError::Io(error),
            });
        }
    };
    // The type is checked on the open file, not the path, so a file replaced by a
    // FIFO after the scan is still caught.
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(SourceError::IsDirectory);
    }
    if !meta.is_file() {
        return Err(SourceError::NotAFile(special_kind(&meta)));
    }
    if meta.len() > cap {
        return Err(SourceError::TooLarge {
            size: meta.len(),
            cap,
        });
    }
    // Sized from the metadata, so a file is read with one call rather than a
    // series of growing ones (this is most of the cost of scanning an archive).
    let expected = usize::try_from(meta.len()).unwrap_or(0).saturating_add(1);
    read_up_to(file, cap, Vec::with_capacity(expected))
}

/// Opens a file for reading. On Unix with `O_NONBLOCK`, so opening a FIFO that
/// has no writer returns at once instead of waiting for one (the flag changes
/// nothing for regular files).
fn open_without_blocking(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    options.open(path)
}

/// What kind of special file this is, for the message.
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        if kind.is_fifo() {
            return "FIFO";
        }
        if kind.is_socket() {
            return "socket";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "device";
        }
    }
    let _ = meta;
    "special file"
}

/// Reads a stream (a pipe, standard input) up to `cap` bytes.
pub fn read_stream_capped(reader: impl Read, cap: u64) -> Result<Vec<u8>, SourceError> {
    read_up_to(reader, cap, Vec::new())
}

/// Reads `reader` to its end into `bytes`, failing once it passes `cap` bytes.
fn read_up_to(reader: impl Read, cap: u64, mut bytes: Vec<u8>) -> Result<Vec<u8>, SourceError> {
    // One byte more than the cap tells a stream that is too large from one that fits.
    reader.take(cap.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(SourceError::TooLarge {
            size: bytes.len() as u64,
            cap,
        });
    }
    Ok(bytes)
}

/// Decodes bytes into safe text, taking ownership: UTF-8 (the common case) becomes
/// the text without a copy.
///
/// UTF-8 and UTF-16 byte-order marks are honoured. Without one, valid UTF-8 is taken
/// as is; anything else is decoded with the encoding `chardetng` finds most likely
/// (Windows-1252 for most Western text) and a note says so.
pub fn decode_owned(bytes: Vec<u8>) -> Result<Decoded, SourceError> {
    decode_with(bytes, &Hints::default())
}

/// What the container says about how its bytes are encoded.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hints<'a> {
    /// A charset the file or its envelope declares (`<meta charset>`, an XML
    /// declaration, an HTTP `Content-Type`), with where it was declared.
    pub declared: Option<(&'static encoding_rs::Encoding, &'static str)>,
    /// The article's own URL: its top-level domain tells detection which
    /// languages to expect, as browsers do.
    pub url: Option<&'a str>,
}

/// Looks up a charset label (`iso-8859-1`, `utf8`, `Shift_JIS`).
pub fn encoding_for_label(label: &str) -> Option<&'static encoding_rs::Encoding> {
    encoding_rs::Encoding::for_label(label.trim().trim_matches(['"', '\'']).as_bytes())
}

/// Decodes bytes into safe text: a byte-order mark first, then a declared charset,
/// then UTF-8, then detection.
pub fn decode_with(bytes: Vec<u8>, hints: &Hints<'_>) -> Result<Decoded, SourceError> {
    let mut notes = Vec::new();
    let mut verbatim = false;
    let declared = hints
        .declared
        // A page declaring a legacy charset is often UTF-8 all the same (saved
        // again by a newer tool); valid UTF-8 is taken as UTF-8.
        .filter(|(encoding, _)| {
            *encoding != encoding_rs::UTF_8 && std::str::from_utf8(&bytes).is_err()
        });
    let text = if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(&bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            notes.push(format!(
                "invalid {} sequences replaced with \u{FFFD}",
                encoding.name()
            ));
        }
        text.into_owned()
    } else if let Some(encoding) = utf16_without_bom(&bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes);
        notes.push(format!(
            "decoded as {} (no byte order mark){}",
            encoding.name(),
            if had_errors {
                "; invalid sequences replaced with \u{FFFD}"
            } else {
                ""
            }
        ));
        text.into_owned()
    } else if let Some((encoding, place)) = declared {
        if let Some(kind) = binary_kind(&bytes) {
            return Err(SourceError::Binary(kind));
        }
        let (text, _, had_errors) = encoding.decode(&bytes);
        notes.push(format!(
            "decoded as {} (declared in {place}){}",
            encoding_label(encoding),
            if had_errors {
                "; invalid sequences replaced with \u{FFFD}"
            } else {
                ""
            }
        ));
        text.into_owned()
    } else {
        if let Some(kind) = binary_kind(&bytes) {
            return Err(SourceError::Binary(kind));
        }
        match String::from_utf8(bytes) {
            Ok(text) => {
                verbatim = true;
                text
            }
            Err(error) => {
                let valid_up_to = error.utf8_error().valid_up_to();
                let bytes = error.into_bytes();
                let encoding = guess_legacy_encoding(&bytes, hints.url);
                let (text, _, _) = encoding.decode(&bytes);
                notes.push(format!(
                    "decoded as {}: invalid UTF-8 at byte {valid_up_to}",
                    encoding_label(encoding),
                ));
                text.into_owned()
            }
        }
    };
    let sanitized = sanitize_owned(text);
    // Judged after sanitising: a file of nothing but control characters is empty.
    if sanitized.text.trim().is_empty() {
        return Err(SourceError::Empty);
    }
    // Dropped invisible characters mean the raw bytes no longer hold the text
    // (`har\u{2060}bour` is harbour), so searches must read the parsed text.
    if sanitized.hidden > 0 {
        verbatim = false;
    }
    if sanitized.removed > 0 {
        verbatim = false;
        notes.push(format!(
            "removed {} control character{} or escape sequence{}",
            sanitized.removed,
            plural(sanitized.removed),
            plural(sanitized.removed)
        ));
    }
    Ok(Decoded {
        text: sanitized.text,
        notes,
        verbatim,
    })
}

/// Refuses bytes that are a binary file rather than text (checked before a
/// format's parser sees them).
pub fn refuse_binary(bytes: &[u8]) -> Result<(), SourceError> {
    if encoding_rs::Encoding::for_bom(bytes).is_some() || utf16_without_bom(bytes).is_some() {
        return Ok(());
    }
    match binary_kind(bytes) {
        Some(kind) => Err(SourceError::Binary(kind)),
        None => Ok(()),
    }
}

/// The encoding's name as people write it: `Windows-1252` rather than the WHATWG
/// label `windows-1252`.
fn encoding_label(encoding: &'static encoding_rs::Encoding) -> String {
    match encoding.name().strip_prefix("windows-") {
        Some(code_page) => format!("Windows-{code_page}"),
        None => encoding.name().to_owned(),
    }
}

/// Picks the legacy encoding of bytes that are not UTF-8.
///
/// chardetng is told the top-level domain of the article's URL when there is one
/// (as Firefox does). Its guess for short Western text with a stray byte or two is
/// often a Central European code page (one `£` reads as `Ł` in Windows-1250), so
/// Windows-1252 is preferred when the text is Latin-script, has few non-ASCII
/// bytes, and every one of them decodes to a Windows-1252 character.
fn guess_legacy_encoding(bytes: &[u8], url: Option<&str>) -> &'static encoding_rs::Encoding {
    // ISO-2022-JP is written with escape sequences, which folio never passes on.
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let tld = url.and_then(top_level_domain);
    let guess = detector.guess(
        tld.as_deref().map(str::as_bytes),
        chardetng::Utf8Detection::Deny,
    );
    if guess != encoding_rs::WINDOWS_1252 && is_latin_code_page(guess) && reads_as_western(bytes) {
        encoding_rs::WINDOWS_1252
    } else {
        guess
    }
}

/// Single-byte code pages for Latin-script languages other than Western European.
fn is_latin_code_page(encoding: &'static encoding_rs::Encoding) -> bool {
    [
        encoding_rs::WINDOWS_1250,
        encoding_rs::WINDOWS_1254,
        encoding_rs::WINDOWS_1257,
        encoding_rs::ISO_8859_2,
        encoding_rs::ISO_8859_4,
        encoding_rs::ISO_8859_13,
        encoding_rs::ISO_8859_15,
    ]
    .contains(&encoding)
}

/// True when the non-ASCII bytes are rare (under one in forty letters, as in
/// English with a `£` or a name with an accent; Central European languages use
/// several times more) and all defined in Windows-1252.
fn reads_as_western(bytes: &[u8]) -> bool {
    // The five bytes Windows-1252 leaves undefined.
    const UNDEFINED: [u8; 5] = [0x81, 0x8D, 0x8F, 0x90, 0x9D];
    let high = bytes.iter().filter(|b| !b.is_ascii()).count();
    let letters = bytes.iter().filter(|b| b.is_ascii_alphabetic()).count();
    !bytes.iter().any(|b| UNDEFINED.contains(b)) && high * 40 < letters
}

/// The top-level domain of a URL's host: `uk` for `https://news.example.co.uk/a`.
fn top_level_domain(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, host)| host);
    let host = host.split(':').next()?;
    let tld = host.trim_end_matches('.').rsplit('.').next()?;
    (tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()))
        .then(|| tld.to_ascii_lowercase())
}

/// gzip's magic number.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x1f\x8b")
}

/// Expands gzip data (every member, so a record-per-member `.warc.gz` is whole),
/// refusing to produce more than `cap` bytes: a small bomb is a note, not an
/// out-of-memory. A truncated or damaged stream keeps what came before the damage,
/// with a note saying so.
pub fn gunzip_capped(bytes: &[u8], cap: u64) -> Result<(Vec<u8>, Option<String>), SourceError> {
    let mut out = Vec::with_capacity(bytes.len().saturating_mul(4).min(1 << 24));
    let decoder = flate2::read::MultiGzDecoder::new(bytes);
    match decoder.take(cap.saturating_add(1)).read_to_end(&mut out) {
        Ok(_) if out.len() as u64 > cap => Err(SourceError::Gzip(format!(
            "expands to more than the {} size cap",
            human_size(cap)
        ))),
        Ok(_) => Ok((out, None)),
        Err(error) if !out.is_empty() => {
            let note = format!(
                "gzip data damaged after {} ({}); the rest is lost",
                human_size(out.len() as u64),
                io_reason(&error)
            );
            Ok((out, Some(note)))
        }
        Err(error) => Err(SourceError::Gzip(io_reason(&error))),
    }
}

/// How much of the file's start is inspected for binary content.
const BINARY_SAMPLE: usize = 64 * 1024;

/// Names the kind of binary file, or `None` for text.
///
/// A text file may carry a stray NUL or two (sanitising removes them); a file where
/// they are common, or that starts with a well-known binary signature, is not text.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"%PDF-", "PDF"),
        (b"\x89PNG", "PNG image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"PK\x03\x04", "ZIP archive"),
        (b"\x7fELF", "executable"),
        (b"BZh", "bzip2 archive"),
        (b"\xfd7zXZ", "xz archive"),
        (b"7z\xbc\xaf", "7-Zip archive"),
        (b"RIFF", "media file"),
        (b"OggS", "media file"),
        (b"ID3", "MP3 audio"),
        (b"SQLite format 3", "SQLite database"),
    ];
    if let Some((_, kind)) = SIGNATURES.iter().find(|(sig, _)| bytes.starts_with(sig)) {
        return Some(kind);
    }
    let sample = &bytes[..bytes.len().min(BINARY_SAMPLE)];
    let nuls = memchr::memchr_iter(0, sample).count();
    if nuls == 0 {
        return None;
    }
    // Binary formats are full of NULs and other control bytes; text damaged by a
    // bad copy holds a few NULs among printable text (four in 800 bytes is text,
    // and they are removed), where random bytes are one control byte in ten.
    let controls = sample
        .iter()
        // ESC is left out: text saved from a terminal is full of colour codes.
        .filter(|&&b| matches!(b, 0..=8 | 0x0e..=0x1a | 0x1c..=0x1f | 0x7f))
        .count();
    (nuls * 20 >= sample.len() || controls * 50 >= sample.len()).then_some("NUL bytes")
}

/// UTF-16 without a byte-order mark, recognised by its pattern: in text that is
/// mostly Latin, every other byte is NUL, at even offsets for big-endian and odd
/// ones for little-endian, and the bytes between are not.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let sample = &bytes[..bytes.len().min(BINARY_SAMPLE) & !1];
    let pairs = sample.len() / 2;
    // UTF-16 of any script has zero bytes; most text has none, and memchr
    // says so faster than the pairs are counted (3% of a first scan).
    if pairs < 4 || memchr::memchr(0, sample).is_none() {
        return None;
    }
    let (mut even, mut odd) = (0, 0);
    for pair in sample.chunks_exact(2) {
        match (pair[0], pair[1]) {
            (0, 0) => return None,
            (0, _) => even += 1,
            (_, 0) => odd += 1,
            _ => {}
        }
    }
    // Most characters in the one place, almost none in the other.
    if even * 10 >= pairs * 7 && odd * 50 <= pairs {
        Some(encoding_rs::UTF_16BE)
    } else if odd * 10 >= pairs * 7 && even * 50 <= pairs {
        Some(encoding_rs::UTF_16LE)
    } else {
        None
    }
}

/// The OS reason for an I/O error, without Rust's "(os error N)" suffix, so messages
/// read like other Unix tools: `No such file or directory`.
pub fn io_reason(error: &io::Error) -> String {
    let text = error.to_string();
    match text.find(" (os error") {
        Some(cut) => text[..cut].to_owned(),
        None => text,
    }
}

/// Formats a byte count for people: `3.2 MiB`, `512 B`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = UNITS[0];
    for next in &UNITS[1..] {
        if value < 1024.0 {
            break;
        }
        value /= 1024.0;
        unit = next;
    }
    if value < 10.0 {
        format!("{value:.1} {unit}")
    } else {
        format!("{value:.0} {unit}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> Result<Decoded, SourceError> {
        decode_owned(bytes.to_vec())
    }

    #[test]
    fn utf8_is_verbatim() {
        let d = decode("Héllo “world”\r\n".as_bytes()).unwrap();
        assert_eq!(d.text, "Héllo “world”\n");
        assert!(d.verbatim);
        assert!(d.notes.is_empty());
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let d = decode(b"\xef\xbb\xbfTitle").unwrap();
        assert_eq!(d.text, "Title");
        assert!(!d.verbatim);
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xff, 0xfe];
        for unit in "Caf\u{e9} news".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        assert_eq!(decode(&bytes).unwrap().text, "Café news");
    }

    #[test]
    fn latin1_falls_back_with_a_note() {
        let bytes = b"Le caf\xe9 de la gare a rouvert ses portes \xe0 la client\xe8le du quartier.";
        let d = decode(bytes).unwrap();
        assert_eq!(
            d.text,
            "Le café de la gare a rouvert ses portes à la clientèle du quartier."
        );
        assert_eq!(
            d.notes,
            ["decoded as Windows-1252: invalid UTF-8 at byte 6"]
        );
        assert!(!d.verbatim);
    }

    #[test]
    fn windows_1252_curly_quotes_decode() {
        let d = decode(b"\x93Never,\x94 she said. It\x92s over.").unwrap();
        assert_eq!(d.text, "“Never,” she said. It’s over.");
    }

    #[test]
    fn nul_heavy_and_signed_files_are_binary() {
        let mut bytes = b"abc".to_vec();
        bytes.extend([0u8; 64]);
        assert!(matches!(
            decode(&bytes),
            Err(SourceError::Binary("NUL bytes"))
        ));
        assert!(matches!(
            decode(b"%PDF-1.7 stuff"),
            Err(SourceError::Binary("PDF"))
        ));
    }

    #[test]
    fn utf16_without_a_byte_order_mark_is_decoded() {
        let text = "Harbour toll “rises”\n\nThe council said so.\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for (bytes, name) in [(le, "UTF-16LE"), (be, "UTF-16BE")] {
            let d = decode(&bytes).unwrap();
            assert_eq!(d.text, text);
            assert_eq!(d.notes, [format!("decoded as {name} (no byte order mark)")]);
        }
    }

    #[test]
    fn random_bytes_with_a_few_nuls_are_binary() {
        // 2,000 bytes of a simple generator: about 8 NULs, as random data has.
        let mut state = 0x2545_f491_u32;
        let bytes: Vec<u8> = (0..2000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                state.to_le_bytes()[0]
            })
            .collect();
        assert!(bytes.contains(&0));
        assert!(matches!(
            decode(&bytes),
            Err(SourceError::Binary("NUL bytes"))
        ));
    }

    #[test]
    fn a_few_nuls_in_a_short_file_are_removed_not_binary() {
        let mut bytes = "The harbour master said the ferry was late. "
            .repeat(18)
            .into_bytes();
        for at in [100, 300, 500, 700] {
            bytes[at] = 0;
        }
        assert!(bytes.len() < 820);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text.len(), bytes.len() - 4);
    }

    #[test]
    fn a_stray_nul_is_removed_not_fatal() {
        let mut text = "word ".repeat(400).into_bytes();
        text.push(0);
        let d = decode(&text).unwrap();
        assert!(!d.text.contains('\0'));
        assert_eq!(d.notes, ["removed 1 control character or escape sequence"]);
    }

    #[test]
    fn escape_sequences_are_noted() {
        let d = decode(b"a\x1b[31mb\x1b[0m").unwrap();
        assert_eq!(d.text, "ab");
        assert!(!d.verbatim);
        assert_eq!(d.notes.len(), 1);
    }

    #[test]
    fn blank_files_are_empty() {
        assert!(matches!(decode(b""), Err(SourceError::Empty)));
        assert!(matches!(decode(b" \n\t\n"), Err(SourceError::Empty)));
        assert!(matches!(decode(b"\x07\x1b[2J\n"), Err(SourceError::Empty)));
    }

    #[test]
    fn stream_cap_is_reported() {
        let err = read_stream_capped(&b"0123456789"[..], 4).unwrap_err();
        assert_eq!(err.to_string(), "larger than the 4 B size cap (5 B)");
    }

    #[test]
    fn missing_file_reads_like_unix() {
        let err = read_capped(Path::new("/nonexistent/folio-test"), 10).unwrap_err();
        assert_eq!(err.to_string(), "No such file or directory");
    }

    #[test]
    fn human_sizes() {
        assert_eq!(human_size(10), "10 B");
        assert_eq!(human_size(64 * 1024 * 1024), "64 MiB");
        assert_eq!(human_size(1536), "1.5 KiB");
    }
}
