//! Reading a lesson's file into the model, from a JSON value as a parser gave it: the browser's
//! own (`JsValue`, in the page, so no JSON parser reaches the WebAssembly) or serde_json's
//! (natively, in the tests). Every problem names the field, as a path such as
//! `steps[2].scenario.cores`, and what it should hold.

use std::cell::RefCell;

use crate::condition::{Clause, Comparison, Condition, Metric};
use crate::controls::Control;
use crate::model::{Challenge, Choice, LessonDetails, LessonStep, Prediction, Reading};
use gil_sim::spec::{CostsSpec, ScenarioSpec, WorkerSpec};

/// What the decoder asks of a parsed JSON value.
pub trait JsonValue: Sized {
    /// Whether the value is an object (not an array).
    fn has_fields(&self) -> bool;
    /// An object's field; `None` when it has no such field or the field is null.
    fn field(&self, name: &str) -> Option<Self>;
    /// An object's fields, in the order the file gives them.
    fn fields(&self) -> Vec<(String, Self)>;
    fn text(&self) -> Option<String>;
    fn number(&self) -> Option<f64>;
    /// `true` or `false` (lesson files have none; the lab's pasted results do).
    fn boolean(&self) -> Option<bool>;
    fn items(&self) -> Option<Vec<Self>>;
}

/// The largest whole number a JSON number keeps exactly in a browser (2^53 − 1).
const MAX_EXACT: u64 = 9_007_199_254_740_991;

/// A value and where it is in the file. Reading goes on past a problem, with empty values, and
/// only the first problem is kept, so the reader needs no early returns.
struct Node<'p, J> {
    /// `None` under a field that is missing or of the wrong kind, which was reported already.
    json: Option<J>,
    path: String,
    problem: &'p RefCell<Option<String>>,
}

impl<'p, J: JsonValue> Node<'p, J> {
    fn report(&self, problem: String) {
        let mut first = self.problem.borrow_mut();
        if first.is_none() {
            *first = Some(problem);
        }
    }

    fn report_expected(&self, what: &str) {
        let place = if self.path.is_empty() { "the file" } else { &self.path };
        self.report(format!("{place}: expected {what}"));
    }

    /// What the value gives through `read`, or reports that it is not `what`.
    fn read<T>(&self, read: impl FnOnce(&J) -> Option<T>, what: &str) -> Option<T> {
        let value = read(self.json.as_ref()?);
        if value.is_none() {
            self.report_expected(what);
        }
        value
    }

    fn child(&self, json: Option<J>, name: &str) -> Node<'p, J> {
        let path =
            if self.path.is_empty() { name.to_string() } else { format!("{}.{name}", self.path) };
        Node { json, path, problem: self.problem }
    }

    fn optional(&self, name: &str) -> Option<Node<'p, J>> {
        let json = self.read(|json| json.has_fields().then(|| json.field(name)), "an object")??;
        Some(self.child(Some(json), name))
    }

    fn get(&self, name: &str) -> Node<'p, J> {
        self.optional(name).unwrap_or_else(|| {
            let missing = self.child(None, name);
            if self.json.is_some() {
                missing.report(format!("{} is missing", missing.path));
            }
            missing
        })
    }

    fn text(&self) -> String {
        self.read(J::text, "text").unwrap_or_default()
    }

    fn text_of(&self, name: &str) -> String {
        self.get(name).text()
    }

    fn optional_text_of(&self, name: &str) -> Option<String> {
        self.optional(name).map(|node| node.text())
    }

    /// A whole number up to `max` (shown as an integer: formatting an `f64` would bring float
    /// formatting into the page).
    fn whole_of(&self, name: &str, max: u64) -> u64 {
        let node = self.get(name);
        let whole = |json: &J| {
            json.number()
                .filter(|number| number.fract() == 0.0 && (0.0..=max as f64).contains(number))
        };
        node.read(whole, &format!("a whole number from 0 to {max}"))
            .map_or(0, |number| number as u64)
    }

    fn list(&self) -> Vec<Node<'p, J>> {
        let items = self.read(J::items, "a list").unwrap_or_default();
        let item = |(index, json)| Node {
            json: Some(json),
            path: format!("{}[{index}]", self.path),
            problem: self.problem,
        };
        items.into_iter().enumerate().map(item).collect()
    }
}

/// A lesson's details from its file's parsed JSON; `steps` is how many steps the lessons' index
/// gives the lesson, which the file must have (a stale file is refused, not half shown). The
/// problem, if any, is the first one found, reading the file from its top.
pub fn lesson_details<J: JsonValue>(json: J, steps: usize) -> Result<LessonDetails, String> {
    let problem = RefCell::new(None);
    let root = Node { json: Some(json), path: String::new(), problem: &problem };
    let reading = root
        .get("reading")
        .list()
        .iter()
        .map(|reading| Reading { title: reading.text_of("title"), url: reading.text_of("url") })
        .collect();
    let steps_read: Vec<LessonStep> = root.get("steps").list().iter().map(step).collect();
    if steps_read.len() != steps {
        root.report(format!(
            "steps: expected {steps} steps, as the lessons' index says, not {}",
            steps_read.len()
        ));
    }
    for (index, step) in steps_read.iter().enumerate() {
        if step.compare_with.is_some_and(|earlier| earlier >= index) {
            root.report(format!(
                "steps[{index}].compare_with: expected an earlier step, from 0 to {}",
                index.saturating_sub(1)
            ));
        }
    }
    match problem.into_inner() {
        Some(problem) => Err(problem),
        None => Ok(LessonDetails { reading, steps: steps_read }),
    }
}

