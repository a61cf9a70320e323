//! Mock interviews over the store: start, answer, draft, reopen (replay) and finish.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use tpmprep_content::Pack;
use tpmprep_critic::Critic;
use tpmprep_practice::choose::matching_story;
use tpmprep_practice::session::{Current, Debrief, Effect, SavedAnswer, Session, Setup, prepare};
use tpmprep_practice::trend::{Observed, PrincipleTrend, trend, weakness};
use tpmprep_practice::{PlanInput, PlannedInterview, Rating, plan, principle_traits};
use tpmprep_store::{
    MockAnswer, MockId, MockRating, NewMock, Store, StoredMock, StoryFilter, UserId,
};
use tpmprep_stories::Status;

use crate::{AppError, Result, unknown};

/// Question ids answered this recently are avoided in a new mock.
pub const RECENT_DAYS: i64 = 14;
/// Stories compared against answers to recognise a retelling (the newest ones).
pub const MAX_STORIES_MATCHED: usize = 1000;

/// What the use cases need: the store, the pack, its critic, and whose data it is.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    /// The store.
    pub store: &'a dyn Store,
    /// The active pack.
    pub pack: &'a Pack,
    /// A critic built once for the pack.
    pub critic: &'a Critic,
    /// The account.
    pub owner: UserId,
}

/// The kinds of mock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MockKind {
    /// The phone-screen stage of the format.
    PhoneScreen,
    /// The loop stage of the format.
    Loop,
    /// A stage, principles and interviewers of the candidate's choosing.
    Custom,
}

impl MockKind {
    /// `phone-screen`, `loop` or `custom`.
    pub fn as_str(self) -> &'static str {
        match self {
            MockKind::PhoneScreen => "phone-screen",
            MockKind::Loop => "loop",
            MockKind::Custom => "custom",
        }
    }
}

/// How to start a mock.
#[derive(Debug, Clone)]
pub struct StartOptions {
    /// Which kind.
    pub kind: MockKind,
    /// Format id; `None` = the pack's default.
    pub format: Option<String>,
    /// Stage for custom mocks (`None` = `loop`); phone screens and loops use their own stage.
    pub stage: Option<String>,
    /// Custom: only these principles (empty = all).
    pub principles: Vec<String>,
    /// Custom: only the first N interviewers of the stage.
    pub interviews: Option<u32>,
    /// Seed (`None` = random).
    pub seed: Option<u64>,
    /// Shortens every interview (0 < x <= 1).
    pub minutes_scale: f64,
}

impl Default for StartOptions {
    fn default() -> Self {
        StartOptions {
            kind: MockKind::PhoneScreen,
            format: None,
            stage: None,
            principles: Vec::new(),
            interviews: None,
            seed: None,
            minutes_scale: 1.0,
        }
    }
}

/// The debrief as printed with `--json`, served by the API, and stored with the mock.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Report {
    /// Mock id.
    pub id: MockId,
    /// phone-screen / loop / custom.
    pub kind: String,
    /// Format id.
    pub format: String,
    /// Stage practised.
    pub stage: String,
    /// Seed (run again with `--seed` for the same mock).
    pub seed: u64,
    /// Minutes scale used.
    pub minutes_scale: f64,
    /// A custom mock's principles, as asked for (empty: all, or not a custom mock).
    #[serde(default)]
    pub principles: Vec<String>,
    /// A custom mock's number of interviewers, as asked for (`None`: all of the stage).
    #[serde(default)]
    pub interview_limit: Option<u32>,
    /// The decision as the debrief says it at this stage: "Hire" / "No hire" after a loop,
    /// "Advance to the loop" / "Not this time" after a screen (`decision` stays `hire`/`no-hire`).
    #[serde(default)]
    pub decision_label: String,
    /// Decision, reasons, interviews, changes.
    #[serde(flatten)]
    pub debrief: Debrief,
}

fn principle_ids(pack: &Pack) -> Vec<String> {
    pack.principles.iter().map(|p| p.id.clone()).collect()
}

fn observed(ratings: &[MockRating]) -> Vec<Observed> {
    ratings
        .iter()
        .filter_map(|r| {
            Some(Observed {
                mock: r.mock_id,
                principle: r.principle.clone(),
                rating: Rating::parse(&r.rating)?,
            })
        })
        .collect()
}

