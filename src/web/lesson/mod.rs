//! The lesson player and the lesson list. The lessons come from [`crate::lessons::catalog`]
//! (built in); each step's text is fetched when shown ([`text`]).
//!
//! - Pure, tested natively: [`navigation`] (routes to steps, Previous and Next), [`progress`]
//!   (steps seen and answers, in a line format), [`verdict`] (a prediction or a challenge against
//!   the metrics), [`step_state`] (a step's lab as a reducer).
//! - In the page: [`storage`] (progress in localStorage, tolerant of its absence), [`player`]
//!   (the player), [`step`] (one step), [`text`] (fetching a step's text), [`list`] (home's list).

#[cfg(test)]
mod fixtures;
pub mod list;
pub mod navigation;
pub mod player;
pub mod progress;
pub mod step;
pub mod step_state;
pub mod storage;
pub mod text;
pub mod verdict;

use std::rc::Rc;

use yew::prelude::*;

use self::navigation::locate;
use self::player::Player;
use crate::lessons::catalog;
use crate::lessons::model::Lesson;
use crate::web::app::Home;

thread_local! {
    static LESSONS: Rc<Vec<Lesson>> = Rc::new(catalog::lessons());
}

/// Every lesson, built once per page.
pub fn lessons() -> Rc<Vec<Lesson>> {
    LESSONS.with(Rc::clone)
}

#[derive(Properties, PartialEq, Clone)]
pub struct LessonRouteProps {
    pub slug: AttrValue,
    /// The step as the URL wrote it, counted from 1; empty for the first.
    #[prop_or_default]
    pub step: AttrValue,
    #[prop_or_default]
    pub query: AttrValue,
}

/// A lesson route: the player at the step it names, or the lesson list saying what was not found.
#[function_component(LessonRoute)]
pub fn lesson_route(props: &LessonRouteProps) -> Html {
    match locate(&lessons(), &props.slug, &props.step) {
        Ok(place) => html! { <Player place={place} query={props.query.clone()} /> },
        Err(missing) => html! { <Home missing={Some(AttrValue::from(missing))} /> },
    }
}
