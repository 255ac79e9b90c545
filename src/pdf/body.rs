//! Print once, personalize per copy.
//!
//! In a batch most of every page is the same for each client given the
//! same lesson, language and scenarios: only the pre-filled values and the
//! running header and footer differ. A document is painted in two parts:
//! its *body* (everything else, and the fonts of the lesson's own text,
//! with their widths and Unicode maps) is painted once and kept; each copy
//! paints only its personal part, and gets the body's content streams and
//! font objects as they are. A page's `/Contents` is then the body's
//! stream followed by the copy's own (ISO 32000-1, 7.8.2: an array of
//! streams reads as one), so its marked content, and so the structure
//! tree, is as if painted in one go.
//!
//! The combiner ([`super::combine`]) writes a stream it has already written
//! only once, so a combined file holds each body and each font program once.

use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use lopdf::{Dictionary, Object, ObjectId};

use crate::layout::{Document, Item, Node, NodeId, Page, Placement, Shape};

/// One page of a body: its content stream, deflated where that helped,
/// and the marked-content ids it used, with their elements.
#[derive(Debug)]
pub(super) struct BodyPage {
    pub content: Option<(Vec<u8>, bool)>,
    pub marks: Vec<(i64, NodeId)>,
}

/// A font as objects: its resource name, its root, and every object under
/// it (the root among them).
pub(super) type FontObjects = (String, ObjectId, Vec<(ObjectId, Object)>);

/// A painted body: its pages and the font objects of the lesson's subsets.
#[derive(Debug)]
pub(super) struct Body {
    pub pages: Vec<BodyPage>,
    pub fonts: Vec<FontObjects>,
    /// The characters and glyphs the body draws, for the copy's part to
    /// draw from the same subsets where it can.
    pub lesson: Arc<super::LessonChars>,
}

