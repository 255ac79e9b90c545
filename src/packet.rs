//! Packets (`*.packet.toml`): an ordered set of lessons printed as one
//! workbook, with an optional cover page and table of contents.
//!
//! ```toml
//! title = "Compassion Group, weeks 1-4"
//! facility = "Riverside Recovery Center"   # optional, printed in headers
//! lessons = ["compassion-in-recovery", "lessons/my-own-lesson.toml"]
//! cover = true                             # optional, default false
//! contents = true                          # optional, default false
//! fallback_language = "es"                 # optional: for clients whose language a
//!                                          # lesson has no edition in; default English
//! date_order = "dmy"                       # optional: how a roster's 8/12/2026 reads
//!
//! [titles]                                 # optional: the title in other languages
//! es = "Grupo de compasión, semanas 1-4"
//!
//! [[local_help]]                           # optional, up to three
//! name = "Riverside after-hours line"
//! phone = "(555) 010-0199"
//! hours = "24/7"                           # optional
//! ```

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use crate::dates::DateOrder;
use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::help::{LOCAL_LINES, LOCAL_LINES_ARE, LocalLine, read_local};
use crate::labels::Language;
use crate::read::{Reader, Value, parse_toml};
use crate::shape::{Field, Holds, Shape};
use crate::text::Coverage;

/// A packet file, checked. Lesson references are resolved later, relative
/// to the packet's folder, by whoever reads files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packet {
    pub title: String,
    /// The title in other languages, for clients who get those editions.
    pub titles: BTreeMap<Language, String>,
    pub facility: Option<String>,
    pub lessons: Vec<LessonEntry>,
    pub cover: bool,
    pub contents: bool,
    /// How dates in numbers alone are read (`date_order = "dmy"`), where
    /// the command line doesn't say; month first when neither does.
    pub date_order: Option<DateOrder>,
    /// The facility's own help lines, printed beside 988 and 911.
    pub local_help: Vec<LocalLine>,
    /// The edition a client gets where a lesson has none in their language.
    pub fallback_language: Option<Language>,
    /// The file, so a bad lesson reference can be shown in place.
    pub source: Arc<Source>,
    /// What reading it found worth a warning (a retired crisis number in a
    /// facility's line).
    pub warnings: Diagnostics,
}

/// One entry of `lessons`: a built-in id or a path, and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonEntry {
    pub reference: String,
    pub span: Range<usize>,
}

impl LessonEntry {
    /// An error pointing at this entry in the packet file.
    pub fn error(&self, packet: &Packet, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(message).at(&packet.source, self.span.clone())
    }
}

/// A packet file.
pub const SHAPE: Shape = Shape {
    title: "A handout packet",
    description: "Lessons printed together as one workbook (`*.packet.toml`).",
    fields: &[
        Field::required("title", Holds::Text, "The packet's title."),
        Field::optional(
            "facility",
            Holds::Text,
            "The facility's name, printed in headers.",
        ),
        Field::required(
            "lessons",
            Holds::list(&Holds::Text, 1),
            "The lessons to print, in order: built-in ids, or paths relative to this file.",
        ),
        Field::optional("cover", Holds::Flag, "Print a cover page (default false)."),
        Field::optional(
            "contents",
            Holds::Flag,
            "Print a table of contents (default false).",
        ),
        Field::optional(
            "date_order",
            // `DateOrder::parse`: either, in any case.
            Holds::Pattern {
                pattern: r"^\s*([mM][dD][yY]|[dD][mM][yY])\s*$",
                example: "dmy",
            },
            "How a roster's dates in numbers alone read: \"mdy\" (month first, the default) or \"dmy\".",
        ),
        Field::optional(
            "titles",
            Holds::Map(&Holds::Text),
            "The title in other languages, by language: es = \"...\".",
        ),
        Field::optional("local_help", LOCAL_LINES, LOCAL_LINES_ARE),
        Field::optional(
            "fallback_language",
            Holds::Text,
            "The edition a client gets where a lesson has none in their language (default English).",
        ),
    ],
};

/// Whether a file name is a packet's (`*.packet.toml`).
pub fn is_packet_path(path: &str) -> bool {
    path.ends_with(".packet.toml")
}

