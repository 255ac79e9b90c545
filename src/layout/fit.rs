//! The fitting pass: a lesson whose last page comes out short (less than
//! [`Theme::short_page`] full) costs a whole sheet for a few lines, in every
//! copy of a group's packet. After the first layout, in order, each step
//! taken only when it saves the page:
//!
//! 1. the spaces between blocks shrink, to 80% and then to
//!    [`Theme::tightest_space`] of their size (a re-pagination, no new
//!    layout);
//! 2. prompts whose lesson gives their lines as a range (`lines = "3-5"`)
//!    get their fewest lines (one more layout, then tightened again);
//! 3. when nothing saves the page, its empty room goes to writing: a
//!    "Notes" heading and ruled lines fill it, never bare paper.
//!
//! At most three layouts and six counts of pages (placing chunks without
//! making the pages' items), the same for every copy
//! (the kept sections make the layouts after the first copy cheap), and
//! deterministic: the same lesson and options always fit the same way.

use super::Item;
use super::build::Fitting;
use super::flow::{Counted, Flow, count_pages, paginate};
use super::{LayoutError, Theme};

/// What the fitting pass found and did for one lesson.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// The lesson's pages after its first layout, and how full the last of
    /// them was (0 to 1; a one-page lesson counts as full).
    pub pages: usize,
    pub last_page: f32,
    /// How many lines of body text the last page held: about what would
    /// have to go for the lesson to end a page sooner.
    pub last_page_lines: f32,
    pub step: FitStep,
}

/// What the fitting pass did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FitStep {
    /// Nothing: the last page was full enough.
    Fine,
    /// The spaces between blocks shrank, and the lesson ends a page sooner.
    Tightened,
    /// Prompts got their fewest writing lines (and the spaces may have
    /// shrunk), and the lesson ends a page sooner.
    Trimmed,
    /// The last page's room went to a "Notes" block of this many lines.
    Notes { lines: u32 },
    /// The last page stays short: too little room for a Notes block.
    Short,
}

/// Where a lesson's pages' bodies start and end.
#[derive(Debug, Clone, Copy)]
pub(super) struct Room {
    pub first_top: f32,
    pub rest_top: f32,
    pub bottom: f32,
    /// The most pages the lesson may take.
    pub max: usize,
}

/// A lesson laid out and fitted: its chunks, their pages' items, what was
/// done.
pub(super) struct Fitted {
    pub flow: Flow,
    pub pages: Vec<Vec<Item>>,
    pub fit: Fit,
}

/// Lay a lesson out with `build` (which lays out its sections as the
/// fitting asks, each call replacing the last one's work) and fit it.
pub(super) fn fit(
    t: &Theme,
    room: Room,
    build: &mut dyn FnMut(Fitting) -> Result<Flow, LayoutError>,
) -> Result<Fitted, LayoutError> {
    let count =
        |flow: &Flow| count_pages(flow, room.first_top, room.rest_top, room.bottom, room.max);
    let done = |flow: Flow, fit: Fit| -> Result<Fitted, LayoutError> {
        let pages = paginate(
            &flow,
            t,
            room.first_top,
            room.rest_top,
            room.bottom,
            room.max,
        )?;
        Ok(Fitted { flow, pages, fit })
    };
    let mut flow = build(Fitting::default())?;
    let Counted { pages: n, end } = count(&flow)?;
    let page = room.bottom - room.rest_top;
    let filled = end - room.rest_top;
    let fit = |step| Fit {
        pages: n,
        last_page: if n > 1 { filled / page } else { 1.0 },
        last_page_lines: if n > 1 {
            filled / t.line_height(t.body)
        } else {
            0.0
        },
        step,
    };
    if n < 2 || filled >= t.short_page * page {
        return done(flow, fit(FitStep::Fine));
    }
    // 1. Tighter spaces.
    if tightened(&mut flow, t, &count, n) {
        return done(flow, fit(FitStep::Tightened));
    }
    // 2. The fewest lines the lesson allows, at usual then tighter spaces.
    let fewest = Fitting {
        fewest_lines: true,
        notes: 0,
    };
    if let Ok(mut trimmed) = build(fewest)
        && total(&trimmed) < total(&flow)
        && let Ok(counted) = count(&trimmed)
        && (counted.pages < n || tightened(&mut trimmed, t, &count, n))
    {
        return done(trimmed, fit(FitStep::Trimmed));
    }
    // 3. The room left to writing: a heading and as many lines as fit
    // under the content, the lesson's sources (which follow) moving down.
    let heading = t.heading_space + t.heading * t.heading_leading + t.heading_gap;
    // Less half a point, so rounding never pushes the last line over.
    let lines = ((room.bottom - end - heading - 0.5) / t.writing_gap).floor();
    for lines in [lines, lines - 1.0] {
        if lines < 2.0 {
            break;
        }
        let notes = Fitting {
            fewest_lines: false,
            notes: lines as u32,
        };
        let Ok(flow) = build(notes) else { break };
        if count(&flow).is_ok_and(|c| c.pages == n) {
            return done(flow, fit(FitStep::Notes { lines: notes.notes }));
        }
    }
    // Nothing fits: the first layout, laid out again (each build replaces
    // the last one's structure elements).
    done(build(Fitting::default())?, fit(FitStep::Short))
}

/// Shrink the spaces between the flow's chunks to the first share that
/// puts it on fewer than `n` pages; false, the flow as it was, when none
/// does. (In place: a copy of every chunk's items would cost more than the
/// tries.)
fn tightened(
    flow: &mut Flow,
    t: &Theme,
    count: &dyn Fn(&Flow) -> Result<Counted, LayoutError>,
    n: usize,
) -> bool {
    let usual: Vec<f32> = flow.chunks.iter().map(|c| c.space_before).collect();
    for share in [0.8, t.tightest_space] {
        for (c, space) in flow.chunks.iter_mut().zip(&usual) {
            c.space_before = space * share;
        }
        if count(flow).is_ok_and(|c| c.pages < n) {
            return true;
        }
    }
    for (c, space) in flow.chunks.iter_mut().zip(&usual) {
        c.space_before = *space;
    }
    false
}

/// The height of everything in a flow.
fn total(flow: &Flow) -> f32 {
    flow.chunks.iter().map(|c| c.height + c.space_before).sum()
}

#[cfg(test)]
mod tests;
