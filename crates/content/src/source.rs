//! Where pack files come from: the binary itself, or a folder on disk.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::PackError;

/// Largest pack file accepted, in bytes. Packs are hand-written TOML; anything bigger is a mistake.
pub const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;

/// Most files read from one pack folder.
pub const MAX_FILES: usize = 2_000;

/// One file of a pack: TOML, or a learned model (`.model`).
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the pack root, `/`-separated (e.g. `questions/technical.toml`).
    pub rel: String,
    /// Path shown in messages.
    pub display: String,
    /// The file's text.
    pub text: String,
}

/// The files of one pack, sorted by relative path.
#[derive(Debug, Clone)]
pub struct PackSource {
    /// Where the pack came from, for messages (a folder, or `embedded`).
    pub origin: String,
    /// Its TOML and model files.
    pub files: Vec<SourceFile>,
}

const EMBEDDED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/embedded_pack.rs"));

/// The id of the pack embedded in the binary.
pub const EMBEDDED_PACK_ID: &str = "amazon-tpm";

impl PackSource {
    /// The Amazon TPM pack compiled into the binary.
    pub fn embedded() -> PackSource {
        PackSource {
            origin: "embedded".to_string(),
            files: EMBEDDED
                .iter()
                .map(|(rel, text)| SourceFile {
                    rel: (*rel).to_string(),
                    display: format!("content/amazon-tpm/{rel}"),
                    text: (*text).to_string(),
                })
                .collect(),
        }
    }

    /// Every `.toml` and `.model` file under `dir` (recursively, hidden entries skipped), sorted by path.
    pub fn from_dir(dir: &Path) -> Result<PackSource, PackError> {
        let meta = fs::metadata(dir).map_err(|e| PackError::NotAPack {
            path: dir.to_path_buf(),
            reason: e.to_string(),
        })?;
        if !meta.is_dir() {
            return Err(PackError::NotAPack {
                path: dir.to_path_buf(),
                reason: "it is a file; give the folder that holds pack.toml".to_string(),
            });
        }
        let mut paths = Vec::new();
        walk(dir, &mut paths)?;
        paths.sort();
        let mut files = Vec::with_capacity(paths.len());
        for path in paths {
            let size = fs::metadata(&path)
                .map_err(|source| PackError::Io {
                    path: path.clone(),
                    source,
                })?
                .len();
            if size > MAX_FILE_BYTES {
                return Err(PackError::Invalid(vec![crate::Diagnostic {
                    file: path.display().to_string(),
                    line: 1,
                    field: "(file)".to_string(),
                    message: format!(
                        "file is {size} bytes; pack files are limited to {MAX_FILE_BYTES} bytes (5 MB)"
                    ),
                }]));
            }
            let bytes = fs::read(&path).map_err(|source| PackError::Io {
                path: path.clone(),
                source,
            })?;
            let text = String::from_utf8(bytes).map_err(|e| {
                PackError::Invalid(vec![crate::Diagnostic {
                    file: path.display().to_string(),
                    line: 1,
                    field: "(file)".to_string(),
                    message: format!("not valid UTF-8 (byte {})", e.utf8_error().valid_up_to()),
                }])
            })?;
            let rel = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            files.push(SourceFile {
                rel,
                display: path.display().to_string(),
                text,
            });
        }
        Ok(PackSource {
            origin: dir.display().to_string(),
            files,
        })
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), PackError> {
    let entries = fs::read_dir(dir).map_err(|source| PackError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| PackError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let file_type = entry.file_type().map_err(|source| PackError::Io {
            path: path.clone(),
            source,
        })?;
        if file_type.is_dir() {
            walk(&path, out)?;
        } else if path
            .extension()
            .is_some_and(|e| e == "toml" || e == "model")
        {
            out.push(path);
            if out.len() > MAX_FILES {
                return Err(PackError::NotAPack {
                    path: dir.to_path_buf(),
                    reason: format!("more than {MAX_FILES} pack files"),
                });
            }
        }
    }
    Ok(())
}
