//! `story import` and `story export`: files in and out of the bank.

use super::*;

pub(super) async fn import(
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
    let mut origin: Vec<&Path> = Vec::new();
    let mut errors = FileErrors::default();
    for path in files {
        match read_text(path) {
            Ok(body) => {
                let name = path.display().to_string();
                match tpmprep_stories::read_stories(&name, &body, &ids, title) {
                    Ok(mut s) => {
                        origin.extend(std::iter::repeat_n(path.as_path(), s.len()));
                        stories.append(&mut s);
                    }
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
    for (id, line) in report.details() {
        let _ = writeln!(text, "{line}");
        // A conflict left the bank's version: the file still holds its text; `story edit --from`
        // merges it field by field and shows both versions of each conflicting one.
        let file = report
            .stories
            .iter()
            .zip(&origin)
            .find(|(s, _)| s.id == id && s.action == tpmprep_store::ImportAction::Conflict);
        if let Some((_, file)) = file {
            let _ = writeln!(
                text,
                "  Your file is unchanged; to merge it by hand: tpmprep story edit {id} --from {}",
                file.display()
            );
        }
    }
    Ok(())
}

pub(super) fn plural_stories(n: usize) -> String {
    format!("{n} stor{}", if n == 1 { "y" } else { "ies" })
}

pub(super) fn slug(title: &str) -> String {
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
pub(super) fn has_ext(path: &Path, ext: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case(ext))
}

/// Sizes as people read them: `812 bytes`, `4.2 KB`, `3.1 MB`.
pub(crate) fn size_words(bytes: usize) -> String {
    match bytes {
        b if b < 1024 => format!("{b} bytes"),
        b if b < 1024 * 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}

pub(super) async fn export(
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
                // A folder: written into only when empty, as a Markdown export is, unless --force.
                refuse_non_empty(&out, force)?;
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
            let before = refuse_non_empty(&dir, force)?;
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            let paths: Vec<PathBuf> = stories
                .iter()
                .map(|s| dir.join(format!("{:04}-{}.md", s.meta.id, slug(&s.content.title))))
                .collect();
            for (s, path) in stories.iter().zip(&paths) {
                std::fs::write(
                    path,
                    markdown::render_from(&s.content, Some(&s.meta.uid), Some(s.meta.rev)),
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

/// The files in an export's folder; refused (nothing written) when there are any, unless `force`.
fn refuse_non_empty(dir: &Path, force: bool) -> Result<Vec<PathBuf>> {
    let before: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(_) => Vec::new(),
    };
    if !before.is_empty() && !force {
        bail!(
            "{} exists and is not empty ({} file{}); nothing was written (use --force to write \
             into it: files of the same name are replaced, others left as they are)",
            dir.display(),
            before.len(),
            if before.len() == 1 { "" } else { "s" }
        );
    }
    Ok(before)
}

/// `story export --json`: how many stories went to which files.
pub(super) fn exported_json(stories: usize, files: &[PathBuf], text: &mut String) -> Result<()> {
    let files: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    json(
        &serde_json::json!({ "exported": stories, "files": files }),
        text,
    )
}
