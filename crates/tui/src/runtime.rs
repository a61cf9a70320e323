//! The thin loop around [`update`] and [`view`]: it owns the terminal (raw mode, alternate screen,
//! bracketed paste, restored on every exit path), reads terminal events, measures time with
//! [`Instant`] and hands every action to a worker thread that owns the [`Interviewer`].
//!
//! The worker is what keeps typing off the database's path: a draft is sent to it and the loop
//! goes straight back to the keyboard. Drafts waiting behind a newer draft, a submit or a pause
//! are dropped unsaved (the newer one carries the text), so a burst of keys costs one write. A
//! submit or a pause waits for its answer, as the candidate expects it to ("saved before the next
//! prompt"); the worker's queue is in order, so an older draft never lands after either.

use std::collections::VecDeque;
use std::io::{self, Stdout};
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

use crate::app::{Action, App, Effect, Msg, Prompt, perform, update};
use crate::interviewer::Interviewer;
use crate::view::view;
use crate::{Error, Options, Outcome};

/// How often the clock is redrawn when nothing happens.
const TICK: Duration = Duration::from_millis(250);
/// How long leaving after an error waits for the last draft to be saved.
const LAST_DRAFT_WAIT: Duration = Duration::from_secs(5);

/// Runs the screen until the mock is finished or the user pauses. `draft` and `draft_seconds`
/// restore an unsent answer (after a resume). Restores the terminal on every exit path, including
/// errors and panics.
pub fn run<I>(
    mock: &mut I,
    draft: String,
    draft_seconds: u32,
    options: Options,
) -> Result<Outcome, Error>
where
    I: Interviewer + Send + ?Sized,
{
    let Some(current) = mock.current() else {
        return Ok(Outcome::Finished);
    };
    let info = mock.interview(current.interview);
    let mut app = App::new(Prompt { current, info }, &draft, draft_seconds);
    app.color = options.color;

    let guard = TerminalGuard::enter()?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))
        .map_err(|e| Error::terminal("cannot start the screen", e))?;
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        std::thread::scope(|scope| {
            let (jobs, inbox) = mpsc::channel();
            let (outbox, results) = mpsc::channel();
            scope.spawn(move || work(mock, &inbox, &outbox));
            let mut worker = Worker { jobs, results };
            let result = event_loop(&mut terminal, &mut app, &mut worker);
            if result.is_err() && !app.editor.is_blank() {
                // Keep what was typed before leaving (best effort; the error is the one worth
                // reporting).
                worker.last_draft(&app);
            }
            result
        })
    }));
    drop(terminal);
    drop(guard);
    match result {
        Ok(result) => result,
        Err(panic) => panic::resume_unwind(panic),
    }
}

/// A job for the worker: an action, and whether the loop waits for its answer.
struct Job {
    action: Action,
    awaited: bool,
}

/// The worker's answer to a job.
struct Done {
    effect: Effect,
    awaited: bool,
}

/// The worker: takes jobs in order, drops drafts a later job makes pointless, performs the rest
/// on the mock and sends back what came of them. Ends when the loop hangs up.
fn work<I>(mock: &mut I, inbox: &Receiver<Job>, outbox: &Sender<Done>)
where
    I: Interviewer + ?Sized,
{
    let mut queue = Vec::new();
    while let Ok(job) = inbox.recv() {
        queue.push(job);
        queue.extend(inbox.try_iter());
        let last = queue.len() - 1;
        for (i, job) in queue.drain(..).enumerate() {
            if i < last && !job.awaited && matches!(job.action, Action::SaveDraft { .. }) {
                continue;
            }
            let done = Done {
                effect: perform(mock, job.action),
                awaited: job.awaited,
            };
            if outbox.send(done).is_err() {
                return;
            }
        }
    }
}

/// The loop's end of the worker.
struct Worker {
    jobs: Sender<Job>,
    results: Receiver<Done>,
}

impl Worker {
    fn send(&self, action: Action, awaited: bool) -> Result<(), Error> {
        self.jobs
            .send(Job { action, awaited })
            .map_err(|_| Error::WorkerGone)
    }

