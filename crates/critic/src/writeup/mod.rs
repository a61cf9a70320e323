//! The design report: a whole written design (often Markdown with `## Phase` headings and bullets)
//! read against the criteria of a written design, its figures checked against their own arithmetic,
//! and scored on the six design objectives.
//!
//! It reuses the answer critic's reading ([`crate::Critic::analyse`] as a design: sentences with
//! byte spans, stems, numbers, the design signals and the "hollow" rule) and adds the pack's
//! `[lexicon.design_report]` lists, compiled once by [`crate::Critic::from_parts`].
//!
//! - `criteria.rs` — which sentences meet each criterion;
//! - `numbers.rs` — users, actions, daily totals, rates and sizes, and the QPS check;
//! - `objectives.rs` — the criterion → objective table, the overall score and its caps;
//! - `reference.rs` — a pack prompt's reference points touched or not mentioned;
//! - `report.rs` — the output types.

mod criteria;
mod numbers;
mod objectives;
mod reference;
pub mod report;

use tpmprep_content::{Prompt, ReportWords};

use crate::Critic;
use crate::analysis::Analysis;
use crate::stems::StemMatcher;
use crate::text::{Hit, Matcher};
use report::{DesignReport, ReportFinding, ReportSeverity};

/// The report's lists, by index in [`ReportWords::lists`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum W {
    Functional,
    NonFunctional,
    DataFlow,
    DataModel,
    Parts,
    Reason,
    GenericReasons,
    Security,
    Cost,
    Peak,
    Users,
    Daily,
    Actions,
    PerSecond,
    Storage,
    Buzzwords,
}

const LISTS: usize = 16;

/// The report's lists compiled: as written (for phrases with signs: `get /`, `→`, `/s`) and by
/// stem (so "encrypts" finds "encrypt").
pub(crate) struct ReportLexicon {
    matcher: Matcher,
    stems: StemMatcher,
}

impl ReportLexicon {
    pub(crate) fn new(words: &ReportWords) -> ReportLexicon {
        let lists: Vec<&[String]> = words.lists().iter().map(|(_, l)| l.as_slice()).collect();
        // Figures are followed directly by sizes and rates ("40GB", "12kqps").
        let digit_ok: Vec<bool> = (0..LISTS)
            .map(|i| i == W::Storage as usize || i == W::PerSecond as usize)
            .collect();
        // Only phrases of words are read by stem: a sign would vanish from the stem pattern.
        let worded: Vec<Vec<String>> = lists
            .iter()
            .map(|l| {
                l.iter()
                    .filter(|p| {
                        p.chars()
                            .all(|c| c.is_alphanumeric() || c == ' ' || c == '-' || c == '\'')
                    })
                    .cloned()
                    .collect()
            })
            .collect();
        let worded_refs: Vec<&[String]> = worded.iter().map(Vec::as_slice).collect();
        ReportLexicon {
            matcher: Matcher::new(&lists, &digit_ok),
            stems: StemMatcher::new(&worded_refs, &[true; LISTS]),
        }
    }
}

/// One write-up as the report reads it: the answer critic's analysis and the report's own hits.
pub(crate) struct Reading<'a> {
    pub(crate) a: &'a Analysis<'a>,
    /// Hits of the report's lists, by list, in text order.
    by_list: Vec<Vec<Hit>>,
    /// Per sentence: a heading line (`## Trade-offs`, `**Monitoring**`, `Security:`), which
    /// names a section and earns nothing itself.
    pub(crate) heading: Vec<bool>,
    /// Per sentence: hollow, by the answer critic's rule or by the report's buzzwords with no
    /// number, no component and no choice.
    pub(crate) hollow: Vec<bool>,
    /// Per sentence: under a heading (or an inline bold label) that names requirements or scope.
    pub(crate) requirements: Vec<bool>,
}

