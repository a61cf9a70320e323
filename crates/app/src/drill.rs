//! Spaced-repetition drills over the store: cards (pack questions or the candidate's own), the
//! FSRS scheduler (`tpmprep_practice::drill`, on the `fsrs` crate) made aware of the interview date,
//! the next card to do, a typed answer's critic score as a suggested grade, grading, statistics with
//! a forecast, an Anki export and FSRS parameters fitted to the candidate's own log.
//!
//! Time is an input (`now`, unix milliseconds): this crate reads no clock.

use std::collections::HashSet;

use serde::Serialize;
use tpmprep_content::Pack;
use tpmprep_critic::{Input, Question};
use tpmprep_practice::drill::{
    self, CardState, CardView, DrillSettings, DrillStats, ExportCard, Grade, ReviewRecord,
    Scheduler,
};
use tpmprep_practice::plan::{date_string, parse_date};
use tpmprep_store::{CardId, CardMemory, NewCard, NewReview, StoreError, StoredCard};

use crate::mock::Ctx;
use crate::{AppError, Result, unknown};

const RETENTION: &str = "drill_retention";
const PARAMETERS: &str = "drill_parameters";
const NEW_PER_DAY: &str = "drill_new_per_day";
const MINUTES_PER_DAY: &str = "drill_minutes_per_day";

/// The plan's daily drill session, minutes: the daily cap unless the candidate sets another.
pub const PLAN_MINUTES_PER_DAY: u32 = 20;
/// Longest typed answer kept with a review.
pub const MAX_ANSWER_CHARS: usize = 20_000;
/// Most cards added at once by `add_weakest`.
pub const MAX_ADD: usize = 100;

const DAY_MS: i64 = 86_400_000;

fn memory_of(s: &CardState) -> CardMemory {
    CardMemory {
        due: s.due,
        stability: f64::from(s.stability),
        difficulty: f64::from(s.difficulty),
        last_review: s.last_review,
        reps: i64::from(s.reps),
        lapses: i64::from(s.lapses),
    }
}

fn state_of(m: &CardMemory) -> CardState {
    CardState {
        due: m.due,
        stability: m.stability as f32,
        difficulty: m.difficulty as f32,
        last_review: m.last_review,
        reps: u32::try_from(m.reps.max(0)).unwrap_or(u32::MAX),
        lapses: u32::try_from(m.lapses.max(0)).unwrap_or(u32::MAX),
    }
}

fn view_of(c: &StoredCard) -> CardView {
    CardView {
        id: c.id,
        principles: c.principles.clone(),
        state: c.memory.as_ref().map(state_of),
        suspended: c.suspended,
    }
}

fn grade_number(g: Grade) -> i64 {
    match g {
        Grade::Again => 1,
        Grade::Hard => 2,
        Grade::Good => 3,
        Grade::Easy => 4,
    }
}

fn grade_of(n: i64) -> Option<Grade> {
    match n {
        1 => Some(Grade::Again),
        2 => Some(Grade::Hard),
        3 => Some(Grade::Good),
        4 => Some(Grade::Easy),
        _ => None,
    }
}

/// Unix milliseconds as RFC 3339 UTC (`2026-12-05T10:15:00Z`).
pub fn rfc3339(ms: i64) -> String {
    let civil = crate::civil_time(ms); // "YYYY-MM-DD HH:MM UTC"
    let secs = ms.div_euclid(1000).rem_euclid(60);
    format!("{}T{}:{secs:02}Z", &civil[..10], &civil[11..16])
}

