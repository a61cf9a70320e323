//! The full-screen mock interview (ratatui).
//!
//! The screen follows the state / update / view pattern: [`App`] holds everything shown, [`update`]
//! turns one [`Msg`] (a key, a paste, a clock tick, a result from the mock) into a new state and
//! maybe an [`Action`], and [`view`] draws the state. Neither touches the terminal, the clock or the
//! mock, so tests drive them directly. [`run`] is the thin loop around them: it reads terminal
//! events, measures time with [`Instant`], performs actions on the [`Interviewer`] and feeds the
//! results back as messages.

use std::io::{self, Stdout};
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use ratatui::Frame;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyCode, KeyEvent, KeyEventKind,
    KeyModifiers,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Padding, Paragraph};
use tpmprep_practice::session::Current;

use crate::interviewer::{InterviewInfo, Interviewer};

/// How the screen ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every prompt of the mock was answered.
    Finished,
    /// The candidate paused; the draft was saved and the mock can be resumed later.
    Paused,
}

/// How often the clock is redrawn when nothing happens.
const TICK: Duration = Duration::from_millis(250);
/// Drafts are saved at most this often (seconds) while the answer changes.
const DRAFT_EVERY: u32 = 3;
/// Under this many seconds left the countdown turns yellow.
const WARN_BELOW: u32 = 120;
/// Longest story id accepted (digits), so it always fits an `i64`.
const STORY_DIGITS: usize = 18;
/// The help line.
const HELP: &str =
    "Ctrl-S submit · Ctrl-P pause (resume later) · Ctrl-T tag a story id · Esc pause";

/// Runs the screen until the mock is finished or the user pauses. `draft` and `draft_seconds` restore an
/// unsent answer (after a resume). Restores the terminal on every exit path, including errors and panics.
pub fn run(mock: &mut dyn Interviewer, draft: String, draft_seconds: u32) -> Result<Outcome> {
    let Some(current) = mock.current() else {
        return Ok(Outcome::Finished);
    };
    let info = mock.interview(current.interview);
    let mut app = App::new(Prompt { current, info }, &draft, draft_seconds);

    let guard = TerminalGuard::enter()?;
    let mut terminal =
        Terminal::new(CrosstermBackend::new(io::stdout())).context("cannot start the screen")?;
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        event_loop(&mut terminal, &mut app, &mut *mock)
    }));
    if let Ok(Ok(outcome)) = result {
        return Ok(outcome);
    }
    // Something went wrong: keep what was typed before leaving (best effort; the error below is
    // the one worth reporting).
    if !app.editor.is_blank() {
        let _ = mock.save_draft(&app.editor.text(), app.elapsed());
    }
    drop(terminal);
    drop(guard);
    match result {
        Ok(result) => result,
        Err(panic) => panic::resume_unwind(panic),
    }
}

/// Draws, reads one event (or waits a tick) and updates, until the screen is done.
fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
    mock: &mut dyn Interviewer,
) -> Result<Outcome> {
    let clock = Instant::now();
    let size = terminal.size().context("cannot read the terminal size")?;
    if let Some(outcome) = step(app, mock, Msg::Resize(size.width, size.height)) {
        return Ok(outcome);
    }
    loop {
        terminal
            .draw(|frame| view(app, frame))
            .context("cannot draw the screen")?;
        if event::poll(TICK).context("cannot read the keyboard")? {
            let msg = match event::read().context("cannot read the keyboard")? {
                Event::Key(key) => Some(Msg::Key(key)),
                Event::Paste(text) => Some(Msg::Paste(text)),
                Event::Resize(w, h) => Some(Msg::Resize(w, h)),
                _ => None,
            };
            if let Some(msg) = msg {
                if let Some(outcome) = step(app, mock, msg) {
                    return Ok(outcome);
                }
            }
        }
        let secs = u32::try_from(clock.elapsed().as_secs()).unwrap_or(u32::MAX);
        if let Some(outcome) = step(app, mock, Msg::Tick(secs)) {
            return Ok(outcome);
        }
    }
}

/// The panic hook in place before the screen started.
type PanicHook = Box<dyn Fn(&PanicHookInfo<'_>) + Sync + Send + 'static>;

/// Raw mode, alternate screen and bracketed paste for as long as it lives; a panic hook puts the
/// terminal back before the panic message is printed.
struct TerminalGuard {
    previous_hook: Option<Arc<PanicHook>>,
}

impl TerminalGuard {
    fn enter() -> Result<Self> {
        let previous: Arc<PanicHook> = Arc::new(panic::take_hook());
        let chained = Arc::clone(&previous);
        panic::set_hook(Box::new(move |info| {
            restore_terminal();
            chained(info);
        }));
        // From here on, dropping the guard (also on the `?` below) undoes everything.
        let guard = Self {
            previous_hook: Some(previous),
        };
        enable_raw_mode().context("cannot switch the terminal to raw mode")?;
        execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)
            .context("cannot open the full screen")?;
        Ok(guard)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
        // The hook cannot be changed while panicking; ours then stays, and it only restores the
        // terminal again, which is harmless.
        if std::thread::panicking() {
            return;
        }
        if let Some(previous) = self.previous_hook.take() {
            drop(panic::take_hook());
            match Arc::try_unwrap(previous) {
                Ok(hook) => panic::set_hook(hook),
                Err(shared) => panic::set_hook(Box::new(move |info| shared(info))),
            }
        }
    }
}

/// Puts the terminal back the way the shell expects it. Safe to call more than once.
fn restore_terminal() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        Show
    );
}

// ---------------------------------------------------------------------------------------------
// Messages, actions and the state machine.
// ---------------------------------------------------------------------------------------------

/// The prompt on screen and the interviewer asking it.
#[derive(Debug, Clone, PartialEq)]
struct Prompt {
    current: Current,
    info: InterviewInfo,
}

/// Everything that can happen to the screen.
#[derive(Debug, Clone, PartialEq)]
enum Msg {
    /// A key press.
    Key(KeyEvent),
    /// Pasted text (bracketed paste).
    Paste(String),
    /// Seconds since the screen opened, by the caller's clock.
    Tick(u32),
    /// The terminal's new size.
    Resize(u16, u16),
    /// The answer was submitted; the next prompt, or `None` when the mock is over. `Err` carries
    /// the reason it was not saved.
    Submitted(std::result::Result<Option<Prompt>, String>),
    /// A draft was saved, or why not.
    DraftSaved(std::result::Result<(), String>),
    /// The draft could not be saved before pausing.
    PauseFailed(String),
}

/// What the screen asks the loop to do.
#[derive(Debug, Clone, PartialEq)]
enum Action {
    /// Submit the answer.
    Submit {
        text: String,
        seconds: u32,
        story: Option<i64>,
    },
    /// Keep the answer being typed.
    SaveDraft { text: String, seconds: u32 },
    /// Save the draft, then leave. With `force`, leave even if the draft cannot be saved.
    Pause {
        text: String,
        seconds: u32,
        force: bool,
    },
    /// The mock is over.
    Finish,
}

/// What a status line message is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StatusKind {
    Info,
    Error,
    DraftError,
}

/// The screen's state.
#[derive(Debug, Clone)]
struct App {
    prompt: Prompt,
    editor: Editor,
    /// Story id tagged for this answer.
    story: Option<i64>,
    /// Digits typed in the story box, while it is open.
    story_input: Option<String>,
    /// Seconds since the screen opened.
    now: u32,
    /// When (in `now` seconds) the current prompt was shown.
    prompt_start: u32,
    /// Seconds spent on this prompt before the screen opened (a restored draft).
    carried: u32,
    /// The answer changed since the last draft.
    dirty: bool,
    /// When the last draft was attempted.
    last_draft: u32,
    status: Option<(StatusKind, String)>,
    /// Saving the draft failed on the last pause: the next pause leaves anyway.
    pause_failed: bool,
    /// Ctrl-S was pressed on an empty answer: pressed again next, it skips the question.
    skip_armed: bool,
    /// Terminal size, for the editor's scrolling.
    screen: Rect,
}

