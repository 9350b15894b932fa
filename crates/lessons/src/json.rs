//! A lesson's file for the page, `lessons/<slug>/lesson.json`: what the player needs of a lesson
//! beyond the [`catalog`](super::catalog)'s index. `gil-lab export-lessons` writes it with this
//! module; the page reads it with [`decode`](super::decode), through the browser's own JSON
//! parser, so neither serde nor a JSON parser reaches the WebAssembly.
//!
//! ```json
//! { "reading": [{ "title": "PEP 703", "url": "https://peps.python.org/pep-0703/" }],
//!   "steps": [{ "title": "Two threads",
//!               "scenario": { …ScenarioSpec's fields, as in a scenario file… },
//!               "controls": ["cores", "kind:worker"],
//!               "prediction": { "question": "How fast?",
//!                               "choices": [{ "text": "Twice as fast",
//!                                             "check": [{ "metric": "speedup", "comparison": ">", "value": 1.8 }] }] },
//!               "challenge": null }] }
//! ```
//!
//! A condition is a list of clauses (all must hold), each a metric's name, a comparison and a
//! number in the metric's unit (nanoseconds for durations, percent for shares).

use serde_json::{json, Value};

use super::condition::Condition;
use super::model::{Challenge, Lesson, Prediction, Step};

pub fn lesson_json(lesson: &Lesson) -> String {
    let reading: Vec<Value> = lesson.reading.iter().map(|reading| json!({ "title": reading.title, "url": reading.url })).collect();
    let steps: Vec<Value> = lesson.steps.iter().map(step).collect();
    json!({ "reading": reading, "steps": steps }).to_string()
}

fn step(step: &Step) -> Value {
    let controls: Vec<String> = step.controls.iter().map(ToString::to_string).collect();
    json!({
        "title": step.title,
        "scenario": serde_json::to_value(&step.scenario).expect("a ScenarioSpec is plain strings and numbers"),
        "controls": controls,
        "prediction": step.prediction.as_ref().map(prediction),
        "challenge": step.challenge.as_ref().map(challenge),
    })
}

fn condition(condition: &Condition) -> Value {
    let clauses: Vec<Value> = condition
        .clauses
        .iter()
        .map(|clause| json!({ "metric": clause.metric.name(), "comparison": clause.comparison.symbol(), "value": clause.value }))
        .collect();
    Value::Array(clauses)
}

fn prediction(prediction: &Prediction) -> Value {
    let choices: Vec<Value> =
        prediction.choices.iter().map(|choice| json!({ "text": choice.text, "check": condition(&choice.check) })).collect();
    json!({ "question": prediction.question, "choices": choices })
}

fn challenge(challenge: &Challenge) -> Value {
    json!({ "goal": challenge.goal, "check": condition(&challenge.check), "success": challenge.success })
}
