//! Writing frames to the terminal in as few bytes as a slow link deserves.
//!
//! ratatui's own terminal diffs each frame against the previous one, but it moves the
//! cursor before every run of changed cells (between any two words) and spends one
//! escape sequence per colour and modifier, and it cannot scroll: a one-line scroll
//! of the reader rewrote the whole pane. Over SSH those bytes are the delay a user
//! feels. `Screen` keeps its own model of what the terminal shows and, per frame:
//! - scrolls the terminal (DECSTBM margins, then LF or RI) when a band of rows moved
//!   up or down as a whole, shifting its model the same way, so only the rows that
//!   came into view are written;
//! - writes the unchanged cells between two changes when that is shorter than
//!   moving the cursor over them;
//! - moves the cursor with the shortest sequence (CR LF, CUF or CUP);
//! - sets colours and modifiers in one SGR sequence with the 16 ANSI codes;
//! - writes nothing at all when nothing changed, and wraps a frame that did in
//!   synchronized output (`CSI ?2026h` … `l`) so a slow link never shows half of it.
//!
//! The frame itself is still drawn by ratatui widgets into a `Buffer`.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{self, Write};

use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier};

use crate::width::str_width;

/// Bytes the scroll sequence costs beyond the rows it saves (margins, a cursor
/// move, the line feeds, margins off): a scroll must save more than this.
const SCROLL_OVERHEAD: usize = 16;

/// A terminal that is drawn on in frames.
pub struct Screen<W: Write> {
    out: W,
    /// What the terminal shows, as far as folio knows.
    shown: Buffer,
    /// The frame being drawn.
    next: Buffer,
    pen: Pen,
    /// Where the terminal's cursor is, when known. A column equal to the width means
    /// the last column was just written and the terminal waits to wrap.
    at: Option<(u16, u16)>,
    cursor_visible: bool,
    /// The bytes of one frame, kept to reuse the allocation.
    bytes: Vec<u8>,
}

/// The colours and modifiers the terminal writes text with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
struct Pen {
    fg: Color,
    bg: Color,
    modifier: Modifier,
}

impl Pen {
    fn of(cell: &Cell) -> Pen {
        Pen {
            fg: cell.fg,
            bg: cell.bg,
            modifier: cell.modifier,
        }
    }
}

/// Bytes that move the cursor, written in `pen` when it is set.
#[derive(Debug, Default)]
struct Way {
    pen: Option<Pen>,
    bytes: Vec<u8>,
}

/// A band of rows `top..bottom` whose content moves `lines` rows up or down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Shift {
    top: u16,
    bottom: u16,
    lines: u16,
    up: bool,
}

impl<W: Write> Screen<W> {
    /// A screen of `area` on `out`, which must show a blank screen and a hidden
    /// cursor (as right after entering the alternate screen).
    pub fn new(out: W, area: Rect) -> Screen<W> {
        Screen {
            out,
            shown: Buffer::empty(area),
            next: Buffer::empty(area),
            pen: Pen::default(),
            at: None,
            cursor_visible: false,
            bytes: Vec::new(),
        }
    }

    pub fn area(&self) -> Rect {
        self.shown.area
    }

    /// The writer, for sequences that are not frames (a clipboard copy).
    pub fn out(&mut self) -> &mut W {
        &mut self.out
    }

    /// Changes the size, clearing the screen so the next frame is drawn whole.
    pub fn resize(&mut self, area: Rect) -> io::Result<()> {
        self.shown = Buffer::empty(area);
        self.next = Buffer::empty(area);
        self.clear()
    }

    /// Clears the screen and forgets what it showed (after the shell had it).
    pub fn clear(&mut self) -> io::Result<()> {
        self.shown.reset();
        self.at = None;
        self.pen = Pen::default();
        self.out.write_all(b"\x1b[0m\x1b[2J")?;
        self.out.flush()
    }

    /// Draws one frame: `render` fills a blank buffer and says where the cursor
    /// goes (hidden when `None`); only what differs from the screen is sent.
    pub fn draw(&mut self, render: impl FnOnce(&mut Buffer) -> Option<Position>) -> io::Result<()> {
        self.next.reset();
        let cursor = render(&mut self.next);
        let mut bytes = std::mem::take(&mut self.bytes);
        bytes.clear();
        if let Some(shift) = find_shift(&self.shown, &self.next) {
            self.scroll(&mut bytes, shift);
        }
        self.write_changes(&mut bytes);
        self.place_cursor(&mut bytes, cursor);
        let result = if bytes.is_empty() {
            Ok(())
        } else {
            self.out
                .write_all(b"\x1b[?2026h")
                .and_then(|()| self.out.write_all(&bytes))
                .and_then(|()| self.out.write_all(b"\x1b[?2026l"))
                .and_then(|()| self.out.flush())
        };
        self.bytes = bytes;
        std::mem::swap(&mut self.shown, &mut self.next);
        result
    }

