//! Layout tests on the display list: what lands where, what moved to the next
//! page, and the print rules of the README ("How a worksheet looks and prints"), with the real font metrics.

use super::invariants::violations;
use super::*;
use crate::cache::Cache;
use crate::diag::Source;
use crate::fonts::FontBook;
use crate::library::find_builtin;
use crate::text::Style;
use crate::worksheet::{Header, personalize};

fn lesson(text: &str) -> crate::lesson::Lesson {
    crate::lesson::load(Source::new("t.toml", text), "t", FontBook::global())
        .unwrap_or_else(|d| panic!("{d}"))
        .0
}

fn lay(text: &str, opts: Options) -> Document {
    let ws = personalize(&lesson(text), None, Header::default());
    layout(&ws, &opts, FontBook::global(), &Cache::new()).unwrap()
}

fn builtin(opts: Options) -> Document {
    let b = find_builtin("compassion-in-recovery", None).unwrap();
    lay(b.text, opts)
}

fn all_options() -> Vec<Options> {
    let mut v = Vec::new();
    for paper in [Paper::Letter, Paper::A4] {
        for large_print in [false, true] {
            v.push(Options {
                paper,
                large_print,
                ..Options::default()
            });
        }
    }
    v
}

/// Non-artifact items in reading order with their page numbers.
fn content(doc: &Document) -> Vec<(usize, &Item)> {
    doc.pages
        .iter()
        .enumerate()
        .flat_map(|(p, page)| page.items.iter().map(move |i| (p + 1, i)))
        .filter(|(_, i)| i.role != Role::Artifact)
        .collect()
}

/// The text of items with `role`; each line's trailing space (there for
/// text extraction) trimmed.
fn text_of(doc: &Document, role: &Role) -> Vec<String> {
    content(doc)
        .into_iter()
        .filter(|(_, i)| &i.role == role)
        .filter_map(|(_, i)| i.shape.text().map(|t| t.trim_end().to_string()))
        .collect()
}

