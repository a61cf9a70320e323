/*!
The critic: instant, explainable critique of an interview answer or STAR story.

[`Critic::new`] compiles the pack's lexicon and principle cues into one automaton, once; then
[`Critic::critique`] reads any UTF-8 text (optionally with the question, the story's structured facts
and the principles the candidate means to show) and returns a [`Critique`]: eight dimension scores,
the Stakeholder-Alignment rubric, the Impact–Scope–Ownership matrix, every principle ranked by the
evidence in the text, and findings that quote the sentence they rest on (byte spans) with a better
shape.

Pure and deterministic: no IO, no global state, same input → same output, and no panics on any input.
Knows no other crate than `content`: every phrase it listens for is pack data.
*/
#![deny(missing_docs)]

pub mod calibration;
pub mod features;
pub mod learn;
mod model;
pub mod question;
mod text;

pub use model::*;

use std::collections::BTreeSet;

use text::{Hit, Matcher, Sentence};
use tpmprep_content::{Lexicon, Pack};

/// Index of each lexicon list in the matcher, in [`Lexicon::lists`] order.
#[derive(Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)]
enum L {
    Situation,
    Task,
    Action,
    Result,
    Decision,
    Alternatives,
    TradeOff,
    IncompleteData,
    Dissent,
    Commitment,
    Artifacts,
    Mistake,
    Lesson,
    Capacity,
    Customer,
    Team,
    PartnerRoles,
    Responsibility,
    Vague,
    Jargon,
    Buzzwords,
    Hedges,
    Fillers,
    Outcome,
    Units,
    Incidental,
    FirstPerson,
    Collective,
    QFailure,
    QDisagreement,
    QCustomer,
    QDeadline,
}

const LEXICON_LISTS: usize = 32;

/// A compiled critic for one pack. Build once per process; critiques are cheap.
pub struct Critic {
    matcher: Matcher,
    /// `(id, name)` of each principle, in pack order; its cue list is `LEXICON_LISTS + i`.
    principles: Vec<(String, String)>,
    /// The pack's learned models (none from [`Critic::from_parts`]).
    learned: question::Learned,
}

/// Per-answer analysis shared by the dimension scorers.
struct Analysis<'t> {
    text: &'t str,
    sentences: Vec<Sentence>,
    /// Hits grouped by list (index = list), each group in text order.
    by_list: Vec<Vec<Hit>>,
    words: usize,
    /// Per sentence: a bit for each lexicon list with a hit inside it.
    masks: Vec<u64>,
    /// Per sentence: the numbers in it (offsets relative to the sentence).
    numbers: Vec<Vec<text::Number>>,
}

