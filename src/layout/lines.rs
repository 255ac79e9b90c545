//! Line breaking: rich text into lines no wider than a measure.
//!
//! Break opportunities follow the Unicode line-breaking algorithm (UAX #14),
//! lines are filled greedily (ragged-right text, as the design asks), and a
//! word or URL wider than the whole line is cut between characters rather
//! than run off the page. Each line comes back as runs of one face each, with
//! x offsets from the line's start, measured with the real font metrics.

use std::sync::Arc;

use super::{FaceId, LayoutError, Metrics, Placement};
use crate::cache::{Cache, Key};
use crate::text::{Rich, Style};

/// A run of text in one face, placed on its line.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub x: f32,
    pub width: f32,
    pub face: FaceId,
    pub style: Style,
    /// In logical (reading) order, whatever the direction it is drawn in.
    pub text: String,
    pub link: Option<String>,
    pub placement: Placement,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    pub runs: Vec<Run>,
    pub width: f32,
}

impl Line {
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

/// One character of the text being broken, with what it is drawn with.
struct Glyph {
    ch: char,
    span: usize,
    face: FaceId,
    /// Points, kerning after it included.
    width: f32,
    /// Kerning after it, in ems (text the shaper leaves alone).
    kern: f32,
    /// 1 + the index of the shaped stretch it belongs to; 0 for none.
    unit: u32,
    /// Right-to-left (Arabic, Hebrew): laid out by the bidi algorithm.
    rtl: bool,
}

/// A stretch of one word in one face, shaped as a whole.
struct Unit {
    shaped: super::Shaped,
    /// Index of its first character in the glyph list.
    first: usize,
    /// Byte offset of each of its characters in its own text.
    offsets: Vec<u32>,
}

/// Where a line may end (UAX #14, by ICU4X's segmenter), by byte offset,
/// and whether it must: after a line or paragraph separator, and at the
/// end of the text.
fn line_breaks(s: &str) -> impl Iterator<Item = (usize, bool)> + '_ {
    use icu_segmenter::LineSegmenter;
    use icu_segmenter::options::LineBreakOptions;
    let segmenter = LineSegmenter::new_for_non_complex_scripts(LineBreakOptions::default());
    segmenter.segment_str(s).filter(|&b| b > 0).map(move |b| {
        let before = s[..b].chars().next_back();
        let hard = matches!(
            before,
            Some('\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}')
        );
        (b, hard || b == s.len())
    })
}

/// Thai, Lao, Khmer and Myanmar: written without spaces between words,
/// so a line may break only between words a dictionary finds.
fn is_dictionary_script(c: char) -> bool {
    matches!(u32::from(c), 0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF)
}

/// `breaks` (glyph index, mandatory) with the word boundaries ICU4X's
/// segmenter finds inside Thai, Lao, Khmer and Myanmar text
/// added; the rest of the text breaks as UAX #14 says.
fn with_word_breaks(
    s: &str,
    starts: &[usize],
    mut breaks: Vec<(usize, bool)>,
) -> Vec<(usize, bool)> {
    use icu_segmenter::LineSegmenter;
    use icu_segmenter::options::LineBreakOptions;
    // The LSTM model: as good as the dictionary on common words, and
    // better with names it has never seen ("สมชาย").
    let segmenter = LineSegmenter::new_auto(LineBreakOptions::default());
    for byte in segmenter.segment_str(s) {
        let at = starts.partition_point(|&b| b < byte);
        let around = (s[..byte].chars().next_back(), s[byte..].chars().next());
        if let (Some(a), Some(b)) = around
            && is_dictionary_script(a)
            && is_dictionary_script(b)
        {
            breaks.push((at, false));
        }
    }
    // By place, a mandatory break first, so it is the one kept.
    breaks.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    breaks.dedup_by_key(|b| b.0);
    breaks
}

