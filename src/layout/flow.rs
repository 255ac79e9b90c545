//! Pagination: chunks onto pages, honouring keep-together rules, repeating a
//! table's header row on the page it continues on and boxing framed chunks;
//! then, once the whole document's page count is known, the running header
//! and the footer.

use std::sync::Arc;

use super::lines::{Unkept, break_lines_kept, measure};
use super::{Item, LayoutError, Metrics, Page, Role, Shape, Stroke, Theme};
use crate::cache::Key;
use crate::labels::Language;
use crate::text::{Rich, Style};

/// A vertical slice of content that never splits across pages.
#[derive(Debug, Clone, Default)]
pub(super) struct Chunk {
    pub height: f32,
    /// Space above, dropped when the chunk starts a page.
    pub space_before: f32,
    /// Items with y measured from the chunk's top; x is final.
    pub items: Vec<Item>,
    /// Must be on the same page as the next chunk (when that can fit).
    pub keep_with_next: bool,
    /// A row (or the header row) of table number `table`.
    pub table: Option<usize>,
    pub table_header: bool,
    /// Inside box number `frame`.
    pub frame: Option<usize>,
}

/// A box drawn around a run of chunks (the safety notice).
#[derive(Debug, Clone)]
pub(super) struct Frame {
    pub fill: Option<f32>,
    pub stroke: Option<Stroke>,
}

#[derive(Debug, Clone, Default)]
pub(super) struct Flow {
    pub chunks: Vec<Chunk>,
    pub frames: Vec<Frame>,
    pub tables: usize,
}

struct Placed {
    top: f32,
    chunk: usize,
}

/// What a page's running header and footer say: the lesson (or packet) it
/// belongs to, and whose it is.
#[derive(Debug, Clone)]
pub(super) struct Furniture {
    pub title: Rich,
    pub crisis: Rich,
    pub language: Language,
    /// The client's name for the running header; `None` prints a line.
    pub name: Option<String>,
    /// Whether the page carries the running header (not a lesson's first
    /// page, which has the full header, nor a cover).
    pub running: bool,
    /// The crisis line's rows under the title and page number, when it
    /// doesn't fit between them; empty when it does.
    crisis_rows: Vec<Rich>,
    running_h: f32,
    footer_h: f32,
}

impl Furniture {
    pub fn new(
        title: &Rich,
        crisis: &Rich,
        language: Language,
        name: Option<&str>,
        t: &Theme,
        m: &dyn Metrics,
    ) -> Result<Furniture, LayoutError> {
        let mut f = Furniture {
            title: title.clone(),
            crisis: crisis.clone(),
            language,
            name: name.map(str::to_string),
            running: false,
            crisis_rows: Vec::new(),
            running_h: 0.0,
            footer_h: 0.0,
        };
        let lh = t.small * t.furniture_leading;
        f.crisis_rows = f.crisis_rows(t, m)?;
        f.running_h = lh + t.running_gap;
        f.footer_h = (1 + f.crisis_rows.len()) as f32 * lh + t.footer_gap;
        Ok(f)
    }

    /// Where body content may start on a page with (or without) the running
    /// header, and where it must end.
    pub fn body_top(&self, t: &Theme, running: bool) -> f32 {
        if running {
            t.margin_top + self.running_h
        } else {
            t.margin_top
        }
    }

    pub fn body_bottom(&self, t: &Theme) -> f32 {
        t.page_height - t.margin_bottom - self.footer_h
    }

    /// The footer holds title and page number on one line, with the crisis
    /// line between them when it fits, else on rows of its own below,
    /// broken between its parts (`Crisis: … · Emergency: 911 · a clinic's
    /// line`) and never cut short: a phone number must print whole. Page
    /// counts beyond 999 don't happen; measure with a wide number.
    fn crisis_rows(&self, t: &Theme, m: &dyn Metrics) -> Result<Vec<Rich>, LayoutError> {
        let size = t.small;
        let page = Rich::plain(&self.language.labels().page_of(888, 888));
        // Title (shortened to under half the line), crisis line and page
        // number side by side, with room to breathe between them.
        let title = measure(&self.title, size, m)?.min(t.content_width() * t.furniture_share);
        let bold = self.crisis.with_style(Style::BOLD);
        let need = title + measure(&bold, size, m)? + measure(&page, size, m)? + t.footer_room;
        if need <= t.content_width() {
            return Ok(Vec::new());
        }
        let mut rows: Vec<Rich> = Vec::new();
        for part in split_rich(&bold, SEPARATOR) {
            if let Some(row) = rows.last_mut() {
                let mut joined = row.clone();
                joined.push(SEPARATOR, Style::BOLD, None);
                joined.append(&part);
                if measure(&joined, size, m)? <= t.content_width() {
                    *row = joined;
                    continue;
                }
            }
            // A part wider than the page is a lesson's own long `crisis`
            // text without separators; it is shortened as before.
            rows.push(truncate_to(&part, size, t.content_width(), m)?);
        }
        Ok(rows)
    }
}

