//! Story bank commands: `story ...`, `coverage`, `db ...`. Nothing the user writes is lost: text
//! typed in an editor lives in a draft file under the data dir until it is saved, and stays there
//! (with its path printed) whenever saving fails.

mod bank;
mod edit;
mod history;
mod transfer;

pub use bank::{coverage, db};
use edit::{Draft, Source, edit, leftover_drafts};
pub(crate) use history::when;
use history::{diff, history, restore};
pub(crate) use transfer::size_words;
use transfer::{export, import};

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use serde::Serialize;
use tpmprep_app::import::ImportReport;
use tpmprep_content::Pack;
use tpmprep_store::{LOCAL_USER, SqliteStore, Store, StoreError, StoredStory, StoryFilter};
use tpmprep_stories::diff::{FieldChange, field_changes};
use tpmprep_stories::{
    Export, ExportedStory, FileError, FileErrors, Format, ReadStory, StoryContent, StoryTags,
    markdown,
};

use crate::cli::*;
use crate::commands::{json, load_pack, unknown};
use crate::config::Config;

/// Runs an async store call to completion on a small runtime made for this command.
pub(crate) fn block_on<F: std::future::Future>(f: F) -> Result<F::Output> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    Ok(rt.block_on(f))
}

/// The default database file.
fn default_db_path(cfg: &Config) -> PathBuf {
    cfg.data_dir.join("tpmprep.db")
}

/// What `config` and `db path` print for the database.
pub fn database_label(cfg: &Config) -> String {
    match &cfg.database.value {
        Some(url) => tpmprep_store::url_for_display(url),
        None => default_db_path(cfg).display().to_string(),
    }
}

/// Opens the store once for this run: the URL given, or the embedded SQLite file.
pub(crate) async fn open(cfg: &Config) -> Result<Box<dyn Store>> {
    match &cfg.database.value {
        Some(url) => tpmprep_store::open_url_with(url, cfg.db_pool_size.value)
            .await
            .with_context(|| {
                format!(
                    "cannot open the database {}",
                    tpmprep_store::url_for_display(url)
                )
            }),
        None => {
            let path = default_db_path(cfg);
            let store = SqliteStore::open_path(&path)
                .await
                .with_context(|| format!("cannot open the database {}", path.display()))?;
            Ok(Box::new(store))
        }
    }
}

fn principle_ids(pack: &Pack) -> Vec<&str> {
    pack.principles.iter().map(|p| p.id.as_str()).collect()
}