/// [`break_lines`], kept: the lesson's own text breaks the same way in
/// every copy of a batch, so the lines broken are kept in the metrics'
/// cache ([`Metrics::cache`]), by text, size, measure and metrics. Only
/// for the lesson's text: what a roster brings (a name) goes to
/// [`break_lines`], or through [`Unkept`], and is not kept.
///
/// The hottest of the caches (a copy looks up about 150 paragraphs and
/// labels), yet through [`Cache`]'s one lock: measured against the
/// thread-local map it replaced, a hit costs some 20-50 ns more (the lock
/// and the kind's lookup) beside the key's hash and the lines' copy both
/// pay, under 1% of a copy's layout and PDF. The lines are kept behind an
/// `Arc` and copied after the lock is let go, so a batch's workers,
/// sharing one cache, hold the lines' lock only to find them.
pub fn break_lines_kept(
    rich: &Rich,
    size: f32,
    measure: f32,
    m: &dyn Metrics,
) -> Result<Vec<Line>, LayoutError> {
    let (Some(fonts), Some(cache)) = (m.memo_key(), m.cache()) else {
        return break_lines(rich, size, measure, m);
    };
    let lines = cache.get_or_make(
        KeptLines {
            fonts,
            size: size.to_bits(),
            measure: measure.to_bits(),
            text: rich.clone(),
        },
        || break_lines(rich, size, measure, m).map(Arc::new),
    )?;
    // Copied outside the cache's lock.
    Ok(lines.as_ref().clone())
}

/// Lines broken from a lesson's text: the text (never a client's detail:
/// see [`break_lines_kept`]), its size and measure (as bits), and the
/// metrics' [`Metrics::memo_key`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct KeptLines {
    fonts: u64,
    size: u32,
    measure: u32,
    text: Rich,
}

impl Key for KeptLines {
    type Value = Arc<Vec<Line>>;
    /// A few lessons' worth of paragraphs.
    const KEEP: usize = 8192;
}

/// Metrics whose text is never kept, neither by [`break_lines_kept`] nor
/// by the shaper's word cache: for what a roster brings (a client's name),
/// which stays out of every cache.
pub struct Unkept<'a>(pub &'a dyn Metrics);

impl crate::text::Coverage for Unkept<'_> {
    fn covers(&self, style: Style, ch: char) -> bool {
        self.0.covers(style, ch)
    }
}

impl Metrics for Unkept<'_> {
    fn face_for(&self, style: Style, ch: char) -> Option<FaceId> {
        self.0.face_for(style, ch)
    }
    fn advance(&self, face: FaceId, ch: char) -> f32 {
        self.0.advance(face, ch)
    }
    fn face_for_word(&self, style: Style, word: &str) -> Option<FaceId> {
        self.0.face_for_word(style, word)
    }
    fn shape(&self, face: FaceId, text: &str) -> Option<super::Shaped> {
        self.0.shape_unkept(face, text)
    }
    fn shape_unkept(&self, face: FaceId, text: &str) -> Option<super::Shaped> {
        self.0.shape_unkept(face, text)
    }
    fn kern(&self, face: FaceId, a: char, b: char) -> f32 {
        self.0.kern(face, a, b)
    }
    fn glyph(&self, face: FaceId, ch: char) -> u16 {
        self.0.glyph(face, ch)
    }
    fn has(&self, face: FaceId, ch: char) -> bool {
        self.0.has(face, ch)
    }
    fn right_to_left(&self) -> bool {
        self.0.right_to_left()
    }
    fn memo_key(&self) -> Option<u64> {
        None
    }
    fn cache(&self) -> Option<&Cache> {
        None
    }
}

/// The smallest kerning applied, in points.
const MIN_KERN: f32 = 0.1;

