//! Rosters: a table with a header row, one client a row (README, "For facility staff"), as
//! clinics export them: CSV (comma, semicolon or tab, detected from the
//! header line; Windows, Unix or old-Mac line ends; a UTF-8 byte-order
//! mark), or an Excel or OpenDocument workbook (the first sheet, or one
//! chosen by name).
//!
//! A name is required, in a `name` column or as `First Name` + `Last Name`;
//! `id`, `date`, `clinician`, `language` and `scenarios` are optional. Each
//! column is known by the headings exports use for it ([`COLUMNS`]); a
//! column we don't know is a warning (with a suggestion when it looks like a
//! misspelt one), since exports carry many. Languages are read as people
//! write them (`Spanish`, `es-US`), a real language handout has no labels
//! for (`Somali`, `so`) as itself, to print in a fallback edition; scenario ids without regard to case, split
//! by `;` or `,`. Two rows with the same id are an error unless asked for.
//!
//! A roster is health information. Its [`Source`] is private: messages point
//! at a row's line (or a sheet's cell) and name the column, and describe a
//! cell by its shape (`NN/NN/NNNN`), never by what it says.
//!
//! Reading one, a file a step ([`read`] and [`load_with`] call them in
//! turn; the limits they share are here):
//!
//! - [`workbook`]: a workbook's sheet → the CSV text a roster is read from,
//!   with a map back to the sheet's cells (its own limits beside it);
//! - `csv`: a CSV file's bytes → text; the text → the header row and a
//!   reader of the rows after it, each row placed in the text;
//! - `columns`: the header row → which column each heading is;
//! - `rows`: each row → a client ([`Row`]), checked cell by cell; then the
//!   checks across rows (an id two rows share).

use std::ops::Range;
use std::sync::Arc;

use crate::dates::{DateForm, DateOrder, DateSample, ReadDate};
use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::languages::Asked;
use crate::text::Coverage;

mod columns;
mod csv;
mod rows;
pub mod workbook;

#[cfg(test)]
mod tests;

pub use columns::{COLUMNS, Column};

/// Rosters bigger than this are refused: a group is tens of people, a
/// whole facility a few thousand.
pub const MAX_ROSTER_BYTES: u64 = 10 * 1024 * 1024;
pub const MAX_ROSTER_ROWS: usize = 50_000;

/// The longest a cell may be, in characters: a name or a clinician's name
/// (long enough for the longest real names, short enough that one can't
/// stall a run), an id, a date, a language, a list of scenario ids, and any
/// other column (not printed, but read).
const MAX_NAME: usize = 150;
const MAX_ID: usize = 64;
const MAX_SHORT: usize = 40;
const MAX_SCENARIOS: usize = 1000;
const MAX_OTHER: usize = 10_000;

/// How a name is made from `First Name` and `Last Name` columns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum NameOrder {
    /// `Ana Ruiz`
    #[default]
    FirstLast,
    /// `Ruiz, Ana`
    LastFirst,
}

/// How to read a roster.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// What `today` in a `date` cell means.
    pub today: time::Date,
    /// How a `date` cell in numbers alone is read: `12/8/2026` month first
    /// (the default) or day first.
    pub date_order: DateOrder,
    pub name_order: NameOrder,
    /// Two rows with the same id are a warning, not an error.
    pub allow_duplicate_ids: bool,
    /// The workbook sheet to read; the first when `None`.
    pub sheet: Option<String>,
}

impl ReadOptions {
    pub fn new(today: time::Date) -> ReadOptions {
        ReadOptions {
            today,
            date_order: DateOrder::default(),
            name_order: NameOrder::default(),
            allow_duplicate_ids: false,
            sheet: None,
        }
    }
}

/// One row of a roster, checked: a client's details as the roster gives
/// them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The line (or the sheet's row) the client is on; the header is 1.
    pub line: usize,
    pub name: String,
    pub id: Option<String>,
    pub date: Option<time::Date>,
    /// How the `date` cell was written (`12/8/2026`, `Dec 8, 2026`), to
    /// show how such dates were read.
    pub date_form: Option<DateForm>,
    pub clinician: Option<String>,
    /// The language the row asks for: one handout prints, or another real
    /// language (printed in the run's fallback edition).
    pub language: Option<Asked>,
    /// Where the row's `language` field is, for errors found later (no
    /// edition in it, with `--strict-languages`).
    pub language_span: Range<usize>,
    /// Scenario ids, in lower case.
    pub scenarios: Vec<String>,
    /// The same, as the cell wrote them: a message quotes one only when it
    /// was written like an id.
    pub scenarios_written: Vec<String>,
    /// Where the row's `scenarios` field is, for errors found later (an id
    /// no lesson has).
    pub scenarios_span: Range<usize>,
}

impl Row {
    /// "unknown scenario `cravings`" for ids of this row that no lesson
    /// has; see [`unknown_scenarios`].
    pub fn unknown_scenarios(&self, unknown: &[String]) -> String {
        let written: Vec<String> = unknown
            .iter()
            .map(|u| {
                self.scenarios_written
                    .iter()
                    .find(|w| w.to_lowercase() == *u)
                    .unwrap_or(u)
                    .clone()
            })
            .collect();
        unknown_scenarios(&written)
    }
}

