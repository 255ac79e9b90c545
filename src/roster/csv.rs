//! A roster's text read as CSV: the bytes decoded (UTF-8, with or without a
//! byte-order mark; old-Mac line ends made line feeds), the field separator
//! found from the header line, the header row read, and each record after
//! it placed in the text, so a message can point at its line and its cells.
//!
//! `csv` here is this module; the crate that splits the fields is `::csv`.

use std::ops::Range;
use std::sync::Arc;

use crate::diag::{Diagnostic, Diagnostics, Source};

/// The text of a CSV roster: UTF-8 (a byte-order mark dropped), each old-Mac
/// line end made a line feed.
pub(super) fn decode(name: &str, bytes: &[u8]) -> Result<Arc<Source>, Diagnostics> {
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
    Ok(Source::private(name, text))
}

/// A roster's text as a table: its header row read, and a reader at the
/// first row after it.
pub(super) struct CsvTable<'t> {
    pub(super) text: &'t str,
    pub(super) reader: ::csv::Reader<&'t [u8]>,
    /// The header row's fields, as written.
    pub(super) headings: ::csv::StringRecord,
    /// Where the header line ends.
    pub(super) header_end: usize,
    /// Whether a cell may start with a space: a file typed with a space
    /// after each comma (`name, id`) has one in every row, so only a file
    /// whose header has none is checked for a cell that starts with one.
    pub(super) spaced: bool,
}

impl<'t> CsvTable<'t> {
    /// The header row of `source`, with the separator it uses; refused when
    /// it cannot be read or is empty.
    pub(super) fn open(source: &'t Arc<Source>) -> Result<CsvTable<'t>, Diagnostics> {
        let text = source.text.as_str();
        let err = |span: Range<usize>, message: String| Diagnostic::error(message).at(source, span);
        let header_end = text.find(['\r', '\n']).unwrap_or(text.len());

        let sep = separator(&text[..header_end]);
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .delimiter(sep)
            .from_reader(text.as_bytes());
        let headings = match reader.headers() {
            Ok(h) => h.clone(),
            Err(e) => {
                return Err(err(0..0, format!("cannot read the roster's header row: {e}")).into());
            }
        };
        if headings.iter().all(|h| h.trim().is_empty()) {
            return Err(err(0..0, "the roster is empty".into())
                .hint("the first line names the columns, like `name,date,scenarios`; then one client a line")
                .into());
        }
        let spaced = sep != b','
            || source.cells.is_some()
            || headings.iter().skip(1).any(|h| h.starts_with(' '));
        Ok(CsvTable {
            text,
            reader,
            headings,
            header_end,
            spaced,
        })
    }
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

/// Where each record is in the text, and the line it starts on: counted on
/// from the record before, since asking the source for each row's line
/// would rescan the file from the top every time.
pub(super) struct Lines {
    /// The line `counted_to` is on (the header is 1).
    line: usize,
    counted_to: usize,
}

impl Lines {
    pub(super) fn new() -> Lines {
        Lines {
            line: 1,
            counted_to: 0,
        }
    }

    /// The record's place in the text (from its first field to its line's
    /// end), and the line it is on.
    pub(super) fn place(
        &mut self,
        text: &str,
        record: &::csv::StringRecord,
    ) -> (Range<usize>, usize) {
        let mut pos = record.position().map_or(0, |p| p.byte() as usize);
        // With Windows line endings csv reports a record as starting at the
        // `\n` of the line before.
        while text[pos..].starts_with(['\r', '\n']) {
            pos += 1;
        }
        self.line += text[self.counted_to..pos].matches('\n').count();
        self.counted_to = pos;
        let end = text[pos..]
            .find(['\r', '\n'])
            .map_or(text.len(), |e| pos + e);
        (pos..end, self.line)
    }
}

/// Each field's place in the text, found left to right within `row`, so
/// two equal fields point at their own places.
pub(super) fn spans(
    text: &str,
    record: &::csv::StringRecord,
    row: Range<usize>,
) -> Vec<Range<usize>> {
    let mut spans = Vec::with_capacity(record.len());
    let mut from = row.start;
    for f in record.iter() {
        let span = find_in(text, from..row.end, f.trim());
        from = if f.trim().is_empty() { from } else { span.end };
        spans.push(span);
    }
    spans
}

/// The span of `needle` within `range` of `text`, or the whole range.
pub(super) fn find_in(text: &str, range: Range<usize>, needle: &str) -> Range<usize> {
    if needle.is_empty() || range.start > range.end {
        return range;
    }
    match text[range.clone()].find(needle) {
        Some(i) => range.start + i..range.start + i + needle.len(),
        None => range,
    }
}
