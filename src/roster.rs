//! Rosters: a CSV file with a header row, one client a row (DESIGN.md §3).
//!
//! `name` is required; `id`, `date`, `clinician`, `language` and `scenarios`
//! (ids separated by `;`) are optional. Headers are matched without regard
//! to case or surrounding spaces; a column we don't know is a warning (with
//! a suggestion when it looks like a misspelt one), since exports from other
//! systems often carry extra columns. Quoted fields, commas and accents in
//! names, a UTF-8 byte-order mark and Windows line endings all work.
//!
//! A roster is health information. Its [`Source`] is private: messages point
//! at a row's line and column and name the column, and describe a cell by
//! its shape (`NN/NN/NNNN`), never by what it says.

use std::ops::Range;
use std::sync::Arc;

use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::labels::Language;
use crate::lesson::read::closest;
use crate::text::{Coverage, Style, normalize};
use crate::worksheet::parse_date;

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

const COLUMNS: [&str; 6] = ["name", "id", "date", "clinician", "language", "scenarios"];

/// One client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Line in the file where the row starts (the header is line 1).
    pub line: usize,
    pub name: String,
    pub id: Option<String>,
    pub date: Option<time::Date>,
    pub clinician: Option<String>,
    pub language: Option<Language>,
    pub scenarios: Vec<String>,
    /// Where the row's `scenarios` field is, for errors found later (an id
    /// no lesson has).
    pub scenarios_span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roster {
    pub rows: Vec<Row>,
    pub source: Arc<Source>,
}

impl Roster {
    /// An error about a row's scenarios, pointing into the file.
    pub fn scenarios_error(&self, row: &Row, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(format!("line {}: {}", row.line, message.into()))
            .at(&self.source, row.scenarios_span.clone())
    }
}

/// Check raw bytes (size, UTF-8) and read the roster. `today` is the date
/// `today` in a `date` column means.
pub fn load_bytes(
    name: &str,
    bytes: &[u8],
    today: time::Date,
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
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let source = Source::private(name, String::from_utf8_lossy(bytes).into_owned());
            let at = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).len();
            return Err(Diagnostic::error("the roster is not UTF-8 text")
                .at(&source, at..at + 1)
                .label("this byte is not UTF-8")
                .hint("in Excel: File > Save As > \"CSV UTF-8 (Comma delimited)\"")
                .into());
        }
    };
    load(Source::private(name, text), today, coverage)
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

