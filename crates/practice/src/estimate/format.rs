//! Numbers as a candidate says them: `11.6k`, `1B`, `86,400`, `2.5 TB` (SI, powers of 1,000) or
//! `2.27 TiB` (binary, powers of 1,024).

use serde::Serialize;

/// Which powers sizes are printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum System {
    /// KB, MB, GB … = 1,000ⁿ bytes (the default).
    #[default]
    Si,
    /// KiB, MiB, GiB … = 1,024ⁿ bytes (`--binary`).
    Binary,
}

impl System {
    /// `si` or `binary`.
    pub fn as_str(self) -> &'static str {
        match self {
            System::Si => "si",
            System::Binary => "binary",
        }
    }

    /// One sentence saying which convention the sizes are printed in and how inputs were read.
    pub fn note(self) -> &'static str {
        match self {
            System::Si => {
                "Sizes in SI units: 1 KB = 1,000 bytes, 1 MB = 1,000 KB, and so on (--binary prints \
                 KiB = 1,024 bytes). Inputs are read as written: KB as 1,000 bytes, KiB as 1,024."
            }
            System::Binary => {
                "Sizes in binary units: 1 KiB = 1,024 bytes, 1 MiB = 1,024 KiB, and so on. Inputs \
                 are read as written: KB as 1,000 bytes, KiB as 1,024."
            }
        }
    }
}

/// `x` rounded to `digits` significant digits.
pub fn round_sig(x: f64, digits: i32) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let mag = x.abs().log10().floor() as i32;
    let scale = 10f64.powi(digits - 1 - mag);
    if !scale.is_finite() || scale == 0.0 {
        return x;
    }
    (x * scale).round() / scale
}

/// `x` with `digits` significant digits, trailing zeros dropped, thousands grouped: `34.72`,
/// `11,574`, `0.0012`.
pub fn sig(x: f64, digits: i32) -> String {
    if !x.is_finite() {
        return "∞".into();
    }
    let r = round_sig(x, digits);
    if r == 0.0 {
        return "0".into();
    }
    let mag = r.abs().log10().floor() as i32;
    let decimals = (digits - 1 - mag).clamp(0, 20) as usize;
    let text = format!("{r:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    group(&text)
}

/// Puts a comma between each group of three digits of the whole part.
fn group(text: &str) -> String {
    let (sign, rest) = match text.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", text),
    };
    let (whole, frac) = match rest.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (rest, None),
    };
    if whole.len() <= 3 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return text.to_string();
    }
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

/// A number as said in a calculation: whole with grouping from 100 up (`11,574`), else four
/// significant digits (`34.72`).
pub fn grouped(x: f64) -> String {
    if x.abs() >= 100.0 && x.abs() < 1e15 {
        group(&format!("{:.0}", x.round()))
    } else {
        sig(x, 4)
    }
}

const COUNT_SUFFIXES: [(f64, &str); 4] = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")];

/// A count with a magnitude suffix, `digits` significant: `1B`, `11.6k`, `50M`, `2.5`.
pub fn compact(x: f64, digits: i32) -> String {
    if !x.is_finite() {
        return "∞".into();
    }
    let r = round_sig(x, digits);
    for (scale, suffix) in COUNT_SUFFIXES {
        if r.abs() >= scale {
            return format!("{}{suffix}", sig(r / scale, digits));
        }
    }
    sig(r, digits)
}

const SI_BYTES: [&str; 7] = ["B", "KB", "MB", "GB", "TB", "PB", "EB"];
const BINARY_BYTES: [&str; 7] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

/// A size in the system's units, `digits` significant: `2.5 TB`, `2.27 TiB`, `500 B`.
pub fn bytes(x: f64, system: System, digits: i32) -> String {
    if !x.is_finite() {
        return "∞ B".into();
    }
    let (v, unit) = scaled(x, system, digits);
    format!("{} {unit}", sig(v, digits))
}

