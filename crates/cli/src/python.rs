//! `gil-lab python` and `gil-lab compare`: a scenario's runnable Python program (gil-python's), and
//! the `GIL-LAB-RESULT` line a run of it printed set beside the simulation, as the lab's "Compare
//! with your machine" table shows it.

use std::path::Path;

use gil_python::python_program;
use gil_python::real_run::{compare, Comparison, Difference, Reader};
use gil_sim::python::PythonVersion;
use gil_sim::scenario::MAX_CORES;
use gil_sim::{simulate, Scenario, ScenarioSpec};
use serde_json::Value;

use super::error::CliError;
use super::scenario_file::load_and_check;
use super::table::{Align, Table};

/// The scenario file, on `version` when one is given, checked.
fn scenario_on(file: &Path, version: Option<&str>) -> Result<(ScenarioSpec, Scenario), CliError> {
    let (mut spec, scenario) = load_and_check(file)?;
    let Some(version) = version else { return Ok((spec, scenario)) };
    if PythonVersion::parse(version).is_none() {
        return Err(CliError::Version(version.to_string()));
    }
    spec.python = version.to_string();
    let scenario = Scenario::from_spec(&spec)
        .map_err(|error| CliError::Scenario { file: file.to_path_buf(), error })?;
    Ok((spec, scenario))
}

/// The program of the scenario in `file`, for `version` or the scenario's own Python.
pub fn program(file: &Path, version: Option<&str>) -> Result<String, CliError> {
    let (spec, _) = scenario_on(file, version)?;
    let lab = gil_link::address::with_query(gil_link::address::LAB, &gil_link::query::write(&spec));
    Ok(python_program(&spec, &lab))
}

/// The run whose output is in `result` beside the simulation of the scenario in `file`.
pub fn compare_run(file: &Path, result: &Path, version: Option<&str>) -> Result<String, CliError> {
    let (spec, scenario) = scenario_on(file, version)?;
    let trace = simulate(&scenario)
        .map_err(|error| CliError::Simulation { file: file.to_path_buf(), error })?;
    let output = std::fs::read_to_string(result)
        .map_err(|error| CliError::Read { file: result.to_path_buf(), error })?;
    let parse =
        |text: &str| serde_json::from_str::<Value>(text).map_err(|problem| problem.to_string());
    let compared = compare(&output, parse, &spec, &trace, Reader::CommandLine)
        .map_err(|message| CliError::Result { file: result.to_path_buf(), message })?;
    Ok(render(&compared, file))
}

/// The comparison as the lab's table shows it, and what differs between the two setups.
fn render(compared: &Comparison, file: &Path) -> String {
    let mut output = format!(
        "Your run ({}) beside the simulation of {}\n\n",
        compared.run.machine(),
        file.display()
    );
    let mut table = Table::new(&[Align::Left, Align::Right, Align::Right, Align::Right]);
    table.row(["Measure", "Simulated", "Your machine", "Yours ÷ simulated"]);
    for row in &compared.rows {
        table.row([row.what.as_str(), &row.simulated, &row.real, &row.ratio]);
    }
    output.push_str(&table.render(2));
    if !compared.differences.is_empty() {
        output.push_str("\nThe setups differ:\n");
        for difference in &compared.differences {
            output.push_str(&format!("  - {}\n", with_advice(difference)));
        }
    }
    output.push_str("\nI/O is timed in the main process's threads and tasks only: a process or a subinterpreter keeps its own memory.\n");
    output
}

/// A difference, and how to compare like with like on the command line.
fn with_advice(difference: &Difference) -> String {
    let advice = match difference {
        Difference::Implementation(_) => None,
        Difference::Python { ran, .. } => PythonVersion::parse(ran)
            .map(|_| format!(" Add --version {ran} to simulate the Python you ran.")),
        Difference::Cores { ran, .. } => (*ran <= MAX_CORES)
            .then(|| format!(" Set cores = {ran} in the scenario file to compare like with like.")),
    };
    format!("{}{}", difference.sentence(), advice.unwrap_or_default())
}
