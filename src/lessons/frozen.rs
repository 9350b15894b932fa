//! The lessons as `build.rs` writes them into the app: static data made of `&'static str`s and
//! slices, thawed into the [`model`](super::model) when the page first needs them. Writing the
//! model's `String`s directly would cost a call per string in the WebAssembly (about 60 KB of
//! code for twelve lessons); static data costs only its bytes.

use super::condition::{Clause, Condition};
use super::controls::Control;
use super::model::{Challenge, Choice, Lesson, Prediction, Reading, Step};
use crate::sim::spec::{CostsSpec, ScenarioSpec, WorkerSpec};

pub struct FrozenLesson {
    pub slug: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    /// `(title, url)`.
    pub reading: &'static [(&'static str, &'static str)],
    pub steps: &'static [FrozenStep],
}

pub struct FrozenStep {
    pub title: &'static str,
    pub scenario: FrozenScenario,
    /// As lessons write them: `cores`, `count:hog`.
    pub controls: &'static [&'static str],
    pub prediction: Option<FrozenPrediction>,
    pub challenge: Option<FrozenChallenge>,
}

pub struct FrozenScenario {
    pub title: &'static str,
    pub python: &'static str,
    pub cores: u32,
    pub switch_interval: &'static str,
    pub seed: u64,
    pub wake_order: &'static str,
    /// Costs are rare in lessons: a function builds them, so only lessons that set some pay for it.
    pub costs: fn() -> CostsSpec,
    pub workers: &'static [FrozenWorker],
}

pub struct FrozenWorker {
    pub kind: &'static str,
    pub name: Option<&'static str>,
    pub count: u32,
    pub program: &'static str,
    pub start_method: Option<&'static str>,
}

pub struct FrozenPrediction {
    pub question: &'static str,
    /// `(text, check)`.
    pub choices: &'static [(&'static str, &'static [Clause])],
}

pub struct FrozenChallenge {
    pub goal: &'static str,
    pub check: &'static [Clause],
    pub success: &'static str,
}

fn text(value: &str) -> String {
    value.to_string()
}

fn condition(clauses: &[Clause]) -> Condition {
    Condition { clauses: clauses.to_vec() }
}

impl FrozenLesson {
    pub fn thaw(&self) -> Lesson {
        Lesson {
            slug: text(self.slug),
            title: text(self.title),
            summary: text(self.summary),
            reading: self.reading.iter().map(|(title, url)| Reading { title: text(title), url: text(url) }).collect(),
            steps: self.steps.iter().map(FrozenStep::thaw).collect(),
        }
    }
}

impl FrozenStep {
    fn thaw(&self) -> Step {
        Step {
            title: text(self.title),
            scenario: self.scenario.thaw(),
            // build.rs wrote only controls that parsed.
            controls: self.controls.iter().filter_map(|control| Control::parse(control).ok()).collect(),
            prediction: self.prediction.as_ref().map(|prediction| Prediction {
                question: text(prediction.question),
                choices: prediction.choices.iter().map(|(choice, check)| Choice { text: text(choice), check: condition(check) }).collect(),
            }),
            challenge: self.challenge.as_ref().map(|challenge| Challenge {
                goal: text(challenge.goal),
                check: condition(challenge.check),
                success: text(challenge.success),
            }),
        }
    }
}

impl FrozenScenario {
    fn thaw(&self) -> ScenarioSpec {
        ScenarioSpec {
            title: text(self.title),
            python: text(self.python),
            cores: self.cores,
            switch_interval: text(self.switch_interval),
            seed: self.seed,
            wake_order: text(self.wake_order),
            costs: (self.costs)(),
            workers: self
                .workers
                .iter()
                .map(|worker| WorkerSpec {
                    kind: text(worker.kind),
                    name: worker.name.map(text),
                    count: worker.count,
                    program: text(worker.program),
                    start_method: worker.start_method.map(text),
                })
                .collect(),
        }
    }
}
