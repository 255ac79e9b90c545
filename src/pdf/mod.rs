//! The PDF writer: paints a laid-out [`Document`] with printpdf and returns
//! the bytes. No layout decisions are made here and no files are touched.
//!
//! Output is deterministic: fonts go in under fixed resource names (which
//! also fix the subset tags), the document info is ours alone (title,
//! producer, and a creation date only from `SOURCE_DATE_EPOCH`), and the file
//! `/ID` is a hash of the content. No client detail goes into metadata.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use lopdf::{Object, StringFormat};
use printpdf::{
    Actions, BorderArray, Color, DictItem, FontId, Greyscale, Line, LinePoint, LinkAnnotation, Op,
    PaintMode, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt,
    Rect, TextItem, TextMatrix,
    font::{FontEmbeddingMode, PrintpdfFontMeta},
};

mod body;
mod cff;
pub mod combine;
mod form;
mod tags;
pub(crate) mod write;

pub(crate) use tags::xmp;

use crate::cache::Cache;
use crate::layout::{Document, FaceId, NodeId, Placement, Role, Shape, Tag};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PdfOptions {
    /// Seconds since the Unix epoch for the document's creation date; none
    /// when `SOURCE_DATE_EPOCH` is unset, so output doesn't change run to run.
    pub creation_date: Option<i64>,
    /// Add form fields where a person writes (`--fillable`).
    pub fillable: bool,
    /// Leave out the structure tree. Only the benchmark sets this, to
    /// measure what tagging costs; every PDF `handout` writes is tagged.
    pub untagged: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the font {0} could not be read")]
    Font(String),
    #[error("could not write the PDF: {0}")]
    Write(String),
}

/// Each face parsed for embedding, once per process and only when a
/// document uses it (the fallback faces are large and rarely needed).
fn parsed(face: FaceId) -> Result<&'static ParsedFont, PdfError> {
    static PARSED: [OnceLock<Option<ParsedFont>>; 256] = [const { OnceLock::new() }; 256];
    let data = crate::fonts::face_data(face).ok_or_else(|| PdfError::Font(format!("{face:?}")))?;
    PARSED[usize::from(face.0)]
        .get_or_init(|| {
            let mut warnings = Vec::new();
            ParsedFont::from_bytes(data.bytes, data.index as usize, &mut warnings)
        })
        .as_ref()
        .ok_or_else(|| PdfError::Font(data.name.clone()))
}

/// Make ready, ahead of need, what every worksheet's PDF stage uses: the
/// font book and the main family's four faces parsed for embedding. `build`
/// runs this on a second thread while it reads the lesson, so a single
/// worksheet doesn't wait for it (about half a millisecond of its ten).
pub fn warm_fonts() {
    for face in 0..4 {
        let _ = parsed(FaceId(face));
    }
}

/// `face` cut down to `chars`, as a font printpdf embeds as it is.
///
/// Personalized copies of a lesson print the same characters again and
/// again (only a name's letters differ), so each subset is made once per
/// process and kept: printpdf would otherwise subset every face afresh for
/// every copy, the largest part of a copy's time. printpdf still writes
/// the widths and the Unicode map from the characters a document shows.
///
/// `shaped` adds glyphs the shaper chose (joined Arabic letters, placed
/// marks), which the font's character map may not reach; the returned map
/// takes each of them to its number in the subset.
fn subset(
    face: FaceId,
    chars: &BTreeSet<char>,
    shaped: &BTreeMap<u16, String>,
) -> Result<(PdfFont, Arc<BTreeMap<u16, u16>>), PdfError> {
    type Key = (FaceId, Vec<char>, Vec<u16>);
    type Kept = (Key, ParsedFont, Arc<BTreeMap<u16, u16>>);
    static SUBSETS: Mutex<Vec<Kept>> = Mutex::new(Vec::new());
    const KEEP: usize = 32;

    let key = (
        face,
        chars.iter().copied().collect::<Vec<char>>(),
        shaped.keys().copied().collect::<Vec<u16>>(),
    );
    let meta = PrintpdfFontMeta {
        embedding_mode: FontEmbeddingMode::Full,
        requires_subsetting: false,
        ..PrintpdfFontMeta::default()
    };
    if let Ok(kept) = SUBSETS.lock()
        && let Some((_, font, map)) = kept.iter().find(|(k, ..)| *k == key)
    {
        return Ok((PdfFont::with_meta(font.clone(), meta), map.clone()));
    }
    let full = parsed(face)?;
    let mut glyphs: BTreeMap<u16, String> = shaped.clone();
    for &c in chars {
        if let Some(g) = full.lookup_glyph_index(u32::from(c)) {
            glyphs.entry(g).or_insert_with(|| c.to_string());
        }
    }
    let name =
        || crate::fonts::face_data(face).map_or_else(|| format!("{face:?}"), |d| d.name.clone());
    let mut cut = printpdf::font::subset_font(full, &glyphs).map_err(|_| PdfError::Font(name()))?;
    cff::identity_charset(&mut cut.bytes);
    let font = ParsedFont::from_bytes(&cut.bytes, 0, &mut Vec::new())
        .ok_or_else(|| PdfError::Font(name()))?;
    let map: Arc<BTreeMap<u16, u16>> = Arc::new(
        cut.glyph_mapping
            .iter()
            .filter(|(old, _)| shaped.contains_key(old))
            .map(|(&old, &(new, _))| (old, new))
            .collect(),
    );
    if let Ok(mut kept) = SUBSETS.lock() {
        if kept.len() >= KEEP {
            kept.remove(0);
        }
        kept.push((key, font.clone(), map.clone()));
    }
    Ok((PdfFont::with_meta(font, meta), map))
}

