//! A whole mock driven through the state machine: prompts, saves, follow-ups within the time budget,
//! and the debrief's decision.

use std::collections::{HashMap, HashSet};

use tpmprep_content::Pack;
use tpmprep_critic::Critic;
use tpmprep_practice::session::{Effect, SavedAnswer, Session, Setup, prepare};
use tpmprep_practice::{Decision, PlanInput, plan, principle_traits};

const WEAK: &str = "I was responsible for the project. We worked hard and it went well.";
const STRONG: &str = "Sellers were abandoning checkout at our peak sale because p99 latency had climbed to 1.4 \
seconds. I owned the recovery across the Payments, Fraud and Mobile teams. I traced the slow path with Priya, \
the payments engineering manager, and found two synchronous fraud calls. The fraud lead pushed back on making \
them asynchronous, so I proposed a canary at 5% with an automatic rollback plan, and he agreed. I decided to \
defer the saved-cards redesign by one sprint instead of asking for weekend work, which protected the team's \
on-call load. As a result, p99 fell from 1.4 s to 480 ms and abandonment dropped from 9% to 6% within two weeks. \
I wrote the post-mortem, and next time I would load-test the fraud path before the freeze. I learned to check \
staffing as well as dates. Customer tickets fell by half, and I handed the runbook to the on-call team.";

/// Other strong answers, each a different story, for mocks that must not repeat an answer.
const STRONG_OTHERS: [&str; 3] = [
    "Our warehouse scanners lost 6% of scans every night because the sync job timed out after the \
     2 a.m. batch. I owned the fix across the Fulfilment, Devices and Network teams. I sat with \
     Marta, the devices lead, through two night shifts and found the job retried every failure at \
     once. The network team wanted a bigger link; I proposed backoff with jitter first because it \
     cost nothing, and Marta agreed after a one-night trial. I chose to delay the label redesign by \
     two weeks so her engineers were not split. Lost scans fell from 6% to 0.4% in a month and \
     pickers stopped re-scanning about 3,000 parcels a night. I wrote the runbook and the alarm.",
    "Sellers in Brazil waited 11 days for payouts because every refund went through manual review. \
     I led the program with Finance, Risk and the Payments platform team. I pulled 400 reviewed \
     cases with Jonas, the risk analyst, and saw that 92% were under 50 dollars and never rejected. \
     Finance disagreed with skipping review, so I proposed an auto-approve limit of 50 dollars with \
     a weekly sample audit, and the controller signed off. I gave up the dashboard work that \
     quarter to staff it. Payout time fell from 11 days to 3, seller contacts dropped by 38%, and \
     the audit found two errors in six months. Next time I would bring Finance in at the start.",
    "Our mobile release train slipped four times in a row because one flaky test suite blocked \
     every build. I took ownership of the release process for the Android, iOS and QA teams. I \
     measured each suite with Chen, the QA manager, and found 37 tests failing without any code \
     change. The iOS lead argued for deleting them; I decided to quarantine them with an owner and \
     a two-week deadline instead, so coverage was not lost. I moved one sprint of the settings \
     redesign to pay for it. Release slips went from four in a row to none in the next six trains, \
     build time fell from 52 to 31 minutes, and I now review the quarantine list every Friday.",
];

fn setup(format: &str, stage: &str, scale: f64) -> (Pack, Session, Vec<Effect>) {
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let principles: Vec<String> = pack.principles.iter().map(|p| p.id.clone()).collect();
    let weakness = HashMap::new();
    let f = pack.format(format).expect("format").clone();
    let (always, design) = principle_traits(&pack);
    let p = plan(&PlanInput {
        format: &f,
        stage,
        principles: &principles,
        weakness: &weakness,
        minutes_scale: scale,
        seed: 3,
        always: &always,
        design: &design,
    })
    .expect("plan");
    let prepared = prepare(&pack, &p, &weakness, &HashSet::new(), 3);
    let (s, effects) = Session::start(p, prepared, 3);
    let s = s.with_deflections(pack.deflections.clone());
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
        let effects = s.answer(answer, seconds, None, &critic, &pack.probes);
        assert!(
            matches!(effects.first(), Some(Effect::Save { .. })),
            "every answer is saved first"
        );
        all.extend(effects);
    }
    all
}

/// Answers the first question with `answer`, the next ones with other strong stories, and every
/// follow-up with a reply of its own that answers it (first person, specific, never the same
/// words twice); returns every effect seen.
fn drive_fresh(
    pack: &Pack,
    s: &mut Session,
    first: Vec<Effect>,
    answer: &str,
    seconds: u32,
) -> Vec<Effect> {
    let critic = Critic::new(pack);
    let mut all = first;
    let mut n = 0;
    let mut firsts = 0;
    while let Some(cur) = s.current() {
        n += 1;
        assert!(n < 500, "the mock must end");
        let text = if cur.follow_up {
            follow_reply(n)
        } else {
            // The first question gets `answer`; the rest a different story each.
            let k = firsts;
            firsts += 1;
            match k {
                0 => answer.to_string(),
                k => STRONG_OTHERS[(k - 1) % STRONG_OTHERS.len()].to_string(),
            }
        };
        all.extend(s.answer(&text, seconds, None, &critic, &pack.probes));
    }
    all
}

