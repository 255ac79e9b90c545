//! `handout check`: validate lesson files and report everything found, for
//! authors fixing a file and for CI.

use clap::Args;

use super::{Failure, load_lesson, print_diagnostics};
use crate::diag::{Diagnostic, Diagnostics};
use crate::fonts::FontBook;
use crate::layout::{self, Options, Paper};
use crate::worksheet::{Header, personalize};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Lesson files (or built-in lesson ids) to check.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<String>,
}

pub fn execute(args: CheckArgs) -> Result<Diagnostics, Failure> {
    let mut errors = 0;
    let mut warnings = 0;
    let mut worst = 0u8;
    for file in &args.files {
        let found = match load_lesson(file) {
            Ok((lesson, mut diags)) => {
                // Lay it out too: some problems (a tracker too wide for the
                // page) only show there. Each problem is reported once, with
                // the sizes it shows at.
                let ws = personalize(&lesson, None, Header::default());
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
                for (message, sizes) in found {
                    diags.push(Diagnostic::error(format!(
                        "{file}: {message} (at {})",
                        sizes.join(", ")
                    )));
                }
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