    /// Scrolls the band on the terminal and in the model.
    fn scroll(&mut self, bytes: &mut Vec<u8>, shift: Shift) {
        let Shift {
            top,
            bottom,
            lines,
            up,
        } = shift;
        let height = self.shown.area.height;
        if self.pen != Pen::default() {
            // Rows scrolled in take the current background colour.
            bytes.extend_from_slice(b"\x1b[0m");
            self.pen = Pen::default();
        }
        let margins = top > 0 || bottom < height;
        if margins {
            push_csi(bytes, &[top + 1, bottom], b'r');
        }
        if up {
            push_csi(bytes, &[bottom], b'H');
            bytes.resize(bytes.len() + usize::from(lines), b'\n');
        } else {
            push_csi(bytes, &[top + 1], b'H');
            for _ in 0..lines {
                bytes.extend_from_slice(b"\x1bM");
            }
        }
        if margins {
            // Margins off. xterm homes the cursor here, but not every terminal
            // does, so where it is is not known.
            bytes.extend_from_slice(b"\x1b[r");
            self.at = None;
        } else if up {
            self.at = Some((0, bottom - 1));
        } else {
            self.at = Some((0, top));
        }
        shift_rows(&mut self.shown, shift);
    }

    fn write_changes(&mut self, bytes: &mut Vec<u8>) {
        let area = self.next.area;
        for y in 0..area.height {
            let mut x = 0;
            while x < area.width {
                let index = self.index(x, y);
                let cell = &self.next.content[index];
                if *cell == self.shown.content[index] || cell.symbol().is_empty() {
                    // Unchanged, or the right half of a wide character, which is
                    // written with its left half.
                    x += 1;
                    continue;
                }
                let cell = cell.clone();
                self.move_to(bytes, x, y, Some(Pen::of(&cell)));
                self.set_pen(bytes, Pen::of(&cell));
                bytes.extend_from_slice(cell.symbol().as_bytes());
                let symbol_width = str_width(cell.symbol());
                let width = (symbol_width.max(1) as u16).min(area.width - x);
                x += width;
                // Terminals disagree on the width of graphemes made of several
                // code points (emoji with modifiers or joiners) and of zero-width
                // ones; after one, the next move is absolute.
                let agreed = symbol_width > 0 && cell.symbol().chars().nth(1).is_none();
                self.at = agreed.then_some((x, y));
            }
        }
    }

    fn place_cursor(&mut self, bytes: &mut Vec<u8>, cursor: Option<Position>) {
        match cursor {
            Some(position) if self.shown.area.contains(position) => {
                if self.at != Some((position.x, position.y)) {
                    self.move_to(bytes, position.x, position.y, None);
                }
                if !self.cursor_visible {
                    bytes.extend_from_slice(b"\x1b[?25h");
                    self.cursor_visible = true;
                }
            }
            _ => {
                if self.cursor_visible {
                    bytes.extend_from_slice(b"\x1b[?25l");
                    self.cursor_visible = false;
                }
            }
        }
    }

    fn index(&self, x: u16, y: u16) -> usize {
        usize::from(y) * usize::from(self.next.area.width) + usize::from(x)
    }

    /// Moves the cursor with the shortest of: writing the unchanged cells on the
    /// way, CR LF, a forward move, or an absolute position. `next` is the pen of
    /// what is written there, which cells on the way may use too.
    fn move_to(&mut self, bytes: &mut Vec<u8>, x: u16, y: u16, next: Option<Pen>) {
        let mut absolute = Vec::new();
        if x == 0 {
            push_csi(&mut absolute, &[y + 1], b'H');
        } else {
            push_csi(&mut absolute, &[y + 1, x + 1], b'H');
        }
        let relative = match self.at {
            Some((at_x, at_y)) if at_y == y && at_x <= x => {
                Some(self.along_row(at_x, x, y, next, absolute.len()))
            }
            Some((_, at_y)) if at_y < y => {
                let mut way = self.along_row(0, x, y, next, absolute.len());
                let mut moves = vec![b'\r'];
                moves.resize(1 + usize::from(y - at_y), b'\n');
                way.bytes.splice(0..0, moves);
                Some(way)
            }
            _ => None,
        };
        match relative {
            Some(way) if way.bytes.len() <= absolute.len() => {
                if let Some(pen) = way.pen {
                    self.set_pen(bytes, pen);
                }
                bytes.extend_from_slice(&way.bytes);
            }
            _ => bytes.extend_from_slice(&absolute),
        }
        self.at = Some((x, y));
    }