/// A substantive follow-up reply, different for each `n`.
fn follow_reply(n: usize) -> String {
    format!(
        "I asked {n} engineers from squad {n} for their view, then I moved the launch by {n} days \
         and cut {n} reports."
    )
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
        // Two follow-ups at most, each of which may be asked again once after a dodged or
        // repeated reply.
        let fresh = q
            .follow_ups
            .iter()
            .filter(|f| !f.probe_id.starts_with("pressed"))
            .count();
        assert!(
            fresh <= 2 && q.follow_ups.len() <= 2 * fresh,
            "{:#?}",
            q.follow_ups
        );
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
            .map(|r| r.rating.map_or(0, |r| r as u32 + 1))
            .sum()
    };
    assert!(rank(&strong_s.debrief(&critic)) > rank(&weak_s.debrief(&critic)));
}

/// Runs a mock answering every prompt with `answer` and returns the saves as `SavedAnswer`s.
fn saves_of(effects: &[Effect]) -> Vec<SavedAnswer> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Save {
                interview,
                question,
                follow_up,
                answer,
                seconds,
            } => Some(SavedAnswer {
                interview: *interview,
                question: *question,
                follow_up: *follow_up,
                answer: answer.clone(),
                seconds: *seconds,
                story: None,
            }),
            _ => None,
        })
        .collect()
}

fn setup_of(pack: &Pack, format: &str, stage: &str, scale: f64) -> Setup {
    setup_seeded(pack, format, stage, scale, 11)
}

fn setup_seeded(pack: &Pack, format: &str, stage: &str, scale: f64, seed: u64) -> Setup {
    let principles: Vec<String> = pack.principles.iter().map(|p| p.id.clone()).collect();
    let weakness = HashMap::new();
    let f = pack.format(format).expect("format").clone();
    let (always, design) = principle_traits(pack);
    let p = plan(&PlanInput {
        format: &f,
        stage,
        principles: &principles,
        weakness: &weakness,
        minutes_scale: scale,
        seed,
        always: &always,
        design: &design,
    })
    .expect("plan");
    Setup {
        kind: "loop".into(),
        questions: prepare(pack, &p, &weakness, &HashSet::new(), seed),
        plan: p,
        probes: pack.probes.clone(),
        seed,
        minutes_scale: scale,
        principles: Vec::new(),
        interviews: None,
        deflections: pack.deflections.clone(),
    }
}

#[test]
fn a_replay_of_the_first_answers_stands_where_the_live_mock_stood() {
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let critic = Critic::new(&pack);
    let setup = setup_of(&pack, "amazon-jobs", "loop", 0.5);
    let (mut live, first) = Session::from_setup(&setup);
    let mut all = first;
    for k in 0..7 {
        let text = if k % 2 == 0 { WEAK } else { STRONG };
        all.extend(live.answer(text, 50 + k, None, &critic, &setup.probes));
    }
    let saved = saves_of(&all);
    assert_eq!(saved.len(), 7);
    let replayed = Session::replay(&setup, &saved, &critic).expect("replay");
    assert_eq!(replayed.current(), live.current(), "same next prompt");
    assert_eq!(
        replayed.used_seconds(),
        live.used_seconds(),
        "clock where it stopped"
    );
    assert_eq!(replayed.debrief(&critic), live.debrief(&critic));

    // An answer saved against the wrong question is refused, not silently replayed.
    let mut broken = saved.clone();
    broken[1].question += 5;
    broken[1].follow_up = None;
    assert!(Session::replay(&setup, &broken, &critic).is_err());
}

#[test]
fn every_planned_principle_gets_its_own_question_and_the_designer_a_design_question() {
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let setup = setup_of(&pack, "amazon-jobs", "loop", 1.0);
    let mut ids = HashSet::new();
    for (iv, qs) in setup.plan.interviews.iter().zip(&setup.questions) {
        let labelled: Vec<&String> = qs.iter().map(|q| &q.principle).collect();
        assert_eq!(labelled.len(), iv.principles.len(), "{}", iv.id);
        for p in &iv.principles {
            assert!(labelled.contains(&p), "{} has a question for {p}", iv.id);
        }
        if iv.system_design {
            assert!(
                qs[0].question_id.starts_with("sd-"),
                "{}",
                qs[0].question_id
            );
        }
        for q in qs {
            assert!(
                ids.insert(q.question_id.clone()),
                "{} asked twice",
                q.question_id
            );
        }
    }
}

#[test]
fn a_story_told_again_on_the_same_judgment_draws_the_interviewer_remark() {
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let critic = Critic::new(&pack);
    let setup = setup_of(&pack, "amazon-jobs", "loop", 1.0);
    let (mut s, _) = Session::from_setup(&setup);
    let retold_texts: Vec<&str> = pack
        .probes
        .iter()
        .filter(|p| p.gap == "retold")
        .map(|p| p.text.as_str())
        .collect();
    assert!(!retold_texts.is_empty());

    // First telling of story 7: no remark.
    let e = s.answer(STRONG, 90, Some(7), &critic, &setup.probes);
    let first_prompt = e.iter().find_map(|e| match e {
        Effect::Prompt { text, .. } => Some(text.clone()),
        _ => None,
    });
    assert!(!retold_texts.contains(&first_prompt.as_deref().unwrap_or("")));
    // Skip to the next first question.
    let mut n = 0;
    while s.current().is_some_and(|c| c.follow_up) {
        n += 1;
        s.answer(&follow_reply(n), 30, None, &critic, &setup.probes);
    }
    // Second telling, same story told in fewer words (not a repeat of the answer), so the same
    // judgment: the remark comes next.
    let retelling: String = STRONG.split_inclusive(". ").take(6).collect();
    let e = s.answer(&retelling, 90, Some(7), &critic, &setup.probes);
    let next = e.iter().find_map(|e| match e {
        Effect::Prompt {
            text, follow_up, ..
        } => Some((text.clone(), *follow_up)),
        _ => None,
    });
    let (text, follow_up) = next.expect("a prompt");
    assert!(follow_up);
    assert!(retold_texts.contains(&text.as_str()), "{text}");

    // A different story does not draw it.
    while s.current().is_some_and(|c| c.follow_up) {
        n += 1;
        s.answer(&follow_reply(n), 30, None, &critic, &setup.probes);
    }
    let e = s.answer(STRONG, 90, Some(8), &critic, &setup.probes);
    for e in &e {
        if let Effect::Prompt { text, .. } = e {
            assert!(!retold_texts.contains(&text.as_str()));
        }
    }
    let d = s.debrief(&critic);
    let retold: Vec<_> = d
        .interviews
        .iter()
        .flat_map(|i| &i.questions)
        .filter(|q| q.retold.is_some())
        .collect();
    assert_eq!(retold.len(), 1);
    assert_eq!(retold[0].story, Some(7));
}

