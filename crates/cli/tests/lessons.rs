//! The lesson format and its checks: what a lesson file may say, the messages for what it may
//! not, and that every lesson in content/ passes; the page gets exactly what the files say, from
//! each lesson's JSON file, read by the page's decoder.

use std::path::{Path, PathBuf};

use gil_lessons::check::{check_lesson, find_setting};
use gil_lessons::condition::Metric;
use gil_lessons::controls::Control;
use gil_lessons::format::parse;
use gil_lessons::lesson_file::read::lesson_details;
use gil_lessons::lesson_file::write::lesson_json;
use gil_lessons::load::load_folder;
use gil_lessons::model::{Lesson, LessonDetails};

const BASE: &str = r#"+++
title = "Test"
summary = "A lesson for the tests."

[scenario]
python = "3.12"
cores = 2

[[scenario.workers]]
name = "hog"
kind = "thread"
count = 2
program = "cpu 20ms"

[[scenario.workers]]
name = "io"
kind = "thread"
program = "repeat 10 { io 1ms; cpu 10us }"
+++
"#;

/// A path in the repository, whatever folder the test runs in.
fn repository(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(path)
}

fn lesson(steps: &str) -> String {
    format!("{BASE}{steps}")
}

fn error(steps: &str) -> String {
    parse("content/07-test.md", &lesson(steps)).expect_err("the lesson is wrong").to_string()
}

#[test]
fn a_step_compares_with_an_earlier_step_only() {
    let parsed =
        parse("content/07-test.md", &lesson("\n## A\n\n## B\n\n```step\ncompare_with = 1\n```\n"))
            .expect("valid");
    assert_eq!(
        parsed.lesson.steps[1].compare_with,
        Some(0),
        "step 1 of the file is the first, counted from 0"
    );
    assert_eq!(
        read_back(&parsed.lesson).steps[1].compare_with,
        Some(0),
        "the lesson's file keeps it"
    );
    assert!(error("\n## A\n\n```step\ncompare_with = 1\n```\n")
        .ends_with("step 1 \"A\": compare_with = 1 is not an earlier step of the lesson; the first step has none"));
    assert!(error("\n## A\n\n## B\n\n```step\ncompare_with = 2\n```\n").ends_with(
        "step 2 \"B\": compare_with = 2 is not an earlier step of the lesson; allowed: 1 to 1"
    ));
}

#[test]
fn a_step_is_a_heading_its_text_and_its_settings() {
    let text = lesson(
        "\n## One <em>step</em>\n\nSome *text* <script>x()</script>.\n\n```step\ncontrols = [\"cores\", \"count:hog\"]\n[scenario]\ncores = 4\n[[scenario.workers]]\nname = \"io\"\ncount = 0\n[[scenario.workers]]\nname = \"proc\"\nkind = \"process\"\nprogram = \"cpu 5ms\"\n```\n\nMore text.\n\n## Two\n\n```python\nprint(1)\n```\n",
    );
    let parsed = parse("content/07-test.md", &text).expect("valid");
    let lesson = &parsed.lesson;
    assert_eq!(lesson.slug, "test");
    assert_eq!(lesson.steps.len(), 2);
    let first = &lesson.steps[0];
    assert_eq!(first.title, "One <em>step</em>", "the heading's text, raw HTML as text");
    let html = &parsed.texts[0];
    assert!(html.contains("<em>text</em>") && html.contains("More text."), "{html}");
    assert!(html.contains("&lt;script&gt;") && !html.contains("controls ="), "{html}");
    assert!(!html.contains("One"), "the title is not part of the text: {html}");
    assert_eq!(first.controls, vec![Control::Cores, Control::Count("hog".into())]);
    assert_eq!(first.scenario.cores, 4);
    let names: Vec<_> = first
        .scenario
        .workers
        .iter()
        .map(|worker| worker.name.clone().unwrap_or_default())
        .collect();
    assert_eq!(names, vec!["hog", "proc"], "count = 0 removes io; an unknown name adds a worker");
    let second = &lesson.steps[1];
    assert_eq!(
        second.scenario.cores, 2,
        "each step starts from the base, not from the step before"
    );
    assert_eq!(second.scenario.workers.len(), 2);
    assert_eq!(parsed.python, vec![(1, "print(1)\n".to_string())]);
}

