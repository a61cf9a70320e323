//! Configuration: defaults < config file < `TPMPREP_*` environment < command-line flags. Every
//! setting keeps where its value came from, for `tpmprep config`.
//!
//! The file is TOML at `<config dir>/config.toml` (XDG on Linux, via the `directories` crate):
//!
//! ```toml
//! base_pack = "amazon-tpm"   # which pack to use
//! format = "amazon-jobs"     # interview format for `process` (and mock interviews later)
//! packs = ["~/my-packs/extra-questions"]   # extra pack folders, besides <config dir>/packs/*
//! database_url = "postgres://me@localhost/tpmprep"   # where stories live (default: tpmprep.db)
//! db_pool_size = 20          # PostgreSQL connections each process opens at most (default 10)
//! ```

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

/// The web app's port when nothing sets one.
pub const DEFAULT_PORT: u16 = 7373;

/// Largest config file read, in bytes.
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// What the config file may hold.
#[derive(Debug, Default, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub base_pack: Option<String>,
    pub format: Option<String>,
    #[serde(default)]
    pub packs: Vec<PathBuf>,
    pub database_url: Option<String>,
    pub db_pool_size: Option<u32>,
}

/// Where a value came from, for `tpmprep config`.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// Nothing set it: the built-in default.
    Default,
    /// The config file.
    File,
    /// A `TPMPREP_*` environment variable.
    Env,
    /// A command-line flag.
    Flag,
}

impl Origin {
    /// How `tpmprep config` says it.
    pub fn label(self) -> &'static str {
        match self {
            Origin::Default => "default",
            Origin::File => "config file",
            Origin::Env => "environment",
            Origin::Flag => "flag",
        }
    }
}

/// A value and its origin.
#[derive(Debug, Clone, Serialize)]
pub struct Sourced<T> {
    pub value: T,
    pub from: Origin,
}

impl<T> Sourced<T> {
    fn map_value<U>(self, f: impl FnOnce(T) -> U) -> Sourced<U> {
        Sourced {
            value: f(self.value),
            from: self.from,
        }
    }
}

/// A `TPMPREP_*` variable, when set to something (an empty variable counts as unset).
fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// A flag beats the environment variable `env`, which beats the config file, which beats nothing.
fn pick(flag: Option<&str>, env: &str, file: &Option<String>) -> Sourced<Option<String>> {
    if let Some(v) = flag {
        return Sourced {
            value: Some(v.to_string()),
            from: Origin::Flag,
        };
    }
    if let Some(v) = env_var(env) {
        return Sourced {
            value: Some(v),
            from: Origin::Env,
        };
    }
    match file {
        Some(v) => Sourced {
            value: Some(v.clone()),
            from: Origin::File,
        },
        None => Sourced {
            value: None,
            from: Origin::Default,
        },
    }
}

/// One line of `tpmprep config`: a setting, its effective value, and what set it.
#[derive(Debug, Clone, Serialize)]
pub struct Setting {
    /// The setting's name (as the config file spells it, where the file can hold it).
    pub name: &'static str,
    /// The effective value; `None` when the default is "none" (no format: the pack's default).
    pub value: Option<String>,
    /// What set it.
    pub from: Origin,
    /// The flag, environment variable or file that set it; `None` for a default.
    pub via: Option<String>,
}

/// The effective configuration of this run.
#[derive(Debug, Clone, Serialize)]
pub struct Config {
    pub config_dir: PathBuf,
    pub config_file: PathBuf,
    pub config_file_exists: bool,
    pub user_packs_dir: PathBuf,
    pub base_pack: Sourced<String>,
    /// `None` means "the pack's default format".
    pub format: Sourced<Option<String>>,
    /// Extra pack folders from the config file, then `TPMPREP_PACKS`, then `--pack`.
    pub packs: Vec<PathBuf>,
    pub read_user_packs: bool,
    /// The data dir (`TPMPREP_DATA_DIR`, else the platform's, e.g. `~/.local/share/tpmprep`).
    pub data_dir: PathBuf,
    /// Where stories live: a URL, or `None` for `tpmprep.db` in the data dir.
    pub database: Sourced<Option<String>>,
    /// PostgreSQL connections this process opens at most (a SQLite file keeps its own pool).
    pub db_pool_size: Sourced<u32>,
    /// Every setting with its effective value and where it came from, in the order `config` prints.
    pub settings: Vec<Setting>,
}

