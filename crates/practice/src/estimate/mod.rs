//! The back-of-envelope estimator: from daily active users, actions per user, a peak factor, a
//! read:write ratio, an object size, retention, replication, per-node capacity and a cache hit
//! target to QPS, storage, bandwidth, a hot-set cache and node counts, each figure with the line
//! of arithmetic a candidate says aloud.
//!
//! - [`quantity`]: reading quantities with units (`50M`, `2.5KB`, `10M users * 20/day`, `1.2k/s`,
//!   `365d`), ratios (`10:1`) and skews (`80/20`); errors name the input and the token, with a
//!   "did you mean" by edit distance.
//! - `inputs`: the eleven fields ([`Field`]), as typed ([`Request`]), read with their defaults.
//! - `compute`: the figures ([`Figures`]) and their arithmetic.
//! - [`format`]: numbers as said: `11.6k`, `86,400`, `2.5 TB` (SI) or `2.27 TiB` (binary).
//!
//! Sizes: `KB`, `MB`, `GB`, `TB`, `PB` are SI (1,000ⁿ bytes) whatever their case; `KiB` … `PiB`
//! are binary (1,024ⁿ). `B` after a number is a byte in a size field (object size, node storage)
//! and a billion everywhere else. A month is 30 days, a year 365.
//!
//! No IO; never panics on any input.

pub mod format;
pub mod quantity;
pub(crate) mod units;

mod compute;
mod inputs;

use serde::Serialize;

pub use compute::{Figure, Figures, Section};
pub use format::System;
pub use inputs::{Field, FieldError, Input, InputError, Inputs, Request};
pub use quantity::{Expect, Kind, ParseError, Quantity, parse, parse_ratio, parse_skew};

/// Which unit convention sizes are printed in, and how inputs were read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Units {
    /// `si` or `binary`.
    pub system: System,
    /// The rule in one sentence.
    pub note: String,
}

impl Units {
    fn of(system: System) -> Units {
        Units {
            system,
            note: system.note().to_string(),
        }
    }
}

/// A whole estimate: the headline numbers, every input as read, what was assumed, and every
/// figure with its unit, text and arithmetic.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    /// Average requests per second (reads and writes).
    pub average_qps: f64,
    /// Peak requests per second.
    pub peak_qps: f64,
    /// Bytes written a day, one copy.
    pub storage_bytes_per_day: f64,
    /// Bytes kept over the retention, every copy.
    pub storage_bytes_total: f64,
    /// The unit convention of sizes.
    pub units: Units,
    /// The inputs as read.
    pub inputs: Inputs,
    /// Each input not given and the default used, in words: "peak factor ×2".
    pub assumed: Vec<String>,
    /// Every figure.
    pub figures: Figures,
}

/// Works out an estimate from `request`, sizes printed in `system`.
pub fn estimate(request: &Request, system: System) -> Result<Estimate, FieldError> {
    let (values, inputs) = inputs::read(request, system)?;
    let figures = compute::figures(&values, system);
    // Inputs that each read but multiply past what a float holds.
    let every = figures.sections();
    if let Some((_, label, _)) = every
        .iter()
        .flat_map(|(_, rows)| rows.iter())
        .find(|(_, _, f)| !f.value.is_finite())
    {
        return Err(FieldError {
            field: Field::Dau,
            error: InputError::OutOfRange {
                input: request.get(Field::Dau).unwrap_or_default().to_string(),
                why: format!(
                    "with these inputs the {} is too large to compute",
                    label.to_lowercase()
                ),
            },
        });
    }
    let assumed = Field::ALL
        .into_iter()
        .filter(|f| request.get(*f).is_none())
        .filter_map(|f| {
            let shown = match f {
                Field::Dau | Field::PerUser => return None,
                Field::PeakFactor => &inputs.peak_factor.text,
                Field::ReadWrite => &inputs.read_write.text,
                Field::Object => &inputs.object.text,
                Field::Retention => &inputs.retention.text,
                Field::Replication => &inputs.replication.text,
                Field::NodeQps => &inputs.node_qps.text,
                Field::NodeStorage => &inputs.node_storage.text,
                Field::CacheHit => &inputs.cache_hit.text,
                Field::Skew => &inputs.skew.text,
            };
            Some(format!("{}: {shown}", f.label()))
        })
        .collect();
    Ok(Estimate {
        average_qps: figures.average_qps.value,
        peak_qps: figures.peak_qps.value,
        storage_bytes_per_day: figures.storage_per_day.value,
        storage_bytes_total: figures.storage_total.value,
        units: Units::of(system),
        inputs,
        assumed,
        figures,
    })
}

