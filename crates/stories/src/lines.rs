//! Line numbers of byte offsets, in logarithmic time: the line starts are found once, and each
//! lookup is a binary search. Counting newlines from the start of the text for every error or field
//! made imports quadratic (issue 12, item 19).

/// The byte offsets at which each line of a text starts.
#[derive(Debug, Clone)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text` (one pass).
    pub(crate) fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// The 1-based line holding byte `offset` (an offset past the end is on the last line).
    pub(crate) fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::LineIndex;

    #[test]
    fn lines_of_offsets() {
        let text = "ab\ncd\n\nef";
        let idx = LineIndex::new(text);
        let naive = |o: usize| text[..o].matches('\n').count() + 1;
        for o in 0..=text.len() {
            assert_eq!(idx.line(o), naive(o), "offset {o}");
        }
        assert_eq!(LineIndex::new("").line(0), 1);
    }
}
