//! Compensation maths for job offers, pure (no IO): exact money, vesting schedules, stock price
//! scenarios, a year-by-year and cumulative comparison with break-even years, where an offer sits
//! against the seeds' pay bands, and a negotiation brief in Markdown.
//!
//! Money is whole minor units ([`Money`]) in a currency each offer states; percentages are basis
//! points; share prices are exact decimals. Nothing here is a binary float except text for charts.
//!
//! - [`Offer`] — the terms (`base`, `raise`, `sign_on` per year, `bonus`, [`Equity`], [`Vesting`],
//!   `start`), parsed and validated with the field named in every error ([`OfferError`]).
//! - [`project`] — one offer's years: base, sign-on, bonus, equity (by vest events under a
//!   [`Scenario`]), total and cumulative.
//! - [`compare()`] — any number of offers in one currency (explicit [`Rates`] for the others),
//!   with the break-even year of every pair and each offer's band.
//! - [`brief`] — the negotiation script.

#![deny(missing_docs)]

pub mod bands;
pub mod brief;
pub mod compare;
pub mod money;
pub mod scenario;
pub mod vesting;

use serde::{Deserialize, Serialize};

pub use compare::{BreakEven, Comparison, OfferYears, Rates, YearRow, compare, project};
pub use money::{Currency, Money, Rate};
pub use rust_decimal::Decimal;
pub use scenario::Scenario;
pub use vesting::{Period, Schedule, Vesting};

/// A problem with an offer's terms or a comparison's inputs, naming the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct OfferError {
    /// The field, as the CLI flag and JSON key name it (`base`, `sign_on`, `vesting`, …).
    pub field: String,
    /// What is wrong and what would be right.
    pub message: String,
}

impl OfferError {
    /// An error about `field`.
    pub fn field(field: &str, message: String) -> OfferError {
        OfferError {
            field: field.to_string(),
            message,
        }
    }
}

/// The equity part of an offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Equity {
    /// No equity.
    None,
    /// A number of shares (restricted stock units) valued at a grant price per share.
    Shares {
        /// Whole shares granted.
        shares: u64,
        /// Price per share at grant, in the offer's currency (exact decimal, e.g. `"200.50"`).
        price: Decimal,
    },
    /// A grant stated as a value at grant; it vests as value and moves with the scenario's price
    /// path as shares would.
    Value {
        /// The grant's value at grant.
        value: Money,
    },
}

/// The largest share grant accepted.
const MAX_SHARES: u64 = 100_000_000;

/// A job offer's terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offer {
    /// What the candidate calls it ("Amazon L6"); unique among their offers.
    pub name: String,
    /// The company, when given.
    #[serde(default)]
    pub company: String,
    /// The level or title, when given ("L6", "Senior TPM").
    #[serde(default)]
    pub level: String,
    /// The currency every amount is in.
    pub currency: Currency,
    /// Yearly base salary in year 1.
    pub base: Money,
    /// The expected raise of the base each year after the first.
    #[serde(default)]
    pub raise: Rate,
    /// Sign-on paid in year 1, year 2, … (Amazon pays one in each of the first two years).
    #[serde(default)]
    pub sign_on: Vec<Money>,
    /// Yearly cash bonus.
    #[serde(default)]
    pub bonus: Money,
    /// The equity grant.
    pub equity: Equity,
    /// How the equity vests.
    pub vesting: Vesting,
    /// The start date (`YYYY-MM-DD`), when known; years are counted from it.
    #[serde(default)]
    pub start: Option<String>,
    /// Free notes (and the edited negotiation brief), kept with the offer.
    #[serde(default)]
    pub notes: String,
}

