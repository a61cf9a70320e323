//! `tpmprep mock ...`: timed mock interviews in the terminal. The engine (`practice`) decides what is
//! asked; this module measures time, reads answers (keyboard, `--answers` file or the TUI), saves every
//! answer the moment it is given, and prints the debrief.
//!
//! Nothing is lost: each answer is one row written before the next prompt appears, the answer being
//! typed is kept as a draft line by line, and `mock resume` replays the saved answers through the engine
//! to stand exactly where the mock stopped, clock included.

use std::fmt::Write as _;
use std::io::{BufRead, IsTerminal, Read, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, anyhow, bail};
use serde::Serialize;
use tokio::runtime::Runtime;
use tpmprep_app::clock;
use tpmprep_app::mock::{Ctx, MockKind, Report, Running, StartOptions};
use tpmprep_content::Pack;
use tpmprep_critic::Critic;
use tpmprep_practice::session::{Current, Setup};
use tpmprep_practice::{Decision, Rating};
use tpmprep_store::{LOCAL_USER, MockAnswer, MockId, Store};
use tpmprep_tui::{InterviewInfo, Interviewer};

use crate::cli::*;
use crate::commands::{json, load_pack};
use crate::config::Config;
use crate::render;

/// Largest `--answers` file read.
const MAX_ANSWERS_BYTES: u64 = 5 * 1024 * 1024;
/// Words per minute assumed for answers read from a file (a calm speaking pace).
pub const SPEAKING_WPM: usize = 150;

/// Seconds an answer read from a file is taken to last: its words at [`SPEAKING_WPM`], at least 1.
pub fn speaking_seconds(text: &str) -> u32 {
    let words = text.split_whitespace().count();
    (words * 60).div_ceil(SPEAKING_WPM).max(1) as u32
}

/// "1 answer", "3 answers".
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Runs one `mock` command.
pub fn run(cfg: &Config, cmd: MockCommand, text: &mut String) -> Result<ExitCode> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let store = rt.block_on(crate::story::open(cfg))?;
    let result = dispatch(cfg, &rt, store.as_ref(), cmd, text);
    rt.block_on(store.close());
    result
}

fn dispatch(
    cfg: &Config,
    rt: &Runtime,
    store: &dyn Store,
    cmd: MockCommand,
    text: &mut String,
) -> Result<ExitCode> {
    if let MockCommand::List { out } = &cmd {
        return list(rt, store, out.json, text);
    }
    let pack = load_pack(cfg)?;
    if matches!(
        cmd,
        MockCommand::PhoneScreen(_) | MockCommand::Loop(_) | MockCommand::Custom(_)
    ) {
        // A new mock uses the configured format: a bad one is named with where it was set.
        crate::commands::check_format(&pack, cfg)?;
    }
    let critic = Critic::new(&pack);
    let ctx = Ctx {
        store,
        pack: &pack,
        critic: &critic,
        owner: LOCAL_USER,
    };
    let run_opts = |kind, a: &MockRunArgs| StartOptions {
        kind,
        format: cfg.format.value.clone(),
        seed: a.seed,
        minutes_scale: a.minutes_scale,
        ..StartOptions::default()
    };
    match cmd {
        MockCommand::PhoneScreen(a) => {
            start(rt, ctx, run_opts(MockKind::PhoneScreen, &a), &a.io, text)
        }
        MockCommand::Loop(a) => start(rt, ctx, run_opts(MockKind::Loop, &a), &a.io, text),
        MockCommand::Custom(c) => {
            let o = StartOptions {
                stage: Some(c.stage.clone()),
                principles: c.principles.clone(),
                interviews: c.interviews,
                ..run_opts(MockKind::Custom, &c.run)
            };
            start(rt, ctx, o, &c.run.io, text)
        }
        MockCommand::Resume(a) => resume(rt, ctx, &a, text),
        MockCommand::Show { id, full, out } => show(rt, ctx, id, full, out.json, text),
        MockCommand::Trend { out } => trend_cmd(rt, ctx, out.json, text),
        MockCommand::List { .. } => unreachable!("handled above"),
    }
}

