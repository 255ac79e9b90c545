//! Personalize: a lesson plus one client's details becomes a worksheet, the
//! exact content to print (the chosen scenarios only, the header filled in).

use std::collections::BTreeSet;

use crate::diag::Diagnostic;
use crate::help::LocalLine;
use crate::lesson::{Lesson, Section};
use crate::text::{Block, Coverage, Rich, Style, normalize};

/// The longest name, date, clinician or facility a header prints, as in a
/// roster's `name` cell.
pub const MAX_HEADER_VALUE: usize = 150;

/// What the header says about the client. Every field is optional: an empty
/// field prints as a line to write on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    pub name: Option<String>,
    /// Already formatted in the lesson's language.
    pub date: Option<String>,
    pub clinician: Option<String>,
    pub facility: Option<String>,
}

impl Header {
    /// Tidy values the way lesson text is tidied (NFC, single spaces);
    /// blank values become absent.
    pub fn normalized(self) -> Header {
        let tidy = |v: Option<String>| {
            v.map(|s| normalize(&s).trim().to_string())
                .filter(|s| !s.is_empty())
        };
        Header {
            name: tidy(self.name),
            date: tidy(self.date),
            clinician: tidy(self.clinician),
            facility: tidy(self.facility),
        }
    }

    /// A value with a character no font has is an error naming the field and
    /// the character, never the value itself: names are health information
    /// and stay out of messages and logs.
    pub fn check(&self, coverage: &dyn Coverage) -> Vec<Diagnostic> {
        let fields = [
            ("the client name (--client)", &self.name),
            ("the date", &self.date),
            ("the clinician name (--clinician)", &self.clinician),
            ("the facility name", &self.facility),
        ];
        let mut out = Vec::new();
        for (what, value) in fields {
            let Some(value) = value else { continue };
            let Some(problem) = HeaderProblem::of(value, coverage) else {
                continue;
            };
            out.push(match problem {
                HeaderProblem::TooLong(n) => Diagnostic::error(format!(
                    "{what} is {n} characters long; it may be at most {MAX_HEADER_VALUE}"
                ))
                .hint("give the name as it should print in the header"),
                HeaderProblem::TooManyMarks(found) => Diagnostic::error(
                    crate::text::too_many_marks_message(what, found),
                )
                .hint("check how the name was typed or exported; give it as it should print"),
                HeaderProblem::NoFont(ch) => Diagnostic::error(format!(
                    "{what} has a character no font found can print (U+{:04X}, {} script)",
                    ch as u32,
                    crate::text::script_name(ch)
                ))
                .hint(format!(
                    "{}; or leave the field empty to write it by hand",
                    crate::text::missing_hint(ch)
                )),
            });
        }
        out
    }
}

/// Why a value can't print in a header, told by its shape, never by the
/// value: the one check behind the command line's and the app's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderProblem {
    /// Longer than [`MAX_HEADER_VALUE`] characters (how many it has).
    TooLong(usize),
    /// A letter with more combining marks than any script needs (which,
    /// and how many).
    TooManyMarks((char, usize)),
    /// The first character no font prints.
    NoFont(char),
}

impl HeaderProblem {
    /// The first problem `value` has, if any.
    pub fn of(value: &str, coverage: &dyn Coverage) -> Option<HeaderProblem> {
        let n = value.chars().count();
        if n > MAX_HEADER_VALUE {
            return Some(HeaderProblem::TooLong(n));
        }
        if let Some(found) = crate::text::too_many_marks(value) {
            return Some(HeaderProblem::TooManyMarks(found));
        }
        unprintable(value, coverage).map(HeaderProblem::NoFont)
    }
}

/// The first character of a header value that no font prints in the
/// header's regular and bold styles, if one doesn't.
pub fn unprintable(value: &str, coverage: &dyn Coverage) -> Option<char> {
    value
        .chars()
        .find(|&c| !coverage.covers(Style::BOLD, c) || !coverage.covers(Style::REGULAR, c))
}

/// Today's date where the user is.
pub fn today() -> time::Date {
    time::OffsetDateTime::now_local()
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc())
        .date()
}

