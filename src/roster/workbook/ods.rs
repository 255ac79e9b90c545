//! An OpenDocument workbook measured as calamine lays it out: every sheet
//! at once, each as a grid from its first filled cell to its last, with
//! repeated rows and columns written out.

use quick_xml::Reader;
use quick_xml::events::Event;

/// calamine's own caps on a sheet's rows and a row's columns.
const ROWS: u64 = 1_048_576;
const COLUMNS: u64 = 16_384;

/// The cells calamine would hold for `content` (content.xml): the grid
/// of every sheet, and each row's cells up to its last filled one, the
/// larger of the two; at least one more than any limit when the XML
/// does not read.
pub(super) fn cells(content: &[u8]) -> u64 {
    measure(content).unwrap_or(u64::MAX)
}

fn repeats(e: &quick_xml::events::BytesStart, attr: &str) -> u64 {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == attr)
        .and_then(|a| a.value.trim().parse().ok())
        .unwrap_or(1)
}

/// The row being read.
struct XmlRow {
    /// How many times it is repeated.
    repeats: u64,
    /// Its next column.
    col: u64,
    /// Its first and last filled columns.
    filled: Option<(u64, u64)>,
}

fn measure(content: &[u8]) -> Option<u64> {
    let mut xml = Reader::from_reader(content);
    xml.config_mut().expand_empty_elements = true;
    let mut buf = Vec::new();
    let (mut grid, mut raw) = (0u64, 0u64);
    // The sheet being read: its rows so far, the first and last rows
    // and columns with a filled cell.
    let mut rows = 0u64;
    let mut filled: Option<(u64, u64, u64, u64)> = None;
    let mut row: Option<XmlRow> = None;
    // Inside a cell: its depth, and whether it holds anything.
    let mut cell: Option<(u32, bool, u64)> = None;
    loop {
        let event = xml.read_event_into(&mut buf).ok()?;
        if let Some((depth, has, span)) = cell.as_mut() {
            match &event {
                Event::Start(_) => {
                    *depth += 1;
                    *has = true;
                }
                Event::Text(t) if !AsRef::<str>::as_ref(t).trim().is_empty() => *has = true,
                Event::GeneralRef(_) | Event::CData(_) => *has = true,
                Event::End(_) if *depth > 0 => *depth -= 1,
                Event::End(_) => {
                    let (has, span) = (*has, *span);
                    cell = None;
                    if let Some(row) = row.as_mut() {
                        let end = (row.col + span).min(COLUMNS);
                        if has && end > row.col {
                            let first = row.filled.map_or(row.col, |f| f.0);
                            row.filled = Some((first, end - 1));
                        }
                        row.col = end;
                    }
                }
                Event::Eof => return None,
                _ => {}
            }
            buf.clear();
            continue;
        }
        match &event {
            Event::Start(e) => match e.name().as_ref() {
                "table:table" => {
                    rows = 0;
                    filled = None;
                }
                "table:table-row" => {
                    let r = repeats(e, "table:number-rows-repeated").min(ROWS - rows.min(ROWS));
                    row = Some(XmlRow {
                        repeats: r,
                        col: 0,
                        filled: None,
                    });
                }
                "table:table-cell" | "table:covered-table-cell" if row.is_some() => {
                    let has = e
                        .attributes()
                        .flatten()
                        .any(|a| matches!(a.key.as_ref(), "office:value-type" | "table:formula"));
                    cell = Some((0, has, repeats(e, "table:number-columns-repeated")));
                }
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "table:table-row" => {
                    if let Some(XmlRow {
                        repeats: r,
                        filled: cols,
                        ..
                    }) = row.take()
                    {
                        if let Some((first, last)) = cols {
                            raw = raw.saturating_add(last + 1);
                            let f = filled.get_or_insert((rows, rows + r, first, last));
                            f.1 = rows + r;
                            f.2 = f.2.min(first);
                            f.3 = f.3.max(last);
                        }
                        rows += r;
                    }
                }
                "table:table" => {
                    if let Some((top, end, left, right)) = filled.take() {
                        grid = grid.saturating_add((end - top).saturating_mul(right - left + 1));
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Some(grid.max(raw))
}