    /// The way from `from` to `to` on row `y`: the cells in between when they are
    /// cheap to write (in the current pen, or in `next`, which will be set anyway),
    /// else a forward move.
    fn along_row(&self, from: u16, to: u16, y: u16, next: Option<Pen>, limit: usize) -> Way {
        let gap = to - from;
        let mut forward = Way::default();
        if gap == 0 {
            return forward;
        }
        if gap == 1 {
            forward.bytes.extend_from_slice(b"\x1b[C");
        } else {
            push_csi(&mut forward.bytes, &[gap], b'C');
        }
        let limit = forward.bytes.len().min(limit);
        let first = Pen::of(&self.next.content[self.index(from, y)]);
        if first != self.pen && Some(first) != next {
            return forward;
        }
        let mut cells = Way {
            pen: Some(first).filter(|pen| *pen != self.pen),
            bytes: Vec::new(),
        };
        for x in from..to {
            // The terminal shows these cells as the model says (they are unchanged
            // or were just written), so writing them again changes nothing.
            let cell = &self.next.content[self.index(x, y)];
            let symbol = cell.symbol();
            if Pen::of(cell) != first
                || str_width(symbol) != 1
                || cells.bytes.len() + symbol.len() > limit
            {
                return forward;
            }
            cells.bytes.extend_from_slice(symbol.as_bytes());
        }
        cells
    }

    fn set_pen(&mut self, bytes: &mut Vec<u8>, pen: Pen) {
        if pen == self.pen {
            return;
        }
        let removed = self.pen.modifier - pen.modifier;
        // Either switch off what went (one code each) and add what came, or start
        // from a reset: whichever is shorter.
        let mut by_change = Vec::new();
        let mut added = pen.modifier - self.pen.modifier;
        for (modifier, _, off) in MODIFIER_CODES {
            if removed.contains(modifier) {
                by_change.push(off);
                // 22 ends bold and dim together.
                if off == "22" {
                    added |= pen.modifier & (Modifier::BOLD | Modifier::DIM);
                }
            }
        }
        by_change.dedup();
        let mut by_change: Vec<String> = by_change.into_iter().map(str::to_owned).collect();
        by_change.extend(modifier_codes(added));
        if pen.fg != self.pen.fg {
            by_change.push(colour_code(pen.fg, false));
        }
        if pen.bg != self.pen.bg {
            by_change.push(colour_code(pen.bg, true));
        }
        let mut by_reset = vec!["0".to_owned()];
        by_reset.extend(modifier_codes(pen.modifier));
        if pen.fg != Color::Reset {
            by_reset.push(colour_code(pen.fg, false));
        }
        if pen.bg != Color::Reset {
            by_reset.push(colour_code(pen.bg, true));
        }
        let codes = if by_reset.join(";").len() < by_change.join(";").len() {
            by_reset
        } else {
            by_change
        };
        bytes.extend_from_slice(b"\x1b[");
        bytes.extend_from_slice(codes.join(";").as_bytes());
        bytes.push(b'm');
        self.pen = pen;
    }
}

/// Each modifier with the SGR codes that set and end it.
const MODIFIER_CODES: [(Modifier, &str, &str); 9] = [
    (Modifier::BOLD, "1", "22"),
    (Modifier::DIM, "2", "22"),
    (Modifier::ITALIC, "3", "23"),
    (Modifier::UNDERLINED, "4", "24"),
    (Modifier::SLOW_BLINK, "5", "25"),
    (Modifier::RAPID_BLINK, "6", "25"),
    (Modifier::REVERSED, "7", "27"),
    (Modifier::HIDDEN, "8", "28"),
    (Modifier::CROSSED_OUT, "9", "29"),
];

fn modifier_codes(modifier: Modifier) -> Vec<String> {
    MODIFIER_CODES
        .iter()
        .filter(|(m, _, _)| modifier.contains(*m))
        .map(|(_, on, _)| (*on).to_owned())
        .collect()
}

