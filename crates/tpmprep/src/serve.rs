//! `tpmprep serve` (and `tpmprep` with no command): the web app on the loopback interface.

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use tpmprep_store::{LOCAL_USER, Store};
use tpmprep_web::AppState;

use crate::cli::ServeArgs;
use crate::commands::load_pack;
use crate::config::Config;

/// Runs the server until Ctrl-C (or SIGTERM).
pub fn run(cfg: &Config, a: &ServeArgs) -> Result<ExitCode> {
    let pack = load_pack(cfg)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    rt.block_on(async {
        let postgres = cfg
            .database
            .value
            .as_deref()
            .is_some_and(|u| u.starts_with("postgres://") || u.starts_with("postgresql://"));
        let accounts = a.accounts || postgres;
        if !a.bind.is_loopback() && !accounts {
            anyhow::bail!(
                "refusing to serve on {} without accounts: anyone who can reach it would read and change your stories. Add --accounts (and invite people with `tpmprep admin invite`), or leave out --bind to serve on 127.0.0.1 only",
                a.bind
            );
        }
        let store: Arc<dyn Store> = Arc::from(crate::story::open(cfg).await?);
        for w in store.warnings().await {
            eprintln!("warning: {w}");
        }
        let listener = tokio::net::TcpListener::bind((a.bind, a.port))
            .await
            .with_context(|| {
                format!(
                    "cannot listen on {}:{} (is another tpmprep running? try --port 0 for a free port)",
                    a.bind, a.port
                )
            })?;
        let port = listener.local_addr()?.port();
        let shown = if a.bind.is_unspecified() {
            "127.0.0.1".to_string()
        } else if a.bind.is_ipv6() {
            format!("[{}]", a.bind)
        } else {
            a.bind.to_string()
        };
        let url = format!("http://{shown}:{port}/");
        // One write, and a closed stdout (a caller that read the URL and went away) does not stop
        // the server.
        let database = crate::story::database_label(cfg);
        let banner = if a.json {
            format!(
                "{}\n",
                serde_json::json!({ "url": url, "database": database })
            )
        } else {
            let cli = if a.by_default {
                "Everything is in the terminal too: `tpmprep --help` lists the commands.\n"
            } else {
                ""
            };
            format!("tpmprep is running at {url}\nData: {database}. Press Ctrl-C to stop.\n{cli}")
        };
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(banner.as_bytes()).and_then(|()| out.flush());
        drop(out);
        if a.open {
            open_browser(&url);
        }
        let state = if accounts {
            let mut hosts = vec![
                format!("127.0.0.1:{port}"),
                format!("localhost:{port}"),
                format!("[::1]:{port}"),
                format!("{shown}:{port}"),
            ];
            hosts.extend(a.public_hosts.iter().map(|h| h.trim().to_lowercase()));
            hosts.dedup();
            AppState::with_accounts(store.clone(), pack, hosts, a.behind_proxy)
        } else {
            AppState::new(store.clone(), pack, LOCAL_USER, port)
        };
        tpmprep_web::serve(listener, state, shutdown())
            .await
            .context("the web server stopped")?;
        store.close().await;
        Ok(ExitCode::SUCCESS)
    })
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(url).spawn() {
        eprintln!("could not open a browser ({opener}: {e}); open {url} yourself");
    }
}
