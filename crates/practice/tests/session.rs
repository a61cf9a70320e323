//! A whole mock driven through the state machine: prompts, saves, follow-ups within the time budget,
//! and the debrief's decision.

use std::collections::{HashMap, HashSet};

use tpmprep_content::Pack;
use tpmprep_critic::Critic;
use tpmprep_practice::choose::{Choice, questions};
use tpmprep_practice::session::{Effect, Prepared, Session};
use tpmprep_practice::{Decision, PlanInput, plan};

const WEAK: &str = "I was responsible for the project. We worked hard and it went well.";
const STRONG: &str = "Sellers were abandoning checkout at our peak sale because p99 latency had climbed to 1.4 \
seconds. I owned the recovery across the Payments, Fraud and Mobile teams. I traced the slow path with Priya, \
the payments engineering manager, and found two synchronous fraud calls. The fraud lead pushed back on making \
them asynchronous, so I proposed a canary at 5% with an automatic rollback plan, and he agreed. I decided to \
defer the saved-cards redesign by one sprint instead of asking for weekend work, which protected the team's \
on-call load. As a result, p99 fell from 1.4 s to 480 ms and abandonment dropped from 9% to 6% within two weeks. \
I wrote the post-mortem, and next time I would load-test the fraud path before the freeze. I learned to check \
staffing as well as dates. Customer tickets fell by half, and I handed the runbook to the on-call team.";

fn setup(format: &str, stage: &str, scale: f64) -> (Pack, Session, Vec<Effect>) {
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let principles: Vec<String> = pack.principles.iter().map(|p| p.id.clone()).collect();
    let weakness = HashMap::new();
    let f = pack.format(format).expect("format").clone();
    let p = plan(&PlanInput {
        format: &f,
        stage,
        principles: &principles,
        weakness: &weakness,
        minutes_scale: scale,
        seed: 3,
    })
    .expect("plan");
    let recent = HashSet::new();
    let prepared: Vec<Vec<Prepared>> = p
        .interviews
        .iter()
        .map(|iv| {
            let c = Choice {
                principles: &iv.principles,
                kinds: &iv.kinds,
                stage,
                weakness: &weakness,
                recent: &recent,
                seed: 3,
            };
            questions(&pack, &c, iv.principles.len())
                .into_iter()
                .zip(iv.principles.iter().cycle())
                .map(|(q, p)| Prepared {
                    question_id: q.id.clone(),
                    text: q.text.clone(),
                    principle: p.clone(),
                    principles: q.principles.clone(),
                })
                .collect()
        })
        .collect();
    let (s, effects) = Session::start(p, prepared, 3);
    (pack, s, effects)
}

/// Answers every prompt with `answer`, taking `seconds` each; returns every effect seen.
fn drive(
    pack: &Pack,
    s: &mut Session,
    first: Vec<Effect>,
    answer: &str,
    seconds: u32,
) -> Vec<Effect> {
    let critic = Critic::new(pack);
    let mut all = first;
    let mut guard = 0;
    while !s.finished() {
        guard += 1;
        assert!(guard < 500, "the mock must end");
        let effects = s.answer(answer, seconds, &critic, &pack.probes);
        assert!(
            matches!(effects.first(), Some(Effect::Save { .. })),
            "every answer is saved first"
        );
        all.extend(effects);
    }
    all
}

#[test]
fn a_weak_phone_screen_draws_follow_ups_and_a_no_hire() {
    let (pack, mut s, first) = setup("amazon-jobs", "phone-screen", 1.0);
    assert!(matches!(
        &first[0],
        Effect::Prompt {
            follow_up: false,
            seconds_left: 3600,
            ..
        }
    ));
    let all = drive(&pack, &mut s, first, WEAK, 60);
    let follow_ups: Vec<&str> = all
        .iter()
        .filter_map(|e| match e {
            Effect::Prompt {
                follow_up: true,
                text,
                ..
            } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert!(!follow_ups.is_empty(), "a weak answer is probed");
    let unique: HashSet<&&str> = follow_ups.iter().collect();
    assert_eq!(
        unique.len(),
        follow_ups.len(),
        "no follow-up asked twice in a mock"
    );
    assert_eq!(all.last(), Some(&Effect::Finished));
    let critic = Critic::new(&pack);
    let d = s.debrief(&critic);
    assert_eq!(d.decision, Decision::NoHire);
    for q in &d.interviews[0].questions {
        assert!(q.follow_ups.len() <= 2);
    }
    assert!(d.interviews[0].ratings.iter().all(|r| !r.reason.is_empty()));
}

#[test]
fn answers_that_use_up_the_time_leave_no_room_for_follow_ups() {
    // Scaled to 10%: a 55-minute interview lasts 330 s; each answer takes 200 s.
    let (pack, mut s, first) = setup("amazon-jobs", "loop", 0.1);
    let all = drive(&pack, &mut s, first, WEAK, 200);
    let mut per_interview: HashMap<usize, u32> = HashMap::new();
    for e in &all {
        if let Effect::Save {
            interview, seconds, ..
        } = e
        {
            *per_interview.entry(*interview).or_default() += seconds;
        }
        if let Effect::Prompt {
            follow_up: true,
            seconds_left,
            ..
        } = e
        {
            assert!(*seconds_left >= 45, "follow-ups only with time left");
        }
    }
    // Every interview was reached, and none ran more than one answer past its budget.
    assert_eq!(per_interview.len(), 5);
    for secs in per_interview.values() {
        assert!(*secs <= 330 + 200);
    }
}

#[test]
fn strong_answers_raise_the_ratings() {
    let (pack, mut weak_s, first) = setup("amazon-jobs", "phone-screen", 1.0);
    drive(&pack, &mut weak_s, first, WEAK, 60);
    let (pack2, mut strong_s, first2) = setup("amazon-jobs", "phone-screen", 1.0);
    drive(&pack2, &mut strong_s, first2, STRONG, 120);
    let critic = Critic::new(&pack);
    let rank = |d: &tpmprep_practice::session::Debrief| -> u32 {
        d.interviews
            .iter()
            .flat_map(|i| &i.ratings)
            .map(|r| r.rating as u32)
            .sum()
    };
    assert!(rank(&strong_s.debrief(&critic)) > rank(&weak_s.debrief(&critic)));
}
