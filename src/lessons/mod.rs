//! Lessons: read from `content/*.md` (the format is in `docs/writing-lessons.md`), checked against
//! the simulator, and built into the web app by `build.rs`, which renders their Markdown and
//! writes them as Rust ([`catalog`]), so the page carries no Markdown or TOML parser.

pub mod adjust;
pub mod catalog;
pub mod check;
pub mod condition;
pub mod controls;
pub mod format;
pub mod frozen;
pub mod load;
pub mod markdown;
pub mod measure;
pub mod model;