/// Break `rich` at `size` points into lines at most `measure` wide.
pub fn break_lines(
    rich: &Rich,
    size: f32,
    measure: f32,
    m: &dyn Metrics,
) -> Result<Vec<Line>, LayoutError> {
    // Flatten to one string (for UAX #14) and a glyph per character, each
    // word in one face where one face has all its letters.
    let mut s = String::new();
    let mut glyphs = Vec::new();
    let mut units = Vec::new();
    for (i, span) in rich.0.iter().enumerate() {
        let span_start = glyphs.len();
        let mut word_face: Option<FaceId> = None;
        let mut in_word = false;
        for (at, ch) in span.text.char_indices() {
            if ch.is_whitespace() {
                in_word = false;
                word_face = None;
            } else if !in_word {
                in_word = true;
                let end = span.text[at..]
                    .find(char::is_whitespace)
                    .map_or(span.text.len(), |e| at + e);
                word_face = m.face_for_word(span.style, &span.text[at..end]);
            }
            let face = word_face
                .or_else(|| m.face_for(span.style, ch))
                .ok_or_else(|| LayoutError::MissingGlyph {
                    ch,
                    context: format!("\"{}\"", excerpt(&rich.to_plain())),
                })?;
            glyphs.push(Glyph {
                ch,
                span: i,
                face,
                width: 0.0,
                kern: 0.0,
                unit: 0,
                rtl: crate::text::is_rtl(ch),
            });
            s.push(ch);
        }
        measure_span(
            &span.text,
            &mut glyphs[span_start..],
            span_start,
            size,
            m,
            &mut units,
        );
    }
    if glyphs.is_empty() {
        return Ok(Vec::new());
    }

    // Break opportunities as glyph indices: a line may end before glyph `i`.
    let starts: Vec<usize> = s.char_indices().map(|(b, _)| b).collect();
    let mut breaks = Vec::new();
    for (byte, mandatory) in line_breaks(&s) {
        let at = starts.partition_point(|&b| b < byte);
        breaks.push((at, mandatory));
    }
    if s.chars().any(is_dictionary_script) {
        breaks = with_word_breaks(&s, &starts, breaks);
    }

    let ctx = Ctx {
        rich,
        glyphs: &glyphs,
        units: &units,
        size,
        m,
    };
    let mut lines = Vec::new();
    let mut line_start = 0;
    // The end of the last segment on the current line, and the line's width
    // up to there without its trailing spaces.
    let mut line_end = 0;
    let mut seg_start = 0;
    for (seg_end, mandatory) in breaks {
        if seg_end <= seg_start {
            continue;
        }
        let with_seg = trimmed_width(&glyphs[line_start..seg_end]);
        if with_seg <= measure || line_end == line_start {
            // Fits, or the line is empty and must take something.
            if with_seg > measure {
                // A single word wider than the line: cut it.
                line_start = cut_word(&ctx, line_start, seg_end, measure, &mut lines);
            }
            line_end = seg_end;
        } else {
            lines.push(make_line(&ctx, line_start, line_end));
            line_start = line_end;
            line_end = seg_end;
            // The segment alone may still be too wide.
            line_start = cut_word(&ctx, line_start, seg_end, measure, &mut lines);
        }
        if mandatory {
            lines.push(make_line(&ctx, line_start, seg_end));
            line_start = seg_end;
            line_end = seg_end;
        }
        seg_start = seg_end;
    }
    if line_start < glyphs.len() {
        lines.push(make_line(&ctx, line_start, glyphs.len()));
    }
    lines.retain(|l| !l.runs.is_empty());
    Ok(lines)
}

/// Cut `glyphs[from..to]`, a word wider than the line, into full lines,
/// pushing all but the last piece; returns where that piece starts. Each
/// piece is measured once, so a word of a million letters costs a million
/// steps, not a million squared.
fn cut_word(ctx: &Ctx, mut from: usize, to: usize, measure: f32, lines: &mut Vec<Line>) -> usize {
    let glyphs = ctx.glyphs;
    loop {
        let cut = from + fit(&glyphs[from..to], measure);
        // The rest fits, bar trailing spaces that hang past the margin.
        if cut == to || glyphs[cut..to].iter().all(|g| g.ch.is_whitespace()) {
            return from;
        }
        lines.push(make_line(ctx, from, cut));
        from = cut;
    }
}

/// Width without trailing spaces, which hang past the margin unseen.
fn trimmed_width(glyphs: &[Glyph]) -> f32 {
    let end = glyphs
        .iter()
        .rposition(|g| !g.ch.is_whitespace())
        .map_or(0, |i| i + 1);
    glyphs[..end].iter().map(|g| g.width).sum()
}

/// How many glyphs fit in `measure` (at least one, so breaking always
/// advances), never leaving a combining mark (a Thai vowel sign, an
/// accent) to start the next line without its letter.
fn fit(glyphs: &[Glyph], measure: f32) -> usize {
    let mut w = 0.0;
    for (i, g) in glyphs.iter().enumerate() {
        w += g.width;
        if w > measure {
            let mut cut = i.max(1);
            while cut > 1 && unicode_normalization::char::is_combining_mark(glyphs[cut].ch) {
                cut -= 1;
            }
            return cut;
        }
    }
    glyphs.len()
}

/// What breaking one text works from.
struct Ctx<'a> {
    rich: &'a Rich,
    glyphs: &'a [Glyph],
    units: &'a [Unit],
    size: f32,
    m: &'a dyn Metrics,
}

