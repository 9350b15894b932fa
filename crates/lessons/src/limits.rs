//! What the web page offers and runs: the ranges of its controls, and the budget of one
//! simulation. Shared by the page and the lesson checks, so that a lesson that passes its checks
//! offers only what the page can show and runs in the page.

use gil_sim::time::{one_two_five, Nanos, MICROSECOND};
use gil_sim::{simulate_with_limit, Scenario, SimError, Trace};

/// The longest simulated time the page runs, in switch intervals: about one GIL hand-off per
/// interval, so this bounds the hand-offs a run records (1 s at 0.1 ms, 50 s at 5 ms).
pub const MAX_SWITCH_INTERVALS: u64 = 10_000;

/// The most scheduling actions one simulation in the page may take. An action costs 0.1–0.35 µs
/// natively and 0.1–0.55 µs in WebAssembly (release build, headless Chromium: 16 CPU-bound threads
/// at a 0.1 ms interval, the costliest per action, take 61,165 actions in 32 ms), so the largest
/// run the page allows simulates in about 55 ms, leaving the rest of the 100 ms from a control
/// change to the updated timeline for drawing it.
pub const PAGE_ACTION_LIMIT: u64 = 100_000;

/// The most cores the page's controls offer (the simulator itself takes up to
/// [`MAX_CORES`](gil_sim::scenario::MAX_CORES)).
pub const PAGE_MAX_CORES: u32 = 16;
/// The most threads, processes or subinterpreters in one group the page's controls offer.
pub const PAGE_MAX_GROUP: u32 = 16;
/// The most asyncio tasks in one group the page's controls offer: tasks are cheap, so more.
pub const PAGE_MAX_TASK_GROUP: u32 = 64;

/// The switch intervals the lab's and a lesson step's controls offer: 100 µs to 100 ms.
pub const SWITCH_INTERVALS: [Nanos; 10] = one_two_five(100 * MICROSECOND);

/// Why the page does not show a scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// It simulates more than [`MAX_SWITCH_INTERVALS`] (`at_least`: known without simulating, from
    /// its longest worker alone).
    TooLong {
        simulated: Nanos,
        at_least: bool,
    },
    /// It needs more than the action limit; `simulated` is how far it got.
    TooBig {
        simulated: Nanos,
    },
    Failed(SimError),
}

/// Simulates `scenario` within the page's budget: at most `action_limit` actions and
/// [`MAX_SWITCH_INTERVALS`] switch intervals of simulated time.
pub fn simulate_within(scenario: &Scenario, action_limit: u64) -> Result<Trace, Refusal> {
    let longest = scenario.switch_interval.saturating_mul(MAX_SWITCH_INTERVALS);
    // No run ends before its longest worker could finish alone: refuse those without simulating.
    let alone =
        scenario.workers.iter().map(|worker| worker.program.totals().alone()).max().unwrap_or(0);
    if alone > longest {
        return Err(Refusal::TooLong { simulated: alone, at_least: true });
    }
    match simulate_with_limit(scenario, action_limit) {
        Ok(trace) if trace.metrics.makespan > longest => {
            Err(Refusal::TooLong { simulated: trace.metrics.makespan, at_least: false })
        }
        Ok(trace) => Ok(trace),
        Err(SimError::TooLong { simulated, .. }) => Err(Refusal::TooBig { simulated }),
        Err(problem) => Err(Refusal::Failed(problem)),
    }
}
