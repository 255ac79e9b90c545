//! Crisis wording known to send people the wrong way (texting 988 with
//! "oprima 2", the retired Lifeline number, 988's ended press-3 option, a
//! crisis number typed by hand instead of drawn from the help data), and
//! the words that show what a text speaks of (drug or alcohol use, a
//! medical fact). Plain text in, places in it out: lesson files and local
//! help files are both checked with it.

use std::ops::Range;

/// A wording problem in one text value: where, relative to the start of the
/// value's text in the file, what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    pub range: Range<usize>,
    pub message: String,
    pub hint: String,
}

/// The text folded for matching: lower case, Markdown emphasis dropped,
/// every run of white space one space; `at[i]` is where the folded byte `i`
/// came from in the raw text.
struct Folded {
    text: String,
    at: Vec<usize>,
}

fn fold(raw: &str, keep: impl Fn(char) -> bool) -> Folded {
    let mut f = Folded {
        text: String::with_capacity(raw.len()),
        at: Vec::with_capacity(raw.len()),
    };
    for (i, c) in raw.char_indices() {
        if c == '*' || c == '_' {
            continue;
        }
        let c = if c.is_whitespace() || c == '\\' {
            ' '
        } else {
            c
        };
        if c == ' ' && f.text.ends_with(' ') || !keep(c) {
            continue;
        }
        for lc in c.to_lowercase() {
            let start = f.text.len();
            f.text.push(lc);
            f.at.extend(std::iter::repeat_n(i, f.text.len() - start));
        }
    }
    f
}

impl Folded {
    /// The raw range of folded bytes `range`.
    fn raw(&self, range: Range<usize>, raw: &str) -> Range<usize> {
        let start = self.at[range.start];
        let last = self.at[range.end - 1];
        let end = last + raw[last..].chars().next().map_or(1, char::len_utf8);
        start..end
    }

    /// Words (letters and digits) with their folded ranges.
    fn words(&self) -> Vec<(&str, Range<usize>)> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in self.text.char_indices().chain([(self.text.len(), ' ')]) {
            match (c.is_alphanumeric(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    out.push((&self.text[s..i], s..i));
                    start = None;
                }
                _ => {}
            }
        }
        out
    }
}

/// Words that start "press 2": `press`, `oprima`, `marque`... then the digit,
/// perhaps with an article between ("marque el 2").
const PRESS: [&str; 8] = [
    "press", "oprima", "marque", "presione", "pulse", "option", "opción", "opcion",
];

/// The range from a pressing word to `digit` right after it, in `words`.
fn press(words: &[(&str, Range<usize>)], digit: &str) -> Option<Range<usize>> {
    words.iter().enumerate().find_map(|(i, (w, r))| {
        if !PRESS.contains(w) {
            return None;
        }
        let next = words.get(i + 1)?;
        let (d, end) = match next.0 {
            "el" | "la" | "the" => words.get(i + 2).map(|(d, r)| (*d, r.end))?,
            d => (d, next.1.end),
        };
        (d == digit).then_some(r.start..end)
    })
}

/// Clauses of the folded text: split at sentence and list punctuation and
/// at "or" / "o", so "call 988 and press 2, or text AYUDA" is two clauses
/// while "llame o envíe un texto al 988 (oprima 2)" pairs the texting with
/// the pressing.
fn clauses<'f>(words: &[(&'f str, Range<usize>)], text: &str) -> Vec<Vec<(&'f str, Range<usize>)>> {
    let mut out = vec![Vec::new()];
    let mut last_end = 0;
    for (w, r) in words {
        let between = &text[last_end..r.start];
        if between.contains(['.', ';', ',', '·', '!', '?', ':']) {
            out.push(Vec::new());
        }
        last_end = r.end;
        if matches!(*w, "o" | "or" | "u") {
            out.push(Vec::new());
            continue;
        }
        out.last_mut().expect("never empty").push((*w, r.clone()));
    }
    out
}

const USE_PLACEHOLDERS: &str = "write {{988}} (or {{911}}, {{dv}}) where the crisis lines go: it prints the checked wording from help-lines";

