//! Résumé mode: every bullet scored for an outcome number, a decision and scope.

use crate::model::{ResumeBullet, ResumeReport};
use crate::signals::Sig;
use crate::{Critic, L, text};

impl Critic {
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
            let a = self.analyse(body, false);
            let n = &a.num;
            let outcome_number = n.outcome > 0;
            let decision = a.sig_any(Sig::Decision)
                || a.sig_any(Sig::Action)
                || starts_with_verb(body, |w| crate::agency::past(&a, w));
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
            if a.sig_any(Sig::Responsibility) {
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
}

/// Résumé bullets often start with a past-tense verb ("Led", "Cut", "Built", "Chose"): `past` says
/// whether a word is one (the reading's own test: "-ed", an irregular past, a listed action's verb).
fn starts_with_verb(body: &str, past: impl Fn(&str) -> bool) -> bool {
    let first = body.split_whitespace().next().unwrap_or("");
    let w = first
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_ascii_lowercase();
    !["responsible", "involved", "tasked"].contains(&w.as_str())
        && (past(&w)
            || [
                "led", "cut", "built", "ran", "drove", "set", "won", "grew", "shipped", "launched",
            ]
            .contains(&w.as_str()))
}

#[cfg(test)]
mod tests {
    /// A trial found "Chose a third-party verification vendor over building in-house…" read as no
    /// decision in résumé mode, while "Learned that…" passed.
    #[test]
    fn a_bullet_that_opens_on_an_irregular_past_verb_is_a_decision() {
        let pack = tpmprep_content::embedded_pack().expect("pack");
        let critic = crate::Critic::new(&pack);
        let r = critic.resume(
            "- Chose a third-party verification vendor over building in-house, trading control for a faster launch\n\
             - Responsible for the onboarding roadmap and its stakeholders",
        );
        let chose = r
            .bullets
            .iter()
            .find(|b| b.text.starts_with("Chose"))
            .expect("the bullet");
        assert!(chose.decision, "{chose:?}");
        let duty = r
            .bullets
            .iter()
            .find(|b| b.text.starts_with("Responsible"))
            .expect("the bullet");
        assert!(!duty.decision, "{duty:?}");
    }
}