/// Read and check a roster, reporting every problem in every row.
pub fn load(
    source: Arc<Source>,
    today: time::Date,
    coverage: &dyn Coverage,
) -> Result<(Roster, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::new();
    let text = source.text.as_str();
    let err = |span: Range<usize>, message: String| Diagnostic::error(message).at(&source, span);

    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
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
    let header_line = text.find(['\r', '\n']).unwrap_or(text.len());
    let header_fields = headers.len();
    let mut column: [Option<usize>; 6] = [None; 6];
    for (i, h) in headers.iter().enumerate() {
        let key = h.trim().to_lowercase();
        let span = find_in(text, 0..header_line, h.trim());
        match COLUMNS.iter().position(|c| *c == key) {
            Some(c) if column[c].is_some() => {
                diags.push(err(span, format!("the column `{key}` appears twice")));
            }
            Some(c) => column[c] = Some(i),
            None if key.is_empty() => {}
            None => {
                let mut d = Diagnostic::warning(format!("the column `{}` is not used", h.trim()))
                    .at(&source, span);
                d.hint = Some(match closest(&key, &COLUMNS) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("handout reads the columns {}", COLUMNS.join(", ")),
                });
                diags.push(d);
            }
        }
    }
    if column[0].is_none() {
        diags.push(
            err(0..header_line, "the roster has no `name` column".into())
                .hint("add a column headed `name` with each client's name"),
        );
        return Err(diags);
    }

    let mut rows = Vec::new();
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
        let line = line_at;
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
                        "line {line} has {} fields, but the header has {header_fields} columns",
                        record.len()
                    ),
                )
                .hint("a name with a comma needs quotes around it, like \"Last, First\"; spreadsheets add them when they save as CSV"),
            );
            continue;
        }
        // Every cell within its limit, before any is used: one runaway
        // cell must not stall the run.
        let mut too_long = false;
        for (i, cell) in record.iter().enumerate() {
            let (max, what) = match column.iter().position(|c| *c == Some(i)) {
                Some(0) => (MAX_NAME, "name"),
                Some(1) => (MAX_ID, "id"),
                Some(2) => (MAX_SHORT, "date"),
                Some(3) => (MAX_NAME, "clinician"),
                Some(4) => (MAX_SHORT, "language"),
                Some(5) => (MAX_SCENARIOS, "scenarios"),
                _ => (MAX_OTHER, headers.get(i).unwrap_or("").trim()),
            };
            let n = cell.chars().count();
            if n > max {
                diags.push(
                    err(
                        find_in(text, pos..end, cell),
                        format!(
                            "line {line}: the `{what}` cell is {n} characters long; it may be at most {max}"
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
        let field = |c: usize| -> (String, Range<usize>) {
            match column[c].and_then(|i| record.get(i)) {
                Some(v) => (
                    normalize(v).trim().to_string(),
                    find_in(text, pos..end, v.trim()),
                ),
                None => (String::new(), pos..end),
            }
        };
        let row_name = format!("line {line}");

        let (name, name_span) = field(0);
        if name.is_empty() {
            diags.push(
                err(name_span.clone(), format!("{row_name} has no name"))
                    .label("empty `name`")
                    .hint("every row needs the client's name; delete rows that are not clients"),
            );
        }
        // Names are health information: an error describes the character
        // (its code and script), never the name, nor even that letter.
        let (clinician, clinician_span) = field(3);
        for (value, span, what) in [
            (&name, &name_span, "name"),
            (&clinician, &clinician_span, "clinician"),
        ] {
            if let Some(ch) = value
                .chars()
                .find(|&c| !coverage.covers(Style::REGULAR, c) || !coverage.covers(Style::BOLD, c))
            {
                diags.push(
                    err(
                        span.clone(),
                        format!(
                            "{row_name}: the `{what}` cell has a character no bundled font can print (U+{:04X}, {} script)",
                            ch as u32,
                            crate::text::script_name(ch)
                        ),
                    )
                    .hint("the bundled fonts cover Latin (with Vietnamese), Greek and Cyrillic; leave the cell empty to write the name by hand"),
                );
            }
        }
        let (id, _) = field(1);
        let (date_text, date_span) = field(2);
        let date = if date_text.is_empty() {
            None
        } else {
            match parse_date(&date_text, today) {
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
        let (lang_text, lang_span) = field(4);
        let language = if lang_text.is_empty() {
            None
        } else {
            match Language::from_code(&lang_text.to_lowercase()) {
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
                        .hint("use `en` or `es`, or leave it empty"),
                    );
                    None
                }
            }
        };
        let (scenarios_text, scenarios_span) = field(5);
        let scenarios = scenarios_text
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        rows.push(Row {
            line,
            name,
            id: (!id.is_empty()).then_some(id),
            date,
            clinician: (!clinician.is_empty()).then_some(clinician),
            language,
            scenarios,
            scenarios_span,
        });
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

/// The span of `needle` within `range` of `text`, or the whole range.
fn find_in(text: &str, range: Range<usize>, needle: &str) -> Range<usize> {
    if needle.is_empty() {
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
        let (_, warnings) = load_str("name,scenario,phone\nAna,craving,555\n").unwrap();
        let w: Vec<(&str, Option<&str>)> = warnings
            .iter()
            .map(|d| (d.message.as_str(), d.hint.as_deref()))
            .collect();
        assert_eq!(
            w[0],
            (
                "the column `scenario` is not used",
                Some("did you mean `scenarios`?")
            )
        );
        assert_eq!(w[1].0, "the column `phone` is not used");
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
    fn windows_1252_export_is_pointed_at() {
        let diags = load_bytes("x.csv", b"name\nJos\xe9\n", today(), &Mono).unwrap_err();
        assert_eq!(diags.0[0].location().unwrap(), "x.csv:2:4");
        assert!(diags.0[0].hint.as_deref().unwrap().contains("CSV UTF-8"));
    }
}