/// The fonts a document's pages name in their resources, each once: its
/// resource name and its object.
fn page_fonts(lo: &lopdf::Document) -> Vec<(Vec<u8>, lopdf::ObjectId)> {
    let mut fonts: Vec<(Vec<u8>, lopdf::ObjectId)> = Vec::new();
    for page in lo.get_pages().into_values() {
        let Ok((inline, more)) = lo.get_page_resources(page) else {
            continue;
        };
        let dicts = inline
            .into_iter()
            .chain(more.iter().filter_map(|id| lo.get_dictionary(*id).ok()));
        for res in dicts {
            let font_dict = match res.get(b"Font") {
                Ok(Object::Dictionary(d)) => Some(d),
                Ok(Object::Reference(r)) => lo.get_dictionary(*r).ok(),
                _ => None,
            };
            for (name, font) in font_dict.into_iter().flat_map(|d| d.iter()) {
                if let Ok(id) = font.as_reference()
                    && !fonts.iter().any(|(_, f)| *f == id)
                {
                    fonts.push((name.clone(), id));
                }
            }
        }
    }
    fonts
}

/// Mark each font as the subset it is: `HNDTAA+Name`, the tag being the
/// first six letters of its resource name (ISO 32000-1, 9.6.4), on the
/// font, its descendant and its descriptor alike. printpdf leaves the tag
/// off, as it embeds our subsets whole.
fn tag_subsets(lo: &mut lopdf::Document) {
    let fonts = page_fonts(lo);
    let tagged = |tag: &[u8], name: &[u8]| -> Vec<u8> {
        if name.contains(&b'+') {
            return name.to_vec();
        }
        [tag, b"+", name].concat()
    };
    let retag = |d: &mut lopdf::Dictionary, key: &[u8], tag: &[u8]| {
        if let Ok(Object::Name(n)) = d.get(key) {
            let n = tagged(tag, n);
            d.set(key.to_vec(), Object::Name(n));
        }
    };
    for (resource, font) in fonts {
        let tag = &resource[..resource.len().min(6)];
        // The descendant sits in the font's dictionary or by reference;
        // the descriptor by reference.
        let mut refs = Vec::new();
        if let Ok(d) = lo.get_dictionary_mut(font) {
            retag(d, b"BaseFont", tag);
            if let Ok(Object::Array(a)) = d.get_mut(b"DescendantFonts") {
                for o in a.iter_mut() {
                    match o {
                        Object::Dictionary(cid) => {
                            retag(cid, b"BaseFont", tag);
                            refs.extend(cid.get(b"FontDescriptor").and_then(Object::as_reference));
                        }
                        Object::Reference(r) => refs.push(*r),
                        _ => {}
                    }
                }
            }
        }
        while let Some(id) = refs.pop() {
            if let Ok(d) = lo.get_dictionary_mut(id) {
                retag(d, b"BaseFont", tag);
                retag(d, b"FontName", tag);
                refs.extend(d.get(b"FontDescriptor").and_then(Object::as_reference));
            }
        }
    }
}

/// The text each shaped glyph stands for: its cluster, from its offset to
/// the next cluster's (trailing spaces left off).
fn cluster_texts<'a>(text: &'a str, glyphs: &[crate::layout::Glyph]) -> Vec<&'a str> {
    let mut starts: Vec<usize> = glyphs.iter().map(|g| g.cluster as usize).collect();
    starts.sort_unstable();
    starts.dedup();
    let end = text.trim_end().len();
    glyphs
        .iter()
        .map(|g| {
            let from = (g.cluster as usize).min(end);
            let to = starts
                .iter()
                .find(|&&s| s > from)
                .map_or(end, |&s| s.min(end));
            text.get(from..to).unwrap_or("")
        })
        .collect()
}

/// The text each shaped glyph maps to in `/ToUnicode`. A glyph maps to
/// one text for the whole font, so where a cluster is a letter and its
/// marks (Arabic "اً", Thai "กิ"), each glyph takes its own character:
/// the glyphs that advance take the letters, those that don't the marks,
/// in reading order. Any other cluster (a ligature, reordered Devanagari)
/// maps whole to each of its glyphs.
fn glyph_texts(face: FaceId, text: &str, glyphs: &[crate::layout::Glyph]) -> Vec<String> {
    let clusters = cluster_texts(text, glyphs);
    let mut out: Vec<String> = clusters.iter().map(|s| s.to_string()).collect();
    let mut by_cluster: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (i, g) in glyphs.iter().enumerate() {
        by_cluster.entry(g.cluster).or_default().push(i);
    }
    let rtl = text.chars().any(crate::text::is_rtl);
    for mut members in by_cluster.into_values() {
        if members.len() < 2 {
            // One glyph: all its cluster's letters, last first in
            // right-to-left text (see below).
            if rtl {
                out[members[0]] = out[members[0]].chars().rev().collect();
            }
            continue;
        }
        let chars: Vec<char> = clusters[members[0]].chars().collect();
        if !rtl && let Some(texts) = by_nominal_glyph(face, &chars, &members, glyphs) {
            for (i, t) in members.iter().zip(texts) {
                out[*i] = t;
            }
            continue;
        }
        // Reading order: right-to-left glyphs come last letter first.
        if rtl {
            members.reverse();
        }
        let is_mark = unicode_normalization::char::is_combining_mark;
        let (marks, letters): (Vec<char>, Vec<char>) = chars.iter().partition(|&&c| is_mark(c));
        let (mark_glyphs, letter_glyphs): (Vec<usize>, Vec<usize>) =
            members.iter().partition(|&&i| glyphs[i].advance == 0.0);
        if marks.len() != mark_glyphs.len() || letter_glyphs.is_empty() {
            continue;
        }
        if letter_glyphs.len() == letters.len() {
            for (&i, c) in letter_glyphs.iter().zip(&letters) {
                out[i] = c.to_string();
            }
        } else if letter_glyphs.len() == 1 {
            // A ligature (Arabic lam-alef) stands for all the letters. In
            // right-to-left text, readers take each glyph's text in drawing
            // order and turn the line around letter by letter, so its
            // letters are given last first.
            out[letter_glyphs[0]] = if rtl {
                letters.iter().rev().collect()
            } else {
                letters.iter().collect()
            };
        } else {
            continue;
        }
        for (i, c) in mark_glyphs.into_iter().zip(marks) {
            out[i] = c.to_string();
        }
    }
    out
}

