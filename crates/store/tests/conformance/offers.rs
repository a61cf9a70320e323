//! The `Offers` domain: offers created and listed oldest first; names unique per owner (trimmed,
//! any case), on create and on rename; every revision kept (the same content none, a stale save
//! refused whole); another owner's offers; values refused before anything is written; deleting with
//! every revision; backups, on each backend and from one to the other, and an older backup without
//! offers; row-level security on PostgreSQL.

use sqlx::Connection;
use tpmprep_store::prelude::*;
use tpmprep_store::test_support::{PgDatabase, pg_server};
use tpmprep_store::{
    Backup, LOCAL_USER, MAX_OFFER_BODY_CHARS, NewOffer, OfferId, PgStore, Store, StoreError, UserId,
};

use crate::{assert_same, each_backend, moves_between_backends};

/// A time well after any the store itself writes.
const T: i64 = 1_800_000_000_000;

const AMAZON: NewOffer<'static> = NewOffer {
    name: "Amazon L6",
    currency: "usd",
    body: r#"{"base": 210000, "sign_on": [75000, 50000], "rsu": {"units": 300, "vest": [5, 15, 40, 40]}}"#,
};

const STRIPE: NewOffer<'static> = NewOffer {
    name: "Stripe — Zürich",
    currency: "CHF",
    body: r#"{"base": 250000, "note": "ünïcödé & \"quotes\""}"#,
};

async fn create(s: &dyn Store, owner: UserId, new: &NewOffer<'_>, at: i64) -> OfferId {
    s.create_offer(owner, new, at).await.expect("create")
}

/// `(rev, name, currency, body, saved_at)` of every revision, oldest first.
async fn revisions(
    s: &dyn Store,
    owner: UserId,
    id: OfferId,
) -> Vec<(i64, String, String, String, i64)> {
    s.offer_revisions(owner, id)
        .await
        .expect("revisions")
        .into_iter()
        .map(|r| (r.rev, r.name, r.currency, r.body, r.saved_at))
        .collect()
}

fn taken(r: Result<impl std::fmt::Debug, StoreError>, name: &str) {
    match r {
        Err(e @ StoreError::OfferNameTaken(_)) => {
            assert!(
                matches!(&e, StoreError::OfferNameTaken(n) if n == name),
                "{e:?}"
            );
            assert!(e.to_string().contains(name), "{e}");
        }
        other => panic!("expected OfferNameTaken({name:?}), got {other:?}"),
    }
}

#[tokio::test]
async fn offers_are_created_listed_oldest_first_and_shown() {
    each_backend(async |s| {
        assert!(s.list_offers(LOCAL_USER).await.expect("list").is_empty());
        // Made out of id order: the list follows creation time, then id.
        let later = create(s, LOCAL_USER, &STRIPE, T + 10).await;
        let earlier = create(s, LOCAL_USER, &AMAZON, T).await;
        let tie = create(
            s,
            LOCAL_USER,
            &NewOffer {
                name: "  Meta E6\t",
                ..AMAZON
            },
            T + 10,
        )
        .await;
        let list = s.list_offers(LOCAL_USER).await.expect("list");
        assert_eq!(
            list.iter().map(|o| o.id).collect::<Vec<_>>(),
            [earlier, later, tie]
        );
        let first = &list[0];
        assert_eq!(
            (first.name.as_str(), first.currency.as_str(), first.rev),
            ("Amazon L6", "USD", 1)
        );
        assert_eq!((first.created_at, first.updated_at), (T, T));
        // Stored trimmed.
        assert_eq!(list[2].name, "Meta E6");

        let o = s.offer(LOCAL_USER, earlier).await.expect("read");
        assert_eq!(&o.summary, first);
        assert_eq!(o.body, AMAZON.body, "the body is kept as given");
        let o = s.offer(LOCAL_USER, later).await.expect("read");
        assert_eq!(
            (o.summary.name.as_str(), o.body.as_str()),
            (STRIPE.name, STRIPE.body)
        );

        let found = s
            .offer_by_name(LOCAL_USER, "  aMAZON l6 ")
            .await
            .expect("by name")
            .expect("found");
        assert_eq!(found.summary.id, earlier);
        assert_eq!(
            s.offer_by_name(LOCAL_USER, "stripe — zürich")
                .await
                .expect("by name")
                .map(|o| o.summary.id),
            Some(later)
        );
        assert_eq!(
            s.offer_by_name(LOCAL_USER, "Amazon L7")
                .await
                .expect("by name"),
            None
        );
        match s.offer(LOCAL_USER, 9_999).await {
            Err(StoreError::OfferNotFound(9_999)) => {}
            other => panic!("expected OfferNotFound: {other:?}"),
        }
        assert_eq!(
            revisions(s, LOCAL_USER, earlier).await,
            [(
                1,
                "Amazon L6".to_string(),
                "USD".to_string(),
                AMAZON.body.to_string(),
                T
            )],
            "revision 1 is the offer as created"
        );
    })
    .await;
}