/// Each principle's ratings across finished mocks, in pack order.
pub async fn trends(ctx: Ctx<'_>) -> Result<Vec<PrincipleTrend>> {
    let ratings = ctx.store.mock_ratings(ctx.owner).await?;
    Ok(trend(&principle_ids(ctx.pack), &observed(&ratings)))
}

/// Weakness per principle (thin story coverage, low past ratings) and the questions seen recently.
async fn history(ctx: Ctx<'_>) -> Result<(HashMap<String, f64>, HashSet<String>)> {
    let stories = ctx
        .store
        .list_stories(ctx.owner, &StoryFilter::default())
        .await?;
    let since = tpmprep_store::now_ms() - RECENT_DAYS * 86_400_000;
    let recent = ctx.store.recent_mock_questions(ctx.owner, since).await?;
    let mut ready: HashMap<String, usize> = HashMap::new();
    for s in stories.iter().filter(|s| s.status == Status::Ready) {
        for p in &s.principles {
            *ready.entry(p.clone()).or_default() += 1;
        }
    }
    let t = trends(ctx).await?;
    Ok((
        weakness(&principle_ids(ctx.pack), &ready, &t),
        recent.into_iter().collect(),
    ))
}

/// Plans a mock without saving anything: checks every option against the pack.
pub async fn plan_mock(ctx: Ctx<'_>, o: &StartOptions) -> Result<Setup> {
    let pack = ctx.pack;
    let format_id = o
        .format
        .clone()
        .unwrap_or_else(|| pack.manifest.default_format.clone());
    let mut format = pack
        .format(&format_id)
        .ok_or_else(|| {
            unknown(
                "format",
                &format_id,
                pack.formats.iter().map(|f| f.id.as_str()),
            )
        })?
        .clone();
    let stage = match o.kind {
        MockKind::PhoneScreen => "phone-screen".to_string(),
        MockKind::Loop => "loop".to_string(),
        MockKind::Custom => o.stage.clone().unwrap_or_else(|| "loop".into()),
    };
    if !pack.stages.iter().any(|s| s.id == stage) {
        return Err(unknown(
            "stage",
            &stage,
            pack.stages.iter().map(|s| s.id.as_str()),
        ));
    }
    let mut principles = principle_ids(pack);
    if o.kind == MockKind::Custom {
        if !o.principles.is_empty() {
            if let Some(bad) = o.principles.iter().find(|p| !principles.contains(p)) {
                return Err(unknown(
                    "principle",
                    bad,
                    pack.principles.iter().map(|p| p.id.as_str()),
                ));
            }
            principles.retain(|p| o.principles.contains(p));
        }
        if let Some(n) = o.interviews {
            let mut kept = 0;
            format.interviews.retain(|i| {
                if i.stage != stage {
                    return false;
                }
                kept += 1;
                kept <= n
            });
        }
    }
    let seed = o.seed.unwrap_or_else(rand::random);
    let (weak, recent) = history(ctx).await?;
    let (always, design) = principle_traits(pack);
    let plan = plan(&PlanInput {
        format: &format,
        stage: &stage,
        principles: &principles,
        weakness: &weak,
        minutes_scale: o.minutes_scale,
        seed,
        always: &always,
        design: &design,
    })?;
    Ok(Setup {
        kind: o.kind.as_str().to_string(),
        questions: prepare(pack, &plan, &weak, &recent, seed),
        plan,
        probes: pack.probes.clone(),
        seed,
        minutes_scale: o.minutes_scale,
        principles: if o.kind == MockKind::Custom {
            o.principles.clone()
        } else {
            Vec::new()
        },
        interviews: o.interviews.filter(|_| o.kind == MockKind::Custom),
        deflections: pack.deflections.clone(),
    })
}

/// A mock being answered: the engine at the current prompt, and what it needs to save answers.
#[derive(Debug, Clone)]
pub struct Running {
    /// Mock id.
    pub id: MockId,
    setup: Setup,
    session: Session,
    seq: i64,
    stories: Vec<(i64, String)>,
}