fn start(
    rt: &Runtime,
    ctx: Ctx<'_>,
    o: StartOptions,
    io: &MockIo,
    text: &mut String,
) -> Result<ExitCode> {
    let setup = rt.block_on(tpmprep_app::mock::plan_mock(ctx, &o))?;
    // Read the answers before anything is saved, so a bad file leaves no half-started mock.
    let script = io
        .answers
        .as_deref()
        .map(|p| read_answers(p).and_then(|a| resolve_script(ctx, a)))
        .transpose()?;
    let running = rt.block_on(tpmprep_app::mock::start(ctx, setup))?;
    let mut ui = Ui::new(io.json);
    ui.intro(running.id, running.setup(), ctx.pack)?;
    let mut driver = Driver { rt, ctx, running };
    carry_on(&mut driver, io, script, String::new(), 0, &mut ui, text)
}

fn resume(rt: &Runtime, ctx: Ctx<'_>, a: &ResumeArgs, text: &mut String) -> Result<ExitCode> {
    let script =
        a.io.answers
            .as_deref()
            .map(|p| read_answers(p).and_then(|a| resolve_script(ctx, a)))
            .transpose()?;
    let id = match a.id {
        Some(id) => id,
        None => rt.block_on(tpmprep_app::mock::latest_unfinished(ctx))?,
    };
    let r = rt
        .block_on(tpmprep_app::mock::reopen(ctx, id))
        .with_context(|| format!("cannot resume mock {id}"))?;
    let mut ui = Ui::new(a.io.json);
    let used: u32 = r.running.used_seconds().iter().sum();
    ui.say(&format!(
        "Resuming mock {id}: {} saved, {} used so far.",
        plural(r.answers, "answer"),
        clock(used + r.draft_seconds)
    ))?;
    let mut driver = Driver {
        rt,
        ctx,
        running: r.running,
    };
    carry_on(
        &mut driver,
        &a.io,
        script,
        r.draft,
        r.draft_seconds,
        &mut ui,
        text,
    )
}

/// Runs the mock from where `driver` stands to its end or a pause, then reports.
#[allow(clippy::too_many_arguments)]
fn carry_on(
    driver: &mut Driver<'_>,
    io: &MockIo,
    script: Option<Vec<String>>,
    draft: String,
    draft_seconds: u32,
    ui: &mut Ui,
    text: &mut String,
) -> Result<ExitCode> {
    let finished = if let Some(answers) = script {
        scripted(driver, answers, draft, draft_seconds, ui)?;
        true
    } else if io.tui {
        if !std::io::stdout().is_terminal() {
            bail!("--tui needs a terminal; use the line mode (no --tui) or --answers FILE");
        }
        let screen = tpmprep_tui::Options::from_env();
        let outcome = tpmprep_tui::run(driver, draft, draft_seconds, screen)?;
        matches!(outcome, tpmprep_tui::Outcome::Finished)
    } else {
        interactive(driver, draft, draft_seconds, ui)?
    };
    if !finished {
        let id = driver.id();
        let _ = writeln!(
            text,
            "Paused mock {id}. Every answer, and what you had typed, is saved.\n\
             Carry on with: tpmprep mock resume {id}"
        );
        return Ok(ExitCode::SUCCESS);
    }
    let report = driver.finish()?;
    if io.json {
        json(&report, text)?;
    } else {
        render_debrief(&report, driver.ctx.pack, false, text);
    }
    Ok(ExitCode::SUCCESS)
}