/// The texts of a left-to-right cluster's glyphs (`members`, in drawing
/// order) when each glyph but at most one is the font's own glyph for one
/// of the cluster's characters: that glyph maps to that character, as it
/// does everywhere else in the font, and the one other glyph (a half form,
/// a ligature) to the characters left over. Each character then maps from
/// one glyph only, so readers that don't honour `/ActualText` (MuPDF,
/// pdf.js, pdfminer) copy "अनीता" as it is, not "अनीनीताता" (the vowel sign
/// ी advances, so it isn't told apart as a mark).
fn by_nominal_glyph(
    face: FaceId,
    chars: &[char],
    members: &[usize],
    glyphs: &[crate::layout::Glyph],
) -> Option<Vec<String>> {
    let font = parsed(face).ok()?;
    let mut used = vec![false; chars.len()];
    let mut texts: Vec<Option<String>> = Vec::with_capacity(members.len());
    for &i in members {
        let found = chars.iter().enumerate().position(|(k, &c)| {
            !used[k] && font.lookup_glyph_index(u32::from(c)) == Some(glyphs[i].id)
        });
        texts.push(found.map(|k| {
            used[k] = true;
            chars[k].to_string()
        }));
    }
    let left: String = chars
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(c, _)| *c)
        .collect();
    let mut others = texts.iter_mut().filter(|t| t.is_none());
    match (others.next(), others.next()) {
        (None, None) if left.is_empty() => {}
        (Some(t), None) if !left.is_empty() => *t = Some(left),
        _ => return None,
    }
    texts.into_iter().collect()
}

/// Which of a face's two subsets a character is drawn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Slot {
    /// The characters of the lesson's own text: the same in every copy.
    Lesson,
    /// The rest: the letters of a client's name, a date's digits, a page
    /// number, when the lesson's text has none of them.
    Copy,
}

/// The characters each face draws, in two subsets. A name like `Zoë
/// Œlberg` adds letters the lesson never prints; were they in the face's
/// one subset, every client would get a different large font program, to
/// subset and deflate anew. Kept apart, the lesson's subsets are the same
/// for every copy (made once, see [`subset`]) and only a small one
/// changes.
struct CharSets {
    /// The lesson's: kept with its body.
    lesson: Arc<LessonChars>,
    /// By face number: what the copy's own items add.
    copy: Vec<BTreeSet<char>>,
    /// Glyphs of the copy's shaped text, by face number, with the text
    /// each stands for.
    copy_glyphs: Vec<BTreeMap<u16, String>>,
    /// Each shaped glyph's number in its subset, by face and slot.
    remap: HashMap<(FaceId, bool), Arc<BTreeMap<u16, u16>>>,
}

/// The characters of a document's body ([`body::personal`] items left
/// out), and the glyphs of its shaped text with the text each stands for,
/// by face number.
#[derive(Debug, Default)]
struct LessonChars {
    chars: Vec<BTreeSet<char>>,
    glyphs: Vec<BTreeMap<u16, String>>,
}

/// The text items of `doc`: whether each is the copy's own
/// ([`body::personal`]), its face, text and placement.
fn text_items(doc: &Document) -> impl Iterator<Item = (bool, FaceId, &str, &Placement)> {
    doc.pages.iter().flat_map(|p| {
        p.items
            .iter()
            .enumerate()
            .filter_map(move |(k, i)| match &i.shape {
                Shape::Text {
                    face,
                    text,
                    placement,
                    ..
                } => Some((body::personal(p, k), *face, text.as_str(), placement)),
                _ => None,
            })
    })
}

fn grow<T: Default + Clone>(v: &mut Vec<T>, face: FaceId) -> &mut T {
    let f = usize::from(face.0);
    if v.len() <= f {
        v.resize(f + 1, T::default());
    }
    &mut v[f]
}

impl LessonChars {
    fn of(doc: &Document) -> Self {
        let mut out = LessonChars::default();
        for (personal, face, text, placement) in text_items(doc) {
            if personal {
                continue;
            }
            match placement {
                Placement::Shaped(glyphs) => {
                    add_glyphs(grow(&mut out.glyphs, face), face, text, glyphs);
                }
                _ => grow(&mut out.chars, face).extend(text.chars()),
            }
        }
        out
    }

    fn faces(&self) -> usize {
        self.chars.len().max(self.glyphs.len())
    }
}

static NO_CHARS: BTreeSet<char> = BTreeSet::new();
static NO_GLYPHS: BTreeMap<u16, String> = BTreeMap::new();

/// Each of `glyphs` with the text it stands for, where `set` lacks it.
fn add_glyphs(
    set: &mut BTreeMap<u16, String>,
    face: FaceId,
    text: &str,
    glyphs: &[crate::layout::Glyph],
) {
    for (g, t) in glyphs.iter().zip(glyph_texts(face, text, glyphs)) {
        set.entry(g.id).or_insert(t);
    }
}

impl CharSets {
    /// The lesson's characters alone, as the body is painted with.
    fn lesson_only(lesson: Arc<LessonChars>) -> Self {
        CharSets {
            lesson,
            copy: Vec::new(),
            copy_glyphs: Vec::new(),
            remap: HashMap::new(),
        }
    }

    /// A copy's characters, beside its lesson's.
    fn of(doc: &Document, lesson: Arc<LessonChars>) -> Self {
        let mut sets = CharSets::lesson_only(lesson);
        for (personal, face, text, placement) in text_items(doc) {
            if !personal {
                continue;
            }
            match placement {
                Placement::Shaped(glyphs) => {
                    add_glyphs(grow(&mut sets.copy_glyphs, face), face, text, glyphs);
                }
                _ => {
                    for c in text.chars() {
                        if sets.slot(face, c) == Slot::Copy {
                            grow(&mut sets.copy, face).insert(c);
                        }
                    }
                }
            }
        }
        sets
    }

