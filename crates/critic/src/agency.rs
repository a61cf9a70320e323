//! Agency: who does what in a sentence. A first-person clause whose verb is an action of the
//! candidate's (not "I was", "I think", not a role held, not a habit), or a subject-less bullet in
//! the past tense ("- Interviewed 20 customers", "- Instead of escalating, asked her…"). Read by
//! [`crate::signals::detect`].

use std::collections::HashSet;
use std::hash::BuildHasherDefault;

use crate::L;
use crate::analysis::Analysis;
use crate::features::Fnv;
use crate::stems::Token;

/// Adverbs and spoken fillers that may stand between "I" and its verb.
fn adverb(w: &str) -> bool {
    (w.len() > 4 && w.ends_with("ly"))
        || matches!(
            w,
            "also"
                | "then"
                | "first"
                | "just"
                | "still"
                | "later"
                | "soon"
                | "again"
                | "next"
                | "uh"
                | "um"
                | "er"
                | "erm"
                | "like"
                | "i"
        )
}

/// Verbs of holding a role, and what they hold: "I ran the program", "I owned the launch" say
/// who you were, not what you did.
const ROLE_VERBS: [&str; 9] = [
    "ran", "run", "owned", "own", "led", "lead", "managed", "manage", "oversaw",
];
const ROLE_NOUNS: [&str; 31] = [
    "plan",
    "cutover",
    "roadmap",
    "budget",
    "retirement",
    "report",
    "reports",
    "board",
    "replatforming",
    "patch",
    "portfolio",
    "relationship",
    "process",
    "program",
    "programme",
    "project",
    "launch",
    "rollout",
    "migration",
    "team",
    "group",
    "redesign",
    "workstream",
    "initiative",
    "effort",
    "org",
    "organisation",
    "organization",
    "readiness",
    "delivery",
    "program's",
];

pub(crate) fn role_statement(toks: &[Token], verb: usize) -> bool {
    toks.get(verb)
        .is_some_and(|v| ROLE_VERBS.contains(&v.lower.as_str()))
        && toks[verb + 1..]
            .iter()
            .take(6)
            .take_while(|t| {
                !matches!(
                    t.lower.as_str(),
                    "where" | "which" | "that" | "who" | "to" | "with" | "so" | "because" | "and"
                )
            })
            .any(|t| ROLE_NOUNS.contains(&t.lower.as_str()))
}

/// Past forms that do not end in "-ed": a verb in one of these, or in "-ed", tells a story;
/// a present form beside "always" or "I'm" tells a habit.
const IRREGULAR_PAST: [&str; 64] = [
    "said",
    "meant",
    "lent",
    "hung",
    "ran",
    "led",
    "took",
    "got",
    "made",
    "wrote",
    "sent",
    "set",
    "put",
    "cut",
    "met",
    "sat",
    "told",
    "brought",
    "built",
    "chose",
    "drove",
    "found",
    "gave",
    "held",
    "kept",
    "left",
    "spent",
    "won",
    "began",
    "drew",
    "rang",
    "sold",
    "paid",
    "taught",
    "shut",
    "split",
    "spoke",
    "went",
    "saw",
    "read",
    "laid",
    "rode",
    "dug",
    "bought",
    "caught",
    "fought",
    "heard",
    "lost",
    "rose",
    "stood",
    "understood",
    "thought",
    "knew",
    "did",
    "flew",
    "threw",
    "broke",
    "wrote",
    "struck",
    "swore",
    "undertook",
    "rewrote",
    "overrode",
    "withdrew",
];

/// Past forms that do not end in "-ed", in one set: [`IRREGULAR_PAST`] and the verbs of the pack's
/// listed actions.
pub(crate) type PastForms = HashSet<String, BuildHasherDefault<Fnv>>;

/// [`IRREGULAR_PAST`] with `action_forms`.
pub(crate) fn past_forms(action_forms: impl Iterator<Item = String>) -> PastForms {
    IRREGULAR_PAST
        .iter()
        .map(|w| (*w).to_string())
        .chain(action_forms)
        .collect()
}

