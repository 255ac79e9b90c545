//! PDF file syntax: objects, object streams and the cross-reference
//! stream, the streams deflated before and the file ID hashed from what is
//! written. Shared by single documents ([`super::save`]) and the combined
//! print file ([`super::combine`]), which writes a file too large to hold.

use std::io::{self, Write};
use std::sync::Arc;

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

use super::objects::Renumber;
use crate::cache::{self, Cache};

/// At most this many objects go into one object stream, so that a reader
/// looking for one need not inflate a whole packet's worth.
pub(crate) const PACK: usize = 1000;

/// Deflate level for object streams: they are written afresh each time.
const PACK_LEVEL: u32 = 2;

pub(crate) const HEADER: &[u8] = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";

/// `objects` (no streams among them, each with its number and its own
/// renumbering) as one compressed object stream.
pub(crate) fn object_stream_renumbered(objects: &[(u32, &Object, Renumber)]) -> io::Result<Object> {
    let mut header = Vec::new();
    let mut body = Vec::new();
    for &(n, object, map) in objects {
        write!(header, "{n} {} ", body.len())?;
        write_renumbered(&mut body, object, map)?;
        body.push(b'\n');
    }
    header.extend_from_slice(&body);
    let content = zlib(&header, PACK_LEVEL);
    let first = header.len() - body.len();
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"ObjStm".to_vec()));
    dict.set("N", Object::Integer(objects.len() as i64));
    dict.set("First", Object::Integer(first as i64));
    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    Ok(Object::Stream(Stream::new(dict, content)))
}

/// `raw` in zlib format at `level` (1-9). Each thread keeps one
/// compressor and sets its level for each use: setting one up clears a few
/// hundred kilobytes of fresh memory (about 0.2 ms, more than deflating a
/// small page), and a worksheet deflates at three levels. The compressor is
/// a work buffer, reset before each use, not a result remembered: it stays
/// a thread-local rather than going into the [`Cache`], as nothing one
/// document deflates can reach another through it.
pub(crate) fn zlib(raw: &[u8], level: u32) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress, Status};
    use std::cell::RefCell;
    thread_local! {
        static COMPRESSOR: RefCell<Option<(Compress, u32)>> = const { RefCell::new(None) };
    }
    let level = level.min(9);
    COMPRESSOR.with(|c| {
        let mut c = c.borrow_mut();
        let (z, set) =
            c.get_or_insert_with(|| (Compress::new(Compression::new(level), true), level));
        z.reset();
        if *set != level {
            // Just reset, it holds nothing to flush, so this cannot fail.
            z.set_level(Compression::new(level))
                .expect("a compressor just reset takes any level");
            *set = level;
        }
        let mut out = Vec::with_capacity(raw.len() / 2 + 64);
        loop {
            let done = z.total_in() as usize;
            match z.compress_vec(&raw[done..], &mut out, FlushCompress::Finish) {
                Ok(Status::StreamEnd) => break out,
                Ok(_) => out.reserve(out.capacity().max(256)),
                Err(e) => unreachable!("deflating into memory cannot fail: {e}"),
            }
        }
    })
}

/// One row of a cross-reference stream with `/W [1 4 2]`.
pub(crate) enum Row {
    Free,
    /// Written directly at this byte offset.
    At(u32),
    /// The `index`th object in object stream `stream`.
    In {
        stream: u32,
        index: u16,
    },
}

impl Row {
    pub(crate) fn bytes(&self) -> [u8; 7] {
        match *self {
            Row::Free => [0, 0, 0, 0, 0, 0xFF, 0xFF],
            Row::At(off) => {
                let o = off.to_be_bytes();
                [1, o[0], o[1], o[2], o[3], 0, 0]
            }
            Row::In { stream, index } => {
                let s = stream.to_be_bytes();
                let i = index.to_be_bytes();
                [2, s[0], s[1], s[2], s[3], i[0], i[1]]
            }
        }
    }
}

