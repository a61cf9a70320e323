//! The figures of a written design and their arithmetic: a count of users, what each does a day,
//! a daily total, rates per second (average or peak) and sizes, each read from the words right
//! after the figure (the report's `users`, `actions`, `daily`, `per_second`, `storage` lists).
//! The check: users × actions ÷ 86,400 s (or a daily total ÷ 86,400 s) against the rate stated.

use super::report::{Figure, NumbersCheck, Rate, ReportFinding, ReportNumbers, ReportSeverity};
use super::{Reading, W};
use crate::text::Hit;

/// Seconds in a day.
const DAY: f64 = 86_400.0;

/// What a figure counts, from the words after it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Users { daily: bool, monthly: bool },
    Actions { per_day: bool },
    Rate,
    Storage(f64),
}

/// A multiplier written after a figure, as a suffix ("50M", "12k") or a word ("50 million").
fn multiplier(word: &str) -> Option<f64> {
    Some(match word.to_ascii_lowercase().as_str() {
        "k" | "thousand" => 1e3,
        "m" | "mn" | "million" | "millions" => 1e6,
        "b" | "bn" | "billion" | "billions" => 1e9,
        "t" | "trillion" => 1e12,
        _ => return None,
    })
}

fn bytes_of(unit: &str) -> f64 {
    match unit.to_ascii_lowercase().as_str() {
        "kb" => 1e3,
        "mb" => 1e6,
        "gb" | "gib" | "gigabytes" => 1e9,
        "tb" | "tib" | "terabytes" => 1e12,
        "pb" | "pib" | "petabytes" => 1e15,
        _ => 1.0,
    }
}

/// Words in `gap` (text between a figure and a unit word).
fn gap_words(gap: &str) -> usize {
    gap.split(|c: char| c.is_whitespace() || c == '/')
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// A figure in words for the working: 1.2B, 50M, 11.6k, 950.
pub(crate) fn human(v: f64) -> String {
    let (x, s) = if v >= 1e9 {
        (v / 1e9, "B")
    } else if v >= 1e6 {
        (v / 1e6, "M")
    } else if v >= 1e3 {
        (v / 1e3, "k")
    } else {
        (v, "")
    };
    let t = if x >= 100.0 || (x - x.round()).abs() < 0.05 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    };
    format!("{t}{s}")
}

/// One figure read in sentence `i`.
struct Read {
    figure: Figure,
    kind: Kind,
    sentence: usize,
    /// The noun after it (`requests`, `writes`), lower case, for comparing rates.
    noun: String,
    peak: bool,
}

/// Every figure, and per sentence whether a figure there is tied to what it measures.
pub(crate) fn read(r: &Reading<'_>) -> (ReportNumbers, Vec<bool>) {
    let a = r.a;
    let text = a.text;
    let mut tied = vec![false; a.sentences.len()];
    let mut figures: Vec<Read> = Vec::new();
    for (i, s) in a.sentences.iter().enumerate() {
        if r.hollow.get(i).copied().unwrap_or(true) {
            continue;
        }
        let nums = a.numbers.get(i).map_or(&[][..], Vec::as_slice);
        let mut skip_to = 0;
        for (k, n) in nums.iter().enumerate() {
            let start = s.start + n.start;
            let mut end = s.start + n.end;
            if start < skip_to {
                continue;
            }
            let written = text.get(start..end).unwrap_or("");
            // Money and shares are not load; "hundreds", "thousands" are not figures.
            if written.starts_with(['$', '€', '£'])
                || written.ends_with('%')
                || written.chars().next().is_some_and(char::is_alphabetic) && written.ends_with('s')
            {
                continue;
            }
            let mut value = n.value;
            if let Some(m) = written
                .chars()
                .last()
                .filter(char::is_ascii_alphabetic)
                .and_then(|c| multiplier(&c.to_string()))
            {
                value *= m;
            } else {
                // "50 million", "20 thousand": the word after is the multiplier.
                let rest = text.get(end..s.end).unwrap_or("");
                let word: String = rest
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_alphabetic())
                    .collect();
                if let Some(m) = multiplier(&word).filter(|_| rest.starts_with(' ')) {
                    value *= m;
                    end += rest.len() - rest.trim_start().len() + word.len();
                }
            }
            skip_to = end;
            // A run of hundreds of digits parses to infinity: not a figure anyone sized with.
            if !value.is_finite() || value > 1e18 {
                continue;
            }
            let next_start = nums.get(k + 1).map_or(s.end, |x| s.start + x.start);
            let Some((kind, noun, unit_end)) = classify(r, i, value, end, next_start) else {
                continue;
            };
            // A peak said after the figure (before the next one) or in the words just before it.
            let before = text.get(s.start..start).unwrap_or("");
            let near_before = before
                .char_indices()
                .rev()
                .filter(|(_, c)| c.is_whitespace())
                .nth(3)
                .map_or(s.start, |(p, _)| s.start + p);
            let peak = r.hits(W::Peak, i).any(|h| {
                h.start >= end && h.start < next_start || h.start >= near_before && h.end <= start
            });
            tied[i] = true;
            figures.push(Read {
                figure: Figure {
                    value,
                    written: text.get(start..unit_end).unwrap_or("").to_string(),
                    start,
                    end: unit_end,
                },
                kind,
                sentence: i,
                noun,
                peak,
            });
        }
    }
    (assemble(&figures), tied)
}

