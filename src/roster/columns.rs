//! The header row: which column each heading is, by the names exports give
//! it ([`COLUMNS`]); warnings for the columns handout does not read (with a
//! suggestion when one looks like a misspelt one); and whether the roster
//! has what a name needs. A first row that is not a header is a client:
//! it is described by its cells' shapes, never named.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use super::csv::{CsvTable, find_in};
use super::{MAX_ID, MAX_NAME, MAX_SCENARIOS, MAX_SHORT, shape};
use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::read::closest;

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

    pub(super) fn limit(self) -> usize {
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

/// The header row, read: the field each column handout reads is in.
pub(super) struct Columns {
    pub(super) at: BTreeMap<Column, usize>,
    /// Whether the name is in one `name` column (else in `First Name` and
    /// `Last Name`).
    pub(super) has_name: bool,
}

impl Columns {
    /// The column handout reads in field `i`, if any.
    pub(super) fn column_at(&self, i: usize) -> Option<Column> {
        self.at.iter().find(|(_, at)| **at == i).map(|(c, _)| *c)
    }
}

/// Which column each heading of the header row is, with warnings for the
/// columns handout does not read; refused when the first row is not a
/// header, or when no column (or only half of one) holds the name.
pub(super) fn read_header(
    source: &Arc<Source>,
    table: &CsvTable,
) -> Result<(Columns, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::new();
    let (mut column, unknown) = match_headings(source, table, &mut diags);
    // A first row with no heading handout knows (and none that even says
    // "name") is a client, not a header: its cells are health information,
    // so they are described by shape, never named as unknown columns.
    let says_name = |h: &str| fold_heading(h).split(' ').any(|w| w == "name");
    if column.is_empty() && !unknown.iter().any(|(h, _)| says_name(h)) {
        return Err(no_header_row(source, table).into());
    }
    let split_name =
        column.contains_key(&Column::FirstName) || column.contains_key(&Column::LastName);
    let has_name = column.contains_key(&Column::Name);
    if !has_name && split_name {
        half_a_name(source, table, &column, &mut diags);
    }
    if has_name && split_name {
        diags.push(
            Diagnostic::warning("the `first name` and `last name` columns are not used: the roster has a `name` column")
                .at(source, 0..table.header_end),
        );
        column.remove(&Column::FirstName);
        column.remove(&Column::LastName);
    }
    for (heading, span) in &unknown {
        diags.push(not_used(source, heading, span.clone()));
    }
    if !has_name && !split_name {
        diags.push(no_name_column(source, table, &unknown));
        return Err(diags);
    }
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    Ok((
        Columns {
            at: column,
            has_name,
        },
        diags,
    ))
}

/// The headings that name no column handout reads, each with its place.
type Unread = Vec<(String, Range<usize>)>;

/// Each heading matched to the column it names, in order; a column headed
/// twice is an error at the second. The headings that name no column, with
/// their places.
fn match_headings(
    source: &Arc<Source>,
    table: &CsvTable,
    diags: &mut Diagnostics,
) -> (BTreeMap<Column, usize>, Unread) {
    let (text, header_line) = (table.text, table.header_end);
    let mut column: BTreeMap<Column, usize> = BTreeMap::new();
    let mut unknown: Unread = Vec::new();
    let mut cursor = 0;
    for (i, h) in table.headings.iter().enumerate() {
        let span = find_in(text, cursor..header_line, h.trim());
        cursor = span.end.min(header_line);
        match column_of(h) {
            Some(c) if column.contains_key(&c) => {
                diags.push(
                    Diagnostic::error(format!(
                        "two columns are headed as `{}` (`{}` is the second)",
                        c.heading(),
                        h.trim()
                    ))
                    .at(source, span),
                );
            }
            Some(c) => {
                column.insert(c, i);
            }
            None if h.trim().is_empty() => {}
            None => unknown.push((h.trim().to_string(), span)),
        }
    }
    (column, unknown)
}

/// A first row that is a client: its cells by their shapes.
fn no_header_row(source: &Arc<Source>, table: &CsvTable) -> Diagnostic {
    let shapes: Vec<String> = table
        .headings
        .iter()
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .take(6)
        .map(|h| format!("`{}`", shape(h)))
        .collect();
    Diagnostic::error(format!(
        "no header row: the first row has none of {} (its cells are written like {})",
        COLUMNS
            .iter()
            .map(|(c, _)| c.heading())
            .collect::<Vec<_>>()
            .join(", "),
        shapes.join(", ")
    ))
    .at(source, 0..table.header_end)
    .hint("add a first row that names the columns, like `name,id,date`, above the clients")
}

/// An error for a `first name` column without a `last name`, or the other
/// way round.
fn half_a_name(
    source: &Arc<Source>,
    table: &CsvTable,
    column: &BTreeMap<Column, usize>,
    diags: &mut Diagnostics,
) {
    for (have, need) in [
        (Column::FirstName, Column::LastName),
        (Column::LastName, Column::FirstName),
    ] {
        if column.contains_key(&have) && !column.contains_key(&need) {
            diags.push(
                Diagnostic::error(format!(
                    "the roster has a `{}` column but no `{}`",
                    have.heading(),
                    need.heading()
                ))
                .at(source, 0..table.header_end)
                .hint("add the other half of the name, or one column headed `name` with the whole name"),
            );
        }
    }
}

/// A warning for a column handout does not read, with the column it may
/// have meant.
fn not_used(source: &Arc<Source>, heading: &str, span: Range<usize>) -> Diagnostic {
    let all_headings: Vec<&str> = COLUMNS
        .iter()
        .flat_map(|(_, names)| names.iter().copied())
        .collect();
    let mut d = Diagnostic::warning(format!("the column `{heading}` is not used")).at(source, span);
    d.code = Some("unused_column");
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
    d
}

/// The error for a roster with no name column, pointing at a heading that
/// says "name" when there is one.
fn no_name_column(
    source: &Arc<Source>,
    table: &CsvTable,
    unknown: &[(String, Range<usize>)],
) -> Diagnostic {
    let found = unknown
        .iter()
        .find(|(h, _)| fold_heading(h).contains("name"))
        .map(|(h, _)| h.clone());
    Diagnostic::error("the roster has no `name` column")
        .at(source, 0..table.header_end)
        .code("no_name_column")
        .hint(match found {
            Some(h) => format!("did you mean `name` (found `{h}`)? head the column `name`, `Client Name` or `Patient Name`, or use `First Name` and `Last Name`"),
            None => "add a column headed `name` (or `Client Name`, or `First Name` and `Last Name`) with each client's name".into(),
        })
}
