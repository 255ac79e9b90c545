//! Fonts as the PDF embeds them: each face parsed, cut down to the
//! characters a document draws (the lesson's in one subset, a copy's own in
//! another), named and tagged, and the text each shaped glyph stands for
//! (its `/ToUnicode`). printpdf writes the page fonts' objects from these
//! subsets; the form font that fields type in is built here too.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, OnceLock};

use lopdf::{Dictionary, Object, ObjectId, Stream};
use printpdf::{
    FontId, ParsedFont, PdfFont,
    font::{FontEmbeddingMode, PrintpdfFontMeta},
};
use ttf_parser::Face;

use super::objects::page_fonts;
use super::{PdfError, cff, personal};
use crate::cache::{self, Cache};
use crate::layout::{Document, FaceId, Placement, Shape};

/// A face parsed for embedding, as the cache knows it: by its number in
/// the font book.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct ParsedKey(FaceId);

impl cache::Key for ParsedKey {
    /// Filled once, by the first to need it; any other thread that needs
    /// the face meanwhile waits for it rather than parsing it again.
    type Value = Arc<OnceLock<Option<Arc<ParsedFont>>>>;
    /// Every face the font book can number.
    const KEEP: usize = 256;
}

/// Each face parsed for embedding, once per cache and only when a document
/// uses it (the fallback faces are large and rarely needed).
fn parsed(face: FaceId, cache: &Cache) -> Result<Arc<ParsedFont>, PdfError> {
    let data = crate::fonts::face_data(face).ok_or_else(|| PdfError::Font(format!("{face:?}")))?;
    let slot = cache
        .get_or_make(ParsedKey(face), || Ok::<_, PdfError>(Arc::default()))?
        .get_or_init(|| super::subset::parse(data.bytes, data.index as usize).map(Arc::new))
        .clone();
    slot.ok_or_else(|| PdfError::Font(data.name.clone()))
}

/// Make ready, ahead of need, what every worksheet's PDF stage uses: the
/// font book and the main family's four faces parsed for embedding, kept
/// in `cache`. `build` runs this on a second thread while it reads the
/// lesson, so a single worksheet doesn't wait for it (about half a
/// millisecond of its ten).
pub fn warm_fonts(cache: &Cache) {
    for face in 0..4 {
        let _ = parsed(FaceId(face), cache);
    }
}

/// A subset, as the cache knows it: the face, and the characters and
/// shaped glyphs it is cut down to. It holds a set of characters — the
/// lesson's, or the few a copy adds (letters of a name the lesson never
/// prints) — which the cache's rule allows: sorted, each once, it names
/// which letters were cut, and no name or date can be read back from it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct SubsetKey {
    face: FaceId,
    chars: Vec<char>,
    glyphs: Vec<u16>,
}

impl cache::Key for SubsetKey {
    /// The subset, and each shaped glyph's number in it.
    type Value = Arc<(ParsedFont, Arc<BTreeMap<u16, u16>>)>;
    const KEEP: usize = 32;
}

/// `face` cut down to `chars`, as a font printpdf embeds as it is.
///
/// Personalized copies of a lesson print the same characters again and
/// again (only a name's letters differ), so each subset is made once per
/// cache and kept: printpdf would otherwise subset every face afresh for
/// every copy, the largest part of a copy's time. printpdf still writes
/// the widths and the Unicode map from the characters a document shows.
///
/// `shaped` adds glyphs the shaper chose (joined Arabic letters, placed
/// marks), which the font's character map may not reach; the returned map
/// takes each of them to its number in the subset.
pub(super) fn subset(
    face: FaceId,
    chars: &BTreeSet<char>,
    shaped: &BTreeMap<u16, String>,
    cache: &Cache,
) -> Result<(PdfFont, Arc<BTreeMap<u16, u16>>), PdfError> {
    let key = SubsetKey {
        face,
        chars: chars.iter().copied().collect(),
        glyphs: shaped.keys().copied().collect(),
    };
    let meta = PrintpdfFontMeta {
        embedding_mode: FontEmbeddingMode::Full,
        requires_subsetting: false,
        ..PrintpdfFontMeta::default()
    };
    let kept = cache.get_or_make(key, || cut(face, chars, shaped, cache).map(Arc::new))?;
    Ok((PdfFont::with_meta(kept.0.clone(), meta), kept.1.clone()))
}