/// What the figure ending at `end` in sentence `i` counts: the first unit word within two words
/// after it.
fn classify(
    r: &Reading<'_>,
    i: usize,
    value: f64,
    end: usize,
    next_start: usize,
) -> Option<(Kind, String, usize)> {
    let text = r.a.text;
    let within = |h: &Hit, words: usize| {
        h.start >= end
            && h.start < next_start.max(end + 1)
            && text
                .get(end..h.start)
                .is_some_and(|g| gap_words(g) <= words)
    };
    let first = |l: W, words: usize| r.hits(l, i).find(|h| within(h, words)).copied();
    if let Some(h) = first(W::Storage, 0) {
        let unit = text.get(h.start..h.end).unwrap_or("");
        return Some((Kind::Storage(bytes_of(unit)), String::new(), h.end));
    }
    let users = first(W::Users, 1);
    let actions = first(W::Actions, 2);
    let rate = first(W::PerSecond, 3);
    if let Some(p) = rate {
        // A rate: unless a daily word comes first ("300M requests/day").
        let daily_first = r
            .hits(W::Daily, i)
            .any(|d| d.start >= end && d.start < p.start);
        if !daily_first {
            let noun = actions
                .filter(|h| h.start < p.start)
                .and_then(|h| text.get(h.start..h.end))
                .unwrap_or("")
                .to_lowercase();
            return Some((Kind::Rate, noun, p.end));
        }
    }
    // A population: a handful of devices a reader owns is not a count of users.
    if let Some(u) = users.filter(|u| actions.is_none_or(|h| u.start < h.start)) {
        if value < 1_000.0 {
            return None;
        }
        let phrase = text.get(end..u.end).unwrap_or("").to_lowercase();
        let before = text.get(..end).unwrap_or("");
        let daily = r
            .hits(W::Daily, i)
            .any(|d| d.start >= end && d.end <= u.end)
            || phrase.contains("dau")
            || r.hits(W::Daily, i)
                .any(|d| d.end <= end && before.get(d.end..).is_some_and(|g| gap_words(g) <= 1));
        let monthly = phrase.contains("month") || phrase.contains("mau");
        return Some((Kind::Users { daily, monthly }, String::new(), u.end));
    }
    if let Some(h) = actions {
        let noun = text.get(h.start..h.end).unwrap_or("").to_lowercase();
        let per_day = r.hits(W::Daily, i).find(|d| {
            d.start >= h.end
                && d.start < next_start.max(h.end)
                && text.get(h.end..d.start).is_some_and(|g| gap_words(g) <= 2)
        });
        let unit_end = per_day.map_or(h.end, |d| d.end);
        return Some((
            Kind::Actions {
                per_day: per_day.is_some(),
            },
            noun,
            unit_end,
        ));
    }
    None
}

