//! Crisis and help lines: the one data file per language that holds their
//! numbers and wording (`help-lines/<language>.toml`, compiled in), the
//! `{{988}}` placeholders lessons write where those lines go, and a
//! facility's own lines, printed beside 988 and 911, never instead of them.
//!
//! The built-in safety notice and footer are templates of placeholders too
//! (see [`crate::labels`]), so every line a handout prints about where to
//! get help comes from the data file, and a changed number is changed once.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use serde::Deserialize;

use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::labels::Language;
use crate::read::{Reader, Table, Value, parse_toml};
use crate::shape::{Field, Holds, Shape};
use crate::text::{Coverage, Rich, Style};

/// One service a handout can point people to (988, 911, a hotline).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// What a lesson writes between `{{` and `}}`.
    pub id: String,
    pub name: String,
    /// Who it is for.
    pub serves: String,
    /// Every way to reach it.
    pub reach: Vec<Reach>,
    /// Public pages the wording was checked against.
    pub sources: Vec<String>,
    /// The day someone last checked it against `sources`.
    pub verified: toml::value::Datetime,
    /// The whole sentence printed for `{{id}}` (Markdown).
    pub sentence: String,
    /// The short form printed for `{{id.action}}` (Markdown).
    pub action: String,
    /// The few words in every footer, for the services that have one.
    pub footer: Option<String>,
}

/// One way to reach a service.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reach {
    pub how: How,
    /// The number to call or text; for a chat, the site's address
    /// (`988lifeline.org`).
    pub number: String,
    /// The option to press once the call connects (`2` for Spanish at 988).
    pub option: Option<String>,
    /// The word to send in a text (`AYUDA`, `START`).
    pub keyword: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum How {
    Call,
    Text,
    Chat,
}

/// The services of one language, in the data file's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpBook {
    pub language: Language,
    /// The data file, as messages name it.
    pub file: &'static str,
    pub services: Vec<Service>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HelpFile {
    service: Vec<Service>,
}

/// The data files, compiled in.
const FILES: [(Language, &str, &str); 9] = [
    (
        Language::En,
        "help-lines/en.toml",
        include_str!("../help-lines/en.toml"),
    ),
    (
        Language::Es,
        "help-lines/es.toml",
        include_str!("../help-lines/es.toml"),
    ),
    (
        Language::Vi,
        "help-lines/vi.toml",
        include_str!("../help-lines/vi.toml"),
    ),
    (
        Language::ZhHans,
        "help-lines/zh-Hans.toml",
        include_str!("../help-lines/zh-Hans.toml"),
    ),
    (
        Language::ZhHant,
        "help-lines/zh-Hant.toml",
        include_str!("../help-lines/zh-Hant.toml"),
    ),
    (
        Language::Ko,
        "help-lines/ko.toml",
        include_str!("../help-lines/ko.toml"),
    ),
    (
        Language::Tl,
        "help-lines/tl.toml",
        include_str!("../help-lines/tl.toml"),
    ),
    (
        Language::Ru,
        "help-lines/ru.toml",
        include_str!("../help-lines/ru.toml"),
    ),
    (
        Language::Ar,
        "help-lines/ar.toml",
        include_str!("../help-lines/ar.toml"),
    ),
];

/// The help lines printed in `language`.
pub fn book(language: Language) -> &'static HelpBook {
    // Each file read when its language is first printed, not all at once.
    static BOOKS: [OnceLock<HelpBook>; FILES.len()] = [const { OnceLock::new() }; FILES.len()];
    let i = FILES
        .iter()
        .position(|f| f.0 == language)
        .expect("a help file for every language");
    BOOKS[i].get_or_init(|| {
        let (language, file, text) = FILES[i];
        // Compiled-in data, proven by the tests to parse and to agree with
        // itself; a failure here is a build that must not ship.
        let parsed: HelpFile =
            toml::from_str(text).unwrap_or_else(|e| panic!("{file} is not a valid help file: {e}"));
        HelpBook {
            language,
            file,
            services: parsed.service,
        }
    })
}

