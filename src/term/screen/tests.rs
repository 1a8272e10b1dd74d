//! The screen writer checked against a small terminal emulator (vte parses the
//! bytes): whatever frames are drawn, the emulated terminal must show exactly the
//! last one, and scrolling must cost a few bytes.

use proptest::prelude::*;
use ratatui::style::Style;
use vte::{Params, Parser, Perform};

use super::*;

/// The part of a VT100/xterm folio's writer relies on, with the strict rules:
/// scrolled-in rows take the current background, the last column waits to wrap.
struct Emulator {
    width: u16,
    height: u16,
    cells: Vec<(String, Pen)>,
    x: u16,
    y: u16,
    wrap_pending: bool,
    top: u16,
    bottom: u16,
    pen: Pen,
    cursor_visible: bool,
    /// Sequences it does not know, which the writer must never send.
    unknown: Vec<String>,
}

impl Emulator {
    fn new(width: u16, height: u16) -> Emulator {
        Emulator {
            width,
            height,
            cells: vec![(" ".to_owned(), Pen::default()); usize::from(width * height)],
            x: 0,
            y: 0,
            wrap_pending: false,
            top: 0,
            bottom: height,
            pen: Pen::default(),
            cursor_visible: false,
            unknown: Vec::new(),
        }
    }

    fn blank(&self) -> (String, Pen) {
        let pen = Pen {
            bg: self.pen.bg,
            ..Pen::default()
        };
        (" ".to_owned(), pen)
    }

    fn row(&mut self, y: u16) -> &mut [(String, Pen)] {
        let width = usize::from(self.width);
        &mut self.cells[usize::from(y) * width..(usize::from(y) + 1) * width]
    }

    fn scroll_up(&mut self) {
        let blank = self.blank();
        for y in self.top..self.bottom - 1 {
            let below = self.row(y + 1).to_vec();
            self.row(y).clone_from_slice(&below);
        }
        let last = self.bottom - 1;
        self.row(last).fill(blank);
    }

    fn scroll_down(&mut self) {
        let blank = self.blank();
        for y in (self.top + 1..self.bottom).rev() {
            let above = self.row(y - 1).to_vec();
            self.row(y).clone_from_slice(&above);
        }
        let top = self.top;
        self.row(top).fill(blank);
    }

    fn sgr(&mut self, params: &[u16]) {
        let mut codes = params.iter().copied();
        while let Some(code) = codes.next() {
            let colour = |codes: &mut dyn Iterator<Item = u16>| {
                let mut next = || codes.next().unwrap_or(0) as u8;
                if next() == 5 {
                    Color::Indexed(next())
                } else {
                    Color::Rgb(next(), next(), next())
                }
            };
            match code {
                0 => self.pen = Pen::default(),
                22 => self.pen.modifier -= Modifier::BOLD | Modifier::DIM,
                25 => self.pen.modifier -= Modifier::SLOW_BLINK | Modifier::RAPID_BLINK,
                23 | 24 | 27..=29 => {
                    let on = (code - 20).to_string();
                    if let Some((m, _, _)) = MODIFIER_CODES.iter().find(|(_, c, _)| *c == on) {
                        self.pen.modifier -= *m;
                    }
                }
                1..=9 => {
                    let on = code.to_string();
                    if let Some((m, _, _)) = MODIFIER_CODES.iter().find(|(_, c, _)| *c == on) {
                        self.pen.modifier |= *m;
                    }
                }
                38 => self.pen.fg = colour(&mut codes),
                48 => self.pen.bg = colour(&mut codes),
                30..=37 | 39 | 90..=97 => self.pen.fg = named(code),
                40..=47 | 49 | 100..=107 => self.pen.bg = named(code - 10),
                _ => self.unknown.push(format!("SGR {code}")),
            }
        }
    }

    /// Whether the emulated screen shows `buf`, cell for cell.
    fn shows(&self, buf: &Buffer) -> Result<(), String> {
        for (i, cell) in buf.content.iter().enumerate() {
            let (symbol, pen) = &self.cells[i];
            // The right half of a wide character has its left half's colours.
            let pen_differs = *pen != Pen::of(cell) && !symbol.is_empty();
            if symbol != cell.symbol() || pen_differs {
                let (x, y) = (i % usize::from(self.width), i / usize::from(self.width));
                return Err(format!(
                    "cell ({x},{y}) shows {symbol:?} {pen:?}, frame has {:?} {:?}",
                    cell.symbol(),
                    Pen::of(cell)
                ));
            }
        }
        Ok(())
    }
}

