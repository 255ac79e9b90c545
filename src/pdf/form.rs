//! Fillable PDFs (`--fillable`): a form field wherever a person writes —
//! name and date, each writing line, each checklist box, each tracker cell —
//! drawn nowhere (the page prints exactly as the plain PDF) and named in a
//! readable hierarchy (`plan/2/line1`, `tracker/day3/kind-response`), with
//! the prompt as tooltip.
//!
//! Typed text needs a font that holds what people type: names in
//! Vietnamese, Greek, Cyrillic. The form font is Noto Sans, subset once per
//! process to a fixed repertoire of those scripts and embedded as a
//! Unicode-mapped Type 0 font, so a program filling the fields can encode
//! any of them and every viewer can show it. Appearance streams are always
//! written (a pre-filled name shows in its field), so viewers need not make
//! their own.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

use super::PdfError;
use super::fonts::{FORM_FONT, FormFont, form_font};
use crate::cache::Cache;
use crate::layout::{Document, Item, NodeId, Placement, Role, Shape};

/// A widget annotation joining a Form element, found by the form stage.
pub(super) struct Annotated {
    pub page: usize,
    pub node: NodeId,
    pub obj: ObjectId,
}

/// A place to fill in, found on a page.
#[derive(Debug, Clone)]
pub(crate) struct Widget {
    pub kind: Kind,
    /// Full name, segments separated by `/`.
    pub field: String,
    pub tip: String,
    /// Left, bottom, right, top in PDF points.
    pub rect: [f32; 4],
    pub node: NodeId,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Text,
    Check,
}

/// The widget for an item, if it is a place to fill in. `h` is the page's
/// height (PDF y runs up).
pub(crate) fn widget(item: &Item, h: f32) -> Option<Widget> {
    let node = item.node?;
    let r = |x1: f32, top: f32, x2: f32, bottom: f32| [x1, h - bottom, x2, h - top];
    match (&item.role, &item.shape) {
        (Role::WritingLine { field, tip }, Shape::Line { x1, y1, x2, .. }) => Some(Widget {
            kind: Kind::Text,
            field: field.clone(),
            tip: tip.clone(),
            // The space above the line, where the hand writes.
            rect: r(*x1, y1 - 20.0, *x2, y1 - 0.5),
            node,
        }),
        (Role::Checkbox { field, tip }, Shape::Rect { x, y, w, h: bh, .. }) => Some(Widget {
            kind: Kind::Check,
            field: field.clone(),
            tip: tip.clone(),
            rect: r(*x, *y, x + w, y + bh),
            node,
        }),
        (Role::InputCell { field, tip, .. }, Shape::Rect { x, y, w, h: ch, .. }) => Some(Widget {
            kind: Kind::Text,
            field: field.clone(),
            tip: tip.clone(),
            rect: r(x + 1.0, y + 1.0, x + w - 1.0, y + ch - 1.0),
            node,
        }),
        _ => None,
    }
}

/// The form font's resource name, and the size a filler uses (0: fit).
const FONT: &str = FORM_FONT;
const DA: &str = "/HNDTFM 0 Tf 0 g";

/// A form XObject of `w` × `h` drawing `content`.
fn appearance(
    lo: &mut lopdf::Document,
    w: f32,
    h: f32,
    content: String,
    font: Option<ObjectId>,
) -> ObjectId {
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"XObject".to_vec()));
    d.set("Subtype", Object::Name(b"Form".to_vec()));
    d.set(
        "BBox",
        Object::Array(vec![0.into(), 0.into(), Object::Real(w), Object::Real(h)]),
    );
    if let Some(font) = font {
        let mut fonts = Dictionary::new();
        fonts.set(FONT, Object::Reference(font));
        let mut res = Dictionary::new();
        res.set("Font", Object::Dictionary(fonts));
        d.set("Resources", Object::Dictionary(res));
    }
    lo.add_object(Stream::new(d, content.into_bytes()))
}

/// The fields whose pre-filled value the form font can show: every
/// character in it, none needing the shaper. Any other value (a name in
/// Arabic, Chinese, Hindi) is printed on the page as in a plain PDF, and
/// its field left empty: a field can't show it on every reader.
pub(super) fn shown_in_fields(doc: &Document, cache: &Cache) -> BTreeSet<String> {
    let Ok(font) = form_font(cache) else {
        return BTreeSet::new();
    };
    let mut ok: BTreeMap<&str, bool> = BTreeMap::new();
    for item in doc.pages.iter().flat_map(|p| &p.items) {
        if let (
            Role::Value { field },
            Shape::Text {
                text, placement, ..
            },
        ) = (&item.role, &item.shape)
        {
            let fits = !matches!(placement, Placement::Shaped(_))
                && text.trim_end().chars().all(|c| font.gids.contains_key(&c));
            *ok.entry(field).or_insert(true) &= fits;
        }
    }
    ok.into_iter()
        .filter(|(_, fits)| *fits)
        .map(|(f, _)| f.to_string())
        .collect()
}

