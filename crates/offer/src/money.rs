//! Exact money: an amount is a whole number of minor units (cents) in a stated currency, never a
//! binary float. Amounts are parsed from what a person types ("150000", "150,000", "$150k",
//! "1.2m", "150000.50") and shown with thousands separators.

use std::fmt;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

use crate::OfferError;

/// A currency: three upper-case letters (ISO 4217), with how many minor units it has.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(try_from = "String", into = "String")]
pub struct Currency(String);

/// Currencies with no minor unit (an amount is whole units).
const ZERO_DECIMAL: &[&str] = &[
    "JPY", "KRW", "VND", "CLP", "ISK", "HUF", "TWD", "UGX", "XOF",
];

impl Currency {
    /// Parses a code such as `usd` or `EUR`.
    pub fn parse(code: &str) -> Result<Currency, OfferError> {
        let c = code.trim().to_ascii_uppercase();
        if c.len() == 3 && c.chars().all(|ch| ch.is_ascii_uppercase()) {
            Ok(Currency(c))
        } else {
            Err(OfferError::field(
                "currency",
                format!("{code:?} is not a three-letter currency code such as USD or EUR"),
            ))
        }
    }

    /// US dollars.
    pub fn usd() -> Currency {
        Currency("USD".into())
    }

    /// The code, e.g. `USD`.
    pub fn code(&self) -> &str {
        &self.0
    }

    /// Digits after the decimal point (2 for most, 0 for e.g. JPY).
    pub fn decimals(&self) -> u32 {
        if ZERO_DECIMAL.contains(&self.0.as_str()) {
            0
        } else {
            2
        }
    }

    /// Minor units in one major unit (100 or 1).
    pub fn scale(&self) -> i64 {
        10_i64.pow(self.decimals())
    }

    /// A share price in this currency: `$200`, `$187.50`, `12.3456 CHF` (every digit given kept).
    pub fn price(&self, price: Decimal) -> String {
        let mut n = price.normalize();
        if n.scale() == 1 {
            n.rescale(2);
        }
        match self.symbol() {
            Some(sym) => format!("{sym}{n}"),
            None => format!("{n} {self}"),
        }
    }

    fn symbol(&self) -> Option<&'static str> {
        match self.0.as_str() {
            "USD" => Some("$"),
            "EUR" => Some("€"),
            "GBP" => Some("£"),
            "JPY" => Some("¥"),
            "INR" => Some("₹"),
            _ => None,
        }
    }
}

impl TryFrom<String> for Currency {
    type Error = OfferError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Currency::parse(&s)
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.0
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An amount in minor units of a currency the caller keeps alongside (an offer states one).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(pub i64);

/// The largest amount accepted: a trillion major units (far beyond any offer; keeps sums in i64).
const MAX_MAJOR: i64 = 1_000_000_000_000;

impl Money {
    /// Zero.
    pub const ZERO: Money = Money(0);

    /// Minor units.
    pub fn minor(self) -> i64 {
        self.0
    }

    /// The amount as an exact decimal of major units.
    pub fn to_decimal(self, currency: &Currency) -> Decimal {
        Decimal::new(self.0, currency.decimals())
    }

    /// Rounds a decimal of major units to the nearest minor unit, halves away from zero.
    pub fn from_decimal(d: Decimal, currency: &Currency) -> Result<Money, OfferError> {
        let scaled = (d * Decimal::from(currency.scale()))
            .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        scaled
            .to_i64()
            .filter(|m| m.unsigned_abs() <= (MAX_MAJOR * currency.scale()) as u64)
            .map(Money)
            .ok_or_else(|| OfferError::field("amount", "the amount is too large".to_string()))
    }

