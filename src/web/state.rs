//! The page's state: the scenario being shown and what simulating it gave, changed only through
//! [`Action`]s (Yew's `use_reducer`).

use std::rc::Rc;

use yew::Reducible;

use crate::sim::spec::{CostsSpec, WorkerSpec};
use crate::sim::{simulate, Scenario, ScenarioSpec, Trace};

/// The core counts the cores control offers.
pub const CORE_CHOICES: std::ops::RangeInclusive<u32> = 1..=8;

/// The switch intervals the switch-interval control offers (CPython's default is 5ms).
pub const SWITCH_INTERVAL_CHOICES: [&str; 8] = ["500us", "1ms", "2ms", "5ms", "10ms", "20ms", "50ms", "100ms"];

/// The convoy effect: a CPU-bound thread makes an I/O-bound thread wait for the GIL after every I/O.
pub fn convoy(cores: u32, switch_interval: &str) -> ScenarioSpec {
    let thread = |name: &str, program: &str| WorkerSpec {
        kind: "thread".into(),
        name: Some(name.into()),
        count: 1,
        program: program.into(),
        start_method: None,
    };
    ScenarioSpec {
        title: "The convoy effect".into(),
        python: "3.12".into(),
        cores,
        switch_interval: switch_interval.into(),
        seed: 1,
        wake_order: "fifo".into(),
        costs: CostsSpec::default(),
        workers: vec![thread("hog", "cpu 200ms"), thread("io", "repeat 20 { io 1ms; cpu 20us }")],
    }
}

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

/// Checks and simulates a scenario; never panics on a bad scenario.
pub fn run(spec: &ScenarioSpec) -> Outcome {
    match Scenario::from_spec(spec) {
        Err(problem) => Outcome::Failed(format!("This scenario is not valid: {problem}")),
        Ok(scenario) => match simulate(&scenario) {
            Ok(trace) => Outcome::Ready(Rc::new(trace)),
            Err(problem) => Outcome::Failed(format!("The simulation did not finish: {problem}")),
        },
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Lab {
    pub spec: ScenarioSpec,
    pub outcome: Outcome,
}

impl Lab {
    pub fn new(spec: ScenarioSpec) -> Lab {
        let outcome = run(&spec);
        Lab { spec, outcome }
    }
}

impl Default for Lab {
    fn default() -> Lab {
        Lab::new(convoy(2, "5ms"))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    SetCores(u32),
    SetSwitchInterval(String),
}

impl Reducible for Lab {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut spec = self.spec.clone();
        match action {
            Action::SetCores(cores) => spec.cores = cores,
            Action::SetSwitchInterval(interval) => spec.switch_interval = interval,
        }
        if spec == self.spec {
            return self;
        }
        Rc::new(Lab::new(spec))
    }
}
