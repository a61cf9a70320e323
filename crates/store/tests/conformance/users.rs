//! The `Users` and `Sessions` domains: accounts with unique names and addresses, sessions that end
//! when they should, one-time invitations, and failed sign-ins counted by key.

use tpmprep_store::{LOCAL_USER, NewInvite, Role, StoreError};

use crate::each_backend;

#[tokio::test]
async fn account_names_are_unique() {
    each_backend(async |s| {
        let other = s.create_user("coach-client").await.expect("user");
        assert_ne!(other, LOCAL_USER);
        assert!(matches!(
            s.create_user("coach-client").await,
            Err(StoreError::UserExists(_))
        ));
    })
    .await;
}

#[tokio::test]
async fn an_account_signs_in_by_address_and_lists_without_its_hash() {
    each_backend(async |s| {
        let id = s
            .create_account("ana@example.com", Role::Candidate, Some("$argon2id$x"))
            .await
            .expect("account");
        assert!(matches!(
            s.create_account("ana@example.com", Role::Coach, None).await,
            Err(StoreError::UserExists(_))
        ));
        let c = s
            .credentials("ana@example.com")
            .await
            .expect("read")
            .expect("found");
        assert_eq!(c.account.id, id);
        assert_eq!(c.account.role, Role::Candidate);
        assert_eq!(c.password_hash.as_deref(), Some("$argon2id$x"));
        assert!(
            s.credentials("bo@example.com")
                .await
                .expect("read")
                .is_none()
        );
        let coach = s
            .create_account("coach@example.com", Role::Coach, None)
            .await
            .expect("coach");
        let all = s.accounts().await.expect("list");
        assert_eq!(
            all.iter().map(|a| a.id).collect::<Vec<_>>(),
            [id, coach],
            "the local user is not listed"
        );
        assert_eq!(
            s.account(coach).await.expect("read").map(|a| a.role),
            Some(Role::Coach)
        );
        assert!(s.account(9_999).await.expect("read").is_none());
    })
    .await;
}

#[tokio::test]
async fn a_session_lives_until_idle_absolute_expiry_sign_out_or_a_disabled_account() {
    each_backend(async |s| {
        let id = s
            .create_account("ana@example.com", Role::Candidate, Some("h"))
            .await
            .expect("account");
        let t0 = 1_000_000;
        let idle = 1_000;
        s.create_session(id, b"token-a", t0, t0 + 10_000)
            .await
            .expect("session");
        assert_eq!(
            s.session_user(b"token-a", t0 + 900, idle)
                .await
                .expect("read"),
            Some(id)
        );
        // Seen at t0 + 900: still live 900 ms later, though t0 + 1,800 is past t0 + idle.
        assert_eq!(
            s.session_user(b"token-a", t0 + 1_800, idle)
                .await
                .expect("read"),
            Some(id)
        );
        // Idle too long: gone, and gone for good.
        assert_eq!(
            s.session_user(b"token-a", t0 + 3_000, idle)
                .await
                .expect("read"),
            None
        );
        assert_eq!(
            s.session_user(b"token-a", t0 + 3_001, 1_000_000)
                .await
                .expect("read"),
            None
        );
        // Absolute expiry, however recently seen.
        s.create_session(id, b"token-b", t0, t0 + 2_000)
            .await
            .expect("session");
        assert_eq!(
            s.session_user(b"token-b", t0 + 900, idle)
                .await
                .expect("read"),
            Some(id)
        );
        assert_eq!(
            s.session_user(b"token-b", t0 + 1_800, idle)
                .await
                .expect("read"),
            Some(id)
        );
        assert_eq!(
            s.session_user(b"token-b", t0 + 2_000, idle)
                .await
                .expect("read"),
            None
        );
        // Signing out ends one session; a new password ends them all; so does disabling.
        s.create_session(id, b"token-c", t0, t0 + 10_000)
            .await
            .expect("session");
        s.create_session(id, b"token-d", t0, t0 + 10_000)
            .await
            .expect("session");
        s.end_session(b"token-c").await.expect("end");
        assert_eq!(
            s.session_user(b"token-c", t0 + 1, idle)
                .await
                .expect("read"),
            None
        );
        assert_eq!(
            s.session_user(b"token-d", t0 + 1, idle)
                .await
                .expect("read"),
            Some(id)
        );
        s.set_password_hash(id, "h2").await.expect("password");
        assert_eq!(
            s.session_user(b"token-d", t0 + 2, idle)
                .await
                .expect("read"),
            None
        );
        s.create_session(id, b"token-e", t0, t0 + 10_000)
            .await
            .expect("session");
        s.set_disabled(id, true, t0 + 3).await.expect("disable");
        assert_eq!(
            s.session_user(b"token-e", t0 + 4, idle)
                .await
                .expect("read"),
            None
        );
        let a = s.account(id).await.expect("read").expect("found");
        assert_eq!(a.disabled_at, Some(t0 + 3));
        // A session made while disabled does not sign in either; enabling again lets new ones.
        s.create_session(id, b"token-f", t0, t0 + 10_000)
            .await
            .expect("session");
        assert_eq!(
            s.session_user(b"token-f", t0 + 5, idle)
                .await
                .expect("read"),
            None
        );
        s.set_disabled(id, false, t0 + 6).await.expect("enable");
        s.create_session(id, b"token-g", t0, t0 + 10_000)
            .await
            .expect("session");
        assert_eq!(
            s.session_user(b"token-g", t0 + 7, idle)
                .await
                .expect("read"),
            Some(id)
        );
        assert!(matches!(
            s.set_disabled(9_999, true, t0).await,
            Err(StoreError::AccountNotFound(9_999))
        ));
        assert!(matches!(
            s.set_disabled(LOCAL_USER, true, t0).await,
            Err(StoreError::AccountNotFound(_))
        ));
    })
    .await;
}

