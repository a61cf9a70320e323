//! Stock price scenarios: how the share price moves after the grant.
//!
//! The price moves once a year, on each work anniversary: a vest `m` months after the start is
//! valued at the price after `floor(m / 12)` anniversaries. Under `Growth(g)` that is
//! `grant price × (1 + g)^k`; under `Path` it is the `k`-th price given (the last one holds after
//! the path ends), and the grant price before the first anniversary.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::OfferError;
use crate::money::Rate;

/// How the share price moves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Scenario {
    /// The price stays at the grant price.
    Flat,
    /// The price grows (or falls, if negative) by a rate every year.
    Growth {
        /// The yearly rate.
        rate: Rate,
    },
    /// The price as a multiple of the grant price after each anniversary (`1.10` = 10% above the
    /// grant price), year 1 first; so one path applies to offers with different share prices.
    Path {
        /// Multiples after anniversary 1, 2, … (exact decimals, each above 0).
        multiples: Vec<Decimal>,
    },
}

impl Scenario {
    /// Parses `flat`, `0%`, `10%`, `-15%`, `growth:10%`, or `path:1.1,1.3,0.9` (multiples of the
    /// grant price after each anniversary).
    pub fn parse(text: &str) -> Result<Scenario, OfferError> {
        let t = text.trim().to_ascii_lowercase();
        if t == "flat" || t.is_empty() {
            return Ok(Scenario::Flat);
        }
        if let Some(list) = t.strip_prefix("path:") {
            let mut multiples = Vec::new();
            for (i, part) in list.split(',').enumerate() {
                let d: Decimal = part.trim().parse().map_err(|_| {
                    OfferError::field(
                        "scenario",
                        format!(
                            "{text:?}: price {} ({part:?}) is not a multiple of the grant price \
                             such as 1.1 or 0.8",
                            i + 1
                        ),
                    )
                })?;
                if d <= Decimal::ZERO || d > Decimal::from(1000) {
                    return Err(OfferError::field(
                        "scenario",
                        format!("{text:?}: price {} must be above 0 and at most 1000", i + 1),
                    ));
                }
                multiples.push(d);
            }
            if multiples.len() > 30 {
                return Err(OfferError::field(
                    "scenario",
                    "a price path has at most 30 years".into(),
                ));
            }
            return Ok(Scenario::Path { multiples });
        }
        let rate = t.strip_prefix("growth:").unwrap_or(&t);
        let rate = Rate::parse(rate, "scenario").map_err(|_| {
            OfferError::field(
                "scenario",
                format!(
                    "{text:?} is not a scenario: use flat, a yearly rate such as 10% or -15%, \
                     or path:1.1,1.3,0.9 (multiples of the grant price after each year)"
                ),
            )
        })?;
        Ok(if rate.0 == 0 {
            Scenario::Flat
        } else {
            Scenario::Growth { rate }
        })
    }

    /// The multiple of the grant price after `anniversaries` work anniversaries.
    pub fn multiple(&self, anniversaries: u32) -> Decimal {
        match self {
            Scenario::Flat => Decimal::ONE,
            Scenario::Growth { rate } => {
                let f = rate.factor();
                let mut m = Decimal::ONE;
                for _ in 0..anniversaries {
                    // Keep the precision bounded: 12 decimal places is far below a cent.
                    m = (m * f).round_dp(12);
                }
                m
            }
            Scenario::Path { multiples } => {
                if anniversaries == 0 || multiples.is_empty() {
                    Decimal::ONE
                } else {
                    let i = (anniversaries as usize).min(multiples.len()) - 1;
                    multiples.get(i).copied().unwrap_or(Decimal::ONE)
                }
            }
        }
    }

    /// `flat`, `10% a year`, `path 1.1 → 1.3 → 0.9`.
    pub fn label(&self) -> String {
        match self {
            Scenario::Flat => "flat price".into(),
            Scenario::Growth { rate } => format!("price {} a year", rate.display()),
            Scenario::Path { multiples } => format!(
                "price path ×{}",
                multiples
                    .iter()
                    .map(|m| m.normalize().to_string())
                    .collect::<Vec<_>>()
                    .join(" → ×")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenarios_parse() {
        assert_eq!(Scenario::parse("flat"), Ok(Scenario::Flat));
        assert_eq!(Scenario::parse("0%"), Ok(Scenario::Flat));
        assert_eq!(
            Scenario::parse("10%"),
            Ok(Scenario::Growth { rate: Rate(1000) })
        );
        assert_eq!(
            Scenario::parse("growth:-15%"),
            Ok(Scenario::Growth { rate: Rate(-1500) })
        );
        assert_eq!(
            Scenario::parse("path:1.1, 0.9"),
            Ok(Scenario::Path {
                multiples: vec![Decimal::new(11, 1), Decimal::new(9, 1)]
            })
        );
        for bad in ["up", "path:1,x", "path:0", "-100%"] {
            assert!(Scenario::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_price_moves_on_anniversaries() {
        let g = Scenario::Growth { rate: Rate(1000) };
        assert_eq!(g.multiple(0), Decimal::ONE);
        assert_eq!(g.multiple(2), Decimal::new(121, 2));
        let p = Scenario::parse("path:1.5,2").expect("path");
        assert_eq!(p.multiple(0), Decimal::ONE);
        assert_eq!(p.multiple(1), Decimal::new(15, 1));
        assert_eq!(p.multiple(5), Decimal::from(2));
    }
}