#[test]
fn mistakes_are_named_with_file_line_and_step() {
    assert_eq!(
        error("\n## A\n\n```step\ncontrols = [\"count:nobody\"]\n```\n"),
        "content/07-test.md:21: step 1 \"A\": control 'count:nobody' names no worker of this step; the named workers are: hog, io"
    );
    assert!(error("\n## A\n\n```step\ncolour = 1\n```\n")
        .starts_with("content/07-test.md:24: step 1 \"A\": unknown field `colour`"));
    assert!(error("\nIntro text.\n\n## A\n").contains(":21: text before the first step"));
    assert!(error("\n").contains("the lesson has no steps"));
    assert!(error("\n## A\n\n```step\ncontrols = [\"speed\"]\n```\n")
        .contains("'speed' is not a control; allowed: cores, python"));
    assert!(error("\n## A\n\n```step\n[prediction]\nquestion = \"?\"\nexplanation = \".\"\n[[prediction.choices]]\ntext = \"a\"\ncheck = \"speedup < 1\"\n```\n")
        .contains("prediction has 1 choice(s); allowed: at least 2"));
    assert!(error("\n## A\n\n```step\n[[prediction.choices]]\n```\n").contains("step 1 \"A\""));
    assert!(error("\n## A\n\n```step\n[challenge]\ngoal = \"g\"\ncheck = \"speedup > 1.5\"\nsuccess = \"s\"\n```\n")
        .contains("opens no controls"));
    assert!(error("\n## A\n\n```step\ncontrols = [\"cores\"]\n[challenge]\ngoal = \"g\"\ncheck = \"speed > 1.5\"\nsuccess = \"s\"\n```\n")
        .contains("challenge.check: 'speed' is not a metric"));
    assert!(error("\n## A\n\n```step\n```\n\n```step\n```\n").contains("2 `step` blocks"));
    assert!(error(
        "\n## A\n\n```step\ncontrols = [\"cores\"]\n[challenge]\ngoal = \"g\"\ncheck = \"speedup > 1.5\"\nsuccess = \"With `fork`\"\n```\n"
    )
    .contains("challenge.success is plain text, shown as written: write it without Markdown's backquotes"));
    let no_front = parse("content/07-test.md", "## A\n").expect_err("no front matter").to_string();
    assert!(no_front.contains(":1: a lesson starts with a line '+++'"), "{no_front}");
    let bad_name = parse("content/Test.md", &lesson("\n## A\n")).expect_err("bad name").to_string();
    assert!(bad_name.contains("is not a name such as 04-convoy-effect.md"), "{bad_name}");
}

fn checked(steps: &str) -> Vec<String> {
    let parsed = parse("content/07-test.md", &lesson(steps)).expect("valid");
    check_lesson(&parsed).iter().map(ToString::to_string).collect()
}

const PREDICTION: &str = "[prediction]\nquestion = \"How fast?\"\nexplanation = \"The GIL.\"\n";

#[test]
fn the_simulation_decides_which_prediction_is_right() {
    let good = format!("\n## A\n\n```step\n{PREDICTION}[[prediction.choices]]\ntext = \"fast\"\ncheck = \"speedup > 1.5\"\n[[prediction.choices]]\ntext = \"slow\"\ncheck = \"speedup < 1.3\"\n```\n");
    assert_eq!(checked(&good), Vec::<String>::new());
    let both = good.replace("speedup > 1.5", "wall_time > 1ms");
    let problems = checked(&both);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("prediction: 2 choices hold (fast; slow), exactly one must; the simulation gives wall_time = "),
        "{}",
        problems[0]
    );
    let neither = good.replace("speedup < 1.3", "speedup < 0.5");
    assert!(checked(&neither)[0].contains("prediction: 0 choices hold (none)"));
}

#[test]
fn a_challenge_must_be_reachable_and_not_met_already() {
    let challenge = |check: &str| {
        format!("\n## A\n\n```step\ncontrols = [\"kind:hog\"]\n[challenge]\ngoal = \"Go faster.\"\ncheck = \"{check}\"\nsuccess = \"Yes.\"\n```\n")
    };
    assert_eq!(checked(&challenge("speedup >= 1.5")), Vec::<String>::new());
    let parsed = parse("content/07-test.md", &lesson(&challenge("speedup >= 1.5"))).expect("valid");
    let setting = find_setting(&parsed.lesson.steps[0]).expect("reachable");
    assert_eq!(
        setting,
        vec![(Control::Kind("hog".into()), "process".to_string())],
        "threads do not reach it; processes are the first kind that does"
    );
    assert!(checked(&challenge("speedup >= 5"))[0].contains(
        "challenge: no setting of the controls it opens (kind:hog) meets 'the speedup ≥ 5×'"
    ));
    assert!(checked(&challenge("speedup < 5"))[0]
        .contains("is already met before the learner changes anything (speedup = "));
}