/// Rows of a cross-reference stream, deflated as they come, each row
/// first taken as its difference from the row above (the PNG "Up"
/// predictor): neighbouring rows differ in a byte or two, so a file of a
/// million objects has a table of a few hundred kilobytes, and it is never
/// held uncompressed.
pub(crate) struct XrefRows {
    out: flate2::write::ZlibEncoder<Vec<u8>>,
    above: [u8; 7],
}

impl XrefRows {
    pub(crate) fn new() -> Self {
        XrefRows {
            out: flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6)),
            above: [0; 7],
        }
    }

    pub(crate) fn finish(self) -> io::Result<Vec<u8>> {
        self.out.finish()
    }
}

impl Write for XrefRows {
    /// Whole rows only, as [`Row::bytes`] makes them.
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        for row in buf.chunks(7) {
            let mut line = [2u8; 8];
            for (i, &b) in row.iter().enumerate() {
                line[i + 1] = b.wrapping_sub(self.above[i]);
                self.above[i] = b;
            }
            self.out.write_all(&line[..row.len() + 1])?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The cross-reference stream `id`, object 0 to `size - 1`, its rows
/// deflated by [`XrefRows`]; [`xref_end`] follows.
pub(crate) fn xref_start(
    w: &mut dyn Write,
    id: u32,
    size: u32,
    root: ObjectId,
    info: Option<ObjectId>,
    file_id: u128,
    table: &[u8],
) -> io::Result<()> {
    write!(
        w,
        "{id} 0 obj\n<<{}/Filter/FlateDecode/DecodeParms<</Predictor 12/Columns 7>>/Length {}>>\nstream\n",
        trailer(size, root, info, file_id),
        table.len()
    )?;
    w.write_all(table)
}

/// The cross-reference stream's dictionary entries, which are also the
/// trailer's.
fn trailer(size: u32, root: ObjectId, info: Option<ObjectId>, file_id: u128) -> String {
    let info = info.map_or(String::new(), |i| format!("/Info {} 0 R", i.0));
    format!(
        "/Type/XRef/Size {size}/W[1 4 2]/Root {} 0 R{info}/ID[<{file_id:032x}><{file_id:032x}>]",
        root.0
    )
}

pub(crate) fn xref_end(w: &mut dyn Write, xref_offset: u32) -> io::Result<()> {
    write!(w, "\nendstream\nendobj\nstartxref\n{xref_offset}\n%%EOF\n")
}

/// A whole document as a file: streams written directly, every other
/// object packed into object streams, then a cross-reference stream. The
/// file ID is a hash of everything before it, so the same document always
/// makes the same bytes.
pub(crate) fn document(lo: &lopdf::Document) -> io::Result<Vec<u8>> {
    document_with(lo, &[], None)
}

/// [`document`] with `extra` objects besides `lo`'s (none of them
/// streams), their references taken through `lookup`.
pub(crate) fn document_with(
    lo: &lopdf::Document,
    extra: &[(ObjectId, &Object)],
    lookup: Renumber,
) -> io::Result<Vec<u8>> {
    let root = lo
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| io::Error::other("document without a catalog"))?;
    let info = lo.trailer.get(b"Info").and_then(Object::as_reference).ok();

    let max = lo
        .objects
        .keys()
        .chain(extra.iter().map(|(id, _)| id))
        .map(|id| id.0)
        .max()
        .unwrap_or(0);
    let mut packed: Vec<(ObjectId, &Object, Renumber)> = lo
        .objects
        .iter()
        .filter(|(_, o)| !matches!(o, Object::Stream(_)))
        .map(|(id, o)| (*id, o, None))
        .collect();
    if !extra.is_empty() {
        packed.extend(extra.iter().map(|&(id, o)| (id, o, lookup)));
        packed.sort_by_key(|&(id, ..)| id);
    }
    let streams = packed.len().div_ceil(PACK) as u32;
    // Object streams after the document's own numbers, then the xref.
    let size = max + streams + 2;
    let mut rows: Vec<Row> = (0..size).map(|_| Row::Free).collect();

    let mut out = Vec::with_capacity(64 * 1024);
    out.extend_from_slice(HEADER);
    let offset =
        |out: &Vec<u8>| u32::try_from(out.len()).map_err(|_| io::Error::other("a PDF over 4 GB"));
    for (id, object) in &lo.objects {
        if matches!(object, Object::Stream(_)) {
            rows[id.0 as usize] = Row::At(offset(&out)?);
            write_indirect(&mut out, id.0, object)?;
        }
    }
    for (k, chunk) in packed.chunks(PACK).enumerate() {
        let stream = max + 1 + k as u32;
        for (i, (id, ..)) in chunk.iter().enumerate() {
            rows[id.0 as usize] = Row::In {
                stream,
                index: i as u16,
            };
        }
        let numbered: Vec<(u32, &Object, Renumber)> =
            chunk.iter().map(|&(id, o, r)| (id.0, o, r)).collect();
        rows[stream as usize] = Row::At(offset(&out)?);
        write_indirect(&mut out, stream, &object_stream_renumbered(&numbered)?)?;
    }
    let xref = size - 1;
    let at = offset(&out)?;
    rows[xref as usize] = Row::At(at);
    let file_id = ContentHash::of(&out);
    // Small enough to build whole, and deflated.
    let table = zlib(
        &rows.iter().flat_map(Row::bytes).collect::<Vec<u8>>(),
        PACK_LEVEL,
    );
    write!(
        out,
        "{xref} 0 obj\n<<{}/Filter/FlateDecode/Length {}>>\nstream\n",
        trailer(size, root, info, file_id),
        table.len()
    )?;
    out.extend_from_slice(&table);
    xref_end(&mut out, at)?;
    Ok(out)
}

/// `n 0 obj ... endobj`.
pub(crate) fn write_indirect(w: &mut dyn Write, n: u32, object: &Object) -> io::Result<()> {
    write_indirect_renumbered(w, n, object, None)
}

/// [`write_indirect`], references renumbered.
pub(crate) fn write_indirect_renumbered(
    w: &mut dyn Write,
    n: u32,
    object: &Object,
    map: Renumber,
) -> io::Result<()> {
    let mut buf = Vec::with_capacity(256);
    integer(&mut buf, i64::from(n));
    buf.extend_from_slice(b" 0 obj\n");
    match object {
        // A stream's content goes straight out, not through the buffer.
        Object::Stream(s) => {
            write_dict(&mut buf, &s.dict, Some(s.content.len()), map);
            buf.extend_from_slice(b"\nstream\n");
            w.write_all(&buf)?;
            w.write_all(&s.content)?;
            w.write_all(b"\nendstream\nendobj\n")
        }
        _ => {
            write_renumbered(&mut buf, object, map)?;
            buf.extend_from_slice(b"\nendobj\n");
            w.write_all(&buf)
        }
    }
}

/// `n 0 obj <<dict /key [refs]>> endobj`, the array written straight out
/// rather than made as objects first: the combined file's page tree and
/// structure root have an entry per packet, and as lopdf objects those
/// took megabytes for a large roster.
pub(crate) fn write_indirect_with_refs(
    w: &mut dyn Write,
    n: u32,
    dict: &Dictionary,
    key: &[u8],
    refs: &[u32],
) -> io::Result<()> {
    let mut buf = Vec::with_capacity(64 << 10);
    integer(&mut buf, i64::from(n));
    buf.extend_from_slice(b" 0 obj\n");
    write_dict(&mut buf, dict, None, None);
    buf.truncate(buf.len() - b">>".len());
    write_name(&mut buf, key);
    buf.push(b'[');
    for (k, &r) in refs.iter().enumerate() {
        if k > 0 {
            buf.push(b' ');
        }
        integer(&mut buf, i64::from(r));
        buf.extend_from_slice(b" 0 R");
        if buf.len() > 60 << 10 {
            w.write_all(&buf)?;
            buf.clear();
        }
    }
    buf.extend_from_slice(b"]>>\nendobj\n");
    w.write_all(&buf)
}

/// A whole number in decimal.
fn integer(out: &mut Vec<u8>, i: i64) {
    let mut digits = [0u8; 20];
    let mut n = i.unsigned_abs();
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if i < 0 {
        out.push(b'-');
    }
    out.extend_from_slice(&digits[at..]);
}

/// PDF object syntax. Into memory: objects are small, and written out
/// whole (or packed) by the caller.
pub(crate) fn write_object(out: &mut Vec<u8>, object: &Object) -> io::Result<()> {
    write_renumbered(out, object, None)
}

/// [`write_object`], references renumbered on the way: the combined file
/// writes every packet's objects under new numbers without copying them.
pub(crate) fn write_renumbered(
    out: &mut Vec<u8>,
    object: &Object,
    map: Renumber,
) -> io::Result<()> {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => integer(out, *i),
        Object::Real(r) => write!(out, "{r}")?,
        Object::Name(n) => write_name(out, n),
        Object::String(bytes, StringFormat::Hexadecimal) => {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.reserve(bytes.len() * 2 + 2);
            out.push(b'<');
            for b in bytes {
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 15)]);
            }
            out.push(b'>');
        }
        Object::String(bytes, StringFormat::Literal) => {
            out.push(b'(');
            for &b in bytes {
                match b {
                    b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    _ => out.push(b),
                }
            }
            out.push(b')');
        }
        Object::Array(a) => {
            out.push(b'[');
            for (i, o) in a.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_renumbered(out, o, map)?;
            }
            out.push(b']');
        }
        Object::Dictionary(d) => write_dict(out, d, None, map),
        Object::Stream(s) => {
            write_dict(out, &s.dict, Some(s.content.len()), map);
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(&s.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference(id) => match map.map_or(Some(*id), |m| m.get(id)) {
            Some((n, g)) => {
                integer(out, i64::from(n));
                out.push(b' ');
                integer(out, i64::from(g));
                out.extend_from_slice(b" R");
            }
            None => out.extend_from_slice(b"null"),
        },
    }
    Ok(())
}