/// What parts a footer's crisis line.
const SEPARATOR: &str = " · ";

/// `rich` cut at each `sep`, styles kept, empty parts dropped.
fn split_rich(rich: &Rich, sep: &str) -> Vec<Rich> {
    let mut parts = vec![Rich::default()];
    for span in &rich.0 {
        let mut pieces = span.text.split(sep);
        if let Some(first) = pieces.next() {
            parts
                .last_mut()
                .expect("never empty")
                .push(first, span.style, span.link.as_deref());
        }
        for piece in pieces {
            parts.push(Rich::default());
            parts
                .last_mut()
                .expect("just pushed")
                .push(piece, span.style, span.link.as_deref());
        }
    }
    parts.retain(|p| !p.is_empty());
    parts
}

/// How many pages chunks take, and where the last page's content ends.
#[derive(Debug, Clone, Copy)]
pub(super) struct Counted {
    pub pages: usize,
    pub end: f32,
}

/// Place chunks on pages. The first page's body starts at `first_top`, the
/// others' at `rest_top`; every body ends at `bottom`. Returns each page's
/// items, without running header or footer; stops as soon as more than
/// `max` pages are needed (`TooManyPages`, which the caller words).
pub(super) fn paginate(
    flow: &Flow,
    t: &Theme,
    first_top: f32,
    rest_top: f32,
    bottom: f32,
    max: usize,
) -> Result<Vec<Vec<Item>>, LayoutError> {
    none_too_tall(flow, bottom - rest_top)?;
    let (pages, repeats) = place(flow, first_top, rest_top, bottom, max)?;
    Ok(page_items(flow, t, &pages, &repeats))
}

/// How many pages the chunks take and where the last page's content ends,
/// as [`paginate`] would place them, without making the pages' items: what
/// the fitting pass weighs its tries by.
pub(super) fn count_pages(
    flow: &Flow,
    first_top: f32,
    rest_top: f32,
    bottom: f32,
    max: usize,
) -> Result<Counted, LayoutError> {
    none_too_tall(flow, bottom - rest_top)?;
    let (pages, repeats) = place(flow, first_top, rest_top, bottom, max)?;
    Ok(Counted {
        pages: pages.len(),
        end: end_of(flow, &pages, &repeats, first_top),
    })
}

/// Where the last placed chunk ends.
fn end_of(flow: &Flow, pages: &[Vec<Placed>], repeats: &[Chunk], first_top: f32) -> f32 {
    pages.last().and_then(|p| p.last()).map_or(first_top, |p| {
        p.top
            + if p.chunk < flow.chunks.len() {
                flow.chunks[p.chunk].height
            } else {
                repeats[p.chunk - flow.chunks.len()].height
            }
    })
}

/// Nothing may be taller than a page (`page_room` high): it could only run
/// off the bottom.
fn none_too_tall(flow: &Flow, page_room: f32) -> Result<(), LayoutError> {
    if let Some(tall) = flow.chunks.iter().find(|c| c.height > page_room) {
        let text: String = tall.items.iter().filter_map(|i| i.shape.text()).collect();
        let context = if text.is_empty() {
            "a row".to_string()
        } else {
            format!("\"{}…\"", text.chars().take(40).collect::<String>())
        };
        return Err(LayoutError::TooTall { context });
    }
    Ok(())
}

