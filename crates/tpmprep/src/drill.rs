//! `tpmprep drill …`: spaced-repetition drills in the terminal. Scheduling is FSRS's (through
//! `practice::drill` and `app::drill`); this module reads the clock and the keyboard, and prints.
//!
//! Nothing is lost: a review is saved the moment its grade is entered; stopping (q, Ctrl-D, a
//! killed terminal) leaves every earlier review saved and the card in hand still due.

use std::fmt::Write as _;
use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use tpmprep_app::drill::{Graded, Next, Shown, Suggestion};
use tpmprep_practice::drill::{DrillStats, Grade};

use crate::cli::*;
use crate::commands::json;
use crate::config::Config;
use crate::plan::{now_ms, with_ctx};

/// The largest answer file read.
const MAX_FILE_BYTES: u64 = 256 * 1024;

fn now_of(a: &NowArg) -> Result<i64> {
    match &a.now {
        Some(s) => Ok(tpmprep_app::drill::parse_rfc3339(s).map_err(|e| anyhow!("--{e}"))?),
        None => Ok(now_ms()),
    }
}

fn grade_of(g: GradeArg) -> Grade {
    match g {
        GradeArg::Again => Grade::Again,
        GradeArg::Hard => Grade::Hard,
        GradeArg::Good => Grade::Good,
        GradeArg::Easy => Grade::Easy,
    }
}

fn read_text(path: &Path) -> Result<String> {
    crate::commands::read_text(path, MAX_FILE_BYTES, "an answer is a few paragraphs")
}

/// An answer file for card `id`: a transcript (`.srt`, `.vtt`, Whisper `.json`, or timed content)
/// is read, measured, critiqued against the card's question and kept with the card, and its
/// words are the answer (the spoken line goes to standard error under `--json`, else into
/// `text`); any other file is the answer as typed.
fn answer_file(
    rt: &tokio::runtime::Runtime,
    ctx: tpmprep_app::mock::Ctx<'_>,
    id: i64,
    path: &Path,
    as_json: bool,
    text: &mut String,
) -> Result<String> {
    let named = path
        .to_str()
        .and_then(tpmprep_speech::Format::from_name)
        .is_some_and(|f| f != tpmprep_speech::Format::Text);
    let raw = if named || path.as_os_str() == "-" {
        crate::commands::read_text(
            path,
            tpmprep_app::speak::MAX_TRANSCRIPT_BYTES as u64,
            "a transcript of a few minutes is far smaller",
        )?
    } else {
        read_text(path)?
    };
    if !named && !tpmprep_app::speak::looks_timed(&raw) {
        if raw.len() as u64 > MAX_FILE_BYTES {
            bail!(
                "{}: larger than 256 KB; an answer is a few paragraphs",
                path.display()
            );
        }
        return Ok(raw);
    }
    let card = rt
        .block_on(ctx.store.card(ctx.owner, id))?
        .ok_or_else(|| anyhow!("no card {id}"))?;
    let asked = crate::speak::asked(ctx, &card.front, card.question_id.as_deref());
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let answered = rt.block_on(tpmprep_app::speak::answer_text(
        ctx,
        &raw,
        name.as_deref(),
        &asked,
        tpmprep_app::speak::Context::Drill(id),
        now_ms(),
    ))?;
    if let Some(t) = &answered.transcript {
        let line = crate::speak::spoken_line(t);
        if as_json {
            eprintln!("{line}");
        } else {
            let _ = writeln!(text, "{line}");
        }
    }
    Ok(answered.text)
}

fn days(d: f32) -> String {
    if d < 1.0 {
        format!("{:.0} min", (d * 24.0 * 60.0).max(1.0))
    } else {
        format!("{d:.1} d")
    }
}

fn grade_word(g: Grade) -> &'static str {
    g.as_str()
}

fn render_card(c: &Shown, text: &mut String) {
    let _ = writeln!(
        text,
        "Card #{} {}({})",
        c.id,
        if c.new { "· new " } else { "" },
        c.principles.join(", ")
    );
    let _ = writeln!(text, "  {}", c.question);
    let outcomes: Vec<String> = c
        .outcomes
        .iter()
        .map(|o| format!("{} {}", grade_word(o.grade), days(o.days)))
        .collect();
    let _ = writeln!(text, "  Next review if graded: {}", outcomes.join(" · "));
}

