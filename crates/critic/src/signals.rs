//! Signals: what each sentence of the answer does (an action of yours, a decision, a trade-off, a
//! result with a number, a named partner …), read from the sentence's words by stem, its STAR part,
//! its grammatical subject and the role of its numbers. Scoring and findings rest on these bits
//! only, so a finding that names a signal as missing is checked against the same reading that
//! praise quotes.

use crate::L;
use crate::agency::{agency, causative_get, habitual, implicit_start, past, role_statement};
use crate::analysis::Analysis;
use crate::people::{named_near_role, person_named, role_noun};
use crate::read::Part;
use crate::stems::Token;
use crate::text::Number;

/// One bit per signal.
pub type Bits = u32;

/// The signals, as bit positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Sig {
    /// Something the candidate did.
    Action,
    /// A choice the candidate made or recommended.
    Decision,
    /// What was given up for what.
    TradeOff,
    /// An option weighed against another.
    Alternatives,
    /// The outcome said.
    Result,
    /// A number that is an outcome.
    OutcomeNumber,
    /// A partner by role.
    Partner,
    /// A partner by name (and usually role).
    PartnerNamed,
    /// Someone disagreed.
    Dissent,
    /// Committing after a disagreement.
    Commitment,
    /// A customer and their need.
    Customer,
    /// A mistake owned.
    Mistake,
    /// A lesson.
    Lesson,
    /// Engineering capacity protected.
    Capacity,
    /// An ownership artifact.
    Artifacts,
    /// A decision under incomplete data.
    Incomplete,
    /// Situation.
    Situation,
    /// Task.
    Task,
    /// Duties instead of decisions.
    Responsibility,
    /// Design: requirements and assumptions.
    Requirements,
    /// Design: numbers for scale.
    Estimate,
    /// Design: components.
    Components,
    /// Design: bottleneck.
    Bottleneck,
    /// Design: failure modes.
    FailureMode,
    /// Design: monitoring.
    Monitoring,
    /// Design: scaling.
    Scaling,
}

/// What a design or technical answer is read for: the design criteria, options weighed and
/// trade-offs, and (for a technical story) what you did, decided and learned, with whom and
/// against whom; not a story's customer or result, which a design's numbers and users only look like.
const DESIGN_READ: Bits = (1 << Sig::Requirements as u8)
    | (1 << Sig::Action as u8)
    | (1 << Sig::Decision as u8)
    | (1 << Sig::Partner as u8)
    | (1 << Sig::PartnerNamed as u8)
    | (1 << Sig::Dissent as u8)
    | (1 << Sig::Mistake as u8)
    | (1 << Sig::Lesson as u8)
    | (1 << Sig::Estimate as u8)
    | (1 << Sig::Components as u8)
    | (1 << Sig::Bottleneck as u8)
    | (1 << Sig::FailureMode as u8)
    | (1 << Sig::Monitoring as u8)
    | (1 << Sig::Scaling as u8)
    | (1 << Sig::Alternatives as u8)
    | (1 << Sig::TradeOff as u8);

/// Every signal, in bit order.
pub const ALL: [Sig; 26] = [
    Sig::Action,
    Sig::Decision,
    Sig::TradeOff,
    Sig::Alternatives,
    Sig::Result,
    Sig::OutcomeNumber,
    Sig::Partner,
    Sig::PartnerNamed,
    Sig::Dissent,
    Sig::Commitment,
    Sig::Customer,
    Sig::Mistake,
    Sig::Lesson,
    Sig::Capacity,
    Sig::Artifacts,
    Sig::Incomplete,
    Sig::Situation,
    Sig::Task,
    Sig::Responsibility,
    Sig::Requirements,
    Sig::Estimate,
    Sig::Components,
    Sig::Bottleneck,
    Sig::FailureMode,
    Sig::Monitoring,
    Sig::Scaling,
];

impl Sig {
    /// Its stable code in the JSON.
    pub fn code(self) -> &'static str {
        match self {
            Sig::Action => "action",
            Sig::Decision => "decision",
            Sig::TradeOff => "trade-off",
            Sig::Alternatives => "alternatives",
            Sig::Result => "result",
            Sig::OutcomeNumber => "outcome-number",
            Sig::Partner => "partner",
            Sig::PartnerNamed => "partner-named",
            Sig::Dissent => "dissent",
            Sig::Commitment => "commitment",
            Sig::Customer => "customer",
            Sig::Mistake => "mistake",
            Sig::Lesson => "lesson",
            Sig::Capacity => "capacity",
            Sig::Artifacts => "artifacts",
            Sig::Incomplete => "incomplete-data",
            Sig::Situation => "situation",
            Sig::Task => "task",
            Sig::Responsibility => "responsibility",
            Sig::Requirements => "requirements",
            Sig::Estimate => "estimate",
            Sig::Components => "components",
            Sig::Bottleneck => "bottleneck",
            Sig::FailureMode => "failure-mode",
            Sig::Monitoring => "monitoring",
            Sig::Scaling => "scaling",
        }
    }
    /// A design criterion (read only for a design or technical question).
    pub fn design(self) -> bool {
        matches!(
            self,
            Sig::Requirements
                | Sig::Estimate
                | Sig::Components
                | Sig::Bottleneck
                | Sig::FailureMode
                | Sig::Monitoring
                | Sig::Scaling
        )
    }
    /// Its bit.
    pub fn bit(self) -> Bits {
        1 << (self as u8)
    }
}

/// Where in `tokens` the sentence `[start, end)` lies.
pub fn token_range(tokens: &[Token], start: usize, end: usize) -> std::ops::Range<usize> {
    let a = tokens.partition_point(|t| t.start < start);
    let b = tokens.partition_point(|t| t.start < end);
    a..b.max(a)
}

