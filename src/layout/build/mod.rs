//! Sections into chunks: each heading, line of text, writing line and
//! tracker row becomes a chunk of fixed height, with the rules that keep
//! chunks together (a heading with what follows, a prompt with its first
//! writing line, the first and last two lines of a paragraph).

mod contents;
mod header;
mod kept;
mod notes;
mod resources;
mod sections;
pub(super) use sections::sources_text;
mod tracker;

pub(super) use contents::contents;
pub(super) use header::cover;
pub(super) use notes::notes;

use super::flow::{Chunk, Flow};
use super::lines::{Line, Unkept, break_lines, break_lines_kept, measure};
use super::{Item, LayoutError, Metrics, Node, NodeId, Role, Shape, Stroke, Tag, Theme};
use crate::labels::Labels;
use crate::text::{Block, Rich, Style, blocks_rich, slug};
use crate::wording;
use crate::worksheet::Worksheet;

/// A list (or checklist, or steps) of this many items or fewer never
/// splits across pages (when it fits on one).
pub(super) const SHORT_LIST: usize = 5;

/// Where a worksheet sits in its document.
pub(super) struct Context {
    /// Tables are numbered through the document, from here.
    pub first_table: usize,
    /// The structure section the worksheet's elements go under.
    pub section: NodeId,
    /// Its form fields are named under this (a lesson id in a packet).
    pub field_prefix: Option<String>,
    /// Print the lesson's links as QR codes at its end.
    pub qr: bool,
    /// Pages the worksheet may take: once its chunks are taller than that
    /// many pages could hold, building stops with `TooManyPages`.
    pub max_pages: usize,
    /// The height a page after the first holds: a block that must not be
    /// split (a help note, an overdose paragraph, a short list) is kept
    /// whole when it is no taller.
    pub page_room: f32,
    /// What the fitting pass asks of this layout.
    pub fitting: Fitting,
}

/// What the fitting pass ([`crate::layout`]'s `fit`) asks of a
/// worksheet's sections when its last page came out short.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub(in crate::layout) struct Fitting {
    /// Print each prompt's fewest writing lines (`lines = "3-5"`: 3).
    pub fewest_lines: bool,
    /// A "Notes" block with this many writing lines after the last section:
    /// the room a short last page has left, given to writing.
    pub notes: u32,
}

/// A worksheet's chunks, and its structure elements added to `nodes`.
pub(super) fn chunks(
    ws: &Worksheet,
    cx: &Context,
    nodes: &mut Vec<Node>,
    theme: &Theme,
    m: &dyn Metrics,
) -> Result<Flow, LayoutError> {
    let mut b = Builder::new(theme, m, ws.lesson.language.labels(), nodes, cx.section);
    b.flow.tables = cx.first_table;
    b.prefix = cx.field_prefix.clone();
    b.page_room = cx.page_room;
    b.fitting = cx.fitting;
    // No page holds more than its height between the margins.
    let page = theme.page_height - theme.margin_top - theme.margin_bottom;
    b.room = page * cx.max_pages.min(1 << 20) as f32;
    b.header(ws)?;
    kept::sections(&mut b, ws, cx)?;
    b.within_room()?;
    Ok(b.flow)
}

struct Builder<'a> {
    t: &'a Theme,
    m: &'a dyn Metrics,
    flow: Flow,
    labels: &'static Labels,
    /// The document's structure, grown as content is laid out.
    nodes: &'a mut Vec<Node>,
    /// Open containers: new elements go under the last.
    open: Vec<NodeId>,
    /// Form field names start with this, when set.
    prefix: Option<String>,
    /// How tall the chunks may be in all, and are so far: past `room` the
    /// worksheet needs more pages than it may have, and chunks are no
    /// longer kept.
    room: f32,
    used: f32,
    /// Text laid out now is a facility's detail: its lines are broken
    /// afresh and kept nowhere (the rule of [`crate::cache`]).
    unkept: bool,
    /// What a page after the first holds ([`Context::page_room`]).
    page_room: f32,
    fitting: Fitting,
}

