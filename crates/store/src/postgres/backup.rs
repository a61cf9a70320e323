//! The [`Backups`] domain on PostgreSQL: an account read whole from one snapshot (a repeatable-read,
//! read-only transaction), and restored in one transaction — the stories, mocks, design sessions
//! and writing attempts one statement each (their new ids are needed), everything else one
//! statement per table, its rows as one `jsonb` array. The same statements as `sqlite/backup.rs`;
//! restores and imports of one owner take turns (the import's advisory lock). What the document
//! holds and how it is checked is `backup.rs`, shared by every backend.

use std::collections::HashMap;

use async_trait::async_trait;
use serde_json::json;
use sqlx::{Postgres, Row, Transaction};

use super::PgStore;
use crate::backup::{
    AnswerRow, DayScoreRow, DesignHintRow, DesignNoteRow, DesignRow, MockRow, OfferRevisionRow,
    OfferRow, RatingRow, RevisionRow, Rows, SettingRow, StoryRow, WritingRevisionRow, WritingRow,
    debrief_in, json_text, story_name,
};
use crate::drills::{CARD_COLUMNS, REVIEW_COLUMNS, review_row};
use crate::plans::override_row;
use crate::values::{check_items, check_title, to_json};
use crate::{Backup, Backups, Held, Result, StoreError, StoryId, UserId, now_ms, pause_point};

