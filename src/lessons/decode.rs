//! Reading a lesson's file ([`json`](super::json)) into the model, from a JSON value as a parser
//! gave it: the browser's own (`JsValue`, in the page, so no JSON parser reaches the WebAssembly)
//! or serde_json's (natively, in the tests). Every problem names the field, as a path such as
//! `steps[2].scenario.cores`, and what it should hold.

use super::condition::{Clause, Comparison, Condition, Metric};
use super::controls::Control;
use super::model::{Challenge, Choice, LessonDetails, Prediction, Reading, Step};
use crate::sim::spec::{CostsSpec, ScenarioSpec, WorkerSpec};

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
    fn items(&self) -> Option<Vec<Self>>;
}

/// The largest whole number a JSON number keeps exactly in a browser (2^53 − 1).
const MAX_EXACT: f64 = 9_007_199_254_740_991.0;

/// A value and where it is in the file.
struct Node<J> {
    json: J,
    path: String,
}

impl<J: JsonValue> Node<J> {
    fn expected(&self, what: &str) -> String {
        let place = if self.path.is_empty() { "the file" } else { &self.path };
        format!("{place}: expected {what}")
    }

    fn child_path(&self, name: &str) -> String {
        if self.path.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.path)
        }
    }

    fn optional(&self, name: &str) -> Result<Option<Node<J>>, String> {
        if !self.json.has_fields() {
            return Err(self.expected("an object"));
        }
        Ok(self.json.field(name).map(|json| Node { json, path: self.child_path(name) }))
    }

    fn get(&self, name: &str) -> Result<Node<J>, String> {
        self.optional(name)?.ok_or_else(|| format!("{} is missing", self.child_path(name)))
    }

    fn text(&self) -> Result<String, String> {
        self.json.text().ok_or_else(|| self.expected("text"))
    }

    fn text_of(&self, name: &str) -> Result<String, String> {
        self.get(name)?.text()
    }

    fn optional_text_of(&self, name: &str) -> Result<Option<String>, String> {
        self.optional(name)?.map(|node| node.text()).transpose()
    }

    fn whole_of(&self, name: &str, max: f64) -> Result<f64, String> {
        let node = self.get(name)?;
        node.json
            .number()
            .filter(|number| number.fract() == 0.0 && (0.0..=max).contains(number))
            .ok_or_else(|| node.expected(&format!("a whole number from 0 to {max}")))
    }

    fn list(&self) -> Result<Vec<Node<J>>, String> {
        let items = self.json.items().ok_or_else(|| self.expected("a list"))?;
        Ok(items.into_iter().enumerate().map(|(index, json)| Node { json, path: format!("{}[{index}]", self.path) }).collect())
    }

    fn list_of<T>(&self, name: &str, read: impl Fn(&Node<J>) -> Result<T, String>) -> Result<Vec<T>, String> {
        self.get(name)?.list()?.iter().map(read).collect()
    }
}

/// A lesson's details from its file's parsed JSON; `steps` is how many steps the lessons' index
/// gives the lesson, which the file must have (a stale file is refused, not half shown).
pub fn lesson_details<J: JsonValue>(json: J, steps: usize) -> Result<LessonDetails, String> {
    let root = Node { json, path: String::new() };
    let reading = root.list_of("reading", |reading| Ok(Reading { title: reading.text_of("title")?, url: reading.text_of("url")? }))?;
    let steps_read = root.list_of("steps", step)?;
    if steps_read.len() != steps {
        return Err(format!("steps: expected {steps} steps, as the lessons' index says, not {}", steps_read.len()));
    }
    Ok(LessonDetails { reading, steps: steps_read })
}

fn step<J: JsonValue>(node: &Node<J>) -> Result<Step, String> {
    let controls =
        node.list_of("controls", |control| Control::parse(&control.text()?).map_err(|problem| format!("{}: {problem}", control.path)))?;
    let prediction = match node.optional("prediction")? {
        Some(prediction) => Some(Prediction {
            question: prediction.text_of("question")?,
            choices: prediction
                .list_of("choices", |choice| Ok(Choice { text: choice.text_of("text")?, check: condition(&choice.get("check")?)? }))?,
        }),
        None => None,
    };
    let challenge = match node.optional("challenge")? {
        Some(challenge) => Some(Challenge {
            goal: challenge.text_of("goal")?,
            check: condition(&challenge.get("check")?)?,
            success: challenge.text_of("success")?,
        }),
        None => None,
    };
    Ok(Step { title: node.text_of("title")?, scenario: scenario(&node.get("scenario")?)?, controls, prediction, challenge })
}

