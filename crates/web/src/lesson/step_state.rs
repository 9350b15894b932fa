//! One step's lab in the player, changed only through [`StepAction`]s (Yew's `use_reducer`): the
//! step's own scenario and what it gave, the scenario as the learner has set it through the step's
//! controls and what that gave, the outcome before the last change (for "old → new"), and the
//! learner's answer.
//!
//! A question is about the step's own settings, so its verdict is always judged on them: until the
//! learner answers, the controls do nothing; once answered, the answer is locked (only an explicit
//! [`StepAction::TryAgain`] clears it) and changing a control shows new figures beside the verdict
//! without changing it.

use std::rc::Rc;

use yew::Reducible;

use crate::run::{run, Outcome};
use gil_lessons::controls::Control;
use gil_lessons::model::LessonStep;
use gil_sim::ScenarioSpec;

#[derive(Debug, Clone, PartialEq)]
pub struct StepState {
    /// The step's own scenario, and what it gave: what the question asks about.
    pub base: ScenarioSpec,
    pub base_outcome: Outcome,
    /// The scenario as the learner has set it, and what it gave.
    pub spec: ScenarioSpec,
    pub outcome: Outcome,
    /// What was shown before the last change, until the next one.
    pub previous: Option<Outcome>,
    /// Whether the step asks a question, which the learner answers before the lab opens.
    pub asks: bool,
    /// The choice picked for the step's question, counted from 0.
    pub answer: Option<usize>,
    /// Why the last control change was refused.
    pub problem: Option<String>,
    /// What the step's address set that the step could not use, and why; until the first change.
    pub notices: Vec<String>,
}

impl StepState {
    /// The step at its own settings; `answer` is the one the learner gave on an earlier visit.
    pub fn new(step: &LessonStep, answer: Option<usize>) -> StepState {
        let choices = step.prediction.as_ref().map_or(0, |prediction| prediction.choices.len());
        let outcome = run(&step.scenario);
        StepState {
            base: step.scenario.clone(),
            base_outcome: outcome.clone(),
            spec: step.scenario.clone(),
            outcome,
            previous: None,
            asks: step.prediction.is_some(),
            answer: answer.filter(|choice| *choice < choices),
            problem: None,
            notices: Vec::new(),
        }
    }

    /// Sets the step's controls to the values its address names (`settings`, by the controls'
    /// names), before the learner does anything; [`notices`](StepState::notices) say what it could
    /// not use, and why.
    pub fn with_settings(
        mut self,
        controls: &[Control],
        settings: &[(String, String)],
    ) -> StepState {
        let mut notices = Vec::new();
        let mut spec = self.spec.clone();
        for (name, value) in settings {
            match controls.iter().find(|control| control.to_string() == *name) {
                Some(control) => {
                    if let Err(problem) = control.apply(&mut spec, value) {
                        notices.push(format!("{problem}; ignored"));
                    }
                }
                None => {
                    let opened: Vec<String> = controls.iter().map(Control::to_string).collect();
                    let allowed = if opened.is_empty() {
                        "this step has no settings".to_string()
                    } else {
                        format!("this step's settings are {}", opened.join(", "))
                    };
                    notices.push(format!(
                        "'{name}' is not a setting of this step ({allowed}); ignored"
                    ));
                }
            }
        }
        if spec != self.spec {
            self.outcome = run(&spec);
            self.spec = spec;
        }
        self.notices = notices;
        self
    }

    /// The settings that differ from the step's own, by the controls' names, for its address.
    pub fn settings(&self, controls: &[Control]) -> Vec<(String, String)> {
        controls
            .iter()
            .filter(|control| control.current(&self.spec) != control.current(&self.base))
            .map(|control| (control.to_string(), control.current(&self.spec)))
            .collect()
    }

    /// Whether the step's controls may be used: always, or once its question is answered.
    pub fn controls_open(&self) -> bool {
        !self.asks || self.answer.is_some()
    }

    /// Whether the lab shows other settings than the step's own.
    pub fn changed(&self) -> bool {
        self.spec != self.base
    }