    fn get(&self, face: FaceId, slot: Slot) -> &BTreeSet<char> {
        let f = usize::from(face.0);
        match slot {
            Slot::Lesson => self.lesson.chars.get(f),
            Slot::Copy => self.copy.get(f),
        }
        .unwrap_or(&NO_CHARS)
    }

    fn glyphs(&self, face: FaceId, slot: Slot) -> &BTreeMap<u16, String> {
        let f = usize::from(face.0);
        match slot {
            Slot::Lesson => self.lesson.glyphs.get(f),
            Slot::Copy => self.copy_glyphs.get(f),
        }
        .unwrap_or(&NO_GLYPHS)
    }

    fn slot(&self, face: FaceId, c: char) -> Slot {
        if self.get(face, Slot::Lesson).contains(&c) {
            Slot::Lesson
        } else {
            Slot::Copy
        }
    }

    /// The subsets the personal items of `doc` draw from.
    fn personal_fonts(&self, doc: &Document) -> BTreeSet<(FaceId, Slot)> {
        let mut used = BTreeSet::new();
        for (personal, face, text, placement) in text_items(doc) {
            if !personal {
                continue;
            }
            if matches!(placement, Placement::Shaped(_)) {
                used.insert((face, Slot::Copy));
            } else {
                used.extend(text.chars().map(|c| (face, self.slot(face, c))));
            }
        }
        used
    }
}

/// Resource name of a face's subset; its first six letters become the
/// subset tag.
fn font_id(face: FaceId, slot: Slot) -> FontId {
    let s = match slot {
        Slot::Lesson => 'A',
        Slot::Copy => 'B',
    };
    let letter = |n: u8| char::from(b'A' + n);
    if face.0 < 26 {
        FontId(format!("HNDT{s}{}", letter(face.0)))
    } else {
        // Faces found on the machine: two letters for the number.
        FontId(format!(
            "HND{s}{}{}",
            letter(face.0 / 26),
            letter(face.0 % 26)
        ))
    }
}

fn gray(g: f32) -> Color {
    Color::Greyscale(Greyscale {
        percent: g,
        icc_profile: None,
    })
}

fn pt(x: f32, y: f32) -> Point {
    Point { x: Pt(x), y: Pt(y) }
}

/// Paint `doc` into PDF bytes.
pub fn render(doc: &Document, opts: &PdfOptions, cache: &Cache) -> Result<Vec<u8>, PdfError> {
    save_painted(&paint(doc, opts, cache)?)
}

/// Paint `doc` into a lopdf document, streams compressed, with no file ID
/// yet: [`save`] gives it one, or [`crate::combine`] merges it into a larger
/// file.
///
/// The lesson's part of every page (its body) is painted once and kept for
/// the copies after ([`body`]); each copy paints its personal part.
pub fn to_lopdf(
    doc: &Document,
    opts: &PdfOptions,
    cache: &Cache,
) -> Result<lopdf::Document, PdfError> {
    Ok(paint(doc, opts, cache)?.into_lopdf())
}

/// A copy painted ([`paint`]), its structure elements still those of the
/// tree kept for every copy of its body: the combined file writes them from
/// there ([`crate::combine::Combiner::add_painted`]) without a copy's own.
pub struct Painted {
    lo: lopdf::Document,
    tree: Option<tags::Placed>,
}

impl Painted {
    /// The whole document, its structure elements in it.
    pub fn into_lopdf(mut self) -> lopdf::Document {
        if let Some(tree) = self.tree.take() {
            tree.materialize(&mut self.lo);
        }
        self.lo
    }

    pub(crate) fn parts(&self) -> (&lopdf::Document, Option<&tags::Placed>) {
        (&self.lo, self.tree.as_ref())
    }
}

/// [`to_lopdf`], the structure elements left in the kept tree.
pub fn paint(doc: &Document, opts: &PdfOptions, cache: &Cache) -> Result<Painted, PdfError> {
    let _ = cache;
    // The body, and the lesson's subsets with it, made on a miss only.
    let body = body::cached(doc, || {
        let lesson = Arc::new(LessonChars::of(doc));
        let mut sets = CharSets::lesson_only(lesson.clone());
        let mut fonts = Vec::new();
        for face in (0..lesson.faces()).map(|f| FaceId(f as u8)) {
            let chars = sets.get(face, Slot::Lesson);
            let glyphs = sets.glyphs(face, Slot::Lesson);
            if chars.is_empty() && glyphs.is_empty() {
                continue;
            }
            let (font, map) = subset(face, chars, glyphs)?;
            fonts.push((face, Slot::Lesson, font));
            sets.remap.insert((face, false), map);
        }
        paint_body(doc, &sets, &fonts, lesson)
    })?;

    // The copy's own part, with the subsets it draws from.
    let mut sets = CharSets::of(doc, body.lesson.clone());
    let mut pdf = PdfDocument::new(&doc.title);
    for (face, slot) in sets.personal_fonts(doc) {
        let (font, map) = subset(face, sets.get(face, slot), sets.glyphs(face, slot))?;
        pdf.resources.fonts.map.insert(font_id(face, slot), font);
        sets.remap.insert((face, slot == Slot::Copy), map);
    }
    let shown = if opts.fillable {
        form::shown_in_fields(doc)
    } else {
        BTreeSet::new()
    };
    let (pages, marks): (Vec<PdfPage>, Vec<PageMarks>) = doc
        .pages
        .iter()
        .zip(&body.pages)
        .map(|(p, b)| {
            let fillable = opts.fillable.then_some(&shown);
            let (page, mut marks) = page_ops(p, &doc.nodes, &sets, fillable, Part::Personal, b);
            marks.content.splice(0..0, b.marks.iter().copied());
            (page, marks)
        })
        .unzip();
    pdf.with_pages(pages);
    for b in &doc.outline {
        pdf.add_bookmark(&b.title, b.page + 1);
    }
    let mut lo = pdf.to_lopdf_document(&save_options(), &mut Vec::new());
    body::join(&mut lo, &body);
    lo.version = "1.7".into();
    tag_subsets(&mut lo);
    set_info(&mut lo, &doc.title, opts);
    // printpdf writes /PageMode as a string; readers want a name.
    if let Ok(catalog) = lo.catalog_mut()
        && catalog.has(b"PageMode")
    {
        let mode = if doc.outline.len() > 1 {
            "UseOutlines"
        } else {
            "UseNone"
        };
        catalog.set("PageMode", Object::Name(mode.into()));
    }
    let widgets = if opts.fillable {
        form::add_fields(&mut lo, doc, &marks, &shown)?
    } else {
        Vec::new()
    };
    let tree = (!opts.untagged).then(|| tags::tag(&mut lo, doc, &marks, &widgets));
    compress(&mut lo, COPY_LEVEL);
    Ok(Painted { lo, tree })
}

