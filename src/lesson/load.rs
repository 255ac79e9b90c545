//! From the bytes of a lesson file to a checked [`Lesson`], with every problem
//! reported at its line.

use std::collections::BTreeMap;
use std::sync::Arc;

use toml::de::{DeTable, DeValue};

use super::sections::{Cx, KINDS, MAX_TITLE, SECTION_FIELDS, SECTION_NAMES, TITLES};
use super::topics::{MAX_SOURCES, MAX_TOPICS, SOURCE, TOPIC};
use super::{Lesson, Origin, Section};
use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::labels::Language;
use crate::read::{ID, Reader, Table, Value, check_id, list, parse_toml};
use crate::shape::{Field, Holds, Shape};
use crate::text::{self, Coverage, Rich};

/// A lesson file bigger than this is refused before parsing: real lessons are
/// a few kilobytes, and a runaway file should not eat memory.
pub const MAX_LESSON_BYTES: usize = 1024 * 1024;

/// The lesson's own keys; each section kind's name is a key too.
const LESSON_FIELDS: &[Field] = &[
    Field::optional(
        "id",
        ID,
        "Defaults to the file name up to its first dot; lower-case letters, digits, `-` and `_`.",
    ),
    Field::required("title", Holds::Text, "The lesson's title."),
    Field::optional("subtitle", Holds::Text, "A line under the title."),
    Field::optional(
        "language",
        Holds::Text,
        "\"en\" (default), \"es\", \"vi\", \"zh-Hans\", \"zh-Hant\", \"ko\", \"tl\", \"ru\" or \"ar\" (or the language's name).",
    ),
    Field::optional(
        "crisis",
        Holds::Text,
        "The footer's crisis line (default: 988 and 911, in the lesson's language).",
    ),
    Field::optional(
        "qr",
        Holds::Flag,
        "Print the lesson's links as QR codes (default true).",
    ),
    Field::optional(
        "order",
        Holds::List {
            item: &Holds::Word(&SECTION_NAMES),
            min: 1,
            max: None,
            unique: true,
        },
        "The print order: every section the lesson has (the safety notice included), each once.",
    ),
    Field::optional(
        "titles",
        Holds::Table(&TITLES),
        "Headings for the sections that have no table of their own.",
    ),
    Field::optional(
        "topics",
        Holds::List {
            item: &TOPIC,
            min: 1,
            max: Some(MAX_TOPICS),
            unique: true,
        },
        "1 to 4 lower-case topics that file the lesson in the library; never printed.",
    ),
    Field::optional(
        "sources",
        Holds::Tables {
            shape: &SOURCE,
            min: 1,
            max: Some(MAX_SOURCES),
        },
        "Where the lesson's medical facts come from, one `[[sources]]` each.",
    ),
];

/// A lesson file: its own keys, then a key for each kind of section.
pub const SHAPE: Shape = Shape {
    title: "A handout lesson",
    description: "One lesson: a title and at least one section (see docs/lesson-format.md).",
    fields: &{
        let mut out = [LESSON_FIELDS[0]; LESSON_FIELDS.len() + KINDS.len()];
        let mut i = 0;
        while i < out.len() {
            out[i] = if i < LESSON_FIELDS.len() {
                LESSON_FIELDS[i]
            } else {
                SECTION_FIELDS[i - LESSON_FIELDS.len()]
            };
            i += 1;
        }
        out
    },
};

/// The names `order = [...]` takes, in the default print order.
fn section_names() -> Vec<&'static str> {
    SECTION_NAMES.to_vec()
}

/// Check raw bytes (size, UTF-8) and load them. `name` is how messages name
/// the file; `stem` is the file's name without extensions, the default id.
pub fn load_bytes(
    name: &str,
    bytes: &[u8],
    stem: &str,
    coverage: &dyn Coverage,
) -> Result<(Lesson, Diagnostics), Diagnostics> {
    if bytes.len() > MAX_LESSON_BYTES {
        let source = Source::new(name, "");
        return Err(Diagnostic::error(format!(
            "the file is {} KB; a lesson may be at most {} KB",
            bytes.len() / 1024,
            MAX_LESSON_BYTES / 1024
        ))
        .in_file(&source)
        .hint("split it into several lessons and print them as a packet")
        .into());
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => load(Source::new(name, text), stem, coverage),
        Err(e) => {
            // Show the file as far as we can read it, pointing at the bad byte.
            let good = e.valid_up_to();
            let source = Source::new(name, String::from_utf8_lossy(bytes).into_owned());
            let at = String::from_utf8_lossy(&bytes[..good]).len();
            Err(Diagnostic::error("the file is not UTF-8 text")
                .at(&source, at..at + 1)
                .label("this byte is not UTF-8")
                .hint("save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)")
                .into())
        }
    }
}

