//! Page one's header in every label language (issue 36): the name, the
//! longest date the language writes and the clinician each sit on their
//! own line, whole, at Letter and A4, for a long real name and for the
//! longest name a roster allows. Read off the display list.

mod common;

use std::collections::BTreeSet;

use common::*;
use handout::cache::Cache;
use handout::diag::Source;
use handout::fonts::FontBook;
use handout::labels::Language;
use handout::layout::{self, Document, LayoutError, Options, Paper, Role, Shape};
use handout::lesson;
use handout::worksheet::{Header, MAX_HEADER_VALUE, personalize};
use time::{Date, Month};

/// A long name as people of each language write one.
fn long_name(language: Language) -> &'static str {
    match language {
        Language::En => "Christopher Alexander Montgomery-Fitzgerald",
        Language::Es => "María José Peña Gutiérrez de la Fuente",
        Language::Vi => "Nguyễn Thị Phương Thảo",
        Language::ZhHans => "欧阳娜娜",
        Language::ZhHant => "司馬相如",
        Language::Ko => "남궁민수",
        Language::Tl => "Maria Concepcion Dela Cruz-Villanueva",
        Language::Ru => "Александра Константиновна Преображенская",
        Language::Ar => "عبد الرحمن بن محمد الحسيني",
    }
}

/// The longest name a roster allows: the long name again and again, to
/// the limit.
fn longest_name(language: Language) -> String {
    let name = long_name(language);
    let mut s = String::new();
    while s.chars().count() + name.chars().count() < MAX_HEADER_VALUE {
        s.push_str(name);
        s.push(' ');
    }
    s.trim_end().to_string()
}

/// The longest date the language writes: the last day of its longest
/// month's name ("30 de septiembre de 2026", "30 tháng 12 năm 2026").
fn longest_date(language: Language) -> String {
    let labels = language.labels();
    (1..=12u8)
        .map(|m| {
            let month = Month::try_from(m).unwrap();
            let day = if month == Month::February { 28 } else { 30 };
            labels.long_date(Date::from_calendar_date(2026, month, day).unwrap())
        })
        .max_by_key(|d| d.chars().count())
        .unwrap()
}

fn header_page(language: Language, paper: Paper, name: &str) -> Option<(Document, Header)> {
    let text = format!(
        "language = \"{}\"\ntitle = \"T\"\nsummary = \"S.\"\n",
        language.code()
    );
    let l = lesson::load(Source::new("t.toml", text), "t", FontBook::global())
        .unwrap_or_else(|d| panic!("{d}"))
        .0;
    let header = Header {
        name: Some(name.to_string()),
        date: Some(longest_date(language)),
        clinician: Some(format!("{}, LCSW", long_name(language))),
        facility: None,
    };
    let ws = personalize(&l, None, header.clone());
    let opts = Options {
        paper,
        ..Options::default()
    };
    match layout::layout(&ws, &opts, FontBook::global(), &Cache::new()) {
        Ok(doc) => Some((doc, header)),
        Err(LayoutError::MissingGlyph { .. }) => {
            skip(
                "fonts-noto-cjk and fonts-noto-core",
                "a header in every language",
            );
            None
        }
        Err(e) => panic!("{language:?}: {e}"),
    }
}

/// A header field as laid out: its line (from, to, height) and its value's
/// runs (left, right, baseline, text).
struct Laid {
    line: (f32, f32, f32),
    runs: Vec<(f32, f32, f32, String)>,
}

