//! One account's whole data as one versioned JSON document: the [`Backups`] domain and its types.
//!
//! A [`Backup`] holds everything an account keeps — every story with every revision, its trash
//! state, tellings and cached scores (the current one and one per day), every mock with its setup,
//! every answer, the draft, the debrief and its ratings, every design session with every revision
//! of its notes, its hints, diagram and report, every writing attempt with every revision of its
//! text and its report, every offer with every revision, every transcript of a spoken answer with
//! its report, and the settings — and nothing of the
//! account itself (its address, role, password hash, sessions, invitations or failed sign-ins). Restoring
//! writes it into an empty account of any backend, in one transaction.
//!
//! Row ids belong to one database, so the document holds none: a story is named by its stable
//! `uid`, a mock or a design session by its place in the document, an answer by its `seq`. A
//! restore maps them to the ids the target database gives. The store keeps a finished mock's
//! debrief whole, but the debrief names two row ids of its own: its mock (`id`) and the story each
//! question was answered with (`interviews[].questions[].story`); a backup leaves the first out and
//! names the stories by uid, and a restore writes the new ids in ([`debrief_out`],
//! [`debrief_in`]).
//!
//! The same data gives the same document, byte for byte but for `created_at`, on every backend:
//! stories and mocks in the order they were made, revisions, answers and days in order, ratings
//! and settings sorted by their text (in Rust: a database's collation may sort otherwise), and the
//! setup and debrief as JSON values whose keys are sorted.
//!
//! This file holds no SQL: each backend reads its rows into the row types here ([`Rows`]) and
//! writes what [`Backup::check`] accepted (`sqlite/backup.rs`, `postgres/backup.rs`).

use std::collections::{BTreeMap, HashMap, HashSet};

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tpmprep_stories::StoryContent;

use crate::values::from_json;
use crate::{MockId, PlanOverride, Result, StoreError, StoredCard, StoredReview, StoryId, UserId};

mod design;
mod drills;
mod held;
mod offers;
mod transcripts;
mod writing;

pub use design::{BackupDesign, BackupDesignHint, BackupDesignNote};
pub(crate) use design::{DesignHintRow, DesignNoteRow, DesignRow, json_text};
pub use drills::{BackupCard, BackupReview};
pub use held::Held;
pub use offers::{BackupOffer, BackupOfferRevision};
pub(crate) use offers::{OfferRevisionRow, OfferRow};
pub use transcripts::BackupTranscript;
pub(crate) use transcripts::{TRANSCRIPT_ROW_COLUMNS, Targets, TranscriptRow};
pub use writing::{BackupWriting, BackupWritingRevision};
pub(crate) use writing::{WritingRevisionRow, WritingRow};

/// The `format` of a backup document.
pub const BACKUP_FORMAT: &str = "tpmprep.backup";
/// The version of the backup document this build writes and reads.
pub const BACKUP_VERSION: u32 = 1;

/// One account's data as a document: `{format, version, created_at, settings, stories, mocks,
/// designs, writings, offers, transcripts, drill_cards, plan_overrides}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Backup {
    /// Always [`BACKUP_FORMAT`].
    pub format: String,
    /// [`BACKUP_VERSION`].
    pub version: u32,
    /// When the backup was made (unix ms).
    pub created_at: i64,
    /// Settings by name.
    pub settings: BTreeMap<String, String>,
    /// Every story, in the trash or not, oldest first.
    pub stories: Vec<BackupStory>,
    /// Every mock, finished or not, oldest first.
    pub mocks: Vec<BackupMock>,
    /// Every design session, finished or not, oldest first. Added within version 1: a document
    /// without it (written before design sessions were kept) reads as holding none, and a backup
    /// of an account with none leaves it out, so its text is what it always was. A document that
    /// holds some is refused by a tpmprep older than them (an unknown field) rather than restored
    /// without them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub designs: Vec<BackupDesign>,
    /// Every writing attempt with every revision of its text, finished or not, oldest first.
    /// Added within version 1 as `designs` was: absent reads as none, and left out when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub writings: Vec<BackupWriting>,
    /// Every offer with every revision, oldest first. Added within version 1 as `designs` was:
    /// absent reads as none, and left out when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub offers: Vec<BackupOffer>,
    /// Every transcript of a spoken answer with its report, oldest first. Added within version 1
    /// as `designs` was: absent reads as none, and left out when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transcripts: Vec<BackupTranscript>,
    /// Every drill card with its memory and reviews, oldest first. Added within version 1 as
    /// `designs` was: absent reads as none, and left out when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub drill_cards: Vec<BackupCard>,
    /// The study plan's overrides, by key. Added within version 1 as `designs` was.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plan_overrides: Vec<PlanOverride>,
}