/// Splits an answers file into answers: lines holding only `---` separate them.
pub fn split_answers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for line in text.lines() {
        if line.trim_end() == "---" {
            out.push(cur.trim().to_string());
            cur.clear();
        } else {
            cur.push_str(line);
            cur.push('\n');
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

fn read_answers(path: &Path) -> Result<Vec<String>> {
    let text = if path.as_os_str() == "-" {
        let mut s = String::new();
        std::io::stdin()
            .lock()
            .take(MAX_ANSWERS_BYTES + 1)
            .read_to_string(&mut s)
            .context("cannot read answers from standard input")?;
        if s.len() as u64 > MAX_ANSWERS_BYTES {
            bail!("standard input holds more than {MAX_ANSWERS_BYTES} bytes (5 MB) of answers");
        }
        s
    } else {
        let meta =
            std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
        if meta.len() > MAX_ANSWERS_BYTES {
            bail!(
                "{}: the file is {} bytes; the limit is {} (5 MB)",
                path.display(),
                crate::render::thousands(meta.len()),
                crate::render::thousands(MAX_ANSWERS_BYTES)
            );
        }
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        String::from_utf8(bytes).map_err(|e| {
            anyhow!(
                "{}: not UTF-8 text (bad byte at offset {})",
                path.display(),
                e.utf8_error().valid_up_to()
            )
        })?
    };
    Ok(split_answers(&text))
}

/// An answers file's blocks with each `@FILE` block replaced by the file's text, every timed
/// transcript among them read and measured once so that a bad one stops the mock before it starts
/// (naming the file and line); nothing is kept here.
fn resolve_script(ctx: Ctx<'_>, answers: Vec<String>) -> Result<Vec<String>> {
    let mut out = Vec::with_capacity(answers.len());
    for (n, block) in answers.into_iter().enumerate() {
        let (text, name) = match crate::speak::at_file(&block) {
            Some(read) => read.with_context(|| format!("answer {} of --answers", n + 1))?,
            None => (block, None),
        };
        if tpmprep_app::speak::looks_timed(&text) {
            let input = tpmprep_app::speak::SpeakInput {
                transcript: text.clone(),
                name: Some(name.unwrap_or_else(|| format!("answer {}", n + 1))),
                ..Default::default()
            };
            tpmprep_app::speak::analyse(ctx.pack, ctx.critic, &input)
                .with_context(|| format!("answer {} of --answers is a transcript", n + 1))?;
        }
        out.push(text);
    }
    Ok(out)
}

/// Script mode: every prompt takes the next answer from the file (empty once it runs out), timed at
/// a speaking pace. A draft left by a killed session is kept in front of the first answer.
fn scripted(
    driver: &mut Driver<'_>,
    answers: Vec<String>,
    draft: String,
    draft_seconds: u32,
    ui: &mut Ui,
) -> Result<()> {
    let mut answers = answers.into_iter();
    let mut draft = Some(draft).filter(|d| !d.trim().is_empty());
    let mut spent = draft_seconds;
    while let Some(cur) = driver.current() {
        ui.prompt(driver, &cur)?;
        let mut answer = answers.next().unwrap_or_default();
        if let Some(d) = draft.take() {
            answer = format!("{d}\n{answer}").trim().to_string();
        }
        let spoken = driver.spoken(&cur, &answer)?;
        let answer = spoken.text.clone();
        ui.said(&answer)?;
        // A transcript took as long as it was spoken; typed text, its words at a speaking pace.
        let own = spoken.transcript.as_ref().map_or_else(
            || speaking_seconds(&answer),
            |t| (t.report.delivery.duration_seconds.round() as u32).max(1),
        );
        if let Some(t) = &spoken.transcript {
            ui.say(&crate::speak::spoken_line(t))?;
        }
        let seconds = spent + own;
        spent = 0;
        if time_is_up(&cur, seconds) {
            ui.say("Time is up for this interview: the interviewer moves on.")?;
        }
        driver.submit_spoken(&answer, seconds, None, &spoken)?;
    }
    Ok(())
}

/// Line mode: works over ssh and tmux. Returns whether the mock finished (else it was paused).
fn interactive(
    driver: &mut Driver<'_>,
    draft: String,
    draft_seconds: u32,
    ui: &mut Ui,
) -> Result<bool> {
    ui.say(
        "Type your answer; a line holding only `.` sends it. `:pause` stops (resume later), \
         `:story N` names the story you are telling, `:time` shows the clock, `:help` lists these.",
    )?;
    pause_on_ctrl_c(driver.id(), ui.to_stderr);
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let mut draft = draft;
    let mut offset = draft_seconds;
    while let Some(cur) = driver.current() {
        ui.prompt(driver, &cur)?;
        if !draft.is_empty() {
            ui.say("Your unsent answer so far (carry on typing):")?;
            ui.said(&draft)?;
        }
        let started = Instant::now();
        let elapsed = |offset: u32| offset + started.elapsed().as_secs() as u32;
        let mut story: Option<i64> = None;
        loop {
            ui.line_prompt(cur.seconds_left.saturating_sub(elapsed(offset)))?;
            let line = match lines.next() {
                Some(Ok(l)) => l,
                Some(Err(e)) => return Err(e).context("cannot read the answer"),
                None => {
                    // End of input (closed terminal, or a pipe ran out): keep what was typed.
                    driver.save_draft(&draft, elapsed(offset))?;
                    ui.say("")?;
                    return Ok(false);
                }
            };
            let cmd = line.trim();
            match cmd {
                "." => break,
                ":pause" | ":quit" => {
                    driver.save_draft(&draft, elapsed(offset))?;
                    return Ok(false);
                }
                ":time" => {
                    let left = cur.seconds_left.saturating_sub(elapsed(offset));
                    ui.say(&format!(
                        "{} on this answer; {} left in this interview.",
                        clock(elapsed(offset)),
                        clock(left)
                    ))?;
                }
                ":help" => {
                    ui.say(
                        "`.` alone sends the answer · `:pause` stops and keeps everything · \
                         `:story N` names the story (see `tpmprep story list`) · `:time` shows the clock",
                    )?;
                }
                _ => {
                    if let Some(rest) = cmd.strip_prefix(":story") {
                        match rest.trim().parse::<i64>() {
                            Ok(n) if driver.knows_story(n) => {
                                story = Some(n);
                                ui.say(&format!("Noted: this answer tells story #{n}."))?;
                            }
                            _ => ui.say(&format!(
                                "No story `{}` in your bank; see `tpmprep story list`.",
                                rest.trim()
                            ))?,
                        }
                    } else {
                        if !draft.is_empty() {
                            draft.push('\n');
                        }
                        draft.push_str(&line);
                        driver.save_draft(&draft, elapsed(offset))?;
                    }
                }
            }
            // The interview's time ran out while this line was typed: the interviewer takes the
            // answer as it stands and moves on (the line just typed is part of it).
            if time_is_up(&cur, elapsed(offset)) {
                break;
            }
        }
        // A transcript (pasted, or `@FILE`) is read and kept, and its words are the answer; one
        // that cannot be read is named with its line and the question is asked again.
        let spoken = match driver.spoken(&cur, draft.trim()) {
            Ok(s) => s,
            Err(e) => {
                ui.say(&format!(
                    "{e:#}\nNothing was sent: fix the file, or type the answer, then `.` again."
                ))?;
                let spent = elapsed(offset);
                draft.clear();
                driver.save_draft(&draft, spent)?;
                offset = spent;
                continue;
            }
        };
        let answer = spoken.text.trim().to_string();
        let seconds = elapsed(offset);
        let out_of_time = time_is_up(&cur, seconds);
        let skipped = answer.is_empty() && !out_of_time;
        if out_of_time {
            ui.say(&format!(
                "Time is up for this interview (answered in {}): your answer so far is saved and \
                 sent, and the interviewer moves on.",
                clock(seconds)
            ))?;
        }
        driver.submit_spoken(&answer, seconds, story, &spoken)?;
        if skipped {
            // A lone `.` with nothing typed: the question goes unanswered, and the line says so.
            ui.say(&format!(
                "(skipped after {}: nothing was typed, so the question counts as unanswered)",
                clock(seconds)
            ))?;
        } else if !out_of_time {
            ui.say(&format!("(answered in {})", clock(seconds)))?;
        }
        if let Some(t) = &spoken.transcript {
            ui.say(&crate::speak::spoken_line(t))?;
        }
        draft.clear();
        offset = 0;
    }
    Ok(true)
}

/// Line mode's Ctrl-C: the mock is paused as `:pause` would, and says so. Every answer and every
/// line of the unsent one already entered are saved as they are given (a line still being typed
/// is the terminal's until Enter), so a watcher thread only has to say how to carry on and end the
/// process with the usual 130.
fn pause_on_ctrl_c(id: MockId, to_stderr: bool) {
    let spawned = std::thread::Builder::new()
        .name("ctrl-c".into())
        .spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            if rt.block_on(tokio::signal::ctrl_c()).is_err() {
                return;
            }
            let message = format!(
                "\nPaused mock {id} (Ctrl-C). Every answer, and each line you entered of the one \
                 you were typing, is saved.\nCarry on with: tpmprep mock resume {id}\n"
            );
            let _ = if to_stderr {
                std::io::stderr().write_all(message.as_bytes())
            } else {
                std::io::stdout().write_all(message.as_bytes())
            };
            let _ = std::io::stdout().flush();
            std::process::exit(130);
        });
    // Without the watcher Ctrl-C still ends the process, as it always did.
    drop(spawned);
}