fn render_next(n: &Next, text: &mut String) {
    match &n.card {
        Some(c) => {
            render_card(c, text);
            let _ = writeln!(
                text,
                "  {} left today · {} done today{}",
                n.left_today,
                n.done_today,
                n.cap.map(|c| format!(" · cap {c}")).unwrap_or_default()
            );
            let _ = writeln!(
                text,
                "Grade it: tpmprep drill grade {} again|hard|good|easy",
                c.id
            );
        }
        None => {
            let _ = writeln!(text, "{}", n.message.as_deref().unwrap_or("Nothing due."));
        }
    }
}

fn render_graded(g: &Graded, text: &mut String) {
    let _ = writeln!(
        text,
        "Card #{} graded {}: next due {} (in {}){}. Stability {:.1} d, difficulty {:.1}.",
        g.id,
        grade_word(g.grade),
        g.due,
        days(g.interval_days),
        if g.capped {
            format!(
                ", brought forward from {} so you see it before the interview",
                days(g.fsrs_interval_days)
            )
        } else {
            String::new()
        },
        g.stability,
        g.difficulty
    );
}

fn render_suggestion(s: &Suggestion, text: &mut String) {
    let _ = writeln!(
        text,
        "Critic: {}/100 ({}). {}",
        s.score, s.verdict, s.reason
    );
    for f in &s.findings {
        let _ = writeln!(text, "  - {f}");
    }
}

fn render_stats(s: &DrillStats, text: &mut String) {
    let _ = writeln!(
        text,
        "Cards: {} ({} new, {} suspended) · due now {} · due today {} · reviews {}",
        s.total, s.new, s.suspended, s.due_now, s.due_today, s.reviews
    );
    match s.retention {
        Some(r) => {
            let _ = writeln!(text, "Retention (last 30 days): {:.0}%", r * 100.0);
        }
        None => text.push_str("Retention: no reviews of seen cards yet\n"),
    }
    if !s.per_principle.is_empty() {
        text.push_str("\nBy principle (mean recall now):\n");
        for p in &s.per_principle {
            let _ = writeln!(
                text,
                "  {:<32} {:>3} cards  {}",
                p.principle,
                p.cards,
                p.mean_retrievability
                    .map(|r| format!("{:.0}%", r * 100.0))
                    .unwrap_or_else(|| "not reviewed".into())
            );
        }
    }
    if !s.forecast.is_empty() {
        text.push_str("\nReviews due per day:\n");
        let max = s
            .forecast
            .iter()
            .map(|f| f.reviews)
            .max()
            .unwrap_or(0)
            .max(1);
        for f in &s.forecast {
            let bar = "#".repeat(((f.reviews * 40).div_ceil(max)) as usize);
            let _ = writeln!(text, "  {} {:>4} {bar}", f.date, f.reviews);
        }
    }
}

