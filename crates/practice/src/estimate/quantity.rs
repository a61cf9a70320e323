//! Reading quantities: `50M`, `2.5KB`, `10M users * 20/day`, `1.2k/s`, `365d`, `80%`, and the
//! ratios `10:1` and skews `80/20`. A quantity is a number in base units (bytes, seconds) with the
//! powers of bytes and seconds it carries; count nouns are labels and carry nothing.

use super::units;

/// Longest input read, in characters (an expression, not a document).
pub const MAX_INPUT_CHARS: usize = 200;

/// Most terms an expression may have.
const MAX_TERMS: usize = 40;

/// A number in base units with its dimension: `bytes` and `secs` are the powers of bytes and of
/// seconds (a rate per second has `secs == -1`; a count has both 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quantity {
    /// The value in bytes, seconds and counts (`20/day` is 20 ÷ 86,400).
    pub value: f64,
    /// Power of bytes.
    pub bytes: i8,
    /// Power of seconds.
    pub secs: i8,
}

/// What sort of quantity a value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A plain number or a count (`50M`, `50M users`).
    Count,
    /// A size in bytes.
    Bytes,
    /// Something per unit of time.
    Rate,
    /// A length of time.
    Duration,
    /// Bytes per unit of time.
    ByteRate,
    /// Anything else (bytes × bytes, per second squared …).
    Other,
}

impl Kind {
    /// The kind in words, with its article: "a rate".
    pub fn words(self) -> &'static str {
        match self {
            Kind::Count => "a count",
            Kind::Bytes => "a size in bytes",
            Kind::Rate => "a rate",
            Kind::Duration => "a duration",
            Kind::ByteRate => "a data rate (bytes per unit of time)",
            Kind::Other => "a quantity in unusual units",
        }
    }
}

impl Quantity {
    /// A plain number.
    pub fn count(value: f64) -> Quantity {
        Quantity {
            value,
            bytes: 0,
            secs: 0,
        }
    }

    /// What sort of quantity this is.
    pub fn kind(&self) -> Kind {
        match (self.bytes, self.secs) {
            (0, 0) => Kind::Count,
            (1, 0) => Kind::Bytes,
            (0, -1) => Kind::Rate,
            (0, 1) => Kind::Duration,
            (1, -1) => Kind::ByteRate,
            _ => Kind::Other,
        }
    }
}

/// What a field expects, which settles the one ambiguous word: `B` is a byte where a size is
/// expected and a billion everywhere else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Anything (a free expression): `B` is a billion.
    Any,
    /// A size: `B` is a byte.
    Bytes,
}

/// Why an input could not be read. Each names the whole input and the token at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// Nothing but blanks.
    #[error("{input:?}: nothing to read; write a number such as 50M")]
    Empty {
        /// The input.
        input: String,
    },
    /// Over [`MAX_INPUT_CHARS`], or too many terms.
    #[error("{input:?}: too long; an estimate reads at most {MAX_INPUT_CHARS} characters and {MAX_TERMS} terms", input = short(.input))]
    TooLong {
        /// The input.
        input: String,
    },
    /// A word that is no unit, magnitude or count noun.
    #[error("{input:?}: unknown unit {token:?}{}", did_you_mean(.suggestion))]
    UnknownUnit {
        /// The input.
        input: String,
        /// The word.
        token: String,
        /// The nearest known word.
        suggestion: Option<String>,
    },
    /// A character or token out of place.
    #[error("{}", unexpected(.input, .token, .why))]
    Unexpected {
        /// The input.
        input: String,
        /// The token.
        token: String,
        /// What is wrong with it there.
        why: String,
    },
    /// Digits that do not make a number (`1,2,3`, `1.2.3`).
    #[error("{input:?}: {token:?} is not a number (group thousands in threes: 86,400)")]
    BadNumber {
        /// The input.
        input: String,
        /// The number as written.
        token: String,
    },
    /// Division by something that is zero.
    #[error("{input:?}: divides by zero at {token:?}")]
    DivideByZero {
        /// The input.
        input: String,
        /// The divisor.
        token: String,
    },
    /// The value overflows (or has units no estimate uses).
    #[error("{input:?}: {why}")]
    TooLarge {
        /// The input.
        input: String,
        /// What overflowed.
        why: String,
    },
}

