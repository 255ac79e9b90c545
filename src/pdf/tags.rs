//! Tagged PDF (PDF/UA-1): the structure tree a screen reader follows, built
//! from the structure the layout recorded, plus what the catalog must say
//! (marked, language, title shown, XMP identification).
//!
//! Elements join the tree in the order their content appears, page by page,
//! so the tree's order is the reading order. An element with no content
//! (an empty table cell) still joins its parent. Form elements join only
//! when they hold a widget, so a plain PDF has none.

use lopdf::{Dictionary, Object, ObjectId, Stream};

use super::PageMarks;
use crate::labels::Language;
use crate::layout::{Document, NodeId, Tag};

/// The structure type written for a tag.
pub(super) fn type_name(tag: &Tag) -> &'static str {
    match tag {
        Tag::Document => "Document",
        Tag::Sect => "Sect",
        Tag::H1 => "H1",
        Tag::H2 => "H2",
        Tag::H3 => "H3",
        Tag::P => "P",
        Tag::L => "L",
        Tag::LI => "LI",
        Tag::Lbl => "Lbl",
        Tag::LBody => "LBody",
        Tag::Table => "Table",
        Tag::TR => "TR",
        Tag::TH { .. } => "TH",
        Tag::TD => "TD",
        Tag::Link { .. } => "Link",
        Tag::Figure { .. } => "Figure",
        Tag::Form => "Form",
    }
}

/// BCP 47 language tags for the catalog and each lesson.
pub(super) fn lang(l: Language) -> &'static str {
    l.tag()
}

enum Kid {
    Node(NodeId),
    Mcid { page: usize, mcid: i64 },
    Annot { page: usize, obj: ObjectId },
}

/// A widget annotation joining a Form element, found by the form stage.
pub(super) struct Annotated {
    pub page: usize,
    pub node: NodeId,
    pub obj: ObjectId,
}

