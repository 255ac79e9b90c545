//! Properties that hold for any lesson, not just the ones we thought of:
//! random lessons either render with every layout rule kept (debug builds
//! check the rules on every layout and panic when one breaks) or fail with
//! a clear error; never a panic. Plus the extremes named in the issue, as
//! plain tests.

use std::time::{Duration, Instant};

use handout::cache::Cache;
use handout::fonts::{FontBook, FontSettings};
use handout::layout::{self, LayoutError, Options, Paper, Theme, invariants};
use handout::lesson;
use handout::pdf::{self, PdfOptions};
use handout::text::{Coverage, Style};
use handout::worksheet::{Header, personalize};
use proptest::prelude::*;

/// The bundled fonts only: which random text prints must not depend on
/// the fonts of the machine the tests run on.
fn book() -> &'static FontBook {
    handout::fonts::configure(FontSettings {
        paths: Vec::new(),
        system: false,
    });
    FontBook::global()
}

/// A TOML basic string holding `s` exactly.
fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// What happened to one lesson.
#[derive(Debug)]
enum Outcome {
    Rejected(String),
    TooWide(String),
    Printed { pages: usize },
}

/// Load, lay out at every size, and paint. Any panic inside fails the test.
fn run(text: &str) -> Outcome {
    let book = book();
    let started = Instant::now();
    let lesson = match lesson::load_bytes("p.toml", text.as_bytes(), "p", book) {
        Ok((l, _)) => l,
        Err(d) => {
            // A rejection must say where and what.
            for diag in d.iter() {
                assert!(!diag.message.is_empty());
                assert!(
                    diag.location().is_some(),
                    "an error with no location: {}",
                    diag.message
                );
            }
            return Outcome::Rejected(d.to_string());
        }
    };
    let ws = personalize(
        &lesson,
        None,
        Header {
            name: Some("Nguyễn Thị Hương".into()),
            ..Header::default()
        },
    );
    let mut pages = 0;
    for paper in [Paper::Letter, Paper::A4] {
        for large_print in [false, true] {
            // The page limit is a rule of its own (tests/hostile.rs); here a
            // long lesson is laid out whole, to test the layout of it.
            match layout::layout(
                &ws,
                &Options {
                    paper,
                    large_print,
                    ..Options::default()
                }
                .with_max_pages(1000),
                book,
                &Cache::new(),
            ) {
                Ok(doc) => {
                    // Checked here too, so release-mode runs prove the same.
                    let opts = Options {
                        paper,
                        large_print,
                        ..Options::default()
                    };
                    let mut broken = invariants::violations(&doc, &Theme::new(&opts));
                    broken.extend(invariants::words_in_order(
                        &doc,
                        std::slice::from_ref(&ws),
                        &opts,
                    ));
                    assert!(broken.is_empty(), "{opts:?}: {broken:#?}");
                    pages = pages.max(doc.pages.len());
                    let bytes =
                        pdf::render(&doc, &PdfOptions::default(), &Cache::new()).expect("PDF");
                    assert!(bytes.starts_with(b"%PDF"));
                }
                Err(e @ LayoutError::TrackerTooWide { .. }) => {
                    let message = e.to_string();
                    assert!(message.contains("the most that fit are"), "{message}");
                    return Outcome::TooWide(message);
                }
                Err(e) => panic!("layout failed on a checked lesson: {e}"),
            }
        }
    }
    // Bounded work: nothing a lesson holds makes this take long.
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "took {:?}",
        started.elapsed()
    );
    Outcome::Printed { pages }
}

/// Text made of words from many scripts, Markdown marks, long words and
/// URLs.
fn text() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        "[a-zA-Z]{1,12}",
        "[àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿœßĐđ]{1,8}",
        // Assigned letters only: the Greek blocks have gaps (U+03A2,
        // U+1F16) that no font has, and a generator full of them tests
        // only the rejection path.
        "[ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩα-ωἀἁἂἃἄἅἐἑὀὁὐὑᾶῆῖῦῶ]{1,8}",
        "[А-Яа-яЁё]{1,10}",
        "(Nguyễn|Thị|Hương|ưỡng|Việt)",
        "[0-9]{1,6}",
        "[*_`#>\\[\\]()!.,;:?-]{1,4}",
        "https://example\\.org/[a-z/]{1,60}",
        "x{100,2000}",
        Just("\n\n".to_string()),
        Just("\n- ".to_string()),
        Just("\n  - ".to_string()),
        Just("\n    1. ".to_string()),
        Just("**".to_string()),
        Just("*".to_string()),
    ];
    prop::collection::vec(word, 0..40).prop_map(|ws| ws.join(" "))
}

