//! The negotiation brief: a short Markdown script the candidate edits, built from the comparison
//! (the gap to close in years one and two, and over the whole stay) and their own strongest story
//! metrics (sentences with a measured result, quoted as they wrote them).

use serde::Serialize;

use crate::OfferError;
use crate::compare::{Comparison, OfferYears};
use crate::money::Money;

/// A measured result from one of the candidate's stories.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Metric {
    /// The story's title.
    pub story: String,
    /// The sentence, exactly as the story says it.
    pub quote: String,
}

/// What the brief is built from, and the brief.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Brief {
    /// The offer being negotiated.
    pub offer: String,
    /// The offer it is measured against, if there is another.
    pub against: Option<String>,
    /// How much more `against` pays in year 1 (zero when it does not).
    pub gap_year_1: Money,
    /// How much more `against` pays in year 2 (zero when it does not).
    pub gap_year_2: Money,
    /// How much more `against` pays over all the years compared (negative when it pays less).
    pub gap_total: Money,
    /// The metrics used.
    pub metrics: Vec<Metric>,
    /// The script.
    pub markdown: String,
}

fn year_total(o: &OfferYears, year: u32) -> Money {
    o.years
        .iter()
        .find(|r| r.year == year)
        .map_or(Money::ZERO, |r| r.total)
}

fn last_cumulative(o: &OfferYears) -> Money {
    o.years.last().map_or(Money::ZERO, |r| r.cumulative)
}

