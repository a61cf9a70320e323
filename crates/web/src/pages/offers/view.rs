//! What the offers pages show, worked out from the app's values: the form's values as typed, each
//! offer's row, the comparison's tables and break-even sentences. Templates only print these.

use serde::Serialize;
use tpmprep_app::offers::{OfferInput, SavedOffer};
use tpmprep_offer::{Comparison, Currency, Equity, Money, Offer, Rate};

use super::chart::{self, Chart};
use crate::pages::forms::FormBody;

/// The form's fields, as the errors name them (an error naming another field, such as
/// `sign_on (year 2)`, is shown beside its field's base name).
pub(crate) const FIELDS: &[&str] = &[
    "name",
    "company",
    "level",
    "currency",
    "base",
    "raise",
    "sign_on",
    "bonus",
    "shares",
    "price",
    "equity_value",
    "vesting",
    "start",
    "notes",
];

/// The vesting presets the form's select offers (the value, and what it reads).
pub(crate) const PRESETS: &[(&str, &str)] = &[
    ("amazon", "Amazon: 5% / 15% / 40% / 40%"),
    ("even-cliff", "25% a year, 1-year cliff, then monthly"),
    (
        "even-cliff-quarterly",
        "25% a year, 1-year cliff, then quarterly",
    ),
    ("custom", "Custom yearly percentages"),
];

/// The field an error message names (`base: "abc" is not an amount…` → `base`;
/// `sign_on (year 2): …` → `sign_on`).
pub(crate) fn field_of(message: &str) -> Option<&'static str> {
    let head = message.split(':').next()?.trim();
    let head = head.split([' ', '(']).next()?;
    FIELDS.iter().copied().find(|f| *f == head)
}

/// The offer form's values as typed (kept when a field is refused).
#[derive(Debug, Default, Clone, Serialize)]
pub(crate) struct Values {
    pub(crate) name: String,
    pub(crate) company: String,
    pub(crate) level: String,
    pub(crate) currency: String,
    pub(crate) base: String,
    pub(crate) raise: String,
    pub(crate) sign_on: String,
    pub(crate) bonus: String,
    pub(crate) shares: String,
    pub(crate) price: String,
    pub(crate) equity_value: String,
    /// A preset of [`PRESETS`] (`custom` for yearly percentages).
    pub(crate) vesting: String,
    /// The yearly percentages when `vesting` is `custom`: `10,20,30,40`.
    pub(crate) vesting_custom: String,
    pub(crate) start: String,
    pub(crate) notes: String,
    /// Whether the form carried the notes (the edit form does).
    pub(crate) has_notes: bool,
}

fn decimal(m: Money, c: &Currency) -> String {
    m.to_decimal(c).normalize().to_string()
}

impl Values {
    /// A fresh form.
    pub(crate) fn blank() -> Values {
        Values {
            currency: "USD".into(),
            vesting: "amazon".into(),
            ..Values::default()
        }
    }

    pub(crate) fn from_form(f: &FormBody) -> Values {
        let get = |k: &str| f.get(k).unwrap_or("").trim().to_string();
        Values {
            name: get("name"),
            company: get("company"),
            level: get("level"),
            currency: get("currency").to_ascii_uppercase(),
            base: get("base"),
            raise: get("raise"),
            sign_on: get("sign_on"),
            bonus: get("bonus"),
            shares: get("shares"),
            price: get("price"),
            equity_value: get("equity_value"),
            vesting: get("vesting"),
            vesting_custom: get("vesting_custom"),
            start: get("start"),
            notes: f.get("notes").unwrap_or("").to_string(),
            has_notes: f.get("notes").is_some(),
        }
    }

    /// The form prefilled with an offer's terms, in the words the form reads back.
    pub(crate) fn from_offer(o: &Offer) -> Values {
        let c = &o.currency;
        let (shares, price, equity_value) = match &o.equity {
            Equity::None => (String::new(), String::new(), String::new()),
            Equity::Shares { shares, price } => (
                shares.to_string(),
                price.normalize().to_string(),
                String::new(),
            ),
            Equity::Value { value } => (String::new(), String::new(), decimal(*value, c)),
        };
        let spec = o.vesting.spec();
        let (vesting, vesting_custom) = if PRESETS.iter().any(|(k, _)| *k == spec) {
            (spec, String::new())
        } else {
            ("custom".to_string(), spec)
        };
        Values {
            name: o.name.clone(),
            company: o.company.clone(),
            level: o.level.clone(),
            currency: c.code().to_string(),
            base: decimal(o.base, c),
            raise: if o.raise == Rate(0) {
                String::new()
            } else {
                o.raise.display()
            },
            sign_on: o
                .sign_on
                .iter()
                .map(|m| decimal(*m, c))
                .collect::<Vec<_>>()
                .join(","),
            bonus: if o.bonus == Money::ZERO {
                String::new()
            } else {
                decimal(o.bonus, c)
            },
            shares,
            price,
            equity_value,
            vesting,
            vesting_custom,
            start: o.start.clone().unwrap_or_default(),
            notes: o.notes.clone(),
            has_notes: true,
        }
    }

