//! `coverage` and `db`: the bank as a whole.

use super::*;

pub fn coverage(cfg: &Config, as_json: bool, text: &mut String) -> Result<()> {
    let pack = load_pack(cfg)?;
    let summaries = block_on(async {
        let store = open(cfg).await?;
        let list = store
            .list_stories(LOCAL_USER, &StoryFilter::default())
            .await;
        store.close().await;
        Ok::<_, anyhow::Error>(list?)
    })??;
    let principles: Vec<(&str, &str)> = pack
        .principles
        .iter()
        .map(|p| (p.id.as_str(), p.name.as_str()))
        .collect();
    let tags: Vec<StoryTags> = summaries
        .into_iter()
        .map(|s| StoryTags {
            id: s.meta.id,
            title: s.title,
            status: s.status,
            principles: s.principles,
        })
        .collect();
    let cov = tpmprep_stories::coverage(&principles, &tags);
    if as_json {
        return json(&cov, text);
    }
    let _ = writeln!(
        text,
        "{} of {} principles {} {} ready {}.\n",
        cov.covered,
        cov.rows.len(),
        if cov.covered == 1 { "has" } else { "have" },
        cov.target,
        if cov.target == 1 { "story" } else { "stories" }
    );
    let width = cov
        .rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(10)
        + 2;
    let _ = writeln!(
        text,
        "  {}READY  DRAFT  STORIES",
        crate::render::pad("PRINCIPLE", width)
    );
    let ids = |v: &[i64]| -> String {
        let mut parts: Vec<String> = v.iter().take(6).map(|i| format!("#{i}")).collect();
        if v.len() > 6 {
            parts.push(format!("+{}", v.len() - 6));
        }
        parts.join(" ")
    };
    for r in &cov.rows {
        let mark = if r.missing > 0 { "✗" } else { "✓" };
        let mut stories = ids(&r.ready);
        if !r.draft.is_empty() {
            if !stories.is_empty() {
                stories.push_str("  ");
            }
            stories.push_str(&format!("drafts: {}", ids(&r.draft)));
        }
        if stories.is_empty() {
            stories = "—".into();
        }
        let _ = writeln!(
            text,
            "{mark} {}{:>2}/{}  {:>5}  {stories}",
            crate::render::pad(&r.name, width),
            r.ready.len(),
            cov.target,
            r.draft.len()
        );
    }
    if !cov.stretched.is_empty() {
        let _ = writeln!(
            text,
            "\nStretched: {} stor{} tagged with {}+ principles; an interviewer will doubt one story shows them all:",
            cov.stretched.len(),
            if cov.stretched.len() == 1 { "y" } else { "ies" },
            tpmprep_stories::STRETCHED_AT
        );
        for s in cov.stretched.iter().take(20) {
            let _ = writeln!(
                text,
                "  #{} {} ({} principles)",
                s.id,
                s.title,
                s.principles.len()
            );
        }
        if cov.stretched.len() > 20 {
            let _ = writeln!(
                text,
                "  … and {} more (see --json)",
                cov.stretched.len() - 20
            );
        }
    }
    if !cov.unknown.is_empty() {
        let _ = writeln!(
            text,
            "\n{} tag{} name principles this pack does not have (e.g. #{} `{}`).",
            cov.unknown.len(),
            if cov.unknown.len() == 1 { "" } else { "s" },
            cov.unknown[0].0,
            cov.unknown[0].1
        );
    }
    let gaps: usize = cov.rows.iter().map(|r| r.missing).sum();
    if gaps > 0 {
        let first = &cov.rows[0];
        // Counted in slots (each principle has `target` of them), not stories: one story tagged
        // with three principles fills three slots.
        let _ = writeln!(
            text,
            "\n{gaps} principle slot{} still need{} a ready story ({} per principle). Start with {}: \
             tpmprep questions --principle {} --kind behavioural",
            if gaps == 1 { "" } else { "s" },
            if gaps == 1 { "s" } else { "" },
            cov.target,
            first.name,
            first.principle
        );
    }
    Ok(())
}

pub fn db(cfg: &Config, cmd: DbCommand, text: &mut String) -> Result<()> {
    match cmd {
        DbCommand::Path { out } => {
            if out.json {
                return json(
                    &serde_json::json!({ "database": database_label(cfg) }),
                    text,
                );
            }
            let _ = writeln!(text, "{}", database_label(cfg));
        }
        DbCommand::Check { out } => {
            // Opened as it is (not migrated), so a damaged file can still be examined.
            let label = database_label(cfg);
            let findings = block_on(async {
                match &cfg.database.value {
                    Some(url) => tpmprep_store::integrity_check_url(url).await,
                    None => SqliteStore::check_path(&default_db_path(cfg)).await,
                }
            })?;
            let findings = match findings {
                Ok(findings) => findings,
                Err(tpmprep_store::StoreError::Damaged(words)) => vec![words],
                Err(tpmprep_store::StoreError::Missing(_)) => {
                    // Nothing saved yet: nothing to check, and the check creates nothing.
                    if out.json {
                        return json(
                            &serde_json::json!({ "ok": true, "database": label, "exists": false }),
                            text,
                        );
                    }
                    let _ = writeln!(
                        text,
                        "ok: no database yet at {label}; it is created when the first story or \
                         mock is saved"
                    );
                    return Ok(());
                }
                Err(e) => return Err(e).with_context(|| format!("cannot check {label}")),
            };
            if findings != ["ok"] {
                // The file itself, for the sqlite3 tool.
                let file = label
                    .trim_start_matches("sqlite://")
                    .trim_start_matches("sqlite:")
                    .split('?')
                    .next()
                    .unwrap_or_default();
                let mut listed = String::new();
                for f in &findings {
                    let _ = write!(listed, "\n  {f}");
                }
                bail!(
                    "the database {label} is damaged. SQLite's integrity check found:{listed}\n\
                     What to do: keep a copy of the file as it is, then restore the database from a \
                     backup, or salvage what is readable with the sqlite3 tool: `sqlite3 {file} \
                     .recover | sqlite3 recovered.db`, and use it with `--database-url recovered.db`."
                );
            }
            if out.json {
                return json(
                    &serde_json::json!({ "ok": true, "database": database_label(cfg) }),
                    text,
                );
            }
            let _ = writeln!(text, "ok: {}", database_label(cfg));
        }
    }
    Ok(())
}
