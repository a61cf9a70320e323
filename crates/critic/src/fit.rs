//! Does the answer answer the question asked? A design answer against the design criteria (and
//! not a story told instead, nor a design of something else); a story against the principles the
//! question probes. Each miss caps the score and says why in a finding.

use crate::analysis::Analysis;
use crate::findings::FindingSink;
use crate::signals::Sig;
use crate::{
    Critic, DesignCheck, PrincipleScore, QuestionView, Severity, design, question, read, scoring,
};

impl Critic {
    /// The design criteria met, with the caps for a design question answered with too few of
    /// them, with technologies only, with a story, or about another subject.
    pub(crate) fn design_fit(
        &self,
        a: &Analysis<'_>,
        technical: bool,
        question: &str,
        sink: &mut FindingSink<'_>,
        caps: &mut Vec<scoring::Cap>,
        points: &mut f64,
    ) -> Vec<DesignCheck> {
        // A design answer is not a story: STAR findings do not apply.
        sink.out.retain(|f| {
            matches!(f.dimension, "specificity" | "delivery") && f.signal != "too-short"
        });
        let checks = design::checks(a, technical, sink);
        // An explanation for a listener without a technical background: plain words and an
        // analogy stand in for named parts, in the points and in what counts as met.
        let (plain_points, plain_met) = if technical && self.asking.plain_audience(question) {
            design::plain_audience(a, question, &self.analogy, &self.everyday_acronyms, sink)
        } else {
            (0.0, 0)
        };
        *points += plain_points;
        let met =
            design::met(&checks) + plain_met + usize::from(technical && scoring::mechanism(a));
        let (needed, message, suggestion) = if technical {
            (
                2,
                "A technical question needs the mechanism and a choice; this answer meets fewer than two of the criteria.",
                "Say how it works (the parts and what each does), when you would choose it over the alternative and why, and where it breaks.",
            )
        } else {
            (
                3,
                "A design question needs a design; this answer meets fewer than three of the eight design criteria.",
                "Walk through requirements with numbers, the components, one choice weighed against another, and how it fails, is watched and scales.",
            )
        };
        if met < needed && a.words > 0 {
            caps.push(scoring::Cap {
                at: 50,
                signal: "design",
            });
            sink.add(
                "design",
                "design",
                Severity::Miss,
                None,
                message.into(),
                suggestion,
            );
        } else if !technical
            && a.words > 0
            && !a.read_any(Sig::Estimate)
            && !a.read_any(Sig::TradeOff)
            && !a.read_any(Sig::Alternatives)
        {
            // Components and failure words without a number or a choice are a list of
            // technologies, not a design anyone could check.
            caps.push(scoring::Cap {
                at: 42,
                signal: "design",
            });
            sink.add(
                "design", "design",
                Severity::Miss,
                None,
                "This names technologies but gives no numbers for scale and weighs no choice against another, so nothing in it can be checked.".into(),
                "Size it (\"5 M uploads a day, 60 a second at peak\"), then say what you chose over what and why.",
            );
        }
        // A story told where a design or an explanation was asked for: labelled STAR parts, or
        // most sentences things the candidate did.
        let acted = (0..a.sentences.len())
            .filter(|&i| a.sig_at(i, Sig::Action))
            .count();
        let labelled = a
            .shapes
            .iter()
            .any(|s| matches!(s.part, read::Part::Situation | read::Part::Result));
        if a.words >= 40 && met < 4 && (labelled || acted * 5 >= a.sentences.len() * 3) {
            caps.push(scoring::Cap {
                at: 45,
                signal: "story-answer",
            });
            sink.add(
                "structure",
                "story-answer",
                Severity::Miss,
                None,
                "This tells a story of what happened; the question asks how the thing works or how you would build it.".into(),
                "Answer the question first (the parts, how they work, what you would choose and why); keep the story for one sentence of evidence.",
            );
        }
        // A design of something else: the answer shares none of the question's subject words.
        let topic = self.asking.topic_words(question);
        let lower = a.text.to_lowercase();
        let shares = |w: &String| lower.contains(crate::asking::topic_cut(w).as_str());
        if !topic.is_empty() && a.words >= 40 && !topic.iter().any(shares) {
            // A full design that calls the subject by other words ("devices" for "smart
            // thermostats", "readings" for "telemetry") may still be this one; it cannot be
            // strong without saying so, but is not sunk with a list of technologies.
            caps.push(scoring::Cap {
                at: if met >= 5 { 60 } else { 40 },
                signal: "relevance",
            });
            sink.add(
                "structure",
                "relevance",
                Severity::Miss,
                None,
                format!(
                    "The answer never mentions what the question is about ({}): it reads as an answer to another question.",
                    topic.join(", ")
                ),
                "Start from the question's own subject: restate what is being built or explained, then answer it.",
            );
        }
        checks
    }