/// The line of `glyphs[from..to]`: runs of one face and look, in reading
/// order, each at its place (right-to-left runs placed by the bidi
/// algorithm).
fn make_line(ctx: &Ctx, from: usize, to: usize) -> Line {
    let glyphs = ctx.glyphs;
    let end = glyphs[from..to]
        .iter()
        .rposition(|g| !g.ch.is_whitespace())
        .map_or(from, |i| from + i + 1);
    let rtl_page = ctx.m.right_to_left();
    let levels = bidi_levels(&glyphs[from..end], rtl_page);
    let level = |i: usize| levels.as_ref().map_or(0, |l| l[i - from]);
    // Runs in logical order, each with its first character and level.
    let mut runs: Vec<(Run, usize, u8)> = Vec::new();
    for (i, g) in glyphs.iter().enumerate().take(end).skip(from) {
        match runs.last_mut() {
            Some((run, _, lv))
                if run.face == g.face && *lv == level(i) && rich_span_eq(ctx.rich, run, g.span) =>
            {
                run.text.push(g.ch);
                run.width += g.width;
            }
            _ => {
                let span = &ctx.rich.0[g.span];
                runs.push((
                    Run {
                        x: 0.0,
                        width: g.width,
                        face: g.face,
                        style: span.style,
                        text: g.ch.to_string(),
                        link: span.link.clone(),
                        placement: Placement::Natural,
                    },
                    i,
                    level(i),
                ));
            }
        }
    }
    for (run, first, lv) in &mut runs {
        run.placement = placement(ctx, *first, run, *lv % 2 == 1);
    }
    // Placed in visual order, kept in reading order: the structure, a
    // screen reader and copying follow the runs as listed.
    let reordered = levels.is_some();
    if reordered {
        reorder(&mut runs);
    }
    if rtl_page {
        // A right-to-left page is mirrored once laid out: place the runs
        // the other way round, so that they read in visual order after.
        runs.reverse();
    }
    let mut x = 0.0;
    for (run, ..) in &mut runs {
        run.x = x;
        x += run.width;
    }
    if reordered {
        runs.sort_by_key(|r| r.1);
    }
    Line {
        runs: runs.into_iter().map(|r| r.0).collect(),
        width: x,
    }
}

/// Each character's bidi embedding level, when the line has right-to-left
/// letters or is on a right-to-left page; `None` (all left to right)
/// otherwise.
fn bidi_levels(glyphs: &[Glyph], rtl_page: bool) -> Option<Vec<u8>> {
    if !rtl_page && !glyphs.iter().any(|g| g.rtl) {
        return None;
    }
    let text: String = glyphs.iter().map(|g| g.ch).collect();
    let base = if rtl_page {
        unicode_bidi::Level::rtl()
    } else {
        unicode_bidi::Level::ltr()
    };
    let info = unicode_bidi::BidiInfo::new(&text, Some(base));
    let mut levels: Vec<u8> = text
        .char_indices()
        .map(|(b, _)| info.levels[b].number())
        .collect();
    keep_numbers_whole(
        &glyphs.iter().map(|g| g.ch).collect::<Vec<_>>(),
        &mut levels,
    );
    Some(levels)
}

/// Separators that join digit groups into one number: `1-800-799-7233`,
/// `12/8/2026`, `10:30`, `3.5`, `(555)\u{a0}010-0199`.
fn joins_digits(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '/' | '.' | ',' | ':' | '\u{a0}'
    )
}

