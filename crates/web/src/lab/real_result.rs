//! The line a run of the lab's Python program ends with, `GIL-LAB-RESULT {…}`
//! ([`python_code`](crate::python_code)), read from whatever a learner pastes and set beside the
//! simulation: a table of real against simulated figures, what differs between the two setups, and
//! a mark on each worker's lane where it finished for real.
//!
//! Pure, and tested natively: the JSON comes through gil-lessons' [`JsonValue`], the browser's own
//! parser in the page and serde_json in the tests. Whatever is pasted, the answer is a comparison or
//! a message in words that names what is wrong.

use gil_lessons::lesson_file::read::JsonValue;
use gil_lessons::limits::PAGE_MAX_CORES;
use gil_sim::metrics::LatencyStats;
use gil_sim::python::PythonVersion;
use gil_sim::time::{fixed, format_duration, trimmed, Nanos};
use gil_sim::{ScenarioSpec, Trace};

use crate::python_code::{scenario_fingerprint, RESULT_FORMAT, RESULT_PREFIX};
use crate::timeline::LaneMark;

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

/// The result line in `pasted`, after its prefix: the last one, when several runs were pasted.
pub fn result_line(pasted: &str) -> Option<&str> {
    pasted.lines().rev().find_map(|line| line.trim_start().strip_prefix(RESULT_PREFIX))
}

/// The result line's object, whose problems name the field.
struct Fields<J>(J);

impl<J: JsonValue> Fields<J> {
    fn get(&self, name: &str) -> Result<J, String> {
        self.0.field(name).ok_or_else(|| format!("The GIL-LAB-RESULT line has no {name}: copy all of the line, to its closing }}."))
    }

    /// What `read` makes of the field, or that it should be `what`.
    fn read<T>(&self, name: &str, what: &str, read: impl FnOnce(J) -> Option<T>) -> Result<T, String> {
        read(self.get(name)?).ok_or_else(|| format!("The GIL-LAB-RESULT line's {name} should be {what}."))
    }

    fn text(&self, name: &str) -> Result<String, String> {
        self.read(name, "text", |json| json.text())
    }

    fn milliseconds(&self, name: &str) -> Result<Nanos, String> {
        self.read(name, "milliseconds (a number, 0 or more)", |json| milliseconds(&json))
    }
}

/// Milliseconds from the line as nanoseconds, if they are a number that can be a duration.
fn milliseconds<J: JsonValue>(json: &J) -> Option<Nanos> {
    // `as` saturates: a duration past u64 nanoseconds (584 years) stays the longest one.
    json.number().filter(|ms| ms.is_finite() && *ms >= 0.0).map(|ms| (ms * 1e6).round() as Nanos)
}

