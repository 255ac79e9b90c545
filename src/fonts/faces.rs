//! One face parsed for measuring and shaping, with its pair kerning.

use std::sync::OnceLock;

use ttf_parser::Face;

use super::FaceData;
use crate::kerning::{COMMON, PairKerning, common};

/// A face parsed for measuring and shaping.
pub struct Loaded {
    pub data: FaceData,
    pub(super) face: Face<'static>,
    pub(super) units_per_em: f32,
    /// The shaper's view of the face, made when first needed.
    shaper: OnceLock<rustybuzz::Face<'static>>,
    /// Kerning without the shaper, for a face whose only positioning of
    /// unaccented letters is pair kerning (see [`Loaded::plain_kerning`]).
    pub(super) kerning: Option<Kerning>,
}

/// A face's pair kerning (see [`crate::kerning`]): for text with no marks
/// in such a face it is all the shaper would do, at a fraction of the cost.
pub(super) struct Kerning {
    pairs: PairKerning<'static>,
    /// Its kerned pairs of common characters, tabled when the program was
    /// built (`build.rs`).
    common: &'static [(u32, i16)],
}

mod tables {
    include!(concat!(env!("OUT_DIR"), "/common_kerns.rs"));
}

impl Loaded {
    pub(super) fn new(data: FaceData) -> Option<Loaded> {
        let face = Face::parse(data.bytes, data.index).ok()?;
        let units_per_em = f32::from(face.units_per_em());
        Some(Loaded {
            data,
            face,
            units_per_em,
            shaper: OnceLock::new(),
            kerning: None,
        })
    }

    /// With the pair kerning of bundled main face number `i`.
    pub(super) fn with_plain_kerning(mut self, i: usize) -> Loaded {
        self.kerning = PairKerning::of(&self.face).map(|pairs| Kerning {
            pairs,
            common: tables::COMMON_KERNS[i],
        });
        self
    }

    /// Kerning between characters `a` and `b` in ems, for a face with
    /// plain kerning.
    pub(super) fn kern(&self, a: char, b: char) -> f32 {
        let Some(k) = &self.kerning else {
            return 0.0;
        };
        let units = match (common(a), common(b)) {
            (Some(x), Some(y)) => {
                let key = (x * COMMON + y) as u32;
                k.common
                    .binary_search_by_key(&key, |&(pair, _)| pair)
                    .map_or(0, |i| k.common[i].1)
            }
            _ => match (self.face.glyph_index(a), self.face.glyph_index(b)) {
                (Some(ga), Some(gb)) => k.pairs.get(ga, gb),
                _ => 0,
            },
        };
        f32::from(units) / self.units_per_em
    }

    pub(super) fn shaper(&self) -> &rustybuzz::Face<'static> {
        self.shaper
            .get_or_init(|| rustybuzz::Face::from_face(self.face.clone()))
    }

    pub(super) fn has(&self, ch: char) -> bool {
        drawn(&self.face, ch)
    }

    pub(super) fn advance(&self, ch: char) -> f32 {
        self.face
            .glyph_index(ch)
            .and_then(|g| self.face.glyph_hor_advance(g))
            .map_or(0.0, |a| f32::from(a) / self.units_per_em)
    }
}

/// Whether `face` has a glyph of its own for `ch`: glyph 0 is `.notdef`,
/// the box a font draws for what it lacks, so a character mapped to it is
/// one the font doesn't cover, whatever its table says.
pub(super) fn drawn(face: &Face, ch: char) -> bool {
    face.glyph_index(ch).is_some_and(|g| g.0 != 0)
}
