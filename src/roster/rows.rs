//! Each row after the header, checked as a client: as many fields as the
//! header has columns, every cell within its limit and where the header
//! says (not a spreadsheet's error value, not half of a name an unquoted
//! comma split), a name the fonts can print, a date, a language and
//! scenario ids; then what only the rows together show: an id two rows
//! share, a word among coded ids, no client at all.
//!
//! Every problem in every row is reported, each at its cell, describing
//! the cell by its shape, never by what it says.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use super::columns::{Column, Columns};
use super::csv::{CsvTable, Lines, spans};
use super::{MAX_OTHER, MAX_ROSTER_ROWS, NameOrder, ReadOptions, Row, shape};
use crate::dates::{self, DateError, DateForm, DateOrder, ReadDate};
use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::languages::{self, Asked};
use crate::text::{Coverage, Style, normalize};

/// Every row after the header, read and checked: the clients; every problem
/// in any row goes to `diags`.
pub(super) fn read_rows(
    source: &Arc<Source>,
    table: &mut CsvTable,
    columns: &Columns,
    opts: &ReadOptions,
    coverage: &dyn Coverage,
    diags: &mut Diagnostics,
) -> Vec<Row> {
    let reading = Reading {
        source,
        columns,
        headings: &table.headings,
        spaced: table.spaced,
        opts,
        coverage,
        orders: RefCell::default(),
    };
    let text = table.text;
    let mut rows: Vec<Row> = Vec::new();
    let mut ids = SeenIds::default();
    let mut lines = Lines::new();
    for record in table.reader.records() {
        let fields = match record {
            Ok(r) => r,
            Err(e) => {
                let at = e.position().map_or(0, |p| p.byte() as usize);
                diags.push(
                    Diagnostic::error(format!("cannot read this row: {e}")).at(source, at..at),
                );
                continue;
            }
        };
        if rows.len() >= MAX_ROSTER_ROWS {
            diags.push(
                Diagnostic::error(format!("the roster has more than {MAX_ROSTER_ROWS} rows"))
                    .in_file(source)
                    .hint("split it into several rosters"),
            );
            break;
        }
        let (at, line) = lines.place(text, &fields);
        let mut row = Record {
            source,
            label: source.row_label(line),
            fields,
            spans: Vec::new(),
            at,
            line,
        };
        if row.fields.iter().all(|f| f.trim().is_empty()) {
            continue; // a blank line, as spreadsheets leave at the end
        }
        if !reading.fits(&row, diags) {
            continue;
        }
        row.spans = spans(text, &row.fields, row.at.clone());
        if !reading.within_limits(&row, diags) || reading.shifted(&row, diags) {
            continue;
        }
        rows.push(reading.client(&row, &mut ids, diags));
    }
    ids.warn_worded(source, diags);
    reading.orders.into_inner().report(opts.date_order, diags);
    if rows.is_empty() && !diags.has_errors() {
        diags.push(
            Diagnostic::error("the roster has no clients")
                .at(source, 0..table.header_end)
                .hint("add one line per client under the header row"),
        );
    }
    rows
}

/// What each row is checked against: the roster, its header and the
/// options.
struct Reading<'a> {
    source: &'a Arc<Source>,
    columns: &'a Columns,
    /// The header row's fields, as written.
    headings: &'a ::csv::StringRecord,
    /// Whether a cell may start with a space (see [`CsvTable::spaced`]).
    spaced: bool,
    opts: &'a ReadOptions,
    coverage: &'a dyn Coverage,
    /// How the dates read so far fit the order asked for. In a cell, not
    /// passed along as `ids` is, since only [`Reading::date`] keeps it.
    orders: RefCell<SeenOrders>,
}

/// One row after the header, placed in the text.
struct Record<'r> {
    source: &'r Arc<Source>,
    fields: ::csv::StringRecord,
    /// Each field's place in the text.
    spans: Vec<Range<usize>>,
    /// The row's place, from its first field to its line's end.
    at: Range<usize>,
    /// The line of the text it is on (the header is 1).
    line: usize,
    /// How messages name it: `line 3`, or a sheet's `row 3`.
    label: String,
}

