//! `handout serve`: the web app on this computer (see [`crate::serve`]).

use std::path::PathBuf;

use clap::Args;

use super::{Failure, io_reason};
use crate::diag::{Diagnostic, Diagnostics};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The port to listen on, on 127.0.0.1 only; 0 picks a free one.
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Open the app in the default browser.
    #[arg(long)]
    pub open: bool,
    /// A folder of the facility's own lesson files, shown beside the
    /// built-in lessons.
    #[arg(long, value_name = "DIR")]
    pub lessons: Option<PathBuf>,
}

pub fn execute(args: ServeArgs) -> Result<Diagnostics, Failure> {
    if let Some(dir) = &args.lessons
        && !dir.is_dir()
    {
        return Err(Failure::usage(
            Diagnostic::error(format!("--lessons {} is not a folder", dir.display()))
                .hint("give the folder that holds your lesson .toml files"),
        ));
    }
    let held_bytes =
        crate::serve::held_bytes_from_env().map_err(|e| Failure::usage(Diagnostic::error(e)))?;
    crate::serve::run(crate::serve::Options {
        port: args.port,
        lessons_dir: args.lessons,
        open: args.open,
        held_bytes,
    })
    .map_err(|e| {
        Failure::usage(
            Diagnostic::error(format!("cannot serve on port {}: {}", args.port, io_reason(&e)))
                .hint("another program may be using that port; try --port 8081, or --port 0 for any free one"),
        )
    })?;
    Ok(Diagnostics::new())
}
