//! The eight dimensions a behavioural answer is scored on (structure, metrics, judgment,
//! ownership, scope, collaboration, specificity, delivery), each from the signals the reading found,
//! each adding the findings it owns.

use std::collections::BTreeSet;

use crate::L;
use crate::analysis::Analysis;
use crate::findings::FindingSink;
use crate::model::{Dimension, Facts, Severity};
use crate::read::Part;
use crate::signals::{Numbers, Sig};

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Star {
    Situation,
    Task,
    Action,
    Result,
    None,
}

pub(crate) fn clamp10(x: f64) -> u8 {
    x.round().clamp(0.0, 10.0) as u8
}

pub(crate) fn clamp1_10(x: f64) -> u8 {
    x.round().clamp(1.0, 10.0) as u8
}

/// Labels each sentence Situation / Task / Action / Result.
pub(crate) fn star(a: &Analysis<'_>) -> Vec<Star> {
    let n = a.sentences.len();
    (0..n)
        .map(|i| match a.shapes.get(i).map_or(Part::None, |s| s.part) {
            // "Context: … " then bullets of things done: the bullets are the action, whatever
            // label the list sits under.
            Part::Situation | Part::Task
                if a.shapes.get(i).is_some_and(|s| s.bullet) && a.read_at(i, Sig::Action) =>
            {
                Star::Action
            }
            Part::Situation => Star::Situation,
            Part::Task => Star::Task,
            Part::Action => Star::Action,
            Part::Result | Part::Lesson => Star::Result,
            Part::None => {
                let pos = i as f64 / n.max(1) as f64;
                let acting = a.read_at(i, Sig::Action) || a.read_at(i, Sig::Decision);
                if (a.read_at(i, Sig::OutcomeNumber) && (pos >= 0.6 || !acting))
                    || (a.read_at(i, Sig::Result) && pos >= 0.5 && !acting)
                {
                    Star::Result
                } else if acting {
                    Star::Action
                } else if a.read_at(i, Sig::Result) {
                    Star::Result
                } else if a.read_at(i, Sig::Task) {
                    Star::Task
                } else if a.read_at(i, Sig::Situation) || pos < 0.25 {
                    Star::Situation
                } else {
                    Star::None
                }
            }
        })
        .collect()
}

pub(crate) fn structure(a: &Analysis<'_>, star: &[Star], sink: &mut FindingSink<'_>) -> Dimension {
    let mut evidence = Vec::new();
    let words_in = |k: Star| -> usize {
        star.iter()
            .zip(&a.sentences)
            .filter(|(s, _)| **s == k)
            .map(|(_, s)| s.words)
            .sum()
    };
    let present: Vec<Star> = [Star::Situation, Star::Task, Star::Action, Star::Result]
        .into_iter()
        .filter(|k| star.contains(k))
        .collect();
    let action_share = if a.words == 0 {
        0.0
    } else {
        words_in(Star::Action) as f64 / a.words as f64
    };
    let mut score = present.len() as f64 * 2.0;
    if (0.3..=0.8).contains(&action_share) {
        score += 2.0;
    } else if action_share >= 0.2 {
        score += 1.0;
    }
    evidence.push(format!(
        "{} of 4 STAR parts; action is {:.0}% of the words",
        present.len(),
        action_share * 100.0
    ));
    if a.words == 0 {
        sink.add(
            "structure",
            "answer",
            Severity::Miss,
            None,
            "There is no answer to judge.".into(),
            "Tell one story: situation, your task, what you did, and the result.",
        );
        return Dimension { score: 0, evidence };
    }
    // Never say a part is missing while the reading found it somewhere.
    if !present.contains(&Star::Action) && !a.read_any(Sig::Action) {
        // What you did told only in process words ("held daily stand-ups, escalated blockers")
        // is there, but shows nothing: say so, not that it is absent.
        let told_as_process = (0..a.sentences.len()).find(|&i| {
            let (start, end) = a.span(i);
            let toks = a
                .tokens
                .get(crate::signals::token_range(&a.tokens, start, end))
                .unwrap_or(&[]);
            crate::signals::hollow(a, i, toks) && crate::agency::agency(a, i, toks).is_some()
        });
        sink.add(
            "structure",
            "action",
            Severity::Miss,
            told_as_process.or(Some(0)),
            if told_as_process.is_some() {
                "No concrete action: what you did is told only in process words (a plan, stand-ups, escalations), which any program has.".into()
            } else {
                "No action: the answer never says what you did.".into()
            },
            "Give the Action the most time: \"I decided…, I negotiated…, I wrote…\" and why.",
        );
    } else if action_share < 0.3 {
        let first_s = star.iter().position(|s| *s == Star::Situation);
        sink.add(
            "structure",
            "action-share",
            Severity::Warn,
            first_s,
            format!(
                "The action is only {:.0}% of the answer; interviewers weight the Action most.",
                action_share * 100.0
            ),
            "Cut the background to two sentences and spend the time on the judgment you made.",
        );
    }
    if !present.contains(&Star::Result) && !a.read_any(Sig::Result) {
        let last = a.sentences.len().checked_sub(1);
        sink.add(
            "structure",
            "result",
            Severity::Miss,
            last,
            "No result: the story stops before saying what changed.".into(),
            "End with the outcome and a number: \"As a result, p99 fell from 820 ms to 490 ms.\"",
        );
    }
    Dimension {
        score: clamp10(score),
        evidence,
    }
}

