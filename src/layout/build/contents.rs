//! A packet's table of contents.

use super::{Builder, Look};
use crate::labels::Labels;
use crate::layout::flow::{Chunk, Flow};
use crate::layout::lines::{break_lines, measure};
use crate::layout::{Item, LayoutError, Metrics, Node, NodeId, Role, Shape, Stroke, Tag, Theme};
use crate::text::Rich;

/// A table of contents: each lesson's title, a dotted leader and the page it
/// starts on.
pub(in crate::layout) fn contents(
    entries: &[(Rich, usize)],
    labels: &'static Labels,
    nodes: &mut Vec<Node>,
    section: NodeId,
    theme: &Theme,
    m: &dyn Metrics,
) -> Result<Flow, LayoutError> {
    let t = theme;
    let mut b = Builder::new(t, m, labels, nodes, section);
    let title = b.title_look(t.title);
    let (left, right) = (t.content_left(), t.content_right());
    let from = b.flow.chunks.len();
    let h1 = b.node(Tag::H1);
    b.paragraph(
        &Rich::plain(labels.contents),
        h1,
        left,
        t.content_width(),
        &title,
        0.0,
        Vec::new(),
    )?;
    b.keep_since(from);
    let look = Look {
        role: Role::ListBody,
        ..b.body()
    };
    let number_w = t.contents_number;
    b.open(Tag::L);
    for (i, (entry, page)) in entries.iter().enumerate() {
        let number = Rich::plain(&page.to_string());
        let nw = measure(&number, t.body, m)?;
        let lines = b.lines(entry, &look, t.content_width() - number_w)?;
        let lh = t.line_height(t.body);
        b.open(Tag::LI);
        let block = Some(b.node(Tag::LBody));
        b.close();
        let n = lines.len();
        for (k, line) in lines.iter().enumerate() {
            let mut items = b.line_items(line, left, &look, block);
            if k + 1 == n {
                // Dotted leader from the title to the number, then the number.
                let y = t.baseline(lh, t.body);
                let from = left + line.width + t.leader_gap;
                let to = right - nw - t.leader_gap;
                if to > from {
                    items.push(Item {
                        shape: Shape::Line {
                            x1: from,
                            y1: y,
                            x2: to,
                            y2: y,
                            stroke: Stroke {
                                width: t.leader,
                                gray: t.rule_gray,
                            },
                        },
                        role: Role::Artifact,
                        node: None,
                    });
                }
                for l in break_lines(&number, t.body, f32::INFINITY, m)? {
                    let mut num = b.line_items(&l, right - nw, &look, block);
                    items.append(&mut num);
                }
            }
            b.push(Chunk {
                height: lh,
                space_before: if k == 0 {
                    if i == 0 {
                        t.heading_space
                    } else {
                        t.contents_gap
                    }
                } else {
                    0.0
                },
                items,
                keep_with_next: k + 1 < n,
                ..Chunk::default()
            });
        }
    }
    b.close();
    Ok(b.flow)
}