#[test]
fn the_debrief_names_three_distinct_changes_blocking_ratings_first() {
    let (pack, mut s, _) = setup("amazon-jobs", "loop", 1.0);
    let critic = Critic::new(&pack);
    // A different weak answer to every question (no repeats), and a different reply to every
    // follow-up.
    let topics = [
        "the billing migration",
        "a vendor switch",
        "the mobile release",
        "our data platform",
        "a pricing change",
        "the warehouse rollout",
        "an API deprecation",
        "the support tooling",
    ];
    let mut n = 0;
    while let Some(cur) = s.current() {
        n += 1;
        assert!(n < 500, "the mock must end");
        let text = if cur.follow_up {
            follow_reply(n)
        } else {
            let t = topics[n % topics.len()];
            format!(
                "I was responsible for {t} in year {n}. Everyone pitched in on {t}, it went fine."
            )
        };
        s.answer(&text, 60, None, &critic, &pack.probes);
    }
    let d = s.debrief(&critic);
    assert_eq!(d.changes.len(), 3);
    let worst = d
        .interviews
        .iter()
        .flat_map(|i| &i.ratings)
        .filter_map(|r| r.rating)
        .min()
        .expect("ratings");
    assert_eq!(
        d.changes[0].rating,
        Some(worst),
        "the most blocking rating comes first"
    );
    let texts: HashSet<&String> = d.changes.iter().map(|c| &c.text).collect();
    assert_eq!(texts.len(), 3);
    // Each change opens with the principle's name, as a person reads it (not its id).
    for c in &d.changes {
        let name = critic
            .principle_name(&c.principle)
            .expect("a pack principle");
        assert_ne!(name, c.principle);
        assert!(c.text.starts_with(&format!("{name} (")), "{}", c.text);
    }
    // The weak answer is quoted back.
    assert!(
        d.changes.iter().any(|c| c.text.contains("You said: \"")),
        "{:#?}",
        d.changes
    );
}

#[test]
fn trend_reads_the_direction_and_weakness_mixes_stories_and_ratings() {
    use tpmprep_practice::Rating;
    use tpmprep_practice::trend::{Direction, Observed, trend, weakness};
    let ps: Vec<String> = ["ownership", "bias-for-action", "frugality"]
        .map(String::from)
        .to_vec();
    let o = |mock, p: &str, rating| Observed {
        mock,
        principle: p.into(),
        rating,
    };
    let observed = vec![
        o(1, "ownership", Rating::NoHire),
        o(2, "ownership", Rating::Hire),
        o(2, "ownership", Rating::StrongNoHire),
        o(3, "ownership", Rating::Hire),
        o(1, "bias-for-action", Rating::StrongHire),
        o(3, "bias-for-action", Rating::Hire),
    ];
    let t = trend(&ps, &observed);
    assert_eq!(
        t[0].ratings,
        vec![
            (1, Rating::NoHire),
            (2, Rating::StrongNoHire),
            (3, Rating::Hire)
        ]
    );
    assert_eq!(t[0].direction, Direction::Up);
    assert_eq!(t[1].direction, Direction::Down);
    assert_eq!(t[2].direction, Direction::New);
    assert_eq!(t[2].latest, None);
    let stories = HashMap::from([("ownership".to_string(), 2), ("frugality".to_string(), 1)]);
    let w = weakness(&ps, &stories, &t);
    assert_eq!(w["ownership"], 0.125);
    assert_eq!(w["bias-for-action"], 0.625);
    assert_eq!(w["frugality"], 0.75);
}

#[test]
fn two_follow_ups_on_one_question_probe_different_gaps_and_blank_answers_are_not_probed() {
    let (pack, mut s, first) = setup("amazon-jobs", "phone-screen", 1.0);
    let all = drive(&pack, &mut s, first, WEAK, 30);
    let d = s.debrief(&Critic::new(&pack));
    let mut pairs = 0;
    for q in d.interviews.iter().flat_map(|i| &i.questions) {
        // A follow-up asked again after a dodged reply keeps its gap; the fresh ones differ.
        let fresh: Vec<_> = q
            .follow_ups
            .iter()
            .filter(|f| !f.probe_id.starts_with("pressed"))
            .collect();
        if let [a, b] = fresh.as_slice() {
            pairs += 1;
            assert_ne!(a.gap, b.gap, "{a:?} / {b:?}");
        }
    }
    assert!(pairs > 0, "a weak answer draws two follow-ups somewhere");
    assert_eq!(all.last(), Some(&Effect::Finished));

    let (pack, mut s, first) = setup("amazon-jobs", "phone-screen", 1.0);
    let all = drive(&pack, &mut s, first, "   ", 30);
    assert!(
        !all.iter().any(|e| matches!(
            e,
            Effect::Prompt {
                follow_up: true,
                ..
            }
        )),
        "blank answers are not probed"
    );
}

