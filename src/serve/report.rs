//! A roster check as the group page reports it: errors (fix before
//! printing) apart from notes (good to know), each in plain words in the
//! app's language, at the row and column staff find in their spreadsheet
//! ("Row 4, column C (Language)"). Known kinds of finding (a diagnostic's
//! `code`) have sentences of their own in [`Words`]; any other is its
//! message with code quotes and references to commands, flags and the
//! README taken out. A cell's contents are never in it: only a header
//! row's headings, which name columns.

use crate::batch::Fallback;
use crate::dates::{DateOrder, DateSample};
use crate::diag::{Diagnostic, Diagnostics, Source, column_letters};
use crate::labels::Language;

use super::words::Words;

/// One finding, for the page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// Where, as the spreadsheet shows it, when the finding is about a
    /// place in the roster.
    pub place: Option<String>,
    pub text: String,
}

/// The findings of a check: errors, then notes (warnings and notes both:
/// neither stops the packets).
#[derive(Debug, Default, serde::Serialize)]
pub struct Report {
    pub errors: Vec<Finding>,
    pub notes: Vec<Finding>,
}

impl Report {
    pub fn of<'a>(w: &Words, diags: impl IntoIterator<Item = &'a Diagnostic>) -> Report {
        let mut r = Report::default();
        for d in diags {
            let f = finding(w, d);
            if d.is_error() {
                r.errors.push(f);
            } else {
                r.notes.push(f);
            }
        }
        r
    }
}

/// One diagnostic in the page's words.
pub fn finding(w: &Words, d: &Diagnostic) -> Finding {
    let place = place(w, d);
    let sentence = match d.code {
        Some("unused_column") => Some(w.group_unused_column.to_string()),
        Some("missing_name") => Some(w.group_missing_name.to_string()),
        Some("bad_date") => Some(w.group_bad_date_cell.to_string()),
        Some("other_date_order") => Some(w.group_other_date_order.to_string()),
        Some("mixed_date_order") => Some(w.group_mixed_date_order.to_string()),
        Some("bad_language") => Some(w.group_bad_language.to_string()),
        Some("duplicate_id") => Some(w.group_duplicate_id.to_string()),
        Some("unknown_scenario") => Some(unknown_scenario(w, d.hint.as_deref())),
        Some("no_name_column") => Some(w.group_no_name_column.to_string()),
        // Made in the page's words already (see `fallback_notes`).
        Some("worded") => Some(d.message.clone()),
        _ => None,
    };
    let text = match sentence {
        Some(mut s) => {
            // A suggestion is worth keeping: "did you mean language?"
            if let Some(at) = d.hint.as_deref().and_then(|h| h.find("did you mean")) {
                // Only the question: the rest of a hint is the command line's.
                let hint = &d.hint.as_deref().unwrap_or_default()[at..];
                let end = hint.find(['?', ';']).map_or(hint.len(), |e| e + 1);
                let hint = clean(hint[..end].trim_end_matches(';'));
                s.push(' ');
                s.push_str(&sentence_case(&hint));
            }
            s
        }
        None => {
            let mut message = d.message.as_str();
            // The place is said apart: "line 3: ..." once is enough.
            if place.is_some()
                && let Some((head, rest)) = message.split_once(": ")
                && (head.starts_with("line ") || head.starts_with("row "))
            {
                message = rest;
            }
            let mut out = sentence_case(&clean(message));
            if let Some(hint) = d.hint.as_deref() {
                let hint = clean(hint);
                if !hint.is_empty() {
                    out.push(' ');
                    out.push_str(&sentence_case(&hint));
                }
            }
            out
        }
    };
    Finding { place, text }
}

/// An unknown scenario, with the ones there are when the hint lists them
/// ("valid scenario ids: craving, conflict").
fn unknown_scenario(w: &Words, hint: Option<&str>) -> String {
    let mut s = w.group_unknown_scenario.to_string();
    if let Some((_, list)) = hint.and_then(|h| h.split_once(": ")) {
        s.push(' ');
        s.push_str(&w.group_scenarios_are.replace("{list}", &clean(list)));
    }
    s
}

/// A diagnostic as plain words without its place: its message and hint,
/// cleaned.
pub fn plain_words(d: &Diagnostic) -> String {
    let mut out = sentence_case(&clean(&d.message));
    if let Some(hint) = d.hint.as_deref().map(clean).filter(|h| !h.is_empty()) {
        out.push(' ');
        out.push_str(&sentence_case(&hint));
    }
    out
}

