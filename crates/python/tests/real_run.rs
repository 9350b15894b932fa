//! The result line read back from a run's output and set beside the simulation: every problem
//! named, the table as the page and `gil-lab compare` show it.

use gil_python::real_run::{compare, Comparison, Difference, Reader};
use gil_python::scenario_fingerprint;
use gil_sim::time::{fixed, format_duration, MILLISECOND};
use gil_sim::{simulate, Scenario, ScenarioSpec, Trace};
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
    compare(pasted, serde_parse, spec, &trace(spec), Reader::Page)
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
    assert_eq!(comparison.run.machine(), "CPython 3.12.1 on 2 cores");
    assert_eq!(comparison.differences, Vec::<Difference>::new());
    let metrics = &trace.metrics;
    let whats: Vec<&str> = comparison.rows.iter().map(|row| row.what.as_str()).collect();
    assert_eq!(
        whats,
        [
            "Wall time",
            "T1 finished",
            "T2 finished",
            "I/O resume latency p50",
            "I/O resume latency p99"
        ]
    );
    let wall = &comparison.rows[0];
    assert_eq!(
        (wall.simulated.as_str(), wall.real.as_str()),
        (format_duration(metrics.makespan).as_str(), "30.5 ms")
    );
    assert_eq!(
        wall.ratio,
        format!("{}×", fixed(30.5 * MILLISECOND as f64 / metrics.makespan as f64, 2))
    );
    assert_eq!(comparison.rows[4].real, "5.10 ms", "p99 of three samples is the largest");
    assert_eq!(comparison.rows[3].real, "70.0 µs");
    assert_eq!(comparison.run.finished, [20_250_000, 30 * MILLISECOND]);
}

#[test]
fn the_line_is_found_in_a_whole_output() {
    let spec = spec();
    let output = format!(
        "wall time: 0.031 s\r\nmain process: c = 2, expected 2 (0 updates lost)\r\n  {}\r\n$ ",
        line(&result(&spec))
    );
    assert!(compared(&output, &spec).is_ok(), "{:?}", compared(&output, &spec));
    let mut earlier = result(&spec);
    earlier["wall_ms"] = json!(99.0);
    let two_runs = format!("{}\n{}\n", line(&earlier), line(&result(&spec)));
    assert_eq!(
        compared(&two_runs, &spec).expect("two runs").rows[0].real,
        "30.5 ms",
        "the last run counts"
    );
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
    let remove = |name: &'static str| {
        move |result: &mut Value| drop(result.as_object_mut().map(|fields| fields.remove(name)))
    };
    assert_eq!(
        problem(remove("wall_ms")),
        "The GIL-LAB-RESULT line has no wall_ms: copy all of the line, to its closing }."
    );
    assert_eq!(
        problem(remove("gil")),
        "The GIL-LAB-RESULT line has no gil: copy all of the line, to its closing }."
    );
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
    assert_eq!(
        problem(|result| result["python"] = json!(3.12)),
        "The GIL-LAB-RESULT line's python should be text."
    );
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
    assert!(
        compared(&line(&result(&spec)), &moved).is_err(),
        "another switch interval is another program"
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

#[test]
fn the_command_line_is_told_what_to_run() {
    let spec = spec();
    let output = format!("{}\n", line(&result(&spec)));
    let other = gil_link::query::read("v=2&py=3.12&c=2&w=thread,n=3:cpu+10ms;+io+1ms").0;
    let problem = compare(&output, serde_parse, &other, &trace(&other), Reader::CommandLine)
        .expect_err("another scenario");
    assert!(
        problem.ends_with("Run the program that `gil-lab python` writes for this one."),
        "{problem}"
    );
    let problem =
        compare("wall time: 1 s\n", serde_parse, &spec, &trace(&spec), Reader::CommandLine)
            .expect_err("no line");
    assert_eq!(
        problem,
        "There is no line starting with GIL-LAB-RESULT in the run's output: save the program's whole output, or its last line."
    );
}

#[test]
fn each_difference_is_a_sentence() {
    let spec = spec();
    let mut odd = result(&spec);
    odd["python"] = json!("3.13.1");
    odd["gil"] = json!(false);
    odd["implementation"] = json!("PyPy");
    odd["cores"] = json!(1);
    let differences = compared(&line(&odd), &spec).expect("comparable").differences;
    let sentences: Vec<String> = differences.iter().map(Difference::sentence).collect();
    assert_eq!(
        sentences,
        [
            "You ran PyPy; the simulator models CPython.",
            "You ran Python 3.13t; the simulation is of Python 3.12.",
            "Your run could use 1 core; the simulation has 2 cores.",
        ]
    );
}
