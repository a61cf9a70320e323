//! Accounts and sign-in: the [`Users`] domain (accounts) and the [`Sessions`] domain (signed-in
//! browsers, one-time invitations, failed sign-ins). The store keeps only hashes: of passwords
//! (argon2id, computed by the caller) and of session and invitation tokens (SHA-256, computed by
//! the caller), so a copy of the database signs no one in.

use async_trait::async_trait;

use crate::Result;

/// An account id. The single local user of the embedded store is [`LOCAL_USER`].
pub type UserId = i64;
/// The local user every database has (local mode signs no one in and uses it).
pub const LOCAL_USER: UserId = 1;

/// What an account may do on a server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Practises: their own stories, mocks and plans.
    Candidate,
    /// Reads and comments on what candidates share with them; never edits.
    Coach,
    /// Invites and disables accounts.
    Admin,
}

impl Role {
    /// Its name as stored and shown: `candidate`, `coach`, `admin`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Candidate => "candidate",
            Role::Coach => "coach",
            Role::Admin => "admin",
        }
    }

    /// Reads a role name.
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "candidate" => Some(Role::Candidate),
            "coach" => Some(Role::Coach),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// An account as listed (never its password hash).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Account {
    /// Its id.
    pub id: UserId,
    /// The address it signs in with (`None` for the local user).
    pub email: Option<String>,
    /// Its role.
    pub role: Role,
    /// When it was disabled (unix ms), if it is.
    pub disabled_at: Option<i64>,
    /// When it was made (unix ms).
    pub created_at: i64,
}

/// What signing in checks: the account and its password hash.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// The account.
    pub account: Account,
    /// Its argon2id hash in PHC form (`None`: it has no password and cannot sign in).
    pub password_hash: Option<String>,
}

/// A new invitation.
#[derive(Debug, Clone)]
pub struct NewInvite<'a> {
    /// SHA-256 of the link's token.
    pub token_hash: &'a [u8],
    /// Whom it is for (lower case).
    pub email: &'a str,
    /// The role the account will have.
    pub role: Role,
    /// Who invited.
    pub created_by: UserId,
    /// Now (unix ms).
    pub now: i64,
    /// When the link stops working (unix ms).
    pub expires_at: i64,
}

/// Accounts. Every other domain's data belongs to one of them (its `owner_id`).
#[async_trait]
pub trait Users: Send + Sync {
    /// Creates an account by name only (no address, no password) and returns its id.
    async fn create_user(&self, name: &str) -> Result<UserId>;
    /// Creates an account that signs in with `email` (lower case; unique) and returns its id.
    async fn create_account(
        &self,
        email: &str,
        role: Role,
        password_hash: Option<&str>,
    ) -> Result<UserId>;
    /// The account with this id.
    async fn account(&self, id: UserId) -> Result<Option<Account>>;
    /// The account that signs in with `email` (lower case), with its password hash.
    async fn credentials(&self, email: &str) -> Result<Option<Credentials>>;
    /// Every account but the local user, oldest first.
    async fn accounts(&self) -> Result<Vec<Account>>;
    /// Disables an account (and ends its sessions) or enables it again.
    async fn set_disabled(&self, id: UserId, disabled: bool, now: i64) -> Result<()>;
    /// Sets an account's password hash and ends every session it has.
    async fn set_password_hash(&self, id: UserId, password_hash: &str) -> Result<()>;
}

/// A live session's last-seen time is written again once it is older than this fraction of the
/// idle limit: with a day's idle limit, at most every 22.5 minutes, however many requests come.
pub const SEEN_EVERY: i64 = 64;

/// Signed-in browsers, invitations and failed sign-ins: the state every app process shares.
#[async_trait]
pub trait Sessions: Send + Sync {
    /// Records a session for `user` under the hash of its token.
    async fn create_session(
        &self,
        user: UserId,
        token_hash: &[u8],
        now: i64,
        expires_at: i64,
    ) -> Result<()>;
    /// The account a session token's hash signs in, if the session is live: not past its absolute
    /// expiry, seen within `idle_ms`, and its account not disabled. A live session is marked seen
    /// now when it was last marked more than `idle_ms /` [`SEEN_EVERY`] ago (so reading a page is
    /// not a write each time, and a session idles out at most that much early); a dead one is
    /// deleted.
    async fn session_user(
        &self,
        token_hash: &[u8],
        now: i64,
        idle_ms: i64,
    ) -> Result<Option<UserId>>;
    /// Ends one session (signing out).
    async fn end_session(&self, token_hash: &[u8]) -> Result<()>;
    /// Ends every session of an account.
    async fn end_sessions(&self, user: UserId) -> Result<()>;
    /// Records an invitation.
    async fn create_invite(&self, invite: &NewInvite<'_>) -> Result<()>;
    /// The address and role a live invitation (unused, not expired) is for; `None` otherwise.
    async fn invite(&self, token_hash: &[u8], now: i64) -> Result<Option<(String, Role)>>;
    /// Uses an invitation once: creates its account with `password_hash` and returns its id, in one
    /// transaction. An unknown, used or expired invitation is [`crate::StoreError::InviteInvalid`].
    async fn accept_invite(
        &self,
        token_hash: &[u8],
        now: i64,
        password_hash: &str,
    ) -> Result<UserId>;
    /// How many failed sign-ins `key` has had since `since` (unix ms).
    async fn login_failures(&self, key: &str, since: i64) -> Result<i64>;
    /// Records a failed sign-in for `key` (and forgets failures older than `forget_before`).
    async fn record_login_failure(&self, key: &str, now: i64, forget_before: i64) -> Result<()>;
    /// Forgets the failed sign-ins of `key` (after a successful one).
    async fn clear_login_failures(&self, key: &str) -> Result<()>;
}
