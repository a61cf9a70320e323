//! The words an estimate reads after (or instead of) a number: magnitudes (`k`, `M`, `B`…), units
//! (bytes, durations, `qps`) and the count nouns taken as labels (`users`, `requests`…), and the
//! "did you mean" suggestion for a word that is none of these.

/// One word's meaning.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Word {
    pub(crate) factor: f64,
    /// Power of bytes (1 for a size).
    pub(crate) bytes: i8,
    /// Power of seconds (1 for a duration, -1 for a rate).
    pub(crate) secs: i8,
    /// A byte unit of the binary convention (KiB…), or of the SI one (KB…); `None` for the rest.
    pub(crate) binary: Option<bool>,
}

const fn magnitude(factor: f64) -> Word {
    Word {
        factor,
        bytes: 0,
        secs: 0,
        binary: None,
    }
}

const fn bytes(factor: f64, binary: bool) -> Word {
    Word {
        factor,
        bytes: 1,
        secs: 0,
        binary: Some(binary),
    }
}

const fn time(seconds: f64) -> Word {
    Word {
        factor: seconds,
        bytes: 0,
        secs: 1,
        binary: None,
    }
}

const fn per_second() -> Word {
    Word {
        factor: 1.0,
        bytes: 0,
        secs: -1,
        binary: None,
    }
}

const LABEL: Word = Word {
    factor: 1.0,
    bytes: 0,
    secs: 0,
    binary: None,
};

/// Seconds in a minute, hour, day, week, month (30 days) and year (365 days).
pub const MINUTE: f64 = 60.0;
/// Seconds in an hour.
pub const HOUR: f64 = 3_600.0;
/// Seconds in a day.
pub const DAY: f64 = 86_400.0;
/// Seconds in a week.
pub const WEEK: f64 = 7.0 * DAY;
/// Seconds in a month, taken as 30 days.
pub const MONTH: f64 = 30.0 * DAY;
/// Seconds in a year, taken as 365 days.
pub const YEAR: f64 = 365.0 * DAY;

const K: f64 = 1e3;
const KI: f64 = 1024.0;

/// Words matched exactly as written (single letters, where case carries meaning: `M` is a million,
/// `m` is nothing; `B` is a billion or a byte, `b` nothing).
const EXACT: &[(&str, Word)] = &[
    ("k", magnitude(K)),
    ("K", magnitude(K)),
    ("M", magnitude(1e6)),
    ("G", magnitude(1e9)),
    ("T", magnitude(1e12)),
    // `B` is resolved by the caller: a billion, or a byte where a size is expected.
    ("B", magnitude(1e9)),
    ("s", time(1.0)),
    ("h", time(HOUR)),
    ("d", time(DAY)),
    ("w", time(WEEK)),
    ("y", time(YEAR)),
];

/// Words matched whatever their case (`kb`, `KB` and `Kb` are all 1,000 bytes; bits are not read).
const ANY_CASE: &[(&str, Word)] = &[
    // Magnitudes spelled out.
    ("thousand", magnitude(K)),
    ("mn", magnitude(1e6)),
    ("mm", magnitude(1e6)),
    ("mil", magnitude(1e6)),
    ("million", magnitude(1e6)),
    ("millions", magnitude(1e6)),
    ("bn", magnitude(1e9)),
    ("billion", magnitude(1e9)),
    ("billions", magnitude(1e9)),
    ("tn", magnitude(1e12)),
    ("trillion", magnitude(1e12)),
    // Bytes: SI (powers of 1,000) and binary (powers of 1,024).
    ("byte", bytes(1.0, false)),
    ("bytes", bytes(1.0, false)),
    ("kb", bytes(K, false)),
    ("mb", bytes(K * K, false)),
    ("gb", bytes(K * K * K, false)),
    ("tb", bytes(K * K * K * K, false)),
    ("pb", bytes(K * K * K * K * K, false)),
    ("eb", bytes(K * K * K * K * K * K, false)),
    ("kib", bytes(KI, true)),
    ("mib", bytes(KI * KI, true)),
    ("gib", bytes(KI * KI * KI, true)),
    ("tib", bytes(KI * KI * KI * KI, true)),
    ("pib", bytes(KI * KI * KI * KI * KI, true)),
    ("eib", bytes(KI * KI * KI * KI * KI * KI, true)),
    // Durations.
    ("sec", time(1.0)),
    ("secs", time(1.0)),
    ("second", time(1.0)),
    ("seconds", time(1.0)),
    ("min", time(MINUTE)),
    ("mins", time(MINUTE)),
    ("minute", time(MINUTE)),
    ("minutes", time(MINUTE)),
    ("hr", time(HOUR)),
    ("hrs", time(HOUR)),
    ("hour", time(HOUR)),
    ("hours", time(HOUR)),
    ("day", time(DAY)),
    ("days", time(DAY)),
    ("wk", time(WEEK)),
    ("wks", time(WEEK)),
    ("week", time(WEEK)),
    ("weeks", time(WEEK)),
    ("mo", time(MONTH)),
    ("mos", time(MONTH)),
    ("month", time(MONTH)),
    ("months", time(MONTH)),
    ("yr", time(YEAR)),
    ("yrs", time(YEAR)),
    ("year", time(YEAR)),
    ("years", time(YEAR)),
    // Rates.
    ("qps", per_second()),
    ("rps", per_second()),
    ("tps", per_second()),
    ("wps", per_second()),
    // Count nouns: labels for the person reading, nothing more.
    ("user", LABEL),
    ("users", LABEL),
    ("dau", LABEL),
    ("request", LABEL),
    ("requests", LABEL),
    ("req", LABEL),
    ("reqs", LABEL),
    ("action", LABEL),
    ("actions", LABEL),
    ("event", LABEL),
    ("events", LABEL),
    ("item", LABEL),
    ("items", LABEL),
    ("read", LABEL),
    ("reads", LABEL),
    ("write", LABEL),
    ("writes", LABEL),
    ("query", LABEL),
    ("queries", LABEL),
    ("object", LABEL),
    ("objects", LABEL),
    ("message", LABEL),
    ("messages", LABEL),
    ("post", LABEL),
    ("posts", LABEL),
    ("order", LABEL),
    ("orders", LABEL),
    ("call", LABEL),
    ("calls", LABEL),
    ("view", LABEL),
    ("views", LABEL),
    ("click", LABEL),
    ("clicks", LABEL),
    ("photo", LABEL),
    ("photos", LABEL),
    ("video", LABEL),
    ("videos", LABEL),
    ("file", LABEL),
    ("files", LABEL),
    ("record", LABEL),
    ("records", LABEL),
    ("row", LABEL),
    ("rows", LABEL),
    ("upload", LABEL),
    ("uploads", LABEL),
    ("visit", LABEL),
    ("visits", LABEL),
    ("session", LABEL),
    ("sessions", LABEL),
    ("customer", LABEL),
    ("customers", LABEL),
    ("device", LABEL),
    ("devices", LABEL),
    ("op", LABEL),
    ("ops", LABEL),
    ("operation", LABEL),
    ("operations", LABEL),
    ("node", LABEL),
    ("nodes", LABEL),
    ("replica", LABEL),
    ("replicas", LABEL),
    ("copy", LABEL),
    ("copies", LABEL),
];

