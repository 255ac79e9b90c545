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
//! header and footer; `fit` lays a lesson out again when its last page
//! comes out short.

mod build;
mod fit;
mod flow;
mod front;
pub mod invariants;
mod lesson_fonts;
pub mod lines;
pub mod metrics;
mod theme;

pub use fit::{Fit, FitStep};
#[cfg(test)]
pub(crate) use metrics::fake;
pub use metrics::{FaceId, Glyph, Metrics, Shaped};
pub use theme::Theme;

use front::{booklet_notes, front_matter};
use lesson_fonts::{LessonFonts, mirror};

use crate::cache::Cache;
use crate::labels::Language;
use crate::text::Rich;
use crate::worksheet::{Header, Worksheet};

/// How a text item's characters are placed.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Placement {
    /// Each character's glyph at its advance.
    #[default]
    Natural,
    /// Each character's glyph, with extra space (in ems, negative:
    /// closer) before the character at each byte offset.
    Kerned(Vec<(u32, f32)>),
    /// The shaper's glyphs, in drawing order, with clusters as byte
    /// offsets into the item's text.
    Shaped(Vec<Glyph>),
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

/// How a booklet's pages go onto paper (`--booklet`): two pages side by
/// side on each side of a landscape sheet, folded down the middle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Booklet {
    /// The paper itself folded: each page is half a sheet (Letter makes a
    /// half-letter booklet, 5.5×8.5 in; A4 an A5 one).
    Folded,
    /// Pages the paper's size, two to a sheet twice as big: Letter pages
    /// on tabloid (11×17 in), A4 pages on A3.
    Doubled,
}

/// A booklet's pages are a multiple of this: one sheet, both sides.
pub const BOOKLET_PAGES_PER_SHEET: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    pub paper: Paper,
    /// Body text at 18 pt instead of 12, everything else scaled with it.
    pub large_print: bool,
    /// Print each link as a QR code in a Resources box (`--no-qr` turns it
    /// off).
    pub qr: bool,
    /// The most pages one lesson may take, and a whole document (a packet
    /// with its cover and contents). Layout stops as soon as either is
    /// passed, so a lesson that would run to thousands of pages costs no
    /// more than the limit.
    pub max_lesson_pages: usize,
    pub max_pages: usize,
    /// Lay out for a booklet: at its page size, the pages padded with
    /// "Notes" pages to a multiple of four.
    pub booklet: Option<Booklet>,
}

/// Pages one lesson may take unless the command line raises it: a long
/// workbook chapter is 20 to 30.
pub const MAX_LESSON_PAGES: usize = 60;
/// Pages a packet may take: five lessons at the most.
pub const MAX_DOCUMENT_PAGES: usize = 300;

impl Default for Options {
    fn default() -> Self {
        Options {
            paper: Paper::Letter,
            large_print: false,
            qr: true,
            max_lesson_pages: MAX_LESSON_PAGES,
            max_pages: MAX_DOCUMENT_PAGES,
            booklet: None,
        }
    }
}

impl Options {
    /// At most `n` pages a lesson (`--max-pages`), and five times as many
    /// for a packet.
    pub fn with_max_pages(self, n: usize) -> Options {
        Options {
            max_lesson_pages: n,
            max_pages: n.saturating_mul(MAX_DOCUMENT_PAGES / MAX_LESSON_PAGES),
            ..self
        }
    }

    /// A page's width and height in points: the paper's, or half of it
    /// for a folded booklet.
    pub fn page_size(&self) -> (f32, f32) {
        let (w, h) = self.paper.size();
        match self.booklet {
            Some(Booklet::Folded) => (h / 2.0, w),
            None | Some(Booklet::Doubled) => (w, h),
        }
    }

    /// The paper and print size, as messages name it: `Letter`, `A4 large
    /// print`, `half-letter booklet`.
    pub fn size_name(&self) -> String {
        let paper = match (self.paper, self.booklet) {
            (Paper::Letter, None) => "Letter",
            (Paper::A4, None) => "A4",
            (Paper::Letter, Some(Booklet::Folded)) => "half-letter booklet",
            (Paper::A4, Some(Booklet::Folded)) => "A5 booklet",
            (Paper::Letter, Some(Booklet::Doubled)) => "Letter booklet",
            (Paper::A4, Some(Booklet::Doubled)) => "A4 booklet",
        };
        if self.large_print {
            format!("{paper} large print")
        } else {
            paper.to_string()
        }
    }
}

