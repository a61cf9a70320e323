//! One offer's years, and a comparison of several.
//!
//! Year `y` of an offer is months `12(y-1)+1 ..= 12y` after its start. In it: the base after
//! `y-1` raises (each year's base rounded to the minor unit, halves away from zero), that year's
//! sign-on, the yearly bonus, and the value of the shares that vest in it at the scenario's price
//! when they vest. `total` is their sum and `cumulative` the running sum of totals.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::bands::{Band, place};
use crate::money::{Currency, Money};
use crate::scenario::Scenario;
use crate::{Equity, Offer, OfferError};

/// One year of one offer, in the comparison's currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearRow {
    /// 1 = the first year after the start.
    pub year: u32,
    /// Base salary paid in the year.
    pub base: Money,
    /// Sign-on paid in the year.
    pub sign_on: Money,
    /// Cash bonus.
    pub bonus: Money,
    /// Value of the equity that vests in the year.
    pub equity: Money,
    /// Whole shares that vest in the year (0 for a grant stated as a value).
    pub shares: u64,
    /// base + sign_on + bonus + equity.
    pub total: Money,
    /// The running sum of `total` through this year.
    pub cumulative: Money,
}

/// One offer's years in a comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OfferYears {
    /// The offer's name.
    pub name: String,
    /// The offer's own currency.
    pub currency: Currency,
    /// The rate used to bring it into the comparison's currency (1 when the same).
    pub rate: Decimal,
    /// Year by year.
    pub years: Vec<YearRow>,
    /// The mean yearly total over the first four years (or fewer, if fewer are compared).
    pub average: Money,
    /// Where `average` sits against the seeds' bands (only for a USD comparison).
    pub band: Option<Band>,
}

/// When one offer catches up with another, by cumulative pay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BreakEven {
    /// The offer ahead after year 1 (by cumulative pay; the first named when equal).
    pub ahead: String,
    /// The other offer.
    pub behind: String,
    /// The first year whose cumulative pay of `behind` reaches `ahead`'s, if it does within the
    /// years compared.
    pub year: Option<u32>,
    /// `ahead` minus `behind` after year 1.
    pub gap_year_1: Money,
    /// The difference in cumulative pay after the last year compared (`ahead` − `behind`).
    pub gap_at_end: Money,
    /// A sentence a person can read.
    pub summary: String,
}

/// The comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// The currency every amount is in.
    pub currency: Currency,
    /// Years compared.
    pub years: u32,
    /// The price scenario.
    pub scenario: Scenario,
    /// A short label for the scenario.
    pub scenario_label: String,
    /// Each offer, in the order given.
    pub offers: Vec<OfferYears>,
    /// Every pair.
    pub break_even: Vec<BreakEven>,
}

/// Exchange rates into the comparison currency: `rates["EUR"] = 1.08` means one EUR is 1.08 of it.
pub type Rates = BTreeMap<String, Decimal>;

/// Most years a comparison may cover.
pub const MAX_YEARS: u32 = 10;

