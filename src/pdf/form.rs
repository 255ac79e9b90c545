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
use std::sync::OnceLock;

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};
use ttf_parser::Face;

use super::{PageMarks, PdfError, tags::Annotated};
use crate::layout::{Document, Item, NodeId, Placement, Role, Shape};

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

/// Resource name of the form font, and the size a filler uses (0: fit).
const FONT: &str = "HNDTFM";
const DA: &str = "/HNDTFM 0 Tf 0 g";

/// Characters a person may type into a field, beyond what the page shows:
/// Latin with every accent (Vietnamese included), Greek, Cyrillic, common
/// punctuation.
fn repertoire() -> impl Iterator<Item = char> {
    [
        0x20..=0x7E,
        0xA0..=0x24F,
        0x1E00..=0x1EFF,
        0x370..=0x3FF,
        0x400..=0x4FF,
        0x2010..=0x2027,
        0x20AC..=0x20AC,
    ]
    .into_iter()
    .flatten()
    .filter_map(char::from_u32)
}

/// The form font: Noto Sans Regular subset to the repertoire, with its
/// character → glyph map and widths.
struct FormFont {
    bytes: Vec<u8>,
    /// Character → glyph id in the subset.
    gids: BTreeMap<char, u16>,
    /// Advance widths in thousandths of an em, by subset glyph id.
    widths: Vec<i64>,
    ascent: i64,
    descent: i64,
    cap_height: i64,
    bbox: [i64; 4],
}

fn form_font() -> Result<&'static FormFont, PdfError> {
    static FONT: OnceLock<Option<FormFont>> = OnceLock::new();
    FONT.get_or_init(build_form_font)
        .as_ref()
        .ok_or_else(|| PdfError::Font("NotoSans-Regular (form font)".into()))
}

fn build_form_font() -> Option<FormFont> {
    let bytes = crate::fonts::face_data(crate::layout::FaceId(4))?.bytes;
    let face = Face::parse(bytes, 0).ok()?;
    let mut warnings = Vec::new();
    let parsed = printpdf::ParsedFont::from_bytes(bytes, 0, &mut warnings)?;
    let mut wanted: BTreeMap<u16, String> = BTreeMap::new();
    let mut by_char: Vec<(char, u16)> = Vec::new();
    for ch in repertoire() {
        if let Some(g) = face.glyph_index(ch) {
            wanted.entry(g.0).or_insert_with(|| ch.to_string());
            by_char.push((ch, g.0));
        }
    }
    let subset = printpdf::subset_font(&parsed, &wanted).ok()?;
    let upem = f32::from(face.units_per_em());
    let scale = |v: i16| (f32::from(v) * 1000.0 / upem).round() as i64;
    let mut gids = BTreeMap::new();
    let mut widths = vec![0i64; subset.glyph_mapping.len() + 1];
    for (ch, old) in by_char {
        if let Some((new, _)) = subset.glyph_mapping.get(&old) {
            gids.insert(ch, *new);
            let adv = face
                .glyph_hor_advance(ttf_parser::GlyphId(old))
                .unwrap_or(0);
            let i = usize::from(*new);
            if i >= widths.len() {
                widths.resize(i + 1, 0);
            }
            widths[i] = (f32::from(adv) * 1000.0 / upem).round() as i64;
        }
    }
    let b = face.global_bounding_box();
    Some(FormFont {
        bytes: subset.bytes,
        gids,
        widths,
        ascent: scale(face.ascender()),
        descent: scale(face.descender()),
        cap_height: scale(face.capital_height().unwrap_or(714)),
        bbox: [
            scale(b.x_min),
            scale(b.y_min),
            scale(b.x_max),
            scale(b.y_max),
        ],
    })
}

impl FormFont {
    /// `text` as two-byte glyph codes; characters outside the repertoire
    /// are left out.
    fn encode(&self, text: &str) -> Vec<u8> {
        text.chars()
            .filter_map(|c| self.gids.get(&c))
            .flat_map(|g| g.to_be_bytes())
            .collect()
    }

