//! End to end, in a real pseudo-terminal: folio over a generated hostile archive,
//! driven by keys (open every article, scroll, search, the people, links and
//! problems views, copy). Every byte it writes is parsed with a terminal parser
//! (`vte`): only folio's own sequences may appear, OSC 52 only when copying and
//! with a clean payload, and the terminal is left as it was found, after `q` and
//! after each signal. No article file changes.

use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::{Read, Write};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use base64::Engine as _;
use rustix::fs::{FileType, Mode, OFlags};
use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
use rustix::termios::{LocalModes, Winsize, tcgetattr, tcsetwinsize};
use vte::{Params, Parser, Perform};

/// Escape sequences and controls an article might carry, each a way to drive a
/// terminal: clear and move, window title, clipboard, hyperlink, an OSC never
/// terminated, DCS, APC, PM, SOS, 8-bit C1 as UTF-8, bidi overrides and
/// isolates, zero-width characters, NUL, DEL, backspace and carriage-return
/// overstrike, a bell.
///
/// CSI sequences that folio also sends (moves, erases, SGR) carry values folio
/// never uses (off the 100x30 screen, scrollback erase, blink, 24-bit colour), so
/// the checker can tell them from folio's own.
const PAYLOADS: &[&str] = &[
    "\x1b[3J\x1b[999;999H",
    "\x1b[5m\x1b[38;2;1;2;3m",
    "\x1b[200C\x1b[1;99r",
    "\x1b]0;pwned\x07",
    "\x1b]2;pwned\x1b\\",
    "\x1b]52;c;ZXZpbA==\x07",
    "\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\",
    "\x1bP1$qm\x1b\\",
    "\x1b_Gf=100;AAAA\x1b\\",
    "\x1b^private\x1b\\",
    "\x1bXstart of string\x1b\\",
    "\u{9b}2J\u{9d}0;c1 title\u{9c}",
    "\u{202e}desrever\u{202c} \u{2066}isolated\u{2069}",
    "har\u{200b}bour\u{2060} \u{feff}\u{061c}\u{00ad}",
    "nul\0del\x7fback\x08_space over\rstrike\x07",
];

