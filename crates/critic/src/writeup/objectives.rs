//! How the criteria feed the six objectives and the overall score — the one place this is decided
//! (documented in `docs/design-critique.md`).
//!
//! Each criterion earns a credit in 0..=1: 1 when met, 0 when absent, less when thin (one choice
//! weighed where two are expected: 0.6; monitoring without any threshold: 0.7). The arithmetic
//! check is a fourteenth row: 1 when the stated rate agrees with users × actions, 0 when it does not
//! or when there is nothing to check. An objective's score is 10 × (weighted credits ÷ its weights),
//! rounded. The overall score is the credits weighed by [`POINTS`], less the buzzwords, vague claims
//! and hollow sentences, held under the caps below.

use super::Reading;
use super::criteria::{ALL, C, Found};
use super::report::{ObjectiveScore, Objectives, ReportFinding, ReportNumbers, ReportSeverity};
use crate::scoring::{self, Cap};

/// Rows: criteria in [`ALL`] order, then the arithmetic check. Columns: practicality, accuracy,
/// efficiency, reliability, optimization, scalability.
const TABLE: [[u8; 6]; 14] = [
    [0, 3, 2, 0, 2, 2], // assumptions with numbers
    [2, 3, 0, 0, 0, 0], // functional requirements
    [0, 2, 1, 2, 1, 1], // non-functional requirements
    [3, 1, 0, 0, 0, 1], // components
    [2, 1, 1, 0, 1, 0], // data flow
    [1, 1, 2, 0, 2, 2], // data model
    [3, 1, 2, 1, 3, 1], // alternatives with a reason
    [0, 0, 1, 0, 4, 2], // bottlenecks
    [1, 0, 1, 1, 1, 4], // scaling plan
    [1, 0, 0, 4, 0, 0], // failure modes and fallbacks
    [1, 0, 0, 3, 1, 0], // monitoring and alarms
    [1, 0, 0, 2, 0, 0], // security
    [2, 0, 3, 0, 1, 0], // cost
    [0, 3, 1, 0, 0, 1], // numbers agree with their arithmetic
];

/// Overall points of each row of [`TABLE`] (they sum to 100 with the check).
const POINTS: [f64; 14] = [
    11.0, 6.0, 7.0, 8.0, 6.0, 7.0, 14.0, 8.0, 7.0, 9.0, 6.0, 3.0, 4.0, 4.0,
];

const NAMES: [&str; 6] = [
    "practicality",
    "accuracy",
    "efficiency",
    "reliability",
    "optimization",
    "scalability",
];

/// The scores and what held them.
pub(crate) struct Scored {
    pub(crate) overall: u8,
    pub(crate) objectives: Objectives,
    pub(crate) capped_by: Vec<&'static str>,
    pub(crate) findings: Vec<ReportFinding>,
}

/// Each row's credit, 0..=1.
fn credits(found: &Found, numbers: &ReportNumbers) -> [f64; 14] {
    let mut c = [0.0; 14];
    for (k, crit) in ALL.iter().enumerate() {
        c[k] = match *crit {
            _ if !found.has(*crit) => 0.0,
            C::Alternatives => match found.specific_choices() {
                0 => 0.3,
                1 => 0.6,
                _ => 1.0,
            },
            // A count of users never carried to a rate or a size sizes nothing.
            C::Assumptions
                if numbers.qps.is_empty()
                    && numbers.per_day.is_none()
                    && numbers.storage_bytes.is_none() =>
            {
                0.5
            }
            C::Monitoring if found.thresholds.is_empty() => 0.7,
            _ => 1.0,
        };
    }
    c[13] = match &numbers.check {
        Some(check) if check.consistent => 1.0,
        _ => 0.0,
    };
    c
}

