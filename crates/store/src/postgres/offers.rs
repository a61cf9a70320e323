//! The [`Offers`] domain on PostgreSQL: the same statements as `sqlite/offers.rs`, each in a
//! transaction acting for the owner (row-level security). A save locks the offer's row first
//! (`FOR UPDATE`), so saves of one offer take turns; two offers given one name at once are told
//! apart by the unique index (the second waits for the first, then is refused).

use async_trait::async_trait;
use sqlx::Row;

use super::PgStore;
use crate::offers::{
    LATEST_JOIN, OFFER_COLUMNS, check_offer, name_key, name_taken, offer_row, plan_update,
    revision_row, summary_row,
};
use crate::revisions::RevisionSave;
use crate::{
    NewOffer, OfferId, OfferRevision, OfferSummary, Offers, Result, StoreError, StoredOffer, UserId,
};

#[async_trait]
impl Offers for PgStore {
    async fn create_offer(&self, owner: UserId, new: &NewOffer<'_>, now: i64) -> Result<OfferId> {
        let c = check_offer(new)?;
        let mut tx = self.owned(owner).await?;
        let id: OfferId = sqlx::query(
            "INSERT INTO offers (owner_id, name, name_key, currency, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
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
             VALUES ($1, $2, 1, $3, $4, $5, $6)",
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
        let mut tx = self.owned(owner).await?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {OFFER_COLUMNS} FROM {LATEST_JOIN} WHERE o.id = $1 AND o.owner_id = $2"
        )))
        .bind(id)
        .bind(owner)
        .fetch_optional(&mut *tx)
        .await?;
        tx.commit().await?;
        offer_row(&row.ok_or(StoreError::OfferNotFound(id))?)
    }

    async fn offer_by_name(&self, owner: UserId, name: &str) -> Result<Option<StoredOffer>> {
        let mut tx = self.owned(owner).await?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {OFFER_COLUMNS} FROM {LATEST_JOIN} WHERE o.name_key = $1 AND o.owner_id = $2"
        )))
        .bind(name_key(name))
        .bind(owner)
        .fetch_optional(&mut *tx)
        .await?;
        tx.commit().await?;
        row.as_ref().map(offer_row).transpose()
    }

    async fn list_offers(&self, owner: UserId) -> Result<Vec<OfferSummary>> {
        let mut tx = self.owned(owner).await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {OFFER_COLUMNS} FROM {LATEST_JOIN} WHERE o.owner_id = $1
             ORDER BY o.created_at, o.id"
        )))
        .bind(owner)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter().map(summary_row).collect()
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
        let mut tx = self.owned(owner).await?;
        // The offer's row locked first: no other save of it can come between the read and the
        // write.
        sqlx::query("SELECT 1 FROM offers WHERE id = $1 AND owner_id = $2 FOR UPDATE")
            .bind(id)
            .bind(owner)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::OfferNotFound(id))?;
        let latest = sqlx::query(
            "SELECT rev, name, currency, body FROM offer_revisions
             WHERE offer_id = $1 AND owner_id = $2 ORDER BY rev DESC LIMIT 1",
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
            "UPDATE offers SET name = $1, name_key = $2, currency = $3, updated_at = $4
             WHERE id = $5 AND owner_id = $6",
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
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
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
        let mut tx = self.owned(owner).await?;
        let rows = sqlx::query(
            "SELECT rev, name, currency, body, saved_at FROM offer_revisions
             WHERE offer_id = $1 AND owner_id = $2 ORDER BY rev",
        )
        .bind(id)
        .bind(owner)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        let revisions = rows.iter().map(revision_row).collect::<Result<Vec<_>>>()?;
        if revisions.is_empty() {
            return Err(StoreError::OfferNotFound(id));
        }
        Ok(revisions)
    }

    async fn delete_offer(&self, owner: UserId, id: OfferId) -> Result<bool> {
        // The revisions go with it (ON DELETE CASCADE), in the same statement.
        let mut tx = self.owned(owner).await?;
        let n = sqlx::query("DELETE FROM offers WHERE id = $1 AND owner_id = $2")
            .bind(id)
            .bind(owner)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(n > 0)
    }
}
