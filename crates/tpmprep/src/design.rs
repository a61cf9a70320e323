//! `tpmprep design …`: system-design practice in the terminal. The session's state lives in the
//! store and the rules in `practice::design` (through `app::design`); this module measures time,
//! reads lines, and prints.
//!
//! Nothing is lost: every line of notes is saved the moment Enter is pressed (revisions coalesce
//! within 30 s), the clock is saved with it, and `design resume` stands where the session stopped.

use std::fmt::Write as _;
use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use tokio::runtime::Runtime;
use tpmprep_app::clock;
use tpmprep_app::design::{Choice, ClockMove, DiagramChange, Report, StartOptions, State};
use tpmprep_app::mock::Ctx;
use tpmprep_critic::Critic;
use tpmprep_practice::design::SelfRating;
use tpmprep_practice::design::diagram::Edit;
use tpmprep_store::{DesignId, LOCAL_USER};

use crate::cli::*;
use crate::commands::{json, load_pack};
use crate::config::Config;
use crate::render;

/// The largest file `design critique` reads.
const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Runs one `design` command.
pub fn run(cfg: &Config, cmd: DesignCommand, text: &mut String) -> Result<ExitCode> {
    let pack = load_pack(cfg)?;
    let critic = Critic::new(&pack);
    if let DesignCommand::Critique { file, prompt, out } = &cmd {
        let body = read_file(file)?;
        let report = tpmprep_app::design::critique_text(&pack, &critic, &body, prompt.as_deref())?;
        if out.json {
            json(&report, text)?;
        } else {
            render_critique(&report, text);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let store = rt.block_on(crate::story::open(cfg))?;
    let ctx = Ctx {
        store: store.as_ref(),
        pack: &pack,
        critic: &critic,
        owner: LOCAL_USER,
    };
    let result = dispatch(&rt, ctx, cmd, text);
    rt.block_on(store.close());
    result
}

fn read_file(path: &Path) -> Result<String> {
    crate::commands::read_text(path, MAX_FILE_BYTES, "a design write-up is a few pages")
}

fn dispatch(rt: &Runtime, ctx: Ctx<'_>, cmd: DesignCommand, text: &mut String) -> Result<ExitCode> {
    match cmd {
        DesignCommand::Start(a) => {
            let choice = match (&a.prompt, a.random, &a.text) {
                (Some(id), _, _) => Choice::Prompt(id.clone()),
                (None, true, _) => Choice::Random(None),
                (None, false, Some(t)) => Choice::Text(t.clone()),
                (None, false, None) => bail!(
                    "name a prompt (see `tpmprep prompts`), or use --random or --text \"your own prompt\""
                ),
            };
            let state = rt.block_on(tpmprep_app::design::start(
                ctx,
                &StartOptions {
                    choice,
                    minutes_scale: a.minutes_scale,
                    phases: a.phases.clone(),
                },
                now_ms(),
            ))?;
            if a.no_wait {
                if a.json {
                    json(&state, text)?;
                } else {
                    render_progress(&state, text);
                }
                return Ok(ExitCode::SUCCESS);
            }
            session(rt, ctx, state, a.json, text)
        }
        DesignCommand::Resume { id, json: as_json } => {
            let id = match id {
                Some(id) => id,
                None => rt
                    .block_on(tpmprep_app::design::latest_unfinished(ctx))?
                    .map(|d| d.id)
                    .ok_or_else(|| {
                        anyhow!(
                            "no unfinished design session to resume; start one with `tpmprep design start --random`"
                        )
                    })?,
            };
            let state = rt.block_on(tpmprep_app::design::load(ctx, id))?;
            if state.finished() {
                bail!(
                    "design session {id} is finished; see its report with `tpmprep design show {id}`"
                );
            }
            session(rt, ctx, state, as_json, text)
        }
        DesignCommand::Finish { id, rate, out } => {
            let rating = rate.as_deref().map(parse_rating).transpose()?;
            let id = match id {
                Some(id) => id,
                None => rt
                    .block_on(tpmprep_app::design::latest_unfinished(ctx))?
                    .map(|d| d.id)
                    .ok_or_else(|| {
                        anyhow!(
                            "no unfinished design session; name one (see `tpmprep design list`)"
                        )
                    })?,
            };
            let state = rt.block_on(tpmprep_app::design::finish(ctx, id, rating, now_ms()))?;
            print_report(&state, out.json, text)?;
            Ok(ExitCode::SUCCESS)
        }
        DesignCommand::List { out } => {
            let list = rt.block_on(tpmprep_app::design::list(ctx))?;
            if out.json {
                json(&list, text)?;
            } else if list.is_empty() {
                text.push_str("No design sessions yet. Start one: tpmprep design start --random\n");
            } else {
                for d in &list {
                    let state = match (d.finished_at, d.overall) {
                        (Some(_), Some(o)) => format!("{o:>3}/100"),
                        _ => "unfinished".to_string(),
                    };
                    let _ = writeln!(
                        text,
                        "#{:<4} {:<10} {}{}",
                        d.id,
                        state,
                        d.title,
                        d.prompt_id
                            .as_deref()
                            .map(|p| format!("  ({p})"))
                            .unwrap_or_default()
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        DesignCommand::Show { id, export, out } => {
            let state = rt.block_on(tpmprep_app::design::load(ctx, id))?;
            if export {
                text.push_str(&state.export());
            } else if state.finished() {
                print_report(&state, out.json, text)?;
            } else if out.json {
                json(&state, text)?;
            } else {
                render_progress(&state, text);
            }
            Ok(ExitCode::SUCCESS)
        }
        DesignCommand::Rm { id, out } => {
            rt.block_on(tpmprep_app::design::delete(ctx, id))?;
            if out.json {
                json(&serde_json::json!({ "deleted": id }), text)?;
            } else {
                let _ = writeln!(text, "Deleted design session {id}.");
            }
            Ok(ExitCode::SUCCESS)
        }
        DesignCommand::Critique { .. } => unreachable!("handled before the store is opened"),
    }
}

/// "1 box", "2 boxes".
fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn parse_rating(spec: &str) -> Result<SelfRating> {
    let parts: Vec<&str> = spec.split(',').collect();
    let six: [&str; 6] = parts.as_slice().try_into().map_err(|_| {
        anyhow!(
            "--rate needs six scores, 0–10, in this order: practicality, accuracy, efficiency, reliability, optimization, scalability (got {})",
            parts.len()
        )
    })?;
    SelfRating::parse(six).map_err(|e| anyhow!("--rate: {e}"))
}

fn print_report(state: &State, as_json: bool, text: &mut String) -> Result<()> {
    if as_json {
        json(state, text)?;
    } else {
        render_report(state, text);
    }
    Ok(())
}

/// A session while unfinished: where it stands.
fn render_progress(state: &State, text: &mut String) {
    let _ = writeln!(
        text,
        "Design session #{} — {}{}",
        state.summary.id,
        state.setup.title,
        if state.finished() { " (finished)" } else { "" }
    );
    render::wrap(text, "  ", &state.setup.prompt_text);
    text.push('\n');
    for (i, p) in state.setup.phases.iter().enumerate() {
        let spent = state.clock.spent.get(i).copied().unwrap_or(0);
        let (body, rev) = state.note(&p.key);
        let mark = if i == state.clock.current { "▶" } else { " " };
        let _ = writeln!(
            text,
            "{mark} {:<18} {} of {}  {} words{}",
            p.title,
            clock(spent),
            clock(p.seconds),
            body.split_whitespace().count(),
            if rev > 0 {
                format!(" (rev {rev})")
            } else {
                String::new()
            }
        );
    }
    if !state.diagram.boxes.is_empty() {
        text.push_str("\nDiagram:\n");
        for line in state.diagram.to_lines().lines() {
            let _ = writeln!(text, "  {line}");
        }
    }
    if !state.hints.is_empty() {
        let _ = writeln!(text, "\nHints used: {}", state.hints.len());
    }
    if !state.finished() {
        let _ = writeln!(
            text,
            "\nCarry on: tpmprep design resume {}   Finish: tpmprep design finish {}",
            state.summary.id, state.summary.id
        );
    }
}

fn str_of<'a>(v: &'a serde_json::Value, key: &str) -> &'a str {
    v.get(key).and_then(serde_json::Value::as_str).unwrap_or("")
}

fn render_findings(critique: &serde_json::Value, text: &mut String) {
    let Some(findings) = critique.get("findings").and_then(|f| f.as_array()) else {
        return;
    };
    if findings.is_empty() {
        return;
    }
    text.push_str("\nFindings\n");
    for f in findings {
        let severity = str_of(f, "severity");
        let mark = match severity {
            "praise" => "+",
            "miss" => "MISS",
            "weak" => "WEAK",
            _ => "·",
        };
        render::hang(
            text,
            &format!("  {mark:<5} "),
            "        ",
            str_of(f, "message"),
        );
        let quote = str_of(f, "quote");
        if !quote.is_empty() {
            render::hang(text, "        “", "         ", &format!("{quote}”"));
        }
        let suggestion = str_of(f, "suggestion");
        if !suggestion.is_empty() {
            render::hang(text, "        → ", "          ", suggestion);
        }
    }
}

fn render_critique(critique: &serde_json::Value, text: &mut String) {
    let overall = critique
        .get("overall")
        .and_then(|v| v.as_u64())
        .unwrap_or(0);
    let _ = writeln!(
        text,
        "Overall {overall}/100  {}",
        str_of(critique, "verdict")
    );
    text.push_str("\nObjective        score\n");
    for key in tpmprep_practice::design::OBJECTIVES {
        let score = critique
            .get("objectives")
            .and_then(|o| o.get(key))
            .and_then(|o| o.get("score"))
            .and_then(|v| v.as_u64())
            .unwrap_or(0);
        let _ = writeln!(text, "  {key:<14} {score:>2}/10");
    }
    render_findings(critique, text);
}

/// A finished session's report.
fn render_report(state: &State, text: &mut String) {
    let Some(r) = &state.report else {
        render_progress(state, text);
        return;
    };
    let _ = writeln!(
        text,
        "Design session #{} — {}\nOverall {}/100  {}",
        state.summary.id,
        state.setup.title,
        r.overall,
        str_of(&r.critique, "verdict")
    );
    text.push_str("\nObjective         critic   you\n");
    for o in &r.objectives {
        let own = o.own.map_or("  –".to_string(), |v| format!("{v:>3}"));
        let _ = writeln!(text, "  {:<15} {:>3}/10  {own}", o.objective, o.critic);
    }
    render_findings(&r.critique, text);
    render_time(r, text);
    if !r.hints.is_empty() {
        let _ = writeln!(text, "\nHints used ({})", r.hints.len());
        for h in &r.hints {
            render::hang(text, &format!("  [{}] ", h.phase), "    ", &h.text);
        }
    }
    if let Some(reference) = &r.reference {
        text.push_str("\nThe prompt's reference points (compare with your notes)\n");
        for (title, list) in [
            ("Scale", &reference.scale),
            ("Components", &reference.components),
            ("Trade-offs", &reference.trade_offs),
            ("Failure modes", &reference.failure_modes),
            ("Monitoring", &reference.monitoring),
        ] {
            let _ = writeln!(text, "  {title}");
            for item in list {
                render::hang(text, "    - ", "      ", item);
            }
        }
    }
    if r.history.len() > 1 {
        text.push_str("\nYour sessions on this prompt\n");
        let mut prev: Option<i64> = None;
        for h in &r.history {
            let trend = match prev {
                Some(p) if h.overall > p => format!(" (+{})", h.overall - p),
                Some(p) if h.overall < p => format!(" ({})", h.overall - p),
                Some(_) => " (=)".into(),
                None => String::new(),
            };
            let _ = writeln!(text, "  #{:<4} {:>3}/100{trend}", h.id, h.overall);
            prev = Some(h.overall);
        }
    }
}

fn render_time(r: &Report, text: &mut String) {
    text.push_str("\nTime and notes per phase\n");
    for p in &r.phases {
        let _ = writeln!(
            text,
            "  {:<18} {} of {}  {} words",
            p.title,
            clock(p.spent_seconds),
            clock(p.budget_seconds),
            p.words
        );
    }
}

/// Where prompts go: standard output, or standard error when stdout carries JSON.
struct Ui {
    out: Box<dyn Write + Send>,
}

impl Ui {
    /// The line prompt: where the clock stands, on the line where typing goes.
    fn prompt(&mut self, s: &str) -> Result<()> {
        write!(self.out, "{s}")?;
        self.out.flush()?;
        Ok(())
    }

    fn say(&mut self, s: &str) -> Result<()> {
        let mut t = String::new();
        render::wrap(&mut t, "", s);
        self.out.write_all(t.as_bytes())?;
        self.out.flush()?;
        Ok(())
    }
}

const HELP: &str = "Type notes line by line (each is saved when you press Enter). Commands: \
    `:next` next phase · `:phase KEY` go to a phase (clarify, high-level, trade-offs, deep-dive, wrap-up) · \
    `:hint` a hint for this phase · `:box NAME` add a component · `:flow A -> B: what flows` connect two · \
    `:unbox NAME` remove one · `:diagram` show it · `:notes` show this phase's notes · `:time` the clock · \
    `:finish` end and read the report · `:pause` stop (carry on with `tpmprep design resume`).";

/// The interactive session: lines in, saved at once; a watcher announces when a phase's time is up.
fn session(
    rt: &Runtime,
    ctx: Ctx<'_>,
    mut state: State,
    as_json: bool,
    text: &mut String,
) -> Result<ExitCode> {
    let id = state.summary.id;
    let out: Box<dyn Write + Send> = if as_json {
        Box::new(std::io::stderr())
    } else {
        Box::new(std::io::stdout())
    };
    let ui = Arc::new(Mutex::new(Ui { out }));
    let say = |s: &str| -> Result<()> {
        ui.lock()
            .map_err(|_| anyhow!("the terminal writer failed"))?
            .say(s)
    };
    say(&format!(
        "Design session #{id} — {}\n\n{}\n",
        state.setup.title, state.setup.prompt_text
    ))?;
    say(&format!(
        "Phases: {}.",
        state
            .setup
            .phases
            .iter()
            .map(|p| format!("{} {}", p.title, clock(p.seconds)))
            .collect::<Vec<_>>()
            .join(" · ")
    ))?;
    say(HELP)?;
    // The watcher: the moment the current phase runs out, it says so (the clock in the store
    // catches up at the next line, pause or phase change).
    let deadline: Arc<Mutex<Option<(Instant, String)>>> = Arc::new(Mutex::new(None));
    {
        let deadline = Arc::clone(&deadline);
        let ui = Arc::clone(&ui);
        let _ = std::thread::Builder::new()
            .name("design-clock".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(Duration::from_millis(250));
                    let due = match deadline.lock() {
                        Ok(mut d) => match d.as_ref() {
                            Some((at, _)) if Instant::now() >= *at => d.take().map(|(_, m)| m),
                            _ => None,
                        },
                        Err(_) => return,
                    };
                    if let Some(message) = due
                        && let Ok(mut ui) = ui.lock()
                    {
                        let _ = ui.say(&format!("\n⏰ {message}"));
                    }
                }
            });
    }
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    loop {
        let phase_index = state.clock.current;
        let phase = state.setup.phases[phase_index].clone();
        let spent_before = state.clock.spent[phase_index];
        let entered = Instant::now();
        let spent = |entered: Instant| spent_before + entered.elapsed().as_secs() as u32;
        say(&format!(
            "\n== {} ({} of {}) — {}",
            phase.title,
            clock(spent_before),
            clock(phase.seconds),
            phase.aim
        ))?;
        let (body, _) = state.note(&phase.key);
        if !body.is_empty() {
            say("Your notes so far in this phase (carry on typing):")?;
            say(body)?;
        }
        if let Ok(mut d) = deadline.lock() {
            *d = (!state.clock.announced[phase_index] && spent_before < phase.seconds).then(|| {
                (
                    entered + Duration::from_secs(u64::from(phase.seconds - spent_before)),
                    tpmprep_app::design::announce(
                        &state.setup,
                        &tpmprep_practice::design::clock::Announcement::PhaseOver {
                            phase: phase_index,
                            next: (phase_index + 1 < state.setup.phases.len())
                                .then_some(phase_index + 1),
                        },
                    ),
                )
            });
        }
        let moved = loop {
            let left = i64::from(phase.seconds) - i64::from(spent(entered));
            let mark = if left > 0 {
                format!("[{} · {} left] > ", phase.title, clock(left as u32))
            } else {
                format!("[{} · over by {}] > ", phase.title, clock((-left) as u32))
            };
            ui.lock()
                .map_err(|_| anyhow!("the terminal writer failed"))?
                .prompt(&mark)?;
            let line = match lines.next() {
                Some(Ok(l)) => l,
                Some(Err(e)) => return Err(e).context("cannot read your notes"),
                None => {
                    tick(rt, ctx, id, &phase.key, spent(entered))?;
                    say(&format!(
                        "\nStopped; everything is saved. Carry on with `tpmprep design resume {id}`."
                    ))?;
                    return Ok(ExitCode::SUCCESS);
                }
            };
            let cmd = line.trim();
            let (word, rest) = cmd.split_once(' ').unwrap_or((cmd, ""));
            let rest = rest.trim();
            match word {
                ":help" => say(HELP)?,
                ":time" => {
                    let s = spent(entered);
                    let total: u32 = state.clock.total_spent() - spent_before + s;
                    say(&format!(
                        "{} of {} in {}; {} of {} in all.",
                        clock(s),
                        clock(phase.seconds),
                        phase.title,
                        clock(total),
                        clock(state.setup.total_seconds())
                    ))?;
                }
                ":notes" => {
                    let (body, _) = state.note(&phase.key);
                    say(if body.is_empty() {
                        "(no notes yet in this phase)"
                    } else {
                        body
                    })?;
                }
                ":hint" => {
                    tick(rt, ctx, id, &phase.key, spent(entered))?;
                    match rt.block_on(tpmprep_app::design::hint(ctx, id, &phase.key, now_ms()))? {
                        Some(h) => say(&format!("Hint ({}): {}", h.kind, h.text))?,
                        None => say("No more hints for this phase.")?,
                    }
                }
                ":box" | ":unbox" | ":flow" => match diagram_edit(rt, ctx, &state, word, rest) {
                    Ok(d) => {
                        state.diagram = d.0;
                        state.diagram_rev = d.1;
                        say(&format!(
                            "Diagram: {}, {} (`:diagram` shows it).",
                            plural(state.diagram.boxes.len(), "box", "boxes"),
                            plural(state.diagram.arrows.len(), "arrow", "arrows")
                        ))?;
                    }
                    Err(e) => say(&format!("Not changed: {e}"))?,
                },
                ":diagram" => {
                    let lines = state.diagram.to_lines();
                    say(if lines.is_empty() {
                        "(no diagram yet: `:box NAME` adds a component)"
                    } else {
                        &lines
                    })?;
                }
                ":next" => {
                    if phase_index + 1 >= state.setup.phases.len() {
                        say("This is the last phase: `:finish` ends the session.")?;
                        continue;
                    }
                    tick(rt, ctx, id, &phase.key, spent(entered))?;
                    break Some(ClockMove::Next);
                }
                ":phase" => {
                    if state.setup.phase_index(rest).is_none() {
                        say(&format!(
                            "No phase `{rest}`; phases: {}.",
                            state
                                .setup
                                .phases
                                .iter()
                                .map(|p| p.key.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ))?;
                        continue;
                    }
                    tick(rt, ctx, id, &phase.key, spent(entered))?;
                    break Some(ClockMove::GoTo(rest.to_string()));
                }
                ":pause" | ":quit" => {
                    tick(rt, ctx, id, &phase.key, spent(entered))?;
                    say(&format!(
                        "Paused; everything is saved. Carry on with `tpmprep design resume {id}`."
                    ))?;
                    return Ok(ExitCode::SUCCESS);
                }
                ":finish" => {
                    tick(rt, ctx, id, &phase.key, spent(entered))?;
                    break None;
                }
                _ if cmd.starts_with(':') => {
                    say(&format!("Unknown command `{word}`. `:help` lists them."))?;
                }
                _ => {
                    let (body, rev) = state.note(&phase.key);
                    let mut next = body.to_string();
                    if !next.is_empty() {
                        next.push('\n');
                    }
                    next.push_str(&line);
                    let saved = rt.block_on(tpmprep_app::design::save_note(
                        ctx,
                        id,
                        &phase.key,
                        rev,
                        &next,
                        now_ms(),
                    ))?;
                    state.notes.insert(
                        phase.key.clone(),
                        tpmprep_store::DesignNote {
                            phase: phase.key.clone(),
                            rev: saved.rev,
                            body: next,
                            saved_at: now_ms(),
                        },
                    );
                    for a in tick(rt, ctx, id, &phase.key, spent(entered))? {
                        say(&format!("⏰ {a}"))?;
                    }
                }
            }
        };
        match moved {
            Some(how) => {
                let m = rt.block_on(tpmprep_app::design::move_clock(ctx, id, &how, now_ms()))?;
                for a in m.announcements {
                    say(&format!("⏰ {a}"))?;
                }
                state = rt.block_on(tpmprep_app::design::load(ctx, id))?;
            }
            None => break,
        }
    }
    if let Ok(mut d) = deadline.lock() {
        *d = None;
    }
    let rating = ask_rating(&ui, &mut lines)?;
    let state = rt.block_on(tpmprep_app::design::finish(ctx, id, rating, now_ms()))?;
    print_report(&state, as_json, text)?;
    Ok(ExitCode::SUCCESS)
}

/// Saves the seconds counted in a phase; returns what to announce (said once, by the watcher or
/// here).
fn tick(
    rt: &Runtime,
    ctx: Ctx<'_>,
    id: DesignId,
    phase: &str,
    seconds: u32,
) -> Result<Vec<String>> {
    let m = rt.block_on(tpmprep_app::design::move_clock(
        ctx,
        id,
        &ClockMove::Tick(phase.to_string(), seconds),
        now_ms(),
    ))?;
    // The watcher has said a phase's own time up already; only the whole time is new here.
    Ok(m.announcements
        .into_iter()
        .filter(|a| a.starts_with("The planned time"))
        .collect())
}

fn diagram_edit(
    rt: &Runtime,
    ctx: Ctx<'_>,
    state: &State,
    word: &str,
    rest: &str,
) -> Result<(tpmprep_practice::design::diagram::Diagram, i64)> {
    let change = match word {
        ":box" => DiagramChange::Edit(Edit::AddBox(rest.to_string())),
        ":unbox" => {
            let b = state
                .diagram
                .named(rest)
                .ok_or_else(|| anyhow!("no box named \"{rest}\""))?;
            DiagramChange::Edit(Edit::RemoveBox(b.id))
        }
        _ => {
            if !(rest.contains("->") || rest.contains('→')) {
                bail!("write a flow as `:flow A -> B: what flows`");
            }
            let mut lines = state.diagram.to_lines();
            lines.push_str(rest);
            lines.push('\n');
            DiagramChange::Lines(lines)
        }
    };
    Ok(rt.block_on(tpmprep_app::design::change_diagram(
        ctx,
        state.summary.id,
        state.diagram_rev,
        change,
        now_ms(),
    ))?)
}

fn ask_rating(
    ui: &Arc<Mutex<Ui>>,
    lines: &mut impl Iterator<Item = std::io::Result<String>>,
) -> Result<Option<SelfRating>> {
    let say = |s: &str| -> Result<()> {
        ui.lock()
            .map_err(|_| anyhow!("the terminal writer failed"))?
            .say(s)
    };
    say(
        "\nRate yourself before you read the critic: six scores 0–10 for practicality, accuracy, \
         efficiency, reliability, optimization, scalability (e.g. `7 6 6 5 4 7`), or Enter to skip.",
    )?;
    loop {
        let Some(Ok(line)) = lines.next() else {
            return Ok(None);
        };
        let line = line.trim();
        if line.is_empty() {
            return Ok(None);
        }
        let parts: Vec<&str> = line.split([' ', ',']).filter(|s| !s.is_empty()).collect();
        match <[&str; 6]>::try_from(parts.as_slice()) {
            Ok(six) => match SelfRating::parse(six) {
                Ok(r) => return Ok(Some(r)),
                Err(e) => say(&format!("{e}; try again, or Enter to skip."))?,
            },
            Err(_) => say(&format!(
                "That is {} scores; six are needed (or Enter to skip).",
                parts.len()
            ))?,
        }
    }
}
