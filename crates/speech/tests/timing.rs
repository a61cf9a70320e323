//! Property tests on the timing maths: for any set of timed cues, the windows cover the answer
//! without gaps and hold every word once, pauses are exactly the silences of 1.5 s or more, and
//! the rates agree with the counts.

use proptest::prelude::*;
use tpmprep_speech::{Format, Lexicon, analyse, read, star_shares, timed};

/// `(gap before the cue ms, cue length ms, words in it)`.
fn cues() -> impl Strategy<Value = Vec<(u64, u64, usize)>> {
    prop::collection::vec((0u64..4_000, 0u64..9_000, 1usize..25), 1..40)
}

fn stamp(ms: u64) -> String {
    format!(
        "{:02}:{:02}:{:02},{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

fn srt(c: &[(u64, u64, usize)]) -> (String, Vec<(u64, u64)>) {
    let mut t = 0;
    let mut out = String::new();
    let mut times = Vec::new();
    for (n, (gap, len, words)) in c.iter().enumerate() {
        let s = t + gap;
        let e = s + len;
        times.push((s, e));
        let text = vec!["um word"; *words].join(" ");
        out.push_str(&format!(
            "{}\n{} --> {}\n{text}.\n\n",
            n + 1,
            stamp(s),
            stamp(e)
        ));
        t = e;
    }
    (out, times)
}

proptest! {
    #[test]
    fn windows_pauses_and_rates_agree(c in cues()) {
        let (file, times) = srt(&c);
        let t = read(&file, Some(Format::Srt), None).expect("generated SRT reads");
        let a = analyse(&t, &Lexicon::standard());
        let words: usize = c.iter().map(|(_, _, w)| w * 2).sum();
        prop_assert_eq!(a.words, words);
        let first = times.first().map_or(0, |x| x.0);
        let last = times.last().map_or(0, |x| x.1);
        let duration = last - first;
        prop_assert!((a.duration_seconds - duration as f64 / 1000.0).abs() < 1e-9);
        if duration == 0 {
            prop_assert!(a.windows.is_empty());
            prop_assert!(a.wpm == 0.0);
        } else {
            prop_assert!((a.wpm - words as f64 * 60_000.0 / duration as f64).abs() < 1e-6);
            // Windows: contiguous from 0 to the end; every word in exactly one.
            prop_assert_eq!(a.windows.first().map(|w| w.start), Some(0.0));
            prop_assert!((a.windows.last().map_or(0.0, |w| w.end) - a.duration_seconds).abs() < 1e-9);
            for p in a.windows.windows(2) {
                prop_assert!((p[0].end - p[1].start).abs() < 1e-9);
                prop_assert!((p[0].end - p[0].start - 30.0).abs() < 1e-9);
            }
            if a.windows.len() > 1 {
                let tail = a.windows.last().map_or(0.0, |w| w.end - w.start);
                prop_assert!((10.0..40.0).contains(&tail), "tail {}", tail);
            }
            prop_assert_eq!(a.windows.iter().map(|w| w.words).sum::<usize>(), words);
            for w in &a.windows {
                prop_assert!((w.wpm - w.words as f64 * 60.0 / (w.end - w.start)).abs() < 1e-6);
            }
        }
        // Pauses: exactly the gaps of ≥ 1.5 s between one cue's end and the next one's start.
        let expected: Vec<(u64, u64)> = times
            .windows(2)
            .filter(|p| p[1].0 >= p[0].1 + 1_500)
            .map(|p| (p[0].1 - first, p[1].0 - p[0].1))
            .collect();
        let got: Vec<(u64, u64)> = a
            .pauses
            .iter()
            .map(|p| ((p.start * 1000.0).round() as u64, (p.seconds * 1000.0).round() as u64))
            .collect();
        prop_assert_eq!(got, expected);
        // Every "um" is a filler; the rate follows the count.
        prop_assert_eq!(a.fillers, words / 2);
        if duration > 0 {
            prop_assert!((a.fillers_per_minute - a.fillers as f64 * 60_000.0 / duration as f64).abs() < 1e-6);
        }
        // Word times never go back and stay inside the answer.
        let w = timed(&t);
        prop_assert!(w.windows(2).all(|p| p[0].at_ms <= p[1].at_ms));
        prop_assert!(w.iter().all(|x| x.at_ms <= duration));
    }

    #[test]
    fn star_shares_add_up(c in cues(), cut in 0usize..100) {
        let (file, _) = srt(&c);
        let t = read(&file, Some(Format::Srt), None).expect("generated SRT reads");
        let at = (t.text.len() * cut / 100).min(t.text.len());
        let parts = [(0, at, "situation"), (at, t.text.len(), "action")];
        let shares = star_shares(&t, &parts);
        let total: f64 = shares.iter().map(|s| s.share).sum();
        if shares.iter().any(|s| s.seconds > 0.0) {
            prop_assert!((total - 1.0).abs() < 1e-9, "{:?}", shares);
        }
        prop_assert!(shares.iter().all(|s| s.seconds <= t.duration_ms as f64 / 1000.0 + 1e-9));
    }
}
