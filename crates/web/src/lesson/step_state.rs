//! One step's lab in the player: its scenario as the learner has set it through the step's
//! controls, what simulating it gave, and the learner's answer; changed only through
//! [`StepAction`]s (Yew's `use_reducer`).

use std::rc::Rc;

use yew::Reducible;

use crate::run::{run, Outcome};
use gil_lessons::controls::Control;
use gil_lessons::model::LessonStep;
use gil_sim::ScenarioSpec;

#[derive(Debug, Clone, PartialEq)]
pub struct StepState {
    pub spec: ScenarioSpec,
    pub outcome: Outcome,
    /// The choice picked for the step's prediction, counted from 0.
    pub answer: Option<usize>,
    /// The learner changed the lab after answering: the verdict is about settings the question did not ask about.
    pub changed_after_answer: bool,
    /// Why the last control change was refused.
    pub problem: Option<String>,
}

impl StepState {
    pub fn new(step: &LessonStep, answer: Option<usize>) -> StepState {
        let answer = answer.filter(|choice| step.prediction.as_ref().is_some_and(|prediction| *choice < prediction.choices.len()));
        StepState { spec: step.scenario.clone(), outcome: run(&step.scenario), answer, changed_after_answer: false, problem: None }
    }
}

pub enum StepAction {
    /// A control was set to one of its values.
    Set(Control, String),
    /// The learner picked a prediction's choice (counted from 0).
    Answer(usize),
}

impl Reducible for StepState {
    type Action = StepAction;

    fn reduce(self: Rc<Self>, action: StepAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            StepAction::Set(control, value) => {
                let mut spec = self.spec.clone();
                match control.apply(&mut spec, &value) {
                    Err(problem) => next.problem = Some(problem),
                    Ok(()) if spec == self.spec => next.problem = None,
                    Ok(()) => {
                        next.outcome = run(&spec);
                        next.spec = spec;
                        next.problem = None;
                        next.changed_after_answer = next.answer.is_some();
                    }
                }
            }
            StepAction::Answer(choice) => {
                next.answer = Some(choice);
                next.changed_after_answer = false;
            }
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

    fn step() -> LessonStep {
        let scenario: ScenarioSpec = toml::from_str(
            "python = \"3.12\"\ncores = 2\n[[workers]]\nname = \"worker\"\nkind = \"thread\"\ncount = 2\nprogram = \"cpu 20ms\"\n",
        )
        .expect("valid TOML");
        LessonStep { title: "Two threads".into(), scenario, controls: vec![Control::Cores], prediction: None, challenge: None }
    }

    fn wall_time(state: &StepState) -> u64 {
        match &state.outcome {
            Outcome::Ready(trace) => trace.metrics.makespan,
            Outcome::Failed(message) => panic!("{message}"),
        }
    }

    #[test]
    fn a_control_change_simulates_again_and_marks_the_answer_stale() {
        let state = Rc::new(StepState::new(&step(), None));
        let answered = state.clone().reduce(StepAction::Answer(1));
        assert_eq!(answered.answer, Some(1));
        assert!(!answered.changed_after_answer);

        let processes = answered.clone().reduce(StepAction::Set(Control::Kind("worker".into()), "process".into()));
        assert_eq!(processes.spec.workers[0].kind, "process");
        assert!(processes.changed_after_answer);
        assert!(
            wall_time(&processes) < wall_time(&answered),
            "two processes on two cores run in parallel: {} vs {}",
            wall_time(&processes),
            wall_time(&answered)
        );
        let again = processes.clone().reduce(StepAction::Answer(0));
        assert!(!again.changed_after_answer, "answering again is about the settings shown");

        let unchanged = state.clone().reduce(StepAction::Set(Control::Cores, "2".into()));
        assert!(Rc::ptr_eq(&unchanged, &state), "setting the value it has changes nothing");
        assert!(!state.clone().reduce(StepAction::Set(Control::Cores, "1".into())).changed_after_answer, "no answer, nothing stale");
    }

    #[test]
    fn a_value_the_control_does_not_offer_is_refused_with_a_reason() {
        let state = Rc::new(StepState::new(&step(), None));
        let refused = state.clone().reduce(StepAction::Set(Control::Cores, "99".into()));
        assert_eq!(refused.problem.as_deref(), Some("CPU cores cannot be '99'"));
        assert_eq!(refused.spec, state.spec);
        let missing = state.clone().reduce(StepAction::Set(Control::Count("nobody".into()), "2".into()));
        assert_eq!(missing.problem.as_deref(), Some("there is no worker named 'nobody'"));
    }

    #[test]
    fn a_stored_answer_the_step_cannot_have_is_dropped() {
        assert_eq!(StepState::new(&step(), Some(0)).answer, None, "the step asks nothing");
    }
}
