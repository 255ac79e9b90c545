//! One print file from many documents, written as they come.
//!
//! A facility's combined file holds hundreds of packets. Holding them all
//! in memory to save one big document would make memory grow with the
//! roster, so each packet's objects are renumbered and written straight
//! out; only where they went (for the cross-reference stream) and a few
//! object numbers per packet (its page tree, document element, leaf of the
//! parent tree) stay in memory. Bookmarks are written as packets come too,
//! each once the next one's number is known. Each packet keeps its own font
//! subsets, so every packet in the file is self-contained.
//!
//! A tagged packet is a thousand small dictionaries (its structure tree)
//! besides its few streams. They are packed into compressed object
//! streams, a block of consecutive numbers at a time, so that the file
//! stays small and the cross-reference bookkeeping costs one entry per
//! block instead of four bytes per object.
//!
//! With `duplex`, a packet with an odd number of pages gets a blank back
//! page, so that every packet starts on the front of a sheet and the
//! printed stack splits cleanly into stapled packets.

use std::collections::BTreeSet;
use std::io::{self, Write};

use lopdf::{Dictionary, Object, ObjectId};

use super::file::{self, ContentHash, PACK};
use super::objects::{self, Ids, Lookup, Numbers, references, renumber};
use super::tags::Placed;
use super::utf16;
use packet::{Numbering, Packet};
use shared::Shared;
use xref::{Counting, Xref};

mod packet;
mod shared;
mod xref;

/// Where one added document landed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Landed {
    /// First page, counting from 1 through the combined file.
    pub first_page: usize,
    /// Pages of the document itself.
    pub pages: usize,
    /// Blank pages added after it.
    pub blanks: usize,
}

pub struct Combiner<W: Write> {
    out: Counting<W>,
    xref: Xref,
    /// Each packet's page tree, and the blank pages between them.
    kids: Vec<u32>,
    pages: usize,
    outline: Outline,
    title: String,
    producer: String,
    creation_date: Option<String>,
    /// Each packet's document element, and its leaf of the parent tree.
    struct_kids: Vec<u32>,
    parent_tree: Vec<u32>,
    next_struct_key: i64,
    language: Option<Object>,
    /// Each packet's parent field, and the form's font resources.
    fields: Vec<u32>,
    form_resources: Option<(Option<Object>, Option<Object>)>,
    shared: Shared,
}

const ROOT_PAGES: ObjectId = (1, 0);
const CATALOG: ObjectId = (2, 0);
const INFO: ObjectId = (3, 0);
const STRUCT_ROOT: ObjectId = (4, 0);

impl<W: Write> Combiner<W> {
    /// Start a combined file titled `title` (never a client's name).
    pub fn new(
        inner: W,
        title: &str,
        producer: &str,
        creation_date: Option<String>,
    ) -> io::Result<Self> {
        let mut c = Combiner {
            out: Counting {
                inner,
                written: 0,
                hash: ContentHash::new(),
            },
            xref: Xref::new(),
            kids: Vec::new(),
            pages: 0,
            outline: Outline::default(),
            title: title.to_string(),
            producer: producer.to_string(),
            creation_date,
            struct_kids: Vec::new(),
            parent_tree: Vec::new(),
            next_struct_key: 0,
            language: None,
            fields: Vec::new(),
            form_resources: None,
            shared: Shared::default(),
        };
        // Root pages, catalog, info and structure root are written last,
        // under fixed numbers reserved here.
        for id in [ROOT_PAGES, CATALOG, INFO, STRUCT_ROOT] {
            assert_eq!(c.new_id(), id);
        }
        c.out.write_all(file::HEADER)?;
        Ok(c)
    }

    fn new_id(&mut self) -> ObjectId {
        self.xref.new_direct()
    }

    fn offset(&self) -> io::Result<u32> {
        u32::try_from(self.out.written).map_err(|_| {
            io::Error::other(
                "the combined file would pass 4 GB; split the roster into smaller runs",
            )
        })
    }

    /// A dictionary with one more entry, `key`, an array of references to
    /// `refs`; see [`file::write_indirect_with_refs`].
    fn write_with_refs(
        &mut self,
        id: ObjectId,
        dict: &Dictionary,
        key: &[u8],
        refs: &[u32],
    ) -> io::Result<()> {
        let offset = self.offset()?;
        self.xref.set_offset(id, offset);
        file::write_indirect_with_refs(&mut self.out, id.0, dict, key, refs)
    }

