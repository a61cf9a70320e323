//! `tpmprep admin`: a server's accounts from the command line (whoever can run the binary against
//! the database is its operator). Invitations print a one-time link; nothing here shows or takes a
//! password.

use std::fmt::Write as _;

use anyhow::{Context, Result};
use tpmprep_app::accounts;
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
        };
        store.close().await;
        result
    })?
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