#[tokio::test]
async fn a_name_is_taken_in_any_case_and_spacing() {
    each_backend(async |s| {
        let id = create(s, LOCAL_USER, &AMAZON, T).await;
        for name in ["Amazon L6", "amazon l6", "  AMAZON L6  "] {
            taken(
                s.create_offer(LOCAL_USER, &NewOffer { name, ..STRIPE }, T + 1)
                    .await,
                name.trim(),
            );
        }
        let list = s.list_offers(LOCAL_USER).await.expect("list");
        assert_eq!(list.len(), 1, "nothing was stored: {list:?}");
        assert_eq!(list[0].id, id);
        // Another account may use the name.
        let other = s.create_user("someone-else").await.expect("user");
        create(s, other, &AMAZON, T).await;
    })
    .await;
}

#[tokio::test]
async fn every_revision_is_kept_and_the_same_content_makes_none() {
    each_backend(async |s| {
        let id = create(s, LOCAL_USER, &AMAZON, T).await;
        // The same content (the name spaced, the currency in lower case as created): no revision.
        let same = NewOffer {
            name: " Amazon L6 ",
            currency: "USD",
            body: AMAZON.body,
        };
        assert_eq!(
            s.update_offer(LOCAL_USER, id, 1, &same, T + 5)
                .await
                .expect("same"),
            1
        );
        let raised = NewOffer {
            body: r#"{"base": 230000}"#,
            ..AMAZON
        };
        assert_eq!(
            s.update_offer(LOCAL_USER, id, 1, &raised, T + 10)
                .await
                .expect("raise"),
            2
        );
        // Renamed (a case change of its own name is a change) and repriced: revision 3.
        let renamed = NewOffer {
            name: "AMAZON L6 (Seattle)",
            currency: "eur",
            ..raised
        };
        assert_eq!(
            s.update_offer(LOCAL_USER, id, 2, &renamed, T + 20)
                .await
                .expect("rename"),
            3
        );
        assert_eq!(
            s.update_offer(LOCAL_USER, id, 3, &renamed, T + 30)
                .await
                .expect("same again"),
            3
        );
        let o = s.offer(LOCAL_USER, id).await.expect("read");
        assert_eq!(
            (
                o.summary.name.as_str(),
                o.summary.currency.as_str(),
                o.summary.rev,
                o.summary.created_at,
                o.summary.updated_at
            ),
            ("AMAZON L6 (Seattle)", "EUR", 3, T, T + 20)
        );
        assert_eq!(o.body, raised.body);
        let revs = revisions(s, LOCAL_USER, id).await;
        assert_eq!(
            revs.iter()
                .map(|r| (r.0, r.1.as_str(), r.2.as_str(), r.4))
                .collect::<Vec<_>>(),
            [
                (1, "Amazon L6", "USD", T),
                (2, "Amazon L6", "USD", T + 10),
                (3, "AMAZON L6 (Seattle)", "EUR", T + 20)
            ]
        );
        assert_eq!(revs[0].3, AMAZON.body, "revision 1 keeps its text");
        assert_eq!(revs[1].3, raised.body);
        // The new name finds it; the old one no longer does.
        assert!(
            s.offer_by_name(LOCAL_USER, "amazon l6")
                .await
                .expect("old")
                .is_none()
        );
        assert_eq!(
            s.offer_by_name(LOCAL_USER, "amazon l6 (seattle)")
                .await
                .expect("new")
                .map(|o| o.summary.id),
            Some(id)
        );
        // And its old name is free again.
        create(s, LOCAL_USER, &AMAZON, T + 40).await;
    })
    .await;
}

