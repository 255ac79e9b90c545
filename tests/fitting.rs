//! Pages that use paper well (issue 36), read off the display list of every
//! built-in lesson in every language at every print size: no last page left
//! nearly bare, no help note, safety notice, overdose or withdrawal
//! paragraph or short list split across pages, no writing line stranded
//! away from its prompt or alone at the top of a page.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;
use handout::cache::Cache;
use handout::fonts::FontBook;
use handout::layout::{self, Document, Item, NodeId, Options, Role, Shape, Tag};
use handout::lesson::{self, Lesson, Section};
use handout::library::builtins;
use handout::worksheet::{Header, personalize};

/// Every built-in lesson, each edition, laid out blank at each print size.
fn every_layout() -> Vec<(String, Options, Lesson, Document)> {
    let cache = Cache::new();
    let mut out = Vec::new();
    for b in builtins() {
        let (l, _) = lesson::load(b.source(), b.id(), FontBook::global()).unwrap();
        for opts in print_sizes() {
            let ws = personalize(&l, None, Header::default());
            let doc = layout::layout(&ws, &opts, FontBook::global(), &cache).unwrap();
            out.push((b.file.to_string(), opts, l.clone(), doc));
        }
    }
    out
}

fn content(items: &[Item]) -> impl Iterator<Item = &Item> {
    items.iter().filter(|i| i.role != Role::Artifact)
}

/// How full a page's body is, from its top (under the running header's
/// rule) to the footer's rule: the share down the page its last content
/// reaches.
fn fill(doc: &Document, page: usize) -> f32 {
    let p = &doc.pages[page];
    let rules: Vec<f32> = p
        .items
        .iter()
        .filter(|i| i.role == Role::Artifact)
        .filter_map(|i| match i.shape {
            Shape::Line { y1, y2, .. } if (y1 - y2).abs() < 0.01 => Some(y1),
            _ => None,
        })
        .collect();
    let footer = rules.iter().copied().fold(f32::MIN, f32::max);
    let top = if page == 0 {
        content(&p.items)
            .map(|i| i.shape.bounds().1)
            .fold(f32::MAX, f32::min)
    } else {
        rules.iter().copied().fold(f32::MAX, f32::min)
    };
    let bottom = content(&p.items)
        .map(|i| i.shape.bounds().3)
        .fold(f32::MIN, f32::max);
    (bottom - top) / (footer - top)
}

/// Whether the last page's content ends in writing lines: a Notes block or
/// a prompt's lines given the room left.
fn ends_in_writing(doc: &Document) -> bool {
    let last = doc.pages.last().unwrap();
    let mut writing = 0;
    for item in content(&last.items) {
        if matches!(item.role, Role::WritingLine { .. }) {
            writing += 1;
        }
    }
    writing >= 3
}

/// Each structure element's ancestors, itself first.
fn ancestors(doc: &Document, mut n: NodeId) -> Vec<NodeId> {
    let mut out = vec![n];
    while let Some(p) = doc.nodes[n.0 as usize].parent {
        out.push(p);
        n = p;
    }
    out
}

/// The pages each structure element's items (and its descendants') are on,
/// with its text.
fn element_pages(doc: &Document) -> BTreeMap<NodeId, (BTreeSet<usize>, String)> {
    let mut out: BTreeMap<NodeId, (BTreeSet<usize>, String)> = BTreeMap::new();
    for (p, page) in doc.pages.iter().enumerate() {
        for item in content(&page.items) {
            let Some(n) = item.node else { continue };
            for a in ancestors(doc, n) {
                let e = out.entry(a).or_default();
                e.0.insert(p + 1);
                if let Some(t) = item.shape.text() {
                    e.1.push_str(t);
                }
            }
        }
    }
    out
}

const URGENT: &[&str] = &[
    "overdos",
    "withdrawal",
    "naloxon",
    "narcan",
    "sobredosis",
    "abstinencia",
    "quá liều",
    "过量",
    "戒断",
    "纳洛酮",
];

