//! A spoken answer's timeline, drawn as an SVG: the pace of each 30-second window as a bar (the
//! comfortable 130–160 band shaded behind), long pauses as shaded gaps, fillers and hedges as ticks
//! under the time axis. Every coordinate and label is worked out here, so the template only prints.
//! The drawing keeps its proportions (a viewBox at 100% width); the same numbers are in tables
//! beside it.

use serde::Serialize;
use tpmprep_speech::{Analysis, Pace};

/// The drawing's size in SVG units and its margins.
const WIDTH: f64 = 480.0;
const HEIGHT: f64 = 236.0;
const LEFT: f64 = 38.0;
const RIGHT: f64 = 10.0;
const TOP: f64 = 10.0;
/// Room under the plot: the marks' lane, then the time labels.
const BOTTOM: f64 = 50.0;
/// The comfortable band, words a minute.
const BAND: (f64, f64) = (130.0, 160.0);

/// A time as m:ss.
pub(crate) fn clock(seconds: f64) -> String {
    let s = if seconds.is_finite() {
        seconds.round().max(0.0) as u64
    } else {
        0
    };
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, (s % 3600) / 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

fn f(v: f64) -> String {
    format!("{v:.1}")
}

/// A horizontal gridline and its label.
#[derive(Debug, Serialize)]
pub(crate) struct YTick {
    y: String,
    label: String,
}

/// A time label under the axis.
#[derive(Debug, Serialize)]
pub(crate) struct XTick {
    x: String,
    label: String,
    /// `middle`, or `end` for a label at the right edge (so it is not cut off).
    anchor: &'static str,
}

/// A rectangle with its tooltip.
#[derive(Debug, Serialize)]
pub(crate) struct Rect {
    x: String,
    y: String,
    w: String,
    h: String,
    /// `slow`, `comfortable`, `fast` (bars) or `pause`.
    class: &'static str,
    title: String,
}

/// A filler's or hedge's tick.
#[derive(Debug, Serialize)]
pub(crate) struct Tick {
    x: String,
    y1: String,
    y2: String,
    /// `filler` or `hedge`.
    class: &'static str,
    title: String,
}

/// The whole drawing.
#[derive(Debug, Serialize)]
pub(crate) struct Timeline {
    pub(crate) width: String,
    pub(crate) height: String,
    left: String,
    right: String,
    top: String,
    base: String,
    /// The band's rectangle.
    band_y: String,
    band_h: String,
    band_w: String,
    /// Where the time labels sit, and the y labels end.
    label_y: String,
    label_x: String,
    yticks: Vec<YTick>,
    xticks: Vec<XTick>,
    pub(crate) bars: Vec<Rect>,
    pub(crate) pauses: Vec<Rect>,
    pub(crate) marks: Vec<Tick>,
    /// A one-line description for screen readers.
    pub(crate) summary: String,
}

fn pace_class(p: Pace) -> &'static str {
    match p {
        Pace::Slow => "slow",
        Pace::Comfortable => "comfortable",
        Pace::Fast => "fast",
    }
}

/// Seconds between time labels: about six labels across.
pub(crate) fn time_step(span: f64) -> f64 {
    for s in [10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0] {
        if span / s <= 7.0 {
            return s;
        }
    }
    1200.0
}