/// Parse and check a packet file, reporting every problem found.
pub fn load(source: Arc<Source>, coverage: &dyn Coverage) -> Result<Packet, Diagnostics> {
    let mut r = Reader::new(source.clone(), coverage);
    if source.text.trim().is_empty() {
        r.diags.push(
            Diagnostic::error("the packet file is empty")
                .at(&source, 0..0)
                .hint("a packet needs `title = \"...\"` and `lessons = [\"lesson-id\", ...]`"),
        );
        return Err(r.diags);
    }
    let Some(doc) = parse_toml(&mut r, &source.text) else {
        return Err(r.diags);
    };
    let root = r.root(&doc, &SHAPE, "the packet");
    let title = r
        .required(&root, "title")
        .and_then(|v| r.short(v, "`title`", 150))
        .map(|t| t.to_plain());
    let facility = root
        .get("facility")
        .map(|v| r.inline(v, "`facility`").map(|t| t.to_plain()));
    let cover = root
        .get("cover")
        .map_or(Some(false), |v| r.flag(v, "`cover`"));
    let contents = root
        .get("contents")
        .map_or(Some(false), |v| r.flag(v, "`contents`"));
    let date_order = root
        .get("date_order")
        .map_or(Some(None), |v| read_date_order(&mut r, v));
    let titles = read_titles(&mut r, root.get("titles"));
    let fallback_language = root
        .get("fallback_language")
        .and_then(|v| fallback_language(&mut r, v));
    let local_help = root
        .get("local_help")
        .map_or(Some(Vec::new()), |v| read_local(&mut r, v));
    let listed = r.required(&root, "lessons");
    let lessons = read_lessons(&mut r, listed);
    let mut diags = r.diags;
    diags.sort();
    if diags.has_errors() {
        return Err(diags);
    }
    match (
        title,
        facility.map_or(Some(None), |f| f.map(Some)),
        cover,
        contents,
        local_help,
        date_order,
    ) {
        (
            Some(title),
            Some(facility),
            Some(cover),
            Some(contents),
            Some(local_help),
            Some(date_order),
        ) => Ok(Packet {
            title,
            titles,
            facility,
            lessons,
            cover,
            contents,
            date_order,
            local_help,
            fallback_language,
            source,
            warnings: diags,
        }),
        _ => Err(diags),
    }
}

/// `[titles]`: the packet's title in other languages, by language.
fn read_titles(r: &mut Reader, titles: Option<&Value>) -> BTreeMap<Language, String> {
    let mut out = BTreeMap::new();
    if let Some(v) = titles
        && let toml::de::DeValue::Table(t) = v.get_ref()
    {
        for (key, value) in t.iter() {
            let written = key.get_ref().as_ref();
            match Language::parse(written) {
                Some(lang) => {
                    if let Some(title) = r.short(value, &format!("`titles.{written}`"), 150) {
                        out.insert(lang, title.to_plain());
                    }
                }
                None => {
                    r.error(
                        key.span(),
                        format!("`{written}` is not a language handout prints"),
                    )
                    .hint = Some(
                        "give the title in a language of the lessons: `es = \"...\"` (or `en`)"
                            .into(),
                    );
                }
            }
        }
    } else if let Some(v) = titles {
        r.error(v.span(), "`titles` must be a table of titles by language")
            .hint = Some("write `[titles]`, then a line like `es = \"Grupo de compasión\"`".into());
    }
    out
}

/// `lessons`: the lessons to print, in order, each where it is written.
fn read_lessons(r: &mut Reader, lessons: Option<&Value>) -> Vec<LessonEntry> {
    let mut out = Vec::new();
    if let Some(v) = lessons
        && let Some(items) = r.array(v, "`lessons`")
    {
        if items.is_empty() {
            r.error(v.span(), "`lessons` is empty").hint =
                Some("list the lessons to print, by built-in id or file path".into());
        }
        for item in items.iter() {
            if let Some(reference) = r.string(item, "an entry of `lessons`") {
                if reference.trim().is_empty() {
                    r.error(item.span(), "an entry of `lessons` is empty");
                    continue;
                }
                out.push(LessonEntry {
                    reference,
                    span: item.span(),
                });
            }
        }
    }
    out
}

