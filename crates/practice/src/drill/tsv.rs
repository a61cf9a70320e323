//! The Anki export.

use super::ExportCard;

/// Anki-importable TSV: the header lines `#separator:tab`, `#html:false`, `#tags column:3`, then
/// one line per card: front, back and tags separated by tabs. Tags are space-separated; spaces,
/// tabs and newlines inside a tag become `_`, and empty tags are dropped. A front or back holding a
/// tab, newline or double quote is quoted CSV-style (a quote doubled), as Anki's importer reads it.
pub fn anki_tsv(cards: &[ExportCard]) -> String {
    let mut out = String::from("#separator:tab\n#html:false\n#tags column:3\n");
    for c in cards {
        let tags: Vec<String> = c
            .tags
            .iter()
            .map(|t| t.trim().replace([' ', '\t', '\n', '\r'], "_"))
            .filter(|t| !t.is_empty())
            .collect();
        out.push_str(&field(&c.front));
        out.push('\t');
        out.push_str(&field(&c.back));
        out.push('\t');
        out.push_str(&field(&tags.join(" ")));
        out.push('\n');
    }
    out
}

fn field(s: &str) -> String {
    if s.contains(['\t', '\n', '\r', '"']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
