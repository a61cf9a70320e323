//! Offers in a backup: each offer with every revision, named by its place in the document (no row
//! id). The latest revision gives the offer its name and currency; a body is kept as the text the
//! app wrote (not re-serialised), so a save after a restore compares it as before.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::bad;
use crate::offers::{Checked, check_offer};
use crate::{NewOffer, OfferId, Result, StoreError};

/// One offer with every revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupOffer {
    /// When it was made (unix ms).
    pub created_at: i64,
    /// Its latest revision's save (unix ms).
    pub updated_at: i64,
    /// Every revision, numbered from 1; the last is the offer as it stands (its name and
    /// currency are the offer's).
    pub revisions: Vec<BackupOfferRevision>,
}

/// One revision of an offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupOfferRevision {
    /// 1, 2, 3 …
    pub rev: i64,
    /// Name.
    pub name: String,
    /// Currency code.
    pub currency: String,
    /// The terms, as the app wrote them.
    pub body: String,
    /// When it was saved (unix ms).
    pub saved_at: i64,
}

/// An offer row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct OfferRow {
    pub id: OfferId,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A row of an offer's revisions.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct OfferRevisionRow {
    pub offer_id: OfferId,
    pub rev: i64,
    pub name: String,
    pub currency: String,
    pub body: String,
    pub saved_at: i64,
}

/// The offers as a backup holds them, in the order of `offers` (as they were made).
pub(crate) fn offers_out(
    offers: Vec<OfferRow>,
    revisions: Vec<OfferRevisionRow>,
) -> Vec<BackupOffer> {
    let mut revisions_of: HashMap<OfferId, Vec<BackupOfferRevision>> = HashMap::new();
    for r in revisions {
        revisions_of
            .entry(r.offer_id)
            .or_default()
            .push(BackupOfferRevision {
                rev: r.rev,
                name: r.name,
                currency: r.currency,
                body: r.body,
                saved_at: r.saved_at,
            });
    }
    offers
        .into_iter()
        .map(|o| {
            let mut revisions = revisions_of.remove(&o.id).unwrap_or_default();
            revisions.sort_by_key(|r| r.rev);
            BackupOffer {
                created_at: o.created_at,
                updated_at: o.updated_at,
                revisions,
            }
        })
        .collect()
}

impl BackupOfferRevision {
    /// The revision's values as the store keeps them (checked as every save checks them).
    pub(crate) fn checked(&self) -> Result<Checked<'_>> {
        check_offer(&NewOffer {
            name: &self.name,
            currency: &self.currency,
            body: &self.body,
        })
    }
}

impl BackupOffer {
    /// The latest revision's values as the store keeps them: the offer's own.
    pub(crate) fn latest(&self) -> Result<Checked<'_>> {
        self.revisions
            .last()
            .ok_or_else(|| bad("an offer of the backup has no revision"))?
            .checked()
    }
}

/// Checks the offers as every write checks them: each with revisions numbered 1, 2, 3 … in order,
/// each revision's values sound, and no two offers named alike (compared as names are).
pub(crate) fn check_offers(offers: &[BackupOffer]) -> Result<()> {
    let mut names = HashSet::new();
    for (i, o) in offers.iter().enumerate() {
        let title = o.revisions.last().map_or("", |r| r.name.as_str());
        let name = format!("offer {} of the backup ({title:?})", i + 1);
        if o.revisions.is_empty() {
            return Err(bad(format!("{name} has no revision")));
        }
        for (n, r) in o.revisions.iter().enumerate() {
            r.checked().map_err(|e| match e {
                StoreError::Invalid(m) => bad(format!("{name}, revision {}: {m}", r.rev)),
                other => other,
            })?;
            if r.rev != n as i64 + 1 {
                return Err(bad(format!(
                    "{name}: revision {} is listed where revision {} should be (revisions are \
                     numbered 1, 2, 3 … in order)",
                    r.rev,
                    n + 1
                )));
            }
        }
        if !names.insert(o.latest()?.key) {
            return Err(bad(format!("{name}: another offer has the same name")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Backup;

    fn offer(name: &str) -> BackupOffer {
        let revision = |rev: i64, body: &str| BackupOfferRevision {
            rev,
            name: name.into(),
            currency: "USD".into(),
            body: body.into(),
            saved_at: rev,
        };
        BackupOffer {
            created_at: 1,
            updated_at: 2,
            revisions: vec![revision(1, "{}"), revision(2, r#"{"base": 1}"#)],
        }
    }

    fn refused(offers: &[BackupOffer], says: &str) {
        match check_offers(offers) {
            Err(StoreError::BadBackup(m)) => assert!(m.contains(says), "{says}: {m}"),
            other => panic!("{says}: {other:?}"),
        }
    }

    #[test]
    fn offers_are_checked_whole() {
        check_offers(&[offer("Amazon L6"), offer("Stripe")]).expect("sound");
        refused(
            &[offer("Amazon L6"), offer(" amazon l6")],
            "offer 2 of the backup (\" amazon l6\"): another offer has the same name",
        );
        let mut o = offer("Amazon L6");
        o.revisions.remove(0);
        refused(&[o], "revision 2 is listed where revision 1 should be");
        let mut o = offer("Amazon L6");
        o.revisions.clear();
        refused(&[o], "offer 1 of the backup (\"\") has no revision");
        let mut o = offer("Amazon L6");
        o.revisions[0].currency = "dollars".into();
        refused(
            &[o],
            "offer 1 of the backup (\"Amazon L6\"), revision 1: the currency",
        );
    }

    #[test]
    fn a_document_without_offers_reads_as_none_and_none_are_left_out() {
        let empty = Backup::new(5);
        let text = serde_json::to_string(&empty).expect("json");
        assert!(!text.contains("offers"), "{text}");
        let read = Backup::from_json(
            r#"{"format": "tpmprep.backup", "version": 1, "created_at": 5, "settings": {},
                "stories": [], "mocks": [], "offers": []}"#,
        )
        .expect("offers, none");
        assert_eq!(read, empty);
        let mut with = Backup::new(5);
        with.offers.push(offer("Amazon L6"));
        let text = serde_json::to_string(&with).expect("json");
        assert_eq!(Backup::from_json(&text).expect("read"), with);
        with.check().expect("sound");
    }
}