/// One story with its whole history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupStory {
    /// Its stable id.
    pub uid: String,
    /// When it was made (unix ms).
    pub created_at: i64,
    /// Its last save (unix ms).
    pub updated_at: i64,
    /// When it went to the trash, while it is there.
    pub trashed_at: Option<i64>,
    /// Times it was told in mocks.
    pub times_used: i64,
    /// The critic's cached score (0–100) ...
    pub score: Option<i64>,
    /// ... of this revision (a score of an older revision is not shown as current).
    pub score_rev: Option<i64>,
    /// Every revision, numbered from 1; the last is the story as it stands.
    pub revisions: Vec<BackupRevision>,
    /// The critic's score of its last scored revision of each day, oldest day first.
    pub day_scores: Vec<BackupDayScore>,
}

/// One revision of a story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupRevision {
    /// Its number, from 1.
    pub rev: i64,
    /// When it was saved (unix ms).
    pub created_at: i64,
    /// What was saved.
    pub content: StoryContent,
}

/// A story's score on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupDayScore {
    /// Days since 1970-01-01 (UTC) of the revision's save.
    pub day: i64,
    /// The revision scored.
    pub rev: i64,
    /// When it was saved (unix ms).
    pub saved_at: i64,
    /// The score, 0–100.
    pub score: i64,
}

/// One mock with everything saved for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupMock {
    /// `phone-screen`, `loop` or `custom`.
    pub kind: String,
    /// Format id.
    pub format: String,
    /// When it began (unix ms).
    pub created_at: i64,
    /// Its last save (unix ms).
    pub updated_at: i64,
    /// When it finished, once it has.
    pub finished_at: Option<i64>,
    /// `hire` / `no-hire`, once finished.
    pub decision: Option<String>,
    /// The practice engine's setup.
    pub setup: Value,
    /// The answer being typed when it stopped.
    pub draft: String,
    /// Seconds spent on the current prompt when it stopped.
    pub draft_seconds: i64,
    /// The debrief once finished, its stories named by uid and its own id left out.
    pub debrief: Option<Value>,
    /// Every answer, in order.
    pub answers: Vec<BackupAnswer>,
    /// The debrief's ratings, by interview and principle.
    pub ratings: Vec<BackupRating>,
}

/// One answer of a mock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupAnswer {
    /// Its place in the mock, from 0.
    pub seq: i64,
    /// Interview index.
    pub interview: i64,
    /// Question index within the interview.
    pub question: i64,
    /// Follow-up index, for answers to follow-ups.
    pub follow_up: Option<i64>,
    /// Pack question id.
    pub question_id: String,
    /// What was asked.
    pub prompt: String,
    /// The answer.
    pub answer: String,
    /// Seconds it took.
    pub seconds: i64,
    /// The `uid` of the story it tells, if known (and not purged since).
    pub story: Option<String>,
    /// When it was given (unix ms).
    pub created_at: i64,
}

/// One principle's rating by one interviewer of a finished mock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupRating {
    /// Interview index.
    pub interview: i64,
    /// Principle id.
    pub principle: String,
    /// `strong-no-hire`, `no-hire`, `hire` or `strong-hire`.
    pub rating: String,
}

