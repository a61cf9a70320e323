//! One function per command. Each writes its whole output to `out`; `main` prints it.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use clap::CommandFactory;
use rand::SeedableRng;
use rand::seq::SliceRandom;
use serde::Serialize;
use tpmprep_content::{Catalog, Kind, Level, Pack, PackError, Question, search_words};

use crate::cli::*;
use crate::config::{self, Config, Overrides};
use crate::render;

/// Runs the parsed command line.
pub fn run(cli: Cli, out: &mut Vec<u8>) -> Result<ExitCode> {
    let format_flag = match &cli.command {
        Some(Command::Process(a)) => a.format.clone(),
        Some(Command::Mock(MockCommand::PhoneScreen(a) | MockCommand::Loop(a))) => a.format.clone(),
        Some(Command::Mock(MockCommand::Custom(a))) => a.run.format.clone(),
        _ => None,
    };
    let cfg = config::load(Overrides {
        config_file: cli.global.config.as_deref(),
        base_pack: cli.global.base_pack.as_deref(),
        format: format_flag.as_deref(),
        packs: &cli.global.packs,
        no_user_packs: cli.global.no_user_packs,
        database_url: cli.global.database_url.as_deref(),
        db_pool_size: cli.global.db_pool_size,
    })?;
    let mut text = String::new();
    let code = match cli.command {
        // Commands that need no pack.
        Some(Command::Completions(a)) => {
            let mut cmd = Cli::command();
            if a.json {
                let mut script = Vec::new();
                clap_complete::generate(a.shell, &mut cmd, "tpmprep", &mut script);
                json(
                    &serde_json::json!({
                        "shell": a.shell.to_string(),
                        "script": String::from_utf8_lossy(&script),
                    }),
                    &mut text,
                )?;
            } else {
                clap_complete::generate(a.shell, &mut cmd, "tpmprep", out);
            }
            ExitCode::SUCCESS
        }
        Some(Command::Man(a)) => {
            man(&a, out, &mut text)?;
            ExitCode::SUCCESS
        }
        Some(Command::Estimate(a)) => {
            crate::estimate::run(a, &mut text)?;
            ExitCode::SUCCESS
        }
        Some(Command::Config(a)) => {
            config_cmd(&cfg, a.out.json, &mut text)?;
            ExitCode::SUCCESS
        }
        Some(Command::Pack(PackCommand::Check { dir, out: o })) => {
            let catalog = catalog(&cfg)?;
            pack_check(&catalog, &dir, o.json, &mut text)?
        }
        Some(Command::Story(c)) => crate::story::run(&cfg, c, &mut text)?,
        Some(Command::Critique(a)) => {
            let pack = load_pack(&cfg)?;
            let answer = crate::critique::read_answer(a.file.as_deref())?;
            if a.resume {
                crate::critique::resume(&pack, &answer, a.out.json, &mut text)?;
                return finish(out, text, ExitCode::SUCCESS);
            }
            // A first line "Q: …" is the question, not part of the answer; it is asked only
            // where neither --question nor --question-id says otherwise.
            let (written, body) = crate::critique::split_question(&answer);
            let asked = a
                .question
                .as_deref()
                .or(written.as_deref().filter(|_| a.question_id.is_none()));
            let question = crate::critique::question(&pack, asked, a.question_id.as_deref())?;
            crate::critique::run(
                &pack,
                body,
                question,
                None,
                &a.principles,
                a.out.json,
                &mut text,
            )?;
            ExitCode::SUCCESS
        }
        Some(Command::Mock(c)) => crate::mock::run(&cfg, c, &mut text)?,
        Some(Command::Design(c)) => crate::design::run(&cfg, c, &mut text)?,
        Some(Command::Write(c)) => crate::write::run(&cfg, c, &mut text)?,
        Some(Command::Offer(c)) => crate::offer::run(&cfg, c, &mut text)?,
        Some(Command::Speak(c)) => crate::speak::run(&cfg, c, &mut text)?,
        Some(Command::Plan(a)) => crate::plan::run(&cfg, a, &mut text)?,
        Some(Command::Drill(c)) => crate::drill::run(&cfg, c, &mut text)?,
        Some(Command::Status(a)) => crate::plan::status(&cfg, a, &mut text)?,
        None => {
            // As `tpmprep serve` would: TPMPREP_PORT, else 7373.
            let port = match std::env::var("TPMPREP_PORT") {
                Ok(p) if !p.trim().is_empty() => p.trim().parse().map_err(|_| {
                    anyhow!("TPMPREP_PORT is `{p}`; it must be a port number (0 picks a free one)")
                })?,
                _ => config::DEFAULT_PORT,
            };
            crate::serve::run(
                &cfg,
                &ServeArgs {
                    port,
                    by_default: true,
                    ..ServeArgs::default()
                },
            )?
        }
        Some(Command::Serve(a)) => crate::serve::run(&cfg, &a)?,
        Some(Command::Coverage(a)) => {
            crate::story::coverage(&cfg, a.out.json, &mut text)?;
            ExitCode::SUCCESS
        }
        Some(Command::Db(c)) => {
            crate::story::db(&cfg, c, &mut text)?;
            ExitCode::SUCCESS
        }
        Some(Command::Admin(c)) => {
            crate::admin::run(&cfg, c, &mut text)?;
            ExitCode::SUCCESS
        }
        Some(Command::Backup(a)) => {
            crate::backup::backup(&cfg, a, &mut text)?;
            ExitCode::SUCCESS
        }
        Some(Command::Restore(a)) => {
            crate::backup::restore(&cfg, a, &mut text)?;
            ExitCode::SUCCESS
        }
        Some(Command::Pack(PackCommand::List { out: o })) => {
            pack_list(&cfg, o.json, &mut text)?;
            ExitCode::SUCCESS
        }
        // Commands that read the active pack.
        other => {
            let pack = load_pack(&cfg)?;
            match other {
                Some(Command::Overview(a)) => overview(&pack, &cfg, a.out.json, &mut text)?,
                Some(Command::Principles(a)) => principles(&pack, a, &mut text)?,
                Some(Command::Process(a)) => process(&pack, &cfg, a, &mut text)?,
                Some(Command::Questions(a)) => questions(&pack, a, &mut text)?,
                Some(Command::Prompts(a)) => prompts(&pack, a, &mut text)?,
                Some(Command::Examples(a)) => examples(&pack, a, &mut text)?,
                Some(Command::Ask(a)) => ask(&pack, a, &mut text)?,
                _ => unreachable!("handled above"),
            }
            ExitCode::SUCCESS
        }
    };
    finish(out, text, code)
}