    fn write_object(&mut self, id: ObjectId, object: &Object) -> io::Result<()> {
        let offset = self.offset()?;
        self.xref.set_offset(id, offset);
        file::write_indirect(&mut self.out, id.0, object)
    }

    /// Numbers for `count` objects to pack: each block of up to [`PACK`]
    /// gets an object stream, numbered just before it.
    fn new_packs(&mut self, count: usize) -> Vec<(ObjectId, u32, usize)> {
        let mut packs = Vec::new();
        let mut left = count;
        while left > 0 {
            let n = left.min(PACK);
            let stream = self.new_id();
            let first = self.xref.new_packed(stream, n);
            packs.push((stream, first, n));
            left -= n;
        }
        packs
    }

    /// Append a document's pages, under a bookmark called `label`.
    /// Append a document's pages, under a bookmark called `label`. Its
    /// structure tree joins the file's; its form fields, if any, go under a
    /// parent field named `fields` (no dots), so each packet's names stay
    /// apart.
    pub fn add(
        &mut self,
        doc: &lopdf::Document,
        label: &str,
        fields: &str,
        duplex: bool,
    ) -> io::Result<Landed> {
        self.add_parts(doc, None, label, fields, duplex)
    }

    /// [`Combiner::add`] a painted copy, its structure elements written
    /// straight from the tree kept for its body.
    pub fn add_painted(
        &mut self,
        painted: &super::Painted,
        label: &str,
        fields: &str,
        duplex: bool,
    ) -> io::Result<Landed> {
        let (doc, tree) = painted.parts();
        self.add_parts(doc, tree, label, fields, duplex)
    }

    fn add_parts(
        &mut self,
        doc: &lopdf::Document,
        tree: Option<&Placed>,
        label: &str,
        fields: &str,
        duplex: bool,
    ) -> io::Result<Landed> {
        let packet = Packet::read(doc, tree)?;
        let numbering = self.number(&packet)?;
        // Keys into the parent tree move up past the packets before.
        let offset = self.next_struct_key;
        let wrapper = (!packet.form_fields.is_empty()).then(|| self.new_id());
        self.write_packet(&packet, &numbering, offset, wrapper)?;
        let map = &numbering.map;
        self.kids.push(map.of(&packet.pages_id).0);
        self.add_structure(&packet, map, offset)?;
        if let Some(w) = wrapper {
            self.add_form(&packet, map, w, fields)?;
        }
        self.add_pages(&packet, map, label, duplex)
    }

    /// Numbers in the file for every object of `packet` that goes into it:
    /// most packed into object streams, streams and fonts' dictionaries
    /// written directly, or, where an earlier packet wrote the same, that
    /// one's number. The fonts' dictionaries are written here.
    fn number(&mut self, packet: &Packet) -> io::Result<Numbering> {
        let doc = packet.doc;
        let (mut keep, streams) = packet.objects();
        // Streams are written directly, and so are the fonts' dictionaries
        // (for later packets to share); everything else is packed.
        let is_stream = |id: &ObjectId| streams.contains(id);
        let font_objects: Vec<ObjectId> = font_objects(doc)
            .into_iter()
            .filter(|id| keep.contains(id) && !is_stream(id))
            .collect();
        let mut fonts = Ids::default();
        font_objects.iter().for_each(|&id| {
            fonts.insert(id);
        });
        // Structure elements still in the kept tree (all they point to is
        // reached from the pages).
        for id in packet.tree.iter().flat_map(|t| t.numbers()) {
            keep.insert(id);
        }
        let kept: Vec<ObjectId> = keep.iter().collect();
        let packed: Vec<ObjectId> = kept
            .iter()
            .copied()
            .filter(|id| !is_stream(id) && !fonts.contains(id))
            .collect();
        let packs = self.new_packs(packed.len());
        let mut map = Numbers::default();
        let mut numbers = packs
            .iter()
            .flat_map(|&(_, first, n)| (first..first + n as u32).map(|k| (k, 0)));
        for &old in &packed {
            map.insert(old, numbers.next().expect("a number for each"));
        }
        let mut numbering = Numbering {
            map,
            written_before: Ids::default(),
            packs,
        };
        let streams: Vec<ObjectId> = kept.into_iter().filter(is_stream).collect();
        self.number_streams(packet, &streams, &mut numbering);
        self.write_fonts(doc, &font_objects, &mut numbering)?;
        Ok(numbering)
    }