/// What a backup holds, counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BackupSummary {
    /// Stories, in the trash or not.
    pub stories: usize,
    /// Of which in the trash.
    pub trashed: usize,
    /// Revisions of every story.
    pub revisions: usize,
    /// Mocks.
    pub mocks: usize,
    /// Of which finished.
    pub finished: usize,
    /// Answers of every mock.
    pub answers: usize,
    /// Settings.
    pub settings: usize,
}

/// One account's data as a whole: written out as a [`Backup`], and restored from one.
#[async_trait]
pub trait Backups: Send + Sync {
    /// Everything `owner` keeps, as a backup made now (read as one consistent snapshot).
    async fn export_user(&self, owner: UserId) -> Result<Backup>;
    /// Writes a backup into `owner`, which must hold no story, mock, design session, writing
    /// attempt, offer, transcript, drill card, plan override or setting
    /// ([`StoreError::NotEmpty`] otherwise, naming what it holds), in one transaction: all of it or
    /// nothing. The document is checked first ([`Backup::check`]); every value is checked as the
    /// other writes check it. Times, uids, revision numbers and the trash are kept as they are;
    /// the stories, mocks, design sessions, writing attempts, offers and transcripts get this
    /// database's ids (and a transcript names the story, mock or card it was brought for by its id
    /// here).
    async fn import_user(&self, owner: UserId, backup: &Backup) -> Result<()>;
}

/// A restore that cannot be done as the document stands.
fn bad(what: impl Into<String>) -> StoreError {
    StoreError::BadBackup(what.into())
}

impl Backup {
    /// An empty backup made at `created_at`.
    pub fn new(created_at: i64) -> Backup {
        Backup {
            format: BACKUP_FORMAT.to_string(),
            version: BACKUP_VERSION,
            created_at,
            settings: BTreeMap::new(),
            stories: Vec::new(),
            mocks: Vec::new(),
            designs: Vec::new(),
            writings: Vec::new(),
            offers: Vec::new(),
            transcripts: Vec::new(),
            drill_cards: Vec::new(),
            plan_overrides: Vec::new(),
        }
    }

    /// Reads a backup document: JSON (an error names the line and column), then its `format` and
    /// `version` (a document that is not a backup, or of a version this build does not read, is
    /// said to be so before anything else), then every field. [`StoreError::BadBackup`] for each.
    pub fn from_json(text: &str) -> Result<Backup> {
        let doc: Value = serde_json::from_str(text).map_err(|e| bad(format!("not JSON: {e}")))?;
        let Value::Object(head) = &doc else {
            return Err(bad(
                "not a tpmprep backup: the document is not a JSON object",
            ));
        };
        match head.get("format") {
            Some(Value::String(f)) if f == BACKUP_FORMAT => {}
            Some(Value::String(f)) if f == tpmprep_stories::EXPORT_FORMAT => {
                return Err(bad(format!(
                    "this is a story export (`{f}`), not a backup: `tpmprep story import` reads it"
                )));
            }
            Some(other) => {
                return Err(bad(format!(
                    "not a tpmprep backup: its `format` is {other}, a backup's is \"{BACKUP_FORMAT}\""
                )));
            }
            None => {
                return Err(bad(format!(
                    "not a tpmprep backup: it has no `format` (a backup's is \"{BACKUP_FORMAT}\")"
                )));
            }
        }
        match head.get("version") {
            Some(v) if v.as_u64() == Some(u64::from(BACKUP_VERSION)) => {}
            Some(v) => {
                return Err(bad(format!(
                    "backup version {v} is not one this tpmprep reads (it reads version \
                     {BACKUP_VERSION}); restore it with the tpmprep that wrote it, or a newer one"
                )));
            }
            None => return Err(bad("the backup has no `version`")),
        }
        drop(doc);
        serde_json::from_str(text)
            .map_err(|e| bad(format!("not a version-{BACKUP_VERSION} backup: {e}")))
    }

