//! How hard a lesson is to read: a reading grade from the text a client
//! reads (paragraphs, list items, meanings, steps, scenarios, prompts,
//! notes), and its longest sentences.
//!
//! English uses the Flesch–Kincaid grade:
//! `0.39 × words/sentences + 11.8 × syllables/words − 15.59`.
//! Spanish uses the Fernández-Huerta reading ease (Flesch's ease refitted
//! for Spanish): `206.84 − 0.60 × P − 1.02 × F`, with P syllables and F
//! sentences per 100 words. Ease is not a grade; we turn it into one with
//! Flesch's own table (90–100 is grade 5, 80–90 grade 6, 70–80 grade 7,
//! 60–70 grades 8–9, 50–60 grades 10–12, 30–50 college, under 30
//! graduate), interpolating within each band.
//!
//! Headings, labels and tracker columns are left out: they are fragments,
//! and counting them as sentences would make any text look easy. A list
//! item or prompt without a full stop still counts as one sentence.

use crate::labels::Language;
use crate::lesson::{Lesson, Section, TextKind};

/// Sentences longer than this are worth rewriting.
pub const LONG_SENTENCE: usize = 25;

/// The longest sentence, in words, that reads easily in `language`.
/// Vietnamese writes each syllable as its own word, so the same sentence
/// has about half again as many; Chinese writes no spaces at all, so its
/// sentences count as a few long words and are never flagged.
pub fn long_sentence(language: Language) -> usize {
    match language {
        Language::Vi => LONG_SENTENCE * 8 / 5,
        _ => LONG_SENTENCE,
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub language: Language,
    /// "Flesch–Kincaid grade" or "Fernández-Huerta ease".
    pub formula: &'static str,
    /// The formula's own result: a grade, or an ease from 0 to 100+.
    pub score: f64,
    /// A US school grade (the same as `score` for Flesch–Kincaid).
    pub grade: f64,
    pub words: usize,
    pub sentences: usize,
    pub syllables: usize,
    /// The longest sentences, longest first, with their word counts.
    pub longest: Vec<(usize, String)>,
}

/// Read a lesson's client-facing text and measure it.
pub fn analyze(lesson: &Lesson) -> Report {
    let sentences = lesson_sentences(lesson);
    measure(&sentences, lesson.language)
}

/// Measure a list of sentences in a language.
pub fn measure(sentences: &[String], language: Language) -> Report {
    let mut words = 0;
    let mut syllables = 0;
    let mut lengths = Vec::new();
    for s in sentences {
        let ws = words_of(s);
        words += ws.len();
        syllables += ws
            .iter()
            .map(|w| match language {
                Language::En => syllables_en(w),
                Language::Es => syllables_es(w),
                _ => 0,
            })
            .sum::<usize>();
        lengths.push((ws.len(), s.clone()));
    }
    let n = sentences.len().max(1) as f64;
    let w = words.max(1) as f64;
    let sy = syllables as f64;
    let (formula, score, grade) = match language {
        Language::En => {
            let g = 0.39 * (w / n) + 11.8 * (sy / w) - 15.59;
            ("Flesch–Kincaid grade", g, g)
        }
        Language::Es => {
            let ease = 206.84 - 0.60 * (sy / w * 100.0) - 1.02 * (n / w * 100.0);
            ("Fernández-Huerta ease", ease, ease_to_grade(ease))
        }
        // No formula this program trusts for Vietnamese, Chinese, Korean,
        // Tagalog or Russian: no grade, rather than a wrong one.
        _ => ("", f64::NAN, f64::NAN),
    };
    lengths.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    lengths.truncate(3);
    Report {
        language,
        formula,
        score,
        grade,
        words,
        sentences: sentences.len(),
        syllables,
        longest: lengths,
    }
}

/// Flesch's reading-ease bands as grades, interpolated within each band.
pub fn ease_to_grade(ease: f64) -> f64 {
    // (ease, grade) points: 100 → 4, 90 → 5, 80 → 6, 70 → 7, 60 → 9,
    // 50 → 12, 30 → 16, 0 → 18.
    const POINTS: [(f64, f64); 8] = [
        (100.0, 4.0),
        (90.0, 5.0),
        (80.0, 6.0),
        (70.0, 7.0),
        (60.0, 9.0),
        (50.0, 12.0),
        (30.0, 16.0),
        (0.0, 18.0),
    ];
    if ease >= POINTS[0].0 {
        return POINTS[0].1;
    }
    for pair in POINTS.windows(2) {
        let ((e1, g1), (e2, g2)) = (pair[0], pair[1]);
        if ease >= e2 {
            return g1 + (e1 - ease) / (e1 - e2) * (g2 - g1);
        }
    }
    POINTS[POINTS.len() - 1].1
}

/// The sentences a client reads in a lesson, as its author wrote them: the
/// built-in safety notice, the same in every lesson and not the author's to
/// change, is left out.
pub fn lesson_sentences(lesson: &Lesson) -> Vec<String> {
    let mut units: Vec<String> = Vec::new();
    let labels = lesson.language.labels();
    for section in &lesson.sections {
        if matches!(section, Section::Safety { .. }) && lesson.origin.builtin_safety {
            continue;
        }
        section.visit(labels, &mut |part, rich| {
            if part == TextKind::Prose {
                units.push(rich.to_plain());
            }
        });
    }
    units.iter().flat_map(|u| split_sentences(u)).collect()
}

/// Split text at `.`, `!`, `?` (and `…`) followed by a space or the end.
/// Decimal points and abbreviations like "Dr." would split wrongly; lesson
/// text rarely has them, and the error only shortens a sentence.
pub fn split_sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        current.push(c);
        let end = matches!(c, '.' | '!' | '?' | '…')
            && chars
                .get(i + 1)
                .is_none_or(|n| n.is_whitespace() || matches!(n, '"' | '”' | '’' | ')'));
        if end {
            push_sentence(&mut out, &mut current);
        }
    }
    push_sentence(&mut out, &mut current);
    out
}

