//! The answer box's text: a [`TextArea`] from `ratatui-textarea` (storage, wrapping at word
//! boundaries, scrolling, vertical moves by screen row) with the steps the widget takes by `char`
//! made whole graphemes here, so "é" typed as e + a combining accent, a flag or a family of joined
//! emoji is one step left or right and one Backspace or Delete. Pasted text is cleaned first: line
//! endings of any kind become new lines, tabs become spaces, other control characters go.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::widgets::Widget;
use ratatui_textarea::{CursorMove, TextArea, WrapMode};
use unicode_segmentation::UnicodeSegmentation;

/// Spaces a Tab key or a pasted tab becomes.
const TAB: &str = "    ";

/// A multi-line text editor. The cursor is a line and a character (not byte) index in it, and
/// always stands on a grapheme boundary.
#[derive(Debug, Clone)]
pub(crate) struct Editor {
    area: TextArea<'static>,
}

impl Default for Editor {
    fn default() -> Self {
        Self::new()
    }
}

/// The grapheme boundaries of `line`, in characters (0 and the line's length included): where the
/// cursor may stand.
pub(crate) fn grapheme_stops(line: &str) -> Vec<usize> {
    let mut stops = vec![0];
    let mut chars = 0;
    for g in line.graphemes(true) {
        chars += g.chars().count();
        stops.push(chars);
    }
    stops
}

/// The grapheme boundary before `col` (0 at the start).
fn stop_before(line: &str, col: usize) -> usize {
    grapheme_stops(line)
        .into_iter()
        .rev()
        .find(|&s| s < col)
        .unwrap_or(0)
}

/// The grapheme boundary after `col` (the line's length at the end).
fn stop_after(line: &str, col: usize) -> usize {
    let stops = grapheme_stops(line);
    let last = stops.last().copied().unwrap_or(0);
    stops.into_iter().find(|&s| s > col).unwrap_or(last)
}

/// The grapheme boundary at or before `col`.
fn stop_at_or_before(line: &str, col: usize) -> usize {
    grapheme_stops(line)
        .into_iter()
        .rev()
        .find(|&s| s <= col)
        .unwrap_or(0)
}

/// `text` as the editor keeps it: `\r\n` and `\r` become `\n`, tabs become spaces, and other
/// control characters are dropped.
fn clean(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', TAB)
        .chars()
        .filter(|&c| c == '\n' || !c.is_control())
        .collect()
}

impl Editor {
    pub(crate) fn new() -> Self {
        let mut area = TextArea::default();
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        // The terminal's own cursor marks the place (see `cursor_position`): no drawn block, no
        // underlined line.
        area.set_cursor_style(Style::default());
        area.set_cursor_line_style(Style::default());
        Self { area }
    }

    /// An editor holding `text`, the cursor at its end.
    pub(crate) fn from_text(text: &str) -> Self {
        let mut editor = Self::new();
        editor.insert_str(text);
        editor
    }

    pub(crate) fn lines(&self) -> &[String] {
        self.area.lines()
    }

    pub(crate) fn text(&self) -> String {
        self.lines().join("\n")
    }

    pub(crate) fn is_blank(&self) -> bool {
        self.lines().iter().all(|l| l.trim().is_empty())
    }

    pub(crate) fn word_count(&self) -> usize {
        self.lines()
            .iter()
            .map(|l| l.split_whitespace().count())
            .sum()
    }

    /// The cursor: line and character index.
    pub(crate) fn cursor(&self) -> (usize, usize) {
        let c = self.area.cursor();
        (c.0, c.1)
    }

    fn line(&self, row: usize) -> &str {
        self.lines().get(row).map_or("", String::as_str)
    }

    fn line_len(&self, row: usize) -> usize {
        self.line(row).chars().count()
    }

    /// Puts the cursor at `(row, col)` (clamped to the text).
    fn jump(&mut self, row: usize, col: usize) {
        if let (Ok(r), Ok(c)) = (u16::try_from(row), u16::try_from(col)) {
            self.area.move_cursor(CursorMove::Jump(r, c));
            return;
        }
        // Past what `Jump` can address (65,535 lines or characters): step there one character at
        // a time; the target is a grapheme away from where the cursor is.
        let target = (row.min(self.lines().len() - 1), col);
        for _ in 0..64 {
            let at = self.cursor();
            let before = at;
            match at.cmp(&target) {
                std::cmp::Ordering::Equal => return,
                std::cmp::Ordering::Greater => self.area.move_cursor(CursorMove::Back),
                std::cmp::Ordering::Less => self.area.move_cursor(CursorMove::Forward),
            }
            if self.cursor() == before {
                return;
            }
        }
    }

