//! The debrief as the page shows it: ratings with their reasons, each question with its answer
//! (folded), follow-ups and critique, and the changes that would move the outcome most.

use super::*;
use tpmprep_store::{CommentOn, CommentsOf};

/// The debrief as the page shows it.
#[derive(Serialize)]
pub(super) struct DebriefView {
    id: MockId,
    /// "Phone screen · Format: … · time scale 0.05", in the pack's names.
    header: String,
    /// Where the candidate ended the mock, when it was ended early.
    ended_early: Option<String>,
    /// Which principles the plan left out and why.
    not_probed: Option<String>,
    /// "2 answers repeat earlier ones", when any do.
    repeats_heading: Option<String>,
    /// Which answers repeat which.
    repeats: Vec<String>,
    decision: &'static str,
    decision_label: &'static str,
    reason: String,
    interviews: Vec<InterviewDebriefView>,
    changes_heading: &'static str,
    changes: Vec<ChangeView>,
    /// Why there are fewer than three changes, when there are.
    changes_note: Option<String>,
    /// The seed, for the "repeat this mock" line.
    seed: u64,
    /// `/mock?…` with the start form filled to run the same mock again (phone screens and loops).
    repeat_href: Option<String>,
    /// The same from the terminal.
    repeat_command: String,
}

#[derive(Serialize)]
pub(super) struct InterviewDebriefView {
    number: usize,
    title: String,
    role_name: String,
    bar_raiser: bool,
    ratings: Vec<RatingView>,
    questions: Vec<QuestionView>,
}

#[derive(Serialize)]
pub(super) struct RatingView {
    principle: String,
    name: String,
    rating: &'static str,
    label: &'static str,
    reason: String,
}

#[derive(Serialize)]
pub(super) struct QuestionView {
    id: String,
    /// "Question 2" within its interview.
    label: String,
    principle: String,
    text: String,
    answer: String,
    /// The answer's first sentence when there is more to unfold.
    answer_first: Option<String>,
    follow_ups: Vec<FollowUpView>,
    score: u8,
    time: String,
    story: Option<i64>,
    retold: Option<String>,
    /// "This answer repeats your answer to interview 1, question 1", and what the interviewer
    /// said about it.
    repeated: Option<String>,
    /// The critique panel of everything said for the question (HTML, escaped by its own template).
    critique: String,
}

/// A follow-up and its answer, folded as the question's answer is.
#[derive(Serialize)]
pub(super) struct FollowUpView {
    text: String,
    answer: String,
    answer_first: Option<String>,
}

#[derive(Serialize)]
pub(super) struct ChangeView {
    interview: String,
    principle: String,
    label: &'static str,
    text: String,
}

/// The critique panel of one question's answer and its follow-up answers, as the debrief scored them.
/// The panel is made for one per page, so its element ids get the prefix `key` (user text is escaped
/// by the panel's template, so every ` id="` in it is one of the template's own attributes).
pub(super) fn critique_html(state: &AppState, q: &Asked, key: &str) -> Result<String, PageError> {
    let (text, c) =
        tpmprep_practice::session::exchange_critique(q, state.critic(), &state.pack().deflections);
    let html = super::super::critique::panel(state, &text, &c)?.0;
    Ok(html.replace(" id=\"", &format!(" id=\"{key}-")))
}

/// The line under a debrief's title, in the pack's names: "Phone screen · Format: Amazon Jobs guide:
/// … · time scale 0.05" (a custom mock names its stage as well).
fn header(pack: &tpmprep_content::Pack, r: &Report) -> String {
    let format = pack
        .format(&r.format)
        .map_or(r.format.as_str(), |f| f.name.as_str());
    let stage = pack
        .stages
        .iter()
        .find(|s| s.id == r.stage)
        .map_or(r.stage.as_str(), |s| s.name.as_str());
    let kind = match r.kind.as_str() {
        "phone-screen" | "loop" => kind_label(&r.kind).to_string(),
        _ => format!("{} · {stage}", kind_label(&r.kind)),
    };
    format!("{kind} · Format: {format} · time scale {}", r.minutes_scale)
}

