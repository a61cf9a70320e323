//! `tpmprep backup FILE` and `tpmprep restore FILE`: one account's whole data as one JSON document
//! (`tpmprep_app::backup`), written atomically (a temporary file beside it, synced, then renamed over
//! it), and read back into an empty account of any database.

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use tpmprep_app::backup;
use tpmprep_store::{LOCAL_USER, Store, UserId};

use crate::cli::{BackupArgs, RestoreArgs};
use crate::commands::json;
use crate::config::Config;
use crate::story::{block_on, database_label, open, size_words};

/// The account a command works on: the local user, or the one that signs in with `--account`;
/// with how it is named in messages.
async fn owner(store: &dyn Store, account: Option<&str>) -> Result<(UserId, String)> {
    let Some(email) = account else {
        return Ok((LOCAL_USER, "the local user".to_string()));
    };
    let email = email.trim().to_lowercase();
    match store
        .credentials(&email)
        .await
        .with_context(|| format!("cannot look up the account {email}"))?
    {
        Some(c) => Ok((c.account.id, email)),
        None => bail!("no account signs in with {email}; `tpmprep admin users` lists the accounts"),
    }
}

/// Writes `body` to `path` so that the file is never seen half written: a temporary file in the
/// same folder (readable by its owner only), synced to disk, then renamed over `path`.
fn write_atomically(path: &Path, body: &[u8]) -> Result<()> {
    if path.is_dir() {
        bail!(
            "{} is a folder; name a file for the backup (e.g. {})",
            path.display(),
            path.join("tpmprep-backup.json").display()
        );
    }
    let name = path
        .file_name()
        .ok_or_else(|| anyhow!("{} names no file", path.display()))?;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = (|| -> std::io::Result<()> {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&tmp)?;
        file.write_all(body)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(anyhow!("cannot write {}: {e}", path.display()));
    }
    // The rename itself is durable once the folder is synced (best effort: not every system can).
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// `tpmprep backup FILE`.
pub fn backup(cfg: &Config, a: BackupArgs, text: &mut String) -> Result<()> {
    let label = database_label(cfg);
    let (doc, summary, whose) = block_on(async {
        let store = open(cfg).await?;
        let made = async {
            let (id, whose) = owner(store.as_ref(), a.account.as_deref()).await?;
            let doc = backup::backup(store.as_ref(), id)
                .await
                .with_context(|| format!("cannot back up {whose} of {label}"))?;
            anyhow::Ok((doc, whose))
        }
        .await;
        store.close().await;
        let (doc, whose) = made?;
        let summary = doc.summary();
        anyhow::Ok((backup::to_json(&doc)?, summary, whose))
    })??;
    if a.file.as_os_str() == "-" {
        text.push_str(&doc);
        return Ok(());
    }
    write_atomically(&a.file, doc.as_bytes())?;
    if a.out.json {
        return json(
            &serde_json::json!({
                "file": a.file.display().to_string(),
                "bytes": doc.len(),
                "database": label,
                "account": a.account.as_deref().map(|e| e.trim().to_lowercase()),
                "backed_up": summary,
            }),
            text,
        );
    }
    let _ = writeln!(
        text,
        "Backed up {} of {whose} ({label}) to {} ({}).\nRestore it into an empty account with \
         `tpmprep restore {}` (this database or another, SQLite or PostgreSQL).",
        backup::summary_words(&summary),
        a.file.display(),
        size_words(doc.len()),
        a.file.display(),
    );
    Ok(())
}

/// Reads the backup file (`-`: standard input) as text.
fn read_file(file: &Path) -> Result<String> {
    let bytes = if file.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .context("cannot read standard input")?;
        buf
    } else {
        std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?
    };
    String::from_utf8(bytes).map_err(|e| {
        anyhow!(
            "cannot restore {}: not UTF-8 text (bad byte at offset {}), so not a backup",
            shown(file),
            e.utf8_error().valid_up_to()
        )
    })
}

/// How a file is named in messages (`-` is standard input).
fn shown(file: &Path) -> String {
    if file.as_os_str() == "-" {
        "standard input".to_string()
    } else {
        file.display().to_string()
    }
}

/// `tpmprep restore FILE`.
pub fn restore(cfg: &Config, a: RestoreArgs, text: &mut String) -> Result<()> {
    let body = read_file(&a.file)?;
    let doc = backup::read(&body).with_context(|| format!("cannot restore {}", shown(&a.file)))?;
    drop(body);
    let label = database_label(cfg);
    let (summary, whose) = block_on(async {
        let store = open(cfg).await?;
        let done = async {
            let (id, whose) = owner(store.as_ref(), a.account.as_deref()).await?;
            let summary = backup::restore(store.as_ref(), id, &doc)
                .await
                .with_context(|| {
                    format!("cannot restore {} into {whose} of {label}", shown(&a.file))
                })?;
            anyhow::Ok((summary, whose))
        }
        .await;
        store.close().await;
        done
    })??;
    if a.out.json {
        return json(
            &serde_json::json!({
                "file": shown(&a.file),
                "database": label,
                "account": a.account.as_deref().map(|e| e.trim().to_lowercase()),
                "restored": summary,
            }),
            text,
        );
    }
    let _ = writeln!(
        text,
        "Restored {} from {} into {whose} ({label}).",
        backup::summary_words(&summary),
        shown(&a.file),
    );
    Ok(())
}
