//! Content streams: a page's items painted as printpdf operators, each in
//! its marked content, with the graphics state written only when it
//! changes. The lesson's part and the copy's own are painted apart
//! ([`Part`]), so the lesson's can be kept ([`super::body`]).

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{
    Actions, BorderArray, Color, DictItem, Greyscale, Line, LinePoint, LinkAnnotation, Op,
    PaintMode, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem, TextMatrix,
};

use super::fonts::{CharSets, Slot, font_id, glyph_texts};
use super::tags::{self, PageMarks};
use super::{form, personal};
use crate::cache::Cache;
use crate::layout::{FaceId, Item, Node, NodeId, Page, Placement, Role, Shape, Tag};

fn gray(g: f32) -> Color {
    Color::Greyscale(Greyscale {
        percent: g,
        icc_profile: None,
    })
}

fn pt(x: f32, y: f32) -> Point {
    Point { x: Pt(x), y: Pt(y) }
}

pub(super) fn save_options() -> PdfSaveOptions {
    PdfSaveOptions {
        subset_fonts: true,
        ..PdfSaveOptions::default()
    }
}

/// Graphics state already set in a page's content stream, so each operator
/// is written only when its value changes: a smaller stream is quicker to
/// compress and to print.
#[derive(Default)]
struct Pen {
    font: Option<(FaceId, Slot, u32)>,
    fill: Option<u32>,
    stroke: Option<u32>,
    width: Option<u32>,
    in_text: bool,
}

impl Pen {
    fn fill(&mut self, ops: &mut Vec<Op>, g: f32) {
        if self.fill != Some(g.to_bits()) {
            self.fill = Some(g.to_bits());
            ops.push(Op::SetFillColor { col: gray(g) });
        }
    }

    fn stroke(&mut self, ops: &mut Vec<Op>, g: f32, width: f32) {
        self.end_text(ops);
        if self.stroke != Some(g.to_bits()) {
            self.stroke = Some(g.to_bits());
            ops.push(Op::SetOutlineColor { col: gray(g) });
        }
        if self.width != Some(width.to_bits()) {
            self.width = Some(width.to_bits());
            ops.push(Op::SetOutlineThickness { pt: Pt(width) });
        }
    }

    fn begin_text(&mut self, ops: &mut Vec<Op>) {
        if !self.in_text {
            self.in_text = true;
            ops.push(Op::StartTextSection);
        }
    }

    fn end_text(&mut self, ops: &mut Vec<Op>) {
        if self.in_text {
            self.in_text = false;
            ops.push(Op::EndTextSection);
        }
    }

    fn font(&mut self, ops: &mut Vec<Op>, face: FaceId, slot: Slot, size: f32) {
        if self.font != Some((face, slot, size.to_bits())) {
            self.font = Some((face, slot, size.to_bits()));
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(font_id(face, slot)),
                size: Pt(size),
            });
        }
    }
}

/// Positions to a hundredth of a point: finer than any printer, and
/// shorter numbers in the file.
fn r2(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

/// How an item is marked in the content stream.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// Page furniture, decoration, or the drawing of a place to write.
    Artifact,
    /// Real content of a structure element.
    Content(NodeId),
}

/// Which items of a page a content stream paints.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    /// The lesson's: the same in every copy.
    Body,
    /// The copy's own (see [`personal`]), with every link annotation and
    /// form field of the page, after the body's stream.
    Personal,
}

/// Paint the items of `page` that are `part`'s. `first_mcid` is where its
/// marked-content ids start: after those of the body painted before it.
pub(super) fn page_ops(
    page: &Page,
    nodes: &[Node],
    sets: &CharSets,
    // In a fillable PDF: the fields whose values show in the field.
    fillable: Option<&BTreeSet<String>>,
    part: Part,
    first_mcid: i64,
    cache: &Cache,
) -> (PdfPage, PageMarks) {
    let mut painter = Painter {
        h: page.height,
        nodes,
        sets,
        cache,
        fillable,
        ops: Vec::new(),
        pen: Pen::default(),
        open: None,
        marks: PageMarks::default(),
        first_mcid,
    };
    let mut links = Vec::new();
    for (k, item) in page.items.iter().enumerate() {
        let personal = personal(page, k);
        if part == Part::Personal {
            painter.annotations(item, &mut links);
        }
        if personal != (part == Part::Personal) {
            continue;
        }
        // In a fillable PDF a pre-filled value shows in its field instead.
        if let (Some(shown), Role::Value { field }) = (fillable, &item.role)
            && shown.contains(field)
        {
            continue;
        }
        painter.mark(item);
        painter.item(item, personal);
    }
    let Painter {
        mut ops,
        mut pen,
        open,
        marks,
        ..
    } = painter;
    pen.end_text(&mut ops);
    if open.is_some() {
        ops.push(Op::EndMarkedContent);
    }
    ops.extend(links);
    // Boxes straight in points: going through millimetres (PdfPage::new)
    // turns 792 pt into 792.001.
    let bx = Rect::from_wh(Pt(page.width), Pt(page.height));
    let page = PdfPage {
        media_box: bx.clone(),
        trim_box: bx.clone(),
        crop_box: bx,
        ops,
    };
    (page, marks)
}