#[tokio::test]
async fn a_stale_save_and_a_rename_onto_a_taken_name_store_nothing() {
    each_backend(async |s| {
        let id = create(s, LOCAL_USER, &AMAZON, T).await;
        let stripe = create(s, LOCAL_USER, &STRIPE, T + 1).await;
        let first = NewOffer {
            body: r#"{"base": 1}"#,
            ..AMAZON
        };
        assert_eq!(
            s.update_offer(LOCAL_USER, id, 1, &first, T + 2)
                .await
                .expect("save"),
            2
        );
        let before = s.offer(LOCAL_USER, id).await.expect("read");
        let before_revs = revisions(s, LOCAL_USER, id).await;
        let second = NewOffer {
            body: r#"{"base": 2}"#,
            ..AMAZON
        };
        for base in [1, 3] {
            match s.update_offer(LOCAL_USER, id, base, &second, T + 3).await {
                Err(
                    e @ StoreError::OfferConflict {
                        id: got,
                        base_rev,
                        current_rev: 2,
                    },
                ) => {
                    assert_eq!((got, base_rev), (id, base));
                    assert!(e.to_string().contains("saved meanwhile"), "{e}");
                }
                other => panic!("base {base}: expected OfferConflict, got {other:?}"),
            }
        }
        // Onto the other offer's name, in another case: refused.
        taken(
            s.update_offer(
                LOCAL_USER,
                id,
                2,
                &NewOffer {
                    name: " stripe — ZÜRICH ",
                    ..second
                },
                T + 4,
            )
            .await,
            "stripe — ZÜRICH",
        );
        assert_eq!(s.offer(LOCAL_USER, id).await.expect("read"), before);
        assert_eq!(revisions(s, LOCAL_USER, id).await, before_revs);
        assert_eq!(
            s.offer(LOCAL_USER, stripe)
                .await
                .expect("other")
                .summary
                .rev,
            1
        );
        // The store still takes the save from the latest revision.
        assert_eq!(
            s.update_offer(LOCAL_USER, id, 2, &second, T + 5)
                .await
                .expect("save"),
            3
        );
    })
    .await;
}

#[tokio::test]
async fn another_owner_finds_no_offer() {
    each_backend(async |s| {
        let other = s.create_user("someone-else").await.expect("user");
        let id = create(s, LOCAL_USER, &AMAZON, T).await;
        let before = s.offer(LOCAL_USER, id).await.expect("read");
        let not_found = |r: Result<(), StoreError>, what: &str| match r {
            Err(StoreError::OfferNotFound(got)) => assert_eq!(got, id, "{what}"),
            other => panic!("{what}: expected OfferNotFound, got {other:?}"),
        };
        not_found(s.offer(other, id).await.map(drop), "offer");
        not_found(
            s.update_offer(other, id, 1, &STRIPE, T + 1).await.map(drop),
            "update_offer",
        );
        not_found(
            s.offer_revisions(other, id).await.map(drop),
            "offer_revisions",
        );
        assert_eq!(
            s.offer_by_name(other, AMAZON.name).await.expect("by name"),
            None
        );
        assert!(s.list_offers(other).await.expect("list").is_empty());
        assert!(
            !s.delete_offer(other, id).await.expect("delete"),
            "nothing of theirs to delete"
        );
        assert_eq!(
            s.offer(LOCAL_USER, id).await.expect("still mine"),
            before,
            "untouched"
        );
        assert_eq!(revisions(s, LOCAL_USER, id).await.len(), 1);
    })
    .await;
}

