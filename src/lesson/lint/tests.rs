use super::*;
use crate::diag::Source;
use crate::layout::metrics::fake::Mono;

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
        lints("title = \"T\"\n[[notes]]\ntitle = \"When to get more help\"\nbody = \"Call us.\"\n")
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
