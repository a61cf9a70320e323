//! The run's figures in words: throughput per node, latency percentiles, errors by kind, and what
//! happened around the marks the script wrote (PostgreSQL down and up, a node killed).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use crate::{Action, Problem, Sample};

pub struct Run<'a> {
    pub samples: &'a [Sample],
    pub acked: &'a [String],
    pub ports: &'a [&'a str],
    pub started_ms: u64,
    pub elapsed: Duration,
    pub think: (u64, u64),
    pub candidates: usize,
    pub marks: &'a [(String, u64)],
    pub connections: &'a [u64],
    /// How late each 10 ms sleep of a probe task woke up, in µs.
    pub hiccups: &'a [u64],
    /// The generator's own CPU time.
    pub cpu_s: Option<f64>,
}

/// p50, p90, p99 and max of `micros`, in ms.
fn percentiles(micros: &mut [u64]) -> String {
    if micros.is_empty() {
        return "no requests".to_string();
    }
    micros.sort_unstable();
    let at = |q: f64| {
        let i = ((q * micros.len() as f64).ceil() as usize).clamp(1, micros.len()) - 1;
        micros[i] as f64 / 1000.0
    };
    format!(
        "p50 {:6.2} ms  p90 {:6.2} ms  p99 {:6.2} ms  max {:7.2} ms",
        at(0.5),
        at(0.9),
        at(0.99),
        at(1.0)
    )
}

fn ok(s: &Sample) -> bool {
    s.problem.is_none()
}

