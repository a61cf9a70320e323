//! The criteria of a written design, each met by sentences the reading found: the answer critic's
//! design signals where it has them (components, bottleneck, failure modes, monitoring, scaling,
//! estimates, options weighed, trade-offs), the report's lists for the rest. A heading or a hollow
//! sentence meets nothing, so a criterion is absent only when no sentence of substance meets it.

use super::report::{ReportCriterion, ReportFinding, ReportSeverity};
use super::{Reading, W};
use crate::L;
use crate::signals::{self, Sig, token_range};

/// The criteria, in the order a reviewer reads a design.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum C {
    Assumptions,
    Functional,
    NonFunctional,
    Components,
    DataFlow,
    DataModel,
    Alternatives,
    Bottlenecks,
    Scaling,
    FailureModes,
    Monitoring,
    Security,
    Cost,
}

pub(crate) const ALL: [C; 13] = [
    C::Assumptions,
    C::Functional,
    C::NonFunctional,
    C::Components,
    C::DataFlow,
    C::DataModel,
    C::Alternatives,
    C::Bottlenecks,
    C::Scaling,
    C::FailureModes,
    C::Monitoring,
    C::Security,
    C::Cost,
];

/// `(id, label, missing message, suggestion)` of each criterion, in [`ALL`] order.
const TEXT: [(&str, &str, &str, &str); 13] = [
    (
        "assumptions",
        "Assumptions stated with numbers",
        "No assumption is stated with a number tied to what it measures, so nothing below can be sized or checked.",
        "State the load you design for: \"50M daily users × 20 actions = 1B requests a day ≈ 12k QPS average, ~40k at peak; 2 KB per record.\"",
    ),
    (
        "functional",
        "Functional requirements",
        "No functional requirement says what users or callers can do.",
        "List the few things it must do: \"sellers can upload a listing; buyers can search by title; GET /items/{id} returns price and stock.\"",
    ),
    (
        "non-functional",
        "Non-functional requirements",
        "No non-functional requirement: latency, availability, durability or consistency are left open.",
        "Name the qualities with targets: \"p99 read under 100 ms, 99.95% availability, no acknowledged write lost.\"",
    ),
    (
        "components",
        "Components",
        "No components are named, so there is no design to discuss.",
        "Name the parts and what each does: \"an API tier behind a load balancer, a queue, workers, a key-value store.\"",
    ),
    (
        "data-flow",
        "Data flow",
        "Nothing says how a request or a record moves between the parts.",
        "Walk one write and one read through the parts: \"the API writes the event to the stream; workers read it and update the table.\"",
    ),
    (
        "data-model",
        "Data model",
        "No data model: what is stored, and under which key, is left open.",
        "Give the main table and its key: \"one item per order, partition key order_id, a secondary index on customer_id.\"",
    ),
    (
        "alternatives",
        "Alternatives compared with a reason",
        "No choice is weighed against another with a reason.",
        "Compare two options and say why one wins here: \"DynamoDB over PostgreSQL because every read is by key and we need 40k writes a second.\"",
    ),
    (
        "bottlenecks",
        "Bottlenecks named",
        "Nothing names what limits the design or breaks first.",
        "Name the hot spot and what you do about it: \"the counter table is the bottleneck at 40k writes a second, so we shard the counter.\"",
    ),
    (
        "scaling",
        "Scaling plan",
        "No scaling plan: how it grows at 10× the load is left open.",
        "Say where it shards, caches or replicates and when: \"partition by tenant id; add read replicas past 20k reads a second.\"",
    ),
    (
        "failure-modes",
        "Failure modes and fallbacks",
        "No failure modes: what happens when a part goes down is left open.",
        "Say how each part fails and what the system does: \"if the cache is down we fail open and serve from the database, rate-limited.\"",
    ),
    (
        "monitoring",
        "Monitoring and alarms",
        "No monitoring: nobody would know it is failing.",
        "Name the few metrics and the alarm thresholds: \"p99 latency and error rate, alarm when p99 stays above 300 ms for 5 minutes.\"",
    ),
    (
        "security",
        "Security",
        "Nothing on security: who may call it, and how data is protected, is left open.",
        "Name the controls that matter here: \"callers authenticate with IAM roles; data encrypted at rest with KMS; PII kept out of logs.\"",
    ),
    (
        "cost",
        "Cost",
        "Nothing on cost: the design is not weighed against what it spends.",
        "Put a rough price on the biggest part: \"40 TB a year in S3 Standard-IA is about $500 a month; caching saves ~60% of the reads.\"",
    ),
];