/// A laid-out document: pages of items.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The lesson or packet title as plain text (the PDF's title; never a
    /// client name).
    pub title: String,
    pub language: Language,
    pub pages: Vec<Page>,
    /// Where each lesson starts, for PDF bookmarks.
    pub outline: Vec<Bookmark>,
    /// The logical structure, in reading order; items point into it.
    pub nodes: Vec<Node>,
    /// What the fitting pass did for each lesson, in order.
    pub fits: Vec<Fit>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bookmark {
    pub title: String,
    /// Index into `pages`.
    pub page: usize,
}

/// A packet's cover page: its title and the client's details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cover {
    pub title: String,
    pub header: Header,
}

/// What one document holds: an optional cover and table of contents, then
/// one or more worksheets. Page numbers run through all of it.
#[derive(Debug, Clone)]
pub struct Spec<'a> {
    /// The document's title: the PDF title, and the footer title of the
    /// cover and contents pages.
    pub title: String,
    pub cover: Option<Cover>,
    pub contents: bool,
    pub worksheets: &'a [Worksheet],
    /// The crisis line the cover's and contents' footers print (each
    /// lesson's pages print the lesson's own): the caller's, so layout
    /// need not know the help lines.
    pub crisis: Rich,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub items: Vec<Item>,
    /// Which of `items` are the running header: it shows the client's name,
    /// and the lesson title beside it is shortened to fit the name, so a
    /// batch paints it for each copy (the footer, the same in every copy,
    /// is painted once with the page's body).
    pub running: std::ops::Range<usize>,
}

/// One thing on a page and what it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub shape: Shape,
    pub role: Role,
    /// The element of the document's structure this item is part of (a
    /// heading, a paragraph, a list body, a table cell, a form field); `None`
    /// for page furniture, which a screen reader skips.
    pub node: Option<NodeId>,
}

/// An element of the document's logical structure, by index into
/// [`Document::nodes`]. Node 0 is the document itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub u32);

/// What a structure element is, in the terms of tagged PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tag {
    Document,
    /// One lesson (or the cover, or the contents), with its language.
    Sect,
    H1,
    H2,
    H3,
    P,
    /// A list, its items, and each item's label and body.
    L,
    LI,
    Lbl,
    LBody,
    Table,
    TR,
    /// A header cell: of a column, or (`row`) of a row.
    TH {
        row: bool,
    },
    TD,
    /// Link text; the link's annotation joins it in the PDF.
    Link {
        url: String,
    },
    /// A picture with its alternative text.
    Figure {
        alt: String,
    },
    /// A place to fill in. Only a fillable PDF shows it as a form field;
    /// a plain one leaves it out of the structure.
    Form,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub tag: Tag,
    pub parent: Option<NodeId>,
    /// Set on each lesson's section: the language its text is in.
    pub language: Option<Language>,
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
        /// Kerning or the shaper's glyphs; `text` stays in reading order.
        placement: Placement,
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
    /// Text layout adds about the lesson's own (the caption beside a QR
    /// code): a copy, not part of the lesson's words.
    Caption,
    /// A pre-filled value, like the client's name, shown in field `field`.
    Value {
        field: String,
    },
    /// A ruled line to write on. `field` names it (`plan/2/line1`), `tip`
    /// says what goes there (the prompt).
    WritingLine {
        field: String,
        tip: String,
    },
    /// An empty square to tick.
    Checkbox {
        field: String,
        tip: String,
    },
    /// A header cell of table number `table` (counted through the document).
    TableHeader {
        table: usize,
        col: usize,
    },
    /// A body cell's text (a row label); `row` counts from 1 under the header.
    TableCell {
        table: usize,
        row: usize,
        col: usize,
    },
    /// A body cell left empty to write in.
    InputCell {
        table: usize,
        row: usize,
        col: usize,
        field: String,
        tip: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LayoutError {
    #[error("the character `{ch}` (U+{code:04X}) in {context} is in no font found", code = *ch as u32)]
    MissingGlyph { ch: char, context: String },
    #[error(
        "the tracker has {columns} columns, which cannot fit across the page; the most that fit are {max}"
    )]
    TrackerTooWide { columns: usize, max: usize },
    #[error("{context} is too tall to fit on one page; shorten it")]
    TooTall { context: String },
    /// More pages than [`Options`] allow: a lesson's (named by its id) or
    /// the whole document's. Layout stopped there, so `max` is the count
    /// known.
    #[error("{} is more than {max} pages", lesson.as_ref().map_or_else(|| "the packet".to_string(), |id| format!("the lesson `{id}`")))]
    TooManyPages { lesson: Option<String>, max: usize },
}

