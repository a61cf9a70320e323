//! The `Users` domain: a new account has an id of its own and a name no other account has.

use tpmprep_store::{LOCAL_USER, StoreError};

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
