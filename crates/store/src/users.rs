//! Accounts: the [`Users`] domain.

use async_trait::async_trait;

use crate::Result;

/// An account id. The single local user of the embedded store is [`LOCAL_USER`].
pub type UserId = i64;
/// The local user every embedded database has.
pub const LOCAL_USER: UserId = 1;

/// Accounts. Every other domain's data belongs to one of them (its `owner_id`).
#[async_trait]
pub trait Users: Send + Sync {
    /// Creates an account and returns its id (server mode; the embedded store has [`LOCAL_USER`]).
    async fn create_user(&self, name: &str) -> Result<UserId>;
}
