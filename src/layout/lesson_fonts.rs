//! A lesson's language in layout: which face its words take (Vietnamese
//! whole words in one face) and which way its pages run (Arabic mirrored);
//! and the document's cache, where what is laid out with them is kept.

use super::{FaceId, Metrics, Node, NodeId, Page, Shape, Shaped, Tag};
use crate::cache::Cache;
use crate::labels::Language;
use crate::text::{Coverage, Style};

/// The fonts as one lesson's language sees them.
///
/// In Vietnamese the main face lacks most accented letters, so word by
/// word a line would alternate between two typefaces ("trắc" in one,
/// "trong" in the other): every word comes from the face that prints
/// Vietnamese, where it has the word's letters.
///
/// In Arabic the page runs right to left: lines keep their runs in reading
/// order, and the finished page is mirrored ([`mirror`]), which puts the
/// first run on the right.
///
/// Lines broken, sections and footers laid out and QR codes made with
/// these fonts are kept in `cache`, the one the caller of layout owns.
pub(super) struct LessonFonts<'a> {
    m: &'a dyn Metrics,
    one_face: bool,
    pub(super) rtl: bool,
    cache: &'a Cache,
}

impl<'a> LessonFonts<'a> {
    pub(super) fn new(m: &'a dyn Metrics, language: Language, cache: &'a Cache) -> Self {
        LessonFonts {
            m,
            one_face: language == Language::Vi,
            rtl: language.is_rtl(),
            cache,
        }
    }

    /// `m` as it is, keeping its work in `cache`: for a document's cover
    /// and contents, which are in no one lesson's language.
    pub(super) fn plain(m: &'a dyn Metrics, cache: &'a Cache) -> Self {
        LessonFonts {
            m,
            one_face: false,
            rtl: false,
            cache,
        }
    }

    /// The face that prints Vietnamese in `style`, for a Vietnamese lesson.
    fn vietnamese(&self, style: Style) -> Option<FaceId> {
        if self.one_face {
            self.m.face_for(style, 'ễ')
        } else {
            None
        }
    }
}

impl Coverage for LessonFonts<'_> {
    fn covers(&self, style: Style, ch: char) -> bool {
        self.m.covers(style, ch)
    }
}

impl Metrics for LessonFonts<'_> {
    fn face_for(&self, style: Style, ch: char) -> Option<FaceId> {
        match self.vietnamese(style) {
            Some(f) if self.m.has(f, ch) => Some(f),
            _ => self.m.face_for(style, ch),
        }
    }
    fn advance(&self, face: FaceId, ch: char) -> f32 {
        self.m.advance(face, ch)
    }
    fn face_for_word(&self, style: Style, word: &str) -> Option<FaceId> {
        match self.vietnamese(style) {
            Some(f) if word.chars().all(|c| self.m.has(f, c)) => Some(f),
            _ => self.m.face_for_word(style, word),
        }
    }
    fn shape(&self, face: FaceId, text: &str) -> Option<Shaped> {
        self.m.shape(face, text)
    }
    fn shape_unkept(&self, face: FaceId, text: &str) -> Option<Shaped> {
        self.m.shape_unkept(face, text)
    }
    fn kern(&self, face: FaceId, a: char, b: char) -> f32 {
        self.m.kern(face, a, b)
    }
    fn glyph(&self, face: FaceId, ch: char) -> u16 {
        self.m.glyph(face, ch)
    }
    fn has(&self, face: FaceId, ch: char) -> bool {
        self.m.has(face, ch)
    }
    fn right_to_left(&self) -> bool {
        self.rtl
    }
    fn memo_key(&self) -> Option<u64> {
        let k = self.m.memo_key()?;
        Some(k.checked_mul(4)? + u64::from(self.one_face) * 2 + u64::from(self.rtl))
    }
    fn cache(&self) -> Option<&Cache> {
        Some(self.cache)
    }
}

/// Mirror a page left to right, for a right-to-left lesson: every item
/// moves to the other side, but text still reads as shaped and a QR code
/// (a figure) moves whole, unmirrored.
pub(super) fn mirror(page: &mut Page, nodes: &[Node]) {
    let w = page.width;
    let mut figures: std::collections::BTreeMap<NodeId, (f32, f32)> = Default::default();
    for item in &page.items {
        if let Some(n) = item.node
            && matches!(nodes[n.0 as usize].tag, Tag::Figure { .. })
        {
            let (x0, _, x1, _) = item.shape.bounds();
            let e = figures.entry(n).or_insert((x0, x1));
            e.0 = e.0.min(x0);
            e.1 = e.1.max(x1);
        }
    }
    for item in &mut page.items {
        let figure = item.node.and_then(|n| figures.get(&n));
        match (&mut item.shape, figure) {
            (shape, Some(&(x0, x1))) => shape.shift(w - x1 - x0, 0.0),
            (Shape::Text { x, width, .. }, None) => *x = w - *x - *width,
            (Shape::Line { x1, x2, .. }, None) => {
                *x1 = w - *x1;
                *x2 = w - *x2;
            }
            (Shape::Rect { x, w: rw, .. }, None) => *x = w - *x - *rw,
        }
    }
}
