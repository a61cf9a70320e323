//! One account's whole data as one versioned JSON document, and back: every story with its whole
//! history and the trash, every mock with every answer, draft, debrief and rating, the settings
//! (the document is [`Backup`], described in `tpmprep_store`). A backup restores only into an
//! account that holds nothing yet, on either backend, all of it or nothing.

use tpmprep_store::{Backup, BackupSummary, Store, UserId};

use crate::{AppError, Result};

/// Everything `owner` keeps, as a backup made now.
pub async fn backup(store: &dyn Store, owner: UserId) -> Result<Backup> {
    Ok(store.export_user(owner).await?)
}

/// The document as it is written and served: pretty-printed JSON ending in a newline. The same
/// data gives the same text on every backend, but for `created_at`.
pub fn to_json(backup: &Backup) -> Result<String> {
    serde_json::to_string_pretty(backup)
        .map(|text| text + "\n")
        .map_err(|e| AppError::Invalid(format!("cannot write the backup as JSON: {e}")))
}

/// Reads a backup document and checks that it holds together, before anything is written: an
/// error says what is wrong and where (the line and column of a JSON mistake, a `format` or
/// `version` this build does not read, a story or mock that does not hold together).
pub fn read(text: &str) -> Result<Backup> {
    let backup = Backup::from_json(text)?;
    backup.check()?;
    Ok(backup)
}

/// Restores a backup into `owner`, which must hold no story, mock or setting: all of it, in one
/// transaction, or nothing. What was restored, counted.
pub async fn restore(store: &dyn Store, owner: UserId, backup: &Backup) -> Result<BackupSummary> {
    store.import_user(owner, backup).await?;
    Ok(backup.summary())
}

fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What a backup holds, in words: "3 stories (8 revisions, 1 in the trash), 2 mocks (1 finished,
/// 5 answers) and 1 setting".
pub fn summary_words(s: &BackupSummary) -> String {
    let mut stories = counted(s.stories, "story", "stories");
    if s.stories > 0 {
        stories.push_str(&format!(
            " ({}",
            counted(s.revisions, "revision", "revisions")
        ));
        if s.trashed > 0 {
            stories.push_str(&format!(", {} in the trash", s.trashed));
        }
        stories.push(')');
    }
    let mut mocks = counted(s.mocks, "mock", "mocks");
    if s.mocks > 0 {
        mocks.push_str(&format!(
            " ({} finished, {})",
            s.finished,
            counted(s.answers, "answer", "answers")
        ));
    }
    format!(
        "{stories}, {mocks} and {}",
        counted(s.settings, "setting", "settings")
    )
}

/// The file name a backup is offered under: `tpmprep-backup-YYYY-MM-DD.json` (its UTC date).
pub fn file_name(backup: &Backup) -> String {
    let date = crate::civil_time(backup.created_at);
    let day = date.split(' ').next().unwrap_or("undated");
    format!("tpmprep-backup-{day}.json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_reads_as_words() {
        let s = BackupSummary {
            stories: 3,
            trashed: 1,
            revisions: 8,
            mocks: 2,
            finished: 1,
            answers: 5,
            settings: 1,
        };
        assert_eq!(
            summary_words(&s),
            "3 stories (8 revisions, 1 in the trash), 2 mocks (1 finished, 5 answers) and 1 setting"
        );
        let empty = Backup::new(0).summary();
        assert_eq!(summary_words(&empty), "0 stories, 0 mocks and 0 settings");
        let one = BackupSummary {
            stories: 1,
            trashed: 0,
            revisions: 1,
            mocks: 0,
            finished: 0,
            answers: 0,
            settings: 2,
        };
        assert_eq!(
            summary_words(&one),
            "1 story (1 revision), 0 mocks and 2 settings"
        );
    }

    #[test]
    fn a_backup_is_offered_under_its_date() {
        assert_eq!(
            file_name(&Backup::new(20_779 * 86_400_000 + 5_000)),
            "tpmprep-backup-2026-11-22.json"
        );
    }

    #[test]
    fn a_document_is_read_and_checked() {
        let text = to_json(&Backup::new(7)).expect("json");
        assert!(text.ends_with("}\n"));
        assert_eq!(read(&text).expect("read"), Backup::new(7));
        let mut bad = Backup::new(7);
        bad.version = 9;
        let err = read(&to_json(&bad).expect("json")).expect_err("version 9");
        assert!(err.to_string().contains("backup version 9"), "{err}");
        let err =
            read("{\"format\": \"tpmprep.backup\",\n  \"version\": 1,\n  oops").expect_err("json");
        assert!(err.to_string().contains("line 3 column"), "{err}");
    }
}