    /// What the backup holds, counted.
    pub fn summary(&self) -> BackupSummary {
        BackupSummary {
            stories: self.stories.len(),
            trashed: self
                .stories
                .iter()
                .filter(|s| s.trashed_at.is_some())
                .count(),
            revisions: self.stories.iter().map(|s| s.revisions.len()).sum(),
            mocks: self.mocks.len(),
            finished: self
                .mocks
                .iter()
                .filter(|m| m.finished_at.is_some())
                .count(),
            answers: self.mocks.iter().map(|m| m.answers.len()).sum(),
            settings: self.settings.len(),
        }
    }

    /// Checks what holds the document together, before anything is written: its format and
    /// version; each story's uid (present, once), its revisions numbered 1, 2, 3 … and its days
    /// once each with a score of 0–100; each mock's answers numbered 0, 1, 2 … with no negative
    /// time, the stories they and the debrief name present in the backup, its decision and each
    /// rating one the store knows, a principle rated once per interview; each design session's
    /// values as every save checks them, its notes numbered 1, 2, 3 … within each phase and its
    /// hints 0, 1, 2 …; each writing attempt's values as every save checks them and its revisions
    /// numbered 1, 2, 3 …; each offer's revisions likewise, and no two offers of one name; each
    /// transcript's values as every add checks them, and the story, mock or card it names held; each
    /// drill card, its memory and reviews, and each plan override as every write checks them, a
    /// pack question carded once and a task key overridden once. (Stories' titles, tags and
    /// principle ids are checked as they are written, as every save checks them.)
    pub fn check(&self) -> Result<()> {
        if self.format != BACKUP_FORMAT || self.version != BACKUP_VERSION {
            return Err(bad(format!(
                "a backup of format `{}` version {} cannot be restored: this tpmprep reads \
                 `{BACKUP_FORMAT}` version {BACKUP_VERSION}",
                self.format, self.version
            )));
        }
        let mut uids = HashSet::new();
        for (i, s) in self.stories.iter().enumerate() {
            let name = story_name(i, s);
            if s.uid.trim().is_empty() {
                return Err(bad(format!("{name} has no uid")));
            }
            if !uids.insert(s.uid.as_str()) {
                return Err(bad(format!("{name}: another story has the same uid")));
            }
            if s.revisions.is_empty() {
                return Err(bad(format!("{name} has no revision")));
            }
            for (n, r) in s.revisions.iter().enumerate() {
                if r.rev != n as i64 + 1 {
                    return Err(bad(format!(
                        "{name}: revision {} is listed where revision {} should be (revisions \
                         are numbered 1, 2, 3 … in order)",
                        r.rev,
                        n + 1
                    )));
                }
            }
            if s.score.is_some_and(|v| !(0..=100).contains(&v)) {
                return Err(bad(format!("{name}: its score is not 0–100")));
            }
            let mut days = HashSet::new();
            for d in &s.day_scores {
                if !days.insert(d.day) {
                    return Err(bad(format!("{name}: day {} is scored twice", d.day)));
                }
                if !(0..=100).contains(&d.score) {
                    return Err(bad(format!("{name}: day {}'s score is not 0–100", d.day)));
                }
            }
        }
        for (i, m) in self.mocks.iter().enumerate() {
            let name = format!("mock {} of the backup", i + 1);
            if let Some(d) = &m.decision {
                if !matches!(d.as_str(), "hire" | "no-hire") {
                    return Err(bad(format!(
                        "{name}: its decision `{d}` is not `hire` or `no-hire`"
                    )));
                }
            }
            if m.draft_seconds < 0 {
                return Err(bad(format!("{name}: its draft's seconds are negative")));
            }
            for (n, a) in m.answers.iter().enumerate() {
                if a.seq != n as i64 {
                    return Err(bad(format!(
                        "{name}: answer {} is listed where answer {n} should be (answers are \
                         numbered 0, 1, 2 … in order)",
                        a.seq
                    )));
                }
                if a.seconds < 0 {
                    return Err(bad(format!("{name}: answer {n}'s seconds are negative")));
                }
                if let Some(uid) = &a.story {
                    if !uids.contains(uid.as_str()) {
                        return Err(bad(format!(
                            "{name}: answer {n} tells story `{uid}`, which the backup does not hold"
                        )));
                    }
                }
            }
            let mut rated = HashSet::new();
            for r in &m.ratings {
                if !matches!(
                    r.rating.as_str(),
                    "strong-no-hire" | "no-hire" | "hire" | "strong-hire"
                ) {
                    return Err(bad(format!(
                        "{name}: the rating `{}` of {} is not strong-no-hire, no-hire, hire or \
                         strong-hire",
                        r.rating, r.principle
                    )));
                }
                if !rated.insert((r.interview, r.principle.as_str())) {
                    return Err(bad(format!(
                        "{name}: interview {} rates {} twice",
                        r.interview, r.principle
                    )));
                }
            }
            if let Some(debrief) = &m.debrief {
                for story in debrief_stories(debrief) {
                    match story {
                        Value::Null => {}
                        Value::String(uid) if uids.contains(uid.as_str()) => {}
                        Value::String(uid) => {
                            return Err(bad(format!(
                                "{name}: its debrief names story `{uid}`, which the backup does \
                                 not hold"
                            )));
                        }
                        other => {
                            return Err(bad(format!(
                                "{name}: its debrief names a story as {other}; a backup names \
                                 stories by their uid"
                            )));
                        }
                    }
                }
            }
        }
        for (i, d) in self.designs.iter().enumerate() {
            d.check(i)?;
        }
        for (i, w) in self.writings.iter().enumerate() {
            w.check(i)?;
        }
        offers::check_offers(&self.offers)?;
        let story_uids: Vec<&str> = self.stories.iter().map(|s| s.uid.as_str()).collect();
        transcripts::check_transcripts(
            &self.transcripts,
            &story_uids,
            self.mocks.len(),
            self.drill_cards.len(),
        )?;
        drills::check_drills(&self.drill_cards, &self.plan_overrides)
    }
}

