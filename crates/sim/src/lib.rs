//! The simulator: pure, deterministic, and free of anything web. It owns the truth that the
//! command line, the lessons and the web app show.

pub mod chrome_trace;
pub mod costs;
pub mod deadlock;
mod engine;
pub mod increments;
pub mod lanes;
pub mod metrics;
pub mod program;
pub mod python;
pub mod scenario;
pub mod spec;
pub mod time;
pub mod trace;

pub use engine::{simulate, simulate_with_limit, SimError, MAX_ACTIONS};
pub use scenario::Scenario;
pub use spec::{ScenarioError, ScenarioSpec};
pub use trace::Trace;