/// The run that the result line in `pasted` reports, once checked against `spec`: the line's format
/// is the one this lab reads and its scenario is `spec`'s ([`scenario_fingerprint`]); `workers` are
/// the simulated workers' names, which the line must give a finish time each. `parse` is the JSON
/// parser, which says why a text is not JSON.
pub fn read_result<J: JsonValue>(
    pasted: &str,
    parse: impl FnOnce(&str) -> Result<J, String>,
    spec: &ScenarioSpec,
    workers: &[&str],
) -> Result<RealRun, String> {
    let line = result_line(pasted)
        .ok_or("There is no line starting with GIL-LAB-RESULT in what you pasted: paste the program's whole output, or its last line.")?;
    let json = parse(line.trim())
        .map_err(|reason| format!("The GIL-LAB-RESULT line is not complete JSON ({reason}): copy all of the line, to its closing }}."))?;
    if !json.has_fields() {
        return Err("The GIL-LAB-RESULT line should hold a JSON object, {…}: copy all of the line.".into());
    }
    let fields = Fields(json);
    let format = fields.read("format", "a number", |json| json.number())?;
    if format != f64::from(RESULT_FORMAT) {
        return Err(format!(
            "The GIL-LAB-RESULT line is in format {}, which this lab does not read: run the program shown above, from this page.",
            trimmed(format, 3)
        ));
    }
    if fields.text("scenario")? != scenario_fingerprint(spec) {
        return Err("This result is from another scenario: its program ran other workers, or another switch interval. \
                    Run the program shown above for this one."
            .into());
    }
    let finish = fields.read("finish_ms", "finish times by worker, {…}", |json| json.has_fields().then_some(json))?;
    let finished = workers
        .iter()
        .map(|name| {
            let time = finish.field(name).ok_or_else(|| format!("The GIL-LAB-RESULT line's finish_ms has no time for {name}."))?;
            milliseconds(&time)
                .ok_or_else(|| format!("The GIL-LAB-RESULT line's finish_ms for {name} should be milliseconds (a number, 0 or more)."))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let samples = fields.read("io_resume_ms", "a list of milliseconds", |json| json.items())?;
    let io_resume = samples
        .iter()
        .enumerate()
        .map(|(index, sample)| {
            milliseconds(sample)
                .ok_or_else(|| format!("The GIL-LAB-RESULT line's io_resume_ms[{index}] should be milliseconds (a number, 0 or more)."))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let cores = fields.read("cores", "a whole number of cores, 1 or more", |json| {
        json.number().filter(|cores| cores.fract() == 0.0 && (1.0..=f64::from(u32::MAX)).contains(cores)).map(|cores| cores as u32)
    })?;
    Ok(RealRun {
        python: fields.text("python")?,
        implementation: fields.text("implementation")?,
        gil: fields.read("gil", "true or false", |json| json.boolean())?,
        cores,
        wall: fields.milliseconds("wall_ms")?,
        finished,
        io_resume: LatencyStats::of(io_resume),
    })
}

impl RealRun {
    /// The Python that ran, as the simulator spells versions: "3.12", or "3.13t" without the GIL.
    pub fn version(&self) -> String {
        let mut numbers = self.python.split('.');
        let (major, minor) = (numbers.next().unwrap_or_default(), numbers.next().unwrap_or_default());
        format!("{major}.{minor}{}", if self.gil { "" } else { "t" })
    }

    /// How the run's setup differs from the simulated one, each in a sentence; none when they match.
    pub fn differences(&self, spec: &ScenarioSpec) -> Vec<String> {
        let mut differences = Vec::new();
        if self.implementation != "CPython" {
            differences.push(format!("You ran {}; the simulator models CPython.", self.implementation));
        }
        let version = self.version();
        if version != spec.python {
            let advice = match PythonVersion::parse(&version) {
                Some(_) => format!(" Choose Python {version} above to compare like with like."),
                None => String::new(),
            };
            differences.push(format!("You ran Python {version}; the simulation is of Python {}.{advice}", spec.python));
        }
        if self.cores != spec.cores {
            let advice = if self.cores <= PAGE_MAX_CORES {
                format!(" Set Cores to {} above to compare like with like.", self.cores)
            } else {
                String::new()
            };
            differences.push(format!("Your run could use {}; the simulation has {}.{advice}", cores(self.cores), cores(spec.cores)));
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

    /// A mark on each worker's lane where it finished in the run.
    pub fn finish_marks(&self, trace: &Trace) -> Vec<LaneMark> {
        let workers = trace.metrics.workers.iter().zip(&self.finished);
        workers
            .map(|(worker, finished)| LaneMark {
                lane: worker.lane as usize,
                time: *finished,
                label: format!("{} finished at {} on your machine", worker.name, format_duration(*finished)),
            })
            .collect()
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
        let ratio = if simulated == 0 { "–".to_string() } else { format!("{}×", fixed(real as f64 / simulated as f64, 2)) };
        Row { what: what.to_string(), simulated: format_duration(simulated), real: format_duration(real), ratio }
    }
}

/// A pasted result set beside the simulation of `spec`.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The Python and the machine that ran: "CPython 3.12.1 on 8 cores".
    pub machine: String,
    pub differences: Vec<String>,
    pub rows: Vec<Row>,
    pub marks: Vec<LaneMark>,
}

/// The result line in `pasted` beside `trace`, the simulation of `spec`; or what is wrong with it.
pub fn compare<J: JsonValue>(
    pasted: &str,
    parse: impl FnOnce(&str) -> Result<J, String>,
    spec: &ScenarioSpec,
    trace: &Trace,
) -> Result<Comparison, String> {
    let workers: Vec<&str> = trace.metrics.workers.iter().map(|worker| worker.name.as_str()).collect();
    let run = read_result(pasted, parse, spec, &workers)?;
    Ok(Comparison {
        machine: format!("{} {} on {}", run.implementation, run.python, cores(run.cores)),
        differences: run.differences(spec),
        rows: run.rows(trace),
        marks: run.finish_marks(trace),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use gil_sim::time::MILLISECOND;
    use gil_sim::{simulate, Scenario};
    use serde_json::{json, Value};

    /// Two threads on two cores, each 10 ms of Python code and then a 1 ms wait.
    fn spec() -> ScenarioSpec {
        gil_link::query::read("v=2&py=3.12&c=2&w=thread,n=2:cpu+10ms;+io+1ms").0
    }

    fn trace(spec: &ScenarioSpec) -> Trace {
        simulate(&Scenario::from_spec(spec).expect("a valid scenario")).expect("it simulates")
    }

    /// What the program would print for `spec` on a 2-core machine with Python 3.12.
    fn result(spec: &ScenarioSpec) -> Value {
        json!({
            "format": 1, "scenario": scenario_fingerprint(spec), "python": "3.12.1", "implementation": "CPython", "gil": true,
            "cores": 2, "wall_ms": 30.5, "finish_ms": { "T1": 20.25, "T2": 30.0 }, "io_resume_ms": [0.05, 0.07, 5.1]
        })
    }

    fn line(result: &Value) -> String {
        format!("GIL-LAB-RESULT {result}")
    }

    fn serde_parse(text: &str) -> Result<Value, String> {
        serde_json::from_str(text).map_err(|problem| problem.to_string())
    }

    fn compared(pasted: &str, spec: &ScenarioSpec) -> Result<Comparison, String> {
        compare(pasted, serde_parse, spec, &trace(spec))
    }

    /// The problem with the line of `spec`'s result after `change`.
    fn problem(change: impl FnOnce(&mut Value)) -> String {
        let spec = spec();
        let mut changed = result(&spec);
        change(&mut changed);
        compared(&line(&changed), &spec).expect_err("a bad line")
    }

    #[test]
    fn a_good_line_is_set_beside_the_simulation() {
        let spec = spec();
        let trace = trace(&spec);
        let comparison = compared(&line(&result(&spec)), &spec).expect("a good line");
        assert_eq!(comparison.machine, "CPython 3.12.1 on 2 cores");
        assert_eq!(comparison.differences, Vec::<String>::new());
        let metrics = &trace.metrics;
        let whats: Vec<&str> = comparison.rows.iter().map(|row| row.what.as_str()).collect();
        assert_eq!(whats, ["Wall time", "T1 finished", "T2 finished", "I/O resume latency p50", "I/O resume latency p99"]);
        let wall = &comparison.rows[0];
        assert_eq!((wall.simulated.as_str(), wall.real.as_str()), (format_duration(metrics.makespan).as_str(), "30.5 ms"));
        assert_eq!(wall.ratio, format!("{}×", fixed(30.5 * MILLISECOND as f64 / metrics.makespan as f64, 2)));
        assert_eq!(comparison.rows[4].real, "5.10 ms", "p99 of three samples is the largest");
        assert_eq!(comparison.rows[3].real, "70.0 µs");
        let marks: Vec<(usize, Nanos)> = comparison.marks.iter().map(|mark| (mark.lane, mark.time)).collect();
        let lanes: Vec<usize> = metrics.workers.iter().map(|worker| worker.lane as usize).collect();
        assert_eq!(marks, [(lanes[0], 20_250_000), (lanes[1], 30 * MILLISECOND)]);
        assert_eq!(comparison.marks[0].label, "T1 finished at 20.3 ms on your machine");
    }

    #[test]
    fn the_line_is_found_in_a_whole_output() {
        let spec = spec();
        let output = format!("wall time: 0.031 s\r\nmain process: c = 2, expected 2 (0 updates lost)\r\n  {}\r\n$ ", line(&result(&spec)));
        assert!(compared(&output, &spec).is_ok(), "{:?}", compared(&output, &spec));
        let mut earlier = result(&spec);
        earlier["wall_ms"] = json!(99.0);
        let two_runs = format!("{}\n{}\n", line(&earlier), line(&result(&spec)));
        assert_eq!(compared(&two_runs, &spec).expect("two runs").rows[0].real, "30.5 ms", "the last run counts");
        assert_eq!(
            compared("wall time: 0.031 s\n", &spec).expect_err("no line"),
            "There is no line starting with GIL-LAB-RESULT in what you pasted: paste the program's whole output, or its last line."
        );
    }

    #[test]
    fn garbled_json_is_a_message() {
        let spec = spec();
        let cut = line(&result(&spec));
        let problem = compared(&cut[..cut.len() - 20], &spec).expect_err("a line cut short");
        assert!(problem.starts_with("The GIL-LAB-RESULT line is not complete JSON ("), "{problem}");
        assert!(problem.ends_with("): copy all of the line, to its closing }."), "{problem}");
        assert_eq!(
            compared("GIL-LAB-RESULT [1, 2]", &spec).expect_err("not an object"),
            "The GIL-LAB-RESULT line should hold a JSON object, {…}: copy all of the line."
        );
    }

    #[test]
    fn a_missing_or_malformed_field_is_named() {
        let remove = |name: &'static str| move |result: &mut Value| drop(result.as_object_mut().map(|fields| fields.remove(name)));
        assert_eq!(problem(remove("wall_ms")), "The GIL-LAB-RESULT line has no wall_ms: copy all of the line, to its closing }.");
        assert_eq!(problem(remove("gil")), "The GIL-LAB-RESULT line has no gil: copy all of the line, to its closing }.");
        assert_eq!(
            problem(|result| result["finish_ms"] = json!({ "T1": 20.0 })),
            "The GIL-LAB-RESULT line's finish_ms has no time for T2."
        );
        assert_eq!(
            problem(|result| result["finish_ms"]["T2"] = json!("late")),
            "The GIL-LAB-RESULT line's finish_ms for T2 should be milliseconds (a number, 0 or more)."
        );
        assert_eq!(
            problem(|result| result["finish_ms"] = json!([1, 2])),
            "The GIL-LAB-RESULT line's finish_ms should be finish times by worker, {…}."
        );
        assert_eq!(
            problem(|result| result["cores"] = json!(1.5)),
            "The GIL-LAB-RESULT line's cores should be a whole number of cores, 1 or more."
        );
        assert_eq!(
            problem(|result| result["wall_ms"] = json!(-1)),
            "The GIL-LAB-RESULT line's wall_ms should be milliseconds (a number, 0 or more)."
        );
        assert_eq!(
            problem(|result| result["io_resume_ms"] = json!([0.1, "x"])),
            "The GIL-LAB-RESULT line's io_resume_ms[1] should be milliseconds (a number, 0 or more)."
        );
        assert_eq!(problem(|result| result["python"] = json!(3.12)), "The GIL-LAB-RESULT line's python should be text.");
        assert_eq!(
            problem(|result| result["gil"] = Value::Null),
            "The GIL-LAB-RESULT line has no gil: copy all of the line, to its closing }."
        );
        assert_eq!(
            problem(|result| result["format"] = json!(2)),
            "The GIL-LAB-RESULT line is in format 2, which this lab does not read: run the program shown above, from this page."
        );
    }

    #[test]
    fn a_line_from_another_scenario_is_refused() {
        let spec = spec();
        let other = gil_link::query::read("v=2&py=3.12&c=2&w=thread,n=3:cpu+10ms;+io+1ms").0;
        let problem = compared(&line(&result(&other)), &spec).expect_err("another scenario");
        assert!(problem.starts_with("This result is from another scenario: "), "{problem}");
        assert!(problem.ends_with("Run the program shown above for this one."), "{problem}");
        let moved = ScenarioSpec { switch_interval: "1ms".into(), ..spec.clone() };
        assert!(compared(&line(&result(&spec)), &moved).is_err(), "another switch interval is another program");
    }

    #[test]
    fn another_version_or_machine_is_compared_and_flagged() {
        let spec = spec();
        let mut elsewhere = result(&spec);
        elsewhere["python"] = json!("3.11.4");
        elsewhere["cores"] = json!(8);
        let comparison = compared(&line(&elsewhere), &spec).expect("still comparable");
        assert_eq!(
            comparison.differences,
            [
                "You ran Python 3.11; the simulation is of Python 3.12. Choose Python 3.11 above to compare like with like.",
                "Your run could use 8 cores; the simulation has 2 cores. Set Cores to 8 above to compare like with like.",
            ]
        );
        let eight_cores = ScenarioSpec { cores: 8, python: "3.11".into(), ..spec.clone() };
        assert_eq!(compared(&line(&elsewhere), &eight_cores).expect("the same program").differences, Vec::<String>::new());

        let mut odd = result(&spec);
        odd["python"] = json!("3.13.1");
        odd["gil"] = json!(false);
        odd["implementation"] = json!("PyPy");
        odd["cores"] = json!(64);
        assert_eq!(
            compared(&line(&odd), &spec).expect("comparable").differences,
            [
                "You ran PyPy; the simulator models CPython.",
                "You ran Python 3.13t; the simulation is of Python 3.12. Choose Python 3.13t above to compare like with like.",
                "Your run could use 64 cores; the simulation has 2 cores.",
            ]
        );
    }

    #[test]
    fn a_run_on_3_15t_is_offered_its_version() {
        let spec = spec();
        let mut newer = result(&spec);
        newer["python"] = json!("3.15.0");
        newer["gil"] = json!(false);
        assert_eq!(
            compared(&line(&newer), &spec).expect("comparable").differences,
            ["You ran Python 3.15t; the simulation is of Python 3.12. Choose Python 3.15t above to compare like with like."]
        );
    }

    #[test]
    fn a_run_without_io_has_no_latency_rows() {
        let spec = spec();
        let mut quiet = result(&spec);
        quiet["io_resume_ms"] = json!([]);
        let rows = compared(&line(&quiet), &spec).expect("comparable").rows;
        assert_eq!(rows.len(), 3, "{rows:?}");
    }
}