/// Where each chunk goes: the chunks placed on each page, with the table
/// header rows repeated on pages a table continues on (numbered after the
/// flow's own chunks, kept in the second list).
fn place(
    flow: &Flow,
    first_top: f32,
    rest_top: f32,
    bottom: f32,
    max: usize,
) -> Result<(Vec<Vec<Placed>>, Vec<Chunk>), LayoutError> {
    let top_of = |page: usize| if page == 0 { first_top } else { rest_top };
    let chunks = &flow.chunks;
    let mut pages: Vec<Vec<Placed>> = vec![Vec::new()];
    // Extra chunks placed on pages: repeated table header rows.
    let mut repeats: Vec<Chunk> = Vec::new();
    let mut y = top_of(0);
    // No content chunk placed on this page yet (a repeated header row
    // doesn't count): nothing is gained by breaking, so we never do.
    let mut at_top = true;
    let mut i = 0;
    while i < chunks.len() {
        let page = pages.len() - 1;
        let space = |c: &Chunk, first: bool| if first && at_top { 0.0 } else { c.space_before };

        // The run of chunks that must share a page with chunk i.
        let mut group = space(&chunks[i], true) + chunks[i].height;
        let mut j = i;
        while chunks[j].keep_with_next && j + 1 < chunks.len() {
            j += 1;
            group += chunks[j].space_before + chunks[j].height;
        }
        let room = bottom - y;
        let page_room = bottom - rest_top;
        let single = space(&chunks[i], true) + chunks[i].height;
        // On a page of its own the run loses its space above.
        if group - space(&chunks[i], true) > page_room {
            // The whole run can't share any page. Keep at least the
            // headings at its start with the first thing after them.
            group = single;
            let mut j = i;
            while is_heading(&chunks[j]) && j + 1 < chunks.len() {
                j += 1;
                group += chunks[j].space_before + chunks[j].height;
            }
        }
        // Inside a run already started on this page, the rest follows while
        // it fits; the decision to start the run here was made at its head.
        let continuing = !at_top && i > 0 && chunks[i - 1].keep_with_next;
        let breaks = !at_top
            && if continuing {
                single > room
            } else {
                (group > room && group - space(&chunks[i], true) <= page_room) || single > room
            };
        if breaks {
            if pages.len() >= max {
                return Err(LayoutError::TooManyPages { lesson: None, max });
            }
            pages.push(Vec::new());
            y = top_of(pages.len() - 1);
            at_top = true;
            // A table continuing here repeats its header row first.
            if let Some(table) = chunks[i].table
                && !chunks[i].table_header
                && let Some(header) = chunks[..i]
                    .iter()
                    .find(|c| c.table == Some(table) && c.table_header)
            {
                repeats.push(header.clone());
                pages.last_mut().expect("just pushed").push(Placed {
                    top: y,
                    chunk: chunks.len() + repeats.len() - 1,
                });
                y += header.height;
            }
            continue;
        }
        y += space(&chunks[i], true);
        pages[page].push(Placed { top: y, chunk: i });
        y += chunks[i].height;
        at_top = false;
        i += 1;
    }
    Ok((pages, repeats))
}

/// Each page's items: its frames first, so their fill sits under the text,
/// then its chunks' items moved to where they were placed.
fn page_items(flow: &Flow, t: &Theme, pages: &[Vec<Placed>], repeats: &[Chunk]) -> Vec<Vec<Item>> {
    let chunks = &flow.chunks;
    let mut out = Vec::with_capacity(pages.len());
    for placed in pages {
        let mut items = Vec::new();
        let chunk = |k: usize| -> &Chunk {
            if k < chunks.len() {
                &chunks[k]
            } else {
                &repeats[k - chunks.len()]
            }
        };
        for (f, frame) in flow.frames.iter().enumerate() {
            let inside: Vec<&Placed> = placed
                .iter()
                .filter(|p| chunk(p.chunk).frame == Some(f))
                .collect();
            if let (Some(first), Some(last)) = (inside.first(), inside.last()) {
                let y1 = first.top;
                let y2 = last.top + chunk(last.chunk).height;
                items.push(Item {
                    shape: Shape::Rect {
                        x: t.content_left(),
                        y: y1,
                        w: t.content_width(),
                        h: y2 - y1,
                        fill: frame.fill,
                        stroke: frame.stroke,
                    },
                    role: Role::Artifact,
                    node: None,
                });
            }
        }
        for p in placed {
            for item in &chunk(p.chunk).items {
                let mut item = item.clone();
                item.shape.shift(0.0, p.top);
                items.push(item);
            }
        }
        out.push(items);
    }
    out
}