impl App {
    fn new(prompt: Prompt, draft: &str, draft_seconds: u32) -> Self {
        let editor = Editor::from_text(draft);
        let status = (!editor.is_blank()).then(|| {
            (
                StatusKind::Info,
                "Your draft is back. Carry on where you left off.".to_string(),
            )
        });
        let mut app = Self {
            prompt,
            editor,
            story: None,
            story_input: None,
            now: 0,
            prompt_start: 0,
            carried: draft_seconds,
            dirty: false,
            last_draft: 0,
            status,
            pause_failed: false,
            skip_armed: false,
            screen: Rect::new(0, 0, 80, 24),
        };
        app.keep_cursor_visible();
        app
    }

    /// Seconds spent on the current prompt.
    fn elapsed(&self) -> u32 {
        self.now
            .saturating_sub(self.prompt_start)
            .saturating_add(self.carried)
    }

    /// Seconds left in the interview.
    fn seconds_left(&self) -> u32 {
        countdown(self.prompt.current.seconds_left, self.elapsed())
    }

    fn keep_cursor_visible(&mut self) {
        let inner = answer_inner(&areas(self, self.screen).answer);
        self.editor
            .keep_visible(usize::from(inner.width), usize::from(inner.height));
    }

    fn answer_width(&self) -> usize {
        usize::from(answer_inner(&areas(self, self.screen).answer).width)
    }

    fn answer_height(&self) -> usize {
        usize::from(answer_inner(&areas(self, self.screen).answer).height)
    }

    fn info(&mut self, text: impl Into<String>) {
        self.status = Some((StatusKind::Info, text.into()));
    }

    fn error(&mut self, text: impl Into<String>) {
        self.status = Some((StatusKind::Error, text.into()));
    }
}

/// Seconds left in an interview that had `left` seconds when the prompt appeared, `elapsed` seconds ago.
fn countdown(left: u32, elapsed: u32) -> u32 {
    left.saturating_sub(elapsed)
}

/// The countdown's words.
fn countdown_text(left: u32) -> String {
    if left == 0 {
        "time is up".to_string()
    } else {
        format!("{} left", mmss(left))
    }
}

/// The countdown's colour: plain, yellow under two minutes, red when time is up.
fn countdown_style(left: u32) -> Style {
    let style = Style::new().add_modifier(Modifier::BOLD);
    if left == 0 {
        style.fg(Color::Red)
    } else if left < WARN_BELOW {
        style.fg(Color::Yellow)
    } else {
        style
    }
}

/// `mm:ss` (minutes keep counting past 59).
fn mmss(secs: u32) -> String {
    format!("{:02}:{:02}", secs / 60, secs % 60)
}

/// The state machine: applies `msg` to `app` and says what the loop should do next.
fn update(app: &mut App, msg: Msg) -> Option<Action> {
    match msg {
        Msg::Key(key) => on_key(app, key),
        Msg::Paste(text) => {
            if let Some(input) = app.story_input.as_mut() {
                for c in text.chars() {
                    push_digit(input, c);
                }
            } else {
                app.editor.insert_str(&text);
                app.dirty = true;
                app.keep_cursor_visible();
            }
            None
        }
        Msg::Tick(now) => {
            app.now = app.now.max(now);
            if app.dirty && app.now.saturating_sub(app.last_draft) >= DRAFT_EVERY {
                app.dirty = false;
                app.last_draft = app.now;
                return Some(Action::SaveDraft {
                    text: app.editor.text(),
                    seconds: app.elapsed(),
                });
            }
            None
        }
        Msg::Resize(w, h) => {
            app.screen = Rect::new(0, 0, w, h);
            app.keep_cursor_visible();
            None
        }
        Msg::Submitted(Ok(Some(next))) => {
            let note = if next.current.follow_up {
                "Saved. The interviewer follows up.".to_string()
            } else if next.current.interview != app.prompt.current.interview {
                format!("Saved. Next interview: {}.", next.info.title)
            } else {
                "Saved. Next question.".to_string()
            };
            app.prompt = next;
            app.editor = Editor::new();
            app.story = None;
            app.story_input = None;
            app.prompt_start = app.now;
            app.carried = 0;
            app.dirty = false;
            app.last_draft = app.now;
            app.pause_failed = false;
            app.info(note);
            app.keep_cursor_visible();
            None
        }
        Msg::Submitted(Ok(None)) => Some(Action::Finish),
        Msg::Submitted(Err(e)) => {
            app.error(format!(
                "Not saved: {e}. Your answer is still here; Ctrl-S tries again."
            ));
            None
        }
        Msg::DraftSaved(Ok(())) => {
            app.pause_failed = false;
            if matches!(app.status, Some((StatusKind::DraftError, _))) {
                app.status = None;
            }
            None
        }
        Msg::DraftSaved(Err(e)) => {
            app.dirty = true;
            app.status = Some((
                StatusKind::DraftError,
                format!("Draft not saved: {e}. Will try again."),
            ));
            None
        }
        Msg::PauseFailed(e) => {
            app.pause_failed = true;
            app.error(format!(
                "Could not save your draft: {e}. Ctrl-P again leaves anyway; Ctrl-S submits."
            ));
            None
        }
    }
}

