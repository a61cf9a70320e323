//! The [`Settings`] domain on PostgreSQL.

use async_trait::async_trait;
use sqlx::Row;

use super::PgStore;
use crate::{Result, Settings, UserId};

#[async_trait]
impl Settings for PgStore {
    async fn setting(&self, owner: UserId, key: &str) -> Result<Option<String>> {
        let mut tx = self.owned(owner).await?;
        let row = sqlx::query("SELECT value FROM settings WHERE owner_id = $1 AND key = $2")
            .bind(owner)
            .bind(key)
            .fetch_optional(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(row.map(|r| r.try_get(0)).transpose()?)
    }

    async fn set_setting(&self, owner: UserId, key: &str, value: Option<&str>) -> Result<()> {
        let mut tx = self.owned(owner).await?;
        match value {
            Some(v) => {
                sqlx::query(
                    "INSERT INTO settings (owner_id, key, value) VALUES ($1, $2, $3)
                     ON CONFLICT (owner_id, key) DO UPDATE SET value = excluded.value",
                )
                .bind(owner)
                .bind(key)
                .bind(v)
                .execute(&mut *tx)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM settings WHERE owner_id = $1 AND key = $2")
                    .bind(owner)
                    .bind(key)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }
}