/// Add every widget of `fields` (page by page) as a form field, in a
/// hierarchy by name, with the values of the fields in `shown` pre-filled.
/// Returns the widget annotations for the structure tree.
pub(super) fn add_fields<'a>(
    lo: &mut lopdf::Document,
    doc: &Document,
    fields: impl IntoIterator<Item = &'a [Widget]>,
    shown: &BTreeSet<String>,
    cache: &Cache,
) -> Result<Vec<Annotated>, PdfError> {
    let font = form_font(cache)?;
    let font_id = font.embed(lo);
    let root = FieldNode::tree(fields);
    let mut fields = Fields {
        font: &font,
        font_id,
        pages: lo.get_pages().into_values().collect(),
        values: prefilled(doc, shown),
        annotated: Vec::new(),
        check_on: None,
        check_off: None,
    };
    let top: Vec<Object> = root
        .order
        .iter()
        .map(|seg| Object::Reference(fields.write(lo, seg, seg, &root.children[seg], None)))
        .collect();
    if !top.is_empty() {
        let mut fonts = Dictionary::new();
        fonts.set(FONT, Object::Reference(font_id));
        let mut dr = Dictionary::new();
        dr.set("Font", Object::Dictionary(fonts));
        let mut form = Dictionary::new();
        form.set("Fields", Object::Array(top));
        form.set("DR", Object::Dictionary(dr));
        form.set("DA", Object::string_literal(DA));
        let form_id = lo.add_object(form);
        if let Ok(catalog) = lo.catalog_mut() {
            catalog.set("AcroForm", Object::Reference(form_id));
        }
    }
    Ok(fields.annotated)
}

/// Pre-filled values, by field: the text of the field's first printing
/// (its runs on one line of one page), and its size. A packet prints the
/// name on the cover and atop every lesson; those are more widgets of one
/// field, and the value is the name once, not once per copy.
fn prefilled(doc: &Document, shown: &BTreeSet<String>) -> BTreeMap<String, (String, f32)> {
    let mut values: BTreeMap<String, (String, f32)> = BTreeMap::new();
    let mut first_at: BTreeMap<&str, (usize, i64)> = BTreeMap::new();
    for (p, page) in doc.pages.iter().enumerate() {
        for item in &page.items {
            if let (Role::Value { field }, Shape::Text { text, size, y, .. }) =
                (&item.role, &item.shape)
                && shown.contains(field)
            {
                let at = (p, (*y * 100.0).round() as i64);
                if *first_at.entry(field.as_str()).or_insert(at) != at {
                    continue;
                }
                let v = values
                    .entry(field.clone())
                    .or_insert_with(|| (String::new(), *size));
                v.0.push_str(text);
            }
        }
    }
    values
}

/// The field tree: each name segment a node; leaves hold their widgets.
#[derive(Default)]
struct FieldNode {
    children: BTreeMap<String, FieldNode>,
    /// First seen order of children, for a stable field order.
    order: Vec<String>,
    widgets: Vec<(usize, Widget)>,
}

impl FieldNode {
    fn tree<'a>(fields: impl IntoIterator<Item = &'a [Widget]>) -> FieldNode {
        let mut root = FieldNode::default();
        for (p, page) in fields.into_iter().enumerate() {
            for w in page {
                let mut node = &mut root;
                for seg in w.field.split('/') {
                    if !node.children.contains_key(seg) {
                        node.order.push(seg.to_string());
                    }
                    node = node.children.entry(seg.to_string()).or_default();
                }
                node.widgets.push((p, w.clone()));
            }
        }
        root
    }
}

/// The form's fields being written, and what they share.
struct Fields<'a> {
    font: &'a FormFont,
    font_id: ObjectId,
    pages: Vec<ObjectId>,
    values: BTreeMap<String, (String, f32)>,
    annotated: Vec<Annotated>,
    /// The check box's two looks, made for the first and shared.
    check_on: Option<ObjectId>,
    check_off: Option<ObjectId>,
}