/// Build the structure tree and mark the document as tagged. Link
/// annotations become indirect objects tied to their Link elements;
/// `widgets` are form fields to tie to their Form elements.
pub(super) fn tag(
    lo: &mut lopdf::Document,
    doc: &Document,
    marks: &[PageMarks],
    widgets: &[Annotated],
) {
    let pages: Vec<ObjectId> = lo.get_pages().into_values().collect();
    let nodes = &doc.nodes;
    let mut kids: Vec<Vec<Kid>> = nodes.iter().map(|_| Vec::new()).collect();
    let mut attached = vec![false; nodes.len()];
    attached[0] = true;

    fn attach(
        n: NodeId,
        nodes: &[crate::layout::Node],
        attached: &mut [bool],
        kids: &mut [Vec<Kid>],
    ) {
        let i = n.0 as usize;
        if attached[i] {
            return;
        }
        attached[i] = true;
        if let Some(p) = nodes[i].parent {
            attach(p, nodes, attached, kids);
            kids[p.0 as usize].push(Kid::Node(n));
        }
    }

    // Annotations: links from the page's /Annots, in order, made indirect.
    let mut annots_of_page: Vec<Vec<(NodeId, ObjectId)>> = vec![Vec::new(); pages.len()];
    for (p, page_id) in pages.iter().enumerate() {
        let Some(m) = marks.get(p) else { continue };
        let inline: Vec<Object> = lo
            .get_dictionary(*page_id)
            .ok()
            .and_then(|d| d.get(b"Annots").ok())
            .and_then(|a| a.as_array().ok())
            .cloned()
            .unwrap_or_default();
        let mut refs = Vec::new();
        for (k, annot) in inline.into_iter().enumerate() {
            let Object::Dictionary(mut d) = annot else {
                refs.push(annot);
                continue;
            };
            d.set("F", Object::Integer(4));
            if let Some((node, text)) = m.links.get(k) {
                d.set("Contents", super::utf16(text));
                let id = lo.add_object(d);
                annots_of_page[p].push((*node, id));
                refs.push(Object::Reference(id));
            } else {
                refs.push(Object::Reference(lo.add_object(d)));
            }
        }
        for w in widgets.iter().filter(|w| w.page == p) {
            refs.push(Object::Reference(w.obj));
            annots_of_page[p].push((w.node, w.obj));
        }
        if let Ok(d) = lo.get_dictionary_mut(*page_id) {
            d.set("Annots", Object::Array(refs));
        }
    }

    for (p, m) in marks.iter().enumerate() {
        for &(mcid, node) in &m.content {
            attach(node, nodes, &mut attached, &mut kids);
            kids[node.0 as usize].push(Kid::Mcid { page: p, mcid });
        }
        for &(node, obj) in &annots_of_page[p] {
            attach(node, nodes, &mut attached, &mut kids);
            kids[node.0 as usize].push(Kid::Annot { page: p, obj });
        }
    }
    // Elements without content of their own (an empty cell, a table row)
    // still belong to their parents, except Form elements without a widget.
    for (i, n) in nodes.iter().enumerate() {
        if !attached[i] && !matches!(n.tag, Tag::Form) && !kids[i].is_empty() {
            attach(NodeId(i as u32), nodes, &mut attached, &mut kids);
        }
    }
    for (i, n) in nodes.iter().enumerate() {
        if !attached[i]
            && matches!(n.tag, Tag::TD)
            && let Some(p) = n.parent
            && attached[p.0 as usize]
        {
            attach(NodeId(i as u32), nodes, &mut attached, &mut kids);
        }
    }

    // Object ids for the tree.
    let root_id = lo.new_object_id();
    let elem_ids: Vec<Option<ObjectId>> = attached
        .iter()
        .map(|a| a.then(|| lo.new_object_id()))
        .collect();

    // The parent tree: for each page, the element of each marked-content id;
    // for each annotation, its element.
    let mut nums: Vec<Object> = Vec::new();
    for (p, m) in marks.iter().enumerate() {
        let arr: Vec<Object> = m
            .content
            .iter()
            .map(|&(_, node)| elem_ids[node.0 as usize].map_or(Object::Null, Object::Reference))
            .collect();
        nums.push(Object::Integer(p as i64));
        nums.push(Object::Array(arr));
        if let Ok(d) = lo.get_dictionary_mut(pages[p]) {
            d.set("StructParents", Object::Integer(p as i64));
            d.set("Tabs", Object::Name(b"S".to_vec()));
        }
    }
    let mut next_key = marks.len() as i64;
    for (p, annots) in annots_of_page.iter().enumerate() {
        let _ = p;
        for &(node, obj) in annots {
            nums.push(Object::Integer(next_key));
            nums.push(elem_ids[node.0 as usize].map_or(Object::Null, Object::Reference));
            if let Ok(d) = lo.get_dictionary_mut(obj) {
                d.set("StructParent", Object::Integer(next_key));
            }
            next_key += 1;
        }
    }

    // The elements.
    for (i, node) in nodes.iter().enumerate() {
        let Some(id) = elem_ids[i] else { continue };
        let mut d = Dictionary::new();
        // /Type /StructElem is optional; left out, the tree is smaller.
        d.set("S", Object::Name(type_name(&node.tag).as_bytes().to_vec()));
        let parent = match node.parent {
            Some(p) => elem_ids[p.0 as usize].unwrap_or(root_id),
            None => root_id,
        };
        d.set("P", Object::Reference(parent));
        // The page most of the element's content is on.
        let home = kids[i].iter().find_map(|k| match k {
            Kid::Mcid { page, .. } | Kid::Annot { page, .. } => Some(*page),
            Kid::Node(_) => None,
        });
        if let Some(page) = home {
            d.set("Pg", Object::Reference(pages[page]));
        }
        let k: Vec<Object> = kids[i]
            .iter()
            .filter_map(|k| match k {
                Kid::Node(n) => elem_ids[n.0 as usize].map(Object::Reference),
                Kid::Mcid { page, mcid } if Some(*page) == home => Some(Object::Integer(*mcid)),
                Kid::Mcid { page, mcid } => {
                    let mut r = Dictionary::new();
                    r.set("Type", Object::Name(b"MCR".to_vec()));
                    r.set("Pg", Object::Reference(pages[*page]));
                    r.set("MCID", Object::Integer(*mcid));
                    Some(Object::Dictionary(r))
                }
                Kid::Annot { page, obj } => {
                    let mut r = Dictionary::new();
                    r.set("Type", Object::Name(b"OBJR".to_vec()));
                    r.set("Pg", Object::Reference(pages[*page]));
                    r.set("Obj", Object::Reference(*obj));
                    Some(Object::Dictionary(r))
                }
            })
            .collect();
        d.set("K", Object::Array(k));
        if let Some(l) = node.language {
            d.set("Lang", Object::string_literal(lang(l)));
        }
        match &node.tag {
            Tag::TH { row } => {
                let mut a = Dictionary::new();
                a.set("O", Object::Name(b"Table".to_vec()));
                let scope: &[u8] = if *row { b"Row" } else { b"Column" };
                a.set("Scope", Object::Name(scope.to_vec()));
                d.set("A", Object::Dictionary(a));
            }
            Tag::Figure { alt } => d.set("Alt", super::utf16(alt)),
            Tag::Link { url } => d.set("Alt", super::utf16(url)),
            _ => {}
        }
        lo.objects.insert(id, Object::Dictionary(d));
    }

    let mut parent_tree = Dictionary::new();
    parent_tree.set("Nums", Object::Array(nums));
    let parent_tree_id = lo.add_object(parent_tree);
    let mut root = Dictionary::new();
    root.set("Type", Object::Name(b"StructTreeRoot".to_vec()));
    root.set(
        "K",
        elem_ids[0].map_or(Object::Array(vec![]), Object::Reference),
    );
    root.set("ParentTree", Object::Reference(parent_tree_id));
    root.set("ParentTreeNextKey", Object::Integer(next_key));
    lo.objects.insert(root_id, Object::Dictionary(root));
    // The document element's parent is the tree root.
    if let Some(doc_id) = elem_ids[0]
        && let Ok(d) = lo.get_dictionary_mut(doc_id)
    {
        d.set("P", Object::Reference(root_id));
    }

    let metadata = xmp(&doc.title);
    let metadata_id = lo.add_object(metadata);
    if let Ok(catalog) = lo.catalog_mut() {
        catalog.set("StructTreeRoot", Object::Reference(root_id));
        let mut mark_info = Dictionary::new();
        mark_info.set("Marked", Object::Boolean(true));
        catalog.set("MarkInfo", Object::Dictionary(mark_info));
        catalog.set("Lang", Object::string_literal(lang(doc.language)));
        let mut prefs = Dictionary::new();
        prefs.set("DisplayDocTitle", Object::Boolean(true));
        catalog.set("ViewerPreferences", Object::Dictionary(prefs));
        catalog.set("Metadata", Object::Reference(metadata_id));
    }
}

/// XMP metadata: the title, and the PDF/UA identification. No dates, no
/// names: nothing about the client.
pub(crate) fn xmp(title: &str) -> Stream {
    let title = title
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let body = format!(
        r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#
    );
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Metadata".to_vec()));
    dict.set("Subtype", Object::Name(b"XML".to_vec()));
    // Left uncompressed, as PDF/A and most readers of XMP expect.
    let mut s = Stream::new(dict, body.into_bytes());
    s.allows_compression = false;
    s
}
