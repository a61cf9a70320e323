//! Learned models shipped as pack data (`models/*.model`): small linear classifiers trained offline
//! and read here as plain text, so the critic receives them as data and does no IO.
//!
//! The format (`docs/pack-format.md`, "Models"): a first line `tpmprep-model <format version>`, then
//! `key: value` header lines, a line `---`, and one line per feature: the feature, its inverse
//! document frequency and one weight per class, separated by tabs (weights by spaces).
//!
//! ```text
//! tpmprep-model 1
//! input: question
//! target: principle
//! tokenizer: stems-1-2
//! command: cargo run --release -p tpmprep-critic --example train
//! data-sha256: 0f3a…
//! data: 208 pack questions, 16 principle texts, 1040 labelled questions
//! classes: customer-obsession ownership …
//! bias: 0.1203 -0.0451 …
//! features: 2
//! ---
//! customer<TAB>2.3012<TAB>1.2031 -0.1022 …
//! work backward<TAB>4.1120<TAB>0.8810 -0.0120 …
//! ```

use std::fmt::Write as _;
use std::sync::Arc;

use crate::error::Diagnostic;

/// The model file format this build reads and writes.
pub const MODEL_FORMAT: u32 = 1;

/// The kinds a question can be, in the order the question-kind model lists them.
pub const QUESTION_KINDS: [&str; 8] = [
    "failure",
    "disagreement",
    "deadline",
    "customer",
    "design",
    "technical",
    "program-management",
    "general",
];

/// What a model's classes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The pack's principle ids.
    Principle,
    /// One of [`QUESTION_KINDS`].
    Kind,
    /// The critic's signal codes (`action`, `outcome-number` …) and `none`: what a sentence of an
    /// answer carries. Codes the critic does not know are ignored by it.
    Signal,
}

impl Target {
    fn parse(s: &str) -> Option<Target> {
        match s {
            "principle" => Some(Target::Principle),
            "kind" => Some(Target::Kind),
            "signal" => Some(Target::Signal),
            _ => None,
        }
    }
    /// Its name in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Principle => "principle",
            Target::Kind => "kind",
            Target::Signal => "signal",
        }
    }
}

/// A multinomial logistic regression over TF-IDF features: `score(c) = bias[c] + Σ x_f · w[f][c]`.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearModel {
    /// The file's stem: `question-principles` for `models/question-principles.model`.
    pub name: String,
    /// The file, as shown in messages.
    pub file: String,
    /// What it reads: `question` or `answer`.
    pub input: String,
    /// What its classes are.
    pub target: Target,
    /// How the text is turned into features (the critic uses a model only when it knows this).
    pub tokenizer: String,
    /// The command that wrote it.
    pub command: String,
    /// SHA-256 (hex) of the training data, as the training command computed it.
    pub data_sha256: String,
    /// What it was trained on, in words and counts.
    pub data: String,
    /// Class labels, in weight order.
    pub classes: Vec<String>,
    /// One bias per class.
    pub bias: Vec<f32>,
    /// The features (`stem` or `stem stem`), in file order.
    pub features: Vec<String>,
    /// Inverse document frequency of each feature.
    pub idf: Vec<f32>,
    /// `features.len() × classes.len()` weights, one row per feature.
    pub weights: Vec<f32>,
    /// Optional (header `gates:`, one per class, each in 0–1; empty when absent): for a
    /// `signal` model, how sure the model must be, as `p(class) / (p(class) + p(none))`, before a
    /// rule's reading of that signal in a sentence stands. Chosen by the training command on
    /// answers the model was not fitted on.
    pub gates: Vec<f32>,
    /// 1-based line of the `classes:` header, for diagnostics found after parsing.
    pub classes_line: usize,
}

impl LinearModel {
    /// The weights of feature `f`, one per class.
    pub fn row(&self, f: usize) -> &[f32] {
        let k = self.classes.len();
        self.weights.get(f * k..(f + 1) * k).unwrap_or(&[])
    }

