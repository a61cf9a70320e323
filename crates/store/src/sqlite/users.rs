//! The [`Users`] domain on SQLite.

use async_trait::async_trait;
use sqlx::Row;

use super::SqliteStore;
use crate::{Result, StoreError, UserId, Users, now_ms};

#[async_trait]
impl Users for SqliteStore {
    async fn create_user(&self, name: &str) -> Result<UserId> {
        let row = sqlx::query(
            "INSERT INTO users (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING RETURNING id",
        )
        .bind(name)
        .bind(now_ms())
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(r) => Ok(r.try_get(0)?),
            None => Err(StoreError::UserExists(name.to_string())),
        }
    }
}