/// The clients whose language a lesson has no edition in, and the edition
/// they get, as notes in the page's words: one a lesson and language.
pub fn fallback_notes(w: &Words, fallbacks: &[Fallback]) -> Diagnostics {
    let mut notes = Diagnostics::new();
    for f in fallbacks {
        let clients = match f.clients {
            1 => w.group_one_client.to_string(),
            n => w.group_clients.replace("{n}", &n.to_string()),
        };
        let asked = match f.asked.printed() {
            Some(l) => language_name(w, l),
            None => f.asked.name().to_string(),
        };
        let first = f.lessons.first().map(|(_, l)| *l);
        if f.all && f.lessons.len() > 1 && f.lessons.iter().all(|(_, l)| Some(*l) == first) {
            // No lesson in the language asked: one note says it for all.
            let printed = first.map(|l| language_name(w, l)).unwrap_or_default();
            notes.push(
                Diagnostic::note(
                    w.group_fallback_all
                        .replace("{clients}", &clients)
                        .replace("{asked}", &asked)
                        .replace("{printed}", &printed),
                )
                .code("worded"),
            );
            continue;
        }
        for (lesson, printed) in &f.lessons {
            notes.push(
                Diagnostic::note(
                    w.group_fallback
                        .replace("{clients}", &clients)
                        .replace("{asked}", &asked)
                        .replace("{lesson}", lesson)
                        .replace("{printed}", &language_name(w, *printed)),
                )
                .code("worded"),
            );
        }
    }
    notes
}

/// How dates written in numbers alone were read, as one of them written
/// back and spelt out in the page's language ("12/8/2026 is December 8,
/// 2026"), so staff can see the order was right; none when no date was
/// written so.
pub fn dates_read(w: &Words, sample: Option<DateSample>) -> Option<Diagnostic> {
    let sample = sample?;
    let order = match sample.order() {
        DateOrder::MonthFirst => w.group_month_first,
        DateOrder::DayFirst => w.group_day_first,
    };
    let spelt = w.language.labels().long_date(sample.date());
    Some(
        Diagnostic::note(
            w.group_dates_read
                .replace("{order}", order)
                .replace("{written}", &sample.written())
                .replace("{spelt}", &spelt),
        )
        .code("worded"),
    )
}

/// A language by its name, in the app's language where it has one.
fn language_name(w: &Words, l: Language) -> String {
    if w.language != Language::Es {
        return crate::languages::english_name(l).to_string();
    }
    match l {
        Language::En => "inglés",
        Language::Es => "español",
        Language::Vi => "vietnamita",
        Language::ZhHans => "chino simplificado",
        Language::ZhHant => "chino tradicional",
        Language::Ko => "coreano",
        Language::Tl => "Tagalog",
        Language::Ru => "ruso",
        Language::Ar => "árabe",
    }
    .to_string()
}

/// Words without code quotes, and without the parts that send a person to
/// a command, a flag or the README, which staff at a browser don't have.
pub fn clean(s: &str) -> String {
    let technical = |part: &str| {
        part.contains("README")
            || part.contains("--")
            || part.contains("handout ")
            || part.contains("`handout")
    };
    let kept: Vec<&str> = s
        .split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty() && !technical(p))
        .collect();
    kept.join("; ").replace('`', "")
}

fn sentence_case(s: &str) -> String {
    let s = s.trim();
    let mut c = s.chars();
    let mut out = c
        .next()
        .map(|f| f.to_uppercase().collect::<String>())
        .unwrap_or_default()
        + c.as_str();
    if !out.is_empty() && !out.ends_with(['.', '?', '!']) {
        out.push('.');
    }
    out
}

/// Where a diagnostic points, as the spreadsheet shows it: the row number
/// (a CSV's line), and the column's letters and heading when it points at
/// a cell after the header.
fn place(w: &Words, d: &Diagnostic) -> Option<String> {
    let source = d.source.as_ref()?;
    let span = d.span.as_ref()?;
    let (line, _) = source.line_col(span.start);
    let row = source.row_number(line);
    let column = column_at(source, span.start);
    let heading = column.and_then(|c| heading(source, c));
    Some(match (column, heading) {
        // The header row itself: the column says it.
        (Some(c), Some(h)) if line == 1 => w
            .group_place_column
            .replace("{col}", &column_letters(c))
            .replace("{heading}", &h),
        (Some(c), Some(h)) => w
            .group_place_cell
            .replace("{row}", &row.to_string())
            .replace("{col}", &column_letters(c))
            .replace("{heading}", &h),
        _ => w.group_place_row.replace("{row}", &row.to_string()),
    })
}