/// Puts the figures together: the users, what each does, a daily total, the rates, and the check.
fn assemble(figures: &[Read]) -> ReportNumbers {
    let mut out = ReportNumbers::default();
    let mut users_at = None;
    let mut action_noun = String::new();
    let mut day_noun = String::new();
    let mut day_at = None;
    let mut user_action_at = 0;
    // A small count of what each item of a daily total gets ("20M packages a day, each with 10
    // scans"): the total times it is a second daily load.
    let mut each: Option<(Figure, String, usize)> = None;
    for f in figures {
        match f.kind {
            Kind::Users { daily, monthly } if out.users.is_none() => {
                out.users = Some(f.figure.clone());
                out.daily_users = daily || !monthly;
                users_at = Some(f.sentence);
            }
            Kind::Actions { per_day } => {
                // Few per user after a count of users in the same or the last sentence; a large
                // daily figure is a total.
                let per_user =
                    f.figure.value < 10_000.0 && users_at.is_some_and(|u| f.sentence <= u + 1);
                if per_user && out.actions_per_user.is_none() {
                    out.actions_per_user = Some(f.figure.clone());
                    action_noun.clone_from(&f.noun);
                    user_action_at = f.sentence;
                } else if per_day && out.per_day.is_none() && f.figure.value >= 10_000.0 {
                    out.per_day = Some(f.figure.clone());
                    day_noun.clone_from(&f.noun);
                    day_at = Some(f.sentence);
                } else if f.figure.value < 10_000.0
                    && each.is_none()
                    && day_at.is_some_and(|d| f.sentence <= d + 1)
                    && f.noun != day_noun
                {
                    each = Some((f.figure.clone(), f.noun.clone(), f.sentence));
                }
            }
            Kind::Rate => out.qps.push(Rate {
                figure: f.figure.clone(),
                peak: f.peak,
            }),
            Kind::Storage(unit) if out.storage_bytes.is_none() => {
                let mut fig = f.figure.clone();
                fig.value *= unit;
                out.storage_bytes = Some(fig);
            }
            _ => {}
        }
    }
    // The daily load each way the write-up gives it, with the noun it counts: users × actions, a
    // daily total, and a daily total × what each item of it gets.
    let mut derivations: Vec<(f64, String, String, usize)> = Vec::new();
    if let (Some(u), Some(x), true) = (&out.users, &out.actions_per_user, out.daily_users) {
        let day = u.value * x.value;
        derivations.push((
            day / DAY,
            format!("{} × {} = {} a day", u.written, x.written, human(day)),
            action_noun.clone(),
            user_action_at,
        ));
    }
    if let Some(d) = &out.per_day {
        derivations.push((
            d.value / DAY,
            d.written.clone(),
            day_noun.clone(),
            day_at.unwrap_or(0),
        ));
        if let Some((x, noun, at)) = &each {
            let day = d.value * x.value;
            derivations.push((
                day / DAY,
                format!("{} × {} = {} a day", d.written, x.written, human(day)),
                noun.clone(),
                *at,
            ));
        }
    }
    derivations.retain(|(d, _, _, _)| *d >= 1.0);
    if derivations.is_empty() {
        return out;
    }
    // Like is set against like: a rate with no noun or a generic one ("requests", "QPS") against
    // any derivation, a rate of scans against a derivation of scans, and any rate stated in the
    // sentence of the derivation or the next ("8M orders a day ≈ 93 payments a second"). A rate that agrees with one
    // is looked for first: a finding that the numbers disagree needs every comparable rate to
    // disagree. An average agrees within 3× of the derivation; a peak from 0.8× to 50× of it.
    const GENERIC: [&str; 5] = ["requests", "queries", "calls", "actions", ""];
    let read_of = |q: &Rate| {
        figures
            .iter()
            .find(|f| f.kind == Kind::Rate && f.figure.start == q.figure.start)
            .map_or(("", usize::MAX), |f| (f.noun.as_str(), f.sentence))
    };
    let compatible = |q: &Rate, d: &(f64, String, String, usize)| {
        let (n, at) = read_of(q);
        GENERIC.contains(&n)
            || GENERIC.contains(&d.2.as_str())
            || n == d.2
            || at == d.3
            || at == d.3 + 1
    };
    let ok = |q: &Rate, derived: f64| {
        let ratio = q.figure.value / derived;
        if q.peak {
            (0.8..=50.0).contains(&ratio)
        } else {
            (1.0 / 3.0..=3.0).contains(&ratio)
        }
    };
    let agreeing = |peak: bool| {
        out.qps.iter().filter(|q| q.peak == peak).find_map(|q| {
            derivations
                .iter()
                .find(|d| compatible(q, d) && ok(q, d.0))
                .map(|d| (q.clone(), d.clone()))
        })
    };
    let against = |peak: bool| {
        out.qps.iter().filter(|q| q.peak == peak).find_map(|q| {
            derivations
                .iter()
                .find(|d| compatible(q, d))
                .map(|d| (q.clone(), d.clone()))
        })
    };
    let chosen = agreeing(false)
        .or_else(|| against(false))
        .or_else(|| agreeing(true))
        .or_else(|| against(true));
    let Some((q, (derived, from, _, _))) = chosen else {
        return out;
    };
    let q = &q;
    let consistent = ok(q, derived);
    let ratio = q.figure.value / derived;
    let kind = if q.peak { "peak" } else { "average" };
    let verdict = if consistent {
        "which agrees".to_string()
    } else if ratio < 1.0 {
        format!("about {:.0}× lower than the arithmetic gives", 1.0 / ratio)
    } else {
        format!("about {:.0}× higher than the arithmetic gives", ratio)
    };
    out.check = Some(NumbersCheck {
        derived_qps: derived.round(),
        stated_qps: q.figure.value,
        peak: q.peak,
        ratio: (ratio * 1000.0).round() / 1000.0,
        consistent,
        working: format!(
            "{from} ÷ 86,400 s ≈ {} a second on average; the write-up states {} ({kind}), {verdict}.",
            human(derived),
            q.figure.written
        ),
    });
    out
}