impl C {
    pub(crate) fn id(self) -> &'static str {
        TEXT[self as usize].0
    }
    fn label(self) -> &'static str {
        TEXT[self as usize].1
    }
}

/// The sentences that meet each criterion, in text order, and the choices among them.
pub(crate) struct Found {
    /// Per criterion (in [`ALL`] order): the sentences that meet it.
    pub(crate) at: Vec<Vec<usize>>,
    /// Monitoring sentences with a threshold (a figure).
    pub(crate) thresholds: Vec<usize>,
    /// Per criterion: the first hollow sentence that names it (it is mentioned, not met).
    pub(crate) hollow: Vec<Option<usize>>,
    /// Choices (sentences meeting `alternatives`) whose reason fits any choice.
    pub(crate) generic: Vec<usize>,
}

impl Found {
    /// Choices with a reason particular to them.
    pub(crate) fn specific_choices(&self) -> usize {
        self.of(C::Alternatives)
            .len()
            .saturating_sub(self.generic.len())
    }

    pub(crate) fn of(&self, c: C) -> &[usize] {
        self.at.get(c as usize).map_or(&[], Vec::as_slice)
    }
    pub(crate) fn has(&self, c: C) -> bool {
        !self.of(c).is_empty()
    }
}

/// Sentence `i` is hollow: by the answer critic's rule, or it holds the report's design buzzwords
/// with no number, no component and no choice (two of them with no number).
pub(crate) fn hollow(r: &Reading<'_>, i: usize) -> bool {
    let a = r.a;
    let Some(s) = a.sentences.get(i) else {
        return false;
    };
    let body = a.shapes.get(i).map_or(s.start, |sh| sh.body);
    let toks = a
        .tokens
        .get(token_range(&a.tokens, body, s.end))
        .unwrap_or(&[]);
    if signals::hollow(a, i, toks) {
        return true;
    }
    let buzz = signals::distinct(r.hits(W::Buzzwords, i));
    if buzz == 0 {
        return false;
    }
    let number = a.numbers.get(i).is_some_and(|n| !n.is_empty());
    let component = a.sentence_has(i, L::DesignComponents) || r.has(W::Parts, i);
    let choice = a.sig_at(i, Sig::Alternatives) || a.sig_at(i, Sig::TradeOff);
    !number && (buzz >= 2 || !component && !choice)
}

/// "Members can book a class", "Teachers can post homework": someone (not we, not a part of the
/// system) can do something. English grammar, read from the tokens.
fn someone_can(r: &Reading<'_>, i: usize) -> bool {
    let a = r.a;
    let Some(s) = a.sentences.get(i) else {
        return false;
    };
    let toks = a
        .tokens
        .get(token_range(&a.tokens, s.start, s.end))
        .unwrap_or(&[]);
    let part = |start: usize| {
        r.hits(W::Parts, i)
            .any(|h| h.start <= start && start < h.end)
            || a.hits_in(i, L::DesignComponents)
                .any(|h| h.start <= start && start < h.end)
    };
    toks.windows(3).any(|w| {
        w[1].lower == "can"
            && !matches!(
                w[0].lower.as_str(),
                "we" | "i"
                    | "it"
                    | "this"
                    | "that"
                    | "which"
                    | "there"
                    | "what"
                    | "who"
                    | "how"
                    | "you"
                    | "one"
                    | "nobody"
                    | "everything"
                    | "system"
            )
            && !matches!(
                w[2].lower.as_str(),
                "be" | "not"
                    | "also"
                    | "still"
                    | "only"
                    | "then"
                    | "now"
                    | "easily"
                    | "grow"
                    | "scale"
                    | "handle"
                    | "take"
                    | "fail"
            )
            && !part(w[0].start)
    })
}

/// Is the reason for the choice in sentence `i` generic: the words after its reason cue (in this
/// sentence, else the next) are few (seven or fewer), hold no figure, and hold a reason that fits
/// any choice ("because it is more scalable", "since it is the industry standard")?
pub(crate) fn generic_reason(r: &Reading<'_>, i: usize) -> bool {
    let a = r.a;
    let clause = |j: usize| {
        let s = a.sentences.get(j)?;
        let cue = r
            .hits(W::Reason, j)
            .next()
            .map(|h| h.end)
            .or_else(|| a.hits_in(j, L::TradeOffGain).next().map(|h| h.end))?;
        Some((j, cue, s.end))
    };
    let Some((j, from, to)) = clause(i).or_else(|| clause(i + 1).filter(|_| r.counts(i + 1)))
    else {
        return false;
    };
    let text = a.text.get(from..to).unwrap_or("");
    let words = crate::text::word_count(text);
    let figure = text.bytes().any(|b| b.is_ascii_digit());
    let generic = r.hits(W::GenericReasons, j).any(|h| h.start >= from);
    words <= 7 && !figure && generic
}