fn finish(out: &mut Vec<u8>, text: String, code: ExitCode) -> Result<ExitCode> {
    out.extend_from_slice(text.as_bytes());
    Ok(code)
}

/// The embedded pack plus user packs (config dir, config file, env, flags), parsed.
pub fn catalog(cfg: &Config) -> Result<Catalog> {
    let mut catalog = Catalog::embedded().context("the built-in pack is broken")?;
    let mut dirs = Vec::new();
    if cfg.read_user_packs {
        match std::fs::read_dir(&cfg.user_packs_dir) {
            Ok(entries) => {
                let mut found: Vec<_> = entries
                    .filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .filter(|p| p.is_dir())
                    .filter(|p| {
                        !p.file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                    })
                    .collect();
                found.sort();
                dirs.extend(found);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("cannot read {}", cfg.user_packs_dir.display()));
            }
        }
    }
    dirs.extend(cfg.packs.iter().cloned());
    for dir in dirs {
        catalog
            .add_dir(&dir)
            .with_context(|| format!("cannot load the user pack in {}", dir.display()))?;
    }
    Ok(catalog)
}

pub fn load_pack(cfg: &Config) -> Result<Pack> {
    catalog(cfg)?
        .into_resolved(&cfg.base_pack.value)
        .with_context(|| format!("cannot use pack `{}`", cfg.base_pack.value))
}

