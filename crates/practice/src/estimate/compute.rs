//! The figures, each with the one line of arithmetic a candidate says aloud.

use serde::Serialize;

use super::format::{self, System, about, bytes, compact, grouped, sig};
use super::inputs::Values;
use super::units::{DAY, YEAR};

/// Significant digits of a figure's `text`.
const SHOWN: i32 = 3;
/// Significant digits of sizes inside the arithmetic.
const WORKED: i32 = 5;

/// One output figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// The value in `unit`.
    pub value: f64,
    /// `requests/s`, `bytes`, `bytes/s`, `nodes` …
    pub unit: &'static str,
    /// As said: `≈ 11.6k/s`.
    pub text: String,
    /// How it was worked out: `50M users × 20/day = 1B/day ÷ 86,400 s = 11,574/s`.
    pub arithmetic: String,
}

/// Every figure of an estimate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    /// Actions a day, all users together.
    pub actions_per_day: Figure,
    /// Average requests per second, reads and writes.
    pub average_qps: Figure,
    /// Average reads per second.
    pub average_read_qps: Figure,
    /// Average writes per second.
    pub average_write_qps: Figure,
    /// Peak requests per second.
    pub peak_qps: Figure,
    /// Peak reads per second.
    pub peak_read_qps: Figure,
    /// Peak writes per second.
    pub peak_write_qps: Figure,
    /// New data a day, one copy.
    pub storage_per_day: Figure,
    /// New data a year, one copy.
    pub storage_per_year: Figure,
    /// Data kept over the retention, every copy.
    pub storage_total: Figure,
    /// Bytes written per second on average.
    pub bandwidth_in: Figure,
    /// Bytes read per second on average.
    pub bandwidth_out: Figure,
    /// Bytes written per second at peak.
    pub peak_bandwidth_in: Figure,
    /// Bytes read per second at peak.
    pub peak_bandwidth_out: Figure,
    /// Memory for the hot set that meets the cache hit target.
    pub cache_size: Figure,
    /// Nodes to serve the peak.
    pub nodes_for_qps: Figure,
    /// Nodes to hold the data kept.
    pub nodes_for_storage: Figure,
    /// The larger of the two.
    pub nodes: Figure,
}

/// A heading and its figures, each with its id and label.
pub type Section<'a> = (&'static str, Vec<(&'static str, &'static str, &'a Figure)>);

impl Figures {
    /// Every figure with its id and label, in reading order, grouped under headings.
    pub fn sections(&self) -> Vec<Section<'_>> {
        vec![
            (
                "Traffic",
                vec![
                    ("actions_per_day", "Actions a day", &self.actions_per_day),
                    ("average_qps", "Average QPS", &self.average_qps),
                    (
                        "average_read_qps",
                        "Average reads/s",
                        &self.average_read_qps,
                    ),
                    (
                        "average_write_qps",
                        "Average writes/s",
                        &self.average_write_qps,
                    ),
                    ("peak_qps", "Peak QPS", &self.peak_qps),
                    ("peak_read_qps", "Peak reads/s", &self.peak_read_qps),
                    ("peak_write_qps", "Peak writes/s", &self.peak_write_qps),
                ],
            ),
            (
                "Storage",
                vec![
                    (
                        "storage_per_day",
                        "Per day (one copy)",
                        &self.storage_per_day,
                    ),
                    (
                        "storage_per_year",
                        "Per year (one copy)",
                        &self.storage_per_year,
                    ),
                    ("storage_total", "Kept, all copies", &self.storage_total),
                ],
            ),
            (
                "Bandwidth",
                vec![
                    ("bandwidth_in", "In (writes), average", &self.bandwidth_in),
                    ("bandwidth_out", "Out (reads), average", &self.bandwidth_out),
                    ("peak_bandwidth_in", "In at peak", &self.peak_bandwidth_in),
                    (
                        "peak_bandwidth_out",
                        "Out at peak",
                        &self.peak_bandwidth_out,
                    ),
                ],
            ),
            (
                "Cache",
                vec![("cache_size", "Hot-set cache", &self.cache_size)],
            ),
            (
                "Nodes",
                vec![
                    ("nodes_for_qps", "For peak QPS", &self.nodes_for_qps),
                    ("nodes_for_storage", "For storage", &self.nodes_for_storage),
                    ("nodes", "Needed", &self.nodes),
                ],
            ),
        ]
    }
}

