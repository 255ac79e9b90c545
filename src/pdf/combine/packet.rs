//! A document as the combiner reads it on its way into the file: where its
//! parts are, which of its objects go in, and the few that change.

use std::collections::{BTreeMap, BTreeSet};
use std::io;

use lopdf::{Dictionary, Object, ObjectId};

use super::{ROOT_PAGES, STRUCT_ROOT};
use crate::pdf::objects::{Ids, Lookup, Numbers, references, renumber};
use crate::pdf::tags::Placed;

/// A document being added to the file: where its parts are.
pub(super) struct Packet<'a> {
    pub(super) doc: &'a lopdf::Document,
    /// Its structure elements, when they are still the kept tree's.
    pub(super) tree: Option<&'a Placed>,
    pub(super) catalog: &'a Dictionary,
    pub(super) pages_id: ObjectId,
    pub(super) page_ids: Vec<ObjectId>,
    pub(super) struct_root: Option<ObjectId>,
    pub(super) struct_root_dict: Option<&'a Dictionary>,
    /// Its document element.
    pub(super) doc_elem: Option<ObjectId>,
    pub(super) form_fields: Vec<ObjectId>,
}

/// Where a packet's objects go in the file.
pub(super) struct Numbering {
    pub(super) map: Numbers,
    /// Objects already in the file (an earlier packet's stream or font,
    /// or a font dictionary written while numbering).
    pub(super) written_before: Ids,
    /// Each object stream, the first number packed in it, and how many.
    pub(super) packs: Vec<(ObjectId, u32, usize)>,
}

impl<'a> Packet<'a> {
    pub(super) fn read(doc: &'a lopdf::Document, tree: Option<&'a Placed>) -> io::Result<Self> {
        let bad = |what: &str| io::Error::new(io::ErrorKind::InvalidData, what.to_string());
        let catalog = doc
            .catalog()
            .map_err(|_| bad("document without a catalog"))?;
        let pages_id = catalog
            .get(b"Pages")
            .and_then(Object::as_reference)
            .map_err(|_| bad("document without pages"))?;
        let struct_root = catalog
            .get(b"StructTreeRoot")
            .and_then(Object::as_reference)
            .ok();
        let struct_root_dict = struct_root.and_then(|r| doc.get_dictionary(r).ok());
        let doc_elem = struct_root_dict
            .and_then(|d| d.get(b"K").ok())
            .and_then(|k| k.as_reference().ok());
        let form_fields: Vec<ObjectId> = catalog
            .get(b"AcroForm")
            .ok()
            .and_then(|f| match f {
                Object::Reference(r) => doc.get_dictionary(*r).ok(),
                Object::Dictionary(d) => Some(d),
                _ => None,
            })
            .and_then(|f| f.get(b"Fields").ok())
            .and_then(|f| f.as_array().ok())
            .map(|a| a.iter().filter_map(|o| o.as_reference().ok()).collect())
            .unwrap_or_default();
        Ok(Packet {
            doc,
            tree,
            catalog,
            pages_id,
            page_ids: doc.get_pages().into_values().collect(),
            struct_root,
            struct_root_dict,
            doc_elem,
            form_fields,
        })
    }

    /// Everything the page tree, the structure and the fields need, and
    /// nothing else (the document's own catalog, info, outline, structure
    /// root and parent tree stay behind: the file gets its own); and which
    /// of them are streams.
    pub(super) fn objects(&self) -> (Ids, Ids) {
        let doc = self.doc;
        let mut keep = Ids::default();
        let mut todo = vec![self.pages_id];
        todo.extend(self.doc_elem);
        todo.extend(&self.form_fields);
        let mut streams = Ids::default();
        while let Some(id) = todo.pop() {
            // A reference to no object is kept out: it gets no number and is
            // written as null. (Kept, it took a place in an object stream
            // that no object filled, and the combiner panicked.)
            let Ok(obj) = doc.get_object(id) else {
                continue;
            };
            if Some(id) == self.struct_root || !keep.insert(id) {
                continue;
            }
            if matches!(obj, Object::Stream(_)) {
                streams.insert(id);
            }
            references(obj, &mut |r| {
                if !keep.contains(&r) {
                    todo.push(r);
                }
            });
        }
        (keep, streams)
    }

    /// The last of each page's content streams: the copy's own.
    pub(super) fn own_contents(&self) -> BTreeSet<ObjectId> {
        self.page_ids
            .iter()
            .filter_map(|p| self.doc.get_dictionary(*p).ok())
            .filter_map(|p| match p.get(b"Contents") {
                Ok(Object::Reference(r)) => Some(*r),
                Ok(Object::Array(a)) => a.last().and_then(|o| o.as_reference().ok()),
                _ => None,
            })
            .collect()
    }

    /// A packet's object, its structure elements from the kept tree.
    pub(super) fn object(&self, id: ObjectId) -> Option<&'a Object> {
        self.doc
            .get_object(id)
            .ok()
            .or_else(|| self.tree.and_then(|t| t.element(id)))
    }

    /// The few objects that change on the way into the file, changed: the
    /// packet's page tree (its parent), its document element (its parent),
    /// what points into the parent tree (keys moved up by `offset`), its
    /// fields (under `wrapper`). Only pages and annotations point into the
    /// parent tree (`tags::place`): the rest need not be looked at.
    pub(super) fn changed(
        &self,
        n: &Numbering,
        lookup: &dyn Lookup,
        offset: i64,
        wrapper: Option<ObjectId>,
    ) -> BTreeMap<ObjectId, Object> {
        let doc = self.doc;
        let mut candidates = vec![self.pages_id];
        candidates.extend(self.doc_elem);
        candidates.extend(&self.form_fields);
        for &page in &self.page_ids {
            candidates.push(page);
            if let Ok(Object::Array(annots)) =
                doc.get_dictionary(page).and_then(|p| p.get(b"Annots"))
            {
                candidates.extend(annots.iter().filter_map(|a| a.as_reference().ok()));
            }
        }
        candidates.sort();
        candidates.dedup();
        let changes = |old: ObjectId, object: &Object| match object {
            Object::Dictionary(d) => {
                old == self.pages_id
                    || Some(old) == self.doc_elem
                    || d.has(b"StructParents")
                    || d.has(b"StructParent")
                    || (wrapper.is_some() && self.form_fields.contains(&old))
            }
            _ => false,
        };
        let mut changed = BTreeMap::new();
        for &old in &candidates {
            if !n.map.contains(&old) || n.written_before.contains(&old) {
                continue;
            }
            let Some(object) = self.object(old) else {
                continue;
            };
            if !changes(old, object) {
                continue;
            }
            let mut object = renumber(object, lookup);
            if let Object::Dictionary(d) = &mut object {
                self.change(old, d, offset, wrapper);
            }
            changed.insert(old, object);
        }
        changed
    }

    /// Change `d`, the packet's object `old`, as [`Packet::changed`] says.
    fn change(&self, old: ObjectId, d: &mut Dictionary, offset: i64, wrapper: Option<ObjectId>) {
        if old == self.pages_id {
            d.set("Parent", Object::Reference(ROOT_PAGES));
        }
        if Some(old) == self.doc_elem {
            d.set("P", Object::Reference(STRUCT_ROOT));
        }
        for key in [b"StructParents".as_slice(), b"StructParent"] {
            if let Ok(k) = d.get(key).and_then(Object::as_i64) {
                d.set(key, Object::Integer(k + offset));
            }
        }
        if let Some(w) = wrapper
            && self.form_fields.contains(&old)
        {
            d.set("Parent", Object::Reference(w));
        }
    }
}
