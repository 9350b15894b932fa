//! The command line, as clap parses it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "gil-lab",
    version,
    about = "Simulate CPython's global interpreter lock on a scenario file"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a scenario (a TOML file, see docs/scenario-format.md) and report what happened.
    Run(RunArgs),
    /// Check lessons (a folder of lesson files, see docs/writing-lessons.md): every step runs, every
    /// prediction's answer holds in the simulation and no wrong choice does, every challenge can be
    /// met with its controls, and every Python snippet compiles with python3 (which must be on PATH
    /// unless --no-python is given).
    Check(CheckArgs),
    /// Run the validation suite (a folder like validation/, see docs/validation.md): each case's
    /// simulated figure against the real one; fails when a case is outside its band without a
    /// known_miss, or a known miss is within it.
    Validate(ValidateArgs),
    /// Print the lab link that opens a scenario file in the web app (docs/url-format.md).
    Url(UrlArgs),
    /// Print the runnable Python program that does what a scenario file simulates (the lab's
    /// Python panel): run it on a real machine, and its last line, GIL-LAB-RESULT, is for `compare`.
    Python(PythonArgs),
    /// Set a real run of the scenario's Python program (its output saved to a file, which holds its
    /// GIL-LAB-RESULT line) beside the simulation: wall time, each worker's finish, I/O latency.
    Compare(CompareArgs),
    /// Write each lesson step's text as an HTML fragment, `OUT/<slug>/<step>.html` (steps from 1), and
    /// its prediction's explanation as `OUT/<slug>/<step>-why.html`, which the web app loads when it
    /// shows them; the web build runs this (Trunk.toml).
    ExportLessons(ExportArgs),
    /// Write one HTML file per page of the web app at its address (docs/url-format.md), each the
    /// app's DIST/index.html reaching up to the app's folder from its depth, and DIST/pages.json
    /// listing them; the web build runs this (Trunk.toml).
    WritePages(PagesArgs),
}

#[derive(Debug, Args)]
pub struct PagesArgs {
    /// The folder of lesson files: a page for each of their steps.
    #[arg(default_value = "content")]
    pub folder: PathBuf,
    /// The built app, whose index.html is every page's.
    #[arg(long, value_name = "DIR")]
    pub dist: PathBuf,
    /// Where the site is served (`https://you.github.io/gil-lab/`): each page's canonical address,
    /// and sitemap.xml.
    #[arg(long, value_name = "URL")]
    pub site: Option<String>,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The validation folder.
    #[arg(default_value = "validation")]
    pub folder: PathBuf,
    /// Print the table of docs/validation.md instead of one line per case.
    #[arg(long)]
    pub markdown: bool,
    /// Also write the page fidelity/ shows, as an HTML fragment (the web build does this).
    #[arg(long, value_name = "OUT.html")]
    pub html: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct UrlArgs {
    /// The scenario file.
    pub file: PathBuf,
    /// The address of the page the link opens (where dist/ is served).
    #[arg(long, value_name = "URL", default_value = "http://127.0.0.1:8080/")]
    pub base: String,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The folder of lesson files.
    #[arg(default_value = "content")]
    pub folder: PathBuf,
    /// Where to write the fragments.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The folder of lesson files.
    #[arg(default_value = "content")]
    pub folder: PathBuf,
    /// Do not compile the Python snippets (then python3 is not needed).
    #[arg(long)]
    pub no_python: bool,
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

#[derive(Debug, Args)]
pub struct PythonArgs {
    /// The scenario file.
    pub file: PathBuf,
    /// The Python the program targets (3.9, 3.13t, 2.7, …); the scenario's own by default.
    #[arg(long, value_name = "VERSION")]
    pub version: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The scenario file.
    pub file: PathBuf,
    /// What a run of the scenario's program printed (the whole output, or its last line).
    pub result: PathBuf,
    /// Simulate on this Python (the one the program ran on) instead of the scenario's own.
    #[arg(long, value_name = "VERSION")]
    pub version: Option<String>,
}
