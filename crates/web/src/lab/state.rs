//! The lab's state: its parameters, the notices about the URL they came from, the scenario they
//! make and what simulating it gave, changed only through [`LabAction`]s (Yew's `use_reducer`).

use std::rc::Rc;

use yew::prelude::*;

use crate::params::query::{self, LabParams, Notice};
use crate::params::scenario;
use crate::params::LabAction;
use crate::run::{run, Outcome};
use gil_sim::ScenarioSpec;

#[derive(Debug, Clone, PartialEq)]
pub struct LabState {
    pub params: LabParams,
    /// What the query string had that the lab changed or ignored.
    pub notices: Vec<Notice>,
    pub spec: ScenarioSpec,
    pub outcome: Outcome,
    /// What was shown before the last change, until the next one.
    pub previous: Option<Outcome>,
}

impl LabState {
    pub fn new(params: LabParams, notices: Vec<Notice>) -> LabState {
        let spec = scenario::spec(&params);
        let outcome = if spec.workers.is_empty() {
            Outcome::Failed("There is nothing to run: add a thread, a process, an asyncio task or a subinterpreter.".into())
        } else {
            run(&spec)
        };
        LabState { params, notices, spec, outcome, previous: None }
    }

    /// The state a URL's query string (`c=2&t=2…`) describes.
    pub fn from_query(query: &str) -> LabState {
        let (params, notices) = query::parse(query);
        LabState::new(params, notices)
    }
}

impl Default for LabState {
    fn default() -> LabState {
        LabState::new(LabParams::default(), Vec::new())
    }
}

impl Reducible for LabState {
    type Action = LabAction;

    fn reduce(self: Rc<Self>, action: LabAction) -> Rc<Self> {
        let (params, notices) = action.apply(&self.params, query::parse);
        if params == self.params && notices == self.notices {
            return self;
        }
        if params == self.params {
            let mut same = (*self).clone();
            same.notices = notices;
            return Rc::new(same);
        }
        let mut changed = LabState::new(params, notices);
        changed.previous = Some(self.outcome.clone());
        Rc::new(changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_simulates_again_and_clears_the_notices() {
        let state = Rc::new(LabState::from_query("c=99"));
        assert_eq!(state.notices.len(), 1);
        let edited = state.clone().reduce(LabAction::Edit(Box::new(|params| params.cores = 1)));
        assert!(edited.notices.is_empty());
        assert_eq!(edited.spec.cores, 1);
        assert!(matches!(edited.outcome, Outcome::Ready(_)));
        let same = edited.clone().reduce(LabAction::Load(query::to_query(&edited.params)));
        assert!(Rc::ptr_eq(&same, &edited), "loading the same settings keeps the state");
    }

    #[test]
    fn an_impossible_scenario_is_a_message() {
        let state = LabState::from_query("py=2.7&a=2&t=0");
        match &state.outcome {
            Outcome::Failed(message) => assert!(message.contains("asyncio tasks need Python 3.5"), "{message}"),
            Outcome::Ready(_) => panic!("asyncio on Python 2.7 ran"),
        }
        let nobody = LabState::from_query("t=0");
        assert!(
            matches!(&nobody.outcome, Outcome::Failed(message) if message.starts_with("There is nothing to run")),
            "{:?}",
            nobody.outcome
        );
    }

    #[test]
    fn a_worker_longer_than_the_cap_is_refused_without_simulating() {
        // 2 s of work at a 100 µs interval: 20,000 intervals for that worker alone.
        let state = LabState::from_query("si=100us&work=2s&t=1");
        match &state.outcome {
            Outcome::Failed(message) => {
                assert!(message.contains("at least 2.00 s"), "{message}");
                assert!(message.contains("10,000 switch intervals (10,000 × 100 µs = 1.00 s)"), "{message}");
            }
            Outcome::Ready(_) => panic!("2 s at 100 µs ran"),
        }
    }

    #[test]
    fn a_run_longer_than_the_cap_is_refused_after_simulating() {
        // Each thread alone needs 0.9 s (under the 1 s cap), but the GIL makes two take about 1.8 s.
        let state = LabState::from_query("si=100us&work=900ms&t=2&c=2");
        match &state.outcome {
            Outcome::Failed(message) => {
                assert!(message.starts_with("This scenario is too long for the page: it simulates 1.8"), "{message}")
            }
            Outcome::Ready(_) => panic!("1.8 s at 100 µs ran"),
        }
        assert!(matches!(LabState::from_query("si=100us&work=400ms&t=2&c=2").outcome, Outcome::Ready(_)));
    }

    #[test]
    fn a_run_needing_too_many_actions_is_refused_naming_the_limit() {
        // 16 threads each doing 20,000 rounds of 50 µs CPU and 50 µs I/O: far more than 100,000 actions.
        let state = LabState::from_query("t=16&si=100ms&work=2s&cpu=50&io=50us");
        match &state.outcome {
            Outcome::Failed(message) => assert!(message.contains("more than 100,000 scheduling actions"), "{message}"),
            Outcome::Ready(_) => panic!("ran"),
        }
    }
}
