//! Reading lesson text: each text value of a lesson file, as the reader
//! ([`crate::read`]) meets it, gets its help-line placeholders filled in
//! from the lesson language's help lines and its wording checked.

use crate::help::HelpBook;
use crate::read::{Reader, TextCheck, Value};
use crate::text;
use crate::wording;

// Kept so the roster and `handout list` still find these here; the reader
// itself is `crate::read`.

impl TextCheck for HelpBook {
    fn lesson_text(&self, r: &mut Reader, value: &Value, raw: String) -> String {
        let span = value.span();
        let file_text = r.source.text.get(span.clone()).unwrap_or("").to_string();
        r.check_wording(value, None);
        r.substance.extend(
            wording::substance_mentions(&file_text)
                .into_iter()
                .map(|r| span.start + r.start..span.start + r.end),
        );
        if r.medical.is_none() {
            r.medical = wording::medical_mention(&file_text)
                .map(|(w, r)| (w, span.start + r.start..span.start + r.end));
        }
        for (range, place) in text::misplaced_placeholders(&raw) {
            let written = &raw[range];
            let at = match file_text.find(written) {
                Some(i) => span.start + i..span.start + i + written.len(),
                None => span.clone(),
            };
            r.error(at, format!("a help line can't go in {place}")).hint = Some(format!(
                "write `{written}` in the text itself, outside links and `code`; it prints the service's whole sentence"
            ));
        }
        let (expanded, unknown) = self.expand(&raw);
        for u in unknown {
            let written = &raw[u.range.clone()];
            let at = match file_text.find(written) {
                Some(i) => span.start + i..span.start + i + written.len(),
                None => span.clone(),
            };
            r.error(at, format!("`{written}` is not a help line")).hint = Some(format!(
                "help lines are {}, each also as `.action`, `.name` or `.footer` (see {})",
                self.placeholders(),
                self.file
            ));
        }
        r.naloxone |= wording::names_naloxone(&expanded);
        expanded
    }
}