/// `"10 *": "*" needs a number after it`, or `"80/30" does not split 100` when the token is the
/// whole input.
fn unexpected(input: &str, token: &str, why: &str) -> String {
    if token == input.trim() {
        format!("{input:?} {why}")
    } else {
        format!("{input:?}: {token:?} {why}")
    }
}

fn did_you_mean(s: &Option<String>) -> String {
    match s {
        Some(s) => format!(" (did you mean {s}?)"),
        None => String::new(),
    }
}

/// The first characters of a long input, for a message.
fn short(s: &str) -> String {
    if s.chars().count() <= 40 {
        s.to_string()
    } else {
        let head: String = s.chars().take(40).collect();
        format!("{head}…")
    }
}

impl ParseError {
    /// The token at fault, when there is one.
    pub fn token(&self) -> Option<&str> {
        match self {
            ParseError::UnknownUnit { token, .. }
            | ParseError::Unexpected { token, .. }
            | ParseError::BadNumber { token, .. }
            | ParseError::DivideByZero { token, .. } => Some(token),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64),
    Word(String),
    Mul,
    /// `x`, `×` or `times` written as a word: at the very end it means "times" (`3x`).
    MulWord,
    Div,
    Percent,
    Colon,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    start: usize,
    end: usize,
}

fn tokens(input: &str) -> Result<Vec<Token>, ParseError> {
    let chars: Vec<(usize, char)> = input.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(input.len(), |c| c.0);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let next_digit = chars.get(i + 1).is_some_and(|(_, n)| n.is_ascii_digit());
        if c.is_ascii_digit() || (c == '.' && next_digit) {
            let mut j = i;
            while j < chars.len() {
                let ch = chars[j].1;
                let digit_after = chars.get(j + 1).is_some_and(|(_, n)| n.is_ascii_digit());
                let sign_digit = chars
                    .get(j + 1)
                    .is_some_and(|(_, n)| *n == '+' || *n == '-')
                    && chars.get(j + 2).is_some_and(|(_, n)| n.is_ascii_digit());
                if ch.is_ascii_digit() || ch == '.' || ((ch == ',' || ch == '_') && digit_after) {
                    j += 1;
                } else if (ch == 'e' || ch == 'E') && (digit_after || sign_digit) {
                    j += if sign_digit { 3 } else { 2 };
                    while j < chars.len() && chars[j].1.is_ascii_digit() {
                        j += 1;
                    }
                    break;
                } else {
                    break;
                }
            }
            let text = &input[start..end_of(j)];
            let value = number(text).ok_or_else(|| {
                let digits: String = text.chars().filter(|c| *c != ',' && *c != '_').collect();
                if digits.parse::<f64>().is_ok_and(f64::is_infinite) {
                    ParseError::TooLarge {
                        input: input.to_string(),
                        why: format!("{text:?} is too large a number"),
                    }
                } else {
                    ParseError::BadNumber {
                        input: input.to_string(),
                        token: text.to_string(),
                    }
                }
            })?;
            out.push(Token {
                tok: Tok::Num(value),
                start,
                end: end_of(j),
            });
            i = j;
            continue;
        }
        if c.is_alphabetic() {
            let mut j = i;
            while j < chars.len() && chars[j].1.is_alphabetic() {
                j += 1;
            }
            let word = &input[start..end_of(j)];
            let tok = match word {
                "x" | "X" => Tok::MulWord,
                w if w.eq_ignore_ascii_case("times") => Tok::MulWord,
                w if w.eq_ignore_ascii_case("per") => Tok::Div,
                w => Tok::Word(w.to_string()),
            };
            out.push(Token {
                tok,
                start,
                end: end_of(j),
            });
            i = j;
            continue;
        }
        let tok = match c {
            '*' | '·' => Tok::Mul,
            '×' => Tok::MulWord,
            '/' | '÷' => Tok::Div,
            '%' => Tok::Percent,
            ':' => Tok::Colon,
            other => {
                return Err(ParseError::Unexpected {
                    input: input.to_string(),
                    token: other.to_string(),
                    why: "is not part of a quantity (write numbers, units, * and /)".into(),
                });
            }
        };
        out.push(Token {
            tok,
            start,
            end: end_of(i + 1),
        });
        i += 1;
    }
    Ok(out)
}