/// Cut `face` down to `chars` and the `shaped` glyphs: the subset, parsed,
/// and each shaped glyph's number in it.
fn cut(
    face: FaceId,
    chars: &BTreeSet<char>,
    shaped: &BTreeMap<u16, String>,
    cache: &Cache,
) -> Result<(ParsedFont, Arc<BTreeMap<u16, u16>>), PdfError> {
    let full = parsed(face, cache)?;
    let mut glyphs: BTreeMap<u16, String> = shaped.clone();
    for &c in chars {
        if let Some(g) = full.lookup_glyph_index(u32::from(c)) {
            glyphs.entry(g).or_insert_with(|| c.to_string());
        }
    }
    let name =
        || crate::fonts::face_data(face).map_or_else(|| format!("{face:?}"), |d| d.name.clone());
    let mut cut = super::subset::subset_font(&full, &glyphs).map_err(|_| PdfError::Font(name()))?;
    cff::identity_charset(&mut cut.bytes);
    let font = super::subset::parse(&cut.bytes, 0).ok_or_else(|| PdfError::Font(name()))?;
    let map: Arc<BTreeMap<u16, u16>> = Arc::new(
        cut.glyph_mapping
            .iter()
            .filter(|(old, _)| shaped.contains_key(old))
            .map(|(&old, &(new, _))| (old, new))
            .collect(),
    );
    Ok((font, map))
}

