//! What the writing pages draw from a report and a history: findings grouped by category, the
//! marked text, the word-count line and the scores over time as a small SVG line.

use serde::Serialize;
use tpmprep_app::writing::HistoryPoint;
use tpmprep_narrative::{Finding, MAX_WORDS, Report, TARGET_WORDS, WORDS_PER_PAGE};
use tpmprep_store::{WritingId, WritingSummary};

use crate::pages::critique::{Segment, marked};

/// The categories in the order the panel shows them, with their headings.
const CATEGORIES: &[(&str, &str)] = &[
    ("spelling", "Spelling"),
    ("grammar", "Grammar"),
    ("clarity", "Clarity"),
    ("substance", "Substance"),
];

/// A finding with its number (1-based, as the marks in the text name it).
#[derive(Serialize)]
pub(crate) struct Numbered<'a> {
    n: usize,
    #[serde(flatten)]
    f: &'a Finding,
}

/// The findings of one category.
#[derive(Serialize)]
pub(crate) struct Group<'a> {
    category: &'static str,
    heading: &'static str,
    findings: Vec<Numbered<'a>>,
}

/// The report's findings grouped by category, each numbered in the report's order.
pub(crate) fn groups(r: &Report) -> Vec<Group<'_>> {
    CATEGORIES
        .iter()
        .filter_map(|&(category, heading)| {
            let findings: Vec<Numbered<'_>> = r
                .findings
                .iter()
                .enumerate()
                .filter(|(_, f)| f.category == category)
                .map(|(i, f)| Numbered { n: i + 1, f })
                .collect();
            (!findings.is_empty()).then_some(Group {
                category,
                heading,
                findings,
            })
        })
        .collect()
}

/// `text` cut into plain and marked pieces by the findings' spans (the story editor's marks).
pub(crate) fn segments<'a>(text: &'a str, r: &Report) -> Vec<Segment<'a>> {
    marked(text, r.findings.iter().map(|f| (f.start, f.end)))
}

/// Pages at [`WORDS_PER_PAGE`], one decimal.
pub(crate) fn pages(words: usize) -> String {
    format!("{:.1}", words as f64 / WORDS_PER_PAGE as f64)
}

/// The word-count line: "612 words · 1.2 pages of about 2", with a warning past the ceiling.
pub(crate) fn count_line(words: usize) -> String {
    let target_pages = TARGET_WORDS / WORDS_PER_PAGE;
    let mut s = format!(
        "{words} words · {} pages of about {target_pages}",
        pages(words)
    );
    if words > MAX_WORDS {
        s.push_str(&format!(
            " · over the {MAX_WORDS}-word ({}-page) ceiling: cut it down",
            MAX_WORDS / WORDS_PER_PAGE
        ));
    }
    s
}

/// One attempt in the history table.
#[derive(Serialize)]
pub(crate) struct Row {
    id: WritingId,
    title: String,
    prompt_id: Option<String>,
    date: String,
    words: i64,
    overall: Option<i64>,
    finished: bool,
}

/// Every attempt as the history lists it.
pub(crate) fn rows(list: &[WritingSummary]) -> Vec<Row> {
    list.iter()
        .map(|w| Row {
            id: w.id,
            title: w.title.clone(),
            prompt_id: w.prompt_id.clone(),
            date: tpmprep_app::civil_time(w.finished_at.unwrap_or(w.created_at)),
            words: w.words,
            overall: w.overall,
            finished: w.finished_at.is_some(),
        })
        .collect()
}

/// A point of a trend line.
#[derive(Serialize)]
pub(crate) struct Dot {
    id: WritingId,
    overall: i64,
    date: String,
    x: i64,
    y: i64,
    this: bool,
}

/// One prompt's scores over time, drawn as a small line (the numbers also as text).
#[derive(Serialize)]
pub(crate) struct Trend {
    title: String,
    dots: Vec<Dot>,
    points: String,
    width: i64,
    text: String,
}

/// Height of a trend drawing, in pixels (100 points of score scaled into it).
const TREND_H: i64 = 44;
/// Distance between two attempts in a trend drawing.
const TREND_STEP: i64 = 36;

/// The scores over time of one prompt's finished attempts (oldest first), `this` marked.
pub(crate) fn trend(title: &str, points: &[HistoryPoint], this: Option<WritingId>) -> Trend {
    let dots: Vec<Dot> = points
        .iter()
        .enumerate()
        .map(|(i, p)| Dot {
            id: p.id,
            overall: p.overall,
            date: tpmprep_app::civil_time(p.finished_at),
            x: 8 + i as i64 * TREND_STEP,
            y: 4 + (TREND_H - 8) * (100 - p.overall.clamp(0, 100)) / 100,
            this: Some(p.id) == this,
        })
        .collect();
    let text = points
        .iter()
        .map(|p| p.overall.to_string())
        .collect::<Vec<_>>()
        .join(" → ");
    Trend {
        title: title.to_string(),
        points: dots
            .iter()
            .map(|d| format!("{},{}", d.x, d.y))
            .collect::<Vec<_>>()
            .join(" "),
        width: 16 + (points.len().max(1) as i64 - 1) * TREND_STEP,
        dots,
        text,
    }
}

/// Every prompt's trend from a list of attempts (each prompt once, own prompts together), in the
/// order of each prompt's latest attempt.
pub(crate) fn trends(list: &[WritingSummary]) -> Vec<Trend> {
    let mut keys: Vec<(Option<String>, String)> = Vec::new();
    for w in list.iter().filter(|w| w.finished_at.is_some()) {
        if !keys.iter().any(|(k, _)| *k == w.prompt_id) {
            let title = if w.prompt_id.is_some() {
                w.title.clone()
            } else {
                "Your own prompts".to_string()
            };
            keys.push((w.prompt_id.clone(), title));
        }
    }
    keys.iter()
        .map(|(key, title)| {
            let mut points: Vec<HistoryPoint> = list
                .iter()
                .filter(|w| w.prompt_id == *key)
                .filter_map(|w| {
                    Some(HistoryPoint {
                        id: w.id,
                        finished_at: w.finished_at?,
                        overall: w.overall?,
                        words: w.words,
                    })
                })
                .collect();
            points.sort_by_key(|p| (p.finished_at, p.id));
            trend(title, &points, None)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_count_line_names_pages_and_warns_past_the_ceiling() {
        assert_eq!(count_line(612), "612 words · 1.2 pages of about 2");
        assert!(count_line(2001).contains("ceiling"));
        assert!(!count_line(2000).contains("ceiling"));
    }

    #[test]
    fn a_trend_puts_higher_scores_higher() {
        let p = |id, overall| HistoryPoint {
            id,
            finished_at: id * 1000,
            overall,
            words: 900,
        };
        let t = trend("x", &[p(1, 40), p(2, 80)], Some(2));
        assert_eq!(t.text, "40 → 80");
        assert!(t.dots[1].y < t.dots[0].y);
        assert!(t.dots[1].this && !t.dots[0].this);
    }
}