fn field(doc: &Document, name: &str) -> Laid {
    let page = &doc.pages[0];
    let line = page
        .items
        .iter()
        .find_map(|i| match (&i.role, &i.shape) {
            // (Mirrored in a right-to-left language.)
            (Role::WritingLine { field, .. }, Shape::Line { x1, x2, y1, .. }) if field == name => {
                Some((x1.min(*x2), x1.max(*x2), *y1))
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("no line for {name}"));
    let runs = page
        .items
        .iter()
        .filter(|i| matches!(&i.role, Role::Value { field } if field == name))
        .filter_map(|i| match &i.shape {
            Shape::Text {
                x, y, width, text, ..
            } => Some((*x, x + width, *y, text.clone())),
            _ => None,
        })
        .collect();
    Laid { line, runs }
}

fn rows(f: &Laid) -> BTreeSet<i32> {
    f.runs.iter().map(|r| r.2.round() as i32).collect()
}

fn letters(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn name_date_and_clinician_fit_their_lines_in_every_language() {
    let mut broken = Vec::new();
    for language in Language::ALL {
        for paper in [Paper::Letter, Paper::A4] {
            // Every length of the long name (where name and date stop
            // sharing a row is where a date wrapped), and the longest.
            let long: Vec<char> = long_name(language).chars().collect();
            let names = (1..=long.len())
                .map(|k| long[..k].iter().collect::<String>().trim().to_string())
                .filter(|n| !n.is_empty())
                .chain([longest_name(language)]);
            for name in names {
                let Some((doc, header)) = header_page(language, paper, &name) else {
                    return;
                };
                let at = format!(
                    "{language:?} at {paper:?}, a name of {} characters",
                    name.chars().count()
                );
                let (n, d, c) = (
                    field(&doc, "name"),
                    field(&doc, "date"),
                    field(&doc, "clinician"),
                );
                // Every value printed whole, in order.
                for (f, value) in [
                    (&n, &header.name),
                    (&d, &header.date),
                    (&c, &header.clinician),
                ] {
                    let printed: String = f.runs.iter().map(|r| r.3.as_str()).collect();
                    if letters(&printed) != letters(value.as_deref().unwrap()) {
                        broken.push(format!(
                            "{at}: `{printed}` printed for `{}`",
                            value.as_deref().unwrap()
                        ));
                    }
                }
                // The date and clinician on one line each; a name that fits
                // the page's width on one line too.
                if rows(&d).len() != 1 {
                    broken.push(format!(
                        "{at}: the date `{}` wraps",
                        header.date.as_deref().unwrap()
                    ));
                }
                if rows(&c).len() != 1 {
                    broken.push(format!("{at}: the clinician wraps"));
                }
                if name.chars().count() <= long.len() && rows(&n).len() != 1 {
                    broken.push(format!("{at}: the name `{name}` wraps"));
                }
                // Each value on its own line, within it; the date's text
                // clear of the name's.
                for (what, f) in [("name", &n), ("date", &d), ("clinician", &c)] {
                    let (from, to, _) = f.line;
                    for (l, r, _, text) in &f.runs {
                        if *l < from - 0.01 || *r > to + 0.01 {
                            broken.push(format!(
                                "{at}: the {what}'s `{text}` runs {l:.1}-{r:.1}, off its line {from:.1}-{to:.1}"
                            ));
                        }
                    }
                }
                let clash = n.runs.iter().any(|a| {
                    d.runs
                        .iter()
                        .any(|b| (a.2 - b.2).abs() < 1.0 && a.0 < b.1 - 0.01 && b.0 < a.1 - 0.01)
                });
                if clash {
                    broken.push(format!("{at}: the date overlaps the name"));
                }
                // The clinician below every row of name and date.
                let above = n
                    .runs
                    .iter()
                    .chain(&d.runs)
                    .map(|r| r.2)
                    .fold(f32::MIN, f32::max);
                if c.runs.iter().any(|r| r.2 <= above) {
                    broken.push(format!(
                        "{at}: the clinician is not below the name and date"
                    ));
                }
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn the_spanish_date_beside_a_long_name_stays_on_one_line() {
    // The issue's case: "7 de diciembre de 2026" beside "María José Peña
    // Gutiérrez" wrapped "2026" onto a second line and pushed
    // "Profesional" down.
    let text = "language = \"es\"\ntitle = \"T\"\nsummary = \"S.\"\n";
    let l = lesson::load(Source::new("t.toml", text), "t", FontBook::global())
        .unwrap()
        .0;
    let header = Header {
        name: Some("María José Peña Gutiérrez".into()),
        date: Some("7 de diciembre de 2026".into()),
        clinician: Some("Dra. Ana López".into()),
        facility: None,
    };
    let ws = personalize(&l, None, header);
    let doc = layout::layout(&ws, &Options::default(), FontBook::global(), &Cache::new()).unwrap();
    let (n, d) = (field(&doc, "name"), field(&doc, "date"));
    assert_eq!(rows(&d).len(), 1, "the date wraps");
    assert_eq!(rows(&n), rows(&d), "name and date no longer share a row");
}