fn step<J: JsonValue>(node: &Node<J>) -> LessonStep {
    let control = |control: &Node<J>| {
        Control::parse(&control.text())
            .map_err(|problem| control.report(format!("{}: {problem}", control.path)))
            .ok()
    };
    LessonStep {
        title: node.text_of("title"),
        scenario: scenario(&node.get("scenario")),
        controls: node.get("controls").list().iter().filter_map(control).collect(),
        prediction: node.optional("prediction").map(|prediction| Prediction {
            question: prediction.text_of("question"),
            choices: prediction
                .get("choices")
                .list()
                .iter()
                .map(|choice| Choice {
                    text: choice.text_of("text"),
                    check: condition(&choice.get("check")),
                })
                .collect(),
        }),
        challenge: node.optional("challenge").map(|challenge| Challenge {
            goal: challenge.text_of("goal"),
            check: condition(&challenge.get("check")),
            success: challenge.text_of("success"),
        }),
        compare_with: node
            .optional("compare_with")
            .map(|_| node.whole_of("compare_with", MAX_EXACT) as usize),
    }
}

fn scenario<J: JsonValue>(node: &Node<J>) -> ScenarioSpec {
    let worker = |worker: &Node<J>| WorkerSpec {
        kind: worker.text_of("kind"),
        name: worker.optional_text_of("name"),
        count: worker.whole_of("count", u32::MAX.into()) as u32,
        program: worker.text_of("program"),
        start_method: worker.optional_text_of("start_method"),
    };
    ScenarioSpec {
        title: node.text_of("title"),
        python: node.text_of("python"),
        cores: node.whole_of("cores", u32::MAX.into()) as u32,
        switch_interval: node.text_of("switch_interval"),
        seed: node.whole_of("seed", MAX_EXACT),
        wake_order: node.text_of("wake_order"),
        executor_workers: node
            .optional("executor_workers")
            .map(|_| node.whole_of("executor_workers", u32::MAX.into()) as u32),
        costs: node.optional("costs").map(|costs| costs_of(&costs)).unwrap_or_default(),
        workers: node.get("workers").list().iter().map(worker).collect(),
    }
}

fn costs_of<J: JsonValue>(node: &Node<J>) -> CostsSpec {
    let mut costs = CostsSpec::default();
    for (name, json) in
        node.read(|json| json.has_fields().then(|| json.fields()), "an object").unwrap_or_default()
    {
        let value = node.child(Some(json), &name).text();
        match costs.fields_mut().into_iter().find(|(known, _)| *known == name) {
            Some((_, slot)) => *slot = Some(value),
            None => {
                let known: Vec<&str> =
                    CostsSpec::default().fields_mut().map(|(known, _)| known).to_vec();
                node.report(format!(
                    "{}: '{name}' is not a cost; allowed: {}",
                    node.path,
                    known.join(", ")
                ));
            }
        }
    }
    costs
}

fn condition<J: JsonValue>(node: &Node<J>) -> Condition {
    let clauses: Vec<Clause> = node.list().iter().filter_map(clause).collect();
    if node.json.is_some() && clauses.is_empty() {
        node.report_expected("at least one clause");
    }
    Condition { clauses }
}

fn clause<J: JsonValue>(node: &Node<J>) -> Option<Clause> {
    let metric = node.get("metric");
    let metric = Metric::parse_named(&metric.text())
        .map_err(|problem| metric.report(format!("{}: {problem}", metric.path)));
    let comparison = node
        .get("comparison")
        .read(|json| Comparison::parse(&json.text()?), "one of <, <=, > or >=");
    let value = node
        .get("value")
        .read(|json| json.number().filter(|number| number.is_finite()), "a number");
    Some(Clause { metric: metric.ok()?, comparison: comparison?, value: value? })
}

/// serde_json's values, for the command line and the tests, which read the files natively.
#[cfg(feature = "authoring")]
impl JsonValue for serde_json::Value {
    fn has_fields(&self) -> bool {
        self.is_object()
    }

    fn field(&self, name: &str) -> Option<Self> {
        self.get(name).filter(|value| !value.is_null()).cloned()
    }

    fn fields(&self) -> Vec<(String, Self)> {
        self.as_object()
            .map(|fields| {
                fields.iter().map(|(name, value)| (name.clone(), value.clone())).collect()
            })
            .unwrap_or_default()
    }

