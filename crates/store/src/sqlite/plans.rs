//! The [`Plans`] domain on SQLite: the plan's overrides, one row per task key. The checks are
//! `plans.rs`, shared by every backend.

use async_trait::async_trait;

use super::SqliteStore;
use crate::plans::{check_override, check_plan_key, override_row};
use crate::{PlanOverride, Plans, Result, UserId};

#[async_trait]
impl Plans for SqliteStore {
    async fn plan_overrides(&self, owner: UserId) -> Result<Vec<PlanOverride>> {
        sqlx::query(
            "SELECT key, action, moved_to, updated_at FROM plan_overrides
             WHERE owner_id = ? ORDER BY key",
        )
        .bind(owner)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(override_row)
        .collect()
    }

    async fn set_plan_override(&self, owner: UserId, o: &PlanOverride) -> Result<()> {
        check_override(o)?;
        sqlx::query(
            "INSERT INTO plan_overrides (owner_id, key, action, moved_to, updated_at)
             VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (owner_id, key) DO UPDATE SET action = excluded.action,
                 moved_to = excluded.moved_to, updated_at = excluded.updated_at",
        )
        .bind(owner)
        .bind(&o.key)
        .bind(&o.action)
        .bind(&o.moved_to)
        .bind(o.updated_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn clear_plan_override(&self, owner: UserId, key: &str) -> Result<bool> {
        check_plan_key(key)?;
        let n = sqlx::query("DELETE FROM plan_overrides WHERE owner_id = ? AND key = ?")
            .bind(owner)
            .bind(key)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(n > 0)
    }

    async fn clear_plan_overrides(&self, owner: UserId) -> Result<u64> {
        Ok(sqlx::query("DELETE FROM plan_overrides WHERE owner_id = ?")
            .bind(owner)
            .execute(&self.pool)
            .await?
            .rows_affected())
    }
}
