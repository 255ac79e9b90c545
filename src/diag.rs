//! Diagnostics: what went wrong in a user's file, where, and how to fix it.
//!
//! Every stage that reads user input returns `Result<T, Diagnostics>` and
//! collects every problem it can find before giving up, so an author fixes a
//! file in one pass instead of one error per run.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// A file the user gave us (or a built-in one), kept so errors can quote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// How the file is named in messages: the path as given, or `builtin:<id>`.
    pub name: String,
    pub text: String,
    /// Health information (a roster): messages point into it by line and
    /// column, but never quote it.
    pub private: bool,
    /// For text made from a spreadsheet: where each line's cells came from,
    /// so messages name the sheet's cells (`cell C3`), not our text's.
    pub cells: Option<Arc<CellMap>>,
}

/// Where the lines and fields of a text made from a spreadsheet sheet came
/// from: line `i` (0-based) is sheet row `rows[i].0`, and its fields start
/// at the byte offsets in `rows[i].1`, each with its sheet column (0 = A).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellMap {
    pub sheet: String,
    pub rows: Vec<(u32, Vec<(usize, u32)>)>,
}

/// A sheet column's letters: 0 is A, 25 Z, 26 AA.
pub fn column_letters(mut col: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII")
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Arc<Source> {
        Arc::new(Source {
            name: name.into(),
            text: text.into(),
            private: false,
            cells: None,
        })
    }

    /// A file of client details: diagnostics about it give `file:line:col`
    /// and never show its text.
    pub fn private(name: impl Into<String>, text: impl Into<String>) -> Arc<Source> {
        Arc::new(Source {
            name: name.into(),
            text: text.into(),
            private: true,
            cells: None,
        })
    }

    /// Client details read from a spreadsheet: private, and addressed by
    /// the sheet's rows and cells.
    pub fn sheet(name: impl Into<String>, text: impl Into<String>, cells: CellMap) -> Arc<Source> {
        Arc::new(Source {
            name: name.into(),
            text: text.into(),
            private: true,
            cells: Some(Arc::new(cells)),
        })
    }

    /// How messages name line `line` (1-based) of the text: `line 3`, or
    /// for a spreadsheet the sheet's `row 3`.
    pub fn row_label(&self, line: usize) -> String {
        match &self.cells {
            Some(_) => format!("row {}", self.row_number(line)),
            None => format!("line {line}"),
        }
    }

    /// The number people know line `line` by: the line itself, or the
    /// spreadsheet row it came from.
    pub fn row_number(&self, line: usize) -> usize {
        match &self.cells {
            Some(c) => c
                .rows
                .get(line.saturating_sub(1))
                .map_or(line, |(row, _)| *row as usize + 1),
            None => line,
        }
    }

    /// `file:line:col`, or for a spreadsheet `file, sheet S, cell C3`.
    fn place(&self, offset: usize) -> String {
        let (line, col) = self.line_col(offset);
        match &self.cells {
            Some(c) => {
                let cell = c.rows.get(line - 1).map(|(row, fields)| {
                    let column = fields
                        .iter()
                        .take_while(|(start, _)| *start <= offset)
                        .last()
                        .map_or(0, |(_, col)| *col);
                    format!("{}{}", column_letters(column), row + 1)
                });
                match cell {
                    Some(cell) => format!("{}, sheet {}, cell {cell}", self.name, c.sheet),
                    None => format!("{}, sheet {}", self.name, c.sheet),
                }
            }
            None => format!("{}:{line}:{col}", self.name),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        (line, col)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    /// Something worth knowing that is not a problem (what `check` could
    /// not check); never counted as an error or a warning.
    Note,
}

/// One problem, optionally pointing at a span of a source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// The file and byte range the problem is about, when there is one.
    pub source: Option<Arc<Source>>,
    pub span: Option<Range<usize>>,
    /// A short label under the caret.
    pub label: Option<String>,
    /// How to fix it, when we can say.
    pub hint: Option<String>,
    /// What kind of finding it is, for a front end that words it its own
    /// way (the app's group page): `unused_column`, `bad_date`... `None`
    /// for most.
    pub code: Option<&'static str>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            source: None,
            span: None,
            label: None,
            hint: None,
            code: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn note(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(message)
        }
    }

    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }

    /// Point at `span` in `source`. A span past the end is clamped, so a
    /// diagnostic about a file that is merely empty still renders.
    pub fn at(mut self, source: &Arc<Source>, span: Range<usize>) -> Self {
        let len = source.text.len();
        let start = floor_char_boundary(&source.text, span.start.min(len));
        let end = floor_char_boundary(&source.text, span.end.min(len)).max(start);
        self.source = Some(source.clone());
        self.span = Some(start..end);
        self
    }

    /// Name the file without pointing into it (an empty or unreadable file).
    pub fn in_file(mut self, source: &Arc<Source>) -> Self {
        self.source = Some(source.clone());
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Say what kind of finding it is (see [`Diagnostic::code`]).
    pub fn code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, or just the file name, or nothing.
    pub fn location(&self) -> Option<String> {
        let source = self.source.as_ref()?;
        Some(match &self.span {
            Some(span) => source.place(span.start),
            None => source.name.clone(),
        })
    }

    /// Render like rustc: message, `--> file:line:col`, the line with a caret
    /// under the offending text, then the hint.
    pub fn render(&self, color: bool) -> String {
        let quotable = self.source.as_ref().filter(|s| !s.private);
        let Some(source) = quotable else {
            // Nothing to quote (or a file of client details, which is never
            // quoted): a plain `level: message`, where it is, and `help:`,
            // as the snippet renderer would draw them.
            let level = match self.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "note",
            };
            let (on, off) = if color {
                match self.severity {
                    Severity::Error => ("\x1b[1;31m", "\x1b[0m"),
                    Severity::Warning => ("\x1b[1;33m", "\x1b[0m"),
                    Severity::Note => ("\x1b[1m", "\x1b[0m"),
                }
            } else {
                ("", "")
            };
            let mut out = format!("{on}{level}{off}: {}", self.message);
            if self.source.is_some()
                && let Some(at) = self.location()
            {
                out.push_str(&format!("\n --> {at}"));
            }
            if let Some(hint) = &self.hint {
                out.push_str(&format!("\n  = help: {hint}"));
            }
            return out;
        };
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        let title = level.primary_title(self.message.as_str());
        let mut groups = Vec::new();
        match &self.span {
            Some(span) => {
                let mut annotation = AnnotationKind::Primary.span(span.clone());
                if let Some(label) = &self.label {
                    annotation = annotation.label(label.as_str());
                }
                groups.push(
                    title.element(
                        Snippet::source(source.text.as_str())
                            .path(source.name.as_str())
                            .annotation(annotation),
                    ),
                );
            }
            None => groups.push(title.element(Level::NOTE.message(format!("in {}", source.name)))),
        }
        if let Some(hint) = &self.hint {
            groups.push(Group::with_title(
                Level::HELP.secondary_title(hint.as_str()),
            ));
        }
        renderer.render(&groups)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// Everything found wrong with one run's input, errors and warnings both.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Diagnostics(Vec::new())
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// Order by file and position, so messages read top to bottom.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                (
                    d.source.as_ref().map(|s| s.name.clone()),
                    d.span.as_ref().map(|s| s.start),
                )
            };
            key(a).cmp(&key(b))
        });
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let src = Source::new("x.toml", "a = 1\ntitle = \"Ñandú\" x\n");
        let offset = src.text.find(" x").unwrap() + 1;
        assert_eq!(src.line_col(offset), (2, 17));
        assert_eq!(src.line_col(0), (1, 1));
    }

    #[test]
    fn render_points_at_the_line_with_a_caret() {
        let src = Source::new(
            "lessons/fractions.toml",
            "title = \"x\"\ncolour = \"red\"\n",
        );
        let d = Diagnostic::error("unknown field `colour`")
            .at(&src, 12..18)
            .label("not a lesson field")
            .hint("did you mean `title`?");
        let out = d.render(false);
        assert!(out.contains("error: unknown field `colour`"), "{out}");
        assert!(out.contains("--> lessons/fractions.toml:2:1"), "{out}");
        assert!(out.contains("2 | colour = \"red\""), "{out}");
        assert!(out.contains("^^^^^^ not a lesson field"), "{out}");
        assert!(out.contains("help: did you mean `title`?"), "{out}");
    }

    #[test]
    fn without_a_file_it_is_two_plain_lines() {
        let d = Diagnostic::warning("a sentence of 30 words").hint("split it");
        assert_eq!(
            d.render(false),
            "warning: a sentence of 30 words\n  = help: split it"
        );
    }

    #[test]
    fn span_past_the_end_is_clamped() {
        let src = Source::new("empty.toml", "");
        let d = Diagnostic::error("the file is empty").at(&src, 0..10);
        assert_eq!(d.location().unwrap(), "empty.toml:1:1");
        let _ = d.render(false);
    }
}