    /// A number for each of `streams`, or an earlier packet's for one it
    /// wrote the same.
    fn number_streams(&mut self, packet: &Packet, streams: &[ObjectId], n: &mut Numbering) {
        let doc = packet.doc;
        // A page's own contents (the last of its streams) are the copy's;
        // any other stream may be one an earlier packet wrote.
        let own = packet.own_contents();
        let mut to_keep = Vec::new();
        for &old in streams {
            let stream = doc.get_object(old).and_then(Object::as_stream).ok();
            let key = stream
                .filter(|_| !own.contains(&old))
                .and_then(|s| Shared::key(s).map(|k| (s, k)));
            if let Some((s, (key, dict))) = key {
                if let Some(id) = self.shared.find(key, &dict, &s.content) {
                    n.map.insert(old, id);
                    n.written_before.insert(old);
                    continue;
                }
                let new = self.new_id();
                n.map.insert(old, new);
                to_keep.push((key, dict, old, new));
            } else {
                let new = self.new_id();
                n.map.insert(old, new);
            }
        }
        for (key, dict, old, new) in to_keep {
            if let Ok(s) = doc.get_object(old).and_then(Object::as_stream) {
                self.shared.keep(key, dict, &s.content, new);
            }
        }
    }

    /// The fonts' dictionaries, children first, so that each is written
    /// as it will read: one like an earlier packet's is that one.
    fn write_fonts(
        &mut self,
        doc: &lopdf::Document,
        font_objects: &[ObjectId],
        n: &mut Numbering,
    ) -> io::Result<()> {
        for &old in font_objects {
            let Ok(object) = doc.get_object(old) else {
                continue;
            };
            let mut bytes = Vec::new();
            file::write_renumbered(&mut bytes, object, Some(&n.map as &dyn Lookup))?;
            if let Some(id) = self.shared.find_object(&bytes) {
                n.map.insert(old, id);
            } else {
                let new = self.new_id();
                n.map.insert(old, new);
                let offset = self.offset()?;
                self.xref.set_offset(new, offset);
                let mut out = Vec::with_capacity(bytes.len() + 24);
                writeln!(out, "{} 0 obj", new.0)?;
                out.extend_from_slice(&bytes);
                out.extend_from_slice(b"\nendobj\n");
                self.out.write_all(&out)?;
                self.shared.keep_object(bytes, new);
            }
            n.written_before.insert(old);
        }
        Ok(())
    }

    /// Write the packet's objects not written yet: streams directly, the
    /// rest packed, renumbered on the way.
    fn write_packet(
        &mut self,
        packet: &Packet,
        n: &Numbering,
        offset: i64,
        wrapper: Option<ObjectId>,
    ) -> io::Result<()> {
        let map = &n.map;
        let through = packet.tree.map(|tree| Through { tree, map });
        let lookup: &dyn Lookup = match &through {
            Some(t) => t,
            None => map,
        };
        let changed = packet.changed(n, lookup, offset, wrapper);
        let mut pack = Vec::new();
        for (old, new) in map.iter() {
            if n.written_before.contains(&old) {
                continue;
            }
            let (object, renumber) = match changed.get(&old) {
                Some(o) => (o, None),
                None => match packet.object(old) {
                    Some(o) => (o, Some(lookup)),
                    None => continue,
                },
            };
            if matches!(object, Object::Stream(_)) {
                let offset = self.offset()?;
                self.xref.set_offset(new, offset);
                file::write_indirect_renumbered(&mut self.out, new.0, object, renumber)?;
            } else {
                pack.push((object, renumber));
            }
        }
        // `map` runs in old-number order, as the packed numbers do: the
        // objects are in their numbers' order.
        let mut rest = pack.as_slice();
        for &(stream, first, count) in &n.packs {
            let (these, after) = rest.split_at(count);
            let numbered: Vec<(u32, &Object, objects::Renumber)> =
                (first..).zip(these).map(|(k, &(o, r))| (k, o, r)).collect();
            let packed = file::object_stream_renumbered(&numbered)?;
            self.write_object(stream, &packed)?;
            rest = after;
        }
        Ok(())
    }

