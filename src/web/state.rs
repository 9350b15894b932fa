//! The lab's state: its parameters, the notices about the URL they came from, the scenario they
//! make and what simulating it gave, changed only through [`LabAction`]s (Yew's `use_reducer`).

use std::rc::Rc;

use yew::Reducible;

use super::lab::query::{self, LabParams, Notice};
use super::lab::scenario;
use crate::sim::{simulate_with_limit, Scenario, ScenarioSpec, Trace};

/// The most scheduling actions one simulation in the page may take: enough for every scenario the
/// lab's defaults make, few enough that the page answers within a second or so.
pub const ACTION_LIMIT: u64 = 2_000_000;

/// What simulating a scenario gave: a trace, or a message that says what went wrong.
#[derive(Debug, Clone)]
pub enum Outcome {
    Ready(Rc<Trace>),
    Failed(String),
}

impl PartialEq for Outcome {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Outcome::Ready(a), Outcome::Ready(b)) => Rc::ptr_eq(a, b),
            (Outcome::Failed(a), Outcome::Failed(b)) => a == b,
            _ => false,
        }
    }
}

/// Checks and simulates a scenario, at most [`ACTION_LIMIT`] actions; never panics on a bad scenario.
pub fn run(spec: &ScenarioSpec) -> Outcome {
    match Scenario::from_spec(spec) {
        Err(problem) => Outcome::Failed(format!("This scenario cannot run: {problem}")),
        Ok(scenario) => match simulate_with_limit(&scenario, ACTION_LIMIT) {
            Ok(trace) => Outcome::Ready(Rc::new(trace)),
            Err(problem) => Outcome::Failed(format!("The simulation did not finish: {problem}")),
        },
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct LabState {
    pub params: LabParams,
    /// What the query string had that the lab changed or ignored.
    pub notices: Vec<Notice>,
    pub spec: ScenarioSpec,
    pub outcome: Outcome,
}

impl LabState {
    pub fn new(params: LabParams, notices: Vec<Notice>) -> LabState {
        let spec = scenario::spec(&params);
        let outcome = if spec.workers.is_empty() {
            Outcome::Failed("There is nothing to run: add a thread, a process, an asyncio task or a subinterpreter.".into())
        } else {
            run(&spec)
        };
        LabState { params, notices, spec, outcome }
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

pub enum LabAction {
    /// A control changed a parameter.
    Edit(Box<dyn FnOnce(&mut LabParams)>),
    /// The URL's query string changed (a link followed, the address edited).
    Load(String),
}

impl Reducible for LabState {
    type Action = LabAction;

    fn reduce(self: Rc<Self>, action: LabAction) -> Rc<Self> {
        let (params, notices) = match action {
            LabAction::Edit(edit) => {
                let mut params = self.params.clone();
                edit(&mut params);
                (params, Vec::new())
            }
            LabAction::Load(query) => query::parse(&query),
        };
        if params == self.params && notices == self.notices {
            return self;
        }
        if params == self.params {
            let mut same = (*self).clone();
            same.notices = notices;
            return Rc::new(same);
        }
        Rc::new(LabState::new(params, notices))
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
}
