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
    Data, DataRef, Ods, Reader, Sheet, SheetType, SheetVisible, Sheets, Xls, Xlsb, Xlsx,
    open_workbook_from_rs,
};

use crate::diag::{CellMap, Diagnostic, Diagnostics, Source, column_letters};
use crate::roster::{MAX_ROSTER_BYTES, MAX_ROSTER_ROWS};

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
enum Kind {
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
    let kind = if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        xls::measure(bytes).map_err(|why| too_big(file, why))?;
        Kind::Xls
    } else {
        unpacked::measure(bytes).map_err(|why| too_big(file, why))?
    };
    let cursor = Cursor::new(bytes);
    let book = match kind {
        Kind::Xlsx => open_workbook_from_rs::<Xlsx<_>, _>(cursor)
            .map(Sheets::Xlsx)
            .map_err(calamine::Error::from),
        Kind::Xlsb => open_workbook_from_rs::<Xlsb<_>, _>(cursor)
            .map(Sheets::Xlsb)
            .map_err(calamine::Error::from),
        Kind::Ods => open_workbook_from_rs::<Ods<_>, _>(cursor)
            .map(Sheets::Ods)
            .map_err(calamine::Error::from),
        Kind::Xls => open_workbook_from_rs::<Xls<_>, _>(cursor)
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

/// A sheet's cells, as they stream in, laid out as CSV text: its header row
/// (the first with a filled cell) sets the columns; each row after it is
/// cut to those columns. Refused past the row, column, cell and text
/// limits, naming the cell, never what it holds.
struct Grid<'f> {
    file: &'f Arc<Source>,
    text: String,
    rows: Vec<(u32, Vec<(usize, u32)>)>,
    /// The header row, its first column and how many columns, once known.
    header: Option<(u32, u32, u32)>,
    /// The row being read, and its filled cells so far.
    row: Option<u32>,
    cells: Vec<(u32, String)>,
}