fn save_options() -> PdfSaveOptions {
    PdfSaveOptions {
        subset_fonts: true,
        ..PdfSaveOptions::default()
    }
}

/// Paint the body of `doc`: every item but the personal ones, with the
/// fonts of the lesson's own text.
fn paint_body(
    doc: &Document,
    sets: &CharSets,
    fonts: &[(FaceId, Slot, PdfFont)],
    lesson: Arc<LessonChars>,
) -> Result<body::Body, PdfError> {
    let mut pdf = PdfDocument::new(&doc.title);
    let mut names = Vec::new();
    for (face, slot, font) in fonts.iter().filter(|f| f.1 == Slot::Lesson) {
        let id = font_id(*face, *slot);
        names.push(id.0.clone());
        pdf.resources.fonts.map.insert(id, font.clone());
    }
    let none = body::BodyPage {
        content: None,
        marks: Vec::new(),
    };
    let (pages, marks): (Vec<PdfPage>, Vec<Vec<(i64, NodeId)>>) = doc
        .pages
        .iter()
        .map(|p| {
            let (page, marks) = page_ops(p, &doc.nodes, sets, None, Part::Body, &none);
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
                    deflate_cached(program.as_slice());
                }
            }
        });
        pdf.to_lopdf_document(&save_options(), &mut Vec::new())
    });
    tag_subsets(&mut lo);
    compress(&mut lo, BODY_LEVEL);
    Ok(body::extract(&lo, marks, &names, lesson))
}

/// Save with a file ID that is a hash of the content.
pub fn save(lo: &lopdf::Document) -> Result<Vec<u8>, PdfError> {
    write::document(lo).map_err(|e| PdfError::Write(e.to_string()))
}

/// [`save`] a painted copy: the same bytes as saving [`Painted::into_lopdf`],
/// its structure elements written straight from the kept tree.
pub fn save_painted(painted: &Painted) -> Result<Vec<u8>, PdfError> {
    let written = match &painted.tree {
        Some(tree) => write::document_with(
            &painted.lo,
            &tree.elements(),
            Some(tree as &dyn write::Lookup),
        ),
        None => write::document(&painted.lo),
    };
    written.map_err(|e| PdfError::Write(e.to_string()))
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

/// What a page's content stream marked, for the structure tree and the
/// form fields built after it.
#[derive(Debug, Default)]
pub(crate) struct PageMarks {
    /// Marked-content ids in order, with the element each belongs to.
    pub content: Vec<(i64, NodeId)>,
    /// The element of each link annotation, in the order they are written.
    pub links: Vec<(NodeId, String)>,
    /// Places to fill in (fillable PDFs only).
    pub fields: Vec<form::Widget>,
}

/// Which items of a page a content stream paints.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    /// The lesson's: the same in every copy.
    Body,
    /// The copy's own (see [`body::personal`]), with every link annotation
    /// and form field of the page, after the body's stream.
    Personal,
}

