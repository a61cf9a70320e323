//! Fuzz target: any bytes that are UTF-8 become a written design, read with and without a pack
//! prompt. The design report must not panic, its scores must be in range, and every span it returns
//! must lie inside the text on char boundaries, each quote exactly the text it spans.
//!
//! Run (from crates/critic/fuzz):
//!   RUSTC_BOOTSTRAP=1 cargo fuzz run design_report -- -max_total_time=300
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tpmprep_content::Pack;
use tpmprep_critic::Critic;

fn pack() -> &'static Pack {
    static PACK: OnceLock<Pack> = OnceLock::new();
    PACK.get_or_init(|| tpmprep_content::embedded_pack().expect("embedded pack"))
}

fn critic() -> &'static Critic {
    static CRITIC: OnceLock<Critic> = OnceLock::new();
    CRITIC.get_or_init(|| Critic::new(pack()))
}

fn slice(text: &str, start: usize, end: usize) -> &str {
    assert!(start <= end && end <= text.len());
    assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
    &text[start..end]
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let prompt = pack().prompts.get(data.len() % pack().prompts.len().max(1));
    for p in [None, prompt] {
        let r = critic().design_report(text, p);
        assert!(r.overall <= 100);
        let o = &r.objectives;
        for s in [&o.practicality, &o.accuracy, &o.efficiency, &o.reliability, &o.optimization, &o.scalability] {
            assert!(s.score <= 10);
        }
        for c in &r.criteria {
            assert_eq!(slice(text, c.start, c.end), c.quote);
        }
        for f in &r.findings {
            assert_eq!(slice(text, f.start, f.end), f.quote);
        }
        let n = &r.numbers;
        for fig in n.users.iter().chain(&n.actions_per_user).chain(&n.per_day).chain(&n.storage_bytes).chain(n.qps.iter().map(|q| &q.figure)) {
            assert_eq!(slice(text, fig.start, fig.end), fig.written);
            assert!(fig.value.is_finite());
        }
        if let Some(reference) = &r.reference {
            for item in reference.components.iter().chain(&reference.trade_offs).chain(&reference.failure_modes).chain(&reference.monitoring) {
                slice(text, item.start, item.end);
            }
        }
    }
});