/// A readable dump of one page: one item per line, positions rounded.
fn dump(page: &Page) -> String {
    let mut out = String::new();
    for item in &page.items {
        let line = match &item.shape {
            Shape::Text {
                x, y, size, text, ..
            } => {
                format!("text {x:.0},{y:.0} {size:.0}pt {:?} {text:?}", item.role)
            }
            Shape::Line { x1, y1, x2, y2, .. } => {
                format!("line {x1:.0},{y1:.0} -> {x2:.0},{y2:.0} {:?}", item.role)
            }
            Shape::Rect { x, y, w, h, .. } => {
                format!("rect {x:.0},{y:.0} {w:.0}x{h:.0} {:?}", item.role)
            }
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[test]
fn the_built_in_lesson_keeps_every_rule_at_every_size() {
    for opts in all_options() {
        let doc = builtin(opts);
        let theme = Theme::new(&opts);
        let broken = violations(&doc, &theme);
        assert!(broken.is_empty(), "{opts:?}: {broken:#?}");
        if !opts.large_print {
            assert!(
                (2..=6).contains(&doc.pages.len()),
                "{opts:?}: {} pages",
                doc.pages.len()
            );
        }
    }
}

#[test]
fn page_one_opens_with_the_title_and_the_name_and_date_fields() {
    let doc = builtin(Options::default());
    let page = &doc.pages[0];
    let first = page
        .items
        .iter()
        .find(|i| i.role != Role::Artifact)
        .unwrap();
    assert_eq!(first.role, Role::Title);
    assert_eq!(
        first.shape.text().map(str::trim_end),
        Some("Compassion in Recovery")
    );
    let labels = text_of(&doc, &Role::Label);
    assert_eq!(labels, ["Name:", "Date:"]);
    let fields: Vec<&str> = page
        .items
        .iter()
        .filter_map(|i| match &i.role {
            Role::WritingLine { field, .. } if field == "name" || field == "date" => {
                Some(field.as_str())
            }
            _ => None,
        })
        .collect();
    assert_eq!(fields, ["name", "date"]);
}

#[test]
fn a_prefilled_name_sits_on_its_line() {
    let b = find_builtin("compassion-in-recovery", None).unwrap();
    let header = Header {
        name: Some("Nguyễn Thị Hương".into()),
        date: Some("November 22, 2026".into()),
        ..Header::default()
    };
    let ws = personalize(&lesson(b.text), None, header);
    let doc = layout(&ws, &Options::default(), FontBook::global(), &Cache::new()).unwrap();
    let page = &doc.pages[0];
    let value: String = page
        .items
        .iter()
        .filter(|i| matches!(i.role, Role::Value { .. }))
        .filter_map(|i| i.shape.text())
        .collect::<Vec<_>>()
        .join("");
    assert_eq!(value, "Nguyễn Thị HươngNovember 22, 2026");
    // Each Vietnamese word comes whole from the fallback face, which has all
    // its letters (the main face lacks ễ, ị, ư, ơ); the date from the main one.
    let faces: Vec<(String, u8)> = page
        .items
        .iter()
        .filter(|i| matches!(i.role, Role::Value { .. }))
        .filter_map(|i| match &i.shape {
            Shape::Text { text, face, .. } => Some((text.clone(), face.0)),
            _ => None,
        })
        .collect();
    for word in ["Nguyễn", "Thị", "Hương"] {
        assert!(
            faces.iter().any(|(t, f)| t == word && *f == 4),
            "{word} not whole in one face: {faces:?}"
        );
    }
    assert!(
        faces
            .iter()
            .any(|(t, f)| t.starts_with("November") && *f == 0),
        "{faces:?}"
    );
    // Later pages name the client in the running header.
    let running: Vec<&str> = doc.pages[1]
        .items
        .iter()
        .filter(|i| i.role == Role::Artifact)
        .filter_map(|i| i.shape.text())
        .collect();
    assert!(
        running.concat().contains("Name: Nguyễn Thị Hương"),
        "{running:?}"
    );
}

#[test]
fn headings_never_end_a_page_wherever_they_fall() {
    // Push every heading through every position on the page by growing the
    // summary a sentence at a time.
    for n in 1..60 {
        let summary = "Kindness helps you face what happened. ".repeat(n);
        let text = format!(
            "title = \"T\"\nsummary = \"{summary}\"\n[[notes]]\ntitle = \"First note\"\nbody = \"One.\"\n\
             [[notes]]\ntitle = \"Second note\"\nbody = \"Two.\"\n[[scenarios]]\nid = \"a\"\ntitle = \"A scenario\"\n\
             prompts = [\"What now?\"]\n"
        );
        let opts = Options::default();
        let doc = lay(&text, opts);
        let broken = violations(&doc, &Theme::new(&opts));
        assert!(broken.is_empty(), "summary of {n}: {broken:#?}");
        for page in &doc.pages[..doc.pages.len() - 1] {
            let last = page
                .items
                .iter()
                .rev()
                .find(|i| i.role != Role::Artifact)
                .unwrap();
            assert!(
                !matches!(last.role, Role::Heading | Role::Subheading),
                "summary of {n}: page ends with {:?}",
                last.shape.text()
            );
        }
    }
}

#[test]
fn a_prompt_moves_to_the_next_page_with_its_first_writing_line() {
    let mut found_a_move = false;
    for n in 1..50 {
        let summary = "Notice the urge and breathe. ".repeat(n);
        let text = format!(
            "title = \"T\"\nsummary = \"{summary}\"\n[plan]\nlines = 3\nprompts = [\"One?\", \"Two?\", \"Three?\", \"Four?\"]\n"
        );
        let doc = lay(&text, Options::default());
        let items = content(&doc);
        for (k, (page, item)) in items.iter().enumerate() {
            // (The fitting pass's Notes block has a heading, not a prompt.)
            if let Role::WritingLine { field, .. } = &item.role
                && field.ends_with("/line1")
                && !field.starts_with("notes/")
            {
                let (prompt_page, prompt) = items[k - 1];
                assert_eq!(prompt.role, Role::ListBody, "{field}");
                assert_eq!(
                    prompt_page, *page,
                    "n {n}: prompt before {field} on another page"
                );
                // The prompt's number label travels with it.
                if prompt_page > 1 && items[k - 2].0 == prompt_page {
                    found_a_move = true;
                }
            }
        }
    }
    assert!(
        found_a_move,
        "no prompt was ever pushed to a new page; the test proves nothing"
    );
}

#[test]
fn a_long_tracker_repeats_its_header_and_never_splits_a_row() {
    let text =
        "title = \"T\"\n[tracker]\nrows = 40\ncolumns = [\"Mood\", \"Sleep\", \"Step taken\"]\n";
    for opts in all_options() {
        let doc = lay(text, opts);
        assert!(doc.pages.len() >= 2, "40 rows fit one page?");
        let mut rows_seen = Vec::new();
        for (p, page) in doc.pages.iter().enumerate() {
            let headers: Vec<&str> = page
                .items
                .iter()
                .filter(|i| matches!(i.role, Role::TableHeader { .. }))
                .filter_map(|i| i.shape.text().map(str::trim_end))
                .collect();
            let rows: Vec<usize> = page
                .items
                .iter()
                .filter_map(|i| match i.role {
                    Role::TableCell { row, col: 0, .. } => Some(row),
                    _ => None,
                })
                .collect();
            if rows.is_empty() {
                continue;
            }
            assert_eq!(
                headers,
                ["Day", "Mood", "Sleep", "Step taken"],
                "{opts:?} page {}",
                p + 1
            );
            // The header sits above the page's first row.
            let header_y = page
                .items
                .iter()
                .find(|i| matches!(i.role, Role::TableHeader { .. }))
                .map(|i| i.shape.bounds().1)
                .unwrap();
            let first_row_y = page
                .items
                .iter()
                .find(|i| matches!(i.role, Role::TableCell { .. }))
                .map(|i| i.shape.bounds().1)
                .unwrap();
            assert!(header_y < first_row_y);
            for r in rows {
                if !rows_seen.contains(&r) {
                    rows_seen.push(r);
                }
            }
        }
        assert_eq!(rows_seen, (1..=40).collect::<Vec<_>>(), "{opts:?}");
        assert!(violations(&doc, &Theme::new(&opts)).is_empty());
    }
}

#[test]
fn large_print_is_18pt_and_grows_lines_boxes_and_rows() {
    let measure = |opts: Options| {
        let doc = builtin(opts);
        let body = content(&doc)
            .into_iter()
            .find_map(|(_, i)| match (&i.role, &i.shape) {
                (Role::Paragraph, Shape::Text { size, .. }) => Some(*size),
                _ => None,
            })
            .unwrap();
        let boxes: Vec<f32> = content(&doc)
            .into_iter()
            .filter_map(|(_, i)| match (&i.role, &i.shape) {
                (Role::Checkbox { .. }, Shape::Rect { w, .. }) => Some(*w),
                _ => None,
            })
            .collect();
        // Gap between the first two writing lines of one prompt.
        let lines: Vec<f32> = doc
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|i| match (&i.role, &i.shape) {
                (Role::WritingLine { field, .. }, Shape::Line { y1, .. })
                    if field.starts_with("plan/1/") =>
                {
                    Some(*y1)
                }
                _ => None,
            })
            .collect();
        (body, boxes[0], lines[1] - lines[0])
    };
    let mm = 72.0 / 25.4;
    let (body, checkbox, gap) = measure(Options::default());
    assert_eq!(body, 12.0);
    assert!(checkbox >= 4.0 * mm, "checkbox {checkbox}pt is under 4 mm");
    assert!((gap - 9.0 * mm).abs() < 0.01, "writing lines {gap}pt apart");
    let (body, big_box, big_gap) = measure(Options {
        large_print: true,
        ..Options::default()
    });
    assert_eq!(body, 18.0);
    assert!((big_box / checkbox - 1.5).abs() < 0.01);
    assert!((big_gap / gap - 1.5).abs() < 0.01);
}

#[test]
fn body_lines_stay_under_about_90_characters() {
    for paper in [Paper::Letter, Paper::A4] {
        let doc = builtin(Options {
            paper,
            ..Options::default()
        });
        // Group paragraph runs at body size into lines by baseline (the
        // small print of the sources, addresses mostly, is not read as
        // running text).
        let body = Theme::new(&Options {
            paper,
            ..Options::default()
        })
        .body;
        for page in &doc.pages {
            let mut lines: BTreeMap<i64, String> = BTreeMap::new();
            for i in &page.items {
                if let (Role::Paragraph, Shape::Text { y, text, size, .. }) = (&i.role, &i.shape)
                    && *size == body
                {
                    lines.entry((*y * 10.0) as i64).or_default().push_str(text);
                }
            }
            for l in lines.values() {
                assert!(
                    l.chars().count() <= 92,
                    "{paper:?}: {} chars: {l}",
                    l.chars().count()
                );
            }
        }
    }
}

#[test]
fn long_urls_and_words_wrap_inside_the_page() {
    let url = format!(
        "https://example.org/{}",
        "a-very-long-path-segment/".repeat(20)
    );
    let word = "x".repeat(400);
    let text = format!(
        "title = \"T\"\n[[notes]]\ntitle = \"Links\"\nbody = \"See [the guide]({url}) or {url} and {word}.\"\n"
    );
    for opts in all_options() {
        let doc = lay(&text, opts);
        assert!(violations(&doc, &Theme::new(&opts)).is_empty());
        let all: String = content(&doc)
            .iter()
            .filter(|(_, i)| i.role == Role::Paragraph)
            .filter_map(|(_, i)| i.shape.text())
            .collect();
        // Each line ends in a space; the pieces of a cut word meet again
        // without them.
        let all = all.replace(' ', "");
        assert!(all.contains(&word), "the long word lost characters");
        assert!(all.contains(&url), "the URL lost characters");
        // The link keeps its target on every piece.
        let linked = content(&doc)
            .iter()
            .filter(|(_, i)| matches!(&i.shape, Shape::Text { link: Some(l), .. } if *l == url))
            .count();
        assert!(linked >= 1);
    }
}

#[test]
fn the_safety_notice_is_boxed_on_one_page() {
    let doc = builtin(Options::default());
    let page = doc
        .pages
        .iter()
        .find(|p| {
            p.items
                .iter()
                .any(|i| i.shape.text().map(str::trim_end) == Some("Your safety comes first"))
        })
        .unwrap();
    let title_y = page
        .items
        .iter()
        .find(|i| i.shape.text().map(str::trim_end) == Some("Your safety comes first"))
        .unwrap()
        .shape
        .bounds()
        .1;
    let boxed = page.items.iter().any(|i| {
        matches!(i.shape, Shape::Rect { y, h, fill: Some(_), stroke: Some(_), .. } if y < title_y && y + h > title_y + 40.0)
    });
    assert!(
        boxed,
        "no light box around the safety notice:\n{}",
        dump(page)
    );
}

#[test]
fn page_dump_of_a_small_lesson() {
    // Fixed-width metrics make positions exact and readable.
    let l = crate::lesson::load(
        Source::new(
            "t.toml",
            "title = \"Small\"\n[checklist]\nitems = [\"One\"]\n",
        ),
        "t",
        &fake::Mono,
    )
    .unwrap()
    .0;
    let ws = personalize(&l, None, Header::default());
    let doc = layout(&ws, &Options::default(), &fake::Mono, &Cache::new()).unwrap();
    assert_eq!(doc.pages.len(), 1);
    let d = dump(&doc.pages[0]);
    let lines: Vec<&str> = d.lines().collect();
    let title = lines.iter().position(|l| l.contains("Title")).unwrap();
    assert_eq!(lines[title], "text 72,70 22pt Title \"Small \"");
    assert!(lines.contains(&"text 72,104 12pt Label \"Name:\""), "{d}");
    assert!(
        lines.iter().any(|l| l.starts_with("line")
            && l.ends_with("WritingLine { field: \"name\", tip: \"Name\" }")),
        "{d}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("Checkbox { field: \"checklist/1\", tip: \"One\" }")),
        "{d}"
    );
    assert!(
        lines.iter().any(|l| l.ends_with("ListBody \"One \"")),
        "{d}"
    );
    assert!(lines.iter().any(|l| l.contains("\"Page 1 of 1\"")), "{d}");
}

use std::collections::BTreeMap;

#[test]
fn a_week_tracker_stays_in_one_piece() {
    // Sweep the tracker through every position on the page: it moves whole
    // rather than leaving a row or two behind.
    for n in 1..40 {
        let summary = "Notice the urge and breathe. ".repeat(n);
        let text = format!(
            "title = \"T\"\nsummary = \"{summary}\"\n[tracker]\ncolumns = [\"Mood\", \"Step\"]\n"
        );
        for opts in all_options() {
            let doc = lay(&text, opts);
            let pages: Vec<usize> = content(&doc)
                .iter()
                .filter(|(_, i)| {
                    matches!(i.role, Role::TableCell { .. } | Role::TableHeader { .. })
                })
                .map(|(p, _)| *p)
                .collect();
            assert!(
                pages.windows(2).all(|w| w[0] == w[1]),
                "n {n} {opts:?}: tracker split over pages {pages:?}"
            );
        }
    }
}

#[test]
fn footer_crisis_line_never_overlaps_a_long_title() {
    // Regression: a 34-character title ran into the centred crisis line.
    for n in [5, 20, 34, 45, 80, 150] {
        let title = "T".repeat(n);
        for opts in all_options() {
            let doc = lay(&format!("title = \"{title}\"\nsummary = \"x\"\n"), opts);
            let broken = violations(&doc, &Theme::new(&opts));
            assert!(broken.is_empty(), "title of {n}, {opts:?}: {broken:#?}");
        }
    }
}

#[test]
fn a_heading_is_not_stranded_when_its_keep_chain_is_longer_than_a_page() {
    // Found by the property tests: scenarios without prompts chain their
    // titles to the tracker that follows; in large print the chain is longer
    // than a page, and "Practice scenarios" was left alone at a page's foot.
    let text = format!(
        "title = \"T\"\nsummary = \"- \"\n[[steps]]\nname = \"A\"\ntext = \"{} x\"\n\
         [[scenarios]]\nid = \"s0\"\ntitle = \"é\"\nlines = 0\n[[scenarios]]\nid = \"s1\"\ntitle = \"ễ\"\nlines = 0\n\
         [tracker]\nrows = 10\ncolumns = [\"Column 0\"]\n",
        "x".repeat(100)
    );
    for opts in all_options() {
        let doc = lay(&text, opts);
        assert!(violations(&doc, &Theme::new(&opts)).is_empty(), "{opts:?}");
    }
}

/// A second copy of a lesson gets its sections from the layout kept from
/// the first; what it gets must be what laying it out afresh gives, with
/// its own header (here with more fields, so more structure elements come
/// before the sections) and a differently long name.
#[test]
fn a_copy_laid_out_from_kept_sections_is_the_copy_laid_out_afresh() {
    let b = find_builtin("shame-guilt-and-repair", None).unwrap();
    let lesson = lesson(b.text);
    let first = Header {
        name: Some("Bo".into()),
        ..Header::default()
    };
    let second = Header {
        name: Some("Nguyễn Thị Hương Giang".into()),
        date: Some("December 2, 2026".into()),
        clinician: Some("Dr. Ana Ruiz".into()),
        facility: Some("Riverside Recovery Center".into()),
    };
    let opts = Options::default();
    let book = FontBook::global();
    let chosen = std::collections::BTreeSet::from(["money".to_string()]);
    let ws = |h: &Header| personalize(&lesson, Some(&chosen), h.clone());
    // The first copy fills the keep; the second is laid out from it.
    let cache = Cache::new();
    let _ = layout(&ws(&first), &opts, book, &cache).unwrap();
    let kept = layout(&ws(&second), &opts, book, &cache).unwrap();
    // Metrics that keep nothing lay it out afresh.
    let fresh = layout(&ws(&second), &opts, &lines::Unkept(book), &Cache::new()).unwrap();
    assert_eq!(kept.nodes, fresh.nodes);
    assert_eq!(kept.pages.len(), fresh.pages.len());
    for (k, f) in kept.pages.iter().zip(&fresh.pages) {
        assert_eq!(k, f);
    }
    let text: String = kept
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| i.shape.text())
        .collect();
    assert!(
        text.contains("Dr. Ana Ruiz") && text.contains("Money you took"),
        "{text}"
    );
}