/// Whether a chunk is (part of) a heading, which must not end a page.
fn is_heading(c: &Chunk) -> bool {
    c.items
        .iter()
        .any(|i| matches!(i.role, Role::Title | Role::Heading | Role::Subheading))
}

/// A finished page: body items plus running header and footer, numbered
/// `n` of `total` through the whole document.
pub(super) fn furnish(
    mut items: Vec<Item>,
    f: &Furniture,
    t: &Theme,
    m: &dyn Metrics,
    n: usize,
    total: usize,
) -> Result<Page, LayoutError> {
    let from = items.len();
    if f.running {
        items.extend(running_header(f, t, m)?);
    }
    let running = from..items.len();
    items.extend(footer(f, t, m, n, total)?);
    Ok(Page {
        width: t.page_width,
        height: t.page_height,
        items,
        running,
    })
}

fn small_text(
    t: &Theme,
    m: &dyn Metrics,
    rich: &Rich,
    x: f32,
    y: f32,
    size: f32,
) -> Result<Vec<Item>, LayoutError> {
    let mut items = Vec::new();
    for line in break_lines_kept(rich, size, f32::INFINITY, m)? {
        for run in line.runs {
            items.push(Item {
                shape: Shape::Text {
                    x: x + run.x,
                    y,
                    width: run.width,
                    size,
                    face: run.face,
                    gray: t.muted_gray,
                    text: run.text,
                    link: None,
                    placement: run.placement,
                },
                role: Role::Artifact,
                node: None,
            });
        }
    }
    Ok(items)
}

fn rule(t: &Theme, y: f32) -> Item {
    Item {
        shape: Shape::Line {
            x1: t.content_left(),
            y1: y,
            x2: t.content_right(),
            y2: y,
            stroke: Stroke {
                width: t.furniture_rule,
                gray: t.rule_gray,
            },
        },
        role: Role::Artifact,
        node: None,
    }
}

/// What a footer is made from: the same in every copy of a document (the
/// lesson's title, page n of m, the crisis line; never a client's detail).
/// Kept with the footer to confirm a hit in full (see [`footer`]),
/// compared field by field against a page's furniture, without building
/// one for every page.
struct FooterFrom {
    title: Rich,
    crisis: Rich,
    crisis_rows: Vec<Rich>,
    language: Language,
    footer_h: u32,
    page: (usize, usize),
    theme: Theme,
    metrics: u64,
}

/// A footer, by a hash of what it is made from ([`FooterFrom`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct KeptFooter(u64);

impl Key for KeptFooter {
    type Value = Arc<(FooterFrom, Vec<Item>)>;
    const KEEP: usize = 512;
}

/// Page `n`'s footer: made once for each document and page, and given to
/// every copy after, from the metrics' cache (when the metrics say which
/// fonts they are).
fn footer(
    f: &Furniture,
    t: &Theme,
    m: &dyn Metrics,
    n: usize,
    total: usize,
) -> Result<Vec<Item>, LayoutError> {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let (Some(metrics), Some(cache)) = (m.memo_key(), m.cache()) else {
        return make_footer(f, t, m, n, total);
    };
    let mut h = DefaultHasher::new();
    (&f.title, &f.crisis, n, total, metrics, f.language).hash(&mut h);
    let key = KeptFooter(h.finish());
    let same = |k: &FooterFrom| {
        k.page == (n, total)
            && k.metrics == metrics
            && k.language == f.language
            && k.footer_h == f.footer_h.to_bits()
            && k.title == f.title
            && k.crisis == f.crisis
            && k.crisis_rows == f.crisis_rows
            && k.theme == *t
    };
    if let Some(kept) = cache.get(&key)
        && same(&kept.0)
    {
        return Ok(kept.1.clone());
    }
    let items = make_footer(f, t, m, n, total)?;
    let from = FooterFrom {
        title: f.title.clone(),
        crisis: f.crisis.clone(),
        crisis_rows: f.crisis_rows.clone(),
        language: f.language,
        footer_h: f.footer_h.to_bits(),
        page: (n, total),
        theme: t.clone(),
        metrics,
    };
    cache.put(key, Arc::new((from, items.clone())));
    Ok(items)
}