/// The config dir: `TPMPREP_CONFIG_DIR`, else the platform's (e.g. `~/.config/tpmprep`).
pub fn config_dir() -> Result<Sourced<PathBuf>> {
    if let Some(dir) = std::env::var_os("TPMPREP_CONFIG_DIR").filter(|d| !d.is_empty()) {
        return Ok(Sourced {
            value: PathBuf::from(dir),
            from: Origin::Env,
        });
    }
    directories::ProjectDirs::from("", "", "tpmprep")
        .map(|p| Sourced {
            value: p.config_dir().to_path_buf(),
            from: Origin::Default,
        })
        .context("cannot find a home directory for the config dir; set TPMPREP_CONFIG_DIR")
}

fn read_file(path: &Path) -> Result<Option<FileConfig>> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    if meta.len() > MAX_CONFIG_BYTES {
        bail!(
            "{}: config file is {} bytes; the limit is {} (1 MB)",
            path.display(),
            crate::render::thousands(meta.len()),
            crate::render::thousands(MAX_CONFIG_BYTES)
        );
    }
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let parsed: FileConfig = toml::from_str(&text).map_err(|e| {
        let line = e
            .span()
            .map_or(1, |s| text[..s.start].matches('\n').count() + 1);
        anyhow::anyhow!(
            "{}:{line}: {} (valid keys: base_pack, format, packs, database_url, db_pool_size)",
            path.display(),
            e.message().trim()
        )
    })?;
    Ok(Some(parsed))
}

/// The data dir: `TPMPREP_DATA_DIR`, else the platform's (e.g. `~/.local/share/tpmprep`).
pub fn data_dir() -> Result<Sourced<PathBuf>> {
    if let Some(dir) = std::env::var_os("TPMPREP_DATA_DIR").filter(|d| !d.is_empty()) {
        return Ok(Sourced {
            value: PathBuf::from(dir),
            from: Origin::Env,
        });
    }
    directories::ProjectDirs::from("", "", "tpmprep")
        .map(|p| Sourced {
            value: p.data_dir().to_path_buf(),
            from: Origin::Default,
        })
        .context("cannot find a home directory for the data dir; set TPMPREP_DATA_DIR")
}

/// Inputs from command-line flags; `load` reads the `TPMPREP_*` environment itself, so it can say
/// which of the two set a value.
pub struct Overrides<'a> {
    pub config_file: Option<&'a Path>,
    pub base_pack: Option<&'a str>,
    pub format: Option<&'a str>,
    pub packs: &'a [PathBuf],
    pub no_user_packs: bool,
    pub database_url: Option<&'a str>,
    pub db_pool_size: Option<u32>,
}