/// The meaning of `word`, if it has one. `B` comes back as a billion; the caller makes it a byte
/// where a size is expected.
pub(crate) fn lookup(word: &str) -> Option<Word> {
    if let Some((_, w)) = EXACT.iter().find(|(n, _)| *n == word) {
        return Some(*w);
    }
    if word.chars().count() < 2 {
        return None;
    }
    let lower = word.to_lowercase();
    ANY_CASE.iter().find(|(n, _)| *n == lower).map(|(_, w)| *w)
}

/// The byte unit `B` (for a field that expects a size).
pub(crate) const BYTE: Word = bytes(1.0, false);

/// The known word nearest to `word` by edit distance (a swap of two letters counts one), if one
/// is near enough to be a likely typo; single letters get a hint of their own.
pub(crate) fn suggest(word: &str) -> Option<String> {
    match word {
        "m" => return Some("M (million) or min (minutes)".into()),
        "b" => return Some("B (a billion, or bytes in a size)".into()),
        "g" => return Some("G (a billion) or GB (gigabytes)".into()),
        "t" => return Some("T (a trillion) or TB (terabytes)".into()),
        _ => {}
    }
    let lower = word.to_lowercase();
    let n = lower.chars().count();
    if !(2..=40).contains(&n) {
        return None;
    }
    let limit = if n <= 3 { 1 } else { 2 };
    let mut best: Option<(usize, &str)> = None;
    for (name, _) in ANY_CASE.iter().chain(EXACT.iter()) {
        if name.chars().count() < 2 {
            continue;
        }
        let d = distance(&lower, &name.to_lowercase());
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, name));
        }
    }
    best.map(|(_, name)| display_name(name))
}

/// How a suggestion is written: byte units in their usual case (`KB`, `KiB`).
fn display_name(name: &str) -> String {
    match name {
        "kb" | "mb" | "gb" | "tb" | "pb" | "eb" => name.to_uppercase(),
        "kib" | "mib" | "gib" | "tib" | "pib" | "eib" => {
            let mut c = name.chars();
            match c.next() {
                Some(f) => format!("{}i{}", f.to_ascii_uppercase(), "B"),
                None => name.to_string(),
            }
        }
        other => other.to_string(),
    }
}

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
/// neighbouring letters each cost one.
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[n][m]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_the_word_meant() {
        assert_eq!(suggest("usres").as_deref(), Some("users"));
        assert_eq!(suggest("dya").as_deref(), Some("day"));
        assert_eq!(suggest("requets").as_deref(), Some("request"));
        assert_eq!(suggest("gibb").as_deref(), Some("GiB"));
        assert_eq!(suggest("mounth").as_deref(), Some("month"));
        assert_eq!(suggest("zzzzzz"), None);
        assert!(suggest("m").is_some_and(|s| s.contains("min")));
    }

    #[test]
    fn distance_counts_a_swap_once() {
        assert_eq!(distance("usres", "users"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
    }

    #[test]
    fn case_matters_only_for_single_letters() {
        assert_eq!(lookup("M").map(|w| w.factor), Some(1e6));
        assert!(lookup("m").is_none());
        assert_eq!(lookup("kb").map(|w| w.factor), Some(1e3));
        assert_eq!(lookup("KiB").map(|w| w.factor), Some(1024.0));
        let users = lookup("USERS").expect("a label");
        assert_eq!((users.factor, users.bytes, users.secs), (1.0, 0, 0));
    }
}
