//! The lab's Python programs (src/web/python_code.rs) are valid Python, and one small one runs and
//! prints its wall time. They need `python3` on PATH, and fail, saying so, without it.

use std::path::PathBuf;
use std::process::Command;

use gil_lab_web::params::query::{parse, LabParams};
use gil_lab_web::python_code::python_program;
use gil_sim::python::StartMethod;
use gil_sim::time::{MICROSECOND, MILLISECOND};

/// The Python to check the programs with; fails the test, saying why, where there is none.
fn python3() -> &'static str {
    let found = Command::new("python3").arg("--version").output().is_ok_and(|output| output.status.success());
    assert!(found, "python3 is needed to check the generated programs; install it, or put it on PATH");
    "python3"
}

/// A file of its own in the temporary directory, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, text: &str) -> TempFile {
        let path = std::env::temp_dir().join(format!("gil-lab-{}-{name}.py", std::process::id()));
        std::fs::write(&path, text).expect("the temporary directory is writable");
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn settings() -> Vec<(&'static str, LabParams)> {
    let base = LabParams::default();
    vec![
        ("default", base.clone()),
        (
            "every-kind-3-14",
            LabParams {
                python: "3.14".into(),
                threads: 2,
                processes: 2,
                tasks: 3,
                interpreters: 2,
                cpu_percent: 60,
                native_percent: 30,
                ..base.clone()
            },
        ),
        ("interpreters-3-13", LabParams { python: "3.13".into(), threads: 0, interpreters: 3, ..base.clone() }),
        ("interpreters-3-12", LabParams { python: "3.12".into(), threads: 0, interpreters: 1, cpu_percent: 20, ..base.clone() }),
        ("tasks-3-8", LabParams { python: "3.8".into(), threads: 0, tasks: 4, native_percent: 50, ..base.clone() }),
        ("tasks-3-6", LabParams { python: "3.6".into(), threads: 0, tasks: 2, cpu_percent: 10, ..base.clone() }),
        ("old-gil", LabParams { python: "2.7".into(), threads: 3, processes: 1, tasks: 5, ..base.clone() }),
        ("free-threaded", LabParams { python: "3.14t".into(), threads: 8, cores: 8, ..base.clone() }),
        ("spawn", LabParams { processes: 4, start_method: StartMethod::Spawn, ..base.clone() }),
        ("nobody", LabParams { threads: 0, ..base.clone() }),
        ("garbled", parse("c=99&py=banana&t=100&work=1ns&io=zz").0),
    ]
}

#[test]
fn every_program_compiles() {
    let python = python3();
    for (name, params) in settings() {
        let code = python_program(&params);
        let file = TempFile::new(name, &code);
        let output = Command::new(python).args(["-m", "py_compile"]).arg(&file.0).output().expect("python3 runs");
        assert!(output.status.success(), "{name} does not compile: {}\n{code}", String::from_utf8_lossy(&output.stderr));
        if let Some(cached) = file.0.parent().map(|dir| dir.join("__pycache__")) {
            let stem = file.0.file_stem().and_then(|stem| stem.to_str()).unwrap_or_default().to_string();
            for entry in std::fs::read_dir(cached).into_iter().flatten().flatten() {
                if entry.file_name().to_string_lossy().starts_with(&stem) {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
    }
}

#[test]
fn a_small_program_runs_and_prints_its_wall_time() {
    let python = python3();
    let params = LabParams {
        python: "3.11".into(),
        threads: 2,
        processes: 1,
        tasks: 2,
        work: 4 * MILLISECOND,
        cpu_percent: 50,
        native_percent: 50,
        io_wait: 500 * MICROSECOND,
        ..LabParams::default()
    };
    let code = python_program(&params);
    let file = TempFile::new("run", &code);
    let output = Command::new(python).arg(&file.0).output().expect("python3 runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "the program failed: {}\n{code}", String::from_utf8_lossy(&output.stderr));
    let seconds: f64 = stdout
        .trim()
        .strip_prefix("wall time: ")
        .and_then(|rest| rest.strip_suffix(" s"))
        .and_then(|number| number.parse().ok())
        .unwrap_or_else(|| panic!("no wall time in {stdout:?}"));
    assert!((0.002..10.0).contains(&seconds), "{seconds} s");
}
