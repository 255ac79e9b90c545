//! One repair to a subset of a CID-keyed CFF font (Noto Sans CJK).
//!
//! A subset keeps the font's own CIDs: its charset maps glyph 5 of the
//! subset to, say, CID 12,043. In the PDF such a font is a CIDFontType0,
//! where the code in the content stream *is* the CID, while printpdf
//! writes glyph numbers as the codes and keys `/W` by them. Readers that
//! follow the charset (Acrobat, Preview, the PDF/UA checker) would then
//! draw and measure other glyphs. Rewriting the subset's charset so that
//! glyph *n* is CID *n* makes the codes, `/W`, `/ToUnicode` and the font
//! program agree, with nothing else changed.

/// Give the CID-keyed CFF table of OpenType font `font` an identity
/// charset, in place. Fonts that are not CID-keyed CFF, or whose tables
/// don't read as expected, are left as they are.
pub fn identity_charset(font: &mut [u8]) {
    let Some((start, len)) = cff_table(font) else {
        return;
    };
    let glyphs = match ttf_parser::Face::parse(font, 0) {
        Ok(f) => usize::from(f.number_of_glyphs()),
        Err(_) => return,
    };
    if let Some(cff) = font.get_mut(start..start + len) {
        rewrite(cff, glyphs);
    }
}

/// Where the `CFF ` table is in an OpenType font: (offset, length).
fn cff_table(font: &[u8]) -> Option<(usize, usize)> {
    let u16_at = |at: usize| Some(u16::from_be_bytes([*font.get(at)?, *font.get(at + 1)?]));
    let u32_at = |at: usize| {
        Some(u32::from_be_bytes([
            *font.get(at)?,
            *font.get(at + 1)?,
            *font.get(at + 2)?,
            *font.get(at + 3)?,
        ]))
    };
    if font.get(0..4)? != b"OTTO" {
        return None;
    }
    let tables = usize::from(u16_at(4)?);
    (0..tables).find_map(|i| {
        let rec = 12 + i * 16;
        (font.get(rec..rec + 4)? == b"CFF ")
            .then(|| Some((u32_at(rec + 8)? as usize, u32_at(rec + 12)? as usize)))?
    })
}

/// An INDEX at `at`: (where its data starts, the offsets of its items
/// relative to that, where it ends).
fn index(cff: &[u8], at: usize) -> Option<(usize, Vec<usize>, usize)> {
    let count = usize::from(u16::from_be_bytes([*cff.get(at)?, *cff.get(at + 1)?]));
    if count == 0 {
        return Some((at + 2, Vec::new(), at + 2));
    }
    let size = usize::from(*cff.get(at + 2)?);
    let offsets = (0..=count)
        .map(|i| {
            let from = at + 3 + i * size;
            let bytes = cff.get(from..from + size)?;
            Some(bytes.iter().fold(0usize, |a, &b| a << 8 | usize::from(b)))
        })
        .collect::<Option<Vec<usize>>>()?;
    let data = at + 3 + (count + 1) * size - 1;
    let end = data + *offsets.last()?;
    Some((data, offsets, end))
}

/// The operators of a DICT with their last integer operand.
fn dict(bytes: &[u8]) -> Vec<(u16, Option<i64>)> {
    let mut out = Vec::new();
    let mut operand: Option<i64> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            12 => {
                let op = 1200 + u16::from(*bytes.get(i + 1).unwrap_or(&0));
                out.push((op, operand.take()));
                i += 2;
            }
            0..=21 => {
                out.push((u16::from(b), operand.take()));
                i += 1;
            }
            28 => {
                let v = i16::from_be_bytes([
                    *bytes.get(i + 1).unwrap_or(&0),
                    *bytes.get(i + 2).unwrap_or(&0),
                ]);
                operand = Some(i64::from(v));
                i += 3;
            }
            29 => {
                let v = i32::from_be_bytes([
                    *bytes.get(i + 1).unwrap_or(&0),
                    *bytes.get(i + 2).unwrap_or(&0),
                    *bytes.get(i + 3).unwrap_or(&0),
                    *bytes.get(i + 4).unwrap_or(&0),
                ]);
                operand = Some(i64::from(v));
                i += 5;
            }
            30 => {
                // A real number: nibbles up to one of 0xF.
                i += 1;
                while i < bytes.len() && bytes[i] & 0x0F != 0x0F && bytes[i] >> 4 != 0x0F {
                    i += 1;
                }
                i += 1;
                operand = None;
            }
            32..=246 => {
                operand = Some(i64::from(b) - 139);
                i += 1;
            }
            247..=250 => {
                let w = i64::from(*bytes.get(i + 1).unwrap_or(&0));
                operand = Some((i64::from(b) - 247) * 256 + w + 108);
                i += 2;
            }
            251..=254 => {
                let w = i64::from(*bytes.get(i + 1).unwrap_or(&0));
                operand = Some(-(i64::from(b) - 251) * 256 - w - 108);
                i += 2;
            }
            _ => return out,
        }
    }
    out
}