fn named(code: u16) -> Color {
    const COLOURS: [Color; 8] = [
        Color::Black,
        Color::Red,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::Magenta,
        Color::Cyan,
        Color::Gray,
    ];
    const BRIGHT: [Color; 8] = [
        Color::DarkGray,
        Color::LightRed,
        Color::LightGreen,
        Color::LightYellow,
        Color::LightBlue,
        Color::LightMagenta,
        Color::LightCyan,
        Color::White,
    ];
    match code {
        30..=37 => COLOURS[usize::from(code - 30)],
        90..=97 => BRIGHT[usize::from(code - 90)],
        _ => Color::Reset,
    }
}

impl Perform for Emulator {
    fn print(&mut self, c: char) {
        let width = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) as u16;
        if self.wrap_pending {
            self.x = 0;
            self.wrap_pending = false;
            if self.y + 1 == self.bottom {
                self.scroll_up();
            } else if self.y + 1 < self.height {
                self.y += 1;
            }
        }
        let index = usize::from(self.y * self.width + self.x);
        self.cells[index] = (c.to_string(), self.pen);
        if width == 2 && self.x + 1 < self.width {
            self.cells[index + 1] = (String::new(), self.pen);
        }
        if self.x + width >= self.width {
            self.x = self.width - 1;
            self.wrap_pending = true;
        } else {
            self.x += width;
        }
    }

    fn execute(&mut self, byte: u8) {
        self.wrap_pending = false;
        match byte {
            b'\r' => self.x = 0,
            b'\n' => {
                if self.y + 1 == self.bottom {
                    self.scroll_up();
                } else if self.y + 1 < self.height {
                    self.y += 1;
                }
            }
            _ => self.unknown.push(format!("C0 {byte:#x}")),
        }
    }

    fn csi_dispatch(&mut self, params: &Params, intermediates: &[u8], _: bool, action: char) {
        let values: Vec<u16> = params.iter().map(|p| p[0]).collect();
        let arg = |i: usize| values.get(i).copied().filter(|v| *v > 0).unwrap_or(1);
        self.wrap_pending = false;
        match (intermediates, action) {
            (b"?", 'h' | 'l') => match values.first() {
                Some(25) => self.cursor_visible = action == 'h',
                Some(2026) => {}
                _ => self.unknown.push(format!("mode {values:?}")),
            },
            (b"", 'H') => {
                self.y = (arg(0) - 1).min(self.height - 1);
                self.x = (arg(1) - 1).min(self.width - 1);
            }
            (b"", 'C') => self.x = (self.x + arg(0)).min(self.width - 1),
            (b"", 'r') => {
                self.top = arg(0) - 1;
                self.bottom = values
                    .get(1)
                    .copied()
                    .filter(|v| *v > 0)
                    .unwrap_or(self.height);
                // Some terminals home the cursor only when margins are set, so
                // the writer must not count on it when they are cleared.
                if !values.is_empty() {
                    self.x = 0;
                    self.y = 0;
                }
            }
            (b"", 'm') => self.sgr(if values.is_empty() { &[0] } else { &values }),
            (b"", 'J') if values == [2] => {
                let blank = self.blank();
                self.cells.fill(blank);
            }
            _ => self.unknown.push(format!("CSI {values:?} {action}")),
        }
    }

    fn esc_dispatch(&mut self, _: &[u8], _: bool, byte: u8) {
        self.wrap_pending = false;
        if byte == b'M' {
            if self.y == self.top {
                self.scroll_down();
            } else if self.y > 0 {
                self.y -= 1;
            }
        } else {
            self.unknown.push(format!("ESC {byte}"));
        }
    }
}

/// A screen writing into memory, with the emulator it feeds.
struct Rig {
    screen: Screen<Vec<u8>>,
    emulator: Emulator,
    parser: Parser,
}

impl Rig {
    fn new(width: u16, height: u16) -> Rig {
        Rig {
            screen: Screen::new(Vec::new(), Rect::new(0, 0, width, height)),
            emulator: Emulator::new(width, height),
            parser: Parser::new(),
        }
    }

    /// Draws a frame and returns the bytes it took, after checking the emulated
    /// terminal shows it.
    fn draw(&mut self, fill: impl FnOnce(&mut Buffer)) -> usize {
        self.screen
            .draw(|buf| {
                fill(buf);
                crate::ui::mark_wide_character_tails(buf);
                None
            })
            .unwrap();
        let bytes = std::mem::take(&mut self.screen.out);
        self.parser.advance(&mut self.emulator, &bytes);
        if let Err(wrong) = self.emulator.shows(&self.screen.shown) {
            panic!("{wrong}\nafter {:?}", String::from_utf8_lossy(&bytes));
        }
        assert!(
            self.emulator.unknown.is_empty(),
            "{:?}",
            self.emulator.unknown
        );
        bytes.len()
    }
}

