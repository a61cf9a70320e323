//! The shipped models are not stale: each model file's header records the SHA-256 of the data it was
//! trained on, and that must be the SHA-256 of what the training recipe reads today. When this fails,
//! retrain: `cargo run --release -p tpmprep-critic --example train`.

#[path = "../examples/eval/data.rs"]
mod data;

#[test]
fn every_shipped_model_was_trained_on_the_data_as_it_is_now() {
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let dir = data::data_dir();
    let questions = data::questions(&dir).expect("labelled questions");
    let answers = data::answers(&dir).expect("graded answers");
    assert!(!pack.models.is_empty(), "the pack ships models");
    for m in &pack.models {
        let (items, account) = data::training_items(&m.name, &pack, &questions, &answers)
            .unwrap_or_else(|| panic!("{}: no training recipe for this model", m.file));
        assert_eq!(
            m.data_sha256,
            data::sha256(&items),
            "{} is stale: the data changed since it was trained; run \
             `cargo run --release -p tpmprep-critic --example train`",
            m.file
        );
        assert_eq!(m.data, account, "{}", m.file);
    }
}

#[test]
fn the_split_is_fixed() {
    // FNV-1a 64 of the normalised text, mod 10: these never move.
    use data::{Split, normalise, split};
    assert_eq!(
        normalise("  Tell ME\n about\ta time  "),
        "tell me about a time"
    );
    assert_eq!(split("Tell me about a time you failed."), Split::Train); // 3
    assert_eq!(split("tell me  about a time you FAILED."), Split::Train);
    assert_eq!(
        split("Tell me about a time you disagreed with your manager."),
        Split::Test
    ); // 8
    assert_eq!(split("What is your greatest weakness?"), Split::Test); // 9
    let counts = (0..1000).fold([0usize; 3], |mut c, i| {
        match split(&format!("question number {i}")) {
            Split::Train => c[0] += 1,
            Split::Dev => c[1] += 1,
            Split::Test => c[2] += 1,
        }
        c
    });
    assert!(
        counts[0] > 600 && counts[1] > 60 && counts[2] > 150,
        "{counts:?}"
    );
}

#[path = "../examples/eval/recipe.rs"]
mod recipe;

/// The critic scores a sentence from its own tokens; training reads the same sentence as text
/// (`Critic::sentence_documents`). The two must agree: for every signal two or more sentences carry,
/// the sentence the critic quotes is the one the model, reading the training text, finds likeliest.
/// An answer's text with its question, as the eval reads it (no principles, no kind given).
fn input_of<'a>(text: &'a str, question: &'a str) -> tpmprep_critic::Input<'a> {
    tpmprep_critic::Input {
        text,
        question: Some(tpmprep_critic::Question {
            text: question,
            principles: &[],
            kind: "",
        }),
        ..tpmprep_critic::Input::default()
    }
}

#[test]
fn the_sentence_quoted_is_the_one_the_model_reading_the_training_text_prefers() {
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let model = pack
        .model(tpmprep_critic::SENTENCE_SIGNALS)
        .expect("the pack ships the sentence model");
    let critic = tpmprep_critic::Critic::new(&pack);
    let answers = data::answers(&data::data_dir()).expect("graded answers");
    let mut checked = 0;
    for a in answers.iter().take(120) {
        let text = a.plain();
        let input = input_of(&text, &a.question);
        let c = critic.critique(&input);
        let docs = critic.sentence_documents(&input);
        for (k, class) in model.classes.iter().enumerate() {
            let carriers: Vec<_> = c.signals.iter().filter(|s| s.signal == class).collect();
            if carriers.len() < 2 {
                continue;
            }
            let p = |s: &tpmprep_critic::SignalSpan| {
                docs.iter()
                    .find(|(start, end, _)| *start == s.start && *end == s.end)
                    .map(|(_, _, d)| recipe::predict(model, d)[k])
                    .expect("every carrying sentence has a document")
            };
            let best = carriers
                .iter()
                .fold(None::<(&tpmprep_critic::SignalSpan, f64)>, |b, s| {
                    let ps = p(s);
                    match b {
                        Some((_, pb)) if pb >= ps - 1e-9 => b,
                        _ => Some((s, ps)),
                    }
                })
                .map(|(s, _)| s.start);
            let quoted = carriers.iter().find(|s| s.quoted).map(|s| s.start);
            assert_eq!(quoted, best, "{}: {class}", a.id);
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} contested signals checked");
}

/// The sentence model's gates clear signals the model doubts; they never make the critic say a
/// signal is missing that the rules read. Against the same critic with the gates removed, every
/// signal claimed with gates is claimed without them, and every finding with gates that says a
/// signal is missing (a Miss or Warning) is also given without them.
#[test]
fn gates_only_withdraw_claims_and_never_add_a_missing_finding() {
    use std::sync::Arc;
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let model = pack
        .model(tpmprep_critic::SENTENCE_SIGNALS)
        .expect("the pack ships the sentence model");
    assert!(
        model.gates.iter().any(|g| *g > 0.0),
        "the shipped sentence model has gates"
    );
    let mut open = (*model).clone();
    open.gates.clear();
    let mut ungated = pack.clone();
    ungated
        .models
        .retain(|m| m.name != tpmprep_critic::SENTENCE_SIGNALS);
    ungated.models.push(Arc::new(open));
    let gated = tpmprep_critic::Critic::new(&pack);
    let plain = tpmprep_critic::Critic::new(&ungated);
    let answers = data::answers(&data::data_dir()).expect("graded answers");
    let mut withdrawn = 0;
    for a in &answers {
        let text = a.plain();
        let input = input_of(&text, &a.question);
        let g = gated.critique(&input);
        let p = plain.critique(&input);
        for s in &g.signals {
            assert!(
                p.signals
                    .iter()
                    .any(|t| t.signal == s.signal && t.start == s.start),
                "{}: {} claimed only with gates",
                a.id,
                s.signal
            );
        }
        withdrawn += p.signals.len() - g.signals.len();
        // Findings about one signal (a judgment such as "little evidence of Earn Trust" may
        // rightly change when a doubted signal no longer counts).
        for f in g.findings.iter().filter(|f| {
            matches!(
                f.severity,
                tpmprep_critic::Severity::Miss | tpmprep_critic::Severity::Warn
            ) && (tpmprep_critic::calibration::MARKED_SIGNALS.contains(&f.signal)
                || f.signal == "action-share")
        }) {
            assert!(
                p.findings
                    .iter()
                    .any(|h| h.signal == f.signal && h.dimension == f.dimension),
                "{}: `{}` is said only with gates: {}",
                a.id,
                f.signal,
                f.message
            );
        }
    }
    assert!(withdrawn > 20, "only {withdrawn} claims withdrawn");
}
