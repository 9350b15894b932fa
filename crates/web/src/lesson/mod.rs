//! The lesson player and the lesson list. The lessons' index comes from
//! [`crate::catalog`] (built in); a lesson's details are fetched when the player shows it
//! ([`details`]), each step's text at the same time ([`text`]).
//!
//! - Pure, tested natively: [`navigation`] (routes to steps, Previous and Next), [`progress`]
//!   (steps seen and answers, in a line format), [`verdict`] (a prediction or a challenge against
//!   the metrics), [`step_state`] (a step's lab as a reducer).
//! - In the page: [`storage`] (progress in localStorage, tolerant of its absence), [`fetch`]
//!   (fetching a file beside the page, with loading and Retry), [`details`] (a lesson's file, read
//!   through [`js_json`] and kept), [`player`] (the player), [`step`] (one step), [`text`] (a
//!   step's text), [`list`] (home's list).

pub mod details;
pub mod fetch;
#[cfg(test)]
mod fixtures;
pub mod js_json;
pub mod list;
pub mod navigation;
pub mod player;
pub mod progress;
pub mod step;
pub mod step_state;
pub mod storage;
pub mod text;
pub mod verdict;
