//! The Python programs of src/web/python_code.rs, for every example scenario and for hand-written
//! ones covering every statement and every kind of worker: each compiles with python3 and, when it
//! targets another version that pyenv has, with that one too; the short hand-written ones run, print
//! their wall time and, when they increment, their variables, and end with the result line the lab
//! reads (every worker's finish time, I/O latencies where the main process waits), which the lab's
//! own reader accepts. python3 must be on PATH, and the
//! tests fail, saying so, without it; a version pyenv lacks is a check skipped, and each such check
//! is named on stderr.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use gil_lab_web::lab::presets::PRESETS;
use gil_lab_web::lab::real_result::read_result;
use gil_lab_web::params::query::LabParams;
use gil_lab_web::params::scenario;
use gil_lab_web::python_code::{python_program, scenario_fingerprint, RESULT_PREFIX};
use gil_sim::program::{Instr, WorkKind};
use gil_sim::python::PythonVersion;
use gil_sim::scenario::WorkerKind;
use gil_sim::spec::WorkerSpec;
use gil_sim::time::MILLISECOND;
use gil_sim::{Scenario, ScenarioSpec};
use serde_json::Value;

/// Longer than any program here takes, so that one that hangs fails instead of holding up the run.
const RUN_LIMIT: Duration = Duration::from_secs(60);

/// A Python on this machine, and the version it is, as the simulator spells versions ("3.11", "3.13t").
#[derive(Clone)]
struct Python {
    command: PathBuf,
    version: String,
}

/// python3 from PATH; fails the test, saying why, where there is none.
fn python3() -> Python {
    let output = Command::new("python3")
        .args(["-c", "import sys, sysconfig; print('%d.%d%s' % (sys.version_info[0], sys.version_info[1], 't' if sysconfig.get_config_var('Py_GIL_DISABLED') else ''))"])
        .output();
    let output = output.ok().filter(|output| output.status.success());
    let output = output.expect("python3 is needed to check the generated programs; install it, or put it on PATH");
    Python { command: "python3".into(), version: String::from_utf8_lossy(&output.stdout).trim().to_string() }
}

/// pyenv's build of exactly this version (`~/.pyenv/versions/3.12.1/bin/python` for "3.12"), if it has one.
fn pyenv(version: &str) -> Option<Python> {
    let root = std::env::var_os("PYENV_ROOT")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".pyenv")))?;
    let (number, free_threaded) = match version.strip_suffix('t') {
        Some(number) => (number, true),
        None => (version, false),
    };
    let mut builds: Vec<PathBuf> = std::fs::read_dir(root.join("versions"))
        .ok()?
        .flatten()
        .filter(|entry| {
            let name = entry.file_name().to_string_lossy().to_string();
            let (build, is_free_threaded) = match name.strip_suffix('t') {
                Some(build) => (build.to_string(), true),
                None => (name.clone(), false),
            };
            is_free_threaded == free_threaded && build.strip_prefix(number).is_some_and(|patch| patch.starts_with('.'))
        })
        .map(|entry| entry.path().join("bin").join("python"))
        .filter(|command| command.is_file())
        .collect();
    builds.sort();
    builds.pop().map(|command| Python { command, version: version.to_string() })
}

