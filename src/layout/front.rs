//! A packet's front matter: its cover, and the contents (each lesson's
//! title and the page it starts on). A packet of three lessons or fewer
//! gets no contents page of its own: the entries fold onto the cover.
//! And a booklet's back matter: the "Notes" pages that pad it to whole
//! sheets.

use super::flow::{self, Flow};
use super::{
    BOOKLET_PAGES_PER_SHEET, Item, LayoutError, LessonPages, Metrics, Node, Options, Spec, Theme,
    build, new_section,
};
use crate::labels::Language;
use crate::text::Rich;

/// The most lessons whose contents fold onto the cover instead of
/// taking a page of their own (a page of three lines is mostly paper).
pub const CONTENTS_ON_COVER: usize = 3;

/// The cover's and the contents' pages (empty when the document has
/// neither). The contents need the page each lesson starts on, which needs
/// the front matter's own length: a draft counts it first.
pub(super) fn front_matter(
    spec: &Spec,
    lessons: &[LessonPages],
    front: &flow::Furniture,
    language: Language,
    nodes: &mut Vec<Node>,
    t: &Theme,
    m: &dyn Metrics,
) -> Result<Vec<Vec<Item>>, LayoutError> {
    // Each flow starts a page.
    let paginate = |flows: Vec<Flow>| -> Result<Vec<Vec<Item>>, LayoutError> {
        let mut pages = Vec::new();
        for flow in flows.iter().filter(|f| !f.chunks.is_empty()) {
            pages.extend(flow::paginate(
                flow,
                t,
                front.body_top(t, false),
                front.body_top(t, false),
                front.body_bottom(t),
                usize::MAX,
            )?);
        }
        Ok(pages)
    };
    let fold = spec.contents && spec.cover.is_some() && lessons.len() <= CONTENTS_ON_COVER;
    let front_flows = |starts: &[usize], nodes: &mut Vec<Node>| {
        front_flows(spec, lessons, starts, fold, language, nodes, t, m)
    };
    // The draft only counts pages; its structure is thrown away.
    let mut scratch = nodes.clone();
    let draft = paginate(front_flows(&vec![888; lessons.len()], &mut scratch)?)?;
    let mut start = draft.len() + 1;
    let mut starts = Vec::new();
    for (_, lesson_pages, _) in lessons {
        starts.push(start);
        start += lesson_pages.len();
    }
    paginate(front_flows(&starts, nodes)?)
}

/// The cover, and the contents: on the cover's pages when `fold`, else
/// starting a page of their own (when asked for), lesson `i` starting on
/// page `starts[i]`. Each flow starts a page.
#[allow(clippy::too_many_arguments)]
fn front_flows(
    spec: &Spec,
    lessons: &[LessonPages],
    starts: &[usize],
    fold: bool,
    language: Language,
    nodes: &mut Vec<Node>,
    t: &Theme,
    m: &dyn Metrics,
) -> Result<Vec<Flow>, LayoutError> {
    let labels = language.labels();
    let mut cover = None;
    if let Some(c) = &spec.cover {
        let sect = new_section(nodes, language);
        cover = Some((sect, build::cover(c, labels, nodes, sect, t, m)?));
    }
    if !spec.contents {
        return Ok(cover.into_iter().map(|(_, f)| f).collect());
    }
    let entries: Vec<(Rich, usize)> = lessons
        .iter()
        .zip(starts)
        .map(|((title, _, _), s)| (title.clone(), *s))
        .collect();
    match cover {
        Some((sect, mut flow)) if fold => {
            let contents = build::contents(&entries, labels, nodes, sect, t, m)?;
            let first = flow.chunks.len();
            flow.chunks.extend(contents.chunks);
            if let Some(c) = flow.chunks.get_mut(first) {
                c.space_before = t.cover_fields_space;
            }
            Ok(vec![flow])
        }
        cover => {
            let sect = new_section(nodes, language);
            let contents = build::contents(&entries, labels, nodes, sect, t, m)?;
            Ok(cover
                .into_iter()
                .map(|(_, f)| f)
                .chain([contents])
                .collect())
        }
    }
}

/// A booklet's "Notes" pages after the lessons, enough to bring `count`
/// pages to a multiple of four (a sheet, both sides), as one more run of
/// pages with the document's own footer; none for a document that isn't
/// a booklet or needs none.
pub(super) fn booklet_notes(
    opts: &Options,
    count: usize,
    front: &flow::Furniture,
    language: Language,
    nodes: &mut Vec<Node>,
    t: &Theme,
    m: &dyn Metrics,
) -> Result<Option<LessonPages>, LayoutError> {
    let per_sheet = BOOKLET_PAGES_PER_SHEET;
    let pad = (per_sheet - count % per_sheet) % per_sheet;
    if opts.booklet.is_none() || pad == 0 {
        return Ok(None);
    }
    let labels = language.labels();
    // Lines to fill the smaller body: a page under the running header.
    let top = front.body_top(t, true).max(front.body_top(t, false));
    let room = front.body_bottom(t) - top;
    let mut pages = Vec::with_capacity(pad);
    for k in 1..=pad {
        let sect = new_section(nodes, language);
        let flow = build::notes(labels, nodes, sect, &format!("notes{k}"), room, t, m)?;
        pages.extend(flow::paginate(
            &flow,
            t,
            top,
            top,
            front.body_bottom(t),
            usize::MAX,
        )?);
    }
    debug_assert_eq!(pages.len(), pad, "a Notes page fills one page");
    Ok(Some((Rich::plain(labels.notes), pages, front.clone())))
}