/// Whether `seconds` on the prompt `cur` use up what its interview had left when it was asked.
fn time_is_up(cur: &Current, seconds: u32) -> bool {
    seconds >= cur.seconds_left
}

/// Where prompts go: standard output, or standard error when stdout carries JSON.
struct Ui {
    out: Box<dyn Write>,
    /// Prompts go to standard error (standard output carries JSON).
    to_stderr: bool,
    last_interview: Option<usize>,
}

impl Ui {
    fn new(to_stderr: bool) -> Ui {
        let out: Box<dyn Write> = if to_stderr {
            Box::new(std::io::stderr())
        } else {
            Box::new(std::io::stdout())
        };
        Ui {
            out,
            to_stderr,
            last_interview: None,
        }
    }

    fn say(&mut self, s: &str) -> Result<()> {
        let mut t = String::new();
        render::wrap(&mut t, "", s);
        self.out.write_all(t.as_bytes())?;
        self.out.flush()?;
        Ok(())
    }

    fn said(&mut self, s: &str) -> Result<()> {
        let mut t = String::new();
        for para in s.lines() {
            render::hang(&mut t, "  | ", "  | ", para);
        }
        if s.is_empty() {
            t.push_str("  | (no answer)\n");
        }
        self.out.write_all(t.as_bytes())?;
        self.out.flush()?;
        Ok(())
    }

