//! The screen's state and its state machine: [`update`] turns one [`Msg`] (a key, a paste, a clock
//! tick, a result from the mock) into a new [`App`] and maybe an [`Action`]; [`perform`] carries an
//! action out on the [`Interviewer`]. Neither touches the terminal or the clock: time is what the
//! ticks say it is.

use std::time::Duration;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::Rect;
use tpmprep_practice::session::Current;

use crate::Outcome;
use crate::editor::Editor;
use crate::interviewer::{InterviewInfo, Interviewer};
use crate::view::answer_inner_for;

/// A change is saved once typing pauses this long...
pub(crate) const DRAFT_QUIET: Duration = Duration::from_millis(100);
/// ... and never waits longer than this while typing goes on, so every key is on disk within
/// this (plus the write) of being pressed.
pub(crate) const DRAFT_MAX_WAIT: Duration = Duration::from_millis(200);
/// After a draft failed to save, the next try waits this long.
pub(crate) const DRAFT_RETRY: Duration = Duration::from_secs(3);
/// Longest story id accepted (digits), so it always fits an `i64`.
const STORY_DIGITS: usize = 18;

/// The prompt on screen and the interviewer asking it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Prompt {
    pub(crate) current: Current,
    pub(crate) info: InterviewInfo,
}

/// Everything that can happen to the screen.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Msg {
    /// A key press.
    Key(KeyEvent),
    /// Pasted text (bracketed paste).
    Paste(String),
    /// Time since the screen opened, by the caller's clock.
    Tick(Duration),
    /// The terminal's new size.
    Resize(u16, u16),
    /// The answer was submitted; the next prompt, or `None` when the mock is over. `Err` carries
    /// the reason it was not saved.
    Submitted(Result<Option<Prompt>, String>),
    /// A draft was saved, or why not.
    DraftSaved(Result<(), String>),
    /// The draft could not be saved before pausing.
    PauseFailed(String),
    /// Whether the story id typed in the story box is in the bank.
    StoryChecked { id: i64, known: bool },
}

/// What the screen asks the loop to do.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Action {
    /// Submit the answer.
    Submit {
        text: String,
        seconds: u32,
        story: Option<i64>,
    },
    /// Keep the answer being typed. The loop does this in the background: typing never waits.
    SaveDraft { text: String, seconds: u32 },
    /// Save the draft, then leave. With `force`, leave even if the draft cannot be saved.
    Pause {
        text: String,
        seconds: u32,
        force: bool,
    },
    /// Ask whether a story id is in the bank (the answer is awaited: it is quick).
    CheckStory(i64),
    /// The mock is over.
    Finish,
}

/// What a status line message is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StatusKind {
    Info,
    Error,
    DraftError,
}

/// The screen's state.
#[derive(Debug, Clone)]
pub(crate) struct App {
    pub(crate) prompt: Prompt,
    pub(crate) editor: Editor,
    /// Story id tagged for this answer.
    pub(crate) story: Option<i64>,
    /// Digits typed in the story box, while it is open.
    pub(crate) story_input: Option<String>,
    /// Why the last id typed in the story box was refused, shown in the box.
    pub(crate) story_refused: Option<String>,
    /// Time since the screen opened.
    pub(crate) now: Duration,
    /// When (in `now` time) the current prompt was shown.
    prompt_start: Duration,
    /// Seconds spent on this prompt before the screen opened (a restored draft).
    carried: u32,
    /// Since when the answer holds a change no draft has taken yet.
    pub(crate) unsaved_since: Option<Duration>,
    /// When the answer last changed.
    last_change: Duration,
    /// No draft is tried before this (after a failed one).
    retry_at: Duration,
    pub(crate) status: Option<(StatusKind, String)>,
    /// Saving the draft failed on the last pause: the next pause leaves anyway.
    pause_failed: bool,
    /// Ctrl-S was pressed on an empty answer: pressed again next, it skips the question.
    skip_armed: bool,
    /// The interview's time ran out on this prompt and the answer was sent for it (once: a
    /// failed send waits for Ctrl-S).
    time_up_sent: bool,
    /// Terminal size, for the editor's layout.
    pub(crate) screen: Rect,
    /// Colours on screen (off under `NO_COLOR`).
    pub(crate) color: bool,
}

impl App {
    pub(crate) fn new(prompt: Prompt, draft: &str, draft_seconds: u32) -> Self {
        let editor = Editor::from_text(draft);
        let status = (!editor.is_blank()).then(|| {
            (
                StatusKind::Info,
                "Your draft is back. Carry on where you left off.".to_string(),
            )
        });
        let app = Self {
            prompt,
            editor,
            story: None,
            story_input: None,
            story_refused: None,
            now: Duration::ZERO,
            prompt_start: Duration::ZERO,
            carried: draft_seconds,
            unsaved_since: None,
            last_change: Duration::ZERO,
            retry_at: Duration::ZERO,
            status,
            pause_failed: false,
            skip_armed: false,
            time_up_sent: false,
            screen: Rect::new(0, 0, 80, 24),
            color: true,
        };
        app.fit_editor();
        app
    }