/// Hits that do not overlap the one before (an exact and a stemmed match of one phrase count once).
pub(crate) fn distinct<'h>(hits: impl Iterator<Item = &'h crate::text::Hit>) -> usize {
    let mut end = 0;
    let mut n = 0;
    for h in hits {
        if n == 0 || h.start >= end {
            n += 1;
        }
        end = end.max(h.end);
    }
    n
}

/// Words that deny what follows them: "I never pushed back", "nobody objected", "we did not
/// consider another vendor".
const NEGATORS: [&str; 14] = [
    "not", "never", "no", "nobody", "didn't", "don't", "wasn't", "weren't", "couldn't", "wouldn't",
    "haven't", "hadn't", "neither", "nor",
];

/// Is the hit denied by a negator among the three words before it (in its own clause)?
fn negated(a: &Analysis<'_>, toks: &[Token], h: &crate::text::Hit) -> bool {
    let k = toks.partition_point(|t| t.start < h.start);
    toks[k.saturating_sub(3)..k]
        .iter()
        .enumerate()
        .any(|(j, t)| {
            let at = k.saturating_sub(3) + j;
            // "no one", "not a single": the negator and what follows are one word of denial.
            NEGATORS.contains(&t.lower.as_str())
            // A comma or a semicolon after the negator closes its clause.
            && !toks[at..k].windows(2).any(|w| {
                a.text
                    .get(w[0].end..w[1].start)
                    .is_some_and(|g| g.contains([',', ';', ':']))
            })
        })
}

/// Words that may stand between "which" and the price it tells: "which also pushed", "which in
/// turn delayed", "which would cost".
const PRICE_BETWEEN: [&str; 9] = [
    "also",
    "in",
    "turn",
    "effectively",
    "then",
    "eventually",
    "ultimately",
    "would",
    "will",
];

/// A price paid for a choice, told after it in sentence `i`: a `trade_off_price` verb counted in
/// a `cost_measure` later in the sentence, opened by "which"/"that" after the choice ("…, which
/// pushed our dashboard back a month", "…, which meant telling product their work would slip a
/// month"), by a comma ("…, delaying reminders by a quarter"), or at the sentence's start by a
/// word pointing back ("That pushed the launch back five weeks", "Stopping meant writing off
/// $600,000", "The delay cost £40,000"). `Some((true, from))` when the choice is the candidate's
/// own in this sentence (or the price is the candidate's own verb: "I pushed the launch back a
/// sprint"); `Some((false, from))` when the sentence points back and `own_before` says the
/// sentence before was the candidate's doing; `None` otherwise. `from` is the byte where the price
/// is told (the sentence's start when the whole sentence tells it). A denied price ("which did
/// not delay anything") is none.
fn price_paid(
    a: &Analysis<'_>,
    i: usize,
    toks: &[Token],
    own_before: bool,
    verb: Option<usize>,
    acting_at: &dyn Fn(usize) -> bool,
) -> Option<(bool, usize)> {
    let word = |k: usize| toks.get(k).map_or("", |t| t.lower.as_str());
    let gap = |x: usize, y: usize| match (toks.get(x), toks.get(y)) {
        (Some(p), Some(q)) => a.text.get(p.end..q.start).unwrap_or(""),
        _ => "",
    };
    // A word opening the sentence that points back at the choice before it.
    let points_back = |k: usize| {
        matches!(word(k), "that" | "this" | "it" | "which")
            || k == 0 && word(0).ends_with("ing") && word(0).len() > 5
    };
    let price_at = |k: usize| {
        toks.get(k)
            .is_some_and(|t| a.hits_in(i, L::TradeOffPrice).any(|h| h.start == t.start))
    };
    // "That meant roughly 15% of sellers did not get it at launch": what the choice before it
    // meant, told as something lost or denied.
    if own_before && points_back(0) && word(1) == "meant" {
        let from = toks.get(2).map_or(usize::MAX, |t| t.start);
        let lost = toks
            .iter()
            .skip(2)
            .any(|t| NEGATORS.contains(&t.lower.as_str()))
            || [L::TradeOffPrice, L::TradeOffCost, L::CostMeasure]
                .into_iter()
                .any(|l| a.hits_in(i, l).any(|h| h.start >= from));
        if lost {
            return Some((false, toks.first().map_or(0, |t| t.start)));
        }
    }
    for h in a.hits_in(i, L::TradeOffPrice) {
        if negated(a, toks, h) {
            continue;
        }
        let k = toks.partition_point(|t| t.start < h.start);
        let measured = a
            .hits_in(i, L::CostMeasure)
            .any(|m| m.start >= h.end && toks.partition_point(|t| t.start < m.start) <= k + 12);
        if !measured {
            continue;
        }
        // The candidate's own verb: "I pushed the wallet feature back by a sprint".
        let own_price_verb = ["push", "delay", "slip", "postpon", "held", "hold"]
            .iter()
            .any(|p| word(k).starts_with(p));
        if verb == Some(k) && own_price_verb {
            return Some((true, h.start));
        }
        // One of a list of the candidate's acts: "I called each advertiser…, and pushed our
        // dashboard back a month to free that time".
        if own_price_verb
            && verb.is_some_and(|v| v < k)
            && k > 0
            && word(k - 1) == "and"
            && acting_at(h.start)
        {
            return Some((true, h.start));
        }
        // Back over the words that may stand between the opener and the price.
        let mut j = k;
        while j > 0 && PRICE_BETWEEN.contains(&word(j - 1)) {
            j -= 1;
        }
        // "which meant telling product their work would slip": "meant" carries the price.
        let meant = (j.saturating_sub(8)..j).rev().find(|&m| word(m) == "meant");
        if let Some(m) = meant {
            j = m;
        }
        let Some(opener) = j.checked_sub(1) else {
            continue;
        };
        let at = toks.get(opener).map_or(0, |t| t.start);
        // At the start, or after "the" and a word of the choice ("The delay cost…").
        let start = opener == 0 || opener == 1 && word(0) == "the" && price_at(1);
        if start && (points_back(0) || word(0) == "the") {
            if own_before {
                return Some((false, toks.first().map_or(h.start, |t| t.start)));
            }
            continue;
        }
        // "That kept most of the savings but cost four extra reviewers": a sentence pointing back
        // at the choice may tell its price anywhere in it.
        if own_before && points_back(0) {
            return Some((false, toks.first().map_or(h.start, |t| t.start)));
        }
        let comma_before = |x: usize| x.checked_sub(1).is_some_and(|w| gap(w, x).contains(','));
        let mid = matches!(word(opener), "which" | "that") && comma_before(opener)
            || word(k).ends_with("ing") && meant.is_none() && comma_before(k);
        if mid && acting_at(at) {
            return Some((true, h.start));
        }
    }
    None
}