/// How an error names a story of the document: its uid and current title.
pub(crate) fn story_name(i: usize, s: &BackupStory) -> String {
    match s.revisions.last() {
        Some(r) => format!(
            "story {} of the backup ({:?}, uid `{}`)",
            i + 1,
            r.content.title,
            s.uid
        ),
        None => format!("story {} of the backup (uid `{}`)", i + 1, s.uid),
    }
}

/// The `story` of every question a debrief lists (`interviews[].questions[].story`).
fn debrief_stories(debrief: &Value) -> impl Iterator<Item = &Value> {
    debrief
        .get("interviews")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|iv| iv.get("questions").and_then(Value::as_array))
        .flatten()
        .filter_map(|q| q.get("story"))
}

/// [`debrief_stories`], to change them.
fn debrief_stories_mut(debrief: &mut Value) -> impl Iterator<Item = &mut Value> {
    debrief
        .get_mut("interviews")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
        .filter_map(|iv| iv.get_mut("questions").and_then(Value::as_array_mut))
        .flatten()
        .filter_map(|q| q.get_mut("story"))
}

/// A stored debrief as a backup holds it: without its mock's `id`, and each story told named by
/// its uid (`null` for one purged since).
pub(crate) fn debrief_out(
    text: &str,
    uid_of: &HashMap<StoryId, String>,
) -> serde_json::Result<Value> {
    let mut debrief: Value = serde_json::from_str(text)?;
    if let Value::Object(fields) = &mut debrief {
        fields.remove("id");
    }
    for story in debrief_stories_mut(&mut debrief) {
        if let Some(id) = story.as_i64() {
            *story = uid_of
                .get(&id)
                .map_or(Value::Null, |uid| Value::String(uid.clone()));
        }
    }
    Ok(debrief)
}