    /// Seconds spent on the current prompt.
    pub(crate) fn elapsed(&self) -> u32 {
        let on_screen = self.now.saturating_sub(self.prompt_start).as_secs();
        u32::try_from(on_screen)
            .unwrap_or(u32::MAX)
            .saturating_add(self.carried)
    }

    /// Seconds left in the interview.
    pub(crate) fn seconds_left(&self) -> u32 {
        countdown(self.prompt.current.seconds_left, self.elapsed())
    }

    /// Lays the answer out for the answer box at the current screen size.
    fn fit_editor(&self) {
        let inner = answer_inner_for(self, self.screen);
        self.editor.fit(inner.width, inner.height);
    }

    fn answer_height(&self) -> usize {
        usize::from(answer_inner_for(self, self.screen).height)
    }

    /// The answer changed just now.
    fn changed(&mut self) {
        self.last_change = self.now;
        self.unsaved_since.get_or_insert(self.now);
    }

    /// When the loop must wake up for the next draft, if one is waiting.
    pub(crate) fn draft_due(&self) -> Option<Duration> {
        let since = self.unsaved_since?;
        let due = (self.last_change + DRAFT_QUIET).min(since + DRAFT_MAX_WAIT);
        Some(due.max(self.retry_at))
    }

    fn info(&mut self, text: impl Into<String>) {
        self.status = Some((StatusKind::Info, text.into()));
    }

    fn error(&mut self, text: impl Into<String>) {
        self.status = Some((StatusKind::Error, text.into()));
    }
}

/// Seconds left in an interview that had `left` seconds when the prompt appeared, `elapsed` seconds ago.
pub(crate) fn countdown(left: u32, elapsed: u32) -> u32 {
    left.saturating_sub(elapsed)
}