/// The SGR code of a colour: the 16 named ones as 30–37 and 90–97 (40–47 and
/// 100–107 for backgrounds), so they follow the user's palette.
fn colour_code(colour: Color, background: bool) -> String {
    let base = if background { 10 } else { 0 };
    let named = |n: u8| (u16::from(n) + base).to_string();
    match colour {
        Color::Reset => named(39),
        Color::Black => named(30),
        Color::Red => named(31),
        Color::Green => named(32),
        Color::Yellow => named(33),
        Color::Blue => named(34),
        Color::Magenta => named(35),
        Color::Cyan => named(36),
        Color::Gray => named(37),
        Color::DarkGray => named(90),
        Color::LightRed => named(91),
        Color::LightGreen => named(92),
        Color::LightYellow => named(93),
        Color::LightBlue => named(94),
        Color::LightMagenta => named(95),
        Color::LightCyan => named(96),
        Color::White => named(97),
        Color::Indexed(n) => format!("{};5;{n}", 38 + base),
        Color::Rgb(r, g, b) => format!("{};2;{r};{g};{b}", 38 + base),
    }
}

fn push_csi(bytes: &mut Vec<u8>, params: &[u16], end: u8) {
    bytes.extend_from_slice(b"\x1b[");
    for (i, param) in params.iter().enumerate() {
        if i > 0 {
            bytes.push(b';');
        }
        bytes.extend_from_slice(param.to_string().as_bytes());
    }
    bytes.push(end);
}

/// A hash of each row, to compare rows in one step.
fn row_hashes(buf: &Buffer) -> Vec<u64> {
    let width = usize::from(buf.area.width);
    buf.content
        .chunks(width.max(1))
        .map(|row| {
            let mut hasher = DefaultHasher::new();
            for cell in row {
                cell.symbol().hash(&mut hasher);
                Pen::of(cell).hash(&mut hasher);
            }
            hasher.finish()
        })
        .collect()
}

/// What writing a row costs, roughly: its cells that are not blank.
fn row_weights(buf: &Buffer) -> Vec<usize> {
    let width = usize::from(buf.area.width);
    buf.content
        .chunks(width.max(1))
        .map(|row| row.iter().filter(|cell| *cell != &Cell::EMPTY).count())
        .collect()
}

/// The scroll that saves the most bytes between what is shown and the next frame,
/// if any saves more than it costs. A band of rows qualifies when each of its rows
/// equals the row `lines` below (or above) it on the screen.
fn find_shift(shown: &Buffer, next: &Buffer) -> Option<Shift> {
    let height = usize::from(next.area.height);
    if shown.area != next.area || height < 2 {
        return None;
    }
    let old = row_hashes(shown);
    let new = row_hashes(next);
    let weight = row_weights(next);
    // A row already right costs nothing to keep; one the scroll blanks must be
    // written again.
    let already = |r: usize| old[r] == new[r];
    let mut best: Option<(usize, Shift)> = None;
    for lines in 1..height {
        for up in [true, false] {
            // Rows r of the next frame that match row `from(r)` of the screen.
            let from = |r: usize| if up { r + lines } else { r - lines };
            let candidates = if up { 0..height - lines } else { lines..height };
            let mut start = candidates.start;
            let mut saved = 0;
            for r in candidates.clone().chain(std::iter::once(usize::MAX)) {
                if r != usize::MAX && new[r] == old[from(r)] {
                    if !already(r) {
                        saved += weight[r];
                    }
                    continue;
                }
                let end = if r == usize::MAX { candidates.end } else { r };
                if end > start && saved > SCROLL_OVERHEAD {
                    let (top, bottom, blanked) = if up {
                        (start, end + lines, end..end + lines)
                    } else {
                        (start - lines, end, start - lines..start)
                    };
                    let lost: usize = blanked.filter(|&b| already(b)).map(|b| weight[b]).sum();
                    let gain = saved.saturating_sub(lost + SCROLL_OVERHEAD);
                    if gain > 0 && best.is_none_or(|(g, _)| gain > g) {
                        let shift = Shift {
                            top: top as u16,
                            bottom: bottom as u16,
                            lines: lines as u16,
                            up,
                        };
                        best = Some((gain, shift));
                    }
                }
                start = r.saturating_add(1);
                saved = 0;
            }
        }
    }
    best.map(|(_, shift)| shift)
}

/// Moves the rows of `top..bottom` as the terminal does when it scrolls that band,
/// blanking the rows that come in.
fn shift_rows(buf: &mut Buffer, shift: Shift) {
    let width = usize::from(buf.area.width);
    let band = usize::from(shift.top) * width..usize::from(shift.bottom) * width;
    let cells = &mut buf.content[band];
    let moved = usize::from(shift.lines) * width;
    if shift.up {
        cells.rotate_left(moved);
        let len = cells.len();
        cells[len - moved..].fill(Cell::EMPTY);
    } else {
        cells.rotate_right(moved);
        cells[..moved].fill(Cell::EMPTY);
    }
}

#[cfg(test)]
mod tests;
