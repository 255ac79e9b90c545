//! A checked reader over a parsed TOML tree: typed getters that report a
//! wrong type, a missing key or an unknown key at its span and carry on, so
//! one pass finds every problem in a file. Lesson files, packets and local
//! help files are all read with it; what lesson text adds (help-line
//! placeholders, crisis wording) comes in through [`TextCheck`], so this
//! low module knows neither lessons nor help lines.

use std::ops::Range;
use std::sync::Arc;

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::shape::{Holds, Shape};
use crate::text::{self, Block, Coverage, Rich};
use crate::wording;

pub(crate) type Value<'i> = Spanned<DeValue<'i>>;

/// What reading lesson text adds to each text value (implemented in
/// [`crate::lesson`], over the help lines of the lesson's language).
pub(crate) trait TextCheck {
    /// `raw`, the text of `value`, as the lesson prints it (help-line
    /// placeholders filled in); its problems reported to `r`.
    fn lesson_text(&self, r: &mut Reader, value: &Value, raw: String) -> String;
}

/// One table of the file and what it may hold.
pub(crate) struct Table<'a, 'i> {
    table: &'a DeTable<'i>,
    span: Range<usize>,
    /// How messages name it: `the lesson`, `[checklist]`, `[[scenarios]]`.
    pub what: String,
    /// Its keys, as the format's shape lists them.
    shape: &'static Shape,
}

impl<'a, 'i> Table<'a, 'i> {
    /// The value of `key`, one the table's shape lists (a reader asking
    /// for another is a shape that has fallen behind its reader).
    pub fn get(&self, key: &str) -> Option<&'a Value<'i>> {
        debug_assert!(
            self.shape.field(key).is_some(),
            "`{key}` is read from {} but its shape ({}) doesn't list it",
            self.what,
            self.shape.title
        );
        self.table
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map(|(_, v)| v)
    }

    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }
}

/// The reading context: the file, what's been found wrong, and the fonts
/// every piece of text must be printable in.
pub(crate) struct Reader<'c> {
    pub source: Arc<Source>,
    pub diags: Diagnostics,
    coverage: &'c dyn Coverage,
    /// Lesson text: what fills in `{{988}}` placeholders and checks the
    /// crisis wording. `None` for packets and other files.
    lesson: Option<&'c dyn TextCheck>,
    /// Where the text read so far speaks of drug or alcohol use.
    pub substance: Vec<Range<usize>>,
    /// Whether it says what to do for an overdose.
    pub naloxone: bool,
    /// The first word that states a medical fact, and where.
    pub medical: Option<(String, Range<usize>)>,
}

fn type_name(v: &DeValue) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number with a fraction",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

impl<'c> Reader<'c> {
    pub fn new(source: Arc<Source>, coverage: &'c dyn Coverage) -> Self {
        Reader {
            source,
            diags: Diagnostics::new(),
            coverage,
            lesson: None,
            substance: Vec::new(),
            naloxone: false,
            medical: None,
        }
    }

    /// Read lesson text from here on: `check` fills in `{{988}}`
    /// placeholders and checks crisis wording.
    pub fn lesson_text(&mut self, check: &'c dyn TextCheck) {
        self.lesson = Some(check);
    }

    pub fn error(&mut self, span: Range<usize>, message: impl Into<String>) -> &mut Diagnostic {
        self.diags
            .push(Diagnostic::error(message).at(&self.source, span));
        self.diags.0.last_mut().expect("just pushed")
    }

    /// Open a table of this shape, reporting keys it may not hold.
    pub fn table<'a, 'i>(
        &mut self,
        value: &'a Value<'i>,
        what: &str,
        shape: &'static Shape,
    ) -> Option<Table<'a, 'i>> {
        let DeValue::Table(table) = value.get_ref() else {
            self.wrong_type(value, what, "a table");
            return None;
        };
        let t = Table {
            table,
            span: value.span(),
            what: what.to_string(),
            shape,
        };
        self.check_keys(&t);
        Some(t)
    }

    /// The document itself as a table of this shape; `what` names it in
    /// messages ("the lesson", "the packet").
    pub fn root<'a, 'i>(
        &mut self,
        doc: &'a Spanned<DeTable<'i>>,
        shape: &'static Shape,
        what: &str,
    ) -> Table<'a, 'i> {
        let t = Table {
            table: doc.get_ref(),
            span: doc.span(),
            what: what.to_string(),
            shape,
        };
        self.check_keys(&t);
        t
    }

