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