impl Offer {
    /// Checks every field: a name, amounts within bounds, at most 10 sign-on years, a grant price
    /// above zero, a schedule that sums to 100%, and a real calendar date.
    pub fn validate(&self) -> Result<(), OfferError> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(OfferError::field("name", "give the offer a name".into()));
        }
        if name.chars().count() > 120 {
            return Err(OfferError::field(
                "name",
                "is longer than 120 characters".into(),
            ));
        }
        for (field, text) in [("company", &self.company), ("level", &self.level)] {
            if text.chars().count() > 120 {
                return Err(OfferError::field(
                    field,
                    "is longer than 120 characters".into(),
                ));
            }
        }
        if self.notes.chars().count() > 20_000 {
            return Err(OfferError::field(
                "notes",
                "is longer than 20,000 characters".into(),
            ));
        }
        let max = Money(1_000_000_000 * self.currency.scale());
        for (field, m) in [("base", self.base), ("bonus", self.bonus)] {
            if m.0 < 0 || m > max {
                return Err(OfferError::field(
                    field,
                    format!("must be between 0 and {}", max.display(&self.currency)),
                ));
            }
        }
        if self.sign_on.len() > 10 {
            return Err(OfferError::field(
                "sign_on",
                format!(
                    "has {} yearly amounts; give at most 10 (year 1 first)",
                    self.sign_on.len()
                ),
            ));
        }
        if self.sign_on.iter().any(|m| m.0 < 0 || *m > max) {
            return Err(OfferError::field(
                "sign_on",
                format!(
                    "each year's amount must be between 0 and {}",
                    max.display(&self.currency)
                ),
            ));
        }
        match &self.equity {
            Equity::None => {}
            Equity::Shares { shares, price } => {
                if *shares > MAX_SHARES {
                    return Err(OfferError::field(
                        "shares",
                        format!("must be at most {MAX_SHARES}"),
                    ));
                }
                if *price <= Decimal::ZERO || *price > Decimal::from(10_000_000) {
                    return Err(OfferError::field(
                        "price",
                        "the grant price per share must be above 0 and at most 10,000,000".into(),
                    ));
                }
            }
            Equity::Value { value } => {
                if value.0 < 0 || *value > max {
                    return Err(OfferError::field(
                        "equity_value",
                        format!("must be between 0 and {}", max.display(&self.currency)),
                    ));
                }
            }
        }
        self.vesting.schedule()?;
        if let Some(start) = &self.start {
            parse_date(start)?;
        }
        Ok(())
    }

    /// The equity grant's value at grant.
    pub fn equity_at_grant(&self) -> Money {
        match &self.equity {
            Equity::None => Money::ZERO,
            Equity::Value { value } => *value,
            Equity::Shares { shares, price } => {
                Money::from_decimal(Decimal::from(*shares) * price, &self.currency)
                    .unwrap_or(Money::ZERO)
            }
        }
    }

    /// The start year, when a start date is given.
    pub fn start_year(&self) -> Option<i32> {
        self.start
            .as_deref()
            .and_then(|s| parse_date(s).ok())
            .map(|d| d.0)
    }
}

/// Parses `YYYY-MM-DD` into (year, month, day), checking the day exists (leap years included).
pub fn parse_date(text: &str) -> Result<(i32, u32, u32), OfferError> {
    let bad = || {
        OfferError::field(
            "start",
            format!("{text:?} is not a date: use YYYY-MM-DD, e.g. 2027-01-04"),
        )
    };
    let mut parts = text.trim().split('-');
    let (Some(y), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return Err(bad());
    }
    let y: i32 = y.parse().map_err(|_| bad())?;
    let m: u32 = m.parse().map_err(|_| bad())?;
    let d: u32 = d.parse().map_err(|_| bad())?;
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if !(1900..=2200).contains(&y) || d == 0 || d > days {
        return Err(bad());
    }
    Ok((y, m, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn offer() -> Offer {
        Offer {
            name: "A".into(),
            company: String::new(),
            level: String::new(),
            currency: Currency::usd(),
            base: Money(15_000_000),
            raise: Rate(0),
            sign_on: vec![],
            bonus: Money::ZERO,
            equity: Equity::None,
            vesting: Vesting::Amazon,
            start: None,
            notes: String::new(),
        }
    }

    #[test]
    fn dates_are_checked() {
        assert_eq!(parse_date("2028-02-29"), Ok((2028, 2, 29)));
        for bad in [
            "2027-02-29",
            "2027-13-01",
            "27-01-01",
            "2027-1-1",
            "soon",
            "2027-04-31",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn validation_names_the_field() {
        let mut o = offer();
        o.name = "  ".into();
        assert_eq!(o.validate().map_err(|e| e.field), Err("name".into()));
        let mut o = offer();
        o.equity = Equity::Shares {
            shares: 10,
            price: Decimal::ZERO,
        };
        assert_eq!(o.validate().map_err(|e| e.field), Err("price".into()));
        let mut o = offer();
        o.vesting = Vesting::Custom {
            yearly_bp: vec![5000, 4000],
        };
        assert_eq!(o.validate().map_err(|e| e.field), Err("vesting".into()));
        let mut o = offer();
        o.start = Some("2027-02-30".into());
        assert_eq!(o.validate().map_err(|e| e.field), Err("start".into()));
        assert_eq!(offer().validate(), Ok(()));
    }

    #[test]
    fn an_offer_round_trips_through_json() {
        let mut o = offer();
        o.equity = Equity::Shares {
            shares: 100,
            price: Decimal::new(20050, 2),
        };
        o.sign_on = vec![Money(3_000_000), Money(2_000_000)];
        let json = serde_json::to_string(&o).expect("json");
        assert!(json.contains("\"price\":\"200.50\""), "{json}");
        let back: Offer = serde_json::from_str(&json).expect("back");
        assert_eq!(back, o);
    }
}