/// The same payloads, each once, in a line of text.
fn hostile_line() -> String {
    PAYLOADS
        .iter()
        .map(|p| format!("Harbour {p} said"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A temporary archive of hostile files in every format, plus the files that
/// are not articles at all (a FIFO, a socket, a symlink loop, empty files).
fn hostile_archive(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let line = hostile_line();
    let json_line = serde_json::to_string(&line).expect("json");
    let mut files: Vec<(OsString, Vec<u8>)> = vec![
        (
            "plain.txt".into(),
            format!(
                "Plain \x1b]0;title\x07 report\n\n2021-04-01\n\n\"{line}\" Ana Ruiz said.\n\n{line}\n"
            )
            .into(),
        ),
        (
            "front.md".into(),
            format!(
                "---\ntitle: \"Front \x1b[2J matter\"\nauthor: \"\x1b]52;c;eA==\x07Ana\"\n---\n\n# Heading \x1b[H\n\n{line}\n\n[a link \x1b]8;;x\x1b\\](https://example.org/\x1b[2J)\n"
            )
            .into(),
        ),
        (
            "export.json".into(),
            format!(
                "{{\"title\": {json_line}, \"author\": \"\\u001b]0;x\\u0007Ana\", \"body\": {json_line}}}"
            )
            .into(),
        ),
        (
            "feed.rss".into(),
            format!(
                "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY x \"xxxxxxxxxx\"><!ENTITY y \"&x;&x;&x;&x;&x;&x;&x;&x;&x;&x;\"><!ENTITY ext SYSTEM \"file:///etc/passwd\">]>\n<rss version=\"2.0\"><channel><title>Feed &#27;[2J</title><item><title>Item &#27;]0;pwned&#7; &y; &ext;</title><description><![CDATA[{line}]]></description></item></channel></rss>\n"
            )
            .into(),
        ),
        (
            "page.html".into(),
            format!(
                "<html><head><title>Page \x1b]2;pwned\x07</title></head><body><article><h1>Saved \x1b[2J page</h1><p>{line}</p><p><a href=\"javascript:\x1b[2J\" title=\"\x1b]0;x\x07\">a link</a> <img alt=\"\x1b]52;c;eA==\x07\" src=\"x\"></p>{}</article></body></html>\n",
                "<div>".repeat(5_000)
            )
            .into(),
        ),
        (
            "truncated.warc".into(),
            format!(
                "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.org/\x1b[2J\r\nContent-Length: 99999\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><title>Cut \x1b]0;x\x07</title><p>{line}"
            )
            .into(),
        ),
        ("evil\x1b[2J\x1b]0;name\x07.txt".into(), b"Name\n\nA body.\n".to_vec()),
        ("new\nline.txt".into(), b"Newline\n\nA body.\n".to_vec()),
        (
            OsString::from_vec(b"bad\xff\x9b2J.txt".to_vec()),
            b"Bad name\n\nA body.\n".to_vec(),
        ),
        (
            "latin1.txt".into(),
            [
                b"Raw C1 \x9b2J \x9d0;x\x9c bytes\n\nBody \xe9t\xe9 \x9b31m ".as_slice(),
                b"\xc0\xaf\xe0\x80\xaf\xff\xfe overlong\n",
            ]
            .concat(),
        ),
        (
            "quotes.txt".into(),
            format!("Quote storm\n\n{}\n", "\"'".repeat(20_000)).into(),
        ),
        (
            "unterminated.txt".into(),
            b"Unterminated\n\nThe board met. \x1b]0;this title never ends and the text after it".to_vec(),
        ),
        ("deep.json".into(), "[".repeat(100_000).into()),
        ("empty.txt".into(), Vec::new()),
        ("blank.txt".into(), b" \n\t\n   \n".to_vec()),
    ];
    files.push(("bomb.txt.gz".into(), gzip(&vec![b'a'; 20 << 20])));
    let mut kept = Vec::new();
    for (name, bytes) in files {
        let path = dir.join(&name);
        std::fs::write(&path, &bytes).expect("write fixture");
        kept.push((path, bytes));
    }
    rustix::fs::mknodat(
        rustix::fs::CWD,
        dir.join("fifo.txt"),
        FileType::Fifo,
        Mode::RUSR | Mode::WUSR,
        0,
    )
    .expect("mkfifo");
    let _socket = std::os::unix::net::UnixListener::bind(dir.join("socket.txt")).expect("socket");
    std::os::unix::fs::symlink("loop.txt", dir.join("loop.txt")).expect("symlink");
    std::os::unix::fs::symlink(dir, dir.join("up")).expect("symlink");
    kept
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip")
}

/// folio running on the slave side of a pseudo-terminal; everything it writes
/// is collected from the master side.
struct Session {
    master: File,
    child: Child,
    output: Arc<Mutex<Vec<u8>>>,
    /// How much of the output `take` has handed out.
    taken: usize,
    reader: Option<JoinHandle<()>>,
}

impl Session {
    fn start(archive: &Path, home: &Path) -> Session {
        Session::start_with(archive, home, &[])
    }

    /// The same, with more environment variables.
    fn start_with(archive: &Path, home: &Path, env: &[(&str, &str)]) -> Session {
        let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).expect("openpt");
        grantpt(&master).expect("grantpt");
        unlockpt(&master).expect("unlockpt");
        let size = Winsize {
            ws_row: ROWS,
            ws_col: COLS,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        tcsetwinsize(&master, size).expect("window size");
        let name = ptsname(&master, Vec::new()).expect("ptsname");
        let slave = File::from(
            rustix::fs::open(
                OsStr::from_bytes(name.as_bytes()),
                OFlags::RDWR | OFlags::NOCTTY | OFlags::CLOEXEC,
                Mode::empty(),
            )
            .expect("open the slave"),
        );
        let stdio = || Stdio::from(slave.try_clone().expect("dup"));
        let child = Command::new(env!("CARGO_BIN_EXE_folio"))
            .arg(archive)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("TERM", "xterm-256color")
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .envs(env.iter().copied())
            .stdin(stdio())
            .stdout(stdio())
            .stderr(stdio())
            .spawn()
            .expect("spawn folio");
        drop(slave);
        let master = File::from(master);
        let output = Arc::new(Mutex::new(Vec::new()));
        let reader = {
            let mut master = master.try_clone().expect("dup");
            let output = Arc::clone(&output);
            thread::spawn(move || {
                let mut buf = [0u8; 16 * 1024];
                // Ends with EIO once folio has exited and the slave is closed.
                while let Ok(n @ 1..) = master.read(&mut buf) {
                    output.lock().expect("output").extend_from_slice(&buf[..n]);
                }
            })
        };
        Session {
            master,
            child,
            output,
            taken: 0,
            reader: Some(reader),
        }
    }

    fn len(&self) -> usize {
        self.output.lock().expect("output").len()
    }

    fn bytes(&self) -> Vec<u8> {
        self.output.lock().expect("output").clone()
    }

    /// Waits until folio has written something and then nothing for a while.
    fn settle(&self) {
        let start = Instant::now();
        let mut last = self.len();
        let mut quiet_since = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            thread::sleep(Duration::from_millis(10));
            let now = self.len();
            if now != last {
                last = now;
                quiet_since = Instant::now();
            } else if quiet_since.elapsed() > Duration::from_millis(30) && now > 0 {
                return;
            }
        }
    }

    /// The output written since the last `take`: one take follows another
    /// with no byte left out.
    fn take(&mut self) -> Vec<u8> {
        let bytes = self.bytes();
        let new = bytes[self.taken..].to_vec();
        self.taken = bytes.len();
        new
    }

    /// Types `keys` and waits for the frame they cause; returns the bytes
    /// written since the last `take` (so in answer to them).
    fn key(&mut self, keys: &str) -> Vec<u8> {
        self.master.write_all(keys.as_bytes()).expect("type");
        self.settle();
        self.take()
    }

    /// Waits for folio to exit, then for the last of its output.
    fn finish(mut self) -> (ExitStatus, Vec<u8>, LocalModes) {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                break status;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "folio did not exit"
            );
            thread::sleep(Duration::from_millis(10));
        };
        if let Some(reader) = self.reader.take() {
            reader.join().expect("reader");
        }
        let modes = tcgetattr(&self.master).expect("tcgetattr").local_modes;
        (status, self.bytes(), modes)
    }
}

