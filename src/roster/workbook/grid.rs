//! A sheet's cells, as they stream in, laid out as the CSV text a roster
//! is read from, with a map back to the cells.

use std::sync::Arc;

use calamine::{Data, DataRef};

use super::{MAX_CELL_CHARS, MAX_COLUMNS, MAX_SHEET_TEXT};
use crate::diag::{CellMap, Diagnostic, Diagnostics, Source, column_letters};
use crate::roster::MAX_ROSTER_ROWS;

/// A sheet's cells, as they stream in, laid out as CSV text: its header row
/// (the first with a filled cell) sets the columns; each row after it is
/// cut to those columns. Refused past the row, column, cell and text
/// limits, naming the cell, never what it holds.
pub(super) struct Grid<'f> {
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
    pub(super) fn new(file: &'f Arc<Source>) -> Grid<'f> {
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
    pub(super) fn push_ref(
        &mut self,
        at: (u32, u32),
        cell: &DataRef<'_>,
    ) -> Result<(), Diagnostics> {
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
    pub(super) fn push(&mut self, (row, col): (u32, u32), cell: &Data) -> Result<(), Diagnostics> {
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

    pub(super) fn finish(mut self, name: &str, sheet: String) -> Result<Arc<Source>, Diagnostics> {
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
pub(super) fn cell_text(cell: &Data) -> String {
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
pub(super) fn push_field(text: &mut String, field: &str) {
    if field.contains([',', '"', ';', '\t']) || field.starts_with(' ') || field.ends_with(' ') {
        text.push('"');
        text.push_str(&field.replace('"', "\"\""));
        text.push('"');
    } else {
        text.push_str(field);
    }
}