#[test]
fn no_last_page_is_left_under_a_third_full() {
    let mut broken = Vec::new();
    let mut fitted = 0;
    for (file, opts, _l, doc) in every_layout() {
        let n = doc.pages.len();
        let last = fill(&doc, n - 1);
        if n > 1 && last < 1.0 / 3.0 && !ends_in_writing(&doc) {
            broken.push(format!(
                "{file} at {}: page {n} of {n} is {:.0}% full",
                opts.size_name(),
                last * 100.0
            ));
        }
        fitted += usize::from(doc.fits[0].last_page < 1.0 / 3.0);
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
    // The library has lessons whose first layout ends short: the test
    // would prove nothing if none did.
    assert!(fitted > 0, "no lesson needed fitting");
}

/// Whether element `n` holds writing lines (a list of prompts does).
fn has_writing_lines(doc: &Document, n: NodeId) -> bool {
    doc.pages.iter().flat_map(|p| &p.items).any(|i| {
        matches!(i.role, Role::WritingLine { .. })
            && i.node.is_some_and(|m| ancestors(doc, m).contains(&n))
    })
}

/// The titles of a lesson's notes on when to get more help.
fn help_titles(l: &Lesson) -> Vec<String> {
    l.sections
        .iter()
        .filter_map(|s| match s {
            Section::Notes { notes } => Some(notes),
            _ => None,
        })
        .flatten()
        .filter(|n| n.gives_help())
        .filter_map(|n| n.title.as_ref().map(|t| t.to_plain()))
        .collect()
}

/// Where a help note's content is, page by page (top and bottom of its
/// items on each): from its heading to the next heading (or the end).
fn help_note_pages(doc: &Document, title: &str) -> BTreeMap<usize, (f32, f32)> {
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let mut pages: BTreeMap<usize, (f32, f32)> = BTreeMap::new();
    let mut inside = false;
    let mut heading = String::new();
    for (p, page) in doc.pages.iter().enumerate() {
        for item in content(&page.items) {
            let text = item.shape.text().unwrap_or("");
            let is_heading = item.role == Role::Heading;
            if inside && is_heading && !squash(title).contains(&squash(text)) {
                return pages;
            }
            if is_heading && !inside {
                heading.push_str(text);
                inside = squash(&heading) == squash(title);
            } else if !is_heading {
                heading.clear();
            }
            if inside {
                let (_, top, _, bottom) = item.shape.bounds();
                let e = pages.entry(p + 1).or_insert((top, bottom));
                *e = (e.0.min(top), e.1.max(bottom));
            }
        }
    }
    pages
}

/// The height of a page's body after the first: from under the running
/// header's rule to the footer's.
fn page_room(doc: &Document) -> f32 {
    let p = &doc.pages[doc.pages.len().min(2) - 1];
    let rules: Vec<f32> = p
        .items
        .iter()
        .filter_map(|i| match (&i.role, &i.shape) {
            (Role::Artifact, Shape::Line { y1, y2, .. }) if (y1 - y2).abs() < 0.01 => Some(*y1),
            _ => None,
        })
        .collect();
    rules.iter().copied().fold(f32::MIN, f32::max) - rules.iter().copied().fold(f32::MAX, f32::min)
}

#[test]
fn no_help_note_overdose_or_withdrawal_paragraph_or_short_list_splits() {
    let mut broken = Vec::new();
    for (file, opts, l, doc) in every_layout() {
        let at = format!("{file} at {}", opts.size_name());
        for title in help_titles(&l) {
            let pages = help_note_pages(&doc, &title);
            assert!(!pages.is_empty(), "{at}: no help note `{title}` found");
            // Split, the parts together are still about as tall as a page:
            // it could fit on none. (The parts' extents leave out the air
            // above and below the lines at the break, and the page here is
            // measured rule to rule, a little more than a body holds: past
            // 92% of it a note is as tall as a page.)
            let tall: f32 = pages.values().map(|(top, bottom)| bottom - top).sum();
            if pages.len() > 1 && tall < 0.92 * page_room(&doc) {
                let pages: Vec<_> = pages.keys().collect();
                broken.push(format!(
                    "{at}: the help note `{title}` is on pages {pages:?} ({tall} of {})",
                    page_room(&doc)
                ));
            }
        }
        for (n, (pages, text)) in element_pages(&doc) {
            let lower = text.to_lowercase();
            let tag = &doc.nodes[n.0 as usize].tag;
            let urgent = URGENT.iter().any(|w| lower.contains(w));
            let split = pages.len() > 1;
            if split && *tag == Tag::P && urgent {
                broken.push(format!(
                    "{at}: the paragraph `{text}` is on pages {pages:?}"
                ));
            }
            let items = doc
                .nodes
                .iter()
                .filter(|c| c.parent == Some(n) && c.tag == Tag::LI)
                .count();
            // A list of prompts, each with its lines to write on, may run on.
            if split && *tag == Tag::L && items <= 5 && !has_writing_lines(&doc, n) {
                broken.push(format!(
                    "{at}: a list of {items} items is on pages {pages:?}: `{text}`"
                ));
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn no_writing_line_is_stranded() {
    let mut broken = Vec::new();
    for (file, opts, _l, doc) in every_layout() {
        let at = format!("{file} at {}", opts.size_name());
        // Each prompt's lines (fields `plan/2/line1`, `…/line2`), by page.
        let mut lines: BTreeMap<String, BTreeMap<usize, usize>> = BTreeMap::new();
        let mut prompt_page: BTreeMap<String, usize> = BTreeMap::new();
        let mut last_text_page = 0;
        for (p, page) in doc.pages.iter().enumerate() {
            for item in content(&page.items) {
                match &item.role {
                    Role::WritingLine { field, .. } if field.contains("/line") => {
                        let prompt = field.rsplit_once("/line").unwrap().0.to_string();
                        prompt_page.entry(prompt.clone()).or_insert(last_text_page);
                        *lines.entry(prompt).or_default().entry(p + 1).or_default() += 1;
                    }
                    // A prompt, or the heading over a Notes block.
                    Role::ListBody | Role::Paragraph | Role::Heading => last_text_page = p + 1,
                    _ => {}
                }
            }
        }
        for (prompt, by_page) in &lines {
            let total: usize = by_page.values().sum();
            let with_prompt = by_page.get(&prompt_page[prompt]).copied().unwrap_or(0);
            if with_prompt < total.min(2) {
                broken.push(format!(
                    "{at}: `{prompt}` has {with_prompt} of its {total} lines on its page {}",
                    prompt_page[prompt]
                ));
            }
            for (page, n) in by_page {
                if *page != prompt_page[prompt] && *n < 2 {
                    broken.push(format!(
                        "{at}: `{prompt}` has one line alone at the top of page {page}"
                    ));
                }
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn a_backwards_or_open_range_of_lines_is_an_error_at_its_line() {
    for (bad, says) in [
        (
            "\"5-3\"",
            "`lines` must be a number or a range of lines such as \"3-5\", not \"5-3\"",
        ),
        (
            "\"2+\"",
            "`lines` must be a number or a range of lines such as \"3-5\", not \"2+\"",
        ),
        (
            "\"3-40\"",
            "`lines` must be a number or a range of lines such as \"3-5\", not \"3-40\"",
        ),
    ] {
        let text = format!(
            "title = \"T\"\nsummary = \"S.\"\n[plan]\nlines = {bad}\nprompts = [\"One?\"]\n"
        );
        let source = handout::diag::Source::new("t.toml", text);
        let Err(d) = lesson::load(source, "t", FontBook::global()) else {
            panic!("{bad} was read");
        };
        let shown = d.to_string();
        assert!(shown.contains(says), "{shown}");
        assert!(shown.contains("t.toml:4:"), "{shown}");
    }
    let text = "title = \"T\"\nsummary = \"S.\"\n[plan]\nlines = \"3-5\"\nprompts = [\"One?\"]\n";
    let source = handout::diag::Source::new("t.toml", text);
    let (l, _) = lesson::load(source, "t", FontBook::global()).unwrap();
    assert!(l.sections.iter().any(|s| matches!(
        s,
        Section::Plan {
            lines: 5,
            fewest_lines: 3,
            ..
        }
    )));
}

#[test]
fn check_says_where_a_lesson_ends_on_a_short_page_and_what_fills_it() {
    let file = root().join("lessons/compassion-in-recovery.es.toml");
    let out = handout().arg("check").arg(&file).assert().success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let said = format!("{stdout}{stderr}");
    // What the layout did, as the library tells it.
    let (l, _) = lesson::load(
        handout::diag::Source::new("c.toml", std::fs::read_to_string(&file).unwrap()),
        "compassion-in-recovery",
        FontBook::global(),
    )
    .unwrap();
    let ws = personalize(&l, None, Header::default());
    let doc = layout::layout(&ws, &Options::default(), FontBook::global(), &Cache::new()).unwrap();
    let fit = &doc.fits[0];
    let layout::FitStep::Notes { lines } = fit.step else {
        panic!("the Spanish edition no longer ends short at Letter: {fit:?}; pick another");
    };
    let held = fit.last_page_lines.round();
    assert!(
        said.contains(&format!(
            "at Letter, it ends on page {} holding about {held} lines",
            fit.pages
        )) && said.contains(&format!(
            "prints as a \"Notas\" heading with {lines} writing lines"
        )) && said.contains(&format!("cut about {held} lines of text")),
        "{said}"
    );
    assert!(
        said.contains("at A4, it would end on page 7")
            && said.contains("the space between sections is tightened"),
        "{said}"
    );
    // A lesson that ends on a full page is not mentioned.
    assert!(!said.contains("at Letter large print"), "{said}");
}