/// What the parser found in folio's output that folio did not mean to send.
#[derive(Default)]
struct Checker {
    /// The bytes being parsed were written in answer to a copy key.
    copying: bool,
    copies: Vec<String>,
    wrong: Vec<String>,
}

/// The size of the pseudo-terminal.
const ROWS: u16 = 30;
const COLS: u16 = 100;

/// Whether an SGR is one folio's themes send: resets, bold, dim, italic,
/// underline, reverse, crossed out and their offs, and the 16 or 256 colours.
fn is_folio_sgr(numbers: &[u16]) -> bool {
    let mut rest = numbers;
    while let Some((&first, tail)) = rest.split_first() {
        rest = tail;
        match first {
            0..=4
            | 7
            | 9
            | 21..=25
            | 27
            | 29
            | 30..=37
            | 39
            | 40..=47
            | 49
            | 90..=97
            | 100..=107 => {}
            38 | 48 => match rest {
                [5, _, tail @ ..] => rest = tail,
                _ => return false,
            },
            _ => return false,
        }
    }
    true
}

/// The DEC private modes folio sets and resets: cursor, alternate screen,
/// bracketed paste, synchronized output, mouse reporting.
const FOLIO_MODES: &[u16] = &[25, 1000, 1002, 1003, 1006, 1015, 1049, 2004, 2026];

