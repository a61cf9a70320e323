//! Accounts on a server: invitations, signing in and out, passwords, sessions, disabling.
//!
//! Passwords are hashed with argon2id at OWASP's parameters (19 MiB, 2 passes, 1 lane) and only
//! the hash is stored. A session or invitation token is 256 random bits, given to the browser or
//! printed in the link as 64 hex digits; the store keeps only its SHA-256. Failed sign-ins are
//! counted in the store, per account and per address, so the limit holds across every app process.
//! Times are the caller's (`now`, unix ms): this crate reads no clock.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use sha2::{Digest, Sha256};
use tpmprep_store::{Account, NewInvite, Role, Store, StoreError, UserId};

use crate::AppError;

/// How long an invitation link works.
pub const INVITE_MS: i64 = 7 * 24 * 3_600_000;
/// A session ends after this long without a request.
pub const IDLE_MS: i64 = 24 * 3_600_000;
/// A session ends this long after signing in, however busy.
pub const ABSOLUTE_MS: i64 = 30 * 24 * 3_600_000;
/// Failed sign-ins are counted over this window.
pub const FAILURE_WINDOW_MS: i64 = 15 * 60_000;
/// Failed sign-ins one account may have in the window before it must wait.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
/// Failed sign-ins one address may have in the window (many accounts tried from one place).
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
/// Shortest password accepted (OWASP: at least 8; a passphrase is encouraged).
pub const MIN_PASSWORD: usize = 10;
/// Longest password accepted (argon2 takes any length; this bounds the work per request).
pub const MAX_PASSWORD: usize = 256;

/// Why signing in failed. The message never says whether the address has an account.
#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// Wrong address or password (or a disabled account).
    #[error("that address and password do not match an account")]
    Mismatch,
    /// Too many failures: wait this many seconds.
    #[error("too many failed sign-ins; try again in {0} minutes")]
    TooMany(i64),
    /// Something else failed.
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<StoreError> for SignInError {
    fn from(e: StoreError) -> Self {
        SignInError::App(AppError::Store(e))
    }
}

/// A new random token: what the browser or the link carries (hex) and what the store keeps.
pub struct Token {
    /// 64 hex digits.
    pub text: String,
    /// Its SHA-256.
    pub hash: [u8; 32],
}

impl Token {
    /// 256 fresh random bits.
    pub fn generate() -> Token {
        let bytes: [u8; 32] = rand::random();
        let text: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Token {
            hash: token_hash(&text),
            text,
        }
    }
}

/// The SHA-256 of a token as given (whatever its shape: a wrong token simply matches nothing).
pub fn token_hash(text: &str) -> [u8; 32] {
    Sha256::digest(text.trim().as_bytes()).into()
}

fn argon2() -> Argon2<'static> {
    // OWASP's first choice for argon2id: m = 19 MiB, t = 2, p = 1.
    let params = Params::new(19_456, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// The argon2id hash of a password, in PHC form, with a fresh salt.
pub fn hash_password(password: &str) -> Result<String, AppError> {
    let salt_bytes: [u8; 16] = rand::random();
    let salt = SaltString::encode_b64(&salt_bytes)
        .map_err(|e| AppError::Invalid(format!("cannot make a salt: {e}")))?;
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Invalid(format!("cannot hash the password: {e}")))
}

/// Whether `password` matches a stored PHC hash (a damaged hash matches nothing).
pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| argon2().verify_password(password.as_bytes(), &h).is_ok())
}

/// A password a person chose, checked: long enough, not absurdly long.
pub fn check_password(password: &str) -> Result<(), AppError> {
    let n = password.chars().count();
    if n < MIN_PASSWORD {
        return Err(AppError::Invalid(format!(
            "the password is {n} characters; use at least {MIN_PASSWORD} (a few words make a good one)"
        )));
    }
    if n > MAX_PASSWORD {
        return Err(AppError::Invalid(format!(
            "the password is {n} characters; use at most {MAX_PASSWORD}"
        )));
    }
    Ok(())
}