pub(crate) fn metrics(
    a: &Analysis<'_>,
    n: &Numbers,
    star: &[Star],
    facts: &Facts,
    sink: &mut FindingSink<'_>,
) -> Dimension {
    let mut evidence = Vec::new();
    let mut score: f64 = match n.outcome {
        0 => 0.0,
        1 => 5.0,
        2 => 7.0,
        _ => 8.0,
    };
    if n.before_after {
        score += 2.0;
        evidence.push("states a before → after change".to_string());
    }
    // The sentence quoted for the outcome comes first (see `quoting`), then the others.
    let quoted = a.sig_first(Sig::OutcomeNumber);
    let rest = n
        .outcome_sentences
        .iter()
        .copied()
        .filter(|&si| Some(si) != quoted);
    for si in quoted
        .filter(|si| n.outcome_sentences.contains(si))
        .into_iter()
        .chain(rest)
        .take(3)
    {
        evidence.push(format!("outcome number: \"{}\"", a.quote(si).2));
    }
    if n.outcome == 0 && facts.metrics > 0 {
        score = 3.0;
        evidence.push(format!(
            "{} metric(s) recorded in the story's facts but not said",
            facts.metrics
        ));
    }
    if a.words > 0 && n.outcome == 0 {
        if let Some(&si) = n.padding.first() {
            sink.add(
                "metrics", "padding",
                Severity::Warn,
                Some(si),
                "These figures sit among buzzwords or vague claims with nothing checkable beside them, so they read as padding, not as outcomes.".into(),
                "Say what changed, for whom, from what to what: \"refund time fell from 9 days to 2 for 40,000 sellers\".",
            );
        }
        if let Some(&si) = n.incidental_only.first() {
            sink.add(
                "metrics", "incidental-number",
                Severity::Warn,
                Some(si),
                "This number describes the setting, not an outcome.".into(),
                "Tie a number to what changed: \"cut the release cycle from 6 weeks to 2\", not the team's size.",
            );
        }
        let at = star
            .iter()
            .rposition(|s| *s == Star::Result)
            .or(a.sentences.len().checked_sub(1));
        sink.add(
            "metrics", "outcome-number",
            Severity::Miss,
            at,
            "No outcome number: the result cannot be checked.".into(),
            "Anchor the result in a number with a before and after: \"errors fell from 4.1% to 0.3% in six weeks\".",
        );
    } else if n.outcome > 0 && !n.before_after {
        let at = n.outcome_sentences.first().copied();
        sink.add(
            "metrics",
            "baseline",
            Severity::Note,
            at,
            "The number has no baseline.".into(),
            "Give the before and the after so the change is clear: \"from 48 hours to 12\".",
        );
    }
    Dimension {
        score: clamp10(score),
        evidence,
    }
}