/// The timeline of `a`.
pub(crate) fn timeline(a: &Analysis) -> Timeline {
    let span = a
        .windows
        .iter()
        .map(|w| w.end)
        .chain(a.pauses.iter().map(|p| p.start + p.seconds))
        .chain(a.filler_marks.iter().map(|m| m.at))
        .chain(a.hedge_marks.iter().map(|m| m.at))
        .chain(std::iter::once(a.duration_seconds))
        .filter(|v| v.is_finite())
        .fold(1.0_f64, f64::max);
    let max_wpm = a
        .windows
        .iter()
        .map(|w| w.wpm)
        .filter(|v| v.is_finite())
        .fold(200.0_f64, f64::max);
    let top_wpm = (max_wpm / 50.0).ceil() * 50.0;
    let base = HEIGHT - BOTTOM;
    let plot_h = base - TOP;
    let inner = WIDTH - LEFT - RIGHT;
    let x_of = |t: f64| LEFT + (t.clamp(0.0, span) / span) * inner;
    let y_of = |w: f64| base - (w.clamp(0.0, top_wpm) / top_wpm) * plot_h;
    let yticks = (0..=(top_wpm / 50.0) as u32)
        .map(|i| {
            let v = f64::from(i) * 50.0;
            YTick {
                y: f(y_of(v)),
                label: format!("{v:.0}"),
            }
        })
        .collect();
    let step = time_step(span);
    let xticks = (0..=(span / step).floor() as u32)
        .map(|i| {
            let t = f64::from(i) * step;
            let x = x_of(t);
            XTick {
                x: f(x),
                label: clock(t),
                anchor: if x > WIDTH - RIGHT - 16.0 {
                    "end"
                } else {
                    "middle"
                },
            }
        })
        .collect();
    let bars = a
        .windows
        .iter()
        .map(|w| {
            let x0 = x_of(w.start);
            let x1 = x_of(w.end);
            let y = y_of(w.wpm);
            Rect {
                x: f(x0 + 1.0),
                y: f(y),
                w: f((x1 - x0 - 2.0).max(1.0)),
                h: f((base - y).max(0.0)),
                class: pace_class(w.pace),
                title: format!(
                    "{}–{}: {:.0} words a minute ({}), {} words",
                    clock(w.start),
                    clock(w.end),
                    w.wpm,
                    pace_class(w.pace),
                    w.words
                ),
            }
        })
        .collect();
    let pauses = a
        .pauses
        .iter()
        .map(|p| {
            let x0 = x_of(p.start);
            let x1 = x_of(p.start + p.seconds);
            Rect {
                x: f(x0),
                y: f(TOP),
                w: f((x1 - x0).max(2.0)),
                h: f(plot_h),
                class: "pause",
                title: format!(
                    "Pause of {:.1} s at {} after “{}”",
                    p.seconds,
                    clock(p.start),
                    p.after
                ),
            }
        })
        .collect();
    let mut marks: Vec<Tick> = a
        .filler_marks
        .iter()
        .map(|m| Tick {
            x: f(x_of(m.at)),
            y1: f(base + 3.0),
            y2: f(base + 13.0),
            class: "filler",
            title: format!("Filler “{}” at {}", m.phrase, clock(m.at)),
        })
        .collect();
    marks.extend(a.hedge_marks.iter().map(|m| Tick {
        x: f(x_of(m.at)),
        y1: f(base + 13.0),
        y2: f(base + 23.0),
        class: "hedge",
        title: format!("Hedge “{}” at {}", m.phrase, clock(m.at)),
    }));
    let band_top = y_of(BAND.1);
    Timeline {
        width: f(WIDTH),
        height: f(HEIGHT),
        left: f(LEFT),
        right: f(WIDTH - RIGHT),
        top: f(TOP),
        base: f(base),
        band_y: f(band_top),
        band_h: f(y_of(BAND.0) - band_top),
        band_w: f(inner),
        label_y: f(HEIGHT - 8.0),
        label_x: f(LEFT - 4.0),
        yticks,
        xticks,
        bars,
        pauses,
        marks,
        summary: format!(
            "Pace over {}: {} windows of 30 seconds, {} long pauses, {} fillers and {} hedges marked.",
            clock(span),
            a.windows.len(),
            a.pauses.len(),
            a.filler_marks.len(),
            a.hedge_marks.len()
        ),
    }
}

/// One STAR part's piece of the stacked bar (percent of the bar's width).
#[derive(Debug, Serialize)]
pub(crate) struct Share {
    part: String,
    label: String,
    x: String,
    w: String,
    percent: String,
    seconds: String,
}

/// The STAR shares as pieces of a bar 100 units wide, in STAR order (empty parts left out).
pub(crate) fn star_bar(shares: &[tpmprep_speech::PartShare]) -> Vec<Share> {
    let total: f64 = shares.iter().map(|s| s.share.max(0.0)).sum();
    let scale = if total > 1.0 { 1.0 / total } else { 1.0 };
    let mut at = 0.0;
    let mut out = Vec::new();
    for s in shares.iter().filter(|s| s.share > 0.0) {
        let w = s.share * scale * 100.0;
        let mut label = s.part.clone();
        if let Some(first) = label.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        out.push(Share {
            part: s.part.clone(),
            label,
            x: format!("{at:.2}"),
            w: format!("{w:.2}"),
            percent: format!("{:.0}%", s.share * 100.0),
            seconds: format!("{:.0} s", s.seconds),
        });
        at += w;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_labels_come_about_six_across() {
        assert_eq!(time_step(90.0), 15.0);
        assert_eq!(time_step(180.0), 30.0);
        assert_eq!(time_step(600.0), 120.0);
        assert_eq!(clock(125.4), "2:05");
    }

    #[test]
    fn the_star_bar_fills_at_most_its_width() {
        let shares = vec![
            tpmprep_speech::PartShare {
                part: "situation".into(),
                seconds: 30.0,
                share: 0.6,
            },
            tpmprep_speech::PartShare {
                part: "task".into(),
                seconds: 0.0,
                share: 0.0,
            },
            tpmprep_speech::PartShare {
                part: "action".into(),
                seconds: 30.0,
                share: 0.6,
            },
        ];
        let bar = star_bar(&shares);
        assert_eq!(bar.len(), 2, "an empty part is left out");
        assert_eq!(bar[0].label, "Situation");
        assert_eq!(bar[1].x, "50.00");
        assert_eq!(bar[1].w, "50.00");
        assert_eq!(bar[1].percent, "60%");
    }
}