    /// Caps a story that shows none of what the question probes: its principles against the
    /// question's.
    pub(crate) fn relevance(
        &self,
        a: &Analysis<'_>,
        q: &QuestionView,
        question: &str,
        principles: &[PrincipleScore],
        sink: &mut FindingSink<'_>,
        caps: &mut Vec<scoring::Cap>,
    ) {
        let fit = question::fit(&q.principles, principles);
        // Between the lines, an answer that also shows little of the question's main
        // principle answers another question.
        // "Little" is both low and well below what the answer shows most: the reading spreads a
        // story over several principles, and the one asked about close behind the first is
        // shown ("simplified a process": Invent and Simplify at 0.27 beside Customer Obsession
        // at 0.43 is there).
        let answer_top = principles.first().map_or(0.0, |p| p.score);
        let main_missing = q.principles.first().is_some_and(|top| {
            let shown = principles
                .iter()
                .find(|p| p.id == top.id)
                .map_or(0.0, |p| p.score);
            top.score >= 0.75 && shown < 0.3 && shown < 0.6 * answer_top
        });
        // The answer's main principle among the question's first two answers it, whatever
        // the cosine says ("fewer resources" probes Frugality and Deliver Results; a story
        // showing Deliver Results first is on topic).
        let shares_main = principles.first().is_some_and(|top| {
            q.principles
                .iter()
                .take(2)
                .any(|p| p.id == top.id && p.score >= 0.3)
        });
        // An answer that takes up most of the question's own subject words ("earn the trust of
        // a sceptical engineering team": trust, sceptical, engineering) is about what was asked,
        // whatever the principle reading says.
        let topic = self.asking.topic_words(question);
        let lower = a.text.to_lowercase();
        let shared = topic
            .iter()
            .filter(|w| lower.contains(crate::asking::topic_cut(w).as_str()))
            .count();
        let on_subject = topic.len() >= 2 && shared * 4 >= topic.len() * 3;
        let off = !shares_main
            && !on_subject
            && (fit < question::OFF_TOPIC || fit < question::OFF_TOPIC_WEAK_MAIN && main_missing);
        // The principle reading is noisy (a story rich in customers and results reads as
        // Customer Obsession and Deliver Results whatever it answers), so the cap holds an
        // answer at the top of "weak" and no lower: an answer to another question is weak, and
        // a strong one misread still outranks plainer answers below it.
        if off && a.words >= 40 {
            caps.push(scoring::Cap {
                at: 44,
                signal: "relevance",
            });
            // The second principle is named only where the question probes it at all.
            let q_top = q.principles.first().map_or(0.0, |p| p.score);
            let asked: Vec<String> = q
                .principles
                .iter()
                .take(2)
                .filter(|p| p.score >= 0.25 * q_top)
                .map(|p| self.name(&p.id))
                .collect();
            let shown: Vec<String> = principles
                .iter()
                .take(2)
                .map(|p| self.name(&p.id))
                .collect();
            sink.add(
                "structure",
                "relevance",
                Severity::Warn,
                None,
                format!(
                    "This reads as an answer to another question: the question probes {}, the answer shows {}.",
                    asked.join(" and "),
                    shown.join(" and ")
                ),
                "Pick the story that shows what was asked, and say early how it answers the question.",
            );
        }
    }
}