/// A number written with separators reads left to right as one, whatever
/// text is around it (a higher-level protocol UAX #9 allows, HL2/HL3).
///
/// By the letter of the algorithm, digits after Arabic letters are Arabic
/// numbers (rule W2), and a hyphen between two Arabic numbers stays
/// neutral (W4 joins only a comma or a colon there), so it takes the
/// paragraph's direction: the groups of `1-800-799-7233` come out right to
/// left, as `7233-799-800-1`, a number that reaches someone else. Browsers
/// do the same; handouts that give phone numbers must not. So every digit
/// group joined by a separator to the next takes the level of the number's
/// first digit, and the whole number is one left-to-right stretch.
fn keep_numbers_whole(chars: &[char], levels: &mut [u8]) {
    let digit =
        |c: char| c.is_numeric() && unicode_bidi::bidi_class(c) != unicode_bidi::BidiClass::L;
    let mut i = 0;
    while i < chars.len() {
        if !digit(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        loop {
            while end < chars.len() && digit(chars[end]) {
                end += 1;
            }
            // One separator, then more digits: the number goes on.
            if end + 1 < chars.len() && joins_digits(chars[end]) && digit(chars[end + 1]) {
                end += 1;
            } else {
                break;
            }
        }
        let level = levels[start];
        for l in &mut levels[start..end] {
            *l = level;
        }
        i = end;
    }
}

/// Put runs in visual order (rule L2 of the bidi algorithm): from the
/// highest level down to the lowest odd one, reverse every stretch of runs
/// at that level or higher.
fn reorder(runs: &mut [(Run, usize, u8)]) {
    let Some(highest) = runs.iter().map(|r| r.2).max() else {
        return;
    };
    let lowest_odd = runs
        .iter()
        .map(|r| r.2)
        .filter(|l| l % 2 == 1)
        .min()
        .unwrap_or(highest + 1);
    let mut level = highest;
    while level >= lowest_odd && level > 0 {
        let mut i = 0;
        while i < runs.len() {
            if runs[i].2 >= level {
                let start = i;
                while i < runs.len() && runs[i].2 >= level {
                    i += 1;
                }
                runs[start..i].reverse();
            } else {
                i += 1;
            }
        }
        level -= 1;
    }
}

/// How `run`'s characters (from glyph `first` on) are drawn: the shaper's
/// glyphs where it shaped them, each character's own glyph elsewhere; in
/// reverse for right-to-left text.
fn placement(ctx: &Ctx, first: usize, run: &Run, rtl: bool) -> Placement {
    let n = run.text.chars().count();
    let chars = &ctx.glyphs[first..first + n];
    if !rtl && chars.iter().all(|g| g.unit == 0) {
        let mut kerns = Vec::new();
        let mut at = 0u32;
        for (i, g) in chars.iter().enumerate() {
            at += g.ch.len_utf8() as u32;
            if g.kern != 0.0 && i + 1 < n {
                kerns.push((at, g.kern));
            }
        }
        return if kerns.is_empty() {
            Placement::Natural
        } else {
            Placement::Kerned(kerns)
        };
    }
    // Stretches in logical order: a shaped unit's part, or one character.
    let mut stretches: Vec<Vec<super::Glyph>> = Vec::new();
    let mut at = 0u32;
    let mut i = 0;
    while i < n {
        let g = &chars[i];
        if g.unit == 0 {
            // Rule L4: a bracket in right-to-left text is drawn as its
            // mirror image, `(` as `)`, so that `(علي)` opens on the right.
            let shown = if rtl {
                unicode_bidi_mirroring::get_mirrored(g.ch)
                    .filter(|&m| ctx.m.has(g.face, m))
                    .unwrap_or(g.ch)
            } else {
                g.ch
            };
            stretches.push(vec![super::Glyph {
                id: ctx.m.glyph(g.face, shown),
                cluster: at,
                advance: g.width / ctx.size,
                dx: 0.0,
                dy: 0.0,
            }]);
            at += g.ch.len_utf8() as u32;
            i += 1;
            continue;
        }
        let unit = &ctx.units[g.unit as usize - 1];
        let mut j = i;
        while j < n && chars[j].unit == g.unit {
            j += 1;
        }
        // This part of the unit, by its characters' offsets.
        let (lo, hi) = (first + i - unit.first, first + j - unit.first);
        let start = unit.offsets[lo];
        let stop = unit.offsets.get(hi).copied().unwrap_or(u32::MAX);
        stretches.push(
            unit.shaped
                .glyphs
                .iter()
                .filter(|sg| sg.cluster >= start && sg.cluster < stop)
                .map(|sg| super::Glyph {
                    cluster: at + (sg.cluster - start),
                    ..*sg
                })
                .collect(),
        );
        at += chars[i..j]
            .iter()
            .map(|g| g.ch.len_utf8() as u32)
            .sum::<u32>();
        i = j;
    }
    if rtl {
        stretches.reverse();
    }
    let glyphs: Vec<super::Glyph> = stretches.into_iter().flatten().collect();
    nominal_kerning(ctx, run, &glyphs).unwrap_or(Placement::Shaped(glyphs))
}

/// Shaped left-to-right text whose glyphs are just its characters' own,
/// one each, in order and unmoved (Cyrillic, Greek, Chinese, Vietnamese
/// with its accents composed) is drawn as text with kerning: the plain
/// path, lighter in the PDF.
fn nominal_kerning(ctx: &Ctx, run: &Run, glyphs: &[super::Glyph]) -> Option<Placement> {
    let mut kerns = Vec::new();
    let mut chars = run.text.char_indices();
    for (i, g) in glyphs.iter().enumerate() {
        let (at, ch) = chars.next()?;
        if g.cluster as usize != at || g.dx != 0.0 || g.dy != 0.0 {
            return None;
        }
        if g.id != ctx.m.glyph(run.face, ch) {
            return None;
        }
        let kern = g.advance - ctx.m.advance(run.face, ch);
        if kern.abs() > 1e-6 && i + 1 < glyphs.len() {
            kerns.push((at as u32 + ch.len_utf8() as u32, kern));
        }
    }
    if chars.next().is_some() {
        return None;
    }
    Some(if kerns.is_empty() {
        Placement::Natural
    } else {
        Placement::Kerned(kerns)
    })
}

/// Widths of one span's characters: each stretch of a word in one face
/// shaped when its face needs the shaper, else each character at its
/// advance with kerning to the next. `base` is the span's first glyph.
fn measure_span(
    text: &str,
    glyphs: &mut [Glyph],
    base: usize,
    size: f32,
    m: &dyn Metrics,
    units: &mut Vec<Unit>,
) {
    let mut k = 0;
    let mut byte = 0;
    while k < glyphs.len() {
        let face = glyphs[k].face;
        if glyphs[k].ch.is_whitespace() {
            glyphs[k].width = m.advance(face, glyphs[k].ch) * size;
            byte += glyphs[k].ch.len_utf8();
            k += 1;
            continue;
        }
        let mut end = k + 1;
        let mut end_byte = byte + glyphs[k].ch.len_utf8();
        while end < glyphs.len() && glyphs[end].face == face && !glyphs[end].ch.is_whitespace() {
            end_byte += glyphs[end].ch.len_utf8();
            end += 1;
        }
        match m.shape(face, &text[byte..end_byte]) {
            Some(shaped) => {
                let mut offsets = Vec::with_capacity(end - k);
                let mut o = 0u32;
                for g in &glyphs[k..end] {
                    offsets.push(o);
                    o += g.ch.len_utf8() as u32;
                }
                // A cluster's advance goes to its first character.
                for sg in &shaped.glyphs {
                    let at = offsets
                        .partition_point(|&o| o <= sg.cluster)
                        .saturating_sub(1);
                    glyphs[k + at].width += sg.advance * size;
                }
                let id = units.len() as u32 + 1;
                for g in &mut glyphs[k..end] {
                    g.unit = id;
                }
                units.push(Unit {
                    shaped,
                    first: base + k,
                    offsets,
                });
            }
            None => {
                for j in k..end {
                    let ch = glyphs[j].ch;
                    let mut w = m.advance(face, ch);
                    if j + 1 < end {
                        let kern = m.kern(face, ch, glyphs[j + 1].ch);
                        // Kerning under a tenth of a point (less than a
                        // 600 dpi printer's dot) is left out: no one could
                        // see it, and each one costs the PDF an entry.
                        if (kern * size).abs() >= MIN_KERN {
                            glyphs[j].kern = kern;
                            w += kern;
                        }
                    }
                    glyphs[j].width = w * size;
                }
            }
        }
        byte = end_byte;
        k = end;
    }
}

/// Whether glyph span `span` looks the same as `run` (style and link), so
/// the two can share a run.
fn rich_span_eq(rich: &Rich, run: &Run, span: usize) -> bool {
    let s = &rich.0[span];
    s.style == run.style && s.link == run.link
}

fn excerpt(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// Width of a single-line text, for labels. Kept as
/// [`break_lines_kept`] keeps lines: measure what a roster brings through
/// [`Unkept`].
pub fn measure(rich: &Rich, size: f32, m: &dyn Metrics) -> Result<f32, LayoutError> {
    Ok(break_lines_kept(rich, size, f32::INFINITY, m)?
        .iter()
        .map(|l| l.width)
        .fold(0.0, f32::max))
}

#[cfg(test)]
mod tests;
