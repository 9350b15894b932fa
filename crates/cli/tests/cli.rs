//! The `gil-lab` binary as people use it: on the example scenarios, and on broken ones.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use gil_sim::ScenarioSpec;
use serde_json::Value;

fn gil_lab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gil-lab"))
        .args(args)
        .output()
        .expect("the gil-lab binary runs")
}

fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples").join(name).display().to_string()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// A file in the system's temp directory, unique to this test process, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str) -> TempFile {
        TempFile(std::env::temp_dir().join(format!("gil-lab-cli-{}-{name}", std::process::id())))
    }

    fn with(name: &str, contents: &str) -> TempFile {
        let file = TempFile::new(name);
        std::fs::write(&file.0, contents).expect("the temp dir is writable");
        file
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("temp paths are UTF-8")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Runs a bad scenario, checks that it fails cleanly with status 2, and returns its message.
fn failure(output: Output) -> String {
    assert_eq!(output.status.code(), Some(2), "stderr: {}", stderr(&output));
    assert!(output.stdout.is_empty(), "nothing on stdout after an error: {}", stdout(&output));
    let message = stderr(&output);
    assert!(!message.contains("panicked"), "{message}");
    message
}

#[test]
fn summary_reports_metrics_workers_and_timeline() {
    let output = gil_lab(&["run", &example("convoy.toml")]);
    assert!(output.status.success(), "stderr: {}", stderr(&output));
    let text = stdout(&output);
    for expected in [
        "The convoy effect",
        "Python           3.12",
        "cores            2",
        "switch interval  5.00 ms",
        "wall time",
        "sequential baseline",
        "speedup",
        "CPU utilization",
        "core 1",
        "GIL hand-offs",
        "forced switches",
        "drop requests",
        "futile wake-ups",
        "preemptions",
        "I/O resumes              100",
        "p99",
        "finished at  CPU time  GIL wait  core wait",
        "Timeline",
        "  CPU cores\n",
        "  main process\n",
        "Legend:",
        "G running with the GIL",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    let hog = text
        .lines()
        .find(|line| line.trim_start().starts_with("hog ") && line.contains('|'))
        .expect("a timeline row for hog");
    let bar = hog.split('|').nth(1).expect("the row has a bar");
    assert_eq!(bar.chars().count(), 100);
    assert!(bar.chars().all(|c| c == 'G' || c == 's'), "the hog holds the GIL throughout: {bar}");
}

#[test]
fn every_example_runs() {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut count = 0;
    for entry in std::fs::read_dir(directory).expect("examples/ exists") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_some_and(|extension| extension == "toml") {
            let output = gil_lab(&["run", path.to_str().expect("UTF-8 path")]);
            assert!(output.status.success(), "{}: {}", path.display(), stderr(&output));
            count += 1;
        }
    }
    assert!(count >= 7, "only {count} examples");
}

/// Every scenario file in examples/, read as the command line reads it.
fn examples() -> Vec<(PathBuf, ScenarioSpec)> {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(directory)
        .expect("examples/ exists")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "toml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let spec = toml::from_str(&std::fs::read_to_string(&path).expect("readable"))
                .expect("a scenario");
            (path, spec)
        })
        .collect()
}

#[test]
fn url_prints_a_lab_link_that_opens_the_same_scenario() {
    for (path, spec) in examples() {
        let output = gil_lab(&[
            "url",
            path.to_str().expect("UTF-8 path"),
            "--base",
            "https://example.org/gil/",
        ]);
        assert!(output.status.success(), "{}: {}", path.display(), stderr(&output));
        let link = stdout(&output);
        let query = link
            .trim_end()
            .strip_prefix("https://example.org/gil/lab/?")
            .unwrap_or_else(|| panic!("{link}"));
        assert_eq!(gil_link::query::read(query), (spec, vec![]), "{}", path.display());
    }
    let without_slash =
        stdout(&gil_lab(&["url", &example("convoy.toml"), "--base", "https://x.org/gil"]));
    assert!(without_slash.starts_with("https://x.org/gil/lab/?v=2&"), "{without_slash}");
    let default_base = stdout(&gil_lab(&["url", &example("convoy.toml")]));
    assert!(
        default_base
            .starts_with("http://127.0.0.1:8080/lab/?v=2&title=The+convoy+effect&py=3.12&c=2"),
        "{default_base}"
    );
    let broken = TempFile::with(
        "broken-url.toml",
        "[[workers]]\nkind = \"thread\"\nprogram = \"cpu fast\"\n",
    );
    let message = failure(gil_lab(&["url", broken.path()]));
    assert!(message.contains("workers[0].program") && message.contains("fast"), "{message}");
}