/// One offer's years in its own currency.
pub fn project(offer: &Offer, years: u32, scenario: &Scenario) -> Result<Vec<YearRow>, OfferError> {
    offer.validate()?;
    check_years(years)?;
    let c = &offer.currency;
    let schedule = offer.vesting.schedule()?;
    // Vests as (month, whole units, value per unit at grant in the offer's currency).
    let (units, unit_price, whole_shares): (u64, Decimal, bool) = match &offer.equity {
        Equity::None => (0, Decimal::ZERO, true),
        Equity::Shares { shares, price } => (*shares, *price, true),
        // A value grant vests as minor units of value: exact to the cent.
        Equity::Value { value } => (
            value.0.max(0) as u64,
            Decimal::ONE / Decimal::from(c.scale()),
            false,
        ),
    };
    let vests = schedule.vest_units(units);
    let mut rows = Vec::new();
    let mut cumulative = Money::ZERO;
    let mut base = offer.base.to_decimal(c);
    for year in 1..=years {
        if year > 1 {
            base = Money::from_decimal(base * offer.raise.factor(), c)?.to_decimal(c);
        }
        let base_m = Money::from_decimal(base, c)?;
        let sign_on = offer
            .sign_on
            .get(year as usize - 1)
            .copied()
            .unwrap_or(Money::ZERO);
        let mut equity = Decimal::ZERO;
        let mut shares = 0u64;
        for (month, n) in &vests {
            if *month > 12 * (year - 1) && *month <= 12 * year {
                let price = unit_price * scenario.multiple(month / 12);
                equity += Decimal::from(*n) * price;
                if whole_shares {
                    shares += n;
                }
            }
        }
        let equity = Money::from_decimal(equity, c)?;
        let total = base_m
            .checked_add(sign_on)?
            .checked_add(offer.bonus)?
            .checked_add(equity)?;
        cumulative = cumulative.checked_add(total)?;
        rows.push(YearRow {
            year,
            base: base_m,
            sign_on,
            bonus: offer.bonus,
            equity,
            shares,
            total,
            cumulative,
        });
    }
    Ok(rows)
}

fn check_years(years: u32) -> Result<(), OfferError> {
    if years == 0 || years > MAX_YEARS {
        return Err(OfferError::field(
            "years",
            format!("compare 1 to {MAX_YEARS} years, not {years}"),
        ));
    }
    Ok(())
}

/// Compares offers over `years` years in `currency` (the first offer's when `None`); an offer in
/// another currency needs its rate in `rates`.
pub fn compare(
    offers: &[Offer],
    years: u32,
    scenario: &Scenario,
    currency: Option<&Currency>,
    rates: &Rates,
) -> Result<Comparison, OfferError> {
    check_years(years)?;
    let Some(first) = offers.first() else {
        return Err(OfferError::field(
            "offers",
            "there are no offers to compare: add one first".into(),
        ));
    };
    let currency = currency.cloned().unwrap_or_else(|| first.currency.clone());
    let mut out = Vec::new();
    for offer in offers {
        let own = project(offer, years, scenario).map_err(|e| OfferError {
            field: e.field,
            message: format!("offer {:?}: {}", offer.name, e.message),
        })?;
        let rate = if offer.currency == currency {
            Decimal::ONE
        } else {
            *rates.get(offer.currency.code()).ok_or_else(|| {
                OfferError::field(
                    "rate",
                    format!(
                        "offer {:?} is in {} and the comparison is in {currency}: give the rate, \
                         e.g. --rate {}=1.08 (how many {currency} one {} buys)",
                        offer.name, offer.currency, offer.currency, offer.currency
                    ),
                )
            })?
        };
        if rate <= Decimal::ZERO {
            return Err(OfferError::field(
                "rate",
                format!("the rate for {} must be above 0", offer.currency),
            ));
        }
        let convert = |m: Money| -> Result<Money, OfferError> {
            if rate == Decimal::ONE && offer.currency == currency {
                Ok(m)
            } else {
                Money::from_decimal(m.to_decimal(&offer.currency) * rate, &currency)
            }
        };
        let mut rows = Vec::new();
        let mut cumulative = Money::ZERO;
        for r in own {
            let (base, sign_on, bonus, equity) = (
                convert(r.base)?,
                convert(r.sign_on)?,
                convert(r.bonus)?,
                convert(r.equity)?,
            );
            let total = base
                .checked_add(sign_on)?
                .checked_add(bonus)?
                .checked_add(equity)?;
            cumulative = cumulative.checked_add(total)?;
            rows.push(YearRow {
                base,
                sign_on,
                bonus,
                equity,
                total,
                cumulative,
                ..r
            });
        }
        let n = rows.len().clamp(1, 4);
        let sum: i64 = rows.iter().take(n).map(|r| r.total.0).sum();
        let average = Money(sum / n as i64);
        let band = (currency.code() == "USD").then(|| place(average, &currency));
        out.push(OfferYears {
            name: offer.name.clone(),
            currency: offer.currency.clone(),
            rate,
            years: rows,
            average,
            band,
        });
    }
    let mut break_even = Vec::new();
    for i in 0..out.len() {
        for j in i + 1..out.len() {
            break_even.push(pair(&out[i], &out[j], &currency));
        }
    }
    Ok(Comparison {
        currency,
        years,
        scenario: scenario.clone(),
        scenario_label: scenario.label(),
        offers: out,
        break_even,
    })
}