pub fn json<T: Serialize + ?Sized>(value: &T, text: &mut String) -> Result<()> {
    text.push_str(&serde_json::to_string_pretty(value)?);
    text.push('\n');
    Ok(())
}

/// The commands `overview` suggests, with what each gives.
const START_HERE: &[(&str, &str)] = &[
    (
        "tpmprep principles",
        "the Leadership Principles and what interviewers probe",
    ),
    (
        "tpmprep process",
        "the hiring process and the interview format",
    ),
    (
        "tpmprep questions --random 5",
        "five questions to practise now",
    ),
    (
        "tpmprep questions --principle ownership --kind behavioural",
        "",
    ),
    ("tpmprep prompts", "system-design prompts (45 minutes each)"),
    (
        "tpmprep examples",
        "weak → strong answers, one per common mistake",
    ),
    (
        "tpmprep ask --role bar-raiser",
        "questions to ask your interviewers",
    ),
    ("tpmprep story add", "write a STAR story (opens $EDITOR)"),
    (
        "tpmprep coverage",
        "which principles still need two ready stories",
    ),
    (
        "tpmprep critique answer.txt",
        "what an interviewer would hear in an answer",
    ),
    (
        "tpmprep mock phone-screen",
        "a timed mock interview and its debrief (also `mock loop`; --tui full-screen)",
    ),
    ("tpmprep --help", "everything else"),
];

fn overview(pack: &Pack, cfg: &Config, as_json: bool, text: &mut String) -> Result<()> {
    let m = &pack.manifest;
    let behavioural = pack
        .questions
        .iter()
        .filter(|q| q.kind == Kind::Behavioural)
        .count();
    let format = active_format(pack, cfg)?;
    if as_json {
        #[derive(Serialize)]
        struct Counts {
            principles: usize,
            questions: usize,
            behavioural_questions: usize,
            prompts: usize,
            examples: usize,
            ask: usize,
        }
        #[derive(Serialize)]
        struct Start<'a> {
            command: &'a str,
            what: &'a str,
        }
        #[derive(Serialize)]
        struct OverviewJson<'a> {
            pack: &'a str,
            name: &'a str,
            version: &'a str,
            overlays: &'a [String],
            counts: Counts,
            format: &'a str,
            format_name: &'a str,
            start_here: Vec<Start<'a>>,
        }
        return json(
            &OverviewJson {
                pack: &m.id,
                name: &m.name,
                version: &m.version,
                overlays: &pack.overlays,
                counts: Counts {
                    principles: pack.principles.len(),
                    questions: pack.questions.len(),
                    behavioural_questions: behavioural,
                    prompts: pack.prompts.len(),
                    examples: pack.examples.len(),
                    ask: pack.ask.len(),
                },
                format: &format.id,
                format_name: &format.name,
                start_here: START_HERE
                    .iter()
                    .map(|(command, what)| Start { command, what })
                    .collect(),
            },
            text,
        );
    }
    let _ = writeln!(text, "tpmprep — {}", m.name);
    let overlays = if pack.overlays.is_empty() {
        String::new()
    } else {
        format!(" + {}", pack.overlays.join(" + "))
    };
    let _ = writeln!(text, "Pack {} v{}{overlays}", m.id, m.version);
    let _ = writeln!(
        text,
        "  {} principles · {} questions ({} behavioural) · {} design prompts · {} weak → strong examples · {} questions to ask",
        pack.principles.len(),
        pack.questions.len(),
        behavioural,
        pack.prompts.len(),
        pack.examples.len(),
        pack.ask.len()
    );
    let _ = writeln!(text, "Format {}: {}", format.id, format.name);
    text.push_str("\nStart here:\n");
    for (command, what) in START_HERE {
        if what.is_empty() {
            let _ = writeln!(text, "  {command}");
        } else {
            let _ = writeln!(text, "  {}{what}", render::pad(command, 34));
        }
    }
    Ok(())
}

