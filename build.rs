//! Builds the lessons of `content/` into the app: reads every lesson file with the same code as
//! `gil-lab check` (the modules below are the crate's own, included by path, since a build script
//! cannot use the crate it builds) and writes the lessons — all but the steps' texts and the
//! predictions' explanations, which `gil-lab export-lessons` writes as HTML files beside the app —
//! as static data
//! (`src/lessons/frozen.rs`) to `$OUT_DIR/lessons.rs` for `src/lessons/catalog.rs`. The page thus
//! needs neither a Markdown nor a TOML parser. A lesson that does not read stops the build with
//! its problems.

// The included modules carry more than the build script uses (the crate uses the rest).
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

#[path = "src/sim"]
mod sim {
    pub mod spec;
    pub mod time;
}

#[path = "src/lessons"]
mod lessons {
    pub mod condition;
    pub mod controls;
    pub mod format;
    pub mod load;
    pub mod markdown;
    pub mod model;
}

use lessons::condition::Condition;
use lessons::model::{Challenge, Lesson, Prediction, Step};
use sim::spec::{CostsSpec, ScenarioSpec, WorkerSpec};

fn main() {
    for path in ["content", "src/lessons", "src/sim/spec.rs", "src/sim/time.rs"] {
        println!("cargo:rerun-if-changed={path}");
    }
    let lessons = match lessons::load::load_folder(Path::new("content")) {
        Ok(lessons) => lessons,
        Err(problems) => {
            eprintln!("The lessons in content/ do not read:");
            for problem in problems {
                eprintln!("  {problem}");
            }
            std::process::exit(1);
        }
    };
    let code = slice(lessons.iter().map(|parsed| lesson(&parsed.lesson)));
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("lessons.rs");
    std::fs::write(&out, code).expect("the build script can write to OUT_DIR");
}

fn text(value: &str) -> String {
    // A str's Debug form is a valid Rust string literal, escapes included.
    format!("{value:?}")
}

fn option(value: Option<String>) -> String {
    value.map_or_else(|| "None".to_string(), |inner| format!("Some({inner})"))
}

fn slice(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    format!("&[{}]", items.join(", "))
}

fn lesson(lesson: &Lesson) -> String {
    let reading = slice(lesson.reading.iter().map(|reading| format!("({}, {})", text(&reading.title), text(&reading.url))));
    format!(
        "FrozenLesson {{ slug: {}, title: {}, summary: {}, reading: {reading}, steps: {} }}",
        text(&lesson.slug),
        text(&lesson.title),
        text(&lesson.summary),
        slice(lesson.steps.iter().map(step))
    )
}

fn step(step: &Step) -> String {
    format!(
        "FrozenStep {{ title: {}, scenario: {}, controls: {}, prediction: {}, challenge: {} }}",
        text(&step.title),
        scenario(&step.scenario),
        slice(step.controls.iter().map(|control| text(&control.to_string()))),
        option(step.prediction.as_ref().map(prediction)),
        option(step.challenge.as_ref().map(challenge))
    )
}

fn scenario(spec: &ScenarioSpec) -> String {
    format!(
        "FrozenScenario {{ title: {}, python: {}, cores: {}, switch_interval: {}, seed: {}, wake_order: {}, costs: {}, workers: {} }}",
        text(&spec.title),
        text(&spec.python),
        spec.cores,
        text(&spec.switch_interval),
        spec.seed,
        text(&spec.wake_order),
        costs(&spec.costs),
        slice(spec.workers.iter().map(worker))
    )
}

/// A function that builds the costs a lesson sets, by field name, so this stays right when costs
/// are added; `CostsSpec::default` when it sets none.
fn costs(costs: &CostsSpec) -> String {
    if costs.is_empty() {
        return "CostsSpec::default".into();
    }
    let fields = match serde_json::to_value(costs) {
        Ok(serde_json::Value::Object(fields)) => fields,
        _ => unreachable!("CostsSpec serializes to an object"),
    };
    let mut code = String::from("|| CostsSpec { ");
    for (name, value) in fields {
        let value = value.as_str().expect("every cost is written as a string");
        let _ = write!(code, "{name}: Some(String::from({})), ", text(value));
    }
    code.push_str("..CostsSpec::default() }");
    code
}

fn worker(worker: &WorkerSpec) -> String {
    format!(
        "FrozenWorker {{ kind: {}, name: {}, count: {}, program: {}, start_method: {} }}",
        text(&worker.kind),
        option(worker.name.as_deref().map(text)),
        worker.count,
        text(&worker.program),
        option(worker.start_method.as_deref().map(text))
    )
}

fn condition(condition: &Condition) -> String {
    slice(condition.clauses.iter().map(|clause| {
        format!(
            "Clause {{ metric: Metric::{:?}, comparison: Comparison::{:?}, value: {:?}_f64 }}",
            clause.metric, clause.comparison, clause.value
        )
    }))
}

fn prediction(prediction: &Prediction) -> String {
    let choices = slice(prediction.choices.iter().map(|choice| format!("({}, {})", text(&choice.text), condition(&choice.check))));
    format!("FrozenPrediction {{ question: {}, choices: {choices} }}", text(&prediction.question))
}

fn challenge(challenge: &Challenge) -> String {
    format!(
        "FrozenChallenge {{ goal: {}, check: {}, success: {} }}",
        text(&challenge.goal),
        condition(&challenge.check),
        text(&challenge.success)
    )
}