impl LayoutError {
    /// The problem told without what it was found in: a client's document's
    /// context could quote the client's details, and the character alone
    /// (by code point and script, never shown) says what is wrong.
    pub fn without_context(&self) -> String {
        match self {
            LayoutError::MissingGlyph { ch, .. } => format!(
                "a character no font found can print (U+{:04X}, {} script)",
                *ch as u32,
                crate::text::script_name(*ch)
            ),
            e => e.to_string(),
        }
    }
}

/// Lay out one worksheet as a document of its own.
pub fn layout(
    ws: &Worksheet,
    opts: &Options,
    m: &dyn Metrics,
    cache: &Cache,
) -> Result<Document, LayoutError> {
    let spec = Spec {
        title: ws.lesson.title.to_plain(),
        cover: None,
        contents: false,
        worksheets: std::slice::from_ref(ws),
        crisis: ws.lesson.crisis.clone(),
    };
    layout_document(&spec, opts, m, cache)
}

/// Lay out a document: cover, contents, then each worksheet starting on a
/// new page, numbered through.
pub fn layout_document(
    spec: &Spec,
    opts: &Options,
    m: &dyn Metrics,
    cache: &Cache,
) -> Result<Document, LayoutError> {
    let t = Theme::new(opts);
    let first = spec.worksheets.first();
    let language = first.map(|w| w.lesson.language).unwrap_or_default();
    let name = first.and_then(|w| w.header.name.as_deref());

    // The structure starts with the document; each lesson, the cover and the
    // contents are sections of it.
    let mut nodes = vec![Node {
        tag: Tag::Document,
        parent: None,
        language: None,
    }];
    let (mut lessons, fits) = lay_out_lessons(spec, opts, m, cache, &t, &mut nodes)?;
    let front_fonts = LessonFonts::plain(m, cache);
    let front = flow::Furniture::new(
        &Rich::plain(&spec.title),
        &spec.crisis,
        language,
        name,
        &t,
        &front_fonts,
    )?;
    let front_pages = front_matter(
        spec,
        &lessons,
        &front,
        language,
        &mut nodes,
        &t,
        &front_fonts,
    )?;
    let count = front_pages.len() + lessons.iter().map(|l| l.1.len()).sum::<usize>();
    let notes = booklet_notes(opts, count, &front, language, &mut nodes, &t, &front_fonts)?;
    lessons.extend(notes);
    let (pages, outline) = number_pages(
        front_pages,
        lessons,
        &front,
        &nodes,
        opts,
        &t,
        &front_fonts,
        m,
        cache,
    )?;
    let doc = Document {
        title: spec.title.clone(),
        language,
        pages,
        outline,
        nodes,
        fits,
    };
    #[cfg(debug_assertions)]
    {
        let mut broken = invariants::violations(&doc, &t);
        broken.extend(invariants::words_in_order(&doc, spec.worksheets, opts));
        assert!(
            broken.is_empty(),
            "layout broke its rules:\n{}",
            broken.join("\n")
        );
    }
    Ok(doc)
}

/// One lesson laid out: its title, its pages' bodies, and what its running
/// header and footer say.
type LessonPages = (Rich, Vec<Vec<Item>>, flow::Furniture);

/// A new section of the document's structure, in `language`.
fn new_section(nodes: &mut Vec<Node>, language: Language) -> NodeId {
    nodes.push(Node {
        tag: Tag::Sect,
        parent: Some(NodeId(0)),
        language: Some(language),
    });
    NodeId(nodes.len() as u32 - 1)
}