/// A finding on the arithmetic: praise when the stated rate agrees, a miss when it does not, a
/// weak mark when users are counted but never turned into a rate.
pub(crate) fn findings(r: &Reading<'_>, n: &ReportNumbers) -> Vec<ReportFinding> {
    let sentence_of = |start: usize| r.a.sentence_at(start);
    let mut out = Vec::new();
    match &n.check {
        Some(c) => {
            let at = n
                .qps
                .iter()
                .find(|q| q.figure.value == c.stated_qps && q.peak == c.peak)
                .and_then(|q| sentence_of(q.figure.start));
            if c.consistent {
                out.push(r.finding(
                    "numbers",
                    ReportSeverity::Praise,
                    at,
                    format!("The numbers hold: {}", c.working),
                    "",
                ));
            } else {
                out.push(r.finding(
                    "numbers",
                    ReportSeverity::Miss,
                    at,
                    format!("The numbers do not agree: {}", c.working),
                    "Redo the arithmetic in the text: users × actions a day ÷ 86,400 s is the average rate; a peak is 2–5× that. Then size the parts for the peak.",
                ));
            }
        }
        None => {
            if let Some(u) = &n.users {
                if n.qps.is_empty() {
                    out.push(r.finding(
                        "numbers",
                        ReportSeverity::Weak,
                        sentence_of(u.start),
                        format!("{} is stated but never turned into requests a second, so no part can be sized from it.", u.written),
                        "Carry the figure through: users × actions a day ÷ 86,400 s ≈ the average QPS; a peak of 2–5× that is what the parts must take.",
                    ));
                }
            }
        }
    }
    out
}
