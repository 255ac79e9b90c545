//! A booklet's padding: a page headed "Notes" and ruled to the bottom
//! with lines to write on, in place of blank paper.

use super::Builder;
use crate::labels::Labels;
use crate::layout::flow::Flow;
use crate::layout::{LayoutError, Metrics, Node, NodeId, Theme};
use crate::text::Rich;

/// One "Notes" page's chunks: the heading, then as many writing lines (at
/// the usual spacing, so they stay writable) as fit in `room`, the height
/// of the page's body. `field` names the lines' form fields.
pub(in crate::layout) fn notes(
    labels: &'static Labels,
    nodes: &mut Vec<Node>,
    section: NodeId,
    field: &str,
    room: f32,
    theme: &Theme,
    m: &dyn Metrics,
) -> Result<Flow, LayoutError> {
    let mut b = Builder::new(theme, m, labels, nodes, section);
    b.heading(&Rich::plain(labels.notes))?;
    // The first chunk's space above is dropped at the top of a page.
    let used: f32 = b
        .flow
        .chunks
        .iter()
        .enumerate()
        .map(|(i, c)| c.height + if i == 0 { 0.0 } else { c.space_before })
        .sum();
    // A hair's room spare, so rounding never pushes the last line over.
    let lines = ((room - used - 0.5) / theme.writing_gap).floor().max(1.0) as u32;
    b.writing_lines(lines, theme.content_left(), field, labels.notes)?;
    Ok(b.flow)
}
