//! `story edit`: the editor or a file, drafts kept under the data dir until saved, and a stale
//! edit merged with what was saved since its base revision.

use super::*;

pub(super) async fn edit(
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
    let mut assumed = None;
    let (content, base, draft) = match from {
        Some(path) => {
            let body = read_text(&path)?;
            let mut read = story_of_file(store, &path, &body, &ids, &current).await?;
            // Plain STAR text holds the title and the four sections only: the rest stays as saved.
            if Format::of_path(&path.display().to_string()) != Format::Json
                && tpmprep_stories::plain::is_plain(&body)
            {
                tpmprep_stories::plain::keep_unwritten(&mut read.content, &current.content);
            }
            let noted = noted_base(&body);
            if let Some((other, _)) = noted.filter(|(story, _)| *story != id) {
                bail!(
                    "{} is a draft of story {other}, not story {id}; nothing was saved. \
                     Save it to story {other}: tpmprep story edit {other} --from {}",
                    path.display(),
                    path.display()
                );
            }
            let base = match base_rev {
                Some(rev) => rev,
                None => {
                    let recorded = noted.map(|(_, rev)| rev).or(read.revision);
                    let base =
                        tpmprep_app::edit::base_of(store, LOCAL_USER, id, &read.content, recorded)
                            .await?;
                    assumed = base
                        .assumed_words()
                        .filter(|_| base.rev() < current.meta.rev || recorded.is_some());
                    base.rev()
                }
            };
            (read.content, base, Source::file(cfg, path))
        }
        None => {
            let leftovers = tell_leftovers(leftover_drafts(cfg, store, Some(id)).await);
            let initial = with_base(
                &markdown::render_from(
                    &current.content,
                    Some(&current.meta.uid),
                    Some(current.meta.rev),
                ),
                id,
                current.meta.rev,
            );
            let draft = Draft::create(cfg, &id.to_string(), &initial)?;
            let edited = draft.edit_until_valid(&ids, &format!("story edit {id}"));
            text.push_str(&leftovers);
            match edited? {
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
            if let (Some(words), None) = (&assumed, saved.merged_with) {
                let _ = writeln!(text, "{words}.");
            }
            if let Some(theirs) = saved.merged_with {
                let kept = saved.kept_words();
                let end = if kept.is_empty() { "." } else { ":" };
                match &assumed {
                    Some(words) => {
                        let _ = writeln!(
                            text,
                            "{words}, so it was merged with what was saved since (revision \
                             {theirs} is current){end}"
                        );
                    }
                    None => {
                        let _ = writeln!(
                            text,
                            "Story {id} changed while you edited it (your edit began at revision \
                             {base}; revision {theirs} is current), so your changes were merged \
                             with it{end}"
                        );
                    }
                }
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
            let assumed = assumed.map(|w| format!("{w}.\n")).unwrap_or_default();
            Err(anyhow!(
                "{assumed}{}",
                conflict_report(&refused, draft.path())
            ))
        }
        Err(e) => Err(anyhow!("cannot save story {id}: {e}{}", draft.kept_note())),
    }
}

/// The story a file given to `story edit ID --from` holds for story `current`: its only story, or
/// (in a JSON export of several) the one with the story's stable id. A file naming another story's
/// stable id is refused: saving it here would overwrite one story with another.
async fn story_of_file(
    store: &dyn Store,
    path: &Path,
    body: &str,
    ids: &[&str],
    current: &StoredStory,
) -> Result<ReadStory> {
    let id = current.meta.id;
    let mut stories = tpmprep_stories::read_stories(&path.display().to_string(), body, ids, None)
        .map_err(|e| report(&e))?;
    let read = match stories.len() {
        0 => bail!("{}: holds no story", path.display()),
        1 => stories.remove(0),
        n => match stories
            .iter()
            .position(|s| s.uid.as_deref() == Some(current.meta.uid.as_str()))
        {
            Some(i) => stories.swap_remove(i),
            None => bail!(
                "{}: holds {n} stories, none of them story {id} (by its stable id {}); nothing \
                 was saved. Use `tpmprep story import` for several",
                path.display(),
                current.meta.uid
            ),
        },
    };
    if let Some(uid) = read.uid.as_deref().filter(|u| *u != current.meta.uid) {
        let stories = store
            .list_stories(LOCAL_USER, &StoryFilter::default())
            .await?;
        let p = path.display();
        let advice = match stories.iter().find(|s| s.meta.uid == uid) {
            Some(other) => format!(
                "it is story {o} here: tpmprep story edit {o} --from {p}",
                o = other.meta.id
            ),
            None => format!(
                "no story here has it: tpmprep story add --from {p} saves it as a new one, or \
                 delete its `uid` and `revision` lines to use its text for story {id}"
            ),
        };
        bail!(
            "{p} is another story (its stable id is {uid}; story {id}'s is {}); nothing was saved. \
             To save it, {advice}",
            current.meta.uid
        );
    }
    Ok(read)
}

/// Where an edit's text came from: a file the user named (never removed) or an editor draft
/// (removed once saved).
pub(super) enum Source {
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

    pub(super) fn kept_note(&self) -> String {
        match self {
            Source::File(_) => String::new(),
            Source::Editor(d) => d.kept_note(),
        }
    }

    /// A file given with `--from`; one of our own drafts (under the data dir) is an editor draft
    /// again, removed once saved.
    pub(super) fn file(cfg: &Config, path: PathBuf) -> Source {
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

    pub(super) fn discard(self) {
        if let Source::Editor(d) = self {
            d.discard();
        }
    }
}

/// The first line of a draft's front matter records the story and revision it was based on, so a
/// later `story edit --from DRAFT` merges with whatever was saved meanwhile instead of overwriting it.
pub(super) const BASE_NOTE: &str = "# tpmprep: story ";

pub(super) fn with_base(markdown: &str, id: i64, rev: i64) -> String {
    let note = format!(
        "{BASE_NOTE}{id}, based on revision {rev}. Keep this line: edits saved meanwhile are merged with yours.\n"
    );
    match markdown.strip_prefix("+++\n") {
        Some(rest) => format!("+++\n{note}{rest}"),
        None => markdown.to_string(),
    }
}

/// The story and the revision a draft was based on, from its [`BASE_NOTE`] line.
pub(super) fn noted_base(text: &str) -> Option<(i64, i64)> {
    let line = text
        .lines()
        .take(3)
        .find_map(|l| l.strip_prefix(BASE_NOTE))?;
    let (story, rest) = line.split_once(", based on revision ")?;
    let rev = rest
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()?;
    Some((story.trim().parse().ok()?, rev))
}

/// Drafts an earlier `story add` (`story` `None`) or `story edit ID` left behind without saving
/// them (tpmprep or the terminal was killed while the editor was open), in words: where each is
/// and the command that saves it. Drafts holding nothing written (the template, or the revision
/// unchanged) are not mentioned. Empty when there are none.
pub(super) async fn leftover_drafts(cfg: &Config, store: &dyn Store, story: Option<i64>) -> String {
    let name = story.map_or_else(|| "new".to_string(), |id| id.to_string());
    let prefix = format!("story-{name}-");
    let Ok(entries) = std::fs::read_dir(cfg.data_dir.join("drafts")) else {
        return String::new();
    };
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().is_some_and(|n| {
                let n = n.to_string_lossy();
                n.starts_with(&prefix) && n.ends_with(".md")
            })
        })
        .filter_map(|p| Some((std::fs::metadata(&p).ok()?.modified().ok()?, p)))
        .collect();
    found.sort();
    let mut out = String::new();
    for (modified, path) in found {
        let Ok(body) = std::fs::read_to_string(&path) else {
            continue;
        };
        if untouched(store, story, &body).await {
            continue;
        }
        let ms = modified
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        let p = path.display();
        let (what, save) = match story {
            None => (
                "A new story".to_string(),
                format!("tpmprep story add --from {p}"),
            ),
            Some(id) => (
                format!("An edit of story {id}"),
                format!("tpmprep story edit {id} --from {p}"),
            ),
        };
        let _ = writeln!(
            out,
            "Note: {what} written at {} was never saved (tpmprep stopped while the editor was \
             open); its text is kept in {p}\n  Save it: {save}   (or delete the file)",
            when(ms)
        );
    }
    out
}

/// Whether a draft holds nothing written: the new-story template as it was, or the revision it
/// was made from unchanged.
async fn untouched(store: &dyn Store, story: Option<i64>, body: &str) -> bool {
    let Some(id) = story else {
        return markdown::parse(body).is_ok_and(|(c, _)| c.is_blank());
    };
    let Some((_, rev)) = noted_base(body) else {
        return false;
    };
    let Ok(revision) = store.revision(LOCAL_USER, id, rev).await else {
        return false;
    };
    markdown::parse(body).is_ok_and(|(c, _)| c == revision.content)
}

/// A refused stale edit in words: both versions of each conflicting field, and how to settle them.
pub(super) fn conflict_report(r: &tpmprep_app::edit::Refused, draft: &Path) -> String {
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

/// A file holding text the user is editing. It outlives failures: only a successful save removes it.
pub(super) struct Draft {
    path: PathBuf,
    initial: String,
}

impl Draft {
    pub(super) fn create(cfg: &Config, name: &str, initial: &str) -> Result<Draft> {
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

    pub(super) fn kept_note(&self) -> String {
        format!("\nYour text is kept in {}", self.path.display())
    }

    pub(super) fn discard(self) {
        let _ = std::fs::remove_file(&self.path);
    }

    /// Opens the editor until the text parses (or the user gives up). `None` when left unchanged.
    pub(super) fn edit_until_valid(
        &self,
        ids: &[&str],
        retry: &str,
    ) -> Result<Option<StoryContent>> {
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
pub(super) fn run_editor(path: &Path) -> Result<()> {
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