    /// Parses what a person types: `150000`, `150,000`, `$150,000.50`, `150k`, `1.2m`. Negative
    /// amounts are refused (`field` names the field in the message).
    pub fn parse(text: &str, currency: &Currency, field: &str) -> Result<Money, OfferError> {
        let t = text.trim();
        let bad = |why: &str| OfferError::field(field, format!("{text:?} {why}"));
        if t.is_empty() {
            return Err(bad("is empty: give an amount such as 150000 or 150k"));
        }
        let mut s: String = t
            .chars()
            .filter(|c| !matches!(c, ',' | '_' | ' ' | '$' | '€' | '£' | '¥' | '₹'))
            .collect();
        if let Some(rest) = s
            .strip_prefix(currency.code())
            .or_else(|| s.strip_suffix(currency.code()))
        {
            s = rest.to_string();
        }
        let (number, times) = match s.chars().last() {
            Some('k' | 'K') => (&s[..s.len() - 1], Decimal::from(1_000)),
            Some('m' | 'M') => (&s[..s.len() - 1], Decimal::from(1_000_000)),
            _ => (s.as_str(), Decimal::ONE),
        };
        if number.starts_with('-') {
            return Err(bad("is negative: amounts are zero or more"));
        }
        if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit() || c == '.') {
            return Err(bad(
                "is not an amount: use digits, e.g. 150000, 150,000 or 150k",
            ));
        }
        let d: Decimal = number
            .parse()
            .map_err(|_| bad("is not an amount: use digits, e.g. 150000, 150,000 or 150k"))?;
        let major = d * times;
        if major.scale() > currency.decimals() && major.normalize().scale() > currency.decimals() {
            return Err(bad(&format!(
                "has more than {} decimal places for {currency}",
                currency.decimals()
            )));
        }
        if major > Decimal::from(MAX_MAJOR) {
            return Err(bad("is too large"));
        }
        Money::from_decimal(major, currency)
    }

    /// `$150,000` / `€1,234.50` / `150,000 CHF`: thousands separated, cents only when there are any.
    pub fn display(self, currency: &Currency) -> String {
        let scale = currency.scale();
        let negative = self.0 < 0;
        let abs = self.0.unsigned_abs();
        let major = abs / scale as u64;
        let minor = abs % scale as u64;
        let digits = major.to_string();
        let mut grouped = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        if minor != 0 {
            grouped.push_str(&format!(
                ".{:0width$}",
                minor,
                width = currency.decimals() as usize
            ));
        }
        let sign = if negative { "-" } else { "" };
        match currency.symbol() {
            Some(sym) => format!("{sign}{sym}{grouped}"),
            None => format!("{sign}{grouped} {currency}"),
        }
    }

    /// Short form for charts: `$189k`, `$1.2M`.
    pub fn short(self, currency: &Currency) -> String {
        let major = self.0 as f64 / currency.scale() as f64; // display only, never summed
        let (v, unit) = if major.abs() >= 1_000_000.0 {
            (major / 1_000_000.0, "M")
        } else if major.abs() >= 1_000.0 {
            (major / 1_000.0, "k")
        } else {
            (major, "")
        };
        let n = if v.abs() >= 100.0 || unit.is_empty() {
            format!("{v:.0}")
        } else {
            format!("{v:.1}")
                .trim_end_matches('0')
                .trim_end_matches('.')
                .to_string()
        };
        match currency.symbol() {
            Some(sym) => format!("{sym}{n}{unit}"),
            None => format!("{n}{unit} {currency}"),
        }
    }

    /// Adds, refusing an overflow.
    pub fn checked_add(self, other: Money) -> Result<Money, OfferError> {
        self.0
            .checked_add(other.0)
            .map(Money)
            .ok_or_else(|| OfferError::field("amount", "the sum is too large".into()))
    }
}

/// A rate in basis points (1% = 100): raises, growth. May be negative (a decline), > -100%.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Rate(pub i32);

