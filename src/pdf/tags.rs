//! Tagged PDF (PDF/UA-1): the structure tree a screen reader follows, built
//! from the structure the layout recorded, plus what the catalog must say
//! (marked, language, title shown, XMP identification).
//!
//! Elements join the tree in the order their content appears, page by page,
//! so the tree's order is the reading order. An element with no content
//! (an empty table cell) still joins its parent. Form elements join only
//! when they hold a widget, so a plain PDF has none.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use lopdf::{Dictionary, Object, ObjectId, Stream};

use crate::cache::{self, Cache};
use crate::labels::Language;
use crate::layout::{Document, NodeId, Tag};

/// What a page's content stream marked, for the structure tree and the
/// form fields built after it.
#[derive(Debug, Default)]
pub(crate) struct PageMarks {
    /// Marked-content ids in order, with the element each belongs to.
    pub content: Vec<(i64, NodeId)>,
    /// The element of each link annotation, in the order they are written.
    pub links: Vec<(NodeId, String)>,
    /// Places to fill in (fillable PDFs only).
    pub fields: Vec<super::form::Widget>,
}

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
    Annot { page: usize, annot: u32 },
}

/// Object numbers a [`Tree`] stands in for until [`place`] gives the
/// copy's: generation `u16::MAX`, the kind in the number's top byte.
const STAND_IN: u16 = u16::MAX;
const ROOT: u32 = 0;
const ELEMENT: u32 = 1 << 24;
const PAGE: u32 = 2 << 24;
const ANNOT: u32 = 3 << 24;

fn stand_in(kind: u32, index: usize) -> Object {
    Object::Reference((kind | index as u32, STAND_IN))
}

/// A document's structure tree with stand-ins for its object numbers: it
/// follows from the layout's structure and the marks of the painted pages
/// alone, so every copy painted from one body has the same tree, made
/// once ([`kept`]) and numbered into each copy ([`place`]).
pub(super) struct Tree {
    nodes: Vec<crate::layout::Node>,
    marks: Vec<Vec<(i64, NodeId)>>,
    /// The element of each annotation, page by page.
    annots: Vec<Vec<NodeId>>,
    /// The elements, in the order of their numbers; the tree root's
    /// number comes before them.
    elements: Vec<Object>,
    /// The parent tree's `/Nums`.
    nums: Vec<Object>,
    next_key: i64,
}

/// Build the structure tree and mark the document as tagged. Link
/// annotations become indirect objects tied to their Link elements;
/// `widgets` are form fields to tie to their Form elements.
///
/// The elements themselves are numbered but not yet in `lo`: the combined
/// file writes them straight from the kept tree ([`Placed::element`]);
/// [`Placed::materialize`] puts them in for everything else.
pub(super) fn tag(
    lo: &mut lopdf::Document,
    doc: &Document,
    marks: &[PageMarks],
    widgets: &[super::form::Annotated],
    cache: &Cache,
) -> Placed {
    let pages: Vec<ObjectId> = lo.get_pages().into_values().collect();
    let annots = annotate(lo, &pages, marks, widgets);
    let marks: Vec<&[(i64, NodeId)]> = marks.iter().map(|m| m.content.as_slice()).collect();
    let tree = kept(&doc.nodes, &marks, &annots, cache);
    place(lo, doc, pages, &annots, tree)
}

/// A kept tree given a copy's object numbers: its elements are numbers
/// `first` on, after the tree root's.
pub(crate) struct Placed {
    tree: Arc<Tree>,
    root: ObjectId,
    first: u32,
    pages: Vec<ObjectId>,
    annots: Vec<ObjectId>,
}

impl Placed {
    /// The copy's number for `id`, a stand-in or not.
    pub(crate) fn real(&self, (n, g): ObjectId) -> Option<ObjectId> {
        if g != STAND_IN {
            return Some((n, g));
        }
        let index = (n & 0xFF_FFFF) as usize;
        match n & !0xFF_FFFF {
            ROOT => Some(self.root),
            ELEMENT => Some((self.first + index as u32, 0)),
            PAGE => self.pages.get(index).copied(),
            ANNOT => self.annots.get(index).copied(),
            _ => None,
        }
    }