    fn check_keys(&mut self, t: &Table) {
        let allowed = t.shape.keys();
        for (key, _) in t.table.iter() {
            let name = key.get_ref().as_ref();
            if allowed.contains(&name) {
                continue;
            }
            let hint = match closest(name, &allowed) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("{} may hold: {}", t.what, list(&allowed)),
            };
            let d = self.error(key.span(), format!("unknown key `{name}` in {}", t.what));
            d.label = Some("not a known key".into());
            d.hint = Some(hint);
        }
    }

    fn wrong_type(&mut self, value: &Value, what: &str, expected: &str) {
        let found = type_name(value.get_ref());
        self.error(
            value.span(),
            format!("{what} must be {expected}, not {found}"),
        )
        .label = Some(format!("this is {found}"));
    }

    /// A required key; reports its absence at the table.
    pub fn required<'a, 'i>(&mut self, t: &Table<'a, 'i>, key: &str) -> Option<&'a Value<'i>> {
        debug_assert!(
            t.shape.field(key).is_some_and(|f| f.required),
            "`{key}` is required in {} but its shape ({}) doesn't say so",
            t.what,
            t.shape.title
        );
        let v = t.get(key);
        if v.is_none() {
            let span = t.span();
            // Point at the start of the table, not all of it.
            let at = span.start..span.start.max(span.end.min(span.start + 1));
            self.error(at, format!("{} is missing `{key}`", t.what))
                .hint = Some(format!("add `{key} = ...` to {}", t.what));
        }
        v
    }

    pub fn string(&mut self, value: &Value, what: &str) -> Option<String> {
        match value.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => {
                self.wrong_type(value, what, "text in quotes");
                None
            }
        }
    }

    /// A text field's Markdown: in lesson text, placeholders filled in (an
    /// unknown one is an error at its place) and the wording checked.
    fn text(&mut self, value: &Value, what: &str) -> Option<String> {
        let raw = self.string(value, what)?;
        match self.lesson {
            Some(check) => Some(check.lesson_text(self, value, raw)),
            None => Some(raw),
        }
    }

    /// Warn of crisis wording known to be wrong in `value` (the retired
    /// Lifeline number, a crisis number typed by hand), with `hint` in
    /// place of the lesson's (write a placeholder) where given.
    pub fn check_wording(&mut self, value: &Value, hint: Option<&str>) {
        let span = value.span();
        let file_text = self.source.text.get(span.clone()).unwrap_or("");
        for f in wording::wording(file_text) {
            let at = span.start + f.range.start..span.start + f.range.end;
            let warning = Diagnostic::warning(f.message)
                .at(&self.source, at)
                .hint(hint.map_or(f.hint, str::to_string));
            self.diags.push(warning);
        }
    }

    /// Text with inline Markdown. Empty text is an error: a blank heading or
    /// list item on paper looks like a printing fault.
    pub fn inline(&mut self, value: &Value, what: &str) -> Option<Rich> {
        let raw = self.text(value, what)?;
        let rich = text::parse_inline(&raw);
        if rich.is_empty() {
            self.error(value.span(), format!("{what} is empty")).hint =
                Some("write some text, or remove the key".into());
            return None;
        }
        self.check_coverage(value.span(), what, rich.0.iter());
        Some(rich)
    }

    /// Inline text that prints as a heading or label: it must stay short, or
    /// it can't fit its place on the page.
    pub fn short(&mut self, value: &Value, what: &str, max: usize) -> Option<Rich> {
        let rich = self.inline(value, what)?;
        let n = rich.to_plain().chars().count();
        if n > max {
            let d = self.error(
                value.span(),
                format!("{what} is {n} characters long; it may be at most {max}"),
            );
            d.label = Some("too long".into());
            d.hint = Some("headings and labels print in larger or narrower spaces; move the detail into the text below".into());
            return None;
        }
        Some(rich)
    }

    /// Text with block Markdown: paragraphs and lists.
    pub fn blocks(&mut self, value: &Value, what: &str) -> Option<Vec<Block>> {
        let raw = self.text(value, what)?;
        let blocks = text::parse_blocks(&raw);
        if blocks.is_empty() {
            self.error(value.span(), format!("{what} is empty")).hint =
                Some("write some text, or remove the key".into());
            return None;
        }
        let spans: Vec<_> = text::blocks_rich(&blocks)
            .into_iter()
            .flat_map(|r| r.0.iter())
            .collect();
        self.check_coverage(value.span(), what, spans.into_iter());
        Some(blocks)
    }

    /// Every character must be in a bundled font: report the first one that
    /// isn't, at its place in the file when we can find it.
    fn check_coverage<'s>(
        &mut self,
        span: Range<usize>,
        what: &str,
        spans: impl Iterator<Item = &'s text::Span>,
    ) {
        for s in spans {
            if let Some(ch) = s.text.chars().find(|&c| !self.coverage.covers(s.style, c)) {
                let raw = &self.source.text[span.clone()];
                let at = match raw.find(ch) {
                    Some(i) => span.start + i..span.start + i + ch.len_utf8(),
                    None => span.clone(),
                };
                self.error(
                    at,
                    format!(
                        "{what} has the character {} (U+{:04X}), which no font found can print",
                        display_char(ch),
                        ch as u32
                    ),
                )
                .hint = Some(format!(
                    "replace it with a similar character, or remove it; or {}",
                    text::missing_hint(ch)
                ));
                return;
            }
        }
    }

    pub fn flag(&mut self, value: &Value, what: &str) -> Option<bool> {
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(value, what, "true or false");
                None
            }
        }
    }

    /// A whole number from `min` to `max`.
    pub fn count(&mut self, value: &Value, what: &str, min: u32, max: u32) -> Option<u32> {
        let DeValue::Integer(i) = value.get_ref() else {
            self.wrong_type(value, what, "a whole number");
            return None;
        };
        let digits = i.as_str().replace('_', "");
        let n = i64::from_str_radix(&digits, i.radix()).ok();
        match n {
            Some(n) if n >= i64::from(min) && n <= i64::from(max) => Some(n as u32),
            _ => {
                let shown = n.map_or_else(|| i.as_str().to_string(), |n| n.to_string());
                self.error(
                    value.span(),
                    format!("{what} must be from {min} to {max}, not {shown}"),
                )
                .label = Some("out of range".into());
                None
            }
        }
    }

    pub fn array<'a, 'i>(&mut self, value: &'a Value<'i>, what: &str) -> Option<&'a DeArray<'i>> {
        match value.get_ref() {
            DeValue::Array(a) => Some(a),
            _ => {
                self.wrong_type(value, what, "a list");
                None
            }
        }
    }

    /// A list of inline texts, at least `min` long.
    pub fn inline_list(&mut self, value: &Value, what: &str, min: usize) -> Option<Vec<Rich>> {
        self.list_of(value, what, min, None)
    }

    /// A list of short labels (tracker rows and columns), each at most `max`
    /// characters.
    pub fn short_list(
        &mut self,
        value: &Value,
        what: &str,
        min: usize,
        max: usize,
    ) -> Option<Vec<Rich>> {
        self.list_of(value, what, min, Some(max))
    }

    fn list_of(
        &mut self,
        value: &Value,
        what: &str,
        min: usize,
        max: Option<usize>,
    ) -> Option<Vec<Rich>> {
        let items = self.array(value, what)?;
        if items.len() < min {
            let need = if min == 1 {
                "one item".to_string()
            } else {
                format!("{min} items")
            };
            self.error(value.span(), format!("{what} needs at least {need}"))
                .label = Some("empty list".into());
            return None;
        }
        let mut out = Vec::new();
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            let what = format!("item {} of {what}", i + 1);
            let read = match max {
                Some(max) => self.short(item, &what, max),
                None => self.inline(item, &what),
            };
            match read {
                Some(r) => out.push(r),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// An id: lower-case letters, digits, `-` and `_`; used on command lines
    /// and in file names.
    pub fn id(&mut self, value: &Value, what: &str) -> Option<String> {
        let id = self.string(value, what)?;
        if let Err(why) = check_id(&id) {
            self.error(
                value.span(),
                format!("`{id}` is not a valid {what}: it {why}"),
            )
            .hint =
                Some("use lower-case letters, digits and dashes, like `low-motivation-day`".into());
            return None;
        }
        Some(id)
    }
}

/// Parse TOML text into its spanned tree. After a syntax error the tree
/// may be missing parts, and the parser's later errors are mostly echoes of
/// the first (a missing quote gave 78, the true one 59th): only the first
/// is reported, where it starts, and `None` comes back. A text in `"""`
/// that is never closed, or that runs on past lines of keys, is reported
/// where it opens, not where the file or the swallowed text ends.
pub(crate) fn parse_toml<'s>(r: &mut Reader, text: &'s str) -> Option<Spanned<DeTable<'s>>> {
    let (doc, errors) = DeTable::parse_recoverable(text);
    let Some(first) = errors
        .iter()
        .min_by_key(|e| e.span().map_or(usize::MAX, |s| s.start))
    else {
        return Some(doc);
    };
    let at = first.span().unwrap_or(0..0);
    // The first multi-line text that is never closed, or that swallowed
    // lines of keys (its own closing quotes missing, it closed at the next
    // text's opening ones), is where the author's mistake is.
    let strings = multiline_strings(text);
    let culprit = strings.iter().find(|(_, s)| {
        s.end.is_none() || (s.swallows_keys && s.end.is_some_and(|e| e <= at.start))
    });
    if let Some((open, s)) = culprit {
        let quotes = s.quotes;
        let d = match s.end {
            None => r.error(
                *open..*open + 3,
                format!("this `{quotes}` text is never closed"),
            ),
            Some(end) => {
                let (line, _) = r.source.line_col(end);
                let d = r.error(
                    *open..*open + 3,
                    format!("this `{quotes}` text runs on to line {line}, over lines that look like keys"),
                );
                d.label = Some("its closing quotes are probably missing".into());
                d
            }
        };
        d.hint = Some(format!(
            "end the text with `{quotes}` where it should stop; a single `\"` does not close it"
        ));
        return None;
    }
    let message = first.message().trim().to_string();
    let hint = if message.contains("basic string") || message.contains("expected `\"`") {
        "a text in quotes must end with `\"` on the same line; for text over several lines, put `\"\"\"` at both ends"
    } else if message.contains("comma") {
        "items of a list are separated by commas: `[\"one\", \"two\"]`"
    } else {
        "see the lesson format in README.md; only this first problem is shown, since the rest of the file can't be read until it is fixed"
    };
    r.error(at, format!("this is not valid TOML: {message}"))
        .hint = Some(hint.into());
    None
}

