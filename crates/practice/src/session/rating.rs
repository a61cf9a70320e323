//! Principle ratings: the critique of a whole exchange, the rating it earns, what holds it back
//! (a repeat, an unanswered follow-up) and the reason given for it.

use tpmprep_critic::{Critic, Critique, Input, Question as CriticQuestion};

use super::{Asked, FollowUpRecord, Session};
use crate::{Rating, follow_up};

/// Everything said for one question as one text: the answer, then each follow-up answer, a blank
/// line between them (a sentence never runs from one answer into the next).
pub fn exchange_text(a: &Asked) -> String {
    let mut text = a.answer.clone();
    for f in &a.follow_ups {
        text.push_str("\n\n");
        text.push_str(&f.answer);
    }
    text
}

/// Whether the reply to follow-up `f` of question `a` answers it: substantive
/// ([`follow_up::substantive`]: enough content words besides the `deflections`, in the first person
/// after a behavioural follow-up) and not a repeat of an earlier answer.
pub fn follow_up_answered(a: &Asked, f: &FollowUpRecord, deflections: &[String]) -> bool {
    f.repeat_of.is_none() && follow_up::substantive(&f.answer, a.question.is_design(), deflections)
}

/// The follow-ups of `a` that answered the gap they were asked about (a substantive reply to a
/// probe of a known gap; see [`follow_up_answered`]).
fn answered_gaps<'a>(
    a: &'a Asked,
    deflections: &'a [String],
) -> impl Iterator<Item = &'a FollowUpRecord> {
    a.follow_ups
        .iter()
        .filter(move |f| !f.gap.is_empty() && follow_up_answered(a, f, deflections))
}

/// The critique of the whole exchange on one question, as an interviewer rates it: the answer and
/// every follow-up answer read together (quotes come from whichever answer holds the sentence), less
/// the findings a follow-up answered: an interviewer who asked "what did you give up?" and heard
/// what was given up does not hold its absence against the answer. A reply that dodges (see
/// [`follow_up_answered`], with the pack's `deflections`) answers nothing.
pub fn exchange_critique(a: &Asked, critic: &Critic, deflections: &[String]) -> (String, Critique) {
    let text = exchange_text(a);
    let mut c = critic.critique(&Input {
        text: &text,
        question: Some(CriticQuestion {
            text: &a.question.text,
            principles: &a.question.principles,
            kind: "",
        }),
        ..Input::default()
    });
    let answered: Vec<&str> = answered_gaps(a, deflections)
        .map(|f| f.gap.as_str())
        .collect();
    c.findings
        .retain(|f| follow_up::gap_of(f.signal).is_none_or(|g| !answered.contains(&g)));
    (text, c)
}

pub(super) fn rating_for(c: &Critique, principle: &str) -> Rating {
    let evidence = c
        .principles
        .iter()
        .find(|p| p.id == principle)
        .map_or(0.0, |p| p.score);
    match c.overall {
        80.. if evidence >= 0.5 => Rating::StrongHire,
        60.. => Rating::Hire,
        35.. => Rating::NoHire,
        _ => Rating::StrongNoHire,
    }
}