/// Parse and check a lesson. Warnings come back beside the lesson; any error
/// fails the whole file, with every problem found listed.
pub fn load(
    source: Arc<Source>,
    stem: &str,
    coverage: &dyn Coverage,
) -> Result<(Lesson, Diagnostics), Diagnostics> {
    let mut r = Reader::new(source.clone(), coverage);
    if source.text.trim().is_empty() {
        r.diags.push(
            Diagnostic::error("the lesson file is empty")
                .at(&source, 0..0)
                .hint("a lesson needs at least `title = \"...\"` and one section; `handout new <name>` writes a skeleton"),
        );
        return Err(r.diags);
    }
    let Some(doc) = parse_toml(&mut r, &source.text) else {
        return Err(r.diags);
    };
    let lesson = read_lesson(&mut r, &doc, stem);
    if r.substance.len() >= super::lint::SUBSTANCE_LESSON && !r.naloxone {
        let at = r.substance[0].clone();
        r.diags.push(
            Diagnostic::warning(
                "this lesson speaks of drug or alcohol use but never says what to do for an overdose",
            )
            .at(&source, at)
            .label("drug or alcohol use")
            .hint(super::lint::NALOXONE_HINT),
        );
    }
    let mut diags = r.diags;
    diags.sort();
    match lesson {
        Some(lesson) if !diags.has_errors() => Ok((lesson, diags)),
        _ => Err(diags),
    }
}

