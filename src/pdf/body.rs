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
use std::sync::Arc;

use lopdf::{Dictionary, Object, ObjectId};
use printpdf::{PdfDocument, PdfFont, PdfPage};

use super::file::{BODY_LEVEL, compress, deflate_cached};
use super::fonts::{CharSets, LessonChars, Slot, font_id, subset, tag_subsets};
use super::objects::{closure, move_in, page_fonts, reachable};
use super::page::{Part, page_ops, save_options};
use super::{Fx, PdfError, personal};
use crate::cache::{self, Cache};
use crate::layout::{Document, FaceId, Item, Node, NodeId, Page, Placement, Shape};

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
    pub lesson: Arc<LessonChars>,
}

/// What a body is painted from: the same source paints the same body.
#[derive(Debug)]
pub(super) struct Source {
    sizes: Vec<(u32, u32)>,
    items: Vec<Vec<Item>>,
    nodes: Vec<Node>,
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

/// Which body a document paints, as the cache knows it: a digest of its
/// pages' sizes, the lesson's items on them and its structure. A digest
/// only, as a body's items may hold a facility's name (printed over page
/// one's title), which a key must not. What each body was painted from is
/// kept beside it and compared in full on every hit, so a body painted for
/// other pages never reaches a client's copy.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct BodyKey(u64);

impl cache::Key for BodyKey {
    /// The bodies of this digest (almost always one): what each was
    /// painted from, and the body.
    type Value = Arc<Vec<Arc<(Source, Arc<Body>)>>>;
    /// A batch's lessons in each language and choice of scenarios.
    const KEEP: usize = 24;
}

impl BodyKey {
    fn of(doc: &Document) -> Self {
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
        BodyKey(h.finish())
    }
}

impl Source {
    fn of(doc: &Document) -> Self {
        Source {
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
        }
    }

    /// Whether `doc` paints this body: its every item is the same.
    fn paints(&self, doc: &Document) -> bool {
        self.nodes == doc.nodes
            && self.sizes.len() == doc.pages.len()
            && doc
                .pages
                .iter()
                .zip(&self.sizes)
                .zip(&self.items)
                .all(|((p, s), items)| {
                    (p.width.to_bits(), p.height.to_bits()) == *s && body_items(p).eq(items.iter())
                })
    }
}

/// The body `doc` paints: painted the first time, kept in `cache` for the
/// copies after.
pub(super) fn kept(doc: &Document, cache: &Cache) -> Result<Arc<Body>, PdfError> {
    let key = BodyKey::of(doc);
    let kept = cache.get(&key);
    if let Some(hit) = kept.iter().flat_map(|k| k.iter()).find(|k| k.0.paints(doc)) {
        return Ok(hit.1.clone());
    }
    let body = Arc::new(paint(doc, cache)?);
    let mut bodies = kept.map(|k| k.to_vec()).unwrap_or_default();
    bodies.push(Arc::new((Source::of(doc), body.clone())));
    cache.put(key, Arc::new(bodies));
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

/// Take a painted body out of its document: each page's content stream and
/// marks, and the fonts named in `names`.
fn extract(
    lo: &lopdf::Document,
    marks: Vec<Vec<(i64, NodeId)>>,
    names: &[String],
    lesson: Arc<LessonChars>,
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
    for (name, root) in page_fonts(lo) {
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
        let map = move_in(lo, objects);
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

/// Paint the body of `doc`, with the subsets of the lesson's own text.
fn paint(doc: &Document, cache: &Cache) -> Result<Body, PdfError> {
    let lesson = Arc::new(LessonChars::of(doc, cache));
    let mut sets = CharSets::lesson_only(lesson.clone());
    let mut fonts = Vec::new();
    for face in (0..lesson.faces()).map(|f| FaceId(f as u8)) {
        let chars = sets.get(face, Slot::Lesson);
        let glyphs = sets.glyphs(face, Slot::Lesson);
        if chars.is_empty() && glyphs.is_empty() {
            continue;
        }
        let (font, map) = subset(face, chars, glyphs, cache)?;
        fonts.push((face, Slot::Lesson, font));
        sets.remap.insert((face, false), map);
    }
    paint_with(doc, &sets, &fonts, lesson, cache)
}

/// Paint the body of `doc`: every item but the personal ones, with the
/// fonts of the lesson's own text, made.
fn paint_with(
    doc: &Document,
    sets: &CharSets,
    fonts: &[(FaceId, Slot, PdfFont)],
    lesson: Arc<LessonChars>,
    cache: &Cache,
) -> Result<Body, PdfError> {
    let mut pdf = PdfDocument::new(&doc.title);
    let mut names = Vec::new();
    for (face, slot, font) in fonts.iter().filter(|f| f.1 == Slot::Lesson) {
        let id = font_id(*face, *slot);
        names.push(id.0.clone());
        pdf.resources.fonts.map.insert(id, font.clone());
    }
    let (pages, marks): (Vec<PdfPage>, Vec<Vec<(i64, NodeId)>>) = doc
        .pages
        .iter()
        .map(|p| {
            let (page, marks) = page_ops(p, &doc.nodes, sets, None, Part::Body, 0, cache);
            (page, marks.content)
        })
        .unzip();
    pdf.with_pages(pages);
    let mut lo = std::thread::scope(|s| {
        // The font programs deflate on the other core while printpdf
        // writes the pages; `compress` below finds them in the cache (or,
        // if no thread could be had, deflates them itself). A body is
        // painted once per process, so this thread is too.
        let _ = std::thread::Builder::new().spawn_scoped(s, || {
            for (.., font) in fonts {
                if let Some(program) = font.parsed_font.source_bytes() {
                    deflate_cached(program.as_slice(), cache);
                }
            }
        });
        pdf.to_lopdf_document(&save_options(), &mut Vec::new())
    });
    tag_subsets(&mut lo);
    compress(&mut lo, BODY_LEVEL, cache);
    Ok(extract(&lo, marks, &names, lesson))
}