/// At most about `max` characters of `text`, cut after a whole word, with "…" when cut.
pub(crate) fn short(text: &str, max: usize) -> String {
    let Some((at, _)) = text.char_indices().nth(max) else {
        return text.to_string();
    };
    let head = &text[..at];
    let cut = head.rfind(char::is_whitespace).map_or(head, |w| &head[..w]);
    format!("{} …", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// The sentence of `text` a byte span covers, on one line.
fn quoted(text: &str, start: usize, end: usize) -> Option<String> {
    let s = text.get(start..end)?;
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!flat.is_empty()).then_some(flat)
}

/// Why a principle got `rating`, from the whole exchange on its question (`text`, critiqued as `c`).
/// A rating of Hire or better gives what earned it: the sentence evidencing the principle (or a
/// follow-up answer that filled a gap, or the best-evidenced dimension), quoted. A lower rating
/// gives the biggest gap the critic found, quoting the sentence it rests on.
pub(super) fn reason_for(
    a: &Asked,
    text: &str,
    c: &Critique,
    (p, name): (&str, &str),
    rating: Rating,
    deflections: &[String],
) -> String {
    if rating >= Rating::Hire {
        let evidence = c
            .principles
            .iter()
            .find(|x| x.id == p && x.score > 0.0)
            .and_then(|x| x.spans.first())
            .and_then(|span| quoted(text, span.start, span.end));
        if let Some(q) = evidence {
            return format!("scored {}/100; {name} shows in \"{q}\"", c.overall);
        }
        let d = &c.dimensions;
        let dims = [
            &d.judgment,
            &d.ownership,
            &d.metrics,
            &d.collaboration,
            &d.scope,
            &d.structure,
            &d.specificity,
            &d.delivery,
        ];
        // The best-scored dimension's evidence, one that quotes the answer first.
        let best = |quoting: bool| {
            dims.iter()
                .filter_map(|x| {
                    x.evidence
                        .iter()
                        .find(|e| !quoting || e.contains('"'))
                        .map(|e| (x.score, e))
                })
                .max_by_key(|(score, _)| *score)
                .map(|(_, e)| e)
        };
        if let Some(e) = best(true) {
            return format!("scored {}/100; strongest evidence, {e}", c.overall);
        }
        // A follow-up that filled a gap, by its first sentence.
        if let Some(f) = answered_gaps(a, deflections).next() {
            let end = f
                .answer
                .char_indices()
                .find(|(i, ch)| {
                    matches!(ch, '.' | '?' | '!')
                        && f.answer[i + 1..]
                            .chars()
                            .next()
                            .is_none_or(char::is_whitespace)
                })
                .map_or(f.answer.len(), |(i, _)| i + 1);
            let first = quoted(&f.answer, 0, end);
            if let Some(q) = first {
                return format!(
                    "scored {}/100; a follow-up filled a gap: \"{q}\"",
                    c.overall
                );
            }
        }
        return match best(false) {
            Some(e) => format!("scored {}/100; strongest evidence, {e}", c.overall),
            None => format!("scored {}/100", c.overall),
        };
    }
    match c.findings.first() {
        Some(f) if !f.quote.is_empty() => format!("{} \"{}\"", f.message, f.quote),
        Some(f) => f.message.clone(),
        None => format!(
            "scored {}/100, short of what a Hire needs, with no single gap named",
            c.overall
        ),
    }
}

impl Session {
    /// What holds a question's rating below what its critique scored, with the reason said in
    /// full: an answer that repeats an earlier one earns no Hire for the principle it is reused
    /// for; each follow-up left unanswered ("I would ask the team.", "Not sure.", a repeat) takes a
    /// level off, down to No Hire. `None` when nothing does.
    pub(super) fn held_back(
        &self,
        a: &Asked,
        scored: Rating,
        name: &str,
    ) -> (Rating, Option<String>) {
        let mut rating = scored;
        let mut why: Vec<String> = Vec::new();
        if let Some(of) = a.repeat_of {
            if rating > Rating::NoHire {
                rating = Rating::NoHire;
            }
            why.push(format!(
                "this answer repeats your answer to {}, so it shows nothing new for {name}",
                of.label()
            ));
        }
        for f in &a.follow_ups {
            if follow_up_answered(a, f, &self.deflections) {
                continue;
            }
            if rating > Rating::NoHire {
                rating = match rating {
                    Rating::StrongHire => Rating::Hire,
                    _ => Rating::NoHire,
                };
            }
            let reply = f.answer.split_whitespace().collect::<Vec<_>>().join(" ");
            let reply = match (f.repeat_of, reply.is_empty()) {
                (Some(of), _) => format!("was answered with your answer to {} again", of.label()),
                (None, true) => "got no answer".to_string(),
                (None, false) => format!("got no real answer (\"{}\")", short(&reply, 60)),
            };
            why.push(format!("the follow-up \"{}\" {reply}", short(&f.text, 60)));
        }
        if why.is_empty() {
            return (rating, None);
        }
        let lowered = if rating < scored {
            format!(
                "{} (the answer alone scored {}): ",
                rating.label(),
                scored.label()
            )
        } else {
            String::new()
        };
        let mut text = format!("{lowered}{}", why.join("; "));
        text.push('.');
        if rating < scored {
            // Said as a sentence of its own.
            if let Some(first) = text.get(..1) {
                let upper = first.to_uppercase();
                text.replace_range(..1, &upper);
            }
        }
        (rating, Some(text))
    }
}
