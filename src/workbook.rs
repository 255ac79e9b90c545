//! Rosters kept in a spreadsheet (Excel `.xlsx`, `.xls`, OpenDocument
//! `.ods`), read with `calamine`: one sheet becomes the same text a CSV
//! export would be, with a map back to the sheet's cells, so a workbook
//! gets exactly the checks, limits and messages a CSV roster does, and each
//! message names the cell (`sheet Clients, cell C3`).

use std::io::Cursor;
use std::sync::Arc;

use calamine::{Data, Reader, open_workbook_auto_from_rs};

use crate::diag::{CellMap, Diagnostic, Diagnostics, Source};
use crate::roster::MAX_ROSTER_ROWS;

/// Sheet `sheet` (or the first) of the workbook in `bytes`, as CSV text;
/// with a note naming the other sheets when the first was taken of several.
pub fn sheet_as_text(
    name: &str,
    bytes: &[u8],
    sheet: Option<&str>,
) -> Result<(Arc<Source>, Option<Diagnostic>), Diagnostics> {
    let file = Source::private(name, "");
    let unreadable = |why: String| -> Diagnostics {
        Diagnostic::error(format!("this workbook cannot be read ({why})"))
            .in_file(&file)
            .hint("open it in the spreadsheet and save it again as .xlsx, or save the sheet as \"CSV UTF-8\"")
            .into()
    };
    let mut book =
        open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    let names = book.sheet_names();
    let chosen = match sheet {
        Some(want) => names
            .iter()
            .find(|n| n.as_str() == want)
            .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(want)))
            .cloned()
            .ok_or_else(|| -> Diagnostics {
                Diagnostic::error("the workbook has no sheet of that name")
                    .in_file(&file)
                    .hint(format!(
                        "its sheets are: {}",
                        names
                            .iter()
                            .map(|n| format!("`{n}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                    .into()
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| unreadable("it has no sheets".into()))?,
    };
    let note = (sheet.is_none() && names.len() > 1).then(|| {
        Diagnostic::note(format!(
            "read the workbook's first sheet, `{chosen}`; it also has {}",
            names[1..]
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .in_file(&file)
        .hint("choose the sheet with the clients with --sheet NAME")
    });
    let range = book
        .worksheet_range(&chosen)
        .map_err(|e| unreadable(e.to_string()))?;
    let Some((first_row, first_col)) = range.start() else {
        let empty = CellMap {
            sheet: chosen,
            rows: Vec::new(),
        };
        return Ok((Source::sheet(name, "", empty), note));
    };
    if range.height() > MAX_ROSTER_ROWS + 1 {
        return Err(
            Diagnostic::error(format!("the sheet has more than {MAX_ROSTER_ROWS} rows"))
                .in_file(&file)
                .hint("split it into several rosters")
                .into(),
        );
    }
    let mut text = String::new();
    let mut rows = Vec::with_capacity(range.height());
    for (r, cells) in range.rows().enumerate() {
        let mut fields = Vec::with_capacity(cells.len());
        for (c, cell) in cells.iter().enumerate() {
            if c > 0 {
                text.push(',');
            }
            fields.push((text.len(), first_col + c as u32));
            push_field(&mut text, &cell_text(cell));
        }
        text.push('\n');
        rows.push((first_row + r as u32, fields));
    }
    let cells = CellMap {
        sheet: chosen,
        rows,
    };
    Ok((Source::sheet(name, text, cells), note))
}

/// A cell as a CSV export writes it: dates as YYYY-MM-DD, whole numbers
/// without a decimal point (an id of 1234 is "1234", not "1234.0"), and
/// line breaks inside a cell as spaces.
fn cell_text(cell: &Data) -> String {
    let text = match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        }
        Data::DateTime(dt) => dt.as_f64().to_string(),
        Data::DateTimeIso(s) => s.chars().take(10).collect(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    };
    text.replace(['\r', '\n'], " ")
}

/// Append a CSV field, quoted when it must be.
fn push_field(text: &mut String, field: &str) {
    if field.contains([',', '"', ';', '\t']) || field.starts_with(' ') || field.ends_with(' ') {
        text.push('"');
        text.push_str(&field.replace('"', "\"\""));
        text.push('"');
    } else {
        text.push_str(field);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_they_must_be() {
        let mut t = String::new();
        push_field(&mut t, "Ruiz, Ana");
        t.push(',');
        push_field(&mut t, "say \"hi\"");
        t.push(',');
        push_field(&mut t, "plain");
        assert_eq!(t, "\"Ruiz, Ana\",\"say \"\"hi\"\"\",plain");
    }

    #[test]
    fn numbers_and_line_breaks_read_as_an_export_writes_them() {
        assert_eq!(cell_text(&Data::Float(1234.0)), "1234");
        assert_eq!(cell_text(&Data::Float(12.5)), "12.5");
        assert_eq!(cell_text(&Data::Int(7)), "7");
        assert_eq!(cell_text(&Data::String("Ana\nRuiz".into())), "Ana Ruiz");
    }
}
