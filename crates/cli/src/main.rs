//! The `gil-lab` command line: `gil-lab run FILE.toml [--json] [--perfetto OUT.json]`,
//! `gil-lab url FILE.toml [--base URL]`, `gil-lab python FILE.toml [--version V]`,
//! `gil-lab compare FILE.toml RESULT.txt [--version V]`, `gil-lab check [FOLDER] [--no-python]`,
//! `gil-lab validate [FOLDER] [--markdown] [--html OUT]`, `gil-lab export-lessons [FOLDER] --out DIR`
//! and `gil-lab write-pages [FOLDER] --dist DIR`.
//!
//! Everything is rendered into a string before anything is printed, so a bad scenario never
//! leaves half a report on stdout.

mod args;
mod check_command;
mod error;
mod export;
mod json;
mod page_head;
mod pages;
mod python;
mod scenario_file;
mod sitemap;
mod summary;
mod table;
mod text_timeline;
mod validate;

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command, RunArgs, UrlArgs};
use error::CliError;

use gil_link::address::LAB;
use gil_sim::chrome_trace::write_chrome_trace;
use gil_sim::Trace;

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Run(args) => run(args),
        Command::Url(args) => url(args),
        Command::Python(args) => python::program(&args.file, args.version.as_deref()),
        Command::Compare(args) => {
            python::compare_run(&args.file, &args.result, args.version.as_deref())
        }
        Command::Check(args) => return check_command::main(&args.folder, !args.no_python),
        Command::Validate(args) => {
            return validate::main(&args.folder, args.markdown, args.html.as_deref())
        }
        Command::ExportLessons(args) => return export::main(&args.folder, &args.out),
        Command::WritePages(args) => {
            return pages::main(&args.folder, &args.dist, args.site.as_deref())
        }
    };
    match result.and_then(|output| print(&output).map_err(CliError::Stdout)) {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stops early (`gil-lab run … | head`) is not an error.
        Err(CliError::Stdout(error)) if error.kind() == io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(error) => {
            // Nothing more can be done if stderr is gone too.
            let _ = writeln!(io::stderr(), "error: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}

/// Simulates the scenario and returns what goes to stdout, writing the Chrome trace on the way.
fn run(args: &RunArgs) -> Result<String, CliError> {
    let run = scenario_file::load_and_simulate(&args.file)?;
    if let Some(file) = &args.perfetto {
        write_trace_file(&run.trace, file)
            .map_err(|error| CliError::Write { file: file.clone(), error })?;
    }
    if args.json {
        return json::render(&run).map_err(CliError::Encode);
    }
    let mut output = summary::render(&run, &args.file);
    output.push('\n');
    output.push_str(&text_timeline::render(&run.trace));
    if let Some(file) = &args.perfetto {
        output.push_str(&format!(
            "\nChrome trace written to {}: open it in ui.perfetto.dev or chrome://tracing.\n",
            file.display()
        ));
    }
    Ok(output)
}

/// The lab link of a scenario file, checked first, so a link never opens a scenario that cannot run.
fn url(args: &UrlArgs) -> Result<String, CliError> {
    let spec = scenario_file::load_and_check(&args.file)?.0;
    let base = args.base.split('#').next().unwrap_or_default();
    let base = if base.ends_with('/') { base.to_string() } else { format!("{base}/") };
    let lab = gil_link::address::with_query(LAB, &gil_link::query::write(&spec));
    Ok(format!("{base}{lab}\n"))
}

fn write_trace_file(trace: &Trace, file: &Path) -> io::Result<()> {
    let mut writer = BufWriter::new(File::create(file)?);
    write_chrome_trace(trace, &mut writer)?;
    writer.flush()
}

fn print(output: &str) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(output.as_bytes())?;
    stdout.flush()
}