/// One lesson ready to lay out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Worksheet {
    pub lesson: Lesson,
    pub header: Header,
}

/// The lesson with only the chosen scenarios (all of them when `chosen` is
/// `None`), and the header to print.
pub fn personalize(
    lesson: &Lesson,
    chosen: Option<&BTreeSet<String>>,
    header: Header,
) -> Worksheet {
    let mut lesson = lesson.clone();
    if let Some(chosen) = chosen {
        for section in &mut lesson.sections {
            if let Section::Scenarios { scenarios, .. } = section {
                scenarios.retain(|s| chosen.contains(&s.id));
            }
        }
        lesson
            .sections
            .retain(|s| !matches!(s, Section::Scenarios { scenarios, .. } if scenarios.is_empty()));
    }
    Worksheet {
        lesson,
        header: header.normalized(),
    }
}

impl Worksheet {
    /// Add a facility's own help lines: in the safety box after the
    /// lesson's own words (988 and 911 stay), and in every footer after the
    /// crisis line.
    pub fn with_local_help(mut self, lines: &[LocalLine]) -> Worksheet {
        if lines.is_empty() {
            return self;
        }
        for section in &mut self.lesson.sections {
            if let Section::Safety { body, .. } = section {
                body.extend(lines.iter().map(|l| Block::Paragraph(l.paragraph())));
            }
        }
        let crisis = &mut self.lesson.crisis;
        for line in lines {
            let style = crisis.0.last().map_or(Style::BOLD, |s| s.style);
            crisis.append(&Rich::styled(&format!(" · {}", line.footer()), style));
        }
        self
    }
}

/// Scenario ids asked for that no lesson has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownScenarios {
    pub unknown: Vec<String>,
    /// Every id the lessons do have, in lesson order.
    pub valid: Vec<String>,
}