fn rate(value: f64, arithmetic: String) -> Figure {
    Figure {
        value,
        unit: "requests/s",
        text: format!("{}{}/s", about(value, SHOWN), compact(value, SHOWN)),
        arithmetic,
    }
}

fn size(
    value: f64,
    unit: &'static str,
    suffix: &str,
    system: System,
    arithmetic: String,
) -> Figure {
    Figure {
        value,
        unit,
        text: format!(
            "{}{}{suffix}",
            format::bytes_about(value, system, SHOWN),
            bytes(value, system, SHOWN)
        ),
        arithmetic,
    }
}

/// Whole nodes for `x` nodes' worth of work: `x` rounded up (at least one when there is any
/// work), ignoring float noise in the last digits.
fn whole(x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    let x = if x < 1e12 { (x * 1e6).round() / 1e6 } else { x };
    x.ceil().max(1.0)
}

fn nodes(n: f64, arithmetic: String) -> Figure {
    Figure {
        value: n,
        unit: "nodes",
        text: format!("{} {}", grouped(n), if n == 1.0 { "node" } else { "nodes" }),
        arithmetic,
    }
}

fn pct(share: f64) -> String {
    format!("{}%", sig(share * 100.0, 4))
}

/// The share of the data a cache must hold to serve `hit` of reads, when `skew_reads` of reads go
/// to the hottest `skew_data` of the data and reads spread evenly within each part; with why, in
/// words and arithmetic.
fn hot_share(v: &Values) -> (f64, String) {
    let (h, a, d) = (v.cache_hit, v.skew_reads, v.skew_data);
    let said = format!(
        "the hottest {} of the data serves {} of reads",
        pct(d),
        pct(a)
    );
    if (h - a).abs() < 1e-9 {
        (d, format!("{said}, the {} hit target", pct(h)))
    } else if h < a {
        let share = d * h / a;
        (
            share,
            format!(
                "{said}; a {} hit target needs {} × {}/{} = {} of the data",
                pct(h),
                pct(d),
                pct(h),
                pct(a),
                pct(share)
            ),
        )
    } else {
        let share = d + (1.0 - d) * (h - a) / (1.0 - a);
        (
            share,
            format!(
                "{said}; a {} hit target needs {} + {} × ({} − {})/(100% − {}) = {} of the data",
                pct(h),
                pct(d),
                pct(1.0 - d),
                pct(h),
                pct(a),
                pct(a),
                pct(share)
            ),
        )
    }
}

