//! The words the design report critic reads a whole written design by (`[lexicon.design_report]`):
//! cues for the criteria a design write-up is judged on that the answer lexicon does not already
//! hold, and the words that give a figure its meaning (users, actions, a rate, a size). Matched by
//! word stem, case-insensitively, on word boundaries; overlays add to them.

use serde::{Deserialize, Serialize};

/// The design report's word lists (see the module documentation).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ReportWords {
    /// Functional requirements: what users can do ("users can", "must support", "endpoint").
    pub functional: Vec<String>,
    /// Non-functional requirements: the qualities the system must hold ("p99", "availability").
    pub non_functional: Vec<String>,
    /// How data moves between the parts ("writes to", "reads from", "publishes").
    pub data_flow: Vec<String>,
    /// The data model ("schema", "partition key", "keyed by").
    pub data_model: Vec<String>,
    /// The parts of a system besides the design components ("api", "worker", "table"): a flow
    /// word beside one is data flow.
    pub parts: Vec<String>,
    /// A reason given for a choice ("because", "the deciding factor").
    pub reason: Vec<String>,
    /// Reasons that fit any choice ("more scalable", "industry standard"): a short reason made of
    /// one of these weighs nothing in particular.
    pub generic_reasons: Vec<String>,
    /// Security measures named ("encrypt", "least privilege", "signed url").
    pub security: Vec<String>,
    /// Money and what it is spent on ("cost per month", "cheaper", "reserved instances").
    pub cost: Vec<String>,
    /// Words that make a rate a peak rather than an average ("peak", "busiest hour").
    pub peak: Vec<String>,
    /// After a figure: the figure counts users ("daily active users", "customers").
    pub users: Vec<String>,
    /// Beside a user count or a total: it is per day ("daily", "a day").
    pub daily: Vec<String>,
    /// After a figure: the figure counts things users do ("requests", "searches", "orders").
    pub actions: Vec<String>,
    /// After a figure (and its noun): the figure is a rate per second ("qps", "a second").
    pub per_second: Vec<String>,
    /// After a figure: a size in bytes ("gb", "tb").
    pub storage: Vec<String>,
    /// Buzzwords of system design ("web-scale", "infinitely scalable"): a sentence of them with no
    /// number, no component and no choice earns nothing.
    pub buzzwords: Vec<String>,
}

impl ReportWords {
    /// Every list with its name, in declaration order.
    pub fn lists(&self) -> [(&'static str, &Vec<String>); 16] {
        [
            ("functional", &self.functional),
            ("non_functional", &self.non_functional),
            ("data_flow", &self.data_flow),
            ("data_model", &self.data_model),
            ("parts", &self.parts),
            ("reason", &self.reason),
            ("generic_reasons", &self.generic_reasons),
            ("security", &self.security),
            ("cost", &self.cost),
            ("peak", &self.peak),
            ("users", &self.users),
            ("daily", &self.daily),
            ("actions", &self.actions),
            ("per_second", &self.per_second),
            ("storage", &self.storage),
            ("buzzwords", &self.buzzwords),
        ]
    }

    pub(crate) fn lists_mut(&mut self) -> [&mut Vec<String>; 16] {
        [
            &mut self.functional,
            &mut self.non_functional,
            &mut self.data_flow,
            &mut self.data_model,
            &mut self.parts,
            &mut self.reason,
            &mut self.generic_reasons,
            &mut self.security,
            &mut self.cost,
            &mut self.peak,
            &mut self.users,
            &mut self.daily,
            &mut self.actions,
            &mut self.per_second,
            &mut self.storage,
            &mut self.buzzwords,
        ]
    }
}