/// The built-in safety notice in `language`, its placeholders filled in.
pub fn safety_notice(language: Language) -> String {
    book(language).expand_builtin(language.labels().safety_notice)
}

/// The footer's crisis line in `language`, unless a lesson sets its own.
pub fn crisis_line(language: Language) -> String {
    book(language).expand_builtin(language.labels().crisis_line)
}

/// Which of a service's phrases a placeholder prints: its sentence, its
/// action, its name or its footer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phrase {
    Sentence,
    Action,
    Name,
    Footer,
}

impl Phrase {
    const ALL: [(&'static str, Phrase); 3] = [
        ("action", Phrase::Action),
        ("name", Phrase::Name),
        ("footer", Phrase::Footer),
    ];
}

/// A placeholder that names no service (or a part it doesn't have): where
/// it is in the text, and what was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    pub range: Range<usize>,
    pub written: String,
}

impl HelpBook {
    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }

    /// The placeholders a lesson can write, for hints: `{{911}}`, ….
    pub fn placeholders(&self) -> String {
        self.services
            .iter()
            .map(|s| format!("`{{{{{}}}}}`", s.id))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn phrase(&self, written: &str) -> Option<&str> {
        let (id, part) = match written.split_once('.') {
            None => (written, Phrase::Sentence),
            Some((id, part)) => (id, Phrase::ALL.iter().find(|(n, _)| *n == part)?.1),
        };
        let s = self.service(id)?;
        match part {
            Phrase::Sentence => Some(&s.sentence),
            Phrase::Action => Some(&s.action),
            Phrase::Name => Some(&s.name),
            Phrase::Footer => s.footer.as_deref(),
        }
    }

    /// Replace every `{{id}}` (the service's sentence) and `{{id.action}}`,
    /// `{{id.name}}`, `{{id.footer}}` in `text`. Placeholders that name
    /// nothing are left as written and returned, with where they are.
    pub fn expand(&self, text: &str) -> (String, Vec<Unknown>) {
        let mut out = String::with_capacity(text.len());
        let mut unknown = Vec::new();
        let mut rest = 0;
        while let Some(open) = text[rest..].find("{{").map(|i| rest + i) {
            let Some(close) = text[open + 2..].find("}}").map(|i| open + 2 + i) else {
                break;
            };
            let written = text[open + 2..close].trim();
            out.push_str(&text[rest..open]);
            match self.phrase(written) {
                Some(part) => out.push_str(part),
                None => {
                    out.push_str(&text[open..close + 2]);
                    unknown.push(Unknown {
                        range: open..close + 2,
                        written: written.to_string(),
                    });
                }
            }
            rest = close + 2;
        }
        out.push_str(&text[rest..]);
        (out, unknown)
    }

    /// Expand one of our own templates, whose placeholders the tests prove.
    fn expand_builtin(&self, template: &str) -> String {
        let (text, unknown) = self.expand(template);
        debug_assert!(unknown.is_empty(), "{unknown:?} in {template}");
        text
    }
}

/// A facility's own line: a local 24/7 crisis or after-hours number, or the
/// clinic's phone. Printed in the safety box and every footer, after 988 and
/// 911.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalLine {
    /// What it is, as clients know it: "Riverside after-hours line".
    pub name: String,
    pub phone: String,
    /// When it answers: "24/7", "Mon–Fri 8 am–5 pm".
    pub hours: Option<String>,
}

/// The footer has room for this many beside 988 and 911.
pub const MAX_LOCAL_LINES: usize = 3;
const MAX_LOCAL_NAME: usize = 60;
const MAX_PHONE: usize = 30;
const MAX_HOURS: usize = 40;

impl LocalLine {
    /// How the safety box prints it: **Name** (hours): **phone**. The
    /// number's spaces don't break, so it never parts across two lines.
    pub fn paragraph(&self) -> Rich {
        let mut r = Rich::styled(&self.name, Style::BOLD);
        if let Some(hours) = &self.hours {
            r.push(&format!(" ({hours})"), Style::REGULAR, None);
        }
        r.push(": ", Style::REGULAR, None);
        r.push(&self.phone.replace(' ', "\u{a0}"), Style::BOLD, None);
        r
    }

