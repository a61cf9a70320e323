//! Reading an answer's shape: STAR sections however they are headed (`## Situation`,
//! `**Situation:**`, `Situation -`, `S:`), bullets, and bullets whose subject is implicit
//! ("- Interviewed 20 customers" is the candidate acting). The sentences come from
//! [`crate::text::sentences`]; this module adds to each the part of the answer it is in.

use crate::text::{self, Sentence};

/// The STAR part a section label opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// No label seen yet.
    None,
    /// Situation / context.
    Situation,
    /// Task / goal.
    Task,
    /// Actions.
    Action,
    /// Result / outcome.
    Result,
    /// Lesson / reflection.
    Lesson,
}

/// What the reader knows of one sentence besides its span.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// The labelled part it is in (`Part::None` when the answer has no labels).
    pub part: Part,
    /// It is a bullet (`-`, `*`, `•`, `1.`).
    pub bullet: bool,
    /// Where its own words start: after a leading inline label (`S:`, `**Action:**`).
    pub body: usize,
}

/// The section labels, lower case, by part (pack data).
pub struct Labels<'a> {
    /// `(label, part)`.
    pub labels: Vec<(&'a str, Part)>,
}

impl Labels<'_> {
    fn part_of(&self, label: &str) -> Option<Part> {
        let l = label.trim().trim_matches(|c: char| !c.is_alphanumeric());
        if l.is_empty() {
            return None;
        }
        let lower = l.to_lowercase();
        self.labels
            .iter()
            .find(|(name, _)| *name == lower)
            .map(|(_, p)| *p)
    }
}

/// The longest label, in bytes before its separator.
const LABEL_MAX: usize = 40;

/// Finds a label at the start of `line` (already stripped of bullets and `#`): returns its part
/// and the byte offset (within `line`) where the text after it starts.
fn label(line: &str, labels: &Labels<'_>) -> Option<(Part, usize)> {
    let l = line.trim_start_matches('*').trim_start_matches('_');
    let lead = line.len() - l.len();
    // The label ends at the first separator: `:`, ` - `, ` – `, ` — `, `**`, `)`.
    let mut best: Option<(usize, usize)> = None; // (label end, rest start)
    // Only a separator starting in the first 40 bytes ends a label, so only the bytes it could
    // take are searched (a separator is at most 5 bytes), not a whole paragraph.
    let mut window = l.len().min(LABEL_MAX + 5);
    while !l.is_char_boundary(window) {
        window += 1;
    }
    let head = &l[..window];
    for sep in [":", " - ", " – ", " — ", "**", ")", " -\n"] {
        if let Some(i) = head.find(sep) {
            if best.is_none_or(|(b, _)| i < b) {
                best = Some((i, i + sep.len()));
            }
        }
    }
    let (end, rest) = match best {
        Some((e, r)) if e <= LABEL_MAX => (e, r),
        // A line that is nothing but a label ("Situation", "## Results").
        _ => (l.trim_end().len(), l.len()),
    };
    let name = &l[..end];
    if name.split_whitespace().nth(5).is_some() {
        return None;
    }
    let part = labels.part_of(name)?;
    // A single letter is a label only with a separator right after it ("S:", "A)").
    if name.trim().chars().count() == 1 && best.is_none_or(|(e, _)| e != end) {
        return None;
    }
    let mut rest_at = lead + rest;
    // Skip a closing `**` / `:` / spaces after the label.
    let tail = &line[rest_at.min(line.len())..];
    let skipped = tail.len()
        - tail
            .trim_start_matches(|c: char| c == '*' || c == ':' || c == '_' || c.is_whitespace())
            .len();
    rest_at += skipped;
    Some((part, rest_at.min(line.len())))
}