/// Reads a story file with its format's size limit applied before reading it all.
fn read_text(path: &Path) -> Result<String> {
    let meta =
        std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
    let limit = Format::of_path(&path.to_string_lossy()).max_bytes();
    if meta.len() > limit as u64 {
        bail!(
            "{}: the file is {} bytes; the limit is {} ({} MB)",
            path.display(),
            crate::render::thousands(meta.len()),
            crate::render::thousands(limit as u64),
            limit / (1024 * 1024)
        );
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        anyhow!(
            "{}: not UTF-8 text (bad byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

fn report(errors: &[FileError]) -> anyhow::Error {
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    anyhow!("{}", lines.join("\n"))
}

/// Reads exactly one story from a file; `title` names it when the file gives none.
fn read_titled(path: &Path, ids: &[&str], title: Option<&str>) -> Result<StoryContent> {
    let text = read_text(path)?;
    let name = path.display().to_string();
    let title = title.map(str::trim).filter(|t| !t.is_empty());
    // Plain text takes the title as its own; front matter with an empty title takes it here.
    let mut stories = match tpmprep_stories::read_stories(&name, &text, ids, title) {
        Ok(stories) => stories,
        Err(errors) => {
            let untitled = errors.iter().all(|e| e.field == "title");
            match title {
                Some(t) if untitled && Format::of_path(&name) == Format::Markdown => {
                    match markdown::parse(&text) {
                        Ok((mut story, _)) if story.title.is_empty() => {
                            story.title = t.to_string();
                            story.normalize();
                            check(&story, ids, &name)?;
                            vec![ReadStory {
                                content: story,
                                ..ReadStory::default()
                            }]
                        }
                        _ => return Err(report(&errors)),
                    }
                }
                _ => return Err(report(&errors)),
            }
        }
    };
    if let Some(t) = title {
        for s in &mut stories {
            if s.content.title.is_empty() {
                s.content.title = t.to_string();
            }
        }
    }
    let mut stories: Vec<StoryContent> = stories.into_iter().map(|s| s.content).collect();
    match stories.len() {
        1 => Ok(stories.remove(0)),
        0 => bail!("{}: holds no story", path.display()),
        n => bail!(
            "{}: holds {n} stories; use `tpmprep story import` for several",
            path.display()
        ),
    }
}

pub fn run(cfg: &Config, cmd: StoryCommand, text: &mut String) -> Result<ExitCode> {
    block_on(run_async(cfg, cmd, text))?
}

async fn run_async(cfg: &Config, cmd: StoryCommand, text: &mut String) -> Result<ExitCode> {
    let store = open(cfg).await?;
    let result = dispatch(cfg, &*store, cmd, text).await;
    store.close().await;
    result
}

async fn dispatch(
    cfg: &Config,
    store: &dyn Store,
    cmd: StoryCommand,
    text: &mut String,
) -> Result<ExitCode> {
    match cmd {
        StoryCommand::Add { from, fields, out } => {
            add(cfg, store, from, fields, out.json, text).await?
        }
        StoryCommand::List {
            principle,
            status,
            tag,
            trash,
            search,
            out,
        } => {
            let filter = StoryFilter {
                principle,
                status: status.map(Into::into),
                tag,
                trashed: trash,
            };
            list(cfg, store, filter, search.as_deref(), out.json, text).await?
        }
        StoryCommand::Show {
            id,
            rev,
            markdown,
            out,
        } => show(store, id, rev, markdown, out.json, text).await?,
        StoryCommand::Edit {
            id,
            from,
            base_rev,
            take,
            out,
        } => {
            let mut said = String::new();
            edit(cfg, store, id, from, base_rev, &take, &mut said).await?;
            said_as(store, id, &said, out.json, text).await?
        }
        StoryCommand::Tag {
            id,
            principles,
            remove,
            out,
        } => {
            let mut said = String::new();
            tag(cfg, store, id, principles, remove, &mut said).await?;
            said_as(store, id, &said, out.json, text).await?
        }
        StoryCommand::History { id, out } => history(store, id, out.json, text).await?,
        StoryCommand::Diff { id, from, to, out } => {
            diff(store, id, from, to, out.json, text).await?
        }
        StoryCommand::Restore { id, rev, out } => {
            let mut said = String::new();
            restore(store, id, rev, &mut said).await?;
            said_as(store, id, &said, out.json, text).await?
        }
        StoryCommand::Trash { id, out } => {
            let mut said = String::new();
            if store.story(LOCAL_USER, id).await?.meta.trashed_at.is_some() {
                let _ = writeln!(said, "Story {id} is already in the trash.");
            } else {
                store.trash_story(LOCAL_USER, id).await?;
                let _ = writeln!(
                    said,
                    "Story {id} moved to the trash. Undo: tpmprep story restore-trash {id}"
                );
            }
            said_as(store, id, &said, out.json, text).await?
        }
        StoryCommand::RestoreTrash { id, out } => {
            store.restore_from_trash(LOCAL_USER, id).await?;
            said_as(store, id, &format!("Story {id} is back.\n"), out.json, text).await?
        }
        StoryCommand::Purge { id, yes, out } => {
            let mut said = String::new();
            let purged = purge(store, id, yes, &mut said).await?;
            if out.json {
                json(
                    &serde_json::json!({ "id": id, "purged": purged, "message": said.trim() }),
                    text,
                )?;
            } else {
                text.push_str(&said);
            }
        }
        StoryCommand::Critique {
            id,
            question,
            question_id,
            out,
        } => {
            let pack = load_pack(cfg)?;
            let story = store.story(LOCAL_USER, id).await?;
            let c = &story.content;
            let answer = tpmprep_app::stories::answer_text(c);
            let facts = tpmprep_app::stories::facts(c);
            let q = crate::critique::question(&pack, question.as_deref(), question_id.as_deref())?;
            if !out.json {
                let _ = writeln!(text, "#{} {} (revision {})", id, c.title, story.meta.rev);
            }
            crate::critique::run(
                &pack,
                &answer,
                q,
                Some(&facts),
                &c.principles,
                out.json,
                text,
            )?;
        }
        StoryCommand::Import {
            files,
            title,
            as_new,
            out,
        } => import(cfg, store, &files, title.as_deref(), as_new, out.json, text).await?,
        StoryCommand::Export {
            format,
            out,
            force,
            json: as_json,
        } => export(store, format, out, force, as_json, text).await?,
    }
    Ok(ExitCode::SUCCESS)
}

fn from_fields(fields: StoryFields) -> StoryContent {
    StoryContent {
        title: fields.title.unwrap_or_default(),
        status: fields.status.map(Into::into).unwrap_or_default(),
        principles: fields.principles,
        tags: fields.tags,
        role: fields.role.unwrap_or_default(),
        period: fields.period.unwrap_or_default(),
        situation: fields.situation.unwrap_or_default(),
        task: fields.task.unwrap_or_default(),
        action: fields.action.unwrap_or_default(),
        result: fields.result.unwrap_or_default(),
        ..StoryContent::default()
    }
    .normalized()
}

fn check(content: &StoryContent, ids: &[&str], source: &str) -> Result<()> {
    let errors = tpmprep_stories::validate(content, ids);
    if errors.is_empty() {
        return Ok(());
    }
    let lines: Vec<String> = errors
        .iter()
        .map(|e| format!("{source}: {}: {}", e.field, e.message))
        .collect();
    bail!("{}", lines.join("\n"))
}

async fn add(
    cfg: &Config,
    store: &dyn Store,
    from: Option<PathBuf>,
    fields: StoryFields,
    as_json: bool,
    text: &mut String,
) -> Result<()> {
    let pack = load_pack(cfg)?;
    let ids = principle_ids(&pack);
    // With --from, --title names a story whose file has no title (plain text that starts with
    // its first section, or front matter with an empty title); every other field is in the file.
    if from.is_some() && fields.any_but_title() {
        bail!(
            "--from takes the story from the file; put the fields in the file instead of flags \
             (only --title may come with it, to name a story the file leaves untitled)"
        );
    }
    let mut leftovers = String::new();
    let (content, draft) = if let Some(path) = from {
        let content = read_titled(&path, &ids, fields.title.as_deref())?;
        (content, Some(Source::file(cfg, path)))
    } else if fields.any() {
        let content = from_fields(fields);
        check(&content, &ids, "story")?;
        (content, None)
    } else {
        leftovers = tell_leftovers(leftover_drafts(cfg, store, None).await);
        let draft = Draft::create(cfg, "new", &markdown::template(&ids))?;
        match draft.edit_until_valid(&ids, "story add")? {
            Some(content) => (content, Some(Source::Editor(draft))),
            None => {
                let _ = writeln!(text, "{leftovers}No story written; nothing saved.");
                return Ok(());
            }
        }
    };
    let meta = match store.create_story(LOCAL_USER, &content).await {
        Ok(meta) => meta,
        Err(e) => {
            let kept = draft.as_ref().map(Source::kept_note).unwrap_or_default();
            return Err(anyhow!("cannot save the story: {e}{kept}"));
        }
    };
    if let Some(d) = draft {
        d.discard();
    }

    if as_json {
        return json(&StoredStory { meta, content }, text);
    }
    let _ = writeln!(
        text,
        "{leftovers}Saved story {} (revision 1): {}\nNext: tpmprep story show {} · tpmprep coverage",
        meta.id, content.title, meta.id
    );
    Ok(())
}

async fn list(
    cfg: &Config,
    store: &dyn Store,
    filter: StoryFilter,
    search: Option<&str>,
    as_json: bool,
    text: &mut String,
) -> Result<()> {
    if let Some(p) = &filter.principle {
        let pack = load_pack(cfg)?;
        if pack.principle(p).is_none() {
            return Err(unknown(
                "principle",
                p,
                pack.principles.iter().map(|p| p.id.as_str()),
            ));
        }
    }
    let trash = filter.trashed;
    let stories = store.list_stories(LOCAL_USER, &filter).await?;
    let stories =
        tpmprep_app::stories::search(store, LOCAL_USER, stories, search.unwrap_or("")).await?;
    if as_json {
        return json(&stories, text);
    }
    if stories.is_empty() && search.is_some_and(|s| !s.trim().is_empty()) {
        let _ = writeln!(
            text,
            "No stories hold every word of that search. Fewer words, or another filter, may find some."
        );
        return Ok(());
    }
    if stories.is_empty() {
        let _ = writeln!(
            text,
            "{}",
            if trash {
                "The trash is empty."
            } else {
                "No stories yet. Write one: tpmprep story add"
            }
        );
        return Ok(());
    }
    let width = stories
        .iter()
        .map(|s| s.meta.id.to_string().len())
        .max()
        .unwrap_or(2)
        .max(2);
    let _ = writeln!(
        text,
        "{:>width$}  STATUS   REV  USED  PRINCIPLES  TITLE",
        "ID"
    );
    for s in &stories {
        let principles = if s.principles.is_empty() {
            "—".to_string()
        } else {
            s.principles.len().to_string()
        };
        let _ = writeln!(
            text,
            "{:>width$}  {:<7}  {:>3}  {:>4}  {:>10}  {}",
            s.meta.id,
            s.status.as_str(),
            s.meta.rev,
            s.meta.times_used,
            principles,
            s.title
        );
    }
    let _ = writeln!(
        text,
        "\n{} stor{}.",
        stories.len(),
        if stories.len() == 1 { "y" } else { "ies" }
    );
    Ok(())
}

async fn show(
    store: &dyn Store,
    id: i64,
    rev: Option<i64>,
    as_markdown: bool,
    as_json: bool,
    text: &mut String,
) -> Result<()> {
    let story = store.story(LOCAL_USER, id).await?;
    let (content, shown_rev) = match rev {
        Some(r) => (store.revision(LOCAL_USER, id, r).await?.content, r),
        None => (story.content.clone(), story.meta.rev),
    };
    if as_json {
        #[derive(Serialize)]
        struct ShowJson<'a> {
            meta: &'a tpmprep_store::StoryMeta,
            shown_rev: i64,
            content: &'a StoryContent,
        }
        return json(
            &ShowJson {
                meta: &story.meta,
                shown_rev,
                content: &content,
            },
            text,
        );
    }
    if as_markdown {
        // The stable id and the revision shown travel with the text, so `story edit --from` or
        // `story import` of this file later merges with whatever is saved meanwhile.
        text.push_str(&markdown::render_from(
            &content,
            Some(&story.meta.uid),
            Some(shown_rev),
        ));
        return Ok(());
    }
    render_story(text, &story.meta, shown_rev, &content);
    Ok(())
}

fn render_story(text: &mut String, meta: &tpmprep_store::StoryMeta, rev: i64, c: &StoryContent) {
    use crate::render::{bullets, wrap};
    let trashed = if meta.trashed_at.is_some() {
        " · IN TRASH"
    } else {
        ""
    };
    let _ = writeln!(text, "#{} {}", meta.id, c.title);
    let old = if rev != meta.rev {
        format!(" (showing revision {rev})")
    } else {
        String::new()
    };
    let _ = writeln!(
        text,
        "  {} · revision {}{old} · told in {} mock{}{trashed}",
        c.status,
        meta.rev,
        meta.times_used,
        if meta.times_used == 1 { "" } else { "s" }
    );
    let facts = [
        ("principles", c.principles.join(", ")),
        ("tags", c.tags.join(", ")),
        ("role", c.role.clone()),
        ("period", c.period.clone()),
        ("teams", c.teams.join(", ")),
        (
            "partners",
            c.partners
                .iter()
                .map(tpmprep_stories::merge::partner_text)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        (
            "artifacts",
            c.artifacts
                .iter()
                .map(|a| a.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        ),
    ];
    for (name, value) in facts {
        if !value.is_empty() {
            wrap(text, "  ", &format!("{name}: {value}"));
        }
    }
    let metrics: Vec<String> = c
        .metrics
        .iter()
        .map(|m| {
            let change = match (m.before, m.after) {
                (Some(b), Some(a)) => format!(" ({b} → {a})"),
                _ => String::new(),
            };
            format!("{}{} {}{change}", m.value, m.unit, m.measures)
        })
        .collect();
    bullets(text, "Metrics", &metrics);
    for (name, value) in [
        ("Trade-off", &c.trade_off),
        ("Dissent", &c.dissent),
        ("Would do differently", &c.differently),
    ] {
        if !value.is_empty() {
            wrap(text, "  ", &format!("{name}: {value}"));
        }
    }
    for (name, body) in c.sections() {
        let _ = writeln!(text, "\n{name}");
        if body.is_empty() {
            let _ = writeln!(text, "  (empty)");
        } else {
            for para in body.split('\n') {
                if para.is_empty() {
                    text.push('\n');
                } else {
                    wrap(text, "  ", para);
                }
            }
        }
    }
}

async fn tag(
    cfg: &Config,
    store: &dyn Store,
    id: i64,
    principles: Vec<String>,
    remove: bool,
    text: &mut String,
) -> Result<()> {
    let pack = load_pack(cfg)?;
    for p in &principles {
        if pack.principle(p).is_none() {
            return Err(unknown(
                "principle",
                p,
                pack.principles.iter().map(|p| p.id.as_str()),
            ));
        }
    }
    let current = store.story(LOCAL_USER, id).await?;
    let mut content = current.content.clone();
    if remove {
        content.principles.retain(|p| !principles.contains(p));
    } else {
        content.principles.extend(principles);
    }
    content.normalize();
    if content == current.content {
        let _ = writeln!(
            text,
            "Nothing to change; story {id} is tagged {}.",
            content.principles.join(", ")
        );
        return Ok(());
    }
    let meta = store
        .update_story(LOCAL_USER, id, current.meta.rev, &content)
        .await?;
    let _ = writeln!(
        text,
        "Story {id} (revision {}) is tagged: {}",
        meta.rev,
        if content.principles.is_empty() {
            "nothing".to_string()
        } else {
            content.principles.join(", ")
        }
    );
    if content.principles.len() >= tpmprep_stories::STRETCHED_AT {
        let _ = writeln!(
            text,
            "Note: {} principles is a lot for one story; interviewers will doubt it shows them all.",
            content.principles.len()
        );
    }
    Ok(())
}

/// Purges story `id` (asking first, unless `yes`); whether it was purged.
async fn purge(store: &dyn Store, id: i64, yes: bool, text: &mut String) -> Result<bool> {
    let story = store.story(LOCAL_USER, id).await?;
    if story.meta.trashed_at.is_none() {
        return Err(StoreError::NotInTrash(id).into());
    }
    if !yes {
        let revisions = match story.meta.rev {
            1 => "its only revision".to_string(),
            2 => "both its revisions".to_string(),
            n => format!("all {n} revisions"),
        };
        if !std::io::stdin().is_terminal() {
            bail!("purging deletes story {id} and {revisions} for good; add --yes to confirm");
        }
        eprint!(
            "Delete story {id} \"{}\" and {revisions} for good? Type the id to confirm: ",
            story.content.title
        );
        let mut answer = String::new();
        std::io::stdin().read_line(&mut answer)?;
        if answer.trim() != id.to_string() {
            let _ = writeln!(text, "Not purged.");
            return Ok(false);
        }
    }
    store.purge_story(LOCAL_USER, id).await?;
    let _ = writeln!(text, "Story {id} purged.");
    Ok(true)
}

/// A story command's result: its message as text, or under `--json` the story as it now stands
/// (`{meta, content, message}`; a purged story has none).
async fn said_as(
    store: &dyn Store,
    id: i64,
    said: &str,
    as_json: bool,
    text: &mut String,
) -> Result<()> {
    if !as_json {
        text.push_str(said);
        return Ok(());
    }
    let story = store.story(LOCAL_USER, id).await?;
    json(
        &serde_json::json!({
            "meta": story.meta,
            "content": story.content,
            "message": said.trim(),
        }),
        text,
    )
}

/// Drafts a killed session left (`leftover_drafts`' words), said before the editor opens: on
/// standard error when it is a terminal. Returns what the command's output repeats after the editor
/// closes: nothing when both go to the same terminal (the note was printed twice), all of it when
/// the output goes elsewhere.
fn tell_leftovers(leftovers: String) -> String {
    let stderr_tty = std::io::stderr().is_terminal();
    if stderr_tty {
        eprint!("{leftovers}");
    }
    if stderr_tty && std::io::stdout().is_terminal() {
        String::new()
    } else {
        leftovers
    }
}