fn read_lesson(r: &mut Reader, doc: &toml::Spanned<DeTable>, stem: &str) -> Option<Lesson> {
    let root = r.root(doc, &SHAPE, "the lesson");

    let language = match root.get("language") {
        None => Language::En,
        Some(v) => {
            let code = r.string(v, "`language`");
            match code.as_deref().map(Language::parse) {
                Some(Some(lang)) => lang,
                Some(None) => {
                    let codes: Vec<_> = Language::ALL.iter().map(|l| l.code()).collect();
                    r.error(v.span(), "unknown `language`").hint =
                        Some(format!("use one of: {}", list(&codes)));
                    Language::En
                }
                None => Language::En,
            }
        }
    };
    r.lesson_text(crate::help::book(language));

    let id = match root.get("id") {
        Some(v) => r.id(v, "lesson id"),
        None => Some(default_id(stem)),
    };
    let title = r
        .required(&root, "title")
        .and_then(|v| r.short(v, "`title`", MAX_TITLE));
    let subtitle = root
        .get("subtitle")
        .and_then(|v| r.short(v, "`subtitle`", MAX_TITLE));
    let crisis = match root.get("crisis") {
        Some(v) => r.short(v, "`crisis`", MAX_TITLE),
        None => Some(text::parse_inline(&crate::help::crisis_line(language))),
    };

    let qr = root.get("qr").map_or(Some(true), |v| r.flag(v, "`qr`"));
    let topics = super::topics::read_topics(r, &root);
    let sources = super::topics::read_sources(r, &root);
    let titles = read_titles(r, &root);
    let cx = Cx {
        language,
        titles: &titles,
    };

    // Sections, keyed by name; `None` values mark a section that was present
    // but had errors (already reported).
    let mut sections: BTreeMap<&'static str, Option<Section>> = BTreeMap::new();
    for kind in KINDS {
        if let Some(section) = kind.read(r, root.get(kind.name), &cx) {
            sections.insert(kind.name, section);
        }
    }

    if sections.len() == 1 {
        // Only the safety notice, which every lesson gets.
        let span = root.span();
        r.error(
            span.start..span.start,
            "a lesson needs at least one section",
        )
        .hint = Some(format!(
            "add one of: {}",
            list(
                &section_names()
                    .into_iter()
                    .filter(|n| *n != "safety")
                    .collect::<Vec<_>>()
            )
        ));
    }

    let order = read_order(r, &root, &sections);
    let origin = Origin {
        source: Some(r.source.clone()),
        tracker_columns: root
            .get("tracker")
            .and_then(|v| value_in(v, "columns"))
            .map(|v| v.span()),
        scenario_ids: match root.get("scenarios").map(|v| v.get_ref()) {
            Some(toml::de::DeValue::Array(items)) => items
                .iter()
                .filter_map(|item| value_in(item, "id"))
                .filter_map(|v| match v.get_ref() {
                    toml::de::DeValue::String(id) => Some((id.to_string(), v.span())),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        },
        medical: r.medical.clone(),
        builtin_safety: root.get("safety").is_none(),
    };

    let mut ordered = Vec::new();
    for name in order {
        if let Some(section) = sections.remove(name) {
            ordered.push(section?);
        }
    }
    // Any section left is one with errors whose absence from `order` was
    // already reported; nothing to print either way.
    Some(Lesson {
        id: id?,
        title: title?,
        subtitle,
        language,
        crisis: crisis?,
        sections: ordered,
        qr: qr?,
        topics: topics?,
        sources: sources?,
        origin,
    })
}

/// The value of `key` in the table `v`, if `v` is a table that has it.
fn value_in<'a, 'i>(v: &'a Value<'i>, key: &str) -> Option<&'a Value<'i>> {
    match v.get_ref() {
        DeValue::Table(t) => t
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map(|(_, v)| v),
        _ => None,
    }
}

/// The default id: the file name up to its first dot, made id-shaped.
fn default_id(stem: &str) -> String {
    let id = text::slug(stem.split('.').next().unwrap_or(stem));
    if check_id(&id).is_ok() {
        id
    } else {
        "lesson".to_string()
    }
}

fn read_titles(r: &mut Reader, root: &Table) -> BTreeMap<String, Rich> {
    let mut out = BTreeMap::new();
    let Some(v) = root.get("titles") else {
        return out;
    };
    let Some(t) = r.table(v, "[titles]", &TITLES) else {
        return out;
    };
    for key in TITLES.keys() {
        if let Some(v) = t.get(key)
            && let Some(rich) = r.short(v, &format!("`titles.{key}`"), MAX_TITLE)
        {
            out.insert(key.to_string(), rich);
        }
    }
    out
}

/// The print order: `order` when given (checked), else the default.
fn read_order(
    r: &mut Reader,
    root: &Table,
    sections: &BTreeMap<&'static str, Option<Section>>,
) -> Vec<&'static str> {
    let names = section_names();
    let default: Vec<&'static str> = names
        .iter()
        .copied()
        .filter(|n| sections.contains_key(n))
        .collect();
    let Some(v) = root.get("order") else {
        return default;
    };
    let Some(items) = r.array(v, "`order`") else {
        return default;
    };
    let mut order: Vec<&'static str> = Vec::new();
    for item in items.iter() {
        let Some(name) = r.string(item, "an entry of `order`") else {
            continue;
        };
        match names.iter().find(|n| **n == name) {
            None => {
                let d = r.error(item.span(), format!("`{name}` is not a section name"));
                d.hint = Some(format!("sections are: {}", list(&names)));
            }
            Some(n) if order.contains(n) => {
                r.error(item.span(), format!("`{name}` is listed twice in `order`"));
            }
            Some(n) if !sections.contains_key(n) => {
                let d = r.error(item.span(), format!("the lesson has no `{name}` section"));
                d.hint = Some(format!("remove it from `order`, or add a `{name}` section"));
            }
            Some(n) => order.push(n),
        }
    }
    let missing: Vec<&str> = default
        .iter()
        .copied()
        .filter(|n| !order.contains(n))
        .collect();
    if !missing.is_empty() {
        let d = r.error(v.span(), format!("`order` leaves out {}", list(&missing)));
        d.hint = Some(
            "list every section the lesson has, so none is dropped by accident (the safety \
             notice is always printed)"
                .into(),
        );
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Style;

    /// Covers everything but a private-use character, to test coverage errors.
    struct AllButPrivate;
    impl Coverage for AllButPrivate {
        fn covers(&self, _: Style, ch: char) -> bool {
            !('\u{E000}'..='\u{F8FF}').contains(&ch)
        }
    }

    fn load_str(text: &str) -> Result<(Lesson, Diagnostics), Diagnostics> {
        load(Source::new("test.toml", text), "test", &AllButPrivate)
    }

    fn errors(text: &str) -> Vec<(String, String)> {
        let diags = load_str(text).expect_err("expected errors");
        diags
            .iter()
            .map(|d| (d.location().unwrap_or_default(), d.message.clone()))
            .collect()
    }

    const MINIMAL: &str = "title = \"Hello\"\nsummary = \"Some *text*.\"\n";

    #[test]
    fn minimal_lesson_gets_defaults_and_safety() {
        let (lesson, warnings) = load_str(MINIMAL).unwrap();
        assert!(warnings.is_empty());
        assert_eq!(lesson.id, "test");
        assert_eq!(lesson.language, Language::En);
        let names: Vec<_> = lesson.sections.iter().map(Section::name).collect();
        assert_eq!(names, ["summary", "safety"]);
        let Section::Safety { body, .. } = &lesson.sections[1] else {
            unreachable!()
        };
        let text: String = text::blocks_rich(body)
            .iter()
            .map(|r| r.to_plain())
            .collect();
        assert!(text.contains("911") && text.contains("988"));
    }

    #[test]
    fn unknown_key_is_reported_at_its_line_with_a_suggestion() {
        let diags = load_str("title = \"x\"\nsumary = \"y\"\nsummary = \"z\"\n").unwrap_err();
        let d = &diags.0[0];
        assert_eq!(d.location().unwrap(), "test.toml:2:1");
        assert_eq!(d.message, "unknown key `sumary` in the lesson");
        assert_eq!(d.hint.as_deref(), Some("did you mean `summary`?"));
    }

    #[test]
    fn every_problem_is_reported_not_just_the_first() {
        let errs = errors(
            "title = 3\nsummary = \"ok\"\n[plan]\nlines = -1\nprompts = []\n[tracker]\ncolumns = []\n",
        );
        let at: Vec<&str> = errs.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(
            at,
            [
                "test.toml:1:9",
                "test.toml:4:9",
                "test.toml:5:11",
                "test.toml:7:11"
            ],
            "{errs:?}"
        );
        assert!(errs[1].1.contains("from 0 to 30, not -1"), "{errs:?}");
        assert!(
            errs[3]
                .1
                .contains("tracker `columns` needs at least one item"),
            "{errs:?}"
        );
    }

    #[test]
    fn duplicate_scenario_ids_point_at_the_second() {
        let text = "title = \"x\"\n[[scenarios]]\nid = \"a\"\ntitle = \"A\"\n[[scenarios]]\nid = \"a\"\ntitle = \"B\"\n";
        let errs = errors(text);
        assert_eq!(
            errs,
            [(
                "test.toml:6:6".to_string(),
                "two scenarios have the id `a`".to_string()
            )]
        );
    }

    #[test]
    fn empty_file_and_missing_title() {
        assert_eq!(errors("  \n")[0].1, "the lesson file is empty");
        assert_eq!(
            errors("summary = \"x\"\n")[0].1,
            "the lesson is missing `title`"
        );
        assert_eq!(
            errors("title = \"x\"\n")[0].1,
            "a lesson needs at least one section"
        );
    }

    #[test]
    fn syntax_error_is_located() {
        let errs = errors("title = \"x\"\nsummary = \"unclosed\n");
        assert!(errs[0].0.starts_with("test.toml:2:"), "{errs:?}");
        assert!(errs[0].1.starts_with("this is not valid TOML"), "{errs:?}");
    }

    #[test]
    fn not_utf8_is_an_error_at_the_byte() {
        let diags =
            load_bytes("bad.toml", b"title = \"caf\xe9\"\n", "bad", &AllButPrivate).unwrap_err();
        assert_eq!(diags.0[0].location().unwrap(), "bad.toml:1:13");
        assert_eq!(diags.0[0].message, "the file is not UTF-8 text");
    }

    #[test]
    fn character_no_font_has_names_it_and_its_place() {
        let errs = errors("title = \"x\"\nsummary = \"ab\u{E001}c\"\n");
        assert_eq!(errs[0].0, "test.toml:2:14");
        assert!(errs[0].1.contains("U+E001"), "{errs:?}");
        assert!(
            errs[0].1.starts_with("`summary` has the character"),
            "{errs:?}"
        );
    }

    #[test]
    fn order_must_name_every_section() {
        let errs = errors("title = \"x\"\norder = [\"summary\"]\nsummary = \"y\"\n");
        assert_eq!(errs[0].1, "`order` leaves out `safety`");
        let (lesson, _) =
            load_str("title = \"x\"\norder = [\"safety\", \"summary\"]\nsummary = \"y\"\n")
                .unwrap();
        let names: Vec<_> = lesson.sections.iter().map(Section::name).collect();
        assert_eq!(names, ["safety", "summary"]);
    }

    #[test]
    fn single_table_where_a_list_is_expected_gets_a_hint() {
        let diags =
            load_str("title = \"x\"\n[terms]\nterm = \"a\"\nmeaning = \"b\"\n").unwrap_err();
        assert_eq!(diags.0[0].message, "`terms` must be a list, not a table");
        assert!(diags.0[0].hint.as_deref().unwrap().contains("[[terms]]"));
    }

    #[test]
    fn spanish_lesson_gets_spanish_defaults() {
        let (lesson, _) =
            load_str("title = \"Hola\"\nlanguage = \"es\"\n[tracker]\ncolumns = [\"Ánimo\"]\n")
                .unwrap();
        let Section::Tracker { title, rows, .. } = &lesson.sections[1] else {
            panic!("{:?}", lesson.sections)
        };
        assert_eq!(title.to_plain(), "Mi registro");
        assert_eq!(rows.len(), 7);
        assert_eq!(rows[6].to_plain(), "Día 7");
        assert!(lesson.crisis.to_plain().contains("oprima 2"));
    }

    #[test]
    fn a_values_card_gets_its_heading_and_instructions_in_the_lesson_s_language() {
        let (lesson, _) =
            load_str("title = \"x\"\n[values]\nitems = [\"Family\", \"Honesty\"]\n").unwrap();
        let names: Vec<_> = lesson.sections.iter().map(Section::name).collect();
        assert_eq!(names, ["safety", "values"]);
        let Section::Values {
            title,
            intro,
            values,
        } = &lesson.sections[1]
        else {
            unreachable!()
        };
        assert_eq!(title.to_plain(), "What matters to me");
        assert!(
            intro.to_plain().starts_with("Circle the values"),
            "{intro:?}"
        );
        let values: Vec<String> = values.iter().map(Rich::to_plain).collect();
        assert_eq!(values, ["Family", "Honesty"]);

        let (lesson, _) = load_str(
            "title = \"x\"\nlanguage = \"es\"\norder = [\"values\", \"safety\"]\n\
             [values]\nitems = [\"Familia\"]\n",
        )
        .unwrap();
        let Section::Values { title, .. } = &lesson.sections[0] else {
            panic!("{:?}", lesson.sections)
        };
        assert_eq!(title.to_plain(), "Lo que me importa");
    }

    #[test]
    fn a_values_card_with_too_many_or_too_long_values_is_an_error_at_the_list() {
        let thirteen: Vec<String> = (1..=13).map(|n| format!("\"Value {n}\"")).collect();
        let errs = errors(&format!(
            "title = \"x\"\n[values]\nintro = \"Pick.\"\nitems = [{}]\n",
            thirteen.join(", ")
        ));
        assert_eq!(
            errs,
            [(
                "test.toml:4:9".to_string(),
                "a values card may list at most 12 values, not 13".to_string()
            )]
        );
        let long = "x".repeat(41);
        let errs = errors(&format!(
            "title = \"x\"\n[values]\nitems = [\"ok\", \"{long}\"]\n"
        ));
        assert_eq!(errs[0].0, "test.toml:3:16", "{errs:?}");
        assert!(errs[0].1.contains("it may be at most 40"), "{errs:?}");
        let errs = errors("title = \"x\"\n[values]\nvalues = [\"a\"]\n");
        assert_eq!(
            errs,
            [
                (
                    "test.toml:2:1".to_string(),
                    "[values] is missing `items`".to_string()
                ),
                (
                    "test.toml:3:1".to_string(),
                    "unknown key `values` in [values]".to_string()
                )
            ]
        );
    }

    #[test]
    fn default_ids_come_from_the_file_name() {
        assert_eq!(
            default_id("compassion-in-recovery.es"),
            "compassion-in-recovery"
        );
        assert_eq!(default_id("My Own Lesson"), "my-own-lesson");
        assert_eq!(default_id("???"), "lesson");
    }
}