/// An RFC 3339 time (`2026-12-05T10:15:00Z`, `…+01:00`, or a bare `YYYY-MM-DD` for midnight UTC)
/// as unix milliseconds.
pub fn parse_rfc3339(s: &str) -> Result<i64> {
    let bad = || {
        AppError::Invalid(format!(
            "now: `{s}` is not an RFC 3339 time such as 2026-12-05T10:15:00Z"
        ))
    };
    let t = s.trim();
    let day = parse_date(t.get(..10).ok_or_else(bad)?).ok_or_else(bad)?;
    let rest = &t[10..];
    if rest.is_empty() {
        return Ok(day * DAY_MS);
    }
    let rest = rest.strip_prefix(['T', 't', ' ']).ok_or_else(bad)?;
    let num = |a: usize, b: usize| -> Result<i64> {
        rest.get(a..b)
            .filter(|x| x.bytes().all(|c| c.is_ascii_digit()))
            .and_then(|x| x.parse().ok())
            .ok_or_else(bad)
    };
    let (h, m, sec) = (num(0, 2)?, num(3, 5)?, num(6, 8)?);
    if h > 23 || m > 59 || sec > 60 || rest.get(2..3) != Some(":") || rest.get(5..6) != Some(":") {
        return Err(bad());
    }
    let mut tail = &rest[8..];
    if let Some(frac) = tail.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        tail = &frac[n..];
    }
    let offset_min = match tail {
        "Z" | "z" => 0,
        _ => {
            let sign = match tail.get(..1) {
                Some("+") => 1,
                Some("-") => -1,
                _ => return Err(bad()),
            };
            let oh: i64 = tail
                .get(1..3)
                .and_then(|x| x.parse().ok())
                .ok_or_else(bad)?;
            let om: i64 = tail
                .get(4..6)
                .and_then(|x| x.parse().ok())
                .ok_or_else(bad)?;
            if tail.len() != 6 || tail.get(3..4) != Some(":") || oh > 23 || om > 59 {
                return Err(bad());
            }
            sign * (oh * 60 + om)
        }
    };
    Ok(day * DAY_MS + ((h * 60 + m - offset_min) * 60 + sec.min(59)) * 1000)
}

async fn interview_day(ctx: Ctx<'_>) -> Result<Option<i64>> {
    Ok(ctx
        .store
        .setting(ctx.owner, crate::plan::INTERVIEW_DATE)
        .await?
        .as_deref()
        .and_then(|d| parse_date(d.trim())))
}

/// The drill settings as saved (defaults for what is not set).
pub async fn settings(ctx: Ctx<'_>) -> Result<DrillSettings> {
    let mut s = DrillSettings::default();
    let get = |k: &'static str| async move { ctx.store.setting(ctx.owner, k).await };
    if let Some(r) = get(RETENTION)
        .await?
        .and_then(|v| v.trim().parse::<f32>().ok())
    {
        s.desired_retention = r;
    }
    if let Some(n) = get(NEW_PER_DAY)
        .await?
        .and_then(|v| v.trim().parse::<u32>().ok())
    {
        s.new_per_day = n;
    }
    s.parameters = get(PARAMETERS)
        .await?
        .and_then(|v| serde_json::from_str::<Vec<f32>>(&v).ok());
    let has_plan = interview_day(ctx).await?.is_some();
    s.minutes_per_day = match get(MINUTES_PER_DAY)
        .await?
        .and_then(|v| v.trim().parse::<u32>().ok())
    {
        Some(m) => Some(m),
        None if has_plan => Some(PLAN_MINUTES_PER_DAY),
        None => None,
    };
    if s.validate().is_err() {
        // A hand-edited value that no longer reads: the defaults keep the drill usable.
        let params = s.parameters.take();
        s = DrillSettings {
            minutes_per_day: s.minutes_per_day,
            ..DrillSettings::default()
        };
        s.parameters = params;
        if s.validate().is_err() {
            s.parameters = None;
        }
    }
    Ok(s)
}

/// A change to the drill settings.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrillPatch {
    /// 0.70–0.97.
    pub desired_retention: Option<f32>,
    /// New cards a day, 0–100.
    pub new_per_day: Option<u32>,
    /// Daily cap in minutes, 5–600.
    pub minutes_per_day: Option<u32>,
}

