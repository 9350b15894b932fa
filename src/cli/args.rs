//! The command line, as clap parses it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "gil-lab", version, about = "Simulate CPython's global interpreter lock on a scenario file")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a scenario (a TOML file, see docs/scenario-format.md) and report what happened.
    Run(RunArgs),
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The scenario file.
    pub file: PathBuf,
    /// Print the whole result as JSON (see docs/json-output.md) instead of the summary.
    #[arg(long)]
    pub json: bool,
    /// Also write the timeline as a Chrome trace-event file, for ui.perfetto.dev or chrome://tracing.
    #[arg(long, value_name = "OUT.json")]
    pub perfetto: Option<PathBuf>,
}
