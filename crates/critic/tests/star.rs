//! The STAR part of each sentence, as the time a spoken answer spends in each is measured.

use tpmprep_critic::{Critic, Input};

fn critic() -> &'static Critic {
    static CRITIC: std::sync::OnceLock<Critic> = std::sync::OnceLock::new();
    CRITIC.get_or_init(|| Critic::new(&tpmprep_content::embedded_pack().expect("pack")))
}

fn parts(text: &str) -> Vec<(&'static str, String)> {
    let input = Input {
        text,
        question: None,
        facts: None,
        principles: &[],
    };
    critic()
        .star_parts(&input)
        .into_iter()
        .map(|s| (s.part, text.get(s.start..s.end).unwrap_or("").to_string()))
        .collect()
}

#[test]
fn labelled_answers_keep_their_labels() {
    let p = parts("S: Our payouts were late.\nA: I automated the review.\nR: Delays fell 60%.");
    let names: Vec<&str> = p.iter().map(|(p, _)| *p).collect();
    assert_eq!(names, ["situation", "action", "result"]);
}

#[test]
fn spoken_prose_is_read_by_its_signals() {
    let p = parts(
        "Last year our seller payouts were five days late. My task was to cut the delay from five days to two before peak season. I proposed an automated risk score and ran a shadow test with the fraud lead. Payout time fell from five days to 2.5 days. I learned to test with the skeptics.",
    );
    let names: Vec<&str> = p.iter().map(|(p, _)| *p).collect();
    assert_eq!(
        names,
        ["situation", "task", "action", "result", "lesson"],
        "{p:?}"
    );
}