    /// How a footer prints it.
    pub fn footer(&self) -> String {
        format!("{}: {}", self.name, self.phone)
    }
}

/// An entry of `[[local_help]]`.
const LOCAL_LINE: Shape = Shape {
    title: "A facility's help line",
    description: "A local crisis or after-hours line, or the clinic's phone.",
    fields: &[
        Field::required(
            "name",
            Holds::Text,
            "What it is, as clients know it: \"Riverside after-hours line\" (at most 60 characters).",
        ),
        Field::required(
            "phone",
            // At least three digits, as `read_line` asks.
            Holds::Pattern {
                pattern: "[0-9][^0-9]*[0-9][^0-9]*[0-9]",
                example: "(555) 010-0199",
            },
            "The number as clients dial it, like \"(555) 010-0199\".",
        ),
        Field::optional(
            "hours",
            Holds::Text,
            "When it answers: \"24/7\", \"Mon–Fri 8–5\".",
        ),
    ],
};

/// `local_help`, in a packet or a local help file: up to three lines.
pub(crate) const LOCAL_LINES: Holds = Holds::Tables {
    shape: &LOCAL_LINE,
    min: 0,
    max: Some(MAX_LOCAL_LINES),
};

/// What `local_help` is, in a sentence.
pub(crate) const LOCAL_LINES_ARE: &str = "The facility's own help lines, up to three, printed beside 988 and 911 (never instead of them).";

/// A local help file (`*.help.toml`).
pub const LOCAL_HELP_FILE: Shape = Shape {
    title: "A handout local help file",
    description: "A facility's own help lines, for `--local-help` or the app.",
    fields: &[Field::required("local_help", LOCAL_LINES, LOCAL_LINES_ARE)],
};

/// Whether a file name is a local help file's (`*.help.toml`).
pub fn is_local_help_path(path: &str) -> bool {
    path.ends_with(".help.toml")
}

