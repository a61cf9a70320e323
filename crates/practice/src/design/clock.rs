//! A session's phased timer as a state machine: the front end reports the time it counted, the
//! candidate moves between phases or finishes, and the clock says what to announce. The time up in
//! a phase is announced once; the candidate may carry on in it.

use serde::{Deserialize, Serialize};

use super::plan::Setup;

/// The most seconds one phase can count (a day): a runaway or forged report cannot go further.
pub const MAX_PHASE_SECONDS: u32 = 24 * 3600;

/// The clock's state (stored whole as JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clock {
    /// The phase being worked on.
    pub current: usize,
    /// Seconds spent in each phase so far.
    pub spent: Vec<u32>,
    /// Whether each phase's time up has been announced.
    pub announced: Vec<bool>,
    /// Whether the whole planned time being up has been announced.
    pub all_over: bool,
    /// Finished: the clock takes no more time.
    pub finished: bool,
}

/// What happens to a clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// The front end counted `seconds` in total in `phase` so far (counts never go back; a report
    /// for a phase that is not the current one is ignored, as it comes from a page left behind).
    Tick {
        /// The phase the count is for.
        phase: usize,
        /// Seconds counted in it so far.
        seconds: u32,
    },
    /// On to the next phase.
    Advance,
    /// To any phase (back to add a thought, or ahead).
    GoTo(usize),
    /// The session ends.
    Finish,
}

/// What the candidate is told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Announcement {
    /// A phase's time is up; `next` is the phase that follows, if any.
    PhaseOver {
        /// The phase whose time is up.
        phase: usize,
        /// The next phase.
        next: Option<usize>,
    },
    /// The whole planned time is up.
    AllOver,
}

/// Why an event is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    /// The session is finished.
    #[error("the session is finished")]
    Finished,
    /// No such phase.
    #[error("there is no phase {0}")]
    NoPhase(usize),
    /// Advance from the last phase.
    #[error("this is the last phase; finish the session instead")]
    LastPhase,
}

/// The clock as the candidate sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct View {
    /// The current phase's index.
    pub phase: usize,
    /// Seconds spent in it.
    pub spent: u32,
    /// Seconds left of its budget; negative when over.
    pub remaining: i64,
    /// Seconds spent in all phases.
    pub total_spent: u32,
    /// The whole planned time.
    pub total_budget: u32,
    /// Whether the current phase is over its budget.
    pub over: bool,
}

impl Clock {
    /// A new clock for a plan: the first phase, nothing spent.
    pub fn new(setup: &Setup) -> Self {
        let n = setup.phases.len();
        Self {
            current: 0,
            spent: vec![0; n],
            announced: vec![false; n],
            all_over: false,
            finished: false,
        }
    }

    /// A stored clock made to fit its plan (a damaged or older JSON never panics later).
    pub fn fitted(mut self, setup: &Setup) -> Self {
        let n = setup.phases.len();
        self.spent.resize(n, 0);
        self.announced.resize(n, false);
        if self.current >= n {
            self.current = n.saturating_sub(1);
        }
        for s in &mut self.spent {
            *s = (*s).min(MAX_PHASE_SECONDS);
        }
        self
    }

    /// Applies an event; returns what to announce.
    pub fn apply(&mut self, setup: &Setup, event: Event) -> Result<Vec<Announcement>, ClockError> {
        if self.finished {
            return Err(ClockError::Finished);
        }
        let n = setup.phases.len();
        match event {
            Event::Tick { phase, seconds } => {
                if phase != self.current || phase >= n {
                    return Ok(Vec::new());
                }
                let s = seconds.min(MAX_PHASE_SECONDS);
                if s > self.spent[phase] {
                    self.spent[phase] = s;
                }
            }
            Event::Advance => {
                if self.current + 1 >= n {
                    return Err(ClockError::LastPhase);
                }
                self.current += 1;
            }
            Event::GoTo(i) => {
                if i >= n {
                    return Err(ClockError::NoPhase(i));
                }
                self.current = i;
            }
            Event::Finish => {
                self.finished = true;
                return Ok(Vec::new());
            }
        }
        Ok(self.announce(setup))
    }

    fn announce(&mut self, setup: &Setup) -> Vec<Announcement> {
        let mut out = Vec::new();
        let i = self.current;
        if let Some(phase) = setup.phases.get(i)
            && !self.announced[i]
            && self.spent[i] >= phase.seconds
        {
            self.announced[i] = true;
            out.push(Announcement::PhaseOver {
                phase: i,
                next: (i + 1 < setup.phases.len()).then_some(i + 1),
            });
        }
        if !self.all_over && self.total_spent() >= setup.total_seconds() {
            self.all_over = true;
            out.push(Announcement::AllOver);
        }
        out
    }

    /// Seconds spent in all phases.
    pub fn total_spent(&self) -> u32 {
        self.spent.iter().sum()
    }

