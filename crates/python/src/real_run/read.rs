//! The result line found in a run's output, read, and checked against the scenario it should be of.

use gil_sim::metrics::LatencyStats;
use gil_sim::time::{trimmed, Nanos};
use gil_sim::ScenarioSpec;

use super::result_json::ResultJson;
use crate::fingerprint::scenario_fingerprint;
use crate::result_line::{RESULT_FORMAT, RESULT_PREFIX};

/// A run of the program on a real machine, as its result line reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct RealRun {
    /// As Python spells it: "3.12.1".
    pub python: String,
    /// "CPython", "PyPy".
    pub implementation: String,
    /// Whether the GIL was on (a free-threaded build runs without it).
    pub gil: bool,
    pub cores: u32,
    pub wall: Nanos,
    /// When each worker finished, in the order of the names [`read_result`] was given.
    pub finished: Vec<Nanos>,
    /// How late each I/O of the main process's threads and tasks ran again.
    pub io_resume: LatencyStats,
}

/// Who reads the line, which decides what a message about a bad one asks them to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// The lab's "Compare with your machine", where the line is pasted under the program.
    Page,
    /// `gil-lab compare`, which reads a file the program's output was saved to.
    CommandLine,
}

impl Reader {
    /// Where the line was looked for, and what to give instead.
    fn no_line(self) -> &'static str {
        match self {
            Reader::Page => {
                "in what you pasted: paste the program's whole output, or its last line."
            }
            Reader::CommandLine => {
                "in the run's output: save the program's whole output, or its last line."
            }
        }
    }

    /// How to get a line in the format this reader reads.
    fn newer_program(self) -> &'static str {
        match self {
            Reader::Page => "run the program shown above, from this page.",
            Reader::CommandLine => "run the program that this gil-lab's `gil-lab python` writes.",
        }
    }

    /// How to get a line of the scenario compared.
    fn this_scenarios_program(self) -> &'static str {
        match self {
            Reader::Page => "Run the program shown above for this one.",
            Reader::CommandLine => "Run the program that `gil-lab python` writes for this one.",
        }
    }
}

/// The result line in `output`, after its prefix: the last one, when several runs were pasted.
pub fn result_line(output: &str) -> Option<&str> {
    output.lines().rev().find_map(|line| line.trim_start().strip_prefix(RESULT_PREFIX))
}

/// The result line's object, whose problems name the field.
struct Fields<J>(J);

impl<J: ResultJson> Fields<J> {
    fn get(&self, name: &str) -> Result<J, String> {
        self.0.field(name).ok_or_else(|| {
            format!(
                "The GIL-LAB-RESULT line has no {name}: copy all of the line, to its closing }}."
            )
        })
    }

    /// What `read` makes of the field, or that it should be `what`.
    fn read<T>(
        &self,
        name: &str,
        what: &str,
        read: impl FnOnce(J) -> Option<T>,
    ) -> Result<T, String> {
        read(self.get(name)?)
            .ok_or_else(|| format!("The GIL-LAB-RESULT line's {name} should be {what}."))
    }

    fn text(&self, name: &str) -> Result<String, String> {
        self.read(name, "text", |json| json.text())
    }

    fn milliseconds(&self, name: &str) -> Result<Nanos, String> {
        self.read(name, "milliseconds (a number, 0 or more)", |json| milliseconds(&json))
    }
}

/// Milliseconds from the line as nanoseconds, if they are a number that can be a duration.
fn milliseconds<J: ResultJson>(json: &J) -> Option<Nanos> {
    // `as` saturates: a duration past u64 nanoseconds (584 years) stays the longest one.
    json.number().filter(|ms| ms.is_finite() && *ms >= 0.0).map(|ms| (ms * 1e6).round() as Nanos)
}

/// The run that the result line in `output` reports, once checked against `spec`: the line's
/// format is the one this reader reads and its scenario is `spec`'s ([`scenario_fingerprint`]);
/// `workers` are the simulated workers' names, which the line must give a finish time each.
/// `parse` is the JSON parser, which says why a text is not JSON.
pub fn read_result<J: ResultJson>(
    output: &str,
    parse: impl FnOnce(&str) -> Result<J, String>,
    spec: &ScenarioSpec,
    workers: &[&str],
    reader: Reader,
) -> Result<RealRun, String> {
    let line = result_line(output).ok_or_else(|| {
        format!("There is no line starting with GIL-LAB-RESULT {}", reader.no_line())
    })?;
    let json = parse(line.trim())
        .map_err(|reason| format!("The GIL-LAB-RESULT line is not complete JSON ({reason}): copy all of the line, to its closing }}."))?;
    if !json.has_fields() {
        return Err(
            "The GIL-LAB-RESULT line should hold a JSON object, {…}: copy all of the line.".into(),
        );
    }
    let fields = Fields(json);
    check_origin(&fields, spec, reader)?;
    let finished = finish_times(&fields, workers)?;
    let io_resume = LatencyStats::of(io_resume(&fields)?);
    let cores = fields.read("cores", "a whole number of cores, 1 or more", |json| {
        json.number()
            .filter(|cores| cores.fract() == 0.0 && (1.0..=f64::from(u32::MAX)).contains(cores))
            .map(|cores| cores as u32)
    })?;
    Ok(RealRun {
        python: fields.text("python")?,
        implementation: fields.text("implementation")?,
        gil: fields.read("gil", "true or false", |json| json.boolean())?,
        cores,
        wall: fields.milliseconds("wall_ms")?,
        finished,
        io_resume,
    })
}

/// That the line is in the format this reader reads, and of `spec`'s program.
fn check_origin<J: ResultJson>(
    fields: &Fields<J>,
    spec: &ScenarioSpec,
    reader: Reader,
) -> Result<(), String> {
    let format = fields.read("format", "a number", |json| json.number())?;
    if format != f64::from(RESULT_FORMAT) {
        return Err(format!(
            "The GIL-LAB-RESULT line is in format {}, which this lab does not read: {}",
            trimmed(format, 3),
            reader.newer_program()
        ));
    }
    if fields.text("scenario")? != scenario_fingerprint(spec) {
        return Err(format!(
            "This result is from another scenario: its program ran other workers, or another switch interval. {}",
            reader.this_scenarios_program()
        ));
    }
    Ok(())
}

/// Each of `workers`' finish time, by name.
fn finish_times<J: ResultJson>(fields: &Fields<J>, workers: &[&str]) -> Result<Vec<Nanos>, String> {
    let finish = fields.read("finish_ms", "finish times by worker, {…}", |json| {
        json.has_fields().then_some(json)
    })?;
    workers
        .iter()
        .map(|name| {
            let time = finish.field(name).ok_or_else(|| format!("The GIL-LAB-RESULT line's finish_ms has no time for {name}."))?;
            milliseconds(&time)
                .ok_or_else(|| format!("The GIL-LAB-RESULT line's finish_ms for {name} should be milliseconds (a number, 0 or more)."))
        })
        .collect()
}

/// How late each measured I/O ran again.
fn io_resume<J: ResultJson>(fields: &Fields<J>) -> Result<Vec<Nanos>, String> {
    let samples = fields.read("io_resume_ms", "a list of milliseconds", |json| json.items())?;
    samples
        .iter()
        .enumerate()
        .map(|(index, sample)| {
            milliseconds(sample)
                .ok_or_else(|| format!("The GIL-LAB-RESULT line's io_resume_ms[{index}] should be milliseconds (a number, 0 or more)."))
        })
        .collect()
}
