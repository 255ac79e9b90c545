//! `handout` turns lesson definitions (TOML with Markdown text) into
//! print-ready PDF worksheets for behavioral-health care.
//!
//! The pipeline, one module a stage; each is pure and returns its problems
//! as values (docs/architecture.md has the whole map):
//!
//! - [`lesson`]: a lesson file's bytes → a checked [`lesson::Lesson`], every
//!   problem reported with `file:line:col` ([`diag`]).
//! - [`worksheet`]: a lesson plus one client's details (name, date, chosen
//!   scenarios) → a [`worksheet::Worksheet`], exactly what to print.
//! - [`layout`]: a worksheet → pages of positioned, labelled items (a display
//!   list free of PDF types), measured with the bundled [`fonts`].
//! - [`pdf`]: pages → PDF bytes, fonts embedded and subset, deterministic.
//! - [`batch`]: a roster ([`roster`]) and a packet → every client's
//!   document, planned and checked before anything is made, then rendered
//!   in parallel into a folder, one print file, a ZIP or a printer through
//!   CUPS (the only stage besides the front ends that writes files,
//!   atomically, or runs `lp`).
//! - [`cli`] and [`serve`]: the front ends, arguments and terminal, or the
//!   local web app, over the stages above.
//!
//! [`text`] holds the rich-text model and Markdown parsing that lessons and
//! layout share; [`labels`] the printed words in each language; [`help`]
//! the crisis and help lines, kept as data; [`library`] the built-in
//! lessons; [`cache`] the work a caller keeps between documents;
//! [`shape`] the keys of each file format, which the readers check and
//! `handout schema` writes as a JSON Schema; [`review`] what `handout check`
//! finds in a lesson, for the command line and the app's lesson editor alike.

pub mod batch;
pub mod cache;
pub mod cli;
pub mod dates;
pub mod diag;
pub mod fonts;
pub mod help;
pub mod html;
pub mod kerning;
pub mod labels;
pub mod languages;
pub mod layout;
pub mod lesson;
pub mod library;
pub mod packet;
pub mod pdf;
pub(crate) mod read;
pub mod readability;
pub mod review;
pub mod roster;
pub mod serve;
pub mod shape;
pub mod svg;
pub mod text;
pub(crate) mod wording;
pub mod worksheet;

/// Why a checked worksheet still could not become a PDF.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Layout(#[from] layout::LayoutError),
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
}

/// A rendered document: the PDF and how many pages it has.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub pages: usize,
}

/// Lay out and paint one worksheet with the bundled fonts.
pub fn render(
    ws: &worksheet::Worksheet,
    layout_opts: &layout::Options,
    pdf_opts: &pdf::PdfOptions,
    cache: &cache::Cache,
) -> Result<Rendered, RenderError> {
    let doc = layout::layout(ws, layout_opts, fonts::FontBook::global(), cache)?;
    let bytes = pdf::render(&doc, pdf_opts, cache)?;
    Ok(Rendered {
        bytes,
        pages: doc.pages.len(),
    })
}