/// Footers are kept in the cache for the copies after the first: each copy's
/// must be what laying it out afresh gives, whatever was laid out before
/// (the same title with another page count, another paper or print size).
#[test]
fn every_footer_is_the_one_laid_out_afresh_whatever_came_before() {
    let b = find_builtin("shame-guilt-and-repair", None).unwrap();
    let lesson = lesson(b.text);
    let book = FontBook::global();
    let header = Header {
        name: Some("Bo".into()),
        ..Header::default()
    };
    let one = std::collections::BTreeSet::from(["money".to_string()]);
    let ws = |chosen: Option<&std::collections::BTreeSet<String>>| {
        personalize(&lesson, chosen, header.clone())
    };
    let mut totals = Vec::new();
    let cache = Cache::new();
    for opts in all_options() {
        for chosen in [None, Some(&one)] {
            let kept = layout(&ws(chosen), &opts, book, &cache).unwrap();
            let fresh = layout(&ws(chosen), &opts, &lines::Unkept(book), &Cache::new()).unwrap();
            assert_eq!(kept.pages, fresh.pages, "{opts:?} {chosen:?}");
            totals.push(kept.pages.len());
        }
    }
    // The same title came with different page counts, so "page n of m"
    // differed between documents laid out one after another.
    assert!(totals[0] != totals[1], "{totals:?}");
}

