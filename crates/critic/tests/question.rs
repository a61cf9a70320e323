//! Questions → principles and kind: every question, pack or free text, gets every principle ranked
//! (a pack question's own tags first) and a kind, with the shipped models and without them.

use tpmprep_content::{Pack, QUESTION_KINDS};
use tpmprep_critic::{Critic, Input, Question, QuestionView};

fn pack() -> Pack {
    tpmprep_content::embedded_pack().expect("pack")
}

fn view(c: &Critic, text: &str, tags: &[String]) -> QuestionView {
    c.critique(&Input {
        text: "I rolled the release back and wrote the post-mortem.",
        question: Some(Question {
            text,
            principles: tags,
            kind: "",
        }),
        ..Input::default()
    })
    .question
    .expect("a question was given")
}

fn ids(v: &QuestionView) -> Vec<&str> {
    v.principles.iter().map(|p| p.id.as_str()).collect()
}

fn assert_all_ranked(pack: &Pack, v: &QuestionView) {
    let mut got: Vec<&str> = ids(v);
    assert_eq!(got.len(), 16, "{got:?}");
    for w in v.principles.windows(2) {
        assert!(w[0].score >= w[1].score, "not ranked: {:?}", v.principles);
    }
    assert!(v.principles.iter().all(|p| (0.0..=1.0).contains(&p.score)));
    got.sort_unstable();
    let mut want: Vec<&str> = pack.principles.iter().map(|p| p.id.as_str()).collect();
    want.sort_unstable();
    assert_eq!(got, want);
    assert!(QUESTION_KINDS.contains(&v.kind.as_str()), "{}", v.kind);
    assert_eq!(v.kinds.first(), Some(&v.kind));
}

#[test]
fn a_free_text_question_gets_all_sixteen_principles_ranked_and_a_kind() {
    let pack = pack();
    let c = Critic::new(&pack);
    for q in [
        "Tell me about a time you earned the trust of a skeptical team.",
        "Tell me about a time you had to act quickly without all the data.",
        "time you failed",
        "Design a URL shortener for a billion links.",
        "",
        "zzzz qqqq",
    ] {
        assert_all_ranked(&pack, &view(&c, q, &[]));
    }
    let top3 = |q: &str| -> Vec<String> {
        ids(&view(&c, q, &[]))[..3]
            .iter()
            .map(|s| s.to_string())
            .collect()
    };
    let trust = top3("Tell me about a time you earned the trust of a skeptical team.");
    assert!(trust.contains(&"earn-trust".to_string()), "{trust:?}");
    let quick = top3("Tell me about a time you had to act quickly without all the data.");
    assert!(quick.contains(&"bias-for-action".to_string()), "{quick:?}");
    assert_eq!(
        view(&c, "Tell me about a time you failed.", &[]).kind,
        "failure"
    );
    assert_eq!(
        view(&c, "Design a URL shortener for a billion links.", &[]).kind,
        "design"
    );
}

#[test]
fn a_pack_questions_own_tags_stay_first_in_their_order() {
    let pack = pack();
    let c = Critic::new(&pack);
    let tags = vec!["frugality".to_string(), "dive-deep".to_string()];
    let v = view(
        &c,
        "Tell me about a time you earned the trust of a skeptical team.",
        &tags,
    );
    assert_all_ranked(&pack, &v);
    assert_eq!(&ids(&v)[..2], ["frugality", "dive-deep"]);
    assert!(v.principles[2].score < v.principles[1].score);
}

#[test]
fn without_models_the_cue_phrases_still_rank_every_principle() {
    let pack = pack();
    let c = Critic::from_parts(
        &pack.lexicon,
        pack.principles
            .iter()
            .map(|p| (p.id.as_str(), p.name.as_str(), p.cues.as_slice())),
    );
    let v = view(
        &c,
        "Tell me about a time you disagreed with your manager.",
        &[],
    );
    assert_all_ranked(&pack, &v);
    assert_eq!(v.kind, "disagreement");
}

#[test]
fn an_answer_gets_every_principle_ranked_best_first() {
    let pack = pack();
    let c = Critic::new(&pack);
    let r = c.critique(&Input {
        text: "I interviewed twelve sellers about the refund delays, read three hundred support \
               tickets, and worked backwards from their pain to a same-day payout that cut refund \
               complaints by 60%.",
        ..Input::default()
    });
    assert_eq!(r.principles.len(), 16);
    for w in r.principles.windows(2) {
        assert!(w[0].score >= w[1].score);
    }
    let top3: Vec<&str> = r.principles[..3].iter().map(|p| p.id.as_str()).collect();
    assert!(top3.contains(&"customer-obsession"), "{top3:?}");
}
