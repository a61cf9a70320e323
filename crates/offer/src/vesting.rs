//! Vesting schedules: when each part of an equity grant becomes the employee's.
//!
//! A schedule is a list of vest events, each at a month after the start date with the fraction of
//! the grant vested *so far* (`parts / denominator`), so that fractions are exact.
//!
//! **Rounding rule (whole shares):** at each vest event the employee holds
//! `floor(grant × parts / denominator)` shares in all; an event gives the difference from the
//! previous one. Rounding down never gives a share early, and the last event (parts = denominator)
//! gives exactly the rest, so the vested shares always add up to the grant.

use serde::{Deserialize, Serialize};

use crate::OfferError;

/// How often an even schedule vests after its cliff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// Every month.
    Monthly,
    /// Every three months.
    Quarterly,
}

/// A vesting schedule, as an offer states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Vesting {
    /// Amazon's: 5% after year 1, 15% after year 2, then 20% every six months in years 3 and 4.
    Amazon,
    /// 25% a year over four years: a quarter at a one-year cliff, then the rest evenly.
    EvenCliff {
        /// How often it vests after the cliff.
        period: Period,
    },
    /// Yearly percentages in basis points (1% = 100), each vesting at the end of its year; they
    /// must sum to 100%.
    Custom {
        /// Basis points per year, year 1 first.
        yearly_bp: Vec<u32>,
    },
}

/// One vest event: `month` months after the start, `parts / denominator` of the grant vested so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct VestEvent {
    /// Months after the start date (12 = the first anniversary).
    pub month: u32,
    /// Cumulative parts vested at this event.
    pub parts: u64,
}

/// A schedule's events with their common denominator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Schedule {
    /// Vest events in time order; the last has `parts == denominator`.
    pub events: Vec<VestEvent>,
    /// What `parts` are out of.
    pub denominator: u64,
}

impl Vesting {
    /// Parses `amazon`, `even-cliff` (monthly), `even-cliff-quarterly`, or yearly percentages such
    /// as `10,20,30,40` or `33.33,33.33,33.34`.
    pub fn parse(text: &str) -> Result<Vesting, OfferError> {
        let t = text.trim().to_ascii_lowercase();
        match t.as_str() {
            "amazon" => return Ok(Vesting::Amazon),
            "even-cliff" | "even-cliff-monthly" | "cliff" | "25" => {
                return Ok(Vesting::EvenCliff {
                    period: Period::Monthly,
                });
            }
            "even-cliff-quarterly" => {
                return Ok(Vesting::EvenCliff {
                    period: Period::Quarterly,
                });
            }
            _ => {}
        }
        let mut yearly = Vec::new();
        for (i, part) in t.split(',').enumerate() {
            let p = part.trim().trim_end_matches('%').trim();
            let bp = parse_percent_bp(p).ok_or_else(|| {
                OfferError::field(
                    "vesting",
                    format!(
                        "{text:?}: part {} ({part:?}) is not a percentage; use amazon, even-cliff, \
                         even-cliff-quarterly, or yearly percentages such as 10,20,30,40",
                        i + 1
                    ),
                )
            })?;
            yearly.push(bp);
        }
        let v = Vesting::Custom { yearly_bp: yearly };
        v.schedule()?;
        Ok(v)
    }