impl Rate {
    /// Parses `3%`, `3`, `2.5%`, `-10%` (a plain number is a percentage).
    pub fn parse(text: &str, field: &str) -> Result<Rate, OfferError> {
        let t = text.trim();
        let bad = || {
            OfferError::field(
                field,
                format!("{text:?} is not a percentage such as 3%, 2.5% or -10%"),
            )
        };
        let number = t.strip_suffix('%').unwrap_or(t).trim();
        let d: Decimal = number.parse().map_err(|_| bad())?;
        let bp = (d * Decimal::from(100)).round_dp(0);
        if bp != d * Decimal::from(100) {
            return Err(OfferError::field(
                field,
                format!("{text:?} has more than two decimal places"),
            ));
        }
        let bp = bp.to_i32().ok_or_else(bad)?;
        if bp <= -10_000 {
            return Err(OfferError::field(
                field,
                format!("{text:?} would take the value below zero: a decline is above -100%"),
            ));
        }
        if bp > 100_000 {
            return Err(OfferError::field(
                field,
                format!("{text:?} is more than 1000% a year"),
            ));
        }
        Ok(Rate(bp))
    }

    /// `1 + rate` as an exact decimal.
    pub fn factor(self) -> Decimal {
        Decimal::ONE + Decimal::new(self.0 as i64, 4)
    }

    /// `3%`, `2.5%`, `-10%`.
    pub fn display(self) -> String {
        let d = Decimal::new(self.0 as i64, 2).normalize();
        format!("{d}%")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd() -> Currency {
        Currency::usd()
    }

    #[test]
    fn amounts_parse_as_people_type_them() {
        for (text, cents) in [
            ("150000", 15_000_000),
            ("150,000", 15_000_000),
            ("$150,000.50", 15_000_050),
            ("150k", 15_000_000),
            ("1.2m", 120_000_000),
            ("0", 0),
            ("USD 20000", 2_000_000),
            ("32.5k", 3_250_000),
        ] {
            assert_eq!(
                Money::parse(text, &usd(), "base").map(Money::minor),
                Ok(cents),
                "{text}"
            );
        }
    }

    #[test]
    fn bad_amounts_name_the_field() {
        for text in ["", "-5", "abc", "1.234", "12e5", "1,5,0.0.0"] {
            let e = Money::parse(text, &usd(), "base").expect_err(text);
            assert!(e.to_string().starts_with("base:"), "{e}");
        }
    }

    #[test]
    fn yen_has_no_cents() {
        let jpy = Currency::parse("jpy").expect("code");
        assert_eq!(Money::parse("1500000", &jpy, "base"), Ok(Money(1_500_000)));
        assert!(Money::parse("10.5", &jpy, "base").is_err());
        assert_eq!(Money(1_500_000).display(&jpy), "¥1,500,000");
    }

    #[test]
    fn amounts_display_with_separators() {
        assert_eq!(Money(15_000_000).display(&usd()), "$150,000");
        assert_eq!(Money(15_000_050).display(&usd()), "$150,000.50");
        assert_eq!(Money(-250_000).display(&usd()), "-$2,500");
        let chf = Currency::parse("chf").expect("code");
        assert_eq!(Money(100_000).display(&chf), "1,000 CHF");
        assert_eq!(Money(18_900_000).short(&usd()), "$189k");
        assert_eq!(Money(125_000_000).short(&usd()), "$1.2M");
        assert_eq!(usd().price(Decimal::new(20000, 2)), "$200");
        assert_eq!(usd().price(Decimal::new(1875, 1)), "$187.50");
        assert_eq!(chf.price(Decimal::new(123456, 4)), "12.3456 CHF");
    }

    #[test]
    fn rates_parse() {
        assert_eq!(Rate::parse("3%", "raise"), Ok(Rate(300)));
        assert_eq!(Rate::parse("2.5", "raise"), Ok(Rate(250)));
        assert_eq!(Rate::parse("-10%", "growth"), Ok(Rate(-1000)));
        assert!(Rate::parse("-100%", "growth").is_err());
        assert!(Rate::parse("3.333%", "raise").is_err());
        assert!(Rate::parse("fast", "raise").is_err());
        assert_eq!(Rate(250).display(), "2.5%");
    }

    #[test]
    fn currencies_are_three_letters() {
        assert!(Currency::parse("US").is_err());
        assert!(Currency::parse("U$D").is_err());
        assert_eq!(
            Currency::parse(" eur ").map(|c| c.code().to_string()),
            Ok("EUR".into())
        );
    }
}
