//! The [`Users`] domain on PostgreSQL.

use async_trait::async_trait;
use sqlx::Row;

use super::{PgStore, is_unique_violation};
use crate::{Result, StoreError, UserId, Users, now_ms};

#[async_trait]
impl Users for PgStore {
    async fn create_user(&self, name: &str) -> Result<UserId> {
        let row = sqlx::query(
            "INSERT INTO users (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING id",
        )
        .bind(name)
        .bind(now_ms())
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                StoreError::UserExists(name.to_string())
            } else {
                e.into()
            }
        })?;
        match row {
            Some(r) => Ok(r.try_get(0)?),
            None => Err(StoreError::UserExists(name.to_string())),
        }
    }
}
