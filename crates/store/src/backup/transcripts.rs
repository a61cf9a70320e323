//! Transcripts in a backup: each as it was added, with no row id. What it was brought for is named
//! as the rest of the document names things, never by this database's ids: a story by its `uid`,
//! a mock by its place in the document's `mocks`, a drill card by its place in `drill_cards` (from
//! 0). A restore writes the ids the target database gave them. What was brought for something gone
//! since (a mock or card deleted, a story purged) names nothing.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::bad;
use crate::transcripts::check_transcript;
use crate::{NewTranscript, Result, StoreError, StoryId};

/// One transcript, whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupTranscript {
    /// File name, or "pasted".
    pub name: String,
    /// `text`, `srt`, `vtt` or `whisper`.
    pub format: String,
    /// The file as brought.
    pub source: String,
    /// The words read from it.
    pub text: String,
    /// The pack question id, if any.
    pub question_id: Option<String>,
    /// The question's text, if any.
    pub question: Option<String>,
    /// `speak`, `mock`, `drill` or `story`.
    pub context: String,
    /// For `story`: the uid of the story rehearsed, if it is in the backup.
    pub story: Option<String>,
    /// For `mock`: the mock's place in the backup's `mocks`, from 0.
    pub mock: Option<i64>,
    /// For `drill`: the card's place in the backup's `drill_cards`, from 0.
    pub card: Option<i64>,
    /// How long the answer took, in milliseconds.
    pub duration_ms: i64,
    /// Words spoken.
    pub words: i64,
    /// The critic's overall score (0–100), if any.
    pub score: Option<i64>,
    /// The report, as the app wrote it.
    pub report: String,
    /// When it was added (unix ms).
    pub created_at: i64,
}

/// A transcript row as a backend reads it for a backup (by id).
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct TranscriptRow {
    pub name: String,
    pub format: String,
    pub source: String,
    pub text: String,
    pub question_id: Option<String>,
    pub question: Option<String>,
    pub context: String,
    pub context_id: Option<i64>,
    pub duration_ms: i64,
    pub words: i64,
    pub score: Option<i64>,
    pub report: String,
    pub created_at: i64,
}

/// The columns of a [`TranscriptRow`].
pub(crate) const TRANSCRIPT_ROW_COLUMNS: &str = "name, format, source, text, question_id, \
     question, context, context_id, duration_ms, words, score, report, created_at";

/// The ids of what a backup names by place or uid, in this database: the account's stories by
/// uid, its mocks and drill cards in the order they were made (a backup's order).
#[derive(Debug, Default)]
pub(crate) struct Targets {
    /// Story ids by uid.
    pub stories: HashMap<String, StoryId>,
    /// Mock ids, oldest first.
    pub mocks: Vec<i64>,
    /// Drill card ids, oldest first.
    pub cards: Vec<i64>,
}

/// The transcripts as a backup holds them, in the order of `rows` (as they were added).
/// `targets` are the account's ids as the backup names them.
pub(crate) fn transcripts_out(
    rows: Vec<TranscriptRow>,
    targets: &Targets,
) -> Vec<BackupTranscript> {
    let uid_of: HashMap<StoryId, &str> = targets
        .stories
        .iter()
        .map(|(uid, id)| (*id, uid.as_str()))
        .collect();
    let place = |ids: &[i64], id: Option<i64>| {
        id.and_then(|id| ids.iter().position(|x| *x == id))
            .map(|p| p as i64)
    };
    rows.into_iter()
        .map(|r| {
            let (mut story, mut mock, mut card) = (None, None, None);
            match r.context.as_str() {
                "story" => {
                    story = r
                        .context_id
                        .and_then(|id| uid_of.get(&id))
                        .map(|uid| uid.to_string())
                }
                "mock" => mock = place(&targets.mocks, r.context_id),
                "drill" => card = place(&targets.cards, r.context_id),
                _ => {}
            }
            BackupTranscript {
                name: r.name,
                format: r.format,
                source: r.source,
                text: r.text,
                question_id: r.question_id,
                question: r.question,
                context: r.context,
                story,
                mock,
                card,
                duration_ms: r.duration_ms,
                words: r.words,
                score: r.score,
                report: r.report,
                created_at: r.created_at,
            }
        })
        .collect()
}

impl BackupTranscript {
    /// Its values as a new transcript names them, `context_id` the id `targets` gives what it was
    /// brought for (checked as every add checks them).
    pub(crate) fn as_new(&self, targets: &Targets) -> Result<NewTranscript<'_>> {
        let at = |ids: &[i64], place: i64, what: &str| {
            usize::try_from(place)
                .ok()
                .and_then(|p| ids.get(p).copied())
                .ok_or_else(|| {
                    bad(format!(
                        "a transcript names {what} {place}, which the backup does not hold"
                    ))
                })
        };
        let context_id = match (self.context.as_str(), &self.story, self.mock, self.card) {
            (_, None, None, None) => None,
            ("story", Some(uid), None, None) => {
                Some(*targets.stories.get(uid).ok_or_else(|| {
                    bad(format!(
                        "a transcript names story `{uid}`, which the backup does not hold"
                    ))
                })?)
            }
            ("mock", None, Some(p), None) => Some(at(&targets.mocks, p, "mock")?),
            ("drill", None, None, Some(p)) => Some(at(&targets.cards, p, "drill card")?),
            (context, ..) => {
                return Err(bad(format!(
                    "a transcript brought in context `{context}` names a {}: only a story \
                     rehearsal names a story, a mock answer a mock and a drill answer a card",
                    if self.story.is_some() {
                        "story"
                    } else if self.mock.is_some() {
                        "mock"
                    } else {
                        "card"
                    }
                )));
            }
        };
        let new = NewTranscript {
            name: &self.name,
            format: &self.format,
            source: &self.source,
            text: &self.text,
            question_id: self.question_id.as_deref(),
            question: self.question.as_deref(),
            context: &self.context,
            context_id,
            duration_ms: self.duration_ms,
            words: self.words,
            score: self.score,
            report: &self.report,
        };
        check_transcript(&new)?;
        Ok(new)
    }
}

