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

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

use super::ContentHash;
use super::tags::Placed;
use super::write::{self, Ids, Numbers, PACK, Row};

/// Counts bytes (for offsets) and hashes them (for the file ID).
struct Counting<W: Write> {
    inner: W,
    written: u64,
    hash: ContentHash,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.written += n as u64;
        self.hash.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Where one added document landed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    /// First page, counting from 1 through the combined file.
    pub first_page: usize,
    /// Pages of the document itself.
    pub pages: usize,
    /// Blank pages added after it.
    pub blanks: usize,
}

/// Where every object of the file is, by object number, compactly: a few
/// bytes per run of numbers, and a byte or two per object written directly
/// (a combined file is limited to 4 GB).
struct Xref {
    /// Runs of consecutive object numbers, from 1, each starting at the
    /// number given and ending where the next starts: 8 bytes a run, a
    /// few runs a packet.
    runs: Vec<(u32, Run)>,
    /// The byte offset of every object written directly, run after run.
    offsets: Offsets,
    next: u32,
}

/// The byte offsets of the objects written directly, in the order of their
/// numbers. A combined file of 20,000 packets has some 300,000, which the
/// combiner holds to the end: the last few thousand as they are (any of
/// them may still be set: an object is numbered before it is written), the
/// ones before as differences from the one before, zigzag-coded in a few
/// bytes each (LEB128): mostly two instead of four.
///
/// A few objects are numbered first and written last (the catalog, the
/// page tree, the outline's root): they are packed as a difference of
/// nothing, and their offsets kept aside in `late`, so that they don't hold
/// every offset after them open to the end.
#[derive(Default)]
struct Offsets {
    packed: Vec<u8>,
    /// How many offsets `packed` holds, and the last of them.
    packed_len: usize,
    last: u32,
    open: Vec<u32>,
    /// By index: offsets packed before they were set (0 until they are).
    late: BTreeMap<usize, u32>,
}

impl Offsets {
    /// How many offsets stay as they are.
    const OPEN: usize = 4096;

    fn len(&self) -> usize {
        self.packed_len + self.open.len()
    }

    /// A place for one more offset, not set yet.
    fn push(&mut self) {
        self.open.push(0);
        if self.open.len() >= 2 * Self::OPEN {
            self.pack();
        }
    }

    fn set(&mut self, at: usize, offset: u32) {
        match at.checked_sub(self.packed_len) {
            Some(open) => self.open[open] = offset,
            None => {
                *self
                    .late
                    .get_mut(&at)
                    .expect("an offset packed is set already or waits in `late`") = offset
            }
        }
    }

    /// Pack the oldest offsets; those not set yet (0: no object starts
    /// where the file does) wait in `late`.
    fn pack(&mut self) {
        let n = self.open.len() - Self::OPEN;
        for (k, &o) in self.open[..n].iter().enumerate() {
            if o == 0 {
                self.late.insert(self.packed_len + k, 0);
                // A difference of nothing: `last` stays as it is.
                self.packed.push(0);
                continue;
            }
            let d = i64::from(o) - i64::from(self.last);
            let mut z = ((d << 1) ^ (d >> 63)) as u64;
            loop {
                let byte = (z & 0x7f) as u8;
                z >>= 7;
                if z == 0 {
                    self.packed.push(byte);
                    break;
                }
                self.packed.push(byte | 0x80);
            }
            self.last = o;
        }
        self.open.drain(..n);
        self.packed_len += n;
    }

    /// Every offset, in order.
    fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        let mut bytes = self.packed.iter();
        let mut last = 0i64;
        let mut late = self.late.iter().peekable();
        let mut at = 0;
        let packed = std::iter::from_fn(move || {
            let mut z = 0u64;
            let mut shift = 0;
            loop {
                let b = *bytes.next()?;
                z |= u64::from(b & 0x7f) << shift;
                shift += 7;
                if b & 0x80 == 0 {
                    break;
                }
            }
            let d = (z >> 1) as i64 ^ -((z & 1) as i64);
            last += d;
            at += 1;
            match late.next_if(|&(&i, _)| i == at - 1) {
                Some((_, &o)) => Some(o),
                None => Some(last as u32),
            }
        });
        packed.chain(self.open.iter().copied())
    }
}

/// A run's objects: written directly, their offsets in `offsets` from the
/// one given on; or packed, in order, into the object stream given (the
/// top bit set).
#[derive(Clone, Copy)]
struct Run(u32);

impl Run {
    const PACKED: u32 = 1 << 31;

