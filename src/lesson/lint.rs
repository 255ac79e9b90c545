//! Checks a lesson passes but an author should hear about: no word on when
//! to get more help, a safety notice that names no number to call, a
//! scenario with nothing to answer.

use super::{Lesson, Section};
use crate::text::blocks_rich;

/// A finding: what's missing, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lint {
    pub message: String,
    pub hint: String,
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
                        hint: "say when and whom to call, such as 911 for an emergency and 988 for a crisis, or remove `safety` to print the built-in notice".into(),
                    });
                }
            }
            Section::Scenarios { scenarios, .. } => {
                for s in scenarios.iter().filter(|s| s.prompts.is_empty()) {
                    out.push(Lint {
                        message: format!(
                            "scenario `{}` has no prompts, so it prints nothing to answer",
                            s.id
                        ),
                        hint: "add `prompts = [\"...\"]` with a question or two".into(),
                    });
                }
            }
            _ => {}
        }
    }
    if !help_note {
        out.push(Lint {
            message: "the lesson has no note on when to get more help".into(),
            hint: "add a [[notes]] titled \"When to get more help\" that says when to call the clinic, and 988 or 911 in a crisis".into(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Source;
    use crate::layout::fake::Mono;

    fn lints(text: &str) -> Vec<String> {
        let lesson = crate::lesson::load(Source::new("t.toml", text), "t", &Mono)
            .unwrap()
            .0;
        lint(&lesson).into_iter().map(|l| l.message).collect()
    }

    #[test]
    fn a_lesson_without_a_help_note_is_flagged() {
        assert_eq!(
            lints("title = \"T\"\nsummary = \"x\"\n"),
            ["the lesson has no note on when to get more help"]
        );
        assert!(
            lints(
                "title = \"T\"\n[[notes]]\ntitle = \"When to get more help\"\nbody = \"Call us.\"\n"
            )
            .is_empty()
        );
        assert!(lints("title = \"T\"\n[[notes]]\nbody = \"In a crisis, text 988.\"\n").is_empty());
    }

    #[test]
    fn a_safety_notice_without_a_number_and_a_scenario_without_prompts() {
        let found = lints(
            "title = \"T\"\nsafety = \"Be careful.\"\n[[scenarios]]\nid = \"a\"\ntitle = \"A\"\n[[notes]]\nbody = \"Call 988.\"\n",
        );
        assert_eq!(
            found,
            [
                "the safety notice names no number to call",
                "scenario `a` has no prompts, so it prints nothing to answer"
            ]
        );
    }
}