#[async_trait]
impl Backups for PgStore {
    async fn export_user(&self, owner: UserId) -> Result<Backup> {
        // One snapshot for every statement: a save made meanwhile is in the backup whole or not at all.
        let mut tx = self
            .owned_as(owner, "ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .await?;
        let rows = Rows {
            stories: sqlx::query_as::<_, StoryRow>(
                "SELECT id, uid, times_used, created_at, updated_at, trashed_at, score, score_rev
                 FROM stories WHERE owner_id = $1 ORDER BY id",
            )
            .bind(owner)
            .fetch_all(&mut *tx)
            .await?,
            revisions: sqlx::query_as::<_, RevisionRow>(
                "SELECT story_id, rev, created_at, content::text AS content FROM story_revisions
                 WHERE owner_id = $1 ORDER BY story_id, rev",
            )
            .bind(owner)
            .fetch_all(&mut *tx)
            .await?,
            day_scores: sqlx::query_as::<_, DayScoreRow>(
                "SELECT story_id, day, rev, saved_at, score FROM story_day_scores
                 WHERE owner_id = $1 ORDER BY story_id, day",
            )
            .bind(owner)
            .fetch_all(&mut *tx)
            .await?,
            mocks: sqlx::query_as::<_, MockRow>(
                "SELECT id, kind, format, setup::text AS setup, draft, draft_seconds,
                     debrief::text AS debrief, decision, created_at, updated_at, finished_at
                 FROM mocks WHERE owner_id = $1 ORDER BY id",
            )
            .bind(owner)
            .fetch_all(&mut *tx)
            .await?,
            answers: sqlx::query_as::<_, AnswerRow>(
                "SELECT mock_id, seq, interview, question, follow_up, question_id, prompt, answer,
                     seconds, story_id, created_at
                 FROM mock_answers WHERE owner_id = $1 ORDER BY mock_id, seq",
            )
            .bind(owner)
            .fetch_all(&mut *tx)
            .await?,
            ratings: sqlx::query_as::<_, RatingRow>(
                "SELECT mock_id, interview, principle, rating FROM mock_ratings WHERE owner_id = $1",
            )
            .bind(owner)
            .fetch_all(&mut *tx)
            .await?,
            designs: sqlx::query_as::<_, DesignRow>(
                "SELECT id, prompt_id, title, prompt_text, setup::text AS setup,
                     clock::text AS clock, diagram::text AS diagram, diagram_rev,
                     self_rating::text AS self_rating, report::text AS report,
                     overall, created_at, updated_at, finished_at
                 FROM design_sessions WHERE owner_id = $1 ORDER BY id",
            )
            .bind(owner)
            .fetch_all(&mut *tx)
            .await?,
            design_notes: sqlx::query_as::<_, DesignNoteRow>(
                "SELECT session_id, phase, rev, body, saved_at FROM design_notes
                 WHERE owner_id = $1 ORDER BY session_id, rev",
            )
            .bind(owner)
            .fetch_all(&mut *tx)
            .await?,
            design_hints: sqlx::query_as::<_, DesignHintRow>(
                "SELECT session_id, seq, phase, kind, text, used_at FROM design_hints
                 WHERE owner_id = $1 ORDER BY session_id, seq",
            )
            .bind(owner)
            .fetch_all(&mut *tx)
            .await?,
            writings: sqlx::query_as::<_, WritingRow>(
                "SELECT id, prompt_id, title, prompt_text, minutes, elapsed_seconds,
                     report::text AS report, overall, created_at, updated_at, finished_at
                 FROM writings WHERE owner_id = $1 ORDER BY id",
            )
            .bind(owner)
            .fetch_all(&mut *tx)
            .await?,
            writing_revisions: sqlx::query_as::<_, WritingRevisionRow>(
                "SELECT writing_id, rev, body, words, saved_at FROM writing_revisions
                 WHERE owner_id = $1 ORDER BY writing_id, rev",
            )
            .bind(owner)
            .fetch_all(&mut *tx)
            .await?,
            offers: sqlx::query_as::<_, OfferRow>(
                "SELECT id, created_at, updated_at FROM offers WHERE owner_id = $1
                 ORDER BY created_at, id",
            )
            .bind(owner)
            .fetch_all(&mut *tx)
            .await?,
            offer_revisions: sqlx::query_as::<_, OfferRevisionRow>(
                "SELECT offer_id, rev, name, currency, body, saved_at FROM offer_revisions
                 WHERE owner_id = $1 ORDER BY offer_id, rev",
            )
            .bind(owner)
            .fetch_all(&mut *tx)
            .await?,
            transcripts: super::transcripts::backup_rows(&mut tx, owner).await?,
            cards: sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {CARD_COLUMNS}, c.principles FROM drill_cards c WHERE c.owner_id = $1
                 ORDER BY c.id"
            )))
            .bind(owner)
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(super::drills::card)
            .collect::<Result<Vec<_>>>()?,
            reviews: sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {REVIEW_COLUMNS} FROM drill_reviews r WHERE r.owner_id = $1
                 ORDER BY r.card_id, r.reviewed_at, r.id"
            )))
            .bind(owner)
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(review_row)
            .collect::<Result<Vec<_>>>()?,
            plan_overrides: sqlx::query(
                "SELECT key, action, moved_to, updated_at FROM plan_overrides WHERE owner_id = $1",
            )
            .bind(owner)
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(override_row)
            .collect::<Result<Vec<_>>>()?,
            settings: sqlx::query_as::<_, SettingRow>(
                "SELECT key, value FROM settings WHERE owner_id = $1",
            )
            .bind(owner)
            .fetch_all(&mut *tx)
            .await?,
        };
        tx.rollback().await?;
        rows.into_backup(now_ms())
    }

    async fn import_user(&self, owner: UserId, backup: &Backup) -> Result<()> {
        backup.check()?;
        let mut tx = self.owned(owner).await?;
        // The owner's imports and restores take turns, so two restores cannot both find the
        // account empty.
        sqlx::query("SELECT pg_advisory_xact_lock(hashtext('tpmprep import'), hashtext($1::text))")
            .bind(owner)
            .execute(&mut *tx)
            .await?;
        let exists = sqlx::query("SELECT 1 FROM users WHERE id = $1")
            .bind(owner)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_none() {
            return Err(StoreError::AccountNotFound(owner));
        }
        let row = sqlx::query(
            "SELECT (SELECT count(*) FROM stories WHERE owner_id = $1),
                    (SELECT count(*) FROM stories WHERE owner_id = $1 AND trashed_at IS NOT NULL),
                    (SELECT count(*) FROM mocks WHERE owner_id = $1),
                    (SELECT count(*) FROM settings WHERE owner_id = $1),
                    (SELECT count(*) FROM design_sessions WHERE owner_id = $1),
                    (SELECT count(*) FROM drill_cards WHERE owner_id = $1),
                    (SELECT count(*) FROM plan_overrides WHERE owner_id = $1),
                    (SELECT count(*) FROM writings WHERE owner_id = $1),
                    (SELECT count(*) FROM offers WHERE owner_id = $1),
                    (SELECT count(*) FROM transcripts WHERE owner_id = $1)",
        )
        .bind(owner)
        .fetch_one(&mut *tx)
        .await?;
        let held = Held {
            stories: row.try_get(0)?,
            trashed: row.try_get(1)?,
            mocks: row.try_get(2)?,
            settings: row.try_get(3)?,
            designs: row.try_get(4)?,
            drill_cards: row.try_get(5)?,
            plan_overrides: row.try_get(6)?,
            writings: row.try_get(7)?,
            offers: row.try_get(8)?,
            transcripts: row.try_get(9)?,
        };
        if !held.is_empty() {
            return Err(StoreError::NotEmpty(held));
        }
        write(&mut tx, owner, backup).await?;
        write_designs(&mut tx, owner, backup).await?;
        write_writings(&mut tx, owner, backup).await?;
        write_offers(&mut tx, owner, backup).await?;
        write_drills(&mut tx, owner, backup).await?;
        super::transcripts::write_backup(&mut tx, owner, backup).await?;
        pause_point("restore");
        tx.commit().await?;
        Ok(())
    }
}

