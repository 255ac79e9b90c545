//! Rules every laid-out document must keep, checked on the display list: all
//! items inside the margins, no overlapping text, no empty page, no page
//! ending on a heading, no tracker row split across pages, every prompt on
//! the page of its first writing line. Debug builds check every layout;
//! tests check the documents they make.

use std::collections::BTreeMap;

use super::{Document, Role, Shape, Theme};

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
            if let Role::TableCell { table, row, .. } = item.role {
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
            if let Role::WritingLine { field } = &item.role
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
