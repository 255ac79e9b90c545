//! Where every object of the combined file is: its byte offset, or its
//! place in an object stream, kept compactly for files of many packets.

use std::collections::BTreeMap;
use std::io::{self, Write};

use lopdf::ObjectId;

use crate::pdf::file::{ContentHash, Row};

/// Counts bytes (for offsets) and hashes them (for the file ID).
pub(super) struct Counting<W: Write> {
    pub(super) inner: W,
    pub(super) written: u64,
    pub(super) hash: ContentHash,
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

/// Where every object of the file is, by object number, compactly: a few
/// bytes per run of numbers, and a byte or two per object written directly
/// (a combined file is limited to 4 GB).
pub(super) struct Xref {
    /// Runs of consecutive object numbers, from 1, each starting at the
    /// number given and ending where the next starts: 8 bytes a run, a
    /// few runs a packet.
    runs: Vec<(u32, Run)>,
    /// The byte offset of every object written directly, run after run.
    offsets: Offsets,
    pub(super) next: u32,
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
    pub(super) fn new() -> Self {
        Xref {
            runs: Vec::new(),
            offsets: Offsets::default(),
            next: 1,
        }
    }

    pub(super) fn new_direct(&mut self) -> ObjectId {
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
    pub(super) fn new_packed(&mut self, stream: ObjectId, count: usize) -> u32 {
        let first = self.next;
        self.next += count as u32;
        self.runs.push((first, Run::packed(stream.0)));
        first
    }

    pub(super) fn set_offset(&mut self, id: ObjectId, offset: u32) {
        let at = self.runs.partition_point(|(first, _)| *first <= id.0) - 1;
        let (first, run) = self.runs[at];
        let from = run
            .direct_from()
            .unwrap_or_else(|| unreachable!("object {} is packed", id.0));
        self.offsets.set((from + id.0 - first) as usize, offset);
    }

    /// The cross-reference stream's rows, object 0 first.
    pub(super) fn write_rows(&self, w: &mut dyn Write) -> io::Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
