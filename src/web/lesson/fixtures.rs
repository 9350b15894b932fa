//! Lessons made up for the native tests, so they do not depend on what `content/` holds.

use crate::lessons::model::{Lesson, Step};
use crate::sim::ScenarioSpec;

/// A lesson of `steps` steps, each running one CPU-bound thread.
pub fn lesson(slug: &str, title: &str, steps: usize) -> Lesson {
    let scenario: ScenarioSpec = toml::from_str("[[workers]]\nkind = \"thread\"\nprogram = \"cpu 1ms\"\n").expect("a valid scenario");
    let step = Step { title: "A step".into(), scenario, controls: Vec::new(), prediction: None, challenge: None };
    Lesson { slug: slug.into(), title: title.into(), summary: String::new(), reading: Vec::new(), steps: vec![step; steps] }
}