fn objective(k: usize, credit: &[f64; 14]) -> ObjectiveScore {
    let total: f64 = TABLE.iter().map(|row| f64::from(row[k])).sum();
    let earned: f64 = TABLE
        .iter()
        .zip(credit)
        .map(|(row, c)| f64::from(row[k]) * c)
        .sum();
    let mut because = Vec::new();
    // The rows that weigh most on this objective, strongest first.
    let mut rows: Vec<usize> = (0..TABLE.len()).filter(|&r| TABLE[r][k] >= 2).collect();
    rows.sort_by_key(|&r| std::cmp::Reverse(TABLE[r][k]));
    for r in rows {
        let name = ALL
            .get(r)
            .map_or("numbers agree with their arithmetic", |c| label(*c));
        let said = match credit[r] {
            x if x >= 1.0 => format!("{name}: met"),
            x if x > 0.0 => format!("{name}: thin"),
            _ => format!("{name}: missing"),
        };
        because.push(said);
    }
    ObjectiveScore {
        score: if total > 0.0 {
            (10.0 * earned / total).round().clamp(0.0, 10.0) as u8
        } else {
            0
        },
        because,
    }
}

fn label(c: C) -> &'static str {
    match c {
        C::Assumptions => "assumptions with numbers",
        C::Functional => "functional requirements",
        C::NonFunctional => "non-functional requirements",
        C::Components => "components",
        C::DataFlow => "data flow",
        C::DataModel => "data model",
        C::Alternatives => "alternatives with a reason",
        C::Bottlenecks => "bottlenecks",
        C::Scaling => "scaling plan",
        C::FailureModes => "failure modes",
        C::Monitoring => "monitoring and alarms",
        C::Security => "security",
        C::Cost => "cost",
    }
}

/// The objectives, the overall score and its caps.
pub(crate) fn score(r: &Reading<'_>, found: &Found, numbers: &ReportNumbers) -> Scored {
    let credit = credits(found, numbers);
    let o = |k: usize| objective(k, &credit);
    let objectives = Objectives {
        practicality: o(0),
        accuracy: o(1),
        efficiency: o(2),
        reliability: o(3),
        optimization: o(4),
        scalability: o(5),
    };
    debug_assert_eq!(NAMES.len(), 6);
    let a = r.a;
    let mut points: f64 = credit.iter().zip(POINTS).map(|(c, p)| c * p).sum();
    // Words that say nothing: the answer critic's vague claims and buzzwords, and the report's
    // design buzzwords in hollow sentences, each sentence counted once.
    let content: Vec<usize> = (0..a.sentences.len()).filter(|&i| !r.heading[i]).collect();
    let hollow = content.iter().filter(|&&i| r.hollow[i]).count();
    points -= scoring::habits(a);
    if !content.is_empty() {
        points -= 30.0 * hollow as f64 / content.len() as f64;
    }
    let mut caps: Vec<Cap> = Vec::new();
    let mut findings = Vec::new();
    let met = ALL.iter().filter(|c| found.has(**c)).count();
    let mut cap = |at: u8, signal: &'static str| caps.push(Cap { at, signal });
    if a.words < 80 {
        cap(30, "too-short");
    } else if a.words < 150 {
        cap(60, "too-short");
    }
    if met < 4 {
        cap(40, "criteria");
    }
    let numbered = found.has(C::Assumptions);
    let weighed = found.has(C::Alternatives);
    if !numbered && !weighed {
        cap(42, "alternatives");
        if a.words > 0 {
            findings.push(r.finding(
                "alternatives",
                ReportSeverity::Miss,
                None,
                "Nothing is sized with a number and no choice is weighed against another, so nothing in it can be checked.".into(),
                "Size it first (users, actions, requests a second, bytes), then say what you chose over what and why.",
            ));
        }
    } else if !weighed {
        cap(60, "alternatives");
    } else if !numbered {
        cap(60, "assumptions");
    }
    if numbers.check.as_ref().is_some_and(|c| !c.consistent) {
        cap(60, "numbers");
    }
    // Sized nowhere (a count of users, never a rate, a daily total or a size), or every choice
    // argued with a reason that fits any choice: it cannot be strong.
    if numbered
        && numbers.qps.is_empty()
        && numbers.per_day.is_none()
        && numbers.storage_bytes.is_none()
    {
        cap(65, "assumptions");
    }
    if weighed && found.specific_choices() == 0 {
        cap(65, "alternatives");
    }
    let overall = if a.words == 0 {
        0
    } else {
        scoring::apply(points, &caps)
    };
    let raw = points.round().clamp(0.0, 100.0) as u8;
    let mut capped_by: Vec<&'static str> = caps
        .iter()
        .filter(|c| c.at < raw)
        .map(|c| c.signal)
        .collect();
    capped_by.dedup();
    Scored {
        overall,
        objectives,
        capped_by,
        findings,
    }
}
