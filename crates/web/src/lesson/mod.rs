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

use yew::prelude::*;

use self::navigation::locate;
use self::player::LessonPlayer;
use crate::app::home;
use crate::catalog;

/// A lesson route (`step` as the URL wrote it, counted from 1, empty for the first; `query` such as
/// `embed=1`): the player at the step it names, or the lesson list saying what was not found.
/// A function rather than a component: it keeps no state, and every component costs bytes.
pub fn lesson_page(slug: &str, step: &str, query: &str) -> Html {
    match locate(catalog::lessons(), slug, step) {
        Ok(place) => html! { <LessonPlayer place={place} query={AttrValue::from(query.to_string())} /> },
        Err(missing) => home(None, Some(&missing)),
    }
}