    /// The model as file text (weights rounded to 4 decimals), the inverse of [`parse_model`].
    pub fn to_text(&self) -> String {
        let mut out = format!("tpmprep-model {MODEL_FORMAT}\n");
        let _ = writeln!(out, "input: {}", self.input);
        let _ = writeln!(out, "target: {}", self.target.as_str());
        let _ = writeln!(out, "tokenizer: {}", self.tokenizer);
        let _ = writeln!(out, "command: {}", self.command);
        let _ = writeln!(out, "data-sha256: {}", self.data_sha256);
        let _ = writeln!(out, "data: {}", self.data);
        let _ = writeln!(out, "classes: {}", self.classes.join(" "));
        let _ = writeln!(out, "bias: {}", numbers(&self.bias));
        if !self.gates.is_empty() {
            let _ = writeln!(out, "gates: {}", numbers(&self.gates));
        }
        let _ = writeln!(out, "features: {}", self.features.len());
        out.push_str("---\n");
        for (f, feature) in self.features.iter().enumerate() {
            let idf = self.idf.get(f).copied().unwrap_or(0.0);
            let _ = writeln!(out, "{feature}\t{}\t{}", round4(idf), numbers(self.row(f)));
        }
        out
    }
}

fn round4(x: f32) -> String {
    let r = (f64::from(x) * 10_000.0).round() / 10_000.0;
    // `-0` reads as noise in a diff.
    if r == 0.0 {
        "0".to_string()
    } else {
        format!("{r}")
    }
}

fn numbers(xs: &[f32]) -> String {
    xs.iter().map(|x| round4(*x)).collect::<Vec<_>>().join(" ")
}

/// The models of a pack, shared cheaply between clones of the pack.
pub type Models = Vec<Arc<LinearModel>>;

const HEADER: [&str; 10] = [
    "input",
    "target",
    "tokenizer",
    "command",
    "data-sha256",
    "data",
    "classes",
    "bias",
    "gates",
    "features",
];