    fn line_prompt(&mut self, left: u32) -> Result<()> {
        let mark = if left == 0 {
            "time is up".to_string()
        } else {
            format!("{} left", clock(left))
        };
        write!(self.out, "[{mark}] > ")?;
        self.out.flush()?;
        Ok(())
    }

    fn intro(&mut self, id: MockId, setup: &Setup, pack: &Pack) -> Result<()> {
        let minutes: u32 = setup.plan.interviews.iter().map(|i| i.seconds).sum::<u32>() / 60;
        let mut t = String::new();
        let _ = writeln!(
            t,
            "Mock {id}: {} of format `{}` ({} interview{}, about {minutes} min; seed {}).",
            setup.plan.stage,
            setup.plan.format,
            setup.plan.interviews.len(),
            if setup.plan.interviews.len() == 1 {
                ""
            } else {
                "s"
            },
            setup.seed
        );
        for (n, iv) in setup.plan.interviews.iter().enumerate() {
            let role = pack
                .roles
                .iter()
                .find(|r| r.id == iv.role)
                .map_or(iv.role.as_str(), |r| r.name.as_str());
            let _ = writeln!(
                t,
                "  {}. {} ({role}), {}{}",
                n + 1,
                iv.title,
                clock(iv.seconds),
                if iv.bar_raiser { " · bar raiser" } else { "" }
            );
        }
        if let Some(note) = setup
            .plan
            .left_out_note(|p| pack.principle_name(p).to_string())
        {
            render::wrap(&mut t, "  ", &note);
        }
        self.out.write_all(t.as_bytes())?;
        self.out.flush()?;
        Ok(())
    }

    fn prompt(&mut self, driver: &Driver<'_>, cur: &Current) -> Result<()> {
        let info = driver.interview(cur.interview);
        let mut t = String::new();
        if self.last_interview != Some(cur.interview) {
            self.last_interview = Some(cur.interview);
            let _ = writeln!(
                t,
                "\n== Interview {} of {}: {}{} · {} ==",
                info.index + 1,
                info.count,
                info.title,
                if info.bar_raiser { " (bar raiser)" } else { "" },
                clock(cur.seconds_left)
            );
        }
        let label = if cur.follow_up {
            "Follow-up".to_string()
        } else {
            format!("Question {} of {}", info.asked, info.planned)
        };
        let _ = writeln!(t, "\n{label} · {} left", clock(cur.seconds_left));
        render::wrap(&mut t, "  ", &cur.text);
        self.out.write_all(t.as_bytes())?;
        self.out.flush()?;
        Ok(())
    }
}

/// A running mock seen through the [`Interviewer`] seam: the shared use cases, run to completion on
/// this command's runtime.
pub struct Driver<'a> {
    rt: &'a Runtime,
    ctx: Ctx<'a>,
    running: Running,
}

