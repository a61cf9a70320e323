//! What the critic's integration tests share: the critic built from the embedded pack, and one
//! critique of a text with an optional free-text question.

use tpmprep_critic::{Critic, Critique, Input, Question};

pub fn critic() -> Critic {
    Critic::new(&tpmprep_content::embedded_pack().expect("pack"))
}

pub fn run(c: &Critic, text: &str, question: Option<&str>) -> Critique {
    c.critique(&Input {
        text,
        question: question.map(|q| Question {
            text: q,
            principles: &[],
            kind: "",
        }),
        ..Input::default()
    })
}