fn principles(pack: &Pack, a: PrinciplesArgs, text: &mut String) -> Result<()> {
    let count = |id: &str| {
        pack.questions
            .iter()
            .filter(|q| q.kind == Kind::Behavioural && q.principles.iter().any(|p| p == id))
            .count()
    };
    if let Some(id) = a.id {
        let p = pack.principle(&id).ok_or_else(|| {
            unknown(
                "principle",
                &id,
                pack.principles.iter().map(|p| p.id.as_str()),
            )
        })?;
        if a.out.json {
            return json(p, text);
        }
        render::principle_full(text, p, count(&p.id));
        return Ok(());
    }
    if a.out.json {
        return json(&pack.principles, text);
    }
    let width = render::id_width(pack.principles.iter().map(|p| p.id.as_str()));
    for p in &pack.principles {
        render::principle_line(text, p, width);
    }
    let added = pack.principles.iter().filter(|p| p.added.is_some()).count();
    let _ = writeln!(text, "\n{} principles.", pack.principles.len());
    if added > 0 {
        let _ = writeln!(
            text,
            "Older guides list {}: the {added} marked \"added\" joined later.",
            pack.principles.len() - added
        );
    }
    let _ = writeln!(text, "Details: tpmprep principles ID");
    Ok(())
}

pub fn unknown<'a>(what: &str, id: &str, valid: impl Iterator<Item = &'a str>) -> anyhow::Error {
    let valid: Vec<&str> = valid.collect();
    anyhow!("unknown {what} `{id}` (valid: {})", valid.join(", "))
}

/// The format the configuration names (or the pack's default), refused with where the name came
/// from: "unknown format `json` (set by TPMPREP_FORMAT; valid: …)".
fn active_format<'p>(pack: &'p Pack, cfg: &Config) -> Result<&'p tpmprep_content::Format> {
    check_format(pack, cfg)?;
    let id = cfg
        .format
        .value
        .as_deref()
        .unwrap_or(&pack.manifest.default_format);
    pack.format(id)
        .ok_or_else(|| unknown("format", id, pack.formats.iter().map(|f| f.id.as_str())))
}

/// Refuses a configured format the pack does not have, naming the flag, variable or file that set it.
pub fn check_format(pack: &Pack, cfg: &Config) -> Result<()> {
    match cfg.format.value.as_deref() {
        Some(id) if pack.format(id).is_none() => {
            let valid: Vec<&str> = pack.formats.iter().map(|f| f.id.as_str()).collect();
            let via = cfg
                .settings
                .iter()
                .find(|s| s.name == "format")
                .and_then(|s| s.via.clone());
            match via {
                Some(via) => bail!(
                    "unknown format `{id}` (set by {via}; valid: {})",
                    valid.join(", ")
                ),
                None => Err(unknown("format", id, valid.into_iter())),
            }
        }
        _ => Ok(()),
    }
}

fn process(pack: &Pack, cfg: &Config, a: ProcessArgs, text: &mut String) -> Result<()> {
    if a.formats {
        if a.out.json {
            return json(&pack.formats, text);
        }
        let width = render::id_width(pack.formats.iter().map(|f| f.id.as_str()));
        for f in &pack.formats {
            let default = if f.id == pack.manifest.default_format {
                "  (default)"
            } else {
                ""
            };
            let _ = writeln!(text, "{}{}{default}", render::pad(&f.id, width), f.name);
        }
        return Ok(());
    }
    let format = active_format(pack, cfg)?;
    if a.out.json {
        #[derive(Serialize)]
        struct ProcessJson<'a> {
            stages: &'a [tpmprep_content::Stage],
            format: &'a tpmprep_content::Format,
        }
        return json(
            &ProcessJson {
                stages: &pack.stages,
                format,
            },
            text,
        );
    }
    let _ = writeln!(text, "The {} hiring process\n", pack.manifest.company);
    for s in &pack.stages {
        render::stage(text, s, pack);
    }
    text.push('\n');
    render::format_full(text, format, pack);
    let others: Vec<&str> = pack
        .formats
        .iter()
        .filter(|f| f.id != format.id)
        .map(|f| f.id.as_str())
        .collect();
    if !others.is_empty() {
        let _ = writeln!(
            text,
            "\nOther formats: {} (tpmprep process --format NAME)",
            others.join(", ")
        );
    }
    Ok(())
}

