//! The estimator's inputs: each field as typed (a string), read into a value of the right kind,
//! or its stated default when not given.

use serde::{Deserialize, Serialize};

use super::format::{self, System};
use super::quantity::{self, Expect, Kind, ParseError};
use super::units::DAY;

/// One input of the estimator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// Daily active users.
    Dau,
    /// Actions per user per day.
    PerUser,
    /// Peak-to-average factor.
    PeakFactor,
    /// Read:write ratio.
    ReadWrite,
    /// Object size.
    Object,
    /// How long data is kept.
    Retention,
    /// Copies of every object.
    Replication,
    /// Requests per second one node serves.
    NodeQps,
    /// Bytes one node stores.
    NodeStorage,
    /// Share of reads the cache should serve.
    CacheHit,
    /// Share of reads that go to the hottest share of the data.
    Skew,
}

impl Field {
    /// Every field, in the order forms and help list them.
    pub const ALL: [Field; 11] = [
        Field::Dau,
        Field::PerUser,
        Field::PeakFactor,
        Field::ReadWrite,
        Field::Object,
        Field::Retention,
        Field::Replication,
        Field::NodeQps,
        Field::NodeStorage,
        Field::CacheHit,
        Field::Skew,
    ];

    /// The JSON and form key: `per_user`.
    pub fn key(self) -> &'static str {
        match self {
            Field::Dau => "dau",
            Field::PerUser => "per_user",
            Field::PeakFactor => "peak_factor",
            Field::ReadWrite => "read_write",
            Field::Object => "object",
            Field::Retention => "retention",
            Field::Replication => "replication",
            Field::NodeQps => "node_qps",
            Field::NodeStorage => "node_storage",
            Field::CacheHit => "cache_hit",
            Field::Skew => "skew",
        }
    }

    /// The command-line flag: `--per-user`.
    pub fn flag(self) -> &'static str {
        match self {
            Field::Dau => "--dau",
            Field::PerUser => "--per-user",
            Field::PeakFactor => "--peak-factor",
            Field::ReadWrite => "--read-write",
            Field::Object => "--object",
            Field::Retention => "--retention",
            Field::Replication => "--replication",
            Field::NodeQps => "--node-qps",
            Field::NodeStorage => "--node-storage",
            Field::CacheHit => "--cache-hit",
            Field::Skew => "--skew",
        }
    }

    /// What a form labels it.
    pub fn label(self) -> &'static str {
        match self {
            Field::Dau => "Daily active users",
            Field::PerUser => "Actions per user per day",
            Field::PeakFactor => "Peak-to-average factor",
            Field::ReadWrite => "Read:write ratio",
            Field::Object => "Object size",
            Field::Retention => "Retention",
            Field::Replication => "Replication factor",
            Field::NodeQps => "Per-node capacity (QPS)",
            Field::NodeStorage => "Per-node capacity (storage)",
            Field::CacheHit => "Cache hit target",
            Field::Skew => "Access skew",
        }
    }

    /// The value used when the field is not given (`None`: it must be given).
    pub fn default_text(self) -> Option<&'static str> {
        match self {
            Field::Dau | Field::PerUser => None,
            Field::PeakFactor => Some("2"),
            Field::ReadWrite => Some("0:1"),
            Field::Object => Some("1KB"),
            Field::Retention => Some("365d"),
            Field::Replication => Some("3"),
            Field::NodeQps => Some("1k/s"),
            Field::NodeStorage => Some("2TB"),
            Field::CacheHit => Some("80%"),
            Field::Skew => Some("80/20"),
        }
    }

    /// An example of what it takes, for a form's placeholder and the help.
    pub fn example(self) -> &'static str {
        match self {
            Field::Dau => "50M",
            Field::PerUser => "20/day",
            Field::PeakFactor => "3",
            Field::ReadWrite => "10:1",
            Field::Object => "2.5KB",
            Field::Retention => "5y",
            Field::Replication => "3",
            Field::NodeQps => "5k/s",
            Field::NodeStorage => "4TB",
            Field::CacheHit => "90%",
            Field::Skew => "90/10",
        }
    }

    /// What it takes, in words (for the help and the page).
    pub fn help(self) -> &'static str {
        match self {
            Field::Dau => "a count: 50M, 1.2B users, 200k",
            Field::PerUser => "a rate per user: 20/day, 3/h (a bare number is per day)",
            Field::PeakFactor => "a number of at least 1: 3, 2.5x",
            Field::ReadWrite => {
                "reads:writes, splitting the actions: 10:1 (without it every action is a write)"
            }
            Field::Object => "a size: 2.5KB, 1MiB, 300 bytes",
            Field::Retention => "a duration: 365d, 5y, 18 months (a bare number is days)",
            Field::Replication => "copies of each object: 3",
            Field::NodeQps => {
                "requests a node serves: 5k/s, 2000 qps (a bare number is per second)"
            }
            Field::NodeStorage => "a size a node stores: 4TB, 16TiB",
            Field::CacheHit => "a percentage: 90% (or a fraction: 0.9)",
            Field::Skew => "share of reads/share of data, adding up to 100: 80/20, 90/10",
        }
    }

    /// The field a JSON or form key names.
    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key)
    }
}