impl Perform for Checker {
    fn print(&mut self, c: char) {
        if ('\u{80}'..='\u{9f}').contains(&c) || folio::sanitize::is_bidi_control(c) {
            self.wrong.push(format!("printed {c:?}"));
        }
    }

    fn execute(&mut self, byte: u8) {
        if !matches!(byte, b'\r' | b'\n') {
            self.wrong.push(format!("control {byte:#04x}"));
        }
    }

    fn hook(&mut self, _: &Params, _: &[u8], _: bool, action: char) {
        self.wrong.push(format!("DCS {action}"));
    }

    fn osc_dispatch(&mut self, params: &[&[u8]], _: bool) {
        match params {
            [b"52", b"c", payload] if self.copying => {
                match base64::engine::general_purpose::STANDARD
                    .decode(payload)
                    .ok()
                    .and_then(|text| String::from_utf8(text).ok())
                {
                    Some(text)
                        if !text.chars().any(|c| {
                            (c.is_control() && c != '\n' && c != '\t')
                                || folio::sanitize::is_bidi_control(c)
                        }) =>
                    {
                        self.copies.push(text);
                    }
                    _ => self.wrong.push(format!(
                        "OSC 52 payload {:?}",
                        String::from_utf8_lossy(payload)
                    )),
                }
            }
            _ => self.wrong.push(format!(
                "OSC {:?}",
                params
                    .iter()
                    .map(|p| String::from_utf8_lossy(p))
                    .collect::<Vec<_>>()
            )),
        }
    }

    fn csi_dispatch(&mut self, params: &Params, intermediates: &[u8], _: bool, action: char) {
        let numbers: Vec<u16> = params.iter().flat_map(|p| p.iter().copied()).collect();
        let within = |limits: &[u16]| numbers.iter().zip(limits).all(|(n, max)| n <= max);
        let fine = match (intermediates, action) {
            (b"?", 'h' | 'l') => numbers.iter().all(|mode| FOLIO_MODES.contains(mode)),
            (b"", 'm') => is_folio_sgr(&numbers),
            (b"", 'H' | 'r') => numbers.len() <= 2 && within(&[ROWS, COLS]),
            (b"", 'A' | 'B' | 'd') => numbers.len() <= 1 && within(&[ROWS]),
            (b"", 'C' | 'D' | 'G' | 'X') => numbers.len() <= 1 && within(&[COLS]),
            (b"", 'J' | 'K') => numbers.len() <= 1 && within(&[2]),
            _ => false,
        };
        if !fine {
            self.wrong.push(format!(
                "CSI {} {numbers:?} {action}",
                String::from_utf8_lossy(intermediates)
            ));
        }
    }

    fn esc_dispatch(&mut self, intermediates: &[u8], _: bool, byte: u8) {
        // Reverse index scrolls the screen down.
        if !(intermediates.is_empty() && byte == b'M') {
            self.wrong.push(format!(
                "ESC {} {}",
                String::from_utf8_lossy(intermediates),
                byte as char
            ));
        }
    }
}

