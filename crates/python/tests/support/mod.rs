//! Checking generated Python programs with real Pythons: python3 from PATH, and the version a
//! program targets where pyenv has it. Shared by gil-python's tests and the web crate's test of
//! the lab's presets (`#[path]`). python3 must be on PATH, and the tests fail, saying so, without
//! it; a version pyenv lacks is a check skipped, and each such check is named on stderr.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use gil_python::real_run::{read_result, Reader};
use gil_python::{python_program, scenario_fingerprint, RESULT_PREFIX};
use gil_sim::program::{Instr, WorkKind};
use gil_sim::python::PythonVersion;
use gil_sim::scenario::WorkerKind;
use gil_sim::spec::WorkerSpec;
use gil_sim::{Scenario, ScenarioSpec};
use serde_json::Value;

/// Longer than any program here takes, so that one that hangs fails instead of holding up the run.
pub const RUN_LIMIT: Duration = Duration::from_secs(60);

/// A Python on this machine, and the version it is, as the simulator spells versions ("3.11", "3.13t").
#[derive(Clone)]
pub struct Python {
    pub command: PathBuf,
    pub version: String,
}

/// python3 from PATH; fails the test, saying why, where there is none.
pub fn python3() -> Python {
    let output = Command::new("python3")
        .args(["-c", "import sys, sysconfig; print('%d.%d%s' % (sys.version_info[0], sys.version_info[1], 't' if sysconfig.get_config_var('Py_GIL_DISABLED') else ''))"])
        .output();
    let output = output.ok().filter(|output| output.status.success());
    let output = output
        .expect("python3 is needed to check the generated programs; install it, or put it on PATH");
    Python {
        command: "python3".into(),
        version: String::from_utf8_lossy(&output.stdout).trim().to_string(),
    }
}

/// pyenv's build of exactly this version (`~/.pyenv/versions/3.12.1/bin/python` for "3.12"), if it has one.
pub fn pyenv(version: &str) -> Option<Python> {
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
            is_free_threaded == free_threaded
                && build.strip_prefix(number).is_some_and(|patch| patch.starts_with('.'))
        })
        .map(|entry| entry.path().join("bin").join("python"))
        .filter(|command| command.is_file())
        .collect();
    builds.sort();
    builds.pop().map(|command| Python { command, version: version.to_string() })
}

