//! Checks a lesson passes but an author should hear about: no word on when
//! to get more help, a safety notice that names no number to call, a
//! scenario with nothing to answer, a lesson that states medical facts and
//! names no source. Crisis wording known to send people the wrong way is
//! found by [`crate::wording`] as each text is read.

use std::ops::Range;

use super::{Lesson, Section};
use crate::text::blocks_rich;

/// A finding: what's missing, how to fix it, and where in the lesson file
/// it is, when it is about one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lint {
    pub message: String,
    pub hint: String,
    pub at: Option<Range<usize>>,
}

/// Every warning for a lesson.
pub fn lint(lesson: &Lesson) -> Vec<Lint> {
    let mut out = Vec::new();
    let has_number = |text: &str| text.contains("911") || text.contains("988");

    let mut help_note = false;
    for section in &lesson.sections {
        match section {
            Section::Notes { notes } => {
                for n in notes {
                    let title = n
                        .title
                        .as_ref()
                        .map(|t| t.to_plain().to_lowercase())
                        .unwrap_or_default();
                    let body: String = blocks_rich(&n.body).iter().map(|r| r.to_plain()).collect();
                    if title.contains("help") || title.contains("ayuda") || has_number(&body) {
                        help_note = true;
                    }
                }
            }
            Section::Safety { body, .. } => {
                let text: String = blocks_rich(body).iter().map(|r| r.to_plain()).collect();
                if !has_number(&text) {
                    out.push(Lint {
                        message: "the safety notice names no number to call".into(),
                        hint: "say when and whom to call ({{911}} and {{988}} print the standard lines), or remove `safety` to print the built-in notice".into(),
                        at: None,
                    });
                }
            }
            Section::Scenarios { scenarios, .. } => {
                for s in scenarios {
                    let at = lesson.origin.scenario(&s.id).cloned();
                    if s.prompts.is_empty() {
                        out.push(Lint {
                            message: format!(
                                "scenario `{}` has no prompts, so it prints nothing to answer",
                                s.id
                            ),
                            hint: "add `prompts = [\"...\"]` with a question or two".into(),
                            at,
                        });
                    } else if s.lines == 0 {
                        out.push(Lint {
                            message: format!(
                                "scenario `{}` has `lines = 0`, so its prompts have no room to write",
                                s.id
                            ),
                            hint: "give each prompt writing lines (`lines = 2`), or remove `lines` for the default".into(),
                            at,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    if !help_note {
        out.push(Lint {
            message: "the lesson has no note on when to get more help".into(),
            hint: "add a [[notes]] titled \"When to get more help\" that says when to call the clinic, with {{988}} and {{911}} for a crisis".into(),
            at: None,
        });
    }
    out
}

/// A lesson with this many mentions of drug or alcohol use is about it, and
/// should say what to do for an overdose.
pub(crate) const SUBSTANCE_LESSON: usize = 4;

/// A lesson that states medical facts and lists no sources, pointed at
/// the first word that does.
pub fn missing_sources(lesson: &Lesson) -> Option<Lint> {
    if !lesson.sources.is_empty() {
        return None;
    }
    let (word, at) = lesson.origin.medical.clone()?;
    Some(Lint {
        message: format!(
            "the lesson states medical facts (it names `{word}`) but lists no `[[sources]]`"
        ),
        hint: "add a [[sources]] entry (title, https url, checked = the date) for each public page (SAMHSA, CDC, NIDA, FDA, 988lifeline.org) its facts were checked against".into(),
        at: Some(at),
    })
}

pub(crate) const NALOXONE_HINT: &str = "add to the lesson's \"When to get more help\" note: if someone is very hard to wake or breathing slowly, give naloxone (Narcan) if you have it (no prescription is needed), call 911 and stay with them";

#[cfg(test)]
mod tests;