/// Builds the brief for negotiating `offer` (by name) against `against` (by name; when `None`,
/// the other offer that pays most over years one and two). At most three metrics are quoted.
pub fn brief(
    comparison: &Comparison,
    offer: &str,
    against: Option<&str>,
    metrics: &[Metric],
) -> Result<Brief, OfferError> {
    let find = |name: &str| {
        comparison
            .offers
            .iter()
            .find(|o| o.name.eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| {
                OfferError::field(
                    "offer",
                    format!(
                        "there is no offer named {name:?}; the offers are: {}",
                        comparison
                            .offers
                            .iter()
                            .map(|o| o.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })
    };
    let target = find(offer)?;
    let other = match against {
        Some(name) => {
            let o = find(name)?;
            if o.name == target.name {
                return Err(OfferError::field(
                    "against",
                    "compare the offer with a different one".into(),
                ));
            }
            Some(o)
        }
        None => comparison
            .offers
            .iter()
            .filter(|o| o.name != target.name)
            .max_by_key(|o| year_total(o, 1).0 + year_total(o, 2).0),
    };
    let c = &comparison.currency;
    let gap = |y: u32| {
        other.map_or(Money::ZERO, |o| {
            Money((year_total(o, y).0 - year_total(target, y).0).max(0))
        })
    };
    let (gap_year_1, gap_year_2) = (gap(1), gap(2));
    let gap_total = other.map_or(Money::ZERO, |o| {
        Money(last_cumulative(o).0 - last_cumulative(target).0)
    });
    let metrics: Vec<Metric> = metrics.iter().take(3).cloned().collect();
    let n = comparison.years;

    let mut md = format!("# Negotiation brief: {}\n\n", target.name);
    md.push_str("## Where the offers stand\n\n");
    for o in std::iter::once(target).chain(other) {
        md.push_str(&format!(
            "- **{}**: year 1 {}, year 2 {}, {n} years {}{}\n",
            o.name,
            year_total(o, 1).display(c),
            year_total(o, 2).display(c),
            last_cumulative(o).display(c),
            o.band
                .as_ref()
                .map(|b| format!(" — yearly average {b}", b = b.label))
                .unwrap_or_default()
        ));
    }
    md.push_str(&format!("- Stock: {}.\n\n", comparison.scenario_label));

    md.push_str("## What I bring\n\n");
    if metrics.is_empty() {
        md.push_str(
            "- (No story in your bank states a measured result yet. Add one — \"cut p99 latency \
             from 900 ms to 300 ms\" — and it will be quoted here.)\n\n",
        );
    } else {
        for m in &metrics {
            md.push_str(&format!("- \"{}\" ({})\n", m.quote.trim(), m.story));
        }
        md.push('\n');
    }

    md.push_str("## The ask\n\n");
    let evidence = metrics
        .first()
        .map(|m| format!(" In my last role, {}", lower_first(m.quote.trim())))
        .unwrap_or_default();
    match other {
        Some(o) if gap_year_1.0 > 0 || gap_year_2.0 > 0 => {
            md.push_str(&format!(
                "> Thank you for the offer — I am excited about the role.{evidence} I have an \
                 offer from {} that pays {} more in year one and {} more in year two. If you can \
                 close that gap, for example through the sign-on in years one and two, I am \
                 ready to sign.\n\n",
                o.name,
                gap_year_1.display(c),
                gap_year_2.display(c)
            ));
        }
        Some(o) => {
            md.push_str(&format!(
                "> Thank you for the offer — I am excited about the role.{evidence} This offer \
                 already matches {} in the first two years; what would make the decision easy is \
                 {}.\n\n",
                o.name,
                if gap_total.0 > 0 {
                    format!(
                        "closing the {} it trails by over {n} years through the equity grant",
                        gap_total.display(c)
                    )
                } else {
                    "a larger equity grant or an earlier vesting of it".to_string()
                }
            ));
        }
        None => {
            md.push_str(&format!(
                "> Thank you for the offer — I am excited about the role.{evidence} Based on the \
                 scope we discussed, I would like to ask for a higher equity grant or sign-on; \
                 the market median for this role is about $189k a year in total.\n\n"
            ));
        }
    }
    md.push_str(
        "## If base will not move\n\n- A larger sign-on in year 1 and year 2 (it bridges \
         back-loaded vesting).\n- More shares, or a schedule that vests earlier.\n- The level \
         (it sets every later raise and refresh).\n- A later start date or a relocation \
         allowance.\n\n",
    );
    md.push_str("_Edit this script to your own words before the call._\n");
    Ok(Brief {
        offer: target.name.clone(),
        against: other.map(|o| o.name.clone()),
        gap_year_1,
        gap_year_2,
        gap_total,
        metrics,
        markdown: md,
    })
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.clone().next()) {
        // Keep "I", acronyms ("AWS") and names as written.
        (Some(f), Some(second)) if f.is_uppercase() && second.is_lowercase() && f != 'I' => {
            f.to_lowercase().chain(chars).collect()
        }
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::{Rates, compare};
    use crate::money::{Currency, Rate};
    use crate::scenario::Scenario;
    use crate::vesting::Vesting;
    use crate::{Equity, Offer};

    fn offer(name: &str, base: i64, sign_on: Vec<i64>) -> Offer {
        Offer {
            name: name.into(),
            company: String::new(),
            level: String::new(),
            currency: Currency::usd(),
            base: Money(base * 100),
            raise: Rate(0),
            sign_on: sign_on.into_iter().map(|s| Money(s * 100)).collect(),
            bonus: Money::ZERO,
            equity: Equity::None,
            vesting: Vesting::Amazon,
            start: None,
            notes: String::new(),
        }
    }

    #[test]
    fn the_brief_names_the_gap_and_quotes_the_metrics() {
        let c = compare(
            &[
                offer("Amazon L6", 150_000, vec![30_000]),
                offer("Other", 170_000, vec![20_000, 20_000]),
            ],
            4,
            &Scenario::Flat,
            None,
            &Rates::new(),
        )
        .expect("comparison");
        let m = vec![Metric {
            story: "Checkout migration".into(),
            quote: "Cut p99 latency from 900 ms to 300 ms.".into(),
        }];
        let b = brief(&c, "amazon l6", None, &m).expect("brief");
        assert_eq!(b.against.as_deref(), Some("Other"));
        // Year 1: 180k vs 190k → 10k; year 2: 150k vs 190k → 40k.
        assert_eq!(b.gap_year_1, Money(1_000_000));
        assert_eq!(b.gap_year_2, Money(4_000_000));
        assert!(
            b.markdown.contains("$10,000 more in year one"),
            "{}",
            b.markdown
        );
        assert!(b.markdown.contains("$40,000 more in year two"));
        assert!(
            b.markdown
                .contains("\"Cut p99 latency from 900 ms to 300 ms.\" (Checkout migration)")
        );
        assert!(b.markdown.contains("cut p99 latency"));
    }

    #[test]
    fn no_metrics_says_how_to_get_them_and_an_unknown_offer_is_named() {
        let c = compare(
            &[offer("A", 150_000, vec![])],
            2,
            &Scenario::Flat,
            None,
            &Rates::new(),
        )
        .expect("comparison");
        let b = brief(&c, "A", None, &[]).expect("brief");
        assert!(
            b.markdown
                .contains("No story in your bank states a measured result")
        );
        assert_eq!(b.against, None);
        let e = brief(&c, "B", None, &[]).expect_err("unknown");
        assert!(e.to_string().contains("the offers are: A"), "{e}");
    }
}
