//! `tpmprep offer …`: job offers in the terminal. The terms are parsed and stored by
//! `app::offers`, the maths is `tpmprep-offer`'s; this module reads flags and prints.

mod args;
mod render;

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use tokio::runtime::Runtime;
use tpmprep_app::mock::Ctx;
use tpmprep_app::offers::{self, OfferInput};
use tpmprep_critic::Critic;
use tpmprep_offer::Scenario;
use tpmprep_store::LOCAL_USER;

pub use args::OfferCommand;

use crate::commands::{json, load_pack};
use crate::config::Config;
use crate::write::now_ms;

/// Runs one `offer` command.
pub fn run(cfg: &Config, cmd: OfferCommand, text: &mut String) -> Result<ExitCode> {
    let pack = load_pack(cfg)?;
    let critic = Critic::new(&pack);
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

fn dispatch(rt: &Runtime, ctx: Ctx<'_>, cmd: OfferCommand, text: &mut String) -> Result<ExitCode> {
    match cmd {
        OfferCommand::Add { terms, out } => {
            let saved = rt.block_on(offers::add(ctx, &terms.input(), now_ms()))?;
            if out.json {
                json(&saved, text)?;
            } else {
                let _ = writeln!(text, "Added offer #{} \"{}\".\n", saved.id, saved.offer.name);
                show(&saved, text)?;
            }
        }
        OfferCommand::List { out } => {
            let list = rt.block_on(offers::list(ctx))?;
            if out.json {
                json(&list, text)?;
            } else {
                render::list(&list, text);
            }
        }
        OfferCommand::Show {
            offer,
            revisions,
            out,
        } => {
            let saved = rt.block_on(offers::get(ctx, &offer))?;
            let revs = if revisions {
                Some(rt.block_on(offers::revisions(ctx, &offer))?)
            } else {
                None
            };
            if out.json {
                match revs {
                    Some(r) => json(&serde_json::json!({ "offer": saved, "revisions": r }), text)?,
                    None => json(&saved, text)?,
                }
            } else {
                show(&saved, text)?;
                if let Some(r) = revs {
                    render::revisions(&r, text);
                }
            }
        }
        OfferCommand::Edit { offer, terms, out } => {
            if !terms.any() {
                bail!(
                    "nothing to change: give the fields to change, e.g. `tpmprep offer edit {offer:?} --base 160000` (see --help)"
                );
            }
            let saved = rt.block_on(offers::edit(ctx, &offer, &terms.input(), None, now_ms()))?;
            if out.json {
                json(&saved, text)?;
            } else {
                let _ = writeln!(
                    text,
                    "Offer #{} \"{}\" saved as revision {}.\n",
                    saved.id, saved.offer.name, saved.rev
                );
                show(&saved, text)?;
            }
        }
        OfferCommand::Rm { offer, yes, out } => {
            let saved = rt.block_on(offers::get(ctx, &offer))?;
            if !yes {
                if !std::io::stdin().is_terminal() {
                    bail!(
                        "removing deletes offer \"{}\" and its {} revision(s) for good; add --yes to confirm",
                        saved.offer.name,
                        saved.rev
                    );
                }
                eprint!(
                    "Delete offer \"{}\" and its revisions for good? [y/N] ",
                    saved.offer.name
                );
                let mut answer = String::new();
                std::io::stdin().read_line(&mut answer)?;
                if !matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
                    if out.json {
                        json(&serde_json::json!({ "deleted": null }), text)?;
                    } else {
                        text.push_str("Not deleted.\n");
                    }
                    return Ok(ExitCode::SUCCESS);
                }
            }
            let name = rt.block_on(offers::remove(ctx, &offer))?;
            if out.json {
                json(
                    &serde_json::json!({ "deleted": { "id": saved.id, "name": name } }),
                    text,
                )?;
            } else {
                let _ = writeln!(text, "Deleted offer \"{name}\" and its revisions.");
            }
        }
        OfferCommand::Compare { offers: keys, how, out } => {
            let cmp = rt.block_on(offers::compare(ctx, &how.options(keys)))?;
            if out.json {
                json(&cmp, text)?;
            } else {
                render::comparison(&cmp, text);
            }
        }
        OfferCommand::Brief {
            offer,
            against,
            how,
            save,
            out,
        } => {
            let brief = rt.block_on(offers::brief(
                ctx,
                &offer,
                against.as_deref(),
                &how.options(Vec::new()),
            ))?;
            if save {
                let patch = OfferInput {
                    notes: Some(brief.markdown.clone()),
                    ..OfferInput::default()
                };
                let saved = rt.block_on(offers::edit(ctx, &offer, &patch, None, now_ms()))?;
                eprintln!(
                    "Saved the brief in the notes of \"{}\" (revision {}); edit it with `tpmprep offer edit`.",
                    saved.offer.name, saved.rev
                );
            }
            if out.json {
                json(&brief, text)?;
            } else {
                text.push_str(&brief.markdown);
                if !brief.markdown.ends_with('\n') {
                    text.push('\n');
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// An offer with its years at a flat price over four years.
fn show(saved: &offers::SavedOffer, text: &mut String) -> Result<()> {
    let rows = tpmprep_offer::project(&saved.offer, offers::DEFAULT_YEARS, &Scenario::Flat)?;
    render::offer(saved, &rows, text);
    Ok(())
}
