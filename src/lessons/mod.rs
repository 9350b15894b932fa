//! Lessons: read from `content/*.md` (the format is in `docs/writing-lessons.md`) and checked
//! against the simulator. The web app gets an index of them built in by `build.rs` ([`catalog`])
//! and, per lesson, a JSON file ([`json`], read by [`decode`]) and HTML texts written by `gil-lab
//! export-lessons`, so the page carries no Markdown, TOML or JSON parser.

pub mod adjust;
pub mod catalog;
pub mod check;
pub mod condition;
pub mod controls;
pub mod decode;
pub mod format;
pub mod json;
pub mod load;
pub mod markdown;
pub mod measure;
pub mod model;
