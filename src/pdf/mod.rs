//! The PDF writer: paints a laid-out [`Document`] with printpdf and returns
//! the bytes. No layout decisions are made here and no files are touched.
//!
//! Output is deterministic: fonts go in under fixed resource names (which
//! also fix the subset tags), the document info is ours alone (title,
//! producer, and a creation date only from `SOURCE_DATE_EPOCH`), and the file
//! `/ID` is a hash of the content. No client detail goes into metadata.
//!
//! By concern, each leaning only on those after it:
//!
//! - [`combine`]: many painted documents as one print file, written as
//!   they come.
//! - [`booklet`]: a booklet's pages imposed two to a sheet side, in
//!   folding order.
//! - `body`: the lesson's part of every page, painted once and kept for
//!   each copy of it; a copy paints only its own part (`personal`).
//! - `page`: content streams, the page's items as printpdf operators.
//! - `tags`: the structure tree a screen reader follows; `form`: the
//!   fields of a fillable PDF.
//! - `fonts`: faces parsed, subset, named; the text each glyph stands
//!   for; the form font.
//! - `file`: the bytes of a file (objects, object streams, the
//!   cross-reference stream), for single and combined files alike.
//! - `objects`: object numbers, references, and moving a chunk of objects
//!   from one document into another.
//!
//! What is worth keeping between documents (bodies, structure trees,
//! subsets, parsed faces, deflated font programs, the form font) is kept
//! in the [`Cache`] the caller passes in, never in a static.

use std::collections::BTreeSet;

use lopdf::{Object, StringFormat};
use printpdf::{PdfDocument, PdfPage};

mod body;
pub mod booklet;
mod cff;
pub mod combine;
pub(crate) mod file;
mod fonts;
mod form;
mod objects;
mod page;
mod subset;
mod tags;

pub(crate) use tags::xmp;

use crate::cache::Cache;
use crate::layout::{Document, Page, Role, Shape};

pub use fonts::warm_fonts;
use fonts::{CharSets, Slot, font_id};
use page::{Part, page_ops, save_options};
use tags::PageMarks;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PdfOptions {
    /// Seconds since the Unix epoch for the document's creation date; none
    /// when `SOURCE_DATE_EPOCH` is unset, so output doesn't change run to run.
    pub creation_date: Option<i64>,
    /// Add form fields where a person writes (`--fillable`).
    pub fillable: bool,
    /// Leave out the structure tree. Only the benchmark sets this, to
    /// measure what tagging costs; every PDF `handout` writes is tagged.
    pub untagged: bool,
    /// Impose the pages as a booklet (`--booklet`): two to each side of a
    /// sheet, in folding order ([`booklet`]). Such a file is for paper:
    /// untagged and without form fields.
    pub booklet: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the font {0} could not be read")]
    Font(String),
    #[error("could not write the PDF: {0}")]
    Write(String),
}

/// Whether item `k` of `page` belongs to a copy rather than to the lesson:
/// a pre-filled value, or the text of the running header (which holds the
/// client's name). Footers are the same in every copy of a document, page
/// numbers included, so they are the body's.
fn personal(page: &Page, k: usize) -> bool {
    let item = &page.items[k];
    match item.role {
        Role::Value { .. } => true,
        Role::Artifact => page.running.contains(&k) && matches!(item.shape, Shape::Text { .. }),
        _ => false,
    }
}

/// A quick hash (rustc's Fx): the body's every item is hashed for every
/// copy, and a hit is confirmed in full anyway.
type Fx = rustc_hash::FxHasher;

/// Paint `doc` into PDF bytes.
pub fn render(doc: &Document, opts: &PdfOptions, cache: &Cache) -> Result<Vec<u8>, PdfError> {
    save_painted(&paint(doc, opts, cache)?)
}

/// Paint `doc` into a lopdf document, streams compressed, with no file ID
/// yet: [`save`] gives it one, or [`combine`] merges it into a larger
/// file.
///
/// The lesson's part of every page (its body) is painted once and kept for
/// the copies after ([`body`]); each copy paints its personal part.
pub fn to_lopdf(
    doc: &Document,
    opts: &PdfOptions,
    cache: &Cache,
) -> Result<lopdf::Document, PdfError> {
    Ok(paint(doc, opts, cache)?.into_lopdf())
}

/// A copy painted ([`paint`]), its structure elements still those of the
/// tree kept for every copy of its body: the combined file writes them from
/// there ([`combine::Combiner::add_painted`]) without a copy's own.
pub struct Painted {
    lo: lopdf::Document,
    tree: Option<tags::Placed>,
}

impl Painted {
    /// The whole document, its structure elements in it.
    pub fn into_lopdf(mut self) -> lopdf::Document {
        if let Some(tree) = self.tree.take() {
            tree.materialize(&mut self.lo);
        }
        self.lo
    }

    pub(crate) fn parts(&self) -> (&lopdf::Document, Option<&tags::Placed>) {
        (&self.lo, self.tree.as_ref())
    }
}