impl<'f> Grid<'f> {
    fn new(file: &'f Arc<Source>) -> Grid<'f> {
        Grid {
            file,
            text: String::new(),
            rows: Vec::new(),
            header: None,
            row: None,
            cells: Vec::new(),
        }
    }

    fn refuse(&self, message: String, hint: &str) -> Diagnostics {
        Diagnostic::error(message)
            .in_file(self.file)
            .hint(hint.to_string())
            .into()
    }

    fn too_long(&self, (row, col): (u32, u32)) -> Diagnostics {
        self.refuse(
            format!(
                "cell {}{} is more than {MAX_CELL_CHARS} characters long",
                column_letters(col),
                row as u64 + 1
            ),
            "check that the sheet holds the clients; no cell of a roster is this long",
        )
    }

    /// A streamed cell: its text measured before it is copied (one shared
    /// string may be the text of every cell).
    fn push_ref(&mut self, at: (u32, u32), cell: &DataRef<'_>) -> Result<(), Diagnostics> {
        match cell {
            DataRef::Empty => Ok(()),
            DataRef::SharedString(s) if s.len() > 4 * MAX_CELL_CHARS => Err(self.too_long(at)),
            DataRef::String(s) if s.len() > 4 * MAX_CELL_CHARS => Err(self.too_long(at)),
            cell => self.push(at, &Data::from(cell.clone())),
        }
    }

    /// Whether a cell is in the sheet's columns: every cell is, until the
    /// header row has set them.
    fn wanted(&self, (_, col): (u32, u32)) -> bool {
        self.header
            .is_none_or(|(_, first, width)| col >= first && col - first < width)
    }

    /// The cell at (row, column), 0-based, in the order the sheet stores
    /// them: row by row.
    fn push(&mut self, (row, col): (u32, u32), cell: &Data) -> Result<(), Diagnostics> {
        if matches!(cell, Data::Empty) {
            return Ok(());
        }
        // A new row: the one before is done (and the header known once it
        // is).
        match self.row {
            Some(r) if r == row => {}
            Some(r) if r > row => {
                return Err(self.refuse(
                    format!(
                        "the sheet's rows are stored out of order (row {} after row {})",
                        row as u64 + 1,
                        r as u64 + 1
                    ),
                    "open it in the spreadsheet and save it again",
                ));
            }
            _ => {
                self.end_row()?;
                self.row = Some(row);
            }
        }
        // Any filled cell past the last row counts, in a column handout
        // reads or not.
        if let Some((top, _, _)) = self.header
            && row - top.min(row) > MAX_ROSTER_ROWS as u32
        {
            return Err(self.refuse(
                format!(
                    "the sheet has more than {MAX_ROSTER_ROWS} rows (it has a cell at {}{})",
                    column_letters(col),
                    row as u64 + 1
                ),
                "split it into several rosters; or delete what is below the clients",
            ));
        }
        if !self.wanted((row, col)) {
            return Ok(());
        }
        let text = cell_text(cell);
        if text.is_empty() {
            return Ok(());
        }
        if text.chars().count() > MAX_CELL_CHARS {
            return Err(self.too_long((row, col)));
        }
        self.cells.push((col, text));
        if self.header.is_none() {
            // The header row: every filled cell within the column limit.
            let first = self.cells.iter().map(|c| c.0).min().unwrap_or(col);
            let last = self.cells.iter().map(|c| c.0).max().unwrap_or(col);
            if last - first >= MAX_COLUMNS {
                return Err(self.refuse(
                    format!(
                        "the sheet's first row spans more than {MAX_COLUMNS} columns ({} to {})",
                        column_letters(first),
                        column_letters(last)
                    ),
                    "a roster needs a column for each of name, id, date, clinician, language and scenarios: delete the columns it does not need",
                ));
            }
        }
        Ok(())
    }

    /// Lay out the row read so far.
    fn end_row(&mut self) -> Result<(), Diagnostics> {
        let Some(row) = self.row.take() else {
            return Ok(());
        };
        let mut cells = std::mem::take(&mut self.cells);
        // Only cells handout drops (empty text, out past the header's
        // columns): no line for it, and not the header.
        if cells.is_empty() {
            return Ok(());
        }
        let (first, width) = match self.header {
            Some((_, first, width)) => (first, width),
            None => {
                let first = cells.iter().map(|c| c.0).min().unwrap_or(0);
                let last = cells.iter().map(|c| c.0).max().unwrap_or(0);
                self.header = Some((row, first, last - first + 1));
                (first, last - first + 1)
            }
        };
        cells.sort_by_key(|c| c.0);
        let mut fields = Vec::with_capacity(width as usize);
        let mut next = cells.into_iter().filter(|c| c.0 >= first).peekable();
        for col in first..first + width {
            if col > first {
                self.text.push(',');
            }
            fields.push((self.text.len(), col));
            while next.peek().is_some_and(|c| c.0 < col) {
                next.next();
            }
            if let Some((_, cell)) = next.next_if(|c| c.0 == col) {
                push_field(&mut self.text, &cell);
            }
        }
        self.text.push('\n');
        self.rows.push((row, fields));
        if self.text.len() > MAX_SHEET_TEXT {
            return Err(self.refuse(
                format!(
                    "the sheet holds more than {} MB of text (at row {})",
                    MAX_SHEET_TEXT >> 20,
                    row as u64 + 1
                ),
                "a roster of 50,000 clients holds far less: check that this is the sheet with the clients",
            ));
        }
        Ok(())
    }

    fn finish(mut self, name: &str, sheet: String) -> Result<Arc<Source>, Diagnostics> {
        self.end_row()?;
        let cells = CellMap {
            sheet,
            rows: self.rows,
        };
        Ok(Source::sheet(name, self.text, cells))
    }
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

/// A zip workbook's parts (`.xlsx`, `.xlsb`, `.ods`), unpacked once into
/// nothing to count what they really hold before calamine reads them:
/// what a part's header claims can lie; the count cannot.
mod unpacked {
    use std::io::{Cursor, Read};

    use super::{Kind, MAX_GRID_CELLS, MAX_PART_BYTES, MAX_PARTS, MAX_UNPACKED_BYTES};

    const MB: u64 = 1 << 20;

    /// The kind of workbook, once every part is within its limit.
    pub(super) fn measure(bytes: &[u8]) -> Result<Kind, String> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|_| "this workbook cannot be read (it is not a whole zip file)".to_string())?;
        if zip.len() > MAX_PARTS {
            return Err(format!(
                "the workbook has {} parts; a workbook may have at most {MAX_PARTS}",
                zip.len()
            ));
        }
        let (mut total, mut kind, mut content) = (0u64, Kind::Xlsx, None);
        let mut buf = vec![0u8; 64 * 1024];
        for i in 0..zip.len() {
            let mut part = zip.by_index(i).map_err(|_| {
                "this workbook cannot be read (a part of it is damaged)".to_string()
            })?;
            let too_big = || {
                format!(
                    "a part of the workbook unpacks to more than {} MB; a part may be at most {} MB",
                    MAX_PART_BYTES / MB,
                    MAX_PART_BYTES / MB
                )
            };
            if part.size() > MAX_PART_BYTES {
                return Err(too_big());
            }
            match part.name() {
                "mimetype" => kind = Kind::Ods,
                n if n.ends_with("workbook.bin") => kind = Kind::Xlsb,
                _ => {}
            }
            let is_content = part.name() == "content.xml";
            let mut kept = Vec::new();
            let mut size = 0u64;
            loop {
                let n = part.read(&mut buf).map_err(|_| {
                    "this workbook cannot be read (a part of it does not unpack)".to_string()
                })?;
                if n == 0 {
                    break;
                }
                size += n as u64;
                total += n as u64;
                if size > MAX_PART_BYTES {
                    return Err(too_big());
                }
                if total > MAX_UNPACKED_BYTES {
                    return Err(format!(
                        "the workbook unpacks to more than {} MB; a workbook may unpack to at most {} MB",
                        MAX_UNPACKED_BYTES / MB,
                        MAX_UNPACKED_BYTES / MB
                    ));
                }
                if is_content {
                    kept.extend_from_slice(&buf[..n]);
                }
            }
            if is_content {
                content = Some(kept);
            }
        }
        if kind == Kind::Ods {
            let cells = super::ods::cells(content.as_deref().unwrap_or_default());
            if cells > MAX_GRID_CELLS {
                return Err(format!(
                    "the workbook's sheets span more than {MAX_GRID_CELLS} cells, counted from each sheet's first filled cell to its last"
                ));
            }
        }
        Ok(kind)
    }
}