/// A number as written: digits with an optional decimal point and exponent; thousands grouped by
/// `,` in threes or `_` anywhere between digits.
fn number(text: &str) -> Option<f64> {
    let mantissa = match text.find(['e', 'E']) {
        Some(k) => &text[..k],
        None => text,
    };
    let mut parts = mantissa.split('.');
    let whole = parts.next().unwrap_or("");
    let frac = parts.next();
    if parts.next().is_some() || frac.is_some_and(|f| f.contains(',')) {
        return None;
    }
    if whole.contains(',') {
        let groups: Vec<&str> = whole.split(',').collect();
        let first_ok = groups
            .first()
            .is_some_and(|g| (1..=3).contains(&g.replace('_', "").len()));
        if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
            return None;
        }
    }
    let clean: String = text.chars().filter(|c| *c != ',' && *c != '_').collect();
    clean.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// An expression read and evaluated.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The input as given.
    pub source: String,
    /// The input tidied for showing: single spaces, `*` and `x` as `×`.
    pub shown: String,
    /// Its value.
    pub quantity: Quantity,
    /// It named a byte unit of the SI convention (KB = 1,000 bytes).
    pub si_bytes: bool,
    /// It named a byte unit of the binary convention (KiB = 1,024 bytes).
    pub binary_bytes: bool,
    /// It was a single number with no unit or label at all.
    pub bare: bool,
}

