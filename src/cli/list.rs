//! `handout list`: the built-in lessons, so a clinician can pick a lesson
//! and its scenarios without opening files.

use super::Failure;
use crate::diag::Diagnostics;
use crate::fonts::FontBook;
use crate::lesson;
use crate::library::builtins;

pub fn execute() -> Result<Diagnostics, Failure> {
    let mut rows = vec![[
        "ID".to_string(),
        "LANG".to_string(),
        "TITLE".to_string(),
        "SCENARIOS".to_string(),
    ]];
    for b in builtins() {
        // Built-in lessons are checked by the test suite; one that fails
        // here is still listed, with its problem, rather than hidden.
        match lesson::load(b.source(), b.id(), FontBook::bundled()) {
            Ok((l, _)) => rows.push([
                l.id.clone(),
                l.language.code().to_string(),
                l.title.to_plain(),
                l.scenario_ids().join(", "),
            ]),
            Err(_) => rows.push([
                b.id().to_string(),
                b.language_tag().unwrap_or("?").to_string(),
                format!("(has errors: run `handout check {}`)", b.id()),
                String::new(),
            ]),
        }
    }
    let widths: Vec<usize> = (0..4)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    for row in &rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            if c + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(widths[c] - cell.chars().count() + 2));
            }
        }
        println!("{}", line.trim_end());
    }
    Ok(Diagnostics::new())
}