/// Checks the transcripts as every add checks them, and that what each names is in the backup:
/// `stories` the backup's story uids, `mocks` and `cards` how many it holds.
pub(crate) fn check_transcripts(
    transcripts: &[BackupTranscript],
    stories: &[&str],
    mocks: usize,
    cards: usize,
) -> Result<()> {
    // Stand-in ids: places are checked as the restore maps them.
    let targets = Targets {
        stories: stories
            .iter()
            .enumerate()
            .map(|(i, uid)| (uid.to_string(), i as i64 + 1))
            .collect(),
        mocks: (1..=mocks as i64).collect(),
        cards: (1..=cards as i64).collect(),
    };
    for (i, t) in transcripts.iter().enumerate() {
        t.as_new(&targets).map_err(|e| match e {
            StoreError::Invalid(m) | StoreError::BadBackup(m) => bad(format!(
                "transcript {} of the backup ({:?}): {m}",
                i + 1,
                t.name
            )),
            other => other,
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Backup;

    fn transcript(context: &str) -> BackupTranscript {
        BackupTranscript {
            name: "answer.vtt".into(),
            format: "vtt".into(),
            source: "WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n".into(),
            text: "Hello".into(),
            question_id: None,
            question: Some("Why Amazon?".into()),
            context: context.into(),
            story: None,
            mock: None,
            card: None,
            duration_ms: 1_000,
            words: 1,
            score: None,
            report: "{}".into(),
            created_at: 5,
        }
    }

    fn refused(t: BackupTranscript, says: &str) {
        match check_transcripts(&[t], &["u-1"], 2, 1) {
            Err(StoreError::BadBackup(m)) => assert!(m.contains(says), "{says}: {m}"),
            other => panic!("{says}: {other:?}"),
        }
    }

    #[test]
    fn what_a_transcript_names_is_mapped_to_this_databases_ids() {
        let targets = Targets {
            stories: HashMap::from([("u-1".to_string(), 40)]),
            mocks: vec![7, 9],
            cards: vec![11],
        };
        let rows = [
            ("story", Some(40)),
            ("story", Some(41)),
            ("mock", Some(9)),
            ("drill", Some(11)),
            ("drill", Some(12)),
            ("speak", None),
        ]
        .into_iter()
        .enumerate()
        .map(|(i, (context, context_id))| TranscriptRow {
            name: "n".into(),
            format: "text".into(),
            source: "s".into(),
            text: "t".into(),
            question_id: None,
            question: None,
            context: context.into(),
            context_id,
            duration_ms: 0,
            words: 0,
            score: Some(50),
            report: "{}".into(),
            created_at: i as i64,
        })
        .collect();
        let out = transcripts_out(rows, &targets);
        let named: Vec<_> = out
            .iter()
            .map(|t| (t.story.as_deref(), t.mock, t.card))
            .collect();
        assert_eq!(
            named,
            [
                (Some("u-1"), None, None),
                (None, None, None),
                (None, Some(1), None),
                (None, None, Some(0)),
                (None, None, None),
                (None, None, None),
            ]
        );
        let ids: Vec<_> = out
            .iter()
            .map(|t| t.as_new(&targets).expect("sound").context_id)
            .collect();
        assert_eq!(ids, [Some(40), None, Some(9), Some(11), None, None]);
    }

    #[test]
    fn transcripts_are_checked_whole() {
        check_transcripts(&[transcript("speak")], &[], 0, 0).expect("sound");
        refused(
            BackupTranscript {
                format: "mp3".into(),
                ..transcript("speak")
            },
            "transcript 1 of the backup (\"answer.vtt\"): the transcript format",
        );
        refused(
            BackupTranscript {
                mock: Some(2),
                ..transcript("mock")
            },
            "names mock 2, which the backup does not hold",
        );
        refused(
            BackupTranscript {
                story: Some("u-2".into()),
                ..transcript("story")
            },
            "story `u-2`",
        );
        refused(
            BackupTranscript {
                mock: Some(0),
                ..transcript("drill")
            },
            "context `drill` names a mock",
        );
        refused(
            BackupTranscript {
                card: Some(-1),
                ..transcript("drill")
            },
            "names drill card -1",
        );
        check_transcripts(
            &[BackupTranscript {
                card: Some(0),
                ..transcript("drill")
            }],
            &["u-1"],
            2,
            1,
        )
        .expect("card 0 is held");
    }

    #[test]
    fn a_document_without_transcripts_reads_as_none_and_none_are_left_out() {
        let empty = Backup::new(5);
        let text = serde_json::to_string(&empty).expect("json");
        assert!(!text.contains("transcripts"), "{text}");
        let read = Backup::from_json(
            r#"{"format": "tpmprep.backup", "version": 1, "created_at": 5, "settings": {},
                "stories": [], "mocks": [], "transcripts": []}"#,
        )
        .expect("transcripts, none");
        assert_eq!(read, empty);
        let mut with = Backup::new(5);
        with.transcripts.push(transcript("speak"));
        let text = serde_json::to_string(&with).expect("json");
        assert_eq!(Backup::from_json(&text).expect("read"), with);
        with.check().expect("sound");
    }
}