impl Reading<'_> {
    /// The hits of list `l` inside sentence `i`.
    pub(crate) fn hits(&self, l: W, i: usize) -> impl Iterator<Item = &Hit> + '_ {
        let (start, end) = self.a.sentences.get(i).map_or((0, 0), |s| (s.start, s.end));
        let hits = self.by_list.get(l as usize).map_or(&[][..], Vec::as_slice);
        let first = hits.partition_point(|h| h.start < start);
        hits[first..]
            .iter()
            .take_while(move |h| h.start < end)
            .filter(move |h| h.end <= end)
    }

    /// Sentence `i` has a hit of list `l`.
    pub(crate) fn has(&self, l: W, i: usize) -> bool {
        self.hits(l, i).next().is_some()
    }

    /// Sentence `i` can earn credit: not a heading, not hollow.
    pub(crate) fn counts(&self, i: usize) -> bool {
        !self.heading.get(i).copied().unwrap_or(true)
            && !self.hollow.get(i).copied().unwrap_or(true)
    }

    /// The finding for sentence `i` (or the whole write-up).
    pub(crate) fn finding(
        &self,
        criterion: &'static str,
        severity: ReportSeverity,
        sentence: Option<usize>,
        message: String,
        suggestion: &str,
    ) -> ReportFinding {
        let (start, end, quote) = sentence.map_or((0, 0, String::new()), |i| self.a.quote(i));
        ReportFinding {
            criterion,
            severity,
            message,
            suggestion: suggestion.to_string(),
            start,
            end,
            quote,
        }
    }
}

/// Is sentence `i` a heading line: `#` before it on its line, a bold line alone, or a few words
/// ending in a colon with nothing after them?
fn heading(a: &Analysis<'_>, i: usize) -> bool {
    let Some(s) = a.sentences.get(i) else {
        return false;
    };
    let line_start = a
        .text
        .get(..s.start)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |n| n + 1);
    let lead = a.text.get(line_start..s.start).unwrap_or("");
    if lead.contains('#') {
        return true;
    }
    let body = a.text.get(s.start..s.end).unwrap_or("");
    let bold = body.starts_with("**") && body.ends_with("**") && s.words <= 6;
    let rest_of_line = a
        .text
        .get(s.end..)
        .map_or("", |t| t.split('\n').next().unwrap_or(""));
    let labelled = body.ends_with(':') && s.words <= 5 && rest_of_line.trim().is_empty();
    bold || labelled
}

/// Per sentence: is it under a heading that names requirements, assumptions or scope ("## Clarify",
/// "## Requirements"), or does it open with a bold label that does ("**Requirements.** Teams…")?
fn requirement_sections(a: &Analysis<'_>, heading: &[bool]) -> Vec<bool> {
    let mut under = false;
    (0..a.sentences.len())
        .map(|i| {
            let names = a.sentence_has(i, crate::L::DesignRequirements);
            if heading.get(i).copied().unwrap_or(false) {
                under = names;
                return false;
            }
            let labelled = names
                && a.sentences.get(i).is_some_and(|s| {
                    a.text
                        .get(s.start..s.end)
                        .is_some_and(|t| t.starts_with("**"))
                });
            under || labelled
        })
        .collect()
}

impl Critic {
    /// Critiques a whole written design: the criteria of a written design (each quoting the
    /// sentence that meets it), the figures and whether they agree with their own arithmetic, the
    /// six objectives scored 0–10 and the overall 0–100; with a pack prompt, which of its
    /// reference points the write-up touched. Pure, deterministic, never panics.
    pub fn design_report(&self, text: &str, prompt: Option<&Prompt>) -> DesignReport {
        let a = self.analyse(text, true);
        let mut by_list: Vec<Vec<Hit>> = vec![Vec::new(); LISTS];
        let mut hits = self.report.matcher.hits(text);
        hits.extend(self.report.stems.hits(&a.tokens));
        hits.sort_by_key(|h| (h.start, h.end, h.list));
        hits.dedup();
        for h in hits {
            if let Some(group) = by_list.get_mut(h.list) {
                group.push(h);
            }
        }
        let heading: Vec<bool> = (0..a.sentences.len()).map(|i| heading(&a, i)).collect();
        let requirements = requirement_sections(&a, &heading);
        let mut r = Reading {
            a: &a,
            by_list,
            heading,
            hollow: Vec::new(),
            requirements,
        };
        r.hollow = (0..a.sentences.len())
            .map(|i| criteria::hollow(&r, i))
            .collect();
        let (numbers, tied) = numbers::read(&r);
        let found = criteria::find(&r, &tied);
        let mut findings = criteria::findings(&r, &found);
        findings.extend(numbers::findings(&r, &numbers));
        let scored = objectives::score(&r, &found, &numbers);
        findings.extend(scored.findings);
        findings.sort_by_key(|f| (f.severity, f.start));
        DesignReport {
            overall: scored.overall,
            verdict: match scored.overall {
                70.. => "strong",
                45..=69 => "mixed",
                _ => "weak",
            },
            words: a.words,
            objectives: scored.objectives,
            criteria: criteria::report(&r, &found),
            findings,
            numbers,
            reference: prompt.map(|p| reference::reference(&a, p, |w| self.stems.stem_known(w))),
            capped_by: scored.capped_by,
        }
    }
}
