//! Offers through the app layer on a real SQLite store: typed terms become exact offers with the
//! field named in every error, edits make revisions, comparisons and the brief use the candidate's
//! own story metrics.

use tpmprep_app::mock::Ctx;
use tpmprep_app::offers::{self, CompareOptions, OfferInput};
use tpmprep_content::Pack;
use tpmprep_critic::Critic;
use tpmprep_offer::Money;
use tpmprep_store::prelude::*;
use tpmprep_store::{LOCAL_USER, SqliteStore};
use tpmprep_stories::{Status, StoryContent};

async fn store() -> (SqliteStore, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let s = SqliteStore::open_path(&dir.path().join("t.db"))
        .await
        .expect("open");
    (s, dir)
}

fn input(name: &str, base: &str) -> OfferInput {
    OfferInput {
        name: Some(name.into()),
        base: Some(base.into()),
        ..OfferInput::default()
    }
}

fn ctx<'a>(store: &'a dyn Store, pack: &'a Pack, critic: &'a Critic) -> Ctx<'a> {
    Ctx {
        store,
        pack,
        critic,
        owner: LOCAL_USER,
    }
}

#[tokio::test]
async fn add_compare_edit_and_brief() {
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let critic = Critic::new(&pack);
    let (s, _d) = store().await;
    let c = ctx(&s, &pack, &critic);

    let amazon = offers::add(
        c,
        &OfferInput {
            sign_on: Some("30000,20000".into()),
            shares: Some("100".into()),
            price: Some("200".into()),
            vesting: Some("amazon".into()),
            raise: Some("3%".into()),
            ..input("Amazon L6", "150k")
        },
        1_000,
    )
    .await
    .expect("add");
    assert_eq!(amazon.rev, 1);
    assert_eq!(amazon.year_1, Money(18_100_000));
    let other = offers::add(
        c,
        &OfferInput {
            equity_value: Some("40000".into()),
            vesting: Some("even-cliff".into()),
            ..input("Other", "175,000")
        },
        2_000,
    )
    .await
    .expect("add other");

    // A duplicate name and a bad amount store nothing and name the field.
    let dup = offers::add(c, &input("amazon l6", "1"), 3_000).await;
    assert!(dup.is_err());
    let bad = offers::add(c, &input("Third", "lots"), 3_000)
        .await
        .expect_err("bad base");
    assert!(bad.to_string().starts_with("base:"), "{bad}");
    let bad = offers::add(
        c,
        &OfferInput {
            vesting: Some("10,20".into()),
            ..input("Third", "1")
        },
        3_000,
    )
    .await
    .expect_err("bad vesting");
    assert!(bad.to_string().contains("add up to 30%"), "{bad}");
    assert_eq!(offers::list(c).await.expect("list").len(), 2);

    let cmp = offers::compare(c, &CompareOptions::default())
        .await
        .expect("compare");
    assert_eq!(cmp.offers.len(), 2);
    assert_eq!(cmp.years, 4);
    assert_eq!(cmp.break_even.len(), 1);
    for o in &cmp.offers {
        let sum: i64 = o.years.iter().map(|y| y.total.0).sum();
        assert_eq!(o.years.last().map(|y| y.cumulative.0), Some(sum));
    }
    let grown = offers::compare(
        c,
        &CompareOptions {
            scenario: Some("20%".into()),
            ..CompareOptions::default()
        },
    )
    .await
    .expect("grown");
    assert!(grown.offers[0].years[3].equity > cmp.offers[0].years[3].equity);

    // Edit one field: a new revision, the rest kept.
    let edited = offers::edit(
        c,
        "Other",
        &OfferInput {
            bonus: Some("10k".into()),
            ..OfferInput::default()
        },
        None,
        4_000,
    )
    .await
    .expect("edit");
    assert_eq!(edited.rev, 2);
    assert_eq!(edited.offer.bonus, Money(1_000_000));
    assert_eq!(edited.offer.base, other.offer.base);
    let stale = offers::edit(
        c,
        "Other",
        &OfferInput {
            bonus: Some("1".into()),
            ..OfferInput::default()
        },
        Some(1),
        5_000,
    )
    .await;
    assert!(stale.is_err(), "a stale revision is refused");
    assert_eq!(offers::revisions(c, "other").await.expect("revs").len(), 2);

    // The brief quotes the best story's measured result.
    s.create_story(
        LOCAL_USER,
        &StoryContent {
            title: "Checkout latency".into(),
            status: Status::Ready,
            principles: vec!["ownership".into()],
            situation: "Checkout latency doubled after the holiday freeze.".into(),
            action: "I split the rollout into three waves and kept a rollback switch.".into(),
            result: "p99 fell from 900 ms to 300 ms in two weeks.".into(),
            ..StoryContent::default()
        },
    )
    .await
    .expect("story");
    let brief = offers::brief(c, "Amazon L6", None, &CompareOptions::default())
        .await
        .expect("brief");
    assert_eq!(brief.against.as_deref(), Some("Other"));
    assert!(
        brief.markdown.contains("Checkout latency"),
        "{}",
        brief.markdown
    );
    assert!(
        brief.markdown.contains("900 ms to 300 ms"),
        "{}",
        brief.markdown
    );

    assert_eq!(offers::remove(c, "other").await.expect("rm"), "Other");
    assert!(offers::get(c, "Other").await.is_err());
}

#[test]
fn equity_edits_keep_what_was_not_cleared() {
    let base = offers::parse(&OfferInput {
        shares: Some("100".into()),
        price: Some("200".into()),
        ..input("A", "150k")
    })
    .expect("offer");
    // A value with the shares side left empty (as a form sends it) sets the value.
    let v = offers::patch(
        &base,
        &OfferInput {
            equity_value: Some("40000".into()),
            shares: Some(String::new()),
            price: Some(String::new()),
            ..OfferInput::default()
        },
    )
    .expect("value");
    assert_eq!(v.equity_at_grant(), Money(4_000_000));
    // A new price alone keeps the shares; clearing the shares clears the grant.
    let p = offers::patch(
        &base,
        &OfferInput {
            price: Some("250".into()),
            ..OfferInput::default()
        },
    )
    .expect("price");
    assert_eq!(p.equity_at_grant(), Money(2_500_000));
    let none = offers::patch(
        &base,
        &OfferInput {
            shares: Some(String::new()),
            ..OfferInput::default()
        },
    )
    .expect("cleared");
    assert_eq!(none.equity_at_grant(), Money::ZERO);
    // A price with no shares anywhere names the shares.
    let e = offers::parse(&OfferInput {
        price: Some("200".into()),
        ..input("B", "1")
    })
    .expect_err("no shares");
    assert!(e.to_string().starts_with("shares:"), "{e}");
}

#[tokio::test]
async fn an_offer_without_equity_shows_no_vesting() {
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let critic = Critic::new(&pack);
    let (s, _d) = store().await;
    let c = ctx(&s, &pack, &critic);
    let cash = offers::add(c, &input("Cash only", "160000"), 1)
        .await
        .expect("add");
    assert_eq!(cash.vesting_label, "no equity to vest");
    let with = offers::add(
        c,
        &OfferInput {
            equity_value: Some("40000".into()),
            vesting: Some("even-cliff".into()),
            ..input("With equity", "150000")
        },
        2,
    )
    .await
    .expect("add");
    assert_ne!(with.vesting_label, "no equity to vest");
}