/// Checks then saves the settings; a bad field saves nothing.
pub async fn update_settings(ctx: Ctx<'_>, patch: &DrillPatch) -> Result<DrillSettings> {
    let mut s = settings(ctx).await?;
    if let Some(r) = patch.desired_retention {
        s.desired_retention = r;
    }
    if let Some(n) = patch.new_per_day {
        if n > 100 {
            return Err(AppError::Invalid(format!(
                "new_per_day: {n} is more than 100"
            )));
        }
        s.new_per_day = n;
    }
    if let Some(m) = patch.minutes_per_day {
        if !(5..=600).contains(&m) {
            return Err(AppError::Invalid(format!(
                "minutes_per_day: {m} is outside 5–600"
            )));
        }
        s.minutes_per_day = Some(m);
    }
    s.validate()
        .map_err(|e| AppError::Invalid(format!("desired_retention: {e}")))?;
    if let Some(r) = patch.desired_retention {
        ctx.store
            .set_setting(ctx.owner, RETENTION, Some(&r.to_string()))
            .await?;
    }
    if let Some(n) = patch.new_per_day {
        ctx.store
            .set_setting(ctx.owner, NEW_PER_DAY, Some(&n.to_string()))
            .await?;
    }
    if let Some(m) = patch.minutes_per_day {
        ctx.store
            .set_setting(ctx.owner, MINUTES_PER_DAY, Some(&m.to_string()))
            .await?;
    }
    Ok(s)
}

fn scheduler(s: &DrillSettings) -> Result<Scheduler> {
    Scheduler::new(s).map_err(|e| AppError::Invalid(e.to_string()))
}

fn back_of(pack: &Pack, id: &str) -> Option<(String, String, Vec<String>)> {
    let q = pack.questions.iter().find(|q| q.id == id)?;
    let mut back = format!("What a strong answer shows: {}", q.strong_answer);
    if !q.follow_ups.is_empty() {
        back.push_str("\n\nFollow-ups:");
        for f in &q.follow_ups {
            back.push_str("\n- ");
            back.push_str(f);
        }
    }
    Some((q.text.clone(), back, q.principles.clone()))
}

/// Adds pack questions as cards (one already carded is left as it is). Returns each id and
/// whether it is new.
pub async fn add_questions(ctx: Ctx<'_>, ids: &[String], now: i64) -> Result<Vec<(CardId, bool)>> {
    let mut cards = Vec::new();
    for id in ids {
        let (front, back, principles) = back_of(ctx.pack, id).ok_or_else(|| {
            unknown(
                "question",
                id,
                ctx.pack.questions.iter().take(5).map(|q| q.id.as_str()),
            )
        })?;
        cards.push((id, front, back, principles));
    }
    let mut out = Vec::new();
    for (id, front, back, principles) in &cards {
        out.push(
            ctx.store
                .add_card(
                    ctx.owner,
                    &NewCard {
                        question_id: Some(id),
                        front,
                        back,
                        principles,
                        created_at: now,
                    },
                )
                .await?,
        );
    }
    Ok(out)
}

/// Adds up to `n` behavioural pack questions not carded yet, from the weakest principles first
/// (fewest ready stories, lowest best score), one principle at a time in turn.
pub async fn add_weakest(ctx: Ctx<'_>, n: usize, now: i64) -> Result<Vec<CardId>> {
    if n == 0 || n > MAX_ADD {
        return Err(AppError::Invalid(format!(
            "count: {n} is outside 1–{MAX_ADD}"
        )));
    }
    let snapshot = crate::progress::snapshot(ctx).await?;
    let mut order: Vec<_> = snapshot.principles.iter().collect();
    order.sort_by_key(|p| (p.ready_stories, p.best_score.unwrap_or(0), p.mock_rating));
    let carded: HashSet<String> = ctx
        .store
        .cards(ctx.owner)
        .await?
        .into_iter()
        .filter_map(|c| c.question_id)
        .collect();
    let behavioural = |q: &&tpmprep_content::Question| {
        !q.principles.is_empty() && !q.id.contains("design") && !q.id.starts_with("sd")
    };
    let mut queues: Vec<Vec<&str>> = order
        .iter()
        .map(|p| {
            ctx.pack
                .questions
                .iter()
                .filter(behavioural)
                .filter(|q| q.principles.first() == Some(&p.id))
                .filter(|q| !carded.contains(&q.id))
                .map(|q| q.id.as_str())
                .collect()
        })
        .collect();
    let mut picked: Vec<String> = Vec::new();
    'outer: loop {
        let mut any = false;
        for q in &mut queues {
            if !q.is_empty() {
                picked.push(q.remove(0).to_string());
                any = true;
                if picked.len() >= n {
                    break 'outer;
                }
            }
        }
        if !any {
            break;
        }
    }
    let added = add_questions(ctx, &picked, now).await?;
    Ok(added.into_iter().map(|(id, _)| id).collect())
}