    fn show(&mut self, spec: ScenarioSpec, outcome: Outcome) {
        self.previous = Some(std::mem::replace(&mut self.outcome, outcome));
        self.spec = spec;
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepAction {
    /// A control was set to one of its values.
    Set(Control, String),
    /// The learner picked a choice of the step's question (counted from 0).
    Answer(usize),
    /// The learner asked to answer again: the answer is cleared and the lab goes back to the
    /// step's own settings.
    TryAgain,
    /// Back to the step's own settings.
    Reset,
}

impl Reducible for StepState {
    type Action = StepAction;

    fn reduce(self: Rc<Self>, action: StepAction) -> Rc<Self> {
        let mut next = (*self).clone();
        next.notices.clear();
        match action {
            StepAction::Set(..) if !self.controls_open() => {}
            StepAction::Set(control, value) => {
                let mut spec = self.spec.clone();
                match control.apply(&mut spec, &value) {
                    Err(problem) => next.problem = Some(problem),
                    Ok(()) if spec == self.spec => next.problem = None,
                    Ok(()) => {
                        let outcome =
                            if spec == self.base { self.base_outcome.clone() } else { run(&spec) };
                        next.show(spec, outcome);
                        next.problem = None;
                    }
                }
            }
            StepAction::Answer(choice) if self.asks && self.answer.is_none() => {
                next.answer = Some(choice)
            }
            StepAction::Answer(_) => {}
            StepAction::TryAgain => {
                next.answer = None;
                next.problem = None;
                if self.changed() {
                    next.show(self.base.clone(), self.base_outcome.clone());
                }
                next.previous = None;
            }
            StepAction::Reset if self.changed() => {
                next.show(self.base.clone(), self.base_outcome.clone());
                next.problem = None;
            }
            StepAction::Reset => {}
        }
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gil_lessons::condition::Condition;
    use gil_lessons::model::{Choice, Prediction};

    fn step(asks: bool) -> LessonStep {
        let scenario: ScenarioSpec = toml::from_str(
            "python = \"3.12\"\ncores = 2\n[[workers]]\nname = \"worker\"\nkind = \"thread\"\ncount = 2\nprogram = \"cpu 20ms\"\n",
        )
        .expect("valid TOML");
        let choice = |text: &str, check: &str| Choice {
            text: text.into(),
            check: Condition::parse(check).expect("a condition"),
        };
        let prediction = asks.then(|| Prediction {
            question: "How fast?".into(),
            choices: vec![
                choice("No faster", "speedup < 1.2"),
                choice("Twice as fast", "speedup >= 1.2"),
            ],
        });
        LessonStep {
            title: "Two threads".into(),
            scenario,
            controls: vec![Control::Cores, Control::Kind("worker".into())],
            prediction,
            challenge: None,
            compare_with: None,
        }
    }

    fn wall_time(outcome: &Outcome) -> u64 {
        match outcome {
            Outcome::Ready(trace) => trace.metrics.makespan,
            Outcome::Failed(message) => panic!("{message}"),
        }
    }

    fn as_processes() -> StepAction {
        StepAction::Set(Control::Kind("worker".into()), "process".into())
    }

    #[test]
    fn the_controls_wait_for_the_answer() {
        let state = Rc::new(StepState::new(&step(true), None));
        assert!(!state.controls_open());
        let ignored = state.clone().reduce(as_processes());
        assert!(Rc::ptr_eq(&ignored, &state), "a control before the answer changes nothing");
        let answered = state.reduce(StepAction::Answer(0));
        assert!(answered.controls_open());
        assert_eq!(answered.clone().reduce(as_processes()).spec.workers[0].kind, "process");
    }

    #[test]
    fn an_answer_is_locked_until_the_learner_tries_again() {
        let answered = Rc::new(StepState::new(&step(true), None)).reduce(StepAction::Answer(1));
        let again = answered.clone().reduce(StepAction::Answer(0));
        assert!(Rc::ptr_eq(&again, &answered), "a second pick after the reveal changes nothing");
        let changed = answered.reduce(as_processes());
        let cleared = changed.reduce(StepAction::TryAgain);
        assert_eq!(cleared.answer, None);
        assert!(!cleared.changed(), "trying again goes back to the step's own settings");
        assert_eq!(cleared.previous, None);
        assert_eq!(cleared.reduce(StepAction::Answer(0)).answer, Some(0));
    }

    #[test]
    fn a_change_keeps_the_steps_own_outcome_and_the_one_before() {
        let answered = Rc::new(StepState::new(&step(true), None)).reduce(StepAction::Answer(0));
        let processes = answered.clone().reduce(as_processes());
        assert_eq!(
            processes.base_outcome, answered.base_outcome,
            "the question is still judged on the step's settings"
        );
        assert_eq!(processes.previous, Some(answered.outcome.clone()));
        assert!(
            wall_time(&processes.outcome) < wall_time(&processes.base_outcome),
            "two processes on two cores run in parallel: {} vs {}",
            wall_time(&processes.outcome),
            wall_time(&processes.base_outcome)
        );
        let reset = processes.clone().reduce(StepAction::Reset);
        assert!(!reset.changed());
        assert_eq!(reset.outcome, reset.base_outcome);
        assert_eq!(reset.previous, Some(processes.outcome.clone()));
        let unchanged = reset.clone().reduce(StepAction::Set(Control::Cores, "2".into()));
        assert!(Rc::ptr_eq(&unchanged, &reset), "setting the value it has changes nothing");
    }

    #[test]
    fn a_step_without_a_question_opens_its_controls_at_once() {
        let state = Rc::new(StepState::new(&step(false), Some(0)));
        assert_eq!(state.answer, None, "a stored answer the step cannot have is dropped");
        assert!(state.controls_open());
        let one_core = state.clone().reduce(StepAction::Set(Control::Cores, "1".into()));
        assert_eq!(one_core.spec.cores, 1);
        assert!(
            Rc::ptr_eq(&one_core.clone().reduce(StepAction::Answer(0)), &one_core),
            "there is nothing to answer"
        );
    }

    #[test]
    fn an_address_sets_the_steps_controls_and_they_go_back_into_it() {
        let step = step(true);
        let settings =
            [("cores".to_string(), "1".to_string()), ("kind:worker".into(), "process".into())];
        let state = StepState::new(&step, None).with_settings(&step.controls, &settings);
        assert!(state.notices.is_empty(), "{:?}", state.notices);
        assert_eq!((state.spec.cores, state.spec.workers[0].kind.as_str()), (1, "process"));
        assert_ne!(state.outcome, state.base_outcome);
        assert_eq!(state.settings(&step.controls), settings);
        let plain = StepState::new(&step, None).with_settings(&step.controls, &[]);
        assert!(plain.settings(&step.controls).is_empty());
        assert_eq!(plain.outcome, plain.base_outcome);

        let bad = [("cores".to_string(), "99".to_string()), ("python".into(), "3.12".into())];
        let state = Rc::new(StepState::new(&step, None).with_settings(&step.controls, &bad));
        assert!(!state.changed());
        assert_eq!(
            state.notices,
            [
                "CPU cores cannot be '99'; ignored".to_string(),
                "'python' is not a setting of this step (this step's settings are cores, kind:worker); ignored".into()
            ]
        );
        assert!(
            state.reduce(StepAction::Answer(0)).notices.is_empty(),
            "the notices go with the first change"
        );
    }

    #[test]
    fn a_value_the_control_does_not_offer_is_refused_with_a_reason() {
        let state = Rc::new(StepState::new(&step(false), None));
        let refused = state.clone().reduce(StepAction::Set(Control::Cores, "99".into()));
        assert_eq!(refused.problem.as_deref(), Some("CPU cores cannot be '99'"));
        assert_eq!(refused.spec, state.spec);
        let missing =
            state.clone().reduce(StepAction::Set(Control::Count("nobody".into()), "2".into()));
        assert_eq!(missing.problem.as_deref(), Some("there is no worker named 'nobody'"));
    }
}