/// Ending a mock early leaves what it never reached not assessed: no rating, no vote either way, no
/// change about time; a principle the interview's time ran out on is not assessed either, with the
/// advice to keep answers short. (A trial read "No Hire · not assessed: the interview ran out of
/// time" for principles of interviews the candidate ended or never started.)
#[test]
fn a_mock_ended_early_leaves_what_it_never_reached_not_assessed() {
    // 10%: each 55-minute interview lasts 330 s and assesses three principles.
    let (pack, mut s, _) = setup("amazon-jobs", "loop", 0.1);
    let critic = Critic::new(&pack);
    // Interview 1's first answer uses up its time; interview 2 is ended at its first question.
    s.answer(STRONG, 330, None, &critic, &pack.probes);
    assert_eq!(s.current().map(|c| c.interview), Some(1));
    let d = s.debrief(&critic);
    let ended = d
        .ended_early
        .as_deref()
        .expect("the debrief says it ended early");
    assert!(
        ended.starts_with("You ended the mock during interview 2 of 5")
            && ended.contains("interviews 3 to 5 (3) were not started"),
        "{ended}"
    );
    let first = &d.interviews[0].ratings;
    assert!(first[0].rating.is_some(), "the answered principle is rated");
    for r in &first[1..] {
        assert_eq!(r.rating, None);
        assert_eq!(
            r.reason,
            "not assessed: the interview ran out of time before this question"
        );
    }
    assert_eq!(
        d.interviews[1].ratings[0].reason,
        "not assessed: you ended the mock before answering this question"
    );
    for iv in &d.interviews[1..] {
        for r in &iv.ratings {
            assert_eq!(r.rating, None, "{}: {}", r.principle, r.reason);
            assert!(r.reason.contains("you ended the mock"), "{}", r.reason);
        }
    }
    // Only the principles time ran out on draw advice about time.
    let time: Vec<&str> = d
        .changes
        .iter()
        .filter(|c| c.text.contains("ran out of time"))
        .map(|c| c.principle.as_str())
        .collect();
    assert!(
        time.iter()
            .all(|p| first[1..].iter().any(|r| r.principle == *p))
    );
    assert!(
        d.changes.iter().all(|c| c.interview == 0),
        "{:#?}",
        d.changes
    );
    // The decision rests on the one interviewer who rated something. If that alone would hire,
    // the mock heard too little for a hire and says so; otherwise the rest count neither way.
    let unrated = d
        .interviews
        .iter()
        .flat_map(|iv| &iv.ratings)
        .filter(|r| r.rating.is_none())
        .count();
    let too_little = d.reason.starts_with("you ended the mock with 1 of ")
        && d.reason.contains("too few to recommend a hire")
        && d.reason
            .contains("interviewer 1, the only one who assessed anything, is inclined to hire")
        && d.decision == Decision::NoHire;
    let neither_way = d
        .reason
        .starts_with("interviewer 1, the only one who assessed anything, is")
        && d.reason.ends_with(&format!(
            "; the {unrated} principles not assessed count neither way"
        ));
    assert!(too_little || neither_way, "{}", d.reason);
    // As JSON, a principle never asked is `not-assessed`, and reads back the same.
    let json = serde_json::to_value(&d).expect("json");
    assert_eq!(
        json["interviews"][2]["ratings"][0]["rating"],
        "not-assessed"
    );
    let back: tpmprep_practice::session::Debrief = serde_json::from_value(json).expect("read back");
    assert_eq!(back, d);
}

/// A rating of Hire or better gives what earned it, not a gap (a trial read Ownership "Hire" with
/// "A failure question needs you to own the mistake, and this answer does not").
#[test]
fn a_hire_rating_gives_what_earned_it_and_a_lower_one_its_gap() {
    let (pack, mut s, first) = setup("amazon-jobs", "phone-screen", 1.0);
    drive_fresh(&pack, &mut s, first, STRONG, 120);
    let critic = Critic::new(&pack);
    let d = s.debrief(&critic);
    let mut hires = 0;
    for iv in &d.interviews {
        for r in &iv.ratings {
            let Some(rating) = r.rating else { continue };
            if rating >= tpmprep_practice::Rating::Hire {
                hires += 1;
                assert!(r.reason.starts_with("scored "), "{}", r.reason);
                assert!(r.reason.contains('"'), "quotes the answer: {}", r.reason);
                for f in ["No ", "needs you to", "does not", "has no"] {
                    assert!(!r.reason.contains(f), "{rating:?} with a gap: {}", r.reason);
                }
            }
        }
    }
    assert!(hires > 0, "{d:#?}");
    let (pack, mut s, first) = setup("amazon-jobs", "phone-screen", 1.0);
    drive(&pack, &mut s, first, WEAK, 60);
    let d = s.debrief(&critic);
    let r = &d.interviews[0].ratings[0];
    assert!(r.rating < Some(tpmprep_practice::Rating::Hire));
    assert!(!r.reason.starts_with("scored "), "{}", r.reason);
}