/// Each lesson's pages, with what its headers and footers say. In a
/// document of several lessons, each lesson's form fields are named under
/// its id (the name and date fields stay shared).
fn lay_out_lessons(
    spec: &Spec,
    opts: &Options,
    m: &dyn Metrics,
    cache: &Cache,
    t: &Theme,
    nodes: &mut Vec<Node>,
) -> Result<(Vec<LessonPages>, Vec<Fit>), LayoutError> {
    let mut lessons = Vec::new();
    let mut fits = Vec::new();
    let mut tables = 0;
    let mut prefixes: Vec<String> = Vec::new();
    // Pages the lessons so far take: each lesson may take what is left of
    // the document's limit, up to a lesson's own.
    let mut used = 0;
    for ws in spec.worksheets {
        let (max, over) = page_limit(opts, used, ws);
        // Past the limit layout stops with a placeholder, told here.
        let too_many = |e: LayoutError| match e {
            LayoutError::TooManyPages { .. } => over.clone(),
            e => e,
        };
        let prefix = (spec.worksheets.len() > 1).then(|| field_prefix(ws, &mut prefixes));
        let sect = new_section(nodes, ws.lesson.language);
        let fonts = LessonFonts::new(m, ws.lesson.language, cache);
        let m: &dyn Metrics = &fonts;
        let f = flow::Furniture::new(
            &ws.lesson.title,
            &ws.lesson.crisis,
            ws.lesson.language,
            ws.header.name.as_deref(),
            t,
            m,
        )?;
        let mut context = build::Context {
            first_table: tables,
            section: sect,
            field_prefix: prefix,
            qr: opts.qr && ws.lesson.qr,
            max_pages: max,
            page_room: f.body_bottom(t) - f.body_top(t, true),
            fitting: build::Fitting::default(),
        };
        let room = fit::Room {
            first_top: f.body_top(t, false),
            rest_top: f.body_top(t, true),
            bottom: f.body_bottom(t),
            max,
        };
        // Each layout the fitting pass asks for replaces the last one's
        // structure elements.
        let from = nodes.len();
        let mut build = |fitting| {
            nodes.truncate(from);
            context.fitting = fitting;
            build::chunks(ws, &context, nodes, t, m)
        };
        let fitted = fit::fit(t, room, &mut build).map_err(too_many)?;
        tables = fitted.flow.tables;
        used += fitted.pages.len();
        fits.push(fitted.fit);
        lessons.push((ws.lesson.title.clone(), fitted.pages, f));
    }
    Ok((lessons, fits))
}

/// How many pages the lesson of `ws` may take when the lessons before it
/// took `used`, and the error to tell when it takes more: its own limit's,
/// or the whole document's when that is nearer.
fn page_limit(opts: &Options, used: usize, ws: &Worksheet) -> (usize, LayoutError) {
    let left = opts.max_pages.saturating_sub(used);
    if opts.max_lesson_pages <= left {
        (
            opts.max_lesson_pages,
            LayoutError::TooManyPages {
                lesson: Some(ws.lesson.id.clone()),
                max: opts.max_lesson_pages,
            },
        )
    } else {
        (
            left,
            LayoutError::TooManyPages {
                lesson: None,
                max: opts.max_pages,
            },
        )
    }
}

/// The name a lesson's form fields go under in a document of several: its
/// id, numbered `-2`, `-3`… when the same lesson comes again.
fn field_prefix(ws: &Worksheet, prefixes: &mut Vec<String>) -> String {
    let mut p = ws.lesson.id.clone();
    let mut n = 2;
    while prefixes.contains(&p) {
        p = format!("{}-{n}", ws.lesson.id);
        n += 1;
    }
    prefixes.push(p.clone());
    p
}

/// The finished pages, numbered through, each with its running header and
/// footer (a right-to-left lesson's mirrored), and where each lesson
/// starts. `front_fonts` for the cover and contents; each lesson's pages
/// in its own language's fonts, `m` as that language sees it.
#[allow(clippy::too_many_arguments)]
fn number_pages(
    front_pages: Vec<Vec<Item>>,
    lessons: Vec<LessonPages>,
    front: &flow::Furniture,
    nodes: &[Node],
    opts: &Options,
    t: &Theme,
    front_fonts: &dyn Metrics,
    m: &dyn Metrics,
    cache: &Cache,
) -> Result<(Vec<Page>, Vec<Bookmark>), LayoutError> {
    let total = front_pages.len() + lessons.iter().map(|l| l.1.len()).sum::<usize>();
    if total > opts.max_pages {
        return Err(LayoutError::TooManyPages {
            lesson: None,
            max: opts.max_pages,
        });
    }
    let mut pages = Vec::with_capacity(total);
    let mut outline = Vec::new();
    for items in front_pages {
        let n = pages.len() + 1;
        pages.push(flow::furnish(items, front, t, front_fonts, n, total)?);
    }
    for (title, body_pages, mut f) in lessons {
        outline.push(Bookmark {
            title: title.to_plain(),
            page: pages.len(),
        });
        let fonts = LessonFonts::new(m, f.language, cache);
        for (k, items) in body_pages.into_iter().enumerate() {
            f.running = k > 0;
            let n = pages.len() + 1;
            let mut page = flow::furnish(items, &f, t, &fonts, n, total)?;
            if fonts.rtl {
                mirror(&mut page, nodes);
            }
            pages.push(page);
        }
    }
    Ok((pages, outline))
}

#[cfg(test)]
mod tests;