/// Every field's problem at once, each read on its own (a form shows each beside its field), in
/// field order. Empty does not promise [`estimate`] succeeds: inputs that each read can still
/// multiply past what can be computed, which only [`estimate`] says.
pub fn problems(request: &Request) -> Vec<FieldError> {
    Field::ALL
        .into_iter()
        .filter_map(|f| {
            let mut probe = Request::default();
            probe.set(Field::Dau, Some("1".into()));
            probe.set(Field::PerUser, Some("1/day".into()));
            probe.set(f, request.get(f).map(str::to_string));
            match inputs::read(&probe, System::Si) {
                Err(e) if e.field == f => Some(e),
                _ => None,
            }
        })
        .collect()
}

/// One expression worked out: `10M users * 20/day` → `≈ 2.31k/s`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluated {
    /// The expression as given.
    pub input: String,
    /// What it is: `count`, `bytes`, `rate`, `duration`, `data rate` or `other`.
    pub kind: &'static str,
    /// The value in `unit`.
    pub value: f64,
    /// `count`, `bytes`, `per second`, `s`, `bytes/s`, or the powers of bytes and seconds.
    pub unit: String,
    /// As said: `≈ 2.31k/s`.
    pub text: String,
    /// How it was worked out: `10M users × 20/day = 200M/day ÷ 86,400 s = 2,315/s`.
    pub arithmetic: String,
    /// The unit convention of sizes.
    pub units: Units,
}

/// Works out one expression.
pub fn evaluate(expression: &str, system: System) -> Result<Evaluated, ParseError> {
    use format::{about, bytes, compact, grouped};
    const SHOWN: i32 = 3;
    const WORKED: i32 = 5;
    let p = parse(expression, Expect::Any)?;
    let q = p.quantity;
    let v = q.value;
    let shown = &p.shown;
    let (kind, unit, text, arithmetic) = match q.kind() {
        Kind::Count => (
            "count",
            "count".to_string(),
            format!("{}{}", about(v, SHOWN), compact(v, SHOWN)),
            format!("{shown} = {}", grouped(v)),
        ),
        Kind::Bytes => (
            "bytes",
            "bytes".to_string(),
            format!(
                "{}{}",
                format::bytes_about(v, system, SHOWN),
                bytes(v, system, SHOWN)
            ),
            format!(
                "{shown} = {} = {} bytes",
                bytes(v, system, WORKED),
                grouped(v)
            ),
        ),
        Kind::Rate => (
            "rate",
            "per second".to_string(),
            format!("{}{}/s", about(v, SHOWN), compact(v, SHOWN)),
            format!(
                "{shown} = {}/day ÷ 86,400 s = {}/s",
                compact(v * units::DAY, 4),
                grouped(v)
            ),
        ),
        Kind::Duration => (
            "duration",
            "s".to_string(),
            format!("{}{}", format::duration_about(v), format::duration(v)),
            format!("{shown} = {} s", grouped(v)),
        ),
        Kind::ByteRate => (
            "data rate",
            "bytes/s".to_string(),
            format!(
                "{}{}/s",
                format::bytes_about(v, system, SHOWN),
                bytes(v, system, SHOWN)
            ),
            format!(
                "{shown} = {}/s = {}/day",
                bytes(v, system, WORKED),
                bytes(v * units::DAY, system, WORKED)
            ),
        ),
        Kind::Other => {
            let unit = format!("bytes^{} × s^{}", q.bytes, q.secs);
            (
                "other",
                unit.clone(),
                format!("{} {unit}", format::sig(v, SHOWN)),
                format!("{shown} = {} {unit}", format::sig(v, WORKED)),
            )
        }
    };
    Ok(Evaluated {
        input: expression.to_string(),
        kind,
        value: v,
        unit,
        text,
        arithmetic,
        units: Units::of(system),
    })
}

#[cfg(test)]
mod tests;
