//! Lessons as data: a lesson's steps with their scenarios, predictions and challenges
//! ([`model`]), the conditions that decide answers ([`condition`], [`measure`]), the figures of a
//! run that its words name and the metric cards they match ([`figures`], [`cards`]), the controls a
//! step opens ([`controls`]), the page's limits that lessons are checked against ([`limits`]), and
//! reading a lesson's file for the page ([`lesson_file`]).
//!
//! With the `authoring` feature (the command line, the web app's build script, the tests): reading
//! lesson files from `content/*.md` ([`format`](mod@format), [`markdown`], [`load`]; the format is in
//! `docs/writing-lessons.md`) and the glossary they link ([`glossary`]), writing each lesson's file for the page, the checks
//! every lesson must pass ([`check`]), and the validation suite that sets the simulator against
//! real CPython ([`validation`], `validation/`). The page itself is built without it, so it carries no
//! Markdown, TOML or JSON parser.

pub mod cards;
#[cfg(feature = "authoring")]
pub mod check;
pub mod condition;
pub mod controls;
pub mod figures;
#[cfg(feature = "authoring")]
pub mod format;
#[cfg(feature = "authoring")]
pub mod glossary;
pub mod lesson_file;
pub mod limits;
#[cfg(feature = "authoring")]
pub mod load;
#[cfg(feature = "authoring")]
pub mod markdown;
pub mod measure;
pub mod model;
#[cfg(feature = "authoring")]
pub mod validation;
#[cfg(feature = "authoring")]
pub mod wording;