/// A dictionary; a stream's with its `/Length` set to `length`.
fn write_dict(out: &mut Vec<u8>, d: &Dictionary, length: Option<usize>, map: Renumber) {
    out.extend_from_slice(b"<<");
    for (k, v) in d.iter() {
        if length.is_some() && k.as_slice() == b"Length" {
            continue;
        }
        write_name(out, k);
        out.push(b' ');
        // Only a real number's formatting can fail, and not into memory.
        let _ = write_renumbered(out, v, map);
    }
    if let Some(n) = length {
        out.extend_from_slice(b"/Length ");
        integer(out, n as i64);
    }
    out.extend_from_slice(b">>");
}

fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push(b'/');
    let plain = |b: u8| !b"()<>[]{}/%#".contains(&b) && (33..=126).contains(&b);
    if name.iter().all(|&b| plain(b)) {
        out.extend_from_slice(name);
        return;
    }
    for &b in name {
        if plain(b) {
            out.push(b);
        } else {
            out.extend_from_slice(&[b'#', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
        }
    }
}

/// Deflate every stream not yet filtered. lopdf's own `compress` uses the
/// slowest zlib level, which costs more than the rest of the PDF stage for a
/// size gain of about one percent.
pub(super) fn compress(lo: &mut lopdf::Document, level: u32, cache: &Cache) {
    for object in lo.objects.values_mut() {
        if let Object::Stream(stream) = object
            && stream.dict.get(b"Filter").is_err()
            && stream.allows_compression
        {
            // Font programs (they carry /Length1) are big and repeat from
            // copy to copy; page contents are small and differ each time.
            let compressed = if stream.dict.has(b"Length1") {
                deflate_cached(&stream.content, cache)
            } else {
                deflate(&stream.content, level)
            };
            let Some(compressed) = compressed else {
                continue;
            };
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    }
}

/// Deflate level for a copy's own page contents: the fastest, since they
/// are deflated afresh for every copy. They are a few hundred bytes each,
/// where zlib's level 1 (fixed codes, no trees to build) loses little.
pub(super) const COPY_LEVEL: u32 = 1;
/// Deflate level for a body's page contents, deflated once per body.
pub(super) const BODY_LEVEL: u32 = 6;
/// Deflate level for font programs, deflated once per subset.
const FONT_LEVEL: u32 = 6;

/// A font program deflated, as the cache knows it: a cheap digest of the
/// program (its length and a sample of its bytes). Each program is kept
/// beside its deflated bytes and compared in full on a hit, so a weak key
/// costs nothing but a rare extra comparison.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct DeflatedKey(u64);

impl cache::Key for DeflatedKey {
    /// The programs of this digest (almost always one), each with its
    /// deflated bytes (`None`: deflating made it no smaller).
    type Value = Arc<Vec<Arc<(Vec<u8>, Option<Vec<u8>>)>>>;
    const KEEP: usize = 48;
}

/// A font program deflated, or `None` when deflating doesn't make it
/// smaller. Personalized copies of one lesson mostly embed the very same
/// font subsets: each is deflated once per cache and reused.
pub(super) fn deflate_cached(raw: &[u8], cache: &Cache) -> Option<Vec<u8>> {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut h = DefaultHasher::new();
    raw.len().hash(&mut h);
    raw.iter().step_by(61).for_each(|b| b.hash(&mut h));
    let key = DeflatedKey(h.finish());
    let kept = cache.get(&key);
    if let Some(hit) = kept.iter().flat_map(|k| k.iter()).find(|k| k.0 == raw) {
        return hit.1.clone();
    }
    let out = deflate(raw, FONT_LEVEL);
    let mut programs = kept.map(|k| k.to_vec()).unwrap_or_default();
    programs.push(Arc::new((raw.to_vec(), out.clone())));
    cache.put(key, Arc::new(programs));
    out
}

fn deflate(raw: &[u8], level: u32) -> Option<Vec<u8>> {
    let compressed = zlib(raw, level);
    (compressed.len() + 19 < raw.len()).then_some(compressed)
}

/// A fixed, dependency-free 128-bit content hash for the file ID: FNV-1a's
/// offset and prime, taken a 64-bit word at a time (a byte at a time was
/// a few percent of a batch). The same bytes give the same hash however
/// they are split between calls to [`ContentHash::update`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct ContentHash {
    h: u128,
    tail: [u8; 8],
    tail_len: usize,
}

impl ContentHash {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;

    pub(crate) fn new() -> Self {
        ContentHash {
            h: Self::OFFSET,
            tail: [0; 8],
            tail_len: 0,
        }
    }

    pub(crate) fn of(bytes: &[u8]) -> u128 {
        let mut h = Self::new();
        h.update(bytes);
        h.finish()
    }

    fn word(&mut self, w: [u8; 8]) {
        self.h ^= u128::from(u64::from_le_bytes(w));
        self.h = self.h.wrapping_mul(Self::PRIME);
    }

    pub(crate) fn update(&mut self, mut bytes: &[u8]) {
        if self.tail_len > 0 {
            let take = (8 - self.tail_len).min(bytes.len());
            self.tail[self.tail_len..self.tail_len + take].copy_from_slice(&bytes[..take]);
            self.tail_len += take;
            bytes = &bytes[take..];
            if self.tail_len < 8 {
                return;
            }
            self.word(self.tail);
            self.tail_len = 0;
        }
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            self.word(w.try_into().expect("eight bytes"));
        }
        let rest = words.remainder();
        self.tail[..rest.len()].copy_from_slice(rest);
        self.tail_len = rest.len();
    }

    pub(crate) fn finish(mut self) -> u128 {
        for i in 0..self.tail_len {
            self.h ^= u128::from(self.tail[i]);
            self.h = self.h.wrapping_mul(Self::PRIME);
        }
        self.h
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::pdf::objects::{Ids, Lookup, Numbers};

    /// The one kept compressor deflates at each level asked for, whatever
    /// it was last set to: the same bytes as a compressor made for that
    /// level alone, and they inflate back to the input.
    #[test]
    fn one_kept_compressor_deflates_at_each_level_asked_for() {
        use std::io::Read;
        let text: Vec<u8> = (0..20_000u32)
            .flat_map(|i| format!("{} {} Td (line {}) Tj\n", i % 97, i % 13, i * 7).into_bytes())
            .collect();
        // A compressor made for the level, given the input in one call as
        // `zlib` gives it.
        let fresh = |level: u32| {
            let mut z = flate2::Compress::new(flate2::Compression::new(level), true);
            let mut out = Vec::with_capacity(text.len() + 1024);
            let status = z
                .compress_vec(&text, &mut out, flate2::FlushCompress::Finish)
                .unwrap();
            assert_eq!(status, flate2::Status::StreamEnd);
            out
        };
        let mut sizes = Vec::new();
        // (Level 0, stored, is valid too but blocks its bytes differently
        // after a change of level; handout never stores uncompressed.)
        for level in [6, 1, 2, 6, 9, 1, 2] {
            let kept = zlib(&text, level);
            assert!(kept == fresh(level), "level {level} after another level");
            let mut back = Vec::new();
            flate2::read::ZlibDecoder::new(&kept[..])
                .read_to_end(&mut back)
                .unwrap();
            assert!(back == text);
            sizes.push(kept.len());
        }
        // The levels really differ: 1 makes a larger stream than 9.
        assert!(sizes[5] > sizes[4], "{sizes:?}");
    }

    /// A document with every kind of object, and more small objects than
    /// fit in one object stream.
    fn sample() -> lopdf::Document {
        let mut lo = lopdf::Document::with_version("1.7");
        let mut ids = Vec::new();
        for i in 0..(PACK as i64 + 250) {
            let mut d = Dictionary::new();
            d.set("S", Object::Name(b"P".to_vec()));
            d.set("K", Object::Integer(i));
            ids.push(lo.add_object(Object::Dictionary(d)));
        }
        let mut odd = Dictionary::new();
        odd.set("A name (with) #odd/chars", Object::Name(b"x y#z".to_vec()));
        odd.set(
            "Literal",
            Object::String(b"(a) \\ b\rc".to_vec(), StringFormat::Literal),
        );
        odd.set(
            "Hex",
            Object::String(
                vec![0xFE, 0xFF, 0, 0x41, 0x1E, 0xBF],
                StringFormat::Hexadecimal,
            ),
        );
        odd.set("Real", Object::Real(0.125));
        odd.set("Negative", Object::Real(-612.5));
        odd.set("Null", Object::Null);
        odd.set("Bool", Object::Boolean(false));
        odd.set(
            "Nested",
            Object::Array(vec![
                Object::Array(vec![Object::Reference(ids[0]), 1.into()]),
                Object::Dictionary(Dictionary::new()),
            ]),
        );
        let odd = lo.add_object(Object::Dictionary(odd));
        let mut sd = Dictionary::new();
        sd.set("Length", Object::Integer(999)); // wrong on purpose
        let stream = lo.add_object(Object::Stream(Stream::new(sd, b"BT ET\n".to_vec())));
        let mut catalog = Dictionary::new();
        catalog.set("Type", Object::Name(b"Catalog".to_vec()));
        catalog.set("Odd", Object::Reference(odd));
        catalog.set("Stream", Object::Reference(stream));
        let root = lo.add_object(Object::Dictionary(catalog));
        lo.trailer.set("Root", Object::Reference(root));
        lo
    }

    #[test]
    fn numbers_and_ids_keep_every_generation_in_order() {
        let mut map = Numbers::default();
        map.insert((7, 0), (100, 0));
        map.insert((3, 2), (101, 0));
        map.insert((3, 0), (102, 0));
        assert_eq!(map.get(&(7, 0)), Some((100, 0)));
        assert_eq!(map.get(&(3, 2)), Some((101, 0)));
        assert_eq!(map.get(&(4, 0)), None);
        assert_eq!(map.get(&(70, 0)), None);
        let pairs: Vec<_> = map.iter().collect();
        assert_eq!(
            pairs,
            vec![((3, 0), (102, 0)), ((3, 2), (101, 0)), ((7, 0), (100, 0))]
        );
        // A reference with no new number is written as null.
        let mut out = Vec::new();
        let refs = Object::Array(vec![Object::Reference((3, 2)), Object::Reference((4, 0))]);
        write_renumbered(&mut out, &refs, Some(&map as &dyn Lookup)).unwrap();
        assert_eq!(out, b"[101 0 R null]");

        let mut ids = Ids::default();
        assert!(ids.insert((9, 0)) && ids.insert((2, 1)) && ids.insert((2, 0)));
        assert!(!ids.insert((9, 0)));
        assert!(ids.contains(&(2, 1)) && !ids.contains(&(5, 0)));
        assert_eq!(ids.iter().collect::<Vec<_>>(), vec![(2, 0), (2, 1), (9, 0)]);
    }

    #[test]
    fn every_object_reads_back_the_same() {
        let lo = sample();
        let bytes = document(&lo).unwrap();
        let back = lopdf::Document::load_mem(&bytes).expect("the file parses");
        for (id, object) in &lo.objects {
            let got = back
                .get_object(*id)
                .unwrap_or_else(|_| panic!("{id:?} is missing"));
            match (object, got) {
                (Object::Stream(a), Object::Stream(b)) => {
                    assert_eq!(a.content, b.content);
                    // The length written is the real one.
                    assert_eq!(b.dict.get(b"Length").unwrap().as_i64().unwrap(), 6);
                }
                (a, b) => assert_eq!(a, b, "{id:?}"),
            }
        }
        assert_eq!(object_streams(&back), 2);
    }

    /// How many object streams a document read back has.
    pub(crate) fn object_streams(doc: &lopdf::Document) -> usize {
        doc.objects
            .values()
            .filter(|o| {
                o.as_stream().is_ok_and(|s| {
                    s.dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"ObjStm")
                })
            })
            .count()
    }

    #[test]
    fn the_same_document_makes_the_same_bytes_and_its_id_is_its_hash() {
        let a = document(&sample()).unwrap();
        assert_eq!(a, document(&sample()).unwrap());
        let mut other = sample();
        other.objects.insert((1, 0), Object::Integer(7));
        let b = document(&other).unwrap();
        let id = |bytes: &[u8]| {
            let at = bytes.windows(4).rposition(|w| w == b"/ID[").unwrap();
            bytes[at..at + 38].to_vec()
        };
        assert_ne!(id(&a), id(&b), "a different document gets a different ID");
    }

    #[test]
    fn the_content_hash_differs_for_different_input_and_not_for_how_it_is_split() {
        assert_ne!(ContentHash::of(b"a"), ContentHash::of(b"b"));
        assert_ne!(ContentHash::of(b"abcdefgh1"), ContentHash::of(b"abcdefgh2"));
        assert_eq!(ContentHash::of(b""), 0x6c62272e07bb014262b821756295c58d);
        let text: Vec<u8> = (0..100u8).collect();
        let whole = ContentHash::of(&text);
        for cut in [0, 1, 7, 8, 9, 50, 99, 100] {
            let mut h = ContentHash::new();
            h.update(&text[..cut]);
            h.update(&text[cut..]);
            assert_eq!(h.finish(), whole, "cut at {cut}");
        }
    }
}