/// Parses one model file. `name` is its stem, `file` how messages name it. Every problem is
/// returned, each with the file, its line and the header field or feature it is in.
pub fn parse_model(name: &str, file: &str, text: &str) -> Result<LinearModel, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let err = |problems: &mut Vec<Diagnostic>, line: usize, field: &str, message: String| {
        problems.push(Diagnostic {
            file: file.to_string(),
            line,
            field: field.to_string(),
            message,
        });
    };
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    match lines.next() {
        Some((_, first)) if first.trim_end().starts_with("tpmprep-model ") => {
            let version = first.trim_end()["tpmprep-model ".len()..].trim();
            match version.parse::<u32>() {
                Ok(MODEL_FORMAT) => {}
                Ok(v) if v > MODEL_FORMAT => {
                    err(
                        &mut problems,
                        1,
                        "(format)",
                        format!(
                            "model format {v} is newer than this tpmprep reads ({MODEL_FORMAT}); update tpmprep or retrain the model"
                        ),
                    );
                    return Err(problems);
                }
                _ => {
                    err(
                        &mut problems,
                        1,
                        "(format)",
                        format!(
                            "`{version}` is not a model format this tpmprep reads (it reads {MODEL_FORMAT})"
                        ),
                    );
                    return Err(problems);
                }
            }
        }
        _ => {
            err(
                &mut problems,
                1,
                "(format)",
                format!(
                    "a model file starts with the line `tpmprep-model {MODEL_FORMAT}`; this one does not"
                ),
            );
            return Err(problems);
        }
    }
    let mut header: Vec<(String, usize, String)> = Vec::new();
    let mut body_started = false;
    for (n, line) in lines.by_ref() {
        if line.trim() == "---" {
            body_started = true;
            break;
        }
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            err(
                &mut problems,
                n,
                "(header)",
                "a header line is `key: value`; this one has no colon".to_string(),
            );
            continue;
        };
        let key = key.trim();
        if !HEADER.contains(&key) {
            err(
                &mut problems,
                n,
                key,
                format!("unknown header field (known: {})", HEADER.join(", ")),
            );
            continue;
        }
        if header.iter().any(|(k, _, _)| k == key) {
            err(&mut problems, n, key, "given twice".to_string());
            continue;
        }
        header.push((key.to_string(), n, value.trim().to_string()));
    }
    if !body_started {
        err(
            &mut problems,
            text.lines().count().max(1),
            "(header)",
            "the header never ends: a line `---` must come before the features".to_string(),
        );
        return Err(problems);
    }
    let get = |key: &str, problems: &mut Vec<Diagnostic>| -> (usize, String) {
        match header.iter().find(|(k, _, _)| k == key) {
            Some((_, n, v)) => (*n, v.clone()),
            None => {
                err(problems, 1, key, "missing header field".to_string());
                (1, String::new())
            }
        }
    };
    let (n, input) = get("input", &mut problems);
    if !input.is_empty() && !["question", "answer", "sentence"].contains(&input.as_str()) {
        err(
            &mut problems,
            n,
            "input",
            format!("`{input}` is not an input; use `question`, `answer` or `sentence`"),
        );
    }
    let (target_line, target_text) = get("target", &mut problems);
    let target = Target::parse(&target_text);
    if target.is_none() && !target_text.is_empty() {
        err(
            &mut problems,
            target_line,
            "target",
            format!("`{target_text}` is not a target; use `principle`, `kind` or `signal`"),
        );
    }
    let (_, tokenizer) = get("tokenizer", &mut problems);
    let (_, command) = get("command", &mut problems);
    let (hash_line, data_sha256) = get("data-sha256", &mut problems);
    let hex64 = data_sha256.len() == 64 && data_sha256.bytes().all(|b| b.is_ascii_hexdigit());
    if !data_sha256.is_empty() && !hex64 {
        err(
            &mut problems,
            hash_line,
            "data-sha256",
            "not a SHA-256: 64 hexadecimal digits".to_string(),
        );
    }
    let (_, data) = get("data", &mut problems);
    let (classes_line, classes_text) = get("classes", &mut problems);
    let classes: Vec<String> = classes_text
        .split_whitespace()
        .map(str::to_string)
        .collect();
    if classes.len() < 2 && !classes_text.is_empty() {
        err(
            &mut problems,
            classes_line,
            "classes",
            "a model needs at least two classes".to_string(),
        );
    }
    for (i, c) in classes.iter().enumerate() {
        if classes[..i].contains(c) {
            err(
                &mut problems,
                classes_line,
                "classes",
                format!("`{c}` is listed twice"),
            );
        }
    }
    if target == Some(Target::Kind) {
        for c in &classes {
            if !QUESTION_KINDS.contains(&c.as_str()) {
                err(
                    &mut problems,
                    classes_line,
                    "classes",
                    format!(
                        "`{c}` is not a question kind (known: {})",
                        QUESTION_KINDS.join(", ")
                    ),
                );
            }
        }
    }
    let k = classes.len();
    let (bias_line, bias_text) = get("bias", &mut problems);
    let bias = match parse_numbers(&bias_text) {
        Some(b) if b.len() == k => b,
        Some(b) => {
            err(
                &mut problems,
                bias_line,
                "bias",
                format!("{} numbers for {k} classes", b.len()),
            );
            Vec::new()
        }
        None => {
            err(
                &mut problems,
                bias_line,
                "bias",
                "not a list of finite numbers".to_string(),
            );
            Vec::new()
        }
    };
    // Optional: absent means no gates.
    let gates = match header.iter().find(|(key, _, _)| key == "gates") {
        None => Vec::new(),
        Some((_, line, text)) => match parse_numbers(text) {
            Some(g) if g.len() == k && g.iter().all(|x| (0.0..=1.0).contains(x)) => g,
            Some(g) if g.len() != k => {
                err(
                    &mut problems,
                    *line,
                    "gates",
                    format!("{} numbers for {k} classes", g.len()),
                );
                Vec::new()
            }
            _ => {
                err(
                    &mut problems,
                    *line,
                    "gates",
                    "not a list of numbers from 0 to 1".to_string(),
                );
                Vec::new()
            }
        },
    };
    let (count_line, count_text) = get("features", &mut problems);
    let count = count_text.parse::<usize>().ok();
    if count.is_none() && !count_text.is_empty() {
        err(
            &mut problems,
            count_line,
            "features",
            format!("`{count_text}` is not a count"),
        );
    }
    let mut features = Vec::with_capacity(count.unwrap_or(0));
    let mut idf = Vec::with_capacity(count.unwrap_or(0));
    let mut weights = Vec::with_capacity(count.unwrap_or(0) * k);
    let mut seen = std::collections::HashSet::new();
    for (n, line) in lines {
        if line.is_empty() {
            continue;
        }
        if problems.len() >= 20 {
            break;
        }
        let mut parts = line.split('\t');
        let (Some(feature), Some(idf_text), Some(row), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            err(
                &mut problems,
                n,
                "(feature)",
                "a feature line is `feature<TAB>idf<TAB>weights`".to_string(),
            );
            continue;
        };
        let field = format!("feature[{feature}]");
        if feature.is_empty() || feature != feature.trim() || feature.contains("  ") {
            err(
                &mut problems,
                n,
                &field,
                "a feature is one or two words separated by one space".to_string(),
            );
            continue;
        }
        if !seen.insert(feature) {
            err(&mut problems, n, &field, "listed twice".to_string());
            continue;
        }
        match idf_text.parse::<f32>() {
            Ok(x) if x.is_finite() && x > 0.0 => idf.push(x),
            _ => {
                err(
                    &mut problems,
                    n,
                    &field,
                    format!("idf `{idf_text}` is not a positive number"),
                );
                continue;
            }
        }
        match parse_numbers(row) {
            Some(r) if r.len() == k => weights.extend(r),
            Some(r) => {
                err(
                    &mut problems,
                    n,
                    &field,
                    format!("{} weights for {k} classes", r.len()),
                );
                idf.pop();
                continue;
            }
            None => {
                err(
                    &mut problems,
                    n,
                    &field,
                    "weights are not all finite numbers".to_string(),
                );
                idf.pop();
                continue;
            }
        }
        features.push(feature.to_string());
    }
    if let Some(c) = count {
        if problems.is_empty() && c != features.len() {
            err(
                &mut problems,
                count_line,
                "features",
                format!(
                    "the header says {c} features and the file has {}",
                    features.len()
                ),
            );
        }
    }
    match target {
        Some(target) if problems.is_empty() => Ok(LinearModel {
            name: name.to_string(),
            file: file.to_string(),
            input,
            target,
            tokenizer,
            command,
            data_sha256,
            data,
            classes,
            bias,
            features,
            idf,
            weights,
            gates,
            classes_line,
        }),
        _ => Err(problems),
    }
}

