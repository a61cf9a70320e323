//! Design and technical answers are judged on design criteria, not on STAR: requirements and
//! assumptions with numbers, components, alternatives with a reason, bottlenecks, failure modes,
//! monitoring and scaling.

use std::collections::HashSet;

use crate::analysis::Analysis;
use crate::findings::FindingSink;
use crate::model::{DesignCheck, Severity};
use crate::signals::Sig;

/// The criteria, in the order an interviewer expects them, with what to say when one is missing.
const CRITERIA: [(Sig, &str, &str, &str); 8] = [
    (
        Sig::Requirements,
        "requirements",
        "No requirements or assumptions: the design starts before the problem is pinned down.",
        "Open with who uses it, for what, and what must hold: \"sellers upload 5 M images a day; reads outnumber writes 100 to 1; p99 under 200 ms.\"",
    ),
    (
        Sig::Estimate,
        "estimate",
        "No numbers for scale: without them no choice below can be checked.",
        "Do the back-of-envelope out loud: users, requests per second at peak, storage per year.",
    ),
    (
        Sig::Components,
        "components",
        "No components are named, so there is no design to discuss.",
        "Name the parts and what each does: \"an API tier behind a load balancer, a queue, workers, a key-value store.\"",
    ),
    (
        Sig::TradeOff,
        "design-trade-off",
        "No choice is weighed against another with a reason.",
        "Say what you chose, what you rejected and why: \"a sliding-window counter rather than a fixed window, because…\"",
    ),
    (
        Sig::Bottleneck,
        "bottleneck",
        "Nothing on what limits the design or breaks first.",
        "Name the hot spot and what you do about it: \"the counter store is the bottleneck at 50k QPS, so…\"",
    ),
    (
        Sig::FailureMode,
        "failure-mode",
        "No failure modes: what happens when a part goes down is left open.",
        "Say how each part fails and what the system does: \"if the cache is down we fail open and serve from the database, rate-limited.\"",
    ),
    (
        Sig::Monitoring,
        "monitoring",
        "No monitoring: nobody would know it is failing.",
        "Name the few metrics and alarms: \"p99 latency, error rate and queue age, with an alarm past 60 seconds.\"",
    ),
    (
        Sig::Scaling,
        "scaling",
        "Nothing on how it grows at 10× the load.",
        "Say where it shards, caches or replicates: \"partition by tenant id; read replicas for the reports.\"",
    ),
];

/// Words that name a criterion outright ("Bottleneck: hot keys", "if Redis fails…").
fn names(sig: Sig) -> &'static [&'static str] {
    match sig {
        Sig::Requirements => &["requirement", "assum", "must "],
        Sig::Estimate => &["per second", "a day", "peak", "estimate"],
        Sig::Components => &["component", "service", "store", "queue", "cache"],
        Sig::TradeOff => &[
            "trade-off",
            "tradeoff",
            "rather than",
            "instead of",
            "because",
        ],
        Sig::Alternatives => &["rather than", "instead of", "over ", "versus"],
        Sig::Bottleneck => &[
            "bottleneck",
            "hot key",
            "hot partition",
            "breaks first",
            "hot spot",
        ],
        Sig::FailureMode => &["fail", "down", "unavailable", "outage", "retry"],
        Sig::Monitoring => &["monitor", "alarm", "alert", "dashboard", "metric"],
        Sig::Scaling => &["scale", "shard", "partition", "replica", "horizontal"],
        _ => &[],
    }
}

/// The sentence to quote for a criterion: the first that carries it and names it outright, else
/// the first that carries it.
fn quoted(a: &Analysis<'_>, sig: Sig) -> Option<usize> {
    let keys = names(sig);
    (0..a.sentences.len())
        .filter(|&i| a.sig_at(i, sig))
        .find(|&i| {
            let (start, end) = a.span(i);
            let t = a.text.get(start..end).unwrap_or("").to_lowercase();
            keys.iter().any(|k| t.contains(k))
        })
        .or_else(|| a.sig_first(sig))
}

/// The checklist and a finding for each criterion that is missing.
/// A technical question (not a system design) hears a missing system criterion as advice: a Note,
/// but for the components and the choice weighed, which every technical answer needs.
pub fn checks(a: &Analysis<'_>, technical: bool, sink: &mut FindingSink<'_>) -> Vec<DesignCheck> {
    let mut out = Vec::new();
    let limit_told = [
        Sig::Bottleneck,
        Sig::FailureMode,
        Sig::Monitoring,
        Sig::Scaling,
    ]
    .iter()
    .any(|s| a.read_any(*s));
    for (sig, code, message, suggestion) in CRITERIA {
        // The checklist reads the rules, not the gated signals: a criterion whose words are
        // there is never listed as missing.
        let found = quoted(a, sig)
            .or_else(|| {
                (sig == Sig::TradeOff)
                    .then(|| quoted(a, Sig::Alternatives))
                    .flatten()
            })
            .or_else(|| a.read_first(sig))
            .or_else(|| {
                (sig == Sig::TradeOff)
                    .then(|| a.read_first(Sig::Alternatives))
                    .flatten()
            });
        match found {
            Some(si) => out.push(DesignCheck {
                criterion: code,
                present: true,
                quote: a.quote(si).2,
            }),
            None => {
                out.push(DesignCheck {
                    criterion: code,
                    present: false,
                    quote: String::new(),
                });
                // An explanation is not a system: it needs no requirements, monitoring or
                // scaling plan, and one limit or failure (any of the four) is enough.
                // Nor numbers for scale: how a thing works holds at any size.
                let asked = !technical
                    || matches!(sig, Sig::Components | Sig::TradeOff)
                    || sig == Sig::Bottleneck && !limit_told;
                if a.words > 0 && asked {
                    let message = if technical && sig == Sig::Bottleneck {
                        "Nothing on where it stops working or what goes wrong: an explanation is judged on its limits too."
                    } else {
                        message
                    };
                    let severity = match sig {
                        Sig::Components | Sig::TradeOff if technical => Severity::Warn,
                        _ if technical => Severity::Note,
                        Sig::Monitoring | Sig::Scaling | Sig::Bottleneck => Severity::Warn,
                        _ => Severity::Miss,
                    };
                    sink.add(
                        "design",
                        code,
                        severity,
                        None,
                        message.to_string(),
                        suggestion,
                    );
                }
            }
        }
    }
    out
}

