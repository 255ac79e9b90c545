//! Line breaking: rich text into lines no wider than a measure.
//!
//! Break opportunities follow the Unicode line-breaking algorithm (UAX #14),
//! lines are filled greedily (ragged-right text, as the design asks), and a
//! word or URL wider than the whole line is cut between characters rather
//! than run off the page. Each line comes back as runs of one face each, with
//! x offsets from the line's start, measured with the real font metrics.

use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::{FaceId, LayoutError, Metrics};
use crate::text::{Rich, Style};

/// A run of text in one face, placed on its line.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub x: f32,
    pub width: f32,
    pub face: FaceId,
    pub style: Style,
    pub text: String,
    pub link: Option<String>,
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

struct Glyph {
    ch: char,
    span: usize,
    face: FaceId,
    width: f32,
}

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
    for (i, span) in rich.0.iter().enumerate() {
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
                width: m.advance(face, ch) * size,
            });
            s.push(ch);
        }
    }
    if glyphs.is_empty() {
        return Ok(Vec::new());
    }

    // Break opportunities as glyph indices: a line may end before glyph `i`.
    let starts: Vec<usize> = s.char_indices().map(|(b, _)| b).collect();
    let mut breaks = Vec::new();
    for (byte, kind) in linebreaks(&s) {
        let at = starts.partition_point(|&b| b < byte);
        breaks.push((at, kind == BreakOpportunity::Mandatory));
    }

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
                line_start = cut_word(rich, &glyphs, line_start, seg_end, measure, &mut lines);
            }
            line_end = seg_end;
        } else {
            lines.push(make_line(rich, &glyphs[line_start..line_end]));
            line_start = line_end;
            line_end = seg_end;
            // The segment alone may still be too wide.
            line_start = cut_word(rich, &glyphs, line_start, seg_end, measure, &mut lines);
        }
        if mandatory {
            lines.push(make_line(rich, &glyphs[line_start..seg_end]));
            line_start = seg_end;
            line_end = seg_end;
        }
        seg_start = seg_end;
    }
    if line_start < glyphs.len() {
        lines.push(make_line(rich, &glyphs[line_start..]));
    }
    lines.retain(|l| !l.runs.is_empty());
    Ok(lines)
}

/// Cut `glyphs[from..to]`, a word wider than the line, into full lines,
/// pushing all but the last piece; returns where that piece starts. Each
/// piece is measured once, so a word of a million letters costs a million
/// steps, not a million squared.
fn cut_word(
    rich: &Rich,
    glyphs: &[Glyph],
    mut from: usize,
    to: usize,
    measure: f32,
    lines: &mut Vec<Line>,
) -> usize {
    loop {
        let cut = from + fit(&glyphs[from..to], measure);
        // The rest fits, bar trailing spaces that hang past the margin.
        if cut == to || glyphs[cut..to].iter().all(|g| g.ch.is_whitespace()) {
            return from;
        }
        lines.push(make_line(rich, &glyphs[from..cut]));
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
/// advances).
fn fit(glyphs: &[Glyph], measure: f32) -> usize {
    let mut w = 0.0;
    for (i, g) in glyphs.iter().enumerate() {
        w += g.width;
        if w > measure {
            return i.max(1);
        }
    }
    glyphs.len()
}

fn make_line(rich: &Rich, glyphs: &[Glyph]) -> Line {
    let end = glyphs
        .iter()
        .rposition(|g| !g.ch.is_whitespace())
        .map_or(0, |i| i + 1);
    let mut line = Line::default();
    let mut x = 0.0;
    for g in &glyphs[..end] {
        match line.runs.last_mut() {
            Some(run) if run.face == g.face && rich_span_eq(rich, run, g.span) => {
                run.text.push(g.ch);
                run.width += g.width;
            }
            _ => {
                let span = &rich.0[g.span];
                line.runs.push(Run {
                    x,
                    width: g.width,
                    face: g.face,
                    style: span.style,
                    text: g.ch.to_string(),
                    link: span.link.clone(),
                });
            }
        }
        x += g.width;
    }
    line.width = x;
    line
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

/// Width of a single-line text, for labels.
pub fn measure(rich: &Rich, size: f32, m: &dyn Metrics) -> Result<f32, LayoutError> {
    Ok(break_lines(rich, size, f32::INFINITY, m)?
        .iter()
        .map(|l| l.width)
        .fold(0.0, f32::max))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::fake::Mono;
    use crate::text::parse_inline;

    // With Mono at 10 pt every character is 5 pt wide, so a measure of 50
    // holds ten characters.
    fn lines(text: &str, measure: f32) -> Vec<String> {
        break_lines(&parse_inline(text), 10.0, measure, &Mono)
            .unwrap()
            .iter()
            .map(Line::text)
            .collect()
    }

    #[test]
    fn fills_lines_greedily_at_spaces() {
        assert_eq!(lines("aaa bbb ccc ddd", 50.0), ["aaa bbb", "ccc ddd"]);
        assert_eq!(lines("aaaa bbbbb", 50.0), ["aaaa bbbbb"]);
        assert_eq!(lines("aaaa bbbbbb", 50.0), ["aaaa", "bbbbbb"]);
    }

    #[test]
    fn trailing_space_does_not_count_against_the_measure() {
        // "abcdefghij " is eleven wide with its space, ten without.
        assert_eq!(lines("abcdefghij klm", 50.0), ["abcdefghij", "klm"]);
    }

    #[test]
    fn overlong_word_is_cut_instead_of_overflowing() {
        let l = lines("go aaaaaaaaaaaaaaaaaaaaaaaaa end", 50.0);
        assert_eq!(l, ["go", "aaaaaaaaaa", "aaaaaaaaaa", "aaaaa end"]);
        for line in break_lines(&parse_inline(&"x".repeat(2000)), 10.0, 50.0, &Mono).unwrap() {
            assert!(line.width <= 50.0, "{}", line.width);
        }
    }

    #[test]
    fn urls_break_after_slashes() {
        let l = lines("see https://example.org/a/long/path/here", 100.0);
        assert!(l.iter().all(|s| s.chars().count() <= 20), "{l:?}");
        assert_eq!(
            l.concat().replace(' ', ""),
            "seehttps://example.org/a/long/path/here"
        );
    }

    #[test]
    fn runs_split_by_style_and_positions_accumulate() {
        let ls = break_lines(&parse_inline("ab **cd** ef"), 10.0, 500.0, &Mono).unwrap();
        assert_eq!(ls.len(), 1);
        let runs: Vec<(&str, f32)> = ls[0].runs.iter().map(|r| (r.text.as_str(), r.x)).collect();
        // Bold is 6 pt a character in Mono.
        assert_eq!(runs, [("ab ", 0.0), ("cd", 15.0), (" ef", 27.0)]);
        assert_eq!(ls[0].width, 42.0);
    }

    #[test]
    fn every_word_is_kept_in_order() {
        let text = "Kindness is not an excuse. It is a way to face what happened without hiding.";
        for measure in [50.0, 80.0, 200.0] {
            let l = lines(text, measure);
            assert_eq!(l.join(" "), text, "measure {measure}");
        }
    }

    #[test]
    fn missing_glyph_is_an_error_naming_it() {
        let err = break_lines(&parse_inline("a\u{E000}b"), 10.0, 50.0, &Mono).unwrap_err();
        assert!(matches!(
            err,
            LayoutError::MissingGlyph { ch: '\u{E000}', .. }
        ));
    }
}