impl Analysis<'_> {
    fn of(&self, l: L) -> std::slice::Iter<'_, Hit> {
        self.list(l as usize).iter()
    }
    fn list(&self, li: usize) -> &[Hit] {
        self.by_list.get(li).map_or(&[], Vec::as_slice)
    }
    fn has(&self, l: L) -> bool {
        self.of(l).next().is_some()
    }
    fn count(&self, l: L) -> usize {
        self.of(l).count()
    }
    fn sentence_at(&self, offset: usize) -> Option<usize> {
        self.sentences
            .binary_search_by(|s| {
                if offset < s.start {
                    std::cmp::Ordering::Greater
                } else if offset >= s.end {
                    std::cmp::Ordering::Less
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .ok()
    }
    fn quote(&self, i: usize) -> (usize, usize, String) {
        match self.sentences.get(i) {
            Some(s) => (
                s.start,
                s.end,
                self.text.get(s.start..s.end).unwrap_or("").to_string(),
            ),
            None => (0, 0, String::new()),
        }
    }
    fn phrase(&self, h: &Hit) -> &str {
        self.text.get(h.start..h.end).unwrap_or("")
    }
    fn sentence_has(&self, i: usize, l: L) -> bool {
        self.masks
            .get(i)
            .is_some_and(|m| m & (1u64 << (l as u32)) != 0)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Star {
    Situation,
    Task,
    Action,
    Result,
    None,
}

struct FindingSink<'a> {
    a: &'a Analysis<'a>,
    out: Vec<Finding>,
}

impl FindingSink<'_> {
    fn add(
        &mut self,
        dimension: &'static str,
        signal: &'static str,
        severity: Severity,
        sentence: Option<usize>,
        message: String,
        suggestion: &str,
    ) {
        let (start, end, quote) = match sentence {
            Some(i) => self.a.quote(i),
            None => (0, 0, String::new()),
        };
        self.out.push(Finding {
            dimension,
            signal,
            severity,
            start,
            end,
            quote,
            message,
            suggestion: suggestion.to_string(),
        });
    }
}

fn clamp10(x: f64) -> u8 {
    x.round().clamp(0.0, 10.0) as u8
}

fn clamp1_10(x: f64) -> u8 {
    x.round().clamp(1.0, 10.0) as u8
}

impl Critic {
    /// Compiles the pack's lexicon and principle cues.
    pub fn new(pack: &Pack) -> Critic {
        let mut critic = Critic::from_parts(
            &pack.lexicon,
            pack.principles
                .iter()
                .map(|p| (p.id.as_str(), p.name.as_str(), p.cues.as_slice())),
        );
        critic.learned = question::Learned::new(pack);
        critic
    }

    /// Compiles a lexicon and `(id, name, cues)` for each principle.
    pub fn from_parts<'p>(
        lexicon: &Lexicon,
        principles: impl Iterator<Item = (&'p str, &'p str, &'p [String])>,
    ) -> Critic {
        let mut lists: Vec<&[String]> = lexicon.lists().iter().map(|(_, l)| l.as_slice()).collect();
        let mut names = Vec::new();
        for (id, name, cues) in principles {
            lists.push(cues);
            names.push((id.to_string(), name.to_string()));
        }
        let mut digit_ok = vec![false; lists.len()];
        digit_ok[L::Units as usize] = true;
        Critic {
            matcher: Matcher::new(&lists, &digit_ok),
            principles: names,
            learned: question::Learned::none(),
        }
    }

    fn analyse<'t>(&self, text: &'t str) -> Analysis<'t> {
        let sentences = text::sentences(text);
        let words = sentences.iter().map(|s| s.words).sum();
        let mut by_list: Vec<Vec<Hit>> = vec![Vec::new(); LEXICON_LISTS + self.principles.len()];
        let mut masks = vec![0u64; sentences.len()];
        let mut a = Analysis {
            text,
            sentences,
            by_list: Vec::new(),
            words,
            masks: Vec::new(),
            numbers: Vec::new(),
        };
        for h in self.matcher.hits(text) {
            if h.list < LEXICON_LISTS {
                if let Some(si) = a.sentence_at(h.start) {
                    if a.sentences[si].end >= h.end {
                        masks[si] |= 1u64 << h.list;
                    }
                }
            }
            if let Some(group) = by_list.get_mut(h.list) {
                group.push(h);
            }
        }
        a.numbers = a
            .sentences
            .iter()
            .map(|s| text::numbers(text.get(s.start..s.end).unwrap_or("")))
            .collect();
        a.masks = masks;
        a.by_list = by_list;
        a
    }

    /// The name of the pack principle `id` (`Customer Obsession` for `customer-obsession`), for
    /// text a person reads; `None` for an id the pack does not have.
    pub fn principle_name(&self, id: &str) -> Option<&str> {
        self.principles
            .iter()
            .find(|(pid, _)| pid == id)
            .map(|(_, name)| name.as_str())
    }

    /// Critiques one answer.
    pub fn critique(&self, input: &Input<'_>) -> Critique {
        let a = self.analyse(input.text);
        let facts = input.facts.cloned().unwrap_or_default();
        let mut sink = FindingSink {
            a: &a,
            out: Vec::new(),
        };

        let star = self.star(&a);
        let numbers = outcome_numbers(&a);
        let q = input.question.as_ref().map(|q| self.question(q));
        let qkinds: BTreeSet<String> = q
            .as_ref()
            .map(|q| q.kinds.iter().cloned().collect())
            .unwrap_or_default();

        let structure = self.structure(&a, &star, &mut sink);
        let metrics = metrics(&a, &numbers, &star, &facts, &mut sink);
        let judgment = judgment(&a, &star, &facts, qkinds.contains("deadline"), &mut sink);
        let ownership = ownership(&a, &facts, qkinds.contains("failure"), &mut sink);
        let (scope, customer_problem, orgs) =
            scope(&a, &facts, qkinds.contains("customer"), &mut sink);
        let collaboration = collaboration(&a, &facts, qkinds.contains("disagreement"), &mut sink);
        let specificity = specificity(&a, &numbers, &mut sink);
        let delivery = delivery(&a, &mut sink);

        let weights = [1.0, 1.5, 1.5, 1.25, 1.0, 1.0, 1.0, 0.75];
        let scores = [
            structure.score,
            metrics.score,
            judgment.score,
            ownership.score,
            scope.score,
            collaboration.score,
            specificity.score,
            delivery.score,
        ];
        let total: f64 = weights
            .iter()
            .zip(scores)
            .map(|(w, s)| w * f64::from(s))
            .sum();
        let overall = if a.words == 0 {
            0
        } else {
            (total / weights.iter().sum::<f64>() * 10.0)
                .round()
                .clamp(0.0, 100.0) as u8
        };
        let verdict = match overall {
            70.. => "strong",
            45..=69 => "mixed",
            _ => "weak",
        };

        let principles = self.principle_scores(&a);
        if let Some(qv) = &q {
            if let Some(top) = qv.principles.first().filter(|p| p.score >= 0.75) {
                let got = principles
                    .iter()
                    .find(|p| p.id == top.id)
                    .map_or(0.0, |p| p.score);
                if got < 0.3 && a.words > 0 {
                    let name = self.name(&top.id);
                    sink.add(
                        "structure", "question-principle",
                        Severity::Warn,
                        None,
                        format!("The question probes {name}; the answer shows little evidence of it."),
                        &format!("Build the answer around one moment that shows {name}: what you did, why, and what it changed."),
                    );
                }
            }
        }
        for id in input.principles {
            let got = principles
                .iter()
                .find(|p| &p.id == id)
                .map_or(0.0, |p| p.score);
            if got < 0.3 && a.words > 0 {
                sink.add(
                    "structure", "tagged-principle",
                    Severity::Note,
                    None,
                    format!("You tagged {}; the text shows little evidence of it.", self.name(id)),
                    "Add the sentence that shows it, or untag the principle so the story stays believable.",
                );
            }
        }

        let business_goal = 1.0
            + if customer_problem { 3.0 } else { 0.0 }
            + if star.contains(&Star::Task) { 2.0 } else { 0.0 }
            + if numbers.outcome > 0 { 2.0 } else { 0.0 }
            + if a.has(L::Decision) { 2.0 } else { 0.0 };
        let engineering =
            1.0 + if a.has(L::PartnerRoles) || !facts.partners.is_empty() {
                3.0
            } else {
                0.0
            } + if a.has(L::Capacity) { 3.0 } else { 0.0 }
                + if a.has(L::Dissent) { 2.0 } else { 0.0 }
                + if a.has(L::Alternatives) { 1.0 } else { 0.0 };

        let mut findings = sink.out;
        findings.sort_by_key(|f| (f.severity, f.start));
        Critique {
            overall,
            verdict,
            words: a.words,
            stakeholder_alignment: StakeholderAlignment {
                business_goal: clamp1_10(business_goal),
                engineering_collaboration: clamp1_10(engineering),
                measurable_outcome: clamp1_10(f64::from(metrics.score)),
            },
            impact_scope_ownership: ImpactScopeOwnership {
                customer_problem,
                orgs_aligned: orgs,
                ownership: ownership.score,
            },
            dimensions: Dimensions {
                structure,
                metrics,
                judgment,
                ownership,
                scope,
                collaboration,
                specificity,
                delivery,
            },
            principles,
            question: q,
            findings,
        }
    }

    /// Résumé mode: scores each bullet line for an outcome number, a decision and scope. Every
    /// résumé line needs a measurable impact the candidate can explain.
    pub fn resume(&self, text: &str) -> ResumeReport {
        let mut bullets = Vec::new();
        let mut offset = 0;
        for (i, raw) in text.split('\n').enumerate() {
            let line_start = offset;
            offset += raw.len() + 1;
            let trimmed = raw.trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, '-' | '*' | '•' | '+')
            });
            let lead = raw.len() - trimmed.len();
            let body = trimmed.trim_end();
            // Headings and short labels are not bullets.
            if text::word_count(body) < 4 || body.starts_with('#') {
                continue;
            }
            let a = self.analyse(body);
            let n = outcome_numbers(&a);
            let outcome_number = n.outcome > 0;
            let decision = a.has(L::Decision) || a.has(L::Action) || starts_with_verb(body);
            let scope = a.has(L::Customer) || a.has(L::Team);
            let mut advice = Vec::new();
            if !outcome_number {
                advice
                    .push("Add the measurable result: what moved, from what to what.".to_string());
            }
            if !decision {
                advice.push("Lead with what you decided or did, not the duty.".to_string());
            }
            if !scope {
                advice.push("Say for whom and across how many teams.".to_string());
            }
            if a.has(L::Responsibility) {
                advice.push("\"Responsible for\" lists a duty; replace it with the decision and its result.".to_string());
            }
            let score = u8::from(outcome_number) + u8::from(decision) + u8::from(scope);
            let start = line_start + lead;
            bullets.push(ResumeBullet {
                line: i + 1,
                start,
                end: start + body.len(),
                text: body.to_string(),
                outcome_number,
                decision,
                scope,
                score,
                advice,
            });
        }
        let strong = bullets.iter().filter(|b| b.score == 3).count();
        bullets.sort_by_key(|b| (b.score, b.line));
        ResumeReport { bullets, strong }
    }

    fn name(&self, id: &str) -> String {
        self.principles
            .iter()
            .find(|(i, _)| i == id)
            .map_or_else(|| id.to_string(), |(_, n)| n.clone())
    }

    /// Labels each sentence Situation / Task / Action / Result.
    fn star(&self, a: &Analysis<'_>) -> Vec<Star> {
        let n = a.sentences.len();
        (0..n)
            .map(|i| {
                let has_number = a.numbers.get(i).is_some_and(|n| n.iter().any(|x| x.marked));
                let pos = i as f64 / n.max(1) as f64;
                if a.sentence_has(i, L::Result)
                    || (has_number && pos >= 0.5)
                    || (a.sentence_has(i, L::Outcome) && pos >= 0.6)
                {
                    Star::Result
                } else if a.sentence_has(i, L::Action) || a.sentence_has(i, L::Decision) {
                    Star::Action
                } else if a.sentence_has(i, L::Task) {
                    Star::Task
                } else if a.sentence_has(i, L::Situation) || pos < 0.25 {
                    Star::Situation
                } else if a.sentence_has(i, L::FirstPerson) {
                    Star::Action
                } else {
                    Star::None
                }
            })
            .collect()
    }

    fn structure(&self, a: &Analysis<'_>, star: &[Star], sink: &mut FindingSink<'_>) -> Dimension {
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
        if !present.contains(&Star::Action) {
            sink.add(
                "structure",
                "action",
                Severity::Miss,
                Some(0),
                "No action: the answer never says what you did.".into(),
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
        if !present.contains(&Star::Result) {
            let last = a.sentences.len().checked_sub(1);
            sink.add(
                "structure", "result",
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

    fn question(&self, q: &Question<'_>) -> QuestionView {
        let hits = self.matcher.hits(q.text);
        let has = |l: L| hits.iter().any(|h| h.list == l as usize);
        let cue_kinds: Vec<&str> = [
            (L::QFailure, "failure"),
            (L::QDisagreement, "disagreement"),
            (L::QDeadline, "deadline"),
            (L::QCustomer, "customer"),
        ]
        .into_iter()
        .filter(|(l, _)| has(*l))
        .map(|(_, k)| k)
        .collect();
        let mut cue_counts = vec![0usize; self.principles.len()];
        for h in &hits {
            if let Some(n) = h
                .list
                .checked_sub(LEXICON_LISTS)
                .and_then(|i| cue_counts.get_mut(i))
            {
                *n += 1;
            }
        }
        question::view(&self.learned, &self.principles, q, &cue_kinds, &cue_counts)
    }

    fn principle_scores(&self, a: &Analysis<'_>) -> Vec<PrincipleScore> {
        let cues = (0..self.principles.len())
            .map(|i| {
                let li = LEXICON_LISTS + i;
                let mut phrases = BTreeSet::new();
                let mut spans: Vec<Span> = Vec::new();
                for h in a.list(li) {
                    phrases.insert(a.phrase(h).to_ascii_lowercase());
                    if let Some(si) = a.sentence_at(h.start) {
                        let s = &a.sentences[si];
                        let span = Span {
                            start: s.start,
                            end: s.end,
                        };
                        // Hits come in text order, so a sentence's hits are together.
                        if spans.last() != Some(&span) {
                            spans.push(span);
                        }
                    }
                }
                let evidence = phrases.len() as f64 + 0.25 * spans.len().saturating_sub(1) as f64;
                (1.0 - (-0.45 * evidence).exp(), spans)
            })
            .collect();
        question::answer(&self.learned, &self.principles, a.text, cues)
    }
}

/// Résumé bullets often start with a past-tense verb ("Led", "Cut", "Built").
fn starts_with_verb(body: &str) -> bool {
    let first = body.split_whitespace().next().unwrap_or("");
    let w = first
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_ascii_lowercase();
    w.len() > 3 && w.ends_with("ed") && !["responsible", "involved", "tasked"].contains(&w.as_str())
        || [
            "led", "cut", "built", "ran", "drove", "set", "won", "grew", "shipped", "launched",
        ]
        .contains(&w.as_str())
}

/// Counts of numbers by role.
struct Numbers {
    outcome: usize,
    before_after: bool,
    /// Sentence indices holding an incidental number and no outcome number.
    incidental_only: Vec<usize>,
    /// Sentences holding an outcome number.
    outcome_sentences: BTreeSet<usize>,
}

fn outcome_numbers(a: &Analysis<'_>) -> Numbers {
    let mut n = Numbers {
        outcome: 0,
        before_after: false,
        incidental_only: Vec::new(),
        outcome_sentences: BTreeSet::new(),
    };
    for (si, s) in a.sentences.iter().enumerate() {
        let body = a.text.get(s.start..s.end).unwrap_or("");
        let nums = &a.numbers[si];
        if nums.is_empty() {
            continue;
        }
        let sentence_outcome = a.sentence_has(si, L::Outcome);
        let in_sentence = |l: L| -> Vec<(usize, usize)> {
            // A list's hits are in text order: jump to the sentence instead of reading them all.
            let hits = a.list(l as usize);
            let first = hits.partition_point(|h| h.start < s.start);
            hits[first..]
                .iter()
                .take_while(|h| h.start < s.end)
                .filter(|h| h.end <= s.end)
                .map(|h| (h.start - s.start, h.end - s.start))
                .collect()
        };
        let units = in_sentence(L::Units);
        let incidental = in_sentence(L::Incidental);
        let mut outcome_here = 0;
        let mut incidental_here = 0;
        for x in nums {
            let unit_after = units.iter().any(|&(us, _)| us >= x.end && us <= x.end + 2);
            let incidental_near = incidental.iter().any(|&(is, ie)| {
                (ie <= x.start && x.start - ie <= 2) || (is >= x.end && is <= x.end + 1)
            });
            let year_like =
                !x.marked && (1990.0..=2039.0).contains(&x.value) && x.value.fract() == 0.0;
            let version_like = body
                .get(..x.start)
                .is_some_and(|b| b.ends_with('v') || b.ends_with('V') || b.ends_with('Q'));
            if incidental_near || year_like || version_like {
                incidental_here += 1;
            } else if x.marked || unit_after || sentence_outcome {
                outcome_here += 1;
            }
        }
        if outcome_here > 0 {
            n.outcome += outcome_here;
            n.outcome_sentences.insert(si);
            let lower = body.to_ascii_lowercase();
            if let (Some(f), Some(t)) = (lower.find("from "), lower.rfind(" to ")) {
                if f < t
                    && nums.iter().any(|x| x.start > f && x.start < t)
                    && nums.iter().any(|x| x.start > t)
                {
                    n.before_after = true;
                }
            }
        } else if incidental_here > 0 {
            n.incidental_only.push(si);
        }
    }
    n
}

fn metrics(
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
    for &si in n.outcome_sentences.iter().take(3) {
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
        let at = n.outcome_sentences.iter().next().copied();
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

fn first_sentence(a: &Analysis<'_>, l: L) -> Option<usize> {
    a.of(l).next().and_then(|h| a.sentence_at(h.start))
}

fn judgment(
    a: &Analysis<'_>,
    star: &[Star],
    facts: &Facts,
    deadline_q: bool,
    sink: &mut FindingSink<'_>,
) -> Dimension {
    let mut evidence = Vec::new();
    let mut score = 0.0;
    for (l, pts, what) in [
        (L::TradeOff, 4.0, "trade-off"),
        (L::Alternatives, 2.0, "alternatives weighed"),
        (L::Decision, 2.0, "decision"),
        (L::IncompleteData, 2.0, "decision under uncertainty"),
    ] {
        if let Some(si) = first_sentence(a, l) {
            score += pts;
            evidence.push(format!("{what}: \"{}\"", a.quote(si).2));
        }
    }
    if a.words == 0 {
        return Dimension { score: 0, evidence };
    }
    if !a.has(L::TradeOff) {
        if !facts.trade_off.is_empty() {
            score += 2.0;
            evidence.push("a trade-off is in the story's facts but not in the telling".into());
        }
        let at = star.iter().position(|s| *s == Star::Action);
        sink.add(
            "judgment", "trade-off",
            Severity::Miss,
            at,
            if deadline_q {
                "A deadline question needs the trade-off you made, and this answer has none.".into()
            } else {
                "No trade-off: it sounds like nothing was given up, so no judgment shows.".into()
            },
            "Say what you chose and what it cost: \"I cut the saved-cards feature to hold the date, because…\"",
        );
    }
    if !a.has(L::Decision) {
        let at = first_sentence(a, L::Responsibility);
        let message = if at.is_some() {
            "Describes duties, not decisions: \"responsible for\" tells the interviewer nothing about your judgment."
        } else {
            "No decision of yours is named."
        };
        sink.add(
            "judgment",
            "decision",
            Severity::Warn,
            at,
            message.into(),
            "Name the fork in the road and your call: \"I decided to… instead of…, because…\"",
        );
    } else if let Some(si) = first_sentence(a, L::Responsibility) {
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
    if !a.has(L::Alternatives) && a.has(L::Decision) {
        let at = first_sentence(a, L::Decision);
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

fn ownership(
    a: &Analysis<'_>,
    facts: &Facts,
    failure_q: bool,
    sink: &mut FindingSink<'_>,
) -> Dimension {
    let mut evidence = Vec::new();
    let i_count = a.count(L::FirstPerson);
    let we_count = a.count(L::Collective);
    let ratio = if i_count + we_count == 0 {
        0.0
    } else {
        i_count as f64 / (i_count + we_count) as f64
    };
    let mut score = (ratio * 5.0).min(5.0);
    evidence.push(format!("\"I\" {i_count} times, \"we\" {we_count} times"));
    let artifacts = a.has(L::Artifacts) || !facts.artifacts.is_empty();
    if artifacts {
        score += 2.0;
        evidence.push("ownership artifact (post-mortem, rollback plan, hand-off)".into());
    }
    let lesson = a.has(L::Lesson) || !facts.differently.is_empty();
    if lesson {
        score += 2.0;
        evidence.push("a lesson or what you would do differently".into());
    }
    let mistake = a.has(L::Mistake);
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
            format!("\"We\" {we_count} times against \"I\" {i_count}: the interviewer cannot tell what you did."),
            "Keep \"we\" for the team's work and say \"I\" for your decisions: \"I proposed…, I wrote…\"",
        );
    }
    if failure_q && !(mistake || artifacts) {
        sink.add(
            "ownership", "mistake",
            Severity::Miss,
            Some(0),
            "A failure question needs you to own the mistake, and this answer does not.".into(),
            "Say plainly what you got wrong: \"I underestimated the migration; I wrote the post-mortem.\"",
        );
    }
    if !lesson {
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

fn scope(
    a: &Analysis<'_>,
    facts: &Facts,
    customer_q: bool,
    sink: &mut FindingSink<'_>,
) -> (Dimension, bool, u32) {
    let mut evidence = Vec::new();
    let customer = a.has(L::Customer);
    let mut score = if customer { 3.0 } else { 0.0 };
    if let Some(si) = first_sentence(a, L::Customer) {
        evidence.push(format!("customer named: \"{}\"", a.quote(si).2));
    }
    // Distinct teams: the word before each team noun ("the Payments team"), a count ("three teams"),
    // and the story's recorded teams.
    let mut named = BTreeSet::new();
    let mut counted = 0u32;
    for h in a.of(L::Team) {
        let before = a.text.get(..h.start).unwrap_or("");
        if let Some(word) = before.split_whitespace().next_back() {
            let w = word.trim_matches(|c: char| !c.is_alphanumeric());
            let n = count_word(w);
            counted = counted.max(n);
            let lower = w.to_lowercase();
            if n == 0
                && w.chars().all(char::is_alphabetic)
                && !w.is_empty()
                && !TEAM_STOPWORDS.contains(&lower.as_str())
            {
                named.insert(lower);
            }
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
        if !customer {
            sink.add(
                "scope", "customer",
                if customer_q { Severity::Miss } else { Severity::Warn },
                Some(0),
                "No customer: the interviewer cannot see whose problem this solved.".into(),
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

fn collaboration(
    a: &Analysis<'_>,
    facts: &Facts,
    disagreement_q: bool,
    sink: &mut FindingSink<'_>,
) -> Dimension {
    let mut evidence = Vec::new();
    let mut score = 0.0;
    if let Some(si) = first_sentence(a, L::PartnerRoles) {
        score += 3.0;
        evidence.push(format!("partner named: \"{}\"", a.quote(si).2));
        // A person's name right before the role ("Priya, the engineering manager").
        let named = a.of(L::PartnerRoles).any(|h| {
            let before = a
                .text
                .get(h.start.saturating_sub(24)..h.start)
                .unwrap_or("");
            before.split_whitespace().any(|w| {
                let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                w.len() > 1
                    && w.chars().next().is_some_and(char::is_uppercase)
                    && w != "I"
                    && w != "The"
            })
        });
        if named {
            score += 1.0;
        }
    } else if !facts.partners.is_empty() {
        score += 2.0;
        evidence.push("partners recorded in the story's facts".into());
    }
    if let Some(si) = first_sentence(a, L::Capacity) {
        score += 4.0;
        evidence.push(format!("capacity protected: \"{}\"", a.quote(si).2));
    }
    let dissent = a.has(L::Dissent) || !facts.dissent.is_empty();
    if dissent {
        score += 2.0;
        if let Some(si) = first_sentence(a, L::Dissent) {
            evidence.push(format!("dissent heard: \"{}\"", a.quote(si).2));
        }
    }
    if a.has(L::Commitment) {
        score += 1.0;
    }
    if a.words == 0 {
        return Dimension { score: 0, evidence };
    }
    if !a.has(L::PartnerRoles) && facts.partners.is_empty() {
        sink.add(
            "collaboration", "partner",
            Severity::Warn,
            first_sentence(a, L::Collective).or(Some(0)),
            "No engineering partner is named.".into(),
            "Name who you worked with and their role: \"Priya, the checkout engineering manager, and I…\"",
        );
    }
    if !a.has(L::Capacity) {
        sink.add(
            "collaboration", "capacity",
            Severity::Warn,
            first_sentence(a, L::Action).or(Some(0)),
            "Nothing on how the engineers' capacity was protected.".into(),
            "Say what you deferred or staged to keep the team productive: \"I moved two low-priority tickets out and rolled out in three waves.\"",
        );
    }
    if !dissent {
        sink.add(
            "collaboration", "dissent",
            if disagreement_q { Severity::Miss } else { Severity::Note },
            first_sentence(a, L::Decision),
            if disagreement_q {
                "A disagreement question needs who disagreed and how you handled it; this answer has no dissent.".into()
            } else {
                "No one disagrees in this story; interviewers listen for dissent heard and handled.".into()
            },
            "Name who pushed back, what you changed because of it, and how you committed: \"The fraud lead objected…\"",
        );
    } else if disagreement_q && !a.has(L::Commitment) {
        sink.add(
            "collaboration",
            "commitment",
            Severity::Warn,
            first_sentence(a, L::Dissent),
            "The disagreement is told, but not how it ended: did you commit?".into(),
            "Close the loop: \"Once we decided, I backed the plan fully and…\"",
        );
    }
    Dimension {
        score: clamp10(score),
        evidence,
    }
}

fn specificity(a: &Analysis<'_>, n: &Numbers, sink: &mut FindingSink<'_>) -> Dimension {
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
    if n.outcome == 0 && !a.has(L::PartnerRoles) {
        score -= 2.0;
        evidence.push("no numbers and no named people".into());
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

fn delivery(a: &Analysis<'_>, sink: &mut FindingSink<'_>) -> Dimension {
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
            format!("{w} words runs past three minutes; the interviewer will cut in."),
            "Cut the background and keep one decision in depth; 250–350 words.",
        );
    }
    let avg = w as f64 / sentences.max(1) as f64;
    if avg > 28.0 {
        score -= 2.0;
        evidence.push(format!("sentences average {avg:.0} words"));
    }
    for (i, s) in a.sentences.iter().enumerate() {
        if s.words > 45 {
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
