//! Job offers: a name, a currency code and a document of terms (JSON the app writes and checks;
//! the store does not read it), kept with every revision.
//!
//! Revisions as a story's are kept: the offer as created is revision 1, and every save whose name,
//! currency or body differs from the latest adds the next one (no coalescing: each save is a
//! deliberate edit). The same content as the latest stores nothing, whatever revision the save
//! started from (nothing differs). A save started from an older revision than the latest is
//! refused with [`StoreError::OfferConflict`] naming both, and stores nothing. This is the shared
//! rule of `revisions.rs` with no typing window.
//!
//! Names are unique per owner, compared after trimming and case-insensitively (Unicode lower
//! case, computed here, so every backend compares alike); the name is stored trimmed and the
//! currency upper-cased.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use sqlx::{ColumnIndex, Decode, Row, Type};

use crate::revisions::{RevisionSave, plan_revision};
use crate::{Result, StoreError, UserId};

/// An offer's id.
pub type OfferId = i64;

/// Longest name stored, in characters (after trimming).
pub const MAX_OFFER_NAME_CHARS: usize = 120;
/// Longest body stored, in characters.
pub const MAX_OFFER_BODY_CHARS: usize = 50_000;

/// An offer to create, or an offer's content to save.
#[derive(Debug, Clone, Copy)]
pub struct NewOffer<'a> {
    /// Its name: 1 to [`MAX_OFFER_NAME_CHARS`] characters after trimming, one line; stored trimmed.
    pub name: &'a str,
    /// An ISO 4217-style code: three ASCII letters (stored upper-cased).
    pub currency: &'a str,
    /// The terms, as JSON the app writes: at most [`MAX_OFFER_BODY_CHARS`] characters, kept as
    /// given.
    pub body: &'a str,
}

/// An offer in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferSummary {
    /// Id.
    pub id: OfferId,
    /// Name (trimmed), as of the latest revision.
    pub name: String,
    /// Currency code (upper case), as of the latest revision.
    pub currency: String,
    /// The latest revision: 1, 2, 3 …
    pub rev: i64,
    /// Unix milliseconds.
    pub created_at: i64,
    /// Unix milliseconds of the latest revision.
    pub updated_at: i64,
}

/// An offer as stored, with its latest body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredOffer {
    /// Id, name, currency, revision and times.
    pub summary: OfferSummary,
    /// The latest body, as given.
    pub body: String,
}

/// One revision of an offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferRevision {
    /// 1, 2, 3 … (1 is the offer as created).
    pub rev: i64,
    /// Name.
    pub name: String,
    /// Currency code.
    pub currency: String,
    /// Body.
    pub body: String,
    /// Unix milliseconds when it was saved.
    pub saved_at: i64,
}

/// Job offers, with revisions.
#[async_trait]
pub trait Offers: Send + Sync {
    /// Creates an offer at `now` (unix ms) as its revision 1; returns its id. Names are unique per
    /// owner, compared case-insensitively after trimming: a second "Amazon L6" is refused with
    /// [`StoreError::OfferNameTaken`] and stores nothing. Values that are not sound:
    /// [`StoreError::Invalid`], naming the field.
    async fn create_offer(&self, owner: UserId, new: &NewOffer<'_>, now: i64) -> Result<OfferId>;

    /// One of the owner's offers with its latest body ([`StoreError::OfferNotFound`] when it is not
    /// theirs).
    async fn offer(&self, owner: UserId, id: OfferId) -> Result<StoredOffer>;

    /// The owner's offer of this name (compared case-insensitively after trimming), if any.
    async fn offer_by_name(&self, owner: UserId, name: &str) -> Result<Option<StoredOffer>>;

    /// The owner's offers, oldest first (creation order, then id).
    async fn list_offers(&self, owner: UserId) -> Result<Vec<OfferSummary>>;

    /// Saves a new revision (rev + 1) when name, currency or body differ from the latest; the same
    /// content stores nothing and returns the latest rev. A save whose `base_rev` is not the latest
    /// is refused with [`StoreError::OfferConflict`] and stores nothing. Renaming onto another
    /// offer's name: [`StoreError::OfferNameTaken`]. Returns the latest revision after the save.
    async fn update_offer(
        &self,
        owner: UserId,
        id: OfferId,
        base_rev: i64,
        new: &NewOffer<'_>,
        now: i64,
    ) -> Result<i64>;

    /// Every revision of the offer, oldest first (revision 1 is the offer as created).
    async fn offer_revisions(&self, owner: UserId, id: OfferId) -> Result<Vec<OfferRevision>>;

    /// Deletes an offer with its revisions: `true` when there was one of the owner's to delete,
    /// `false` otherwise (another owner's offer is not touched).
    async fn delete_offer(&self, owner: UserId, id: OfferId) -> Result<bool>;
}

/// An offer's values as stored: the name trimmed, its key for comparing names, the currency
/// upper-cased, the body as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Checked<'a> {
    pub name: &'a str,
    pub key: String,
    pub currency: String,
    pub body: &'a str,
}