/// One page's part being painted: what it is painted from, and the stream
/// and marks so far.
struct Painter<'a> {
    /// The page's height (PDF y runs up).
    h: f32,
    nodes: &'a [Node],
    sets: &'a CharSets,
    cache: &'a Cache,
    fillable: Option<&'a BTreeSet<String>>,
    ops: Vec<Op>,
    pen: Pen,
    /// The marked content open in the stream.
    open: Option<Mark>,
    marks: PageMarks,
    first_mcid: i64,
}

impl Painter<'_> {
    /// The link annotation and form field of `item`, if it has them: they
    /// go with the copy's part.
    fn annotations(&mut self, item: &Item, links: &mut Vec<Op>) {
        let h = self.h;
        if self.fillable.is_some()
            && let Some(widget) = form::widget(item, h)
        {
            self.marks.fields.push(widget);
        }
        if let Shape::Text {
            x,
            y,
            width,
            size,
            text,
            link: Some(url),
            ..
        } = &item.shape
        {
            links.push(Op::LinkAnnotation {
                link: LinkAnnotation::new(
                    Rect {
                        x: Pt(r2(*x)),
                        y: Pt(r2(h - y - size * 0.25)),
                        width: Pt(r2(*width)),
                        height: Pt(r2(size * 1.05)),
                        mode: None,
                        winding_order: None,
                    },
                    Actions::Uri(url.clone()),
                    Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                    None,
                    None,
                ),
            });
            if let Some(n) = item.node {
                self.marks.links.push((n, text.trim_end().to_string()));
            }
        }
    }

    /// Open the marked content `item` belongs in, closing the one before
    /// when it differs.
    fn mark(&mut self, item: &Item) {
        let is_form = item
            .node
            .is_some_and(|n| matches!(self.nodes[n.0 as usize].tag, Tag::Form));
        let mark = match item.node {
            Some(n) if !is_form => Mark::Content(n),
            _ => Mark::Artifact,
        };
        if self.open == Some(mark) {
            return;
        }
        let ops = &mut self.ops;
        self.pen.end_text(ops);
        if self.open.is_some() {
            ops.push(Op::EndMarkedContent);
        }
        match mark {
            Mark::Artifact => ops.push(Op::BeginMarkedContent {
                tag: "Artifact".into(),
            }),
            Mark::Content(n) => {
                let mcid = self.first_mcid + self.marks.content.len() as i64;
                self.marks.content.push((mcid, n));
                let mut map = std::collections::BTreeMap::new();
                map.insert("MCID".to_string(), DictItem::Int(mcid));
                ops.push(Op::BeginMarkedContentWithProperties {
                    tag: tags::type_name(&self.nodes[n.0 as usize].tag).into(),
                    properties: DictItem::Dict { map },
                });
            }
        }
        self.open = Some(mark);
    }

    /// Paint `item`'s shape.
    fn item(&mut self, item: &Item, personal: bool) {
        if let Shape::Text { .. } = item.shape {
            return self.text(&item.shape, personal);
        }
        let (h, ops, pen) = (self.h, &mut self.ops, &mut self.pen);
        match &item.shape {
            Shape::Text { .. } => {}
            Shape::Line {
                x1,
                y1,
                x2,
                y2,
                stroke,
            } => {
                pen.stroke(ops, stroke.gray, stroke.width);
                ops.push(line_op(r2(*x1), r2(h - y1), r2(*x2), r2(h - y2)));
            }
            Shape::Rect {
                x,
                y,
                w,
                h: rh,
                fill,
                stroke,
            } => {
                let mode = match (fill, stroke) {
                    (Some(_), Some(_)) => PaintMode::FillStroke,
                    (Some(_), None) => PaintMode::Fill,
                    (None, Some(_)) => PaintMode::Stroke,
                    // An invisible area (a table cell to write in): nothing to paint.
                    (None, None) => return,
                };
                pen.end_text(ops);
                if let Some(f) = fill {
                    pen.fill(ops, *f);
                }
                if let Some(s) = stroke {
                    pen.stroke(ops, s.gray, s.width);
                }
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(r2(*x)),
                        y: Pt(r2(h - y - rh)),
                        width: Pt(r2(*w)),
                        height: Pt(r2(*rh)),
                        mode: Some(mode),
                        winding_order: None,
                    },
                });
            }
        }
    }

    /// Paint a text shape, from the subset its slot draws from; a link
    /// underlined.
    fn text(&mut self, shape: &Shape, personal: bool) {
        let Shape::Text {
            x,
            y,
            width,
            size,
            face,
            gray: g,
            text,
            link,
            placement,
        } = shape
        else {
            return;
        };
        let (h, sets, ops, pen) = (self.h, self.sets, &mut self.ops, &mut self.pen);
        let cache = self.cache;
        pen.begin_text(ops);
        pen.fill(ops, *g);
        let (x0, y0) = (r2(*x), r2(h - y));
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(x0), Pt(y0)),
        });
        match placement {
            Placement::Natural => show_text(ops, pen, sets, *face, *size, text, &[]),
            Placement::Kerned(kerns) => show_text(ops, pen, sets, *face, *size, text, kerns),
            Placement::Shaped(glyphs) => {
                let slot = if personal { Slot::Copy } else { Slot::Lesson };
                show_glyphs(
                    ops,
                    pen,
                    sets,
                    (*face, slot),
                    *size,
                    (x0, y0),
                    text,
                    glyphs,
                    cache,
                );
            }
        }
        if link.is_some() {
            // Underline links so paper shows what is one.
            pen.stroke(ops, *g, size * 0.05);
            let uy = r2(h - y - size * 0.12);
            ops.push(line_op(r2(*x), uy, r2(x + width), uy));
        }
    }
}

