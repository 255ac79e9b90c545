//! The bundled fonts, compiled into the binary: Atkinson Hyperlegible Next
//! (made for readers with low vision) as the face, Noto Sans as a
//! per-character fallback for what it lacks (Vietnamese, Greek, Cyrillic).
//! Both are under the SIL Open Font License; see `fonts/`.

use std::sync::OnceLock;

use ttf_parser::Face;

use crate::layout::{FaceId, Metrics};
use crate::text::{Coverage, Style};

/// One face: its bytes and a name for the PDF.
pub struct FaceData {
    pub name: &'static str,
    pub bytes: &'static [u8],
}

macro_rules! face {
    ($name:literal, $file:literal) => {
        FaceData {
            name: $name,
            bytes: include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/", $file)),
        }
    };
}

/// Faces by [`FaceId`]: 0–3 the main family (regular, bold, italic, bold
/// italic), 4–7 the fallback family in the same order.
pub static FACES: [FaceData; 8] = [
    face!(
        "AtkinsonHyperlegibleNext-Regular",
        "AtkinsonHyperlegibleNext_400Regular.ttf"
    ),
    face!(
        "AtkinsonHyperlegibleNext-Bold",
        "AtkinsonHyperlegibleNext_700Bold.ttf"
    ),
    face!(
        "AtkinsonHyperlegibleNext-Italic",
        "AtkinsonHyperlegibleNext_400Regular_Italic.ttf"
    ),
    face!(
        "AtkinsonHyperlegibleNext-BoldItalic",
        "AtkinsonHyperlegibleNext_700Bold_Italic.ttf"
    ),
    face!("NotoSans-Regular", "NotoSans-Regular.ttf"),
    face!("NotoSans-Bold", "NotoSans-Bold.ttf"),
    face!("NotoSans-Italic", "NotoSans-Italic.ttf"),
    face!("NotoSans-BoldItalic", "NotoSans-BoldItalic.ttf"),
];

const FALLBACK: u8 = 4;

fn style_index(style: Style) -> u8 {
    u8::from(style.bold) + 2 * u8::from(style.italic)
}

/// Parsed faces for measuring, shared by every document in the process.
pub struct FontBook {
    faces: Vec<Face<'static>>,
    /// Advance widths in ems, per face, for the characters most text uses.
    ascii: Vec<[f32; 128]>,
    /// Which face draws each Latin-1 character, per style: most text is
    /// Latin-1, and a table beats a cmap search for every letter.
    latin1: [[Option<FaceId>; 256]; 4],
}

impl FontBook {
    /// The bundled fonts, parsed once per process.
    pub fn bundled() -> &'static FontBook {
        static BOOK: OnceLock<FontBook> = OnceLock::new();
        BOOK.get_or_init(|| {
            let faces: Vec<Face<'static>> = FACES
                .iter()
                .map(|f| Face::parse(f.bytes, 0).expect("bundled fonts are valid"))
                .collect();
            let ascii = faces
                .iter()
                .map(|face| {
                    let mut table = [0.0; 128];
                    for (c, w) in table.iter_mut().enumerate() {
                        *w = advance(face, char::from(c as u8));
                    }
                    table
                })
                .collect();
            let mut book = FontBook {
                faces,
                ascii,
                latin1: [[None; 256]; 4],
            };
            for style in 0..4u8 {
                for c in 0..=255u8 {
                    book.latin1[usize::from(style)][usize::from(c)] =
                        book.lookup(style, char::from(c));
                }
            }
            book
        })
    }

    /// The face for `ch` in style number `i`, searching the fonts' tables.
    fn lookup(&self, i: u8, ch: char) -> Option<FaceId> {
        if self.has(i, ch) {
            Some(FaceId(i))
        } else if self.has(FALLBACK + i, ch) {
            Some(FaceId(FALLBACK + i))
        } else {
            None
        }
    }

    fn has(&self, face: u8, ch: char) -> bool {
        self.faces[usize::from(face)].glyph_index(ch).is_some()
    }
}

fn advance(face: &Face, ch: char) -> f32 {
    let upem = f32::from(face.units_per_em());
    face.glyph_index(ch)
        .and_then(|g| face.glyph_hor_advance(g))
        .map_or(0.0, |a| f32::from(a) / upem)
}

impl Coverage for FontBook {
    fn covers(&self, style: Style, ch: char) -> bool {
        self.face_for(style, ch).is_some()
    }
}

impl Metrics for FontBook {
    fn face_for(&self, style: Style, ch: char) -> Option<FaceId> {
        let i = style_index(style);
        match u8::try_from(u32::from(ch)) {
            Ok(c) => self.latin1[usize::from(i)][usize::from(c)],
            Err(_) => self.lookup(i, ch),
        }
    }

    fn face_for_word(&self, style: Style, word: &str) -> Option<FaceId> {
        let i = style_index(style);
        [i, FALLBACK + i]
            .into_iter()
            .find(|&f| word.chars().all(|c| self.has(f, c)))
            .map(FaceId)
    }

    fn advance(&self, face: FaceId, ch: char) -> f32 {
        let f = usize::from(face.0);
        if ch.is_ascii() {
            self.ascii[f][ch as usize]
        } else {
            advance(&self.faces[f], ch)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_face_first_fallback_for_vietnamese_and_greek() {
        let book = FontBook::bundled();
        assert_eq!(book.face_for(Style::REGULAR, 'a'), Some(FaceId(0)));
        assert_eq!(book.face_for(Style::BOLD, 'é'), Some(FaceId(1)));
        // Atkinson Hyperlegible Next lacks these; Noto Sans has them.
        assert_eq!(book.face_for(Style::REGULAR, 'ễ'), Some(FaceId(4)));
        assert_eq!(book.face_for(Style::BOLD, 'ư'), Some(FaceId(5)));
        assert_eq!(book.face_for(Style::ITALIC, 'Ж'), Some(FaceId(6)));
        // Nobody has a private-use character or CJK.
        assert_eq!(book.face_for(Style::REGULAR, '\u{E000}'), None);
        assert_eq!(book.face_for(Style::REGULAR, '中'), None);
    }

    #[test]
    fn a_word_takes_one_face_when_one_has_every_letter() {
        let book = FontBook::bundled();
        // Atkinson lacks ễ: the whole word comes from Noto Sans.
        assert_eq!(
            book.face_for_word(Style::REGULAR, "Nguyễn"),
            Some(FaceId(4))
        );
        assert_eq!(book.face_for_word(Style::BOLD, "Nguyễn"), Some(FaceId(5)));
        // Words the main face has stay in it.
        assert_eq!(book.face_for_word(Style::REGULAR, "José"), Some(FaceId(0)));
        // No face has every letter: each letter finds its own.
        assert_eq!(book.face_for_word(Style::REGULAR, "a中"), None);
    }

    #[test]
    fn names_from_the_design_print() {
        let book = FontBook::bundled();
        for name in ["Nguyễn Thị Hương", "José Núñez", "Zoë Œlberg"] {
            for ch in name.chars() {
                for style in [Style::REGULAR, Style::BOLD] {
                    assert!(book.covers(style, ch), "{ch} in {style:?}");
                }
            }
        }
    }

    #[test]
    fn advances_are_real_metrics() {
        let book = FontBook::bundled();
        let i = book.advance(FaceId(0), 'i');
        let m = book.advance(FaceId(0), 'M');
        assert!(i > 0.1 && i < m && m < 1.0, "i {i}, M {m}");
        assert_eq!(book.advance(FaceId(0), 'é'), advance(&book.faces[0], 'é'));
    }
}
