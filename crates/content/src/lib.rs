/*!
Knowledge packs for tpmprep.

A pack is a folder of TOML files describing one company's interview: principles, process and formats,
competencies, the question bank, system-design prompts, weak → strong examples and questions to ask
(format: `docs/pack-format.md`). The Amazon TPM pack (`content/amazon-tpm/`) is compiled into this
crate; user packs are read from folders and either extend a pack (overlay) or stand alone.

Loading is all-or-nothing. Every file is parsed, overlays are merged, then every rule is checked; any
problem yields [`PackError::Invalid`] with one [`Diagnostic`] per problem, each naming file, line and
field, and no part of the pack is returned.

```
let pack = tpmprep_content::Catalog::embedded()?.resolve("amazon-tpm")?;
assert_eq!(pack.principles.len(), 16);
# Ok::<(), tpmprep_content::PackError>(())
```

Invariant: this crate does no IO except reading pack folders it is handed, and knows nothing of the
CLI, storage or the web.
*/
#![deny(missing_docs)]

mod error;
mod learned;
mod model;
mod parse;
mod report_words;
pub mod search;
mod source;
mod validate;
mod writing;

use std::path::Path;

pub use error::{Diagnostic, PackError};
pub use learned::{LinearModel, MODEL_FORMAT, Models, QUESTION_KINDS, Target, parse_model};
pub use model::*;
pub use report_words::ReportWords;
pub use source::{EMBEDDED_PACK_ID, MAX_FILE_BYTES, PackSource, SourceFile};
pub use validate::MergeReport;
pub use writing::{NarrativeLexicon, WRITING_ID_PREFIX, WRITING_KINDS, WritingPrompt};

use parse::RawPack;

/// The packs known to one run: the embedded pack plus any user packs, parsed but not yet merged.
#[derive(Debug, Clone)]
pub struct Catalog {
    packs: Vec<RawPack>,
}

/// What `pack check` found in a valid pack.
#[derive(Debug, Clone)]
pub struct CheckReport {
    /// The checked pack's id.
    pub id: String,
    /// For overlays, the pack it extends.
    pub extends: Option<String>,
    /// What the overlay added and replaced (empty for a standalone pack).
    pub merge: MergeReport,
    /// The merged, validated pack.
    pub pack: Pack,
}

impl Catalog {
    /// A catalog holding only the embedded Amazon TPM pack.
    pub fn embedded() -> Result<Catalog, PackError> {
        Ok(Catalog {
            packs: vec![parse_checked(&PackSource::embedded())?],
        })
    }

