//! Cutting a face down to the glyphs a document uses, with allsorts (the
//! subsetter printpdf itself uses, already in the tree through it).
//!
//! printpdf only subsets with its `text_layout` feature, which also builds
//! azul's layout engine (some 700,000 lines across azul-layout, azul-core,
//! azul-css and rust-fontconfig) that handout never calls: it lays out
//! its own pages. The same allsorts call here keeps printpdf's default
//! features off and the subsets byte for byte what they were.

use std::collections::BTreeMap;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile};
use printpdf::ParsedFont;
use printpdf::font::SubsetFont;

/// `font` cut down to `glyph_ids` (glyph → the text it stands for), glyph 0
/// (.notdef) first as allsorts requires; each kept glyph's new number is
/// its place in the list it was given.
pub fn subset_font(
    font: &ParsedFont,
    glyph_ids: &BTreeMap<u16, String>,
) -> Result<SubsetFont, String> {
    let bytes = font
        .source_bytes()
        .ok_or_else(|| "the face has no bytes to subset".to_string())?;
    let scope = ReadScope::new(bytes.as_slice());
    let file = scope.read::<FontData<'_>>().map_err(|e| e.to_string())?;
    let provider = file
        .table_provider(font.font_index as usize)
        .map_err(|e| e.to_string())?;
    let ids: Vec<u16> = std::iter::once(0)
        .chain(glyph_ids.keys().copied().filter(|&g| g != 0))
        .collect();
    let bytes = allsorts::subset::subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| e.to_string())?;
    let glyph_mapping = ids
        .iter()
        .enumerate()
        .filter_map(|(new, old)| {
            glyph_ids
                .get(old)
                .map(|text| (*old, (new as u16, text.clone())))
        })
        .collect();
    Ok(SubsetFont {
        bytes,
        glyph_mapping,
    })
}

/// A face parsed for painting, named as its own `name` table names it (its
/// PostScript name: the `/BaseFont` after the subset tag).
pub fn parse(bytes: &[u8], index: usize) -> Option<ParsedFont> {
    let mut font = ParsedFont::from_bytes(bytes, index, &mut Vec::new())?;
    font.font_name = postscript_name(bytes, index);
    Some(font)
}

fn postscript_name(bytes: &[u8], index: usize) -> Option<String> {
    use allsorts::tables::{FontTableProvider, NameTable};
    let file = ReadScope::new(bytes).read::<FontData<'_>>().ok()?;
    let provider = file.table_provider(index).ok()?;
    let data = provider.read_table_data(allsorts::tag::NAME).ok()?;
    let table = ReadScope::new(&data).read::<NameTable<'_>>().ok()?;
    table.string_for_id(NameTable::POSTSCRIPT_NAME)
}