/// Words just before a number that make it a target rather than an outcome.
fn target_before(toks: &[Token], num_start: usize) -> bool {
    let i = toks.partition_point(|t| t.start < num_start);
    // "decided to retire the old API in 90 days", "asked us to cut costs by 20%": the figure of
    // an intention is its deadline or goal. Read back to the intention's "to" within the clause.
    let intended = toks[..i]
        .iter()
        .rev()
        .take(10)
        .take_while(|t| !matches!(t.lower.as_str(), "and" | "but" | "so" | "then" | "which"))
        .collect::<Vec<_>>()
        .windows(2)
        .any(|w| {
            w[0].lower == "to"
                && matches!(
                    w[1].lower.as_str(),
                    "decided"
                        | "wanted"
                        | "planned"
                        | "plan"
                        | "plans"
                        | "asked"
                        | "agreed"
                        | "promised"
                        | "needed"
                        | "committed"
                )
        });
    if intended {
        return true;
    }
    // "The target was 40% lower latency for 2 million users": a sentence that opens on a target
    // states targets throughout.
    let opening = toks.len().min(4).min(i);
    toks[..opening]
        .iter()
        .chain(&toks[i.saturating_sub(4)..i])
        .any(|t| {
            matches!(
                t.lower.as_str(),
                "target"
                    | "targets"
                    | "goal"
                    | "goals"
                    | "aim"
                    | "aimed"
                    | "aiming"
                    | "budget"
                    | "sla"
                    | "objective"
                    | "promised"
                    | "quota"
                    | "needed"
                    | "required"
                    | "must"
            )
        })
}

/// Phrases that set one figure against another ("120 ms versus 800 ms"); the last two do not in
/// a sentence that makes a choice ("decided on three waves instead of one").
const COMPARED: [&str; 9] = [
    " versus ",
    " vs ",
    " vs. ",
    " compared with ",
    " compared to ",
    " down from ",
    " up from ",
    " instead of ",
    " against ",
];

/// Where the first of `phrases` (each starting with a space) starts in `text`.
fn first_of(text: &str, phrases: &[&str]) -> Option<usize> {
    let bytes = text.as_bytes();
    (0..bytes.len()).find(|&i| {
        bytes[i] == b' '
            && phrases.iter().any(|p| {
                // The byte after the space first: most spaces start none of them.
                let p = p.as_bytes();
                p.get(1).is_none_or(|b| bytes.get(i + 1) == Some(b)) && bytes[i..].starts_with(p)
            })
    })
}

/// The clauses of the sentence `[start, end)` as byte ranges, split at its semicolons (the whole
/// sentence when it has none).
fn clauses(a: &Analysis<'_>, start: usize, end: usize) -> Vec<(usize, usize)> {
    let body = a.text.get(start..end).unwrap_or("");
    let mut out = Vec::new();
    let mut from = start;
    for (k, _) in body.match_indices(';') {
        out.push((from, start + k));
        from = start + k + 1;
    }
    out.push((from, end));
    out
}

/// A sentence of buzzwords and vague claims with nothing checkable in it (no number, no person):
/// two buzzwords, or one buzzword or jargon phrase (or two vague claims) with no figure and no one
/// named. Such a sentence carries no signal however many signal words it holds.
pub(crate) fn hollow(a: &Analysis<'_>, i: usize, toks: &[Token]) -> bool {
    let buzzwords = distinct(a.hits_in(i, L::Buzzwords));
    let buzz = buzzwords + distinct(a.hits_in(i, L::Jargon));
    buzzwords > 1
        || (buzz > 0 || distinct(a.hits_in(i, L::Vague)) > 1)
            && a.numbers.get(i).is_none_or(Vec::is_empty)
            && !person_named(a, i, toks)
}

