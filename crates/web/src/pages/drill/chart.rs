//! The forecast of reviews per day drawn as an SVG bar chart: every coordinate worked out here, so
//! the template only prints. The numbers are in the bars' titles and in a table beside it too; the
//! first and last dates are HTML under the drawing (SVG text would stretch with it).

use serde::Serialize;
use tpmprep_practice::drill::ForecastDay;

/// The drawing's width and the bars' height, in SVG units.
const WIDTH: u32 = 600;
const HEIGHT: u32 = 120;

#[derive(Debug, Serialize)]
pub(crate) struct Bar {
    x: String,
    y: u32,
    w: String,
    h: u32,
    date: String,
    reviews: u32,
}

#[derive(Debug, Serialize)]
pub(crate) struct Chart {
    width: u32,
    base: u32,
    max: u32,
    first: String,
    last: String,
    bars: Vec<Bar>,
    days: Vec<(String, u32)>,
    total: u32,
}

pub(crate) fn chart(forecast: &[ForecastDay]) -> Chart {
    let n = forecast.len().max(1) as f32;
    let max = forecast.iter().map(|d| d.reviews).max().unwrap_or(0);
    let slot = WIDTH as f32 / n;
    let bars = forecast
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let h = if max == 0 {
                0
            } else {
                // A day with reviews is at least 2 units tall, so it shows.
                ((d.reviews as f32 / max as f32) * HEIGHT as f32)
                    .round()
                    .max(if d.reviews > 0 { 2.0 } else { 0.0 }) as u32
            };
            Bar {
                x: format!("{:.2}", i as f32 * slot + slot * 0.1),
                y: HEIGHT - h,
                w: format!("{:.2}", (slot * 0.8).max(0.5)),
                h,
                date: d.date.clone(),
                reviews: d.reviews,
            }
        })
        .collect();
    Chart {
        width: WIDTH,
        base: HEIGHT,
        max,
        first: forecast.first().map(|d| d.date.clone()).unwrap_or_default(),
        last: forecast.last().map(|d| d.date.clone()).unwrap_or_default(),
        bars,
        days: forecast
            .iter()
            .map(|d| (d.date.clone(), d.reviews))
            .collect(),
        total: forecast.iter().map(|d| d.reviews).sum(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(date: &str, reviews: u32) -> ForecastDay {
        ForecastDay {
            date: date.into(),
            reviews,
        }
    }

    #[test]
    fn bars_scale_to_the_busiest_day_and_small_days_still_show() {
        let c = chart(&[
            day("2026-12-05", 10),
            day("2026-12-06", 0),
            day("2026-12-07", 1),
        ]);
        assert_eq!(c.max, 10);
        assert_eq!(c.bars[0].h, HEIGHT);
        assert_eq!(c.bars[0].y, 0);
        assert_eq!(c.bars[1].h, 0);
        assert!(c.bars[2].h >= 2);
        assert_eq!(c.total, 11);
        assert_eq!(c.last, "2026-12-07");
        let empty = chart(&[]);
        assert!(empty.bars.is_empty());
        assert_eq!(empty.max, 0);
    }
}