/// Writes a checked backup into an empty account inside `tx`.
async fn write(tx: &mut Transaction<'_, Postgres>, owner: UserId, backup: &Backup) -> Result<()> {
    // Stories one by one, for their ids; their listing columns from their last revision.
    let mut id_of: HashMap<&str, StoryId> = HashMap::new();
    let mut revisions = Vec::new();
    let (mut tagged, mut principles): (Vec<StoryId>, Vec<&str>) = (Vec::new(), Vec::new());
    let mut days = Vec::new();
    for (i, s) in backup.stories.iter().enumerate() {
        let Some(current) = s.revisions.last() else {
            return Err(StoreError::BadBackup(format!(
                "{} has no revision",
                story_name(i, s)
            )));
        };
        let c = &current.content;
        check_title(&c.title)
            .and_then(|()| check_items("principles", &c.principles))
            .and_then(|()| check_items("tags", &c.tags))
            .map_err(|e| StoreError::BadBackup(format!("{}: {e}", story_name(i, s))))?;
        let id: StoryId = sqlx::query(
            "INSERT INTO stories (owner_id, uid, rev, title, status, principles, tags, times_used,
                 created_at, updated_at, trashed_at, score, score_rev)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
        )
        .bind(owner)
        .bind(&s.uid)
        .bind(current.rev)
        .bind(&c.title)
        .bind(c.status.as_str())
        .bind(&c.principles)
        .bind(&c.tags)
        .bind(s.times_used)
        .bind(s.created_at)
        .bind(s.updated_at)
        .bind(s.trashed_at)
        .bind(s.score)
        .bind(s.score_rev)
        .fetch_one(&mut **tx)
        .await?
        .try_get(0)?;
        id_of.insert(&s.uid, id);
        for r in &s.revisions {
            revisions.push(json!([id, r.rev, r.created_at, r.content]));
        }
        for p in &c.principles {
            tagged.push(id);
            principles.push(p.as_str());
        }
        for d in &s.day_scores {
            days.push(json!([id, d.day, d.rev, d.saved_at, d.score]));
        }
    }
    sqlx::query(
        "INSERT INTO story_revisions (owner_id, story_id, rev, content, created_at)
         SELECT $1, (j.value ->> 0)::bigint, (j.value ->> 1)::bigint, j.value -> 3,
                (j.value ->> 2)::bigint
         FROM jsonb_array_elements($2::jsonb) j",
    )
    .bind(owner)
    .bind(to_json(&revisions)?)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO story_principles (owner_id, story_id, principle)
         SELECT $1, p.story_id, p.principle
         FROM unnest($2::bigint[], $3::text[]) AS p (story_id, principle)",
    )
    .bind(owner)
    .bind(&tagged)
    .bind(&principles)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO story_day_scores (owner_id, story_id, day, rev, saved_at, score)
         SELECT $1, (j.value ->> 0)::bigint, (j.value ->> 1)::bigint, (j.value ->> 2)::bigint,
                (j.value ->> 3)::bigint, (j.value ->> 4)::bigint
         FROM jsonb_array_elements($2::jsonb) j",
    )
    .bind(owner)
    .bind(to_json(&days)?)
    .execute(&mut **tx)
    .await?;

    // Mocks one by one, for their ids (which their debriefs name).
    let mut answers = Vec::new();
    let mut ratings = Vec::new();
    for m in &backup.mocks {
        let id: i64 = sqlx::query(
            "INSERT INTO mocks (owner_id, kind, format, setup, draft, draft_seconds, decision,
                 created_at, updated_at, finished_at)
             VALUES ($1, $2, $3, $4::json, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(owner)
        .bind(&m.kind)
        .bind(&m.format)
        .bind(to_json(&m.setup)?)
        .bind(&m.draft)
        .bind(m.draft_seconds)
        .bind(&m.decision)
        .bind(m.created_at)
        .bind(m.updated_at)
        .bind(m.finished_at)
        .fetch_one(&mut **tx)
        .await?
        .try_get(0)?;
        if let Some(debrief) = &m.debrief {
            sqlx::query("UPDATE mocks SET debrief = $1::json WHERE id = $2 AND owner_id = $3")
                .bind(debrief_in(debrief, id, &id_of)?)
                .bind(id)
                .bind(owner)
                .execute(&mut **tx)
                .await?;
        }
        for a in &m.answers {
            let story = a.story.as_deref().and_then(|uid| id_of.get(uid));
            answers.push(json!([
                id,
                a.seq,
                a.interview,
                a.question,
                a.follow_up,
                a.question_id,
                a.prompt,
                a.answer,
                a.seconds,
                story,
                a.created_at
            ]));
        }
        for r in &m.ratings {
            ratings.push(json!([id, r.interview, r.principle, r.rating]));
        }
    }
    sqlx::query(
        "INSERT INTO mock_answers (owner_id, mock_id, seq, interview, question, follow_up,
             question_id, prompt, answer, seconds, story_id, created_at)
         SELECT $1, (j.value ->> 0)::bigint, (j.value ->> 1)::bigint, (j.value ->> 2)::bigint,
                (j.value ->> 3)::bigint, (j.value ->> 4)::bigint, j.value ->> 5, j.value ->> 6,
                j.value ->> 7, (j.value ->> 8)::bigint, (j.value ->> 9)::bigint,
                (j.value ->> 10)::bigint
         FROM jsonb_array_elements($2::jsonb) j",
    )
    .bind(owner)
    .bind(to_json(&answers)?)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO mock_ratings (owner_id, mock_id, interview, principle, rating)
         SELECT $1, (j.value ->> 0)::bigint, (j.value ->> 1)::bigint, j.value ->> 2, j.value ->> 3
         FROM jsonb_array_elements($2::jsonb) j",
    )
    .bind(owner)
    .bind(to_json(&ratings)?)
    .execute(&mut **tx)
    .await?;
    let (keys, values): (Vec<&str>, Vec<&str>) = backup
        .settings
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .unzip();
    sqlx::query(
        "INSERT INTO settings (owner_id, key, value)
         SELECT $1, s.key, s.value FROM unnest($2::text[], $3::text[]) AS s (key, value)",
    )
    .bind(owner)
    .bind(&keys)
    .bind(&values)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Writes a checked backup's design sessions into `tx`: the sessions one by one (for their ids),
