//! `tpmprep estimate`: the back-of-envelope estimator as a calm table with the arithmetic, or JSON.
//! The reading and the figures are the practice crate's (`tpmprep_practice::estimate`).

use std::fmt::Write as _;

use anyhow::{Result, anyhow};
use tpmprep_practice::estimate::{self as est, Estimate, Evaluated, Field, Request, System};

use crate::cli::EstimateArgs;
use crate::commands::json;
use crate::render::{hang, pad};

/// The request the flags make.
fn request(a: &EstimateArgs) -> Request {
    Request {
        dau: a.dau.clone(),
        per_user: a.per_user.clone(),
        peak_factor: a.peak_factor.clone(),
        read_write: a.read_write.clone(),
        object: a.object.clone(),
        retention: a.retention.clone(),
        replication: a.replication.clone(),
        node_qps: a.node_qps.clone(),
        node_storage: a.node_storage.clone(),
        cache_hit: a.cache_hit.clone(),
        skew: a.skew.clone(),
    }
}

/// Runs `tpmprep estimate`.
pub fn run(a: EstimateArgs, text: &mut String) -> Result<()> {
    let system = if a.binary { System::Binary } else { System::Si };
    if !a.expr.is_empty() {
        let expr = a.expr.join(" ");
        let e = est::evaluate(&expr, system).map_err(|e| anyhow!("estimate: {e}"))?;
        if a.out.json {
            return json(&e, text);
        }
        expression(&e, text);
        return Ok(());
    }
    let e = est::estimate(&request(&a), system).map_err(|e| anyhow!("estimate: {e}"))?;
    if a.out.json {
        return json(&e, text);
    }
    table(&e, text);
    Ok(())
}

fn expression(e: &Evaluated, text: &mut String) {
    let _ = writeln!(text, "{}  {}", e.input.trim(), e.text);
    hang(text, "  ", "    ", &e.arithmetic);
    if matches!(e.kind, "bytes" | "data rate") {
        hang(text, "  ", "  ", &e.units.note);
    }
}

const LABEL: usize = 30;

fn table(e: &Estimate, text: &mut String) {
    let i = &e.inputs;
    text.push_str("Inputs\n");
    for (field, input) in [
        (Field::Dau, &i.dau),
        (Field::PerUser, &i.per_user),
        (Field::PeakFactor, &i.peak_factor),
        (Field::ReadWrite, &i.read_write),
        (Field::Object, &i.object),
        (Field::Retention, &i.retention),
        (Field::Replication, &i.replication),
        (Field::NodeQps, &i.node_qps),
        (Field::NodeStorage, &i.node_storage),
        (Field::CacheHit, &i.cache_hit),
        (Field::Skew, &i.skew),
    ] {
        let assumed = if input.assumed { "  (assumed)" } else { "" };
        let _ = writeln!(
            text,
            "  {}{}{assumed}",
            pad(field.label(), LABEL),
            input.text
        );
    }
    for (heading, rows) in e.figures.sections() {
        let _ = writeln!(text, "\n{heading}");
        for (_, label, f) in rows {
            let _ = writeln!(text, "  {}{}", pad(label, LABEL), f.text);
            hang(text, "      ", "        ", &f.arithmetic);
        }
    }
    text.push('\n');
    if !e.assumed.is_empty() {
        hang(
            text,
            "",
            "  ",
            &format!(
                "Assumed (not given): {}.",
                e.assumed
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        );
    }
    hang(text, "", "", &e.units.note);
}