impl Driver<'_> {
    fn id(&self) -> MockId {
        self.running.id
    }

    fn finish(&mut self) -> Result<Report> {
        Ok(self.rt.block_on(self.running.finish(self.ctx))?)
    }

    /// Submits an answer that came through [`Driver::spoken`]: when the answer cannot be saved,
    /// the transcript kept for it is deleted, so none is left without its answer.
    fn submit_spoken(
        &mut self,
        text: &str,
        seconds: u32,
        story: Option<i64>,
        spoken: &tpmprep_app::speak::Answered,
    ) -> Result<()> {
        let done = self.submit(text, seconds, story);
        if let (Err(_), Some(t)) = (&done, &spoken.transcript) {
            let _ = self.rt.block_on(tpmprep_app::speak::delete(self.ctx, t.id));
        }
        done
    }

    /// The answer given to `cur` as the words to submit: a transcript (pasted, in the answers
    /// file, or `@FILE`) is read, kept with this mock and its words returned.
    fn spoken(&self, cur: &Current, given: &str) -> Result<tpmprep_app::speak::Answered> {
        let asked = crate::speak::asked(self.ctx, &cur.text, None);
        crate::speak::spoken_answer(
            self.rt,
            self.ctx,
            given,
            &asked,
            tpmprep_app::speak::Context::Mock(self.id()),
        )
    }
}

impl Interviewer for Driver<'_> {
    type Error = anyhow::Error;

    fn current(&self) -> Option<Current> {
        self.running.current()
    }

    fn interview(&self, i: usize) -> InterviewInfo {
        let count = self.running.setup().plan.interviews.len();
        let iv = self.running.interview(i);
        InterviewInfo {
            index: i,
            count,
            title: iv.map(|v| v.title.clone()).unwrap_or_default(),
            role: iv.map(|v| v.role.clone()).unwrap_or_default(),
            bar_raiser: iv.is_some_and(|v| v.bar_raiser),
            seconds: iv.map_or(0, |v| v.seconds),
            focus: iv.map(|v| v.focus.clone()).unwrap_or_default(),
            asked: self.running.asked_in(i),
            planned: self.running.planned_in(i),
        }
    }

    fn submit(&mut self, text: &str, seconds: u32, story: Option<i64>) -> Result<()> {
        let id = self.id();
        // The full-screen mock hands over what was typed or pasted: a transcript (or `@FILE`)
        // is read and kept here, and its words are the answer. Line mode has already done this.
        let words;
        let mut kept = None;
        let text = match self.running.current() {
            Some(cur)
                if crate::speak::at_file(text).is_some()
                    || tpmprep_app::speak::looks_timed(text) =>
            {
                let a = self.spoken(&cur, text)?;
                kept = a.transcript.map(|t| t.id);
                words = a.text;
                words.as_str()
            }
            _ => text,
        };
        let done = self
            .rt
            .block_on(self.running.submit(self.ctx, text, seconds, story));
        // An answer that was not saved leaves no transcript behind.
        if let (Err(_), Some(t)) = (&done, kept) {
            let _ = self.rt.block_on(tpmprep_app::speak::delete(self.ctx, t));
        }
        done.with_context(|| format!("cannot save the answer to mock {id}"))
    }

    fn knows_story(&self, id: i64) -> bool {
        self.running.knows_story(id)
    }

    fn save_draft(&mut self, text: &str, seconds: u32) -> Result<()> {
        let id = self.id();
        self.rt
            .block_on(self.running.save_draft(self.ctx, text, seconds))
            .with_context(|| format!("cannot keep the draft of mock {id}"))
    }
}

/// An answer on one line: folded to its first sentence, or in full with `full`.
fn excerpt(answer: &str, full: bool) -> String {
    let flat = answer.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.is_empty() {
        return "(no answer)".into();
    }
    if full {
        return flat;
    }
    tpmprep_app::mock::first_sentence(&flat).unwrap_or(flat)
}