/// A header field: `Name: ____`, at `x`, `width` wide, pre-filled with
/// `value` when known; `name` is the form-field name.
#[derive(Clone, Copy)]
struct Field<'a> {
    label: &'a str,
    value: Option<&'a str>,
    name: &'a str,
    x: f32,
    width: f32,
}

/// How a run of text looks: size, base style, grey, and what it is.
#[derive(Clone)]
struct Look {
    size: f32,
    style: Style,
    gray: f32,
    role: Role,
    leading: f32,
}

impl<'a> Builder<'a> {
    fn new(
        t: &'a Theme,
        m: &'a dyn Metrics,
        labels: &'static Labels,
        nodes: &'a mut Vec<Node>,
        section: NodeId,
    ) -> Self {
        Builder {
            t,
            m,
            flow: Flow::default(),
            labels,
            nodes,
            open: vec![section],
            prefix: None,
            room: f32::INFINITY,
            used: 0.0,
            unkept: false,
            page_room: f32::INFINITY,
            fitting: Fitting::default(),
        }
    }

    /// A new structure element under the innermost open one.
    fn node(&mut self, tag: Tag) -> NodeId {
        self.nodes.push(Node {
            tag,
            parent: self.open.last().copied(),
            language: None,
        });
        NodeId(self.nodes.len() as u32 - 1)
    }

    /// A new element that following ones go inside, until [`Self::close`].
    fn open(&mut self, tag: Tag) -> NodeId {
        let id = self.node(tag);
        self.open.push(id);
        id
    }

    fn close(&mut self) {
        self.open.pop();
    }

    /// A form field's full name: `plan/2/line1`, or under the lesson's id
    /// in a document of several lessons.
    fn field(&self, name: &str) -> String {
        match &self.prefix {
            Some(p) => format!("{p}/{name}"),
            None => name.to_string(),
        }
    }

    fn push(&mut self, chunk: Chunk) {
        self.used += chunk.height;
        if self.used <= self.room {
            self.flow.chunks.push(chunk);
        }
    }

    /// `TooManyPages` once the chunks are taller than the pages allowed
    /// could hold (the caller says how many that is).
    fn within_room(&self) -> Result<(), LayoutError> {
        if self.used > self.room {
            Err(LayoutError::TooManyPages {
                lesson: None,
                max: 0,
            })
        } else {
            Ok(())
        }
    }

    fn body(&self) -> Look {
        Look {
            size: self.t.body,
            style: Style::REGULAR,
            gray: self.t.text_gray,
            role: Role::Paragraph,
            leading: self.t.leading,
        }
    }

    /// Body text in italics: an intro, a scenario's situation.
    fn italic(&self) -> Look {
        Look {
            style: Style::ITALIC,
            ..self.body()
        }
    }

    /// A page's title (page one's, a cover's, the contents'), at `size`.
    fn title_look(&self, size: f32) -> Look {
        Look {
            size,
            style: Style::BOLD,
            gray: self.t.text_gray,
            role: Role::Title,
            leading: self.t.title_leading,
        }
    }

    /// The facility's name over a title, at `size`.
    fn facility_look(&self, size: f32) -> Look {
        Look {
            size,
            style: Style::BOLD,
            gray: self.t.muted_gray,
            role: Role::Paragraph,
            leading: self.t.subheading_leading,
        }
    }

    fn lines(&self, rich: &Rich, look: &Look, measure: f32) -> Result<Vec<Line>, LayoutError> {
        let rich = if look.style == Style::REGULAR {
            rich.clone()
        } else {
            rich.with_style(look.style)
        };
        if self.unkept {
            return break_lines(&rich, look.size, measure, &Unkept(self.m));
        }
        break_lines_kept(&rich, look.size, measure, self.m)
    }

    /// The facility's name, at `size`: a paragraph laid out afresh for
    /// each document, never kept.
    fn facility(&mut self, facility: &str, size: f32) -> Result<(), LayoutError> {
        let (left, w) = (self.t.content_left(), self.t.content_width());
        let look = self.facility_look(size);
        let p = self.node(Tag::P);
        self.unkept = true;
        let laid = self.paragraph(&Rich::plain(facility), p, left, w, &look, 0.0, Vec::new());
        self.unkept = false;
        laid
    }