/// Reads and evaluates `input`.
pub fn parse(input: &str, expect: Expect) -> Result<Parsed, ParseError> {
    let err_input = || input.to_string();
    if input.chars().count() > MAX_INPUT_CHARS {
        return Err(ParseError::TooLong { input: err_input() });
    }
    let mut toks = tokens(input)?;
    if toks.is_empty() {
        return Err(ParseError::Empty { input: err_input() });
    }
    if toks.len() > MAX_TERMS {
        return Err(ParseError::TooLong { input: err_input() });
    }
    // `3x`: a closing "times" says what the number is, nothing more.
    if matches!(toks.last().map(|t| &t.tok), Some(Tok::MulWord)) && toks.len() > 1 {
        toks.pop();
    }
    let text = |t: &Token| input[t.start..t.end].to_string();
    let mut total: Option<Quantity> = None;
    let mut op: Option<&Token> = None;
    let (mut si_bytes, mut binary_bytes) = (false, false);
    let mut bare = true;
    let mut i = 0;
    while i < toks.len() {
        // One factor: a number and/or words, up to the next operator.
        let start = i;
        let mut f = Quantity::count(1.0);
        let mut had_number = false;
        let mut had_any = false;
        while i < toks.len() {
            let t = &toks[i];
            match &t.tok {
                Tok::Num(v) => {
                    if had_any {
                        return Err(ParseError::Unexpected {
                            input: err_input(),
                            token: text(t),
                            why: "follows another term; put * or / between them".into(),
                        });
                    }
                    f.value *= v;
                    had_number = true;
                }
                Tok::Word(w) => {
                    let Some(mut word) = units::lookup(w) else {
                        return Err(ParseError::UnknownUnit {
                            input: err_input(),
                            token: w.clone(),
                            suggestion: units::suggest(w),
                        });
                    };
                    if w == "B" && expect == Expect::Bytes {
                        word = units::BYTE;
                    }
                    match word.binary {
                        Some(true) => binary_bytes = true,
                        Some(false) if word.factor > 1.0 => si_bytes = true,
                        _ => {}
                    }
                    bare = false;
                    f.value *= word.factor;
                    f.bytes = f.bytes.saturating_add(word.bytes);
                    f.secs = f.secs.saturating_add(word.secs);
                }
                Tok::Percent => {
                    if !had_number {
                        return Err(ParseError::Unexpected {
                            input: err_input(),
                            token: "%".into(),
                            why: "needs a number before it (80%)".into(),
                        });
                    }
                    bare = false;
                    f.value *= 0.01;
                }
                Tok::Colon => {
                    return Err(ParseError::Unexpected {
                        input: err_input(),
                        token: ":".into(),
                        why: "belongs in a ratio such as 10:1 (the read:write field), not in an \
                              expression"
                            .into(),
                    });
                }
                Tok::Mul | Tok::MulWord | Tok::Div => break,
            }
            had_any = true;
            i += 1;
        }
        if !had_any {
            // An operator with nothing before it, or two operators in a row.
            let t = &toks[i];
            return Err(ParseError::Unexpected {
                input: err_input(),
                token: text(t),
                why: if total.is_none() {
                    "needs a number before it".into()
                } else {
                    "follows another operator; put a number between them".into()
                },
            });
        }
        let factor_text = input[toks[start].start..toks[i - 1].end].to_string();
        total = Some(match (total, op) {
            (None, _) => f,
            (Some(acc), Some(o)) if o.tok == Tok::Div => {
                if f.value == 0.0 {
                    return Err(ParseError::DivideByZero {
                        input: err_input(),
                        token: factor_text,
                    });
                }
                Quantity {
                    value: acc.value / f.value,
                    bytes: acc.bytes.saturating_sub(f.bytes),
                    secs: acc.secs.saturating_sub(f.secs),
                }
            }
            (Some(acc), _) => Quantity {
                value: acc.value * f.value,
                bytes: acc.bytes.saturating_add(f.bytes),
                secs: acc.secs.saturating_add(f.secs),
            },
        });
        if i < toks.len() {
            bare = false;
            op = Some(&toks[i]);
            if i + 1 == toks.len() {
                return Err(ParseError::Unexpected {
                    input: err_input(),
                    token: text(&toks[i]),
                    why: "needs a number after it".into(),
                });
            }
            i += 1;
        }
    }
    let Some(q) = total else {
        return Err(ParseError::Empty { input: err_input() });
    };
    if !q.value.is_finite() {
        return Err(ParseError::TooLarge {
            input: err_input(),
            why: "the result is too large to compute".into(),
        });
    }
    if q.bytes.abs() > 6 || q.secs.abs() > 6 {
        return Err(ParseError::TooLarge {
            input: err_input(),
            why: "its units multiply beyond anything an estimate uses".into(),
        });
    }
    Ok(Parsed {
        source: input.to_string(),
        shown: tidy(input, &toks),
        quantity: q,
        si_bytes,
        binary_bytes,
        bare,
    })
}

/// The input as tokens joined back: one space where there was any, `*`, `x` and `times` as ` × `.
fn tidy(input: &str, toks: &[Token]) -> String {
    let mut out = String::new();
    let mut last_end: Option<usize> = None;
    for t in toks {
        let spaced = last_end.is_some_and(|e| e < t.start);
        match t.tok {
            Tok::Mul | Tok::MulWord => out.push_str(" × "),
            _ => {
                if spaced && !out.ends_with(' ') {
                    out.push(' ');
                }
                out.push_str(&input[t.start..t.end]);
            }
        }
        last_end = Some(t.end);
    }
    out.trim().to_string()
}

/// A read:write ratio `R:W` (or a bare number `R`, read as `R:1`): the share of actions that are
/// reads, as reads and writes.
pub fn parse_ratio(input: &str) -> Result<(f64, f64), ParseError> {
    let err = |token: &str, why: &str| ParseError::Unexpected {
        input: input.to_string(),
        token: token.to_string(),
        why: why.to_string(),
    };
    let (r, w) = match input.split_once(':') {
        Some((r, w)) => (r, w),
        None => (input, "1"),
    };
    let side = |s: &str| -> Result<f64, ParseError> {
        let p = parse(s, Expect::Any).map_err(|e| match e {
            ParseError::Empty { .. } => err(":", "needs a number on each side (10:1)"),
            ParseError::UnknownUnit {
                token, suggestion, ..
            } => ParseError::UnknownUnit {
                input: input.to_string(),
                token,
                suggestion,
            },
            other => retarget(other, input),
        })?;
        if p.quantity.kind() != Kind::Count {
            return Err(err(
                s.trim(),
                "is not a plain number; a ratio is two numbers such as 10:1",
            ));
        }
        Ok(p.quantity.value)
    };
    let (r, w) = (side(r)?, side(w)?);
    if r == 0.0 && w == 0.0 {
        return Err(err(
            input.trim(),
            "has no reads and no writes; write 0:1 for writes only",
        ));
    }
    Ok((r, w))
}

