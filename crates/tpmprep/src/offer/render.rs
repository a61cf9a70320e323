//! How offers, their years and a comparison read in the terminal (at most 80 columns for up to
//! four offers side by side).

use std::fmt::Write as _;

use tpmprep_app::civil_time;
use tpmprep_app::offers::SavedOffer;
use tpmprep_offer::vesting::bp_display;
use tpmprep_offer::{Comparison, Currency, Equity, Money, Offer, YearRow};
use tpmprep_store::OfferRevision;

/// How a column lines up.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Align {
    Left,
    Right,
}

/// A plain table: a header, a rule, the rows; each column as wide as its widest cell.
pub(super) fn table(head: &[&str], align: &[Align], rows: &[Vec<String>], text: &mut String) {
    let cols = head.len();
    let mut widths: Vec<usize> = head.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, cell) in r.iter().enumerate().take(cols) {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let line = |cells: &[String], text: &mut String| {
        let mut s = String::new();
        for (i, cell) in cells.iter().enumerate().take(cols) {
            if i > 0 {
                s.push_str("  ");
            }
            let pad = widths[i].saturating_sub(cell.chars().count());
            if align.get(i).copied().unwrap_or(Align::Left) == Align::Right {
                s.push_str(&" ".repeat(pad));
                s.push_str(cell);
            } else {
                s.push_str(cell);
                s.push_str(&" ".repeat(pad));
            }
        }
        let _ = writeln!(text, "{}", s.trim_end());
    };
    let head: Vec<String> = head.iter().map(|h| h.to_string()).collect();
    line(&head, text);
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    line(&rule, text);
    for r in rows {
        line(r, text);
    }
}

/// `text` cut to `max` characters, with an ellipsis when cut.
pub(super) fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

fn sign_on_short(o: &Offer) -> String {
    if o.sign_on.is_empty() {
        "-".into()
    } else {
        o.sign_on
            .iter()
            .map(|m| m.short(&o.currency))
            .collect::<Vec<_>>()
            .join("+")
    }
}

fn amount_or_dash(m: Money, c: &Currency, short: bool) -> String {
    if m.0 == 0 {
        "-".into()
    } else if short {
        m.short(c)
    } else {
        m.display(c)
    }
}

/// `tpmprep offer list`: one line per offer.
pub(super) fn list(offers: &[SavedOffer], text: &mut String) {
    if offers.is_empty() {
        text.push_str(
            "No offers yet. Add one:\n  tpmprep offer add --name \"Amazon L6\" --base 150000 --sign-on 30000,20000 --shares 100 --price 200\n",
        );
        return;
    }
    let rows: Vec<Vec<String>> = offers
        .iter()
        .map(|s| {
            let o = &s.offer;
            let c = &o.currency;
            vec![
                cut(&o.name, 18),
                c.code().to_string(),
                o.base.short(c),
                sign_on_short(o),
                amount_or_dash(o.bonus, c, true),
                amount_or_dash(s.equity_at_grant, c, true),
                if matches!(o.equity, Equity::None) {
                    "—".to_string()
                } else {
                    cut(&o.vesting.spec(), 12)
                },
                s.year_1.short(c),
                s.average_4y.short(c),
            ]
        })
        .collect();
    use Align::{Left as L, Right as R};
    table(
        &[
            "Name", "Cur", "Base", "Sign-on", "Bonus", "Equity", "Vesting", "Year 1", "4-yr avg",
        ],
        &[L, L, R, R, R, R, L, R, R],
        &rows,
        text,
    );
    text.push_str(
        "\nEquity at its grant value; years at a flat price. Compare: tpmprep offer compare\n",
    );
}

/// One offer's years as a table in its currency.
pub(super) fn years(rows: &[YearRow], c: &Currency, text: &mut String) {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.year.to_string(),
                r.base.display(c),
                amount_or_dash(r.sign_on, c, false),
                amount_or_dash(r.bonus, c, false),
                amount_or_dash(r.equity, c, false),
                r.total.display(c),
                r.cumulative.display(c),
            ]
        })
        .collect();
    use Align::{Left as L, Right as R};
    table(
        &[
            "Year",
            "Base",
            "Sign-on",
            "Bonus",
            "Equity",
            "Total",
            "Cumulative",
        ],
        &[L, R, R, R, R, R, R],
        &cells,
        text,
    );
}