    /// Text items for one line whose box starts at y = 0. Each line ends in
    /// a space, so text read in structure order doesn't glue the last word
    /// of a line to the first of the next.
    fn line_items(&self, line: &Line, x: f32, look: &Look, node: Option<NodeId>) -> Vec<Item> {
        let lh = look.size * look.leading;
        let y = self.t.baseline(lh, look.size);
        let n = line.runs.len();
        line.runs
            .iter()
            .enumerate()
            .map(|(i, run)| {
                let mut text = run.text.clone();
                if i + 1 == n {
                    text.push(' ');
                }
                Item {
                    shape: Shape::Text {
                        x: x + run.x,
                        y,
                        width: run.width,
                        size: look.size,
                        face: run.face,
                        gray: look.gray,
                        text,
                        link: run.link.clone(),
                        placement: run.placement.clone(),
                    },
                    role: look.role.clone(),
                    node,
                }
            })
            .collect()
    }

    /// A paragraph at `x`, `measure` wide, as structure element `node`: one
    /// chunk per line, the first two and last two lines kept together so no
    /// line is left alone on a page. `lead` items (a bullet, a checkbox) go
    /// into the first line's chunk. Link text becomes a link element inside
    /// `node`, one per address.
    #[allow(clippy::too_many_arguments)]
    fn paragraph(
        &mut self,
        rich: &Rich,
        node: NodeId,
        x: f32,
        measure: f32,
        look: &Look,
        space_before: f32,
        lead: Vec<Item>,
    ) -> Result<(), LayoutError> {
        let lines = self.lines(rich, look, measure)?;
        let lh = look.size * look.leading;
        let n = lines.len();
        let from = self.flow.chunks.len();
        let mut lead = Some(lead);
        let mut links: Vec<(String, NodeId)> = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let mut items = lead.take().unwrap_or_default();
            for mut item in self.line_items(line, x, look, Some(node)) {
                if let Shape::Text {
                    link: Some(url), ..
                } = &item.shape
                {
                    let id = match links.iter().find(|(u, _)| u == url) {
                        Some((_, id)) => *id,
                        None => {
                            self.open.push(node);
                            let id = self.node(Tag::Link { url: url.clone() });
                            self.open.pop();
                            links.push((url.clone(), id));
                            id
                        }
                    };
                    item.node = Some(id);
                }
                items.push(item);
            }
            self.push(Chunk {
                height: lh,
                space_before: if i == 0 { space_before } else { 0.0 },
                items,
                keep_with_next: n > 1 && (i == 0 || i + 2 == n),
                ..Chunk::default()
            });
        }
        // Overdose or withdrawal advice is read in one piece.
        if n > 3 && wording::overdose_or_withdrawal(&rich.to_plain()) {
            self.keep_whole(from);
        }
        Ok(())
    }

    /// Keep every chunk pushed since `from` with the next one: a heading's
    /// lines stay together and with what follows.
    fn keep_since(&mut self, from: usize) {
        for c in &mut self.flow.chunks[from..] {
            c.keep_with_next = true;
        }
    }

    /// Keep every chunk pushed since `from` on one page, when together they
    /// fit on one: a help note, an overdose paragraph, a short list. The
    /// last chunk's own rule (whether it stays with what follows) stands.
    fn keep_whole(&mut self, from: usize) {
        let from = from.min(self.flow.chunks.len());
        let chunks = &mut self.flow.chunks[from..];
        let height: f32 = chunks
            .iter()
            .enumerate()
            .map(|(i, c)| c.height + if i == 0 { 0.0 } else { c.space_before })
            .sum();
        if chunks.len() < 2 || height > self.page_room {
            return;
        }
        let last = chunks.len() - 1;
        for c in &mut chunks[..last] {
            c.keep_with_next = true;
        }
    }

    /// Mark the last chunk pushed to stay with the next one.
    fn keep_last_with_next(&mut self) {
        if let Some(c) = self.flow.chunks.last_mut() {
            c.keep_with_next = true;
        }
    }

    fn rule(&self, x1: f32, x2: f32, y: f32) -> Item {
        Item {
            shape: Shape::Line {
                x1,
                y1: y,
                x2,
                y2: y,
                stroke: Stroke {
                    width: self.t.rule,
                    gray: self.t.rule_gray,
                },
            },
            role: Role::Artifact,
            node: None,
        }
    }

    // ----- sections --------------------------------------------------------

    fn heading(&mut self, title: &Rich) -> Result<(), LayoutError> {
        let t = self.t;
        let look = Look {
            size: t.heading,
            style: Style::BOLD,
            gray: t.text_gray,
            role: Role::Heading,
            leading: t.heading_leading,
        };
        let node = Some(self.node(Tag::H2));
        let lines = self.lines(title, &look, t.content_width())?;
        let lh = look.size * look.leading;
        let n = lines.len();
        for (i, line) in lines.iter().enumerate() {
            let mut items = self.line_items(line, t.content_left(), &look, node);
            let mut height = lh;
            if i + 1 == n {
                let y = lh + t.heading_gap * t.heading_rule_drop;
                items.push(self.rule(t.content_left(), t.content_right(), y));
                height = lh + t.heading_gap;
            }
            self.push(Chunk {
                height,
                space_before: if i == 0 { t.heading_space } else { 0.0 },
                items,
                keep_with_next: true,
                ..Chunk::default()
            });
        }
        Ok(())
    }

    fn subheading(&mut self, title: &Rich) -> Result<(), LayoutError> {
        let look = Look {
            size: self.t.subheading,
            style: Style::BOLD,
            gray: self.t.text_gray,
            role: Role::Subheading,
            leading: self.t.subheading_leading,
        };
        let (left, w, space) = (
            self.t.content_left(),
            self.t.content_width(),
            self.t.subheading_space,
        );
        let from = self.flow.chunks.len();
        let h3 = self.node(Tag::H3);
        self.paragraph(title, h3, left, w, &look, space, Vec::new())?;
        self.keep_since(from);
        Ok(())
    }

    /// Paragraphs and lists; nested lists indent further.
    fn blocks(
        &mut self,
        blocks: &[Block],
        x: f32,
        w: f32,
        first_space: f32,
    ) -> Result<(), LayoutError> {
        let t = self.t;
        // Where an overdose or withdrawal paragraph just laid out starts:
        // a list right after it (the steps it leads into) joins it.
        let mut advice: Option<usize> = None;
        for (i, block) in blocks.iter().enumerate() {
            self.within_room()?;
            let space = if i == 0 { first_space } else { t.paragraph_gap };
            let from = self.flow.chunks.len();
            match block {
                Block::Paragraph(rich) => {
                    let p = self.node(Tag::P);
                    self.paragraph(rich, p, x, w, &self.body(), space, Vec::new())?;
                    // (The paragraph itself is kept whole by `paragraph`.)
                    advice = wording::overdose_or_withdrawal(&rich.to_plain()).then_some(from);
                }
                Block::List { start, items } => {
                    self.list(*start, items, x, w, space)?;
                    let urgent = items
                        .iter()
                        .flat_map(|item| blocks_rich(item))
                        .any(|r| wording::overdose_or_withdrawal(&r.to_plain()));
                    if items.len() <= SHORT_LIST || urgent {
                        self.keep_whole(from);
                    }
                    if let Some(lead) = advice.take() {
                        self.keep_whole(lead);
                    }
                }
            }
        }
        Ok(())
    }

    /// A list: each item's label (bullet or number from `start`) and body.
    fn list(
        &mut self,
        start: Option<u64>,
        items: &[Vec<Block>],
        x: f32,
        w: f32,
        space: f32,
    ) -> Result<(), LayoutError> {
        let t = self.t;
        self.open(Tag::L);
        for (n, item) in items.iter().enumerate() {
            self.within_room()?;
            let label = match start {
                Some(s) => format!("{}.", s + n as u64),
                None => "•".to_string(),
            };
            let space = if n == 0 { space } else { t.item_gap };
            self.open(Tag::LI);
            self.list_item(&label, item, x, w, space)?;
            self.close();
        }
        self.close();
        Ok(())
    }

    /// A list label (bullet or number) as its own `Lbl` element.
    fn label_items(&mut self, label: &str, x: f32, look: &Look) -> Result<Vec<Item>, LayoutError> {
        let node = Some(self.node(Tag::Lbl));
        let lines = break_lines_kept(
            &Rich::styled(label, look.style),
            look.size,
            f32::INFINITY,
            self.m,
        )?;
        let mut items = Vec::new();
        for line in &lines {
            items.extend(self.line_items(
                line,
                x,
                &Look {
                    role: Role::ListLabel,
                    ..look.clone()
                },
                node,
            ));
        }
        Ok(items)
    }

    fn list_item(
        &mut self,
        label: &str,
        item: &[Block],
        x: f32,
        w: f32,
        space: f32,
    ) -> Result<(), LayoutError> {
        let t = self.t;
        let look = Look {
            role: Role::ListBody,
            ..self.body()
        };
        // Each level of nesting indents, until half the line is used up;
        // deeper levels line up with the last one rather than run off the
        // page. The bullet or number hangs in the indent before the text,
        // which widens for a long number ("1000.").
        let hang = self.hang(label, &look)?;
        let (bx, bw) = if w - hang >= t.content_width() * t.min_list_share {
            (x + hang, w - hang)
        } else {
            (x, w)
        };
        let lead = self.label_items(label, bx - hang + t.indent * t.label_inset, &look)?;
        // The item's first paragraph is the body's own text; what follows
        // (more paragraphs, a nested list) goes inside the body too.
        let body = self.open(Tag::LBody);
        match item.split_first() {
            Some((Block::Paragraph(first), rest)) => {
                self.paragraph(first, body, bx, bw, &look, space, lead)?;
                self.blocks(rest, bx, bw, t.item_gap)?;
            }
            _ => {
                // An item that opens with a nested list: the label stands on
                // its own line.
                self.push(Chunk {
                    height: t.line_height(t.body),
                    space_before: space,
                    items: lead,
                    keep_with_next: true,
                    ..Chunk::default()
                });
                self.blocks(item, bx, bw, 0.0)?;
            }
        }
        self.close();
        Ok(())
    }

    /// A numbered item's label and body, inside the current `LI`; returns
    /// where its body text starts, for writing lines to line up with, and
    /// the body element, which the writing lines join.
    fn numbered(
        &mut self,
        rich: &Rich,
        n: usize,
        x: f32,
        w: f32,
        space: f32,
    ) -> Result<(f32, NodeId), LayoutError> {
        let look = Look {
            role: Role::ListBody,
            ..self.body()
        };
        let label_look = Look {
            style: Style::BOLD,
            ..look.clone()
        };
        let label = format!("{n}.");
        let hang = self.hang(&label, &label_look)?;
        let lead = self.label_items(&label, x, &label_look)?;
        let body = self.node(Tag::LBody);
        self.paragraph(rich, body, x + hang, w - hang, &look, space, lead)?;
        Ok((x + hang, body))
    }

    /// The hanging indent a list label needs: the usual indent, or the
    /// label's width and a gap when that is wider.
    fn hang(&self, label: &str, look: &Look) -> Result<f32, LayoutError> {
        let w = measure(&Rich::styled(label, look.style), look.size, self.m)?;
        Ok(self
            .t
            .indent
            .max(self.t.indent * self.t.label_inset + w + self.t.label_gap))
    }

    /// A checklist item, in its own `LI`: the box (a form field) and the text.
    fn checkbox_item(&mut self, rich: &Rich, field: &str) -> Result<(), LayoutError> {
        self.open(Tag::LI);
        // The box is the item's label: a form field in a fillable PDF.
        self.open(Tag::Lbl);
        let form = Some(self.node(Tag::Form));
        self.close();
        let t = self.t;
        let look = Look {
            role: Role::ListBody,
            ..self.body()
        };
        let lh = t.line_height(t.body);
        let side = t.checkbox;
        let boxed = Item {
            shape: Shape::Rect {
                x: t.content_left() + t.checkbox_inset,
                y: lh * 0.5 - side * 0.5 - t.checkbox_drop,
                w: side,
                h: side,
                fill: None,
                stroke: Some(Stroke {
                    width: t.checkbox_stroke,
                    gray: t.checkbox_gray,
                }),
            },
            role: Role::Checkbox {
                field: field.to_string(),
                tip: rich.to_plain(),
            },
            node: form,
        };
        let x = t.content_left() + side + t.checkbox_gap;
        let w = t.content_right() - x;
        let body = self.node(Tag::LBody);
        self.paragraph(rich, body, x, w, &look, t.item_gap, vec![boxed])?;
        self.close();
        Ok(())
    }

    /// `n` ruled lines to write on, from `x` to the right margin, each a form
    /// field for the prompt `tip`; the last chunk pushed before them (the
    /// prompt) stays with the first.
    fn writing_lines(&mut self, n: u32, x: f32, field: &str, tip: &str) -> Result<(), LayoutError> {
        if n == 0 {
            return Ok(());
        }
        self.keep_last_with_next();
        let t = self.t;
        for i in 1..=n {
            // No line is stranded: the first two stay with the prompt, and
            // the last never starts a page alone.
            let keep = i < n && (i == 1 || i + 1 == n);
            let form = Some(self.node(Tag::Form));
            let h = t.writing_gap;
            self.push(Chunk {
                height: h,
                items: vec![Item {
                    shape: Shape::Line {
                        x1: x,
                        y1: h - t.writing_lift,
                        x2: t.content_right(),
                        y2: h - t.writing_lift,
                        stroke: Stroke {
                            width: t.rule,
                            gray: t.writing_gray,
                        },
                    },
                    role: Role::WritingLine {
                        field: format!("{field}/line{i}"),
                        tip: if n == 1 {
                            tip.to_string()
                        } else {
                            format!("{tip} (line {i} of {n})")
                        },
                    },
                    node: form,
                }],
                keep_with_next: keep,
                ..Chunk::default()
            });
        }
        Ok(())
    }
}