/// Strips bullets, numbering, quotes and heading marks from the start of a line; returns the
/// offset of what is left and whether it was a bullet.
fn strip_marks(line: &str) -> (usize, bool) {
    let t = line.trim_start();
    let mut off = line.len() - t.len();
    let mut bullet = false;
    let b = t.as_bytes();
    if matches!(b.first(), Some(b'-' | b'*' | b'+'))
        && b.get(1).is_some_and(u8::is_ascii_whitespace)
    {
        bullet = true;
        off += 2;
    } else if t.starts_with('•') {
        bullet = true;
        off += '•'.len_utf8();
    } else {
        let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits > 0
            && digits < 3
            && matches!(b.get(digits), Some(b'.' | b')'))
            && b.get(digits + 1).is_some_and(u8::is_ascii_whitespace)
        {
            bullet = true;
            off += digits + 2;
        }
    }
    let rest = &line[off..];
    let r = rest.trim_start_matches(|c: char| c == '#' || c == '>' || c.is_whitespace());
    (off + rest.len() - r.len(), bullet)
}

/// Is the line (`raw`, and `rest` after its bullet or `#` marks) a heading that is not a STAR
/// label: a few words with no figure, marked as a heading (`#`, `**…**`, a closing `:`) or standing
/// alone without a full stop and without a person doing anything ("Monitoring", "Bottlenecks and
/// scaling")?
fn heading(raw: &str, rest: &str) -> bool {
    let t = rest.trim();
    let bare = t.trim_matches(|c: char| c == '*' || c == '_' || c == ':' || c.is_whitespace());
    // Counted up to six: a paragraph is not walked to the end.
    let words = bare.split_whitespace().take(6).count();
    if words == 0 || words > 5 || bare.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let marked = raw.trim_start().starts_with('#')
        || t.starts_with("**") && t.trim_end_matches(':').ends_with("**")
        || t.ends_with(':');
    let bullet = raw.trim_start().starts_with(['-', '*', '•']) && !t.starts_with("**");
    let standing = !bullet
        && words <= 3
        && !t.ends_with(['.', '!', '?', ','])
        && bare.chars().next().is_some_and(char::is_uppercase)
        && !bare.split_whitespace().any(|w| {
            matches!(
                w.to_lowercase()
                    .trim_matches(|c: char| !c.is_alphanumeric()),
                "i" | "we" | "my" | "our" | "he" | "she" | "they"
            )
        });
    marked && !bullet || standing
}