/// A backup's debrief as the store keeps it: naming its mock by `mock` and each story by its id
/// here.
pub(crate) fn debrief_in(
    debrief: &Value,
    mock: MockId,
    id_of: &HashMap<&str, StoryId>,
) -> Result<String> {
    let mut debrief = debrief.clone();
    if let Value::Object(fields) = &mut debrief {
        fields.insert("id".into(), Value::from(mock));
    }
    for story in debrief_stories_mut(&mut debrief) {
        if let Value::String(uid) = story {
            let id = id_of.get(uid.as_str()).ok_or_else(|| {
                bad(format!(
                    "a debrief names story `{uid}`, which the backup does not hold"
                ))
            })?;
            *story = Value::from(*id);
        }
    }
    crate::values::to_json(&debrief)
}

/// A story row as a backend reads it for a backup.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct StoryRow {
    pub id: StoryId,
    pub uid: String,
    pub times_used: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub trashed_at: Option<i64>,
    pub score: Option<i64>,
    pub score_rev: Option<i64>,
}

/// A revision row (its content as JSON text).
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct RevisionRow {
    pub story_id: StoryId,
    pub rev: i64,
    pub created_at: i64,
    pub content: String,
}

/// A day's score row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct DayScoreRow {
    pub story_id: StoryId,
    pub day: i64,
    pub rev: i64,
    pub saved_at: i64,
    pub score: i64,
}

/// A mock row (setup and debrief as JSON text).
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct MockRow {
    pub id: MockId,
    pub kind: String,
    pub format: String,
    pub setup: String,
    pub draft: String,
    pub draft_seconds: i64,
    pub debrief: Option<String>,
    pub decision: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub finished_at: Option<i64>,
}

/// An answer row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct AnswerRow {
    pub mock_id: MockId,
    pub seq: i64,
    pub interview: i64,
    pub question: i64,
    pub follow_up: Option<i64>,
    pub question_id: String,
    pub prompt: String,
    pub answer: String,
    pub seconds: i64,
    pub story_id: Option<StoryId>,
    pub created_at: i64,
}

/// A rating row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct RatingRow {
    pub mock_id: MockId,
    pub interview: i64,
    pub principle: String,
    pub rating: String,
}

/// A setting row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct SettingRow {
    pub key: String,
    pub value: String,
}

/// Everything one account holds, as a backend reads it: stories and mocks in the order they were
/// made (by id), revisions, days and answers in order within them.
#[derive(Debug, Default)]
pub(crate) struct Rows {
    pub stories: Vec<StoryRow>,
    pub revisions: Vec<RevisionRow>,
    pub day_scores: Vec<DayScoreRow>,
    pub mocks: Vec<MockRow>,
    pub answers: Vec<AnswerRow>,
    pub ratings: Vec<RatingRow>,
    pub designs: Vec<DesignRow>,
    pub design_notes: Vec<DesignNoteRow>,
    pub design_hints: Vec<DesignHintRow>,
    /// Writing attempts by id.
    pub writings: Vec<WritingRow>,
    /// Their revisions.
    pub writing_revisions: Vec<WritingRevisionRow>,
    /// Offers by id.
    pub offers: Vec<OfferRow>,
    /// Their revisions.
    pub offer_revisions: Vec<OfferRevisionRow>,
    /// Transcripts by id.
    pub transcripts: Vec<TranscriptRow>,
    /// Drill cards by id.
    pub cards: Vec<StoredCard>,
    /// Reviews, oldest first.
    pub reviews: Vec<StoredReview>,
    pub plan_overrides: Vec<PlanOverride>,
    pub settings: Vec<SettingRow>,
}