const STYLES: [Style; 4] = [
    Style::new(),
    Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
    Style::new()
        .fg(Color::Indexed(130))
        .add_modifier(Modifier::ITALIC),
    Style::new()
        .bg(Color::Rgb(10, 20, 30))
        .add_modifier(Modifier::REVERSED),
];

/// A reader-like frame: `lines` from `offset` down the rows of `column` (the whole
/// width or the right-hand pane), a fixed list on the left, a status row.
fn page(buf: &mut Buffer, lines: &[(String, usize)], offset: usize, side_by_side: bool) {
    let area = buf.area;
    let left = if side_by_side { area.width / 3 } else { 0 };
    for y in 0..area.height - 1 {
        if side_by_side {
            buf.set_stringn(
                0,
                y,
                format!("row {y} of the list"),
                usize::from(left),
                STYLES[1],
            );
            buf.set_string(left, y, "│", Style::new());
        }
        if let Some((text, style)) = lines.get(offset + usize::from(y)) {
            let x = left + u16::from(side_by_side);
            buf.set_stringn(x, y, text, usize::from(area.width - x), STYLES[*style]);
        }
    }
    let status = format!("line {offset} of {}", lines.len());
    buf.set_stringn(
        0,
        area.height - 1,
        status,
        usize::from(area.width),
        STYLES[3],
    );
}

fn article(count: usize) -> Vec<(String, usize)> {
    (0..count)
        .map(|i| {
            let text = format!("Paragraph {i} says the harbour 漢字 pilot was \"late\" again");
            (text, i % STYLES.len())
        })
        .collect()
}

#[test]
fn a_one_line_scroll_moves_the_screen_and_writes_one_row() {
    let lines = article(200);
    let mut rig = Rig::new(80, 24);
    let first = rig.draw(|buf| page(buf, &lines, 0, false));
    let down = rig.draw(|buf| page(buf, &lines, 1, false));
    let up = rig.draw(|buf| page(buf, &lines, 0, false));
    // One row of text (about 60 bytes with its colours), the status row and the
    // scroll itself; not 23 rows.
    assert!(first > 1_500, "first frame {first} B");
    assert!(down < 200, "down {down} B");
    assert!(up < 200, "up {up} B");
}

#[test]
fn an_unchanged_frame_writes_nothing() {
    let lines = article(50);
    let mut rig = Rig::new(60, 20);
    rig.draw(|buf| page(buf, &lines, 3, true));
    assert_eq!(rig.draw(|buf| page(buf, &lines, 3, true)), 0);
}

#[test]
fn words_are_written_with_their_gaps_not_a_move_each() {
    let mut rig = Rig::new(40, 3);
    let written = rig.draw(|buf| {
        buf.set_string(0, 0, "a b c d e f g h", Style::new());
    });
    // The frame is one move to the top (where the cursor is is not known at
    // first), the text and the two synchronized-output markers.
    assert_eq!(written, "\x1b[1H".len() + "a b c d e f g h".len() + 16);
}

#[test]
fn the_cursor_is_shown_where_asked_and_hidden_after() {
    let mut rig = Rig::new(20, 4);
    rig.screen.draw(|_| Some(Position::new(3, 2))).unwrap();
    let bytes = std::mem::take(&mut rig.screen.out);
    rig.parser.advance(&mut rig.emulator, &bytes);
    assert!(rig.emulator.cursor_visible);
    assert_eq!((rig.emulator.x, rig.emulator.y), (3, 2));
    rig.draw(|_| {});
    assert!(!rig.emulator.cursor_visible);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any run of frames (scrolls by any amount both ways, jumps, both layouts,
    /// text of any width and style) leaves the terminal showing the last frame.
    #[test]
    fn the_terminal_always_shows_the_last_frame(
        width in 8u16..70,
        height in 3u16..20,
        words in prop::collection::vec(("[a-z]{0,7}|漢字|é|\"", 0usize..4), 1..60),
        steps in prop::collection::vec((0usize..80, any::<bool>()), 1..12),
    ) {
        let lines: Vec<(String, usize)> = words
            .chunks(3)
            .map(|chunk| {
                let text: Vec<&str> = chunk.iter().map(|(w, _)| w.as_str()).collect();
                (text.join(" "), chunk[0].1)
            })
            .collect();
        let mut rig = Rig::new(width, height);
        for (offset, side_by_side) in steps {
            rig.draw(|buf| page(buf, &lines, offset % (lines.len() + 1), side_by_side));
        }
    }
}