/// The state machine: applies `msg` to `app` and says what the loop should do next.
pub(crate) fn update(app: &mut App, msg: Msg) -> Option<Action> {
    match msg {
        Msg::Key(key) => on_key(app, key),
        Msg::Paste(text) => {
            if let Some(input) = app.story_input.as_mut() {
                for c in text.chars() {
                    push_digit(input, c);
                }
            } else {
                app.editor.insert_str(&text);
                app.changed();
            }
            None
        }
        Msg::Tick(now) => {
            app.now = app.now.max(now);
            if !app.time_up_sent && app.seconds_left() == 0 {
                return Some(time_is_up(app));
            }
            match app.draft_due() {
                Some(due) if app.now >= due => {
                    app.unsaved_since = None;
                    Some(Action::SaveDraft {
                        text: app.editor.text(),
                        seconds: app.elapsed(),
                    })
                }
                _ => None,
            }
        }
        Msg::Resize(w, h) => {
            app.screen = Rect::new(0, 0, w, h);
            app.fit_editor();
            None
        }
        Msg::Submitted(Ok(Some(next))) => {
            let note = if app.time_up_sent {
                let sent = if app.editor.is_blank() {
                    "nothing was typed, so the question counts as unanswered"
                } else {
                    "your answer as it stood is saved and sent"
                };
                if next.current.interview == app.prompt.current.interview {
                    format!("Time is up for this interview: {sent}.")
                } else {
                    format!(
                        "Time is up for interview {}: {sent}. Next interview: {}.",
                        app.prompt.info.index + 1,
                        next.info.title
                    )
                }
            } else if next.current.follow_up {
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
            app.story_refused = None;
            app.prompt_start = app.now;
            app.carried = 0;
            app.unsaved_since = None;
            app.retry_at = Duration::ZERO;
            app.pause_failed = false;
            app.skip_armed = false;
            app.time_up_sent = false;
            app.info(note);
            app.fit_editor();
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
            app.unsaved_since.get_or_insert(app.now);
            app.retry_at = app.now + DRAFT_RETRY;
            app.status = Some((
                StatusKind::DraftError,
                format!("Draft not saved: {e}. Will try again."),
            ));
            None
        }
        Msg::StoryChecked { id, known: true } => {
            app.story_input = None;
            app.story_refused = None;
            app.story = Some(id);
            app.info(format!("This answer tells story #{id}."));
            None
        }
        Msg::StoryChecked { id, known: false } => {
            let refusal = format!("No story `{id}` in your bank; see `tpmprep story list`.");
            if let Some(input) = app.story_input.as_mut() {
                // The box stays open, empty, for another try; the tag stays as it was.
                input.clear();
                app.story_refused = Some(refusal);
            } else {
                app.error(refusal);
            }
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
        return on_story_key(app, key);
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    // Only a second Ctrl-S in a row skips a question.
    if !(ctrl && !alt && matches!(key.code, KeyCode::Char('s' | 'S'))) {
        app.skip_armed = false;
    }
    // A plain key types; so does AltGr, which arrives as Ctrl+Alt on some systems.
    let typed = ctrl == alt;
    let editor = &mut app.editor;
    let changed = match key.code {
        KeyCode::Char(c) if ctrl && !alt => {
            return match c.to_ascii_lowercase() {
                's' => submit(app),
                'p' | 'c' => Some(pause(app)),
                't' => {
                    // Empty each time: what is typed is a whole new id.
                    app.story_input = Some(String::new());
                    app.story_refused = None;
                    None
                }
                _ => None,
            };
        }
        KeyCode::Esc => return Some(pause(app)),
        KeyCode::Char(c) if typed => {
            editor.insert_char(c);
            true
        }
        KeyCode::Tab => {
            editor.insert_char('\t');
            true
        }
        KeyCode::Enter => {
            editor.newline();
            true
        }
        KeyCode::Backspace => editor.backspace(),
        KeyCode::Delete => editor.delete(),
        KeyCode::Left => {
            editor.left();
            false
        }
        KeyCode::Right => {
            editor.right();
            false
        }
        KeyCode::Up => {
            editor.up();
            false
        }
        KeyCode::Down => {
            editor.down();
            false
        }
        KeyCode::PageUp | KeyCode::PageDown => {
            for _ in 0..app.answer_height().max(1) {
                if key.code == KeyCode::PageUp {
                    app.editor.up();
                } else {
                    app.editor.down();
                }
            }
            false
        }
        KeyCode::Home if ctrl => {
            editor.start_of_text();
            false
        }
        KeyCode::End if ctrl => {
            editor.end_of_text();
            false
        }
        KeyCode::Home => {
            editor.home();
            false
        }
        KeyCode::End => {
            editor.end();
            false
        }
        _ => return None,
    };
    if changed {
        app.changed();
    }
    None
}

/// Adds `c` to a story id being typed if it is a digit and the id has room for it.
fn push_digit(input: &mut String, c: char) {
    if c.is_ascii_digit() && input.len() < STORY_DIGITS {
        input.push(c);
    }
}

fn on_story_key(app: &mut App, key: KeyEvent) -> Option<Action> {
    let input = app.story_input.as_mut()?;
    match key.code {
        KeyCode::Char(c) if c.is_ascii_digit() => push_digit(input, c),
        KeyCode::Char(_) => app.info("Story ids are digits only."),
        KeyCode::Backspace => {
            input.pop();
        }
        KeyCode::Enter => {
            if input.is_empty() {
                app.story_input = None;
                app.story_refused = None;
                app.story = None;
                app.info("No story tagged.");
            } else if let Ok(id) = input.parse::<i64>() {
                // The box stays open until the bank says whether it holds this story.
                return Some(Action::CheckStory(id));
            }
        }
        KeyCode::Esc => {
            app.story_input = None;
            app.story_refused = None;
        }
        _ => {}
    }
    None
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

/// The interview's time ran out: as an interviewer would, take the answer as it stands (the story
/// tagged so far with it) and move on.
fn time_is_up(app: &mut App) -> Action {
    app.time_up_sent = true;
    app.story_input = None;
    app.story_refused = None;
    app.skip_armed = false;
    app.info("Time is up for this interview: sending your answer as it stands.");
    Action::Submit {
        text: app.editor.text(),
        seconds: app.elapsed(),
        story: app.story,
    }
}

fn pause(app: &App) -> Action {
    Action::Pause {
        text: app.editor.text(),
        seconds: app.elapsed(),
        force: app.pause_failed,
    }
}

/// What performing an action led to.
#[derive(Debug)]
pub(crate) enum Effect {
    /// Keep going, with this message for `update` if any.
    Next(Option<Msg>),
    /// The screen is done.
    Exit(Outcome),
}

/// Performs one action on the mock (on the loop's worker thread; directly in tests).
pub(crate) fn perform<I: Interviewer + ?Sized>(mock: &mut I, action: Action) -> Effect {
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
        Action::CheckStory(id) => Effect::Next(Some(Msg::StoryChecked {
            id,
            known: mock.knows_story(id),
        })),
        Action::Finish => Effect::Exit(Outcome::Finished),
    }
}

/// Feeds `msg` to `update` and performs the actions that follow at once, until there are none:
/// the loop without a terminal or a worker thread, for tests.
#[cfg(test)]
pub(crate) fn step<I: Interviewer + ?Sized>(
    app: &mut App,
    mock: &mut I,
    msg: Msg,
) -> Option<Outcome> {
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