/// A quick hash (rustc's Fx): the body's every item is hashed for every
/// copy, and a hit is confirmed in full anyway.
#[derive(Default)]
pub(super) struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u32(&mut self, v: u32) {
        self.write_u64(u64::from(v));
    }
    fn write_u16(&mut self, v: u16) {
        self.write_u64(u64::from(v));
    }
    fn write_u8(&mut self, v: u8) {
        self.write_u64(u64::from(v));
    }
    fn write_usize(&mut self, v: usize) {
        self.write_u64(v as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// What a body is painted from: equal keys paint equal bodies.
#[derive(PartialEq)]
struct Key {
    sizes: Vec<(u32, u32)>,
    items: Vec<Vec<Item>>,
    nodes: Vec<Node>,
}

/// Whether item `k` of `page` belongs to a copy rather than to the lesson:
/// a pre-filled value, or the text of the running header (which holds the
/// client's name). Footers are the same in every copy of a document, page
/// numbers included, so they are the body's.
pub(super) fn personal(page: &Page, k: usize) -> bool {
    use crate::layout::Role;
    let item = &page.items[k];
    match item.role {
        Role::Value { .. } => true,
        Role::Artifact => page.running.contains(&k) && matches!(item.shape, Shape::Text { .. }),
        _ => false,
    }
}

/// The items of `page` that are the lesson's, not the copy's.
fn body_items(page: &Page) -> impl Iterator<Item = &Item> {
    page.items
        .iter()
        .enumerate()
        .filter(|(k, _)| !personal(page, *k))
        .map(|(_, item)| item)
}

fn hash_item(item: &Item, h: &mut Fx) {
    let f = |v: f32, h: &mut Fx| v.to_bits().hash(h);
    match &item.shape {
        Shape::Text {
            x,
            y,
            width,
            size,
            face,
            gray,
            text,
            link,
            placement,
        } => {
            0u8.hash(h);
            for v in [*x, *y, *width, *size, *gray] {
                f(v, h);
            }
            face.hash(h);
            text.hash(h);
            link.hash(h);
            match placement {
                Placement::Natural => 0u8.hash(h),
                Placement::Kerned(k) => {
                    1u8.hash(h);
                    for (at, v) in k {
                        at.hash(h);
                        f(*v, h);
                    }
                }
                Placement::Shaped(g) => {
                    2u8.hash(h);
                    for g in g {
                        g.id.hash(h);
                        g.cluster.hash(h);
                        for v in [g.advance, g.dx, g.dy] {
                            f(v, h);
                        }
                    }
                }
            }
        }
        Shape::Line {
            x1,
            y1,
            x2,
            y2,
            stroke,
        } => {
            1u8.hash(h);
            for v in [*x1, *y1, *x2, *y2, stroke.width, stroke.gray] {
                f(v, h);
            }
        }
        Shape::Rect {
            x,
            y,
            w,
            h: rh,
            fill,
            stroke,
        } => {
            2u8.hash(h);
            for v in [*x, *y, *w, *rh] {
                f(v, h);
            }
            fill.map(f32::to_bits).hash(h);
            stroke
                .map(|s| (s.width.to_bits(), s.gray.to_bits()))
                .hash(h);
        }
    }
    item.node.hash(h);
    std::mem::discriminant(&item.role).hash(h);
}

/// The body `doc` paints: made by `paint` the first time, kept for the
/// copies after. A few bodies are kept (a batch's lessons in each
/// language and choice of scenarios); a new one past that pushes out the
/// oldest.
pub(super) fn cached<E>(
    doc: &Document,
    paint: impl FnOnce() -> Result<Body, E>,
) -> Result<Arc<Body>, E> {
    type Kept = (u64, Arc<Key>, Arc<Body>);
    static BODIES: Mutex<Vec<Kept>> = Mutex::new(Vec::new());
    const KEEP: usize = 24;

    let mut h = Fx::default();
    for page in &doc.pages {
        page.width.to_bits().hash(&mut h);
        page.height.to_bits().hash(&mut h);
        for item in body_items(page) {
            hash_item(item, &mut h);
        }
        u8::MAX.hash(&mut h);
    }
    doc.nodes.len().hash(&mut h);
    let hash = h.finish();
    let key = || Key {
        sizes: doc
            .pages
            .iter()
            .map(|p| (p.width.to_bits(), p.height.to_bits()))
            .collect(),
        items: doc
            .pages
            .iter()
            .map(|p| body_items(p).cloned().collect())
            .collect(),
        nodes: doc.nodes.clone(),
    };
    // A hash hit is confirmed in full: a body painted for other pages must
    // never reach a client's copy.
    let same = |k: &Key| {
        k.nodes == doc.nodes
            && k.sizes.len() == doc.pages.len()
            && doc
                .pages
                .iter()
                .zip(&k.sizes)
                .zip(&k.items)
                .all(|((p, s), items)| {
                    (p.width.to_bits(), p.height.to_bits()) == *s && body_items(p).eq(items.iter())
                })
    };
    if let Ok(kept) = BODIES.lock()
        && let Some((_, _, body)) = kept.iter().find(|(h, k, _)| *h == hash && same(k))
    {
        return Ok(body.clone());
    }
    let body = Arc::new(paint()?);
    if let Ok(mut kept) = BODIES.lock() {
        if kept.len() >= KEEP {
            kept.remove(0);
        }
        kept.push((hash, Arc::new(key()), body.clone()));
    }
    Ok(body)
}

/// The font dictionaries of a document's pages: (object holding it, or
/// `None` when inline in the page's resources at `page`).
fn font_dicts(lo: &lopdf::Document) -> Vec<FontDict> {
    let mut out = Vec::new();
    for page in lo.get_pages().into_values() {
        let Ok(page_dict) = lo.get_dictionary(page) else {
            continue;
        };
        let (res_id, res) = match page_dict.get(b"Resources") {
            Ok(Object::Reference(r)) => (Some(*r), lo.get_dictionary(*r).ok()),
            Ok(Object::Dictionary(d)) => (None, Some(d)),
            _ => (None, None),
        };
        let Some(res) = res else { continue };
        let at = match res.get(b"Font") {
            Ok(Object::Reference(r)) => FontDict::Object(*r),
            Ok(Object::Dictionary(_)) => match res_id {
                Some(r) => FontDict::InResources(r),
                None => FontDict::InPage(page),
            },
            _ => FontDict::Missing(res_id, page),
        };
        if !out.contains(&at) {
            out.push(at);
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FontDict {
    Object(ObjectId),
    InResources(ObjectId),
    InPage(ObjectId),
    /// No font dictionary yet: resources in an object, or in the page.
    Missing(Option<ObjectId>, ObjectId),
}

fn font_dict_mut(lo: &mut lopdf::Document, at: FontDict) -> Option<&mut Dictionary> {
    let res: &mut Dictionary = match at {
        FontDict::Object(id) => return lo.get_dictionary_mut(id).ok(),
        FontDict::InResources(id) | FontDict::Missing(Some(id), _) => {
            lo.get_dictionary_mut(id).ok()?
        }
        FontDict::InPage(page) | FontDict::Missing(None, page) => {
            let p = lo.get_dictionary_mut(page).ok()?;
            if !p.has(b"Resources") {
                p.set("Resources", Object::Dictionary(Dictionary::new()));
            }
            p.get_mut(b"Resources").ok()?.as_dict_mut().ok()?
        }
    };
    if !res.has(b"Font") {
        res.set("Font", Object::Dictionary(Dictionary::new()));
    }
    res.get_mut(b"Font").ok()?.as_dict_mut().ok()
}

/// Every object reachable from `root` in `lo`, `root` first.
fn closure(lo: &lopdf::Document, root: ObjectId) -> Vec<(ObjectId, Object)> {
    reachable(lo, root)
        .into_iter()
        .filter_map(|id| lo.get_object(id).ok().map(|o| (id, o.clone())))
        .collect()
}

/// The numbers of every object reachable from `root` in `lo`, `root`
/// first.
fn reachable(lo: &lopdf::Document, root: ObjectId) -> Vec<ObjectId> {
    let mut seen = vec![root];
    let mut out = Vec::new();
    let mut todo = vec![root];
    while let Some(id) = todo.pop() {
        let Ok(obj) = lo.get_object(id) else { continue };
        super::combine::references(obj, &mut |r| {
            if !seen.contains(&r) {
                seen.push(r);
                todo.push(r);
            }
        });
        out.push(id);
    }
    out
}

/// Take a painted body out of its document: each page's content stream and
/// marks, and the fonts named in `names`.
pub(super) fn extract(
    lo: &lopdf::Document,
    marks: Vec<Vec<(i64, NodeId)>>,
    names: &[String],
    lesson: Arc<super::LessonChars>,
) -> Body {
    let mut pages = Vec::new();
    for (page, marks) in lo.get_pages().into_values().zip(marks) {
        let content = lo
            .get_dictionary(page)
            .ok()
            .and_then(|d| d.get(b"Contents").ok())
            .and_then(|c| c.as_reference().ok())
            .and_then(|r| lo.get_object(r).ok())
            .and_then(|o| o.as_stream().ok())
            .map(|s| (s.content.clone(), s.dict.has(b"Filter")));
        pages.push(BodyPage { content, marks });
    }
    let mut fonts: Vec<FontObjects> = Vec::new();
    for (name, root) in super::page_fonts(lo) {
        let name = String::from_utf8_lossy(&name).into_owned();
        if names.contains(&name) && !fonts.iter().any(|(n, ..)| *n == name) {
            fonts.push((name, root, closure(lo, root)));
        }
    }
    Body {
        pages,
        fonts,
        lesson,
    }
}

/// Give a copy's document (its personal part painted) the body: the
/// body's stream first in each page's contents, and the body's fonts in
/// place of any the copy made under the same names.
pub(super) fn join(lo: &mut lopdf::Document, body: &Body) {
    // The body's fonts, renumbered into the copy.
    let mut roots = Vec::new();
    for (name, root, objects) in &body.fonts {
        let mut map = super::write::Numbers::default();
        for (old, _) in objects {
            lo.max_id += 1;
            map.insert(*old, (lo.max_id, 0));
        }
        for (old, obj) in objects {
            lo.objects
                .insert(map.of(old), super::combine::renumber(obj, &map));
        }
        roots.push((name, map.of(root)));
    }
    for at in font_dicts(lo) {
        let mut replaced = Vec::new();
        if let Some(d) = font_dict_mut(lo, at) {
            for (name, root) in &roots {
                if let Ok(old) = d.get(name.as_bytes()).and_then(Object::as_reference) {
                    replaced.push(old);
                }
                d.set(name.as_bytes().to_vec(), Object::Reference(*root));
            }
        }
        // What the copy made of those fonts is no longer used.
        for old in replaced {
            for id in reachable(lo, old) {
                lo.objects.remove(&id);
            }
        }
    }
    // The body's contents before each page's own.
    let pages: Vec<ObjectId> = lo.get_pages().into_values().collect();
    for (page, body_page) in pages.into_iter().zip(&body.pages) {
        let Some((content, filtered)) = &body_page.content else {
            continue;
        };
        let mut dict = Dictionary::new();
        if *filtered {
            dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        }
        let mut stream = lopdf::Stream::new(dict, content.clone());
        stream.allows_compression = false;
        let id = lo.add_object(stream);
        if let Ok(p) = lo.get_dictionary_mut(page) {
            let own = p.get(b"Contents").ok().cloned();
            let mut contents = vec![Object::Reference(id)];
            match own {
                Some(Object::Array(a)) => contents.extend(a),
                Some(o) => contents.push(o),
                None => {}
            }
            p.set("Contents", Object::Array(contents));
        }
    }
}