fn make_footer(
    f: &Furniture,
    t: &Theme,
    m: &dyn Metrics,
    n: usize,
    total: usize,
) -> Result<Vec<Item>, LayoutError> {
    let size = t.small;
    let lh = size * t.furniture_leading;
    let bottom = t.page_height - t.margin_bottom;
    // The rule sits half the gap above the footer's first line.
    let top = bottom - f.footer_h + t.footer_gap * 0.5;
    let mut items = vec![rule(t, top)];
    let first_base = top + lh;
    let page = Rich::plain(&f.language.labels().page_of(n, total));
    let title = truncate_to(&f.title, size, t.content_width() * t.furniture_share, m)?;
    items.extend(small_text(
        t,
        m,
        &title,
        t.content_left(),
        first_base,
        size,
    )?);
    let page_w = measure(&page, size, m)?;
    items.extend(small_text(
        t,
        m,
        &page,
        t.content_right() - page_w,
        first_base,
        size,
    )?);
    let crisis_bold = f.crisis.with_style(Style::BOLD);
    if !f.crisis_rows.is_empty() {
        for (i, row) in f.crisis_rows.iter().enumerate() {
            items.extend(small_text(
                t,
                m,
                row,
                t.content_left(),
                first_base + lh * (i + 1) as f32,
                size,
            )?);
        }
    } else {
        // Centred in the space between the title and the page number.
        let cw = measure(&crisis_bold, size, m)?;
        let from = t.content_left() + measure(&title, size, m)?;
        let to = t.content_right() - page_w;
        let x = from + (to - from - cw) / 2.0;
        items.extend(small_text(t, m, &crisis_bold, x, first_base, size)?);
    }
    Ok(items)
}

/// Shorten text with an ellipsis until it fits `width` (footer titles only;
/// the full title is on page one).
fn truncate_to(rich: &Rich, size: f32, width: f32, m: &dyn Metrics) -> Result<Rich, LayoutError> {
    if measure(rich, size, m)? <= width {
        return Ok(rich.clone());
    }
    let plain: Vec<char> = rich.to_plain().chars().collect();
    let style = rich.0.first().map_or(Style::REGULAR, |s| s.style);
    let mut keep = plain.len();
    while keep > 1 {
        keep -= 1;
        let s: String = plain[..keep]
            .iter()
            .collect::<String>()
            .trim_end()
            .to_string()
            + "…";
        let r = Rich::styled(&s, style);
        if measure(&r, size, m)? <= width {
            return Ok(r);
        }
    }
    Ok(Rich::styled("…", style))
}

/// Pages after the first: the lesson title and the client's name (or a
/// line to write it on), so a loose page still finds its owner.
fn running_header(f: &Furniture, t: &Theme, m: &dyn Metrics) -> Result<Vec<Item>, LayoutError> {
    let size = t.small;
    let base = t.margin_top + size;
    let labels = f.language.labels();
    let label = Rich::plain(&format!("{}: ", labels.name));
    let label_w = measure(&label, size, m)?;
    // The name (or a line to write it on) takes the right; the title gets
    // what is left, shortened if need be.
    let mut items = Vec::new();
    let name_x = match &f.name {
        Some(name) => {
            // The client's name is measured and broken afresh, not kept.
            let unkept = Unkept(m);
            let mut r = label.clone();
            r.append(&Rich::plain(name));
            let r = truncate_to(&r, size, t.content_width() * t.furniture_share, &unkept)?;
            let x = t.content_right() - measure(&r, size, &unkept)?;
            items.extend(small_text(t, &unkept, &r, x, base, size)?);
            x
        }
        None => {
            let line_w = t.name_line.min(t.content_width() * t.name_line_share);
            let x = t.content_right() - line_w - label_w;
            items.extend(small_text(t, m, &label, x, base, size)?);
            items.push(Item {
                shape: Shape::Line {
                    x1: x + label_w,
                    y1: base + t.name_line_drop,
                    x2: t.content_right(),
                    y2: base + t.name_line_drop,
                    stroke: Stroke {
                        width: t.furniture_rule,
                        gray: t.writing_gray,
                    },
                },
                role: Role::Artifact,
                node: None,
            });
            x
        }
    };
    let room = name_x - t.content_left() - t.running_room;
    let title = truncate_to(&f.title, size, room, m)?;
    items.extend(small_text(t, m, &title, t.content_left(), base, size)?);
    items.push(rule(t, base + t.running_rule_drop));
    Ok(items)
}