fn push_sentence(out: &mut Vec<String>, current: &mut String) {
    let s = current
        .trim()
        .trim_start_matches(['"', '”', '’', ')'])
        .trim();
    if !words_of(s).is_empty() {
        out.push(s.to_string());
    }
    current.clear();
}

/// Words: runs of letters (and digits), with inner apostrophes and hyphens
/// kept ("don't", "self-compassion").
pub fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == '—' || c == '–' || c == '/')
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .replace('’', "'")
        })
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect()
}

/// English syllables by the usual rules: count groups of vowels (with `y`
/// after the first letter), drop a silent final `e` (but not `-le` after a
/// consonant), drop a silent `-ed`/`-es` ending, at least one a word.
/// Hyphenated words count each part. Numbers count one a digit group.
pub fn syllables_en(word: &str) -> usize {
    if word.contains('-') {
        return word
            .split('-')
            .filter(|p| !p.is_empty())
            .map(syllables_en)
            .sum::<usize>()
            .max(1);
    }
    let w: Vec<char> = word
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect();
    if w.is_empty() {
        return 1;
    }
    let vowel = |i: usize| matches!(w[i], 'a' | 'e' | 'i' | 'o' | 'u') || (w[i] == 'y' && i > 0);
    let mut count = 0;
    let mut prev = false;
    for i in 0..w.len() {
        let v = vowel(i);
        if v && !prev {
            count += 1;
        }
        prev = v;
    }
    let n = w.len();
    let consonant = |i: usize| !vowel(i);
    if n > 2 && w[n - 1] == 'e' && count > 1 {
        let le = w[n - 2] == 'l' && consonant(n - 3);
        if !le {
            count -= 1;
        }
    }
    // A silent e before a suffix: "hopeless", "lonely", "careful".
    for suffix in ["less", "ness", "ful", "ment", "ly", "some"] {
        let k = suffix.len();
        if n > k + 2 && w[n - k..].iter().copied().eq(suffix.chars()) {
            let e = n - k - 1;
            if w[e] == 'e' && consonant(e - 1) && w[e - 1] != 'l' && count > 1 {
                count -= 1;
            }
            break;
        }
    }
    // "walked", "hopes": the last vowel group is silent, except after t/d
    // ("wanted") or s/x/z/ch/sh ("closes").
    if n > 3
        && (w[n - 2] == 'e')
        && (w[n - 1] == 'd' || w[n - 1] == 's')
        && count > 1
        && consonant(n - 3)
    {
        let before = w[n - 3];
        let voiced = match w[n - 1] {
            'd' => matches!(before, 't' | 'd'),
            _ => {
                matches!(before, 's' | 'x' | 'z')
                    || (before == 'h' && matches!(w[n - 4], 'c' | 's'))
            }
        };
        if !voiced {
            count -= 1;
        }
    }
    count.max(1)
}

