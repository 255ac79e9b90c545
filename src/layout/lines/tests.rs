use super::*;
use crate::layout::metrics::fake::Mono;
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

/// Mono, with each character drawn by a glyph numbered as its code
/// point: which glyph a run draws tells which character it shows.
struct Coded;

impl crate::text::Coverage for Coded {
    fn covers(&self, style: Style, ch: char) -> bool {
        Mono.covers(style, ch)
    }
}

impl Metrics for Coded {
    fn face_for(&self, style: Style, ch: char) -> Option<FaceId> {
        Mono.face_for(style, ch)
    }
    fn advance(&self, face: FaceId, ch: char) -> f32 {
        Mono.advance(face, ch)
    }
    fn glyph(&self, _face: FaceId, ch: char) -> u16 {
        u16::try_from(u32::from(ch)).unwrap_or(0)
    }
}

/// What a line shows from left to right: each run's characters as its
/// glyphs draw them, runs in the order of their places.
fn shown(line: &Line) -> String {
    let mut runs: Vec<&Run> = line.runs.iter().collect();
    runs.sort_by(|a, b| a.x.total_cmp(&b.x));
    runs.iter()
        .map(|r| match &r.placement {
            Placement::Shaped(glyphs) => glyphs
                .iter()
                .map(|g| char::from_u32(u32::from(g.id)).unwrap_or('?'))
                .collect(),
            _ => r.text.clone(),
        })
        .collect()
}

#[test]
fn a_phone_number_after_arabic_reads_left_to_right_whole() {
    // Regression: after Arabic letters the digits are Arabic numbers
    // (UAX #9, W2), the hyphens between them stayed neutral, and the
    // groups came out right to left: 7233-799-800-1.
    for text in [
        "اتصل على الرقم **1-800-799-7233** الآن",
        "اتصل على الرقم 1-800-799-7233. وقل",
        "Call الرقم 1-800-799-7233 now",
    ] {
        let ls = break_lines(&parse_inline(text), 10.0, 10_000.0, &Coded).unwrap();
        let line = shown(&ls[0]);
        assert!(line.contains("1-800-799-7233"), "{text}: shown as {line}");
        // And in reading order too, for copying and screen readers.
        assert!(ls[0].text().contains("1-800-799-7233"), "{text}");
    }
    // A date and a time the same way.
    let ls = break_lines(
        &parse_inline("الموعد 12/8/2026 في 10:30"),
        10.0,
        10_000.0,
        &Coded,
    )
    .unwrap();
    let line = shown(&ls[0]);
    assert!(
        line.contains("12/8/2026") && line.contains("10:30"),
        "{line}"
    );
}

#[test]
fn brackets_in_right_to_left_text_are_mirrored() {
    // Regression: `محمد (علي)` printed as `)علي( محمد`: the brackets
    // took the right places but kept their left-to-right shapes.
    let ls = break_lines(&parse_inline("الاسم محمد (علي) هنا"), 10.0, 10_000.0, &Coded).unwrap();
    let line = shown(&ls[0]);
    // Drawn left to right: the closing bracket (drawn as `(`) first.
    let open = line.find('(').expect("a bracket");
    let close = line.find(')').expect("a bracket");
    assert!(open < close, "shown as {line}");
    // The text stays as written.
    assert!(ls[0].text().contains("(علي)"));
    // Left-to-right text keeps its brackets as they are.
    let ls = break_lines(&parse_inline("a (b) c"), 10.0, 10_000.0, &Coded).unwrap();
    assert_eq!(shown(&ls[0]), "a (b) c");
}

#[test]
fn missing_glyph_is_an_error_naming_it() {
    let err = break_lines(&parse_inline("a\u{E000}b"), 10.0, 50.0, &Mono).unwrap_err();
    assert!(matches!(
        err,
        LayoutError::MissingGlyph { ch: '\u{E000}', .. }
    ));
}