/// What the estimator is asked: each field as typed, or `None` (blank counts as not given).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// Daily active users.
    pub dau: Option<String>,
    /// Actions per user per day.
    pub per_user: Option<String>,
    /// Peak-to-average factor.
    pub peak_factor: Option<String>,
    /// Read:write ratio.
    pub read_write: Option<String>,
    /// Object size.
    pub object: Option<String>,
    /// Retention.
    pub retention: Option<String>,
    /// Replication factor.
    pub replication: Option<String>,
    /// Per-node capacity in requests per second.
    pub node_qps: Option<String>,
    /// Per-node storage capacity.
    pub node_storage: Option<String>,
    /// Cache hit target.
    pub cache_hit: Option<String>,
    /// Access skew.
    pub skew: Option<String>,
}

impl Request {
    /// The text given for `field` (blank is none).
    pub fn get(&self, field: Field) -> Option<&str> {
        let v = match field {
            Field::Dau => &self.dau,
            Field::PerUser => &self.per_user,
            Field::PeakFactor => &self.peak_factor,
            Field::ReadWrite => &self.read_write,
            Field::Object => &self.object,
            Field::Retention => &self.retention,
            Field::Replication => &self.replication,
            Field::NodeQps => &self.node_qps,
            Field::NodeStorage => &self.node_storage,
            Field::CacheHit => &self.cache_hit,
            Field::Skew => &self.skew,
        };
        v.as_deref().filter(|s| !s.trim().is_empty())
    }

    /// Sets the text of `field`.
    pub fn set(&mut self, field: Field, value: Option<String>) {
        let slot = match field {
            Field::Dau => &mut self.dau,
            Field::PerUser => &mut self.per_user,
            Field::PeakFactor => &mut self.peak_factor,
            Field::ReadWrite => &mut self.read_write,
            Field::Object => &mut self.object,
            Field::Retention => &mut self.retention,
            Field::Replication => &mut self.replication,
            Field::NodeQps => &mut self.node_qps,
            Field::NodeStorage => &mut self.node_storage,
            Field::CacheHit => &mut self.cache_hit,
            Field::Skew => &mut self.skew,
        };
        *slot = value;
    }
}

/// Why a field's value cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// The text does not read.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// It reads, but as the wrong kind of quantity (a rate where a size is needed).
    #[error("{input:?} is {found}; this takes {expected}")]
    WrongKind {
        /// The input.
        input: String,
        /// What it reads as, in words.
        found: &'static str,
        /// What the field takes, in words.
        expected: &'static str,
    },
    /// It reads, but is out of the field's range.
    #[error("{input:?}: {why}")]
    OutOfRange {
        /// The input.
        input: String,
        /// The range, in words.
        why: String,
    },
    /// A field with no default was not given.
    #[error("is needed: {help}")]
    Missing {
        /// What the field takes.
        help: &'static str,
    },
}