/// A roster read and checked: its rows, and its text for messages that
/// point into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roster {
    pub rows: Vec<Row>,
    pub source: Arc<Source>,
}

impl Roster {
    /// An error about a row's scenarios, pointing into the file.
    pub fn scenarios_error(&self, row: &Row, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(format!("{}: {}", self.label(row), message.into()))
            .at(&self.source, row.scenarios_span.clone())
            .code("unknown_scenario")
    }

    /// An error about a row's language, pointing into the file.
    pub fn language_error(&self, row: &Row, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(format!("{}: {}", self.label(row), message.into()))
            .at(&self.source, row.language_span.clone())
    }

    /// One date the rows wrote in numbers alone (`12/8/2026`), to show how
    /// such dates were read; none when no row wrote one so.
    pub fn date_sample(&self) -> Option<DateSample> {
        DateSample::pick(self.dates_read())
    }

    /// Every date the rows wrote, as read, in row order.
    pub fn dates_read(&self) -> impl Iterator<Item = ReadDate> + '_ {
        self.rows.iter().filter_map(|r| {
            Some(ReadDate {
                date: r.date?,
                form: r.date_form?,
            })
        })
    }

    /// How messages name a row: `line 3`, or a sheet's `row 3`.
    pub fn label(&self, row: &Row) -> String {
        match &self.source.cells {
            Some(_) => format!("row {}", row.line),
            None => format!("line {}", row.line),
        }
    }
}

/// Read a roster with the default options.
pub fn load_bytes(
    name: &str,
    bytes: &[u8],
    today: time::Date,
    coverage: &dyn Coverage,
) -> Result<(Roster, Diagnostics), Diagnostics> {
    read(name, bytes, &ReadOptions::new(today), coverage)
}

/// Whether the bytes are a workbook (xlsx and ods are zip files; xls an OLE
/// compound file), not text.
fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// Check raw bytes (size, kind, encoding) and read the roster.
pub fn read(
    name: &str,
    bytes: &[u8],
    opts: &ReadOptions,
    coverage: &dyn Coverage,
) -> Result<(Roster, Diagnostics), Diagnostics> {
    let empty = Source::private(name, "");
    if bytes.len() as u64 > MAX_ROSTER_BYTES {
        return Err(Diagnostic::error(format!(
            "the roster is {} MB; a roster may be at most {} MB",
            bytes.len() / (1024 * 1024),
            MAX_ROSTER_BYTES / (1024 * 1024)
        ))
        .in_file(&empty)
        .hint("split it into several rosters and run them one at a time")
        .into());
    }
    if is_workbook(bytes) {
        let (source, note) = workbook::sheet_as_text(name, bytes, opts.sheet.as_deref())?;
        let with_note = |mut d: Diagnostics| {
            d.0.extend(note.clone());
            d
        };
        return load_with(source, opts, coverage)
            .map(|(r, w)| (r, with_note(w)))
            .map_err(with_note);
    }
    if opts.sheet.is_some() {
        return Err(Diagnostic::error(
            "--sheet is for workbooks, and this roster is a text (CSV) file",
        )
        .in_file(&empty)
        .hint("leave out --sheet")
        .into());
    }
    load_with(csv::decode(name, bytes)?, opts, coverage)
}

/// Read and check a roster, reporting every problem in every row.
pub fn load(
    source: Arc<Source>,
    today: time::Date,
    coverage: &dyn Coverage,
) -> Result<(Roster, Diagnostics), Diagnostics> {
    load_with(source, &ReadOptions::new(today), coverage)
}

/// How a cell is written, without what it says: digits as `N`, letters as
/// `x`, other characters kept, at most 20 of them: `11/24/2026` is
/// `NN/NN/NNNN`.
pub fn shape(cell: &str) -> String {
    let mut out: String = cell
        .chars()
        .take(20)
        .map(|c| match c {
            c if c.is_numeric() => 'N',
            c if c.is_alphabetic() => 'x',
            c => c,
        })
        .collect();
    if cell.chars().count() > 20 {
        out.push('…');
    }
    out
}

/// "unknown scenarios `cravings`, written like `Xxxxxxx`": ids a roster row
/// asks for that no lesson has, each quoted only when it has an id's shape;
/// anything else (a name shifted into the column) is shown by its shape.
pub fn unknown_scenarios(unknown: &[String]) -> String {
    let s = if unknown.len() == 1 { "" } else { "s" };
    let listed: Vec<String> = unknown.iter().map(|u| quoted_id(u)).collect();
    format!("unknown scenario{s} {}", listed.join(", "))
}

fn quoted_id(written: &str) -> String {
    if crate::read::check_id(written).is_ok() {
        format!("`{written}`")
    } else {
        format!("written like `{}`", shape(written))
    }
}

/// Read and check a roster with `opts`, reporting every problem in every
/// row.
pub fn load_with(
    source: Arc<Source>,
    opts: &ReadOptions,
    coverage: &dyn Coverage,
) -> Result<(Roster, Diagnostics), Diagnostics> {
    let mut table = csv::CsvTable::open(&source)?;
    let (header, mut diags) = columns::read_header(&source, &table)?;
    let rows = rows::read_rows(&source, &mut table, &header, opts, coverage, &mut diags);
    diags.sort();
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok((Roster { rows, source }, diags))
    }
}
