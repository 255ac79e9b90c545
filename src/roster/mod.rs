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
//! write them (`Spanish`, `es-US`); scenario ids without regard to case, split
//! by `;` or `,`. Two rows with the same id are an error unless asked for.
//!
//! A roster is health information. Its [`Source`] is private: messages point
//! at a row's line (or a sheet's cell) and name the column, and describe a
//! cell by its shape (`NN/NN/NNNN`), never by what it says.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::labels::Language;
use crate::lesson::read::closest;
use crate::text::{Coverage, Style, normalize};
use crate::worksheet::parse_date;

pub mod workbook;

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

/// A column handout reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Column {
    Name,
    FirstName,
    LastName,
    Id,
    Date,
    Clinician,
    Language,
    Scenarios,
}

/// Each column and the headings it goes by, compared after folding case,
/// `_`, `-`, `.` and runs of spaces (`Client_Name` is `client name`). The
/// first is the column's own name, the one messages use.
pub const COLUMNS: [(Column, &[&str]); 8] = [
    (
        Column::Name,
        &[
            "name",
            "client name",
            "patient name",
            "full name",
            "client",
            "patient",
        ],
    ),
    (Column::FirstName, &["first name", "given name", "first"]),
    (
        Column::LastName,
        &["last name", "family name", "surname", "last"],
    ),
    (
        Column::Id,
        &[
            "id",
            "client id",
            "patient id",
            "mrn",
            "medical record number",
        ],
    ),
    (
        Column::Date,
        &["date", "session date", "appointment date", "visit date"],
    ),
    (
        Column::Clinician,
        &["clinician", "provider", "therapist", "counselor"],
    ),
    (
        Column::Language,
        &["language", "preferred language", "primary language"],
    ),
    (Column::Scenarios, &["scenarios", "scenario"]),
];

impl Column {
    /// The heading messages name the column by.
    pub fn heading(self) -> &'static str {
        COLUMNS
            .iter()
            .find(|(c, _)| *c == self)
            .map_or("", |(_, names)| names[0])
    }

    fn limit(self) -> usize {
        match self {
            Column::Name | Column::FirstName | Column::LastName | Column::Clinician => MAX_NAME,
            Column::Id => MAX_ID,
            Column::Date | Column::Language => MAX_SHORT,
            Column::Scenarios => MAX_SCENARIOS,
        }
    }
}

/// A heading folded for matching: lower case, `_ - .` as spaces, single
/// spaces, no `#` or `:`.
fn fold_heading(h: &str) -> String {
    h.trim()
        .to_lowercase()
        .replace(['_', '-', '.', '#', ':'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn column_of(heading: &str) -> Option<Column> {
    let h = fold_heading(heading);
    COLUMNS
        .iter()
        .find(|(_, names)| names.contains(&h.as_str()))
        .map(|(c, _)| *c)
}

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
            name_order: NameOrder::default(),
            allow_duplicate_ids: false,
            sheet: None,
        }
    }
}

/// One client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The line (or the sheet's row) the client is on; the header is 1.
    pub line: usize,
    pub name: String,
    pub id: Option<String>,
    pub date: Option<time::Date>,
    pub clinician: Option<String>,
    pub language: Option<Language>,
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
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let source = Source::private(name, String::from_utf8_lossy(bytes).into_owned());
            let at = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).len();
            return Err(Diagnostic::error("the roster is not UTF-8 text")
                .at(&source, at..at + 1)
                .label("this byte is not UTF-8")
                .hint("in Excel: File > Save As > \"CSV UTF-8 (Comma delimited)\"; or give handout the .xlsx workbook itself")
                .into());
        }
    };
    // Old Macs end lines with a carriage return alone: make each one a line
    // feed, so lines count right (the text keeps its length, so every
    // offset stays where it was).
    let text = if text.contains('\r') {
        let b = text.as_bytes();
        text.char_indices()
            .map(|(i, c)| {
                if c == '\r' && b.get(i + 1) != Some(&b'\n') {
                    '\n'
                } else {
                    c
                }
            })
            .collect()
    } else {
        text.to_string()
    };
    load_with(Source::private(name, text), opts, coverage)
}

/// Read and check a roster, reporting every problem in every row.
pub fn load(
    source: Arc<Source>,
    today: time::Date,
    coverage: &dyn Coverage,
) -> Result<(Roster, Diagnostics), Diagnostics> {
    load_with(source, &ReadOptions::new(today), coverage)
}

