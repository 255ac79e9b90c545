//! An old Excel workbook (`.xls`, an OLE compound file) measured as
//! calamine reads it: every sheet at once, each laid out as a grid from its
//! first cell to its last (and space set aside for the size its
//! `Dimensions` record claims), each text cell a copy of its string.

use super::{MAX_GRID_CELLS, MAX_SHEET_TEXT};

const DAMAGED: &str = "this workbook cannot be read (it is damaged, or not laid out as a spreadsheet program writes one)";

fn u16_at(b: &[u8], at: usize) -> Option<usize> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?) as usize)
}

fn u32_at(b: &[u8], at: usize) -> Option<usize> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?) as usize)
}

/// Refused unless every sheet's grid, the space its dimensions claim,
/// and the text its cells copy are within the limits.
pub(super) fn measure(bytes: &[u8]) -> Result<(), String> {
    let stream = workbook_stream(bytes).ok_or_else(|| DAMAGED.to_string())?;
    let (sheets, strings) = globals(&stream).ok_or_else(|| DAMAGED.to_string())?;
    let (mut grid, mut text) = (0u64, 0u64);
    for at in sheets {
        let (cells, claimed, copied) =
            sheet(&stream, at, &strings).ok_or_else(|| DAMAGED.to_string())?;
        grid = grid.saturating_add(cells.max(claimed));
        text = text.saturating_add(copied);
    }
    if grid > MAX_GRID_CELLS {
        return Err(format!(
            "the workbook's sheets span more than {MAX_GRID_CELLS} cells, counted from each sheet's first filled cell to its last"
        ));
    }
    if text > MAX_SHEET_TEXT as u64 {
        return Err(format!(
            "the workbook's cells hold more than {} MB of text",
            MAX_SHEET_TEXT >> 20
        ));
    }
    Ok(())
}

/// The `Workbook` (or older `Book`) stream of a compound file.
fn workbook_stream(b: &[u8]) -> Option<Vec<u8>> {
    let shift = u16_at(b, 0x1E)?;
    let mini_shift = u16_at(b, 0x20)?;
    if !(7..=16).contains(&shift) || mini_shift >= shift {
        return None;
    }
    let size = 1usize << shift;
    let sectors = b.len() / size;
    let sector = |i: usize| -> Option<&[u8]> {
        let start = (i + 1).checked_mul(size)?;
        b.get(start..start + size)
    };
    // The sectors of the allocation table: 109 in the header, the rest
    // in a chain of their own.
    let mut fat_sectors: Vec<usize> = (0..109).filter_map(|i| u32_at(b, 0x4C + 4 * i)).collect();
    let mut next = u32_at(b, 0x44)?;
    for _ in 0..sectors {
        if next >= 0xFFFF_FFFA {
            break;
        }
        let s = sector(next)?;
        fat_sectors.extend((0..size / 4 - 1).filter_map(|i| u32_at(s, 4 * i)));
        next = u32_at(s, size - 4)?;
    }
    let mut fat = Vec::new();
    for &f in fat_sectors.iter().filter(|&&f| f < 0xFFFF_FFFA) {
        let s = sector(f)?;
        fat.extend((0..size / 4).filter_map(|i| u32_at(s, 4 * i)));
    }
    // A chain of sectors, a step for each at most: a loop is damage.
    let chain = |first: usize, table: &[usize]| -> Option<Vec<usize>> {
        let mut out = Vec::new();
        let mut at = first;
        while at < 0xFFFF_FFFA {
            if out.len() > table.len() {
                return None;
            }
            out.push(at);
            at = *table.get(at)?;
        }
        Some(out)
    };
    let read = |first: usize, len: usize| -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(len.min(b.len()));
        for s in chain(first, &fat)? {
            out.extend_from_slice(sector(s)?);
            if out.len() >= len {
                break;
            }
        }
        (out.len() >= len).then(|| {
            out.truncate(len);
            out
        })
    };
    let mut entries = Vec::new();
    for s in chain(u32_at(b, 0x30)?, &fat)? {
        entries.extend_from_slice(sector(s)?);
    }
    let entry = |e: &[u8]| -> Option<(String, u8, usize, usize)> {
        let len = u16_at(e, 64)?.min(64);
        let name: Vec<u16> = (0..len.saturating_sub(2) / 2)
            .filter_map(|i| u16_at(e, 2 * i).map(|c| c as u16))
            .collect();
        Some((
            String::from_utf16_lossy(&name),
            *e.get(66)?,
            u32_at(e, 116)?,
            u32_at(e, 120)?,
        ))
    };
    let all: Vec<_> = entries.chunks_exact(128).filter_map(entry).collect();
    let (_, _, book_start, book_len) = all
        .iter()
        .find(|(n, t, ..)| *t == 2 && (n == "Workbook" || n == "Book"))?
        .clone();
    if book_len > b.len() {
        return None;
    }
    if book_len >= u32_at(b, 0x38)? {
        return read(book_start, book_len);
    }
    // A small stream lives in the mini stream, in the root's sectors.
    let (_, _, root_start, root_len) = all.iter().find(|(_, t, ..)| *t == 5)?.clone();
    let mini = read(root_start, root_len.min(b.len()))?;
    let mut mini_fat = Vec::new();
    for s in chain(u32_at(b, 0x3C)?, &fat)? {
        let s = sector(s)?;
        mini_fat.extend((0..size / 4).filter_map(|i| u32_at(s, 4 * i)));
    }
    let mini_size = 1usize << mini_shift;
    let mut out = Vec::with_capacity(book_len);
    for s in chain(book_start, &mini_fat)? {
        out.extend_from_slice(mini.get(s * mini_size..(s + 1) * mini_size)?);
        if out.len() >= book_len {
            break;
        }
    }
    (out.len() >= book_len).then(|| {
        out.truncate(book_len);
        out
    })
}