/// The debrief as text, principles by their names in `pack`; answers folded to their first
/// sentence unless `full`.
pub fn render_debrief(r: &Report, pack: &Pack, full: bool, text: &mut String) {
    let d = &r.debrief;
    let name = |id: &str| pack.principle_name(id).to_string();
    let decision = if tpmprep_practice::is_screen(&r.stage) {
        d.decision.label_at(&r.stage).to_string()
    } else {
        // A loop's decision stands out as the committee's call.
        d.decision.label_at(&r.stage).to_uppercase()
    };
    let _ = writeln!(
        text,
        "\nDebrief: mock {} ({} of `{}`)\nDecision: {decision}",
        r.id, r.stage, r.format,
    );
    render::wrap(text, "  ", &format!("Why: {}.", d.reason));
    if let Some(ended) = &d.ended_early {
        render::wrap(text, "  ", ended);
    }
    if let Some(note) = &d.not_probed {
        render::wrap(text, "  ", note);
    }
    if !d.repeats.is_empty() {
        let _ = writeln!(
            text,
            "\nRepeated answers ({}): each earns no Hire for the principle it was reused for.",
            d.repeats.len()
        );
        for r in &d.repeats {
            render::hang(text, "  - ", "    ", &r.text);
        }
    }
    for (n, iv) in d.interviews.iter().enumerate() {
        let _ = writeln!(
            text,
            "\n{}. {}{}",
            n + 1,
            iv.title,
            if iv.bar_raiser { " (bar raiser)" } else { "" }
        );
        for rating in &iv.ratings {
            render::hang(
                text,
                &format!(
                    "   {}{}",
                    render::pad(&name(&rating.principle), 26),
                    render::pad(tpmprep_practice::rating_label(rating.rating), 16)
                ),
                &" ".repeat(45),
                &rating.reason,
            );
        }
        for q in &iv.questions {
            let _ = writeln!(
                text,
                "   [{}] {} · score {}/100 · {}",
                q.question.question_id,
                if q.question.principle.is_empty() {
                    "rates no principle of this interview".to_string()
                } else {
                    name(&q.question.principle)
                },
                q.score,
                clock(q.seconds)
            );
            render::hang(text, "     Q: ", "        ", &q.question.text);
            render::hang(text, "     A: ", "        ", &excerpt(&q.answer, full));
            if let Some(of) = q.repeat_of {
                let said = q
                    .repeat_remark
                    .as_ref()
                    .map_or_else(String::new, |r| format!("; the interviewer said: \"{r}\""));
                render::hang(
                    text,
                    "     Repeated: ",
                    "        ",
                    &format!("this answer repeats your answer to {}{said}", of.label()),
                );
            }
            if let Some(r) = &q.retold {
                render::hang(
                    text,
                    "     Retold story: ",
                    "        ",
                    &format!("the interviewer noticed: \"{r}\""),
                );
            }
            for f in &q.follow_ups {
                render::hang(text, "     Follow-up: ", "        ", &f.text);
                render::hang(text, "     A: ", "        ", &excerpt(&f.answer, full));
            }
        }
    }
    if !d.changes.is_empty() {
        let _ = writeln!(
            text,
            "\n{} that would move the outcome most:",
            match d.changes.len() {
                1 => "The change",
                2 => "Two changes",
                _ => "Three changes",
            }
        );
        for (n, c) in d.changes.iter().enumerate() {
            render::hang(text, &format!("  {}. ", n + 1), "     ", &c.text);
        }
    }
    if let Some(note) = &d.changes_note {
        text.push('\n');
        render::wrap(text, "", note);
    }
    // The command on a line of its own, unwrapped, to copy.
    let _ = writeln!(
        text,
        "\nRepeat this mock, same questions:\n  {}",
        r.repeat_command()
    );
    let full_hint = if full {
        ""
    } else {
        " (add --full for every answer in full)"
    };
    render::wrap(
        text,
        "",
        &format!(
            "Saved as mock {}. `tpmprep mock show {}` shows it again{full_hint}; `tpmprep mock trend` \
             tracks each principle.",
            r.id, r.id
        ),
    );
}

