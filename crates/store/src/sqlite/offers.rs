//! The [`Offers`] domain on SQLite: offers with every revision. The checks and the rule of a save
//! are `offers.rs`, shared by every backend; a write takes the write lock first
//! (`BEGIN IMMEDIATE`), so what it read is still so when it writes.

use async_trait::async_trait;
use sqlx::Row;

use super::SqliteStore;
use crate::offers::{
    LATEST_JOIN, OFFER_COLUMNS, check_offer, name_key, name_taken, offer_row, plan_update,
    revision_row, summary_row,
};
use crate::revisions::RevisionSave;
use crate::{
    NewOffer, OfferId, OfferRevision, OfferSummary, Offers, Result, StoreError, StoredOffer, UserId,
};

#[async_trait]
impl Offers for SqliteStore {
    async fn create_offer(&self, owner: UserId, new: &NewOffer<'_>, now: i64) -> Result<OfferId> {
        let c = check_offer(new)?;
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let id: OfferId = sqlx::query(
            "INSERT INTO offers (owner_id, name, name_key, currency, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(owner)
        .bind(c.name)
        .bind(&c.key)
        .bind(&c.currency)
        .bind(now)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| name_taken(e, c.name))?
        .try_get(0)?;
        sqlx::query(
            "INSERT INTO offer_revisions (owner_id, offer_id, rev, name, currency, body, saved_at)
             VALUES (?, ?, 1, ?, ?, ?, ?)",
        )
        .bind(owner)
        .bind(id)
        .bind(c.name)
        .bind(&c.currency)
        .bind(c.body)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn offer(&self, owner: UserId, id: OfferId) -> Result<StoredOffer> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {OFFER_COLUMNS} FROM {LATEST_JOIN} WHERE o.id = ? AND o.owner_id = ?"
        )))
        .bind(id)
        .bind(owner)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::OfferNotFound(id))?;
        offer_row(&row)
    }

    async fn offer_by_name(&self, owner: UserId, name: &str) -> Result<Option<StoredOffer>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {OFFER_COLUMNS} FROM {LATEST_JOIN} WHERE o.name_key = ? AND o.owner_id = ?"
        )))
        .bind(name_key(name))
        .bind(owner)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(offer_row)
        .transpose()
    }

    async fn list_offers(&self, owner: UserId) -> Result<Vec<OfferSummary>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {OFFER_COLUMNS} FROM {LATEST_JOIN} WHERE o.owner_id = ?
             ORDER BY o.created_at, o.id"
        )))
        .bind(owner)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(summary_row)
        .collect()
    }

    async fn update_offer(
        &self,
        owner: UserId,
        id: OfferId,
        base_rev: i64,
        new: &NewOffer<'_>,
        now: i64,
    ) -> Result<i64> {
        let c = check_offer(new)?;
        // The write lock first: no other save can come between the read and the write.
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let latest = sqlx::query(
            "SELECT rev, name, currency, body FROM offer_revisions
             WHERE offer_id = ? AND owner_id = ? ORDER BY rev DESC LIMIT 1",
        )
        .bind(id)
        .bind(owner)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::OfferNotFound(id))?;
        let (rev, name, currency, body): (i64, String, String, String) = (
            latest.try_get("rev")?,
            latest.try_get("name")?,
            latest.try_get("currency")?,
            latest.try_get("body")?,
        );
        let RevisionSave::Add(next) =
            plan_update(id, (rev, &name, &currency, &body), base_rev, &c)?
        else {
            return Ok(rev);
        };
        sqlx::query(
            "UPDATE offers SET name = ?, name_key = ?, currency = ?, updated_at = ?
             WHERE id = ? AND owner_id = ?",
        )
        .bind(c.name)
        .bind(&c.key)
        .bind(&c.currency)
        .bind(now)
        .bind(id)
        .bind(owner)
        .execute(&mut *tx)
        .await
        .map_err(|e| name_taken(e, c.name))?;
        sqlx::query(
            "INSERT INTO offer_revisions (owner_id, offer_id, rev, name, currency, body, saved_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(owner)
        .bind(id)
        .bind(next)
        .bind(c.name)
        .bind(&c.currency)
        .bind(c.body)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(next)
    }

    async fn offer_revisions(&self, owner: UserId, id: OfferId) -> Result<Vec<OfferRevision>> {
        // An offer always has revision 1: none at all is an offer that is not the owner's.
        let revisions = sqlx::query(
            "SELECT rev, name, currency, body, saved_at FROM offer_revisions
             WHERE offer_id = ? AND owner_id = ? ORDER BY rev",
        )
        .bind(id)
        .bind(owner)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(revision_row)
        .collect::<Result<Vec<_>>>()?;
        if revisions.is_empty() {
            return Err(StoreError::OfferNotFound(id));
        }
        Ok(revisions)
    }

    async fn delete_offer(&self, owner: UserId, id: OfferId) -> Result<bool> {
        // The revisions go with it (ON DELETE CASCADE), in the same statement.
        let n = sqlx::query("DELETE FROM offers WHERE id = ? AND owner_id = ?")
            .bind(id)
            .bind(owner)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(n > 0)
    }
}

#[cfg(test)]
mod tests {
    use sqlx::Row;

    use crate::{LOCAL_USER, NewOffer, Offers, SqliteStore, Store};

    #[tokio::test]
    async fn deleting_an_offer_leaves_no_revision_behind() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = SqliteStore::open_path(&dir.path().join("t.db"))
            .await
            .expect("open");
        let offer = |name| NewOffer {
            name,
            currency: "USD",
            body: "{}",
        };
        let id = store
            .create_offer(LOCAL_USER, &offer("Amazon L6"), 1)
            .await
            .expect("create");
        let kept = store
            .create_offer(LOCAL_USER, &offer("Stripe"), 1)
            .await
            .expect("create");
        for o in [id, kept] {
            let body = NewOffer {
                body: r#"{"base": 1}"#,
                ..offer(if o == id { "Amazon L6" } else { "Stripe" })
            };
            store
                .update_offer(LOCAL_USER, o, 1, &body, 2)
                .await
                .expect("save");
        }
        assert!(store.delete_offer(LOCAL_USER, id).await.expect("delete"));
        let row = sqlx::query(
            "SELECT (SELECT count(*) FROM offer_revisions WHERE offer_id = ?1),
                    (SELECT count(*) FROM offer_revisions WHERE offer_id = ?2)",
        )
        .bind(id)
        .bind(kept)
        .fetch_one(&store.pool)
        .await
        .expect("count");
        let counts: Vec<i64> = (0..2).map(|i| row.try_get(i).expect("count")).collect();
        assert_eq!(counts, [0, 2]);
        store.close().await;
    }
}