/// A reopened mock and what was being typed when it stopped.
#[derive(Debug, Clone)]
pub struct Reopened {
    /// The mock, at its next prompt.
    pub running: Running,
    /// The unsent answer.
    pub draft: String,
    /// Seconds spent on the current prompt before it stopped.
    pub draft_seconds: u32,
    /// Answers saved so far.
    pub answers: usize,
}

/// The newest story texts, for recognising a story an answer retells.
async fn story_texts(ctx: Ctx<'_>) -> Result<Vec<(i64, String)>> {
    let mut list = ctx
        .store
        .list_stories(ctx.owner, &StoryFilter::default())
        .await?;
    list.retain(|s| s.status != Status::Retired);
    list.reverse();
    list.truncate(MAX_STORIES_MATCHED);
    let mut out = Vec::with_capacity(list.len());
    for s in list {
        let story = ctx.store.story(ctx.owner, s.meta.id).await?;
        let body: Vec<&str> = story.content.sections().iter().map(|(_, b)| *b).collect();
        out.push((s.meta.id, body.join("\n")));
    }
    Ok(out)
}

/// Saves a planned mock and returns it at its first prompt.
pub async fn start(ctx: Ctx<'_>, setup: Setup) -> Result<Running> {
    let setup_json = serde_json::to_string(&setup).map_err(|e| AppError::Damaged {
        id: 0,
        what: e.to_string(),
    })?;
    let format = setup.plan.format.clone();
    let id = ctx
        .store
        .create_mock(
            ctx.owner,
            &NewMock {
                kind: &setup.kind,
                format: &format,
                setup: &setup_json,
            },
        )
        .await?;
    let (session, _) = Session::from_setup(&setup);
    Ok(Running {
        id,
        setup,
        session,
        seq: 0,
        stories: story_texts(ctx).await?,
    })
}

/// The id of the newest unfinished mock.
pub async fn latest_unfinished(ctx: Ctx<'_>) -> Result<MockId> {
    ctx.store
        .list_mocks(ctx.owner)
        .await?
        .into_iter()
        .find(|m| m.finished_at.is_none())
        .map(|m| m.id)
        .ok_or(AppError::NoUnfinished)
}

fn saved_answers(id: MockId, stored: &StoredMock) -> Result<Vec<SavedAnswer>> {
    let idx = |v: i64| {
        usize::try_from(v).map_err(|_| AppError::Damaged {
            id,
            what: format!("answer index {v} is out of range"),
        })
    };
    stored
        .answers
        .iter()
        .map(|a| {
            Ok(SavedAnswer {
                interview: idx(a.interview)?,
                question: idx(a.question)?,
                follow_up: a.follow_up.map(idx).transpose()?,
                answer: a.answer.clone(),
                seconds: u32::try_from(a.seconds).unwrap_or(u32::MAX),
                story: a.story_id,
            })
        })
        .collect()
}

/// Reopens an unfinished mock: replays its saved answers through the engine so it stands at the next
/// unanswered prompt with each interview's clock where it stopped.
pub async fn reopen(ctx: Ctx<'_>, id: MockId) -> Result<Reopened> {
    let stored = ctx.store.mock(ctx.owner, id).await?;
    if stored.summary.finished_at.is_some() {
        return Err(AppError::Finished(id));
    }
    let mut setup: Setup = serde_json::from_str(&stored.setup).map_err(|e| AppError::Damaged {
        id,
        what: format!("its saved setup cannot be read: {e}"),
    })?;
    // A mock saved before questions kept their kind: the pack says which were design questions.
    for q in setup.questions.iter_mut().flatten() {
        if q.kind.is_none() {
            q.kind = ctx.pack.question(&q.question_id).map(|x| x.kind);
        }
    }
    let saved = saved_answers(id, &stored)?;
    let session = Session::replay(&setup, &saved, ctx.critic).map_err(|e| AppError::Damaged {
        id,
        what: e.to_string(),
    })?;
    Ok(Reopened {
        running: Running {
            id,
            setup,
            session,
            seq: saved.len() as i64,
            stories: story_texts(ctx).await?,
        },
        draft: stored.draft,
        draft_seconds: u32::try_from(stored.draft_seconds).unwrap_or(0),
        answers: saved.len(),
    })
}