/// A skew `A/B` (or `A:B`): A% of reads go to the hottest B% of the data, A + B = 100. A bare
/// percentage `B%` is `(100 − B)/B`. Returns (share of reads, share of data), each 0..=1.
pub fn parse_skew(input: &str) -> Result<(f64, f64), ParseError> {
    let err = |token: &str, why: &str| ParseError::Unexpected {
        input: input.to_string(),
        token: token.to_string(),
        why: why.to_string(),
    };
    let split = input.split_once('/').or_else(|| input.split_once(':'));
    let (reads, data) = match split {
        Some((a, b)) => {
            let a = parse(a, Expect::Any).map_err(|e| retarget(e, input))?;
            let b = parse(b, Expect::Any).map_err(|e| retarget(e, input))?;
            if a.quantity.kind() != Kind::Count || b.quantity.kind() != Kind::Count {
                return Err(err(input.trim(), "is not two plain numbers such as 80/20"));
            }
            (a.quantity.value, b.quantity.value)
        }
        None => {
            let p = parse(input, Expect::Any)?;
            if p.quantity.kind() != Kind::Count || !input.contains('%') {
                return Err(err(
                    input.trim(),
                    "is not a skew; write it as 80/20 (80% of reads go to 20% of the data)",
                ));
            }
            let hot = p.quantity.value * 100.0;
            (100.0 - hot, hot)
        }
    };
    if (reads + data - 100.0).abs() > 1e-6 || reads <= 0.0 || data <= 0.0 {
        return Err(err(
            input.trim(),
            "does not split 100: the two parts of a skew add up to 100, as in 80/20 or 90/10",
        ));
    }
    Ok((reads / 100.0, data / 100.0))
}

