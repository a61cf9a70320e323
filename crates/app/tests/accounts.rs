//! Signing in on a real (SQLite) store: invitations, the limit on failed sign-ins per account and per
//! address, sessions that end on sign-out, a new password or a disabled account.

use tpmprep_app::AppError;
use tpmprep_app::accounts::{
    self, FAILURE_WINDOW_MS, IDLE_MS, MAX_FAILURES_PER_ACCOUNT, SignInError,
};
use tpmprep_store::{Role, SqliteStore, Store, StoreError};

async fn store() -> (SqliteStore, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let s = SqliteStore::open_path(&dir.path().join("t.db"))
        .await
        .expect("open");
    (s, dir)
}

#[tokio::test]
async fn an_invited_coach_sets_a_password_signs_in_and_out() {
    let (s, _d) = store().await;
    let admin = accounts::create_account(&s, "Admin@Example.com", Role::Admin, "admin passphrase")
        .await
        .expect("admin");
    let now = 1_000_000;
    let link = accounts::invite(&s, admin, "coach@example.com", Role::Coach, now)
        .await
        .expect("invite");
    // Inviting an address that has an account is refused.
    assert!(matches!(
        accounts::invite(&s, admin, "admin@example.com", Role::Coach, now).await,
        Err(AppError::Store(StoreError::UserExists(_)))
    ));
    // A short password is refused and the invitation stays usable.
    assert!(
        accounts::accept_invite(&s, &link.text, "short", now)
            .await
            .is_err()
    );
    let (coach, session) = accounts::accept_invite(&s, &link.text, "coach passphrase", now + 1)
        .await
        .expect("accept");
    let who = accounts::session_account(&s, &session.text, now + 2)
        .await
        .expect("read")
        .expect("signed in");
    assert_eq!((who.id, who.role), (coach, Role::Coach));
    // The link works once.
    assert!(
        accounts::accept_invite(&s, &link.text, "coach passphrase", now + 3)
            .await
            .is_err()
    );
    let (_, web) = accounts::sign_in(
        &s,
        "COACH@example.com ",
        "coach passphrase",
        "10.0.0.9",
        now + 4,
    )
    .await
    .expect("sign in");
    accounts::sign_out(&s, &web.text).await.expect("out");
    assert!(
        accounts::session_account(&s, &web.text, now + 5)
            .await
            .expect("read")
            .is_none()
    );
    // The first session is untouched by the second's sign-out, and dies when idle too long.
    assert!(
        accounts::session_account(&s, &session.text, now + 6)
            .await
            .expect("read")
            .is_some()
    );
    assert!(
        accounts::session_account(&s, &session.text, now + 7 + IDLE_MS)
            .await
            .expect("read")
            .is_none()
    );
}

#[tokio::test]
async fn failed_sign_ins_are_limited_per_account_and_the_limit_passes() {
    let (s, _d) = store().await;
    accounts::create_account(&s, "ana@example.com", Role::Candidate, "ana passphrase")
        .await
        .expect("account");
    let now = 10_000_000;
    for i in 0..MAX_FAILURES_PER_ACCOUNT {
        assert!(matches!(
            accounts::sign_in(&s, "ana@example.com", "wrong guess!", "10.0.0.1", now + i).await,
            Err(SignInError::Mismatch)
        ));
    }
    // Now even the right password waits: the limit is on the account, from any address.
    assert!(matches!(
        accounts::sign_in(
            &s,
            "ana@example.com",
            "ana passphrase",
            "10.0.0.2",
            now + 10
        )
        .await,
        Err(SignInError::TooMany(_))
    ));
    // After the window it works, and success clears the count.
    let later = now + FAILURE_WINDOW_MS + 10;
    accounts::sign_in(&s, "ana@example.com", "ana passphrase", "10.0.0.2", later)
        .await
        .expect("after the window");
    // An unknown address fails just like a wrong password.
    assert!(matches!(
        accounts::sign_in(&s, "nobody@example.com", "whatever long", "10.0.0.3", later).await,
        Err(SignInError::Mismatch)
    ));
}

#[tokio::test]
async fn a_new_password_or_a_disabled_account_ends_every_session() {
    let (s, _d) = store().await;
    let id = accounts::create_account(&s, "ana@example.com", Role::Candidate, "ana passphrase")
        .await
        .expect("account");
    let now = 50_000_000;
    let (_, a) = accounts::sign_in(&s, "ana@example.com", "ana passphrase", "x", now)
        .await
        .expect("in");
    let (_, b) = accounts::sign_in(&s, "ana@example.com", "ana passphrase", "y", now)
        .await
        .expect("in");
    assert!(
        accounts::change_password(&s, id, "not it at all", "new passphrase", now)
            .await
            .is_err()
    );
    let c = accounts::change_password(&s, id, "ana passphrase", "new passphrase", now + 1)
        .await
        .expect("change");
    for old in [&a, &b] {
        assert!(
            accounts::session_account(&s, &old.text, now + 2)
                .await
                .expect("read")
                .is_none()
        );
    }
    assert!(
        accounts::session_account(&s, &c.text, now + 2)
            .await
            .expect("read")
            .is_some()
    );
    assert!(matches!(
        accounts::sign_in(&s, "ana@example.com", "ana passphrase", "x", now + 3).await,
        Err(SignInError::Mismatch)
    ));
    let disabled = accounts::set_disabled(&s, "ana@example.com", true, now + 4)
        .await
        .expect("disable");
    assert!(disabled.disabled_at.is_some());
    assert!(
        accounts::session_account(&s, &c.text, now + 5)
            .await
            .expect("read")
            .is_none()
    );
    assert!(matches!(
        accounts::sign_in(&s, "ana@example.com", "new passphrase", "x", now + 6).await,
        Err(SignInError::Mismatch)
    ));
    s.close().await;
}