/// then every note revision and every hint one statement each.
async fn write_designs(
    tx: &mut Transaction<'_, Postgres>,
    owner: UserId,
    backup: &Backup,
) -> Result<()> {
    let (mut notes, mut hints) = (Vec::new(), Vec::new());
    for d in &backup.designs {
        let id: i64 = sqlx::query(
            "INSERT INTO design_sessions (owner_id, prompt_id, title, prompt_text, setup, clock,
                 diagram, diagram_rev, self_rating, report, overall, created_at, updated_at,
                 finished_at)
             VALUES ($1, $2, $3, $4, $5::json, $6::json, $7::json, $8, $9::json, $10::json, $11,
                 $12, $13, $14) RETURNING id",
        )
        .bind(owner)
        .bind(&d.prompt_id)
        .bind(&d.title)
        .bind(&d.prompt_text)
        .bind(json_text(&d.setup)?)
        .bind(json_text(&d.clock)?)
        .bind(json_text(&d.diagram)?)
        .bind(d.diagram_rev)
        .bind(d.self_rating.as_ref().map(json_text).transpose()?)
        .bind(d.report.as_ref().map(json_text).transpose()?)
        .bind(d.overall)
        .bind(d.created_at)
        .bind(d.updated_at)
        .bind(d.finished_at)
        .fetch_one(&mut **tx)
        .await?
        .try_get(0)?;
        for n in &d.notes {
            notes.push(json!([id, n.phase, n.rev, n.body, n.saved_at]));
        }
        for h in &d.hints {
            hints.push(json!([id, h.seq, h.phase, h.kind, h.text, h.used_at]));
        }
    }
    sqlx::query(
        "INSERT INTO design_notes (owner_id, session_id, phase, rev, body, saved_at)
         SELECT $1, (j.value ->> 0)::bigint, j.value ->> 1, (j.value ->> 2)::bigint, j.value ->> 3,
                (j.value ->> 4)::bigint
         FROM jsonb_array_elements($2::jsonb) j",
    )
    .bind(owner)
    .bind(to_json(&notes)?)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO design_hints (owner_id, session_id, seq, phase, kind, text, used_at)
         SELECT $1, (j.value ->> 0)::bigint, (j.value ->> 1)::bigint, j.value ->> 2, j.value ->> 3,
                j.value ->> 4, (j.value ->> 5)::bigint
         FROM jsonb_array_elements($2::jsonb) j",
    )
    .bind(owner)
    .bind(to_json(&hints)?)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Writes a checked backup's writing attempts into `tx`: the attempts one by one (for their ids),