/// A client's name in a script the shaper handles (Arabic) is shaped for
/// the copy and remembered nowhere, while the lesson's own shaped words are
/// kept for the next copy.
#[test]
fn a_clients_shaped_name_is_kept_in_no_cache() {
    use crate::text::Coverage;
    let book = FontBook::global();
    let name = "محمد علي";
    let lesson_word = "سلام";
    let covered = |s: &str| {
        s.chars()
            .all(|c| c == ' ' || book.covers(Style::REGULAR, c))
    };
    if !covered(name) || !covered(lesson_word) {
        assert!(
            std::env::var_os("CI").is_none(),
            "an Arabic font is needed (.ci/run installs fonts-noto-core)"
        );
        eprintln!("note: no Arabic font on this machine; skipping");
        return;
    }
    let text = format!("title = \"Hello\"\nsummary = \"A word: {lesson_word}.\"\n");
    let header = Header {
        name: Some(name.into()),
        ..Header::default()
    };
    let ws = personalize(&lesson(&text), None, header);
    let doc = layout(&ws, &Options::default(), book, &Cache::new()).unwrap();
    let shown: String = doc
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter(|i| matches!(i.role, Role::Value { .. }))
        .filter_map(|i| i.shape.text())
        .collect();
    assert!(!shown.trim().is_empty(), "the name is pre-filled");
    assert!(
        crate::fonts::word_is_kept(lesson_word),
        "the lesson's word is kept (so the check below can see a kept word)"
    );
    for word in name.split(' ') {
        assert!(
            !crate::fonts::word_is_kept(word),
            "the name's {word:?} is kept"
        );
    }
}