    /// The elements' numbers in the copy.
    pub(crate) fn numbers(&self) -> impl Iterator<Item = ObjectId> + '_ {
        (self.first..self.first + self.tree.elements.len() as u32).map(|n| (n, 0))
    }

    /// The element numbered `id` in the copy, with stand-ins for numbers
    /// (see [`Placed::real`]).
    pub(crate) fn element(&self, id: ObjectId) -> Option<&Object> {
        let k = id.0.checked_sub(self.first)? as usize;
        (id.1 == 0).then(|| self.tree.elements.get(k)).flatten()
    }

    /// The elements with their numbers in the copy, stand-ins and all.
    pub(crate) fn elements(&self) -> Vec<(ObjectId, &Object)> {
        self.numbers().zip(&self.tree.elements).collect()
    }

    /// Put the elements in `lo`, numbered as the copy's.
    pub(crate) fn materialize(&self, lo: &mut lopdf::Document) {
        for (k, element) in self.tree.elements.iter().enumerate() {
            let mut element = element.clone();
            super::objects::renumber_in_place(&mut element, &|id| self.real(id));
            lo.objects.insert((self.first + k as u32, 0), element);
        }
    }
}

/// Links from each page's `/Annots`, in order, made indirect, and the
/// widgets after them: the element and object of each, page by page.
fn annotate(
    lo: &mut lopdf::Document,
    pages: &[ObjectId],
    marks: &[PageMarks],
    widgets: &[super::form::Annotated],
) -> Vec<Vec<(NodeId, ObjectId)>> {
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
    annots_of_page
}

/// Which structure tree a copy has, as the cache knows it: a digest of its
/// structure, the marks of its pages and the elements of its annotations.
/// A digest, like the body's key ([`super::body::BodyKey`]); each tree
/// holds what it was built from, compared in full on every hit.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct TreeKey(u64);

impl cache::Key for TreeKey {
    /// The trees of this digest (almost always one).
    type Value = Arc<Vec<Arc<Tree>>>;
    /// As many as bodies: a tree follows from a body's structure and marks.
    const KEEP: usize = 24;
}

/// The tree for this structure and these marks: made the first time, kept
/// in `cache` for the copies after. It holds no client detail: the
/// structure and the marks are the body's.
fn kept(
    nodes: &[crate::layout::Node],
    marks: &[&[(i64, NodeId)]],
    annots: &[Vec<(NodeId, ObjectId)>],
    cache: &Cache,
) -> Arc<Tree> {
    let mut h = super::Fx::default();
    nodes.len().hash(&mut h);
    for m in marks {
        m.hash(&mut h);
    }
    for a in annots {
        a.len().hash(&mut h);
        a.iter().for_each(|(n, _)| n.hash(&mut h));
    }
    let key = TreeKey(h.finish());
    let same = |t: &Tree| {
        t.marks.len() == marks.len()
            && t.marks.iter().zip(marks).all(|(a, b)| a == b)
            && t.annots.len() == annots.len()
            && t.annots
                .iter()
                .zip(annots)
                .all(|(a, b)| a.iter().copied().eq(b.iter().map(|(n, _)| *n)))
            && t.nodes == nodes
    };
    let kept = cache.get(&key);
    if let Some(tree) = kept.iter().flat_map(|k| k.iter()).find(|t| same(t)) {
        return tree.clone();
    }
    let tree = Arc::new(build(
        nodes,
        marks.iter().map(|m| m.to_vec()).collect(),
        annots
            .iter()
            .map(|a| a.iter().map(|(n, _)| *n).collect())
            .collect(),
    ));
    let mut trees = kept.map(|k| k.to_vec()).unwrap_or_default();
    trees.push(tree.clone());
    cache.put(key, Arc::new(trees));
    tree
}

/// The structure tree of `nodes` whose content is marked `marks` and
/// whose annotations belong to `annots`, page by page. Elements join in
/// the order their content appears, so the tree's order is the reading
/// order.
fn build(
    nodes: &[crate::layout::Node],
    marks: Vec<Vec<(i64, NodeId)>>,
    annots: Vec<Vec<NodeId>>,
) -> Tree {
    let (kids, attached) = attach_all(nodes, &marks, &annots);

    // Each attached element's number, after the root's.
    let mut count = 0;
    let elem: Vec<Option<Object>> = attached
        .iter()
        .map(|a| {
            a.then(|| {
                count += 1;
                stand_in(ELEMENT, count - 1)
            })
        })
        .collect();
    let (nums, next_key) = parent_tree(&marks, &annots, &elem);
    let mut elements = Vec::with_capacity(count);
    for (i, node) in nodes.iter().enumerate() {
        if elem[i].is_some() {
            elements.push(Object::Dictionary(element(node, i, &kids[i], &elem)));
        }
    }
    Tree {
        nodes: nodes.to_vec(),
        marks,
        annots,
        elements,
        nums,
        next_key,
    }
}