/// `≈ ` when [`bytes`] rounds `x`, else nothing.
pub fn bytes_about(x: f64, system: System, digits: i32) -> &'static str {
    about(scaled(x, system, digits).0, digits)
}

/// `x` bytes in the largest unit of the system it reaches (rounded), and that unit.
fn scaled(x: f64, system: System, digits: i32) -> (f64, &'static str) {
    let (base, names) = match system {
        System::Si => (1000f64, SI_BYTES),
        System::Binary => (1024f64, BINARY_BYTES),
    };
    let mut idx = 0;
    let mut v = x;
    while idx + 1 < names.len() && (v.abs() >= base || round_sig(v.abs(), digits) >= base) {
        v /= base;
        idx += 1;
    }
    (v, names[idx])
}

/// A length of time: whole days and more as days (`365 days`), else the largest of hours, minutes
/// and seconds that is at least one.
pub fn duration(secs: f64) -> String {
    let (v, unit) = duration_scaled(secs);
    let shown = sig(v, 4);
    if shown == "1" {
        format!("1 {unit}")
    } else {
        format!("{shown} {unit}s")
    }
}

/// `≈ ` when [`duration`] rounds `secs`, else nothing.
pub fn duration_about(secs: f64) -> &'static str {
    about(duration_scaled(secs).0, 4)
}

fn duration_scaled(secs: f64) -> (f64, &'static str) {
    use super::units::{DAY, HOUR, MINUTE};
    if secs >= DAY {
        (secs / DAY, "day")
    } else if secs >= HOUR {
        (secs / HOUR, "hour")
    } else if secs >= MINUTE {
        (secs / MINUTE, "minute")
    } else {
        (secs, "second")
    }
}

/// `≈ ` when `shown` (a rounding of `x`) is not exactly `x`, else nothing.
pub fn about(x: f64, digits: i32) -> &'static str {
    let r = round_sig(x, digits);
    if (r - x).abs() > 1e-12 * x.abs().max(1e-300) {
        "≈ "
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_said() {
        assert_eq!(sig(11_574.074, 3), "11,600");
        assert_eq!(sig(34.7222, 4), "34.72");
        assert_eq!(sig(0.001_234_5, 2), "0.0012");
        assert_eq!(grouped(11_574.074), "11,574");
        assert_eq!(grouped(86_400.0), "86,400");
        assert_eq!(grouped(1_368.75), "1,369");
        assert_eq!(grouped(34.722), "34.72");
        assert_eq!(compact(1e9, 3), "1B");
        assert_eq!(compact(11_574.07, 3), "11.6k");
        assert_eq!(compact(999_999.0, 3), "1M");
        assert_eq!(compact(50e6, 3), "50M");
        assert_eq!(compact(2.5, 3), "2.5");
        assert_eq!(compact(1.2e15, 3), "1,200T");
    }

    #[test]
    fn sizes_in_both_systems() {
        assert_eq!(bytes(2.5e12, System::Si, 3), "2.5 TB");
        assert_eq!(bytes(2.7375e15, System::Si, 5), "2.7375 PB");
        assert_eq!(bytes(2.7375e15, System::Si, 3), "2.74 PB");
        assert_eq!(bytes(2.5e12, System::Binary, 3), "2.27 TiB");
        assert_eq!(bytes(1024.0, System::Binary, 3), "1 KiB");
        assert_eq!(bytes(999.9, System::Si, 3), "1 KB");
        assert_eq!(bytes(500.0, System::Si, 3), "500 B");
        assert_eq!(bytes(0.0, System::Si, 3), "0 B");
    }

    #[test]
    fn durations_and_approximation() {
        assert_eq!(duration(365.0 * 86_400.0), "365 days");
        assert_eq!(duration(86_400.0), "1 day");
        assert_eq!(duration(90.0), "1.5 minutes");
        assert_eq!(about(11_574.07, 3), "≈ ");
        assert_eq!(about(2.5e12, 3), "");
    }
}