pub(crate) fn first_sentence(a: &Analysis<'_>, l: L) -> Option<usize> {
    a.of(l).next().and_then(|h| a.sentence_at(h.start))
}

pub(crate) fn judgment(
    a: &Analysis<'_>,
    star: &[Star],
    facts: &Facts,
    deadline_q: bool,
    sink: &mut FindingSink<'_>,
) -> Dimension {
    let mut evidence = Vec::new();
    let mut score = 0.0;
    for (l, pts, what) in [
        (Sig::TradeOff, 4.0, "trade-off"),
        (Sig::Alternatives, 2.0, "alternatives weighed"),
        (Sig::Decision, 2.0, "decision"),
        (Sig::Incomplete, 2.0, "decision under uncertainty"),
    ] {
        if let Some(si) = a.sig_first(l) {
            score += pts;
            evidence.push(format!("{what}: \"{}\"", a.quote(si).2));
        }
    }
    if a.words == 0 {
        return Dimension { score: 0, evidence };
    }
    if !a.sig_any(Sig::TradeOff) && !facts.trade_off.is_empty() {
        score += 2.0;
        evidence.push("a trade-off is in the story's facts but not in the telling".into());
    }
    if !a.read_any(Sig::TradeOff) {
        let at = star.iter().position(|s| *s == Star::Action);
        // Options named and one chosen: the judgment shows, only its cost is unsaid.
        let weighed = a.sig_any(Sig::Alternatives) && a.sig_any(Sig::Decision);
        let at = if weighed {
            a.sig_first(Sig::Alternatives)
        } else {
            at
        };
        sink.add(
            "judgment", "trade-off",
            if facts.trade_off.is_empty() && deadline_q && !weighed {
                Severity::Miss
            } else {
                Severity::Warn
            },
            at,
            if !facts.trade_off.is_empty() {
                "The trade-off is in the story's facts but not in the telling; say it out loud.".into()
            } else if weighed {
                "Options are weighed and one is chosen, but what the choice gave up is never said.".into()
            } else if deadline_q {
                "A deadline question needs the trade-off you made, and this answer has none.".into()
            } else {
                "No trade-off: it sounds like nothing was given up, so no judgment shows.".into()
            },
            "Say what you chose and what it cost: \"I cut the saved-cards feature to hold the date, because…\"",
        );
    }
    if !a.read_any(Sig::Decision) {
        let duty = a.of(L::Responsibility).next();
        let at = duty.and_then(|h| a.sentence_at(h.start));
        let message = match duty {
            Some(h) => format!(
                "Describes duties, not decisions: \"{}\" tells the interviewer nothing about your judgment.",
                a.phrase(h)
            ),
            None => "No decision of yours is named.".to_string(),
        };
        sink.add(
            "judgment",
            "decision",
            Severity::Warn,
            at,
            message,
            "Name the fork in the road and your call: \"I decided to… instead of…, because…\"",
        );
    } else if let Some(si) = a
        .sig_first(Sig::Responsibility)
        .filter(|_| a.sig_any(Sig::Decision))
    {
        sink.add(
            "judgment",
            "responsibility",
            Severity::Note,
            Some(si),
            "This sentence lists responsibilities; interviewers skip past duties to decisions."
                .into(),
            "Replace it with the decision you made in that role.",
        );
    }
    if !a.read_any(Sig::Alternatives) && a.sig_any(Sig::Decision) {
        let at = a.sig_first(Sig::Decision);
        sink.add(
            "judgment",
            "alternatives",
            Severity::Note,
            at,
            "The decision has no alternative beside it.".into(),
            "Name the option you rejected and why: \"rather than slipping the launch, I…\"",
        );
    }
    Dimension {
        score: clamp10(score),
        evidence,
    }
}

