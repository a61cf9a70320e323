//! `tpmprep speak …`: spoken answers in the terminal (issue 19). The transcript is read, measured,
//! critiqued and kept by `app::speak`; this module reads files and flags, and prints. Mocks and
//! drills take transcripts through [`spoken_answer`] and print [`spoken_line`] under the answer.

mod args;
mod render;

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, anyhow, bail};
use serde::Serialize;
use tokio::runtime::Runtime;
use tpmprep_app::mock::Ctx;
use tpmprep_app::speak::{self, Answered, Asked, Context, Saved, SpeakInput, SpeakReport};
use tpmprep_critic::{Critique, Input, Question};

pub use args::SpeakCommand;

use crate::commands::json;
use crate::config::Config;
use crate::plan::with_ctx;
use crate::write::now_ms;

/// The largest transcript file read (the app's limit).
const MAX_BYTES: u64 = speak::MAX_TRANSCRIPT_BYTES as u64;

/// Runs one `speak` command.
pub fn run(cfg: &Config, cmd: SpeakCommand, text: &mut String) -> Result<ExitCode> {
    with_ctx(cfg, |rt, ctx| dispatch(rt, ctx, cmd, text))
}

/// A report as `--json` prints it: the report's fields at the top level (`words`, `wpm`,
/// `fillers`, `pauses`, `windows`, … `critique`), with the kept transcript's `id`, `created_at`,
/// `context` and `context_id` beside them (absent with `--no-save`).
#[derive(Serialize)]
struct Flat<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    created_at: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    context: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    context_id: Option<i64>,
    #[serde(flatten)]
    report: &'a SpeakReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
}

