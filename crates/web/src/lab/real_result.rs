//! "Compare with your machine" as the lab shows it: gil-python's reading of a pasted
//! `GIL-LAB-RESULT` line beside the simulation ([`gil_python::real_run`]), with the page's advice
//! on each difference between the two setups, and a mark on each worker's lane where it finished
//! for real.
//!
//! Pure, and tested natively: the JSON comes through [`ResultJson`], the browser's own parser in
//! the page and serde_json in the tests. Whatever is pasted, the answer is a comparison or a message
//! in words that names what is wrong.

use gil_lessons::limits::PAGE_MAX_CORES;
use gil_python::real_run::{self, Difference, Reader, RealRun, ResultJson, Row};
use gil_sim::python::PythonVersion;
use gil_sim::time::format_duration;
use gil_sim::{ScenarioSpec, Trace};

use crate::timeline::LaneMark;

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
pub fn compare<J: ResultJson>(
    pasted: &str,
    parse: impl FnOnce(&str) -> Result<J, String>,
    spec: &ScenarioSpec,
    trace: &Trace,
) -> Result<Comparison, String> {
    let compared = real_run::compare(pasted, parse, spec, trace, Reader::Page)?;
    Ok(Comparison {
        machine: compared.run.machine(),
        differences: compared.differences.iter().map(with_advice).collect(),
        marks: finish_marks(&compared.run, trace),
        rows: compared.rows,
    })
}

/// A difference, and what to set above to compare like with like, where the lab offers it.
fn with_advice(difference: &Difference) -> String {
    let advice = match difference {
        Difference::Implementation(_) => None,
        Difference::Python { ran, .. } => PythonVersion::parse(ran)
            .map(|_| format!(" Choose Python {ran} above to compare like with like.")),
        Difference::Cores { ran, .. } => (*ran <= PAGE_MAX_CORES)
            .then(|| format!(" Set Cores to {ran} above to compare like with like.")),
    };
    format!("{}{}", difference.sentence(), advice.unwrap_or_default())
}

/// A mark on each worker's lane where it finished in the run.
fn finish_marks(run: &RealRun, trace: &Trace) -> Vec<LaneMark> {
    let workers = trace.metrics.workers.iter().zip(&run.finished);
    workers
        .map(|(worker, finished)| LaneMark {
            lane: worker.lane as usize,
            time: *finished,
            label: format!(
                "{} finished at {} on your machine",
                worker.name,
                format_duration(*finished)
            ),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use gil_python::scenario_fingerprint;
    use gil_sim::time::{Nanos, MILLISECOND};
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

    #[test]
    fn a_good_line_gets_a_mark_on_each_workers_lane() {
        let spec = spec();
        let trace = trace(&spec);
        let comparison = compared(&line(&result(&spec)), &spec).expect("a good line");
        assert_eq!(comparison.machine, "CPython 3.12.1 on 2 cores");
        assert_eq!(comparison.differences, Vec::<String>::new());
        let metrics = &trace.metrics;
        let marks: Vec<(usize, Nanos)> =
            comparison.marks.iter().map(|mark| (mark.lane, mark.time)).collect();
        let lanes: Vec<usize> = metrics.workers.iter().map(|worker| worker.lane as usize).collect();
        assert_eq!(marks, [(lanes[0], 20_250_000), (lanes[1], 30 * MILLISECOND)]);
        assert_eq!(comparison.marks[0].label, "T1 finished at 20.3 ms on your machine");
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
        assert_eq!(
            compared(&line(&elsewhere), &eight_cores).expect("the same program").differences,
            Vec::<String>::new()
        );

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
}