pub(crate) fn past(a: &Analysis<'_>, w: &str) -> bool {
    (w.len() > 3 && w.ends_with("ed")) || a.past_forms.contains(w)
}

/// Words after "got" that make it getting something done ("got the VP's yes", "got approval").
const GOT_WHAT: [&str; 8] = [
    "agreement",
    "approval",
    "sign-off",
    "signoff",
    "buy-in",
    "funding",
    "yes",
    "budget",
];

/// "got X to do", "got the VP's yes": causing, not receiving.
pub(crate) fn causative_get(toks: &[Token], at: usize) -> bool {
    // "I got Elena Sorokin, who led the new storage service, to lend…": a relative clause may
    // stand between the person and the "to".
    let reach = if toks.get(at + 1..(at + 5).min(toks.len())).is_some_and(|w| {
        w.iter()
            .any(|t| matches!(t.lower.as_str(), "who" | "whose"))
    }) {
        15
    } else {
        9
    };
    let window = &toks[(at + 1).min(toks.len())..(at + reach).min(toks.len())];
    window.iter().any(|t| t.lower == "to") && window.iter().any(|t| t.capital || t.lower == "the")
        || window
            .iter()
            .take(4)
            .any(|t| GOT_WHAT.contains(&t.lower.trim_end_matches("'s")))
}

/// Where the word after each "I" is, past up to two adverbs or fillers ("I then", "I, um,
/// quickly"): the verb of a first-person clause, if it has one.
fn after_i(toks: &[Token]) -> impl Iterator<Item = usize> + '_ {
    toks.iter()
        .enumerate()
        .filter(|(_, t)| t.lower == "i")
        .map(|(k, _)| {
            let mut m = k + 1;
            while toks.get(m).is_some_and(|w| adverb(&w.lower)) && m < k + 3 {
                m += 1;
            }
            m
        })
}

/// Index of the verb of a first-person clause ("I", "X and I"), if the sentence has one whose verb
/// is an action (not "was", "think", "would" …) and that does not only state a role ("I ran the
/// program"). "I had flagged" reads the participle; "I got the lead to staff it" is an action.
pub(crate) fn agency(a: &Analysis<'_>, i: usize, toks: &[Token]) -> Option<usize> {
    for mut m in after_i(toks) {
        let Some(w) = toks.get(m) else { continue };
        let lw = w.lower.as_str();
        if matches!(lw, "had" | "have" | "has")
            && toks
                .get(m + 1)
                .is_some_and(|n| past(a, &n.lower) && !a.non_action.contains(&n.lower.as_str()))
        {
            m += 1;
        } else if matches!(lw, "got" | "get") && causative_get(toks, m) {
            if habitual(a, i, toks, m) {
                continue;
            }
            return Some(m);
        } else if lw.chars().next().is_some_and(|c| c.is_ascii_digit())
            || a.non_action.contains(&lw)
        {
            continue;
        }
        if role_statement(toks, m) || habitual(a, i, toks, m) {
            continue;
        }
        // A story is told in the past: "I listen a lot", "I report red the week I believe it"
        // describe how the candidate works, not something done (a design answer's plan is read on
        // its own criteria). "I didn't say anything" did nothing.
        let verb = toks.get(m).map_or("", |v| v.lower.as_str());
        let denied = matches!(verb, "didn't" | "didnt" | "never")
            || verb == "did" && toks.get(m + 1).is_some_and(|n| n.lower == "not");
        let told_now = a.present_story && present_verb(a, verb);
        if denied || !a.design && !past(a, verb) && !told_now {
            continue;
        }
        return Some(m);
    }
    None
}