/// A `"""` or `'''` text in a TOML file: where it opens, where it closes
/// (after its closing quotes), and whether it holds lines that look like
/// keys or table headers, a sign it swallowed part of the file.
struct Multiline {
    quotes: &'static str,
    end: Option<usize>,
    swallows_keys: bool,
}

/// Every multi-line string in `text`, by a scan that knows comments and
/// one-line strings well enough to find them.
fn multiline_strings(text: &str) -> Vec<(usize, Multiline)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let looks_like_key = |body: &str| {
        body.lines().skip(1).any(|l| {
            let t = l.trim_start();
            t.starts_with('[')
                || t.split_once('=').is_some_and(|(k, _)| {
                    let k = k.trim();
                    !k.is_empty()
                        && k.chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
                })
        })
    };
    while i < b.len() {
        match b[i] {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            q @ (b'"' | b'\'') if b[i..].starts_with(&[q, q, q]) => {
                let quotes = if q == b'"' { "\"\"\"" } else { "\'\'\'" };
                let open = i;
                i += 3;
                let mut end = None;
                while i < b.len() {
                    if q == b'"' && b[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if b[i..].starts_with(&[q, q, q]) {
                        // Up to two more quotes belong to the text.
                        let mut close = i + 3;
                        while close < b.len() && b[close] == q && close < i + 5 {
                            close += 1;
                        }
                        end = Some(close);
                        i = close;
                        break;
                    }
                    i += 1;
                }
                let body_end = end.unwrap_or(b.len());
                let swallows_keys = looks_like_key(&text[open..body_end]);
                out.push((
                    open,
                    Multiline {
                        quotes,
                        end,
                        swallows_keys,
                    },
                ));
            }
            q @ (b'"' | b'\'') => {
                i += 1;
                while i < b.len() && b[i] != q && b[i] != b'\n' {
                    if q == b'"' && b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// An id, as a schema checks it: what [`check_id`] accepts.
pub(crate) const ID: Holds = Holds::Pattern {
    pattern: "^[a-z0-9_-]{1,64}$",
    example: "low-motivation-day",
};

/// Why `id` is not a usable id, if it isn't.
pub(crate) fn check_id(id: &str) -> Result<(), &'static str> {
    if id.is_empty() {
        return Err("is empty");
    }
    if id.len() > 64 {
        return Err("is longer than 64 characters");
    }
    if !id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    {
        return Err("may only hold lower-case letters, digits, `-` and `_`");
    }
    Ok(())
}

fn display_char(ch: char) -> String {
    if ch.is_control() || ch.is_whitespace() {
        format!("{:?}", ch)
    } else {
        format!("`{ch}`")
    }
}

pub(crate) fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The allowed name nearest to a misspelt one, if any is near.
///
/// Distance is counted in letters with `strsim` (clap's own choice for
/// its "did you mean").
pub(crate) fn closest<'a>(name: &str, allowed: &[&'a str]) -> Option<&'a str> {
    allowed
        .iter()
        .map(|a| (strsim::levenshtein(name, a), *a))
        .filter(|(d, a)| *d <= 2.max(a.len() / 3))
        .min()
        .map(|(_, a)| a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_suggests_near_misses_only() {
        let keys = ["title", "summary", "scenarios"];
        assert_eq!(closest("titel", &keys), Some("title"));
        assert_eq!(closest("scenario", &keys), Some("scenarios"));
        assert_eq!(closest("colour", &keys), None);
    }

    #[test]
    fn ids_are_plain() {
        assert!(check_id("low-day_2").is_ok());
        assert!(check_id("Low day").is_err());
        assert!(check_id("").is_err());
    }
}