pub(crate) fn ownership(
    a: &Analysis<'_>,
    facts: &Facts,
    failure_q: bool,
    sink: &mut FindingSink<'_>,
) -> Dimension {
    let mut evidence = Vec::new();
    let said_i = a.count(L::FirstPerson);
    let we_count = a.count(L::Collective);
    // Bullets with no subject ("- Interviewed 20 customers") are the candidate's own, as the
    // overall score reads them: each counts as an "I".
    let unsaid = (0..a.sentences.len())
        .filter(|&i| a.read_at(i, Sig::Action) && !a.sentence_has(i, L::FirstPerson))
        .count();
    let i_count = said_i + unsaid;
    let subjectless = said_i + we_count == 0 && a.sig_any(Sig::Action);
    let ratio = if subjectless {
        1.0
    } else if i_count + we_count == 0 {
        0.0
    } else {
        i_count as f64 / (i_count + we_count) as f64
    };
    let mut score = (ratio * 5.0).min(5.0);
    evidence.push(if subjectless {
        "no \"I\" or \"we\": the bullets with no subject read as your own actions".to_string()
    } else if unsaid > 0 {
        format!(
            "\"I\" (my, me) {said_i} times and {unsaid} actions told with no subject, \"we\" (our, us) {we_count} times"
        )
    } else {
        format!("\"I\" (my, me) {i_count} times, \"we\" (our, us) {we_count} times")
    });
    let artifacts = a.sig_any(Sig::Artifacts) || !facts.artifacts.is_empty();
    if artifacts {
        score += 2.0;
        evidence.push("ownership artifact (post-mortem, rollback plan, hand-off)".into());
    }
    let lesson = a.sig_any(Sig::Lesson) || !facts.differently.is_empty();
    if lesson {
        score += 2.0;
        evidence.push("a lesson or what you would do differently".into());
    }
    let mistake = a.sig_any(Sig::Mistake);
    if mistake {
        score += 1.0;
        evidence.push("owns a mistake".into());
    }
    if a.words == 0 {
        return Dimension { score: 0, evidence };
    }
    if we_count >= 3 && ratio < 0.35 {
        let at = first_sentence(a, L::Collective);
        sink.add(
            "ownership", "we-everywhere",
            Severity::Warn,
            at,
            format!("\"We\" (our, us) {we_count} times against \"I\" (my, me) {said_i}: the interviewer cannot tell what you did."),
            "Keep \"we\" for the team's work and say \"I\" for your decisions: \"I proposed…, I wrote…\"",
        );
    }
    if failure_q && !mistake && !a.read_any(Sig::Mistake) {
        sink.add(
            "ownership", "mistake",
            Severity::Miss,
            Some(0),
            "A failure question needs you to own the mistake, and this answer does not.".into(),
            "Say plainly what you got wrong: \"I underestimated the migration; I wrote the post-mortem.\"",
        );
    }
    if !lesson && !a.read_any(Sig::Lesson) {
        let last = a.sentences.len().checked_sub(1);
        sink.add(
            "ownership", "lesson",
            if failure_q { Severity::Miss } else { Severity::Note },
            last,
            if failure_q {
                "A failure question needs the lesson, and this answer has none.".into()
            } else {
                "No lesson or \"what I would do differently\".".into()
            },
            "Close with the change you made since: \"Next time I set the rollback criteria before launch.\"",
        );
    }
    Dimension {
        score: clamp10(score),
        evidence,
    }
}