/// A stream's records from `at`: type, data, and the data of the
/// CONTINUE records after it.
fn records(stream: &[u8], mut at: usize) -> impl Iterator<Item = (usize, &[u8], Vec<&[u8]>)> {
    std::iter::from_fn(move || {
        let typ = u16_at(stream, at)?;
        let len = u16_at(stream, at + 2)?;
        let data = stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        let mut cont = Vec::new();
        while u16_at(stream, at) == Some(0x003C) {
            let len = u16_at(stream, at + 2)?;
            cont.push(stream.get(at + 4..at + 4 + len)?);
            at += 4 + len;
        }
        Some((typ, data, cont))
    })
}

/// Where each sheet starts, and how many UTF-8 bytes each shared
/// string may become.
pub(super) fn globals(stream: &[u8]) -> Option<(Vec<usize>, Vec<u64>)> {
    let (mut sheets, mut strings) = (Vec::new(), Vec::new());
    for (typ, data, cont) in records(stream, 0) {
        match typ {
            0x0085 => sheets.push(u32_at(data, 0)?),
            0x00FC => strings = shared_strings(data, &cont)?,
            0x000A => break,
            _ => {}
        }
    }
    Some((sheets, strings))
}

/// The longest each string of the shared string table may be in UTF-8:
/// three bytes a character, its character count read from each
/// string's header, its characters and extras skipped across CONTINUE
/// records (where a string's characters go on after a new flags byte).
fn shared_strings(data: &[u8], cont: &[&[u8]]) -> Option<Vec<u64>> {
    let parts: Vec<&[u8]> = std::iter::once(data).chain(cont.iter().copied()).collect();
    let (mut part, mut at) = (0usize, 8usize);
    let mut out = Vec::new();
    let unique = u32_at(data, 4)?;
    let next_part = |part: &mut usize, at: &mut usize| -> bool {
        *part += 1;
        *at = 0;
        *part < parts.len()
    };
    while out.len() < unique {
        if at >= parts[part].len() && !next_part(&mut part, &mut at) {
            break;
        }
        let p = parts[part];
        let chars = u16_at(p, at)?;
        let flags = *p.get(at + 2)?;
        at += 3;
        let runs = if flags & 0x08 != 0 {
            at += 2;
            u16_at(p, at - 2)?
        } else {
            0
        };
        let ext = if flags & 0x04 != 0 {
            at += 4;
            u32_at(p, at - 4)?
        } else {
            0
        };
        out.push(3 * chars as u64);
        let (mut left, mut wide) = (chars, flags & 0x01 != 0);
        while left > 0 {
            let p = parts[part];
            let width = if wide { 2 } else { 1 };
            let here = (p.len().saturating_sub(at)) / width;
            if here >= left {
                at += left * width;
                left = 0;
            } else {
                left -= here;
                if !next_part(&mut part, &mut at) {
                    return None;
                }
                wide = *parts[part].first()? & 0x01 != 0;
                at = 1;
            }
        }
        let mut extra = 4 * runs + ext;
        while extra > 0 {
            let here = parts[part].len().saturating_sub(at);
            if here >= extra {
                at += extra;
                extra = 0;
            } else {
                extra -= here;
                if !next_part(&mut part, &mut at) {
                    return None;
                }
            }
        }
    }
    Some(out)
}

