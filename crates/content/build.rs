//! Embeds every `.toml` and `.model` file of `content/amazon-tpm/` in the library: writes a list of
//! `(relative path, include_str!(absolute path))` pairs that `source.rs` includes.

use std::path::{Path, PathBuf};
use std::{env, fs};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "toml" || e == "model")
        {
            out.push(path);
        }
    }
}

fn main() {
    let manifest_dir =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let pack_dir = manifest_dir.join("../../content/amazon-tpm");
    println!("cargo:rerun-if-changed={}", pack_dir.display());
    let mut files = Vec::new();
    collect(&pack_dir, &mut files);
    files.sort();
    let mut code = String::from("&[\n");
    for file in &files {
        let rel = file
            .strip_prefix(&pack_dir)
            .expect("file is under the pack dir");
        let rel = rel.to_string_lossy().replace('\\', "/");
        let abs = fs::canonicalize(file).expect("pack file exists");
        code.push_str(&format!(
            "    ({rel:?}, include_str!({:?})),\n",
            abs.to_string_lossy()
        ));
    }
    code.push_str("]\n");
    let out =
        PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded_pack.rs");
    fs::write(out, code).expect("write embedded pack list");
}