fn page_ops(
    page: &crate::layout::Page,
    nodes: &[crate::layout::Node],
    sets: &CharSets,
    // In a fillable PDF: the fields whose values show in the field.
    fillable: Option<&BTreeSet<String>>,
    part: Part,
    // The body painted before this part, whose marked-content ids come first.
    before: &body::BodyPage,
) -> (PdfPage, PageMarks) {
    let h = page.height;
    let mut ops = Vec::new();
    let mut links = Vec::new();
    let mut marks = PageMarks::default();
    let mut pen = Pen::default();
    let mut open: Option<Mark> = None;
    let first_mcid = before.marks.len() as i64;
    for (k, item) in page.items.iter().enumerate() {
        let personal = body::personal(page, k);
        let is_form = item
            .node
            .is_some_and(|n| matches!(nodes[n.0 as usize].tag, Tag::Form));
        if part == Part::Personal {
            if fillable.is_some()
                && let Some(widget) = form::widget(item, h)
            {
                marks.fields.push(widget);
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
                    marks.links.push((n, text.trim_end().to_string()));
                }
            }
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
        let mark = match item.node {
            Some(n) if !is_form => Mark::Content(n),
            _ => Mark::Artifact,
        };
        if open != Some(mark) {
            pen.end_text(&mut ops);
            if open.is_some() {
                ops.push(Op::EndMarkedContent);
            }
            match mark {
                Mark::Artifact => ops.push(Op::BeginMarkedContent {
                    tag: "Artifact".into(),
                }),
                Mark::Content(n) => {
                    let mcid = first_mcid + marks.content.len() as i64;
                    marks.content.push((mcid, n));
                    let mut map = std::collections::BTreeMap::new();
                    map.insert("MCID".to_string(), DictItem::Int(mcid));
                    ops.push(Op::BeginMarkedContentWithProperties {
                        tag: tags::type_name(&nodes[n.0 as usize].tag).into(),
                        properties: DictItem::Dict { map },
                    });
                }
            }
            open = Some(mark);
        }
        match &item.shape {
            Shape::Text {
                x,
                y,
                width,
                size,
                face,
                gray: g,
                text,
                link,
                placement,
            } => {
                pen.begin_text(&mut ops);
                pen.fill(&mut ops, *g);
                let (x0, y0) = (r2(*x), r2(h - y));
                ops.push(Op::SetTextMatrix {
                    matrix: TextMatrix::Translate(Pt(x0), Pt(y0)),
                });
                match placement {
                    Placement::Natural => {
                        show_text(&mut ops, &mut pen, sets, *face, *size, text, &[])
                    }
                    Placement::Kerned(kerns) => {
                        show_text(&mut ops, &mut pen, sets, *face, *size, text, kerns)
                    }
                    Placement::Shaped(glyphs) => {
                        let slot = if personal { Slot::Copy } else { Slot::Lesson };
                        show_glyphs(
                            &mut ops,
                            &mut pen,
                            sets,
                            (*face, slot),
                            *size,
                            (x0, y0),
                            text,
                            glyphs,
                        );
                    }
                }
                if link.is_some() {
                    // Underline links so paper shows what is one.
                    pen.stroke(&mut ops, *g, size * 0.05);
                    let uy = r2(h - y - size * 0.12);
                    ops.push(line_op(r2(*x), uy, r2(x + width), uy));
                }
            }
            Shape::Line {
                x1,
                y1,
                x2,
                y2,
                stroke,
            } => {
                pen.stroke(&mut ops, stroke.gray, stroke.width);
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
                    (None, None) => continue,
                };
                pen.end_text(&mut ops);
                if let Some(f) = fill {
                    pen.fill(&mut ops, *f);
                }
                if let Some(s) = stroke {
                    pen.stroke(&mut ops, s.gray, s.width);
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
    for (g, cluster) in glyphs.iter().zip(glyph_texts(face, text, glyphs)) {
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

/// Replace printpdf's document info with ours: the lesson title, who made
/// the file, and a date only when the build environment pins one.
fn set_info(lo: &mut lopdf::Document, title: &str, opts: &PdfOptions) {
    let mut info = lopdf::Dictionary::new();
    info.set("Title", utf16(title));
    info.set(
        "Producer",
        Object::string_literal(format!("handout {}", env!("CARGO_PKG_VERSION"))),
    );
    info.set("Creator", Object::string_literal("handout"));
    if let Some(date) = opts.creation_date.and_then(pdf_date) {
        info.set("CreationDate", Object::string_literal(date.clone()));
        info.set("ModDate", Object::string_literal(date));
    }
    match lo.trailer.get(b"Info").and_then(Object::as_reference) {
        Ok(id) => {
            lo.objects.insert(id, Object::Dictionary(info));
        }
        Err(_) => {
            let id = lo.add_object(info);
            lo.trailer.set("Info", id);
        }
    }
}

fn utf16(text: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend(unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// `D:YYYYMMDDHHmmSSZ` for a Unix time.
pub fn pdf_date(secs: i64) -> Option<String> {
    let t = time::OffsetDateTime::from_unix_timestamp(secs).ok()?;
    Some(format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    ))
}

/// Deflate every stream not yet filtered. lopdf's own `compress` uses the
/// slowest zlib level, which costs more than the rest of the PDF stage for a
/// size gain of about one percent.
fn compress(lo: &mut lopdf::Document, level: u32) {
    for object in lo.objects.values_mut() {
        if let Object::Stream(stream) = object
            && stream.dict.get(b"Filter").is_err()
            && stream.allows_compression
        {
            // Font programs (they carry /Length1) are big and repeat from
            // copy to copy; page contents are small and differ each time.
            let compressed = if stream.dict.has(b"Length1") {
                deflate_cached(&stream.content)
            } else {
                deflate(&stream.content, level)
            };
            let Some(compressed) = compressed else {
                continue;
            };
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    }
}

/// Deflate level for a copy's own page contents: the fastest, since they
/// are deflated afresh for every copy. They are a few hundred bytes each,
/// where zlib's level 1 (fixed codes, no trees to build) loses little.
const COPY_LEVEL: u32 = 1;
/// Deflate level for a body's page contents, deflated once per body.
const BODY_LEVEL: u32 = 6;
/// Deflate level for font programs, deflated once per subset.
const FONT_LEVEL: u32 = 6;

/// A font program deflated, or `None` when deflating doesn't make it
/// smaller. Personalized copies of one lesson mostly embed the very same
/// font subsets: each is deflated once per process and reused.
fn deflate_cached(raw: &[u8]) -> Option<Vec<u8>> {
    use std::collections::HashMap;
    use std::hash::{DefaultHasher, Hash, Hasher};
    use std::sync::Mutex;

    type Cache = HashMap<u64, Vec<(Vec<u8>, Option<Vec<u8>>)>>;
    static CACHE: Mutex<Option<Cache>> = Mutex::new(None);
    const MAX_ENTRIES: usize = 48;

    // A cheap key: the length and a sample of the bytes. A hit is confirmed
    // by comparing the whole program, so a weak key costs nothing but a
    // rare extra comparison.
    let mut h = DefaultHasher::new();
    raw.len().hash(&mut h);
    raw.iter().step_by(61).for_each(|b| b.hash(&mut h));
    let key = h.finish();
    if let Ok(guard) = CACHE.lock()
        && let Some(hit) = guard
            .as_ref()
            .and_then(|c| c.get(&key))
            .and_then(|bucket| bucket.iter().find(|(r, _)| r == raw))
    {
        return hit.1.clone();
    }
    let out = deflate(raw, FONT_LEVEL);
    if let Ok(mut guard) = CACHE.lock() {
        let cache = guard.get_or_insert_with(HashMap::new);
        if cache.len() >= MAX_ENTRIES {
            cache.clear();
        }
        cache
            .entry(key)
            .or_default()
            .push((raw.to_vec(), out.clone()));
    }
    out
}

fn deflate(raw: &[u8], level: u32) -> Option<Vec<u8>> {
    let compressed = write::zlib(raw, level);
    (compressed.len() + 19 < raw.len()).then_some(compressed)
}

/// A fixed, dependency-free 128-bit content hash for the file ID: FNV-1a's
/// offset and prime, taken a 64-bit word at a time (a byte at a time was
/// a few percent of a batch). The same bytes give the same hash however
/// they are split between calls to [`ContentHash::update`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct ContentHash {
    h: u128,
    tail: [u8; 8],
    tail_len: usize,
}

impl ContentHash {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;

    pub(crate) fn new() -> Self {
        ContentHash {
            h: Self::OFFSET,
            tail: [0; 8],
            tail_len: 0,
        }
    }

    pub(crate) fn of(bytes: &[u8]) -> u128 {
        let mut h = Self::new();
        h.update(bytes);
        h.finish()
    }

    fn word(&mut self, w: [u8; 8]) {
        self.h ^= u128::from(u64::from_le_bytes(w));
        self.h = self.h.wrapping_mul(Self::PRIME);
    }

    pub(crate) fn update(&mut self, mut bytes: &[u8]) {
        if self.tail_len > 0 {
            let take = (8 - self.tail_len).min(bytes.len());
            self.tail[self.tail_len..self.tail_len + take].copy_from_slice(&bytes[..take]);
            self.tail_len += take;
            bytes = &bytes[take..];
            if self.tail_len < 8 {
                return;
            }
            self.word(self.tail);
            self.tail_len = 0;
        }
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            self.word(w.try_into().expect("eight bytes"));
        }
        let rest = words.remainder();
        self.tail[..rest.len()].copy_from_slice(rest);
        self.tail_len = rest.len();
    }

    pub(crate) fn finish(mut self) -> u128 {
        for i in 0..self.tail_len {
            self.h ^= u128::from(self.tail[i]);
            self.h = self.h.wrapping_mul(Self::PRIME);
        }
        self.h
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates() {
        assert_eq!(pdf_date(0).unwrap(), "D:19700101000000Z");
        assert_eq!(pdf_date(1_000_000_000).unwrap(), "D:20010909014640Z");
    }

    #[test]
    fn same_document_twice_in_one_process_gives_the_same_bytes() {
        use crate::fonts::FontBook;
        use crate::layout::{Options, layout};
        use crate::worksheet::{Header, personalize};
        let b = crate::library::find_builtin("compassion-in-recovery", None).unwrap();
        let (lesson, _) = crate::lesson::load(b.source(), b.id(), FontBook::global()).unwrap();
        let header = Header {
            name: Some("Ирина Петрова".into()),
            ..Header::default()
        };
        let ws = personalize(&lesson, None, header);
        let doc = layout(&ws, &Options::default(), FontBook::global(), &Cache::new()).unwrap();
        // The first render deflates the font programs, the second reuses them.
        let a = render(&doc, &PdfOptions::default(), &Cache::new()).unwrap();
        let b = render(&doc, &PdfOptions::default(), &Cache::new()).unwrap();
        assert_eq!(a, b);
        // And on another thread, as batch runs will.
        let c = std::thread::spawn(move || {
            render(&doc, &PdfOptions::default(), &Cache::new()).unwrap()
        })
        .join()
        .unwrap();
        assert_eq!(a, c);
    }

    /// A painted copy saved with its structure elements from the kept tree
    /// is the file the whole document saves to.
    #[test]
    fn a_painted_copy_saves_to_the_same_bytes_as_the_whole_document() {
        use crate::fonts::FontBook;
        use crate::layout::{Options, layout};
        use crate::worksheet::{Header, personalize};
        let b = crate::library::find_builtin("compassion-in-recovery", None).unwrap();
        let (lesson, _) = crate::lesson::load(b.source(), b.id(), FontBook::global()).unwrap();
        for (name, fillable) in [("Ana", false), ("Zoë Œlberg", true)] {
            let header = Header {
                name: Some(name.into()),
                ..Header::default()
            };
            let ws = personalize(&lesson, None, header);
            let doc = layout(&ws, &Options::default(), FontBook::global(), &Cache::new()).unwrap();
            let opts = PdfOptions {
                fillable,
                ..PdfOptions::default()
            };
            let painted = paint(&doc, &opts, &Cache::new()).unwrap();
            assert!(painted.parts().1.is_some(), "elements left in the tree");
            let saved = save_painted(&painted).unwrap();
            let whole = save(&to_lopdf(&doc, &opts, &Cache::new()).unwrap()).unwrap();
            assert!(saved == whole, "{name}: the files differ");
            let back = lopdf::Document::load_mem(&saved).unwrap();
            assert!(back.catalog().unwrap().has(b"StructTreeRoot"));
        }
    }

    /// Every embedded font program, by its font's /BaseFont.
    fn font_programs(lo: &lopdf::Document) -> std::collections::BTreeMap<String, Vec<u8>> {
        let mut out = std::collections::BTreeMap::new();
        for o in lo.objects.values() {
            let Ok(d) = o.as_dict() else { continue };
            if d.get(b"Type").and_then(Object::as_name).ok() != Some(b"FontDescriptor") {
                continue;
            }
            let name = String::from_utf8_lossy(d.get(b"FontName").unwrap().as_name().unwrap());
            let file = d.get(b"FontFile2").unwrap().as_reference().unwrap();
            let program = lo.get_object(file).unwrap().as_stream().unwrap();
            out.insert(name.to_string(), program.content.clone());
        }
        out
    }

    #[test]
    fn a_name_s_letters_go_in_a_small_subset_of_their_own() {
        use crate::fonts::FontBook;
        use crate::layout::{Options, layout};
        use crate::worksheet::{Header, personalize};
        let b = crate::library::find_builtin("compassion-in-recovery", None).unwrap();
        let (lesson, _) = crate::lesson::load(b.source(), b.id(), FontBook::global()).unwrap();
        let copy = |name: &str| {
            let header = Header {
                name: Some(name.into()),
                ..Header::default()
            };
            let ws = personalize(&lesson, None, header);
            let doc = layout(&ws, &Options::default(), FontBook::global(), &Cache::new()).unwrap();
            let lo = to_lopdf(&doc, &PdfOptions::default(), &Cache::new()).unwrap();
            let text = doc
                .pages
                .iter()
                .flat_map(|p| &p.items)
                .filter_map(|i| match &i.shape {
                    Shape::Text { text, .. } => Some(text.as_str()),
                    _ => None,
                })
                .collect::<String>();
            (font_programs(&lo), text)
        };
        let (zoe, zoe_text) = copy("Zoë Œlberg");
        let (kwame, _) = copy("Kwame Mensah");
        assert!(zoe_text.contains("Zoë Œlberg"));

        // The lesson's own subsets are the very same programs in both
        // copies: made once, deflated once.
        let lesson_fonts: Vec<&String> = zoe.keys().filter(|k| k.starts_with("HNDTA")).collect();
        assert!(lesson_fonts.len() >= 3, "{:?}", zoe.keys());
        for k in lesson_fonts {
            assert_eq!(zoe[k], kwame[k], "{k} differs between two clients' copies");
        }
        // Letters the lesson never prints (ë, Œ) come from a small subset
        // of the regular face, a fraction of the lesson's.
        let extra = &zoe["HNDTBA+AtkinsonHyperlegibleNext-Regular"];
        let main = &zoe["HNDTAA+AtkinsonHyperlegibleNext-Regular"];
        assert!(
            extra.len() * 3 < main.len(),
            "{} vs {}",
            extra.len(),
            main.len()
        );
    }

    #[test]
    fn a_kept_body_serves_only_documents_with_the_same_lesson_part() {
        use crate::fonts::FontBook;
        use crate::layout::{Options, layout};
        use crate::worksheet::{Header, personalize};
        let b = crate::library::find_builtin("compassion-in-recovery", None).unwrap();
        let (lesson, _) = crate::lesson::load(b.source(), b.id(), FontBook::global()).unwrap();
        let text_of = |scenario: &str, name: &str| {
            let chosen = BTreeSet::from([scenario.to_string()]);
            let header = Header {
                name: Some(name.into()),
                ..Header::default()
            };
            let ws = personalize(&lesson, Some(&chosen), header);
            let doc = layout(&ws, &Options::default(), FontBook::global(), &Cache::new()).unwrap();
            let lo = to_lopdf(&doc, &PdfOptions::default(), &Cache::new()).unwrap();
            let pages: Vec<u32> = (1..=lo.get_pages().len() as u32).collect();
            lo.extract_text(&pages).unwrap()
        };
        // The same body twice (the second from the cache), then another.
        let first = text_of("craving", "Ana Ruiz");
        let again = text_of("craving", "Bo Lee");
        let other = text_of("conflict", "Cara Tan");
        for t in [&first, &again] {
            assert!(t.contains("Shame after a craving"), "{t}");
            assert!(!t.contains("A mistake after a conflict"), "{t}");
        }
        assert!(
            again.contains("Bo Lee") && !again.contains("Ana Ruiz"),
            "{again}"
        );
        assert!(other.contains("A mistake after a conflict"), "{other}");
        assert!(!other.contains("Shame after a craving"), "{other}");
        assert!(other.contains("Cara Tan"), "{other}");
    }

    #[test]
    fn the_footer_is_painted_with_the_body_and_the_name_with_the_copy() {
        use crate::fonts::FontBook;
        use crate::layout::{Options, layout};
        use crate::worksheet::{Header, personalize};
        let b = crate::library::find_builtin("compassion-in-recovery", None).unwrap();
        let (lesson, _) = crate::lesson::load(b.source(), b.id(), FontBook::global()).unwrap();
        let header = Header {
            name: Some("Ana Ruiz".into()),
            ..Header::default()
        };
        let ws = personalize(&lesson, None, header);
        let doc = layout(&ws, &Options::default(), FontBook::global(), &Cache::new()).unwrap();
        let lo = to_lopdf(&doc, &PdfOptions::default(), &Cache::new()).unwrap();
        // Page 2's text from one of its two content streams alone.
        let page = lo.get_pages()[&2];
        let text_of = |which: usize| {
            let mut one = lo.clone();
            let d = one.get_dictionary_mut(page).unwrap();
            let contents = d.get(b"Contents").unwrap().as_array().unwrap().clone();
            assert_eq!(contents.len(), 2, "body and own stream");
            d.set("Contents", contents[which].clone());
            one.extract_text(&[2]).unwrap()
        };
        let (body, own) = (text_of(0), text_of(1));
        let total = doc.pages.len();
        for footer in [format!("Page 2 of {total}"), "988".to_string()] {
            assert!(body.contains(&footer), "{footer:?} not in the body: {body}");
            assert!(
                !own.contains(&footer),
                "{footer:?} in the copy's part: {own}"
            );
        }
        assert!(own.contains("Ana Ruiz"), "the running header's name: {own}");
        assert!(!body.contains("Ana Ruiz"), "a name in the body: {body}");
    }

    #[test]
    fn the_content_hash_differs_for_different_input_and_not_for_how_it_is_split() {
        assert_ne!(ContentHash::of(b"a"), ContentHash::of(b"b"));
        assert_ne!(ContentHash::of(b"abcdefgh1"), ContentHash::of(b"abcdefgh2"));
        assert_eq!(ContentHash::of(b""), 0x6c62272e07bb014262b821756295c58d);
        let text: Vec<u8> = (0..100u8).collect();
        let whole = ContentHash::of(&text);
        for cut in [0, 1, 7, 8, 9, 50, 99, 100] {
            let mut h = ContentHash::new();
            h.update(&text[..cut]);
            h.update(&text[cut..]);
            assert_eq!(h.finish(), whole, "cut at {cut}");
        }
    }
}
