//! Layout: a [`Worksheet`] becomes pages of positioned, labelled items.
//!
//! The output is a display list that knows nothing of PDF: text runs, lines
//! and rectangles in points, origin at the top-left of the page, each tagged
//! with the [`Role`] it plays (heading, list item, writing line, checkbox,
//! table cell, page furniture). The PDF writer paints it; tagging and form
//! fields are built from the roles; tests read it directly.
//!
//! Stages inside: [`lines`] breaks rich text into lines with real font
//! metrics; [`build`] turns each section into vertical chunks with
//! keep-together rules; [`flow`] paginates the chunks and adds the running
//! header and footer.

mod build;
mod flow;
pub mod invariants;
pub mod lines;
mod theme;

pub use theme::Theme;

use crate::labels::Language;
use crate::text::{Coverage, Style};
use crate::worksheet::Worksheet;

/// Which face of the bundled fonts draws a run. Faces are numbered by the
/// font book; layout only passes the number along.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FaceId(pub u8);

/// What layout needs to know about fonts: which face draws a character in a
/// style (a fallback face when the main one lacks it), and how wide it is.
/// A trait so that layout tests can use a fixed-width fake.
pub trait Metrics: Coverage {
    /// The face that prints `ch` in `style`, or `None` when no face has it.
    fn face_for(&self, style: Style, ch: char) -> Option<FaceId>;
    /// Advance width of `ch` in `face`, in ems.
    fn advance(&self, face: FaceId, ch: char) -> f32;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    #[default]
    Letter,
    A4,
}

impl Paper {
    /// Width and height in points.
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::Letter => (612.0, 792.0),
            Paper::A4 => (595.2756, 841.8898),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Options {
    pub paper: Paper,
    /// Body text at 18 pt instead of 12, everything else scaled with it.
    pub large_print: bool,
}

/// A laid-out document: pages of items.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The lesson title as plain text (the PDF's title; never a client name).
    pub title: String,
    pub language: Language,
    pub pages: Vec<Page>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub items: Vec<Item>,
}

/// One thing on a page and what it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub shape: Shape,
    pub role: Role,
    /// Items of one logical element (a paragraph, a list item, a table cell)
    /// share a block number, in reading order.
    pub block: u32,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub width: f32,
    /// 0 is black, 1 is white.
    pub gray: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A run of text in one face; `y` is the baseline.
    Text {
        x: f32,
        y: f32,
        width: f32,
        size: f32,
        face: FaceId,
        gray: f32,
        text: String,
        link: Option<String>,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        stroke: Stroke,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<f32>,
        stroke: Option<Stroke>,
    },
}

impl Shape {
    /// Bounding box: left, top, right, bottom.
    pub fn bounds(&self) -> (f32, f32, f32, f32) {
        match *self {
            Shape::Text {
                x, y, width, size, ..
            } => (x, y - size * 0.8, x + width, y + size * 0.25),
            Shape::Line { x1, y1, x2, y2, .. } => (x1.min(x2), y1.min(y2), x1.max(x2), y1.max(y2)),
            Shape::Rect { x, y, w, h, .. } => (x, y, x + w, y + h),
        }
    }

    pub fn text(&self) -> Option<&str> {
        match self {
            Shape::Text { text, .. } => Some(text),
            _ => None,
        }
    }

    fn shift(&mut self, dx: f32, dy: f32) {
        match self {
            Shape::Text { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
            Shape::Line { x1, y1, x2, y2, .. } => {
                *x1 += dx;
                *x2 += dx;
                *y1 += dy;
                *y2 += dy;
            }
            Shape::Rect { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
        }
    }
}

/// What an item is, for tagging, form fields and tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// Page furniture a screen reader skips: running header, footer, rules,
    /// box outlines, grid lines.
    Artifact,
    Title,
    Subtitle,
    /// A section heading.
    Heading,
    /// A heading inside a section: a scenario or note title.
    Subheading,
    Paragraph,
    /// The bullet or number of a list item.
    ListLabel,
    /// The text of a list item.
    ListBody,
    /// A printed field label, like `Name:`.
    Label,
    /// A pre-filled value, like the client's name.
    Value,
    /// A ruled line to write on; `field` names it (`plan/2/line1`).
    WritingLine {
        field: String,
    },
    /// An empty square to tick.
    Checkbox {
        field: String,
    },
    /// A header cell of table number `table` (counted through the document).
    TableHeader {
        table: usize,
        col: usize,
    },
    /// A body cell; `row` counts from 1 under the header.
    TableCell {
        table: usize,
        row: usize,
        col: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LayoutError {
    #[error("the character `{ch}` (U+{code:04X}) in {context} is in no bundled font", code = *ch as u32)]
    MissingGlyph { ch: char, context: String },
    #[error(
        "the tracker has {columns} columns, which cannot fit across the page; the most that fit are {max}"
    )]
    TrackerTooWide { columns: usize, max: usize },
}

/// Lay out a worksheet.
pub fn layout(ws: &Worksheet, opts: &Options, m: &dyn Metrics) -> Result<Document, LayoutError> {
    let theme = Theme::new(opts);
    let chunks = build::chunks(ws, &theme, m)?;
    let pages = flow::paginate(ws, chunks, &theme, m)?;
    let doc = Document {
        title: ws.lesson.title.to_plain(),
        language: ws.lesson.language,
        pages,
    };
    #[cfg(debug_assertions)]
    {
        let broken = invariants::violations(&doc, &theme);
        assert!(
            broken.is_empty(),
            "layout broke its rules:\n{}",
            broken.join("\n")
        );
    }
    Ok(doc)
}

/// A fixed-width fake font for tests: every character is half an em wide,
/// bold a little wider; a private-use character is in no face.
#[cfg(test)]
pub(crate) mod fake {
    use super::*;

    pub struct Mono;

    impl Coverage for Mono {
        fn covers(&self, style: Style, ch: char) -> bool {
            self.face_for(style, ch).is_some()
        }
    }

    impl Metrics for Mono {
        fn face_for(&self, style: Style, ch: char) -> Option<FaceId> {
            if ('\u{E000}'..='\u{F8FF}').contains(&ch) {
                None
            } else {
                Some(FaceId(u8::from(style.bold)))
            }
        }
        fn advance(&self, face: FaceId, _: char) -> f32 {
            if face.0 == 1 { 0.6 } else { 0.5 }
        }
    }
}

#[cfg(test)]
mod tests;