/// Parses a whole session's output, given as the bytes written after each key
/// and how many copy keys had been typed by then: no OSC 52 may come before the
/// first copy key, nor more of them than copy keys. Returns what is wrong and
/// what was copied.
fn read_output(chunks: &[(usize, Vec<u8>)]) -> (Vec<String>, Vec<String>) {
    let mut parser = Parser::new();
    let mut checker = Checker::default();
    let mut all = Vec::new();
    for (copy_keys, bytes) in chunks {
        // A copy's answer may come a frame late (the loop was busy), so the
        // count is what is checked, not which key each answer followed.
        checker.copying = checker.copies.len() < *copy_keys;
        parser.advance(&mut checker, bytes);
        all.extend_from_slice(bytes);
    }
    match String::from_utf8(all) {
        Ok(text) => {
            // vte passes over APC, PM and SOS strings silently: look for them raw.
            for introducer in ["\x1bP", "\x1b_", "\x1b^", "\x1bX"] {
                if text.contains(introducer) {
                    checker.wrong.push(format!("{introducer:?} in the output"));
                }
            }
        }
        Err(_) => checker.wrong.push("output that is not UTF-8".into()),
    }
    (checker.wrong, checker.copies)
}

/// Checks a session's output; returns what was copied.
fn check_output(chunks: &[(usize, Vec<u8>)]) -> Vec<String> {
    let (wrong, copies) = read_output(chunks);
    assert_eq!(wrong, Vec::<String>::new(), "sequences from content");
    let all: Vec<u8> = chunks.iter().flat_map(|(_, b)| b.iter().copied()).collect();
    assert_restored(&String::from_utf8_lossy(&all));
    copies
}

/// The checker is not blind: every payload that drives a terminal, written
/// as it is, is caught (the zero-width line is the only one that is not a
/// control: it is checked on screen by the safety tests).
#[test]
fn the_checker_catches_every_payload() {
    for payload in PAYLOADS.iter().filter(|p| !p.starts_with("har")) {
        let chunks = [(0, format!("\x1b[?1049htext {payload}").into_bytes())];
        let (wrong, _) = read_output(&chunks);
        assert!(!wrong.is_empty(), "{payload:?} not caught");
    }
    // A copy is let through only after a copy key, and only clean.
    let copy = |text: &str| {
        format!(
            "\x1b]52;c;{}\x07",
            base64::engine::general_purpose::STANDARD.encode(text)
        )
    };
    assert!(
        read_output(&[(1, copy("Harbour").into_bytes())])
            .0
            .is_empty()
    );
    assert!(
        !read_output(&[(0, copy("Harbour").into_bytes())])
            .0
            .is_empty()
    );
    assert!(
        !read_output(&[(1, copy("\x1b[2J").into_bytes())])
            .0
            .is_empty()
    );
}

/// The output ends with the terminal given back: the alternate screen left,
/// the cursor shown, bracketed paste and mouse reporting off.
fn assert_restored(text: &str) {
    let last = |s: &str| text.rfind(s);
    for (on, off) in [
        ("\x1b[?1049h", "\x1b[?1049l"),
        ("\x1b[?25l", "\x1b[?25h"),
        ("\x1b[?2004h", "\x1b[?2004l"),
        ("\x1b[?1000h", "\x1b[?1000l"),
    ] {
        if let Some(set) = last(on) {
            assert!(last(off) > Some(set), "{off:?} missing at the end");
        }
    }
    assert!(
        last("\x1b[?1049h").is_some(),
        "never entered the alternate screen"
    );
}

fn assert_cooked(modes: LocalModes) {
    assert!(
        modes.contains(LocalModes::ECHO | LocalModes::ICANON),
        "terminal left raw: {modes:?}"
    );
}