    /// Adds a pack read from `dir`. The pack is parsed now; errors leave the catalog unchanged.
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), PackError> {
        self.add_source(&PackSource::from_dir(dir)?)
    }

    /// Adds a pack from already-read files.
    pub fn add_source(&mut self, source: &PackSource) -> Result<(), PackError> {
        let raw = parse_checked(source)?;
        let Some(manifest) = raw.manifest.as_ref() else {
            return Err(missing_manifest(&source.origin));
        };
        if self
            .packs
            .iter()
            .any(|p| manifest_id(p) == manifest.item.id)
        {
            return Err(PackError::Invalid(vec![Diagnostic {
                file: manifest.loc.file.to_string(),
                line: manifest.loc.line_of("id"),
                field: "pack.id".to_string(),
                message: format!(
                    "a pack with id `{}` is already loaded; give this pack its own id (to change that pack, add `extends = \"{}\"`)",
                    manifest.item.id, manifest.item.id
                ),
            }]));
        }
        self.packs.push(raw);
        Ok(())
    }

    /// Ids of the standalone (non-overlay) packs.
    pub fn base_ids(&self) -> Vec<String> {
        self.packs
            .iter()
            .filter_map(|p| p.manifest.as_ref())
            .filter(|m| m.item.extends.is_none())
            .map(|m| m.item.id.clone())
            .collect()
    }

    /// The base pack `id` with every overlay that extends it merged in (in the order added), validated.
    pub fn resolve(&self, id: &str) -> Result<Pack, PackError> {
        let (base, overlays) = self.base_and_overlays(id)?;
        merge_and_validate(base.clone(), &overlays)
    }

    /// Like [`Catalog::resolve`], consuming the catalog so the base pack is not copied.
    pub fn into_resolved(mut self, id: &str) -> Result<Pack, PackError> {
        let index = self
            .packs
            .iter()
            .position(|p| is_base(p, id))
            .ok_or_else(|| self.unknown(id))?;
        let base = self.packs.swap_remove(index);
        let overlays: Vec<&RawPack> = self.packs.iter().filter(|p| extends(p, id)).collect();
        merge_and_validate(base, &overlays)
    }

    /// Checks the pack in `dir` on its own terms: a standalone pack is validated alone; an overlay is
    /// merged onto its base (from this catalog) and the result validated.
    pub fn check_dir(&self, dir: &Path) -> Result<CheckReport, PackError> {
        let source = PackSource::from_dir(dir)?;
        let raw = parse::parse_pack(&source).map_err(PackError::Invalid)?;
        // Duplicates are reported together with every other problem, not one batch at a time.
        let dups = validate::duplicates(&raw);
        let with_dups = |e: PackError| match e {
            PackError::Invalid(mut d) => {
                let mut all = dups.clone();
                all.append(&mut d);
                validate::sort(&mut all);
                PackError::Invalid(all)
            }
            other => other,
        };
        let fail_on_dups = |r: Result<CheckReport, PackError>| match r {
            Ok(_) if !dups.is_empty() => Err(PackError::Invalid(dups.clone())),
            Ok(report) => Ok(report),
            Err(e) => Err(with_dups(e)),
        };
        let Some(manifest) = raw.manifest.as_ref() else {
            return Err(missing_manifest(&source.origin));
        };
        let id = manifest.item.id.clone();
        match manifest.item.extends.clone() {
            None => fail_on_dups(
                validate::validate(raw.clone(), Vec::new())
                    .map_err(PackError::Invalid)
                    .map(|pack| CheckReport {
                        id,
                        extends: None,
                        merge: MergeReport::default(),
                        pack,
                    }),
            ),
            Some(base_id) => {
                let (base, overlays) = self.base_and_overlays(&base_id).map_err(|e| match e {
                    PackError::UnknownPack { available, .. } => {
                        PackError::Invalid(vec![Diagnostic {
                            file: manifest.loc.file.to_string(),
                            line: manifest.loc.line_of("extends"),
                            field: "pack.extends".to_string(),
                            message: format!(
                                "no pack with id `{base_id}` to extend (available: {available})"
                            ),
                        }])
                    }
                    other => other,
                })?;
                let mut merged = base.clone();
                let mut names = Vec::new();
                // Other overlays already installed apply first, unless they are this very pack.
                for overlay in overlays.into_iter().filter(|o| manifest_id(o) != id) {
                    validate::merge(&mut merged, overlay);
                    names.push(manifest_id(overlay));
                }
                let report = validate::merge(&mut merged, &raw);
                names.push(id.clone());
                fail_on_dups(
                    validate::validate(merged, names)
                        .map_err(PackError::Invalid)
                        .map(|pack| CheckReport {
                            id,
                            extends: Some(base_id),
                            merge: report,
                            pack,
                        }),
                )
            }
        }
    }

    fn unknown(&self, id: &str) -> PackError {
        PackError::UnknownPack {
            id: id.to_string(),
            available: self.base_ids().join(", "),
        }
    }

    fn base_and_overlays(&self, id: &str) -> Result<(&RawPack, Vec<&RawPack>), PackError> {
        let base = self
            .packs
            .iter()
            .find(|p| is_base(p, id))
            .ok_or_else(|| self.unknown(id))?;
        let overlays = self.packs.iter().filter(|p| extends(p, id)).collect();
        Ok((base, overlays))
    }
}

fn is_base(raw: &RawPack, id: &str) -> bool {
    raw.manifest
        .as_ref()
        .is_some_and(|m| m.item.id == id && m.item.extends.is_none())
}

fn extends(raw: &RawPack, id: &str) -> bool {
    raw.manifest
        .as_ref()
        .is_some_and(|m| m.item.extends.as_deref() == Some(id))
}

fn merge_and_validate(mut base: RawPack, overlays: &[&RawPack]) -> Result<Pack, PackError> {
    let mut names = Vec::new();
    for overlay in overlays {
        validate::merge(&mut base, overlay);
        names.push(manifest_id(overlay));
    }
    validate::validate(base, names).map_err(PackError::Invalid)
}

fn missing_manifest(origin: &str) -> PackError {
    PackError::Invalid(vec![Diagnostic {
        file: format!("{origin}/pack.toml"),
        line: 1,
        field: "(file)".to_string(),
        message: "missing manifest: a pack folder needs pack.toml with `id` (and `extends` for an overlay)"
            .to_string(),
    }])
}

fn manifest_id(raw: &RawPack) -> String {
    raw.manifest
        .as_ref()
        .map(|m| m.item.id.clone())
        .unwrap_or_default()
}

/// Parses a pack and checks it for duplicate ids within itself.
fn parse_checked(source: &PackSource) -> Result<RawPack, PackError> {
    let raw = parse::parse_pack(source).map_err(PackError::Invalid)?;
    let dups = validate::duplicates(&raw);
    if !dups.is_empty() {
        return Err(PackError::Invalid(dups));
    }
    Ok(raw)
}

/// Parses, merges nothing, and validates one pack from its files: the check used by tests.
pub fn load_standalone(source: &PackSource) -> Result<Pack, PackError> {
    let raw = parse_checked(source)?;
    validate::validate(raw, Vec::new()).map_err(PackError::Invalid)
}

/// The embedded Amazon TPM pack, validated.
pub fn embedded_pack() -> Result<Pack, PackError> {
    load_standalone(&PackSource::embedded())
}
