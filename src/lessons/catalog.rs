//! The lessons of `content/`, as `build.rs` wrote them at build time.

use super::condition::{Clause, Comparison, Metric};
use super::frozen::{FrozenChallenge, FrozenLesson, FrozenPrediction, FrozenScenario, FrozenStep, FrozenWorker};
use super::model::Lesson;
use crate::sim::spec::CostsSpec;

static LESSONS: &[FrozenLesson] = include!(concat!(env!("OUT_DIR"), "/lessons.rs"));

/// Every lesson, in order.
pub fn lessons() -> Vec<Lesson> {
    LESSONS.iter().map(FrozenLesson::thaw).collect()
}