/// The question's critique reads the follow-up answers with the first one: a follow-up asking what
/// was given up, answered, removes "No trade-off" (a trial saw it beside a follow-up answering
/// exactly that).
#[test]
fn a_follow_up_answering_its_gap_removes_that_gap_from_the_critique() {
    use tpmprep_practice::session::{Asked, FollowUpRecord, Prepared, exchange_critique};
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let critic = Critic::new(&pack);
    let main = "Checkout errors doubled before the holiday sale. I decided to add a canary stage \
        to every release so a bad build reached one server first.";
    let mut asked = Asked {
        question: Prepared {
            question_id: "q".into(),
            text: "Tell me about a time you had to deliver under a tight deadline.".into(),
            principle: "deliver-results".into(),
            principles: vec!["deliver-results".into()],
            kind: Some(tpmprep_content::Kind::Behavioural),
        },
        answer: main.into(),
        seconds: 60,
        follow_ups: Vec::new(),
        score: 0,
        story: None,
        retold: None,
        repeat_of: None,
        repeat_remark: None,
    };
    let (_, before) = exchange_critique(&asked, &critic, &pack.deflections);
    assert!(
        before.findings.iter().any(|f| f.signal == "trade-off"),
        "{:#?}",
        before.findings
    );
    let follow = "I cut the saved-cards redesign by one sprint to free two engineers.";
    asked.follow_ups.push(FollowUpRecord {
        probe_id: "trade-off-gave-up".into(),
        text: "What did you give up to get there?".into(),
        answer: follow.into(),
        gap: "trade-off".into(),
        repeat_of: None,
    });
    let (text, after) = exchange_critique(&asked, &critic, &pack.deflections);
    assert!(
        !after.findings.iter().any(|f| f.signal == "trade-off"),
        "{:#?}",
        after.findings
    );
    // Every quote is a real sentence of one of the answers.
    for f in &after.findings {
        if !f.quote.is_empty() {
            assert!(
                main.contains(&f.quote) || follow.contains(&f.quote),
                "{}",
                f.quote
            );
            assert_eq!(&text[f.start..f.end], f.quote);
        }
    }
}

/// Issue 12 (second trial): the three-part phone screen's parts are one hiring manager's, yet its
/// debrief said "3 of 3 interviewers inclined to hire" or "interviewer 1 rated a principle Strong No
/// Hire". Its decision speaks of the interviewer, as a one-part phone screen's does.
#[test]
fn a_three_part_phone_screen_is_decided_as_one_interviewer() {
    for answer in [WEAK, STRONG] {
        let (pack, mut s, first) = setup("three-part-phone-screen", "phone-screen", 0.2);
        assert!(s.plan().interviews.len() > 1, "the format has parts");
        drive(&pack, &mut s, first, answer, 30);
        let d = s.debrief(&Critic::new(&pack));
        assert!(
            d.reason.starts_with("the interviewer "),
            "{answer:.20}: {}",
            d.reason
        );
        assert!(!d.reason.contains("interviewers"), "{}", d.reason);
    }
}

/// Prompts of follow-ups among `effects`.
fn follow_up_prompts(effects: &[Effect]) -> Vec<String> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Prompt {
                follow_up: true,
                text,
                ..
            } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

/// Issue 13: one story pasted as five answers, with "I would ask the team." to every follow-up, got
/// Hire; the same non-bank answer given five times was never noticed. Each repeat is remarked on
/// when it is given, counted in the debrief with the answer it repeats, and earns no Hire.
#[test]
fn the_same_answer_pasted_five_times_is_remarked_on_counted_and_earns_no_hire() {
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let critic = Critic::new(&pack);
    let setup = setup_seeded(&pack, "amazon-jobs", "loop", 1.0, 1);
    let (mut s, _) = Session::from_setup(&setup);
    let mut firsts = 0;
    let mut remarks = Vec::new();
    while let Some(cur) = s.current() {
        if !cur.follow_up && firsts == 5 {
            break;
        }
        let text = if cur.follow_up {
            "I would ask the team."
        } else {
            firsts += 1;
            STRONG
        };
        let e = s.answer(text, 90, None, &critic, &setup.probes);
        if !cur.follow_up {
            remarks.extend(follow_up_prompts(&e).into_iter().take(1));
        }
    }
    assert_eq!(firsts, 5);
    // Said when it happens: the interviewer's next words after each repeat name it.
    let repeated = remarks
        .iter()
        .filter(|r| r.contains("same answer") || r.contains("heard these words"))
        .count();
    assert_eq!(repeated, 4, "{remarks:#?}");
    assert!(
        remarks.iter().all(|r| !r.contains("{principle}")),
        "{remarks:#?}"
    );
    let d = s.debrief(&critic);
    assert_eq!(d.repeats.len(), 4, "{:#?}", d.repeats);
    for r in &d.repeats {
        assert_eq!(
            (r.of.interview, r.of.question, r.of.follow_up),
            (0, 0, None)
        );
        assert!(r.similarity >= 0.8);
        assert!(
            r.text
                .ends_with("repeats your answer to interview 1, question 1."),
            "{}",
            r.text
        );
    }
    // No repeated answer earns a Hire for the principle it was reused for.
    let mut held = 0;
    for iv in &d.interviews {
        for q in iv.questions.iter().filter(|q| q.repeat_of.is_some()) {
            let r = iv
                .ratings
                .iter()
                .find(|r| r.principle == q.question.principle)
                .expect("rated");
            assert!(r.rating <= Some(tpmprep_practice::Rating::NoHire), "{r:?}");
            assert!(r.reason.contains("repeats your answer to"), "{}", r.reason);
            held += 1;
        }
    }
    assert_eq!(held, 4);
}