/// The field separator, from the header line: a comma, unless the header
/// has none and semicolons (European Excel) or tabs (a copied range) instead.
fn separator(header_line: &str) -> u8 {
    let outside_quotes = |sep: char| {
        let mut quoted = false;
        header_line
            .chars()
            .filter(|&c| {
                if c == '"' {
                    quoted = !quoted;
                }
                !quoted && c == sep
            })
            .count()
    };
    let (commas, semis, tabs) = (
        outside_quotes(','),
        outside_quotes(';'),
        outside_quotes('\t'),
    );
    if commas == 0 && tabs > 0 && tabs >= semis {
        b'\t'
    } else if commas == 0 && semis > 0 {
        b';'
    } else {
        b','
    }
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
    if crate::lesson::read::check_id(written).is_ok() {
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
    let mut diags = Diagnostics::new();
    let text = source.text.as_str();
    let err = |span: Range<usize>, message: String| Diagnostic::error(message).at(&source, span);
    let header_line = text.find(['\r', '\n']).unwrap_or(text.len());

    let sep = separator(&text[..header_line]);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .delimiter(sep)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return Err(err(0..0, format!("cannot read the roster's header row: {e}")).into());
        }
    };
    if headers.iter().all(|h| h.trim().is_empty()) {
        return Err(err(0..0, "the roster is empty".into())
            .hint("the first line names the columns, like `name,date,scenarios`; then one client a line")
            .into());
    }
    let header_fields = headers.len();
    // A file typed with a space after each comma (`name, id`) has one in
    // every row: only a file whose header has none is checked for a cell
    // that starts with one.
    let spaced =
        sep != b',' || source.cells.is_some() || headers.iter().skip(1).any(|h| h.starts_with(' '));
    let mut column: BTreeMap<Column, usize> = BTreeMap::new();
    let mut unknown: Vec<(String, Range<usize>)> = Vec::new();
    let mut cursor = 0;
    for (i, h) in headers.iter().enumerate() {
        let span = find_in(text, cursor..header_line, h.trim());
        cursor = span.end.min(header_line);
        match column_of(h) {
            Some(c) if column.contains_key(&c) => {
                diags.push(err(
                    span,
                    format!(
                        "two columns are headed as `{}` (`{}` is the second)",
                        c.heading(),
                        h.trim()
                    ),
                ));
            }
            Some(c) => {
                column.insert(c, i);
            }
            None if h.trim().is_empty() => {}
            None => unknown.push((h.trim().to_string(), span)),
        }
    }
    // A first row with no heading handout knows (and none that even says
    // "name") is a client, not a header: its cells are health information,
    // so they are described by shape, never named as unknown columns.
    let says_name = |h: &str| fold_heading(h).split(' ').any(|w| w == "name");
    if column.is_empty() && !unknown.iter().any(|(h, _)| says_name(h)) {
        let shapes: Vec<String> = headers
            .iter()
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .take(6)
            .map(|h| format!("`{}`", shape(h)))
            .collect();
        return Err(err(
            0..header_line,
            format!(
                "no header row: the first row has none of {} (its cells are written like {})",
                COLUMNS
                    .iter()
                    .map(|(c, _)| c.heading())
                    .collect::<Vec<_>>()
                    .join(", "),
                shapes.join(", ")
            ),
        )
        .hint("add a first row that names the columns, like `name,id,date`, above the clients")
        .into());
    }
    let split_name =
        column.contains_key(&Column::FirstName) || column.contains_key(&Column::LastName);
    let has_name = column.contains_key(&Column::Name);
    if !has_name && split_name {
        for (have, need) in [
            (Column::FirstName, Column::LastName),
            (Column::LastName, Column::FirstName),
        ] {
            if column.contains_key(&have) && !column.contains_key(&need) {
                diags.push(
                    err(0..header_line, format!(
                        "the roster has a `{}` column but no `{}`",
                        have.heading(),
                        need.heading()
                    ))
                    .hint("add the other half of the name, or one column headed `name` with the whole name"),
                );
            }
        }
    }
    if has_name && split_name {
        diags.push(
            Diagnostic::warning("the `first name` and `last name` columns are not used: the roster has a `name` column")
                .at(&source, 0..header_line),
        );
        column.remove(&Column::FirstName);
        column.remove(&Column::LastName);
    }
    let all_headings: Vec<&str> = COLUMNS
        .iter()
        .flat_map(|(_, names)| names.iter().copied())
        .collect();
    for (heading, span) in &unknown {
        let mut d = Diagnostic::warning(format!("the column `{heading}` is not used"))
            .at(&source, span.clone());
        d.hint = Some(match closest(&fold_heading(heading), &all_headings) {
            Some(near) => format!(
                "did you mean `{}` (found `{heading}`)?",
                column_of(near).map_or(near, Column::heading)
            ),
            None => format!(
                "handout reads the columns {}; see the README for the headings each goes by",
                COLUMNS
                    .iter()
                    .map(|(c, _)| c.heading())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
        diags.push(d);
    }
    if !has_name && !split_name {
        let found = unknown
            .iter()
            .find(|(h, _)| fold_heading(h).contains("name"))
            .map(|(h, _)| h.clone());
        diags.push(
            err(0..header_line, "the roster has no `name` column".into()).hint(match found {
                Some(h) => format!("did you mean `name` (found `{h}`)? head the column `name`, `Client Name` or `Patient Name`, or use `First Name` and `Last Name`"),
                None => "add a column headed `name` (or `Client Name`, or `First Name` and `Last Name`) with each client's name".into(),
            }),
        );
        return Err(diags);
    }
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }

    let mut rows: Vec<Row> = Vec::new();
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    // Ids written as codes (with a digit), and those written as a
    // capitalised word: where three in four ids or more are codes, a word
    // there is most likely the second half of a name split by a comma.
    let (mut coded, mut worded) = (0usize, Vec::new());
    let (mut line_at, mut counted_to) = (1, 0);
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let at = e.position().map_or(0, |p| p.byte() as usize);
                diags.push(err(at..at, format!("cannot read this row: {e}")));
                continue;
            }
        };
        if rows.len() >= MAX_ROSTER_ROWS {
            diags.push(
                Diagnostic::error(format!("the roster has more than {MAX_ROSTER_ROWS} rows"))
                    .in_file(&source)
                    .hint("split it into several rosters"),
            );
            break;
        }
        let mut pos = record.position().map_or(0, |p| p.byte() as usize);
        // With Windows line endings csv reports a record as starting at the
        // `\n` of the line before.
        while text[pos..].starts_with(['\r', '\n']) {
            pos += 1;
        }
        // Counted on from the last row: asking the source for each row's
        // line would rescan the file from the top every time.
        line_at += text[counted_to..pos].matches('\n').count();
        counted_to = pos;
        let line = source.row_number(line_at);
        let row_name = source.row_label(line_at);
        let end = text[pos..]
            .find(['\r', '\n'])
            .map_or(text.len(), |e| pos + e);
        if record.iter().all(|f| f.trim().is_empty()) {
            continue; // a blank line, as spreadsheets leave at the end
        }
        // A row with more or fewer fields than the header has columns would
        // put its values under the wrong headings: most often a name with
        // a comma and no quotes, which would print "Smith" as the name.
        if record.len() != header_fields {
            diags.push(
                err(
                    pos..end,
                    format!(
                        "{row_name} has {} fields, but the header has {header_fields} columns",
                        record.len()
                    ),
                )
                .hint("a name with a comma needs quotes around it, like \"Last, First\"; spreadsheets add them when they save as CSV"),
            );
            continue;
        }
        // Each field's place in the text, found left to right so two equal
        // fields point at their own places.
        let mut spans = Vec::with_capacity(record.len());
        let mut from = pos;
        for f in record.iter() {
            let span = find_in(text, from..end, f.trim());
            from = if f.trim().is_empty() { from } else { span.end };
            spans.push(span);
        }
        // Every cell within its limit, before any is used: one runaway
        // cell must not stall the run.
        let mut too_long = false;
        for (i, cell) in record.iter().enumerate() {
            let col = column.iter().find(|(_, at)| **at == i).map(|(c, _)| *c);
            let (max, what) = match col {
                Some(c) => (c.limit(), c.heading()),
                None => (MAX_OTHER, headers.get(i).unwrap_or("").trim()),
            };
            let n = cell.chars().count();
            if n > max {
                diags.push(
                    err(
                        spans[i].clone(),
                        format!(
                            "{row_name}: the `{what}` cell is {n} characters long; it may be at most {max}"
                        ),
                    )
                    .hint("check that the row was exported whole; a cell this long is not a name or a value handout prints"),
                );
                too_long = true;
            }
        }
        if too_long {
            continue;
        }
        // What a careless export leaves: a spreadsheet's error value where
        // a name, id or date should be (which would print "#N/A" as a
        // name), and a name with a comma and no quotes that happens to
        // split into as many fields as the header has columns (which would
        // print "Smith" as the name and "Alice" as the id). Each is an
        // error at its cell, and neither message says what the cell holds.
        let mut shifted = false;
        for (i, cell) in record.iter().enumerate() {
            let col = column.iter().find(|(_, at)| **at == i).map(|(c, _)| *c);
            if let Some(c) = col
                && is_spreadsheet_error(cell)
            {
                diags.push(
                    err(
                        spans[i].clone(),
                        format!(
                            "{row_name}: the `{}` cell holds a spreadsheet error, not a value",
                            c.heading()
                        ),
                    )
                    .hint("a formula in the sheet failed there (the cell shows # and a code); fix it, or type the value in"),
                );
                shifted = true;
            } else if i > 0 && !spaced && cell.starts_with(' ') && !cell.trim().is_empty() {
                let what = match col {
                    Some(c) => c.heading(),
                    None => headers.get(i).unwrap_or("").trim(),
                };
                // At the space itself.
                let span = spans[i].clone();
                let start = span.start - usize::from(text[..span.start].ends_with(' '));
                diags.push(
                    err(
                        start..span.end,
                        format!(
                            "{row_name}: the `{what}` cell starts with a space after a comma: a name with a comma may have been split in two"
                        ),
                    )
                    .hint("put quotes around a name that holds a comma, like \"Last, First\"; spreadsheets add them when they save as CSV"),
                );
                shifted = true;
            }
        }
        if shifted {
            continue;
        }
        let field = |c: Column| -> (String, Range<usize>) {
            match column
                .get(&c)
                .and_then(|&i| record.get(i).map(|v| (v, spans[i].clone())))
            {
                Some((v, span)) => (normalize(v).trim().to_string(), span),
                None => (String::new(), pos..end),
            }
        };

        let (name, name_span) = if has_name {
            field(Column::Name)
        } else {
            let (first, first_span) = field(Column::FirstName);
            let (last, last_span) = field(Column::LastName);
            let name = match (first.is_empty(), last.is_empty(), opts.name_order) {
                (_, true, _) => first,
                (true, false, _) => last,
                (false, false, NameOrder::FirstLast) => format!("{first} {last}"),
                (false, false, NameOrder::LastFirst) => format!("{last}, {first}"),
            };
            (
                name,
                first_span.start.min(last_span.start)..first_span.end.max(last_span.end),
            )
        };
        if name.is_empty() {
            diags.push(
                err(name_span.clone(), format!("{row_name} has no name"))
                    .label("empty `name`")
                    .hint("every row needs the client's name; delete rows that are not clients"),
            );
        }
        // Names are health information: an error describes the character
        // (its code and script), never the name, nor even that letter.
        let (clinician, clinician_span) = field(Column::Clinician);
        for (value, span, what) in [
            (&name, &name_span, "name"),
            (&clinician, &clinician_span, "clinician"),
        ] {
            if let Some(found) = crate::text::too_many_marks(value) {
                diags.push(
                    err(
                        span.clone(),
                        crate::text::too_many_marks_message(
                            &format!("{row_name}: the `{what}` cell"),
                            found,
                        ),
                    )
                    .hint("check how the name was typed or exported"),
                );
                continue;
            }
            if let Some(ch) = value
                .chars()
                .find(|&c| !coverage.covers(Style::REGULAR, c) || !coverage.covers(Style::BOLD, c))
            {
                diags.push(
                    err(
                        span.clone(),
                        format!(
                            "{row_name}: the `{what}` cell has a character no font found can print (U+{:04X}, {} script)",
                            ch as u32,
                            crate::text::script_name(ch)
                        ),
                    )
                    .hint(format!("{}; or leave the cell empty to write the name by hand", crate::fonts::missing_hint(ch))),
                );
            }
        }
        let (id, id_span) = field(Column::Id);
        if id.chars().any(|c| c.is_numeric()) {
            coded += 1;
        } else if !spaced
            && id.chars().count() > 1
            && id.chars().next().is_some_and(char::is_uppercase)
            && id.chars().all(char::is_alphabetic)
        {
            worded.push((row_name.clone(), id_span.clone()));
        }
        if !id.is_empty() {
            match ids.get(&id) {
                Some(first) => {
                    let message =
                        format!("{row_name} has the same id as {}", source.row_label(*first));
                    let hint = "give each client their own id, or leave it empty; with --allow-duplicate-ids the files are numbered (id-2.pdf)";
                    diags.push(if opts.allow_duplicate_ids {
                        Diagnostic::warning(message)
                            .at(&source, id_span.clone())
                            .hint(hint)
                    } else {
                        err(id_span.clone(), message).hint(hint)
                    });
                }
                None => {
                    ids.insert(id.clone(), line_at);
                }
            }
        }
        let (date_text, date_span) = field(Column::Date);
        let date = if date_text.is_empty() {
            None
        } else {
            match parse_date(&date_text, opts.today) {
                Some(d) => Some(d),
                None => {
                    diags.push(
                        err(
                            date_span,
                            format!(
                                "{row_name}: the `date` cell, written like `{}`, is not a date like 2026-11-22",
                                shape(&date_text)
                            ),
                        )
                        .hint("write dates as YYYY-MM-DD (like 2026-11-22) or `today`; in Excel, format the column as yyyy-mm-dd"),
                    );
                    None
                }
            }
        };
        let (lang_text, lang_span) = field(Column::Language);
        let language = if lang_text.is_empty() {
            None
        } else {
            match Language::parse(&lang_text) {
                Some(l) => Some(l),
                None => {
                    diags.push(
                        err(
                            lang_span,
                            format!(
                                "{row_name}: the `language` cell, written like `{}`, is not a language handout prints",
                                shape(&lang_text)
                            ),
                        )
                        .hint("use English or Spanish (en, es, es-US), or leave it empty"),
                    );
                    None
                }
            }
        };
        let (scenarios_text, scenarios_span) = field(Column::Scenarios);
        let scenarios_written: Vec<String> = scenarios_text
            .split([';', ','])
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        let scenarios = scenarios_written.iter().map(|s| s.to_lowercase()).collect();
        rows.push(Row {
            line,
            name,
            id: (!id.is_empty()).then_some(id),
            date,
            clinician: (!clinician.is_empty()).then_some(clinician),
            language,
            scenarios,
            scenarios_written,
            scenarios_span,
        });
    }
    if coded >= 3 && coded >= 3 * worded.len() {
        for (row_name, span) in worded {
            diags.push(
                Diagnostic::warning(format!(
                    "{row_name}: the `id` cell is written as a word, where the other ids are codes: a name with a comma may have been split in two"
                ))
                .at(&source, span)
                .hint("put quotes around a name that holds a comma, like \"Last, First\"; spreadsheets add them when they save as CSV"),
            );
        }
    }
    if rows.is_empty() && !diags.has_errors() {
        diags.push(
            err(0..header_line, "the roster has no clients".into())
                .hint("add one line per client under the header row"),
        );
    }
    diags.sort();
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok((Roster { rows, source }, diags))
    }
}