/// Spanish syllables: one a vowel nucleus. Neighbouring vowels share a
/// syllable (a diphthong) unless both are strong (`a`, `e`, `o`, with or
/// without an accent) or one is an accented weak vowel (`í`, `ú`): those
/// are a hiatus. `y` is a vowel only at the end of a word or alone.
pub fn syllables_es(word: &str) -> usize {
    let w: Vec<char> = word
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect();
    if w.is_empty() {
        return 1;
    }
    let strong = |c: char| matches!(c, 'a' | 'e' | 'o' | 'á' | 'é' | 'ó');
    let accented_weak = |c: char| matches!(c, 'í' | 'ú');
    let vowel = |i: usize| {
        let c = w[i];
        strong(c)
            || accented_weak(c)
            || matches!(c, 'i' | 'u' | 'ü')
            || (c == 'y' && i + 1 == w.len())
    };
    let mut count = 0;
    let mut prev: Option<char> = None;
    for (i, &c) in w.iter().enumerate() {
        if !vowel(i) {
            prev = None;
            continue;
        }
        let joins = match prev {
            None => false,
            Some(p) => !((strong(p) && strong(c)) || accented_weak(p) || accented_weak(c)),
        };
        if !joins {
            count += 1;
        }
        prev = Some(c);
    }
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_syllables() {
        let cases = [
            ("cat", 1),
            ("the", 1),
            ("make", 1),
            ("table", 2),
            ("people", 2),
            ("hopeless", 2),
            ("walked", 1),
            ("wanted", 2),
            ("hopes", 1),
            ("closes", 2),
            ("recovery", 4),
            ("compassion", 3),
            ("kindness", 2),
            ("lonely", 2),
            ("careful", 2),
            ("statement", 2),
            ("yes", 1),
            ("happy", 2),
            ("self-compassion", 4),
            ("don't", 1),
            ("988", 1),
        ];
        for (w, n) in cases {
            assert_eq!(syllables_en(w), n, "{w}");
        }
    }

    #[test]
    fn spanish_syllables() {
        let cases = [
            ("el", 1),
            ("gato", 2),
            ("casa", 2),
            ("grande", 2),
            ("que", 1),    // qu-e: the u is silent, one nucleus
            ("guerra", 2), // gue-rra
            ("bueno", 2),  // bue-no: ue is a diphthong
            ("ciudad", 2), // ciu-dad
            ("poeta", 3),  // po-e-ta: two strong vowels, hiatus
            ("día", 2),    // dí-a: accented weak vowel, hiatus
            ("río", 2),
            ("hoy", 1), // final y joins the o
            ("y", 1),   // the word "y"
            ("muy", 1),
            ("compasión", 3),    // com-pa-sión
            ("recuperación", 5), // re-cu-pe-ra-ción
            ("oprima", 3),
        ];
        for (w, n) in cases {
            assert_eq!(syllables_es(w), n, "{w}");
        }
    }

    #[test]
    fn flesch_kincaid_worked_example() {
        // "The cat sat on the mat. It was happy."
        // 9 words, 2 sentences, 10 syllables (happy has two):
        // 0.39 × 9/2 + 11.8 × 10/9 − 15.59 = 1.755 + 13.1111 − 15.59 = −0.7239
        let r = measure(
            &split_sentences("The cat sat on the mat. It was happy."),
            Language::En,
        );
        assert_eq!((r.words, r.sentences, r.syllables), (9, 2, 10));
        assert!((r.grade - (-0.7239)).abs() < 0.001, "{}", r.grade);

        // A harder one: "Compassion supports lasting recovery." 4 words, 1
        // sentence, 3 + 2 + 2 + 4 = 11 syllables:
        // 0.39 × 4 + 11.8 × 11/4 − 15.59 = 1.56 + 32.45 − 15.59 = 18.42
        let r = measure(
            &split_sentences("Compassion supports lasting recovery."),
            Language::En,
        );
        assert_eq!(r.syllables, 11);
        assert!((r.grade - 18.42).abs() < 0.001, "{}", r.grade);
    }

    #[test]
    fn fernandez_huerta_worked_example() {
        // "El gato come. La casa es grande." 7 words, 2 sentences,
        // 1+2+2 + 1+2+1+2 = 11 syllables. P = 11/7 × 100 = 157.142857,
        // F = 2/7 × 100 = 28.571429.
        // 206.84 − 0.60 × 157.142857 − 1.02 × 28.571429 = 206.84 − 94.285714 − 29.142857 = 83.411429
        let r = measure(
            &split_sentences("El gato come. La casa es grande."),
            Language::Es,
        );
        assert_eq!((r.words, r.sentences, r.syllables), (7, 2, 11));
        assert!((r.score - 83.411429).abs() < 0.0001, "{}", r.score);
        assert_eq!(r.formula, "Fernández-Huerta ease");
        // Ease 83.4 is in the 80–90 band (grade 6): 5 + (90 − 83.41)/10 = 5.66.
        assert!((r.grade - 5.6589).abs() < 0.001, "{}", r.grade);
    }

    #[test]
    fn ease_bands() {
        assert_eq!(ease_to_grade(95.0), 4.5);
        assert_eq!(ease_to_grade(70.0), 7.0);
        assert_eq!(ease_to_grade(65.0), 8.0);
        assert_eq!(ease_to_grade(120.0), 4.0);
        assert_eq!(ease_to_grade(-10.0), 18.0);
    }

    #[test]
    fn sentences_and_words() {
        assert_eq!(
            split_sentences("Stop. Breathe! Is it true? Yes… mostly"),
            ["Stop.", "Breathe!", "Is it true?", "Yes…", "mostly"]
        );
        assert_eq!(
            split_sentences("It costs 3.50 today."),
            ["It costs 3.50 today."]
        );
        assert_eq!(
            words_of("Self-compassion — don’t “hide”, call 988."),
            ["Self-compassion", "don't", "hide", "call", "988"]
        );
    }

    #[test]
    fn longest_sentences_come_first() {
        let r = measure(
            &[
                "One two three.".to_string(),
                "One two three four five.".to_string(),
                "One.".to_string(),
            ],
            Language::En,
        );
        assert_eq!(r.longest[0], (5, "One two three four five.".to_string()));
        assert_eq!(r.longest.len(), 3);
    }
}