/// A directory of its own for the programs, removed when dropped: a program's directory is the
/// first place its imports are looked for, so no stray `random.py` may sit beside it.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!("gil-lab-python-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&path).expect("the temporary directory is writable");
        TempDir(path)
    }

    fn write(&self, name: &str, code: &str) -> PathBuf {
        let path = self.0.join(format!("{name}.py"));
        std::fs::write(&path, code).expect("the temporary directory is writable");
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `command` with its output in files (so a chatty program cannot fill a pipe and stall),
/// killing it if it takes longer than [`RUN_LIMIT`].
fn run(mut command: Command, outputs: &TempDir, name: &str) -> Output {
    let stdout_path = outputs.0.join(format!("{name}.stdout"));
    let stderr_path = outputs.0.join(format!("{name}.stderr"));
    let stdout = File::create(&stdout_path).expect("the temporary directory is writable");
    let stderr = File::create(&stderr_path).expect("the temporary directory is writable");
    let mut child = command.stdin(Stdio::null()).stdout(stdout).stderr(stderr).spawn().expect("the Python runs");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("the Python can be waited for") {
            break status;
        }
        if started.elapsed() > RUN_LIMIT {
            let _ = child.kill();
            panic!("{name} took more than {RUN_LIMIT:?}: {}", std::fs::read_to_string(&stderr_path).unwrap_or_default());
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let read = |path: &Path| std::fs::read(path).unwrap_or_default();
    Output { status, stdout: read(&stdout_path), stderr: read(&stderr_path) }
}

/// Runs the program in `file` with `python`, from the file's directory.
fn run_program(python: &Python, file: &Path, name: &str, outputs: &TempDir) -> Output {
    let mut command = Command::new(&python.command);
    command.arg(file).current_dir(&outputs.0);
    run(command, outputs, name)
}

fn compile(python: &Python, file: &Path, name: &str, code: &str, outputs: &TempDir) {
    let mut command = Command::new(&python.command);
    command.args(["-c", "import sys; path = sys.argv[1]; compile(open(path, 'rb').read(), path, 'exec')"]).arg(file);
    let output = run(command, outputs, name);
    assert!(
        output.status.success(),
        "{name} does not compile with python{}: {}\n{code}",
        python.version,
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Whether python3 can run a program written for `target`: one with no subinterpreters (their API
/// changes with every version), from 3.2 on (before, it sets the old GIL's check interval, gone in
/// 3.9), on a python3 with what the program may use (asyncio.to_thread is the latest, from 3.9).
fn python3_runs(python3: &Python, target: &str, spec: &ScenarioSpec) -> bool {
    let (Some(python3), Some(target)) = (PythonVersion::parse(&python3.version), PythonVersion::parse(target)) else {
        return false;
    };
    let interpreters = spec.workers.iter().any(|worker| worker.kind == "interpreter");
    let needed = if target.at_least(3, 9) { (3, 9) } else { (target.major, target.minor) };
    !interpreters && target.at_least(3, 2) && python3.at_least(needed.0, needed.1)
}

/// A scenario to check, and whether to run its program, with what its output must contain.
struct Case {
    name: String,
    spec: ScenarioSpec,
    run: bool,
    expected: Vec<String>,
}

/// Compiles every case's program with python3 and with the targeted version, and runs the ones
/// that should run with the targeted version (or python3 when it can), checking what they print.
fn check(cases: Vec<Case>, directory: &str) {
    let python3 = python3();
    let outputs = TempDir::new(directory);
    for case in cases {
        let target = case.spec.python.clone();
        let code = python_program(&case.spec, "#/lab?c=2");
        assert!(!code.contains("refuses"), "{}: the simulator refuses the scenario:\n{code}", case.name);
        let file = outputs.write(&case.name, &code);
        compile(&python3, &file, &case.name, &code, &outputs);
        let matching = if target == python3.version { None } else { pyenv(&target) };
        match &matching {
            Some(python) => compile(python, &file, &case.name, &code, &outputs),
            None if target != python3.version => {
                eprintln!("skipped: compiling {} with python{target}: pyenv has no {target} (compiled with python3 only)", case.name)
            }
            None => {}
        }
        if !case.run {
            continue;
        }
        let runner = match matching {
            Some(python) => python,
            None if python3_runs(&python3, &target, &case.spec) => python3.clone(),
            None => {
                eprintln!(
                    "skipped: running {}: it needs python{target}, which pyenv does not have, and python3 cannot stand in",
                    case.name
                );
                continue;
            }
        };
        let output = run_program(&runner, &file, &case.name, &outputs);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "{} failed with python{}: {}\n{stdout}\n{code}",
            case.name,
            runner.version,
            String::from_utf8_lossy(&output.stderr)
        );
        let seconds: f64 = stdout
            .lines()
            .find_map(|line| line.strip_prefix("wall time: ")?.strip_suffix(" s")?.parse().ok())
            .unwrap_or_else(|| panic!("{}: no wall time in {stdout:?}", case.name));
        assert!((0.0..RUN_LIMIT.as_secs_f64()).contains(&seconds), "{}: {seconds} s", case.name);
        for expected in &case.expected {
            assert!(stdout.contains(expected.as_str()), "{}: no {expected:?} in {stdout:?} with python{}", case.name, runner.version);
        }
        check_result_line(&case, &stdout, &runner);
    }
}

/// The program's last line: the result the lab reads, naming the scenario and every worker, and
/// with I/O latencies when a thread or a task of the main process waits for I/O.
fn check_result_line(case: &Case, stdout: &str, runner: &Python) {
    let name = &case.name;
    let last = stdout.lines().last().unwrap_or_default();
    let json = last.strip_prefix(RESULT_PREFIX).unwrap_or_else(|| panic!("{name}: the last line is not the result: {last:?}"));
    let result: Value = serde_json::from_str(json).unwrap_or_else(|problem| panic!("{name}: {problem} in {json}"));
    assert_eq!(result["format"], 1, "{name}: {json}");
    assert_eq!(result["scenario"], scenario_fingerprint(&case.spec), "{name}: {json}");
    let scenario = Scenario::from_spec(&case.spec).expect("the scenario is valid");
    let workers: Vec<&str> = scenario.workers.iter().map(|worker| worker.name.as_str()).collect();
    let mut finished: Vec<&str> =
        result["finish_ms"].as_object().map(|finish| finish.keys().map(String::as_str).collect()).unwrap_or_default();
    let mut expected = workers.clone();
    finished.sort_unstable();
    expected.sort_unstable();
    assert_eq!(finished, expected, "{name}: finish_ms does not name every worker: {json}");

    let parse = |text: &str| serde_json::from_str::<Value>(text).map_err(|problem| problem.to_string());
    let run = read_result(stdout, parse, &case.spec, &workers).unwrap_or_else(|problem| panic!("{name}: the lab refuses it: {problem}"));
    assert_eq!(run.version(), runner.version, "{name}: {json}");
    assert!(run.cores >= 1, "{name}: {json}");
    assert!(run.finished.iter().all(|finished| *finished <= run.wall), "{name}: a worker finished after the wall time: {json}");
    let waits_in_main_process = scenario.workers.iter().any(|worker| {
        matches!(worker.kind, WorkerKind::Thread | WorkerKind::Task)
            && worker.program.instrs().iter().any(|instr| matches!(instr, Instr::Work { kind: WorkKind::Io, .. }))
    });
    assert_eq!(run.io_resume.count > 0, waits_in_main_process, "{name}: {json}");
}

fn worker(kind: &str, count: u32, program: &str) -> WorkerSpec {
    WorkerSpec { kind: kind.into(), name: None, count, program: program.into(), start_method: None }
}

fn spec(python: &str, workers: Vec<WorkerSpec>) -> ScenarioSpec {
    ScenarioSpec { python: python.into(), cores: 2, wake_order: "fifo".into(), workers, ..ScenarioSpec::default() }
}

fn case(name: &str, spec: ScenarioSpec, expected: &[&str]) -> Case {
    Case { name: name.into(), spec, run: true, expected: expected.iter().map(|text| text.to_string()).collect() }
}

#[test]
fn every_example_compiles() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(&folder).expect("the examples folder").flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|extension| extension == "toml") {
            let text = std::fs::read_to_string(&path).expect("an example is readable");
            let spec: ScenarioSpec = toml::from_str(&text).unwrap_or_else(|problem| panic!("{}: {problem}", path.display()));
            let name = path.file_stem().map(|stem| stem.to_string_lossy().to_string()).unwrap_or_default();
            cases.push(Case { name: format!("example-{name}"), spec, run: false, expected: Vec::new() });
        }
    }
    assert!(cases.len() >= 10, "only {} examples in {}", cases.len(), folder.display());
    let lab = scenario::spec(&LabParams { threads: 2, processes: 1, tasks: 2, interpreters: 1, ..LabParams::default() });
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
    cases.push(case("threads-without-a-lock", racing, &["main process: counter = ", "expected 40000"]));
    let locked = spec("3.11", vec![worker("thread", 2, "lock counter_lock { increment counter 20000 via_call }")]);
    cases.push(case("threads-with-a-lock", locked, &["main process: counter = 40000, expected 40000 (0 updates lost)"]));
    for method in ["fork", "spawn", "forkserver"] {
        let mut sender = worker("process", 2, "cpu 2ms; native_gil 1ms; lock l { increment hits 500 }; send 100KB");
        sender.start_method = Some(method.into());
        let expected = ["P1: hits = 500, expected 500 (0 updates lost)", "P2: hits = 500", "received 200000 bytes"];
        cases.push(case(&format!("processes-{method}"), spec("3.12", vec![worker("thread", 1, "increment hits 7"), sender]), &expected));
    }
    for python in ["3.14", "3.15"] {
        let forkserver = spec(python, vec![worker("process", 1, "native 1ms; send 1KB")]);
        cases.push(case(&format!("processes-{}-forkserver", python.replace('.', "-")), forkserver, &["received 1000 bytes"]));
    }
    let tasks = "repeat 2 { io 1ms~20%; cpu 200us }
        to_thread {
          native 1ms
          io 1ms~10%
          increment t 10
        }
        increment t 5";
    cases.push(case("tasks-to-thread-3-9", spec("3.9", vec![worker("task", 3, tasks)]), &["main process: t = 45, expected 45"]));
    cases.push(case("tasks-3-6", spec("3.6", vec![worker("task", 2, "io 1ms; cpu 1ms; increment t 3")]), &["main process: t = 6"]));
    cases.push(case("tasks-3-5", spec("3.5", vec![worker("task", 2, "io 1ms; native 1ms")]), &[]));
    let interpreters = "cpu 2ms; native 1ms; native_gil 1ms; lock l { increment k 100 }; send 1KB";
    for python in ["3.12", "3.13", "3.14", "3.15"] {
        let workers = vec![worker("interpreter", 2, interpreters), worker("interpreter", 1, "io 1ms")];
        let expected = ["I1: k = 100, expected 100 (0 updates lost)", "I2: k = 100", "received 2000 bytes"];
        cases.push(case(&format!("interpreters-{}", python.replace('.', "-")), spec(python, workers), &expected));
    }
    let old = vec![
        worker("thread", 2, "repeat 2 { cpu 1ms; native 1ms; native_gil 1ms; io 1ms~50% }; increment c 1000"),
        worker("process", 1, "cpu 1ms; send 10KB"),
    ];
    cases.push(case("old-gil-2-7", spec("2.7", old), &["main process: c = ", "expected 2000", "received 10000 bytes"]));
    cases.push(case("old-gil-3-1", spec("3.1", vec![worker("thread", 2, "cpu 1ms; io 1ms")]), &[]));
    for python in ["3.13t", "3.14t", "3.15t"] {
        let free = spec(python, vec![worker("thread", 4, "cpu 2ms; increment c 1000")]);
        cases.push(case(&format!("free-threaded-{}", python.replace('.', "-")), free, &["main process: c = ", "expected 4000"]));
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
    let expected =
        ["main process: print = 10, expected 10", "main process: __name__ = 2", "I1: print = 1, expected 1", "received 1000 bytes"];
    cases.push(case("every-kind", every_kind, &expected));
    let pipeline = vec![
        worker("thread", 1, "queue jobs bound 2\nset go; repeat 6 { cpu 1ms; put jobs }; clear go"),
        worker("thread", 2, "wait go; repeat 3 { get jobs; io 1ms; lock l { increment done 1 } }"),
        worker("process", 1, "queue jobs bound 1\nput jobs; get jobs; set go; wait go"),
    ];
    cases.push(case("queues-and-events", spec("3.11", pipeline.clone()), &["main process: done = 6, expected 6"]));
    cases.push(case("queues-and-events-2-7", spec("2.7", pipeline), &["main process: done = 6, expected 6"]));
    let depth = 32;
    let deep = format!("{}increment d 1{}", "repeat 1 { ".repeat(depth), " }".repeat(depth));
    cases.push(case("deep-blocks", spec("3.11", vec![worker("thread", 1, &deep)]), &["main process: d = 1, expected 1"]));
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

/// Every program the lab offers to start from, in a group of two on the Python the tests have.
#[test]
fn every_preset_compiles_and_runs() {
    let cases = PRESETS
        .iter()
        .map(|preset| {
            let name = format!(
                "preset-{}",
                preset.label.split(|c: char| !c.is_ascii_alphanumeric()).filter(|word| !word.is_empty()).collect::<Vec<_>>().join("-")
            );
            case(&name, spec("3.11", vec![worker(preset.kind.unwrap_or(WorkerKind::Thread).as_str(), 2, preset.program)]), &[])
        })
        .collect();
    check(cases, "presets");
}

/// Two locks taken in opposite orders: the simulator finds a deadlock, and the program, instead of
/// hanging, ends once a thread has waited `STUCK_AFTER` (2 s and twice the work) for its lock.
#[test]
fn a_deadlocking_program_gives_up_instead_of_hanging() {
    let python3 = python3();
    let outputs = TempDir::new("deadlock");
    let spec = spec(
        python3.version.trim_end_matches('t'),
        vec![worker("thread", 1, "lock a { io 50ms; lock b { cpu 1ms } }"), worker("thread", 1, "lock b { io 50ms; lock a { cpu 1ms } }")],
    );
    let code = python_program(&spec, "#/lab?c=2");
    assert!(code.contains("STUCK_AFTER = 2.3\n") && code.contains("with held(a, \"a\"):"), "{code}");
    let file = outputs.write("deadlock", &code);
    compile(&python3, &file, "deadlock", &code, &outputs);
    let began = Instant::now();
    let output = run_program(&python3, &file, "deadlock", &outputs);
    let took = began.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    // The first to give up releases its own lock as it leaves its `with` block, so the other goes on.
    assert!(stderr.contains("RuntimeError: waited 2.3 s for lock ") && stderr.contains(": a deadlock"), "{stderr}");
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
