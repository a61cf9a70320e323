//! Configuration: defaults < config file < `TPMPREP_*` environment < command-line flags.
//!
//! The file is TOML at `<config dir>/config.toml` (XDG on Linux, via the `directories` crate):
//!
//! ```toml
//! base_pack = "amazon-tpm"   # which pack to use
//! format = "amazon-jobs"     # interview format for `process` (and mock interviews later)
//! packs = ["~/my-packs/extra-questions"]   # extra pack folders, besides <config dir>/packs/*
//! ```

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

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
}

/// Where a value came from, for `tpmprep config`.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    Default,
    File,
    EnvOrFlag,
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

/// A flag or environment value beats the config file, which beats nothing.
fn pick(flag: Option<&str>, file: &Option<String>) -> Sourced<Option<String>> {
    match (flag, file) {
        (Some(v), _) => Sourced {
            value: Some(v.to_string()),
            from: Origin::EnvOrFlag,
        },
        (None, Some(v)) => Sourced {
            value: Some(v.clone()),
            from: Origin::File,
        },
        (None, None) => Sourced {
            value: None,
            from: Origin::Default,
        },
    }
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
}

/// The config dir: `TPMPREP_CONFIG_DIR`, else the platform's (e.g. `~/.config/tpmprep`).
pub fn config_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("TPMPREP_CONFIG_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "tpmprep")
        .map(|p| p.config_dir().to_path_buf())
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
            "{}: config file is {} bytes; the limit is {MAX_CONFIG_BYTES}",
            path.display(),
            meta.len()
        );
    }
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let parsed: FileConfig = toml::from_str(&text).map_err(|e| {
        let line = e
            .span()
            .map_or(1, |s| text[..s.start].matches('\n').count() + 1);
        anyhow::anyhow!(
            "{}:{line}: {} (valid keys: base_pack, format, packs, database_url)",
            path.display(),
            e.message().trim()
        )
    })?;
    Ok(Some(parsed))
}

/// The data dir: `TPMPREP_DATA_DIR`, else the platform's (e.g. `~/.local/share/tpmprep`).
pub fn data_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("TPMPREP_DATA_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "tpmprep")
        .map(|p| p.data_dir().to_path_buf())
        .context("cannot find a home directory for the data dir; set TPMPREP_DATA_DIR")
}

/// Inputs from flags and the environment (clap has already merged `TPMPREP_*` into the flags).
pub struct Overrides<'a> {
    pub config_file: Option<&'a Path>,
    pub base_pack: Option<&'a str>,
    pub format: Option<&'a str>,
    pub packs: &'a [PathBuf],
    pub no_user_packs: bool,
    pub database_url: Option<&'a str>,
}

/// Builds the effective configuration.
pub fn load(o: Overrides<'_>) -> Result<Config> {
    let dir = config_dir()?;
    let explicit = o.config_file.is_some();
    let config_file = o
        .config_file
        .map(Path::to_path_buf)
        .unwrap_or_else(|| dir.join("config.toml"));
    let file = read_file(&config_file)?;
    if explicit && file.is_none() {
        bail!("config file {} does not exist", config_file.display());
    }
    let exists = file.is_some();
    let file = file.unwrap_or_default();

    let base_pack = pick(o.base_pack, &file.base_pack)
        .map_value(|v| v.unwrap_or_else(|| tpmprep_content::EMBEDDED_PACK_ID.to_string()));
    let format = pick(o.format, &file.format);
    let base = config_file
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let mut packs: Vec<PathBuf> = file.packs.iter().map(|p| expand(p, &base)).collect();
    if let Some(env) = std::env::var_os("TPMPREP_PACKS") {
        packs.extend(std::env::split_paths(&env).filter(|p| !p.as_os_str().is_empty()));
    }
    packs.extend(o.packs.iter().cloned());
    let database = pick(o.database_url, &file.database_url);
    Ok(Config {
        data_dir: data_dir()?,
        database,
        user_packs_dir: dir.join("packs"),
        config_dir: dir,
        config_file,
        config_file_exists: exists,
        base_pack,
        format,
        packs,
        read_user_packs: !o.no_user_packs,
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
