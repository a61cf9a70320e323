//! Where an offer sits against the pay bands the seed articles quote for Amazon (AWS) TPMs, in
//! USD total yearly pay: entry level about 130,000; the median about 189,000 (base 140,000, stock
//! 32,000, bonus 16,000); senior positions about 315,000.

use serde::Serialize;

use crate::money::{Currency, Money};

/// A quoted reference point, in whole US dollars a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Anchor {
    /// `entry`, `median`, `senior`.
    pub key: &'static str,
    /// Yearly total, USD.
    pub usd: i64,
    /// How the seeds describe it.
    pub label: &'static str,
}

/// The seeds' reference points, lowest first.
pub const ANCHORS: [Anchor; 3] = [
    Anchor {
        key: "entry",
        usd: 130_000,
        label: "entry level (about $130k)",
    },
    Anchor {
        key: "median",
        usd: 189_000,
        label: "the median (about $189k: $140k base, $32k stock, $16k bonus)",
    },
    Anchor {
        key: "senior",
        usd: 315_000,
        label: "senior positions (about $315k)",
    },
];

/// Where an amount sits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Band {
    /// `below-entry`, `entry-to-median`, `median-to-senior`, `above-senior`.
    pub key: String,
    /// A sentence: "between entry level (about $130k) and the median (about $189k …)".
    pub label: String,
    /// Percent of the median (100 = at the median), rounded down.
    pub percent_of_median: i64,
}

/// Places a yearly amount in USD against [`ANCHORS`].
pub fn place(yearly: Money, usd: &Currency) -> Band {
    let major = yearly.0 / usd.scale();
    let [entry, median, senior] = ANCHORS;
    let (key, label) = if major < entry.usd {
        ("below-entry", format!("below {}", entry.label))
    } else if major < median.usd {
        (
            "entry-to-median",
            format!("between {} and {}", entry.label, median.label),
        )
    } else if major < senior.usd {
        (
            "median-to-senior",
            format!("between {} and {}", median.label, senior.label),
        )
    } else {
        ("above-senior", format!("at or above {}", senior.label))
    };
    Band {
        key: key.into(),
        label,
        percent_of_median: major * 100 / median.usd,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_fall_in_the_seeds_bands() {
        let usd = Currency::usd();
        let at = |d: i64| place(Money(d * 100), &usd);
        assert_eq!(at(120_000).key, "below-entry");
        assert_eq!(at(130_000).key, "entry-to-median");
        assert_eq!(at(189_000).key, "median-to-senior");
        assert_eq!(at(189_000).percent_of_median, 100);
        assert_eq!(at(400_000).key, "above-senior");
        assert!(at(150_000).label.contains("$189k"));
    }
}