#[tokio::test]
async fn values_not_sound_are_refused_and_nothing_is_written() {
    each_backend(async |s| {
        let invalid = |r: Result<(), StoreError>, field: &str| match r {
            Err(StoreError::Invalid(m)) => assert!(m.contains(field), "{field}: {m}"),
            other => panic!("{field}: expected Invalid, got {other:?}"),
        };
        let long_name = "n".repeat(121);
        let long_body = "b".repeat(MAX_OFFER_BODY_CHARS + 1);
        let cases = [
            (
                NewOffer {
                    name: "   ",
                    ..AMAZON
                },
                "name",
            ),
            (
                NewOffer {
                    name: &long_name,
                    ..AMAZON
                },
                "name",
            ),
            (
                NewOffer {
                    currency: "US",
                    ..AMAZON
                },
                "currency",
            ),
            (
                NewOffer {
                    currency: "US1",
                    ..AMAZON
                },
                "currency",
            ),
            (
                NewOffer {
                    body: &long_body,
                    ..AMAZON
                },
                "body",
            ),
        ];
        for (new, field) in &cases {
            invalid(s.create_offer(LOCAL_USER, new, T).await.map(drop), field);
        }
        assert!(s.list_offers(LOCAL_USER).await.expect("list").is_empty());
        let id = create(s, LOCAL_USER, &AMAZON, T).await;
        for (new, field) in &cases {
            invalid(
                s.update_offer(LOCAL_USER, id, 1, new, T + 1)
                    .await
                    .map(drop),
                field,
            );
        }
        assert_eq!(revisions(s, LOCAL_USER, id).await.len(), 1);
        // Characters, not bytes: the longest body of two-byte letters fits, and so does a name
        // of 120 characters.
        let widest = "é".repeat(MAX_OFFER_BODY_CHARS);
        let longest = "ü".repeat(120);
        let fits = NewOffer {
            name: &longest,
            currency: "jpy",
            body: &widest,
        };
        assert_eq!(
            s.update_offer(LOCAL_USER, id, 1, &fits, T + 2)
                .await
                .expect("the longest"),
            2
        );
        let o = s.offer(LOCAL_USER, id).await.expect("read");
        assert_eq!(o.body.chars().count(), MAX_OFFER_BODY_CHARS);
        assert_eq!(o.summary.currency, "JPY");
    })
    .await;
}

#[tokio::test]
async fn deleting_an_offer_takes_its_revisions() {
    each_backend(async |s| {
        let id = create(s, LOCAL_USER, &AMAZON, T).await;
        let kept = create(s, LOCAL_USER, &STRIPE, T + 1).await;
        s.update_offer(
            LOCAL_USER,
            id,
            1,
            &NewOffer {
                body: "{}",
                ..AMAZON
            },
            T + 2,
        )
        .await
        .expect("save");
        assert!(s.delete_offer(LOCAL_USER, id).await.expect("delete"));
        assert!(!s.delete_offer(LOCAL_USER, id).await.expect("again"));
        match s.offer_revisions(LOCAL_USER, id).await {
            Err(StoreError::OfferNotFound(got)) => assert_eq!(got, id),
            other => panic!("expected OfferNotFound: {other:?}"),
        }
        assert_eq!(
            s.list_offers(LOCAL_USER)
                .await
                .expect("list")
                .iter()
                .map(|o| o.id)
                .collect::<Vec<_>>(),
            [kept]
        );
        assert_eq!(revisions(s, LOCAL_USER, kept).await.len(), 1);
        // Its name is free again.
        create(s, LOCAL_USER, &AMAZON, T + 3).await;
    })
    .await;
}

/// Two offers for `owner`: one with three revisions (renamed and repriced on the way), one as
/// created.
async fn fill(s: &dyn Store, owner: UserId) {
    let id = create(s, owner, &AMAZON, T).await;
    let raised = NewOffer {
        body: r#"{"base": 230000, "z": 1, "a": 2}"#,
        ..AMAZON
    };
    s.update_offer(owner, id, 1, &raised, T + 1_000)
        .await
        .expect("raise");
    let moved = NewOffer {
        name: "Amazon L6 (London)",
        currency: "gbp",
        ..raised
    };
    s.update_offer(owner, id, 2, &moved, T + 2_000)
        .await
        .expect("move");
    create(s, owner, &STRIPE, T + 3_000).await;
}

