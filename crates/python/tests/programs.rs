//! The Python programs of gil-python, for every example scenario and for hand-written
//! ones covering every statement and every kind of worker: each compiles with python3 and, when it
//! targets another version that pyenv has, with that one too; the short hand-written ones run, print
//! their wall time and, when they increment, their variables, and end with the result line the lab
//! reads (every worker's finish time, I/O latencies where the main process waits), which the lab's
//! own reader accepts (`support`, which the web crate's test of the lab's presets shares).

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use gil_link::quick_form::{scenario, LabParams};
use gil_python::python_program;
use gil_sim::time::MILLISECOND;
use gil_sim::ScenarioSpec;
use support::{case, check, compile, python3, run_program, spec, worker, Case, TempDir};

#[test]
fn every_example_compiles() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(&folder).expect("the examples folder").flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|extension| extension == "toml") {
            let text = std::fs::read_to_string(&path).expect("an example is readable");
            let spec: ScenarioSpec = toml::from_str(&text)
                .unwrap_or_else(|problem| panic!("{}: {problem}", path.display()));
            let name =
                path.file_stem().map(|stem| stem.to_string_lossy().to_string()).unwrap_or_default();
            cases.push(Case {
                name: format!("example-{name}"),
                spec,
                run: false,
                expected: Vec::new(),
            });
        }
    }
    assert!(cases.len() >= 10, "only {} examples in {}", cases.len(), folder.display());
    let lab = scenario::spec(&LabParams {
        threads: 2,
        processes: 1,
        tasks: 2,
        interpreters: 1,
        ..LabParams::default()
    });
    cases.push(Case { name: "lab".into(), spec: lab, run: false, expected: Vec::new() });
    check(cases, "examples");
}

/// Every statement, in every kind of worker that may use it, on the versions whose code differs.
fn hand_written() -> Vec<Case> {
    let mut cases = Vec::new();
    let mut own_executor = spec("3.11", vec![worker("task", 4, "to_thread { io 5ms }; cpu 1ms")]);
    own_executor.executor_workers = Some(2);
    cases.push(case("tasks-own-executor", own_executor, &[]));
    let every_statement = "repeat 2 { cpu 1ms; native 1ms; native_gil 1ms; io 1ms~50% }
        increment c 100 via_call
        lock l { increment c 50 }";
    cases.push(case(
        "threads",
        spec("3.11", vec![worker("thread", 2, every_statement)]),
        &["main process: c = 300, expected 300 (0 updates lost)"],
    ));
    let racing = spec("3.11", vec![worker("thread", 2, "increment counter 20000 via_call")]);
    cases.push(case(
        "threads-without-a-lock",
        racing,
        &["main process: counter = ", "expected 40000"],
    ));
    let locked = spec(
        "3.11",
        vec![worker("thread", 2, "lock counter_lock { increment counter 20000 via_call }")],
    );
    cases.push(case(
        "threads-with-a-lock",
        locked,
        &["main process: counter = 40000, expected 40000 (0 updates lost)"],
    ));
    for method in ["fork", "spawn", "forkserver"] {
        let mut sender = worker(
            "process",
            2,
            "cpu 2ms; native_gil 1ms; lock l { increment hits 500 }; send 100KB",
        );
        sender.start_method = Some(method.into());
        let expected = [
            "P1: hits = 500, expected 500 (0 updates lost)",
            "P2: hits = 500",
            "received 200000 bytes",
        ];
        cases.push(case(
            &format!("processes-{method}"),
            spec("3.12", vec![worker("thread", 1, "increment hits 7"), sender]),
            &expected,
        ));
    }
    for python in ["3.14", "3.15"] {
        let forkserver = spec(python, vec![worker("process", 1, "native 1ms; send 1KB")]);
        cases.push(case(
            &format!("processes-{}-forkserver", python.replace('.', "-")),
            forkserver,
            &["received 1000 bytes"],
        ));
    }
    let tasks = "repeat 2 { io 1ms~20%; cpu 200us }
        to_thread {
          native 1ms
          io 1ms~10%
          increment t 10
        }
        increment t 5";
    cases.push(case(
        "tasks-to-thread-3-9",
        spec("3.9", vec![worker("task", 3, tasks)]),
        &["main process: t = 45, expected 45"],
    ));
    cases.push(case(
        "tasks-3-6",
        spec("3.6", vec![worker("task", 2, "io 1ms; cpu 1ms; increment t 3")]),
        &["main process: t = 6"],
    ));
    cases.push(case("tasks-3-5", spec("3.5", vec![worker("task", 2, "io 1ms; native 1ms")]), &[]));
    let interpreters = "cpu 2ms; native 1ms; native_gil 1ms; lock l { increment k 100 }; send 1KB";
    for python in ["3.12", "3.13", "3.14", "3.15"] {
        let workers =
            vec![worker("interpreter", 2, interpreters), worker("interpreter", 1, "io 1ms")];
        let expected =
            ["I1: k = 100, expected 100 (0 updates lost)", "I2: k = 100", "received 2000 bytes"];
        cases.push(case(
            &format!("interpreters-{}", python.replace('.', "-")),
            spec(python, workers),
            &expected,
        ));
    }
    let old = vec![
        worker(
            "thread",
            2,
            "repeat 2 { cpu 1ms; native 1ms; native_gil 1ms; io 1ms~50% }; increment c 1000",
        ),
        worker("process", 1, "cpu 1ms; send 10KB"),
    ];
    cases.push(case(
        "old-gil-2-7",
        spec("2.7", old),
        &["main process: c = ", "expected 2000", "received 10000 bytes"],
    ));
    cases.push(case("old-gil-3-1", spec("3.1", vec![worker("thread", 2, "cpu 1ms; io 1ms")]), &[]));
    for python in ["3.13t", "3.14t", "3.15t"] {
        let free = spec(python, vec![worker("thread", 4, "cpu 2ms; increment c 1000")]);
        cases.push(case(
            &format!("free-threaded-{}", python.replace('.', "-")),
            free,
            &["main process: c = ", "expected 4000"],
        ));
    }
    let mut named = worker("thread", 2, "increment print 3; lock sum { increment print 2 }; increment __name__ 1; increment work_1 1");
    named.name = Some("fetch \"quoted\" 50% ünïcode".into());
    let mut every_kind = spec(
        "3.12",
        vec![
            named,
            worker("process", 1, "send 1KB"),
            worker("task", 2, "io 1ms; to_thread { cpu 1ms }"),
            worker("interpreter", 1, "cpu 1ms; increment print 1"),
        ],
    );
    every_kind.title = "Every kind, \"quoted\" \\ and ünïcode".into();
    let expected = [
        "main process: print = 10, expected 10",
        "main process: __name__ = 2",
        "I1: print = 1, expected 1",
        "received 1000 bytes",
    ];
    cases.push(case("every-kind", every_kind, &expected));
    let pipeline = vec![
        worker("thread", 1, "queue jobs bound 2\nset go; repeat 6 { cpu 1ms; put jobs }; clear go"),
        worker("thread", 2, "wait go; repeat 3 { get jobs; io 1ms; lock l { increment done 1 } }"),
        worker("process", 1, "queue jobs bound 1\nput jobs; get jobs; set go; wait go"),
    ];
    cases.push(case(
        "queues-and-events",
        spec("3.11", pipeline.clone()),
        &["main process: done = 6, expected 6"],
    ));
    cases.push(case(
        "queues-and-events-2-7",
        spec("2.7", pipeline),
        &["main process: done = 6, expected 6"],
    ));
    let depth = 32;
    let deep = format!("{}increment d 1{}", "repeat 1 { ".repeat(depth), " }".repeat(depth));
    cases.push(case(
        "deep-blocks",
        spec("3.11", vec![worker("thread", 1, &deep)]),
        &["main process: d = 1, expected 1"],
    ));
    let mut lab = scenario::spec(&LabParams {
        threads: 2,
        processes: 1,
        tasks: 2,
        work: 4 * MILLISECOND,
        cpu_percent: 50,
        native_percent: 50,
        ..LabParams::default()
    });
    lab.python = "3.11".into();
    cases.push(case("lab", lab, &[]));
    cases
}

