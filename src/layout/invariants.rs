//! Rules every laid-out document must keep, checked on the display list: all
//! items inside the margins, no overlapping text, no empty page, no page
//! ending on a heading, no tracker row split across pages, every prompt on
//! the page of its first writing line. Debug builds check every layout;
//! tests check the documents they make.

use std::collections::BTreeMap;

use super::{Document, Options, Role, Shape, Theme};
use crate::text::Rich;
use crate::worksheet::Worksheet;

/// Every broken rule, described; empty when the document is sound.
pub fn violations(doc: &Document, theme: &Theme) -> Vec<String> {
    let mut out = Vec::new();
    let eps = 0.01;
    let (left, right) = (theme.margin_x, theme.page_width - theme.margin_x);
    let (top, bottom) = (theme.margin_top, theme.page_height - theme.margin_bottom);

    let mut row_pages: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
    for (p, page) in doc.pages.iter().enumerate() {
        let n = p + 1;
        if !page.items.iter().any(|i| i.role != Role::Artifact) {
            out.push(format!("page {n} has no content"));
        }
        for item in &page.items {
            let (l, t, r, b) = item.shape.bounds();
            if l < left - eps || r > right + eps || t < top - eps || b > bottom + eps {
                out.push(format!(
                    "page {n}: {:?} {:?} at ({l:.1}, {t:.1})-({r:.1}, {b:.1}) is outside the margins",
                    item.role,
                    item.shape.text().unwrap_or("")
                ));
            }
        }
        // Text runs must not overlap each other.
        let texts: Vec<_> = page
            .items
            .iter()
            .filter(|i| matches!(i.shape, Shape::Text { .. }))
            .map(|i| (i.shape.bounds(), i.shape.text().unwrap_or("")))
            .collect();
        for (a, (ba, ta)) in texts.iter().enumerate() {
            for (bb, tb) in &texts[a + 1..] {
                let x = ba.0 < bb.2 - eps && bb.0 < ba.2 - eps;
                let y = ba.1 < bb.3 - eps && bb.1 < ba.3 - eps;
                if x && y {
                    out.push(format!("page {n}: text `{ta}` overlaps `{tb}`"));
                }
            }
        }
        // The last thing on a page may not be a heading.
        if let Some(last) = page.items.iter().rev().find(|i| i.role != Role::Artifact)
            && matches!(last.role, Role::Heading | Role::Subheading | Role::Title)
            && p + 1 < doc.pages.len()
        {
            out.push(format!(
                "page {n} ends with the heading `{}`",
                last.shape.text().unwrap_or("")
            ));
        }
        for item in &page.items {
            if let Role::TableCell { table, row, .. } | Role::InputCell { table, row, .. } =
                item.role
            {
                let pages = row_pages.entry((table, row)).or_default();
                if !pages.contains(&n) {
                    pages.push(n);
                }
            }
        }
    }
    for ((t, row), pages) in &row_pages {
        if pages.len() > 1 {
            out.push(format!(
                "table {t} row {row} is split across pages {pages:?}"
            ));
        }
    }

    // A prompt and its first writing line share a page: the item just
    // before each `.../line1` writing line is on the same page.
    let mut prev: Option<(usize, &Role)> = None;
    for (p, page) in doc.pages.iter().enumerate() {
        for item in page.items.iter().filter(|i| i.role != Role::Artifact) {
            if let Role::WritingLine { field, .. } = &item.role
                && field.ends_with("/line1")
                && let Some((pp, role)) = prev
                && pp != p
                && matches!(role, Role::ListBody | Role::Paragraph)
            {
                out.push(format!(
                    "the prompt before `{field}` is on page {}, its first line on page {}",
                    pp + 1,
                    p + 1
                ));
            }
            prev = Some((p, &item.role));
        }
    }
    out
}

/// Every character of every word of each worksheet is on its lesson's pages
/// exactly once and in reading order: the letters and digits of the text
/// items, read page by page, spell out the worksheet's text. (Spaces and
/// punctuation are left out, so a word cut across two lines still counts
/// once; labels such as list numbers and `Name:` are layout's own.)
pub fn words_in_order(doc: &Document, worksheets: &[Worksheet], opts: &Options) -> Vec<String> {
    let mut out = Vec::new();
    let starts: Vec<usize> = doc.outline.iter().map(|b| b.page).collect();
    for (i, ws) in worksheets.iter().enumerate() {
        let Some(&from) = starts.get(i) else {
            out.push(format!("worksheet {} has no pages", i + 1));
            continue;
        };
        let to = starts.get(i + 1).copied().unwrap_or(doc.pages.len());
        // A header row repeated on a later page is not new text: count a
        // header cell only on the page it first appears on.
        let mut header_page = BTreeMap::new();
        let mut placed = String::new();
        for (p, page) in doc.pages[from..to].iter().enumerate() {
            for item in &page.items {
                let counts = match item.role {
                    Role::TableHeader { table, col } => {
                        *header_page.entry((table, col)).or_insert(p) == p
                    }
                    Role::Title
                    | Role::Subtitle
                    | Role::Heading
                    | Role::Subheading
                    | Role::Paragraph
                    | Role::ListBody
                    | Role::TableCell { .. }
                    | Role::Value { .. } => true,
                    _ => false,
                };
                if counts && let Some(t) = item.shape.text() {
                    placed.extend(t.chars().filter(|c| c.is_alphanumeric()));
                }
            }
        }
        // The fitting pass's Notes block, when it gave one.
        let notes = doc.pages[from..to].iter().flat_map(|p| &p.items).any(|i| {
            matches!(&i.role, Role::WritingLine { field, .. }
                if field == "notes/line1" || field.ends_with("/notes/line1"))
        });
        let expected: String = expected_text(ws, opts.qr && ws.lesson.qr, notes)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        if placed != expected {
            let at = placed
                .chars()
                .zip(expected.chars())
                .take_while(|(a, b)| a == b)
                .count();
            let near = |s: &str| {
                s.chars()
                    .skip(at.saturating_sub(20))
                    .take(40)
                    .collect::<String>()
            };
            out.push(format!(
                "worksheet {}: the text placed differs from the lesson's after {at} letters: placed `{}`, expected `{}`",
                i + 1,
                near(&placed),
                near(&expected)
            ));
        }
    }
    out
}

/// The worksheet's text in reading order, as layout should place it; with
/// `notes`, the fitting pass's Notes heading after its sections; with `qr`,
/// the Resources box of its links at the end.
fn expected_text(ws: &Worksheet, qr: bool, notes: bool) -> String {
    let mut s = String::new();
    let mut add = |r: &Rich| {
        s.push_str(&r.to_plain());
        s.push(' ');
    };
    let h = &ws.header;
    for v in [&h.facility].into_iter().flatten() {
        add(&Rich::plain(v));
    }
    add(&ws.lesson.title);
    if let Some(sub) = &ws.lesson.subtitle {
        add(sub);
    }
    for v in [&h.name, &h.date, &h.clinician].into_iter().flatten() {
        add(&Rich::plain(v));
    }
    let labels = ws.lesson.language.labels();
    for section in &ws.lesson.sections {
        section.visit(labels, &mut |_, rich| add(rich));
    }
    if notes {
        add(&Rich::plain(labels.notes));
    }
    let links = ws.lesson.links();
    if qr && !links.is_empty() {
        // The box's heading; the captions beside its codes are copies.
        add(&Rich::plain(labels.resources));
    }
    if !ws.lesson.sources.is_empty() {
        let (label, items) = super::build::sources_text(labels, &ws.lesson.sources);
        add(&label);
        items.iter().for_each(&mut add);
    }
    s
}