    /// The app's input. Adding, an empty field is not given; editing, every field is given (an
    /// empty one clears it). Equity is one of shares with a price or a value: the side left empty
    /// is not given, so setting one never clears the other after it.
    pub(crate) fn input(&self, editing: bool) -> OfferInput {
        let give = |s: &str| {
            if editing || !s.trim().is_empty() {
                Some(s.trim().to_string())
            } else {
                None
            }
        };
        let vesting = if self.vesting == "custom" {
            self.vesting_custom.clone()
        } else {
            self.vesting.clone()
        };
        let value_given = !self.equity_value.is_empty();
        let shares_given = !self.shares.is_empty() || !self.price.is_empty();
        OfferInput {
            name: Some(self.name.clone()),
            company: give(&self.company),
            level: give(&self.level),
            currency: give(&self.currency),
            base: give(&self.base),
            raise: give(&self.raise),
            sign_on: give(&self.sign_on),
            bonus: give(&self.bonus),
            shares: if value_given && !shares_given {
                None
            } else {
                give(&self.shares)
            },
            price: if value_given && !shares_given {
                None
            } else {
                give(&self.price)
            },
            equity_value: if shares_given && !value_given {
                // Editing: clearing the value first, then the shares set the grant.
                give("")
            } else {
                give(&self.equity_value)
            },
            vesting: give(&vesting),
            start: give(&self.start),
            notes: if self.has_notes {
                Some(self.notes.clone())
            } else {
                None
            },
        }
    }
}

/// An offer as the list shows it.
#[derive(Debug, Serialize)]
pub(crate) struct Row {
    id: i64,
    rev: i64,
    name: String,
    company: String,
    level: String,
    currency: String,
    base: String,
    raise: String,
    sign_on: String,
    bonus: String,
    equity: String,
    vesting: String,
    year_1: String,
    average_4y: String,
    start: String,
}

pub(crate) fn row(s: &SavedOffer) -> Row {
    let o = &s.offer;
    let c = &o.currency;
    Row {
        id: s.id,
        rev: s.rev,
        name: o.name.clone(),
        company: o.company.clone(),
        level: o.level.clone(),
        currency: c.code().to_string(),
        base: o.base.display(c),
        raise: if o.raise == Rate(0) {
            String::new()
        } else {
            format!("{} a year", o.raise.display())
        },
        sign_on: if o.sign_on.is_empty() {
            "—".into()
        } else {
            o.sign_on
                .iter()
                .map(|m| m.display(c))
                .collect::<Vec<_>>()
                .join(" + ")
        },
        bonus: if o.bonus == Money::ZERO {
            "—".into()
        } else {
            o.bonus.display(c)
        },
        equity: match &o.equity {
            Equity::None => "—".into(),
            Equity::Shares { shares, price } => format!(
                "{} ({} shares at {})",
                s.equity_at_grant.display(c),
                shares,
                c.price(*price)
            ),
            Equity::Value { .. } => s.equity_at_grant.display(c),
        },
        vesting: s.vesting_label.clone(),
        year_1: s.year_1.display(c),
        average_4y: s.average_4y.display(c),
        start: o.start.clone().unwrap_or_default(),
    }
}

/// One year of one offer.
#[derive(Debug, Serialize)]
pub(crate) struct YearShown {
    year: u32,
    base: String,
    sign_on: String,
    bonus: String,
    equity: String,
    shares: String,
    total: String,
    cumulative: String,
}

/// One offer's years.
#[derive(Debug, Serialize)]
pub(crate) struct OfferShown {
    name: String,
    colour_index: usize,
    converted: String,
    band: String,
    band_key: String,
    average: String,
    years: Vec<YearShown>,
}

/// A break-even between two offers.
#[derive(Debug, Serialize)]
pub(crate) struct BreakShown {
    headline: String,
    summary: String,
    year: Option<u32>,
}