const ROS: u16 = 1230;
const CHARSET: u16 = 15;

fn rewrite(cff: &mut [u8], glyphs: usize) -> Option<()> {
    let header = usize::from(*cff.get(2)?);
    let (_, _, names_end) = index(cff, header)?;
    let (data, offsets, _) = index(cff, names_end)?;
    let top = dict(cff.get(data + offsets.first()?..data + offsets.get(1)?)?);
    if !top.iter().any(|&(op, _)| op == ROS) {
        return None;
    }
    let at = usize::try_from(top.iter().find(|&&(op, _)| op == CHARSET)?.1?).ok()?;
    if glyphs < 2 || at == 0 {
        return None;
    }
    // What the charset takes now, to write the new one in its place.
    let size = match *cff.get(at)? {
        0 => 1 + 2 * (glyphs - 1),
        format @ (1 | 2) => {
            let (mut covered, mut i) = (1, at + 1);
            let step = if format == 1 { 3 } else { 4 };
            while covered < glyphs {
                let left = if format == 1 {
                    usize::from(*cff.get(i + 2)?)
                } else {
                    usize::from(u16::from_be_bytes([*cff.get(i + 2)?, *cff.get(i + 3)?]))
                };
                covered += left + 1;
                i += step;
            }
            i - at
        }
        _ => return None,
    };
    let charset = cff.get_mut(at..at + size)?;
    if size >= 5 {
        // Format 2, one range: glyphs 1.. are CIDs 1..
        let left = u16::try_from(glyphs - 2).ok()?;
        charset[0] = 2;
        charset[1..3].copy_from_slice(&1u16.to_be_bytes());
        charset[3..5].copy_from_slice(&left.to_be_bytes());
    } else {
        // Format 0 with one glyph after .notdef, or a single short range.
        charset[0] = 0;
        charset[1..3].copy_from_slice(&1u16.to_be_bytes());
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dict_operands_and_operators() {
        // 1000 (28 03 E8) charset(15); 391 392 0 ROS(12 30).
        let d = dict(&[28, 0x03, 0xE8, 15, 0xF8, 0x8B, 0xF8, 0x8C, 139, 12, 30]);
        assert_eq!(d, [(CHARSET, Some(1000)), (ROS, Some(0))]);
    }

    #[test]
    fn a_range_charset_becomes_identity_in_place() {
        // A fake CFF: header (size 4), empty Name INDEX, a Top DICT INDEX
        // with `ROS` then `charset` at 40, then a format-2 charset of two
        // ranges for 20 glyphs: CIDs 500..509 and 900..908.
        let mut cff = vec![1, 0, 4, 1, 0, 0];
        let top = [139u8, 139, 139, 12, 30, 28, 0, 40, 15];
        cff.extend([0, 1, 1, 1, 1 + top.len() as u8]);
        cff.extend(top);
        cff.resize(40, 0);
        cff.extend([2, 0x01, 0xF4, 0, 9, 0x03, 0x84, 0, 8]);
        rewrite(&mut cff, 20).unwrap();
        assert_eq!(&cff[40..45], &[2, 0, 1, 0, 18]);
    }
}
