//! A lesson as the app and the checks see it, after its file has been read: every step carries
//! the whole scenario it runs (the lesson's base with the step's overrides applied). The steps'
//! texts are not here: they are rendered to HTML files of their own (see `format::ParsedLesson`),
//! which the page loads when a step is shown, so the app's first load does not carry them.

use super::condition::Condition;
use super::controls::Control;
use gil_sim::spec::ScenarioSpec;

#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    /// The file name without its order prefix and extension: `04-convoy-effect.md` → `convoy-effect`.
    pub slug: String,
    pub title: String,
    /// One line: what the learner will see.
    pub summary: String,
    pub reading: Vec<Reading>,
    pub steps: Vec<LessonStep>,
}

/// What the page fetches of a lesson (`lessons/<slug>/lesson.json`, see `json`): all of it but
/// what the lessons' index (`catalog`) holds.
#[derive(Debug, Clone, PartialEq)]
pub struct LessonDetails {
    pub reading: Vec<Reading>,
    pub steps: Vec<LessonStep>,
}

/// A source for further reading: a PEP, CPython's documentation or source, a talk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LessonStep {
    pub title: String,
    pub scenario: ScenarioSpec,
    /// The lab controls this step opens, in the order they are shown.
    pub controls: Vec<Control>,
    pub prediction: Option<Prediction>,
    pub challenge: Option<Challenge>,
    /// An earlier step of the lesson (counted from 0) whose figures this step's cards show beside
    /// its own, for a step whose text asks to compare with it.
    pub compare_with: Option<usize>,
}

impl LessonStep {
    /// The conditions of its question's choices and of its challenge: what the step is about.
    pub fn conditions(&self) -> impl Iterator<Item = &Condition> {
        let choices = self
            .prediction
            .iter()
            .flat_map(|prediction| prediction.choices.iter().map(|choice| &choice.check));
        choices.chain(self.challenge.iter().map(|challenge| &challenge.check))
    }

    /// The step's scenario as it opens, then with each of its controls set to each value it
    /// offers (one control at a time): every scenario a learner reaches with one change.
    pub fn scenario_at_each_setting(&self) -> Vec<ScenarioSpec> {
        let mut scenarios = vec![self.scenario.clone()];
        for control in &self.controls {
            for value in control.values(&self.scenario) {
                let mut spec = self.scenario.clone();
                if control.apply(&mut spec, &value).is_ok() {
                    scenarios.push(spec);
                }
            }
        }
        scenarios
    }
}

/// A question the learner answers before the timeline is shown. Each choice carries a condition on
/// the simulated metrics: the simulation, not the author, decides which choice is right, and the
/// checks make sure exactly one holds. Why the right answer is right is, like the step's text, a
/// file of its own that the page loads once the learner has answered.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    pub question: String,
    pub choices: Vec<Choice>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub text: String,
    pub check: Condition,
}

/// A goal on the metrics that the learner reaches with the step's controls; the lab checks it live.
#[derive(Debug, Clone, PartialEq)]
pub struct Challenge {
    pub goal: String,
    pub check: Condition,
    /// What to say once the goal is met.
    pub success: String,
}