/// A field-name segment from a label (`Day 3` → `day3`, `Kind response` →
/// `kind-response`), or its number when the label has nothing usable
/// (`Ирина` → `2`). A word followed by a number is written together, as
/// people say it: `day3`, `week2`.
fn slug_or(label: &str, n: usize) -> String {
    let s = slug(label);
    if s.is_empty() {
        return n.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(ch) = chars.next() {
        let joins = ch == '-'
            && out.ends_with(|c: char| c.is_ascii_alphabetic())
            && chars.peek().is_some_and(char::is_ascii_digit);
        if !joins {
            out.push(ch);
        }
    }
    out
}

/// One field-name segment per label, each different: a label that gives the
/// same segment as an earlier one gets its position too (`day3`, `day3-5`),
/// so two rows never share a field.
fn segments(labels: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    labels
        .enumerate()
        .map(|(i, label)| {
            let mut s = slug_or(&label, i + 1);
            while !seen.insert(s.clone()) {
                s = format!("{s}-{}", i + 1);
            }
            s
        })
        .collect()
}

#[cfg(test)]
mod field_name_tests {
    use super::{segments, slug_or};

    #[test]
    fn labels_that_slug_alike_still_name_different_fields() {
        let labels = ["Day 3", "Day3", "Ирина", "Ольга", "Day 3"].map(String::from);
        assert_eq!(
            segments(labels.into_iter()),
            ["day3", "day3-2", "3", "4", "day3-5"]
        );
    }

    #[test]
    fn a_word_and_its_number_are_one_segment() {
        assert_eq!(slug_or("Day 3", 3), "day3");
        assert_eq!(slug_or("Week 12 check-in", 1), "week12-check-in");
        assert_eq!(slug_or("Kind response", 1), "kind-response");
        assert_eq!(slug_or("3 pm", 1), "3-pm");
        assert_eq!(slug_or("Ирина", 2), "2");
    }
}