/// An input error with the field it is about. Shown as `--dau "10M usres": unknown unit …`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} {error}", field.flag())]
pub struct FieldError {
    /// The field.
    pub field: Field,
    /// What is wrong.
    pub error: InputError,
}

impl FieldError {
    /// The token at fault, when one is.
    pub fn token(&self) -> Option<&str> {
        match &self.error {
            InputError::Parse(e) => e.token(),
            _ => None,
        }
    }

    /// The message without the flag, for a form showing it beside the field.
    pub fn message(&self) -> String {
        match &self.error {
            InputError::Missing { help } => format!("Needed: {help}."),
            other => other.to_string(),
        }
    }
}

/// One input as read: its value, unit, how it reads, what was typed (or that it was assumed).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Input {
    /// The value in the unit named (`unit`).
    pub value: f64,
    /// The unit of `value`.
    pub unit: &'static str,
    /// How it reads: `50M`, `2.5 KB`, `10:1 (91% reads)`.
    pub text: String,
    /// What was typed, or `null` when the default was assumed.
    pub given: Option<String>,
    /// The default was used.
    pub assumed: bool,
}

/// Every input as read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Inputs {
    /// Daily active users.
    pub dau: Input,
    /// Actions per user per day.
    pub per_user: Input,
    /// Peak-to-average factor.
    pub peak_factor: Input,
    /// Share of actions that are reads (from the read:write ratio).
    pub read_write: Input,
    /// Object size in bytes.
    pub object: Input,
    /// Retention in seconds.
    pub retention: Input,
    /// Copies of each object.
    pub replication: Input,
    /// Requests per second a node serves.
    pub node_qps: Input,
    /// Bytes a node stores.
    pub node_storage: Input,
    /// Share of reads the cache should serve.
    pub cache_hit: Input,
    /// Share of the data that is hot (from the skew).
    pub skew: Input,
}

/// What the computation needs, read from a [`Request`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Values {
    pub(crate) dau: f64,
    /// Per user per day.
    pub(crate) per_user: f64,
    pub(crate) peak_factor: f64,
    pub(crate) reads: f64,
    pub(crate) writes: f64,
    pub(crate) object: f64,
    pub(crate) retention: f64,
    pub(crate) replication: f64,
    pub(crate) node_qps: f64,
    pub(crate) node_storage: f64,
    pub(crate) cache_hit: f64,
    /// Share of reads going to the hot share of the data.
    pub(crate) skew_reads: f64,
    /// The hot share of the data.
    pub(crate) skew_data: f64,
    /// Every action is a write because no ratio was given.
    pub(crate) writes_only_assumed: bool,
}

struct Reader<'a> {
    request: &'a Request,
    system: System,
}

fn wrong(input: &str, found: Kind, expected: &'static str) -> InputError {
    InputError::WrongKind {
        input: input.to_string(),
        found: found.words(),
        expected,
    }
}

fn range(input: &str, why: &str) -> InputError {
    InputError::OutOfRange {
        input: input.to_string(),
        why: why.to_string(),
    }
}

impl Reader<'_> {
    /// The text of `field`, or its default, and whether it was given.
    fn text(&self, field: Field) -> Result<(String, bool), FieldError> {
        match self.request.get(field) {
            Some(t) => Ok((t.trim().to_string(), true)),
            None => field
                .default_text()
                .map(|d| (d.to_string(), false))
                .ok_or(FieldError {
                    field,
                    error: InputError::Missing { help: field.help() },
                }),
        }
    }

    fn input(&self, field: Field, value: f64, unit: &'static str, text: String) -> Input {
        let given = self.request.get(field).map(|s| s.trim().to_string());
        Input {
            value,
            unit,
            text,
            assumed: given.is_none(),
            given,
        }
    }

    /// Reads `field` as a quantity and checks it with `check`, which gives the value in the
    /// field's unit and its text.
    fn read(
        &self,
        field: Field,
        expect: Expect,
        check: impl Fn(&quantity::Parsed) -> Result<(f64, String), InputError>,
    ) -> Result<(f64, String), FieldError> {
        let (text, _) = self.text(field)?;
        let at = |error: InputError| FieldError { field, error };
        let parsed = quantity::parse(&text, expect).map_err(|e| at(e.into()))?;
        if parsed.quantity.value < 0.0 {
            return Err(at(range(&text, "must not be negative")));
        }
        check(&parsed).map_err(at)
    }
}