fn short() -> impl Strategy<Value = String> {
    prop::collection::vec("[a-zA-Zéñễ0-9 ]{1,20}", 1..3).prop_map(|ws| ws.join(" "))
}

/// A whole lesson, as TOML.
fn lesson_toml() -> impl Strategy<Value = String> {
    (
        short(),
        text(),
        prop::collection::vec(text(), 0..30),
        prop::collection::vec((short(), text()), 0..8),
        prop::collection::vec(
            (short(), prop::collection::vec(text(), 0..4), 0u32..5),
            0..5,
        ),
        (1usize..12, 1u32..40),
        prop::collection::vec(text(), 0..3),
        prop::collection::vec("[a-zA-Zéñễ][a-zA-Zéñễ ]{0,25}", 0..13),
    )
        .prop_map(
            |(title, summary, items, steps, scenarios, (cols, rows), notes, values)| {
                let mut t = format!(
                    "title = {}\nsummary = {}\n",
                    toml_str(&title),
                    toml_str(&summary)
                );
                if !items.is_empty() {
                    let items: Vec<String> =
                        items.iter().map(|i| toml_str(&format!("{i} x"))).collect();
                    t.push_str(&format!("[checklist]\nitems = [{}]\n", items.join(", ")));
                }
                for (name, text) in &steps {
                    t.push_str(&format!(
                        "[[steps]]\nname = {}\ntext = {}\n",
                        toml_str(name),
                        toml_str(&format!("{text} x"))
                    ));
                }
                for (i, (title, prompts, lines)) in scenarios.iter().enumerate() {
                    let prompts: Vec<String> = prompts
                        .iter()
                        .map(|p| toml_str(&format!("{p} ?")))
                        .collect();
                    t.push_str(&format!(
                    "[[scenarios]]\nid = \"s{i}\"\ntitle = {}\nprompts = [{}]\nlines = {lines}\n",
                    toml_str(title),
                    prompts.join(", ")
                ));
                }
                if !values.is_empty() {
                    let values: Vec<String> = values.iter().map(|v| toml_str(v)).collect();
                    t.push_str(&format!("[values]\nitems = [{}]\n", values.join(", ")));
                }
                let columns: Vec<String> = (0..cols)
                    .map(|c| toml_str(&format!("Column {c}")))
                    .collect();
                t.push_str(&format!(
                    "[tracker]\nrows = {rows}\ncolumns = [{}]\n",
                    columns.join(", ")
                ));
                for n in &notes {
                    t.push_str(&format!(
                        "[[notes]]\nbody = {}\n",
                        toml_str(&format!("{n} x"))
                    ));
                }
                t
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, .. ProptestConfig::default() })]

    #[test]
    fn any_lesson_prints_or_is_rejected_clearly(t in lesson_toml()) {
        let _ = run(&t);
    }

    #[test]
    fn any_bytes_are_rejected_clearly_or_printed(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes).to_string();
        let _ = run(&text);
        // The loader sees raw bytes too (not UTF-8, BOMs, NULs).
        let _ = lesson::load_bytes("p.toml", &bytes, "p", book());
    }
}