fn parse_numbers(text: &str) -> Option<Vec<f32>> {
    text.split_whitespace()
        .map(|t| t.parse::<f32>().ok().filter(|x| x.is_finite()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> LinearModel {
        LinearModel {
            name: "m".into(),
            file: "models/m.model".into(),
            input: "question".into(),
            target: Target::Kind,
            tokenizer: "stems-1-2".into(),
            command: "train".into(),
            data_sha256: "0".repeat(64),
            data: "3 questions".into(),
            classes: vec!["failure".into(), "general".into()],
            bias: vec![0.5, -0.5],
            features: vec!["fail".into(), "time you".into()],
            idf: vec![1.5, 2.0],
            weights: vec![1.0, -1.0, 0.00004, 0.25],
            gates: Vec::new(),
            classes_line: 8,
        }
    }

    #[test]
    fn text_round_trips_with_four_decimals() {
        let m = sample();
        let text = m.to_text();
        let back = parse_model("m", "models/m.model", &text).expect("parses");
        assert_eq!(back.features, m.features);
        assert_eq!(back.weights, vec![1.0, -1.0, 0.0, 0.25]);
        assert_eq!(back.to_text(), text);
    }

    #[test]
    fn problems_name_line_and_field() {
        let text = sample()
            .to_text()
            .replace("classes: failure general", "classes: failure nonsense")
            .replace("fail\t1.5\t1 -1", "fail\t1.5\t1");
        let err = parse_model("m", "models/m.model", &text).expect_err("invalid");
        let shown: Vec<String> = err.iter().map(ToString::to_string).collect();
        assert!(
            shown
                .iter()
                .any(|d| d.starts_with("models/m.model:8: classes: `nonsense`")),
            "{shown:?}"
        );
        assert!(
            shown
                .iter()
                .any(|d| d.starts_with("models/m.model:12: feature[fail]: 1 weights")),
            "{shown:?}"
        );
    }

    #[test]
    fn gates_are_optional_round_trip_and_are_checked() {
        let mut m = sample();
        assert!(!m.to_text().contains("gates:"), "no gates, no line");
        m.gates = vec![0.25, 0.0];
        let text = m.to_text();
        let back = parse_model("m", "models/m.model", &text).expect("parses");
        assert_eq!(back.gates, vec![0.25, 0.0]);
        for (bad, says) in [
            ("gates: 0.25", "gates: 1 numbers for 2 classes"),
            (
                "gates: 0.25 1.5",
                "gates: not a list of numbers from 0 to 1",
            ),
            ("gates: 0.25 x", "gates: not a list of numbers from 0 to 1"),
        ] {
            let text = text.replace("gates: 0.25 0", bad);
            let err = parse_model("m", "models/m.model", &text).expect_err(bad);
            let shown: Vec<String> = err.iter().map(ToString::to_string).collect();
            assert!(
                shown
                    .iter()
                    .any(|d| d.starts_with(&format!("models/m.model:10: {says}"))),
                "{bad}: {shown:?}"
            );
        }
    }

    #[test]
    fn a_newer_format_is_named() {
        let err = parse_model("m", "f", "tpmprep-model 9\n").expect_err("newer");
        assert!(err[0].message.contains("newer"));
    }
}