pub(crate) fn scope(
    a: &Analysis<'_>,
    facts: &Facts,
    customer_weight: Severity,
    sink: &mut FindingSink<'_>,
) -> (Dimension, bool, u32) {
    let mut evidence = Vec::new();
    let customer = a.sig_any(Sig::Customer);
    let mut score = if customer { 3.0 } else { 0.0 };
    if let Some(si) = a.sig_first(Sig::Customer) {
        evidence.push(format!("customer named: \"{}\"", a.quote(si).2));
    }
    // Distinct teams: the word before each team noun ("the Payments team"), a count ("three teams"),
    // and the story's recorded teams.
    let mut named = BTreeSet::new();
    let mut counted = 0u32;
    for h in a.of(L::Team) {
        let before = a.text.get(..h.start).unwrap_or("");
        // The words before the team noun, nearest first: "iOS, Android and backend teams" names
        // three.
        let words: Vec<&str> = before.split_whitespace().rev().take(12).collect();
        let mut k = 0;
        while let Some(word) = words.get(k) {
            let w = word.trim_matches(|c: char| !c.is_alphanumeric());
            let n = count_word(w);
            counted = counted.max(n);
            let lower = w.to_lowercase();
            if n == 0
                && w.chars().all(|c| c.is_alphabetic() || c == '-')
                && w.starts_with(char::is_alphabetic)
                && !w.is_empty()
                && !TEAM_STOPWORDS.contains(&lower.as_str())
            {
                named.insert(lower);
            } else {
                break;
            }
            // Go on only through a list: "X, Y and Z".
            match words.get(k + 1) {
                Some(&("and" | "or" | "&")) => k += 2,
                Some(next) if next.ends_with(',') && k < 8 => k += 1,
                _ => break,
            }
        }
    }
    // A function named alone: "finance signed off", "owned by facilities IT", "the vendor".
    for h in a.of(L::OrgFunctions) {
        let w = a.text.get(h.start..h.end).unwrap_or("").to_lowercase();
        let w = w
            .trim_start_matches("the ")
            .trim_start_matches("our ")
            .trim_end_matches(" partner");
        // "facilities IT" and "facilities" are one team.
        let first = w.split_whitespace().next().unwrap_or("");
        if !named
            .iter()
            .any(|n: &String| n == first || n.starts_with(&format!("{first} ")))
        {
            named.insert(w.to_string());
        }
    }
    let orgs = (named.len() as u32)
        .max(counted)
        .max(facts.teams.len() as u32);
    score += match orgs {
        0 => 0.0,
        1 => 2.0,
        2 => 4.0,
        _ => 7.0,
    };
    evidence.push(format!("{orgs} distinct teams or orgs"));
    if a.words > 0 {
        if !a.read_any(Sig::Customer) {
            // Customers said, but not what they needed: say that, not that there are none.
            let mentioned = a
                .of(L::Customer)
                .next()
                .and_then(|h| a.sentence_at(h.start));
            sink.add(
                "scope", "customer",
                customer_weight,
                mentioned.or(Some(0)),
                if mentioned.is_some() {
                    "Customers are mentioned, but not the problem they had: the interviewer cannot see what this solved for them.".into()
                } else {
                    "No customer: the interviewer cannot see whose problem this solved.".into()
                },
                "Open with the customer and their pain: \"Sellers were waiting 3 days for payouts…\"",
            );
        }
        if orgs < 3 {
            sink.add(
                "scope", "teams",
                Severity::Note,
                first_sentence(a, L::Team),
                format!("{orgs} team(s) named; a strong cross-functional story aligns three or more."),
                "Name the teams you aligned and what each had to give: \"Payments, Fraud and the mobile app team…\"",
            );
        }
    }
    (
        Dimension {
            score: clamp10(score),
            evidence,
        },
        customer,
        orgs,
    )
}

/// Words before "team"/"org" that do not name one ("our team", "the other team").
const TEAM_STOPWORDS: [&str; 24] = [
    "the", "a", "an", "our", "my", "your", "their", "his", "her", "its", "this", "that", "each",
    "every", "other", "whole", "entire", "same", "new", "one", "small", "own", "which", "another",
];

fn count_word(w: &str) -> u32 {
    match w.to_ascii_lowercase().as_str() {
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "several" | "multiple" => 3,
        other => other.parse::<u32>().ok().filter(|n| *n <= 100).unwrap_or(0),
    }
}