/// The trial, whole: the same strong story to every question and "I would ask the team."
/// to every follow-up is not a Hire.
#[test]
fn one_story_everywhere_and_deflected_follow_ups_is_no_hire() {
    let (pack, mut s, _) = setup("amazon-jobs", "phone-screen", 1.0);
    let critic = Critic::new(&pack);
    while let Some(cur) = s.current() {
        let text = if cur.follow_up {
            "I would ask the team."
        } else {
            STRONG
        };
        s.answer(text, 90, None, &critic, &pack.probes);
    }
    let d = s.debrief(&critic);
    assert_eq!(d.decision, Decision::NoHire, "{}", d.reason);
    assert!(!d.repeats.is_empty());
}

/// A follow-up answered with a deflection ("I would ask the team.", "Not sure.") counts against the
/// principle its question probes: the rating is lower than with real answers, and says why. (A
/// follow-up of eight words or more used to clear its gap, whatever it said.)
#[test]
fn a_deflected_follow_up_counts_against_the_principle() {
    let (pack, mut real, first) = setup("amazon-jobs", "phone-screen", 1.0);
    drive_fresh(&pack, &mut real, first, STRONG, 90);
    let critic = Critic::new(&pack);
    let (_, mut dodged, _) = setup("amazon-jobs", "phone-screen", 1.0);
    let mut firsts = 0;
    while let Some(cur) = dodged.current() {
        let text = if cur.follow_up {
            "I'm not sure, I would ask the team about that one.".to_string()
        } else {
            firsts += 1;
            match firsts {
                1 => STRONG.to_string(),
                k => STRONG_OTHERS[(k - 2) % STRONG_OTHERS.len()].to_string(),
            }
        };
        dodged.answer(&text, 90, None, &critic, &pack.probes);
    }
    let rank = |d: &tpmprep_practice::session::Debrief| -> Vec<Option<tpmprep_practice::Rating>> {
        d.interviews
            .iter()
            .flat_map(|i| &i.ratings)
            .map(|r| r.rating)
            .collect()
    };
    let (a, b) = (real.debrief(&critic), dodged.debrief(&critic));
    let (ra, rb) = (rank(&a), rank(&b));
    assert!(ra.iter().zip(&rb).all(|(x, y)| y <= x), "{ra:?} / {rb:?}");
    assert!(ra.iter().zip(&rb).any(|(x, y)| y < x), "{ra:?} / {rb:?}");
    let reasons: Vec<&str> = b
        .interviews
        .iter()
        .flat_map(|i| &i.ratings)
        .map(|r| r.reason.as_str())
        .collect();
    assert!(
        reasons.iter().any(|r| r.contains(
            "got no real answer (\"I'm not sure, I would ask the team about that one.\")"
        )),
        "{reasons:#?}"
    );
}

/// A system-design or technical question gets design follow-ups (what breaks at ten times the load,
/// how you would know it is failing …), never a behavioural one such as "How many teams did you
/// bring along?"; a behavioural question never gets a design follow-up.
#[test]
fn design_questions_get_design_follow_ups_and_only_they_do() {
    use tpmprep_content::DESIGN_GAPS;
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let mut design_probed = 0;
    for (format, stage) in [
        ("amazon-jobs", "loop"),
        ("amazon-jobs", "phone-screen"),
        ("three-part-phone-screen", "phone-screen"),
    ] {
        for seed in 1..=3 {
            let setup = setup_seeded(&pack, format, stage, 1.0, seed);
            let (mut s, first) = Session::from_setup(&setup);
            drive_fresh(&pack, &mut s, first, WEAK, 60);
            let d = s.debrief(&Critic::new(&pack));
            for q in d.interviews.iter().flat_map(|i| &i.questions) {
                for f in &q.follow_ups {
                    if matches!(f.gap.as_str(), "repeated" | "retold") {
                        continue;
                    }
                    let design = DESIGN_GAPS.contains(&f.gap.as_str());
                    assert_eq!(
                        design,
                        q.question.is_design(),
                        "{}: {} ({})",
                        q.question.question_id,
                        f.text,
                        f.gap
                    );
                    if q.question.is_design() {
                        assert!(!f.text.contains("How many teams"), "{}", f.text);
                    }
                    design_probed += usize::from(design);
                }
            }
        }
    }
    assert!(design_probed > 0, "some design answer was probed");
}

/// Every question is labelled with a principle it probes (one of its own tags), and a design or
/// technical question only with a principle a design answer can show: a design question tagged
/// dive-deep, are-right-a-lot and ownership once rated Customer Obsession "Hire".
#[test]
fn every_question_rates_only_a_principle_it_probes() {
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let (_, design) = principle_traits(&pack);
    for format in &pack.formats {
        for stage in ["phone-screen", "loop"] {
            if !format.interviews.iter().any(|i| i.stage == stage) {
                continue;
            }
            for seed in 1..=10 {
                let setup = setup_seeded(&pack, &format.id, stage, 1.0, seed);
                for (iv, qs) in setup.plan.interviews.iter().zip(&setup.questions) {
                    for q in qs {
                        // The design interviewer is given a principle its question can rate.
                        assert!(!q.principle.is_empty(), "{}", q.question_id);
                        assert!(q.probes(&q.principle), "{}: {}", q.question_id, q.principle);
                        assert!(iv.principles.contains(&q.principle));
                        if q.is_design() {
                            assert!(design.contains(&q.principle), "{}", q.question_id);
                        }
                    }
                }
            }
        }
    }
}