fn pair(a: &OfferYears, b: &OfferYears, c: &Currency) -> BreakEven {
    let first = |o: &OfferYears| o.years.first().map_or(Money::ZERO, |r| r.cumulative);
    let (ahead, behind) = if first(b) > first(a) { (b, a) } else { (a, b) };
    let gap_year_1 = Money(first(ahead).0 - first(behind).0);
    let year = ahead
        .years
        .iter()
        .zip(&behind.years)
        .find(|(x, y)| y.cumulative >= x.cumulative && x.year > 1)
        .map(|(x, _)| x.year);
    let last = |o: &OfferYears| o.years.last().map_or(Money::ZERO, |r| r.cumulative);
    let gap_at_end = Money(last(ahead).0 - last(behind).0);
    let n = ahead.years.len();
    let summary = if gap_year_1.0 == 0 && year.is_none() {
        format!("{} and {} pay the same in year 1.", ahead.name, behind.name)
    } else {
        match year {
            Some(y) => format!(
                "{} is ahead by {} after year 1; {} catches up in year {y} and is ahead by {} \
                 after year {n}.",
                ahead.name,
                gap_year_1.display(c),
                behind.name,
                Money(-gap_at_end.0).display(c)
            ),
            None => format!(
                "{} is ahead by {} after year 1 and stays ahead: by {} after year {n}.",
                ahead.name,
                gap_year_1.display(c),
                gap_at_end.display(c)
            ),
        }
    };
    BreakEven {
        ahead: ahead.name.clone(),
        behind: behind.name.clone(),
        year,
        gap_year_1,
        gap_at_end,
        summary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Rate;
    use crate::vesting::Vesting;

    fn offer(name: &str) -> Offer {
        Offer {
            name: name.into(),
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

    /// Worked by hand: base $150,000 with 3% raises; sign-on $30,000 then $20,000; 100 shares at
    /// $200 on Amazon's schedule, flat price.
    /// Year 1: 150,000 + 30,000 + 5 shares × 200 = 1,000 → 181,000.
    /// Year 2: 154,500 + 20,000 + 15 × 200 = 3,000 → 177,500 (cumulative 358,500).
    /// Year 3: 159,135 + 40 × 200 = 8,000 → 167,135 (cumulative 525,635).
    /// Year 4: 163,909.05 + 8,000 → 171,909.05 (cumulative 697,544.05).
    #[test]
    fn a_worked_amazon_offer() {
        let mut o = offer("Amazon");
        o.raise = Rate(300);
        o.sign_on = vec![Money(3_000_000), Money(2_000_000)];
        o.equity = Equity::Shares {
            shares: 100,
            price: Decimal::from(200),
        };
        let rows = project(&o, 4, &Scenario::Flat).expect("rows");
        let totals: Vec<i64> = rows.iter().map(|r| r.total.0).collect();
        assert_eq!(totals, vec![18_100_000, 17_750_000, 16_713_500, 17_190_905]);
        assert_eq!(rows[3].cumulative, Money(69_754_405));
        assert_eq!(
            rows.iter().map(|r| r.shares).collect::<Vec<_>>(),
            vec![5, 15, 40, 40]
        );
    }

    /// Worked by hand: 25% cliff, monthly, 480 shares at $100, price +10% a year.
    /// Year 1: 120 shares at the first anniversary, priced after 1 anniversary: 110 → 13,200.
    /// Year 2: months 13–23 at 110 (11 × 10 × 110 = 12,100) and month 24 at 121 (1,210) → 13,310.
    #[test]
    fn a_worked_growth_scenario() {
        let mut o = offer("Startup");
        o.base = Money::ZERO;
        o.vesting = Vesting::parse("even-cliff").expect("preset");
        o.equity = Equity::Shares {
            shares: 480,
            price: Decimal::from(100),
        };
        let rows = project(&o, 2, &Scenario::Growth { rate: Rate(1000) }).expect("rows");
        assert_eq!(rows[0].equity, Money(1_320_000));
        assert_eq!(rows[1].equity, Money(1_331_000));
    }

    #[test]
    fn break_even_is_the_year_the_other_catches_up() {
        // A: 200k cash flat. B: 150k + 100 shares × 2,000 = 200k equity even over 4 years (50k/yr),
        // growing 20% a year: B passes A.
        let mut a = offer("Cash");
        a.base = Money(20_000_000);
        let mut b = offer("Equity");
        b.vesting = Vesting::parse("25,25,25,25").expect("custom");
        b.equity = Equity::Shares {
            shares: 100,
            price: Decimal::from(2000),
        };
        let c = compare(
            &[a.clone(), b.clone()],
            4,
            &Scenario::Growth { rate: Rate(2000) },
            None,
            &Rates::new(),
        )
        .expect("comparison");
        let be = &c.break_even[0];
        // Year 1: B = 150k + 25 × 2,400 = 210k > 200k, so B is ahead from the start.
        assert_eq!(be.ahead, "Equity");
        assert_eq!(be.year, None);
        let flat = compare(&[a, b], 4, &Scenario::Flat, None, &Rates::new()).expect("flat");
        assert_eq!(flat.break_even[0].gap_year_1, Money::ZERO);
    }

    #[test]
    fn back_loaded_vesting_catches_up_later() {
        let mut amazon = offer("Amazon");
        amazon.base = Money(14_000_000);
        amazon.sign_on = vec![Money(2_000_000)];
        amazon.equity = Equity::Value {
            value: Money(40_000_000),
        };
        let mut other = offer("Other");
        other.base = Money(17_500_000);
        let c = compare(&[amazon, other], 4, &Scenario::Flat, None, &Rates::new()).expect("c");
        let be = &c.break_even[0];
        // Year 1: Amazon 140k + 20k + 20k = 180k; Other 175k. Amazon ahead.
        // Year 2: Amazon 140k + 60k = 200k (cum 380k); Other cum 350k. Year 3: Amazon 300k ahead.
        assert_eq!(be.ahead, "Amazon");
        assert_eq!(be.year, None);
        assert_eq!(be.gap_year_1, Money(500_000));
    }

    #[test]
    fn other_currencies_need_a_rate() {
        let a = offer("US");
        let mut b = offer("EU");
        b.currency = Currency::parse("EUR").expect("eur");
        let e = compare(
            &[a.clone(), b.clone()],
            2,
            &Scenario::Flat,
            None,
            &Rates::new(),
        )
        .expect_err("no rate");
        assert_eq!(e.field, "rate");
        assert!(e.message.contains("EUR=1.08"), "{e}");
        let mut rates = Rates::new();
        rates.insert("EUR".into(), Decimal::new(11, 1));
        let c = compare(&[a, b], 2, &Scenario::Flat, None, &rates).expect("rated");
        assert_eq!(c.offers[1].years[0].total, Money(16_500_000));
    }

    #[test]
    fn years_are_bounded() {
        assert!(compare(&[offer("A")], 0, &Scenario::Flat, None, &Rates::new()).is_err());
        assert!(compare(&[offer("A")], 11, &Scenario::Flat, None, &Rates::new()).is_err());
        assert!(compare(&[], 4, &Scenario::Flat, None, &Rates::new()).is_err());
    }
}