/// A sheet's grid (from its first cell to its last, in cells), the
/// cells its dimensions claim, and the text its cells copy.
pub(super) fn sheet(stream: &[u8], at: usize, strings: &[u64]) -> Option<(u64, u64, u64)> {
    let (mut top, mut bottom, mut left, mut right) = (u64::MAX, 0u64, u64::MAX, 0u64);
    let (mut claimed, mut text, mut depth, mut seen) = (0u64, 0u64, 0usize, false);
    let mut cell = |row: usize, col: usize| {
        top = top.min(row as u64);
        bottom = bottom.max(row as u64);
        left = left.min(col as u64);
        right = right.max(col as u64);
    };
    for (typ, data, cont) in records(stream, at) {
        if depth > 0 {
            match typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        match typ {
            0x0809 if seen => depth += 1,
            0x0809 => seen = true,
            0x000A => break,
            0x0200 => {
                let (rows, cols) = match data.len() {
                    10 => (
                        u16_at(data, 2)?.saturating_sub(u16_at(data, 0)?),
                        u16_at(data, 6)?,
                    ),
                    14 | 16 => (
                        u32_at(data, 4)?.saturating_sub(u32_at(data, 0)?),
                        u16_at(data, 10)?,
                    ),
                    _ => return None,
                };
                claimed = claimed.max((rows as u64 + 1).saturating_mul(cols as u64 + 1));
            }
            0x0203 | 0x0205 | 0x027E | 0x0006 => cell(u16_at(data, 0)?, u16_at(data, 2)?),
            0x0204 | 0x00D6 | 0x0207 => {
                if typ != 0x0207 {
                    cell(u16_at(data, 0)?, u16_at(data, 2)?);
                }
                let len = data.len() + cont.iter().map(|c| c.len()).sum::<usize>();
                text = text.saturating_add(3 * len as u64);
            }
            0x00FD => {
                cell(u16_at(data, 0)?, u16_at(data, 2)?);
                text = text.saturating_add(strings.get(u32_at(data, 6)?).copied().unwrap_or(0));
            }
            0x00BD if data.len() >= 6 => {
                cell(u16_at(data, 0)?, u16_at(data, 2)?);
                cell(u16_at(data, 0)?, u16_at(data, data.len() - 2)?);
            }
            _ => {}
        }
    }
    let grid = if top == u64::MAX {
        0
    } else {
        (bottom - top + 1).saturating_mul(right - left + 1)
    };
    Some((grid, claimed, text))
}