/// Text drawn character by character from the face's subsets, each
/// stretch from its own (the text position runs on from one to the next,
/// both subsets having the face's widths), with kerning (in ems, before
/// the character at each byte offset) as `TJ` adjustments.
fn show_text(
    ops: &mut Vec<Op>,
    pen: &mut Pen,
    sets: &CharSets,
    face: FaceId,
    size: f32,
    text: &str,
    kerns: &[(u32, f32)],
) {
    let mut kerns = kerns.iter().peekable();
    let mut start = 0;
    let mut items = Vec::new();
    let mut slot = None;
    for (i, c) in text.char_indices() {
        let s = sets.slot(face, c);
        let kern = match kerns.peek() {
            Some(&&(at, k)) if at as usize == i => {
                kerns.next();
                Some(k)
            }
            _ => None,
        };
        if slot != Some(s) || kern.is_some() {
            if i > start {
                items.push(TextItem::Text(text[start..i].to_string()));
            }
            start = i;
            if slot != Some(s) {
                if let Some(prev) = slot
                    && !items.is_empty()
                {
                    pen.font(ops, face, prev, size);
                    ops.push(Op::ShowText {
                        items: std::mem::take(&mut items),
                    });
                }
                slot = Some(s);
            }
            if let Some(k) = kern {
                // TJ numbers are thousandths of an em, positive to the left.
                items.push(TextItem::Offset(-(k * 1000.0 * 100.0).round() / 100.0));
            }
        }
    }
    if start < text.len() {
        items.push(TextItem::Text(text[start..].to_string()));
    }
    if let Some(s) = slot
        && !items.is_empty()
    {
        pen.font(ops, face, s, size);
        ops.push(Op::ShowText { items });
    }
}

/// Shaped glyphs, each at its place: printpdf joins those on one baseline
/// into one `TJ`; a mark raised or lowered gets its own. Each glyph maps
/// to the characters of its cluster (`/ToUnicode`). Left-to-right text
/// also carries the words as `/ActualText`, in reading order, so copying
/// and searching get "अनीता", not glyphs in drawing order. Right-to-left
/// text does not: its glyphs are drawn right to left and every reader
/// (poppler, MuPDF, Acrobat) puts such text back in reading order from
/// the glyphs, but would turn an `/ActualText` around a second time.
#[allow(clippy::too_many_arguments)]
fn show_glyphs(
    ops: &mut Vec<Op>,
    pen: &mut Pen,
    sets: &CharSets,
    (face, slot): (FaceId, Slot),
    size: f32,
    (x0, y0): (f32, f32),
    text: &str,
    glyphs: &[crate::layout::Glyph],
    cache: &Cache,
) {
    let rtl = text.chars().any(crate::text::is_rtl);
    if !rtl {
        let mut actual = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            actual.extend(unit.to_be_bytes());
        }
        let mut map = BTreeMap::new();
        map.insert(
            "ActualText".to_string(),
            DictItem::String {
                data: actual,
                literal: false,
            },
        );
        ops.push(Op::BeginMarkedContentWithProperties {
            tag: "Span".into(),
            properties: DictItem::Dict { map },
        });
    }
    pen.font(ops, face, slot, size);
    let remap = sets.remap.get(&(face, slot == Slot::Copy));
    let mut at = 0.0;
    for (g, cluster) in glyphs.iter().zip(glyph_texts(face, text, glyphs, cache)) {
        let gid = remap.and_then(|m| m.get(&g.id)).copied().unwrap_or(0);
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(r2(x0 + at + g.dx * size)), Pt(r2(y0 + g.dy * size))),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(vec![printpdf::text::Codepoint {
                gid,
                offset: 0.0,
                cid: Some(cluster),
            }])],
        });
        at += g.advance * size;
    }
    if !rtl {
        ops.push(Op::EndMarkedContent);
    }
}

fn line_op(x1: f32, y1: f32, x2: f32, y2: f32) -> Op {
    Op::DrawLine {
        line: Line {
            points: vec![
                LinePoint {
                    p: pt(x1, y1),
                    bezier: false,
                },
                LinePoint {
                    p: pt(x2, y2),
                    bezier: false,
                },
            ],
            is_closed: false,
        },
    }
}