/// Adds the candidate's own card.
pub async fn add_own(
    ctx: Ctx<'_>,
    front: &str,
    back: &str,
    principles: &[String],
    now: i64,
) -> Result<CardId> {
    let front = front.trim();
    if front.is_empty() {
        return Err(AppError::Invalid("front: a card needs a question".into()));
    }
    if front.chars().count() > 2000 {
        return Err(AppError::Invalid(
            "front: longer than 2,000 characters".into(),
        ));
    }
    if back.chars().count() > 20_000 {
        return Err(AppError::Invalid(
            "back: longer than 20,000 characters".into(),
        ));
    }
    for p in principles {
        if !ctx.pack.principles.iter().any(|x| &x.id == p) {
            return Err(unknown(
                "principle",
                p,
                ctx.pack.principles.iter().map(|x| x.id.as_str()),
            ));
        }
    }
    let (id, _) = ctx
        .store
        .add_card(
            ctx.owner,
            &NewCard {
                question_id: None,
                front,
                back: back.trim(),
                principles,
                created_at: now,
            },
        )
        .await?;
    Ok(id)
}

/// One outcome shown before grading.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// The grade.
    pub grade: Grade,
    /// Days until the card would be seen again.
    pub days: f32,
}

/// A card as the drill shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    /// Card id.
    pub id: CardId,
    /// The question.
    pub question: String,
    /// What a strong answer shows (hidden until the candidate has answered).
    pub back: String,
    /// The pack question, if it is one.
    pub question_id: Option<String>,
    /// Principle ids.
    pub principles: Vec<String>,
    /// Never reviewed.
    pub new: bool,
    /// When it was due (RFC 3339), for a card already reviewed.
    pub due: Option<String>,
    /// Reviews so far.
    pub reps: u32,
    /// The four grades' intervals.
    pub outcomes: Vec<Outcome>,
}

/// The next card, and where today's session stands.
#[derive(Debug, Clone, Serialize)]
pub struct Next {
    /// The card to do now, if any.
    pub card: Option<Shown>,
    /// Cards left in today's queue (including this one).
    pub left_today: usize,
    /// Reviews done today.
    pub done_today: u32,
    /// The daily cap in cards, when the plan sets one.
    pub cap: Option<u32>,
    /// When nothing is due: why, and what to do.
    pub message: Option<String>,
    /// Cards in the deck (not suspended).
    pub cards: usize,
}

fn shown(s: &Scheduler, c: &StoredCard, now: i64, interview: Option<i64>) -> Result<Shown> {
    let state = c.memory.as_ref().map(state_of);
    let outcomes = s
        .preview(state.as_ref(), now, interview)
        .map_err(|e| AppError::Invalid(e.to_string()))?
        .into_iter()
        .map(|(grade, days)| Outcome { grade, days })
        .collect();
    Ok(Shown {
        id: c.id,
        question: c.front.clone(),
        back: c.back.clone(),
        question_id: c.question_id.clone(),
        principles: c.principles.clone(),
        new: c.memory.is_none(),
        due: c.memory.as_ref().map(|m| rfc3339(m.due)),
        reps: c.memory.as_ref().map_or(0, |m| state_of(m).reps),
        outcomes,
    })
}

fn records(reviews: &[tpmprep_store::StoredReview]) -> Vec<ReviewRecord> {
    reviews
        .iter()
        .filter_map(|r| {
            Some(ReviewRecord {
                card_id: r.card_id,
                grade: grade_of(r.grade)?,
                at: r.reviewed_at,
            })
        })
        .collect()
}

