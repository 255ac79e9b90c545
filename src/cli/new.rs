//! `handout new`: a commented lesson skeleton to start from, which passes
//! `handout check` as written.

use std::path::PathBuf;

use clap::Args;

use super::{Failure, io_reason};
use crate::diag::{Diagnostic, Diagnostics};

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The lesson's title ("Coping with stress"), or a file path ending in .toml.
    #[arg(value_name = "NAME")]
    pub name: String,
}

pub fn execute(args: NewArgs) -> Result<Diagnostics, Failure> {
    let (path, title) = if args.name.ends_with(".toml") {
        let path = PathBuf::from(&args.name);
        let stem = crate::library::stem(&path);
        let title = stem.replace(['-', '_'], " ");
        (path, capitalize(&title))
    } else {
        (
            PathBuf::from(crate::library::file_name_for(&args.name)),
            args.name.trim().to_string(),
        )
    };
    if path.exists() {
        return Err(Failure::usage(
            Diagnostic::error(format!("{} already exists", path.display()))
                .hint("pick another name, or remove the file first"),
        ));
    }
    let text = crate::library::skeleton(&title, &path.display().to_string());
    std::fs::write(&path, text).map_err(|e| {
        Failure::usage(Diagnostic::error(format!(
            "cannot write {}: {}",
            path.display(),
            io_reason(&e)
        )))
    })?;
    eprintln!(
        "wrote {0}; edit it, then run `handout check {0}`",
        path.display()
    );
    Ok(Diagnostics::new())
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
