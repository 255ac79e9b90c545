//! What layout needs to know about fonts, and nothing else: which face
//! draws a character, how wide it is, how a word is shaped. The font book
//! ([`crate::fonts`]) implements [`Metrics`]; layout measures with it; a
//! fixed-width fake ([`fake::Mono`]) stands in for it in tests. A leaf
//! module, so fonts and the lower stages' tests name it without depending
//! on layout.

use crate::cache::Cache;
use crate::text::{Coverage, Style};

/// Which face of the bundled fonts draws a run. Faces are numbered by the
/// font book; layout only passes the number along.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FaceId(pub u8);

/// What layout needs to know about fonts: which face draws a character in a
/// style (a fallback face when the main one lacks it), and how wide it is.
/// A trait so that layout tests can use a fixed-width fake.
pub trait Metrics: Coverage {
    /// The face that prints `ch` in `style`, or `None` when no face has it.
    fn face_for(&self, style: Style, ch: char) -> Option<FaceId>;
    /// Advance width of `ch` in `face`, in ems.
    fn advance(&self, face: FaceId, ch: char) -> f32;
    /// The one face, in order of preference, that prints every character
    /// of `word` in `style`, when one does. A word reads better whole in
    /// one face than with a letter from another ("Nguyễn" all in the
    /// fallback face, not five letters of one and an ễ of the other).
    /// `None`: each character takes its own face.
    fn face_for_word(&self, _style: Style, _word: &str) -> Option<FaceId> {
        None
    }
    /// `text` (a word, or a stretch of one in one face) shaped in `face`:
    /// its glyphs, kerned and joined, marks placed. `None` when the face
    /// needs no shaper for this text: each character's own glyph, with
    /// [`Metrics::kern`] between them.
    fn shape(&self, _face: FaceId, _text: &str) -> Option<Shaped> {
        None
    }
    /// [`Metrics::shape`] for text that must not be remembered (what a
    /// roster brings: a client's name), shaped afresh and kept nowhere.
    fn shape_unkept(&self, face: FaceId, text: &str) -> Option<Shaped> {
        self.shape(face, text)
    }
    /// Kerning between `a` and `b` side by side in `face`, in ems
    /// (negative: closer), for text [`Metrics::shape`] leaves alone.
    fn kern(&self, _face: FaceId, _a: char, _b: char) -> f32 {
        0.0
    }
    /// The glyph `face` draws `ch` with.
    fn glyph(&self, _face: FaceId, _ch: char) -> u16 {
        0
    }
    /// Whether `face` has a glyph for `ch`.
    fn has(&self, face: FaceId, ch: char) -> bool {
        self.advance(face, ch) > 0.0
    }
    /// Whether lines are for a right-to-left page: their runs stay in
    /// reading order, for the page to be mirrored.
    fn right_to_left(&self) -> bool {
        false
    }
    /// A number that is the same only for metrics that measure and place
    /// text alike, so that lines broken once can be kept
    /// ([`crate::layout::lines::break_lines_kept`]); `None`: never keep them.
    fn memo_key(&self) -> Option<u64> {
        None
    }
    /// Where work done with these metrics is kept (lines broken, sections
    /// and footers laid out, QR codes made): the document's cache, which
    /// layout hands in with the fonts (see [`crate::cache`]). `None`:
    /// nothing is kept — a test's fake, or the metrics for what a roster
    /// brings (a client's name), which stays out of every cache.
    fn cache(&self) -> Option<&Cache> {
        None
    }
}

/// A glyph placed by the shaper. Lengths in ems.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    pub id: u16,
    /// Where in the text (a byte offset) the characters this glyph draws
    /// begin.
    pub cluster: u32,
    pub advance: f32,
    /// How far the glyph is moved from where the pen is, right and up.
    pub dx: f32,
    pub dy: f32,
}

/// Shaped text: glyphs in the order they are drawn, left to right (for
/// Arabic or Hebrew, from the text's end to its start).
#[derive(Debug, Clone, PartialEq)]
pub struct Shaped {
    pub glyphs: Vec<Glyph>,
}

/// A fixed-width fake font for tests: every character is half an em wide,
/// bold a little wider; a private-use character is in no face.
#[cfg(test)]
pub(crate) mod fake {
    use super::*;

    pub struct Mono;

    impl Coverage for Mono {
        fn covers(&self, style: Style, ch: char) -> bool {
            self.face_for(style, ch).is_some()
        }
    }

    impl Metrics for Mono {
        fn face_for(&self, style: Style, ch: char) -> Option<FaceId> {
            if ('\u{E000}'..='\u{F8FF}').contains(&ch) {
                None
            } else {
                Some(FaceId(u8::from(style.bold)))
            }
        }
        fn advance(&self, face: FaceId, _: char) -> f32 {
            if face.0 == 1 { 0.6 } else { 0.5 }
        }
    }
}
