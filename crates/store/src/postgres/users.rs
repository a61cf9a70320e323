//! The [`Users`] and [`Sessions`] domains on PostgreSQL.

use async_trait::async_trait;
use sqlx::Row;

use super::PgStore;
use crate::users::{Account, Credentials, NewInvite, Role, Sessions};
use crate::{Result, StoreError, UserId, Users, now_ms};

fn account(row: &sqlx::postgres::PgRow) -> Result<Account> {
    let role: String = row.try_get("role")?;
    Ok(Account {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        role: Role::parse(&role)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown role `{role}`")))?,
        disabled_at: row.try_get("disabled_at")?,
        created_at: row.try_get("created_at")?,
    })
}

fn unique_to(e: sqlx::Error, name: &str) -> StoreError {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            StoreError::UserExists(name.to_string())
        }
        _ => e.into(),
    }
}

#[async_trait]
impl Users for PgStore {
    async fn create_user(&self, name: &str) -> Result<UserId> {
        let row = sqlx::query(
            "INSERT INTO users (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING id",
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

    async fn create_account(
        &self,
        email: &str,
        role: Role,
        password_hash: Option<&str>,
    ) -> Result<UserId> {
        let row = sqlx::query(
            "INSERT INTO users (name, email, role, password_hash, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(email)
        .bind(email)
        .bind(role.as_str())
        .bind(password_hash)
        .bind(now_ms())
        .fetch_one(&self.pool)
        .await
        .map_err(|e| unique_to(e, email))?;
        Ok(row.try_get(0)?)
    }

    async fn account(&self, id: UserId) -> Result<Option<Account>> {
        let row =
            sqlx::query("SELECT id, email, role, disabled_at, created_at FROM users WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        row.as_ref().map(account).transpose()
    }

    async fn credentials(&self, email: &str) -> Result<Option<Credentials>> {
        let row = sqlx::query(
            "SELECT id, email, role, disabled_at, created_at, password_hash FROM users WHERE email = $1",
        )
        .bind(email)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            None => Ok(None),
            Some(r) => Ok(Some(Credentials {
                account: account(&r)?,
                password_hash: r.try_get("password_hash")?,
            })),
        }
    }

    async fn accounts(&self) -> Result<Vec<Account>> {
        let rows = sqlx::query(
            "SELECT id, email, role, disabled_at, created_at FROM users WHERE email IS NOT NULL ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(account).collect()
    }

    async fn set_disabled(&self, id: UserId, disabled: bool, now: i64) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let n = sqlx::query(
            "UPDATE users SET disabled_at = CASE WHEN $1 THEN COALESCE(disabled_at, $2) END
             WHERE id = $3 AND email IS NOT NULL",
        )
        .bind(disabled)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::AccountNotFound(id));
        }
        if disabled {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn set_password_hash(&self, id: UserId, password_hash: &str) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let n =
            sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2 AND email IS NOT NULL")
                .bind(password_hash)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if n == 0 {
            return Err(StoreError::AccountNotFound(id));
        }
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

#[async_trait]
impl Sessions for PgStore {
    async fn create_session(
        &self,
        user: UserId,
        token_hash: &[u8],
        now: i64,
        expires_at: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(user)
        .bind(now)
        .bind(now)
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn session_user(
        &self,
        token_hash: &[u8],
        now: i64,
        idle_ms: i64,
    ) -> Result<Option<UserId>> {
        // One statement: a live session names its account, and is marked seen only when its mark
        // is old (an UPDATE that changes no row writes nothing, so most requests only read).
        let row = sqlx::query(
            "WITH live AS (
                 SELECT user_id FROM sessions
                 WHERE token_hash = $2 AND expires_at > $3 AND last_seen_at > $4
                   AND user_id IN (SELECT id FROM users WHERE disabled_at IS NULL)
             ), seen AS (
                 UPDATE sessions SET last_seen_at = $1
                 WHERE token_hash = $2 AND last_seen_at < $5 AND EXISTS (SELECT 1 FROM live)
             )
             SELECT user_id FROM live",
        )
        .bind(now)
        .bind(token_hash)
        .bind(now)
        .bind(now - idle_ms)
        .bind(now - idle_ms / crate::users::SEEN_EVERY)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(r) => Ok(Some(r.try_get(0)?)),
            None => {
                sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                    .bind(token_hash)
                    .execute(&self.pool)
                    .await?;
                Ok(None)
            }
        }
    }

    async fn end_session(&self, token_hash: &[u8]) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn end_sessions(&self, user: UserId) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn create_invite(&self, i: &NewInvite<'_>) -> Result<()> {
        sqlx::query(
            "INSERT INTO invites (token_hash, email, role, created_by, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(i.token_hash)
        .bind(i.email)
        .bind(i.role.as_str())
        .bind(i.created_by)
        .bind(i.now)
        .bind(i.expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn invite(&self, token_hash: &[u8], now: i64) -> Result<Option<(String, Role)>> {
        let row = sqlx::query(
            "SELECT email, role FROM invites
             WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let role: String = row.try_get("role")?;
        let role = Role::parse(&role)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown role `{role}`")))?;
        Ok(Some((row.try_get("email")?, role)))
    }

    async fn accept_invite(
        &self,
        token_hash: &[u8],
        now: i64,
        password_hash: &str,
    ) -> Result<UserId> {
        let mut tx = self.pool.begin().await?;
        // The guarded write first: it claims the invitation (once) and takes the write lock.
        let row = sqlx::query(
            "UPDATE invites SET used_at = $1
             WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $3
             RETURNING email, role",
        )
        .bind(now)
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::InviteInvalid)?;
        let email: String = row.try_get("email")?;
        let role: String = row.try_get("role")?;
        let id = sqlx::query(
            "INSERT INTO users (name, email, role, password_hash, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(&email)
        .bind(&email)
        .bind(&role)
        .bind(password_hash)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| unique_to(e, &email))?
        .try_get(0)?;
        tx.commit().await?;
        Ok(id)
    }

    async fn login_failures(&self, key: &str, since: i64) -> Result<i64> {
        let row = sqlx::query("SELECT COUNT(*) FROM login_failures WHERE key = $1 AND at >= $2")
            .bind(key)
            .bind(since)
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get(0)?)
    }

    async fn record_login_failure(&self, key: &str, now: i64, forget_before: i64) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM login_failures WHERE key = $1 AND at < $2")
            .bind(key)
            .bind(forget_before)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO login_failures (key, at) VALUES ($1, $2)")
            .bind(key)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn clear_login_failures(&self, key: &str) -> Result<()> {
        sqlx::query("DELETE FROM login_failures WHERE key = $1")
            .bind(key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