/// A finished mock's report, as stored.
pub async fn report(ctx: Ctx<'_>, id: MockId) -> Result<Option<Report>> {
    let stored = ctx.store.mock(ctx.owner, id).await?;
    stored
        .debrief
        .as_deref()
        .map(|body| {
            serde_json::from_str::<Report>(body)
                .map(Report::labelled)
                .map_err(|e| AppError::Damaged {
                    id,
                    what: format!("its saved debrief cannot be read: {e}"),
                })
        })
        .transpose()
}

/// An answer folded for a debrief: its first sentence (ending at `.`, `?` or `!` before a space;
/// at most 160 characters), on one line with ` …` marking what was left out; `None` when that is
/// the whole answer, so there is nothing to unfold.
pub fn first_sentence(answer: &str) -> Option<String> {
    let flat = answer.split_whitespace().collect::<Vec<_>>().join(" ");
    let end = flat
        .char_indices()
        .zip(flat.chars().skip(1))
        .find(|((_, c), next)| matches!(c, '.' | '?' | '!') && *next == ' ')
        .map(|((i, c), _)| i + c.len_utf8());
    let sentence = &flat[..end.unwrap_or(flat.len())];
    let cut = match sentence.char_indices().nth(160) {
        Some((i, _)) => &sentence[..i],
        None => sentence,
    };
    // A whole sentence keeps its full stop, and the mark of what follows stands apart from it.
    let cut = cut.trim_end();
    let gap = if cut.ends_with(['.', '?', '!']) {
        " "
    } else {
        ""
    };
    (cut.len() < flat.len()).then(|| format!("{cut}{gap}…"))
}

impl Report {
    /// With `decision_label` said for its stage (debriefs saved before the label existed have none),
    /// and principles never asked read as not assessed (debriefs saved before that existed rated
    /// them No Hire, with a reason starting "not assessed").
    fn labelled(mut self) -> Report {
        self.decision_label = self.debrief.decision.label_at(&self.stage).to_string();
        for r in self
            .debrief
            .interviews
            .iter_mut()
            .flat_map(|iv| iv.ratings.iter_mut())
        {
            if r.reason.starts_with("not assessed") {
                r.rating = None;
            }
        }
        self
    }

    /// The command that runs this mock again, question for question: its kind, format, stage,
    /// seed and time scale, and a custom mock's `--principle`s and `--interviews`.
    pub fn repeat_command(&self) -> String {
        let scale = if (self.minutes_scale - 1.0).abs() < f64::EPSILON {
            String::new()
        } else {
            format!(" --minutes-scale {}", self.minutes_scale)
        };
        let kind = match self.kind.as_str() {
            "phone-screen" | "loop" => self.kind.clone(),
            _ => {
                let mut k = format!("custom --stage {}", self.stage);
                for p in &self.principles {
                    k.push_str(&format!(" --principle {p}"));
                }
                if let Some(n) = self.interview_limit {
                    k.push_str(&format!(" --interviews {n}"));
                }
                k
            }
        };
        format!(
            "tpmprep mock {kind} --format {} --seed {}{scale}",
            self.format, self.seed
        )
    }
}

impl Running {
    /// The setup the mock was started with.
    pub fn setup(&self) -> &Setup {
        &self.setup
    }

    /// The prompt awaiting an answer; `None` once every prompt is answered.
    pub fn current(&self) -> Option<Current> {
        self.session.current()
    }

    /// The planned interview `i`.
    pub fn interview(&self, i: usize) -> Option<&PlannedInterview> {
        self.session.plan().interviews.get(i)
    }

    /// Questions asked so far in interview `i` (including one awaiting its first answer).
    pub fn asked_in(&self, i: usize) -> usize {
        let pending_new = self
            .session
            .current()
            .is_some_and(|c| c.interview == i && !c.follow_up);
        self.session.asked(i).len() + usize::from(pending_new)
    }

    /// Questions prepared for interview `i`.
    pub fn planned_in(&self, i: usize) -> usize {
        self.setup.questions.get(i).map_or(0, Vec::len)
    }

    /// Seconds used so far in each interview.
    pub fn used_seconds(&self) -> &[u32] {
        self.session.used_seconds()
    }

    /// Whether `id` is a story the answers can be matched against.
    pub fn knows_story(&self, id: i64) -> bool {
        self.stories.iter().any(|(s, _)| *s == id)
    }