/// A reason for the choice in sentence `i` or the one after it (not a heading).
fn reasoned(r: &Reading<'_>, i: usize) -> bool {
    r.has(W::Reason, i) || r.counts(i + 1) && r.has(W::Reason, i + 1)
}

/// Does sentence `i` meet criterion `c`?
fn meets(r: &Reading<'_>, c: C, i: usize, tied: &[bool]) -> bool {
    let a = r.a;
    let sig = |s: Sig| a.sig_at(i, s);
    match c {
        C::Assumptions => tied.get(i).copied().unwrap_or(false),
        // Said in so many words, or a plain statement of behaviour under a requirements heading
        // (not a sized assumption, not a quality).
        C::Functional => {
            r.has(W::Functional, i)
                || someone_can(r, i)
                || r.requirements.get(i).copied().unwrap_or(false)
                    && !tied.get(i).copied().unwrap_or(false)
                    && !r.has(W::NonFunctional, i)
                    && a.sentences.get(i).is_some_and(|s| s.words >= 6)
        }
        C::NonFunctional => r.has(W::NonFunctional, i),
        // Named as parts, or as the two ends of a flow ("API → link store: code to URL").
        C::Components => {
            sig(Sig::Components)
                || r.has(W::DataFlow, i)
                    && (a.sentence_has(i, L::DesignComponents) || r.has(W::Parts, i))
        }
        C::DataFlow => {
            r.has(W::DataFlow, i) && (a.sentence_has(i, L::DesignComponents) || r.has(W::Parts, i))
        }
        C::DataModel => r.has(W::DataModel, i),
        // Options set against each other with a reason: "trade-off" said is not enough.
        C::Alternatives => {
            (sig(Sig::TradeOff) || sig(Sig::Alternatives))
                && (reasoned(r, i) || a.sentence_has(i, L::TradeOffGain))
        }
        C::Bottlenecks => sig(Sig::Bottleneck),
        C::Scaling => sig(Sig::Scaling),
        C::FailureModes => sig(Sig::FailureMode),
        C::Monitoring => sig(Sig::Monitoring),
        C::Security => r.has(W::Security, i),
        C::Cost => {
            r.has(W::Cost, i)
                || a.numbers.get(i).is_some_and(|ns| {
                    let s = a.sentences.get(i).map_or(0, |s| s.start);
                    ns.iter().any(|n| {
                        a.text
                            .get(s + n.start..)
                            .is_some_and(|t| t.starts_with(['$', '€', '£']))
                    })
                })
        }
    }
}

/// Does hollow sentence `i` name criterion `c` in words (the lists alone, with no rule of
/// substance)? Such a criterion is mentioned, not met.
fn named(r: &Reading<'_>, c: C, i: usize) -> bool {
    let a = r.a;
    let list = |l: L| a.sentence_has(i, l);
    match c {
        C::Assumptions => a.numbers.get(i).is_some_and(|n| !n.is_empty()),
        C::Functional => r.has(W::Functional, i),
        C::NonFunctional => r.has(W::NonFunctional, i),
        C::Components => list(L::DesignComponents),
        C::DataFlow => r.has(W::DataFlow, i),
        C::DataModel => r.has(W::DataModel, i),
        C::Alternatives => list(L::Alternatives) || list(L::TradeOff),
        C::Bottlenecks => list(L::DesignBottleneck),
        C::Scaling => list(L::DesignScaling),
        C::FailureModes => list(L::DesignFailure),
        C::Monitoring => list(L::DesignMonitoring),
        C::Security => r.has(W::Security, i),
        C::Cost => r.has(W::Cost, i),
    }
}

/// Every criterion's sentences.
pub(crate) fn find(r: &Reading<'_>, tied: &[bool]) -> Found {
    let n = r.a.sentences.len();
    let mut at = vec![Vec::new(); ALL.len()];
    let mut hollow = vec![None; ALL.len()];
    for i in 0..n {
        if r.counts(i) {
            for c in ALL {
                if meets(r, c, i, tied) {
                    at[c as usize].push(i);
                }
            }
        } else if !r.heading.get(i).copied().unwrap_or(true) {
            for c in ALL {
                if hollow[c as usize].is_none() && named(r, c, i) {
                    hollow[c as usize] = Some(i);
                }
            }
        }
    }
    let thresholds = at[C::Monitoring as usize]
        .iter()
        .copied()
        .filter(|&i| r.a.numbers.get(i).is_some_and(|n| !n.is_empty()))
        .collect();
    let generic = at[C::Alternatives as usize]
        .iter()
        .copied()
        .filter(|&i| generic_reason(r, i))
        .collect();
    Found {
        at,
        thresholds,
        hollow,
        generic,
    }
}