fn list(rt: &Runtime, store: &dyn Store, as_json: bool, text: &mut String) -> Result<ExitCode> {
    let mocks = rt.block_on(store.list_mocks(LOCAL_USER))?;
    if as_json {
        json(&mocks, text)?;
        return Ok(ExitCode::SUCCESS);
    }
    if mocks.is_empty() {
        let _ = writeln!(
            text,
            "No mocks yet. Start with `tpmprep mock phone-screen` (add `--minutes-scale 0.25` for a quick one)."
        );
        return Ok(ExitCode::SUCCESS);
    }
    let _ = writeln!(
        text,
        "  ID  {}{}{}ANSWERS  OUTCOME",
        render::pad("KIND", 14),
        render::pad("FORMAT", 24),
        render::pad("STARTED", 22)
    );
    for m in &mocks {
        let outcome = match (&m.decision, m.finished_at) {
            // A phone screen's outcome is whether the candidate goes on, not an offer.
            // The words the debrief says it in: "Advance to the loop" / "Not this time" after a
            // phone screen (its outcome is whether the candidate goes on), "Hire" / "No hire" after
            // a loop.
            (Some(d), _) => match d.as_str() {
                "hire" => Decision::Hire.label_at(&m.kind).to_string(),
                "no-hire" => Decision::NoHire.label_at(&m.kind).to_string(),
                other => other.to_string(),
            },
            (None, _) => format!("unfinished: `tpmprep mock resume {}`", m.id),
        };
        let _ = writeln!(
            text,
            "{:>4}  {}{}{}{:>7}  {outcome}",
            m.id,
            render::pad(&m.kind, 14),
            render::pad(&m.format, 24),
            render::pad(&crate::story::when(m.created_at), 22),
            m.answers
        );
    }
    let finished = mocks.iter().filter(|m| m.finished_at.is_some()).count();
    if finished < 3 {
        let _ = writeln!(
            text,
            "\n{finished} finished; at least three timed mocks before the real loop is the usual advice."
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn show(
    rt: &Runtime,
    ctx: Ctx<'_>,
    id: MockId,
    full: bool,
    as_json: bool,
    text: &mut String,
) -> Result<ExitCode> {
    if let Some(report) = rt.block_on(tpmprep_app::mock::report(ctx, id))? {
        if as_json {
            json(&report, text)?;
        } else {
            render_debrief(&report, ctx.pack, full, text);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let m = rt.block_on(ctx.store.mock(ctx.owner, id))?;
    if as_json {
        #[derive(Serialize)]
        struct Progress<'a> {
            id: MockId,
            kind: &'a str,
            format: &'a str,
            finished: bool,
            answers: &'a [MockAnswer],
            draft: &'a str,
            draft_seconds: i64,
        }
        json(
            &Progress {
                id,
                kind: &m.summary.kind,
                format: &m.summary.format,
                finished: false,
                answers: &m.answers,
                draft: &m.draft,
                draft_seconds: m.draft_seconds,
            },
            text,
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let _ = writeln!(
        text,
        "Mock {id} ({} of `{}`) is unfinished: {} saved. Carry on with `tpmprep mock resume {id}`.",
        m.summary.kind,
        m.summary.format,
        plural(m.answers.len(), "answer")
    );
    for a in &m.answers {
        let _ = writeln!(text);
        render::hang(text, "  Q: ", "     ", &a.prompt);
        render::hang(text, "  A: ", "     ", &a.answer);
    }
    if !m.draft.is_empty() {
        render::hang(text, "\n  Unsent: ", "          ", &m.draft);
    }
    Ok(ExitCode::SUCCESS)
}

fn trend_cmd(rt: &Runtime, ctx: Ctx<'_>, as_json: bool, text: &mut String) -> Result<ExitCode> {
    let trends = rt.block_on(tpmprep_app::mock::trends(ctx))?;
    if as_json {
        json(&trends, text)?;
        return Ok(ExitCode::SUCCESS);
    }
    if trends.iter().all(|t| t.ratings.is_empty()) {
        let _ = writeln!(
            text,
            "No finished mocks yet, so no trend. Finish one with `tpmprep mock phone-screen`."
        );
        return Ok(ExitCode::SUCCESS);
    }
    let short = |r: Rating| match r {
        Rating::StrongNoHire => "SNH",
        Rating::NoHire => "NH",
        Rating::Hire => "H",
        Rating::StrongHire => "SH",
    };
    let _ = writeln!(
        text,
        "Ratings per principle, oldest mock first (SH strong hire, H hire, NH no hire, SNH strong no hire).\n"
    );
    let names: Vec<String> = trends
        .iter()
        .map(|t| ctx.pack.principle_name(&t.principle).to_string())
        .collect();
    let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(20) + 2;
    for (t, name) in trends.iter().zip(&names) {
        let history: Vec<String> = t
            .ratings
            .iter()
            .rev()
            .take(8)
            .rev()
            .map(|(m, r)| format!("#{m} {}", short(*r)))
            .collect();
        let arrow = match t.direction {
            tpmprep_practice::trend::Direction::Up => "rising",
            tpmprep_practice::trend::Direction::Down => "falling",
            tpmprep_practice::trend::Direction::Flat => "steady",
            tpmprep_practice::trend::Direction::New => "",
        };
        let line = if history.is_empty() {
            "not assessed yet".to_string()
        } else {
            format!("{}  {arrow}", history.join("  "))
        };
        let _ = writeln!(text, "  {}{}", render::pad(name, width), line.trim_end());
    }
    Ok(ExitCode::SUCCESS)
}