impl Rows {
    /// The rows as a backup made at `created_at`.
    pub(crate) fn into_backup(self, created_at: i64) -> Result<Backup> {
        let uid_of: HashMap<StoryId, String> =
            self.stories.iter().map(|s| (s.id, s.uid.clone())).collect();
        let mut revisions: HashMap<StoryId, Vec<BackupRevision>> = HashMap::new();
        for r in self.revisions {
            revisions
                .entry(r.story_id)
                .or_default()
                .push(BackupRevision {
                    rev: r.rev,
                    created_at: r.created_at,
                    content: from_json(&r.content)?,
                });
        }
        let mut days: HashMap<StoryId, Vec<BackupDayScore>> = HashMap::new();
        for d in self.day_scores {
            days.entry(d.story_id).or_default().push(BackupDayScore {
                day: d.day,
                rev: d.rev,
                saved_at: d.saved_at,
                score: d.score,
            });
        }
        let mut answers: HashMap<MockId, Vec<BackupAnswer>> = HashMap::new();
        for a in self.answers {
            answers.entry(a.mock_id).or_default().push(BackupAnswer {
                seq: a.seq,
                interview: a.interview,
                question: a.question,
                follow_up: a.follow_up,
                question_id: a.question_id,
                prompt: a.prompt,
                answer: a.answer,
                seconds: a.seconds,
                story: a.story_id.and_then(|id| uid_of.get(&id).cloned()),
                created_at: a.created_at,
            });
        }
        let mut ratings: HashMap<MockId, Vec<BackupRating>> = HashMap::new();
        for r in self.ratings {
            ratings.entry(r.mock_id).or_default().push(BackupRating {
                interview: r.interview,
                principle: r.principle,
                rating: r.rating,
            });
        }
        let targets = Targets {
            stories: self.stories.iter().map(|s| (s.uid.clone(), s.id)).collect(),
            mocks: self.mocks.iter().map(|m| m.id).collect(),
            cards: self.cards.iter().map(|c| c.id).collect(),
        };
        let mut backup = Backup::new(created_at);
        backup.transcripts = transcripts::transcripts_out(self.transcripts, &targets);
        backup.settings = self
            .settings
            .into_iter()
            .map(|s| (s.key, s.value))
            .collect();
        for s in self.stories {
            let mut day_scores = days.remove(&s.id).unwrap_or_default();
            day_scores.sort_by_key(|d| d.day);
            backup.stories.push(BackupStory {
                revisions: revisions.remove(&s.id).unwrap_or_default(),
                day_scores,
                uid: s.uid,
                created_at: s.created_at,
                updated_at: s.updated_at,
                trashed_at: s.trashed_at,
                times_used: s.times_used,
                score: s.score,
                score_rev: s.score_rev,
            });
        }
        for m in self.mocks {
            let mut ratings = ratings.remove(&m.id).unwrap_or_default();
            ratings.sort_by(|a, b| {
                (a.interview, &a.principle, &a.rating).cmp(&(b.interview, &b.principle, &b.rating))
            });
            let mut answers = answers.remove(&m.id).unwrap_or_default();
            answers.sort_by_key(|a| a.seq);
            let setup = serde_json::from_str(&m.setup).map_err(|e| {
                StoreError::Corrupt(format!("mock {}'s setup is not JSON: {e}", m.id))
            })?;
            let debrief = m
                .debrief
                .as_deref()
                .map(|d| debrief_out(d, &uid_of))
                .transpose()
                .map_err(|e| {
                    StoreError::Corrupt(format!("mock {}'s debrief is not JSON: {e}", m.id))
                })?;
            backup.mocks.push(BackupMock {
                kind: m.kind,
                format: m.format,
                created_at: m.created_at,
                updated_at: m.updated_at,
                finished_at: m.finished_at,
                decision: m.decision,
                setup,
                draft: m.draft,
                draft_seconds: m.draft_seconds,
                debrief,
                answers,
                ratings,
            });
        }
        backup.designs = design::designs_out(self.designs, self.design_notes, self.design_hints)?;
        backup.writings = writing::writings_out(self.writings, self.writing_revisions)?;
        backup.offers = offers::offers_out(self.offers, self.offer_revisions);
        backup.drill_cards = drills::cards_out(self.cards, self.reviews);
        backup.plan_overrides = drills::overrides_out(self.plan_overrides);
        Ok(backup)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_debrief_names_stories_by_uid_in_a_backup_and_by_id_when_restored() {
        let stored = r#"{"id": 41, "decision": "hire", "interviews": [
            {"questions": [{"story": 7, "score": 80}, {"story": null}, {"story": 99}]},
            {"questions": [{"story": 8}]}]}"#;
        let uid_of = HashMap::from([(7, "u-seven".to_string()), (8, "u-eight".to_string())]);
        let out = debrief_out(stored, &uid_of).expect("out");
        assert_eq!(out.get("id"), None);
        let told: Vec<&Value> = debrief_stories(&out).collect();
        // Story 99 was purged: it is named by nothing.
        assert_eq!(
            told,
            [
                &Value::from("u-seven"),
                &Value::Null,
                &Value::Null,
                &Value::from("u-eight")
            ]
        );
        let id_of = HashMap::from([("u-seven", 3), ("u-eight", 4)]);
        let back: Value =
            serde_json::from_str(&debrief_in(&out, 12, &id_of).expect("in")).expect("json");
        assert_eq!(back["id"], 12);
        assert_eq!(back["decision"], "hire");
        assert_eq!(back["interviews"][0]["questions"][0]["story"], 3);
        assert_eq!(back["interviews"][0]["questions"][0]["score"], 80);
        assert_eq!(back["interviews"][1]["questions"][0]["story"], 4);
        // A uid the backup does not hold is refused.
        assert!(matches!(
            debrief_in(&out, 12, &HashMap::from([("u-seven", 3)])),
            Err(StoreError::BadBackup(_))
        ));
    }

    #[test]
    fn a_document_is_read_format_and_version_first() {
        let err = |text: &str| match Backup::from_json(text) {
            Err(StoreError::BadBackup(m)) => m,
            other => panic!("{text}: {other:?}"),
        };
        assert!(
            err("{\n  \"format\": ").contains("line 2 column"),
            "{}",
            err("{\n  \"format\": ")
        );
        assert!(err("[1]").contains("not a JSON object"));
        assert!(err(r#"{"version": 1}"#).contains("no `format`"));
        assert!(err(r#"{"format": "tpmprep.stories", "version": 1}"#).contains("story export"));
        assert!(err(r#"{"format": "zip", "version": 1}"#).contains(r#"its `format` is "zip""#));
        // An unknown version is said before any field it may have changed.
        let v2 = err(r#"{"format": "tpmprep.backup", "version": 2, "stories": 3}"#);
        assert!(
            v2.contains("backup version 2") && v2.contains("reads version 1"),
            "{v2}"
        );
        let shape = err(
            r#"{"format": "tpmprep.backup", "version": 1, "created_at": 0,
            "settings": {}, "stories": [], "mocks": [], "extra": true}"#,
        );
        assert!(
            shape.contains("unknown field `extra`") && shape.contains("line 2"),
            "{shape}"
        );
        let empty = Backup::from_json(
            r#"{"format": "tpmprep.backup", "version": 1, "created_at": 5, "settings": {},
                "stories": [], "mocks": []}"#,
        )
        .expect("empty backup");
        assert_eq!(empty, Backup::new(5));
        empty.check().expect("an empty backup is sound");
        // A backup without design sessions is written as before they were kept.
        let text = serde_json::to_string(&empty).expect("json");
        assert!(!text.contains("designs"), "{text}");
        let with = Backup::from_json(
            r#"{"format": "tpmprep.backup", "version": 1, "created_at": 5, "settings": {},
                "stories": [], "mocks": [], "designs": []}"#,
        )
        .expect("designs, none");
        assert_eq!(with, empty);
        // Nor drills or overrides.
        assert!(!text.contains("drill_cards") && !text.contains("plan_overrides"));
        let drilled = Backup::from_json(
            r#"{"format": "tpmprep.backup", "version": 1, "created_at": 5, "settings": {},
                "stories": [], "mocks": [], "drill_cards": [], "plan_overrides": []}"#,
        )
        .expect("drills, none");
        assert_eq!(drilled, empty);
        // Nor writing attempts.
        assert!(!text.contains("writings"), "{text}");
        let written = Backup::from_json(
            r#"{"format": "tpmprep.backup", "version": 1, "created_at": 5, "settings": {},
                "stories": [], "mocks": [], "writings": []}"#,
        )
        .expect("writings, none");
        assert_eq!(written, empty);
    }
}