pub(super) fn debrief_view(state: &AppState, r: &Report) -> Result<DebriefView, PageError> {
    let pack = state.pack();
    let d = &r.debrief;
    let interviews: Vec<InterviewDebriefView> = d
        .interviews
        .iter()
        .enumerate()
        .map(|(n, iv)| {
            Ok(InterviewDebriefView {
                number: n + 1,
                title: iv.title.clone(),
                role_name: role_name(pack, &iv.role),
                bar_raiser: iv.bar_raiser,
                ratings: iv
                    .ratings
                    .iter()
                    .map(|x| RatingView {
                        principle: x.principle.clone(),
                        name: pack.principle_name(&x.principle).to_string(),
                        rating: tpmprep_practice::rating_id(x.rating),
                        label: tpmprep_practice::rating_label(x.rating),
                        reason: x.reason.clone(),
                    })
                    .collect(),
                questions: iv
                    .questions
                    .iter()
                    .enumerate()
                    .map(|(k, q)| {
                        Ok(QuestionView {
                            id: q.question.question_id.clone(),
                            label: format!("Question {}", k + 1),
                            principle: if q.question.principle.is_empty() {
                                "rates no principle of this interview".to_string()
                            } else {
                                pack.principle_name(&q.question.principle).to_string()
                            },
                            text: q.question.text.clone(),
                            answer: q.answer.clone(),
                            answer_first: tpmprep_app::mock::first_sentence(&q.answer),
                            follow_ups: q
                                .follow_ups
                                .iter()
                                .map(|f| FollowUpView {
                                    text: f.text.clone(),
                                    answer: f.answer.clone(),
                                    answer_first: tpmprep_app::mock::first_sentence(&f.answer),
                                })
                                .collect(),
                            score: q.score,
                            time: tpmprep_app::clock(q.seconds),
                            story: q.story,
                            retold: q.retold.clone(),
                            repeated: q.repeat_of.map(|of| {
                                let said = q.repeat_remark.as_ref().map_or_else(
                                    String::new,
                                    |r| format!(" The interviewer said: “{r}”"),
                                );
                                format!(
                                    "This answer repeats your answer to {}, so it earns no Hire.{said}",
                                    of.label()
                                )
                            }),
                            critique: critique_html(state, q, &format!("i{}-q{}", n + 1, k + 1))?,
                        })
                    })
                    .collect::<Result<_, PageError>>()?,
            })
        })
        .collect::<Result<_, PageError>>()?;
    let changes = d
        .changes
        .iter()
        .map(|c| ChangeView {
            interview: d
                .interviews
                .get(c.interview)
                .map_or_else(String::new, |iv| {
                    format!("Interview {}: {}", c.interview + 1, iv.title)
                }),
            principle: pack.principle_name(&c.principle).to_string(),
            label: tpmprep_practice::rating_label(c.rating),
            text: c.text.clone(),
        })
        .collect();
    Ok(DebriefView {
        id: r.id,
        header: header(pack, r),
        ended_early: d.ended_early.clone(),
        not_probed: d.not_probed.clone(),
        repeats_heading: match d.repeats.len() {
            0 => None,
            1 => Some("1 answer repeats an earlier one".to_string()),
            n => Some(format!("{n} answers repeat earlier ones")),
        },
        repeats: d.repeats.iter().map(|r| r.text.clone()).collect(),
        decision: d.decision.as_str(),
        decision_label: d.decision.label_at(&r.stage),
        reason: d.reason.clone(),
        interviews,
        changes_heading: match d.changes.len() {
            1 => "The change that would move the outcome most",
            2 => "Two changes that would move the outcome most",
            0 => "Changes that would move the outcome",
            _ => "Three changes that would move the outcome most",
        },
        changes,
        changes_note: d.changes_note.clone(),
        seed: r.seed,
        repeat_href: matches!(r.kind.as_str(), "phone-screen" | "loop").then(|| {
            let mut q = form_urlencoded::Serializer::new(String::new());
            q.append_pair("kind", &r.kind)
                .append_pair("format", &r.format)
                .append_pair("minutes_scale", &r.minutes_scale.to_string())
                .append_pair("seed", &r.seed.to_string());
            format!("/mock?{}", q.finish())
        }),
        repeat_command: r.repeat_command(),
    })
}

pub(super) async fn debrief_page(
    state: &AppState,
    r: &Report,
    notice: Option<String>,
) -> Result<Html<String>, PageError> {
    let comments = answer_comments(state, r.id).await?;
    let spoken =
        crate::pages::speak::spoken_lines(state, tpmprep_app::speak::Context::Mock(r.id)).await?;
    render(
        state,
        "mock/debrief.html",
        "mock",
        minijinja::context! {
            d => minijinja::Value::from_serialize(debrief_view(state, r)?),
            notice => notice,
            comments => minijinja::Value::from_serialize(&comments),
            spoken => minijinja::Value::from_serialize(&spoken),
        },
    )
}

/// A comment on one of the mock's answers, with the question it answered.
#[derive(Debug, Serialize)]
struct AnswerComment {
    prompt: String,
    author_email: Option<String>,
    created_at: i64,
    body: String,
}

/// The comments (a coach's, mostly) on the mock's answers, oldest first.
async fn answer_comments(state: &AppState, id: i64) -> Result<Vec<AnswerComment>, PageError> {
    let comments = crate::pages::coach::own_comments(state, CommentsOf::Mock(id)).await?;
    if comments.is_empty() {
        return Ok(Vec::new());
    }
    let answers = state.store().mock(state.owner(), id).await?.answers;
    Ok(comments
        .into_iter()
        .map(|c| {
            let prompt = match c.on {
                CommentOn::Answer { seq, .. } => answers
                    .iter()
                    .find(|a| a.seq == seq)
                    .map(|a| a.prompt.clone())
                    .unwrap_or_default(),
                CommentOn::Story { .. } => String::new(),
            };
            AnswerComment {
                prompt,
                author_email: c.author_email,
                created_at: c.created_at,
                body: c.body,
            }
        })
        .collect())
}