    /// Moves the cursor back to a grapheme boundary if a move by screen row left it inside one.
    fn snap(&mut self) {
        let (row, col) = self.cursor();
        let stop = stop_at_or_before(self.line(row), col);
        if stop != col {
            self.jump(row, stop);
        }
    }

    /// Types one character; a newline splits the line, other control characters are dropped.
    pub(crate) fn insert_char(&mut self, c: char) {
        match c {
            '\n' | '\r' => self.newline(),
            '\t' => self.insert_str(TAB),
            c if c.is_control() => {}
            c => self.area.insert_char(c),
        }
    }

    /// Inserts text at the cursor (a paste), cleaned as [`clean`] says. The cursor ends after it.
    pub(crate) fn insert_str(&mut self, text: &str) {
        let text = clean(text);
        if !text.is_empty() {
            self.area.insert_str(text);
        }
    }

    pub(crate) fn newline(&mut self) {
        self.area.insert_newline();
    }

    /// Deletes the character (the whole grapheme) before the cursor, joining lines at a line
    /// start. Says whether the text changed.
    pub(crate) fn backspace(&mut self) -> bool {
        let (row, col) = self.cursor();
        if col == 0 {
            return self.area.delete_newline();
        }
        let from = stop_before(self.line(row), col);
        self.jump(row, from);
        self.area.delete_str(col - from)
    }

    /// Deletes the character (the whole grapheme) under the cursor, joining lines at a line end.
    /// Says whether the text changed.
    pub(crate) fn delete(&mut self) -> bool {
        let (row, col) = self.cursor();
        if col >= self.line_len(row) {
            return self.area.delete_next_char();
        }
        let to = stop_after(self.line(row), col);
        self.area.delete_str(to - col)
    }

    pub(crate) fn left(&mut self) {
        let (row, col) = self.cursor();
        if col > 0 {
            let to = stop_before(self.line(row), col);
            self.jump(row, to);
        } else if row > 0 {
            self.jump(row - 1, self.line_len(row - 1));
        }
    }

    pub(crate) fn right(&mut self) {
        let (row, col) = self.cursor();
        if col < self.line_len(row) {
            let to = stop_after(self.line(row), col);
            self.jump(row, to);
        } else if row + 1 < self.lines().len() {
            self.jump(row + 1, 0);
        }
    }

    pub(crate) fn home(&mut self) {
        self.area.move_cursor(CursorMove::Head);
    }

    pub(crate) fn end(&mut self) {
        self.area.move_cursor(CursorMove::End);
    }

    pub(crate) fn start_of_text(&mut self) {
        self.jump(0, 0);
    }

    pub(crate) fn end_of_text(&mut self) {
        self.area.move_cursor(CursorMove::Bottom);
        self.end();
    }

    /// One row up on screen (wrapped rows count, as last laid out by [`Editor::fit`] or a draw),
    /// keeping the column where it can; on the first row, to its start.
    pub(crate) fn up(&mut self) {
        let before = self.cursor();
        self.area.move_cursor(CursorMove::Up);
        if self.cursor() == before {
            self.home();
        }
        self.snap();
    }

    /// One row down on screen, keeping the column where it can; on the last row, to its end.
    pub(crate) fn down(&mut self) {
        let before = self.cursor();
        self.area.move_cursor(CursorMove::Down);
        if self.cursor() == before {
            self.end();
        }
        self.snap();
    }

    /// Lays the text out for a box `width` × `height` and scrolls so the cursor shows, as a draw
    /// would; moves by screen row use this layout.
    pub(crate) fn fit(&self, width: u16, height: u16) {
        let area = Rect::new(0, 0, width, height);
        let mut scratch = Buffer::empty(area);
        (&self.area).render(area, &mut scratch);
    }

    /// Draws the text into `area` (the box's inside) and says where the terminal cursor goes, if
    /// it is inside `area`.
    pub(crate) fn draw(&self, area: Rect, buf: &mut Buffer) -> Option<Position> {
        (&self.area).render(area, buf);
        if area.width == 0 || area.height == 0 {
            return None;
        }
        let at = self.area.screen_cursor();
        let (top, _) = self.area.scroll_offset();
        let y = at.row.checked_sub(usize::from(top))?;
        let y = u16::try_from(y).ok().filter(|&y| y < area.height)?;
        // A full last row leaves the cursor just past it, on the box's padding.
        let x = u16::try_from(at.col).unwrap_or(u16::MAX).min(area.width);
        Some(Position::new(area.x + x, area.y + y))
    }

    /// The first screen row shown (after the last draw or fit).
    #[cfg(test)]
    pub(crate) fn scroll(&self) -> usize {
        usize::from(self.area.scroll_offset().0)
    }
}