impl Record<'_> {
    fn error(&self, span: Range<usize>, message: String) -> Diagnostic {
        Diagnostic::error(message).at(self.source, span)
    }

    /// A column's cell, trimmed, and its place; empty, at the whole row,
    /// when the roster has no such column.
    fn field(&self, columns: &Columns, c: Column) -> (String, Range<usize>) {
        match columns
            .at
            .get(&c)
            .and_then(|&i| self.fields.get(i).map(|v| (v, self.spans[i].clone())))
        {
            Some((v, span)) => (normalize(v).trim().to_string(), span),
            None => (String::new(), self.at.clone()),
        }
    }
}

impl Reading<'_> {
    /// Whether the row has as many fields as the header has columns. One
    /// with more or fewer would put its values under the wrong headings:
    /// most often a name with a comma and no quotes, which would print
    /// "Smith" as the name.
    fn fits(&self, row: &Record, diags: &mut Diagnostics) -> bool {
        let header_fields = self.headings.len();
        if row.fields.len() == header_fields {
            return true;
        }
        diags.push(
            row.error(
                row.at.clone(),
                format!(
                    "{} has {} fields, but the header has {header_fields} columns",
                    row.label,
                    row.fields.len()
                ),
            )
            .hint("a name with a comma needs quotes around it, like \"Last, First\"; spreadsheets add them when they save as CSV"),
        );
        false
    }

    /// Whether every cell is within its limit, checked before any is used:
    /// one runaway cell must not stall the run.
    fn within_limits(&self, row: &Record, diags: &mut Diagnostics) -> bool {
        let row_name = &row.label;
        let mut too_long = false;
        for (i, cell) in row.fields.iter().enumerate() {
            let (max, what) = match self.columns.column_at(i) {
                Some(c) => (c.limit(), c.heading()),
                None => (MAX_OTHER, self.headings.get(i).unwrap_or("").trim()),
            };
            let n = cell.chars().count();
            if n > max {
                diags.push(
                    row.error(
                        row.spans[i].clone(),
                        format!(
                            "{row_name}: the `{what}` cell is {n} characters long; it may be at most {max}"
                        ),
                    )
                    .hint("check that the row was exported whole; a cell this long is not a name or a value handout prints"),
                );
                too_long = true;
            }
        }
        !too_long
    }

    /// Whether the row holds what a careless export leaves: a spreadsheet's
    /// error value where a name, id or date should be (which would print
    /// "#N/A" as a name), or a name with a comma and no quotes that happens
    /// to split into as many fields as the header has columns (which would
    /// print "Smith" as the name and "Alice" as the id). Each is an error at
    /// its cell, and neither message says what the cell holds.
    fn shifted(&self, row: &Record, diags: &mut Diagnostics) -> bool {
        let (row_name, text) = (&row.label, row.source.text.as_str());
        let mut shifted = false;
        for (i, cell) in row.fields.iter().enumerate() {
            let col = self.columns.column_at(i);
            if let Some(c) = col
                && is_spreadsheet_error(cell)
            {
                diags.push(
                    row.error(
                        row.spans[i].clone(),
                        format!(
                            "{row_name}: the `{}` cell holds a spreadsheet error, not a value",
                            c.heading()
                        ),
                    )
                    .hint("a formula in the sheet failed there (the cell shows # and a code); fix it, or type the value in"),
                );
                shifted = true;
            } else if i > 0 && !self.spaced && cell.starts_with(' ') && !cell.trim().is_empty() {
                let what = match col {
                    Some(c) => c.heading(),
                    None => self.headings.get(i).unwrap_or("").trim(),
                };
                // At the space itself.
                let span = row.spans[i].clone();
                let start = span.start - usize::from(text[..span.start].ends_with(' '));
                diags.push(
                    row.error(
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
        shifted
    }

    /// The client a row names; each problem in its cells goes to `diags`.
    fn client(&self, row: &Record, ids: &mut SeenIds, diags: &mut Diagnostics) -> Row {
        let (name, name_span) = self.name(row);
        if name.is_empty() {
            diags.push(
                row.error(name_span.clone(), format!("{} has no name", row.label))
                    .label("empty `name`")
                    .hint("every row needs the client's name; delete rows that are not clients")
                    .code("missing_name"),
            );
        }
        let (clinician, clinician_span) = row.field(self.columns, Column::Clinician);
        self.check_printable(
            row,
            [
                (&name, &name_span, "name"),
                (&clinician, &clinician_span, "clinician"),
            ],
            diags,
        );
        let (id, id_span) = row.field(self.columns, Column::Id);
        ids.check(self, row, &id, id_span, diags);
        let date = self.date(row, diags);
        let (language, language_span) = self.language(row, diags);
        let (scenarios_text, scenarios_span) = row.field(self.columns, Column::Scenarios);
        let scenarios_written: Vec<String> = scenarios_text
            .split([';', ','])
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        let scenarios = scenarios_written.iter().map(|s| s.to_lowercase()).collect();
        Row {
            line: self.source.row_number(row.line),
            name,
            id: (!id.is_empty()).then_some(id),
            date: date.map(|d| d.date),
            date_form: date.map(|d| d.form),
            clinician: (!clinician.is_empty()).then_some(clinician),
            language,
            language_span,
            scenarios,
            scenarios_written,
            scenarios_span,
        }
    }

    /// The row's name: its `name` cell, or its first and last names joined
    /// in the order asked for; and its place.
    fn name(&self, row: &Record) -> (String, Range<usize>) {
        if self.columns.has_name {
            return row.field(self.columns, Column::Name);
        }
        let (first, first_span) = row.field(self.columns, Column::FirstName);
        let (last, last_span) = row.field(self.columns, Column::LastName);
        let name = match (first.is_empty(), last.is_empty(), self.opts.name_order) {
            (_, true, _) => first,
            (true, false, _) => last,
            (false, false, NameOrder::FirstLast) => format!("{first} {last}"),
            (false, false, NameOrder::LastFirst) => format!("{last}, {first}"),
        };
        (
            name,
            first_span.start.min(last_span.start)..first_span.end.max(last_span.end),
        )
    }

    /// An error for a name (or a clinician's name) the fonts cannot print.
    /// Names are health information: an error describes the character (its
    /// code and script), never the name, nor even that letter.
    fn check_printable(
        &self,
        row: &Record,
        cells: [(&String, &Range<usize>, &str); 2],
        diags: &mut Diagnostics,
    ) {
        let row_name = &row.label;
        for (value, span, what) in cells {
            if let Some(found) = crate::text::too_many_marks(value) {
                diags.push(
                    row.error(
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
            if let Some(ch) = value.chars().find(|&c| {
                !self.coverage.covers(Style::REGULAR, c) || !self.coverage.covers(Style::BOLD, c)
            }) {
                diags.push(
                    row.error(
                        span.clone(),
                        format!(
                            "{row_name}: the `{what}` cell has a character no font found can print (U+{:04X}, {} script)",
                            ch as u32,
                            crate::text::script_name(ch)
                        ),
                    )
                    .hint(format!("{}; or leave the cell empty to write the name by hand", crate::text::missing_hint(ch))),
                );
            }
        }
    }

    /// The row's date, if it has one that reads as a date, and how it was
    /// written.
    fn date(&self, row: &Record, diags: &mut Diagnostics) -> Option<ReadDate> {
        let (date_text, date_span) = row.field(self.columns, Column::Date);
        if date_text.is_empty() {
            return None;
        }
        let order = self.opts.date_order;
        match dates::read(&date_text, order, self.opts.today) {
            Ok(date) => {
                self.orders.borrow_mut().read(row, date);
                Some(date)
            }
            Err(DateError::OtherOrder(_)) => {
                // Its hint waits until every row is read: see SeenOrders.
                self.orders.borrow_mut().other.push(row.error(
                    date_span,
                    format!(
                        "{}: the `date` cell, written like `{}`, has a number over 12 where the month goes: dates in numbers are read {} ({})",
                        row.label,
                        shape(&date_text),
                        order.words(),
                        order.pattern()
                    ),
                ));
                None
            }
            Err(DateError::NotADate) => {
                diags.push(
                    row.error(
                        date_span,
                        format!(
                            "{}: the `date` cell, written like `{}`, is not a date like 2026-11-22",
                            row.label,
                            shape(&date_text)
                        ),
                    )
                    .hint(format!(
                        "dates are read as {}; in Excel, format the column as yyyy-mm-dd",
                        order.forms_read()
                    ))
                    .code("bad_date"),
                );
                None
            }
        }
    }

    /// The row's language, if it names one (printed or not), and its place.
    /// Something that is no language at all is an error at its cell, with
    /// the nearest language's name when one is near.
    fn language(&self, row: &Record, diags: &mut Diagnostics) -> (Option<Asked>, Range<usize>) {
        let (lang_text, lang_span) = row.field(self.columns, Column::Language);
        if lang_text.is_empty() || languages::says_none(&lang_text) {
            return (None, lang_span);
        }
        let language = Asked::parse(&lang_text);
        if language.is_none() {
            let near = languages::suggest(&lang_text).map_or("write".to_string(), |name| {
                format!("did you mean {name}? Or write")
            });
            diags.push(
                row.error(
                    lang_span.clone(),
                    format!(
                        "{}: the `language` cell, written like `{}`, is not a language",
                        row.label,
                        shape(&lang_text)
                    ),
                )
                .hint(format!(
                    "{near} a language's name or code (like Somali or so), or leave it empty; lessons print in {}; other languages get a fallback edition",
                    languages::printed_list()
                ))
                .code("bad_language"),
            );
        }
        (language, lang_span)
    }
}

/// The ids read so far: the line each was first on, to find two rows that
/// share one; and how they are written, since a name with a comma and no
/// quotes splits in two: where three in four ids or more are codes (with
/// a digit), a capitalised word there is most likely the second half of a
/// name.
#[derive(Default)]
struct SeenIds {
    first: BTreeMap<String, usize>,
    coded: usize,
    /// The rows whose id is a capitalised word: how messages name each, and
    /// the id's place.
    worded: Vec<(String, Range<usize>)>,
}

impl SeenIds {
    /// Count how the row's id is written, and report it when a row before
    /// has the same: an error, or a warning when duplicates are allowed.
    fn check(
        &mut self,
        reading: &Reading,
        row: &Record,
        id: &str,
        id_span: Range<usize>,
        diags: &mut Diagnostics,
    ) {
        if id.chars().any(|c| c.is_numeric()) {
            self.coded += 1;
        } else if !reading.spaced
            && id.chars().count() > 1
            && id.chars().next().is_some_and(char::is_uppercase)
            && id.chars().all(char::is_alphabetic)
        {
            self.worded.push((row.label.clone(), id_span.clone()));
        }
        if id.is_empty() {
            return;
        }
        match self.first.get(id) {
            Some(first) => {
                let message = format!(
                    "{} has the same id as {}",
                    row.label,
                    row.source.row_label(*first)
                );
                let hint = "give each client their own id, or leave it empty; with --allow-duplicate-ids the files are numbered (id-2.pdf)";
                diags.push(
                    if reading.opts.allow_duplicate_ids {
                        Diagnostic::warning(message)
                            .at(row.source, id_span)
                            .hint(hint)
                    } else {
                        row.error(id_span, message).hint(hint)
                    }
                    .code("duplicate_id"),
                );
            }
            None => {
                self.first.insert(id.to_string(), row.line);
            }
        }
    }

    /// A warning at each id written as a word where most are codes.
    fn warn_worded(self, source: &Arc<Source>, diags: &mut Diagnostics) {
        if self.coded < 3 || self.coded < 3 * self.worded.len() {
            return;
        }
        for (row_name, span) in self.worded {
            diags.push(
                Diagnostic::warning(format!(
                    "{row_name}: the `id` cell is written as a word, where the other ids are codes: a name with a comma may have been split in two"
                ))
                .at(source, span)
                .hint("put quotes around a name that holds a comma, like \"Last, First\"; spreadsheets add them when they save as CSV"),
            );
        }
    }
}

/// How the dates in numbers alone fit the order asked for: a row whose
/// date reads only in that order (a day over 12 where the day goes), and
/// the errors for dates that read only in the other. Those are reported
/// once every row is read: alone, the hint is to ask for the other order;
/// beside a date that reads only this way, the column mixes both orders and
/// no order reads it all, so the hint is to fix those rows.
#[derive(Default)]
struct SeenOrders {
    /// How messages name the first row whose date reads only in the order
    /// asked for.
    proven: Option<String>,
    other: Vec<Diagnostic>,
}

impl SeenOrders {
    fn read(&mut self, row: &Record, date: ReadDate) {
        if self.proven.is_none()
            && matches!(date.form, DateForm::Numbers { .. })
            && date.date.day() > 12
        {
            self.proven = Some(row.label.clone());
        }
    }

    fn report(self, order: DateOrder, diags: &mut Diagnostics) {
        let code = match &self.proven {
            Some(_) => "mixed_date_order",
            None => "other_date_order",
        };
        let hint = match &self.proven {
            Some(row) => format!(
                "{row} has a date that reads only {}, so the column mixes both orders: write these dates as the other rows do (or as 2026-12-31)",
                order.words()
            ),
            None => order.switch_hint(),
        };
        for wrong in self.other {
            diags.push(wrong.hint(hint.clone()).code(code));
        }
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
