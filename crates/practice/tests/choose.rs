//! Question choice and story-reuse detection.

use std::collections::{HashMap, HashSet};

use tpmprep_content::Kind;
use tpmprep_practice::choose::{Choice, matching_story, questions, reuse_warning, similarity};

fn pack() -> tpmprep_content::Pack {
    tpmprep_content::embedded_pack().expect("pack")
}

#[test]
fn one_question_per_principle_weakest_first_in_the_right_kinds() {
    let pack = pack();
    let principles = vec![
        "ownership".to_string(),
        "frugality".to_string(),
        "earn-trust".to_string(),
    ];
    let weakness: HashMap<String, f64> =
        [("ownership", 0.1), ("frugality", 0.9), ("earn-trust", 0.5)]
            .iter()
            .map(|(k, v)| (k.to_string(), *v))
            .collect();
    let recent = HashSet::new();
    let c = Choice {
        principles: &principles,
        kinds: &[Kind::Behavioural],
        stage: "loop",
        weakness: &weakness,
        recent: &recent,
        seed: 4,
    };
    let qs = questions(&pack, &c, 3);
    assert_eq!(qs.len(), 3);
    assert!(qs.iter().all(|q| q.kind == Kind::Behavioural));
    assert_eq!(qs[0].principles[0], "frugality");
    assert_eq!(qs[1].principles[0], "earn-trust");
    assert_eq!(qs[2].principles[0], "ownership");
    let ids: HashSet<&str> = qs.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids.len(), 3, "distinct");
    assert_eq!(
        questions(&pack, &c, 3)
            .iter()
            .map(|q| &q.id)
            .collect::<Vec<_>>(),
        qs.iter().map(|q| &q.id).collect::<Vec<_>>()
    );
}

#[test]
fn recently_seen_questions_are_avoided_while_others_remain() {
    let pack = pack();
    let principles = vec!["dive-deep".to_string()];
    let weakness = HashMap::new();
    let all_dd: HashSet<String> = pack
        .questions
        .iter()
        .filter(|q| q.kind == Kind::Behavioural && q.principles[0] == "dive-deep")
        .map(|q| q.id.clone())
        .collect();
    // Everything but one dive-deep question was seen recently: that one must be chosen.
    let keep = all_dd.iter().min().expect("some").clone();
    let recent: HashSet<String> = all_dd.iter().filter(|id| **id != keep).cloned().collect();
    for seed in 0..10 {
        let c = Choice {
            principles: &principles,
            kinds: &[Kind::Behavioural],
            stage: "loop",
            weakness: &weakness,
            recent: &recent,
            seed,
        };
        assert_eq!(questions(&pack, &c, 1)[0].id, keep);
    }
}

#[test]
fn a_retold_story_is_recognised_and_reuse_warns_only_on_the_same_judgment() {
    let story = "Checkout latency doubled before the holiday sale. I split the fraud checks into an async path, \
                 ran a canary at five percent with a rollback switch, and p99 fell from 1.4 seconds to 480 ms.";
    let other = "Our vendor missed the SDK date by a month, so I negotiated a reduced first release with the \
                 mobile team and moved two features to the next quarter.";
    let answer = "So before the holiday sale checkout latency doubled. I split the fraud checks into an async \
                  path and ran a canary at five percent with a rollback switch; p99 fell from 1.4 seconds to 480 ms.";
    let stories = vec![(1, story.to_string()), (2, other.to_string())];
    let (id, sim) = matching_story(answer, &stories).expect("matched");
    assert_eq!(id, 1);
    assert!(sim > similarity(answer, other));
    assert!(
        matching_story(
            "A completely different answer about hiring an engineer for the data team.",
            &stories
        )
        .is_none()
    );
    assert!(reuse_warning("dive-deep", "dive-deep"));
    assert!(!reuse_warning(
        "dive-deep",
        "have-backbone-disagree-and-commit"
    ));
    assert_eq!(similarity("", story), 0.0);
}