#[test]
fn every_statement_and_every_kind_compiles_and_runs() {
    check(hand_written(), "hand-written");
}

/// Two locks taken in opposite orders: the simulator finds a deadlock, and the program, instead of
/// hanging, ends once a thread has waited `STUCK_AFTER` (2 s and twice the work) for its lock.
#[test]
fn a_deadlocking_program_gives_up_instead_of_hanging() {
    let python3 = python3();
    let outputs = TempDir::new("deadlock");
    let spec = spec(
        python3.version.trim_end_matches('t'),
        vec![
            worker("thread", 1, "lock a { io 50ms; lock b { cpu 1ms } }"),
            worker("thread", 1, "lock b { io 50ms; lock a { cpu 1ms } }"),
        ],
    );
    let code = python_program(&spec, "#/lab?c=2");
    assert!(
        code.contains("STUCK_AFTER = 2.3\n") && code.contains("with held(a, \"a\"):"),
        "{code}"
    );
    let file = outputs.write("deadlock", &code);
    compile(&python3, &file, "deadlock", &code, &outputs);
    let began = Instant::now();
    let output = run_program(&python3, &file, "deadlock", &outputs);
    let took = began.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    // The first to give up releases its own lock as it leaves its `with` block, so the other goes on.
    assert!(
        stderr.contains("RuntimeError: waited 2.3 s for lock ") && stderr.contains(": a deadlock"),
        "{stderr}"
    );
    assert!((Duration::from_secs(2)..Duration::from_secs(20)).contains(&took), "{took:?}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("wall time: "), "{code}");
}

#[test]
fn a_refused_scenario_compiles_and_says_why() {
    let python3 = python3();
    let outputs = TempDir::new("refused");
    let refused = spec("3.12", vec![worker("thread", 1, "cpu 1ms; bogus 2ms")]);
    let code = python_program(&refused, "#/lab?c=2");
    let file = outputs.write("refused", &code);
    compile(&python3, &file, "refused", &code, &outputs);
    let output = run_program(&python3, &file, "refused", &outputs);
    assert!(!output.status.success(), "{code}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("The simulator refuses this scenario: workers[0].program: line 1, column 10: unknown statement 'bogus'"),
        "{stderr}"
    );
}
