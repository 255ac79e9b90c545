//! Rosters kept in a spreadsheet (Excel `.xlsx`, `.xlsb`, `.xls`,
//! OpenDocument `.ods`), read with `calamine`: one sheet becomes the same
//! text a CSV export would be, with a map back to the sheet's cells, so a
//! workbook gets exactly the checks, limits and messages a CSV roster does,
//! and each message names the cell (`sheet Clients, cell C3`).
//!
//! A workbook is read within limits, whatever it claims about itself: its
//! zip parts are unpacked with a count of the bytes they really give (a
//! 1 MB file may not become gigabytes), the cells of an Excel sheet are
//! streamed and the sheet refused at the row and column limits (a sheet that
//! claims a cell at XFD1048576 is never laid out as a grid), and an
//! OpenDocument or old Excel file, whose reader lays out every sheet at
//! once, is measured before it is read. Hidden sheets are read only when
//! asked for by name, and no message quotes a cell: calamine's own messages
//! can, so they are never shown.

use std::io::Cursor;
use std::sync::Arc;

use calamine::{
    Ods, Reader, Sheet, SheetType, SheetVisible, Sheets, Xls, Xlsb, Xlsx, open_workbook_from_rs,
};

use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::roster::MAX_ROSTER_BYTES;
use grid::Grid;

/// The most one part of a workbook (a zip entry: a sheet, the shared
/// strings) may unpack to, and all its parts together: a few times the
/// roster limit, far more than a roster of 50,000 rows needs.
pub const MAX_PART_BYTES: u64 = 4 * MAX_ROSTER_BYTES;
pub const MAX_UNPACKED_BYTES: u64 = 10 * MAX_ROSTER_BYTES;
/// Parts a workbook may have (a roster's has a dozen or two).
pub const MAX_PARTS: usize = 1000;
/// Columns a sheet's header row may span.
pub const MAX_COLUMNS: u32 = 100;
/// The text a sheet may become: as much as four CSV rosters.
pub const MAX_SHEET_TEXT: usize = 4 * MAX_ROSTER_BYTES as usize;
/// The longest a cell may be, in characters (as for a CSV roster's
/// columns handout does not read).
pub const MAX_CELL_CHARS: usize = 10_000;
/// Cells an OpenDocument or .xls workbook may span, all sheets together,
/// counted as their readers lay them out (every sheet, from its first
/// filled cell to its last): two million is a roster of 50,000 rows and 40
/// columns.
pub const MAX_GRID_CELLS: u64 = 2_000_000;

/// Which reader a workbook needs, from what is in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WorkbookFormat {
    Xlsx,
    Xlsb,
    Ods,
    Xls,
}

/// Sheet `sheet` (or the first visible one) of the workbook in `bytes`, as
/// CSV text; with a note naming the other sheets when it was chosen from
/// several, or when some were hidden.
pub fn sheet_as_text(
    name: &str,
    bytes: &[u8],
    sheet: Option<&str>,
) -> Result<(Arc<Source>, Option<Diagnostic>), Diagnostics> {
    let file = Source::private(name, "");
    let (mut book, sheets) = open(bytes, &file)?;
    let (chosen, note) = choose(&sheets, sheet, &file)?;
    let mut grid = Grid::new(&file);
    let unreadable = |e: calamine::Error| unreadable(&file, &e);
    match &mut book {
        Sheets::Xlsx(x) => {
            let mut cells = x
                .worksheet_cells_reader(&chosen)
                .map_err(|e| unreadable(e.into()))?;
            while let Some(c) = cells.next_cell().map_err(|e| unreadable(e.into()))? {
                grid.push_ref(c.get_position(), c.get_value())?;
            }
        }
        Sheets::Xlsb(x) => {
            let mut cells = x
                .worksheet_cells_reader(&chosen)
                .map_err(|e| unreadable(e.into()))?;
            while let Some(c) = cells.next_cell().map_err(|e| unreadable(e.into()))? {
                grid.push_ref(c.get_position(), c.get_value())?;
            }
        }
        // Measured before they were opened: their grids are within limits.
        Sheets::Ods(_) | Sheets::Xls(_) => {
            let range = book.worksheet_range(&chosen).map_err(unreadable)?;
            let (top, left) = range.start().unwrap_or((0, 0));
            for (r, c, cell) in range.used_cells() {
                grid.push((top + r as u32, left + c as u32), cell)?;
            }
        }
    }
    Ok((grid.finish(name, chosen)?, note))
}

/// The names of a workbook's visible worksheets, for a page to offer a
/// choice; empty for anything that is not a workbook handout can read.
pub fn visible_sheets(bytes: &[u8]) -> Vec<String> {
    let file = Source::private("", "");
    open(bytes, &file).map_or_else(
        |_| Vec::new(),
        |(_, sheets)| {
            sheets
                .into_iter()
                .filter(readable)
                .filter(|s| s.visible == SheetVisible::Visible)
                .map(|s| s.name)
                .collect()
        },
    )
}

/// A worksheet (not a chart or macro sheet).
fn readable(s: &Sheet) -> bool {
    s.typ == SheetType::WorkSheet
}

/// The workbook opened, once measured, with its sheets.
type Book<'b> = Sheets<Cursor<&'b [u8]>>;