    /// The schedule's vest events. A custom schedule must have 1–10 years whose percentages sum to
    /// exactly 100%.
    pub fn schedule(&self) -> Result<Schedule, OfferError> {
        Ok(match self {
            Vesting::Amazon => Schedule {
                // In twentieths: 1 (5%), 4 (20%), then 4 more every six months.
                events: [(12, 1), (24, 4), (30, 8), (36, 12), (42, 16), (48, 20)]
                    .into_iter()
                    .map(|(month, parts)| VestEvent { month, parts })
                    .collect(),
                denominator: 20,
            },
            Vesting::EvenCliff { period } => {
                let (step, denominator) = match period {
                    Period::Monthly => (1, 48),
                    Period::Quarterly => (3, 16),
                };
                let mut events = vec![VestEvent {
                    month: 12,
                    parts: denominator / 4,
                }];
                let mut month = 12 + step;
                while month <= 48 {
                    events.push(VestEvent {
                        month,
                        parts: denominator * u64::from(month) / 48,
                    });
                    month += step;
                }
                Schedule {
                    events,
                    denominator,
                }
            }
            Vesting::Custom { yearly_bp } => {
                if yearly_bp.is_empty() || yearly_bp.len() > 10 {
                    return Err(OfferError::field(
                        "vesting",
                        format!(
                            "a custom schedule has 1 to 10 yearly percentages, not {}",
                            yearly_bp.len()
                        ),
                    ));
                }
                let sum: u64 = yearly_bp.iter().map(|&b| u64::from(b)).sum();
                if sum != 10_000 {
                    return Err(OfferError::field(
                        "vesting",
                        format!(
                            "the yearly percentages {} add up to {}, not 100%",
                            yearly_bp
                                .iter()
                                .map(|b| bp_display(*b))
                                .collect::<Vec<_>>()
                                .join(", "),
                            bp_display(sum as u32)
                        ),
                    ));
                }
                let mut parts = 0;
                let mut events = Vec::new();
                for (i, bp) in yearly_bp.iter().enumerate() {
                    parts += u64::from(*bp);
                    if *bp > 0 {
                        events.push(VestEvent {
                            month: 12 * (i as u32 + 1),
                            parts,
                        });
                    }
                }
                Schedule {
                    events,
                    denominator: 10_000,
                }
            }
        })
    }

    /// A short name: `Amazon 5/15/40/40`, `25%/yr, 1-yr cliff, monthly`, `10/20/30/40`.
    pub fn label(&self) -> String {
        match self {
            Vesting::Amazon => "Amazon 5/15/40/40 (years 3–4 every 6 months)".into(),
            Vesting::EvenCliff {
                period: Period::Monthly,
            } => "25% a year, 1-year cliff, then monthly".into(),
            Vesting::EvenCliff {
                period: Period::Quarterly,
            } => "25% a year, 1-year cliff, then quarterly".into(),
            Vesting::Custom { yearly_bp } => yearly_bp
                .iter()
                .map(|b| bp_display(*b).trim_end_matches('%').to_string())
                .collect::<Vec<_>>()
                .join("/"),
        }
    }

    /// The text [`Vesting::parse`] reads back.
    pub fn spec(&self) -> String {
        match self {
            Vesting::Amazon => "amazon".into(),
            Vesting::EvenCliff {
                period: Period::Monthly,
            } => "even-cliff".into(),
            Vesting::EvenCliff {
                period: Period::Quarterly,
            } => "even-cliff-quarterly".into(),
            Vesting::Custom { yearly_bp } => yearly_bp
                .iter()
                .map(|b| bp_display(*b).trim_end_matches('%').to_string())
                .collect::<Vec<_>>()
                .join(","),
        }
    }
}

impl Schedule {
    /// The last vest month.
    pub fn last_month(&self) -> u32 {
        self.events.last().map_or(0, |e| e.month)
    }

    /// Whole units vested at each event (the rounding rule in the module docs): `(month, units)`.
    pub fn vest_units(&self, grant: u64) -> Vec<(u32, u64)> {
        let mut before = 0u64;
        self.events
            .iter()
            .map(|e| {
                let so_far = floor_mul_div(grant, e.parts, self.denominator);
                let now = so_far - before;
                before = so_far;
                (e.month, now)
            })
            .collect()
    }

    /// Units vested by the end of month `month` (inclusive).
    pub fn vested_by(&self, grant: u64, month: u32) -> u64 {
        self.events
            .iter()
            .rev()
            .find(|e| e.month <= month)
            .map_or(0, |e| floor_mul_div(grant, e.parts, self.denominator))
    }
}

