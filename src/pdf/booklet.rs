//! Saddle-stitch imposition: a booklet's pages placed two to each side of
//! a landscape sheet, in the order that reads right once the printed stack
//! is folded down the middle and stapled.
//!
//! Layout has already made the pages the booklet's size and padded them
//! to a multiple of four with "Notes" pages. Here each sheet side becomes
//! one page twice as wide, whose contents are the two pages' own content
//! streams, each moved to its half and clipped to it (`q … cm … Q`):
//! nothing is painted again, and the streams a combined file shares
//! (the lesson's part of every page) stay as they were.
//!
//! A booklet is for paper: it has no structure tree (a screen reader
//! would meet its pages out of order), no bookmarks (they pointed at
//! pages that are now halves of sheets) and no form fields. Links keep
//! working, moved with their page.

use std::collections::BTreeSet;

use lopdf::{Dictionary, Object, ObjectId, Stream};

use super::objects::references;

/// Pages on one sheet, both sides.
const PER_SHEET: usize = crate::layout::BOOKLET_PAGES_PER_SHEET;

/// The pages on each side of each sheet, in printing order (sheet 1's
/// front, its back, sheet 2's front …), as `[left, right]` page numbers
/// counted from 1, for a booklet of `pages` pages. A number past `pages`
/// (where the count is not a multiple of four) is a blank half.
///
/// Sheet `s` (from 0) of `n` pages carries on its front `n − 2s` and
/// `2s + 1`, on its back `2s + 2` and `n − 2s − 1`: printed on both sides,
/// flipped on the short edge, and folded, the stack reads 1, 2, 3 … n.
pub fn sides(pages: usize) -> Vec<[usize; 2]> {
    let n = pages.div_ceil(PER_SHEET) * PER_SHEET;
    (0..n / PER_SHEET)
        .flat_map(|s| [[n - 2 * s, 2 * s + 1], [2 * s + 2, n - 2 * s - 1]])
        .collect()
}

/// Impose `lo`'s pages as a booklet: its page tree becomes one page per
/// sheet side (see [`sides`]), each twice a page's width. A right-to-left
/// document (`rtl`) opens the other way, its spine on the right: each
/// side's two pages trade halves.
pub(super) fn impose(lo: &mut lopdf::Document, rtl: bool) {
    let pages: Vec<ObjectId> = lo.get_pages().into_values().collect();
    let Some(&first) = pages.first() else {
        return;
    };
    let Ok(pages_id) = lo
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
    else {
        return;
    };
    let (w, h) = page_size(lo, first);
    let mut kids = Vec::new();
    for mut side in sides(pages.len()) {
        if rtl {
            side.reverse();
        }
        let [left, right] = side;
        let halves = [(left, 0.0), (right, w)].map(|(n, dx)| (pages.get(n - 1).copied(), dx));
        let side = sheet_side(lo, &halves, w, h, pages_id);
        kids.push(Object::Reference(lo.add_object(side)));
    }
    if let Ok(tree) = lo.get_dictionary_mut(pages_id) {
        tree.set("Count", kids.len() as i64);
        tree.set("Kids", Object::Array(kids));
        tree.remove(b"MediaBox");
    }
    if let Ok(catalog) = lo.catalog_mut() {
        for key in [
            &b"StructTreeRoot"[..],
            b"MarkInfo",
            b"Outlines",
            b"AcroForm",
        ] {
            catalog.remove(key);
        }
        catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
    }
    prune(lo);
}

/// A page's width and height, from its media box.
fn page_size(lo: &lopdf::Document, page: ObjectId) -> (f32, f32) {
    let number = |o: &Object| o.as_float().ok();
    lo.get_dictionary(page)
        .and_then(|p| p.get(b"MediaBox"))
        .and_then(Object::as_array)
        .ok()
        .and_then(|b| {
            let v: Vec<f32> = b.iter().filter_map(number).collect();
            (v.len() == 4).then(|| (v[2] - v[0], v[3] - v[1]))
        })
        .unwrap_or((612.0, 792.0))
}

