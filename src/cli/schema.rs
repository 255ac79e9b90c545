//! `handout schema`: the JSON Schema of a file format, for editors that
//! complete keys and flag a misspelt one while typing (Taplo, and Even
//! Better TOML in VS Code, which runs it). Made from the same shapes the
//! readers check files against ([`crate::shape`]).

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{Failure, output};
use crate::diag::Diagnostics;
use crate::shape::{self, Shape};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A lesson (`*.toml`).
    Lesson,
    /// A packet (`*.packet.toml`).
    Packet,
    /// A facility's local help file (`*.help.toml`).
    Help,
}

impl Format {
    fn shape(self) -> &'static Shape {
        match self {
            Format::Lesson => &crate::lesson::SHAPE,
            Format::Packet => &crate::packet::SHAPE,
            Format::Help => &crate::help::LOCAL_HELP_FILE,
        }
    }
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which file format to describe.
    #[arg(value_enum, default_value_t = Format::Lesson)]
    pub format: Format,
    /// Write the schema to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// A schema holds no client's details: a file of it is readable by all,
/// like any other file an editor is pointed at.
const SCHEMA_MODE: u32 = 0o644;

pub fn execute(args: SchemaArgs) -> Result<Diagnostics, Failure> {
    let schema = shape::json_schema(args.format.shape());
    let mut text = serde_json::to_string_pretty(&schema).expect("a JSON value always prints");
    text.push('\n');
    let path = args.output.unwrap_or_else(|| PathBuf::from("-"));
    output::write(&path, text.as_bytes(), SCHEMA_MODE)?;
    Ok(Diagnostics::new())
}
