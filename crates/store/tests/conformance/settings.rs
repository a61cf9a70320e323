//! The `Settings` domain: set, overwritten, cleared, and per owner.

use tpmprep_store::LOCAL_USER;

use crate::each_backend;

#[tokio::test]
async fn settings() {
    each_backend(async |s| {
        assert_eq!(
            s.setting(LOCAL_USER, "interview_date").await.expect("get"),
            None
        );
        s.set_setting(LOCAL_USER, "interview_date", Some("2026-12-15"))
            .await
            .expect("set");
        s.set_setting(LOCAL_USER, "interview_date", Some("2026-12-20"))
            .await
            .expect("overwrite");
        assert_eq!(
            s.setting(LOCAL_USER, "interview_date")
                .await
                .expect("get")
                .as_deref(),
            Some("2026-12-20")
        );
        let other = s.create_user("someone").await.expect("user");
        assert_eq!(s.setting(other, "interview_date").await.expect("get"), None);
        s.set_setting(LOCAL_USER, "interview_date", None)
            .await
            .expect("clear");
        assert_eq!(
            s.setting(LOCAL_USER, "interview_date").await.expect("get"),
            None
        );
    })
    .await;
}
