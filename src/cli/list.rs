//! `handout list`: the built-in lessons, so a clinician can pick a lesson,
//! its language and its scenarios without opening files.

use super::{Failure, say};
use crate::diag::Diagnostics;
use crate::fonts::FontBook;
use crate::layout::{self, Options};
use crate::lesson;
use crate::library::{builtin_ids, builtins, find_builtin};
use crate::worksheet::{Header, personalize};

pub fn execute() -> Result<Diagnostics, Failure> {
    let mut rows = vec![[
        "ID".to_string(),
        "TITLE".to_string(),
        "LANGUAGES".to_string(),
        "PAGES".to_string(),
        "SCENARIOS".to_string(),
    ]];
    let book = FontBook::global();
    for id in builtin_ids() {
        let Some(default) = find_builtin(id, None) else {
            continue;
        };
        // Languages from the lessons themselves: the default file says its
        // own, each `x.<lang>.toml` its tag.
        // (by the file's tag: an edition whose script this machine has no
        // font for is still listed).
        let mut languages: Vec<String> = builtins()
            .filter(|b| b.id() == id)
            .filter_map(|b| match b.language_tag() {
                Some(tag) => Some(tag.to_string()),
                None => lesson::load(b.source(), b.id(), book)
                    .ok()
                    .map(|(l, _)| l.language.code().to_string()),
            })
            .collect();
        languages.sort();
        languages.dedup();
        // Built-in lessons are checked by the test suite; one that fails
        // here is still listed, with its problem, rather than hidden.
        match lesson::load(default.source(), id, book) {
            Ok((l, _)) => {
                let ws = personalize(&l, None, Header::default());
                let pages = layout::layout(&ws, &Options::default(), book)
                    .map_or_else(|_| "?".to_string(), |d| d.pages.len().to_string());
                rows.push([
                    l.id.clone(),
                    l.title.to_plain(),
                    languages.join(", "),
                    pages,
                    l.scenario_ids().join(", "),
                ]);
            }
            Err(_) => rows.push([
                id.to_string(),
                format!("(has errors: run `handout check {id}`)"),
                languages.join(", "),
                String::new(),
                String::new(),
            ]),
        }
    }
    table(&rows);
    Ok(Diagnostics::new())
}

/// `handout fonts`: which font prints each script, then every family found
/// and the scripts it covers.
pub fn fonts() -> Result<Diagnostics, Failure> {
    use crate::fonts::{Origin, SCRIPT_SAMPLES};
    use crate::layout::Metrics;
    use crate::text::Style;

    let book = FontBook::global();
    let origin = |o: &Origin| match o {
        Origin::Bundled => "bundled".to_string(),
        Origin::FontPath(p) => format!("--font-path {}", p.display()),
        Origin::System(p) => p.display().to_string(),
    };
    let mut rows = vec![["SCRIPT".to_string(), "PRINTS WITH".to_string()]];
    for (script, sample, package) in SCRIPT_SAMPLES {
        let face = sample
            .chars()
            .map(|c| book.face_for(Style::REGULAR, c))
            .collect::<Option<Vec<_>>>()
            .and_then(|faces| faces.first().copied())
            .and_then(|f| book.loaded(f));
        rows.push([
            script.to_string(),
            face.map_or_else(
                || format!("no font found (Debian or Ubuntu: sudo apt install {package})"),
                |l| format!("{} ({})", l.data.family, origin(&l.data.origin)),
            ),
        ]);
    }
    table(&rows);
    say("");
    let mut rows = vec![[
        "FAMILY".to_string(),
        "SCRIPTS".to_string(),
        "FROM".to_string(),
    ]];
    for f in book.survey() {
        if f.scripts.is_empty() {
            continue;
        }
        rows.push([f.family, f.scripts.join(", "), origin(&f.origin)]);
    }
    table(&rows);
    Ok(Diagnostics::new())
}

/// Rows in columns two spaces apart.
fn table<const N: usize>(rows: &[[String; N]]) {
    let widths: Vec<usize> = (0..N)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < N {
                line.push_str(&" ".repeat(widths[c] - cell.chars().count() + 2));
            }
        }
        say(line.trim_end());
    }
}
