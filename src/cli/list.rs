//! `handout list`: the built-in lessons, so a clinician can pick a lesson,
//! its language and its scenarios without opening files.

use super::{Failure, say};
use crate::diag::{Diagnostic, Diagnostics};
use crate::fonts::FontBook;
use crate::layout::{self, Options};
use crate::lesson;
use crate::library::{builtin_ids, builtins, find_builtin};
use crate::worksheet::{Header, personalize};

/// `handout list [--topic T]`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only the lessons filed under this topic (`safety`, `"substance use"`).
    #[arg(long, value_name = "TOPIC")]
    pub topic: Option<String>,
}

/// The lessons grouped by topic, the library's topics first in their
/// order: a lesson is listed under each of its topics, so whoever looks
/// under "safety" finds every lesson on it. Lessons with no topic come
/// last, under "other".
pub fn execute(args: ListArgs) -> Result<Diagnostics, Failure> {
    let book = FontBook::global();
    let mut lessons: Vec<(Vec<String>, [String; 5])> = Vec::new();
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
                let pages =
                    layout::layout(&ws, &Options::default(), book, &crate::cache::Cache::new())
                        .map_or_else(|_| "?".to_string(), |d| d.pages.len().to_string());
                lessons.push((
                    l.topics.clone(),
                    [
                        l.id.clone(),
                        l.title.to_plain(),
                        languages.join(", "),
                        pages,
                        l.scenario_ids().join(", "),
                    ],
                ));
            }
            Err(_) => lessons.push((
                Vec::new(),
                [
                    id.to_string(),
                    format!("(has errors: run `handout check {id}`)"),
                    languages.join(", "),
                    String::new(),
                    String::new(),
                ],
            )),
        }
    }
    let groups = by_topic(&lessons);
    let groups: Vec<_> = match &args.topic {
        None => groups,
        Some(want) => {
            let want = want.trim().to_lowercase();
            let found: Vec<_> = groups.into_iter().filter(|(t, _)| *t == want).collect();
            if found.is_empty() {
                let mut known: Vec<&str> = lesson::TOPICS.to_vec();
                for (topics, _) in &lessons {
                    for t in topics {
                        if !known.contains(&t.as_str()) {
                            known.push(t);
                        }
                    }
                }
                let hint = match crate::read::closest(&want, &known) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("topics are: {}", crate::read::list(&known)),
                };
                return Err(Failure::usage(
                    Diagnostic::error(format!("no lesson is filed under the topic `{want}`"))
                        .hint(hint),
                ));
            }
            found
        }
    };
    let header = [
        "ID".to_string(),
        "TITLE".to_string(),
        "LANGUAGES".to_string(),
        "PAGES".to_string(),
        "SCENARIOS".to_string(),
    ];
    let all: Vec<[String; 5]> = std::iter::once(header.clone())
        .chain(
            groups
                .iter()
                .flat_map(|(_, rows)| rows.iter().map(|r| (*r).clone())),
        )
        .collect();
    let widths = widths(&all);
    say(&row_line(&header, &widths));
    for (topic, rows) in &groups {
        say("");
        say(&format!("Topic: {topic}"));
        for r in rows {
            say(&row_line(r, &widths));
        }
    }
    Ok(Diagnostics::new())
}

/// Each topic with its lessons' rows: the library's topics in their
/// order, then any others alphabetically, then "other" for lessons with
/// none. A topic no lesson has is left out.
fn by_topic(lessons: &[(Vec<String>, [String; 5])]) -> Vec<(String, Vec<&[String; 5]>)> {
    let mut topics: Vec<String> = lesson::TOPICS.iter().map(|t| t.to_string()).collect();
    let mut others: Vec<String> = lessons
        .iter()
        .flat_map(|(t, _)| t.iter().cloned())
        .filter(|t| !topics.contains(t))
        .collect();
    others.sort();
    others.dedup();
    topics.extend(others);
    let mut out: Vec<(String, Vec<&[String; 5]>)> = topics
        .into_iter()
        .map(|topic| {
            let rows = lessons
                .iter()
                .filter(|(t, _)| t.contains(&topic))
                .map(|(_, r)| r)
                .collect();
            (topic, rows)
        })
        .collect();
    let untopical: Vec<_> = lessons
        .iter()
        .filter(|(t, _)| t.is_empty())
        .map(|(_, r)| r)
        .collect();
    out.push(("other".to_string(), untopical));
    out.retain(|(_, rows)| !rows.is_empty());
    out
}

/// `handout fonts`: which font prints each script, then every family found
/// and the scripts it covers.
pub fn fonts() -> Result<Diagnostics, Failure> {
    use crate::fonts::Origin;
    use crate::layout::Metrics;
    use crate::text::SCRIPT_SAMPLES;
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

/// Each column's width: its widest cell.
fn widths<const N: usize>(rows: &[[String; N]]) -> Vec<usize> {
    (0..N)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect()
}

/// One row, its cells two spaces past the widest in each column.
fn row_line<const N: usize>(row: &[String; N], widths: &[usize]) -> String {
    let mut line = String::new();
    for (c, cell) in row.iter().enumerate() {
        line.push_str(cell);
        if c + 1 < N {
            line.push_str(&" ".repeat(widths[c] - cell.chars().count() + 2));
        }
    }
    line.trim_end().to_string()
}

/// Rows in columns two spaces apart.
fn table<const N: usize>(rows: &[[String; N]]) {
    let widths = widths(rows);
    for row in rows {
        say(&row_line(row, &widths));
    }
}
