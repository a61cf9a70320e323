//! The interactive narrative: lines in, saved at once; the clock on every prompt line; a watcher
//! says when the time is up (the candidate may carry on).

use std::io::{BufRead, Write};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};
use tokio::runtime::Runtime;
use tpmprep_app::clock;
use tpmprep_app::mock::Ctx;
use tpmprep_app::writing::{self, Attempt};

use super::{now_ms, render};
use crate::commands::json;

const HELP: &str = "Type the narrative line by line; each line is saved when you press Enter, and an \
    empty line starts a new paragraph. Commands: `:check` critique what you have so far · `:words` \
    the count against the two-page target · `:show` print the text · `:undo` take the last line back · \
    `:time` the clock · `:finish` end and read the report · `:pause` stop (carry on with `tpmprep write resume`).";

struct Ui {
    out: Box<dyn Write + Send>,
}

impl Ui {
    fn prompt(&mut self, s: &str) -> Result<()> {
        write!(self.out, "{s}")?;
        self.out.flush()?;
        Ok(())
    }

    fn say(&mut self, s: &str) -> Result<()> {
        let mut t = String::new();
        crate::render::wrap(&mut t, "", s);
        self.out.write_all(t.as_bytes())?;
        self.out.flush()?;
        Ok(())
    }

    /// Prints text as it is (a report already laid out).
    fn raw(&mut self, s: &str) -> Result<()> {
        self.out.write_all(s.as_bytes())?;
        self.out.flush()?;
        Ok(())
    }
}

/// Appends a typed line: an empty line ends the paragraph.
fn append(body: &str, line: &str) -> String {
    let mut b = body.to_string();
    if line.trim().is_empty() {
        if !b.is_empty() && !b.ends_with("\n\n") {
            if !b.ends_with('\n') {
                b.push('\n');
            }
            b.push('\n');
        }
        return b;
    }
    if !b.is_empty() && !b.ends_with('\n') {
        b.push('\n');
    }
    b.push_str(line.trim_end());
    b
}

/// Takes the last line back; a paragraph break before it stays, so the next line starts a new
/// paragraph as it would have.
fn undo(body: &str) -> String {
    let t = body.trim_end_matches('\n');
    match t.rfind('\n') {
        Some(i) => {
            let head = &t[..=i];
            let kept = head.trim_end_matches('\n').to_string();
            if head.ends_with("\n\n") {
                kept + "\n\n"
            } else {
                kept
            }
        }
        None => String::new(),
    }
}