/// Builds the effective configuration: defaults < config file < `TPMPREP_*` environment < flags.
pub fn load(o: Overrides<'_>) -> Result<Config> {
    let dir = config_dir()?;
    let env_file = env_var("TPMPREP_CONFIG").map(PathBuf::from);
    let (config_file, file_from) = match (o.config_file, env_file) {
        (Some(f), _) => (f.to_path_buf(), Origin::Flag),
        (None, Some(f)) => (f, Origin::Env),
        (None, None) => (dir.value.join("config.toml"), Origin::Default),
    };
    let explicit = file_from != Origin::Default;
    let file = read_file(&config_file)?;
    if explicit && file.is_none() {
        bail!("config file {} does not exist", config_file.display());
    }
    let exists = file.is_some();
    let file = file.unwrap_or_default();

    let base_pack = pick(o.base_pack, "TPMPREP_BASE_PACK", &file.base_pack)
        .map_value(|v| v.unwrap_or_else(|| tpmprep_content::EMBEDDED_PACK_ID.to_string()));
    let format = pick(o.format, "TPMPREP_FORMAT", &file.format);
    let database = pick(o.database_url, "TPMPREP_DATABASE_URL", &file.database_url);
    let db_pool_size = pool_size(o.db_pool_size, file.db_pool_size, &config_file)?;
    let base = config_file
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let file_label = config_file.display().to_string();
    let mut packs: Vec<(PathBuf, Origin, String)> = file
        .packs
        .iter()
        .map(|p| (expand(p, &base), Origin::File, file_label.clone()))
        .collect();
    if let Some(env) = std::env::var_os("TPMPREP_PACKS") {
        packs.extend(
            std::env::split_paths(&env)
                .filter(|p| !p.as_os_str().is_empty())
                .map(|p| (p, Origin::Env, "TPMPREP_PACKS".to_string())),
        );
    }
    packs.extend(
        o.packs
            .iter()
            .map(|p| (p.clone(), Origin::Flag, "--pack".to_string())),
    );
    let data_dir = data_dir()?;

    // What set each value, named: the flag, the variable or the file.
    let via = |from: Origin, flag: &str, env: &str| -> Option<String> {
        match from {
            Origin::Default => None,
            Origin::File => Some(file_label.clone()),
            Origin::Env => Some(env.to_string()),
            Origin::Flag => Some(flag.to_string()),
        }
    };
    let setting = |name, value: Option<String>, from, flag: &str, env: &str| Setting {
        name,
        value,
        from,
        via: via(from, flag, env),
    };
    let mut settings = vec![
        setting(
            "config_dir",
            Some(dir.value.display().to_string()),
            dir.from,
            "",
            "TPMPREP_CONFIG_DIR",
        ),
        setting(
            "config_file",
            Some(config_file.display().to_string()),
            file_from,
            "--config",
            "TPMPREP_CONFIG",
        ),
        setting(
            "base_pack",
            Some(base_pack.value.clone()),
            base_pack.from,
            "--base-pack",
            "TPMPREP_BASE_PACK",
        ),
        setting(
            "format",
            format.value.clone(),
            format.from,
            "--format",
            "TPMPREP_FORMAT",
        ),
    ];
    for (path, from, v) in &packs {
        settings.push(Setting {
            name: "packs",
            value: Some(path.display().to_string()),
            from: *from,
            via: Some(v.clone()),
        });
    }
    settings.push(Setting {
        name: "user_packs",
        value: Some(if o.no_user_packs {
            "not read".to_string()
        } else {
            dir.value.join("packs").display().to_string()
        }),
        from: if o.no_user_packs {
            Origin::Flag
        } else {
            dir.from
        },
        via: if o.no_user_packs {
            Some("--no-user-packs".into())
        } else {
            via(dir.from, "", "TPMPREP_CONFIG_DIR")
        },
    });
    settings.push(setting(
        "data_dir",
        Some(data_dir.value.display().to_string()),
        data_dir.from,
        "",
        "TPMPREP_DATA_DIR",
    ));
    settings.push(setting(
        "database_url",
        database.value.clone(),
        database.from,
        "--database-url",
        "TPMPREP_DATABASE_URL",
    ));
    settings.push(setting(
        "db_pool_size",
        Some(db_pool_size.value.to_string()),
        db_pool_size.from,
        "--db-pool-size",
        "TPMPREP_DB_POOL_SIZE",
    ));
    // The web app's port (`serve --port` beats it; `tpmprep` with no command reads it too).
    let port = env_var("TPMPREP_PORT");
    settings.push(setting(
        "port",
        Some(port.clone().unwrap_or_else(|| DEFAULT_PORT.to_string())),
        if port.is_some() {
            Origin::Env
        } else {
            Origin::Default
        },
        "--port",
        "TPMPREP_PORT",
    ));
    Ok(Config {
        data_dir: data_dir.value,
        database,
        db_pool_size,
        user_packs_dir: dir.value.join("packs"),
        config_dir: dir.value,
        config_file,
        config_file_exists: exists,
        base_pack,
        format,
        packs: packs.into_iter().map(|(p, _, _)| p).collect(),
        read_user_packs: !o.no_user_packs,
        settings,
    })
}

/// The PostgreSQL pool size: `--db-pool-size`, else `TPMPREP_DB_POOL_SIZE`, else the file's
/// `db_pool_size`, else [`tpmprep_store::PgStore::DEFAULT_MAX_CONNECTIONS`]; at least 1.
fn pool_size(flag: Option<u32>, file: Option<u32>, file_path: &Path) -> Result<Sourced<u32>> {
    let checked = |n: u32, what: &str| -> Result<u32> {
        if n == 0 {
            bail!("{what}: the pool needs at least one connection (got 0)");
        }
        Ok(n)
    };
    if let Some(n) = flag {
        return Ok(Sourced {
            value: checked(n, "--db-pool-size")?,
            from: Origin::Flag,
        });
    }
    if let Some(v) = env_var("TPMPREP_DB_POOL_SIZE") {
        let n: u32 = v.trim().parse().with_context(|| {
            format!("TPMPREP_DB_POOL_SIZE must be a whole number of connections, not `{v}`")
        })?;
        return Ok(Sourced {
            value: checked(n, "TPMPREP_DB_POOL_SIZE")?,
            from: Origin::Env,
        });
    }
    if let Some(n) = file {
        return Ok(Sourced {
            value: checked(n, &format!("{}: db_pool_size", file_path.display()))?,
            from: Origin::File,
        });
    }
    Ok(Sourced {
        value: tpmprep_store::PgStore::DEFAULT_MAX_CONNECTIONS,
        from: Origin::Default,
    })
}

/// `~/x` → home/x; a relative path in the config file is relative to the file's folder.
fn expand(p: &Path, base: &Path) -> PathBuf {
    if let Ok(rest) = p.strip_prefix("~") {
        if let Some(home) = directories::BaseDirs::new() {
            return home.home_dir().join(rest);
        }
    }
    if p.is_relative() {
        base.join(p)
    } else {
        p.to_path_buf()
    }
}
