//! Pair kerning read straight from a face's GPOS `kern` lookups, for a face
//! whose text without marks the shaper would only kern: no substitution
//! that changes such text (ligatures, contextual forms) and no positioning
//! but pair adjustments. True of Atkinson Hyperlegible Next, which has no
//! `liga`, `clig`, `calt`, `dlig` or `rlig` and only pair lookups under
//! `kern` (a test in `fonts.rs` checks the result against the shaper's on
//! every word of the built-in lessons).
//!
//! Shared with `build.rs`, which tables the pairs of the common characters
//! of the bundled faces ahead of time; so this file uses only ttf-parser.

use ttf_parser::gpos::{PairAdjustment, PositioningSubtable};
use ttf_parser::{Face, GlyphId, Tag};

/// Punctuation that English and Spanish text uses beside Latin-1.
pub const PUNCTUATION: [char; 8] = ['‘', '’', '“', '”', '–', '—', '…', '•'];
/// How many common characters there are: Latin-1, then [`PUNCTUATION`].
pub const COMMON: usize = 256 + PUNCTUATION.len();

/// A character's place among the common ones.
pub fn common(c: char) -> Option<usize> {
    match u8::try_from(u32::from(c)) {
        Ok(b) => Some(usize::from(b)),
        Err(_) => PUNCTUATION.iter().position(|&p| p == c).map(|i| 256 + i),
    }
}

/// The common character at place `i`.
pub fn common_char(i: usize) -> char {
    if i < 256 {
        char::from(i as u8)
    } else {
        PUNCTUATION[i - 256]
    }
}

/// A face's `kern` lookups, each its pair subtables, parsed once.
pub struct PairKerning<'a> {
    lookups: Vec<Vec<PairAdjustment<'a>>>,
}

impl<'a> PairKerning<'a> {
    /// The face's pair kerning, when pair kerning is all the shaper does
    /// to its text without marks.
    pub fn of(face: &Face<'a>) -> Option<PairKerning<'a>> {
        let substitutes = face.tables().gsub.is_some_and(|gsub| {
            gsub.features.into_iter().any(|f| {
                [b"liga", b"clig", b"calt", b"rlig", b"dlig"]
                    .iter()
                    .any(|t| f.tag == Tag::from_bytes(t))
            })
        });
        if substitutes {
            return None;
        }
        let gpos = face.tables().gpos?;
        let script = gpos
            .scripts
            .find(Tag::from_bytes(b"latn"))
            .or_else(|| gpos.scripts.find(Tag::from_bytes(b"DFLT")))?;
        let lang = script.default_language?;
        let mut indices = Vec::new();
        for index in lang.feature_indices {
            let feature = gpos.features.get(index)?;
            if feature.tag == Tag::from_bytes(b"kern") {
                indices.extend(feature.lookup_indices);
            }
        }
        // Lookups apply in the order of the lookup list.
        indices.sort_unstable();
        indices.dedup();
        let mut lookups = Vec::new();
        for i in indices {
            let mut pairs = Vec::new();
            for sub in gpos
                .lookups
                .get(i)?
                .subtables
                .into_iter::<PositioningSubtable>()
            {
                match sub {
                    PositioningSubtable::Pair(p) => pairs.push(p),
                    _ => return None,
                }
            }
            lookups.push(pairs);
        }
        Some(PairKerning { lookups })
    }

    /// The adjustment between glyphs `a` and `b`, in font units: in each
    /// lookup, the first subtable that has the pair applies.
    pub fn get(&self, a: GlyphId, b: GlyphId) -> i16 {
        let mut total: i16 = 0;
        for subtables in &self.lookups {
            for pair in subtables {
                let hit = match *pair {
                    PairAdjustment::Format1 { coverage, sets } => coverage
                        .get(a)
                        .and_then(|i| sets.get(i))
                        .and_then(|set| set.get(b))
                        .map(|(v, _)| v.x_advance),
                    PairAdjustment::Format2 {
                        coverage,
                        classes,
                        matrix,
                    } => coverage.get(a).and_then(|_| {
                        matrix
                            .get((classes.0.get(a), classes.1.get(b)))
                            .map(|(v, _)| v.x_advance)
                    }),
                };
                if let Some(x) = hit {
                    total = total.saturating_add(x);
                    break;
                }
            }
        }
        total
    }

    /// Every pair of common characters the face kerns, as
    /// `(a * COMMON + b, units)`, sorted.
    pub fn common_pairs(&self, face: &Face) -> Vec<(u32, i16)> {
        let gids: Vec<Option<GlyphId>> = (0..COMMON)
            .map(|i| face.glyph_index(common_char(i)))
            .collect();
        let mut out = Vec::new();
        for (x, ga) in gids.iter().enumerate() {
            let Some(ga) = *ga else { continue };
            for (y, gb) in gids.iter().enumerate() {
                let Some(gb) = *gb else { continue };
                let k = self.get(ga, gb);
                if k != 0 {
                    out.push(((x * COMMON + y) as u32, k));
                }
            }
        }
        out
    }
}
