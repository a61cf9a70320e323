//! The comparison's cumulative pay per offer over the years, drawn as an SVG line chart: every
//! coordinate and label worked out here, so the template only prints. The drawing keeps its
//! proportions (its text scales with it, never stretches); the same numbers are in a table beside it.

use serde::Serialize;
use tpmprep_offer::{Comparison, Money};

/// The drawing's size in SVG units and its margins (room for the axes' labels).
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 92.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 44.0;

/// Line colours (distinct for the common colour-blindnesses) and dash patterns, so lines differ
/// without colour too.
const COLOURS: [&str; 6] = [
    "#0b5cad", "#c2410c", "#15803d", "#7c3aed", "#be123c", "#0e7490",
];
const DASHES: [&str; 6] = ["", "8 5", "2 4", "10 4 2 4", "4 4", "1 3"];

#[derive(Debug, Serialize)]
pub(crate) struct Tick {
    y: String,
    label: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct XLabel {
    x: String,
    label: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct Dot {
    x: String,
    y: String,
    title: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct Series {
    name: String,
    colour: &'static str,
    dash: &'static str,
    points: String,
    dots: Vec<Dot>,
}

#[derive(Debug, Serialize)]
pub(crate) struct Chart {
    width: String,
    height: String,
    left: String,
    right: String,
    top: String,
    base: String,
    /// Where the x labels sit.
    label_y: String,
    /// Where the y labels end (right-aligned).
    label_x: String,
    ticks: Vec<Tick>,
    xlabels: Vec<XLabel>,
    pub(crate) series: Vec<Series>,
}

fn f(v: f64) -> String {
    format!("{v:.1}")
}

/// A round step for about four gridlines up to `max` (minor units): 1, 2 or 5 times a power of ten.
pub(crate) fn step(max: i64) -> i64 {
    if max <= 0 {
        return 1;
    }
    let rough = (max as f64 / 4.0).max(1.0);
    let mut p: i64 = 1;
    while (p as f64) * 10.0 <= rough {
        p = p.saturating_mul(10);
    }
    for m in [1, 2, 5, 10] {
        let s = p.saturating_mul(m);
        if s as f64 >= rough {
            return s;
        }
    }
    p.saturating_mul(10)
}

/// The chart of `c`'s cumulative totals.
pub(crate) fn chart(c: &Comparison) -> Chart {
    let max = c
        .offers
        .iter()
        .flat_map(|o| o.years.iter().map(|r| r.cumulative.0))
        .max()
        .unwrap_or(0)
        .max(0);
    let step = step(max);
    let steps = ((max + step - 1) / step).max(1);
    let top_value = (step * steps) as f64;
    let base = HEIGHT - BOTTOM;
    let span = base - TOP;
    let y_of = |v: i64| base - (v.max(0) as f64 / top_value) * span;
    let n = c.years.max(1);
    let inner = WIDTH - LEFT - RIGHT;
    let pad = 16.0;
    let x_of = |year: u32| {
        if n == 1 {
            LEFT + inner / 2.0
        } else {
            LEFT + pad + (year.saturating_sub(1)) as f64 * (inner - 2.0 * pad) / (n - 1) as f64
        }
    };
    let ticks = (0..=steps)
        .map(|i| Tick {
            y: f(y_of(i * step)),
            label: Money(i * step).short(&c.currency),
        })
        .collect();
    let xlabels = (1..=n)
        .map(|y| XLabel {
            x: f(x_of(y)),
            label: format!("Y{y}"),
        })
        .collect();
    let series = c
        .offers
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let dots: Vec<Dot> = o
                .years
                .iter()
                .map(|r| Dot {
                    x: f(x_of(r.year)),
                    y: f(y_of(r.cumulative.0)),
                    title: format!(
                        "{}: {} by the end of year {}",
                        o.name,
                        r.cumulative.display(&c.currency),
                        r.year
                    ),
                })
                .collect();
            Series {
                name: o.name.clone(),
                colour: COLOURS[i % COLOURS.len()],
                dash: DASHES[i % DASHES.len()],
                points: dots
                    .iter()
                    .map(|d| format!("{},{}", d.x, d.y))
                    .collect::<Vec<_>>()
                    .join(" "),
                dots,
            }
        })
        .collect();
    Chart {
        width: f(WIDTH),
        height: f(HEIGHT),
        left: f(LEFT),
        right: f(WIDTH - RIGHT),
        top: f(TOP),
        base: f(base),
        label_y: f(base + 26.0),
        label_x: f(LEFT - 8.0),
        ticks,
        xlabels,
        series,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_round_and_cover_the_maximum_in_about_four() {
        assert_eq!(step(0), 1);
        // $800,000 in cents: a $200k step.
        assert_eq!(step(80_000_000), 20_000_000);
        assert_eq!(step(90_000_000), 50_000_000);
        assert_eq!(step(7), 2);
        for max in [1, 9, 123, 45_678, 1_000_000_000] {
            let s = step(max);
            let n = (max + s - 1) / s;
            assert!((1..=5).contains(&n), "{max}: step {s} gives {n} steps");
        }
    }
}
