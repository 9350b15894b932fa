//! A lesson's file for the page, `lessons/<slug>/lesson.json`: what the player needs of a lesson
//! beyond the lessons' index that the app has built in (slug, title, summary, number of steps).
//! `gil-lab export-lessons` writes it with [`write`](mod@write) (serde_json); the page reads it with [`read`],
//! from the value the browser's own JSON parser gives, so neither serde nor a JSON parser reaches
//! the WebAssembly.
//!
//! ```json
//! { "reading": [{ "title": "PEP 703", "url": "https://peps.python.org/pep-0703/" }],
//!   "steps": [{ "title": "Two threads",
//!               "scenario": { …ScenarioSpec's fields, as in a scenario file… },
//!               "controls": ["cores", "kind:worker"],
//!               "prediction": { "question": "How fast?",
//!                               "choices": [{ "text": "Twice as fast",
//!                                             "check": [{ "metric": "speedup", "comparison": ">", "value": 1.8 }] }] },
//!               "challenge": null,
//!               "compare_with": 2 }] }
//! ```
//!
//! A condition is a list of clauses (all must hold), each a metric's name, a comparison and a
//! number in the metric's unit (nanoseconds for durations, percent for shares). `compare_with` is
//! an earlier step of the lesson, counted from 0, whose figures the step shows beside its own, or
//! null.

pub mod read;
#[cfg(feature = "authoring")]
pub mod write;
