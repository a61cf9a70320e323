//! Fuzz target: any bytes that are UTF-8 become an answer (and the first line a question). The critic
//! must not panic, and every span it returns must lie inside the text on char boundaries.
//!
//! Run (from crates/critic/fuzz):
//!   cargo install cargo-fuzz
//!   RUSTC_BOOTSTRAP=1 cargo fuzz run critique -- -max_total_time=60
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tpmprep_critic::{Critic, Input, Question};

fn critic() -> &'static Critic {
    static CRITIC: OnceLock<Critic> = OnceLock::new();
    CRITIC.get_or_init(|| Critic::new(&tpmprep_content::embedded_pack().expect("embedded pack")))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let question = text.lines().next().unwrap_or("");
    let c = critic().critique(&Input {
        text,
        question: Some(Question { text: question, principles: &[], kind: "", }),
        ..Input::default()
    });
    assert!(c.overall <= 100);
    for f in &c.findings {
        assert!(f.start <= f.end && f.end <= text.len());
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
    }
    for p in &c.principles {
        assert!((0.0..=1.0).contains(&p.score));
        for s in &p.spans {
            assert!(s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        }
    }
    let r = critic().resume(text);
    for b in &r.bullets {
        assert!(b.end <= text.len() && text.is_char_boundary(b.start) && text.is_char_boundary(b.end));
    }
});
