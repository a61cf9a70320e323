//! Properties of the estimator's quantities: conversions between SI and binary sizes, numbers
//! printed and read back, and any input at all read without a panic.

use proptest::prelude::*;
use tpmprep_practice::estimate::format::{System, bytes, compact, grouped, round_sig, sig};
use tpmprep_practice::estimate::{
    Expect, Field, Kind, Request, estimate, evaluate, parse, parse_ratio, parse_skew,
};

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(1e-300)
}

const SI: [(&str, f64); 6] = [
    ("KB", 1e3),
    ("MB", 1e6),
    ("GB", 1e9),
    ("TB", 1e12),
    ("PB", 1e15),
    ("EB", 1e18),
];
const BINARY: [(&str, f64); 6] = [
    ("KiB", 1024.0),
    ("MiB", 1_048_576.0),
    ("GiB", 1_073_741_824.0),
    ("TiB", 1_099_511_627_776.0),
    ("PiB", 1_125_899_906_842_624.0),
    ("EiB", 1_152_921_504_606_846_976.0),
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// `n KB` is n × 1,000 bytes and `n KiB` n × 1,024, at every power, in any case for SI.
    #[test]
    fn byte_units_convert_by_their_convention(n in 0.001f64..1e6, i in 0usize..6, lower in any::<bool>()) {
        let (si, si_factor) = SI[i];
        let (bin, bin_factor) = BINARY[i];
        let si = if lower { si.to_lowercase() } else { si.to_string() };
        let q = parse(&format!("{n}{si}"), Expect::Bytes).expect("SI");
        prop_assert_eq!(q.quantity.kind(), Kind::Bytes);
        prop_assert!(close(q.quantity.value, n * si_factor, 1e-12));
        prop_assert!(q.si_bytes && !q.binary_bytes);
        let q = parse(&format!("{n} {bin}"), Expect::Bytes).expect("binary");
        prop_assert!(close(q.quantity.value, n * bin_factor, 1e-12));
        prop_assert!(q.binary_bytes && !q.si_bytes);
        // One binary unit is 1.024ⁱ⁺¹ of its SI namesake.
        prop_assert!(close(bin_factor / si_factor, 1.024f64.powi(i as i32 + 1), 1e-12));
    }

    /// A size printed (in either system) at full precision reads back as the same number of
    /// bytes; at three significant digits, within half a unit of the third digit.
    #[test]
    fn sizes_round_trip_through_their_printing(x in 1.0f64..1e18, binary in any::<bool>()) {
        let system = if binary { System::Binary } else { System::Si };
        let printed = bytes(x, system, 15);
        let back = parse(&printed, Expect::Bytes).expect("reads back").quantity;
        prop_assert_eq!(back.kind(), Kind::Bytes);
        prop_assert!(close(back.value, x, 1e-9), "{} → {} → {}", x, printed, back.value);
        let shown = bytes(x, system, 3);
        let back = parse(&shown, Expect::Bytes).expect("reads back").quantity;
        prop_assert!(close(back.value, x, 5e-3), "{} → {} → {}", x, shown, back.value);
    }

    /// Counts printed compactly (`11.6k`, `1.2B`) and grouped (`86,400`) read back.
    #[test]
    fn counts_round_trip(x in prop_oneof![Just(0.0), 1e-3f64..1e15]) {
        let full = compact(x, 15);
        let back = parse(&full, Expect::Any).expect("reads back").quantity;
        prop_assert_eq!(back.kind(), Kind::Count);
        prop_assert!(close(back.value, x, 1e-9), "{} → {} → {}", x, full, back.value);
        let short = compact(x, 3);
        let back = parse(&short, Expect::Any).expect("reads back").quantity.value;
        prop_assert!(close(back, x, 5e-3) || x < 1e-3, "{} → {} → {}", x, short, back);
        let g = grouped(x);
        let back = parse(&g, Expect::Any).expect("reads back").quantity.value;
        prop_assert!((back - x).abs() <= 0.5 + 1e-9 * x || close(back, x, 1e-3), "{} → {} → {}", x, g, back);
    }

    /// Rates in any time unit convert to per second, and print back to the same per second.
    #[test]
    fn rates_convert_per_second(n in 0.001f64..1e9, unit in 0usize..7) {
        let units = [("s", 1.0), ("min", 60.0), ("h", 3600.0), ("day", 86_400.0), ("w", 604_800.0),
            ("month", 2_592_000.0), ("year", 31_536_000.0)];
        let (name, secs) = units[unit];
        let e = evaluate(&format!("{n}/{name}"), System::Si).expect("rate");
        prop_assert_eq!(e.kind, "rate");
        prop_assert!(close(e.value, n / secs, 1e-12));
        let text = e.text.trim_start_matches("≈ ").to_string();
        let back = parse(&text, Expect::Any).expect("reads back").quantity;
        prop_assert_eq!(back.kind(), Kind::Rate);
        prop_assert!(close(back.value, n / secs, 5e-3) || n / secs < 1e-3, "{} → {}", n / secs, text);
    }

    /// Rounding to significant digits stays within half a unit of the last digit kept.
    #[test]
    fn significant_digits_round_to_nearest(x in -1e12f64..1e12, d in 1i32..10) {
        let r = round_sig(x, d);
        if x != 0.0 {
            prop_assert!((r - x).abs() <= 0.5 * 10f64.powi(x.abs().log10().floor() as i32 - d + 1) * (1.0 + 1e-9));
        }
        let s = sig(x, d);
        prop_assert!(!s.is_empty());
    }

    /// Any text at all: the parser, the ratio, the skew, the expression and the whole estimate
    /// answer without a panic.
    #[test]
    fn any_input_reads_or_is_refused_without_a_panic(s in "\\PC{0,60}") {
        let _ = parse(&s, Expect::Any);
        let _ = parse(&s, Expect::Bytes);
        let _ = parse_ratio(&s);
        let _ = parse_skew(&s);
        let _ = evaluate(&s, System::Binary);
        for f in Field::ALL {
            let mut r = Request::default();
            r.set(Field::Dau, Some("1M".into()));
            r.set(Field::PerUser, Some("10/day".into()));
            r.set(f, Some(s.clone()));
            if let Err(e) = estimate(&r, System::Si) {
                prop_assert_eq!(e.field, f, "{}", e);
                prop_assert!(!e.to_string().is_empty());
            }
        }
    }

    /// Text made of the estimator's own pieces (numbers, units, operators) answers without a
    /// panic, and every value it accepts is finite and not negative.
    #[test]
    fn unit_soup_never_panics(parts in proptest::collection::vec(
        prop_oneof![
            Just("50M"), Just("2.5KB"), Just("*"), Just("/"), Just("x"), Just("day"), Just("users"),
            Just("1.2k"), Just("s"), Just("%"), Just("KiB"), Just("0"), Just("1e308"), Just(":"),
            Just("B"), Just("per"), Just("×"), Just(","), Just("."), Just("9"), Just(" "),
        ], 0..12)) {
        let s: String = parts.concat();
        if let Ok(p) = parse(&s, Expect::Any) {
            prop_assert!(p.quantity.value.is_finite() && p.quantity.value >= 0.0, "{} → {:?}", s, p.quantity);
        }
        let _ = evaluate(&s, System::Si);
    }
}

#[test]
fn errors_say_which_token_and_what_was_meant() {
    let e = parse("10M usres", Expect::Any).expect_err("typo");
    assert_eq!(e.token(), Some("usres"));
    assert!(e.to_string().ends_with("(did you mean users?)"), "{e}");
}