/// The column (0 = A) of the field at `offset`.
fn column_at(source: &Source, offset: usize) -> Option<u32> {
    let (line, _) = source.line_col(offset);
    if let Some(cells) = &source.cells {
        let (_, fields) = cells.rows.get(line - 1)?;
        return fields
            .iter()
            .take_while(|(start, _)| *start <= offset)
            .last()
            .map(|(_, col)| *col);
    }
    let start = line_start(&source.text, offset);
    let sep = separator(&source.text);
    let mut quoted = false;
    let mut col = 0;
    for ch in source.text[start..offset.min(source.text.len())].chars() {
        match ch {
            '"' => quoted = !quoted,
            c if c == sep && !quoted => col += 1,
            _ => {}
        }
    }
    Some(col)
}

fn line_start(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// The header row's separator: the most common of comma, semicolon, tab.
fn separator(text: &str) -> char {
    let header = text.lines().next().unwrap_or("");
    [',', ';', '\t']
        .into_iter()
        .max_by_key(|c| header.matches(*c).count())
        .unwrap_or(',')
}

/// The heading of column `col`, from the first line (the header row).
fn heading(source: &Source, col: u32) -> Option<String> {
    let header = source.text.lines().next()?;
    let field = match &source.cells {
        Some(cells) => {
            let (_, fields) = cells.rows.first()?;
            let i = fields.iter().position(|(_, c)| *c == col)?;
            let start = fields[i].0;
            let end = fields.get(i + 1).map_or(header.len(), |(s, _)| *s);
            header
                .get(start..end)?
                .trim_end_matches(separator(&source.text))
        }
        None => {
            let sep = separator(&source.text);
            let mut quoted = false;
            let (mut c, mut start) = (0, 0);
            let mut end = header.len();
            for (i, ch) in header.char_indices() {
                match ch {
                    '"' => quoted = !quoted,
                    x if x == sep && !quoted => {
                        if c == col {
                            end = i;
                            break;
                        }
                        c += 1;
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            if c != col {
                return None;
            }
            &header[start..end]
        }
    };
    let h = field.trim().trim_matches('"').trim();
    (!h.is_empty()).then(|| h.chars().take(40).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_is_the_row_and_the_columns_letter_and_heading() {
        let source = Source::private("roster", "name,DOB,\"Lang, spoken\"\nAna,x,y\nBo,z,w\n");
        let at = source.text.find('w').unwrap();
        let d = Diagnostic::error("line 3: the cell is odd").at(&source, at..at + 1);
        let f = finding(&super::super::words::EN, &d);
        assert_eq!(f.place.as_deref(), Some("Row 3, column C (Lang, spoken)"));
        assert_eq!(f.text, "The cell is odd.");
    }

    #[test]
    fn who_gets_which_edition_is_said_in_the_pages_words() {
        use crate::languages::Asked;
        let f = |asked: &str, clients: usize| Fallback {
            asked: Asked::parse(asked).unwrap(),
            clients,
            lessons: vec![("plain".to_string(), Language::En)],
            all: true,
        };
        let texts = |w: &Words, f: Fallback| -> Vec<String> {
            fallback_notes(w, &[f])
                .iter()
                .map(|d| finding(w, d).text)
                .collect()
        };
        assert_eq!(
            texts(&super::super::words::EN, f("Somali", 1)),
            [
                "1 client with Somali as their language: the lesson plain has no Somali edition, so they get it in English."
            ]
        );
        let mut both = f("Somali", 3);
        both.lessons.push(("other".to_string(), Language::En));
        assert_eq!(
            texts(&super::super::words::EN, both),
            [
                "3 clients with Somali as their language: no lesson here has a Somali edition, so they get them in English."
            ]
        );
        assert_eq!(
            texts(&super::super::words::ES, f("es", 2)),
            [
                "2 clientes con el idioma español: la lección “plain” no tiene edición en español, así que se imprime en inglés."
            ]
        );
    }

    #[test]
    fn technical_references_are_left_out() {
        assert_eq!(
            clean("the column `DOB` is not used; see the README for the headings"),
            "the column DOB is not used"
        );
        assert_eq!(
            clean("give each their own id; with --allow-duplicate-ids the files are numbered"),
            "give each their own id"
        );
    }
}