/// [`to_lopdf`], the structure elements left in the kept tree.
pub fn paint(doc: &Document, opts: &PdfOptions, cache: &Cache) -> Result<Painted, PdfError> {
    // The body, and the lesson's subsets with it, made on a miss only.
    let body = body::kept(doc, cache)?;
    let opts = &PdfOptions {
        fillable: opts.fillable && !opts.booklet,
        ..opts.clone()
    };
    let shown = if opts.fillable {
        form::shown_in_fields(doc, cache)
    } else {
        BTreeSet::new()
    };
    let (mut lo, marks) = paint_copy(doc, opts, &body, &shown, cache)?;
    body::join(&mut lo, &body);
    lo.version = "1.7".into();
    fonts::tag_subsets(&mut lo);
    set_info(&mut lo, &doc.title, opts);
    // printpdf writes /PageMode as a string; readers want a name.
    if let Ok(catalog) = lo.catalog_mut()
        && catalog.has(b"PageMode")
    {
        let mode = if doc.outline.len() > 1 {
            "UseOutlines"
        } else {
            "UseNone"
        };
        catalog.set("PageMode", Object::Name(mode.into()));
    }
    if opts.booklet {
        booklet::impose(&mut lo, doc.language.is_rtl());
        file::compress(&mut lo, file::COPY_LEVEL, cache);
        return Ok(Painted { lo, tree: None });
    }
    let widgets = if opts.fillable {
        let fields = marks.iter().map(|m| m.fields.as_slice());
        form::add_fields(&mut lo, doc, fields, &shown, cache)?
    } else {
        Vec::new()
    };
    let tree = (!opts.untagged).then(|| tags::tag(&mut lo, doc, &marks, &widgets, cache));
    file::compress(&mut lo, file::COPY_LEVEL, cache);
    Ok(Painted { lo, tree })
}

/// The copy's own part of every page (see [`personal`]), with the subsets
/// it draws from, as a document of its own; the marks of each page, the
/// body's first. `shown`: in a fillable PDF, the fields whose values show
/// in the field.
fn paint_copy(
    doc: &Document,
    opts: &PdfOptions,
    body: &body::Body,
    shown: &BTreeSet<String>,
    cache: &Cache,
) -> Result<(lopdf::Document, Vec<PageMarks>), PdfError> {
    let mut sets = CharSets::of(doc, body.lesson.clone(), cache);
    let mut pdf = PdfDocument::new(&doc.title);
    for (face, slot) in sets.personal_fonts(doc) {
        let subset = fonts::subset(face, sets.get(face, slot), sets.glyphs(face, slot), cache)?;
        pdf.resources
            .fonts
            .map
            .insert(font_id(face, slot), subset.0);
        sets.remap.insert((face, slot == Slot::Copy), subset.1);
    }
    let (pages, marks): (Vec<PdfPage>, Vec<PageMarks>) = doc
        .pages
        .iter()
        .zip(&body.pages)
        .map(|(p, b)| {
            let fillable = opts.fillable.then_some(shown);
            let first = b.marks.len() as i64;
            let (page, mut marks) =
                page_ops(p, &doc.nodes, &sets, fillable, Part::Personal, first, cache);
            marks.content.splice(0..0, b.marks.iter().copied());
            (page, marks)
        })
        .unzip();
    pdf.with_pages(pages);
    for b in &doc.outline {
        pdf.add_bookmark(&b.title, b.page + 1);
    }
    Ok((
        pdf.to_lopdf_document(&save_options(), &mut Vec::new()),
        marks,
    ))
}

/// Save with a file ID that is a hash of the content.
pub fn save(lo: &lopdf::Document) -> Result<Vec<u8>, PdfError> {
    file::document(lo).map_err(|e| PdfError::Write(e.to_string()))
}

/// [`save`] a painted copy: the same bytes as saving [`Painted::into_lopdf`],
/// its structure elements written straight from the kept tree.
pub fn save_painted(painted: &Painted) -> Result<Vec<u8>, PdfError> {
    let written = match &painted.tree {
        Some(tree) => file::document_with(
            &painted.lo,
            &tree.elements(),
            Some(tree as &dyn objects::Lookup),
        ),
        None => file::document(&painted.lo),
    };
    written.map_err(|e| PdfError::Write(e.to_string()))
}

/// Replace printpdf's document info with ours: the lesson title, who made
/// the file, and a date only when the build environment pins one.
fn set_info(lo: &mut lopdf::Document, title: &str, opts: &PdfOptions) {
    let mut info = lopdf::Dictionary::new();
    info.set("Title", utf16(title));
    info.set(
        "Producer",
        Object::string_literal(format!("handout {}", env!("CARGO_PKG_VERSION"))),
    );
    info.set("Creator", Object::string_literal("handout"));
    if let Some(date) = opts.creation_date.and_then(pdf_date) {
        info.set("CreationDate", Object::string_literal(date.clone()));
        info.set("ModDate", Object::string_literal(date));
    }
    match lo.trailer.get(b"Info").and_then(Object::as_reference) {
        Ok(id) => {
            lo.objects.insert(id, Object::Dictionary(info));
        }
        Err(_) => {
            let id = lo.add_object(info);
            lo.trailer.set("Info", id);
        }
    }
}

fn utf16(text: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend(unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// `D:YYYYMMDDHHmmSSZ` for a Unix time.
pub fn pdf_date(secs: i64) -> Option<String> {
    let t = time::OffsetDateTime::from_unix_timestamp(secs).ok()?;
    Some(format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    ))
}

#[cfg(test)]
mod tests;