    fn direct(from: u32) -> Run {
        assert!(from < Self::PACKED, "under 2 billion objects");
        Run(from)
    }

    fn packed(stream: u32) -> Run {
        assert!(stream < Self::PACKED, "under 2 billion objects");
        Run(stream | Self::PACKED)
    }

    /// Where its offsets start, if its objects are written directly.
    fn direct_from(self) -> Option<u32> {
        (self.0 & Self::PACKED == 0).then_some(self.0)
    }

    /// Its object stream, if its objects are packed.
    fn stream(self) -> Option<u32> {
        (self.0 & Self::PACKED != 0).then_some(self.0 & !Self::PACKED)
    }
}

impl Xref {
    fn new() -> Self {
        Xref {
            runs: Vec::new(),
            offsets: Offsets::default(),
            next: 1,
        }
    }

    fn new_direct(&mut self) -> ObjectId {
        let id = self.next;
        self.next += 1;
        if !matches!(self.runs.last(), Some((_, run)) if run.direct_from().is_some()) {
            let from = self.offsets.len() as u32;
            self.runs.push((id, Run::direct(from)));
        }
        self.offsets.push();
        (id, 0)
    }

    /// `count` consecutive numbers for objects packed in `stream`; the first.
    fn new_packed(&mut self, stream: ObjectId, count: usize) -> u32 {
        let first = self.next;
        self.next += count as u32;
        self.runs.push((first, Run::packed(stream.0)));
        first
    }

    fn set_offset(&mut self, id: ObjectId, offset: u32) {
        let at = self.runs.partition_point(|(first, _)| *first <= id.0) - 1;
        let (first, run) = self.runs[at];
        let from = run
            .direct_from()
            .unwrap_or_else(|| unreachable!("object {} is packed", id.0));
        self.offsets.set((from + id.0 - first) as usize, offset);
    }

    /// The cross-reference stream's rows, object 0 first.
    fn write_rows(&self, w: &mut dyn Write) -> io::Result<()> {
        w.write_all(&Row::Free.bytes())?;
        // Direct runs take their offsets in turn.
        let mut offsets = self.offsets.iter();
        for (k, &(first, run)) in self.runs.iter().enumerate() {
            let count = self.runs.get(k + 1).map_or(self.next, |(f, _)| *f) - first;
            match run.stream() {
                None => {
                    for off in offsets.by_ref().take(count as usize) {
                        w.write_all(&Row::At(off).bytes())?;
                    }
                }
                Some(stream) => {
                    for index in 0..count as u16 {
                        w.write_all(&Row::In { stream, index }.bytes())?;
                    }
                }
            }
        }
        Ok(())
    }
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

/// Streams already written that a later packet may point to instead of
/// writing its own copy: font programs, Unicode maps, the lesson's part of
/// each page ([`super::body`]). Found by a cheap key and confirmed byte for
/// byte, so a packet never gets a stream that merely looks like its own.
type Written = (Vec<u8>, Vec<u8>, ObjectId);

#[derive(Default)]
struct Shared {
    /// By key: each stream's dictionary and content as written, and its
    /// number.
    by_key: std::collections::HashMap<u64, Vec<Written>>,
    /// Fonts' dictionaries by their bytes as written.
    objects: std::collections::HashMap<Vec<u8>, ObjectId>,
    /// Bytes kept; past [`Shared::LIMIT`] nothing new is kept (and later
    /// copies of it are written again), so memory stays bounded however
    /// varied the packets.
    bytes: usize,
}

impl Shared {
    const LIMIT: usize = 64 << 20;

    /// The stream's dictionary as written, and a key for it, unless the
    /// dictionary refers to other objects (then it is the packet's own).
    fn key(stream: &lopdf::Stream) -> Option<(u64, Vec<u8>)> {
        use std::hash::{DefaultHasher, Hash, Hasher};
        let mut refers = false;
        for (_, value) in stream.dict.iter() {
            references(value, &mut |_| refers = true);
        }
        if refers {
            return None;
        }
        let mut dict = Vec::new();
        write::write_object(&mut dict, &Object::Dictionary(stream.dict.clone())).ok()?;
        let mut h = DefaultHasher::new();
        dict.hash(&mut h);
        stream.content.len().hash(&mut h);
        stream
            .content
            .iter()
            .step_by(61)
            .for_each(|b| b.hash(&mut h));
        Some((h.finish(), dict))
    }

