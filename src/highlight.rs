//! Highlight layers over the body: quotations, names, the chosen entity's mentions,
//! search matches and the jump target, and cutting a screen row into segments
//! where they start and stop.
//!
//! Spans are byte ranges into the body, kept sorted with a running maximum of their
//! ends so the spans touching one row are found without scanning the article.

use std::ops::Range;

use crate::analysis::NameKind;
use crate::article::Inline;

/// What a highlight marks; later layers are drawn over earlier ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Layer {
    /// Emphasis, strong, code and links as the source set them.
    Inline(Inline),
    Quote,
    Name(NameKind),
    /// A mention of the entity chosen in the people panel.
    Entity,
    /// A search match.
    Match,
    /// The search match the reader is on.
    CurrentMatch,
    /// The quotation or mention just jumped to.
    Focus,
}

/// Spans sorted by start, searchable by the range they overlap.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpanIndex<T> {
    spans: Vec<(Range<usize>, T)>,
    /// `max_end[i]` is the largest end among `spans[..=i]`.
    max_end: Vec<usize>,
}

impl<T: Copy> SpanIndex<T> {
    /// Builds the index (sorting the spans by start).
    pub fn new(mut spans: Vec<(Range<usize>, T)>) -> SpanIndex<T> {
        spans.sort_by_key(|(range, _)| (range.start, range.end));
        let mut max_end = Vec::with_capacity(spans.len());
        let mut running = 0;
        for (range, _) in &spans {
            running = running.max(range.end);
            max_end.push(running);
        }
        SpanIndex { spans, max_end }
    }

    /// Spans that overlap `range` (share at least one byte with it).
    pub fn overlapping(&self, range: Range<usize>) -> impl Iterator<Item = &(Range<usize>, T)> {
        let before_end = self.spans.partition_point(|(r, _)| r.start < range.end);
        // `max_end` never decreases, so the spans before the first whose running
        // maximum reaches into the range all end before it.
        let first = self
            .max_end
            .partition_point(|&end| end <= range.start)
            .min(before_end);
        self.spans[first..before_end]
            .iter()
            .filter(move |(r, _)| r.end > range.start && r.start < range.end)
    }
}

/// Cuts `row` where any of `marks` starts or ends, returning each piece with the
/// layers covering it, in drawing order.
pub fn segments(
    row: Range<usize>,
    marks: &[(Range<usize>, Layer)],
) -> Vec<(Range<usize>, Vec<Layer>)> {
    let mut cuts = vec![row.start, row.end];
    for (range, _) in marks {
        cuts.push(range.start.clamp(row.start, row.end));
        cuts.push(range.end.clamp(row.start, row.end));
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .map(|pair| {
            let piece = pair[0]..pair[1];
            let mut layers: Vec<Layer> = marks
                .iter()
                .filter(|(range, _)| range.start <= piece.start && piece.end <= range.end)
                .map(|(_, layer)| *layer)
                .collect();
            layers.sort_unstable();
            (piece, layers)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_finds_long_and_short_overlaps() {
        let index = SpanIndex::new(vec![
            (0..100, 'q'),
            (10..12, 'a'),
            (50..60, 'b'),
            (120..130, 'c'),
        ]);
        let found: Vec<char> = index.overlapping(55..70).map(|(_, c)| *c).collect();
        assert_eq!(found, ['q', 'b']);
        assert_eq!(index.overlapping(100..120).count(), 0);
        assert_eq!(index.overlapping(125..126).count(), 1);
    }

    #[test]
    fn segments_split_at_every_edge() {
        let marks = [(0..10, Layer::Quote), (3..5, Layer::Name(NameKind::Person))];
        let got = segments(2..8, &marks);
        assert_eq!(
            got,
            [
                (2..3, vec![Layer::Quote]),
                (3..5, vec![Layer::Quote, Layer::Name(NameKind::Person)]),
                (5..8, vec![Layer::Quote]),
            ]
        );
        assert_eq!(segments(0..4, &[]), [(0..4, vec![])]);
    }
}