#[test]
fn no_article_can_drive_the_terminal() {
    let archive = tempfile::tempdir().expect("tempdir");
    let home = tempfile::tempdir().expect("tempdir");
    let files = hostile_archive(archive.path());
    let grows = archive.path().join("grows.txt");
    let shrinks = archive.path().join("shrinks.txt");
    std::fs::write(&grows, "Grows\n\nIt starts short.\n").expect("write");
    std::fs::write(
        &shrinks,
        format!("Shrinks\n\n{}\n", hostile_line().repeat(20)),
    )
    .expect("write");
    let mut session = Session::start(archive.path(), home.path());
    session.settle();
    // Between the scan and the open, one file grows (escapes in what it
    // gains) and one is cut short.
    std::fs::OpenOptions::new()
        .append(true)
        .open(&grows)
        .and_then(|mut file| write!(file, "\n{}\x1b]0;late\x07\n", hostile_line()))
        .expect("append");
    std::fs::write(&shrinks, b"Shr").expect("truncate");
    let mut chunks = vec![(0, session.take())];
    let mut copy_keys = 0;
    let mut type_keys = |session: &mut Session, keys: &[&str]| {
        for keys in keys {
            copy_keys += keys.matches(['y', 'Y']).count();
            chunks.push((copy_keys, session.key(keys)));
        }
    };
    // Every article in list order: open it, scroll, search, jump, the people and
    // links views, copy, back to the list. (`h` goes back: a lone Esc followed
    // at once by a key reads as Alt and that key, on any terminal.)
    for _ in 0..files.len() + 6 {
        type_keys(
            &mut session,
            &[
                "\r", "j", " ", "]", "}", "/a\r", "n", "e", "j", "y", "h", "L", "h", "Y", "w", "h",
                "j",
            ],
        );
    }
    type_keys(
        &mut session,
        &["!", "j", "h", "Fharbour\r", "j", "\r", "j", "q"],
    );
    let taken = session.taken;
    let (status, output, modes) = session.finish();
    // What came after the last key's frame (the restore, on a busy machine).
    chunks.push((copy_keys, output[taken..].to_vec()));
    assert!(status.success(), "{status:?}");
    assert_cooked(modes);
    let copies = check_output(&chunks);
    assert!(
        copies.iter().any(|c| c.contains("Harbour")),
        "nothing copied: {copies:?}"
    );
    for (path, bytes) in files {
        assert_eq!(
            std::fs::read(&path).expect("read back"),
            bytes,
            "{path:?} changed"
        );
    }
}

#[test]
fn signals_leave_the_terminal_as_it_was() {
    let archive = tempfile::tempdir().expect("tempdir");
    let home = tempfile::tempdir().expect("tempdir");
    hostile_archive(archive.path());
    for (signal, number) in [
        (rustix::process::Signal::TERM, 15),
        (rustix::process::Signal::HUP, 1),
        (rustix::process::Signal::INT, 2),
        (rustix::process::Signal::QUIT, 3),
    ] {
        let mut session = Session::start(archive.path(), home.path());
        session.settle();
        session.key("\r");
        rustix::process::kill_process(rustix::process::Pid::from_child(&session.child), signal)
            .expect("kill");
        let (status, output, modes) = session.finish();
        assert_eq!(status.code(), Some(128 + number), "{signal:?}");
        assert_cooked(modes);
        let text = String::from_utf8(output).expect("UTF-8");
        assert_restored(&text);
    }
}

/// A panic or an error in the middle of a session (a debug build's test keys
/// cause them) still gives the terminal back, and says what happened after it.
#[test]
fn a_panic_or_an_error_leaves_the_terminal_as_it_was() {
    let archive = tempfile::tempdir().expect("tempdir");
    let home = tempfile::tempdir().expect("tempdir");
    hostile_archive(archive.path());
    for (variable, exit) in [("FOLIO_TEST_PANIC_KEY", 101), ("FOLIO_TEST_ERROR_KEY", 1)] {
        let mut session = Session::start_with(archive.path(), home.path(), &[(variable, "%")]);
        session.settle();
        session.key("\rj%");
        let (status, output, modes) = session.finish();
        assert_eq!(status.code(), Some(exit), "{variable}");
        assert_cooked(modes);
        let text = String::from_utf8_lossy(&output);
        assert_restored(&text);
        let restored_at = text
            .rfind("\x1b[?1049l")
            .expect("left the alternate screen");
        assert!(
            text[restored_at..].contains(&format!("{variable} was pressed")),
            "{variable}: the message is not after the restore"
        );
    }
}