/// What [`fill`] gave, as its backup shows it.
fn assert_filled(b: &Backup) {
    let o = &b.offers;
    assert_eq!(o.len(), 2);
    assert_eq!(
        o[0].revisions
            .iter()
            .map(|r| (r.rev, r.name.as_str(), r.currency.as_str(), r.saved_at))
            .collect::<Vec<_>>(),
        [
            (1, "Amazon L6", "USD", T),
            (2, "Amazon L6", "USD", T + 1_000),
            (3, "Amazon L6 (London)", "GBP", T + 2_000)
        ]
    );
    assert_eq!(o[0].revisions[0].body, AMAZON.body);
    // The body is the app's text, its keys in the order written.
    assert_eq!(
        o[0].revisions[2].body,
        r#"{"base": 230000, "z": 1, "a": 2}"#
    );
    assert_eq!((o[0].created_at, o[0].updated_at), (T, T + 2_000));
    assert_eq!(o[1].revisions.len(), 1);
    assert_eq!(o[1].revisions[0].body, STRIPE.body);
}

#[tokio::test]
async fn offers_come_back_whole_from_a_backup() {
    each_backend(async |s| {
        fill(s, LOCAL_USER).await;
        let first = s.export_user(LOCAL_USER).await.expect("backup");
        assert_filled(&first);
        let text = serde_json::to_string_pretty(&first).expect("json");
        assert_eq!(Backup::from_json(&text).expect("read"), first);

        let other = s.create_user("restored").await.expect("user");
        s.import_user(other, &first).await.expect("restore");
        assert_same(&first, &s.export_user(other).await.expect("again"));
        // The restored offers are the account's own, with ids of this database, and take saves.
        let restored = s.list_offers(other).await.expect("list");
        let mine = s.list_offers(LOCAL_USER).await.expect("mine");
        assert_eq!(restored.len(), 2);
        assert!(restored.iter().all(|r| mine.iter().all(|m| m.id != r.id)));
        let london = &restored[0];
        assert_eq!(
            (london.name.as_str(), london.currency.as_str(), london.rev),
            ("Amazon L6 (London)", "GBP", 3)
        );
        assert_eq!(
            revisions(s, other, london.id).await,
            revisions(s, LOCAL_USER, mine[0].id).await
        );
        let moved = NewOffer {
            name: "Amazon L6 (London)",
            currency: "GBP",
            body: r#"{"base": 230000, "z": 1, "a": 2}"#,
        };
        assert_eq!(
            s.update_offer(other, london.id, 3, &moved, T + 9_000)
                .await
                .expect("the same content after the restore"),
            3
        );
        taken(s.create_offer(other, &STRIPE, T + 9_000).await, STRIPE.name);

        // An account holding an offer takes no restore.
        let holder = s.create_user("has-an-offer").await.expect("user");
        create(s, holder, &AMAZON, T).await;
        match s.import_user(holder, &first).await {
            Err(e @ StoreError::NotEmpty(_)) => {
                assert!(e.to_string().contains("holds 1 offer already"), "{e}")
            }
            other => panic!("expected NotEmpty: {other:?}"),
        }

        // A document that does not hold together writes nothing.
        let empty = s.create_user("still-empty").await.expect("user");
        let nothing = s.export_user(empty).await.expect("empty");
        let refused = async |b: &Backup, says: &str| {
            match s.import_user(empty, b).await {
                Err(StoreError::BadBackup(m)) => assert!(m.contains(says), "{says}: {m}"),
                other => panic!("{says}: expected BadBackup, got {other:?}"),
            }
            assert_same(&nothing, &s.export_user(empty).await.expect("after"));
        };
        let mut b = first.clone();
        b.offers[0].revisions.remove(1);
        refused(&b, "offer 1 of the backup").await;
        let mut b = first.clone();
        b.offers[1].revisions[0].name = "amazon l6 (LONDON)".into();
        refused(&b, "another offer has the same name").await;
        let mut b = first.clone();
        b.offers[1].revisions[0].currency = "Swiss francs".into();
        refused(&b, "offer 2 of the backup").await;

        // A backup written before offers were kept restores with none.
        let old = Backup::from_json(
            r#"{"format": "tpmprep.backup", "version": 1, "created_at": 5,
                "settings": {"interview_date": "2027-01-04"}, "stories": [], "mocks": []}"#,
        )
        .expect("read");
        let owner = s.create_user("old-backup").await.expect("user");
        s.import_user(owner, &old).await.expect("restore");
        assert!(s.list_offers(owner).await.expect("list").is_empty());
        assert_eq!(
            s.setting(owner, "interview_date").await.expect("setting"),
            Some("2027-01-04".into())
        );
    })
    .await;
}