    /// The clock as the candidate sees it.
    pub fn view(&self, setup: &Setup) -> View {
        let spent = self.spent.get(self.current).copied().unwrap_or(0);
        let budget = setup.phases.get(self.current).map_or(0, |p| p.seconds);
        View {
            phase: self.current,
            spent,
            remaining: i64::from(budget) - i64::from(spent),
            total_spent: self.total_spent(),
            total_budget: setup.total_seconds(),
            over: spent >= budget,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn setup() -> Setup {
        Setup::new(None, Some("Design a queue."), 1.0, None).expect("plan")
    }

    #[test]
    fn a_phase_over_its_time_is_announced_once_and_the_candidate_may_continue() {
        let s = setup();
        let mut c = Clock::new(&s);
        assert!(
            c.apply(
                &s,
                Event::Tick {
                    phase: 0,
                    seconds: 299
                }
            )
            .expect("valid")
            .is_empty()
        );
        let a = c
            .apply(
                &s,
                Event::Tick {
                    phase: 0,
                    seconds: 300,
                },
            )
            .expect("valid");
        assert_eq!(
            a,
            [Announcement::PhaseOver {
                phase: 0,
                next: Some(1)
            }]
        );
        assert!(
            c.apply(
                &s,
                Event::Tick {
                    phase: 0,
                    seconds: 400
                }
            )
            .expect("valid")
            .is_empty()
        );
        assert_eq!(c.current, 0, "time up does not move the candidate on");
        assert_eq!(c.view(&s).remaining, -100);
        assert!(c.view(&s).over);
        c.apply(&s, Event::Advance).expect("valid");
        assert_eq!(c.view(&s).phase, 1);
        assert_eq!(c.view(&s).remaining, 600);
    }

    #[test]
    fn counts_never_go_back_and_a_page_left_behind_changes_nothing() {
        let s = setup();
        let mut c = Clock::new(&s);
        c.apply(
            &s,
            Event::Tick {
                phase: 0,
                seconds: 120,
            },
        )
        .expect("valid");
        c.apply(
            &s,
            Event::Tick {
                phase: 0,
                seconds: 60,
            },
        )
        .expect("valid");
        assert_eq!(c.spent[0], 120);
        c.apply(&s, Event::Advance).expect("valid");
        c.apply(
            &s,
            Event::Tick {
                phase: 0,
                seconds: 900,
            },
        )
        .expect("valid");
        assert_eq!(c.spent[0], 120, "a tick for a phase left behind is ignored");
    }

    #[test]
    fn the_last_phase_and_the_whole_time_and_finishing() {
        let s = setup();
        let mut c = Clock::new(&s);
        c.apply(&s, Event::GoTo(4)).expect("valid");
        assert_eq!(c.apply(&s, Event::Advance), Err(ClockError::LastPhase));
        assert_eq!(c.apply(&s, Event::GoTo(5)), Err(ClockError::NoPhase(5)));
        let a = c
            .apply(
                &s,
                Event::Tick {
                    phase: 4,
                    seconds: 2700,
                },
            )
            .expect("valid");
        assert_eq!(
            a,
            [
                Announcement::PhaseOver {
                    phase: 4,
                    next: None
                },
                Announcement::AllOver
            ]
        );
        c.apply(&s, Event::Finish).expect("valid");
        assert_eq!(c.apply(&s, Event::Advance), Err(ClockError::Finished));
    }

    #[test]
    fn a_damaged_stored_clock_is_fitted_to_its_plan() {
        let s = setup();
        let c = Clock {
            current: 9,
            spent: vec![u32::MAX],
            announced: vec![],
            all_over: false,
            finished: false,
        }
        .fitted(&s);
        assert_eq!(c.current, 4);
        assert_eq!(c.spent, [MAX_PHASE_SECONDS, 0, 0, 0, 0]);
        let _ = c.view(&s);
    }

    fn event() -> impl Strategy<Value = Event> {
        prop_oneof![
            (0usize..6, 0u32..5000).prop_map(|(phase, seconds)| Event::Tick { phase, seconds }),
            Just(Event::Advance),
            (0usize..6).prop_map(Event::GoTo),
            Just(Event::Finish),
        ]
    }

    proptest! {
        #[test]
        fn spent_time_only_grows_and_each_phase_is_announced_at_most_once(
            events in proptest::collection::vec(event(), 0..60)
        ) {
            let s = setup();
            let mut c = Clock::new(&s);
            let mut announced = [0u32; 5];
            let mut all_over = 0;
            for e in events {
                let before = c.clone();
                match c.apply(&s, e) {
                    Ok(out) => {
                        for a in out {
                            match a {
                                Announcement::PhaseOver { phase, next } => {
                                    announced[phase] += 1;
                                    prop_assert!(c.spent[phase] >= s.phases[phase].seconds);
                                    prop_assert_eq!(next, (phase < 4).then_some(phase + 1));
                                }
                                Announcement::AllOver => all_over += 1,
                            }
                        }
                    }
                    Err(_) => prop_assert_eq!(&c, &before, "a refused event changes nothing"),
                }
                for (b, a) in before.spent.iter().zip(&c.spent) {
                    prop_assert!(a >= b);
                }
                prop_assert!(c.current < 5);
                if before.finished {
                    prop_assert_eq!(&c, &before);
                }
            }
            prop_assert!(announced.iter().all(|n| *n <= 1));
            prop_assert!(all_over <= 1);
        }
    }
}