/// An e-mail address, checked loosely (one `@`, something either side, no spaces) and lower-cased.
pub fn normalise_email(email: &str) -> Result<String, AppError> {
    let e = email.trim().to_lowercase();
    let ok = e.len() <= 254
        && !e.chars().any(char::is_whitespace)
        && e.split_once('@')
            .is_some_and(|(a, b)| !a.is_empty() && b.contains('.') && !b.contains('@'));
    if ok {
        Ok(e)
    } else {
        Err(AppError::Invalid(format!(
            "`{}` is not an e-mail address",
            email.trim()
        )))
    }
}

/// Invites `email` in `role`: returns the token the one-time link carries. An address that has an
/// account already is refused.
pub async fn invite(
    store: &dyn Store,
    by: UserId,
    email: &str,
    role: Role,
    now: i64,
) -> Result<Token, AppError> {
    let email = normalise_email(email)?;
    if store.credentials(&email).await?.is_some() {
        return Err(StoreError::UserExists(email).into());
    }
    let token = Token::generate();
    store
        .create_invite(&NewInvite {
            token_hash: &token.hash,
            email: &email,
            role,
            created_by: by,
            now,
            expires_at: now + INVITE_MS,
        })
        .await?;
    Ok(token)
}

/// Makes the invited account with its first password and signs it in: the session token.
pub async fn accept_invite(
    store: &dyn Store,
    invite_token: &str,
    password: &str,
    now: i64,
) -> Result<(UserId, Token), AppError> {
    check_password(password)?;
    let hash = hash_password(password)?;
    let id = store
        .accept_invite(&token_hash(invite_token), now, &hash)
        .await?;
    let session = Token::generate();
    store
        .create_session(id, &session.hash, now, now + ABSOLUTE_MS)
        .await?;
    Ok((id, session))
}

/// Makes the first admin account of a server (or any account, from the command line) with a
/// password.
pub async fn create_account(
    store: &dyn Store,
    email: &str,
    role: Role,
    password: &str,
) -> Result<UserId, AppError> {
    let email = normalise_email(email)?;
    check_password(password)?;
    let hash = hash_password(password)?;
    Ok(store.create_account(&email, role, Some(&hash)).await?)
}

/// Signs in: the session token. `address` is where the request came from (for the per-address
/// limit). A wrong password and an unknown or disabled account fail the same way and take about as
/// long.
pub async fn sign_in(
    store: &dyn Store,
    email: &str,
    password: &str,
    address: &str,
    now: i64,
) -> Result<(Account, Token), SignInError> {
    let email = email.trim().to_lowercase();
    let since = now - FAILURE_WINDOW_MS;
    let account_key = format!("account:{email}");
    let address_key = format!("address:{address}");
    let by_account = store.login_failures(&account_key, since).await?;
    let by_address = store.login_failures(&address_key, since).await?;
    if by_account >= MAX_FAILURES_PER_ACCOUNT || by_address >= MAX_FAILURES_PER_ADDRESS {
        return Err(SignInError::TooMany(FAILURE_WINDOW_MS / 60_000));
    }
    let creds = store.credentials(&email).await?;
    let ok = match creds
        .as_ref()
        .filter(|c| c.account.disabled_at.is_none())
        .and_then(|c| c.password_hash.as_deref())
    {
        Some(hash) => verify_password(hash, password),
        None => {
            // The same work as a real check, so timing does not tell who has an account.
            let _ = verify_password(DUMMY_HASH, password);
            false
        }
    };
    match (ok, creds) {
        (true, Some(c)) => {
            store.clear_login_failures(&account_key).await?;
            let token = Token::generate();
            store
                .create_session(c.account.id, &token.hash, now, now + ABSOLUTE_MS)
                .await?;
            Ok((c.account, token))
        }
        _ => {
            store.record_login_failure(&account_key, now, since).await?;
            store.record_login_failure(&address_key, now, since).await?;
            Err(SignInError::Mismatch)
        }
    }
}