/// SQLite → backup → PostgreSQL → backup gives the same document, and PostgreSQL → SQLite too.
#[tokio::test]
async fn offers_move_between_sqlite_and_postgresql_unchanged() {
    moves_between_backends(
        async |s: &dyn Store, owner: UserId| {
            fill(s, owner).await;
        },
        assert_filled,
    )
    .await;
}

/// On PostgreSQL, the offer tables are behind row-level security as every owned table is: a
/// transaction acting for one account sees and writes only its offers and revisions.
#[tokio::test]
async fn row_level_security_keeps_offers_to_their_account() {
    let Some(server) = pg_server() else { return };
    let db = PgDatabase::create(&server).await;
    let store = PgStore::open_url_with(&db.url, 2)
        .await
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", db.url));
    let ana = store.create_user("ana").await.expect("user");
    let bo = store.create_user("bo").await.expect("user");
    fill(&store, ana).await;
    fill(&store, bo).await;
    let bo_offer = store.list_offers(bo).await.expect("list")[0].id;

    let mut conn = sqlx::PgConnection::connect(&db.url).await.expect("connect");
    for table in ["offers", "offer_revisions"] {
        let guarded: bool = sqlx::query_scalar(
            "SELECT relrowsecurity AND relforcerowsecurity FROM pg_class
             WHERE relname = $1 AND relnamespace = 'public'::regnamespace",
        )
        .bind(table)
        .fetch_one(&mut conn)
        .await
        .expect("table");
        assert!(guarded, "{table} is without row-level security");
    }
    let counts = async |conn: &mut sqlx::PgConnection| {
        let mut out = Vec::new();
        for table in ["offers", "offer_revisions"] {
            let n: i64 =
                sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {table}")))
                    .fetch_one(&mut *conn)
                    .await
                    .expect("count");
            out.push(n);
        }
        out
    };
    assert_eq!(
        counts(&mut conn).await,
        [0, 0],
        "acting for no one: nothing"
    );
    let mut tx = conn.begin().await.expect("begin");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "SET LOCAL tpmprep.owner = '{ana}'"
    )))
    .execute(&mut *tx)
    .await
    .expect("set");
    assert_eq!(counts(&mut tx).await, [2, 4], "Ana's rows only");
    let touched = sqlx::query("UPDATE offer_revisions SET body = 'overwritten'")
        .execute(&mut *tx)
        .await
        .expect("update")
        .rows_affected();
    assert_eq!(touched, 4);
    let refused = sqlx::query(
        "INSERT INTO offer_revisions (owner_id, offer_id, rev, name, currency, body, saved_at)
         VALUES ($1, $2, 9, 'planted', 'USD', 'planted', 0)",
    )
    .bind(bo)
    .bind(bo_offer)
    .execute(&mut *tx)
    .await;
    assert!(refused.is_err(), "a row for another account is refused");
    drop(tx);
    let _ = conn.close().await;
    let bodies: Vec<String> = revisions(&store, bo, bo_offer)
        .await
        .into_iter()
        .map(|r| r.3)
        .collect();
    assert_eq!(bodies.len(), 3, "Bo's revisions: {bodies:?}");
    assert!(bodies.iter().all(|b| b != "overwritten" && b != "planted"));
    store.close().await;
}
