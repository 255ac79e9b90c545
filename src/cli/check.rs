//! `handout check`: validate lessons, packets and rosters and report
//! everything found, for authors fixing a file and for CI.

use std::path::Path;

use clap::Args;

use super::build::today;
use super::inputs::{Loader, read_inputs};
use super::{Failure, load_lesson, print_diagnostics, read_file};
use crate::diag::{Diagnostic, Diagnostics};
use crate::fonts::FontBook;
use crate::layout::{self, Options, Paper};
use crate::lesson::Lesson;
use crate::packet::is_packet_path;
use crate::roster;
use crate::worksheet::{Header, personalize};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Lesson files (or built-in lesson ids), `.packet.toml` files and
    /// roster `.csv` files to check.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<String>,
}

pub fn execute(args: CheckArgs) -> Result<Diagnostics, Failure> {
    let mut errors = 0;
    let mut warnings = 0;
    let mut worst = 0u8;
    for file in &args.files {
        let found = match check_one(file) {
            Ok(diags) => {
                if !diags.has_errors() {
                    println!("{file}: ok");
                }
                diags
            }
            Err(f) => {
                worst = worst.max(f.code);
                f.diags
            }
        };
        errors += found.error_count();
        warnings += found.iter().filter(|d| !d.is_error()).count();
        print_diagnostics(&found);
    }
    let files = args.files.len();
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    eprintln!(
        "checked {}: {}, {}",
        plural(files, "file"),
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    if errors > 0 {
        // Everything is printed already; the failure carries only the code.
        Err(Failure {
            code: worst.max(1),
            diags: Diagnostics::new(),
        })
    } else {
        Ok(Diagnostics::new())
    }
}

/// Everything found in one file: warnings as `Ok`, errors as `Err`.
fn check_one(file: &str) -> Result<Diagnostics, Failure> {
    if is_packet_path(file) {
        // The packet, and every lesson it lists.
        let (inputs, mut diags) = read_inputs(&[file.to_string()])?;
        let lessons = Loader::default().load_all(&inputs.refs, None, &mut diags)?;
        for lesson in &lessons {
            diags.extend(layout_problems(lesson, &lesson.id));
        }
        Ok(diags)
    } else if file.ends_with(".csv") {
        let bytes = read_file(Path::new(file))?;
        roster::load_bytes(file, &bytes, today(), FontBook::bundled())
            .map(|(_, w)| w)
            .map_err(Failure::invalid)
    } else {
        let (lesson, mut diags) = load_lesson(file)?;
        diags.extend(layout_problems(&lesson, file));
        Ok(diags)
    }
}

/// Problems only layout finds (a tracker too wide for the page), at every
/// paper size and print size, each reported once with the sizes it shows at.
fn layout_problems(lesson: &Lesson, name: &str) -> Diagnostics {
    let ws = personalize(lesson, None, Header::default());
    let mut found: Vec<(String, Vec<&str>)> = Vec::new();
    for (paper, large_print, size) in [
        (Paper::Letter, false, "Letter"),
        (Paper::A4, false, "A4"),
        (Paper::Letter, true, "Letter large print"),
        (Paper::A4, true, "A4 large print"),
    ] {
        let opts = Options { paper, large_print };
        if let Err(e) = layout::layout(&ws, &opts, FontBook::bundled()) {
            let message = e.to_string();
            match found.iter_mut().find(|(m, _)| *m == message) {
                Some((_, sizes)) => sizes.push(size),
                None => found.push((message, vec![size])),
            }
        }
    }
    Diagnostics(
        found
            .into_iter()
            .map(|(message, sizes)| {
                Diagnostic::error(format!("{name}: {message} (at {})", sizes.join(", ")))
            })
            .collect(),
    )
}
