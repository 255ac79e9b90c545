//! Text shaped with rustybuzz: a plan kept per face, script and direction,
//! and the words shaped on this thread kept for the next time.

use std::collections::HashMap;
use std::sync::Arc;

use super::FontBook;
use super::faces::Loaded;
use crate::layout::metrics::{FaceId, Glyph, Shaped};

/// A shaping plan's face, script and direction (true: right to left).
pub(super) type PlanKey = (FaceId, Option<ttf_parser::Tag>, bool);

/// Words shaped on this thread, by face: a lesson repeats its words, and
/// a batch prints the same lesson again and again.
///
/// Kept here, not on [`crate::cache::Cache`]: it is the font book's own
/// memo of what a face does to a word — the same answer for every caller,
/// document and client, never a client's name (those are shaped with
/// `keep` false, see [`crate::layout::metrics::Metrics::shape_unkept`]) —
/// and it sits under every word measured, where a lock shared by a
/// batch's threads would cost more than shaping saves. Bounded by
/// `WORDS_KEPT`.
pub(super) type WordCache = HashMap<(FaceId, Box<str>), Shaped>;
thread_local! {
    static WORDS: std::cell::RefCell<WordCache> = std::cell::RefCell::new(HashMap::new());
}
const WORDS_KEPT: usize = 8192;

/// Whether this thread's word cache holds `word` (alone or with the
/// punctuation shaped with it), in any face.
#[cfg(test)]
pub(crate) fn word_is_kept(word: &str) -> bool {
    WORDS.with(|w| w.borrow().keys().any(|(_, t)| t.contains(word)))
}

impl FontBook {
    /// [`Metrics::shape`], with the word kept for the next time (`keep`) or
    /// not (a client's name).
    pub(super) fn shape_with(&self, face: FaceId, text: &str, keep: bool) -> Option<Shaped> {
        let loaded = self.loaded(face)?;
        if loaded.kerning.is_some()
            && text
                .chars()
                .all(|c| u32::from(c) < 0x300 || !unicode_normalization::char::is_combining_mark(c))
        {
            return None;
        }
        if !keep {
            return Some(self.shape_now(face, loaded, text));
        }
        let cached = WORDS.with(|w| w.borrow().get(&(face, text.into())).cloned());
        if let Some(s) = cached {
            return Some(s);
        }
        let shaped = self.shape_now(face, loaded, text);
        WORDS.with(|w| {
            let mut w = w.borrow_mut();
            if w.len() >= WORDS_KEPT {
                w.clear();
            }
            w.insert((face, text.into()), shaped.clone());
        });
        Some(shaped)
    }

    /// `text` shaped in `face`, glyphs in visual order.
    pub(super) fn shape_now(&self, face: FaceId, loaded: &Loaded, text: &str) -> Shaped {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let direction = buffer.direction();
        let rtl = direction == rustybuzz::Direction::RightToLeft;
        let script = buffer.script();
        let key = (face, Some(script.tag()), rtl);
        let plan = {
            let mut plans = self.plans.lock().unwrap_or_else(|e| e.into_inner());
            plans
                .entry(key)
                .or_insert_with(|| {
                    Arc::new(rustybuzz::ShapePlan::new(
                        loaded.shaper(),
                        direction,
                        Some(script),
                        None,
                        &[],
                    ))
                })
                .clone()
        };
        let out = rustybuzz::shape_with_plan(loaded.shaper(), &plan, buffer);
        let em = loaded.units_per_em;
        let glyphs = out
            .glyph_infos()
            .iter()
            .zip(out.glyph_positions())
            .map(|(info, pos)| Glyph {
                id: info.glyph_id as u16,
                cluster: info.cluster,
                advance: pos.x_advance as f32 / em,
                dx: pos.x_offset as f32 / em,
                dy: pos.y_offset as f32 / em,
            })
            .collect();
        Shaped { glyphs }
    }
}