/// An OpenDocument workbook measured as calamine lays it out: every sheet
/// at once, each as a grid from its first filled cell to its last, with
/// repeated rows and columns written out.
mod ods {
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
    struct Row {
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
        let mut row: Option<Row> = None;
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
                        row = Some(Row {
                            repeats: r,
                            col: 0,
                            filled: None,
                        });
                    }
                    "table:table-cell" | "table:covered-table-cell" if row.is_some() => {
                        let has = e.attributes().flatten().any(|a| {
                            matches!(a.key.as_ref(), "office:value-type" | "table:formula")
                        });
                        cell = Some((0, has, repeats(e, "table:number-columns-repeated")));
                    }
                    _ => {}
                },
                Event::End(e) => match e.name().as_ref() {
                    "table:table-row" => {
                        if let Some(Row {
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
                            grid =
                                grid.saturating_add((end - top).saturating_mul(right - left + 1));
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
}

/// An old Excel workbook (`.xls`, an OLE compound file) measured as
/// calamine reads it: every sheet at once, each laid out as a grid from its
/// first cell to its last (and space set aside for the size its
/// `Dimensions` record claims), each text cell a copy of its string.
mod xls {
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
        let mut fat_sectors: Vec<usize> =
            (0..109).filter_map(|i| u32_at(b, 0x4C + 4 * i)).collect();
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

    /// A BIFF record: type, length, data.
    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    /// A LabelSst cell at (row, col) naming shared string `sst`.
    fn label_sst(row: u16, col: u16, sst: u32) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend(0u16.to_le_bytes());
        d.extend(sst.to_le_bytes());
        record(0x00FD, &d)
    }

    #[test]
    fn an_xls_sheet_is_measured_by_its_cells_and_the_strings_they_copy() {
        // The globals: BOF, a shared string table of two strings (the
        // second, 3,000 two-byte characters, split by a CONTINUE record
        // whose first byte says the characters go on one byte wide), a
        // sheet, EOF.
        let mut sst = 2u32.to_le_bytes().to_vec();
        sst.extend(2u32.to_le_bytes());
        sst.extend(4u16.to_le_bytes());
        sst.push(0);
        sst.extend(b"name");
        sst.extend(3000u16.to_le_bytes());
        sst.push(1);
        sst.extend(vec![b'y'; 2 * 1000]);
        let mut cont = vec![0u8];
        cont.extend(vec![b'y'; 2000]);
        let mut globals = record(0x0809, &[0; 16]);
        globals.extend(record(0x00FC, &sst));
        globals.extend(record(0x003C, &cont));
        let sheet_at_field = globals.len() + 4;
        globals.extend(record(0x0085, &[0; 8]));
        globals.extend(record(0x000A, &[]));
        let at = globals.len();
        globals[sheet_at_field..sheet_at_field + 4].copy_from_slice(&(at as u32).to_le_bytes());
        // The sheet: the header, then the long string in rows 2 to 11,
        // and a nested chart substream whose cells are not the sheet's.
        let mut sheet = record(0x0809, &[0; 16]);
        sheet.extend(label_sst(0, 0, 0));
        for r in 1..=10 {
            sheet.extend(label_sst(r, 0, 1));
        }
        sheet.extend(record(0x0809, &[0; 16]));
        sheet.extend(label_sst(60_000, 200, 0));
        sheet.extend(record(0x000A, &[]));
        sheet.extend(record(0x000A, &[]));
        let stream = [globals, sheet].concat();
        let (sheets, strings) = xls::globals(&stream).unwrap();
        assert_eq!(sheets, [at]);
        assert_eq!(strings, [12, 9000]);
        let (grid, claimed, text) = xls::sheet(&stream, at, &strings).unwrap();
        assert_eq!((grid, claimed, text), (11, 0, 12 + 10 * 9000));
    }

    #[test]
    fn an_opendocument_sheet_is_measured_with_its_repeats_written_out() {
        let content = "<office:document-content><office:body><office:spreadsheet>\
            <table:table table:name=\"A\">\
            <table:table-row table:number-rows-repeated=\"3\"><table:table-cell/></table:table-row>\
            <table:table-row><table:table-cell table:number-columns-repeated=\"2\"/>\
            <table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row>\
            <table:table-row table:number-rows-repeated=\"10\">\
            <table:table-cell table:number-columns-repeated=\"5\" office:value-type=\"float\" office:value=\"1\"/>\
            </table:table-row>\
            <table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell/></table:table-row>\
            </table:table></office:spreadsheet></office:body></office:document-content>";
        // Filled from row 4 to row 14, columns A to E: 11 x 5.
        assert_eq!(ods::cells(content.as_bytes()), 55);
        assert_eq!(ods::cells(b"<table:table><table:table-row"), u64::MAX);
    }
}
