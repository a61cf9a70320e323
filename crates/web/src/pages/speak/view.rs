//! What the Speak pages show, worked out from the app's types: the question picker, the past
//! transcripts' rows, and a report's figures, tables, chart, marked transcript and critique panel.

use serde::Serialize;
use tpmprep_app::speak::Saved;
use tpmprep_content::Pack;
use tpmprep_speech::Pace;
use tpmprep_store::TranscriptSummary;

use super::chart::{self, Share, Timeline, clock};
use crate::pages::critique::{Segment, marked};
use crate::templates::render_str;
use crate::{AppState, PageError};

/// The format choices: (value, label).
pub(crate) const FORMATS: &[(&str, &str)] = &[
    ("auto", "From the file (or guess)"),
    ("text", "Plain text (give the duration)"),
    ("srt", "SubRip .srt"),
    ("vtt", "WebVTT .vtt"),
    ("whisper", "Whisper JSON"),
];

/// A question in the picker.
#[derive(Debug, Serialize)]
pub(crate) struct QuestionOption {
    id: String,
    text: String,
}

/// The questions of one principle (each question under its first principle).
#[derive(Debug, Serialize)]
pub(crate) struct QuestionGroup {
    name: String,
    questions: Vec<QuestionOption>,
}

fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max).collect();
        format!("{}…", cut.trim_end())
    }
}

/// The pack's questions grouped by their first principle, in the pack's order; the questions with
/// no principle last.
pub(crate) fn question_groups(pack: &Pack) -> Vec<QuestionGroup> {
    let option = |q: &tpmprep_content::Question| QuestionOption {
        id: q.id.clone(),
        text: short(&q.text, 90),
    };
    let mut groups: Vec<QuestionGroup> = pack
        .principles
        .iter()
        .map(|p| QuestionGroup {
            name: p.name.clone(),
            questions: pack
                .questions
                .iter()
                .filter(|q| q.principles.first() == Some(&p.id))
                .map(option)
                .collect(),
        })
        .filter(|g| !g.questions.is_empty())
        .collect();
    let known = |id: &String| pack.principles.iter().any(|p| &p.id == id);
    let rest: Vec<QuestionOption> = pack
        .questions
        .iter()
        .filter(|q| q.principles.first().is_none_or(|p| !known(p)))
        .map(option)
        .collect();
    if !rest.is_empty() {
        groups.push(QuestionGroup {
            name: "Other questions".into(),
            questions: rest,
        });
    }
    groups
}

/// Words a minute from a word count and milliseconds.
fn wpm(words: i64, ms: i64) -> f64 {
    if ms <= 0 {
        0.0
    } else {
        words as f64 * 60_000.0 / ms as f64
    }
}

/// One past transcript in the list.
#[derive(Debug, Serialize)]
pub(crate) struct PastRow {
    id: i64,
    created_at: i64,
    name: String,
    question: String,
    length: String,
    wpm: String,
    score: String,
    context: String,
}

pub(crate) fn past_row(t: &TranscriptSummary) -> PastRow {
    PastRow {
        id: t.id,
        created_at: t.created_at,
        name: t.name.clone(),
        question: t
            .question
            .as_deref()
            .map_or_else(|| "—".to_string(), |q| short(q, 80)),
        length: clock(t.duration_ms as f64 / 1000.0),
        wpm: format!("{:.0}", wpm(t.words, t.duration_ms)),
        score: t.score.map_or_else(|| "—".to_string(), |s| s.to_string()),
        context: context_words(&t.context, t.context_id),
    }
}

fn context_words(kind: &str, id: Option<i64>) -> String {
    match (kind, id) {
        ("mock", Some(id)) => format!("mock {id}"),
        ("drill", Some(id)) => format!("drill card #{id}"),
        ("story", Some(id)) => format!("story #{id}"),
        _ => String::new(),
    }
}

fn context_link(kind: &str, id: Option<i64>) -> Option<String> {
    match (kind, id) {
        ("mock", Some(id)) => Some(format!("/mock/{id}")),
        ("drill", Some(_)) => Some("/drill".to_string()),
        ("story", Some(id)) => Some(format!("/stories/{id}")),
        _ => None,
    }
}