/// The key names are compared by: trimmed, in lower case.
pub(crate) fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Checks an offer's values and gives them as they are stored.
pub(crate) fn check_offer<'a>(new: &NewOffer<'a>) -> Result<Checked<'a>> {
    let name = new.name.trim();
    if name.is_empty() {
        return Err(StoreError::Invalid("the offer name is empty".into()));
    }
    if name.chars().count() > MAX_OFFER_NAME_CHARS {
        return Err(StoreError::Invalid(format!(
            "the offer name is longer than {MAX_OFFER_NAME_CHARS} characters"
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(StoreError::Invalid(
            "the offer name holds control characters or line breaks".into(),
        ));
    }
    let currency = new.currency.trim();
    if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err(StoreError::Invalid(format!(
            "the currency {:?} is not a code of three letters (such as USD)",
            new.currency
        )));
    }
    if new.body.len() > MAX_OFFER_BODY_CHARS && new.body.chars().count() > MAX_OFFER_BODY_CHARS {
        return Err(StoreError::Invalid(format!(
            "the offer body is longer than {MAX_OFFER_BODY_CHARS} characters"
        )));
    }
    if new.body.contains('\0') {
        return Err(StoreError::Invalid(
            "the offer body holds a NUL character".into(),
        ));
    }
    Ok(Checked {
        name,
        key: name_key(name),
        currency: currency.to_ascii_uppercase(),
        body: new.body,
    })
}

/// The content a revision is compared by: name, currency and body as one text.
fn content(name: &str, currency: &str, body: &str) -> String {
    // Lengths first: no two different triples give the same text.
    format!("{}:{}:{name}{currency}{body}", name.len(), currency.len())
}

/// The rule of [`Offers::update_offer`]: `latest` is the latest revision as
/// `(rev, name, currency, body)`. `Keep(rev)` stores nothing, `Add(rev)` adds that revision.
pub(crate) fn plan_update(
    id: OfferId,
    latest: (i64, &str, &str, &str),
    base_rev: i64,
    new: &Checked<'_>,
) -> Result<RevisionSave> {
    let (rev, name, currency, body) = latest;
    let was = content(name, currency, body);
    let now = content(new.name, &new.currency, new.body);
    // No typing window: every change is a revision of its own.
    plan_revision(Some((rev, &was, 0)), base_rev, &now, 0, 0).map_err(|stale| {
        StoreError::OfferConflict {
            id,
            base_rev: stale.base_rev,
            current_rev: stale.current_rev,
        }
    })
}

/// The columns of an [`OfferSummary`] and the latest body, for a query over `offers o`.
pub(crate) const OFFER_COLUMNS: &str = "o.id, o.name, o.currency, o.created_at, o.updated_at, \
     r.rev, r.body";

/// The join of `offers o` with its latest revision `r`.
pub(crate) const LATEST_JOIN: &str = "offers o JOIN offer_revisions r \
     ON r.offer_id = o.id AND r.owner_id = o.owner_id \
     AND r.rev = (SELECT max(x.rev) FROM offer_revisions x \
                  WHERE x.offer_id = o.id AND x.owner_id = o.owner_id)";

/// An [`OfferSummary`] from a row of [`OFFER_COLUMNS`] (either backend's).
pub(crate) fn summary_row<R: Row>(row: &R) -> Result<OfferSummary>
where
    for<'a> &'a str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(OfferSummary {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        currency: row.try_get("currency")?,
        rev: row.try_get("rev")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// A [`StoredOffer`] from a row of [`OFFER_COLUMNS`] (either backend's).
pub(crate) fn offer_row<R: Row>(row: &R) -> Result<StoredOffer>
where
    for<'a> &'a str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(StoredOffer {
        summary: summary_row(row)?,
        body: row.try_get("body")?,
    })
}

/// An [`OfferRevision`] from a row of `rev, name, currency, body, saved_at` (either backend's).
pub(crate) fn revision_row<R: Row>(row: &R) -> Result<OfferRevision>
where
    for<'a> &'a str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(OfferRevision {
        rev: row.try_get("rev")?,
        name: row.try_get("name")?,
        currency: row.try_get("currency")?,
        body: row.try_get("body")?,
        saved_at: row.try_get("saved_at")?,
    })
}

/// `e` as [`StoreError::OfferNameTaken`] when it is the database refusing a second offer of the
/// same name, else as it is.
pub(crate) fn name_taken(e: sqlx::Error, name: &str) -> StoreError {
    match e {
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            StoreError::OfferNameTaken(name.to_string())
        }
        e => e.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NEW: NewOffer<'static> = NewOffer {
        name: "  Amazon L6 ",
        currency: "usd",
        body: r#"{"base": 200000}"#,
    };

    fn invalid(new: NewOffer<'_>, says: &str) {
        match check_offer(&new) {
            Err(StoreError::Invalid(m)) => assert!(m.contains(says), "{says}: {m}"),
            other => panic!("expected a refusal naming {says:?}: {other:?}"),
        }
    }

    #[test]
    fn values_are_checked_and_given_as_stored() {
        let c = check_offer(&NEW).expect("sound");
        assert_eq!(
            (c.name, c.key.as_str(), c.currency.as_str(), c.body),
            ("Amazon L6", "amazon l6", "USD", NEW.body)
        );
        invalid(
            NewOffer {
                name: " \t ",
                ..NEW
            },
            "name is empty",
        );
        let long = "n".repeat(MAX_OFFER_NAME_CHARS + 1);
        invalid(NewOffer { name: &long, ..NEW }, "name is longer than 120");
        // Characters, not bytes, and counted after trimming.
        let wide = format!("  {}  ", "é".repeat(MAX_OFFER_NAME_CHARS));
        check_offer(&NewOffer { name: &wide, ..NEW }).expect("fits");
        invalid(
            NewOffer {
                name: "two\nlines",
                ..NEW
            },
            "name holds control",
        );
        for currency in ["US", "USDX", "U5D", "", "€€€", "ÜSD"] {
            invalid(NewOffer { currency, ..NEW }, "currency");
        }
        let body = "b".repeat(MAX_OFFER_BODY_CHARS + 1);
        invalid(NewOffer { body: &body, ..NEW }, "body is longer than 50000");
        let body = "é".repeat(MAX_OFFER_BODY_CHARS);
        check_offer(&NewOffer { body: &body, ..NEW }).expect("the longest body");
        invalid(
            NewOffer {
                body: "a\0b",
                ..NEW
            },
            "body holds a NUL",
        );
    }

    #[test]
    fn names_compare_trimmed_and_in_any_case() {
        assert_eq!(name_key(" AMAZON l6\t"), name_key("amazon L6"));
        assert_eq!(name_key("ÉCOLE"), "école");
        assert_ne!(name_key("Amazon L6"), name_key("Amazon L7"));
    }

    #[test]
    fn a_save_adds_a_revision_keeps_the_same_content_or_is_refused() {
        let c = check_offer(&NEW).expect("sound");
        let latest = (2, "Amazon L6", "USD", NEW.body);
        assert_eq!(
            plan_update(7, latest, 2, &c).expect("same"),
            RevisionSave::Keep(2)
        );
        // The same content from an older revision is no conflict: nothing differs.
        assert_eq!(
            plan_update(7, latest, 1, &c).expect("same"),
            RevisionSave::Keep(2)
        );
        for changed in [
            ("Amazon L7", "USD", NEW.body),
            ("Amazon L6", "EUR", NEW.body),
            ("Amazon L6", "USD", "{}"),
        ] {
            let (name, currency, body) = changed;
            let c = check_offer(&NewOffer {
                name,
                currency,
                body,
            })
            .expect("sound");
            assert_eq!(
                plan_update(7, latest, 2, &c).expect("changed"),
                RevisionSave::Add(3),
                "{changed:?}"
            );
            match plan_update(7, latest, 1, &c) {
                Err(e @ StoreError::OfferConflict { .. }) => assert_eq!(
                    e.to_string(),
                    "offer 7 was saved meanwhile (revision 2; this edit started from 1)"
                ),
                other => panic!("{other:?}"),
            }
            assert!(matches!(
                plan_update(7, latest, 3, &c),
                Err(StoreError::OfferConflict {
                    base_rev: 3,
                    current_rev: 2,
                    ..
                })
            ));
        }
        // A name and currency that run into each other are still told apart.
        let c = check_offer(&NewOffer {
            name: "AB",
            currency: "CDE",
            body: "F",
        })
        .expect("sound");
        assert_eq!(
            plan_update(7, (1, "ABC", "DEF", ""), 1, &c).expect("changed"),
            RevisionSave::Add(2)
        );
    }
}