/// The schedule in words, a line a year: what vests, in shares (or value) of this grant, and when.
fn vest_words(o: &Offer, text: &mut String) {
    let Ok(schedule) = o.vesting.schedule() else {
        return;
    };
    let c = &o.currency;
    let (grant, shares) = match &o.equity {
        Equity::None => return,
        Equity::Shares { shares, .. } => (*shares, true),
        Equity::Value { value } => (value.0.max(0) as u64, false),
    };
    let denominator = u128::from(schedule.denominator.max(1));
    let _ = writeln!(text, "  Vests:");
    let units = schedule.vest_units(grant);
    let last_year = schedule.last_month().div_ceil(12);
    let mut parts_before = 0u64;
    for year in 1..=last_year {
        let in_year: Vec<(usize, u32, u64)> = units
            .iter()
            .enumerate()
            .filter(|(_, (m, _))| m.div_ceil(12) == year)
            .map(|(i, (m, n))| (i, *m, *n))
            .collect();
        let Some(&(last_i, _, _)) = in_year.last() else {
            let _ = writeln!(text, "    year {year}: nothing");
            continue;
        };
        let parts_now = schedule
            .events
            .get(last_i)
            .map_or(parts_before, |e| e.parts);
        let bp = |p: u64| (u128::from(p) * 10_000 / denominator) as u32;
        let share = bp_display(bp(parts_now) - bp(parts_before));
        parts_before = parts_now;
        let n: u64 = in_year.iter().map(|(_, _, n)| n).sum();
        let what = if shares {
            format!("{n} shares")
        } else {
            Money(n as i64).display(c)
        };
        let months: Vec<String> = in_year.iter().map(|(_, m, _)| m.to_string()).collect();
        let when = match months.as_slice() {
            [one] => format!("at month {one}"),
            [a, b] => format!("at months {a} and {b}"),
            [first, .., last] => format!("in {} vests, months {first}–{last}", months.len()),
            [] => String::new(),
        };
        let _ = writeln!(text, "    year {year}: {what} ({share}) {when}");
    }
    if shares {
        let _ = writeln!(
            text,
            "    (whole shares: at each vest you hold the grant × the share vested so far, rounded down)"
        );
    }
}

/// `tpmprep offer show`: every term, the vest schedule and the years at a flat price.
pub(super) fn offer(s: &SavedOffer, rows: &[YearRow], text: &mut String) {
    let o = &s.offer;
    let c = &o.currency;
    let _ = writeln!(
        text,
        "Offer #{} — {} (revision {}, added {}, changed {})",
        s.id,
        o.name,
        s.rev,
        civil_time(s.created_at),
        civil_time(s.updated_at)
    );
    let mut term = |label: &str, value: String| {
        let _ = writeln!(text, "  {label:<13} {value}");
    };
    if !o.company.is_empty() {
        term("Company", o.company.clone());
    }
    if !o.level.is_empty() {
        term("Level", o.level.clone());
    }
    term("Currency", c.code().to_string());
    term("Base", format!("{} a year", o.base.display(c)));
    term("Raise", format!("{} a year", o.raise.display()));
    term(
        "Sign-on",
        if o.sign_on.is_empty() {
            "none".into()
        } else {
            o.sign_on
                .iter()
                .enumerate()
                .map(|(i, m)| format!("{} in year {}", m.display(c), i + 1))
                .collect::<Vec<_>>()
                .join(", ")
        },
    );
    term(
        "Bonus",
        if o.bonus.0 == 0 {
            "none".into()
        } else {
            format!("{} a year", o.bonus.display(c))
        },
    );
    term(
        "Equity",
        match &o.equity {
            Equity::None => "none".into(),
            Equity::Shares { shares, price } => format!(
                "{shares} shares at {} = {} at grant",
                c.price(*price),
                s.equity_at_grant.display(c)
            ),
            Equity::Value { value } => format!("{} at grant", value.display(c)),
        },
    );
    term("Vesting", s.vesting_label.clone());
    term(
        "Start",
        o.start.clone().unwrap_or_else(|| "not given".into()),
    );
    vest_words(o, text);
    if !o.notes.trim().is_empty() {
        let _ = writeln!(text, "  Notes:");
        for line in o.notes.lines() {
            let _ = writeln!(text, "    {line}");
        }
    }
    let _ = writeln!(
        text,
        "\nYears at a flat price (year 1 {}, 4-year average {}):",
        s.year_1.display(c),
        s.average_4y.display(c)
    );
    years(rows, c, text);
}