/// A directory of its own for the programs, removed when dropped: a program's directory is the
/// first place its imports are looked for, so no stray `random.py` may sit beside it.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        let path =
            std::env::temp_dir().join(format!("gil-lab-python-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&path).expect("the temporary directory is writable");
        TempDir(path)
    }

    pub fn write(&self, name: &str, code: &str) -> PathBuf {
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
pub fn run(mut command: Command, outputs: &TempDir, name: &str) -> Output {
    let stdout_path = outputs.0.join(format!("{name}.stdout"));
    let stderr_path = outputs.0.join(format!("{name}.stderr"));
    let stdout = File::create(&stdout_path).expect("the temporary directory is writable");
    let stderr = File::create(&stderr_path).expect("the temporary directory is writable");
    let mut child = command
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .expect("the Python runs");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("the Python can be waited for") {
            break status;
        }
        if started.elapsed() > RUN_LIMIT {
            let _ = child.kill();
            panic!(
                "{name} took more than {RUN_LIMIT:?}: {}",
                std::fs::read_to_string(&stderr_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let read = |path: &Path| std::fs::read(path).unwrap_or_default();
    Output { status, stdout: read(&stdout_path), stderr: read(&stderr_path) }
}

/// Runs the program in `file` with `python`, from the file's directory.
pub fn run_program(python: &Python, file: &Path, name: &str, outputs: &TempDir) -> Output {
    let mut command = Command::new(&python.command);
    command.arg(file).current_dir(&outputs.0);
    run(command, outputs, name)
}

pub fn compile(python: &Python, file: &Path, name: &str, code: &str, outputs: &TempDir) {
    let mut command = Command::new(&python.command);
    command
        .args([
            "-c",
            "import sys; path = sys.argv[1]; compile(open(path, 'rb').read(), path, 'exec')",
        ])
        .arg(file);
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
pub fn python3_runs(python3: &Python, target: &str, spec: &ScenarioSpec) -> bool {
    let (Some(python3), Some(target)) =
        (PythonVersion::parse(&python3.version), PythonVersion::parse(target))
    else {
        return false;
    };
    let interpreters = spec.workers.iter().any(|worker| worker.kind == "interpreter");
    let needed = if target.at_least(3, 9) { (3, 9) } else { (target.major, target.minor) };
    !interpreters && target.at_least(3, 2) && python3.at_least(needed.0, needed.1)
}

/// A scenario to check, and whether to run its program, with what its output must contain.
pub struct Case {
    pub name: String,
    pub spec: ScenarioSpec,
    pub run: bool,
    pub expected: Vec<String>,
}

/// Compiles every case's program with python3 and with the targeted version, and runs the ones
/// that should run with the targeted version (or python3 when it can), checking what they print.
pub fn check(cases: Vec<Case>, directory: &str) {
    let python3 = python3();
    let outputs = TempDir::new(directory);
    for case in cases {
        let target = case.spec.python.clone();
        let code = python_program(&case.spec, "#/lab?c=2");
        assert!(
            !code.contains("refuses"),
            "{}: the simulator refuses the scenario:\n{code}",
            case.name
        );
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
            assert!(
                stdout.contains(expected.as_str()),
                "{}: no {expected:?} in {stdout:?} with python{}",
                case.name,
                runner.version
            );
        }
        check_result_line(&case, &stdout, &runner);
    }
}

/// The program's last line: the result the lab reads, naming the scenario and every worker, and
/// with I/O latencies when a thread or a task of the main process waits for I/O.
pub fn check_result_line(case: &Case, stdout: &str, runner: &Python) {
    let name = &case.name;
    let last = stdout.lines().last().unwrap_or_default();
    let json = last
        .strip_prefix(RESULT_PREFIX)
        .unwrap_or_else(|| panic!("{name}: the last line is not the result: {last:?}"));
    let result: Value =
        serde_json::from_str(json).unwrap_or_else(|problem| panic!("{name}: {problem} in {json}"));
    assert_eq!(result["format"], 1, "{name}: {json}");
    assert_eq!(result["scenario"], scenario_fingerprint(&case.spec), "{name}: {json}");
    let scenario = Scenario::from_spec(&case.spec).expect("the scenario is valid");
    let workers: Vec<&str> = scenario.workers.iter().map(|worker| worker.name.as_str()).collect();
    let mut finished: Vec<&str> = result["finish_ms"]
        .as_object()
        .map(|finish| finish.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let mut expected = workers.clone();
    finished.sort_unstable();
    expected.sort_unstable();
    assert_eq!(finished, expected, "{name}: finish_ms does not name every worker: {json}");

    let parse =
        |text: &str| serde_json::from_str::<Value>(text).map_err(|problem| problem.to_string());
    let run = read_result(stdout, parse, &case.spec, &workers, Reader::Page)
        .unwrap_or_else(|problem| panic!("{name}: the lab refuses it: {problem}"));
    assert_eq!(run.version(), runner.version, "{name}: {json}");
    assert!(run.cores >= 1, "{name}: {json}");
    assert!(
        run.finished.iter().all(|finished| *finished <= run.wall),
        "{name}: a worker finished after the wall time: {json}"
    );
    let waits_in_main_process = scenario.workers.iter().any(|worker| {
        matches!(worker.kind, WorkerKind::Thread | WorkerKind::Task)
            && worker
                .program
                .instrs()
                .iter()
                .any(|instr| matches!(instr, Instr::Work { kind: WorkKind::Io, .. }))
    });
    assert_eq!(run.io_resume.count > 0, waits_in_main_process, "{name}: {json}");
}

pub fn worker(kind: &str, count: u32, program: &str) -> WorkerSpec {
    WorkerSpec { kind: kind.into(), name: None, count, program: program.into(), start_method: None }
}

pub fn spec(python: &str, workers: Vec<WorkerSpec>) -> ScenarioSpec {
    ScenarioSpec {
        python: python.into(),
        cores: 2,
        wake_order: "fifo".into(),
        workers,
        ..ScenarioSpec::default()
    }
}

pub fn case(name: &str, spec: ScenarioSpec, expected: &[&str]) -> Case {
    Case {
        name: name.into(),
        spec,
        run: true,
        expected: expected.iter().map(|text| text.to_string()).collect(),
    }
}