#[test]
fn every_page_is_a_file_at_its_address_reaching_up_to_the_base_with_its_own_head() {
    let dist = std::env::temp_dir().join(format!("gil-lab-cli-{}-pages", std::process::id()));
    std::fs::create_dir_all(&dist).expect("the temp dir is writable");
    let page = r#"<meta content="The app." name=description><meta name="gil-lab-base" content="./"><title>GIL Lab</title><script type=module src="./boot.js"></script>"#;
    std::fs::write(dist.join("index.html"), page).expect("the temp dir is writable");
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    let write = |site: &str| {
        gil_lab(&[
            "write-pages",
            content.to_str().expect("UTF-8"),
            "--dist",
            dist.to_str().expect("UTF-8"),
            "--site",
            site,
        ])
    };
    let refused = write("gil.example.org");
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("--site") && stderr(&refused).contains("gil.example.org"));
    let output = write("https://x.org/gil");
    assert!(output.status.success(), "{}", stderr(&output));
    let read = |path: &str| std::fs::read_to_string(dist.join(path)).unwrap_or_default();
    let step = read("lesson/convoy-effect/2/index.html");
    assert!(
        step.contains(r#"content="../../../""#) && step.contains(r#"src="../../../boot.js""#),
        "{step}"
    );
    assert!(
        step.contains("<title>The convoy effect — Why a whole interval · GIL Lab</title>")
            && step
                .contains(r#"<meta name="description" content="Zoom in on one round trip of io"#)
            && step.contains(r#"<meta property="og:title" content="The convoy effect — Why"#),
        "a step's title and description, from its lesson: {step}"
    );
    assert!(
        step.contains(r#"<link rel="canonical" href="https://x.org/gil/lesson/convoy-effect/2/">"#),
        "{step}"
    );
    assert!(read("lab/index.html").contains(r#"src="../boot.js""#));
    assert!(read("lab/index.html").contains("<title>Lab · GIL Lab</title>"));
    for page in ["lessons", "compare", "fidelity"] {
        assert!(read(&format!("{page}/index.html")).contains(r#"content="../""#), "{page}");
    }
    let home = read("index.html");
    assert!(
        home.contains("<title>GIL Lab: ")
            && !home.contains("The app.")
            && home.contains(r#"src="./boot.js""#),
        "home gets its head and keeps its URLs: {home}"
    );
    let pages: Vec<String> =
        serde_json::from_str(&read("pages.json")).expect("a list of addresses");
    assert_eq!(pages[..5], ["./", "lessons/", "lab/", "compare/", "fidelity/"]);
    assert!(pages.contains(&"lesson/convoy-effect/2/".to_string()), "{pages:?}");
    for address in &pages[5..] {
        assert!(dist.join(address).join("index.html").is_file(), "{address}");
    }
    let sitemap = read("sitemap.xml");
    assert_eq!(sitemap.matches("<loc>").count(), pages.len(), "every page in the sitemap");
    assert!(sitemap.contains("<loc>https://x.org/gil/lesson/convoy-effect/2/</loc>"), "{sitemap}");
    assert!(read("robots.txt").contains("Sitemap: https://x.org/gil/sitemap.xml"));
    let _ = std::fs::remove_dir_all(&dist);
}

#[test]
fn a_scenario_the_page_writes_runs_as_the_original() {
    for (path, spec) in examples() {
        let written = TempFile::with(
            &format!(
                "written-{}",
                path.file_name().and_then(|name| name.to_str()).expect("a name")
            ),
            &gil_link::toml_text::write(&spec),
        );
        let original = gil_lab(&["run", "--json", path.to_str().expect("UTF-8 path")]);
        let copy = gil_lab(&["run", "--json", written.path()]);
        assert!(copy.status.success(), "{}: {}", path.display(), stderr(&copy));
        assert_eq!(stdout(&copy), stdout(&original), "{}", path.display());
    }
}

#[test]
fn json_output_has_the_documented_schema() {
    let output = gil_lab(&["run", &example("convoy.toml"), "--json"]);
    assert!(output.status.success(), "stderr: {}", stderr(&output));
    let document: Value = serde_json::from_slice(&output.stdout).expect("--json prints JSON");
    assert_eq!(document["schema_version"], 3);
    assert_eq!(document["scenario"]["python"], "3.12");
    assert_eq!(document["scenario"]["workers"][1]["program"], "repeat 100 { io 1ms; cpu 20us }");
    let trace = &document["trace"];
    let lanes = trace["lanes"].as_array().expect("lanes");
    assert!(lanes.iter().any(|lane| lane["name"] == "hog"
        && lane["kind"] == "thread"
        && lane["group"] == "main process"));
    let spans = trace["spans"].as_array().expect("spans");
    assert!(spans
        .iter()
        .all(|span| span["start"].as_u64() < span["end"].as_u64() && span["state"].is_string()));
    let events = trace["events"].as_array().expect("events");
    assert!(!events.is_empty());
    assert!(events
        .iter()
        .all(|event| event["text"].as_str().is_some_and(|text| text.ends_with('.'))));
    assert!(events.iter().any(|event| event["kind"] == "drop_requested"));
    let metrics = &trace["metrics"];
    assert!(metrics["makespan"].as_u64().is_some_and(|makespan| makespan > 2_000_000_000));
    assert_eq!(metrics["io_resume"]["count"], 100);
    assert_eq!(metrics["workers"][0]["name"], "hog");
}

#[test]
fn a_deadlock_ends_the_run_and_is_reported_first() {
    let output = gil_lab(&["run", &example("deadlock.toml")]);
    assert!(output.status.success(), "a deadlock is not an error: {}", stderr(&output));
    let text = stdout(&output);
    let report = text.find("DEADLOCK at 1.11 ms").unwrap_or_else(|| panic!("{text}"));
    assert!(report < text.find("Metrics").expect("the metrics"), "{text}");
    assert!(
        text.contains("  A waits for lock b, held by B\n  B waits for lock a, held by A\n"),
        "{text}"
    );
    assert!(text.contains("D deadlocked: waits forever"), "the legend names the state: {text}");

    let output = gil_lab(&["run", &example("deadlock.toml"), "--json"]);
    let document: Value = serde_json::from_slice(&output.stdout).expect("--json prints JSON");
    let deadlock = &document["trace"]["metrics"]["deadlock"];
    assert_eq!(deadlock["at"], 1_110_440);
    assert_eq!(
        deadlock["waits"][0],
        serde_json::json!({"thread": "A", "lane": 4, "on": "lock", "name": "b", "group": "main process", "holder": "B"})
    );
    let events = document["trace"]["events"].as_array().expect("events");
    assert_eq!(events.last().expect("events")["kind"], "deadlocked");
    let without = gil_lab(&["run", &example("producer-consumer.toml"), "--json"]);
    let document: Value = serde_json::from_slice(&without.stdout).expect("--json prints JSON");
    assert!(document["trace"]["metrics"].get("deadlock").is_none(), "left out without a deadlock");
}

#[test]
fn perfetto_writes_a_chrome_trace_and_keeps_the_summary() {
    let trace_file = TempFile::new("convoy-trace.json");
    let output = gil_lab(&["run", &example("convoy.toml"), "--perfetto", trace_file.path()]);
    assert!(output.status.success(), "stderr: {}", stderr(&output));
    assert!(stdout(&output).contains("wall time"));
    assert!(stdout(&output).contains(trace_file.path()));
    let trace: Value = serde_json::from_str(
        &std::fs::read_to_string(&trace_file.0).expect("the trace file exists"),
    )
    .expect("JSON");
    let events = trace["traceEvents"].as_array().expect("traceEvents");
    assert!(events.iter().any(|event| event["ph"] == "X"));
    assert!(events.iter().any(|event| event["ph"] == "M" && event["args"]["name"] == "hog"));
}

#[test]
fn json_and_perfetto_together_keep_stdout_pure_json() {
    let trace_file = TempFile::new("both-trace.json");
    let output =
        gil_lab(&["run", &example("asyncio.toml"), "--json", "--perfetto", trace_file.path()]);
    assert!(output.status.success(), "stderr: {}", stderr(&output));
    serde_json::from_slice::<Value>(&output.stdout).expect("stdout is only the JSON document");
    assert!(trace_file.0.exists());
}

#[test]
fn a_bad_field_is_named_with_what_is_allowed() {
    let file =
        TempFile::with("bad-kind.toml", "[[workers]]\nkind = \"fibre\"\nprogram = \"cpu 1ms\"\n");
    let message = failure(gil_lab(&["run", file.path()]));
    assert!(message.contains(file.path()), "{message}");
    assert!(message.contains("workers[0].kind"), "{message}");
    assert!(message.contains("allowed: thread, process, task or interpreter"), "{message}");
}

#[test]
fn a_program_error_names_the_worker_line_and_column() {
    let file = TempFile::with(
        "bad-program.toml",
        "[[workers]]\nkind = \"thread\"\nprogram = \"\"\"\ncpu 1ms\nsleep 2ms\n\"\"\"\n",
    );
    let message = failure(gil_lab(&["run", file.path()]));
    assert!(
        message.contains("workers[0].program: line 2, column 1: unknown statement 'sleep'"),
        "{message}"
    );
}

#[test]
fn a_toml_syntax_error_names_the_file_and_line() {
    let file = TempFile::with("bad-syntax.toml", "python = \"3.12\"\n\ncores = \n");
    let message = failure(gil_lab(&["run", file.path()]));
    assert!(message.contains(file.path()), "{message}");
    assert!(message.contains("line 3"), "{message}");
}

#[test]
fn an_unknown_field_is_refused() {
    let file = TempFile::with("unknown-field.toml", "python = \"3.12\"\ncpus = 4\n");
    let message = failure(gil_lab(&["run", file.path()]));
    assert!(message.contains("unknown field `cpus`"), "{message}");
    assert!(message.contains("line 2"), "{message}");
}

#[test]
fn a_missing_file_is_named() {
    let missing = TempFile::new("does-not-exist.toml");
    let message = failure(gil_lab(&["run", missing.path()]));
    assert!(message.contains(missing.path()), "{message}");
}

#[test]
fn usage_errors_exit_with_status_2() {
    assert_eq!(gil_lab(&[]).status.code(), Some(2));
    assert_eq!(gil_lab(&["run"]).status.code(), Some(2));
    assert_eq!(gil_lab(&["run", &example("convoy.toml"), "--colour"]).status.code(), Some(2));
}

/// The same scenario on `python`: threads that increment a shared counter through a call, a
/// process started the version's default way, and a subinterpreter.
fn on_python(python: &str) -> String {
    format!(
        "python = \"{python}\"\ncores = 2\n\n[[workers]]\nkind = \"thread\"\ncount = 2\nprogram = \"cpu 20ms; increment c 1000 via_call; io 1ms\"\n\n\
         [[workers]]\nkind = \"process\"\nprogram = \"cpu 10ms; send 1MB\"\n\n[[workers]]\nkind = \"interpreter\"\nprogram = \"cpu 5ms\"\n"
    )
}

#[test]
fn python_3_15_and_3_15t_run_as_3_14_and_3_14t() {
    for (python, same_as) in [("3.15", "3.14"), ("3.15t", "3.14t")] {
        let file = TempFile::with(&format!("python-{python}.toml"), &on_python(python));
        let output = gil_lab(&["run", file.path()]);
        assert!(output.status.success(), "{python}: {}", stderr(&output));
        assert!(
            stdout(&output).contains(&format!("Python           {python} (")),
            "{}",
            stdout(&output)
        );
        // The trace without the version it names: everything simulated.
        let trace = |file: &TempFile, version: &str| {
            let output = gil_lab(&["run", "--json", file.path()]);
            assert!(output.status.success(), "{}", stderr(&output));
            let mut trace = serde_json::from_slice::<Value>(&output.stdout)
                .expect("stdout is JSON")["trace"]
                .clone();
            assert!(trace["spans"].as_array().is_some_and(|spans| !spans.is_empty()), "{trace}");
            assert_eq!(
                trace.as_object_mut().and_then(|trace| trace.remove("python")),
                Some(Value::from(version))
            );
            trace
        };
        let older = TempFile::with(&format!("python-{same_as}.toml"), &on_python(same_as));
        assert_eq!(trace(&file, python), trace(&older, same_as), "{python} simulates as {same_as}");
    }
}

#[test]
fn an_unknown_python_names_every_version_allowed() {
    let file = TempFile::with(
        "python-3-16.toml",
        "python = \"3.16\"\n[[workers]]\nkind = \"thread\"\nprogram = \"cpu 1ms\"\n",
    );
    let message = failure(gil_lab(&["run", file.path()]));
    assert!(message.contains("'3.16' is not a Python version"), "{message}");
    assert!(message.contains("3.2 to 3.15") && message.contains("3.13t to 3.15t"), "{message}");
}

/// `gil-lab python FILE` into a file, run with python3: its output, ending with the result line.
fn run_python_program(example_name: &str, program: &TempFile) -> String {
    let written = gil_lab(&["python", &example(example_name)]);
    assert!(written.status.success(), "{}", stderr(&written));
    std::fs::write(&program.0, &written.stdout).expect("the temp dir is writable");
    let ran = Command::new("python3")
        .arg(program.path())
        .output()
        .expect("python3 is needed to run the program; put it on PATH");
    assert!(ran.status.success(), "{}", stderr(&ran));
    stdout(&ran)
}

#[test]
fn python_writes_a_program_that_runs_and_compare_sets_its_run_beside_the_simulation() {
    let output = run_python_program("convoy.toml", &TempFile::new("convoy.py"));
    let last = output.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("GIL-LAB-RESULT {") && last.contains("\"hog\"") && last.contains("\"io\""),
        "{output}"
    );
    let result = TempFile::with("convoy-result.txt", &output);
    let compared = gil_lab(&["compare", &example("convoy.toml"), result.path()]);
    assert!(compared.status.success(), "{}", stderr(&compared));
    let text = stdout(&compared);
    assert!(text.starts_with("Your run (CPython 3."), "{text}");
    let measures: Vec<&str> = text
        .lines()
        .skip(2)
        .take(6)
        .map(|line| line.split("  ").nth(1).unwrap_or_default())
        .collect();
    assert_eq!(
        measures,
        [
            "Measure",
            "Wall time",
            "hog finished",
            "io finished",
            "I/O resume latency p50",
            "I/O resume latency p99"
        ],
        "{text}"
    );
    assert!(text.lines().nth(3).is_some_and(|wall| wall.trim_end().ends_with('×')), "{text}");
}

#[test]
fn python_version_picks_the_target_and_compare_simulates_it() {
    let program = stdout(&gil_lab(&["python", &example("convoy.toml"), "--version", "3.9"]));
    assert!(
        program.starts_with("\"\"\"GIL Lab, \"The convoy effect\": 2 threads on Python 3.9."),
        "{program}"
    );
    assert!(program.contains("Run it with python3.9 on a machine with 2 cores."), "{program}");
    assert!(!program.contains("refuses"), "{program}");
    let line = "GIL-LAB-RESULT {\"cores\":2,\"finish_ms\":{\"hog\":2000.5,\"io\":600.25},\"format\":1,\"gil\":true,\
                \"implementation\":\"CPython\",\"io_resume_ms\":[5.0],\"python\":\"3.9.18\",\"scenario\":\"SCENARIO\",\"wall_ms\":2001.0}";
    let scenario = program
        .lines()
        .find_map(|line| line.strip_prefix("SCENARIO = \"")?.strip_suffix('"'))
        .expect("the fingerprint");
    let result = TempFile::with("convoy-3-9.txt", &line.replace("SCENARIO", scenario));
    let elsewhere = stdout(&gil_lab(&["compare", &example("convoy.toml"), result.path()]));
    assert!(
        elsewhere.contains("  - You ran Python 3.9; the simulation is of Python 3.12. Add --version 3.9 to simulate the Python you ran.\n"),
        "{elsewhere}"
    );
    let alike =
        stdout(&gil_lab(&["compare", &example("convoy.toml"), result.path(), "--version", "3.9"]));
    assert!(
        alike.starts_with("Your run (CPython 3.9.18 on 2 cores) beside the simulation of "),
        "{alike}"
    );
    assert!(!alike.contains("The setups differ"), "{alike}");
}

#[test]
fn compare_names_what_is_wrong_with_the_result() {
    let convoy = example("convoy.toml");
    let nothing =
        TempFile::with("no-result.txt", "wall time: 2.077 s\nTraceback (most recent call last):\n");
    assert_eq!(
        failure(gil_lab(&["compare", &convoy, nothing.path()])),
        format!(
            "error: {}: There is no line starting with GIL-LAB-RESULT in the run's output: save the program's whole output, \
             or its last line.\n",
            nothing.path()
        )
    );
    let other = stdout(&gil_lab(&["python", &example("cpu-threads.toml")]));
    let fingerprint = other
        .lines()
        .find_map(|line| line.strip_prefix("SCENARIO = \"")?.strip_suffix('"'))
        .expect("the fingerprint");
    let result = TempFile::with(
        "other-result.txt",
        &format!("GIL-LAB-RESULT {{\"format\":1,\"scenario\":\"{fingerprint}\"}}\n"),
    );
    let message = failure(gil_lab(&["compare", &convoy, result.path()]));
    assert!(message.contains(": This result is from another scenario: "), "{message}");
    assert!(
        message.ends_with("Run the program that `gil-lab python` writes for this one.\n"),
        "{message}"
    );
    let missing = failure(gil_lab(&["compare", &convoy, "no-such-output.txt"]));
    assert!(missing.starts_with("error: cannot read no-such-output.txt: "), "{missing}");
}

#[test]
fn a_bad_version_is_named_with_every_version_allowed() {
    for command in [
        vec!["python", "FILE", "--version", "4.0"],
        vec!["compare", "FILE", "out.txt", "--version", "4.0"],
    ] {
        let convoy = example("convoy.toml");
        let args: Vec<&str> =
            command.iter().map(|arg| if *arg == "FILE" { convoy.as_str() } else { arg }).collect();
        assert_eq!(
            failure(gil_lab(&args)),
            "error: --version 4.0 is not a Python version the simulator knows; \
             allowed: 2.7, 3.1 (old GIL), 3.2 to 3.15, 3.13t to 3.15t (free-threaded)\n"
        );
    }
    let asyncio = failure(gil_lab(&["python", &example("asyncio.toml"), "--version", "2.7"]));
    assert!(asyncio.contains("asyncio.toml: workers[0]"), "{asyncio}");
}