/// Applies the question filters; checks ids against the pack so typos get a clear error.
fn filter_questions<'p>(pack: &'p Pack, a: &QuestionsArgs) -> Result<Vec<&'p Question>> {
    for p in &a.principle {
        if pack.principle(p).is_none() {
            return Err(unknown(
                "principle",
                p,
                pack.principles.iter().map(|p| p.id.as_str()),
            ));
        }
    }
    if let Some(s) = &a.stage {
        if pack.stage(s).is_none() {
            return Err(unknown(
                "stage",
                s,
                pack.stages.iter().map(|s| s.id.as_str()),
            ));
        }
    }
    let kind: Option<Kind> = a.kind.map(Into::into);
    let level: Option<Level> = a.level.map(Into::into);
    let words = search_words(a.search.as_deref().unwrap_or(""));
    Ok(pack
        .questions
        .iter()
        .filter(|q| a.principle.is_empty() || q.principles.iter().any(|p| a.principle.contains(p)))
        .filter(|q| kind.is_none_or(|k| q.kind == k))
        .filter(|q| a.stage.as_ref().is_none_or(|s| q.stages.contains(s)))
        .filter(|q| level.is_none_or(|l| q.level.suits(l)))
        .filter(|q| q.matches(&words))
        .collect())
}

fn questions(pack: &Pack, a: QuestionsArgs, text: &mut String) -> Result<()> {
    if let Some(id) = &a.id {
        let q = pack.question(id).ok_or_else(|| {
            anyhow!("no question with id `{id}`; list ids with `tpmprep questions` or search with --search")
        })?;
        if a.out.json {
            return json(q, text);
        }
        render::question_full(text, q);
        return Ok(());
    }
    let mut selected = filter_questions(pack, &a)?;
    let matched = selected.len();
    let mut seed_note = None;
    if let Some(n) = a.random {
        if n == 0 {
            bail!("--random needs a number of questions greater than 0");
        }
        let seed = a.seed.unwrap_or_else(fresh_seed);
        if a.seed.is_none() {
            seed_note = Some(seed);
        }
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let (picked, _) = selected.partial_shuffle(&mut rng, n.min(matched));
        selected = picked.to_vec();
    }
    if a.out.json {
        return json(&selected, text);
    }
    if selected.is_empty() {
        let _ = writeln!(
            text,
            "No questions match. Loosen a filter, or see `tpmprep questions --help`."
        );
        return Ok(());
    }
    if a.full {
        for (i, q) in selected.iter().enumerate() {
            if i > 0 {
                text.push('\n');
            }
            render::question_full(text, q);
        }
    } else {
        let width = render::id_width(selected.iter().map(|q| q.id.as_str()));
        for q in &selected {
            render::question_line(text, q, width);
        }
    }
    let _ = write!(
        text,
        "\n{} of {} questions",
        selected.len(),
        pack.questions.len()
    );
    if matched != selected.len() {
        let _ = write!(text, " ({matched} matched the filters)");
    }
    if let Some(seed) = seed_note {
        let _ = write!(text, "; drawn with --seed {seed}");
    }
    let _ = writeln!(text, ". Details: tpmprep questions ID");
    Ok(())
}

fn fresh_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    // Keep seeds short enough to retype.
    (nanos ^ u64::from(std::process::id()).rotate_left(32)) % 1_000_000
}