impl UnknownScenarios {
    pub fn message(&self) -> String {
        let quoted = |ids: &[String]| {
            ids.iter()
                .map(|i| format!("`{i}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let s = if self.unknown.len() == 1 { "" } else { "s" };
        format!("unknown scenario{s} {}", quoted(&self.unknown))
    }

    /// The valid ids, after "did you mean `craving`?" for an unknown id
    /// near one of them (an id is quoted only when it is one of the
    /// lessons', never a roster's cell).
    pub fn hint(&self) -> String {
        if self.valid.is_empty() {
            return "these lessons have no scenarios".into();
        }
        let valid: Vec<&str> = self.valid.iter().map(String::as_str).collect();
        let mut near: Vec<String> = Vec::new();
        for id in self
            .unknown
            .iter()
            .filter_map(|u| crate::read::closest(u, &valid))
        {
            let quoted = format!("`{id}`");
            if !near.contains(&quoted) {
                near.push(quoted);
            }
        }
        let list = format!("valid scenario ids: {}", valid.join(", "));
        if near.is_empty() {
            list
        } else {
            format!("did you mean {}? {list}", near.join(" or "))
        }
    }
}

/// Share out chosen scenario ids among lessons (README, "For facility staff"): each lesson
/// prints the chosen scenarios that belong to it, and a lesson none of whose
/// scenarios was chosen prints all of them (`None`). An id no lesson has is
/// an error listing the valid ones.
pub fn choose_scenarios(
    lessons: &[&Lesson],
    ids: &[String],
) -> Result<Vec<Option<BTreeSet<String>>>, UnknownScenarios> {
    let mut valid = Vec::new();
    for lesson in lessons {
        for id in lesson.scenario_ids() {
            if !valid.iter().any(|v| v == id) {
                valid.push(id.to_string());
            }
        }
    }
    let unknown: Vec<String> = ids
        .iter()
        .filter(|id| !valid.contains(id))
        .cloned()
        .collect();
    if !unknown.is_empty() {
        return Err(UnknownScenarios { unknown, valid });
    }
    Ok(lessons
        .iter()
        .map(|lesson| {
            let mine: BTreeSet<String> = lesson
                .scenario_ids()
                .into_iter()
                .filter(|id| ids.iter().any(|c| c == id))
                .map(str::to_string)
                .collect();
            (!mine.is_empty()).then_some(mine)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Source;
    use crate::layout::metrics::fake::Mono;

    fn lesson(id: &str, scenarios: &[&str]) -> Lesson {
        let mut text = format!("id = \"{id}\"\ntitle = \"T\"\n");
        for s in scenarios {
            text.push_str(&format!("[[scenarios]]\nid = \"{s}\"\ntitle = \"{s}\"\n"));
        }
        crate::lesson::load(Source::new("t.toml", text), id, &Mono)
            .unwrap()
            .0
    }

    #[test]
    fn chosen_scenarios_are_kept_in_lesson_order_and_others_dropped() {
        let l = lesson("a", &["craving", "conflict", "trauma"]);
        let chosen = choose_scenarios(&[&l], &["trauma".into(), "craving".into()]).unwrap();
        let ws = personalize(&l, chosen[0].as_ref(), Header::default());
        let ids = ws.lesson.scenario_ids();
        assert_eq!(ids, ["craving", "trauma"]);
    }

    #[test]
    fn a_lesson_with_none_chosen_prints_all() {
        let a = lesson("a", &["x", "y"]);
        let b = lesson("b", &["z"]);
        let chosen = choose_scenarios(&[&a, &b], &["z".into()]).unwrap();
        assert_eq!(chosen[0], None);
        assert_eq!(chosen[1], Some(BTreeSet::from(["z".to_string()])));
    }

    #[test]
    fn unknown_id_lists_the_valid_ones() {
        let a = lesson("a", &["craving", "conflict"]);
        let err = choose_scenarios(&[&a], &["cravings".into()]).unwrap_err();
        assert_eq!(err.message(), "unknown scenario `cravings`");
        assert_eq!(
            err.hint(),
            "did you mean `craving`? valid scenario ids: craving, conflict"
        );
        let far = choose_scenarios(&[&a], &["payday".into()]).unwrap_err();
        assert_eq!(far.hint(), "valid scenario ids: craving, conflict");
    }

    #[test]
    fn local_help_prints_beside_the_crisis_lines_never_instead() {
        let l = lesson("a", &["x"]);
        let line = LocalLine {
            name: "Riverside after-hours line".into(),
            phone: "(555) 010-0199".into(),
            hours: Some("24/7".into()),
        };
        let ws = personalize(&l, None, Header::default()).with_local_help(&[line]);
        let crisis = ws.lesson.crisis.to_plain();
        assert!(
            crisis.starts_with(&l.crisis.to_plain())
                && crisis.ends_with(" · Riverside after-hours line: (555) 010-0199"),
            "{crisis}"
        );
        let safety: Vec<String> = ws
            .lesson
            .sections
            .iter()
            .find_map(|s| match s {
                Section::Safety { body, .. } => Some(
                    crate::text::blocks_rich(body)
                        .iter()
                        .map(|r| r.to_plain())
                        .collect(),
                ),
                _ => None,
            })
            .unwrap();
        let last = safety.last().unwrap();
        assert_eq!(
            last,
            "Riverside after-hours line (24/7): (555)\u{a0}010-0199"
        );
        assert!(safety[..safety.len() - 1].iter().any(|p| p.contains("911")));
        assert!(safety[..safety.len() - 1].iter().any(|p| p.contains("988")));
    }

    #[test]
    fn header_errors_never_quote_the_name() {
        let h = Header {
            name: Some("Ana \u{E000}".into()),
            ..Header::default()
        };
        let errs = h.check(&Mono);
        assert_eq!(errs.len(), 1);
        assert!(!errs[0].message.contains("Ana"), "{}", errs[0].message);
        assert!(errs[0].message.contains("U+E000"));
    }

    #[test]
    fn blank_values_are_absent() {
        let h = Header {
            name: Some("  ".into()),
            date: Some(" 22  Nov ".into()),
            ..Header::default()
        }
        .normalized();
        assert_eq!(h.name, None);
        assert_eq!(h.date.as_deref(), Some("22 Nov"));
    }
}
