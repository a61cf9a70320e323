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

mod agency;
mod analysis;
mod asking;
pub mod calibration;
mod design;
mod dimensions;
pub mod features;
mod findings;
mod fit;
mod grammar;
pub mod learn;
mod model;
mod people;
pub mod question;
mod quoting;
mod read;
mod resume;
mod scoring;
mod signals;
mod star;
mod stems;
mod text;
mod writeup;

pub use model::*;
pub use quoting::{NONE as NO_SIGNAL, SENTENCE_SIGNALS};
pub use star::StarSpan;
pub use writeup::report::*;

use std::collections::BTreeSet;

use std::collections::HashSet;

use analysis::Analysis;
use dimensions::{
    Star, clamp1_10, collaboration, delivery, judgment, metrics, ownership, scope, specificity,
};
use findings::FindingSink;
use read::{Labels, Part};
use signals::{Numbers, Sig};

use stems::StemMatcher;
use text::{Hit, Matcher};
use tpmprep_content::{Lexicon, Pack};

/// Index of each lexicon list in the matcher, in [`Lexicon::lists`] order.
#[derive(Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)]
pub(crate) enum L {
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
    HeadingSituation,
    HeadingTask,
    HeadingAction,
    HeadingResult,
    HeadingLesson,
    TradeOffCost,
    TradeOffGain,
    DecisionVerbs,
    DesignRequirements,
    DesignComponents,
    DesignBottleneck,
    DesignFailure,
    DesignMonitoring,
    DesignScaling,
    NonAction,
    CustomerNeed,
    Habitual,
    NotNames,
    TradeOffPrice,
    CostMeasure,
    CapacityLoad,
    CapacityGuard,
    OrgFunctions,
}

const LEXICON_LISTS: usize = 55;

/// Lists read by word stem as well as by exact phrase (so inflections match). Pronoun counts,
/// units and the words next to numbers stay exact.
fn stemmed(l: usize) -> bool {
    ![
        L::Units as usize,
        L::Incidental as usize,
        L::FirstPerson as usize,
        L::Collective as usize,
        L::Fillers as usize,
        L::HeadingSituation as usize,
        L::HeadingTask as usize,
        L::HeadingAction as usize,
        L::HeadingResult as usize,
        L::HeadingLesson as usize,
        L::NonAction as usize,
        L::Habitual as usize,
        L::NotNames as usize,
        L::OrgFunctions as usize,
    ]
    .contains(&l)
}