fn open<'b>(bytes: &'b [u8], file: &Arc<Source>) -> Result<(Book<'b>, Vec<Sheet>), Diagnostics> {
    let format = if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        xls::measure(bytes).map_err(|why| too_big(file, why))?;
        WorkbookFormat::Xls
    } else {
        unpacked::measure(bytes).map_err(|why| too_big(file, why))?
    };
    let cursor = Cursor::new(bytes);
    let book = match format {
        WorkbookFormat::Xlsx => open_workbook_from_rs::<Xlsx<_>, _>(cursor)
            .map(Sheets::Xlsx)
            .map_err(calamine::Error::from),
        WorkbookFormat::Xlsb => open_workbook_from_rs::<Xlsb<_>, _>(cursor)
            .map(Sheets::Xlsb)
            .map_err(calamine::Error::from),
        WorkbookFormat::Ods => open_workbook_from_rs::<Ods<_>, _>(cursor)
            .map(Sheets::Ods)
            .map_err(calamine::Error::from),
        WorkbookFormat::Xls => open_workbook_from_rs::<Xls<_>, _>(cursor)
            .map(Sheets::Xls)
            .map_err(calamine::Error::from),
    }
    .map_err(|e| unreadable(file, &e))?;
    let sheets = book.sheets_metadata().to_vec();
    Ok((book, sheets))
}

/// The sheet to read: the one asked for, or the first visible worksheet;
/// and a note saying which, when there was a choice or hidden sheets.
fn choose(
    sheets: &[Sheet],
    want: Option<&str>,
    file: &Arc<Source>,
) -> Result<(String, Option<Diagnostic>), Diagnostics> {
    let listed = |names: &mut dyn Iterator<Item = &Sheet>| {
        names
            .map(|s| format!("`{}`", s.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(want) = want {
        let found = sheets
            .iter()
            .find(|s| s.name == want)
            .or_else(|| sheets.iter().find(|s| s.name.eq_ignore_ascii_case(want)));
        return match found {
            Some(s) if readable(s) => Ok((s.name.clone(), None)),
            Some(_) => Err(Diagnostic::error(
                "that sheet is a chart or a macro sheet, not a table",
            )
            .in_file(file)
            .hint(format!(
                "its worksheets are: {}",
                listed(&mut sheets.iter().filter(|s| readable(s)))
            ))
            .into()),
            None => Err(Diagnostic::error("the workbook has no sheet of that name")
                .in_file(file)
                .hint(format!("its sheets are: {}", listed(&mut sheets.iter())))
                .into()),
        };
    }
    let visible: Vec<&Sheet> = sheets
        .iter()
        .filter(|s| readable(s) && s.visible == SheetVisible::Visible)
        .collect();
    let hidden: Vec<&Sheet> = sheets
        .iter()
        .filter(|s| readable(s) && s.visible != SheetVisible::Visible)
        .collect();
    let Some(first) = visible.first() else {
        return Err(Diagnostic::error(if hidden.is_empty() {
            "the workbook has no worksheet"
        } else {
            "the workbook has no visible worksheet: hidden sheets are read only when named"
        })
        .in_file(file)
        .hint(if hidden.is_empty() {
            "open it in the spreadsheet and put the clients on a sheet of their own".to_string()
        } else {
            format!(
                "choose one with --sheet NAME; its hidden sheets are: {}",
                listed(&mut hidden.iter().copied())
            )
        })
        .into());
    };
    let mut said = Vec::new();
    if visible.len() > 1 {
        said.push(format!(
            "it also has {}",
            listed(&mut visible[1..].iter().copied())
        ));
    }
    if !hidden.is_empty() {
        let (s, are) = if hidden.len() == 1 {
            ("", "is")
        } else {
            ("s", "are")
        };
        said.push(format!(
            "its hidden sheet{s} {} {are} read only when named",
            listed(&mut hidden.iter().copied())
        ));
    }
    let note = (!said.is_empty()).then(|| {
        Diagnostic::note(format!(
            "read the workbook's first {}sheet, `{}`; {}",
            if hidden.is_empty() { "" } else { "visible " },
            first.name,
            said.join("; ")
        ))
        .in_file(file)
        .hint("choose the sheet with the clients with --sheet NAME")
    });
    Ok((first.name.clone(), note))
}

/// A workbook past a limit: the limit, never what it holds.
fn too_big(file: &Arc<Source>, why: String) -> Diagnostics {
    Diagnostic::error(why)
        .in_file(file)
        .hint("a roster's workbook is far smaller: save the sheet with the clients as a new workbook, or as \"CSV UTF-8\"")
        .into()
}

/// A workbook calamine could not read. Its messages can quote a cell
/// ("Unrecognized boolean cell value: …"), so only the kind of problem is
/// told.
fn unreadable(file: &Arc<Source>, e: &calamine::Error) -> Diagnostics {
    use calamine::{Error, OdsError, XlsError, XlsbError, XlsxError};
    let password = matches!(
        e,
        Error::Xlsx(XlsxError::Password)
            | Error::Xls(XlsError::Password)
            | Error::Xlsb(XlsbError::Password)
            | Error::Ods(OdsError::Password)
    );
    let why = if password {
        "it is protected by a password"
    } else {
        "it is damaged, or not laid out as a spreadsheet program writes one"
    };
    Diagnostic::error(format!("this workbook cannot be read ({why})"))
        .in_file(file)
        .hint(if password {
            "open it in the spreadsheet, remove the password, and save it again"
        } else {
            "open it in the spreadsheet and save it again as .xlsx, or save the sheet as \"CSV UTF-8\""
        })
        .into()
}

mod grid;
mod ods;
mod unpacked;
mod xls;

#[cfg(test)]
mod tests;