/// Works out every figure from the inputs' values.
pub(crate) fn figures(v: &Values, system: System) -> Figures {
    let b = |x: f64| bytes(x, system, WORKED);
    let per_day = v.dau * v.per_user;
    let average = per_day / DAY;
    let total = v.reads + v.writes;
    let read_share = v.reads / total;
    let write_share = v.writes / total;
    let avg_read = average * read_share;
    let avg_write = average * write_share;
    let pf = sig(v.peak_factor, 4);
    let peak = average * v.peak_factor;
    let peak_read = avg_read * v.peak_factor;
    let peak_write = avg_write * v.peak_factor;
    let writes_per_day = per_day * write_share;
    let store_day = writes_per_day * v.object;
    let store_year = store_day * YEAR / DAY;
    let retention_days = v.retention / DAY;
    let store_total = store_day * retention_days * v.replication;

    let users = format!("{} users", compact(v.dau, 4));
    let per_user = format!("{}/day", compact(v.per_user, 4));
    let ratio = format!("{}:{}", sig(v.reads, 4), sig(v.writes, 4));

    let actions_per_day = Figure {
        value: per_day,
        unit: "actions/day",
        text: format!("{}{}/day", about(per_day, SHOWN), compact(per_day, SHOWN)),
        arithmetic: format!("{users} × {per_user} = {}/day", compact(per_day, 4)),
    };
    let average_qps = rate(
        average,
        format!(
            "{users} × {per_user} = {}/day ÷ 86,400 s = {}/s",
            compact(per_day, 4),
            grouped(average)
        ),
    );
    let (read_line, write_line) = if v.reads == 0.0 {
        let why = if v.writes_only_assumed {
            "every action counted as a write (no read:write ratio given)"
        } else {
            "read:write 0:1, every action a write"
        };
        (
            format!("{why}: 0/s"),
            format!("{why}: {}/s", grouped(average)),
        )
    } else {
        let of = |part: f64, share: f64| {
            format!(
                "{}/s × {}/({} + {}) (read:write {ratio}) = {}/s",
                grouped(average),
                sig(part, 4),
                sig(v.reads, 4),
                sig(v.writes, 4),
                grouped(average * share)
            )
        };
        (of(v.reads, read_share), of(v.writes, write_share))
    };
    let average_read_qps = rate(avg_read, read_line);
    let average_write_qps = rate(avg_write, write_line);
    let peak_qps = rate(
        peak,
        format!(
            "{}/s × {pf} (peak factor) = {}/s",
            grouped(average),
            grouped(peak)
        ),
    );
    let peak_read_qps = rate(
        peak_read,
        format!(
            "{}/s × {pf} (peak factor) = {}/s",
            grouped(avg_read),
            grouped(peak_read)
        ),
    );
    let peak_write_qps = rate(
        peak_write,
        format!(
            "{}/s × {pf} (peak factor) = {}/s",
            grouped(avg_write),
            grouped(peak_write)
        ),
    );

    let writes_said = if write_share < 1.0 {
        format!(
            "{}/day × {}/({} + {}) = {} writes/day",
            compact(per_day, 4),
            sig(v.writes, 4),
            sig(v.reads, 4),
            sig(v.writes, 4),
            compact(writes_per_day, 4)
        )
    } else {
        format!("{} writes/day", compact(writes_per_day, 4))
    };
    let storage_per_day = size(
        store_day,
        "bytes",
        "/day",
        system,
        format!("{writes_said} × {} = {}/day", b(v.object), b(store_day)),
    );
    let storage_per_year = size(
        store_year,
        "bytes",
        "/year",
        system,
        format!(
            "{}/day × 365 days = {} (one copy)",
            b(store_day),
            b(store_year)
        ),
    );
    let storage_total = size(
        store_total,
        "bytes",
        "",
        system,
        format!(
            "{}/day × {} retention × {} copies = {}",
            b(store_day),
            format::duration(v.retention),
            sig(v.replication, 4),
            b(store_total)
        ),
    );

    let bw = |qps: f64, what: &str, peak: bool| {
        let value = qps * v.object;
        size(
            value,
            "bytes/s",
            "/s",
            system,
            format!(
                "{} {what}/s{} × {} = {}/s",
                grouped(qps),
                if peak { " at peak" } else { "" },
                b(v.object),
                b(value)
            ),
        )
    };
    let bandwidth_in = bw(avg_write, "writes", false);
    let bandwidth_out = bw(avg_read, "reads", false);
    let peak_bandwidth_in = bw(peak_write, "writes", true);
    let peak_bandwidth_out = bw(peak_read, "reads", true);

    let (share, share_said) = hot_share(v);
    let cache = store_day * share;
    let cache_size = size(
        cache,
        "bytes",
        "",
        system,
        format!(
            "{}/day × {} = {} ({share_said})",
            b(store_day),
            pct(share),
            b(cache)
        ),
    );

    let qps_nodes = whole(peak / v.node_qps);
    let nodes_for_qps = nodes(
        qps_nodes,
        format!(
            "{}/s at peak ÷ {}/s per node = {} → {}",
            grouped(peak),
            grouped(v.node_qps),
            sig(peak / v.node_qps, 6),
            grouped(qps_nodes)
        ),
    );
    let storage_nodes = whole(store_total / v.node_storage);
    let nodes_for_storage = nodes(
        storage_nodes,
        format!(
            "{} ÷ {} per node = {} → {}",
            b(store_total),
            b(v.node_storage),
            sig(store_total / v.node_storage, 6),
            grouped(storage_nodes)
        ),
    );
    let needed = qps_nodes.max(storage_nodes);
    let nodes_needed = nodes(
        needed,
        format!(
            "the larger of {} for QPS and {} for storage = {}",
            grouped(qps_nodes),
            grouped(storage_nodes),
            grouped(needed)
        ),
    );

    Figures {
        actions_per_day,
        average_qps,
        average_read_qps,
        average_write_qps,
        peak_qps,
        peak_read_qps,
        peak_write_qps,
        storage_per_day,
        storage_per_year,
        storage_total,
        bandwidth_in,
        bandwidth_out,
        peak_bandwidth_in,
        peak_bandwidth_out,
        cache_size,
        nodes_for_qps,
        nodes_for_storage,
        nodes: nodes_needed,
    }
}
