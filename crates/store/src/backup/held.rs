//! What an account holds already, said in words when a restore is refused for it.

use std::fmt;

/// What an account holds already, when a restore is refused for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held {
    /// Stories, in the trash or not.
    pub stories: i64,
    /// Of which in the trash.
    pub trashed: i64,
    /// Mocks.
    pub mocks: i64,
    /// Design sessions.
    pub designs: i64,
    /// Writing attempts.
    pub writings: i64,
    /// Offers.
    pub offers: i64,
    /// Transcripts of spoken answers.
    pub transcripts: i64,
    /// Drill cards.
    pub drill_cards: i64,
    /// The study plan's overrides.
    pub plan_overrides: i64,
    /// Settings.
    pub settings: i64,
}

impl Held {
    /// Whether the account holds nothing a backup would restore.
    pub fn is_empty(&self) -> bool {
        self.stories == 0
            && self.mocks == 0
            && self.designs == 0
            && self.writings == 0
            && self.offers == 0
            && self.transcripts == 0
            && self.drill_cards == 0
            && self.plan_overrides == 0
            && self.settings == 0
    }
}

fn counted(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl fmt::Display for Held {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if self.stories > 0 {
            let mut s = counted(self.stories, "story", "stories");
            if self.trashed > 0 {
                s.push_str(&format!(" ({} in the trash)", self.trashed));
            }
            parts.push(s);
        }
        if self.mocks > 0 {
            parts.push(counted(self.mocks, "mock", "mocks"));
        }
        if self.designs > 0 {
            parts.push(counted(self.designs, "design session", "design sessions"));
        }
        if self.writings > 0 {
            parts.push(counted(
                self.writings,
                "writing attempt",
                "writing attempts",
            ));
        }
        if self.offers > 0 {
            parts.push(counted(self.offers, "offer", "offers"));
        }
        if self.transcripts > 0 {
            parts.push(counted(self.transcripts, "transcript", "transcripts"));
        }
        if self.drill_cards > 0 {
            parts.push(counted(self.drill_cards, "drill card", "drill cards"));
        }
        if self.plan_overrides > 0 {
            parts.push(counted(
                self.plan_overrides,
                "plan override",
                "plan overrides",
            ));
        }
        if self.settings > 0 {
            parts.push(counted(self.settings, "setting", "settings"));
        }
        match parts.as_slice() {
            [] => write!(f, "nothing"),
            [one] => write!(f, "{one}"),
            [init @ .., last] => write!(f, "{} and {last}", init.join(", ")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_an_account_holds_is_said_in_words() {
        let held = |stories, trashed, mocks, designs, settings| Held {
            stories,
            trashed,
            mocks,
            designs,
            writings: 0,
            offers: 0,
            transcripts: 0,
            drill_cards: 0,
            plan_overrides: 0,
            settings,
        };
        assert_eq!(held(0, 0, 0, 0, 0).to_string(), "nothing");
        assert!(held(0, 0, 0, 0, 0).is_empty());
        assert_eq!(held(1, 0, 0, 0, 0).to_string(), "1 story");
        assert_eq!(
            held(3, 1, 2, 0, 1).to_string(),
            "3 stories (1 in the trash), 2 mocks and 1 setting"
        );
        assert_eq!(held(0, 0, 1, 0, 2).to_string(), "1 mock and 2 settings");
        assert_eq!(
            held(0, 0, 1, 2, 0).to_string(),
            "1 mock and 2 design sessions"
        );
        assert!(!held(0, 0, 0, 0, 1).is_empty());
        assert!(!held(0, 0, 0, 1, 0).is_empty());
        let drilled = Held {
            drill_cards: 3,
            plan_overrides: 1,
            ..held(0, 0, 0, 0, 1)
        };
        assert!(!drilled.is_empty());
        assert_eq!(
            drilled.to_string(),
            "3 drill cards, 1 plan override and 1 setting"
        );
        assert!(
            !Held {
                plan_overrides: 1,
                ..held(0, 0, 0, 0, 0)
            }
            .is_empty()
        );
        let written = Held {
            writings: 2,
            ..held(0, 0, 0, 1, 0)
        };
        assert!(!written.is_empty());
        assert_eq!(
            written.to_string(),
            "1 design session and 2 writing attempts"
        );
        let offered = Held {
            offers: 1,
            ..held(0, 0, 0, 0, 0)
        };
        assert!(!offered.is_empty());
        assert_eq!(offered.to_string(), "1 offer");
        assert_eq!(
            Held {
                offers: 2,
                ..written
            }
            .to_string(),
            "1 design session, 2 writing attempts and 2 offers"
        );
        let spoken = Held {
            transcripts: 1,
            ..held(0, 0, 0, 0, 0)
        };
        assert!(!spoken.is_empty());
        assert_eq!(
            Held {
                offers: 2,
                transcripts: 3,
                ..spoken
            }
            .to_string(),
            "2 offers and 3 transcripts"
        );
    }
}