/// Runs one `drill` command.
pub fn run(cfg: &Config, cmd: DrillCommand, text: &mut String) -> Result<ExitCode> {
    with_ctx(cfg, |rt, ctx| {
        match cmd {
            DrillCommand::Start { now, json: as_json } => {
                let fixed = now.now.is_some().then(|| now_of(&now)).transpose()?;
                let done = session(rt, ctx, fixed, as_json)?;
                if as_json {
                    json(&done, text)?;
                }
            }
            DrillCommand::Next { now, out } => {
                let n = rt.block_on(tpmprep_app::drill::next(ctx, now_of(&now)?))?;
                if out.json {
                    json(&n, text)?;
                } else {
                    render_next(&n, text);
                }
            }
            DrillCommand::Grade {
                id,
                grade,
                answer,
                now,
                out,
            } => {
                let answer = answer
                    .as_deref()
                    .map(|p| answer_file(rt, ctx, id, p, out.json, text))
                    .transpose()?;
                let g = rt.block_on(tpmprep_app::drill::grade(
                    ctx,
                    id,
                    grade_of(grade),
                    now_of(&now)?,
                    answer.as_deref(),
                    None,
                ))?;
                if out.json {
                    json(&g, text)?;
                } else {
                    render_graded(&g, text);
                }
            }
            DrillCommand::Check { id, file, out } => {
                let answer = answer_file(rt, ctx, id, &file, out.json, text)?;
                let s = rt.block_on(tpmprep_app::drill::check(ctx, id, &answer))?;
                if out.json {
                    json(&s, text)?;
                } else {
                    render_suggestion(&s, text);
                }
            }
            DrillCommand::Add {
                weakest,
                question,
                front,
                back,
                principles,
                now,
                out,
            } => {
                let now = now_of(&now)?;
                let ids: Vec<i64> = if let Some(n) = weakest {
                    rt.block_on(tpmprep_app::drill::add_weakest(ctx, n, now))?
                } else if !question.is_empty() {
                    rt.block_on(tpmprep_app::drill::add_questions(ctx, &question, now))?
                        .into_iter()
                        .map(|(id, _)| id)
                        .collect()
                } else if let Some(f) = front {
                    vec![rt.block_on(tpmprep_app::drill::add_own(
                        ctx,
                        &f,
                        &back,
                        &principles,
                        now,
                    ))?]
                } else {
                    bail!("say what to add: --weakest N, --question ID or --front TEXT");
                };
                if out.json {
                    json(&serde_json::json!({ "added": ids }), text)?;
                } else if ids.is_empty() {
                    text.push_str("Nothing added: every such question is already a card.\n");
                } else {
                    let list: Vec<String> = ids.iter().map(|i| format!("#{i}")).collect();
                    let _ = writeln!(
                        text,
                        "{} card(s): {}. Drill them with `tpmprep drill start`.",
                        ids.len(),
                        list.join(" ")
                    );
                }
            }
            DrillCommand::List { out } => {
                let cards = rt.block_on(tpmprep_app::drill::list(ctx))?;
                if out.json {
                    json(&cards, text)?;
                } else if cards.is_empty() {
                    text.push_str("No cards yet: `tpmprep drill add --weakest 10`.\n");
                } else {
                    for c in &cards {
                        let due = c
                            .memory
                            .as_ref()
                            .map(|m| tpmprep_app::drill::rfc3339(m.due))
                            .unwrap_or_else(|| "new".into());
                        let _ = writeln!(
                            text,
                            "#{:<5} {:<22} {}{}",
                            c.id,
                            due,
                            c.front,
                            if c.suspended { "  (suspended)" } else { "" }
                        );
                    }
                }
            }
            DrillCommand::Stats { now, out } => {
                let s = rt.block_on(tpmprep_app::drill::stats(ctx, now_of(&now)?))?;
                if out.json {
                    json(&s, text)?;
                } else {
                    render_stats(&s, text);
                }
            }
            DrillCommand::Export { file, out } => {
                let tsv = rt.block_on(tpmprep_app::drill::export_tsv(ctx))?;
                match &file {
                    Some(path) => {
                        let tmp = path.with_extension("tpmprep-tmp");
                        std::fs::write(&tmp, &tsv)
                            .with_context(|| format!("cannot write {}", tmp.display()))?;
                        std::fs::rename(&tmp, path)
                            .with_context(|| format!("cannot write {}", path.display()))?;
                        let cards = tsv.lines().filter(|l| !l.starts_with('#')).count();
                        if out.json {
                            json(
                                &serde_json::json!({ "file": path.display().to_string(), "bytes": tsv.len() }),
                                text,
                            )?;
                        } else {
                            let _ = writeln!(
                                text,
                                "Wrote {} ({} line(s)). In Anki: File → Import, pick the file; the header sets tab-separated fields and the tags column.",
                                path.display(),
                                cards
                            );
                        }
                    }
                    None if out.json => json(&serde_json::json!({ "tsv": tsv }), text)?,
                    None => text.push_str(&tsv),
                }
            }
            DrillCommand::Suspend { id, undo, out } => {
                rt.block_on(tpmprep_app::drill::suspend(ctx, id, !undo))?;
                if out.json {
                    json(&serde_json::json!({ "id": id, "suspended": !undo }), text)?;
                } else if undo {
                    let _ = writeln!(text, "Card #{id} is back in the drill.");
                } else {
                    let _ = writeln!(
                        text,
                        "Card #{id} suspended: it is not shown until `drill suspend {id} --undo`."
                    );
                }
            }
            DrillCommand::Rm { id, out } => {
                rt.block_on(tpmprep_app::drill::delete(ctx, id))?;
                if out.json {
                    json(&serde_json::json!({ "id": id, "deleted": true }), text)?;
                } else {
                    let _ = writeln!(text, "Card #{id} and its reviews deleted.");
                }
            }
            DrillCommand::Settings {
                retention,
                new_per_day,
                minutes_per_day,
                out,
            } => {
                let patch = tpmprep_app::drill::DrillPatch {
                    desired_retention: retention,
                    new_per_day,
                    minutes_per_day,
                };
                let s = rt.block_on(tpmprep_app::drill::update_settings(ctx, &patch))?;
                if out.json {
                    json(&s, text)?;
                } else {
                    let _ = writeln!(
                        text,
                        "Desired retention {:.2} · {} new card(s) a day · {} · {} FSRS parameters",
                        s.desired_retention,
                        s.new_per_day,
                        s.minutes_per_day
                            .map(|m| format!("{m} min a day"))
                            .unwrap_or_else(|| {
                                "no daily cap (set an interview date for the plan's)".into()
                            }),
                        if s.parameters.is_some() {
                            "your own"
                        } else {
                            "default"
                        }
                    );
                }
            }
            DrillCommand::Optimise { reset, out } => {
                if reset {
                    rt.block_on(tpmprep_app::drill::reset_parameters(ctx))?;
                    if out.json {
                        json(&serde_json::json!({ "parameters": null }), text)?;
                    } else {
                        text.push_str("Back to FSRS's default parameters.\n");
                    }
                } else {
                    let p = rt.block_on(tpmprep_app::drill::optimise(ctx))?;
                    if out.json {
                        json(&serde_json::json!({ "parameters": p }), text)?;
                    } else {
                        let _ = writeln!(
                            text,
                            "FSRS parameters fitted to your reviews ({} values); they schedule every later review.",
                            p.len()
                        );
                    }
                }
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}

/// One line from standard input; `None` at the end of input.
fn read_line(input: &mut impl BufRead) -> Result<Option<String>> {
    let mut line = String::new();
    let n = input
        .read_line(&mut line)
        .context("cannot read the keyboard")?;
    Ok((n > 0).then(|| line.trim_end_matches(['\r', '\n']).to_string()))
}

fn parse_grade(s: &str) -> Option<Grade> {
    match s.trim().to_ascii_lowercase().as_str() {
        "a" | "1" | "again" => Some(Grade::Again),
        "h" | "2" | "hard" => Some(Grade::Hard),
        "g" | "3" | "good" => Some(Grade::Good),
        "e" | "4" | "easy" => Some(Grade::Easy),
        _ => None,
    }
}

/// The interactive session: prompts to standard error when `--json`, else standard output.
fn session(
    rt: &tokio::runtime::Runtime,
    ctx: tpmprep_app::mock::Ctx<'_>,
    fixed_now: Option<i64>,
    as_json: bool,
) -> Result<Vec<Graded>> {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let say = |s: &str| {
        if as_json {
            let _ = write!(std::io::stderr(), "{s}");
        } else {
            let mut o = std::io::stdout();
            let _ = write!(o, "{s}");
            let _ = o.flush();
        }
    };
    let mut done = Vec::new();
    loop {
        let now = fixed_now.unwrap_or_else(now_ms);
        let next = rt.block_on(tpmprep_app::drill::next(ctx, now))?;
        let Some(card) = next.card else {
            say(&format!(
                "{}\n",
                next.message.as_deref().unwrap_or("Nothing due.")
            ));
            break;
        };
        let mut t = String::new();
        let _ = writeln!(t, "\n{} left today", next.left_today);
        render_card(&card, &mut t);
        let mut answer = rt
            .block_on(tpmprep_app::drill::draft(ctx, card.id))?
            .unwrap_or_default();
        if answer.is_empty() {
            t.push_str(
                "Type your answer; an empty line ends it (Enter alone: grade yourself; q: stop).\n> ",
            );
        } else {
            let _ = write!(
                t,
                "Your unsent answer from last time is kept:\n{answer}Type more lines, or an empty line to finish it.\n> "
            );
        }
        say(&t);
        let mut stop = false;
        loop {
            match read_line(&mut input)? {
                None => {
                    stop = true;
                    break;
                }
                Some(l) if answer.is_empty() && (l.trim() == "q" || l.trim() == ":q") => {
                    stop = true;
                    break;
                }
                Some(l) if l.trim().is_empty() => break,
                Some(l) => {
                    answer.push_str(&l);
                    answer.push('\n');
                    // Saved line by line: a killed terminal loses nothing typed.
                    rt.block_on(tpmprep_app::drill::save_draft(ctx, card.id, &answer))?;
                    say("> ");
                }
            }
        }
        if stop {
            say("Stopped; this card is still due.\n");
            break;
        }
        // A transcript (`@FILE`, or pasted) is read and kept with the card; its words are the
        // answer. One that cannot be read is named with its line, and the card is asked again.
        if !answer.trim().is_empty() {
            let asked = crate::speak::asked(ctx, &card.question, card.question_id.as_deref());
            match crate::speak::spoken_answer(
                rt,
                ctx,
                &answer,
                &asked,
                tpmprep_app::speak::Context::Drill(card.id),
            ) {
                Ok(a) => {
                    if let Some(t) = &a.transcript {
                        say(&format!("{}\n", crate::speak::spoken_line(t)));
                        answer = a.text;
                        rt.block_on(tpmprep_app::drill::save_draft(ctx, card.id, &answer))?;
                    }
                }
                Err(e) => {
                    say(&format!(
                        "{e:#}\nNothing was graded: fix the file, or type the answer.\n"
                    ));
                    rt.block_on(tpmprep_app::drill::save_draft(ctx, card.id, ""))?;
                    continue;
                }
            }
        }
        let suggestion = if answer.trim().is_empty() {
            None
        } else {
            let s = rt.block_on(tpmprep_app::drill::check(ctx, card.id, &answer))?;
            let mut t = String::new();
            render_suggestion(&s, &mut t);
            say(&t);
            Some(s)
        };
        if card.back.trim().is_empty() {
            say("\n(This card has nothing on its back.)\n");
        } else {
            say(&format!("\n{}\n", card.back));
        }
        let grade = loop {
            say(&match &suggestion {
                Some(s) => format!(
                    "Grade [a]gain [h]ard [g]ood [e]asy (Enter: {}; q: stop): ",
                    grade_word(s.grade)
                ),
                None => "Grade [a]gain [h]ard [g]ood [e]asy (q: stop): ".to_string(),
            });
            match read_line(&mut input)? {
                None => break None,
                Some(l) if l.trim() == "q" => break None,
                Some(l) if l.trim().is_empty() => {
                    if let Some(s) = &suggestion {
                        break Some(s.grade);
                    }
                }
                Some(l) => match parse_grade(&l) {
                    Some(g) => break Some(g),
                    None => say("That is not a grade: a, h, g or e.\n"),
                },
            }
        };
        let Some(grade) = grade else {
            say("Stopped; this card is still due.\n");
            break;
        };
        let g = rt.block_on(tpmprep_app::drill::grade(
            ctx,
            card.id,
            grade,
            fixed_now.unwrap_or_else(now_ms),
            (!answer.trim().is_empty()).then_some(answer.as_str()),
            Some(card.reps),
        ))?;
        let mut t = String::new();
        render_graded(&g, &mut t);
        say(&t);
        done.push(g);
        if fixed_now.is_some() && done.len() >= 500 {
            break;
        }
    }
    say(&format!("{} review(s) saved.\n", done.len()));
    Ok(done)
}
