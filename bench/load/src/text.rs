//! What the simulated candidates type: STAR stories and interview answers made of plausible words,
//! each write carrying a unique marker so the check afterwards can find it in the database.

/// SplitMix64: small, seeded, good enough to pick words and think times.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9e37_79b9_7f4a_7c15)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return lo;
        }
        lo + self.next() % (hi - lo + 1)
    }

    /// One of `items` (not empty).
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        let i = self.range(0, items.len().saturating_sub(1) as u64) as usize;
        items[i.min(items.len() - 1)]
    }
}

pub const PRINCIPLES: [&str; 16] = [
    "customer-obsession",
    "ownership",
    "invent-and-simplify",
    "are-right-a-lot",
    "learn-and-be-curious",
    "hire-and-develop-the-best",
    "insist-on-the-highest-standards",
    "think-big",
    "bias-for-action",
    "frugality",
    "earn-trust",
    "dive-deep",
    "have-backbone-disagree-and-commit",
    "deliver-results",
    "strive-to-be-earths-best-employer",
    "success-and-scale-bring-broad-responsibility",
];

const NOUNS: [&str; 24] = [
    "program",
    "launch",
    "latency",
    "rollout",
    "migration",
    "dependency",
    "capacity",
    "escalation",
    "vendor",
    "budget",
    "metric",
    "risk",
    "partner",
    "outage",
    "schedule",
    "scope",
    "checkout",
    "inventory",
    "pipeline",
    "roadmap",
    "release",
    "backlog",
    "service",
    "dashboard",
];

const VERBS: [&str; 16] = [
    "negotiated",
    "planned",
    "cut",
    "escalated",
    "measured",
    "wrote",
    "rebuilt",
    "moved",
    "aligned",
    "decided",
    "traded",
    "tracked",
    "reviewed",
    "split",
    "delayed",
    "shipped",
];

const PEOPLE: [&str; 8] = [
    "the director",
    "our principal engineer",
    "the finance partner",
    "Priya",
    "the SRE lead",
    "the product manager",
    "Marcus",
    "the vendor's account lead",
];

/// A sentence of `n` words or so in the first person, past tense.
fn sentence(rng: &mut Rng, n: usize) -> String {
    let mut s = format!(
        "I {} the {} with {}",
        rng.pick(&VERBS),
        rng.pick(&NOUNS),
        rng.pick(&PEOPLE)
    );
    for _ in 0..n.saturating_sub(6) {
        s.push(' ');
        s.push_str(rng.pick(&NOUNS));
    }
    s.push('.');
    s
}

fn paragraph(rng: &mut Rng, words: usize) -> String {
    let mut out = String::new();
    let mut left = words;
    while left > 0 {
        let n = (rng.range(8, 16) as usize).min(left.max(6));
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&sentence(rng, n));
        left = left.saturating_sub(n);
    }
    out
}

/// A story's fields, as the editor's form sends them; the action carries `marker`.
pub struct Story {
    pub title: String,
    pub status: &'static str,
    pub principles: Vec<&'static str>,
    pub situation: String,
    pub task: String,
    pub action: String,
    pub result: String,
}

pub fn story(rng: &mut Rng, n: usize, marker: &str) -> Story {
    let mut principles = Vec::new();
    for _ in 0..rng.range(1, 3) {
        let p = rng.pick(&PRINCIPLES);
        if !principles.contains(&p) {
            principles.push(p);
        }
    }
    let before = rng.range(600, 900);
    let after = rng.range(150, 450);
    Story {
        title: format!("Story {n}: the {} {}", rng.pick(&NOUNS), rng.pick(&NOUNS)),
        status: if rng.range(0, 3) == 0 {
            "draft"
        } else {
            "ready"
        },
        principles,
        situation: paragraph(rng, 40),
        task: paragraph(rng, 20),
        action: format!(
            "{} Because {} disagreed, I chose the slower {} over the cheaper one and gave up a week \
             of {}. I filed the plan as {marker}.",
            paragraph(rng, 110),
            rng.pick(&PEOPLE),
            rng.pick(&NOUNS),
            rng.pick(&NOUNS)
        ),
        result: format!(
            "{} Latency fell from {before} ms to {after} ms and the {} shipped two weeks early.",
            paragraph(rng, 20),
            rng.pick(&NOUNS)
        ),
    }
}

impl Story {
    /// The story as the JSON API takes it.
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "title": self.title,
            "status": self.status,
            "principles": self.principles,
            "situation": self.situation,
            "task": self.task,
            "action": self.action,
            "result": self.result,
        })
    }

    /// The story as the editor's form sends it (with the revision it was based on).
    pub fn form(&self, base_rev: i64) -> Vec<(&'static str, String)> {
        let mut f = vec![
            ("base_rev", base_rev.to_string()),
            ("title", self.title.clone()),
            ("status", self.status.to_string()),
        ];
        for p in &self.principles {
            f.push(("principles", (*p).to_string()));
        }
        f.push(("situation", self.situation.clone()));
        f.push(("task", self.task.clone()));
        f.push(("action", self.action.clone()));
        f.push(("result", self.result.clone()));
        f
    }
}

/// An interview answer of about 150 words carrying `marker`.
pub fn answer(rng: &mut Rng, marker: &str) -> String {
    format!(
        "{} When {} pushed back, I decided to trade scope for the date and wrote down what it cost. \
         {} The result: errors fell from {}% to 1% in six weeks. Reference {marker}.",
        paragraph(rng, 60),
        rng.pick(&PEOPLE),
        paragraph(rng, 60),
        rng.range(3, 9)
    )
}