#[test]
fn every_lesson_in_content_passes_its_checks() {
    let lessons =
        load_folder(&repository("content")).unwrap_or_else(|problems| panic!("{problems:?}"));
    let problems: Vec<String> =
        lessons.iter().flat_map(check_lesson).map(|problem| problem.to_string()).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    for parsed in &lessons {
        assert_eq!(
            read_back(&parsed.lesson),
            details(&parsed.lesson),
            "{}: its JSON file says what the lesson file says",
            parsed.file
        );
    }
}

fn details(lesson: &Lesson) -> LessonDetails {
    LessonDetails { reading: lesson.reading.clone(), steps: lesson.steps.clone() }
}

/// A lesson's JSON file read back by the page's decoder (here over serde_json's values).
fn read_back(lesson: &Lesson) -> LessonDetails {
    let json: serde_json::Value =
        serde_json::from_str(&lesson_json(lesson)).expect("the file is JSON");
    lesson_details(json, lesson.steps.len())
        .unwrap_or_else(|problem| panic!("{}: {problem}", lesson.slug))
}

#[test]
fn a_lessons_json_file_keeps_costs_predictions_challenges_and_optional_fields() {
    let text = lesson(&format!(
        "\n## A\n\n```step\ncontrols = [\"kind:hog\", \"seed\"]\n[scenario]\nseed = 9007199254740991\n[scenario.costs]\nlock = \"300ns\"\nold_waiter_wins = \"7%\"\n[[scenario.workers]]\nname = \"proc\"\nkind = \"process\"\nstart_method = \"spawn\"\nprogram = \"cpu 5ms\"\n{PREDICTION}[[prediction.choices]]\ntext = \"a\"\ncheck = \"speedup < 1.3 and io_p99 >= 4.5ms\"\n[[prediction.choices]]\ntext = \"b\"\ncheck = \"cpu_utilization > 90%\"\n[challenge]\ngoal = \"g\"\ncheck = \"lost_updates <= 0.5\"\nsuccess = \"s\"\n```\n\n## B\n"
    ));
    let parsed = parse("content/07-test.md", &text).expect("valid");
    let step = &parsed.lesson.steps[0];
    assert!(
        !step.scenario.costs.is_empty() && step.prediction.is_some() && step.challenge.is_some(),
        "the lesson sets what this test is about"
    );
    assert_eq!(read_back(&parsed.lesson), details(&parsed.lesson));
}

#[test]
fn deadlocked_threads_counts_the_threads_left_waiting() {
    let example = |name: &str| -> gil_sim::Trace {
        let text = std::fs::read_to_string(repository(&format!("examples/{name}")))
            .expect("the example exists");
        let spec: gil_sim::ScenarioSpec = toml::from_str(&text).expect("a scenario");
        gil_sim::simulate(&gil_sim::Scenario::from_spec(&spec).expect("valid")).expect("runs")
    };
    let deadlocked = example("deadlock.toml");
    let finished = example("producer-consumer.toml");
    let check = gil_lessons::condition::Condition::parse("deadlocked_threads >= 2").expect("valid");
    assert!(check.holds(&deadlocked.metrics) && !check.holds(&finished.metrics));
    assert_eq!(Metric::DeadlockedThreads.value(&deadlocked.metrics), 2.0);
    assert_eq!(Metric::DeadlockedThreads.value(&finished.metrics), 0.0);
}

#[test]
fn wiring_metrics_named_in_conditions_are_documented() {
    let guide = std::fs::read_to_string(repository("docs/writing-lessons.md"))
        .expect("docs/writing-lessons.md exists");
    for metric in Metric::ALL {
        assert!(
            guide.contains(&format!("`{}`", metric.name())),
            "docs/writing-lessons.md does not document {}",
            metric.name()
        );
    }
}

/// A folder of lesson files in the temp directory, removed when dropped.
struct TempFolder(std::path::PathBuf);