fn scenario<J: JsonValue>(node: &Node<J>) -> Result<ScenarioSpec, String> {
    let workers = node.list_of("workers", |worker| {
        Ok(WorkerSpec {
            kind: worker.text_of("kind")?,
            name: worker.optional_text_of("name")?,
            count: worker.whole_of("count", u32::MAX.into())? as u32,
            program: worker.text_of("program")?,
            start_method: worker.optional_text_of("start_method")?,
        })
    })?;
    let mut costs = CostsSpec::default();
    if let Some(given) = node.optional("costs")? {
        if !given.json.has_fields() {
            return Err(given.expected("an object"));
        }
        for (name, value) in given.json.fields() {
            let value = Node { json: value, path: given.child_path(&name) };
            let mut slots = costs.fields_mut();
            let Some((_, slot)) = slots.iter_mut().find(|(known, _)| *known == name) else {
                let known: Vec<&str> = CostsSpec::default().fields_mut().map(|(known, _)| known).to_vec();
                return Err(format!("{}: '{name}' is not a cost; allowed: {}", given.path, known.join(", ")));
            };
            **slot = Some(value.text()?);
        }
    }
    Ok(ScenarioSpec {
        title: node.text_of("title")?,
        python: node.text_of("python")?,
        cores: node.whole_of("cores", u32::MAX.into())? as u32,
        switch_interval: node.text_of("switch_interval")?,
        seed: node.whole_of("seed", MAX_EXACT)? as u64,
        wake_order: node.text_of("wake_order")?,
        costs,
        workers,
    })
}

fn condition<J: JsonValue>(node: &Node<J>) -> Result<Condition, String> {
    let clauses = node.list()?.iter().map(clause).collect::<Result<Vec<_>, _>>()?;
    if clauses.is_empty() {
        return Err(node.expected("at least one clause"));
    }
    Ok(Condition { clauses })
}

fn clause<J: JsonValue>(node: &Node<J>) -> Result<Clause, String> {
    let metric = node.get("metric")?;
    let metric = Metric::parse_named(&metric.text()?).map_err(|problem| format!("{}: {problem}", metric.path))?;
    let comparison = node.get("comparison")?;
    let comparison = Comparison::parse(&comparison.text()?).ok_or_else(|| comparison.expected("one of <, <=, > or >="))?;
    let value = node.get("value")?;
    let value = value.json.number().filter(|number| number.is_finite()).ok_or_else(|| value.expected("a number"))?;
    Ok(Clause { metric, comparison, value })
}

impl JsonValue for serde_json::Value {
    fn has_fields(&self) -> bool {
        self.is_object()
    }

    fn field(&self, name: &str) -> Option<Self> {
        self.get(name).filter(|value| !value.is_null()).cloned()
    }

    fn fields(&self) -> Vec<(String, Self)> {
        self.as_object().map(|fields| fields.iter().map(|(name, value)| (name.clone(), value.clone())).collect()).unwrap_or_default()
    }

    fn text(&self) -> Option<String> {
        self.as_str().map(str::to_string)
    }

    fn number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn items(&self) -> Option<Vec<Self>> {
        self.as_array().cloned()
    }
}

#[cfg(test)]
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
            details.steps[0].prediction.as_ref().map(|prediction| prediction.choices[0].check.to_string()).as_deref(),
            Some("the speedup < 1.1×")
        );
        assert_eq!(details.steps[0].challenge, None);
    }

    #[test]
    fn a_malformed_file_names_the_field_and_what_it_should_hold() {
        assert_eq!(lesson_details(json!([]), 0).unwrap_err(), "the file: expected an object");
        assert_eq!(lesson_details(json!({ "steps": [] }), 0).unwrap_err(), "reading is missing");
        assert_eq!(lesson_details(file(step()), 2).unwrap_err(), "steps: expected 2 steps, as the lessons' index says, not 1");
        assert_eq!(problem(|step| step["title"] = json!(3)), "steps[0].title: expected text");
        assert_eq!(
            problem(|step| step["scenario"]["cores"] = json!("two")),
            "steps[0].scenario.cores: expected a whole number from 0 to 4294967295"
        );
        assert_eq!(
            problem(|step| step["scenario"]["seed"] = json!(1.5)),
            "steps[0].scenario.seed: expected a whole number from 0 to 9007199254740991"
        );
        assert_eq!(problem(|step| step["scenario"]["workers"] = json!("x")), "steps[0].scenario.workers: expected a list");
        assert_eq!(
            problem(|step| step["scenario"]["workers"][0]["program"] = Value::Null),
            "steps[0].scenario.workers[0].program is missing"
        );
        assert!(problem(|step| step["controls"][0] = json!("speed"))
            .starts_with("steps[0].controls[0]: 'speed' is not a control; allowed: cores, python"));
        assert!(problem(|step| step["scenario"]["costs"] = json!({ "lightspeed": "1ms" }))
            .starts_with("steps[0].scenario.costs: 'lightspeed' is not a cost; allowed: os_time_slice, wake_latency"));
        assert_eq!(problem(|step| step["scenario"]["costs"] = json!({ "lock": 1 })), "steps[0].scenario.costs.lock: expected text");
        let clause = "steps[0].prediction.choices[0].check";
        assert!(problem(|step| step["prediction"]["choices"][0]["check"][0]["metric"] = json!("speed"))
            .starts_with(&format!("{clause}[0].metric: 'speed' is not a metric; allowed: wall_time, speedup")));
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
        assert_eq!(problem(|step| step["challenge"] = json!("win")), "steps[0].challenge: expected an object");
    }
}