#[tokio::test]
async fn an_invitation_makes_one_account_once_before_it_expires() {
    each_backend(async |s| {
        let admin = s
            .create_account("admin@example.com", Role::Admin, Some("h"))
            .await
            .expect("admin");
        let now = 5_000;
        let invite = |hash: &'static [u8], email: &'static str, expires_at: i64| NewInvite {
            token_hash: hash,
            email,
            role: Role::Coach,
            created_by: admin,
            now,
            expires_at,
        };
        s.create_invite(&invite(b"inv-1", "coach@example.com", now + 100))
            .await
            .expect("invite");
        assert_eq!(
            s.invite(b"inv-1", now + 50).await.expect("read"),
            Some(("coach@example.com".to_string(), Role::Coach))
        );
        assert_eq!(
            s.invite(b"inv-1", now + 100).await.expect("read"),
            None,
            "expired"
        );
        assert_eq!(s.invite(b"nope", now).await.expect("read"), None);
        let id = s
            .accept_invite(b"inv-1", now + 50, "ph")
            .await
            .expect("accept");
        let c = s
            .credentials("coach@example.com")
            .await
            .expect("read")
            .expect("made");
        assert_eq!((c.account.id, c.account.role), (id, Role::Coach));
        assert_eq!(c.password_hash.as_deref(), Some("ph"));
        // Once only.
        assert_eq!(
            s.invite(b"inv-1", now + 60).await.expect("read"),
            None,
            "used"
        );
        assert!(matches!(
            s.accept_invite(b"inv-1", now + 60, "ph").await,
            Err(StoreError::InviteInvalid)
        ));
        // Not after it expires, and not an unknown one.
        s.create_invite(&invite(b"inv-2", "late@example.com", now + 100))
            .await
            .expect("invite");
        assert!(matches!(
            s.accept_invite(b"inv-2", now + 100, "ph").await,
            Err(StoreError::InviteInvalid)
        ));
        assert!(matches!(
            s.accept_invite(b"nope", now, "ph").await,
            Err(StoreError::InviteInvalid)
        ));
        // An invitation for an address that has an account makes nothing and stays unused.
        s.create_invite(&invite(b"inv-3", "admin@example.com", now + 100))
            .await
            .expect("invite");
        assert!(matches!(
            s.accept_invite(b"inv-3", now + 1, "ph").await,
            Err(StoreError::UserExists(_))
        ));
        assert_eq!(s.accounts().await.expect("list").len(), 2);
    })
    .await;
}

#[tokio::test]
async fn failed_sign_ins_are_counted_by_key_within_the_window_and_cleared() {
    each_backend(async |s| {
        for at in [100, 200, 300] {
            s.record_login_failure("ana@example.com", at, 0)
                .await
                .expect("record");
        }
        s.record_login_failure("10.0.0.1", 300, 0)
            .await
            .expect("record");
        assert_eq!(
            s.login_failures("ana@example.com", 0).await.expect("count"),
            3
        );
        assert_eq!(
            s.login_failures("ana@example.com", 200)
                .await
                .expect("count"),
            2
        );
        assert_eq!(s.login_failures("10.0.0.1", 0).await.expect("count"), 1);
        // Old failures are forgotten as new ones come.
        s.record_login_failure("ana@example.com", 1_000, 250)
            .await
            .expect("record");
        assert_eq!(
            s.login_failures("ana@example.com", 0).await.expect("count"),
            2
        );
        s.clear_login_failures("ana@example.com")
            .await
            .expect("clear");
        assert_eq!(
            s.login_failures("ana@example.com", 0).await.expect("count"),
            0
        );
        assert_eq!(s.login_failures("10.0.0.1", 0).await.expect("count"), 1);
    })
    .await;
}

/// A request soon after the last mark reads the session without marking it seen again (reading a
/// page is not a write each time); one later than `idle / SEEN_EVERY` marks it.
#[tokio::test]
async fn a_session_is_marked_seen_only_when_its_mark_is_old() {
    each_backend(async |s| {
        let id = s
            .create_account("ana@example.com", Role::Candidate, Some("h"))
            .await
            .expect("account");
        let t0 = 1_000_000;
        let idle = 64_000; // marked again once the mark is 1,000 ms old
        s.create_session(id, b"token-a", t0, t0 + 1_000_000)
            .await
            .expect("session");
        let live = |at| s.session_user(b"token-a", at, idle);
        assert_eq!(live(t0 + 500).await.expect("read"), Some(id));
        // Not marked at t0 + 500: idle since t0.
        assert_eq!(live(t0 + 64_001).await.expect("read"), None);

        s.create_session(id, b"token-b", t0, t0 + 1_000_000)
            .await
            .expect("session");
        let live = |at| s.session_user(b"token-b", at, idle);
        assert_eq!(live(t0 + 1_500).await.expect("read"), Some(id));
        // Marked at t0 + 1,500: still live at t0 + 64,001.
        assert_eq!(live(t0 + 64_001).await.expect("read"), Some(id));
    })
    .await;
}
