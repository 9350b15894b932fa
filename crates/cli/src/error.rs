//! Everything that can stop a run, worded for the person who wrote the scenario.

use std::fmt;
use std::io;
use std::path::PathBuf;

use gil_sim::python::PythonVersion;
use gil_sim::{ScenarioError, SimError};

#[derive(Debug)]
pub enum CliError {
    Read {
        file: PathBuf,
        error: io::Error,
    },
    /// TOML syntax errors and fields that are unknown or of the wrong type; toml's message names the line.
    Toml {
        file: PathBuf,
        error: toml::de::Error,
    },
    Scenario {
        file: PathBuf,
        error: ScenarioError,
    },
    Simulation {
        file: PathBuf,
        error: SimError,
    },
    Write {
        file: PathBuf,
        error: io::Error,
    },
    /// A `--version` the simulator does not know.
    Version(String),
    /// A run's output without a result line the scenario's can be, and why.
    Result {
        file: PathBuf,
        message: String,
    },
    Stdout(io::Error),
    Encode(serde_json::Error),
}

impl CliError {
    /// 2 for anything wrong with the input, as for usage errors; 1 when the output cannot be produced.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Write { .. } | CliError::Stdout(_) | CliError::Encode(_) => 1,
            _ => 2,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Read { file, error } => write!(f, "cannot read {}: {error}", file.display()),
            CliError::Toml { file, error } => write!(
                f,
                "{} is not a valid scenario: {}",
                file.display(),
                error.to_string().trim_end()
            ),
            CliError::Scenario { file, error } => write!(f, "{}: {error}", file.display()),
            CliError::Simulation { file, error } => write!(f, "{}: {error}", file.display()),
            CliError::Write { file, error } => {
                write!(f, "cannot write {}: {error}", file.display())
            }
            CliError::Version(version) => {
                write!(
                    f,
                    "--version {version} is not a Python version the simulator knows; allowed: {}",
                    PythonVersion::ALLOWED
                )
            }
            CliError::Result { file, message } => write!(f, "{}: {message}", file.display()),
            CliError::Stdout(error) => write!(f, "cannot write to standard output: {error}"),
            CliError::Encode(error) => write!(f, "cannot encode the result as JSON: {error}"),
        }
    }
}

impl std::error::Error for CliError {}