/// An error about part of `input` said about the whole of it.
fn retarget(e: ParseError, input: &str) -> ParseError {
    let input = input.to_string();
    match e {
        ParseError::Empty { .. } => ParseError::Unexpected {
            input,
            token: String::new(),
            why: "is missing a number".into(),
        },
        ParseError::TooLong { .. } => ParseError::TooLong { input },
        ParseError::UnknownUnit {
            token, suggestion, ..
        } => ParseError::UnknownUnit {
            input,
            token,
            suggestion,
        },
        ParseError::Unexpected { token, why, .. } => ParseError::Unexpected { input, token, why },
        ParseError::BadNumber { token, .. } => ParseError::BadNumber { input, token },
        ParseError::DivideByZero { token, .. } => ParseError::DivideByZero { input, token },
        ParseError::TooLarge { why, .. } => ParseError::TooLarge { input, why },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Quantity {
        parse(s, Expect::Any)
            .unwrap_or_else(|e| panic!("{s}: {e}"))
            .quantity
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
    }

    #[test]
    fn the_issues_examples_read() {
        assert_eq!(q("50M").value, 50e6);
        let kb = parse("2.5KB", Expect::Bytes).expect("2.5KB");
        assert_eq!(kb.quantity.value, 2500.0);
        assert_eq!(kb.quantity.kind(), Kind::Bytes);
        assert!(kb.si_bytes && !kb.binary_bytes);
        let r = q("10M users * 20/day");
        assert_eq!(r.kind(), Kind::Rate);
        assert!(close(r.value, 200e6 / 86_400.0), "{}", r.value);
        let r = q("1.2k/s");
        assert_eq!(r.kind(), Kind::Rate);
        assert!(close(r.value, 1200.0));
    }

    #[test]
    fn units_and_conventions() {
        assert_eq!(q("2 KiB").value, 2048.0);
        assert_eq!(q("1 GiB").value, 1024.0 * 1024.0 * 1024.0);
        assert_eq!(q("1GB").value, 1e9);
        assert_eq!(q("1 kb").value, 1e3);
        assert_eq!(q("365d").value, 365.0 * 86_400.0);
        assert_eq!(q("365d").kind(), Kind::Duration);
        assert_eq!(q("1 month").value, 30.0 * 86_400.0);
        assert_eq!(q("2 weeks").value, 14.0 * 86_400.0);
        assert_eq!(q("80%").value, 0.8);
        assert_eq!(q("86,400").value, 86_400.0);
        assert_eq!(q("1_000_000").value, 1e6);
        assert_eq!(q("1e9").value, 1e9);
        assert_eq!(q("3x").value, 3.0);
        assert_eq!(q("2 x 3").value, 6.0);
        assert_eq!(q("2 × 3 ÷ 4").value, 1.5);
        assert_eq!(q("20 per day").kind(), Kind::Rate);
        assert_eq!(q("5k qps").kind(), Kind::Rate);
        assert_eq!(
            q("1.5B").value,
            1.5e9,
            "a billion where no size is expected"
        );
        let b = parse("500B", Expect::Bytes).expect("bytes");
        assert_eq!((b.quantity.value, b.quantity.kind()), (500.0, Kind::Bytes));
        assert_eq!(q("10MB/s").kind(), Kind::ByteRate);
    }

    #[test]
    fn errors_name_the_input_and_the_token() {
        let e = parse("10M usres", Expect::Any).expect_err("typo");
        assert_eq!(
            e.to_string(),
            r#""10M usres": unknown unit "usres" (did you mean users?)"#
        );
        assert_eq!(e.token(), Some("usres"));
        for (input, token) in [
            ("10 *", "*"),
            ("/ 3", "/"),
            ("10 * / 3", "/"),
            ("1,2", "1,2"),
            ("1.2.3", "1.2.3"),
            ("5 / 0", "0"),
            ("10 # 3", "#"),
            ("-5", "-"),
            ("10 20", "20"),
            ("10:1", ":"),
        ] {
            let e = parse(input, Expect::Any).expect_err(input);
            assert_eq!(e.token(), Some(token), "{input}: {e}");
            assert!(e.to_string().starts_with(&format!("{input:?}: ")), "{e}");
        }
        assert!(matches!(
            parse("   ", Expect::Any),
            Err(ParseError::Empty { .. })
        ));
        assert!(matches!(
            parse("1e300 * 1e300", Expect::Any),
            Err(ParseError::TooLarge { .. })
        ));
        assert_eq!(
            parse("1e999", Expect::Any).map_err(|e| e.to_string()),
            Err(r#""1e999": "1e999" is too large a number"#.to_string())
        );
    }

    #[test]
    fn tidy_shows_the_input_as_said() {
        let p = parse("10M   users * 20/day", Expect::Any).expect("parse");
        assert_eq!(p.shown, "10M users × 20/day");
        assert!(!p.bare);
        assert!(parse("42", Expect::Any).expect("n").bare);
    }

    #[test]
    fn ratios_and_skews() {
        assert_eq!(parse_ratio("10:1").expect("r"), (10.0, 1.0));
        assert_eq!(parse_ratio("100 : 1").expect("r"), (100.0, 1.0));
        assert_eq!(parse_ratio("4").expect("r"), (4.0, 1.0));
        assert_eq!(parse_ratio("0:1").expect("r"), (0.0, 1.0));
        assert!(parse_ratio("0:0").is_err());
        assert!(parse_ratio("10:1day").is_err());
        let e = parse_ratio("10:1 usres").expect_err("typo");
        assert_eq!(e.token(), Some("usres"));
        assert_eq!(parse_skew("80/20").expect("s"), (0.8, 0.2));
        assert_eq!(parse_skew("90:10").expect("s"), (0.9, 0.1));
        let (r, d) = parse_skew("10%").expect("s");
        assert!(close(r, 0.9) && close(d, 0.1));
        assert!(parse_skew("80/30").is_err());
        assert!(parse_skew("100/0").is_err());
        assert!(parse_skew("20").is_err());
    }
}