/// The argon2id hash of a password nobody has, checked when an address has no account.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3Nq2vZcW0Vg1m0q9yqf0Sx7c9gkqkJ9lV3L8G2jvEJk";

/// The account a browser's session token signs in, if the session is live.
pub async fn session_account(
    store: &dyn Store,
    token: &str,
    now: i64,
) -> Result<Option<Account>, AppError> {
    let Some(id) = store.session_user(&token_hash(token), now, IDLE_MS).await? else {
        return Ok(None);
    };
    Ok(store.account(id).await?)
}

/// Signs one browser out.
pub async fn sign_out(store: &dyn Store, token: &str) -> Result<(), AppError> {
    Ok(store.end_session(&token_hash(token)).await?)
}

/// Changes a password (the old one must match) and ends every session of the account; returns a
/// new session for the browser that asked.
pub async fn change_password(
    store: &dyn Store,
    user: UserId,
    old: &str,
    new: &str,
    now: i64,
) -> Result<Token, AppError> {
    let account = store
        .account(user)
        .await?
        .ok_or(StoreError::AccountNotFound(user))?;
    let email = account.email.unwrap_or_default();
    let hash = store
        .credentials(&email)
        .await?
        .and_then(|c| c.password_hash)
        .unwrap_or_default();
    if !verify_password(&hash, old) {
        return Err(AppError::Invalid(
            "the current password is not right".to_string(),
        ));
    }
    check_password(new)?;
    store.set_password_hash(user, &hash_password(new)?).await?;
    let token = Token::generate();
    store
        .create_session(user, &token.hash, now, now + ABSOLUTE_MS)
        .await?;
    Ok(token)
}

/// Disables an account (its sessions end at once) or enables it again, by address.
pub async fn set_disabled(
    store: &dyn Store,
    email: &str,
    disabled: bool,
    now: i64,
) -> Result<Account, AppError> {
    let email = normalise_email(email)?;
    let c = store
        .credentials(&email)
        .await?
        .ok_or_else(|| AppError::Invalid(format!("no account signs in as {email}")))?;
    store.set_disabled(c.account.id, disabled, now).await?;
    Ok(store
        .account(c.account.id)
        .await?
        .ok_or(StoreError::AccountNotFound(c.account.id))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_at_owasp_cost_and_verify() {
        let h = hash_password("correct horse battery").expect("hash");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify_password(&h, "correct horse battery"));
        assert!(!verify_password(&h, "correct horse batterY"));
        assert!(!verify_password("not a hash", "x"));
        // A fresh salt each time.
        assert_ne!(h, hash_password("correct horse battery").expect("hash"));
        // The dummy hash parses, so an unknown account costs a real check.
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }

    #[test]
    fn tokens_are_256_bits_and_only_their_hash_is_kept() {
        let a = Token::generate();
        let b = Token::generate();
        assert_eq!(a.text.len(), 64);
        assert!(a.text.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a.text, b.text);
        assert_eq!(a.hash, token_hash(&a.text));
        assert_ne!(a.hash[..], a.text.as_bytes()[..32]);
    }

    #[test]
    fn addresses_and_passwords_are_checked() {
        assert_eq!(
            normalise_email("  Ana@Example.COM ").expect("ok"),
            "ana@example.com"
        );
        for bad in [
            "",
            "ana",
            "@example.com",
            "ana@",
            "ana@example",
            "a b@example.com",
        ] {
            assert!(normalise_email(bad).is_err(), "{bad}");
        }
        assert!(check_password("short").is_err());
        assert!(check_password("long enough pass").is_ok());
        assert!(check_password(&"x".repeat(MAX_PASSWORD + 1)).is_err());
    }
}
