//! Per-owner settings (the interview date, …): the [`Settings`] domain.

use async_trait::async_trait;

use crate::{Result, UserId};

/// Settings: one optional text value per owner and key.
#[async_trait]
pub trait Settings: Send + Sync {
    /// A setting's value, if set.
    async fn setting(&self, owner: UserId, key: &str) -> Result<Option<String>>;
    /// Sets (or with `None` clears) a setting.
    async fn set_setting(&self, owner: UserId, key: &str, value: Option<&str>) -> Result<()>;
}
