//! `tpmprep critique` and `tpmprep story critique`: run the critic and print a scorecard or JSON.

use std::fmt::Write as _;
use std::io::{IsTerminal, Read};
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use tpmprep_content::Pack;
use tpmprep_critic::{Critic, Critique, Facts, Input, Question, Severity};

use crate::commands::json;

/// Longest answer accepted, in bytes.
const MAX_ANSWER_BYTES: usize = 5 * 1024 * 1024;

/// Reads the answer from a file, or stdin for `-`/none.
/// Splits a question written on the answer's first line ("Q: Tell me about a time…", or
/// "Question: …") from the answer under it. The answer alone when its first non-blank line is not
/// one, or when nothing follows it.
pub fn split_question(text: &str) -> (Option<String>, &str) {
    let body = text.trim_start();
    let (first, rest) = body.split_once('\n').unwrap_or((body, ""));
    let first = first.trim();
    let lower = first.to_lowercase();
    let label = ["q:", "question:"]
        .into_iter()
        .find(|l| lower.starts_with(l))
        .map(str::len);
    match label {
        Some(n) if !rest.trim().is_empty() => {
            let q = first.get(n..).unwrap_or("").trim();
            if q.is_empty() {
                (None, rest)
            } else {
                (Some(q.to_string()), rest)
            }
        }
        _ => (None, text),
    }
}