fn prompts(pack: &Pack, a: PromptsArgs, text: &mut String) -> Result<()> {
    if let Some(id) = a.id {
        let p = pack
            .prompt(&id)
            .ok_or_else(|| unknown("prompt", &id, pack.prompts.iter().map(|p| p.id.as_str())))?;
        if a.out.json {
            return json(p, text);
        }
        render::prompt_full(text, p);
        return Ok(());
    }
    let level: Option<Level> = a.level.map(Into::into);
    let list: Vec<_> = pack
        .prompts
        .iter()
        .filter(|p| level.is_none_or(|l| p.level.suits(l)))
        .collect();
    if a.out.json {
        return json(&list, text);
    }
    let width = render::id_width(list.iter().map(|p| p.id.as_str()));
    for p in &list {
        render::prompt_line(text, p, width);
    }
    let _ = writeln!(
        text,
        "\n{} prompts. Details: tpmprep prompts ID",
        list.len()
    );
    Ok(())
}

fn examples(pack: &Pack, a: ExamplesArgs, text: &mut String) -> Result<()> {
    let list: Vec<_> =
        match &a.id {
            Some(id) => vec![pack.examples.iter().find(|x| &x.id == id).ok_or_else(|| {
                unknown("example", id, pack.examples.iter().map(|x| x.id.as_str()))
            })?],
            None => pack.examples.iter().collect(),
        };
    if a.out.json {
        return match a.id {
            Some(_) => json(list[0], text),
            None => json(&list, text),
        };
    }
    for (i, x) in list.iter().enumerate() {
        if i > 0 {
            let _ = writeln!(text, "\n{}\n", "─".repeat(60));
        }
        render::example_full(text, x);
    }
    Ok(())
}

fn ask(pack: &Pack, a: AskArgs, text: &mut String) -> Result<()> {
    if let Some(role) = &a.role {
        if pack.role(role).is_none() {
            return Err(unknown(
                "role",
                role,
                pack.roles.iter().map(|r| r.id.as_str()),
            ));
        }
    }
    let list: Vec<_> = pack
        .ask
        .iter()
        .filter(|x| a.role.as_ref().is_none_or(|r| &x.role == r))
        .collect();
    if a.out.json {
        return json(&list, text);
    }
    for role in &pack.roles {
        let group: Vec<_> = list.iter().filter(|x| x.role == role.id).collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(text, "{} ({})", role.name, role.id);
        for x in group {
            render::ask_line(text, x);
        }
        text.push('\n');
    }
    let _ = writeln!(text, "{} questions to ask.", list.len());
    Ok(())
}

#[derive(Serialize)]
struct CheckJson<'a> {
    ok: bool,
    id: Option<&'a str>,
    extends: Option<&'a str>,
    added: std::collections::BTreeMap<&'static str, usize>,
    replaced: std::collections::BTreeMap<&'static str, usize>,
    problems: Vec<ProblemJson>,
}

#[derive(Serialize)]
struct ProblemJson {
    file: String,
    line: usize,
    field: String,
    message: String,
}

