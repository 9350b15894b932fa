//! A real run beside the simulation: the machine that ran it, what differs between the two setups,
//! and the table of real against simulated figures.

use gil_sim::time::{fixed, format_duration, Nanos};
use gil_sim::{ScenarioSpec, Trace};

use super::read::{read_result, Reader, RealRun};
use super::result_json::ResultJson;

impl RealRun {
    /// The Python that ran, as the simulator spells versions: "3.12", or "3.13t" without the GIL.
    pub fn version(&self) -> String {
        let mut numbers = self.python.split('.');
        let (major, minor) =
            (numbers.next().unwrap_or_default(), numbers.next().unwrap_or_default());
        format!("{major}.{minor}{}", if self.gil { "" } else { "t" })
    }

    /// How the run's setup differs from the simulated one; none when they match.
    pub fn differences(&self, spec: &ScenarioSpec) -> Vec<Difference> {
        let mut differences = Vec::new();
        if self.implementation != "CPython" {
            differences.push(Difference::Implementation(self.implementation.clone()));
        }
        let version = self.version();
        if version != spec.python {
            differences.push(Difference::Python { ran: version, simulated: spec.python.clone() });
        }
        if self.cores != spec.cores {
            differences.push(Difference::Cores { ran: self.cores, simulated: spec.cores });
        }
        differences
    }

    /// The table's rows: the wall time, each worker's finish, and the I/O resume latency when the
    /// run measured any.
    pub fn rows(&self, trace: &Trace) -> Vec<Row> {
        let metrics = &trace.metrics;
        let mut rows = vec![Row::of("Wall time", metrics.makespan, self.wall)];
        for (worker, finished) in metrics.workers.iter().zip(&self.finished) {
            rows.push(Row::of(&format!("{} finished", worker.name), worker.finished_at, *finished));
        }
        if self.io_resume.count > 0 {
            rows.push(Row::of("I/O resume latency p50", metrics.io_resume.p50, self.io_resume.p50));
            rows.push(Row::of("I/O resume latency p99", metrics.io_resume.p99, self.io_resume.p99));
        }
        rows
    }

    /// The Python and the machine that ran: "CPython 3.12.1 on 8 cores".
    pub fn machine(&self) -> String {
        format!("{} {} on {}", self.implementation, self.python, cores(self.cores))
    }
}

/// Something the run's setup has that the simulation's does not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// Not CPython: "PyPy".
    Implementation(String),
    /// Another Python, each as the simulator spells versions ("3.13t").
    Python {
        ran: String,
        simulated: String,
    },
    Cores {
        ran: u32,
        simulated: u32,
    },
}

impl Difference {
    /// The difference in a sentence, without advice on what to do about it (each reader has its own).
    pub fn sentence(&self) -> String {
        match self {
            Difference::Implementation(implementation) => {
                format!("You ran {implementation}; the simulator models CPython.")
            }
            Difference::Python { ran, simulated } => {
                format!("You ran Python {ran}; the simulation is of Python {simulated}.")
            }
            Difference::Cores { ran, simulated } => {
                format!(
                    "Your run could use {}; the simulation has {}.",
                    cores(*ran),
                    cores(*simulated)
                )
            }
        }
    }
}

fn cores(count: u32) -> String {
    format!("{count} {}", if count == 1 { "core" } else { "cores" })
}

/// One line of the table: what, the simulated and the real figure, and the real one's ratio to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub what: String,
    pub simulated: String,
    pub real: String,
    pub ratio: String,
}

impl Row {
    fn of(what: &str, simulated: Nanos, real: Nanos) -> Row {
        let ratio = if simulated == 0 {
            "–".to_string()
        } else {
            format!("{}×", fixed(real as f64 / simulated as f64, 2))
        };
        Row {
            what: what.to_string(),
            simulated: format_duration(simulated),
            real: format_duration(real),
            ratio,
        }
    }
}

/// A real run set beside the simulation of its scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub run: RealRun,
    pub differences: Vec<Difference>,
    pub rows: Vec<Row>,
}

/// The result line in `output` beside `trace`, the simulation of `spec`; or what is wrong with it.
pub fn compare<J: ResultJson>(
    output: &str,
    parse: impl FnOnce(&str) -> Result<J, String>,
    spec: &ScenarioSpec,
    trace: &Trace,
    reader: Reader,
) -> Result<Comparison, String> {
    let workers: Vec<&str> =
        trace.metrics.workers.iter().map(|worker| worker.name.as_str()).collect();
    let run = read_result(output, parse, spec, &workers, reader)?;
    Ok(Comparison { differences: run.differences(spec), rows: run.rows(trace), run })
}