/// What the cache keeps after personalized copies, a packet's cover among
/// them, names nothing of a client's or facility's: their details are laid
/// out afresh for each copy (the rule of [`crate::cache`]).
#[test]
fn no_cache_key_names_a_client_or_facility() {
    let b = find_builtin("shame-guilt-and-repair", None).unwrap();
    let lesson = lesson(b.text);
    let book = FontBook::global();
    let cache = Cache::new();
    let details = [
        "Zebulon Quixote",
        "Yolanda Okafor",
        "March 3, 2031",
        "Dr. Wilhelmina Strand",
        "Harborview Wellness Collective",
    ];
    for name in &details[..2] {
        let header = Header {
            name: Some(name.to_string()),
            date: Some(details[2].into()),
            clinician: Some(details[3].into()),
            facility: Some(details[4].into()),
        };
        let ws = personalize(&lesson, None, header.clone());
        let spec = Spec {
            title: "A packet".into(),
            cover: Some(Cover {
                title: "A packet".into(),
                header,
            }),
            contents: true,
            worksheets: std::slice::from_ref(&ws),
            crisis: ws.lesson.crisis.clone(),
        };
        layout_document(&spec, &Options::default(), book, &cache).unwrap();
        layout(&ws, &Options::default(), book, &cache).unwrap();
    }
    let keys = cache.keys();
    assert!(
        keys.iter().any(|k| k.contains("KeptLines")),
        "lines are kept"
    );
    for key in &keys {
        for detail in details
            .iter()
            .flat_map(|d| d.split(' '))
            .filter(|w| w.len() > 5)
        {
            assert!(!key.contains(detail), "a key holds {detail:?}: {key}");
        }
    }
}