/// Crisis wording known to be wrong in one text value's raw text (the part
/// of the lesson file between its quotes). Ranges are into `raw`.
pub(crate) fn wording(raw: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let folded = fold(raw, |_| true);
    let words = folded.words();

    for clause in clauses(&words, &folded.text) {
        let texting = clause
            .iter()
            .any(|(w, _)| w.starts_with("text") || *w == "mensaje" || *w == "sms");
        if texting && let Some(r) = press(&clause, "2") {
            out.push(Finding {
                range: folded.raw(r, raw),
                message: "this pairs texting 988 with pressing 2; pressing 2 for Spanish works only on a call".into(),
                hint: format!("to text in Spanish, people send the word AYUDA to 988; {USE_PLACEHOLDERS}"),
            });
        }
    }
    if let Some(r) = press(&words, "3") {
        out.push(Finding {
            range: folded.raw(r, raw),
            message: "988's press-3 option (for LGBTQ+ youth) ended on July 17, 2025".into(),
            hint: format!(
                "take the option out; everyone can still call or text 988; {USE_PLACEHOLDERS}"
            ),
        });
    }

    // Numbers, with separators dropped: "1 (800) 273-8255" is 18002738255.
    let alnum = fold(raw, char::is_alphanumeric);
    let mut taken: Vec<Range<usize>> = Vec::new();
    for retired in [
        "18002738255",
        "1800273talk",
        "8002738255",
        "800273talk",
        "2738255",
        "273talk",
    ] {
        for (i, _) in alnum.text.match_indices(retired) {
            let r = i..i + retired.len();
            if taken.iter().any(|t| t.start < r.end && r.start < t.end) {
                continue;
            }
            taken.push(r.clone());
            out.push(Finding {
                range: alnum.raw(r, raw),
                message: "1-800-273-8255 (1-800-273-TALK) is the old Lifeline number; the Lifeline is now 988".into(),
                hint: USE_PLACEHOLDERS.into(),
            });
        }
    }

    // Crisis numbers typed by hand, outside a placeholder.
    let placeholders: Vec<Range<usize>> = raw
        .match_indices("{{")
        .filter_map(|(i, _)| raw[i..].find("}}").map(|j| i..i + j + 2))
        .collect();
    let inside = |r: &Range<usize>| {
        placeholders
            .iter()
            .any(|p| p.start <= r.start && r.end <= p.end)
    };
    let mut typed: Vec<Range<usize>> = Vec::new();
    let bytes = raw.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            // A number of its own, not part of a word or an address
            // ("988lifeline.org" names a site, not a line to call).
            let alone = |b: Option<&u8>| b.is_none_or(|b| !b.is_ascii_alphanumeric());
            if matches!(&raw[start..i], "988" | "911" | "88788")
                && alone(start.checked_sub(1).and_then(|s| bytes.get(s)))
                && alone(bytes.get(i))
            {
                typed.push(start..i);
            }
        } else {
            i += 1;
        }
    }
    for dv in ["7997233", "799safe"] {
        for (i, _) in alnum.text.match_indices(dv) {
            typed.push(alnum.raw(i..i + dv.len(), raw));
        }
    }
    typed.sort_by_key(|r| r.start);
    for r in typed.into_iter().filter(|r| !inside(r)) {
        out.push(Finding {
            message: format!("the crisis number {} is typed by hand", &raw[r.clone()]),
            range: r,
            hint: format!("{USE_PLACEHOLDERS}, and stays right when a number changes"),
        });
    }
    out
}

/// Word beginnings that show a lesson is about drug or alcohol use, in
/// English and Spanish ("consum" is how Spanish says "use" a drug).
const SUBSTANCE: [&str; 21] = [
    "alcohol",
    "drug",
    "substance",
    "opioid",
    "fentanyl",
    "heroin",
    "overdos",
    "sober",
    "relaps",
    "craving",
    "slip",
    "droga",
    "sustancia",
    "opioide",
    "fentanilo",
    "heroína",
    "sobredosis",
    "sobri",
    "recaí",
    "consum",
    "desliz",
];

/// Where `raw` speaks of drug or alcohol use.
pub(crate) fn substance_mentions(raw: &str) -> Vec<Range<usize>> {
    let folded = fold(raw, |_| true);
    folded
        .words()
        .into_iter()
        .filter(|(w, _)| SUBSTANCE.iter().any(|s| w.starts_with(s)))
        .map(|(_, r)| folded.raw(r, raw))
        .collect()
}

/// Whether text says what to do for an overdose: naloxone (Narcan).
pub(crate) fn names_naloxone(text: &str) -> bool {
    let t = text.to_lowercase();
    t.contains("naloxon") || t.contains("narcan")
}

/// Words that state a medical fact a lesson must name its source for:
/// overdose and naloxone, withdrawal and seizures, fentanyl,
/// benzodiazepines, the medicines for opioid and alcohol use disorder (in
/// English and Spanish; matched at the start of a word).
const MEDICAL: &[&str] = &[
    "naloxon",
    "narcan",
    "overdos",
    "sobredosis",
    "withdrawal",
    "seizure",
    "convulsi",
    "fentanyl",
    "fentanilo",
    "benzodiazepin",
    "benzodiacepin",
    "buprenorph",
    "buprenorf",
    "methadon",
    "metadona",
    "naltrex",
    "acampros",
    "disulfiram",
];

/// The first word in `raw` (a value's text in the file) that states a
/// medical fact, and where. Help-line placeholders are not expanded here:
/// the help lines' own data names its sources.
pub(crate) fn medical_mention(raw: &str) -> Option<(String, Range<usize>)> {
    let folded = fold(raw, |_| true);
    folded
        .words()
        .into_iter()
        .find(|(w, _)| MEDICAL.iter().any(|m| w.starts_with(m)))
        .map(|(w, r)| (w.to_string(), folded.raw(r, raw)))
}