/// The next card to do now.
pub async fn next(ctx: Ctx<'_>, now: i64) -> Result<Next> {
    let settings = settings(ctx).await?;
    let s = scheduler(&settings)?;
    let interview = interview_day(ctx).await?;
    let cards = ctx.store.cards(ctx.owner).await?;
    let reviews = ctx.store.reviews(ctx.owner).await?;
    let today = now.div_euclid(DAY_MS);
    let todays: Vec<_> = reviews
        .iter()
        .filter(|r| r.reviewed_at.div_euclid(DAY_MS) == today)
        .collect();
    let done_today = todays.len() as u32;
    // A card's first review today made it a new card introduced today.
    let seen_before: HashSet<CardId> = reviews
        .iter()
        .filter(|r| r.reviewed_at.div_euclid(DAY_MS) < today)
        .map(|r| r.card_id)
        .collect();
    let new_today = todays
        .iter()
        .map(|r| r.card_id)
        .filter(|id| !seen_before.contains(id))
        .collect::<HashSet<_>>()
        .len() as u32;
    let views: Vec<CardView> = cards.iter().map(view_of).collect();
    let queue = drill::queue(&s, &settings, &views, now, interview, done_today, new_today);
    let cap = settings
        .minutes_per_day
        .map(|m| (m as f32 / settings.minutes_per_card.max(0.5)).floor() as u32);
    let active = cards.iter().filter(|c| !c.suspended).count();
    let card = match queue.first() {
        Some(id) => cards
            .iter()
            .find(|c| c.id == *id)
            .map(|c| shown(&s, c, now, interview))
            .transpose()?,
        None => None,
    };
    let message = card.is_none().then(|| {
        if active == 0 {
            "No cards yet. Add the weakest principles' questions with `tpmprep drill add --weakest 10` or the Add button.".to_string()
        } else if cap.is_some_and(|c| done_today >= c) {
            format!("Today's drill is done: {done_today} reviews, the plan's cap. Come back tomorrow.")
        } else if interview.is_some() && !drill::can_introduce_new(now, interview) {
            "Nothing due. New cards are no longer introduced: too few days are left to learn them before the interview.".to_string()
        } else {
            let due = views
                .iter()
                .filter(|v| !v.suspended)
                .filter_map(|v| v.state.as_ref().map(|st| st.due))
                .min();
            match due {
                Some(d) => format!("Nothing due now. The next card is due {}.", rfc3339(d)),
                None => "Nothing due now.".to_string(),
            }
        }
    });
    Ok(Next {
        card,
        left_today: queue.len(),
        done_today,
        cap,
        message,
        cards: active,
    })
}

/// A typed answer's critique as a suggested grade.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    /// The critic's overall score.
    pub score: u8,
    /// Its verdict word.
    pub verdict: String,
    /// The grade the score suggests.
    pub grade: Grade,
    /// Why.
    pub reason: String,
    /// The first findings, each as "message — quote".
    pub findings: Vec<String>,
}

async fn card(ctx: Ctx<'_>, id: CardId) -> Result<StoredCard> {
    ctx.store
        .card(ctx.owner, id)
        .await?
        .ok_or_else(|| AppError::Invalid(format!("no card {id}")))
}

/// The critic's reading of a typed answer to card `id`, as a suggested grade with its reason.
pub async fn check(ctx: Ctx<'_>, id: CardId, answer: &str) -> Result<Suggestion> {
    let c = card(ctx, id).await?;
    if answer.trim().is_empty() {
        return Err(AppError::Invalid(
            "answer: type an answer to check, or grade yourself".into(),
        ));
    }
    let pack_q = c
        .question_id
        .as_deref()
        .and_then(|q| ctx.pack.questions.iter().find(|x| x.id == q));
    let kind = pack_q.map(|q| q.kind.as_str()).unwrap_or("");
    let principles: &[String] = pack_q.map_or(&c.principles[..], |q| &q.principles[..]);
    let critique = ctx.critic.critique(&Input {
        text: answer,
        question: Some(Question {
            text: &c.front,
            principles,
            kind,
        }),
        facts: None,
        principles: &[],
    });
    let (grade, reason) = drill::suggest_grade(critique.overall);
    Ok(Suggestion {
        score: critique.overall,
        verdict: critique.verdict.to_string(),
        grade,
        reason,
        findings: critique
            .findings
            .iter()
            .take(3)
            .map(|f| {
                if f.quote.is_empty() {
                    f.message.clone()
                } else {
                    format!("{} — “{}”", f.message, f.quote)
                }
            })
            .collect(),
    })
}

