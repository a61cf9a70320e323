//! The [`Plans`] domain on PostgreSQL: the same statements as `sqlite/plans.rs`, each in a
//! transaction acting for the owner (row-level security).

use async_trait::async_trait;

use super::PgStore;
use crate::plans::{check_override, check_plan_key, override_row};
use crate::{PlanOverride, Plans, Result, UserId};

#[async_trait]
impl Plans for PgStore {
    async fn plan_overrides(&self, owner: UserId) -> Result<Vec<PlanOverride>> {
        let mut tx = self.owned(owner).await?;
        // By key as Rust sorts it (byte order), not as the database's collation would.
        let rows = sqlx::query(
            "SELECT key, action, moved_to, updated_at FROM plan_overrides
             WHERE owner_id = $1 ORDER BY key COLLATE \"C\"",
        )
        .bind(owner)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter().map(override_row).collect()
    }

    async fn set_plan_override(&self, owner: UserId, o: &PlanOverride) -> Result<()> {
        check_override(o)?;
        let mut tx = self.owned(owner).await?;
        sqlx::query(
            "INSERT INTO plan_overrides (owner_id, key, action, moved_to, updated_at)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (owner_id, key) DO UPDATE SET action = excluded.action,
                 moved_to = excluded.moved_to, updated_at = excluded.updated_at",
        )
        .bind(owner)
        .bind(&o.key)
        .bind(&o.action)
        .bind(&o.moved_to)
        .bind(o.updated_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn clear_plan_override(&self, owner: UserId, key: &str) -> Result<bool> {
        check_plan_key(key)?;
        let mut tx = self.owned(owner).await?;
        let n = sqlx::query("DELETE FROM plan_overrides WHERE owner_id = $1 AND key = $2")
            .bind(owner)
            .bind(key)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(n > 0)
    }

    async fn clear_plan_overrides(&self, owner: UserId) -> Result<u64> {
        let mut tx = self.owned(owner).await?;
        let n = sqlx::query("DELETE FROM plan_overrides WHERE owner_id = $1")
            .bind(owner)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(n)
    }
}