/// Is the story told in the present tense ("When I join the team… I sit with engineers and I
/// listen. I take this to my director")? Some speakers tell every step so, and a story in the
/// present is still what they did. It is, when at least three first-person clauses have an
/// action verb of the pack's in the present and they outnumber the past-tense ones two to one; a
/// few present verbs in a story told in the past stay habits ("I listen a lot").
pub(crate) fn present_story(a: &Analysis<'_>) -> bool {
    let (mut now, mut then) = (0usize, 0usize);
    let toks = &a.tokens;
    for m in after_i(toks) {
        let Some(v) = toks.get(m) else { continue };
        let w = v.lower.as_str();
        if past(a, w) {
            then += 1;
        } else if present_verb(a, w) {
            now += 1;
        }
    }
    now >= 3 && now >= 2 * then
}

/// The word after "I" read as an action verb in the present: not an auxiliary, a verb of
/// thinking or a habit word (`non_action`), not "I'm", nor a form in -s, -ing or -ed.
fn present_verb(a: &Analysis<'_>, w: &str) -> bool {
    w.len() >= 2
        && w.chars().all(|c| c.is_ascii_alphabetic())
        && !a.non_action.contains(&w)
        && !w.ends_with('s')
        && !w.ends_with("ing")
        && !w.ends_with("ed")
        && !matches!(
            w,
            "and" | "or" | "but" | "the" | "a" | "to" | "too" | "personally" | "myself"
        )
}

/// Is the first-person verb at `verb` a habit or self-description ("I always make sure…", "I'm
/// careful and I double-check…") rather than something done in the story?
pub(crate) fn habitual(a: &Analysis<'_>, i: usize, toks: &[Token], verb: usize) -> bool {
    a.sentence_has(i, L::Habitual) && !toks.get(verb).is_some_and(|v| past(a, &v.lower))
}

/// Does a subject-less sentence (a bullet, or a line under an Action label) start with a verb?
fn implicit_verb(a: &Analysis<'_>, first: &Token) -> bool {
    let w = first.lower.as_str();
    if w.len() < 3 || !w.chars().all(|c| c.is_alphabetic() || c == '-') || w.starts_with('-') {
        return false;
    }
    // Bullets tell a story in the past ("Interviewed 20 customers"); a present form is a rule or
    // a duty ("Escalate to the right leader when teams can't agree").
    (a.verb_stems.contains(&first.stem) && past(a, w))
        || IRREGULAR_PAST.contains(&w) && !matches!(w, "thought" | "knew" | "did")
        || (w.len() > 4 && w.ends_with("ed") && !matches!(w, "need" | "based" | "red" | "bed"))
}

/// Words that open a lead-in phrase before a subject-less verb: "Instead of escalating, asked
/// her…", "When the API slipped, sat down with Joon…".
const LEAD_INS: [&str; 12] = [
    "instead", "after", "before", "when", "once", "within", "during", "then", "first", "next",
    "finally", "by",
];

/// The token a subject-less sentence's verb is at: the first (or the word after "Re-"), or the
/// first after a lead-in phrase. A line that opens with a short label ("Launch day: …", "Left out
/// for now: …") has no verb of its own.
pub(crate) fn implicit_start(a: &Analysis<'_>, toks: &[Token]) -> Option<usize> {
    let first = toks.first()?;
    let labelled = toks
        .iter()
        .take(2)
        .any(|t| a.text.get(t.end..).is_some_and(|r| r.starts_with(':')));
    if labelled {
        return None;
    }
    let glued = |k: usize| {
        toks.get(k + 1)
            .filter(|n| a.text.get(toks[k].end..n.start) == Some("-"))
            .is_some()
    };
    if implicit_verb(a, first) {
        return Some(0);
    }
    if matches!(first.lower.as_str(), "re" | "co" | "pre") && glued(0) {
        return toks.get(1).filter(|t| implicit_verb(a, t)).map(|_| 1);
    }
    if !LEAD_INS.contains(&first.lower.as_str()) {
        return None;
    }
    // The word after the lead-in's comma.
    let comma = toks.windows(2).take(12).position(|w| {
        a.text
            .get(w[0].end..w[1].start)
            .is_some_and(|g| g.contains(','))
    })?;
    let k = comma + 1;
    toks.get(k).filter(|t| implicit_verb(a, t)).map(|_| k)
}