/// The signal bits of every sentence, and the outcome-number facts.
pub fn detect(a: &Analysis<'_>) -> (Vec<Bits>, Numbers) {
    let n_sent = a.sentences.len();
    let mut bits = vec![0 as Bits; n_sent];
    let mut nums = Numbers::default();
    // Sentences that tell something happening late in the answer: the result, where the answer
    // states no result in the words the lexicon knows.
    let mut happened_at = vec![false; n_sent];
    // Units of the figures that set the scene, for a later outcome's baseline.
    let mut early_units: Vec<String> = Vec::new();
    let mut scene_units: Vec<String> = Vec::new();
    // The sentence before wanted something of someone else's (for a contrary view after it).
    let mut rival_before = false;
    for (i, s) in a.sentences.iter().enumerate() {
        let shape = a.shapes[i];
        let r = token_range(&a.tokens, shape.body, s.end);
        let toks = &a.tokens[r];
        let mut b: Bits = 0;
        let has = |l: L| a.sentence_has(i, l);
        let pos = i as f64 / n_sent.max(1) as f64;

        // Action: a first-person clause with an action verb, a subject-less bullet or action line
        // that starts with a verb, or a listed first-person action.
        // A sentence of buzzwords and vague claims with nothing checkable in it (no number, no
        // person) carries no signal however many signal words it holds.
        let hollow = hollow(a, i, toks);
        let verb = agency(a, i, toks).filter(|_| !hollow);
        // A design answer's bullets ("Put images on S3") are its design, not things done.
        let implicit_at = if (shape.bullet || shape.part == Part::Action) && !hollow && !a.design {
            implicit_start(a, toks).filter(|&k| {
                !role_statement(toks, k) && !habitual(a, i, toks, k) && toks[k].lower != "got"
                    || toks[k].lower == "got" && causative_get(toks, k)
            })
        } else {
            None
        };
        let implicit = implicit_at.is_some();
        let acting = verb.is_some() || implicit;
        // Clauses joined by a semicolon are read each on its own for whose doing they tell:
        // "Conversion rose to 3.6% in two weeks; I learned to pair every dashboard with raw
        // sessions" is a result and a lesson, and the lesson's "I learned" does not make the rise
        // the candidate's own doing.
        let clauses = clauses(a, s.start, s.end);
        let clause_acting: Vec<bool> = if clauses.len() > 1 {
            clauses
                .iter()
                .map(|&(cs, ce)| {
                    let ct = &toks[token_range(toks, cs, ce)];
                    !hollow && agency(a, i, ct).is_some()
                        || implicit_at
                            .and_then(|k| toks.get(k))
                            .is_some_and(|t| (cs..ce).contains(&t.start))
                })
                .collect()
        } else {
            vec![acting]
        };
        let clause_of = |at: usize| clauses.iter().position(|&(cs, ce)| at >= cs && at < ce);
        // Is the clause holding byte `at` of the text one of the candidate's own doing?
        let acting_at = |at: usize| clause_of(at).map_or(acting, |c| clause_acting[c]);
        let setting = matches!(shape.part, Part::Situation | Part::Task);
        // A listed action ("i ran") counts only where the reading found no role statement or habit
        // in its place.
        let first_person_verb = toks.iter().any(|t| t.lower == "i");
        let listed = has(L::Action)
            && !hollow
            && !setting
            && (!first_person_verb || verb.is_some())
            && !has(L::Habitual);
        if verb.is_some() || implicit || listed {
            b |= Sig::Action.bit();
        }
        // Decision: a listed decision, or an action clause whose verbs include a choosing verb.
        // In a list of options ("Offered two options: keep the date, or move it") the verbs after
        // the colon are the options, not a choice.
        // The colon that opens a list of options is in the sentence's own words, after any
        // inline label ("R: We launched…" lists nothing).
        let own_from = shape.body.clamp(s.start, s.end);
        let options_from = if has(L::Alternatives) {
            a.text
                .get(own_from..s.end)
                .and_then(|t| t.find(':'))
                .map_or(usize::MAX, |c| own_from + c)
        } else {
            usize::MAX
        };
        // Laying options out ("Offered two options", "proposed both paths") is not choosing one.
        let presents = |h: &crate::text::Hit| {
            let k = toks.partition_point(|t| t.start < h.end);
            let next = |j: usize| toks.get(k + j).map_or("", |t| t.lower.as_str());
            matches!(
                next(0),
                "two" | "three" | "four" | "several" | "both" | "some" | "the" | "a" | "few"
            ) && (1..=2).any(|j| {
                matches!(
                    next(j),
                    "options" | "choices" | "paths" | "approaches" | "ways" | "alternatives"
                )
            })
        };
        // The choosing verb must be in the candidate's own clause: "I asked her manager if I
        // could coach her, and he agreed" is his agreement, not a decision of the candidate's.
        let choosing = |from: usize| {
            let at = toks.get(from).map_or(usize::MAX, |t| t.start);
            let clause_end = toks
                .iter()
                .skip(from + 1)
                .find(|t| matches!(t.lower.as_str(), "he" | "she" | "they" | "it"))
                .map_or(usize::MAX, |t| t.start);
            a.hits_in(i, L::DecisionVerbs)
                .any(|h| h.start >= at && h.start < options_from.min(clause_end) && !presents(h))
        };
        let we_choose = toks.iter().enumerate().any(|(k, t)| {
            t.lower == "we"
                && toks
                    .get(k + 1)
                    .is_some_and(|n| a.decision_stems.contains(&n.stem))
        });
        // Doing one thing rather than another is choosing it: "I ordered the migration by risk
        // rather than by who was ready", "Reused Ravi's service instead of building our own".
        let own_way = (verb.is_some() || implicit_at.is_some())
            && !setting
            && toks.windows(2).any(|w| {
                matches!(
                    (w[0].lower.as_str(), w[1].lower.as_str()),
                    ("rather", "than") | ("instead", "of")
                ) && verb.is_none_or(|v| toks.get(v).is_some_and(|t| t.start < w[0].start))
            });
        if !hollow
            && (a.hits_in(i, L::Decision).any(|h| !negated(a, toks, h))
                || verb.is_some_and(choosing)
                || implicit_at.is_some_and(choosing)
                || we_choose
                || own_way)
        {
            b |= Sig::Decision.bit();
        }
        // Trade-off: listed, or a cost word followed later by what it bought.
        let hits_in = |l: L| a.hits_in(i, l);
        let not_outcome = |end: usize| {
            // "errors dropped to 2%", "cut latency by 40%": a change, not a sacrifice.
            let j = toks.partition_point(|t| t.start < end);
            !toks.get(j).is_some_and(|t| {
                matches!(t.lower.as_str(), "from" | "to" | "by" | "under" | "below")
                    || t.lower.starts_with(|c: char| c.is_ascii_digit())
            })
        };
        // "trade-off" said by name needs something beside it: a reason, an alternative, a number.
        let named = |h: &&crate::text::Hit| {
            let w = a
                .text
                .get(h.start..h.end)
                .unwrap_or("")
                .to_ascii_lowercase();
            w.starts_with("trade") || w.starts_with("tradeoff")
        };
        // Figures alone do not back it: "a trade-off of 2 weeks" names nothing given up for anything.
        // Nor does a contrast: "the trade-offs had been written down rather than argued" talks
        // about trade-offs without making one. Said by name, it needs what was given up or bought,
        // or to be spelled out after it ("the trade-off was…", "a trade-off between…", "…: ").
        let backed = s.words >= 8 && (has(L::TradeOffGain) || has(L::TradeOffCost));
        let spelled_out = |h: &&crate::text::Hit| {
            let rest = a.text.get(h.end..s.end).unwrap_or("").to_ascii_lowercase();
            let rest = rest.trim_start();
            rest.starts_with(':')
                || [
                    "was ",
                    "is ",
                    "between ",
                    "here was",
                    "i made",
                    "we made",
                    "i accepted",
                    "we accepted",
                ]
                .iter()
                .any(|w| rest.starts_with(w))
        };
        let listed_trade = hits_in(L::TradeOff).any(|h| {
            not_outcome(h.end) && (!named(&h) || backed || spelled_out(&h)) && !negated(a, toks, h)
        });
        let structural = hits_in(L::TradeOffCost)
            .filter(|h| not_outcome(h.end))
            .any(|c| hits_in(L::TradeOffGain).any(|g| g.start >= c.end));
        if (listed_trade || structural) && !hollow {
            b |= Sig::TradeOff.bit();
        }
        // The price of a choice told after it: "…, which pushed our dashboard back a month",
        // "…, delaying reminders by a quarter", "That pushed the launch back five weeks". Its
        // figures (from `priced_from` on) are what the choice cost, not outcomes.
        let mut priced_from = usize::MAX;
        if !hollow {
            let own_before = i > 0
                && bits
                    .get(i - 1)
                    .is_some_and(|p| p & (Sig::Decision.bit() | Sig::Action.bit()) != 0);
            if let Some((own, from)) = price_paid(a, i, toks, own_before, verb, &acting_at) {
                priced_from = from;
                b |= Sig::TradeOff.bit();
                // Paying a price for what the candidate did was a choice: in this sentence, or
                // in the one before that this one points back at.
                if own && !setting {
                    b |= Sig::Decision.bit();
                } else if !own {
                    if let Some(p) = bits.get_mut(i - 1) {
                        *p |= Sig::Decision.bit();
                    }
                }
            }
        }
        for (l, sig) in [
            (L::Alternatives, Sig::Alternatives),
            (L::Dissent, Sig::Dissent),
            (L::Commitment, Sig::Commitment),
            (L::Mistake, Sig::Mistake),
            (L::Lesson, Sig::Lesson),
            (L::Capacity, Sig::Capacity),
            (L::Artifacts, Sig::Artifacts),
            (L::IncompleteData, Sig::Incomplete),
            (L::Responsibility, Sig::Responsibility),
            (L::DesignRequirements, Sig::Requirements),
            (L::DesignComponents, Sig::Components),
            (L::DesignBottleneck, Sig::Bottleneck),
            (L::DesignFailure, Sig::FailureMode),
            (L::DesignMonitoring, Sig::Monitoring),
            (L::DesignScaling, Sig::Scaling),
            (L::Situation, Sig::Situation),
            (L::Task, Sig::Task),
        ] {
            // A hollow sentence sets the scene at most; a denied one ("nobody pushed back", "we
            // never weighed another vendor") does not carry what it denies.
            let negatable = !matches!(sig, Sig::Situation | Sig::Task | Sig::Mistake);
            if has(l)
                && (!hollow || matches!(sig, Sig::Situation | Sig::Task))
                && a.hits_in(i, l).any(|h| {
                    // What a choice pushed back ("…, and pushed our dashboard back a month") is
                    // the price, not a document the candidate made.
                    let priced = sig == Sig::Artifacts && h.start >= priced_from;
                    !priced && (!negatable || !negated(a, toks, h))
                })
            {
                b |= sig.bit();
            }
        }
        // The team's load, protected in the same sentence: "I capped on-call at one week in six".
        if has(L::CapacityLoad)
            && has(L::CapacityGuard)
            && !hollow
            && shape.part != Part::Situation
            && a.hits_in(i, L::CapacityLoad).any(|h| !negated(a, toks, h))
        {
            b |= Sig::Capacity.bit();
        }
        // The sentence lower-cased, read only where a check below can change something.
        let said_once = std::cell::OnceCell::new();
        let said = || {
            said_once.get_or_init(|| {
                a.text
                    .get(s.start..s.end)
                    .unwrap_or("")
                    .to_lowercase()
                    .replace('’', "'")
            })
        };
        // A mistake named to deflect it ("If I had to name one, I suppose I underestimated…",
        // "maybe I trusted them too much") is not owned.
        if b & Sig::Mistake.bit() != 0
            && [
                "if i had to",
                "i suppose",
                "i guess",
                "maybe",
                "perhaps",
                "if anything",
                "technically",
                "some would say",
                "people say",
            ]
            .iter()
            .any(|d| said().contains(d))
        {
            b &= !Sig::Mistake.bit();
        }
        // "I learned a lot." names no lesson.
        if b & Sig::Lesson.bit() != 0
            && s.words < 8
            && shape.part != Part::Lesson
            && ["a lot", "so much", "many things", "a great deal", "loads"]
                .iter()
                .any(|v| said().contains(v))
        {
            b &= !Sig::Lesson.bit();
        }
        // In a design, a choice with its reason against another option weighs alternatives:
        // "rolling back, because a rollback is reversible; rolling forward is only worth it when…".
        if a.design
            && !hollow
            && [" because ", " since ", " so that ", " which is why "]
                .iter()
                .any(|w| said().contains(w))
            && [
                " rather than ",
                " instead of ",
                " over ",
                " versus ",
                " vs ",
                " unless ",
                " whereas ",
                " only worth ",
                " compared ",
                " not ",
            ]
            .iter()
            .any(|w| said().contains(w))
        {
            b |= Sig::Alternatives.bit();
        }
        if has(L::Customer) && has(L::CustomerNeed) && !hollow {
            b |= Sig::Customer.bit();
        }
        // The customer's need told of them by pronoun ("It meant she couldn't pay her suppliers")
        // just after a sentence that names them.
        let named_before = (i.saturating_sub(2)..i).any(|j| {
            a.masks
                .get(j)
                .is_some_and(|m| m & (1u64 << L::Customer as usize) != 0)
        });
        if !has(L::Customer)
            && has(L::CustomerNeed)
            && !hollow
            && named_before
            && toks.iter().any(|t| {
                matches!(
                    t.lower.as_str(),
                    "she" | "he" | "they" | "her" | "his" | "their" | "them"
                )
            })
        {
            b |= Sig::Customer.bit();
        }
        // Choices said in ordinary words. "Chose a vendor over building in-house", "I chose
        // instead to hotfix": a choice with the option it beat is options weighed, and choosing
        // one option over another gives the other up.
        if b & Sig::Decision.bit() != 0 && !hollow {
            let from = a
                .hits_in(i, L::DecisionVerbs)
                .map(|h| h.start)
                .next()
                .unwrap_or(usize::MAX);
            let beat = toks.iter().any(|t| {
                t.start > from && matches!(t.lower.as_str(), "over" | "instead" | "rather")
            });
            if beat {
                b |= Sig::Alternatives.bit();
            }
            // The choice and its reason weigh two costs: "because a failover was reversible
            // while lost orders were not".
            let weighs = toks
                .iter()
                .any(|t| matches!(t.lower.as_str(), "while" | "whereas"))
                && toks.iter().any(|t| t.lower == "because");
            // The option beaten, with what it cost or why: "delay by six weeks rather than launch
            // with bad data", "instead, because rolling back would have reverted…".
            let reasoned = has(L::TradeOffCost) || toks.iter().any(|t| t.lower == "because");
            if beat && reasoned || weighs {
                b |= Sig::TradeOff.bit();
            }
        }
        // Two positions in one sentence: "The iOS lead wanted to roll back; I chose instead to
        // hotfix", "Camille wanted the vendor, but…".
        let rival_wants = !hollow
            && toks.iter().any(|t| t.lower == "wanted")
            && (toks
                .iter()
                .any(|t| matches!(t.lower.as_str(), "instead" | "rather" | "but" | "while"))
                || a.text.get(s.start..s.end).is_some_and(|t| t.contains(';')));
        // Two positions in two sentences: "My manager wanted to merge the programs. I thought it
        // would bury the scheduling work." Someone else wanted something in the sentence before,
        // and this one opens on the candidate's own contrary view (the pack's `own_view`).
        let view_after_rival = !hollow
            && rival_before
            && a.text.get(own_from..s.end).is_some_and(|t| {
                let t = t.trim_start().to_lowercase().replace('’', "'");
                a.own_view.iter().any(|v| {
                    t.starts_with(v.as_str())
                        && t[v.len()..].starts_with(|c: char| !c.is_alphanumeric())
                })
            });
        if rival_wants || view_after_rival {
            b |= Sig::Dissent.bit();
        }
        // Someone other than the candidate wanted or decided something here: "My manager wanted…", not "I
        // wanted…" or "we wanted…".
        // "Our VP decided to move every team onto one tool." is a position too.
        rival_before = toks.iter().enumerate().any(|(k, t)| {
            matches!(t.lower.as_str(), "wanted" | "decided" | "insisted")
                && k > 0
                && !matches!(toks[k - 1].lower.as_str(), "i" | "we" | "really" | "also")
        });
        match shape.part {
            Part::Situation => b |= Sig::Situation.bit(),
            Part::Task => b |= Sig::Task.bit(),
            Part::Lesson => b |= Sig::Lesson.bit(),
            _ => {}
        }
        // Partners: a role, and a person's name next to it or said with a verb of working together.
        if a.hits_in(i, L::PartnerRoles).any(|h| role_noun(a, toks, h)) {
            b |= Sig::Partner.bit();
            if named_near_role(a, i, toks) {
                b |= Sig::PartnerNamed.bit();
            }
        }
        if person_named(a, i, toks) {
            b |= Sig::Partner.bit() | Sig::PartnerNamed.bit();
        }

        // Numbers by role.
        let numbers = &a.numbers[i];
        let body = a.text.get(s.start..s.end).unwrap_or("");
        let mut outcome_here = 0;
        let mut incidental_here = 0;
        let setting = matches!(shape.part, Part::Situation | Part::Task);
        // Change words only: "to", "from", "under" alone do not make a number an outcome.
        let outcome_words: Vec<(usize, usize)> = hits_in(L::Outcome)
            .filter(|h| {
                let w = a
                    .text
                    .get(h.start..h.end)
                    .unwrap_or("")
                    .to_ascii_lowercase();
                // "cut-over", "up-front": part of another word.
                !a.text.get(h.end..).is_some_and(|r| r.starts_with('-'))
                    && !matches!(
                        w.as_str(),
                        "to" | "from"
                            | "under"
                            | "below"
                            | "up to"
                            | "down to"
                            | "fewer"
                            | "less than"
                    )
            })
            .map(|h| (h.start - s.start, h.end - s.start))
            .collect();
        let lower_body = body.to_ascii_lowercase();
        // "from about 6 a month to none": the after figure said as a word of nothing.
        let to_nothing = |t: usize| {
            lower_body.get(t + 4..).is_some_and(|r| {
                ["none", "nothing", "nil"].iter().any(|w| {
                    r.starts_with(w) && !r[w.len()..].starts_with(|c: char| c.is_alphanumeric())
                })
            })
        };
        let from_to = lower_body
            .find("from ")
            .zip(lower_body.rfind(" to "))
            .filter(|(f, t)| f < t);
        // Options set side by side in a choice ("decided on three waves instead of one") are not
        // a change; outside a choice, "one day instead of six" and "six of seven, against three
        // before" are.
        let choice = b & Sig::Decision.bit() != 0;
        let compared: &[&str] = if choice { &COMPARED[..7] } else { &COMPARED };
        let compared_at = first_of(&lower_body, compared);
        // "2 days against 5 before", "120 ms versus 800 ms": a figure set against another.
        let figures_compared = compared_at.is_some_and(|c| {
            numbers.iter().any(|y| y.end <= c) && numbers.iter().any(|y| y.start > c)
        });
        let units: Vec<usize> = hits_in(L::Units).map(|h| h.start - s.start).collect();
        let incidental: Vec<(usize, usize)> = hits_in(L::Incidental)
            .map(|h| (h.start - s.start, h.end - s.start))
            .collect();
        let result_cue = has(L::Result) || shape.part == Part::Result;
        // A number's unit: its own mark ("30%", "$2M"), or a unit word right after it or one
        // word on ("zero invoice errors").
        let unit_of = |x: &Number| {
            let written = body.get(x.start..x.end).unwrap_or("");
            if written.ends_with('%') {
                return Some("%".to_string());
            }
            if let Some(c) = written.chars().next().filter(|c| "$€£".contains(*c)) {
                return Some(c.to_string());
            }
            hits_in(L::Units)
                .find(|h| {
                    let at = h.start - s.start;
                    at >= x.end
                        && body.get(x.end..at).is_some_and(|gap| {
                            gap.len() <= 2 || gap.split_whitespace().count() == 1 && gap.len() <= 16
                        })
                })
                .map(|h| a.phrase(h).to_ascii_lowercase())
        };
        if setting || pos < 0.5 {
            // Registered for the sentences after this one.
            scene_units.extend(numbers.iter().filter_map(unit_of));
        }
        for x in numbers {
            // "9 of every 10", "3 out of 4": a rate is a measure, like a percentage.
            let rate = body.get(x.end..).is_some_and(|r| {
                let r = r.to_ascii_lowercase();
                r.starts_with(" of every ")
                    || r.starts_with(" out of ")
                    || r.starts_with(" in every ")
            });
            let unit_after = rate
                || units.iter().any(|&us| us >= x.end && us <= x.end + 2)
                || unit_of(x).is_some();
            let incidental_near = incidental.iter().any(|&(is, ie)| {
                (ie <= x.start && x.start - ie <= 2) || (is >= x.end && is <= x.end + 1)
            });
            let year_like =
                !x.marked && (1990.0..=2039.0).contains(&x.value) && x.value.fract() == 0.0;
            let version_like = body
                .get(..x.start)
                .is_some_and(|b| b.ends_with('v') || b.ends_with('V') || b.ends_with('Q'));
            // The figures of a hollow sentence are padding ("a 300% boost in synergy").
            if incidental_near || year_like || version_like || hollow {
                incidental_here += 1;
                continue;
            }
            if target_before(toks, s.start + x.start) {
                continue;
            }
            // An outcome word close to the number ("fell to 2%", "cut by 40%", "saved $2M").
            let near = outcome_words.iter().any(|&(os, oe)| {
                (oe <= x.start && x.start - oe <= 40) || (os >= x.end && os - x.end <= 25)
            });
            // "from 45 to 8 minutes": a before and an after are a change whatever the verb.
            let in_from_to = from_to.is_some_and(|(f, t)| {
                x.start > f
                    && numbers.iter().any(|y| y.start > f && y.start < t)
                    && (numbers.iter().any(|y| y.start > t) || to_nothing(t))
            }) || figures_compared;
            // In a sentence of the candidate's own doing, a change word is usually the doing
            // ("Cut the template to 2 pages"): only a before and after, or a result cue, makes
            // its figure an outcome. Figures inside a list of options are options.
            // A change word in a clause of someone else's doing beside one of the candidate's
            // ("…decided to defer saved cards; p99 fell to 300 ms") is a change; the late-answer
            // reading below stays with the whole sentence's doing.
            let changed = (near && !acting_at(s.start + x.start)) || result_cue || in_from_to;
            if s.start + x.start > options_from {
                incidental_here += 1;
                continue;
            }
            let is_outcome = if setting || a.design {
                false
            } else if s.start + x.start >= priced_from && !in_from_to {
                // "…, which pushed the finish back three weeks": a price, not an outcome.
                false
            } else if n_sent >= 4 && pos < 0.25 && !near && !in_from_to {
                // The opening's figures describe the setting ("40,000 sellers", "a 9% error rate").
                false
            } else {
                // In a sentence of the candidate's own doing, a late figure is part of the plan
                // ("lent two engineers for six weeks") unless a change word sits by it.
                (x.marked || unit_after || near || in_from_to)
                    && (changed || pos >= 0.75 && !acting)
            };
            if is_outcome {
                outcome_here += 1;
                // "fell to 3.8%" after "a 30% pick-error rate" in the setting: the baseline is
                // stated, just earlier.
                if unit_of(x).is_some_and(|u| early_units.contains(&u)) {
                    nums.before_after = true;
                }
            } else {
                incidental_here += 1;
            }
        }
        early_units.append(&mut scene_units);
        // "Ten weeks instead of six months": the figures are a before and an after, not options
        // weighed (unless the sentence is also a choice of the candidate's).
        if outcome_here > 0 && figures_compared && !choice {
            b &= !Sig::Alternatives.bit();
        }
        if outcome_here > 0 {
            b |= Sig::OutcomeNumber.bit() | Sig::Result.bit();
            nums.outcome += outcome_here;
            nums.outcome_sentences.push(i);
            if let Some((f, t)) = from_to {
                if numbers.iter().any(|x| x.start > f && x.start < t)
                    && (numbers.iter().any(|x| x.start > t) || to_nothing(t))
                {
                    nums.before_after = true;
                }
            }
        } else if incidental_here > 0 && hollow {
            nums.padding.push(i);
        } else if incidental_here > 0 {
            nums.incidental_only.push(i);
        }
        // A result cue ("in the end", "which meant") in a sentence of the candidate's own doing is
        // part of the doing, unless the sentence sits under a Result label.
        // Late in the answer, something that happened (a past verb) that the candidate did not
        // do and nobody argued: "It cleared within a week", "We hit the date", "Helen agreed".
        // Read clause by clause: "It cleared within a week; I learned to…" happened in its first.
        let happened = pos >= 0.6
            && s.words >= 3
            && shape.part != Part::Lesson
            && clauses
                .iter()
                .zip(&clause_acting)
                .any(|(&(cs, ce), &acting)| {
                    let within = |h: &crate::text::Hit| h.start >= cs && h.start < ce;
                    !acting
                        && toks[token_range(toks, cs, ce)]
                            .iter()
                            .any(|t| past(a, &t.lower))
                        && !hits_in(L::Dissent).any(within)
                        && !hits_in(L::Lesson).any(within)
                });
        let fallback_ok = !setting && !hollow && pos >= 0.3;
        happened_at[i] = happened && fallback_ok;
        // A cue in a clause of someone else's doing, even when another clause is the candidate's.
        let cue_apart = clauses.len() > 1 && hits_in(L::Result).any(|h| !acting_at(h.start));
        if result_cue
            && !setting
            && !hollow
            && pos >= 0.3
            && (!acting || cue_apart || shape.part == Part::Result)
        {
            b |= Sig::Result.bit();
        }
        // Design numbers: a figure of load or size (a rate, a volume, a count of what is served:
        // "100,000 checks a second", "30 GB", "5 M uploads a day"), or working that puts figures
        // together ("that's", "×"). A duration, a percentage or a size limit alone is a
        // requirement or a setting, not an estimate.
        let sized = numbers.iter().any(|x: &Number| {
            let after = lower_body.get(x.end..).unwrap_or("");
            let after = after.trim_start_matches([' ', '-']);
            let first = after.as_bytes().first();
            a.estimate_words.iter().any(|w| {
                // The first byte first: most words cannot start there.
                w.as_bytes().first().is_none_or(|b| Some(b) == first)
                    && after.starts_with(w.as_str())
                    && after[w.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric())
            })
        });
        // "50,000 clicks per second", "3 M renders a day": any thing counted at a rate.
        let rated = || {
            numbers.iter().any(|x: &Number| {
                let after = lower_body.get(x.end..).unwrap_or("").trim_start();
                let mut words = after.splitn(2, ' ');
                let (Some(thing), Some(rest)) = (words.next(), words.next()) else {
                    return false;
                };
                thing.chars().all(char::is_alphabetic)
                    && [
                        "a second",
                        "per second",
                        "a minute",
                        "per minute",
                        "an hour",
                        "per hour",
                        "a day",
                        "per day",
                        "a month",
                        "per month",
                        "at peak",
                        "at the peak",
                    ]
                    .iter()
                    .any(|r| rest.starts_with(r))
            })
        };
        let worked = numbers.len() >= 2
            && a.estimate_working
                .iter()
                .any(|w| lower_body.contains(w.as_str()));
        if sized || worked || rated() {
            b |= Sig::Estimate.bit();
        }
        // A habit or a rule of thumb ("disagreements come up all the time") is nobody disagreeing
        // in this story.
        let any_past = toks.iter().any(|t| past(a, &t.lower));
        if has(L::Habitual) && !any_past {
            b &= !(Sig::Dissent.bit() | Sig::Decision.bit());
        }
        // Disagreement in a story happened: a sentence with no verb in the past ("disagreements
        // don't really happen", "this keeps disagreements from becoming blockers") is a view, and
        // "my biggest challenge was" names a difficulty, not someone challenged.
        // Words that share a stem with dissent but name something else: "the challenges", "billing
        // disputes", "disagree and commit" (the principle's name), "pushed back the date".
        let not_dissent = has(L::Dissent)
            && hits_in(L::Dissent).all(|h| {
                let w = a.text.get(h.start..h.end).unwrap_or("").to_lowercase();
                // Only the words right after the hit matter.
                let after: String = a
                    .text
                    .get(h.end..s.end)
                    .unwrap_or("")
                    .chars()
                    .take(16)
                    .collect::<String>()
                    .to_lowercase();
                let postponed = w.starts_with("push")
                    && a.dissent_postponed
                        .iter()
                        .any(|o| after.starts_with(o.as_str()));
                a.dissent_not.contains(&w) || after.starts_with(" and commit") || postponed
            });
        if !a.design && (!any_past || not_dissent) && !rival_wants {
            b &= !Sig::Dissent.bit();
        }
        // A design answer is read on design criteria: a story's customer and result are not
        // claimed in it.
        if a.design {
            b &= DESIGN_READ;
        }
        bits[i] = b;
    }
    if !a.design && !bits.iter().any(|b| b & Sig::Result.bit() != 0) {
        for (b, h) in bits.iter_mut().zip(&happened_at) {
            if *h {
                *b |= Sig::Result.bit();
            }
        }
    }
    (bits, nums)
}

/// Counts of numbers by role.
#[derive(Debug, Default)]
pub struct Numbers {
    /// Outcome numbers.
    pub outcome: usize,
    /// A before → after change is stated.
    pub before_after: bool,
    /// Sentences holding only numbers that are not outcomes.
    pub incidental_only: Vec<usize>,
    /// Sentences whose figures sit among buzzwords or vague claims with nothing checkable.
    pub padding: Vec<usize>,
    /// Sentences holding an outcome number, in order.
    pub outcome_sentences: Vec<usize>,
}