    /// After an error: saves the draft and waits (a while) for it.
    fn last_draft(&mut self, app: &App) {
        let pause = Action::Pause {
            text: app.editor.text(),
            seconds: app.elapsed(),
            force: true,
        };
        if self.send(pause, true).is_err() {
            return;
        }
        let until = Instant::now() + LAST_DRAFT_WAIT;
        while let Some(left) = until.checked_duration_since(Instant::now()) {
            match self.results.recv_timeout(left) {
                Ok(done) if done.awaited => return,
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return,
            }
        }
    }
}

/// Feeds `msg` to `update` and hands the actions that follow to the worker: drafts without
/// waiting, submits, pauses and story checks waiting for their answer (and taking in what else the worker says
/// meanwhile).
fn step(app: &mut App, worker: &mut Worker, msg: Msg) -> Result<Option<Outcome>, Error> {
    let mut actions: VecDeque<Action> = update(app, msg).into_iter().collect();
    while let Some(action) = actions.pop_front() {
        match action {
            Action::Finish => return Ok(Some(Outcome::Finished)),
            Action::SaveDraft { .. } => worker.send(action, false)?,
            Action::Submit { .. } | Action::Pause { .. } | Action::CheckStory(_) => {
                worker.send(action, true)?;
                loop {
                    let done = worker.results.recv().map_err(|_| Error::WorkerGone)?;
                    match done.effect {
                        Effect::Exit(outcome) => return Ok(Some(outcome)),
                        Effect::Next(msg) => actions.extend(msg.and_then(|msg| update(app, msg))),
                    }
                    if done.awaited {
                        break;
                    }
                }
            }
        }
    }
    Ok(None)
}

/// Takes in what the worker said since the last look (results of drafts).
fn drain(app: &mut App, worker: &mut Worker) -> Result<Option<Outcome>, Error> {
    while let Ok(done) = worker.results.try_recv() {
        match done.effect {
            Effect::Exit(outcome) => return Ok(Some(outcome)),
            Effect::Next(Some(msg)) => {
                if let Some(outcome) = step(app, worker, msg)? {
                    return Ok(Some(outcome));
                }
            }
            Effect::Next(None) => {}
        }
    }
    Ok(None)
}

/// Draws, reads one event (or waits until the clock or a draft is due) and updates, until the
/// screen is done.
fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
    worker: &mut Worker,
) -> Result<Outcome, Error> {
    let clock = Instant::now();
    let size = terminal
        .size()
        .map_err(|e| Error::terminal("cannot read the terminal size", e))?;
    if let Some(outcome) = step(app, worker, Msg::Resize(size.width, size.height))? {
        return Ok(outcome);
    }
    loop {
        terminal
            .draw(|frame| view(app, frame))
            .map_err(|e| Error::terminal("cannot draw the screen", e))?;
        if let Some(outcome) = drain(app, worker)? {
            return Ok(outcome);
        }
        let wait = app
            .draft_due()
            .map_or(TICK, |due| due.saturating_sub(clock.elapsed()).min(TICK));
        let keyboard = |e| Error::terminal("cannot read the keyboard", e);
        if event::poll(wait).map_err(keyboard)? {
            let msg = match event::read().map_err(keyboard)? {
                Event::Key(key) => Some(Msg::Key(key)),
                Event::Paste(text) => Some(Msg::Paste(text)),
                Event::Resize(w, h) => Some(Msg::Resize(w, h)),
                _ => None,
            };
            if let Some(msg) = msg {
                // The time first, so a change is stamped with when it happened.
                for msg in [Msg::Tick(clock.elapsed()), msg] {
                    if let Some(outcome) = step(app, worker, msg)? {
                        return Ok(outcome);
                    }
                }
            }
        }
        if let Some(outcome) = step(app, worker, Msg::Tick(clock.elapsed()))? {
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
    fn enter() -> Result<Self, Error> {
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
        enable_raw_mode()
            .map_err(|e| Error::terminal("cannot switch the terminal to raw mode", e))?;
        execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)
            .map_err(|e| Error::terminal("cannot open the full screen", e))?;
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