    /// Answers the current prompt after `seconds`, telling `story` (or a story recognised from the
    /// text). The answer is saved before the engine moves on; if saving fails, nothing moves.
    pub async fn submit(
        &mut self,
        ctx: Ctx<'_>,
        text: &str,
        seconds: u32,
        story: Option<i64>,
    ) -> Result<()> {
        let Some(cur) = self.session.current() else {
            return Err(AppError::NothingToAnswer(self.id));
        };
        let story = match story {
            Some(s) => Some(s),
            None if !cur.follow_up => matching_story(text, &self.stories).map(|(id, _)| id),
            None => None,
        };
        let mut next = self.session.clone();
        let effects = next.answer(text, seconds, story, ctx.critic, &self.setup.probes);
        for e in &effects {
            if let Effect::Save {
                interview,
                question,
                follow_up,
                answer,
                seconds,
            } = e
            {
                let question_id = self
                    .setup
                    .questions
                    .get(*interview)
                    .and_then(|q| q.get(*question))
                    .map_or_else(String::new, |q| q.question_id.clone());
                let row = MockAnswer {
                    seq: self.seq,
                    interview: *interview as i64,
                    question: *question as i64,
                    follow_up: follow_up.map(|f| f as i64),
                    question_id,
                    prompt: cur.text.clone(),
                    answer: answer.clone(),
                    seconds: i64::from(*seconds),
                    story_id: if follow_up.is_none() { story } else { None },
                    created_at: 0,
                };
                ctx.store.save_mock_answer(ctx.owner, self.id, &row).await?;
                self.seq += 1;
            }
        }
        self.session = next;
        Ok(())
    }

    /// Keeps the answer being typed and the seconds spent on the current prompt.
    pub async fn save_draft(&self, ctx: Ctx<'_>, text: &str, seconds: u32) -> Result<()> {
        ctx.store
            .save_mock_draft(ctx.owner, self.id, text, i64::from(seconds))
            .await?;
        Ok(())
    }

    /// Keeps the seconds spent on the current prompt (the page's clock), leaving the draft's text
    /// as it is; the count never goes back.
    pub async fn save_draft_seconds(&self, ctx: Ctx<'_>, seconds: u32) -> Result<()> {
        ctx.store
            .save_mock_draft_seconds(ctx.owner, self.id, i64::from(seconds))
            .await?;
        Ok(())
    }

    /// Finishes the mock: the debrief, saved with its ratings, and the stories told counted. Prompts
    /// still unanswered leave their principles not assessed (no rating is saved for them).
    pub async fn finish(&self, ctx: Ctx<'_>) -> Result<Report> {
        let report = Report {
            id: self.id,
            kind: self.setup.kind.clone(),
            format: self.setup.plan.format.clone(),
            stage: self.setup.plan.stage.clone(),
            seed: self.setup.seed,
            minutes_scale: self.setup.minutes_scale,
            principles: self.setup.principles.clone(),
            interview_limit: self.setup.interviews,
            decision_label: String::new(),
            debrief: self.session.debrief(ctx.critic),
        }
        .labelled();
        let ratings: Vec<MockRating> = report
            .debrief
            .interviews
            .iter()
            .enumerate()
            // A principle never asked has no rating, so it stays out of the trend.
            .flat_map(|(i, iv)| {
                iv.ratings.iter().filter_map(move |r| {
                    Some(MockRating {
                        mock_id: 0,
                        interview: i as i64,
                        principle: r.principle.clone(),
                        rating: r.rating?.as_str().to_string(),
                    })
                })
            })
            .collect();
        let body = serde_json::to_string(&report).map_err(|e| AppError::Damaged {
            id: self.id,
            what: e.to_string(),
        })?;
        ctx.store
            .finish_mock(
                ctx.owner,
                self.id,
                report.debrief.decision.as_str(),
                &body,
                &ratings,
            )
            .await?;
        for q in report.debrief.interviews.iter().flat_map(|i| &i.questions) {
            if let Some(s) = q.story {
                // A story purged since it was told is simply not counted.
                let _ = ctx.store.record_story_use(ctx.owner, s).await;
            }
        }
        Ok(report)
    }
}