/// The criteria as reported, each quoting its first sentence.
pub(crate) fn report(r: &Reading<'_>, found: &Found) -> Vec<ReportCriterion> {
    ALL.iter()
        .map(|&c| {
            let first = found.of(c).first().copied();
            let (start, end, quote) = first.map_or((0, 0, String::new()), |i| r.a.quote(i));
            ReportCriterion {
                id: c.id(),
                label: c.label(),
                present: first.is_some(),
                mentioned: first.is_some() || found.hollow[c as usize].is_some(),
                count: found.of(c).len(),
                start,
                end,
                quote,
            }
        })
        .collect()
}

/// A finding for each criterion absent (a Note for security and cost, a Miss otherwise), for the
/// thin ones, praise for choices weighed and alarms with thresholds, and a note on hollow sentences.
pub(crate) fn findings(r: &Reading<'_>, found: &Found) -> Vec<ReportFinding> {
    let mut out = Vec::new();
    if r.a.words == 0 {
        return out;
    }
    for c in ALL {
        if found.has(c) {
            continue;
        }
        let (_, label, message, suggestion) = TEXT[c as usize];
        let severity = match c {
            C::Security | C::Cost => ReportSeverity::Note,
            _ => ReportSeverity::Miss,
        };
        // Named only among buzzwords: say so, quoting the sentence, rather than that it is absent.
        let finding = match found.hollow[c as usize] {
            Some(i) => r.finding(
                c.id(),
                severity,
                Some(i),
                format!("{label}: named only in a sentence that earns nothing (buzzwords, no number, no choice), so it is not met."),
                suggestion,
            ),
            None => r.finding(c.id(), severity, None, message.to_string(), suggestion),
        };
        out.push(finding);
    }
    let choices = found.of(C::Alternatives);
    if let (Some(&first), 0) = (found.generic.first(), found.specific_choices()) {
        out.push(r.finding(
            C::Alternatives.id(),
            ReportSeverity::Weak,
            Some(first),
            "The reason given for the choice would fit any choice (\"more scalable\", \"the industry standard\"), so it weighs nothing in particular.".into(),
            "Give the reason that holds here: the access pattern, the load, a failure it avoids, or what the rejected option would cost at these numbers.",
        ));
    }
    match choices {
        [one] if found.generic.is_empty() => out.push(r.finding(
            C::Alternatives.id(),
            ReportSeverity::Weak,
            Some(*one),
            "One choice is weighed with its reason; a written design is expected to compare at least two (store, consistency, managed or custom, push or pull).".into(),
            "Add a second decision with the option you rejected and why: \"pull over push, because the clients are short-lived and a missed push is silent.\"",
        )),
        [first, _, ..] if found.specific_choices() >= 2 => out.push(r.finding(
            C::Alternatives.id(),
            ReportSeverity::Praise,
            Some(*first),
            format!("{} choices weighed against an alternative, with a reason.", choices.len()),
            "",
        )),
        _ => {}
    }
    if found.has(C::Monitoring) {
        match found.thresholds.first() {
            Some(&i) => out.push(r.finding(
                C::Monitoring.id(),
                ReportSeverity::Praise,
                Some(i),
                "An alarm with a threshold someone could set.".into(),
                "",
            )),
            None => out.push(r.finding(
                C::Monitoring.id(),
                ReportSeverity::Weak,
                found.of(C::Monitoring).first().copied(),
                "Monitoring is named without a threshold, so nobody could set the alarm.".into(),
                "Give the number that pages someone: \"alarm when p99 stays above 300 ms for 5 minutes or the queue is older than 60 s.\"",
            )),
        }
    }
    let hollow: Vec<usize> = (0..r.a.sentences.len())
        .filter(|&i| r.hollow[i] && !r.heading[i])
        .collect();
    for &i in hollow.iter().take(3) {
        out.push(r.finding(
            "hollow",
            ReportSeverity::Note,
            Some(i),
            "This sentence earns nothing: qualities and buzzwords with no number, no component and no choice a reviewer could check.".into(),
            "Replace the adjective with the fact behind it: the number, the part that provides it, or the option you chose over another.",
        ));
    }
    out
}
