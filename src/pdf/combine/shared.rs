//! Streams and font dictionaries a combined file has written once, for
//! later packets to point to.

use lopdf::{Object, ObjectId};

use crate::pdf::file;
use crate::pdf::objects::references;

/// Streams already written that a later packet may point to instead of
/// writing its own copy: font programs, Unicode maps, the lesson's part of
/// each page ([`super::body`]). Found by a cheap key and confirmed byte for
/// byte, so a packet never gets a stream that merely looks like its own.
type Written = (Vec<u8>, Vec<u8>, ObjectId);

#[derive(Default)]
pub(super) struct Shared {
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
    pub(super) fn key(stream: &lopdf::Stream) -> Option<(u64, Vec<u8>)> {
        use std::hash::{DefaultHasher, Hash, Hasher};
        let mut refers = false;
        for (_, value) in stream.dict.iter() {
            references(value, &mut |_| refers = true);
        }
        if refers {
            return None;
        }
        let mut dict = Vec::new();
        file::write_object(&mut dict, &Object::Dictionary(stream.dict.clone())).ok()?;
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

    pub(super) fn find(&self, key: u64, dict: &[u8], content: &[u8]) -> Option<ObjectId> {
        self.by_key
            .get(&key)?
            .iter()
            .find_map(|(d, c, id)| (d.as_slice() == dict && c.as_slice() == content).then_some(*id))
    }

    /// A font's dictionary written before, as `bytes` (references as
    /// written).
    pub(super) fn find_object(&self, bytes: &[u8]) -> Option<ObjectId> {
        self.objects.get(bytes).copied()
    }

    pub(super) fn keep_object(&mut self, bytes: Vec<u8>, id: ObjectId) {
        if self.bytes + bytes.len() > Self::LIMIT {
            return;
        }
        self.bytes += bytes.len();
        self.objects.insert(bytes, id);
    }

    pub(super) fn keep(&mut self, key: u64, dict: Vec<u8>, content: &[u8], id: ObjectId) {
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