impl<'a> Flat<'a> {
    fn saved(s: &'a Saved) -> Flat<'a> {
        Flat {
            id: Some(s.id),
            created_at: Some(s.created_at),
            context: Some(&s.context),
            context_id: s.context_id,
            report: &s.report,
            source: None,
        }
    }
}

fn dispatch(rt: &Runtime, ctx: Ctx<'_>, cmd: SpeakCommand, text: &mut String) -> Result<ExitCode> {
    match cmd {
        SpeakCommand::Analyze(a) => {
            let (transcript, name) = read_file(&a.file)?;
            let input = SpeakInput {
                transcript,
                name,
                format: a.format.clone(),
                duration: a.duration.clone(),
                question_id: a.question_id.clone(),
                question: a.question.clone(),
            };
            if a.no_save {
                let report = speak::analyse(ctx.pack, ctx.critic, &input)?;
                if a.out.json {
                    let flat = Flat {
                        id: None,
                        created_at: None,
                        context: None,
                        context_id: None,
                        report: &report,
                        source: None,
                    };
                    json(&flat, text)?;
                } else {
                    render::report(ctx.pack, &report, &critique_of(ctx, &report), text);
                    text.push_str("\nNot kept (--no-save).\n");
                }
                return Ok(ExitCode::SUCCESS);
            }
            let context = match a.story {
                Some(id) => {
                    rt.block_on(ctx.store.story(ctx.owner, id))
                        .map_err(|_| anyhow!("--story: no story {id}; see `tpmprep story list`"))?;
                    Context::Story(id)
                }
                None => Context::Speak,
            };
            let saved = rt.block_on(speak::save(ctx, &input, context, now_ms()))?;
            if a.out.json {
                json(&Flat::saved(&saved), text)?;
            } else {
                render::report(
                    ctx.pack,
                    &saved.report,
                    &critique_of(ctx, &saved.report),
                    text,
                );
                kept_line(&saved, text);
            }
        }
        SpeakCommand::List { out } => {
            let list = rt.block_on(speak::list(ctx))?;
            if out.json {
                json(&list, text)?;
            } else {
                render::list(&list, text);
            }
        }
        SpeakCommand::Show { id, source, out } => {
            let full = rt.block_on(speak::get(ctx, id))?;
            if out.json {
                let mut flat = Flat::saved(&full.saved);
                if source {
                    flat.source = Some(&full.source);
                }
                json(&flat, text)?;
            } else if source {
                text.push_str(&full.source);
                if !full.source.ends_with('\n') {
                    text.push('\n');
                }
            } else {
                let r = &full.saved.report;
                let _ = writeln!(
                    text,
                    "Transcript {} · kept {}{}\n",
                    full.saved.id,
                    tpmprep_app::civil_time(full.saved.created_at),
                    context_words(&full.saved)
                );
                render::report(ctx.pack, r, &critique_of(ctx, r), text);
            }
        }
        SpeakCommand::Rm { id, yes, out } => {
            let full = rt.block_on(speak::get(ctx, id))?;
            let name = full.saved.report.name.clone();
            if !yes {
                if !std::io::stdin().is_terminal() {
                    bail!(
                        "removing deletes transcript {id} (\"{name}\") and its report for good; add --yes to confirm"
                    );
                }
                eprint!("Delete transcript {id} (\"{name}\") and its report for good? [y/N] ");
                let mut answer = String::new();
                std::io::stdin().read_line(&mut answer)?;
                if !matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
                    if out.json {
                        json(&serde_json::json!({ "deleted": null }), text)?;
                    } else {
                        text.push_str("Not deleted.\n");
                    }
                    return Ok(ExitCode::SUCCESS);
                }
            }
            rt.block_on(speak::delete(ctx, id))?;
            if out.json {
                json(
                    &serde_json::json!({ "deleted": { "id": id, "name": name } }),
                    text,
                )?;
            } else {
                let _ = writeln!(text, "Deleted transcript {id} (\"{name}\").");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// " · in mock 3", " · rehearsing story 2" …; empty on its own.
fn context_words(s: &Saved) -> String {
    match (s.context.as_str(), s.context_id) {
        ("mock", Some(id)) => format!(" · an answer in mock {id}"),
        ("drill", Some(id)) => format!(" · an answer to drill card {id}"),
        ("story", Some(id)) => format!(" · a rehearsal of story {id}"),
        _ => String::new(),
    }
}

fn kept_line(saved: &Saved, text: &mut String) {
    let _ = writeln!(
        text,
        "\nKept as transcript {id}{} — `tpmprep speak show {id}`",
        context_words(saved),
        id = saved.id
    );
}

/// A file's text and its name (the last part of the path; `None` for standard input, so the
/// format is guessed from the content).
fn read_file(path: &Path) -> Result<(String, Option<String>)> {
    let text = crate::commands::read_text(
        path,
        MAX_BYTES,
        "a transcript of a few minutes is far smaller (is this the audio rather than its transcript?)",
    )?;
    let name = if path.as_os_str() == "-" {
        None
    } else {
        Some(path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ))
    };
    Ok((text, name))
}

/// The critique of the report's words as `tpmprep critique` would print it (the critic is pure:
/// the same words and question give the report's critique).
fn critique_of(ctx: Ctx<'_>, r: &SpeakReport) -> Critique {
    let pack_q = r
        .question
        .as_ref()
        .and_then(|q| q.id.as_deref())
        .and_then(|id| ctx.pack.question(id));
    let question = r.question.as_ref().map(|q| Question {
        text: &q.text,
        principles: pack_q.map_or(&[][..], |p| &p.principles[..]),
        kind: pack_q.map_or("", |p| p.kind.as_str()),
    });
    ctx.critic.critique(&Input {
        text: &r.text,
        question,
        facts: None,
        principles: &[],
    })
}

/// `m:ss` (`h:mm:ss` from an hour).
pub(crate) fn mss(seconds: f64) -> String {
    let s = seconds.round().max(0.0) as u64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, (s % 3600) / 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// One line under an answer that was a transcript:
/// "Spoken: 2:05, 138 wpm (comfortable), 3 fillers, 1 long pause — `tpmprep speak show 4`".
pub(crate) fn spoken_line(saved: &Saved) -> String {
    let d = &saved.report.delivery;
    let n = |k: usize, one: &str, many: &str| {
        if k == 1 {
            format!("1 {one}")
        } else {
            format!("{k} {many}")
        }
    };
    format!(
        "Spoken: {}, {:.0} wpm ({}), {}, {} — `tpmprep speak show {}`",
        mss(d.duration_seconds),
        d.wpm,
        render::pace_word(d.pace),
        n(d.fillers, "filler", "fillers"),
        n(d.pauses.len(), "long pause", "long pauses"),
        saved.id
    )
}

/// An answer given as `@FILE`: the file's text and name. `None` when `given` is not one line
/// starting with `@`.
pub(crate) fn at_file(given: &str) -> Option<Result<(String, Option<String>)>> {
    let t = given.trim();
    let path = t.strip_prefix('@')?;
    if path.is_empty() || t.contains('\n') {
        return None;
    }
    Some(read_file(Path::new(path.trim())))
}

/// What a mock or drill answer was given as (typed text, `@FILE`, or a transcript pasted or in an
/// answers file), turned into the words to submit: a transcript is read, measured, critiqued
/// against `question` and kept in `context` (`Answered::transcript`); typed text comes back as it
/// is. Errors name the file and line; nothing is kept then.
pub(crate) fn spoken_answer(
    rt: &Runtime,
    ctx: Ctx<'_>,
    given: &str,
    question: &Asked,
    context: Context,
) -> Result<Answered> {
    let (text, name) = match at_file(given) {
        Some(read) => read?,
        None => (given.to_string(), None),
    };
    Ok(rt.block_on(speak::answer_text(
        ctx,
        &text,
        name.as_deref(),
        question,
        context,
        now_ms(),
    ))?)
}

/// The question of a prompt: the pack question whose text it is, else the text alone.
pub(crate) fn asked(ctx: Ctx<'_>, text: &str, id: Option<&str>) -> Asked {
    let id = id.map(str::to_string).or_else(|| {
        ctx.pack
            .questions
            .iter()
            .find(|q| q.text.trim() == text.trim())
            .map(|q| q.id.clone())
    });
    Asked {
        id,
        text: text.to_string(),
    }
}