#[test]
fn one_word_of_2000_characters() {
    let word = "w".repeat(2000);
    // In running text it wraps, cut between letters.
    let t = format!(
        "title = \"Long\"\nsummary = \"{word}\"\n[checklist]\nitems = [\"{word}\"]\n[plan]\nprompts = [\"{word}\"]\n"
    );
    assert!(matches!(run(&t), Outcome::Printed { .. }), "{:?}", run(&t));
    // As a title or a tracker label it can't fit its place: a clear error
    // at the field, saying how long it may be.
    let t = format!("title = \"{word}\"\n[tracker]\ncolumns = [\"{word}\"]\nrows = [\"{word}\"]\n");
    match run(&t) {
        Outcome::Rejected(m) => {
            assert!(
                m.contains("`title` is 2000 characters long; it may be at most 150"),
                "{m}"
            );
            assert!(
                m.contains(
                    "item 1 of tracker `columns` is 2000 characters long; it may be at most 40"
                ),
                "{m}"
            );
            assert!(
                m.contains("item 1 of tracker `rows` is 2000 characters long"),
                "{m}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn five_hundred_checklist_items() {
    let items: Vec<String> = (0..500).map(|i| format!("\"Item number {i}\"")).collect();
    let t = format!(
        "title = \"Many\"\n[checklist]\nitems = [{}]\n",
        items.join(", ")
    );
    let Outcome::Printed { pages } = run(&t) else {
        panic!()
    };
    assert!(pages > 10);
}

#[test]
fn trackers_of_1_and_60_columns_and_1_and_400_rows() {
    let cols = |n: usize| {
        (0..n)
            .map(|i| format!("\"C{i}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for rows in [1, 366] {
        let t = format!(
            "title = \"T\"\n[tracker]\nrows = {rows}\ncolumns = [{}]\n",
            cols(1)
        );
        assert!(matches!(run(&t), Outcome::Printed { .. }));
    }
    // 400 rows is more than a year of days: a clear error at the number.
    let t = format!(
        "title = \"T\"\n[tracker]\nrows = 400\ncolumns = [{}]\n",
        cols(1)
    );
    match run(&t) {
        Outcome::Rejected(m) => assert!(
            m.contains("tracker `rows` must be from 1 to 366, not 400"),
            "{m}"
        ),
        other => panic!("{other:?}"),
    }
    let t = format!(
        "title = \"T\"\n[tracker]\nrows = 7\ncolumns = [{}]\n",
        cols(60)
    );
    match run(&t) {
        Outcome::TooWide(m) => assert!(
            m.starts_with("the tracker has 60 columns, which cannot fit across the page"),
            "{m}"
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn deeply_nested_markdown_lists() {
    let mut body = String::new();
    for depth in 0..60 {
        body.push_str(&format!("{}- level {depth}\n", "  ".repeat(depth)));
    }
    let t = format!("title = \"T\"\nsummary = {}\n", toml_str(&body));
    // Deep nesting narrows the text; it must still print, wrapping inside
    // the page.
    assert!(matches!(run(&t), Outcome::Printed { .. }));
}

#[test]
fn every_printable_character_of_the_bundled_fonts() {
    let book = book();
    let chars: Vec<char> = (0x20u32..0x3_0000)
        .filter_map(char::from_u32)
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .filter(|c| book.covers(Style::REGULAR, *c) && book.covers(Style::BOLD, *c))
        .collect();
    assert!(chars.len() > 2500, "{} characters", chars.len());
    let words: Vec<String> = chars.chunks(12).map(|w| w.iter().collect()).collect();
    let t = format!(
        "title = \"All\"\nsummary = {}\n",
        toml_str(&words.join(" "))
    );
    match run(&t) {
        Outcome::Printed { .. } => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn mixed_scripts_in_one_line() {
    let t = "title = \"Ирина, Γιώργος, Nguyễn & José\"\nsummary = \"Здравствуйте — Καλημέρα — Xin chào — ¡Hola! — Hello.\"\n";
    assert!(matches!(run(t), Outcome::Printed { .. }));
}

/// The generator must mostly make lessons that print: one that makes
/// only rejected ones would test the error path alone and let layout and
/// PDF bugs through. At least half of a fixed sample print.
#[test]
fn most_generated_lessons_print() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let total = 32;
    let mut printed = 0;
    let mut reasons = Vec::new();
    for _ in 0..total {
        let t = lesson_toml().new_tree(&mut runner).unwrap().current();
        match run(&t) {
            Outcome::Printed { .. } => printed += 1,
            Outcome::Rejected(m) | Outcome::TooWide(m) => {
                reasons.push(m.lines().next().unwrap_or("").to_string())
            }
        }
    }
    assert!(
        printed * 2 >= total,
        "{printed} of {total} generated lessons print; the rest:\n{}",
        reasons.join("\n")
    );
}