impl TempFolder {
    fn with(name: &str, files: &[(&str, String)]) -> TempFolder {
        let folder =
            std::env::temp_dir().join(format!("gil-lab-lessons-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&folder).expect("the temp dir is writable");
        for (file, text) in files {
            std::fs::write(folder.join(file), text).expect("the temp dir is writable");
        }
        TempFolder(folder)
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn gil_lab(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_gil-lab"))
        .args(args)
        .output()
        .expect("the gil-lab binary runs")
}

/// Fails the test, saying why, where there is no python3 to compile the lessons' snippets with.
fn require_python3() {
    let found = std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success());
    assert!(
        found,
        "python3 is needed to check the lessons' Python snippets; install it, or put it on PATH"
    );
}

#[test]
fn gil_lab_check_names_each_problem_with_its_file_and_step() {
    let wrong = lesson(&format!(
        "\n## Fast?\n\n```python\nprint(\n```\n\n```step\n{PREDICTION}[[prediction.choices]]\ntext = \"a\"\ncheck = \"wall_time > 1ms\"\n[[prediction.choices]]\ntext = \"b\"\ncheck = \"wall_time > 2ms\"\n```\n"
    ));
    require_python3();
    let folder = TempFolder::with(
        "check",
        &[("01-wrong.md", wrong), ("02-right.md", lesson("\n## Fine\n\nText.\n"))],
    );
    let output = gil_lab(&["check", folder.0.to_str().expect("UTF-8 path")]);
    let report = String::from_utf8_lossy(&output.stdout).to_string();
    assert_eq!(output.status.code(), Some(1), "{report}");
    let file = folder.0.join("01-wrong.md").display().to_string();
    assert!(
        report.contains(&format!("{file}: step 1 \"Fast?\": prediction: 2 choices hold (a; b)")),
        "{report}"
    );
    assert!(
        report.contains(&format!(
            "{file}: step 1 \"Fast?\": a Python snippet does not compile (line 1 of the snippet)"
        )),
        "{report}"
    );
    assert!(
        report.contains("2 lessons, 2 steps, 1 predictions, 0 challenges: 2 problem(s)"),
        "{report}"
    );
}

/// Two hogs on 3.12 share the GIL: the speedup is about 1.0×, so "slow" holds.
fn speedup_step(text: &str, explanation: &str) -> String {
    lesson(&format!(
        "\n## Fast?\n\n{text}\n\n```step\n[prediction]\nquestion = \"How fast?\"\nexplanation = \"{explanation}\"\n\
         [[prediction.choices]]\ntext = \"slow\"\ncheck = \"speedup < 1.2\"\n[[prediction.choices]]\ntext = \"fast\"\ncheck = \"speedup >= 1.2\"\n```\n"
    ))
}

#[test]
fn gil_lab_check_fails_when_a_steps_words_disagree_with_its_run_or_its_page() {
    let wrong = speedup_step("Watch the Forced switches card.", "About **1.5×**: the GIL.");
    let folder = TempFolder::with("words", &[("01-wrong.md", wrong)]);
    let output = gil_lab(&["check", "--no-python", folder.0.to_str().expect("UTF-8 path")]);
    let report = String::from_utf8_lossy(&output.stdout).to_string();
    assert_eq!(output.status.code(), Some(1), "{report}");
    assert!(report.contains("explanation: its answer '1.5×' contradicts the choice that holds, 'slow' (the speedup < 1.2×)"), "{report}");
    assert!(report.contains("text: it points at the Forced switches card, which this step folds under 'All metrics'"), "{report}");
    assert!(report.contains("2 problem(s)"), "{report}");

    let right = speedup_step("Watch the Speedup card.", "About **{{speedup}}**: the GIL.");
    let folder = TempFolder::with("words-right", &[("01-right.md", right)]);
    let output = gil_lab(&["check", "--no-python", folder.0.to_str().expect("UTF-8 path")]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stdout));
}

#[test]
fn a_figure_must_name_a_metric_of_a_run_the_step_has() {
    assert!(error("\n## A\n\nIt took {{throughput}}.\n")
        .contains("the text: {{throughput}}: 'throughput' is not a metric"));
    assert!(error("\n## A\n\nStep 1 took {{compare_with:wall_time}}.\n").contains(
        "the text names a figure of compare_with's run, but the step sets no compare_with"
    ));
    assert!(error("\n## A\n\nIt took {{wall_time.\n").contains("'{{' without its '}}'"));
}

#[test]
fn gil_lab_export_lessons_fills_a_texts_figures_from_its_run_as_the_cards_write_them() {
    let text =
        speedup_step("Two hogs: {{wall_time}}, `{{wall_time}}` in code.", "It was {{speedup}}.")
            + "\n## Again\n\nBefore: {{compare_with:speedup}}.\n\n```step\ncompare_with = 1\n```\n";
    let out = exported("figures", &text);
    let spec = parse("content/01-one.md", &text).expect("valid").lesson.steps[0].scenario.clone();
    let metrics = gil_lessons::check::run(&spec).expect("runs");
    let (wall, speedup) = (Metric::WallTime.figure(&metrics), Metric::Speedup.figure(&metrics));
    let first = written(&out, "1.html").expect("step 1's text");
    assert!(
        first.starts_with(&format!(
            "<p>Two hogs: {wall}, <code>&#123;&#123;wall_time&#125;&#125;</code> in code.</p>"
        )),
        "{first}"
    );
    assert_eq!(
        written(&out, "1-why.html").as_deref(),
        Some(format!("<p>It was {speedup}.</p>\n").as_str())
    );
    assert_eq!(
        written(&out, "2.html").as_deref(),
        Some(format!("<p>Before: {speedup}.</p>\n").as_str())
    );
}

#[test]
fn gil_lab_check_fails_without_python3_unless_told_not_to_compile_the_snippets() {
    let folder = TempFolder::with(
        "no-python",
        &[("01-snippet.md", lesson("\n## Code\n\n```python\nprint(1)\n```\n"))],
    );
    // A PATH with nothing on it: no python3 to be found.
    let nothing = TempFolder::with("empty-path", &[]);
    let check = |extra: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_gil-lab"))
            .arg("check")
            .arg(&folder.0)
            .args(extra)
            .env("PATH", &nothing.0)
            .output()
            .expect("the gil-lab binary runs")
    };
    let output = check(&[]);
    let message = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(
        message.contains(
            "python3 is needed to compile the lessons' Python snippets, and it is not on PATH"
        ),
        "{message}"
    );
    assert!(
        message.contains("--no-python"),
        "the message does not say how to go on without python3: {message}"
    );

    let output = check(&["--no-python"]);
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{report}{}", String::from_utf8_lossy(&output.stderr));
    assert!(
        report.contains("note: --no-python: the Python snippets were not compiled"),
        "{report}"
    );
    assert!(
        report.contains("1 lessons, 1 steps, 0 predictions, 0 challenges: every check passes"),
        "{report}"
    );
}

/// A lesson of two steps, the second a prediction, with Markdown and raw HTML in its texts.
fn two_step_lesson() -> String {
    let second = format!(
        "\n## B\n\nSecond <i>step</i>.\n\n```step\n{}[[prediction.choices]]\ntext = \"a\"\ncheck = \"speedup < 1.3\"\n[[prediction.choices]]\ntext = \"b\"\ncheck = \"speedup >= 1.3\"\n```\n",
        PREDICTION.replace("The GIL.", "The *GIL*.")
    );
    lesson(&format!("\n## A\n\nFirst *step*.\n{second}"))
}

/// Runs `gil-lab export-lessons` on a folder holding `text` as `01-one.md`; the folder it wrote.
fn exported(name: &str, text: &str) -> TempFolder {
    let folder = TempFolder::with(&format!("{name}-in"), &[("01-one.md", text.to_string())]);
    let out = TempFolder::with(&format!("{name}-out"), &[]);
    let output = gil_lab(&[
        "export-lessons",
        folder.0.to_str().expect("UTF-8 path"),
        "--out",
        out.0.to_str().expect("UTF-8 path"),
    ]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    out
}

/// A file `gil-lab export-lessons` wrote for the lesson `one`.
fn written(out: &TempFolder, file: &str) -> Option<String> {
    std::fs::read_to_string(out.0.join("one").join(file)).ok()
}

#[test]
fn gil_lab_export_lessons_writes_each_steps_text() {
    let out = exported("export", &two_step_lesson());
    assert_eq!(written(&out, "1.html").as_deref(), Some("<p>First <em>step</em>.</p>\n"));
    assert_eq!(
        written(&out, "2.html").as_deref(),
        Some("<p>Second &lt;i&gt;step&lt;/i&gt;.</p>\n")
    );
    assert_eq!(written(&out, "2-why.html").as_deref(), Some("<p>The <em>GIL</em>.</p>\n"));
    assert_eq!(written(&out, "1-why.html"), None, "a step without a prediction has no explanation");
    let listed = std::fs::read_to_string(out.0.join("files.json")).expect("files.json");
    assert_eq!(
        listed, r#"["one/lesson.json","one/1.html","one/2.html","one/2-why.html"]"#,
        "every file written, for reading offline"
    );
}

#[test]
fn a_glossary_term_opens_its_definition_and_an_undefined_one_fails_the_check() {
    let glossary = "# Glossary\n\n## bytecode\n\nWhat CPython runs.\n".to_string();
    let text = lesson("\n## A\n\nPython bytecode, more bytecode, and a [widget](term:).\n");
    let folder = TempFolder::with("glossary-in", &[("01-one.md", text), ("glossary.md", glossary)]);
    let out = TempFolder::with("glossary-out", &[]);
    let export = gil_lab(&[
        "export-lessons",
        folder.0.to_str().expect("UTF-8 path"),
        "--out",
        out.0.to_str().expect("UTF-8 path"),
    ]);
    assert!(export.status.success(), "{}", String::from_utf8_lossy(&export.stderr));
    assert_eq!(
        written(&out, "1.html").as_deref(),
        Some(
            "<p>Python <button type=\"button\" class=\"term\" popovertarget=\"term-bytecode\">bytecode</button>, more bytecode, \
             and a <button type=\"button\" class=\"term\" popovertarget=\"term-widget\">widget</button>.</p>\n\
             <div class=\"term-definition\" id=\"term-bytecode\" popover><p class=\"term-name\">bytecode</p><p>What CPython runs.</p>\n</div>\n"
        ),
        "the first use of a glossary term opens its definition; an undefined one has none"
    );
    let check = gil_lab(&["check", "--no-python", folder.0.to_str().expect("UTF-8 path")]);
    let report = String::from_utf8_lossy(&check.stdout);
    assert!(!check.status.success(), "{report}");
    assert!(
        report.contains(
            "step 1 \"A\": the step links the term 'widget', which glossary.md does not define"
        ),
        "{report}"
    );
}

#[test]
fn wiring_gil_lab_export_lessons_writes_the_lesson_file_of_lesson_json() {
    let text = two_step_lesson();
    let out = exported("export-json", &text);
    let parsed = parse("01-one.md", &text).expect("valid");
    assert_eq!(
        written(&out, "lesson.json"),
        Some(lesson_json(&parsed.lesson)),
        "the lesson's file for the page"
    );
}

#[test]
fn the_curriculum_covers_its_topics_in_order_with_predictions_and_challenges() {
    let lessons: Vec<Lesson> = load_folder(&repository("content"))
        .unwrap_or_else(|problems| panic!("{problems:?}"))
        .into_iter()
        .map(|parsed| parsed.lesson)
        .collect();
    let slugs: Vec<&str> = lessons.iter().map(|lesson| lesson.slug.as_str()).collect();
    assert_eq!(
        slugs,
        vec![
            "what-is-the-gil",
            "two-cpu-bound-threads",
            "io-bound-threads",
            "c-code-releases-the-gil",
            "numpy-in-threads",
            "releasing-the-gil-yourself",
            "convoy-effect",
            "servers-beside-cpu-work",
            "is-it-the-gil",
            "why-there-is-a-gil",
            "the-gil-is-not-your-lock",
            "hand-offs-between-threads",
            "multiprocessing",
            "process-pools-in-practice",
            "asyncio",
            "asyncio-and-threads",
            "free-threading",
            "free-threading-in-practice",
            "subinterpreters",
            "deploying",
            "choosing",
            "the-old-gil",
        ]
    );
    for lesson in &lessons {
        assert!(
            lesson.steps.iter().any(|step| step.prediction.is_some()),
            "{} has no prediction",
            lesson.slug
        );
        assert!(!lesson.reading.is_empty(), "{} has no further reading", lesson.slug);
    }
    let challenges = lessons
        .iter()
        .flat_map(|lesson| &lesson.steps)
        .filter(|step| step.challenge.is_some())
        .count();
    assert!(challenges >= 5, "{challenges} challenges; the curriculum needs at least 5");
}

#[test]
fn every_step_survives_the_lab_link_and_the_scenario_file() {
    let lessons =
        load_folder(&repository("content")).unwrap_or_else(|problems| panic!("{problems:?}"));
    for parsed in lessons {
        for (index, step) in parsed.lesson.steps.iter().enumerate() {
            for spec in step.scenario_at_each_setting() {
                let at = format!("{} step {}", parsed.lesson.slug, index + 1);
                assert_eq!(
                    gil_link::query::read(&gil_link::query::write(&spec)),
                    (spec.clone(), vec![]),
                    "{at}"
                );
                let file = gil_link::toml_text::write(&spec);
                assert_eq!(
                    toml::from_str::<gil_sim::ScenarioSpec>(&file)
                        .unwrap_or_else(|problem| panic!("{at}: {problem}")),
                    spec,
                    "{at}"
                );
            }
        }
    }
}