/// `[[local_help]]` entries, in a packet or a local help file.
pub(crate) fn read_local(r: &mut Reader, v: &Value) -> Option<Vec<LocalLine>> {
    let entries = r.array(v, "`local_help`")?;
    if entries.len() > MAX_LOCAL_LINES {
        r.error(
            v.span(),
            format!(
                "`local_help` lists {} lines; at most {MAX_LOCAL_LINES} fit beside 988 and 911",
                entries.len()
            ),
        )
        .hint = Some("keep the lines clients need most: a 24/7 line and the clinic's phone".into());
        return None;
    }
    let mut out = Vec::new();
    let mut ok = true;
    for (i, entry) in entries.iter().enumerate() {
        let what = format!("entry {} of [[local_help]]", i + 1);
        let Some(t) = r.table(entry, &what, &LOCAL_LINE) else {
            ok = false;
            continue;
        };
        match read_line(r, &t) {
            Some(line) => out.push(line),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn read_line(r: &mut Reader, t: &Table) -> Option<LocalLine> {
    // A facility's line is printed beside 988 and 911, never instead:
    // the same warnings as a lesson's text for a retired or a crisis
    // number written into it.
    for key in ["name", "phone", "hours"] {
        if let Some(v) = t.get(key) {
            r.check_wording(
                v,
                Some("988 and 911 already print beside every facility line; give your own line's name and number here"),
            );
        }
    }
    let plain = |r: &mut Reader, key: &str, max: usize| {
        t.get(key)
            .map(|v| r.short(v, &format!("`{key}`"), max).map(|x| x.to_plain()))
    };
    let name = r.required(t, "name").and(plain(r, "name", MAX_LOCAL_NAME));
    let phone = match r.required(t, "phone") {
        Some(v) => {
            let phone = r.short(v, "`phone`", MAX_PHONE).map(|x| x.to_plain());
            if let Some(p) = &phone
                && p.chars().filter(char::is_ascii_digit).count() < 3
            {
                r.error(v.span(), "`phone` has no number to call").hint =
                    Some("write the number as clients dial it, like \"(555) 010-0199\"".into());
                return None;
            }
            Some(phone)
        }
        None => None,
    };
    let hours = plain(r, "hours", MAX_HOURS);
    Some(LocalLine {
        name: name??,
        phone: phone??,
        hours: hours.map_or(Some(None), |h| h.map(Some))?,
    })
}

/// Read a local help file (`build --local-help FILE`): `[[local_help]]`
/// entries, as in a packet.
/// Its lines come with what reading them found worth a warning.
pub fn load_local(
    source: Arc<Source>,
    coverage: &dyn Coverage,
) -> Result<(Vec<LocalLine>, Diagnostics), Diagnostics> {
    let mut r = Reader::new(source.clone(), coverage);
    let Some(doc) = parse_toml(&mut r, &source.text) else {
        return Err(r.diags);
    };
    let root = r.root(&doc, &LOCAL_HELP_FILE, "the local help file");
    let lines = match r.required(&root, "local_help") {
        Some(v) => read_local(&mut r, v),
        None => None,
    };
    let mut diags = r.diags;
    diags.sort();
    match lines {
        Some(lines) if !diags.has_errors() => Ok((lines, diags)),
        _ => {
            if diags.is_empty() {
                diags.push(Diagnostic::error("the local help file has no lines").in_file(&source));
            }
            Err(diags)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::metrics::fake::Mono;

    /// Runs of ASCII digits in `text`, with `-` inside a number kept:
    /// "1-800-799-7233" is one number.
    fn numbers(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = String::new();
        let chars: Vec<char> = text.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let inner_dash =
                c == '-' && !cur.is_empty() && chars.get(i + 1).is_some_and(char::is_ascii_digit);
            if c.is_ascii_digit() || inner_dash {
                cur.push(c);
            } else if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        }
        if !cur.is_empty() {
            out.push(cur);
        }
        out
    }

    #[test]
    fn every_language_has_911_and_988_with_sources_and_a_date() {
        for lang in Language::ALL {
            let b = book(lang);
            for id in ["911", "988", "dv"] {
                let s = b
                    .service(id)
                    .unwrap_or_else(|| panic!("{}: no {id}", b.file));
                assert!(!s.sources.is_empty(), "{}: {id} has no source", b.file);
                assert!(
                    s.sources.iter().all(|u| u.starts_with("https://")),
                    "{}: {id}",
                    b.file
                );
                let date = s.verified.date.expect("a verified date");
                assert!(date.year >= 2026, "{}: {id} verified {date}", b.file);
            }
        }
    }

    #[test]
    fn the_wording_agrees_with_the_ways_to_reach_each_service() {
        // Every number, option and word people need is in the sentence, and
        // no number the data doesn't list is in any wording.
        for lang in Language::ALL {
            let b = book(lang);
            for s in &b.services {
                let mut allowed: Vec<String> = Vec::new();
                for r in &s.reach {
                    assert!(
                        s.sentence.contains(&r.number),
                        "{}: {} sentence lacks {}",
                        b.file,
                        s.id,
                        r.number
                    );
                    allowed.push(r.number.clone());
                    if let Some(k) = &r.keyword {
                        assert_eq!(r.how, How::Text, "{}: a keyword is for texts", b.file);
                        assert!(s.sentence.contains(k.as_str()), "{}: {k}", b.file);
                    }
                    if let Some(o) = &r.option {
                        assert_eq!(r.how, How::Call, "{}: an option is for calls", b.file);
                        allowed.push(o.clone());
                    }
                }
                for text in [Some(&s.sentence), Some(&s.action), s.footer.as_ref()]
                    .into_iter()
                    .flatten()
                {
                    for n in numbers(text) {
                        assert!(
                            allowed.contains(&n),
                            "{}: {} says {n}, which `reach` doesn't list: {text}",
                            b.file,
                            s.id
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn placeholders_expand_and_unknown_ones_are_located() {
        let b = book(Language::En);
        let (text, unknown) = b.expand("Call. {{988.action}} or {{ 911 }}; {{989}} {{dv.footer}}");
        assert!(text.starts_with("Call. **call or text 988** or If you are in danger"));
        let written: Vec<&str> = unknown.iter().map(|u| u.written.as_str()).collect();
        assert_eq!(written, ["989", "dv.footer"]);
        assert_eq!(
            &"Call. {{988.action}} or {{ 911 }}; {{989}}"[unknown[0].range.clone()],
            "{{989}}"
        );
        // An unclosed brace pair is just text.
        assert_eq!(b.expand("a {{ b").0, "a {{ b");
    }

    #[test]
    fn the_built_in_notice_and_footer_print_the_data() {
        for lang in Language::ALL {
            let b = book(lang);
            let notice = safety_notice(lang);
            let footer = crisis_line(lang);
            for id in ["911", "988"] {
                let s = b.service(id).unwrap();
                assert!(notice.contains(&s.sentence), "{lang}: {notice}");
                assert!(
                    footer.contains(s.footer.as_deref().unwrap()),
                    "{lang}: {footer}"
                );
            }
            assert!(!notice.contains("{{") && !footer.contains("{{"));
        }
    }

    #[test]
    fn a_facility_line_with_a_retired_or_crisis_number_is_warned_of() {
        // Regression: a lesson's text was warned of the retired Lifeline
        // number and of 988 typed by hand; a facility's own line was not.
        let (lines, warnings) = load_local(
            Source::new(
                "help.toml",
                "[[local_help]]\nname = \"Lifeline\"\nphone = \"1-800-273-8255\"\n[[local_help]]\nname = \"Our crisis line\"\nphone = \"988\"\n",
            ),
            &Mono,
        )
        .unwrap();
        assert_eq!(lines.len(), 2);
        let found: Vec<(String, &str)> = warnings
            .iter()
            .map(|d| (d.location().unwrap(), d.message.as_str()))
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, "help.toml:3:10");
        assert!(found[0].1.contains("old Lifeline number"), "{found:?}");
        assert_eq!(found[1].0, "help.toml:6:10");
        assert!(found[1].1.contains("988"), "{found:?}");
        assert!(warnings.iter().all(|d| !d.is_error()));
    }

    #[test]
    fn a_local_help_file_is_checked_at_its_lines() {
        let (good, warnings) = load_local(
            Source::new(
                "help.toml",
                "[[local_help]]\nname = \"Riverside after-hours line\"\nphone = \"(555) 010-0199\"\nhours = \"24/7\"\n",
            ),
            &Mono,
        )
        .unwrap();
        assert!(warnings.is_empty());
        assert_eq!(
            good[0].footer(),
            "Riverside after-hours line: (555) 010-0199"
        );
        assert_eq!(
            good[0].paragraph().to_plain(),
            "Riverside after-hours line (24/7): (555)\u{a0}010-0199"
        );
        let bad = load_local(
            Source::new(
                "help.toml",
                "[[local_help]]\nname = \"Clinic\"\nphone = \"call us\"\n[[local_help]]\nphone = \"555\"\nfax = 1\n",
            ),
            &Mono,
        )
        .unwrap_err();
        let found: Vec<(String, String)> = bad
            .iter()
            .map(|d| (d.location().unwrap(), d.message.clone()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "help.toml:3:9".to_string(),
                    "`phone` has no number to call".to_string()
                ),
                (
                    "help.toml:4:1".to_string(),
                    "entry 2 of [[local_help]] is missing `name`".to_string()
                ),
                (
                    "help.toml:6:1".to_string(),
                    "unknown key `fax` in entry 2 of [[local_help]]".to_string()
                ),
            ]
        );
    }

    #[test]
    fn every_notice_names_911_and_988() {
        for lang in Language::ALL {
            for text in [safety_notice(lang), crisis_line(lang)] {
                assert!(
                    text.contains("911") && text.contains("988"),
                    "{lang}: {text}"
                );
            }
        }
    }
}