/// Each node's kids, in reading order, and whether it joins the tree.
fn attach_all(
    nodes: &[crate::layout::Node],
    marks: &[Vec<(i64, NodeId)>],
    annots: &[Vec<NodeId>],
) -> (Vec<Vec<Kid>>, Vec<bool>) {
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

    let mut annot = 0;
    for (p, m) in marks.iter().enumerate() {
        for &(mcid, node) in m {
            attach(node, nodes, &mut attached, &mut kids);
            kids[node.0 as usize].push(Kid::Mcid { page: p, mcid });
        }
        for &node in annots.get(p).into_iter().flatten() {
            attach(node, nodes, &mut attached, &mut kids);
            kids[node.0 as usize].push(Kid::Annot { page: p, annot });
            annot += 1;
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
    (kids, attached)
}

/// The parent tree's `/Nums`: for each page, the element of each
/// marked-content id; for each annotation, its element. And the key after
/// the last.
fn parent_tree(
    marks: &[Vec<(i64, NodeId)>],
    annots: &[Vec<NodeId>],
    elem: &[Option<Object>],
) -> (Vec<Object>, i64) {
    let mut nums: Vec<Object> = Vec::new();
    for (p, m) in marks.iter().enumerate() {
        let arr: Vec<Object> = m
            .iter()
            .map(|&(_, node)| elem[node.0 as usize].clone().unwrap_or(Object::Null))
            .collect();
        nums.push(Object::Integer(p as i64));
        nums.push(Object::Array(arr));
    }
    let mut next_key = marks.len() as i64;
    for &node in annots.iter().flatten() {
        nums.push(Object::Integer(next_key));
        nums.push(elem[node.0 as usize].clone().unwrap_or(Object::Null));
        next_key += 1;
    }
    (nums, next_key)
}

/// The element of `node` (number `i`), with its `kids`.
fn element(
    node: &crate::layout::Node,
    i: usize,
    kids: &[Kid],
    elem: &[Option<Object>],
) -> Dictionary {
    let root = stand_in(ROOT, 0);
    let page = |p: usize| stand_in(PAGE, p);
    let mut d = Dictionary::new();
    // /Type /StructElem is optional; left out, the tree is smaller.
    d.set("S", Object::Name(type_name(&node.tag).as_bytes().to_vec()));
    // The document element's parent is the tree root.
    let parent = match node.parent {
        Some(p) if i > 0 => elem[p.0 as usize].clone().unwrap_or(root.clone()),
        _ => root.clone(),
    };
    d.set("P", parent);
    // The page most of the element's content is on.
    let home = kids.iter().find_map(|k| match k {
        Kid::Mcid { page, .. } | Kid::Annot { page, .. } => Some(*page),
        Kid::Node(_) => None,
    });
    if let Some(p) = home {
        d.set("Pg", page(p));
    }
    let k: Vec<Object> = kids
        .iter()
        .filter_map(|k| match k {
            Kid::Node(n) => elem[n.0 as usize].clone(),
            Kid::Mcid { page: p, mcid } if Some(*p) == home => Some(Object::Integer(*mcid)),
            Kid::Mcid { page: p, mcid } => {
                let mut r = Dictionary::new();
                r.set("Type", Object::Name(b"MCR".to_vec()));
                r.set("Pg", page(*p));
                r.set("MCID", Object::Integer(*mcid));
                Some(Object::Dictionary(r))
            }
            Kid::Annot { page: p, annot } => {
                let mut r = Dictionary::new();
                r.set("Type", Object::Name(b"OBJR".to_vec()));
                r.set("Pg", page(*p));
                r.set("Obj", stand_in(ANNOT, *annot as usize));
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
    d
}

/// Give `tree` the copy's object numbers, and put in the copy its parent
/// tree and root, the pages' and annotations' keys into the parent tree,
/// and what the catalog says of a tagged document. The elements stay in
/// the tree, numbered ([`Placed`]).
fn place(
    lo: &mut lopdf::Document,
    doc: &Document,
    pages: Vec<ObjectId>,
    annots: &[Vec<(NodeId, ObjectId)>],
    tree: Arc<Tree>,
) -> Placed {
    let root_id = lo.new_object_id();
    let first = lo.max_id + 1;
    lo.max_id += tree.elements.len() as u32;
    let annot_ids: Vec<ObjectId> = annots.iter().flatten().map(|&(_, id)| id).collect();
    let placed = Placed {
        tree: tree.clone(),
        root: root_id,
        first,
        pages,
        annots: annot_ids,
    };
    let real = |id: ObjectId| placed.real(id);
    let (pages, annot_ids) = (&placed.pages, &placed.annots);

    for (p, page) in pages.iter().enumerate().take(tree.marks.len()) {
        if let Ok(d) = lo.get_dictionary_mut(*page) {
            d.set("StructParents", Object::Integer(p as i64));
            d.set("Tabs", Object::Name(b"S".to_vec()));
        }
    }
    for (key, id) in (tree.marks.len() as i64..).zip(annot_ids) {
        if let Ok(d) = lo.get_dictionary_mut(*id) {
            d.set("StructParent", Object::Integer(key));
        }
    }
    let mut nums = Object::Array(tree.nums.clone());
    super::objects::renumber_in_place(&mut nums, &real);
    let mut parent_tree = Dictionary::new();
    parent_tree.set("Nums", nums);
    let parent_tree_id = lo.add_object(parent_tree);
    let mut root = Dictionary::new();
    root.set("Type", Object::Name(b"StructTreeRoot".to_vec()));
    root.set(
        "K",
        if tree.elements.is_empty() {
            Object::Array(vec![])
        } else {
            Object::Reference((first, 0))
        },
    );
    root.set("ParentTree", Object::Reference(parent_tree_id));
    root.set("ParentTreeNextKey", Object::Integer(tree.next_key));
    lo.objects.insert(root_id, Object::Dictionary(root));

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
    placed
}

impl super::objects::Lookup for Placed {
    fn get(&self, id: &ObjectId) -> Option<ObjectId> {
        self.real(*id)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Node;

    fn node(tag: Tag, parent: Option<u32>) -> Node {
        Node {
            tag,
            parent: parent.map(NodeId),
            language: None,
        }
    }

    /// Element `k`'s `/K`, stand-ins and all.
    fn kids(tree: &Tree, k: usize) -> Vec<Object> {
        tree.elements[k]
            .as_dict()
            .unwrap()
            .get(b"K")
            .and_then(Object::as_array)
            .cloned()
            .unwrap_or_default()
    }

    #[test]
    fn a_kept_tree_serves_only_the_same_structure_and_marks() {
        // A document, a heading and two paragraphs, on two pages.
        let nodes = vec![
            node(Tag::Document, None),
            node(Tag::H1, Some(0)),
            node(Tag::P, Some(0)),
            node(Tag::P, Some(0)),
        ];
        let one: Vec<(i64, NodeId)> = vec![(0, NodeId(1)), (1, NodeId(2))];
        let two: Vec<(i64, NodeId)> = vec![(0, NodeId(3))];
        let none = vec![Vec::new(), Vec::new()];
        let cache = Cache::new();
        let a = kept(&nodes, &[&one, &two], &none, &cache);
        // The same structure with the second paragraph's content on the
        // first page: a tree of its own, not the one kept.
        let both: Vec<(i64, NodeId)> = vec![(0, NodeId(1)), (1, NodeId(2)), (2, NodeId(3))];
        let b = kept(&nodes, &[&both, &[]], &none, &cache);
        assert!(!Arc::ptr_eq(&a, &b));
        let fresh = build(&nodes, vec![both.clone(), Vec::new()], vec![Vec::new(); 2]);
        assert!(b.elements == fresh.elements && b.nums == fresh.nums);
        // The document element holds the heading and both paragraphs; the
        // last paragraph's content is marked 0 on page 2 in `a`, 2 on page 1
        // in `b`.
        assert_eq!(kids(&a, 0).len(), 3);
        assert_eq!(kids(&a, 3), vec![Object::Integer(0)]);
        assert_eq!(kids(&b, 3), vec![Object::Integer(2)]);
        // Other structure, same marks: not the kept tree either.
        let mut other = nodes.clone();
        other[3] = node(Tag::H2, Some(0));
        let c = kept(&other, &[&one, &two], &none, &cache);
        assert!(!Arc::ptr_eq(&a, &c));
        assert_eq!(
            c.elements[3].as_dict().unwrap().get(b"S").ok(),
            Some(&Object::Name(b"H2".to_vec()))
        );
        // And the first again: the tree kept for it.
        assert!(Arc::ptr_eq(&a, &kept(&nodes, &[&one, &two], &none, &cache)));
    }
}