fn pace_words(p: Pace) -> &'static str {
    match p {
        Pace::Slow => "slow (under 130)",
        Pace::Comfortable => "comfortable (130–160)",
        Pace::Fast => "fast (over 160)",
    }
}

/// A row of the windows' table.
#[derive(Debug, Serialize)]
struct WindowRow {
    from: String,
    to: String,
    words: usize,
    wpm: String,
    pace: &'static str,
}

/// A row of the pauses' table.
#[derive(Debug, Serialize)]
struct PauseRow {
    at: String,
    seconds: String,
    after: String,
}

/// A row of the fillers' or hedges' table.
#[derive(Debug, Serialize)]
struct MarkRow {
    phrase: String,
    at: String,
}

/// A piece of the transcript: plain, or a filler or hedge.
#[derive(Debug, Serialize)]
struct Piece {
    text: String,
    /// `filler`, `hedge` or empty.
    kind: &'static str,
    title: String,
}

/// Splits `text` by the marks (byte spans; earlier starts win where they overlap; spans that do not
/// fall on character boundaries mark nothing).
fn pieces(text: &str, marks: &[(usize, usize, &'static str, String)]) -> Vec<Piece> {
    let mut marks: Vec<&(usize, usize, &'static str, String)> = marks
        .iter()
        .filter(|(s, e, _, _)| {
            e > s && *e <= text.len() && text.is_char_boundary(*s) && text.is_char_boundary(*e)
        })
        .collect();
    marks.sort_by_key(|m| (m.0, m.1));
    let mut out = Vec::new();
    let mut at = 0;
    for (s, e, kind, title) in marks {
        if *s < at {
            continue;
        }
        if *s > at {
            out.push(Piece {
                text: text[at..*s].to_string(),
                kind: "",
                title: String::new(),
            });
        }
        out.push(Piece {
            text: text[*s..*e].to_string(),
            kind,
            title: title.clone(),
        });
        at = *e;
    }
    if at < text.len() {
        out.push(Piece {
            text: text[at..].to_string(),
            kind: "",
            title: String::new(),
        });
    }
    out
}

/// Everything the report page shows.
#[derive(Debug, Serialize)]
pub(crate) struct ReportView {
    name: String,
    created_at: i64,
    question: Option<String>,
    question_id: Option<String>,
    context: String,
    context_link: Option<String>,
    summary: Vec<String>,
    timed: bool,
    format: String,
    words: usize,
    length: String,
    wpm: String,
    pace: &'static str,
    pace_class: &'static str,
    fillers: usize,
    fillers_per_minute: String,
    filler_counts: Vec<String>,
    hedges: usize,
    hedge_counts: Vec<String>,
    pause_count: usize,
    talk_time: String,
    talk_verdict: String,
    talk_advice: String,
    chart: Timeline,
    windows: Vec<WindowRow>,
    pauses: Vec<PauseRow>,
    filler_rows: Vec<MarkRow>,
    hedge_rows: Vec<MarkRow>,
    star: Vec<Share>,
    transcript: Vec<Piece>,
    notes: Vec<String>,
    score: u8,
    verdict: String,
    #[serde(skip)]
    pub(crate) critique_html: String,
}

/// The critique panel of a kept report, drawn from its JSON as the Critique page draws one.
fn critique_panel(
    state: &AppState,
    text: &str,
    c: &serde_json::Value,
) -> Result<String, PageError> {
    let spans = c["findings"]
        .as_array()
        .map(|fs| {
            fs.iter()
                .map(|f| {
                    let n = |k: &str| f[k].as_u64().map_or(0, |v| v as usize);
                    (n("start"), n("end"))
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let segments: Vec<Segment<'_>> = marked(text, spans.into_iter());
    let x = tpmprep_app::critique::from_json(state.pack(), c.clone());
    Ok(render_str(
        state,
        "critique.html",
        "",
        minijinja::context! {
            c => minijinja::Value::from_serialize(c),
            x => minijinja::Value::from_serialize(&x),
            segments => minijinja::Value::from_serialize(&segments),
            empty => text.trim().is_empty(),
        },
    )?)
}

pub(crate) fn report(state: &AppState, s: &Saved) -> Result<ReportView, PageError> {
    let r = &s.report;
    let d = &r.delivery;
    let mut marks: Vec<(usize, usize, &'static str, String)> = d
        .filler_marks
        .iter()
        .map(|m| {
            (
                m.start,
                m.end,
                "filler",
                format!("Filler “{}” at {}", m.phrase, clock(m.at)),
            )
        })
        .collect();
    marks.extend(d.hedge_marks.iter().map(|m| {
        (
            m.start,
            m.end,
            "hedge",
            format!("Hedge “{}” at {}", m.phrase, clock(m.at)),
        )
    }));
    let counts = |cs: &[tpmprep_speech::Count]| {
        cs.iter()
            .map(|c| format!("“{}” ×{}", c.phrase, c.count))
            .collect::<Vec<_>>()
    };
    let mark_rows = |ms: &[tpmprep_speech::Mark]| {
        ms.iter()
            .map(|m| MarkRow {
                phrase: m.phrase.clone(),
                at: clock(m.at),
            })
            .collect::<Vec<_>>()
    };
    Ok(ReportView {
        name: r.name.clone(),
        created_at: s.created_at,
        question: r.question.as_ref().map(|q| q.text.clone()),
        question_id: r.question.as_ref().and_then(|q| q.id.clone()),
        context: context_words(&s.context, s.context_id),
        context_link: context_link(&s.context, s.context_id),
        summary: r.summary.clone(),
        timed: d.timed,
        format: d.format.as_str().to_string(),
        words: d.words,
        length: clock(d.duration_seconds),
        wpm: format!("{:.0}", d.wpm),
        pace: pace_words(d.pace),
        pace_class: match d.pace {
            Pace::Slow => "slow",
            Pace::Comfortable => "comfortable",
            Pace::Fast => "fast",
        },
        fillers: d.fillers,
        fillers_per_minute: format!("{:.1}", d.fillers_per_minute),
        filler_counts: counts(&d.filler_counts),
        hedges: d.hedges,
        hedge_counts: counts(&d.hedge_counts),
        pause_count: d.pauses.len(),
        talk_time: clock(d.talk_time.seconds),
        talk_verdict: d.talk_time.verdict.replace('-', " "),
        talk_advice: d.talk_time.advice.clone(),
        chart: chart::timeline(d),
        windows: d
            .windows
            .iter()
            .map(|w| WindowRow {
                from: clock(w.start),
                to: clock(w.end),
                words: w.words,
                wpm: format!("{:.0}", w.wpm),
                pace: match w.pace {
                    Pace::Slow => "slow",
                    Pace::Comfortable => "comfortable",
                    Pace::Fast => "fast",
                },
            })
            .collect(),
        pauses: d
            .pauses
            .iter()
            .map(|p| PauseRow {
                at: clock(p.start),
                seconds: format!("{:.1} s", p.seconds),
                after: p.after.clone(),
            })
            .collect(),
        filler_rows: mark_rows(&d.filler_marks),
        hedge_rows: mark_rows(&d.hedge_marks),
        star: chart::star_bar(&r.star),
        transcript: pieces(&r.text, &marks),
        notes: d.notes.clone(),
        score: r.score,
        verdict: r.verdict.clone(),
        critique_html: critique_panel(state, &r.text, &r.critique)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_split_the_text_and_bad_spans_mark_nothing() {
        let text = "So, um, I think it worked.";
        let marks = vec![
            (4, 6, "filler", "um".to_string()),
            (8, 15, "hedge", "i think".to_string()),
            (5, 9, "hedge", "overlap".to_string()),
            (20, 99, "filler", "out of range".to_string()),
        ];
        let p = pieces(text, &marks);
        let kinds: Vec<(&str, &str)> = p.iter().map(|x| (x.text.as_str(), x.kind)).collect();
        assert_eq!(
            kinds,
            [
                ("So, ", ""),
                ("um", "filler"),
                (", ", ""),
                ("I think", "hedge"),
                (" it worked.", "")
            ]
        );
    }

    #[test]
    fn every_pack_question_is_in_one_group() {
        let pack = tpmprep_content::embedded_pack().expect("pack");
        let n: usize = question_groups(&pack)
            .iter()
            .map(|g| g.questions.len())
            .sum();
        assert_eq!(n, pack.questions.len());
    }
}