/// Words that mark a paragraph or list as overdose or withdrawal advice,
/// which a page must not split (the layout keeps such a block whole when
/// it fits on a page), in every language a built-in lesson is written in.
/// Matched anywhere in the lower-cased text: Chinese has no spaces, and
/// the stems are long enough not to turn up inside other words.
const OVERDOSE_OR_WITHDRAWAL: &[&str] = &[
    "overdos",
    "withdrawal",
    "naloxon",
    "narcan",
    "sobredosis",
    "abstinencia",
    "quá liều",
    "cai nghiện",
    "hội chứng cai",
    "过量",
    "戒断",
    "纳洛酮",
];

/// Whether plain text gives overdose or withdrawal advice.
pub(crate) fn overdose_or_withdrawal(text: &str) -> bool {
    let t = text.to_lowercase();
    OVERDOSE_OR_WITHDRAWAL.iter().any(|w| t.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `wording` finds in `raw`, as (the text it points at, the start
    /// of its message).
    fn found(raw: &str) -> Vec<(String, String)> {
        wording(raw)
            .into_iter()
            .map(|f| {
                let words: Vec<&str> = f.message.split_whitespace().take(4).collect();
                (raw[f.range].to_string(), words.join(" "))
            })
            .collect()
    }

    #[test]
    fn texting_988_with_press_2_is_found_where_it_says_press_2() {
        let raw =
            "\"Si está en crisis, **llame o envíe un texto al\n988** (oprima 2 para español).\"";
        let pairs: Vec<_> = found(raw)
            .into_iter()
            .filter(|(_, m)| m.starts_with("this pairs texting"))
            .collect();
        assert_eq!(
            pairs,
            [("oprima 2".to_string(), "this pairs texting 988".to_string())]
        );
        // English too, and with an article between.
        assert_eq!(found("Text 988 and press the 2.").len(), 2);
    }

    #[test]
    fn calling_with_press_2_and_texting_ayuda_apart_is_fine() {
        for ok in [
            "{{988.action}} Llame al {{x}} y oprima 2. También puede enviar AYUDA por texto.",
            "llame y oprima 2, o envíe AYUDA por texto",
            "En su contexto, oprima 2.",
        ] {
            assert_eq!(found(ok), vec![], "{ok}");
        }
    }

    #[test]
    fn the_retired_lifeline_number_in_any_spelling() {
        for raw in [
            "call 1-800-273-8255 now",
            "call (800) 273-TALK now",
            "call 1 800 273 8255",
            "llame al 273-8255",
        ] {
            let f = found(raw);
            assert_eq!(f.len(), 1, "{raw}: {f:?}");
            assert!(f[0].1.starts_with("1-800-273-8255"), "{raw}: {f:?}");
            assert!(
                f[0].0.ends_with("8255") || f[0].0.ends_with("TALK"),
                "{raw}: {f:?}"
            );
        }
    }

    #[test]
    fn the_ended_press_3_option() {
        assert_eq!(
            found("LGBTQ+ youth can press 3."),
            [(
                "press 3".to_string(),
                "988's press-3 option (for".to_string()
            )]
        );
        assert_eq!(found("Oprima el 3 para jóvenes.").len(), 1);
    }

    #[test]
    fn crisis_numbers_typed_by_hand_but_not_placeholders_or_addresses() {
        let f = found("Call 911. Text 988. Call 1-800-799-7233 or text START to 88788.");
        let numbers: Vec<&str> = f.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(numbers, ["911", "988", "799-7233", "88788"]);
        assert!(f.iter().all(|(_, m)| m.starts_with("the crisis number")));
        assert_eq!(
            found("{{988}} {{911.action}} [988lifeline.org](https://988lifeline.org) 1988 9110"),
            vec![]
        );
    }

    #[test]
    fn overdose_and_withdrawal_advice_is_found_in_each_lessons_language() {
        for text in [
            "If someone overdosed, call 911.",
            "Dejarlas puede causar abstinencia.",
            "Bây giờ có thể gây quá liều.",
            "可能会引起戒断反应。",
            "Give Narcan.",
        ] {
            assert!(overdose_or_withdrawal(text), "{text}");
        }
        assert!(!overdose_or_withdrawal(
            "Call your counselor about any slip."
        ));
    }

    #[test]
    fn a_lesson_about_using_is_told_to_name_naloxone() {
        assert_eq!(
            substance_mentions("After a slip, a craving; alcohol and drugs.").len(),
            4
        );
        assert!(substance_mentions("Use your senses to ground.").is_empty());
        assert!(names_naloxone("Give Narcan."));
        assert!(names_naloxone("Use la naloxona."));
    }
}