/// A review as recorded.
#[derive(Debug, Clone, Serialize)]
pub struct Graded {
    /// Card id.
    pub id: CardId,
    /// The grade given.
    pub grade: Grade,
    /// When the card is due next (RFC 3339).
    pub due: String,
    /// Days until then.
    pub interval_days: f32,
    /// What FSRS alone would have given (before the interview-date cap).
    pub fsrs_interval_days: f32,
    /// The interval was shortened so the card is seen before the interview.
    pub capped: bool,
    /// FSRS memory stability, days.
    pub stability: f32,
    /// FSRS difficulty, 1–10.
    pub difficulty: f32,
    /// Reviews of this card.
    pub reps: u32,
    /// Times forgotten.
    pub lapses: u32,
}

/// Records a review of card `id` graded `grade` at `now` (with the typed answer and its score, if
/// any). A second grade sent for the same showing of the card (a double click, two tabs) is
/// refused with [`StoreError::DrillConflict`]; nothing is written twice.
pub async fn grade(
    ctx: Ctx<'_>,
    id: CardId,
    grade: Grade,
    now: i64,
    answer: Option<&str>,
    expected_reps: Option<u32>,
) -> Result<Graded> {
    let c = card(ctx, id).await?;
    if c.suspended {
        return Err(AppError::Invalid(format!(
            "card {id} is suspended; unsuspend it to drill it"
        )));
    }
    let answer = answer.map(str::trim).filter(|a| !a.is_empty());
    if answer.is_some_and(|a| a.chars().count() > MAX_ANSWER_CHARS) {
        return Err(AppError::Invalid(
            "answer: longer than 20,000 characters".into(),
        ));
    }
    let settings = settings(ctx).await?;
    let s = scheduler(&settings)?;
    let interview = interview_day(ctx).await?;
    let state = c.memory.as_ref().map(state_of);
    let current_reps = state.as_ref().map_or(0, |x| x.reps);
    if let Some(e) = expected_reps {
        if e != current_reps {
            return Err(AppError::Store(StoreError::DrillConflict {
                card: id,
                expected: i64::from(e),
                found: i64::from(current_reps),
            }));
        }
    }
    let r = s
        .review(state.as_ref(), grade, now, interview)
        .map_err(|e| AppError::Invalid(e.to_string()))?;
    let score = match answer {
        Some(a) => Some(i64::from(check(ctx, id, a).await?.score)),
        None => None,
    };
    ctx.store
        .record_review(
            ctx.owner,
            &NewReview {
                card_id: id,
                grade: grade_number(grade),
                reviewed_at: now,
                elapsed_days: f64::from(r.elapsed_days),
                interval_days: f64::from(r.interval_days),
                answer,
                score,
            },
            i64::from(current_reps),
            &memory_of(&r.state),
        )
        .await?;
    Ok(Graded {
        id,
        grade,
        due: rfc3339(r.state.due),
        interval_days: r.interval_days,
        fsrs_interval_days: r.fsrs_interval_days,
        capped: r.capped,
        stability: r.state.stability,
        difficulty: r.state.difficulty,
        reps: r.state.reps,
        lapses: r.state.lapses,
    })
}

/// Statistics: due counts, retention, each principle's strength, and reviews per day until the
/// interview.
pub async fn stats(ctx: Ctx<'_>, now: i64) -> Result<DrillStats> {
    let settings = settings(ctx).await?;
    let s = scheduler(&settings)?;
    let interview = interview_day(ctx).await?;
    let cards = ctx.store.cards(ctx.owner).await?;
    let reviews = ctx.store.reviews(ctx.owner).await?;
    let views: Vec<CardView> = cards.iter().map(view_of).collect();
    Ok(drill::stats(&s, &views, &records(&reviews), now, interview))
}