/// One side of a sheet: each of `halves` (a page, or none for a blank
/// half, and how far right it moves) painted in its half.
fn sheet_side(
    lo: &mut lopdf::Document,
    halves: &[(Option<ObjectId>, f32); 2],
    w: f32,
    h: f32,
    parent: ObjectId,
) -> Dictionary {
    let mut contents = Vec::new();
    let mut resources = Dictionary::new();
    let mut annots = Vec::new();
    for &(page, dx) in halves {
        let Some(page) = page else { continue };
        let Ok(dict) = lo.get_dictionary(page).cloned() else {
            continue;
        };
        // Moved to its half and clipped to it, so nothing it draws past
        // its edge shows on the facing page.
        let open = format!("q 1 0 0 1 {dx} 0 cm 0 0 {w} {h} re W n\n");
        contents.push(Object::Reference(operators(lo, open)));
        match dict.get(b"Contents") {
            Ok(Object::Array(a)) => contents.extend(a.iter().cloned()),
            Ok(o) => contents.push(o.clone()),
            Err(_) => {}
        }
        contents.push(Object::Reference(operators(lo, "Q\n".into())));
        if let Ok(r) = dict.get(b"Resources") {
            merge_resources(lo, &mut resources, r);
        }
        if let Ok(a) = dict.get(b"Annots").and_then(Object::as_array) {
            for annot in a {
                match annot {
                    Object::Reference(id) => {
                        if let Ok(d) = lo.get_dictionary_mut(*id) {
                            move_annotation(d, dx);
                        }
                        annots.push(annot.clone());
                    }
                    Object::Dictionary(d) => {
                        let mut d = d.clone();
                        move_annotation(&mut d, dx);
                        annots.push(Object::Dictionary(d));
                    }
                    _ => {}
                }
            }
        }
    }
    let mut side = Dictionary::new();
    side.set("Type", Object::Name(b"Page".to_vec()));
    side.set("Parent", Object::Reference(parent));
    let media = [0.0, 0.0, 2.0 * w, h].map(Object::Real).to_vec();
    side.set("MediaBox", Object::Array(media));
    side.set("Contents", Object::Array(contents));
    side.set("Resources", Object::Dictionary(resources));
    if !annots.is_empty() {
        side.set("Annots", Object::Array(annots));
    }
    side
}

/// A small content stream of `ops`, deflated with the rest.
fn operators(lo: &mut lopdf::Document, ops: String) -> ObjectId {
    lo.add_object(Stream::new(Dictionary::new(), ops.into_bytes()))
}

/// Add a page's resources (`page`, a dictionary or a reference to one)
/// to a sheet side's. Both pages come from one document, whose fonts and
/// images go by one name everywhere, so a name two pages share is the
/// same resource.
fn merge_resources(lo: &lopdf::Document, into: &mut Dictionary, page: &Object) {
    let Ok(page) = resolve(lo, page) else { return };
    for (kind, value) in page.iter() {
        let Ok(entries) = resolve(lo, value) else {
            // Not a dictionary (the procedure sets): kept as the first page has it.
            if !into.has(kind) {
                into.set(kind.clone(), value.clone());
            }
            continue;
        };
        match into.get_mut(kind) {
            Ok(Object::Dictionary(have)) => {
                for (name, r) in entries.iter() {
                    debug_assert!(
                        have.get(name).is_err() || have.get(name).ok() == Some(r),
                        "two pages of one document name different resources alike"
                    );
                    if !have.has(name) {
                        have.set(name.clone(), r.clone());
                    }
                }
            }
            _ => into.set(kind.clone(), Object::Dictionary(entries.clone())),
        }
    }
}

/// `o` as a dictionary, through a reference if it is one.
fn resolve<'a>(lo: &'a lopdf::Document, o: &'a Object) -> lopdf::Result<&'a Dictionary> {
    match o {
        Object::Reference(r) => lo.get_dictionary(*r),
        o => o.as_dict(),
    }
}

/// A link annotation moved right by `dx` with its page, and no longer
/// pointing into a structure tree the booklet doesn't have.
fn move_annotation(a: &mut Dictionary, dx: f32) {
    // Printed too: the link's rectangle has no border anyway.
    a.set("F", Object::Integer(4));
    a.remove(b"StructParent");
    a.remove(b"P");
    let moved: Option<Vec<Object>> = a.get(b"Rect").and_then(Object::as_array).ok().map(|r| {
        r.iter()
            .enumerate()
            .map(|(i, v)| match v.as_float() {
                Ok(x) if i % 2 == 0 => Object::Real(x + dx),
                _ => v.clone(),
            })
            .collect()
    });
    if let Some(rect) = moved {
        a.set("Rect", Object::Array(rect));
    }
}

/// Drop what nothing reaches any more: the old pages, the structure
/// tree, the bookmarks.
fn prune(lo: &mut lopdf::Document) {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<ObjectId> = Vec::new();
    for (_, value) in lo.trailer.iter() {
        references(value, &mut |r| todo.push(r));
    }
    while let Some(id) = todo.pop() {
        if !seen.insert(id) {
            continue;
        }
        if let Ok(obj) = lo.get_object(id) {
            references(obj, &mut |r| todo.push(r));
        }
    }
    lo.objects.retain(|id, _| seen.contains(id));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Folding the printed sheets: page k's back is page k+1, and the
    /// stack opens at 1 and closes at n.
    #[test]
    fn eight_pages_fold_in_order() {
        assert_eq!(sides(8), vec![[8, 1], [2, 7], [6, 3], [4, 5]]);
        assert_eq!(sides(4), vec![[4, 1], [2, 3]]);
        assert_eq!(sides(5), sides(8));
    }
}