/// A principle whose question does not probe it (a mock saved before questions were matched to
/// their principles: a design question labelled Customer Obsession) is not assessed, with the
/// reason, and counts neither way.
#[test]
fn a_principle_with_no_probing_question_is_not_assessed() {
    use tpmprep_practice::session::Prepared;
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let critic = Critic::new(&pack);
    let mut setup = setup_seeded(&pack, "amazon-jobs", "phone-screen", 1.0, 2);
    let q = pack
        .question("sd-defend-your-hardest-system")
        .expect("a design question");
    assert!(!q.principles.iter().any(|p| p == "customer-obsession"));
    setup.plan.interviews[0].principles = vec!["customer-obsession".into()];
    setup.questions = vec![vec![Prepared {
        question_id: q.id.clone(),
        text: q.text.clone(),
        principle: "customer-obsession".into(),
        principles: q.principles.clone(),
        kind: None,
    }]];
    let (mut s, _) = Session::from_setup(&setup);
    while s.current().is_some() {
        s.answer(STRONG, 60, None, &critic, &setup.probes);
    }
    let d = s.debrief(&critic);
    let r = &d.interviews[0].ratings[0];
    assert_eq!(r.principle, "customer-obsession");
    assert_eq!(r.rating, None, "{}", r.reason);
    assert_eq!(
        r.reason,
        "not assessed: the question asked for it does not probe it"
    );
    assert!(
        d.reason.contains("no principle was assessed"),
        "{}",
        d.reason
    );
}

/// The changes a debrief names for a repeated answer ask for another story, and for a deflected
/// follow-up, an answer to it: not advice to polish the story told again.
#[test]
fn the_changes_for_a_repeat_and_a_deflection_say_so() {
    let (pack, mut s, _) = setup("amazon-jobs", "phone-screen", 1.0);
    let critic = Critic::new(&pack);
    while let Some(cur) = s.current() {
        let text = if cur.follow_up {
            "I would ask the team."
        } else {
            STRONG
        };
        s.answer(text, 90, None, &critic, &pack.probes);
    }
    let d = s.debrief(&critic);
    let texts: Vec<&str> = d.changes.iter().map(|c| c.text.as_str()).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("this answer repeats your answer to")
                && t.contains("Bring a different story")),
        "{texts:#?}"
    );
}

/// A mock saved before the pack had design probes (its setup keeps the probes it began with) asks a
/// design question's follow-ups as it did then, so its saved answers replay in step on resume.
#[test]
fn a_mock_saved_without_design_probes_still_replays_in_step() {
    use tpmprep_content::DESIGN_GAPS;
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let critic = Critic::new(&pack);
    let mut setup = setup_seeded(&pack, "amazon-jobs", "phone-screen", 1.0, 7);
    setup
        .probes
        .retain(|p| !DESIGN_GAPS.contains(&p.gap.as_str()) && p.gap != "repeated");
    assert!(setup.questions[0][0].is_design());
    let (mut live, first) = Session::from_setup(&setup);
    let mut all = first;
    for k in 0..4 {
        all.extend(live.answer(&follow_reply(k), 40, None, &critic, &setup.probes));
    }
    let saved = saves_of(&all);
    assert!(
        saved.iter().any(|a| a.follow_up.is_some()),
        "the design question is followed up"
    );
    let replayed = Session::replay(&setup, &saved, &critic).expect("replay");
    assert_eq!(replayed.current(), live.current());
}

/// Issue 13 trial: "I would ask the team." to a follow-up just led to the next follow-up. The
/// interviewer now says so and asks the same follow-up again, once; a second dodge moves on.
#[test]
fn a_dodged_follow_up_is_pressed_once_then_the_interview_moves_on() {
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let critic = Critic::new(&pack);
    let setup = setup_seeded(&pack, "amazon-jobs", "phone-screen", 1.0, 2);
    let (mut s, _) = Session::from_setup(&setup);
    // A behavioural first question: answer it weakly so a follow-up comes.
    let first = s.current().expect("a question");
    assert!(!first.follow_up);
    let e = s.answer(
        "We had a launch and it went fine in the end.",
        60,
        None,
        &critic,
        &setup.probes,
    );
    let asked = follow_up_prompts(&e);
    let Some(original) = asked.first().cloned() else {
        panic!("a weak answer draws a follow-up: {e:?}");
    };
    let e = s.answer("I would ask the team.", 20, None, &critic, &setup.probes);
    let pressed = follow_up_prompts(&e);
    assert_eq!(pressed.len(), 1, "{e:?}");
    assert!(
        pressed[0].ends_with(&original) && pressed[0].len() > original.len(),
        "the same follow-up, after a remark: {pressed:?} / {original}"
    );
    let remarks: Vec<&str> = setup
        .probes
        .iter()
        .filter(|p| p.gap == "pressed")
        .map(|p| p.text.as_str())
        .collect();
    assert!(
        remarks.iter().any(|r| pressed[0].starts_with(r)),
        "{pressed:?}"
    );
    // Dodged again: no third time.
    let e = s.answer("Not sure.", 20, None, &critic, &setup.probes);
    assert!(
        follow_up_prompts(&e)
            .iter()
            .all(|p| !p.ends_with(&original)),
        "{e:?}"
    );
}