    fn text(&self) -> Option<String> {
        self.as_str().map(str::to_string)
    }

    fn number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }

    fn items(&self) -> Option<Vec<Self>> {
        self.as_array().cloned()
    }
}

#[cfg(all(test, feature = "authoring"))]
mod tests {
    use serde_json::{json, Value};

    use super::*;

    fn step() -> Value {
        json!({
            "title": "A",
            "scenario": {
                "title": "", "python": "3.12", "cores": 2, "switch_interval": "5ms", "seed": 0, "wake_order": "fifo",
                "workers": [{ "kind": "thread", "count": 1, "program": "cpu 1ms" }]
            },
            "controls": ["cores"],
            "prediction": { "question": "?", "choices": [{ "text": "a", "check": [{ "metric": "speedup", "comparison": "<", "value": 1.1 }] }] },
            "challenge": null
        })
    }

    fn file(step: Value) -> Value {
        json!({ "reading": [], "steps": [step] })
    }

    /// The problem with the file made of `step` after `change`.
    fn problem(change: impl FnOnce(&mut Value)) -> String {
        let mut changed = step();
        change(&mut changed);
        lesson_details(file(changed), 1).expect_err("a malformed file")
    }

    #[test]
    fn a_well_formed_file_reads() {
        let details = lesson_details(file(step()), 1).expect("well formed");
        assert_eq!(details.steps[0].scenario.workers[0].name, None);
        assert_eq!(details.steps[0].controls, vec![Control::Cores]);
        assert_eq!(
            details.steps[0]
                .prediction
                .as_ref()
                .map(|prediction| prediction.choices[0].check.to_string())
                .as_deref(),
            Some("the speedup < 1.1×")
        );
        assert_eq!(details.steps[0].challenge, None);
    }

    #[test]
    fn a_malformed_file_names_the_field_and_what_it_should_hold() {
        assert_eq!(lesson_details(json!([]), 0).unwrap_err(), "the file: expected an object");
        assert_eq!(lesson_details(json!({ "steps": [] }), 0).unwrap_err(), "reading is missing");
        assert_eq!(
            lesson_details(file(step()), 2).unwrap_err(),
            "steps: expected 2 steps, as the lessons' index says, not 1"
        );
        assert_eq!(problem(|step| step["title"] = json!(3)), "steps[0].title: expected text");
        assert_eq!(
            problem(|step| step["compare_with"] = json!(0)),
            "steps[0].compare_with: expected an earlier step, from 0 to 0"
        );
        assert_eq!(
            problem(|step| step["compare_with"] = json!(-1)),
            "steps[0].compare_with: expected a whole number from 0 to 9007199254740991"
        );
        assert_eq!(
            problem(|step| step["scenario"]["cores"] = json!("two")),
            "steps[0].scenario.cores: expected a whole number from 0 to 4294967295"
        );
        assert_eq!(
            problem(|step| step["scenario"]["seed"] = json!(1.5)),
            "steps[0].scenario.seed: expected a whole number from 0 to 9007199254740991"
        );
        assert_eq!(
            problem(|step| step["scenario"]["workers"] = json!("x")),
            "steps[0].scenario.workers: expected a list"
        );
        assert_eq!(
            problem(|step| step["scenario"]["workers"][0]["program"] = Value::Null),
            "steps[0].scenario.workers[0].program is missing"
        );
        assert!(problem(|step| step["controls"][0] = json!("speed"))
            .starts_with("steps[0].controls[0]: 'speed' is not a control; allowed: cores, python"));
        assert!(problem(|step| step["scenario"]["costs"] = json!({ "lightspeed": "1ms" }))
            .starts_with("steps[0].scenario.costs: 'lightspeed' is not a cost; allowed: os_time_slice, wake_latency"));
        assert_eq!(
            problem(|step| step["scenario"]["costs"] = json!({ "lock": 1 })),
            "steps[0].scenario.costs.lock: expected text"
        );
        let clause = "steps[0].prediction.choices[0].check";
        assert!(problem(
            |step| step["prediction"]["choices"][0]["check"][0]["metric"] = json!("speed")
        )
        .starts_with(&format!(
            "{clause}[0].metric: 'speed' is not a metric; allowed: wall_time, speedup"
        )));
        assert_eq!(
            problem(|step| step["prediction"]["choices"][0]["check"][0]["comparison"] = json!("=")),
            format!("{clause}[0].comparison: expected one of <, <=, > or >=")
        );
        assert_eq!(
            problem(|step| step["prediction"]["choices"][0]["check"][0]["value"] = json!("1")),
            format!("{clause}[0].value: expected a number")
        );
        assert_eq!(
            problem(|step| step["prediction"]["choices"][0]["check"] = json!([])),
            format!("{clause}: expected at least one clause")
        );
        assert_eq!(
            problem(|step| step["challenge"] = json!("win")),
            "steps[0].challenge: expected an object"
        );
    }
}
