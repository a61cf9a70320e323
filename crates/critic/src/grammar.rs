//! Hits that are ordinary grammar in their place, not the habit their list names: "the kind of
//! problems" is no hedge, "a weekly sync with the leads" is meeting talk but a replica that syncs is
//! engineering, and "you know" is a filler only when set off as an aside.

use crate::L;
use crate::text::Hit;

/// A hedge or vague-claim hit that is ordinary grammar in its place: "the kind of problems", "when
/// I think about it", "a great deal" ("greatly" shares its stem with "great").
pub(crate) fn ordinary_grammar(text: &str, h: &Hit, design: bool) -> bool {
    let jargon = h.list == L::Jargon as usize;
    let hedge = h.list == L::Hedges as usize;
    if !jargon && !hedge && h.list != L::Vague as usize {
        return false;
    }
    let phrase = text.get(h.start..h.end).unwrap_or("").to_lowercase();
    // Only the few words around the hit matter: a short window each side, not the whole text.
    let after: String = text
        .get(h.end..)
        .unwrap_or("")
        .chars()
        .take(24)
        .collect::<String>()
        .to_lowercase();
    let word_before = text
        .get(..h.start)
        .unwrap_or("")
        .split_whitespace()
        .next_back()
        .unwrap_or("")
        .to_lowercase();
    // "sync" is a meeting only with people ("synced with the leads", "a weekly sync"); a replica
    // that syncs, or data out of sync, is engineering.
    if jargon {
        if !phrase.starts_with("sync") || phrase.contains(' ') {
            return false;
        }
        let people = [" with", " up"].iter().any(|w| after.starts_with(w))
            || ["weekly", "daily", "a", "the", "our", "status"].contains(&word_before.as_str());
        return design || !people || after.starts_with(" with the primary");
    }
    if hedge {
        return (phrase == "kind of" || phrase == "sort of")
            && matches!(
                word_before.as_str(),
                "the" | "a" | "what" | "this" | "that" | "any" | "some" | "same" | "every" | "one"
            )
            || phrase == "i think"
                && [" about", " of ", " back", " through", " outside", " big"]
                    .iter()
                    .any(|w| after.starts_with(w));
    }
    phrase == "great" && after.starts_with(" deal")
}

/// Is the filler hit `h` set off from the sentence (a spoken aside), when it is a phrase that is
/// also ordinary grammar ("you know", "I mean", "you see", "anyway")?
pub(crate) fn set_off(text: &str, h: &Hit) -> bool {
    let phrase = text.get(h.start..h.end).unwrap_or("").to_lowercase();
    if phrase == "anyway" {
        // "Anyway, we…" and "…, anyway, …" move on; "I took it anyway" and "shipped anyway"
        // mean "despite that".
        let before = text.get(..h.start).unwrap_or("").trim_end();
        let opens = before.is_empty() || before.ends_with(['.', ',', '!', '?', ':', ';', '\n']);
        let after = text.get(h.end..).unwrap_or("");
        return opens && after.starts_with([',', '—', ' ']) && !after.starts_with(" because");
    }
    if !matches!(phrase.as_str(), "you know" | "i mean" | "you see") {
        return true;
    }
    // Set off by punctuation after it, or at the end.
    text.get(h.end..)
        .unwrap_or("")
        .chars()
        .next()
        .is_none_or(|c| matches!(c, ',' | '.' | '?' | '!' | ';' | ')' | '—' | '\n'))
}
