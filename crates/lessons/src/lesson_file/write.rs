//! Writing a lesson's file, with serde_json: `gil-lab export-lessons` and the web app's build use it.

use serde_json::{json, Value};

use crate::condition::Condition;
use crate::model::{Challenge, Lesson, LessonStep, Prediction};

pub fn lesson_json(lesson: &Lesson) -> String {
    let reading: Vec<Value> = lesson
        .reading
        .iter()
        .map(|reading| json!({ "title": reading.title, "url": reading.url }))
        .collect();
    let steps: Vec<Value> = lesson.steps.iter().map(step).collect();
    json!({ "reading": reading, "steps": steps }).to_string()
}

fn step(step: &LessonStep) -> Value {
    let controls: Vec<String> = step.controls.iter().map(ToString::to_string).collect();
    json!({
        "title": step.title,
        "scenario": serde_json::to_value(&step.scenario).expect("a ScenarioSpec is plain strings and numbers"),
        "controls": controls,
        "prediction": step.prediction.as_ref().map(prediction),
        "challenge": step.challenge.as_ref().map(challenge),
        "compare_with": step.compare_with,
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
    let choices: Vec<Value> = prediction
        .choices
        .iter()
        .map(|choice| json!({ "text": choice.text, "check": condition(&choice.check) }))
        .collect();
    json!({ "question": prediction.question, "choices": choices })
}

fn challenge(challenge: &Challenge) -> Value {
    json!({ "goal": challenge.goal, "check": condition(&challenge.check), "success": challenge.success })
}