/// Mark each font as the subset it is: `HNDTAA+Name`, the tag being the
/// first six letters of its resource name (ISO 32000-1, 9.6.4), on the
/// font, its descendant and its descriptor alike. printpdf leaves the tag
/// off, as it embeds our subsets whole.
pub(super) fn tag_subsets(lo: &mut lopdf::Document) {
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
pub(super) fn glyph_texts(
    face: FaceId,
    text: &str,
    glyphs: &[crate::layout::Glyph],
    cache: &Cache,
) -> Vec<String> {
    let clusters = cluster_texts(text, glyphs);
    let mut out: Vec<String> = clusters.iter().map(|s| s.to_string()).collect();
    let mut by_cluster: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (i, g) in glyphs.iter().enumerate() {
        by_cluster.entry(g.cluster).or_default().push(i);
    }
    let rtl = text.chars().any(crate::text::is_rtl);
    // Parsed only if a cluster needs it.
    let mut font: Option<Option<Arc<ParsedFont>>> = None;
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
        if !rtl
            && let Some(font) = font.get_or_insert_with(|| parsed(face, cache).ok())
            && let Some(texts) = by_nominal_glyph(font, &chars, &members, glyphs)
        {
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
    font: &ParsedFont,
    chars: &[char],
    members: &[usize],
    glyphs: &[crate::layout::Glyph],
) -> Option<Vec<String>> {
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
pub(super) enum Slot {
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
pub(super) struct CharSets {
    /// The lesson's: kept with its body.
    lesson: Arc<LessonChars>,
    /// By face number: what the copy's own items add.
    copy: Vec<BTreeSet<char>>,
    /// Glyphs of the copy's shaped text, by face number, with the text
    /// each stands for.
    copy_glyphs: Vec<BTreeMap<u16, String>>,
    /// Each shaped glyph's number in its subset, by face and slot.
    pub(super) remap: HashMap<(FaceId, bool), Arc<BTreeMap<u16, u16>>>,
}

/// The characters of a document's body ([`personal`] items left out),
/// and the glyphs of its shaped text with the text each stands for, by
/// face number.
#[derive(Debug, Default)]
pub(super) struct LessonChars {
    chars: Vec<BTreeSet<char>>,
    glyphs: Vec<BTreeMap<u16, String>>,
}

/// The text items of `doc`: whether each is the copy's own
/// ([`personal`]), its face, text and placement.
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
                } => Some((personal(p, k), *face, text.as_str(), placement)),
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
    pub(super) fn of(doc: &Document, cache: &Cache) -> Self {
        let mut out = LessonChars::default();
        for (personal, face, text, placement) in text_items(doc) {
            if personal {
                continue;
            }
            match placement {
                Placement::Shaped(glyphs) => {
                    add_glyphs(grow(&mut out.glyphs, face), face, text, glyphs, cache);
                }
                _ => grow(&mut out.chars, face).extend(text.chars()),
            }
        }
        out
    }

    pub(super) fn faces(&self) -> usize {
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
    cache: &Cache,
) {
    for (g, t) in glyphs.iter().zip(glyph_texts(face, text, glyphs, cache)) {
        set.entry(g.id).or_insert(t);
    }
}

impl CharSets {
    /// The lesson's characters alone, as the body is painted with.
    pub(super) fn lesson_only(lesson: Arc<LessonChars>) -> Self {
        CharSets {
            lesson,
            copy: Vec::new(),
            copy_glyphs: Vec::new(),
            remap: HashMap::new(),
        }
    }

    /// A copy's characters, beside its lesson's.
    pub(super) fn of(doc: &Document, lesson: Arc<LessonChars>, cache: &Cache) -> Self {
        let mut sets = CharSets::lesson_only(lesson);
        for (personal, face, text, placement) in text_items(doc) {
            if !personal {
                continue;
            }
            match placement {
                Placement::Shaped(glyphs) => {
                    add_glyphs(grow(&mut sets.copy_glyphs, face), face, text, glyphs, cache);
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

    pub(super) fn get(&self, face: FaceId, slot: Slot) -> &BTreeSet<char> {
        let f = usize::from(face.0);
        match slot {
            Slot::Lesson => self.lesson.chars.get(f),
            Slot::Copy => self.copy.get(f),
        }
        .unwrap_or(&NO_CHARS)
    }

    pub(super) fn glyphs(&self, face: FaceId, slot: Slot) -> &BTreeMap<u16, String> {
        let f = usize::from(face.0);
        match slot {
            Slot::Lesson => self.lesson.glyphs.get(f),
            Slot::Copy => self.copy_glyphs.get(f),
        }
        .unwrap_or(&NO_GLYPHS)
    }

    pub(super) fn slot(&self, face: FaceId, c: char) -> Slot {
        if self.get(face, Slot::Lesson).contains(&c) {
            Slot::Lesson
        } else {
            Slot::Copy
        }
    }

    /// The subsets the personal items of `doc` draw from.
    pub(super) fn personal_fonts(&self, doc: &Document) -> BTreeSet<(FaceId, Slot)> {
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
pub(super) fn font_id(face: FaceId, slot: Slot) -> FontId {
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

/// Resource name of the form font (see [`FormFont`]).
pub(super) const FORM_FONT: &str = "HNDTFM";

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
pub(super) struct FormFont {
    bytes: Vec<u8>,
    /// Character → glyph id in the subset.
    pub(super) gids: BTreeMap<char, u16>,
    /// Advance widths in thousandths of an em, by subset glyph id.
    widths: Vec<i64>,
    ascent: i64,
    descent: i64,
    cap_height: i64,
    bbox: [i64; 4],
}

/// The form font, as the cache knows it: there is one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct FormFontKey;

impl cache::Key for FormFontKey {
    type Value = Arc<FormFont>;
    const KEEP: usize = 1;
}

/// The form font, made once per cache.
pub(super) fn form_font(cache: &Cache) -> Result<Arc<FormFont>, PdfError> {
    cache.get_or_make(FormFontKey, || {
        build_form_font(cache)
            .map(Arc::new)
            .ok_or_else(|| PdfError::Font("NotoSans-Regular (form font)".into()))
    })
}

/// Noto Sans cut down to [`repertoire`], from the face parsed for the
/// pages' text.
fn build_form_font(cache: &Cache) -> Option<FormFont> {
    const NOTO_SANS: FaceId = FaceId(4);
    let bytes = crate::fonts::face_data(NOTO_SANS)?.bytes;
    let face = Face::parse(bytes, 0).ok()?;
    let parsed = parsed(NOTO_SANS, cache).ok()?;
    let mut wanted: BTreeMap<u16, String> = BTreeMap::new();
    let mut by_char: Vec<(char, u16)> = Vec::new();
    for ch in repertoire() {
        if let Some(g) = face.glyph_index(ch) {
            wanted.entry(g.0).or_insert_with(|| ch.to_string());
            by_char.push((ch, g.0));
        }
    }
    let subset = super::subset::subset_font(&parsed, &wanted).ok()?;
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
    pub(super) fn encode(&self, text: &str) -> Vec<u8> {
        text.chars()
            .filter_map(|c| self.gids.get(&c))
            .flat_map(|g| g.to_be_bytes())
            .collect()
    }

    /// The Type 0 font objects; returns the font dictionary's id.
    pub(super) fn embed(&self, lo: &mut lopdf::Document) -> ObjectId {
        let name = format!("{FORM_FONT}+NotoSans-Regular");
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