    fn find(&self, key: u64, dict: &[u8], content: &[u8]) -> Option<ObjectId> {
        self.by_key
            .get(&key)?
            .iter()
            .find_map(|(d, c, id)| (d.as_slice() == dict && c.as_slice() == content).then_some(*id))
    }

    /// A font's dictionary written before, as `bytes` (references as
    /// written).
    fn find_object(&self, bytes: &[u8]) -> Option<ObjectId> {
        self.objects.get(bytes).copied()
    }

    fn keep_object(&mut self, bytes: Vec<u8>, id: ObjectId) {
        if self.bytes + bytes.len() > Self::LIMIT {
            return;
        }
        self.bytes += bytes.len();
        self.objects.insert(bytes, id);
    }

    fn keep(&mut self, key: u64, dict: Vec<u8>, content: &[u8], id: ObjectId) {
        if self.bytes + content.len() > Self::LIMIT {
            return;
        }
        self.bytes += content.len() + dict.len();
        self.by_key
            .entry(key)
            .or_default()
            .push((dict, content.to_vec(), id));
    }
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
        c.out.write_all(write::HEADER)?;
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
    /// `refs`; see [`write::write_indirect_with_refs`].
    fn write_with_refs(
        &mut self,
        id: ObjectId,
        dict: &Dictionary,
        key: &[u8],
        refs: &[u32],
    ) -> io::Result<()> {
        let offset = self.offset()?;
        self.xref.set_offset(id, offset);
        write::write_indirect_with_refs(&mut self.out, id.0, dict, key, refs)
    }

