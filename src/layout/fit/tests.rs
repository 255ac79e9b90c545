//! The fitting pass on lessons made to end on a short page.

use crate::cache::Cache;
use crate::diag::Source;
use crate::fonts::FontBook;
use crate::layout::{Document, FitStep, Options, Role, layout};
use crate::worksheet::{Header, personalize};

fn lay(text: &str) -> Document {
    let l = crate::lesson::load(Source::new("t.toml", text), "t", FontBook::global())
        .unwrap_or_else(|d| panic!("{d}"))
        .0;
    let ws = personalize(&l, None, Header::default());
    layout(&ws, &Options::default(), FontBook::global(), &Cache::new()).unwrap()
}

/// A lesson of `n` summary sentences and a plan of four prompts with
/// `lines` under each.
fn lesson(n: usize, lines: &str) -> String {
    let summary = "Notice the urge, name it, and breathe out slowly. ".repeat(n);
    format!(
        "title = \"T\"\nsummary = \"{summary}\"\n[plan]\nlines = {lines}\nprompts = [\"One?\", \"Two?\", \"Three?\", \"Four?\"]\n"
    )
}

/// Writing lines under `plan/1`.
fn plan_lines(doc: &Document) -> usize {
    doc.pages
        .iter()
        .flat_map(|p| &p.items)
        .filter(
            |i| matches!(&i.role, Role::WritingLine { field, .. } if field.starts_with("plan/1/")),
        )
        .count()
}

#[test]
fn a_range_of_lines_is_trimmed_to_its_fewest_when_that_saves_a_page() {
    let mut trimmed = 0;
    for n in 20..120 {
        let doc = lay(&lesson(n, "\"2-6\""));
        let fit = &doc.fits[0];
        if fit.step == FitStep::Trimmed {
            trimmed += 1;
            assert!(doc.pages.len() < fit.pages, "n {n}: {fit:?}");
            assert_eq!(plan_lines(&doc), 2, "n {n}");
        } else {
            assert_eq!(plan_lines(&doc), 6, "n {n}: {fit:?}");
        }
    }
    assert!(
        trimmed > 0,
        "no length was trimmed: the test proves nothing"
    );
}

#[test]
fn lines_given_as_one_number_are_never_trimmed() {
    for n in 20..120 {
        let doc = lay(&lesson(n, "6"));
        assert_ne!(doc.fits[0].step, FitStep::Trimmed, "n {n}");
        assert_eq!(plan_lines(&doc), 6, "n {n}");
    }
}

#[test]
fn a_short_last_page_is_filled_with_notes_lines_to_its_foot() {
    let mut noted = 0;
    for n in 20..120 {
        let doc = lay(&lesson(n, "2"));
        let FitStep::Notes { lines } = doc.fits[0].step else {
            continue;
        };
        noted += 1;
        let last = doc.pages.last().unwrap();
        let notes: Vec<f32> = last
            .items
            .iter()
            .filter_map(|i| match (&i.role, &i.shape) {
                (Role::WritingLine { field, .. }, crate::layout::Shape::Line { y1, .. })
                    if field.starts_with("notes/") =>
                {
                    Some(*y1)
                }
                _ => None,
            })
            .collect();
        assert_eq!(notes.len(), lines as usize, "n {n}");
        let heading = last.items.iter().any(|i| {
            i.role == Role::Heading && i.shape.text().is_some_and(|t| t.trim() == "Notes")
        });
        assert!(heading, "n {n}: no Notes heading on the last page");
        // The lines reach to within two lines of the footer: no bare paper.
        let footer = last
            .items
            .iter()
            .filter(|i| i.role == Role::Artifact)
            .filter_map(|i| match i.shape {
                crate::layout::Shape::Line { y1, y2, .. } if (y1 - y2).abs() < 0.01 => Some(y1),
                _ => None,
            })
            .fold(f32::MIN, f32::max);
        let t = crate::layout::Theme::new(&Options::default());
        let lowest = notes.iter().copied().fold(f32::MIN, f32::max);
        assert!(
            footer - lowest < 2.5 * t.writing_gap,
            "n {n}: {lowest} vs {footer}"
        );
    }
    assert!(noted > 0, "no length ended short: the test proves nothing");
}

#[test]
fn fitting_is_the_same_every_time() {
    let text = lesson(57, "\"2-5\"");
    assert_eq!(lay(&text), lay(&text));
}