/// Runs the session until `:finish`, `:pause` or the end of input.
pub(super) fn run(
    rt: &Runtime,
    ctx: Ctx<'_>,
    mut attempt: Attempt,
    as_json: bool,
    text: &mut String,
) -> Result<ExitCode> {
    let id = attempt.summary.id;
    let out: Box<dyn Write + Send> = if as_json {
        Box::new(std::io::stderr())
    } else {
        Box::new(std::io::stdout())
    };
    let ui = Arc::new(Mutex::new(Ui { out }));
    let say = |s: &str| -> Result<()> {
        ui.lock()
            .map_err(|_| anyhow!("the terminal writer failed"))?
            .say(s)
    };
    let limit = attempt.summary.minutes * 60;
    say(&format!(
        "Narrative #{id} — {}\n\n{}\n",
        attempt.summary.title, attempt.prompt_text
    ))?;
    if let Some(g) = &attempt.guidance {
        say(&format!("What a strong narrative covers: {g}\n"))?;
    }
    say(&format!(
        "About {} words (two pages), at most {} (four). Time: {} of {} used.",
        tpmprep_narrative::TARGET_WORDS,
        tpmprep_narrative::MAX_WORDS,
        clock(u32::try_from(attempt.elapsed_seconds).unwrap_or(0)),
        clock(u32::try_from(limit).unwrap_or(0))
    ))?;
    say(HELP)?;
    if !attempt.body.is_empty() {
        say("\nYour text so far (carry on typing):")?;
        say(&attempt.body)?;
    }
    let entered = Instant::now();
    let elapsed_before = attempt.elapsed_seconds;
    let elapsed = move || elapsed_before + entered.elapsed().as_secs() as i64;
    // The watcher: says once when the time is up.
    if elapsed_before < limit {
        let ui = Arc::clone(&ui);
        let due = entered + Duration::from_secs((limit - elapsed_before) as u64);
        let _ = std::thread::Builder::new().name("write-clock".into()).spawn(move || {
            while Instant::now() < due {
                std::thread::sleep(Duration::from_millis(250));
            }
            if let Ok(mut ui) = ui.lock() {
                let _ = ui.say("\n⏰ Time is up. Finish with `:finish`, or carry on writing: nothing is cut off.");
            }
        });
    }
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    loop {
        let left = limit - elapsed();
        let mark = if left > 0 {
            format!(
                "[{} left · {} words] > ",
                clock(left as u32),
                writing::words(&attempt.body)
            )
        } else {
            format!(
                "[over by {} · {} words] > ",
                clock((-left) as u32),
                writing::words(&attempt.body)
            )
        };
        ui.lock()
            .map_err(|_| anyhow!("the terminal writer failed"))?
            .prompt(&mark)?;
        let line = match lines.next() {
            Some(Ok(l)) => l,
            Some(Err(e)) => return Err(e).context("cannot read your narrative"),
            None => {
                rt.block_on(writing::clock(ctx, id, elapsed(), now_ms()))?;
                say(&format!(
                    "\nStopped; everything is saved. Carry on with `tpmprep write resume {id}`."
                ))?;
                return Ok(ExitCode::SUCCESS);
            }
        };
        let cmd = line.trim();
        let new_body = match cmd {
            ":help" => {
                say(HELP)?;
                continue;
            }
            ":time" => {
                say(&format!(
                    "{} of {} used.",
                    clock(elapsed() as u32),
                    clock(limit as u32)
                ))?;
                continue;
            }
            ":words" => {
                let n = writing::words(&attempt.body);
                say(&format!(
                    "{n} words · {:.1} pages (about {} words is two pages; at most {}).",
                    n as f64 / tpmprep_narrative::WORDS_PER_PAGE as f64,
                    tpmprep_narrative::TARGET_WORDS,
                    tpmprep_narrative::MAX_WORDS
                ))?;
                continue;
            }
            ":show" => {
                say(if attempt.body.is_empty() {
                    "(nothing yet)"
                } else {
                    &attempt.body
                })?;
                continue;
            }
            ":check" => {
                let report = rt.block_on(writing::live(ctx, id))?;
                let mut t = String::new();
                render::report(&report, &mut t);
                ui.lock()
                    .map_err(|_| anyhow!("the terminal writer failed"))?
                    .raw(&t)?;
                continue;
            }
            ":pause" => {
                rt.block_on(writing::clock(ctx, id, elapsed(), now_ms()))?;
                say(&format!(
                    "Paused; everything is saved. Carry on with `tpmprep write resume {id}`."
                ))?;
                return Ok(ExitCode::SUCCESS);
            }
            ":finish" => {
                rt.block_on(writing::clock(ctx, id, elapsed(), now_ms()))?;
                let done = match rt.block_on(writing::finish(ctx, id, now_ms())) {
                    Ok(a) => a,
                    Err(e) => {
                        say(&format!("Not finished: {e}"))?;
                        continue;
                    }
                };
                if as_json {
                    json(&done, text)?;
                } else if let Some(r) = &done.report {
                    text.push_str(&format!("\nNarrative #{id} — {}\n\n", done.summary.title));
                    render::report(r, text);
                }
                return Ok(ExitCode::SUCCESS);
            }
            ":undo" => undo(&attempt.body),
            _ if cmd.starts_with(':') && !cmd.contains(' ') => {
                say(&format!("Unknown command `{cmd}`. {HELP}"))?;
                continue;
            }
            _ => append(&attempt.body, &line),
        };
        if new_body == attempt.body {
            continue;
        }
        match rt.block_on(writing::save(
            ctx,
            id,
            attempt.rev,
            &new_body,
            elapsed(),
            now_ms(),
        )) {
            Ok(saved) => {
                attempt.rev = saved.rev;
                attempt.body = new_body;
            }
            Err(e) => say(&format!(
                "Not saved: {e}. Your line is above; type it again once the problem is fixed."
            ))?,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_make_paragraphs_and_undo_takes_the_last_back() {
        let b = append("", "First line.");
        let b = append(&b, "Second line.");
        let b = append(&b, "");
        let b = append(&b, "");
        let b = append(&b, "New paragraph.");
        assert_eq!(b, "First line.\nSecond line.\n\nNew paragraph.");
        assert_eq!(undo(&b), "First line.\nSecond line.\n\n");
        assert_eq!(undo("Only."), "");
    }
}