pub(crate) fn collaboration(
    a: &Analysis<'_>,
    facts: &Facts,
    disagreement_q: bool,
    capacity_weight: Severity,
    sink: &mut FindingSink<'_>,
) -> Dimension {
    let mut evidence = Vec::new();
    let mut score = 0.0;
    if let Some(si) = a.sig_first(Sig::PartnerNamed).or(a.sig_first(Sig::Partner)) {
        score += 3.0;
        let how = if a.sig_at(si, Sig::PartnerNamed) {
            "partner named"
        } else {
            "partner by role"
        };
        evidence.push(format!("{how}: \"{}\"", a.quote(si).2));
        if a.sig_any(Sig::PartnerNamed) {
            score += 1.0;
        }
    } else if !facts.partners.is_empty() {
        score += 2.0;
        evidence.push("partners recorded in the story's facts".into());
    }
    if let Some(si) = a.sig_first(Sig::Capacity) {
        score += 4.0;
        evidence.push(format!("capacity protected: \"{}\"", a.quote(si).2));
    }
    let dissent = a.sig_any(Sig::Dissent) || !facts.dissent.is_empty();
    if dissent {
        score += 2.0;
        if let Some(si) = a.sig_first(Sig::Dissent) {
            evidence.push(format!("dissent heard: \"{}\"", a.quote(si).2));
        }
    }
    if a.sig_any(Sig::Commitment) {
        score += 1.0;
    }
    if a.words == 0 {
        return Dimension { score: 0, evidence };
    }
    if !a.read_any(Sig::Partner) && facts.partners.is_empty() {
        sink.add(
            "collaboration", "partner",
            Severity::Warn,
            first_sentence(a, L::Collective).or(Some(0)),
            "No engineering partner is named.".into(),
            "Name who you worked with and their role: \"Priya, the checkout engineering manager, and I…\"",
        );
    }
    if !a.sig_any(Sig::Capacity) {
        sink.add(
            "collaboration", "capacity",
            capacity_weight,
            a.sig_first(Sig::Action).or(Some(0)),
            "Nothing on how the engineers' capacity was protected.".into(),
            "Say what you deferred or staged to keep the team productive: \"I moved two low-priority tickets out and rolled out in three waves.\"",
        );
    }
    if !dissent && !a.read_any(Sig::Dissent) {
        sink.add(
            "collaboration", "dissent",
            if disagreement_q { Severity::Miss } else { Severity::Note },
            a.sig_first(Sig::Decision),
            if disagreement_q {
                "A disagreement question needs who disagreed and how you handled it; this answer has no dissent.".into()
            } else {
                "No one disagrees in this story; interviewers listen for dissent heard and handled.".into()
            },
            "Name who pushed back, what you changed because of it, and how you committed: \"The fraud lead objected…\"",
        );
    } else if disagreement_q && !a.sig_any(Sig::Commitment) {
        sink.add(
            "collaboration",
            "commitment",
            Severity::Warn,
            a.sig_first(Sig::Dissent),
            "The disagreement is told, but not how it ended: did you commit?".into(),
            "Close the loop: \"Once we decided, I backed the plan fully and…\"",
        );
    }
    Dimension {
        score: clamp10(score),
        evidence,
    }
}

pub(crate) fn specificity(a: &Analysis<'_>, n: &Numbers, sink: &mut FindingSink<'_>) -> Dimension {
    let mut evidence = Vec::new();
    let mut score: f64 = 10.0;
    if a.words == 0 {
        return Dimension { score: 0, evidence };
    }
    let mut penalty = |l: L,
                       signal: &'static str,
                       each: f64,
                       cap: f64,
                       dim_msg: &str,
                       suggestion: &str,
                       severity: Severity| {
        let mut lost = 0.0;
        let mut seen = BTreeSet::new();
        for h in a.of(l) {
            let Some(si) = a.sentence_at(h.start) else {
                continue;
            };
            if l == L::Jargon && n.outcome_sentences.contains(&si) {
                continue; // jargon tied to a result in the same sentence is forgiven
            }
            if !seen.insert(si) {
                continue;
            }
            lost += each;
            let phrase = a.phrase(h).to_string();
            evidence.push(format!("{dim_msg}: \"{phrase}\""));
            sink.add(
                "specificity",
                signal,
                severity,
                Some(si),
                format!("\"{phrase}\" is {dim_msg}."),
                suggestion,
            );
        }
        score -= lost.min(cap);
    };
    penalty(
        L::Vague,
        "vague",
        2.0,
        6.0,
        "a vague claim",
        "Replace it with what changed and by how much: \"checkout abandonment fell from 9% to 6%\".",
        Severity::Warn,
    );
    penalty(
        L::Jargon,
        "jargon",
        2.0,
        4.0,
        "process jargon with no result",
        "Say what the process bought: \"the weekly sync cut hand-off delays from 5 days to 1\".",
        Severity::Warn,
    );
    penalty(
        L::Buzzwords,
        "buzzword",
        1.0,
        3.0,
        "a buzzword",
        "Say the plain thing you did.",
        Severity::Note,
    );
    penalty(
        L::Hedges,
        "hedge",
        1.0,
        3.0,
        "a hedge",
        "State it: you were there. \"I decided\", not \"I think we kind of decided\".",
        Severity::Note,
    );
    penalty(
        L::Fillers,
        "filler",
        0.5,
        3.0,
        "filler",
        "Pause instead of filling; it reads as confidence.",
        Severity::Note,
    );
    let numbered = n.outcome > 0 || a.design && a.sig_any(Sig::Estimate);
    if !numbered && !a.sig_any(Sig::Partner) {
        score -= 2.0;
        evidence.push(if a.design {
            "no estimates and no named people".into()
        } else {
            "no outcome numbers and no named people".into()
        });
    }
    // Specificity is lost by vague words, so a short answer has little to lose it by: a few words
    // cannot show much concrete detail, and scoring them high would praise what is not there. Up to
    // SPECIFIC_WORDS words, the score is capped in proportion to the length.
    if a.words < SPECIFIC_WORDS {
        let cap = 10.0 * a.words as f64 / SPECIFIC_WORDS as f64;
        if score > cap {
            score = cap;
            evidence.push(format!(
                "{} words: too short to show much concrete detail",
                a.words
            ));
        }
    }
    Dimension {
        score: clamp10(score),
        evidence,
    }
}