/// `fallback_language`: one of the languages lessons are written in.
fn fallback_language(r: &mut Reader, v: &crate::read::Value) -> Option<Language> {
    let written = r.string(v, "`fallback_language`")?;
    let language = Language::parse(&written);
    if language.is_none() {
        r.error(
            v.span(),
            "`fallback_language` is not a language lessons are written in",
        )
        .hint = Some(format!("give one of {}", crate::languages::printed_list()));
    }
    language
}

/// `date_order = "mdy"` or `"dmy"`; anything else is an error there.
fn read_date_order(r: &mut Reader, value: &Value) -> Option<Option<DateOrder>> {
    let written = r.string(value, "`date_order`")?;
    match DateOrder::parse(&written) {
        Some(order) => Some(Some(order)),
        None => {
            r.error(value.span(), "`date_order` must be \"mdy\" or \"dmy\"")
                .hint = Some(
                "\"mdy\" reads 12/8/2026 as December 8 (month first, the default); \"dmy\" reads 8/12/2026 as December 8 (day first)".into(),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::metrics::fake::Mono;

    fn load_str(text: &str) -> Result<Packet, Diagnostics> {
        load(Source::new("group.packet.toml", text), &Mono)
    }

    #[test]
    fn a_full_packet() {
        let p = load_str(
            "title = \"Group\"\nfacility = \"Riverside\"\nlessons = [\"a\", \"dir/b.toml\"]\ncover = true\n",
        )
        .unwrap();
        assert_eq!(p.title, "Group");
        assert_eq!(p.facility.as_deref(), Some("Riverside"));
        let refs: Vec<&str> = p.lessons.iter().map(|l| l.reference.as_str()).collect();
        assert_eq!(refs, ["a", "dir/b.toml"]);
        assert!(p.cover && !p.contents);
        assert_eq!(p.fallback_language, None);
        assert_eq!(&p.source.text[p.lessons[1].span.clone()], "\"dir/b.toml\"");
    }

    #[test]
    fn every_problem_is_reported() {
        let diags = load_str("titel = \"x\"\nlessons = []\ncover = \"yes\"\n").unwrap_err();
        let messages: Vec<String> = diags.iter().map(|d| d.message.clone()).collect();
        assert_eq!(
            messages,
            [
                "unknown key `titel` in the packet",
                "the packet is missing `title`",
                "`lessons` is empty",
                "`cover` must be true or false, not a string",
            ]
        );
    }

    #[test]
    fn a_fallback_language_is_one_lessons_are_written_in() {
        let p = load_str("title = \"G\"\nlessons = [\"a\"]\nfallback_language = \"Spanish\"\n")
            .unwrap();
        assert_eq!(p.fallback_language, Some(Language::Es));
        let d =
            load_str("title = \"G\"\nlessons = [\"a\"]\nfallback_language = \"so\"\n").unwrap_err();
        assert_eq!(
            d.0[0].message,
            "`fallback_language` is not a language lessons are written in"
        );
        assert_eq!(d.0[0].location().unwrap(), "group.packet.toml:3:21");
    }

    #[test]
    fn a_packet_says_how_its_rosters_write_dates() {
        let packet = |order: &str| {
            load_str(&format!(
                "title = \"G\"\nlessons = [\"a\"]\ndate_order = {order}\n"
            ))
        };
        assert_eq!(
            packet("\"dmy\"").unwrap().date_order,
            Some(DateOrder::DayFirst)
        );
        assert_eq!(
            packet("\"MDY\"").unwrap().date_order,
            Some(DateOrder::MonthFirst)
        );
        assert_eq!(
            load_str("title = \"G\"\nlessons = [\"a\"]\n")
                .unwrap()
                .date_order,
            None
        );
        let err = packet("\"ymd\"").unwrap_err();
        let d = err.iter().next().unwrap();
        assert_eq!(d.message, "`date_order` must be \"mdy\" or \"dmy\"");
        assert!(
            d.location().unwrap().ends_with(":3:14"),
            "{:?}",
            d.location()
        );
        assert!(packet("1").is_err());
    }

    #[test]
    fn packet_paths() {
        assert!(is_packet_path("examples/group.packet.toml"));
        assert!(!is_packet_path("lessons/x.toml"));
    }
}
