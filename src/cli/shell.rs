//! The shell's conventions: a completion script for each shell and a
//! manual page, both made from the same definition the command line is
//! parsed with, so they can't fall behind it.

use std::io::Write;

use clap::CommandFactory;

use super::{Cli, Failure};
use crate::diag::{Diagnostic, Diagnostics};

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Write `shell`'s completion script to standard output, to save where the
/// shell loads completions from (the README says where).
pub fn completions(args: CompletionsArgs) -> Result<Diagnostics, Failure> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "handout", &mut script);
    written(std::io::stdout().write_all(&script))
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// A command's own page (`handout man batch` is handout-batch(1));
    /// without one, handout(1).
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

/// Write a manual page in roff to standard output: `man -l -` shows it,
/// or save it as `handout.1` (`handout-batch.1`) in a `man1` folder.
pub fn man(args: ManArgs) -> Result<Diagnostics, Failure> {
    let mut command = Cli::command();
    // Built, each command knows its page's name (`handout-batch`).
    command.build();
    let page_of = match &args.command {
        None => command,
        Some(name) => match command.find_subcommand(name) {
            Some(sub) => sub.clone(),
            None => {
                let names: Vec<&str> = command
                    .get_subcommands()
                    .map(|c| c.get_name())
                    .filter(|n| *n != "help")
                    .collect();
                return Err(Failure::usage(
                    Diagnostic::error(format!("there is no command `{name}`"))
                        .hint(format!("the commands: {}", names.join(", "))),
                ));
            }
        },
    };
    let mut page = Vec::new();
    let rendered = clap_mangen::Man::new(page_of).render(&mut page);
    written(rendered.and_then(|()| std::io::stdout().write_all(&page)))
}

fn written(result: std::io::Result<()>) -> Result<Diagnostics, Failure> {
    result.map(|()| Diagnostics::new()).map_err(|e| {
        Failure::usage(Diagnostic::error(format!(
            "could not write to standard output: {e}"
        )))
    })
}