    /// The structure: the document element joins the file's root, and its
    /// part of the parent tree is written now as a leaf.
    fn add_structure(&mut self, packet: &Packet, map: &Numbers, offset: i64) -> io::Result<()> {
        let (Some(elem), Some(root)) = (packet.doc_elem, packet.struct_root_dict) else {
            return Ok(());
        };
        self.struct_kids.push(map.of(&elem).0);
        let nums = root
            .get(b"ParentTree")
            .and_then(Object::as_reference)
            .ok()
            .and_then(|r| packet.doc.get_dictionary(r).ok())
            .and_then(|t| t.get(b"Nums").ok())
            .and_then(|n| n.as_array().ok())
            .cloned()
            .unwrap_or_default();
        let mut shifted = Vec::with_capacity(nums.len());
        let (mut lo_key, mut hi_key) = (i64::MAX, i64::MIN);
        for pair in nums.chunks(2) {
            if let [Object::Integer(k), v] = pair {
                lo_key = lo_key.min(k + offset);
                hi_key = hi_key.max(k + offset);
                shifted.push(Object::Integer(k + offset));
                shifted.push(renumber(v, map));
            }
        }
        let next = root
            .get(b"ParentTreeNextKey")
            .and_then(Object::as_i64)
            .unwrap_or(0);
        self.next_struct_key = offset + next;
        if !shifted.is_empty() {
            let leaf_id = self.new_id();
            let mut leaf = Dictionary::new();
            leaf.set("Nums", Object::Array(shifted));
            leaf.set(
                "Limits",
                Object::Array(vec![Object::Integer(lo_key), Object::Integer(hi_key)]),
            );
            self.write_object(leaf_id, &Object::Dictionary(leaf))?;
            self.parent_tree.push(leaf_id.0);
        }
        if self.language.is_none() {
            self.language = packet.catalog.get(b"Lang").ok().cloned();
        }
        Ok(())
    }

    /// The form: this packet's fields under one parent, `wrapper`, named
    /// `fields`; the first packet's font resources serve the whole file.
    fn add_form(
        &mut self,
        packet: &Packet,
        map: &Numbers,
        wrapper: ObjectId,
        fields: &str,
    ) -> io::Result<()> {
        let mut d = Dictionary::new();
        d.set("T", Object::string_literal(fields));
        d.set(
            "Kids",
            Object::Array(
                packet
                    .form_fields
                    .iter()
                    .map(|f| Object::Reference(map.of(f)))
                    .collect(),
            ),
        );
        self.write_object(wrapper, &Object::Dictionary(d))?;
        self.fields.push(wrapper.0);
        if self.form_resources.is_none()
            && let Ok(form) = packet
                .catalog
                .get(b"AcroForm")
                .and_then(Object::as_reference)
            && let Ok(f) = packet.doc.get_dictionary(form)
        {
            self.form_resources = Some((
                f.get(b"DR").ok().map(|dr| renumber(dr, map)),
                f.get(b"DA").ok().cloned(),
            ));
        }
        Ok(())
    }

    /// The packet's bookmark, its pages counted, and with `duplex` a blank
    /// back page after an odd number of them.
    fn add_pages(
        &mut self,
        packet: &Packet,
        map: &Numbers,
        label: &str,
        duplex: bool,
    ) -> io::Result<Landed> {
        let page_ids = &packet.page_ids;
        let count = page_ids.len();
        let first_page = self.pages + 1;
        if let Some(first) = page_ids.first()
            && let Some(new_first) = map.get(first)
        {
            self.bookmark(label, new_first)?;
        }
        self.pages += count;

        let mut blanks = 0;
        if duplex && count % 2 == 1 {
            let media = page_ids
                .first()
                .and_then(|id| packet.doc.get_dictionary(*id).ok())
                .and_then(|p| p.get(b"MediaBox").ok().cloned())
                .unwrap_or_else(|| Object::Array(vec![0.into(), 0.into(), 612.into(), 792.into()]));
            let id = self.new_id();
            let mut page = Dictionary::new();
            page.set("Type", Object::Name(b"Page".to_vec()));
            page.set("Parent", Object::Reference(ROOT_PAGES));
            page.set("MediaBox", media);
            page.set("Resources", Object::Dictionary(Dictionary::new()));
            self.write_object(id, &Object::Dictionary(page))?;
            self.kids.push(id.0);
            self.pages += 1;
            blanks = 1;
        }
        Ok(Landed {
            first_page,
            pages: count,
            blanks,
        })
    }