/// A compiled critic for one pack. Build once per process; critiques are cheap.
pub struct Critic {
    matcher: Matcher,
    stems: StemMatcher,
    /// Section labels by STAR part.
    labels: Vec<(String, Part)>,
    /// Stems of first-person action verbs (from the `action` list) and choosing verbs.
    verb_stems: HashSet<u64>,
    /// Stems of choosing verbs (`decision_verbs`).
    decision_stems: HashSet<u64>,
    /// Words after "I" that do not make an action.
    non_action: Vec<String>,
    /// Capitalised words that are not people: the fixed ones and the pack's tools and places.
    not_names: HashSet<String>,
    /// Past forms that do not end in "-ed": the irregular ones and the verbs of the listed
    /// first-person actions, as written ("rebuilt").
    past_forms: agency::PastForms,
    /// `(id, name)` of each principle, in pack order; its cue list is `LEXICON_LISTS + i`.
    principles: Vec<(String, String)>,
    /// The pack's learned models (none from [`Critic::from_parts`]).
    learned: question::Learned,
    /// Each principle's `question_cues` (list `i` is principle `i`'s), read in questions only.
    question_cues: Matcher,
    /// How questions ask: for a story, an explanation or a design, and their topic words.
    asking: asking::Asking,
    /// Words after a figure that make it a design estimate, lowercase.
    estimate_words: Vec<String>,
    /// Words that put figures together into an estimate, lowercase.
    estimate_working: Vec<String>,
    /// Dissent words that, as written, name something else.
    dissent_not: Vec<String>,
    /// What follows "pushed back" when it means postponed.
    dissent_postponed: Vec<String>,
    /// The design report's lists (`[lexicon.design_report]`).
    report: writeup::ReportLexicon,
    /// How a sentence opens on the candidate's own contrary view, lowercase.
    own_view: Vec<String>,
    /// Phrases that open an analogy, lowercase (for an explanation to a plain audience).
    analogy: Vec<String>,
    /// Capitalised short forms that are everyday words, lowercase.
    everyday_acronyms: HashSet<String>,
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
        // The pack's own words are the words answers use most: stem them once, here.
        for q in &pack.questions {
            critic.stems.learn(&q.text);
            critic.stems.learn(&q.strong_answer);
        }
        for x in &pack.examples {
            critic.stems.learn(&x.weak);
            critic.stems.learn(&x.strong);
        }
        // The design prompts' reference points, which the design report looks up by stem.
        for p in &pack.prompts {
            p.components
                .iter()
                .chain(&p.trade_offs)
                .chain(&p.failure_modes)
                .chain(&p.monitoring)
                .for_each(|t| critic.stems.learn(t));
        }
        for p in &pack.principles {
            critic.stems.learn(&p.summary);
            p.probes
                .iter()
                .chain(&p.strong_signals)
                .for_each(|t| critic.stems.learn(t));
        }
        let lists: Vec<&[String]> = pack
            .principles
            .iter()
            .map(|p| p.question_cues.as_slice())
            .collect();
        critic.question_cues = Matcher::new(&lists, &vec![false; lists.len()]);
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
        let use_stems: Vec<bool> = (0..lists.len()).map(stemmed).collect();
        let stems = StemMatcher::new(&lists, &use_stems);
        let lower = |v: &[String]| v.iter().map(|w| w.to_lowercase()).collect::<Vec<_>>();
        let mut labels = Vec::new();
        for (l, part) in [
            (&lexicon.heading_situation, Part::Situation),
            (&lexicon.heading_task, Part::Task),
            (&lexicon.heading_action, Part::Action),
            (&lexicon.heading_result, Part::Result),
            (&lexicon.heading_lesson, Part::Lesson),
        ] {
            labels.extend(l.iter().map(|w| (w.to_lowercase(), part)));
        }
        let first_stem = |phrase: &str, skip_i: bool| {
            let mut w = phrase.split_whitespace();
            let mut first = w.next().unwrap_or("");
            if skip_i && first == "i" {
                first = w.next().unwrap_or("");
            }
            stems.stem(&first.to_lowercase())
        };
        let decision_stems: HashSet<u64> = lexicon
            .decision_verbs
            .iter()
            .filter(|p| !p.contains(' '))
            .map(|p| first_stem(p, false))
            .collect();
        let mut verb_stems: HashSet<u64> = lexicon
            .action
            .iter()
            .filter(|p| p.starts_with("i "))
            .map(|p| first_stem(p, true))
            .collect();
        verb_stems.extend(decision_stems.iter().copied());
        Critic {
            matcher: Matcher::new(&lists, &digit_ok),
            stems,
            labels,
            verb_stems,
            decision_stems,
            non_action: lexicon
                .non_action
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
            past_forms: agency::past_forms(
                lexicon
                    .action
                    .iter()
                    .filter_map(|p| p.strip_prefix("i "))
                    .filter_map(|p| p.split_whitespace().next())
                    .map(str::to_lowercase),
            ),
            not_names: lexicon
                .reading
                .name_stopwords
                .iter()
                .chain(&lexicon.not_names)
                .map(|w| w.to_lowercase())
                .collect(),
            asking: asking::Asking::new(&lexicon.reading),
            analogy: lexicon
                .reading
                .analogy
                .iter()
                .map(|p| p.to_lowercase())
                .collect(),
            everyday_acronyms: lexicon
                .reading
                .everyday_acronyms
                .iter()
                .map(|p| p.to_lowercase())
                .collect(),
            estimate_words: lower(&lexicon.reading.estimate_units),
            estimate_working: lower(&lexicon.reading.estimate_working),
            dissent_not: lower(&lexicon.reading.dissent_not),
            dissent_postponed: lower(&lexicon.reading.dissent_postponed),
            report: writeup::ReportLexicon::new(&lexicon.design_report),
            own_view: lower(&lexicon.reading.own_view),
            principles: names,
            learned: question::Learned::none(),
            question_cues: Matcher::new(&[], &[]),
        }
    }

    pub(crate) fn analyse<'t>(&'t self, text: &'t str, design: bool) -> Analysis<'t> {
        let labels = Labels {
            labels: self.labels.iter().map(|(w, p)| (w.as_str(), *p)).collect(),
        };
        let (sentences, shapes) = read::read(text, &labels);
        let words = sentences.iter().map(|s| s.words).sum();
        let mut by_list: Vec<Vec<Hit>> = vec![Vec::new(); LEXICON_LISTS + self.principles.len()];
        let mut masks = vec![0u64; sentences.len()];
        let (tokens, model_stems) = self.stems.tokens_and_stems(text);
        let mut a = Analysis {
            text,
            sentences,
            shapes,
            tokens: Vec::new(),
            sig: Vec::new(),
            read: Vec::new(),
            quote: Vec::new(),
            model_stems,
            num: Numbers::default(),
            verb_stems: &self.verb_stems,
            decision_stems: &self.decision_stems,
            non_action: self.non_action.iter().map(String::as_str).collect(),
            not_names: &self.not_names,
            estimate_words: &self.estimate_words,
            estimate_working: &self.estimate_working,
            dissent_not: &self.dissent_not,
            dissent_postponed: &self.dissent_postponed,
            own_view: &self.own_view,
            past_forms: &self.past_forms,
            design,
            present_story: false,
            by_list: Vec::new(),
            words,
            masks: Vec::new(),
            numbers: Vec::new(),
        };
        let mut hits = self.matcher.hits(text);
        hits.extend(self.stems.hits(&tokens));
        hits.sort_by_key(|h| (h.start, h.end, h.list));
        hits.dedup();
        // "you know", "I mean", "you see" are filler only when set off ("…, you know, …");
        // "provided you know your access patterns" is a verb with its object.
        hits.retain(|h| h.list != L::Fillers as usize || grammar::set_off(text, h));
        hits.retain(|h| !grammar::ordinary_grammar(text, h, design));
        for h in hits {
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
        a.tokens = tokens;
        a.present_story = !design && agency::present_story(&a);
        let (sig, num) = signals::detect(&a);
        a.sig = sig;
        a.num = num;
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

    /// Reads an answer against its question: the question's view, whether a design was asked (and
    /// whether a technical one), and the answer's sentences and signals.
    fn read<'t>(&'t self, input: &Input<'t>) -> (Option<QuestionView>, bool, bool, Analysis<'t>) {
        let q = input.question.as_ref().map(|q| {
            let mut v = self.question(q);
            self.asking.kind_from_pack(q.kind, q.text, &mut v);
            v
        });
        let design = q
            .as_ref()
            .is_some_and(|q| q.kind == "design" || q.kind == "technical");
        let technical = q.as_ref().is_some_and(|q| q.kind == "technical");
        let mut a = self.analyse(input.text, design);
        // An answer that opens by saying the question back ("Tell me about a time you disagreed
        // with your manager? Sure.") has not disagreed with anyone in that sentence.
        if let (Some(q), Some(first)) = (input.question.as_ref(), a.sentences.first()) {
            let words = |t: &str| -> Vec<String> {
                t.split(|c: char| !c.is_alphanumeric() && c != '\'')
                    .filter(|w| !w.is_empty())
                    .map(str::to_lowercase)
                    .collect()
            };
            let said = words(input.text.get(first.start..first.end).unwrap_or(""));
            let asked = words(q.text);
            let echoed = said.iter().filter(|w| asked.contains(w)).count();
            if said.len() >= 5 && echoed * 10 >= said.len() * 8 {
                if let Some(b) = a.sig.first_mut() {
                    *b = 0;
                }
            }
        }
        (q, design, technical, a)
    }

    /// Each sentence of an answer as the sentence model reads it (`(start, end, document)`, the
    /// span as the critic quotes it), for training that model offline.
    pub fn sentence_documents(&self, input: &Input<'_>) -> Vec<(usize, usize, String)> {
        let (_, _, _, a) = self.read(input);
        (0..a.sentences.len())
            .map(|i| {
                let (start, end) = a.span(i);
                (start, end, quoting::document(&a, i))
            })
            .collect()
    }

    /// Critiques one answer.
    pub fn critique(&self, input: &Input<'_>) -> Critique {
        let (q, design, technical, mut a) = self.read(input);
        a.quote = quoting::weigh(self.learned.sentence_signals(), &mut a);
        let facts = input.facts.cloned().unwrap_or_default();
        let mut sink = FindingSink {
            a: &a,
            out: Vec::new(),
        };

        let star = dimensions::star(&a);
        let numbers = &a.num;
        // What the question requires (a mistake owned, dissent, a customer, a trade-off) is asked
        // only where the question says so in words the lexicon knows, not on the kind model's guess
        // alone: "a program that was failing" is a turnaround, not a failure of yours.
        let cued = input
            .question
            .as_ref()
            .map(|q| self.cue_kinds(q.text))
            .unwrap_or_default();
        let qkinds: BTreeSet<String> = q
            .as_ref()
            .map(|q| {
                q.kinds
                    .iter()
                    .filter(|k| cued.contains(&k.as_str()))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();

        let structure = dimensions::structure(&a, &star, &mut sink);
        let metrics = metrics(&a, numbers, &star, &facts, &mut sink);
        let judgment = judgment(&a, &star, &facts, qkinds.contains("deadline"), &mut sink);
        let ownership = ownership(&a, &facts, qkinds.contains("failure"), &mut sink);
        // A signal the question does not ask about is advice, not a fault: "no customer" is a Miss
        // for a customer question, a Warning for a story with no question (or one probing
        // Customer Obsession), and a Note otherwise; likewise the team's capacity outside program
        // and deadline questions.
        let probes = |id: &str| {
            q.as_ref()
                .is_none_or(|q| q.principles.iter().take(3).any(|p| p.id == id))
        };
        let customer_weight = if qkinds.contains("customer") {
            Severity::Miss
        } else if probes("customer-obsession") {
            Severity::Warn
        } else {
            Severity::Note
        };
        let capacity_weight = if q.is_none()
            || q.as_ref().is_some_and(|q| {
                q.kinds
                    .iter()
                    .any(|k| k == "program-management" || k == "deadline")
            }) {
            Severity::Warn
        } else {
            Severity::Note
        };
        let (scope, customer_problem, orgs) = scope(&a, &facts, customer_weight, &mut sink);
        let collaboration = collaboration(
            &a,
            &facts,
            qkinds.contains("disagreement"),
            capacity_weight,
            &mut sink,
        );
        let specificity = specificity(&a, numbers, &mut sink);
        let delivery = delivery(&a, &mut sink);

        let i_count = a.count(L::FirstPerson);
        let we_count = a.count(L::Collective);
        let i_share = if i_count + we_count == 0 {
            // Subject-less bullets are the candidate's own.
            if a.sig_any(Sig::Action) { 1.0 } else { 0.0 }
        } else {
            i_count as f64 / (i_count + we_count) as f64
        };
        let mut caps: Vec<scoring::Cap> = Vec::new();
        // What an explanation for a non-technical listener gains or loses (`design_fit`).
        let mut plain_points = 0.0;
        let design_checks = if design {
            let question = input.question.as_ref().map_or("", |q| q.text);
            Some(self.design_fit(
                &a,
                technical,
                question,
                &mut sink,
                &mut caps,
                &mut plain_points,
            ))
        } else {
            None
        };
        let points = if design {
            scoring::design(&a, technical) + plain_points
        } else {
            scoring::behavioural(&a, &facts, i_share)
        };
        if let Some(c) = scoring::length_cap(a.words) {
            caps.push(c);
        }
        if !design {
            for (kind, needed, at, signal) in [
                ("failure", a.read_any(Sig::Mistake), 40, "mistake"),
                (
                    "disagreement",
                    a.read_any(Sig::Dissent) || !facts.dissent.is_empty(),
                    40,
                    "dissent",
                ),
                ("customer", a.read_any(Sig::Customer), 55, "customer"),
                (
                    "deadline",
                    a.read_any(Sig::TradeOff)
                        || a.read_any(Sig::Alternatives)
                        || !facts.trade_off.is_empty(),
                    60,
                    "trade-off",
                ),
            ] {
                if qkinds.contains(kind) && !needed {
                    caps.push(scoring::Cap { at, signal });
                }
            }
        }
        // A failure question answered with a mistake owned, or a disagreement question with the
        // disagreement, answers what was asked whatever the principle model reads in the story.
        let kind_answered = !design
            && ["failure", "disagreement"]
                .iter()
                .any(|k| qkinds.contains(*k))
            && (!qkinds.contains("failure") || a.sig_any(Sig::Mistake))
            && (!qkinds.contains("disagreement")
                || a.sig_any(Sig::Dissent)
                || !facts.dissent.is_empty());
        let principles = self.principle_scores(&a);
        // Does the answer answer this question? Its principles against the question's: a story
        // that shows none of what the question probes answers another question.
        if let (Some(qv), Some(asked), false) = (&q, input.question.as_ref(), design) {
            if !kind_answered {
                self.relevance(&a, qv, asked.text, &principles, &mut sink, &mut caps);
            }
        }
        let overall = if a.words == 0 {
            0
        } else {
            scoring::apply(points, &caps)
        };
        let verdict = match overall {
            70.. => "strong",
            45..=69 => "mixed",
            _ => "weak",
        };

        if let Some(qv) = &q {
            if let Some(top) = qv.principles.first().filter(|p| p.score >= 0.75) {
                let got = principles
                    .iter()
                    .find(|p| p.id == top.id)
                    .map_or(0.0, |p| p.score);
                // As for the off-topic check: little, and well below what the answer shows most.
                let most = principles.first().map_or(0.0, |p| p.score);
                if got < 0.3 && got < 0.6 * most && a.words > 0 && !kind_answered {
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
        // A design told where a story was asked for: say so, rather than only that the story's
        // parts are missing.
        if !design && a.words > 0 && !a.read_any(Sig::Action) {
            let criteria = signals::ALL
                .into_iter()
                .filter(|s| s.design() && a.sig_any(*s))
                .count();
            if criteria >= 3 {
                sink.add(
                    "structure", "design-answer",
                    Severity::Warn,
                    None,
                    "This reads as a system design, not a story: the question asks what you did in a real situation.".into(),
                    "Tell one real situation: what you faced, what you did and decided, and what changed because of it.",
                );
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
            + if a.sig_any(Sig::Decision) { 2.0 } else { 0.0 };
        let engineering =
            1.0 + if a.sig_any(Sig::Partner) || !facts.partners.is_empty() {
                3.0
            } else {
                0.0
            } + if a.sig_any(Sig::Capacity) { 3.0 } else { 0.0 }
                + if a.sig_any(Sig::Dissent) { 2.0 } else { 0.0 }
                + if a.sig_any(Sig::Alternatives) {
                    1.0
                } else {
                    0.0
                };

        let held = if a.words == 0 {
            None
        } else {
            scoring::held(points, &caps)
        };
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
            signals: signal_spans(&a),
            rubric: if design { "design" } else { "behavioural" },
            capped_by: caps
                .iter()
                .filter(|c| c.at < points.round().clamp(0.0, 100.0) as u8)
                .map(|c| c.signal)
                .collect(),
            held,
            design: design_checks,
        }
    }

    fn name(&self, id: &str) -> String {
        self.principles
            .iter()
            .find(|(i, _)| i == id)
            .map_or_else(|| id.to_string(), |(_, n)| n.clone())
    }

    /// The kinds the question's own words name (the lexicon's question cues).
    fn cue_kinds(&self, text: &str) -> Vec<&'static str> {
        let hits = self.matcher.hits(text);
        let has = |l: L| hits.iter().any(|h| h.list == l as usize);
        [
            (L::QFailure, "failure"),
            (L::QDisagreement, "disagreement"),
            (L::QDeadline, "deadline"),
            (L::QCustomer, "customer"),
        ]
        .into_iter()
        .filter(|(l, _)| has(*l))
        .map(|(_, k)| k)
        .collect()
    }

    fn question(&self, q: &Question<'_>) -> QuestionView {
        let hits = self.matcher.hits(q.text);
        let cue_kinds = self.cue_kinds(q.text);
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
        for h in self.question_cues.hits(q.text) {
            if let Some(n) = cue_counts.get_mut(h.list) {
                *n += 1;
            }
        }
        let tokens =
            features::Tokens::of_known(self.learned.stems(), q.text, |w| self.stems.known_stem(w));
        question::view(
            &self.learned,
            &self.principles,
            q,
            &tokens,
            &cue_kinds,
            &cue_counts,
        )
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
        let tokens = question::answer_tokens(&self.learned, a.text, &a.tokens, &a.model_stems);
        question::answer(&self.learned, &self.principles, &tokens, cues)
    }
}

/// Every (sentence, signal) the reading found, in text order.
fn signal_spans(a: &Analysis<'_>) -> Vec<SignalSpan> {
    let mut out = Vec::new();
    for i in 0..a.sentences.len() {
        let (start, end) = a.span(i);
        for sig in signals::ALL {
            // Design criteria are read only where a design was asked for.
            if a.sig_at(i, sig) && (a.design || !sig.design()) {
                out.push(SignalSpan {
                    signal: sig.code(),
                    start,
                    end,
                    quoted: a.sig_first(sig) == Some(i),
                });
            }
        }
    }
    out
}
