//! From a scenario file to a finished simulation.

use std::path::Path;

use super::error::CliError;
use gil_sim::{simulate, Scenario, ScenarioSpec, Trace};

/// A simulated scenario: the file as written, what it was checked into, and what happened.
pub struct SimulatedFile {
    pub spec: ScenarioSpec,
    pub scenario: Scenario,
    pub trace: Trace,
}

/// The file as written, and the scenario it was checked into.
pub fn load_and_check(file: &Path) -> Result<(ScenarioSpec, Scenario), CliError> {
    let text = std::fs::read_to_string(file)
        .map_err(|error| CliError::Read { file: file.to_path_buf(), error })?;
    let spec: ScenarioSpec = toml::from_str(&text)
        .map_err(|error| CliError::Toml { file: file.to_path_buf(), error })?;
    let scenario = Scenario::from_spec(&spec)
        .map_err(|error| CliError::Scenario { file: file.to_path_buf(), error })?;
    Ok((spec, scenario))
}

pub fn load_and_simulate(file: &Path) -> Result<SimulatedFile, CliError> {
    let (spec, scenario) = load_and_check(file)?;
    let trace = simulate(&scenario)
        .map_err(|error| CliError::Simulation { file: file.to_path_buf(), error })?;
    Ok(SimulatedFile { spec, scenario, trace })
}
