//! `tpmprep write …`: writing-assessment practice in the terminal. The attempt lives in the store
//! and the rules in `app::writing`; the critique is `tpmprep-narrative`'s; this module measures
//! time, reads lines, and prints.
//!
//! Nothing is lost: every line is saved the moment Enter is pressed (revisions coalesce within
//! 30 s), the clock with it, and `write resume` carries on where the attempt stopped.

mod args;
mod render;
mod session;

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use tokio::runtime::Runtime;
use tpmprep_app::mock::Ctx;
use tpmprep_app::writing::{self, Choice};
use tpmprep_critic::Critic;
use tpmprep_store::LOCAL_USER;

pub use args::WriteCommand;

use crate::commands::{json, load_pack};
use crate::config::Config;

/// The largest file `write critique` reads.
const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Runs one `write` command.
pub fn run(cfg: &Config, cmd: WriteCommand, text: &mut String) -> Result<ExitCode> {
    let pack = load_pack(cfg)?;
    let critic = Critic::new(&pack);
    match &cmd {
        WriteCommand::Critique { file, prompt, out } => {
            let body = crate::commands::read_text(
                file,
                MAX_FILE_BYTES,
                "a narrative for the writing assessment is two to four pages",
            )?;
            let report = writing::critique_text(&pack, &critic, &body, prompt.as_deref())?;
            if out.json {
                json(&report, text)?;
            } else {
                render::report(&report, text);
            }
            return Ok(ExitCode::SUCCESS);
        }
        WriteCommand::Prompts { out } => {
            if out.json {
                json(&pack.writing_prompts, text)?;
            } else {
                for p in &pack.writing_prompts {
                    let _ = writeln!(text, "{:<16} {} ({} min)", p.id, p.title, p.minutes);
                    crate::render::wrap(text, "                 ", &p.text);
                }
                text.push_str("\nStart one: tpmprep write start ID   (or --random, or --text \"your own prompt\")\n");
            }
            return Ok(ExitCode::SUCCESS);
        }
        _ => {}
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let store = rt.block_on(crate::story::open(cfg))?;
    let ctx = Ctx {
        store: store.as_ref(),
        pack: &pack,
        critic: &critic,
        owner: LOCAL_USER,
    };
    let result = dispatch(&rt, ctx, cmd, text);
    rt.block_on(store.close());
    result
}

fn latest_unfinished(rt: &Runtime, ctx: Ctx<'_>, what: &str) -> Result<i64> {
    rt.block_on(writing::unfinished(ctx))?
        .map(|w| w.id)
        .ok_or_else(|| {
            anyhow!("no unfinished narrative {what}; start one with `tpmprep write start --random`")
        })
}

fn dispatch(rt: &Runtime, ctx: Ctx<'_>, cmd: WriteCommand, text: &mut String) -> Result<ExitCode> {
    match cmd {
        WriteCommand::Start(a) => {
            let choice = match (&a.prompt, a.random, &a.text) {
                (Some(id), _, _) => Choice::Prompt(id.clone()),
                (None, true, _) => Choice::Random(now_ms().unsigned_abs()),
                (None, false, Some(t)) => Choice::Text(t.clone()),
                (None, false, None) => bail!(
                    "name a prompt (see `tpmprep write prompts`), or use --random or --text \"your own prompt\""
                ),
            };
            let attempt = rt.block_on(writing::start(ctx, &choice, a.minutes, now_ms()))?;
            if a.no_wait {
                if a.json {
                    json(&attempt, text)?;
                } else {
                    render::progress(&attempt, text);
                }
                return Ok(ExitCode::SUCCESS);
            }
            session::run(rt, ctx, attempt, a.json, text)
        }
        WriteCommand::Resume { id, json: as_json } => {
            let id = match id {
                Some(id) => id,
                None => latest_unfinished(rt, ctx, "to resume")?,
            };
            let attempt = rt.block_on(writing::load(ctx, id))?;
            if attempt.summary.finished_at.is_some() {
                bail!("narrative {id} is finished; see its report with `tpmprep write show {id}`");
            }
            session::run(rt, ctx, attempt, as_json, text)
        }
        WriteCommand::Finish { id, out } => {
            let id = match id {
                Some(id) => id,
                None => latest_unfinished(rt, ctx, "to finish")?,
            };
            let attempt = rt.block_on(writing::finish(ctx, id, now_ms()))?;
            finished(rt, ctx, &attempt, out.json, text)?;
            Ok(ExitCode::SUCCESS)
        }
        WriteCommand::List { out } => {
            let list = rt.block_on(writing::list(ctx))?;
            if out.json {
                json(&list, text)?;
            } else if list.is_empty() {
                text.push_str("No narratives yet. Start one: tpmprep write start --random\n");
            } else {
                for w in &list {
                    let state = match (w.finished_at, w.overall) {
                        (Some(_), Some(o)) => format!("{o:>3}/100"),
                        _ => "unfinished".to_string(),
                    };
                    let _ = writeln!(
                        text,
                        "#{:<4} {:<10} {:>5} words  {}{}",
                        w.id,
                        state,
                        w.words,
                        w.title,
                        w.prompt_id
                            .as_deref()
                            .map(|p| format!("  ({p})"))
                            .unwrap_or_default()
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        WriteCommand::Show { id, export, out } => {
            let attempt = rt.block_on(writing::load(ctx, id))?;
            if export {
                let _ = writeln!(
                    text,
                    "# {}\n\n> {}\n\n{}",
                    attempt.summary.title,
                    attempt.prompt_text,
                    attempt.body.trim_end()
                );
            } else if attempt.report.is_some() {
                finished(rt, ctx, &attempt, out.json, text)?;
            } else if out.json {
                json(&attempt, text)?;
            } else {
                render::progress(&attempt, text);
            }
            Ok(ExitCode::SUCCESS)
        }
        WriteCommand::History { prompt, out } => {
            if let Some(p) = &prompt {
                writing::prompt(ctx.pack, p)?;
            }
            let points = rt.block_on(writing::history(ctx, prompt.as_deref()))?;
            if out.json {
                json(&points, text)?;
            } else {
                render::history(&points, text);
            }
            Ok(ExitCode::SUCCESS)
        }
        WriteCommand::Rm { id, out } => {
            if !rt.block_on(writing::delete(ctx, id))? {
                bail!("no narrative {id} (see `tpmprep write list`)");
            }
            if out.json {
                json(&serde_json::json!({ "deleted": id }), text)?;
            } else {
                let _ = writeln!(text, "Deleted narrative {id} and its revisions.");
            }
            Ok(ExitCode::SUCCESS)
        }
        WriteCommand::Critique { .. } | WriteCommand::Prompts { .. } => {
            unreachable!("handled before the store is opened")
        }
    }
}

/// A finished attempt: the report and the history on its prompt.
fn finished(
    rt: &Runtime,
    ctx: Ctx<'_>,
    attempt: &writing::Attempt,
    as_json: bool,
    text: &mut String,
) -> Result<()> {
    if as_json {
        return json(attempt, text);
    }
    let Some(report) = &attempt.report else {
        render::progress(attempt, text);
        return Ok(());
    };
    let _ = writeln!(
        text,
        "Narrative #{} — {}\n",
        attempt.summary.id, attempt.summary.title
    );
    render::report(report, text);
    let points = rt.block_on(writing::history(ctx, attempt.summary.prompt_id.as_deref()))?;
    if points.len() > 1 {
        text.push('\n');
        render::history(&points, text);
    }
    Ok(())
}
