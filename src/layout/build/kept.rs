//! A worksheet's sections laid out once and kept for the copies after.
//!
//! In a batch every client with the same lesson, language and scenarios
//! gets the same sections: only page one's header (name, date, clinician)
//! differs, and it is laid out before them. So the sections' chunks, boxes
//! and structure elements are kept, keyed by everything they are made
//! from, and a later copy gets a copy of them with its structure elements
//! renumbered after its own header's. They are kept in the document's
//! cache ([`crate::cache`]) under a hash of what they are made from; a hit
//! is confirmed in full, never by the hash alone. Nothing about a client is
//! in a key or a kept layout.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use super::{Builder, Context, Fitting};
use crate::cache::{Cache, Key as CacheKey};
use crate::labels::Language;
use crate::layout::flow::{Chunk, Frame};
use crate::layout::{LayoutError, Node, NodeId, Theme};
use crate::lesson::{Citation, Section};
use crate::worksheet::Worksheet;

/// Sections laid out, by a hash of what they are laid out from (the
/// lesson's sections, sources and language, the options, the metrics):
/// the same for every client.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct KeptSections(u64);

impl CacheKey for KeptSections {
    /// What they were laid out from, to confirm a hit, and the layout.
    type Value = Arc<(LaidFrom, Laid)>;
    /// Enough for a packet's lessons in each of the scenario choices a
    /// group's roster makes.
    const KEEP: usize = 32;
}

/// What the sections are laid out from.
struct LaidFrom {
    sections: Vec<Section>,
    sources: Vec<Citation>,
    language: Language,
    qr: bool,
    prefix: Option<String>,
    first_table: usize,
    page_room: u32,
    fitting: Fitting,
    theme: Theme,
    metrics: u64,
}

impl LaidFrom {
    fn matches(&self, ws: &Worksheet, cx: &Context, theme: &Theme, metrics: u64) -> bool {
        self.metrics == metrics
            && self.language == ws.lesson.language
            && self.qr == cx.qr
            && self.first_table == cx.first_table
            && self.page_room == cx.page_room.to_bits()
            && self.fitting == cx.fitting
            && self.prefix == cx.field_prefix
            && self.theme == *theme
            && self.sections == ws.lesson.sections
            && self.sources == ws.lesson.sources
    }
}

/// The sections as laid out after one header.
struct Laid {
    chunks: Vec<Chunk>,
    frames: Vec<Frame>,
    nodes: Vec<Node>,
    tables: usize,
    /// The first of `nodes`' numbers, and the element they went under.
    base: u32,
    section: NodeId,
    frame_base: usize,
}

fn hash(ws: &Worksheet, cx: &Context, metrics: u64) -> u64 {
    let mut h = DefaultHasher::new();
    ws.lesson.sections.hash(&mut h);
    ws.lesson.sources.hash(&mut h);
    ws.lesson.language.hash(&mut h);
    (cx.qr, cx.first_table, &cx.field_prefix, metrics).hash(&mut h);
    (cx.page_room.to_bits(), cx.fitting).hash(&mut h);
    h.finish()
}

/// Lay out `ws`'s sections (and its Resources box) into `b`, after its
/// header: from a kept layout when there is one.
pub(super) fn sections(b: &mut Builder, ws: &Worksheet, cx: &Context) -> Result<(), LayoutError> {
    let (Some(metrics), Some(cache)) = (b.m.memo_key(), b.m.cache()) else {
        return paint(b, ws, cx);
    };
    let key = KeptSections(hash(ws, cx, metrics));
    if let Some(kept) = cache.get(&key)
        && kept.0.matches(ws, cx, b.t, metrics)
    {
        apply(b, cx, &kept.1);
        return Ok(());
    }
    let (chunk0, frame0, node0) = (b.flow.chunks.len(), b.flow.frames.len(), b.nodes.len());
    let before = b
        .flow
        .chunks
        .last()
        .map(|c| (c.keep_with_next, c.space_before));
    paint(b, ws, cx)?;
    // Only a layout that stands on its own is kept (and copied): it left
    // the header's chunks as they were, and refers to no element of the
    // header.
    let (chunks, nodes) = (&b.flow.chunks[chunk0..], &b.nodes[node0..]);
    let own = |n: NodeId| n.0 as usize >= node0 || n == cx.section;
    let alone = b.flow.chunks[..chunk0]
        .last()
        .map(|c| (c.keep_with_next, c.space_before))
        == before
        && nodes.iter().all(|n| n.parent.is_none_or(own))
        && chunks
            .iter()
            .flat_map(|c| &c.items)
            .all(|i| i.node.is_none_or(own))
        && chunks.iter().all(|c| c.frame.is_none_or(|f| f >= frame0));
    if !alone {
        return Ok(());
    }
    keep(cache, key, b, ws, cx, metrics, (chunk0, frame0, node0));
    Ok(())
}

/// Keep the sections `b` laid out from `chunk0`, `frame0` and `node0` on.
fn keep(
    cache: &Cache,
    key: KeptSections,
    b: &Builder,
    ws: &Worksheet,
    cx: &Context,
    metrics: u64,
    (chunk0, frame0, node0): (usize, usize, usize),
) {
    let laid = Laid {
        chunks: b.flow.chunks[chunk0..].to_vec(),
        frames: b.flow.frames[frame0..].to_vec(),
        nodes: b.nodes[node0..].to_vec(),
        tables: b.flow.tables,
        base: node0 as u32,
        section: cx.section,
        frame_base: frame0,
    };
    let from = LaidFrom {
        sections: ws.lesson.sections.clone(),
        sources: ws.lesson.sources.clone(),
        language: ws.lesson.language,
        qr: cx.qr,
        prefix: cx.field_prefix.clone(),
        first_table: cx.first_table,
        page_room: cx.page_room.to_bits(),
        fitting: cx.fitting,
        theme: b.t.clone(),
        metrics,
    };
    cache.put(key, Arc::new((from, laid)));
}

fn paint(b: &mut Builder, ws: &Worksheet, cx: &Context) -> Result<(), LayoutError> {
    for section in &ws.lesson.sections {
        b.section(section)?;
        // A lesson too long for its pages stops here, not at its end.
        b.within_room()?;
    }
    if cx.fitting.notes > 0 {
        b.notes_block(cx.fitting.notes)?;
    }
    if cx.qr {
        b.resources(&ws.lesson.links())?;
    }
    b.sources(&ws.lesson.sources)?;
    Ok(())
}

/// A kept layout into `b`, its elements numbered after `b`'s and put
/// under this worksheet's section.
fn apply(b: &mut Builder, cx: &Context, laid: &Laid) {
    let base = b.nodes.len() as u32;
    let frame_base = b.flow.frames.len();
    let id = |n: NodeId| {
        if n == laid.section {
            cx.section
        } else {
            NodeId(n.0 - laid.base + base)
        }
    };
    b.nodes.extend(laid.nodes.iter().map(|n| Node {
        parent: n.parent.map(id),
        ..n.clone()
    }));
    b.flow.frames.extend(laid.frames.iter().cloned());
    b.used += laid.chunks.iter().map(|c| c.height).sum::<f32>();
    b.flow.chunks.extend(laid.chunks.iter().map(|c| {
        let mut c = c.clone();
        c.frame = c.frame.map(|f| f - laid.frame_base + frame_base);
        for item in &mut c.items {
            item.node = item.node.map(id);
        }
        c
    }));
    b.flow.tables = laid.tables;
}
