//! The lessons of `content/`, as `build.rs` wrote them at build time.

use super::condition::{Clause, Comparison, Condition, Metric};
use super::controls::Control;
use super::model::{Challenge, Choice, Lesson, Prediction, Reading, Step};
use crate::sim::spec::{CostsSpec, ScenarioSpec, WorkerSpec};

/// Every lesson, in order.
pub fn lessons() -> Vec<Lesson> {
    include!(concat!(env!("OUT_DIR"), "/lessons.rs"))
}