/// Words an answer needs before its specificity can score full marks (about twenty seconds spoken).
const SPECIFIC_WORDS: usize = 60;

pub(crate) fn delivery(a: &Analysis<'_>, sink: &mut FindingSink<'_>) -> Dimension {
    let mut evidence = Vec::new();
    let w = a.words;
    let sentences = a.sentences.len();
    evidence.push(format!(
        "{w} words (a 2-minute answer is about 250–350), {sentences} sentences"
    ));
    if w == 0 {
        return Dimension { score: 0, evidence };
    }
    let mut score: f64 = match w {
        250..=350 => 10.0,
        200..=249 | 351..=450 => 8.0,
        120..=199 | 451..=600 => 5.0,
        60..=119 | 601..=900 => 3.0,
        _ => 1.0,
    };
    if sentences <= 1 {
        score = score.min(1.0);
        sink.add(
            "delivery",
            "one-sentence",
            Severity::Miss,
            Some(0),
            "A one-sentence answer: interviewers read it as having no story.".into(),
            "Tell it in STAR form, about two minutes: 250–350 words.",
        );
    } else if w < 120 {
        sink.add(
            "delivery", "too-short",
            Severity::Warn,
            // About the whole answer: no one sentence to quote.
            None,
            format!("{w} words is well under two minutes; the interviewer will have to dig for everything."),
            "Aim for 250–350 words: two sentences of context, most of the time on your actions, then the result.",
        );
    } else if w > 450 {
        sink.add(
            "delivery",
            "too-long",
            Severity::Warn,
            None,
            if w > 1200 {
                format!("{w} words is an essay, not an answer: well past ten minutes spoken, so it cannot be strong.")
            } else {
                format!("{w} words runs past three minutes; the interviewer will cut in.")
            },
            "Cut the background and keep one decision in depth; 250–350 words.",
        );
    }
    let avg = w as f64 / sentences.max(1) as f64;
    if avg > 28.0 {
        score -= 2.0;
        evidence.push(format!("sentences average {avg:.0} words"));
    }
    for (i, s) in a.sentences.iter().enumerate() {
        if s.words > crate::scoring::LONG_SENTENCE {
            sink.add(
                "delivery",
                "long-sentence",
                Severity::Note,
                Some(i),
                format!("A {}-word sentence is hard to follow when spoken.", s.words),
                "Split it: one idea per sentence.",
            );
        }
    }
    if w > 450 && !a.text.contains("\n\n") {
        evidence.push("a wall of text with no paragraph breaks".into());
        sink.add(
            "delivery",
            "wall-of-text",
            Severity::Note,
            None,
            "A wall of text: no pause where the listener can catch up.".into(),
            "Break it where the STAR parts change; each part is a breath when spoken.",
        );
    }
    Dimension {
        score: clamp10(score),
        evidence,
    }
}