/// Technical terms a listener without a technical background would stop at: short forms in
/// capitals ("TTL", "PoPs", "DDoS") that are not everyday ones, and the pack's jargon. Each once,
/// as first written, with the sentence it is first in.
/// The terms the question itself uses ("What are RPO and RTO?") are what the answer must explain,
/// not jargon it chose.
pub(crate) fn plain_terms(
    a: &Analysis<'_>,
    question: &str,
    everyday: &HashSet<String>,
) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    let mut seen: HashSet<String> = crate::stems::words(question)
        .filter_map(|(s, e)| question.get(s..e))
        .map(|w| {
            let lower = w.to_lowercase();
            lower.strip_suffix('s').unwrap_or(&lower).to_string()
        })
        .collect();
    let mut add = |raw: &str, at: usize| {
        let Some(i) = a.sentence_at(at) else { return };
        // "CDN" and "CDNs" are one term.
        let lower = raw.to_lowercase();
        let key = lower.strip_suffix('s').unwrap_or(&lower).to_string();
        if seen.insert(key) {
            out.push((raw.to_string(), i));
        }
    };
    for t in &a.tokens {
        let raw = a.text.get(t.start..t.end).unwrap_or("");
        let letters = raw.chars().filter(|c| c.is_alphabetic()).count();
        let upper = raw.chars().filter(|c| c.is_uppercase()).count();
        if upper >= 2 && upper * 2 >= letters && !everyday.contains(&raw.to_lowercase()) {
            add(raw, t.start);
        }
    }
    for h in a.list(crate::L::Jargon as usize) {
        add(a.text.get(h.start..h.end).unwrap_or(""), h.start);
    }
    out.sort_by_key(|(_, i)| *i);
    out
}

/// An explanation asked for a listener without a technical background is judged on plain words
/// and an analogy, not on naming the parts: the points for components give way to points for
/// plain words (all of them with at most one technical term, six fewer for each more) and an
/// analogy or example. Returns the change to the design points and how many of those two (plain
/// words, an analogy) the answer meets, and says what lost them.
pub(crate) fn plain_audience(
    a: &Analysis<'_>,
    question: &str,
    analogy: &[String],
    everyday: &HashSet<String>,
    sink: &mut FindingSink<'_>,
) -> (f64, usize) {
    // Neither named parts nor a back-of-envelope are what such a listener needs.
    sink.out
        .retain(|f| f.signal != "components" && f.signal != "estimate");
    let mut delta = if a.read_any(Sig::Components) {
        -18.0
    } else {
        0.0
    };
    let terms = plain_terms(a, question, everyday);
    delta += (20.0 - 6.0 * terms.len().saturating_sub(1) as f64).max(0.0);
    let mut met = usize::from(terms.len() <= 1);
    if terms.len() >= 2 && a.words > 0 {
        let named: Vec<&str> = terms.iter().take(6).map(|(t, _)| t.as_str()).collect();
        sink.add(
            "design",
            "jargon",
            Severity::Warn,
            terms.first().map(|(_, i)| *i),
            format!(
                "The question asks for a listener without a technical background, and these terms would lose them: {}.",
                named.join(", ")
            ),
            "Say what each thing does in everyday words (\"copies of the site kept near each city\", not \"PoPs\"), or leave it out.",
        );
    }
    let with_analogy = (0..a.sentences.len()).find(|&i| {
        let (s, e) = a.span(i);
        let t = a.text.get(s..e).unwrap_or("").to_lowercase();
        analogy.iter().any(|p| t.contains(p.as_str()))
    });
    if with_analogy.is_some() {
        delta += 8.0;
        met += 1;
    } else if a.words > 0 {
        sink.add(
            "design",
            "analogy",
            Severity::Note,
            None,
            "No analogy or everyday example: a listener without a technical background holds on to a picture.".into(),
            "Give one picture from their world: \"it's like two shop tills that each keep their own count and agree at closing time.\"",
        );
    }
    (delta, met)
}

/// How many of the criteria the answer meets.
pub fn met(checks: &[DesignCheck]) -> usize {
    checks.iter().filter(|c| c.present).count()
}