/// `floor(a × b / c)` without overflow for any u64 `a` and `b ≤ c`.
fn floor_mul_div(a: u64, b: u64, c: u64) -> u64 {
    if c == 0 {
        return 0;
    }
    ((u128::from(a) * u128::from(b)) / u128::from(c)) as u64
}

/// `12.5` → 1250 basis points; at most two decimal places, 0–100.
fn parse_percent_bp(p: &str) -> Option<u32> {
    let (whole, frac) = p.split_once('.').unwrap_or((p, ""));
    if whole.is_empty() && frac.is_empty()
        || frac.len() > 2
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || whole.len() > 3
    {
        return None;
    }
    let w: u32 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let f: u32 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<2}").parse().ok()?
    };
    let bp = w * 100 + f;
    (bp <= 10_000).then_some(bp)
}

/// 1250 → `12.5%`.
pub fn bp_display(bp: u32) -> String {
    if bp % 100 == 0 {
        format!("{}%", bp / 100)
    } else if bp % 10 == 0 {
        format!("{}.{}%", bp / 100, (bp % 100) / 10)
    } else {
        format!("{}.{:02}%", bp / 100, bp % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amazon_vests_5_15_then_20_every_six_months() {
        let s = Vesting::Amazon.schedule().expect("schedule");
        assert_eq!(
            s.vest_units(1000),
            vec![
                (12, 50),
                (24, 150),
                (30, 200),
                (36, 200),
                (42, 200),
                (48, 200)
            ]
        );
    }

    #[test]
    fn even_cliff_gives_a_quarter_at_the_cliff_then_monthly() {
        let s = Vesting::EvenCliff {
            period: Period::Monthly,
        }
        .schedule()
        .expect("schedule");
        let units = s.vest_units(480);
        assert_eq!(units.first(), Some(&(12, 120)));
        assert_eq!(units.len(), 37);
        assert!(units[1..].iter().all(|&(_, u)| u == 10));
        assert_eq!(s.vested_by(480, 11), 0);
        let q = Vesting::EvenCliff {
            period: Period::Quarterly,
        }
        .schedule()
        .expect("schedule");
        assert_eq!(q.events.len(), 13);
        assert_eq!(q.vest_units(100).first(), Some(&(12, 25)));
    }

    #[test]
    fn a_worked_rounding_example() {
        // 100 shares, 25% cliff then monthly: floor(100 × 13/48) = 27, so month 13 gives 2.
        let s = Vesting::parse("even-cliff")
            .expect("preset")
            .schedule()
            .expect("schedule");
        let u = s.vest_units(100);
        assert_eq!(u[0], (12, 25));
        assert_eq!(u[1], (13, 2));
        assert_eq!(u.iter().map(|x| x.1).sum::<u64>(), 100);
    }

    #[test]
    fn custom_schedules_must_sum_to_100() {
        assert_eq!(
            Vesting::parse("10,20,30,40"),
            Ok(Vesting::Custom {
                yearly_bp: vec![1000, 2000, 3000, 4000]
            })
        );
        assert!(Vesting::parse("33.33,33.33,33.34").is_ok());
        let e = Vesting::parse("10,20,30").expect_err("sums to 60");
        assert!(e.to_string().contains("add up to 60%"), "{e}");
        assert!(Vesting::parse("10,x,90").is_err());
        assert!(Vesting::parse("").is_err());
        assert!(Vesting::parse("50.123,49.877").is_err());
    }

    #[test]
    fn specs_read_back() {
        for spec in [
            "amazon",
            "even-cliff",
            "even-cliff-quarterly",
            "10,20,30,40",
            "12.5,87.5",
        ] {
            let v = Vesting::parse(spec).expect(spec);
            assert_eq!(Vesting::parse(&v.spec()), Ok(v.clone()), "{spec}");
        }
    }
}
