//! Findings: each pinned to the sentence it rests on (byte span and quote), or to the whole answer.

use crate::analysis::Analysis;
use crate::model::{Finding, Severity};

/// Collects findings for one answer.
pub(crate) struct FindingSink<'a> {
    pub(crate) a: &'a Analysis<'a>,
    pub(crate) out: Vec<Finding>,
}

impl FindingSink<'_> {
    pub(crate) fn add(
        &mut self,
        dimension: &'static str,
        signal: &'static str,
        severity: Severity,
        sentence: Option<usize>,
        message: String,
        suggestion: &str,
    ) {
        let (start, end, quote) = match sentence {
            Some(i) => self.a.quote(i),
            None => (0, 0, String::new()),
        };
        self.out.push(Finding {
            dimension,
            signal,
            severity,
            start,
            end,
            quote,
            message,
            suggestion: suggestion.to_string(),
        });
    }
}