impl Fields<'_> {
    /// Write `node`, named `name` (`full` from the top), its children
    /// first, depth-first, and its widgets.
    fn write(
        &mut self,
        lo: &mut lopdf::Document,
        name: &str,
        full: &str,
        node: &FieldNode,
        parent: Option<ObjectId>,
    ) -> ObjectId {
        let id = lo.new_object_id();
        let mut d = Dictionary::new();
        d.set(
            "T",
            Object::String(name.as_bytes().to_vec(), StringFormat::Literal),
        );
        if let Some(p) = parent {
            d.set("Parent", Object::Reference(p));
        }
        let mut kids = Vec::new();
        for seg in &node.order {
            let child = &node.children[seg];
            let full = if full.is_empty() {
                seg.clone()
            } else {
                format!("{full}/{seg}")
            };
            kids.push(Object::Reference(self.write(
                lo,
                seg,
                &full,
                child,
                Some(id),
            )));
        }
        if !node.widgets.is_empty() {
            self.field(lo, id, &mut d, full, node, &mut kids);
        }
        if !kids.is_empty() {
            d.set("Kids", Object::Array(kids));
        }
        lo.objects.insert(id, Object::Dictionary(d));
        id
    }

    /// A field's entries: its type, tooltip, value; its widgets are
    /// `kids`, or the field `d` itself when there is one widget.
    fn field(
        &mut self,
        lo: &mut lopdf::Document,
        id: ObjectId,
        d: &mut Dictionary,
        full: &str,
        node: &FieldNode,
        kids: &mut Vec<Object>,
    ) {
        let first = &node.widgets[0].1;
        let value = self.values.get(full).cloned();
        match first.kind {
            Kind::Text => {
                d.set("FT", Object::Name(b"Tx".to_vec()));
                d.set("DA", Object::string_literal(DA));
                if let Some((v, _)) = &value {
                    d.set("V", super::utf16(v));
                }
            }
            Kind::Check => {
                d.set("FT", Object::Name(b"Btn".to_vec()));
                d.set("V", Object::Name(b"Off".to_vec()));
            }
        }
        d.set("TU", super::utf16(&first.tip));
        if node.widgets.len() == 1 && node.children.is_empty() {
            let (page, w) = &node.widgets[0];
            self.widget_entries(lo, d, *page, w, value.as_ref());
            self.annotated.push(Annotated {
                page: *page,
                node: w.node,
                obj: id,
            });
            return;
        }
        for (page, w) in &node.widgets {
            let wid = lo.new_object_id();
            let mut wd = Dictionary::new();
            wd.set("Parent", Object::Reference(id));
            wd.set("TU", super::utf16(&w.tip));
            self.widget_entries(lo, &mut wd, *page, w, value.as_ref());
            lo.objects.insert(wid, Object::Dictionary(wd));
            self.annotated.push(Annotated {
                page: *page,
                node: w.node,
                obj: wid,
            });
            kids.push(Object::Reference(wid));
        }
    }

    /// The widget half of a field: where it is and how it looks.
    fn widget_entries(
        &mut self,
        lo: &mut lopdf::Document,
        d: &mut Dictionary,
        page: usize,
        w: &Widget,
        value: Option<&(String, f32)>,
    ) {
        let [x1, y1, x2, y2] = w.rect;
        let (bw, bh) = (x2 - x1, y2 - y1);
        d.set("Type", Object::Name(b"Annot".to_vec()));
        d.set("Subtype", Object::Name(b"Widget".to_vec()));
        d.set(
            "Rect",
            Object::Array(vec![
                Object::Real(x1),
                Object::Real(y1),
                Object::Real(x2),
                Object::Real(y2),
            ]),
        );
        d.set("F", Object::Integer(4));
        d.set("P", Object::Reference(self.pages[page]));
        let mut ap = Dictionary::new();
        match w.kind {
            Kind::Text => {
                let content = match value {
                    Some((v, size)) => {
                        let code: String = self
                            .font
                            .encode(v)
                            .iter()
                            .map(|b| format!("{b:02X}"))
                            .collect();
                        let base = (bh - size * 0.75).max(1.0);
                        format!(
                            "/Tx BMC\nq BT /{FONT} {size} Tf 0 g 2 {base:.2} Td <{code}> Tj ET Q\nEMC\n"
                        )
                    }
                    None => "/Tx BMC\nEMC\n".to_string(),
                };
                let n = appearance(lo, bw, bh, content, Some(self.font_id));
                ap.set("N", Object::Reference(n));
            }
            Kind::Check => {
                let on = *self.check_on.get_or_insert_with(|| {
                    // A drawn tick: no font needed.
                    let s = format!(
                        "q 0 g 0 G 1.6 w 1 J 1 j {:.2} {:.2} m {:.2} {:.2} l {:.2} {:.2} l S Q\n",
                        bw * 0.2,
                        bh * 0.5,
                        bw * 0.42,
                        bh * 0.25,
                        bw * 0.82,
                        bh * 0.8
                    );
                    appearance(lo, bw, bh, s, None)
                });
                let off = *self
                    .check_off
                    .get_or_insert_with(|| appearance(lo, bw, bh, String::new(), None));
                let mut n = Dictionary::new();
                n.set("Yes", Object::Reference(on));
                n.set("Off", Object::Reference(off));
                ap.set("N", Object::Dictionary(n.clone()));
                ap.set("D", Object::Dictionary(n));
                d.set("AS", Object::Name(b"Off".to_vec()));
                let mut mk = Dictionary::new();
                mk.set("CA", Object::string_literal("4"));
                d.set("MK", Object::Dictionary(mk));
            }
        }
        d.set("AP", Object::Dictionary(ap));
    }
}