fn pack_check(catalog: &Catalog, dir: &Path, as_json: bool, text: &mut String) -> Result<ExitCode> {
    match catalog.check_dir(dir) {
        Ok(report) => {
            if as_json {
                json(
                    &CheckJson {
                        ok: true,
                        id: Some(&report.id),
                        extends: report.extends.as_deref(),
                        added: report.merge.added.clone(),
                        replaced: report.merge.replaced.clone(),
                        problems: Vec::new(),
                    },
                    text,
                )?;
                return Ok(ExitCode::SUCCESS);
            }
            let p = &report.pack;
            match &report.extends {
                Some(base) => {
                    let _ = writeln!(text, "ok: {} is a valid overlay on {base}", report.id);
                    let fmt = |m: &std::collections::BTreeMap<&str, usize>| {
                        if m.is_empty() {
                            "nothing".to_string()
                        } else {
                            m.iter()
                                .map(|(k, n)| format!("{n} {k}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        }
                    };
                    let _ = writeln!(text, "  adds {}", fmt(&report.merge.added));
                    let _ = writeln!(text, "  replaces {}", fmt(&report.merge.replaced));
                }
                None => {
                    let _ = writeln!(text, "ok: {} is a valid pack", report.id);
                }
            }
            let _ = writeln!(
                text,
                "  result: {} principles, {} questions, {} prompts, {} examples, {} questions to ask, {} formats",
                p.principles.len(),
                p.questions.len(),
                p.prompts.len(),
                p.examples.len(),
                p.ask.len(),
                p.formats.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(PackError::Invalid(diags)) => {
            if as_json {
                json(
                    &CheckJson {
                        ok: false,
                        id: None,
                        extends: None,
                        added: Default::default(),
                        replaced: Default::default(),
                        problems: diags
                            .iter()
                            .map(|d| ProblemJson {
                                file: d.file.clone(),
                                line: d.line,
                                field: d.field.clone(),
                                message: d.message.clone(),
                            })
                            .collect(),
                    },
                    text,
                )?;
            } else {
                for d in &diags {
                    eprintln!("{d}");
                }
                eprintln!(
                    "{} problem{} in {}; nothing was loaded.",
                    diags.len(),
                    if diags.len() == 1 { "" } else { "s" },
                    dir.display()
                );
            }
            Ok(ExitCode::FAILURE)
        }
        Err(other) => Err(other.into()),
    }
}

fn pack_list(cfg: &Config, as_json: bool, text: &mut String) -> Result<()> {
    let catalog = catalog(cfg)?;
    #[derive(Serialize)]
    struct Entry {
        id: String,
        active: bool,
    }
    let bases: Vec<Entry> = catalog
        .base_ids()
        .into_iter()
        .map(|id| Entry {
            active: id == cfg.base_pack.value,
            id,
        })
        .collect();
    let resolved = catalog.resolve(&cfg.base_pack.value);
    if as_json {
        #[derive(Serialize)]
        struct ListJson {
            packs: Vec<Entry>,
            overlays: Vec<String>,
            user_packs_dir: String,
        }
        return json(
            &ListJson {
                packs: bases,
                overlays: resolved.map(|p| p.overlays).unwrap_or_default(),
                user_packs_dir: cfg.user_packs_dir.display().to_string(),
            },
            text,
        );
    }
    for b in &bases {
        let _ = writeln!(text, "{}{}", b.id, if b.active { "  (active)" } else { "" });
    }
    match resolved {
        Ok(p) if !p.overlays.is_empty() => {
            let _ = writeln!(
                text,
                "overlays on {}: {}",
                p.manifest.id,
                p.overlays.join(", ")
            );
        }
        Ok(_) => {}
        Err(e) => {
            let _ = writeln!(text, "the active pack does not load: {e}");
        }
    }
    let _ = writeln!(
        text,
        "user packs are read from {}",
        cfg.user_packs_dir.display()
    );
    Ok(())
}

fn config_cmd(cfg: &Config, as_json: bool, text: &mut String) -> Result<()> {
    if as_json {
        return json(cfg, text);
    }
    // A format the pack lacks is flagged here, before a command refuses it (a pack that does not
    // load is left to the commands that need it).
    let bad_format = load_pack(cfg)
        .ok()
        .and_then(|pack| check_format(&pack, cfg).err());
    let width = cfg
        .settings
        .iter()
        .map(|s| s.name.len())
        .max()
        .unwrap_or(12)
        + 2;
    for s in &cfg.settings {
        let value = match (s.name, &s.value) {
            ("format", None) => "the pack's default".to_string(),
            ("database_url", None) => {
                format!("{} (SQLite file)", crate::story::database_label(cfg))
            }
            ("config_file", Some(v)) if !cfg.config_file_exists => format!("{v} (not created yet)"),
            ("database_url", Some(v)) => tpmprep_store::url_for_display(v),
            (_, Some(v)) => v.clone(),
            (_, None) => "none".to_string(),
        };
        let from = match &s.via {
            Some(via) => format!("{}: {via}", s.from.label()),
            None => s.from.label().to_string(),
        };
        let _ = writeln!(text, "{}{value}  ({from})", render::pad(s.name, width));
        if let (Some(e), "format") = (&bad_format, s.name) {
            let _ = writeln!(text, "{}^ not valid: {e}", " ".repeat(width));
        }
    }
    let _ = writeln!(
        text,
        "\nA flag beats the environment (TPMPREP_*), which beats the config file, which beats the default."
    );
    Ok(())
}

/// Every command's man page, the top one first: `tpmprep`, `tpmprep-story`, `tpmprep-story-add` …
/// (hidden commands and clap's `help` left out), named as the pages' SEE ALSO sections link them.
fn man_pages() -> Vec<clap::Command> {
    fn walk(cmd: clap::Command, pages: &mut Vec<clap::Command>) {
        let subs: Vec<clap::Command> = cmd
            .get_subcommands()
            .filter(|s| !s.is_hide_set())
            .cloned()
            .collect();
        pages.push(cmd);
        for sub in subs {
            walk(sub, pages);
        }
    }
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut pages = Vec::new();
    walk(cmd, &mut pages);
    pages
}

/// The file name of a page: `tpmprep-story-add` for `tpmprep story add`.
fn page_name(cmd: &clap::Command) -> String {
    cmd.get_display_name()
        .unwrap_or_else(|| cmd.get_name())
        .to_string()
}

/// One man page, its footer naming the program ("tpmprep 0.1.0" on every page, not "story 0.1.0").
fn man_page(page: clap::Command) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(page)
        .source(format!("tpmprep {}", env!("CARGO_PKG_VERSION")))
        .render(&mut buf)?;
    Ok(buf)
}

fn man(a: &ManArgs, out: &mut Vec<u8>, text: &mut String) -> Result<()> {
    let pages = man_pages();
    let Some(dir) = a.out.as_deref() else {
        let wanted = if a.command.is_empty() {
            "tpmprep".to_string()
        } else {
            format!("tpmprep-{}", a.command.join("-"))
        };
        let page = pages
            .into_iter()
            .find(|p| page_name(p) == wanted)
            .ok_or_else(|| {
                anyhow!(
                    "no command `tpmprep {}`; see `tpmprep --help`",
                    a.command.join(" ")
                )
            })?;
        let buf = man_page(page)?;
        if a.json {
            return json(
                &serde_json::json!({ "name": wanted, "page": String::from_utf8_lossy(&buf) }),
                text,
            );
        }
        out.extend_from_slice(&buf);
        return Ok(());
    };
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut written = Vec::new();
    for page in pages {
        let path = dir.join(format!("{}.1", page_name(&page)));
        let buf = man_page(page)?;
        std::fs::write(&path, buf).with_context(|| format!("cannot write {}", path.display()))?;
        written.push(path.display().to_string());
    }
    if a.json {
        return json(&serde_json::json!({ "written": written }), text);
    }
    for p in &written {
        let _ = writeln!(text, "{p}");
    }
    Ok(())
}

/// A text file (`-` for standard input) of at most `max` bytes, as UTF-8; the errors name the file
/// and, for a file too large, `why` (what such a file usually is).
pub fn read_text(path: &std::path::Path, max: u64, why: &str) -> Result<String> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .take(max + 1)
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
    } else {
        std::fs::File::open(path)
            .with_context(|| format!("cannot open {}", path.display()))?
            .take(max + 1)
            .read_to_end(&mut bytes)
            .with_context(|| format!("cannot read {}", path.display()))?;
    }
    if bytes.len() as u64 > max {
        let size = if max >= 1024 * 1024 {
            format!("{} MB", max / 1024 / 1024)
        } else {
            format!("{} KB", max / 1024)
        };
        anyhow::bail!("{}: larger than {size}; {why}", path.display());
    }
    String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{}: not UTF-8 text (byte {} is not valid)",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}
