//! The `Plans` domain: the study plan's overrides set (a second set of a key replaces the first),
//! listed by key, cleared one by one or all at once; another owner's are out of reach; values that
//! are not sound are refused and nothing is written.

use tpmprep_store::{LOCAL_USER, MAX_PLAN_KEY_CHARS, PlanOverride, Store, StoreError};

use crate::each_backend;

pub(crate) fn over(key: &str, action: &str, moved_to: Option<&str>, at: i64) -> PlanOverride {
    PlanOverride {
        key: key.into(),
        action: action.into(),
        moved_to: moved_to.map(str::to_string),
        updated_at: at,
    }
}

async fn keys(s: &dyn Store, owner: i64) -> Vec<(String, String, Option<String>)> {
    s.plan_overrides(owner)
        .await
        .expect("overrides")
        .into_iter()
        .map(|o| (o.key, o.action, o.moved_to))
        .collect()
}

#[tokio::test]
async fn overrides_are_set_replaced_listed_by_key_and_cleared() {
    each_backend(async |s| {
        assert!(s.plan_overrides(LOCAL_USER).await.expect("none").is_empty());
        let moved = over("w2/mock-1", "move", Some("2026-12-20"), 10);
        s.set_plan_override(LOCAL_USER, &moved).await.expect("set");
        s.set_plan_override(LOCAL_USER, &over("w1/story-ownership", "skip", None, 11))
            .await
            .expect("set");
        // Keys sort by their bytes on every backend: upper case before lower, then accents.
        s.set_plan_override(LOCAL_USER, &over("W0/Écrit", "done", None, 12))
            .await
            .expect("set");
        let all = s.plan_overrides(LOCAL_USER).await.expect("list");
        assert_eq!(
            all.iter().map(|o| o.key.as_str()).collect::<Vec<_>>(),
            ["W0/Écrit", "w1/story-ownership", "w2/mock-1"]
        );
        assert_eq!(all[2], moved, "read back as written");

        // The same key again replaces it: a moved task marked done loses its day.
        s.set_plan_override(LOCAL_USER, &over("w2/mock-1", "done", None, 20))
            .await
            .expect("replace");
        let all = s.plan_overrides(LOCAL_USER).await.expect("list");
        assert_eq!(all.len(), 3);
        assert_eq!(all[2], over("w2/mock-1", "done", None, 20));

        assert!(
            s.clear_plan_override(LOCAL_USER, "w2/mock-1")
                .await
                .expect("clear")
        );
        assert!(
            !s.clear_plan_override(LOCAL_USER, "w2/mock-1")
                .await
                .expect("clear again"),
            "gone already"
        );
        assert_eq!(
            keys(s, LOCAL_USER).await,
            [
                ("W0/Écrit".to_string(), "done".to_string(), None),
                ("w1/story-ownership".to_string(), "skip".to_string(), None)
            ]
        );
        assert_eq!(s.clear_plan_overrides(LOCAL_USER).await.expect("all"), 2);
        assert_eq!(s.clear_plan_overrides(LOCAL_USER).await.expect("none"), 0);
        assert!(keys(s, LOCAL_USER).await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn another_owner_neither_sees_nor_clears_the_overrides() {
    each_backend(async |s| {
        let other = s.create_user("someone-else").await.expect("user");
        s.set_plan_override(LOCAL_USER, &over("k", "skip", None, 1))
            .await
            .expect("mine");
        assert!(s.plan_overrides(other).await.expect("theirs").is_empty());
        assert!(
            !s.clear_plan_override(other, "k").await.expect("clear"),
            "not theirs to clear"
        );
        assert_eq!(s.clear_plan_overrides(other).await.expect("all"), 0);
        // The same key is theirs to set, separately.
        s.set_plan_override(other, &over("k", "done", None, 2))
            .await
            .expect("theirs");
        assert_eq!(
            keys(s, LOCAL_USER).await,
            [("k".to_string(), "skip".to_string(), None)]
        );
        assert_eq!(
            keys(s, other).await,
            [("k".to_string(), "done".to_string(), None)]
        );
    })
    .await;
}

#[tokio::test]
async fn unsound_overrides_are_refused_and_nothing_is_written() {
    each_backend(async |s| {
        s.set_plan_override(LOCAL_USER, &over("kept", "skip", None, 1))
            .await
            .expect("set");
        let long = "k".repeat(MAX_PLAN_KEY_CHARS + 1);
        for (o, says) in [
            (over(&long, "skip", None, 2), "longer than 200"),
            (over("", "skip", None, 2), "empty"),
            (over("two\nlines", "skip", None, 2), "control"),
            (over("kept", "postpone", None, 2), "not one of"),
            (over("kept", "move", None, 2), "needs the day"),
            (over("kept", "move", Some("2026-02-30"), 2), "YYYY-MM-DD"),
            (
                over("kept", "done", Some("2026-12-20"), 2),
                "only a moved task",
            ),
        ] {
            match s.set_plan_override(LOCAL_USER, &o).await {
                Err(StoreError::Invalid(m)) => assert!(m.contains(says), "{says}: {m}"),
                other => panic!("{says}: expected Invalid, got {other:?}"),
            }
        }
        assert!(matches!(
            s.clear_plan_override(LOCAL_USER, &long).await,
            Err(StoreError::Invalid(_))
        ));
        assert_eq!(
            s.plan_overrides(LOCAL_USER).await.expect("list"),
            [over("kept", "skip", None, 1)],
            "nothing was written"
        );
        // The longest key fits, in characters.
        let widest = "é".repeat(MAX_PLAN_KEY_CHARS);
        s.set_plan_override(LOCAL_USER, &over(&widest, "skip", None, 3))
            .await
            .expect("the longest key");
        assert_eq!(s.plan_overrides(LOCAL_USER).await.expect("list").len(), 2);
    })
    .await;
}