    fn write_object(&mut self, id: ObjectId, object: &Object) -> io::Result<()> {
        let offset = self.offset()?;
        self.xref.set_offset(id, offset);
        write::write_indirect(&mut self.out, id.0, object)
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
    ) -> io::Result<Placement> {
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
    ) -> io::Result<Placement> {
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
    ) -> io::Result<Placement> {
        let bad = |what: &str| io::Error::new(io::ErrorKind::InvalidData, what.to_string());
        let catalog = doc
            .catalog()
            .map_err(|_| bad("document without a catalog"))?;
        let pages_id = catalog
            .get(b"Pages")
            .and_then(Object::as_reference)
            .map_err(|_| bad("document without pages"))?;
        let page_ids: Vec<ObjectId> = doc.get_pages().into_values().collect();
        let count = page_ids.len();
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

        // Everything the page tree, the structure and the fields need, and
        // nothing else (the document's own catalog, info, outline, structure
        // root and parent tree stay behind: the file gets its own).
        let mut keep = Ids::default();
        let mut todo = vec![pages_id];
        todo.extend(doc_elem);
        todo.extend(&form_fields);
        let mut streams = Ids::default();
        while let Some(id) = todo.pop() {
            // A reference to no object is kept out: it gets no number and is
            // written as null. (Kept, it took a place in an object stream
            // that no object filled, and the combiner panicked.)
            let Ok(obj) = doc.get_object(id) else {
                continue;
            };
            if Some(id) == struct_root || !keep.insert(id) {
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
        for id in tree.iter().flat_map(|t| t.numbers()) {
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
        // A page's own contents (the last of its streams) are the copy's;
        // any other stream may be one an earlier packet wrote.
        let own: BTreeSet<ObjectId> = page_ids
            .iter()
            .filter_map(|p| doc.get_dictionary(*p).ok())
            .filter_map(|p| match p.get(b"Contents") {
                Ok(Object::Reference(r)) => Some(*r),
                Ok(Object::Array(a)) => a.last().and_then(|o| o.as_reference().ok()),
                _ => None,
            })
            .collect();
        let mut written_before = Ids::default();
        let mut to_keep = Vec::new();
        for &old in kept.iter().filter(|id| is_stream(id)) {
            let stream = doc.get_object(old).and_then(Object::as_stream).ok();
            let key = stream
                .filter(|_| !own.contains(&old))
                .and_then(|s| Shared::key(s).map(|k| (s, k)));
            if let Some((s, (key, dict))) = key {
                if let Some(id) = self.shared.find(key, &dict, &s.content) {
                    map.insert(old, id);
                    written_before.insert(old);
                    continue;
                }
                let new = self.new_id();
                map.insert(old, new);
                to_keep.push((key, dict, old, new));
            } else {
                let new = self.new_id();
                map.insert(old, new);
            }
        }
        for (key, dict, old, new) in to_keep {
            if let Ok(s) = doc.get_object(old).and_then(Object::as_stream) {
                self.shared.keep(key, dict, &s.content, new);
            }
        }
        // The fonts' dictionaries, children first, so that each is written
        // as it will read: one like an earlier packet's is that one.
        for &old in &font_objects {
            let Ok(object) = doc.get_object(old) else {
                continue;
            };
            let mut bytes = Vec::new();
            write::write_renumbered(&mut bytes, object, Some(&map as &dyn write::Lookup))?;
            if let Some(id) = self.shared.find_object(&bytes) {
                map.insert(old, id);
            } else {
                let new = self.new_id();
                map.insert(old, new);
                let offset = self.offset()?;
                self.xref.set_offset(new, offset);
                let mut out = Vec::with_capacity(bytes.len() + 24);
                writeln!(out, "{} 0 obj", new.0)?;
                out.extend_from_slice(&bytes);
                out.extend_from_slice(b"\nendobj\n");
                self.out.write_all(&out)?;
                self.shared.keep_object(bytes, new);
            }
            written_before.insert(old);
        }
        let mut pack = Vec::with_capacity(packed.len());
        // Keys into the parent tree move up past the packets before.
        let offset = self.next_struct_key;
        let wrapper = (!form_fields.is_empty()).then(|| self.new_id());
        // Most objects are written as they are, renumbered on the way; the
        // few that change (the packet's page tree, its document element,
        // what points into the parent tree, its fields) are copied first.
        // Only pages and annotations point into the parent tree
        // (`tags::place`): the rest need not be looked at.
        let mut candidates = vec![pages_id];
        candidates.extend(doc_elem);
        candidates.extend(&form_fields);
        for &page in &page_ids {
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
                old == pages_id
                    || Some(old) == doc_elem
                    || d.has(b"StructParents")
                    || d.has(b"StructParent")
                    || (wrapper.is_some() && form_fields.contains(&old))
            }
            _ => false,
        };
        // A packet's objects, its structure elements from the kept tree,
        // and where their references go in the file.
        let object_of = |id: ObjectId| {
            doc.get_object(id)
                .ok()
                .or_else(|| tree.and_then(|t| t.element(id)))
        };
        let through = tree.map(|tree| Through { tree, map: &map });
        let lookup: &dyn write::Lookup = match &through {
            Some(t) => t,
            None => &map,
        };
        let mut changed = BTreeMap::new();
        for &old in &candidates {
            if !map.contains(&old) || written_before.contains(&old) {
                continue;
            }
            let Some(object) = object_of(old) else {
                continue;
            };
            if !changes(old, object) {
                continue;
            }
            let mut object = renumber(object, lookup);
            if let Object::Dictionary(d) = &mut object {
                if old == pages_id {
                    d.set("Parent", Object::Reference(ROOT_PAGES));
                }
                if Some(old) == doc_elem {
                    d.set("P", Object::Reference(STRUCT_ROOT));
                }
                for key in [b"StructParents".as_slice(), b"StructParent"] {
                    if let Ok(k) = d.get(key).and_then(Object::as_i64) {
                        d.set(key, Object::Integer(k + offset));
                    }
                }
                if let Some(w) = wrapper
                    && form_fields.contains(&old)
                {
                    d.set("Parent", Object::Reference(w));
                }
            }
            changed.insert(old, object);
        }
        for (old, new) in map.iter() {
            if written_before.contains(&old) {
                continue;
            }
            let (object, renumber) = match changed.get(&old) {
                Some(o) => (o, None),
                None => match object_of(old) {
                    Some(o) => (o, Some(lookup)),
                    None => continue,
                },
            };
            if matches!(object, Object::Stream(_)) {
                let offset = self.offset()?;
                self.xref.set_offset(new, offset);
                write::write_indirect_renumbered(&mut self.out, new.0, object, renumber)?;
            } else {
                pack.push((object, renumber));
            }
        }
        // `map` runs in old-number order, as `packed` does: the objects
        // are in their numbers' order.
        let mut rest = pack.as_slice();
        for (stream, first, n) in packs {
            let (these, after) = rest.split_at(n);
            let numbered: Vec<(u32, &Object, write::Renumber)> =
                (first..).zip(these).map(|(k, &(o, r))| (k, o, r)).collect();
            let packed = write::object_stream_renumbered(&numbered)?;
            self.write_object(stream, &packed)?;
            rest = after;
        }
        let new_pages = map.of(&pages_id);
        self.kids.push(new_pages.0);

        // The structure: the document element joins the file's root, and
        // its part of the parent tree is written now as a leaf.
        if let (Some(elem), Some(root)) = (doc_elem, struct_root_dict) {
            self.struct_kids.push(map.of(&elem).0);
            let nums = root
                .get(b"ParentTree")
                .and_then(Object::as_reference)
                .ok()
                .and_then(|r| doc.get_dictionary(r).ok())
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
                    shifted.push(renumber(v, &map));
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
                self.language = catalog.get(b"Lang").ok().cloned();
            }
        }
        // The form: this packet's fields under one parent named `fields`;
        // the first packet's font resources serve the whole file.
        if let Some(w) = wrapper {
            let mut d = Dictionary::new();
            d.set("T", Object::string_literal(fields));
            d.set(
                "Kids",
                Object::Array(
                    form_fields
                        .iter()
                        .map(|f| Object::Reference(map.of(f)))
                        .collect(),
                ),
            );
            self.write_object(w, &Object::Dictionary(d))?;
            self.fields.push(w.0);
            if self.form_resources.is_none()
                && let Ok(form) = catalog.get(b"AcroForm").and_then(Object::as_reference)
                && let Ok(f) = doc.get_dictionary(form)
            {
                self.form_resources = Some((
                    f.get(b"DR").ok().map(|dr| renumber(dr, &map)),
                    f.get(b"DA").ok().cloned(),
                ));
            }
        }

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
                .and_then(|id| doc.get_dictionary(*id).ok())
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
        Ok(Placement {
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
        let mut rows = write::XrefRows::new();
        self.xref.write_rows(&mut rows)?;
        let table = rows.finish()?;
        write::xref_start(
            &mut self.out,
            xref_id.0,
            size,
            CATALOG,
            Some(INFO),
            file_id,
            &table,
        )?;
        write::xref_end(&mut self.out, xref)?;
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

fn utf16(text: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend(unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// Call `f` with every reference inside `object`.
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
    for (_, id) in super::page_fonts(doc) {
        visit(doc, id, &mut out, &mut seen);
    }
    out
}

pub(super) fn references(object: &Object, f: &mut dyn FnMut(ObjectId)) {
    match object {
        Object::Reference(id) => f(*id),
        Object::Array(a) => a.iter().for_each(|o| references(o, f)),
        Object::Dictionary(d) => d.iter().for_each(|(_, o)| references(o, f)),
        Object::Stream(s) => s.dict.iter().for_each(|(_, o)| references(o, f)),
        _ => {}
    }
}

/// A copy of `object` with references renumbered; a reference to an object
/// not carried over becomes null.
pub(super) fn renumber(object: &Object, map: &dyn write::Lookup) -> Object {
    // A dictionary's clone keeps its key table: cheaper than building anew.
    let mut copy = object.clone();
    renumber_in_place(&mut copy, &|id| map.get(&id));
    copy
}

/// Where the references of a copy's objects go in the file when some are
/// still the kept tree's: a stand-in becomes the copy's number first.
struct Through<'a> {
    tree: &'a Placed,
    map: &'a Numbers,
}

impl write::Lookup for Through<'_> {
    fn get(&self, id: &ObjectId) -> Option<ObjectId> {
        self.map.get(&self.tree.real(*id)?)
    }
}

/// Take each reference in `object` to the number `to` gives it; one it
/// gives none for becomes null.
pub(super) fn renumber_in_place(object: &mut Object, to: &impl Fn(ObjectId) -> Option<ObjectId>) {
    match object {
        Object::Reference(id) => {
            *object = to(*id).map_or(Object::Null, Object::Reference);
        }
        Object::Array(a) => a.iter_mut().for_each(|o| renumber_in_place(o, to)),
        Object::Dictionary(d) => d.iter_mut().for_each(|(_, o)| renumber_in_place(o, to)),
        Object::Stream(s) => s
            .dict
            .iter_mut()
            .for_each(|(_, o)| renumber_in_place(o, to)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::Cache;
    use crate::fonts::FontBook;
    use crate::layout::{Options, layout};
    use crate::pdf::{PdfOptions, to_lopdf};
    use crate::worksheet::{Header, personalize};

    fn packet(name: &str, scenario: &str) -> lopdf::Document {
        let b = crate::library::find_builtin("compassion-in-recovery", None).unwrap();
        let (lesson, _) = crate::lesson::load(b.source(), b.id(), FontBook::global()).unwrap();
        let chosen = std::collections::BTreeSet::from([scenario.to_string()]);
        let header = Header {
            name: Some(name.into()),
            ..Header::default()
        };
        let ws = personalize(&lesson, Some(&chosen), header);
        let doc = layout(&ws, &Options::default(), FontBook::global(), &Cache::new()).unwrap();
        to_lopdf(&doc, &PdfOptions::default(), &Cache::new()).unwrap()
    }

    /// The objects a page's contents are, in order.
    fn contents(doc: &lopdf::Document, page: ObjectId) -> Vec<ObjectId> {
        match doc.get_dictionary(page).unwrap().get(b"Contents").unwrap() {
            Object::Array(a) => a.iter().map(|o| o.as_reference().unwrap()).collect(),
            Object::Reference(r) => vec![*r],
            o => panic!("contents {o:?}"),
        }
    }

    fn font_programs(doc: &lopdf::Document) -> usize {
        doc.objects
            .values()
            .filter_map(|o| o.as_dict().ok())
            .filter(|d| d.get(b"Type").and_then(Object::as_name).ok() == Some(b"FontDescriptor"))
            .count()
    }

    #[test]
    fn fonts_and_page_bodies_are_written_once_and_names_each_in_their_packet() {
        // Letters every copy of the lesson has, so no name needs a subset
        // of its own.
        let names = ["Ana Ruiz", "Bo Lee", "Cara Tan"];
        let one = packet(names[0], "craving");
        let mut c = Combiner::new(Vec::new(), "Group", "handout test", None).unwrap();
        let placed: Vec<Placement> = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let row = format!("row-{i}");
                c.add(&packet(n, "craving"), n, &row, true).unwrap()
            })
            .collect();
        let bytes = c.finish().unwrap();
        let doc = lopdf::Document::load_mem(&bytes).unwrap();

        // One set of fonts for the file, as for one packet.
        assert_eq!(font_programs(&doc), font_programs(&one));
        let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        let per_packet = placed[0].pages + placed[0].blanks;
        for p in 0..placed[0].pages {
            let first = contents(&doc, pages[p]);
            assert_eq!(
                first.len(),
                2,
                "page {p}: the lesson's body, then the copy's own"
            );
            for k in 1..names.len() {
                let other = contents(&doc, pages[p + k * per_packet]);
                // The same body, each copy's own part.
                assert_eq!(other[0], first[0], "page {p} of packet {k}");
                assert_ne!(other[1], first[1], "page {p} of packet {k}");
            }
        }
        // And each packet still reads as its own client's.
        for (k, name) in names.iter().enumerate() {
            let page = (k * per_packet + 1) as u32;
            let text = doc.extract_text(&[page, page + 1]).unwrap();
            assert!(text.contains(name), "packet {k}: {text}");
            for other in names.iter().filter(|o| *o != name) {
                assert!(!text.contains(other), "packet {k} shows {other}");
            }
        }
        // Three packets in little more than one's bytes.
        let single = crate::pdf::save(&one).unwrap();
        assert!(
            bytes.len() < single.len() * 2,
            "{} bytes for three packets, {} for one",
            bytes.len(),
            single.len()
        );
    }

    #[test]
    fn packets_start_on_odd_pages_and_the_file_reads_back() {
        let a = packet("Ana", "craving");
        let b = packet("Bo", "conflict");
        let mut c = Combiner::new(Vec::new(), "Group", "handout test", None).unwrap();
        let pa = c.add(&a, "1", "row-1", true).unwrap();
        let pb = c.add(&b, "2", "row-2", true).unwrap();
        let bytes = c.finish().unwrap();
        assert_eq!(pa.first_page, 1);
        assert_eq!(pb.first_page, 1 + pa.pages + pa.blanks);
        assert_eq!(pb.first_page % 2, 1);
        assert_eq!(pa.blanks, pa.pages % 2);

        let doc = lopdf::Document::load_mem(&bytes).expect("the combined file parses");
        assert_eq!(
            doc.get_pages().len(),
            pa.pages + pa.blanks + pb.pages + pb.blanks
        );
        // Each packet's fonts came along: the text of page one of the second
        // packet extracts.
        let text = doc.extract_text(&[pb.first_page as u32]).unwrap();
        assert!(text.contains("Bo"), "{text}");

        // Both structure trees came along, packed into object streams, and
        // read back whole: every element resolves.
        let root = doc
            .catalog()
            .unwrap()
            .get(b"StructTreeRoot")
            .and_then(Object::as_reference)
            .unwrap();
        let kids = doc
            .get_dictionary(root)
            .unwrap()
            .get(b"K")
            .and_then(Object::as_array)
            .unwrap()
            .clone();
        assert_eq!(kids.len(), 2);
        let mut elements = 0;
        let mut todo: Vec<Object> = kids;
        while let Some(o) = todo.pop() {
            match o {
                Object::Reference(r) => {
                    let d = doc.get_dictionary(r).expect("every element resolves");
                    if d.has(b"S") {
                        elements += 1;
                    }
                    if let Ok(k) = d.get(b"K") {
                        todo.push(k.clone());
                    }
                }
                Object::Array(a) => todo.extend(a),
                _ => {}
            }
        }
        let one = structure_elements(&a) + structure_elements(&b);
        assert!(elements > 100, "{elements} structure elements");
        assert_eq!(elements, one);
        let packs = crate::pdf::write::tests::object_streams(&doc);
        assert!(packs >= 2, "{packs} object streams");
    }

    /// Structure elements in a document.
    fn structure_elements(doc: &lopdf::Document) -> usize {
        doc.objects
            .values()
            .filter(|o| {
                o.as_dict().is_ok_and(|d| {
                    d.has(b"S") && d.has(b"P") && !d.has(b"Type")
                        || d.get(b"Type").and_then(Object::as_name).ok() == Some(b"StructElem")
                })
            })
            .count()
    }

    #[test]
    fn each_packet_has_a_bookmark_to_its_first_page_in_roster_order() {
        // Written as packets come, each bookmark once the next is known:
        // the chain must still read First to Last and back, every link
        // and page right.
        let mut c = Combiner::new(Vec::new(), "Group", "handout test", None).unwrap();
        let labels = ["Roster line 2", "Roster line 3", "Roster line 5"];
        let placed: Vec<Placement> = labels
            .iter()
            .zip(["Ana", "Bo", "Cara"])
            .map(|(l, n)| c.add(&packet(n, "craving"), l, "row", true).unwrap())
            .collect();
        let doc = lopdf::Document::load_mem(&c.finish().unwrap()).unwrap();
        let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        let root_id = doc
            .catalog()
            .unwrap()
            .get(b"Outlines")
            .and_then(Object::as_reference)
            .unwrap();
        let root = doc.get_dictionary(root_id).unwrap();
        assert_eq!(root.get(b"Count").and_then(Object::as_i64).unwrap(), 3);
        let link = |d: &Dictionary, key: &[u8]| d.get(key).and_then(Object::as_reference).ok();
        let mut at = link(root, b"First");
        let mut before = None;
        for (label, placed) in labels.iter().zip(&placed) {
            let id = at.expect("a bookmark for every packet");
            let b = doc.get_dictionary(id).unwrap();
            let title = b.get(b"Title").and_then(Object::as_str).unwrap();
            let title: Vec<u16> = title[2..]
                .chunks(2)
                .map(|u| u16::from_be_bytes([u[0], u[1]]))
                .collect();
            assert_eq!(String::from_utf16(&title).unwrap(), *label);
            assert_eq!(link(b, b"Parent"), Some(root_id));
            assert_eq!(link(b, b"Prev"), before);
            let dest = b.get(b"Dest").and_then(Object::as_array).unwrap();
            assert_eq!(
                dest[0].as_reference().unwrap(),
                pages[placed.first_page - 1],
                "{label} opens its packet's first page"
            );
            before = Some(id);
            at = link(b, b"Next");
        }
        assert_eq!(at, None, "the last bookmark has no next");
        assert_eq!(link(root, b"Last"), before);
        // The page tree and the structure root name every packet.
        let kids = |id: ObjectId, key: &[u8]| {
            doc.get_dictionary(id)
                .unwrap()
                .get(key)
                .and_then(Object::as_array)
                .unwrap()
                .len()
        };
        let blanks: usize = placed.iter().map(|p| p.blanks).sum();
        assert_eq!(kids(ROOT_PAGES, b"Kids"), 3 + blanks);
        assert_eq!(kids(STRUCT_ROOT, b"K"), 3);
    }

    /// A copy whose structure elements are still the kept tree's makes the
    /// same file as the same copy with its elements in it.
    #[test]
    fn a_painted_copy_combines_as_the_whole_document_does() {
        use crate::pdf::paint;
        let copies = [
            ("Ana", "craving"),
            ("Bo", "conflict"),
            ("Zoë Œlberg", "craving"),
        ];
        let mut whole = Combiner::new(Vec::new(), "Group", "handout test", None).unwrap();
        let mut painted = Combiner::new(Vec::new(), "Group", "handout test", None).unwrap();
        for (k, (name, scenario)) in copies.iter().enumerate() {
            let b = crate::library::find_builtin("compassion-in-recovery", None).unwrap();
            let (lesson, _) = crate::lesson::load(b.source(), b.id(), FontBook::global()).unwrap();
            let chosen = std::collections::BTreeSet::from([scenario.to_string()]);
            let header = Header {
                name: Some((*name).into()),
                ..Header::default()
            };
            let ws = personalize(&lesson, Some(&chosen), header);
            let doc = layout(&ws, &Options::default(), FontBook::global(), &Cache::new()).unwrap();
            let opts = PdfOptions {
                fillable: k == 1,
                ..PdfOptions::default()
            };
            let label = format!("{k}");
            let a = to_lopdf(&doc, &opts, &Cache::new()).unwrap();
            whole.add(&a, &label, &label, true).unwrap();
            let p = paint(&doc, &opts, &Cache::new()).unwrap();
            assert!(p.parts().1.is_some(), "elements left in the tree");
            painted.add_painted(&p, &label, &label, true).unwrap();
        }
        let (whole, painted) = (whole.finish().unwrap(), painted.finish().unwrap());
        assert!(whole == painted, "the two files differ");
        let doc = lopdf::Document::load_mem(&painted).unwrap();
        assert!(structure_elements(&doc) > 300);
    }

    /// A reference to an object the document doesn't have is written as
    /// null, and every other object keeps its place.
    #[test]
    fn a_reference_to_no_object_reads_as_null_and_shifts_nothing() {
        let mut a = packet("Ana", "craving");
        let page = *a.get_pages().values().next().unwrap();
        let nowhere = (a.max_id + 50, 0);
        a.get_dictionary_mut(page)
            .unwrap()
            .set("PieceInfo", Object::Reference(nowhere));
        let mut c = Combiner::new(Vec::new(), "Group", "handout test", None).unwrap();
        c.add(&a, "1", "row-1", false).unwrap();
        let bytes = c.finish().unwrap();
        let doc = lopdf::Document::load_mem(&bytes).expect("the combined file parses");
        let first = *doc.get_pages().values().next().unwrap();
        let page = doc.get_dictionary(first).unwrap();
        assert_eq!(page.get(b"PieceInfo").ok(), Some(&Object::Null));
        // Every structure element still is one, with its type and parent.
        assert!(structure_elements(&doc) > 100);
        for object in doc.objects.values() {
            if let Ok(d) = object.as_dict()
                && d.has(b"P")
                && !d.has(b"Type")
            {
                assert!(d.get(b"S").is_ok(), "{d:?}");
            }
        }
    }

    #[test]
    fn offsets_read_back_as_set_when_most_are_packed() {
        // As the combiner sets them: increasing, but some (a bookmark)
        // only a little later, when higher ones are already set, and a few
        // (the catalog, the page tree: the first numbers) only at the end;
        // gaps of a few bytes to a few megabytes.
        let mut offsets = Offsets::default();
        let n = 5 * Offsets::OPEN + 123;
        let want: Vec<u32> = (0..n as u32)
            .map(|i| 15 + i * 300 + (i % 97) * 40_000 + (i / 1000) * 3_000_000)
            .collect();
        let last = [0, 1, 2, 3, 2 * Offsets::OPEN + 5];
        let mut late = None;
        for (i, &o) in want.iter().enumerate() {
            offsets.push();
            if last.contains(&i) {
                continue;
            }
            if i % 17 == 0 {
                if let Some((at, o)) = late.replace((i, o)) {
                    offsets.set(at, o);
                }
            } else {
                offsets.set(i, o);
            }
        }
        if let Some((at, o)) = late {
            offsets.set(at, o);
        }
        for at in last {
            offsets.set(at, want[at]);
        }
        assert!(offsets.packed_len > 3 * Offsets::OPEN, "most packed");
        assert!(offsets.late.len() <= last.len(), "only the last set wait");
        assert_eq!(offsets.len(), n);
        assert_eq!(offsets.iter().collect::<Vec<_>>(), want);
    }

    #[test]
    fn combining_is_deterministic() {
        let run = || {
            let mut c = Combiner::new(Vec::new(), "Group", "p", None).unwrap();
            c.add(&packet("Ana", "craving"), "1", "row-1", true)
                .unwrap();
            c.finish().unwrap()
        };
        assert_eq!(run(), run());
    }
}