    /// Write the page tree, bookmarks, catalog, cross-reference table and
    /// trailer; return the writer.
    pub fn finish(mut self) -> io::Result<W> {
        let mut catalog = Dictionary::new();
        catalog.set("Type", Object::Name(b"Catalog".to_vec()));
        catalog.set("Pages", Object::Reference(ROOT_PAGES));
        if let Some(last) = self.outline.pending.take() {
            let root = self.outline.root;
            self.write_bookmark(&last, None)?;
            let mut o = Dictionary::new();
            o.set("Type", Object::Name(b"Outlines".to_vec()));
            o.set("First", Object::Reference(self.outline.first));
            o.set("Last", Object::Reference(last.id));
            o.set("Count", Object::Integer(self.outline.count as i64));
            self.write_object(root, &Object::Dictionary(o))?;
            catalog.set("Outlines", Object::Reference(root));
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
        let mut root = Dictionary::new();
        root.set("Type", Object::Name(b"Pages".to_vec()));
        root.set("Count", Object::Integer(self.pages as i64));
        let kids = std::mem::take(&mut self.kids);
        self.write_with_refs(ROOT_PAGES, &root, b"Kids", &kids)?;
        drop(kids);

        // Tagged like each packet: one structure root over every packet's
        // document element, a parent tree of their leaves, the marks.
        if !self.struct_kids.is_empty() {
            let tree_id = self.new_id();
            let leaves = std::mem::take(&mut self.parent_tree);
            self.write_with_refs(tree_id, &Dictionary::new(), b"Kids", &leaves)?;
            drop(leaves);
            let mut sroot = Dictionary::new();
            sroot.set("Type", Object::Name(b"StructTreeRoot".to_vec()));
            sroot.set("ParentTree", Object::Reference(tree_id));
            sroot.set("ParentTreeNextKey", Object::Integer(self.next_struct_key));
            let elements = std::mem::take(&mut self.struct_kids);
            self.write_with_refs(STRUCT_ROOT, &sroot, b"K", &elements)?;
            catalog.set("StructTreeRoot", Object::Reference(STRUCT_ROOT));
            let mut mark = Dictionary::new();
            mark.set("Marked", Object::Boolean(true));
            catalog.set("MarkInfo", Object::Dictionary(mark));
            if let Some(lang) = self.language.clone() {
                catalog.set("Lang", lang);
            }
            let mut prefs = Dictionary::new();
            prefs.set("DisplayDocTitle", Object::Boolean(true));
            catalog.set("ViewerPreferences", Object::Dictionary(prefs));
            let xmp_id = self.new_id();
            let xmp = super::xmp(&self.title);
            self.write_object(xmp_id, &Object::Stream(xmp))?;
            catalog.set("Metadata", Object::Reference(xmp_id));
        } else {
            // Reserved but unused: a null keeps the table whole.
            self.write_object(STRUCT_ROOT, &Object::Null)?;
        }
        if !self.fields.is_empty() {
            let mut form = Dictionary::new();
            if let Some((dr, da)) = self.form_resources.take() {
                if let Some(dr) = dr {
                    form.set("DR", dr);
                }
                if let Some(da) = da {
                    form.set("DA", da);
                }
            }
            let form_id = self.new_id();
            let fields = std::mem::take(&mut self.fields);
            self.write_with_refs(form_id, &form, b"Fields", &fields)?;
            catalog.set("AcroForm", Object::Reference(form_id));
        }
        self.write_object(CATALOG, &Object::Dictionary(catalog))?;
        let mut info = Dictionary::new();
        info.set("Title", utf16(&self.title));
        info.set("Producer", Object::string_literal(self.producer.clone()));
        info.set("Creator", Object::string_literal("handout"));
        if let Some(date) = &self.creation_date {
            info.set("CreationDate", Object::string_literal(date.clone()));
            info.set("ModDate", Object::string_literal(date.clone()));
        }
        self.write_object(INFO, &Object::Dictionary(info))?;

        // The file ID: a hash of everything written so far.
        let file_id = self.out.hash.finish();
        // A cross-reference stream (packed objects need one), deflated row
        // by row as it is made: only the compressed table is held.
        let xref_id = self.new_id();
        let xref = self.offset()?;
        self.xref.set_offset(xref_id, xref);
        let size = self.xref.next;
        let mut rows = file::XrefRows::new();
        self.xref.write_rows(&mut rows)?;
        let table = rows.finish()?;
        file::xref_start(
            &mut self.out,
            xref_id.0,
            size,
            CATALOG,
            Some(INFO),
            file_id,
            &table,
        )?;
        file::xref_end(&mut self.out, xref)?;
        self.out.flush()?;
        Ok(self.out.inner)
    }
}

/// The file's bookmarks, one per packet, written as packets come: each
/// waits only for the next one's number.
#[derive(Default)]
struct Outline {
    /// The outline's own dictionary, numbered with the first bookmark and
    /// written last.
    root: ObjectId,
    first: ObjectId,
    count: usize,
    pending: Option<Bookmark>,
}

struct Bookmark {
    id: ObjectId,
    prev: Option<ObjectId>,
    title: String,
    page: ObjectId,
}

impl<W: Write> Combiner<W> {
    /// A bookmark called `title` to `page`; the one before it is written
    /// now that its next is known.
    fn bookmark(&mut self, title: &str, page: ObjectId) -> io::Result<()> {
        if self.outline.count == 0 {
            self.outline.root = self.new_id();
        }
        let id = self.new_id();
        if self.outline.count == 0 {
            self.outline.first = id;
        }
        self.outline.count += 1;
        let before = self.outline.pending.take();
        if let Some(b) = &before {
            self.write_bookmark(b, Some(id))?;
        }
        self.outline.pending = Some(Bookmark {
            id,
            prev: before.map(|b| b.id),
            title: title.to_string(),
            page,
        });
        Ok(())
    }