/// then every revision in one statement.
async fn write_writings(
    tx: &mut Transaction<'_, Postgres>,
    owner: UserId,
    backup: &Backup,
) -> Result<()> {
    let mut revisions = Vec::new();
    for w in &backup.writings {
        let id: i64 = sqlx::query(
            "INSERT INTO writings (owner_id, prompt_id, title, prompt_text, minutes,
                 elapsed_seconds, report, overall, created_at, updated_at, finished_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7::json, $8, $9, $10, $11) RETURNING id",
        )
        .bind(owner)
        .bind(&w.prompt_id)
        .bind(&w.title)
        .bind(&w.prompt_text)
        .bind(w.minutes)
        .bind(w.elapsed_seconds)
        .bind(w.report.as_ref().map(json_text).transpose()?)
        .bind(w.overall)
        .bind(w.created_at)
        .bind(w.updated_at)
        .bind(w.finished_at)
        .fetch_one(&mut **tx)
        .await?
        .try_get(0)?;
        for r in &w.revisions {
            revisions.push(json!([id, r.rev, r.body, r.words, r.saved_at]));
        }
    }
    sqlx::query(
        "INSERT INTO writing_revisions (owner_id, writing_id, rev, body, words, saved_at)
         SELECT $1, (j.value ->> 0)::bigint, (j.value ->> 1)::bigint, j.value ->> 2,
                (j.value ->> 3)::bigint, (j.value ->> 4)::bigint
         FROM jsonb_array_elements($2::jsonb) j",
    )
    .bind(owner)
    .bind(to_json(&revisions)?)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Writes a checked backup's offers into `tx`: the offers one by one (for their ids), named and