/// The comparison as the page shows it.
#[derive(Debug, Serialize)]
pub(crate) struct CompareShown {
    currency: String,
    years: u32,
    scenario: String,
    offers: Vec<OfferShown>,
    break_even: Vec<BreakShown>,
    /// Cumulative pay by year: the year, then one cell per offer (the chart's numbers).
    cumulative: Vec<(u32, Vec<String>)>,
    names: Vec<String>,
    chart: Chart,
}

/// The year a break-even names, in a short line to show prominently.
pub(crate) fn headline(b: &tpmprep_offer::BreakEven, years: u32) -> String {
    match b.year {
        Some(y) => format!("{} catches up in year {y}", b.behind),
        None if b.gap_year_1.0 == 0 => format!("{} and {} start level", b.ahead, b.behind),
        None => format!("{} stays ahead for all {years} years", b.ahead),
    }
}

pub(crate) fn comparison(c: &Comparison) -> CompareShown {
    let cur = &c.currency;
    let offers = c
        .offers
        .iter()
        .enumerate()
        .map(|(i, o)| OfferShown {
            name: o.name.clone(),
            colour_index: i,
            converted: if o.currency == *cur {
                String::new()
            } else {
                format!(
                    "{} converted at {} {} per {}",
                    o.currency,
                    o.rate.normalize(),
                    cur,
                    o.currency
                )
            },
            band: o
                .band
                .as_ref()
                .map(|b| {
                    format!(
                        "Yearly average {}: {} ({}% of the median).",
                        o.average.display(cur),
                        b.label,
                        b.percent_of_median
                    )
                })
                .unwrap_or_default(),
            band_key: o.band.as_ref().map(|b| b.key.clone()).unwrap_or_default(),
            average: o.average.display(cur),
            years: o
                .years
                .iter()
                .map(|r| YearShown {
                    year: r.year,
                    base: r.base.display(cur),
                    sign_on: r.sign_on.display(cur),
                    bonus: r.bonus.display(cur),
                    equity: r.equity.display(cur),
                    shares: r.shares.to_string(),
                    total: r.total.display(cur),
                    cumulative: r.cumulative.display(cur),
                })
                .collect(),
        })
        .collect();
    let cumulative = (1..=c.years)
        .map(|y| {
            (
                y,
                c.offers
                    .iter()
                    .map(|o| {
                        o.years
                            .iter()
                            .find(|r| r.year == y)
                            .map(|r| r.cumulative.display(cur))
                            .unwrap_or_default()
                    })
                    .collect(),
            )
        })
        .collect();
    CompareShown {
        currency: cur.code().to_string(),
        years: c.years,
        scenario: c.scenario_label.clone(),
        offers,
        break_even: c
            .break_even
            .iter()
            .map(|b| BreakShown {
                headline: headline(b, c.years),
                summary: b.summary.clone(),
                year: b.year,
            })
            .collect(),
        cumulative,
        names: c.offers.iter().map(|o| o.name.clone()).collect(),
        chart: chart::chart(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_placed_beside_the_field_they_name() {
        assert_eq!(field_of("base: \"abc\" is not an amount"), Some("base"));
        assert_eq!(
            field_of("sign_on (year 2): \"x\" is not an amount"),
            Some("sign_on")
        );
        assert_eq!(field_of("equity_value: give either"), Some("equity_value"));
        assert_eq!(field_of("no offer named \"x\""), None);
    }

    #[test]
    fn an_edit_form_gives_every_field_and_equity_one_way() {
        let v = Values {
            name: "A".into(),
            base: "150000".into(),
            equity_value: "40000".into(),
            vesting: "custom".into(),
            vesting_custom: "10,20,30,40".into(),
            ..Values::blank()
        };
        let i = v.input(true);
        assert_eq!(i.shares, None, "shares left empty are not given");
        assert_eq!(i.equity_value.as_deref(), Some("40000"));
        assert_eq!(i.vesting.as_deref(), Some("10,20,30,40"));
        assert_eq!(i.bonus.as_deref(), Some(""), "an edit clears what is empty");
        let add = v.input(false);
        assert_eq!(add.bonus, None, "adding, an empty field is not given");
        let shares = Values {
            shares: "100".into(),
            price: "200".into(),
            ..v
        };
        let i = shares.input(true);
        assert_eq!(i.shares.as_deref(), Some("100"));
        assert_eq!(
            i.equity_value.as_deref(),
            Some("40000"),
            "both given: the app refuses"
        );
    }
}
