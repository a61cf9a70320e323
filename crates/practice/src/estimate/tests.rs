//! Worked examples, checked by hand.

use super::*;

fn request(pairs: &[(Field, &str)]) -> Request {
    let mut r = Request::default();
    for (f, v) in pairs {
        r.set(*f, Some((*v).to_string()));
    }
    r
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// The issue's command: `--dau 50M --per-user 20/day --peak-factor 3 --object 2.5KB
/// --retention 365d --replication 3`.
fn issue() -> Estimate {
    let r = request(&[
        (Field::Dau, "50M"),
        (Field::PerUser, "20/day"),
        (Field::PeakFactor, "3"),
        (Field::Object, "2.5KB"),
        (Field::Retention, "365d"),
        (Field::Replication, "3"),
    ]);
    estimate(&r, System::Si).expect("estimate")
}

#[test]
fn the_issues_example_by_hand() {
    let e = issue();
    let f = &e.figures;
    // 50M × 20 = 1e9 actions a day, all writes.
    assert_eq!(f.actions_per_day.value, 1e9);
    // 1e9 ÷ 86,400 = 11,574.07/s; × 3 = 34,722.2/s.
    assert!(
        close(e.average_qps, 11_574.074_074_074_073),
        "{}",
        e.average_qps
    );
    assert!(close(e.peak_qps, 34_722.222_222_222_22), "{}", e.peak_qps);
    assert_eq!(f.average_read_qps.value, 0.0);
    assert!(close(f.average_write_qps.value, e.average_qps));
    // 1e9 × 2,500 bytes = 2.5e12 a day; × 365 = 9.125e14 a year; × 365 × 3 = 2.7375e15.
    assert!(close(e.storage_bytes_per_day, 2.5e12));
    assert!(close(f.storage_per_year.value, 9.125e14));
    assert!(close(e.storage_bytes_total, 2.7375e15));
    // 11,574.07/s × 2,500 = 28.9 MB/s in, nothing out; × 3 at peak.
    assert!(close(f.bandwidth_in.value, 1e9 * 2500.0 / 86_400.0));
    assert!(close(
        f.peak_bandwidth_in.value,
        3.0 * 1e9 * 2500.0 / 86_400.0
    ));
    assert_eq!(f.bandwidth_out.value, 0.0);
    // The hot 20% of a day's 2.5 TB = 500 GB.
    assert!(close(f.cache_size.value, 5e11));
    // 34,722 ÷ 1,000 = 34.7 → 35; 2.7375 PB ÷ 2 TB = 1,368.75 → 1,369.
    assert_eq!(f.nodes_for_qps.value, 35.0);
    assert_eq!(f.nodes_for_storage.value, 1_369.0);
    assert_eq!(f.nodes.value, 1_369.0);

    // As said aloud.
    assert_eq!(
        f.average_qps.arithmetic,
        "50M users × 20/day = 1B/day ÷ 86,400 s = 11,574/s"
    );
    assert_eq!(f.average_qps.text, "≈ 11.6k/s");
    assert_eq!(f.peak_qps.text, "≈ 34.7k/s");
    assert_eq!(
        f.peak_qps.arithmetic,
        "11,574/s × 3 (peak factor) = 34,722/s"
    );
    assert_eq!(f.storage_per_day.text, "2.5 TB/day");
    assert_eq!(
        f.storage_per_day.arithmetic,
        "1B writes/day × 2.5 KB = 2.5 TB/day"
    );
    assert_eq!(
        f.storage_total.arithmetic,
        "2.5 TB/day × 365 days retention × 3 copies = 2.7375 PB"
    );
    assert_eq!(f.storage_total.text, "≈ 2.74 PB");
    assert_eq!(
        f.storage_per_year.arithmetic,
        "2.5 TB/day × 365 days = 912.5 TB (one copy)"
    );
    assert_eq!(f.bandwidth_in.text, "≈ 28.9 MB/s");
    assert_eq!(
        f.nodes_for_storage.arithmetic,
        "2.7375 PB ÷ 2 TB per node = 1,368.75 → 1,369"
    );
    assert_eq!(
        f.nodes_for_qps.arithmetic,
        "34,722/s at peak ÷ 1,000/s per node = 34.7222 → 35"
    );
    assert!(
        f.average_read_qps
            .arithmetic
            .contains("every action counted as a write"),
        "{}",
        f.average_read_qps.arithmetic
    );
    assert_eq!(
        f.cache_size.arithmetic,
        "2.5 TB/day × 20% = 500 GB (the hottest 20% of the data serves 80% of reads, the 80% hit \
         target)"
    );

    // What was not given is said as assumed, and nothing given is.
    let assumed = e.assumed.join("; ");
    for word in [
        "Read:write ratio",
        "Per-node capacity (QPS): 1,000/s",
        "Per-node capacity (storage): 2 TB",
        "Cache hit target: 80%",
        "Access skew: 80/20",
    ] {
        assert!(assumed.contains(word), "{word} in {assumed}");
    }
    assert!(
        !assumed.contains("Peak") && !assumed.contains("Object"),
        "{assumed}"
    );
    assert!(e.inputs.node_qps.assumed && !e.inputs.dau.assumed);
    assert_eq!(e.inputs.dau.given.as_deref(), Some("50M"));
    assert_eq!(e.units.system, System::Si);
}

#[test]
fn reads_and_writes_split_the_actions() {
    // 10M × 100 = 1e9 actions a day, 10:1 → 10/11 reads; 1 KB objects (the default).
    let r = request(&[
        (Field::Dau, "10M users"),
        (Field::PerUser, "100/day"),
        (Field::ReadWrite, "10:1"),
        (Field::CacheHit, "90%"),
    ]);
    let e = estimate(&r, System::Si).expect("estimate");
    let f = &e.figures;
    let avg = 1e9 / 86_400.0;
    assert!(close(f.average_read_qps.value, avg * 10.0 / 11.0));
    assert!(close(f.average_write_qps.value, avg / 11.0));
    // Peak factor 2 assumed.
    assert!(close(e.peak_qps, 2.0 * avg));
    // 1e9/11 writes × 1,000 bytes = 90.9 GB a day.
    let day = 1e9 / 11.0 * 1000.0;
    assert!(close(e.storage_bytes_per_day, day));
    // 365 days × 3 copies assumed.
    assert!(close(e.storage_bytes_total, day * 365.0 * 3.0));
    assert!(close(f.bandwidth_out.value, avg * 10.0 / 11.0 * 1000.0));
    // 90% hits with 80/20: the hot 20%, plus (90 − 80)/(100 − 80) = half the colder 80% → 60%.
    assert!(
        close(f.cache_size.value, day * 0.6),
        "{}",
        f.cache_size.value
    );
    assert!(
        f.cache_size.arithmetic.ends_with(
            "a 90% hit target needs 20% + 80% × (90% − 80%)/(100% − 80%) = 60% of the data)"
        ),
        "{}",
        f.cache_size.arithmetic
    );
    assert_eq!(
        f.average_read_qps.arithmetic,
        "11,574/s × 10/(10 + 1) (read:write 10:1) = 10,522/s"
    );

    // 70% hits: 20% × 70/80 = 17.5% of the data.
    let mut r = r;
    r.set(Field::CacheHit, Some("70%".into()));
    let e = estimate(&r, System::Si).expect("estimate");
    assert!(close(e.figures.cache_size.value, day * 0.175));
}

#[test]
fn binary_units_print_kib_and_say_so() {
    let r = request(&[
        (Field::Dau, "50M"),
        (Field::PerUser, "20/day"),
        (Field::Object, "2.5KB"),
    ]);
    let e = estimate(&r, System::Binary).expect("estimate");
    // 2.5e12 bytes = 2.5e12 / 1024⁴ = 2.2737 TiB.
    assert_eq!(e.figures.storage_per_day.text, "≈ 2.27 TiB/day");
    assert!(e.units.note.starts_with("Sizes in binary units"));
    assert_eq!(e.units.system.as_str(), "binary");
    // The value is the same; only the words change.
    assert!(close(e.storage_bytes_per_day, 2.5e12));
    let kib = request(&[
        (Field::Dau, "1"),
        (Field::PerUser, "1/day"),
        (Field::Object, "2KiB"),
    ]);
    let e = estimate(&kib, System::Binary).expect("estimate");
    assert_eq!(e.inputs.object.value, 2048.0);
    assert_eq!(e.inputs.object.text, "2 KiB");
}

#[test]
fn bare_numbers_read_in_the_fields_natural_unit_and_say_so() {
    let r = request(&[
        (Field::Dau, "1000"),
        (Field::PerUser, "20"),
        (Field::Retention, "30"),
        (Field::NodeQps, "500"),
        (Field::CacheHit, "0.9"),
        (Field::PeakFactor, "2.5x"),
    ]);
    let e = estimate(&r, System::Si).expect("estimate");
    assert_eq!(e.inputs.per_user.value, 20.0);
    assert!(e.inputs.per_user.text.contains("read per day"));
    assert_eq!(e.inputs.retention.value, 30.0 * 86_400.0);
    assert_eq!(e.inputs.node_qps.value, 500.0);
    assert!(close(e.inputs.cache_hit.value, 0.9));
    assert_eq!(e.inputs.peak_factor.value, 2.5);
    let r = request(&[
        (Field::Dau, "1000"),
        (Field::PerUser, "20"),
        (Field::CacheHit, "90"),
    ]);
    let e = estimate(&r, System::Si).expect("estimate");
    assert!(close(e.inputs.cache_hit.value, 0.9));
}

#[test]
fn errors_name_the_field_and_token() {
    let e = estimate(
        &request(&[(Field::Dau, "10M usres"), (Field::PerUser, "20/day")]),
        System::Si,
    )
    .expect_err("typo");
    assert_eq!(e.field, Field::Dau);
    assert_eq!(e.token(), Some("usres"));
    assert_eq!(
        e.to_string(),
        r#"--dau "10M usres": unknown unit "usres" (did you mean users?)"#
    );
    assert_eq!(
        e.message(),
        r#""10M usres": unknown unit "usres" (did you mean users?)"#
    );

    let missing = estimate(&request(&[(Field::Dau, "50M")]), System::Si).expect_err("missing");
    assert_eq!(missing.field, Field::PerUser);
    assert!(
        missing.to_string().starts_with("--per-user is needed"),
        "{missing}"
    );

    for (field, bad, says) in [
        (Field::Object, "20/day", "is a rate; this takes a size"),
        (
            Field::Retention,
            "2.5KB",
            "is a size in bytes; this takes a duration",
        ),
        (Field::Dau, "5KB", "is a size in bytes"),
        (Field::PeakFactor, "0.5", "at least the average"),
        (Field::Replication, "0", "copies go from 1 to 100"),
        (Field::CacheHit, "120%", "at most 100%"),
        (Field::Skew, "80/30", "add up to 100"),
        (Field::ReadWrite, "0:0", "no reads and no writes"),
        (Field::NodeQps, "0", "more than 0"),
    ] {
        let mut r = request(&[(Field::Dau, "1M"), (Field::PerUser, "10/day")]);
        r.set(field, Some(bad.into()));
        let e = estimate(&r, System::Si).expect_err(bad);
        assert_eq!(e.field, field, "{bad}: {e}");
        assert!(e.to_string().contains(says), "{bad}: {e}");
        assert!(e.to_string().starts_with(field.flag()), "{e}");
    }
}

#[test]
fn overflowing_inputs_are_refused_in_words() {
    let r = request(&[
        (Field::Dau, "1e200"),
        (Field::PerUser, "1e200/day"),
        (Field::Object, "1e200 bytes"),
    ]);
    let e = estimate(&r, System::Si).expect_err("too large");
    assert!(e.to_string().contains("too large to compute"), "{e}");
}

#[test]
fn expressions_work_out_with_their_arithmetic() {
    let e = evaluate("10M users * 20/day", System::Si).expect("eval");
    assert_eq!(e.kind, "rate");
    assert!(close(e.value, 2e8 / 86_400.0));
    assert_eq!(e.text, "≈ 2.31k/s");
    assert_eq!(
        e.arithmetic,
        "10M users × 20/day = 200M/day ÷ 86,400 s = 2,315/s"
    );
    let e = evaluate("2.5KB * 1B", System::Si).expect("eval");
    assert_eq!((e.kind, e.text.as_str()), ("bytes", "2.5 TB"));
    let e = evaluate("1.2k/s", System::Si).expect("eval");
    assert_eq!(e.text, "1.2k/s");
    let e = evaluate("1 GiB", System::Si).expect("eval");
    assert_eq!(e.text, "≈ 1.07 GB");
    let e = evaluate("1 GiB", System::Binary).expect("eval");
    assert_eq!(e.text, "1 GiB");
    let e = evaluate("1.2k/s * 2.5KB", System::Si).expect("eval");
    assert_eq!((e.kind, e.text.as_str()), ("data rate", "3 MB/s"));
    let e = evaluate("5y", System::Si).expect("eval");
    assert_eq!(e.text, "1,825 days");
    let e = evaluate("10M usres", System::Si).expect_err("typo");
    assert_eq!(
        e.to_string(),
        r#""10M usres": unknown unit "usres" (did you mean users?)"#
    );
}