/// priced by their latest revision, then every revision in one statement (each as the store keeps
/// it: the name trimmed, the currency upper-cased).
async fn write_offers(
    tx: &mut Transaction<'_, Postgres>,
    owner: UserId,
    backup: &Backup,
) -> Result<()> {
    let mut revisions = Vec::new();
    for o in &backup.offers {
        let latest = o.latest()?;
        let id: i64 = sqlx::query(
            "INSERT INTO offers (owner_id, name, name_key, currency, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(owner)
        .bind(latest.name)
        .bind(&latest.key)
        .bind(&latest.currency)
        .bind(o.created_at)
        .bind(o.updated_at)
        .fetch_one(&mut **tx)
        .await?
        .try_get(0)?;
        for r in &o.revisions {
            let c = r.checked()?;
            revisions.push(json!([id, r.rev, c.name, c.currency, c.body, r.saved_at]));
        }
    }
    sqlx::query(
        "INSERT INTO offer_revisions (owner_id, offer_id, rev, name, currency, body, saved_at)
         SELECT $1, (j.value ->> 0)::bigint, (j.value ->> 1)::bigint, j.value ->> 2,
                j.value ->> 3, j.value ->> 4, (j.value ->> 5)::bigint
         FROM jsonb_array_elements($2::jsonb) j",
    )
    .bind(owner)
    .bind(to_json(&revisions)?)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Writes a checked backup's drill cards (one by one, for their ids), their reviews in one
/// statement (typed arrays, so the figures arrive as the exact floats they are) and the plan's
/// overrides into `tx`.
async fn write_drills(
    tx: &mut Transaction<'_, Postgres>,
    owner: UserId,
    backup: &Backup,
) -> Result<()> {
    let mut cols = ReviewColumns::default();
    for c in &backup.drill_cards {
        let m = c.memory.as_ref();
        let id: i64 = sqlx::query(
            "INSERT INTO drill_cards (owner_id, question_id, front, back, principles, created_at,
                 suspended, due, stability, difficulty, last_review, reps, lapses)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
        )
        .bind(owner)
        .bind(&c.question_id)
        .bind(&c.front)
        .bind(&c.back)
        .bind(&c.principles)
        .bind(c.created_at)
        .bind(c.suspended)
        .bind(m.map(|m| m.due))
        .bind(m.map(|m| m.stability))
        .bind(m.map(|m| m.difficulty))
        .bind(m.map(|m| m.last_review))
        .bind(m.map_or(0, |m| m.reps))
        .bind(m.map_or(0, |m| m.lapses))
        .fetch_one(&mut **tx)
        .await?
        .try_get(0)?;
        for r in &c.reviews {
            cols.card.push(id);
            cols.grade.push(r.grade);
            cols.reviewed_at.push(r.reviewed_at);
            cols.elapsed.push(r.elapsed_days);
            cols.interval.push(r.interval_days);
            cols.stability.push(r.stability);
            cols.difficulty.push(r.difficulty);
            cols.answer.push(r.answer.as_deref());
            cols.score.push(r.score);
        }
    }
    // WITH ORDINALITY: the reviews get their ids in the document's order.
    sqlx::query(
        "INSERT INTO drill_reviews (owner_id, card_id, grade, reviewed_at, elapsed_days,
             interval_days, stability, difficulty, answer, score)
         SELECT $1, r.card_id, r.grade, r.reviewed_at, r.elapsed_days, r.interval_days,
                r.stability, r.difficulty, r.answer, r.score
         FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::float8[], $6::float8[],
                     $7::float8[], $8::float8[], $9::text[], $10::bigint[])
              WITH ORDINALITY AS r (card_id, grade, reviewed_at, elapsed_days, interval_days,
                                    stability, difficulty, answer, score, n)
         ORDER BY r.n",
    )
    .bind(owner)
    .bind(&cols.card)
    .bind(&cols.grade)
    .bind(&cols.reviewed_at)
    .bind(&cols.elapsed)
    .bind(&cols.interval)
    .bind(&cols.stability)
    .bind(&cols.difficulty)
    .bind(&cols.answer)
    .bind(&cols.score)
    .execute(&mut **tx)
    .await?;
    for o in &backup.plan_overrides {
        sqlx::query(
            "INSERT INTO plan_overrides (owner_id, key, action, moved_to, updated_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(owner)
        .bind(&o.key)
        .bind(&o.action)
        .bind(&o.moved_to)
        .bind(o.updated_at)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The reviews of a restore, a column each.
#[derive(Default)]
struct ReviewColumns<'a> {
    card: Vec<i64>,
    grade: Vec<i64>,
    reviewed_at: Vec<i64>,
    elapsed: Vec<f64>,
    interval: Vec<f64>,
    stability: Vec<f64>,
    difficulty: Vec<f64>,
    answer: Vec<Option<&'a str>>,
    score: Vec<Option<i64>>,
}
