//! People in a sentence: a partner's role that names a person in the story (not the candidate's own
//! role, a group, a head count or a verb sharing the stem), and a person's name near it or alone.
//! Read by [`crate::signals::detect`].

use crate::L;
use crate::analysis::Analysis;
use crate::stems::Token;

/// Is a partner-role hit a person in the story? Not a verb that shares the stem ("managed",
/// "design"), and not a head count ("3 product managers", "140 engineers").
pub(crate) fn role_noun(a: &Analysis<'_>, toks: &[Token], h: &crate::text::Hit) -> bool {
    let w = a
        .text
        .get(h.start..h.end)
        .unwrap_or("")
        .to_ascii_lowercase();
    let last = w.split_whitespace().next_back().unwrap_or("");
    let k = toks.partition_point(|t| t.start < h.start);
    // "I lead", "to lead", "who leads": the verb.
    let verb_before = k > 0
        && matches!(
            toks[k - 1].lower.as_str(),
            "i" | "to"
                | "we"
                | "would"
                | "will"
                | "can"
                | "could"
                | "should"
                | "they"
                | "you"
                | "and"
                | "who"
                | "that"
                | "then"
                | "also"
                | "helped"
                | "help"
        );
    // "I was the program manager", "as the product lead": the candidate's own role.
    let own = toks[k.saturating_sub(4)..k]
        .windows(2)
        .any(|w| w[0].lower == "i" && matches!(w[1].lower.as_str(), "was" | "am" | "as"))
        || toks[k.saturating_sub(3)..k]
            .windows(2)
            .any(|w| w[0].lower == "as" && matches!(w[1].lower.as_str(), "a" | "an" | "the"));
    if own
        || last.ends_with("ed")
        || last.ends_with("ing")
        || last.starts_with("manage") && !last.starts_with("manager")
        // "Team leads complained", "the engineering managers": a group, not a partner.
        || last.ends_with('s') && !last.ends_with("ss") && last != "cos"
        || matches!(last, "design" | "designs" | "manage" | "manages")
        || matches!(last, "lead" | "leads") && !w.contains(' ') && (k == 0 || verb_before)
    {
        return false;
    }
    let counted = k > 0 && {
        let w = &toks[k - 1].lower;
        w.starts_with(|c: char| c.is_ascii_digit())
            || crate::text::number_word(w.as_bytes()).is_some()
    };
    !(counted && last.ends_with('s'))
}

/// A capitalised word that is not the sentence's first, not "I", not an acronym, within four words
/// of a partner role in the same sentence ("Priya, the storage lead", "our storage lead, Priya").
pub(crate) fn named_near_role(a: &Analysis<'_>, i: usize, toks: &[Token]) -> bool {
    let roles: Vec<(usize, usize)> = a
        .hits_in(i, L::PartnerRoles)
        .map(|h| (h.start, h.end))
        .collect();
    // The first word of a sentence counts here: next to a role, "Priya, our storage lead" names her.
    toks.iter().enumerate().any(|(k, t)| {
        t.capital
            && t.lower != "i"
            && t.lower.len() > 1
            && !t.lower.contains('\'')
            && a.text
                .get(t.start..t.end)
                .is_some_and(|w| !w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit()))
            && !a.not_names.contains(t.lower.as_str())
            // The sentence's first word names a person only set off from the rest ("Priya, our
            // storage lead"); "Last year my manager…" names no one.
            && (k > 0 || a.text.get(t.end..).is_some_and(|r| r.starts_with([',', '(', ':'])))
            && roles.iter().any(|&(rs, re)| {
                let words_between = |from: usize, to: usize| {
                    toks.iter()
                        .filter(|x| x.start >= from && x.end <= to)
                        .count()
                };
                (t.end <= rs && words_between(t.end, rs) <= 3)
                    || (t.start >= re && words_between(re, t.start) <= 2)
            })
            && k < toks.len()
    })
}

