//! Simulating a scenario for the page: within the page's limits
//! ([`gil_lessons::limits`]), and with a refusal in words that names the limit and what to change.

use gil_lessons::figures::thousands;
use gil_lessons::limits::{simulate_within, Refusal, MAX_SWITCH_INTERVALS, PAGE_ACTION_LIMIT};
use gil_sim::time::{format_duration, Nanos};
use gil_sim::{Scenario, ScenarioSpec, MAX_ACTIONS};

use super::trace_ref::TraceRef;

/// What simulating a scenario gave: a trace, or a message that says what went wrong.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Ready(TraceRef),
    Failed(String),
}

impl Outcome {
    /// The trace, when the scenario ran.
    pub fn trace(&self) -> Option<&TraceRef> {
        match self {
            Outcome::Ready(trace) => Some(trace),
            Outcome::Failed(_) => None,
        }
    }
}

/// Checks and simulates a scenario within the page's limits ([`MAX_SWITCH_INTERVALS`] of simulated
/// time, [`PAGE_ACTION_LIMIT`] actions). Never panics.
pub fn run(spec: &ScenarioSpec) -> Outcome {
    run_with_limit(spec, PAGE_ACTION_LIMIT)
}

/// [`run`] with another action limit (a page that runs several scenarios at once shares one budget).
pub fn run_with_limit(spec: &ScenarioSpec, action_limit: u64) -> Outcome {
    let scenario = match Scenario::from_spec(spec) {
        Ok(scenario) => scenario,
        Err(problem) => return Outcome::Failed(format!("This scenario cannot run: {problem}")),
    };
    match simulate_within(&scenario, action_limit) {
        Ok(trace) => Outcome::Ready(TraceRef::new(trace)),
        Err(Refusal::TooLong { simulated, at_least }) => Outcome::Failed(too_long(simulated, at_least, scenario.switch_interval)),
        Err(Refusal::TooBig { simulated }) => Outcome::Failed(format!(
            "This scenario is too big for the page: it needs more than {} scheduling actions, the most the page \
             simulates so that it answers at once (it had reached {} of simulated time). Use fewer workers, less work per \
             worker, longer I/O waits or a longer switch interval; the command line (gil-lab run) allows {}.",
            thousands(action_limit),
            format_duration(simulated),
            thousands(MAX_ACTIONS)
        )),
        Err(Refusal::Failed(problem)) => Outcome::Failed(format!("The simulation did not finish: {problem}")),
    }
}

/// Why a scenario whose simulated time is `simulated` (or at least that) is refused.
fn too_long(simulated: Nanos, at_least: bool, switch_interval: Nanos) -> String {
    format!(
        "This scenario is too long for the page: it simulates {}{}, more than {} switch intervals \
         ({} × {} = {}). Use less work per worker, fewer workers or a longer switch interval.",
        if at_least { "at least " } else { "" },
        format_duration(simulated),
        thousands(MAX_SWITCH_INTERVALS),
        thousands(MAX_SWITCH_INTERVALS),
        format_duration(switch_interval),
        format_duration(switch_interval.saturating_mul(MAX_SWITCH_INTERVALS)),
    )
}