/// Whether a cell is a spreadsheet's error value (`#DIV/0!`, `#N/A`, …), as
/// a workbook's error cell reads and as a CSV export writes one.
fn is_spreadsheet_error(cell: &str) -> bool {
    const ERRORS: [&str; 15] = [
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#DATA!",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
    ];
    let cell = cell.trim();
    ERRORS.iter().any(|e| cell.eq_ignore_ascii_case(e))
        || cell
            .strip_prefix("Err:")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The span of `needle` within `range` of `text`, or the whole range.
fn find_in(text: &str, range: Range<usize>, needle: &str) -> Range<usize> {
    if needle.is_empty() || range.start > range.end {
        return range;
    }
    match text[range.clone()].find(needle) {
        Some(i) => range.start + i..range.start + i + needle.len(),
        None => range,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::fake::Mono;

    fn today() -> time::Date {
        time::Date::from_calendar_date(2026, time::Month::November, 22).unwrap()
    }

    fn load_str(text: &str) -> Result<(Roster, Diagnostics), Diagnostics> {
        load_bytes("week1.csv", text.as_bytes(), today(), &Mono)
    }

    #[test]
    fn quoted_fields_accents_bom_and_crlf() {
        let text = "\u{FEFF}Name,ID,Date,Scenarios\r\n\"Núñez, José\",c-01,2026-11-20,craving; conflict\r\nNguyễn Thị Hương,,today,\r\n\r\n";
        let (roster, warnings) = load_str(text).unwrap();
        assert!(warnings.is_empty(), "{warnings}");
        assert_eq!(roster.rows.len(), 2);
        let r = &roster.rows[0];
        assert_eq!(r.name, "Núñez, José");
        assert_eq!(r.id.as_deref(), Some("c-01"));
        assert_eq!(r.date.unwrap().day(), 20);
        assert_eq!(r.scenarios, ["craving", "conflict"]);
        assert_eq!(r.line, 2);
        assert_eq!(
            &roster.source.text[r.scenarios_span.clone()],
            "craving; conflict"
        );
        let r = &roster.rows[1];
        assert_eq!(r.name, "Nguyễn Thị Hương");
        assert_eq!(r.date, Some(today()));
        assert!(r.scenarios.is_empty() && r.id.is_none());
        assert_eq!(r.line, 3);
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line() {
        let text = "name,date,language\nAna,2026-13-01,en\n,2026-11-22,es\nBo,,fr\n";
        let diags = load_str(text).unwrap_err();
        let found: Vec<(String, String)> = diags
            .iter()
            .map(|d| (d.location().unwrap(), d.message.clone()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "week1.csv:2:5".to_string(),
                    "line 2: the `date` cell, written like `NNNN-NN-NN`, is not a date like 2026-11-22"
                        .to_string()
                ),
                ("week1.csv:3:1".to_string(), "line 3 has no name".to_string()),
                (
                    "week1.csv:4:5".to_string(),
                    "line 4: the `language` cell, written like `xx`, is not a language handout prints"
                        .to_string()
                ),
            ]
        );
    }

    #[test]
    fn unknown_columns_warn_with_a_suggestion() {
        let (_, warnings) = load_str("name,scenaros,phone\nAna,craving,555\n").unwrap();
        let w: Vec<(&str, Option<&str>)> = warnings
            .iter()
            .map(|d| (d.message.as_str(), d.hint.as_deref()))
            .collect();
        assert_eq!(
            w[0],
            (
                "the column `scenaros` is not used",
                Some("did you mean `scenarios` (found `scenaros`)?")
            )
        );
        assert_eq!(w[1].0, "the column `phone` is not used");
    }

    fn rows_of(text: &str) -> Vec<Row> {
        load_str(text).unwrap_or_else(|d| panic!("{d}")).0.rows
    }

    #[test]
    fn headings_as_exports_spell_them() {
        let r = rows_of(
            "\u{FEFF}Client Name,Client ID,Preferred Language,Session_Date\r\nAna Ruiz,c-1,Spanish,2026-11-24\r\n",
        );
        assert_eq!(r[0].name, "Ana Ruiz");
        assert_eq!(r[0].id.as_deref(), Some("c-1"));
        assert_eq!(r[0].language, Some(Language::Es));
        assert_eq!(r[0].date.map(|d| d.day()), Some(24));
        for heading in ["Patient Name", "FULL NAME", "name"] {
            assert_eq!(
                rows_of(&format!("{heading}\nBo\n"))[0].name,
                "Bo",
                "{heading}"
            );
        }
        for heading in ["MRN", "Patient ID", "mrn #"] {
            let r = rows_of(&format!("name,{heading}\nBo,77\n"));
            assert_eq!(r[0].id.as_deref(), Some("77"), "{heading}");
        }
    }

    #[test]
    fn first_and_last_names_join_in_either_order() {
        let text = "First Name,Last Name,MRN\nAna,Ruiz,77\nBo,,78\n";
        let r = rows_of(text);
        assert_eq!((r[0].name.as_str(), r[1].name.as_str()), ("Ana Ruiz", "Bo"));
        let opts = ReadOptions {
            name_order: NameOrder::LastFirst,
            ..ReadOptions::new(today())
        };
        let (roster, _) = read("r.csv", text.as_bytes(), &opts, &Mono).unwrap();
        assert_eq!(roster.rows[0].name, "Ruiz, Ana");
        let half = load_str("First Name,MRN\nAna,77\n").unwrap_err();
        assert_eq!(
            half.0[0].message,
            "the roster has a `first name` column but no `last name`"
        );
    }

    #[test]
    fn a_missing_name_column_suggests_the_heading_it_found() {
        let d = load_str("Customer Name,id\nAna,1\n").unwrap_err();
        assert_eq!(
            d.0.last().unwrap().message,
            "the roster has no `name` column"
        );
        assert!(
            d.0.last()
                .unwrap()
                .hint
                .as_deref()
                .unwrap()
                .starts_with("did you mean `name` (found `Customer Name`)?"),
            "{d}"
        );
    }

    #[test]
    fn semicolons_tabs_and_old_mac_line_ends() {
        let r = rows_of("name;id;date\n\"Ruiz; Ana\";c-1;2026-11-24\nBo Chen;c-2;\n");
        assert_eq!(r[0].name, "Ruiz; Ana");
        assert_eq!(r[1].id.as_deref(), Some("c-2"));
        let r = rows_of("name\tid\nRuiz, Ana\tc-1\n");
        assert_eq!(r[0].name, "Ruiz, Ana");
        let d = load_str("name,date\rAna,2026-11-24\rBo,11/24\r").unwrap_err();
        assert_eq!(d.0[0].location().unwrap(), "week1.csv:3:4");
        assert!(d.0[0].message.starts_with("line 3:"), "{d}");
    }

    #[test]
    fn languages_and_scenarios_as_people_type_them() {
        let r = rows_of(
            "name,language,scenarios\nA,Spanish,Craving\nB,español,\"craving, payday\"\nC,es-US,\nD,EN,low-day;CONFLICT\n",
        );
        let langs: Vec<Option<Language>> = r.iter().map(|r| r.language).collect();
        assert_eq!(
            langs,
            [
                Some(Language::Es),
                Some(Language::Es),
                Some(Language::Es),
                Some(Language::En)
            ]
        );
        assert_eq!(r[0].scenarios, ["craving"]);
        assert_eq!(r[1].scenarios, ["craving", "payday"]);
        assert_eq!(r[3].scenarios, ["low-day", "conflict"]);
    }

    #[test]
    fn a_repeated_id_is_an_error_unless_allowed() {
        let text = "name,id\nAna,c-7\nBo,c-8\nCy,c-7\n";
        let d = load_str(text).unwrap_err();
        assert_eq!(d.0[0].message, "line 4 has the same id as line 2");
        assert_eq!(d.0[0].location().unwrap(), "week1.csv:4:4");
        let opts = ReadOptions {
            allow_duplicate_ids: true,
            ..ReadOptions::new(today())
        };
        let (roster, warnings) = read("week1.csv", text.as_bytes(), &opts, &Mono).unwrap();
        assert_eq!(roster.rows.len(), 3);
        assert_eq!(warnings.0[0].message, "line 4 has the same id as line 2");
    }

    #[test]
    fn no_name_column_or_no_rows() {
        assert_eq!(
            load_str("id,date\n1,today\n").unwrap_err().0[0].message,
            "the roster has no `name` column"
        );
        assert_eq!(
            load_str("name\n").unwrap_err().0[0].message,
            "the roster has no clients"
        );
        assert_eq!(
            load_str("").unwrap_err().0[0].message,
            "the roster is empty"
        );
    }

    #[test]
    fn errors_about_names_never_quote_them() {
        let diags = load_str("name\nWei \u{E000}\n").unwrap_err();
        assert!(diags.0[0].message.contains("U+E000"));
        assert!(!diags.0[0].message.contains("Wei"));
    }

    #[test]
    fn a_word_among_coded_ids_is_a_warning_that_quotes_nothing() {
        let text = "name,id\nSmith,Alice\nBo Chen,c-2\nCy Diaz,c-3\nDi Eng,c-4\n";
        let (roster, warnings) = load_str(text).unwrap();
        assert_eq!(roster.rows.len(), 4);
        assert_eq!(warnings.0.len(), 1, "{warnings}");
        let w = &warnings.0[0];
        assert_eq!(
            w.message,
            "line 2: the `id` cell is written as a word, where the other ids are codes: a name with a comma may have been split in two"
        );
        assert_eq!(w.location().unwrap(), "week1.csv:2:7");
        // Ids that are words all through are ids.
        let (_, warnings) = load_str("name,id\nAna,Alpha\nBo,Beta\nCy,Gamma\n").unwrap();
        assert!(warnings.is_empty(), "{warnings}");
    }

    #[test]
    fn windows_1252_export_is_pointed_at() {
        let diags = load_bytes("x.csv", b"name\nJos\xe9\n", today(), &Mono).unwrap_err();
        assert_eq!(diags.0[0].location().unwrap(), "x.csv:2:4");
        assert!(diags.0[0].hint.as_deref().unwrap().contains("CSV UTF-8"));
    }
}