/// Every card.
pub async fn list(ctx: Ctx<'_>) -> Result<Vec<StoredCard>> {
    Ok(ctx.store.cards(ctx.owner).await?)
}

/// Suspends (or brings back) a card.
pub async fn suspend(ctx: Ctx<'_>, id: CardId, suspended: bool) -> Result<()> {
    if ctx.store.suspend_card(ctx.owner, id, suspended).await? {
        Ok(())
    } else {
        Err(AppError::Invalid(format!("no card {id}")))
    }
}

/// Deletes a card and its reviews.
pub async fn delete(ctx: Ctx<'_>, id: CardId) -> Result<()> {
    if ctx.store.delete_card(ctx.owner, id).await? {
        Ok(())
    } else {
        Err(AppError::Invalid(format!("no card {id}")))
    }
}

/// Every card as an Anki-importable TSV (front, back, tags).
pub async fn export_tsv(ctx: Ctx<'_>) -> Result<String> {
    let cards = ctx.store.cards(ctx.owner).await?;
    let export: Vec<ExportCard> = cards
        .iter()
        .map(|c| {
            let mut tags = vec!["tpmprep".to_string()];
            tags.extend(c.principles.iter().cloned());
            if c.suspended {
                tags.push("suspended".into());
            }
            ExportCard {
                front: c.front.clone(),
                back: c.back.clone(),
                tags,
            }
        })
        .collect();
    Ok(drill::anki_tsv(&export))
}

/// Fits FSRS parameters to the candidate's own review log and saves them; they schedule every
/// later review. Errs (saving nothing) while the log is too short.
pub async fn optimise(ctx: Ctx<'_>) -> Result<Vec<f32>> {
    let reviews = ctx.store.reviews(ctx.owner).await?;
    let params =
        drill::optimise(&records(&reviews)).map_err(|e| AppError::Invalid(e.to_string()))?;
    let json = serde_json::to_string(&params).map_err(|e| AppError::Invalid(e.to_string()))?;
    ctx.store
        .set_setting(ctx.owner, PARAMETERS, Some(&json))
        .await?;
    Ok(params)
}

/// Goes back to the crate's default FSRS parameters.
pub async fn reset_parameters(ctx: Ctx<'_>) -> Result<()> {
    ctx.store.set_setting(ctx.owner, PARAMETERS, None).await?;
    Ok(())
}

/// A day number as `YYYY-MM-DD`.
pub fn date(day: i64) -> String {
    date_string(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trips_and_reads_offsets() {
        let ms = 20_779 * DAY_MS + (10 * 3600 + 15 * 60 + 7) * 1000;
        assert_eq!(rfc3339(ms), "2026-11-22T10:15:07Z");
        assert_eq!(parse_rfc3339("2026-11-22T10:15:07Z").ok(), Some(ms));
        assert_eq!(parse_rfc3339("2026-11-22T11:15:07+01:00").ok(), Some(ms));
        assert_eq!(parse_rfc3339("2026-11-22T10:15:07.250Z").ok(), Some(ms));
        assert_eq!(parse_rfc3339("2026-11-22").ok(), Some(20_779 * DAY_MS));
        for bad in [
            "",
            "tomorrow",
            "2026-11-22T25:00:00Z",
            "2026-02-30T10:00:00Z",
            "2026-11-22T10:15:07",
        ] {
            let e = parse_rfc3339(bad).expect_err(bad);
            assert!(e.to_string().contains("RFC 3339"), "{e}");
        }
    }

    #[test]
    fn grades_map_both_ways() {
        for g in [Grade::Again, Grade::Hard, Grade::Good, Grade::Easy] {
            assert_eq!(grade_of(grade_number(g)), Some(g));
        }
        assert_eq!(grade_of(0), None);
        assert_eq!(grade_of(5), None);
    }
}
