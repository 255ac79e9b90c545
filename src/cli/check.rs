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
                // page) only show there. Both paper sizes and large print.
                let ws = personalize(&lesson, None, Header::default());
                for paper in [Paper::Letter, Paper::A4] {
                    for large_print in [false, true] {
                        let opts = Options { paper, large_print };
                        if let Err(e) = layout::layout(&ws, &opts, FontBook::bundled()) {
                            let size = if paper == Paper::A4 { "A4" } else { "Letter" };
                            let large = if large_print { ", large print" } else { "" };
                            diags.push(Diagnostic::error(format!("{file} ({size}{large}): {e}")));
                        }
                    }
                }
                // The same layout problem shows at several sizes; say it once
                // per size, which is what the author needs to know.
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