/// Reads `text`: its sentences (label-only and heading lines dropped) and each one's shape.
pub fn read(text: &str, labels: &Labels<'_>) -> (Vec<Sentence>, Vec<Shape>) {
    let all = text::sentences(text);
    // Per line: (line start, line end, part that applies from this line, inline label rest offset,
    // label-only line, bullet).
    let mut lines: Vec<(usize, usize, Option<Part>, usize, bool, bool)> = Vec::new();
    // Starts of the lines that are a heading of the answer's own ("## Where it breaks", "Scale:").
    let mut headings: Vec<usize> = Vec::new();
    let mut at = 0;
    for raw in text.split('\n') {
        let (start, end) = (at, at + raw.len());
        at = end + 1;
        let (off, bullet) = strip_marks(raw);
        let stripped = &raw[off..];
        match label(stripped, labels) {
            Some((part, rest)) => {
                let only = stripped[rest..].trim().is_empty();
                lines.push((start, end, Some(part), start + off + rest, only, bullet));
            }
            None => lines.push((start, end, None, start + off, false, bullet)),
        }
        if heading(raw, &raw[off..]) {
            headings.push(start);
        }
    }
    // A heading heads something: a last line, or an answer of one line, is said, not a heading.
    let last_content = lines
        .iter()
        .rev()
        .find(|l| !text[l.0..l.1].trim().is_empty())
        .map_or(0, |l| l.0);
    headings.retain(|&h| h < last_content);
    // One lone Situation or Task label ("## Situation" and then the whole story): it names its
    // own paragraph, not the paragraphs after it, which are read sentence by sentence.
    let labelled: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].2.is_some()).collect();
    let lone_setting_ends = match labelled.as_slice() {
        [only] if matches!(lines[*only].2, Some(Part::Situation | Part::Task)) => {
            let blank = |i: usize| text[lines[i].0..lines[i].1].trim().is_empty();
            let content = (*only..lines.len()).find(|&i| !blank(i) && (i != *only || !lines[i].4));
            content.and_then(|c| (c..lines.len()).find(|&i| blank(i)))
        }
        _ => None,
    };
    let mut sentences = Vec::with_capacity(all.len());
    let mut shapes = Vec::with_capacity(all.len());
    let mut part = Part::None;
    let mut li = 0;
    let mut seen_line = usize::MAX;
    // The part to return to after a bullet that carried its own label.
    let mut line_only: Option<Part> = None;
    for s in all {
        while li + 1 < lines.len() && lines[li].1 < s.start {
            li += 1;
        }
        let Some(&(_, _, lpart, body, only, bullet)) = lines.get(li) else {
            continue;
        };
        let first_on_line = seen_line != li;
        if lone_setting_ends.is_some_and(|b| li > b) {
            part = Part::None;
        }
        if first_on_line {
            if let Some(p) = line_only.take() {
                part = p;
            }
            if let Some(p) = lpart {
                // A label inside a bullet ("- Context: …") names that bullet only.
                if bullet && !only {
                    line_only = Some(part);
                }
                part = p;
            }
        }
        seen_line = li;
        if only && first_on_line && lpart.is_some() {
            continue;
        }
        // A heading names what follows; it says nothing itself.
        if first_on_line && headings.contains(&lines[li].0) {
            continue;
        }
        let mut s = s;
        let mut body_at = s.start;
        // A label that opens a sentence inside a line ("… slipped. Task: I owned the cut-over."):
        // the STAR parts typed into one paragraph. Only a label closed by a colon counts there.
        let mut body = body;
        let mut lpart = lpart;
        if !(first_on_line && lpart.is_some()) {
            let own = &text[s.start..s.end];
            let lead = own.len() - own.trim_start().len();
            let trimmed = &own[lead..];
            if let Some((p, rest)) = label(trimmed, labels) {
                let closed =
                    trimmed[..rest].trim_end().ends_with(':') || trimmed[..rest].contains(':');
                if closed && rest < trimmed.trim_end().len() {
                    part = p;
                    lpart = Some(p);
                    body = s.start + lead + rest;
                }
            }
        }
        if lpart.is_some() && body > s.start && body < s.end {
            // The sentence begins with the label: its words start after it.
            body_at = body;
            s.words = text::word_count(&text[body..s.end]);
            if s.words == 0 {
                continue;
            }
        }
        shapes.push(Shape {
            part,
            bullet: bullet && first_on_line,
            body: body_at,
        });
        sentences.push(s);
    }
    (sentences, shapes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Labels<'static> {
        Labels {
            labels: vec![
                ("s", Part::Situation),
                ("situation", Part::Situation),
                ("t", Part::Task),
                ("a", Part::Action),
                ("action", Part::Action),
                ("r", Part::Result),
                ("result", Part::Result),
                ("results", Part::Result),
            ],
        }
    }

    fn parts(text: &str) -> Vec<(Part, bool, String)> {
        let (s, sh) = read(text, &labels());
        s.iter()
            .zip(sh)
            .map(|(s, h)| (h.part, h.bullet, text[h.body..s.end].to_string()))
            .collect()
    }

    #[test]
    fn headings_of_the_answers_own_say_nothing() {
        let p = parts(
            "## Where it breaks\nThe rush piles writes on a few rows.\n**Scale:**\nShard by site.\nMonitoring\nAlarm on p99 over 2 s.\nThen I cut scope\n",
        );
        let said: Vec<&str> = p.iter().map(|(_, _, t)| t.as_str()).collect();
        assert_eq!(parts("Not sure")[0].2, "Not sure");
        assert_eq!(
            said,
            [
                "The rush piles writes on a few rows.",
                "Shard by site.",
                "Alarm on p99 over 2 s.",
                "Then I cut scope"
            ]
        );
    }

    #[test]
    fn letter_labels_and_subjectless_bullets() {
        let p = parts(
            "S: Sellers waited.\nT: Fix it.\nA:\n- Interviewed 20 sellers\n- Cut the form\nR: Waits fell to 1 day.",
        );
        assert_eq!(
            p,
            [
                (Part::Situation, false, "Sellers waited.".into()),
                (Part::Task, false, "Fix it.".into()),
                (Part::Action, true, "Interviewed 20 sellers".into()),
                (Part::Action, true, "Cut the form".into()),
                (Part::Result, false, "Waits fell to 1 day.".into()),
            ]
        );
    }

    #[test]
    fn a_lone_situation_heading_names_its_paragraph_only() {
        let p = parts(
            "## Situation\nSellers waited.\nNobody knew why.\n\nI cut the form.\n\nWaits fell.",
        );
        let got: Vec<Part> = p.iter().map(|x| x.0).collect();
        assert_eq!(
            got,
            [Part::Situation, Part::Situation, Part::None, Part::None],
            "{p:?}"
        );
        // With a second label, each label names everything up to the next one.
        let p =
            parts("## Situation\nSellers waited.\n\nStill waiting.\n## Action\nI cut the form.");
        let got: Vec<Part> = p.iter().map(|x| x.0).collect();
        assert_eq!(
            got,
            [Part::Situation, Part::Situation, Part::Action],
            "{p:?}"
        );
    }

    #[test]
    fn headings_in_many_shapes() {
        for text in [
            "## Situation\nSellers waited.\n## Action\nI cut the form.",
            "**Situation:** Sellers waited.\n**Action:** I cut the form.",
            "Situation - Sellers waited.\nAction - I cut the form.",
            "Situation:\nSellers waited.\n\nAction:\nI cut the form.",
        ] {
            let p = parts(text);
            assert_eq!(p.len(), 2, "{text}: {p:?}");
            assert_eq!(p[0].0, Part::Situation, "{text}");
            assert_eq!(p[1].0, Part::Action, "{text}");
            assert_eq!(p[1].2, "I cut the form.", "{text}");
        }
    }

    #[test]
    fn a_label_inside_a_bullet_names_that_bullet_only() {
        let p = parts("- Situation: sellers waited.\n- Pushed the fix.");
        assert_eq!(p[0].0, Part::Situation);
        assert_eq!(p[1].0, Part::None);
    }

    #[test]
    fn a_label_ends_within_forty_bytes() {
        // The separator at byte 40 ends a label; one at byte 41 does not, and the line is prose.
        let at = |spaces: usize| {
            let text = format!(
                "Situation{}: sellers waited.\nI cut the form.",
                " ".repeat(spaces)
            );
            parts(&text)[0].clone()
        };
        assert_eq!(at(31), (Part::Situation, false, "sellers waited.".into()));
        assert_eq!(at(32).0, Part::None);
        assert!(at(32).2.starts_with("Situation"));
    }

    #[test]
    fn labels_typed_into_one_paragraph_open_their_parts() {
        let p = parts(
            "Situation: our migration slipped two weeks. T: I owned the cut-over. Action: I split it into three releases. Result: we shipped on the new date.",
        );
        let got: Vec<Part> = p.iter().map(|(part, _, _)| *part).collect();
        assert_eq!(
            got,
            [Part::Situation, Part::Task, Part::Action, Part::Result],
            "{p:?}"
        );
        assert!(p[3].2.starts_with("we shipped"), "{p:?}");
        // A colon inside ordinary prose opens nothing.
        let q = parts("We had one goal: ship by March. I chose the phased plan.");
        assert!(q.iter().all(|(part, _, _)| *part == Part::None), "{q:?}");
    }

    #[test]
    fn prose_is_not_a_label() {
        let p = parts("A week later the results were in. Results: mixed at first.");
        assert_eq!(p[0].0, Part::None);
        assert_eq!(p[0].2, "A week later the results were in.");
    }
}