/// Reads every field of `request`: each value, and how the inputs read.
pub(crate) fn read(request: &Request, system: System) -> Result<(Values, Inputs), FieldError> {
    let r = Reader { request, system };
    let sys = r.system;

    let (dau, dau_text) = r.read(Field::Dau, Expect::Any, |p| {
        match p.quantity.kind() {
            Kind::Count => {}
            k => return Err(wrong(&p.source, k, "a count of users such as 50M")),
        }
        Ok((
            p.quantity.value,
            format!("{} users", format::compact(p.quantity.value, 4)),
        ))
    })?;

    let (per_user, per_user_text) = r.read(Field::PerUser, Expect::Any, |p| {
        let per_day = match p.quantity.kind() {
            Kind::Rate => p.quantity.value * DAY,
            Kind::Count if p.bare => p.quantity.value,
            k => return Err(wrong(&p.source, k, "a rate per user such as 20/day")),
        };
        let mut text = format!("{}/day", format::compact(per_day, 4));
        if p.bare {
            text.push_str(" (a bare number is read per day)");
        }
        Ok((per_day, text))
    })?;

    let (peak_factor, peak_text) = r.read(Field::PeakFactor, Expect::Any, |p| {
        let v = p.quantity.value;
        if p.quantity.kind() != Kind::Count {
            return Err(wrong(
                &p.source,
                p.quantity.kind(),
                "a plain number such as 3",
            ));
        }
        if !(1.0..=1_000.0).contains(&v) {
            return Err(range(
                &p.source,
                "a peak is at least the average (1) and at most 1,000 times it",
            ));
        }
        Ok((v, format!("×{}", format::sig(v, 4))))
    })?;

    let (rw_text, _) = r.text(Field::ReadWrite)?;
    let (reads, writes) = quantity::parse_ratio(&rw_text).map_err(|e| FieldError {
        field: Field::ReadWrite,
        error: e.into(),
    })?;
    let read_share = reads / (reads + writes);
    let writes_only_assumed = request.get(Field::ReadWrite).is_none();

    let (object, object_text) = r.read(Field::Object, Expect::Bytes, |p| {
        let v = p.quantity.value;
        match p.quantity.kind() {
            Kind::Bytes => {}
            Kind::Count if p.bare => {}
            k => return Err(wrong(&p.source, k, "a size such as 2.5KB")),
        }
        if v <= 0.0 {
            return Err(range(&p.source, "an object has a size above 0"));
        }
        let mut text = format::bytes(v, sys, 4);
        if p.bare {
            text.push_str(" (a bare number is read as bytes)");
        }
        Ok((v, text))
    })?;

    let (retention, retention_text) = r.read(Field::Retention, Expect::Any, |p| {
        let secs = match p.quantity.kind() {
            Kind::Duration => p.quantity.value,
            Kind::Count if p.bare => p.quantity.value * DAY,
            k => return Err(wrong(&p.source, k, "a duration such as 365d or 5y")),
        };
        if secs <= 0.0 {
            return Err(range(&p.source, "data is kept for some time above 0"));
        }
        let mut text = format::duration(secs);
        if p.bare {
            text.push_str(" (a bare number is read as days)");
        }
        Ok((secs, text))
    })?;

    let (replication, replication_text) = r.read(Field::Replication, Expect::Any, |p| {
        let v = p.quantity.value;
        if p.quantity.kind() != Kind::Count {
            return Err(wrong(
                &p.source,
                p.quantity.kind(),
                "a number of copies such as 3",
            ));
        }
        if !(1.0..=100.0).contains(&v) {
            return Err(range(&p.source, "copies go from 1 to 100"));
        }
        Ok((v, format!("{} copies", format::sig(v, 4))))
    })?;

    let (node_qps, node_qps_text) = r.read(Field::NodeQps, Expect::Any, |p| {
        let v = match p.quantity.kind() {
            Kind::Rate => p.quantity.value,
            Kind::Count if p.bare => p.quantity.value,
            k => return Err(wrong(&p.source, k, "a rate such as 5k/s")),
        };
        if v <= 0.0 {
            return Err(range(
                &p.source,
                "a node serves more than 0 requests a second",
            ));
        }
        Ok((v, format!("{}/s per node", format::grouped(v))))
    })?;

    let (node_storage, node_storage_text) = r.read(Field::NodeStorage, Expect::Bytes, |p| {
        let v = p.quantity.value;
        match p.quantity.kind() {
            Kind::Bytes => {}
            Kind::Count if p.bare => {}
            k => return Err(wrong(&p.source, k, "a size such as 4TB")),
        }
        if v <= 0.0 {
            return Err(range(&p.source, "a node stores more than 0 bytes"));
        }
        Ok((v, format!("{} per node", format::bytes(v, sys, 4))))
    })?;

    let (cache_hit, cache_text) = r.read(Field::CacheHit, Expect::Any, |p| {
        if p.quantity.kind() != Kind::Count {
            return Err(wrong(
                &p.source,
                p.quantity.kind(),
                "a percentage such as 90%",
            ));
        }
        let v = p.quantity.value;
        // 80% reads as 0.8 already; a bare 0.9 is a fraction, a bare 90 a percentage.
        let v = if p.bare && v > 1.0 { v / 100.0 } else { v };
        if !(v > 0.0 && v <= 1.0) {
            return Err(range(
                &p.source,
                "a hit target is above 0% and at most 100%",
            ));
        }
        Ok((v, format!("{}%", format::sig(v * 100.0, 4))))
    })?;

    let (skew_text_in, _) = r.text(Field::Skew)?;
    let (skew_reads, skew_data) = quantity::parse_skew(&skew_text_in).map_err(|e| FieldError {
        field: Field::Skew,
        error: e.into(),
    })?;
    let skew_text = format!(
        "{}/{} ({}% of reads go to the hottest {}% of the data)",
        format::sig(skew_reads * 100.0, 4),
        format::sig(skew_data * 100.0, 4),
        format::sig(skew_reads * 100.0, 4),
        format::sig(skew_data * 100.0, 4),
    );

    let rw_shown = if reads == 0.0 {
        format!(
            "{}:{} (every action a write)",
            format::sig(reads, 4),
            format::sig(writes, 4)
        )
    } else {
        format!(
            "{}:{} ({}% of actions are reads)",
            format::sig(reads, 4),
            format::sig(writes, 4),
            format::sig(read_share * 100.0, 3)
        )
    };

    let values = Values {
        dau,
        per_user,
        peak_factor,
        reads,
        writes,
        object,
        retention,
        replication,
        node_qps,
        node_storage,
        cache_hit,
        skew_reads,
        skew_data,
        writes_only_assumed,
    };
    let inputs = Inputs {
        dau: r.input(Field::Dau, dau, "users", dau_text),
        per_user: r.input(Field::PerUser, per_user, "actions/day", per_user_text),
        peak_factor: r.input(Field::PeakFactor, peak_factor, "factor", peak_text),
        read_write: r.input(
            Field::ReadWrite,
            read_share,
            "share of actions that are reads",
            rw_shown,
        ),
        object: r.input(Field::Object, object, "bytes", object_text),
        retention: r.input(Field::Retention, retention, "s", retention_text),
        replication: r.input(Field::Replication, replication, "copies", replication_text),
        node_qps: r.input(Field::NodeQps, node_qps, "requests/s", node_qps_text),
        node_storage: r.input(Field::NodeStorage, node_storage, "bytes", node_storage_text),
        cache_hit: r.input(Field::CacheHit, cache_hit, "share of reads", cache_text),
        skew: r.input(
            Field::Skew,
            skew_data,
            "share of data that is hot",
            skew_text,
        ),
    };
    Ok((values, inputs))
}