    fn write_bookmark(&mut self, b: &Bookmark, next: Option<ObjectId>) -> io::Result<()> {
        let mut d = Dictionary::new();
        d.set("Title", utf16(&b.title));
        d.set("Parent", Object::Reference(self.outline.root));
        d.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(b.page),
                Object::Name(b"XYZ".to_vec()),
                Object::Null,
                Object::Null,
                Object::Null,
            ]),
        );
        if let Some(prev) = b.prev {
            d.set("Prev", Object::Reference(prev));
        }
        if let Some(next) = next {
            d.set("Next", Object::Reference(next));
        }
        self.write_object(b.id, &Object::Dictionary(d))
    }
}

/// The objects of a document's fonts (those its pages' resources name),
/// each after the objects it refers to.
fn font_objects(doc: &lopdf::Document) -> Vec<ObjectId> {
    fn visit(
        doc: &lopdf::Document,
        id: ObjectId,
        out: &mut Vec<ObjectId>,
        seen: &mut BTreeSet<ObjectId>,
    ) {
        if !seen.insert(id) {
            return;
        }
        if let Ok(object) = doc.get_object(id) {
            let mut children = Vec::new();
            references(object, &mut |r| children.push(r));
            for c in children {
                visit(doc, c, out, seen);
            }
        }
        out.push(id);
    }
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for (_, id) in objects::page_fonts(doc) {
        visit(doc, id, &mut out, &mut seen);
    }
    out
}

/// Where the references of a copy's objects go in the file when some are
/// still the kept tree's: a stand-in becomes the copy's number first.
struct Through<'a> {
    tree: &'a Placed,
    map: &'a Numbers,
}

impl Lookup for Through<'_> {
    fn get(&self, id: &ObjectId) -> Option<ObjectId> {
        self.map.get(&self.tree.real(*id)?)
    }
}

#[cfg(test)]
mod tests;
