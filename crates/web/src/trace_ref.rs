//! A simulated trace as the views share it: one allocation per simulation, compared by identity.
//! A new simulation is a new `TraceRef`, so two are equal exactly when they are the same run;
//! comparing the traces themselves (tens of thousands of spans) at every render would cost more
//! than the render it might save.

use std::ops::Deref;
use std::rc::Rc;

use gil_sim::Trace;

#[derive(Debug, Clone)]
pub struct TraceRef(Rc<Trace>);

impl TraceRef {
    pub fn new(trace: Trace) -> TraceRef {
        TraceRef(Rc::new(trace))
    }
}

impl From<Rc<Trace>> for TraceRef {
    fn from(trace: Rc<Trace>) -> TraceRef {
        TraceRef(trace)
    }
}

impl PartialEq for TraceRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for TraceRef {}

impl Deref for TraceRef {
    type Target = Trace;

    fn deref(&self) -> &Trace {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gil_sim::{simulate, Scenario, ScenarioSpec};

    fn simulated() -> Trace {
        let spec: ScenarioSpec =
            toml::from_str(include_str!("../tests/convoy-short.toml")).unwrap();
        simulate(&Scenario::from_spec(&spec).unwrap()).unwrap()
    }

    #[test]
    fn the_same_run_is_equal_and_another_run_is_not_even_when_alike() {
        let trace = TraceRef::new(simulated());
        assert_eq!(trace, trace.clone());
        let again = TraceRef::new(simulated());
        assert_eq!(again.hash(), trace.hash(), "the simulation is deterministic");
        assert_ne!(again, trace, "another simulation is another run");
    }
}