    /// The Type 0 font objects; returns the font dictionary's id.
    fn embed(&self, lo: &mut lopdf::Document) -> ObjectId {
        let name = format!("{FONT}+NotoSans-Regular");
        let mut file = Stream::new(Dictionary::new(), self.bytes.clone());
        file.dict
            .set("Length1", Object::Integer(self.bytes.len() as i64));
        let file_id = lo.add_object(file);

        let mut desc = Dictionary::new();
        desc.set("Type", Object::Name(b"FontDescriptor".to_vec()));
        desc.set("FontName", Object::Name(name.clone().into_bytes()));
        desc.set("Flags", Object::Integer(32));
        desc.set(
            "FontBBox",
            Object::Array(self.bbox.iter().map(|v| Object::Integer(*v)).collect()),
        );
        desc.set("ItalicAngle", Object::Integer(0));
        desc.set("Ascent", Object::Integer(self.ascent));
        desc.set("Descent", Object::Integer(self.descent));
        desc.set("CapHeight", Object::Integer(self.cap_height));
        desc.set("StemV", Object::Integer(80));
        desc.set("FontFile2", Object::Reference(file_id));
        let desc_id = lo.add_object(desc);

        let mut sysinfo = Dictionary::new();
        sysinfo.set("Registry", Object::string_literal("Adobe"));
        sysinfo.set("Ordering", Object::string_literal("Identity"));
        sysinfo.set("Supplement", Object::Integer(0));
        let mut cid = Dictionary::new();
        cid.set("Type", Object::Name(b"Font".to_vec()));
        cid.set("Subtype", Object::Name(b"CIDFontType2".to_vec()));
        cid.set("BaseFont", Object::Name(name.clone().into_bytes()));
        cid.set("CIDSystemInfo", Object::Dictionary(sysinfo));
        cid.set("FontDescriptor", Object::Reference(desc_id));
        cid.set("CIDToGIDMap", Object::Name(b"Identity".to_vec()));
        cid.set(
            "W",
            Object::Array(vec![
                Object::Integer(0),
                Object::Array(self.widths.iter().map(|w| Object::Integer(*w)).collect()),
            ]),
        );
        let cid_id = lo.add_object(cid);

        let mut cmap = String::from(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
             /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
             /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
             1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
        );
        let pairs: Vec<(u16, char)> = self.gids.iter().map(|(c, g)| (*g, *c)).collect();
        for chunk in pairs.chunks(100) {
            cmap.push_str(&format!("{} beginbfchar\n", chunk.len()));
            for (g, c) in chunk {
                let mut units = [0u16; 2];
                let hex: String = c
                    .encode_utf16(&mut units)
                    .iter()
                    .map(|u| format!("{u:04X}"))
                    .collect();
                cmap.push_str(&format!("<{g:04X}> <{hex}>\n"));
            }
            cmap.push_str("endbfchar\n");
        }
        cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        let cmap_id = lo.add_object(Stream::new(Dictionary::new(), cmap.into_bytes()));

        let mut font = Dictionary::new();
        font.set("Type", Object::Name(b"Font".to_vec()));
        font.set("Subtype", Object::Name(b"Type0".to_vec()));
        font.set("BaseFont", Object::Name(name.into_bytes()));
        font.set("Encoding", Object::Name(b"Identity-H".to_vec()));
        font.set(
            "DescendantFonts",
            Object::Array(vec![Object::Reference(cid_id)]),
        );
        font.set("ToUnicode", Object::Reference(cmap_id));
        lo.add_object(font)
    }
}

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
pub(super) fn shown_in_fields(doc: &Document) -> BTreeSet<String> {
    let Ok(font) = form_font() else {
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

/// Add every widget of `marks` as a form field, in a hierarchy by name,
/// with the values of the fields in `shown` pre-filled. Returns the widget
/// annotations for the structure tree.
pub(super) fn add_fields(
    lo: &mut lopdf::Document,
    doc: &Document,
    marks: &[PageMarks],
    shown: &BTreeSet<String>,
) -> Result<Vec<Annotated>, PdfError> {
    let font = form_font()?;
    let font_id = font.embed(lo);
    let pages: Vec<ObjectId> = lo.get_pages().into_values().collect();

    // Pre-filled values, by field: the text of the field's first printing
    // (its runs on one line of one page). A packet prints the name on the
    // cover and atop every lesson; those are more widgets of one field, and
    // the value is the name once, not once per copy.
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

    // Field tree: each name segment a node; leaves hold their widgets.
    #[derive(Default)]
    struct FieldNode {
        children: BTreeMap<String, FieldNode>,
        /// First seen order of children, for a stable field order.
        order: Vec<String>,
        widgets: Vec<(usize, Widget)>,
    }
    let mut root = FieldNode::default();
    for (p, m) in marks.iter().enumerate() {
        for w in &m.fields {
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

    let mut annotated = Vec::new();
    let mut top = Vec::new();
    // Depth-first, writing each field and its widgets.
    fn write(
        lo: &mut lopdf::Document,
        name: &str,
        full: &str,
        node: &FieldNode,
        parent: Option<ObjectId>,
        ctx: &mut Ctx,
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
            kids.push(Object::Reference(write(
                lo,
                seg,
                &full,
                child,
                Some(id),
                ctx,
            )));
        }
        if let Some((_, first)) = node.widgets.first() {
            // A field: its type, tooltip, value; its widgets are kids, or
            // the field itself when there is one widget.
            let value = ctx.values.get(full).cloned();
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
                widget_entries(lo, &mut d, *page, w, value.as_ref(), ctx);
                ctx.annotated.push(Annotated {
                    page: *page,
                    node: w.node,
                    obj: id,
                });
            } else {
                for (page, w) in &node.widgets {
                    let wid = lo.new_object_id();
                    let mut wd = Dictionary::new();
                    wd.set("Parent", Object::Reference(id));
                    wd.set("TU", super::utf16(&w.tip));
                    widget_entries(lo, &mut wd, *page, w, value.as_ref(), ctx);
                    lo.objects.insert(wid, Object::Dictionary(wd));
                    ctx.annotated.push(Annotated {
                        page: *page,
                        node: w.node,
                        obj: wid,
                    });
                    kids.push(Object::Reference(wid));
                }
            }
        }
        if !kids.is_empty() {
            d.set("Kids", Object::Array(kids));
        }
        lo.objects.insert(id, Object::Dictionary(d));
        id
    }

    struct Ctx<'a> {
        font: &'a FormFont,
        font_id: ObjectId,
        pages: Vec<ObjectId>,
        values: BTreeMap<String, (String, f32)>,
        annotated: Vec<Annotated>,
        check_on: Option<ObjectId>,
        check_off: Option<ObjectId>,
    }

    /// The widget half of a field: where it is and how it looks.
    fn widget_entries(
        lo: &mut lopdf::Document,
        d: &mut Dictionary,
        page: usize,
        w: &Widget,
        value: Option<&(String, f32)>,
        ctx: &mut Ctx,
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
        d.set("P", Object::Reference(ctx.pages[page]));
        let mut ap = Dictionary::new();
        match w.kind {
            Kind::Text => {
                let content = match value {
                    Some((v, size)) => {
                        let code: String = ctx
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
                let n = appearance(lo, bw, bh, content, Some(ctx.font_id));
                ap.set("N", Object::Reference(n));
            }
            Kind::Check => {
                let on = *ctx.check_on.get_or_insert_with(|| {
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
                let off = *ctx
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

    let mut ctx = Ctx {
        font,
        font_id,
        pages,
        values: std::mem::take(&mut values),
        annotated: Vec::new(),
        check_on: None,
        check_off: None,
    };
    for seg in &root.order {
        let child = &root.children[seg];
        top.push(Object::Reference(write(
            lo, seg, seg, child, None, &mut ctx,
        )));
    }
    annotated.append(&mut ctx.annotated);

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
    Ok(annotated)
}