/// Wraps `text` at 80 columns, `first` before the first line and `rest` before the others.
fn hang(out: &mut String, first: &str, rest: &str, text: &str) {
    let opts = textwrap::Options::new(80)
        .initial_indent(first)
        .subsequent_indent(rest);
    for line in textwrap::wrap(text, opts) {
        out.push_str(&line);
        out.push('\n');
    }
}

/// An offer's revisions, oldest first.
pub(super) fn revisions(revs: &[OfferRevision], text: &mut String) {
    let _ = writeln!(text, "\nRevisions:");
    for r in revs {
        let _ = writeln!(
            text,
            "  {:>3}  {}  {} ({})",
            r.rev,
            civil_time(r.saved_at),
            r.name,
            r.currency
        );
    }
}

/// `tpmprep offer compare`: a block per offer, the cumulative totals side by side, the
/// break-even sentences and the bands.
pub(super) fn comparison(cmp: &Comparison, text: &mut String) {
    let c = &cmp.currency;
    let _ = writeln!(
        text,
        "{} offer{} over {} year{} in {}, {}\n",
        cmp.offers.len(),
        if cmp.offers.len() == 1 { "" } else { "s" },
        cmp.years,
        if cmp.years == 1 { "" } else { "s" },
        c.code(),
        cmp.scenario_label
    );
    for o in &cmp.offers {
        let converted = if o.currency != *c {
            format!(" (from {} at {} {c} each)", o.currency, o.rate.normalize())
        } else {
            String::new()
        };
        let _ = writeln!(text, "{}{converted}", o.name);
        years(&o.years, c, text);
        text.push('\n');
    }
    if cmp.offers.len() > 1 {
        let shown: Vec<_> = cmp.offers.iter().take(4).collect();
        let width = (66 / shown.len()).clamp(10, 22);
        let mut head = vec!["Year".to_string()];
        head.extend(shown.iter().map(|o| cut(&o.name, width)));
        let head_refs: Vec<&str> = head.iter().map(String::as_str).collect();
        let mut align = vec![Align::Left];
        align.extend(shown.iter().map(|_| Align::Right));
        let rows: Vec<Vec<String>> = (0..cmp.years as usize)
            .map(|i| {
                let mut row = vec![(i + 1).to_string()];
                row.extend(shown.iter().map(|o| {
                    o.years
                        .get(i)
                        .map_or_else(String::new, |r| r.cumulative.display(c))
                }));
                row
            })
            .collect();
        text.push_str("Cumulative, side by side\n");
        table(&head_refs, &align, &rows, text);
        if cmp.offers.len() > shown.len() {
            let _ = writeln!(
                text,
                "(the first four; name the offers to compare others side by side)"
            );
        }
        text.push('\n');
        text.push_str("Break-even\n");
        for b in &cmp.break_even {
            hang(text, "  - ", "    ", &b.summary);
        }
        text.push('\n');
    }
    let banded: Vec<_> = cmp.offers.iter().filter(|o| o.band.is_some()).collect();
    if banded.is_empty() {
        text.push_str(
            "Bands: the seeds quote Amazon TPM pay in USD; compare in USD (--currency USD --rate …) to see them.\n",
        );
    } else {
        text.push_str(
            "Against the seeds' Amazon TPM bands (yearly average over the first 4 years)\n",
        );
        for o in banded {
            if let Some(b) = &o.band {
                hang(
                    text,
                    "  - ",
                    "    ",
                    &format!(
                        "{}: {} a year, {} ({}% of the median)",
                        o.name,
                        o.average.display(c),
                        b.label,
                        b.percent_of_median
                    ),
                );
            }
        }
    }
}
