//! Property tests of the offer maths (issue 18): vesting gives exactly the grant, nothing vests
//! before a cliff, schedules must sum to 100%, yearly totals add up to the cumulative figure.

use proptest::prelude::*;
use rust_decimal::Decimal;
use tpmprep_offer::{
    Currency, Equity, Money, Offer, Period, Rate, Rates, Scenario, Vesting, compare, project,
};

fn vesting() -> impl Strategy<Value = Vesting> {
    prop_oneof![
        Just(Vesting::Amazon),
        Just(Vesting::EvenCliff {
            period: Period::Monthly
        }),
        Just(Vesting::EvenCliff {
            period: Period::Quarterly
        }),
        // Custom: random yearly weights scaled to sum to exactly 10,000 basis points.
        proptest::collection::vec(0u32..5_000, 1..8).prop_filter_map("some weight", |w| {
            let sum: u32 = w.iter().sum();
            if sum == 0 {
                return None;
            }
            let mut bp: Vec<u32> = w.iter().map(|x| x * 10_000 / sum).collect();
            let short = 10_000 - bp.iter().sum::<u32>();
            if let Some(last) = bp.last_mut() {
                *last += short;
            }
            Some(Vesting::Custom { yearly_bp: bp })
        }),
    ]
}

fn scenario() -> impl Strategy<Value = Scenario> {
    prop_oneof![
        Just(Scenario::Flat),
        (-5_000i32..5_000).prop_map(|r| Scenario::Growth { rate: Rate(r) }),
        proptest::collection::vec(1i64..400, 1..6).prop_map(|m| Scenario::Path {
            multiples: m.into_iter().map(|x| Decimal::new(x, 2)).collect()
        }),
    ]
}

fn offer() -> impl Strategy<Value = Offer> {
    (
        0i64..100_000_000,
        0i32..1_500,
        proptest::collection::vec(0i64..10_000_000, 0..3),
        0i64..10_000_000,
        prop_oneof![
            Just(Equity::None),
            (0u64..1_000_000, 1i64..100_000).prop_map(|(shares, cents)| Equity::Shares {
                shares,
                price: Decimal::new(cents, 2)
            }),
            (0i64..100_000_000).prop_map(|v| Equity::Value { value: Money(v) }),
        ],
        vesting(),
    )
        .prop_map(|(base, raise, sign_on, bonus, equity, vesting)| Offer {
            name: "P".into(),
            company: String::new(),
            level: String::new(),
            currency: Currency::usd(),
            base: Money(base),
            raise: Rate(raise),
            sign_on: sign_on.into_iter().map(Money).collect(),
            bonus: Money(bonus),
            equity,
            vesting,
            start: None,
            notes: String::new(),
        })
}

proptest! {
    #[test]
    fn vested_units_over_the_schedule_equal_the_grant(v in vesting(), grant in 0u64..10_000_000_000) {
        let s = v.schedule().expect("a valid schedule");
        let units = s.vest_units(grant);
        prop_assert_eq!(units.iter().map(|u| u.1).sum::<u64>(), grant);
        prop_assert_eq!(s.vested_by(grant, s.last_month()), grant);
        // Never ahead of the exact fraction, and never going back.
        let mut before = 0;
        for e in &s.events {
            let so_far = s.vested_by(grant, e.month);
            prop_assert!(so_far >= before);
            prop_assert!(u128::from(so_far) * u128::from(s.denominator) <= u128::from(grant) * u128::from(e.parts));
            before = so_far;
        }
    }

    #[test]
    fn nothing_vests_before_the_cliff(grant in 0u64..10_000_000, month in 0u32..12) {
        for v in [Vesting::Amazon, Vesting::EvenCliff { period: Period::Monthly }, Vesting::EvenCliff { period: Period::Quarterly }] {
            let s = v.schedule().expect("preset");
            prop_assert_eq!(s.vested_by(grant, month), 0);
            prop_assert!(s.events.iter().all(|e| e.month >= 12));
        }
    }

    #[test]
    fn schedules_not_summing_to_100_are_refused(parts in proptest::collection::vec(0u32..=100, 1..10)) {
        let text = parts.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
        // "25" alone names the even schedule (25% a year after a one-year cliff).
        prop_assume!(text != "25");
        let sum: u32 = parts.iter().sum();
        match Vesting::parse(&text) {
            Ok(_) => prop_assert_eq!(sum, 100),
            Err(e) => {
                prop_assert_ne!(sum, 100);
                prop_assert_eq!(e.field.as_str(), "vesting");
                let expected = format!("add up to {sum}%");
                prop_assert!(e.message.contains(&expected), "{}", e.message);
            }
        }
    }

    #[test]
    fn yearly_totals_add_up_to_the_cumulative(o in offer(), years in 1u32..=10, sc in scenario()) {
        let rows = project(&o, years, &sc).expect("a valid offer");
        prop_assert_eq!(rows.len() as u32, years);
        let mut sum = 0i64;
        for r in &rows {
            prop_assert_eq!(r.total.0, r.base.0 + r.sign_on.0 + r.bonus.0 + r.equity.0);
            sum += r.total.0;
            prop_assert_eq!(r.cumulative.0, sum);
        }
        // Under a flat price, the equity over the whole schedule is the grant's value (to the cent
        // per vest event).
        if sc == Scenario::Flat && years >= 10 {
            let equity: i64 = rows.iter().map(|r| r.equity.0).sum();
            let grant = o.equity_at_grant().0;
            let events = o.vesting.schedule().expect("schedule").events.len() as i64;
            prop_assert!((equity - grant).abs() <= events, "{equity} vs {grant}");
        }
    }

    #[test]
    fn a_comparison_keeps_each_offers_rows(a in offer(), b in offer(), years in 1u32..=6) {
        let mut b = b;
        b.name = "Q".into();
        let c = compare(&[a.clone(), b], years, &Scenario::Flat, None, &Rates::new()).expect("c");
        prop_assert_eq!(c.break_even.len(), 1);
        let own = project(&a, years, &Scenario::Flat).expect("rows");
        prop_assert_eq!(&c.offers[0].years, &own);
        let be = &c.break_even[0];
        if let Some(y) = be.year {
            prop_assert!(y >= 2 && y <= years);
        }
    }
}