/// A follow-up answered with the question's own answer again is remarked on when it is given.
#[test]
fn a_follow_up_answered_with_an_earlier_answer_is_remarked_on() {
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let critic = Critic::new(&pack);
    let setup = setup_seeded(&pack, "amazon-jobs", "phone-screen", 1.0, 2);
    let (mut s, _) = Session::from_setup(&setup);
    let answer = "We had a launch with the payments team and it went fine in the end, because the \
                  engineers worked hard on it and the customers were happy with the new checkout.";
    let e = s.answer(answer, 60, None, &critic, &setup.probes);
    let Some(original) = follow_up_prompts(&e).first().cloned() else {
        panic!("a weak answer draws a follow-up: {e:?}");
    };
    let e = s.answer(answer, 20, None, &critic, &setup.probes);
    let said = follow_up_prompts(&e);
    let remarks: Vec<&str> = setup
        .probes
        .iter()
        .filter(|p| p.gap == "pressed-repeat")
        .map(|p| p.text.as_str())
        .collect();
    assert!(
        said.len() == 1
            && remarks.iter().any(|r| said[0].starts_with(r))
            && said[0].ends_with(&original),
        "{said:?}"
    );
}

/// A mock saved before the pressed remarks existed asks what it asked then: a dodge moves on.
#[test]
fn a_mock_saved_without_pressed_remarks_moves_on_as_before() {
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let critic = Critic::new(&pack);
    let mut setup = setup_seeded(&pack, "amazon-jobs", "phone-screen", 1.0, 2);
    setup.probes.retain(|p| !p.gap.starts_with("pressed"));
    let (mut s, _) = Session::from_setup(&setup);
    let e = s.answer(
        "We had a launch and it went fine in the end.",
        60,
        None,
        &critic,
        &setup.probes,
    );
    let Some(original) = follow_up_prompts(&e).first().cloned() else {
        panic!("a weak answer draws a follow-up: {e:?}");
    };
    let e = s.answer("I would ask the team.", 20, None, &critic, &setup.probes);
    assert!(
        follow_up_prompts(&e)
            .iter()
            .all(|p| !p.ends_with(&original)),
        "{e:?}"
    );
}

/// One strong answer, then the mock ended: the one principle assessed was rated Hire or better, so
/// the committee rule alone would say Hire (ending after one strong answer used to give Hire), but
/// with more of the mock's principles unheard than rated that is no evidence for a hire. The decision
/// is No Hire, and the reason says why in plain words; after a screen, that the candidate does not
/// advance.
#[test]
fn a_mock_ended_with_most_principles_unheard_is_not_a_hire() {
    use tpmprep_practice::{Rating, Vote, decide};
    // Seed 5 opens each with a behavioural question the strong answer fits.
    for (format, stage, outcome, whole) in [
        ("amazon-jobs", "loop", "to recommend a hire", "a full loop"),
        (
            "three-part-phone-screen",
            "phone-screen",
            "to advance you to the loop",
            "the whole screen",
        ),
    ] {
        let pack = tpmprep_content::embedded_pack().expect("pack");
        let (mut s, _) = Session::from_setup(&setup_seeded(&pack, format, stage, 1.0, 5));
        let critic = Critic::new(&pack);
        // The first question gets a strong answer and every follow-up a real reply; the candidate
        // ends the mock at the next question.
        s.answer(STRONG, 120, None, &critic, &pack.probes);
        let mut n = 0;
        while s.current().is_some_and(|c| c.follow_up) {
            n += 1;
            assert!(n < 10, "follow-ups end");
            s.answer(&follow_reply(n), 30, None, &critic, &pack.probes);
        }
        assert!(!s.finished(), "{stage}: ended early, not finished");
        let d = s.debrief(&critic);
        let ratings: Vec<Option<Rating>> = d
            .interviews
            .iter()
            .flat_map(|iv| iv.ratings.iter().map(|r| r.rating))
            .collect();
        let rated: Vec<Rating> = ratings.iter().flatten().copied().collect();
        let total = ratings.len();
        assert_eq!(rated.len(), 1, "{stage}: {d:#?}");
        assert!(
            rated[0] >= Rating::Hire,
            "{stage}: the answer is strong: {d:#?}"
        );
        assert!(total - rated.len() > rated.len(), "{stage}: {total}");
        // The ratings alone, as the committee rule reads them, would be a hire.
        let votes: Vec<Vote> = d
            .interviews
            .iter()
            .map(|iv| Vote {
                bar_raiser: iv.bar_raiser,
                ratings: iv.ratings.iter().filter_map(|r| r.rating).collect(),
            })
            .collect();
        let votes = if stage == "phone-screen" {
            // One interviewer's parts, as the debrief decides them.
            vec![Vote {
                bar_raiser: false,
                ratings: votes.into_iter().flat_map(|v| v.ratings).collect(),
            }]
        } else {
            votes
        };
        let ratings_say = decide(&votes);
        assert_eq!(ratings_say.decision, Decision::Hire, "{stage}");
        // But the mock heard too little for one, and says so.
        assert_eq!(d.decision, Decision::NoHire, "{stage}: {}", d.reason);
        assert_eq!(
            d.reason,
            format!(
                "you ended the mock with 1 of {total} principles assessed: too few {outcome}. \
                 Finish {whole} for a decision; on the answers given alone, {}",
                ratings_say.reason
            ),
            "{stage}"
        );
        let ended = d.ended_early.as_deref().expect("ended early");
        assert!(
            !ended.contains("neither way") && ended.contains("too little for a hire"),
            "{stage}: {ended}"
        );
        // The JSON carries the decision and its reason.
        let json = serde_json::to_value(&d).expect("json");
        assert_eq!(json["decision"], "no-hire");
        assert_eq!(json["reason"], d.reason.as_str());
    }
}