pub fn read_answer(file: Option<&Path>) -> Result<String> {
    let mut bytes = Vec::new();
    let source = match file {
        Some(p) if p.as_os_str() != "-" => p.display().to_string(),
        _ => "standard input".to_string(),
    };
    match file {
        Some(p) if p.as_os_str() != "-" => {
            let meta =
                std::fs::metadata(p).with_context(|| format!("cannot read {}", p.display()))?;
            if meta.len() as usize > MAX_ANSWER_BYTES {
                bail!(
                    "{}: {} bytes; answers are limited to 5 MB",
                    p.display(),
                    crate::render::thousands(meta.len())
                );
            }
            bytes = std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?;
        }
        _ => {
            if std::io::stdin().is_terminal() {
                eprintln!("Type or paste the answer, then Ctrl-D:");
            }
            std::io::stdin()
                .take(MAX_ANSWER_BYTES as u64 + 1)
                .read_to_end(&mut bytes)
                .context("cannot read standard input")?;
            if bytes.len() > MAX_ANSWER_BYTES {
                bail!("the answer is over 5 MB");
            }
        }
    }
    let answer = String::from_utf8(bytes).map_err(|e| {
        anyhow!(
            "{source}: the answer is not UTF-8 text (bad byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    let answer = tpmprep_app::critique::clean(&answer).into_owned();
    if answer.trim().is_empty() {
        bail!(
            "{source}: the answer is empty; write the answer into it (or pipe it in) and try again"
        );
    }
    Ok(answer)
}

/// The longest `--question` taken: an interviewer's question, not an answer pasted by mistake.
const MAX_QUESTION_CHARS: usize = 2_000;

/// The question text and pack principles for `--question` / `--question-id`.
pub fn question<'p>(
    pack: &'p Pack,
    text: Option<&'p str>,
    id: Option<&str>,
) -> Result<Option<(&'p str, &'p [String], &'p str)>> {
    match (text, id) {
        (Some(t), _) if t.trim().is_empty() => bail!(
            "--question is empty; give the question's text, or leave --question out to critique the answer alone"
        ),
        (Some(t), _) if t.chars().count() > MAX_QUESTION_CHARS => bail!(
            "--question is {} characters; a question is at most {MAX_QUESTION_CHARS} (was the answer passed as the question?)",
            t.chars().count()
        ),
        (Some(t), _) => Ok(Some((t, &[], ""))),
        (None, Some(id)) => {
            let q = pack.question(id).ok_or_else(|| {
                anyhow!("no question with id `{id}`; list ids with `tpmprep questions` or search with --search")
            })?;
            Ok(Some((
                q.text.as_str(),
                q.principles.as_slice(),
                q.kind.as_str(),
            )))
        }
        (None, None) => Ok(None),
    }
}

/// Runs the critic and renders the result.
pub fn run(
    pack: &Pack,
    answer: &str,
    question: Option<(&str, &[String], &str)>,
    facts: Option<&Facts>,
    principles: &[String],
    as_json: bool,
    text: &mut String,
) -> Result<()> {
    for p in principles {
        if pack.principle(p).is_none() {
            return Err(crate::commands::unknown(
                "principle",
                p,
                pack.principles.iter().map(|p| p.id.as_str()),
            ));
        }
    }
    let critic = Critic::new(pack);
    let critique = critic.critique(&Input {
        text: answer,
        question: question.map(|(t, p, k)| Question {
            text: t,
            principles: p,
            kind: k,
        }),
        facts,
        principles,
    });
    if as_json {
        return json(&critique, text);
    }
    scorecard(pack, &critique, question.map(|q| q.0), text);
    Ok(())
}

struct Style {
    on: bool,
}

impl Style {
    fn detect() -> Style {
        Style {
            on: std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal(),
        }
    }
    fn paint(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

fn bar(score: u8) -> String {
    let n = usize::from(score.min(10));
    format!("{}{}", "■".repeat(n), "·".repeat(10 - n))
}

pub(crate) fn scorecard(pack: &Pack, c: &Critique, question: Option<&str>, text: &mut String) {
    let st = Style::detect();
    let verdict_colour = match c.verdict {
        "strong" => "32",
        "mixed" => "33",
        _ => "31",
    };
    let _ = writeln!(
        text,
        "{}  {} words",
        st.paint(
            &format!("1;{verdict_colour}"),
            &format!("{}/100 · {}", c.overall, c.verdict)
        ),
        c.words
    );
    if let Some(held) = &c.held {
        crate::render::wrap(text, "  ", held);
    }
    let shown = tpmprep_app::critique::shown(pack, c);
    if let (Some(q), Some(fit)) = (question, &shown.question) {
        crate::render::wrap(text, "  ", &format!("Question ({}): {q}", fit.kind_label));
        if fit.principles.is_empty() {
            let _ = writeln!(text, "  It probes: no principle stands out");
        } else {
            let _ = writeln!(text, "  It probes:");
            let width = fit
                .top
                .iter()
                .map(|p| p.name.chars().count())
                .max()
                .unwrap_or(0);
            for p in &fit.top {
                let _ = writeln!(
                    text,
                    "    {:<width$}  {} {:>3}%",
                    p.name,
                    bar(((p.score * 10.0).round() as u8).min(10)),
                    p.percent
                );
            }
            if fit.more > 0 {
                let _ = writeln!(text, "    … and {} more (see --json)", fit.more);
            }
        }
    }
    if shown.is_design {
        let _ = writeln!(
            text,
            "\n  Design answer: {} of {} design criteria met",
            shown.design_met,
            shown.design.len()
        );
        for d in &shown.design {
            let mark = if d.present {
                st.paint("32", "✓")
            } else {
                st.paint("31", "✗")
            };
            let _ = writeln!(text, "  {mark} {}", d.label);
            if !d.quote.is_empty() {
                let quote: String = d.quote.chars().take(160).collect();
                let ellipsis = if d.quote.chars().count() > 160 {
                    "…"
                } else {
                    ""
                };
                crate::render::wrap(text, "      > ", &format!("{quote}{ellipsis}"));
            }
        }
        let _ = writeln!(text, "\n  The eight dimensions, read as a story:");
    } else {
        text.push('\n');
    }
    let d = &c.dimensions;
    for (name, dim) in [
        ("structure", &d.structure),
        ("metrics", &d.metrics),
        ("judgment", &d.judgment),
        ("ownership", &d.ownership),
        ("scope", &d.scope),
        ("collaboration", &d.collaboration),
        ("specificity", &d.specificity),
        ("delivery", &d.delivery),
    ] {
        let first = dim.evidence.first().map(String::as_str).unwrap_or("");
        let short: String = first.chars().take(70).collect();
        let _ = writeln!(
            text,
            "  {:<14}{} {:>2}  {short}",
            name,
            bar(dim.score),
            dim.score
        );
    }
    let sa = &c.stakeholder_alignment;
    let iso = &c.impact_scope_ownership;
    if !shown.is_design {
        let _ = writeln!(
            text,
            "\n  Stakeholder alignment: business goal {}/10 · engineering collaboration {}/10 · measurable outcome {}/10",
            sa.business_goal, sa.engineering_collaboration, sa.measurable_outcome
        );
        let _ = writeln!(
            text,
            "  Impact–Scope–Ownership: customer problem {} · {} org(s) aligned · ownership {}/10",
            if iso.customer_problem {
                "named"
            } else {
                "missing"
            },
            iso.orgs_aligned,
            iso.ownership
        );
    }
    let shown: Vec<String> = c
        .principles
        .iter()
        .filter(|p| p.score >= 0.3)
        .take(4)
        .map(|p| {
            let name = pack
                .principle(&p.id)
                .map_or(p.id.clone(), |x| x.name.clone());
            format!("{name} {:.2}", p.score)
        })
        .collect();
    let _ = writeln!(
        text,
        "  Principles evidenced: {}",
        if shown.is_empty() {
            "none clearly".to_string()
        } else {
            shown.join(" · ")
        }
    );
    if c.findings.is_empty() {
        let _ = writeln!(text, "\nNo findings.");
        return;
    }
    let _ = writeln!(text, "\nFindings");
    for f in &c.findings {
        let (label, colour) = match f.severity {
            Severity::Miss => ("MISS", "31"),
            Severity::Warn => ("WARN", "33"),
            Severity::Note => ("NOTE", "36"),
        };
        let _ = writeln!(
            text,
            "\n{} [{}] {}",
            st.paint(colour, label),
            f.dimension,
            f.message
        );
        if !f.quote.is_empty() {
            let quote: String = f.quote.chars().take(240).collect();
            let ellipsis = if f.quote.chars().count() > 240 {
                "…"
            } else {
                ""
            };
            crate::render::wrap(text, "     > ", &format!("{quote}{ellipsis}"));
        }
        crate::render::wrap(text, "     → ", &f.suggestion);
    }
}

/// `critique --resume`: every bullet scored, the ones to rewrite first at the top.
pub fn resume(pack: &Pack, text_in: &str, as_json: bool, text: &mut String) -> Result<()> {
    let report = Critic::new(pack).resume(text_in);
    if as_json {
        return json(&report, text);
    }
    let _ = writeln!(
        text,
        "{} of {} bullets have an outcome number, a decision and scope.\n",
        report.strong,
        report.bullets.len()
    );
    let yes = |b: bool| if b { "✓" } else { "✗" };
    for b in &report.bullets {
        let _ = writeln!(
            text,
            "line {:>3}  {}/3  number {} decision {} scope {}",
            b.line,
            b.score,
            yes(b.outcome_number),
            yes(b.decision),
            yes(b.scope)
        );
        crate::render::wrap(text, "     > ", &b.text);
        for a in &b.advice {
            crate::render::wrap(text, "     → ", a);
        }
    }
    if report.bullets.is_empty() {
        let _ = writeln!(text, "No bullet lines found (lines of four words or more).");
    }
    Ok(())
}