pub fn text(r: &Run<'_>) -> String {
    let mut out = String::new();
    let secs = r.elapsed.as_secs_f64();
    let all = r.samples;
    let answered = all.iter().filter(|s| s.status != 0).count();
    let _ = writeln!(
        out,
        "{} candidates for {secs:.1} s, a pause of {}–{} ms between actions, requests alternating over {} nodes (ports {})",
        r.candidates,
        r.think.0,
        r.think.1,
        r.ports.len(),
        r.ports.join(", ")
    );
    let _ = writeln!(
        out,
        "requests: {} sent, {answered} answered ({:.1}/s), {} as wanted",
        all.len(),
        answered as f64 / secs,
        all.iter().filter(|s| ok(s)).count()
    );
    for (i, port) in r.ports.iter().enumerate() {
        let mine: Vec<&Sample> = all.iter().filter(|s| s.node == i).collect();
        let n = mine.iter().filter(|s| s.status != 0).count();
        let mut lat: Vec<u64> = mine.iter().filter(|s| ok(s)).map(|s| s.micros).collect();
        let _ = writeln!(
            out,
            "  node :{port}  {n:6} answered  {:7.1} req/s  {}  ({} connections opened)",
            n as f64 / secs,
            percentiles(&mut lat),
            r.connections.get(i).copied().unwrap_or(0)
        );
    }
    let mut lat: Vec<u64> = all.iter().filter(|s| ok(s)).map(|s| s.micros).collect();
    let _ = writeln!(
        out,
        "latency of every answer as wanted: {}",
        percentiles(&mut lat)
    );
    let mut server: Vec<u64> = all
        .iter()
        .filter(|s| ok(s))
        .filter_map(|s| s.server_micros)
        .collect();
    let _ = writeln!(
        out,
        "  the servers' own time (Server-Timing): {}",
        percentiles(&mut server)
    );
    let _ = writeln!(
        out,
        "  machine stalls: a 10 ms sleep in the generator woke late by {}",
        percentiles(&mut r.hiccups.to_vec())
    );
    if let Some(cpu) = r.cpu_s {
        let _ = writeln!(
            out,
            "  the generator's own CPU: {cpu:.1} s ({:.0}% of one core)",
            cpu / secs * 100.0
        );
    }
    let _ = writeln!(out, "by action (answers as wanted):");
    for a in Action::ALL {
        let mut lat: Vec<u64> = all
            .iter()
            .filter(|s| s.action == a && ok(s))
            .map(|s| s.micros)
            .collect();
        if lat.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "  {:<34} {:6}  {}",
            a.label(),
            lat.len(),
            percentiles(&mut lat)
        );
    }

    // Problems, by kind.
    let mut statuses: BTreeMap<(u16, &str), (usize, String)> = BTreeMap::new();
    let mut malformed: BTreeMap<String, usize> = BTreeMap::new();
    let (mut unavailable, mut refused, mut lost, mut timeouts) = (0, 0, 0, 0);
    let mut refused_by_node = vec![0usize; r.ports.len()];
    let mut lost_by_node = vec![0usize; r.ports.len()];
    for s in all {
        match &s.problem {
            None => {}
            Some(Problem::Unavailable) => unavailable += 1,
            Some(Problem::UnavailableMalformed(why)) => {
                *malformed.entry(why.clone()).or_default() += 1
            }
            Some(Problem::Status(code, words)) => {
                let e = statuses
                    .entry((*code, s.action.label()))
                    .or_insert((0, words.clone()));
                e.0 += 1;
            }
            Some(Problem::Refused) => {
                refused += 1;
                refused_by_node[s.node] += 1;
            }
            Some(Problem::Lost) => {
                lost += 1;
                lost_by_node[s.node] += 1;
            }
            Some(Problem::Timeout) => timeouts += 1,
        }
    }
    let errors: usize = statuses.values().map(|(n, _)| n).sum::<usize>()
        + malformed.values().sum::<usize>()
        + timeouts;
    let _ = writeln!(
        out,
        "errors (a status not wanted, a 503 not in words, a timeout): {errors}"
    );
    for ((code, action), (n, words)) in &statuses {
        let _ = writeln!(out, "  {code} on {action}: {n}  e.g. {words:?}");
    }
    for (why, n) in &malformed {
        let _ = writeln!(out, "  503 not in the promised shape: {n}  e.g. {why}");
    }
    if timeouts > 0 {
        let _ = writeln!(out, "  timed out: {timeouts}");
    }
    let _ = writeln!(
        out,
        "503 answered in words (JSON {{\"error\"}} on the API, a page or fragment otherwise): {unavailable}"
    );
    let _ = writeln!(
        out,
        "connections refused (node down; the request went to the other node): {refused} (by node: {refused_by_node:?})"
    );
    let _ = writeln!(
        out,
        "connections lost after sending (outcome unknown, not acknowledged): {lost} (by node: {lost_by_node:?})"
    );

    let count = |kind: &str| {
        r.acked
            .iter()
            .filter(|l| l.split('\t').next() == Some(kind))
            .count()
    };
    let _ = writeln!(
        out,
        "acknowledged writes this run: {} story revisions, {} mock answers, {} mocks started",
        count("rev"),
        count("answer"),
        count("mock")
    );

    let mark = |name: &str| r.marks.iter().find(|(k, _)| k == name).map(|(_, v)| *v);
    if let (Some(down), Some(up)) = (mark("pg-down"), mark("pg-up")) {
        let rel = |ms: u64| ms as i64 - r.started_ms as i64;
        let _ = writeln!(
            out,
            "PostgreSQL stopped at +{:.1} s and accepting connections again at +{:.1} s ({:.1} s down)",
            rel(down) as f64 / 1000.0,
            rel(up) as f64 / 1000.0,
            (up - down) as f64 / 1000.0
        );
        let u: Vec<&Sample> = all
            .iter()
            .filter(|s| matches!(s.problem, Some(Problem::Unavailable)))
            .collect();
        if let (Some(first), Some(last)) = (
            u.iter().map(|s| s.sent_ms).min(),
            u.iter().map(|s| s.sent_ms + s.micros / 1000).max(),
        ) {
            let mut lat: Vec<u64> = u.iter().map(|s| s.micros).collect();
            let _ = writeln!(
                out,
                "  503s: {} (first sent {:+} ms after the stop, last answered {:+} ms after PostgreSQL was back); time to answer a 503: {}",
                u.len(),
                first as i64 - down as i64,
                last as i64 - up as i64,
                percentiles(&mut lat)
            );
        }
        let during: Vec<&Sample> = all
            .iter()
            .filter(|s| s.sent_ms >= down && s.sent_ms < up)
            .collect();
        let _ = writeln!(
            out,
            "  requests sent while it was down: {}, answered as wanted: {}, 503: {}, other: {}",
            during.len(),
            during.iter().filter(|s| ok(s)).count(),
            during
                .iter()
                .filter(|s| matches!(s.problem, Some(Problem::Unavailable)))
                .count(),
            during
                .iter()
                .filter(|s| !ok(s) && !matches!(s.problem, Some(Problem::Unavailable)))
                .count()
        );
        if let Some(back) = all
            .iter()
            .filter(|s| ok(s) && s.sent_ms >= up)
            .map(|s| s.sent_ms + s.micros / 1000)
            .min()
        {
            let _ = writeln!(
                out,
                "  first request answered as wanted after PostgreSQL was back: {:+} ms",
                back as i64 - up as i64
            );
        }
        let mut after: Vec<u64> = all
            .iter()
            .filter(|s| ok(s) && s.sent_ms >= up + 2_000)
            .map(|s| s.micros)
            .collect();
        let _ = writeln!(
            out,
            "  latency from 2 s after it was back: {}",
            percentiles(&mut after)
        );
    }
    if let Some(kill) = mark("kill") {
        let rel = kill as i64 - r.started_ms as i64;
        let after: Vec<&Sample> = all.iter().filter(|s| s.sent_ms >= kill).collect();
        let mut lat: Vec<u64> = after.iter().filter(|s| ok(s)).map(|s| s.micros).collect();
        let _ = writeln!(
            out,
            "one node killed (SIGKILL) at +{:.1} s; after it: {} requests, {} answered as wanted, {}",
            rel as f64 / 1000.0,
            after.len(),
            after.iter().filter(|s| ok(s)).count(),
            percentiles(&mut lat)
        );
        for (i, port) in r.ports.iter().enumerate() {
            let n = after
                .iter()
                .filter(|s| s.node == i && s.status != 0)
                .count();
            let _ = writeln!(
                out,
                "  node :{port} after the kill: {n} answered ({:.1} req/s)",
                n as f64
                    / ((r.started_ms as f64 + secs * 1000.0 - kill as f64) / 1000.0).max(0.001)
            );
        }
    }
    out
}