/// Prepositions after which a capitalised word is a place or a tool, not a person ("in Reno",
/// "on Slack").
const PLACE_WORDS: [&str; 12] = [
    "in", "at", "on", "into", "using", "via", "across", "to", "from", "for", "of", "by",
];

/// A person named in the sentence: one capitalised word inside it, not after a preposition of
/// place, not an acronym, not part of a longer proper noun ("Harrowgate Media"), and not a word
/// capitalised for other reasons.
pub(crate) fn person_named(a: &Analysis<'_>, i: usize, toks: &[Token]) -> bool {
    full_name(a, i, toks)
        // The sentence's first word with the candidate: "Gavin and I proposed…".
        || toks.len() >= 3
            && name_like(a, &toks[0])
            && toks[0].lower.len() > 2
            && !matches!(toks[0].lower.as_str(), "she" | "you" | "they" | "both")
            && toks[1].lower == "and"
            && matches!(toks[2].lower.as_str(), "i" | "me")
        || toks.iter().enumerate().skip(1).any(|(k, t)| {
            let prev = &toks[k - 1];
            let next = toks.get(k + 1);
            name_like(a, t)
            && t.lower.len() > 2
            && !prev.capital
            && !next.is_some_and(|n| n.capital)
            && !PLACE_WORDS.contains(&prev.lower.as_str())
            // A name takes no article: "the Midwest", "the Columbus warehouse".
            && !matches!(prev.lower.as_str(), "the" | "a" | "an")
            // Something between the words other than a space ends a sentence-like unit: "Plan: Then".
            && !a.text.get(prev.end..t.start).is_some_and(|g| g.contains([':', '(', '"', '“']))
        })
}

/// A word written as a name: capitalised, letters only, the rest lower case, and not one of the
/// pack's words that are never a person.
fn name_like(a: &Analysis<'_>, t: &Token) -> bool {
    t.capital
        && t.lower.chars().all(char::is_alphabetic)
        && a.text
            .get(t.start..t.end)
            .is_some_and(|w| w.chars().skip(1).all(char::is_lowercase))
        && !a.not_names.contains(t.lower.as_str())
}

/// A person's first and last name, told as a person: "Elena Sorokin, who led the storage
/// service", "Tamsin Reyes, an accessibility consultant". Two capitalised words, not after a
/// preposition of place, followed by "who" or a description ("a", "the", "our"…); a company's
/// name after "At" stays a company.
fn full_name(a: &Analysis<'_>, i: usize, toks: &[Token]) -> bool {
    toks.windows(2).enumerate().any(|(k, w)| {
        let (first, last) = (&w[0], &w[1]);
        let word = |t: &Token| name_like(a, t) && t.lower.len() > 1;
        if !word(first) || !word(last) || a.text.get(first.end..last.start) != Some(" ") {
            return false;
        }
        // "brought in Tamsin Reyes": "in" after a verb of bringing someone in is no place.
        let brought_in = k >= 2
            && toks.get(k - 1).is_some_and(|p| p.lower == "in")
            && toks.get(k - 2).is_some_and(|v| {
                matches!(
                    v.lower.as_str(),
                    "brought" | "bring" | "called" | "call" | "pulled" | "pull" | "looped" | "loop"
                )
            });
        let prev_ok = k == 0
            || brought_in
            || toks
                .get(k - 1)
                .is_some_and(|p| !p.capital && !PLACE_WORDS.contains(&p.lower.as_str()));
        let after = a.text.get(last.end..).unwrap_or("");
        // Described as a person: "who…", or a role of the pack's within the next few words
        // ("Tamsin Reyes, an accessibility consultant"); "Harrowgate Media, a publisher" is not.
        let role_after = || {
            a.hits_in(i, L::PartnerRoles).any(|h| {
                h.start > last.end
                    && toks
                        .iter()
                        .filter(|x| x.start >= last.end && x.end <= h.start)
                        .count()
                        <= 3
            })
        };
        prev_ok
            && !toks
                .get(k + 2)
                .is_some_and(|n| n.capital && n.start == last.end + 1)
            && (after.starts_with(", who ") || after.starts_with(", ") && role_after())
    })
}
