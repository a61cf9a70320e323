//! Story bank commands: `story ...`, `coverage`, `db ...`. Nothing the user writes is lost: text
//! typed in an editor lives in a draft file under the data dir until it is saved, and stays there
//! (with its path printed) whenever saving fails.

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
    Export, ExportedStory, FileError, FileErrors, Format, StoryContent, StoryTags, markdown,
};

use crate::cli::*;
use crate::commands::{json, load_pack, unknown};
use crate::config::Config;

/// Runs an async store call to completion on a small runtime made for this command.
fn block_on<F: std::future::Future>(f: F) -> Result<F::Output> {
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
        Some(url) => url.clone(),
        None => default_db_path(cfg).display().to_string(),
    }
}

/// Opens the store once for this run: the URL given, or the embedded SQLite file.
pub(crate) async fn open(cfg: &Config) -> Result<Box<dyn Store>> {
    match &cfg.database.value {
        Some(url) => tpmprep_store::open_url(url)
            .await
            .with_context(|| format!("cannot open the database {url}")),
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
            "{}: the file is {} bytes; the limit is {limit} ({} MB)",
            path.display(),
            meta.len(),
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

/// Reads exactly one story from a file.
fn read_one(path: &Path, ids: &[&str]) -> Result<StoryContent> {
    let text = read_text(path)?;
    let mut stories = tpmprep_stories::read_file(&path.display().to_string(), &text, ids)
        .map_err(|e| report(&e))?;
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
    if from.is_some() && fields.any() {
        bail!(
            "--from takes the whole story from the file; put the fields in the file instead of flags"
        );
    }
    let (content, draft) = if let Some(path) = from {
        (read_one(&path, &ids)?, None)
    } else if fields.any() {
        let content = from_fields(fields);
        check(&content, &ids, "story")?;
        (content, None)
    } else {
        let draft = Draft::create(cfg, "new", &markdown::template(&ids))?;
        match draft.edit_until_valid(&ids, "story add")? {
            Some(content) => (content, Some(draft)),
            None => {
                let _ = writeln!(text, "No story written; nothing saved.");
                return Ok(());
            }
        }
    };
    let meta = match store.create_story(LOCAL_USER, &content).await {
        Ok(meta) => meta,
        Err(e) => {
            let kept = draft.as_ref().map(Draft::kept_note).unwrap_or_default();
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
        "Saved story {} (revision 1): {}\nNext: tpmprep story show {} · tpmprep coverage",
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
        text.push_str(&markdown::render(&content));
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
                .map(|p| {
                    if p.role.is_empty() {
                        p.name.clone()
                    } else {
                        format!("{} ({})", p.name, p.role)
                    }
                })
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

async fn edit(
    cfg: &Config,
    store: &dyn Store,
    id: i64,
    from: Option<PathBuf>,
    base_rev: Option<i64>,
    take: &[String],
    text: &mut String,
) -> Result<()> {
    let pack = load_pack(cfg)?;
    let ids = principle_ids(&pack);
    let mut choice = tpmprep_app::edit::Take::default();
    for t in take {
        choice.add(t).map_err(|e| anyhow!("--take {t}: {e}"))?;
    }
    let current = store.story(LOCAL_USER, id).await?;
    if current.meta.trashed_at.is_some() {
        return Err(StoreError::InTrash(id).into());
    }
    let (content, base, draft) = match from {
        Some(path) => {
            let recorded = recorded_base(&read_text(&path)?, id);
            (
                read_one(&path, &ids)?,
                base_rev.or(recorded).unwrap_or(current.meta.rev),
                Source::file(cfg, path),
            )
        }
        None => {
            let initial = with_base(&markdown::render(&current.content), id, current.meta.rev);
            let draft = Draft::create(cfg, &id.to_string(), &initial)?;
            match draft.edit_until_valid(&ids, &format!("story edit {id}"))? {
                Some(content) => (content, current.meta.rev, Source::Editor(draft)),
                None => {
                    let _ = writeln!(
                        text,
                        "No changes; story {id} stays at revision {}.",
                        current.meta.rev
                    );
                    return Ok(());
                }
            }
        }
    };
    if content == current.content && base == current.meta.rev {
        draft.discard();
        let _ = writeln!(
            text,
            "No changes; story {id} stays at revision {}.",
            current.meta.rev
        );
        return Ok(());
    }
    let outcome =
        tpmprep_app::edit::save_story(store, LOCAL_USER, id, base, &content, &choice, &ids).await;
    match outcome {
        Ok(tpmprep_app::edit::Outcome::Saved(saved)) => {
            draft.discard();
            if let Some(theirs) = saved.merged_with {
                let kept = saved.kept_words();
                let _ = writeln!(
                    text,
                    "Story {id} changed while you edited it (your edit began at revision {base}; \
                     revision {theirs} is current), so your changes were merged with it{}",
                    if kept.is_empty() { "." } else { ":" }
                );
                for k in kept {
                    let _ = writeln!(text, "  {k}");
                }
            }
            if saved.meta.rev == saved.merged_with.unwrap_or(0) {
                let _ = writeln!(
                    text,
                    "Your changes were already in revision {}; nothing new to save.",
                    saved.meta.rev
                );
            } else {
                let _ = writeln!(text, "Saved story {id} as revision {}.", saved.meta.rev);
            }
            Ok(())
        }
        Ok(tpmprep_app::edit::Outcome::Conflict(refused)) => {
            Err(anyhow!("{}", conflict_report(&refused, draft.path())))
        }
        Err(e) => Err(anyhow!("cannot save story {id}: {e}{}", draft.kept_note())),
    }
}

/// Where an edit's text came from: a file the user named (never removed) or an editor draft
/// (removed once saved).
enum Source {
    File(PathBuf),
    Editor(Draft),
}

impl Source {
    fn path(&self) -> &Path {
        match self {
            Source::File(p) => p,
            Source::Editor(d) => &d.path,
        }
    }

    fn kept_note(&self) -> String {
        match self {
            Source::File(_) => String::new(),
            Source::Editor(d) => d.kept_note(),
        }
    }

    /// A file given with `--from`; one of our own drafts (under the data dir) is an editor draft
    /// again, removed once saved.
    fn file(cfg: &Config, path: PathBuf) -> Source {
        let drafts = cfg.data_dir.join("drafts");
        let ours = path
            .parent()
            .zip(drafts.canonicalize().ok())
            .and_then(|(dir, drafts)| Some(dir.canonicalize().ok()? == drafts))
            .unwrap_or(false);
        if ours {
            Source::Editor(Draft {
                path,
                initial: String::new(),
            })
        } else {
            Source::File(path)
        }
    }

    fn discard(self) {
        if let Source::Editor(d) = self {
            d.discard();
        }
    }
}

/// The first line of a draft's front matter records the story and revision it was based on, so a
/// later `story edit --from DRAFT` merges with whatever was saved meanwhile instead of overwriting it.
const BASE_NOTE: &str = "# tpmprep: story ";

fn with_base(markdown: &str, id: i64, rev: i64) -> String {
    let note = format!(
        "{BASE_NOTE}{id}, based on revision {rev}. Keep this line: edits saved meanwhile are merged with yours.\n"
    );
    match markdown.strip_prefix("+++\n") {
        Some(rest) => format!("+++\n{note}{rest}"),
        None => markdown.to_string(),
    }
}

/// The revision a draft of story `id` was based on, from its [`BASE_NOTE`] line.
fn recorded_base(text: &str, id: i64) -> Option<i64> {
    let line = text
        .lines()
        .take(3)
        .find_map(|l| l.strip_prefix(BASE_NOTE))?;
    let (story, rest) = line.split_once(", based on revision ")?;
    if story.trim() != id.to_string() {
        return None;
    }
    rest.split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

/// A refused stale edit in words: both versions of each conflicting field, and how to settle them.
fn conflict_report(r: &tpmprep_app::edit::Refused, draft: &Path) -> String {
    use tpmprep_stories::merge::label;
    let (id, base, theirs) = (r.id, r.base_rev, r.current_rev);
    let mut out = format!(
        "story {id} changed while you edited it: your edit began at revision {base}, and revision \
         {theirs} (saved since) changed the same {} differently. Nothing was saved.\n",
        if r.conflicts.len() == 1 {
            format!("field ({})", label(r.conflicts[0].field))
        } else {
            format!(
                "fields ({})",
                r.conflicts
                    .iter()
                    .map(|c| label(c.field))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    );
    let show = |out: &mut String, who: &str, value: &str| {
        out.push_str(&format!("  {who}:\n"));
        if value.is_empty() {
            out.push_str("    (empty)\n");
        }
        for line in value.lines() {
            out.push_str(&format!("    {line}\n"));
        }
    };
    for c in &r.conflicts {
        out.push_str(&format!("\n{}\n", label(c.field)));
        show(&mut out, "yours", &c.mine);
        show(&mut out, &format!("revision {theirs}"), &c.theirs);
    }
    let kept = r.kept_words();
    if !kept.is_empty() {
        out.push_str(&format!(
            "\nEverything else merges cleanly ({}).\n",
            kept.join("; ")
        ));
    }
    let first = label(r.conflicts.first().map_or("action", |c| c.field));
    let p = draft.display();
    out.push_str(&format!(
        "\nYour text is kept in {p}\n\
         Keep yours: tpmprep story edit {id} --from {p} --take {first}=mine\n\
         Keep revision {theirs}'s: tpmprep story edit {id} --from {p} --take {first}=theirs\n\
         Or combine both texts in that file by hand, then save it with --take {first}=mine.\n\
         (--take mine or --take theirs settles every conflicting field at once; \
         see all changes: tpmprep story diff {id} {base} {theirs})"
    ));
    out
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

pub(crate) fn when(ms: i64) -> String {
    tpmprep_app::civil_time(ms)
}

async fn history(store: &dyn Store, id: i64, as_json: bool, text: &mut String) -> Result<()> {
    let revisions = store.revisions(LOCAL_USER, id).await?;
    if as_json {
        #[derive(Serialize)]
        struct Entry<'a> {
            rev: i64,
            created_at: i64,
            title: &'a str,
            status: tpmprep_stories::Status,
            changed: Vec<&'static str>,
            changes: Vec<FieldChange>,
        }
        let entries: Vec<Entry> = revisions
            .iter()
            .enumerate()
            .map(|(i, r)| Entry {
                rev: r.rev,
                created_at: r.created_at,
                title: &r.content.title,
                status: r.content.status,
                changed: match i {
                    0 => Vec::new(),
                    _ => tpmprep_stories::changed_fields(&revisions[i - 1].content, &r.content),
                },
                changes: match i {
                    0 => Vec::new(),
                    _ => field_changes(&revisions[i - 1].content, &r.content),
                },
            })
            .collect();
        return json(&entries, text);
    }
    for (i, r) in revisions.iter().enumerate() {
        let what = match i {
            0 => "created".to_string(),
            _ => {
                let changed = tpmprep_stories::diff::summary(&field_changes(
                    &revisions[i - 1].content,
                    &r.content,
                ));
                if changed.is_empty() {
                    "no change".to_string()
                } else {
                    format!("changed {}", changed.join(", "))
                }
            }
        };
        let _ = writeln!(
            text,
            "rev {:>3}  {}  {:<7}  {what}",
            r.rev,
            when(r.created_at),
            r.content.status.as_str()
        );
    }
    let _ = writeln!(
        text,
        "\n{} revision{}. Compare: tpmprep story diff {id} A B · bring one back: tpmprep story restore {id} REV",
        revisions.len(),
        if revisions.len() == 1 { "" } else { "s" }
    );
    Ok(())
}

async fn diff(
    store: &dyn Store,
    id: i64,
    from: Option<i64>,
    to: Option<i64>,
    as_json: bool,
    text: &mut String,
) -> Result<()> {
    let story = store.story(LOCAL_USER, id).await?;
    let to = to.unwrap_or(story.meta.rev);
    let from = match from {
        Some(f) => f,
        None if to > 1 => to - 1,
        None => bail!("story {id} has only one revision; nothing to compare"),
    };
    let a = store.revision(LOCAL_USER, id, from).await?;
    let b = store.revision(LOCAL_USER, id, to).await?;
    let changes = field_changes(&a.content, &b.content);
    if as_json {
        #[derive(Serialize)]
        struct DiffJson {
            id: i64,
            from: i64,
            to: i64,
            changes: Vec<FieldChange>,
        }
        return json(
            &DiffJson {
                id,
                from,
                to,
                changes,
            },
            text,
        );
    }
    if changes.is_empty() {
        let _ = writeln!(text, "Revisions {from} and {to} are identical.");
    } else {
        let _ = writeln!(
            text,
            "Story {id}, revision {from} → {to}: {} changed\n",
            if changes.len() == 1 {
                "1 field".to_string()
            } else {
                format!("{} fields", changes.len())
            }
        );
        text.push_str(&tpmprep_stories::diff::render_plain(&changes));
    }
    Ok(())
}

async fn restore(store: &dyn Store, id: i64, rev: i64, text: &mut String) -> Result<()> {
    let current = store.story(LOCAL_USER, id).await?;
    let old = store.revision(LOCAL_USER, id, rev).await?;
    if old.content == current.content {
        let _ = writeln!(
            text,
            "Revision {rev} is what story {id} already holds; nothing to do."
        );
        return Ok(());
    }
    let meta = store
        .update_story(LOCAL_USER, id, current.meta.rev, &old.content)
        .await?;
    let _ = writeln!(
        text,
        "Story {id}: revision {rev} restored as revision {} (revision {} is kept in the history).",
        meta.rev, current.meta.rev
    );
    Ok(())
}

/// Purges story `id` (asking first, unless `yes`); whether it was purged.
async fn purge(store: &dyn Store, id: i64, yes: bool, text: &mut String) -> Result<bool> {
    let story = store.story(LOCAL_USER, id).await?;
    if story.meta.trashed_at.is_none() {
        return Err(StoreError::NotInTrash(id).into());
    }
    if !yes {
        if !std::io::stdin().is_terminal() {
            bail!(
                "purging deletes story {id} and all {} revisions for good; add --yes to confirm",
                story.meta.rev
            );
        }
        eprint!(
            "Delete story {id} \"{}\" and all {} revisions for good? Type the id to confirm: ",
            story.content.title, story.meta.rev
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

async fn import(
    cfg: &Config,
    store: &dyn Store,
    files: &[PathBuf],
    title: Option<&str>,
    as_new: bool,
    as_json: bool,
    text: &mut String,
) -> Result<()> {
    if title.is_some() && files.len() > 1 {
        bail!("--title names one story: import a plain-text file on its own with it");
    }
    let pack = load_pack(cfg)?;
    let ids = principle_ids(&pack);
    // Read and check every file first; write nothing unless all of them are good.
    let mut stories = Vec::new();
    let mut errors = FileErrors::default();
    for path in files {
        match read_text(path) {
            Ok(body) => {
                let name = path.display().to_string();
                match tpmprep_stories::read_stories(&name, &body, &ids, title) {
                    Ok(mut s) => stories.append(&mut s),
                    Err(e) => errors.append(e),
                }
            }
            Err(e) => errors.push(FileError {
                file: path.display().to_string(),
                line: 1,
                field: "(file)".into(),
                message: format!("{e:#}"),
            }),
        }
    }
    if errors.total() > 0 {
        return Err(anyhow!(
            "{errors}\nNothing was imported ({} problem{}).",
            errors.total(),
            if errors.total() == 1 { "" } else { "s" }
        ));
    }
    let done = store.import_stories(LOCAL_USER, &stories, as_new).await?;
    let report = ImportReport::of(done);
    if as_json {
        return json(&report, text);
    }
    let _ = writeln!(text, "{}", report.sentence());
    Ok(())
}

fn plural_stories(n: usize) -> String {
    format!("{n} stor{}", if n == 1 { "y" } else { "ies" })
}

fn slug(title: &str) -> String {
    let mut s = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() {
            s.extend(c.to_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
        if s.chars().count() >= 50 {
            break;
        }
    }
    let s = s.trim_end_matches('-').to_string();
    if s.is_empty() { "story".into() } else { s }
}

/// Whether `path` ends in `.ext` (any case).
fn has_ext(path: &Path, ext: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case(ext))
}

/// Sizes as people read them: `812 bytes`, `4.2 KB`, `3.1 MB`.
fn size_words(bytes: usize) -> String {
    match bytes {
        b if b < 1024 => format!("{b} bytes"),
        b if b < 1024 * 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}

async fn export(
    store: &dyn Store,
    format: Option<ExportFormat>,
    out: Option<PathBuf>,
    force: bool,
    as_json: bool,
    text: &mut String,
) -> Result<()> {
    // `--out x.json` means one JSON file; a folder is what Markdown needs.
    let file_out: Option<PathBuf> = out
        .clone()
        .filter(|p| (has_ext(p, "json") || has_ext(p, "md")) && !p.is_dir());
    let format = match (format, &file_out) {
        (Some(f), _) => f,
        (None, Some(p)) if has_ext(p, "json") => ExportFormat::Json,
        (None, _) => ExportFormat::Md,
    };
    if let (ExportFormat::Md, Some(p)) = (format, &file_out) {
        bail!(
            "{} names a file, but a Markdown export is one file per story, written into a folder: \
             name a folder (--out my-stories), or use --format json --out {} for one file",
            p.display(),
            p.with_extension("json").display()
        );
    }
    let summaries = store
        .list_stories(LOCAL_USER, &StoryFilter::default())
        .await?;
    let mut stories = Vec::with_capacity(summaries.len());
    for s in &summaries {
        stories.push(store.story(LOCAL_USER, s.meta.id).await?);
    }
    let write = |path: &Path, body: &str| -> Result<()> {
        let non_empty = std::fs::metadata(path).is_ok_and(|m| m.is_dir() || m.len() > 0);
        if non_empty && !force {
            bail!(
                "{} exists; nothing was overwritten (use --force to replace it)",
                path.display()
            );
        }
        std::fs::write(path, body).with_context(|| format!("cannot write {}", path.display()))
    };
    match format {
        ExportFormat::Json => {
            let export = Export::new(
                stories
                    .into_iter()
                    .map(|s| ExportedStory {
                        uid: Some(s.meta.uid),
                        id: Some(s.meta.id),
                        rev: Some(s.meta.rev),
                        content: s.content,
                    })
                    .collect(),
            );
            let body = serde_json::to_string_pretty(&export)? + "\n";
            let Some(out) = out else {
                text.push_str(&body);
                return Ok(());
            };
            let path = if file_out.is_some() {
                if let Some(parent) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(parent)
                        .with_context(|| format!("cannot create {}", parent.display()))?;
                }
                out
            } else {
                std::fs::create_dir_all(&out)
                    .with_context(|| format!("cannot create {}", out.display()))?;
                out.join("stories.json")
            };
            write(&path, &body)?;
            if as_json {
                return exported_json(export.stories.len(), &[path], text);
            }
            let _ = writeln!(
                text,
                "Exported {} to {} (one JSON file, {}).",
                plural_stories(export.stories.len()),
                path.display(),
                size_words(body.len())
            );
        }
        ExportFormat::Md => {
            let dir = out.unwrap_or_else(|| PathBuf::from("tpmprep-stories"));
            if dir.exists() && !dir.is_dir() {
                bail!(
                    "{} is a file; name a folder for a Markdown export",
                    dir.display()
                );
            }
            let before: Vec<PathBuf> = match std::fs::read_dir(&dir) {
                Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
                Err(_) => Vec::new(),
            };
            if !before.is_empty() && !force {
                bail!(
                    "{} exists and is not empty ({} file{}); nothing was written (use --force to \
                     write into it: files of the same name are replaced, others left as they are)",
                    dir.display(),
                    before.len(),
                    if before.len() == 1 { "" } else { "s" }
                );
            }
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            let paths: Vec<PathBuf> = stories
                .iter()
                .map(|s| dir.join(format!("{:04}-{}.md", s.meta.id, slug(&s.content.title))))
                .collect();
            for (s, path) in stories.iter().zip(&paths) {
                std::fs::write(
                    path,
                    markdown::render_with_uid(&s.content, Some(&s.meta.uid)),
                )
                .with_context(|| format!("cannot write {}", path.display()))?;
            }
            if as_json {
                return exported_json(stories.len(), &paths, text);
            }
            let name = |p: &PathBuf| {
                p.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            };
            let files = match (paths.first(), paths.last()) {
                (Some(a), Some(b)) if paths.len() > 1 => format!(": {} … {}", name(a), name(b)),
                (Some(a), _) => format!(": {}", name(a)),
                _ => String::new(),
            };
            let _ = writeln!(
                text,
                "Exported {} to {} as Markdown, one file per story{files}.",
                plural_stories(stories.len()),
                dir.display()
            );
            let others = before
                .iter()
                .filter(|p| has_ext(p, "md") && !paths.contains(p))
                .count();
            if others > 0 {
                let _ = writeln!(
                    text,
                    "Note: {others} other .md file{} in {} {} left as {} {}; importing the folder \
                     would read {} too.",
                    if others == 1 { "" } else { "s" },
                    dir.display(),
                    if others == 1 { "was" } else { "were" },
                    if others == 1 { "it" } else { "they" },
                    if others == 1 { "was" } else { "were" },
                    if others == 1 { "it" } else { "them" },
                );
            }
        }
    }
    Ok(())
}

/// `story export --json`: how many stories went to which files.
fn exported_json(stories: usize, files: &[PathBuf], text: &mut String) -> Result<()> {
    let files: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    json(
        &serde_json::json!({ "exported": stories, "files": files }),
        text,
    )
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
        "{} of {} principles have {} ready stories.\n",
        cov.covered,
        cov.rows.len(),
        cov.target
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
            let result = block_on(async {
                match &cfg.database.value {
                    Some(url) if !url.starts_with("sqlite:") => {
                        bail!("integrity check is for SQLite databases")
                    }
                    Some(url) => Ok(SqliteStore::open_url(url).await?.integrity_check().await?),
                    None => Ok(SqliteStore::open_path(&default_db_path(cfg))
                        .await?
                        .integrity_check()
                        .await?),
                }
            })??;
            if result != "ok" {
                bail!("the database is damaged: {result}");
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

/// A file holding text the user is editing. It outlives failures: only a successful save removes it.
struct Draft {
    path: PathBuf,
    initial: String,
}

impl Draft {
    fn create(cfg: &Config, name: &str, initial: &str) -> Result<Draft> {
        let dir = cfg.data_dir.join("drafts");
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or(0);
        let path = dir.join(format!("story-{name}-{stamp}.md"));
        std::fs::write(&path, initial)
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(Draft {
            path,
            initial: initial.to_string(),
        })
    }

    fn kept_note(&self) -> String {
        format!("\nYour text is kept in {}", self.path.display())
    }

    fn discard(self) {
        let _ = std::fs::remove_file(&self.path);
    }

    /// Opens the editor until the text parses (or the user gives up). `None` when left unchanged.
    fn edit_until_valid(&self, ids: &[&str], retry: &str) -> Result<Option<StoryContent>> {
        loop {
            run_editor(&self.path).map_err(|e| anyhow!("{e:#}{}", self.kept_note()))?;
            let body = read_text(&self.path)?;
            if body == self.initial {
                let _ = std::fs::remove_file(&self.path);
                return Ok(None);
            }
            let name = self.path.display().to_string();
            match tpmprep_stories::read_file(&name, &body, ids) {
                Ok(mut stories) if stories.len() == 1 => return Ok(Some(stories.remove(0))),
                Ok(_) => bail!("the editor file should hold one story{}", self.kept_note()),
                Err(errors) => {
                    eprintln!("{}", report(&errors));
                    if !std::io::stdin().is_terminal() {
                        bail!(
                            "the story was not saved.{}\nFix it, then: tpmprep {retry} --from {}",
                            self.kept_note(),
                            self.path.display()
                        );
                    }
                    eprint!("Edit again to fix it? [Y/n] ");
                    let mut answer = String::new();
                    std::io::stdin().read_line(&mut answer)?;
                    if answer.trim().eq_ignore_ascii_case("n") {
                        bail!("the story was not saved.{}", self.kept_note());
                    }
                }
            }
        }
    }
}

/// Runs `$VISUAL`, else `$EDITOR`, else `vi`, on `path`. The variable may hold arguments.
fn run_editor(path: &Path) -> Result<()> {
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|v| !v.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".to_string());
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("tpmprep-editor")
        .arg(path)
        .status()
        .with_context(|| format!("cannot start the editor `{editor}` (set VISUAL or EDITOR)"))?;
    if !status.success() {
        bail!("the editor `{editor}` exited with {status}; nothing was saved");
    }
    Ok(())
}