fn on_key(app: &mut App, key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    if app.story_input.is_some() {
        on_story_key(app, key);
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    // Only a second Ctrl-S in a row skips a question.
    if !(ctrl && !alt && matches!(key.code, KeyCode::Char('s' | 'S'))) {
        app.skip_armed = false;
    }
    // A plain key types; so does AltGr, which arrives as Ctrl+Alt on some systems.
    let typed = ctrl == alt;
    match key.code {
        KeyCode::Char(c) if ctrl && !alt => {
            return match c.to_ascii_lowercase() {
                's' => submit(app),
                'p' | 'c' => Some(pause(app)),
                't' => {
                    app.story_input = Some(app.story.map(|id| id.to_string()).unwrap_or_default());
                    None
                }
                _ => None,
            };
        }
        KeyCode::Esc => return Some(pause(app)),
        KeyCode::Char(c) if typed => {
            app.editor.insert_char(c);
            app.dirty = true;
        }
        KeyCode::Tab => {
            app.editor.insert_str("    ");
            app.dirty = true;
        }
        KeyCode::Enter => {
            app.editor.newline();
            app.dirty = true;
        }
        KeyCode::Backspace => {
            app.dirty |= app.editor.backspace();
        }
        KeyCode::Delete => {
            app.dirty |= app.editor.delete();
        }
        KeyCode::Left => app.editor.left(),
        KeyCode::Right => app.editor.right(),
        KeyCode::Up => app.editor.up(app.answer_width()),
        KeyCode::Down => app.editor.down(app.answer_width()),
        KeyCode::PageUp => {
            for _ in 0..app.answer_height().max(1) {
                app.editor.up(app.answer_width());
            }
        }
        KeyCode::PageDown => {
            for _ in 0..app.answer_height().max(1) {
                app.editor.down(app.answer_width());
            }
        }
        KeyCode::Home if ctrl => app.editor.start_of_text(),
        KeyCode::End if ctrl => app.editor.end_of_text(),
        KeyCode::Home => app.editor.home(),
        KeyCode::End => app.editor.end(),
        _ => return None,
    }
    app.keep_cursor_visible();
    None
}

/// Adds `c` to a story id being typed if it is a digit and the id has room for it.
fn push_digit(input: &mut String, c: char) {
    if c.is_ascii_digit() && input.len() < STORY_DIGITS {
        input.push(c);
    }
}

fn on_story_key(app: &mut App, key: KeyEvent) {
    let Some(input) = app.story_input.as_mut() else {
        return;
    };
    match key.code {
        KeyCode::Char(c) if c.is_ascii_digit() => push_digit(input, c),
        KeyCode::Char(_) => app.info("Story ids are digits only."),
        KeyCode::Backspace => {
            input.pop();
        }
        KeyCode::Enter => {
            let id = input.parse::<i64>().ok();
            app.story_input = None;
            app.story = id;
            match id {
                Some(id) => app.info(format!("This answer tells story #{id}.")),
                None => app.info("No story tagged."),
            }
        }
        KeyCode::Esc => app.story_input = None,
        _ => {}
    }
}

fn submit(app: &mut App) -> Option<Action> {
    if app.editor.is_blank() && !app.skip_armed {
        app.skip_armed = true;
        app.info(
            "The answer is empty. Ctrl-S again skips this question (it counts as unanswered); \
             or type a short answer.",
        );
        return None;
    }
    app.skip_armed = false;
    Some(Action::Submit {
        text: app.editor.text(),
        seconds: app.elapsed(),
        story: app.story,
    })
}

fn pause(app: &App) -> Action {
    Action::Pause {
        text: app.editor.text(),
        seconds: app.elapsed(),
        force: app.pause_failed,
    }
}

/// What performing an action led to.
enum Effect {
    /// Keep going, with this message for `update` if any.
    Next(Option<Msg>),
    /// The screen is done.
    Exit(Outcome),
}

/// Performs one action on the mock.
fn perform(mock: &mut dyn Interviewer, action: Action) -> Effect {
    match action {
        Action::Submit {
            text,
            seconds,
            story,
        } => {
            let msg = match mock.submit(&text, seconds, story) {
                Ok(()) => Msg::Submitted(Ok(mock.current().map(|current| Prompt {
                    info: mock.interview(current.interview),
                    current,
                }))),
                Err(e) => Msg::Submitted(Err(format!("{e:#}"))),
            };
            Effect::Next(Some(msg))
        }
        Action::SaveDraft { text, seconds } => Effect::Next(Some(Msg::DraftSaved(
            mock.save_draft(&text, seconds)
                .map_err(|e| format!("{e:#}")),
        ))),
        Action::Pause {
            text,
            seconds,
            force,
        } => match mock.save_draft(&text, seconds) {
            Ok(()) => Effect::Exit(Outcome::Paused),
            Err(_) if force => Effect::Exit(Outcome::Paused),
            Err(e) => Effect::Next(Some(Msg::PauseFailed(format!("{e:#}")))),
        },
        Action::Finish => Effect::Exit(Outcome::Finished),
    }
}

/// Feeds `msg` to `update` and performs the actions that follow, until there are none.
fn step(app: &mut App, mock: &mut dyn Interviewer, msg: Msg) -> Option<Outcome> {
    let mut next = update(app, msg);
    while let Some(action) = next.take() {
        match perform(mock, action) {
            Effect::Exit(outcome) => return Some(outcome),
            Effect::Next(Some(msg)) => next = update(app, msg),
            Effect::Next(None) => {}
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// The editor.
// ---------------------------------------------------------------------------------------------

/// A multi-line text editor. The cursor is a line and a character (not byte) index in it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Editor {
    /// Never empty.
    lines: Vec<String>,
    row: usize,
    /// Characters before the cursor in `lines[row]`.
    col: usize,
    /// First visual row shown.
    scroll: usize,
}

/// One row on screen: characters `start..end` of logical line `line`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct VisualRow {
    line: usize,
    start: usize,
    end: usize,
}

/// Byte offset of character `col` in `line` (its length past the end).
fn byte_at(line: &str, col: usize) -> usize {
    line.char_indices().nth(col).map_or(line.len(), |(b, _)| b)
}

/// The grapheme boundaries of `line`, in characters (0 and the line's length included): where the
/// cursor may stand, so "é" typed as e + a combining accent, or a flag, is one step and one delete.
fn grapheme_stops(line: &str) -> Vec<usize> {
    let mut stops = vec![0];
    let mut chars = 0;
    for g in unicode_segmentation::UnicodeSegmentation::graphemes(line, true) {
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

/// Columns a character takes on screen.
fn char_width(c: char) -> usize {
    let mut buf = [0u8; 4];
    Span::raw(&*c.encode_utf8(&mut buf)).width()
}

/// Characters `start..end` of `line`.
fn char_slice(line: &str, start: usize, end: usize) -> &str {
    let from = byte_at(line, start);
    let to = from + byte_at(&line[from..], end.saturating_sub(start));
    &line[from..to]
}

/// Splits one line into rows at most `width` columns wide, breaking after spaces when it can. A line
/// whose last row is full gets an empty row after it, so the cursor at its end has room.
fn wrap_line(line: &str, width: usize) -> Vec<(usize, usize)> {
    let width = width.max(1);
    let chars: Vec<(char, usize)> = line.chars().map(|c| (c, char_width(c))).collect();
    let mut rows = Vec::new();
    let mut start = 0;
    let mut used = 0;
    let mut after_space: Option<usize> = None;
    let mut i = 0;
    while i < chars.len() {
        let (c, w) = chars[i];
        if used + w > width && i > start {
            let cut = match after_space {
                Some(b) if b > start => b,
                _ => i,
            };
            rows.push((start, cut));
            start = cut;
            used = chars[start..i].iter().map(|&(_, w)| w).sum();
            after_space = None;
            continue;
        }
        used += w;
        i += 1;
        if c == ' ' {
            after_space = Some(i);
        }
    }
    rows.push((start, chars.len()));
    if used >= width {
        rows.push((chars.len(), chars.len()));
    }
    rows
}

impl Editor {
    fn new() -> Self {
        Self {
            lines: vec![String::new()],
            row: 0,
            col: 0,
            scroll: 0,
        }
    }

    /// An editor holding `text`, the cursor at its end.
    fn from_text(text: &str) -> Self {
        let mut editor = Self::new();
        editor.insert_str(text);
        editor
    }

    fn text(&self) -> String {
        self.lines.join("\n")
    }

    fn is_blank(&self) -> bool {
        self.lines.iter().all(|l| l.trim().is_empty())
    }

    fn word_count(&self) -> usize {
        self.lines
            .iter()
            .map(|l| l.split_whitespace().count())
            .sum()
    }

    fn line_len(&self, row: usize) -> usize {
        self.lines.get(row).map_or(0, |l| l.chars().count())
    }

    /// Types one character; a newline splits the line, other control characters are dropped.
    fn insert_char(&mut self, c: char) {
        match c {
            '\n' | '\r' => self.newline(),
            '\t' => self.insert_str("    "),
            c if c.is_control() => {}
            c => {
                let line = &mut self.lines[self.row];
                line.insert(byte_at(line, self.col), c);
                self.col += 1;
            }
        }
    }

    /// Inserts text at the cursor (a paste): line endings of any kind become new lines, tabs
    /// become spaces, other control characters are dropped. The cursor ends after the text.
    fn insert_str(&mut self, text: &str) {
        let clean: String = text
            .replace("\r\n", "\n")
            .replace('\r', "\n")
            .replace('\t', "    ")
            .chars()
            .filter(|&c| c == '\n' || !c.is_control())
            .collect();
        let at = byte_at(&self.lines[self.row], self.col);
        let tail = self.lines[self.row].split_off(at);
        let mut pieces = clean.split('\n');
        let first = pieces.next().unwrap_or_default();
        self.lines[self.row].push_str(first);
        self.col += first.chars().count();
        let rest: Vec<String> = pieces.map(str::to_string).collect();
        if let Some(last) = rest.last() {
            self.col = last.chars().count();
            let at = self.row + 1;
            self.row += rest.len();
            self.lines.splice(at..at, rest);
        }
        self.lines[self.row].push_str(&tail);
    }

    fn newline(&mut self) {
        let at = byte_at(&self.lines[self.row], self.col);
        let tail = self.lines[self.row].split_off(at);
        self.row += 1;
        self.col = 0;
        self.lines.insert(self.row, tail);
    }

    /// Deletes the character (the whole grapheme) before the cursor, joining lines at a line
    /// start. Says whether the text changed.
    fn backspace(&mut self) -> bool {
        if self.col > 0 {
            let line = &mut self.lines[self.row];
            let from = stop_before(line, self.col);
            line.replace_range(byte_at(line, from)..byte_at(line, self.col), "");
            self.col = from;
            true
        } else if self.row > 0 {
            let line = self.lines.remove(self.row);
            self.row -= 1;
            self.col = self.line_len(self.row);
            self.lines[self.row].push_str(&line);
            true
        } else {
            false
        }
    }

    /// Deletes the character (the whole grapheme) under the cursor, joining lines at a line end.
    /// Says whether the text changed.
    fn delete(&mut self) -> bool {
        if self.col < self.line_len(self.row) {
            let line = &mut self.lines[self.row];
            let to = stop_after(line, self.col);
            line.replace_range(byte_at(line, self.col)..byte_at(line, to), "");
            true
        } else if self.row + 1 < self.lines.len() {
            let next = self.lines.remove(self.row + 1);
            self.lines[self.row].push_str(&next);
            true
        } else {
            false
        }
    }

    fn left(&mut self) {
        if self.col > 0 {
            self.col = stop_before(&self.lines[self.row], self.col);
        } else if self.row > 0 {
            self.row -= 1;
            self.col = self.line_len(self.row);
        }
    }

    fn right(&mut self) {
        if self.col < self.line_len(self.row) {
            self.col = stop_after(&self.lines[self.row], self.col);
        } else if self.row + 1 < self.lines.len() {
            self.row += 1;
            self.col = 0;
        }
    }

    fn home(&mut self) {
        self.col = 0;
    }

    fn end(&mut self) {
        self.col = self.line_len(self.row);
    }

    fn start_of_text(&mut self) {
        self.row = 0;
        self.col = 0;
    }

    fn end_of_text(&mut self) {
        self.row = self.lines.len() - 1;
        self.col = self.line_len(self.row);
    }

    /// One row up on screen (wrapped rows count), keeping the column where it can.
    fn up(&mut self, width: usize) {
        let rows = self.rows(width);
        let (at, x) = self.cursor_at(&rows, width);
        match at.checked_sub(1) {
            Some(target) => self.move_to_row(&rows, target, x),
            None => self.home(),
        }
    }

    /// One row down on screen (wrapped rows count), keeping the column where it can.
    fn down(&mut self, width: usize) {
        let rows = self.rows(width);
        let (at, x) = self.cursor_at(&rows, width);
        if at + 1 < rows.len() {
            self.move_to_row(&rows, at + 1, x);
        } else {
            self.end();
        }
    }

    fn move_to_row(&mut self, rows: &[VisualRow], target: usize, x: usize) {
        let Some(row) = rows.get(target) else {
            return;
        };
        let last_of_line = rows
            .get(target + 1)
            .is_none_or(|next| next.line != row.line);
        // The end of a row that is not the line's last belongs to the next row.
        let max_col = if last_of_line || row.end == row.start {
            row.end
        } else {
            row.end - 1
        };
        let mut col = row.start;
        let mut used = 0;
        for c in self.lines[row.line]
            .chars()
            .skip(row.start)
            .take(max_col - row.start)
        {
            let w = char_width(c);
            if used + w > x {
                break;
            }
            used += w;
            col += 1;
        }
        self.row = row.line;
        self.col = col;
    }

    /// The text as rows on a screen `width` columns wide.
    fn rows(&self, width: usize) -> Vec<VisualRow> {
        self.lines
            .iter()
            .enumerate()
            .flat_map(|(line, text)| {
                wrap_line(text, width)
                    .into_iter()
                    .map(move |(start, end)| VisualRow { line, start, end })
            })
            .collect()
    }

    /// The cursor's row among `rows` and its column on screen.
    fn cursor_at(&self, rows: &[VisualRow], width: usize) -> (usize, usize) {
        for (i, row) in rows.iter().enumerate() {
            if row.line != self.row {
                continue;
            }
            let last_of_line = rows.get(i + 1).is_none_or(|next| next.line != row.line);
            if row.start <= self.col && (self.col < row.end || last_of_line) {
                let x: usize = char_slice(&self.lines[row.line], row.start, self.col)
                    .chars()
                    .map(char_width)
                    .sum();
                return (i, x.min(width.saturating_sub(1)));
            }
        }
        (rows.len().saturating_sub(1), 0)
    }

    /// The first row to show in a box `height` rows tall so that the cursor is visible, moving
    /// as little as possible from the current scroll.
    fn scroll_for(&self, rows: &[VisualRow], width: usize, height: usize) -> usize {
        let height = height.max(1);
        let (at, _) = self.cursor_at(rows, width);
        let mut scroll = self.scroll.min(rows.len().saturating_sub(height));
        if at < scroll {
            scroll = at;
        } else if at >= scroll + height {
            scroll = at + 1 - height;
        }
        scroll
    }

    fn keep_visible(&mut self, width: usize, height: usize) {
        let rows = self.rows(width);
        self.scroll = self.scroll_for(&rows, width, height);
    }
}

// ---------------------------------------------------------------------------------------------
// The view.
// ---------------------------------------------------------------------------------------------

/// Where each part of the screen goes.
struct Areas {
    title: Rect,
    timer: Rect,
    clock: Rect,
    interviewer: Rect,
    question: Rect,
    answer: Rect,
    status: Rect,
    help: Rect,
}

fn areas(app: &App, area: Rect) -> Areas {
    let [top, body, status, help] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let [title, timer, clock] = Layout::horizontal([
        Constraint::Min(0),
        Constraint::Length(20),
        Constraint::Length(20),
    ])
    .areas(top);
    let [main, interviewer] =
        Layout::horizontal([Constraint::Percentage(70), Constraint::Percentage(30)]).areas(body);
    let text_width = main.width.saturating_sub(4).max(1);
    let wanted = u16::try_from(wrap_text(&app.prompt.current.text, text_width).len())
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    let most = main.height.saturating_sub(6).max(3);
    let [question, answer] = Layout::vertical([
        Constraint::Length(wanted.clamp(3, most)),
        Constraint::Min(0),
    ])
    .areas(main);
    Areas {
        title,
        timer,
        clock,
        interviewer,
        question,
        answer,
        status,
        help,
    }
}

/// The answer box's frame.
fn answer_block(app: &App) -> Block<'static> {
    let mut title = vec![Span::raw(" Your answer ")];
    if let Some(id) = app.story {
        title.push(Span::styled(
            format!("· telling story #{id} "),
            Style::new().fg(Color::Cyan),
        ));
    }
    let words = app.editor.word_count();
    let count = if words == 1 {
        " 1 word ".to_string()
    } else {
        format!(" {words} words ")
    };
    answer_frame()
        .title(Line::from(title))
        .title_bottom(Line::from(count).alignment(Alignment::Right))
}

fn answer_inner(area: &Rect) -> Rect {
    answer_frame().inner(*area)
}

/// The answer box's border and padding, which decide where the text goes.
fn answer_frame() -> Block<'static> {
    Block::bordered()
        .border_type(BorderType::Rounded)
        .padding(Padding::horizontal(1))
}

/// Wraps `text` to `width` columns.
fn wrap_text(text: &str, width: u16) -> Vec<String> {
    textwrap::wrap(text, usize::from(width.max(1)))
        .into_iter()
        .map(|l| l.into_owned())
        .collect()
}

/// Whether the interviewer's title does not already say they are the bar raiser.
fn needs_bar_raiser_tag(info: &InterviewInfo) -> bool {
    info.bar_raiser && !info.title.to_lowercase().contains("bar raiser")
}

/// Draws the screen.
fn view(app: &App, frame: &mut Frame) {
    let a = areas(app, frame.area());
    let current = &app.prompt.current;
    let info = &app.prompt.info;
    let calm = Style::new().fg(Color::DarkGray);

    // Top bar: where we are, time on this prompt, time left.
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let raiser = Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD);
    let mut title = vec![
        Span::styled(
            format!(
                "Interview {} of {} · ",
                info.index + 1,
                info.count.max(info.index + 1)
            ),
            bold,
        ),
        Span::styled(
            info.title.clone(),
            if info.bar_raiser { raiser } else { bold },
        ),
    ];
    if needs_bar_raiser_tag(info) {
        title.push(Span::styled(" · bar raiser", raiser));
    }
    frame.render_widget(
        Paragraph::new(Line::from(title)).block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .border_style(calm)
                .padding(Padding::horizontal(1)),
        ),
        a.title,
    );
    let here = if current.follow_up {
        " on the follow-up "
    } else {
        " on this question "
    };
    frame.render_widget(
        Paragraph::new(mmss(app.elapsed()))
            .alignment(Alignment::Center)
            .block(
                Block::bordered()
                    .border_type(BorderType::Rounded)
                    .border_style(calm)
                    .title(here),
            ),
        a.timer,
    );
    let left = app.seconds_left();
    let clock_style = countdown_style(left);
    frame.render_widget(
        Paragraph::new(Span::styled(countdown_text(left), clock_style))
            .alignment(Alignment::Center)
            .block(
                Block::bordered()
                    .border_type(BorderType::Thick)
                    .border_style(clock_style)
                    .title(" interview "),
            ),
        a.clock,
    );

    // Interviewer panel.
    let side_width = a.interviewer.width.saturating_sub(4);
    let mut lines = vec![
        Line::styled(
            info.title.clone(),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Line::from(vec![
            Span::styled("Role ", calm),
            Span::raw(info.role.clone()),
        ]),
    ];
    if needs_bar_raiser_tag(info) {
        lines.push(Line::styled("Bar raiser", raiser));
    }
    lines.push(Line::raw(""));
    lines.push(Line::raw(format!(
        "Question {} of {}",
        info.asked.max(1),
        info.planned.max(info.asked).max(1)
    )));
    if current.follow_up {
        lines.push(Line::styled("Follow-up", Style::new().fg(Color::Yellow)));
    }
    if !info.focus.trim().is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Listens for", calm));
        lines.extend(
            wrap_text(&info.focus, side_width)
                .into_iter()
                .map(Line::raw),
        );
    }
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .border_style(calm)
                .title(" Interviewer ")
                .padding(Padding::horizontal(1)),
        ),
        a.interviewer,
    );

    // The prompt.
    let question_title = if current.follow_up {
        " The interviewer follows up "
    } else {
        " Question "
    };
    let text_width = a.question.width.saturating_sub(4);
    frame.render_widget(
        Paragraph::new(
            wrap_text(&current.text, text_width)
                .into_iter()
                .map(Line::raw)
                .collect::<Vec<_>>(),
        )
        .block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .title(question_title)
                .padding(Padding::horizontal(1)),
        ),
        a.question,
    );

    // The answer.
    let inner = answer_inner(&a.answer);
    let (width, height) = (usize::from(inner.width), usize::from(inner.height));
    let rows = app.editor.rows(width);
    let scroll = app.editor.scroll_for(&rows, width, height);
    let shown: Vec<Line> = rows
        .iter()
        .skip(scroll)
        .take(height)
        .map(|r| Line::raw(char_slice(&app.editor.lines[r.line], r.start, r.end)))
        .collect();
    frame.render_widget(Paragraph::new(shown).block(answer_block(app)), a.answer);
    if app.story_input.is_none() && inner.width > 0 && inner.height > 0 {
        let (at, x) = app.editor.cursor_at(&rows, width);
        let y = at.saturating_sub(scroll);
        if y < height {
            let x = u16::try_from(x).unwrap_or(u16::MAX);
            let y = u16::try_from(y).unwrap_or(u16::MAX);
            frame.set_cursor_position((inner.x.saturating_add(x), inner.y.saturating_add(y)));
        }
    }

    // Status and help.
    let status = match &app.status {
        Some((StatusKind::Info, text)) => Line::raw(text.clone()),
        Some((StatusKind::Error | StatusKind::DraftError, text)) => {
            Line::styled(text.clone(), Style::new().fg(Color::Red))
        }
        None => Line::styled("Drafts are kept as you type.", calm),
    };
    frame.render_widget(Paragraph::new(status), a.status);
    frame.render_widget(Paragraph::new(Line::styled(HELP, calm)), a.help);

    // The story box, over everything.
    if let Some(input) = &app.story_input {
        let area = frame
            .area()
            .centered(Constraint::Length(40), Constraint::Length(6));
        frame.render_widget(Clear, area);
        let text = vec![
            Line::from(vec![
                Span::styled("Story id  ", calm),
                Span::raw(input.clone()),
            ]),
            Line::raw(""),
            Line::styled("Enter to tag · Esc to cancel", calm),
            Line::styled("Leave it empty to clear the tag.", calm),
        ];
        let block = Block::bordered()
            .border_type(BorderType::Rounded)
            .border_style(Style::new().fg(Color::Cyan))
            .title(" Which story are you telling? ")
            .padding(Padding::horizontal(1));
        let inner = block.inner(area);
        frame.render_widget(Paragraph::new(text).block(block), area);
        let x = u16::try_from(10 + input.len()).unwrap_or(u16::MAX);
        if inner.width > x && inner.height > 0 {
            frame.set_cursor_position((inner.x + x, inner.y));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::TestBackend;

    // ---- helpers ----

    fn key(code: KeyCode) -> Msg {
        Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn ctrl(c: char) -> Msg {
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
    }

    fn type_text(app: &mut App, mock: &mut Fake, text: &str) {
        for c in text.chars() {
            let msg = if c == '\n' {
                key(KeyCode::Enter)
            } else {
                key(KeyCode::Char(c))
            };
            assert_eq!(step(app, mock, msg), None);
        }
    }

    fn prompt(
        interview: usize,
        question: usize,
        follow_up: bool,
        text: &str,
        left: u32,
    ) -> Current {
        Current {
            interview,
            question,
            follow_up,
            text: text.to_string(),
            seconds_left: left,
        }
    }

    /// A mock with a fixed list of prompts that records what it is given.
    struct Fake {
        prompts: Vec<Current>,
        at: usize,
        submits: Vec<(String, u32, Option<i64>)>,
        drafts: Vec<(String, u32)>,
        fail_submit: bool,
        fail_draft: bool,
    }

    impl Fake {
        fn new(prompts: Vec<Current>) -> Self {
            Self {
                prompts,
                at: 0,
                submits: Vec::new(),
                drafts: Vec::new(),
                fail_submit: false,
                fail_draft: false,
            }
        }

        fn standard() -> Self {
            Self::new(vec![
                prompt(
                    0,
                    0,
                    false,
                    "Tell me about a time you had to deliver a program with a hard deadline \
                     and not enough people. What did you cut, and how did you decide?",
                    2700,
                ),
                prompt(
                    0,
                    0,
                    true,
                    "What would you do differently if the deadline moved up by a month?",
                    2400,
                ),
                prompt(1, 0, false, "Walk me through a system you designed.", 2700),
            ])
        }

        fn app(&self) -> App {
            let current = self.current().expect("a prompt");
            let info = self.interview(current.interview);
            App::new(Prompt { current, info }, "", 0)
        }
    }

    impl Interviewer for Fake {
        fn current(&self) -> Option<Current> {
            self.prompts.get(self.at).cloned()
        }

        fn interview(&self, i: usize) -> InterviewInfo {
            let bar_raiser = i == 1;
            InterviewInfo {
                index: i,
                count: 5,
                title: if bar_raiser {
                    "Bar raiser".to_string()
                } else {
                    "Hiring manager".to_string()
                },
                role: if bar_raiser {
                    "bar-raiser".to_string()
                } else {
                    "hiring-manager".to_string()
                },
                bar_raiser,
                seconds: 2700,
                focus: "Whether you own outcomes end to end, and how you trade scope against \
                        time when the plan stops fitting."
                    .to_string(),
                asked: 1,
                planned: 3,
            }
        }

        fn submit(&mut self, text: &str, seconds: u32, story: Option<i64>) -> Result<()> {
            if self.fail_submit {
                anyhow::bail!("the database is locked");
            }
            self.submits.push((text.to_string(), seconds, story));
            self.at += 1;
            Ok(())
        }

        fn save_draft(&mut self, text: &str, seconds: u32) -> Result<()> {
            if self.fail_draft {
                anyhow::bail!("disk full");
            }
            self.drafts.push((text.to_string(), seconds));
            Ok(())
        }
    }

    fn render(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
        terminal.draw(|f| view(app, f)).expect("draw");
        terminal
    }

    fn screen_text(terminal: &Terminal<TestBackend>) -> String {
        terminal.backend().to_string()
    }

    // ---- editor ----

    #[test]
    fn editor_inserts_and_backspaces_across_lines() {
        let mut e = Editor::new();
        for c in "ab".chars() {
            e.insert_char(c);
        }
        e.newline();
        e.insert_char('c');
        assert_eq!(e.text(), "ab\nc");
        assert_eq!((e.row, e.col), (1, 1));
        assert!(e.backspace());
        assert!(e.backspace(), "joins the lines");
        assert_eq!(e.text(), "ab");
        assert_eq!((e.row, e.col), (0, 2));
        e.home();
        assert!(!e.backspace(), "nothing before the start");
        assert!(e.delete());
        assert_eq!(e.text(), "b");
        e.end();
        e.newline();
        e.insert_char('x');
        e.up(80);
        e.end();
        assert!(e.delete(), "delete at a line end joins the next line");
        assert_eq!(e.text(), "bx");
        assert_eq!((e.row, e.col), (0, 1));
        e.end();
        assert!(!e.delete(), "nothing after the end");
    }

    #[test]
    fn editor_arrows_cross_line_ends_and_keep_the_column() {
        let mut e = Editor::from_text("first line\nab\nthird line");
        assert_eq!((e.row, e.col), (2, 10));
        e.up(80);
        assert_eq!((e.row, e.col), (1, 2), "column clamps to a short line");
        e.up(80);
        assert_eq!((e.row, e.col), (0, 2));
        e.up(80);
        assert_eq!(
            (e.row, e.col),
            (0, 0),
            "up on the first row goes to its start"
        );
        e.left();
        assert_eq!((e.row, e.col), (0, 0));
        e.end();
        e.right();
        assert_eq!(
            (e.row, e.col),
            (1, 0),
            "right at a line end goes to the next line"
        );
        e.left();
        assert_eq!(
            (e.row, e.col),
            (0, 10),
            "left at a line start goes to the previous end"
        );
        e.down(80);
        e.down(80);
        e.down(80);
        assert_eq!(
            (e.row, e.col),
            (2, 10),
            "down on the last row goes to its end"
        );
        e.start_of_text();
        assert_eq!((e.row, e.col), (0, 0));
        e.end_of_text();
        assert_eq!((e.row, e.col), (2, 10));
    }

    #[test]
    fn editor_handles_unicode_by_character() {
        let mut e = Editor::new();
        e.insert_str("naïve 👍");
        assert_eq!(e.col, 7, "seven characters, not bytes");
        assert!(e.backspace());
        assert_eq!(e.text(), "naïve ");
        e.insert_char('🎉');
        e.left();
        e.left();
        e.left();
        e.left();
        // Four lefts from the end (col 7) land just after the 'ï': "naï|ve 🎉".
        assert_eq!(e.col, 3);
        assert!(e.backspace(), "removes the 'ï'");
        assert_eq!(e.text(), "nave 🎉");
        e.insert_char('é');
        assert_eq!(e.text(), "naéve 🎉");
        e.end();
        let rows = e.rows(80);
        assert_eq!(
            e.cursor_at(&rows, 80),
            (0, 8),
            "the emoji takes two columns"
        );
        assert_eq!(char_slice("naïve 👍", 2, 5), "ïve");
    }

    #[test]
    fn editor_steps_and_deletes_whole_graphemes() {
        // "é" as e + combining acute (two chars), a flag (two regional indicators), a family
        // (four people joined by zero-width joiners: seven chars).
        let text = "cafe\u{301} 🇫🇷 👨\u{200d}👩\u{200d}👧\u{200d}👦!";
        let mut e = Editor::from_text(text);
        e.end();
        e.left(); // before "!"
        e.left(); // before the family, in one step
        assert_eq!(e.col, text.chars().count() - 1 - 7);
        assert!(e.delete(), "deletes the whole family");
        assert_eq!(e.text(), "cafe\u{301} 🇫🇷 !");
        e.left(); // before " !"... the space
        e.left(); // before the flag
        assert!(e.delete());
        assert_eq!(e.text(), "cafe\u{301}  !");
        e.home();
        e.right();
        e.right();
        e.right();
        e.right(); // past "caf" and the accented e, in four steps
        assert_eq!(e.col, 5);
        assert!(e.backspace(), "removes e and its accent together");
        assert_eq!(e.text(), "caf  !");
        assert_eq!(grapheme_stops("ab"), [0, 1, 2]);
        assert_eq!(grapheme_stops(""), [0]);
    }

    #[test]
    fn editor_paste_inserts_multiline_text_in_the_middle() {
        let mut e = Editor::from_text("Start end");
        e.home();
        for _ in 0..6 {
            e.right();
        }
        e.insert_str("one\r\ntwo\rthree\tand\u{7} ");
        assert_eq!(e.text(), "Start one\ntwo\nthree    and end");
        assert_eq!((e.row, e.col), (2, 13), "cursor after the pasted text");
        e.insert_str("");
        assert_eq!(e.text(), "Start one\ntwo\nthree    and end");
        e.insert_str("x");
        assert_eq!(e.lines[2], "three    and xend");
    }

    #[test]
    fn editor_cursor_stays_in_bounds_under_many_keys() {
        let mut e = Editor::from_text("héllo wörld\n\nsecond 👍 line that is rather long indeed");
        let mut seed: u64 = 7;
        for _ in 0..5000 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            match (seed >> 33) % 12 {
                0 => e.insert_char('ü'),
                1 => e.newline(),
                2 => {
                    e.backspace();
                }
                3 => {
                    e.delete();
                }
                4 => e.left(),
                5 => e.right(),
                6 => e.up(9),
                7 => e.down(9),
                8 => e.home(),
                9 => e.end(),
                10 => e.insert_str("a b\nc 👍"),
                _ => e.insert_char(' '),
            }
            e.keep_visible(9, 4);
            assert!(!e.lines.is_empty());
            assert!(e.row < e.lines.len(), "row {} of {}", e.row, e.lines.len());
            assert!(e.col <= e.line_len(e.row), "col {} past the line", e.col);
            let rows = e.rows(9);
            let (at, x) = e.cursor_at(&rows, 9);
            assert!(x < 9, "cursor column {x} outside the box");
            assert!(
                at >= e.scroll && at < e.scroll + 4,
                "cursor row {at} not visible from {}",
                e.scroll
            );
        }
    }

    #[test]
    fn wrapping_breaks_after_spaces_and_keeps_room_for_the_cursor() {
        assert_eq!(wrap_line("hello world", 8), vec![(0, 6), (6, 11)]);
        assert_eq!(
            wrap_line("abcdefghij", 4),
            vec![(0, 4), (4, 8), (8, 10)],
            "a long word breaks anywhere"
        );
        assert_eq!(
            wrap_line("abcd", 4),
            vec![(0, 4), (4, 4)],
            "a full row gets an empty row after it"
        );
        assert_eq!(wrap_line("", 4), vec![(0, 0)]);
        assert_eq!(wrap_line("👍👍👍", 5), vec![(0, 2), (2, 3)]);
        let mut e = Editor::from_text("hello world");
        let rows = e.rows(8);
        assert_eq!(e.cursor_at(&rows, 8), (1, 5));
        e.up(8);
        assert_eq!((e.row, e.col), (0, 5), "up moves by wrapped rows");
        e.down(8);
        assert_eq!((e.row, e.col), (0, 11));
    }

    #[test]
    fn editor_scrolls_to_keep_the_cursor_visible() {
        let mut e = Editor::from_text("1\n2\n3\n4\n5\n6\n7\n8");
        e.keep_visible(10, 3);
        assert_eq!(e.scroll, 5, "the last three rows show the cursor");
        e.start_of_text();
        e.keep_visible(10, 3);
        assert_eq!(e.scroll, 0);
        e.down(10);
        e.down(10);
        e.keep_visible(10, 3);
        assert_eq!(e.scroll, 0, "no scrolling while the cursor is visible");
        e.down(10);
        e.keep_visible(10, 3);
        assert_eq!(e.scroll, 1);
    }

    #[test]
    fn word_count_counts_words_across_lines() {
        assert_eq!(Editor::new().word_count(), 0);
        assert_eq!(Editor::from_text("  one two\n\nthree  ").word_count(), 3);
        assert!(Editor::from_text(" \n\t ").is_blank());
    }

    // ---- the state machine with a fake mock ----

    #[test]
    fn ctrl_s_submits_text_seconds_and_story_then_clears() {
        let mut mock = Fake::standard();
        let mut app = mock.app();
        type_text(&mut app, &mut mock, "We cut scope.");
        assert_eq!(step(&mut app, &mut mock, ctrl('t')), None);
        assert!(app.story_input.is_some());
        for c in ['1', 'x', '2'] {
            step(&mut app, &mut mock, key(KeyCode::Char(c)));
        }
        step(&mut app, &mut mock, key(KeyCode::Enter));
        assert_eq!(app.story_input, None);
        assert_eq!(app.story, Some(12));
        assert_eq!(step(&mut app, &mut mock, Msg::Tick(42)), None);
        assert_eq!(step(&mut app, &mut mock, ctrl('s')), None);
        assert_eq!(
            mock.submits,
            vec![("We cut scope.".to_string(), 42, Some(12))]
        );
        assert_eq!(app.editor.text(), "");
        assert_eq!(app.story, None, "the story tag is for one answer");
        assert_eq!(app.elapsed(), 0, "the prompt timer starts again");
        assert!(app.prompt.current.follow_up);
        assert_eq!(app.seconds_left(), 2400);
        step(&mut app, &mut mock, Msg::Tick(50));
        assert_eq!(app.elapsed(), 8);
        type_text(&mut app, &mut mock, "Earlier cuts.");
        step(&mut app, &mut mock, ctrl('s'));
        assert_eq!(mock.submits[1], ("Earlier cuts.".to_string(), 8, None));
        assert_eq!(app.prompt.info.title, "Bar raiser");
    }

    #[test]
    fn failing_submit_keeps_the_text_and_shows_the_error() {
        let mut mock = Fake::standard();
        mock.fail_submit = true;
        let mut app = mock.app();
        type_text(&mut app, &mut mock, "Line one\nLine two");
        assert_eq!(step(&mut app, &mut mock, ctrl('s')), None);
        assert_eq!(app.editor.text(), "Line one\nLine two");
        assert!(!app.prompt.current.follow_up, "still on the same prompt");
        let (kind, text) = app.status.clone().expect("a status");
        assert_eq!(kind, StatusKind::Error);
        assert!(text.contains("the database is locked"), "{text}");
        let screen = screen_text(&render(&app, 100, 30));
        assert!(screen.contains("the database is locked"), "{screen}");
        mock.fail_submit = false;
        step(&mut app, &mut mock, ctrl('s'));
        assert_eq!(mock.submits.len(), 1, "the retry goes through");
    }

    #[test]
    fn an_empty_answer_skips_only_on_a_second_ctrl_s_in_a_row() {
        let mut mock = Fake::standard();
        let mut app = mock.app();
        type_text(&mut app, &mut mock, "  \n ");
        step(&mut app, &mut mock, ctrl('s'));
        assert!(mock.submits.is_empty(), "one Ctrl-S on nothing only asks");
        let (_, text) = app.status.clone().expect("a status");
        assert!(text.contains("Ctrl-S again skips"), "{text}");
        // Any other key in between disarms it.
        type_text(&mut app, &mut mock, " ");
        step(&mut app, &mut mock, ctrl('s'));
        assert!(mock.submits.is_empty(), "the skip was disarmed by typing");
        step(&mut app, &mut mock, ctrl('s'));
        assert_eq!(mock.submits.len(), 1, "the second Ctrl-S in a row skips");
        assert!(mock.submits[0].0.trim().is_empty());
    }

    #[test]
    fn pausing_saves_the_draft_first() {
        for pause_key in [ctrl('p'), key(KeyCode::Esc)] {
            let mut mock = Fake::standard();
            let mut app = mock.app();
            type_text(&mut app, &mut mock, "half an answer");
            step(&mut app, &mut mock, Msg::Tick(2));
            assert!(mock.drafts.is_empty(), "too early for a timed draft");
            assert_eq!(step(&mut app, &mut mock, pause_key), Some(Outcome::Paused));
            assert_eq!(mock.drafts, vec![("half an answer".to_string(), 2)]);
            assert!(mock.submits.is_empty());
        }
    }

    #[test]
    fn a_failed_draft_on_pause_stays_until_asked_again() {
        let mut mock = Fake::standard();
        mock.fail_draft = true;
        let mut app = mock.app();
        type_text(&mut app, &mut mock, "keep me");
        assert_eq!(step(&mut app, &mut mock, ctrl('p')), None, "does not leave");
        assert_eq!(app.editor.text(), "keep me");
        assert!(matches!(&app.status, Some((StatusKind::Error, t)) if t.contains("disk full")));
        assert_eq!(
            step(&mut app, &mut mock, ctrl('p')),
            Some(Outcome::Paused),
            "the second pause leaves anyway"
        );
    }

    #[test]
    fn drafts_are_saved_at_most_every_three_seconds_while_the_text_changes() {
        let mut mock = Fake::standard();
        let mut app = mock.app();
        step(&mut app, &mut mock, Msg::Tick(5));
        assert!(mock.drafts.is_empty(), "nothing typed, nothing saved");
        type_text(&mut app, &mut mock, "a");
        step(&mut app, &mut mock, Msg::Tick(5));
        assert_eq!(mock.drafts, vec![("a".to_string(), 5)]);
        type_text(&mut app, &mut mock, "b");
        step(&mut app, &mut mock, Msg::Tick(6));
        step(&mut app, &mut mock, Msg::Tick(7));
        assert_eq!(mock.drafts.len(), 1, "throttled");
        step(&mut app, &mut mock, Msg::Tick(8));
        assert_eq!(mock.drafts.len(), 2);
        assert_eq!(mock.drafts[1], ("ab".to_string(), 8));
        step(&mut app, &mut mock, Msg::Tick(20));
        assert_eq!(mock.drafts.len(), 2, "unchanged text is not saved again");
        step(&mut app, &mut mock, key(KeyCode::Left));
        step(&mut app, &mut mock, Msg::Tick(30));
        assert_eq!(mock.drafts.len(), 2, "moving the cursor changes nothing");
    }

    #[test]
    fn a_failed_draft_is_retried_and_shown() {
        let mut mock = Fake::standard();
        mock.fail_draft = true;
        let mut app = mock.app();
        type_text(&mut app, &mut mock, "x");
        step(&mut app, &mut mock, Msg::Tick(3));
        assert!(matches!(app.status, Some((StatusKind::DraftError, _))));
        mock.fail_draft = false;
        step(&mut app, &mut mock, Msg::Tick(4));
        assert!(mock.drafts.is_empty(), "still throttled");
        step(&mut app, &mut mock, Msg::Tick(6));
        assert_eq!(mock.drafts, vec![("x".to_string(), 6)]);
        assert_eq!(app.status, None, "the draft error clears");
    }

    #[test]
    fn finishing_returns_the_finish_action_and_outcome() {
        let mut mock = Fake::new(vec![prompt(0, 0, false, "Only question.", 600)]);
        let mut app = mock.app();
        assert_eq!(
            update(&mut app, Msg::Submitted(Ok(None))),
            Some(Action::Finish)
        );
        type_text(&mut app, &mut mock, "Done.");
        assert_eq!(
            step(&mut app, &mut mock, ctrl('s')),
            Some(Outcome::Finished)
        );
        assert_eq!(mock.submits.len(), 1);
    }

    #[test]
    fn a_restored_draft_keeps_its_text_and_seconds() {
        let mock = Fake::standard();
        let current = mock.current().expect("a prompt");
        let info = mock.interview(0);
        let mut app = App::new(Prompt { current, info }, "I started with", 90);
        assert_eq!(app.editor.text(), "I started with");
        assert_eq!(app.elapsed(), 90);
        assert_eq!(app.seconds_left(), 2700 - 90);
        update(&mut app, Msg::Tick(10));
        assert_eq!(app.elapsed(), 100);
        assert!(!app.dirty, "a restored draft is already saved");
    }

    #[test]
    fn countdown_saturates_and_changes_colour() {
        assert_eq!(countdown(300, 100), 200);
        assert_eq!(countdown(100, 300), 0);
        assert_eq!(countdown_text(0), "time is up");
        assert_eq!(countdown_text(61), "01:01 left");
        assert_eq!(countdown_text(3725), "62:05 left");
        assert_eq!(countdown_style(120).fg, None);
        assert_eq!(countdown_style(119).fg, Some(Color::Yellow));
        assert_eq!(countdown_style(1).fg, Some(Color::Yellow));
        assert_eq!(countdown_style(0).fg, Some(Color::Red));
    }

    #[test]
    fn the_countdown_on_screen_turns_red_and_submit_still_works() {
        let mut mock = Fake::new(vec![
            prompt(0, 0, false, "Short on time.", 130),
            prompt(0, 1, false, "Next.", 0),
        ]);
        let mut app = mock.app();
        let find = |terminal: &Terminal<TestBackend>, word: &str| {
            let buffer = terminal.backend().buffer();
            let text = screen_text(terminal);
            let (y, line) = text
                .lines()
                .enumerate()
                .find(|(_, l)| l.contains(word))
                .expect("the countdown is on screen");
            let col = line[1..line.find(word).expect("word")].chars().count();
            buffer[(
                u16::try_from(col).expect("col"),
                u16::try_from(y).expect("row"),
            )]
                .style()
                .fg
        };
        let t = render(&app, 80, 24);
        assert_eq!(find(&t, "02:10 left"), Some(Color::Reset));
        step(&mut app, &mut mock, Msg::Tick(20));
        assert_eq!(
            find(&render(&app, 80, 24), "01:50 left"),
            Some(Color::Yellow)
        );
        step(&mut app, &mut mock, Msg::Tick(200));
        assert_eq!(find(&render(&app, 80, 24), "time is up"), Some(Color::Red));
        type_text(&mut app, &mut mock, "late answer");
        step(&mut app, &mut mock, ctrl('s'));
        assert_eq!(mock.submits, vec![("late answer".to_string(), 200, None)]);
    }

    #[test]
    fn the_story_box_takes_digits_only_and_esc_cancels() {
        let mut mock = Fake::standard();
        let mut app = mock.app();
        step(&mut app, &mut mock, ctrl('t'));
        step(&mut app, &mut mock, Msg::Paste("4a2".to_string()));
        step(&mut app, &mut mock, key(KeyCode::Char('-')));
        assert_eq!(app.story_input.as_deref(), Some("42"));
        assert_eq!(
            app.editor.text(),
            "",
            "keys go to the story box, not the answer"
        );
        assert_eq!(
            step(&mut app, &mut mock, key(KeyCode::Esc)),
            None,
            "Esc closes the box and does not pause"
        );
        assert_eq!(app.story, None);
        step(&mut app, &mut mock, ctrl('t'));
        for _ in 0..30 {
            step(&mut app, &mut mock, key(KeyCode::Char('9')));
        }
        step(&mut app, &mut mock, key(KeyCode::Enter));
        assert_eq!(app.story, Some(999_999_999_999_999_999), "capped to fit");
        step(&mut app, &mut mock, ctrl('t'));
        assert_eq!(app.story_input.as_deref(), Some("999999999999999999"));
        for _ in 0..18 {
            step(&mut app, &mut mock, key(KeyCode::Backspace));
        }
        step(&mut app, &mut mock, key(KeyCode::Enter));
        assert_eq!(app.story, None, "empty clears the tag");
    }

    #[test]
    fn paste_and_release_events() {
        let mut mock = Fake::standard();
        let mut app = mock.app();
        step(
            &mut app,
            &mut mock,
            Msg::Paste("line 1\r\nline 2".to_string()),
        );
        assert_eq!(app.editor.text(), "line 1\nline 2");
        assert!(app.dirty);
        let mut release = KeyEvent::new(KeyCode::Char('z'), KeyModifiers::NONE);
        release.kind = KeyEventKind::Release;
        step(&mut app, &mut mock, Msg::Key(release));
        assert_eq!(app.editor.text(), "line 1\nline 2");
        step(
            &mut app,
            &mut mock,
            Msg::Key(KeyEvent::new(KeyCode::Char('Z'), KeyModifiers::SHIFT)),
        );
        assert_eq!(app.editor.text(), "line 1\nline 2Z");
    }

    // ---- the screen ----

    #[test]
    fn snapshot_first_question_80x24() {
        let mut mock = Fake::standard();
        let mut app = mock.app();
        step(&mut app, &mut mock, Msg::Resize(80, 24));
        let terminal = render(&app, 80, 24);
        insta::assert_snapshot!("first_question_80x24", screen_text(&terminal));
    }

    #[test]
    fn snapshot_follow_up_with_answer_100x30() {
        let standard = Fake::standard();
        let mut mock = Fake::new(
            standard.prompts[..2]
                .iter()
                .map(|p| Current {
                    interview: 1,
                    ..p.clone()
                })
                .collect(),
        );
        let mut app = mock.app();
        step(&mut app, &mut mock, Msg::Resize(100, 30));
        type_text(&mut app, &mut mock, "We shipped.");
        step(&mut app, &mut mock, Msg::Tick(300));
        step(&mut app, &mut mock, ctrl('s'));
        step(&mut app, &mut mock, ctrl('t'));
        for c in "12".chars() {
            step(&mut app, &mut mock, key(KeyCode::Char(c)));
        }
        step(&mut app, &mut mock, key(KeyCode::Enter));
        step(&mut app, &mut mock, Msg::Tick(395));
        type_text(
            &mut app,
            &mut mock,
            "I would pull the launch review forward and cut the reporting work first: \
             nobody outside the team depended on it, and it freed two engineers for a month.\n\
             Then I would tell the stakeholders the same day — naïve optimism helps nobody 👍",
        );
        let mut terminal = render(&app, 100, 30);
        insta::assert_snapshot!("follow_up_with_answer_100x30", screen_text(&terminal));
        let text = screen_text(&terminal);
        assert!(text.contains("telling story #12"), "{text}");
        assert!(text.contains("43 words"), "{text}");
        assert!(text.contains("38:25 left"), "{text}");
        assert!(text.contains("01:35"), "{text}");
        // The cursor sits right after the last character typed.
        let (y, line) = text
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains("nobody 👍"))
            .expect("the end of the answer is visible");
        let before = &line[1..line.find("nobody 👍").expect("found")];
        let x = Span::raw(before).width() + "nobody 👍".chars().map(char_width).sum::<usize>();
        terminal
            .backend_mut()
            .assert_cursor_position((u16::try_from(x).expect("x"), u16::try_from(y).expect("y")));
    }

    #[test]
    fn snapshot_story_input_open() {
        let mut mock = Fake::standard();
        let mut app = mock.app();
        step(&mut app, &mut mock, Msg::Resize(80, 24));
        type_text(&mut app, &mut mock, "The program was late.");
        step(&mut app, &mut mock, ctrl('t'));
        step(&mut app, &mut mock, key(KeyCode::Char('7')));
        let terminal = render(&app, 80, 24);
        insta::assert_snapshot!("story_input_open", screen_text(&terminal));
    }

    #[test]
    fn a_long_answer_scrolls_and_the_cursor_stays_on_screen() {
        let mut mock = Fake::standard();
        let mut app = mock.app();
        step(&mut app, &mut mock, Msg::Resize(80, 24));
        let long: String = (1..=60).map(|i| format!("line {i}\n")).collect();
        step(&mut app, &mut mock, Msg::Paste(long));
        type_text(&mut app, &mut mock, "the end");
        let mut terminal = render(&app, 80, 24);
        let text = screen_text(&terminal);
        assert!(!text.contains("line 1 "), "the top scrolled away: {text}");
        let (y, line) = text
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains("the end"))
            .expect("the cursor's line is visible");
        let x = line[1..line.find("the end").expect("found")]
            .chars()
            .count()
            + "the end".len();
        terminal
            .backend_mut()
            .assert_cursor_position((u16::try_from(x).expect("x"), u16::try_from(y).expect("y")));
    }

    #[test]
    fn a_tiny_terminal_does_not_panic() {
        let mut mock = Fake::standard();
        let mut app = mock.app();
        for (w, h) in [(1, 1), (10, 4), (20, 8), (30, 12)] {
            step(&mut app, &mut mock, Msg::Resize(w, h));
            type_text(&mut app, &mut mock, "a few words 👍\n");
            step(&mut app, &mut mock, key(KeyCode::Up));
            render(&app, w, h);
            step(&mut app, &mut mock, ctrl('t'));
            render(&app, w, h);
            step(&mut app, &mut mock, key(KeyCode::Esc));
        }
    }
}
