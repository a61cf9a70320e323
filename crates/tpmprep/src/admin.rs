//! `tpmprep admin`: a server's accounts from the command line (whoever can run the binary against
//! the database is its operator). Invitations print a one-time link; nothing here shows or takes a
//! password.

use std::fmt::Write as _;

use anyhow::{Context, Result};
use tpmprep_app::{accounts, sharing};
use tpmprep_store::{Account, LOCAL_USER};

use crate::cli::AdminCommand;
use crate::commands::json;
use crate::config::Config;
use crate::story::{block_on, database_label, open};

fn status(a: &Account) -> &'static str {
    if a.disabled_at.is_some() {
        "disabled"
    } else {
        "active"
    }
}

fn account_json(a: &Account) -> serde_json::Value {
    serde_json::json!({
        "id": a.id,
        "email": a.email,
        "role": a.role.as_str(),
        "status": status(a),
        "created_at": a.created_at,
        "disabled_at": a.disabled_at,
    })
}

/// Runs one `admin` command.
pub fn run(cfg: &Config, cmd: AdminCommand, text: &mut String) -> Result<()> {
    block_on(async {
        let store = open(cfg).await?;
        let label = database_label(cfg);
        let result = match cmd {
            AdminCommand::Invite {
                email,
                role,
                url,
                out,
            } => {
                let role = role.into();
                let token = accounts::invite(
                    store.as_ref(),
                    LOCAL_USER,
                    &email,
                    role,
                    tpmprep_store::now_ms(),
                )
                .await
                .with_context(|| format!("cannot invite {} ({label})", email.trim()))?;
                let link = format!("{}/invite/{}", url.trim_end_matches('/'), token.text);
                let email = email.trim().to_lowercase();
                if out.json {
                    json(
                        &serde_json::json!({
                            "email": email,
                            "role": role.as_str(),
                            "link": link,
                            "expires_in_days": accounts::INVITE_MS / 86_400_000,
                        }),
                        text,
                    )
                } else {
                    let _ = writeln!(
                        text,
                        "Invited {email} as {}. Send them this link (it works once, for 7 days):\n\n  {link}",
                        role.as_str()
                    );
                    Ok(())
                }
            }
            AdminCommand::Users { out } => {
                let all = store.accounts().await.context("cannot list the accounts")?;
                if out.json {
                    json(
                        &serde_json::json!({
                            "accounts": all.iter().map(account_json).collect::<Vec<_>>()
                        }),
                        text,
                    )
                } else {
                    if all.is_empty() {
                        let _ = writeln!(
                            text,
                            "No accounts yet in {label}. Invite the first: tpmprep admin invite EMAIL --role admin"
                        );
                    }
                    for a in &all {
                        let _ = writeln!(
                            text,
                            "{:>4}  {:<36} {:<9} {}",
                            a.id,
                            a.email.as_deref().unwrap_or(""),
                            a.role.as_str(),
                            status(a)
                        );
                    }
                    Ok(())
                }
            }
            AdminCommand::Disable { email, out } => {
                set_disabled(store.as_ref(), &email, true, out.json, text).await
            }
            AdminCommand::Enable { email, out } => {
                set_disabled(store.as_ref(), &email, false, out.json, text).await
            }
            AdminCommand::Share {
                candidate,
                coach,
                out,
            } => {
                let who = account_of(store.as_ref(), &candidate).await?;
                let share = sharing::share_with(store.as_ref(), who.id, &coach)
                    .await
                    .with_context(|| format!("cannot share {}'s data", candidate.trim()))?;
                let coach = share.email.clone().unwrap_or_default();
                let candidate = who.email.unwrap_or_default();
                if out.json {
                    json(
                        &serde_json::json!({"candidate": candidate, "coach": coach, "since": share.since}),
                        text,
                    )
                } else {
                    let _ = writeln!(
                        text,
                        "{candidate} now shares their stories, mocks and readiness with {coach}"
                    );
                    Ok(())
                }
            }
            AdminCommand::Unshare {
                candidate,
                coach,
                out,
            } => {
                let who = account_of(store.as_ref(), &candidate).await?;
                let coach_account = account_of(store.as_ref(), &coach).await?;
                sharing::unshare(store.as_ref(), who.id, coach_account.id)
                    .await
                    .with_context(|| {
                        format!("{} does not share with {}", candidate.trim(), coach.trim())
                    })?;
                let (candidate, coach) = (
                    who.email.unwrap_or_default(),
                    coach_account.email.unwrap_or_default(),
                );
                if out.json {
                    json(
                        &serde_json::json!({"candidate": candidate, "coach": coach, "shared": false}),
                        text,
                    )
                } else {
                    let _ = writeln!(
                        text,
                        "{candidate} no longer shares with {coach} (their comments stay)"
                    );
                    Ok(())
                }
            }
            AdminCommand::Shares { email, out } => {
                let who = account_of(store.as_ref(), &email).await?;
                let coaches = store.coaches_of(who.id).await?;
                let candidates = store.candidates_of(who.id).await?;
                let line = |s: &tpmprep_store::Share| serde_json::json!({"email": s.email, "since": s.since});
                if out.json {
                    json(
                        &serde_json::json!({
                            "email": who.email,
                            "shares_with": coaches.iter().map(line).collect::<Vec<_>>(),
                            "shared_with_by": candidates.iter().map(line).collect::<Vec<_>>(),
                        }),
                        text,
                    )
                } else {
                    let name = who.email.unwrap_or_default();
                    if coaches.is_empty() && candidates.is_empty() {
                        let _ = writeln!(text, "{name} shares with no one, and no one with them");
                    }
                    for c in &coaches {
                        let _ = writeln!(
                            text,
                            "{name} shares with {} since {}",
                            c.email.as_deref().unwrap_or(""),
                            tpmprep_app::civil_time(c.since)
                        );
                    }
                    for c in &candidates {
                        let _ = writeln!(
                            text,
                            "{} shares with {name} since {}",
                            c.email.as_deref().unwrap_or(""),
                            tpmprep_app::civil_time(c.since)
                        );
                    }
                    Ok(())
                }
            }
        };
        store.close().await;
        result
    })?
}

/// The account that signs in with `email`, or an error naming it.
async fn account_of(store: &dyn tpmprep_store::Store, email: &str) -> Result<Account> {
    let normal = accounts::normalise_email(email)?;
    store
        .credentials(&normal)
        .await?
        .map(|c| c.account)
        .with_context(|| format!("no account signs in as {normal} (see `tpmprep admin users`)"))
}

async fn set_disabled(
    store: &dyn tpmprep_store::Store,
    email: &str,
    disabled: bool,
    as_json: bool,
    text: &mut String,
) -> Result<()> {
    let what = if disabled { "disable" } else { "enable" };
    let a = accounts::set_disabled(store, email, disabled, tpmprep_store::now_ms())
        .await
        .with_context(|| format!("cannot {what} {}", email.trim()))?;
    if as_json {
        return json(&account_json(&a), text);
    }
    let _ = writeln!(
        text,
        "{} is {}{}",
        a.email.as_deref().unwrap_or(""),
        status(&a),
        if disabled {
            ": it cannot sign in, and its sessions have ended"
        } else {
            ""
        }
    );
    Ok(())
}
